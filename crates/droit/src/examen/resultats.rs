//! Commande `examen-resultats` : admissibilité, admission, classement et liste d'aptitude
//! nationale de l'examen professionnel d'ingénieur en chef territorial.
//!
//! Sources : décret n° 2016-208 du 26 février 2016, art. 1er (épreuves et coefficients) ;
//! FAQ CNFPT (FAQ CNFPT ingénieur en chef) questions 25 à 27 (postes, jury, épreuves), 30 à 34 (formation,
//! liste d'aptitude) ; note juridique §4 (notes éliminatoires, seuils).

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{NON_VERIFIEE, faq};
use crate::carriere::{Agent, valider_annee};
use crate::erreur::ErreurEntree;
use crate::liste_aptitude::cle_alphabetique;
use crate::resultat::Condition;

/// Coefficient de l'épreuve d'admissibilité, examen du dossier (décret 2016-208 art. 1er ;
/// FAQ CNFPT ingénieur en chef Q27).
pub const COEFFICIENT_DOSSIER: u32 = 3;
/// Coefficient de l'épreuve d'admission, entretien de 40 minutes (décret 2016-208 art. 1er ;
/// FAQ CNFPT ingénieur en chef Q27).
pub const COEFFICIENT_ENTRETIEN: u32 = 5;
/// Durée de l'entretien d'admission, en minutes (décret 2016-208 art. 1er ; FAQ CNFPT ingénieur en chef Q27).
pub const DUREE_ENTRETIEN_MINUTES: u32 = 40;
/// Note du dossier en dessous de laquelle le candidat est éliminé (référence §4, S sec).
pub const NOTE_ELIMINATOIRE_DOSSIER: f64 = 5.0;
/// Note d'entretien éliminatoire (référence §4 : fait R, non vérifié).
pub const NOTE_ELIMINATOIRE_ENTRETIEN: f64 = 5.0;
/// Moyenne minimale d'admission (référence §0.5 et §4 : fait R, non vérifié).
pub const MOYENNE_ADMISSION: f64 = 10.0;

/// Libellé de la règle de départage appliquée au classement.
pub const REGLE_DEPARTAGE: &str = "Classement par total pondéré décroissant (dossier × 3 + entretien × 5) ; à total égal, la meilleure note d'entretien passe devant (l'entretien porte le plus fort coefficient), puis la meilleure note de dossier. Deux candidats encore à égalité sont ex aequo et partagent le même rang ; si des ex aequo se disputent le dernier poste, aucun d'eux n'est déclaré admis d'office : le jury doit les départager.";

/// Entrée de la commande `examen-resultats`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeResultats {
    /// Année de la session d'examen.
    pub session: i32,
    /// Nombre de postes ouverts par arrêté du président du CNFPT (FAQ CNFPT ingénieur en chef Q25).
    pub postes: u32,
    /// Seuil d'admissibilité fixé par le jury, note du dossier sur 20.
    pub seuil_admissibilite: f64,
    pub candidats: Vec<Candidat>,
    /// Nombre d'admis aux concours d'ingénieur en chef de la session précédente : les postes
    /// ne peuvent excéder 70 % de ce nombre (FAQ CNFPT ingénieur en chef Q25). Absent : plafond non vérifié.
    #[serde(default)]
    pub admis_concours_session_precedente: Option<u32>,
    /// Composition du jury (FAQ CNFPT ingénieur en chef Q26). Absent : composition non vérifiée.
    #[serde(default)]
    pub jury: Option<Vec<MembreJury>>,
    /// Année de la liste d'aptitude (obligations de formation appréciées pour cette année) ;
    /// par défaut l'année de la session.
    #[serde(default)]
    pub annee_liste_aptitude: Option<i32>,
}

/// Un candidat et ses notes sur 20.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Candidat {
    pub id: String,
    /// Nom de famille, pour l'ordre alphabétique de la liste d'aptitude (FAQ CNFPT ingénieur en chef Q34).
    #[serde(default)]
    pub nom: Option<String>,
    #[serde(default)]
    pub prenom: Option<String>,
    /// Note de l'épreuve d'admissibilité (examen du dossier), sur 20.
    pub note_dossier: f64,
    /// Note de l'entretien d'admission, sur 20 ; absente si le candidat n'a pas été entendu.
    #[serde(default)]
    pub note_entretien: Option<f64>,
    /// Carrière et formations, pour les obligations de formation (FAQ CNFPT ingénieur en chef Q30 à Q33).
    #[serde(default)]
    pub agent: Option<Agent>,
}

