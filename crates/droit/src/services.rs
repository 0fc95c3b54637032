//! Décompte des services effectifs (contrat v1, commande `services`).
//!
//! Une carrière est découpée en segments de poids constant : chaque jour d'un segment compte
//! pour `poids` jour de services (1 en totalité, une fraction au prorata, 0 exclu). Les
//! périodes qui chevauchent un changement de règle sont coupées à la date du changement.
//! Références : guide CDG Martinique §I.D (« Sur la notion de services effectifs ») et
//! `note juridique` §6.

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::carriere::{Agent, EmploiCode, MotifDisponibilite, Periode, Position, Versant};
pub use crate::catalogue::EmploiVise;
use crate::catalogue::{Catalogue, Categorie, Grade, ServicesDef};
use crate::date::{Duree, Jour, jour};
use crate::erreur::ErreurEntree;

// ------------------------------------------------------------------ Dates d'effet des règles

/// Passage aux 35 heures dans la FPT (décret 2001-623) : le mi-temps passe de 19h30 à 17h30
/// le 1er janvier 2002 (guide CDG Martinique §I.D, « Sont à proratiser »).
pub fn debut_35_heures() -> Jour {
    jour(jiff::civil::date(2002, 1, 1))
}

/// Congé parental : accordé à compter du 1er octobre 2012, compté en totalité la 1re année
/// puis pour moitié (loi 2012-347 art. 57, décret 2012-1061 ; guide CDG Martinique §I.D).
pub fn debut_conge_parental_2012() -> Jour {
    jour(jiff::civil::date(2012, 10, 1))
}

/// Loi 2019-828 art. 85 : congé parental et disponibilité pour élever un enfant comptés en
/// totalité comme services effectifs dans la limite de 5 ans sur la carrière, pour les
/// périodes à compter du 8 août 2019 (`note juridique` §6, CDG 34).
pub fn debut_loi_2019() -> Jour {
    jour(jiff::civil::date(2019, 8, 8))
}

/// Loi 2018-771 art. 108 à 110, décret 2019-234 : disponibilité avec activité professionnelle
/// ouverte ou renouvelée à compter du 7 septembre 2018, droits conservés 5 ans au plus.
/// L'application aux conditions de promotion interne est marquée R (non vérifiée) dans
/// `note juridique` §6 ; FAQ CNFPT ingénieur en chef Q6 l'admet pour l'examen d'ingénieur en chef.
pub fn debut_dispo_activite_2018() -> Jour {
    jour(jiff::civil::date(2018, 9, 7))
}

/// Plafond de 5 ans sur la carrière (loi 2019-828 art. 85 ; loi 2018-771), en jours civils :
/// 5 × 365 + 1 jour bissextile (dérivé, convention du projet).
pub const PLAFOND_CINQ_ANS: f64 = 1826.0;

/// Nombre de jours civils qui garantit `annees` années complètes quel que soit le calendrier :
/// 365 par année plus un jour par tranche de 4 ans (au moins autant de 29 février).
/// Convention dérivée (D) : 8 ans = 2 922 jours, 4 ans = 1 461 jours.
pub fn seuil_annees(annees: u32) -> f64 {
    f64::from(annees * 365 + annees / 4)
}

// ------------------------------------------------------------------ Périmètre

/// Périmètre d'un décompte, forme interne (celle du catalogue des voies).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Critere {
    pub grades: Vec<String>,
    pub cadres_emplois: Vec<String>,
    pub categories: Vec<Categorie>,
    pub versants: Vec<Versant>,
    pub emplois: Vec<EmploiVise>,
    pub contractuels_admis: bool,
    pub detachement_admis: bool,
    /// Cas particulier de FAQ CNFPT ingénieur en chef Q2 : services accomplis par un fonctionnaire en
    /// disponibilité sur un emploi fonctionnel administratif de plus de 40 000 habitants
    /// pourvu par contrat (CGFP L.343-1).
    pub l343_1_admis: bool,
}

/// Périmètre tel que le contrat le décrit.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Perimetre {
    #[serde(default)]
    pub grades: Vec<String>,
    #[serde(default)]
    pub cadres_emplois: Vec<String>,
    #[serde(default)]
    pub categorie: Option<Categorie>,
    #[serde(default)]
    pub versants: Vec<Versant>,
    /// Emplois de détachement dont les services comptent.
    #[serde(default)]
    pub emplois: Vec<EmploiCode>,
    #[serde(default)]
    pub contractuels_admis: bool,
    #[serde(default)]
    pub detachement_admis: bool,
}

impl Critere {
    /// Le périmètre d'une condition de services du catalogue des voies.
    pub fn depuis_services(s: &ServicesDef) -> Self {
        Critere {
            grades: s.grades.clone(),
            cadres_emplois: s.cadres_emplois.clone(),
            categories: s.categories.clone(),
            versants: s.versants.clone(),
            emplois: s.emplois.clone(),
            contractuels_admis: s.contractuels_admis,
            detachement_admis: s.detachement_admis,
            l343_1_admis: s.l343_1_admis,
        }
    }
}

