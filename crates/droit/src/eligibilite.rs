//! Éligibilité aux voies de promotion interne (contrat v1, commande `eligibilite`).
//!
//! Les voies sont des données (`catalogue/voies*.toml`), compilées une fois : critères de
//! services prêts, seuils en jours, index par cible. L'évaluation calcule d'abord des
//! nombres (jours, états des conditions) et n'habille en français qu'à la fin.
//!
//! Dates (décret 2013-593) : les conditions d'inscription sur la liste d'aptitude de l'année
//! N s'apprécient au 1er janvier N (art. 21 ; guide CDG Martinique §I.D) ; l'examen de la session N peut
//! être passé si les conditions sont remplies au plus tard le 31 décembre N (art. 16 ;
//! FAQ CNFPT ingénieur en chef Q17).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::carriere::{Agent, EmploiCode, Position, Statut, valider_annee};
use crate::catalogue::{
    AppreciationExamen, Catalogue, CatalogueVoies, FonctionDef, PositionRequise, ServicesDef,
    VarianteDef, VoieDef,
};
use crate::date::{Duree, Jour, format_fr, jour, premier_janvier, trente_et_un_decembre};
use crate::erreur::ErreurEntree;
use crate::resultat::{Condition, Texte};
use crate::services::{
    Carriere, Critere, ServicesEffectifs, duree_segments, parcourir, seuil_annees,
};

/// Entrée de la commande `eligibilite`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeEligibilite {
    /// Année de la liste d'aptitude (conditions appréciées au 1er janvier) ; pour la voie
    /// `inscription_examen`, année de la session d'examen.
    pub annee: i32,
    /// Grades cibles à évaluer ; par défaut toutes les cibles du catalogue.
    #[serde(default)]
    pub cibles: Option<Vec<String>>,
    pub agent: Agent,
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

/// Une variante d'une voie (un alinéa du statut particulier) et ses conditions.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Variante {
    pub code: Texte,
    pub libelle: Texte,
    pub eligible: bool,
    pub conditions: Vec<Condition>,
    /// Texte qui fonde la variante.
    #[serde(default)]
    pub reference: Texte,
    /// `false` si la variante repose sur un fait non vérifié sur le texte en vigueur.
    #[serde(default = "vrai")]
    pub verifie: bool,
}

fn vrai() -> bool {
    true
}

/// Résultat pour une voie vers une cible.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ResultatVoie {
    pub cible: String,
    pub voie: Voie,
    pub eligible: bool,
    pub premiere_annee_eligible: Option<i32>,
    pub variantes: Vec<Variante>,
    /// Libellé du grade cible.
    #[serde(default)]
    pub libelle_cible: Texte,
    /// Texte qui fonde la voie.
    #[serde(default)]
    pub reference: Texte,
    #[serde(default = "vrai")]
    pub verifie: bool,
    /// Date à laquelle les conditions de services sont arrêtées (incluse).
    pub services_arretes_au: Date,
}

/// Sortie de la commande `eligibilite`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReponseEligibilite {
    pub annee: i32,
    pub date_appreciation: Date,
    pub voies: Vec<ResultatVoie>,
}

// ------------------------------------------------------------------ Catalogue compilé

struct ServicesCompile {
    def: &'static ServicesDef,
    critere: Critere,
    /// Rang du périmètre parmi les périmètres distincts du catalogue : un même périmètre
    /// n'est compté qu'une fois par agent et par date.
    critere_id: usize,
    /// Seuil en jours ; `None` : durée exigée inconnue.
    seuil: Option<f64>,
    /// Textes rédigés une fois : intitulé, et « requis » avant et après la date.
    libelle: String,
    requis_avant: String,
    requis_apres: String,
}

impl ServicesCompile {
    fn nouveau(s: &'static ServicesDef) -> Self {
        let seuil = s
            .annees
            .map(|a| seuil_annees(a) + if s.strictement { 1.0 } else { 0.0 });
        let (requis_avant, requis_apres) = match (s.annees, seuil) {
            (Some(a), Some(seuil)) => (
                format!(
                    "{} {} de {} au ",
                    if s.strictement { "plus de" } else { "au moins" },
                    annees_fr(a),
                    s.libelle
                ),
                format!(" ({})", jours_fr(seuil)),
            ),
            _ => (
                format!("{} : durée exigée non établie (au ", s.libelle),
                ")".to_owned(),
            ),
        };
        ServicesCompile {
            def: s,
            critere: s.critere(),
            critere_id: 0,
            seuil,
            libelle: format!("Services : {}", s.libelle),
            requis_avant,
            requis_apres,
        }
    }
}

struct VarianteCompilee {
    def: &'static VarianteDef,
    services: Vec<ServicesCompile>,
    /// Texte « requis » de la condition de grade, rédigé une fois.
    requis_detention: String,
    /// Textes fixes des autres conditions, rédigés une fois au chargement.
    requis_position: String,
    reference_position: String,
    requis_periode: String,
    /// Par fonction exigée : intitulé et texte « requis ».
    fonctions: Vec<(String, String)>,
    /// Grades et cadres admis, résolus dans le catalogue (comparaison par adresse).
    grades_ok: Vec<usize>,
    cadres_ok: Vec<usize>,
}

fn adresse_grade(g: &crate::catalogue::Grade<'static>) -> usize {
    g.code.as_ptr() as usize
}

fn adresse_cadre(c: &'static crate::catalogue::CadreEmplois) -> usize {
    c as *const crate::catalogue::CadreEmplois as usize
}

struct VoieCompilee {
    def: &'static VoieDef,
    voie: Voie,
    /// Référence de la condition d'examen, rédigée une fois.
    reference_examen: String,
    variantes: Vec<VarianteCompilee>,
}

struct Moteur {
    voies: Vec<VoieCompilee>,
    par_cible: HashMap<&'static str, Vec<usize>>,
}

