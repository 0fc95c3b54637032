//! Commande `examen-dossier` : recevabilité d'un dossier d'inscription à l'examen
//! professionnel d'ingénieur en chef territorial.
//!
//! Sources : FAQ CNFPT (FAQ CNFPT ingénieur en chef) questions 2 à 17 (conditions), 21 à 24 (dossier) ;
//! décret n° 2016-200 art. 7 ; décret n° 2016-208 art. 2 ; décret n° 2013-593 art. 8.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{CADRE_ORIGINE, CIBLE, NON_VERIFIEE, faq};
use crate::carriere::{Agent, EmploiCode, Periode, Position, Versant, valider_annee, valider_date};
use crate::catalogue::Catalogue;
use crate::date::format_fr;
use crate::eligibilite::{self, ResultatVoie, Voie};
use crate::erreur::ErreurEntree;
use crate::resultat::Condition;

/// Entrée de la commande `examen-dossier`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeDossier {
    /// Année de la session d'examen.
    pub session: i32,
    /// Date de clôture des inscriptions fixée par l'arrêté d'ouverture (FAQ CNFPT ingénieur en chef Q19).
    pub cloture_inscriptions: Date,
    /// Date de dépôt du dossier (dépôt sur l'espace candidat ou envoi).
    pub depot: Date,
    /// Pièces déposées.
    pub pieces: Vec<PieceDeposee>,
    /// Carrière du candidat.
    pub agent: Agent,
    /// `true` quand un détachement en cours à la clôture est prononcé pour l'exercice d'un
    /// mandat électif ou syndical (FAQ CNFPT ingénieur en chef Q7) ; absent : non renseigné.
    #[serde(default)]
    pub detachement_pour_mandat: Option<bool>,
}

/// Une pièce déposée.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PieceDeposee {
    /// Type de pièce (codes du contrat : `dossier_inscription_signe`, `etat_services`,
    /// `arretes_situation`, `parcours_professionnel`, `lettre_motivation`,
    /// `rapport_realisation`) ; tout autre code (`cv`, `publication`…) est accepté mais la
    /// pièce n'est pas transmise au jury.
    #[serde(rename = "type")]
    pub type_piece: String,
    /// Nombre de pages ; obligatoire pour les pièces dont la longueur est limitée.
    #[serde(default)]
    pub pages: Option<u32>,
    /// Date de dépôt de cette pièce quand elle diffère de celle du dossier.
    #[serde(default)]
    pub depot: Option<Date>,
}

/// Les six pièces exigées (FAQ CNFPT ingénieur en chef Q22 ; décret 2016-208 art. 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypePiece {
    DossierInscriptionSigne,
    EtatServices,
    ArretesSituation,
    ParcoursProfessionnel,
    LettreMotivation,
    RapportRealisation,
}

impl TypePiece {
    pub const TOUTES: [TypePiece; 6] = [
        TypePiece::DossierInscriptionSigne,
        TypePiece::EtatServices,
        TypePiece::ArretesSituation,
        TypePiece::ParcoursProfessionnel,
        TypePiece::LettreMotivation,
        TypePiece::RapportRealisation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TypePiece::DossierInscriptionSigne => "dossier_inscription_signe",
            TypePiece::EtatServices => "etat_services",
            TypePiece::ArretesSituation => "arretes_situation",
            TypePiece::ParcoursProfessionnel => "parcours_professionnel",
            TypePiece::LettreMotivation => "lettre_motivation",
            TypePiece::RapportRealisation => "rapport_realisation",
        }
    }

    pub fn depuis_code(code: &str) -> Option<TypePiece> {
        Self::TOUTES.into_iter().find(|t| t.code() == code)
    }

    /// Intitulé de la pièce tel que le donne la FAQ (Q22).
    pub fn libelle(self) -> &'static str {
        match self {
            TypePiece::DossierInscriptionSigne => "le dossier d'inscription signé",
            TypePiece::EtatServices => {
                "l'état détaillé des services publics effectifs signé par l'autorité compétente"
            }
            TypePiece::ArretesSituation => {
                "les arrêtés justifiant des conditions d'inscription (avancement de grade, situation actuelle, détachement)"
            }
            TypePiece::ParcoursProfessionnel => "la présentation du parcours professionnel",
            TypePiece::LettreMotivation => "la lettre de motivation",
            TypePiece::RapportRealisation => {
                "le rapport présentant une réalisation professionnelle"
            }
        }
    }

    /// « n'a été déposé(e) » accordé avec l'intitulé de la pièce.
    fn na_ete_deposee(self) -> &'static str {
        match self {
            TypePiece::ArretesSituation => "n'ont été déposés",
            TypePiece::ParcoursProfessionnel | TypePiece::LettreMotivation => "n'a été déposée",
            _ => "n'a été déposé",
        }
    }

    /// Nombre maximal de pages (Q22) : parcours 2, lettre 2, rapport 3 annexe comprise.
    pub fn pages_max(self) -> Option<u32> {
        match self {
            TypePiece::ParcoursProfessionnel | TypePiece::LettreMotivation => Some(2),
            TypePiece::RapportRealisation => Some(3),
            _ => None,
        }
    }
}

