//! Commande `examen-dossier` : recevabilité du dossier d'inscription à l'examen professionnel
//! d'ingénieur en chef territorial. Chaque test cite la question de la FAQ du CNFPT
//! (FAQ CNFPT ingénieur en chef) ou l'article dont vient la valeur attendue.

use droit::commandes::executer;
use droit::examen::{self, DecisionDossier, LectureVoie, ReponseDossier};
use droit::resultat::Condition;
use serde_json::{Value, json};

/// Les six pièces de la question 22, aux longueurs maximales admises.
fn pieces_completes() -> Value {
    json!([
        {"type": "dossier_inscription_signe"},
        {"type": "etat_services"},
        {"type": "arretes_situation"},
        {"type": "parcours_professionnel", "pages": 2},
        {"type": "lettre_motivation", "pages": 2},
        {"type": "rapport_realisation", "pages": 3}
    ])
}

fn periode(debut: &str, fin: Option<&str>, grade: Option<&str>, position: &str) -> Value {
    json!({"debut": debut, "fin": fin, "versant": "territoriale", "statut": "titulaire",
           "grade": grade, "position": position, "quotite": 100, "emploi": null, "fonctions": []})
}

/// Ingénieur principal depuis 2015 : quatre ans dans un grade d'avancement bien avant 2026
/// (FAQ CNFPT ingénieur en chef Q2 1°).
fn agent_ingenieur_principal() -> Value {
    json!({"periodes": [
        periode("2008-09-01", Some("2014-12-31"), Some("ingenieur"), "activite"),
        periode("2015-01-01", None, Some("ingenieur_principal"), "activite"),
    ]})
}

fn demande(pieces: Value, agent: Value) -> Value {
    json!({"session": 2026, "cloture_inscriptions": "2026-03-12", "depot": "2026-03-10",
           "pieces": pieces, "agent": agent})
}

fn lancer(d: &Value) -> ReponseDossier {
    let v = executer("examen-dossier", &d.to_string()).expect("entrée valide");
    serde_json::from_value(v).expect("réponse conforme")
}

fn condition<'a>(r: &'a ReponseDossier, code: &str) -> &'a Condition {
    r.conditions
        .iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("condition {code} absente"))
}

fn erreur(d: &Value) -> droit::ErreurEntree {
    executer("examen-dossier", &d.to_string()).expect_err("entrée invalide")
}

// ---- Q22 et Q23 : les six pièces exigées ----

#[test]
fn q22_dossier_complet_aucune_piece_ne_manque() {
    // FAQ CNFPT ingénieur en chef Q22 : six pièces ; toutes présentes, aux longueurs maximales admises.
    let r = lancer(&demande(pieces_completes(), agent_ingenieur_principal()));
    for t in examen::TypePiece::TOUTES {
        assert_eq!(
            condition(&r, &format!("piece_{}", t.code())).satisfaite,
            Some(true),
            "{t:?}"
        );
    }
    for code in [
        "longueur_parcours_professionnel",
        "longueur_lettre_motivation",
        "longueur_rapport_realisation",
    ] {
        assert_eq!(condition(&r, code).satisfaite, Some(true), "{code}");
    }
    assert!(r.motifs.is_empty(), "{:?}", r.motifs);
    assert!(r.pieces_non_transmises.is_empty());
    assert!(r.pieces.iter().all(|p| p.transmise_au_jury));
    assert_ne!(r.decision, DecisionDossier::Irrecevable);
}

#[test]
fn q23_piece_manquante_rejette_le_dossier() {
    // FAQ CNFPT ingénieur en chef Q23 : « S'il manque une pièce, le dossier d'inscription sera rejeté ».
    let mut pieces = pieces_completes();
    pieces
        .as_array_mut()
        .unwrap()
        .retain(|p| p["type"] != "rapport_realisation");
    let r = lancer(&demande(pieces, agent_ingenieur_principal()));
    assert!(!r.recevable);
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
    assert_eq!(
        condition(&r, "piece_rapport_realisation").satisfaite,
        Some(false)
    );
    assert_eq!(r.motifs.len(), 1, "{:?}", r.motifs);
    let m = &r.motifs[0];
    assert!(
        m.contains("rapport présentant une réalisation professionnelle"),
        "{m}"
    );
    assert!(
        m.contains("question 22") && m.contains("question 23"),
        "{m}"
    );
}