impl Perimetre {
    pub fn en_critere(&self) -> Critere {
        Critere {
            grades: self.grades.clone(),
            cadres_emplois: self.cadres_emplois.clone(),
            categories: self.categorie.into_iter().collect(),
            versants: self.versants.clone(),
            emplois: self
                .emplois
                .iter()
                .map(|&code| EmploiVise {
                    code,
                    population_min: None,
                    population_max: None,
                })
                .collect(),
            contractuels_admis: self.contractuels_admis,
            detachement_admis: self.detachement_admis,
            l343_1_admis: false,
        }
    }
}

/// Emplois fonctionnels administratifs de direction (décret 87-1101) visés par CGFP L.343-1.
fn emploi_fonctionnel_administratif(c: EmploiCode) -> bool {
    matches!(
        c,
        EmploiCode::DgsCommune
            | EmploiCode::DgsEtablissementAssimile
            | EmploiCode::DgaCommune
            | EmploiCode::DgaEtablissementAssimile
    )
}

// ------------------------------------------------------------------ Carrière préparée

/// Une période avec ses numéros de jour et son grade résolu.
#[derive(Debug, Clone)]
pub struct PeriodePreparee<'a> {
    pub periode: &'a Periode,
    pub debut: Jour,
    /// `None` : en cours.
    pub fin: Option<Jour>,
    pub grade: Option<Grade<'static>>,
    /// Congé parental : premier jour du congé auquel la période appartient (voir
    /// `Carriere::preparer`).
    pub debut_conge: Option<Jour>,
}

/// Carrière triée, grades résolus une fois pour toutes.
#[derive(Debug, Clone)]
pub struct Carriere<'a> {
    /// Périodes triées par début : propres à la carrière, ou empruntées à un tableau qui
    /// range celles de toute une population (évaluation par lot, `droit::lot`).
    pub periodes: std::borrow::Cow<'a, [PeriodePreparee<'a>]>,
}

impl PeriodePreparee<'_> {
    fn periodes_conge_parental(&self) -> bool {
        self.periode.position == Position::CongeParental
    }
}

impl<'a> Carriere<'a> {
    pub fn preparer(agent: &'a Agent) -> Self {
        let cat = Catalogue::get();
        let mut periodes: Vec<PeriodePreparee<'a>> = agent
            .periodes
            .iter()
            .map(|p| PeriodePreparee {
                periode: p,
                debut: jour(p.debut),
                fin: p.fin.map(jour),
                grade: p.grade.as_deref().and_then(|g| cat.grade(g)),
                debut_conge: None,
            })
            .collect();
        periodes.sort_by_key(|p| p.debut);
        // Un congé parental est accordé puis renouvelé par périodes de six mois (décret
        // n° 86-68 art. 30 et suivants) : des périodes de congé parental qui se touchent sont
        // le même congé, sauf date d'octroi propre (nouvel enfant, nouvel octroi). La date
        // d'octroi (`conge_parental_octroye_le`) est celle du début du congé.
        for i in 0..periodes.len() {
            if periodes[i].periodes_conge_parental() {
                let p = &periodes[i];
                let debut = match p.periode.conge_parental_octroye_le {
                    Some(o) => jour(o).min(p.debut),
                    None => match i.checked_sub(1).map(|k| &periodes[k]) {
                        Some(prec)
                            if prec.periodes_conge_parental()
                                && prec.fin.is_some_and(|f| f + 1 == p.debut) =>
                        {
                            prec.debut_conge.unwrap_or(prec.debut)
                        }
                        _ => p.debut,
                    },
                };
                periodes[i].debut_conge = Some(debut);
            }
        }
        Carriere {
            periodes: std::borrow::Cow::Owned(periodes),
        }
    }

    /// La période qui contient ce jour (une période en cours se poursuit indéfiniment).
    pub fn periode_au(&self, j: Jour) -> Option<&PeriodePreparee<'a>> {
        self.periodes
            .iter()
            .rev()
            .find(|p| p.debut <= j && p.fin.is_none_or(|f| j <= f))
    }

    /// Premier jour de la carrière.
    pub fn debut(&self) -> Option<Jour> {
        self.periodes.first().map(|p| p.debut)
    }
}

// ------------------------------------------------------------------ Règles par segment

/// Règle qui a fixé le poids d'un segment : sert au détail et à l'explication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegleDecompte {
    /// Activité, mise à disposition ou détachement admis, à temps complet ou partiel.
    Totalite,
    /// Temps non complet inférieur au mi-temps : au prorata du mi-temps.
    ProrataTempsNonComplet,
    /// Agent contractuel : au prorata de la quotité.
    ProrataContractuel,
    /// Congé parental accordé depuis le 1er octobre 2012, première année.
    CongeParentalPremiereAnnee,
    /// Congé parental accordé depuis le 1er octobre 2012, au-delà de la première année.
    CongeParentalMoitie,
    /// Congé parental commencé avant le 1er octobre 2012 : période de six mois commencée
    /// avant cette date, régie par les règles antérieures (non comptée).
    CongeParentalAncienRegime,
    /// Prolongation, accordée depuis le 1er octobre 2012, d'un congé parental commencé avant :
    /// en totalité, le congé déjà obtenu n'excédant pas six mois.
    CongeParentalProlongationTotalite,
    /// Même prolongation, le congé déjà obtenu excédant six mois : pour moitié.
    CongeParentalProlongationMoitie,
    /// Congé parental ou disponibilité pour élever un enfant, depuis le 8 août 2019.
    PlafondEnfant,
    /// Disponibilité avec activité professionnelle, depuis le 7 septembre 2018.
    PlafondActivite,
    /// Cas particulier CGFP L.343-1.
    EmploiL343_1,
    /// Hors du périmètre ou position exclue.
    Exclu,
    /// Position ou motif inconnu : compté ni en plus ni en moins (voir `jours_max`).
    Inconnu,
}

