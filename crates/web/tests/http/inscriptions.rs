//! La vie d'une inscription sur une liste d'aptitude, de bout en bout par l'API HTTP, sur
//! SQLite et PostgreSQL : inscription, suspension pour congé de maternité, demande de
//! maintien, relances (JSON et CSV), offre refusée, nomination par la collectivité qui
//! radie l'inscription, confirmation qui ajoute la période de stage à la carrière, et
//! nomination comptée dans la clause de sauvegarde de la campagne suivante.
//!
//! Dates attendues calculées à la main avec les règles du moteur (docs/quotas-et-listes.md
//! §3 ; CGFP L.325-39 et suivants, fiche service-public.fr F17757, FAQ CNFPT ingénieur en
//! chef Q36) :
//! - inscription le 01/03/2024 : validité de deux ans, dernier jour le 28/02/2026 sans
//!   suspension ;
//! - congé de maternité du 02/09/2024 au 22/12/2024 inclus, soit 112 jours (29 en septembre,
//!   31 en octobre, 30 en novembre, 22 en décembre) : le décompte est suspendu, le terme de
//!   la 2e année recule de 112 jours, au 20/06/2026 ;
//! - demande de maintien à recevoir un mois au moins avant ce terme : au plus tard le
//!   20/05/2026 (sans la suspension : le 28/01/2026, et la demande du 15/04/2026 serait
//!   tardive) ;
//! - demande reçue le 15/04/2026 : inscription prolongée d'une 3e année, jusqu'au
//!   28/02/2027 + 112 jours = 20/06/2027 ; prochaine demande au plus tard le 20/05/2027 ;
//! - une offre refusée ne radie pas (il en faut deux) ;
//! - nomination le 02/11/2026 : radiation à cette date, motif `nomination` ; ingénieur,
//!   commune de 172 565 habitants : stage de 6 mois (guide CDG Martinique §II.E), fin de stage
//!   prévue le 01/05/2027.

use axum::http::StatusCode;
use jiff::civil::date;
use serde_json::{Value, json};
use store::{Acteur, Portee};

use crate::commun::TestApp;

fn systeme() -> Acteur {
    Acteur::systeme("tests")
}

/// Inscriptions des tests de la matrice des accès, liste 2026, inscription le 01/03/2026 :
/// n° 1, Durand Hélène (A1, C1), ingénieur ; n° 2, Martin Paul (A2, C2), attaché ; n° 3,
/// A1 (C1), attaché ; n° 4, A2 (C2), ingénieur. Aujourd'hui le 30/11/2026 (fixé par
/// `campagne::preparer_matrice`).
pub async fn preparer_matrice(app: &TestApp) {
    let mut v = Vec::new();
    for (matricule, nom, prenom, collectivite, cible) in [
        ("A1", "Durand", "Hélène", "C1", "ingenieur"),
        ("A2", "Martin", "Paul", "C2", "attache"),
        ("A1", "Durand", "Hélène", "C1", "attache"),
        ("A2", "Martin", "Paul", "C2", "ingenieur"),
    ] {
        v.push(store::inscriptions::NouvelleInscription {
            matricule: Some(matricule.into()),
            nom: nom.into(),
            prenom: prenom.into(),
            date_naissance: None,
            collectivite: Some(collectivite.into()),
            centre_gestion: None,
            cible: cible.into(),
            annee: 2026,
            inscription: date(2026, 3, 1),
            liste_id: None,
            source: store::inscriptions::SourceInscription::Saisie,
        });
    }
    let ids = app
        .store
        .creer_inscriptions(&systeme(), &v, date(2026, 11, 30))
        .await
        .unwrap();
    assert_eq!(ids, vec![1, 2, 3, 4]);
}

async fn evenement(c: &mut crate::commun::Client, id: i64, corps: Value) -> crate::commun::Reponse {
    c.post_json(
        &format!("/api/v1/inscriptions/{id}/evenements"),
        &corps.to_string(),
    )
    .await
}

