//! Quotas de promotion interne : chaque cas cite la source de la valeur attendue.

use droit::commandes::executer;
use droit::quota::plafond_examen_ingenieur_en_chef;
use serde_json::{Value, json};

fn quota(entree: Value) -> Value {
    executer("quota", &entree.to_string()).expect("réponse attendue")
}

fn erreur(entree: Value) -> droit::ErreurEntree {
    executer("quota", &entree.to_string()).expect_err("erreur attendue")
}

fn cdg(annee: i32, cible: &str, recrutements: Value, fonctionnaires: u32, cdi: u32) -> Value {
    json!({
        "annee": annee, "cible": cible, "voie": "choix", "mode": "cdg",
        "recrutements": recrutements,
        "effectif_31_decembre": {"fonctionnaires_activite_detachement": fonctionnaires, "cdi": cdi},
        "annees_sans_promotion_possible": 0, "recrutements_pendant_ces_annees": 0,
        "autre_voie_nominations": 0
    })
}

#[test]
fn quota_statutaire_un_pour_deux() {
    // Guide CDG Martinique §I.C : 1 pour 2 (10 → 5)
    // l'emporte sur 8 % de 60 = 4,8 → 2,4.
    let r = quota(json!({
        "annee": 2026, "cible": "technicien", "voie": "choix", "mode": "cdg",
        "recrutements": {"concours": 6, "mutation": 3, "detachement": 1, "integration_directe": 0,
                         "travailleur_handicape": 0, "promotion_interne": 0, "autre": 0},
        "effectif_31_decembre": {"fonctionnaires_activite_detachement": 60, "cdi": 0},
        "annees_sans_promotion_possible": 0, "recrutements_pendant_ces_annees": 0,
        "autre_voie_nominations": 0
    }));
    assert_eq!(r["postes"], 5);
    assert_eq!(r["regle"], "statutaire");
    // Les deux calculs sont montrés, en français.
    let detail = r["detail"].as_array().unwrap();
    assert_eq!(detail[0]["code"], "statutaire");
    assert_eq!(detail[0]["postes"], 5);
    assert!(
        detail[0]["calcul"]
            .as_str()
            .unwrap()
            .contains("10 recrutements comptés")
    );
    assert_eq!(detail[1]["code"], "alternative_8_pourcent");
    assert_eq!(detail[1]["valeur"], 2.4);
    assert!(detail[1]["calcul"].as_str().unwrap().contains("8 % × 60"));
    // 10 ÷ 2 est entier : l'arrondi non vérifié des catégories B n'intervient pas.
    assert_eq!(r["verifie"], true);
}

#[test]
fn redacteurs_la_regle_des_8_pourcent_l_emporte() {
    // note juridique §2.3, exemple « Rédacteurs, cat B : R = 7, E = 300 → quota 3,5,
    // effectif 12 → 12 postes ».
    let r = quota(cdg(2026, "redacteur", json!({"concours": 7}), 300, 0));
    assert_eq!(r["postes"], 12);
    assert_eq!(r["regle"], "alternative_8_pourcent");
    assert_eq!(r["detail"][0]["valeur"], 3.5);
    // 3,5 arrondi à l'entier inférieur : la proportion du statut est un maximum.
    assert_eq!(r["detail"][0]["postes"], 3);
    assert_eq!(r["detail"][0]["verifie"], true);
    assert_eq!(r["detail"][1]["retenu"], true);
}

#[test]
fn attaches_categorie_a_arrondi_inferieur() {
    // Décret n° 2006-1695 art. 13 (texte cité par Eurojuris, 13/02/2023) : l'arrondi à
    // l'entier supérieur vise le nombre de fonctionnaires « promouvables au grade supérieur »,
    // c'est-à-dire l'avancement de grade, pas la promotion interne. Attachés, 3 recrutements
    // comptés : 3 ÷ 2 = 1,5 → 1 ; 8 % × 40 = 3,2 ÷ 2 = 1,6 → 1. Une seule inscription.
    let r = quota(cdg(
        2026,
        "attache",
        json!({"concours": 2, "mutation": 1}),
        40,
        0,
    ));
    assert_eq!(r["postes"], 1);
    assert_eq!(r["detail"][0]["postes"], 1);
    assert_eq!(r["detail"][1]["postes"], 1);
    // À égalité de postes, la proportion statutaire est retenue.
    assert_eq!(r["regle"], "statutaire");
    assert_eq!(r["verifie"], true);
    assert!(r["arrondi"].as_str().unwrap().contains("entier inférieur"));
    assert!(
        r["arrondi"]
            .as_str()
            .unwrap()
            .contains("avancement de grade")
    );
}

