//! Obligations de formation de professionnalisation des fonctionnaires territoriaux
//! (décret n° 2008-512 du 29 mai 2008, en vigueur le 1er juillet 2008) et formation continue
//! obligatoire de la police municipale (code de la sécurité intérieure, art. L. 511-6).
//!
//! Le calcul reconstitue, depuis la nomination dans le cadre d'emplois courant, les périodes
//! de formation (fenêtres datées), rattache à chacune les formations suivies et les dispenses,
//! puis dit si l'agent est à jour pour la liste d'aptitude de l'année `annee` : seules les
//! périodes révolues avant le 1er janvier de cette année comptent, et l'attestation exigée est
//! celle de la dernière période révolue (guide CDG, guide CDG Martinique §I.E).

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::carriere::{
    Agent, Dispense, FormationSuivie, TypeFormation, Versant, valider_annee, valider_date,
};
use crate::catalogue::{CadreEmplois, Catalogue, Categorie};
use crate::date::{ajouter_annees, ajouter_mois, format_fr, jour, premier_janvier};
use crate::erreur::ErreurEntree;
use crate::resultat::Condition;

/// Entrée en vigueur du décret n° 2008-512 : 1er juillet 2008 (guide CDG, guide CDG Martinique §I.E).
pub const ENTREE_EN_VIGUEUR_2008_512: Date = jiff::civil::date(2008, 7, 1);

/// Entrée en vigueur de la validation a posteriori (décret n° 2024-907 du 8 octobre 2024
/// modifiant l'art. 16 du décret n° 2008-512 ; regles-juridiques §3, S sec : CDG 83, CDG 64).
pub const ENTREE_EN_VIGUEUR_2024_907: Date = jiff::civil::date(2024, 10, 12);

/// Durée maximale d'une formation de professionnalisation en cas d'accord entre l'agent et
/// l'autorité territoriale (FAQ CNFPT Q30, FAQ CNFPT ingénieur en chef).
pub const DUREE_MAXIMALE_CONVENUE: f64 = 10.0;

const REF_2008_512: &str = "Décret n° 2008-512 du 29 mai 2008 (en vigueur le 01/07/2008)";
const REF_GUIDE: &str = "guide CDG (guide CDG Martinique §I.E)";
const REF_FAQ: &str = "FAQ CNFPT Q30 (FAQ CNFPT ingénieur en chef)";
const NON_VERIFIE: &str = "règle non vérifiée sur le texte en vigueur";

/// Entrée de la commande `formation`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeFormation {
    /// Année de la liste d'aptitude : les périodes sont appréciées au 1er janvier.
    pub annee: i32,
    /// L'agent ; le cadre d'emplois courant est celui du grade de sa dernière période.
    pub agent: Agent,
    /// Date (prévue) de l'inscription sur la liste d'aptitude. Elle borne la validation a
    /// posteriori (décret n° 2024-907) : une formation manquante suivie avant cette date
    /// compte. Absente : la borne est le 1er janvier de `annee`.
    #[serde(default)]
    pub date_inscription: Option<Date>,
    /// Durées portées au-delà du minimum par accord entre l'agent et l'autorité territoriale
    /// (au plus 10 jours, FAQ CNFPT Q30).
    #[serde(default)]
    pub durees_convenues: Vec<DureeConvenue>,
}

/// Durée d'une période de formation fixée par accord (au plus 10 jours).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DureeConvenue {
    #[serde(rename = "type")]
    pub type_formation: TypeFormation,
    /// Une date de la période visée (idéalement son début) ; absente : la seule période de
    /// ce type.
    #[serde(default)]
    pub periode_debut: Option<Date>,
    pub jours: f64,
}

/// Options de l'évaluation qui ne font pas partie de la carrière de l'agent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OptionsFormation {
    pub date_inscription: Option<Date>,
    pub durees_convenues: Vec<DureeConvenue>,
}

/// Régime d'obligations de formation applicable au cadre d'emplois courant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegimeFormation {
    /// Formations de professionnalisation du décret n° 2008-512 (FPPE, FPTLC, FPPR).
    Professionnalisation,
    /// Formation continue obligatoire de la police municipale (CSI art. L. 511-6).
    PoliceMunicipale,
    /// Cadre ou corps hors fonction publique territoriale : pas d'obligation du décret.
    NonSoumis,
    /// Le cadre d'emplois ou la date de nomination ne peut pas être déterminé.
    Indetermine,
}

