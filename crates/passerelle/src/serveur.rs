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
        env = "PASSERELLE_ADRESSE",
        hide_env = true,
        default_value = "127.0.0.1:8080"
    )]
    pub adresse: SocketAddr,
    /// Année proposée par défaut dans les pages (par défaut : l'année en cours).
    #[arg(long = "annee", value_name = "AAAA", env = "PASSERELLE_ANNEE", hide_env = true, value_parser = clap::value_parser!(i32).range(1950..=2100))]
    pub annee: Option<i32>,
    /// Nom d'hôte sous lequel le serveur est joint (en-tête Host, sans port ; option
    /// répétable). Par défaut : localhost, 127.0.0.1, [::1] et l'adresse d'écoute.
    #[arg(
        long = "hote",
        value_name = "NOM",
        env = "PASSERELLE_HOTES",
        hide_env = true,
        value_delimiter = ','
    )]
    pub hotes: Vec<String>,
    /// Servi en HTTPS par un mandataire (terminaison TLS en amont) : cookies Secure, HSTS.
    #[arg(long = "tls-amont", env = "PASSERELLE_TLS_AMONT", hide_env = true)]
    pub tls_amont: bool,
    /// Adresse IP d'un mandataire de confiance, dont l'en-tête X-Forwarded-For donne
    /// l'adresse du client (option répétable).
    #[arg(
        long = "mandataire",
        value_name = "IP",
        env = "PASSERELLE_MANDATAIRES",
        hide_env = true,
        value_delimiter = ','
    )]
    pub mandataires: Vec<std::net::IpAddr>,
    /// Connexions à la base (pool) ; par défaut 4 en SQLite, 8 en PostgreSQL.
    #[arg(long = "connexions-base", value_name = "N", env = "PASSERELLE_CONNEXIONS_BASE", hide_env = true, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub connexions_base: Option<u32>,
    /// Feuille de style à servir (par défaut : celle installée par npm, si elle existe).
    #[arg(long = "feuille-de-style", value_name = "FICHIER")]
    pub feuille_de_style: Option<PathBuf>,
    /// Identité du centre de gestion qui signe les documents édités (JSON : `emetteur` et
    /// `lignes_directrices`, voir docs/documents.md). Sans elle, le nom est lu dans la base
    /// et signataire et lieu sont laissés en blanc.
    #[arg(
        long = "centre-de-gestion",
        value_name = "FICHIER",
        env = "PASSERELLE_CENTRE_DE_GESTION",
        hide_env = true
    )]
    pub centre_de_gestion: Option<PathBuf>,
    /// Identité retenue quand `--centre-de-gestion` n'est pas donnée (la démonstration y met
    /// son centre de gestion fictif ; `passerelle serve` n'en a pas).
    #[arg(skip)]
    pub centre_de_gestion_par_defaut: Option<web::editions::CentreDeGestion>,
}

/// Arguments de `passerelle serve`.
#[derive(Debug, clap::Args)]
pub struct ArgsServe {
    /// Base de données : sqlite:chemin ou postgres://utilisateur@hôte:port/base.
    #[arg(long = "database-url", value_name = "URL", env = "DATABASE_URL", hide_env = true, default_value = BASE_PAR_DEFAUT)]
    pub database_url: String,
    #[command(flatten)]
    pub options: OptionsServeur,
}

/// Crée le dossier d'une base SQLite si besoin, puis ouvre et migre la base.
pub async fn ouvrir_base(url: &str) -> anyhow::Result<Store> {
    ouvrir(url, None, false).await
}

/// Comme [`ouvrir_base`], pour le serveur : taille du pool de connexions, cache de pages
/// SQLite réduit ([`Store::ouvrir_pour_serveur`]).
pub async fn ouvrir_base_avec(url: &str, connexions: Option<u32>) -> anyhow::Result<Store> {
    ouvrir(url, connexions, true).await
}

async fn ouvrir(url: &str, connexions: Option<u32>, serveur: bool) -> anyhow::Result<Store> {
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
    let store = if serveur {
        Store::ouvrir_pour_serveur(url, connexions).await
    } else {
        Store::ouvrir_avec(url, connexions).await
    };
    store
        .map_err(|e| {
            tracing::debug!("ouverture de la base : {e}");
            anyhow::anyhow!("{}", e.message_public())
        })
        .with_context(|| format!("ouverture de la base {}", sans_mot_de_passe(url)))
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
    let mut etat = web::Etat::new(store, options.annee.unwrap_or_else(annee_en_cours));
    etat.feuille_de_style = feuille;
    if let Some(chemin) = &options.centre_de_gestion {
        let texte = std::fs::read_to_string(chemin)
            .with_context(|| format!("lecture de {}", chemin.display()))?;
        etat.centre_de_gestion =
            Some(serde_json::from_str(&texte).with_context(|| {
                format!("identité du centre de gestion ({})", chemin.display())
            })?);
    } else {
        etat.centre_de_gestion = options.centre_de_gestion_par_defaut.clone();
    }
    etat.tls_amont = options.tls_amont;
    etat.mandataires = options.mandataires.clone();
    if options.hotes.is_empty() {
        if !options.adresse.ip().is_unspecified() {
            let ip = match options.adresse.ip() {
                std::net::IpAddr::V6(v6) => format!("[{v6}]"),
                v4 => v4.to_string(),
            };
            if !etat.hotes.contains(&ip) {
                etat.hotes.push(ip);
            }
        }
    } else {
        etat.hotes = options
            .hotes
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
    }
    web::servir(etat, options.adresse, |adresse| {
        println!("Passerelle est prête : http://{adresse}/");
        println!("API : http://{adresse}/api/v1/openapi.json — arrêt : Ctrl+C");
    })
    .await
    .with_context(|| format!("écoute sur {}", options.adresse))?;
    Ok(ExitCode::SUCCESS)
}

/// L'adresse d'une base sans son éventuel mot de passe (pour les messages).
pub fn sans_mot_de_passe(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(d), Some(a)) if a > d => {
            let identite = &url[d + 3..a];
            match identite.split_once(':') {
                Some((u, _)) => format!("{}{u}:***{}", &url[..d + 3], &url[a..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// `passerelle serve`
pub async fn lancer(args: ArgsServe) -> anyhow::Result<ExitCode> {
    let store = ouvrir_base_avec(&args.database_url, args.options.connexions_base).await?;
    tracing::info!("base {} ouverte", store.moteur());
    servir(store, args.options).await
}
