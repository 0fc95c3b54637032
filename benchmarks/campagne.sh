#!/usr/bin/env bash
# Mesures de la campagne (issue 11), sur un centre de gestion généré de 150 000 agents
# répartis entre 300 collectivités :
# - promouvables de tout le centre de gestion pour l'année de la campagne (premier appel du
#   tableau de bord, qui les calcule toutes) : objectif moins de 10 s sur 2 cœurs ;
# - page des promouvables d'une collectivité (la plus grande) : objectif p95 sous 200 ms,
#   pour la page HTML de l'employeur et pour l'API paginée ;
# - import PostgreSQL du même centre de gestion, si DATABASE_URL_PG est posée (une base
#   `passerelle_mesure_<pid>` y est créée puis supprimée) : objectif moins de 60 s.
#
#   benchmarks/campagne.sh
#   AGENTS=150000 COLLECTIVITES=300 GRAINE=1 REQUETES=200 benchmarks/campagne.sh
#   DATABASE_URL_PG=postgres://postgres@127.0.0.1:5432/postgres benchmarks/campagne.sh
source "$(dirname "$0")/commun.sh"
AGENTS="${AGENTS:-150000}"
COLLECTIVITES="${COLLECTIVITES:-300}"
GRAINE="${GRAINE:-1}"
ANNEE="${ANNEE:-2027}"
REQUETES="${REQUETES:-200}"
PORT="${PORT:-18091}"
ADRESSE="127.0.0.1:$PORT"
BINAIRE="$PASSERELLE"
MOT_DE_PASSE="mot de passe de la mesure"

construire
exige_sous_commande serve

TRAVAIL="$(mktemp -d)"
SERVEUR=""
BASE_PG=""
arreter() {
    if [ -n "$SERVEUR" ]; then kill "$SERVEUR" 2>/dev/null || true; wait "$SERVEUR" 2>/dev/null || true; fi
    if [ -n "$BASE_PG" ]; then psql -q "$DATABASE_URL_PG" -c "DROP DATABASE IF EXISTS $BASE_PG" || true; fi
    rm -rf "$TRAVAIL"
}
trap arreter EXIT

# Temps processeur (utilisateur + système) du serveur, en secondes.
processeur() {
    awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$SERVEUR/stat"
}

# Percentiles d'une liste de durées (secondes, une par ligne) : p50, p95, max en ms.
percentiles() {
    sort -n | awk '{ v[NR] = $1 } END {
        i50 = int(NR * 0.50); if (i50 < 1) i50 = 1;
        i95 = int(NR * 0.95 + 0.999); if (i95 > NR) i95 = NR;
        printf "%d requêtes : p50 %.1f ms, p95 %.1f ms, max %.1f ms\n", NR, v[i50] * 1000, v[i95] * 1000, v[NR] * 1000 }'
}