/// Une période de formation (fenêtre) et son bilan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PeriodeFormation {
    #[serde(rename = "type")]
    pub type_formation: TypeFormation,
    /// Intitulé de la formation, en français.
    pub libelle: String,
    /// Premier jour de la fenêtre.
    pub debut: Date,
    /// Dernier jour de la fenêtre (inclus).
    pub fin: Date,
    /// Terminée avant le 1er janvier de l'année de la liste.
    pub revolue: bool,
    /// Attestation (ou dispense) exigée pour la liste : dernière période révolue.
    pub exigee: bool,
    /// Cycle de formation tout au long de la carrière interrompu par une affectation sur
    /// un poste à responsabilité (un nouveau cycle s'ouvre à l'issue de la FPPR).
    pub interrompue: bool,
    /// Durée de l'obligation (minimum statutaire ou durée convenue), avant dispense.
    pub jours_requis: f64,
    /// Jours suivis et retenus pour cette période, y compris ceux validés a posteriori.
    pub jours_suivis: f64,
    /// Part de `jours_suivis` suivie après la fin de la fenêtre et validée a posteriori.
    pub jours_valides_a_posteriori: f64,
    /// Une dispense (totale ou partielle) du CNFPT porte sur cette période.
    pub dispense: bool,
    pub dispense_totale: bool,
    pub jours_dispenses: f64,
    /// Jours restant à suivre (0 si l'obligation est remplie).
    pub jours_manquants: f64,
    /// L'obligation de la période est remplie (à ce jour pour une période en cours).
    pub satisfaite: bool,
    /// Ce qui manque, en français ; absent quand rien ne manque.
    pub manque: Option<String>,
    /// Explication de la période, en français.
    pub explication: String,
    /// Texte appliqué.
    pub reference: String,
    /// `false` quand la règle repose sur un fait non vérifié sur le texte en vigueur.
    pub verifie: bool,
    /// Indices (dans `agent.formations`) des formations retenues pour cette période.
    pub formations: Vec<usize>,
}

/// Sortie de la commande `formation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReponseFormation {
    pub annee: i32,
    /// 1er janvier de l'année de la liste.
    pub date_appreciation: Date,
    /// `true` : toutes les périodes exigées sont satisfaites ; `null` : non évaluable.
    pub a_jour: Option<bool>,
    pub regime: RegimeFormation,
    /// Cadre d'emplois courant (code du catalogue).
    pub cadre_emplois: Option<String>,
    pub categorie: Option<Categorie>,
    /// Date de nomination retenue dans le cadre d'emplois courant.
    pub date_nomination: Option<Date>,
    /// La validation a posteriori (décret n° 2024-907) s'applique à cette évaluation.
    pub validation_a_posteriori: bool,
    /// Date avant laquelle une formation manquante doit avoir été suivie pour être validée
    /// a posteriori.
    pub limite_validation_a_posteriori: Option<Date>,
    pub periodes: Vec<PeriodeFormation>,
    /// Résumé en français.
    pub explication: String,
    /// Observations sur les données (formations ou dispenses non rattachées…).
    pub remarques: Vec<String>,
    /// `false` si une règle appliquée aux périodes exigées n'est pas vérifiée.
    pub verifie: bool,
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

/// Commande `formation` : valide l'entrée puis évalue.
pub fn executer(e: DemandeFormation) -> Result<ReponseFormation, ErreurEntree> {
    valider_annee(e.annee, "/annee")?;
    e.agent.valider("/agent")?;
    valider(&e.agent, "/agent")?;
    if let Some(d) = e.date_inscription {
        valider_date(d, "/date_inscription")?;
    }
    for (i, c) in e.durees_convenues.iter().enumerate() {
        if let Some(d) = c.periode_debut {
            valider_date(d, &format!("/durees_convenues/{i}/periode_debut"))?;
        }
        if !(c.jours.is_finite() && c.jours > 0.0 && c.jours <= DUREE_MAXIMALE_CONVENUE) {
            return Err(ErreurEntree::hors_bornes(
                format!(
                    "Une durée de formation convenue doit être comprise entre 0 et 10 jours (reçu : {}).",
                    c.jours
                ),
                format!("/durees_convenues/{i}/jours"),
            ));
        }
    }
    let options = OptionsFormation {
        date_inscription: e.date_inscription,
        durees_convenues: e.durees_convenues,
    };
    Ok(evaluer_avec(&e.agent, e.annee, &options))
}

/// Contrôles propres aux formations, en plus de `Agent::valider` : chaque formation doit
/// être datée pendant une période de la carrière. `base` : pointeur de l'agent (`/agent`).
pub fn valider(agent: &Agent, base: &str) -> Result<(), ErreurEntree> {
    let Some(formations) = &agent.formations else {
        return Ok(());
    };
    for (i, f) in formations.iter().enumerate() {
        let dans_carriere = agent
            .periodes
            .iter()
            .any(|p| p.debut <= f.date && p.fin.is_none_or(|fin| f.date <= fin));
        if !dans_carriere {
            return Err(ErreurEntree::new(
                "date_hors_carriere",
                format!(
                    "La formation du {} est datée en dehors de toute période de la carrière.",
                    format_fr(f.date)
                ),
                format!("{base}/formations/{i}/date"),
            ));
        }
    }
    Ok(())
}

/// Évaluation sans validation de l'entrée, avec les options par défaut.
pub fn evaluer(agent: &Agent, annee: i32) -> ReponseFormation {
    evaluer_avec(agent, annee, &OptionsFormation::default())
}

