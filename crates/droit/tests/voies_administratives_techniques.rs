//! Voies des filières administrative et technique, de l'État et de l'hospitalière, relues
//! sur les textes (docs/sources.md, « Textes lus pour le catalogue des voies ») : chaque test
//! cite l'article, ou la source qui le reprend, d'où vient la valeur attendue.

mod commun;

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

fn variante<'a>(r: &'a Value, cible: &str, v: &str, code: &str) -> &'a Value {
    voie(r, cible, v)["variantes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == code)
        .unwrap_or_else(|| panic!("variante {cible}/{v}/{code} absente"))
}

fn condition<'a>(va: &'a Value, code: &str) -> &'a Value {
    va["conditions"]
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

fn fonction(p: Value, code: &str, population: u32) -> Value {
    avec(
        p,
        json!({"fonctions": [{"code": code, "population": population}]}),
    )
}

const INSC: &str = "inscription_examen";

// ------------------------------------------------------------------ Administrateur

#[test]
fn administrateur_quatre_ans_dans_un_grade_d_avancement_des_attaches() {
    // FAQ du CNFPT, examen d'administrateur territorial, question 1, 1) (décret n° 87-1097
    // modifié par le décret n° 2013-738) : attaché principal, hors classe ou directeur, 4 ans
    // dans l'un de ces grades. Attaché principal depuis le 01/01/2020 : 4 ans au 31/12/2023.
    let agent = json!({"periodes": [
        periode("2010-01-01", Some("2019-12-31"), "attache"),
        periode("2020-01-01", None, "attache_principal"),
    ]});
    let r = eligibilite(2023, &["administrateur"], agent.clone());
    assert_eq!(voie(&r, "administrateur", INSC)["eligible"], true);
    let r = eligibilite(2022, &["administrateur"], agent);
    assert_eq!(voie(&r, "administrateur", INSC)["eligible"], false);
}

#[test]
fn administrateur_un_attache_du_premier_grade_ne_peut_pas_concourir() {
    // FAQ du CNFPT, question 1 : seuls les grades d'avancement des attachés ouvrent la voie du
    // 1) ; l'ancien catalogue admettait tout fonctionnaire de catégorie A comptant 8 ans en
    // catégorie A, ce que le statut ne prévoit pas.
    let agent = json!({"periodes": [periode("2010-01-01", None, "attache")]});
    let r = eligibilite(2026, &["administrateur"], agent);
    assert_eq!(voie(&r, "administrateur", INSC)["eligible"], false);
    assert_eq!(
        voie(&r, "administrateur", INSC)["premiere_annee_eligible"],
        Value::Null
    );
}

#[test]
fn administrateur_six_ans_dans_des_emplois_fonctionnels_de_direction() {
    // FAQ du CNFPT, question 1, 2) a) : fonctionnaire territorial de catégorie A ayant occupé
    // 6 ans l'emploi de directeur général d'une commune de plus de 10 000 habitants. Attaché
    // détaché DGS d'une commune de 15 000 habitants depuis le 01/01/2018 : 6 ans au 31/12/2023.
    let agent = json!({"periodes": [
        periode("2012-01-01", Some("2017-12-31"), "attache"),
        avec(
            periode("2018-01-01", None, "attache"),
            json!({"position": "detachement", "emploi": {"code": "dgs_commune", "population": 15000}}),
        ),
    ]});
    let r = eligibilite(2023, &["administrateur"], agent.clone());
    let va = variante(&r, "administrateur", INSC, "emplois_fonctionnels_6_ans");
    assert_eq!(va["eligible"], true);
    // La liste des emplois n'est pas complète dans Passerelle : la condition le dit.
    let s = condition(va, "services_effectifs");
    assert_eq!(s["verifie"], false);
    assert!(
        s["requis"].as_str().unwrap().contains("L. 313-1"),
        "{}",
        s["requis"]
    );
    // Commune de 9 000 habitants : l'emploi n'est pas visé (plus de 10 000 habitants).
    let agent = json!({"periodes": [
        periode("2012-01-01", Some("2017-12-31"), "attache"),
        avec(
            periode("2018-01-01", None, "attache"),
            json!({"position": "detachement", "emploi": {"code": "dgs_commune", "population": 9000}}),
        ),
    ]});
    let r = eligibilite(2023, &["administrateur"], agent);
    assert_eq!(
        variante(&r, "administrateur", INSC, "emplois_fonctionnels_6_ans")["eligible"],
        false
    );
}

