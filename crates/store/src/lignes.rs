//! Lignes lues en base et leur conversion vers les types du moteur.

use std::collections::BTreeMap;

use droit::carriere::{Agent, Emploi, Fonction, FormationSuivie, Periode};
use jiff::civil::Date;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{AgentEnregistre, Collectivite, Complements, ErreurStockage, FicheAgent};

/// Code du contrat d'une valeur énumérée (`territoriale`, `titulaire`…).
pub(crate) fn code_de<T: Serialize>(valeur: &T) -> String {
    match serde_json::to_value(valeur) {
        Ok(serde_json::Value::String(s)) => s,
        autre => panic!("valeur énumérée attendue, obtenu {autre:?}"),
    }
}

/// Valeur énumérée depuis son code du contrat (lue sans passer par une valeur JSON : c'est
/// fait pour chaque période de chaque carrière lue).
pub(crate) fn depuis_code<T: DeserializeOwned>(code: &str) -> Option<T> {
    T::deserialize(serde::de::value::StrDeserializer::<serde::de::value::Error>::new(code)).ok()
}

fn code_lu<T: DeserializeOwned>(code: &str, colonne: &str) -> Result<T, ErreurStockage> {
    depuis_code(code).ok_or_else(|| {
        ErreurStockage::Donnee(format!("code « {code} » inconnu (colonne {colonne})"))
    })
}

fn date_lue(texte: &str, colonne: &str) -> Result<Date, ErreurStockage> {
    texte.parse().map_err(|_| {
        ErreurStockage::Donnee(format!("date « {texte} » illisible (colonne {colonne})"))
    })
}

fn population_lue(n: Option<i64>, colonne: &str) -> Result<Option<u32>, ErreurStockage> {
    n.map(|v| {
        u32::try_from(v)
            .map_err(|_| ErreurStockage::Donnee(format!("population {v} hors bornes ({colonne})")))
    })
    .transpose()
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct LigneCollectivite {
    #[allow(dead_code)]
    pub id: i64,
    pub code: String,
    pub nom: String,
    pub type_collectivite: String,
    pub population: Option<i64>,
    pub affiliee: bool,
}

impl LigneCollectivite {
    pub fn en_collectivite(self) -> Result<Collectivite, ErreurStockage> {
        Ok(Collectivite {
            population: population_lue(self.population, "population")?,
            code: self.code,
            nom: self.nom,
            type_collectivite: self.type_collectivite,
            affiliee: self.affiliee,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct LigneCollectiviteResume {
    #[sqlx(flatten)]
    pub collectivite: LigneCollectivite,
    pub agents: i64,
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct LigneAgent {
    pub id: i64,
    pub matricule: String,
    pub code_collectivite: String,
    pub nom: String,
    pub prenom: String,
    pub date_naissance: Option<String>,
    pub formations_renseignees: bool,
    pub complements: Option<String>,
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct LignePeriode {
    #[allow(dead_code)]
    pub id: i64,
    pub agent_id: i64,
    #[allow(dead_code)]
    pub rang: i64,
    pub debut: String,
    pub fin: Option<String>,
    pub versant: String,
    pub statut: String,
    pub grade: Option<String>,
    pub position: String,
    pub motif_disponibilite: Option<String>,
    pub quotite: Option<f64>,
    pub heures_hebdomadaires: Option<f64>,
    pub emploi: Option<String>,
    pub emploi_population: Option<i64>,
    pub emploi_surclassement: Option<i64>,
    pub fonctions: Option<String>,
    pub conge_parental_octroye_le: Option<String>,
}

impl LignePeriode {
    pub fn en_periode(self) -> Result<Periode, ErreurStockage> {
        let emploi = match self.emploi {
            None => None,
            Some(code) => Some(Emploi {
                code: code_lu(&code, "emploi")?,
                population: population_lue(self.emploi_population, "emploi_population")?,
                surclassement: population_lue(self.emploi_surclassement, "emploi_surclassement")?,
            }),
        };
        let fonctions: Vec<Fonction> = match self.fonctions {
            None => Vec::new(),
            Some(json) => serde_json::from_str(&json)
                .map_err(|e| ErreurStockage::Donnee(format!("fonctions illisibles : {e}")))?,
        };
        Ok(Periode {
            debut: date_lue(&self.debut, "debut")?,
            fin: self
                .fin
                .as_deref()
                .map(|f| date_lue(f, "fin"))
                .transpose()?,
            versant: code_lu(&self.versant, "versant")?,
            statut: code_lu(&self.statut, "statut")?,
            grade: self.grade,
            position: code_lu(&self.position, "position")?,
            motif_disponibilite: self
                .motif_disponibilite
                .as_deref()
                .map(|m| code_lu(m, "motif_disponibilite"))
                .transpose()?,
            quotite: self.quotite,
            heures_hebdomadaires: self.heures_hebdomadaires,
            emploi,
            fonctions,
            conge_parental_octroye_le: self
                .conge_parental_octroye_le
                .as_deref()
                .map(|d| date_lue(d, "conge_parental_octroye_le"))
                .transpose()?,
        })
    }
}

#[derive(Debug, sqlx::FromRow)]
pub(crate) struct LigneFormation {
    #[allow(dead_code)]
    pub id: i64,
    pub agent_id: i64,
    #[allow(dead_code)]
    pub rang: i64,
    pub type_formation: String,
    pub date_formation: String,
    pub jours: f64,
}

impl LigneFormation {
    pub fn en_formation(self) -> Result<FormationSuivie, ErreurStockage> {
        Ok(FormationSuivie {
            type_formation: code_lu(&self.type_formation, "type_formation")?,
            date: date_lue(&self.date_formation, "date_formation")?,
            jours: self.jours,
        })
    }
}

/// Assemble les agents avec leurs périodes et formations (lignes triées par agent et rang).
pub(crate) fn assembler(
    agents: Vec<LigneAgent>,
    periodes: Vec<LignePeriode>,
    formations: Vec<LigneFormation>,
) -> Result<Vec<AgentEnregistre>, ErreurStockage> {
    let mut par_agent_p: BTreeMap<i64, Vec<Periode>> = BTreeMap::new();
    for p in periodes {
        let id = p.agent_id;
        par_agent_p.entry(id).or_default().push(p.en_periode()?);
    }
    let mut par_agent_f: BTreeMap<i64, Vec<FormationSuivie>> = BTreeMap::new();
    for f in formations {
        let id = f.agent_id;
        par_agent_f.entry(id).or_default().push(f.en_formation()?);
    }
    agents
        .into_iter()
        .map(|a| {
            let complements: Complements = match &a.complements {
                None => Complements::default(),
                Some(json) => serde_json::from_str(json)
                    .map_err(|e| ErreurStockage::Donnee(format!("compléments illisibles : {e}")))?,
            };
            let agent = Agent {
                date_naissance: a
                    .date_naissance
                    .as_deref()
                    .map(|d| date_lue(d, "date_naissance"))
                    .transpose()?,
                periodes: par_agent_p.remove(&a.id).unwrap_or_default(),
                formations: if a.formations_renseignees {
                    Some(par_agent_f.remove(&a.id).unwrap_or_default())
                } else {
                    None
                },
                dispenses: complements.dispenses,
                postes_responsabilite: complements.postes_responsabilite,
                examens: complements.examens,
            };
            Ok(AgentEnregistre {
                fiche: FicheAgent {
                    matricule: a.matricule,
                    code_collectivite: a.code_collectivite,
                    nom: a.nom,
                    prenom: a.prenom,
                },
                agent,
            })
        })
        .collect()
}