#[test]
fn une_fraction_de_poste_n_ouvre_un_poste_que_par_la_clause_de_sauvegarde() {
    // Décret n° 2013-593 art. 30 : une inscription est possible quand aucune promotion n'a été
    // possible depuis deux ans malgré un recrutement compté. Ingénieurs (catégorie A), un
    // concours en 2025 : 1 ÷ 2 = 0,5 → 0 poste ; effectif 10 : 8 % × 10 ÷ 2 = 0,4 → 0.
    let mut e = cdg(2026, "ingenieur", json!({"concours": 1}), 10, 0);
    let r = quota(e.clone());
    assert_eq!(r["postes"], 0);
    e["annees_sans_promotion_possible"] = json!(2);
    e["recrutements_pendant_ces_annees"] = json!(2);
    let r = quota(e);
    assert_eq!(r["postes"], 1);
    assert_eq!(r["regle"], "clause_deux_ans");
}

#[test]
fn listes_2011_a_2013_une_pour_trois_et_clause_de_quatre_ans() {
    // Listes de 2011 à 2013 : une pour trois (décret n° 2006-1462), 5 % de l'effectif,
    // clause de sauvegarde de quatre ans (décret n° 85-1229 art. 20-5). Techniciens, liste
    // 2012 : 7 recrutements comptés ÷ 3 = 2,33 → 2 ; 5 % × 40 = 2 ÷ 3 = 0,67 → 0 : 2 postes.
    // Les règles de l'époque sont rendues comme non vérifiées, avec leur réserve.
    let r = quota(cdg(
        2012,
        "technicien",
        json!({"concours": 4, "mutation": 3}),
        40,
        0,
    ));
    assert_eq!(r["postes"], 2);
    assert_eq!(r["regle"], "statutaire");
    assert_eq!(r["regles_en_vigueur"], "avant_2014");
    assert_eq!(r["verifie"], false);
    assert!(
        r["explication"]
            .as_str()
            .unwrap()
            .contains("Liste de 2011 à 2013")
    );
    // Clause de sauvegarde : quatre ans, texte de l'époque cité.
    let mut e = cdg(2013, "technicien", json!({"concours": 1}), 10, 0);
    e["annees_sans_promotion_possible"] = json!(4);
    e["recrutements_pendant_ces_annees"] = json!(1);
    let r = quota(e);
    assert_eq!(r["postes"], 1);
    assert_eq!(r["regle"], "clause_quatre_ans");
    assert!(
        r["detail"][2]["reference"]
            .as_str()
            .unwrap()
            .contains("85-1229")
    );
}

#[test]
fn listes_avant_2011_refusees_en_nommant_les_regles_manquantes() {
    // Avant 2011 : proportions transitoires (décret n° 2006-1462) et clause expérimentale de
    // deux ans (01/12/2006 au 01/12/2010) non codées : refus qui les nomme.
    let e = erreur(cdg(2010, "technicien", json!({"concours": 4}), 10, 0));
    assert_eq!(e.chemin, "/annee");
    assert!(e.message.contains("2006-1462"));
    assert!(e.message.contains("deux ans"));
}

#[test]
fn recrutements_comptes_selon_la_date() {
    // Décret 2013-593 art. 31 ; fiche service-public.fr F17757 : les titularisations L.352-4 comptent depuis le
    // 01/01/2024 ; les promotions internes et autres entrées ne comptent jamais.
    let rec = json!({"concours": 4, "mutation": 2, "detachement": 1, "integration_directe": 1,
                     "travailleur_handicape": 2, "promotion_interne": 5, "autre": 7});
    let depuis = quota(cdg(2024, "technicien", rec.clone(), 0, 0));
    assert_eq!(depuis["recrutements_comptes"], 10);
    assert_eq!(depuis["postes"], 5); // 1 pour 2
    let avant = quota(cdg(2023, "technicien", rec, 0, 0));
    assert_eq!(avant["recrutements_comptes"], 8);
    // 1 pour 3 avant 2024 : 8 ÷ 3 = 2,67 → 2 (catégorie B, arrondi inférieur).
    assert_eq!(avant["postes"], 2);
    assert_eq!(avant["regles_en_vigueur"], "avant_2024");
}

