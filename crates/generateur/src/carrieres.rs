//! Carrières fictives mais vraisemblables : entrée par concours ou par contrat puis
//! titularisation, stage, avancements de grade, promotion interne passée, temps partiel,
//! temps non complet, congés parentaux, disponibilités, détachements sur emploi fonctionnel,
//! formations.
//!
//! Les proportions sont des ordres de grandeur de la fonction publique territoriale (ticket,
//! issue 7 : environ 75 % de catégorie C, 14 % de B, 11 % de A) ; ce ne sont pas des règles
//! de droit et aucune décision n'en dépend.

use std::sync::OnceLock;

use droit::carriere::{
    Agent, Emploi, EmploiCode, FormationSuivie, MotifDisponibilite, Periode, Position, Statut,
    TypeFormation, Versant,
};
use droit::catalogue::{CadreEmplois, Catalogue, Categorie};
use droit::date::{Jour, date, jour};
use jiff::civil::Date;

use crate::alea::{Alea, FLUX_AGENTS};
use crate::collectivites::Employeurs;
use crate::{AgentGenere, CollectiviteGeneree, TypeCollectivite, noms};

const AN: i32 = 365;

/// Durée hebdomadaire d'un temps complet (décret 2001-623) et seuil du mi-temps, sous lequel
/// les services à temps non complet ne comptent qu'au prorata (décret 91-298 art. 13 ;
/// regles-juridiques.md, 17 h 30 marqué R/D).
const TEMPS_COMPLET_HEURES: f64 = 35.0;
const MI_TEMPS_HEURES: f64 = 17.5;

/// Cadres d'emplois tirés pour chaque catégorie, avec leur poids relatif.
const CADRES_C: &[(&str, u32)] = &[
    ("adjoints_techniques_territoriaux", 450),
    ("adjoints_administratifs_territoriaux", 240),
    ("adjoints_techniques_etablissements_enseignement", 80),
    ("adjoints_animation", 90),
    ("agents_de_maitrise_territoriaux", 60),
    ("agents_de_police_municipale", 40),
    ("adjoints_du_patrimoine", 25),
    ("operateurs_aps", 10),
    ("gardes_champetres", 5),
];
const CADRES_B: &[(&str, u32)] = &[
    ("redacteurs_territoriaux", 350),
    ("techniciens_territoriaux", 250),
    ("animateurs", 110),
    ("assistants_enseignement_artistique", 100),
    ("educateurs_aps", 70),
    ("assistants_de_conservation", 60),
    ("chefs_de_service_de_police_municipale", 60),
];
const CADRES_A: &[(&str, u32)] = &[
    ("attaches_territoriaux", 380),
    ("ingenieurs_territoriaux", 190),
    ("assistants_socio_educatifs", 150),
    ("professeurs_enseignement_artistique", 45),
    ("conseillers_socio_educatifs", 30),
    ("ingenieurs_en_chef_territoriaux", 30),
    ("bibliothecaires", 25),
    ("administrateurs_territoriaux", 20),
    ("attaches_de_conservation_du_patrimoine", 20),
    ("directeurs_etablissements_enseignement_artistique", 10),
    ("directeurs_de_police_municipale", 10),
    ("conseillers_aps", 10),
    ("conservateurs_du_patrimoine", 5),
    ("conservateurs_de_bibliotheques", 5),
];

/// Cadre d'origine d'une promotion interne passée (même filière, niveau inférieur ;
/// seed 002 §I.B pour les cibles usuelles).
const ORIGINES_PI: &[(&str, &str)] = &[
    (
        "agents_de_maitrise_territoriaux",
        "adjoints_techniques_territoriaux",
    ),
    (
        "redacteurs_territoriaux",
        "adjoints_administratifs_territoriaux",
    ),
    (
        "techniciens_territoriaux",
        "adjoints_techniques_territoriaux",
    ),
    ("animateurs", "adjoints_animation"),
    ("educateurs_aps", "operateurs_aps"),
    ("assistants_de_conservation", "adjoints_du_patrimoine"),
    (
        "chefs_de_service_de_police_municipale",
        "agents_de_police_municipale",
    ),
    ("attaches_territoriaux", "redacteurs_territoriaux"),
    ("ingenieurs_territoriaux", "techniciens_territoriaux"),
    ("bibliothecaires", "assistants_de_conservation"),
    (
        "attaches_de_conservation_du_patrimoine",
        "assistants_de_conservation",
    ),
    (
        "directeurs_de_police_municipale",
        "chefs_de_service_de_police_municipale",
    ),
    ("conseillers_aps", "educateurs_aps"),
    ("conseillers_socio_educatifs", "assistants_socio_educatifs"),
    (
        "professeurs_enseignement_artistique",
        "assistants_enseignement_artistique",
    ),
    ("administrateurs_territoriaux", "attaches_territoriaux"),
    ("ingenieurs_en_chef_territoriaux", "ingenieurs_territoriaux"),
];

