//! Cas d'éligibilité, chacun avec sa source : FAQ CNFPT ingénieur en chef (FAQ CNFPT, examen d'ingénieur en
//! chef, Q2 à Q17), fiche service-public.fr F17757 (fiche service-public), guide CDG Martinique (guide CDG §I.D).

mod commun;
#[path = "eligibilite_cas/filieres_b.rs"]
mod filieres_b;

use commun::periode;
use serde_json::{Value, json};

fn eligibilite(annee: i32, cibles: &[&str], agent: Value) -> Value {
    let e = json!({"annee": annee, "cibles": cibles, "agent": agent});
    droit::commandes::executer("eligibilite", &e.to_string())
        .unwrap_or_else(|e| panic!("erreur inattendue : {e:?}"))
}

fn voie<'a>(r: &'a Value, cible: &str, voie: &str) -> &'a Value {
    r["voies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["cible"] == cible && v["voie"] == voie)
        .unwrap_or_else(|| panic!("voie {cible}/{voie} absente"))
}

fn eligible(r: &Value, cible: &str, v: &str) -> bool {
    voie(r, cible, v)["eligible"].as_bool().unwrap()
}

/// La condition de ce code dans une variante (l'ordre dépend des conditions présentes).
fn condition_de<'a>(variante: &'a Value, code: &str) -> &'a Value {
    variante["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap_or_else(|| panic!("condition {code} absente"))
}

fn avec(mut p: Value, champs: Value) -> Value {
    for (k, x) in champs.as_object().unwrap() {
        p[k] = x.clone();
    }
    p
}

fn detache(debut: &str, fin: Option<&str>, grade: &str, emploi: Value) -> Value {
    avec(
        periode(debut, fin, grade),
        json!({"position": "detachement", "emploi": emploi}),
    )
}

/// Ingénieur principal depuis 2020 : 6 ans au 31/12/2025.
fn ip_depuis_2020(derniere: Value) -> Value {
    json!({"periodes": [
        periode("2012-01-01", Some("2019-12-31"), "ingenieur"),
        periode("2020-01-01", Some("2025-06-30"), "ingenieur_principal"),
        derniere,
    ]})
}

const IC: &str = "ingenieur_en_chef";
const INSC: &str = "inscription_examen";

#[test]
fn q2_1_services_detaches_dans_les_emplois_comptent_avec_le_grade() {
    // FAQ CNFPT ingénieur en chef Q2 1) : « Sont également pris en compte les services accomplis par ces
    // fonctionnaires, détachés dans un ou plusieurs des emplois » : 2 ans d'activité
    // d'ingénieur principal + 2 ans de détachement DGS (15 000 hab.) = 4 ans au 31/12/2025.
    let agent = json!({"periodes": [
        periode("2014-01-01", Some("2021-12-31"), "ingenieur"),
        periode("2022-01-01", Some("2023-12-31"), "ingenieur_principal"),
        detache("2024-01-01", None, "ingenieur_principal", json!({"code": "dgs_commune", "population": 15000})),
    ]});
    assert!(eligible(&eligibilite(2025, &[IC], agent.clone()), IC, INSC));
    // Sans le détachement compté (contrat de projet, FAQ CNFPT ingénieur en chef Q10) : 2 + 2 ans non comptés.
    let agent2 = json!({"periodes": [
        periode("2014-01-01", Some("2021-12-31"), "ingenieur"),
        periode("2022-01-01", Some("2023-12-31"), "ingenieur_principal"),
        detache("2024-01-01", None, "ingenieur_principal", json!({"code": "contrat_projet"})),
    ]});
    let r = eligibilite(2025, &[IC], agent2);
    assert!(!eligible(&r, IC, INSC));
    // Q10 : il peut concourir « compte non tenu des services de contrat de projet » : la
    // position n'est pas en cause, seuls les services manquent (2 ans).
    // (La voie est datée depuis le 01/03/2016 : sa période d'application est la première
    // condition ; pour l'inscription, la position s'apprécie à la clôture des inscriptions.)
    let variante = &voie(&r, IC, INSC)["variantes"][0];
    assert_eq!(
        condition_de(variante, "position_cloture_inscriptions")["satisfaite"],
        true
    );
    assert_eq!(
        condition_de(variante, "services_effectifs")["satisfaite"],
        false
    );
    assert_eq!(voie(&r, IC, INSC)["premiere_annee_eligible"], Value::Null);
}

#[test]
fn q2_2_six_ans_de_detachement_dans_les_emplois_fonctionnels() {
    // FAQ CNFPT ingénieur en chef Q2 2) c) : DGA d'une commune de plus de 20 000 habitants pendant 6 ans.
    let agent = |population: u32| {
        json!({"periodes": [
            periode("2010-01-01", Some("2019-12-31"), "ingenieur"),
            detache("2020-01-01", None, "ingenieur", json!({"code": "dga_commune", "population": population})),
        ]})
    };
    // Au 31/12/2025 : 6 ans (2 192 jours) : session 2025 oui (FAQ CNFPT ingénieur en chef Q17) ; au 31/12/2024,
    // 5 ans seulement : session 2024 non.
    assert!(!eligible(&eligibilite(2024, &[IC], agent(25000)), IC, INSC));
    assert!(eligible(&eligibilite(2025, &[IC], agent(25000)), IC, INSC));
    // 15 000 habitants : la borne « plus de 20 000 » n'est pas atteinte.
    assert!(!eligible(&eligibilite(2026, &[IC], agent(15000)), IC, INSC));
}

#[test]
fn q12_le_surclassement_demographique_compte() {
    // FAQ CNFPT ingénieur en chef Q12 : commune de moins de 10 000 habitants surclassée : le candidat peut
    // concourir ; contrat v1 : `surclassement` compte à la place de `population`.
    let agent = json!({"periodes": [
        periode("2010-01-01", Some("2019-12-31"), "ingenieur"),
        detache("2020-01-01", None, "ingenieur", json!({"code": "dgs_commune", "population": 8000, "surclassement": 20000})),
    ]});
    assert!(eligible(&eligibilite(2026, &[IC], agent), IC, INSC));
}

#[test]
fn q16_plusieurs_emplois_se_cumulent() {
    // FAQ CNFPT ingénieur en chef Q16 : « sont comptabilisés dans les six ans les fonctions exercées sur un ou
    // plusieurs des emplois » : 3 ans DGS (12 000 hab.) + 3 ans DST (50 000 hab.).
    let agent = json!({"periodes": [
        periode("2010-01-01", Some("2019-12-31"), "ingenieur"),
        detache("2020-01-01", Some("2022-12-31"), "ingenieur", json!({"code": "dgs_commune", "population": 12000})),
        detache("2023-01-01", None, "ingenieur", json!({"code": "dst_commune", "population": 50000})),
    ]});
    assert!(eligible(&eligibilite(2025, &[IC], agent), IC, INSC));
}