fn moteur() -> &'static Moteur {
    static M: OnceLock<Moteur> = OnceLock::new();
    M.get_or_init(|| {
        let cat = CatalogueVoies::get();
        let mut voies = Vec::new();
        for def in &cat.voies {
            let variantes = || {
                def.variantes
                    .iter()
                    .map(|v| VarianteCompilee {
                        def: v,
                        requis_detention: marquer(requis_detention(v), v.verifie),
                        requis_position: requis_position(v),
                        reference_position: format!(
                            "{} ; FAQ CNFPT ingénieur en chef Q5 à Q8",
                            v.reference
                        ),
                        requis_periode: requis_periode(v),
                        fonctions: v
                            .fonctions
                            .iter()
                            .map(|f| (format!("Fonctions : {}", f.libelle), requis_fonction(f)))
                            .collect(),
                        grades_ok: v
                            .grades_detenus
                            .iter()
                            .filter_map(|g| Catalogue::get().grade(g))
                            .map(|g| adresse_grade(&g))
                            .collect(),
                        cadres_ok: v
                            .cadres_detenus
                            .iter()
                            .filter_map(|c| Catalogue::get().cadre(c))
                            .map(adresse_cadre)
                            .collect(),
                        services: v.services.iter().map(ServicesCompile::nouveau).collect(),
                    })
                    .collect::<Vec<_>>()
            };
            let reference_examen = format!(
                "{} ; décret n° 2013-593 art. 16 et 21 ; guide CDG Martinique §I.D",
                def.reference
            );
            voies.push(VoieCompilee {
                def,
                voie: def.voie,
                reference_examen: reference_examen.clone(),
                variantes: variantes(),
            });
            if def.voie == Voie::Examen {
                voies.push(VoieCompilee {
                    def,
                    voie: Voie::InscriptionExamen,
                    reference_examen,
                    variantes: variantes(),
                });
            }
        }
        // Périmètres distincts : chaque décompte reçoit le rang de son périmètre.
        let mut criteres: Vec<&Critere> = Vec::new();
        let mut rangs = Vec::new();
        for s in voies
            .iter()
            .flat_map(|v| &v.variantes)
            .flat_map(|va| &va.services)
        {
            let rang = match criteres.iter().position(|c| **c == s.critere) {
                Some(r) => r,
                None => {
                    criteres.push(&s.critere);
                    criteres.len() - 1
                }
            };
            rangs.push(rang);
        }
        let mut rangs = rangs.into_iter();
        for s in voies
            .iter_mut()
            .flat_map(|v| &mut v.variantes)
            .flat_map(|va| &mut va.services)
        {
            s.critere_id = rangs.next().unwrap_or_default();
        }
        let mut par_cible: HashMap<&'static str, Vec<usize>> = HashMap::new();
        for (i, v) in voies.iter().enumerate() {
            par_cible.entry(v.def.cible.as_str()).or_default().push(i);
        }
        Moteur { voies, par_cible }
    })
}

/// Les cibles connues du catalogue des voies, dans l'ordre du catalogue.
pub fn cibles() -> &'static [String] {
    &CatalogueVoies::get().cibles
}

// ------------------------------------------------------------------ Dates d'appréciation

/// Jour où s'apprécient grade, position, âge et fonctions en cours.
fn jour_detention(annee: i32) -> Jour {
    jour(premier_janvier(annee))
}

/// Dernier jour (inclus) des services comptés pour la voie et l'année.
fn jour_services(v: &VoieCompilee, annee: i32) -> Jour {
    match (v.voie, v.def.appreciation_examen) {
        // Décret 2013-593 art. 16 et 21 ; FAQ CNFPT ingénieur en chef Q17 : au plus tard le 31/12 de la session.
        (Voie::InscriptionExamen, AppreciationExamen::FinAnnee) => {
            jour(trente_et_un_decembre(annee))
        }
        // Au 1er janvier N : services accomplis jusqu'au 31/12/N-1 inclus.
        _ => jour(premier_janvier(annee)) - 1,
    }
}

/// Année minimale pour que des services atteints le jour `d` comptent.
fn annee_depuis_jour_services(v: &VoieCompilee, d: Jour) -> i32 {
    let y = i32::from(crate::date::date(d).year());
    match (v.voie, v.def.appreciation_examen) {
        (Voie::InscriptionExamen, AppreciationExamen::FinAnnee) => y,
        _ => y + 1,
    }
}

// ------------------------------------------------------------------ Conditions numériques

/// Détention d'un grade à une date.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Detention {
    Detenu,
    AucunePeriode,
    SansGrade,
    NonTitulaire,
    AutreVersant,
    AutreGrade,
}

fn detention(c: &Carriere<'_>, va: &VarianteCompilee, j: Jour) -> Detention {
    match c.periode_au(j) {
        None => Detention::AucunePeriode,
        Some(p) => detention_periode(p, va),
    }
}

fn detention_periode(p: &crate::services::PeriodePreparee<'_>, va: &VarianteCompilee) -> Detention {
    let v = va.def;
    let Some(g) = p.grade else {
        return Detention::SansGrade;
    };
    if p.periode.statut != Statut::Titulaire {
        return Detention::NonTitulaire;
    }
    // FAQ CNFPT ingénieur en chef Q4, Q9 : un fonctionnaire d'un autre versant (non intégré) n'est pas membre
    // du cadre d'emplois, même s'il occupe un emploi du grade.
    if p.periode.versant != g.cadre.versant {
        return Detention::AutreVersant;
    }
    let ok = va.grades_ok.contains(&adresse_grade(&g))
        || va.cadres_ok.contains(&adresse_cadre(g.cadre))
        || (v.categories_detenues.contains(&g.categorie())
            && g.cadre.versant == crate::carriere::Versant::Territoriale);
    if ok {
        Detention::Detenu
    } else {
        Detention::AutreGrade
    }
}

/// Une période de la carrière détient-elle, à un moment, un grade qui convient ? Coupe court
/// au calcul de la première année pour les cibles étrangères à la carrière.
fn detention_possible(c: &Carriere<'_>, va: &VarianteCompilee) -> bool {
    c.periodes
        .iter()
        .any(|p| detention_periode(p, va) == Detention::Detenu)
}

fn exige_detention(v: &VarianteDef) -> bool {
    !v.grades_detenus.is_empty()
        || !v.cadres_detenus.is_empty()
        || !v.categories_detenues.is_empty()
}

