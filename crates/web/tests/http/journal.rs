//! Journal d'audit par HTTP : réservé à l'administrateur, filtres, page.

use axum::http::StatusCode;

use crate::commun::TestApp;

#[tokio::test]
async fn l_administrateur_lit_et_filtre_le_journal() {
    for app in TestApp::tous("journal_http").await {
        let _ = app.client("collectivite1").await;
        let mut admin = app.client("admin").await;
        let r = admin.get("/api/v1/journal").await;
        assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
        let v = r.json();
        // import + 6 comptes + 2 connexions.
        assert_eq!(v["total"], 9, "{v}");
        let premiere = &v["journal"][0];
        for cle in [
            "horodatage",
            "utilisateur",
            "action",
            "objet",
            "avant",
            "apres",
        ] {
            assert!(premiere.get(cle).is_some(), "{cle} absent : {premiere}");
        }
        // Les plus récentes d'abord : la connexion de l'administrateur.
        assert_eq!(premiere["action"], "session.ouvrir");
        assert_eq!(premiere["utilisateur"], "admin");
        let r = admin
            .get("/api/v1/journal?objet=utilisateur:collectivite1")
            .await
            .json();
        let actions: Vec<&str> = r["journal"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, vec!["session.ouvrir", "utilisateur.ajouter"]);
        let r = admin.get("/api/v1/journal?du=2020-13-01").await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["erreur"]["chemin"], "/du");
        let page = admin.get("/journal?action=import").await;
        assert_eq!(page.statut, StatusCode::OK);
        assert!(
            page.corps.contains("1 entrée(s) — page 1 sur 1"),
            "{}",
            page.corps
        );
        let mut g = app.client("gestionnaire").await;
        assert_eq!(g.get("/api/v1/journal").await.statut, StatusCode::FORBIDDEN);
        app.fin().await;
    }
}
