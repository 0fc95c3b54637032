//! Population synthétique déterministe : collectivités et agents avec leurs carrières.
//!
//! [`generer`] construit la population en mémoire ; [`commande_generer`] l'écrit en flux au
//! format d'import (`docs/format-import.md`) ; [`bench_moteur`] mesure le moteur
//! d'éligibilité sur une population en mémoire. Même graine, mêmes paramètres : mêmes
//! fichiers, octet pour octet, quel que soit le nombre de cœurs.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use droit::carriere::Agent;
use jiff::civil::Date;
use rayon::prelude::*;

pub mod alea;
mod bench;
mod carrieres;
mod collectivites;
pub mod ecriture;
mod noms;

pub use bench::{
    Demande, Evaluation, MesureMoteur, RapportMoteur, bench_moteur, bench_moteur_avec,
    commande_bench_moteur, eligibles_premiere_voie, memoire_pointe_kio, mesurer, temps_cpu_s,
    verifier_lot,
};
pub use collectivites::{EMPLOYEURS_PAR_MILLION_AGENTS, nombre_par_defaut};

/// Nature d'un employeur territorial (codes du format d'import).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeCollectivite {
    Commune,
    Epci,
    Departement,
    Region,
    Ccas,
    Sdis,
    Oph,
    Cdg,
    AutreEtablissement,
}

impl TypeCollectivite {
    pub fn code(self) -> &'static str {
        match self {
            TypeCollectivite::Commune => "commune",
            TypeCollectivite::Epci => "epci",
            TypeCollectivite::Departement => "departement",
            TypeCollectivite::Region => "region",
            TypeCollectivite::Ccas => "ccas",
            TypeCollectivite::Sdis => "sdis",
            TypeCollectivite::Oph => "oph",
            TypeCollectivite::Cdg => "cdg",
            TypeCollectivite::AutreEtablissement => "autre_etablissement",
        }
    }
}

#[derive(Debug, Clone)]
pub struct CollectiviteGeneree {
    pub code: String,
    pub nom: String,
    pub type_collectivite: TypeCollectivite,
    /// Habitants (logements pour un OPH).
    pub population: u32,
    pub affiliee: bool,
}

#[derive(Debug, Clone)]
pub struct AgentGenere {
    pub matricule: String,
    pub code_collectivite: String,
    pub nom: String,
    pub prenom: String,
    pub agent: Agent,
}

#[derive(Debug, Clone, Default)]
pub struct Population {
    pub collectivites: Vec<CollectiviteGeneree>,
    pub agents: Vec<AgentGenere>,
}

/// Date de situation par défaut : les carrières vont jusqu'au 1er janvier 2026 (période en
/// cours sans date de fin). C'est une constante, jamais l'horloge.
pub const DATE_SITUATION_PAR_DEFAUT: Date = jiff::civil::date(2026, 1, 1);

/// Paramètres de génération.
#[derive(Debug, Clone)]
pub struct Parametres {
    pub agents: usize,
    pub graine: u64,
    /// Nombre de collectivités ; par défaut, déduit du nombre d'agents (environ 46 000
    /// employeurs pour 1,96 million d'agents).
    pub collectivites: Option<usize>,
}

impl Parametres {
    /// `agents` agents, graine `graine`, nombre de collectivités par défaut.
    pub fn new(agents: usize, graine: u64) -> Self {
        Parametres {
            agents,
            graine,
            collectivites: None,
        }
    }

    fn nombre_collectivites(&self) -> usize {
        self.collectivites
            .unwrap_or_else(|| nombre_par_defaut(self.agents))
            .max(1)
    }
}

/// La date de situation doit être comprise entre 2016 et 2099 : les naissances et les
/// débuts de carrière restent ainsi dans les bornes du contrat (après 1950).
fn verifier_situation(date_situation: Date) -> Result<(), Erreur> {
    let annee = i32::from(date_situation.year());
    if !(2016..=2099).contains(&annee) {
        return Err(Erreur::Parametre(format!(
            "La date de situation doit être comprise entre 2016 et 2099 (reçu : {}).",
            droit::date::format_fr(date_situation)
        )));
    }
    Ok(())
}

