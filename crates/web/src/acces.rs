//! Le registre des routes et leur règle d'accès : le routeur est **construit** à partir de
//! ces déclarations, si bien qu'une route sans règle ne peut pas exister.
//!
//! Déclarer une route (dans [`table`]) :
//!
//! ```ignore
//! declarer(Method::GET, "/api/v1/campagnes/{annee}", Regle::Roles(&[Role::Administrateur,
//!     Role::Gestionnaire]), Nature::Api, Corps::Aucun, campagnes::lire),
//! ```
//!
//! puis ajouter un exemple de paramètres pour ce motif dans la table du test de matrice
//! (`crates/web/tests/http/matrice.rs`), qui échoue sinon.
//!
//! Pour chaque requête, la garde ([`garde`]) :
//! 1. refuse un corps d'un autre type que celui déclaré (415), trop gros (413) ou trop lent
//!    à arriver (408) ; le corps est lu ici, une fois, puis rendu au gestionnaire ;
//! 2. retrouve la session (cookie) sauf pour les routes publiques ;
//! 3. applique la règle : sans session, une page redirige vers `/connexion?retour=…` et une
//!    route JSON répond 401 ; un rôle non admis reçoit 403 ;
//! 4. vérifie le jeton anti-falsification (CSRF) de tout formulaire ;
//! 5. remet au gestionnaire un [`Connecte`] (l'acteur, sa portée, son jeton CSRF).
//!
//! Le cloisonnement par collectivité (404 hors portée) se fait ensuite dans le stockage, avec
//! la portée de l'acteur ([`store::Portee`]).

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{FromRequestParts, Request, State};
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodFilter, MethodRouter, on};
use store::{Acteur, Portee, Role};

use crate::erreurs::{Erreur, ErreurEnPage};
use crate::{
    EtatPartage, campagnes, classement, editions, exports, inscriptions, instruction, journal,
    moteur, pages, pages_campagne, pages_cdg, pages_grille, pages_inscriptions, propositions,
    session, simulateur,
};

/// Qui peut appeler une route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regle {
    /// Tout le monde, sans session.
    Public,
    /// Toute session ouverte, quel que soit le rôle.
    Session,
    /// Une session d'un de ces rôles.
    Roles(&'static [Role]),
}

impl Regle {
    /// Ce rôle est-il admis ?
    pub fn admet(self, role: Role) -> bool {
        match self {
            Regle::Public | Regle::Session => true,
            Regle::Roles(roles) => roles.contains(&role),
        }
    }
}

/// Forme des réponses (et des erreurs) d'une route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nature {
    /// JSON : erreurs en enveloppe JSON, 401 sans session.
    Api,
    /// Page HTML : erreurs en page, redirection vers la connexion sans session.
    Page,
}

/// Corps attendu d'une requête.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corps {
    /// Aucun (le corps éventuel est ignoré).
    Aucun,
    /// `application/json`, au plus 2 Mio.
    Json,
    /// Formulaire `application/x-www-form-urlencoded`, au plus 64 Kio, avec jeton CSRF.
    Formulaire,
    /// `application/pdf`, au plus 10 Mio.
    Pdf,
    /// `text/csv` (fichier de tableur), au plus 10 Mio.
    Csv,
    /// Aucun corps, ou `application/json` d'au plus 2 Mio (une même route fait deux choses
    /// selon qu'un corps est donné : instruction automatique ou décision motivée).
    JsonFacultatif,
    /// Formulaire avec fichiers `multipart/form-data`, au plus 512 Kio, avec jeton CSRF.
    Multipart,
    /// Formulaire de dépôt d'une pièce (PDF de 10 Mio au plus) `multipart/form-data`, au
    /// plus 10 Mio et 64 Kio en tout, avec jeton CSRF.
    Depot,
}

