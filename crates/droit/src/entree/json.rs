//! Analyse du texte JSON : un champ présent deux fois dans un objet est refusé (l'analyseur
//! ordinaire garde silencieusement la dernière valeur) et une erreur de syntaxe est dite en
//! français avec sa ligne et sa colonne.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::erreur::{ErreurEntree, pointeur};

/// Chemin courant pendant l'analyse, et l'erreur décelée par l'analyse elle-même.
#[derive(Default)]
struct Suivi {
    chemin: Vec<String>,
    erreur: Option<ErreurEntree>,
}

/// Analyse un document JSON complet.
pub(crate) fn analyser(texte: &str) -> Result<Value, ErreurEntree> {
    if texte.trim().is_empty() {
        return Err(ErreurEntree::new(
            "json_invalide",
            "Le document est vide : un objet JSON est attendu.",
            "",
        ));
    }
    let suivi = RefCell::new(Suivi::default());
    let mut de = serde_json::Deserializer::from_str(texte);
    let resultat = Graine { suivi: &suivi }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    // Une erreur de syntaxe l'emporte : le document n'est pas du JSON, ses champs en double
    // n'ont pas de sens.
    let v = resultat.map_err(|e| erreur_de_syntaxe(&e))?;
    match suivi.into_inner().erreur {
        Some(double) => Err(double),
        None => Ok(v),
    }
}

struct Graine<'a> {
    suivi: &'a RefCell<Suivi>,
}

impl<'de> DeserializeSeed<'de> for Graine<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Graine<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("une valeur JSON")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        // L'analyseur JSON ne produit pas de nombre infini ; par prudence, rien n'est perdu.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut v = Vec::new();
        loop {
            self.suivi.borrow_mut().chemin.push(v.len().to_string());
            match seq.next_element_seed(Graine { suivi: self.suivi })? {
                Some(x) => v.push(x),
                None => {
                    self.suivi.borrow_mut().chemin.pop();
                    break;
                }
            }
            self.suivi.borrow_mut().chemin.pop();
        }
        Ok(Value::Array(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut m = Map::new();
        while let Some(cle) = map.next_key::<String>()? {
            self.suivi.borrow_mut().chemin.push(cle.clone());
            let double = m.contains_key(&cle);
            if double {
                // Le premier champ en double est retenu ; l'analyse continue pour qu'une
                // erreur de syntaxe plus loin soit signalée d'abord.
                let mut s = self.suivi.borrow_mut();
                if s.erreur.is_none() {
                    let message = format!(
                        "Le champ {} apparaît deux fois dans le même objet ; chaque champ ne peut être donné qu'une fois.",
                        super::guillemets(&cle)
                    );
                    let chemin = pointeur(&s.chemin);
                    s.erreur = Some(ErreurEntree::new("champ_en_double", message, chemin));
                }
            }
            let valeur = map.next_value_seed(Graine { suivi: self.suivi })?;
            self.suivi.borrow_mut().chemin.pop();
            if !double {
                m.insert(cle, valeur);
            }
        }
        Ok(Value::Object(m))
    }
}

/// Erreur de syntaxe (ou de fin prématurée) en français, avec la ligne et la colonne.
fn erreur_de_syntaxe(e: &serde_json::Error) -> ErreurEntree {
    let anglais = e.to_string();
    let cause = cause_francaise(&anglais);
    let ou = format!("ligne {}, colonne {}", e.line(), e.column());
    let message = match cause {
        Some(c) => format!("Le document JSON est mal formé ({ou}) : {c}."),
        None => format!("Le document JSON est mal formé ({ou})."),
    };
    ErreurEntree::new("json_invalide", message, "")
}

