//! Les erreurs du serveur, en un seul endroit.
//!
//! - Routes JSON (`/api/…`) : corps `{"erreur": {"code", "message", "chemin"}}` (contrat v2,
//!   « Conventions »), message en français, `chemin` (pointeur JSON) quand un champ est en
//!   cause ; statuts 400 mal formé, 401 non connecté, 403 rôle jamais autorisé, 404 inconnu
//!   **ou hors des collectivités de l'appelant**, 409 conflit d'état, 413 trop gros, 415 type
//!   de contenu refusé, 422 valeur invalide, 429 trop de tentatives, 503 base indisponible.
//! - Pages : la même erreur rendue en page HTML française (gabarit `erreur.html`).
//!
//! Un gestionnaire rend `Result<…, Erreur>` ; [`Erreur::page`] choisit la forme HTML. Les
//! réponses d'erreur produites hors des gestionnaires (rejets d'extracteurs d'axum, 405…)
//! sont réécrites sous l'une de ces deux formes par [`uniformiser`].

use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Une erreur à rendre au client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Erreur {
    pub statut: StatusCode,
    pub code: String,
    pub message: String,
    pub chemin: Option<String>,
    /// Rendre en page HTML plutôt qu'en JSON.
    pub html: bool,
    /// Secondes à attendre (429, en-tête `Retry-After`).
    pub reessayer_dans: Option<i64>,
}

#[derive(Serialize)]
struct CorpsErreur<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    chemin: Option<&'a str>,
}

#[derive(Serialize)]
struct Enveloppe<'a> {
    erreur: CorpsErreur<'a>,
}

impl Erreur {
    pub fn new(statut: StatusCode, code: &str, message: impl Into<String>) -> Erreur {
        Erreur {
            statut,
            code: code.to_owned(),
            message: message.into(),
            chemin: None,
            html: false,
            reessayer_dans: None,
        }
    }

    /// Désigne le champ en cause (pointeur JSON).
    pub fn chemin(mut self, chemin: impl Into<String>) -> Erreur {
        self.chemin = Some(chemin.into());
        self
    }

    /// Rendre cette erreur en page HTML.
    pub fn page(mut self) -> Erreur {
        self.html = true;
        self
    }

    /// 400 : requête mal formée.
    pub fn mal_formee(message: impl Into<String>) -> Erreur {
        Erreur::new(StatusCode::BAD_REQUEST, "requete_invalide", message)
    }

    /// 401 : pas de session.
    pub fn non_connecte() -> Erreur {
        Erreur::new(
            StatusCode::UNAUTHORIZED,
            "non_connecte",
            "Connectez-vous pour accéder à cette ressource (POST /api/v1/session).",
        )
    }

    /// 403 : le rôle n'y a jamais accès.
    pub fn interdit() -> Erreur {
        Erreur::new(
            StatusCode::FORBIDDEN,
            "acces_refuse",
            "Votre rôle ne donne pas accès à cette ressource.",
        )
    }

    /// 404 : inconnu, ou hors des collectivités de l'appelant (même réponse).
    pub fn introuvable(message: impl Into<String>) -> Erreur {
        Erreur::new(StatusCode::NOT_FOUND, "introuvable", message)
    }

    /// 409 : conflit avec l'état enregistré.
    pub fn conflit(code: &str, message: impl Into<String>) -> Erreur {
        Erreur::new(StatusCode::CONFLICT, code, message)
    }

    /// 422 : valeur invalide.
    pub fn invalide(message: impl Into<String>) -> Erreur {
        Erreur::new(StatusCode::UNPROCESSABLE_ENTITY, "valeur_invalide", message)
    }

