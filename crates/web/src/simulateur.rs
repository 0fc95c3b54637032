//! Le simulateur de l'agent : une page publique (sans compte) où un agent saisit sa
//! carrière et lit, pour chaque grade qu'elle permet d'atteindre, s'il est promouvable au
//! 1er janvier de l'année choisie, condition par condition, la première année où il le
//! sera si rien ne change, et ce qui lui manque.
//!
//! Rien n'est stocké ni journalisé, aucune donnée saisie n'est écrite dans le journal du
//! serveur (seulement la forme de la carrière en cas d'incident) ; les réponses portent
//! `Cache-Control: no-store`. Le formulaire fonctionne sans JavaScript (envoi classique,
//! bouton « Ajouter une période » qui renvoie la page avec une ligne vide de plus) ; un
//! petit script (`/static/simulateur.js`) ajoute les lignes sans aller-retour.
//!
//! Le calcul est celui de la commande `eligibilite` : le formulaire est traduit en une
//! demande JSON [`DemandeEligibilite`], lue par le même lecteur strict
//! ([`droit::commandes::lire`]) et évaluée par [`droit::eligibilite::executer`] ; une
//! erreur du moteur est ramenée au champ du formulaire d'où vient la valeur.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use droit::carriere::{ANNEE_MAX, ANNEE_MIN, Agent};
use droit::catalogue::Catalogue;
use droit::date::format_fr;
use droit::eligibilite::atteinte::{SeuilAtteint, seuils_atteints};
use droit::eligibilite::{DemandeEligibilite, ReponseEligibilite, ResultatVoie, Voie};
use droit::services::{Perimetre, RegleDecompte};
use serde_json::{Map, Value, json};

use crate::EtatPartage;
use crate::acces::{COOKIE_CSRF, cookie};
use crate::erreurs::Erreur;
use crate::pages::{Entete, Html};

/// Périodes de carrière au plus dans une saisie.
pub const PERIODES_MAX: usize = 40;
/// Formations au plus.
pub const FORMATIONS_MAX: usize = 40;
/// Examens réussis au plus.
pub const EXAMENS_MAX: usize = 10;
/// Longueur maximale d'une valeur saisie, en caractères.
const VALEUR_MAX: usize = 200;

// ------------------------------------------------------------------ Saisie

/// Une période telle que saisie (textes bruts, rendus tels quels en cas d'erreur).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LignePeriode {
    pub debut: String,
    pub fin: String,
    pub versant: String,
    pub statut: String,
    pub grade: String,
    pub position: String,
    pub motif: String,
    pub quotite: String,
    pub heures: String,
    pub octroi: String,
}

impl Default for LignePeriode {
    fn default() -> Self {
        LignePeriode {
            debut: String::new(),
            fin: String::new(),
            versant: "territoriale".to_owned(),
            statut: "titulaire".to_owned(),
            grade: String::new(),
            position: "activite".to_owned(),
            motif: String::new(),
            quotite: String::new(),
            heures: String::new(),
            octroi: String::new(),
        }
    }
}

impl LignePeriode {
    /// Ligne laissée vide (les listes déroulantes ont toujours une valeur).
    fn vide(&self) -> bool {
        [
            &self.debut,
            &self.fin,
            &self.grade,
            &self.motif,
            &self.quotite,
            &self.heures,
            &self.octroi,
        ]
        .iter()
        .all(|v| v.trim().is_empty())
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LigneFormation {
    pub type_formation: String,
    pub date: String,
    pub jours: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LigneExamen {
    pub examen: String,
    pub annee: String,
}

/// Le formulaire du simulateur.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saisie {
    pub annee: String,
    pub cible: String,
    pub date_naissance: String,
    pub periodes: Vec<LignePeriode>,
    pub formations_renseignees: bool,
    pub formations: Vec<LigneFormation>,
    pub examens: Vec<LigneExamen>,
}

/// Ce que demande le bouton utilisé.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Calculer,
    AjouterPeriode,
    AjouterFormation,
    AjouterExamen,
}

/// Erreurs par champ (nom du champ du formulaire → message), et erreurs générales.
#[derive(Debug, Default)]
struct Erreurs {
    champs: BTreeMap<String, String>,
    generales: Vec<String>,
}

impl Erreurs {
    fn champ(&mut self, nom: impl Into<String>, message: impl Into<String>) {
        self.champs
            .entry(nom.into())
            .or_insert_with(|| message.into());
    }