impl Corps {
    /// Type de contenu exigé.
    pub fn type_contenu(self) -> Option<&'static str> {
        match self {
            Corps::Aucun => None,
            Corps::Json => Some("application/json"),
            Corps::Formulaire => Some("application/x-www-form-urlencoded"),
            Corps::Pdf => Some("application/pdf"),
            Corps::Csv => Some("text/csv"),
            Corps::JsonFacultatif => Some("application/json"),
            Corps::Multipart | Corps::Depot => Some("multipart/form-data"),
        }
    }

    /// Taille maximale du corps, en octets.
    pub fn limite(self) -> usize {
        match self {
            Corps::Aucun => 0,
            Corps::Json | Corps::JsonFacultatif => 2 << 20,
            Corps::Formulaire => 64 << 10,
            Corps::Pdf | Corps::Csv => 10 << 20,
            Corps::Multipart => 512 << 10,
            Corps::Depot => (10 << 20) + (64 << 10),
        }
    }
}

/// La déclaration d'une route : méthode, motif (syntaxe d'axum), règle, nature, corps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclarationRoute {
    pub methode: Method,
    pub motif: &'static str,
    pub regle: Regle,
    pub nature: Nature,
    pub corps: Corps,
}

/// Une route déclarée et son gestionnaire.
pub struct Route {
    pub declaration: DeclarationRoute,
    gestionnaire: MethodRouter<EtatPartage>,
}

/// Déclare une route : la seule façon d'ajouter une route au serveur.
pub(crate) fn declarer<H, T>(
    methode: Method,
    motif: &'static str,
    regle: Regle,
    nature: Nature,
    corps: Corps,
    gestionnaire: H,
) -> Route
where
    H: Handler<T, EtatPartage>,
    T: 'static,
{
    let filtre = MethodFilter::try_from(methode.clone()).expect("méthode HTTP prise en charge");
    Route {
        declaration: DeclarationRoute {
            methode,
            motif,
            regle,
            nature,
            corps,
        },
        gestionnaire: on(filtre, gestionnaire),
    }
}

/// Rôles du centre de gestion.
pub const CDG: &[Role] = &[Role::Administrateur, Role::Gestionnaire];
/// Rôles du centre de gestion et des collectivités (données personnelles cloisonnées).
pub const CDG_ET_COLLECTIVITES: &[Role] =
    &[Role::Administrateur, Role::Gestionnaire, Role::Collectivite];
/// L'administrateur seul.
pub const ADMINISTRATEUR: &[Role] = &[Role::Administrateur];
/// Le gestionnaire seul (déclarations de toutes les collectivités en un fichier).
pub const CDG_DECLARANT: &[Role] = &[Role::Gestionnaire];
/// Ceux qui agissent dans la campagne pour un employeur : le gestionnaire du centre de
/// gestion et les collectivités (les leurs).
pub const GESTIONNAIRE_ET_COLLECTIVITES: &[Role] = &[Role::Gestionnaire, Role::Collectivite];