/// Détachement admis pour concourir (FAQ CNFPT ingénieur en chef Q7, Q10, Q11) : dans un emploi fonctionnel,
/// ou sur un contrat de projet ou de droit public (on concourt alors sans ces services).
/// `None` : emploi de détachement inconnu ou « autre » (un détachement pour mandat électif
/// ou syndical ne permet pas de concourir, FAQ CNFPT ingénieur en chef Q7).
fn detachement_admis_pour_concourir(e: Option<&crate::carriere::Emploi>) -> Option<bool> {
    match e.map(|e| e.code) {
        None | Some(EmploiCode::Autre) => None,
        Some(_) => Some(true),
    }
}

fn position_ok(c: &Carriere<'_>, v: &VarianteDef, j: Jour) -> Option<bool> {
    let Some(p) = c.periode_au(j) else {
        return Some(false);
    };
    let pos = p.periode.position;
    let mut inconnu = false;
    for r in &v.positions {
        let ok = match r {
            PositionRequise::Activite => Some(pos == Position::Activite),
            PositionRequise::MiseADisposition => Some(pos == Position::MiseADisposition),
            PositionRequise::Detachement => Some(pos == Position::Detachement),
            PositionRequise::DetachementEmploiFonctionnel => {
                if pos == Position::Detachement {
                    detachement_admis_pour_concourir(p.periode.emploi.as_ref())
                } else {
                    Some(false)
                }
            }
            PositionRequise::CongeParental => Some(pos == Position::CongeParental),
        };
        match ok {
            Some(true) => return Some(true),
            None => inconnu = true,
            Some(false) => {}
        }
    }
    if inconnu { None } else { Some(false) }
}

fn age_ok(agent: &Agent, v: &VarianteDef, j: Jour) -> Option<bool> {
    if v.age_minimum_inconnu {
        return None;
    }
    let a = v.age_minimum?;
    let n = agent.date_naissance?;
    Some(jour(crate::date::ajouter_annees(n, a as i32)) <= j)
}

/// La fonction d'une période correspond-elle ? `None` : population inconnue.
fn fonction_correspond(f: &FonctionDef, p: &crate::carriere::Periode) -> Option<bool> {
    if !p.statut.est_fonctionnaire() && !f.contractuels_admis {
        return Some(false);
    }
    let mut inconnu = false;
    for x in p.fonctions.iter().filter(|x| x.code == f.code) {
        if f.population_min.is_none() && f.population_max.is_none() {
            return Some(true);
        }
        match x.population {
            None => inconnu = true,
            Some(pop) => {
                if f.population_min.is_none_or(|m| pop >= m)
                    && f.population_max.is_none_or(|m| pop <= m)
                {
                    return Some(true);
                }
            }
        }
    }
    if inconnu { None } else { Some(false) }
}

/// Jours d'exercice d'une fonction jusqu'à `jusqu_au` : (certains, maximum).
fn jours_fonction(c: &Carriere<'_>, f: &FonctionDef, jusqu_au: Jour) -> (f64, f64) {
    let (mut j, mut jmax) = (0.0, 0.0);
    for pp in &c.periodes {
        if pp.debut > jusqu_au {
            break;
        }
        let fin = pp.fin.unwrap_or(jusqu_au).min(jusqu_au);
        let n = f64::from(fin - pp.debut + 1);
        match fonction_correspond(f, pp.periode) {
            Some(true) => {
                j += n;
                jmax += n;
            }
            None => jmax += n,
            Some(false) => {}
        }
    }
    (j, jmax)
}

/// Premier jour où la fonction totalise `seuil` jours.
fn jour_fonction_atteint(
    c: &Carriere<'_>,
    f: &FonctionDef,
    seuil: f64,
    horizon: Jour,
) -> Option<Jour> {
    let mut acc = 0.0;
    for pp in &c.periodes {
        if pp.debut > horizon {
            break;
        }
        if fonction_correspond(f, pp.periode) != Some(true) {
            continue;
        }
        let fin = pp.fin.unwrap_or(horizon).min(horizon);
        let n = f64::from(fin - pp.debut + 1);
        if acc + n >= seuil {
            return Some(pp.debut + (seuil - acc).ceil() as Jour - 1);
        }
        acc += n;
    }
    None
}

fn fonction_en_cours(c: &Carriere<'_>, f: &FonctionDef, j: Jour) -> Option<bool> {
    match c.periode_au(j) {
        None => Some(false),
        Some(p) => fonction_correspond(f, p.periode),
    }
}

fn seuil_verdict(jours: f64, jours_max: f64, seuil: f64) -> Option<bool> {
    if jours + 1e-9 >= seuil {
        Some(true)
    } else if jours_max + 1e-9 < seuil {
        Some(false)
    } else {
        None
    }
}

fn examen_reussi(agent: &Agent, cible: &str, annee: i32) -> Option<i32> {
    // Guide CDG Martinique §I.D : avoir satisfait aux épreuves au 1er janvier de l'année de la liste.
    agent
        .examens
        .iter()
        .filter(|e| e.admis && e.examen == cible && e.annee < annee)
        .map(|e| e.annee)
        .min()
}

fn dans_periode_application(v: &VarianteDef, annee: i32) -> bool {
    v.annee_min.is_none_or(|m| annee >= m) && v.annee_max.is_none_or(|m| annee <= m)
}

/// Évaluation rapide (sans texte) d'une variante pour une année : toutes les conditions
/// hors formation sont-elles remplies ?
fn variante_remplie(
    agent: &Agent,
    c: &Carriere<'_>,
    v: &VoieCompilee,
    va: &VarianteCompilee,
    annee: i32,
) -> bool {
    let d = va.def;
    if !dans_periode_application(d, annee) {
        return false;
    }
    let jd = jour_detention(annee);
    if exige_detention(d) && detention(c, va, jd) != Detention::Detenu {
        return false;
    }
    if !d.positions.is_empty() && position_ok(c, d, jd) != Some(true) {
        return false;
    }
    if (d.age_minimum.is_some() || d.age_minimum_inconnu) && age_ok(agent, d, jd) != Some(true) {
        return false;
    }
    let js = jour_services(v, annee);
    for s in &va.services {
        let Some(seuil) = s.seuil else { return false };
        let n = ServicesEffectifs::compter(c, &s.critere, js);
        if n.jours + 1e-9 < seuil {
            return false;
        }
    }
    for f in &d.fonctions {
        if f.en_cours && fonction_en_cours(c, f, jd) != Some(true) {
            return false;
        }
        let (j, _) = jours_fonction(c, f, js);
        if j + 1e-9 < seuil_annees(f.annees) {
            return false;
        }
    }
    if v.voie == Voie::Examen && examen_reussi(agent, &v.def.cible, annee).is_none() {
        return false;
    }
    true
}

