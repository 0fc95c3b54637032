#!/usr/bin/env bash
# Mesure de l'import : un centre de gestion de 150 000 agents chargé dans SQLite.
# Objectif (issue 7) : moins de 30 s. Le second import (idempotent) est mesuré aussi.
#
#   benchmarks/import.sh
#   AGENTS=150000 GRAINE=1 benchmarks/import.sh
#   DATABASE_URL=sqlite:/chemin/base.sqlite benchmarks/import.sh
source "$(dirname "$0")/commun.sh"
AGENTS="${AGENTS:-150000}"
GRAINE="${GRAINE:-1}"

construire
exige_sous_commande import

TRAVAIL="$(mktemp -d)"
trap 'rm -rf "$TRAVAIL"' EXIT
DONNEES="$TRAVAIL/csv"
BASE="${DATABASE_URL:-sqlite:$TRAVAIL/import.db}"

SORTIE="$(fichier_resultat import)"
{
    entete "Import : centre de gestion de $AGENTS agents (graine $GRAINE) dans $BASE"
    "$PASSERELLE" generer --agents "$AGENTS" --graine "$GRAINE" --sortie "$DONNEES"
    du -sh "$DONNEES" | awk '{print "taille des fichiers : " $1}'
    for passage in premier second; do
        debut=$(date +%s.%N)
        /usr/bin/time -f "mémoire de pointe : %M kio ; temps processeur : %U s utilisateur, %S s système" \
            "$PASSERELLE" import "$DONNEES" --database-url "$BASE"
        fin=$(date +%s.%N)
        awk -v d="$debut" -v f="$fin" -v p="$passage" -v n="$AGENTS" \
            'BEGIN { s = f - d; printf "%s import : %.2f s, soit %d agents/s\n", p, s, n / s }'
    done
} 2>&1 | tee >(tr '\r' '\n' | grep -v -e 'Agents traités' -e 'agents écrits (' > "$SORTIE")
echo "Résultat enregistré dans $SORTIE" >&2