/// Décision sur le dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionDossier {
    /// Toutes les conditions sont établies.
    Recevable,
    /// Au moins une condition n'est pas remplie : lettre de rejet (FAQ CNFPT ingénieur en chef Q23).
    Irrecevable,
    /// Aucune condition n'est contredite mais l'une au moins n'a pas pu être établie :
    /// instruction à compléter (voir `a_verifier`).
    AInstruire,
}

/// Examen d'une pièce déposée.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct PieceExaminee {
    #[serde(rename = "type")]
    pub type_piece: String,
    pub pages: Option<u32>,
    pub depot: Date,
    /// Pièce exigée par le règlement (Q22).
    pub exigee: bool,
    /// Pièce déposée au plus tard à la clôture (Q21).
    pub dans_les_delais: bool,
    /// Pièce transmise au jury : pièce exigée et déposée dans les délais (Q21, Q24).
    pub transmise_au_jury: bool,
    /// Observation en français.
    pub observation: String,
}

/// Sortie de la commande `examen-dossier`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReponseDossier {
    pub session: i32,
    pub cloture_inscriptions: Date,
    pub depot: Date,
    /// `true` seulement si toutes les conditions sont établies (`decision = recevable`).
    pub recevable: bool,
    pub decision: DecisionDossier,
    /// Motifs de rejet, en phrases complètes, pour la lettre recommandée (Q23).
    pub motifs: Vec<String>,
    /// Points que l'instruction doit encore établir (donnée absente ou règle inconnue).
    pub a_verifier: Vec<String>,
    /// Types des pièces déposées qui ne seront pas transmises au jury (Q21, Q24).
    pub pieces_non_transmises: Vec<String>,
    pub pieces: Vec<PieceExaminee>,
    pub conditions: Vec<Condition>,
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

/// Emplois fonctionnels du 2° de l'article 7 du décret 2016-200 (FAQ CNFPT ingénieur en chef Q2 a) à i)).
fn emploi_du_2(code: EmploiCode) -> bool {
    matches!(
        code,
        EmploiCode::DgsCommune
            | EmploiCode::DgsEtablissementAssimile
            | EmploiCode::DgaCommune
            | EmploiCode::DgaEtablissementAssimile
            | EmploiCode::DgsMairieArrondissement
            | EmploiCode::DgaMairieArrondissement
            | EmploiCode::DgsConseilTerritoireAmp
            | EmploiCode::DstCommune
            | EmploiCode::DgstEpci
            | EmploiCode::EmploiL313_1
    )
}

fn periode_a(agent: &Agent, d: Date) -> Option<&Periode> {
    agent
        .periodes
        .iter()
        .find(|p| p.debut <= d && p.fin.is_none_or(|f| f >= d))
}

fn libelle_position(p: Position) -> &'static str {
    match p {
        Position::Activite => "en position d'activité",
        Position::MiseADisposition => "mis à disposition",
        Position::Detachement => "en détachement",
        Position::Disponibilite => "en disponibilité",
        Position::CongeParental => "en congé parental",
        Position::HorsCadres => "en position hors cadres",
        Position::ServiceNational => "accomplissant le service national",
        Position::ExclusionTemporaire => "sous le coup d'une exclusion temporaire de fonctions",
        Position::ProrogationStage => "en prorogation de stage",
        Position::Apprentissage => "en apprentissage",
    }
}