/// Qualité d'un membre du jury (FAQ CNFPT ingénieur en chef Q26).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QualiteMembreJury {
    FonctionnaireTerritorial,
    PersonnaliteQualifiee,
    EluLocal,
}

/// Un membre du jury.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MembreJury {
    #[serde(default)]
    pub nom: Option<String>,
    pub qualite: QualiteMembreJury,
}

/// Coefficients appliqués.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Coefficients {
    pub dossier: u32,
    pub entretien: u32,
    pub duree_entretien_minutes: u32,
}

/// Une ligne du classement : candidats entendus qui remplissent les conditions d'admission
/// (notes non éliminatoires, moyenne), dans l'ordre de mérite.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct LigneClassement {
    pub rang: u32,
    pub id: String,
    pub note_dossier: f64,
    pub note_entretien: f64,
    /// Total pondéré sur 160 (dossier × 3 + entretien × 5).
    pub total: f64,
    /// Moyenne sur 20 (total / 8).
    pub moyenne: f64,
    pub ex_aequo: bool,
    pub admis: bool,
}

/// Une inscription sur la liste d'aptitude (ordre alphabétique, FAQ CNFPT ingénieur en chef Q34).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct InscriptionListe {
    pub id: String,
    pub nom: Option<String>,
    pub prenom: Option<String>,
}

/// Décision détaillée pour un candidat.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct CandidatEvalue {
    pub id: String,
    pub admissible: bool,
    pub admis: bool,
    /// Inscription sur la liste d'aptitude (seulement pour un admis) ; `null` si non admis.
    pub inscrit_liste_aptitude: Option<bool>,
    pub rang: Option<u32>,
    pub conditions: Vec<Condition>,
    /// Explication en français.
    pub motifs: Vec<String>,
}

/// Sortie de la commande `examen-resultats`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReponseResultats {
    pub session: i32,
    pub annee_liste_aptitude: i32,
    pub coefficients: Coefficients,
    pub postes: u32,
    /// 70 % des admis aux concours de la session précédente, arrondi à l'inférieur.
    pub plafond_postes: Option<u32>,
    /// Identifiants des candidats admissibles, dans l'ordre de la demande.
    pub admissibles: Vec<String>,
    /// Identifiants des candidats admis, dans l'ordre du classement.
    pub admis: Vec<String>,
    pub classement: Vec<LigneClassement>,
    pub regle_departage: String,
    /// Liste d'aptitude nationale, par ordre alphabétique (FAQ CNFPT ingénieur en chef Q34).
    pub liste_aptitude: Vec<InscriptionListe>,
    pub candidats: Vec<CandidatEvalue>,
    /// Contrôles de la session (jury, nombre de postes).
    pub conditions: Vec<Condition>,
    pub a_verifier: Vec<String>,
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

/// Note en centièmes de point, pour des comparaisons exactes.
fn centiemes(note: f64, chemin: String, quoi: &str) -> Result<i64, ErreurEntree> {
    if !note.is_finite() || !(0.0..=20.0).contains(&note) {
        return Err(ErreurEntree::hors_bornes(
            format!("La {quoi} doit être comprise entre 0 et 20 (reçu : {note})."),
            chemin,
        ));
    }
    let c = (note * 100.0).round();
    if (note * 100.0 - c).abs() > 1e-6 {
        return Err(ErreurEntree::hors_bornes(
            format!("La {quoi} s'exprime au plus au centième de point (reçu : {note})."),
            chemin,
        ));
    }
    Ok(c as i64)
}

