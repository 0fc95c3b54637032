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
/// Condition « obligations de formation à jour » pour l'inscription sur une liste d'aptitude
/// de l'année `annee` (décret 2008-512 art. 16) ; `satisfaite: null` si non évaluable.
pub fn condition_liste_aptitude(
    agent: &crate::carriere::Agent,
    annee: i32,
) -> crate::resultat::Condition {
    let _ = (agent, annee);
    crate::resultat::Condition {
        code: "formation_professionnalisation".into(),
        libelle: "Obligations de formation de professionnalisation".into(),
        satisfaite: None,
        reference: "Décret n° 2008-512 du 29 mai 2008, art. 16".into(),
        requis: "Attestations pour les périodes révolues".into(),
        constate: "Non évalué".into(),
        verifie: true,
    }
}
