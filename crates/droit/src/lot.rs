//! Évaluation par lot : les verdicts d'éligibilité de toute une population (études
//! nationales, campagnes d'un centre de gestion), sans explication.
//!
//! La réponse expliquée ([`crate::eligibilite::evaluer_agent`]) reste la référence : ce
//! module applique les mêmes règles (mêmes décomptes de services, mêmes dates
//! d'appréciation, même première année d'éligibilité) et des tests vérifient qu'il rend les
//! mêmes verdicts sur des populations générées et des carrières variées. Il gagne du temps
//! en préparant les carrières une fois, au chargement :
//!
//! - grades, positions, statuts et versants deviennent de petits entiers ; le grade
//!   « détenu en qualité de titulaire » (même versant que son cadre d'emplois) est résolu
//!   une fois par période ;
//! - les périodes de toute la population sont rangées, triées, dans un seul tableau
//!   contigu ; aucune allocation ni aucun tri pendant l'évaluation ;
//! - les périmètres de services et les grades admis par chaque variante sont compilés en
//!   ensembles de bits sur les grades du catalogue ;
//! - un décompte de services est calculé une fois par agent, périmètre et date d'arrêt ;
//! - seules les voies demandées ([`Selection`]) sont évaluées.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::carriere::{
    ANNEE_MAX, Agent, EmploiCode, MotifDisponibilite, Position, Statut, Versant,
};
use crate::catalogue::{
    AppreciationExamen, Catalogue, CatalogueVoies, FonctionDef, PositionRequise, VarianteDef,
};
use crate::date::{Jour, jour, jour_ymd};
use crate::eligibilite::{VerdictVoie, Voie};
use crate::services::{
    EmploiVise, PLAFOND_CINQ_ANS, debut_35_heures, debut_conge_parental_2012,
    debut_dispo_activite_2018, debut_loi_2019, seuil_annees,
};

// ------------------------------------------------------------------ Ensembles de grades

/// Nombre maximal de grades du catalogue pris en charge par les ensembles de bits.
const MOTS: usize = 8;

/// Ensemble de grades (rangs dans le catalogue), en bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Grades([u64; MOTS]);

impl Grades {
    fn inserer(&mut self, g: u16) {
        self.0[usize::from(g) / 64] |= 1 << (g % 64);
    }
    #[inline]
    fn contient(&self, g: u16) -> bool {
        g != AUCUN && self.0[usize::from(g) / 64] & (1 << (g % 64)) != 0
    }
}

/// Pas de grade (ou grade non détenu en qualité de titulaire).
const AUCUN: u16 = u16::MAX;
/// Fin d'une période en cours.
const EN_COURS: Jour = Jour::MAX;
/// Population inconnue.
const POPULATION_INCONNUE: u32 = u32::MAX;

// ------------------------------------------------------------------ Catalogue compilé

/// Périmètre d'un décompte de services (forme compilée de `services::Critere`).
#[derive(Debug, Clone, PartialEq)]
struct PerimetreLot {
    /// Le périmètre filtre-t-il par grade, cadre d'emplois ou catégorie ?
    filtre: bool,
    /// Grades dans le périmètre (si `filtre`).
    grades: Grades,
    /// Versants visés (bit `Versant as u8`) ; 0 : tous sauf hors fonction publique.
    versants: u8,
    emplois: Vec<EmploiVise>,
    contractuels_admis: bool,
    detachement_admis: bool,
    l343_1_admis: bool,
}

struct VarianteLot {
    def: &'static VarianteDef,
    exige_detention: bool,
    /// Grades qui satisfont la condition de détention.
    detenus: Grades,
    /// Par condition de services : rang du périmètre et seuil en jours (`None` : durée
    /// exigée inconnue).
    services: Vec<(u16, Option<f64>)>,
}

struct VoieLot {
    cible: &'static str,
    voie: Voie,
    /// Services arrêtés au 31/12 de l'année de la session (inscription à l'examen).
    fin_annee: bool,
    /// Condition de formation (voies `choix` et `examen`).
    avec_formation: bool,
    variantes: Vec<VarianteLot>,
}

struct CatalogueLot {
    rang_grade: HashMap<&'static str, u16>,
    /// Versant du cadre d'emplois de chaque grade.
    versant_grade: Vec<Versant>,
    perimetres: Vec<PerimetreLot>,
    voies: Vec<VoieLot>,
    par_cible: HashMap<&'static str, Vec<u16>>,
    debut_35_heures: Jour,
    debut_conge_parental_2012: Jour,
    debut_loi_2019: Jour,
    debut_dispo_activite_2018: Jour,
}

fn versant_bit(v: Versant) -> u8 {
    1 << (v as u8)
}

