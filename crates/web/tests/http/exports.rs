//! Exports CSV de la campagne (promouvables, propositions), sur SQLite et PostgreSQL :
//! format pour le tableur (BOM, `;`, en-têtes en français), filtres et cloisonnement.

use axum::http::StatusCode;

use crate::commun::TestApp;

#[tokio::test]
async fn exports_csv_des_promouvables_et_des_propositions() {
    for app in TestApp::tous("exports").await {
        let m = app.moteur;
        // Campagne 2027 ; propositions 1, 3, 5 de C1 (A1) et 2, 4, 6 de C2 (A2), brouillons.
        crate::campagne::preparer_matrice(&app).await;
        let mut g = app.client("gestionnaire").await;
        let r = g
            .get("/api/v1/campagnes/2027/exports/promouvables.csv?cible=ingenieur&page=2")
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        assert_eq!(r.entete("content-type"), Some("text/csv; charset=utf-8"));
        assert_eq!(
            r.entete("content-disposition"),
            Some("attachment; filename=\"promouvables-2027.csv\"")
        );
        let lignes: Vec<&str> = r.corps.split("\r\n").collect();
        assert_eq!(
            lignes[0],
            "\u{feff}Matricule;Nom;Prénom;Code de la collectivité;Collectivité;\
             Code du grade visé;Grade visé;Voie;Formation de professionnalisation"
        );
        // Seed 001 : A1, technicien principal de 1re classe depuis le 01/09/2012, est
        // promouvable ingénieur au choix ; ses formations ne sont pas renseignées. Les
        // paramètres de page sont ignorés : toute la liste.
        assert_eq!(
            lignes[1],
            "A1;Durand;Hélène;C1;Saint-Étienne;ingenieur;Ingénieur territorial;au choix;inconnue",
            "{m}"
        );
        assert_eq!(lignes.len(), 3, "{m} : {lignes:?}");
        assert_eq!(lignes[2], "");

        let r = g
            .get("/api/v1/campagnes/2027/exports/propositions.csv")
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        let lignes: Vec<&str> = r.corps.trim_end().split("\r\n").collect();
        assert!(lignes[0].ends_with("Statut;Promouvable (moteur);Transmise le"));
        assert_eq!(lignes.len(), 7, "{m} : six propositions");
        assert!(
            lignes[1..].iter().all(|l| l.contains(";brouillon;non;")),
            "{m} : {lignes:?}"
        );

        // Cloisonnement : la collectivité 2 n'exporte que ses agents ; C1 n'existe pas pour
        // elle.
        let mut c2 = app.client("collectivite2").await;
        let r = c2
            .get("/api/v1/campagnes/2027/exports/propositions.csv")
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        let lignes: Vec<&str> = r.corps.trim_end().split("\r\n").collect();
        assert_eq!(lignes.len(), 4, "{m} : {lignes:?}");
        assert!(
            lignes[1..]
                .iter()
                .all(|l| l.contains(";A2;Martin;Paul;C2;"))
        );
        let r = c2
            .get("/api/v1/campagnes/2027/exports/promouvables.csv")
            .await;
        assert!(!r.corps.contains("Durand"), "{m}");
        let r = c2
            .get("/api/v1/campagnes/2027/exports/promouvables.csv?collectivite=C1")
            .await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m}");
        let r = c2
            .get("/api/v1/campagnes/2027/exports/propositions.csv?statut=perdue")
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        app.fin().await;
    }
}
