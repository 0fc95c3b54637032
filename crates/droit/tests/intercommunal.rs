//! Agent intercommunal : autorité compétente et validité de la décision (décret 91-298
//! art. 14, cité par le guide CDG Martinique §I.A). Chaque cas cite la source de la valeur attendue.

use droit::commandes::executer;
use serde_json::{Value, json};

fn inter(employeurs: Value) -> Value {
    executer(
        "intercommunal",
        &json!({ "employeurs": employeurs }).to_string(),
    )
    .expect("réponse attendue")
}

fn emp(id: &str, heures: f64, recrutement: &str, accord: Value) -> Value {
    json!({"id": id, "heures_hebdomadaires": heures, "date_recrutement": recrutement, "accord": accord})
}

#[test]
fn intercommunal_majorite_des_heures() {
    // Guide CDG Martinique §I.A : l'employeur où l'agent accomplit le plus d'heures décide.
    let r = inter(json!([
        {"id": "X", "heures_hebdomadaires": 12, "date_recrutement": "2010-01-01", "accord": true},
        {"id": "Y", "heures_hebdomadaires": 20, "date_recrutement": "2014-01-01", "accord": true}
    ]));
    assert_eq!(r["autorite"], "Y");
    assert_eq!(r["decision_valide"], true);
    assert_eq!(r["regle"], "accord_unanime");
    assert_eq!(r["designation"], "plus_grande_duree");
}

#[test]
fn a_duree_egale_le_premier_recruteur() {
    // Guide CDG Martinique §I.A : « en cas de durée égale […], par l'autorité territoriale qui l'a
    // recruté en premier ».
    let r = inter(json!([
        emp("A", 17.5, "2015-09-01", json!(true)),
        emp("B", 17.5, "2012-03-01", json!(true)),
        emp("C", 5.0, "2005-01-01", json!(true))
    ]));
    assert_eq!(r["autorite"], "B");
    assert_eq!(r["designation"], "premier_recruteur");
}

#[test]
fn egalite_complete_autorite_non_determinable() {
    // Le texte ne départage pas deux employeurs à durée et date égales : inconnu, pas supposé.
    let r = inter(json!([
        emp("A", 10.0, "2015-09-01", json!(true)),
        emp("B", 10.0, "2015-09-01", json!(true))
    ]));
    assert_eq!(r["autorite"], Value::Null);
}

#[test]
fn desaccord_deux_tiers_des_autorites_plus_de_la_moitie_des_heures() {
    // Guide CDG Martinique §I.A, 1re branche : 2 autorités sur 3 (deux tiers), 30 h sur 35 (plus de la
    // moitié).
    let r = inter(json!([
        emp("A", 20.0, "2010-01-01", json!(true)),
        emp("B", 10.0, "2011-01-01", json!(true)),
        emp("C", 5.0, "2012-01-01", json!(false))
    ]));
    assert_eq!(r["decision_valide"], true);
    assert_eq!(r["regle"], "deux_tiers_autorites_plus_moitie_heures");
}

#[test]
fn desaccord_moitie_des_autorites_plus_des_deux_tiers_des_heures() {
    // Guide CDG Martinique §I.A, 2e branche (« ou de la moitié au moins des autorités concernées
    // représentant plus des deux tiers de cette durée ») : 2 autorités sur 4, 26 h sur 28.
    // Marquée R dans note juridique §7, mais citée en toutes lettres par le seed.
    let r = inter(json!([
        emp("A", 25.0, "2010-01-01", json!(true)),
        emp("B", 1.0, "2011-01-01", json!(true)),
        emp("C", 1.0, "2012-01-01", json!(false)),
        emp("D", 1.0, "2013-01-01", json!(false))
    ]));
    assert_eq!(r["decision_valide"], true);
    assert_eq!(r["regle"], "moitie_autorites_plus_deux_tiers_heures");
    let c = &r["conditions"].as_array().unwrap()[2];
    assert_eq!(c["code"], "majorite_moitie_autorites");
    assert_eq!(c["verifie"], true);
}

#[test]
fn desaccord_sans_majorite() {
    // Guide CDG Martinique §I.A : deux tiers des autorités mais seulement 10 h sur 30 ; la moitié des
    // autorités mais pas les deux tiers des heures : décision impossible.
    let r = inter(json!([
        emp("A", 5.0, "2010-01-01", json!(true)),
        emp("B", 5.0, "2011-01-01", json!(true)),
        emp("C", 20.0, "2012-01-01", json!(false))
    ]));
    assert_eq!(r["autorite"], "C");
    assert_eq!(r["decision_valide"], false);
    assert_eq!(r["regle"], "majorite_non_atteinte");
}

#[test]
fn la_moitie_exacte_des_heures_ne_suffit_pas() {
    // Guide CDG Martinique §I.A : « plus de la moitié » ; 20 h sur 40 n'est pas plus de la moitié.
    let r = inter(json!([
        emp("A", 10.0, "2010-01-01", json!(true)),
        emp("B", 10.0, "2011-01-01", json!(true)),
        emp("C", 20.0, "2012-01-01", json!(false))
    ]));
    assert_eq!(r["decision_valide"], false);
}

#[test]
fn accords_inconnus() {
    // Standard du projet : un accord inconnu qui peut faire basculer le résultat donne
    // « inconnu ». Ici, si B est d'accord, la 1re branche est remplie ; sinon, aucune.
    let r = inter(json!([
        emp("A", 20.0, "2010-01-01", json!(true)),
        emp("B", 10.0, "2011-01-01", Value::Null),
        emp("C", 5.0, "2012-01-01", json!(false))
    ]));
    assert_eq!(r["decision_valide"], Value::Null);
    assert_eq!(r["regle"], "accords_inconnus");
    // Un accord inconnu qui ne change rien : la décision est valide quoi qu'il arrive.
    let r = inter(json!([
        emp("A", 20.0, "2010-01-01", json!(true)),
        emp("B", 10.0, "2011-01-01", json!(true)),
        emp("C", 2.0, "2012-01-01", Value::Null)
    ]));
    assert_eq!(r["decision_valide"], true);
}

#[test]
fn entrees_invalides() {
    let e = executer(
        "intercommunal",
        &json!({"employeurs": [emp("A", -3.0, "2010-01-01", json!(true))]}).to_string(),
    )
    .unwrap_err();
    assert_eq!(e.chemin, "/employeurs/0/heures_hebdomadaires");
    let e = executer(
        "intercommunal",
        &json!({"employeurs": [emp("A", 3.0, "2010-01-01", json!(true)), emp("A", 4.0, "2011-01-01", json!(true))]}).to_string(),
    )
    .unwrap_err();
    assert_eq!(e.chemin, "/employeurs/1/id");
    let e = executer("intercommunal", r#"{"employeurs": []}"#).unwrap_err();
    assert_eq!(e.chemin, "/employeurs");
    let e = executer(
        "intercommunal",
        r#"{"employeurs": [{"id": "A", "heures_hebdomadaires": 3, "date_recrutement": "2010-01-01", "quotite": 80}]}"#,
    )
    .unwrap_err();
    assert_eq!(e.code, "champ_inconnu");
}
