//! Pièces justificatives d'un dossier de promotion interne (contrat v2, « Proposals and
//! dossiers »).
//!
//! Les pièces sont jointes impérativement à l'envoi du dossier ; leur défaut entraîne
//! l'absence d'attribution des points correspondants (guide CDG Martinique §II.B), et aucun
//! dossier n'est accepté sans les attestations de formation du CNFPT (guide CDG Martinique
//! §I.E ; décret n° 2008-512 art. 16).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Type d'une pièce justificative.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum TypePiece {
    /// Compte rendu d'entretien professionnel.
    Crep,
    FichePoste,
    Organigramme,
    /// Arrêté de nomination (stagiaire ou titulaire) dans la catégorie actuelle.
    ArreteNomination,
    /// Attestations (ou dispenses) du CNFPT pour les obligations de formation.
    AttestationFormationCnfpt,
    /// Attestation de réussite à un examen professionnel.
    AttestationExamen,
    Diplome,
    /// Attestations de formations suivies hors obligations statutaires.
    AttestationsFormations,
    LettreMotivation,
    Autre,
}

impl TypePiece {
    /// Toutes les pièces, dans l'ordre du contrat.
    pub const TOUTES: [TypePiece; 10] = [
        TypePiece::Crep,
        TypePiece::FichePoste,
        TypePiece::Organigramme,
        TypePiece::ArreteNomination,
        TypePiece::AttestationFormationCnfpt,
        TypePiece::AttestationExamen,
        TypePiece::Diplome,
        TypePiece::AttestationsFormations,
        TypePiece::LettreMotivation,
        TypePiece::Autre,
    ];

    /// Code du contrat (`attestation_formation_cnfpt`…).
    pub fn code(self) -> &'static str {
        match self {
            TypePiece::Crep => "crep",
            TypePiece::FichePoste => "fiche_poste",
            TypePiece::Organigramme => "organigramme",
            TypePiece::ArreteNomination => "arrete_nomination",
            TypePiece::AttestationFormationCnfpt => "attestation_formation_cnfpt",
            TypePiece::AttestationExamen => "attestation_examen",
            TypePiece::Diplome => "diplome",
            TypePiece::AttestationsFormations => "attestations_formations",
            TypePiece::LettreMotivation => "lettre_motivation",
            TypePiece::Autre => "autre",
        }
    }

    /// Le type de ce code, s'il existe.
    pub fn depuis_code(code: &str) -> Option<TypePiece> {
        TypePiece::TOUTES.into_iter().find(|t| t.code() == code)
    }

    /// Intitulé en français, pour une personne.
    pub fn libelle(self) -> &'static str {
        match self {
            TypePiece::Crep => "compte rendu d'entretien professionnel (CREP)",
            TypePiece::FichePoste => "fiche de poste",
            TypePiece::Organigramme => "organigramme",
            TypePiece::ArreteNomination => "arrêté de nomination",
            TypePiece::AttestationFormationCnfpt => {
                "attestations de formation (ou dispenses) du CNFPT"
            }
            TypePiece::AttestationExamen => "attestation de réussite à l'examen",
            TypePiece::Diplome => "diplôme",
            TypePiece::AttestationsFormations => "attestations des formations suivies",
            TypePiece::LettreMotivation => "lettre de motivation",
            TypePiece::Autre => "autre pièce",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_du_contrat() {
        for t in TypePiece::TOUTES {
            let json = serde_json::to_value(t).unwrap();
            assert_eq!(json, serde_json::Value::String(t.code().into()));
            assert_eq!(TypePiece::depuis_code(t.code()), Some(t));
        }
        assert_eq!(TypePiece::depuis_code("photo"), None);
    }
}
