//! Statuts d'une proposition et changements permis.
//!
//! `brouillon` → `transmise` (par l'employeur, dans la période de dépôt) → `recevable` ou
//! `irrecevable` (instruction du centre de gestion ; une décision motivée du gestionnaire
//! peut revenir de l'un à l'autre tant que la liste n'est pas établie) → `inscrite` ou
//! `non_retenue` (établissement de la liste, pour les seules propositions recevables).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::erreur::{ErreurCampagne, codes};

/// Statut d'une proposition (contrat v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatutProposition {
    Brouillon,
    Transmise,
    Recevable,
    Irrecevable,
    Inscrite,
    NonRetenue,
}

impl StatutProposition {
    pub const TOUS: [StatutProposition; 6] = [
        StatutProposition::Brouillon,
        StatutProposition::Transmise,
        StatutProposition::Recevable,
        StatutProposition::Irrecevable,
        StatutProposition::Inscrite,
        StatutProposition::NonRetenue,
    ];

    /// Code du contrat.
    pub fn code(self) -> &'static str {
        match self {
            StatutProposition::Brouillon => "brouillon",
            StatutProposition::Transmise => "transmise",
            StatutProposition::Recevable => "recevable",
            StatutProposition::Irrecevable => "irrecevable",
            StatutProposition::Inscrite => "inscrite",
            StatutProposition::NonRetenue => "non_retenue",
        }
    }

    /// Le statut de ce code.
    pub fn depuis_code(code: &str) -> Option<Self> {
        Self::TOUS.into_iter().find(|s| s.code() == code)
    }

    /// Intitulé pour une personne.
    pub fn libelle(self) -> &'static str {
        match self {
            StatutProposition::Brouillon => "brouillon",
            StatutProposition::Transmise => "transmise au centre de gestion",
            StatutProposition::Recevable => "recevable",
            StatutProposition::Irrecevable => "irrecevable",
            StatutProposition::Inscrite => "inscrite sur la liste d'aptitude",
            StatutProposition::NonRetenue => "non retenue",
        }
    }

    /// Statuts qui peuvent suivre celui-ci.
    pub fn suivants(self) -> &'static [StatutProposition] {
        use StatutProposition::*;
        match self {
            Brouillon => &[Transmise],
            Transmise => &[Recevable, Irrecevable],
            Recevable => &[Irrecevable, Inscrite, NonRetenue],
            Irrecevable => &[Recevable],
            Inscrite | NonRetenue => &[],
        }
    }

    /// La proposition peut-elle encore être modifiée par son auteur (dossier, rang, pièces) ?
    pub fn modifiable(self) -> bool {
        self == StatutProposition::Brouillon
    }
}

/// Vérifie un changement de statut : 409 `transition_interdite` s'il n'est pas prévu.
pub fn transition(de: StatutProposition, vers: StatutProposition) -> Result<(), ErreurCampagne> {
    if de.suivants().contains(&vers) {
        Ok(())
    } else {
        Err(ErreurCampagne::conflit(
            codes::TRANSITION_INTERDITE,
            format!(
                "Une proposition {} ne peut pas devenir {}.",
                de.libelle(),
                vers.libelle()
            ),
        ))
    }
}