fn catalogue_lot() -> &'static CatalogueLot {
    static C: OnceLock<CatalogueLot> = OnceLock::new();
    C.get_or_init(|| {
        let cat = Catalogue::get();
        // Rangs des grades dans l'ordre du catalogue des cadres.
        let mut rang_grade = HashMap::new();
        let mut versant_grade = Vec::new();
        let mut infos = Vec::new();
        for cadre in &cat.cadres {
            for g in &cadre.grades {
                rang_grade.insert(g.code.as_str(), versant_grade.len() as u16);
                versant_grade.push(cadre.versant);
                infos.push((g.code.as_str(), cadre));
            }
        }
        assert!(
            infos.len() <= MOTS * 64,
            "catalogue de plus de {} grades : agrandir les ensembles de bits du module lot",
            MOTS * 64
        );
        let ensemble = |ok: &dyn Fn(&str, &crate::catalogue::CadreEmplois) -> bool| {
            let mut e = Grades::default();
            for (i, (code, cadre)) in infos.iter().enumerate() {
                if ok(code, cadre) {
                    e.inserer(i as u16);
                }
            }
            e
        };
        let mut perimetres: Vec<PerimetreLot> = Vec::new();
        let mut voies = Vec::new();
        for def in &CatalogueVoies::get().voies {
            let sortes: &[Voie] = if def.voie == Voie::Examen {
                &[Voie::Examen, Voie::InscriptionExamen]
            } else {
                std::slice::from_ref(&def.voie)
            };
            for &voie in sortes {
                let variantes = def
                    .variantes
                    .iter()
                    .map(|va| {
                        let services = va
                            .services
                            .iter()
                            .map(|s| {
                                let p = PerimetreLot {
                                    filtre: !s.grades.is_empty()
                                        || !s.cadres_emplois.is_empty()
                                        || !s.categories.is_empty(),
                                    grades: ensemble(&|code, cadre| {
                                        (s.grades.is_empty() || s.grades.iter().any(|x| x == code))
                                            && (s.cadres_emplois.is_empty()
                                                || s.cadres_emplois.contains(&cadre.code))
                                            && (s.categories.is_empty()
                                                || s.categories.contains(&cadre.categorie))
                                    }),
                                    versants: s.versants.iter().map(|&v| versant_bit(v)).sum(),
                                    emplois: s.emplois.clone(),
                                    contractuels_admis: s.contractuels_admis,
                                    detachement_admis: s.detachement_admis,
                                    l343_1_admis: s.l343_1_admis,
                                };
                                let rang = match perimetres.iter().position(|x| *x == p) {
                                    Some(r) => r,
                                    None => {
                                        perimetres.push(p);
                                        perimetres.len() - 1
                                    }
                                };
                                let seuil = s.annees.map(|a| {
                                    seuil_annees(a) + if s.strictement { 1.0 } else { 0.0 }
                                });
                                (rang as u16, seuil)
                            })
                            .collect();
                        VarianteLot {
                            def: va,
                            exige_detention: !va.grades_detenus.is_empty()
                                || !va.cadres_detenus.is_empty()
                                || !va.categories_detenues.is_empty(),
                            detenus: ensemble(&|code, cadre| {
                                va.grades_detenus.iter().any(|x| x == code)
                                    || va.cadres_detenus.contains(&cadre.code)
                                    || (va.categories_detenues.contains(&cadre.categorie)
                                        && cadre.versant == Versant::Territoriale)
                            }),
                            services,
                        }
                    })
                    .collect();
                voies.push(VoieLot {
                    cible: def.cible.as_str(),
                    voie,
                    fin_annee: voie == Voie::InscriptionExamen
                        && def.appreciation_examen == AppreciationExamen::FinAnnee,
                    avec_formation: matches!(voie, Voie::Choix | Voie::Examen),
                    variantes,
                });
            }
        }
        let mut par_cible: HashMap<&'static str, Vec<u16>> = HashMap::new();
        for (i, v) in voies.iter().enumerate() {
            par_cible.entry(v.cible).or_default().push(i as u16);
        }
        CatalogueLot {
            rang_grade,
            versant_grade,
            perimetres,
            voies,
            par_cible,
            debut_35_heures: debut_35_heures(),
            debut_conge_parental_2012: debut_conge_parental_2012(),
            debut_loi_2019: debut_loi_2019(),
            debut_dispo_activite_2018: debut_dispo_activite_2018(),
        }
    })
}

// ------------------------------------------------------------------ Sélection des voies

/// Les voies à évaluer, dans l'ordre de la réponse expliquée : cible par cible (dans
/// l'ordre demandé, ou celui du catalogue), voies de chaque cible dans l'ordre du
/// catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    voies: Vec<u16>,
}

impl Selection {
    /// Toutes les voies de toutes les cibles du catalogue.
    pub fn toutes() -> Selection {
        Selection {
            voies: (0..catalogue_lot().voies.len() as u16).collect(),
        }
    }