/// Strates démographiques de surclassement.
const STRATES: &[u32] = &[2_000, 10_000, 20_000, 40_000, 80_000, 150_000, 400_000];

struct Tables {
    c: Vec<(usize, u32)>,
    b: Vec<(usize, u32)>,
    a: Vec<(usize, u32)>,
    /// Indice (dans le catalogue) du cadre d'origine de chaque cadre, s'il y en a un.
    origine: Vec<Option<usize>>,
}

fn indice(cat: &Catalogue, code: &str) -> usize {
    cat.cadres
        .iter()
        .position(|c| c.code == code)
        .unwrap_or_else(|| panic!("cadre d'emplois absent du catalogue : {code}"))
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let cat = Catalogue::get();
        let conv = |l: &[(&str, u32)]| l.iter().map(|&(c, p)| (indice(cat, c), p)).collect();
        let mut origine = vec![None; cat.cadres.len()];
        for &(cible, source) in ORIGINES_PI {
            origine[indice(cat, cible)] = Some(indice(cat, source));
        }
        Tables {
            c: conv(CADRES_C),
            b: conv(CADRES_B),
            a: conv(CADRES_A),
            origine,
        }
    })
}

fn cadre(i: usize) -> &'static CadreEmplois {
    &Catalogue::get().cadres[i]
}

fn code_cadre(i: usize) -> &'static str {
    &cadre(i).code
}

/// Choix du cadre d'emplois selon la catégorie et l'employeur.
fn tirer_cadre(a: &mut Alea, employeur: &CollectiviteGeneree) -> usize {
    let t = tables();
    let cat = Catalogue::get();
    let categorie = a.choix(&[(Categorie::C, 75), (Categorie::B, 14), (Categorie::A, 11)]);
    let ty = employeur.type_collectivite;
    // Départements et régions : agents des collèges et des lycées.
    if categorie == Categorie::C
        && matches!(ty, TypeCollectivite::Departement | TypeCollectivite::Region)
        && a.proba(0.4)
    {
        return indice(cat, "adjoints_techniques_etablissements_enseignement");
    }
    // CCAS : travail social.
    if ty == TypeCollectivite::Ccas && categorie == Categorie::A && a.proba(0.6) {
        return indice(cat, "assistants_socio_educatifs");
    }
    let mut i = match categorie {
        Categorie::C => a.choix(&t.c),
        Categorie::B => a.choix(&t.b),
        Categorie::A => a.choix(&t.a),
    };
    // La police municipale n'existe que dans les communes et leurs groupements.
    if cadre(i).filiere == "police_municipale"
        && !matches!(ty, TypeCollectivite::Commune | TypeCollectivite::Epci)
    {
        i = match categorie {
            Categorie::C => indice(cat, "adjoints_techniques_territoriaux"),
            Categorie::B => indice(cat, "redacteurs_territoriaux"),
            Categorie::A => indice(cat, "attaches_territoriaux"),
        };
    }
    i
}

/// Suite de périodes contiguës jusqu'à la date de situation.
struct Fil {
    periodes: Vec<Periode>,
    t: Jour,
    situation: Jour,
    ouvert: bool,
}

impl Fil {
    /// Ajoute une période de `jours` jours à partir de la date courante ; si elle atteint
    /// la date de situation, elle reste en cours (sans fin) et le fil s'arrête.
    fn segment(&mut self, jours: i32, mut p: Periode) {
        if self.ouvert {
            return;
        }
        let jours = jours.max(1);
        p.debut = date(self.t);
        let fin = self.t + jours - 1;
        if fin >= self.situation {
            p.fin = None;
            self.ouvert = true;
        } else {
            p.fin = Some(date(fin));
            self.t = fin + 1;
        }
        self.periodes.push(p);
    }
}

fn periode(versant: Versant, statut: Statut, grade: Option<String>) -> Periode {
    Periode {
        debut: date(0),
        fin: None,
        versant,
        statut,
        grade,
        position: Position::Activite,
        motif_disponibilite: None,
        quotite: None,
        heures_hebdomadaires: None,
        emploi: None,
        fonctions: Vec::new(),
        conge_parental_octroye_le: None,
    }
}

