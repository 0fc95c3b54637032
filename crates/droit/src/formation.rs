//! Obligations de formation de professionnalisation (décret 2008-512).

use crate::erreur::ErreurEntree;

pub type DemandeFormation = serde_json::Value;
pub type ReponseFormation = serde_json::Value;

pub fn executer(_e: DemandeFormation) -> Result<ReponseFormation, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}
