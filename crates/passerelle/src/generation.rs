//! `passerelle generer` et `passerelle bench` : population synthétique et mesures de charge.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use generateur::{Parametres, milliers, progression_terminal};

/// Arguments de `passerelle generer`.
#[derive(Debug, clap::Args)]
pub struct ArgsGenerer {
    /// Nombre d'agents.
    #[arg(long, default_value_t = 150_000)]
    pub agents: usize,
    /// Graine : même graine, mêmes fichiers, octet pour octet.
    #[arg(long, default_value_t = 1)]
    pub graine: u64,
    /// Nombre de collectivités (employeurs) entre lesquelles les agents sont répartis ; par
    /// défaut, déduit du nombre d'agents (environ 46 000 employeurs pour 1,96 million
    /// d'agents).
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub collectivites: Option<usize>,
    /// Dossier de sortie (créé au besoin) : quatre fichiers CSV au format d'import.
    #[arg(long, value_name = "DOSSIER")]
    pub sortie: PathBuf,
}

/// `passerelle generer`
pub fn generer(a: &ArgsGenerer) -> ExitCode {
    let t = Instant::now();
    let p = Parametres {
        agents: a.agents,
        graine: a.graine,
        collectivites: a.collectivites,
    };
    match generateur::commande_generer_avec(
        &p,
        generateur::DATE_SITUATION_PAR_DEFAUT,
        &a.sortie,
        progression_terminal("agents écrits"),
    ) {
        Ok(r) => {
            let s = t.elapsed().as_secs_f64();
            println!(
                "{r} en {s:.2} s ({} agents/s) dans {}",
                milliers((r.agents as f64 / s) as u64),
                a.sortie.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("Génération impossible dans {} : {e}", a.sortie.display());
            ExitCode::FAILURE
        }
    }
}

/// Mesures de charge.
#[derive(Debug, clap::Subcommand)]
pub enum ArgsBench {
    /// Évalue les voies de promotion interne pour une population (générée en mémoire ou
    /// lue dans les fichiers d'import) ; rapporte séparément le chargement, la préparation
    /// et le calcul, les agents par seconde et la mémoire de pointe.
    Moteur(ArgsBenchMoteur),
    /// Écrit une demande `eligibilite` (contrat v1) pour l'agent généré dont la carrière
    /// compte le plus de périodes parmi les `parmi` premiers : corps de requête des mesures
    /// HTTP.
    Corps {
        #[arg(long, default_value_t = 1)]
        graine: u64,
        #[arg(long, default_value_t = 2026)]
        annee: i32,
        #[arg(long, default_value_t = 1_000)]
        parmi: usize,
    },
}

/// Arguments de `passerelle bench moteur`.
#[derive(Debug, clap::Args)]
pub struct ArgsBenchMoteur {
    /// Nombre d'agents générés en mémoire (sans `--depuis`).
    #[arg(long, default_value_t = 1_960_000)]
    agents: usize,
    #[arg(long, default_value_t = 1)]
    graine: u64,
    /// Lit la population dans les fichiers d'import de ce dossier (ceux de `passerelle
    /// generer`), vérifiés comme par `passerelle import`, au lieu de la générer.
    #[arg(long, value_name = "DOSSIER")]
    depuis: Option<PathBuf>,
    /// Ignore les formations suivies : la condition de formation n'est alors pas évaluée
    /// (elle ne bloque pas), comme dans un modèle qui ne la décrit pas.
    #[arg(long)]
    sans_formations: bool,
    /// Année de la liste d'aptitude (conditions appréciées au 1er janvier).
    #[arg(long, default_value_t = 2026)]
    annee: i32,
    /// Grade cible à évaluer (répétable) ; par défaut toutes les cibles du catalogue.
    #[arg(long = "cible", value_name = "GRADE")]
    cibles: Vec<String>,
    /// Voie à évaluer (répétable : choix, examen, inscription_examen) ; par défaut toutes.
    #[arg(long = "voie", value_name = "VOIE", value_parser = lire_voie)]
    voies: Vec<droit::eligibilite::Voie>,
    /// Fils de calcul (par défaut : un par cœur).
    #[arg(long)]
    fils: Option<usize>,
    /// Chemin par lot (`droit::lot`) : carrières préparées une fois, verdicts seuls.
    #[arg(long)]
    lot: bool,
    /// Verdicts seuls par le chemin agent par agent, sans rédiger les explications.
    #[arg(long, conflicts_with = "lot")]
    verdicts: bool,
    /// Éligibilité de l'année seule, sans projection de la première année d'éligibilité
    /// (études nationales d'une année donnée).
    #[arg(long)]
    sans_projection: bool,
    /// N'évalue que les N premiers agents de la population chargée (toute la population reste
    /// en mémoire) : mesure du coût par agent selon la taille de ce qui est en mémoire.
    #[arg(long, value_name = "N")]
    limite: Option<usize>,
    /// Nombre de mesures successives du calcul (meilleure et médiane rapportées).
    #[arg(long, default_value_t = 1)]
    repetitions: usize,
    /// Après la mesure, vérifie agent par agent que le chemin par lot rend les mêmes
    /// verdicts que la réponse expliquée (longue : une réponse expliquée par agent).
    #[arg(long, requires = "lot")]
    verifier: bool,
    /// Compare l'éligibilité à la première voie demandée, agent par agent, avec un fichier
    /// CSV `matricule;eligible;…` (eligible : 0 ou 1) calculé par ailleurs.
    #[arg(long, value_name = "FICHIER", requires = "depuis", requires = "lot")]
    comparer: Option<PathBuf>,
}

fn lire_voie(s: &str) -> Result<droit::eligibilite::Voie, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| "attendu : choix, examen ou inscription_examen".to_owned())
}