    fn vide(&self) -> bool {
        self.champs.is_empty() && self.generales.is_empty()
    }
}

/// `p3_debut` → (`p`, 3, `debut`).
fn decouper(nom: &str) -> Option<(char, usize, &str)> {
    let mut cs = nom.chars();
    let groupe = cs.next()?;
    let reste = cs.as_str();
    let (n, champ) = reste.split_once('_')?;
    if n.is_empty() || n.len() > 4 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((groupe, n.parse().ok()?, champ))
}

/// Lit le formulaire encodé ; les lignes au-delà des bornes sont refusées avec un message.
fn lire_saisie(corps: &[u8], erreurs: &mut Erreurs) -> (Saisie, Action) {
    let mut s = Saisie::default();
    let mut action = Action::Calculer;
    let mut trop = (false, false, false);
    for (nom, valeur) in form_urlencoded::parse(corps) {
        let valeur = valeur.into_owned();
        if valeur.chars().count() > VALEUR_MAX {
            erreurs.champ(
                nom.to_string(),
                format!("Valeur trop longue : {VALEUR_MAX} caractères au plus."),
            );
            continue;
        }
        match nom.as_ref() {
            "annee" => s.annee = valeur,
            "cible" => s.cible = valeur,
            "date_naissance" => s.date_naissance = valeur,
            "formations_renseignees" => s.formations_renseignees = valeur == "oui",
            "action" => {
                action = match valeur.as_str() {
                    "ajouter_periode" => Action::AjouterPeriode,
                    "ajouter_formation" => Action::AjouterFormation,
                    "ajouter_examen" => Action::AjouterExamen,
                    _ => Action::Calculer,
                }
            }
            autre => {
                let Some((groupe, i, champ)) = decouper(autre) else {
                    continue;
                };
                match groupe {
                    'p' if i >= PERIODES_MAX => trop.0 = true,
                    'p' => {
                        if s.periodes.len() <= i {
                            s.periodes.resize(i + 1, LignePeriode::default());
                        }
                        let l = &mut s.periodes[i];
                        match champ {
                            "debut" => l.debut = valeur,
                            "fin" => l.fin = valeur,
                            "versant" => l.versant = valeur,
                            "statut" => l.statut = valeur,
                            "grade" => l.grade = valeur,
                            "position" => l.position = valeur,
                            "motif" => l.motif = valeur,
                            "quotite" => l.quotite = valeur,
                            "heures" => l.heures = valeur,
                            "octroi" => l.octroi = valeur,
                            _ => {}
                        }
                    }
                    'f' if i >= FORMATIONS_MAX => trop.1 = true,
                    'f' => {
                        if s.formations.len() <= i {
                            s.formations.resize(i + 1, LigneFormation::default());
                        }
                        let l = &mut s.formations[i];
                        match champ {
                            "type" => l.type_formation = valeur,
                            "date" => l.date = valeur,
                            "jours" => l.jours = valeur,
                            _ => {}
                        }
                    }
                    'e' if i >= EXAMENS_MAX => trop.2 = true,
                    'e' => {
                        if s.examens.len() <= i {
                            s.examens.resize(i + 1, LigneExamen::default());
                        }
                        let l = &mut s.examens[i];
                        match champ {
                            "examen" => l.examen = valeur,
                            "annee" => l.annee = valeur,
                            _ => {}
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if trop.0 {
        erreurs.generales.push(format!(
            "Le simulateur accepte au plus {PERIODES_MAX} périodes de carrière : regroupez les \
             périodes identiques qui se suivent."
        ));
    }
    if trop.1 {
        erreurs.generales.push(format!(
            "Le simulateur accepte au plus {FORMATIONS_MAX} formations : additionnez les jours \
             d'une même année."
        ));
    }
    if trop.2 {
        erreurs.generales.push(format!(
            "Le simulateur accepte au plus {EXAMENS_MAX} examens réussis."
        ));
    }
    (s, action)
}

/// Date saisie (`JJ/MM/AAAA` ou `AAAA-MM-JJ`, les mêmes formes que l'import) en ISO.
fn date_iso(valeur: &str) -> Result<Option<String>, String> {
    let v = valeur.trim();
    if v.is_empty() {
        return Ok(None);
    }
    store::tableur::lire_date(v)
        .map(|d| Some(d.to_string()))
        .map_err(|m| format!("Date non reconnue : {m}."))
}

/// Nombre saisi à la française (`10,5` ou `10.5`).
fn nombre(valeur: &str) -> Result<Option<f64>, String> {
    let v = valeur.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let (entiere, decimale) = match v.split_once([',', '.']) {
        Some((a, b)) => (a, Some(b)),
        None => (v, None),
    };
    let chiffres = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
    if !chiffres(entiere) || decimale.is_some_and(|d| !chiffres(d)) || v.len() > 12 {
        return Err(format!(
            "« {v} » n'est pas un nombre écrit en chiffres (exemple : 17,5)."
        ));
    }
    v.replace(',', ".")
        .parse::<f64>()
        .map(Some)
        .map_err(|_| format!("« {v} » n'est pas un nombre (exemple : 17,5)."))
}

/// Où chaque élément de la demande vient du formulaire : rang de la ligne saisie.
#[derive(Debug, Default)]
struct Provenance {
    periodes: Vec<usize>,
    formations: Vec<usize>,
    examens: Vec<usize>,
}

/// Traduit la saisie en une demande `eligibilite` (JSON) ; les erreurs de forme (dates,
/// nombres, champs obligatoires) sont rapportées au champ.
fn demande(s: &Saisie, erreurs: &mut Erreurs) -> (Value, Provenance) {
    let mut prov = Provenance::default();
    let annee = match s.annee.trim().parse::<i32>() {
        Ok(a) if (ANNEE_MIN..=ANNEE_MAX).contains(&a) => a,
        _ => {
            erreurs.champ(
                "annee",
                format!("Indiquez une année de {ANNEE_MIN} à {ANNEE_MAX} (exemple : 2026)."),
            );
            0
        }
    };
    let mut agent = Map::new();
    match date_iso(&s.date_naissance) {
        Ok(Some(d)) => {
            agent.insert("date_naissance".into(), Value::String(d));
        }
        Ok(None) => {}
        Err(m) => erreurs.champ("date_naissance", m),
    }
    let mut periodes = Vec::new();
    for (i, l) in s.periodes.iter().enumerate() {
        if l.vide() {
            continue;
        }
        let n = |c: &str| format!("p{i}_{c}");
        let mut p = Map::new();
        match date_iso(&l.debut) {
            Ok(Some(d)) => {
                p.insert("debut".into(), Value::String(d));
            }
            Ok(None) => erreurs.champ(n("debut"), "La date de début est obligatoire."),
            Err(m) => erreurs.champ(n("debut"), m),
        }
        match date_iso(&l.fin) {
            Ok(d) => {
                p.insert("fin".into(), d.map(Value::String).unwrap_or(Value::Null));
            }
            Err(m) => erreurs.champ(n("fin"), m),
        }
        p.insert("versant".into(), Value::String(l.versant.clone()));
        p.insert("statut".into(), Value::String(l.statut.clone()));
        if !l.grade.is_empty() {
            p.insert("grade".into(), Value::String(l.grade.clone()));
        }
        p.insert("position".into(), Value::String(l.position.clone()));
        if !l.motif.is_empty() {
            p.insert("motif_disponibilite".into(), Value::String(l.motif.clone()));
        }
        for (saisi, cle, nom) in [
            (&l.quotite, "quotite", "quotite"),
            (&l.heures, "heures_hebdomadaires", "heures"),
        ] {
            match nombre(saisi) {
                Ok(Some(x)) => {
                    p.insert(cle.into(), json!(x));
                }
                Ok(None) => {}
                Err(m) => erreurs.champ(n(nom), m),
            }
        }
        match date_iso(&l.octroi) {
            Ok(Some(d)) => {
                p.insert("conge_parental_octroye_le".into(), Value::String(d));
            }
            Ok(None) => {}
            Err(m) => erreurs.champ(n("octroi"), m),
        }
        periodes.push(Value::Object(p));
        prov.periodes.push(i);
    }
    if periodes.is_empty() && !erreurs.champs.contains_key("p0_debut") {
        erreurs.champ(
            "p0_debut",
            "Saisissez au moins une période de carrière (date de début et grade).",
        );
    }
    agent.insert("periodes".into(), Value::Array(periodes));
    if s.formations_renseignees {
        let mut formations = Vec::new();
        for (i, l) in s.formations.iter().enumerate() {
            if l.date.trim().is_empty() && l.jours.trim().is_empty() {
                continue;
            }
            let n = |c: &str| format!("f{i}_{c}");
            let mut f = Map::new();
            f.insert("type".into(), Value::String(l.type_formation.clone()));
            match date_iso(&l.date) {
                Ok(Some(d)) => {
                    f.insert("date".into(), Value::String(d));
                }
                Ok(None) => erreurs.champ(n("date"), "La date de la formation est obligatoire."),
                Err(m) => erreurs.champ(n("date"), m),
            }
            match nombre(&l.jours) {
                Ok(Some(x)) => {
                    f.insert("jours".into(), json!(x));
                }
                Ok(None) => erreurs.champ(n("jours"), "Le nombre de jours est obligatoire."),
                Err(m) => erreurs.champ(n("jours"), m),
            }
            formations.push(Value::Object(f));
            prov.formations.push(i);
        }
        agent.insert("formations".into(), Value::Array(formations));
    }
    let mut examens = Vec::new();
    for (i, l) in s.examens.iter().enumerate() {
        if l.examen.is_empty() && l.annee.trim().is_empty() {
            continue;
        }
        let n = |c: &str| format!("e{i}_{c}");
        if l.examen.is_empty() {
            erreurs.champ(n("examen"), "Choisissez le grade de l'examen réussi.");
        }
        match l.annee.trim().parse::<i32>() {
            Ok(a) if (ANNEE_MIN..=ANNEE_MAX).contains(&a) => {
                examens.push(json!({"examen": l.examen, "annee": a}));
                prov.examens.push(i);
            }
            _ => erreurs.champ(
                n("annee"),
                format!("Indiquez l'année de la session, de {ANNEE_MIN} à {ANNEE_MAX}."),
            ),
        }
    }
    if !examens.is_empty() {
        agent.insert("examens".into(), Value::Array(examens));
    }
    let mut d = Map::new();
    d.insert("annee".into(), json!(annee));
    if !s.cible.is_empty() {
        d.insert("cibles".into(), json!([s.cible]));
    }
    d.insert("agent".into(), Value::Object(agent));
    (Value::Object(d), prov)
}

/// Ramène le pointeur JSON d'une erreur du moteur au champ du formulaire.
fn champ_du_chemin(chemin: &str, prov: &Provenance) -> Option<String> {
    let segments: Vec<&str> = chemin.split('/').filter(|s| !s.is_empty()).collect();
    let rang =
        |liste: &[usize], i: &str| i.parse::<usize>().ok().and_then(|i| liste.get(i).copied());
    Some(match segments.as_slice() {
        ["annee"] => "annee".to_owned(),
        ["cibles", ..] => "cible".to_owned(),
        ["agent", "date_naissance"] => "date_naissance".to_owned(),
        ["agent", "periodes", i, reste @ ..] => {
            let champ = match reste.first().copied() {
                Some("fin") => "fin",
                Some("versant") => "versant",
                Some("statut") => "statut",
                Some("grade") => "grade",
                Some("position") => "position",
                Some("motif_disponibilite") => "motif",
                Some("quotite") => "quotite",
                Some("heures_hebdomadaires") => "heures",
                Some("conge_parental_octroye_le") => "octroi",
                _ => "debut",
            };
            format!("p{}_{champ}", rang(&prov.periodes, i)?)
        }
        ["agent", "formations", i, reste @ ..] => {
            let champ = match reste.first().copied() {
                Some("type") => "type",
                Some("jours") => "jours",
                _ => "date",
            };
            format!("f{}_{champ}", rang(&prov.formations, i)?)
        }
        ["agent", "examens", i, reste @ ..] => {
            let champ = if reste.first() == Some(&"annee") {
                "annee"
            } else {
                "examen"
            };
            format!("e{}_{champ}", rang(&prov.examens, i)?)
        }
        _ => return None,
    })
}

/// Lit la saisie et la soumet au moteur : la demande, sa réponse, ou les erreurs.
fn calculer(s: &Saisie, erreurs: &mut Erreurs) -> Option<(DemandeEligibilite, ReponseEligibilite)> {
    let (valeur, prov) = demande(s, erreurs);
    if !erreurs.vide() {
        return None;
    }
    let texte = valeur.to_string();
    let resultat = droit::commandes::lire::<DemandeEligibilite>(&texte).and_then(|d| {
        let r = droit::eligibilite::executer(d.clone())?;
        Ok((d, r))
    });
    match resultat {
        Ok(x) => Some(x),
        Err(e) => {
            match champ_du_chemin(&e.chemin, &prov) {
                Some(champ) => erreurs.champ(champ, e.message),
                None => erreurs.generales.push(e.message),
            }
            None
        }
    }
}

// ------------------------------------------------------------------ Vues

/// Un champ du formulaire : nom (et identifiant), valeur saisie, erreur éventuelle.
struct Champ {
    nom: String,
    valeur: String,
    erreur: Option<String>,
    /// Premier champ de la ligne ajoutée sans JavaScript : il reçoit le focus (`autofocus`).
    focus: bool,
}

fn champ(nom: String, valeur: &str, erreurs: &Erreurs) -> Champ {
    Champ {
        erreur: erreurs.champs.get(&nom).cloned(),
        valeur: valeur.to_owned(),
        nom,
        focus: false,
    }
}

struct Choix {
    code: String,
    libelle: String,
    choisi: bool,
}

struct Groupe {
    libelle: String,
    options: Vec<Choix>,
}

fn choix(liste: &[(&str, &str)], valeur: &str) -> Vec<Choix> {
    liste
        .iter()
        .map(|(code, libelle)| Choix {
            code: (*code).to_owned(),
            libelle: (*libelle).to_owned(),
            choisi: *code == valeur,
        })
        .collect()
}

const VERSANTS: &[(&str, &str)] = &[
    ("territoriale", "Territoriale"),
    ("etat", "État"),
    ("hospitaliere", "Hospitalière"),
    ("hors_fonction_publique", "Hors fonction publique"),
];
const STATUTS: &[(&str, &str)] = &[
    ("titulaire", "Titulaire"),
    ("stagiaire", "Stagiaire"),
    ("contractuel", "Contractuel"),
    ("contractuel_cdi", "Contractuel en CDI"),
    ("droit_prive", "Droit privé"),
];
const POSITIONS: &[(&str, &str)] = &[
    ("activite", "Activité"),
    ("mise_a_disposition", "Mise à disposition"),
    ("detachement", "Détachement"),
    ("disponibilite", "Disponibilité"),
    ("conge_parental", "Congé parental"),
    ("hors_cadres", "Hors cadres"),
    ("service_national", "Service national"),
    ("exclusion_temporaire", "Exclusion temporaire de fonctions"),
    ("prorogation_stage", "Prorogation de stage"),
    ("apprentissage", "Apprentissage"),
];
const MOTIFS: &[(&str, &str)] = &[
    ("", "Sans objet ou inconnu"),
    ("elever_enfant", "Pour élever un enfant"),
    ("activite_professionnelle", "Avec activité professionnelle"),
    ("convenances_personnelles", "Convenances personnelles"),
    ("autre", "Autre motif"),
];
const TYPES_FORMATION: &[(&str, &str)] = &[
    ("fppe", "Professionnalisation au premier emploi"),
    ("fptlc", "Professionnalisation tout au long de la carrière"),
    ("fppr", "Professionnalisation (poste à responsabilité)"),
    (
        "police_continue",
        "Formation continue obligatoire (police municipale)",
    ),
];

/// Grades du catalogue, groupés par cadre d'emplois.
fn groupes_grades(valeur: &str) -> Vec<Groupe> {
    let mut groupes = vec![Groupe {
        libelle: "Sans grade".to_owned(),
        options: vec![Choix {
            code: String::new(),
            libelle: "Aucun grade (contractuel, hors fonction publique…)".to_owned(),
            choisi: valeur.is_empty(),
        }],
    }];
    for c in &Catalogue::get().cadres {
        groupes.push(Groupe {
            libelle: format!("{} (catégorie {:?})", c.libelle, c.categorie),
            options: c
                .grades
                .iter()
                .map(|g| Choix {
                    code: g.code.clone(),
                    libelle: g.libelle.clone(),
                    choisi: g.code == valeur,
                })
                .collect(),
        });
    }
    groupes
}

/// Grades cibles de la promotion interne (examens, grade visé).
fn cibles(valeur: &str, premier: &str) -> Vec<Choix> {
    let mut v = vec![Choix {
        code: String::new(),
        libelle: premier.to_owned(),
        choisi: valeur.is_empty(),
    }];
    let mut cs: Vec<Choix> = droit::eligibilite::cibles()
        .iter()
        .map(|c| Choix {
            libelle: Catalogue::get().libelle_grade(c).to_owned(),
            choisi: *c == valeur,
            code: c.clone(),
        })
        .collect();
    cs.sort_by(|a, b| a.libelle.cmp(&b.libelle));
    v.extend(cs);
    v
}

struct VuePeriode {
    rang: usize,
    debut: Champ,
    fin: Champ,
    versant: Champ,
    versants: Vec<Choix>,
    statut: Champ,
    statuts: Vec<Choix>,
    grade: Champ,
    grades: Vec<Groupe>,
    position: Champ,
    positions: Vec<Choix>,
    motif: Champ,
    motifs: Vec<Choix>,
    quotite: Champ,
    heures: Champ,
    octroi: Champ,
}

struct VueFormation {
    rang: usize,
    type_formation: Champ,
    types: Vec<Choix>,
    date: Champ,
    jours: Champ,
}

struct VueExamen {
    rang: usize,
    examen: Champ,
    examens: Vec<Choix>,
    annee: Champ,
}

struct VueCondition {
    cle: String,
    satisfaite: &'static str,
    resultat: &'static str,
    libelle: String,
    requis: String,
    constate: String,
    reference: String,
    non_verifiee: bool,
    atteinte: Option<String>,
}

struct VueVariante {
    libelle: String,
    eligible: bool,
    conditions: Vec<VueCondition>,
}

struct VueVoie {
    cible: String,
    voie: &'static str,
    titre: String,
    eligible: bool,
    /// « promouvable », ou pour l'examen « inscription possible ».
    verdict: &'static str,
    premiere_annee: String,
    projection: String,
    manques: Vec<String>,
    reference: String,
    variantes: Vec<VueVariante>,
}

/// Une voie examinée que la carrière ne permet pas d'atteindre.
struct VueAutre {
    cible: String,
    voie: &'static str,
    titre: String,
}

/// Un segment de la frise : position et largeur en unités du dessin.
struct Bande {
    x: String,
    largeur: String,
    classe: &'static str,
    motif: &'static str,
    du: String,
    au: String,
    compte: String,
    explication: String,
    reference: String,
}

struct Repere {
    x: String,
    annee: i32,
}

struct Jalon {
    numero: usize,
    x: String,
    date: String,
    quoi: String,
    compte_pour: String,
}

struct Frise {
    bandes: Vec<Bande>,
    reperes: Vec<Repere>,
    jalons: Vec<Jalon>,
    /// Trait de la date d'appréciation (1er janvier de l'année), s'il est dans la frise.
    appreciation: Option<String>,
    du: String,
    au: String,
}

struct VueResultat {
    date_appreciation: String,
    voies: Vec<VueVoie>,
    autres: Vec<VueAutre>,
    frise: Option<Frise>,
    formations_evaluees: bool,
    version_catalogue: String,
}

#[derive(Template)]
#[template(path = "simulateur.html")]
struct PageSimulateur {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    csrf: String,
    annee: Champ,
    cible: Champ,
    cibles: Vec<Choix>,
    date_naissance: Champ,
    periodes: Vec<VuePeriode>,
    formations_renseignees: bool,
    formations: Vec<VueFormation>,
    examens: Vec<VueExamen>,
    erreurs_generales: Vec<String>,
    nombre_erreurs: usize,
    /// Erreurs des champs, dans l'ordre du formulaire, avec un lien vers chacun.
    erreurs_champs: Vec<ErreurResumee>,
    resultat: Option<VueResultat>,
    periodes_max: usize,
    /// Lien vers la ligne ajoutée par « Ajouter une période » (sans JavaScript).
    ajout: Option<String>,
    /// Remarques sur un fichier envoyé (colonnes que le simulateur ne reprend pas).
    avis: Vec<String>,
}

fn libelle_voie(v: Voie) -> &'static str {
    match v {
        Voie::Choix => "promotion interne au choix",
        Voie::Examen => "promotion interne après examen professionnel",
        Voie::InscriptionExamen => "inscription à l'examen professionnel",
    }
}

fn code_voie(v: Voie) -> &'static str {
    match v {
        Voie::Choix => "choix",
        Voie::Examen => "examen",
        Voie::InscriptionExamen => "inscription_examen",
    }
}

fn etat(c: Option<bool>) -> (&'static str, &'static str) {
    match c {
        Some(true) => ("true", "Remplie"),
        Some(false) => ("false", "Non remplie"),
        None => ("inconnue", "Inconnue"),
    }
}

/// Ce qui manque, en français : pour la variante la plus proche (le moins de conditions
/// non remplies), chaque condition non remplie ou inconnue.
fn manques(v: &ResultatVoie, formations_evaluees: bool, seuils: &[SeuilAtteint]) -> Vec<String> {
    if v.eligible {
        return Vec::new();
    }
    let bloquantes = |va: &droit::eligibilite::Variante| {
        va.conditions
            .iter()
            .filter(|c| match c.satisfaite {
                Some(b) => !b,
                None => formations_evaluees || c.code != "formation_professionnalisation",
            })
            .count()
    };
    let Some(min) = v.variantes.iter().map(bloquantes).min() else {
        return Vec::new();
    };
    let plusieurs = v.variantes.len() > 1;
    let mut sortie = Vec::new();
    for va in v.variantes.iter().filter(|va| bloquantes(va) == min) {
        for c in &va.conditions {
            let prefixe = if plusieurs {
                format!("{} — ", va.libelle)
            } else {
                String::new()
            };
            match c.satisfaite {
                Some(false) => {
                    let mut phrase = format!(
                        "{prefixe}{} : il faut {} ; votre carrière donne : {}.",
                        c.libelle,
                        minuscule(&c.requis),
                        c.constate.trim_end_matches('.')
                    );
                    // Durée de services : le jour où elle sera atteinte si rien ne change.
                    let seuil = (c.code == "services_effectifs")
                        .then(|| seuil_de(seuils, v, &va.code, &c.libelle))
                        .flatten();
                    match seuil.map(|s| (s.atteint_le, s.compte_pour)) {
                        Some((Some(d), Some(a))) => phrase.push_str(&format!(
                            " Si rien ne change, cette durée sera atteinte le {} : elle \
                             comptera pour l'année {a}.",
                            format_fr(d)
                        )),
                        Some(_) => phrase.push_str(
                            " Si rien ne change, cette durée ne sera pas atteinte dans les 40 \
                             années examinées.",
                        ),
                        None => {}
                    }
                    sortie.push(phrase)
                }
                None if formations_evaluees || c.code != "formation_professionnalisation" => sortie
                    .push(format!(
                        "{prefixe}{} : impossible à établir avec ce qui est saisi ({}).",
                        c.libelle,
                        c.constate.trim_end_matches('.')
                    )),
                _ => {}
            }
        }
    }
    sortie
}

/// Le jour où une condition de durée de services d'une variante est atteinte.
fn seuil_de<'a>(
    seuils: &'a [SeuilAtteint],
    v: &ResultatVoie,
    variante: &str,
    libelle: &str,
) -> Option<&'a SeuilAtteint> {
    seuils.iter().find(|s| {
        s.cible == v.cible && s.voie == v.voie && s.variante == variante && s.libelle == libelle
    })
}

fn minuscule(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(p) if !s.starts_with("CGFP") => p.to_lowercase().chain(c).collect(),
        Some(p) => std::iter::once(p).chain(c).collect(),
        None => String::new(),
    }
}

fn vue_voie(v: &ResultatVoie, annee: i32, seuils: &[SeuilAtteint], formations: bool) -> VueVoie {
    let voie = code_voie(v.voie);
    let premiere_annee = v
        .premiere_annee_eligible
        .map(|a| a.to_string())
        .unwrap_or_default();
    let liste = if v.voie == Voie::InscriptionExamen {
        "la session d'examen"
    } else {
        "la liste d'aptitude"
    };
    let projection = match (v.eligible, v.premiere_annee_eligible) {
        (true, Some(a)) if a < annee => {
            format!("Conditions remplies pour {liste} {annee} (elles le sont depuis {a}).")
        }
        (true, _) => format!("Conditions remplies pour {liste} {annee}."),
        (false, Some(a)) if a <= annee => format!(
            "Les conditions de durée et de grade le permettraient dès {a}, mais une autre \
             condition manque pour {annee} (voir ci-dessous)."
        ),
        (false, Some(a)) => format!(
            "Si rien ne change dans votre situation, les conditions seront remplies pour {liste} \
             {a} (appréciées au 01/01/{a})."
        ),
        (false, None) => "Si rien ne change, cette voie ne s'ouvre dans aucune des 40 années \
                          examinées."
            .to_owned(),
    };
    let variantes = v
        .variantes
        .iter()
        .map(|va| VueVariante {
            libelle: if va.libelle.is_empty() {
                va.code.to_string()
            } else {
                va.libelle.to_string()
            },
            eligible: va.eligible,
            conditions: va
                .conditions
                .iter()
                .enumerate()
                .map(|(k, c)| {
                    let (satisfaite, resultat) = etat(c.satisfaite);
                    let atteinte = (c.code == "services_effectifs")
                        .then(|| seuil_de(seuils, v, &va.code, &c.libelle))
                        .flatten()
                        .map(|s| match (s.atteint_le, s.compte_pour) {
                            (Some(d), Some(a)) => format!(
                                "Durée atteinte le {} (la carrière se poursuivant) : compte pour \
                                 l'année {a}.",
                                format_fr(d)
                            ),
                            _ => "Durée non atteinte dans les 40 années examinées.".to_owned(),
                        });
                    VueCondition {
                        cle: format!("{}/{voie}/{}/{k}", v.cible, va.code),
                        satisfaite,
                        resultat,
                        libelle: c.libelle.to_string(),
                        requis: c.requis.to_string(),
                        constate: c.constate.to_string(),
                        reference: c.reference.to_string(),
                        non_verifiee: !c.verifie,
                        atteinte,
                    }
                })
                .collect(),
        })
        .collect();
    VueVoie {
        cible: v.cible.clone(),
        voie,
        titre: format!(
            "{} — {}",
            Catalogue::get().libelle_grade(&v.cible),
            libelle_voie(v.voie)
        ),
        eligible: v.eligible,
        verdict: match (v.voie, v.eligible) {
            (Voie::InscriptionExamen, true) => "inscription possible",
            (Voie::InscriptionExamen, false) => "inscription impossible",
            (_, true) => "promouvable",
            (_, false) => "non promouvable",
        },
        premiere_annee,
        projection,
        manques: manques(v, formations, seuils),
        reference: v.reference.to_string(),
        variantes,
    }
}

/// Comment une règle de décompte compte, pour la légende de la frise.
fn categorie_regle(r: RegleDecompte) -> (&'static str, &'static str) {
    use RegleDecompte as R;
    match r {
        R::Totalite
        | R::CongeParentalPremiereAnnee
        | R::CongeParentalProlongationTotalite
        | R::PlafondEnfant
        | R::PlafondActivite
        | R::EmploiL343_1 => ("totalite", "en totalité"),
        R::ProrataTempsNonComplet | R::ProrataContractuel => ("prorata", "au prorata"),
        R::CongeParentalMoitie | R::CongeParentalProlongationMoitie => ("moitie", "pour moitié"),
        R::Exclu | R::CongeParentalAncienRegime => ("exclu", "non compté"),
        R::Inconnu => ("inconnu", "inconnu (donnée manquante)"),
    }
}

const LARGEUR_FRISE: f64 = 1000.0;

/// La frise de la carrière : les segments de poids constant du décompte des services
/// effectifs (commande `services`, périmètre le plus large : toute la fonction publique),
/// du début de la carrière au 31/12 précédant l'année demandée, prolongée jusqu'au dernier
/// jalon (la période en cours se poursuivant), et le jour où chaque durée exigée est atteinte.
fn frise(agent: &Agent, annee: i32, voies: &[VueVoie], seuils: &[SeuilAtteint]) -> Option<Frise> {
    let debut = agent.periodes.iter().map(|p| p.debut).min()?;
    let jalons_bruts: Vec<&SeuilAtteint> = seuils
        .iter()
        .filter(|s| {
            s.atteint_le.is_some()
                && voies
                    .iter()
                    .any(|v| v.cible == s.cible && v.voie == code_voie(s.voie))
        })
        .collect();
    let mut fin = droit::date::trente_et_un_decembre(annee - 1);
    for s in &jalons_bruts {
        if let Some(d) = s.atteint_le {
            fin = fin.max(d);
        }
    }
    if fin < debut {
        fin = debut;
    }
    let reponse = droit::services::decompter(agent, fin, &Perimetre::default().en_critere());
    let j0 = droit::date::jour(debut) as f64;
    let j1 = droit::date::jour(fin) as f64 + 1.0;
    let x = |d: jiff::civil::Date| {
        format!(
            "{:.1}",
            (droit::date::jour(d) as f64 - j0) / (j1 - j0) * LARGEUR_FRISE
        )
    };
    let bandes = reponse
        .detail
        .iter()
        .map(|l| {
            let (classe, compte) = categorie_regle(l.regle);
            let a = droit::date::jour(l.debut) as f64;
            let b = droit::date::jour(l.fin) as f64 + 1.0;
            Bande {
                x: x(l.debut),
                largeur: format!("{:.1}", ((b - a) / (j1 - j0) * LARGEUR_FRISE).max(0.5)),
                classe,
                motif: match classe {
                    "moitie" => "url(#motif-moitie)",
                    "prorata" => "url(#motif-prorata)",
                    "exclu" => "url(#motif-exclu)",
                    "inconnu" => "url(#motif-inconnu)",
                    _ => "#2e7d32",
                },
                du: format_fr(l.debut),
                au: format_fr(l.fin),
                compte: if l.jours_calendaires > 0 && classe == "prorata" {
                    format!(
                        "{compte} ({} %)",
                        ((l.jours / f64::from(l.jours_calendaires)) * 1000.0).round() / 10.0
                    )
                    .replace('.', ",")
                } else {
                    compte.to_owned()
                },
                explication: l.explication.clone(),
                reference: l.reference.clone(),
            }
        })
        .collect();
    let a0 = i32::from(debut.year());
    let a1 = i32::from(fin.year());
    let pas = match a1 - a0 {
        0..=12 => 1,
        13..=25 => 2,
        26..=50 => 5,
        _ => 10,
    };
    let reperes = ((a0 + 1)..=a1)
        .filter(|a| a % pas == 0)
        .map(|a| Repere {
            x: x(droit::date::premier_janvier(a)),
            annee: a,
        })
        .collect();
    let appreciation = droit::date::premier_janvier(annee);
    let jalons = jalons_bruts
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let d = s.atteint_le?;
            Some(Jalon {
                numero: i + 1,
                x: x(d),
                date: format_fr(d),
                quoi: format!(
                    "{} ({}) : {}",
                    Catalogue::get().libelle_grade(s.cible),
                    libelle_voie(s.voie),
                    s.libelle
                ),
                compte_pour: s.compte_pour.map(|a| a.to_string()).unwrap_or_default(),
            })
        })
        .collect();
    Some(Frise {
        bandes,
        reperes,
        jalons,
        appreciation: (appreciation > debut && appreciation <= fin).then(|| x(appreciation)),
        du: format_fr(debut),
        au: format_fr(fin),
    })
}