#[tokio::test]
async fn vie_d_une_inscription_jusqu_a_la_nomination() {
    for app in TestApp::tous("inscriptions").await {
        let m = app.moteur;
        let mut gestionnaire = app.client("gestionnaire").await;
        let mut c1 = app.client("collectivite1").await;
        let mut c2 = app.client("collectivite2").await;

        // Inscription, saisie le 05/03/2024 (liste 2024, date d'effet le 01/03/2024).
        app.horloge.fixer_au(date(2024, 3, 5));
        let r = gestionnaire
            .post_json(
                "/api/v1/inscriptions",
                &json!({"matricule": "A1", "nom": "Durand", "prenom": "Hélène",
                        "cible": "ingenieur", "annee": 2024, "inscription": "2024-03-01"})
                .to_string(),
            )
            .await;
        assert_eq!(r.statut, StatusCode::CREATED, "{m} : {}", r.corps);
        let v = r.json();
        let id = v["id"].as_i64().unwrap();
        // La collectivité vient de l'agent enregistré A1.
        assert_eq!(v["collectivite"], "C1", "{m}");
        assert_eq!(v["statut"], "inscrit", "{m}");
        assert_eq!(v["fin_validite"], "2026-02-28", "{m}");
        assert_eq!(v["prochaine_demande_maintien_avant"], "2026-01-28", "{m}");

        // Le service carrières seul enregistre une suspension : 403 pour la collectivité,
        // 404 pour une autre collectivité (l'inscription n'existe pas pour elle).
        let suspension = json!({"type": "suspension", "date": "2024-09-02",
                                "motif": "conge_maternite"});
        app.horloge.fixer_au(date(2024, 9, 5));
        let r = evenement(&mut c1, id, suspension.clone()).await;
        assert_eq!(r.statut, StatusCode::FORBIDDEN, "{m} : {}", r.corps);
        let r = c2.get(&format!("/api/v1/inscriptions/{id}")).await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m}");
        let r = c2.get("/api/v1/inscriptions").await;
        assert_eq!(r.json()["total"], 0, "{m}");
        let r = c1.get(&format!("/api/v1/inscriptions/{id}")).await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");

        let r = evenement(&mut gestionnaire, id, suspension).await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let v = r.json();
        assert_eq!(v["etat"], "suspendu", "{m}");
        assert_eq!(v["suspendu_depuis"], "2024-09-02", "{m}");
        // Suspension sans fin connue : fin de validité inconnue, jamais devinée.
        assert_eq!(v["fin_validite"], Value::Null, "{m}");

        // Un évènement futur est refusé (422) ; une suspension sans motif aussi.
        let r = evenement(
            &mut gestionnaire,
            id,
            json!({"type": "demande_maintien", "date": "2024-10-01"}),
        )
        .await;
        assert_eq!(
            r.statut,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{m} : {}",
            r.corps
        );
        let r = evenement(
            &mut gestionnaire,
            id,
            json!({"type": "suspension", "date": "2024-09-03"}),
        )
        .await;
        assert_eq!(
            r.statut,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{m} : {}",
            r.corps
        );

        // Fin du congé de maternité le 22/12/2024 (dernier jour), saisie le 06/01/2025.
        app.horloge.fixer_au(date(2025, 1, 6));
        let r = evenement(
            &mut gestionnaire,
            id,
            json!({"type": "fin_suspension", "date": "2024-12-22"}),
        )
        .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let v = r.json();
        assert_eq!(v["etat"], "inscrit", "{m}");
        assert_eq!(v["liste_aptitude"]["jours_suspendus"], 112, "{m}");
        assert_eq!(v["fin_validite"], "2026-06-20", "{m}");
        assert_eq!(v["prochaine_demande_maintien_avant"], "2026-05-20", "{m}");
        // Plus de suspension en cours à terminer.
        let r = evenement(
            &mut gestionnaire,
            id,
            json!({"type": "fin_suspension", "date": "2025-01-02"}),
        )
        .await;
        assert_eq!(r.statut, StatusCode::CONFLICT, "{m} : {}", r.corps);
        assert_eq!(r.json()["erreur"]["code"], "aucune_suspension_en_cours");

        // Relances le 01/04/2026 : la demande est à recevoir au plus tard le 20/05/2026,
        // dans les 8 semaines (jusqu'au 27/05/2026) ; pas dans les 4 (jusqu'au 29/04/2026).
        app.horloge.fixer_au(date(2026, 4, 1));
        let r = gestionnaire.get("/api/v1/inscriptions/relances").await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let v = r.json();
        assert_eq!(v["echeance_avant"], "2026-05-27", "{m}");
        assert_eq!(v["a_relancer"].as_array().unwrap().len(), 1, "{m} : {v}");
        assert_eq!(v["a_relancer"][0]["id"], id, "{m}");
        assert!(
            v["a_relancer"][0]["rappel"]
                .as_str()
                .unwrap()
                .contains("au plus tard le 20/05/2026"),
            "{m} : {v}"
        );
        let r = gestionnaire
            .get("/api/v1/inscriptions/relances?semaines=4")
            .await;
        assert_eq!(r.json()["a_relancer"], json!([]), "{m}");
        let r = c1.get("/api/v1/inscriptions/relances").await;
        assert_eq!(r.statut, StatusCode::FORBIDDEN, "{m}");
        let (statut, entetes, octets) = gestionnaire
            .get_octets("/api/v1/inscriptions/relances.csv?encodage=windows-1252")
            .await;
        assert_eq!(statut, StatusCode::OK, "{m}");
        assert_eq!(
            entetes[axum::http::header::CONTENT_TYPE],
            "text/csv; charset=windows-1252"
        );
        // « é » de « Hélène » sur un octet (0xE9) en Windows-1252.
        let ligne = b"demande de maintien;Durand;H\xe9l\xe8ne;A1;C1;";
        assert!(
            octets.windows(ligne.len()).any(|w| w == ligne),
            "{m} : {}",
            String::from_utf8_lossy(&octets)
        );
        let (_, _, octets) = gestionnaire
            .get_octets("/api/v1/inscriptions/relances.csv")
            .await;
        assert!(
            octets.starts_with(b"\xef\xbb\xbfRelance;Nom;Pr\xc3\xa9nom;"),
            "{m}"
        );
        let texte = String::from_utf8(octets).unwrap();
        assert!(
            texte.contains(";01/03/2024;20/06/2026;20/05/2026;"),
            "{m} : {texte}"
        );

        // La lettre de relance (centre de gestion seulement) reprend ces dates : inscription
        // du 01/03/2024, terme au 20/06/2026 (112 jours suspendus), demande à recevoir au
        // plus tard le 20/05/2026, pour une troisième année ; lettre datée du jour.
        let u_relance = format!("/api/v1/inscriptions/{id}/lettre-relance.pdf");
        let pdf = crate::documents::telecharger(
            &mut gestionnaire,
            &u_relance,
            "application/pdf",
            &format!("lettre-relance-inscription-{id}.pdf"),
        )
        .await;
        assert_eq!(
            c1.get(&u_relance).await.statut,
            StatusCode::FORBIDDEN,
            "{m}"
        );
        if let Some(t) = crate::documents::texte_pdf(&pdf) {
            let plat = t.split_whitespace().collect::<Vec<_>>().join(" ");
            for attendu in [
                "Hélène Durand",
                "sous couvert de : Saint-Étienne",
                "inscrit(e) depuis le 01/03/2024",
                "d'ingénieur territorial",
                "prendra fin le 20/06/2026",
                "au plus tard le 20/05/2026",
                "une troisième année",
                "L.325-39",
                "01/04/2026",
            ] {
                assert!(
                    plat.contains(attendu),
                    "{m} : « {attendu} » absent de :\n{t}"
                );
            }
        }
        // Liens vers la lettre : page des relances et page de l'inscription.
        let lien = format!("/api/v1/inscriptions/{id}/lettre-relance.pdf\">");
        for page in [
            "/inscriptions/relances".to_owned(),
            format!("/inscriptions/{id}"),
        ] {
            let r = gestionnaire.get(&page).await;
            assert!(r.corps.contains(&lien), "{m} : lien absent de {page}");
        }
        assert!(
            !c1.get(&format!("/inscriptions/{id}"))
                .await
                .corps
                .contains(&lien),
            "{m}"
        );
        let r = gestionnaire
            .get(&format!("/api/v1/inscriptions/{id}/arrete-nomination.pdf"))
            .await;
        assert_eq!(r.statut, StatusCode::CONFLICT, "{m}");
        assert_eq!(r.json()["erreur"]["code"], "nomination_absente", "{m}");

        // Demande de maintien reçue le 15/04/2026 : 3e année, jusqu'au 20/06/2027.
        app.horloge.fixer_au(date(2026, 4, 16));
        let r = evenement(
            &mut gestionnaire,
            id,
            json!({"type": "demande_maintien", "date": "2026-04-15"}),
        )
        .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let v = r.json();
        assert_eq!(v["fin_validite"], "2027-06-20", "{m}");
        assert_eq!(v["prochaine_demande_maintien_avant"], "2027-05-20", "{m}");
        assert_eq!(
            v["liste_aptitude"]["echeances"][0]["etat"], "maintien_obtenu",
            "{m}"
        );

        // Une offre, refusée : un refus, toujours inscrite.
        app.horloge.fixer_au(date(2026, 9, 16));
        let r = evenement(
            &mut gestionnaire,
            id,
            json!({"type": "offre", "date": "2026-09-01"}),
        )
        .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let r = evenement(
            &mut gestionnaire,
            id,
            json!({"type": "reponse_offre", "date": "2026-09-15", "reponse": "refusee"}),
        )
        .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let v = r.json();
        assert_eq!(v["liste_aptitude"]["refus"], 1, "{m}");
        assert_eq!(v["statut"], "inscrit", "{m}");

        // Recherche dans le registre : par nom (sans accents), grade, année, état.
        for (requete, attendu) in [
            ("?texte=helene", 1),
            ("?texte=DURAND&cible=ingenieur&annee=2024&statut=inscrit", 1),
            ("?statut=radie", 0),
            ("?annee=2025", 0),
            ("?texte=martin", 0),
        ] {
            let r = gestionnaire
                .get(&format!("/api/v1/inscriptions{requete}"))
                .await;
            assert_eq!(r.statut, StatusCode::OK, "{m} {requete} : {}", r.corps);
            assert_eq!(r.json()["total"], attendu, "{m} {requete}");
        }

        // Nomination par la collectivité : d'abord sans vacance déclarée (nullité : refus
        // du moteur), puis par une autre collectivité (404), enfin conforme.
        app.horloge.fixer_au(date(2026, 11, 3));
        let nomination = json!({"type": "nomination", "date": "2026-11-02", "collectivite": "C1",
                                "emploi": "Ingénieur voirie et réseaux", "poste_cree": true});
        let r = evenement(&mut c1, id, nomination.clone()).await;
        assert_eq!(r.statut, StatusCode::CONFLICT, "{m} : {}", r.corps);
        assert_eq!(r.json()["erreur"]["code"], "nomination_impossible", "{m}");
        let mut conforme = nomination.clone();
        conforme["vacance"] = json!("V-2026-118 (centre de gestion, 15/09/2026)");
        let r = evenement(&mut c2, id, conforme.clone()).await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m} : {}", r.corps);
        let mut par_c2 = conforme.clone();
        par_c2["collectivite"] = json!("C2");
        let r = evenement(&mut c1, id, par_c2).await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m} : {}", r.corps);
        let r = evenement(&mut c1, id, conforme.clone()).await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let v = r.json();
        assert_eq!(v["statut"], "radie", "{m}");
        assert_eq!(v["motif_radiation"], "nomination", "{m}");
        assert_eq!(v["date_radiation"], "2026-11-02", "{m}");
        let n = v["evenements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["type"] == "nomination")
            .unwrap()
            .clone();
        assert_eq!(n["detail"]["stage_mois"], 6, "{m}");
        assert_eq!(n["detail"]["titularisation_directe"], false, "{m}");
        assert_eq!(n["detail"]["fin_stage_prevue"], "2027-05-01", "{m}");
        let r = evenement(&mut c1, id, conforme).await;
        assert_eq!(r.json()["erreur"]["code"], "deja_nomme", "{m}");

        // L'arrêté de nomination, par la collectivité qui nomme (C1) : stage de 6 mois du
        // 02/11/2026 au 01/05/2027 (réponse du moteur ci-dessus), grade tenu la veille
        // (technicien principal de 1re classe depuis le 01/09/2012), vacance déclarée.
        let u_arrete = format!("/api/v1/inscriptions/{id}/arrete-nomination.pdf");
        let pdf = crate::documents::telecharger(
            &mut c1,
            &u_arrete,
            "application/pdf",
            &format!("arrete-nomination-inscription-{id}.pdf"),
        )
        .await;
        assert_eq!(c2.get(&u_arrete).await.statut, StatusCode::NOT_FOUND, "{m}");
        if let Some(t) = crate::documents::texte_pdf(&pdf) {
            let plat = t.split_whitespace().collect::<Vec<_>>().join(" ");
            for attendu in [
                "Saint-Étienne",
                "Hélène Durand, technicien principal de 1re classe",
                "décret n° 2016-201 du 26 février 2016",
                "V-2026-118",
                "Ingénieur voirie et réseaux",
                "stage d'une durée de 6 mois à compter du 02/11/2026, soit jusqu'au 01/05/2027",
            ] {
                assert!(
                    plat.contains(attendu),
                    "{m} : « {attendu} » absent de :\n{t}"
                );
            }
        }
        let r = c1.get(&format!("/inscriptions/{id}")).await;
        assert!(
            r.corps.contains(&format!(
                "<a href=\"/api/v1/inscriptions/{id}/arrete-nomination.pdf\">Télécharger l'arrêté de nomination (PDF)</a>"
            )),
            "{m}"
        );
        let r = gestionnaire.get(&u_relance).await;
        assert_eq!(r.statut, StatusCode::CONFLICT, "{m} : {}", r.corps);
        assert_eq!(r.json()["erreur"]["code"], "relance_sans_objet", "{m}");

        // Confirmation : la carrière d'A1 gagne la période de stage d'ingénieur.
        let r = evenement(&mut c1, id, json!({"type": "confirmation_nomination"})).await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let a = app.store.agent(&Portee::Cdg, "A1").await.unwrap().unwrap();
        let derniere = a.agent.periodes.last().unwrap();
        assert_eq!(derniere.debut, date(2026, 11, 2), "{m}");
        assert_eq!(derniere.grade.as_deref(), Some("ingenieur"), "{m}");
        assert_eq!(
            serde_json::to_value(derniere.statut).unwrap(),
            "stagiaire",
            "{m}"
        );
        let avant = &a.agent.periodes[a.agent.periodes.len() - 2];
        assert_eq!(avant.fin, Some(date(2026, 11, 1)), "{m}");
        let r = evenement(&mut c1, id, json!({"type": "confirmation_nomination"})).await;
        assert_eq!(r.json()["erreur"]["code"], "nomination_confirmee", "{m}");

        // Registre : radiée, motif nomination ; pas parmi les inscriptions terminées à
        // relancer (la nomination n'appelle pas de lettre).
        let r = gestionnaire.get("/api/v1/inscriptions?statut=radie").await;
        assert_eq!(r.json()["inscriptions"][0]["motif_radiation"], "nomination");
        let r = gestionnaire.get("/api/v1/inscriptions/relances").await;
        assert_eq!(r.json()["terminees"], json!([]), "{m}");

        // Journal : chaque écriture avec son auteur.
        let entrees = app.store.journal().await.unwrap();
        let auteurs: Vec<(String, String)> = entrees
            .iter()
            .filter_map(|e| {
                let d: Value = serde_json::to_value(e).ok()?;
                let action = d["action"].as_str()?.to_owned();
                (action.starts_with("inscription.") || action.starts_with("carriere."))
                    .then(|| (action, d["utilisateur"].as_str().unwrap_or("").to_owned()))
            })
            .collect();
        let attendu: Vec<(String, String)> = [
            ("inscription.creer", "gestionnaire"),
            ("inscription.evenement", "gestionnaire"),
            ("inscription.evenement", "gestionnaire"),
            ("inscription.evenement", "gestionnaire"),
            ("inscription.evenement", "gestionnaire"),
            ("inscription.evenement", "gestionnaire"),
            ("inscription.evenement", "collectivite1"),
            ("carriere.nomination", "collectivite1"),
            ("inscription.evenement", "collectivite1"),
        ]
        .iter()
        .map(|(a, u)| ((*a).to_owned(), (*u).to_owned()))
        .collect();
        assert_eq!(auteurs, attendu, "{m}");

        // La campagne suivante (2027) : la nomination de 2026 au grade d'ingénieur figure
        // dans l'historique de la clause de sauvegarde et arrête le compte des années sans
        // promotion possible.
        app.horloge.fixer_au(date(2026, 11, 30));
        let r = gestionnaire
            .post_json(
                "/api/v1/campagnes",
                r#"{"annee": 2027, "depot_ouverture": "2026-11-02",
                    "depot_cloture": "2026-12-18", "date_effet_liste": "2027-03-01"}"#,
            )
            .await;
        assert_eq!(r.statut, StatusCode::CREATED, "{m} : {}", r.corps);
        let r = gestionnaire
            .put_json(
                "/api/v1/campagnes/2027/declarations/C1",
                r#"{"recrutements": [{"cadre_emplois": "ingenieurs_territoriaux",
                    "mode": "concours", "date": "2026-03-01", "reference": "arrêté n° 2026-014"}],
                    "effectifs": []}"#,
            )
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let r = gestionnaire.get("/api/v1/campagnes/2027/quotas").await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        let quotas = r.json()["quotas"].as_array().unwrap().clone();
        let ingenieur = quotas
            .iter()
            .find(|q| q["cible"] == "ingenieur")
            .unwrap_or_else(|| panic!("{m} : pas de quota ingénieur : {quotas:?}"));
        assert_eq!(
            ingenieur["anteriorite"]["nominations"],
            json!([{"annee": 2026, "cible": "ingenieur", "nombre": 1}]),
            "{m}"
        );
        assert!(
            ingenieur["anteriorite"]["explication"]
                .as_str()
                .unwrap()
                .contains("2026 : 1 nomination(s) prononcée(s)"),
            "{m} : {ingenieur}"
        );
        assert_eq!(
            ingenieur["anteriorite"]["annees_sans_promotion_possible"], 0,
            "{m}"
        );
        app.fin().await;
    }
}