/// Toutes les routes du serveur, avec leur règle.
pub fn table() -> Vec<Route> {
    use Corps as C;
    use Nature::{Api, Page};
    use Regle::{Public, Roles, Session};
    let mut routes = vec![
        // Exploitation et documents publics.
        declarer(Method::GET, "/healthz", Public, Api, C::Aucun, crate::sante),
        declarer(
            Method::GET,
            "/api/v1/openapi.json",
            Public,
            Api,
            C::Aucun,
            crate::document_openapi,
        ),
        declarer(
            Method::GET,
            "/static/style.css",
            Public,
            Page,
            C::Aucun,
            crate::feuille_de_style,
        ),
        declarer(
            Method::GET,
            "/static/passerelle.css",
            Public,
            Page,
            C::Aucun,
            crate::feuille_passerelle,
        ),
        // Moteur (contrat v1) : calcule sur ce qu'on lui envoie, ne stocke rien.
        declarer(
            Method::POST,
            "/api/v1/{commande}",
            Public,
            Api,
            C::Json,
            moteur::commande,
        ),
        // Simulateur de l'agent : public, sans compte ; rien n'est stocké ni journalisé.
        declarer(
            Method::GET,
            "/simulateur",
            Public,
            Page,
            C::Aucun,
            simulateur::page_vide,
        ),
        declarer(
            Method::POST,
            "/simulateur",
            Public,
            Page,
            C::Formulaire,
            simulateur::envoyer,
        ),
        declarer(
            Method::POST,
            "/simulateur/fichier",
            Public,
            Page,
            C::Multipart,
            simulateur::envoyer_fichier,
        ),
        declarer(
            Method::GET,
            "/static/simulateur.js",
            Public,
            Page,
            C::Aucun,
            simulateur::script,
        ),
        // Sessions.
        declarer(
            Method::POST,
            "/api/v1/session",
            Public,
            Api,
            C::Json,
            session::ouvrir_api,
        ),
        declarer(
            Method::GET,
            "/api/v1/session",
            Session,
            Api,
            C::Aucun,
            session::lire_api,
        ),
        declarer(
            Method::DELETE,
            "/api/v1/session",
            Session,
            Api,
            C::Aucun,
            session::fermer_api,
        ),
        declarer(
            Method::GET,
            "/connexion",
            Public,
            Page,
            C::Aucun,
            session::page_connexion,
        ),
        declarer(
            Method::POST,
            "/connexion",
            Public,
            Page,
            C::Formulaire,
            session::connexion_formulaire,
        ),
        declarer(
            Method::POST,
            "/deconnexion",
            Session,
            Page,
            C::Formulaire,
            session::deconnexion_formulaire,
        ),
        // Journal d'audit.
        declarer(
            Method::GET,
            "/api/v1/journal",
            Roles(ADMINISTRATEUR),
            Api,
            C::Aucun,
            journal::lire_api,
        ),
        declarer(
            Method::GET,
            "/journal",
            Roles(ADMINISTRATEUR),
            Page,
            C::Aucun,
            journal::page,
        ),
        // Pages des collectivités et des agents (cloisonnées par la portée).
        declarer(Method::GET, "/", Session, Page, C::Aucun, pages::accueil),
        declarer(
            Method::GET,
            "/collectivites/{code}",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Aucun,
            pages::collectivite,
        ),
        declarer(
            Method::GET,
            "/agents/{matricule}",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Aucun,
            pages::agent,
        ),
    ];
    routes.extend(routes_campagne());
    routes.extend(routes_inscriptions());
    routes.extend(routes_cdg());
    routes.extend(pages_de_campagne());
    routes
}

/// Les routes du registre des inscriptions sur les listes d'aptitude (voir
/// `inscriptions`). Une collectivité lit les inscriptions de ses agents et enregistre leur
/// nomination ; le reste est au centre de gestion.
fn routes_inscriptions() -> Vec<Route> {
    use Corps as C;
    use Nature::{Api, Page};
    use Regle::Roles;
    vec![
        // Déclarée avant les évènements : dans la matrice des accès, les inscriptions ne
        // sont pas encore nommées (relance possible).
        declarer(
            Method::GET,
            "/api/v1/inscriptions/{id}/lettre-relance.pdf",
            Roles(CDG),
            Api,
            C::Aucun,
            editions::lettre_relance,
        ),
        declarer(
            Method::GET,
            "/inscriptions",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Aucun,
            pages_inscriptions::page_registre,
        ),
        declarer(
            Method::GET,
            "/inscriptions/relances",
            Roles(CDG),
            Page,
            C::Aucun,
            pages_inscriptions::page_relances,
        ),
        declarer(
            Method::POST,
            "/inscriptions/import",
            Roles(CDG),
            Page,
            C::Multipart,
            pages_inscriptions::formulaire_import,
        ),
        declarer(
            Method::GET,
            "/inscriptions/{id}",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Aucun,
            pages_inscriptions::page_inscription,
        ),
        declarer(
            Method::POST,
            "/inscriptions/{id}/evenements",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Formulaire,
            pages_inscriptions::formulaire_evenement,
        ),
        declarer(
            Method::GET,
            "/api/v1/inscriptions",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            inscriptions::lister,
        ),
        declarer(
            Method::POST,
            "/api/v1/inscriptions",
            Roles(CDG),
            Api,
            C::Json,
            inscriptions::creer,
        ),
        declarer(
            Method::POST,
            "/api/v1/inscriptions/import",
            Roles(CDG),
            Api,
            C::Csv,
            inscriptions::importer,
        ),
        declarer(
            Method::GET,
            "/api/v1/inscriptions/relances",
            Roles(CDG),
            Api,
            C::Aucun,
            inscriptions::relances,
        ),
        declarer(
            Method::GET,
            "/api/v1/inscriptions/relances.csv",
            Roles(CDG),
            Api,
            C::Aucun,
            inscriptions::relances_csv,
        ),
        declarer(
            Method::GET,
            "/api/v1/inscriptions/{id}",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            inscriptions::lire,
        ),
        declarer(
            Method::POST,
            "/api/v1/inscriptions/{id}/evenements",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Json,
            inscriptions::evenement,
        ),
        // Déclarée après les évènements : dans la matrice, les inscriptions 1 et 2 sont
        // alors nommées.
        declarer(
            Method::GET,
            "/api/v1/inscriptions/{id}/arrete-nomination.pdf",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            editions::arrete_nomination,
        ),
    ]
}

