//! Connexion et déconnexion : `POST/GET/DELETE /api/v1/session` (contrat v2) et les pages
//! `/connexion`, `/deconnexion`.
//!
//! Cookie de session : `passerelle_session`, `HttpOnly`, `SameSite=Lax`, `Path=/`, sans date
//! d'expiration (le serveur fait expirer la session), et `Secure` quand le serveur est servi
//! en HTTPS par un mandataire (`--tls-amont`). Une réponse unique pour un identifiant inconnu
//! ou un mauvais mot de passe ; 429 après trop d'échecs (voir `store::utilisateurs`).

use std::net::{IpAddr, SocketAddr};

use askama::Template;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;
use store::{Connexion, SessionOuverte};

use crate::EtatPartage;
use crate::acces::{COOKIE_CSRF, COOKIE_SESSION, Connecte, champ, cookie};
use crate::erreurs::Erreur;
use crate::pages::{Entete, Html};

/// Adresse du client : celle de la connexion TCP, ou, si elle est celle d'un mandataire de
/// confiance (`--mandataire`), la dernière adresse de `X-Forwarded-For`.
pub(crate) fn adresse_client(
    p: &EtatPartage,
    extensions: &Extensions,
    entetes: &HeaderMap,
) -> String {
    let pair = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    match pair {
        Some(ip) if p.etat.mandataires.contains(&ip) => entetes
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok())
            .unwrap_or(ip)
            .to_string(),
        Some(ip) => ip.to_string(),
        None => "inconnue".to_owned(),
    }
}

fn cookie_session(p: &EtatPartage, jeton: &str) -> HeaderValue {
    let securise = if p.etat.tls_amont { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_SESSION}={jeton}; Path=/; HttpOnly; SameSite=Lax{securise}"
    ))
    .expect("cookie ASCII")
}

fn cookie_efface(p: &EtatPartage) -> HeaderValue {
    let securise = if p.etat.tls_amont { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{COOKIE_SESSION}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{securise}"
    ))
    .expect("cookie ASCII")
}

fn corps_session(s: &store::Acteur) -> serde_json::Value {
    json!({"identifiant": s.identifiant, "role": s.role.code(), "collectivites": s.collectivites})
}

/// Message unique des identifiants refusés (compte inconnu ou mauvais mot de passe).
const REFUS: &str = "Identifiant ou mot de passe incorrect.";

async fn tenter(
    p: &EtatPartage,
    entetes: &HeaderMap,
    extensions: &Extensions,
    identifiant: &str,
    mot_de_passe: &str,
) -> Result<SessionOuverte, Erreur> {
    let adresse = adresse_client(p, extensions, entetes);
    let ancien = cookie(entetes, COOKIE_SESSION);
    match p
        .etat
        .store
        .ouvrir_session(identifiant, mot_de_passe, &adresse, ancien)
        .await
        .map_err(Erreur::stockage)?
    {
        Connexion::Ouverte(s) => Ok(s),
        Connexion::Refusee => Err(Erreur::new(
            StatusCode::UNAUTHORIZED,
            "identifiants_invalides",
            REFUS,
        )),
        Connexion::Limitee { secondes } => Err(Erreur::trop_de_tentatives(secondes)),
    }
}

/// `POST /api/v1/session` `{"identifiant", "mot_de_passe"}`.
pub(crate) async fn ouvrir_api(
    State(p): State<EtatPartage>,
    entetes: HeaderMap,
    extensions: Extensions,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let v: serde_json::Value = serde_json::from_slice(&corps).map_err(|_| {
        Erreur::new(
            StatusCode::BAD_REQUEST,
            "json_invalide",
            "Le corps de la requête n'est pas un document JSON bien formé.",
        )
    })?;
    let texte =
        |nom: &str| -> Result<String, Erreur> {
            match v.get(nom) {
                Some(serde_json::Value::String(s)) => Ok(s.clone()),
                Some(_) => Err(Erreur::invalide(format!(
                    "« {nom} » doit être une chaîne de caractères."
                ))
                .chemin(format!("/{nom}"))),
                None => Err(Erreur::invalide(format!("« {nom} » est obligatoire."))
                    .chemin(format!("/{nom}"))),
            }
        };
    if !v.is_object() {
        return Err(Erreur::invalide(
            "Attendu : un objet {\"identifiant\": \"…\", \"mot_de_passe\": \"…\"}.",
        )
        .chemin(""));
    }
    let identifiant = texte("identifiant")?;
    let mot_de_passe = texte("mot_de_passe")?;
    let s = tenter(&p, &entetes, &extensions, &identifiant, &mot_de_passe).await?;
    let mut r = (StatusCode::OK, axum::Json(corps_session(&s.acteur))).into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, cookie_session(&p, &s.jeton));
    Ok(r)
}

