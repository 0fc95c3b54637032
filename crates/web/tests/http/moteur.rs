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