#[test]
fn q13_directeur_de_sdis_n_est_pas_un_emploi_du_2() {
    // FAQ CNFPT ingénieur en chef Q13 : même après 6 ans, non.
    let agent = json!({"periodes": [
        periode("2005-01-01", Some("2017-12-31"), "ingenieur"),
        detache("2018-01-01", None, "ingenieur", json!({"code": "directeur_sdis", "population": null})),
    ]});
    let r = eligibilite(2026, &[IC], agent);
    assert!(!eligible(&r, IC, INSC));
    assert_eq!(voie(&r, IC, INSC)["premiere_annee_eligible"], Value::Null);
}

#[test]
fn q4_q9_un_fonctionnaire_de_l_etat_n_est_pas_membre_du_cadre() {
    // FAQ CNFPT ingénieur en chef Q9 : fonctionnaire de l'État mis à disposition sur un grade d'avancement
    // territorial : non (il n'est pas membre du cadre d'emplois).
    let agent = json!({"periodes": [avec(
        periode("2015-01-01", None, "ingenieur_principal"),
        json!({"versant": "etat", "position": "mise_a_disposition"}),
    )]});
    let r = eligibilite(2026, &[IC], agent);
    assert!(!eligible(&r, IC, INSC));
    let c = condition_de(&voie(&r, IC, INSC)["variantes"][0], "grade_detenu");
    assert_eq!(c["satisfaite"], false);
    assert!(c["constate"].as_str().unwrap().contains("autre versant"));
}

#[test]
fn q5_congé_parental_permet_de_concourir() {
    // FAQ CNFPT ingénieur en chef Q5 : l'agent en congé parental a accès à l'examen (CGFP L.515-7).
    let cp = avec(
        periode("2025-07-01", None, "ingenieur_principal"),
        json!({"position": "conge_parental"}),
    );
    assert!(eligible(
        &eligibilite(2026, &[IC], ip_depuis_2020(cp)),
        IC,
        INSC
    ));
}

#[test]
fn q6_la_disponibilite_ne_permet_pas_de_concourir() {
    // FAQ CNFPT ingénieur en chef Q6 : « le droit de se présenter à l'examen ne s'applique qu'aux membres du
    // cadre d'emplois […] en position statutaire d'activité ».
    let d = avec(
        periode("2025-07-01", None, "ingenieur_principal"),
        json!({"position": "disponibilite", "motif_disponibilite": "convenances_personnelles"}),
    );
    let r = eligibilite(2026, &[IC], ip_depuis_2020(d));
    assert!(!eligible(&r, IC, INSC));
}

#[test]
fn q7_detachement_pour_mandat_non_et_q8_mise_a_disposition_oui() {
    // FAQ CNFPT ingénieur en chef Q7 : détachement pour mandat (emploi « autre ») : non établi → pas éligible,
    // condition inconnue. Q8 : la MAD relève de l'activité : oui.
    let mandat = detache(
        "2025-07-01",
        None,
        "ingenieur_principal",
        json!({"code": "autre"}),
    );
    let r = eligibilite(2026, &[IC], ip_depuis_2020(mandat));
    assert!(!eligible(&r, IC, INSC));
    let pos = condition_de(
        &voie(&r, IC, INSC)["variantes"][0],
        "position_cloture_inscriptions",
    );
    assert_eq!(pos["satisfaite"], Value::Null);
    let mad = avec(
        periode("2025-07-01", None, "ingenieur_principal"),
        json!({"position": "mise_a_disposition"}),
    );
    assert!(eligible(
        &eligibilite(2026, &[IC], ip_depuis_2020(mad)),
        IC,
        INSC
    ));
}

#[test]
fn q14_aucune_condition_d_age() {
    // FAQ CNFPT ingénieur en chef Q14 : pas de limite d'âge pour l'examen d'ingénieur en chef.
    let r = eligibilite(
        2026,
        &[IC],
        ip_depuis_2020(periode("2025-07-01", None, "ingenieur_principal")),
    );
    for va in voie(&r, IC, INSC)["variantes"].as_array().unwrap() {
        assert!(
            va["conditions"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["code"] != "age_minimum")
        );
    }
}

#[test]
fn q15_un_contractuel_ne_peut_pas_concourir() {
    // FAQ CNFPT ingénieur en chef Q15 : seuls certains membres du cadre d'emplois.
    let c = avec(
        periode("2015-01-01", None, "ingenieur_principal"),
        json!({"statut": "contractuel"}),
    );
    let r = eligibilite(2026, &[IC], json!({"periodes": [c]}));
    assert!(!eligible(&r, IC, INSC));
}

#[test]
fn q17_conditions_remplies_au_plus_tard_le_31_decembre_de_la_session() {
    // FAQ CNFPT ingénieur en chef Q17 (décret 2013-593 art. 16 et 21) : 4 ans atteints le 30/06/2026 : session
    // 2026 oui, session 2025 non ; première année 2026.
    let agent = json!({"periodes": [
        periode("2014-01-01", Some("2022-06-30"), "ingenieur"),
        periode("2022-07-01", None, "ingenieur_principal"),
    ]});
    let r = eligibilite(2026, &[IC], agent.clone());
    assert!(eligible(&r, IC, INSC));
    assert_eq!(voie(&r, IC, INSC)["premiere_annee_eligible"], json!(2026));
    assert!(!eligible(&eligibilite(2025, &[IC], agent), IC, INSC));
}

#[test]
fn cas_particulier_l343_1() {
    // FAQ CNFPT ingénieur en chef Q2, cas particulier : services sur un emploi fonctionnel de plus de 40 000
    // habitants occupé par contrat en disponibilité (CGFP L.343-1) comptés ; il faut ne plus
    // être en disponibilité pour concourir.
    let agent = |population: u32, retour: bool| {
        let dispo = avec(
            periode(
                "2016-01-01",
                Some(if retour { "2021-12-31" } else { "2030-12-31" }),
                "ingenieur",
            ),
            json!({"position": "disponibilite", "motif_disponibilite": "autre",
                   "emploi": {"code": "dgs_commune", "population": population}}),
        );
        let mut p = vec![
            periode("2008-01-01", Some("2015-12-31"), "ingenieur"),
            dispo,
        ];
        if retour {
            p.push(periode("2022-01-01", None, "ingenieur"));
        }
        json!({"periodes": p})
    };
    assert!(eligible(
        &eligibilite(2026, &[IC], agent(50000, true)),
        IC,
        INSC
    ));
    assert!(!eligible(
        &eligibilite(2026, &[IC], agent(30000, true)),
        IC,
        INSC
    ));
    assert!(!eligible(
        &eligibilite(2026, &[IC], agent(50000, false)),
        IC,
        INSC
    ));
}

