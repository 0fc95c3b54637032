//! Examen professionnel d'accès au cadre d'emplois des ingénieurs en chef territoriaux,
//! organisé par le CNFPT (décret n° 2016-200 du 26 février 2016, art. 7 ; décret n° 2016-208
//! du 26 février 2016 ; FAQ CNFPT de février 2025, FAQ CNFPT ingénieur en chef).
//!
//! Deux commandes du contrat :
//! - `examen-dossier` ([`executer_dossier`]) : recevabilité d'un dossier d'inscription
//!   (conditions d'accès, position à la clôture, pièces, délais) avec des motifs rédigés pour
//!   la lettre de rejet recommandée ;
//! - `examen-resultats` ([`executer_resultats`]) : admissibilité, admission, classement et
//!   liste d'aptitude nationale, après validation du jury et du nombre de postes.

mod dossier;
mod resultats;

pub use dossier::{
    DecisionDossier, DemandeDossier, LectureVoie, PieceDeposee, PieceExaminee, ReponseDossier,
    TypePiece, condition_article_7, executer_dossier, position_a_la_cloture,
};
pub use resultats::{
    Candidat, CandidatEvalue, Coefficients, DemandeResultats, InscriptionListe, LigneClassement,
    MembreJury, QualiteMembreJury, ReponseResultats, executer_resultats, liste_alphabetique,
};

/// Grade d'accès du cadre d'emplois des ingénieurs en chef (code du catalogue).
pub const CIBLE: &str = "ingenieur_en_chef";

/// Cadre d'emplois dont les membres peuvent se présenter (décret 2016-200 art. 7).
pub const CADRE_ORIGINE: &str = "ingenieurs_territoriaux";

/// Référence de la FAQ du CNFPT (FAQ CNFPT ingénieur en chef) sous le nom commun des sources
/// (docs/sources.md) : « FAQ CNFPT ingénieur en chef Q21 ».
pub(crate) fn faq(questions: &str) -> String {
    format!("FAQ CNFPT ingénieur en chef {questions}")
}

/// Mention ajoutée à toute règle fondée sur un fait non vérifié sur le texte en vigueur.
pub(crate) const NON_VERIFIEE: &str = "règle non vérifiée sur le texte en vigueur";
