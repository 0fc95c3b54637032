//! Essais de mutations (fuzzing) sur l'analyse des fichiers d'import
//! (`store::import::analyser`, appelée par `passerelle import` avant toute écriture).
//!
//! Chaque cas part du jeu valide et altère un fichier : octets insérés (nul, contrôle,
//! Windows-1252, UTF-8 tronqué, guillemet, séparateur), valeurs remplacées (dates d'autres
//! formes, formules, textes longs ou abîmés, nombres mal écrits), lignes dupliquées ou
//! coupées, BOM. Pour chaque cas : pas de panique ; une erreur nomme une ligne du fichier et,
//! le cas échéant, une de ses colonnes, en français ; un lot accepté ne contient que des
//! textes sans caractère de contrôle, de 200 caractères au plus, et des dates de 1950 à 2100.
//!
//! 256 cas par défaut ; `PASSERELLE_FUZZ_CAS=20000` pour une campagne plus longue.

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use store::import::{self, Connus, FichierCsv, SorteFichier};

use super::super::jeu_valide;

/// Phrases anglaises de bibliothèques (csv, encodage, serde) interdites dans un message.
const PHRASES_ANGLAISES: &[&str] = &[
    "expected",
    "invalid type",
    "invalid value",
    "error",
    "Error",
    "found",
    "record",
    "field",
    "byte",
    "parse",
    "failed",
    "unknown",
    "missing",
    "UTF-8 error",
    "line:",
];

#[derive(Debug, Clone)]
enum Mutation {
    Octet {
        fichier: usize,
        position: f64,
        octet: u8,
    },
    Valeur {
        fichier: usize,
        ligne: usize,
        colonne: usize,
        valeur: String,
    },
    DupliquerLigne {
        fichier: usize,
        ligne: usize,
    },
    Couper {
        fichier: usize,
        position: f64,
    },
    Bom {
        fichier: usize,
        utf16: bool,
    },
}

fn valeurs() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("2010-1-1".to_owned()),
        Just("1/9/2010".to_owned()),
        Just("01/01/1900".to_owned()),
        Just("31/02/2021".to_owned()),
        Just("2010-09-01T00:00:00".to_owned()),
        Just("=1+1".to_owned()),
        Just("@SOMME(A1)".to_owned()),
        Just("-2".to_owned()),
        Just("+33 1 00".to_owned()),
        Just("1e5".to_owned()),
        Just("inf".to_owned()),
        Just("10,5".to_owned()),
        Just("HÃ©lÃ¨ne".to_owned()),
        Just("x".repeat(201)),
        Just(String::new()),
        Just("\"".to_owned()),
        Just("a\u{0}b".to_owned()),
        Just("technicien".to_owned()),
        Just("A001".to_owned()),
        Just("oui".to_owned()),
        "[0-9éà/ ,;\\-]{0,10}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let f = 0usize..4;
    prop_oneof![
        3 => (f.clone(), 0.0f64..1.0, prop_oneof![
                Just(0u8), Just(1), Just(9), Just(13), Just(10), Just(b'"'), Just(b';'),
                Just(b','), Just(0xE9), Just(0xC3), Just(0xA9), Just(0x81), Just(0xFF), Just(b'=')])
            .prop_map(|(fichier, position, octet)| Mutation::Octet { fichier, position, octet }),
        4 => (f.clone(), 0usize..10, 0usize..13, valeurs())
            .prop_map(|(fichier, ligne, colonne, valeur)| Mutation::Valeur { fichier, ligne, colonne, valeur }),
        1 => (f.clone(), 0usize..10).prop_map(|(fichier, ligne)| Mutation::DupliquerLigne { fichier, ligne }),
        1 => (f.clone(), 0.0f64..1.0).prop_map(|(fichier, position)| Mutation::Couper { fichier, position }),
        1 => (f, any::<bool>()).prop_map(|(fichier, utf16)| Mutation::Bom { fichier, utf16 }),
    ]
}

