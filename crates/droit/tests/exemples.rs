//! Les exemples travaillés du dépôt (`tests/donnees/exemples/*.json`) : chacun est une
//! carrière ou une situation écrite pour ce dépôt, avec sa source juridique (`source`), le
//! calcul fait à la main (`calcul`) et les valeurs attendues (`attendu`).

mod commun;

use commun::{noms_exemples, verifier_exemple};

#[test]
fn chaque_exemple_du_depot_donne_les_valeurs_attendues() {
    let noms = noms_exemples();
    assert!(noms.len() >= 9, "exemples manquants : {noms:?}");
    for nom in noms {
        verifier_exemple(&nom);
    }
}

#[test]
fn chaque_commande_a_un_exemple() {
    let mut sans_exemple: Vec<&str> = vec![
        "eligibilite",
        "services",
        "quota",
        "liste-aptitude",
        "intercommunal",
    ];
    for nom in noms_exemples() {
        let ex = commun::lire_exemple(&nom);
        sans_exemple.retain(|c| ex["commande"] != *c);
    }
    assert!(
        sans_exemple.is_empty(),
        "commandes sans exemple : {sans_exemple:?}"
    );
}

#[test]
fn le_selecteur_des_chemins() {
    // Grammaire : nom.nom[cle=valeur][0] ; un filtre doit laisser un seul élément.
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
