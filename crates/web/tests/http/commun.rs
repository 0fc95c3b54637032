//! `TestApp` : un serveur complet sur une base de test (SQLite en mémoire, ou PostgreSQL
//! dans un schéma neuf quand `DATABASE_URL_PG` est posée), peuplé de deux collectivités,
//! de leurs agents et d'un compte par rôle, et des clients qui se connectent par l'API.
//!
//! ```ignore
//! for app in TestApp::tous("mon_test").await {
//!     let gestionnaire = app.client("gestionnaire").await;     // connecté
//!     let r = gestionnaire.get("/collectivites/C1").await;
//!     assert_eq!(r.statut, StatusCode::OK, "{}", app.moteur);
//!     app.fin().await;                                         // supprime le schéma
//! }
//! ```
//!
//! Population : C1 « Saint-Étienne » (agent A1, Durand Hélène, technicien principal de 1re
//! classe depuis le 01/09/2012), C2 « Roanne » (agent A2, Martin Paul, rédacteur depuis le
//! 01/01/2015). Comptes (mot de passe [`MOT_DE_PASSE`]) : `admin` (administrateur),
//! `gestionnaire`, `collectivite1` (C1), `collectivite2` (C2), `commission`, et `temoin`
//! (gestionnaire, pour les tests qui ouvrent et ferment des sessions).

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use http_body_util::BodyExt;
use store::import::{self, FichierCsv};
use store::{Acteur, Role, Store};
use tower::ServiceExt;

/// Mot de passe de tous les comptes de test.
pub const MOT_DE_PASSE: &str = "mot de passe de test";
/// Hôte des requêtes de test (admis par la configuration du serveur de test).
pub const HOTE: &str = "passerelle.test";

static COMPTEUR: AtomicUsize = AtomicUsize::new(0);

/// Un serveur de test et sa base.
pub struct TestApp {
    pub routeur: Router,
    pub store: Store,
    /// « SQLite » ou « PostgreSQL », pour les messages.
    pub moteur: &'static str,
    /// L'horloge du serveur : `app.horloge.fixer_au(date)` fixe « aujourd'hui ».
    pub horloge: web::Horloge,
    schema: String,
}

async fn peupler(store: &Store) {
    let fichiers = vec![
        FichierCsv::new(
            "collectivites.csv",
            "code_collectivite;nom;type;population;affiliee\n\
             C1;Saint-Étienne;commune;172565;oui\n\
             C2;Roanne;commune;34000;oui\n",
        ),
        FichierCsv::new(
            "agents.csv",
            "matricule;code_collectivite;nom;prenom;date_naissance\n\
             A1;C1;Durand;Hélène;02/04/1978\n\
             A2;C2;Martin;Paul;30/11/1985\n",
        ),
        FichierCsv::new(
            "periodes.csv",
            "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
             A1;2012-09-01;;territoriale;titulaire;technicien_principal_1re_classe;activite;;;;;;\n\
             A2;2015-01-01;;territoriale;titulaire;redacteur;activite;;;;;;\n",
        ),
    ];
    let systeme = Acteur::systeme("tests");
    import::importer(store, &fichiers, &systeme, &mut |_, _| {})
        .await
        .expect("import de la population de test");
    for (id, role, codes) in [
        ("admin", Role::Administrateur, vec![]),
        ("gestionnaire", Role::Gestionnaire, vec![]),
        ("collectivite1", Role::Collectivite, vec!["C1".to_owned()]),
        ("collectivite2", Role::Collectivite, vec!["C2".to_owned()]),
        ("commission", Role::Commission, vec![]),
        ("temoin", Role::Gestionnaire, vec![]),
    ] {
        store
            .ajouter_utilisateur(&systeme, id, role, &codes, MOT_DE_PASSE)
            .await
            .expect("compte de test");
    }
}

impl TestApp {
    fn routeur(
        store: &Store,
        horloge: &web::Horloge,
        configurer: impl FnOnce(&mut web::Etat),
    ) -> Router {
        let mut etat = web::Etat::new(store.clone(), 2026);
        etat.hotes = vec![HOTE.to_owned()];
        etat.horloge = horloge.clone();
        configurer(&mut etat);
        web::routeur(etat)
    }

    /// Sur SQLite en mémoire.
    pub async fn sqlite() -> TestApp {
        TestApp::sqlite_avec(|_| {}).await
    }

    /// Sur SQLite en mémoire, avec une configuration du serveur modifiée.
    pub async fn sqlite_avec(configurer: impl FnOnce(&mut web::Etat)) -> TestApp {
        let store = Store::sqlite_en_memoire().await.expect("SQLite en mémoire");
        peupler(&store).await;
        let horloge = web::Horloge::systeme();
        TestApp {
            routeur: TestApp::routeur(&store, &horloge, configurer),
            store,
            moteur: "SQLite",
            horloge,
            schema: String::new(),
        }
    }

