//! La campagne annuelle et son calendrier : ouverture du dépôt, clôture (délai de rigueur,
//! jour de clôture inclus, guide CDG Martinique §II.B), date d'effet de la liste. L'état se
//! déduit des dates et du jour, lu à la bordure (date civile à Paris), jamais ici.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use droit::date::format_fr;

use crate::erreur::{ErreurCampagne, codes};

/// Une campagne de promotion interne (contrat v2, « The campaign »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Campagne {
    /// Année de la liste d'aptitude (conditions appréciées au 1er janvier).
    pub annee: i32,
    pub depot_ouverture: Date,
    /// Dernier jour de dépôt, inclus.
    pub depot_cloture: Date,
    /// Date d'effet de la liste d'aptitude.
    pub date_effet_liste: Date,
}

/// État de la campagne un jour donné.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EtatCampagne {
    /// Avant l'ouverture du dépôt.
    Preparation,
    /// Du jour d'ouverture au jour de clôture inclus.
    DepotOuvert,
    /// Après le jour de clôture.
    DepotClos,
}

impl EtatCampagne {
    pub fn libelle(self) -> &'static str {
        match self {
            EtatCampagne::Preparation => "en préparation",
            EtatCampagne::DepotOuvert => "dépôt ouvert",
            EtatCampagne::DepotClos => "dépôt clos",
        }
    }
}

impl Campagne {
    /// Contrôle les dates : année dans les bornes, clôture au plus tôt le jour de
    /// l'ouverture (422 sur `/depot_cloture`), date d'effet au plus tôt le jour de clôture.
    pub fn valider(&self) -> Result<(), ErreurCampagne> {
        droit::carriere::valider_annee(self.annee, "/annee")?;
        for (d, champ) in [
            (self.depot_ouverture, "/depot_ouverture"),
            (self.depot_cloture, "/depot_cloture"),
            (self.date_effet_liste, "/date_effet_liste"),
        ] {
            droit::carriere::valider_date(d, champ)?;
        }
        if self.depot_cloture < self.depot_ouverture {
            return Err(ErreurCampagne::invalide(
                codes::DATES_INCOHERENTES,
                format!(
                    "La clôture du dépôt ({}) ne peut pas précéder son ouverture ({}).",
                    format_fr(self.depot_cloture),
                    format_fr(self.depot_ouverture)
                ),
                "/depot_cloture",
            ));
        }
        if self.date_effet_liste < self.depot_cloture {
            return Err(ErreurCampagne::invalide(
                codes::DATES_INCOHERENTES,
                format!(
                    "La date d'effet de la liste ({}) ne peut pas précéder la clôture du dépôt ({}).",
                    format_fr(self.date_effet_liste),
                    format_fr(self.depot_cloture)
                ),
                "/date_effet_liste",
            ));
        }
        Ok(())
    }

    /// État de la campagne le jour `aujourdhui` (date civile à Paris, lue par l'appelant).
    pub fn etat(&self, aujourdhui: Date) -> EtatCampagne {
        if aujourdhui < self.depot_ouverture {
            EtatCampagne::Preparation
        } else if aujourdhui <= self.depot_cloture {
            EtatCampagne::DepotOuvert
        } else {
            EtatCampagne::DepotClos
        }
    }

    /// Jours de dépôt restants, jour même et jour de clôture compris (`None` hors période).
    pub fn jours_restants(&self, aujourdhui: Date) -> Option<i32> {
        (self.etat(aujourdhui) == EtatCampagne::DepotOuvert)
            .then(|| droit::date::jour(self.depot_cloture) - droit::date::jour(aujourdhui) + 1)
    }

    /// 409 `depot_clos` hors de la période de dépôt (transmission).
    pub fn exiger_depot_ouvert(&self, aujourdhui: Date) -> Result<(), ErreurCampagne> {
        match self.etat(aujourdhui) {
            EtatCampagne::DepotOuvert => Ok(()),
            EtatCampagne::Preparation => Err(ErreurCampagne::conflit(
                codes::DEPOT_CLOS,
                format!(
                    "Le dépôt des dossiers n'est pas encore ouvert : il ouvre le {}.",
                    format_fr(self.depot_ouverture)
                ),
            )),
            EtatCampagne::DepotClos => Err(ErreurCampagne::conflit(
                codes::DEPOT_CLOS,
                format!(
                    "Le dépôt des dossiers est clos depuis le {} au soir (délai de rigueur) : plus aucun dossier ne peut être transmis.",
                    format_fr(self.depot_cloture)
                ),
            )),
        }
    }
}