/// Les erreurs de syntaxe de `serde_json` (son énumération `ErrorCode`), reformulées.
fn cause_francaise(anglais: &str) -> Option<&'static str> {
    const TABLE: &[(&str, &str)] = &[
        (
            "EOF while parsing a list",
            "le document s'arrête avant la fin d'une liste (crochet fermant « ] » manquant)",
        ),
        (
            "EOF while parsing an object",
            "le document s'arrête avant la fin d'un objet (accolade fermante « } » manquante)",
        ),
        (
            "EOF while parsing a string",
            "le document s'arrête avant la fin d'un texte (guillemet fermant manquant)",
        ),
        (
            "EOF while parsing a value",
            "le document s'arrête là où une valeur est attendue",
        ),
        ("EOF while parsing", "le document s'arrête trop tôt"),
        (
            "expected `:`",
            "deux-points « : » attendu après le nom d'un champ",
        ),
        (
            "expected `,` or `]`",
            "virgule ou crochet fermant « ] » attendu",
        ),
        (
            "expected `,` or `}`",
            "virgule ou accolade fermante « } » attendue",
        ),
        (
            "expected ident",
            "mot inconnu : sans guillemets, seuls true, false et null sont admis",
        ),
        (
            "expected value",
            "valeur attendue : texte entre guillemets, nombre, true, false, null, liste ou objet",
        ),
        (
            "invalid escape",
            "séquence d'échappement invalide dans un texte",
        ),
        ("invalid number", "nombre mal écrit"),
        ("number out of range", "nombre trop grand"),
        (
            "invalid unicode code point",
            "caractère Unicode invalide dans un échappement \\u",
        ),
        (
            "control character",
            "caractère de contrôle non échappé dans un texte",
        ),
        (
            "key must be a string",
            "le nom d'un champ doit être un texte entre guillemets",
        ),
        (
            "lone leading surrogate",
            "échappement \\u incomplet (demi-caractère UTF-16 isolé)",
        ),
        ("unexpected end of hex escape", "échappement \\u incomplet"),
        (
            "trailing comma",
            "virgule en trop avant la fin d'une liste ou d'un objet",
        ),
        (
            "trailing characters",
            "caractères en trop après la fin du document",
        ),
        (
            "recursion limit exceeded",
            "imbrication trop profonde (128 niveaux au plus)",
        ),
        ("invalid UTF-8", "le texte n'est pas de l'UTF-8 valide"),
    ];
    TABLE
        .iter()
        .find(|(en, _)| anglais.contains(en))
        .map(|(_, fr)| *fr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn champ_en_double_avec_son_chemin() {
        let e = analyser(r#"{"a": [{"x": 1, "y": 2, "x": 3}]}"#).unwrap_err();
        assert_eq!(e.code, "champ_en_double");
        assert_eq!(e.chemin, "/a/0/x");
        assert!(e.message.contains("« x »"), "{}", e.message);
    }

    #[test]
    fn erreurs_de_syntaxe_en_francais() {
        for (texte, attendu) in [
            (
                "{\"a\": ",
                "ligne 1, colonne 6) : le document s'arrête là où une valeur",
            ),
            ("{\"a\": 1} x", "caractères en trop"),
            ("{\"a\" 1}", "deux-points"),
            ("[1 2]", "virgule ou crochet"),
            ("{\"a\": tru}", "mot inconnu"),
            ("{\"a\": \"\u{1}\"}", "caractère de contrôle"),
            ("{\"a\": 1e999}", "nombre trop grand"),
            ("{a: 1}", "le nom d'un champ doit être un texte"),
            ("[1,]", "virgule en trop"),
            ("{\"a\": -}", "nombre mal écrit"),
        ] {
            let e = analyser(texte).unwrap_err();
            assert_eq!(e.code, "json_invalide", "{texte}");
            assert!(e.message.contains(attendu), "{texte} : {}", e.message);
            assert!(!e.message.contains("expected"), "{}", e.message);
        }
        let profond = "[".repeat(200) + &"]".repeat(200);
        let e = analyser(&profond).unwrap_err();
        assert!(
            e.message.contains("imbrication trop profonde"),
            "{}",
            e.message
        );
        assert!(analyser("  ").unwrap_err().message.contains("vide"));
    }
}
