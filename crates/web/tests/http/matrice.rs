//! Matrice des accès : chaque route déclarée (`web::acces::declarations()`), pour chaque
//! rôle (et sans session), et pour chaque collectivité quand la route désigne une donnée
//! d'une collectivité, sur SQLite et PostgreSQL.
//!
//! Une route sans exemple dans [`exemples`] fait échouer le test : une nouvelle route doit y
//! être ajoutée. Un 404 « hors portée » n'est admis que si la même requête, dans la portée du
//! même rôle, aboutit : un 404 de route absente ne peut pas passer pour un refus.

use axum::http::{Method, StatusCode};
use web::acces::{Corps, DeclarationRoute, Nature, Regle, declarations};

use crate::commun::{Client, MOT_DE_PASSE, TestApp};

/// Corps valide de la commande `services` (seed 002 §I.D : temps non complet en 2005).
pub const CORPS_SERVICES: &str = r#"{"agent": {"periodes": [{"debut": "2005-01-01",
 "fin": "2005-12-31", "versant": "territoriale", "statut": "titulaire",
 "grade": "adjoint_technique", "position": "activite", "quotite": 100,
 "heures_hebdomadaires": 10.5, "emploi": null, "fonctions": []}]},
 "jusqu_au": "2025-12-31", "perimetre": {"grades": ["adjoint_technique"]}}"#;

/// Un exemple de requête pour un motif de route.
struct Exemple {
    /// Adresse dont la donnée appartient à C1 (ou sans collectivité).
    c1: &'static str,
    /// Même adresse pour une donnée de C2, si la route désigne une collectivité.
    c2: Option<&'static str>,
    /// Corps JSON ou champs de formulaire (le jeton CSRF est ajouté).
    json: Option<&'static str>,
    formulaire: Option<&'static [(&'static str, &'static str)]>,
    /// Statut d'une requête admise.
    attendu: StatusCode,
    /// La requête ferme ou remplace la session : elle se fait sur une session neuve.
    session_neuve: bool,
}

const fn ex(c1: &'static str, attendu: StatusCode) -> Exemple {
    Exemple {
        c1,
        c2: None,
        json: None,
        formulaire: None,
        attendu,
        session_neuve: false,
    }
}

const CONNEXION_TEMOIN: &str =
    r#"{"identifiant": "temoin", "mot_de_passe": "mot de passe de test"}"#;

/// Exemples par (méthode, motif) ; doit couvrir toutes les routes déclarées.
fn exemples(d: &DeclarationRoute) -> Option<Exemple> {
    use StatusCode as S;
    let m = &d.methode;
    Some(match (m.as_str(), d.motif) {
        ("GET", "/healthz") => ex("/healthz", S::OK),
        ("GET", "/api/v1/openapi.json") => ex("/api/v1/openapi.json", S::OK),
        ("GET", "/static/style.css") => ex("/static/style.css", S::OK),
        ("GET", "/static/passerelle.css") => ex("/static/passerelle.css", S::OK),
        ("POST", "/api/v1/{commande}") => Exemple {
            json: Some(CORPS_SERVICES),
            ..ex("/api/v1/services", S::OK)
        },
        ("POST", "/api/v1/session") => Exemple {
            json: Some(CONNEXION_TEMOIN),
            session_neuve: true,
            ..ex("/api/v1/session", S::OK)
        },
        ("GET", "/api/v1/session") => ex("/api/v1/session", S::OK),
        ("DELETE", "/api/v1/session") => Exemple {
            session_neuve: true,
            ..ex("/api/v1/session", S::NO_CONTENT)
        },
        ("GET", "/connexion") => ex("/connexion", S::OK),
        ("POST", "/connexion") => Exemple {
            formulaire: Some(&[
                ("identifiant", "temoin"),
                ("mot_de_passe", MOT_DE_PASSE),
                ("retour", "/"),
            ]),
            session_neuve: true,
            ..ex("/connexion", S::SEE_OTHER)
        },
        ("POST", "/deconnexion") => Exemple {
            formulaire: Some(&[]),
            session_neuve: true,
            ..ex("/deconnexion", S::SEE_OTHER)
        },
        ("GET", "/api/v1/journal") => ex("/api/v1/journal", S::OK),
        ("GET", "/journal") => ex("/journal", S::OK),
        ("GET", "/") => ex("/", S::OK),
        ("GET", "/collectivites/{code}") => Exemple {
            c2: Some("/collectivites/C2"),
            ..ex("/collectivites/C1", S::OK)
        },
        ("GET", "/agents/{matricule}") => Exemple {
            c2: Some("/agents/A2"),
            ..ex("/agents/A1", S::OK)
        },
        _ => return None,
    })
}

/// Les profils essayés : sans session, puis un compte par rôle (deux collectivités).
const PROFILS: [Option<&str>; 6] = [
    None,
    Some("admin"),
    Some("gestionnaire"),
    Some("collectivite1"),
    Some("collectivite2"),
    Some("commission"),
];

fn role_de(profil: &str) -> store::Role {
    match profil {
        "admin" => store::Role::Administrateur,
        "gestionnaire" => store::Role::Gestionnaire,
        "commission" => store::Role::Commission,
        _ => store::Role::Collectivite,
    }
}

