//! Décompte des services effectifs.

use crate::erreur::ErreurEntree;

pub type DemandeServices = serde_json::Value;
pub type ReponseServices = serde_json::Value;

pub fn executer(_e: DemandeServices) -> Result<ReponseServices, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}
