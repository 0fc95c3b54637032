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
use crate::services::{Carriere, Critere, ServicesEffectifs, parcourir, seuil_360, seuil_annees};
pub use crate::vocabulaire::Voie;

pub mod atteinte;
pub mod lot;

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
    /// Date de clôture des inscriptions à l'examen professionnel de la session `annee` :
    /// la position statutaire exigée pour concourir et la règle en vigueur s'apprécient à
    /// cette date. Absente : la réponse est inconnue quand elle en dépend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cloture_inscriptions: Option<Date>,
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
    /// Absent : non vérifié.
    #[serde(default)]
    pub verifie: bool,
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
    /// Absent : non vérifié.
    #[serde(default)]
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
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

// ------------------------------------------------------------------ Catalogue compilé

struct ServicesCompile {
    def: &'static ServicesDef,
    critere: Critere,
    /// Rang du périmètre parmi les périmètres distincts du catalogue : un même périmètre
    /// n'est compté qu'une fois par agent et par date.
    critere_id: usize,
    /// Durée exigée en jours de 30/360 ; `None` : durée exigée inconnue.
    seuil: Option<f64>,
    /// Textes rédigés une fois : intitulé, et « requis » avant et après la date.
    libelle: String,
    requis_avant: String,
    requis_apres: String,
}

