//! La campagne, côté employeur, de bout en bout par l'API HTTP, sur SQLite et PostgreSQL :
//! création, déclarations, quotas (calculés à la main ci-dessous, avec leur règle),
//! promouvables, propositions, pièces, transmission, délai de rigueur, lecture seule après
//! transmission, cloisonnement entre collectivités, journal ; puis, côté centre de gestion
//! (`cdg::suite_centre_de_gestion`), instruction, cotation, classement et liste.

use axum::http::StatusCode;
use droit::carriere::{Agent, ExamenReussi, Periode, Position, Statut, Versant};
use jiff::civil::date;
use serde_json::{Value, json};
use store::{Acteur, Collectivite, FicheAgent, LotImport};

use crate::commun::TestApp;

/// Grille de cotation des tests : une ligne CREP (pièce `crep`), une ligne d'encadrement
/// (pièce `organigramme`), le rang donné par l'autorité.
pub const GRILLE: &str = r#"{"libelle": "Grille de test", "criteres": [
 {"code": "crep", "libelle": "Valeur professionnelle (CREP)", "mode": "somme", "champ": "crep",
  "valeurs": {"a_developper": 1, "maitrise": 2, "excellent": 3}, "max": 15, "piece": "crep"},
 {"code": "encadrement", "libelle": "Agents encadrés", "mode": "par_unite",
  "champ": "agents_encadres", "points": 0.5, "max": 5, "piece": "organigramme"},
 {"code": "ordre", "libelle": "Ordre de l'autorité", "mode": "rang_autorite",
  "valeurs": {"1": 10, "2": 6, "3": 3}}],
 "departage": ["anciennete_categorie", "age"]}"#;

/// Le PDF de test : `printf '%%PDF-1.4\n%% CREP 2025 de Durand Helene\n%%%%EOF\n'`, 44
/// octets ; empreinte calculée par `sha256sum`.
const PDF: &[u8] = b"%PDF-1.4\n% CREP 2025 de Durand Helene\n%%EOF\n";
const SHA256_PDF: &str = "ca611be54df957587722e3e38920d8dcf4f7dbd4c30cf8e7aacbe59ee261db51";

fn systeme() -> Acteur {
    Acteur::systeme("tests")
}

/// Crée la campagne 2027 (dépôt du 02/11/2026 au 18/12/2026, liste au 01/03/2027) ;
/// aujourd'hui le 30/11/2026, dépôt ouvert.
pub async fn campagne_2027(app: &TestApp) {
    app.horloge.fixer_au(date(2026, 11, 30));
    app.store
        .creer_campagne(
            &systeme(),
            2027,
            date(2026, 11, 2),
            date(2026, 12, 18),
            date(2027, 3, 1),
        )
        .await
        .unwrap();
}

/// Campagne 2027 des tests de la matrice des accès : dépôt du 02/11/2026 au 18/12/2026,
/// aujourd'hui le 30/11/2026 ; déclarations de C1 et C2 ; grille ; propositions 1, 3, 5
/// (agent A1, C1) et 2, 4, 6 (agent A2, C2), brouillons ; listes d'aptitude sans inscrit
/// « attache » (publiée), « redacteur » et « technicien » (établies, non publiées).
pub async fn preparer_matrice(app: &TestApp) {
    campagne_2027(app).await;
    let s = &app.store;
    let d = json!({"recrutements": [], "effectifs": []});
    for c in ["C1", "C2"] {
        s.remplacer_declaration(&systeme(), 2027, c, &d)
            .await
            .unwrap()
            .unwrap();
    }
    let g: Value = serde_json::from_str(GRILLE).unwrap();
    s.definir_grille(&systeme(), 2027, &g).await.unwrap();
    let vide = json!({});
    for (matricule, cible, voie) in [
        ("A1", "ingenieur", "examen"),
        ("A2", "ingenieur", "choix"),
        ("A1", "attache", "choix"),
        ("A2", "ingenieur", "examen"),
        ("A1", "attache", "examen"),
        ("A2", "attache", "examen"),
    ] {
        s.creer_proposition(
            &systeme(),
            &store::propositions::NouvelleProposition {
                annee: 2027,
                matricule,
                cible,
                voie,
                rang: None,
                dossier: &vide,
                promouvable: false,
                eligibilite: &vide,
                version_catalogue: "tests",
            },
        )
        .await
        .unwrap()
        .unwrap();
    }
    for cible in ["attache", "redacteur", "technicien"] {
        s.etablir_liste(
            &systeme(),
            &store::instruction::NouvelleListe {
                annee: 2027,
                cible,
                postes: Some(0),
                date_effet: date(2027, 3, 1),
                grille_version: 1,
                departage_manuel: None,
                justification: None,
                classements: &json!([]),
                inscrits: &[],
                statuts: &[],
            },
        )
        .await
        .unwrap();
    }
    s.publier_liste(&systeme(), 2027, "attache")
        .await
        .unwrap()
        .unwrap();
}

