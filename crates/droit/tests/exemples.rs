//! Chaque exemple partagé du contrat (`shared/contract/examples/*.json`) est un test.
//! Les attentes et leurs sources sont dans les fichiers eux-mêmes (champ `source`).

mod commun;

use commun::{dossier_exemples, verifier_exemple};

/// Exemples couverts par un test nommé ci-dessous.
const COUVERTS: &[&str] = &[
    "ingenieur-choix-seed-001.json",
    "ingenieur-en-chef-q13-sdis.json",
    "ingenieur-en-chef-q2-1.json",
    "ingenieur-en-chef-q4-etat.json",
    "services-tnc-2005.json",
    "formation-avant-2008-liste-2019.json",
    "formation-poste-responsabilite-liste-2021.json",
    "formation-redacteur-2015-liste-2021.json",
    "intercommunal-majorite.json",
    "liste-aptitude-base.json",
    "quota-statutaire.json",
];

#[test]
fn chaque_exemple_partage_a_son_test() {
    let mut manquants = Vec::new();
    for e in std::fs::read_dir(dossier_exemples()).unwrap() {
        let nom = e.unwrap().file_name().to_string_lossy().into_owned();
        if nom.ends_with(".json") && !COUVERTS.contains(&nom.as_str()) {
            manquants.push(nom);
        }
    }
    assert!(
        manquants.is_empty(),
        "exemples partagés sans test dans tests/exemples.rs : {manquants:?}"
    );
}

#[test]
fn ingenieur_choix_seed_001() {
    verifier_exemple("ingenieur-choix-seed-001.json");
}

#[test]
fn ingenieur_en_chef_q13_sdis() {
    verifier_exemple("ingenieur-en-chef-q13-sdis.json");
}

#[test]
fn ingenieur_en_chef_q2_1() {
    verifier_exemple("ingenieur-en-chef-q2-1.json");
}

#[test]
fn ingenieur_en_chef_q4_etat() {
    verifier_exemple("ingenieur-en-chef-q4-etat.json");
}

#[test]
fn services_tnc_2005() {
    verifier_exemple("services-tnc-2005.json");
}

#[test]
fn formation_avant_2008_liste_2019() {
    verifier_exemple("formation-avant-2008-liste-2019.json");
}

#[test]
fn formation_poste_responsabilite_liste_2021() {
    verifier_exemple("formation-poste-responsabilite-liste-2021.json");
}

#[test]
fn formation_redacteur_2015_liste_2021() {
    verifier_exemple("formation-redacteur-2015-liste-2021.json");
}

#[test]
fn intercommunal_majorite() {
    verifier_exemple("intercommunal-majorite.json");
}

#[test]
fn liste_aptitude_base() {
    verifier_exemple("liste-aptitude-base.json");
}

#[test]
fn quota_statutaire() {
    verifier_exemple("quota-statutaire.json");
}

#[test]
fn le_selecteur_suit_l_outil_partage() {
    // Même grammaire que shared/tools/check-examples.py.
    let doc = serde_json::json!({"voies": [
        {"cible": "ingenieur", "voie": "choix", "eligible": true},
        {"cible": "ingenieur", "voie": "examen", "eligible": false}
    ], "jours": 219.0});
    assert_eq!(
        commun::selectionner(&doc, "voies[cible=ingenieur][voie=examen].eligible"),
        Some(&serde_json::json!(false))
    );
    assert_eq!(
        commun::selectionner(&doc, "voies[cible=ingenieur].eligible"),
        None
    );
    assert_eq!(
        commun::selectionner(&doc, "voies[1].voie"),
        Some(&serde_json::json!("examen"))
    );
    assert_eq!(
        commun::selectionner(&doc, "jours"),
        Some(&serde_json::json!(219.0))
    );
}
