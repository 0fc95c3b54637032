//! Validation du format de la grille (contrat v2, « LDG grid ») : chaque erreur nomme le
//! critère et le champ, avec son pointeur JSON.

use droit::ldg::{CleDepartage, ErreursGrille, ModeCritere, lire_grille};
use serde_json::{Value, json};

fn erreurs(g: Value) -> ErreursGrille {
    lire_grille(&g.to_string()).expect_err("grille refusée attendue")
}

fn une_erreur(g: Value) -> (String, String, String) {
    let e = erreurs(g);
    assert_eq!(e.erreurs.len(), 1, "{:#?}", e.erreurs);
    let x = e.premiere();
    (x.code.clone(), x.message.clone(), x.chemin.clone())
}

fn base(criteres: Value) -> Value {
    json!({"libelle": "LDG 2027", "criteres": criteres})
}

fn crep() -> Value {
    json!({"code": "crep", "libelle": "Valeur professionnelle", "mode": "somme", "champ": "crep",
           "valeurs": {"bon": 6, "excellent": 9}, "max": 45, "piece": "crep"})
}

#[test]
fn format_du_contrat_accepte_et_relu_a_l_identique() {
    // Exemple de critères du contrat v2 : un de chaque mode.
    let g = json!({
        "libelle": "LDG 2027",
        "criteres": [
            crep(),
            {"code": "fonctions", "libelle": "Fonctions", "mode": "choix", "champ": "niveau_fonctions",
             "valeurs": {"intermediaire": 25}, "categories": ["A", "B"]},
            {"code": "formation", "libelle": "Formation", "mode": "par_unite", "champ": "jours_formation",
             "points": 1, "max": 15, "voies": ["choix"]},
            {"code": "concours", "libelle": "Concours", "mode": "oui_non", "champ": "concours", "points": 15},
            {"code": "rang", "libelle": "Ordre de l'autorité", "mode": "rang_autorite",
             "valeurs": {"1": 10, "2": 6, "3": 3}},
            {"code": "anciennete", "libelle": "Ancienneté", "mode": "anciennete", "source": "categorie",
             "points_par_an": 1, "prorata": "mois", "max": 45}
        ],
        "departage": ["anciennete_categorie", "anciennete_fonction_publique", "anciennete_grade",
                      "rang_autorite", "age", "critere:crep"]
    });
    let lue = lire_grille(&g.to_string()).expect("grille valide");
    assert_eq!(lue.criteres.len(), 6);
    assert_eq!(lue.criteres[4].mode, ModeCritere::RangAutorite);
    assert_eq!(lue.departage[5], CleDepartage::Critere("crep".into()));
    // Réécrite puis relue, elle est identique, sans champ ajouté.
    let ecrite = serde_json::to_string(&lue).unwrap();
    assert!(
        !ecrite.contains("null") && !ecrite.contains("groupes"),
        "{ecrite}"
    );
    assert_eq!(lire_grille(&ecrite).unwrap(), lue);
    let cles = |v: &Value| {
        v["criteres"][5]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(cles(&serde_json::from_str(&ecrite).unwrap()), cles(&g));
}

#[test]
fn mode_inconnu_nomme_le_critere_et_les_modes_admis() {
    let (code, message, chemin) = une_erreur(base(json!([
        crep(),
        {"code": "bonus", "libelle": "Bonus", "mode": "bareme", "champ": "x"}
    ])));
    assert_eq!(code, "code_inconnu");
    assert_eq!(chemin, "/criteres/1/mode");
    assert!(
        message.starts_with("Critère n° 2 (« bonus ») : le mode « bareme » est inconnu"),
        "{message}"
    );
    assert!(message.contains("rang_autorite"), "{message}");
}

#[test]
fn champ_obligatoire_du_mode_absent() {
    // Mode choix sans « champ » ni « valeurs » : deux erreurs, chacune sur son champ.
    let e = erreurs(base(json!([
        {"code": "fonctions", "libelle": "Fonctions", "mode": "choix"}
    ])));
    let chemins: Vec<&str> = e.erreurs.iter().map(|x| x.chemin.as_str()).collect();
    assert_eq!(chemins, ["/criteres/0/champ", "/criteres/0/valeurs"]);
    assert_eq!(e.erreurs[0].code, "champ_manquant");
    assert!(
        e.erreurs[0]
            .message
            .contains("Critère n° 1 (« fonctions »)")
    );
    assert!(
        e.erreurs[0]
            .message
            .contains("« champ » est obligatoire pour le mode « choix »")
    );
}

#[test]
fn champ_d_un_autre_mode_refuse() {
    let (code, message, chemin) = une_erreur(base(json!([
        {"code": "concours", "libelle": "Concours", "mode": "oui_non", "champ": "concours",
         "points": 15, "valeurs": {"oui": 15}}
    ])));
    assert_eq!(code, "champ_inattendu");
    assert_eq!(chemin, "/criteres/0/valeurs");
    assert!(
        message.contains("ne s'applique pas au mode « oui_non »"),
        "{message}"
    );
}

#[test]
fn points_negatifs_refuses_ou_qu_ils_soient() {
    let e = erreurs(base(json!([
        {"code": "fonctions", "libelle": "Fonctions", "mode": "choix", "champ": "niveau",
         "valeurs": {"bas": -5, "haut": 10}, "max": -1},
        {"code": "formation", "libelle": "Formation", "mode": "par_unite", "champ": "jours", "points": -1}
    ])));
    let chemins: Vec<&str> = e.erreurs.iter().map(|x| x.chemin.as_str()).collect();
    assert_eq!(
        chemins,
        [
            "/criteres/0/valeurs/bas",
            "/criteres/0/max",
            "/criteres/1/points"
        ]
    );
    assert!(e.erreurs.iter().all(|x| x.code == "points_negatifs"));
    assert!(e.erreurs[0].message.contains("la valeur « bas » vaut -5"));
}

#[test]
fn codes_en_double() {
    let (code, message, chemin) = une_erreur(base(json!([crep(), crep()])));
    assert_eq!(code, "code_en_double");
    assert_eq!(chemin, "/criteres/1/code");
    assert!(message.contains("déjà celui du critère n° 1"), "{message}");
}

#[test]
fn cle_de_departage_inconnue_ou_critere_absent() {
    let (code, message, chemin) = une_erreur(json!({
        "libelle": "LDG", "criteres": [crep()], "departage": ["age", "anciennete"]
    }));
    assert_eq!(code, "cle_departage_inconnue");
    assert_eq!(chemin, "/departage/1");
    assert!(message.contains("« anciennete » est inconnue"), "{message}");

    let (code, message, chemin) = une_erreur(json!({
        "libelle": "LDG", "criteres": [crep()], "departage": ["critere:diplome"]
    }));
    assert_eq!(code, "critere_inconnu");
    assert_eq!(chemin, "/departage/0");
    assert!(
        message.contains("le critère « diplome » n'existe pas"),
        "{message}"
    );
}

#[test]
fn champ_inconnu_et_type_invalide_nomment_le_critere() {
    let (code, message, chemin) = une_erreur(base(json!([
        {"code": "crep", "libelle": "CREP", "mode": "somme", "champ": "crep",
         "valeurs": {"bon": 6}, "pts": 3}
    ])));
    assert_eq!(code, "champ_inconnu");
    assert!(chemin.starts_with("/criteres/0"), "{chemin}");
    assert!(message.starts_with("Critère n° 1 (« crep »)"), "{message}");

    let (code, _, chemin) = une_erreur(base(json!([
        {"code": "crep", "libelle": "CREP", "mode": "somme", "champ": "crep",
         "valeurs": {"bon": "six"}}
    ])));
    assert_eq!(code, "type_invalide");
    assert_eq!(chemin, "/criteres/0/valeurs/bon");
}

#[test]
fn rangs_de_l_autorite_entiers_a_partir_de_1() {
    let (code, _, chemin) = une_erreur(base(json!([
        {"code": "rang", "libelle": "Rang", "mode": "rang_autorite", "valeurs": {"1": 10, "premier": 5}}
    ])));
    assert_eq!(code, "rang_invalide");
    assert_eq!(chemin, "/criteres/0/valeurs/premier");
    let (code, _, _) = une_erreur(base(json!([
        {"code": "rang", "libelle": "Rang", "mode": "rang_autorite", "valeurs": {"0": 10}}
    ])));
    assert_eq!(code, "rang_invalide");
}

#[test]
fn voie_inscription_examen_cible_inconnue_groupe_non_declare() {
    let e = erreurs(base(json!([
        {"code": "x", "libelle": "X", "mode": "oui_non", "champ": "x", "points": 1,
         "voies": ["inscription_examen"], "cibles": ["attache", "astronaute"], "groupe": "g"}
    ])));
    let chemins: Vec<&str> = e.erreurs.iter().map(|x| x.chemin.as_str()).collect();
    assert_eq!(
        chemins,
        [
            "/criteres/0/voies/0",
            "/criteres/0/cibles/1",
            "/criteres/0/groupe"
        ]
    );
}

#[test]
fn tranches_qui_se_chevauchent() {
    let (code, _, chemin) = une_erreur(base(json!([
        {"code": "encadrement", "libelle": "Encadrement", "mode": "tranches", "champ": "agents",
         "tranches": [{"min": 1, "max": 5, "points": 1}, {"min": 5, "points": 2}]}
    ])));
    assert_eq!(code, "tranches_chevauchantes");
    assert_eq!(chemin, "/criteres/0/tranches/1/min");
}

#[test]
fn anciennete_exige_source_points_et_prorata() {
    let e = erreurs(base(json!([
        {"code": "anciennete", "libelle": "Ancienneté", "mode": "anciennete", "points_par_an": 1}
    ])));
    let chemins: Vec<&str> = e.erreurs.iter().map(|x| x.chemin.as_str()).collect();
    assert_eq!(chemins, ["/criteres/0/source", "/criteres/0/prorata"]);
    // Une source inconnue est refusée à la lecture.
    let (code, _, chemin) = une_erreur(base(json!([
        {"code": "anciennete", "libelle": "Ancienneté", "mode": "anciennete", "source": "echelon",
         "points_par_an": 1, "prorata": "mois"}
    ])));
    assert_eq!(code, "code_inconnu");
    assert_eq!(chemin, "/criteres/0/source");
}

#[test]
fn grille_vide_ou_sans_intitule() {
    let e = erreurs(json!({"libelle": " ", "criteres": []}));
    let chemins: Vec<&str> = e.erreurs.iter().map(|x| x.chemin.as_str()).collect();
    assert_eq!(chemins, ["/libelle", "/criteres"]);
    let (code, _, chemin) = une_erreur(json!({"criteres": [crep()]}));
    assert_eq!(code, "champ_manquant");
    assert_eq!(chemin, "");
}

#[test]
fn json_mal_forme() {
    let e = lire_grille("{\"libelle\": ").expect_err("refus");
    assert_eq!(e.premiere().code, "json_invalide");
}