/// Condition « obligations de formation à jour » pour l'inscription sur une liste d'aptitude
/// de l'année `annee` (décret 2008-512 art. 16) ; `satisfaite: null` si non évaluable ou si
/// les formations ne sont pas renseignées.
pub fn condition_liste_aptitude(agent: &Agent, annee: i32) -> Condition {
    let mut c = Condition {
        code: "formation_professionnalisation".into(),
        libelle: "Obligations de formation de professionnalisation".into(),
        satisfaite: None,
        reference: format!("{REF_2008_512}, art. 16 ; {REF_GUIDE}").into(),
        requis: format!(
            "Attestations du CNFPT (ou dispenses) pour la dernière période de formation révolue avant le {}",
            format_fr(premier_janvier(annee))
        ).into(),
        constate: "Formations suivies non renseignées : obligations non évaluées.".into(),
        verifie: true,
    };
    if agent.formations.is_none() {
        return c;
    }
    let r = evaluer(agent, annee);
    c.satisfaite = r.a_jour;
    c.verifie = r.verifie;
    match r.regime {
        RegimeFormation::PoliceMunicipale => c.reference = reference_police().into(),
        RegimeFormation::NonSoumis => {
            c.requis = "Aucune obligation : le décret n° 2008-512 ne régit que les fonctionnaires territoriaux".into();
        }
        _ => {}
    }
    let exigees: Vec<&PeriodeFormation> = r.periodes.iter().filter(|p| p.exigee).collect();
    if !exigees.is_empty() {
        c.requis = format!(
            "{} : {}",
            c.requis,
            exigees
                .iter()
                .map(|p| format!(
                    "{} du {} au {} ({})",
                    p.libelle,
                    format_fr(p.debut),
                    format_fr(p.fin),
                    jours_fr(p.jours_requis)
                ))
                .collect::<Vec<_>>()
                .join(" ; ")
        )
        .into();
    }
    c.constate = r.explication.clone().into();
    if !c.verifie {
        c.constate.to_mut().push_str(&format!(" ({NON_VERIFIE}.)"));
    }
    c
}

/// Une fenêtre de formation avant bilan.
#[derive(Debug, Clone)]
struct Fenetre {
    type_formation: TypeFormation,
    debut: Date,
    fin: Date,
    interrompue: bool,
}

fn veille(d: Date) -> Date {
    crate::date::date(jour(d) - 1)
}

fn lendemain(d: Date) -> Date {
    crate::date::date(jour(d) + 1)
}

/// Minimum statutaire d'une période, selon la catégorie du cadre d'emplois.
pub fn jours_minimum(t: TypeFormation, categorie: Categorie) -> f64 {
    match t {
        // FPPE : 5 jours en catégories A et B, 3 jours en catégorie C (guide CDG Martinique §I.E ;
        // FAQ CNFPT ingénieur en chef Q30 ; décret 2008-512 et statuts particuliers).
        TypeFormation::Fppe => match categorie {
            Categorie::A | Categorie::B => 5.0,
            Categorie::C => 3.0,
        },
        // FPTLC : 2 jours par période de 5 ans (guide CDG Martinique §I.E ; FAQ CNFPT ingénieur en chef Q30).
        TypeFormation::Fptlc => 2.0,
        // FPPR : 3 jours dans les 6 mois de l'affectation (décret 2008-512 art. 15 pour la
        // liste des postes ; guide CDG Martinique §I.E ; FAQ CNFPT ingénieur en chef Q30).
        TypeFormation::Fppr => 3.0,
        // Police municipale : 10 jours par période de 5 ans (CSI art. L. 511-6 ; décret
        // n° 2011-444 art. 6 ; guide CDG Martinique §I.E).
        TypeFormation::PoliceContinue => 10.0,
    }
}

/// Intitulé d'un type de formation.
pub fn libelle_type(t: TypeFormation) -> &'static str {
    match t {
        TypeFormation::Fppe => "formation de professionnalisation au premier emploi",
        TypeFormation::Fptlc => "formation de professionnalisation tout au long de la carrière",
        TypeFormation::Fppr => {
            "formation de professionnalisation à la suite de l'affectation sur un poste à responsabilité"
        }
        TypeFormation::PoliceContinue => "formation continue obligatoire de la police municipale",
    }
}

fn reference_type(t: TypeFormation) -> String {
    match t {
        TypeFormation::Fppe => format!(
            "{REF_2008_512} : 5 jours (A, B) ou 3 jours (C) dans les 2 ans suivant la nomination, non due si nomination avant le 01/07/2008 ; {REF_GUIDE} ; {REF_FAQ}"
        ),
        TypeFormation::Fptlc => format!(
            "{REF_2008_512} : 2 jours par période de 5 ans à compter de la fin de la période de formation au premier emploi (ou du 01/07/2008) ; {REF_GUIDE} ; {REF_FAQ}"
        ),
        TypeFormation::Fppr => format!(
            "{REF_2008_512}, art. 15 : 3 jours dans les 6 mois suivant l'affectation sur un poste à responsabilité ; {REF_GUIDE} ; {REF_FAQ}"
        ),
        TypeFormation::PoliceContinue => reference_police(),
    }
}

fn reference_police() -> String {
    format!(
        "Code de la sécurité intérieure, art. L. 511-6 ; décret n° 2011-444 du 21 avril 2011, art. 6 : 10 jours par période de 5 ans ; {REF_GUIDE}"
    )
}

