//! Autorité compétente pour la promotion interne d'un agent intercommunal (contrat v1,
//! commande `intercommunal`).
//!
//! Décret 91-298 du 20 mars 1991 art. 14, cité par le guide CDG Martinique §I.A : la nomination d'un
//! fonctionnaire qui occupe le même emploi à temps non complet dans plusieurs collectivités
//! est prononcée par l'autorité de la collectivité où il accomplit la plus grande part de son
//! activité ; à durée égale, par l'autorité qui l'a recruté en premier. En cas de désaccord,
//! la décision exige l'accord des deux tiers au moins des autorités représentant plus de la
//! moitié de la durée hebdomadaire, ou de la moitié au moins des autorités représentant plus
//! des deux tiers de cette durée.
//!
//! Note : note juridique §7 marque la seconde branche comme non vérifiée (texte tronqué
//! dans sa source), mais le guide CDG Martinique §I.A la cite en toutes lettres : le document source
//! prime, la règle est livrée vérifiée.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::format_fr;
use crate::erreur::{ErreurEntree, pointeur};
use crate::resultat::Condition;

const REFERENCE: &str = "Décret n° 91-298 du 20 mars 1991 art. 14 ; guide CDG Martinique §I.A";

/// Un employeur de l'agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmployeurIntercommunal {
    pub id: String,
    /// Durée hebdomadaire de service chez cet employeur, en heures.
    pub heures_hebdomadaires: f64,
    /// Date à laquelle cet employeur a recruté l'agent.
    pub date_recrutement: Date,
    /// Accord de l'autorité sur la proposition de décision ; `null` : inconnu.
    #[serde(default)]
    pub accord: Option<bool>,
}

/// Entrée de la commande `intercommunal`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeIntercommunal {
    pub employeurs: Vec<EmployeurIntercommunal>,
}

/// Règle qui fonde la validité de la décision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegleIntercommunal {
    /// Toutes les autorités sont d'accord.
    AccordUnanime,
    /// Désaccord : deux tiers au moins des autorités, plus de la moitié des heures.
    DeuxTiersAutoritesPlusMoitieHeures,
    /// Désaccord : moitié au moins des autorités, plus des deux tiers des heures.
    MoitieAutoritesPlusDeuxTiersHeures,
    /// Désaccord : aucune des deux majorités n'est atteinte.
    MajoriteNonAtteinte,
    /// Des accords inconnus empêchent de conclure.
    AccordsInconnus,
}

/// Sortie de la commande `intercommunal`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReponseIntercommunal {
    /// Employeur dont l'autorité prend la décision ; `null` si heures et dates de recrutement
    /// sont identiques (non déterminable).
    pub autorite: Option<String>,
    /// La décision peut être prise ; `null` si des accords inconnus empêchent de conclure.
    pub decision_valide: Option<bool>,
    /// Règle appliquée pour la validité de la décision.
    pub regle: RegleIntercommunal,
    /// Comment l'autorité a été désignée : `plus_grande_duree` ou `premier_recruteur`.
    pub designation: Option<String>,
    pub heures_totales: f64,
    pub heures_favorables: f64,
    pub autorites_favorables: u32,
    pub autorites: u32,
    pub conditions: Vec<Condition>,
    pub explication: String,
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

fn heures_fr(h: f64) -> String {
    let s = format!("{h:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{} h", s.replace('.', ","))
}

fn valider(d: &DemandeIntercommunal) -> Result<(), ErreurEntree> {
    if d.employeurs.is_empty() {
        return Err(ErreurEntree::new(
            "valeur_vide",
            "Au moins un employeur est nécessaire.",
            "/employeurs",
        ));
    }
    let mut vus = std::collections::HashSet::new();
    for (i, e) in d.employeurs.iter().enumerate() {
        let idx = i.to_string();
        if e.id.trim().is_empty() {
            return Err(ErreurEntree::new(
                "valeur_vide",
                "L'identifiant d'un employeur ne peut pas être vide.",
                pointeur(["employeurs", &idx, "id"]),
            ));
        }
        if !vus.insert(e.id.as_str()) {
            return Err(ErreurEntree::new(
                "identifiant_en_double",
                format!("L'employeur « {} » apparaît deux fois.", e.id),
                pointeur(["employeurs", &idx, "id"]),
            ));
        }
        // Une durée hebdomadaire est positive ; le cumul des emplois à temps non complet
        // reste sous 115 % d'un temps complet (note juridique §7), on admet au plus
        // 48 heures par employeur.
        if !e.heures_hebdomadaires.is_finite()
            || e.heures_hebdomadaires <= 0.0
            || e.heures_hebdomadaires > 48.0
        {
            return Err(ErreurEntree::hors_bornes(
                format!(
                    "La durée hebdomadaire doit être strictement positive et d'au plus 48 heures (reçu : {}).",
                    e.heures_hebdomadaires
                ),
                pointeur(["employeurs", &idx, "heures_hebdomadaires"]),
            ));
        }
        if !(1950..=2100).contains(&i32::from(e.date_recrutement.year())) {
            return Err(ErreurEntree::hors_bornes(
                "La date de recrutement est hors des bornes admises (années 1950 à 2100).",
                pointeur(["employeurs", &idx, "date_recrutement"]),
            ));
        }
    }
    Ok(())
}