/// Contexte commun d'une carrière.
struct Contexte<'a> {
    employeur: &'a CollectiviteGeneree,
    /// Durée hebdomadaire d'un emploi à temps non complet, s'il y a lieu.
    heures_tnc: Option<f64>,
    naissance: Jour,
    formations: Vec<FormationSuivie>,
}

impl Contexte<'_> {
    fn formation(&mut self, s: Jour, type_formation: TypeFormation, le: Jour, jours: i32) {
        if le < s {
            self.formations.push(FormationSuivie {
                type_formation,
                date: date(le),
                jours: f64::from(jours),
            });
        }
    }
}

/// Emploi fonctionnel sur lequel l'agent pourrait être détaché (décret 87-1101 art. 1er :
/// seuils démographiques des emplois de direction ; seuils retenus ici à titre indicatif).
fn emploi_fonctionnel(
    a: &mut Alea,
    cadre_code: &str,
    rang: usize,
    employeur: &CollectiviteGeneree,
) -> Option<EmploiCode> {
    let pop = employeur.population;
    let ingenieur = matches!(
        cadre_code,
        "ingenieurs_territoriaux" | "ingenieurs_en_chef_territoriaux"
    );
    let admin = matches!(
        cadre_code,
        "attaches_territoriaux" | "administrateurs_territoriaux"
    );
    let a_plus = matches!(
        cadre_code,
        "administrateurs_territoriaux" | "ingenieurs_en_chef_territoriaux"
    );
    if !(a_plus || ((ingenieur || admin) && rang >= 1)) {
        return None;
    }
    match employeur.type_collectivite {
        TypeCollectivite::Commune if pop >= 2_000 => Some(if ingenieur && pop >= 10_000 {
            EmploiCode::DstCommune
        } else if pop >= 10_000 && a.proba(0.5) {
            EmploiCode::DgaCommune
        } else {
            EmploiCode::DgsCommune
        }),
        TypeCollectivite::Epci if pop >= 10_000 => Some(if ingenieur {
            EmploiCode::DgstEpci
        } else if a.proba(0.4) {
            EmploiCode::DgaEtablissementAssimile
        } else {
            EmploiCode::DgsEtablissementAssimile
        }),
        TypeCollectivite::Sdis if a_plus && ingenieur => Some(EmploiCode::DirecteurAdjointSdis),
        _ => None,
    }
}

