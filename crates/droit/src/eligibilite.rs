//! Éligibilité aux voies de promotion interne.

use crate::erreur::ErreurEntree;

pub type DemandeEligibilite = serde_json::Value;
pub type ReponseEligibilite = serde_json::Value;

pub fn executer(_e: DemandeEligibilite) -> Result<ReponseEligibilite, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}

pub fn en_texte(r: &ReponseEligibilite) -> String {
    r.to_string()
}
