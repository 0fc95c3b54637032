//! Les routes publiques du moteur (contrat v1), `/healthz` et le document OpenAPI.

use axum::http::StatusCode;

use crate::commun::TestApp;

#[tokio::test]
async fn sante_et_openapi_sans_session() {
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let r = c.get("/healthz").await;
    assert_eq!(r.statut, StatusCode::OK);
    assert_eq!(r.json()["statut"], "ok");
    let r = c.get("/api/v1/openapi.json").await;
    assert_eq!(r.statut, StatusCode::OK);
    let doc = r.json();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/eligibilite"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/session"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/journal"]["get"].is_object());
}

#[tokio::test]
async fn une_entree_invalide_donne_422_et_une_erreur_francaise() {
    // Contrat v1 : « 422 on invalid input », corps {"erreur": {code, message, chemin}}.
    let app = TestApp::sqlite().await;
    let r = app
        .anonyme()
        .post_json("/api/v1/services", "{\"agent\": ")
        .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    let v = r.json();
    assert_eq!(v["erreur"]["code"], "json_invalide");
    assert!(
        v["erreur"]["message"]
            .as_str()
            .unwrap()
            .contains("mal formé")
    );
}

#[tokio::test]
async fn une_commande_inconnue_donne_404() {
    let app = TestApp::sqlite().await;
    let r = app.anonyme().post_json("/api/v1/promouvoir", "{}").await;
    assert_eq!(r.statut, StatusCode::NOT_FOUND);
    assert!(r.corps.contains("commande_inconnue"));
}

#[tokio::test]
async fn le_moteur_repond_sans_session() {
    // Seed 002 §I.D (exemple partagé services-tnc-2005) : 10,5 h sur 17,5 h en 2005 →
    // 365 × 10,5 / 17,5 = 219 jours.
    let app = TestApp::sqlite().await;
    let r = app
        .anonyme()
        .post_json("/api/v1/services", crate::matrice::CORPS_SERVICES)
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    assert_eq!(r.json()["jours"], 219.0);
}

#[tokio::test]
async fn entrees_strictes_du_moteur_sur_l_api() {
    // Contrat v1 : 422 et {"erreur": {code, message, chemin}} en français.
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let cas = [
        (
            r#"{"annee": 2026, "agent": {"periodes": [], "date_naissance": "2025-03-01T12:00:00+14:00"}}"#.to_owned(),
            "date_invalide",
            "/agent/date_naissance",
            "Date attendue au format AAAA-MM-JJ, reçu \"2025-03-01T12:00:00+14:00\".",
        ),
        (
            r#"{"annee": "2026", "agent": {"periodes": []}}"#.to_owned(),
            "type_invalide",
            "/annee",
            "Nombre entier attendu, reçu le texte \"2026\".",
        ),
        (
            // 100 000 fois la même cible (1,2 Mo) : refusé, plus de réponse d'un gigaoctet.
            format!(
                r#"{{"annee": 2026, "cibles": [{}], "agent": {{"periodes": []}}}}"#,
                vec!["\"ingenieur\""; 100_000].join(",")
            ),
            "liste_trop_longue",
            "/cibles",
            "Liste trop longue : 100000 éléments reçus, 200 au plus sont admis ici.",
        ),
    ];
    for (corps, code, chemin, message) in cas {
        let r = c.post_json("/api/v1/eligibilite", &corps).await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.corps);
        let v = r.json();
        assert_eq!(v["erreur"]["code"], code);
        assert_eq!(v["erreur"]["chemin"], chemin);
        assert_eq!(v["erreur"]["message"], message);
    }
}
