//! Comptes, sessions et limitation des échecs de connexion, sur les deux moteurs.

use store::utilisateurs::{ECHECS_PAR_ADRESSE, ECHECS_PAR_COMPTE};
use store::{Acteur, Connexion, ErreurStockage, Role, Store, import};

use crate::{auteur, jeu_valide, liberer, moteurs, rien};

const MDP: &str = "correct horse battery";

async fn avec_comptes(store: &Store) {
    import::importer(store, &jeu_valide(), &auteur(), &mut rien)
        .await
        .unwrap();
    store
        .ajouter_utilisateur(&auteur(), "marie", Role::Gestionnaire, &[], MDP)
        .await
        .expect("compte créé");
    store
        .ajouter_utilisateur(
            &auteur(),
            "rh.ecully",
            Role::Collectivite,
            &["21690123400017".to_owned()],
            MDP,
        )
        .await
        .expect("compte de collectivité créé");
}

fn session(c: Connexion) -> store::SessionOuverte {
    match c {
        Connexion::Ouverte(s) => s,
        autre => panic!("session attendue, obtenu {autre:?}"),
    }
}

#[tokio::test]
async fn creation_validee_et_journalisee_sans_le_mot_de_passe() {
    let bases = moteurs("comptes_creation").await;
    for (store, _) in &bases {
        avec_comptes(store).await;
        // Contrat v2 : un mot de passe de moins de 12 caractères est refusé.
        let e = store
            .ajouter_utilisateur(&auteur(), "paul", Role::Commission, &[], "onze-caract")
            .await
            .unwrap_err();
        assert!(matches!(e, ErreurStockage::Invalide(_)), "{e}");
        assert!(e.to_string().contains("12 caractères"), "{e}");
        let e = store
            .ajouter_utilisateur(&auteur(), "marie", Role::Commission, &[], MDP)
            .await
            .unwrap_err();
        assert!(matches!(e, ErreurStockage::Conflit(_)), "{e}");
        let e = store
            .ajouter_utilisateur(&auteur(), "x", Role::Collectivite, &[], MDP)
            .await
            .unwrap_err();
        assert!(e.to_string().contains("au moins une collectivité"), "{e}");
        let e = store
            .ajouter_utilisateur(&auteur(), "y", Role::Collectivite, &["ZZZ".into()], MDP)
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("« ZZZ » n'est pas enregistrée"),
            "{e}"
        );
        let comptes = store.utilisateurs().await.unwrap();
        let ids: Vec<&str> = comptes.iter().map(|u| u.identifiant.as_str()).collect();
        assert_eq!(ids, vec!["marie", "rh.ecully"]);
        assert_eq!(comptes[1].collectivites, vec!["21690123400017"]);
        let journal = store.journal().await.unwrap();
        let ajout = journal
            .iter()
            .find(|e| e.objet == "utilisateur:marie")
            .expect("création journalisée");
        assert_eq!(ajout.action, "utilisateur.ajouter");
        assert_eq!(ajout.utilisateur, "systeme:tests");
        let texte = serde_json::to_string(&journal).unwrap();
        assert!(!texte.contains(MDP) && !texte.contains("argon2"), "{texte}");
    }
    liberer(bases).await;
}

#[tokio::test]
async fn session_ouverte_retrouvee_puis_fermee() {
    let bases = moteurs("comptes_session").await;
    for (store, _) in &bases {
        avec_comptes(store).await;
        let s = session(
            store
                .ouvrir_session("rh.ecully", MDP, "192.0.2.1", None)
                .await
                .unwrap(),
        );
        assert_eq!(s.jeton.len(), 64);
        assert_eq!(s.acteur.role, Role::Collectivite);
        assert_eq!(s.acteur.collectivites, vec!["21690123400017"]);
        let v = store
            .session(&s.jeton)
            .await
            .unwrap()
            .expect("session valide");
        assert_eq!(v.acteur, s.acteur);
        assert_eq!(v.csrf, s.csrf);
        // Le jeton n'est pas stocké en clair.
        let brut: Vec<String> = match store {
            Store::Sqlite(p) => sqlx::query_scalar("SELECT empreinte_jeton FROM sessions")
                .fetch_all(p)
                .await
                .unwrap(),
            Store::Postgres(p) => sqlx::query_scalar("SELECT empreinte_jeton FROM sessions")
                .fetch_all(p)
                .await
                .unwrap(),
        };
        assert!(!brut.contains(&s.jeton));
        // Rotation : une nouvelle connexion avec l'ancien jeton ferme l'ancienne session.
        let s2 = session(
            store
                .ouvrir_session("rh.ecully", MDP, "192.0.2.1", Some(&s.jeton))
                .await
                .unwrap(),
        );
        assert_ne!(s2.jeton, s.jeton);
        assert!(store.session(&s.jeton).await.unwrap().is_none());
        store.fermer_session(&s2.acteur, &s2.jeton).await.unwrap();
        assert!(store.session(&s2.jeton).await.unwrap().is_none());
        // Un compte désactivé perd ses sessions et ne peut plus se connecter.
        let s3 = session(
            store
                .ouvrir_session("marie", MDP, "192.0.2.1", None)
                .await
                .unwrap(),
        );
        assert!(
            store
                .desactiver_utilisateur(&auteur(), "marie")
                .await
                .unwrap()
        );
        assert!(store.session(&s3.jeton).await.unwrap().is_none());
        assert_eq!(
            store
                .ouvrir_session("marie", MDP, "192.0.2.1", None)
                .await
                .unwrap(),
            Connexion::Refusee
        );
        // Un nouveau mot de passe réactive le compte ; l'ancien ne vaut plus rien.
        assert!(
            store
                .changer_mot_de_passe(&auteur(), "marie", "un autre mot de passe")
                .await
                .unwrap()
        );
        assert_eq!(
            store
                .ouvrir_session("marie", MDP, "192.0.2.2", None)
                .await
                .unwrap(),
            Connexion::Refusee
        );
        session(
            store
                .ouvrir_session("marie", "un autre mot de passe", "192.0.2.2", None)
                .await
                .unwrap(),
        );
        let actions: Vec<String> = store
            .journal()
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        for a in [
            "session.ouvrir",
            "session.fermer",
            "utilisateur.desactiver",
            "utilisateur.mot_de_passe",
        ] {
            assert!(actions.iter().any(|x| x == a), "{a} absent de {actions:?}");
        }
    }
    liberer(bases).await;
}

