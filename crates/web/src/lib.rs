//! Serveur HTTP de Passerelle.
//!
//! - `GET /healthz` : état du service et de la base (sur une connexion à part du pool des
//!   requêtes, pour répondre même quand ce pool est saturé) ;
//! - `POST /api/v1/<commande>` : les commandes du moteur (contrat v1), sans session ;
//! - `GET /api/v1/openapi.json` : le document OpenAPI 3.1 ;
//! - `POST/GET/DELETE /api/v1/session`, `/connexion`, `/deconnexion` : comptes et sessions ;
//! - `GET /api/v1/journal`, `/journal` : le journal d'audit (administrateur) ;
//! - `GET/POST /simulateur` : le simulateur public de l'agent (rien n'est stocké) ;
//! - pages HTML en français : accueil (collectivités), collectivité, agent, cloisonnées par
//!   la portée de la personne connectée ; pages de la campagne (tableau de bord du centre de
//!   gestion, déclaration, promouvables, propositions et dossiers de l'employeur).
//!
//! Toutes les routes sont déclarées avec leur règle d'accès dans [`acces::table`] ; le
//! routeur est construit à partir de ces déclarations. Les erreurs passent par
//! [`erreurs::Erreur`]. Aucune règle de droit ici : le serveur lit la base, appelle le moteur
//! et met en forme.

pub mod acces;
mod campagnes;
mod classement;
mod declaration_fichier;
pub mod demo_cdg;
pub mod editions;
pub mod erreurs;
mod exports;
mod grilles_exemples;
pub mod horloge;
mod inscriptions;
mod instruction;
mod journal;
pub mod moteur;
pub mod multipart;
pub mod openapi;
mod openapi_campagne;
mod openapi_cdg;
mod openapi_documents;
mod openapi_inscriptions;
mod pages;
mod pages_campagne;
mod pages_cdg;
mod pages_grille;
mod pages_inscriptions;
mod propositions;
mod session;
mod simulateur;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use store::Store;

pub use acces::{Connecte, Corps, DeclarationRoute, Nature, Regle};
pub use erreurs::Erreur;
pub use horloge::Horloge;

/// Configuration et ressources partagées par les requêtes.
#[derive(Debug, Clone)]
pub struct Etat {
    pub store: Store,
    /// Année proposée par défaut dans les pages (fixée par l'appelant : le serveur ne lit
    /// pas l'horloge pour décider du droit).
    pub annee_par_defaut: i32,
    /// Feuille de style (fichier de la bibliothèque CSS installée par npm) ; absente, les
    /// pages restent lisibles sans mise en forme.
    pub feuille_de_style: Option<PathBuf>,
    /// Noms d'hôte admis dans l'en-tête `Host` (sans port) ; une requête pour un autre nom
    /// est refusée (protection contre le rattachement DNS). Vide : pas de contrôle.
    pub hotes: Vec<String>,
    /// Servi en HTTPS par un mandataire (terminaison TLS en amont) : cookies `Secure` et
    /// en-tête `Strict-Transport-Security`.
    pub tls_amont: bool,
    /// Adresses des mandataires de confiance, dont on lit `X-Forwarded-For`.
    pub mandataires: Vec<IpAddr>,
    /// Durée maximale de traitement d'une requête.
    pub delai_requete: Duration,
    /// Délai pour recevoir les en-têtes d'une requête (connexion fermée au-delà).
    pub delai_entetes: Duration,
    /// Délai pour recevoir le corps d'une requête (408 au-delà).
    pub delai_corps: Duration,
    /// Connexions simultanées au plus ; au-delà, les suivantes attendent.
    pub connexions_max: usize,
    /// L'heure et la date du jour (à Paris) : dépôt ouvert ou clos, instants de
    /// transmission. Fixée dans les tests et la démonstration.
    pub horloge: Horloge,
    /// Le centre de gestion qui signe les documents édités (arrêtés, lettres) ; `None` : son
    /// nom est lu dans la base (collectivité de type « centre de gestion ») et le reste est
    /// laissé à compléter (voir le module `editions`).
    pub centre_de_gestion: Option<editions::CentreDeGestion>,
}

impl Etat {
    /// Configuration par défaut : hôtes locaux seulement, sans TLS en amont.
    pub fn new(store: Store, annee_par_defaut: i32) -> Etat {
        Etat {
            store,
            annee_par_defaut,
            feuille_de_style: None,
            hotes: vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()],
            tls_amont: false,
            mandataires: Vec::new(),
            delai_requete: Duration::from_secs(30),
            delai_entetes: Duration::from_secs(10),
            delai_corps: Duration::from_secs(30),
            connexions_max: 1024,
            horloge: Horloge::systeme(),
            centre_de_gestion: None,
        }
    }
}

pub(crate) struct Partage {
    pub(crate) etat: Etat,
    openapi: String,
    /// Connexion de contrôle de `/healthz`, hors du pool des requêtes.
    sonde: Store,
}

pub(crate) type EtatPartage = Arc<Partage>;

/// Le routeur complet : routes déclarées ([`acces::table`]), page introuvable, en-têtes de
/// sécurité, contrôle de l'hôte, délai de traitement, erreurs uniformisées.
pub fn routeur(etat: Etat) -> Router {
    store::utilisateurs::preparer();
    let partage = Arc::new(Partage {
        openapi: serde_json::to_string_pretty(&openapi::document()).expect("OpenAPI sérialisable"),
        sonde: etat.store.sonde(),
        etat,
    });
    acces::routeur(&partage)
        .fallback(pages::introuvable)
        // La garde de chaque route lit le corps elle-même, avec la limite de la route.
        .layer(DefaultBodyLimit::disable())
        .layer(axum::middleware::from_fn(erreurs::uniformiser))
        .layer(axum::middleware::from_fn_with_state(
            partage.clone(),
            securite,
        ))
        .with_state(partage)
}

