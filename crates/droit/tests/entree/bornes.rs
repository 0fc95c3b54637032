//! Les bornes des entrées : chaque liste et chaque nombre des schémas d'entrée en a une,
//! choisie dans la table de `droit::entree::bornes`, et la plus grosse demande admise donne
//! une réponse de taille bornée.

use std::collections::BTreeSet;

use droit::entree::bornes::{LISTES, NOMBRES, TAILLE_ENTREE_MAX};
use serde_json::{Value, json};

/// Parcourt les propriétés de chaque type d'un schéma : `(type, champ, schéma du champ)`.
fn proprietes(schema: &Value, sortie: &mut Vec<(String, String, Value)>) {
    let mut types: Vec<(String, &Value)> = vec![(
        schema["title"].as_str().unwrap_or_default().to_owned(),
        schema,
    )];
    if let Some(defs) = schema["$defs"].as_object() {
        types.extend(defs.iter().map(|(n, d)| (n.clone(), d)));
    }
    for (nom, t) in types {
        if let Some(p) = t["properties"].as_object() {
            for (champ, s) in p {
                sortie.push((nom.clone(), champ.clone(), s.clone()));
            }
        }
    }
}

fn est_du_type(s: &Value, t: &str) -> bool {
    match &s["type"] {
        Value::String(x) => x == t,
        Value::Array(v) => v.iter().any(|x| x == t),
        _ => false,
    }
}

#[test]
fn chaque_liste_et_chaque_nombre_des_entrees_est_borne() {
    let mut utilisees = BTreeSet::new();
    let mut manquantes = Vec::new();
    for s in droit::commandes::schemas() {
        let schema = serde_json::to_value(&s.entree).unwrap();
        let mut props = Vec::new();
        proprietes(&schema, &mut props);
        for (t, champ, p) in props {
            if est_du_type(&p, "array") {
                if LISTES.iter().any(|(a, b, ..)| *a == t && *b == champ) {
                    utilisees.insert((t.clone(), champ.clone()));
                    assert!(p["maxItems"].is_u64());
                } else {
                    manquantes.push(format!("{}: liste {t}.{champ}", s.commande));
                }
            }
            if est_du_type(&p, "number") || est_du_type(&p, "integer") {
                if NOMBRES.iter().any(|(a, b, ..)| *a == t && *b == champ) {
                    utilisees.insert((t.clone(), champ.clone()));
                    assert!(p["minimum"].is_number() && p["maximum"].is_number());
                } else {
                    manquantes.push(format!("{}: nombre {t}.{champ}", s.commande));
                }
            }
        }
    }
    assert!(
        manquantes.is_empty(),
        "bornes à choisir dans droit::entree::bornes : {manquantes:?}"
    );
    let inutiles: Vec<_> = LISTES
        .iter()
        .map(|(t, c, ..)| (t.to_string(), c.to_string()))
        .chain(
            NOMBRES
                .iter()
                .map(|(t, c, ..)| (t.to_string(), c.to_string())),
        )
        .filter(|x| !utilisees.contains(x))
        .collect();
    assert!(inutiles.is_empty(), "bornes sans champ : {inutiles:?}");
}

#[test]
fn les_bornes_du_catalogue_tiennent() {
    // Les listes de codes du catalogue tiennent dans leurs bornes : toutes les cibles (et tous
    // les grades) peuvent être demandées en une fois.
    let borne = |t: &str, c: &str| {
        LISTES
            .iter()
            .find(|(a, b, ..)| *a == t && *b == c)
            .unwrap()
            .2
    };
    let cat = droit::catalogue::Catalogue::get();
    let grades = codes_des_grades();
    assert!(
        grades.len() <= borne("Perimetre", "grades"),
        "{}",
        grades.len()
    );
    assert!(grades.len() <= borne("DemandeEligibilite", "cibles"));
    assert!(cat.cadres.len() <= borne("Perimetre", "cadres_emplois"));
}

fn codes_des_grades() -> Vec<&'static str> {
    droit::catalogue::Catalogue::get()
        .cadres
        .iter()
        .flat_map(|c| c.grades.iter().map(|g| g.code.as_str()))
        .collect()
}