/// FAQ CNFPT ingénieur en chef Q34 : la liste d'aptitude est arrêtée par ordre alphabétique (nom, puis
/// prénom ; l'identifiant départage deux homonymes et remplace un nom absent), avec la clé
/// de tri commune aux listes d'aptitude.
pub fn liste_alphabetique(mut liste: Vec<InscriptionListe>) -> Vec<InscriptionListe> {
    liste.sort_by_cached_key(|x| {
        (
            cle_alphabetique(x.nom.as_deref().unwrap_or(&x.id)),
            cle_alphabetique(x.prenom.as_deref().unwrap_or("")),
            x.id.clone(),
        )
    });
    liste
}

fn valider_jury(jury: &[MembreJury]) -> Result<Condition, ErreurEntree> {
    let compte = |q| jury.iter().filter(|m| m.qualite == q).count();
    let (f, p, e) = (
        compte(QualiteMembreJury::FonctionnaireTerritorial),
        compte(QualiteMembreJury::PersonnaliteQualifiee),
        compte(QualiteMembreJury::EluLocal),
    );
    let constate = format!(
        "{} membre(s) : {f} fonctionnaire(s) territorial(aux), {p} personnalité(s) qualifiée(s), {e} élu(s) local(aux)",
        jury.len()
    );
    // FAQ CNFPT ingénieur en chef Q26 : neuf membres, trois par collège. Une autre composition est une erreur.
    if jury.len() != 9 || f != 3 || p != 3 || e != 3 {
        return Err(ErreurEntree::new(
            "jury_irregulier",
            format!(
                "La composition du jury est irrégulière : {constate}. Le jury comprend neuf membres, soit trois fonctionnaires territoriaux, trois personnalités qualifiées et trois élus locaux (FAQ du CNFPT, question 26)."
            ),
            "/jury",
        ));
    }
    Ok(Condition {
        code: "composition_jury".into(),
        libelle: "Composition du jury".into(),
        satisfaite: Some(true),
        reference: format!("Décret n° 2016-208 du 26 février 2016 ; {}", faq("Q26")).into(),
        requis: "Neuf membres : trois fonctionnaires territoriaux, trois personnalités qualifiées, trois élus locaux".into(),
        constate: constate.into(),
        verifie: true,
    })
}

struct Notes {
    dossier: i64,
    entretien: Option<i64>,
}

