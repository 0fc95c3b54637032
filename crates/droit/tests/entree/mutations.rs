//! Essais de mutations (fuzzing) sur le point d'entrée JSON de toutes les commandes,
//! `droit::commandes::executer`, tel que l'appellent la CLI et l'API HTTP.
//!
//! Chaque cas part d'une demande valide ([`super::graines`]) et lui applique de une à trois
//! mutations qui connaissent la structure du document : remplacer une valeur (autre type,
//! date d'une autre forme ou hors des bornes, nombre négatif, énorme ou fractionnaire, texte
//! avec caractères de contrôle ou très long), supprimer ou ajouter un champ, donner un champ
//! deux fois, allonger une liste, imbriquer profondément ; puis, parfois, une mutation du
//! texte lui-même (coupure, insertion). Pour chaque cas :
//! - le moteur ne panique pas ;
//! - une erreur a un message français (non vide, majuscule initiale, sans phrase anglaise de
//!   bibliothèque) et un `chemin` qui désigne une valeur du document reçu (ou un champ absent
//!   d'un objet du document) ;
//! - une réponse reste de taille bornée.
//!
//! Nombre de cas par graine : 160 par défaut (une dizaine de secondes en CI, mode débogage) ;
//! `PASSERELLE_FUZZ_CAS=5000 cargo test -p droit --test proprietes mutations` pour une
//! campagne plus longue.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

use super::{PHRASES_ANGLAISES, graines, resoudre};

/// Une valeur de remplacement.
#[derive(Debug, Clone)]
enum Valeur {
    Texte(String),
    Nombre(Value),
    Booleen(bool),
    Nul,
    ListeVide,
    ObjetVide,
    /// Liste de listes imbriquées sur `n` niveaux.
    Profonde(usize),
}

impl Valeur {
    fn json(&self) -> Value {
        match self {
            Valeur::Texte(s) => Value::String(s.clone()),
            Valeur::Nombre(n) => n.clone(),
            Valeur::Booleen(b) => Value::Bool(*b),
            Valeur::Nul => Value::Null,
            Valeur::ListeVide => json!([]),
            Valeur::ObjetVide => json!({}),
            Valeur::Profonde(n) => {
                let mut v = json!([]);
                for _ in 0..*n {
                    v = json!([v]);
                }
                v
            }
        }
    }
}

/// Une mutation ; `cible` choisit un nœud du document (modulo leur nombre).
#[derive(Debug, Clone)]
enum Mutation {
    Remplacer {
        cible: usize,
        valeur: Valeur,
    },
    /// Remplace seulement une valeur du même type JSON (texte par texte, nombre par nombre) :
    /// la demande reste lisible et atteint les règles du moteur.
    Ajuster {
        cible: usize,
        valeur: Valeur,
    },
    Supprimer {
        cible: usize,
    },
    AjouterChamp {
        cible: usize,
        nom: String,
    },
    Allonger {
        cible: usize,
        fois: usize,
    },
    /// Le premier champ d'un objet donné deux fois (dans le texte).
    Dupliquer {
        cible: usize,
    },
}

/// Une mutation du texte sérialisé.
#[derive(Debug, Clone)]
enum MutationTexte {
    Aucune,
    Couper(f64),
    Inserer(f64, String),
}

fn textes() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2025-03-01T12:00:00+14:00".to_owned()),
        Just("2010-1-1".to_owned()),
        Just("1900-01-01".to_owned()),
        Just("2101-01-01".to_owned()),
        Just("9999-12-31".to_owned()),
        Just("0000-01-01".to_owned()),
        Just("2024-02-30".to_owned()),
        Just("2024-13-01".to_owned()),
        Just("+002024-01-01".to_owned()),
        Just("01/02/2024".to_owned()),
        Just(String::new()),
        Just(" ".to_owned()),
        Just("ingenieur".to_owned()),
        Just("Territoriale".to_owned()),
        Just("conge_parental".to_owned()),
        Just("attache".to_owned()),
        Just("a\u{0}b".to_owned()),
        Just("\u{7}\u{1b}[31m".to_owned()),
        Just("🙂é\u{202e}".to_owned()),
        Just("x".repeat(300)),
        Just("2026".to_owned()),
        // Alphabet sans lettres anglaises : un mot produit au hasard ne peut pas imiter une
        // phrase de bibliothèque recherchée dans les messages.
        "[0-9éèàù_ /\\-\u{0}-\u{1f}]{0,12}",
    ]
}

fn nombres() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(1.5)),
        Just(json!(20.5)),
        Just(json!(49.9)),
        Just(json!(100.0001)),
        Just(json!(1949)),
        Just(json!(2101)),
        Just(json!(4_294_967_295u64)),
        Just(json!(4_294_967_296u64)),
        Just(json!(i64::MIN)),
        Just(json!(u64::MAX)),
        Just(json!(1e308)),
        Just(json!(-1e308)),
        Just(json!(1e-9)),
        (-3000i64..3000).prop_map(|n| json!(n)),
        (-1e7f64..1e7).prop_map(|x| json!(x)),
    ]
}