/// Les routes de la campagne côté centre de gestion : instruction, grille, cotations,
/// classement, listes, indicateurs (API ; voir `instruction` et `classement`).
fn routes_cdg() -> Vec<Route> {
    use Corps as C;
    use Nature::{Api, Page};
    use Regle::Roles;
    const GESTIONNAIRE: &[Role] = &[Role::Gestionnaire];
    const CLASSEMENT: &[Role] = &[Role::Administrateur, Role::Gestionnaire, Role::Commission];
    let get = Method::GET;
    let post = Method::POST;
    vec![
        declarer(
            post.clone(),
            "/api/v1/propositions/{id}/instruction",
            Roles(GESTIONNAIRE),
            Api,
            C::JsonFacultatif,
            instruction::instruire,
        ),
        declarer(
            get.clone(),
            "/api/v1/propositions/{id}/instructions",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            instruction::historique,
        ),
        declarer(
            post.clone(),
            "/api/v1/campagnes/{annee}/instruction",
            Roles(GESTIONNAIRE),
            Api,
            C::Aucun,
            instruction::instruire_tout,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/instruction",
            Roles(CDG),
            Api,
            C::Aucun,
            instruction::file,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/grilles",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            instruction::versions_grille,
        ),
        declarer(
            post.clone(),
            "/api/v1/campagnes/{annee}/grille/apercu",
            Roles(CDG),
            Api,
            C::Json,
            instruction::apercu,
        ),
        declarer(
            post.clone(),
            "/api/v1/campagnes/{annee}/cotations",
            Roles(GESTIONNAIRE),
            Api,
            C::Aucun,
            instruction::coter_tout,
        ),
        declarer(
            get.clone(),
            "/api/v1/propositions/{id}/cotation",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            instruction::cotation,
        ),
        declarer(
            get.clone(),
            "/api/v1/propositions/{id}/fiche-cotation.pdf",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            editions::fiche_cotation,
        ),
        declarer(
            get.clone(),
            "/api/v1/propositions/{id}/lettre-irrecevabilite.pdf",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            editions::lettre_irrecevabilite,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/classement",
            Roles(CLASSEMENT),
            Api,
            C::Aucun,
            classement::classement,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/classement.xlsx",
            Roles(CLASSEMENT),
            Api,
            C::Aucun,
            editions::classement_xlsx,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/classement.csv",
            Roles(CLASSEMENT),
            Api,
            C::Aucun,
            editions::classement_csv,
        ),
        declarer(
            post.clone(),
            "/api/v1/campagnes/{annee}/listes",
            Roles(GESTIONNAIRE),
            Api,
            C::Json,
            classement::etablir_liste,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/listes",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            classement::listes,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/listes/{cible}",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            classement::liste,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/listes/{cible}/arrete.pdf",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            editions::arrete_liste,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/listes/{cible}/liste.pdf",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            editions::liste_publique,
        ),
        declarer(
            post.clone(),
            "/api/v1/campagnes/{annee}/listes/{cible}/publication",
            Roles(GESTIONNAIRE),
            Api,
            C::Aucun,
            classement::publier,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/indicateurs",
            Roles(CDG),
            Api,
            C::Aucun,
            classement::indicateurs,
        ),
        // Pages du service carrières et de la commission.
        declarer(
            get.clone(),
            "/instruction",
            Roles(CDG),
            Page,
            C::Aucun,
            pages_cdg::instruction_recente,
        ),
        declarer(
            get.clone(),
            "/classement",
            Roles(CLASSEMENT),
            Page,
            C::Aucun,
            pages_cdg::classement_recent,
        ),
        declarer(
            get.clone(),
            "/campagnes/{annee}/instruction",
            Roles(CDG),
            Page,
            C::Aucun,
            pages_cdg::file,
        ),
        declarer(
            post.clone(),
            "/campagnes/{annee}/instruction",
            Roles(GESTIONNAIRE),
            Page,
            C::Formulaire,
            pages_cdg::instruire_tout,
        ),
        declarer(
            get.clone(),
            "/campagnes/{annee}/grille",
            Roles(CDG),
            Page,
            C::Aucun,
            pages_grille::page_grille,
        ),
        declarer(
            post.clone(),
            "/campagnes/{annee}/grille",
            Roles(CDG),
            Page,
            C::Multipart,
            pages_grille::envoyer_grille,
        ),
        declarer(
            get.clone(),
            "/propositions/{id}/instruction",
            Roles(CDG),
            Page,
            C::Aucun,
            pages_cdg::dossier,
        ),
        declarer(
            post.clone(),
            "/propositions/{id}/instruction",
            Roles(GESTIONNAIRE),
            Page,
            C::Formulaire,
            pages_cdg::decider,
        ),
        declarer(
            get.clone(),
            "/campagnes/{annee}/classement",
            Roles(CLASSEMENT),
            Page,
            C::Aucun,
            pages_cdg::classement,
        ),
        declarer(
            post.clone(),
            "/campagnes/{annee}/listes",
            Roles(GESTIONNAIRE),
            Page,
            C::Formulaire,
            pages_cdg::etablir_liste,
        ),
        declarer(
            get,
            "/campagnes/{annee}/listes/{cible}",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Aucun,
            pages_cdg::liste,
        ),
        declarer(
            post,
            "/campagnes/{annee}/listes/{cible}/publication",
            Roles(GESTIONNAIRE),
            Page,
            C::Formulaire,
            pages_cdg::publier,
        ),
    ]
}

