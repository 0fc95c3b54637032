#!/usr/bin/env bash
# Mesure HTTP : `POST /api/v1/eligibilite` sous charge à débit fixe, depuis un second
# processus (oha), sur 127.0.0.1 uniquement. Objectif (issue 7) : p99 sous 20 ms à 500
# requêtes par seconde. Charge bornée en durée (DUREE) et donc en nombre (DEBIT × DUREE).
#
#   benchmarks/http.sh                         # 500 req/s pendant 30 s
#   DEBIT=1000 DUREE=20s benchmarks/http.sh
source "$(dirname "$0")/commun.sh"
DEBIT="${DEBIT:-500}"
DUREE="${DUREE:-30s}"
CONNEXIONS="${CONNEXIONS:-32}"
PORT="${PORT:-18089}"
ADRESSE="127.0.0.1:$PORT"

if ! command -v oha >/dev/null 2>&1; then
    echo "oha est absent : installation depuis crates.io (cargo install oha --locked)." >&2
    cargo install oha --locked
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

# Corps de requête : la carrière générée la plus chargée parmi 1 000 agents.
"$PASSERELLE" bench corps --graine 1 --annee 2026 > "$TRAVAIL/corps.json"

"$PASSERELLE" serve --adresse "$ADRESSE" \
    --database-url "sqlite:$TRAVAIL/http.sqlite" > "$TRAVAIL/serveur.log" 2>&1 &
SERVEUR=$!
for _ in $(seq 1 100); do
    if curl -fsS "http://$ADRESSE/healthz" >/dev/null 2>&1; then break; fi
    sleep 0.2
done
curl -fsS "http://$ADRESSE/healthz" >/dev/null || { echo "Le serveur ne répond pas." >&2; cat "$TRAVAIL/serveur.log" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
    --data-binary @"$TRAVAIL/corps.json" "http://$ADRESSE/api/v1/eligibilite")
if [ "$code" != 200 ]; then
    echo "POST /api/v1/eligibilite répond $code au lieu de 200 : mesure sans objet." >&2
    exit 1
fi

SORTIE="$(fichier_resultat http)"
{
    entete "HTTP : POST /api/v1/eligibilite à $DEBIT req/s pendant $DUREE, $CONNEXIONS connexions"
    echo "corps : $(wc -c < "$TRAVAIL/corps.json") octets"
    # --latency-correction : les latences comptent depuis l'instant prévu d'envoi (pas de
    # biais d'omission coordonnée quand le serveur prend du retard).
    oha --no-tui -q "$DEBIT" -z "$DUREE" -c "$CONNEXIONS" --latency-correction \
        -m POST -T application/json -D "$TRAVAIL/corps.json" \
        "http://$ADRESSE/api/v1/eligibilite"
    echo "mémoire de pointe du serveur : $(awk '/VmHWM/ {print $2, $3}' /proc/"$SERVEUR"/status)"
} 2>&1 | tee "$SORTIE"
echo "Résultat enregistré dans $SORTIE" >&2
