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
/// Plafond des postes de l'examen professionnel d'ingénieur en chef : 70 % des admis au
/// concours de la session précédente (seed 000 Q25 ; décret 2016-208).
pub fn plafond_examen_ingenieur_en_chef(admis_concours_session_precedente: u32) -> u32 {
    // « ne peut excéder 70 % » : arrondi à l'entier inférieur.
    admis_concours_session_precedente * 7 / 10
}
