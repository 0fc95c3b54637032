#!/usr/bin/env bash
# Mesure de charge du serveur (issue 14), sur un centre de gestion généré :
#   1. `POST /api/v1/eligibilite` à environ 500 requêtes/s : objectif p99 sous 20 ms ;
#   2. 200 chargements simultanés et continus de la page d'une collectivité (la plus grande
#      de la population, pages de 50 agents tirées au hasard, session ouverte) : objectif
#      p99 sous 1 s ;
#   3. mémoire du serveur (RSS lu dans /proc) revenue sous 300 Mo après la charge.
# La charge est envoyée par wrk (apt-get install wrk) depuis un second processus, sur
# 127.0.0.1 uniquement, bornée en durée (DUREE par phase).
#
#   benchmarks/charge.sh
#   AGENTS=150000 DEBIT=500 DUREE=30s CONCURRENCE=200 benchmarks/charge.sh
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/charge benchmarks/charge.sh   # base vide
source "$(dirname "$0")/commun.sh"
AGENTS="${AGENTS:-150000}"
GRAINE="${GRAINE:-1}"
DEBIT="${DEBIT:-500}"
DUREE="${DUREE:-30s}"
CONNEXIONS="${CONNEXIONS:-40}"
CONCURRENCE="${CONCURRENCE:-200}"
PORT="${PORT:-18090}"
ADRESSE="127.0.0.1:$PORT"
MOT_DE_PASSE="mot de passe de la mesure de charge"

if ! command -v wrk >/dev/null 2>&1; then
    echo "wrk est absent : installez-le (apt-get install wrk)." >&2
    exit 3
fi

construire
exige_sous_commande serve

TRAVAIL="$(mktemp -d)"
SERVEUR=""
arreter() {
    if [ -n "$SERVEUR" ]; then kill "$SERVEUR" 2>/dev/null || true; wait "$SERVEUR" 2>/dev/null || true; fi
    rm -rf "$TRAVAIL"
}
trap arreter EXIT
BASE="${DATABASE_URL:-sqlite:$TRAVAIL/charge.sqlite}"

echo "Population de $AGENTS agents (graine $GRAINE), import dans $BASE…" >&2
"$PASSERELLE" generer --agents "$AGENTS" --graine "$GRAINE" --sortie "$TRAVAIL/csv" 2>/dev/null
"$PASSERELLE" import "$TRAVAIL/csv" --database-url "$BASE" 2>/dev/null >/dev/null
echo "$MOT_DE_PASSE" | "$PASSERELLE" utilisateur ajouter --identifiant charge --role gestionnaire \
    --database-url "$BASE" >/dev/null
# La plus grande collectivité : celle qui a le plus de lignes dans agents.csv.
read -r COLLECTIVITE NOMBRE < <(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "code_collectivite") c = i; next }
    { n[$c]++ } END { for (k in n) if (n[k] > m) { m = n[k]; b = k }; print b, m }' "$TRAVAIL/csv/agents.csv")
PAGES=$(( (NOMBRE + 49) / 50 ))

"$PASSERELLE" serve --adresse "$ADRESSE" --database-url "$BASE" > "$TRAVAIL/serveur.log" 2>&1 &
SERVEUR=$!
for _ in $(seq 1 100); do
    if curl -fsS "http://$ADRESSE/healthz" >/dev/null 2>&1; then break; fi
    sleep 0.2
done
curl -fsS "http://$ADRESSE/healthz" >/dev/null || { echo "Le serveur ne répond pas." >&2; cat "$TRAVAIL/serveur.log" >&2; exit 1; }

"$PASSERELLE" bench corps --graine 1 --annee 2026 > "$TRAVAIL/corps.json"
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
    --data-binary @"$TRAVAIL/corps.json" "http://$ADRESSE/api/v1/eligibilite")
[ "$code" = 200 ] || { echo "POST /api/v1/eligibilite répond $code : mesure sans objet." >&2; exit 1; }
curl -s -c "$TRAVAIL/cookies" -o /dev/null -H 'content-type: application/json' \
    --data "{\"identifiant\": \"charge\", \"mot_de_passe\": \"$MOT_DE_PASSE\"}" "http://$ADRESSE/api/v1/session"
SESSION=$(awk '$6 == "passerelle_session" { print $7 }' "$TRAVAIL/cookies")
[ -n "$SESSION" ] || { echo "Connexion impossible : mesure sans objet." >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: passerelle_session=$SESSION" \
    "http://$ADRESSE/collectivites/$COLLECTIVITE?page=$PAGES")
[ "$code" = 200 ] || { echo "La page de la collectivité répond $code : mesure sans objet." >&2; exit 1; }

rss() { awk '/VmRSS/ { printf "%.0f Mo", $2 / 1024 }' "/proc/$SERVEUR/status"; }
export CHARGE_LUA="$RACINE/benchmarks/charge"

SORTIE="$(fichier_resultat charge)"
{
    entete "Charge : $AGENTS agents (graine $GRAINE), base $(echo "$BASE" | sed 's/:.*//')"
    echo "serveur : mémoire (RSS) au repos après import et connexion : $(rss)"
    echo
    echo "## 1. Éligibilité : environ $DEBIT req/s pendant $DUREE, $CONNEXIONS connexions, corps de $(wc -c < "$TRAVAIL/corps.json") octets"
    # Intervalle raccourci de 5 % : la latence de chaque réponse s'y ajoute.
    CORPS="$TRAVAIL/corps.json" INTERVALLE_MS=$(( CONNEXIONS * 950 / DEBIT )) \
        wrk -t2 -c"$CONNEXIONS" -d"$DUREE" --timeout 10s -s "$CHARGE_LUA/eligibilite.lua" \
        "http://$ADRESSE/api/v1/eligibilite"
    echo "serveur : RSS $(rss)"
    echo
    echo "## 2. Pages : $CONCURRENCE chargements simultanés pendant $DUREE, collectivité $COLLECTIVITE ($NOMBRE agents, $PAGES pages de 50)"
    COOKIE="passerelle_session=$SESSION" CHEMIN="/collectivites/$COLLECTIVITE" PAGES="$PAGES" \
        wrk -t2 -c"$CONCURRENCE" -d"$DUREE" --timeout 10s -s "$CHARGE_LUA/pages.lua" \
        "http://$ADRESSE"
    echo "serveur : RSS $(rss)"
    sleep 10
    echo
    echo "## 3. Mémoire du serveur 10 s après la charge : RSS $(rss) ; pointe $(awk '/VmHWM/ { printf "%.0f Mo", $2 / 1024 }' "/proc/$SERVEUR/status")"
    echo "santé : $(curl -s -o /dev/null -w '%{http_code} en %{time_total} s' "http://$ADRESSE/healthz")"
} 2>&1 | tee "$SORTIE"
echo "Résultat enregistré dans $SORTIE" >&2
