//! Outils partagés par les tests d'intégration (inclus avec `mod commun;`).
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// Dossier des exemples travaillés du dépôt : `crates/droit/tests/donnees/exemples`.
/// Chaque fichier donne la commande, l'entrée, les valeurs attendues, la source juridique
/// (`source`) et le calcul fait à la main (`calcul`).
pub fn dossier_exemples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/donnees/exemples")
}

/// Noms des fichiers d'exemples, triés.
pub fn noms_exemples() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dossier_exemples())
        .expect("dossier des exemples")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    v.sort();
    v
}

pub fn lire_exemple(nom: &str) -> Value {
    let chemin = dossier_exemples().join(nom);
    let texte = std::fs::read_to_string(&chemin)
        .unwrap_or_else(|e| panic!("lecture de {} : {e}", chemin.display()));
    serde_json::from_str(&texte).unwrap_or_else(|e| panic!("{nom} : JSON invalide : {e}"))
}

/// Sélecteur des chemins d'exemples :
/// `a.b[cle=valeur][cle2=valeur2][0].c` ; les filtres successifs réduisent la même liste,
/// un résultat unique est ensuite déballé.
pub fn selectionner<'a>(doc: &'a Value, chemin: &str) -> Option<&'a Value> {
    enum Seg {
        Nom(String),
        Filtre(String, String),
        Indice(usize),
    }
    let mut segs = Vec::new();
    let mut reste = chemin;
    while !reste.is_empty() {
        if let Some(r) = reste.strip_prefix('[') {
            let fin = r.find(']')?;
            let dedans = &r[..fin];
            match dedans.split_once('=') {
                Some((k, v)) => segs.push(Seg::Filtre(k.to_owned(), v.to_owned())),
                None => segs.push(Seg::Indice(dedans.parse().ok()?)),
            }
            reste = &r[fin + 1..];
        } else if let Some(r) = reste.strip_prefix('.') {
            reste = r;
        } else {
            let fin = reste.find(['.', '[']).unwrap_or(reste.len());
            segs.push(Seg::Nom(reste[..fin].to_owned()));
            reste = &reste[fin..];
        }
    }
    let mut courant: Vec<&Value> = vec![doc];
    let mut filtrage = false;
    let deballer = |c: &mut Vec<&'a Value>, filtrage: &mut bool| -> Option<()> {
        if *filtrage {
            if c.len() != 1 {
                return None;
            }
            *filtrage = false;
        }
        Some(())
    };
    for s in segs {
        match s {
            Seg::Filtre(k, v) => {
                let liste: Vec<&Value> = if filtrage {
                    courant
                } else {
                    courant.first()?.as_array()?.iter().collect()
                };
                courant = liste
                    .into_iter()
                    .filter(|x| {
                        x.get(&k).is_some_and(|y| {
                            let s = match y {
                                Value::String(s) => s.clone(),
                                Value::Null => "None".to_owned(),
                                Value::Bool(b) => if *b { "True" } else { "False" }.to_owned(),
                                autre => autre.to_string(),
                            };
                            s.to_lowercase() == v.to_lowercase()
                        })
                    })
                    .collect();
                filtrage = true;
            }
            Seg::Nom(n) => {
                deballer(&mut courant, &mut filtrage)?;
                courant = vec![courant.first()?.get(&n)?];
            }
            Seg::Indice(i) => {
                deballer(&mut courant, &mut filtrage)?;
                courant = vec![courant.first()?.as_array()?.get(i)?];
            }
        }
    }
    deballer(&mut courant, &mut filtrage)?;
    courant.first().copied()
}

/// Vérifie un exemple : la commande réussit et chaque chemin attendu a la valeur attendue
/// (à un millième près sur les nombres décimaux, les calculs à la main étant arrondis).
pub fn verifier_exemple(nom: &str) {
    let ex = lire_exemple(nom);
    let commande = ex["commande"].as_str().expect("commande");
    let source = ex["source"].as_str().expect("source");
    assert!(
        ex["calcul"].as_str().is_some_and(|c| !c.is_empty()),
        "{nom} : le calcul fait à la main manque"
    );
    let entree = serde_json::to_string(&ex["entree"]).unwrap();
    let sortie = droit::commandes::executer(commande, &entree)
        .unwrap_or_else(|e| panic!("{nom} ({source}) : erreur {e:?}"));
    let attendus = ex["attendu"].as_object().expect("attendu");
    assert!(!attendus.is_empty(), "{nom} : aucune valeur attendue");
    for (chemin, attendu) in attendus {
        let obtenu = selectionner(&sortie, chemin)
            .unwrap_or_else(|| panic!("{nom} ({source}) : {chemin} absent de {sortie:#}"));
        let ok = match (attendu.as_f64(), obtenu.as_f64()) {
            (Some(a), Some(o)) if attendu.is_f64() || obtenu.is_f64() => (a - o).abs() <= 1e-3,
            _ => attendu == obtenu,
        };
        assert!(
            ok,
            "{nom} ({source}) : {chemin} vaut {obtenu}, attendu {attendu}"
        );
    }
}

/// Une période d'activité territoriale, titulaire, à temps complet.
pub fn periode(debut: &str, fin: Option<&str>, grade: &str) -> Value {
    serde_json::json!({
        "debut": debut, "fin": fin, "versant": "territoriale", "statut": "titulaire",
        "grade": grade, "position": "activite", "quotite": 100,
        "heures_hebdomadaires": null, "emploi": null, "fonctions": []
    })
}
