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
            "periodes.csv, ligne 4, colonne 2 (debut) : la date « 30/02/2016 » est invalide"
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