/// Carrière de fonctionnaire dans un cadre, de la date courante à `fin_phase` (exclue) :
/// stage d'un an puis titularisation, avancements, et événements de carrière.
/// Renvoie le rang atteint.
fn phase_fonctionnaire(
    a: &mut Alea,
    fil: &mut Fil,
    ctx: &mut Contexte,
    ic: usize,
    fin_phase: Jour,
) -> usize {
    let c = cadre(ic);
    let max_rang = c.grades.len() - 1;
    let grade = |r: usize| Some(c.grades[r].code.clone());
    let filiere_police = c.filiere == "police_municipale";
    let cat_c = c.categorie == Categorie::C;
    let debut_phase = fil.t;

    // Formations : de professionnalisation au premier emploi dans les deux ans, puis tout
    // au long de la carrière par périodes de cinq ans (décret 2008-512 art. 1er et 15) ;
    // formation continue obligatoire des policiers municipaux.
    if a.proba(0.85) {
        let jours = if cat_c {
            a.entre(3, 10)
        } else {
            a.entre(5, 10)
        };
        let le = debut_phase + a.entre(30, 700);
        if le < fin_phase {
            ctx.formation(fil.situation, TypeFormation::Fppe, le, jours);
        }
    }
    let mut k = 1;
    while debut_phase + k * 5 * AN < fin_phase.min(fil.situation) {
        let fin_periode = debut_phase + k * 5 * AN;
        if a.proba(0.7) {
            let jours = a.entre(2, 10);
            let le = fin_periode - a.entre(30, 1_500);
            ctx.formation(fil.situation, TypeFormation::Fptlc, le, jours);
        }
        if filiere_police && a.proba(0.8) {
            let le = fin_periode - a.entre(30, 1_500);
            ctx.formation(fil.situation, TypeFormation::PoliceContinue, le, 10);
        }
        k += 1;
    }

    // Stage d'un an au grade de base (durée usuelle des statuts particuliers).
    let mut p = periode(Versant::Territoriale, Statut::Stagiaire, grade(0));
    p.heures_hebdomadaires = ctx.heures_tnc;
    fil.segment(AN.min(fin_phase - fil.t), p);

    // Avancement de grade tous les `pas` jours.
    let pas = a.entre(4 * AN, 10 * AN);
    let mut rang = 0;
    while !fil.ouvert && fil.t < fin_phase {
        rang = (((fil.t - debut_phase) / pas) as usize).min(max_rang);
        let prochain = if rang < max_rang {
            debut_phase + (rang as i32 + 1) * pas
        } else {
            i32::MAX / 2
        };
        let limite = prochain.min(fin_phase);
        let reste = limite - fil.t;
        let titulaire = |r: usize| {
            let mut p = periode(Versant::Territoriale, Statut::Titulaire, grade(r));
            p.heures_hebdomadaires = ctx.heures_tnc;
            p
        };
        if reste > AN && a.proba(0.3) {
            // Un événement dans l'intervalle, précédé d'activité.
            let avant = a.entre(0, reste - 180);
            if avant > 0 {
                fil.segment(avant, titulaire(rang));
            }
            if fil.ouvert {
                break;
            }
            let reste = limite - fil.t;
            let age = (fil.t - ctx.naissance) / AN;
            let fonctionnel = emploi_fonctionnel(a, &c.code, rang, ctx.employeur);
            let evenement = a.choix(&[
                (0u8, if ctx.heures_tnc.is_none() { 40 } else { 0 }),
                (1, if age < 45 { 12 } else { 0 }),
                (2, 18),
                (3, if fonctionnel.is_some() { 60 } else { 0 }),
            ]);
            let mut p = titulaire(rang);
            let duree = match evenement {
                0 => {
                    // Temps partiel.
                    p.quotite = Some(f64::from(a.choix(&[
                        (50, 10),
                        (60, 10),
                        (70, 5),
                        (80, 55),
                        (90, 20),
                    ])));
                    a.entre(AN, 4 * AN)
                }
                1 => {
                    p.position = Position::CongeParental;
                    p.heures_hebdomadaires = None;
                    a.entre(180, 3 * AN)
                }
                2 => {
                    p.position = Position::Disponibilite;
                    p.heures_hebdomadaires = None;
                    p.motif_disponibilite = Some(a.choix(&[
                        (MotifDisponibilite::ConvenancesPersonnelles, 45),
                        (MotifDisponibilite::EleverEnfant, 30),
                        (MotifDisponibilite::ActiviteProfessionnelle, 15),
                        (MotifDisponibilite::Autre, 10),
                    ]));
                    a.entre(AN, 5 * AN)
                }
                _ => {
                    // Détachement sur un emploi fonctionnel de l'employeur.
                    p.position = Position::Detachement;
                    p.heures_hebdomadaires = None;
                    let pop = ctx.employeur.population;
                    let surclassement = if a.proba(0.05) {
                        STRATES.iter().copied().find(|&s| s > pop)
                    } else {
                        None
                    };
                    p.emploi = Some(Emploi {
                        code: fonctionnel.unwrap_or(EmploiCode::Autre),
                        population: Some(pop),
                        surclassement,
                    });
                    if a.proba(0.6) {
                        let le = fil.t + a.entre(0, 180);
                        ctx.formation(fil.situation, TypeFormation::Fppr, le, a.entre(3, 10));
                    }
                    a.entre(2 * AN, 8 * AN)
                }
            };
            fil.segment(duree.min(reste), p);
        } else {
            fil.segment(reste, titulaire(rang));
        }
    }
    rang
}