    /// 413 : corps trop gros.
    pub fn trop_gros(limite: usize) -> Erreur {
        Erreur::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "corps_trop_gros",
            format!(
                "Le corps de la requête dépasse la taille admise ({}).",
                taille_lisible(limite)
            ),
        )
    }

    /// 415 : type de contenu refusé.
    pub fn type_refuse(attendu: &str) -> Erreur {
        Erreur::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "type_de_contenu_refuse",
            format!(
                "Le corps de la requête doit être de type « {attendu} » (en-tête Content-Type)."
            ),
        )
    }

    /// 429 : trop de tentatives.
    pub fn trop_de_tentatives(secondes: i64) -> Erreur {
        let minutes = (secondes + 59) / 60;
        Erreur {
            reessayer_dans: Some(secondes),
            ..Erreur::new(
                StatusCode::TOO_MANY_REQUESTS,
                "trop_de_tentatives",
                format!(
                    "Trop de tentatives de connexion échouées : réessayez dans {minutes} minute{}.",
                    if minutes > 1 { "s" } else { "" }
                ),
            )
        }
    }

    /// 500 : incident inattendu (consigné par l'appelant).
    pub fn interne() -> Erreur {
        Erreur::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "erreur_interne",
            "Une erreur inattendue est survenue ; l'incident est consigné.",
        )
    }

    /// Erreur du stockage : consignée avec son détail, rendue sans le texte brut du pilote.
    pub fn stockage(e: store::ErreurStockage) -> Erreur {
        match &e {
            store::ErreurStockage::Invalide(m) => Erreur::invalide(majuscule(m)),
            store::ErreurStockage::Conflit(m) => Erreur::conflit("conflit", majuscule(m)),
            store::ErreurStockage::Refus { code, message } => {
                Erreur::conflit(code, majuscule(message))
            }
            _ => {
                tracing::error!("base de données : {e}");
                Erreur::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "base_indisponible",
                    format!("{}.", majuscule(&e.message_public())),
                )
            }
        }
    }

    /// Titre de la page d'erreur.
    fn titre(&self) -> &'static str {
        match self.statut {
            StatusCode::BAD_REQUEST => "Requête invalide",
            StatusCode::UNAUTHORIZED => "Connexion nécessaire",
            StatusCode::FORBIDDEN => "Accès refusé",
            StatusCode::NOT_FOUND => "Page introuvable",
            StatusCode::CONFLICT => "Conflit",
            StatusCode::PAYLOAD_TOO_LARGE => "Envoi trop volumineux",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "Type de contenu refusé",
            StatusCode::UNPROCESSABLE_ENTITY => "Valeur invalide",
            StatusCode::TOO_MANY_REQUESTS => "Trop de tentatives",
            StatusCode::SERVICE_UNAVAILABLE => "Service momentanément indisponible",
            _ => "Erreur",
        }
    }
}

fn majuscule(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(p) => p.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn taille_lisible(octets: usize) -> String {
    if octets >= 1 << 20 {
        format!("{} Mio", octets >> 20)
    } else {
        format!("{} Kio", (octets >> 10).max(1))
    }
}

#[derive(Template)]
#[template(path = "erreur.html")]
struct PageErreur<'a> {
    titre: &'a str,
    avec_css: bool,
    entete: Option<crate::pages::Entete>,
    message: &'a str,
    /// Refus d'accès au rôle (403, et non jeton de formulaire expiré) : à une personne
    /// connectée, proposer de changer de compte.
    refus: bool,
}

/// Une erreur rendue en page, gardée dans la réponse : la garde des routes la rend de
/// nouveau avec le bandeau de la personne connectée (voir [`Erreur::page_de`]).
#[derive(Debug, Clone)]
pub(crate) struct ErreurEnPage(pub Erreur);

impl Erreur {
    /// La page d'erreur, avec le bandeau de la personne connectée s'il y en a une (elle
    /// n'est alors invitée ni à « se connecter », ni à rien qui suppose le contraire).
    pub(crate) fn page_de(&self, entete: Option<crate::pages::Entete>) -> Response {
        let page = PageErreur {
            titre: self.titre(),
            // La feuille de style est servie même sans bibliothèque CSS installée.
            avec_css: true,
            entete,
            message: &self.message,
            refus: self.code == "acces_refuse",
        };
        let reponse = match page.render() {
            Ok(html) => (
                self.statut,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                html,
            )
                .into_response(),
            Err(_) => (self.statut, self.message.clone()).into_response(),
        };
        self.avec_delai(reponse)
    }

    /// Ajoute l'en-tête `Retry-After` d'un 429.
    fn avec_delai(&self, mut reponse: Response) -> Response {
        if let Some(s) = self.reessayer_dans
            && let Ok(v) = HeaderValue::from_str(&s.to_string())
        {
            reponse.headers_mut().insert(header::RETRY_AFTER, v);
        }
        reponse
    }
}

impl IntoResponse for Erreur {
    fn into_response(self) -> Response {
        if self.html {
            let mut reponse = self.page_de(None);
            reponse.extensions_mut().insert(ErreurEnPage(self));
            return reponse;
        }
        let corps = Enveloppe {
            erreur: CorpsErreur {
                code: &self.code,
                message: &self.message,
                chemin: self.chemin.as_deref(),
            },
        };
        self.avec_delai((self.statut, axum::Json(corps)).into_response())
    }
}

