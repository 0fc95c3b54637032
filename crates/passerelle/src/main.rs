//! Le binaire `passerelle` : commandes du moteur (JSON sur l'entrée standard).

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let Some(commande) = args.get(1) else {
        eprintln!("Usage : passerelle <commande> < entree.json");
        return ExitCode::from(2);
    };
    let mut entree = String::new();
    if std::io::stdin().read_to_string(&mut entree).is_err() {
        eprintln!("Impossible de lire l'entrée standard (UTF-8 attendu).");
        return ExitCode::from(2);
    }
    match droit::commandes::executer(commande, &entree) {
        Ok(v) => {
            println!("{}", serde_json::to_string_pretty(&v).expect("JSON"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            let env = droit::erreur::ReponseErreur { erreur: e };
            println!("{}", serde_json::to_string_pretty(&env).expect("JSON"));
            ExitCode::from(2)
        }
    }
}
