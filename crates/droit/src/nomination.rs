//! Nomination d'une personne inscrite sur une liste d'aptitude de promotion interne
//! (commande d'extension `nomination`).
//!
//! Textes : guide CDG Martinique §II.E (création et vacance de l'emploi, seuils démographiques, stage,
//! titularisation directe des agents de maîtrise) ; FAQ CNFPT ingénieur en chef Q37 et Q38 (ingénieur en chef) ;
//! fiche service-public.fr F17757 (stage ou titularisation directe selon le statut particulier).

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::catalogue::{Catalogue, Categorie};
use crate::date::{self, Duree, ajouter_mois, format_fr, jour};
use crate::erreur::ErreurEntree;
use crate::quota::CIBLES_PROMOTION_INTERNE;
use crate::resultat::Condition;

const REF_EMPLOI: &str = "Guide CDG Martinique §II.E (nomination subordonnée à l'existence de l'emploi créé par l'organe délibérant ; art. 12 loi n° 83-634 ; CE 10 juillet 1996 n° 143265)";
const REF_VACANCE: &str = "Guide CDG Martinique §II.E (déclaration de vacance auprès du centre de gestion, obligatoire sous peine de nullité de la nomination)";
const REF_LISTE: &str = "Guide CDG Martinique §II.E et fiche service-public.fr F17757 (l'inscription sur la liste d'aptitude ne vaut pas recrutement ; la nomination se fait parmi les inscrits)";
const REF_SEUIL_IC: &str = "FAQ CNFPT ingénieur en chef Q37 ; décret n° 2016-200 ; décret du 22 septembre 2000 (assimilation des établissements publics locaux)";
const REF_STAGE_GENERAL: &str = "Guide CDG Martinique §II.E (stage de six mois pour les catégories A et B nommées par promotion interne)";
const REF_STAGE_IC: &str = "FAQ CNFPT ingénieur en chef Q38 (stage de six mois, aucune dispense)";
const REF_STAGE_CONSERVATEURS: &str = "Guide CDG Martinique §II.E (stage d'un an pour les conservateurs du patrimoine et des bibliothèques)";
const REF_AM: &str = "Décret n° 88-547 art. 8 ; guide CDG Martinique §II.E (agents de maîtrise dispensés de stage avec deux ans de services effectifs dans un emploi de même nature : titularisation directe)";

/// Grades dont la création est subordonnée à un seuil démographique (guide CDG Martinique §II.E).
pub const GRADES_A_SEUIL: &[&str] = &[
    "administrateur",
    "ingenieur_en_chef",
    "conseiller_aps",
    "directeur_eea_2e_categorie",
    "professeur_ea_classe_normale",
    "conservateur_patrimoine",
    "conservateur_bibliotheques",
    "directeur_pm",
];

/// Nature de l'employeur qui nomme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeEmployeur {
    Commune,
    Departement,
    Region,
    /// Établissement public de coopération intercommunale.
    Epci,
    /// Office public de l'habitat.
    Oph,
    /// Autre établissement public local.
    EtablissementPublic,
    Autre,
}

/// L'employeur qui nomme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployeurNomination {
    #[serde(rename = "type")]
    pub type_employeur: TypeEmployeur,
    /// Population de la collectivité (habitants).
    #[serde(default)]
    pub population: Option<u32>,
    /// Nombre de logements gérés (OPH).
    #[serde(default)]
    pub logements: Option<u32>,
    /// Établissement public local assimilé à une commune : population de la commune à laquelle
    /// il est assimilé (décret du 22 septembre 2000) ; `null` s'il n'est pas assimilé.
    #[serde(default)]
    pub assimilation_population: Option<u32>,
}

/// Entrée de la commande `nomination`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeNomination {
    /// Grade d'accès (code du catalogue).
    pub cible: String,
    pub date_nomination: Date,
    pub employeur: EmployeurNomination,
    /// L'emploi a été créé par l'organe délibérant ; `null` : inconnu.
    #[serde(default)]
    pub poste_cree: Option<bool>,
    /// La vacance de l'emploi a été déclarée ; `null` : inconnu.
    #[serde(default)]
    pub vacance_declaree: Option<bool>,
    /// La personne est inscrite sur une liste d'aptitude en cours de validité à la date de
    /// nomination (voir la commande `liste-aptitude`) ; `null` : inconnu.
    #[serde(default)]
    pub inscrit_liste_aptitude: Option<bool>,
    /// Agent de maîtrise : services effectifs accomplis dans un emploi de même nature.
    #[serde(default)]
    pub services_meme_nature: Option<Duree>,
}