impl RegleDecompte {
    pub fn libelle(self) -> &'static str {
        match self {
            RegleDecompte::Totalite => "compté en totalité (activité, temps partiel compris)",
            RegleDecompte::ProrataTempsNonComplet => {
                "temps non complet inférieur au mi-temps : compté au prorata du mi-temps"
            }
            RegleDecompte::ProrataContractuel => {
                "services de contractuel : comptés au prorata de la quotité"
            }
            RegleDecompte::CongeParentalPremiereAnnee => {
                "congé parental accordé depuis le 01/10/2012 : première année en totalité"
            }
            RegleDecompte::CongeParentalMoitie => {
                "congé parental accordé depuis le 01/10/2012 : années suivantes pour moitié"
            }
            RegleDecompte::CongeParentalAncienRegime => {
                "congé parental commencé avant le 01/10/2012 : période de six mois commencée avant cette date, non comptée (règles antérieures)"
            }
            RegleDecompte::CongeParentalProlongationTotalite => {
                "prolongation accordée depuis le 01/10/2012 d'un congé parental commencé avant, le congé déjà obtenu n'excédant pas six mois : en totalité"
            }
            RegleDecompte::CongeParentalProlongationMoitie => {
                "prolongation accordée depuis le 01/10/2012 d'un congé parental commencé avant, le congé déjà obtenu excédant six mois : pour moitié"
            }
            RegleDecompte::PlafondEnfant => {
                "congé parental ou disponibilité pour élever un enfant depuis le 08/08/2019 : en totalité dans la limite de 5 ans sur la carrière"
            }
            RegleDecompte::PlafondActivite => {
                "disponibilité avec activité professionnelle depuis le 07/09/2018 : dans la limite de 5 ans (règle non vérifiée sur le texte en vigueur pour la promotion interne)"
            }
            RegleDecompte::EmploiL343_1 => {
                "emploi fonctionnel de plus de 40 000 habitants occupé par contrat en disponibilité (CGFP L.343-1)"
            }
            RegleDecompte::Exclu => "non compté",
            RegleDecompte::Inconnu => "donnée manquante : compte inconnu",
        }
    }

    pub fn reference(self) -> &'static str {
        match self {
            RegleDecompte::Totalite => {
                "Guide CDG Martinique §I.D (services en position d'activité ; temps partiel)"
            }
            RegleDecompte::ProrataTempsNonComplet => {
                "Décret n° 91-298 du 20 mars 1991, art. 13 ; guide CDG Martinique §I.D (19h30 jusqu'au 31/12/2001, 17h30 depuis le 01/01/2002)"
            }
            RegleDecompte::ProrataContractuel => {
                "CE 23 décembre 2010 n° 325144 ; guide CDG Martinique §I.D (services de contractuel)"
            }
            RegleDecompte::CongeParentalPremiereAnnee | RegleDecompte::CongeParentalMoitie => {
                "Loi n° 2012-347 art. 57 ; décret n° 2012-1061 ; guide CDG Martinique §I.D"
            }
            RegleDecompte::CongeParentalAncienRegime => {
                "Décret n° 2012-1061 du 18 septembre 2012, dispositions transitoires (périodes de six mois commencées avant le 01/10/2012) ; guide CDG Martinique §I.D"
            }
            RegleDecompte::CongeParentalProlongationTotalite
            | RegleDecompte::CongeParentalProlongationMoitie => {
                "Décret n° 2012-1061 du 18 septembre 2012, dispositions transitoires (prolongations accordées après le 01/10/2012)"
            }
            RegleDecompte::PlafondEnfant => {
                "Loi n° 2019-828 du 6 août 2019, art. 85 ; FAQ CNFPT ingénieur en chef Q5-Q6"
            }
            RegleDecompte::PlafondActivite => {
                "Loi n° 2018-771 art. 108 à 110 ; décret n° 2019-234 ; CGFP L.514-2 ; FAQ CNFPT ingénieur en chef Q6"
            }
            RegleDecompte::EmploiL343_1 => {
                "CGFP L.343-1 ; FAQ CNFPT ingénieur en chef Q2 (cas particulier)"
            }
            RegleDecompte::Exclu => {
                "Guide CDG Martinique §I.D (« Sont à exclure des services effectifs »)"
            }
            RegleDecompte::Inconnu => "Donnée absente de la carrière",
        }
    }

    /// La règle repose-t-elle sur un fait vérifié ?
    pub fn verifie(self) -> bool {
        self.a_confirmer().is_none()
    }

    /// Pour une règle non vérifiée : ce qui reste à confirmer, en français.
    pub fn a_confirmer(self) -> Option<&'static str> {
        match self {
            RegleDecompte::PlafondActivite => Some(
                "la prise en compte de la disponibilité pour exercer une activité professionnelle (loi n° 2018-771) dans les services exigés pour la promotion interne reste à confirmer",
            ),
            // Disposition transitoire connue par les résumés de centres de gestion et de
            // syndicats, article non relu sur Légifrance.
            RegleDecompte::CongeParentalProlongationTotalite
            | RegleDecompte::CongeParentalProlongationMoitie => Some(
                "la disposition transitoire du décret n° 2012-1061 sur les prolongations d'un congé parental commencé avant le 01/10/2012 reste à confirmer sur l'article",
            ),
            _ => None,
        }
    }
}

