//! Couche HTTP : en-têtes de sécurité, hôte, tailles, types de contenu, erreurs françaises,
//! `/healthz` hors du pool, délais et plafond de connexions du serveur réel.

use std::time::Duration;

use axum::http::StatusCode;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::commun::TestApp;

#[tokio::test]
async fn en_tetes_de_securite_sur_toute_reponse() {
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    for uri in ["/healthz", "/connexion", "/nulle-part", "/"] {
        let r = c.get(uri).await;
        let csp = r.entete("content-security-policy").unwrap_or("");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri} : {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{uri}");
        assert_eq!(r.entete("x-content-type-options"), Some("nosniff"), "{uri}");
        assert_eq!(r.entete("referrer-policy"), Some("same-origin"), "{uri}");
        assert!(
            r.entete("strict-transport-security").is_none(),
            "sans TLS : {uri}"
        );
    }
    app.fin().await;
}

#[tokio::test]
async fn hote_inconnu_refuse() {
    // Rattachement DNS : une page malveillante sur evil.example résolue en 127.0.0.1.
    let app = TestApp::sqlite().await;
    let r = app
        .anonyme()
        .envoyer(
            axum::http::Request::get("/healthz")
                .header("host", "evil.example:8080")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.statut, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["erreur"]["code"], "hote_inconnu");
    app.fin().await;
}

#[tokio::test]
async fn corps_trop_gros_type_refuse_et_methode_en_erreurs_json_francaises() {
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    // 413 : enveloppe JSON, pas de texte anglais.
    let gros = format!("{{\"x\": \"{}\"}}", "a".repeat(3 << 20));
    let r = c.post_json("/api/v1/eligibilite", &gros).await;
    assert_eq!(r.statut, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["erreur"]["code"], "corps_trop_gros");
    assert!(
        r.json()["erreur"]["message"]
            .as_str()
            .unwrap()
            .contains("2 Mio")
    );
    // 415 : un corps qui n'est pas du JSON sur une route JSON.
    let r = c
        .envoyer(
            axum::http::Request::post("/api/v1/eligibilite")
                .header("content-type", "text/plain")
                .body(axum::body::Body::from("{}"))
                .unwrap(),
        )
        .await;
    assert_eq!(r.statut, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(r.json()["erreur"]["code"], "type_de_contenu_refuse");
    // 405 : méthode non admise, en français.
    let r = c.delete("/api/v1/openapi.json").await;
    assert_eq!(r.statut, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.json()["erreur"]["code"], "methode_non_admise");
    app.fin().await;
}

#[tokio::test]
async fn healthz_repond_quand_le_pool_est_sature() {
    for app in TestApp::tous("healthz_pool").await {
        // Toutes les connexions du pool des requêtes sont prises.
        let mut prises = Vec::new();
        match &app.store {
            store::Store::Sqlite(p) => {
                while let Ok(Ok(c)) =
                    tokio::time::timeout(Duration::from_millis(200), p.acquire()).await
                {
                    prises.push(either_sqlite(c));
                }
            }
            store::Store::Postgres(p) => {
                while let Ok(Ok(c)) =
                    tokio::time::timeout(Duration::from_millis(200), p.acquire()).await
                {
                    prises.push(either_pg(c));
                }
            }
        }
        assert!(!prises.is_empty());
        let r = tokio::time::timeout(Duration::from_secs(5), app.anonyme().get("/healthz"))
            .await
            .expect("/healthz répond malgré le pool saturé");
        assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
        drop(prises);
        app.fin().await;
    }
}

enum Prise {
    #[allow(dead_code)]
    S(sqlx::pool::PoolConnection<sqlx::Sqlite>),
    #[allow(dead_code)]
    P(sqlx::pool::PoolConnection<sqlx::Postgres>),
}
fn either_sqlite(c: sqlx::pool::PoolConnection<sqlx::Sqlite>) -> Prise {
    Prise::S(c)
}
fn either_pg(c: sqlx::pool::PoolConnection<sqlx::Postgres>) -> Prise {
    Prise::P(c)
}

#[tokio::test]
async fn healthz_indisponible_en_francais_sans_texte_du_pilote() {
    // Une base PostgreSQL injoignable (port 1 de la boucle locale : rien n'y écoute).
    let pool = sqlx::postgres::PgPoolOptions::new()
        .acquire_timeout(Duration::from_secs(2))
        .connect_lazy("postgres://passerelle@127.0.0.1:1/absente")
        .unwrap();
    let mut etat = web::Etat::new(store::Store::Postgres(pool), 2026);
    etat.hotes.clear();
    let r = tower::ServiceExt::oneshot(
        web::routeur(etat),
        axum::http::Request::get("/healthz")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let corps = http_body_util::BodyExt::collect(r.into_body())
        .await
        .unwrap()
        .to_bytes();
    let texte = String::from_utf8_lossy(&corps);
    assert!(
        texte.contains("La base de données ne répond pas"),
        "{texte}"
    );
    for anglais in ["error", "refused", "connection", "pool"] {
        assert!(
            !texte.to_lowercase().contains(anglais),
            "{anglais} dans {texte}"
        );
    }
}

/// Démarre le vrai serveur (port 0) avec des délais courts.
async fn serveur(configurer: impl FnOnce(&mut web::Etat)) -> std::net::SocketAddr {
    let store = store::Store::sqlite_en_memoire().await.unwrap();
    let mut etat = web::Etat::new(store, 2026);
    configurer(&mut etat);
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        web::servir(etat, "127.0.0.1:0".parse().unwrap(), move |a| {
            let _ = tx.send(a);
        })
        .await
        .unwrap();
    });
    rx.await.unwrap()
}