/// Sortie de la commande `nomination`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReponseNomination {
    pub cible: String,
    /// La nomination est possible : `null` si une condition est inconnue.
    pub possible: Option<bool>,
    pub conditions: Vec<Condition>,
    /// Durée du stage en mois ; 0 en cas de titularisation directe ; `null` si inconnue.
    pub stage_mois: Option<u32>,
    /// Nomination directement comme titulaire (sans stage) ; `null` si inconnu.
    pub titularisation_directe: Option<bool>,
    /// Dernier jour du stage s'il n'est pas prorogé.
    pub fin_stage_prevue: Option<Date>,
    pub references: Vec<String>,
    /// `false` si le résultat dépend d'une règle non vérifiée sur le texte en vigueur.
    pub verifie: bool,
    pub explication: String,
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

fn oui_non(v: Option<bool>, oui: &str, non: &str) -> String {
    match v {
        Some(true) => oui.into(),
        Some(false) => non.into(),
        None => "inconnu (non renseigné)".into(),
    }
}

fn nombre_fr(n: u32) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// Seuil de l'ingénieur en chef (FAQ CNFPT ingénieur en chef Q37) : collectivité de plus de 40 000 habitants,
/// OPH de plus de 10 000 logements, établissement public local assimilé à une commune de plus
/// de 40 000 habitants.
fn seuil_ingenieur_en_chef(e: &EmployeurNomination) -> Condition {
    let (satisfaite, requis, constate) = match e.type_employeur {
        TypeEmployeur::Commune | TypeEmployeur::Departement | TypeEmployeur::Region => (
            e.population.map(|p| p > 40_000),
            "Collectivité de plus de 40 000 habitants".to_owned(),
            e.population
                .map(|p| format!("{} habitants", nombre_fr(p)))
                .unwrap_or_else(|| "population inconnue".into()),
        ),
        TypeEmployeur::Oph => (
            e.logements.map(|l| l > 10_000),
            "Office public de l'habitat de plus de 10 000 logements".to_owned(),
            e.logements
                .map(|l| format!("{} logements", nombre_fr(l)))
                .unwrap_or_else(|| "nombre de logements inconnu".into()),
        ),
        TypeEmployeur::Epci | TypeEmployeur::EtablissementPublic => (
            e.assimilation_population.map(|p| p > 40_000),
            "Établissement public local assimilé à une commune de plus de 40 000 habitants".to_owned(),
            e.assimilation_population
                .map(|p| format!("assimilé à une commune de {} habitants", nombre_fr(p)))
                .unwrap_or_else(|| "assimilation inconnue ou absente".into()),
        ),
        TypeEmployeur::Autre => (
            Some(false),
            "Collectivité de plus de 40 000 habitants, OPH de plus de 10 000 logements ou établissement assimilé à une commune de plus de 40 000 habitants".to_owned(),
            "employeur d'une autre nature".into(),
        ),
    };
    Condition {
        code: "seuil_demographique".into(),
        libelle: "Employeur autorisé à nommer un ingénieur en chef".into(),
        satisfaite,
        reference: REF_SEUIL_IC.into(),
        requis: requis.into(),
        constate: constate.into(),
        verifie: true,
    }
}