/// Nombre de jours en français : « 1 jour », « 2,5 jours ».
fn jours_fr(j: f64) -> String {
    let n = if j.fract() == 0.0 {
        format!("{}", j as i64)
    } else {
        format!("{j}").replace('.', ",")
    };
    if j >= 2.0 {
        format!("{n} jours")
    } else {
        format!("{n} jour")
    }
}

/// Nombre de jours suivi d'un participe accordé : « 1 jour suivi », « 3 jours suivis ».
fn jours_accordes(j: f64, participe: &str) -> String {
    let s = if j >= 2.0 { "s" } else { "" };
    format!("{} {participe}{s}", jours_fr(j))
}

/// Cadre d'emplois courant et date de nomination : début de la première période de
/// fonctionnaire (titulaire ou stagiaire) dans un grade du cadre de la dernière période.
fn cadre_et_nomination(agent: &Agent) -> Result<(&'static CadreEmplois, Date), String> {
    let cat = Catalogue::get();
    let Some(derniere) = agent.derniere_periode() else {
        return Err(
            "La carrière ne comporte aucune période : le cadre d'emplois courant est inconnu."
                .into(),
        );
    };
    let Some(code) = &derniere.grade else {
        return Err(format!(
            "La dernière période (commencée le {}) ne mentionne pas de grade : le cadre d'emplois courant est inconnu.",
            format_fr(derniere.debut)
        ));
    };
    let Some(grade) = cat.grade(code) else {
        return Err(format!(
            "Le grade « {code} » de la dernière période est inconnu du catalogue."
        ));
    };
    let cadre = grade.cadre;
    let nomination = agent
        .periodes
        .iter()
        .filter(|p| p.statut.est_fonctionnaire())
        .filter(|p| {
            p.grade
                .as_deref()
                .and_then(|g| cat.grade(g))
                .is_some_and(|g| g.cadre.code == cadre.code)
        })
        .map(|p| p.debut)
        .min();
    match nomination {
        Some(n) => Ok((cadre, n)),
        None => Err(format!(
            "Aucune période de fonctionnaire (titulaire ou stagiaire) dans le cadre d'emplois « {} » : la date de nomination est inconnue.",
            cadre.libelle
        )),
    }
}

/// Fenêtres du décret n° 2008-512 jusqu'à celle qui court au 1er janvier `annee`.
fn fenetres_professionnalisation(
    agent: &Agent,
    nomination: Date,
    appreciation: Date,
    remarques: &mut Vec<String>,
) -> Vec<Fenetre> {
    let mut fenetres = Vec::new();
    // FPPE dans les 2 ans suivant la nomination ; pas due pour les fonctionnaires nommés dans
    // leur cadre d'emplois avant le 01/07/2008 : leur premier cycle FPTLC court alors à
    // compter du 01/07/2008 (guide CDG Martinique §I.E, premier et deuxième exemples).
    let mut debut_cycle = if nomination >= ENTREE_EN_VIGUEUR_2008_512 {
        let fin = veille(ajouter_annees(nomination, 2));
        fenetres.push(Fenetre {
            type_formation: TypeFormation::Fppe,
            debut: nomination,
            fin,
            interrompue: false,
        });
        lendemain(fin)
    } else {
        ENTREE_EN_VIGUEUR_2008_512
    };
    // Affectations sur un poste à responsabilité dans le cadre courant, depuis l'entrée en
    // vigueur du décret et au plus tard à la date d'appréciation.
    let seuil = nomination.max(ENTREE_EN_VIGUEUR_2008_512);
    let mut postes: Vec<Date> = Vec::new();
    for p in &agent.postes_responsabilite {
        if p.debut < seuil {
            remarques.push(format!(
                "L'affectation sur un poste à responsabilité du {} est antérieure à la nomination dans le cadre d'emplois courant ou au 01/07/2008 : elle n'ouvre pas de période de formation.",
                format_fr(p.debut)
            ));
        } else if p.debut <= appreciation {
            postes.push(p.debut);
        }
    }
    postes.sort();
    // FPPR : 3 jours dans les 6 mois de l'affectation ; à l'issue, un nouveau cycle FPTLC de
    // 5 ans s'ouvre (guide CDG Martinique §I.E, troisième exemple : affectation le 01/04/2016, FPPR
    // jusqu'au 30/09/2016, FPTLC du 01/10/2016 au 30/09/2021).
    let fin_fppr = |d: Date| veille(ajouter_mois(d, 6));
    for &p in &postes {
        fenetres.push(Fenetre {
            type_formation: TypeFormation::Fppr,
            debut: p,
            fin: fin_fppr(p),
            interrompue: false,
        });
    }
    let mut k = 0;
    loop {
        // Une affectation qui commence avant le début du cycle (pendant la FPPE ou une autre
        // FPPR) repousse le début du cycle à la fin de sa propre fenêtre.
        while k < postes.len() && postes[k] < debut_cycle {
            debut_cycle = debut_cycle.max(lendemain(fin_fppr(postes[k])));
            k += 1;
        }
        if debut_cycle > appreciation {
            break;
        }
        // FPTLC : 2 jours par période de 5 ans (guide CDG Martinique §I.E ; FAQ CNFPT ingénieur en chef Q30).
        let fin = veille(ajouter_annees(debut_cycle, 5));
        if k < postes.len() && postes[k] <= fin {
            let p = postes[k];
            if p > debut_cycle {
                fenetres.push(Fenetre {
                    type_formation: TypeFormation::Fptlc,
                    debut: debut_cycle,
                    fin: veille(p),
                    interrompue: true,
                });
            }
            debut_cycle = lendemain(fin_fppr(p));
            k += 1;
        } else {
            fenetres.push(Fenetre {
                type_formation: TypeFormation::Fptlc,
                debut: debut_cycle,
                fin,
                interrompue: false,
            });
            debut_cycle = lendemain(fin);
        }
    }
    fenetres
}

