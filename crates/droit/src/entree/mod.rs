//! Lecture stricte des documents d'entrée du moteur (CLI et API HTTP).
//!
//! Un document passe par trois étapes, chacune avec un message en français qui dit ce qui
//! était attendu et un `chemin` (pointeur JSON) vers la valeur fautive :
//!
//! 1. la syntaxe JSON (ligne et colonne de l'erreur ; un champ donné deux fois est refusé) ;
//! 2. le schéma publié de la commande, borné ([`bornes`]) : types, champs inconnus ou
//!    manquants, codes, dates `AAAA-MM-JJ` de 1950 à 2100, longueur des listes et des textes,
//!    intervalles des nombres ;
//! 3. la désérialisation dans les types du moteur, dont les rares erreurs restantes sont
//!    traduites ([`serde_fr`]).
//!
//! Les règles de droit vérifient ensuite ce qui relève d'elles (chevauchements, cohérence).

pub mod bornes;
pub mod date;
mod json;
mod modele;
mod serde_fr;

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use schemars::{JsonSchema, Schema};
use serde::de::DeserializeOwned;

pub use date::{DefautDate, FormeDate, lire_date_iso, lire_date_tableur};

use crate::erreur::ErreurEntree;
use modele::Modele;

/// Schéma d'entrée publié d'un type : celui de schemars, borné ([`bornes::annoter`]).
pub fn schema_entree<E: JsonSchema>() -> Schema {
    let mut v = schemars::schema_for!(E).to_value();
    bornes::annoter(&mut v);
    Schema::try_from(v).expect("un schéma borné reste un schéma")
}

fn modele<E: JsonSchema + 'static>() -> &'static Modele {
    static MODELES: OnceLock<Mutex<HashMap<TypeId, &'static Modele>>> = OnceLock::new();
    let mut m = MODELES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    m.entry(TypeId::of::<E>()).or_insert_with(|| {
        let s = schema_entree::<E>();
        Box::leak(Box::new(Modele::compiler(s.as_value())))
    })
}

/// Lit un document JSON d'entrée : syntaxe, schéma borné, puis types du moteur.
pub fn lire<E: DeserializeOwned + JsonSchema + 'static>(texte: &str) -> Result<E, ErreurEntree> {
    if texte.len() > bornes::TAILLE_ENTREE_MAX {
        return Err(ErreurEntree::new(
            "entree_trop_grande",
            format!(
                "Document trop volumineux : {} octets reçus, {} Mio au plus sont admis.",
                texte.len(),
                bornes::TAILLE_ENTREE_MAX / (1024 * 1024)
            ),
            "",
        ));
    }
    let valeur = json::analyser(texte)?;
    modele::<E>().verifier(&valeur)?;
    serde_path_to_error::deserialize(valeur).map_err(|e| {
        let chemin = crate::erreur::pointeur_depuis_serde(e.path());
        let (code, message) = serde_fr::traduire(&e.into_inner().to_string());
        ErreurEntree::new(code, message, chemin)
    })
}

/// Analyse un texte JSON (sans schéma) : erreurs de syntaxe en français avec ligne et
/// colonne, champ donné deux fois refusé avec son chemin.
pub fn analyser_json(texte: &str) -> Result<serde_json::Value, ErreurEntree> {
    json::analyser(texte)
}

/// Traduction française d'un message d'erreur serde : code et phrase.
pub(crate) fn traduire_erreur_serde(anglais: &str) -> (String, String) {
    let (code, message) = serde_fr::traduire(anglais);
    (code.to_owned(), message)
}

/// Cite un texte reçu entre guillemets droits, abrégé au-delà de 60 caractères, les
/// caractères de contrôle échappés.
pub(crate) fn citer(s: &str) -> String {
    format!("\"{}\"", abreger(s))
}

/// Nomme un champ entre guillemets français : « annee ».
pub(crate) fn guillemets(s: &str) -> String {
    format!("« {} »", abreger(s))
}

fn abreger(s: &str) -> String {
    let mut sortie = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == 60 {
            sortie.push('…');
            break;
        }
        if c.is_control() {
            sortie.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            sortie.push(c);
        }
    }
    sortie
}
