//! Passage des données aux modèles typst.
//!
//! Les données ne sont jamais collées dans le balisage : chaque document écrit une ligne
//! `#let d = (...)` dont chaque texte est un littéral de chaîne typst échappé (`\\`, `"`, fins
//! de ligne). Un nom comme `#import` ou `*gras*` est donc imprimé tel quel : dans un modèle,
//! `#d.nom` affiche la chaîne comme du texte, sans l'interpréter.

/// Une valeur typst construite depuis les données d'un document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Valeur {
    Rien,
    Booleen(bool),
    Entier(i64),
    Texte(String),
    Liste(Vec<Valeur>),
    Dico(Vec<(&'static str, Valeur)>),
}

impl Valeur {
    /// Écrit la valeur en syntaxe de code typst.
    pub(crate) fn ecrire(&self, sortie: &mut String) {
        match self {
            Valeur::Rien => sortie.push_str("none"),
            Valeur::Booleen(b) => sortie.push_str(if *b { "true" } else { "false" }),
            Valeur::Entier(n) => sortie.push_str(&n.to_string()),
            Valeur::Texte(t) => sortie.push_str(&chaine(&typographie(t))),
            Valeur::Liste(l) => {
                sortie.push('(');
                for v in l {
                    v.ecrire(sortie);
                    // Virgule finale toujours écrite : `(x,)` est une liste d'un élément.
                    sortie.push(',');
                }
                sortie.push(')');
            }
            Valeur::Dico(d) if d.is_empty() => sortie.push_str("(:)"),
            Valeur::Dico(d) => {
                sortie.push('(');
                for (cle, v) in d {
                    debug_assert!(cle.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
                    sortie.push_str(cle);
                    sortie.push_str(": ");
                    v.ecrire(sortie);
                    sortie.push_str(", ");
                }
                sortie.push(')');
            }
        }
    }

    /// La ligne `#let d = ...` qui ouvre la source d'un document.
    pub(crate) fn liaison(&self) -> String {
        let mut s = String::from("#let d = ");
        self.ecrire(&mut s);
        s.push('\n');
        s
    }
}

impl From<&str> for Valeur {
    fn from(t: &str) -> Self {
        Valeur::Texte(t.to_owned())
    }
}

impl From<String> for Valeur {
    fn from(t: String) -> Self {
        Valeur::Texte(t)
    }
}

impl From<&String> for Valeur {
    fn from(t: &String) -> Self {
        Valeur::Texte(t.clone())
    }
}

impl From<bool> for Valeur {
    fn from(b: bool) -> Self {
        Valeur::Booleen(b)
    }
}

impl From<u32> for Valeur {
    fn from(n: u32) -> Self {
        Valeur::Entier(i64::from(n))
    }
}

impl From<usize> for Valeur {
    fn from(n: usize) -> Self {
        Valeur::Entier(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl<T: Into<Valeur>> From<Option<T>> for Valeur {
    fn from(o: Option<T>) -> Self {
        o.map_or(Valeur::Rien, Into::into)
    }
}

impl<T: Into<Valeur>> From<Vec<T>> for Valeur {
    fn from(l: Vec<T>) -> Self {
        Valeur::Liste(l.into_iter().map(Into::into).collect())
    }
}

/// Dictionnaire typst à partir de paires (clé, valeur).
pub(crate) fn dico<const N: usize>(paires: [(&'static str, Valeur); N]) -> Valeur {
    Valeur::Dico(paires.into())
}

/// Liste de textes.
pub(crate) fn textes<S: AsRef<str>>(l: &[S]) -> Valeur {
    Valeur::Liste(l.iter().map(|s| Valeur::from(s.as_ref())).collect())
}

/// Espaces insécables de la typographie française : avant « : », « ; », « ? », « ! » et
/// « » », après « « » et « n° » (un numéro ne se sépare pas de son signe en fin de ligne).
pub(crate) fn typographie(texte: &str) -> String {
    texte
        .replace(" :", "\u{a0}:")
        .replace(" ;", "\u{a0};")
        .replace(" ?", "\u{a0}?")
        .replace(" !", "\u{a0}!")
        .replace(" »", "\u{a0}»")
        .replace("« ", "«\u{a0}")
        .replace("n° ", "n°\u{a0}")
}

/// Littéral de chaîne typst : guillemets, barres obliques inverses et caractères de contrôle
/// échappés ; tout le reste est gardé tel quel.
pub(crate) fn chaine(texte: &str) -> String {
    let mut s = String::with_capacity(texte.len() + 2);
    s.push('"');
    for c in texte.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c.is_control() => s.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chaine_echappe_guillemets_et_barres() {
        assert_eq!(chaine(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(chaine("l1\nl2\t"), r#""l1\nl2\t""#);
        assert_eq!(chaine("\u{7}"), r#""\u{7}""#);
        // Le balisage typst n'a aucun sens dans une chaîne : il est gardé tel quel.
        assert_eq!(chaine("#import *x* $y$ @z"), "\"#import *x* $y$ @z\"");
    }

    #[test]
    fn espaces_insecables() {
        assert_eq!(
            typographie("n° 84-53 ; « x » : oui ?"),
            "n°\u{a0}84-53\u{a0}; «\u{a0}x\u{a0}»\u{a0}: oui\u{a0}?"
        );
    }

    #[test]
    fn listes_et_dictionnaires() {
        let mut s = String::new();
        Valeur::from(vec!["x"]).ecrire(&mut s);
        assert_eq!(s, r#"("x",)"#);
        let mut s = String::new();
        dico([]).ecrire(&mut s);
        assert_eq!(s, "(:)");
        let mut s = String::new();
        dico([("a", 3u32.into()), ("b", Valeur::Rien)]).ecrire(&mut s);
        assert_eq!(s, "(a: 3, b: none, )");
    }
}