    /// Les voies des `cibles` demandées (toutes si `None`), restreintes aux `voies`
    /// demandées (toutes si `None`). Erreur en français si une cible n'est accessible par
    /// aucune voie du catalogue.
    pub fn choisir(cibles: Option<&[String]>, voies: Option<&[Voie]>) -> Result<Selection, String> {
        let c = catalogue_lot();
        let garder = |i: &u16| voies.is_none_or(|vs| vs.contains(&c.voies[usize::from(*i)].voie));
        let choisies = match cibles {
            None => (0..c.voies.len() as u16).filter(garder).collect(),
            Some(cs) => {
                let mut choisies = Vec::new();
                for cible in cs {
                    let Some(liste) = c.par_cible.get(cible.as_str()) else {
                        return Err(format!(
                            "Le grade « {cible} » n'est accessible par aucune voie de promotion interne du catalogue."
                        ));
                    };
                    choisies.extend(liste.iter().copied().filter(garder));
                }
                choisies
            }
        };
        Ok(Selection { voies: choisies })
    }

    /// Nombre de voies (cible × voie) évaluées pour chaque agent.
    pub fn len(&self) -> usize {
        self.voies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.voies.is_empty()
    }
}

// ------------------------------------------------------------------ Carrières préparées

/// Une période préparée : numéros de jour, codes en petits entiers.
#[derive(Debug, Clone, Copy)]
struct PeriodeLot {
    debut: Jour,
    /// [`EN_COURS`] pour une période sans fin.
    fin: Jour,
    /// Congé parental : date d'octroi retenue et son premier anniversaire.
    octroi: Jour,
    un_an: Jour,
    /// Durée hebdomadaire d'un temps non complet ; négative : temps complet.
    heures: f64,
    quotite: f64,
    /// Population retenue de l'emploi (surclassement d'abord) ou [`POPULATION_INCONNUE`].
    population_emploi: u32,
    grade: u16,
    /// Grade détenu en qualité de titulaire, dans le versant de son cadre d'emplois, ou
    /// [`AUCUN`] : c'est ce que regarde la condition de détention.
    grade_titulaire: u16,
    /// Rang de la période dans la carrière d'origine (fonctions exercées).
    origine: u32,
    versant: Versant,
    statut: Statut,
    position: Position,
    motif: Option<MotifDisponibilite>,
    emploi: Option<EmploiCode>,
}

/// Une population préparée pour l'évaluation par lot. Les carrières sont supposées valides
/// (`Agent::valider`), comme pour [`crate::eligibilite::verdicts`].
pub struct Lot<'a> {
    agents: &'a [Agent],
    /// Périodes de l'agent `i` : `periodes[bornes[i]..bornes[i + 1]]`, triées par début.
    bornes: Vec<u32>,
    periodes: Vec<PeriodeLot>,
}

