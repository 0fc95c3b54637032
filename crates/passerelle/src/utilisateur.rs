//! `passerelle utilisateur ajouter | lister | desactiver | mot-de-passe` : les comptes.
//!
//! Le mot de passe est lu sur la première ligne de l'entrée standard, jamais sur la ligne de
//! commande (il resterait dans l'historique et la liste des processus) ; sur un terminal, il
//! est saisi sans écho.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use store::{Acteur, ErreurStockage, Role};

use crate::serveur::{BASE_PAR_DEFAUT, ouvrir_base};

/// Sous-commandes de `passerelle utilisateur`.
#[derive(Debug, clap::Subcommand)]
#[command(
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE"
)]
pub enum ArgsUtilisateur {
    /// Crée un compte ; mot de passe (12 caractères au moins) sur l'entrée standard.
    #[command(help_template = crate::cli::AIDE, next_help_heading = "Options")]
    Ajouter {
        /// Identifiant de connexion (minuscules, chiffres, . _ - @).
        #[arg(long = "identifiant", value_name = "ID")]
        identifiant: String,
        /// Rôle : administrateur, gestionnaire, collectivite ou commission.
        #[arg(long = "role", value_name = "ROLE", hide_possible_values = true, value_parser = ["administrateur", "gestionnaire", "collectivite", "commission"])]
        role: String,
        /// Code d'une collectivité du compte (rôle collectivite ; option répétable).
        #[arg(long = "collectivite", value_name = "CODE")]
        collectivites: Vec<String>,
        #[command(flatten)]
        base: ArgBase,
    },
    /// Liste les comptes.
    #[command(help_template = crate::cli::AIDE, next_help_heading = "Options")]
    Lister {
        #[command(flatten)]
        base: ArgBase,
    },
    /// Désactive un compte et ferme ses sessions.
    #[command(help_template = crate::cli::AIDE, next_help_heading = "Options")]
    Desactiver {
        #[arg(long = "identifiant", value_name = "ID")]
        identifiant: String,
        #[command(flatten)]
        base: ArgBase,
    },
    /// Change le mot de passe d'un compte (entrée standard), le réactive et ferme ses
    /// sessions.
    #[command(name = "mot-de-passe", help_template = crate::cli::AIDE, next_help_heading = "Options")]
    MotDePasse {
        #[arg(long = "identifiant", value_name = "ID")]
        identifiant: String,
        #[command(flatten)]
        base: ArgBase,
    },
}

/// L'adresse de la base (option, sinon `DATABASE_URL`, sinon la base par défaut).
#[derive(Debug, Clone, clap::Args)]
pub struct ArgBase {
    /// Base de données : sqlite:chemin ou postgres://utilisateur@hôte:port/base (à défaut :
    /// la variable DATABASE_URL, sinon sqlite:data/passerelle.sqlite).
    #[arg(long = "database-url", value_name = "URL", env = "DATABASE_URL", hide_env = true, hide_default_value = true, default_value = BASE_PAR_DEFAUT)]
    pub database_url: String,
}

/// Lit le mot de passe : sans écho sur un terminal, sinon la première ligne de l'entrée.
fn lire_mot_de_passe() -> anyhow::Result<String> {
    let entree = std::io::stdin();
    if entree.is_terminal() {
        let premier = rpassword::prompt_password("Mot de passe (12 caractères au moins) : ")?;
        let second = rpassword::prompt_password("Confirmez le mot de passe : ")?;
        if premier != second {
            anyhow::bail!("les deux saisies du mot de passe diffèrent");
        }
        return Ok(premier);
    }
    let mut ligne = String::new();
    entree.lock().read_line(&mut ligne)?;
    Ok(ligne.trim_end_matches(['\n', '\r']).to_owned())
}

fn acteur() -> Acteur {
    let qui = std::env::var("USER").unwrap_or_else(|_| "inconnu".to_owned());
    Acteur::systeme(&format!("ligne-de-commande({qui})"))
}

fn refus(e: ErreurStockage) -> anyhow::Result<ExitCode> {
    match e {
        ErreurStockage::Invalide(m) | ErreurStockage::Conflit(m) => {
            eprintln!("Refusé : {m}.");
            Ok(ExitCode::from(2))
        }
        autre => Err(autre.into()),
    }
}

/// `passerelle utilisateur …`
pub async fn lancer(args: ArgsUtilisateur) -> anyhow::Result<ExitCode> {
    match args {
        ArgsUtilisateur::Ajouter {
            identifiant,
            role,
            collectivites,
            base,
        } => {
            let role = Role::depuis_code(&role).expect("rôle filtré par clap");
            let mot_de_passe = lire_mot_de_passe()?;
            if let Err(e) = store::utilisateurs::valider_mot_de_passe(&mot_de_passe) {
                return refus(e);
            }
            let store = ouvrir_base(&base.database_url).await?;
            let r = store
                .ajouter_utilisateur(&acteur(), &identifiant, role, &collectivites, &mot_de_passe)
                .await;
            store.fermer().await;
            match r {
                Ok(u) => {
                    println!(
                        "Compte « {} » créé (rôle {}{}).",
                        u.identifiant,
                        u.role.code(),
                        if u.collectivites.is_empty() {
                            String::new()
                        } else {
                            format!(", collectivités : {}", u.collectivites.join(", "))
                        }
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refus(e),
            }
        }
        ArgsUtilisateur::Lister { base } => {
            let store = ouvrir_base(&base.database_url).await?;
            let liste = store.utilisateurs().await;
            store.fermer().await;
            let liste = liste?;
            if liste.is_empty() {
                println!(
                    "Aucun compte. Créez-en un : passerelle utilisateur ajouter --identifiant ID --role ROLE"
                );
            }
            for u in liste {
                println!(
                    "{}\t{}\t{}\t{}",
                    u.identifiant,
                    u.role.code(),
                    if u.actif { "actif" } else { "désactivé" },
                    u.collectivites.join(",")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        ArgsUtilisateur::Desactiver { identifiant, base } => {
            let store = ouvrir_base(&base.database_url).await?;
            let r = store.desactiver_utilisateur(&acteur(), &identifiant).await;
            store.fermer().await;
            match r {
                Ok(true) => {
                    println!("Compte « {identifiant} » désactivé ; ses sessions sont fermées.");
                    Ok(ExitCode::SUCCESS)
                }
                Ok(false) => {
                    eprintln!("Refusé : aucun compte « {identifiant} ».");
                    Ok(ExitCode::from(2))
                }
                Err(e) => refus(e),
            }
        }
        ArgsUtilisateur::MotDePasse { identifiant, base } => {
            let mot_de_passe = lire_mot_de_passe()?;
            if let Err(e) = store::utilisateurs::valider_mot_de_passe(&mot_de_passe) {
                return refus(e);
            }
            let store = ouvrir_base(&base.database_url).await?;
            let r = store
                .changer_mot_de_passe(&acteur(), &identifiant, &mot_de_passe)
                .await;
            store.fermer().await;
            match r {
                Ok(true) => {
                    println!(
                        "Mot de passe du compte « {identifiant} » changé ; ses sessions sont fermées."
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Ok(false) => {
                    eprintln!("Refusé : aucun compte « {identifiant} ».");
                    Ok(ExitCode::from(2))
                }
                Err(e) => refus(e),
            }
        }
    }
}