/// Population lue dans les fichiers d'import : matricules et carrières, dans l'ordre du
/// fichier des agents.
fn lire_population(
    dossier: &std::path::Path,
    sans_formations: bool,
) -> Result<(Vec<String>, Vec<droit::carriere::Agent>), String> {
    let fichiers =
        store::import::lire_chemins(&[dossier.to_path_buf()]).map_err(|e| e.to_string())?;
    let mut lot = store::import::analyser(&fichiers, &store::import::Connus::default())
        .map_err(|e| e.to_string())?;
    let mut matricules = Vec::with_capacity(lot.agents.len());
    let mut agents = Vec::with_capacity(lot.agents.len());
    for a in &lot.agents {
        let m = &a.fiche.matricule;
        agents.push(droit::carriere::Agent {
            date_naissance: a.date_naissance,
            periodes: lot.carrieres.remove(m).unwrap_or_default(),
            formations: if sans_formations {
                None
            } else {
                lot.formations.remove(m)
            },
            ..Default::default()
        });
        matricules.push(m.clone());
    }
    Ok((matricules, agents))
}

/// Lit un fichier `matricule;eligible;…` : éligibilité par matricule.
fn lire_comparaison(
    chemin: &std::path::Path,
) -> Result<std::collections::HashMap<String, bool>, String> {
    let texte = std::fs::read_to_string(chemin).map_err(|e| format!("lecture impossible ({e})"))?;
    let mut lignes = texte.lines();
    let entete: Vec<&str> = lignes.next().unwrap_or("").split(';').collect();
    let col = |nom: &str| {
        entete
            .iter()
            .position(|c| c.trim() == nom)
            .ok_or_else(|| format!("colonne « {nom} » absente de l'en-tête"))
    };
    let (cm, ce) = (col("matricule")?, col("eligible")?);
    let mut r = std::collections::HashMap::new();
    for (n, l) in lignes.enumerate() {
        let v: Vec<&str> = l.split(';').collect();
        let e = match v.get(ce).map(|x| x.trim()) {
            Some("1" | "true" | "True") => true,
            Some("0" | "false" | "False") => false,
            autre => {
                return Err(format!(
                    "ligne {} : éligibilité « {} » illisible (0 ou 1)",
                    n + 2,
                    autre.unwrap_or("")
                ));
            }
        };
        r.insert(v.get(cm).unwrap_or(&"").to_string(), e);
    }
    Ok(r)
}

