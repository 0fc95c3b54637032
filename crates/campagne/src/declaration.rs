//! Recensement : les recrutements de l'année précédant la liste et l'effectif au
//! 31 décembre, déclarés par chaque collectivité affiliée ; base des quotas (décret
//! n° 2013-593 art. 31 ; guide CDG Martinique §I.C).

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use droit::carriere::Versant;
use droit::catalogue::Catalogue;
use droit::date::format_fr;
use droit::erreur::pointeur;

use crate::erreur::{ErreurCampagne, codes};

/// Voie d'un recrutement qui ouvre des postes de promotion interne.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModeRecrutement {
    /// Lauréat de concours nommé.
    Concours,
    /// Mutation externe (venue d'une autre collectivité).
    Mutation,
    Detachement,
    IntegrationDirecte,
    /// Titularisation d'un travailleur handicapé recruté par contrat (CGFP L.352-4).
    TravailleurHandicape,
}

/// Un recrutement déclaré, avec la référence de son arrêté.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recrutement {
    pub cadre_emplois: String,
    pub mode: ModeRecrutement,
    pub date: Date,
    /// Référence de l'arrêté (« arrêté n° 2026-014 »).
    pub reference: String,
}

/// Effectif d'un cadre d'emplois au 31 décembre de l'année précédant la liste.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EffectifDeclare {
    pub cadre_emplois: String,
    #[serde(default)]
    pub fonctionnaires_activite_detachement: u32,
    #[serde(default)]
    pub cdi: u32,
}

/// La déclaration d'une collectivité (contrat v2, « Recensement »).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    #[serde(default)]
    pub recrutements: Vec<Recrutement>,
    #[serde(default)]
    pub effectifs: Vec<EffectifDeclare>,
}

/// Lit une déclaration JSON (erreurs françaises avec pointeur, 422).
pub fn lire_declaration(json: &str) -> Result<Declaration, ErreurCampagne> {
    Ok(droit::commandes::lire::<Declaration>(json)?)
}

fn cadre_territorial(code: &str, chemin: String) -> Result<(), ErreurCampagne> {
    match Catalogue::get().cadre(code) {
        None => Err(ErreurCampagne::invalide(
            codes::CODE_INCONNU,
            format!("Le cadre d'emplois « {code} » est inconnu du catalogue."),
            chemin,
        )),
        Some(c) if c.versant != Versant::Territoriale => Err(ErreurCampagne::invalide(
            codes::CODE_INCONNU,
            format!(
                "« {} » n'est pas un cadre d'emplois de la fonction publique territoriale.",
                c.libelle
            ),
            chemin,
        )),
        Some(_) => Ok(()),
    }
}

/// Contrôle une déclaration pour la liste de l'année `annee` : 409 `non_affiliee` pour une
/// collectivité qui établit ses propres listes ; 422 pour un cadre inconnu, un recrutement
/// daté hors de l'année `annee - 1` (`date_hors_annee`), une référence d'arrêté vide ou un
/// cadre déclaré deux fois dans l'effectif.
pub fn valider_declaration(
    d: &Declaration,
    annee: i32,
    affiliee: bool,
) -> Result<(), ErreurCampagne> {
    if !affiliee {
        return Err(ErreurCampagne::conflit(
            codes::NON_AFFILIEE,
            "La collectivité n'est pas affiliée au centre de gestion : elle établit elle-même ses listes d'aptitude et ses recrutements ne sont pas mis en commun.",
        ));
    }
    let annee_recrutements = annee - 1;
    for (i, r) in d.recrutements.iter().enumerate() {
        let i = i.to_string();
        cadre_territorial(
            &r.cadre_emplois,
            pointeur(["recrutements", &i, "cadre_emplois"]),
        )?;
        if i32::from(r.date.year()) != annee_recrutements {
            return Err(ErreurCampagne::invalide(
                codes::DATE_HORS_ANNEE,
                format!(
                    "Le recrutement du {} n'est pas de {annee_recrutements} : seuls les recrutements de l'année précédant la liste {annee} sont déclarés.",
                    format_fr(r.date)
                ),
                pointeur(["recrutements", &i, "date"]),
            ));
        }
        if r.reference.trim().is_empty() {
            return Err(ErreurCampagne::invalide(
                codes::VALEUR_VIDE,
                "La référence de l'arrêté de recrutement est obligatoire.",
                pointeur(["recrutements", &i, "reference"]),
            ));
        }
    }
    for (i, e) in d.effectifs.iter().enumerate() {
        let si = i.to_string();
        cadre_territorial(
            &e.cadre_emplois,
            pointeur(["effectifs", &si, "cadre_emplois"]),
        )?;
        if let Some(j) = d.effectifs[..i]
            .iter()
            .position(|x| x.cadre_emplois == e.cadre_emplois)
        {
            return Err(ErreurCampagne::invalide(
                "cadre_en_double",
                format!(
                    "L'effectif du cadre d'emplois « {} » est déjà déclaré (ligne {}).",
                    e.cadre_emplois,
                    j + 1
                ),
                pointeur(["effectifs", &si, "cadre_emplois"]),
            ));
        }
    }
    Ok(())
}
