# Fonctions communes aux scripts de mesure (à sourcer).
set -euo pipefail

RACINE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTATS="$RACINE/benchmarks/resultats"
# Binaire de mesure : celui de `cargo build --release`, dans CARGO_TARGET_DIR s'il est posé.
PASSERELLE="${CARGO_TARGET_DIR:-$RACINE/target}/release/passerelle"
mkdir -p "$RESULTATS"

# Fichier de résultat horodaté : benchmarks/resultats/<nom>-AAAAMMJJ-HHMMSS.txt
fichier_resultat() {
    echo "$RESULTATS/$1-$(date -u +%Y%m%d-%H%M%S).txt"
}

# En-tête commun : date, machine, charge, révision.
entete() {
    echo "# $1"
    echo "date (UTC) : $(date -u '+%d/%m/%Y %H:%M')"
    echo "machine : $(nproc) cœurs, $(awk '/MemTotal/ {printf "%.1f Go", $2/1048576}' /proc/meminfo), $(uname -sr)"
    echo "charge moyenne avant mesure : $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "révision : $(git -C "$RACINE" rev-parse --short HEAD 2>/dev/null || echo inconnue)"
}

# Vérifie qu'une sous-commande existe dans le binaire passerelle.
exige_sous_commande() {
    if ! "$PASSERELLE" "$1" --help </dev/null >/dev/null 2>&1; then
        echo "La sous-commande « passerelle $1 » n'est pas disponible dans cette version : mesure impossible." >&2
        exit 3
    fi
}

# Construit le binaire de mesure depuis la racine du dépôt (la configuration de cargo,
# `.cargo/config.toml`, s'applique selon le dossier courant).
construire() {
    (cd "$RACINE" && cargo build --release -p passerelle)
}