/// La requête attend-elle du JSON (API) plutôt qu'une page ?
pub fn veut_json(chemin: &str) -> bool {
    chemin.starts_with("/api/") || chemin == "/healthz"
}

/// Réécrit en erreur française (JSON ou page selon la route) toute réponse d'erreur dont le
/// corps n'est ni du JSON ni du HTML : rejets des extracteurs d'axum (texte anglais), 405,
/// délais dépassés.
pub async fn uniformiser(requete: Request, suivant: Next) -> Response {
    let json = veut_json(requete.uri().path());
    let reponse = suivant.run(requete).await;
    let statut = reponse.status();
    if !(statut.is_client_error() || statut.is_server_error()) {
        return reponse;
    }
    let type_contenu = reponse
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if type_contenu.starts_with("application/json") || type_contenu.starts_with("text/html") {
        return reponse;
    }
    let (code, message) = match statut {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "corps_trop_gros",
            "Le corps de la requête dépasse la taille admise.",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "type_de_contenu_refuse",
            "Le type de contenu du corps de la requête n'est pas admis pour cette adresse.",
        ),
        StatusCode::METHOD_NOT_ALLOWED => (
            "methode_non_admise",
            "Cette méthode HTTP n'est pas admise pour cette adresse.",
        ),
        StatusCode::BAD_REQUEST => ("requete_invalide", "La requête est mal formée."),
        StatusCode::UNPROCESSABLE_ENTITY => (
            "valeur_invalide",
            "Le corps de la requête contient une valeur invalide.",
        ),
        StatusCode::REQUEST_TIMEOUT => (
            "delai_depasse",
            "La requête n'a pas été reçue entièrement dans le délai imparti.",
        ),
        StatusCode::NOT_FOUND => (
            "introuvable",
            "Cette adresse ne correspond à aucune ressource de Passerelle.",
        ),
        s if s.is_server_error() => (
            "erreur_interne",
            "Une erreur inattendue est survenue ; l'incident est consigné.",
        ),
        _ => ("requete_refusee", "La requête a été refusée."),
    };
    let mut e = Erreur::new(statut, code, message);
    e.html = !json;
    let mut nouvelle = e.into_response();
    for (nom, valeur) in reponse.headers() {
        if nom == header::ALLOW || nom == header::RETRY_AFTER {
            nouvelle.headers_mut().insert(nom.clone(), valeur.clone());
        }
    }
    drop(reponse.into_body());
    nouvelle
}

impl From<campagne::ErreurCampagne> for Erreur {
    /// Les erreurs des règles de la campagne portent déjà leur statut, leur code du
    /// contrat et leur message.
    fn from(e: campagne::ErreurCampagne) -> Erreur {
        let statut = StatusCode::from_u16(e.statut).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
        let mut x = Erreur::new(statut, &e.code, e.message);
        x.chemin = e.chemin;
        x
    }
}

impl From<droit::ErreurEntree> for Erreur {
    /// Une entrée refusée par le moteur : 422 avec le code et le pointeur du moteur.
    fn from(e: droit::ErreurEntree) -> Erreur {
        let mut x = Erreur::new(StatusCode::UNPROCESSABLE_ENTITY, &e.code, e.message);
        x.chemin = Some(e.chemin);
        x
    }
}

/// Lit un corps JSON dans le type attendu : 400 s'il n'est pas du JSON bien formé, 422
/// (avec le pointeur de la valeur fautive) s'il ne suit pas le contrat.
pub fn lire_json<T: serde::de::DeserializeOwned + schemars::JsonSchema + 'static>(
    corps: &[u8],
) -> Result<T, Erreur> {
    let texte = std::str::from_utf8(corps).map_err(|_| {
        Erreur::new(
            StatusCode::BAD_REQUEST,
            "json_invalide",
            "Le corps de la requête n'est pas du texte UTF-8.",
        )
    })?;
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(texte) {
        return Err(Erreur::new(
            StatusCode::BAD_REQUEST,
            "json_invalide",
            format!(
                "Le corps de la requête n'est pas un document JSON bien formé (ligne {}, colonne {}).",
                e.line(),
                e.column()
            ),
        ));
    }
    droit::commandes::lire::<T>(texte).map_err(Erreur::from)
}