/// Les routes de la campagne, côté employeur (API ; voir `campagnes` et `propositions`).
fn routes_campagne() -> Vec<Route> {
    use Corps as C;
    use Nature::Api;
    use Regle::{Roles, Session};
    const EMPLOYEUR: &[Role] = GESTIONNAIRE_ET_COLLECTIVITES;
    let get = Method::GET;
    let put = Method::PUT;
    let post = Method::POST;
    let patch = Method::PATCH;
    let delete = Method::DELETE;
    vec![
        declarer(
            post.clone(),
            "/api/v1/campagnes",
            Roles(CDG),
            Api,
            C::Json,
            campagnes::creer,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes",
            Session,
            Api,
            C::Aucun,
            campagnes::lister,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}",
            Session,
            Api,
            C::Aucun,
            campagnes::lire,
        ),
        declarer(
            put.clone(),
            "/api/v1/campagnes/{annee}/historique",
            Roles(CDG),
            Api,
            C::Json,
            campagnes::definir_historique,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/historique",
            Roles(CDG),
            Api,
            C::Aucun,
            campagnes::lire_historique,
        ),
        declarer(
            put.clone(),
            "/api/v1/campagnes/{annee}/grille",
            Roles(CDG),
            Api,
            C::Json,
            campagnes::definir_grille,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/grille",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            campagnes::lire_grille,
        ),
        declarer(
            put.clone(),
            "/api/v1/campagnes/{annee}/declarations/{collectivite}",
            Roles(EMPLOYEUR),
            Api,
            C::Json,
            campagnes::declarer,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/declarations/{collectivite}",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            campagnes::lire_declaration,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/declarations",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            campagnes::lire_declarations,
        ),
        declarer(
            post.clone(),
            "/api/v1/campagnes/{annee}/declarations/import",
            Roles(GESTIONNAIRE_ET_COLLECTIVITES),
            Api,
            C::Csv,
            campagnes::importer_declarations,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/quotas",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            campagnes::quotas,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/promouvables",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            campagnes::promouvables,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/exports/promouvables.csv",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            exports::promouvables::<false>,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/exports/promouvables.xlsx",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            exports::promouvables::<true>,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/exports/propositions.csv",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            exports::propositions::<false>,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/exports/propositions.xlsx",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            exports::propositions::<true>,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/tableau-de-bord",
            Roles(CDG),
            Api,
            C::Aucun,
            campagnes::tableau_de_bord,
        ),
        declarer(
            post.clone(),
            "/api/v1/campagnes/{annee}/propositions",
            Roles(EMPLOYEUR),
            Api,
            C::Json,
            propositions::proposer,
        ),
        declarer(
            get.clone(),
            "/api/v1/campagnes/{annee}/propositions",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            propositions::lister,
        ),
        declarer(
            get.clone(),
            "/api/v1/propositions/{id}",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            propositions::lire,
        ),
        declarer(
            patch,
            "/api/v1/propositions/{id}",
            Roles(EMPLOYEUR),
            Api,
            C::Json,
            propositions::modifier,
        ),
        declarer(
            delete.clone(),
            "/api/v1/propositions/{id}",
            Roles(EMPLOYEUR),
            Api,
            C::Aucun,
            propositions::retirer,
        ),
        declarer(
            post,
            "/api/v1/propositions/{id}/transmission",
            Roles(EMPLOYEUR),
            Api,
            C::Aucun,
            propositions::transmettre,
        ),
        declarer(
            get.clone(),
            "/api/v1/propositions/{id}/pieces",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            propositions::controle,
        ),
        declarer(
            put,
            "/api/v1/propositions/{id}/pieces/{type}",
            Roles(EMPLOYEUR),
            Api,
            C::Pdf,
            propositions::deposer,
        ),
        declarer(
            get,
            "/api/v1/propositions/{id}/pieces/{type}",
            Roles(CDG_ET_COLLECTIVITES),
            Api,
            C::Aucun,
            propositions::lire_piece,
        ),
        declarer(
            delete,
            "/api/v1/propositions/{id}/pieces/{type}",
            Roles(EMPLOYEUR),
            Api,
            C::Aucun,
            propositions::supprimer_piece,
        ),
    ]
}