/// Un segment de poids constant : les jours `debut..=fin` comptent chacun `poids` jour ;
/// `poids_max` est le poids si les données inconnues étaient favorables.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Segment {
    pub debut: Jour,
    pub fin: Jour,
    pub poids: f64,
    pub poids_max: f64,
    pub regle: RegleDecompte,
    /// Indice de la période d'origine (dans l'ordre trié).
    pub periode: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Nature {
    Simple(f64, RegleDecompte),
    /// Poids 1 dans la limite du plafond « enfant ».
    Enfant,
    /// Poids 1 dans la limite du plafond « activité professionnelle ».
    Activite,
    /// Congé parental selon la règle de 2012 : date d'octroi.
    Parental2012(Jour),
    Inconnu,
}

/// Le grade est-il dans le périmètre au jour `j` ? La catégorie est celle du cadre d'emplois
/// ce jour-là (un cadre reclassé, comme celui des assistants socio-éducatifs passé de B en A
/// le 01/02/2019, compte dans son ancienne catégorie pour les services d'avant).
fn dans_le_grade(c: &Critere, g: Option<&Grade<'static>>, j: Jour) -> bool {
    let filtre = !c.grades.is_empty() || !c.cadres_emplois.is_empty() || !c.categories.is_empty();
    if !filtre {
        return c.emplois.is_empty();
    }
    let Some(g) = g else { return false };
    (c.grades.is_empty() || c.grades.iter().any(|x| x == g.code))
        && (c.cadres_emplois.is_empty() || c.cadres_emplois.contains(&g.cadre.code))
        && (c.categories.is_empty() || c.categories.contains(&g.categorie_au(crate::date::date(j))))
}

/// L'emploi de la période est-il visé ? `None` : population inconnue alors qu'une borne existe.
fn emploi_vise(c: &Critere, p: &Periode) -> Option<bool> {
    let Some(e) = &p.emploi else {
        return Some(false);
    };
    let mut inconnu = false;
    for v in c.emplois.iter().filter(|v| v.code == e.code) {
        if v.population_min.is_none() && v.population_max.is_none() {
            return Some(true);
        }
        match e.population_retenue() {
            None => inconnu = true,
            Some(pop) => {
                if v.population_min.is_none_or(|m| pop >= m)
                    && v.population_max.is_none_or(|m| pop <= m)
                {
                    return Some(true);
                }
            }
        }
    }
    if inconnu { None } else { Some(false) }
}

