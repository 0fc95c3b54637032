#!/usr/bin/env bash
# Mesure du moteur : toutes les voies évaluées pour N agents déjà en mémoire, sur tous les
# cœurs. Objectif (issue 7) : 1,96 million d'agents en moins de 5 s sur 2 cœurs, moins de
# 4 Go de mémoire de pointe.
#
#   benchmarks/moteur.sh                  # 1 960 000 agents, graine 1, liste 2026
#   AGENTS=150000 benchmarks/moteur.sh
#   LOT=1 benchmarks/moteur.sh            # chemin par lot (droit::lot), première année comprise
#   LOT=1 ANNEE_SEULE=1 benchmarks/moteur.sh
#   VERDICTS=1 benchmarks/moteur.sh       # verdicts seuls agent par agent, sans explications
#   ANNEE_SEULE=1 benchmarks/moteur.sh    # éligibilité de l'année seule, sans projection
#   FILS=1 REPETITIONS=3 LOT=1 benchmarks/moteur.sh
source "$(dirname "$0")/commun.sh"
AGENTS="${AGENTS:-1960000}"
GRAINE="${GRAINE:-1}"
ANNEE="${ANNEE:-2026}"
MODE=()
if [ -n "${LOT:-}" ]; then MODE+=(--lot); elif [ -n "${VERDICTS:-}" ]; then MODE+=(--verdicts); fi
if [ -n "${ANNEE_SEULE:-}" ]; then MODE+=(--sans-projection); fi
if [ -n "${FILS:-}" ]; then MODE+=(--fils "$FILS"); fi
MODE+=(--repetitions "${REPETITIONS:-1}")

construire
SORTIE="$(fichier_resultat "moteur${LOT:+-lot}${VERDICTS:+-verdicts}${ANNEE_SEULE:+-annee-seule}")"
{
    entete "Moteur : $AGENTS agents, graine $GRAINE, liste $ANNEE ${MODE[*]}"
    "$PASSERELLE" bench moteur --agents "$AGENTS" --graine "$GRAINE" --annee "$ANNEE" "${MODE[@]}"
} | tee "$SORTIE"
echo "Résultat enregistré dans $SORTIE" >&2
