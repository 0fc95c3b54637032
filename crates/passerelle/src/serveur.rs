//! `passerelle serve` : le serveur HTTP sur une base SQLite ou PostgreSQL.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use store::Store;

/// Base par défaut (SQLite, sous ./data).
pub const BASE_PAR_DEFAUT: &str = "sqlite:data/passerelle.sqlite";

/// Feuille de style installée par `npm ci` (bibliothèque CSS sans classes).
const FEUILLE_NPM: &str = "node_modules/@picocss/pico/css/pico.classless.min.css";

/// Options communes au serveur et à la démonstration.
#[derive(Debug, Clone, clap::Args)]
pub struct OptionsServeur {
    /// Adresse d'écoute.
    #[arg(
        long = "adresse",
        value_name = "IP:PORT",
        default_value = "127.0.0.1:8080"
    )]
    pub adresse: SocketAddr,
    /// Année proposée par défaut dans les pages (par défaut : l'année en cours).
    #[arg(long = "annee", value_name = "AAAA", value_parser = clap::value_parser!(i32).range(1950..=2100))]
    pub annee: Option<i32>,
    /// Feuille de style à servir (par défaut : celle installée par npm, si elle existe).
    #[arg(long = "feuille-de-style", value_name = "FICHIER")]
    pub feuille_de_style: Option<PathBuf>,
}

/// Arguments de `passerelle serve`.
#[derive(Debug, clap::Args)]
pub struct ArgsServe {
    /// Base de données : sqlite:chemin ou postgres://utilisateur@hôte:port/base.
    #[arg(long = "database-url", value_name = "URL", default_value = BASE_PAR_DEFAUT)]
    pub database_url: String,
    #[command(flatten)]
    pub options: OptionsServeur,
}

/// Crée le dossier d'une base SQLite si besoin, puis ouvre et migre la base.
pub async fn ouvrir_base(url: &str) -> anyhow::Result<Store> {
    if let Some(chemin) = url.strip_prefix("sqlite:") {
        let chemin = chemin.trim_start_matches("//");
        let chemin = chemin.split('?').next().unwrap_or(chemin);
        if let Some(parent) = std::path::Path::new(chemin).parent()
            && !parent.as_os_str().is_empty()
        {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("création du dossier {}", parent.display()))?;
        }
    }
    Store::ouvrir(url)
        .await
        .with_context(|| format!("ouverture de la base {url}"))
}

/// L'année en cours : le binaire lit l'horloge une fois, au démarrage, pour proposer une
/// année par défaut ; le moteur de règles, lui, la reçoit toujours en paramètre.
#[allow(clippy::disallowed_methods)]
fn annee_en_cours() -> i32 {
    i32::from(jiff::Zoned::now().year())
}

/// Démarre le serveur sur une base ouverte.
pub async fn servir(store: Store, options: OptionsServeur) -> anyhow::Result<ExitCode> {
    let feuille = options
        .feuille_de_style
        .or_else(|| Some(PathBuf::from(FEUILLE_NPM)))
        .filter(|p| p.is_file());
    if feuille.is_none() {
        tracing::warn!(
            "feuille de style absente ({FEUILLE_NPM}) : pages sans mise en forme (lancez « npm ci » pour l'installer)"
        );
    }
    let etat = web::Etat {
        store,
        annee_par_defaut: options.annee.unwrap_or_else(annee_en_cours),
        feuille_de_style: feuille,
    };
    web::servir(etat, options.adresse, |adresse| {
        println!("Passerelle est prête : http://{adresse}/");
        println!("API : http://{adresse}/api/v1/openapi.json — arrêt : Ctrl+C");
    })
    .await
    .with_context(|| format!("écoute sur {}", options.adresse))?;
    Ok(ExitCode::SUCCESS)
}

/// `passerelle serve`
pub async fn lancer(args: ArgsServe) -> anyhow::Result<ExitCode> {
    let store = ouvrir_base(&args.database_url).await?;
    tracing::info!("base {} ouverte", store.moteur());
    servir(store, args.options).await
}