/// Politique de sécurité du contenu : aucun script en ligne, aucun cadre.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; \
     frame-ancestors 'none'; base-uri 'none'";

/// Hôte demandé, sans le port.
fn hote(requete: &Request) -> Option<String> {
    let brut = requete
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| requete.uri().host().map(str::to_owned))?;
    let sans_port = if brut.starts_with('[') {
        brut.split_inclusive(']').next().unwrap_or(&brut).to_owned()
    } else {
        brut.split(':').next().unwrap_or(&brut).to_owned()
    };
    Some(sans_port.to_ascii_lowercase())
}

/// Contrôle de l'hôte, délai de traitement, en-têtes de sécurité sur toute réponse.
async fn securite(State(p): State<EtatPartage>, requete: Request, suivant: Next) -> Response {
    let json = erreurs::veut_json(requete.uri().path());
    let forme = |e: Erreur| if json { e } else { e.page() };
    let mut reponse =
        if !p.etat.hotes.is_empty() && !hote(&requete).is_some_and(|h| p.etat.hotes.contains(&h)) {
            forme(Erreur::new(
                StatusCode::BAD_REQUEST,
                "hote_inconnu",
                "Le nom d'hôte demandé n'est pas celui de ce serveur Passerelle.",
            ))
            .into_response()
        } else {
            match tokio::time::timeout(p.etat.delai_requete, suivant.run(requete)).await {
                Ok(r) => r,
                Err(_) => forme(Erreur::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "delai_depasse",
                    "Le traitement de la requête a dépassé le délai imparti ; réessayez.",
                ))
                .into_response(),
            }
        };
    let h = reponse.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        // Pages et réponses portent des données personnelles : jamais en cache partagé.
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if p.etat.tls_amont {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    reponse
}

/// Démarre le serveur sur l'adresse donnée ; `pret` est appelé une fois l'écoute ouverte,
/// avec l'adresse effective. Au plus `connexions_max` connexions simultanées ; une
/// connexion dont les en-têtes n'arrivent pas en `delai_entetes` est fermée. Arrêt propre
/// sur Ctrl+C (les requêtes en cours s'achèvent, 10 secondes au plus).
pub async fn servir(
    etat: Etat,
    adresse: SocketAddr,
    pret: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let ecoute = tokio::net::TcpListener::bind(adresse).await?;
    pret(ecoute.local_addr()?);
    let connexions_max = etat.connexions_max.max(1);
    let delai_entetes = etat.delai_entetes;
    let app = routeur(etat);
    let places = Arc::new(tokio::sync::Semaphore::new(connexions_max));
    let (arret_tx, arret_rx) = tokio::sync::watch::channel(false);
    let arret = tokio::signal::ctrl_c();
    tokio::pin!(arret);
    loop {
        let permis = tokio::select! {
            _ = &mut arret => break,
            p = places.clone().acquire_owned() => p.expect("sémaphore ouvert"),
        };
        let (flux, pair) = tokio::select! {
            _ = &mut arret => break,
            r = ecoute.accept() => match r {
                Ok(c) => c,
                Err(e) => {
                    tracing::warn!("connexion refusée : {e}");
                    continue;
                }
            },
        };
        let service = app
            .clone()
            .map_request(move |mut r: Request<hyper::body::Incoming>| {
                r.extensions_mut().insert(ConnectInfo(pair));
                r
            });
        let mut arret_rx = arret_rx.clone();
        tokio::spawn(async move {
            let _permis = permis;
            let connexion = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(delai_entetes)
                .serve_connection(TokioIo::new(flux), TowerToHyperService::new(service));
            tokio::pin!(connexion);
            tokio::select! {
                r = connexion.as_mut() => {
                    if let Err(e) = r { tracing::debug!("connexion {pair} : {e}"); }
                }
                _ = arret_rx.changed() => {
                    connexion.as_mut().graceful_shutdown();
                    let _ = connexion.await;
                }
            }
        });
    }
    let _ = arret_tx.send(true);
    // Attend la fin des connexions en cours (toutes les places rendues), 10 s au plus.
    let _ = tokio::time::timeout(
        Duration::from_secs(10),
        places.acquire_many(connexions_max as u32),
    )
    .await;
    Ok(())
}

async fn sante(State(p): State<EtatPartage>) -> Response {
    match p.sonde.verifier().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(json!({"statut": "ok", "base": p.etat.store.moteur()})),
        )
            .into_response(),
        Err(e) => {
            tracing::error!("/healthz : base injoignable : {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(json!({
                    "statut": "indisponible",
                    "base": p.etat.store.moteur(),
                    "message": "La base de données ne répond pas ; le détail est consigné dans le journal du serveur.",
                })),
            )
                .into_response()
        }
    }
}

async fn document_openapi(State(p): State<EtatPartage>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        p.openapi.clone(),
    )
        .into_response()
}

async fn feuille_de_style(State(p): State<EtatPartage>) -> Response {
    let contenu = match &p.etat.feuille_de_style {
        Some(chemin) => tokio::fs::read(chemin).await.unwrap_or_default(),
        // Sans bibliothèque CSS installée : une feuille vide, les pages restent lisibles.
        None => Vec::new(),
    };
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        contenu,
    )
        .into_response()
}

async fn feuille_passerelle() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/passerelle.css"),
    )
        .into_response()
}