fn appliquer(fichiers: &mut [FichierCsv], m: &Mutation) {
    let position = |o: &[u8], p: f64| ((o.len() as f64) * p) as usize;
    match m {
        Mutation::Octet {
            fichier,
            position: p,
            octet,
        } => {
            let o = &mut fichiers[*fichier].octets;
            let i = position(o, *p);
            o.insert(i, *octet);
        }
        Mutation::Couper {
            fichier,
            position: p,
        } => {
            let o = &mut fichiers[*fichier].octets;
            let i = position(o, *p);
            o.truncate(i);
        }
        Mutation::Bom { fichier, utf16 } => {
            let bom: &[u8] = if *utf16 { b"\xFF\xFE" } else { b"\xEF\xBB\xBF" };
            fichiers[*fichier].octets.splice(0..0, bom.iter().copied());
        }
        Mutation::DupliquerLigne { fichier, ligne } => {
            let texte = String::from_utf8_lossy(&fichiers[*fichier].octets).into_owned();
            let mut lignes: Vec<&str> = texte.split('\n').collect();
            let i = ligne % lignes.len();
            lignes.insert(i, lignes[i]);
            fichiers[*fichier].octets = lignes.join("\n").into_bytes();
        }
        Mutation::Valeur {
            fichier,
            ligne,
            colonne,
            valeur,
        } => {
            let texte = String::from_utf8_lossy(&fichiers[*fichier].octets).into_owned();
            let mut lignes: Vec<String> = texte.split('\n').map(str::to_owned).collect();
            let i = 1 + ligne % (lignes.len() - 1).max(1);
            if let Some(l) = lignes.get_mut(i) {
                let mut champs: Vec<String> = l.split(';').map(str::to_owned).collect();
                let j = colonne % champs.len();
                champs[j] = if valeur.contains([';', '"', '\n']) {
                    format!("\"{}\"", valeur.replace('"', "\"\""))
                } else {
                    valeur.clone()
                };
                *l = champs.join(";");
            }
            fichiers[*fichier].octets = lignes.join("\n").into_bytes();
        }
    }
}

fn verifier(fichiers: &[FichierCsv]) -> Result<(), TestCaseError> {
    match import::analyser(fichiers, &Connus::default()) {
        Err(e) => {
            prop_assert!(!e.message.trim().is_empty(), "message vide");
            for p in PHRASES_ANGLAISES {
                prop_assert!(!e.message.contains(p), "anglais « {p} » : {e}");
            }
            let f = fichiers
                .iter()
                .find(|f| f.nom == e.fichier)
                .ok_or_else(|| TestCaseError::fail(format!("fichier inconnu : {e}")))?;
            let lignes = 1 + f.octets.iter().filter(|&&b| b == b'\n').count() as u64;
            prop_assert!(
                e.ligne >= 1 && e.ligne <= lignes,
                "ligne {} sur {lignes} : {e}",
                e.ligne
            );
            if let Some((n, nom)) = &e.colonne {
                let connue = [
                    SorteFichier::Collectivites,
                    SorteFichier::Agents,
                    SorteFichier::Periodes,
                    SorteFichier::Formations,
                ]
                .iter()
                .any(|s| s.colonnes().get(n - 1) == Some(&nom.as_str()));
                prop_assert!(connue, "colonne {n} ({nom}) inconnue : {e}");
            }
        }
        Ok(lot) => {
            let textes = lot
                .collectivites
                .iter()
                .flat_map(|c| [&c.code, &c.nom, &c.type_collectivite])
                .chain(lot.agents.iter().flat_map(|a| {
                    [
                        &a.fiche.matricule,
                        &a.fiche.code_collectivite,
                        &a.fiche.nom,
                        &a.fiche.prenom,
                    ]
                }));
            for t in textes {
                prop_assert!(
                    !t.chars().any(char::is_control) && t.chars().count() <= 200,
                    "texte accepté : {t:?}"
                );
                prop_assert!(!t.contains("Ã©"), "texte abîmé accepté : {t:?}");
            }
            for p in lot.carrieres.values().flatten() {
                for d in [Some(p.debut), p.fin].into_iter().flatten() {
                    prop_assert!((1950..=2100).contains(&d.year()), "date {d}");
                }
            }
        }
    }
    Ok(())
}

#[test]
fn mutations_des_fichiers_d_import() {
    let cas = std::env::var("PASSERELLE_FUZZ_CAS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    let mut runner = TestRunner::new(Config {
        cases: cas,
        failure_persistence: None,
        ..Config::default()
    });
    let resultat = runner.run(&proptest::collection::vec(mutation(), 1..4), |ms| {
        let mut fichiers = jeu_valide();
        for m in &ms {
            appliquer(&mut fichiers, m);
        }
        verifier(&fichiers)
    });
    if let Err(e) = resultat {
        panic!("{e}");
    }
}