#[test]
fn q23_chaque_piece_manquante_a_son_motif() {
    // FAQ CNFPT ingénieur en chef Q22-Q23 : un dossier qui ne contient que le dossier signé manque de cinq pièces.
    let r = lancer(&demande(
        json!([{"type": "dossier_inscription_signe"}]),
        agent_ingenieur_principal(),
    ));
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
    assert_eq!(r.motifs.len(), 5, "{:?}", r.motifs);
    assert!(r.motifs.iter().all(|m| m.ends_with('.')));
}

#[test]
fn q22_parcours_de_trois_pages_depasse_la_limite_de_deux() {
    // FAQ CNFPT ingénieur en chef Q22 : parcours professionnel sur 2 pages maximum.
    let mut pieces = pieces_completes();
    pieces[3]["pages"] = json!(3);
    let r = lancer(&demande(pieces, agent_ingenieur_principal()));
    let c = condition(&r, "longueur_parcours_professionnel");
    assert_eq!(c.satisfaite, Some(false));
    assert!(
        !c.verifie,
        "conséquence du dépassement non précisée par la FAQ"
    );
    assert!(
        c.requis
            .contains("règle non vérifiée sur le texte en vigueur")
    );
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
    assert!(r.motifs[0].contains("3 pages") && r.motifs[0].contains("2 pages"));
}

#[test]
fn q22_lettre_de_motivation_limitee_a_deux_pages() {
    // FAQ CNFPT ingénieur en chef Q22 : lettre de motivation sur 2 pages maximum.
    let mut pieces = pieces_completes();
    pieces[4]["pages"] = json!(3);
    let r = lancer(&demande(pieces, agent_ingenieur_principal()));
    assert_eq!(
        condition(&r, "longueur_lettre_motivation").satisfaite,
        Some(false)
    );
}

#[test]
fn q22_rapport_limite_a_trois_pages_annexe_comprise() {
    // FAQ CNFPT ingénieur en chef Q22 : rapport sur 3 pages maximum annexe comprise ; une annexe déposée à part
    // compte dans les trois pages.
    let mut pieces = pieces_completes();
    pieces[5]["pages"] = json!(2);
    pieces
        .as_array_mut()
        .unwrap()
        .push(json!({"type": "rapport_realisation", "pages": 2}));
    let r = lancer(&demande(pieces, agent_ingenieur_principal()));
    let c = condition(&r, "longueur_rapport_realisation");
    assert_eq!(c.satisfaite, Some(false));
    assert_eq!(c.constate, "4 page(s)");
    assert!(r.motifs[0].contains("annexe comprise"));
}

#[test]
fn q22_nombre_de_pages_requis_pour_une_piece_limitee() {
    // FAQ CNFPT ingénieur en chef Q22 : sans le nombre de pages, la limite ne peut pas être vérifiée.
    let mut pieces = pieces_completes();
    pieces[4] = json!({"type": "lettre_motivation"});
    let e = erreur(&demande(pieces, agent_ingenieur_principal()));
    assert_eq!(e.code, "champ_manquant");
    assert_eq!(e.chemin, "/pieces/4/pages");
    assert!(e.message.contains("question 22"));
}

// ---- Q24 : pièces supplémentaires ----

#[test]
fn q24_pieces_supplementaires_acceptees_mais_non_transmises() {
    // FAQ CNFPT ingénieur en chef Q24 : « toute pièce supplémentaire non exigée ... ne sera pas transmise au jury ».
    let mut pieces = pieces_completes();
    let a = pieces.as_array_mut().unwrap();
    a.push(json!({"type": "cv", "pages": 2}));
    a.push(json!({"type": "lettre_recommandation", "pages": 1}));
    let r = lancer(&demande(pieces, agent_ingenieur_principal()));
    assert_eq!(r.pieces_non_transmises, vec!["cv", "lettre_recommandation"]);
    assert!(
        r.motifs.is_empty(),
        "une pièce en trop ne rejette pas : {:?}",
        r.motifs
    );
    let cv = r.pieces.iter().find(|p| p.type_piece == "cv").unwrap();
    assert!(!cv.exigee && !cv.transmise_au_jury);
    assert!(cv.observation.contains("question 24"));
}

