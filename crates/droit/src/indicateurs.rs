//! Indicateurs d'une campagne de promotion interne : répartition des femmes et des hommes
//! parmi les promouvables, les propositions et les inscrits de chaque grade cible, et
//! propositions de chaque collectivité rapportées à ses promouvables.
//!
//! Les lignes directrices de gestion visent notamment l'égalité des femmes et des hommes
//! (guide CDG Martinique §II.C). Le sexe de l'agent est une donnée facultative : quand il
//! n'est pas renseigné, l'agent est compté à part (« non renseigné ») et les parts sont
//! calculées sur les seuls agents dont le sexe est connu.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Sexe de l'agent, tel qu'enregistré.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sexe {
    Femme,
    Homme,
}

/// Un agent compté pour un grade cible (promouvable, proposé ou inscrit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AgentCible {
    /// Identifiant de l'agent (matricule) : un agent n'est compté qu'une fois par cible.
    pub agent: String,
    pub cible: String,
    #[serde(default)]
    pub sexe: Option<Sexe>,
    /// Collectivité employeur.
    #[serde(default)]
    pub collectivite: String,
}

/// Répartition par sexe d'un ensemble d'agents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RepartitionSexe {
    pub total: u32,
    pub femmes: u32,
    pub hommes: u32,
    pub non_renseigne: u32,
    /// Part des femmes parmi les agents dont le sexe est renseigné (0 à 1) ; `null` si aucun.
    pub part_femmes: Option<f64>,
    /// Part des hommes parmi les agents dont le sexe est renseigné (0 à 1) ; `null` si aucun.
    pub part_hommes: Option<f64>,
}

impl RepartitionSexe {
    fn depuis<'a>(agents: impl Iterator<Item = &'a AgentCible>) -> Self {
        let mut vus = BTreeSet::new();
        let mut r = RepartitionSexe::default();
        for a in agents {
            if !vus.insert(a.agent.as_str()) {
                continue;
            }
            r.total += 1;
            match a.sexe {
                Some(Sexe::Femme) => r.femmes += 1,
                Some(Sexe::Homme) => r.hommes += 1,
                None => r.non_renseigne += 1,
            }
        }
        let connus = r.femmes + r.hommes;
        if connus > 0 {
            r.part_femmes = Some(f64::from(r.femmes) / f64::from(connus));
            r.part_hommes = Some(f64::from(r.hommes) / f64::from(connus));
        }
        r
    }
}

/// Indicateurs d'égalité d'un grade cible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EgaliteCible {
    pub cible: String,
    pub promouvables: RepartitionSexe,
    pub propositions: RepartitionSexe,
    pub inscrits: RepartitionSexe,
}

/// Répartition des femmes et des hommes par grade cible, parmi les promouvables, les
/// propositions et les inscrits (cibles dans l'ordre de leur code).
pub fn egalite_par_cible(
    promouvables: &[AgentCible],
    propositions: &[AgentCible],
    inscrits: &[AgentCible],
) -> Vec<EgaliteCible> {
    let cibles: BTreeSet<&str> = promouvables
        .iter()
        .chain(propositions)
        .chain(inscrits)
        .map(|a| a.cible.as_str())
        .collect();
    cibles
        .into_iter()
        .map(|c| EgaliteCible {
            cible: c.to_owned(),
            promouvables: RepartitionSexe::depuis(promouvables.iter().filter(|a| a.cible == c)),
            propositions: RepartitionSexe::depuis(propositions.iter().filter(|a| a.cible == c)),
            inscrits: RepartitionSexe::depuis(inscrits.iter().filter(|a| a.cible == c)),
        })
        .collect()
}

/// Propositions d'une collectivité rapportées à ses promouvables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PropositionsCollectivite {
    pub collectivite: String,
    /// Agents promouvables à au moins un grade cible (chacun compté une fois).
    pub promouvables: u32,
    /// Agents proposés (chacun compté une fois).
    pub proposes: u32,
    /// `proposes ÷ promouvables` (0 à 1, ou plus si des agents non promouvables selon les
    /// données enregistrées ont été proposés) ; `null` sans promouvable.
    pub taux: Option<f64>,
    /// Détail par grade cible.
    pub par_cible: BTreeMap<String, CompteCible>,
}

/// Promouvables et proposés d'une collectivité pour un grade cible.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CompteCible {
    pub promouvables: u32,
    pub proposes: u32,
}

/// Propositions de chaque collectivité rapportées à ses promouvables (collectivités dans
/// l'ordre de leur code).
pub fn propositions_par_collectivite(
    promouvables: &[AgentCible],
    propositions: &[AgentCible],
) -> Vec<PropositionsCollectivite> {
    let collectivites: BTreeSet<&str> = promouvables
        .iter()
        .chain(propositions)
        .map(|a| a.collectivite.as_str())
        .collect();
    collectivites
        .into_iter()
        .map(|col| {
            let distincts = |l: &[AgentCible]| {
                l.iter()
                    .filter(|a| a.collectivite == col)
                    .map(|a| a.agent.as_str())
                    .collect::<BTreeSet<_>>()
                    .len() as u32
            };
            let p = distincts(promouvables);
            let q = distincts(propositions);
            let mut par_cible: BTreeMap<String, CompteCible> = BTreeMap::new();
            for (l, proposes) in [(promouvables, false), (propositions, true)] {
                let mut vus = BTreeSet::new();
                for a in l.iter().filter(|a| a.collectivite == col) {
                    if !vus.insert((a.cible.as_str(), a.agent.as_str())) {
                        continue;
                    }
                    let e = par_cible.entry(a.cible.clone()).or_default();
                    if proposes {
                        e.proposes += 1;
                    } else {
                        e.promouvables += 1;
                    }
                }
            }
            PropositionsCollectivite {
                collectivite: col.to_owned(),
                promouvables: p,
                proposes: q,
                taux: (p > 0).then(|| f64::from(q) / f64::from(p)),
                par_cible,
            }
        })
        .collect()
}