/// Situation à la clôture d'une période : règle (FAQ CNFPT ingénieur en chef Q5 à Q8, Q10, Q11, Q13) et
/// phrase qui la décrit, à placer après « l'agent était » ou « vous étiez ».
fn situation_position(
    p: &Periode,
    detachement_pour_mandat: Option<bool>,
) -> (Option<bool>, String) {
    let pos = libelle_position(p.position);
    match p.position {
        // Q7 : position statutaire d'activité ; Q8 : la MAD relève de l'activité
        // (décret 85-447) ; Q5 : congé parental, CGFP L.515-7.
        Position::Activite | Position::MiseADisposition | Position::CongeParental => {
            (Some(true), pos.to_owned())
        }
        // Q6 : la disponibilité ferme l'accès à l'examen.
        Position::Disponibilite => (
            Some(false),
            format!("{pos}, position qui ne permet pas de se présenter à l'examen (question 6)"),
        ),
        // Q7 : détachement pour mandat électif ou syndical exclu.
        Position::Detachement if detachement_pour_mandat == Some(true) => (
            Some(false),
            "détaché(e) pour l'exercice d'un mandat électif ou syndical, ce qui ne permet pas de se présenter à l'examen (question 7)".to_owned(),
        ),
        Position::Detachement => match p.emploi.as_ref().map(|e| e.code) {
            Some(code) if emploi_du_2(code) => (
                Some(true),
                "détaché(e) dans un emploi fonctionnel (question 7)".to_owned(),
            ),
            // Q10, Q11 : le détachement sur contrat de projet ou de droit public n'empêche
            // pas de concourir (ses services ne comptent pas).
            Some(EmploiCode::ContratProjet | EmploiCode::ContratDroitPublic) => (
                Some(true),
                "détaché(e) sur un contrat de projet ou de droit public, ce qui n'empêche pas de concourir au titre du 1° ou du 2° (questions 10 et 11)".to_owned(),
            ),
            Some(EmploiCode::DirecteurSdis | EmploiCode::DirecteurAdjointSdis) => (
                None,
                "détaché(e) dans un emploi de direction de SDIS, qui n'est pas un emploi du 2° de l'article 7 (question 13) ; la FAQ ne dit pas si ce détachement permet de concourir au titre du 1°".to_owned(),
            ),
            _ => (
                None,
                "en détachement sur un emploi non précisé : il faut établir qu'il ne s'agit pas d'un détachement pour mandat électif ou syndical (question 7)".to_owned(),
            ),
        },
        // Stagiaire en prorogation : la FAQ n'en dit rien.
        Position::ProrogationStage => (
            None,
            format!("{pos}, situation que la FAQ ne traite pas"),
        ),
        // Q7 : liste limitative des positions admises.
        Position::HorsCadres
        | Position::ServiceNational
        | Position::ExclusionTemporaire
        | Position::Apprentissage => (
            Some(false),
            format!("{pos}, position qui ne figure pas parmi celles qui permettent de se présenter (question 7)"),
        ),
    }
}

/// Position statutaire à la date de clôture des inscriptions (FAQ CNFPT ingénieur en chef Q5 à Q8, Q10, Q11,
/// Q13 ; décret 2013-593 art. 8 al. 2 : le candidat doit être en activité à la clôture).
///
/// `detachement_pour_mandat` : `Some(true)` quand le détachement est prononcé pour un mandat
/// électif ou syndical.
pub fn position_a_la_cloture(
    agent: &Agent,
    cloture: Date,
    detachement_pour_mandat: Option<bool>,
) -> Condition {
    let mut c = Condition {
        code: "position_a_la_cloture".into(),
        libelle: "Position statutaire à la clôture des inscriptions".into(),
        satisfaite: None,
        reference: format!(
            "Décret n° 2013-593 du 5 juillet 2013, art. 8 ; {}",
            faq("Q5 à Q8, Q10, Q11, Q13")
        ).into(),
        requis: format!(
            "Au {}, être en position d'activité (mise à disposition comprise), en détachement dans un emploi fonctionnel ou en congé parental ; ni disponibilité ni détachement pour mandat électif ou syndical",
            format_fr(cloture)
        ).into(),
        constate: String::new().into(),
        verifie: true,
    };
    match periode_a(agent, cloture) {
        None => {
            c.constate = format!(
                "Aucune période de la carrière décrite ne couvre le {} : position inconnue",
                format_fr(cloture)
            )
            .into();
        }
        Some(p) => {
            let (sat, situation) = situation_position(p, detachement_pour_mandat);
            c.satisfaite = sat;
            c.constate = format!("Au {}, l'agent était {situation}", format_fr(cloture)).into();
        }
    }
    c
}