#[test]
fn type_de_piece_mal_forme_est_une_erreur() {
    // Contrat v1 : les codes sont en snake_case sans accents.
    let mut pieces = pieces_completes();
    pieces
        .as_array_mut()
        .unwrap()
        .push(json!({"type": "Lettre de soutien"}));
    let e = erreur(&demande(pieces, agent_ingenieur_principal()));
    assert_eq!(e.chemin, "/pieces/6/type");
}

// ---- Q21 : dépôt après la clôture ----

#[test]
fn q21_dossier_depose_apres_la_cloture_est_irrecevable() {
    // FAQ CNFPT ingénieur en chef Q21 : le dossier doit être déposé avant la clôture des inscriptions.
    let mut d = demande(pieces_completes(), agent_ingenieur_principal());
    d["depot"] = json!("2026-03-13");
    let r = lancer(&d);
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
    assert_eq!(
        condition(&r, "depot_dans_les_delais").satisfaite,
        Some(false)
    );
    let m = &r.motifs[0];
    assert!(
        m.contains("13/03/2026") && m.contains("12/03/2026") && m.contains("question 21"),
        "{m}"
    );
}

#[test]
fn q21_depot_le_jour_de_la_cloture_est_dans_les_delais() {
    // FAQ CNFPT ingénieur en chef Q21 : est irrecevable la pièce déposée *après* la date de clôture.
    let mut d = demande(pieces_completes(), agent_ingenieur_principal());
    d["depot"] = json!("2026-03-12");
    let r = lancer(&d);
    assert_eq!(
        condition(&r, "depot_dans_les_delais").satisfaite,
        Some(true)
    );
    assert!(r.motifs.is_empty());
}

#[test]
fn q21_piece_deposee_apres_la_cloture_manque_au_dossier() {
    // FAQ CNFPT ingénieur en chef Q21 : « toute pièce déposée après la date de clôture ... sera irrecevable » ;
    // Q23 : le dossier est alors incomplet.
    let mut pieces = pieces_completes();
    pieces[4]["depot"] = json!("2026-03-20");
    let r = lancer(&demande(pieces, agent_ingenieur_principal()));
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
    assert_eq!(
        condition(&r, "piece_lettre_motivation").satisfaite,
        Some(false)
    );
    assert_eq!(r.pieces_non_transmises, vec!["lettre_motivation"]);
    let m = &r.motifs[0];
    assert!(m.contains("20/03/2026") || m.contains("12/03/2026"), "{m}");
    assert!(
        m.contains("question 21") && m.contains("question 23"),
        "{m}"
    );
}

// ---- Q5 à Q8, Q10, Q11, Q13 : position à la clôture ----

fn agent_position_a_la_cloture(position: &str, emploi: Option<Value>) -> Value {
    let mut p = periode("2026-01-01", None, Some("ingenieur_principal"), position);
    if let Some(e) = emploi {
        p["emploi"] = e;
    }
    json!({"periodes": [
        periode("2015-01-01", Some("2025-12-31"), Some("ingenieur_principal"), "activite"),
        p,
    ]})
}

fn position(agent: Value) -> (ReponseDossier, Condition) {
    let r = lancer(&demande(pieces_completes(), agent));
    let c = condition(&r, "position_a_la_cloture").clone();
    (r, c)
}

#[test]
fn q5_conge_parental_permet_de_concourir() {
    // FAQ CNFPT ingénieur en chef Q5 : CGFP L.515-7, l'agent en congé parental a accès à l'examen.
    let (_, c) = position(agent_position_a_la_cloture("conge_parental", None));
    assert_eq!(c.satisfaite, Some(true));
}

#[test]
fn q6_disponibilite_ferme_l_examen() {
    // FAQ CNFPT ingénieur en chef Q6 : le fonctionnaire en disponibilité ne peut pas se présenter.
    let (r, c) = position(agent_position_a_la_cloture("disponibilite", None));
    assert_eq!(c.satisfaite, Some(false));
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
    let m = r
        .motifs
        .iter()
        .find(|m| m.contains("disponibilité"))
        .expect("motif");
    assert!(
        m.contains("12/03/2026") && m.contains("questions 5 à 8"),
        "{m}"
    );
}

#[test]
fn q7_detachement_pour_mandat_ferme_l_examen() {
    // FAQ CNFPT ingénieur en chef Q7 : le détachement pour mandat électif ou syndical ne permet pas de concourir.
    let mut d = demande(
        pieces_completes(),
        agent_position_a_la_cloture("detachement", None),
    );
    d["detachement_pour_mandat"] = json!(true);
    let r = lancer(&d);
    assert_eq!(
        condition(&r, "position_a_la_cloture").satisfaite,
        Some(false)
    );
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
}

