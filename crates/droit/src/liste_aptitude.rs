//! Vie de la liste d'aptitude.

use crate::erreur::ErreurEntree;

pub type DemandeListeAptitude = serde_json::Value;
pub type ReponseListeAptitude = serde_json::Value;

pub fn executer(_e: DemandeListeAptitude) -> Result<ReponseListeAptitude, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}