#[test]
fn cdi_comptes_dans_l_effectif_depuis_2024_seulement() {
    // Guide CDG Martinique §I.C et fiche service-public.fr F17757 : 8 % de l'effectif des fonctionnaires et des CDI depuis
    // 2024 ; note juridique §2.2 : 5 % des seuls fonctionnaires avant.
    let r = quota(cdg(2025, "technicien", json!({"concours": 2}), 100, 50));
    assert_eq!(r["effectif_retenu"], 150);
    // 8 % × 150 = 12 ; ÷ 2 = 6.
    assert_eq!(r["postes"], 6);
    assert_eq!(r["regle"], "alternative_8_pourcent");

    let r = quota(cdg(2023, "technicien", json!({"concours": 2}), 100, 50));
    assert_eq!(r["effectif_retenu"], 100);
    // 5 % × 100 = 5 ; ÷ 3 = 1,67 → 1 ; proportion : 2 ÷ 3 = 0,67 → 0.
    assert_eq!(r["postes"], 1);
    assert_eq!(r["regle"], "alternative_5_pourcent");
}

#[test]
fn clause_de_sauvegarde_deux_ans_depuis_2024() {
    // note juridique §2.3, « petit cadre : R = 1, E = 10 → 0,5 et 0,4, sous 1 ; après
    // deux ans sans promotion → 1 poste » (décret 2013-593 art. 30 ; guide CDG Martinique §I.C).
    let mut e = cdg(2026, "technicien", json!({"concours": 1}), 10, 0);
    e["annees_sans_promotion_possible"] = json!(2);
    e["recrutements_pendant_ces_annees"] = json!(2);
    let r = quota(e.clone());
    assert_eq!(r["postes"], 1);
    assert_eq!(r["regle"], "clause_deux_ans");
    assert_eq!(r["detail"][2]["retenu"], true);

    // Une seule année : la clause ne joue pas.
    e["annees_sans_promotion_possible"] = json!(1);
    let r = quota(e.clone());
    assert_eq!(r["postes"], 0);
    assert_eq!(r["regle"], "statutaire");

    // Aucun recrutement compté pendant la période : la clause ne joue pas (guide CDG Martinique §I.C :
    // « si au moins un recrutement entrant en compte pour cette inscription est intervenu »).
    e["annees_sans_promotion_possible"] = json!(3);
    e["recrutements_pendant_ces_annees"] = json!(0);
    assert_eq!(quota(e)["postes"], 0);
}

#[test]
fn clause_de_sauvegarde_quatre_ans_avant_2024() {
    // note juridique §2.2 : quatre ans avant le décret 2023-1272.
    let mut e = cdg(2022, "technicien", json!({"concours": 1}), 10, 0);
    e["annees_sans_promotion_possible"] = json!(3);
    e["recrutements_pendant_ces_annees"] = json!(1);
    assert_eq!(quota(e.clone())["postes"], 0);
    e["annees_sans_promotion_possible"] = json!(4);
    let r = quota(e);
    assert_eq!(r["postes"], 1);
    assert_eq!(r["regle"], "clause_quatre_ans");
}

#[test]
fn agent_de_maitrise_sans_quota() {
    // Guide CDG Martinique §I.C : agent de maîtrise sans examen professionnel, sans règle de quota.
    let r =
        quota(json!({"annee": 2026, "cible": "agent_de_maitrise", "voie": "choix", "mode": "cdg"}));
    assert_eq!(r["postes"], Value::Null);
    assert_eq!(r["regle"], "sans_quota");
    assert_eq!(r["verifie"], true);
    // Voie de l'examen : seule une pratique de CDG l'affirme (note juridique TEC-5b, R).
    let r = quota(
        json!({"annee": 2026, "cible": "agent_de_maitrise", "voie": "examen", "mode": "cdg"}),
    );
    assert_eq!(r["regle"], "sans_quota");
    assert_eq!(r["verifie"], false);
    assert!(r["explication"].as_str().unwrap().contains("non vérifiée"));
    // La voie est nécessaire : la règle en dépend.
    let e = erreur(json!({"annee": 2026, "cible": "agent_de_maitrise", "mode": "cdg"}));
    assert_eq!(e.code, "champ_manquant");
    assert_eq!(e.chemin, "/voie");
}