#[test]
fn q7_detachement_dans_un_emploi_fonctionnel_permet_de_concourir() {
    // FAQ CNFPT ingénieur en chef Q7 : activité, détachement dans un emploi fonctionnel, congé parental.
    let (_, c) = position(agent_position_a_la_cloture(
        "detachement",
        Some(json!({"code": "dgs_commune", "population": 25000})),
    ));
    assert_eq!(c.satisfaite, Some(true));
}

#[test]
fn q7_detachement_de_nature_inconnue_reste_a_verifier() {
    // FAQ CNFPT ingénieur en chef Q7 : sans l'emploi de détachement, on ne peut exclure un mandat : inconnu.
    let (r, c) = position(agent_position_a_la_cloture("detachement", None));
    assert_eq!(c.satisfaite, None);
    assert_ne!(r.decision, DecisionDossier::Recevable);
    assert!(r.a_verifier.iter().any(|a| a.contains("mandat")));
}

#[test]
fn q8_mise_a_disposition_releve_de_l_activite() {
    // FAQ CNFPT ingénieur en chef Q8 : la MAD relève de la position d'activité (décret 85-447).
    let (_, c) = position(agent_position_a_la_cloture("mise_a_disposition", None));
    assert_eq!(c.satisfaite, Some(true));
}

#[test]
fn q10_q11_detachement_sur_contrat_n_empeche_pas_de_concourir() {
    // FAQ CNFPT ingénieur en chef Q10 et Q11 : le détaché sur contrat de projet ou de droit public peut se
    // présenter s'il remplit les conditions du 1° ou du 2°.
    for code in ["contrat_projet", "contrat_droit_public"] {
        let (_, c) = position(agent_position_a_la_cloture(
            "detachement",
            Some(json!({"code": code})),
        ));
        assert_eq!(c.satisfaite, Some(true), "{code}");
    }
}

#[test]
fn q13_detachement_sdis_position_a_verifier() {
    // FAQ CNFPT ingénieur en chef Q13 : la direction de SDIS n'est pas un emploi du 2° ; la FAQ ne tranche pas
    // la position au titre du 1° : inconnu, jamais supposé.
    let (_, c) = position(agent_position_a_la_cloture(
        "detachement",
        Some(json!({"code": "directeur_sdis"})),
    ));
    assert_eq!(c.satisfaite, None);
}

#[test]
fn position_appreciee_a_la_date_de_cloture() {
    // Décret 2013-593 art. 8 (référence §0.4) : la position s'apprécie à la clôture ; une
    // disponibilité qui commence le lendemain ne compte pas.
    let agent = json!({"periodes": [
        periode("2015-01-01", Some("2026-03-12"), Some("ingenieur_principal"), "activite"),
        periode("2026-03-13", None, Some("ingenieur_principal"), "disponibilite"),
    ]});
    let (_, c) = position(agent);
    assert_eq!(c.satisfaite, Some(true));
    assert!(c.constate.starts_with("Au 12/03/2026"));
}

#[test]
fn carriere_sans_periode_a_la_cloture_position_inconnue() {
    // Donnée absente : « inconnu », jamais une supposition (standards du projet).
    let agent = json!({"periodes": [
        periode("2015-01-01", Some("2025-12-31"), Some("ingenieur_principal"), "activite"),
    ]});
    let (r, c) = position(agent);
    assert_eq!(c.satisfaite, None);
    assert_eq!(
        condition(&r, "membre_cadre_ingenieurs_territoriaux").satisfaite,
        None
    );
}

// ---- Q2, Q4, Q9, Q15 : qualité de membre du cadre d'emplois ----

fn assert_rejete_pour_qualite(r: &ReponseDossier) {
    assert_eq!(
        condition(r, "membre_cadre_ingenieurs_territoriaux").satisfaite,
        Some(false)
    );
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
}

