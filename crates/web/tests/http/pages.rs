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
async fn une_page_d_erreur_ne_propose_pas_de_se_connecter_a_qui_l_est_deja() {
    let app = TestApp::sqlite().await;
    let mut c = app.client("commission").await;
    // Refus par la règle de la route (la commission n'a pas de page d'agent).
    let refus = c.get("/agents/A1").await;
    assert_eq!(refus.statut, StatusCode::FORBIDDEN);
    assert!(refus.corps.contains("Accès refusé"), "{}", refus.corps);
    assert!(!refus.corps.contains("Se connecter"), "{}", refus.corps);
    assert!(
        !refus.corps.contains("href=\"/connexion\""),
        "{}",
        refus.corps
    );
    assert!(refus.corps.contains("Revenir à l'accueil"));
    assert!(
        refus
            .corps
            .contains("Se déconnecter pour changer de compte")
    );
    assert!(
        refus
            .corps
            .contains("Connecté(e) : <strong>commission</strong>")
    );
    // Erreur rendue par un gestionnaire (404) : même bandeau, pas d'invitation à changer de
    // compte.
    let mut g = app.client("gestionnaire").await;
    let absent = g.get("/agents/ZZZ").await;
    assert_eq!(absent.statut, StatusCode::NOT_FOUND);
    assert!(!absent.corps.contains("Se connecter"), "{}", absent.corps);
    assert!(
        absent
            .corps
            .contains("Connecté(e) : <strong>gestionnaire</strong>")
    );
    assert!(!absent.corps.contains("changer de compte"));
    // Formulaire au jeton expiré : le bandeau, mais pas d'invitation à changer de compte
    // (recharger la page suffit).
    let expire = g
        .post_formulaire("/deconnexion", &[("csrf", "perime")])
        .await;
    assert_eq!(expire.statut, StatusCode::FORBIDDEN);
    assert!(
        expire.corps.contains("rechargez la page"),
        "{}",
        expire.corps
    );
    assert!(
        expire
            .corps
            .contains("Connecté(e) : <strong>gestionnaire</strong>")
    );
    assert!(!expire.corps.contains("changer de compte"));
    // Sans session, la page d'erreur (adresse inconnue) garde le lien de connexion.
    let anonyme = app.anonyme().get("/adresse-inconnue").await;
    assert_eq!(anonyme.statut, StatusCode::NOT_FOUND);
    assert!(anonyme.corps.contains("Se connecter"));
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

/// Ajoute C3 « Villeurbanne » et ses 121 agents : V000 à V119 nommés `Nom00` à `Nom39`
/// (trois agents par nom, départagés par le matricule), techniciens principaux de 1re classe
/// depuis le 01/09/2012 (promouvables ingénieur au choix, seed 001), et V999, Ébrard
/// Éloïse ; puis 150 collectivités sans agent, K000 à K149 « Commune 000 »…
async fn peupler_grande_collectivite(store: &store::Store) {
    let mut agents = String::from("matricule;code_collectivite;nom;prenom;date_naissance\n");
    let mut periodes = String::from(
        "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n",
    );
    let mut ajouter = |matricule: &str, nom: &str, prenom: &str| {
        agents.push_str(&format!("{matricule};C3;{nom};{prenom};02/04/1978\n"));
        periodes.push_str(&format!(
            "{matricule};2012-09-01;;territoriale;titulaire;technicien_principal_1re_classe;activite;;;;;;\n"
        ));
    };
    for i in 0..120 {
        ajouter(&format!("V{i:03}"), &format!("Nom{:02}", i % 40), "Jean");
    }
    ajouter("V999", "Ébrard", "Éloïse");
    let mut collectivites = String::from(
        "code_collectivite;nom;type;population;affiliee\nC3;Villeurbanne;commune;150000;oui\n",
    );
    for i in 0..150 {
        collectivites.push_str(&format!("K{i:03};Commune {i:03};commune;500;oui\n"));
    }
    let fichiers = vec![
        store::import::FichierCsv::new("collectivites.csv", collectivites.as_str()),
        store::import::FichierCsv::new("agents.csv", agents.as_str()),
        store::import::FichierCsv::new("periodes.csv", periodes.as_str()),
    ];
    store::import::importer(
        store,
        &fichiers,
        &store::Acteur::systeme("tests"),
        &mut |_, _| {},
    )
    .await
    .expect("import de la grande collectivité");
}

/// Matricules des lignes d'une page de collectivité, dans l'ordre affiché.
fn matricules(page: &str) -> Vec<String> {
    page.split("href=\"/agents/")
        .skip(1)
        .map(|s| s.split('?').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn liste_des_agents_paginee_filtree_et_dans_un_ordre_stable() {
    for app in TestApp::tous("pages_pagination").await {
        peupler_grande_collectivite(&app.store).await;
        let mut c = app.client("gestionnaire").await;
        // Ordre attendu : nom (clé de tri française, « Ébrard » avant « Nom00 »), puis
        // matricule ; 50 agents par page, soit 50 + 50 + 21.
        let mut attendu: Vec<(String, String)> = (0..120)
            .map(|i| (format!("nom{:02} jean", i % 40), format!("V{i:03}")))
            .collect();
        attendu.push(("ebrard eloise".to_owned(), "V999".to_owned()));
        attendu.sort();
        let attendu: Vec<String> = attendu.into_iter().map(|(_, m)| m).collect();
        let mut lus = Vec::new();
        for (page, lignes) in [(1, 50), (2, 50), (3, 21)] {
            let r = c
                .get(&format!("/collectivites/C3?annee=2027&page={page}"))
                .await;
            assert_eq!(r.statut, StatusCode::OK, "{}", app.moteur);
            let m = matricules(&r.corps);
            assert_eq!(m.len(), lignes, "page {page} ({})", app.moteur);
            // Chaque agent de la page est promouvable (seed 001) : l'éligibilité est
            // calculée pour les lignes affichées.
            assert!(
                r.corps.contains(&format!(
                    "{lignes} agent(s) de cette page promouvable(s) à au moins un grade en 2027"
                )),
                "{}",
                r.corps
            );
            assert!(
                r.corps.contains(&format!("page {page} sur 3")),
                "{}",
                r.corps
            );
            assert!(r.corps.contains("121 agents."), "{}", r.corps);
            let premiere = (page - 1) * 50 + 1;
            assert!(
                r.corps.contains(&format!(
                    "Agents {premiere} à {} sur 121, par ordre alphabétique",
                    premiere + lignes - 1
                )),
                "{}",
                r.corps
            );
            lus.extend(m);
        }
        assert_eq!(lus, attendu, "{}", app.moteur);
        // Liens de la page 2 : l'année est gardée (`&` échappé par le gabarit).
        let r = c.get("/collectivites/C3?annee=2027&page=2").await;
        assert!(
            r.corps
                .contains("href=\"/collectivites/C3?annee=2027&#38;page=1\" rel=\"prev\""),
            "{}",
            r.corps
        );
        assert!(
            r.corps
                .contains("href=\"/collectivites/C3?annee=2027&#38;page=3\" rel=\"next\""),
            "{}",
            r.corps
        );
        // Recherche sans accents ni casse, sur le nom ou le matricule exact.
        let r = c.get("/collectivites/C3?recherche=EBRARD").await;
        assert_eq!(matricules(&r.corps), ["V999"], "{}", app.moteur);
        assert!(
            r.corps
                .contains("sur 1 correspondant à la recherche « EBRARD »"),
            "{}",
            r.corps
        );
        let r = c.get("/collectivites/C3?recherche=V007").await;
        assert_eq!(matricules(&r.corps), ["V007"], "{}", app.moteur);
        let r = c.get("/collectivites/C3?recherche=nom07").await;
        assert_eq!(
            matricules(&r.corps),
            ["V007", "V047", "V087"],
            "{}",
            app.moteur
        );
        // `%` et `_` sont cherchés à la lettre : aucun agent.
        let r = c.get("/collectivites/C3?recherche=%25").await;
        assert!(matricules(&r.corps).is_empty());
        assert!(
            r.corps
                .contains("Aucun agent ne correspond à la recherche « % ».")
        );
        // Au-delà de la dernière page : dit comme tel, jamais « aucun agent ».
        let r = c.get("/collectivites/C3?page=9").await;
        assert_eq!(r.statut, StatusCode::OK);
        assert!(
            r.corps
                .contains("La page 9 n'existe pas : la liste compte 3 page(s).")
        );
        // Paramètres invalides : 400 en français.
        for q in ["page=0", "page=deux", "par_page=201", "par_page=0"] {
            let r = c.get(&format!("/collectivites/C3?{q}")).await;
            assert_eq!(r.statut, StatusCode::BAD_REQUEST, "{q}");
            assert!(
                r.corps.contains("attendu un nombre entier de 1 à"),
                "{}",
                r.corps
            );
        }
        let r = c.get("/collectivites/C3?par_page=200").await;
        assert_eq!(matricules(&r.corps).len(), 121);
        app.fin().await;
    }
}

#[tokio::test]
async fn liste_des_collectivites_paginee_et_filtree() {
    for app in TestApp::tous("pages_pagination_collectivites").await {
        peupler_grande_collectivite(&app.store).await;
        let mut c = app.client("gestionnaire").await;
        // 153 collectivités (C1, C2, C3, K000 à K149), 100 par page.
        let r = c.get("/").await;
        assert_eq!(r.statut, StatusCode::OK);
        assert_eq!(r.corps.matches("href=\"/collectivites/").count(), 100);
        assert!(
            r.corps.contains(
                "153 collectivités et établissements ; ici les n° 1 à 100 (page 1 sur 2)"
            ),
            "{}",
            r.corps
        );
        assert!(
            r.corps.contains("href=\"/?page=2\" rel=\"next\""),
            "{}",
            r.corps
        );
        let r = c.get("/?page=2").await;
        assert_eq!(r.corps.matches("href=\"/collectivites/").count(), 53);
        // Ordre alphabétique français : « Commune 000 »… puis Roanne, Saint-Étienne,
        // Villeurbanne en fin de liste.
        let roanne = r.corps.find("Roanne").unwrap();
        let se = r.corps.find("Saint-Étienne").unwrap();
        let vi = r.corps.find("Villeurbanne").unwrap();
        assert!(roanne < se && se < vi);
        let r = c.get("/?recherche=saint-etienne").await;
        assert_eq!(r.corps.matches("href=\"/collectivites/").count(), 1);
        assert!(r.corps.contains("href=\"/collectivites/C1\""));
        let r = c.get("/?recherche=K042").await;
        assert_eq!(r.corps.matches("href=\"/collectivites/").count(), 1);
        assert!(r.corps.contains("Commune 042"));
        // Une collectivité ne voit que la sienne, même en cherchant les autres.
        let mut c1 = app.client("collectivite1").await;
        let r = c1.get("/?recherche=commune").await;
        assert_eq!(r.corps.matches("href=\"/collectivites/").count(), 0);
        assert!(
            r.corps.contains("Aucune collectivité ne correspond"),
            "{}",
            r.corps
        );
        let r = c.get("/?page=-1").await;
        assert_eq!(r.statut, StatusCode::BAD_REQUEST);
        app.fin().await;
    }
}
