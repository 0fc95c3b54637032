//! Règles de droit de la promotion interne dans la fonction publique.
//!
//! Ce crate est pur : aucune entrée-sortie, aucune horloge, aucune base de données.
//! Toute fonction reçoit explicitement sa date de référence. Chaque règle porte sa
//! référence juridique à côté du code qui l'applique, et chaque décision rendue
//! s'explique (conditions, requis, constaté, texte appliqué).

pub mod carriere;
pub mod catalogue;
pub mod classement;
pub mod commandes;
pub mod date;
pub mod eligibilite;
pub mod entree;
pub mod erreur;
pub mod examen;
pub mod formation;
pub mod indicateurs;
pub mod intercommunal;
pub mod ldg;
pub mod liste_aptitude;
pub mod nomination;
pub mod piece;
pub mod quota;
pub mod recevabilite;
pub mod resultat;
pub mod services;
pub mod vocabulaire;

pub use eligibilite::lot;
pub use erreur::ErreurEntree;

#[cfg(test)]
mod couches {
    //! Les couches du crate : le vocabulaire en bas, le catalogue (données et chargement)
    //! au-dessus, les évaluateurs au-dessus du catalogue. La partie qu'un juriste relit
    //! (vocabulaire et catalogue) ne dépend d'aucun évaluateur.

    /// Modules du crate cités par un fichier source (`crate::module`).
    fn dependances(source: &str) -> Vec<&str> {
        let mut v: Vec<&str> = source
            .match_indices("crate::")
            .map(|(i, _)| {
                let reste = &source[i + 7..];
                let fin = reste
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(reste.len());
                &reste[..fin]
            })
            .filter(|m| m.chars().next().is_some_and(|c| c.is_ascii_lowercase()))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn le_vocabulaire_ne_depend_de_rien() {
        assert_eq!(
            dependances(include_str!("vocabulaire.rs")),
            Vec::<&str>::new()
        );
        for (nom, source) in [
            ("date", include_str!("date.rs")),
            ("erreur", include_str!("erreur.rs")),
            ("resultat", include_str!("resultat.rs")),
        ] {
            assert_eq!(dependances(source), Vec::<&str>::new(), "{nom}");
        }
    }

    #[test]
    fn le_catalogue_ne_depend_que_du_vocabulaire() {
        let admis = ["vocabulaire", "date", "erreur", "resultat"];
        for d in dependances(include_str!("catalogue.rs")) {
            assert!(
                admis.contains(&d),
                "catalogue.rs dépend de crate::{d} (seuls {admis:?} sont admis)"
            );
        }
    }
}