/// Qualité de membre du cadre d'emplois des ingénieurs territoriaux à la clôture (FAQ CNFPT ingénieur en chef
/// Q2, Q4, Q9, Q15 ; décret 2016-200 art. 7).
fn qualite_a_la_cloture(agent: &Agent, cloture: Date) -> Condition {
    let mut c = Condition {
        code: "membre_cadre_ingenieurs_territoriaux".into(),
        libelle: "Fonctionnaire territorial membre du cadre d'emplois des ingénieurs territoriaux"
            .into(),
        satisfaite: None,
        reference: format!(
            "Décret n° 2016-200 du 26 février 2016, art. 7 ; {}",
            faq("Q2, Q4, Q9, Q15")
        ).into(),
        requis: format!(
            "Au {}, être fonctionnaire territorial du cadre d'emplois des ingénieurs territoriaux (ni fonctionnaire de l'État non intégré, ni contractuel)",
            format_fr(cloture)
        ).into(),
        constate: String::new().into(),
        verifie: true,
    };
    let Some(p) = periode_a(agent, cloture) else {
        c.constate = format!(
            "Aucune période de la carrière décrite ne couvre le {} : situation inconnue",
            format_fr(cloture)
        )
        .into();
        return c;
    };
    if p.versant != Versant::Territoriale {
        c.satisfaite = Some(false);
        c.constate =
            "L'agent n'appartient pas à la fonction publique territoriale (questions 4 et 9)"
                .into();
    } else if !p.statut.est_fonctionnaire() {
        c.satisfaite = Some(false);
        c.constate = "L'agent n'est pas fonctionnaire (question 15)".into();
    } else {
        match p.grade.as_deref() {
            None => {
                c.constate = "Le grade détenu à la clôture n'est pas renseigné".into();
            }
            Some(g) => {
                let cat = Catalogue::get();
                let dans_cadre = cat
                    .grade(g)
                    .is_some_and(|gr| gr.cadre.code == CADRE_ORIGINE);
                c.satisfaite = Some(dans_cadre);
                c.constate = format!(
                    "Grade détenu : {}{}",
                    cat.libelle_grade(g),
                    if dans_cadre {
                        String::new()
                    } else {
                        " (hors du cadre d'emplois des ingénieurs territoriaux)".to_owned()
                    }
                )
                .into();
            }
        }
    }
    c
}

/// Ce que le dossier retient de la voie `inscription_examen` rendue par le moteur
/// d'éligibilité pour la cible `ingenieur_en_chef`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LectureVoie {
    pub eligible: bool,
    /// Libellé de la première variante (alinéa de l'article 7) remplie.
    pub variante_retenue: Option<String>,
    /// Conditions non remplies, en français (variante, condition, constaté).
    pub conditions_manquantes: Vec<String>,
}

impl LectureVoie {
    pub fn depuis(v: &ResultatVoie) -> Self {
        let mut conditions_manquantes = Vec::new();
        for var in &v.variantes {
            for cond in var
                .conditions
                .iter()
                .filter(|x| x.satisfaite == Some(false))
            {
                conditions_manquantes.push(format!(
                    "{} : {}, constaté : {}",
                    var.libelle, cond.libelle, cond.constate
                ));
            }
        }
        LectureVoie {
            eligible: v.eligible,
            variante_retenue: v
                .variantes
                .iter()
                .find(|x| x.eligible)
                .map(|x| x.libelle.to_string()),
            conditions_manquantes,
        }
    }
}

