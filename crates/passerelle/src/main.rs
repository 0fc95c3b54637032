//! Le binaire `passerelle` : commandes du moteur (JSON sur l'entrée standard), serveur HTTP,
//! démonstration, import CSV.
//!
//! Pour ajouter une sous-commande : un module avec sa structure d'arguments (`clap::Args`) et
//! sa fonction `lancer`, une variante de [`cli::Commande`], une ligne dans `main`.

mod cli;
mod demo;
mod generation;
mod import;
mod journal;
mod moteur;
mod serveur;
mod utilisateur;

use std::process::ExitCode;

use clap::FromArgMatches;

/// Allocateur de mémoire du binaire : mimalloc (chaque fil alloue dans ses propres pages),
/// qui remplace aussi `malloc` pour SQLite. Avec l'allocateur du système (glibc), une
/// réponse expliquée coûtait 4,6 fois plus de processeur, et d'autant plus que la
/// population en mémoire était grande : 16 % de plus de 250 000 à 1,96 million d'agents,
/// contre 3 % avec mimalloc. Comparaison : fonctionnalité `allocateur-systeme`, voir
/// docs/benchmarks.md.
#[cfg(not(feature = "allocateur-systeme"))]
#[global_allocator]
static ALLOCATEUR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let arguments = match cli::commande()
        .try_get_matches()
        .and_then(|m| cli::Cli::from_arg_matches(&m))
    {
        Ok(a) => a,
        Err(e) => return cli::erreur_arguments(e),
    };
    match arguments.commande {
        cli::Commande::Moteur(args) => moteur::lancer(&args),
        cli::Commande::Schemas(args) => moteur::schemas(&args),
        cli::Commande::Generer(args) => generation::generer(&args),
        cli::Commande::Bench(args) => generation::bench(&args),
        cli::Commande::Serve(args) => executer_async(serveur::lancer(args)),
        cli::Commande::Demo(args) => executer_async(demo::lancer(args)),
        cli::Commande::Import(args) => executer_async(import::lancer(args)),
        cli::Commande::Utilisateur(args) => executer_async(utilisateur::lancer(args)),
        cli::Commande::Journal(args) => executer_async(journal::lancer(args)),
    }
}

/// Exécute une commande asynchrone (serveur, base de données) ; journal sur la sortie
/// d'erreur.
fn executer_async(f: impl Future<Output = anyhow::Result<ExitCode>>) -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("Erreur : impossible de démarrer l'exécution asynchrone ({e}).");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(f) {
        Ok(code) => code,
        Err(e) => {
            // Une erreur de la base est dite en français, sans le texte brut du pilote (il
            // reste lisible avec RUST_LOG=debug).
            match e.downcast_ref::<store::ErreurStockage>() {
                Some(s) => {
                    tracing::debug!("erreur de la base : {s}");
                    eprintln!("Erreur : {}.", s.message_public());
                }
                None => eprintln!("Erreur : {e:#}"),
            }
            ExitCode::FAILURE
        }
    }
}
