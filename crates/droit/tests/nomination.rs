//! Nomination depuis une liste d'aptitude : chaque règle avec sa source.

use droit::commandes::executer;
use serde_json::{Value, json};

fn nomination(entree: Value) -> Value {
    executer("nomination", &entree.to_string()).expect("réponse attendue")
}

fn demande(cible: &str, employeur: Value) -> Value {
    json!({
        "cible": cible, "date_nomination": "2026-03-01", "employeur": employeur,
        "poste_cree": true, "vacance_declaree": true, "inscrit_liste_aptitude": true
    })
}

fn condition<'a>(r: &'a Value, code: &str) -> &'a Value {
    r["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap_or_else(|| panic!("condition {code} absente"))
}

#[test]
fn ingenieur_en_chef_collectivite_de_plus_de_40000_habitants() {
    // FAQ CNFPT ingénieur en chef Q37 : « seules les collectivités de plus de 40 000 habitants […] peuvent
    // procéder à la nomination » ; Q38 : stage de six mois, sans dispense.
    let r = nomination(demande(
        "ingenieur_en_chef",
        json!({"type": "commune", "population": 45000}),
    ));
    assert_eq!(r["possible"], true);
    assert_eq!(condition(&r, "seuil_demographique")["satisfaite"], true);
    assert_eq!(r["stage_mois"], 6);
    assert_eq!(r["titularisation_directe"], false);
    assert_eq!(r["fin_stage_prevue"], "2026-08-31");
    assert_eq!(r["verifie"], true);
    // « plus de 40 000 » : 40 000 exactement ne suffit pas.
    let r = nomination(demande(
        "ingenieur_en_chef",
        json!({"type": "commune", "population": 40000}),
    ));
    assert_eq!(r["possible"], false);
    assert!(r["explication"].as_str().unwrap().contains("impossible"));
}

#[test]
fn ingenieur_en_chef_oph_et_etablissements_assimiles() {
    // FAQ CNFPT ingénieur en chef Q37 : OPH de plus de 10 000 logements ; établissements publics locaux
    // assimilés à une commune de plus de 40 000 habitants (décret du 22 septembre 2000).
    let r = nomination(demande(
        "ingenieur_en_chef",
        json!({"type": "oph", "logements": 12000}),
    ));
    assert_eq!(r["possible"], true);
    let r = nomination(demande(
        "ingenieur_en_chef",
        json!({"type": "oph", "logements": 9000}),
    ));
    assert_eq!(r["possible"], false);
    let r = nomination(demande("ingenieur_en_chef", json!({"type": "oph"})));
    assert_eq!(r["possible"], Value::Null);
    let r = nomination(demande(
        "ingenieur_en_chef",
        json!({"type": "epci", "population": 90000, "assimilation_population": 50000}),
    ));
    assert_eq!(r["possible"], true);
    let r = nomination(demande(
        "ingenieur_en_chef",
        json!({"type": "epci", "population": 90000}),
    ));
    assert_eq!(
        condition(&r, "seuil_demographique")["satisfaite"],
        Value::Null
    );
}

#[test]
fn emploi_cree_et_vacance_declaree() {
    // Guide CDG Martinique §II.E : nomination subordonnée à l'existence de l'emploi ; déclaration de
    // vacance obligatoire sous peine de nullité.
    let mut e = demande("technicien", json!({"type": "commune", "population": 3000}));
    e["vacance_declaree"] = json!(false);
    let r = nomination(e.clone());
    assert_eq!(r["possible"], false);
    assert_eq!(condition(&r, "vacance_declaree")["satisfaite"], false);
    e["vacance_declaree"] = json!(true);
    e["poste_cree"] = Value::Null;
    let r = nomination(e);
    assert_eq!(r["possible"], Value::Null);
    assert_eq!(
        condition(&r, "emploi_cree")["constate"],
        "inconnu (non renseigné)"
    );
}

#[test]
fn stage_de_six_mois_pour_a_et_b() {
    // Guide CDG Martinique §II.E : catégories A et B, stage de six mois ; durée propre à chaque statut
    // non vérifiée (note juridique §10.4).
    let r = nomination(demande(
        "technicien",
        json!({"type": "commune", "population": 3000}),
    ));
    assert_eq!(r["possible"], true);
    assert_eq!(r["stage_mois"], 6);
    assert_eq!(r["verifie"], false);
    assert!(r["explication"].as_str().unwrap().contains("non vérifiée"));
}

#[test]
fn conservateurs_stage_d_un_an() {
    // Guide CDG Martinique §II.E : « pour les conservateurs du patrimoine et les conservateurs des
    // bibliothèques, la durée du stage est fixée à un an ». Leur seuil démographique n'est
    // pas codé : inconnu.
    let r = nomination(demande(
        "conservateur_patrimoine",
        json!({"type": "departement", "population": 500000}),
    ));
    assert_eq!(r["stage_mois"], 12);
    assert_eq!(r["fin_stage_prevue"], "2027-02-28");
    assert_eq!(
        condition(&r, "seuil_demographique")["satisfaite"],
        Value::Null
    );
    assert_eq!(condition(&r, "seuil_demographique")["verifie"], false);
    assert_eq!(r["possible"], Value::Null);
}

#[test]
fn agent_de_maitrise_titularise_directement_apres_deux_ans_de_meme_nature() {
    // Guide CDG Martinique §II.E ; décret 88-547 art. 8 : dispense de stage avec deux ans de services
    // effectifs dans un emploi de même nature ; nomination directe comme titulaire.
    let mut e = demande(
        "agent_de_maitrise",
        json!({"type": "commune", "population": 3000}),
    );
    e["services_meme_nature"] = json!({"annees": 2, "mois": 0, "jours": 0});
    let r = nomination(e.clone());
    assert_eq!(r["titularisation_directe"], true);
    assert_eq!(r["stage_mois"], 0);
    assert_eq!(r["fin_stage_prevue"], Value::Null);
    e["services_meme_nature"] = json!({"annees": 1, "mois": 11, "jours": 29});
    let r = nomination(e.clone());
    assert_eq!(r["titularisation_directe"], false);
    assert_eq!(r["stage_mois"], Value::Null);
    e.as_object_mut().unwrap().remove("services_meme_nature");
    let r = nomination(e);
    assert_eq!(r["titularisation_directe"], Value::Null);
}

#[test]
fn entrees_invalides() {
    let e = executer(
        "nomination",
        &demande("ingenieur_divisionnaire", json!({"type": "commune"})).to_string(),
    )
    .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("code_inconnu", "/cible")
    );
    // Guide CDG Martinique §I.B : seuls les grades d'accès par promotion interne sont des cibles.
    let e = executer(
        "nomination",
        &demande("greffier", json!({"type": "commune"})).to_string(),
    )
    .unwrap_err();
    assert_eq!(e.code, "cible_invalide");
    let e = executer(
        "nomination",
        &demande("technicien", json!({"type": "mairie"})).to_string(),
    )
    .unwrap_err();
    assert_eq!(e.chemin, "/employeur/type");
    let mut d = demande("agent_de_maitrise", json!({"type": "commune"}));
    d["services_meme_nature"] = json!({"annees": 1, "mois": 14, "jours": 0});
    let e = executer("nomination", &d.to_string()).unwrap_err();
    assert_eq!(e.chemin, "/services_meme_nature");
}