fn resultat(d: &DemandeEligibilite, r: &ReponseEligibilite) -> VueResultat {
    let formations = d.agent.formations.is_some();
    let seuils = seuils_atteints(&d.agent, d.annee, d.cibles.as_deref());
    let une_cible = d.cibles.is_some();
    let mut voies = Vec::new();
    let mut autres = Vec::new();
    for v in &r.voies {
        if une_cible || v.eligible || v.premiere_annee_eligible.is_some() {
            voies.push(vue_voie(v, d.annee, &seuils, formations));
        } else {
            autres.push(VueAutre {
                cible: v.cible.clone(),
                voie: code_voie(v.voie),
                titre: format!(
                    "{} — {}",
                    Catalogue::get().libelle_grade(&v.cible),
                    libelle_voie(v.voie)
                ),
            });
        }
    }
    // Voies ouvertes d'abord, puis par première année ; l'ordre du moteur à égalité.
    voies.sort_by_key(|v| {
        (
            !v.eligible,
            v.premiere_annee.parse::<i32>().unwrap_or(i32::MAX),
        )
    });
    let frise = frise(&d.agent, d.annee, &voies, &seuils);
    VueResultat {
        date_appreciation: format_fr(r.date_appreciation),
        voies,
        autres,
        frise,
        formations_evaluees: formations,
        version_catalogue: r.version_catalogue.to_string(),
    }
}