/// Première année (depuis le début de la carrière, au plus 40 ans après `annee`) où la
/// variante est remplie, la période en cours étant supposée se poursuivre.
fn premiere_annee_variante(
    agent: &Agent,
    c: &Carriere<'_>,
    v: &VoieCompilee,
    va: &VarianteCompilee,
    annee: i32,
) -> Option<i32> {
    let debut = c.debut()?;
    if exige_detention(va.def) && !detention_possible(c, va) {
        return None;
    }
    let limite = (annee + 40).min(crate::carriere::ANNEE_MAX);
    let horizon = jour(trente_et_un_decembre(limite));
    let mut y0 = i32::from(crate::date::date(debut).year());
    let d = va.def;
    if let Some(m) = d.annee_min {
        y0 = y0.max(m);
    }
    // Bornes inférieures tirées des seuils (monotones) : un balayage par condition.
    for s in &va.services {
        let seuil = s.seuil?;
        let j = ServicesEffectifs::jour_atteint(c, &s.critere, seuil, horizon, false)?;
        y0 = y0.max(annee_depuis_jour_services(v, j));
    }
    for f in &d.fonctions {
        let j = jour_fonction_atteint(c, f, seuil_annees(f.annees), horizon)?;
        y0 = y0.max(annee_depuis_jour_services(v, j));
    }
    if v.voie == Voie::Examen {
        let e = examen_reussi(agent, &v.def.cible, limite + 1)?;
        y0 = y0.max(e + 1);
    }
    if d.age_minimum_inconnu {
        return None;
    }
    if let Some(a) = d.age_minimum {
        let n = agent.date_naissance?;
        let date_age = crate::date::ajouter_annees(n, a as i32);
        let y = i32::from(date_age.year());
        y0 = y0.max(if date_age == premier_janvier(y) {
            y
        } else {
            y + 1
        });
    }
    (y0..=limite).find(|&y| variante_remplie(agent, c, v, va, y))
}

// ------------------------------------------------------------------ Habillage en français

fn nombre_fr(x: f64) -> String {
    let arrondi = (x * 10.0).round() / 10.0;
    if (0.0..1e15).contains(&arrondi) && arrondi.fract() == 0.0 {
        // Entier : chiffres groupés par trois, sans passer par le formatage générique.
        let mut chiffres = [0u8; 20];
        let mut n = arrondi as u64;
        let mut k = 0;
        loop {
            chiffres[k] = b'0' + (n % 10) as u8;
            k += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        let mut out = String::with_capacity(k + 8);
        for i in (0..k).rev() {
            out.push(chiffres[i] as char);
            if i > 0 && i % 3 == 0 {
                out.push('\u{a0}');
            }
        }
        return out;
    }
    let s = if (arrondi - arrondi.trunc()).abs() < 1e-9 {
        format!("{}", arrondi as i64)
    } else {
        format!("{arrondi:.1}").replace('.', ",")
    };
    // Séparateur des milliers : espace.
    let (ent, dec) = match s.find(',') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s.as_str(), ""),
    };
    let mut out = String::new();
    for (i, ch) in ent.chars().enumerate() {
        if i > 0 && (ent.len() - i) % 3 == 0 {
            out.push('\u{a0}');
        }
        out.push(ch);
    }
    out + dec
}

fn jours_fr(x: f64) -> String {
    format!("{} jour{}", nombre_fr(x), if x >= 2.0 { "s" } else { "" })
}

fn annees_fr(a: u32) -> String {
    if a > 1 {
        format!("{a} ans")
    } else {
        format!("{a} an")
    }
}

