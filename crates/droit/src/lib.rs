//! Règles de droit de la promotion interne dans la fonction publique.
//!
//! Ce crate est pur : aucune entrée-sortie, aucune horloge, aucune base de données.
//! Toute fonction reçoit explicitement sa date de référence. Chaque règle porte sa
//! référence juridique à côté du code qui l'applique, et chaque décision rendue
//! s'explique (conditions, requis, constaté, texte appliqué).

pub mod carriere;
pub mod catalogue;
pub mod commandes;
pub mod date;
pub mod eligibilite;
pub mod entree;
pub mod erreur;
pub mod examen;
pub mod formation;
pub mod intercommunal;
pub mod liste_aptitude;
pub mod nomination;
pub mod quota;
pub mod resultat;
pub mod services;

pub use erreur::ErreurEntree;