impl ServicesCompile {
    fn nouveau(s: &'static ServicesDef) -> Self {
        let seuil = s.annees.map(|a| seuil_360(a, s.strictement));
        let (requis_avant, requis_apres) = match s.annees {
            Some(a) => (
                format!(
                    "{} {} de {} au ",
                    if s.strictement { "plus de" } else { "au moins" },
                    annees_fr(a),
                    s.libelle
                ),
                " (durée de date à date, mois de 30 jours)".to_owned(),
            ),
            _ => (
                format!("{} : durée exigée non établie (au ", s.libelle),
                ")".to_owned(),
            ),
        };
        ServicesCompile {
            def: s,
            critere: Critere::depuis_services(s),
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
    /// Voie `inscription_examen` : positions admises à la clôture des inscriptions (celles
    /// du statut, ou à défaut celles admises pour concourir, non vérifiées) et textes.
    positions_cloture: Vec<PositionRequise>,
    positions_cloture_verifiees: bool,
    requis_position_cloture: String,
    reference_position_cloture: String,
    requis_periode: String,
    /// Période d'application : dates d'effet de la voie et de la variante, années de liste.
    vigueur: Vigueur,
    /// Par fonction exigée : intitulé et texte « requis ».
    fonctions: Vec<(String, String)>,
    /// Grades et cadres admis, résolus dans le catalogue (comparaison par adresse).
    grades_ok: Vec<usize>,
    cadres_ok: Vec<usize>,
}

/// Période d'application d'une variante : dates d'effet (`depuis`, `jusqu_au`) de la voie
/// et de la variante, bornes d'années de liste (`annee_min`, `annee_max`).
#[derive(Debug, Clone, Copy, Default)]
struct Vigueur {
    debut: Option<Jour>,
    fin: Option<Jour>,
    annee_min: Option<i32>,
    annee_max: Option<i32>,
}

impl Vigueur {
    fn nouvelle(voie: &VoieDef, v: &VarianteDef) -> Self {
        let plus_tard = |a: Option<Date>, b: Option<Date>| a.max(b).map(jour);
        let plus_tot = |a: Option<Date>, b: Option<Date>| match (a, b) {
            (Some(a), Some(b)) => Some(jour(a.min(b))),
            (a, b) => a.or(b).map(jour),
        };
        Vigueur {
            debut: plus_tard(voie.depuis, v.depuis),
            fin: plus_tot(voie.jusqu_au, v.jusqu_au),
            annee_min: v.annee_min,
            annee_max: v.annee_max,
        }
    }

    /// La variante a-t-elle une période d'application (sinon : toujours en vigueur) ?
    fn datee(&self) -> bool {
        self.debut.is_some()
            || self.fin.is_some()
            || self.annee_min.is_some()
            || self.annee_max.is_some()
    }

    fn au(&self, j: Jour) -> bool {
        self.debut.is_none_or(|d| j >= d) && self.fin.is_none_or(|f| j <= f)
    }

    fn pour_annee(&self, annee: i32) -> bool {
        self.annee_min.is_none_or(|m| annee >= m) && self.annee_max.is_none_or(|m| annee <= m)
    }
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
            let variantes = |voie: Voie| {
                def.variantes
                    .iter()
                    .map(|v| VarianteCompilee {
                        def: v,
                        requis_detention: marquer(
                            requis_detention(v),
                            v.verifie,
                            v.a_confirmer.as_deref(),
                        ),
                        requis_position: marquer(
                            requis_position(v),
                            v.verifie,
                            v.a_confirmer.as_deref(),
                        ),
                        reference_position: reference_position(v),
                        positions_cloture: if v.positions.is_empty() {
                            POSITIONS_CONCOURIR_PAR_DEFAUT.to_vec()
                        } else {
                            v.positions.clone()
                        },
                        positions_cloture_verifiees: !v.positions.is_empty() && v.verifie,
                        requis_position_cloture: if v.positions.is_empty() {
                            marquer(
                                requis_positions(POSITIONS_CONCOURIR_PAR_DEFAUT, true),
                                false,
                                Some(RESERVE_POSITIONS_PAR_DEFAUT),
                            )
                        } else {
                            marquer(
                                requis_positions(&v.positions, true),
                                v.verifie,
                                v.a_confirmer.as_deref(),
                            )
                        },
                        reference_position_cloture: if v.positions.is_empty() {
                            REFERENCE_POSITIONS_PAR_DEFAUT.to_owned()
                        } else {
                            reference_position(v)
                        },
                        requis_periode: marquer(
                            requis_periode(&Vigueur::nouvelle(def, v), voie),
                            v.verifie,
                            v.a_confirmer.as_deref(),
                        ),
                        vigueur: Vigueur::nouvelle(def, v),
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
                variantes: variantes(def.voie),
            });
            if def.voie == Voie::Examen {
                voies.push(VoieCompilee {
                    def,
                    voie: Voie::InscriptionExamen,
                    reference_examen,
                    variantes: variantes(Voie::InscriptionExamen),
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
        Some(p) => detention_periode(p, va, Some(j)),
    }
}

/// Détention d'un grade qui convient pendant la période, au jour `j` ; sans jour : à un jour
/// quelconque de la période (la catégorie d'un cadre reclassé dépend du jour).
fn detention_periode(
    p: &crate::services::PeriodePreparee<'_>,
    va: &VarianteCompilee,
    j: Option<Jour>,
) -> Detention {
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
        || (g.cadre.versant == crate::carriere::Versant::Territoriale
            && match j {
                Some(j) => v
                    .categories_detenues
                    .contains(&g.categorie_au(crate::date::date(j))),
                None => g.cadre.a_ete_de_categorie(&v.categories_detenues),
            });
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
        .any(|p| detention_periode(p, va, None) == Detention::Detenu)
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

/// Positions admises pour concourir quand le statut n'en dit rien : activité (mise à
/// disposition comprise), détachement, congé parental (CGFP L.515-7 ; FAQ CNFPT ingénieur en
/// chef Q5 à Q8) ; pas la disponibilité (FAQ Q6). Transposition non vérifiée pour chaque
/// examen.
const POSITIONS_CONCOURIR_PAR_DEFAUT: &[PositionRequise] = &[
    PositionRequise::Activite,
    PositionRequise::MiseADisposition,
    PositionRequise::Detachement,
    PositionRequise::CongeParental,
];
const REFERENCE_POSITIONS_PAR_DEFAUT: &str = "Code général de la fonction publique, art. L.515-7 (congé parental) ; FAQ CNFPT ingénieur en chef Q5 à Q8 (positions admises pour concourir)";
const RESERVE_POSITIONS_PAR_DEFAUT: &str = "les positions admises pour se présenter à cet examen sont celles admises pour l'examen d'ingénieur en chef, à confirmer sur le statut particulier et l'arrêté d'ouverture";

fn position_ok(c: &Carriere<'_>, v: &VarianteDef, j: Jour) -> Option<bool> {
    let Some(p) = c.periode_au(j) else {
        return Some(false);
    };
    position_admise(p, &v.positions)
}

/// Position à la clôture des inscriptions (voie `inscription_examen`). Date inconnue : la
/// position est appréciée sur toute l'année de la session ; remplie (ou non remplie) à toute
/// date, la réponse ne dépend pas de la clôture ; sinon elle est inconnue.
fn position_cloture(
    c: &Carriere<'_>,
    positions: &[PositionRequise],
    annee: i32,
    cloture: Option<Jour>,
) -> Option<bool> {
    if let Some(j) = cloture {
        return c
            .periode_au(j)
            .map_or(Some(false), |p| position_admise(p, positions));
    }
    let (debut, fin) = (
        jour(premier_janvier(annee)),
        jour(trente_et_un_decembre(annee)),
    );
    let mut etat: Option<Option<bool>> = None;
    let mut noter = |x: Option<bool>| {
        etat = Some(match etat {
            None => x,
            Some(e) if e == x => e,
            Some(_) => None,
        });
    };
    let mut couvert = debut;
    for p in c.periodes.iter() {
        let (a, b) = (p.debut, p.fin.unwrap_or(fin));
        if b < debut || a > fin {
            continue;
        }
        if a > couvert {
            noter(Some(false));
        }
        noter(position_admise(p, positions));
        couvert = couvert.max(b + 1);
    }
    if couvert <= fin {
        noter(Some(false));
    }
    etat.unwrap_or(Some(false))
}

fn position_admise(
    p: &crate::services::PeriodePreparee<'_>,
    positions: &[PositionRequise],
) -> Option<bool> {
    let pos = p.periode.position;
    let mut inconnu = false;
    for r in positions {
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
    // Catégorie du grade occupé pendant la fonction (décret n° 2025-1099 : services « de
    // catégorie B » sur l'emploi) ; sans grade connu, la période est incertaine.
    let mut categorie_inconnue = false;
    if !f.categories.is_empty() {
        match p.grade.as_deref().and_then(|g| Catalogue::get().grade(g)) {
            // Catégorie au début de la période (cadre reclassé : voir `categorie_au`).
            Some(g) if !f.categories.contains(&g.categorie_au(p.debut)) => return Some(false),
            Some(_) => {}
            None => categorie_inconnue = true,
        }
    }
    let mut inconnu = false;
    for x in p.fonctions.iter().filter(|x| x.code == f.code) {
        let population_ok = if f.population_min.is_none() && f.population_max.is_none() {
            Some(true)
        } else {
            x.population.map(|pop| {
                f.population_min.is_none_or(|m| pop >= m)
                    && f.population_max.is_none_or(|m| pop <= m)
            })
        };
        match population_ok {
            Some(true) if !categorie_inconnue => return Some(true),
            Some(true) | None => inconnu = true,
            Some(false) => {}
        }
    }
    if inconnu { None } else { Some(false) }
}

/// Jours d'exercice d'une fonction jusqu'à `jusqu_au` : (certains, maximum).
fn jours_fonction(c: &Carriere<'_>, f: &FonctionDef, jusqu_au: Jour) -> (f64, f64) {
    let (mut j, mut jmax) = (0.0, 0.0);
    for pp in c.periodes.iter() {
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
    for pp in c.periodes.iter() {
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

/// La variante est-elle en vigueur pour la liste (ou la session) `annee` ? La règle
/// appliquée est celle en vigueur à la date d'appréciation des conditions : le 1er janvier
/// de l'année de la liste (décret 2013-593 art. 21) ; pour l'inscription à un examen, la
/// date de clôture des inscriptions (`cloture`). Sans cette date, une règle qui commence ou
/// finit pendant l'année de la session rend la réponse inconnue.
fn en_vigueur(
    v: &VoieCompilee,
    va: &VarianteCompilee,
    annee: i32,
    cloture: Option<Jour>,
) -> Option<bool> {
    let g = &va.vigueur;
    if !g.pour_annee(annee) {
        return Some(false);
    }
    match (v.voie, cloture) {
        (Voie::InscriptionExamen, Some(c)) => Some(g.au(c)),
        (Voie::InscriptionExamen, None) => {
            let debut = g.au(jour(premier_janvier(annee)));
            let fin = g.au(jour(trente_et_un_decembre(annee)));
            (debut == fin).then_some(debut)
        }
        _ => Some(g.au(jour_detention(annee))),
    }
}

/// Évaluation rapide (sans texte) d'une variante pour une année : toutes les conditions
/// hors formation sont-elles remplies ?
fn variante_remplie(
    agent: &Agent,
    c: &Carriere<'_>,
    v: &VoieCompilee,
    va: &VarianteCompilee,
    annee: i32,
    cloture: Option<Jour>,
) -> bool {
    let d = va.def;
    if va.vigueur.datee() && en_vigueur(v, va, annee, cloture) != Some(true) {
        return false;
    }
    let jd = jour_detention(annee);
    if exige_detention(d) && detention(c, va, jd) != Detention::Detenu {
        return false;
    }
    if v.voie == Voie::InscriptionExamen {
        if position_cloture(c, &va.positions_cloture, annee, cloture) != Some(true) {
            return false;
        }
    } else if !d.positions.is_empty() && position_ok(c, d, jd) != Some(true) {
        return false;
    }
    if (d.age_minimum.is_some() || d.age_minimum_inconnu) && age_ok(agent, d, jd) != Some(true) {
        return false;
    }
    let js = jour_services(v, annee);
    for s in &va.services {
        let Some(seuil) = s.seuil else { return false };
        let n = ServicesEffectifs::compter(c, &s.critere, js);
        if n.duree + 1e-9 < seuil {
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
    cloture: Option<Jour>,
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
    if let Some(j) = va.vigueur.debut {
        y0 = y0.max(i32::from(crate::date::date(j).year()));
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
    // La date de clôture des inscriptions ne vaut que pour la session `annee`.
    (y0..=limite)
        .find(|&y| variante_remplie(agent, c, v, va, y, if y == annee { cloture } else { None }))
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

/// Ce que l'utilisateur lit quand une règle n'a pas été vérifiée sur le texte en vigueur.
pub const NON_VERIFIE: &str =
    ". Règle non encore vérifiée sur le texte en vigueur : à confirmer avant toute décision";

/// Ajoute à un texte « requis » la réserve d'une règle non vérifiée, avec ce qui reste à
/// confirmer quand le catalogue le précise (`a_confirmer`).
fn marquer(mut requis: String, verifie: bool, a_confirmer: Option<&str>) -> String {
    if !verifie {
        match a_confirmer {
            None => requis.push_str(NON_VERIFIE),
            Some(t) => {
                requis.push_str(". Règle non encore vérifiée sur le texte en vigueur : ");
                requis.push_str(t.trim().trim_end_matches('.'));
            }
        }
    }
    requis
}

/// Référence de la condition de position : le statut, et la FAQ du CNFPT quand la variante
/// admet les positions que seule cette FAQ précise (détachement dans un emploi fonctionnel,
/// congé parental : FAQ CNFPT ingénieur en chef Q5 à Q8).
fn reference_position(v: &VarianteDef) -> String {
    if v.positions.iter().any(|p| {
        matches!(
            p,
            PositionRequise::DetachementEmploiFonctionnel | PositionRequise::CongeParental
        )
    }) {
        format!("{} ; FAQ CNFPT ingénieur en chef Q5 à Q8", v.reference)
    } else {
        v.reference.clone()
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

fn requis_positions(positions: &[PositionRequise], cloture: bool) -> String {
    let admises: Vec<&str> = positions.iter().map(|&p| p.libelle()).collect();
    format!(
        "être en position {}: {}",
        if cloture {
            "à la date de clôture des inscriptions à l'examen "
        } else {
            ""
        },
        admises.join(", ")
    )
}

fn requis_position(d: &VarianteDef) -> String {
    let admises: Vec<&str> = d.positions.iter().map(|&p| p.libelle()).collect();
    format!("être en position : {}", admises.join(", "))
}

fn requis_periode(g: &Vigueur, voie: Voie) -> String {
    let d = |j: Jour| format_fr(crate::date::date(j));
    let mut parties = Vec::new();
    match (g.debut, g.fin) {
        (Some(a), Some(b)) => parties.push(format!("règle en vigueur du {} au {}", d(a), d(b))),
        (Some(a), None) => parties.push(format!("règle en vigueur à compter du {}", d(a))),
        (None, Some(b)) => parties.push(format!("règle en vigueur jusqu'au {}", d(b))),
        (None, None) => {}
    }
    let quoi = if voie == Voie::InscriptionExamen {
        "sessions"
    } else {
        "listes"
    };
    match (g.annee_min, g.annee_max) {
        (Some(a), Some(b)) => parties.push(format!("{quoi} des années {a} à {b}")),
        (Some(a), None) => parties.push(format!("{quoi} établies à partir de {a}")),
        (None, Some(b)) => parties.push(format!("{quoi} établies jusqu'en {b}")),
        (None, None) => {}
    }
    if g.debut.is_some() || g.fin.is_some() {
        parties.push(if voie == Voie::InscriptionExamen {
            "en vigueur à la date de clôture des inscriptions".to_owned()
        } else {
            "en vigueur au 1er janvier de l'année de la liste, date d'appréciation des conditions"
                .to_owned()
        });
    }
    if parties.is_empty() {
        "sans limite".to_owned()
    } else {
        parties.join(" ; ")
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
        f.a_confirmer.as_deref(),
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
    /// Ce qui reste à confirmer d'une règle de décompte non vérifiée qui a compté des jours.
    reserve: Option<&'static str>,
}

/// Ce qui ne dépend que de l'agent et de l'année : rédigé une fois par évaluation.
struct Contexte<'a> {
    agent: &'a Agent,
    carriere: Carriere<'a>,
    annee: i32,
    jd: Jour,
    /// Date de clôture des inscriptions à l'examen de la session `annee`, si elle est connue.
    cloture: Option<Jour>,
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
            .map(|g| {
                // Cadre reclassé : la catégorie du jour d'appréciation explique le verdict.
                if g.cadre.categories_anterieures.is_empty() {
                    format!("{} ({})", g.libelle, g.cadre.libelle)
                } else {
                    format!(
                        "{} ({}, catégorie {} à cette date)",
                        g.libelle,
                        g.cadre.libelle,
                        g.categorie_au(dj).libelle()
                    )
                }
            })
            .unwrap_or_default();
        let constate_position = match p {
            None => format!("aucune période de carrière connue au {date}"),
            Some(p) => format!("au {date} : {}", p.periode.position.libelle()),
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
            cloture: None,
            libelle_grade: format!("Grade détenu au {date}"),
            libelle_position: format!("Position statutaire au {date}"),
            constate_periode: format!("liste de l'année {annee} : conditions appréciées au {date}"),
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
        // Un seul balayage : le compte en jours civils et la durée de date à date (celle qui
        // se compare à la durée exigée, et celle qui est affichée : une seule convention).
        let mut n = ServicesEffectifs {
            verifie: true,
            ..ServicesEffectifs::default()
        };
        let mut reserve = None;
        parcourir(&self.carriere, &s.critere, js, |seg| {
            n.ajouter(&seg);
            if seg.poids_max > 0.0 && !seg.regle.verifie() {
                reserve = reserve.or(seg.regle.a_confirmer());
            }
            true
        });
        let duree = Duree::depuis_jours(n.duree + 1e-9);
        let mut constate = format!(
            "{} de date à date ({} civil{} compté{})",
            duree.libelle(),
            jours_fr(n.jours),
            if n.jours >= 2.0 { "s" } else { "" },
            if n.jours >= 2.0 { "s" } else { "" },
        );
        if n.duree_max > n.duree + 1e-9 {
            constate.push_str(" ; jusqu'à ");
            constate.push_str(&Duree::depuis_jours(n.duree_max + 1e-9).libelle());
            constate
                .push_str(" selon des données manquantes (position, motif ou population inconnus)");
        }
        self.decomptes.push(Decompte {
            critere_id: s.critere_id,
            jusqu_au: js,
            services: n,
            constate,
            reserve,
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

fn condition_position_cloture(x: &Contexte<'_>, va: &'static VarianteCompilee) -> Condition {
    let c = &x.carriere;
    let satisfaite = position_cloture(c, &va.positions_cloture, x.annee, x.cloture);
    let constate = match x.cloture {
        Some(j) => {
            let date = format_fr(crate::date::date(j));
            match c.periode_au(j) {
                None => format!(
                    "aucune période de carrière connue au {date} (clôture des inscriptions)"
                ),
                Some(p) => format!(
                    "au {date} (clôture des inscriptions) : {}",
                    p.periode.position.libelle()
                ),
            }
        }
        None => {
            let mut positions: Vec<&str> = Vec::new();
            let (debut, fin) = (
                jour(premier_janvier(x.annee)),
                jour(trente_et_un_decembre(x.annee)),
            );
            for p in c.periodes.iter() {
                if p.fin.is_none_or(|f| f >= debut) && p.debut <= fin {
                    let l = p.periode.position.libelle();
                    if positions.last() != Some(&l) {
                        positions.push(l);
                    }
                }
            }
            let suite = if positions.is_empty() {
                "aucune période de carrière connue".to_owned()
            } else {
                positions.join(", puis ")
            };
            match satisfaite {
                Some(true) => format!(
                    "date de clôture des inscriptions non fournie ; en {} : {suite}, position admise à toute date de l'année",
                    x.annee
                ),
                Some(false) => format!(
                    "date de clôture des inscriptions non fournie ; en {} : {suite}, position non admise à aucune date de l'année",
                    x.annee
                ),
                None => format!(
                    "date de clôture des inscriptions non fournie (cloture_inscriptions) ; en {} : {suite} : la réponse dépend de cette date",
                    x.annee
                ),
            }
        }
    };
    Condition {
        code: emprunt("position_cloture_inscriptions"),
        libelle: emprunt("Position statutaire à la clôture des inscriptions"),
        satisfaite,
        reference: emprunt(&va.reference_position_cloture),
        requis: emprunt(&va.requis_position_cloture),
        constate: constate.into(),
        verifie: va.positions_cloture_verifiees,
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
        requis: marquer(requis, verifie, d.a_confirmer.as_deref()).into(),
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
        .and_then(|seuil| seuil_verdict(n.duree, n.duree_max, seuil));
    let verifie = s.def.verifie && n.verifie;
    let date = x.date_services(js);
    let mut requis = String::with_capacity(
        s.requis_avant.len() + s.requis_apres.len() + date.len() + NON_VERIFIE.len(),
    );
    requis.push_str(&s.requis_avant);
    requis.push_str(date);
    requis.push_str(&s.requis_apres);
    let a_confirmer = if s.def.verifie {
        x.decomptes[i].reserve
    } else {
        s.def.a_confirmer.as_deref()
    };
    Condition {
        code: emprunt("services_effectifs"),
        libelle: emprunt(&s.libelle),
        satisfaite,
        reference: emprunt(&s.def.reference),
        requis: marquer(requis, verifie, a_confirmer).into(),
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
            v.def.a_confirmer.as_deref(),
        )
        .into(),
        constate: constate.into(),
        verifie: v.def.verifie,
    }
}

fn condition_periode_application(
    x: &Contexte<'_>,
    v: &'static VoieCompilee,
    va: &'static VarianteCompilee,
    satisfaite: Option<bool>,
) -> Condition {
    let d = va.def;
    let annee = x.annee;
    let constate = if v.voie == Voie::InscriptionExamen {
        match x.cloture {
            Some(c) => format!(
                "session {annee} : inscriptions closes le {}",
                format_fr(crate::date::date(c))
            ),
            None if satisfaite.is_none() => format!(
                "session {annee} : la règle change pendant l'année et la date de clôture des inscriptions n'est pas fournie (cloture_inscriptions)"
            ),
            None => format!("session {annee}"),
        }
    } else {
        x.constate_periode.clone()
    };
    Condition {
        code: emprunt("periode_application"),
        libelle: emprunt(if v.voie == Voie::InscriptionExamen {
            "Règle en vigueur pour la session d'examen"
        } else {
            "Règle en vigueur pour l'année de la liste"
        }),
        satisfaite,
        reference: emprunt(&d.reference),
        requis: emprunt(&va.requis_periode),
        constate: constate.into(),
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
    if va.vigueur.datee() {
        let vigueur = en_vigueur(v, va, x.annee, x.cloture);
        conditions.push(condition_periode_application(x, v, va, vigueur));
        if vigueur == Some(false) {
            // Règle absente pour cette année : ses conditions ne sont pas appliquées (la
            // règle d'une autre époque ne dit rien de celle-ci).
            return Variante {
                code: emprunt(&d.code),
                libelle: emprunt(&d.libelle),
                eligible: false,
                conditions,
                reference: emprunt(&d.reference),
                verifie: d.verifie,
            };
        }
    }
    if exige_detention(d) {
        conditions.push(condition_detention(x, va));
    }
    if v.voie == Voie::InscriptionExamen {
        conditions.push(condition_position_cloture(x, va));
    } else if !d.positions.is_empty() {
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
        .filter_map(|va| premiere_annee_variante(x.agent, &x.carriere, v, va, x.annee, x.cloture))
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
    if let Some(d) = e.cloture_inscriptions {
        crate::carriere::valider_date(d, "/cloture_inscriptions")?;
    }
    // Une cible demandée deux fois n'est évaluée qu'une fois : la réponse reste bornée par
    // le catalogue quelle que soit la demande.
    let cibles = e.cibles.map(|mut cs| {
        let mut vues = std::collections::HashSet::new();
        cs.retain(|c| vues.insert(c.clone()));
        cs
    });
    Ok(evaluer_agent_avec(
        &e.agent,
        e.annee,
        cibles.as_deref(),
        e.cloture_inscriptions,
    ))
}

/// Évaluation sans validation, pour les traitements de masse sur des carrières déjà validées.
pub fn evaluer_agent(agent: &Agent, annee: i32, cibles: Option<&[String]>) -> ReponseEligibilite {
    evaluer_agent_avec(agent, annee, cibles, None)
}

/// Comme `evaluer_agent`, avec la date de clôture des inscriptions à l'examen de la session
/// `annee` quand elle est connue.
pub fn evaluer_agent_avec(
    agent: &Agent,
    annee: i32,
    cibles: Option<&[String]>,
    cloture_inscriptions: Option<Date>,
) -> ReponseEligibilite {
    let m = moteur();
    let mut x = Contexte::nouveau(agent, annee);
    x.cloture = cloture_inscriptions.map(jour);
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
        version_catalogue: crate::catalogue::version().into(),
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
            .any(|va| variante_remplie(agent, &c, v, va, annee, None))
            && (!avec_formation || formation_ok());
        VerdictVoie {
            cible: v.def.cible.as_str(),
            voie: v.voie,
            eligible,
            premiere_annee_eligible: if projeter {
                v.variantes
                    .iter()
                    .filter_map(|va| premiere_annee_variante(agent, &c, v, va, annee, None))
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
            s.push_str(" Attention : règle non encore vérifiée sur le texte en vigueur, à confirmer avant toute décision.");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periode_d_application_datee() {
        // Examen d'ingénieur en chef : voie ouverte le 01/03/2016 (décret n° 2016-200) ; une
        // variante fermée après le 31/12/2030 (donnée d'essai). Une liste de 2016 (appréciée
        // au 01/01/2016) précède la voie ; celle de 2017 la trouve en vigueur.
        let toml = r#"
[[voies]]
cible = "ingenieur_en_chef"
voie = "examen"
reference = "Décret n° 2016-200, art. 7"
depuis = 2016-03-01
[[voies.variantes]]
code = "essai"
libelle = "Essai"
reference = "Décret n° 2016-200, art. 7"
jusqu_au = 2030-12-31
"#;
        let c = CatalogueVoies::depuis_toml(&[("essai.toml", toml)]).unwrap();
        let g = Vigueur::nouvelle(&c.voies[0], &c.voies[0].variantes[0]);
        assert!(g.datee());
        assert!(!g.au(jour_detention(2016)));
        assert!(g.au(jour_detention(2017)));
        assert!(g.au(jour(jiff::civil::date(2030, 12, 31))));
        assert!(!g.au(jour_detention(2031)));
        assert_eq!(
            requis_periode(&g, Voie::Choix),
            "règle en vigueur du 01/03/2016 au 31/12/2030 ; en vigueur au 1er janvier de l'année de la liste, date d'appréciation des conditions"
        );
        assert!(requis_periode(&g, Voie::InscriptionExamen).contains("clôture des inscriptions"));
    }
}
