//! Tests HTTP du serveur, sur une base SQLite en mémoire remplie par l'import CSV.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use store::Store;
use store::import::{self, FichierCsv};
use tower::ServiceExt;

async fn serveur() -> axum::Router {
    let store = Store::sqlite_en_memoire().await.unwrap();
    let fichiers = vec![
        FichierCsv::new(
            "collectivites.csv",
            "code_collectivite;nom;type;population;affiliee\nC1;Saint-Étienne;commune;172565;oui\n",
        ),
        FichierCsv::new(
            "agents.csv",
            "matricule;code_collectivite;nom;prenom;date_naissance\nA1;C1;Durand;Hélène;02/04/1978\n",
        ),
        FichierCsv::new(
            "periodes.csv",
            "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
             A1;2012-09-01;;territoriale;titulaire;technicien_principal_1re_classe;activite;;;;;;\n",
        ),
    ];
    import::importer(&store, &fichiers, "2026-01-01T00:00:00Z", &mut |_, _| {})
        .await
        .unwrap();
    web::routeur(web::Etat {
        store,
        annee_par_defaut: 2026,
        feuille_de_style: None,
    })
}

async fn appel(r: &axum::Router, req: Request<Body>) -> (StatusCode, String) {
    let rep = r.clone().oneshot(req).await.unwrap();
    let statut = rep.status();
    let corps = rep.into_body().collect().await.unwrap().to_bytes();
    (statut, String::from_utf8(corps.to_vec()).unwrap())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post(uri: &str, corps: &str) -> Request<Body> {
    Request::post(uri)
        .header("content-type", "application/json")
        .body(Body::from(corps.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn sante_et_openapi() {
    let r = serveur().await;
    let (s, corps) = appel(&r, get("/healthz")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(corps.contains("\"ok\""), "{corps}");
    let (s, corps) = appel(&r, get("/api/v1/openapi.json")).await;
    assert_eq!(s, StatusCode::OK);
    let doc: serde_json::Value = serde_json::from_str(&corps).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/api/v1/eligibilite"]["post"].is_object());
}

#[tokio::test]
async fn une_entree_invalide_donne_422_et_une_erreur_francaise() {
    // Contrat v1 : « 422 on invalid input », corps {"erreur": {code, message, chemin}}.
    let r = serveur().await;
    let (s, corps) = appel(&r, post("/api/v1/services", "{\"agent\": ")).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = serde_json::from_str(&corps).unwrap();
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
    let r = serveur().await;
    let (s, corps) = appel(&r, post("/api/v1/promouvoir", "{}")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(corps.contains("commande_inconnue"));
}

#[tokio::test]
async fn pages_accueil_collectivite_et_agent() {
    let r = serveur().await;
    let (s, accueil) = appel(&r, get("/")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(accueil.contains("<html lang=\"fr\">"));
    assert!(accueil.contains("href=\"/collectivites/C1\""));
    assert!(accueil.contains("Saint-Étienne"));
    assert!(accueil.contains("172\u{a0}565"));
    assert!(accueil.contains("<caption>"));

    let (s, page) = appel(&r, get("/collectivites/C1?annee=2027")).await;
    assert_eq!(s, StatusCode::OK);
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

    let (s, agent) = appel(&r, get("/agents/A1")).await;
    assert_eq!(s, StatusCode::OK);
    // Dates affichées au format JJ/MM/AAAA.
    assert!(agent.contains("01/09/2012"));
    assert!(agent.contains("02/04/1978"));
    assert!(agent.contains("01/01/2026"));
    // Formations absentes du fichier : non évaluées (« inconnu »), jamais supposées.
    assert!(agent.contains("ne sont pas renseignées"));
    // L'explication vient du moteur : voie ouverte d'abord, conditions avec leur texte.
    assert!(agent.contains("Ingénieur territorial — promotion interne au choix : promouvable"));
    assert!(agent.contains("<caption>Conditions : "));
    assert!(agent.contains("Texte appliqué"));
}

#[tokio::test]
async fn introuvables_et_annee_invalide() {
    let r = serveur().await;
    let (s, page) = appel(&r, get("/agents/ZZZ")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(
        page.contains("Aucun agent") && page.contains("« ZZZ »"),
        "{page}"
    );
    let (s, _) = appel(&r, get("/collectivites/ZZZ")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, page) = appel(&r, get("/collectivites/C1?annee=3000")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("entre 1950 et 2100"));
    let (s, _) = appel(&r, get("/nulle-part")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Sans bibliothèque CSS installée, la feuille de style est absente mais les pages restent.
    let (s, _) = appel(&r, get("/static/style.css")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn entrees_strictes_du_moteur_sur_l_api() {
    // Contrat v1 : 422 et {"erreur": {code, message, chemin}} en français.
    let r = serveur().await;
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
        let (s, rep) = appel(&r, post("/api/v1/eligibilite", &corps)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{rep}");
        let v: serde_json::Value = serde_json::from_str(&rep).unwrap();
        assert_eq!(v["erreur"]["code"], code);
        assert_eq!(v["erreur"]["chemin"], chemin);
        assert_eq!(v["erreur"]["message"], message);
    }
}