#[tokio::test]
async fn en_tetes_trop_lents_connexion_fermee() {
    let adresse = serveur(|e| e.delai_entetes = Duration::from_secs(1)).await;
    let mut flux = tokio::net::TcpStream::connect(adresse).await.unwrap();
    // En-têtes jamais terminés (pas de ligne vide).
    flux.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let mut tampon = Vec::new();
    let lu = tokio::time::timeout(Duration::from_secs(5), flux.read_to_end(&mut tampon)).await;
    // Avant : la connexion restait ouverte indéfiniment (le délai de 5 s expirait).
    assert!(lu.is_ok(), "connexion toujours ouverte après 5 s");
}

#[tokio::test]
async fn plafond_de_connexions_simultanees() {
    let adresse = serveur(|e| {
        e.connexions_max = 2;
        e.delai_entetes = Duration::from_secs(30);
    })
    .await;
    // Deux connexions occupent les deux places.
    let _a = tokio::net::TcpStream::connect(adresse).await.unwrap();
    let _b = tokio::net::TcpStream::connect(adresse).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // La troisième attend : sa requête n'est pas servie tant qu'une place n'est pas libre.
    let mut c = tokio::net::TcpStream::connect(adresse).await.unwrap();
    c.write_all(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut tampon = Vec::new();
    let attente =
        tokio::time::timeout(Duration::from_millis(700), c.read_to_end(&mut tampon)).await;
    assert!(
        attente.is_err(),
        "servie au-delà du plafond : {}",
        String::from_utf8_lossy(&tampon)
    );
    drop(_a);
    let lu = tokio::time::timeout(Duration::from_secs(5), c.read_to_end(&mut tampon)).await;
    assert!(lu.is_ok());
    assert!(
        String::from_utf8_lossy(&tampon).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&tampon)
    );
}

#[tokio::test]
async fn corps_trop_lent_408_en_json() {
    let adresse = serveur(|e| e.delai_corps = Duration::from_secs(1)).await;
    let mut flux = tokio::net::TcpStream::connect(adresse).await.unwrap();
    // Dix octets annoncés, deux envoyés : le corps n'arrive jamais en entier.
    flux.write_all(
        b"POST /api/v1/eligibilite HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}",
    )
    .await
    .unwrap();
    let mut tampon = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), flux.read(&mut tampon))
        .await
        .expect("réponse avant 5 s")
        .unwrap();
    let texte = String::from_utf8_lossy(&tampon[..n]);
    assert!(texte.starts_with("HTTP/1.1 408"), "{texte}");
    assert!(texte.contains("\"code\":\"delai_depasse\""), "{texte}");
}

#[tokio::test]
async fn traitement_trop_long_503_en_francais() {
    let app = TestApp::sqlite_avec(|e| e.delai_requete = Duration::from_millis(1)).await;
    // Une connexion calcule un haché Argon2id (plusieurs millisecondes) : le délai expire.
    let r = app
        .anonyme()
        .post_json(
            "/api/v1/session",
            r#"{"identifiant": "admin", "mot_de_passe": "x"}"#,
        )
        .await;
    assert_eq!(r.statut, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json()["erreur"]["code"], "delai_depasse");
    app.fin().await;
}
