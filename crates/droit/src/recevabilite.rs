//! Recevabilité d'un dossier de promotion interne : l'instruction automatique par le centre
//! de gestion, sur les données enregistrées, au 1er janvier de l'année de la liste.
//!
//! Le service instructeur examine la recevabilité des agents proposés au vu des conditions
//! statutaires et du respect des obligations de formation (guide CDG Martinique §II.C). Chaque
//! motif d'irrecevabilité porte un code stable, un message en français et son texte :
//!
//! - `conditions_statutaires` : la voie n'est pas ouverte (le message nomme la condition qui
//!   manque, variante par variante) ;
//! - `formation_non_a_jour` : obligations de formation de professionnalisation non remplies
//!   pour les périodes révolues (décret n° 2008-512 art. 16 ; validation a posteriori depuis
//!   le décret n° 2024-907) ;
//! - `attestation_formation_absente` : aucune attestation (ou dispense) du CNFPT jointe au
//!   dossier, alors que l'inscription ne peut intervenir qu'au vu de ces attestations (décret
//!   n° 2008-512 art. 16 ; guide CDG Martinique §I.E) ;
//! - `examen_non_obtenu` : voie après examen sans réussite enregistrée à l'examen.
//!
//! Ce qui ne peut pas être établi (une condition inconnue, des formations non enregistrées)
//! n'est jamais tranché au hasard : c'est un point à vérifier, et la décision automatique est
//! alors « à vérifier », qui appelle une décision motivée du gestionnaire.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::carriere::Agent;
use crate::catalogue::Catalogue;
use crate::date::{format_fr, premier_janvier};
use crate::eligibilite::{ResultatVoie, Voie, evaluer_agent};
use crate::erreur::ErreurEntree;
use crate::formation::{OptionsFormation, RegimeFormation, ReponseFormation, evaluer_avec};
use crate::piece::TypePiece;
use crate::resultat::Condition;

/// Code d'un motif d'irrecevabilité (contrat v2, « Instruction by the CDG »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CodeMotif {
    ConditionsStatutaires,
    FormationNonAJour,
    AttestationFormationAbsente,
    ExamenNonObtenu,
    /// Motif d'une décision manuelle (justification obligatoire).
    Autre,
}

impl CodeMotif {
    pub fn code(self) -> &'static str {
        match self {
            CodeMotif::ConditionsStatutaires => "conditions_statutaires",
            CodeMotif::FormationNonAJour => "formation_non_a_jour",
            CodeMotif::AttestationFormationAbsente => "attestation_formation_absente",
            CodeMotif::ExamenNonObtenu => "examen_non_obtenu",
            CodeMotif::Autre => "autre",
        }
    }
}

/// Un motif d'irrecevabilité.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Motif {
    pub code: CodeMotif,
    /// Phrase en français qui dit ce qui manque.
    pub message: String,
    /// Texte appliqué.
    pub reference: String,
}

/// Un point que l'instruction automatique ne peut pas trancher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PointAVerifier {
    /// `conditions_statutaires`, `formation_non_evaluee`…
    pub code: String,
    pub message: String,
    pub reference: String,
}

/// Décision de l'instruction automatique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionAutomatique {
    Recevable,
    Irrecevable,
    /// Rien ne rend le dossier irrecevable, mais une condition n'a pas pu être établie :
    /// une décision motivée du gestionnaire est nécessaire.
    AVerifier,
}

/// Ce que l'instruction examine.
#[derive(Debug, Clone, Copy)]
pub struct DemandeRecevabilite<'a> {
    /// Carrière enregistrée (formations, dispenses et examens compris).
    pub agent: &'a Agent,
    /// Grade cible (code du catalogue).
    pub cible: &'a str,
    pub voie: Voie,
    /// Année de la liste d'aptitude : conditions appréciées au 1er janvier.
    pub annee: i32,
    /// Types des pièces jointes au dossier.
    pub pieces: &'a [TypePiece],
    /// Date d'effet prévue de la liste : une formation manquante suivie avant cette date est
    /// validée a posteriori (décret n° 2024-907). Absente : le 1er janvier de l'année.
    pub date_inscription: Option<Date>,
}

/// Résultat de l'instruction automatique.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Recevabilite {
    pub decision: DecisionAutomatique,
    pub motifs: Vec<Motif>,
    pub a_verifier: Vec<PointAVerifier>,
    /// 1er janvier de l'année de la liste.
    pub date_appreciation: Date,
    /// Version du catalogue des règles appliqué.
    pub catalogue_version: String,
    /// L'éligibilité de la voie, condition par condition (absente si la voie n'existe pas
    /// pour ce grade).
    pub eligibilite: Option<ResultatVoie>,
    /// Le bilan des obligations de formation.
    pub formation: ReponseFormation,
}