/// Les pages de la campagne (voir `pages_campagne`).
fn pages_de_campagne() -> Vec<Route> {
    use Corps as C;
    use Nature::Page;
    use Regle::Roles;
    const EMPLOYEUR: &[Role] = GESTIONNAIRE_ET_COLLECTIVITES;
    let get = Method::GET;
    let post = Method::POST;
    vec![
        declarer(
            get.clone(),
            "/campagnes",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Aucun,
            pages_campagne::campagnes,
        ),
        declarer(
            post.clone(),
            "/campagnes",
            Roles(CDG),
            Page,
            C::Formulaire,
            pages_campagne::creer_campagne,
        ),
        declarer(
            get.clone(),
            "/campagnes/{annee}",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Aucun,
            pages_campagne::tableau_de_bord,
        ),
        declarer(
            get.clone(),
            "/campagnes/{annee}/collectivites/{code}",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Aucun,
            pages_campagne::employeur,
        ),
        declarer(
            post.clone(),
            "/campagnes/{annee}/collectivites/{code}/declaration",
            Roles(EMPLOYEUR),
            Page,
            C::Formulaire,
            pages_campagne::declarer,
        ),
        declarer(
            post.clone(),
            "/campagnes/{annee}/collectivites/{code}/declaration/fichier",
            Roles(EMPLOYEUR),
            Page,
            C::Multipart,
            pages_campagne::declarer_fichier,
        ),
        declarer(
            post.clone(),
            "/campagnes/{annee}/declarations/fichier",
            Roles(CDG_DECLARANT),
            Page,
            C::Multipart,
            pages_campagne::declarer_fichier_centre,
        ),
        declarer(
            post.clone(),
            "/campagnes/{annee}/collectivites/{code}/propositions",
            Roles(EMPLOYEUR),
            Page,
            C::Formulaire,
            pages_campagne::proposer,
        ),
        declarer(
            get,
            "/propositions/{id}",
            Roles(CDG_ET_COLLECTIVITES),
            Page,
            C::Aucun,
            pages_campagne::proposition,
        ),
        declarer(
            post.clone(),
            "/propositions/{id}/dossier",
            Roles(EMPLOYEUR),
            Page,
            C::Formulaire,
            pages_campagne::enregistrer_dossier,
        ),
        declarer(
            post.clone(),
            "/propositions/{id}/pieces",
            Roles(EMPLOYEUR),
            Page,
            C::Depot,
            pages_campagne::deposer,
        ),
        declarer(
            post.clone(),
            "/propositions/{id}/transmission",
            Roles(EMPLOYEUR),
            Page,
            C::Formulaire,
            pages_campagne::transmettre,
        ),
        declarer(
            post,
            "/propositions/{id}/retrait",
            Roles(EMPLOYEUR),
            Page,
            C::Formulaire,
            pages_campagne::retirer,
        ),
    ]
}