/// Commande `nomination`.
pub fn executer(d: DemandeNomination) -> Result<ReponseNomination, ErreurEntree> {
    let grade = Catalogue::get().grade(&d.cible).ok_or_else(|| {
        ErreurEntree::code_inconnu(
            format!("Le grade « {} » est inconnu du catalogue.", d.cible),
            "/cible",
        )
    })?;
    if !CIBLES_PROMOTION_INTERNE.contains(&grade.code) {
        return Err(ErreurEntree::new(
            "cible_invalide",
            format!(
                "Le grade « {} » n'est pas un grade d'accès par promotion interne dans la fonction publique territoriale (guide CDG Martinique §I.B).",
                grade.libelle
            ),
            "/cible",
        ));
    }
    if !(1950..=2100).contains(&i32::from(d.date_nomination.year())) {
        return Err(ErreurEntree::hors_bornes(
            "La date de nomination est hors des bornes admises (années 1950 à 2100).",
            "/date_nomination",
        ));
    }
    if let Some(s) = d.services_meme_nature
        && (s.mois >= 12 || s.jours >= 30)
    {
        return Err(ErreurEntree::hors_bornes(
            "Durée invalide : au plus 11 mois et 29 jours en plus des années (convention de 30 jours par mois).",
            "/services_meme_nature",
        ));
    }

    let mut conditions = vec![
        Condition {
            code: "inscription_liste_aptitude".into(),
            libelle: "Inscription sur une liste d'aptitude en cours de validité".into(),
            satisfaite: d.inscrit_liste_aptitude,
            reference: REF_LISTE.into(),
            requis: format!(
                "Être inscrit sur la liste d'aptitude d'accès au grade à la date de nomination ({})",
                format_fr(d.date_nomination)
            ).into(),
            constate: oui_non(d.inscrit_liste_aptitude, "inscrit", "non inscrit").into(),
            verifie: true,
        },
        Condition {
            code: "emploi_cree".into(),
            libelle: "Emploi créé par l'organe délibérant".into(),
            satisfaite: d.poste_cree,
            reference: REF_EMPLOI.into(),
            requis: "Un emploi du grade existe au tableau des effectifs (créé par délibération)"
                .into(),
            constate: oui_non(d.poste_cree, "emploi créé", "emploi non créé").into(),
            verifie: true,
        },
        Condition {
            code: "vacance_declaree".into(),
            libelle: "Vacance de l'emploi déclarée".into(),
            satisfaite: d.vacance_declaree,
            reference: REF_VACANCE.into(),
            requis: "La vacance de l'emploi a été déclarée au centre de gestion".into(),
            constate: oui_non(
                d.vacance_declaree,
                "vacance déclarée",
                "vacance non déclarée",
            ).into(),
            verifie: true,
        },
    ];

    // Seuils démographiques : l'inscription sur la liste se fait sans considération de seuil,
    // mais la nomination suppose que l'employeur puisse créer le grade (guide CDG Martinique §II.E).
    if grade.code == "ingenieur_en_chef" {
        conditions.push(seuil_ingenieur_en_chef(&d.employeur));
    } else if GRADES_A_SEUIL.contains(&grade.code) {
        conditions.push(Condition {
            code: "seuil_demographique".into(),
            libelle: format!("Employeur autorisé à créer le grade de {}", grade.libelle).into(),
            satisfaite: None,
            reference: "Guide CDG Martinique §II.E (nomination conditionnée par les conditions de création du grade) ; statut particulier du cadre".into(),
            requis: "Le seuil démographique fixé par le statut particulier".into(),
            constate: "Seuil de ce grade non codé dans Passerelle : à vérifier sur le statut particulier (règle non vérifiée sur le texte en vigueur)".into(),
            verifie: false,
        });
    }

    // Stage ou titularisation directe.
    let (stage_mois, titularisation_directe, condition_stage) =
        stage(grade.code, grade.categorie(), d.services_meme_nature);
    conditions.push(condition_stage);

    let possible = {
        let bloquantes = conditions.iter().filter(|c| c.code != "stage");
        let mut res = Some(true);
        for c in bloquantes {
            match c.satisfaite {
                Some(false) => {
                    res = Some(false);
                    break;
                }
                None => res = None,
                Some(true) => {}
            }
        }
        res
    };
    let fin_stage_prevue = match stage_mois {
        Some(m) if m > 0 => Some(date::date(
            jour(ajouter_mois(d.date_nomination, m as i32)) - 1,
        )),
        _ => None,
    };
    let verifie = conditions.iter().all(|c| c.verifie);

    let mut explication = match possible {
        Some(true) => format!(
            "Nomination au grade de {} possible le {}.",
            grade.libelle,
            format_fr(d.date_nomination)
        ),
        Some(false) => {
            let manquantes: Vec<&str> = conditions
                .iter()
                .filter(|c| c.satisfaite == Some(false) && c.code != "stage")
                .map(|c| c.libelle.as_ref())
                .collect();
            format!(
                "Nomination au grade de {} impossible : {}.",
                grade.libelle,
                manquantes.join(" ; ")
            )
        }
        None => {
            let inconnues: Vec<&str> = conditions
                .iter()
                .filter(|c| c.satisfaite.is_none() && c.code != "stage")
                .map(|c| c.libelle.as_ref())
                .collect();
            format!(
                "Possibilité de nomination inconnue : à établir — {}.",
                inconnues.join(" ; ")
            )
        }
    };
    match (titularisation_directe, stage_mois) {
        (Some(true), _) => {
            explication.push_str(" Nomination directement en qualité de titulaire, sans stage.")
        }
        (_, Some(m)) => explication.push_str(&format!(
            " Stage de {m} mois{}.",
            fin_stage_prevue
                .map(|f| format!(", jusqu'au {} s'il n'est pas prorogé", format_fr(f)))
                .unwrap_or_default()
        )),
        _ => explication.push_str(" Durée du stage inconnue."),
    }
    if !verifie {
        explication.push_str(
            " Une partie du résultat repose sur une règle non vérifiée sur le texte en vigueur.",
        );
    }
    let mut references: Vec<String> = conditions.iter().map(|c| c.reference.to_string()).collect();
    references.dedup();

    Ok(ReponseNomination {
        version_catalogue: crate::catalogue::version().into(),
        cible: d.cible.clone(),
        possible,
        conditions,
        stage_mois,
        titularisation_directe,
        fin_stage_prevue,
        references,
        verifie,
        explication,
    })
}