/// Génère l'agent numéro `index` (déterministe pour la graine).
pub(crate) fn generer_agent(
    graine: u64,
    index: usize,
    employeurs: &Employeurs,
    situation: Date,
) -> AgentGenere {
    let mut a = Alea::derive(graine, FLUX_AGENTS, index as u64);
    let s = jour(situation);
    let ie = employeurs.tirer(a.unif());
    let employeur = &employeurs.liste[ie];
    let ic = tirer_cadre(&mut a, employeur);
    let c = cadre(ic);

    // Âge à la date de situation : 20 à 64 ans, plus souvent autour de 45 ans.
    let age = 20 + ((a.unif() + a.unif()) / 2.0 * 45.0) as i32;
    let naissance = s - age * AN - age / 4 - a.entre(1, 364);
    let (age_min, age_max) = match c.categorie {
        Categorie::A => (23, 35),
        Categorie::B => (20, 35),
        Categorie::C => (18, 45),
    };
    let age_entree = a.entre(age_min.min(age - 1), age_max.min(age - 1));
    let entree = (naissance + age_entree * AN + a.entre(0, 364)).min(s - 30);

    // Temps non complet : fréquent dans les petites communes, avec une part réelle sous le
    // mi-temps (17 h 30).
    let p_tnc = match (c.categorie, employeur.type_collectivite) {
        (Categorie::C, TypeCollectivite::Commune) if employeur.population < 2_000 => 0.35,
        (Categorie::C, _) => 0.06,
        (Categorie::B, _) => 0.03,
        (Categorie::A, _) => 0.01,
    };
    let heures_tnc = a.proba(p_tnc).then(|| {
        let demi_heures = if a.proba(0.35) {
            a.entre(8, (MI_TEMPS_HEURES * 2.0) as i32 - 1)
        } else {
            a.entre(
                (MI_TEMPS_HEURES * 2.0) as i32,
                (TEMPS_COMPLET_HEURES * 2.0) as i32 - 1,
            )
        };
        f64::from(demi_heures) / 2.0
    });

    let mut fil = Fil {
        periodes: Vec::with_capacity(6),
        t: entree,
        situation: s,
        ouvert: false,
    };
    let mut ctx = Contexte {
        employeur,
        heures_tnc,
        naissance,
        formations: Vec::new(),
    };

    // Expérience antérieure hors de la fonction publique territoriale.
    if age_entree <= 40 && a.proba(0.10) {
        let p = periode(Versant::HorsFonctionPublique, Statut::DroitPrive, None);
        fil.segment(a.entre(AN, 8 * AN), p);
    } else if a.proba(0.03) {
        let p = periode(Versant::Etat, Statut::Contractuel, None);
        fil.segment(a.entre(AN, 5 * AN), p);
    }

    let contrat = |statut: Statut, ctx: &Contexte| {
        let mut p = periode(Versant::Territoriale, statut, None);
        p.heures_hebdomadaires = ctx.heures_tnc;
        p.emploi = Some(Emploi {
            code: EmploiCode::ContratDroitPublic,
            population: Some(ctx.employeur.population),
            surclassement: None,
        });
        p
    };

    if a.proba(0.12) {
        // Agent contractuel : contrats à durée déterminée, puis CDI au-delà de six ans
        // (loi 2012-347 ; CGFP L.332-9).
        fil.segment(6 * AN, contrat(Statut::Contractuel, &ctx));
        let mut p = contrat(Statut::ContractuelCdi, &ctx);
        if ctx.heures_tnc.is_none() && a.proba(0.1) {
            p.quotite = Some(80.0);
        }
        fil.segment(i32::MAX / 4, p);
    } else {
        // Entrée par contrat puis titularisation, ou directement par concours.
        let p_contrat = match c.categorie {
            Categorie::C => 0.35,
            Categorie::B => 0.25,
            Categorie::A => 0.20,
        };
        if a.proba(p_contrat) {
            fil.segment(a.entre(180, 6 * AN), contrat(Statut::Contractuel, &ctx));
        }
        // Promotion interne passée : d'abord une carrière dans le cadre d'origine.
        let origine = tables().origine[ic];
        match origine {
            Some(io) if !fil.ouvert && s - fil.t > 14 * AN && a.proba(0.3) => {
                let fin_origine = fil.t + a.entre(8 * AN, (s - fil.t - 2 * AN).min(18 * AN));
                phase_fonctionnaire(&mut a, &mut fil, &mut ctx, io, fin_origine);
                phase_fonctionnaire(&mut a, &mut fil, &mut ctx, ic, i32::MAX / 2);
            }
            _ => {
                phase_fonctionnaire(&mut a, &mut fil, &mut ctx, ic, i32::MAX / 2);
            }
        }
    }
    debug_assert!(fil.ouvert, "{}", code_cadre(ic));

    let date_naissance = (!a.proba(0.02)).then(|| date(naissance));
    let mut formations = ctx.formations;
    formations.sort_by_key(|f| f.date);
    formations.shrink_to_fit();
    let mut periodes = fil.periodes;
    periodes.shrink_to_fit();
    AgentGenere {
        matricule: format!("M{:08}", index + 1),
        code_collectivite: employeur.code.clone(),
        nom: noms::nom(&mut a).to_owned(),
        prenom: noms::prenom(&mut a).to_owned(),
        agent: Agent {
            date_naissance,
            periodes,
            formations: Some(formations),
            dispenses: Vec::new(),
            postes_responsabilite: Vec::new(),
            examens: Vec::new(),
        },
    }
}