/// Une carrière aux bornes : 200 périodes d'un trimestre (technicien puis principal), dix
/// fonctions chacune, 300 formations, 50 dispenses, postes et examens.
fn agent_aux_bornes() -> Value {
    let mut periodes = Vec::new();
    let mut annee = 1975;
    let mut mois = 1;
    for i in 0..200 {
        let debut = format!("{annee}-{mois:02}-01");
        mois += 3;
        if mois > 12 {
            mois -= 12;
            annee += 1;
        }
        let fin = if i == 199 {
            Value::Null
        } else {
            let d = droit::entree::lire_date_iso(&format!("{annee}-{mois:02}-01")).unwrap();
            json!(droit::date::date(droit::date::jour(d) - 1).to_string())
        };
        let grade = if i < 100 {
            "technicien"
        } else {
            "technicien_principal_2e_classe"
        };
        let position = ["activite", "disponibilite", "detachement", "conge_parental"][i % 4];
        periodes.push(json!({
            "debut": debut, "fin": fin, "versant": "territoriale", "statut": "titulaire",
            "grade": grade, "position": position, "quotite": 50 + (i % 6) * 10,
            "fonctions": vec![json!({"code": "secretaire_mairie", "population": 900}); 10]
        }));
    }
    const TYPES: [&str; 3] = ["fppe", "fptlc", "fppr"];
    let formations: Vec<Value> = (0..300)
        .map(|i| {
            json!({"type": TYPES[i % 3],
                        "date": format!("{}-03-01", 1976 + i / 7), "jours": 1})
        })
        .collect();
    let dispenses: Vec<Value> = (0..50)
        .map(|i| json!({"type": "fptlc", "periode_debut": format!("{}-01-01", 1976 + i), "jours": 1}))
        .collect();
    let postes: Vec<Value> = (0..50)
        .map(|i| json!({"debut": format!("{}-01-01", 1976 + i), "fin": format!("{}-06-30", 1976 + i)}))
        .collect();
    let examens: Vec<Value> = (0..50)
        .map(|i| json!({"examen": "ingenieur", "annee": 1976 + i, "admis": i % 2 == 0}))
        .collect();
    json!({"date_naissance": "1955-01-01", "periodes": periodes, "formations": formations,
           "dispenses": dispenses, "postes_responsabilite": postes, "examens": examens})
}

/// Les plus grosses demandes admises, commande par commande.
fn demandes_aux_bornes() -> Vec<(&'static str, Value)> {
    let agent = agent_aux_bornes();
    let grades = codes_des_grades();
    let cadres: Vec<&str> = droit::catalogue::Catalogue::get()
        .cadres
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    let mut jury = Vec::new();
    for q in [
        "fonctionnaire_territorial",
        "personnalite_qualifiee",
        "elu_local",
    ] {
        for _ in 0..3 {
            jury.push(json!({"qualite": q}));
        }
    }
    vec![
        // Sans `cibles` : toutes les cibles du catalogue.
        ("eligibilite", json!({"annee": 2026, "agent": agent})),
        (
            "services",
            json!({"agent": agent, "jusqu_au": "2025-12-31",
                   "perimetre": {"grades": grades, "cadres_emplois": cadres,
                                 "contractuels_admis": true, "detachement_admis": true}}),
        ),
        ("formation", json!({"annee": 2026, "agent": agent})),
        (
            "liste-aptitude",
            json!({"inscription": "2020-01-01", "aujourd_hui": "2027-12-31",
                   "demandes_maintien": (0..50).map(|i| format!("2021-01-{:02}", 1 + i % 28)).collect::<Vec<_>>(),
                   "suspensions": (0..100).map(|i| json!({"motif": "conge_maternite",
                        "debut": format!("2022-{:02}-01", 1 + i % 12), "fin": format!("2022-{:02}-10", 1 + i % 12)})).collect::<Vec<_>>(),
                   "offres": (0..50).map(|i| json!({"date": format!("2023-{:02}-01", 1 + i % 12)})).collect::<Vec<_>>()}),
        ),
        (
            "intercommunal",
            json!({"employeurs": (0..50).map(|i| json!({"id": format!("E{i}"),
                "heures_hebdomadaires": 1, "date_recrutement": "2010-01-01", "accord": i % 2 == 0}))
                .collect::<Vec<_>>()}),
        ),
        (
            "examen-dossier",
            json!({"session": 2026, "cloture_inscriptions": "2026-03-12", "depot": "2026-03-10",
                   "pieces": (0..100).map(|i| json!({"type": format!("piece_{i}"), "pages": 1000}))
                       .collect::<Vec<_>>(),
                   "agent": agent}),
        ),
        (
            "examen-resultats",
            json!({"session": 2026, "postes": 2000, "seuil_admissibilite": 0, "jury": jury,
                   "candidats": (0..2000).map(|i| json!({"id": format!("{i:0>200}"),
                        "nom": "N".repeat(200), "prenom": "P".repeat(200),
                        "note_dossier": 20, "note_entretien": 20})).collect::<Vec<_>>()}),
        ),
        (
            "liste-aptitude-etablir",
            json!({"postes": 5000, "candidats": (0..5000).map(|i| json!({
                "id": format!("{i:0>200}"), "nom": "N".repeat(200), "prenom": "P".repeat(200),
                "score": i % 7})).collect::<Vec<_>>()}),
        ),
    ]
}

/// Taille maximale constatée d'une réponse, en octets (docs/moteur.md).
const REPONSE_MAX: usize = 16 * 1024 * 1024;

#[test]
fn la_plus_grosse_demande_admise_donne_une_reponse_bornee() {
    for (commande, doc) in demandes_aux_bornes() {
        let texte = doc.to_string();
        assert!(
            texte.len() <= TAILLE_ENTREE_MAX,
            "{commande} : {}",
            texte.len()
        );
        let debut = std::time::Instant::now();
        let r = droit::commandes::executer(commande, &texte)
            .unwrap_or_else(|e| panic!("{commande} : demande aux bornes refusée : {e:?}"));
        let taille = serde_json::to_string(&r).unwrap().len();
        println!(
            "{commande} : entrée {} octets, réponse {taille} octets, {:?}",
            texte.len(),
            debut.elapsed()
        );
        assert!(
            taille < REPONSE_MAX,
            "{commande} : réponse de {taille} octets"
        );
    }
}