/// Durée du stage après nomination par promotion interne.
fn stage(
    code: &str,
    categorie: Categorie,
    services_meme_nature: Option<Duree>,
) -> (Option<u32>, Option<bool>, Condition) {
    let cond = |satisfaite: Option<bool>,
                reference: &str,
                requis: &str,
                constate: String,
                verifie: bool| Condition {
        code: "stage".into(),
        libelle: "Stage ou titularisation directe".into(),
        satisfaite,
        reference: reference.to_owned().into(),
        requis: requis.to_owned().into(),
        constate: constate.into(),
        verifie,
    };
    match code {
        "ingenieur_en_chef" => (
            Some(6),
            Some(false),
            cond(
                Some(true),
                REF_STAGE_IC,
                "Stage de six mois en position de détachement, sans dispense possible",
                "stage de 6 mois".into(),
                true,
            ),
        ),
        "conservateur_patrimoine" | "conservateur_bibliotheques" => (
            Some(12),
            Some(false),
            cond(
                Some(true),
                REF_STAGE_CONSERVATEURS,
                "Stage d'un an",
                "stage de 12 mois".into(),
                true,
            ),
        ),
        "agent_de_maitrise" => match services_meme_nature {
            // Deux ans de services effectifs dans un emploi de même nature (convention 30/360).
            Some(s) if s.en_jours() >= 720 => (
                Some(0),
                Some(true),
                cond(
                    Some(true),
                    REF_AM,
                    "Deux ans de services effectifs dans un emploi de même nature : titularisation directe",
                    format!("{} dans un emploi de même nature : titularisation directe", s.libelle()),
                    true,
                ),
            ),
            Some(s) => (
                None,
                Some(false),
                cond(
                    Some(true),
                    REF_AM,
                    "Deux ans de services effectifs dans un emploi de même nature pour être dispensé de stage",
                    format!(
                        "{} seulement : stage, d'une durée fixée par le statut particulier (non codée, règle non vérifiée)",
                        s.libelle()
                    ),
                    false,
                ),
            ),
            None => (
                None,
                None,
                cond(
                    None,
                    REF_AM,
                    "Deux ans de services effectifs dans un emploi de même nature pour être dispensé de stage",
                    "services dans un emploi de même nature non renseignés".into(),
                    true,
                ),
            ),
        },
        _ => match categorie {
            Categorie::A | Categorie::B => (
                Some(6),
                Some(false),
                cond(
                    Some(true),
                    REF_STAGE_GENERAL,
                    "Stage de six mois (catégories A et B)",
                    "stage de 6 mois — durée générale du guide ; le statut particulier peut prévoir plus long : règle non vérifiée sur le texte en vigueur pour ce cadre".into(),
                    false,
                ),
            ),
            Categorie::C => (
                None,
                None,
                cond(
                    None,
                    "Statut particulier du cadre d'emplois",
                    "Durée fixée par le statut particulier",
                    "durée non codée (règle non vérifiée)".into(),
                    false,
                ),
            ),
        },
    }
}
