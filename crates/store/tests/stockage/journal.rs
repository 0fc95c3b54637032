//! Journal d'audit chaîné : écriture et journal dans la même transaction, chaîne vérifiable,
//! réécritures refusées par la base ou détectées par la vérification.

use store::journal::EMPREINTE_INITIALE;
use store::{Role, Store, import};

use crate::{auteur, jeu_valide, liberer, moteurs, rien};

const MDP: &str = "correct horse battery";

/// Exécute une instruction SQL brute (rend l'erreur en texte).
async fn brut(store: &Store, sql: &str) -> Result<(), String> {
    let sql = sql.to_owned();
    match store {
        Store::Sqlite(p) => sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(p)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
        Store::Postgres(p) => sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(p)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string()),
    }
}

async fn quelques_ecritures(store: &Store) {
    import::importer(store, &jeu_valide(), &auteur(), &mut rien)
        .await
        .unwrap();
    store
        .ajouter_utilisateur(&auteur(), "marie", Role::Administrateur, &[], MDP)
        .await
        .unwrap();
    store
        .desactiver_utilisateur(&auteur(), "marie")
        .await
        .unwrap();
}

#[tokio::test]
async fn la_chaine_est_intacte_et_se_verifie() {
    let bases = moteurs("journal_chaine").await;
    for (store, _) in &bases {
        quelques_ecritures(store).await;
        let j = store.journal().await.unwrap();
        assert_eq!(j.len(), 3);
        assert_eq!(j[0].precedente, EMPREINTE_INITIALE);
        for (i, e) in j.iter().enumerate() {
            assert_eq!(e.id, i as i64 + 1);
            if i > 0 {
                assert_eq!(e.precedente, j[i - 1].empreinte);
                assert!(e.horodatage >= j[i - 1].horodatage);
            }
            // Horodatage de la base, RFC 3339 UTC à la milliseconde.
            assert_eq!(
                e.horodatage.len(),
                "2026-01-01T00:00:00.000Z".len(),
                "{}",
                e.horodatage
            );
            assert!(e.horodatage.parse::<jiff::Timestamp>().is_ok());
        }
        assert_eq!(j[2].action, "utilisateur.desactiver");
        assert_eq!(j[2].avant.as_ref().unwrap()["actif"], true);
        assert_eq!(j[2].apres.as_ref().unwrap()["actif"], false);
        let v = store.verifier_journal(&[]).await.unwrap();
        assert!(v.intacte(), "{v:?}");
        assert_eq!(v.entrees, 3);
        assert_eq!(v.tete, Some((3, j[2].empreinte.clone())));
        // Ancre juste : intacte ; ancre fausse : signalée.
        let v = store
            .verifier_journal(&[(2, j[1].empreinte.clone())])
            .await
            .unwrap();
        assert!(v.intacte(), "{v:?}");
        let v = store
            .verifier_journal(&[(2, "ab".repeat(32))])
            .await
            .unwrap();
        assert!(!v.intacte());
        assert_eq!(v.ancres_fausses[0].id, 2);
    }
    liberer(bases).await;
}

#[tokio::test]
async fn modification_suppression_vidage_et_remplacement_refuses() {
    let bases = moteurs("journal_refus").await;
    for (store, _) in &bases {
        quelques_ecritures(store).await;
        let e = brut(store, "UPDATE journal SET objet = 'x' WHERE id = 1")
            .await
            .unwrap_err();
        assert!(e.contains("ajout seul"), "{e}");
        let e = brut(store, "DELETE FROM journal WHERE id = 3")
            .await
            .unwrap_err();
        assert!(e.contains("ajout seul"), "{e}");
        match store {
            Store::Sqlite(_) => {
                // REPLACE supprime la ligne en conflit sans déclencheur de suppression : le
                // déclencheur d'insertion le refuse.
                let e = brut(
                    store,
                    "REPLACE INTO journal (id, horodatage, utilisateur, action, objet, avant, \
                     apres, precedente, empreinte) SELECT id, horodatage, 'pirate', action, \
                     objet, avant, apres, precedente, empreinte FROM journal WHERE id = 1",
                )
                .await
                .unwrap_err();
                assert!(e.contains("existe déjà"), "{e}");
                let e = brut(
                    store,
                    "INSERT OR REPLACE INTO journal SELECT * FROM journal WHERE id = 2",
                )
                .await
                .unwrap_err();
                assert!(e.contains("existe déjà"), "{e}");
            }
            Store::Postgres(_) => {
                let e = brut(store, "TRUNCATE journal").await.unwrap_err();
                assert!(e.contains("ajout seul : vidage refusée"), "{e}");
            }
        }
        assert_eq!(store.journal().await.unwrap().len(), 3);
        assert!(store.verifier_journal(&[]).await.unwrap().intacte());
    }
    liberer(bases).await;
}

