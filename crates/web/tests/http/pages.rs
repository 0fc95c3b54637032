//! Pages HTML : contenu, cloisonnement par collectivité, données personnelles minimales.

use axum::http::StatusCode;

use crate::commun::TestApp;

#[tokio::test]
async fn pages_accueil_collectivite_et_agent_pour_le_centre_de_gestion() {
    let app = TestApp::sqlite().await;
    let mut c = app.client("gestionnaire").await;
    let accueil = c.get("/").await;
    assert_eq!(accueil.statut, StatusCode::OK);
    let accueil = accueil.corps;
    assert!(accueil.contains("<html lang=\"fr\">"));
    assert!(accueil.contains("href=\"/collectivites/C1\""));
    assert!(accueil.contains("href=\"/collectivites/C2\""));
    assert!(accueil.contains("Saint-Étienne"));
    assert!(accueil.contains("172\u{a0}565"));
    assert!(accueil.contains("<caption>"));
    // Bandeau : qui est connecté, son rôle, la déconnexion (formulaire avec jeton CSRF).
    assert!(accueil.contains("<strong>gestionnaire</strong> (gestionnaire du centre de gestion)"));
    assert!(accueil.contains("action=\"/deconnexion\""));
    assert!(!accueil.contains("<script"), "aucun script en ligne");

    let page = c.get("/collectivites/C1?annee=2027").await;
    assert_eq!(page.statut, StatusCode::OK);
    let page = page.corps;
    assert!(page.contains("Durand Hélène"));
    assert!(page.contains("Technicien principal de 1re classe"));
    assert!(page.contains("value=\"2027\""));
    assert!(page.contains("<label for=\"annee\">"));
    assert!(page.contains("scope=\"col\""));
    // Seed 001 (fiche service-public) : un technicien principal de 1re classe comptant au
    // moins 8 ans de services dans le grade est promouvable ingénieur au choix ; A1 l'est
    // depuis le 01/09/2012.
    assert!(
        page.contains("Ingénieur territorial (promotion interne au choix)"),
        "{page}"
    );

    let agent = c.get("/agents/A1").await;
    assert_eq!(agent.statut, StatusCode::OK);
    let agent = agent.corps;
    assert!(agent.contains("01/09/2012"));
    assert!(agent.contains("01/01/2026"));
    // Données minimales : la date de naissance n'est pas dans l'en-tête de la fiche ; elle
    // n'apparaît que dans une condition d'âge, s'il y en a une.
    assert!(
        agent.contains("<p>Matricule A1 — Saint-Étienne.</p>"),
        "{agent}"
    );
    if agent.contains("02/04/1978") {
        assert!(agent.contains("né(e) le 02/04/1978, soit"), "{agent}");
    }
    assert!(agent.contains("ne sont pas renseignées"));
    assert!(agent.contains("Ingénieur territorial — promotion interne au choix : promouvable"));
    assert!(agent.contains("<caption>Conditions : "));
    assert!(agent.contains("Texte appliqué"));
    app.fin().await;
}

#[tokio::test]
async fn une_collectivite_ne_voit_que_ses_agents() {
    for app in TestApp::tous("pages_collectivite").await {
        let mut c = app.client("collectivite1").await;
        let accueil = c.get("/").await.corps;
        assert!(accueil.contains("href=\"/collectivites/C1\""), "{accueil}");
        assert!(!accueil.contains("Roanne"), "{accueil}");
        let r = c.get("/collectivites/C1").await;
        assert_eq!(r.statut, StatusCode::OK);
        assert!(r.corps.contains("Durand Hélène"));
        // L'autre collectivité et son agent : introuvables, sans rien en dire.
        let r = c.get("/collectivites/C2").await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND);
        assert!(!r.corps.contains("Roanne") && !r.corps.contains("Martin"));
        let r = c.get("/agents/A2").await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND);
        assert!(!r.corps.contains("Martin"), "{}", r.corps);
        // Même réponse que pour un matricule qui n'existe pas.
        let inconnu = c.get("/agents/ZZZ").await;
        assert_eq!(inconnu.statut, StatusCode::NOT_FOUND);
        assert_eq!(
            r.corps.replace("« A2 »", "« X »"),
            inconnu.corps.replace("« ZZZ »", "« X »")
        );
        app.fin().await;
    }
}

#[tokio::test]
async fn la_commission_n_a_aucune_page_d_agent() {
    let app = TestApp::sqlite().await;
    let mut c = app.client("commission").await;
    let accueil = c.get("/").await;
    assert_eq!(accueil.statut, StatusCode::OK);
    assert!(accueil.corps.contains("classement anonymisé"));
    assert!(!accueil.corps.contains("Saint-Étienne"));
    assert_eq!(c.get("/agents/A1").await.statut, StatusCode::FORBIDDEN);
    assert_eq!(
        c.get("/collectivites/C1").await.statut,
        StatusCode::FORBIDDEN
    );
    app.fin().await;
}

#[tokio::test]
async fn sans_session_une_page_renvoie_vers_la_connexion_avec_le_retour() {
    let app = TestApp::sqlite().await;
    let r = app.anonyme().get("/collectivites/C1?annee=2027").await;
    assert_eq!(r.statut, StatusCode::SEE_OTHER);
    assert_eq!(
        r.entete("location"),
        Some("/connexion?retour=%2Fcollectivites%2FC1%3Fannee%3D2027")
    );
    app.fin().await;
}

#[tokio::test]
async fn introuvables_et_annee_invalide() {
    let app = TestApp::sqlite().await;
    let mut c = app.client("admin").await;
    let r = c.get("/agents/ZZZ").await;
    assert_eq!(r.statut, StatusCode::NOT_FOUND);
    assert!(
        r.corps.contains("Aucun agent") && r.corps.contains("« ZZZ »"),
        "{}",
        r.corps
    );
    assert_eq!(
        c.get("/collectivites/ZZZ").await.statut,
        StatusCode::NOT_FOUND
    );
    let r = c.get("/collectivites/C1?annee=3000").await;
    assert_eq!(r.statut, StatusCode::BAD_REQUEST);
    assert!(r.corps.contains("entre 1950 et 2100"));
    let r = c.get("/nulle-part").await;
    assert_eq!(r.statut, StatusCode::NOT_FOUND);
    assert!(r.corps.contains("<html lang=\"fr\">"));
    // Sans bibliothèque CSS installée, la feuille de style est vide mais servie.
    let r = c.get("/static/style.css").await;
    assert_eq!(r.statut, StatusCode::OK);
    app.fin().await;
}