impl<'a> Lot<'a> {
    /// Prépare les carrières (une fois) : tri des périodes, grades résolus, numéros de jour.
    pub fn preparer(agents: &'a [Agent]) -> Lot<'a> {
        let c = catalogue_lot();
        let total: usize = agents.iter().map(|a| a.periodes.len()).sum();
        let mut bornes = Vec::with_capacity(agents.len() + 1);
        let mut periodes = Vec::with_capacity(total);
        let mut ordre: Vec<usize> = Vec::new();
        bornes.push(0u32);
        for a in agents {
            ordre.clear();
            ordre.extend(0..a.periodes.len());
            // Même ordre que `services::Carriere::preparer` (tri stable par début).
            ordre.sort_by_key(|&k| a.periodes[k].debut);
            for &k in &ordre {
                let p = &a.periodes[k];
                let debut = jour(p.debut);
                let grade = p
                    .grade
                    .as_deref()
                    .and_then(|g| c.rang_grade.get(g).copied())
                    .unwrap_or(AUCUN);
                let grade_titulaire = if grade != AUCUN
                    && p.statut == Statut::Titulaire
                    && p.versant == c.versant_grade[usize::from(grade)]
                {
                    grade
                } else {
                    AUCUN
                };
                let octroi = p
                    .conge_parental_octroye_le
                    .map(jour)
                    .unwrap_or(debut)
                    .min(debut);
                let un_an = if p.position == Position::CongeParental {
                    jour(crate::date::ajouter_annees(crate::date::date(octroi), 1))
                } else {
                    octroi
                };
                periodes.push(PeriodeLot {
                    debut,
                    fin: p.fin.map_or(EN_COURS, jour),
                    octroi,
                    un_an,
                    heures: p.heures_hebdomadaires.unwrap_or(-1.0),
                    quotite: p.quotite(),
                    population_emploi: p
                        .emploi
                        .as_ref()
                        .and_then(|e| e.population_retenue())
                        .unwrap_or(POPULATION_INCONNUE),
                    grade,
                    grade_titulaire,
                    origine: k as u32,
                    versant: p.versant,
                    statut: p.statut,
                    position: p.position,
                    motif: p.motif_disponibilite,
                    emploi: p.emploi.as_ref().map(|e| e.code),
                });
            }
            bornes.push(periodes.len() as u32);
        }
        Lot {
            agents,
            bornes,
            periodes,
        }
    }

    /// Nombre d'agents.
    pub fn len(&self) -> usize {
        self.agents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.agents.is_empty()
    }

    /// Nombre total de périodes préparées.
    pub fn nombre_periodes(&self) -> usize {
        self.periodes.len()
    }

    /// Verdicts de l'agent `i` pour les voies de `selection` et l'année `annee`, écrits dans
    /// `sortie` (vidée d'abord). Avec `projeter`, la première année d'éligibilité est
    /// calculée comme dans la réponse expliquée ; sans, elle vaut `None` (ce qui ne veut
    /// pas dire « jamais »). `brouillon` sert d'un appel à l'autre (un par fil) : aucune
    /// allocation une fois qu'il a atteint sa taille.
    pub fn evaluer(
        &self,
        i: usize,
        annee: i32,
        selection: &Selection,
        projeter: bool,
        brouillon: &mut Brouillon,
        sortie: &mut Vec<VerdictVoie>,
    ) {
        sortie.clear();
        let c = catalogue_lot();
        let agent = &self.agents[i];
        let ps = &self.periodes[self.bornes[i] as usize..self.bornes[i + 1] as usize];
        brouillon.nouvel_agent(c.perimetres.len(), annee);
        let x = Agent1 {
            c,
            agent,
            ps,
            annee,
        };
        let jd = jour_ymd(annee, 1, 1);
        let courante = periode_au(ps, jd);
        let mut formation: Option<bool> = None;
        for &iv in &selection.voies {
            let v = &c.voies[usize::from(iv)];
            let mut eligible = false;
            for va in &v.variantes {
                if x.remplie(v, va, annee, courante, brouillon) {
                    eligible = true;
                    break;
                }
            }
            if eligible && v.avec_formation {
                eligible = *formation.get_or_insert_with(|| {
                    agent.formations.is_none()
                        || crate::formation::a_jour(agent, annee) == Some(true)
                });
            }
            let premiere_annee_eligible = if projeter {
                v.variantes
                    .iter()
                    .filter_map(|va| x.premiere_annee(v, va, brouillon))
                    .min()
            } else {
                None
            };
            sortie.push(VerdictVoie {
                cible: v.cible,
                voie: v.voie,
                eligible,
                premiere_annee_eligible,
            });
        }
    }
}

/// Mémoire de travail d'un fil d'évaluation (décomptes déjà faits pour l'agent en cours).
#[derive(Debug, Default)]
pub struct Brouillon {
    /// Par périmètre et année d'arrêt (N-1 à N+2) : (agent, jours comptés).
    comptes: Vec<(u32, f64)>,
    /// Jour où un seuil est atteint : (périmètre, seuil, jour).
    atteints: Vec<(u16, u64, Option<Jour>)>,
    agent: u32,
    annee: i32,
}

/// Années d'arrêt des services gardées en mémoire : 31/12 de N-1 à N+2.
const ANNEES_MEMO: usize = 4;

impl Brouillon {
    pub fn new() -> Brouillon {
        Brouillon::default()
    }

    fn nouvel_agent(&mut self, perimetres: usize, annee: i32) {
        self.agent = self.agent.wrapping_add(1);
        if self.agent == 0 || self.comptes.len() != perimetres * ANNEES_MEMO {
            self.comptes.clear();
            self.comptes.resize(perimetres * ANNEES_MEMO, (0, 0.0));
            self.agent = 1;
        }
        self.atteints.clear();
        self.annee = annee;
    }

    fn case(&self, perimetre: u16, jusqu_au: Jour) -> Option<usize> {
        let d = crate::date::date(jusqu_au);
        if d.month() != 12 || d.day() != 31 {
            return None;
        }
        let k = i32::from(d.year()) - (self.annee - 1);
        (0..ANNEES_MEMO as i32)
            .contains(&k)
            .then(|| usize::from(perimetre) * ANNEES_MEMO + k as usize)
    }
}

/// Un agent du lot en cours d'évaluation.
struct Agent1<'x> {
    c: &'static CatalogueLot,
    agent: &'x Agent,
    ps: &'x [PeriodeLot],
    annee: i32,
}

/// La période qui contient ce jour (même recherche que `Carriere::periode_au`).
#[inline]
fn periode_au(ps: &[PeriodeLot], j: Jour) -> Option<&PeriodeLot> {
    ps.iter().rev().find(|p| p.debut <= j && j <= p.fin)
}

