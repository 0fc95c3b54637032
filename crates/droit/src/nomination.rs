//! Règles de nomination depuis une liste d'aptitude.

use crate::erreur::ErreurEntree;

pub type DemandeNomination = serde_json::Value;
pub type ReponseNomination = serde_json::Value;

pub fn executer(_e: DemandeNomination) -> Result<ReponseNomination, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}