/// Conditions de l'article 7 du décret 2016-200, d'après la voie `inscription_examen` du
/// moteur d'éligibilité. Voie absente : éligibilité inconnue (`satisfaite: null`), jamais
/// supposée.
pub fn condition_article_7(voie: Option<&LectureVoie>, session: i32) -> Condition {
    let mut c = Condition {
        code: "conditions_article_7".into(),
        libelle: "Conditions d'accès à l'examen (grade et services effectifs)".into(),
        satisfaite: None,
        reference: format!(
            "Décret n° 2016-200 du 26 février 2016, art. 7 ; décret n° 2013-593, art. 16 et 21 ; {}",
            faq("Q2, Q17")
        ).into(),
        requis: format!(
            "Entre le 01/01/{session} et le 31/12/{session} : quatre ans de services effectifs dans un grade d'avancement du cadre des ingénieurs territoriaux (1°), ou six ans de détachement dans un emploi du 2°"
        ).into(),
        constate: String::new().into(),
        verifie: true,
    };
    match voie {
        None => {
            c.constate = "Le moteur d'éligibilité n'a rendu aucun résultat pour la voie « inscription à l'examen » : éligibilité inconnue".into();
        }
        Some(v) if v.eligible => {
            c.satisfaite = Some(true);
            c.constate = match &v.variante_retenue {
                Some(x) => format!("Conditions remplies ({x})").into(),
                None => "Conditions remplies".into(),
            };
        }
        Some(v) => {
            c.satisfaite = Some(false);
            c.constate = if v.conditions_manquantes.is_empty() {
                "Conditions non remplies".into()
            } else {
                format!(
                    "Conditions non remplies : {}",
                    v.conditions_manquantes.join(" ; ")
                )
                .into()
            };
        }
    }
    c
}

/// Évalue l'article 7 avec le moteur d'éligibilité.
fn eligibilite_article_7(agent: &Agent, session: i32) -> Condition {
    let cibles = [CIBLE.to_owned()];
    let rep = eligibilite::evaluer_agent(agent, session, Some(&cibles));
    let voie = rep
        .voies
        .iter()
        .find(|v| v.cible == CIBLE && v.voie == Voie::InscriptionExamen)
        .map(LectureVoie::depuis);
    condition_article_7(voie.as_ref(), session)
}

fn valider(e: &DemandeDossier) -> Result<(), ErreurEntree> {
    valider_annee(e.session, "/session")?;
    valider_date(e.cloture_inscriptions, "/cloture_inscriptions")?;
    valider_date(e.depot, "/depot")?;
    e.agent.valider("/agent")?;
    for (i, p) in e.pieces.iter().enumerate() {
        let code_valide = !p.type_piece.is_empty()
            && p.type_piece
                .chars()
                .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
        if !code_valide {
            return Err(ErreurEntree::new(
                "code_invalide",
                format!(
                    "Le type de pièce « {} » n'est pas un code valide (minuscules sans accents, chiffres et « _ »).",
                    p.type_piece
                ),
                format!("/pieces/{i}/type"),
            ));
        }
        if let Some(d) = p.depot {
            valider_date(d, &format!("/pieces/{i}/depot"))?;
        }
        if p.pages == Some(0) {
            return Err(ErreurEntree::hors_bornes(
                "Une pièce compte au moins une page.",
                format!("/pieces/{i}/pages"),
            ));
        }
        if let Some(t) = TypePiece::depuis_code(&p.type_piece)
            && let Some(max) = t.pages_max()
            && p.pages.is_none()
        {
            return Err(ErreurEntree::new(
                "champ_manquant",
                format!(
                    "Le nombre de pages de la pièce « {} » est requis pour vérifier la limite de {max} pages (FAQ CNFPT, question 22).",
                    p.type_piece
                ),
                format!("/pieces/{i}/pages"),
            ));
        }
    }
    Ok(())
}