fn vue_periode(i: usize, l: &LignePeriode, e: &Erreurs) -> VuePeriode {
    let n = |c: &str| format!("p{i}_{c}");
    VuePeriode {
        rang: i,
        debut: champ(n("debut"), &l.debut, e),
        fin: champ(n("fin"), &l.fin, e),
        versants: choix(VERSANTS, &l.versant),
        versant: champ(n("versant"), &l.versant, e),
        statuts: choix(STATUTS, &l.statut),
        statut: champ(n("statut"), &l.statut, e),
        grades: groupes_grades(&l.grade),
        grade: champ(n("grade"), &l.grade, e),
        positions: choix(POSITIONS, &l.position),
        position: champ(n("position"), &l.position, e),
        motifs: choix(MOTIFS, &l.motif),
        motif: champ(n("motif"), &l.motif, e),
        quotite: champ(n("quotite"), &l.quotite, e),
        heures: champ(n("heures"), &l.heures, e),
        octroi: champ(n("octroi"), &l.octroi, e),
    }
}

/// Intitulé d'un champ pour le résumé des erreurs (« Période 2, fin »).
fn libelle_champ(nom: &str) -> String {
    let champ = |c: &str| match c {
        "debut" => "début",
        "fin" => "fin",
        "versant" => "versant",
        "statut" => "statut",
        "grade" => "grade",
        "position" => "position",
        "motif" => "motif de disponibilité",
        "quotite" => "quotité",
        "heures" => "heures hebdomadaires",
        "octroi" => "congé parental accordé le",
        "type" => "formation",
        "date" => "date",
        "jours" => "jours",
        "examen" => "grade de l'examen",
        "annee" => "année de la session",
        _ => "champ",
    };
    match decouper(nom) {
        Some(('p', i, c)) => format!("Période {}, {}", i + 1, champ(c)),
        Some(('f', i, c)) => format!("Formation {}, {}", i + 1, champ(c)),
        Some(('e', i, c)) => format!("Examen {}, {}", i + 1, champ(c)),
        _ => match nom {
            "annee" => "Année de la liste".to_owned(),
            "cible" => "Grade visé".to_owned(),
            "date_naissance" => "Date de naissance".to_owned(),
            autre => autre.to_owned(),
        },
    }
}