#[test]
fn q4_fonctionnaire_de_l_etat_detache_ne_peut_pas_concourir() {
    // FAQ CNFPT ingénieur en chef Q4 : le fonctionnaire de l'État non intégré n'est pas fonctionnaire territorial
    // (FAQ CNFPT ingénieur en chef Q4).
    let agent = json!({"periodes": [{"debut": "2012-01-01", "fin": null, "versant": "etat",
        "statut": "titulaire", "grade": null, "position": "detachement", "quotite": 100,
        "emploi": {"code": "dgs_commune", "population": 30000}, "fonctions": []}]});
    let r = lancer(&demande(pieces_completes(), agent));
    assert_rejete_pour_qualite(&r);
    assert!(r.motifs.iter().any(|m| m.contains("article 7")));
}

#[test]
fn q15_agent_contractuel_ne_peut_pas_concourir() {
    // FAQ CNFPT ingénieur en chef Q15 : un agent contractuel ne peut pas présenter sa candidature.
    let mut p = periode("2015-01-01", None, None, "activite");
    p["statut"] = json!("contractuel");
    let r = lancer(&demande(pieces_completes(), json!({"periodes": [p]})));
    assert_rejete_pour_qualite(&r);
}

#[test]
fn q2_grade_hors_du_cadre_des_ingenieurs() {
    // FAQ CNFPT ingénieur en chef Q2 : seuls les membres du cadre d'emplois des ingénieurs territoriaux.
    let agent = json!({"periodes": [
        periode("2010-01-01", None, Some("technicien_principal_1re_classe"), "activite"),
    ]});
    let r = lancer(&demande(pieces_completes(), agent));
    let c = condition(&r, "membre_cadre_ingenieurs_territoriaux");
    assert_eq!(c.satisfaite, Some(false));
    assert!(c.constate.contains("hors du cadre"));
}

#[test]
fn q9_fonctionnaire_de_l_etat_mis_a_disposition_ne_peut_pas_concourir() {
    // FAQ CNFPT ingénieur en chef Q9 : le fonctionnaire de l'État mis à disposition reste dans son corps.
    let mut p = periode("2015-01-01", None, None, "mise_a_disposition");
    p["versant"] = json!("etat");
    let r = lancer(&demande(pieces_completes(), json!({"periodes": [p]})));
    assert_rejete_pour_qualite(&r);
}

#[test]
fn q3_detachement_sur_emploi_l313_1_permet_de_concourir() {
    // FAQ CNFPT ingénieur en chef Q2 i) et Q3 : emplois créés en application des articles L.313-1 et L.412-5
    // du CGFP (décret 2022-48).
    let (_, c) = position(agent_position_a_la_cloture(
        "detachement",
        Some(json!({"code": "emploi_l313_1"})),
    ));
    assert_eq!(c.satisfaite, Some(true));
}

#[test]
fn q14_pas_de_limite_d_age() {
    // FAQ CNFPT ingénieur en chef Q14 : aucune limite d'âge ; un candidat de 70 ans n'est pas écarté pour son âge.
    let mut agent = agent_ingenieur_principal();
    agent["date_naissance"] = json!("1956-01-15");
    let r = lancer(&demande(pieces_completes(), agent));
    assert!(r.motifs.is_empty(), "{:?}", r.motifs);
    assert!(!r.conditions.iter().any(|c| c.libelle.contains("âge")));
}

// ---- Article 7 : lecture de la voie `inscription_examen` du moteur ----

#[test]
fn voie_absente_eligibilite_inconnue_jamais_eligible() {
    // Mission : voie absente = « éligibilité inconnue », jamais éligible par défaut.
    let c = examen::condition_article_7(None, 2026);
    assert_eq!(c.satisfaite, None);
    assert!(c.constate.contains("inconnue"));
}

#[test]
fn voie_non_eligible_donne_les_conditions_manquantes() {
    // Décret 2016-200 art. 7 : le constat reprend la condition non remplie rendue par le
    // moteur ; une voie éligible donne une condition remplie.
    let lecture = LectureVoie {
        eligible: false,
        variante_retenue: None,
        conditions_manquantes: vec![
            "Article 7, 1° : services effectifs (requis : 4 ans ; constaté : 2 ans 3 mois)".into(),
        ],
    };
    let c = examen::condition_article_7(Some(&lecture), 2026);
    assert_eq!(c.satisfaite, Some(false));
    assert!(c.constate.contains("2 ans 3 mois") && c.constate.contains("Article 7, 1°"));
    let lecture = LectureVoie {
        eligible: true,
        variante_retenue: Some("Article 7, 1°".into()),
        conditions_manquantes: vec![],
    };
    let c = examen::condition_article_7(Some(&lecture), 2026);
    assert_eq!(c.satisfaite, Some(true));
    assert!(c.constate.contains("Article 7, 1°"));
}

