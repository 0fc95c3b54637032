//! Qui agit et ce qu'il peut voir : rôles, acteur, portée.
//!
//! Le cloisonnement par collectivité se fait **dans les requêtes SQL** : toute méthode du
//! [`Store`](crate::Store) qui lit des collectivités, des agents (et tout ce qui s'y
//! rattache) reçoit une [`Portee`] et filtre avec [`Portee::condition`]. Ce qui est hors de
//! la portée n'existe pas pour l'appelant : la méthode rend `None` (ou une liste vide), et
//! le serveur répond 404, comme pour une ressource inconnue (aucune fuite d'existence).
//!
//! Modèle pour une nouvelle requête :
//!
//! ```ignore
//! let (condition, codes) = portee.condition("c.code", 2); // $1 est déjà pris
//! let sql = format!("SELECT … FROM agents a JOIN collectivites c ON c.id = a.collectivite_id \
//!                    WHERE a.matricule = $1 AND {condition}");
//! let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(matricule);
//! for code in codes { q = q.bind(code); }
//! ```

use serde::{Deserialize, Serialize};

/// Rôle d'un compte (contrat v2, « Who acts »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Administrateur du centre de gestion : comptes, campagnes, grilles, journal.
    Administrateur,
    /// Service carrières du centre de gestion : conduit la campagne.
    Gestionnaire,
    /// Service des ressources humaines d'une ou plusieurs collectivités.
    Collectivite,
    /// Membre de la commission qui assiste le président : classement anonymisé seulement.
    Commission,
}

impl Role {
    /// Tous les rôles, dans l'ordre du contrat.
    pub const TOUS: [Role; 4] = [
        Role::Administrateur,
        Role::Gestionnaire,
        Role::Collectivite,
        Role::Commission,
    ];

    /// Code du contrat (`administrateur`, `gestionnaire`, `collectivite`, `commission`).
    pub fn code(self) -> &'static str {
        match self {
            Role::Administrateur => "administrateur",
            Role::Gestionnaire => "gestionnaire",
            Role::Collectivite => "collectivite",
            Role::Commission => "commission",
        }
    }

    /// Rôle depuis son code du contrat.
    pub fn depuis_code(code: &str) -> Option<Role> {
        Role::TOUS.into_iter().find(|r| r.code() == code)
    }

    /// Libellé français, pour les pages.
    pub fn libelle(self) -> &'static str {
        match self {
            Role::Administrateur => "administrateur du centre de gestion",
            Role::Gestionnaire => "gestionnaire du centre de gestion",
            Role::Collectivite => "collectivité",
            Role::Commission => "membre de la commission",
        }
    }
}

/// Ce que l'appelant peut voir des données personnelles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Portee {
    /// Le centre de gestion (administrateur, gestionnaire) : tout.
    Cdg,
    /// Un compte de collectivité : ces collectivités (codes) et leurs agents seulement.
    Collectivites(Vec<String>),
    /// Aucune donnée personnelle (commission, ou personne).
    Aucune,
}

impl Portee {
    /// Condition SQL qui restreint `colonne` (une colonne contenant un code de
    /// collectivité) à la portée, avec des paramètres numérotés à partir de `$premier` ;
    /// rend aussi les valeurs à lier, dans l'ordre, après les paramètres précédents.
    ///
    /// Le texte produit ne contient aucune donnée (seulement `colonne`, écrite par le
    /// programme, et des `$n`) : il peut passer par `sqlx::AssertSqlSafe`.
    pub fn condition(&self, colonne: &str, premier: usize) -> (String, &[String]) {
        match self {
            Portee::Cdg => ("1 = 1".to_owned(), &[]),
            Portee::Aucune => ("1 = 0".to_owned(), &[]),
            Portee::Collectivites(codes) if codes.is_empty() => ("1 = 0".to_owned(), &[]),
            Portee::Collectivites(codes) => {
                let parametres: Vec<String> = (0..codes.len())
                    .map(|i| format!("${}", premier + i))
                    .collect();
                (
                    format!("{colonne} IN ({})", parametres.join(", ")),
                    codes.as_slice(),
                )
            }
        }
    }

    /// La portée contient-elle cette collectivité ?
    pub fn contient(&self, code: &str) -> bool {
        match self {
            Portee::Cdg => true,
            Portee::Collectivites(codes) => codes.iter().any(|c| c == code),
            Portee::Aucune => false,
        }
    }
}

/// Celui qui agit : un compte connecté, ou le système (ligne de commande, démonstration).
/// Son identifiant est l'auteur inscrit au journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Acteur {
    pub identifiant: String,
    pub role: Role,
    /// Codes des collectivités (rôle `collectivite` seulement).
    pub collectivites: Vec<String>,
}

impl Acteur {
    /// Le système agissant pour l'exploitant (ligne de commande) : portée du centre de
    /// gestion ; l'auteur inscrit au journal est `systeme:<origine>`.
    pub fn systeme(origine: &str) -> Acteur {
        Acteur {
            identifiant: format!("systeme:{origine}"),
            role: Role::Administrateur,
            collectivites: Vec::new(),
        }
    }

    /// Ce que cet acteur peut voir.
    pub fn portee(&self) -> Portee {
        match self.role {
            Role::Administrateur | Role::Gestionnaire => Portee::Cdg,
            Role::Collectivite => Portee::Collectivites(self.collectivites.clone()),
            Role::Commission => Portee::Aucune,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn condition_numerotee_a_partir_du_premier_parametre_libre() {
        let p = Portee::Collectivites(vec!["C1".into(), "C2".into()]);
        let (sql, codes) = p.condition("c.code", 3);
        assert_eq!(sql, "c.code IN ($3, $4)");
        assert_eq!(codes, ["C1".to_owned(), "C2".to_owned()]);
        assert_eq!(Portee::Cdg.condition("c.code", 1).0, "1 = 1");
        assert_eq!(Portee::Aucune.condition("c.code", 1).0, "1 = 0");
        // Un compte de collectivité sans collectivité ne voit rien (et non tout).
        assert_eq!(
            Portee::Collectivites(vec![]).condition("c.code", 1).0,
            "1 = 0"
        );
    }

    #[test]
    fn portee_selon_le_role() {
        let mut a = Acteur {
            identifiant: "x".into(),
            role: Role::Commission,
            collectivites: vec!["C1".into()],
        };
        assert_eq!(a.portee(), Portee::Aucune);
        a.role = Role::Collectivite;
        assert_eq!(a.portee(), Portee::Collectivites(vec!["C1".into()]));
        a.role = Role::Gestionnaire;
        assert_eq!(a.portee(), Portee::Cdg);
        assert_eq!(Role::depuis_code("commission"), Some(Role::Commission));
        assert_eq!(Role::depuis_code("admin"), None);
    }
}