/// Fenêtres de la formation continue obligatoire de la police municipale : périodes de 5
/// ans à compter de la nomination dans le cadre d'emplois (point de départ non vérifié).
fn fenetres_police(nomination: Date, appreciation: Date) -> Vec<Fenetre> {
    let mut fenetres = Vec::new();
    let mut debut = nomination;
    while debut <= appreciation {
        let fin = veille(ajouter_annees(debut, 5));
        fenetres.push(Fenetre {
            type_formation: TypeFormation::PoliceContinue,
            debut,
            fin,
            interrompue: false,
        });
        debut = lendemain(fin);
    }
    fenetres
}

/// Contexte d'une évaluation, partagé par ses étapes.
struct Contexte {
    annee: i32,
    appreciation: Date,
    police: bool,
    a_posteriori: bool,
    limite: Date,
    inscription: Option<Date>,
    /// Rédiger les explications (faux pour le seul verdict, en traitement de masse).
    textes: bool,
}

/// Évaluation sans validation de l'entrée.
pub fn evaluer_avec(agent: &Agent, annee: i32, options: &OptionsFormation) -> ReponseFormation {
    evaluer_interne(agent, annee, options, true)
}

/// Verdict seul (`a_jour`), sans rédaction des explications : pour les traitements de masse
/// (éligibilité sur plusieurs années, campagnes). Même règle que `evaluer`.
pub fn a_jour(agent: &Agent, annee: i32) -> Option<bool> {
    evaluer_interne(agent, annee, &OptionsFormation::default(), false).a_jour
}

fn evaluer_interne(
    agent: &Agent,
    annee: i32,
    options: &OptionsFormation,
    textes: bool,
) -> ReponseFormation {
    let appreciation = premier_janvier(annee);
    let mut r = ReponseFormation {
        version_catalogue: crate::catalogue::version().into(),
        annee,
        date_appreciation: appreciation,
        a_jour: None,
        regime: RegimeFormation::Indetermine,
        cadre_emplois: None,
        categorie: None,
        date_nomination: None,
        validation_a_posteriori: false,
        limite_validation_a_posteriori: None,
        periodes: Vec::new(),
        explication: String::new(),
        remarques: Vec::new(),
        verifie: true,
    };
    let (cadre, nomination) = match cadre_et_nomination(agent) {
        Ok(x) => x,
        Err(motif) => {
            r.explication = format!("Obligations de formation non évaluables : {motif}");
            return r;
        }
    };
    r.cadre_emplois = Some(cadre.code.clone());
    r.categorie = Some(cadre.categorie);
    r.date_nomination = Some(nomination);
    if cadre.versant != Versant::Territoriale {
        // Le décret n° 2008-512 ne régit que les fonctionnaires territoriaux.
        r.regime = RegimeFormation::NonSoumis;
        r.a_jour = Some(true);
        r.explication = format!(
            "Le cadre « {} » ne relève pas de la fonction publique territoriale : pas d'obligation de formation de professionnalisation au titre du décret n° 2008-512.",
            cadre.libelle
        );
        return r;
    }
    // Police municipale : règles propres (formation continue obligatoire), la validation a
    // posteriori ne s'applique pas (guide CDG Martinique §I.E).
    let police = cadre.filiere == "police_municipale";
    let mut fenetres = if police {
        r.regime = RegimeFormation::PoliceMunicipale;
        fenetres_police(nomination, appreciation)
    } else {
        r.regime = RegimeFormation::Professionnalisation;
        fenetres_professionnalisation(agent, nomination, appreciation, &mut r.remarques)
    };
    fenetres.sort_by_key(|f| f.debut);
    // Validation a posteriori (décret 2008-512 art. 16 al. 2, issu du décret n° 2024-907,
    // en vigueur le 12/10/2024) : liste d'une année ≥ 2025, ou inscription à compter du
    // 12/10/2024 ; la formation doit précéder l'inscription (ou, à défaut de date
    // d'inscription, le 1er janvier de l'année de la liste). Exclue pour la police municipale.
    let ctx = Contexte {
        annee,
        appreciation,
        police,
        a_posteriori: !police
            && (annee >= 2025
                || options
                    .date_inscription
                    .is_some_and(|d| d >= ENTREE_EN_VIGUEUR_2024_907)),
        limite: options.date_inscription.unwrap_or(appreciation),
        inscription: options.date_inscription,
        textes,
    };
    r.validation_a_posteriori = ctx.a_posteriori;
    r.limite_validation_a_posteriori = ctx.a_posteriori.then_some(ctx.limite);

    let mut periodes: Vec<PeriodeFormation> = fenetres
        .iter()
        .map(|f| nouvelle_periode(f, cadre.categorie, &ctx))
        .collect();
    appliquer_durees_convenues(&mut periodes, &options.durees_convenues, &mut r.remarques);
    appliquer_dispenses(&mut periodes, &agent.dispenses, &mut r.remarques);
    marquer_exigees(&mut periodes);
    let formations = agent.formations.as_deref().unwrap_or(&[]);
    rattacher_formations(&mut periodes, formations, &ctx);
    if textes {
        signaler_formations_ignorees(&periodes, formations, nomination, &ctx, &mut r.remarques);
    }
    for p in periodes.iter_mut() {
        faire_bilan(p, &ctx);
    }

    let exigees: Vec<&PeriodeFormation> = periodes.iter().filter(|p| p.exigee).collect();
    let a_jour = exigees.iter().all(|p| p.satisfaite);
    // Formations non renseignées (`formations` absent) : inconnu, sauf si rien n'est dû.
    let renseignees = agent.formations.is_some();
    r.a_jour = (a_jour || renseignees).then_some(a_jour);
    r.verifie = !police && exigees.iter().all(|p| p.verifie);
    if !textes {
        r.periodes = periodes;
        return r;
    }
    let nomme = if nomination < ENTREE_EN_VIGUEUR_2008_512 && !police {
        format!(
            "nomination dans le cadre d'emplois le {}, avant le 01/07/2008 : pas de formation au premier emploi, cycles à compter du 01/07/2008",
            format_fr(nomination)
        )
    } else {
        format!(
            "nomination dans le cadre d'emplois le {}",
            format_fr(nomination)
        )
    };
    r.explication = if exigees.is_empty() {
        format!(
            "À jour pour la liste {annee} ({nomme}) : aucune période de formation n'est arrivée à échéance avant le {}, aucune attestation n'est exigée.",
            format_fr(appreciation)
        )
    } else {
        let detail = exigees
            .iter()
            .map(|p| {
                p.manque.clone().unwrap_or_else(|| {
                    format!("{}.", p.explication.split(" ; ").next().unwrap_or(""))
                })
            })
            .collect::<Vec<_>>()
            .join(" ");
        let verdict = match r.a_jour {
            Some(true) => "À jour",
            Some(false) => "Pas à jour",
            None => "Formations suivies non renseignées : situation inconnue",
        };
        format!("{verdict} pour la liste {annee} ({nomme}). {detail}")
    };
    r.periodes = periodes;
    r
}