/// Listes antérieures en CSV (Windows-1252, comme un tableur français les enregistre) :
/// Durand Hélène, liste 2023 de ce centre (inscription le 01/03/2023, congé de maternité du
/// 01/06/2023 au 30/09/2023 soit 122 jours, demande de maintien le 15/02/2025) ; Roux Marc,
/// liste 2024 d'un autre centre, sans évènement.
fn listes_anterieures() -> Vec<u8> {
    en_1252(&texte_listes())
}

fn en_1252(texte: &str) -> Vec<u8> {
    let (octets, _, erreur) = encoding_rs::WINDOWS_1252.encode(texte);
    assert!(!erreur);
    octets.into_owned()
}

fn texte_listes() -> String {
    "nom;prenom;date_naissance;matricule;collectivite;centre_gestion;cible;annee;\
                 inscription;evenement;date_evenement;precision\r\n\
                 Durand;Hélène;;A1;C1;;redacteur;2023;01/03/2023;;;\r\n\
                 Durand;Hélène;;A1;C1;;redacteur;2023;01/03/2023;suspension;01/06/2023;conge_maternite\r\n\
                 Durand;Hélène;;A1;C1;;redacteur;2023;01/03/2023;fin_suspension;30/09/2023;\r\n\
                 Durand;Hélène;;A1;C1;;redacteur;2023;01/03/2023;demande_maintien;15/02/2025;\r\n\
                 Roux;Marc;;;;CDG 69;attache;2024;2024-03-01;;;\r\n"
        .to_owned()
}

