//! Erreurs de la campagne : un code stable du contrat v2, le statut HTTP qui lui correspond,
//! une phrase en français et, quand un champ est en cause, son pointeur JSON. La couche web
//! les rend telles quelles : `{"erreur": {"code", "message", "chemin"}}`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Codes d'erreur de la campagne (contrat v2 et extensions).
pub mod codes {
    /// 403 : le rôle n'est jamais autorisé à cette action.
    pub const ACCES_REFUSE: &str = "acces_refuse";
    /// 409 : hors de la période de dépôt (délai de rigueur).
    pub const DEPOT_CLOS: &str = "depot_clos";
    /// 409 : la proposition a été transmise, elle ne change plus.
    pub const PROPOSITION_TRANSMISE: &str = "proposition_transmise";
    /// 409 : la proposition n'a pas été transmise (instruction impossible).
    pub const PROPOSITION_NON_TRANSMISE: &str = "proposition_non_transmise";
    /// 409 : la proposition a déjà été instruite automatiquement.
    pub const DEJA_INSTRUITE: &str = "deja_instruite";
    /// 409 : cotation d'une proposition qui n'est pas recevable.
    pub const NON_RECEVABLE: &str = "non_recevable";
    /// 409 : la liste de la cible est établie, les propositions ne changent plus.
    pub const LISTE_ETABLIE: &str = "liste_etablie";
    /// 409 : la liste ne peut être établie avant la clôture du dépôt.
    pub const DEPOT_EN_COURS: &str = "depot_en_cours";
    /// 409 : collectivité non affiliée au centre de gestion.
    pub const NON_AFFILIEE: &str = "non_affiliee";
    /// 409 : changement de statut non prévu.
    pub const TRANSITION_INTERDITE: &str = "transition_interdite";
    /// 409 : ex aequo à cheval sur le dernier poste.
    pub const EX_AEQUO: &str = "ex_aequo";
    /// 409 : plus d'inscrits que de postes ouverts dans le cadre d'emplois.
    pub const QUOTA_DEPASSE: &str = "quota_depasse";
    /// 422 : dates de la campagne incohérentes.
    pub const DATES_INCOHERENTES: &str = "dates_incoherentes";
    /// 422 : date de recrutement hors de l'année précédant la liste.
    pub const DATE_HORS_ANNEE: &str = "date_hors_annee";
    /// 422 : justification absente.
    pub const JUSTIFICATION_REQUISE: &str = "justification_requise";
    /// 422 : code inconnu (cadre d'emplois, grade…).
    pub const CODE_INCONNU: &str = "code_inconnu";
    /// 422 : valeur vide.
    pub const VALEUR_VIDE: &str = "valeur_vide";
    /// 422 : valeur hors des bornes.
    pub const VALEUR_HORS_BORNES: &str = "valeur_hors_bornes";
}

/// Une erreur de la campagne.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, thiserror::Error)]
#[error("{message}")]
pub struct ErreurCampagne {
    /// Code stable (voir [`codes`]).
    pub code: String,
    /// Statut HTTP : 403, 409 ou 422.
    #[serde(skip)]
    pub statut: u16,
    /// Phrase en français.
    pub message: String,
    /// Pointeur JSON vers la valeur fautive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chemin: Option<String>,
}

impl ErreurCampagne {
    pub fn new(statut: u16, code: &str, message: impl Into<String>) -> Self {
        ErreurCampagne {
            code: code.to_owned(),
            statut,
            message: message.into(),
            chemin: None,
        }
    }

    /// Même erreur, sur ce champ.
    pub fn sur(mut self, chemin: impl Into<String>) -> Self {
        self.chemin = Some(chemin.into());
        self
    }

    /// 403 : rôle jamais autorisé.
    pub fn acces_refuse(message: impl Into<String>) -> Self {
        Self::new(403, codes::ACCES_REFUSE, message)
    }

    /// 409 : conflit d'état.
    pub fn conflit(code: &str, message: impl Into<String>) -> Self {
        Self::new(409, code, message)
    }

    /// 422 : valeur invalide.
    pub fn invalide(code: &str, message: impl Into<String>, chemin: impl Into<String>) -> Self {
        Self::new(422, code, message).sur(chemin)
    }

    /// Une erreur d'entrée du moteur (valeur invalide, 422), chemin compris.
    pub fn depuis_entree(e: droit::ErreurEntree) -> Self {
        let chemin = (!e.chemin.is_empty()).then_some(e.chemin);
        ErreurCampagne {
            code: e.code,
            statut: 422,
            message: e.message,
            chemin,
        }
    }
}

impl From<droit::ErreurEntree> for ErreurCampagne {
    fn from(e: droit::ErreurEntree) -> Self {
        Self::depuis_entree(e)
    }
}