    /// Sur PostgreSQL (schéma neuf), si `DATABASE_URL_PG` est posée ; en intégration continue
    /// (`CI=true`), son absence fait échouer le test.
    pub async fn postgres(test: &str) -> Option<TestApp> {
        let url = match std::env::var("DATABASE_URL_PG") {
            Ok(u) if !u.is_empty() => u,
            _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
                panic!(
                    "DATABASE_URL_PG n'est pas posée : les tests HTTP doivent aussi tourner sur PostgreSQL"
                )
            }
            _ => {
                eprintln!("DATABASE_URL_PG absente : test « {test} » sur SQLite seulement");
                return None;
            }
        };
        let schema = format!(
            "http_{test}_{}_{}",
            std::process::id(),
            COMPTEUR.fetch_add(1, Ordering::SeqCst)
        );
        let store = Store::postgres_dans_schema(&url, &schema)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL injoignable ({url}) : {e}"));
        peupler(&store).await;
        let horloge = web::Horloge::systeme();
        Some(TestApp {
            routeur: TestApp::routeur(&store, &horloge, |_| {}),
            store,
            moteur: "PostgreSQL",
            horloge,
            schema,
        })
    }

    /// SQLite, et PostgreSQL quand il est disponible.
    pub async fn tous(test: &str) -> Vec<TestApp> {
        let mut v = vec![TestApp::sqlite().await];
        v.extend(TestApp::postgres(test).await);
        v
    }

    /// Supprime le schéma PostgreSQL et ferme la base.
    pub async fn fin(self) {
        self.store
            .supprimer_schema(&self.schema)
            .await
            .expect("schéma supprimé");
        self.store.fermer().await;
    }

    /// Un client sans session.
    pub fn anonyme(&self) -> Client {
        Client {
            routeur: self.routeur.clone(),
            cookies: Vec::new(),
        }
    }

    /// Un client connecté sous ce compte (par `POST /api/v1/session`).
    pub async fn client(&self, identifiant: &str) -> Client {
        let mut c = self.anonyme();
        let r = c
            .post_json(
                "/api/v1/session",
                &serde_json::json!({"identifiant": identifiant, "mot_de_passe": MOT_DE_PASSE})
                    .to_string(),
            )
            .await;
        assert_eq!(
            r.statut,
            StatusCode::OK,
            "connexion de {identifiant} : {}",
            r.corps
        );
        assert!(c.cookie("passerelle_session").is_some());
        c
    }
}

/// Une réponse lue en entier.
#[derive(Debug)]
pub struct Reponse {
    pub statut: StatusCode,
    pub entetes: HeaderMap,
    pub corps: String,
}

impl Reponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.corps)
            .unwrap_or_else(|e| panic!("JSON attendu ({e}) : {}", self.corps))
    }

    pub fn entete(&self, nom: &str) -> Option<&str> {
        self.entetes.get(nom).and_then(|v| v.to_str().ok())
    }
}

/// Un client HTTP qui garde ses cookies.
#[derive(Clone)]
pub struct Client {
    routeur: Router,
    cookies: Vec<(String, String)>,
}

impl Client {
    /// Le même client (mêmes cookies) adressé à un autre serveur.
    pub fn sur(&self, routeur: Router) -> Client {
        Client {
            routeur,
            cookies: self.cookies.clone(),
        }
    }

    pub fn cookie(&self, nom: &str) -> Option<&str> {
        self.cookies
            .iter()
            .find(|(n, _)| n == nom)
            .map(|(_, v)| v.as_str())
    }

    /// Envoie une requête (hôte et cookies ajoutés), garde les cookies reçus.
    pub async fn envoyer(&mut self, mut requete: Request<Body>) -> Reponse {
        let h = requete.headers_mut();
        if !h.contains_key(header::HOST) {
            h.insert(header::HOST, HOTE.parse().unwrap());
        }
        if !self.cookies.is_empty() {
            let c: Vec<String> = self
                .cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            h.insert(header::COOKIE, c.join("; ").parse().unwrap());
        }
        let rep = self.routeur.clone().oneshot(requete).await.unwrap();
        for v in rep.headers().get_all(header::SET_COOKIE) {
            let texte = v.to_str().unwrap();
            let (nom, reste) = texte.split_once('=').unwrap();
            let valeur = reste.split(';').next().unwrap_or("");
            self.cookies.retain(|(n, _)| n != nom);
            if !valeur.is_empty() && !texte.contains("Max-Age=0") {
                self.cookies.push((nom.to_owned(), valeur.to_owned()));
            }
        }
        let statut = rep.status();
        let entetes = rep.headers().clone();
        let corps = rep.into_body().collect().await.unwrap().to_bytes();
        Reponse {
            statut,
            entetes,
            corps: String::from_utf8_lossy(&corps).into_owned(),
        }
    }