/// `passerelle bench moteur`
fn bench_moteur(a: &ArgsBenchMoteur) -> ExitCode {
    use generateur::{Demande, Evaluation, RapportMoteur};
    if let Some(n) = a.fils
        && let Err(e) = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
    {
        eprintln!("Impossible de créer {n} fils de calcul : {e}");
        return ExitCode::FAILURE;
    }
    let evaluation = match (a.lot, a.verdicts, a.sans_projection) {
        (true, _, false) => Evaluation::Lot,
        (true, _, true) => Evaluation::LotAnneeSeule,
        (false, _, true) => Evaluation::Eligibilites,
        (false, true, false) => Evaluation::Verdicts,
        (false, false, false) => Evaluation::Complete,
    };
    let demande = Demande {
        annee: a.annee,
        evaluation,
        cibles: (!a.cibles.is_empty()).then(|| a.cibles.clone()),
        voies: (!a.voies.is_empty()).then(|| a.voies.clone()),
    };
    if let Err(e) = demande.selection() {
        eprintln!("Erreur : {e}");
        return ExitCode::from(2);
    }
    if !a.voies.is_empty() && !evaluation.par_lot() {
        eprintln!("Erreur : le choix des voies (--voie) demande le chemin par lot (--lot).");
        return ExitCode::from(2);
    }
    // Chargement : génération en mémoire ou lecture des fichiers d'import.
    let t = Instant::now();
    let cpu0 = generateur::temps_cpu_s();
    let (matricules, agents, source) = match &a.depuis {
        Some(d) => match lire_population(d, a.sans_formations) {
            Ok((m, ag)) => (m, ag, format!("lecture de {}", d.display())),
            Err(e) => {
                eprintln!("Lecture de la population impossible : {e}");
                return ExitCode::from(2);
            }
        },
        None => {
            let pop = generateur::generer_avec_progression(
                &Parametres::new(a.agents, a.graine),
                progression_terminal("agents générés"),
            );
            let (m, mut ag): (Vec<String>, Vec<droit::carriere::Agent>) = pop
                .agents
                .into_iter()
                .map(|x| (x.matricule, x.agent))
                .unzip();
            if a.sans_formations {
                for x in &mut ag {
                    x.formations = None;
                }
            }
            (m, ag, format!("génération, graine {}", a.graine))
        }
    };
    let chargement_secondes = t.elapsed().as_secs_f64();
    let chargement_cpu_secondes = generateur::temps_cpu_s().zip(cpu0).map(|(f, d)| f - d);
    let memoire_apres_chargement_kio = generateur::memoire_pointe_kio();
    let t = Instant::now();
    let lot = evaluation
        .par_lot()
        .then(|| droit::lot::Lot::preparer(&agents));
    let preparation_secondes = lot.as_ref().map(|_| t.elapsed().as_secs_f64());
    let evalues = &agents[..a.limite.unwrap_or(agents.len()).min(agents.len())];
    let mut mesures = Vec::new();
    for _ in 0..a.repetitions.max(1) {
        match generateur::mesurer(
            evalues,
            lot.as_ref(),
            &demande,
            progression_terminal("agents évalués"),
        ) {
            Ok(m) => mesures.push(m),
            Err(e) => {
                eprintln!("Erreur : {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let rapport = RapportMoteur {
        annee: a.annee,
        source: if a.sans_formations {
            source + ", formations ignorées"
        } else {
            source
        },
        chargement_secondes,
        chargement_cpu_secondes,
        memoire_apres_chargement_kio,
        preparation_secondes,
        mesures,
    };
    println!("{rapport}");
    let mut code = ExitCode::SUCCESS;
    if let (Some(f), Some(lot)) = (&a.comparer, &lot) {
        let autre = match lire_comparaison(f) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("Comparaison impossible avec {} : {e}", f.display());
                return ExitCode::from(2);
            }
        };
        let nous = match generateur::eligibles_premiere_voie(lot, &demande) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("Erreur : {e}");
                return ExitCode::FAILURE;
            }
        };
        let (mut identiques, mut differents, mut absents) = (0usize, Vec::new(), 0usize);
        for (m, e) in matricules.iter().zip(&nous) {
            match autre.get(m) {
                Some(x) if x == e => identiques += 1,
                Some(_) => differents.push(m.as_str()),
                None => absents += 1,
            }
        }
        let eligibles = nous.iter().filter(|&&e| e).count();
        println!(
            "comparaison avec {} (première voie demandée) : {} agents au même verdict, {} différents, {} absents du fichier ; {} éligibles ici, {} dans le fichier",
            f.display(),
            milliers(identiques as u64),
            milliers(differents.len() as u64),
            milliers(absents as u64),
            milliers(eligibles as u64),
            milliers(autre.values().filter(|&&e| e).count() as u64),
        );
        if !differents.is_empty() || absents > 0 {
            println!(
                "premiers matricules différents : {}",
                differents
                    .iter()
                    .take(10)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            code = ExitCode::FAILURE;
        }
    }
    if a.verifier
        && let Some(lot) = &lot
    {
        let t = Instant::now();
        match generateur::verifier_lot(&agents, lot, &demande) {
            Ok(n) => println!(
                "vérification : {} verdicts du chemin par lot identiques à la réponse expliquée ({} agents, {:.1} s)",
                milliers(n as u64),
                milliers(agents.len() as u64),
                t.elapsed().as_secs_f64()
            ),
            Err(e) => {
                println!("vérification : divergence : {e}");
                code = ExitCode::FAILURE;
            }
        }
    }
    code
}

/// `passerelle bench …`
pub fn bench(a: &ArgsBench) -> ExitCode {
    match *a {
        ArgsBench::Moteur(ref m) => bench_moteur(m),
        ArgsBench::Corps {
            graine,
            annee,
            parmi,
        } => {
            let pop = generateur::generer(&Parametres::new(parmi.max(1), graine));
            let Some(agent) = pop
                .agents
                .into_iter()
                .max_by_key(|a| a.agent.periodes.len())
                .map(|a| a.agent)
            else {
                eprintln!("Aucun agent généré.");
                return ExitCode::FAILURE;
            };
            let demande = droit::eligibilite::DemandeEligibilite {
                annee,
                cibles: None,
                agent,
                cloture_inscriptions: None,
            };
            println!(
                "{}",
                serde_json::to_string(&demande).expect("demande sérialisable")
            );
            ExitCode::SUCCESS
        }
    }
}