/// Nature du décompte d'une période (même logique que `services::nature`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Nature {
    /// Poids fixe ; `totalite` : compté en totalité (temps non complet proratisé),
    /// `contractuel` : au prorata de la quotité (et du temps non complet).
    Simple {
        poids: f64,
        totalite: bool,
        contractuel: bool,
    },
    Enfant,
    Activite,
    Parental2012,
    /// Inconnu : poids certain nul.
    Nul,
}

const EXCLU: Nature = Nature::Simple {
    poids: 0.0,
    totalite: false,
    contractuel: false,
};

fn emploi_fonctionnel_administratif(c: EmploiCode) -> bool {
    matches!(
        c,
        EmploiCode::DgsCommune
            | EmploiCode::DgsEtablissementAssimile
            | EmploiCode::DgaCommune
            | EmploiCode::DgaEtablissementAssimile
    )
}

/// L'emploi de la période est-il visé ? `None` : population inconnue alors qu'une borne
/// existe (même logique que `services::emploi_vise`).
fn emploi_vise(c: &PerimetreLot, p: &PeriodeLot) -> Option<bool> {
    let Some(code) = p.emploi else {
        return Some(false);
    };
    let mut inconnu = false;
    for v in c.emplois.iter().filter(|v| v.code == code) {
        if v.population_min.is_none() && v.population_max.is_none() {
            return Some(true);
        }
        if p.population_emploi == POPULATION_INCONNUE {
            inconnu = true;
        } else {
            let pop = p.population_emploi;
            if v.population_min.is_none_or(|m| pop >= m)
                && v.population_max.is_none_or(|m| pop <= m)
            {
                return Some(true);
            }
        }
    }
    if inconnu { None } else { Some(false) }
}

#[inline]
fn nature(c: &PerimetreLot, p: &PeriodeLot) -> Nature {
    if c.versants == 0 {
        if p.versant == Versant::HorsFonctionPublique {
            return EXCLU;
        }
    } else if c.versants & versant_bit(p.versant) == 0 {
        return EXCLU;
    }
    let par_emploi = if c.emplois.is_empty() {
        Some(false)
    } else {
        emploi_vise(c, p)
    };
    // CGFP L.343-1 (FAQ CNFPT ingénieur en chef Q2).
    if c.l343_1_admis
        && p.position == Position::Disponibilite
        && let Some(code) = p.emploi
        && emploi_fonctionnel_administratif(code)
    {
        return if p.population_emploi == POPULATION_INCONNUE {
            Nature::Nul
        } else if p.population_emploi > 40_000 {
            Nature::Simple {
                poids: 1.0,
                totalite: false,
                contractuel: false,
            }
        } else {
            EXCLU
        };
    }
    let par_grade = if c.filtre {
        c.grades.contient(p.grade)
    } else {
        c.emplois.is_empty()
    };
    if !par_grade && par_emploi == Some(false) {
        return EXCLU;
    }
    let totalite = Nature::Simple {
        poids: 1.0,
        totalite: true,
        contractuel: false,
    };
    let n = match p.position {
        Position::Activite | Position::MiseADisposition => totalite,
        Position::Detachement => {
            if par_emploi == Some(true) || (par_grade && c.detachement_admis) {
                totalite
            } else if par_emploi.is_none() {
                Nature::Nul
            } else {
                EXCLU
            }
        }
        Position::CongeParental => Nature::Parental2012,
        Position::Disponibilite => match p.motif {
            Some(MotifDisponibilite::EleverEnfant) => Nature::Enfant,
            Some(MotifDisponibilite::ActiviteProfessionnelle) => Nature::Activite,
            Some(MotifDisponibilite::ConvenancesPersonnelles | MotifDisponibilite::Autre) => EXCLU,
            None => Nature::Nul,
        },
        Position::HorsCadres
        | Position::ServiceNational
        | Position::ExclusionTemporaire
        | Position::ProrogationStage
        | Position::Apprentissage => EXCLU,
    };
    if par_emploi.is_none() && !par_grade {
        return Nature::Nul;
    }
    if !p.statut.est_fonctionnaire() {
        if !c.contractuels_admis {
            return EXCLU;
        }
        if let Nature::Simple {
            poids,
            totalite: true,
            ..
        } = n
        {
            return Nature::Simple {
                poids: poids * p.quotite / 100.0,
                totalite: false,
                contractuel: true,
            };
        }
    }
    n
}

impl CatalogueLot {
    #[inline]
    fn facteur_tnc(&self, p: &PeriodeLot, j: Jour) -> f64 {
        if p.heures < 0.0 {
            1.0
        } else {
            let mi_temps = if j < self.debut_35_heures { 19.5 } else { 17.5 };
            if p.heures >= mi_temps {
                1.0
            } else {
                p.heures / mi_temps
            }
        }
    }