fn liste_grades(codes: &[String]) -> String {
    let cat = Catalogue::get();
    codes
        .iter()
        .map(|g| cat.libelle_grade(g).to_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

fn liste_cadres(codes: &[String]) -> String {
    let cat = Catalogue::get();
    codes
        .iter()
        .map(|c| {
            cat.cadre(c)
                .map(|x| x.libelle.clone())
                .unwrap_or_else(|| c.clone())
        })
        .collect::<Vec<_>>()
        .join(", ")
}

const NON_VERIFIE: &str = " (règle non vérifiée sur le texte en vigueur)";

fn marquer(mut requis: String, verifie: bool) -> String {
    if !verifie {
        requis.push_str(NON_VERIFIE);
    }
    requis
}

fn position_fr(p: Position) -> &'static str {
    match p {
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

fn position_requise_fr(p: PositionRequise) -> &'static str {
    match p {
        PositionRequise::Activite => "activité",
        PositionRequise::MiseADisposition => "mise à disposition",
        PositionRequise::Detachement => "détachement",
        PositionRequise::DetachementEmploiFonctionnel => {
            "détachement (emploi fonctionnel, contrat de projet ou de droit public ; pas pour mandat)"
        }
        PositionRequise::CongeParental => "congé parental",
    }
}

fn requis_detention(d: &VarianteDef) -> String {
    let mut requis = Vec::new();
    if !d.grades_detenus.is_empty() {
        requis.push(format!(
            "titulaire de l'un des grades : {}",
            liste_grades(&d.grades_detenus)
        ));
    }
    if !d.cadres_detenus.is_empty() {
        requis.push(format!(
            "membre titulaire du cadre d'emplois (ou corps) : {}",
            liste_cadres(&d.cadres_detenus)
        ));
    }
    if !d.categories_detenues.is_empty() {
        let cats: Vec<&str> = d.categories_detenues.iter().map(|c| c.libelle()).collect();
        requis.push(format!(
            "fonctionnaire territorial titulaire de catégorie {}",
            cats.join(" ou ")
        ));
    }
    requis.join(" ; ")
}

fn requis_position(d: &VarianteDef) -> String {
    let admises: Vec<&str> = d
        .positions
        .iter()
        .map(|&p| position_requise_fr(p))
        .collect();
    format!("être en position : {}", admises.join(", "))
}

fn requis_periode(d: &VarianteDef) -> String {
    match (d.annee_min, d.annee_max) {
        (Some(a), Some(b)) => format!("listes des années {a} à {b}"),
        (Some(a), None) => format!("listes établies à partir de {a}"),
        (None, Some(b)) => format!("listes établies jusqu'en {b}"),
        (None, None) => "sans limite".to_owned(),
    }
}

fn requis_fonction(f: &FonctionDef) -> String {
    marquer(
        format!(
            "au moins {} de {}{}",
            annees_fr(f.annees),
            f.libelle,
            if f.en_cours {
                ", fonctions exercées à la date d'appréciation"
            } else {
                ""
            }
        ),
        f.verifie,
    )
}

/// Emprunt d'un texte du catalogue compilé (chargé une fois, vit tout le programme).
fn emprunt(s: &'static str) -> Texte {
    Cow::Borrowed(s)
}

/// Décompte d'un périmètre à une date, avec son texte « constaté » : calculé une fois par
/// agent, repris par toutes les conditions qui portent sur le même périmètre.
struct Decompte {
    critere_id: usize,
    jusqu_au: Jour,
    services: ServicesEffectifs,
    constate: String,
}

/// Ce qui ne dépend que de l'agent et de l'année : rédigé une fois par évaluation.
struct Contexte<'a> {
    agent: &'a Agent,
    carriere: Carriere<'a>,
    annee: i32,
    jd: Jour,
    /// Date d'appréciation JJ/MM/AAAA.
    date_detention: String,
    libelle_grade: String,
    libelle_position: String,
    constate_periode: String,
    /// « au JJ/MM/AAAA : titulaire du grade … » (grade détenu à la date d'appréciation).
    constate_titulaire: String,
    /// Position constatée à la date d'appréciation.
    constate_position: String,
    constate_age: String,
    /// Dates d'arrêt des services déjà rédigées.
    dates_services: Vec<(Jour, String)>,
    decomptes: Vec<Decompte>,
}

impl<'a> Contexte<'a> {
    fn nouveau(agent: &'a Agent, annee: i32) -> Self {
        let carriere = Carriere::preparer(agent);
        let jd = jour_detention(annee);
        let dj = crate::date::date(jd);
        let date = format_fr(dj);
        let p = carriere.periode_au(jd);
        let grade_lib = p
            .and_then(|p| p.grade)
            .map(|g| format!("{} ({})", g.libelle, g.cadre.libelle))
            .unwrap_or_default();
        let constate_position = match p {
            None => format!("aucune période de carrière connue au {date}"),
            Some(p) => format!("au {date} : {}", position_fr(p.periode.position)),
        };
        let constate_age = match agent.date_naissance {
            None => "date de naissance inconnue".to_owned(),
            Some(n) => {
                let mut age = i32::from(dj.year()) - i32::from(n.year());
                if (dj.month(), dj.day()) < (n.month(), n.day()) {
                    age -= 1;
                }
                format!("né(e) le {}, soit {age} ans au {date}", format_fr(n))
            }
        };
        Contexte {
            agent,
            annee,
            jd,
            libelle_grade: format!("Grade détenu au {date}"),
            libelle_position: format!("Position statutaire au {date}"),
            constate_periode: format!("liste de l'année {annee}"),
            constate_titulaire: format!("au {date} : titulaire du grade {grade_lib}"),
            constate_position,
            constate_age,
            date_detention: date,
            carriere,
            dates_services: Vec::with_capacity(2),
            decomptes: Vec::with_capacity(16),
        }
    }

    fn date_services(&mut self, js: Jour) -> &str {
        let i = match self.dates_services.iter().position(|(j, _)| *j == js) {
            Some(i) => i,
            None => {
                self.dates_services
                    .push((js, format_fr(crate::date::date(js))));
                self.dates_services.len() - 1
            }
        };
        &self.dates_services[i].1
    }

    /// Décompte du périmètre de `s` jusqu'au jour `js` inclus (calculé au premier besoin).
    fn decompte(&mut self, s: &ServicesCompile, js: Jour) -> usize {
        if let Some(i) = self
            .decomptes
            .iter()
            .position(|d| d.critere_id == s.critere_id && d.jusqu_au == js)
        {
            return i;
        }
        // Un seul balayage : les segments donnent le compte et la durée de date à date.
        let mut segments = Vec::with_capacity(16);
        let mut n = ServicesEffectifs {
            jours: 0.0,
            jours_max: 0.0,
            verifie: true,
        };
        parcourir(&self.carriere, &s.critere, js, |seg| {
            let k = f64::from(seg.fin - seg.debut + 1);
            n.jours += k * seg.poids;
            n.jours_max += k * seg.poids_max;
            if seg.poids_max > 0.0 && !seg.regle.verifie() {
                n.verifie = false;
            }
            if seg.poids > 0.0 {
                segments.push(seg);
            }
            true
        });
        let duree: Duree = duree_segments(&segments);
        let mut constate = format!(
            "{} compté{}, soit {}",
            jours_fr(n.jours),
            if n.jours >= 2.0 { "s" } else { "" },
            duree.libelle()
        );
        if n.jours_max > n.jours + 1e-9 {
            constate.push_str(" ; jusqu'à ");
            constate.push_str(&jours_fr(n.jours_max));
            constate
                .push_str(" selon des données manquantes (position, motif ou population inconnus)");
        }
        self.decomptes.push(Decompte {
            critere_id: s.critere_id,
            jusqu_au: js,
            services: n,
            constate,
        });
        self.decomptes.len() - 1
    }
}

fn condition_detention(x: &Contexte<'_>, va: &'static VarianteCompilee) -> Condition {
    let d = va.def;
    let jd = x.jd;
    let c = &x.carriere;
    let date = &x.date_detention;
    let etat = detention(c, va, jd);
    let p = c.periode_au(jd);
    let grade_lib = || {
        p.and_then(|p| p.grade)
            .map(|g| format!("{} ({})", g.libelle, g.cadre.libelle))
            .unwrap_or_default()
    };
    let constate = match etat {
        Detention::Detenu | Detention::AutreGrade => x.constate_titulaire.clone(),
        Detention::AucunePeriode => format!("aucune période de carrière connue au {date}"),
        Detention::SansGrade => format!(
            "au {date} : aucun grade d'un cadre d'emplois connu n'est détenu (emploi sans grade du catalogue)"
        ),
        Detention::NonTitulaire => format!(
            "au {date} : agent non titulaire de son grade (statut : {})",
            match p.map(|p| p.periode.statut) {
                Some(Statut::Stagiaire) => "stagiaire",
                Some(Statut::Contractuel) => "contractuel",
                Some(Statut::ContractuelCdi) => "contractuel en CDI",
                Some(Statut::DroitPrive) => "droit privé",
                _ => "titulaire",
            }
        ),
        Detention::AutreVersant => format!(
            "au {date} : fonctionnaire d'un autre versant que celui du cadre d'emplois ({}) : il n'en est pas membre (FAQ CNFPT ingénieur en chef Q4 et Q9)",
            grade_lib()
        ),
    };
    Condition {
        code: emprunt("grade_detenu"),
        libelle: x.libelle_grade.clone().into(),
        satisfaite: Some(etat == Detention::Detenu),
        reference: emprunt(&d.reference),
        requis: emprunt(&va.requis_detention),
        constate: constate.into(),
        verifie: d.verifie,
    }
}

fn condition_position(x: &Contexte<'_>, va: &'static VarianteCompilee) -> Condition {
    let d = va.def;
    let satisfaite = position_ok(&x.carriere, d, x.jd);
    let constate = if satisfaite.is_none() {
        format!(
            "{} (emploi de détachement non précisé : un détachement pour mandat électif ou syndical ne permet pas de concourir, FAQ CNFPT ingénieur en chef Q7)",
            x.constate_position
        )
    } else {
        x.constate_position.clone()
    };
    Condition {
        code: emprunt("position"),
        libelle: x.libelle_position.clone().into(),
        satisfaite,
        reference: emprunt(&va.reference_position),
        requis: emprunt(&va.requis_position),
        constate: constate.into(),
        verifie: d.verifie,
    }
}

fn condition_age(x: &Contexte<'_>, d: &'static VarianteDef) -> Condition {
    let requis = match d.age_minimum {
        Some(a) if !d.age_minimum_inconnu => {
            format!("avoir au moins {a} ans au {}", x.date_detention)
        }
        _ => "condition d'âge prévue par le statut, seuil non établi".to_owned(),
    };
    let verifie = d.verifie && !d.age_minimum_inconnu;
    Condition {
        code: emprunt("age_minimum"),
        libelle: emprunt("Âge minimum"),
        satisfaite: age_ok(x.agent, d, x.jd),
        reference: emprunt(&d.reference),
        requis: marquer(requis, verifie).into(),
        constate: x.constate_age.clone().into(),
        verifie,
    }
}

fn condition_services(x: &mut Contexte<'_>, s: &'static ServicesCompile, js: Jour) -> Condition {
    let i = x.decompte(s, js);
    let n = x.decomptes[i].services;
    let constate = x.decomptes[i].constate.clone();
    let satisfaite = s
        .seuil
        .and_then(|seuil| seuil_verdict(n.jours, n.jours_max, seuil));
    let verifie = s.def.verifie && n.verifie;
    let date = x.date_services(js);
    let mut requis = String::with_capacity(
        s.requis_avant.len() + s.requis_apres.len() + date.len() + NON_VERIFIE.len(),
    );
    requis.push_str(&s.requis_avant);
    requis.push_str(date);
    requis.push_str(&s.requis_apres);
    Condition {
        code: emprunt("services_effectifs"),
        libelle: emprunt(&s.libelle),
        satisfaite,
        reference: emprunt(&s.def.reference),
        requis: marquer(requis, verifie).into(),
        constate: constate.into(),
        verifie,
    }
}

fn condition_fonction(
    x: &mut Contexte<'_>,
    f: &'static FonctionDef,
    textes: &'static (String, String),
    js: Jour,
) -> Condition {
    let c = &x.carriere;
    let seuil = seuil_annees(f.annees);
    let (j, jmax) = jours_fonction(c, f, js);
    let mut satisfaite = seuil_verdict(j, jmax, seuil);
    let mut constate = jours_fr(j);
    constate.push_str(" d'exercice au ");
    let en_cours = f.en_cours.then(|| fonction_en_cours(c, f, x.jd));
    constate.push_str(x.date_services(js));
    if let Some(en_cours) = en_cours {
        constate.push_str(match en_cours {
            Some(true) => " ; fonction exercée à la date d'appréciation",
            Some(false) => " ; fonction non exercée à la date d'appréciation",
            None => " ; population inconnue à la date d'appréciation",
        });
        satisfaite = match (satisfaite, en_cours) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        };
    }
    Condition {
        code: emprunt("fonctions_exercees"),
        libelle: emprunt(&textes.0),
        satisfaite,
        reference: emprunt(&f.reference),
        requis: emprunt(&textes.1),
        constate: constate.into(),
        verifie: f.verifie,
    }
}

