//! Instruction d'une proposition transmise : contrôle automatique de la recevabilité par le
//! moteur (module `droit::recevabilite`) ou décision motivée du gestionnaire.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use droit::carriere::Agent;
use droit::eligibilite::Voie;
use droit::piece::TypePiece;
use droit::recevabilite::{
    CodeMotif, DecisionAutomatique, DemandeRecevabilite, Motif, PointAVerifier, Recevabilite,
};

use crate::calendrier::Campagne;
use crate::erreur::{ErreurCampagne, codes};
use crate::proposition::StatutProposition;

/// Résultat d'une instruction, tel que la proposition l'enregistre (contrat v2 :
/// `{"statut", "motifs": [{"code", "message", "reference"}]}`).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ResultatInstruction {
    /// `recevable`, `irrecevable`, ou `transmise` quand un point reste à vérifier.
    pub statut: StatutProposition,
    pub motifs: Vec<Motif>,
    /// Points que l'instruction automatique n'a pas pu établir : une décision motivée du
    /// gestionnaire est attendue.
    pub a_verifier: Vec<PointAVerifier>,
    /// Version du catalogue des règles appliqué.
    pub catalogue_version: String,
    /// Décision manuelle : sa justification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub justification: Option<String>,
    /// Le détail de l'instruction automatique (éligibilité, formation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<Recevabilite>,
}

/// Ce que l'instruction automatique examine, lu dans le stockage.
#[derive(Debug, Clone, Copy)]
pub struct PropositionAInstruire<'a> {
    pub statut: StatutProposition,
    pub agent: &'a Agent,
    pub cible: &'a str,
    pub voie: Voie,
    pub pieces: &'a [TypePiece],
}

/// Instruction automatique, au 1er janvier de l'année de la campagne ; les formations
/// suivies avant la date d'effet de la liste sont validées a posteriori (décret
/// n° 2024-907). 409 si la proposition n'est pas `transmise`.
pub fn instruire(
    campagne: &Campagne,
    p: &PropositionAInstruire<'_>,
) -> Result<ResultatInstruction, ErreurCampagne> {
    match p.statut {
        StatutProposition::Transmise => {}
        StatutProposition::Brouillon => {
            return Err(ErreurCampagne::conflit(
                codes::PROPOSITION_NON_TRANSMISE,
                "La proposition est encore un brouillon : elle n'a pas été transmise au centre de gestion.",
            ));
        }
        s => {
            return Err(ErreurCampagne::conflit(
                codes::DEJA_INSTRUITE,
                format!(
                    "La proposition est déjà {} : une nouvelle décision doit être motivée.",
                    s.libelle()
                ),
            ));
        }
    }
    let r = droit::recevabilite::instruire(&DemandeRecevabilite {
        agent: p.agent,
        cible: p.cible,
        voie: p.voie,
        annee: campagne.annee,
        pieces: p.pieces,
        date_inscription: Some(campagne.date_effet_liste),
    })?;
    let statut = match r.decision {
        DecisionAutomatique::Recevable => StatutProposition::Recevable,
        DecisionAutomatique::Irrecevable => StatutProposition::Irrecevable,
        DecisionAutomatique::AVerifier => StatutProposition::Transmise,
    };
    Ok(ResultatInstruction {
        statut,
        motifs: r.motifs.clone(),
        a_verifier: r.a_verifier.clone(),
        catalogue_version: r.catalogue_version.clone(),
        justification: None,
        detail: Some(r),
    })
}

/// Décision du gestionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Recevable,
    Irrecevable,
}

/// Corps d'une décision motivée (contrat v2 : `{"decision": "irrecevable", "motif":
/// "autre", "justification": "..."}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionManuelle {
    pub decision: Decision,
    /// Motif d'une décision d'irrecevabilité (`autre` par défaut).
    #[serde(default)]
    pub motif: Option<CodeMotif>,
    pub justification: String,
}

/// Applique une décision motivée : justification obligatoire (422 `justification_requise`
/// sur `/justification`), changement de statut permis (409 sinon).
pub fn decider(
    statut: StatutProposition,
    d: &DecisionManuelle,
    date: Date,
) -> Result<ResultatInstruction, ErreurCampagne> {
    let justification = d.justification.trim();
    if justification.is_empty() {
        return Err(ErreurCampagne::invalide(
            codes::JUSTIFICATION_REQUISE,
            "Une décision manuelle doit être justifiée : le champ « justification » est vide.",
            "/justification",
        ));
    }
    let vers = match d.decision {
        Decision::Recevable => StatutProposition::Recevable,
        Decision::Irrecevable => StatutProposition::Irrecevable,
    };
    if statut != vers {
        crate::proposition::transition(statut, vers)?;
    }
    let motifs = match d.decision {
        Decision::Recevable => Vec::new(),
        Decision::Irrecevable => vec![Motif {
            code: d.motif.unwrap_or(CodeMotif::Autre),
            message: justification.to_owned(),
            reference: format!(
                "Décision motivée du centre de gestion du {}",
                droit::date::format_fr(date)
            ),
        }],
    };
    Ok(ResultatInstruction {
        statut: vers,
        motifs,
        a_verifier: Vec::new(),
        catalogue_version: droit::catalogue::version().to_owned(),
        justification: Some(justification.to_owned()),
        detail: None,
    })
}
