//! Documents officiels de la promotion interne, composés en PDF avec typst, et exports
//! tableur (XLSX, CSV).
//!
//! Chaque document est une fonction pure `fn x(&Donnees) -> Result<Vec<u8>, Erreur>` : les
//! données sont des structures simples (serde) que l'appelant remplit depuis sa base ; rien
//! n'est lu sur le disque ni sur le réseau, la date du jour n'est jamais prise à l'horloge
//! (elle fait partie des données), et les polices sont embarquées. Une donnée manquante est
//! imprimée « inconnu(e) », jamais devinée.
//!
//! Documents : [`arrete_liste`], [`liste_publique`], [`lettre_irrecevabilite`],
//! [`fiche_cotation`], [`lettre_relance`], [`arrete_nomination`] ; exports : [`tableur`].

mod commun;
mod moteur;
pub mod references;
pub mod relecture;
pub mod tableur;
pub mod tri;
mod typ;

pub mod arrete_liste;
pub mod arrete_nomination;
pub mod fiche_cotation;
pub mod lettre_irrecevabilite;
pub mod lettre_relance;
pub mod liste_publique;

pub use arrete_liste::{ArreteListe, arrete_liste};
pub use arrete_nomination::{ArreteNomination, Modalite, arrete_nomination};
pub use commun::{Emetteur, Inscrit, de};
pub use fiche_cotation::{FicheCotation, LigneFiche, fiche_cotation};
pub use lettre_irrecevabilite::{LettreIrrecevabilite, lettre_irrecevabilite};
pub use lettre_relance::{LettreRelance, lettre_relance};
pub use liste_publique::{ListePublique, liste_publique};

/// Erreur de production d'un document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum Erreur {
    /// Données incohérentes ou incomplètes pour produire le document (le message dit
    /// laquelle et la règle en cause).
    #[error("données invalides : {0}")]
    Donnees(String),
    /// Échec de la composition typst ou de l'export (défaut du modèle, pas des données).
    #[error("composition du document impossible : {0}")]
    Composition(String),
    /// Échec de l'écriture d'un tableur.
    #[error("écriture du tableur impossible : {0}")]
    Tableur(String),
}