fn condition_examen(x: &Contexte<'_>, v: &'static VoieCompilee) -> Condition {
    let agent = x.agent;
    let annee = x.annee;
    let cat = Catalogue::get();
    let reussi = examen_reussi(agent, &v.def.cible, annee);
    let constate = match reussi {
        Some(a) => format!("examen réussi à la session {a}"),
        None => {
            let autres: Vec<String> = agent
                .examens
                .iter()
                .filter(|e| e.examen == v.def.cible)
                .map(|e| {
                    format!(
                        "session {} ({})",
                        e.annee,
                        if e.admis { "admis" } else { "non admis" }
                    )
                })
                .collect();
            if autres.is_empty() {
                "aucun examen professionnel réussi pour ce grade".to_owned()
            } else {
                format!(
                    "aucune réussite antérieure au 01/01/{annee} ; examens connus : {}",
                    autres.join(", ")
                )
            }
        }
    };
    Condition {
        code: emprunt("examen_reussi"),
        libelle: emprunt("Réussite à l'examen professionnel"),
        satisfaite: Some(reussi.is_some()),
        reference: emprunt(&v.reference_examen),
        requis: marquer(
            format!(
                "avoir satisfait aux épreuves de l'examen d'accès au grade {} au 01/01/{annee} (l'examen reste valable tant que l'agent n'est pas inscrit)",
                cat.libelle_grade(&v.def.cible)
            ),
            v.def.verifie,
        )
        .into(),
        constate: constate.into(),
        verifie: v.def.verifie,
    }
}