fn nouvelle_periode(f: &Fenetre, categorie: Categorie, ctx: &Contexte) -> PeriodeFormation {
    PeriodeFormation {
        type_formation: f.type_formation,
        libelle: libelle_type(f.type_formation).to_owned(),
        debut: f.debut,
        fin: f.fin,
        // Période révolue : terminée avant le 1er janvier de l'année de la liste (guide CDG Martinique
        // §I.E ; décret 2013-593 art. 21 pour la date d'appréciation).
        revolue: f.fin < ctx.appreciation,
        exigee: false,
        interrompue: f.interrompue,
        jours_requis: jours_minimum(f.type_formation, categorie),
        jours_suivis: 0.0,
        jours_valides_a_posteriori: 0.0,
        dispense: false,
        dispense_totale: false,
        jours_dispenses: 0.0,
        jours_manquants: 0.0,
        satisfaite: false,
        manque: None,
        explication: String::new(),
        reference: if ctx.textes {
            reference_type(f.type_formation)
        } else {
            String::new()
        },
        // Police : point de départ des cycles et articles non vérifiés ; cycle FPTLC
        // interrompu : traitement dérivé de l'exemple du guide, non vérifié.
        verifie: !ctx.police && !f.interrompue,
        formations: Vec::new(),
    }
}

/// Rattache une dispense ou une durée convenue à une période : par une date de la période,
/// ou, sans date, à la seule période de ce type.
fn rattacher(periodes: &[PeriodeFormation], t: TypeFormation, date: Option<Date>) -> Option<usize> {
    let candidates: Vec<usize> = periodes
        .iter()
        .enumerate()
        .filter(|(_, p)| p.type_formation == t)
        .filter(|(_, p)| date.is_none_or(|d| p.debut <= d && d <= p.fin))
        .map(|(i, _)| i)
        .collect();
    match (date, candidates.as_slice()) {
        (_, [seule]) => Some(*seule),
        (Some(_), [premiere, ..]) => Some(*premiere),
        _ => None,
    }
}

