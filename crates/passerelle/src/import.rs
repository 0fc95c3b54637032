//! `passerelle import` : fichiers CSV ou classeurs XLSX vers la base, en une transaction.

use std::path::PathBuf;
use std::process::ExitCode;

use store::import::{self, EchecImport};

use crate::serveur::{BASE_PAR_DEFAUT, ouvrir_base};

/// Arguments de `passerelle import`.
#[derive(Debug, clap::Args)]
pub struct ArgsImport {
    /// Fichiers CSV, classeurs XLSX ou dossiers (tous les *.csv et *.xlsx du dossier),
    /// reconnus à leur en-tête.
    #[arg(value_name = "FICHIERS", required = true)]
    pub chemins: Vec<PathBuf>,
    /// Base de données : sqlite:chemin ou postgres://utilisateur@hôte:port/base.
    #[arg(long = "database-url", value_name = "URL", env = "DATABASE_URL", hide_env = true, default_value = BASE_PAR_DEFAUT)]
    pub database_url: String,
}

/// `passerelle import`
pub async fn lancer(args: ArgsImport) -> anyhow::Result<ExitCode> {
    let fichiers = match import::lire_chemins(&args.chemins) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("Import refusé : {e}");
            return Ok(ExitCode::from(2));
        }
    };
    // Ce qui est lu des classeurs XLSX : les feuilles nommées d'après une sorte de fichier,
    // sinon la première (docs/format-import.md, « Classeurs XLSX »).
    let feuilles = import::feuilles_lues(&fichiers);
    if !feuilles.is_empty() {
        eprintln!("Feuilles lues : {}.", feuilles.join(" ; "));
    }
    let store = ouvrir_base(&args.database_url).await?;
    let mut progression = |fait: usize, total: usize| {
        eprint!("\rAgents traités : {fait} / {total}");
        if fait == total {
            eprintln!();
        }
    };
    let qui = std::env::var("USER").unwrap_or_else(|_| "inconnu".to_owned());
    let acteur = store::Acteur::systeme(&format!("import({qui})"));
    let resultat = import::importer(&store, &fichiers, &acteur, &mut progression).await;
    store.fermer().await;
    match resultat {
        Ok(bilan) => {
            println!(
                "Import terminé : collectivités {} créées, {} modifiées, {} inchangées ; \
                 agents {} créés, {} modifiés, {} inchangés.",
                bilan.collectivites.creees,
                bilan.collectivites.modifiees,
                bilan.collectivites.inchangees,
                bilan.agents.creees,
                bilan.agents.modifiees,
                bilan.agents.inchangees
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(EchecImport::Fichier(e)) => {
            eprintln!("Import refusé : {e}\nAucune donnée n'a été importée.");
            Ok(ExitCode::from(2))
        }
        Err(e @ EchecImport::BaseOccupee) => {
            eprintln!("Import interrompu : {e}.\nAucune donnée n'a été importée.");
            Ok(ExitCode::FAILURE)
        }
        Err(EchecImport::Stockage(e)) => {
            tracing::debug!("import interrompu : {e}");
            eprintln!(
                "Import interrompu : {}.\nAucune donnée n'a été importée.",
                e.message_public()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
