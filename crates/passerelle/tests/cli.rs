//! Tests de la ligne de commande : import (refus localisé, base inchangée, idempotence) et
//! commandes du moteur (code de sortie 2 sur entrée invalide, contrat v1).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn passerelle(args: &[&str], entree: Option<&str>) -> Output {
    let mut enfant = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lancement de passerelle");
    let mut stdin = enfant.stdin.take().expect("entrée standard");
    if let Some(e) = entree {
        stdin.write_all(e.as_bytes()).expect("écriture");
    }
    drop(stdin);
    enfant.wait_with_output().expect("fin de passerelle")
}

fn exemple() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/exemple-import")
}

fn dossier_temporaire(nom: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("passerelle-cli-{nom}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("dossier temporaire");
    d
}

fn texte(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

#[test]
fn import_idempotent_puis_refus_d_une_date_invalide_sans_rien_modifier() {
    let d = dossier_temporaire("import");
    let base = format!("sqlite:{}", d.join("base.sqlite").display());
    let ex = exemple();
    let ex = ex.to_str().expect("chemin UTF-8");

    let o = passerelle(&["import", ex, "--database-url", &base], None);
    assert!(o.status.success(), "{}", texte(&o.stderr));
    assert!(
        texte(&o.stdout).contains("collectivités 3 créées"),
        "{}",
        texte(&o.stdout)
    );

    // Second import du même dossier : rien ne change (docs/format-import.md, « Idempotent »).
    let o = passerelle(&["import", ex, "--database-url", &base], None);
    assert!(o.status.success());
    assert!(
        texte(&o.stdout).contains(
            "collectivités 0 créées, 0 modifiées, 3 inchangées ; agents 0 créés, 0 modifiés, 3 inchangés"
        ),
        "{}",
        texte(&o.stdout)
    );

    // Une date impossible (30 février) à la ligne 4 du fichier des périodes : refus localisé.
    let mauvais = d.join("periodes.csv");
    let contenu = std::fs::read_to_string(exemple().join("periodes.csv"))
        .expect("exemple lisible")
        .replace("01/01/2016;;territoriale", "30/02/2016;;territoriale");
    std::fs::write(&mauvais, contenu).expect("écriture");
    let o = passerelle(
        &[
            "import",
            mauvais.to_str().expect("UTF-8"),
            "--database-url",
            &base,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let erreur = texte(&o.stderr);
    assert!(
        erreur.contains(
            "periodes.csv, ligne 4, colonne 2 (debut) : date impossible, reçu \"30/02/2016\" : \
             le 30 n'existe pas en février 2016, qui compte 29 jours"
        ),
        "{erreur}"
    );
    assert!(
        erreur.contains("Aucune donnée n'a été importée."),
        "{erreur}"
    );

    // La base n'a pas bougé : un nouvel import de l'exemple ne trouve rien à changer.
    let o = passerelle(&["import", ex, "--database-url", &base], None);
    assert!(texte(&o.stdout).contains("agents 0 créés, 0 modifiés, 3 inchangés"));
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn commande_du_moteur_sur_entree_invalide_sort_en_2() {
    // Contrat v1 : « Exit status 0 on success; 2 on invalid input », erreur en JSON.
    let o = passerelle(&["services"], Some("{\"agent\": "));
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["erreur"]["code"], "json_invalide");
}

#[test]
fn entrees_invalides_du_moteur_en_francais_avec_chemin() {
    // Une date-heure n'est pas une date (contrat v1 : dates ISO AAAA-MM-JJ), un champ donné
    // deux fois est refusé, une liste trop longue aussi : sortie 2, erreur JSON française.
    for (entree, code, chemin) in [
        (
            r#"{"annee": 2026, "agent": {"periodes": [], "date_naissance": "2025-03-01T12:00:00+14:00"}}"#,
            "date_invalide",
            "/agent/date_naissance",
        ),
        (
            r#"{"annee": 2026, "annee": 2027, "agent": {"periodes": []}}"#,
            "champ_en_double",
            "/annee",
        ),
        (
            &format!(
                r#"{{"annee": 2026, "cibles": [{}], "agent": {{"periodes": []}}}}"#,
                vec!["\"ingenieur\""; 1000].join(",")
            ),
            "liste_trop_longue",
            "/cibles",
        ),
    ] {
        let o = passerelle(&["eligibilite"], Some(entree));
        assert_eq!(o.status.code(), Some(2), "{entree}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        assert_eq!(v["erreur"]["code"], code);
        assert_eq!(v["erreur"]["chemin"], chemin);
        let message = v["erreur"]["message"].as_str().unwrap();
        assert!(
            !message.contains("expected") && !message.contains("field"),
            "{message}"
        );
    }
}

#[test]
fn entree_trop_volumineuse_refusee_sans_tout_lire() {
    let mut enfant = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .arg("eligibilite")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("lancement de passerelle");
    let mut stdin = enfant.stdin.take().unwrap();
    // 17 Mio d'espaces : la commande s'arrête à la borne de 16 Mio ; l'écriture du reste
    // peut échouer (tube fermé), ce qui est attendu.
    let ecrivain = std::thread::spawn(move || {
        let bloc = vec![b' '; 1024 * 1024];
        for _ in 0..17 {
            if stdin.write_all(&bloc).is_err() {
                break;
            }
        }
    });
    let o = enfant.wait_with_output().unwrap();
    ecrivain.join().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["erreur"]["code"], "entree_trop_grande");
}

#[test]
fn commande_inconnue_et_aide_en_francais() {
    let o = passerelle(&["promouvoir"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(texte(&o.stderr).contains("n'existe pas"));
    let o = passerelle(&["--help"], None);
    assert!(o.status.success());
    assert!(texte(&o.stdout).contains("Utilisation : passerelle"));
}

#[test]
fn l_aide_de_chaque_commande_est_en_francais() {
    // Les valeurs par défaut sont celles déclarées dans crates/passerelle/src/demo.rs.
    let o = passerelle(&["demo", "--help"], None);
    assert!(o.status.success());
    let aide = texte(&o.stdout);
    assert!(
        aide.contains("Nombre d'agents générés (par défaut : 2000)."),
        "{aide}"
    );
    assert!(
        aide.contains("(par défaut : sqlite:data/demo.sqlite)"),
        "{aide}"
    );
    // Toutes les commandes et sous-commandes : aucune mention anglaise de clap.
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["demo", "--help"],
        vec!["import", "--help"],
        vec!["utilisateur", "--help"],
        vec!["utilisateur", "ajouter", "--help"],
        vec!["journal", "verifier", "--help"],
        vec!["schemas", "--help"],
        vec!["generer", "--help"],
        vec!["bench", "--help"],
        vec!["bench", "moteur", "--help"],
        vec!["bench", "corps", "--help"],
        vec!["journal", "--help"],
    ] {
        let o = passerelle(&args, None);
        let aide = texte(&o.stdout);
        assert!(o.status.success(), "{args:?} : {}", texte(&o.stderr));
        for anglais in [
            "[default:",
            "[possible values:",
            "[env:",
            "[alias",
            "Usage:",
            "Print help",
            "Commands:",
        ] {
            assert!(
                !aide.contains(anglais),
                "{args:?} : « {anglais} » dans\n{aide}"
            );
        }
    }
}

#[test]
fn banc_du_moteur_sur_fichiers_d_import_par_lot_verifie_et_compare() {
    // `passerelle bench moteur --depuis` : population lue dans les fichiers de `passerelle
    // generer`, chemin par lot restreint à une cible et une voie, vérifié agent par agent
    // contre la réponse expliquée, puis comparé à un fichier `matricule;eligible`.
    let d = dossier_temporaire("banc");
    let (pop, _) = generer_dans(&d, &["--agents", "1500", "--graine", "3"]);
    let pop = pop.as_str();
    let args = [
        "bench",
        "moteur",
        "--depuis",
        pop,
        "--cible",
        "ingenieur",
        "--voie",
        "choix",
        "--lot",
        "--fils",
        "1",
        "--repetitions",
        "2",
        "--verifier",
    ];
    let o = passerelle(&args, None);
    let sortie = texte(&o.stdout);
    assert!(o.status.success(), "{sortie}{}", texte(&o.stderr));
    // Une voie (ingénieur au choix) par agent, 1 500 agents : 1 500 verdicts comparés.
    assert!(
        sortie.contains("1 500 résultats (cible × voie)"),
        "{sortie}"
    );
    assert!(sortie.contains("répétition 2"), "{sortie}");
    assert!(
        sortie.contains("vérification : 1 500 verdicts du chemin par lot identiques"),
        "{sortie}"
    );

    // Un fichier qui déclare tous les agents non éligibles : chaque agent éligible ici est
    // une différence, et la commande échoue.
    let agents = std::fs::read_to_string(Path::new(pop).join("agents.csv")).unwrap();
    let mut faux = String::from("matricule;eligible\n");
    for l in agents.lines().skip(1) {
        faux.push_str(l.split(';').next().unwrap());
        faux.push_str(";0\n");
    }
    let f = d.join("autre.csv");
    std::fs::write(&f, faux).unwrap();
    let mut args = args[..13].to_vec();
    args.extend(["--sans-projection", "--comparer", f.to_str().unwrap()]);
    let o = passerelle(&args, None);
    let sortie = texte(&o.stdout);
    let eligibles: usize = sortie
        .split(" éligibles ici")
        .next()
        .and_then(|x| x.rsplit(' ').next())
        .and_then(|x| x.parse().ok())
        .unwrap_or_else(|| panic!("{sortie}"));
    if eligibles > 0 {
        assert!(!o.status.success(), "{sortie}");
        assert!(
            sortie.contains(&format!("{eligibles} différents")),
            "{sortie}"
        );
    } else {
        assert!(o.status.success(), "{sortie}");
    }
    assert!(sortie.contains("0 absents du fichier"), "{sortie}");

    // Une cible inconnue est refusée en français, code 2.
    let o = passerelle(
        &[
            "bench",
            "moteur",
            "--depuis",
            pop,
            "--cible",
            "astronaute",
            "--lot",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        texte(&o.stderr).contains("astronaute"),
        "{}",
        texte(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn generation_avec_un_nombre_de_collectivites_impose() {
    // `passerelle generer --collectivites 7` : exactement 7 collectivités écrites (une
    // ligne chacune après l'en-tête), et chaque agent appartient à l'une d'elles.
    let d = dossier_temporaire("generer-collectivites");
    let (pop, o) = generer_dans(
        &d,
        &["--agents", "600", "--graine", "5", "--collectivites", "7"],
    );
    let pop = pop.as_str();
    assert!(
        texte(&o.stdout).starts_with("7 collectivités, 600 agents"),
        "{}",
        texte(&o.stdout)
    );
    let lire = |f: &str| std::fs::read_to_string(Path::new(pop).join(f)).unwrap();
    let codes: Vec<String> = lire("collectivites.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(';').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 7);
    let agents = lire("agents.csv");
    assert_eq!(agents.lines().skip(1).count(), 600);
    for l in agents.lines().skip(1) {
        let code = l.split(';').nth(1).unwrap();
        assert!(codes.iter().any(|c| c == code), "{l}");
    }
    // Aucune collectivité : refusé en français, code 2.
    let o = passerelle(&["generer", "--collectivites", "0", "--sortie", pop], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        texte(&o.stderr).contains("--collectivites"),
        "{}",
        texte(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(d);
}

#[test]
fn import_groupe_d_une_population_generee_puis_second_import_sans_changement() {
    // Plus d'agents qu'une requête groupée n'en insère (512) et un reste qui n'est pas une
    // puissance de deux : tous les agents, périodes et formations sont écrits une fois, et un
    // second import ne change rien (docs/format-import.md, « Idempotent »).
    let d = dossier_temporaire("import-groupe");
    let (pop, _) = generer_dans(&d, &["--agents", "1299", "--graine", "8"]);
    let pop = pop.as_str();
    let base = format!("sqlite:{}", d.join("base.sqlite").display());
    let o = passerelle(&["import", pop, "--database-url", &base], None);
    assert!(o.status.success(), "{}", texte(&o.stderr));
    assert!(
        texte(&o.stdout).contains("agents 1299 créés, 0 modifiés, 0 inchangés"),
        "{}",
        texte(&o.stdout)
    );
    let o = passerelle(&["import", pop, "--database-url", &base], None);
    assert!(o.status.success(), "{}", texte(&o.stderr));
    assert!(
        texte(&o.stdout).contains("agents 0 créés, 0 modifiés, 1299 inchangés"),
        "{}",
        texte(&o.stdout)
    );
    let _ = std::fs::remove_dir_all(d);
}

/// `passerelle generer <args> --sortie <d>/pop`, qui doit réussir : rend le dossier écrit et
/// la sortie de la commande.
fn generer_dans(d: &Path, args: &[&str]) -> (String, Output) {
    let pop = d.join("pop").to_str().expect("chemin UTF-8").to_owned();
    let mut tous = vec!["generer"];
    tous.extend_from_slice(args);
    tous.extend(["--sortie", pop.as_str()]);
    let o = passerelle(&tous, None);
    assert!(o.status.success(), "{}", texte(&o.stderr));
    (pop, o)
}

fn passerelle_env(args: &[&str], entree: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut commande = Command::new(env!("CARGO_BIN_EXE_passerelle"));
    commande
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        commande.env(k, v);
    }
    let mut enfant = commande.spawn().expect("lancement de passerelle");
    let mut stdin = enfant.stdin.take().expect("entrée standard");
    if let Some(e) = entree {
        stdin.write_all(e.as_bytes()).expect("écriture");
    }
    drop(stdin);
    enfant.wait_with_output().expect("fin de passerelle")
}

#[test]
fn comptes_en_ligne_de_commande_mot_de_passe_sur_l_entree_standard() {
    let d = dossier_temporaire("comptes");
    let base = format!("sqlite:{}", d.join("base.sqlite").display());
    let ex = exemple();
    let o = passerelle(
        &["import", ex.to_str().unwrap(), "--database-url", &base],
        None,
    );
    assert!(o.status.success(), "{}", texte(&o.stderr));
    // Contrat v2 : moins de 12 caractères, refusé (code 2, message français).
    let o = passerelle(
        &[
            "utilisateur",
            "ajouter",
            "--identifiant",
            "marie",
            "--role",
            "gestionnaire",
            "--database-url",
            &base,
        ],
        Some("court\n"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        texte(&o.stderr).contains("au moins 12 caractères"),
        "{}",
        texte(&o.stderr)
    );
    // DATABASE_URL tient lieu de --database-url.
    let env = [("DATABASE_URL", base.as_str())];
    let o = passerelle_env(
        &[
            "utilisateur",
            "ajouter",
            "--identifiant",
            "rh-se",
            "--role",
            "collectivite",
            "--collectivite",
            "21420218600019",
        ],
        Some("un mot de passe assez long\n"),
        &env,
    );
    assert!(o.status.success(), "{}", texte(&o.stderr));
    assert!(
        texte(&o.stdout)
            .contains("Compte « rh-se » créé (rôle collectivite, collectivités : 21420218600019).")
    );
    let o = passerelle_env(
        &[
            "utilisateur",
            "ajouter",
            "--identifiant",
            "rh-x",
            "--role",
            "collectivite",
            "--collectivite",
            "INCONNUE",
        ],
        Some("un mot de passe assez long\n"),
        &env,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(texte(&o.stderr).contains("« INCONNUE » n'est pas enregistrée"));
    let o = passerelle_env(
        &["utilisateur", "desactiver", "--identifiant", "rh-se"],
        None,
        &env,
    );
    assert!(o.status.success(), "{}", texte(&o.stderr));
    let o = passerelle_env(&["utilisateur", "lister"], None, &env);
    assert_eq!(
        texte(&o.stdout),
        "rh-se\tcollectivite\tdésactivé\t21420218600019\n"
    );
    let o = passerelle_env(
        &["utilisateur", "mot-de-passe", "--identifiant", "rh-se"],
        Some("un autre mot de passe long\n"),
        &env,
    );
    assert!(o.status.success(), "{}", texte(&o.stderr));
    let o = passerelle_env(&["utilisateur", "lister"], None, &env);
    assert!(texte(&o.stdout).contains("\tactif\t"));
    // Le journal : import, création, désactivation, changement de mot de passe, chaîné.
    let o = passerelle_env(&["journal", "verifier"], None, &env);
    assert!(o.status.success(), "{}", texte(&o.stdout));
    assert!(
        texte(&o.stdout).contains("Journal intact : 4 entrée(s)"),
        "{}",
        texte(&o.stdout)
    );
    let tete = passerelle_env(&["journal", "tete"], None, &env);
    let tete = texte(&tete.stdout).trim().to_owned();
    assert!(tete.starts_with("4:"), "{tete}");
    let o = passerelle_env(&["journal", "verifier", "--ancre", &tete], None, &env);
    assert!(o.status.success());
    let fausse = format!("4:{}", "0".repeat(64));
    let o = passerelle_env(&["journal", "verifier", "--ancre", &fausse], None, &env);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        texte(&o.stdout).contains("Ancre non conforme : n° 4"),
        "{}",
        texte(&o.stdout)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn la_demo_affiche_des_comptes_neufs_a_chaque_lancement() {
    let d = dossier_temporaire("demo");
    let base = format!("sqlite:{}", d.join("demo.sqlite").display());
    let lancer = || {
        let o = passerelle(
            &[
                "demo",
                "--database-url",
                &base,
                "--agents",
                "30",
                "--collectivites",
                "3",
                "--sans-serveur",
            ],
            None,
        );
        assert!(o.status.success(), "{}", texte(&o.stderr));
        let sortie = texte(&o.stdout);
        let comptes: Vec<(String, String)> = sortie
            .lines()
            .filter(|l| l.starts_with("  "))
            .map(|l| {
                let mut m = l.split_whitespace();
                (m.next().unwrap().to_owned(), m.next().unwrap().to_owned())
            })
            .collect();
        comptes
    };
    let premiers = lancer();
    let noms: Vec<&str> = premiers.iter().map(|(n, _)| n.as_str()).collect();
    // Un compte par rôle et deux comptes de collectivité.
    assert_eq!(
        noms,
        vec![
            "admin",
            "gestionnaire",
            "commission",
            "collectivite1",
            "collectivite2"
        ]
    );
    assert!(premiers.iter().all(|(_, m)| m.len() == 16));
    // Relancée, la démonstration garde les comptes et leur donne de nouveaux mots de passe.
    let seconds = lancer();
    assert_eq!(seconds.len(), 5);
    for ((n1, m1), (n2, m2)) in premiers.iter().zip(&seconds) {
        assert_eq!(n1, n2);
        assert_ne!(m1, m2);
    }
    let o = passerelle(&["journal", "verifier", "--database-url", &base], None);
    assert!(o.status.success(), "{}", texte(&o.stdout));
    let _ = std::fs::remove_dir_all(&d);
}
