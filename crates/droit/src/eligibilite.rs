//! Éligibilité aux voies de promotion interne (contrat v1, commande `eligibilite`).

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::carriere::Agent;
use crate::erreur::ErreurEntree;
use crate::resultat::Condition;

/// Entrée de la commande `eligibilite`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeEligibilite {
    /// Année de la liste d'aptitude (conditions appréciées au 1er janvier) ; pour la voie
    /// `inscription_examen`, année de la session d'examen.
    pub annee: i32,
    /// Grades cibles à évaluer ; par défaut toutes les cibles du catalogue.
    #[serde(default)]
    pub cibles: Option<Vec<String>>,
    pub agent: Agent,
}

/// Voie de promotion interne.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Voie {
    /// Promotion interne au choix.
    Choix,
    /// Inscription sur la liste d'aptitude après réussite à l'examen professionnel.
    Examen,
    /// Droit de se présenter à l'examen professionnel de la session `annee`.
    InscriptionExamen,
}

/// Une variante d'une voie (un alinéa du statut particulier) et ses conditions.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Variante {
    pub code: String,
    pub libelle: String,
    pub eligible: bool,
    pub conditions: Vec<Condition>,
}

/// Résultat pour une voie vers une cible.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ResultatVoie {
    pub cible: String,
    pub voie: Voie,
    pub eligible: bool,
    pub premiere_annee_eligible: Option<i32>,
    pub variantes: Vec<Variante>,
}

/// Sortie de la commande `eligibilite`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReponseEligibilite {
    pub annee: i32,
    pub date_appreciation: Date,
    pub voies: Vec<ResultatVoie>,
}

/// Commande `eligibilite` : valide l'entrée puis évalue.
pub fn executer(_e: DemandeEligibilite) -> Result<ReponseEligibilite, ErreurEntree> {
    Err(ErreurEntree::new(
        "non_implemente",
        "Cette commande n'est pas encore disponible.",
        "",
    ))
}

/// Évaluation sans validation, pour les traitements de masse sur des carrières déjà validées.
pub fn evaluer_agent(agent: &Agent, annee: i32, cibles: Option<&[String]>) -> ReponseEligibilite {
    let _ = (agent, cibles);
    ReponseEligibilite {
        annee,
        date_appreciation: crate::date::premier_janvier(annee),
        voies: Vec::new(),
    }
}

/// La réponse en prose française, pour une personne.
pub fn en_texte(r: &ReponseEligibilite) -> String {
    format!("Année {} : {} voie(s) évaluée(s).", r.annee, r.voies.len())
}
