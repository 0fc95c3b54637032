//! La carrière d'un agent telle que la décrit le contrat v1 : des périodes datées, avec
//! versant, statut, grade, position, quotité, temps non complet, emploi et fonctions.
//!
//! La validation rejette tout ce qui rendrait un calcul faux : chevauchements, dates
//! impossibles, codes inconnus, nombres hors bornes, avec un pointeur JSON vers la valeur.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::erreur::ErreurEntree;
pub use crate::vocabulaire::{
    EmploiCode, FonctionCode, MotifDisponibilite, Position, Statut, TypeFormation, Versant,
};

/// Emploi occupé : code, population de l'employeur, strate de surclassement éventuelle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Emploi {
    pub code: EmploiCode,
    #[serde(default)]
    pub population: Option<u32>,
    /// Strate démographique de surclassement : elle compte alors à la place de `population`.
    #[serde(default)]
    pub surclassement: Option<u32>,
}

impl Emploi {
    /// Population retenue : la strate de surclassement si elle existe, sinon la population.
    pub fn population_retenue(&self) -> Option<u32> {
        self.surclassement.or(self.population)
    }
}

/// Fonction exercée, avec la population de la collectivité concernée.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fonction {
    pub code: FonctionCode,
    #[serde(default)]
    pub population: Option<u32>,
}

/// Une période de carrière. `debut` et `fin` sont inclus ; `fin` absente : en cours, et
/// supposée se poursuivre à l'identique.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Periode {
    pub debut: Date,
    #[serde(default)]
    pub fin: Option<Date>,
    pub versant: Versant,
    pub statut: Statut,
    /// Code du grade (voir le catalogue) ; absent pour un agent hors des grades connus
    /// (fonctionnaire de l'État détaché, contractuel sans grade…).
    #[serde(default)]
    pub grade: Option<String>,
    pub position: Position,
    #[serde(default)]
    pub motif_disponibilite: Option<MotifDisponibilite>,
    /// Quotité de temps partiel en pourcentage (50 à 100, 100 par défaut).
    #[serde(default)]
    pub quotite: Option<f64>,
    /// Durée hebdomadaire d'un emploi à temps non complet, en heures.
    #[serde(default)]
    pub heures_hebdomadaires: Option<f64>,
    #[serde(default)]
    pub emploi: Option<Emploi>,
    #[serde(default)]
    pub fonctions: Vec<Fonction>,
    /// Congé parental : date d'octroi, c'est-à-dire premier jour du congé auquel la période
    /// appartient (un congé est accordé puis renouvelé par périodes de six mois). Absente :
    /// une période de congé parental qui suit sans interruption une autre période de congé
    /// parental en est le renouvellement (même congé) ; sinon le congé commence avec la
    /// période. Pour un nouvel enfant dont le congé suit immédiatement le précédent, donner
    /// la date de début du nouveau congé : une nouvelle première année commence.
    #[serde(default)]
    pub conge_parental_octroye_le: Option<Date>,
}

impl Periode {
    pub fn quotite(&self) -> f64 {
        self.quotite.unwrap_or(100.0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FormationSuivie {
    #[serde(rename = "type")]
    pub type_formation: TypeFormation,
    pub date: Date,
    pub jours: f64,
}

/// Dispense (totale ou partielle) accordée par le CNFPT pour une période de formation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dispense {
    #[serde(rename = "type")]
    pub type_formation: TypeFormation,
    /// Début de la période de formation visée par la dispense.
    #[serde(default)]
    pub periode_debut: Option<Date>,
    /// Jours dispensés ; absent : dispense totale.
    #[serde(default)]
    pub jours: Option<f64>,
}

/// Affectation sur un poste à responsabilité (décret 2008-512 art. 1er, 3°).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PosteResponsabilite {
    pub debut: Date,
    #[serde(default)]
    pub fin: Option<Date>,
}

/// Examen professionnel réussi.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExamenReussi {
    /// Grade cible de l'examen.
    pub examen: String,
    pub annee: i32,
    #[serde(default = "vrai")]
    pub admis: bool,
}

fn vrai() -> bool {
    true
}