/// Commande `examen-resultats`.
pub fn executer_resultats(e: DemandeResultats) -> Result<ReponseResultats, ErreurEntree> {
    valider_annee(e.session, "/session")?;
    let annee_liste = e.annee_liste_aptitude.unwrap_or(e.session);
    valider_annee(annee_liste, "/annee_liste_aptitude")?;
    let seuil = centiemes(
        e.seuil_admissibilite,
        "/seuil_admissibilite".into(),
        "seuil d'admissibilité",
    )?;
    if e.postes == 0 {
        return Err(ErreurEntree::hors_bornes(
            "Le nombre de postes ouverts doit être au moins égal à 1.",
            "/postes",
        ));
    }
    let mut conditions = Vec::new();
    let mut a_verifier = Vec::new();

    // FAQ CNFPT ingénieur en chef Q25 : postes ≤ 70 % des admis aux concours de la session précédente.
    let plafond = e
        .admis_concours_session_precedente
        .map(crate::quota::plafond_examen_ingenieur_en_chef);
    let reference_postes = format!("Décret n° 2016-208 du 26 février 2016 ; {}", faq("Q25"));
    let requis_postes = "Au plus 70 % du nombre de candidats admis aux concours d'ingénieur en chef territorial de la session précédente".to_owned();
    match (plafond, e.admis_concours_session_precedente) {
        (Some(pl), Some(admis)) => {
            if e.postes > pl {
                return Err(ErreurEntree::hors_bornes(
                    format!(
                        "Le nombre de postes ({}) dépasse le plafond de {pl} : il ne peut excéder 70 % des {admis} admis aux concours d'ingénieur en chef territorial de la session précédente (FAQ du CNFPT, question 25).",
                        e.postes
                    ),
                    "/postes",
                ));
            }
            conditions.push(Condition {
                code: "plafond_postes".into(),
                libelle: "Nombre de postes ouverts".into(),
                satisfaite: Some(true),
                reference: reference_postes.into(),
                requis: requis_postes.into(),
                constate: format!(
                    "{} poste(s) pour un plafond de {pl} ({admis} admis aux concours)",
                    e.postes
                )
                .into(),
                verifie: true,
            });
        }
        _ => {
            conditions.push(Condition {
                code: "plafond_postes".into(),
                libelle: "Nombre de postes ouverts".into(),
                satisfaite: None,
                reference: reference_postes.into(),
                requis: requis_postes.into(),
                constate: "Nombre d'admis aux concours de la session précédente non fourni : plafond non vérifié".into(),
                verifie: true,
            });
            a_verifier.push("Le plafond des postes (70 % des admis aux concours de la session précédente, question 25) n'a pas été vérifié faute du nombre d'admis.".into());
        }
    }
    match &e.jury {
        Some(j) => conditions.push(valider_jury(j)?),
        None => {
            conditions.push(Condition {
                code: "composition_jury".into(),
                libelle: "Composition du jury".into(),
                satisfaite: None,
                reference: format!("Décret n° 2016-208 du 26 février 2016 ; {}", faq("Q26")).into(),
                requis: "Neuf membres : trois fonctionnaires territoriaux, trois personnalités qualifiées, trois élus locaux".into(),
                constate: "Composition du jury non fournie : non vérifiée".into(),
                verifie: true,
            });
            a_verifier.push(
                "La composition du jury (question 26) n'a pas été vérifiée faute d'être fournie."
                    .into(),
            );
        }
    }

    // Validation des candidats et de leurs notes.
    let mut ids = HashSet::new();
    let mut notes = Vec::with_capacity(e.candidats.len());
    for (i, c) in e.candidats.iter().enumerate() {
        if c.id.trim().is_empty() {
            return Err(ErreurEntree::new(
                "champ_invalide",
                "L'identifiant d'un candidat ne peut pas être vide.",
                format!("/candidats/{i}/id"),
            ));
        }
        if !ids.insert(c.id.as_str()) {
            return Err(ErreurEntree::new(
                "doublon",
                format!("Le candidat « {} » figure deux fois.", c.id),
                format!("/candidats/{i}/id"),
            ));
        }
        let dossier = centiemes(
            c.note_dossier,
            format!("/candidats/{i}/note_dossier"),
            "note de dossier",
        )?;
        let entretien = c
            .note_entretien
            .map(|n| {
                centiemes(
                    n,
                    format!("/candidats/{i}/note_entretien"),
                    "note d'entretien",
                )
            })
            .transpose()?;
        if let Some(a) = &c.agent {
            a.valider(&format!("/candidats/{i}/agent"))?;
        }
        notes.push(Notes { dossier, entretien });
    }

    // Admissibilité (décret 2016-208 art. 1er ; référence §4).
    let mut evalues = Vec::with_capacity(e.candidats.len());
    let mut admissibles = Vec::new();
    for (i, (c, n)) in e.candidats.iter().zip(&notes).enumerate() {
        let mut conds = Vec::new();
        let mut motifs = Vec::new();
        let elimine = n.dossier < (NOTE_ELIMINATOIRE_DOSSIER * 100.0) as i64;
        conds.push(Condition {
            code: "note_eliminatoire_dossier".into(),
            libelle: "Note de l'épreuve d'admissibilité non éliminatoire".into(),
            satisfaite: Some(!elimine),
            reference: "Décret n° 2016-208 du 26 février 2016, épreuve d'admissibilité, coefficient 3 (note éliminatoire rapportée par la fiche UNSA-MSP ; article non identifié)".into(),
            requis: "Note de dossier au moins égale à 5 sur 20 : une note inférieure est éliminatoire".into(),
            constate: format!("Note de dossier : {}", sur_20(n.dossier)).into(),
            verifie: true,
        });
        let au_seuil = n.dossier >= seuil;
        conds.push(Condition {
            code: "seuil_admissibilite".into(),
            libelle: "Seuil d'admissibilité fixé par le jury".into(),
            satisfaite: Some(au_seuil),
            reference: "Décret n° 2016-208 du 26 février 2016 (seuil fixé par le jury : article non identifié)".into(),
            requis: format!(
                "Note de dossier au moins égale au seuil de {} fixé par le jury ({NON_VERIFIEE} quant à la compétence du jury pour fixer ce seuil)",
                sur_20(seuil)
            ).into(),
            constate: format!("Note de dossier : {}", sur_20(n.dossier)).into(),
            verifie: false,
        });
        let admissible = !elimine && au_seuil;
        if elimine {
            motifs.push(format!(
                "La note de {} obtenue à l'épreuve d'admissibilité est inférieure à 5 sur 20 : elle est éliminatoire.",
                sur_20(n.dossier)
            ));
        } else if !au_seuil {
            motifs.push(format!(
                "La note de {} obtenue à l'épreuve d'admissibilité est inférieure au seuil d'admissibilité de {} fixé par le jury.",
                sur_20(n.dossier),
                sur_20(seuil)
            ));
        }
        // Seuls les candidats admissibles sont convoqués à l'entretien (FAQ CNFPT ingénieur en chef Q28).
        if !admissible && n.entretien.is_some() {
            return Err(ErreurEntree::new(
                "note_incoherente",
                format!(
                    "Le candidat « {} » n'est pas admissible : seuls les candidats admissibles passent l'entretien d'admission (FAQ du CNFPT, question 28), il ne peut donc pas avoir de note d'entretien.",
                    c.id
                ),
                format!("/candidats/{i}/note_entretien"),
            ));
        }
        if admissible {
            admissibles.push(c.id.clone());
            if n.entretien.is_none() {
                motifs.push("Admissible ; aucune note d'entretien n'est fournie : le candidat n'est ni classé ni admis.".into());
            }
        }
        evalues.push(CandidatEvalue {
            id: c.id.clone(),
            admissible,
            admis: false,
            inscrit_liste_aptitude: None,
            rang: None,
            conditions: conds,
            motifs,
        });
    }

    // Classement des candidats entendus (décret 2016-208 art. 1er : coefficients 3 et 5).
    let mut entendus: Vec<(usize, i64, i64, i64)> = notes
        .iter()
        .enumerate()
        .filter(|(i, _)| evalues[*i].admissible)
        .filter_map(|(i, n)| {
            n.entretien.map(|en| {
                let total = n.dossier * i64::from(COEFFICIENT_DOSSIER)
                    + en * i64::from(COEFFICIENT_ENTRETIEN);
                (i, total, en, n.dossier)
            })
        })
        .collect();
    // Départage documenté : total, puis entretien, puis dossier (voir REGLE_DEPARTAGE).
    entendus.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(b.2.cmp(&a.2))
            .then(b.3.cmp(&a.3))
            .then(a.0.cmp(&b.0))
    });
    let cle = |x: &(usize, i64, i64, i64)| (x.1, x.2, x.3);
    let seuil_moyenne = (MOYENNE_ADMISSION * 100.0) as i64 * 8;
    let seuil_entretien = (NOTE_ELIMINATOIRE_ENTRETIEN * 100.0) as i64;

    // Conditions d'admission de chaque candidat entendu (référence §0.5 et §4 : faits R).
    let mut recus = Vec::new();
    for x in &entendus {
        let (i, total, en, _) = *x;
        let ev = &mut evalues[i];
        let entretien_ok = en >= seuil_entretien;
        let moyenne_ok = total >= seuil_moyenne;
        ev.conditions.push(Condition {
            code: "note_eliminatoire_entretien".into(),
            libelle: "Note de l'entretien d'admission non éliminatoire".into(),
            satisfaite: Some(entretien_ok),
            reference: "Décret n° 2016-208 du 26 février 2016, art. 1er, épreuve d'admission, 40 minutes, coefficient 5 (note éliminatoire : article non identifié)".into(),
            requis: format!("Note d'entretien au moins égale à 5 sur 20 ({NON_VERIFIEE})").into(),
            constate: format!("Note d'entretien : {}", sur_20(en)).into(),
            verifie: false,
        });
        ev.conditions.push(Condition {
            code: "moyenne_admission".into(),
            libelle: "Moyenne générale d'admission".into(),
            satisfaite: Some(moyenne_ok),
            reference: "Règle générale des examens professionnels (moyenne de 10 sur 20), non établie pour le décret n° 2016-208".into(),
            requis: format!("Moyenne pondérée au moins égale à 10 sur 20, soit 80 points sur 160 ({NON_VERIFIEE})").into(),
            constate: format!(
                "Total {} sur 160, moyenne {} sur 20",
                points(total),
                moyenne_txt(total)
            ).into(),
            verifie: false,
        });
        if !entretien_ok {
            ev.motifs.push(format!(
                "La note de {} obtenue à l'entretien est inférieure à 5 sur 20 : elle est éliminatoire ({NON_VERIFIEE}).",
                sur_20(en)
            ));
        } else if !moyenne_ok {
            ev.motifs.push(format!(
                "La moyenne obtenue, {} sur 20, est inférieure à 10 sur 20 ({NON_VERIFIEE}).",
                moyenne_txt(total)
            ));
        } else {
            recus.push(*x);
        }
    }

    // Classement des candidats qui remplissent les conditions d'admission, dans l'ordre de
    // la règle de départage ; des ex aequo partagent le même rang.
    let mut classement = Vec::with_capacity(recus.len());
    let mut rang = 0u32;
    for (k, x) in recus.iter().enumerate() {
        if k == 0 || cle(&recus[k - 1]) != cle(x) {
            rang = k as u32 + 1;
        }
        let ex_aequo = recus
            .iter()
            .enumerate()
            .any(|(j, y)| j != k && cle(y) == cle(x));
        let (i, total, en, dossier) = *x;
        evalues[i].rang = Some(rang);
        classement.push(LigneClassement {
            rang,
            id: e.candidats[i].id.clone(),
            note_dossier: dossier as f64 / 100.0,
            note_entretien: en as f64 / 100.0,
            total: total as f64 / 100.0,
            moyenne: arrondi_millieme(total as f64 / 800.0),
            ex_aequo,
            admis: false,
        });
    }

    // Admission dans la limite des postes (FAQ CNFPT ingénieur en chef Q25), dans l'ordre du classement ; des
    // ex aequo qui se disputent le dernier poste sont renvoyés au jury.
    let postes = e.postes as usize;
    let mut admis = Vec::new();
    let mut jury_doit_departager = Vec::new();
    if recus.len() <= postes {
        admis.extend(0..recus.len());
    } else {
        let dernier = cle(&recus[postes - 1]);
        let suivant = cle(&recus[postes]);
        for (k, x) in recus.iter().enumerate() {
            if dernier == suivant && cle(x) == dernier {
                jury_doit_departager.push(k);
            } else if k < postes {
                admis.push(k);
            }
        }
    }
    for &k in &admis {
        classement[k].admis = true;
        evalues[recus[k].0].admis = true;
    }
    for (k, x) in recus.iter().enumerate() {
        let (i, total, _, _) = *x;
        let ev = &mut evalues[i];
        let a_departager = jury_doit_departager.contains(&k);
        let rang = classement[k].rang;
        ev.motifs.push(if a_departager {
            format!(
                "Ex aequo au rang {rang} pour le dernier poste ouvert : le jury doit départager les candidats à égalité."
            )
        } else if ev.admis {
            format!(
                "Admis au rang {rang} (total {} sur 160, moyenne {} sur 20).",
                points(total),
                moyenne_txt(total)
            )
        } else {
            format!(
                "Classé au rang {rang}, au-delà des {} poste(s) ouvert(s).",
                e.postes
            )
        });
        ev.conditions.push(Condition {
            code: "rang_utile".into(),
            libelle: "Classement en rang utile".into(),
            satisfaite: if a_departager { None } else { Some(ev.admis) },
            reference: format!("Décret n° 2016-208 du 26 février 2016 ; {}", faq("Q25")).into(),
            requis: format!(
                "Être classé dans la limite des {} poste(s) ouvert(s)",
                e.postes
            )
            .into(),
            constate: format!("Rang {rang}").into(),
            verifie: true,
        });
    }
    if !jury_doit_departager.is_empty() {
        let noms: Vec<&str> = jury_doit_departager
            .iter()
            .map(|&k| classement[k].id.as_str())
            .collect();
        a_verifier.push(format!(
            "Les candidats {} sont ex aequo pour le dernier poste ouvert : le jury doit les départager.",
            noms.join(", ")
        ));
    }

    // Liste d'aptitude (FAQ CNFPT ingénieur en chef Q30 à Q34) : seuls les admis dont les obligations de
    // formation sont établies à jour sont inscrits, par ordre alphabétique.
    let mut liste = Vec::new();
    let admis_ids: Vec<String> = admis.iter().map(|&k| classement[k].id.clone()).collect();
    for &k in &admis {
        let i = recus[k].0;
        let c = &e.candidats[i];
        let ev = &mut evalues[i];
        let cond = match &c.agent {
            Some(a) => crate::formation::condition_liste_aptitude(a, annee_liste),
            None => Condition {
                code: "formation_professionnalisation".into(),
                libelle: "Obligations de formation de professionnalisation".into(),
                satisfaite: None,
                reference: "Décret n° 2008-512 du 29 mai 2008, art. 16".into(),
                requis: "Attestations ou dispenses du CNFPT pour la totalité des obligations de formation de professionnalisation".into(),
                constate: "Carrière et formations du lauréat non fournies".into(),
                verifie: true,
            },
        };
        let inscrit = cond.satisfaite == Some(true);
        ev.inscrit_liste_aptitude = Some(inscrit);
        match cond.satisfaite {
            Some(true) => ev.motifs.push(format!(
                "Obligations de formation à jour : inscrit sur la liste d'aptitude {annee_liste} (questions 30 et 34)."
            )),
            Some(false) => ev.motifs.push(format!(
                "Lauréat non inscrit sur la liste d'aptitude : ses obligations de formation de professionnalisation ne sont pas à jour ({}) ; un lauréat qui n'est pas à jour ne peut pas être inscrit (FAQ du CNFPT, questions 30 et 33).",
                cond.constate.trim_end_matches('.')
            )),
            None => {
                ev.motifs.push(format!(
                    "Lauréat non inscrit en l'état : ses obligations de formation n'ont pas pu être établies à jour ({}). L'inscription suppose les attestations ou dispenses du CNFPT (questions 30 à 33) : à vérifier.",
                    cond.constate.trim_end_matches('.').trim_end_matches('.')
                ));
                a_verifier.push(format!(
                    "Obligations de formation du lauréat « {} » à vérifier avant inscription sur la liste d'aptitude.",
                    c.id
                ));
            }
        }
        ev.conditions.push(cond);
        if inscrit {
            liste.push(InscriptionListe {
                id: c.id.clone(),
                nom: c.nom.clone(),
                prenom: c.prenom.clone(),
            });
        }
    }
    let liste = liste_alphabetique(liste);
    for l in liste.iter().filter(|l| l.nom.is_none()) {
        a_verifier.push(format!(
            "Le nom du lauréat « {} » n'est pas fourni : il est classé dans la liste alphabétique d'après son identifiant.",
            l.id
        ));
    }

    Ok(ReponseResultats {
        version_catalogue: crate::catalogue::version().into(),
        session: e.session,
        annee_liste_aptitude: annee_liste,
        coefficients: Coefficients {
            dossier: COEFFICIENT_DOSSIER,
            entretien: COEFFICIENT_ENTRETIEN,
            duree_entretien_minutes: DUREE_ENTRETIEN_MINUTES,
        },
        postes: e.postes,
        plafond_postes: plafond,
        admissibles,
        admis: admis_ids,
        classement,
        regle_departage: REGLE_DEPARTAGE.into(),
        liste_aptitude: liste,
        candidats: evalues,
        conditions,
        a_verifier,
    })
}

fn arrondi_millieme(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Note en centièmes affichée à la française : « 12,5/20 ».
fn sur_20(c: i64) -> String {
    format!("{}/20", decimal_fr(c as f64 / 100.0))
}

fn points(total_centiemes: i64) -> String {
    decimal_fr(total_centiemes as f64 / 100.0)
}

fn moyenne_txt(total_centiemes: i64) -> String {
    decimal_fr(arrondi_millieme(total_centiemes as f64 / 800.0))
}

fn decimal_fr(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}