#[test]
fn administrateur_directeur_general_adjoint_d_un_departement() {
    // Décret n° 87-1097, article 5, I, 2°, e) (consolidation Etalab) : directeur général
    // adjoint des services d'un département, sans condition de population. Attaché principal
    // détaché DGA d'un département de 2018 à 2023 : 6 ans au 31/12/2023.
    let agent = json!({"periodes": [
        periode("2010-01-01", Some("2017-12-31"), "attache_principal"),
        avec(
            periode("2018-01-01", None, "attache_principal"),
            json!({"position": "detachement", "emploi": {"code": "dga_departement"}}),
        ),
    ]});
    let r = eligibilite(2023, &["administrateur"], agent);
    assert_eq!(
        variante(&r, "administrateur", INSC, "emplois_fonctionnels_6_ans")["eligible"],
        true
    );
}

// ------------------------------------------------------------------ Attaché

#[test]
fn attache_plus_de_cinq_ans_en_categorie_b_a_confirmer() {
    // Décret n° 87-1099, article 5, 1°, dans la rédaction publiée avant 2016 (consolidation
    // Etalab) : 40 ans au moins et plus de 5 ans de services effectifs comme fonctionnaire
    // territorial de catégorie B. Non relu dans la rédaction en vigueur : la voie le dit.
    let cinq_ans_pile = json!({"date_naissance": "1980-05-01", "periodes": [periode("2021-01-01", None, "redacteur")]});
    let r = eligibilite(2026, &["attache"], cinq_ans_pile);
    assert_eq!(
        variante(&r, "attache", "choix", "categorie_b_5_ans")["eligible"],
        false,
        "5 ans pile au 31/12/2025 : « plus de 5 ans » n'est pas atteint"
    );
    let un_jour_de_plus = json!({"date_naissance": "1980-05-01", "periodes": [periode("2020-12-31", None, "redacteur")]});
    let r = eligibilite(2026, &["attache"], un_jour_de_plus);
    let va = variante(&r, "attache", "choix", "categorie_b_5_ans");
    assert_eq!(va["eligible"], true);
    let s = condition(va, "services_effectifs");
    assert_eq!(s["verifie"], false);
    assert!(
        s["requis"]
            .as_str()
            .unwrap()
            .contains("non encore vérifiée"),
        "{}",
        s["requis"]
    );
    // Né en 1990 : 35 ans au 01/01/2026, moins que les 40 ans de la rédaction lue.
    let jeune = json!({"date_naissance": "1990-05-01", "periodes": [periode("2020-12-31", None, "redacteur")]});
    let r = eligibilite(2026, &["attache"], jeune);
    let va = variante(&r, "attache", "choix", "categorie_b_5_ans");
    assert_eq!(va["eligible"], false);
    assert_eq!(condition(va, "age_minimum")["satisfaite"], false);
}