/// Un agent : sa carrière et, s'ils sont connus, ses formations et examens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct Agent {
    #[serde(default)]
    pub date_naissance: Option<Date>,
    pub periodes: Vec<Periode>,
    /// Absent : les obligations de formation ne sont pas évaluées. Présent (même vide) :
    /// elles le sont.
    #[serde(default)]
    pub formations: Option<Vec<FormationSuivie>>,
    #[serde(default)]
    pub dispenses: Vec<Dispense>,
    #[serde(default)]
    pub postes_responsabilite: Vec<PosteResponsabilite>,
    #[serde(default)]
    pub examens: Vec<ExamenReussi>,
}

/// Bornes des années admises par le contrat.
pub const ANNEE_MIN: i32 = 1950;
pub const ANNEE_MAX: i32 = 2100;

/// Vérifie qu'une année est dans les bornes du contrat (1950..2100).
pub fn valider_annee(annee: i32, chemin: &str) -> Result<(), ErreurEntree> {
    if !(ANNEE_MIN..=ANNEE_MAX).contains(&annee) {
        return Err(ErreurEntree::hors_bornes(
            format!("L'année {annee} est hors des bornes admises ({ANNEE_MIN} à {ANNEE_MAX})."),
            chemin,
        ));
    }
    Ok(())
}

/// Vérifie qu'une date est dans les bornes du contrat.
pub fn valider_date(d: Date, chemin: &str) -> Result<(), ErreurEntree> {
    let y = i32::from(d.year());
    if !(ANNEE_MIN..=ANNEE_MAX).contains(&y) {
        return Err(ErreurEntree::hors_bornes(
            format!(
                "La date {} est hors des bornes admises ({ANNEE_MIN} à {ANNEE_MAX}).",
                crate::date::format_fr(d)
            ),
            chemin,
        ));
    }
    Ok(())
}