/// Les deux majorités de l'article 14, pour un ensemble d'autorités favorables.
/// Les heures sont comparées en centièmes d'heure entiers, pour que les seuils « plus de la
/// moitié » et « plus des deux tiers » ne dépendent pas d'erreurs d'arrondi flottant.
fn majorites(favorables: u32, n: u32, h_fav: f64, h_tot: f64) -> (bool, bool) {
    let h_fav = centiemes(h_fav);
    let h_tot = centiemes(h_tot);
    // Deux tiers au moins des autorités (3 × fav ≥ 2 × n) représentant plus de la moitié de
    // la durée hebdomadaire (2 × h > total).
    let premiere = 3 * favorables >= 2 * n && 2 * h_fav > h_tot;
    // Moitié au moins des autorités (2 × fav ≥ n) représentant plus des deux tiers de la durée
    // (3 × h > 2 × total).
    let seconde = 2 * favorables >= n && 3 * h_fav > 2 * h_tot;
    (premiere, seconde)
}

fn centiemes(h: f64) -> u64 {
    (h * 100.0).round() as u64
}

/// Commande `intercommunal`.
pub fn executer(d: DemandeIntercommunal) -> Result<ReponseIntercommunal, ErreurEntree> {
    valider(&d)?;
    Ok(evaluer(&d))
}