fn condition_periode_application(x: &Contexte<'_>, va: &'static VarianteCompilee) -> Condition {
    let d = va.def;
    Condition {
        code: emprunt("periode_application"),
        libelle: emprunt("Dispositif en vigueur pour l'année de la liste"),
        satisfaite: Some(dans_periode_application(d, x.annee)),
        reference: emprunt(&d.reference),
        requis: emprunt(&va.requis_periode),
        constate: x.constate_periode.clone().into(),
        verifie: d.verifie,
    }
}

/// Condition de formation : non évaluée si `formations` est absent (contrat v1).
fn condition_formation(agent: &Agent, annee: i32) -> Condition {
    if agent.formations.is_some() {
        crate::formation::condition_liste_aptitude(agent, annee)
    } else {
        Condition {
            code: emprunt("formation_professionnalisation"),
            libelle: emprunt("Obligations de formation de professionnalisation"),
            satisfaite: None,
            reference: emprunt(
                "Décret n° 2008-512 du 29 mai 2008, art. 16 ; guide CDG Martinique §I.E",
            ),
            requis: emprunt(
                "attestations du CNFPT pour les périodes de formation révolues au 1er janvier de l'année de la liste",
            ),
            constate: emprunt("non évaluée : les formations suivies n'ont pas été fournies"),
            verifie: true,
        }
    }
}

fn habiller_variante(
    x: &mut Contexte<'_>,
    v: &'static VoieCompilee,
    va: &'static VarianteCompilee,
    formation: Option<&Condition>,
) -> Variante {
    let d = va.def;
    let js = jour_services(v, x.annee);
    let mut conditions = Vec::with_capacity(6 + va.services.len() + d.fonctions.len());
    if d.annee_min.is_some() || d.annee_max.is_some() {
        conditions.push(condition_periode_application(x, va));
    }
    if exige_detention(d) {
        conditions.push(condition_detention(x, va));
    }
    if !d.positions.is_empty() {
        conditions.push(condition_position(x, va));
    }
    if d.age_minimum.is_some() || d.age_minimum_inconnu {
        conditions.push(condition_age(x, d));
    }
    for s in &va.services {
        conditions.push(condition_services(x, s, js));
    }
    for (f, textes) in d.fonctions.iter().zip(&va.fonctions) {
        conditions.push(condition_fonction(x, f, textes, js));
    }
    if v.voie == Voie::Examen {
        conditions.push(condition_examen(x, v));
    }
    if let Some(f) = formation {
        conditions.push(f.clone());
    }
    let sans_formation = x.agent.formations.is_none();
    let eligible = conditions.iter().all(|k| match k.satisfaite {
        Some(b) => b,
        None => sans_formation && k.code == "formation_professionnalisation",
    });
    Variante {
        code: emprunt(&d.code),
        libelle: emprunt(&d.libelle),
        eligible,
        conditions,
        reference: emprunt(&d.reference),
        verifie: d.verifie,
    }
}

// ------------------------------------------------------------------ Points d'entrée

fn evaluer_voie(
    x: &mut Contexte<'_>,
    v: &'static VoieCompilee,
    formation: &Condition,
) -> ResultatVoie {
    let avec_formation = matches!(v.voie, Voie::Choix | Voie::Examen);
    let mut variantes = Vec::with_capacity(v.variantes.len());
    for va in &v.variantes {
        variantes.push(habiller_variante(
            x,
            v,
            va,
            avec_formation.then_some(formation),
        ));
    }
    let eligible = variantes.iter().any(|x| x.eligible);
    // Première année : calcul numérique seul (pas de texte dans la boucle).
    let premiere_annee_eligible = v
        .variantes
        .iter()
        .filter_map(|va| premiere_annee_variante(x.agent, &x.carriere, v, va, x.annee))
        .min();
    ResultatVoie {
        cible: v.def.cible.clone(),
        voie: v.voie,
        eligible,
        premiere_annee_eligible,
        variantes,
        libelle_cible: emprunt(Catalogue::get().libelle_grade(&v.def.cible)),
        reference: emprunt(&v.def.reference),
        verifie: v.def.verifie,
        services_arretes_au: crate::date::date(jour_services(v, x.annee)),
    }
}

/// Commande `eligibilite` : valide l'entrée puis évalue.
pub fn executer(e: DemandeEligibilite) -> Result<ReponseEligibilite, ErreurEntree> {
    valider_annee(e.annee, "/annee")?;
    e.agent.valider("/agent")?;
    if let Some(cs) = &e.cibles {
        let m = moteur();
        for (i, c) in cs.iter().enumerate() {
            if !m.par_cible.contains_key(c.as_str()) {
                let message = if Catalogue::get().grade(c).is_some() {
                    format!(
                        "Le grade « {c} » n'est pas accessible par la promotion interne dans le catalogue des voies."
                    )
                } else {
                    format!("Le grade cible « {c} » est inconnu du catalogue.")
                };
                return Err(ErreurEntree::code_inconnu(message, format!("/cibles/{i}")));
            }
        }
    }
    // Une cible demandée deux fois n'est évaluée qu'une fois : la réponse reste bornée par
    // le catalogue quelle que soit la demande.
    let cibles = e.cibles.map(|mut cs| {
        let mut vues = std::collections::HashSet::new();
        cs.retain(|c| vues.insert(c.clone()));
        cs
    });
    Ok(evaluer_agent(&e.agent, e.annee, cibles.as_deref()))
}