/// Rang d'un champ dans l'ordre du formulaire.
fn ordre_champ(nom: &str) -> (usize, usize, String) {
    match decouper(nom) {
        Some((g, i, _)) => (
            match g {
                'p' => 3,
                'f' => 4,
                _ => 5,
            },
            i,
            nom.to_owned(),
        ),
        None => (
            ["annee", "cible", "date_naissance"]
                .iter()
                .position(|n| *n == nom)
                .unwrap_or(6),
            0,
            nom.to_owned(),
        ),
    }
}

/// Une erreur du résumé : champ visé, intitulé et message.
struct ErreurResumee {
    champ: String,
    libelle: String,
    message: String,
}

fn page(
    s: &Saisie,
    e: &Erreurs,
    csrf: String,
    resultat: Option<VueResultat>,
    ajout: Option<String>,
) -> PageSimulateur {
    let mut resume: Vec<ErreurResumee> = e
        .champs
        .iter()
        .map(|(champ, message)| ErreurResumee {
            libelle: libelle_champ(champ),
            champ: champ.clone(),
            message: message.clone(),
        })
        .collect();
    resume.sort_by_key(|x| ordre_champ(&x.champ));
    let mut periodes: Vec<VuePeriode> = s
        .periodes
        .iter()
        .enumerate()
        .map(|(i, l)| vue_periode(i, l, e))
        .collect();
    let mut formations: Vec<VueFormation> = s
        .formations
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let n = |c: &str| format!("f{i}_{c}");
            VueFormation {
                rang: i,
                types: choix(TYPES_FORMATION, &l.type_formation),
                type_formation: champ(n("type"), &l.type_formation, e),
                date: champ(n("date"), &l.date, e),
                jours: champ(n("jours"), &l.jours, e),
            }
        })
        .collect();
    let mut examens: Vec<VueExamen> = s
        .examens
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let n = |c: &str| format!("e{i}_{c}");
            VueExamen {
                rang: i,
                examens: cibles(&l.examen, "Choisir le grade de l'examen"),
                examen: champ(n("examen"), &l.examen, e),
                annee: champ(n("annee"), &l.annee, e),
            }
        })
        .collect();
    if let Some(nom) = &ajout {
        let premiers = periodes
            .iter_mut()
            .map(|p| &mut p.debut)
            .chain(formations.iter_mut().map(|f| &mut f.type_formation))
            .chain(examens.iter_mut().map(|x| &mut x.examen));
        for c in premiers {
            c.focus = c.nom == *nom;
        }
    }
    PageSimulateur {
        titre: "Simulateur de promotion interne".to_owned(),
        avec_css: true,
        entete: None,
        csrf,
        annee: champ("annee".into(), &s.annee, e),
        cibles: cibles(&s.cible, "Tous les grades accessibles depuis ma carrière"),
        cible: champ("cible".into(), &s.cible, e),
        date_naissance: champ("date_naissance".into(), &s.date_naissance, e),
        periodes,
        formations_renseignees: s.formations_renseignees,
        formations,
        examens,
        nombre_erreurs: e.champs.len() + e.generales.len(),
        erreurs_generales: e.generales.clone(),
        erreurs_champs: resume,
        resultat,
        periodes_max: PERIODES_MAX,
        ajout,
        avis: Vec::new(),
    }
}

