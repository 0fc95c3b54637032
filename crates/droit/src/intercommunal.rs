//! Autorité compétente pour un agent intercommunal (décret 91-298 art. 14).

use crate::erreur::ErreurEntree;

pub type DemandeIntercommunal = serde_json::Value;
pub type ReponseIntercommunal = serde_json::Value;

pub fn executer(_e: DemandeIntercommunal) -> Result<ReponseIntercommunal, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}