/// `GET /api/v1/session` : qui est connecté.
pub(crate) async fn lire_api(c: Connecte) -> Response {
    axum::Json(corps_session(&c.acteur)).into_response()
}

/// `DELETE /api/v1/session` : déconnexion.
pub(crate) async fn fermer_api(
    State(p): State<EtatPartage>,
    c: Connecte,
) -> Result<Response, Erreur> {
    p.etat
        .store
        .fermer_session(&c.acteur, &c.jeton)
        .await
        .map_err(Erreur::stockage)?;
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, cookie_efface(&p));
    Ok(r)
}

#[derive(Template)]
#[template(path = "connexion.html")]
struct PageConnexion {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    csrf: String,
    retour: String,
    identifiant: String,
    erreur: Option<String>,
}

/// Adresse de retour admise après connexion : un chemin local seulement.
fn retour_sur(retour: Option<&str>) -> String {
    match retour {
        Some(r) if r.starts_with('/') && !r.starts_with("//") && !r.contains('\\') => r.to_owned(),
        _ => "/".to_owned(),
    }
}

fn jeton_csrf_connexion(entetes: &HeaderMap) -> (String, bool) {
    match cookie(entetes, COOKIE_CSRF) {
        Some(c) if c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()) => {
            (c.to_owned(), false)
        }
        _ => (store::utilisateurs::aleatoire_hex(32), true),
    }
}

fn page_connexion_rendue(
    p: &EtatPartage,
    statut: StatusCode,
    entetes: &HeaderMap,
    retour: String,
    identifiant: String,
    erreur: Option<String>,
) -> Response {
    let (csrf, nouveau) = jeton_csrf_connexion(entetes);
    let page = PageConnexion {
        titre: "Connexion".to_owned(),
        avec_css: true,
        entete: None,
        csrf: csrf.clone(),
        retour,
        identifiant,
        erreur,
    };
    let mut r = (statut, Html(page)).into_response();
    if nouveau {
        let securise = if p.etat.tls_amont { "; Secure" } else { "" };
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{COOKIE_CSRF}={csrf}; Path=/connexion; HttpOnly; SameSite=Strict{securise}"
        )) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

#[derive(Deserialize)]
pub(crate) struct ParametresConnexion {
    retour: Option<String>,
}

/// `GET /connexion` : le formulaire.
pub(crate) async fn page_connexion(
    State(p): State<EtatPartage>,
    Query(q): Query<ParametresConnexion>,
    entetes: HeaderMap,
) -> Response {
    page_connexion_rendue(
        &p,
        StatusCode::OK,
        &entetes,
        retour_sur(q.retour.as_deref()),
        String::new(),
        None,
    )
}

/// `POST /connexion` : formulaire envoyé (jeton CSRF vérifié par la garde).
pub(crate) async fn connexion_formulaire(
    State(p): State<EtatPartage>,
    entetes: HeaderMap,
    extensions: Extensions,
    corps: Bytes,
) -> Response {
    let identifiant = champ(&corps, "identifiant").unwrap_or_default();
    let mot_de_passe = champ(&corps, "mot_de_passe").unwrap_or_default();
    let retour = retour_sur(champ(&corps, "retour").as_deref());
    match tenter(&p, &entetes, &extensions, identifiant.trim(), &mot_de_passe).await {
        Ok(s) => {
            let mut r = Redirect::to(&retour).into_response();
            r.headers_mut()
                .append(header::SET_COOKIE, cookie_session(&p, &s.jeton));
            r
        }
        Err(e) => {
            page_connexion_rendue(&p, e.statut, &entetes, retour, identifiant, Some(e.message))
        }
    }
}

/// `POST /deconnexion` : ferme la session, retour à la page de connexion.
pub(crate) async fn deconnexion_formulaire(
    State(p): State<EtatPartage>,
    c: Connecte,
) -> Result<Response, Erreur> {
    p.etat
        .store
        .fermer_session(&c.acteur, &c.jeton)
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let mut r = Redirect::to("/connexion").into_response();
    r.headers_mut()
        .append(header::SET_COOKIE, cookie_efface(&p));
    Ok(r)
}