#[test]
fn attache_directeur_general_des_services_sans_duree_de_services_inventee() {
    // Décret n° 87-1099, article 5 (consolidation Etalab ; fiche PROINT du CIG de la petite
    // couronne, 2026) : fonctionnaire de catégorie B de 40 ans au moins ayant exercé 2 ans les
    // fonctions de DGS d'une commune de 2 000 à 5 000 habitants. Le catalogue exigeait en plus
    // 5 ans de catégorie B, condition qu'aucun texte ne donne.
    let agent = json!({"date_naissance": "1978-03-01", "periodes": [fonction(
        periode("2023-01-01", None, "redacteur"),
        "direction_generale_services",
        3000,
    )]});
    let r = eligibilite(2025, &["attache"], agent);
    let va = variante(&r, "attache", "choix", "dgs_commune_2000_5000");
    assert_eq!(va["eligible"], true);
    assert!(
        !va["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "services_effectifs")
    );
}

#[test]
fn attache_secretaire_general_de_mairie_seules_les_annees_de_categorie_b_comptent() {
    // Décret n° 87-1099, article 5, modifié par le décret n° 2025-1099 (CDG 64, campagne
    // 2026) : 4 ans de services publics effectifs « de catégorie B » sur un emploi de
    // secrétaire général de mairie. Adjoint administratif principal secrétaire de mairie de
    // 2018 à 2023, puis rédacteur secrétaire général de mairie depuis le 01/01/2024.
    let agent = json!({"periodes": [
        fonction(
            periode("2018-01-01", Some("2023-12-31"), "adjoint_administratif_principal_2e_classe"),
            "secretaire_mairie",
            800,
        ),
        fonction(periode("2024-01-01", None, "redacteur"), "secretaire_mairie", 800),
    ]});
    let va = |annee| {
        variante(
            &eligibilite(annee, &["attache"], agent.clone()),
            "attache",
            "choix",
            "redacteur_secretaire_general_mairie",
        )
        .clone()
    };
    // Liste 2026 : 2 ans de catégorie B au 31/12/2025 (les 6 ans de catégorie C ne comptent pas).
    assert_eq!(va(2026)["eligible"], false);
    // Liste 2028 : 4 ans de catégorie B au 31/12/2027.
    assert_eq!(va(2028)["eligible"], true);
    // La position se réfère au statut des attachés, pas à la FAQ de l'examen d'ingénieur en chef.
    let position = condition(&va(2028), "position")["reference"].clone();
    assert!(
        !position.as_str().unwrap().contains("ingénieur en chef"),
        "{position}"
    );
    // Liste 2025 : la condition n'existait pas (décret en vigueur le 21/11/2025).
    assert_eq!(va(2025)["eligible"], false);
}

#[test]
fn attache_secretaire_general_de_mairie_contractuel_de_categorie_b() {
    // Décret n° 2025-1099 (CDG 64) : les services de contractuel de catégorie B sur l'emploi
    // comptent. Contractuel sur un poste de rédacteur secrétaire général de mairie de 2020 à
    // 2023, rédacteur titulaire depuis 2024 : 6 ans de catégorie B au 31/12/2025.
    let agent = json!({"periodes": [
        fonction(
            avec(periode("2020-01-01", Some("2023-12-31"), "redacteur"), json!({"statut": "contractuel"})),
            "secretaire_mairie",
            1500,
        ),
        fonction(periode("2024-01-01", None, "redacteur"), "secretaire_mairie", 1500),
    ]});
    let r = eligibilite(2026, &["attache"], agent);
    assert_eq!(
        variante(
            &r,
            "attache",
            "choix",
            "redacteur_secretaire_general_mairie"
        )["eligible"],
        true
    );
}

// ------------------------------------------------------------------ Rédacteur

#[test]
fn redacteur_principal_secretaire_de_mairie_services_publics_de_contractuel() {
    // Examen de rédacteur principal de 2e classe (décret n° 2012-924 ; exosformation.fr) :
    // 10 ans de services « publics » effectifs et secrétaire de mairie depuis 4 ans : les
    // services de contractuel comptent. Contractuel de 2012 à 2015, adjoint administratif
    // principal de 2e classe depuis 2016, secrétaire de mairie depuis 2020.
    let agent = json!({"periodes": [
        avec(periode("2012-01-01", Some("2015-12-31"), "adjoint_administratif"), json!({"statut": "contractuel"})),
        periode("2016-01-01", Some("2019-12-31"), "adjoint_administratif_principal_2e_classe"),
        fonction(periode("2020-01-01", None, "adjoint_administratif_principal_2e_classe"), "secretaire_mairie", 1200),
    ]});
    // Session 2021 : 10 ans au 31/12/2021 (4 ans de contrat compris), fonctions depuis 2 ans.
    let r = eligibilite(2021, &["redacteur_principal_2e_classe"], agent.clone());
    assert_eq!(
        variante(
            &r,
            "redacteur_principal_2e_classe",
            INSC,
            "secretaire_mairie_10_ans"
        )["eligible"],
        false
    );
    // Session 2023 : 12 ans de services publics, 4 ans de fonctions au 31/12/2023.
    let r = eligibilite(2023, &["redacteur_principal_2e_classe"], agent);
    let va = variante(
        &r,
        "redacteur_principal_2e_classe",
        INSC,
        "secretaire_mairie_10_ans",
    );
    assert_eq!(va["eligible"], true);
}

#[test]
fn redacteur_ancien_secretaire_de_mairie_la_voie_s_ouvre() {
    // Réponse ministérielle Sénat n° 19125 (07/07/2016), décret n° 2012-924, article 8 : les
    // adjoints administratifs (hors premier grade) ayant été secrétaire de mairie d'une commune
    // de moins de 2 000 habitants pendant 4 ans. L'ancien catalogue y ajoutait une durée de
    // services inconnue : la voie ne pouvait jamais s'ouvrir.
    let agent = json!({"periodes": [
        fonction(periode("2015-01-01", Some("2018-12-31"), "adjoint_administratif_principal_2e_classe"), "secretaire_mairie", 700),
        periode("2019-01-01", None, "adjoint_administratif_principal_2e_classe"),
    ]});
    let r = eligibilite(2026, &["redacteur"], agent);
    assert_eq!(
        variante(&r, "redacteur", "choix", "secretaire_mairie_4_ans")["eligible"],
        true
    );
}

#[test]
fn redacteur_formation_promotion_huit_ans_en_categorie_c() {
    // Décret n° 2012-924, article 8-1 (décret n° 2024-826 ; CDG 62) : adjoint administratif
    // principal de 2e ou 1re classe, 8 ans de services publics effectifs, examen professionnel
    // sanctionnant la formation qualifiante. Adjoint administratif depuis 2017, principal de
    // 2e classe depuis 2022 : 8 ans au 31/12/2024 ; examen réussi en 2025.
    let agent = json!({
        "periodes": [
            periode("2017-01-01", Some("2021-12-31"), "adjoint_administratif"),
            periode("2022-01-01", None, "adjoint_administratif_principal_2e_classe"),
        ],
        "examens": [{"examen": "redacteur", "annee": 2025, "admis": true}],
    });
    let r = eligibilite(2025, &["redacteur"], agent.clone());
    assert_eq!(voie(&r, "redacteur", INSC)["eligible"], true);
    let r = eligibilite(2026, &["redacteur"], agent.clone());
    assert_eq!(voie(&r, "redacteur", "examen")["eligible"], true);
    // Liste 2024 (conditions au 01/01/2024) : la voie n'existait pas encore (décret du
    // 16 juillet 2024, en vigueur le 18/07/2024) ; ses conditions ne sont pas appliquées.
    let r = eligibilite(2024, &["redacteur"], agent.clone());
    let va = variante(&r, "redacteur", "examen", "formation_promotion_sgm_8_ans");
    assert_eq!(va["eligible"], false);
    assert_eq!(condition(va, "periode_application")["satisfaite"], false);
    // Fiche SEGEMA du CIG de la petite couronne (circulaire du 18 octobre 2024) : tout grade
    // d'avancement d'un cadre d'emplois de catégorie C, par exemple adjoint technique principal.
    let technique = json!({
        "periodes": [periode("2014-01-01", None, "adjoint_technique_principal_2e_classe")],
        "examens": [{"examen": "redacteur", "annee": 2025, "admis": true}],
    });
    let r = eligibilite(2026, &["redacteur"], technique);
    assert_eq!(voie(&r, "redacteur", "examen")["eligible"], true);
    // Un adjoint administratif du premier grade ne peut pas s'en prévaloir.
    let c1 = json!({
        "periodes": [periode("2010-01-01", None, "adjoint_administratif")],
        "examens": [{"examen": "redacteur", "annee": 2025, "admis": true}],
    });
    let r = eligibilite(2026, &["redacteur"], c1);
    assert_eq!(voie(&r, "redacteur", "examen")["eligible"], false);
}

// ------------------------------------------------------------------ Filière technique

#[test]
fn technicien_principal_services_a_l_etat_comptent_pas_a_l_hopital() {
    // Brochure d'examen du CDG 59 (décret n° 2010-1357) : 8 ans « en position d'activité ou de
    // détachement dans un emploi d'une collectivité territoriale ou de l'État », dont 5 ans comme
    // fonctionnaire territorial dans un cadre d'emplois technique. Agent de maîtrise détaché à
    // l'État de 2016 à 2018 puis en activité depuis 2020 : 3 + 6 = 9 ans au 31/12/2025 ; détaché
    // à l'hôpital, seuls les 6 ans territoriaux comptent.
    let etat = json!({"periodes": [
        avec(periode("2016-01-01", Some("2018-12-31"), "agent_de_maitrise"), json!({"position": "detachement", "versant": "etat"})),
        periode("2020-01-01", None, "agent_de_maitrise"),
    ]});
    let r = eligibilite(2025, &["technicien_principal_2e_classe"], etat);
    assert_eq!(
        voie(&r, "technicien_principal_2e_classe", INSC)["eligible"],
        true
    );
    assert_eq!(
        voie(&r, "technicien_principal_2e_classe", INSC)["verifie"],
        true
    );
    let hopital = json!({"periodes": [
        avec(periode("2016-01-01", Some("2018-12-31"), "agent_de_maitrise"), json!({"position": "detachement", "versant": "hospitaliere"})),
        periode("2020-01-01", None, "agent_de_maitrise"),
    ]});
    let r = eligibilite(2025, &["technicien_principal_2e_classe"], hopital);
    assert_eq!(
        voie(&r, "technicien_principal_2e_classe", INSC)["eligible"],
        false
    );
}

#[test]
fn technicien_au_choix_cinq_ans_dans_un_cadre_d_emplois_technique_territorial() {
    // Décret n° 2010-1357, article 7 (consolidation Etalab) : agent de maîtrise, 8 ans de
    // services effectifs en activité ou détachement dans un emploi d'une collectivité ou de
    // l'État, « dont cinq années au moins en qualité de fonctionnaire territorial dans un cadre
    // d'emplois technique » ; le catalogue ne vérifiait pas ces cinq ans. Agent de maîtrise
    // détaché à l'État de 2014 à 2017 (4 ans), puis en activité territoriale depuis 2018.
    let agent = json!({"periodes": [
        avec(periode("2014-01-01", Some("2017-12-31"), "agent_de_maitrise"), json!({"position": "detachement", "versant": "etat"})),
        periode("2018-01-01", None, "agent_de_maitrise"),
    ]});
    // Liste 2022 : 8 ans au 31/12/2021, dont 4 seulement comme fonctionnaire territorial.
    let r = eligibilite(2022, &["technicien"], agent.clone());
    assert_eq!(voie(&r, "technicien", "choix")["eligible"], false);
    // Liste 2023 : 5 ans territoriaux au 31/12/2022.
    let r = eligibilite(2023, &["technicien"], agent);
    assert_eq!(voie(&r, "technicien", "choix")["eligible"], true);
    assert_eq!(voie(&r, "technicien", "choix")["verifie"], true);
}

#[test]
fn ingenieur_avant_le_statut_de_2016_la_voie_n_existait_pas() {
    // Décret n° 2016-201, en vigueur le 01/03/2016 (CDG 13, circulaire 2016-12) : avant, le
    // statut de 1990 fixait d'autres conditions (âge notamment) que Passerelle ne connaît pas.
    let agent = json!({"periodes": [
        periode("2000-01-01", Some("2004-12-31"), "technicien_principal_2e_classe"),
        periode("2005-01-01", None, "technicien_principal_1re_classe"),
    ]});
    let r = eligibilite(2015, &["ingenieur"], agent.clone());
    assert_eq!(voie(&r, "ingenieur", "choix")["eligible"], false);
    let r = eligibilite(2017, &["ingenieur"], agent);
    assert_eq!(voie(&r, "ingenieur", "choix")["eligible"], true);
}

// ------------------------------------------------------------------ Textes lisibles

#[test]
fn aucun_texte_de_ces_voies_ne_parle_en_codes_internes() {
    // Issue des standards du projet : pas de « R », de « note juridique », de repères
    // ADM-/TEC- ni d'« environ » dans un texte que l'utilisateur lit.
    let agent = json!({"periodes": [periode("2010-01-01", None, "redacteur")]});
    let cibles = [
        "administrateur",
        "attache",
        "redacteur_principal_2e_classe",
        "redacteur",
        "ingenieur_en_chef",
        "ingenieur",
        "technicien_principal_2e_classe",
        "technicien",
        "agent_de_maitrise",
        "greffier",
        "technicien_hospitalier",
    ];
    let r = eligibilite(2026, &cibles, agent);
    let texte = r.to_string();
    for interdit in [
        "note juridique",
        "ADM-",
        "TEC-",
        "environ",
        "(R)",
        " R)",
        ": R ",
        "durée R",
    ] {
        if let Some(i) = texte.find(interdit) {
            let debut = texte.floor_char_boundary(i.saturating_sub(120));
            let fin = texte.ceil_char_boundary((i + 60).min(texte.len()));
            panic!("« {interdit} » dans la réponse : …{}…", &texte[debut..fin]);
        }
    }
}
