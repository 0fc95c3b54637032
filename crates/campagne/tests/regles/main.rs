//! Règles de la campagne : un module par famille (calendrier, droits, déclarations, quotas,
//! instruction, dossier, classement et liste, codes anonymes). Chaque valeur attendue dit
//! d'où elle vient.

mod anonymat;
mod calendrier;
mod classement;
mod declaration;
mod dossier;
mod droits;
mod instruction;
mod quotas;

use droit::ldg::{GrilleLdg, lire_grille};

/// Grille d'exemple du dépôt (`grilles/`).
pub fn grille_du_depot(nom: &str) -> GrilleLdg {
    let chemin = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../grilles")
        .join(nom);
    lire_grille(&std::fs::read_to_string(chemin).unwrap()).unwrap()
}

pub fn date(s: &str) -> jiff::civil::Date {
    s.parse().unwrap()
}