#[test]
fn attaches_secretaires_de_mairie_proportion_autre_voie() {
    // Guide CDG Martinique §I.C (décret 87-1099 art. 6) : une nomination de secrétaire de mairie pour deux
    // nominations au choix de l'autre modalité : 3 ÷ 2 = 1,5 → 1 (arrondi inférieur, la
    // proportion est un maximum).
    let r = quota(
        json!({"annee": 2026, "cible": "attache", "voie": "choix", "mode": "cdg",
                         "modalite": "secretaires_de_mairie", "autre_voie_nominations": 3}),
    );
    assert_eq!(r["postes"], 1);
    assert_eq!(r["regle"], "proportion_autre_voie");
    assert_eq!(r["verifie"], false);
    let e = erreur(json!({"annee": 2026, "cible": "redacteur", "mode": "cdg",
                          "modalite": "secretaires_de_mairie", "autre_voie_nominations": 3}));
    assert_eq!(e.chemin, "/modalite");
}

#[test]
fn examen_cnfpt_ingenieur_en_chef_70_pourcent() {
    // FAQ CNFPT ingénieur en chef Q25 : au plus 70 % des admis au concours de la session précédente ;
    // 70 % × 23 = 16,1 → 16.
    let r = quota(
        json!({"annee": 2026, "cible": "ingenieur_en_chef", "mode": "examen_cnfpt",
                         "admis_concours_session_precedente": 23}),
    );
    assert_eq!(r["postes"], 16);
    assert_eq!(r["regle"], "plafond_examen_cnfpt");
    assert_eq!(plafond_examen_ingenieur_en_chef(23), 16);
    assert_eq!(plafond_examen_ingenieur_en_chef(10), 7);
    let e = erreur(json!({"annee": 2026, "cible": "ingenieur_en_chef", "mode": "examen_cnfpt"}));
    assert_eq!(e.chemin, "/admis_concours_session_precedente");
    // Guide CDG Martinique §I.B : la promotion interne d'ingénieur en chef est organisée par le CNFPT.
    let e = erreur(
        json!({"annee": 2026, "cible": "ingenieur_en_chef", "mode": "cdg",
                          "recrutements": {"concours": 4}}),
    );
    assert_eq!(e.code, "mode_incompatible");
}

#[test]
fn exemples_etat_et_hospitaliere_non_verifies() {
    // Fiche service-public.fr F17757 : greffiers limités aux 2/5 des nominations par concours, intégration directe et
    // détachement de plus de six mois (les mutations ne comptent pas) : 2/5 × 15 = 6.
    let r = quota(json!({"annee": 2026, "cible": "greffier", "mode": "etat",
                         "recrutements": {"concours": 10, "integration_directe": 2,
                                          "detachement": 3, "mutation": 5}}));
    assert_eq!(r["postes"], 6);
    assert_eq!(r["verifie"], false);
    assert!(r["explication"].as_str().unwrap().contains("non vérifiée"));
    // Fiche service-public.fr F17757 : techniciens hospitaliers limités au tiers : 10 ÷ 3 = 3,33 → 3.
    let r = quota(
        json!({"annee": 2026, "cible": "technicien_hospitalier", "mode": "hospitaliere",
                         "recrutements": {"concours": 10}}),
    );
    assert_eq!(r["postes"], 3);
    assert_eq!(r["verifie"], false);
    let e = erreur(json!({"annee": 2026, "cible": "technicien", "mode": "etat",
                          "recrutements": {"concours": 10}}));
    assert_eq!(e.code, "mode_incompatible");
}

#[test]
fn effectif_absent_la_regle_alternative_est_inconnue() {
    // Standard du projet : une donnée manquante donne « inconnu », jamais une supposition.
    let r = quota(
        json!({"annee": 2026, "cible": "technicien", "voie": "choix", "mode": "cdg",
                         "recrutements": {"concours": 4}}),
    );
    assert_eq!(r["postes"], 2);
    assert_eq!(r["detail"][1]["valeur"], Value::Null);
    assert!(
        r["detail"][1]["calcul"]
            .as_str()
            .unwrap()
            .starts_with("Inconnu")
    );
    assert_eq!(r["effectif_retenu"], Value::Null);
    // Le calcul inconnu est repris dans l'explication sans doubler le point final :
    // « … : Inconnu : l'effectif … n'a pas été fourni. » et non « fourni.. ».
    let explication = r["explication"].as_str().unwrap();
    assert!(explication.contains("n'a pas été fourni."), "{explication}");
    assert!(!explication.contains(".."), "{explication}");
}

