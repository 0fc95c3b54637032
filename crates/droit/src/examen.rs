//! Examen professionnel d'ingénieur en chef territorial (décret 2016-208).

use crate::erreur::ErreurEntree;

pub type DemandeDossier = serde_json::Value;
pub type ReponseDossier = serde_json::Value;

pub fn executer_dossier(_e: DemandeDossier) -> Result<ReponseDossier, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}

pub type DemandeResultats = serde_json::Value;
pub type ReponseResultats = serde_json::Value;

pub fn executer_resultats(_e: DemandeResultats) -> Result<ReponseResultats, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}
