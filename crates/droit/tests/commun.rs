//! Outils partagés par les tests d'intégration (inclus avec `mod commun;`).
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;

/// Dossier des exemples partagés du contrat : `<racine du dépôt>/../shared/contract/examples`.
pub fn dossier_exemples() -> PathBuf {
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/contract/examples");
    assert!(
        d.is_dir(),
        "Dossier des exemples partagés introuvable : {} (il doit se trouver à côté du dépôt, dans shared/contract/examples)",
        d.display()
    );
    d
}

pub fn lire_exemple(nom: &str) -> Value {
    let chemin = dossier_exemples().join(nom);
    let texte = std::fs::read_to_string(&chemin)
        .unwrap_or_else(|e| panic!("lecture de {} : {e}", chemin.display()));
    serde_json::from_str(&texte).unwrap_or_else(|e| panic!("{nom} : JSON invalide : {e}"))
}

/// Sélecteur des chemins d'exemples, comme `shared/tools/check-examples.py` :
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
/// (± 1 sur les nombres, comme l'outil partagé).
pub fn verifier_exemple(nom: &str) {
    let ex = lire_exemple(nom);
    let commande = ex["command"].as_str().expect("command");
    let source = ex["source"].as_str().unwrap_or("");
    let entree = serde_json::to_string(&ex["input"]).unwrap();
    let sortie = droit::commandes::executer(commande, &entree)
        .unwrap_or_else(|e| panic!("{nom} ({source}) : erreur {e:?}"));
    for (chemin, attendu) in ex["expect"].as_object().expect("expect") {
        let obtenu = selectionner(&sortie, chemin)
            .unwrap_or_else(|| panic!("{nom} ({source}) : {chemin} absent de {sortie:#}"));
        let ok = match (attendu.as_f64(), obtenu.as_f64()) {
            (Some(a), Some(o)) if attendu.is_f64() || obtenu.is_f64() => (a - o).abs() <= 1.0,
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