/// Nature du décompte d'une période au regard d'un périmètre, pour ses jours à partir de `j`
/// (jusqu'au prochain changement de catégorie de son cadre d'emplois).
fn nature(c: &Critere, pp: &PeriodePreparee<'_>, j: Jour) -> Nature {
    use Nature::*;
    let p = pp.periode;
    let exclu = Simple(0.0, RegleDecompte::Exclu);
    // Versant : les services hors fonction publique ne comptent que si le périmètre les vise.
    if c.versants.is_empty() {
        if p.versant == Versant::HorsFonctionPublique {
            return exclu;
        }
    } else if !c.versants.contains(&p.versant) {
        return exclu;
    }
    let par_emploi = if c.emplois.is_empty() {
        Some(false)
    } else {
        emploi_vise(c, p)
    };
    // Cas particulier L.343-1 (FAQ CNFPT ingénieur en chef Q2) : disponibilité, emploi fonctionnel > 40 000 hab.
    if c.l343_1_admis
        && p.position == Position::Disponibilite
        && let Some(e) = &p.emploi
        && emploi_fonctionnel_administratif(e.code)
    {
        return match e.population_retenue() {
            Some(pop) if pop > 40_000 => Simple(1.0, RegleDecompte::EmploiL343_1),
            Some(_) => exclu,
            None => Inconnu,
        };
    }
    let par_grade = dans_le_grade(c, pp.grade.as_ref(), j);
    if !par_grade && par_emploi == Some(false) {
        return exclu;
    }
    let poids_temps = |regle| Simple(1.0, regle);
    let n = match p.position {
        // Guide CDG Martinique §I.D : activité (temps partiel, congés de maladie, maternité, mise à
        // disposition…) ; FAQ CNFPT ingénieur en chef Q8 : la MAD relève de l'activité.
        Position::Activite | Position::MiseADisposition => poids_temps(RegleDecompte::Totalite),
        // Détachement : seulement si le statut le prévoit (guide CDG Martinique §I.D), ou dans les
        // emplois nommément visés (décret 2016-200 art. 7).
        Position::Detachement => {
            if par_emploi == Some(true) || (par_grade && c.detachement_admis) {
                poids_temps(RegleDecompte::Totalite)
            } else if par_emploi.is_none() {
                Inconnu
            } else {
                exclu
            }
        }
        Position::CongeParental => Parental2012(pp.debut_conge.unwrap_or(pp.debut)),
        Position::Disponibilite => match p.motif_disponibilite {
            Some(MotifDisponibilite::EleverEnfant) => Enfant,
            Some(MotifDisponibilite::ActiviteProfessionnelle) => Activite,
            Some(MotifDisponibilite::ConvenancesPersonnelles | MotifDisponibilite::Autre) => exclu,
            None => Inconnu,
        },
        // Guide CDG Martinique §I.D : service national, prorogation de stage, exclusion temporaire,
        // apprentissage exclus ; hors cadres : hors du cadre d'emplois.
        Position::HorsCadres
        | Position::ServiceNational
        | Position::ExclusionTemporaire
        | Position::ProrogationStage
        | Position::Apprentissage => exclu,
    };
    if par_emploi.is_none() && !par_grade {
        return Inconnu;
    }
    // Statut : les services de contractuel ne comptent que si le texte parle de services
    // (publics) effectifs sans autre précision (guide CDG Martinique §I.D, CE 2010 n° 325144) ; ils sont
    // alors comptés au prorata de la quotité (note juridique §6, temps partiel).
    if !p.statut.est_fonctionnaire() {
        if !c.contractuels_admis {
            return exclu;
        }
        if let Simple(w, RegleDecompte::Totalite) = n {
            return Simple(w * p.quotite() / 100.0, RegleDecompte::ProrataContractuel);
        }
    }
    n
}

/// Congé parental commencé le jour `debut_conge`, avant le 01/10/2012 : règle du segment qui
/// commence le jour `a`.
///
/// Décret n° 2012-1061, dispositions transitoires : les périodes de six mois commencées
/// avant le 01/10/2012 restent régies par les règles antérieures (congé non compté, guide
/// CDG Martinique §I.D) ; une prolongation accordée après cette date n'est comptée en
/// totalité que si le congé déjà obtenu n'excède pas six mois, sinon pour moitié (règle du
/// congé accordé depuis le 01/10/2012 au-delà de la première année). Le congé étant accordé
/// puis renouvelé par périodes de six mois, les renouvellements commencent tous les six mois
/// à compter du début du congé.
fn regle_transitoire_2012(debut_conge: Jour, a: Jour) -> (f64, RegleDecompte) {
    let d = crate::date::date(debut_conge);
    let mut renouvellement = debut_conge;
    for k in 1..=10 {
        let r = jour(crate::date::ajouter_mois(d, 6 * k));
        if r > a {
            break;
        }
        renouvellement = r;
    }
    if renouvellement < debut_conge_parental_2012() {
        (0.0, RegleDecompte::CongeParentalAncienRegime)
    } else if renouvellement <= jour(crate::date::ajouter_mois(crate::date::date(debut_conge), 6)) {
        (1.0, RegleDecompte::CongeParentalProlongationTotalite)
    } else {
        (0.5, RegleDecompte::CongeParentalProlongationMoitie)
    }
}

/// Facteur de temps non complet (décret 91-298 art. 13 ; guide CDG Martinique §I.D) au jour `j`.
fn facteur_tnc(p: &Periode, j: Jour) -> f64 {
    match p.heures_hebdomadaires {
        None => 1.0,
        Some(h) => {
            let mi_temps = if j < debut_35_heures() { 19.5 } else { 17.5 };
            if h >= mi_temps { 1.0 } else { h / mi_temps }
        }
    }
}