/// Les déclarations seules (pour les tests et la documentation).
pub fn declarations() -> Vec<DeclarationRoute> {
    table().into_iter().map(|r| r.declaration).collect()
}

/// Le routeur des routes déclarées, chacune derrière sa garde.
pub(crate) fn routeur(partage: &EtatPartage) -> axum::Router<EtatPartage> {
    let mut routeur = axum::Router::new();
    for route in table() {
        let declaration = Arc::new(route.declaration);
        let motif = declaration.motif;
        let garde = axum::middleware::from_fn_with_state((partage.clone(), declaration), garde);
        routeur = routeur.route(motif, route.gestionnaire.layer(garde));
    }
    routeur
}

/// Ce que la garde remet aux gestionnaires des routes avec session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connecte {
    pub acteur: Acteur,
    /// Jeton anti-falsification à placer dans les formulaires (champ `csrf`).
    pub csrf: String,
    /// Jeton de session (pour la déconnexion).
    pub(crate) jeton: String,
}

impl Connecte {
    pub fn portee(&self) -> Portee {
        self.acteur.portee()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Connecte {
    type Rejection = Erreur;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        // Absent seulement si un gestionnaire de route publique le demande : erreur de
        // déclaration, traitée comme une absence de session.
        parts
            .extensions
            .get::<Connecte>()
            .cloned()
            .ok_or_else(Erreur::non_connecte)
    }
}

/// Nom du cookie de session.
pub const COOKIE_SESSION: &str = "passerelle_session";
/// Nom du cookie anti-falsification du formulaire de connexion (avant toute session).
pub const COOKIE_CSRF: &str = "passerelle_csrf";

/// Valeur d'un cookie de la requête.
pub fn cookie<'a>(entetes: &'a HeaderMap, nom: &str) -> Option<&'a str> {
    entetes
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|paire| paire.trim().split_once('='))
        .find(|(n, _)| *n == nom)
        .map(|(_, v)| v)
}