#[test]
fn decision_suit_les_conditions() {
    // Standards : `recevable` n'est vrai que si toutes les conditions sont établies.
    let r = lancer(&demande(pieces_completes(), agent_ingenieur_principal()));
    let toutes = r.conditions.iter().all(|c| c.satisfaite == Some(true));
    assert_eq!(r.recevable, toutes);
    assert_eq!(r.recevable, r.decision == DecisionDossier::Recevable);
    if !toutes {
        assert!(!r.a_verifier.is_empty());
    }
}

// ---- Cas réels à travers le moteur d'éligibilité (décret 2016-200 art. 7) ----

#[test]
fn q2_ingenieur_principal_quatre_ans_dossier_recevable() {
    // FAQ CNFPT ingénieur en chef Q2 1°  : ingénieur principal
    // depuis 2021, quatre ans au plus tard fin 2025, session 2026.
    let agent = json!({"periodes": [
        periode("2010-09-01", Some("2020-12-31"), Some("ingenieur"), "activite"),
        periode("2021-01-01", None, Some("ingenieur_principal"), "activite"),
    ]});
    let r = lancer(&demande(pieces_completes(), agent));
    assert_eq!(condition(&r, "conditions_article_7").satisfaite, Some(true));
    assert_eq!(r.decision, DecisionDossier::Recevable);
    assert!(r.recevable && r.motifs.is_empty());
}

#[test]
fn q13_directeur_adjoint_sdis_non_eligible_par_le_moteur() {
    // FAQ CNFPT ingénieur en chef Q13.
    let agent = json!({"periodes": [
        periode("2005-01-01", Some("2017-12-31"), Some("ingenieur"), "activite"),
        {"debut": "2018-01-01", "fin": null, "versant": "territoriale", "statut": "titulaire",
         "grade": "ingenieur", "position": "detachement",
         "emploi": {"code": "directeur_adjoint_sdis"}, "fonctions": []},
    ]});
    let r = lancer(&demande(pieces_completes(), agent));
    assert_eq!(
        condition(&r, "conditions_article_7").satisfaite,
        Some(false)
    );
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
    assert!(r.motifs.iter().any(|m| m.contains("article 7")));
}

#[test]
fn q17_quatre_ans_atteints_en_cours_d_annee_de_session() {
    // FAQ CNFPT ingénieur en chef Q17 : les quatre ans peuvent être atteints entre le 1er janvier et le
    // 31 décembre de l'année de la session (décret 2013-593 art. 16 et 21).
    let agent = json!({"periodes": [
        periode("2012-09-01", Some("2022-08-31"), Some("ingenieur"), "activite"),
        periode("2022-09-01", None, Some("ingenieur_principal"), "activite"),
    ]});
    let r = lancer(&demande(pieces_completes(), agent.clone()));
    assert_eq!(condition(&r, "conditions_article_7").satisfaite, Some(true));
    // Quatre ans atteints le 31/08/2026 seulement : pas pour la session 2025.
    let mut d = demande(pieces_completes(), agent);
    d["session"] = json!(2025);
    d["cloture_inscriptions"] = json!("2025-03-12");
    d["depot"] = json!("2025-03-01");
    let r = lancer(&d);
    assert_eq!(
        condition(&r, "conditions_article_7").satisfaite,
        Some(false)
    );
}

#[test]
fn q4_fonctionnaire_de_l_etat_non_eligible_par_le_moteur() {
    // FAQ CNFPT ingénieur en chef Q4 : six ans de DGS d'une
    // commune de 30 000 habitants, mais fonctionnaire de l'État.
    let agent = json!({"periodes": [{"debut": "2012-01-01", "fin": null, "versant": "etat",
        "statut": "titulaire", "grade": null, "position": "detachement",
        "emploi": {"code": "dgs_commune", "population": 30000}, "fonctions": []}]});
    let r = lancer(&demande(pieces_completes(), agent));
    assert_eq!(
        condition(&r, "conditions_article_7").satisfaite,
        Some(false)
    );
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
}

