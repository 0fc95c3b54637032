//! Campagne de promotion interne, règles pures : grille des lignes directrices de gestion
//! (validation, cotation), grilles d'exemple du dépôt, recevabilité, classement et départage,
//! indicateurs. Un module par famille de règles ; chaque valeur attendue dit d'où elle vient.

mod classement;
mod cotation;
mod grille;
mod grilles_exemples;
mod indicateurs;
mod recevabilite;

use droit::carriere::Agent;
use droit::ldg::{GrilleLdg, lire_grille};
use serde_json::{Value, json};

/// Une carrière décrite en JSON (format du contrat v1), validée.
pub fn agent(v: Value) -> Agent {
    let a: Agent = serde_json::from_value(v).expect("carrière conforme au contrat");
    a.valider("/agent").expect("carrière valide");
    a
}

/// Une période d'activité de titulaire (ou stagiaire) dans la territoriale.
pub fn periode(debut: &str, fin: Option<&str>, grade: &str, statut: &str) -> Value {
    json!({"debut": debut, "fin": fin, "versant": "territoriale", "statut": statut,
           "grade": grade, "position": "activite"})
}

/// Grille d'exemple livrée dans le dépôt (`grilles/`).
pub fn grille_du_depot(nom: &str) -> GrilleLdg {
    let chemin = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../grilles")
        .join(nom);
    let texte = std::fs::read_to_string(&chemin)
        .unwrap_or_else(|e| panic!("lecture de {} : {e}", chemin.display()));
    lire_grille(&texte).unwrap_or_else(|e| panic!("{nom} invalide : {:#?}", e.erreurs))
}

/// Grille minimale à un critère, pour les tests d'un mode.
pub fn grille_un_critere(critere: Value) -> GrilleLdg {
    lire_grille(&json!({"libelle": "Test", "criteres": [critere]}).to_string())
        .unwrap_or_else(|e| panic!("grille invalide : {:#?}", e.erreurs))
}
