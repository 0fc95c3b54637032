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
                "{} collectivités, {} agents, {} périodes, {} formations ; {:.1} Mo en {s:.2} s ({} agents/s) dans {}",
                milliers(r.collectivites as u64),
                milliers(r.agents as u64),
                milliers(r.periodes as u64),
                milliers(r.formations as u64),
                r.octets as f64 / 1e6,
                milliers((r.agents as f64 / s) as u64),
                sortie.display()
            );
        }
        Commande::Moteur {
            agents,
            graine,
            annee,
            fils,
        } => {
            if let Some(n) = fils {
                rayon::ThreadPoolBuilder::new()
                    .num_threads(n)
                    .build_global()
                    .context("pool de calcul")?;
            }
            let t = Instant::now();
            let cpu0 = generateur::temps_cpu_s();
            let pop = generateur::generer_avec_progression(
                &Parametres::new(agents, graine),
                progression_terminal("agents générés"),
            );
            let generation = t.elapsed().as_secs_f64();
            let cpu_generation = generateur::temps_cpu_s().zip(cpu0).map(|(f, d)| f - d);
            let agents: Vec<droit::carriere::Agent> =
                pop.agents.into_iter().map(|a| a.agent).collect();
            let memoire_population = generateur::memoire_pointe_kio();
            let m =
                generateur::bench_moteur(&agents, annee, progression_terminal("agents évalués"));
            let mo =
                |k: Option<u64>| k.map_or("inconnue".to_owned(), |k| format!("{} Mo", k / 1024));
            let cpu = |c: Option<f64>| c.map_or("inconnu".to_owned(), |c| format!("{c:.2} s"));
            println!(
                "génération : {} agents en {generation:.2} s (temps processeur : {})",
                milliers(m.agents as u64),
                cpu(cpu_generation)
            );
            println!(
                "moteur : {} agents évalués en {:.2} s sur {} fils (temps processeur : {}), soit {} agents/s ; {} résultats (cible × voie), {} agents promouvables",
                milliers(m.agents as u64),
                m.secondes,
                m.fils,
                cpu(m.cpu_secondes),
                milliers(m.agents_par_seconde as u64),
                milliers(m.voies as u64),
                milliers(m.agents_promouvables as u64),
            );
            println!(
                "mémoire de pointe (VmHWM) : {} après génération, {} en fin de mesure",
                mo(memoire_population),
                mo(m.memoire_pointe_kio)
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
