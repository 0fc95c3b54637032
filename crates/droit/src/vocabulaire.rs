//! Vocabulaire du droit de la promotion interne : les mots du statut général et des statuts
//! particuliers (versants, statuts, positions, catégories, voies…), sans aucune règle.
//!
//! Ce module est au bas du crate : il ne dépend d'aucun autre. Le catalogue (données des
//! cadres d'emplois et des voies) s'écrit avec ce vocabulaire ; les évaluateurs (services,
//! éligibilité, quotas…) s'appuient sur les deux. Les anciens chemins (`carriere::Versant`,
//! `catalogue::Categorie`, `eligibilite::Voie`…) restent valables par réexportation.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Versant de la fonction publique.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Versant {
    Territoriale,
    Etat,
    Hospitaliere,
    HorsFonctionPublique,
}

/// Statut de l'agent pendant une période.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Statut {
    Titulaire,
    Stagiaire,
    Contractuel,
    ContractuelCdi,
    DroitPrive,
}

impl Statut {
    /// Fonctionnaire (titulaire ou stagiaire) par opposition aux agents contractuels.
    pub fn est_fonctionnaire(self) -> bool {
        matches!(self, Statut::Titulaire | Statut::Stagiaire)
    }
}

/// Position statutaire (CGFP livre V, titre Ier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    Activite,
    MiseADisposition,
    Detachement,
    Disponibilite,
    CongeParental,
    HorsCadres,
    ServiceNational,
    ExclusionTemporaire,
    ProrogationStage,
    Apprentissage,
}

impl Position {
    /// Nom de la position en français.
    pub fn libelle(self) -> &'static str {
        match self {
            Position::Activite => "activité",
            Position::MiseADisposition => "mise à disposition (activité)",
            Position::Detachement => "détachement",
            Position::Disponibilite => "disponibilité",
            Position::CongeParental => "congé parental",
            Position::HorsCadres => "hors cadres",
            Position::ServiceNational => "service national",
            Position::ExclusionTemporaire => "exclusion temporaire de fonctions",
            Position::ProrogationStage => "prorogation de stage",
            Position::Apprentissage => "apprentissage",
        }
    }
}

/// Motif d'une disponibilité.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MotifDisponibilite {
    /// Disponibilité de droit pour élever un enfant (CGFP L.514-2 ; loi 2019-828 art. 85).
    EleverEnfant,
    /// Disponibilité pour convenances personnelles ou création d'entreprise avec activité
    /// professionnelle (loi 2018-771 ; décret 2019-234).
    ActiviteProfessionnelle,
    ConvenancesPersonnelles,
    Autre,
}

/// Emploi réellement occupé quand ce n'est pas simplement un poste du grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmploiCode {
    DgsCommune,
    DgsEtablissementAssimile,
    DgaCommune,
    DgaEtablissementAssimile,
    DgsMairieArrondissement,
    DgaMairieArrondissement,
    DgsConseilTerritoireAmp,
    /// Directeur général adjoint des services d'un département ou d'une région (décret
    /// n° 87-1097, art. 5, I, 2°, e) : examen d'administrateur).
    DgaDepartement,
    DgaRegion,
    DstCommune,
    DgstEpci,
    EmploiL313_1,
    DirecteurSdis,
    DirecteurAdjointSdis,
    ContratProjet,
    ContratDroitPublic,
    Autre,
}

/// Fonctions particulières exercées pendant une période.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FonctionCode {
    /// Technicien qui, seul de son grade, dirige l'ensemble des services techniques d'une
    /// commune ou d'un EPCI, en l'absence d'ingénieur (décret 2016-201 art. 10).
    DirectionServicesTechniquesSeul,
    /// Secrétaire (général) de mairie d'une commune (statuts des rédacteurs et attachés).
    SecretaireMairie,
    /// Directeur général des services ou secrétaire général d'une commune.
    DirectionGeneraleServices,
}

/// Formation de professionnalisation suivie (décret 2008-512).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeFormation {
    Fppe,
    Fptlc,
    Fppr,
    PoliceContinue,
}

/// Catégorie hiérarchique.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Categorie {
    A,
    B,
    C,
}

impl Categorie {
    pub fn libelle(self) -> &'static str {
        match self {
            Categorie::A => "A",
            Categorie::B => "B",
            Categorie::C => "C",
        }
    }
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

impl Voie {
    pub fn libelle(self) -> &'static str {
        match self {
            Voie::Choix => "promotion interne au choix",
            Voie::Examen => "promotion interne après examen professionnel",
            Voie::InscriptionExamen => "inscription à l'examen professionnel",
        }
    }
}

/// Position exigée par un statut à la date d'appréciation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionRequise {
    Activite,
    MiseADisposition,
    Detachement,
    /// Détachement dans un emploi fonctionnel (FAQ CNFPT ingénieur en chef Q7).
    DetachementEmploiFonctionnel,
    CongeParental,
}

impl PositionRequise {
    /// Nom de la position exigée en français.
    pub fn libelle(self) -> &'static str {
        match self {
            PositionRequise::Activite => "activité",
            PositionRequise::MiseADisposition => "mise à disposition",
            PositionRequise::Detachement => "détachement",
            PositionRequise::DetachementEmploiFonctionnel => {
                "détachement (emploi fonctionnel, contrat de projet ou de droit public ; pas pour mandat)"
            }
            PositionRequise::CongeParental => "congé parental",
        }
    }
}

/// Date à laquelle s'apprécient les conditions de l'inscription à l'examen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AppreciationExamen {
    /// Au plus tard le 31 décembre de l'année de la session (FPT : décret 2013-593 art. 16
    /// et 21 ; FAQ CNFPT ingénieur en chef Q17).
    #[default]
    FinAnnee,
    /// Au 1er janvier de l'année de l'examen (fiche service-public.fr F17757, greffiers).
    DebutAnnee,
}