/// Égalité en temps constant (jetons).
pub fn egaux(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn erreur(nature: Nature, e: Erreur) -> Response {
    if nature == Nature::Page {
        e.page().into_response()
    } else {
        e.into_response()
    }
}

/// La garde d'une route : corps, session, règle, CSRF (voir la documentation du module).
pub(crate) async fn garde(
    State((p, declaration)): State<(EtatPartage, Arc<DeclarationRoute>)>,
    requete: Request,
    suivant: Next,
) -> Response {
    let nature = declaration.nature;
    let (mut parts, corps) = requete.into_parts();

    // 1. Corps : type, taille, délai.
    let sans_corps = declaration.corps == Corps::JsonFacultatif
        && !parts.headers.contains_key(header::CONTENT_TYPE)
        && parts
            .headers
            .get(header::CONTENT_LENGTH)
            .is_none_or(|v| v.as_bytes() == b"0");
    let octets = if sans_corps {
        Bytes::new()
    } else if let Some(attendu) = declaration.corps.type_contenu() {
        let type_recu = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let essentiel = type_recu.split(';').next().unwrap_or("").trim();
        if !essentiel.eq_ignore_ascii_case(attendu) {
            return erreur(nature, Erreur::type_refuse(attendu));
        }
        let limite = declaration.corps.limite();
        let annonce = parts
            .headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if annonce.is_some_and(|n| n > limite as u64) {
            return erreur(nature, Erreur::trop_gros(limite));
        }
        match tokio::time::timeout(p.etat.delai_corps, axum::body::to_bytes(corps, limite)).await {
            Err(_) => {
                return erreur(
                    nature,
                    Erreur::new(
                        StatusCode::REQUEST_TIMEOUT,
                        "delai_depasse",
                        "Le corps de la requête n'est pas arrivé dans le délai imparti.",
                    ),
                );
            }
            Ok(Err(_)) => return erreur(nature, Erreur::trop_gros(limite)),
            Ok(Ok(b)) => b,
        }
    } else {
        Bytes::new()
    };

    // 2 et 3. Session et règle.
    if declaration.regle != Regle::Public {
        let jeton = cookie(&parts.headers, COOKIE_SESSION).map(str::to_owned);
        let session = match &jeton {
            Some(j) if j.len() == 64 => match p.etat.store.session(j).await {
                Ok(s) => s,
                Err(e) => return erreur(nature, Erreur::stockage(e)),
            },
            _ => None,
        };
        let (Some(session), Some(jeton)) = (session, jeton) else {
            return match nature {
                Nature::Api => Erreur::non_connecte().into_response(),
                Nature::Page => {
                    let retour = parts
                        .uri
                        .path_and_query()
                        .map(|pq| pq.as_str())
                        .unwrap_or("/");
                    let cible = format!(
                        "/connexion?retour={}",
                        form_urlencoded::byte_serialize(retour.as_bytes()).collect::<String>()
                    );
                    Redirect::to(&cible).into_response()
                }
            };
        };
        let connecte = Connecte {
            acteur: session.acteur,
            csrf: session.csrf,
            jeton,
        };
        if !declaration.regle.admet(connecte.acteur.role) {
            return habiller(erreur(nature, Erreur::interdit()), &connecte);
        }
        // 4. CSRF des formulaires des sessions ouvertes.
        if matches!(
            declaration.corps,
            Corps::Formulaire | Corps::Multipart | Corps::Depot
        ) && !jeton_du_corps(declaration.corps, &parts.headers, &octets)
            .is_some_and(|c| egaux(&c, &connecte.csrf))
        {
            return habiller(erreur(nature, Erreur::csrf()), &connecte);
        }
        parts.extensions.insert(connecte.clone());
        let reponse = suivant
            .run(Request::from_parts(parts, Body::from(octets)))
            .await;
        return habiller(reponse, &connecte);
    } else if matches!(
        declaration.corps,
        Corps::Formulaire | Corps::Multipart | Corps::Depot
    ) {
        // Formulaire public (connexion, simulateur) : jeton doublé en cookie et en champ.
        let cookie_csrf = cookie(&parts.headers, COOKIE_CSRF).unwrap_or("");
        if cookie_csrf.len() != 64
            || !jeton_du_corps(declaration.corps, &parts.headers, &octets)
                .is_some_and(|c| egaux(&c, cookie_csrf))
        {
            return erreur(nature, Erreur::csrf());
        }
    }
    suivant
        .run(Request::from_parts(parts, Body::from(octets)))
        .await
}

/// Une page d'erreur rendue pour une personne connectée porte son bandeau (nom, rôle,
/// déconnexion) au lieu du lien « Se connecter ».
fn habiller(reponse: Response, connecte: &Connecte) -> Response {
    match reponse.extensions().get::<ErreurEnPage>() {
        Some(ErreurEnPage(e)) => e.page_de(Some(crate::pages::Entete::de(connecte))),
        None => reponse,
    }
}

/// Le champ `csrf` d'un formulaire, encodé ou en plusieurs parties.
fn jeton_du_corps(corps: Corps, entetes: &HeaderMap, octets: &[u8]) -> Option<String> {
    if matches!(corps, Corps::Multipart | Corps::Depot) {
        let type_contenu = entetes
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let parties = crate::multipart::lire(type_contenu, octets).ok()?;
        crate::multipart::champ(&parties, "csrf")
    } else {
        champ(octets, "csrf")
    }
}

/// Valeur d'un champ d'un formulaire encodé.
pub fn champ(corps: &[u8], nom: &str) -> Option<String> {
    form_urlencoded::parse(corps)
        .find(|(n, _)| n == nom)
        .map(|(_, v)| v.into_owned())
}

impl Erreur {
    /// 403 : jeton anti-falsification absent ou faux.
    pub fn csrf() -> Erreur {
        Erreur::new(
            StatusCode::FORBIDDEN,
            "jeton_csrf_invalide",
            "Le formulaire a expiré ou ne vient pas de Passerelle : rechargez la page et \
             recommencez.",
        )
    }
}
