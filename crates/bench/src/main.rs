//! `passerelle-bench` : mesures de charge, en attendant leur branchement dans le binaire
//! `passerelle` (sous-commandes `generer` et `bench`).
//!
//! - `passerelle-bench generer --agents N --graine S --sortie DOSSIER` : écrit la population
//!   au format d'import, comme `passerelle generer` ;
//! - `passerelle-bench moteur --agents N --graine S --annee A` : génère N agents en mémoire,
//!   puis évalue toutes les voies pour chacun, sur tous les cœurs.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::{Parser, Subcommand};
use generateur::{Parametres, milliers, progression_terminal};

#[derive(Parser)]
#[command(name = "passerelle-bench", about = "Mesures de charge de Passerelle")]
struct Cli {
    #[command(subcommand)]
    commande: Commande,
}

#[derive(Subcommand)]
enum Commande {
    /// Génère une population synthétique au format d'import (quatre fichiers CSV).
    Generer {
        /// Nombre d'agents.
        #[arg(long, default_value_t = 150_000)]
        agents: usize,
        /// Graine : même graine, mêmes fichiers.
        #[arg(long, default_value_t = 1)]
        graine: u64,
        /// Dossier de sortie (créé au besoin).
        #[arg(long)]
        sortie: PathBuf,
    },
    /// Évalue toutes les voies pour N agents générés en mémoire.
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
    },
    /// Écrit sur la sortie standard une demande `eligibilite` (contrat v1) pour un agent
    /// généré : parmi les `parmi` premiers agents, celui dont la carrière compte le plus de
    /// périodes (corps de requête réaliste et lourd pour les mesures HTTP).
    Corps {
        #[arg(long, default_value_t = 1)]
        graine: u64,
        #[arg(long, default_value_t = 2026)]
        annee: i32,
        #[arg(long, default_value_t = 1_000)]
        parmi: usize,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().commande {
        Commande::Generer {
            agents,
            graine,
            sortie,
        } => {
            let t = Instant::now();
            let r = generateur::commande_generer(
                agents,
                graine,
                &sortie,
                progression_terminal("agents écrits"),
            )
            .with_context(|| format!("génération dans {}", sortie.display()))?;
            let s = t.elapsed().as_secs_f64();
            println!(
                "{r} en {s:.2} s ({} agents/s) dans {}",
                milliers((r.agents as f64 / s) as u64),
                sortie.display()
            );
        }
        Commande::Moteur {
            agents,
            graine,
            annee,
            fils,
            verdicts,
        } => {
            if let Some(n) = fils {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
                    .context("pool de calcul")?;
            }
            println!(
                "{}",
                generateur::commande_bench_moteur(
                    agents,
                    graine,
                    annee,
                    if verdicts {
                        generateur::Evaluation::Verdicts
                    } else {
                        generateur::Evaluation::Complete
                    }
                )
            );
        }
        Commande::Corps {
            graine,
            annee,
            parmi,
        } => {
            let pop = generateur::generer(&Parametres::new(parmi.max(1), graine));
            let agent = pop
                .agents
                .into_iter()
                .max_by_key(|a| a.agent.periodes.len())
                .map(|a| a.agent)
                .context("aucun agent généré")?;
            let demande = droit::eligibilite::DemandeEligibilite {
                annee,
                cibles: None,
                agent,
            };
            println!("{}", serde_json::to_string(&demande)?);
        }
    }
    Ok(())
}