#[tokio::test]
async fn import_des_listes_anterieures_tout_ou_rien() {
    for app in TestApp::tous("import_inscriptions").await {
        let m = app.moteur;
        app.horloge.fixer_au(date(2025, 6, 2));
        let mut gestionnaire = app.client("gestionnaire").await;
        let envoyer = |c: &mut crate::commun::Client, octets: Vec<u8>| {
            let mut c = c.clone();
            async move {
                c.avec_corps(
                    axum::http::Method::POST,
                    "/api/v1/inscriptions/import?fichier=listes-2023.csv",
                    "text/csv",
                    octets,
                )
                .await
            }
        };
        // Une erreur ligne 4 (date impossible), colonne 11 : rien n'est importé.
        let fautif = texte_listes().replace("30/09/2023", "31/09/2023");
        let r = envoyer(&mut gestionnaire, en_1252(&fautif)).await;
        assert_eq!(
            r.statut,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{m} : {}",
            r.corps
        );
        let message = r.json()["erreur"]["message"].as_str().unwrap().to_owned();
        assert!(
            message.contains("listes-2023.csv, ligne 4, colonne 11 (date_evenement)"),
            "{m} : {message}"
        );
        let r = gestionnaire.get("/api/v1/inscriptions").await;
        assert_eq!(r.json()["total"], 0, "{m}");
        // Une réponse sans offre : refusée par le moteur, avec sa ligne.
        let mut sans_offre = texte_listes();
        sans_offre.push_str(
            "Roux;Marc;;;;CDG 69;attache;2024;2024-03-01;reponse_offre;01/04/2024;refusee\r\n",
        );
        let r = envoyer(&mut gestionnaire, en_1252(&sans_offre)).await;
        assert_eq!(
            r.statut,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{m} : {}",
            r.corps
        );
        assert!(
            r.json()["erreur"]["message"]
                .as_str()
                .unwrap()
                .contains("ligne 7, colonne 10 (evenement)"),
            "{m} : {}",
            r.corps
        );

        // Le fichier conforme : deux inscriptions, trois évènements.
        let r = envoyer(&mut gestionnaire, listes_anterieures()).await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        assert_eq!(
            r.json(),
            json!({"fichier": "listes-2023.csv", "inscriptions_creees": 2,
                   "inscriptions_deja_presentes": 0, "evenements": 3}),
            "{m}"
        );
        // Durand : 2e année jusqu'au 28/02/2025 + 122 jours = 30/06/2025 ; demande reçue le
        // 15/02/2025, avant le 30/05/2025 : 3e année jusqu'au 28/02/2026 + 122 jours =
        // 30/06/2026 ; prochaine demande au plus tard un mois avant, le 30/05/2026.
        let r = gestionnaire.get("/api/v1/inscriptions?texte=durand").await;
        let v = &r.json()["inscriptions"][0];
        assert_eq!(v["fin_validite"], "2026-06-30", "{m} : {v}");
        assert_eq!(
            v["prochaine_demande_maintien_avant"], "2026-05-30",
            "{m} : {v}"
        );
        assert_eq!(v["collectivite"], "C1", "{m}");
        // Roux, d'un autre centre : visible du centre de gestion, d'aucune collectivité.
        let r = gestionnaire.get("/api/v1/inscriptions?texte=roux").await;
        assert_eq!(
            r.json()["inscriptions"][0]["centre_gestion"],
            "CDG 69",
            "{m}"
        );
        let mut c1 = app.client("collectivite1").await;
        let r = c1.get("/api/v1/inscriptions").await;
        assert_eq!(r.json()["total"], 1, "{m}");
        // Réimporter le même fichier ne change rien.
        let r = envoyer(&mut gestionnaire, listes_anterieures()).await;
        assert_eq!(r.json()["inscriptions_creees"], 0, "{m}");
        assert_eq!(r.json()["inscriptions_deja_presentes"], 2, "{m}");
        app.fin().await;
    }
}