fn valeurs() -> impl Strategy<Value = Valeur> {
    prop_oneof![
        4 => textes().prop_map(Valeur::Texte),
        4 => nombres().prop_map(Valeur::Nombre),
        1 => any::<bool>().prop_map(Valeur::Booleen),
        1 => Just(Valeur::Nul),
        1 => Just(Valeur::ListeVide),
        1 => Just(Valeur::ObjetVide),
        1 => (1usize..300).prop_map(Valeur::Profonde),
    ]
}

fn mutations() -> impl Strategy<Value = Mutation> {
    let cible = 0usize..10_000;
    prop_oneof![
        3 => (cible.clone(), valeurs()).prop_map(|(cible, valeur)| Mutation::Remplacer { cible, valeur }),
        5 => (cible.clone(), valeurs()).prop_map(|(cible, valeur)| Mutation::Ajuster { cible, valeur }),
        2 => cible.clone().prop_map(|cible| Mutation::Supprimer { cible }),
        1 => (cible.clone(), prop_oneof![Just("x".to_owned()), Just("annee".to_owned()),
                                         Just("debut".to_owned()), "[0-9_]{1,5}"])
            .prop_map(|(cible, nom)| Mutation::AjouterChamp { cible, nom }),
        1 => (cible.clone(), prop_oneof![Just(2usize), Just(11), Just(51), Just(201), Just(2001), Just(5001)])
            .prop_map(|(cible, fois)| Mutation::Allonger { cible, fois }),
        1 => cible.prop_map(|cible| Mutation::Dupliquer { cible }),
    ]
}

fn mutation_texte() -> impl Strategy<Value = MutationTexte> {
    prop_oneof![
        8 => Just(MutationTexte::Aucune),
        1 => (0.0f64..1.0).prop_map(MutationTexte::Couper),
        1 => (0.0f64..1.0, prop_oneof![Just(",".to_owned()), Just("}".to_owned()),
                                        Just("\"".to_owned()), Just("\u{0}".to_owned()),
                                        Just("[".to_owned()), Just("\\u12".to_owned())])
            .prop_map(|(p, s)| MutationTexte::Inserer(p, s)),
    ]
}

/// Pointeurs de tous les nœuds (la racine comprise), dans un ordre stable.
fn noeuds(v: &Value, chemin: String, sortie: &mut Vec<String>) {
    sortie.push(chemin.clone());
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                noeuds(x, format!("{chemin}/{i}"), sortie);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                noeuds(
                    x,
                    format!("{chemin}/{}", k.replace('~', "~0").replace('/', "~1")),
                    sortie,
                );
            }
        }
        _ => {}
    }
}

fn meme_type(a: &Value, b: &Value) -> bool {
    matches!(
        (a, b),
        (Value::String(_), Value::String(_))
            | (Value::Number(_), Value::Number(_))
            | (Value::Bool(_), Value::Bool(_))
    )
}

fn parent_et_cle(chemin: &str) -> Option<(&str, String)> {
    let i = chemin.rfind('/')?;
    Some((
        &chemin[..i],
        chemin[i + 1..].replace("~1", "/").replace("~0", "~"),
    ))
}

/// Applique les mutations ; rend le document et, le cas échéant, l'objet dont le premier
/// champ sera écrit deux fois.
fn muter(mut doc: Value, ms: &[Mutation]) -> (Value, Option<String>) {
    let mut double = None;
    for m in ms {
        let mut tous = Vec::new();
        noeuds(&doc, String::new(), &mut tous);
        let choisir = |c: usize| tous[c % tous.len()].clone();
        match m {
            Mutation::Remplacer { cible, valeur } => {
                let c = choisir(*cible);
                *doc.pointer_mut(&c).unwrap() = valeur.json();
            }
            Mutation::Ajuster { cible, valeur } => {
                let nouvelle = valeur.json();
                let memes: Vec<&String> = tous
                    .iter()
                    .filter(|c| meme_type(doc.pointer(c).unwrap(), &nouvelle))
                    .collect();
                if !memes.is_empty() {
                    let c = memes[cible % memes.len()].clone();
                    *doc.pointer_mut(&c).unwrap() = nouvelle;
                }
            }
            Mutation::Supprimer { cible } => {
                let c = choisir(*cible);
                if let Some((parent, cle)) = parent_et_cle(&c) {
                    match doc.pointer_mut(parent) {
                        Some(Value::Object(o)) => {
                            o.remove(&cle);
                        }
                        Some(Value::Array(a)) => {
                            let i: usize = cle.parse().unwrap();
                            a.remove(i);
                        }
                        _ => {}
                    }
                }
            }
            Mutation::AjouterChamp { cible, nom } => {
                let c = choisir(*cible);
                if let Some(Value::Object(o)) = doc.pointer_mut(&c) {
                    o.insert(nom.clone(), json!(1));
                }
            }
            Mutation::Allonger { cible, fois } => {
                let c = choisir(*cible);
                if let Some(Value::Array(a)) = doc.pointer_mut(&c)
                    && let Some(premier) = a.first().cloned()
                {
                    a.resize(*fois, premier);
                }
            }
            Mutation::Dupliquer { cible } => double = Some(choisir(*cible)),
        }
    }
    (doc, double)
}