const REF_FORMATION: &str = "Décret n° 2008-512 du 29 mai 2008, art. 16 ; validation a posteriori : décret n° 2024-907 du 8 octobre 2024 ; guide CDG Martinique §I.E";
const REF_ATTESTATION: &str = "Décret n° 2008-512 du 29 mai 2008, art. 16 (inscription au vu des attestations établies par le CNFPT) ; guide CDG Martinique §I.E (pas de dossier accepté sans ces attestations) et §II.B";

/// Conditions qui relèvent des « conditions statutaires » (tout sauf la formation et
/// l'examen, qui ont leurs propres motifs).
fn statutaire(c: &Condition) -> bool {
    c.code != "formation_professionnalisation" && c.code != "examen_reussi"
}

fn texte_condition(c: &Condition) -> String {
    format!(
        "{} (exigé : {} ; constaté : {})",
        c.libelle, c.requis, c.constate
    )
}

/// Instruit un dossier : motifs d'irrecevabilité, points à vérifier, décision.
///
/// Erreur si la cible est inconnue du catalogue ou si la voie est `inscription_examen`
/// (qui n'est pas une voie d'inscription sur la liste).
pub fn instruire(d: &DemandeRecevabilite<'_>) -> Result<Recevabilite, ErreurEntree> {
    let cat = Catalogue::get();
    let grade = cat.grade(d.cible).ok_or_else(|| {
        ErreurEntree::code_inconnu(
            format!("Le grade cible « {} » est inconnu du catalogue.", d.cible),
            "/cible",
        )
    })?;
    if d.voie == Voie::InscriptionExamen {
        return Err(ErreurEntree::code_inconnu(
            "La voie « inscription_examen » n'est pas une voie d'inscription sur la liste d'aptitude ; voies admises : choix, examen.",
            "/voie",
        ));
    }
    let appreciation = premier_janvier(d.annee);
    let date_fr = format_fr(appreciation);
    let mut motifs = Vec::new();
    let mut a_verifier = Vec::new();

    // 1. Conditions statutaires (et examen) : moteur d'éligibilité sur la carrière enregistrée.
    let cibles = [d.cible.to_owned()];
    let reponse = evaluer_agent(d.agent, d.annee, Some(&cibles));
    let voie = reponse.voies.into_iter().find(|v| v.voie == d.voie);
    match &voie {
        None => motifs.push(Motif {
            code: CodeMotif::ConditionsStatutaires,
            message: format!(
                "Le grade « {} » n'est pas accessible par la {} : aucune voie de cette nature n'existe dans le catalogue des statuts particuliers.",
                grade.libelle,
                d.voie.libelle()
            ),
            reference: format!("Statut particulier : {}", grade.cadre.statut),
        }),
        Some(v) => {
            let remplie = v
                .variantes
                .iter()
                .any(|va| va.conditions.iter().filter(|c| statutaire(c)).all(|c| c.satisfaite == Some(true)));
            if !remplie {
                let possibles: Vec<_> = v
                    .variantes
                    .iter()
                    .filter(|va| {
                        va.conditions
                            .iter()
                            .filter(|c| statutaire(c))
                            .all(|c| c.satisfaite != Some(false))
                    })
                    .collect();
                if possibles.is_empty() {
                    let detail: Vec<String> = v
                        .variantes
                        .iter()
                        .map(|va| {
                            let manque: Vec<String> = va
                                .conditions
                                .iter()
                                .filter(|c| statutaire(c) && c.satisfaite == Some(false))
                                .map(texte_condition)
                                .collect();
                            format!("« {} » : {}", va.libelle, manque.join(" ; "))
                        })
                        .collect();
                    let intro = if v.variantes.len() > 1 {
                        "aucune des possibilités prévues par le statut n'est ouverte"
                    } else {
                        "la condition suivante n'est pas remplie"
                    };
                    motifs.push(Motif {
                        code: CodeMotif::ConditionsStatutaires,
                        message: format!(
                            "Conditions statutaires d'accès au grade « {} » par la {} non remplies au {date_fr} : {intro} — {}.",
                            v.libelle_cible,
                            d.voie.libelle(),
                            detail.join(" ; ou ")
                        ),
                        reference: v.reference.to_string(),
                    });
                } else {
                    let detail: Vec<String> = possibles
                        .iter()
                        .map(|va| {
                            let inconnues: Vec<String> = va
                                .conditions
                                .iter()
                                .filter(|c| statutaire(c) && c.satisfaite.is_none())
                                .map(texte_condition)
                                .collect();
                            format!("« {} » : {}", va.libelle, inconnues.join(" ; "))
                        })
                        .collect();
                    a_verifier.push(PointAVerifier {
                        code: "conditions_statutaires".into(),
                        message: format!(
                            "Conditions statutaires d'accès au grade « {} » par la {} non établies au {date_fr} : la carrière enregistrée ne permet pas de conclure — {}.",
                            v.libelle_cible,
                            d.voie.libelle(),
                            detail.join(" ; ou ")
                        ),
                        reference: v.reference.to_string(),
                    });
                }
            }
            if d.voie == Voie::Examen
                && let Some(examen) = v
                    .variantes
                    .iter()
                    .flat_map(|va| &va.conditions)
                    .find(|c| c.code == "examen_reussi")
                && examen.satisfaite == Some(false)
            {
                motifs.push(Motif {
                    code: CodeMotif::ExamenNonObtenu,
                    message: format!(
                        "Voie après examen professionnel : aucune réussite à l'examen d'accès au grade « {} » n'est enregistrée avant le {date_fr} (constaté : {}).",
                        v.libelle_cible, examen.constate
                    ),
                    reference: examen.reference.to_string(),
                });
            }
        }
    }

    // 2. Obligations de formation, avec la validation a posteriori jusqu'à l'inscription.
    let options = OptionsFormation {
        date_inscription: d.date_inscription,
        durees_convenues: Vec::new(),
    };
    let formation = if d.agent.formations.is_some() {
        evaluer_avec(d.agent, d.annee, &options)
    } else {
        // Sans formations enregistrées, le bilan sert seulement à connaître le régime et les
        // périodes exigées ; son verdict n'est pas retenu.
        let mut a = d.agent.clone();
        a.formations = Some(Vec::new());
        evaluer_avec(&a, d.annee, &options)
    };
    let reference_formation = {
        let refs: Vec<&str> = formation
            .periodes
            .iter()
            .filter(|p| p.exigee)
            .map(|p| p.reference.as_str())
            .collect();
        if formation.regime == RegimeFormation::PoliceMunicipale && !refs.is_empty() {
            refs[0].to_owned()
        } else {
            REF_FORMATION.to_owned()
        }
    };
    if d.agent.formations.is_none() {
        if formation.regime != RegimeFormation::NonSoumis {
            a_verifier.push(PointAVerifier {
                code: "formation_non_evaluee".into(),
                message: "Les formations suivies par l'agent ne sont pas enregistrées : les obligations de formation n'ont pas pu être vérifiées ; contrôler les attestations du CNFPT jointes au dossier.".into(),
                reference: reference_formation.clone(),
            });
        }
    } else {
        match formation.a_jour {
            Some(true) => {}
            Some(false) => {
                let mut message = format!(
                    "Obligations de formation de professionnalisation non remplies pour les périodes révolues au {date_fr} : {}",
                    formation.explication
                );
                if formation.validation_a_posteriori && !formation.explication.contains("2024-907")
                {
                    message.push_str(" Une formation suivie avant l'inscription sur la liste peut être validée a posteriori (décret n° 2024-907).");
                }
                motifs.push(Motif {
                    code: CodeMotif::FormationNonAJour,
                    message,
                    reference: reference_formation.clone(),
                });
            }
            None => a_verifier.push(PointAVerifier {
                code: "formation_non_evaluee".into(),
                message: format!(
                    "Obligations de formation non évaluables sur la carrière enregistrée : {}",
                    formation.explication
                ),
                reference: reference_formation.clone(),
            }),
        }
    }

    // 3. Attestations du CNFPT jointes (seed 002 : aucun dossier sans elles).
    let exigees = formation.periodes.iter().any(|p| p.exigee);
    let attestation_requise = match formation.regime {
        RegimeFormation::NonSoumis => false,
        RegimeFormation::Indetermine => true,
        RegimeFormation::Professionnalisation | RegimeFormation::PoliceMunicipale => exigees,
    };
    if attestation_requise && !d.pieces.contains(&TypePiece::AttestationFormationCnfpt) {
        motifs.push(Motif {
            code: CodeMotif::AttestationFormationAbsente,
            message: "Aucune attestation de formation (ou dispense) du CNFPT n'est jointe au dossier : l'inscription sur la liste d'aptitude ne peut intervenir qu'au vu de ces attestations pour les périodes de formation révolues.".into(),
            reference: REF_ATTESTATION.into(),
        });
    }

    let decision = if !motifs.is_empty() {
        DecisionAutomatique::Irrecevable
    } else if !a_verifier.is_empty() {
        DecisionAutomatique::AVerifier
    } else {
        DecisionAutomatique::Recevable
    };
    Ok(Recevabilite {
        decision,
        motifs,
        a_verifier,
        date_appreciation: appreciation,
        catalogue_version: crate::catalogue::version().to_owned(),
        eligibilite: voie,
        formation,
    })
}
