//! Commandes du moteur : un document JSON sur l'entrée standard, la réponse sur la sortie.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use droit::commandes::{COMMANDES, executer, executer_texte};
use droit::erreur::{ErreurEntree, ReponseErreur};

/// Format de sortie d'une commande du moteur.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Texte,
}

fn sortie_erreur(e: ErreurEntree) -> ExitCode {
    let enveloppe = ReponseErreur { erreur: e };
    println!(
        "{}",
        serde_json::to_string_pretty(&enveloppe).expect("erreur sérialisable")
    );
    ExitCode::from(2)
}

/// `passerelle <commande> [--format json|texte] < entree.json`
pub fn lancer(args: &[String]) -> ExitCode {
    let Some((commande, options)) = args.split_first() else {
        eprintln!("Erreur : indiquez une commande.\nPour l'aide : passerelle --help");
        return ExitCode::from(2);
    };
    if !COMMANDES.contains(&commande.as_str()) {
        eprintln!(
            "Erreur : la commande « {commande} » n'existe pas. Commandes du moteur : {}.\nPour l'aide : passerelle --help",
            COMMANDES.join(", ")
        );
        return ExitCode::from(2);
    }
    let mut format = Format::Json;
    let mut i = 0;
    while i < options.len() {
        let o = options[i].as_str();
        let valeur = if o == "--format" {
            i += 1;
            options.get(i).map(String::as_str)
        } else {
            o.strip_prefix("--format=")
        };
        match (o, valeur) {
            ("-h" | "--help", _) => {
                println!(
                    "Utilisation : passerelle {commande} [--format json|texte] < demande.json\n\n\
                     Lit une demande JSON (contrat v1) sur l'entrée standard et écrit la réponse.\n\
                     Code de sortie : 0 si la demande est traitée, 2 si elle est invalide.\n\n\
                     Options :\n  --format json|texte  JSON (par défaut) ou explication en français"
                );
                return ExitCode::SUCCESS;
            }
            (_, Some("json")) => format = Format::Json,
            (_, Some("texte")) => format = Format::Texte,
            (_, Some(autre)) => {
                eprintln!("Erreur : format « {autre} » inconnu (json ou texte).");
                return ExitCode::from(2);
            }
            (autre, None) => {
                eprintln!("Erreur : l'option « {autre} » n'existe pas pour « {commande} ».");
                return ExitCode::from(2);
            }
        }
        i += 1;
    }
    // Lecture bornée : un document plus gros que la borne du moteur est refusé sans être lu
    // en entier.
    let borne = droit::entree::bornes::TAILLE_ENTREE_MAX;
    let mut entree = String::new();
    let lu = std::io::stdin()
        .take(borne as u64 + 1)
        .read_to_string(&mut entree);
    if lu.is_err() {
        return sortie_erreur(ErreurEntree::new(
            "json_invalide",
            "L'entrée standard n'a pas pu être lue comme du texte UTF-8.",
            "",
        ));
    }
    if entree.len() > borne {
        return sortie_erreur(ErreurEntree::new(
            "entree_trop_grande",
            format!(
                "Document trop volumineux : plus de {} Mio reçus, {} Mio au plus sont admis.",
                borne / (1024 * 1024),
                borne / (1024 * 1024)
            ),
            "",
        ));
    }
    match format {
        Format::Json => match executer(commande, &entree) {
            Ok(v) => ecrire(&serde_json::to_string_pretty(&v).expect("JSON")),
            Err(e) => sortie_erreur(e),
        },
        Format::Texte => match executer_texte(commande, &entree) {
            Ok(t) => ecrire(&t),
            Err(e) => {
                eprintln!("Entrée invalide ({}) : {}", e.chemin, e.message);
                ExitCode::from(2)
            }
        },
    }
}

/// Arguments de `passerelle schemas`.
#[derive(Debug, clap::Args)]
pub struct ArgsSchemas {
    /// Dossier où écrire les fichiers `<commande>.entree.json` et `<commande>.sortie.json` ;
    /// sans dossier, un seul document JSON sur la sortie standard.
    #[arg(long = "dossier", value_name = "DOSSIER")]
    dossier: Option<PathBuf>,
    /// Écrit le document OpenAPI de l'API au lieu des schémas.
    #[arg(long = "openapi")]
    openapi: bool,
}

/// `passerelle schemas [--dossier D] [--openapi]`
pub fn schemas(args: &ArgsSchemas) -> ExitCode {
    if args.openapi {
        println!(
            "{}",
            serde_json::to_string_pretty(&web::openapi::document()).expect("JSON")
        );
        return ExitCode::SUCCESS;
    }
    let tous = droit::commandes::schemas();
    match &args.dossier {
        None => {
            let doc: serde_json::Map<String, serde_json::Value> = tous
                .into_iter()
                .map(|s| {
                    (
                        s.commande.to_owned(),
                        serde_json::json!({"entree": s.entree, "sortie": s.sortie}),
                    )
                })
                .collect();
            println!("{}", serde_json::to_string_pretty(&doc).expect("JSON"));
            ExitCode::SUCCESS
        }
        Some(d) => {
            if let Err(e) = std::fs::create_dir_all(d) {
                eprintln!("Erreur : impossible de créer {} ({e}).", d.display());
                return ExitCode::FAILURE;
            }
            for s in tous {
                for (suffixe, schema) in [("entree", &s.entree), ("sortie", &s.sortie)] {
                    let chemin = d.join(format!("{}.{suffixe}.json", s.commande));
                    let texte = serde_json::to_string_pretty(schema).expect("JSON") + "\n";
                    if let Err(e) = std::fs::write(&chemin, texte) {
                        eprintln!("Erreur : impossible d'écrire {} ({e}).", chemin.display());
                        return ExitCode::FAILURE;
                    }
                }
            }
            ExitCode::SUCCESS
        }
    }
}

/// Écrit la réponse sur la sortie standard ; un lecteur qui ferme le tube avant la fin
/// (`passerelle eligibilite … | head`) n'est pas une erreur du programme.
fn ecrire(texte: &str) -> ExitCode {
    use std::io::Write;
    let mut sortie = std::io::stdout().lock();
    match writeln!(sortie, "{texte}").and_then(|()| sortie.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Erreur : impossible d'écrire la réponse ({e}).");
            ExitCode::FAILURE
        }
    }
}
