//! Mesure de la campagne côté centre de gestion, sur le stockage (SQLite, fichier) et par
//! les mêmes opérations que l'API : instruction automatique de 1 100 dossiers transmis,
//! décisions motivées des dossiers « à vérifier », cotation et enregistrement des dossiers
//! recevables, classement et établissement des listes de tous les grades cibles.
//!
//! `cargo bench -p web --bench cdg` (profil release ; chiffres dans docs/benchmarks.md).
//!
//! Objectifs (issue de la campagne, côté centre de gestion) : instruction et cotation de
//! 1 100 dossiers en moins de 5 s ; classement et listes en moins d'1 s.

use std::time::Instant;

use store::{Acteur, Collectivite, FicheAgent, LotImport, Store};
use web::demo_cdg::{Taille, campagne_passee};

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("exécuteur tokio");
    rt.block_on(async {
        let dossier =
            std::env::temp_dir().join(format!("passerelle-banc-cdg-{}", std::process::id()));
        std::fs::create_dir_all(&dossier).expect("dossier temporaire");
        let base = format!("sqlite:{}", dossier.join("banc.sqlite").display());
        let store = Store::ouvrir(&base).await.expect("base SQLite");
        // Un grand centre de gestion : 30 000 agents, 120 collectivités (graine fixe).
        let debut = Instant::now();
        let p = generateur::generer(&generateur::Parametres {
            agents: 30_000,
            graine: 2026,
            collectivites: Some(120),
        });
        let mut lot = LotImport::default();
        for c in &p.collectivites {
            lot.collectivites.push(Collectivite {
                code: c.code.clone(),
                nom: c.nom.clone(),
                type_collectivite: c.type_collectivite.code().to_owned(),
                population: Some(c.population),
                affiliee: c.affiliee,
            });
        }
        for a in p.agents.iter().filter(|a| a.agent.valider("").is_ok()) {
            lot.ajouter_agent(
                FicheAgent {
                    matricule: a.matricule.clone(),
                    code_collectivite: a.code_collectivite.clone(),
                    nom: a.nom.clone(),
                    prenom: a.prenom.clone(),
                },
                &a.agent,
            );
        }
        store
            .enregistrer(&lot, "banc", &Acteur::systeme("banc"), &mut |_, _| {})
            .await
            .expect("import");
        println!(
            "population : {} agents, {} collectivités, importés en {:.1} s",
            lot.agents.len(),
            lot.collectivites.len(),
            debut.elapsed().as_secs_f64()
        );
        let b = campagne_passee(
            &store,
            2026,
            Taille {
                par_cible: 300,
                dossiers_max: 1100,
            },
        )
        .await
        .expect("campagne")
        .expect("campagne neuve");
        let s = |d: std::time::Duration| d.as_secs_f64();
        println!("dossiers transmis : {}", b.propositions);
        println!(
            "préparation (propositions, pièces, transmissions) : {:.2} s",
            s(b.duree_preparation)
        );
        println!(
            "instruction automatique de {} dossiers : {:.2} s",
            b.propositions,
            s(b.duree_instruction)
        );
        println!(
            "décisions motivées (à vérifier) : {:.2} s",
            s(b.duree_decisions)
        );
        println!(
            "cotation et enregistrement de {} dossiers recevables : {:.2} s",
            b.recevables,
            s(b.duree_cotation)
        );
        println!(
            "instruction + cotation : {:.2} s (objectif < 5 s)",
            s(b.duree_instruction + b.duree_cotation)
        );
        println!(
            "classement et établissement de {} listes ({} inscrits) : {:.2} s (objectif < 1 s)",
            b.listes.len(),
            b.listes.iter().map(|(_, n)| n).sum::<usize>(),
            s(b.duree_listes)
        );
        store.fermer().await;
        let _ = std::fs::remove_dir_all(&dossier);
    });
}
