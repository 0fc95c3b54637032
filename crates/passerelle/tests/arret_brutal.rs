//! Arrêt brutal (`kill -9`) du serveur pendant des écritures de la campagne, sur SQLite et
//! sur PostgreSQL (quand `DATABASE_URL_PG` est posée) :
//!
//! 1. une population générée est importée, une campagne dont le dépôt est ouvert
//!    aujourd'hui (horloge du serveur) est créée par l'API ;
//! 2. quatre clients écrivent en boucle des propositions (`POST`, réponse 201) et, pour
//!    chacune, une pièce PDF propre à la proposition (`PUT`, réponse 201) ;
//! 3. le serveur est tué par SIGKILL pendant ces écritures ;
//! 4. il est relancé sur la même base : la base est intègre (`PRAGMA integrity_check` et
//!    clés étrangères en SQLite, lignes orphelines), la chaîne du journal d'audit est intacte
//!    (`passerelle journal verifier`), chaque écriture qui a reçu 201 est présente (la
//!    proposition, et la pièce octet pour octet), et le serveur accepte de nouvelles écritures.
//!
//! Une écriture interrompue avant sa réponse peut être présente ou absente (elle a été
//! validée ou non avant l'arrêt), jamais à moitié : la pièce d'une proposition présente est
//! soit absente, soit entière.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MOT_DE_PASSE: &str = "mot de passe de l'arrêt brutal";
const AGENTS: usize = 400;

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
    let sortie = enfant.wait_with_output().expect("fin de passerelle");
    assert!(
        sortie.status.success(),
        "passerelle {args:?} : {}{}",
        String::from_utf8_lossy(&sortie.stdout),
        String::from_utf8_lossy(&sortie.stderr)
    );
    sortie
}

/// Une réponse HTTP : statut, en-têtes (texte brut), corps.
struct Reponse {
    statut: u16,
    entetes: String,
    corps: Vec<u8>,
}

impl Reponse {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.corps).unwrap_or_else(|e| {
            panic!(
                "JSON attendu ({e}) : {}",
                String::from_utf8_lossy(&self.corps)
            )
        })
    }
}

/// Une requête HTTP/1.1 sur une connexion neuve (`Connection: close`) ; `Err` si la
/// connexion échoue ou se coupe avant la fin de la réponse (serveur tué).
fn requete(
    port: u16,
    methode: &str,
    chemin: &str,
    cookie: Option<&str>,
    type_corps: &str,
    corps: &[u8],
) -> std::io::Result<Reponse> {
    let mut flux = TcpStream::connect(("127.0.0.1", port))?;
    flux.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut tete = format!(
        "{methode} {chemin} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: {type_corps}\r\nContent-Length: {}\r\n",
        corps.len()
    );
    if let Some(c) = cookie {
        tete.push_str(&format!("Cookie: {c}\r\n"));
    }
    tete.push_str("\r\n");
    flux.write_all(tete.as_bytes())?;
    flux.write_all(corps)?;
    let mut brut = Vec::new();
    flux.read_to_end(&mut brut)?;
    let fin_tete = brut
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("réponse sans en-têtes complets"))?;
    let entetes = String::from_utf8_lossy(&brut[..fin_tete]).into_owned();
    let statut: u16 = entetes
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("ligne de statut illisible"))?;
    let corps = brut[fin_tete + 4..].to_vec();
    // Réponse coupée : moins d'octets que Content-Length annonce.
    if let Some(n) = entetes.lines().find_map(|l| {
        l.to_ascii_lowercase()
            .strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    }) && corps.len() < n
    {
        return Err(std::io::Error::other("réponse tronquée"));
    }
    Ok(Reponse {
        statut,
        entetes,
        corps,
    })
}

fn port_libre() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .expect("port libre")
        .local_addr()
        .unwrap()
        .port()
}

fn demarrer(base: &str, port: u16) -> Child {
    let mut enfant = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args([
            "serve",
            "--adresse",
            &format!("127.0.0.1:{port}"),
            "--database-url",
            base,
        ])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("lancement du serveur");
    let debut = Instant::now();
    while debut.elapsed() < Duration::from_secs(60) {
        if requete(port, "GET", "/healthz", None, "text/plain", b"").is_ok_and(|r| r.statut == 200)
        {
            return enfant;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = enfant.kill();
    let _ = enfant.wait();
    panic!("le serveur ne répond pas sur le port {port}");
}

fn connecter(port: u16) -> String {
    let corps = serde_json::json!({"identifiant": "ecrivain", "mot_de_passe": MOT_DE_PASSE});
    let r = requete(
        port,
        "POST",
        "/api/v1/session",
        None,
        "application/json",
        corps.to_string().as_bytes(),
    )
    .expect("connexion");
    assert_eq!(r.statut, 200, "{}", String::from_utf8_lossy(&r.corps));
    r.entetes
        .lines()
        .filter_map(|l| l.split_once(':'))
        .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, v)| v.trim().split(';').next())
        .find(|c| c.starts_with("passerelle_session="))
        .expect("cookie de session")
        .to_owned()
}