#[tokio::test]
async fn entree_antidatee_ou_hors_de_la_suite_refusee() {
    let bases = moteurs("journal_antidate").await;
    for (store, _) in &bases {
        quelques_ecritures(store).await;
        let j = store.journal().await.unwrap();
        let tete = &j[2].empreinte;
        // Numéro et empreinte précédente justes, mais daté de 2020 : refusé.
        let e = brut(
            store,
            &format!(
                "INSERT INTO journal (id, horodatage, utilisateur, action, objet, precedente, \
                 empreinte) VALUES (4, '2020-01-01T00:00:00.000Z', 'x', 'x', 'x', '{tete}', 'x')"
            ),
        )
        .await
        .unwrap_err();
        assert!(e.contains("horodatage"), "{e}");
        // Empreinte précédente fausse : refusé.
        let e = brut(
            store,
            &format!(
                "INSERT INTO journal (id, horodatage, utilisateur, action, objet, precedente, \
                 empreinte) VALUES (4, '{}', 'x', 'x', 'x', '{EMPREINTE_INITIALE}', 'x')",
                j[2].horodatage
            ),
        )
        .await
        .unwrap_err();
        assert!(e.contains("empreinte précédente"), "{e}");
        // Numéro qui saute : refusé.
        let e = brut(
            store,
            &format!(
                "INSERT INTO journal (id, horodatage, utilisateur, action, objet, precedente, \
                 empreinte) VALUES (9, '{}', 'x', 'x', 'x', '{tete}', 'x')",
                j[2].horodatage
            ),
        )
        .await
        .unwrap_err();
        assert!(e.contains("hors de la suite"), "{e}");
        assert_eq!(store.journal().await.unwrap().len(), 3);
    }
    liberer(bases).await;
}

#[tokio::test]
async fn declencheur_supprime_puis_entree_reecrite_detectes() {
    let bases = moteurs("journal_reecrit").await;
    for (store, _) in &bases {
        quelques_ecritures(store).await;
        // Un administrateur de la base supprime la protection et réécrit l'entrée n° 2.
        match store {
            Store::Sqlite(_) => brut(store, "DROP TRIGGER journal_sans_modification").await,
            Store::Postgres(_) => {
                brut(store, "DROP TRIGGER journal_sans_modification ON journal").await
            }
        }
        .unwrap();
        brut(
            store,
            "UPDATE journal SET utilisateur = 'quelqu_un' WHERE id = 2",
        )
        .await
        .unwrap();
        let v = store.verifier_journal(&[]).await.unwrap();
        assert!(!v.intacte());
        assert_eq!(v.declencheurs_absents, vec!["journal_sans_modification"]);
        let r = v.rupture.expect("rupture nommée");
        assert_eq!(r.id, 2, "{}", r.message);
        assert!(r.message.contains("modifiée"), "{}", r.message);
        // Le journal vérifié jusqu'à l'entrée n° 1 : c'est la dernière tête sûre.
        assert_eq!(v.tete.map(|t| t.0), Some(1));
    }
    liberer(bases).await;
}

#[tokio::test]
async fn ecritures_concurrentes_gardent_la_chaine() {
    let bases = moteurs("journal_concurrence").await;
    for (store, _) in &bases {
        let mut taches = Vec::new();
        for i in 0..8 {
            let s = store.clone();
            taches.push(tokio::spawn(async move {
                s.ajouter_utilisateur(&auteur(), &format!("compte{i}"), Role::Commission, &[], MDP)
                    .await
            }));
        }
        for t in taches {
            t.await.unwrap().expect("écriture concurrente");
        }
        let v = store.verifier_journal(&[]).await.unwrap();
        assert!(v.intacte(), "{v:?}");
        assert_eq!(v.entrees, 8);
    }
    liberer(bases).await;
}

#[tokio::test]
async fn une_ecriture_annulee_ne_laisse_pas_d_entree() {
    let bases = moteurs("journal_annule").await;
    for (store, _) in &bases {
        quelques_ecritures(store).await;
        // Doublon : la transaction est annulée avant tout ajout au journal.
        assert!(
            store
                .ajouter_utilisateur(&auteur(), "marie", Role::Commission, &[], MDP)
                .await
                .is_err()
        );
        assert_eq!(store.journal().await.unwrap().len(), 3);
    }
    liberer(bases).await;
}

#[tokio::test]
async fn les_entrees_d_avant_le_chainage_sont_reprises_et_chainees() {
    // Une base SQLite au schéma 0001 (journal sans auteur ni chaîne), avec une entrée
    // d'import, puis ouverte par la version actuelle : l'entrée est reprise, chaînée, avec son
    // horodatage d'origine, et l'ancienne table disparaît.
    let dossier = std::env::temp_dir().join(format!("passerelle-reprise-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dossier);
    std::fs::create_dir_all(&dossier).unwrap();
    let adresse = format!("sqlite:{}", dossier.join("v1.sqlite").display());
    {
        use std::str::FromStr;
        let options = sqlx::sqlite::SqliteConnectOptions::from_str(&adresse)
            .unwrap()
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
        let mut premiere = sqlx::migrate!("./migrations/sqlite");
        premiere.migrations = std::borrow::Cow::Owned(premiere.migrations[..1].to_vec());
        premiere.run(&pool).await.unwrap();
        sqlx::query(
            "INSERT INTO journal (horodatage, action, detail) VALUES \
             ('2026-01-15T09:00:00Z', 'import', '{\"origine\": \"agents.csv\"}')",
        )
        .execute(&pool)
        .await
        .unwrap();
        pool.close().await;
    }
    let store = Store::ouvrir(&adresse).await.expect("migration 0002");
    let j = store.journal().await.unwrap();
    assert_eq!(j.len(), 1);
    assert_eq!(j[0].utilisateur, "systeme:migration");
    let apres = j[0].apres.as_ref().unwrap();
    assert_eq!(apres["horodatage_d_origine"], "2026-01-15T09:00:00Z");
    assert_eq!(apres["detail"]["origine"], "agents.csv");
    assert!(store.verifier_journal(&[]).await.unwrap().intacte());
    let restantes: i64 = match &store {
        Store::Sqlite(p) => {
            sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE name = 'journal_v1'")
                .fetch_one(p)
                .await
                .unwrap()
        }
        Store::Postgres(_) => unreachable!(),
    };
    assert_eq!(restantes, 0);
    store.fermer().await;
    let _ = std::fs::remove_dir_all(&dossier);
}
