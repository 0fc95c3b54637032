//! Serveur HTTP de Passerelle.
//!
//! - `GET /healthz` : état du service et de la base ;
//! - `POST /api/v1/<commande>` : les commandes du moteur (même JSON que la ligne de commande),
//!   200, ou 422 sur entrée invalide avec `{"erreur": {code, message, chemin}}` ;
//! - `GET /api/v1/openapi.json` : le document OpenAPI 3.1, construit des schémas du moteur ;
//! - pages HTML en français : accueil (collectivités), collectivité (agents et grades
//!   promouvables pour une année), agent (carrière et explication condition par condition).
//!
//! Aucune règle de droit ici : le serveur lit la base, appelle le moteur et met en forme.

pub mod openapi;
mod pages;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;
use store::Store;

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
}

struct Partage {
    etat: Etat,
    openapi: String,
}

type EtatPartage = Arc<Partage>;

/// Le routeur complet.
pub fn routeur(etat: Etat) -> Router {
    let partage = Arc::new(Partage {
        openapi: serde_json::to_string_pretty(&openapi::document()).expect("OpenAPI sérialisable"),
        etat,
    });
    Router::new()
        .route("/healthz", get(sante))
        .route("/api/v1/openapi.json", get(document_openapi))
        .route("/api/v1/{commande}", post(commande))
        .route("/static/style.css", get(feuille_de_style))
        .route("/", get(pages::accueil))
        .route("/collectivites/{code}", get(pages::collectivite))
        .route("/agents/{matricule}", get(pages::agent))
        .fallback(pages::introuvable)
        .with_state(partage)
}

/// Démarre le serveur sur l'adresse donnée ; `pret` est appelé une fois l'écoute ouverte,
/// avec l'adresse effective.
pub async fn servir(
    etat: Etat,
    adresse: SocketAddr,
    pret: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let ecoute = tokio::net::TcpListener::bind(adresse).await?;
    pret(ecoute.local_addr()?);
    axum::serve(ecoute, routeur(etat))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}

async fn sante(State(p): State<EtatPartage>) -> Response {
    match p.etat.store.verifier().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(json!({"statut": "ok", "base": p.etat.store.moteur()})),
        )
            .into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({"statut": "indisponible", "base": p.etat.store.moteur(), "message": e.to_string()})),
        )
            .into_response(),
    }
}

async fn document_openapi(State(p): State<EtatPartage>) -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        p.openapi.clone(),
    )
        .into_response()
}

fn reponse_erreur(statut: StatusCode, e: droit::ErreurEntree) -> Response {
    (
        statut,
        axum::Json(droit::erreur::ReponseErreur { erreur: e }),
    )
        .into_response()
}

async fn commande(Path(commande): Path<String>, corps: Bytes) -> Response {
    let Ok(texte) = std::str::from_utf8(&corps) else {
        return reponse_erreur(
            StatusCode::UNPROCESSABLE_ENTITY,
            droit::ErreurEntree::new(
                "json_invalide",
                "Le corps de la requête n'est pas du texte UTF-8.",
                "",
            ),
        );
    };
    let texte = texte.to_owned();
    let resultat =
        tokio::task::spawn_blocking(move || droit::commandes::executer(&commande, &texte)).await;
    match resultat {
        Ok(Ok(v)) => (StatusCode::OK, axum::Json(v)).into_response(),
        Ok(Err(e)) => {
            let statut = match e.code.as_str() {
                "commande_inconnue" => StatusCode::NOT_FOUND,
                "non_implemente" => StatusCode::NOT_IMPLEMENTED,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            reponse_erreur(statut, e)
        }
        Err(_) => reponse_erreur(
            StatusCode::INTERNAL_SERVER_ERROR,
            droit::ErreurEntree::new(
                "erreur_interne",
                "Le calcul a échoué de façon inattendue ; l'incident est consigné.",
                "",
            ),
        ),
    }
}

async fn feuille_de_style(State(p): State<EtatPartage>) -> Response {
    let Some(chemin) = &p.etat.feuille_de_style else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match tokio::fs::read(chemin).await {
        Ok(octets) => (
            [
                (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            octets,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}