/// Erreurs de la génération.
#[derive(Debug, thiserror::Error)]
pub enum Erreur {
    #[error("{0}")]
    Parametre(String),
    #[error("Écriture impossible dans « {chemin} » : {source}")]
    Ecriture {
        chemin: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Ce qui a été écrit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resume {
    pub collectivites: usize,
    pub agents: usize,
    pub periodes: usize,
    pub formations: usize,
    /// Taille totale des quatre fichiers, en octets.
    pub octets: u64,
    pub fichiers: Vec<PathBuf>,
}

impl std::fmt::Display for Resume {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} collectivités, {} agents, {} périodes, {} formations ; {} Mo écrits",
            milliers(self.collectivites as u64),
            milliers(self.agents as u64),
            milliers(self.periodes as u64),
            milliers(self.formations as u64),
            format!("{:.1}", self.octets as f64 / 1e6).replace('.', ",")
        )
    }
}

/// Agents générés par lot (en parallèle dans un lot, lots écrits dans l'ordre).
const TAILLE_LOT: usize = 32_768;

/// Génère une population (déterministe pour une graine donnée), carrières décrites au
/// [`DATE_SITUATION_PAR_DEFAUT`].
pub fn generer(p: &Parametres) -> Population {
    generer_avec_progression(p, |_, _| {})
}

/// Comme [`generer`], en signalant l'avancement `(agents générés, total)` après chaque lot.
pub fn generer_avec_progression(
    p: &Parametres,
    progression: impl FnMut(usize, usize),
) -> Population {
    generer_au(p, DATE_SITUATION_PAR_DEFAUT, progression)
        .expect("date de situation par défaut dans les bornes")
}

/// Comme [`generer_avec_progression`], carrières décrites jusqu'à `date_situation` (la
/// dernière période de chaque agent est en cours à cette date).
pub fn generer_au(
    p: &Parametres,
    date_situation: Date,
    mut progression: impl FnMut(usize, usize),
) -> Result<Population, Erreur> {
    verifier_situation(date_situation)?;
    let employeurs = collectivites::generer(p.graine, p.nombre_collectivites(), p.agents);
    let mut agents = Vec::with_capacity(p.agents);
    for debut in (0..p.agents).step_by(TAILLE_LOT) {
        let fin = (debut + TAILLE_LOT).min(p.agents);
        agents.par_extend(
            (debut..fin)
                .into_par_iter()
                .map(|i| carrieres::generer_agent(p.graine, i, &employeurs, date_situation)),
        );
        progression(fin, p.agents);
    }
    Ok(Population {
        collectivites: employeurs.liste,
        agents,
    })
}

struct Sortie {
    chemin: PathBuf,
    w: BufWriter<File>,
    octets: u64,
}

impl Sortie {
    fn creer(dossier: &Path, nom: &str, entete: &str) -> Result<Self, Erreur> {
        let chemin = dossier.join(nom);
        let f = File::create(&chemin).map_err(|source| Erreur::Ecriture {
            chemin: chemin.clone(),
            source,
        })?;
        let mut s = Sortie {
            chemin,
            w: BufWriter::with_capacity(1 << 20, f),
            octets: 0,
        };
        s.ecrire(entete)?;
        s.ecrire("\n")?;
        Ok(s)
    }

    fn ecrire(&mut self, texte: &str) -> Result<(), Erreur> {
        self.octets += texte.len() as u64;
        self.w
            .write_all(texte.as_bytes())
            .map_err(|source| Erreur::Ecriture {
                chemin: self.chemin.clone(),
                source,
            })
    }

    fn fermer(mut self) -> Result<(PathBuf, u64), Erreur> {
        self.w.flush().map_err(|source| Erreur::Ecriture {
            chemin: self.chemin.clone(),
            source,
        })?;
        Ok((self.chemin, self.octets))
    }
}

/// `passerelle generer` : écrit `collectivites.csv`, `agents.csv`, `periodes.csv` et
/// `formations.csv` dans `sortie` (créé au besoin), en flux, lot par lot, sans garder la
/// population en mémoire. `progression(agents écrits, total)` est appelée après chaque lot.
pub fn commande_generer(
    agents: usize,
    graine: u64,
    sortie: &Path,
    progression: impl FnMut(usize, usize),
) -> Result<Resume, Erreur> {
    commande_generer_avec(
        &Parametres::new(agents, graine),
        DATE_SITUATION_PAR_DEFAUT,
        sortie,
        progression,
    )
}