#[tokio::test]
async fn import_d_un_classeur_xlsx_par_la_page_du_registre() {
    use crate::simulateur::Cellule::{Nombre as N, Texte as T, Vide as V};
    // Les lignes de Durand Hélène du fichier CSV ci-dessus, dates en numéros de série des
    // tableurs (jours depuis le 30/12/1899) : 44986 = 01/03/2023, 45078 = 01/06/2023,
    // 45199 = 30/09/2023, 45703 = 15/02/2025.
    let entete: Vec<crate::simulateur::Cellule> = store::import_inscriptions::COLONNES
        .iter()
        .map(|c| T(c))
        .collect();
    let inscription = |evenement: crate::simulateur::Cellule,
                       date: crate::simulateur::Cellule,
                       precision: crate::simulateur::Cellule| {
        vec![
            T("Durand"),
            T("Hélène"),
            V,
            T("A1"),
            T("C1"),
            V,
            T("redacteur"),
            N(2023.0),
            N(44986.0),
            evenement,
            date,
            precision,
        ]
    };
    let l1 = inscription(V, V, V);
    let l2 = inscription(T("suspension"), N(45078.0), T("conge_maternite"));
    let l3 = inscription(T("fin_suspension"), N(45199.0), V);
    let l4 = inscription(T("demande_maintien"), N(45703.0), V);
    let octets = crate::simulateur::classeur(&[&entete, &l1, &l2, &l3, &l4]);
    for app in TestApp::tous("import_xlsx").await {
        let m = app.moteur;
        app.horloge.fixer_au(date(2025, 6, 2));
        let mut gestionnaire = app.client("gestionnaire").await;
        let csrf = gestionnaire.csrf_de("/inscriptions").await;
        let r = gestionnaire
            .post_multipart(
                "/inscriptions/import",
                &[("csrf", &csrf)],
                &[("fichier", "listes-2023.xlsx", &octets)],
            )
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        assert!(
            r.corps
                .contains("1 inscription(s) créée(s), 0 déjà présente(s)"),
            "{m} : {}",
            r.corps
        );
        // Mêmes dates que le fichier CSV : fin de validité le 30/06/2026.
        let r = gestionnaire.get("/api/v1/inscriptions?texte=durand").await;
        assert_eq!(
            r.json()["inscriptions"][0]["fin_validite"],
            "2026-06-30",
            "{m}"
        );
        // Une erreur nomme le fichier, la feuille, la ligne et la colonne.
        let fautif = inscription(T("offre"), T("31/09/2023"), V);
        let octets = crate::simulateur::classeur(&[&entete, &l1, &fautif]);
        let r = gestionnaire
            .post_multipart(
                "/inscriptions/import",
                &[("csrf", &csrf)],
                &[("fichier", "autre.xlsx", &octets)],
            )
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert!(
            r.corps
                .contains("autre.xlsx, première feuille, ligne 3, colonne 11 (date_evenement)"),
            "{m} : {}",
            r.corps
        );
        app.fin().await;
    }
}
