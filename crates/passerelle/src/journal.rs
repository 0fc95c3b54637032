//! `passerelle journal verifier` : prouve que la chaîne du journal d'audit est intacte, ou
//! nomme la première entrée rompue ; `passerelle journal tete` : la tête de chaîne à ancrer.

use std::process::ExitCode;

use crate::serveur::ouvrir_base;
use crate::utilisateur::ArgBase;

/// Sous-commandes de `passerelle journal`.
#[derive(Debug, clap::Subcommand)]
#[command(
    subcommand_help_heading = "Commandes",
    subcommand_value_name = "COMMANDE"
)]
pub enum ArgsJournal {
    /// Recalcule toute la chaîne ; code de sortie 0 si elle est intacte, 1 sinon.
    #[command(help_template = crate::cli::AIDE, next_help_heading = "Options")]
    Verifier {
        /// Empreinte relevée auparavant (par exemple dans la sauvegarde de la veille), sous la
        /// forme NUMERO:EMPREINTE ; option répétable.
        #[arg(long = "ancre", value_name = "N:EMPREINTE")]
        ancres: Vec<String>,
        #[command(flatten)]
        base: ArgBase,
    },
    /// Affiche la dernière entrée (numéro:empreinte), à conserver hors de la base.
    #[command(help_template = crate::cli::AIDE, next_help_heading = "Options")]
    Tete {
        #[command(flatten)]
        base: ArgBase,
    },
}

fn lire_ancre(texte: &str) -> anyhow::Result<(i64, String)> {
    let (n, e) = texte
        .split_once(':')
        .ok_or_else(|| anyhow::anyhow!("ancre « {texte} » : attendu NUMERO:EMPREINTE"))?;
    let n: i64 = n.parse().map_err(|_| {
        anyhow::anyhow!("ancre « {texte} » : le numéro d'entrée n'est pas un entier")
    })?;
    if e.len() != 64 || !e.bytes().all(|b| b.is_ascii_hexdigit()) {
        anyhow::bail!("ancre « {texte} » : l'empreinte doit compter 64 chiffres hexadécimaux");
    }
    Ok((n, e.to_ascii_lowercase()))
}

/// `passerelle journal …`
pub async fn lancer(args: ArgsJournal) -> anyhow::Result<ExitCode> {
    match args {
        ArgsJournal::Verifier { ancres, base } => {
            let ancres = match ancres
                .iter()
                .map(|a| lire_ancre(a))
                .collect::<Result<Vec<_>, _>>()
            {
                Ok(a) => a,
                Err(e) => {
                    eprintln!("Erreur : {e}.");
                    return Ok(ExitCode::from(2));
                }
            };
            let store = ouvrir_base(&base.database_url).await?;
            let v = store.verifier_journal(&ancres).await;
            store.fermer().await;
            let v = v?;
            if v.intacte() {
                match &v.tete {
                    Some((id, e)) => println!(
                        "Journal intact : {} entrée(s), chaîne vérifiée de bout en bout.\nTête de chaîne : {id}:{e}",
                        v.entrees
                    ),
                    None => println!("Journal intact : aucune entrée."),
                }
                if !ancres.is_empty() {
                    println!("Ancre(s) vérifiée(s) : {}.", ancres.len());
                }
                return Ok(ExitCode::SUCCESS);
            }
            println!("Journal ALTÉRÉ.");
            if let Some(r) = &v.rupture {
                println!("Première entrée rompue : n° {} — {}.", r.id, r.message);
            }
            for d in &v.declencheurs_absents {
                println!("Déclencheur de protection absent : {d} (supprimé hors de Passerelle).");
            }
            for a in &v.ancres_fausses {
                println!("Ancre non conforme : n° {} — {}.", a.id, a.message);
            }
            Ok(ExitCode::FAILURE)
        }
        ArgsJournal::Tete { base } => {
            let store = ouvrir_base(&base.database_url).await?;
            let v = store.verifier_journal(&[]).await;
            store.fermer().await;
            let v = v?;
            match &v.tete {
                Some((id, e)) => println!("{id}:{e}"),
                None => println!("Journal vide."),
            }
            Ok(if v.intacte() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}