#[tokio::test]
async fn session_expiree_par_inactivite_ou_par_age() {
    let bases = moteurs("comptes_expiration").await;
    for (store, _) in &bases {
        avec_comptes(store).await;
        for (colonne, recul) in [
            ("vue_le", store::utilisateurs::INACTIVITE_MAX + 1),
            ("creee_le", store::utilisateurs::DUREE_MAX + 1),
        ] {
            let s = session(
                store
                    .ouvrir_session("marie", MDP, "192.0.2.9", None)
                    .await
                    .unwrap(),
            );
            let sql = format!("UPDATE sessions SET {colonne} = {colonne} - {recul}");
            match store {
                Store::Sqlite(p) => {
                    sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(p)
                        .await
                        .unwrap();
                }
                Store::Postgres(p) => {
                    sqlx::query(sqlx::AssertSqlSafe(sql))
                        .execute(p)
                        .await
                        .unwrap();
                }
            }
            assert!(
                store.session(&s.jeton).await.unwrap().is_none(),
                "session encore valide après {colonne} - {recul} s"
            );
        }
    }
    liberer(bases).await;
}

#[tokio::test]
async fn echecs_limites_par_compte_et_par_adresse_meme_reponse_si_le_compte_n_existe_pas() {
    let bases = moteurs("comptes_limitation").await;
    for (store, _) in &bases {
        avec_comptes(store).await;
        // Même réponse pour un compte inconnu et pour un mauvais mot de passe.
        assert_eq!(
            store
                .ouvrir_session("inconnu", MDP, "198.51.100.1", None)
                .await
                .unwrap(),
            Connexion::Refusee
        );
        assert_eq!(
            store
                .ouvrir_session("marie", "mauvais mot de passe", "198.51.100.2", None)
                .await
                .unwrap(),
            Connexion::Refusee
        );
        // Par compte : après ECHECS_PAR_COMPTE échecs (le premier ci-dessus compris), même le
        // bon mot de passe est refusé, depuis n'importe quelle adresse.
        for i in 1..ECHECS_PAR_COMPTE {
            let r = store
                .ouvrir_session(
                    "marie",
                    "mauvais mot de passe",
                    &format!("198.51.100.{}", 10 + i),
                    None,
                )
                .await
                .unwrap();
            assert_eq!(r, Connexion::Refusee, "échec n° {}", i + 1);
        }
        let r = store
            .ouvrir_session("marie", MDP, "198.51.100.99", None)
            .await
            .unwrap();
        assert!(
            matches!(r, Connexion::Limitee { secondes } if secondes > 0),
            "{r:?}"
        );
        // Par adresse : ECHECS_PAR_ADRESSE échecs sur des comptes différents.
        for i in 0..ECHECS_PAR_ADRESSE {
            let r = store
                .ouvrir_session(&format!("compte{i}"), MDP, "203.0.113.7", None)
                .await
                .unwrap();
            assert_eq!(r, Connexion::Refusee);
        }
        let r = store
            .ouvrir_session("rh.ecully", MDP, "203.0.113.7", None)
            .await
            .unwrap();
        assert!(matches!(r, Connexion::Limitee { .. }), "{r:?}");
        // Une autre adresse n'est pas touchée.
        session(
            store
                .ouvrir_session("rh.ecully", MDP, "203.0.113.8", None)
                .await
                .unwrap(),
        );
    }
    liberer(bases).await;
}

#[tokio::test]
async fn acteur_systeme_de_portee_cdg() {
    let a = Acteur::systeme("import");
    assert_eq!(a.identifiant, "systeme:import");
    assert_eq!(a.portee(), store::Portee::Cdg);
}
