//! Le déroulement d'une campagne de promotion interne conduite par un centre de gestion,
//! en règles pures : pas de base de données, pas de HTTP, pas d'horloge (« aujourd'hui »
//! est donné par l'appelant, date civile à Paris).
//!
//! - [`calendrier`] : la campagne, ses dates et son état (`preparation`, `depot_ouvert`,
//!   `depot_clos`) ;
//! - [`proposition`] : statuts d'une proposition et changements permis ;
//! - [`droits`] : qui peut faire quoi (rôle × action × état), erreurs 403 et 409 ;
//! - [`declaration`] : recensement des recrutements et de l'effectif, validation ;
//! - [`quotas`] : somme des déclarations des collectivités affiliées, commande `quota` du
//!   moteur par grade cible et voie, années sans promotion possible ;
//! - [`instruction`] : recevabilité automatique et décision motivée ;
//! - [`dossier`] : pièces et faits attendus par la grille ;
//! - [`classement`] : classements nominatif et anonyme, établissement de la liste ;
//! - [`anonymat`] : codes anonymes des dossiers.
//!
//! Les erreurs ([`ErreurCampagne`]) portent le code et le statut HTTP du contrat v2 et un
//! message en français, pour que la couche web les rende telles quelles.

pub mod anonymat;
pub mod calendrier;
pub mod classement;
pub mod declaration;
pub mod dossier;
pub mod droits;
pub mod erreur;
pub mod instruction;
pub mod proposition;
pub mod quotas;

pub use erreur::{ErreurCampagne, codes};