/// Durées portées au-delà du minimum par accord, au plus 10 jours (FAQ CNFPT ingénieur en chef Q30) ; jamais
/// moins que le minimum statutaire.
fn appliquer_durees_convenues(
    periodes: &mut [PeriodeFormation],
    durees: &[DureeConvenue],
    remarques: &mut Vec<String>,
) {
    for (i, c) in durees.iter().enumerate() {
        let Some(k) = rattacher(periodes, c.type_formation, c.periode_debut) else {
            remarques.push(format!(
                "La durée convenue n° {} ne correspond à aucune période de {} du cadre d'emplois courant.",
                i + 1,
                libelle_type(c.type_formation)
            ));
            continue;
        };
        let p = &mut periodes[k];
        let min = p.jours_requis;
        p.jours_requis = c.jours.clamp(min, DUREE_MAXIMALE_CONVENUE);
        if c.jours < min {
            remarques.push(format!(
                "La durée convenue n° {} ({}) est inférieure au minimum statutaire : le minimum de {} est retenu.",
                i + 1,
                jours_fr(c.jours),
                jours_fr(min)
            ));
        }
    }
}

/// Dispenses totales ou partielles accordées par le CNFPT (guide CDG Martinique §I.E ; FAQ CNFPT ingénieur en chef Q31).
fn appliquer_dispenses(
    periodes: &mut [PeriodeFormation],
    dispenses: &[Dispense],
    remarques: &mut Vec<String>,
) {
    for (i, d) in dispenses.iter().enumerate() {
        let Some(k) = rattacher(periodes, d.type_formation, d.periode_debut) else {
            remarques.push(format!(
                "La dispense n° {} ({}) ne correspond à aucune période de formation du cadre d'emplois courant{} : elle n'est pas prise en compte.",
                i + 1,
                libelle_type(d.type_formation),
                if d.periode_debut.is_none() {
                    " (précisez le début de la période visée)"
                } else {
                    ""
                }
            ));
            continue;
        };
        let p = &mut periodes[k];
        p.dispense = true;
        match d.jours {
            None => p.dispense_totale = true,
            Some(j) => p.jours_dispenses += j,
        }
    }
}

/// Jours dus après dispense.
fn jours_dus(p: &PeriodeFormation) -> f64 {
    if p.dispense_totale {
        0.0
    } else {
        (p.jours_requis - p.jours_dispenses).max(0.0)
    }
}

/// Périodes exigées : la dernière période révolue, et celles qui la chevauchent (obligations
/// concurrentes, FPPR pendant la FPPE) ; un cycle interrompu n'est pas arrivé à échéance.
/// Guide CDG Martinique §I.E : les attestations à produire sont celles de « la dernière période révolue
/// avant le 1er janvier de l'année d'établissement de la liste d'aptitude ».
fn marquer_exigees(periodes: &mut [PeriodeFormation]) {
    let derniere = periodes
        .iter()
        .filter(|p| p.revolue && !p.interrompue)
        .max_by_key(|p| (p.fin, p.debut))
        .map(|p| (p.debut, p.fin));
    if let Some((d, f)) = derniere {
        for p in periodes.iter_mut() {
            p.exigee = p.revolue && !p.interrompue && p.debut <= f && p.fin >= d;
        }
    }
}

/// Rattache à chaque période les formations suivies de son type ; chaque jour ne compte
/// qu'une fois.
fn rattacher_formations(
    periodes: &mut [PeriodeFormation],
    formations: &[FormationSuivie],
    ctx: &Contexte,
) {
    let mut restant: Vec<f64> = formations.iter().map(|f| f.jours).collect();
    // Formations suivies dans la fenêtre ; `plafond` : seulement ce qui manque encore (pour
    // partager une formation entre deux fenêtres du même type qui se chevauchent).
    let dans_fenetre = |p: &mut PeriodeFormation, restant: &mut [f64], plafond: bool| {
        for (i, f) in formations.iter().enumerate() {
            let besoin = if plafond {
                jours_dus(p) - p.jours_suivis
            } else {
                f64::INFINITY
            };
            if f.type_formation == p.type_formation
                && p.debut <= f.date
                && f.date <= p.fin
                && restant[i] > 0.0
                && besoin > 0.0
            {
                let pris = restant[i].min(besoin);
                restant[i] -= pris;
                p.jours_suivis += pris;
                if !p.formations.contains(&i) {
                    p.formations.push(i);
                }
            }
        }
    };
    // 1. Périodes révolues.
    for p in periodes.iter_mut().filter(|p| p.revolue) {
        dans_fenetre(p, &mut restant, true);
    }
    // 2. Validation a posteriori des périodes exigées incomplètes : formations du même type
    //    suivies après la fin de la fenêtre et avant la limite (décret n° 2024-907).
    if ctx.a_posteriori {
        for p in periodes.iter_mut().filter(|p| p.exigee) {
            for (i, f) in formations.iter().enumerate() {
                let besoin = jours_dus(p) - p.jours_suivis;
                if besoin <= 0.0 {
                    break;
                }
                if f.type_formation == p.type_formation
                    && f.date > p.fin
                    && f.date < ctx.limite
                    && restant[i] > 0.0
                {
                    let pris = restant[i].min(besoin);
                    restant[i] -= pris;
                    p.jours_suivis += pris;
                    p.jours_valides_a_posteriori += pris;
                    p.formations.push(i);
                }
            }
        }
    }
    // 3. Périodes en cours.
    for p in periodes.iter_mut().filter(|p| !p.revolue) {
        dans_fenetre(p, &mut restant, true);
    }
    // 4. Jours au-delà du requis : comptés dans leur fenêtre, pour l'information.
    for p in periodes.iter_mut() {
        dans_fenetre(p, &mut restant, false);
    }
}

