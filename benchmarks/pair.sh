#!/usr/bin/env bash
# Comparaison avec un modèle pair écrit pour OpenFisca (hors du dépôt) : même population
# générée, même règle (ingénieur au choix depuis technicien principal de 1re classe, liste
# 2026), même exécution. Objectif (issue 16) : un fil ≥ 10 fois plus rapide que le pair,
# deux fils ≥ 20 fois. La condition de formation, que le pair ne décrit pas, est neutralisée
# des deux côtés (formations ignorées).
#
# Le modèle pair et son environnement Python ne font pas partie du dépôt ; on les désigne :
#   PAIR_OPENFISCA  dossier du modèle (run_openfisca.py, passerelle_openfisca.py, parametres/)
#   PAIR_PYTHON     interpréteur Python d'un environnement où ses dépendances sont installées
#
#   PAIR_OPENFISCA=/chemin/pair-openfisca PAIR_PYTHON=/chemin/venv/bin/python benchmarks/pair.sh
#   AGENTS=200000 GRAINE=11 ANNEE=2026 REPETITIONS=10 benchmarks/pair.sh
source "$(dirname "$0")/commun.sh"
AGENTS="${AGENTS:-200000}"
GRAINE="${GRAINE:-11}"
ANNEE="${ANNEE:-2026}"
REPETITIONS="${REPETITIONS:-10}"
: "${PAIR_OPENFISCA:?indiquez le dossier du modèle OpenFisca (PAIR_OPENFISCA)}"
: "${PAIR_PYTHON:?indiquez le Python de son environnement (PAIR_PYTHON)}"

[ -n "${SANS_COMPILATION:-}" ] || construire
B="$PASSERELLE"
TRAVAIL="$(mktemp -d)"
trap 'rm -rf "$TRAVAIL"' EXIT
"$B" generer --agents "$AGENTS" --graine "$GRAINE" --sortie "$TRAVAIL/pop" >&2

SORTIE="$(fichier_resultat pair)"
{
    entete "Comparaison avec le modèle OpenFisca : $AGENTS agents (graine $GRAINE), ingénieur au choix, liste $ANNEE"
    echo "## pair (OpenFisca), $REPETITIONS répétitions, chargement exclu"
    (cd "$PAIR_OPENFISCA" && PASSERELLE_RACINE="$RACINE" "$PAIR_PYTHON" run_openfisca.py \
        "$TRAVAIL/pop" "$ANNEE" "$REPETITIONS" "$TRAVAIL/pair.csv")
    for fils in 1 2; do
        echo "## Passerelle, chemin par lot, $fils fil(s), $REPETITIONS répétitions, chargement exclu"
        "$B" bench moteur --depuis "$TRAVAIL/pop" --sans-formations --annee "$ANNEE" \
            --cible ingenieur --voie choix --lot --sans-projection --fils "$fils" \
            --repetitions "$REPETITIONS" --comparer "$TRAVAIL/pair.csv" 2>/dev/null
    done
    echo "charge moyenne après mesure : $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1 | tee "$SORTIE"
echo "Résultat enregistré dans $SORTIE" >&2