impl Agent {
    /// Valide la carrière ; `base` est le pointeur JSON de l'agent dans le document (`/agent`).
    pub fn valider(&self, base: &str) -> Result<(), ErreurEntree> {
        let cat = Catalogue::get();
        if let Some(n) = self.date_naissance {
            valider_date(n, &format!("{base}/date_naissance"))?;
        }
        for (i, p) in self.periodes.iter().enumerate() {
            let ch = |champ: &str| format!("{base}/periodes/{i}/{champ}");
            valider_date(p.debut, &ch("debut"))?;
            if let Some(fin) = p.fin {
                valider_date(fin, &ch("fin"))?;
                if fin < p.debut {
                    return Err(ErreurEntree::new(
                        "dates_incoherentes",
                        format!(
                            "La période {} se termine le {}, avant son début le {}.",
                            i + 1,
                            crate::date::format_fr(fin),
                            crate::date::format_fr(p.debut)
                        ),
                        ch("fin"),
                    ));
                }
            }
            if let Some(g) = &p.grade
                && cat.grade(g).is_none()
            {
                return Err(ErreurEntree::code_inconnu(
                    format!("Le grade « {g} » est inconnu du catalogue."),
                    ch("grade"),
                ));
            }
            if let Some(q) = p.quotite
                && (!(50.0..=100.0).contains(&q) || !q.is_finite())
            {
                return Err(ErreurEntree::hors_bornes(
                    format!(
                        "La quotité de temps partiel doit être comprise entre 50 et 100 % (reçu : {q})."
                    ),
                    ch("quotite"),
                ));
            }
            if let Some(h) = p.heures_hebdomadaires {
                // Un emploi à temps non complet a une durée hebdomadaire strictement positive
                // et au plus égale à la durée d'un temps complet (35 h, décret 2001-623).
                if !(h > 0.0 && h <= 35.0 && h.is_finite()) {
                    return Err(ErreurEntree::hors_bornes(
                        format!(
                            "La durée hebdomadaire d'un emploi à temps non complet doit être comprise entre 0 et 35 heures (reçu : {h})."
                        ),
                        ch("heures_hebdomadaires"),
                    ));
                }
            }
            if p.motif_disponibilite.is_some() && p.position != Position::Disponibilite {
                return Err(ErreurEntree::new(
                    "champ_incoherent",
                    "Un motif de disponibilité n'est admis que pour une période en disponibilité.",
                    ch("motif_disponibilite"),
                ));
            }
            if let Some(e) = &p.emploi {
                for (v, nom) in [
                    (e.population, "population"),
                    (e.surclassement, "surclassement"),
                ] {
                    if v == Some(0) {
                        return Err(ErreurEntree::hors_bornes(
                            "Une population doit être strictement positive.",
                            format!("{}/{nom}", ch("emploi")),
                        ));
                    }
                }
            }
            for (j, f) in p.fonctions.iter().enumerate() {
                if f.population == Some(0) {
                    return Err(ErreurEntree::hors_bornes(
                        "Une population doit être strictement positive.",
                        format!("{}/{j}/population", ch("fonctions")),
                    ));
                }
            }
            if let Some(n) = self.date_naissance
                && p.debut <= n
            {
                return Err(ErreurEntree::new(
                    "dates_incoherentes",
                    format!(
                        "La période {} commence le {}, avant la naissance de l'agent le {}.",
                        i + 1,
                        crate::date::format_fr(p.debut),
                        crate::date::format_fr(n)
                    ),
                    ch("debut"),
                ));
            }
            if let Some(o) = p.conge_parental_octroye_le {
                valider_date(o, &ch("conge_parental_octroye_le"))?;
            }
        }
        // Pas de chevauchement : les périodes, triées par début, se suivent.
        let mut ordre: Vec<usize> = (0..self.periodes.len()).collect();
        ordre.sort_by_key(|&i| self.periodes[i].debut);
        for w in ordre.windows(2) {
            let (a, b) = (&self.periodes[w[0]], &self.periodes[w[1]]);
            let chevauche = match a.fin {
                None => true,
                Some(fin) => fin >= b.debut,
            };
            if chevauche {
                return Err(ErreurEntree::new(
                    "periodes_chevauchantes",
                    format!(
                        "Les périodes {} et {} se chevauchent : la période {} commence le {} alors que la période {} n'est pas terminée.",
                        w[0] + 1,
                        w[1] + 1,
                        w[1] + 1,
                        crate::date::format_fr(b.debut),
                        w[0] + 1
                    ),
                    format!("{base}/periodes/{}/debut", w[1]),
                ));
            }
        }
        if let Some(fs) = &self.formations {
            for (i, f) in fs.iter().enumerate() {
                valider_date(f.date, &format!("{base}/formations/{i}/date"))?;
                // Une formation enregistrée ne dure pas plus d'une année (même borne que le
                // schéma d'entrée, appliquée aussi aux carrières importées).
                if !(f.jours >= 0.0 && f.jours <= 366.0) {
                    return Err(ErreurEntree::hors_bornes(
                        format!(
                            "Le nombre de jours de formation doit être compris entre 0 et 366 (reçu : {}).",
                            f.jours
                        ),
                        format!("{base}/formations/{i}/jours"),
                    ));
                }
            }
        }
        for (i, d) in self.dispenses.iter().enumerate() {
            if let Some(j) = d.jours
                && !(j >= 0.0 && j.is_finite())
            {
                return Err(ErreurEntree::hors_bornes(
                    "Le nombre de jours dispensés ne peut pas être négatif.",
                    format!("{base}/dispenses/{i}/jours"),
                ));
            }
        }
        for (i, p) in self.postes_responsabilite.iter().enumerate() {
            valider_date(p.debut, &format!("{base}/postes_responsabilite/{i}/debut"))?;
            if let Some(fin) = p.fin {
                valider_date(fin, &format!("{base}/postes_responsabilite/{i}/fin"))?;
                if fin < p.debut {
                    return Err(ErreurEntree::new(
                        "dates_incoherentes",
                        format!(
                            "L'affectation sur un poste à responsabilité {} se termine le {}, avant son début le {}.",
                            i + 1,
                            crate::date::format_fr(fin),
                            crate::date::format_fr(p.debut)
                        ),
                        format!("{base}/postes_responsabilite/{i}/fin"),
                    ));
                }
            }
        }
        for (i, d) in self.dispenses.iter().enumerate() {
            if let Some(debut) = d.periode_debut {
                valider_date(debut, &format!("{base}/dispenses/{i}/periode_debut"))?;
            }
        }
        for (i, e) in self.examens.iter().enumerate() {
            valider_annee(e.annee, &format!("{base}/examens/{i}/annee"))?;
            if cat.grade(&e.examen).is_none() {
                return Err(ErreurEntree::code_inconnu(
                    format!(
                        "L'examen « {} » ne correspond à aucun grade du catalogue.",
                        e.examen
                    ),
                    format!("{base}/examens/{i}/examen"),
                ));
            }
        }
        Ok(())
    }

    /// Dernière période (la plus récente par date de début).
    pub fn derniere_periode(&self) -> Option<&Periode> {
        self.periodes.iter().max_by_key(|p| p.debut)
    }
}
