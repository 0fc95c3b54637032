//! `passerelle generer` et `passerelle bench` : population synthétique et mesures de charge.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use generateur::{Parametres, milliers, progression_terminal};

/// Arguments de `passerelle generer`.
#[derive(Debug, clap::Args)]
pub struct ArgsGenerer {
    /// Nombre d'agents.
    #[arg(long, default_value_t = 150_000)]
    pub agents: usize,
    /// Graine : même graine, mêmes fichiers, octet pour octet.
    #[arg(long, default_value_t = 1)]
    pub graine: u64,
    /// Dossier de sortie (créé au besoin) : quatre fichiers CSV au format d'import.
    #[arg(long, value_name = "DOSSIER")]
    pub sortie: PathBuf,
}

/// `passerelle generer`
pub fn generer(a: &ArgsGenerer) -> ExitCode {
    let t = Instant::now();
    match generateur::commande_generer(
        a.agents,
        a.graine,
        &a.sortie,
        progression_terminal("agents écrits"),
    ) {
        Ok(r) => {
            let s = t.elapsed().as_secs_f64();
            println!(
                "{r} en {s:.2} s ({} agents/s) dans {}",
                milliers((r.agents as f64 / s) as u64),
                a.sortie.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Génération impossible dans {} : {e}", a.sortie.display());
            ExitCode::FAILURE
        }
    }
}

/// Mesures de charge.
#[derive(Debug, clap::Subcommand)]
pub enum ArgsBench {
    /// Évalue toutes les voies pour N agents générés en mémoire, sur tous les cœurs ;
    /// rapporte agents par seconde et mémoire de pointe.
    Moteur {
        #[arg(long, default_value_t = 1_960_000)]
        agents: usize,
        #[arg(long, default_value_t = 1)]
        graine: u64,
        /// Année de la liste d'aptitude (conditions appréciées au 1er janvier).
        #[arg(long, default_value_t = 2026)]
        annee: i32,
        /// Fils de calcul (par défaut : un par cœur).
        #[arg(long)]
        fils: Option<usize>,
        /// Verdicts seuls, sans rédiger les explications (traitements de masse).
        #[arg(long)]
        verdicts: bool,
        /// Éligibilité de l'année seule, sans rédaction ni projection de la première année
        /// d'éligibilité (études nationales).
        #[arg(long, conflicts_with = "verdicts")]
        sans_projection: bool,
    },
    /// Écrit une demande `eligibilite` (contrat v1) pour l'agent généré dont la carrière
    /// compte le plus de périodes parmi les `parmi` premiers : corps de requête des mesures
    /// HTTP.
    Corps {
        #[arg(long, default_value_t = 1)]
        graine: u64,
        #[arg(long, default_value_t = 2026)]
        annee: i32,
        #[arg(long, default_value_t = 1_000)]
        parmi: usize,
    },
}

/// `passerelle bench …`
pub fn bench(a: &ArgsBench) -> ExitCode {
    match *a {
        ArgsBench::Moteur {
            agents,
            graine,
            annee,
            fils,
            verdicts,
            sans_projection,
        } => {
            if let Some(n) = fils
                && let Err(e) = rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
            {
                eprintln!("Impossible de créer {n} fils de calcul : {e}");
                return ExitCode::FAILURE;
            }
            let mode = if sans_projection {
                generateur::Evaluation::Eligibilites
            } else if verdicts {
                generateur::Evaluation::Verdicts
            } else {
                generateur::Evaluation::Complete
            };
            println!(
                "{}",
                generateur::commande_bench_moteur(agents, graine, annee, mode)
            );
            ExitCode::SUCCESS
        }
        ArgsBench::Corps {
            graine,
            annee,
            parmi,
        } => {
            let pop = generateur::generer(&Parametres::new(parmi.max(1), graine));
            let Some(agent) = pop
                .agents
                .into_iter()
                .max_by_key(|a| a.agent.periodes.len())
                .map(|a| a.agent)
            else {
                eprintln!("Aucun agent généré.");
                return ExitCode::FAILURE;
            };
            let demande = droit::eligibilite::DemandeEligibilite {
                annee,
                cibles: None,
                agent,
                cloture_inscriptions: None,
            };
            println!(
                "{}",
                serde_json::to_string(&demande).expect("demande sérialisable")
            );
            ExitCode::SUCCESS
        }
    }
}