/// Commande `examen-dossier`.
pub fn executer_dossier(e: DemandeDossier) -> Result<ReponseDossier, ErreurEntree> {
    valider(&e)?;
    let cloture = e.cloture_inscriptions;
    let mut conditions = Vec::new();
    let mut motifs = Vec::new();
    let mut a_verifier = Vec::new();

    // Q21 : le dossier doit être déposé avant la clôture ; après, il est irrecevable.
    let dans_delais = e.depot <= cloture;
    conditions.push(Condition {
        code: "depot_dans_les_delais".into(),
        libelle: "Dépôt du dossier avant la clôture des inscriptions".into(),
        satisfaite: Some(dans_delais),
        reference: faq("Q21").into(),
        requis: format!("Dossier déposé au plus tard le {}", format_fr(cloture)).into(),
        constate: format!("Dossier déposé le {}", format_fr(e.depot)).into(),
        verifie: true,
    });
    if !dans_delais {
        motifs.push(format!(
            "Votre dossier d'inscription a été déposé le {}, après la clôture des inscriptions fixée au {}. Tout dossier ou pièce déposé après cette date est irrecevable (FAQ du CNFPT, question 21).",
            format_fr(e.depot),
            format_fr(cloture)
        ));
    }

    // Pièces : Q22 (liste et longueurs), Q21 (délais), Q24 (pièces non prévues).
    let mut pieces = Vec::new();
    for p in &e.pieces {
        let depot = p.depot.unwrap_or(e.depot);
        let type_piece = TypePiece::depuis_code(&p.type_piece);
        let dans_les_delais = depot <= cloture;
        let observation = match (type_piece, dans_les_delais) {
            (None, _) => "Pièce non prévue par le règlement de l'examen : elle ne sera pas transmise au jury (question 24)".to_owned(),
            (Some(_), false) => format!(
                "Pièce déposée le {}, après la clôture des inscriptions : irrecevable (question 21)",
                format_fr(depot)
            ),
            (Some(_), true) => "Pièce exigée, déposée dans les délais".to_owned(),
        };
        pieces.push(PieceExaminee {
            type_piece: p.type_piece.clone(),
            pages: p.pages,
            depot,
            exigee: type_piece.is_some(),
            dans_les_delais,
            transmise_au_jury: type_piece.is_some() && dans_les_delais,
            observation,
        });
    }
    for t in TypePiece::TOUTES {
        let deposees: Vec<&PieceExaminee> =
            pieces.iter().filter(|p| p.type_piece == t.code()).collect();
        let recevables: Vec<&&PieceExaminee> =
            deposees.iter().filter(|p| p.dans_les_delais).collect();
        let presente = !recevables.is_empty();
        let constate = if presente {
            "Pièce déposée dans les délais".to_owned()
        } else if deposees.is_empty() {
            "Pièce absente du dossier".to_owned()
        } else {
            "Pièce déposée seulement après la clôture des inscriptions".to_owned()
        };
        conditions.push(Condition {
            code: format!("piece_{}", t.code()).into(),
            libelle: format!("Pièce exigée : {}", t.libelle()).into(),
            satisfaite: Some(presente),
            reference: format!(
                "Décret n° 2016-208 du 26 février 2016, art. 2 ; {}",
                faq("Q21 à Q23")
            )
            .into(),
            requis: "Pièce jointe au dossier avant la clôture des inscriptions".into(),
            constate: constate.into(),
            verifie: true,
        });
        // Dossier entier hors délai : le motif du dépôt tardif suffit pour les pièces qui
        // suivent la date du dossier.
        let tardive_avec_le_dossier = !dans_delais
            && !deposees.is_empty()
            && e.pieces
                .iter()
                .any(|p| p.type_piece == t.code() && p.depot.is_none());
        if !presente && !tardive_avec_le_dossier {
            motifs.push(if deposees.is_empty() {
                format!(
                    "Votre dossier ne comporte pas {}, pièce exigée par le règlement de l'examen (FAQ du CNFPT, question 22). S'il manque une pièce, le dossier d'inscription est rejeté et la candidature est irrecevable (question 23).",
                    t.libelle()
                )
            } else {
                format!(
                    "{} (pièce exigée par la question 22 de la FAQ du CNFPT) {} qu'après la clôture des inscriptions du {} : toute pièce déposée après cette date est irrecevable (question 21). Le dossier est donc incomplet ; s'il manque une pièce, le dossier d'inscription est rejeté et la candidature est irrecevable (question 23).",
                    majuscule(t.libelle()),
                    t.na_ete_deposee(),
                    format_fr(cloture)
                )
            });
        }
        // Q22 : longueurs maximales. La FAQ ne dit pas la conséquence d'un dépassement :
        // traité comme une pièce non conforme qui rend le dossier irrecevable, règle signalée
        // comme non vérifiée.
        if let Some(max) = t.pages_max()
            && presente
        {
            let pages: u32 = recevables.iter().filter_map(|p| p.pages).sum();
            let conforme = pages <= max;
            conditions.push(Condition {
                code: format!("longueur_{}", t.code()).into(),
                libelle: format!("Longueur maximale : {}", t.libelle()).into(),
                satisfaite: Some(conforme),
                reference: format!(
                    "Décret n° 2016-208 du 26 février 2016, art. 2 ; {}",
                    faq("Q22")
                ).into(),
                requis: format!(
                    "Au plus {max} pages{} ; la conséquence d'un dépassement (rejet du dossier) n'est pas précisée par la FAQ : {NON_VERIFIEE}",
                    if t == TypePiece::RapportRealisation { ", annexe comprise" } else { "" }
                ).into(),
                constate: format!("{pages} page(s)").into(),
                verifie: false,
            });
            if !conforme {
                motifs.push(format!(
                    "{} compte {pages} pages alors que le règlement de l'examen en limite la longueur à {max} pages{} (FAQ du CNFPT, question 22) : la pièce n'est pas conforme.",
                    majuscule(t.libelle()),
                    if t == TypePiece::RapportRealisation { ", annexe comprise" } else { "" }
                ));
            }
        }
    }
    let pieces_non_transmises: Vec<String> = pieces
        .iter()
        .filter(|p| !p.transmise_au_jury)
        .map(|p| p.type_piece.clone())
        .collect();

    // Q2, Q4, Q9, Q15 : qualité ; Q5–Q8 : position à la clôture.
    let qualite = qualite_a_la_cloture(&e.agent, cloture);
    if qualite.satisfaite == Some(false) {
        motifs.push(format!(
            "À la date de clôture des inscriptions, le {}, vous n'étiez pas membre du cadre d'emplois des ingénieurs territoriaux ({}). Seuls les membres de ce cadre d'emplois peuvent se présenter à l'examen (décret n° 2016-200 du 26 février 2016, article 7 ; FAQ du CNFPT, questions 2, 4, 9 et 15).",
            format_fr(cloture),
            minuscule(&qualite.constate)
        ));
    }
    conditions.push(qualite);
    let position = position_a_la_cloture(&e.agent, cloture, e.detachement_pour_mandat);
    if position.satisfaite == Some(false)
        && let Some(p) = periode_a(&e.agent, cloture)
    {
        let (_, situation) = situation_position(p, e.detachement_pour_mandat);
        motifs.push(format!(
            "Au {}, date de clôture des inscriptions, vous étiez {situation}. Or seuls peuvent se présenter à l'examen les ingénieurs territoriaux en position d'activité (mise à disposition comprise), en détachement dans un emploi fonctionnel ou en congé parental à la clôture des inscriptions (décret n° 2013-593 du 5 juillet 2013, article 8 ; FAQ du CNFPT, questions 5 à 8).",
            format_fr(cloture)
        ));
    }
    conditions.push(position);

    // Art. 7 du décret 2016-200 : moteur d'éligibilité.
    let elig = eligibilite_article_7(&e.agent, e.session);
    if elig.satisfaite == Some(false) {
        motifs.push(format!(
            "Vous ne remplissez pas, pour la session {}, les conditions d'ancienneté et de grade fixées par l'article 7 du décret n° 2016-200 du 26 février 2016 ({}). Ces conditions doivent être atteintes au plus tard le 31 décembre de l'année de la session (FAQ du CNFPT, questions 2 et 17).",
            e.session,
            minuscule(&elig.constate)
        ));
    }
    conditions.push(elig);

    for c in conditions.iter().filter(|c| c.satisfaite.is_none()) {
        a_verifier.push(format!("{} : {}.", c.libelle, c.constate));
    }
    let decision = if conditions.iter().any(|c| c.satisfaite == Some(false)) {
        DecisionDossier::Irrecevable
    } else if conditions.iter().any(|c| c.satisfaite.is_none()) {
        DecisionDossier::AInstruire
    } else {
        DecisionDossier::Recevable
    };
    Ok(ReponseDossier {
        version_catalogue: crate::catalogue::version().into(),
        session: e.session,
        cloture_inscriptions: cloture,
        depot: e.depot,
        recevable: decision == DecisionDossier::Recevable,
        decision,
        motifs,
        a_verifier,
        pieces_non_transmises,
        pieces,
        conditions,
    })
}

fn majuscule(s: &str) -> String {
    let mut it = s.chars();
    match it.next() {
        Some(c) => c.to_uppercase().chain(it).collect(),
        None => String::new(),
    }
}

fn minuscule(s: &str) -> String {
    let mut it = s.chars();
    match it.next() {
        Some(c) => c.to_lowercase().chain(it).collect(),
        None => String::new(),
    }
}