#[test]
fn entrees_invalides() {
    // Contrat v1 : code inconnu → code_inconnu, chemin /cible.
    let e = erreur(json!({"annee": 2026, "cible": "ingenieur_divisionnaire", "mode": "cdg"}));
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("code_inconnu", "/cible")
    );
    // Un grade connu mais non accessible par promotion interne (guide CDG Martinique §I.B).
    let e = erreur(
        json!({"annee": 2026, "cible": "attache_principal", "mode": "cdg",
                          "recrutements": {"concours": 4}}),
    );
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("cible_invalide", "/cible")
    );
    // Nombres négatifs impossibles (entiers non signés).
    let e = erreur(json!({"annee": 2026, "cible": "technicien", "mode": "cdg",
                          "recrutements": {"concours": -1}}));
    assert_eq!(e.chemin, "/recrutements/concours");
    // Champ inconnu.
    let e = erreur(json!({"annee": 2026, "cible": "technicien", "mode": "cdg", "bonus": 1}));
    assert_eq!(e.code, "champ_inconnu");
    // Règles antérieures à 2011 non codées.
    let e = erreur(cdg(2010, "technicien", json!({"concours": 4}), 10, 0));
    assert_eq!(e.chemin, "/annee");
    // Mode inconnu.
    let e = erreur(json!({"annee": 2026, "cible": "technicien", "mode": "departement"}));
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("code_inconnu", "/mode")
    );
}

mod proprietes {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Catégorie B (arrondi inférieur) : hors clause de sauvegarde, le nombre de postes
        /// ne dépasse jamais la plus favorable des deux proportions (CGFP L.523-1 : pas plus
        /// d'inscrits que de postes ouverts).
        #[test]
        fn categorie_b_jamais_au_dela_des_proportions(concours in 0u32..500, eff in 0u32..5000, cdi in 0u32..500) {
            let r = quota(cdg(2026, "technicien", json!({"concours": concours}), eff, cdi));
            let postes = r["postes"].as_u64().unwrap() as f64;
            let stat = f64::from(concours) / 2.0;
            let alt = f64::from(eff + cdi) * 0.08 / 2.0;
            prop_assert!(postes <= stat.max(alt) + 1e-9);
            prop_assert!(postes + 1.0 > stat.max(alt) - 1e-9);
        }

        /// Catégorie A comme les autres : hors clause de sauvegarde, le nombre de postes est
        /// l'entier inférieur de la plus favorable des deux proportions (la proportion du
        /// statut particulier est un maximum ; décret 2006-1695 art. 13 : avancement de grade).
        #[test]
        fn categorie_a_arrondi_inferieur(concours in 0u32..500, eff in 0u32..5000) {
            let r = quota(cdg(2026, "ingenieur", json!({"concours": concours}), eff, 0));
            let postes = r["postes"].as_u64().unwrap() as f64;
            let attendu = (f64::from(concours) / 2.0).max(f64::from(eff) * 0.04);
            prop_assert!(postes <= attendu + 1e-9 && postes > attendu - 1.0);
        }
    }
}

#[test]
fn lieutenant_de_sapeurs_pompiers_plafond_propre_au_sdis() {
    // Décret n° 2012-522 du 20 avril 2012, article 4 (rédaction en vigueur depuis le
    // 17/04/2022, lue sur juriblio.fr et legal.tricoteuses.fr) : nominations au choix limitées
    // à 30 % du total des nominations de lieutenant de 2e classe, par dérogation à l'article 9
    // du décret n° 2010-329. La proportion commune ne s'applique pas : refus qui nomme la règle.
    let e = erreur(
        json!({"annee": 2026, "cible": "lieutenant_2e_classe_spp", "mode": "cdg",
                          "recrutements": {"concours": 4}}),
    );
    assert_eq!(e.code, "mode_incompatible");
    assert_eq!(e.chemin, "/cible");
    assert!(e.message.contains("30 % au plus"), "{}", e.message);
    assert!(e.message.contains("article 4"), "{}", e.message);
}