/// Écrit le document en JSON ; l'objet `double` voit son premier champ écrit deux fois.
fn ecrire(v: &Value, chemin: &str, double: Option<&str>, sortie: &mut String) {
    match v {
        Value::Object(m) => {
            sortie.push('{');
            let mut premier = true;
            let mut champ = |k: &String, x: &Value, sortie: &mut String| {
                if !premier {
                    sortie.push(',');
                }
                premier = false;
                sortie.push_str(&Value::String(k.clone()).to_string());
                sortie.push(':');
                let c = format!("{chemin}/{}", k.replace('~', "~0").replace('/', "~1"));
                ecrire(x, &c, double, sortie);
            };
            if double == Some(chemin)
                && let Some((k, x)) = m.iter().next()
            {
                champ(k, x, sortie);
            }
            for (k, x) in m {
                champ(k, x, sortie);
            }
            sortie.push('}');
        }
        Value::Array(a) => {
            sortie.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    sortie.push(',');
                }
                ecrire(x, &format!("{chemin}/{i}"), double, sortie);
            }
            sortie.push(']');
        }
        autre => sortie.push_str(&autre.to_string()),
    }
}

fn appliquer_texte(texte: String, m: &MutationTexte) -> String {
    let position = |p: f64| {
        let mut i = (texte.len() as f64 * p) as usize;
        while !texte.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match m {
        MutationTexte::Aucune => texte,
        MutationTexte::Couper(p) => texte[..position(*p)].to_owned(),
        MutationTexte::Inserer(p, s) => {
            let i = position(*p);
            format!("{}{s}{}", &texte[..i], &texte[i..])
        }
    }
}

fn verifier(commande: &str, texte: &str) -> Result<(), TestCaseError> {
    let resultat = droit::commandes::executer(commande, texte);
    match resultat {
        Ok(r) => {
            let taille = serde_json::to_string(&r).unwrap().len();
            prop_assert!(taille < 16 * 1024 * 1024, "réponse de {taille} octets");
        }
        Err(e) => {
            prop_assert!(!e.message.trim().is_empty(), "message vide");
            prop_assert!(
                e.message.chars().next().unwrap().is_uppercase(),
                "majuscule initiale attendue : {}",
                e.message
            );
            for p in PHRASES_ANGLAISES {
                prop_assert!(
                    !e.message.contains(p),
                    "anglais « {p} » : {} ({})",
                    e.message,
                    e.code
                );
            }
            prop_assert!(
                !e.code.is_empty() && e.code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "code {}",
                e.code
            );
            match serde_json::from_str::<Value>(texte) {
                Ok(doc) => {
                    let ok = resoudre(&doc, &e.chemin).is_some()
                        || (e.chemin.starts_with('/')
                            && parent_et_cle(&e.chemin).is_some_and(|(p, _)| {
                                resoudre(&doc, p).is_some_and(Value::is_object)
                            }));
                    prop_assert!(
                        ok,
                        "chemin {:?} hors du document ({}: {})",
                        e.chemin,
                        e.code,
                        e.message
                    );
                }
                Err(_) => prop_assert_eq!(
                    (e.code.as_str(), e.chemin.as_str()),
                    ("json_invalide", ""),
                    "{}",
                    e.message
                ),
            }
        }
    }
    Ok(())
}

fn cas() -> u32 {
    std::env::var("PASSERELLE_FUZZ_CAS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(160)
}

#[test]
fn mutations_de_toutes_les_commandes() {
    for (commande, graine) in graines() {
        let mut runner = TestRunner::new(Config {
            cases: cas(),
            failure_persistence: None,
            ..Config::default()
        });
        let strategie = (
            proptest::collection::vec(mutations(), 1..4),
            mutation_texte(),
        );
        let resultat = runner.run(&strategie, |(ms, mt)| {
            let (doc, double) = muter(graine.clone(), &ms);
            let mut texte = String::new();
            ecrire(&doc, "", double.as_deref(), &mut texte);
            let texte = appliquer_texte(texte, &mt);
            verifier(commande, &texte)
        });
        if let Err(e) = resultat {
            panic!("{commande} : {e}");
        }
    }
}

#[test]
fn objets_vides_et_types_racine() {
    // Quelques documents entiers qui ne sont pas des objets, pour chaque commande.
    for (commande, _) in graines() {
        for texte in [
            "[]",
            "null",
            "1",
            "\"x\"",
            "{}",
            "true",
            "[{}]",
            "{\"\":{}}",
        ] {
            verifier(commande, texte).unwrap_or_else(|e| panic!("{commande} {texte} : {e}"));
        }
    }
}