/// Parcourt la carrière jusqu'au jour `jusqu_au` inclus (les périodes en cours s'y
/// prolongent) et appelle `f` pour chaque segment de poids constant, dans l'ordre.
pub fn parcourir(
    carriere: &Carriere<'_>,
    c: &Critere,
    jusqu_au: Jour,
    mut f: impl FnMut(Segment) -> bool,
) {
    let mut reste_enfant = PLAFOND_CINQ_ANS;
    let mut reste_activite = PLAFOND_CINQ_ANS;
    let coupures_tnc = [debut_35_heures()];
    for (i, pp) in carriere.periodes.iter().enumerate() {
        if pp.debut > jusqu_au {
            break;
        }
        let fin_periode = pp.fin.unwrap_or(jusqu_au).min(jusqu_au);
        // Tranches de la période séparées par les changements de catégorie de son cadre
        // d'emplois, quand le périmètre porte sur une catégorie (rare : un seul cadre).
        let mut tranches: [(Jour, Jour); 4] = [(pp.debut, fin_periode); 4];
        let mut nb_tranches = 1;
        if !c.categories.is_empty()
            && let Some(g) = &pp.grade
        {
            for d in g.cadre.changements_de_categorie() {
                let j = jour(d);
                if j > pp.debut && j <= fin_periode && nb_tranches < tranches.len() {
                    tranches[nb_tranches] = (j, fin_periode);
                    nb_tranches += 1;
                }
            }
            tranches[..nb_tranches].sort_unstable();
            for k in 0..nb_tranches - 1 {
                tranches[k].1 = tranches[k + 1].0 - 1;
            }
        }
        for &(debut_tranche, fin) in &tranches[..nb_tranches] {
            let nat = nature(c, pp, debut_tranche);
            // Coupures aux changements de règle qui concernent cette nature.
            let mut bornes: [Jour; 12] = [Jour::MAX; 12];
            let mut nb = 0;
            let mut ajouter = |j: Jour| {
                if j > debut_tranche && j <= fin && nb < bornes.len() {
                    bornes[nb] = j;
                    nb += 1;
                }
            };
            match nat {
                Nature::Simple(_, RegleDecompte::Totalite | RegleDecompte::ProrataContractuel)
                    if pp.periode.heures_hebdomadaires.is_some() =>
                {
                    for &j in &coupures_tnc {
                        ajouter(j);
                    }
                }
                Nature::Enfant => ajouter(debut_loi_2019()),
                Nature::Activite => ajouter(debut_dispo_activite_2018()),
                Nature::Parental2012(octroi) => {
                    if octroi < debut_conge_parental_2012() {
                        // Congé commencé avant le 01/10/2012 : chaque période de six mois a sa
                        // règle (disposition transitoire du décret n° 2012-1061).
                        let d = crate::date::date(octroi);
                        for k in 1..=10 {
                            ajouter(jour(crate::date::ajouter_mois(d, 6 * k)));
                        }
                    } else {
                        let un_an = jour(crate::date::ajouter_annees(crate::date::date(octroi), 1));
                        ajouter(un_an);
                    }
                    ajouter(debut_loi_2019());
                }
                _ => {}
            }
            bornes[..nb].sort_unstable();
            let mut a = debut_tranche;
            for k in 0..=nb {
                let b = bornes.get(k).filter(|_| k < nb).map_or(fin, |&x| x - 1);
                if b < a {
                    continue;
                }
                let mut emettre = |debut: Jour, fin: Jour, poids: f64, poids_max: f64, regle| {
                    f(Segment {
                        debut,
                        fin,
                        poids,
                        poids_max,
                        regle,
                        periode: i,
                    })
                };
                let cont = match nat {
                    Nature::Simple(w, regle) => {
                        if regle == RegleDecompte::Totalite {
                            let t = facteur_tnc(pp.periode, a);
                            let r = if t < 1.0 {
                                RegleDecompte::ProrataTempsNonComplet
                            } else {
                                regle
                            };
                            emettre(a, b, t, t, r)
                        } else if regle == RegleDecompte::ProrataContractuel {
                            let t = w * facteur_tnc(pp.periode, a);
                            emettre(a, b, t, t, regle)
                        } else {
                            emettre(a, b, w, w, regle)
                        }
                    }
                    Nature::Inconnu => emettre(a, b, 0.0, 1.0, RegleDecompte::Inconnu),
                    Nature::Enfant | Nature::Activite | Nature::Parental2012(_) => {
                        let (depuis, reste, regle) = match nat {
                            Nature::Activite => (
                                debut_dispo_activite_2018(),
                                &mut reste_activite,
                                RegleDecompte::PlafondActivite,
                            ),
                            _ => (
                                debut_loi_2019(),
                                &mut reste_enfant,
                                RegleDecompte::PlafondEnfant,
                            ),
                        };
                        if a >= depuis {
                            let len = f64::from(b - a + 1);
                            if len <= *reste {
                                *reste -= len;
                                emettre(a, b, 1.0, 1.0, regle)
                            } else {
                                let n = *reste as Jour;
                                *reste = 0.0;
                                let mut ok = true;
                                if n > 0 {
                                    ok = emettre(a, a + n - 1, 1.0, 1.0, regle);
                                }
                                ok && emettre(a + n, b, 0.0, 0.0, RegleDecompte::Exclu)
                            }
                        } else if let Nature::Parental2012(octroi) = nat {
                            if octroi < debut_conge_parental_2012() {
                                let (w, regle) = regle_transitoire_2012(octroi, a);
                                emettre(a, b, w, w, regle)
                            } else {
                                let un_an =
                                    jour(crate::date::ajouter_annees(crate::date::date(octroi), 1));
                                if a < un_an {
                                    emettre(
                                        a,
                                        b,
                                        1.0,
                                        1.0,
                                        RegleDecompte::CongeParentalPremiereAnnee,
                                    )
                                } else {
                                    emettre(a, b, 0.5, 0.5, RegleDecompte::CongeParentalMoitie)
                                }
                            }
                        } else {
                            emettre(a, b, 0.0, 0.0, RegleDecompte::Exclu)
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
}

// ------------------------------------------------------------------ Résultat typé

/// Services effectifs comptés dans un périmètre jusqu'à une date.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ServicesEffectifs {
    /// Jours civils comptés (certains).
    pub jours: f64,
    /// Jours civils si les données inconnues étaient toutes favorables.
    pub jours_max: f64,
    /// Durée administrative comptée, en jours de la convention de date à date (mois de 30
    /// jours, années de 360 jours ; un segment au prorata compte sa durée de date à date
    /// multipliée par son coefficient) : c'est elle qui se compare aux durées exigées.
    pub duree: f64,
    /// Durée administrative si les données inconnues étaient toutes favorables.
    pub duree_max: f64,
    /// `false` si une règle non vérifiée a compté des jours.
    pub verifie: bool,
}

impl ServicesEffectifs {
    /// Compte les services jusqu'au jour `jusqu_au` inclus.
    pub fn compter(carriere: &Carriere<'_>, c: &Critere, jusqu_au: Jour) -> Self {
        let mut s = ServicesEffectifs {
            verifie: true,
            ..ServicesEffectifs::default()
        };
        parcourir(carriere, c, jusqu_au, |seg| {
            s.ajouter(&seg);
            true
        });
        s
    }

    /// Ajoute un segment au décompte.
    pub fn ajouter(&mut self, seg: &Segment) {
        if seg.poids_max <= 0.0 {
            return;
        }
        let n = f64::from(seg.fin - seg.debut + 1);
        let d = f64::from(jours_360(seg.debut, seg.fin));
        self.jours += n * seg.poids;
        self.jours_max += n * seg.poids_max;
        self.duree += d * seg.poids;
        self.duree_max += d * seg.poids_max;
        if !seg.regle.verifie() {
            self.verifie = false;
        }
    }

    /// Premier jour où la durée administrative atteint `seuil` jours de 30/360 (`max` : en
    /// comptant les jours inconnus), en prolongeant la période en cours jusqu'à `horizon`.
    pub fn jour_atteint(
        carriere: &Carriere<'_>,
        c: &Critere,
        seuil: f64,
        horizon: Jour,
        max: bool,
    ) -> Option<Jour> {
        if seuil <= 0.0 {
            return carriere.debut();
        }
        let mut acc = 0.0;
        let mut trouve = None;
        parcourir(carriere, c, horizon, |seg| {
            let w = if max { seg.poids_max } else { seg.poids };
            if w > 0.0 {
                let n = f64::from(jours_360(seg.debut, seg.fin));
                if acc + n * w >= seuil - 1e-9 {
                    // Premier jour du segment où le seuil est atteint : la durée de date à
                    // date croît avec le dernier jour, recherche par dichotomie.
                    let (mut bas, mut haut) = (seg.debut, seg.fin);
                    while bas < haut {
                        let milieu = bas + (haut - bas) / 2;
                        if acc + f64::from(jours_360(seg.debut, milieu)) * w >= seuil - 1e-9 {
                            haut = milieu;
                        } else {
                            bas = milieu + 1;
                        }
                    }
                    trouve = Some(bas);
                    return false;
                }
                acc += n * w;
            }
            true
        });
        trouve
    }
}

/// Durée administrative de jours comptés en totalité de `debut` à `fin` inclus, de date à
/// date (convention 30/360 : mois de 30 jours, années de 12 mois).
pub fn jours_360(debut: Jour, fin: Jour) -> u32 {
    (valeur_360(fin + 1) - valeur_360(debut)).max(0) as u32
}

/// Position d'un jour sur l'échelle 30/360 (année × 360 + mois × 30 + jour du mois plafonné à
/// 30) : la durée de date à date entre deux jours est la différence de leurs positions. Une
/// table calculée une fois couvre les années du contrat (le décompte est sur le chemin chaud
/// des traitements de masse) ; hors de ces années, la position est calculée.
fn valeur_360(j: Jour) -> i32 {
    fn calculer(j: Jour) -> i32 {
        let d = crate::date::date(j);
        i32::from(d.year()) * 360 + i32::from(d.month()) * 30 + i32::from(d.day()).min(30)
    }
    static TABLE: std::sync::OnceLock<(Jour, Vec<i32>)> = std::sync::OnceLock::new();
    let (debut, table) = TABLE.get_or_init(|| {
        let debut = jour(jiff::civil::date(crate::carriere::ANNEE_MIN as i16, 1, 1));
        let fin = jour(jiff::civil::date(
            crate::carriere::ANNEE_MAX as i16 + 1,
            12,
            31,
        ));
        (debut, (debut..=fin).map(calculer).collect())
    });
    j.checked_sub(*debut)
        .and_then(|k| usize::try_from(k).ok())
        .and_then(|k| table.get(k).copied())
        .unwrap_or_else(|| calculer(j))
}

/// Durée administrative d'une suite de segments : chaque segment est mesuré de date à date
/// (30/360 ; la mesure est additive, des segments contigus mesurés séparément donnent la
/// même durée que leur réunion) et multiplié par son coefficient, de sorte qu'un segment au
/// prorata s'exprime dans les mêmes années, mois et jours qu'un segment à temps complet.
pub fn duree_segments(segments: &[Segment]) -> Duree {
    let total360: f64 = segments
        .iter()
        .map(|s| f64::from(jours_360(s.debut, s.fin)) * s.poids)
        .sum();
    Duree::depuis_jours(total360 + 1e-9)
}

/// Durée administrative exigée, en jours de 30/360 : `annees` années de 360 jours, un jour
/// de plus pour « plus de N ans ».
pub fn seuil_360(annees: u32, strictement: bool) -> f64 {
    f64::from(annees * 360) + if strictement { 1.0 } else { 0.0 }
}

// ------------------------------------------------------------------ Commande `services`

/// Entrée de la commande `services`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeServices {
    pub agent: Agent,
    /// Dernier jour compté (inclus).
    pub jusqu_au: Date,
    #[serde(default)]
    pub perimetre: Perimetre,
}

/// Une ligne du détail : un segment de la carrière et la règle qui l'a compté.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LigneDecompte {
    /// Rang de la période dans l'entrée (à partir de 0).
    pub periode: usize,
    pub debut: Date,
    pub fin: Date,
    /// Jours civils du segment.
    pub jours_calendaires: u32,
    /// Jours comptés.
    pub jours: f64,
    pub regle: RegleDecompte,
    pub explication: String,
    pub reference: String,
    pub verifie: bool,
}

/// Sortie de la commande `services`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ReponseServices {
    /// Jours comptés selon les règles de droit (jours civils, bornes incluses).
    pub jours: f64,
    /// Durée selon la convention administrative (mois de 30 jours, années de 12 mois).
    pub duree: Duree,
    /// Jours qui seraient comptés si les données manquantes étaient favorables ; égal à
    /// `jours` quand rien ne manque.
    pub jours_max: f64,
    /// `false` si une règle non vérifiée sur le texte en vigueur a compté des jours.
    pub verifie: bool,
    pub detail: Vec<LigneDecompte>,
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

fn valider_perimetre(p: &Perimetre) -> Result<(), ErreurEntree> {
    let cat = Catalogue::get();
    for (i, g) in p.grades.iter().enumerate() {
        if cat.grade(g).is_none() {
            return Err(ErreurEntree::code_inconnu(
                format!("Le grade « {g} » est inconnu du catalogue."),
                format!("/perimetre/grades/{i}"),
            ));
        }
    }
    for (i, c) in p.cadres_emplois.iter().enumerate() {
        if cat.cadre(c).is_none() {
            return Err(ErreurEntree::code_inconnu(
                format!("Le cadre d'emplois « {c} » est inconnu du catalogue."),
                format!("/perimetre/cadres_emplois/{i}"),
            ));
        }
    }
    Ok(())
}

/// Calcule la réponse `services` pour une carrière déjà validée.
pub fn decompter(agent: &Agent, jusqu_au: Date, perimetre: &Critere) -> ReponseServices {
    let carriere = Carriere::preparer(agent);
    // Rang de chaque période triée dans l'entrée.
    let rang: Vec<usize> = carriere
        .periodes
        .iter()
        .map(|pp| {
            agent
                .periodes
                .iter()
                .position(|p| std::ptr::eq(p, pp.periode))
                .unwrap_or(0)
        })
        .collect();
    let mut segments = Vec::new();
    parcourir(&carriere, perimetre, jour(jusqu_au), |s| {
        segments.push(s);
        true
    });
    let mut jours = 0.0;
    let mut jours_max = 0.0;
    let mut verifie = true;
    let detail = segments
        .iter()
        .map(|s| {
            let n = (s.fin - s.debut + 1) as u32;
            let j = f64::from(n) * s.poids;
            jours += j;
            jours_max += f64::from(n) * s.poids_max;
            if s.poids_max > 0.0 && !s.regle.verifie() {
                verifie = false;
            }
            let mut explication = s.regle.libelle().to_owned();
            if s.regle == RegleDecompte::ProrataTempsNonComplet
                || s.regle == RegleDecompte::ProrataContractuel
            {
                explication.push_str(&format!(" (coefficient {:.4})", s.poids));
            }
            LigneDecompte {
                periode: rang[s.periode],
                debut: crate::date::date(s.debut),
                fin: crate::date::date(s.fin),
                jours_calendaires: n,
                jours: j,
                regle: s.regle,
                explication,
                reference: s.regle.reference().to_owned(),
                verifie: s.regle.verifie(),
            }
        })
        .collect();
    ReponseServices {
        version_catalogue: crate::catalogue::version().into(),
        jours: (jours * 1000.0).round() / 1000.0,
        duree: duree_segments(&segments),
        jours_max: (jours_max * 1000.0).round() / 1000.0,
        verifie,
        detail,
    }
}

/// Commande `services` : valide l'entrée puis décompte.
pub fn executer(e: DemandeServices) -> Result<ReponseServices, ErreurEntree> {
    e.agent.valider("/agent")?;
    crate::carriere::valider_date(e.jusqu_au, "/jusqu_au")?;
    valider_perimetre(&e.perimetre)?;
    Ok(decompter(&e.agent, e.jusqu_au, &e.perimetre.en_critere()))
}