/// Signale les formations qui ne comptent pour aucune période, avec le motif.
fn signaler_formations_ignorees(
    periodes: &[PeriodeFormation],
    formations: &[FormationSuivie],
    nomination: Date,
    ctx: &Contexte,
    remarques: &mut Vec<String>,
) {
    let police = ctx.police;
    for (i, f) in formations.iter().enumerate() {
        let retenue = periodes.iter().any(|p| p.formations.contains(&i));
        if retenue || f.jours <= 0.0 {
            continue;
        }
        let posterieure = format!(
            "suivie après le {}, elle ne relève pas des périodes évaluées pour la liste {}",
            format_fr(ctx.appreciation),
            ctx.annee
        );
        let motif = if f.date < nomination {
            "antérieure à la nomination dans le cadre d'emplois courant (un nouveau cadre d'emplois ouvre de nouveaux cycles)"
        } else if police && f.type_formation != TypeFormation::PoliceContinue {
            "la police municipale relève de la seule formation continue obligatoire"
        } else if !police && f.type_formation == TypeFormation::PoliceContinue {
            "ce cadre d'emplois ne relève pas de la police municipale"
        } else if f.date >= ctx.appreciation {
            &posterieure
        } else {
            "elle n'entre dans aucune période de formation de ce type"
        };
        remarques.push(format!(
            "La formation n° {} ({}, {}, {}) n'est pas prise en compte : {motif}.",
            i + 1,
            libelle_type(f.type_formation),
            format_fr(f.date),
            jours_fr(f.jours)
        ));
    }
}

/// Bilan d'une période : jours manquants, satisfaction, explication et manque en français.
fn faire_bilan(p: &mut PeriodeFormation, ctx: &Contexte) {
    let annee = ctx.annee;
    p.jours_manquants = (jours_dus(p) - p.jours_suivis).max(0.0);
    p.satisfaite = p.jours_manquants <= 1e-9;
    if !ctx.textes {
        return;
    }
    let fenetre = format!("du {} au {}", format_fr(p.debut), format_fr(p.fin));
    let mut bilan = format!(
        "{} {fenetre} : {} sur {} requis",
        capitaliser(&p.libelle),
        jours_accordes(p.jours_suivis, "suivi"),
        jours_fr(p.jours_requis)
    );
    if p.jours_valides_a_posteriori > 0.0 {
        bilan.push_str(&format!(
            ", dont {} a posteriori (décret n° 2024-907)",
            jours_accordes(p.jours_valides_a_posteriori, "validé")
        ));
    }
    if p.dispense_totale {
        bilan.push_str(", dispense totale du CNFPT");
    } else if p.dispense {
        bilan.push_str(&format!(
            ", dispense partielle du CNFPT de {}",
            jours_fr(p.jours_dispenses)
        ));
    }
    let statut = if p.interrompue {
        format!(
            "cycle interrompu par l'affectation sur un poste à responsabilité le {} : un nouveau cycle s'ouvre à l'issue de la formation au poste à responsabilité, aucune attestation n'est exigée pour ce cycle ({NON_VERIFIE})",
            format_fr(lendemain(p.fin))
        )
    } else if p.exigee {
        format!(
            "dernière période révolue avant le {} : attestation ou dispense exigée",
            format_fr(ctx.appreciation)
        )
    } else if p.revolue {
        format!("période révolue antérieure à la dernière : non exigée pour la liste {annee}")
    } else {
        format!(
            "période en cours au {} : non exigée pour la liste {annee}",
            format_fr(ctx.appreciation)
        )
    };
    p.explication = format!("{bilan} ; {statut}.");
    if p.satisfaite {
        return;
    }
    let reste = jours_fr(p.jours_manquants);
    p.manque = Some(if p.exigee {
        let mut m = format!(
            "Il manque {reste} de {} pour la période {fenetre} : attestation du CNFPT ou dispense à produire.",
            p.libelle
        );
        if ctx.a_posteriori {
            m.push_str(&match ctx.inscription {
                Some(d) => format!(
                    " Une formation suivie avant l'inscription du {} sera validée a posteriori (décret n° 2024-907).",
                    format_fr(d)
                ),
                None => " Une formation suivie avant l'inscription sur la liste peut être validée a posteriori (décret n° 2024-907) : indiquez la date d'inscription pour la prendre en compte.".to_owned(),
            });
        } else if ctx.police {
            m.push_str(" La validation a posteriori ne s'applique pas à la police municipale.");
        }
        m
    } else if p.revolue {
        format!(
            "{} sur cette période, qui n'est pas exigée pour la liste {annee}.",
            capitaliser(&jours_accordes(p.jours_manquants, "non suivi"))
        )
    } else {
        format!(
            "Encore {reste} à suivre d'ici le {} (période en cours, non exigée pour la liste {annee}).",
            format_fr(p.fin)
        )
    });
}

fn capitaliser(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(p) => p.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
