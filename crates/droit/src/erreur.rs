//! Erreurs d'entrée : une phrase en français et un pointeur JSON vers la valeur fautive.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Erreur sur une entrée invalide (contrat v1 : `{"erreur": {code, message, chemin}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, thiserror::Error)]
#[error("{message} ({chemin})")]
pub struct ErreurEntree {
    /// Code stable de l'erreur (`json_invalide`, `champ_inconnu`, `code_inconnu`, …).
    pub code: String,
    /// Phrase en français, lisible par un gestionnaire.
    pub message: String,
    /// Pointeur JSON (RFC 6901) vers la valeur fautive ; vide pour le document entier.
    pub chemin: String,
}

/// Enveloppe de l'erreur telle qu'elle est renvoyée par la CLI et l'API.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReponseErreur {
    pub erreur: ErreurEntree,
}

impl ErreurEntree {
    pub fn new(code: &str, message: impl Into<String>, chemin: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            message: message.into(),
            chemin: chemin.into(),
        }
    }

    /// Erreur de valeur hors des bornes admises.
    pub fn hors_bornes(message: impl Into<String>, chemin: impl Into<String>) -> Self {
        Self::new("valeur_hors_bornes", message, chemin)
    }

    /// Code inconnu du catalogue ou du contrat.
    pub fn code_inconnu(message: impl Into<String>, chemin: impl Into<String>) -> Self {
        Self::new("code_inconnu", message, chemin)
    }
}

/// Construit un pointeur JSON à partir de segments (`["agent", "periodes", "2"]`).
pub fn pointeur<I, S>(segments: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut s = String::new();
    for seg in segments {
        s.push('/');
        s.push_str(&seg.as_ref().replace('~', "~0").replace('/', "~1"));
    }
    s
}

/// Convertit le chemin donné par `serde_path_to_error` en pointeur JSON.
pub(crate) fn pointeur_depuis_serde(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut segs: Vec<String> = Vec::new();
    for seg in path.iter() {
        match seg {
            Segment::Seq { index } => segs.push(index.to_string()),
            Segment::Map { key } => segs.push(key.clone()),
            Segment::Enum { variant } => segs.push(variant.clone()),
            Segment::Unknown => {}
        }
    }
    pointeur(segs)
}