    /// Segments de poids certain non nul jusqu'au jour `jusqu_au` inclus, dans l'ordre
    /// (mêmes coupures et mêmes plafonds que `services::parcourir`) : `f(début, fin,
    /// poids)`, qui rend `false` pour arrêter.
    #[inline]
    fn parcourir(
        &self,
        ps: &[PeriodeLot],
        c: &PerimetreLot,
        jusqu_au: Jour,
        mut f: impl FnMut(Jour, Jour, f64) -> bool,
    ) {
        let mut reste_enfant = PLAFOND_CINQ_ANS;
        let mut reste_activite = PLAFOND_CINQ_ANS;
        for p in ps {
            if p.debut > jusqu_au {
                break;
            }
            let fin = p.fin.min(jusqu_au);
            let nat = nature(c, p);
            if matches!(nat, Nature::Nul)
                || matches!(nat, Nature::Simple { poids, .. } if poids == 0.0)
            {
                continue;
            }
            let mut bornes: [Jour; 4] = [Jour::MAX; 4];
            let mut nb = 0;
            let mut ajouter = |j: Jour| {
                if j > p.debut && j <= fin {
                    bornes[nb] = j;
                    nb += 1;
                }
            };
            match nat {
                Nature::Simple {
                    totalite,
                    contractuel,
                    ..
                } if (totalite || contractuel) && p.heures >= 0.0 => ajouter(self.debut_35_heures),
                Nature::Enfant => ajouter(self.debut_loi_2019),
                Nature::Activite => ajouter(self.debut_dispo_activite_2018),
                Nature::Parental2012 => {
                    ajouter(p.un_an);
                    ajouter(self.debut_loi_2019);
                }
                _ => {}
            }
            bornes[..nb].sort_unstable();
            let mut a = p.debut;
            // Segments : jusqu'à la veille de chaque coupure, puis jusqu'à la fin.
            let fins = bornes[..nb]
                .iter()
                .map(|&j| j - 1)
                .chain(std::iter::once(fin));
            for b in fins {
                if b < a {
                    continue;
                }
                let cont = match nat {
                    Nature::Simple {
                        poids,
                        totalite,
                        contractuel,
                    } => {
                        let w = if totalite {
                            self.facteur_tnc(p, a)
                        } else if contractuel {
                            poids * self.facteur_tnc(p, a)
                        } else {
                            poids
                        };
                        w <= 0.0 || f(a, b, w)
                    }
                    Nature::Nul => true,
                    Nature::Enfant | Nature::Activite | Nature::Parental2012 => {
                        let (depuis, reste) = match nat {
                            Nature::Activite => {
                                (self.debut_dispo_activite_2018, &mut reste_activite)
                            }
                            _ => (self.debut_loi_2019, &mut reste_enfant),
                        };
                        if a >= depuis {
                            let len = f64::from(b - a + 1);
                            if len <= *reste {
                                *reste -= len;
                                f(a, b, 1.0)
                            } else {
                                let n = *reste as Jour;
                                *reste = 0.0;
                                n <= 0 || f(a, a + n - 1, 1.0)
                            }
                        } else if nat == Nature::Parental2012 {
                            if p.octroi < self.debut_conge_parental_2012 {
                                true
                            } else if a < p.un_an {
                                f(a, b, 1.0)
                            } else {
                                f(a, b, 0.5)
                            }
                        } else {
                            true
                        }
                    }
                };
                if !cont {
                    return;
                }
                a = b + 1;
            }
        }
    }

    /// Jours comptés (certains) jusqu'au jour `jusqu_au` inclus.
    fn compter(&self, ps: &[PeriodeLot], c: &PerimetreLot, jusqu_au: Jour) -> f64 {
        let mut jours = 0.0;
        self.parcourir(ps, c, jusqu_au, |a, b, w| {
            jours += f64::from(b - a + 1) * w;
            true
        });
        jours
    }

    /// Premier jour où le décompte atteint `seuil` (même calcul que
    /// `ServicesEffectifs::jour_atteint` sans les jours inconnus).
    fn jour_atteint(
        &self,
        ps: &[PeriodeLot],
        c: &PerimetreLot,
        seuil: f64,
        horizon: Jour,
    ) -> Option<Jour> {
        if seuil <= 0.0 {
            return ps.first().map(|p| p.debut);
        }
        let mut acc = 0.0;
        let mut trouve = None;
        self.parcourir(ps, c, horizon, |a, b, w| {
            let n = f64::from(b - a + 1);
            if acc + n * w >= seuil - 1e-9 {
                let k = ((seuil - acc) / w - 1e-9).ceil().max(1.0) as Jour;
                trouve = Some(a + k - 1);
                return false;
            }
            acc += n * w;
            true
        });
        trouve
    }
}

