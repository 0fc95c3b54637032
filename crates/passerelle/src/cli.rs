//! Définition des sous-commandes (clap), aide et erreurs en français.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory, Parser, Subcommand};

/// Gabarit d'aide en français.
pub const AIDE: &str = "\
{before-help}{about-with-newline}
Utilisation : {usage}

{all-args}{after-help}";

const APRES_AIDE: &str = "\
Commandes du moteur (contrat v1) : un document JSON sur l'entrée standard, la réponse JSON
sur la sortie standard ; code de sortie 2 sur entrée invalide.
  passerelle eligibilite [--format json|texte] < demande.json
  passerelle services | formation | quota | liste-aptitude | intercommunal
  passerelle examen-dossier | examen-resultats | nomination

Exemples :
  passerelle demo
  passerelle generer --agents 150000 --graine 1 --sortie cdg150k/
  passerelle bench moteur --agents 1960000 --verdicts
  passerelle import donnees/ --database-url sqlite:data/passerelle.sqlite
  passerelle utilisateur ajouter --identifiant marie --role gestionnaire < mot-de-passe.txt
  passerelle journal verifier
  passerelle serve --database-url postgres://postgres@127.0.0.1:5432/passerelle

Variables d'environnement (une option donnée sur la ligne de commande l'emporte) :
  DATABASE_URL, PASSERELLE_ADRESSE, PASSERELLE_ANNEE, PASSERELLE_HOTES,
  PASSERELLE_TLS_AMONT, PASSERELLE_MANDATAIRES, PASSERELLE_CONNEXIONS_BASE";

#[derive(Debug, Parser)]
#[command(
    name = "passerelle",
    version,
    about = "Passerelle : la promotion interne de la fonction publique territoriale, de bout en bout.",
    help_template = AIDE,
    after_help = APRES_AIDE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE",
    next_help_heading = "Options"
)]
pub struct Cli {
    #[command(subcommand)]
    pub commande: Commande,
    /// Affiche cette aide.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    aide: Option<bool>,
    /// Affiche la version.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
pub enum Commande {
    /// Lance le serveur HTTP (API JSON, document OpenAPI, pages).
    #[command(help_template = AIDE, next_help_heading = "Options")]
    Serve(crate::serveur::ArgsServe),
    /// Démonstration : base SQLite sous ./data remplie d'un centre de gestion fictif, puis
    /// serveur sur 127.0.0.1:8080.
    #[command(help_template = AIDE, next_help_heading = "Options")]
    Demo(crate::demo::ArgsDemo),
    /// Importe des fichiers CSV ou des classeurs XLSX (collectivités, agents, périodes,
    /// formations, dispenses, postes à responsabilité, examens ; voir
    /// docs/format-import.md), en une transaction.
    #[command(help_template = AIDE, next_help_heading = "Options")]
    Import(crate::import::ArgsImport),
    /// Comptes : ajouter, lister, desactiver, mot-de-passe.
    #[command(subcommand, help_template = AIDE)]
    Utilisateur(crate::utilisateur::ArgsUtilisateur),
    /// Journal d'audit : verifier (chaîne intacte ?), tete (empreinte à conserver).
    #[command(subcommand, help_template = AIDE)]
    Journal(crate::journal::ArgsJournal),
    /// Écrit les schémas JSON d'entrée et de sortie des commandes du moteur.
    #[command(help_template = AIDE, next_help_heading = "Options")]
    Schemas(crate::moteur::ArgsSchemas),
    /// Génère une population synthétique déterministe au format d'import (quatre CSV).
    #[command(help_template = AIDE, next_help_heading = "Options")]
    Generer(crate::generation::ArgsGenerer),
    /// Mesures de charge : moteur sur N agents en mémoire, corps de requête HTTP.
    #[command(subcommand, help_template = AIDE)]
    Bench(crate::generation::ArgsBench),
    /// Commandes du moteur : eligibilite, services, formation, quota, liste-aptitude…
    #[command(external_subcommand)]
    Moteur(Vec<String>),
}

/// La ligne de commande, dont l'aide est entièrement en français : clap écrirait sinon
/// « [default: …] » et « [possible values: …] » après chaque option.
pub fn commande() -> Command {
    franciser(Cli::command())
}

/// Remplace, dans une commande et ses sous-commandes, les mentions anglaises que clap ajoute
/// à l'aide des options par « (par défaut : …) » et « (valeurs admises : …) » écrits dans
/// le texte de l'aide ; même gabarit d'aide et mêmes intitulés partout.
fn franciser(commande: Command) -> Command {
    let commande = if commande.has_subcommands() {
        commande
            .subcommand_help_heading("Commandes")
            .subcommand_value_name("COMMANDE")
    } else {
        commande
    };
    commande
        .help_template(AIDE)
        .mut_args(franciser_option)
        .mut_subcommands(franciser)
}

fn franciser_option(a: Arg) -> Arg {
    // Une option sans valeur (drapeau, aide) n'a ni défaut ni valeurs admises affichés.
    if !a.get_action().takes_values() {
        return a;
    }
    let mut ajouts = Vec::new();
    if !a.is_hide_default_value_set() && !a.get_default_values().is_empty() {
        let defauts: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        ajouts.push(format!("par défaut : {}", defauts.join(" ")));
    }
    if !a.is_hide_possible_values_set() {
        let valeurs: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_owned())
            .collect();
        if !valeurs.is_empty() {
            ajouts.push(format!("valeurs admises : {}", valeurs.join(", ")));
        }
    }
    if ajouts.is_empty() {
        return a;
    }
    let ajouts = ajouts.join(" ; ");
    let completer = |aide: String| {
        let aide = aide.trim_end().trim_end_matches('.');
        if aide.is_empty() {
            format!("{}.", majuscule(&ajouts))
        } else {
            format!("{aide} ({ajouts}).")
        }
    };
    let aide = completer(a.get_help().map(ToString::to_string).unwrap_or_default());
    let aide_longue = a.get_long_help().map(|h| completer(h.to_string()));
    let a = a
        .hide_default_value(true)
        .hide_possible_values(true)
        .help(aide);
    match aide_longue {
        Some(h) => a.long_help(h),
        None => a,
    }
}

fn majuscule(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|p| p.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Affiche une erreur d'arguments en français (l'aide et la version passent telles quelles).
pub fn erreur_arguments(e: clap::Error) -> ExitCode {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let contexte = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(autre) => autre.to_string(),
        None => String::new(),
    };
    let message = match e.kind() {
        ErrorKind::UnknownArgument => {
            format!(
                "l'option « {} » n'existe pas",
                contexte(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!(
            "la valeur « {} » n'est pas admise pour {}",
            contexte(ContextKind::InvalidValue),
            contexte(ContextKind::InvalidArg)
        ),
        ErrorKind::MissingRequiredArgument => {
            format!(
                "argument obligatoire absent : {}",
                contexte(ContextKind::InvalidArg)
            )
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "indiquez une commande".to_owned()
        }
        ErrorKind::InvalidSubcommand => {
            format!(
                "la commande « {} » n'existe pas",
                contexte(ContextKind::InvalidSubcommand)
            )
        }
        ErrorKind::TooManyValues => "trop de valeurs".to_owned(),
        ErrorKind::ArgumentConflict => "options incompatibles".to_owned(),
        _ => "arguments invalides".to_owned(),
    };
    eprintln!("Erreur : {message}.\nPour l'aide : passerelle --help");
    ExitCode::from(2)
}