#[test]
fn la_voie_examen_exige_la_reussite_au_1er_janvier_de_la_liste() {
    // Guide CDG Martinique §I.D : « l'agent proposé doit avoir satisfait aux épreuves de l'examen
    // professionnel de promotion interne au 1er janvier de l'année d'établissement de la
    // liste » ; fiche service-public.fr F17757 : examen d'ingénieur ouvert aux techniciens avec 8 ans.
    let agent = |session: i32| {
        json!({"periodes": [periode("2012-01-01", None, "technicien")],
               "examens": [{"examen": "ingenieur", "annee": session, "admis": true}]})
    };
    assert!(eligible(
        &eligibilite(2026, &["ingenieur"], agent(2025)),
        "ingenieur",
        "examen"
    ));
    assert!(!eligible(
        &eligibilite(2026, &["ingenieur"], agent(2026)),
        "ingenieur",
        "examen"
    ));
    let r = eligibilite(2026, &["ingenieur"], agent(2026));
    assert_eq!(
        voie(&r, "ingenieur", "examen")["premiere_annee_eligible"],
        json!(2027)
    );
}

#[test]
fn ingenieur_examen_technicien_dirigeant_seul_les_services_techniques() {
    // Fiche service-public.fr F17757 : techniciens qui, seuls de leur grade, dirigent depuis au moins 2 ans les
    // services techniques d'une commune de moins de 20 000 habitants.
    let agent = |population: u32| {
        let p = avec(
            periode("2022-01-01", None, "technicien"),
            json!({"fonctions": [{"code": "direction_services_techniques_seul", "population": population}]}),
        );
        json!({"periodes": [p]})
    };
    assert!(eligible(
        &eligibilite(2025, &["ingenieur"], agent(12000)),
        "ingenieur",
        INSC
    ));
    assert!(!eligible(
        &eligibilite(2025, &["ingenieur"], agent(25000)),
        "ingenieur",
        INSC
    ));
}

#[test]
fn ingenieur_choix_seed_001_premiere_annee() {
    // Fiche service-public.fr F17757 : technicien principal de 1re classe avec 8 ans comme TP2 ou TP1 : 8 ans au
    // 31/12/2021 pour une carrière de TP2 commencée en 2014 → liste 2022.
    let agent = json!({"periodes": [
        periode("2014-01-01", Some("2017-12-31"), "technicien_principal_2e_classe"),
        periode("2018-01-01", None, "technicien_principal_1re_classe"),
    ]});
    let r = eligibilite(2020, &["ingenieur"], agent);
    let v = voie(&r, "ingenieur", "choix");
    assert_eq!(v["eligible"], false);
    assert_eq!(v["premiere_annee_eligible"], json!(2022));
}

#[test]
fn formation_absente_non_evaluee_presente_evaluee() {
    // Contrat v1 : `formations` absent → condition `satisfaite: null` qui ne bloque pas ;
    // présent → évaluée (décret 2008-512 art. 16) et non appliquée à l'inscription à l'examen.
    let mut agent = json!({"periodes": [
        periode("2010-01-01", Some("2016-12-31"), "technicien_principal_2e_classe"),
        periode("2017-01-01", None, "technicien_principal_1re_classe"),
    ]});
    let r = eligibilite(2026, &["ingenieur"], agent.clone());
    let choix = voie(&r, "ingenieur", "choix");
    assert!(choix["eligible"].as_bool().unwrap());
    let f = choix["variantes"][0]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "formation_professionnalisation")
        .unwrap();
    assert_eq!(f["satisfaite"], Value::Null);
    for va in voie(&r, "ingenieur", INSC)["variantes"].as_array().unwrap() {
        assert!(
            va["conditions"]
                .as_array()
                .unwrap()
                .iter()
                .all(|c| c["code"] != "formation_professionnalisation")
        );
    }
    agent["formations"] = json!([]);
    let r = eligibilite(2026, &["ingenieur"], agent);
    let f = &voie(&r, "ingenieur", "choix")["variantes"][0]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "formation_professionnalisation")
        .cloned()
        .unwrap();
    // Le résultat vient du module formation ; s'il est inconnu, la voie n'est pas ouverte.
    if f["satisfaite"].is_null() {
        assert_eq!(voie(&r, "ingenieur", "choix")["eligible"], false);
    }
}

#[test]
fn greffier_conditions_au_1er_janvier_de_l_annee_de_l_examen() {
    // Fiche service-public.fr F17757 : adjoints administratifs du ministère de la justice justifiant « au 1er
    // janvier de l'année de l'examen » d'au moins 11 ans de services publics (R : non vérifié).
    let agent = json!({"periodes": [avec(
        periode("2015-01-01", None, "adjoint_administratif_justice"),
        json!({"versant": "etat"}),
    )]});
    let r = eligibilite(2026, &["greffier"], agent.clone());
    let v = voie(&r, "greffier", INSC);
    assert_eq!(v["eligible"], true);
    assert_eq!(v["verifie"], false);
    assert_eq!(v["services_arretes_au"], "2025-12-31");
    assert!(!eligible(
        &eligibilite(2025, &["greffier"], agent),
        "greffier",
        INSC
    ));
}

#[test]
fn technicien_hospitalier_examen_7_ans_choix_9_ans() {
    // Fiche service-public.fr F17757 : promotion interne au choix avec 9 ans de services publics, après examen
    // avec 7 ans.
    let agent = json!({"periodes": [avec(
        periode("2018-01-01", None, "ouvrier_principal"),
        json!({"versant": "hospitaliere"}),
    )]});
    // Depuis le 01/01/2018 : 7 ans au 31/12/2024, 9 ans au 31/12/2026 → liste 2027.
    let r = eligibilite(2026, &["technicien_hospitalier"], agent);
    assert_eq!(voie(&r, "technicien_hospitalier", INSC)["eligible"], true);
    assert_eq!(
        voie(&r, "technicien_hospitalier", "choix")["eligible"],
        false
    );
    assert_eq!(
        voie(&r, "technicien_hospitalier", "choix")["premiere_annee_eligible"],
        json!(2027)
    );
}