    pub async fn get(&mut self, uri: &str) -> Reponse {
        self.envoyer(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    pub async fn delete(&mut self, uri: &str) -> Reponse {
        self.envoyer(Request::delete(uri).body(Body::empty()).unwrap())
            .await
    }

    /// Requête avec un corps d'un type donné (PUT, PATCH, POST…).
    pub async fn avec_corps(
        &mut self,
        methode: axum::http::Method,
        uri: &str,
        type_contenu: &str,
        corps: Vec<u8>,
    ) -> Reponse {
        self.envoyer(
            Request::builder()
                .method(methode)
                .uri(uri)
                .header(header::CONTENT_TYPE, type_contenu)
                .body(Body::from(corps))
                .unwrap(),
        )
        .await
    }

    pub async fn put_json(&mut self, uri: &str, corps: &str) -> Reponse {
        self.avec_corps(
            axum::http::Method::PUT,
            uri,
            "application/json",
            corps.as_bytes().to_vec(),
        )
        .await
    }

    pub async fn patch_json(&mut self, uri: &str, corps: &str) -> Reponse {
        self.avec_corps(
            axum::http::Method::PATCH,
            uri,
            "application/json",
            corps.as_bytes().to_vec(),
        )
        .await
    }

    pub async fn put_pdf(&mut self, uri: &str, corps: &[u8]) -> Reponse {
        self.avec_corps(
            axum::http::Method::PUT,
            uri,
            "application/pdf",
            corps.to_vec(),
        )
        .await
    }

    /// POST sans corps.
    pub async fn post(&mut self, uri: &str) -> Reponse {
        self.envoyer(Request::post(uri).body(Body::empty()).unwrap())
            .await
    }

    /// Octets bruts de la dernière réponse (pour les pièces) : voir [`Client::get_octets`].
    pub async fn get_octets(&mut self, uri: &str) -> (StatusCode, HeaderMap, Vec<u8>) {
        let mut requete = Request::get(uri).body(Body::empty()).unwrap();
        let h = requete.headers_mut();
        h.insert(header::HOST, HOTE.parse().unwrap());
        if !self.cookies.is_empty() {
            let c: Vec<String> = self
                .cookies
                .iter()
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            h.insert(header::COOKIE, c.join("; ").parse().unwrap());
        }
        let rep = self.routeur.clone().oneshot(requete).await.unwrap();
        let statut = rep.status();
        let entetes = rep.headers().clone();
        let corps = rep.into_body().collect().await.unwrap().to_bytes().to_vec();
        (statut, entetes, corps)
    }

    pub async fn post_json(&mut self, uri: &str, corps: &str) -> Reponse {
        self.envoyer(
            Request::post(uri)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(corps.to_owned()))
                .unwrap(),
        )
        .await
    }

    /// Envoie un formulaire (les valeurs sont encodées), tel quel.
    pub async fn post_formulaire(&mut self, uri: &str, champs: &[(&str, &str)]) -> Reponse {
        let corps = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(champs)
            .finish();
        self.envoyer(
            Request::post(uri)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(corps))
                .unwrap(),
        )
        .await
    }

    /// Envoie un formulaire `multipart/form-data` : champs simples puis fichiers
    /// (champ, nom du fichier, contenu).
    pub async fn post_multipart(
        &mut self,
        uri: &str,
        champs: &[(&str, &str)],
        fichiers: &[(&str, &str, &[u8])],
    ) -> Reponse {
        let limite = "limite-de-test-8d1f";
        let mut corps = Vec::new();
        for (nom, valeur) in champs {
            corps.extend_from_slice(
                format!(
                    "--{limite}\r\nContent-Disposition: form-data; name=\"{nom}\"\r\n\r\n{valeur}\r\n"
                )
                .as_bytes(),
            );
        }
        for (nom, fichier, contenu) in fichiers {
            corps.extend_from_slice(
                format!(
                    "--{limite}\r\nContent-Disposition: form-data; name=\"{nom}\"; \
                     filename=\"{fichier}\"\r\nContent-Type: text/csv\r\n\r\n"
                )
                .as_bytes(),
            );
            corps.extend_from_slice(contenu);
            corps.extend_from_slice(b"\r\n");
        }
        corps.extend_from_slice(format!("--{limite}--\r\n").as_bytes());
        self.avec_corps(
            axum::http::Method::POST,
            uri,
            &format!("multipart/form-data; boundary={limite}"),
            corps,
        )
        .await
    }

    /// Le jeton CSRF que le serveur a placé dans la page (champ caché `csrf`).
    pub async fn csrf_de(&mut self, uri: &str) -> String {
        let r = self.get(uri).await;
        jeton_csrf(&r.corps).unwrap_or_else(|| panic!("pas de jeton CSRF dans {uri} : {}", r.corps))
    }
}

/// Valeur du champ caché `csrf` d'une page.
pub fn jeton_csrf(html: &str) -> Option<String> {
    let debut = html.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
    let fin = html[debut..].find('"')?;
    Some(html[debut..debut + fin].to_owned())
}
