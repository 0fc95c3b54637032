//! Quotas de promotion interne.

use crate::erreur::ErreurEntree;

pub type DemandeQuota = serde_json::Value;
pub type ReponseQuota = serde_json::Value;

pub fn executer(_e: DemandeQuota) -> Result<ReponseQuota, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}