/// Dernier jour (inclus) des services comptés pour la voie et l'année.
fn jour_services(v: &VoieLot, annee: i32) -> Jour {
    if v.fin_annee {
        jour_ymd(annee, 12, 31)
    } else {
        jour_ymd(annee, 1, 1) - 1
    }
}

/// Année minimale pour que des services atteints le jour `d` comptent.
fn annee_depuis_jour_services(v: &VoieLot, d: Jour) -> i32 {
    let y = i32::from(crate::date::date(d).year());
    if v.fin_annee { y } else { y + 1 }
}

fn dans_periode_application(v: &VarianteDef, annee: i32) -> bool {
    v.annee_min.is_none_or(|m| annee >= m) && v.annee_max.is_none_or(|m| annee <= m)
}

fn position_ok(p: Option<&PeriodeLot>, v: &VarianteDef) -> Option<bool> {
    let Some(p) = p else {
        return Some(false);
    };
    let pos = p.position;
    let mut inconnu = false;
    for r in &v.positions {
        let ok = match r {
            PositionRequise::Activite => Some(pos == Position::Activite),
            PositionRequise::MiseADisposition => Some(pos == Position::MiseADisposition),
            PositionRequise::Detachement => Some(pos == Position::Detachement),
            PositionRequise::DetachementEmploiFonctionnel => {
                if pos == Position::Detachement {
                    // FAQ CNFPT ingénieur en chef Q7 : emploi inconnu ou « autre » : inconnu.
                    match p.emploi {
                        None | Some(EmploiCode::Autre) => None,
                        Some(_) => Some(true),
                    }
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

fn examen_reussi(agent: &Agent, cible: &str, annee: i32) -> Option<i32> {
    agent
        .examens
        .iter()
        .filter(|e| e.admis && e.examen == cible && e.annee < annee)
        .map(|e| e.annee)
        .min()
}

impl Agent1<'_> {
    /// La fonction de la période correspond-elle ? `None` : population inconnue.
    fn fonction_correspond(&self, f: &FonctionDef, p: &PeriodeLot) -> Option<bool> {
        if !p.statut.est_fonctionnaire() && !f.contractuels_admis {
            return Some(false);
        }
        let origine = &self.agent.periodes[p.origine as usize];
        let mut inconnu = false;
        for x in origine.fonctions.iter().filter(|x| x.code == f.code) {
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

    /// Jours (certains) d'exercice d'une fonction jusqu'à `jusqu_au`.
    fn jours_fonction(&self, f: &FonctionDef, jusqu_au: Jour) -> f64 {
        let mut j = 0.0;
        for p in self.ps {
            if p.debut > jusqu_au {
                break;
            }
            if self.fonction_correspond(f, p) == Some(true) {
                j += f64::from(p.fin.min(jusqu_au) - p.debut + 1);
            }
        }
        j
    }

    fn jour_fonction_atteint(&self, f: &FonctionDef, seuil: f64, horizon: Jour) -> Option<Jour> {
        let mut acc = 0.0;
        for p in self.ps {
            if p.debut > horizon {
                break;
            }
            if self.fonction_correspond(f, p) != Some(true) {
                continue;
            }
            let n = f64::from(p.fin.min(horizon) - p.debut + 1);
            if acc + n >= seuil {
                return Some(p.debut + (seuil - acc).ceil() as Jour - 1);
            }
            acc += n;
        }
        None
    }

    /// Jours de services du périmètre jusqu'à `jusqu_au`, gardés pour les autres voies.
    fn services(&self, perimetre: u16, jusqu_au: Jour, b: &mut Brouillon) -> f64 {
        let case = b.case(perimetre, jusqu_au);
        if let Some(k) = case
            && b.comptes[k].0 == b.agent
        {
            return b.comptes[k].1;
        }
        let n = self.c.compter(
            self.ps,
            &self.c.perimetres[usize::from(perimetre)],
            jusqu_au,
        );
        if let Some(k) = case {
            b.comptes[k] = (b.agent, n);
        }
        n
    }

    fn jour_atteint(
        &self,
        perimetre: u16,
        seuil: f64,
        horizon: Jour,
        b: &mut Brouillon,
    ) -> Option<Jour> {
        let cle = seuil.to_bits();
        if let Some(&(_, _, j)) = b
            .atteints
            .iter()
            .find(|(p, s, _)| *p == perimetre && *s == cle)
        {
            return j;
        }
        let j = self.c.jour_atteint(
            self.ps,
            &self.c.perimetres[usize::from(perimetre)],
            seuil,
            horizon,
        );
        b.atteints.push((perimetre, cle, j));
        j
    }

    /// Toutes les conditions de la variante hors formation sont-elles remplies pour
    /// l'année `annee` ? `courante` : la période en cours au 1er janvier. `services_ok` :
    /// conditions de services déjà connues remplies (les décomptes croissent avec l'année).
    fn remplie_avec(
        &self,
        v: &VoieLot,
        va: &VarianteLot,
        annee: i32,
        courante: Option<&PeriodeLot>,
        b: &mut Brouillon,
        services_ok: &mut u32,
    ) -> bool {
        let d = va.def;
        if !dans_periode_application(d, annee) {
            return false;
        }
        if va.exige_detention && !courante.is_some_and(|p| va.detenus.contient(p.grade_titulaire)) {
            return false;
        }
        let jd = jour_ymd(annee, 1, 1);
        if !d.positions.is_empty() && position_ok(courante, d) != Some(true) {
            return false;
        }
        if (d.age_minimum.is_some() || d.age_minimum_inconnu)
            && age_ok(self.agent, d, jd) != Some(true)
        {
            return false;
        }
        let js = jour_services(v, annee);
        for (k, &(perimetre, seuil)) in va.services.iter().enumerate() {
            let Some(seuil) = seuil else { return false };
            let bit = 1u32.checked_shl(k as u32).unwrap_or(0);
            if *services_ok & bit != 0 {
                continue;
            }
            if self.services(perimetre, js, b) + 1e-9 < seuil {
                return false;
            }
            *services_ok |= bit;
        }
        for f in &d.fonctions {
            if f.en_cours
                && courante.map_or(Some(false), |p| self.fonction_correspond(f, p)) != Some(true)
            {
                return false;
            }
            if self.jours_fonction(f, js) + 1e-9 < seuil_annees(f.annees) {
                return false;
            }
        }
        if v.voie == Voie::Examen && examen_reussi(self.agent, v.cible, annee).is_none() {
            return false;
        }
        true
    }

    fn remplie(
        &self,
        v: &VoieLot,
        va: &VarianteLot,
        annee: i32,
        courante: Option<&PeriodeLot>,
        b: &mut Brouillon,
    ) -> bool {
        self.remplie_avec(v, va, annee, courante, b, &mut 0)
    }

    /// Première année (depuis le début de la carrière, au plus 40 ans après l'année de la
    /// liste) où la variante est remplie, la période en cours se poursuivant : même calcul
    /// que la réponse expliquée (bornes tirées des seuils, puis année par année).
    fn premiere_annee(&self, v: &VoieLot, va: &VarianteLot, b: &mut Brouillon) -> Option<i32> {
        let debut = self.ps.first()?.debut;
        if va.exige_detention
            && !self
                .ps
                .iter()
                .any(|p| va.detenus.contient(p.grade_titulaire))
        {
            return None;
        }
        let d = va.def;
        let limite = (self.annee + 40).min(ANNEE_MAX);
        let horizon = jour_ymd(limite, 12, 31);
        let mut y0 = i32::from(crate::date::date(debut).year());
        if let Some(m) = d.annee_min {
            y0 = y0.max(m);
        }
        for &(perimetre, seuil) in &va.services {
            let seuil = seuil?;
            let j = self.jour_atteint(perimetre, seuil, horizon, b)?;
            y0 = y0.max(annee_depuis_jour_services(v, j));
        }
        for f in &d.fonctions {
            let j = self.jour_fonction_atteint(f, seuil_annees(f.annees), horizon)?;
            y0 = y0.max(annee_depuis_jour_services(v, j));
        }
        if v.voie == Voie::Examen {
            let e = examen_reussi(self.agent, v.cible, limite + 1)?;
            y0 = y0.max(e + 1);
        }
        if d.age_minimum_inconnu {
            return None;
        }
        if let Some(a) = d.age_minimum {
            let n = self.agent.date_naissance?;
            let date_age = crate::date::ajouter_annees(n, a as i32);
            let y = i32::from(date_age.year());
            y0 = y0.max(if date_age == crate::date::premier_janvier(y) {
                y
            } else {
                y + 1
            });
        }
        let mut services_ok = 0u32;
        (y0..=limite).find(|&y| {
            let courante = periode_au(self.ps, jour_ymd(y, 1, 1));
            self.remplie_avec(v, va, y, courante, b, &mut services_ok)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_par_cible_et_par_voie() {
        // Catalogue des voies : ingénieur au choix (décret 2016-201 art. 10) et après
        // examen, qui donne aussi l'inscription à l'examen.
        let s = Selection::choisir(Some(&["ingenieur".to_owned()]), None).unwrap();
        assert_eq!(s.len(), 3);
        let s = Selection::choisir(Some(&["ingenieur".to_owned()]), Some(&[Voie::Choix])).unwrap();
        assert_eq!(s.len(), 1);
        assert!(Selection::choisir(Some(&["inconnu".to_owned()]), None).is_err());
        assert_eq!(
            Selection::toutes().len(),
            crate::eligibilite::verdicts(&Agent::default(), 2026, None).len()
        );
    }
}