/// Comme [`commande_generer`], avec tous les paramètres et la date de situation.
pub fn commande_generer_avec(
    p: &Parametres,
    date_situation: Date,
    sortie: &Path,
    mut progression: impl FnMut(usize, usize),
) -> Result<Resume, Erreur> {
    verifier_situation(date_situation)?;
    std::fs::create_dir_all(sortie).map_err(|source| Erreur::Ecriture {
        chemin: sortie.to_path_buf(),
        source,
    })?;
    let employeurs = collectivites::generer(p.graine, p.nombre_collectivites(), p.agents);
    let mut resume = Resume {
        collectivites: employeurs.liste.len(),
        ..Resume::default()
    };

    let mut fc = Sortie::creer(sortie, "collectivites.csv", ecriture::ENTETE_COLLECTIVITES)?;
    let mut tampon = String::with_capacity(1 << 16);
    for c in &employeurs.liste {
        ecriture::ligne_collectivite(&mut tampon, c);
        if tampon.len() > 1 << 15 {
            fc.ecrire(&tampon)?;
            tampon.clear();
        }
    }
    fc.ecrire(&tampon)?;

    let mut fa = Sortie::creer(sortie, "agents.csv", ecriture::ENTETE_AGENTS)?;
    let mut fp = Sortie::creer(sortie, "periodes.csv", ecriture::ENTETE_PERIODES)?;
    let mut ff = Sortie::creer(sortie, "formations.csv", ecriture::ENTETE_FORMATIONS)?;
    // Chaque tâche génère et met en forme un bloc d'agents ; les blocs sont écrits dans
    // l'ordre des matricules.
    const BLOC: usize = 512;
    for debut in (0..p.agents).step_by(TAILLE_LOT) {
        let fin = (debut + TAILLE_LOT).min(p.agents);
        let blocs: Vec<([String; 3], usize, usize)> = (debut..fin)
            .step_by(BLOC)
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|b| {
                let mut t = [
                    String::with_capacity(BLOC * 64),
                    String::with_capacity(BLOC * 600),
                    String::with_capacity(BLOC * 160),
                ];
                let (mut np, mut nf) = (0, 0);
                for i in b..(b + BLOC).min(fin) {
                    let a = carrieres::generer_agent(p.graine, i, &employeurs, date_situation);
                    np += a.agent.periodes.len();
                    nf += a.agent.formations.as_ref().map_or(0, Vec::len);
                    ecriture::lignes_agent(&mut t, &a);
                }
                (t, np, nf)
            })
            .collect();
        for ([ta, tp, tf], np, nf) in blocs {
            fa.ecrire(&ta)?;
            fp.ecrire(&tp)?;
            ff.ecrire(&tf)?;
            resume.periodes += np;
            resume.formations += nf;
        }
        resume.agents = fin;
        progression(fin, p.agents);
    }
    for s in [fc, fa, fp, ff] {
        let (chemin, octets) = s.fermer()?;
        resume.octets += octets;
        resume.fichiers.push(chemin);
    }
    Ok(resume)
}

/// Progression affichée sur la sortie d'erreur (« 123 456 / 1 960 000 agents (6 %) »),
/// sur une seule ligne réécrite.
pub fn progression_terminal(quoi: &'static str) -> impl FnMut(usize, usize) {
    let mut dernier = usize::MAX;
    move |fait, total| {
        let pct = (fait * 100).checked_div(total).unwrap_or(100);
        if pct != dernier || fait == total {
            dernier = pct;
            eprint!(
                "\r{} / {} {quoi} ({pct} %)",
                milliers(fait as u64),
                milliers(total as u64)
            );
            if fait == total {
                eprintln!();
            }
        }
    }
}

/// Entier avec séparateur des milliers à la française (espace).
pub fn milliers(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliers_a_la_francaise() {
        // Typographie française : espace entre les groupes de trois chiffres.
        assert_eq!(milliers(0), "0");
        assert_eq!(milliers(999), "999");
        assert_eq!(milliers(1_000), "1 000");
        assert_eq!(milliers(1_960_000), "1 960 000");
    }

    #[test]
    fn resume_en_francais() {
        let r = Resume {
            collectivites: 46_000,
            agents: 1_960_000,
            periodes: 7_444_176,
            formations: 12,
            octets: 901_600_000,
            fichiers: Vec::new(),
        };
        assert_eq!(
            r.to_string(),
            "46 000 collectivités, 1 960 000 agents, 7 444 176 périodes, 12 formations ; 901,6 Mo écrits"
        );
    }
}