#[test]
fn une_regle_non_verifiee_le_dit() {
    // note juridique ADM-3a : durée R ; l'explication le signale.
    let agent = json!({"periodes": [periode("2010-01-01", None, "adjoint_administratif_principal_1re_classe")]});
    let r = eligibilite(2026, &["redacteur"], agent);
    let c = &voie(&r, "redacteur", "choix")["variantes"][0]["conditions"];
    let s = c
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "services_effectifs")
        .unwrap();
    assert_eq!(s["verifie"], false);
    assert!(
        s["requis"]
            .as_str()
            .unwrap()
            .contains("Règle non encore vérifiée sur le texte en vigueur")
    );
}

#[test]
fn cible_inconnue_et_annee_hors_bornes() {
    // Contrat v1 : code inconnu → code_inconnu avec le pointeur ; année hors 1950..2100.
    let e = json!({"annee": 2026, "cibles": ["ingenieur", "pharaon"], "agent": {"periodes": []}});
    let err = droit::commandes::executer("eligibilite", &e.to_string()).unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.chemin.as_str()),
        ("code_inconnu", "/cibles/1")
    );
    let e = json!({"annee": 2200, "agent": {"periodes": []}});
    let err = droit::commandes::executer("eligibilite", &e.to_string()).unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.chemin.as_str()),
        ("valeur_hors_bornes", "/annee")
    );
}

#[test]
fn toutes_les_cibles_du_tableau_cdg_sont_evaluees() {
    // Guide CDG Martinique §I.B : les grades accessibles par la promotion interne, plus les exemples
    // État et hospitalière de fiche service-public.fr F17757.
    let r = eligibilite(2026, &[], json!({"periodes": []}));
    assert!(r["voies"].as_array().unwrap().is_empty());
    let e = json!({"annee": 2026, "agent": {"periodes": []}});
    let r = droit::commandes::executer("eligibilite", &e.to_string()).unwrap();
    let cibles: std::collections::HashSet<&str> = r["voies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["cible"].as_str().unwrap())
        .collect();
    for c in [
        "administrateur",
        "attache",
        "redacteur_principal_2e_classe",
        "redacteur",
        "ingenieur_en_chef",
        "ingenieur",
        "technicien_principal_2e_classe",
        "technicien",
        "agent_de_maitrise",
        "conseiller_socio_educatif",
        "directeur_eea_2e_categorie",
        "professeur_ea_classe_normale",
        "conservateur_patrimoine",
        "conservateur_bibliotheques",
        "attache_conservation",
        "bibliothecaire",
        "assistant_conservation_principal_2e_classe",
        "assistant_conservation",
        "directeur_pm",
        "chef_service_pm",
        "conseiller_aps",
        "educateur_aps_principal_2e_classe",
        "educateur_aps",
        "animateur_principal_2e_classe",
        "animateur",
        "greffier",
        "technicien_hospitalier",
    ] {
        assert!(cibles.contains(c), "cible absente : {c}");
    }
}

#[test]
fn la_prose_francaise_reprend_les_conditions() {
    // Contrat v1 / ticket : `--format texte` imprime la même chose en prose.
    let e = json!({"annee": 2026, "cibles": ["ingenieur"], "agent": {"periodes": [
        periode("2010-01-01", Some("2016-12-31"), "technicien_principal_2e_classe"),
        periode("2017-01-01", None, "technicien_principal_1re_classe"),
    ]}});
    let t = droit::commandes::executer_texte("eligibilite", &e.to_string()).unwrap();
    assert!(t.contains("01/01/2026"), "{t}");
    assert!(
        t.contains(
            "Ingénieur territorial — promotion interne au choix : les conditions sont remplies"
        ),
        "{t}"
    );
    assert!(t.contains("Décret n° 2016-201"), "{t}");
}

#[test]
fn les_verdicts_de_masse_concordent_avec_la_reponse_expliquee() {
    // `verdicts` (traitements de masse) applique les mêmes règles que `evaluer_agent` :
    // mêmes voies, même éligibilité, même première année, sur les carrières des exemples
    // travaillés du dépôt et des cas ci-dessus.
    let mut agents = vec![
        json!({"periodes": [
            periode("2010-01-01", Some("2016-12-31"), "technicien_principal_2e_classe"),
            periode("2017-01-01", None, "technicien_principal_1re_classe"),
        ]}),
        ip_depuis_2020(periode("2025-07-01", None, "ingenieur_principal")),
        json!({"periodes": [periode("2012-01-01", None, "technicien")],
               "examens": [{"examen": "ingenieur", "annee": 2025, "admis": true}]}),
        json!({"periodes": [periode("2010-01-01", None, "adjoint_administratif_principal_1re_classe")]}),
    ];
    for nom in commun::noms_exemples() {
        let ex = commun::lire_exemple(&nom);
        if ex["commande"] == "eligibilite" {
            agents.push(ex["entree"]["agent"].clone());
        }
    }
    for a in agents {
        let agent: droit::carriere::Agent = serde_json::from_value(a).unwrap();
        for annee in [2020, 2026] {
            let r = droit::eligibilite::evaluer_agent(&agent, annee, None);
            let v = droit::eligibilite::verdicts(&agent, annee, None);
            let e = droit::eligibilite::eligibilites(&agent, annee, None);
            assert_eq!(r.voies.len(), v.len());
            assert_eq!(r.voies.len(), e.len());
            for ((x, y), z) in r.voies.iter().zip(&v).zip(&e) {
                assert_eq!((x.cible.as_str(), x.voie), (y.cible, y.voie));
                assert_eq!(x.eligible, y.eligible, "{} {:?} {annee}", x.cible, x.voie);
                assert_eq!(x.premiere_annee_eligible, y.premiere_annee_eligible);
                // `eligibilites` : même verdict de l'année, sans projection.
                assert_eq!((x.cible.as_str(), x.voie), (z.cible, z.voie));
                assert_eq!(x.eligible, z.eligible, "{} {:?} {annee}", x.cible, x.voie);
                assert_eq!(z.premiere_annee_eligible, None);
            }
        }
    }
}

#[test]
fn une_donnee_manquante_rend_la_condition_inconnue() {
    // Standard du projet : donnée manquante → `null`, jamais une supposition. Une
    // disponibilité sans motif pourrait être assimilée (CGFP L.514-2, FAQ CNFPT ingénieur en chef Q6) : avec
    // elle les 8 ans sont atteints, sans elle non.
    let dispo = avec(
        periode(
            "2020-01-01",
            Some("2021-12-31"),
            "technicien_principal_2e_classe",
        ),
        json!({"position": "disponibilite"}),
    );
    let agent = json!({"periodes": [
        periode("2014-01-01", Some("2019-12-31"), "technicien_principal_2e_classe"),
        dispo,
        periode("2022-01-01", None, "technicien_principal_1re_classe"),
    ]});
    // Au 31/12/2023 : 6 ans certains + 2 ans inconnus + 2 ans certains = 8 ans certains.
    // Au 31/12/2021 : 6 ans certains, 8 ans au plus.
    let r = eligibilite(2022, &["ingenieur"], agent);
    let s = voie(&r, "ingenieur", "choix")["variantes"][0]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "services_effectifs")
        .cloned()
        .unwrap();
    assert_eq!(s["satisfaite"], Value::Null);
    assert!(
        s["constate"]
            .as_str()
            .unwrap()
            .contains("données manquantes")
    );
    assert_eq!(voie(&r, "ingenieur", "choix")["eligible"], false);
}