/// Désigne l'autorité compétente et dit si la décision peut être prise.
pub fn evaluer(d: &DemandeIntercommunal) -> ReponseIntercommunal {
    let emp = &d.employeurs;
    let n = emp.len() as u32;
    let h_tot: f64 = emp.iter().map(|e| e.heures_hebdomadaires).sum();

    // 1. Autorité : la plus grande durée ; à égalité, le premier recruteur.
    let h_max = emp
        .iter()
        .map(|e| e.heures_hebdomadaires)
        .fold(f64::MIN, f64::max);
    let en_tete: Vec<&EmployeurIntercommunal> = emp
        .iter()
        .filter(|e| e.heures_hebdomadaires == h_max)
        .collect();
    let (autorite, designation, constate_autorite) = if en_tete.len() == 1 {
        (
            Some(en_tete[0].id.clone()),
            Some("plus_grande_duree".to_owned()),
            format!(
                "{} : {} par semaine, la plus grande durée",
                en_tete[0].id,
                heures_fr(h_max)
            ),
        )
    } else {
        let premiere_date = en_tete
            .iter()
            .map(|e| e.date_recrutement)
            .min()
            .expect("au moins un employeur");
        let premiers: Vec<&&EmployeurIntercommunal> = en_tete
            .iter()
            .filter(|e| e.date_recrutement == premiere_date)
            .collect();
        let ids: Vec<&str> = en_tete.iter().map(|e| e.id.as_str()).collect();
        if premiers.len() == 1 {
            (
                Some(premiers[0].id.clone()),
                Some("premier_recruteur".to_owned()),
                format!(
                    "durée égale ({}) pour {} ; {} a recruté l'agent en premier, le {}",
                    heures_fr(h_max),
                    ids.join(", "),
                    premiers[0].id,
                    format_fr(premiere_date)
                ),
            )
        } else {
            (
                None,
                None,
                format!(
                    "durée égale ({}) et même date de recrutement ({}) pour {} : autorité non déterminable",
                    heures_fr(h_max),
                    format_fr(premiere_date),
                    ids.join(", ")
                ),
            )
        }
    };

    // 2. Validité de la décision.
    let fav_surs = emp.iter().filter(|e| e.accord == Some(true)).count() as u32;
    let inconnus = emp.iter().filter(|e| e.accord.is_none()).count() as u32;
    let contre = n - fav_surs - inconnus;
    let h_surs: f64 = emp
        .iter()
        .filter(|e| e.accord == Some(true))
        .map(|e| e.heures_hebdomadaires)
        .sum();
    let h_possibles: f64 = emp
        .iter()
        .filter(|e| e.accord != Some(false))
        .map(|e| e.heures_hebdomadaires)
        .sum();
    let (min1, min2) = majorites(fav_surs, n, h_surs, h_tot);
    let (max1, max2) = majorites(fav_surs + inconnus, n, h_possibles, h_tot);

    let (decision_valide, regle) = if contre == 0 && inconnus == 0 {
        (Some(true), RegleIntercommunal::AccordUnanime)
    } else if min1 {
        (
            Some(true),
            RegleIntercommunal::DeuxTiersAutoritesPlusMoitieHeures,
        )
    } else if min2 {
        (
            Some(true),
            RegleIntercommunal::MoitieAutoritesPlusDeuxTiersHeures,
        )
    } else if !(max1 || max2) {
        // Même si tous les accords inconnus étaient favorables, aucune majorité n'est
        // atteinte (ce cas suppose une opposition exprimée : l'accord de tous vaut unanimité).
        (Some(false), RegleIntercommunal::MajoriteNonAtteinte)
    } else {
        (None, RegleIntercommunal::AccordsInconnus)
    };

    let mut conditions = vec![Condition {
        code: "autorite_competente".into(),
        libelle: "Autorité qui prononce la nomination".into(),
        satisfaite: Some(autorite.is_some()),
        reference: REFERENCE.into(),
        requis: "L'autorité de l'employeur où l'agent accomplit la plus grande part de sa durée hebdomadaire ; à durée égale, celle qui l'a recruté en premier".into(),
        constate: constate_autorite.clone().into(),
        verifie: true,
    }];
    let pct = if h_tot > 0.0 {
        h_surs / h_tot * 100.0
    } else {
        0.0
    };
    let constate_accords = format!(
        "{fav_surs} autorité(s) favorable(s) sur {n}, {contre} opposée(s), {inconnus} d'accord inconnu ; heures des favorables : {} sur {} ({} %)",
        heures_fr(h_surs),
        heures_fr(h_tot),
        format!("{pct:.1}").replace('.', ",")
    );
    if contre > 0 || inconnus > 0 {
        conditions.push(Condition {
            code: "majorite_deux_tiers_autorites".into(),
            libelle: "Deux tiers au moins des autorités, représentant plus de la moitié de la durée hebdomadaire".into(),
            satisfaite: if min1 { Some(true) } else if max1 { None } else { Some(false) },
            reference: REFERENCE.into(),
            requis: "Accord d'au moins deux tiers des autorités concernées représentant plus de la moitié de la durée hebdomadaire de service".into(),
            constate: constate_accords.clone().into(),
            verifie: true,
        });
        conditions.push(Condition {
            code: "majorite_moitie_autorites".into(),
            libelle: "Moitié au moins des autorités, représentant plus des deux tiers de la durée hebdomadaire".into(),
            satisfaite: if min2 { Some(true) } else if max2 { None } else { Some(false) },
            reference: format!("{REFERENCE} (branche citée en toutes lettres par le guide CDG Martinique, qui prime sur la note de recherche)").into(),
            requis: "Accord d'au moins la moitié des autorités concernées représentant plus des deux tiers de la durée hebdomadaire de service".into(),
            constate: constate_accords.clone().into(),
            verifie: true,
        });
    } else {
        conditions.push(Condition {
            code: "accord_unanime".into(),
            libelle: "Accord de toutes les autorités".into(),
            satisfaite: Some(true),
            reference: REFERENCE.into(),
            requis: "Sans désaccord, l'autorité désignée décide après avis des autres autorités"
                .into(),
            constate: constate_accords.clone().into(),
            verifie: true,
        });
    }

    let qui = match &autorite {
        Some(a) => format!("L'autorité de {a} prononce la nomination ({constate_autorite})."),
        None => format!("Autorité non déterminable : {constate_autorite}."),
    };
    let validite = match regle {
        RegleIntercommunal::AccordUnanime => {
            "Toutes les autorités sont d'accord : la décision peut être prise.".to_owned()
        }
        RegleIntercommunal::DeuxTiersAutoritesPlusMoitieHeures => format!(
            "Désaccord, mais la proposition recueille l'accord des deux tiers au moins des autorités représentant plus de la moitié de la durée hebdomadaire : la décision peut être prise ({constate_accords})."
        ),
        RegleIntercommunal::MoitieAutoritesPlusDeuxTiersHeures => format!(
            "Désaccord, mais la proposition recueille l'accord de la moitié au moins des autorités représentant plus des deux tiers de la durée hebdomadaire : la décision peut être prise ({constate_accords})."
        ),
        RegleIntercommunal::MajoriteNonAtteinte => format!(
            "Désaccord : ni les deux tiers des autorités avec plus de la moitié des heures, ni la moitié des autorités avec plus des deux tiers des heures ne sont réunis ; la décision ne peut pas être prise ({constate_accords})."
        ),
        RegleIntercommunal::AccordsInconnus => format!(
            "Des accords sont inconnus et font basculer le résultat : validité de la décision inconnue ({constate_accords})."
        ),
    };

    ReponseIntercommunal {
        version_catalogue: crate::catalogue::version().into(),
        autorite,
        decision_valide,
        regle,
        designation,
        heures_totales: h_tot,
        heures_favorables: h_surs,
        autorites_favorables: fav_surs,
        autorites: n,
        conditions,
        explication: format!("{qui} {validite}"),
    }
}