async fn appeler(
    app: &TestApp,
    client: &Client,
    profil: Option<&str>,
    d: &DeclarationRoute,
    e: &Exemple,
    uri: &str,
) -> crate::commun::Reponse {
    let mut c = match (profil, e.session_neuve) {
        (Some(p), true) => app.client(p).await,
        _ => client.clone(),
    };
    let mut formulaire: Vec<(&str, String)> = Vec::new();
    if let Some(champs) = e.formulaire {
        // Jeton CSRF : celui de la session, ou celui du formulaire de connexion.
        let page = if d.regle == Regle::Public {
            "/connexion"
        } else {
            "/"
        };
        let jeton = if d.regle == Regle::Public || profil.is_some() {
            c.csrf_de(page).await
        } else {
            "0".repeat(64)
        };
        formulaire.push(("csrf", jeton));
        formulaire.extend(champs.iter().map(|(k, v)| (*k, (*v).to_owned())));
    }
    let m = d.methode.clone();
    if let Some(corps) = e.json {
        assert_eq!(d.corps, Corps::Json);
        return c.post_json(uri, corps).await;
    }
    if e.formulaire.is_some() {
        let champs: Vec<(&str, &str)> = formulaire.iter().map(|(k, v)| (*k, v.as_str())).collect();
        return c.post_formulaire(uri, &champs).await;
    }
    if m == Method::GET {
        c.get(uri).await
    } else if m == Method::DELETE {
        c.delete(uri).await
    } else {
        panic!("méthode {m} sans exemple de corps pour {}", d.motif)
    }
}

#[tokio::test]
async fn chaque_route_a_une_regle_et_un_exemple() {
    let routes = declarations();
    let sans: Vec<String> = routes
        .iter()
        .filter(|d| exemples(d).is_none())
        .map(|d| format!("{} {}", d.methode, d.motif))
        .collect();
    assert!(
        sans.is_empty(),
        "routes sans exemple dans la matrice (crates/web/tests/http/matrice.rs) : {sans:?}"
    );
    // Contrat v2 : seuls /healthz, l'OpenAPI, les fichiers statiques, la connexion et le
    // moteur (POST /api/v1/<commande>) sont publics.
    let publiques: Vec<String> = routes
        .iter()
        .filter(|d| d.regle == Regle::Public)
        .map(|d| format!("{} {}", d.methode, d.motif))
        .collect();
    assert_eq!(
        publiques,
        vec![
            "GET /healthz",
            "GET /api/v1/openapi.json",
            "GET /static/style.css",
            "GET /static/passerelle.css",
            "POST /api/v1/{commande}",
            "POST /api/v1/session",
            "GET /connexion",
            "POST /connexion",
        ]
    );
}

#[tokio::test]
async fn matrice_route_role_collectivite_sans_fuite() {
    for app in TestApp::tous("matrice").await {
        let mut clients = Vec::new();
        for p in PROFILS {
            clients.push(match p {
                None => app.anonyme(),
                Some(id) => app.client(id).await,
            });
        }
        let mut cas = 0;
        for d in declarations() {
            let e = exemples(&d).expect("exemple (voir le test précédent)");
            for (profil, client) in PROFILS.iter().zip(&clients) {
                // (adresse, dans la portée du profil ?)
                let mut adresses = vec![(e.c1, *profil != Some("collectivite2"))];
                if let Some(c2) = e.c2 {
                    adresses.push((c2, *profil != Some("collectivite1")));
                } else {
                    adresses[0].1 = true;
                }
                for (uri, dans_portee) in adresses {
                    cas += 1;
                    let r = appeler(&app, client, *profil, &d, &e, uri).await;
                    let contexte = format!(
                        "{} {} {uri} en tant que {} ({}) : {} {}",
                        d.methode,
                        d.motif,
                        profil.unwrap_or("anonyme"),
                        app.moteur,
                        r.statut,
                        r.corps.chars().take(200).collect::<String>()
                    );
                    match (profil, d.regle) {
                        (None, Regle::Public) => assert_eq!(r.statut, e.attendu, "{contexte}"),
                        (None, _) => match d.nature {
                            Nature::Api => {
                                assert_eq!(r.statut, StatusCode::UNAUTHORIZED, "{contexte}");
                                assert_eq!(
                                    r.json()["erreur"]["code"],
                                    "non_connecte",
                                    "{contexte}"
                                );
                            }
                            Nature::Page => {
                                assert_eq!(r.statut, StatusCode::SEE_OTHER, "{contexte}");
                                let lieu = r.entete("location").unwrap_or("");
                                assert!(lieu.starts_with("/connexion?retour="), "{contexte}");
                            }
                        },
                        (Some(p), regle) if !regle.admet(role_de(p)) => {
                            assert_eq!(r.statut, StatusCode::FORBIDDEN, "{contexte}");
                        }
                        (Some(_), _) if dans_portee => {
                            assert_eq!(r.statut, e.attendu, "{contexte}");
                        }
                        (Some(p), _) => {
                            // Hors portée : 404, et la même route dans la portée de ce profil
                            // aboutit (elle existe) — vérifié sur l'autre adresse.
                            assert_eq!(r.statut, StatusCode::NOT_FOUND, "{contexte}");
                            let autre = if uri == e.c1 { e.c2.unwrap() } else { e.c1 };
                            let temoin = appeler(&app, client, Some(p), &d, &e, autre).await;
                            assert_eq!(
                                temoin.statut, e.attendu,
                                "témoin dans la portée : {contexte}"
                            );
                        }
                    }
                }
            }
        }
        // 16 routes, 6 profils, 2 adresses pour les routes d'une collectivité.
        assert!(cas >= 16 * 6, "{cas} cas seulement");
        app.fin().await;
    }
}