SORTIE="$(fichier_resultat campagne)"
{
    # Ce bloc tourne dans un sous-processus (tube vers tee) : le serveur et la base qu'il
    # crée y sont connus, c'est donc lui qui les arrête et les supprime en sortant.
    trap arreter EXIT
    entete "Campagne : centre de gestion de $AGENTS agents et $COLLECTIVITES collectivités (graine $GRAINE), liste $ANNEE"
    "$BINAIRE" generer --agents "$AGENTS" --collectivites "$COLLECTIVITES" --graine "$GRAINE" \
        --sortie "$TRAVAIL/csv" 2>/dev/null
    echo "collectivités : $(($(wc -l < "$TRAVAIL/csv/collectivites.csv") - 1))"
    BASE="sqlite:$TRAVAIL/campagne.sqlite"
    debut=$(date +%s.%N)
    "$BINAIRE" import "$TRAVAIL/csv" --database-url "$BASE" 2>/dev/null | tail -1
    fin=$(date +%s.%N)
    awk -v d="$debut" -v f="$fin" 'BEGIN { printf "import SQLite : %.2f s\n", f - d }'
    if [ -n "${DATABASE_URL_PG:-}" ]; then
        BASE_PG="passerelle_mesure_$$"
        psql -q "$DATABASE_URL_PG" -c "CREATE DATABASE $BASE_PG"
        URL_PG="${DATABASE_URL_PG%/*}/$BASE_PG"
        debut=$(date +%s.%N)
        /usr/bin/time -f "import PostgreSQL : mémoire de pointe %M kio ; processeur du client %U s utilisateur, %S s système" \
            "$BINAIRE" import "$TRAVAIL/csv" --database-url "$URL_PG" 2>&1 >/dev/null | grep -v -e 'Agents' -e 'agents écrits' | tail -1
        fin=$(date +%s.%N)
        awk -v d="$debut" -v f="$fin" 'BEGIN { printf "import PostgreSQL : %.2f s (objectif : moins de 60 s)\n", f - d }'
    fi

    printf '%s\n' "$MOT_DE_PASSE" | "$BINAIRE" utilisateur ajouter --identifiant mesure \
        --role gestionnaire --database-url "$BASE" >/dev/null
    "$BINAIRE" serve --adresse "$ADRESSE" --annee "$ANNEE" --database-url "$BASE" \
        > "$TRAVAIL/serveur.log" 2>&1 &
    SERVEUR=$!
    for _ in $(seq 1 100); do
        if curl -fsS "http://$ADRESSE/healthz" >/dev/null 2>&1; then break; fi
        sleep 0.2
    done
    JAR="$TRAVAIL/cookies"
    curl -fsS -c "$JAR" -H 'content-type: application/json' -o /dev/null \
        -d "{\"identifiant\": \"mesure\", \"mot_de_passe\": \"$MOT_DE_PASSE\"}" \
        "http://$ADRESSE/api/v1/session"
    curl -fsS -b "$JAR" -H 'content-type: application/json' -o /dev/null \
        -d "{\"annee\": $ANNEE, \"depot_ouverture\": \"$((ANNEE - 1))-11-02\", \"depot_cloture\": \"$((ANNEE - 1))-12-18\", \"date_effet_liste\": \"$ANNEE-03-01\"}" \
        "http://$ADRESSE/api/v1/campagnes"

    # Promouvables de tout le centre de gestion : le premier tableau de bord les calcule.
    avant=$(processeur)
    duree=$(curl -fsS -b "$JAR" -o "$TRAVAIL/tableau.json" -w '%{time_total}' \
        "http://$ADRESSE/api/v1/campagnes/$ANNEE/tableau-de-bord")
    apres=$(processeur)
    total=$(curl -fsS -b "$JAR" "http://$ADRESSE/api/v1/campagnes/$ANNEE/promouvables?par_page=1" \
        | grep -o '"total": *[0-9]*' | grep -o '[0-9]*$')
    awk -v d="$duree" -v a="$avant" -v b="$apres" -v n="$total" 'BEGIN {
        printf "promouvables de tout le centre de gestion (calcul, premier tableau de bord) : %.2f s écoulées, %.2f s de processeur du serveur ; %d lignes (agent, grade, voie) (objectif : moins de 10 s)\n", d, b - a, n }'
    duree=$(curl -fsS -b "$JAR" -o /dev/null -w '%{time_total}' \
        "http://$ADRESSE/api/v1/campagnes/$ANNEE/tableau-de-bord")
    echo "tableau de bord suivant (promouvables déjà calculés) : $(awk -v d="$duree" 'BEGIN { printf "%.3f", d }') s"

    # La plus grande collectivité.
    CODE=$(awk -F';' 'NR > 1 { n[$2]++ } END { for (c in n) print n[c], c }' "$TRAVAIL/csv/agents.csv" \
        | sort -rn | head -1 | awk '{ print $2 }')
    NOMBRE=$(awk -F';' -v c="$CODE" 'NR > 1 && $2 == c' "$TRAVAIL/csv/agents.csv" | wc -l)
    echo "collectivité mesurée : $CODE ($NOMBRE agents)"
    for chemin in "/campagnes/$ANNEE/collectivites/$CODE" \
        "/api/v1/campagnes/$ANNEE/promouvables?collectivite=$CODE&page=1&par_page=50"; do
        statut=$(curl -s -b "$JAR" -o /dev/null -w '%{http_code}' "http://$ADRESSE$chemin")
        [ "$statut" = 200 ] || { echo "$chemin répond $statut : mesure sans objet." >&2; exit 1; }
        echo "GET $chemin (séquentiel, objectif p95 sous 200 ms) :"
        for _ in $(seq 1 "$REQUETES"); do
            curl -s -b "$JAR" -o /dev/null -w '%{time_total}\n' "http://$ADRESSE$chemin"
        done | percentiles
    done
    echo "mémoire de pointe du serveur : $(awk '/VmHWM/ {print $2, $3}' /proc/"$SERVEUR"/status)"
} 2>&1 | tee "$SORTIE"
echo "Résultat enregistré dans $SORTIE" >&2
