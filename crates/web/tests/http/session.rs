//! Connexion et déconnexion : API (contrat v2) et formulaire, limitation des échecs.

use axum::http::StatusCode;

use crate::commun::{MOT_DE_PASSE, TestApp};

#[tokio::test]
async fn connexion_api_cookie_et_deconnexion() {
    for app in TestApp::tous("session_api").await {
        let mut c = app.anonyme();
        let r = c
            .post_json(
                "/api/v1/session",
                &format!(r#"{{"identifiant": "collectivite1", "mot_de_passe": "{MOT_DE_PASSE}"}}"#),
            )
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
        // Contrat v2 : {"identifiant", "role", "collectivites"} et un cookie HttpOnly, SameSite.
        assert_eq!(
            r.json(),
            serde_json::json!({"identifiant": "collectivite1", "role": "collectivite", "collectivites": ["C1"]})
        );
        let cookie = r.entete("set-cookie").unwrap();
        assert!(cookie.starts_with("passerelle_session="), "{cookie}");
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        assert!(!cookie.contains("Secure"), "sans TLS en amont : {cookie}");
        assert_eq!(
            c.get("/api/v1/session").await.json()["identifiant"],
            "collectivite1"
        );
        assert_eq!(
            c.delete("/api/v1/session").await.statut,
            StatusCode::NO_CONTENT
        );
        let r = c.get("/api/v1/session").await;
        assert_eq!(r.statut, StatusCode::UNAUTHORIZED);
        assert_eq!(r.json()["erreur"]["code"], "non_connecte");
        app.fin().await;
    }
}

#[tokio::test]
async fn meme_reponse_pour_un_compte_inconnu_et_un_mauvais_mot_de_passe() {
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let inconnu = c
        .post_json(
            "/api/v1/session",
            r#"{"identifiant": "personne", "mot_de_passe": "x"}"#,
        )
        .await;
    let mauvais = c
        .post_json(
            "/api/v1/session",
            r#"{"identifiant": "admin", "mot_de_passe": "x"}"#,
        )
        .await;
    assert_eq!(inconnu.statut, StatusCode::UNAUTHORIZED);
    assert_eq!(
        (inconnu.statut, inconnu.corps),
        (mauvais.statut, mauvais.corps)
    );
    let r = c
        .post_json("/api/v1/session", r#"{"identifiant": 3}"#)
        .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["erreur"]["chemin"], "/identifiant");
    app.fin().await;
}

#[tokio::test]
async fn vingt_echecs_de_suite_sont_limites() {
    for app in TestApp::tous("session_limite").await {
        let mut c = app.anonyme();
        let mut statuts = Vec::new();
        for _ in 0..20 {
            let r = c
                .post_json(
                    "/api/v1/session",
                    r#"{"identifiant": "admin", "mot_de_passe": "faux mot de passe"}"#,
                )
                .await;
            statuts.push(r.statut);
            if r.statut == StatusCode::TOO_MANY_REQUESTS {
                assert!(r.entete("retry-after").is_some());
                assert_eq!(r.json()["erreur"]["code"], "trop_de_tentatives");
                assert!(
                    r.json()["erreur"]["message"]
                        .as_str()
                        .unwrap()
                        .contains("réessayez dans")
                );
            }
        }
        // store::utilisateurs::ECHECS_PAR_COMPTE = 5 : les 5 premiers échecs répondent 401,
        // tous les suivants 429.
        assert!(
            statuts[..5].iter().all(|s| *s == StatusCode::UNAUTHORIZED),
            "{statuts:?}"
        );
        assert!(
            statuts[5..]
                .iter()
                .all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
            "{statuts:?}"
        );
        // Même le bon mot de passe est refusé pendant la fenêtre.
        let r = c
            .post_json(
                "/api/v1/session",
                &format!(r#"{{"identifiant": "admin", "mot_de_passe": "{MOT_DE_PASSE}"}}"#),
            )
            .await;
        assert_eq!(r.statut, StatusCode::TOO_MANY_REQUESTS);
        app.fin().await;
    }
}

#[tokio::test]
async fn formulaire_de_connexion_avec_jeton_et_retour() {
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let page = c.get("/connexion?retour=/agents/A1").await;
    assert_eq!(page.statut, StatusCode::OK);
    assert!(
        page.corps
            .contains("<label for=\"identifiant\">Identifiant</label>")
    );
    assert!(page.corps.contains("name=\"retour\" value=\"/agents/A1\""));
    let jeton = crate::commun::jeton_csrf(&page.corps).unwrap();
    // Sans le jeton : refusé.
    let r = c
        .post_formulaire(
            "/connexion",
            &[("identifiant", "admin"), ("mot_de_passe", MOT_DE_PASSE)],
        )
        .await;
    assert_eq!(r.statut, StatusCode::FORBIDDEN);
    // Mauvais mot de passe : la page revient avec le message et l'identifiant saisi.
    let r = c
        .post_formulaire(
            "/connexion",
            &[
                ("csrf", &jeton),
                ("identifiant", "admin"),
                ("mot_de_passe", "faux"),
                ("retour", "/agents/A1"),
            ],
        )
        .await;
    assert_eq!(r.statut, StatusCode::UNAUTHORIZED);
    assert!(r.corps.contains("Identifiant ou mot de passe incorrect."));
    assert!(r.corps.contains("value=\"admin\""));
    let r = c
        .post_formulaire(
            "/connexion",
            &[
                ("csrf", &jeton),
                ("identifiant", "admin"),
                ("mot_de_passe", MOT_DE_PASSE),
                ("retour", "/agents/A1"),
            ],
        )
        .await;
    assert_eq!(r.statut, StatusCode::SEE_OTHER);
    assert_eq!(r.entete("location"), Some("/agents/A1"));
    assert_eq!(c.get("/agents/A1").await.statut, StatusCode::OK);
    // Un retour vers un autre site est ignoré.
    let mut d = app.anonyme();
    let j = d.csrf_de("/connexion").await;
    let r = d
        .post_formulaire(
            "/connexion",
            &[
                ("csrf", &j),
                ("identifiant", "admin"),
                ("mot_de_passe", MOT_DE_PASSE),
                ("retour", "//exemple.org/"),
            ],
        )
        .await;
    assert_eq!(r.entete("location"), Some("/"));
    // Déconnexion : jeton de session exigé.
    let r = c.post_formulaire("/deconnexion", &[("csrf", "faux")]).await;
    assert_eq!(r.statut, StatusCode::FORBIDDEN);
    let jeton_session = c.csrf_de("/").await;
    let r = c
        .post_formulaire("/deconnexion", &[("csrf", &jeton_session)])
        .await;
    assert_eq!(r.statut, StatusCode::SEE_OTHER);
    assert_eq!(c.get("/").await.statut, StatusCode::SEE_OTHER);
    app.fin().await;
}

#[tokio::test]
async fn derriere_tls_cookie_secure_et_hsts() {
    let app = TestApp::sqlite_avec(|e| e.tls_amont = true).await;
    let mut c = app.anonyme();
    let r = c
        .post_json(
            "/api/v1/session",
            &format!(r#"{{"identifiant": "admin", "mot_de_passe": "{MOT_DE_PASSE}"}}"#),
        )
        .await;
    assert!(r.entete("set-cookie").unwrap().contains("; Secure"));
    assert_eq!(
        r.entete("strict-transport-security"),
        Some("max-age=31536000")
    );
    app.fin().await;
}

#[tokio::test]
async fn deux_serveurs_sur_la_meme_base_partagent_les_sessions() {
    // Derrière un répartiteur de charge : la session ouverte sur un serveur vaut sur l'autre
    // (rien n'est gardé en mémoire), et la déconnexion sur l'un ferme la session partout.
    for app in TestApp::tous("session_partagee").await {
        let mut premier = app.client("gestionnaire").await;
        let mut etat = web::Etat::new(app.store.clone(), 2026);
        etat.hotes = vec![crate::commun::HOTE.to_owned()];
        let mut second = premier.sur(web::routeur(etat));
        assert_eq!(
            second.get("/api/v1/session").await.json()["identifiant"],
            "gestionnaire"
        );
        assert_eq!(second.get("/collectivites/C2").await.statut, StatusCode::OK);
        assert_eq!(
            premier.delete("/api/v1/session").await.statut,
            StatusCode::NO_CONTENT
        );
        assert_eq!(
            second.get("/api/v1/session").await.statut,
            StatusCode::UNAUTHORIZED
        );
        app.fin().await;
    }
}