#[test]
fn q5_conge_parental_a_la_cloture_dossier_recevable() {
    // FAQ CNFPT ingénieur en chef Q5 : l'ingénieur principal en congé parental a accès à l'examen ; ingénieur
    // principal depuis 2015, quatre ans acquis avant le congé (Q2 1°).
    let r = lancer(&demande(
        pieces_completes(),
        agent_position_a_la_cloture("conge_parental", None),
    ));
    assert_eq!(condition(&r, "conditions_article_7").satisfaite, Some(true));
    assert_eq!(r.decision, DecisionDossier::Recevable);
}

#[test]
fn q6_disponibilite_rejetee_avec_le_moteur() {
    // FAQ CNFPT ingénieur en chef Q6 : ingénieur principal de 2015 à 2025, en disponibilité à la clôture :
    // rejet, avec le motif de la position (le moteur peut aussi écarter l'article 7).
    let r = lancer(&demande(
        pieces_completes(),
        agent_position_a_la_cloture("disponibilite", None),
    ));
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
    assert!(
        r.motifs
            .iter()
            .any(|m| m.contains("disponibilité") && m.contains("question 6")),
        "{:?}",
        r.motifs
    );
}

#[test]
fn q7_detachement_pour_mandat_rejete_avec_le_moteur() {
    // FAQ CNFPT ingénieur en chef Q7 : détachement pour mandat électif ou syndical à la clôture : rejet, avec
    // le motif de la position.
    let mut d = demande(
        pieces_completes(),
        agent_position_a_la_cloture("detachement", None),
    );
    d["detachement_pour_mandat"] = json!(true);
    let r = lancer(&d);
    assert_eq!(r.decision, DecisionDossier::Irrecevable);
    assert!(
        r.motifs
            .iter()
            .any(|m| m.contains("mandat") && m.contains("question 7")),
        "{:?}",
        r.motifs
    );
}

#[test]
fn q8_mise_a_disposition_dossier_recevable() {
    // FAQ CNFPT ingénieur en chef Q8 : la MAD relève de l'activité ; ses services comptent.
    let r = lancer(&demande(
        pieces_completes(),
        agent_position_a_la_cloture("mise_a_disposition", None),
    ));
    assert_eq!(r.decision, DecisionDossier::Recevable);
    assert!(r.recevable && r.motifs.is_empty() && r.a_verifier.is_empty());
}

#[test]
fn q12_q16_emplois_fonctionnels_cumules_et_surclassement() {
    // FAQ CNFPT ingénieur en chef Q12 (surclassement démographique) et Q16 (cumul de plusieurs emplois du 2°) :
    // trois ans de DGS d'une commune de 8 000 habitants surclassée 10 000 à 20 000, puis
    // trois ans de DGA d'une commune de 25 000 habitants : six ans au 31/12/2025.
    let det = |debut: &str, fin: Option<&str>, emploi: Value| {
        json!({"debut": debut, "fin": fin, "versant": "territoriale", "statut": "titulaire",
               "grade": "ingenieur", "position": "detachement", "emploi": emploi,
               "fonctions": []})
    };
    let agent = json!({"periodes": [
        periode("2010-01-01", Some("2019-12-31"), Some("ingenieur"), "activite"),
        det("2020-01-01", Some("2022-12-31"),
            json!({"code": "dgs_commune", "population": 8000, "surclassement": 20000})),
        det("2023-01-01", None, json!({"code": "dga_commune", "population": 25000})),
    ]});
    let r = lancer(&demande(pieces_completes(), agent));
    assert_eq!(condition(&r, "conditions_article_7").satisfaite, Some(true));
    assert_eq!(r.decision, DecisionDossier::Recevable);
}

// ---- Entrées invalides ----

#[test]
fn champ_inconnu_refuse() {
    // Contrat v1 : un champ inconnu est une entrée invalide.
    let mut d = demande(pieces_completes(), agent_ingenieur_principal());
    d["urgence"] = json!(true);
    let e = erreur(&d);
    assert_eq!(e.code, "champ_inconnu");
}

#[test]
fn carriere_invalide_pointee_dans_l_agent() {
    // Contrat v1 : périodes qui se chevauchent, pointeur JSON vers la période fautive.
    let agent = json!({"periodes": [
        periode("2015-01-01", None, Some("ingenieur_principal"), "activite"),
        periode("2020-01-01", None, Some("ingenieur_principal"), "activite"),
    ]});
    let e = erreur(&demande(pieces_completes(), agent));
    assert_eq!(e.chemin, "/agent/periodes/1/debut");
}