/// Évaluation sans validation, pour les traitements de masse sur des carrières déjà validées.
pub fn evaluer_agent(agent: &Agent, annee: i32, cibles: Option<&[String]>) -> ReponseEligibilite {
    let m = moteur();
    let mut x = Contexte::nouveau(agent, annee);
    let formation = condition_formation(agent, annee);
    let voies = match cibles {
        None => m
            .voies
            .iter()
            .map(|v| evaluer_voie(&mut x, v, &formation))
            .collect(),
        Some(cs) => cs
            .iter()
            .filter_map(|c| m.par_cible.get(c.as_str()))
            .flatten()
            .map(|&i| evaluer_voie(&mut x, &m.voies[i], &formation))
            .collect(),
    };
    ReponseEligibilite {
        annee,
        date_appreciation: premier_janvier(annee),
        voies,
    }
}

/// Verdict d'une voie, sans explication : pour les traitements de masse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerdictVoie {
    pub cible: &'static str,
    pub voie: Voie,
    pub eligible: bool,
    pub premiere_annee_eligible: Option<i32>,
}

/// Verdicts seuls (mêmes règles que `evaluer_agent`, sans rédaction des explications) :
/// éligibilité et première année de chaque voie. Carrière supposée valide.
pub fn verdicts(agent: &Agent, annee: i32, cibles: Option<&[String]>) -> Vec<VerdictVoie> {
    verdicts_selon(agent, annee, cibles, true)
}

/// Éligibilité seule de chaque voie pour l'année `annee`, sans projection de la première
/// année d'éligibilité (`premiere_annee_eligible` vaut alors `None`, qui ne signifie pas
/// « jamais ») : le chemin le plus court, pour les études de masse d'une année donnée.
pub fn eligibilites(agent: &Agent, annee: i32, cibles: Option<&[String]>) -> Vec<VerdictVoie> {
    verdicts_selon(agent, annee, cibles, false)
}

fn verdicts_selon(
    agent: &Agent,
    annee: i32,
    cibles: Option<&[String]>,
    projeter: bool,
) -> Vec<VerdictVoie> {
    let m = moteur();
    let c = Carriere::preparer(agent);
    // Formation : non évaluée si absente (ne bloque pas), sinon verdict du module formation,
    // calculé une seule fois et seulement si une voie qui l'exige est remplie par ailleurs.
    let formation = std::cell::OnceCell::new();
    let formation_ok = || {
        *formation.get_or_init(|| {
            agent.formations.is_none() || crate::formation::a_jour(agent, annee) == Some(true)
        })
    };
    let verdict = |v: &VoieCompilee| {
        let avec_formation = matches!(v.voie, Voie::Choix | Voie::Examen);
        let eligible = v
            .variantes
            .iter()
            .any(|va| variante_remplie(agent, &c, v, va, annee))
            && (!avec_formation || formation_ok());
        VerdictVoie {
            cible: v.def.cible.as_str(),
            voie: v.voie,
            eligible,
            premiere_annee_eligible: if projeter {
                v.variantes
                    .iter()
                    .filter_map(|va| premiere_annee_variante(agent, &c, v, va, annee))
                    .min()
            } else {
                None
            },
        }
    };
    match cibles {
        None => m.voies.iter().map(verdict).collect(),
        Some(cs) => cs
            .iter()
            .filter_map(|x| m.par_cible.get(x.as_str()))
            .flatten()
            .map(|&i| verdict(&m.voies[i]))
            .collect(),
    }
}

/// La réponse en prose française, pour une personne.
pub fn en_texte(r: &ReponseEligibilite) -> String {
    let mut s = format!(
        "Promotion interne : liste d'aptitude {} (conditions appréciées au {}).\n",
        r.annee,
        format_fr(r.date_appreciation)
    );
    let eligibles: Vec<&ResultatVoie> = r.voies.iter().filter(|v| v.eligible).collect();
    if eligibles.is_empty() {
        s.push_str("Aucune voie n'est ouverte pour cette année.\n");
    } else {
        s.push_str("Voies ouvertes : ");
        let noms: Vec<String> = eligibles
            .iter()
            .map(|v| format!("{} ({})", v.libelle_cible, v.voie.libelle()))
            .collect();
        s.push_str(&noms.join(" ; "));
        s.push_str(".\n");
    }
    for v in &r.voies {
        s.push('\n');
        s.push_str(&format!(
            "{} — {} : {}.",
            v.libelle_cible,
            v.voie.libelle(),
            if v.eligible {
                "les conditions sont remplies"
            } else {
                "les conditions ne sont pas remplies"
            }
        ));
        match v.premiere_annee_eligible {
            Some(a) if !v.eligible && a > r.annee => s.push_str(&format!(
                " Si la carrière se poursuit sans changement, elles le seront en {a}."
            )),
            Some(a) if v.eligible => s.push_str(&format!(" Elles le sont depuis {a}.")),
            None if !v.eligible => {
                s.push_str(" Elles ne le seront pas dans les 40 prochaines années si la carrière se poursuit sans changement");
                s.push_str(if v.voie == Voie::Examen {
                    " (la projection ne suppose aucune réussite future à l'examen)."
                } else {
                    "."
                });
            }
            _ => {}
        }
        s.push_str(&format!(" Texte : {}.", v.reference));
        if !v.verifie {
            s.push_str(" Attention : règle non vérifiée sur le texte en vigueur.");
        }
        s.push('\n');
        for va in &v.variantes {
            s.push_str(&format!(
                "  • {} : {}.\n",
                va.libelle,
                if va.eligible {
                    "remplie"
                } else {
                    "non remplie"
                }
            ));
            for k in &va.conditions {
                let etat = match k.satisfaite {
                    Some(true) => "oui",
                    Some(false) => "non",
                    None => "inconnu",
                };
                s.push_str(&format!(
                    "      – {} [{}] : exigé : {} ; constaté : {} (texte : {}).\n",
                    k.libelle, etat, k.requis, k.constate, k.reference
                ));
            }
        }
    }
    s
}
