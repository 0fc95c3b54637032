//! Stockage de la campagne : promouvables calculés et périmés, pièces contrôlées à la
//! lecture, propositions refusées hors affiliation.

use droit::carriere::Agent;
use jiff::civil::date;
use serde_json::json;
use store::import::{self, FichierCsv};
use store::promouvables::{FiltrePromouvables, evaluer, evaluer_population};
use store::propositions::NouvelleProposition;
use store::{ErreurStockage, Portee, Store};

use crate::{auteur, jeu_valide, liberer, moteurs, rien};

#[test]
fn chemin_de_masse_et_agent_par_agent_donnent_les_memes_promouvables() {
    // Le calcul de masse (droit::lot, formations mises de côté) et le calcul agent par agent
    // (réponse du moteur sans les formations, formation évaluée à part) appliquent la même
    // règle : mêmes voies, même état de la formation, sur une population générée variée.
    let p = generateur::generer(&generateur::Parametres {
        agents: 3000,
        graine: 11,
        collectivites: Some(40),
    });
    let mut agents: Vec<Agent> = p.agents.iter().map(|a| a.agent.clone()).collect();
    let masse = evaluer_population(&mut agents, 2027);
    assert_eq!(agents.len(), masse.len());
    let mut promouvables = 0;
    for (a, m) in agents.iter().zip(&masse) {
        assert_eq!(&evaluer(a, 2027), m);
        promouvables += usize::from(!m.is_empty());
    }
    // La population générée compte des promouvables et des agents qui ne le sont pas.
    assert!(
        promouvables > 0 && promouvables < agents.len(),
        "{promouvables}"
    );
    // Les formations sont rendues à leurs agents.
    assert_eq!(
        agents.iter().filter(|a| a.formations.is_some()).count(),
        p.agents
            .iter()
            .filter(|a| a.agent.formations.is_some())
            .count()
    );
}

async fn campagne_2027(store: &Store) {
    store
        .creer_campagne(
            &auteur(),
            2027,
            date(2026, 11, 2),
            date(2026, 12, 18),
            date(2027, 3, 1),
        )
        .await
        .unwrap();
}

async fn calculs(store: &Store) -> usize {
    store
        .journal()
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "promouvables.calculer")
        .count()
}

#[tokio::test]
async fn promouvables_calcules_une_fois_puis_recalcules_apres_un_import() {
    let bases = moteurs("promouvables").await;
    for (store, _) in &bases {
        import::importer(store, &jeu_valide(), &auteur(), &mut rien)
            .await
            .unwrap();
        campagne_2027(store).await;
        let filtre = FiltrePromouvables {
            cible: Some("ingenieur".into()),
            ..Default::default()
        };
        // A001, technicien principal de 1re classe depuis le 01/09/2011 : plus de 8 ans au
        // 01/01/2027 (décret n° 2016-201 art. 10) → ingénieur au choix ; ses formations
        // sont renseignées, leur état est donc connu (vrai ou faux, jamais inconnu).
        let page = store.promouvables(&auteur(), 2027, &filtre).await.unwrap();
        assert_eq!(page.total, 1, "{}", store.moteur());
        let p = &page.promouvables[0];
        assert_eq!((p.matricule.as_str(), p.voie.as_str()), ("A001", "choix"));
        assert!(p.formation_a_jour.is_some());
        assert_eq!(calculs(store).await, 1);
        // Relu sans changement : pas de nouveau calcul.
        store.promouvables(&auteur(), 2027, &filtre).await.unwrap();
        assert_eq!(calculs(store).await, 1);
        // A001 redevient technicien (nouvelle carrière importée) : le calcul est périmé, il
        // est refait à la lecture suivante et A001 n'est plus promouvable au choix (le grade
        // détenu au 01/01/2027 n'est plus technicien principal de 1re classe).
        import::importer(
            store,
            &[FichierCsv::new(
                "periodes.csv",
                "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
                 A001;01/09/2010;;territoriale;titulaire;technicien;activite;;;;;;\n",
            )],
            &auteur(),
            &mut rien,
        )
        .await
        .unwrap();
        let page = store.promouvables(&auteur(), 2027, &filtre).await.unwrap();
        assert_eq!(page.total, 0, "{}", store.moteur());
        assert_eq!(calculs(store).await, 2);
        // Hors portée : rien.
        let portee_vide = store::Acteur {
            identifiant: "rh".into(),
            role: store::Role::Collectivite,
            collectivites: vec!["21690123400099".into()],
        };
        let page = store
            .promouvables(&portee_vide, 2027, &FiltrePromouvables::default())
            .await
            .unwrap();
        assert!(
            page.promouvables
                .iter()
                .all(|p| p.collectivite == "21690123400099")
        );
    }
    liberer(bases).await;
}

#[tokio::test]
async fn une_piece_alteree_n_est_jamais_servie() {
    let bases = moteurs("pieces").await;
    for (store, _) in &bases {
        import::importer(store, &jeu_valide(), &auteur(), &mut rien)
            .await
            .unwrap();
        campagne_2027(store).await;
        let vide = json!({});
        let nouvelle = |matricule| NouvelleProposition {
            annee: 2027,
            matricule,
            cible: "ingenieur",
            voie: "choix",
            rang: None,
            dossier: &vide,
            promouvable: true,
            eligibilite: &vide,
            version_catalogue: "tests",
        };
        // A002 est agent de Lyon, non affiliée : pas de proposition au centre de gestion.
        let e = store
            .creer_proposition(&auteur(), &nouvelle("A002"))
            .await
            .unwrap_err();
        assert!(
            matches!(
                e,
                ErreurStockage::Refus {
                    code: "non_affiliee",
                    ..
                }
            ),
            "{e:?}"
        );
        let p = store
            .creer_proposition(&auteur(), &nouvelle("A001"))
            .await
            .unwrap()
            .unwrap();
        let pdf = b"%PDF-1.7\n%%EOF\n";
        let e = store
            .deposer_piece(&auteur(), p.id, "crep", None, b"PK\x03\x04")
            .await
            .unwrap_err();
        assert!(matches!(e, ErreurStockage::Invalide(_)), "{e:?}");
        let r = store
            .deposer_piece(&auteur(), p.id, "crep", Some("crep.pdf"), pdf)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.sha256, store::pieces::sha256(pdf));
        let lue = store
            .piece(&Portee::Cdg, p.id, "crep")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(lue.octets, pdf);
        // Octets modifiés en base, hors de Passerelle : la lecture refuse de les servir.
        let sql = "UPDATE pieces SET contenu = $1 WHERE proposition_id = $2";
        match store {
            Store::Sqlite(pool) => {
                sqlx::query(sql)
                    .bind(&b"%PDF-1.7\n%falsifie\n"[..])
                    .bind(p.id)
                    .execute(pool)
                    .await
                    .unwrap();
            }
            Store::Postgres(pool) => {
                sqlx::query(sql)
                    .bind(&b"%PDF-1.7\n%falsifie\n"[..])
                    .bind(p.id)
                    .execute(pool)
                    .await
                    .unwrap();
            }
        }
        let e = store.piece(&Portee::Cdg, p.id, "crep").await.unwrap_err();
        assert!(matches!(e, ErreurStockage::Incoherence(_)), "{e:?}");
        // Hors portée : la pièce n'existe pas.
        let autre = Portee::Collectivites(vec!["21690123400099".into()]);
        assert!(store.piece(&autre, p.id, "crep").await.unwrap().is_none());
    }
    liberer(bases).await;
}
