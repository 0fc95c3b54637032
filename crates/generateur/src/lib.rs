//! Population synthétique déterministe : collectivités et agents avec leurs carrières.

use droit::carriere::Agent;

/// Nature d'un employeur territorial (codes du format d'import).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeCollectivite {
    Commune,
    Epci,
    Departement,
    Region,
    Ccas,
    Sdis,
    Oph,
    Cdg,
    AutreEtablissement,
}

impl TypeCollectivite {
    pub fn code(self) -> &'static str {
        match self {
            TypeCollectivite::Commune => "commune",
            TypeCollectivite::Epci => "epci",
            TypeCollectivite::Departement => "departement",
            TypeCollectivite::Region => "region",
            TypeCollectivite::Ccas => "ccas",
            TypeCollectivite::Sdis => "sdis",
            TypeCollectivite::Oph => "oph",
            TypeCollectivite::Cdg => "cdg",
            TypeCollectivite::AutreEtablissement => "autre_etablissement",
        }
    }
}

#[derive(Debug, Clone)]
pub struct CollectiviteGeneree {
    pub code: String,
    pub nom: String,
    pub type_collectivite: TypeCollectivite,
    /// Habitants (logements pour un OPH).
    pub population: u32,
    pub affiliee: bool,
}

#[derive(Debug, Clone)]
pub struct AgentGenere {
    pub matricule: String,
    pub code_collectivite: String,
    pub nom: String,
    pub prenom: String,
    pub agent: Agent,
}

#[derive(Debug, Clone, Default)]
pub struct Population {
    pub collectivites: Vec<CollectiviteGeneree>,
    pub agents: Vec<AgentGenere>,
}

/// Paramètres de génération.
#[derive(Debug, Clone)]
pub struct Parametres {
    pub agents: usize,
    pub graine: u64,
    /// Nombre de collectivités ; par défaut, déduit du nombre d'agents.
    pub collectivites: Option<usize>,
}

/// Génère une population (déterministe pour une graine donnée).
pub fn generer(p: &Parametres) -> Population {
    let _ = p;
    Population::default()
}