pub fn periode(debut: jiff::civil::Date, grade: &str) -> Periode {
    Periode {
        debut,
        fin: None,
        versant: Versant::Territoriale,
        statut: Statut::Titulaire,
        grade: Some(grade.into()),
        position: Position::Activite,
        motif_disponibilite: None,
        quotite: None,
        heures_hebdomadaires: None,
        emploi: None,
        fonctions: vec![],
        conge_parental_octroye_le: None,
    }
}

/// Ajoute à la population de `TestApp` une collectivité non affiliée (C3) et deux
/// techniciens de C1 : A4, examen professionnel d'ingénieur réussi en 2025, et A5, sans
/// examen ; tous deux techniciens titulaires depuis le 01/01/2016.
async fn completer_population(app: &TestApp) {
    let mut lot = LotImport::default();
    lot.collectivites.push(Collectivite {
        code: "C3".into(),
        nom: "Montbrison".into(),
        type_collectivite: "commune".into(),
        population: Some(16_000),
        affiliee: false,
    });
    for (matricule, nom, examens) in [
        (
            "A4",
            "Bernard",
            vec![ExamenReussi {
                examen: "ingenieur".into(),
                annee: 2025,
                admis: true,
            }],
        ),
        ("A5", "Petit", vec![]),
    ] {
        lot.ajouter_agent(
            FicheAgent {
                matricule: matricule.into(),
                code_collectivite: "C1".into(),
                nom: nom.into(),
                prenom: "Claude".into(),
            },
            &Agent {
                date_naissance: Some(date(1984, 5, 6)),
                periodes: vec![periode(date(2016, 1, 1), "technicien")],
                examens,
                ..Default::default()
            },
        );
    }
    app.store
        .enregistrer(&lot, "tests", &systeme(), &mut |_, _| {})
        .await
        .unwrap();
}

fn code(r: &crate::commun::Reponse) -> String {
    r.json()["erreur"]["code"].as_str().unwrap_or("").to_owned()
}

