//! Décisions qui s'expliquent : chaque condition dit ce qui était requis, ce qui a été
//! constaté et quel texte s'applique.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Une condition évaluée.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Condition {
    /// Code stable de la condition (`grade_detenu`, `services_effectifs`, …).
    pub code: String,
    /// Intitulé en français.
    pub libelle: String,
    /// `true` remplie, `false` non remplie, `null` inconnue ou non évaluée.
    pub satisfaite: Option<bool>,
    /// Texte appliqué (décret et article, ou document source).
    pub reference: String,
    /// Ce que le texte exige, en français.
    pub requis: String,
    /// Ce qui a été constaté dans les données, en français.
    pub constate: String,
    /// `false` quand la règle repose sur un fait non vérifié sur le texte en vigueur :
    /// l'explication le signale alors à l'utilisateur.
    #[serde(default = "vrai")]
    pub verifie: bool,
}

fn vrai() -> bool {
    true
}
