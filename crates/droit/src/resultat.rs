//! Décisions qui s'expliquent : chaque condition dit ce qui était requis, ce qui a été
//! constaté et quel texte s'applique.
//!
//! Les textes sont des `Cow<'static, str>` : les intitulés, références et exigences fixes
//! sont empruntés au catalogue chargé une fois (ou à des constantes) au lieu d'être copiés à
//! chaque évaluation ; seuls les textes propres à la carrière sont alloués. Le JSON rendu
//! est le même qu'avec des `String`.

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Texte d'une explication : emprunté (statique) ou rédigé pour la carrière.
pub type Texte = Cow<'static, str>;

/// Une condition évaluée.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Condition {
    /// Code stable de la condition (`grade_detenu`, `services_effectifs`, …).
    pub code: Texte,
    /// Intitulé en français.
    pub libelle: Texte,
    /// `true` remplie, `false` non remplie, `null` inconnue ou non évaluée.
    pub satisfaite: Option<bool>,
    /// Texte appliqué (décret et article, ou document source).
    pub reference: Texte,
    /// Ce que le texte exige, en français.
    pub requis: Texte,
    /// Ce qui a été constaté dans les données, en français.
    pub constate: Texte,
    /// `false` quand la règle repose sur un fait non vérifié sur le texte en vigueur :
    /// l'explication le signale alors à l'utilisateur.
    /// Absent : non vérifié.
    #[serde(default)]
    pub verifie: bool,
}