#[tokio::test]
async fn campagne_de_bout_en_bout() {
    for app in TestApp::tous("campagne").await {
        let m = app.moteur;
        completer_population(&app).await;
        app.horloge.fixer_au(date(2026, 11, 30));
        let mut gestionnaire = app.client("gestionnaire").await;
        let mut rh1 = app.client("collectivite1").await;
        let mut rh2 = app.client("collectivite2").await;
        let mut admin = app.client("admin").await;

        // --- La campagne 2027 : dépôt du 02/11/2026 au 18/12/2026 (délai de rigueur).
        let corps = r#"{"annee": 2027, "depot_ouverture": "2026-11-02",
            "depot_cloture": "2026-12-18", "date_effet_liste": "2027-03-01"}"#;
        let r = rh1.post_json("/api/v1/campagnes", corps).await;
        assert_eq!(r.statut, StatusCode::FORBIDDEN, "{m} : {}", r.corps);
        let r = gestionnaire.post_json("/api/v1/campagnes", corps).await;
        assert_eq!(r.statut, StatusCode::CREATED, "{m} : {}", r.corps);
        let c = r.json();
        assert_eq!(c["etat"], "depot_ouvert");
        // Du 30/11 au 18/12 inclus : 1 jour en novembre + 18 en décembre.
        assert_eq!(c["jours_restants"], 19);
        let r = gestionnaire.post_json("/api/v1/campagnes", corps).await;
        assert_eq!(r.statut, StatusCode::CONFLICT);
        assert_eq!(code(&r), "campagne_existante");
        let r = gestionnaire
            .post_json(
                "/api/v1/campagnes",
                r#"{"annee": 2028, "depot_ouverture": "2027-11-02",
                    "depot_cloture": "2027-10-18", "date_effet_liste": "2028-03-01"}"#,
            )
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["erreur"]["chemin"], "/depot_cloture");
        let r = rh2.get("/api/v1/campagnes/2027").await;
        assert_eq!(r.statut, StatusCode::OK);
        assert_eq!(r.json()["depot_cloture"], "2026-12-18");
        assert_eq!(
            gestionnaire.get("/api/v1/campagnes/2031").await.statut,
            StatusCode::NOT_FOUND
        );

        // --- Recensement (recrutements de 2026, effectif au 31/12/2026).
        let r = rh1
            .put_json(
                "/api/v1/campagnes/2027/declarations/C1",
                r#"{"recrutements": [{"cadre_emplois": "ingenieurs_territoriaux",
                    "mode": "concours", "date": "2025-12-31", "reference": "arrêté n° 2025-301"}]}"#,
            )
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert_eq!(code(&r), "date_hors_annee");
        assert_eq!(r.json()["erreur"]["chemin"], "/recrutements/0/date");
        let decl_c1 = r#"{"recrutements": [
            {"cadre_emplois": "ingenieurs_territoriaux", "mode": "concours", "date": "2026-03-01", "reference": "arrêté n° 2026-014"},
            {"cadre_emplois": "ingenieurs_territoriaux", "mode": "mutation", "date": "2026-06-15", "reference": "arrêté n° 2026-088"},
            {"cadre_emplois": "ingenieurs_territoriaux", "mode": "detachement", "date": "2026-09-01", "reference": "arrêté n° 2026-120"},
            {"cadre_emplois": "attaches_territoriaux", "mode": "concours", "date": "2026-04-01", "reference": "arrêté n° 2026-051"}],
            "effectifs": [{"cadre_emplois": "ingenieurs_territoriaux",
                           "fonctionnaires_activite_detachement": 60, "cdi": 5}]}"#;
        let r = rh1
            .put_json("/api/v1/campagnes/2027/declarations/C1", decl_c1)
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        // Une collectivité ne déclare pas pour une autre (elle n'existe pas pour elle).
        let r = rh1
            .put_json("/api/v1/campagnes/2027/declarations/C2", decl_c1)
            .await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND);
        let decl_c2 = r#"{"recrutements": [
            {"cadre_emplois": "ingenieurs_territoriaux", "mode": "concours", "date": "2026-02-01", "reference": "arrêté n° 26-7"},
            {"cadre_emplois": "ingenieurs_territoriaux", "mode": "integration_directe", "date": "2026-10-01", "reference": "arrêté n° 26-41"}],
            "effectifs": [{"cadre_emplois": "ingenieurs_territoriaux",
                           "fonctionnaires_activite_detachement": 40, "cdi": 0}]}"#;
        let r = rh2
            .put_json("/api/v1/campagnes/2027/declarations/C2", decl_c2)
            .await;
        assert_eq!(r.statut, StatusCode::OK);
        // C3 n'est pas affiliée : elle établit ses propres listes (contrat v2).
        let r = gestionnaire
            .put_json("/api/v1/campagnes/2027/declarations/C3", decl_c2)
            .await;
        assert_eq!(r.statut, StatusCode::CONFLICT);
        assert_eq!(code(&r), "non_affiliee");
        let r = rh2.get("/api/v1/campagnes/2027/declarations").await;
        let ds = r.json()["declarations"].as_array().unwrap().clone();
        assert_eq!(ds.len(), 1, "une collectivité ne lit que sa déclaration");
        assert_eq!(ds[0]["collectivite"], "C2");

        // --- Quotas, mis en commun sur C1 et C2 (liste 2027 : règles du décret n° 2023-1272
        // en vigueur le 01/01/2024 : une promotion pour deux recrutements, ou la même
        // proportion appliquée à 8 % de l'effectif CDI compris, la plus favorable, arrondie à
        // l'entier inférieur).
        // Ingénieur : 3 (C1) + 2 (C2) = 5 recrutements comptés ; 5 ÷ 2 = 2,5 → 2.
        // Effectif : 60 + 5 CDI + 40 = 105 ; 8 % × 105 = 8,4 ; ÷ 2 = 4,2 → 4 (retenue).
        let r = gestionnaire.get("/api/v1/campagnes/2027/quotas").await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let quotas = r.json()["quotas"].as_array().unwrap().clone();
        let quota = |cible: &str, voie: &str| {
            quotas
                .iter()
                .find(|q| q["cible"] == cible && q["voie"] == voie)
                .cloned()
                .unwrap_or_else(|| panic!("quota {cible} {voie} absent : {quotas:?}"))
        };
        let q = quota("ingenieur", "choix");
        assert_eq!(q["cadre_emplois"], "ingenieurs_territoriaux");
        assert_eq!(q["postes"], 4, "{q}");
        assert_eq!(q["regle"], "alternative_8_pourcent");
        assert_eq!(q["calcul"]["recrutements_comptes"], 5);
        assert_eq!(q["calcul"]["effectif_retenu"], 105);
        // Attaché : 1 recrutement compté (C1), 1 ÷ 2 = 0,5 → 0 ; pas d'effectif déclaré ;
        // clause de sauvegarde (décret n° 2013-593 art. 30, deux ans depuis 2024) : sans
        // historique, seule 2027 est une année sans promotion possible → 0 poste.
        assert_eq!(quota("attache", "choix")["postes"], 0);
        let r = gestionnaire
            .put_json(
                "/api/v1/campagnes/2027/historique",
                r#"{"cibles": {"attache": {"annees_sans_promotion_possible": 1,
                    "recrutements_pendant_ces_annees": 0}}}"#,
            )
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
        // Avec 2026 saisie sans promotion possible : 2 années (2026, 2027) et 1 recrutement
        // compté (celui de 2026 déclaré par C1) → la clause ouvre 1 poste.
        let r = rh1.get("/api/v1/campagnes/2027/quotas").await;
        let q = r.json()["quotas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["cible"] == "attache" && q["voie"] == "choix")
            .cloned()
            .unwrap();
        assert_eq!(q["postes"], 1, "{q}");
        assert_eq!(q["regle"], "clause_deux_ans");
        let r = gestionnaire
            .put_json(
                "/api/v1/campagnes/2027/historique",
                r#"{"cibles": {"grade_imaginaire": {"annees_sans_promotion_possible": 1,
                    "recrutements_pendant_ces_annees": 0}}}"#,
            )
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["erreur"]["chemin"], "/cibles/grade_imaginaire");

        // --- Promouvables au 01/01/2027, d'après le décret n° 2016-201 art. 10 :
        // A1, technicien principal de 1re classe depuis le 01/09/2012 (14 ans ≥ 8) :
        // ingénieur au choix ; A4, technicien depuis 2016 (11 ans ≥ 8 dans un cadre
        // technique de catégorie B) avec l'examen réussi en 2025 : ingénieur après examen ;
        // A5, même carrière sans examen : pas promouvable par la voie de l'examen.
        let r = rh1
            .get("/api/v1/campagnes/2027/promouvables?cible=ingenieur")
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let v = r.json();
        let lignes: Vec<(String, String, Value)> = v["promouvables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["matricule"].as_str().unwrap().to_owned(),
                    p["voie"].as_str().unwrap().to_owned(),
                    p["formation_a_jour"].clone(),
                )
            })
            .collect();
        assert_eq!(
            lignes,
            vec![
                ("A4".to_owned(), "examen".to_owned(), Value::Null),
                ("A1".to_owned(), "choix".to_owned(), Value::Null),
            ],
            "ordre alphabétique des agents (Bernard, Durand) ; formations non renseignées"
        );
        assert_eq!(v["total"], 2);
        assert_eq!(v["date_appreciation"], "2027-01-01");
        // Pagination stable.
        let r = rh1
            .get("/api/v1/campagnes/2027/promouvables?cible=ingenieur&page=2&par_page=1")
            .await;
        assert_eq!(r.json()["promouvables"][0]["matricule"], "A1");
        assert_eq!(r.json()["total"], 2);
        // Cloisonnement : C2 ne voit pas les agents de C1.
        let r = rh2
            .get("/api/v1/campagnes/2027/promouvables?collectivite=C1")
            .await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND);
        let r = rh2.get("/api/v1/campagnes/2027/promouvables").await;
        assert!(
            r.json()["promouvables"]
                .as_array()
                .unwrap()
                .iter()
                .all(|p| p["collectivite"] == "C2"),
            "{}",
            r.corps
        );

        // --- Grille et propositions.
        let r = gestionnaire
            .put_json("/api/v1/campagnes/2027/grille", GRILLE)
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
        assert_eq!(r.json()["version"], 1);
        let propose = |corps: &'static str| {
            let mut c = rh1.clone();
            async move {
                c.post_json("/api/v1/campagnes/2027/propositions", corps)
                    .await
            }
        };
        let r = propose(
            r#"{"matricule": "A1", "cible": "ingenieur", "voie": "choix", "rang": 1,
                "dossier": {"crep": ["maitrise", "excellent", "maitrise", "a_developper", "maitrise"],
                            "agents_encadres": 6, "niveau_diplome": 5, "cle_libre": "gardée"}}"#,
        )
        .await;
        assert_eq!(r.statut, StatusCode::CREATED, "{m} : {}", r.corps);
        let a1 = r.json();
        let id_a1 = a1["id"].as_i64().unwrap();
        assert_eq!(a1["statut"], "brouillon");
        assert_eq!(a1["promouvable"], true);
        assert_eq!(a1["eligibilite"]["voie"], "choix");
        assert_eq!(a1["dossier"]["cle_libre"], "gardée");
        let r = propose(r#"{"matricule": "A1", "cible": "ingenieur", "voie": "choix"}"#).await;
        assert_eq!(r.statut, StatusCode::CONFLICT);
        assert_eq!(code(&r), "proposition_existante");
        let r = propose(r#"{"matricule": "A2", "cible": "attache", "voie": "choix"}"#).await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "agent de C2 : {}", r.corps);
        let r =
            propose(r#"{"matricule": "A4", "cible": "ingenieur", "voie": "examen", "rang": 1}"#)
                .await;
        assert_eq!(r.statut, StatusCode::CONFLICT);
        assert_eq!(code(&r), "rang_deja_attribue");
        let r =
            propose(r#"{"matricule": "A4", "cible": "ingenieur", "voie": "examen", "rang": 2}"#)
                .await;
        assert_eq!(r.statut, StatusCode::CREATED);
        let id_a4 = r.json()["id"].as_i64().unwrap();
        // A5 n'a pas l'examen : la proposition est acceptée, mais le moteur le dit.
        let r = propose(r#"{"matricule": "A5", "cible": "ingenieur", "voie": "examen"}"#).await;
        assert_eq!(r.statut, StatusCode::CREATED);
        let a5 = r.json();
        let id_a5 = a5["id"].as_i64().unwrap();
        assert_eq!(a5["promouvable"], false);
        assert_eq!(a5["rang"], 3);
        let examen = a5["eligibilite"]["variantes"][0]["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["code"] == "examen_reussi")
            .cloned()
            .expect("condition d'examen");
        assert_eq!(examen["satisfaite"], false);
        // Rang 1 pour A5 : échangé avec A1, brouillon (qui prend le rang 3).
        let r = rh1
            .patch_json(&format!("/api/v1/propositions/{id_a5}"), r#"{"rang": 1}"#)
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
        assert_eq!(r.json()["rang"], 1);
        let r = rh1.get(&format!("/api/v1/propositions/{id_a1}")).await;
        assert_eq!(r.json()["rang"], 3);
        let r = rh1
            .patch_json(&format!("/api/v1/propositions/{id_a1}"), r#"{"rang": 1}"#)
            .await;
        assert_eq!(r.json()["rang"], 1);
        let r = rh1
            .patch_json(&format!("/api/v1/propositions/{id_a1}"), r#"{"rang": 0}"#)
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["erreur"]["chemin"], "/rang");

        // --- Pièces et liste de contrôle.
        let r = rh1
            .get(&format!("/api/v1/propositions/{id_a1}/pieces"))
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
        let lc = r.json();
        assert_eq!(lc["grille_version"], 1);
        // Attestation du CNFPT (recevabilité), CREP et organigramme (lignes de la grille).
        assert_eq!(
            lc["manquantes"],
            json!(["crep", "organigramme", "attestation_formation_cnfpt"])
        );
        let u = format!("/api/v1/propositions/{id_a1}/pieces/crep");
        let r = rh1.put_pdf(&u, PDF).await;
        assert_eq!(r.statut, StatusCode::CREATED, "{m} : {}", r.corps);
        assert_eq!(r.json()["sha256"], SHA256_PDF);
        assert_eq!(r.json()["taille"], 44);
        let r = rh1.put_pdf(&u, b"Ceci n'est pas un PDF").await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(code(&r), "pdf_invalide");
        let r = rh1
            .avec_corps(axum::http::Method::PUT, &u, "image/png", PDF.to_vec())
            .await;
        assert_eq!(r.statut, StatusCode::UNSUPPORTED_MEDIA_TYPE);
        let mut gros = PDF.to_vec();
        gros.resize((10 << 20) + 1, b' ');
        let r = rh1.put_pdf(&u, &gros).await;
        assert_eq!(r.statut, StatusCode::PAYLOAD_TOO_LARGE);
        let (statut, entetes, octets) = rh1.get_octets(&u).await;
        assert_eq!(statut, StatusCode::OK);
        assert_eq!(octets, PDF);
        assert_eq!(entetes["content-type"], "application/pdf");
        assert_eq!(
            rh2.get(&u).await.statut,
            StatusCode::NOT_FOUND,
            "pièce d'une autre collectivité"
        );
        let r = rh1
            .put_pdf(
                &format!("/api/v1/propositions/{id_a1}/pieces/attestation_formation_cnfpt"),
                PDF,
            )
            .await;
        assert_eq!(r.statut, StatusCode::CREATED);
        let r = rh1
            .get(&format!("/api/v1/propositions/{id_a1}/pieces"))
            .await;
        assert_eq!(r.json()["manquantes"], json!(["organigramme"]));

        // --- Transmission : dans la période de dépôt, une seule fois, puis lecture seule.
        let r = rh1
            .post(&format!("/api/v1/propositions/{id_a1}/transmission"))
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        assert_eq!(r.json()["statut"], "transmise");
        assert_eq!(r.json()["transmise_le"], "2026-11-30T11:00:00.000Z");
        let r = rh1
            .post(&format!("/api/v1/propositions/{id_a1}/transmission"))
            .await;
        assert_eq!(r.statut, StatusCode::CONFLICT);
        assert_eq!(code(&r), "proposition_transmise");
        let r = rh1
            .patch_json(
                &format!("/api/v1/propositions/{id_a1}"),
                r#"{"dossier": {"agents_encadres": 7}}"#,
            )
            .await;
        assert_eq!(r.statut, StatusCode::CONFLICT);
        assert_eq!(code(&r), "proposition_transmise");
        let r = rh1.put_pdf(&u, PDF).await;
        assert_eq!(r.statut, StatusCode::CONFLICT);
        assert_eq!(code(&r), "proposition_transmise");
        assert_eq!(rh1.delete(&u).await.statut, StatusCode::CONFLICT);
        let r = rh1
            .patch_json(&format!("/api/v1/propositions/{id_a4}"), r#"{"rang": 1}"#)
            .await;
        assert_eq!(
            r.statut,
            StatusCode::CONFLICT,
            "rang d'une proposition transmise"
        );
        assert_eq!(code(&r), "rang_deja_attribue");
        let r = rh2
            .post(&format!("/api/v1/propositions/{id_a4}/transmission"))
            .await;
        assert_eq!(
            r.statut,
            StatusCode::NOT_FOUND,
            "proposition d'une autre collectivité"
        );

        // Le jour de clôture, à 23 h 30 à Paris, le dépôt est encore ouvert (jour inclus).
        app.horloge.fixer("2026-12-18T22:30:00Z".parse().unwrap());
        let r = rh1
            .post(&format!("/api/v1/propositions/{id_a4}/transmission"))
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
        // Une heure plus tard, le 19/12 à Paris : délai de rigueur dépassé.
        app.horloge.fixer("2026-12-18T23:30:00Z".parse().unwrap());
        let r = rh1
            .post(&format!("/api/v1/propositions/{id_a5}/transmission"))
            .await;
        assert_eq!(r.statut, StatusCode::CONFLICT);
        assert_eq!(code(&r), "depot_clos");
        let r = rh1.get("/api/v1/campagnes/2027").await;
        assert_eq!(r.json()["etat"], "depot_clos");
        assert_eq!(r.json()["jours_restants"], Value::Null);
        // Après la clôture, la collectivité ne déclare plus ; le gestionnaire, toujours.
        let r = rh1
            .put_json("/api/v1/campagnes/2027/declarations/C1", decl_c1)
            .await;
        assert_eq!(r.statut, StatusCode::CONFLICT);
        assert_eq!(code(&r), "depot_clos");
        let r = gestionnaire
            .put_json("/api/v1/campagnes/2027/declarations/C1", decl_c1)
            .await;
        assert_eq!(r.statut, StatusCode::OK);

        // --- Suivi : l'employeur voit ses propositions, pas celles des autres.
        let r = rh1.get("/api/v1/campagnes/2027/propositions").await;
        let ps = r.json()["propositions"].as_array().unwrap().clone();
        assert_eq!(ps.len(), 3);
        assert_eq!(
            ps.iter()
                .map(|p| p["statut"].as_str().unwrap())
                .collect::<Vec<_>>(),
            vec!["transmise", "transmise", "brouillon"],
            "ordre : cible, rang (A1 1, A4 2, A5 3)"
        );
        let r = rh2.get("/api/v1/campagnes/2027/propositions").await;
        assert_eq!(r.json()["propositions"], json!([]));
        assert_eq!(
            rh2.get(&format!("/api/v1/propositions/{id_a1}"))
                .await
                .statut,
            StatusCode::NOT_FOUND
        );
        let r = gestionnaire
            .get("/api/v1/campagnes/2027/propositions?statut=transmise")
            .await;
        assert_eq!(r.json()["propositions"].as_array().unwrap().len(), 2);

        // --- Tableau de bord du centre de gestion.
        let r = gestionnaire
            .get("/api/v1/campagnes/2027/tableau-de-bord")
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
        let t = r.json();
        assert_eq!(t["declarations"]["attendues"], 2, "C3 n'est pas affiliée");
        assert_eq!(t["declarations"]["manquantes"], json!([]));
        assert_eq!(
            t["propositions"],
            json!([{"cible": "ingenieur", "statut": "brouillon", "nombre": 1},
                   {"cible": "ingenieur", "statut": "transmise", "nombre": 2}])
        );
        assert_eq!(
            rh1.get("/api/v1/campagnes/2027/tableau-de-bord")
                .await
                .statut,
            StatusCode::FORBIDDEN
        );

        // --- Journal : chaque écriture, avec son auteur.
        let r = admin
            .get(&format!("/api/v1/journal?objet=proposition:{id_a1}"))
            .await;
        let actions: Vec<(String, String)> = r.json()["journal"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .map(|e| {
                (
                    e["action"].as_str().unwrap().to_owned(),
                    e["utilisateur"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let attendu: Vec<(String, String)> = [
            "proposition.creer",
            "proposition.modifier",
            "proposition.modifier",
            "piece.deposer",
            "piece.deposer",
            "proposition.transmettre",
        ]
        .iter()
        .map(|a| (a.to_string(), "collectivite1".to_owned()))
        .collect();
        assert_eq!(actions, attendu, "{m}");

        // --- Suite : instruction, grille, cotations, classement, liste (centre de gestion).
        crate::cdg::suite_centre_de_gestion(&app, id_a1, id_a4, id_a5).await;
        let v = app.store.verifier_journal(&[]).await.unwrap();
        assert!(v.intacte(), "{v:?}");
        app.fin().await;
    }
}

/// Les déclarations de plusieurs collectivités en un fichier (centre de gestion), sur les
/// deux bases : tout ou rien, erreurs localisées, cloisonnement pour une collectivité.
#[tokio::test]
async fn declarations_de_plusieurs_collectivites_en_un_fichier() {
    for app in TestApp::tous("declarations_fichier").await {
        let m = app.moteur;
        // Campagne 2027 (liste au 01/03/2027) : recrutements de 2026 ; C1 et C2 affiliées
        // ont une déclaration vide ; C3 n'est pas affiliée.
        preparer_matrice(&app).await;
        completer_population(&app).await;
        let mut g = app.client("gestionnaire").await;
        let fichier = "code_collectivite;nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n\
                       C1;recrutement;ingenieurs_territoriaux;concours;01/03/2026;arrêté n° 2026-014;;\n\
                       C2;effectif;Ingénieurs territoriaux;;;;40;0\n\
                       C1;effectif;ingenieurs_territoriaux;;;;12;1\n";
        let url = "/api/v1/campagnes/2027/declarations/import?fichier=recensement.csv";
        let csv = |s: &str| s.as_bytes().to_vec();
        let r = g
            .avec_corps(axum::http::Method::POST, url, "text/csv", csv(fichier))
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let j = r.json();
        assert_eq!(j["collectivites"], json!(["C1", "C2"]), "{m}");
        assert_eq!(
            (j["recrutements"].clone(), j["effectifs"].clone()),
            (json!(1), json!(2))
        );
        let r = g.get("/api/v1/campagnes/2027/declarations/C1").await;
        let d = r.json();
        assert_eq!(
            d["recrutements"][0]["reference"], "arrêté n° 2026-014",
            "{m}"
        );
        assert_eq!(d["effectifs"][0]["fonctionnaires_activite_detachement"], 12);
        assert_eq!(d["effectifs"][0]["cdi"], 1);
        let r = g.get("/api/v1/campagnes/2027/declarations/C2").await;
        assert_eq!(
            r.json()["effectifs"][0]["cadre_emplois"],
            "ingenieurs_territoriaux",
            "libellé du cadre lu comme son code"
        );

        // Tout ou rien : une collectivité non affiliée (C3) fait refuser tout le fichier ;
        // la déclaration de C1 reste celle du premier envoi.
        let refuse = "code_collectivite;nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n\
                      C1;effectif;ingenieurs_territoriaux;;;;99;0\n\
                      C3;effectif;ingenieurs_territoriaux;;;;5;0\n";
        let r = g
            .avec_corps(axum::http::Method::POST, url, "text/csv", csv(refuse))
            .await;
        assert_eq!(
            r.statut,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{m} : {}",
            r.corps
        );
        let message = r.json()["erreur"]["message"].as_str().unwrap().to_owned();
        assert!(
            message.contains(
                "recensement.csv, lignes de la collectivité « C3 » (à partir de la ligne 3)"
            ),
            "{message}"
        );
        let r = g.get("/api/v1/campagnes/2027/declarations/C1").await;
        assert_eq!(
            r.json()["effectifs"][0]["fonctionnaires_activite_detachement"],
            12
        );
        // Une date impossible (31 février) : ligne et colonne citées.
        let hors = "code_collectivite;nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n\
                    C2;recrutement;ingenieurs_territoriaux;concours;31/02/2026;arrêté 7;;\n";
        let r = g
            .avec_corps(axum::http::Method::POST, url, "text/csv", csv(hors))
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert!(
            r.corps
                .contains("recensement.csv, ligne 2, colonne « date »"),
            "{m} : {}",
            r.corps
        );

        // Une collectivité n'écrit que pour elle : C1 n'existe pas pour la collectivité 2.
        let mut rh2 = app.client("collectivite2").await;
        let r = rh2
            .avec_corps(axum::http::Method::POST, url, "text/csv", csv(fichier))
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert!(
            r.corps.contains(
                "ligne 2, colonne « code_collectivite » : aucune collectivité n'a le code « C1 »"
            ),
            "{m} : {}",
            r.corps
        );

        // Le même fichier par la page du tableau de bord (formulaire avec fichier).
        let jeton = g.csrf_de("/campagnes/2027").await;
        let r = g
            .post_multipart(
                "/campagnes/2027/declarations/fichier",
                &[("csrf", &jeton)],
                &[("fichier", "recensement.csv", fichier.as_bytes())],
            )
            .await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        assert_eq!(
            r.entete("location"),
            Some("/campagnes/2027?fait=declarations&n=2#declarations")
        );
        let r = g.get("/campagnes/2027?fait=declarations&n=2").await;
        assert!(
            r.corps
                .contains("Déclarations enregistrées pour 2 collectivité(s)."),
            "{m}"
        );
        // Refus : la page est rendue de nouveau avec le message et le statut 422.
        let r = g
            .post_multipart(
                "/campagnes/2027/declarations/fichier",
                &[("csrf", &jeton)],
                &[("fichier", "recensement.csv", refuse.as_bytes())],
            )
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert!(
            r.corps.contains("lignes de la collectivité « C3 »"),
            "{m} : {}",
            r.corps
        );
        app.fin().await;
    }
}