/// Le PDF déposé pour une proposition : son contenu la nomme (vérifiable octet pour octet).
fn pdf(matricule: &str, cible: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n% CREP de {matricule} pour {cible}\n{}\n%%EOF\n",
        "x".repeat(2000)
    )
    .into_bytes()
}

/// Écritures reçues en 201 : (id de la proposition, matricule, cible, pièce déposée).
type Acquittees = Arc<Mutex<Vec<(i64, String, String, bool)>>>;

fn ecrire_en_boucle(
    port: u16,
    cookie: String,
    annee: i32,
    travail: Vec<(String, &'static str)>,
    acquittees: Acquittees,
    compte: Arc<AtomicUsize>,
    arret: Arc<AtomicBool>,
) {
    for (matricule, cible) in travail {
        if arret.load(Ordering::SeqCst) {
            return;
        }
        let corps = serde_json::json!({"matricule": matricule, "cible": cible, "voie": "choix"});
        let Ok(r) = requete(
            port,
            "POST",
            &format!("/api/v1/campagnes/{annee}/propositions"),
            Some(&cookie),
            "application/json",
            corps.to_string().as_bytes(),
        ) else {
            return;
        };
        assert_eq!(r.statut, 201, "{}", String::from_utf8_lossy(&r.corps));
        let id = r.json()["id"].as_i64().expect("id de la proposition");
        let i = {
            let mut a = acquittees.lock().unwrap();
            a.push((id, matricule.clone(), cible.to_owned(), false));
            a.len() - 1
        };
        compte.fetch_add(1, Ordering::SeqCst);
        let Ok(r) = requete(
            port,
            "PUT",
            &format!("/api/v1/propositions/{id}/pieces/crep"),
            Some(&cookie),
            "application/pdf",
            &pdf(&matricule, cible),
        ) else {
            return;
        };
        assert_eq!(r.statut, 201, "{}", String::from_utf8_lossy(&r.corps));
        acquittees.lock().unwrap()[i].3 = true;
        compte.fetch_add(1, Ordering::SeqCst);
    }
}

/// Aujourd'hui selon l'horloge du système, que le serveur lit aussi.
#[allow(clippy::disallowed_methods)]
fn aujourd_hui() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

fn scenario(
    base: &str,
    store: &store::Store,
    rt: &tokio::runtime::Runtime,
    dossier: &std::path::Path,
) {
    let csv = dossier.join("csv");
    let csv_texte = csv.to_str().unwrap();
    passerelle(
        &[
            "generer",
            "--agents",
            &AGENTS.to_string(),
            "--graine",
            "3",
            "--sortie",
            csv_texte,
        ],
        None,
    );
    passerelle(&["import", csv_texte, "--database-url", base], None);
    passerelle(
        &[
            "utilisateur",
            "ajouter",
            "--identifiant",
            "ecrivain",
            "--role",
            "gestionnaire",
            "--database-url",
            base,
        ],
        Some(MOT_DE_PASSE),
    );
    let matricules: Vec<String> = std::fs::read_to_string(csv.join("agents.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(';').next().unwrap().to_owned())
        .collect();
    assert_eq!(matricules.len(), AGENTS);

    let port = port_libre();
    let mut serveur = demarrer(base, port);
    let cookie = connecter(port);
    // Campagne de l'année prochaine, dépôt ouvert depuis hier et pour un mois.
    let jour = aujourd_hui();
    let annee = i32::from(jour.year()) + 1;
    let campagne = serde_json::json!({
        "annee": annee,
        "depot_ouverture": jour.yesterday().unwrap().to_string(),
        "depot_cloture": jour.checked_add(jiff::Span::new().days(30)).unwrap().to_string(),
        "date_effet_liste": format!("{annee}-03-01"),
    });
    let r = requete(
        port,
        "POST",
        "/api/v1/campagnes",
        Some(&cookie),
        "application/json",
        campagne.to_string().as_bytes(),
    )
    .unwrap();
    assert_eq!(r.statut, 201, "{}", String::from_utf8_lossy(&r.corps));

    // Quatre écrivains, chacun sa part des agents, deux grades cibles par agent.
    let acquittees: Acquittees = Arc::default();
    let compte = Arc::new(AtomicUsize::new(0));
    let arret = Arc::new(AtomicBool::new(false));
    let mut fils = Vec::new();
    for n in 0..4 {
        let travail: Vec<(String, &'static str)> = matricules
            .iter()
            .skip(n)
            .step_by(4)
            .flat_map(|m| [(m.clone(), "attache"), (m.clone(), "ingenieur")])
            .collect();
        let (cookie, acquittees, compte, arret) = (
            cookie.clone(),
            acquittees.clone(),
            compte.clone(),
            arret.clone(),
        );
        fils.push(std::thread::spawn(move || {
            ecrire_en_boucle(port, cookie, annee, travail, acquittees, compte, arret);
        }));
    }
    // Le serveur est tué au milieu des écritures (après 60 réponses 201).
    let debut = Instant::now();
    while compte.load(Ordering::SeqCst) < 60 {
        assert!(
            debut.elapsed() < Duration::from_secs(120),
            "écritures trop lentes"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    serveur.kill().expect("SIGKILL du serveur");
    serveur.wait().unwrap();
    arret.store(true, Ordering::SeqCst);
    for f in fils {
        f.join().expect("écrivain sans panique");
    }
    let acquittees = acquittees.lock().unwrap().clone();
    assert!(acquittees.len() >= 30, "{} écritures", acquittees.len());
    let pieces = acquittees.iter().filter(|x| x.3).count();
    eprintln!(
        "{base} : serveur tué après {} propositions et {pieces} pièces acquittées",
        acquittees.len()
    );

    // Base intègre, journal intact, hors serveur.
    let anomalies = rt.block_on(store.controler_integrite()).unwrap();
    assert!(anomalies.is_empty(), "{anomalies:?}");
    let v = passerelle(&["journal", "verifier", "--database-url", base], None);
    assert!(String::from_utf8_lossy(&v.stdout).contains("Journal intact"));

    // Relance : chaque écriture acquittée est là, la pièce octet pour octet.
    let port = port_libre();
    let mut serveur = demarrer(base, port);
    let cookie = connecter(port);
    for (id, matricule, cible, piece) in &acquittees {
        let r = requete(
            port,
            "GET",
            &format!("/api/v1/propositions/{id}"),
            Some(&cookie),
            "text/plain",
            b"",
        )
        .unwrap();
        assert_eq!(r.statut, 200, "proposition {id} acquittée puis perdue");
        let p = r.json();
        assert_eq!(
            (p["matricule"].as_str(), p["cible"].as_str()),
            (Some(matricule.as_str()), Some(cible.as_str()))
        );
        let r = requete(
            port,
            "GET",
            &format!("/api/v1/propositions/{id}/pieces/crep"),
            Some(&cookie),
            "text/plain",
            b"",
        )
        .unwrap();
        if *piece {
            assert_eq!(
                r.statut, 200,
                "pièce de la proposition {id} acquittée puis perdue"
            );
        }
        // Présente : entière, même si sa réponse n'était pas arrivée.
        if r.statut == 200 {
            assert_eq!(r.corps, pdf(matricule, cible), "pièce {id} altérée");
        } else {
            assert_eq!(r.statut, 404);
        }
    }
    // La base accepte de nouvelles écritures (journal compris).
    let dernier = matricules.last().unwrap();
    let corps = serde_json::json!({"matricule": dernier, "cible": "ingenieur", "voie": "examen"});
    let r = requete(
        port,
        "POST",
        &format!("/api/v1/campagnes/{annee}/propositions"),
        Some(&cookie),
        "application/json",
        corps.to_string().as_bytes(),
    )
    .unwrap();
    assert_eq!(r.statut, 201, "{}", String::from_utf8_lossy(&r.corps));
    serveur.kill().unwrap();
    serveur.wait().unwrap();
    let v = passerelle(&["journal", "verifier", "--database-url", base], None);
    assert!(String::from_utf8_lossy(&v.stdout).contains("Journal intact"));
}

fn dossier_temporaire(nom: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("passerelle-{nom}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("dossier temporaire");
    d
}

#[test]
fn arret_brutal_pendant_les_ecritures_de_la_campagne_sur_sqlite() {
    let dossier = dossier_temporaire("arret-brutal-sqlite");
    let base = format!("sqlite:{}", dossier.join("base.sqlite").display());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt.block_on(store::Store::ouvrir(&base)).unwrap();
    scenario(&base, &store, &rt, &dossier);
    rt.block_on(store.fermer());
    let _ = std::fs::remove_dir_all(&dossier);
}

#[test]
fn arret_brutal_pendant_les_ecritures_de_la_campagne_sur_postgresql() {
    let url = match std::env::var("DATABASE_URL_PG") {
        Ok(u) if !u.is_empty() => u,
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!(
                "DATABASE_URL_PG n'est pas posée : l'arrêt brutal doit aussi être essayé sur PostgreSQL"
            )
        }
        _ => {
            eprintln!("DATABASE_URL_PG absente : arrêt brutal sur SQLite seulement");
            return;
        }
    };
    let schema = format!("arret_brutal_{}", std::process::id());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let store = rt
        .block_on(store::Store::postgres_dans_schema(&url, &schema))
        .expect("PostgreSQL joignable");
    let separateur = if url.contains('?') { '&' } else { '?' };
    let base = format!("{url}{separateur}options=-c%20search_path%3D{schema}");
    let dossier = dossier_temporaire("arret-brutal-postgres");
    scenario(&base, &store, &rt, &dossier);
    rt.block_on(store.supprimer_schema(&schema)).unwrap();
    rt.block_on(store.fermer());
    let _ = std::fs::remove_dir_all(&dossier);
}