#[test]
fn plan_de_requalification_sgm_limite_a_2027() {
    // Loi 2023-1380 art. 2, décret 2024-826 (note juridique ADM-3d) : liste
    // dérogatoire jusqu'au 31/12/2027, secrétaire général de mairie au 1er janvier depuis 4 ans.
    let p = avec(
        periode(
            "2018-01-01",
            None,
            "adjoint_administratif_principal_2e_classe",
        ),
        json!({"fonctions": [{"code": "secretaire_mairie", "population": 900}]}),
    );
    let agent = json!({"periodes": [p]});
    let va = |annee: i32| {
        let r = eligibilite(annee, &["redacteur"], agent.clone());
        voie(&r, "redacteur", "choix")["variantes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["code"] == "plan_requalification_sgm")
            .cloned()
            .unwrap()
    };
    assert_eq!(va(2026)["eligible"], true);
    assert_eq!(va(2028)["eligible"], false);
    assert_eq!(va(2028)["conditions"][0]["code"], "periode_application");
}

/// Réponse `eligibilite` avec une date de clôture des inscriptions.
fn eligibilite_cloture(annee: i32, cibles: &[&str], agent: Value, cloture: Option<&str>) -> Value {
    let e =
        json!({"annee": annee, "cibles": cibles, "agent": agent, "cloture_inscriptions": cloture});
    droit::commandes::executer("eligibilite", &e.to_string()).unwrap()
}

fn condition<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["variantes"][0]["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == code)
        .unwrap()
}

#[test]
fn position_appreciee_a_la_cloture_des_inscriptions() {
    // FAQ CNFPT ingénieur en chef Q6 : un fonctionnaire en disponibilité ne peut pas se
    // présenter ; Q21 : le dossier doit être déposé avant la clôture des inscriptions. Ingénieur
    // principal en activité jusqu'au 31/03/2026, en disponibilité pour convenances personnelles
    // depuis le 01/04/2026, session 2026.
    let agent = ip_depuis_2020(avec(
        periode("2026-04-01", None, "ingenieur_principal"),
        json!({"position": "disponibilite", "motif_disponibilite": "convenances_personnelles"}),
    ));
    let mut agent = agent;
    agent["periodes"][1]["fin"] = json!("2026-03-31");
    // Clôture le 15/03/2026 : encore en activité, la position est admise.
    let r = eligibilite_cloture(2026, &[IC], agent.clone(), Some("2026-03-15"));
    let pos = condition(voie(&r, IC, INSC), "position_cloture_inscriptions");
    assert_eq!(pos["satisfaite"], true);
    assert!(pos["constate"].as_str().unwrap().contains("15/03/2026"));
    // Clôture le 15/05/2026 : en disponibilité, non admise.
    let r = eligibilite_cloture(2026, &[IC], agent.clone(), Some("2026-05-15"));
    let pos = condition(voie(&r, IC, INSC), "position_cloture_inscriptions");
    assert_eq!(pos["satisfaite"], false);
    assert!(!eligible(&r, IC, INSC));
    // Date non fournie : la position change pendant l'année, la réponse est inconnue.
    let r = eligibilite_cloture(2026, &[IC], agent, None);
    let pos = condition(voie(&r, IC, INSC), "position_cloture_inscriptions");
    assert_eq!(pos["satisfaite"], Value::Null);
    assert!(
        pos["constate"]
            .as_str()
            .unwrap()
            .contains("cloture_inscriptions")
    );
    assert!(!eligible(&r, IC, INSC));
}

#[test]
fn tout_examen_exige_une_position_admise_a_la_cloture() {
    // Tout examen professionnel, pas seulement celui du CNFPT : un adjoint administratif
    // principal de 1re classe en disponibilité toute l'année 2026 ne peut pas s'inscrire à
    // l'examen de rédacteur principal de 2e classe (FAQ CNFPT ingénieur en chef Q6, règle
    // transposée et signalée comme non vérifiée pour cet examen).
    let agent = json!({"periodes": [
        periode("2005-01-01", Some("2025-12-31"), "adjoint_administratif_principal_1re_classe"),
        avec(
            periode("2026-01-01", None, "adjoint_administratif_principal_1re_classe"),
            json!({"position": "disponibilite", "motif_disponibilite": "convenances_personnelles"}),
        ),
    ]});
    let r = eligibilite_cloture(2026, &["redacteur_principal_2e_classe"], agent, None);
    let v = voie(&r, "redacteur_principal_2e_classe", INSC);
    let pos = condition(v, "position_cloture_inscriptions");
    assert_eq!(pos["satisfaite"], false);
    assert_eq!(pos["verifie"], false);
    assert!(
        pos["requis"]
            .as_str()
            .unwrap()
            .contains("Règle non encore vérifiée")
    );
    assert_eq!(v["eligible"], false);
}

// ------------------------------------------------------------------ Textes lus par l'utilisateur

/// Repères internes ou approximations qui n'ont rien à faire dans un texte lu par un
/// utilisateur : une règle non vérifiée se dit en français (« Règle non encore vérifiée sur le
/// texte en vigueur »), jamais par un repère de note de recherche ni un « environ ».
const INTERDITS: &[&str] = &[
    "note juridique",
    "ADM-",
    "TEC-",
    "SOC-",
    "MS-",
    "CUL-",
    "POL-",
    "SPO-",
    "ANI-",
    "SP-",
    "environ",
    "(D)",
];

/// Un « R » isolé, repère interne d'une règle « rappelée » non relue (« durée R », « (R) ») :
/// ni l'initiale d'un mot (« Rédacteurs »), ni un article réglementaire de code (« R. 221-5 »).
fn r_isole(texte: &str) -> bool {
    let c: Vec<char> = texte.chars().collect();
    c.iter().enumerate().any(|(i, &x)| {
        x == 'R'
            && (i == 0 || !c[i - 1].is_alphanumeric())
            && c.get(i + 1)
                .is_none_or(|n| !n.is_alphanumeric() && *n != '.')
    })
}

#[test]
fn le_repere_r_isole_est_reconnu() {
    assert!(r_isole("durée R"));
    assert!(r_isole("10 ans (R)"));
    assert!(r_isole("R : durée rappelée"));
    assert!(!r_isole(
        "membre titulaire du cadre d'emplois : Rédacteurs territoriaux"
    ));
    assert!(!r_isole("code du travail, article R. 221-5"));
}

fn fautes(ou: &str, texte: &str, fautes: &mut Vec<String>) {
    for i in INTERDITS {
        if texte.contains(i) {
            fautes.push(format!("{ou} : « {i} » dans « {texte} »"));
        }
    }
    if r_isole(texte) {
        fautes.push(format!("{ou} : « R » isolé dans « {texte} »"));
    }
}

/// Tous les textes d'une réponse JSON (valeurs de chaînes), avec leur chemin.
fn chaines(v: &Value, chemin: String, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) => out.push((chemin, s.clone())),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                chaines(x, format!("{chemin}/{i}"), out);
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                chaines(x, format!("{chemin}/{k}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn les_textes_du_moteur_sont_en_francais_clair() {
    // Textes rédigés par le code (règles de décompte, quotas, listes) : aucun repère interne.
    let mut f = Vec::new();
    use droit::services::RegleDecompte::*;
    for r in [
        Totalite,
        ProrataTempsNonComplet,
        ProrataContractuel,
        CongeParentalPremiereAnnee,
        CongeParentalMoitie,
        CongeParentalAncienRegime,
        CongeParentalProlongationTotalite,
        CongeParentalProlongationMoitie,
        PlafondEnfant,
        PlafondActivite,
        EmploiL343_1,
        Exclu,
        Inconnu,
    ] {
        fautes("règle de décompte", r.libelle(), &mut f);
        fautes("règle de décompte", r.reference(), &mut f);
        if let Some(t) = r.a_confirmer() {
            fautes("règle de décompte", t, &mut f);
        }
    }
    for (commande, entree) in [
        (
            "quota",
            json!({"annee": 2026, "cible": "agent_de_maitrise", "voie": "examen", "mode": "cdg"}),
        ),
        (
            "quota",
            json!({"annee": 2012, "cible": "technicien", "mode": "cdg", "recrutements": {"concours": 4}}),
        ),
        (
            "quota",
            json!({"annee": 2026, "cible": "greffier", "mode": "etat", "recrutements": {"concours": 4}}),
        ),
        (
            "liste-aptitude",
            json!({"inscription": "2024-03-15", "aujourd_hui": "2026-10-01",
            "suspensions": [{"motif": "conge_parental", "debut": "2024-06-01", "fin": "2024-12-31"}]}),
        ),
    ] {
        let r = droit::commandes::executer(commande, &entree.to_string())
            .unwrap_or_else(|e| panic!("{commande} : {e:?}"));
        let mut t = Vec::new();
        chaines(&r, String::new(), &mut t);
        for (ou, x) in t {
            fautes(&format!("{commande} {ou}"), &x, &mut f);
        }
    }
    assert!(f.is_empty(), "{}", f.join("\n"));
}

#[test]
fn les_textes_du_catalogue_et_des_explications_sont_en_francais_clair() {
    // Chaque texte du catalogue des cadres d'emplois et des voies, et chaque texte
    // d'explications rendues pour des carrières variées et toutes les cibles, est lu par un
    // utilisateur (issue 13 : ni « R », ni « note juridique », ni repère « ADM-2b », ni
    // « environ »).
    let mut f = Vec::new();
    for c in &droit::catalogue::Catalogue::get().cadres {
        fautes(&c.code, &c.libelle, &mut f);
        fautes(&c.code, &c.statut, &mut f);
        for t in c.a_confirmer.iter().chain(&c.lu_sur) {
            fautes(&c.code, t, &mut f);
        }
        for g in &c.grades {
            fautes(&g.code, &g.libelle, &mut f);
        }
    }
    let cat = droit::catalogue::CatalogueVoies::get();
    for v in &cat.voies {
        fautes(&v.cible, &v.reference, &mut f);
        for t in v.note.iter().chain(&v.a_confirmer) {
            fautes(&v.cible, t, &mut f);
        }
        if let Some(t) = &v.lu_sur {
            fautes(&v.cible, t, &mut f);
        }
        for va in &v.variantes {
            let ou = format!("{}/{}", v.cible, va.code);
            fautes(&ou, &va.libelle, &mut f);
            fautes(&ou, &va.reference, &mut f);
            for t in va.a_confirmer.iter().chain(&va.lu_sur) {
                fautes(&ou, t, &mut f);
            }
            for s in &va.services {
                fautes(&ou, &s.libelle, &mut f);
                fautes(&ou, &s.reference, &mut f);
                for t in s.a_confirmer.iter().chain(&s.lu_sur) {
                    fautes(&ou, t, &mut f);
                }
            }
            for x in &va.fonctions {
                fautes(&ou, &x.libelle, &mut f);
                fautes(&ou, &x.reference, &mut f);
                for t in x.a_confirmer.iter().chain(&x.lu_sur) {
                    fautes(&ou, t, &mut f);
                }
            }
        }
    }
    // Une carrière par filière du catalogue, pour que chaque voie rende son explication.
    let filieres = [
        "adjoint_administratif_principal_1re_classe",
        "technicien_principal_1re_classe",
        "adjoint_technique_principal_1re_classe",
        "assistant_socio_educatif",
        "professeur_ea_classe_normale",
        "assistant_conservation_principal_1re_classe",
        "adjoint_patrimoine_principal_1re_classe",
        "brigadier_chef_principal",
        "educateur_aps_principal_1re_classe",
        "operateur_aps_principal",
        "adjoint_animation_principal_1re_classe",
        "adjudant_spp",
    ]
    .map(|g| json!({"date_naissance": "1975-01-01", "periodes": [periode("2005-01-01", None, g)]}));
    for agent in filieres.into_iter().chain([ip_depuis_2020(periode(
        "2025-07-01",
        None,
        "ingenieur_principal",
    ))]) {
        let r = droit::commandes::executer(
            "eligibilite",
            &json!({"annee": 2026, "agent": agent}).to_string(),
        )
        .unwrap();
        let mut t = Vec::new();
        chaines(&r, String::new(), &mut t);
        for (ou, x) in t {
            fautes(&format!("eligibilite {ou}"), &x, &mut f);
        }
    }
    assert!(
        f.is_empty(),
        "{} textes à réécrire :\n{}",
        f.len(),
        f.join("\n")
    );
}

// ------------------------------------------------------------------ Dates d'effet

#[test]
fn ingenieur_en_chef_avant_le_01_03_2016_la_voie_n_existait_pas() {
    // Décret n° 2016-200 du 26 février 2016, entré en vigueur le 01/03/2016 (FAQ CNFPT
    // ingénieur en chef ; Légifrance) : l'examen professionnel de l'article 7 n'existe qu'à
    // compter de cette date. Les listes 2015 et 2016 (conditions appréciées au 1er janvier,
    // décret n° 2013-593 art. 21) précèdent la voie : la condition « règle en vigueur » est
    // rendue non remplie et dit la date d'effet, sans juger d'autre condition ; la liste 2017
    // la trouve en vigueur. Ingénieur principal depuis 2008 : 4 ans de grade d'avancement.
    let agent = json!({"periodes": [periode("2008-01-01", None, "ingenieur_principal")]});
    let absente = |voie: &Value, attendu: Value| {
        for va in voie["variantes"].as_array().unwrap() {
            let k = condition_de(va, "periode_application");
            assert_eq!(k["satisfaite"], attendu, "{k}");
            assert!(
                k["requis"]
                    .as_str()
                    .unwrap()
                    .contains("à compter du 01/03/2016"),
                "{k}"
            );
            // Voie absente : aucune autre condition jugée ; date d'effet incertaine : les
            // autres conditions sont jugées.
            let n = va["conditions"].as_array().unwrap().len();
            assert_eq!(n == 1, attendu == json!(false), "{va}");
        }
    };
    for annee in [2015, 2016] {
        let r = eligibilite(annee, &[IC], agent.clone());
        assert_eq!(voie(&r, IC, "examen")["eligible"], false, "{annee}");
        absente(voie(&r, IC, "examen"), json!(false));
    }
    // Session 2015 : close avant la date d'effet.
    let r = eligibilite(2015, &[IC], agent.clone());
    assert_eq!(voie(&r, IC, "inscription_examen")["eligible"], false);
    absente(voie(&r, IC, "inscription_examen"), json!(false));
    // Session 2016 : tout dépend de la date de clôture des inscriptions (décret n° 2013-593
    // art. 16) ; inconnue, la condition l'est aussi ; clôture au 15/02/2016 : voie absente ;
    // clôture au 30/09/2016 : voie en vigueur.
    let r = eligibilite(2016, &[IC], agent.clone());
    absente(voie(&r, IC, "inscription_examen"), Value::Null);
    let r = eligibilite_cloture(2016, &[IC], agent.clone(), Some("2016-02-15"));
    absente(voie(&r, IC, "inscription_examen"), json!(false));
    let r = eligibilite_cloture(2016, &[IC], agent.clone(), Some("2016-09-30"));
    assert_eq!(voie(&r, IC, "inscription_examen")["eligible"], true);
    let r = eligibilite(2017, &[IC], agent);
    let va = &voie(&r, IC, "examen")["variantes"][0];
    assert_eq!(condition_de(va, "periode_application")["satisfaite"], true);
}

// ------------------------------------------------------------------ Aucune voie impossible

/// Une carrière construite pour ouvrir la variante `va` de la voie `v` : titulaire depuis 1985
/// d'un grade qui convient (détenu et, autant que possible, dans le périmètre des services
/// exigés), né en 1950, avec les fonctions exigées, détaché dans l'emploi visé quand les
/// services se comptent dans des emplois, lauréat de l'examen la session précédente.
fn carriere_pour(
    v: &droit::catalogue::VoieDef,
    va: &droit::catalogue::VarianteDef,
    annee: i32,
) -> Value {
    use droit::catalogue::Catalogue;
    let cat = Catalogue::get();
    let dans_perimetre = |g: &str| {
        let gr = cat.grade(g).unwrap();
        va.services.iter().all(|s| {
            let sans_filtre =
                s.grades.is_empty() && s.cadres_emplois.is_empty() && s.categories.is_empty();
            // Services comptés dans des emplois seulement : le grade n'y suffit pas.
            (sans_filtre && s.emplois.is_empty())
                || s.grades.iter().any(|x| x == g)
                || s.cadres_emplois.contains(&gr.cadre.code)
                || s.categories.contains(&gr.categorie())
        })
    };
    let candidats: Vec<String> = if !va.grades_detenus.is_empty() {
        va.grades_detenus.clone()
    } else {
        cat.cadres
            .iter()
            .filter(|c| {
                va.cadres_detenus.contains(&c.code)
                    || (va.categories_detenues.contains(&c.categorie)
                        && serde_json::to_value(c.versant).unwrap() == "territoriale")
            })
            .flat_map(|c| c.grades.iter().map(|g| g.code.clone()))
            .collect()
    };
    let grade = candidats
        .iter()
        .find(|g| dans_perimetre(g))
        .or(candidats.last())
        .expect("une variante désigne au moins un grade détenu")
        .clone();
    let versant = serde_json::to_value(cat.grade(&grade).unwrap().cadre.versant).unwrap();
    let mut p = avec(
        periode("1985-01-01", None, &grade),
        json!({"versant": versant}),
    );
    if !dans_perimetre(&grade)
        && let Some(e) = va.services.iter().flat_map(|s| &s.emplois).next()
    {
        let population = e.population_min.or(e.population_max).unwrap_or(50_000);
        p = avec(
            p,
            json!({"position": "detachement", "emploi": {"code": e.code, "population": population}}),
        );
    }
    let fonctions: Vec<Value> = va
        .fonctions
        .iter()
        .map(|f| {
            json!({"code": f.code, "population": f.population_min.or(f.population_max).unwrap_or(1_000)})
        })
        .collect();
    p["fonctions"] = json!(fonctions);
    let mut agent = json!({"date_naissance": "1950-01-01", "periodes": [p]});
    if v.voie == droit::vocabulaire::Voie::Examen {
        agent["examens"] = json!([{"examen": v.cible, "annee": annee - 1, "admis": true}]);
    }
    agent
}

#[test]
fn chaque_voie_du_catalogue_s_ouvre_pour_une_carriere() {
    // Issue 13 : « une voie qui ne peut jamais s'ouvrir est un défaut ». Pour chaque variante
    // de chaque voie, une carrière construite d'après le catalogue lui-même (grade détenu,
    // périmètre des services, fonctions, emplois, âge, examen) et une année de liste où la
    // règle est en vigueur : aucune condition n'est rendue non remplie. Une durée que le
    // texte lu ne fixe pas reste « inconnue » (jamais « non remplie ») ; toutes les autres
    // variantes s'ouvrent.
    let cat = droit::catalogue::CatalogueVoies::get();
    let mut fautes = Vec::new();
    let mut ouvertes = 0;
    let mut inconnues = Vec::new();
    for v in &cat.voies {
        for va in &v.variantes {
            let fin = [v.jusqu_au, va.jusqu_au]
                .into_iter()
                .flatten()
                .min()
                .map(|d| i32::from(d.year()));
            let mut annee = 2026.min(va.annee_max.unwrap_or(2026));
            if let Some(f) = fin {
                annee = annee.min(f);
            }
            let r = eligibilite(annee, &[v.cible.as_str()], carriere_pour(v, va, annee));
            let voie_json = serde_json::to_value(v.voie).unwrap();
            let rv = voie(&r, &v.cible, voie_json.as_str().unwrap());
            let rva = rv["variantes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["code"] == va.code.as_str())
                .unwrap();
            let non: Vec<&Value> = rva["conditions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|c| c["satisfaite"] == false)
                .collect();
            let ou = format!("{} {} / {} (liste {annee})", v.cible, voie_json, va.code);
            if !non.is_empty() {
                fautes.push(format!("{ou} : {non:?}"));
            } else if rva["eligible"] == true {
                ouvertes += 1;
            } else {
                inconnues.push(ou);
            }
        }
    }
    assert!(
        fautes.is_empty(),
        "variantes jamais ouvertes :\n{}",
        fautes.join("\n")
    );
    // Seule la lieutenance de sapeurs-pompiers professionnels dépend d'une durée non lue
    // (décret n° 2012-522, article 6) ; elle est rendue inconnue, pas fermée.
    assert_eq!(
        inconnues,
        ["lieutenant_2e_classe_spp \"choix\" / adjudant_spp (liste 2026)"],
        "{ouvertes} ouvertes"
    );
}

// ------------------------------------------------------------------ Catégorie selon la date

#[test]
fn assistant_socio_educatif_categorie_b_jusqu_au_31_01_2019() {
    // Décret n° 2017-901 du 9 mai 2017, articles 1er (cadre d'emplois de catégorie A) et 24
    // (intégration au 01/02/2019) ; auparavant catégorie B (décret n° 92-843). Attaché au
    // choix (décret n° 87-1099, article 5, 1°) : fonctionnaire de catégorie B, 40 ans, plus de
    // 5 ans de services effectifs de catégorie B.
    // Assistante socio-éducative née en 1970, titulaire depuis le 01/01/2008.
    let agent = json!({"date_naissance": "1970-01-01",
                       "periodes": [periode("2008-01-01", None, "assistant_socio_educatif")]});
    let variante = |r: &Value| {
        voie(r, "attache", "choix")["variantes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["code"] == "categorie_b_5_ans")
            .unwrap()
            .clone()
    };
    // Liste 2018 : catégorie B au 01/01/2018 ; 10 ans de services de catégorie B au 31/12/2017.
    let r = eligibilite(2018, &["attache"], agent.clone());
    let va = variante(&r);
    assert_eq!(
        condition_de(&va, "grade_detenu")["satisfaite"],
        true,
        "{va}"
    );
    assert_eq!(
        condition_de(&va, "services_effectifs")["satisfaite"],
        true,
        "{va}"
    );
    let constate = |va: &Value| {
        condition_de(va, "grade_detenu")["constate"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert!(constate(&va).contains("catégorie B à cette date"), "{va}");
    // Liste 2020 : le cadre d'emplois est de catégorie A au 01/01/2020.
    let r = eligibilite(2020, &["attache"], agent);
    let va = variante(&r);
    assert_eq!(
        condition_de(&va, "grade_detenu")["satisfaite"],
        false,
        "{va}"
    );
    assert!(constate(&va).contains("catégorie A à cette date"), "{va}");
}

#[test]
fn services_d_assistant_socio_educatif_avant_2019_comptent_en_categorie_b() {
    // Même source. Assistant socio-éducatif du 01/01/2014 au 31/12/2020, puis rédacteur depuis
    // le 01/01/2021, né en 1970. Liste 2026 (services au 31/12/2025) : catégorie B du
    // 01/01/2014 au 31/01/2019 (5 ans et 1 mois) puis comme rédacteur (5 ans) : 10 ans et
    // 1 mois, plus de 5 ans. Sans la date du reclassement, seuls les 5 ans de rédacteur
    // compteraient, et « plus de 5 ans » ne serait pas atteint.
    let agent = json!({"date_naissance": "1970-01-01", "periodes": [
        periode("2014-01-01", Some("2020-12-31"), "assistant_socio_educatif"),
        periode("2021-01-01", None, "redacteur"),
    ]});
    let r = eligibilite(2026, &["attache"], agent);
    let va = voie(&r, "attache", "choix")["variantes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["code"] == "categorie_b_5_ans")
        .unwrap()
        .clone();
    let s = condition_de(&va, "services_effectifs");
    assert_eq!(s["satisfaite"], true, "{s}");
    assert!(
        s["constate"]
            .as_str()
            .unwrap()
            .starts_with("10 ans, 1 mois et 0 jour"),
        "{s}"
    );
}

#[test]
fn toute_entree_non_verifiee_dit_pourquoi() {
    // Issue 13 : « aucune entrée non vérifiée sans raison écrite que l'utilisateur voit ».
    let mut sans_raison = Vec::new();
    let mut note = |verifie: bool, a_confirmer: &Option<String>, ou: String| {
        if !verifie && a_confirmer.as_deref().is_none_or(|t| t.trim().is_empty()) {
            sans_raison.push(ou);
        }
    };
    for c in &droit::catalogue::Catalogue::get().cadres {
        note(c.verifie, &c.a_confirmer, c.code.clone());
    }
    for v in &droit::catalogue::CatalogueVoies::get().voies {
        note(v.verifie, &v.a_confirmer, v.cible.clone());
        for va in &v.variantes {
            let ou = format!("{}/{}", v.cible, va.code);
            note(va.verifie, &va.a_confirmer, ou.clone());
            for s in &va.services {
                note(s.verifie, &s.a_confirmer, format!("{ou} (services)"));
            }
            for f in &va.fonctions {
                note(f.verifie, &f.a_confirmer, format!("{ou} (fonctions)"));
            }
        }
    }
    assert!(sans_raison.is_empty(), "{sans_raison:?}");
}