// ------------------------------------------------------------------ Routes

/// Jeton anti-falsification du formulaire public (doublé en cookie et en champ, comme la
/// connexion) : celui du cookie s'il est bien formé, sinon un nouveau.
fn jeton_csrf(entetes: &HeaderMap) -> (String, bool) {
    match cookie(entetes, COOKIE_CSRF) {
        Some(c) if c.len() == 64 && c.bytes().all(|b| b.is_ascii_hexdigit()) => {
            (c.to_owned(), false)
        }
        _ => (store::utilisateurs::aleatoire_hex(32), true),
    }
}

fn repondre(
    p: &EtatPartage,
    statut: StatusCode,
    entetes: &HeaderMap,
    fabriquer: impl FnOnce(String) -> PageSimulateur,
) -> Response {
    let (csrf, nouveau) = jeton_csrf(entetes);
    let mut r = (statut, Html(fabriquer(csrf.clone()))).into_response();
    if nouveau {
        let securise = if p.etat.tls_amont { "; Secure" } else { "" };
        if let Ok(v) = HeaderValue::from_str(&format!(
            "{COOKIE_CSRF}={csrf}; Path=/simulateur; HttpOnly; SameSite=Strict{securise}"
        )) {
            r.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    r
}

/// `GET /simulateur` : le formulaire vide (une période).
pub(crate) async fn page_vide(State(p): State<EtatPartage>, entetes: HeaderMap) -> Response {
    let s = Saisie {
        annee: p.etat.annee_par_defaut.to_string(),
        periodes: vec![LignePeriode::default()],
        formations: vec![LigneFormation::default()],
        examens: vec![LigneExamen::default()],
        ..Saisie::default()
    };
    repondre(&p, StatusCode::OK, &entetes, |csrf| {
        page(&s, &Erreurs::default(), csrf, None, None)
    })
}

/// `POST /simulateur` : calcul, ou ligne ajoutée (jeton CSRF vérifié par la garde).
pub(crate) async fn envoyer(
    State(p): State<EtatPartage>,
    entetes: HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let mut erreurs = Erreurs::default();
    let (mut s, action) = lire_saisie(&corps, &mut erreurs);
    if s.periodes.is_empty() {
        s.periodes.push(LignePeriode::default());
    }
    let ajout = match action {
        Action::AjouterPeriode if s.periodes.len() < PERIODES_MAX => {
            s.periodes.push(LignePeriode::default());
            Some(format!("p{}_debut", s.periodes.len() - 1))
        }
        Action::AjouterPeriode => {
            erreurs.generales.push(format!(
                "Le simulateur accepte au plus {PERIODES_MAX} périodes de carrière."
            ));
            None
        }
        Action::AjouterFormation if s.formations.len() < FORMATIONS_MAX => {
            s.formations.push(LigneFormation::default());
            s.formations_renseignees = true;
            Some(format!("f{}_type", s.formations.len() - 1))
        }
        Action::AjouterExamen if s.examens.len() < EXAMENS_MAX => {
            s.examens.push(LigneExamen::default());
            Some(format!("e{}_examen", s.examens.len() - 1))
        }
        _ => None,
    };
    if s.formations.is_empty() {
        s.formations.push(LigneFormation::default());
    }
    if s.examens.is_empty() {
        s.examens.push(LigneExamen::default());
    }
    if action != Action::Calculer {
        let statut = if erreurs.vide() {
            StatusCode::OK
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        return Ok(repondre(&p, statut, &entetes, |csrf| {
            page(&s, &erreurs, csrf, None, ajout)
        }));
    }
    calculer_et_repondre(&p, &entetes, s, erreurs, Vec::new()).await
}

/// Calcule (hors du fil des requêtes) et rend la page : résultat, ou erreurs sous les champs.
async fn calculer_et_repondre(
    p: &EtatPartage,
    entetes: &HeaderMap,
    s: Saisie,
    erreurs: Erreurs,
    avis: Vec<String>,
) -> Result<Response, Erreur> {
    let saisie = s.clone();
    let calcul = tokio::task::spawn_blocking(move || {
        let mut erreurs = erreurs;
        let r = calculer(&saisie, &mut erreurs);
        let vue = r.as_ref().map(|(d, r)| resultat(d, r));
        (erreurs, vue)
    })
    .await;
    let (erreurs, vue) = calcul.map_err(|e| {
        // Aucune valeur saisie n'est consignée : seulement le nombre de lignes.
        tracing::error!(
            "simulateur : le calcul a échoué ({} période(s) saisie(s)) : {e}",
            s.periodes.len()
        );
        Erreur::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "erreur_moteur",
            "Le calcul a échoué de façon inattendue ; l'incident est consigné (sans les \
             données saisies).",
        )
        .page()
    })?;
    let statut = if erreurs.vide() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(repondre(p, statut, entetes, |csrf| {
        let mut page = page(&s, &erreurs, csrf, vue, None);
        page.avis = avis;
        page
    }))
}

/// Code du contrat d'une valeur (`territoriale`, `conge_parental`…).
fn code<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn nombre_fr(x: f64) -> String {
    x.to_string().replace('.', ",")
}

/// Matricules de la première colonne d'un fichier CSV (ceux que l'analyse de l'import doit
/// tenir pour connus : l'agent n'a pas à envoyer sa fiche d'identité).
fn matricules(texte: &str) -> std::collections::HashSet<String> {
    let separateur = if texte.lines().next().unwrap_or("").contains(';') {
        ';'
    } else {
        ','
    };
    texte
        .lines()
        .skip(1)
        .filter_map(|l| l.split(separateur).next())
        .map(|m| m.trim().trim_matches('"').trim().to_owned())
        .filter(|m| !m.is_empty())
        .take(PERIODES_MAX + FORMATIONS_MAX + 1)
        .collect()
}

/// La carrière d'un agent lue dans ses lignes des fichiers d'import (`periodes.csv` et, s'il
/// est joint, `formations.csv`), avec les mêmes règles que l'import ; en saisie du formulaire.
fn saisie_des_fichiers(
    fichiers: &[store::import::FichierCsv],
    erreurs: &mut Erreurs,
    avis: &mut Vec<String>,
) -> Option<Saisie> {
    let mut connus = store::import::Connus::default();
    for f in fichiers {
        match store::tableur::decoder(&f.octets) {
            Ok(t) => connus.matricules.extend(matricules(&t)),
            Err(d) => {
                erreurs
                    .generales
                    .push(format!("{}, ligne {} : {}.", f.nom, d.ligne, d.message));
                return None;
            }
        }
    }
    let lot = match store::import::analyser(fichiers, &connus) {
        Ok(lot) => lot,
        Err(e) => {
            erreurs.generales.push(format!("{e}."));
            return None;
        }
    };
    if !lot.agents.is_empty() || !lot.collectivites.is_empty() {
        erreurs.generales.push(
            "Envoyez seulement vos lignes de périodes (en-tête de periodes.csv) et, si vous le              souhaitez, de formations (en-tête de formations.csv)."
                .to_owned(),
        );
        return None;
    }
    let mut noms: Vec<&String> = lot.carrieres.keys().chain(lot.formations.keys()).collect();
    noms.sort();
    noms.dedup();
    let matricule = match noms.as_slice() {
        [m] => (*m).clone(),
        [] => {
            erreurs
                .generales
                .push("Le fichier ne contient aucune période de carrière.".to_owned());
            return None;
        }
        _ => {
            erreurs.generales.push(format!(
                "Le fichier contient les lignes de {} agents : ne gardez que les vôtres.",
                noms.len()
            ));
            return None;
        }
    };
    let periodes = lot.carrieres.get(&matricule).cloned().unwrap_or_default();
    if periodes.len() > PERIODES_MAX {
        erreurs.generales.push(format!(
            "Le fichier contient {} périodes ; le simulateur en accepte {PERIODES_MAX} au plus.",
            periodes.len()
        ));
        return None;
    }
    let formations = lot.formations.get(&matricule).cloned();
    if formations
        .as_ref()
        .is_some_and(|f| f.len() > FORMATIONS_MAX)
    {
        erreurs.generales.push(format!(
            "Le fichier contient plus de {FORMATIONS_MAX} formations."
        ));
        return None;
    }
    let mut s = Saisie::default();
    for (i, p) in periodes.iter().enumerate() {
        if p.emploi.is_some() {
            avis.push(format!(
                "Période {} : l'emploi occupé (colonne emploi) n'est pas repris par le                  simulateur ; les conditions qui en dépendent ne sont pas évaluées.",
                i + 1
            ));
        }
        s.periodes.push(LignePeriode {
            debut: format_fr(p.debut),
            fin: p.fin.map(format_fr).unwrap_or_default(),
            versant: code(&p.versant),
            statut: code(&p.statut),
            grade: p.grade.clone().unwrap_or_default(),
            position: code(&p.position),
            motif: p.motif_disponibilite.map(|m| code(&m)).unwrap_or_default(),
            quotite: p.quotite.map(nombre_fr).unwrap_or_default(),
            heures: p.heures_hebdomadaires.map(nombre_fr).unwrap_or_default(),
            octroi: p
                .conge_parental_octroye_le
                .map(format_fr)
                .unwrap_or_default(),
        });
    }
    if let Some(fs) = formations {
        s.formations_renseignees = true;
        s.formations = fs
            .iter()
            .map(|f| LigneFormation {
                type_formation: code(&f.type_formation),
                date: format_fr(f.date),
                jours: nombre_fr(f.jours),
            })
            .collect();
    }
    Some(s)
}

/// `POST /simulateur/fichier` : la carrière lue dans les lignes du dossier de l'agent (format
/// de l'import), reportée dans le formulaire et calculée. Le fichier n'est pas conservé.
pub(crate) async fn envoyer_fichier(
    State(p): State<EtatPartage>,
    entetes: HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let parties = crate::multipart::parties_de_page(&entetes, &corps)?;
    let mut erreurs = Erreurs::default();
    let mut avis = Vec::new();
    let simple = |nom: &str| crate::multipart::champ(&parties, nom).unwrap_or_default();
    let mut fichiers: Vec<store::import::FichierCsv> = Vec::new();
    for x in parties
        .iter()
        .filter(|x| x.fichier.is_some() && !x.octets.is_empty())
    {
        let nom = x
            .fichier
            .as_deref()
            .filter(|n| !n.is_empty())
            .unwrap_or(x.nom.as_str())
            .chars()
            .take(80)
            .collect::<String>();
        // Un classeur XLSX passe par la même analyse : ses feuilles « périodes » et
        // « formations » (à défaut la première) lues en CSV, nommées dans les messages.
        if store::xlsx::est_xlsx(&x.octets) {
            match store::import::feuilles_xlsx(&nom, &x.octets) {
                Ok(v) => fichiers.extend(v),
                Err(e) => erreurs.generales.push(format!("{e}.")),
            }
        } else {
            fichiers.push(store::import::FichierCsv::new(nom, x.octets.clone()));
        }
    }
    let lue = if !erreurs.vide() {
        None
    } else if fichiers.is_empty() {
        erreurs
            .generales
            .push("Choisissez le fichier CSV de vos périodes de carrière.".to_owned());
        None
    } else {
        saisie_des_fichiers(&fichiers, &mut erreurs, &mut avis)
    };
    let mut s = lue.unwrap_or_default();
    s.annee = simple("annee");
    if s.annee.trim().is_empty() {
        s.annee = p.etat.annee_par_defaut.to_string();
    }
    s.cible = simple("cible");
    if s.periodes.is_empty() {
        s.periodes.push(LignePeriode::default());
    }
    if s.formations.is_empty() {
        s.formations.push(LigneFormation::default());
    }
    s.examens.push(LigneExamen::default());
    if !erreurs.vide() {
        return Ok(repondre(
            &p,
            StatusCode::UNPROCESSABLE_ENTITY,
            &entetes,
            |csrf| page(&s, &erreurs, csrf, None, None),
        ));
    }
    calculer_et_repondre(&p, &entetes, s, erreurs, avis).await
}

/// `GET /static/simulateur.js` : ajout des lignes sans aller-retour (facultatif).
pub(crate) async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../static/simulateur.js"),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noms_des_champs_repetes() {
        assert_eq!(decouper("p3_debut"), Some(('p', 3, "debut")));
        assert_eq!(decouper("f12_jours"), Some(('f', 12, "jours")));
        assert_eq!(decouper("annee"), None);
        assert_eq!(decouper("p_debut"), None);
        assert_eq!(decouper("p99999_debut"), None);
    }

    #[test]
    fn nombres_a_la_francaise() {
        assert_eq!(nombre("17,5"), Ok(Some(17.5)));
        assert_eq!(nombre(" 80 "), Ok(Some(80.0)));
        assert_eq!(nombre(""), Ok(None));
        assert!(nombre("1e5").is_err());
        assert!(nombre("-3").is_err());
    }

    #[test]
    fn au_dela_de_quarante_periodes_un_message_francais() {
        let mut e = Erreurs::default();
        let (s, _) = lire_saisie(b"p40_debut=01/01/2000&p0_debut=01/01/1999", &mut e);
        assert_eq!(s.periodes.len(), 1);
        assert!(e.generales[0].contains("au plus 40 périodes"), "{e:?}");
    }

    #[test]
    fn une_erreur_du_moteur_revient_a_son_champ() {
        // Deux lignes saisies, la première laissée vide : la période 0 de la demande est la
        // ligne 1 du formulaire.
        let prov = Provenance {
            periodes: vec![1, 2],
            ..Provenance::default()
        };
        assert_eq!(
            champ_du_chemin("/agent/periodes/0/fin", &prov).as_deref(),
            Some("p1_fin")
        );
        assert_eq!(
            champ_du_chemin("/agent/periodes/1/heures_hebdomadaires", &prov).as_deref(),
            Some("p2_heures")
        );
        assert_eq!(champ_du_chemin("/annee", &prov).as_deref(), Some("annee"));
        assert_eq!(champ_du_chemin("/agent/periodes/7/fin", &prov), None);
    }
}
