//! Registre des inscriptions : cloisonnement dans les requêtes, situation recalculée par le
//! moteur, évènements refusés sans rien écrire, nominations comptées par année.

use jiff::civil::date;
use store::inscriptions::{
    FiltreInscriptions, NouvelEvenement, NouvelleInscription, SourceInscription, TypeEvenement,
};
use store::{Acteur, Portee, Role};

use crate::{auteur, liberer, moteurs};

fn nouvelle(nom: &str, collectivite: Option<&str>, cible: &str) -> NouvelleInscription {
    NouvelleInscription {
        matricule: None,
        nom: nom.into(),
        prenom: "Anne".into(),
        date_naissance: None,
        collectivite: collectivite.map(str::to_owned),
        centre_gestion: None,
        cible: cible.into(),
        annee: 2025,
        inscription: date(2025, 2, 1),
        liste_id: None,
        source: SourceInscription::Import,
    }
}

fn evenement(t: TypeEvenement, d: jiff::civil::Date) -> NouvelEvenement {
    NouvelEvenement {
        type_evenement: t,
        date: Some(d),
        motif: None,
        reponse: None,
        collectivite: None,
        emploi: None,
        vacance: None,
        poste_cree: None,
    }
}

#[tokio::test]
async fn registre_cloisonne_et_situation_du_moteur() {
    let bases = moteurs("inscriptions").await;
    for (store, _) in &bases {
        let aujourdhui = date(2026, 11, 30);
        let ids = store
            .creer_inscriptions(
                &auteur(),
                &[
                    nouvelle("Éluard", Some("C1"), "redacteur"),
                    nouvelle("Zola", Some("C2"), "attache"),
                    nouvelle("Zola", Some("C2"), "attache"),
                ],
                aujourdhui,
            )
            .await
            .unwrap();
        // La troisième est la même que la deuxième : pas de doublon.
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[1], ids[2]);
        let tout = store
            .inscriptions(&Portee::Cdg, &FiltreInscriptions::default(), aujourdhui)
            .await
            .unwrap();
        assert_eq!(tout.total, 2);
        // docs/quotas-et-listes.md §2 : inscription le 01/02/2025, dernier jour de la 2e
        // année le 31/01/2027, demande de maintien au plus tard le 31/12/2026.
        let e = &tout.inscriptions[0].etat;
        assert_eq!(e.fin_validite, Some(date(2027, 1, 31)));
        assert_eq!(e.prochaine_demande_maintien_avant, Some(date(2026, 12, 31)));
        // Recherche sans accents ni casse.
        let f = FiltreInscriptions {
            texte: Some("ELUARD".into()),
            ..FiltreInscriptions::default()
        };
        assert_eq!(
            store
                .inscriptions(&Portee::Cdg, &f, aujourdhui)
                .await
                .unwrap()
                .total,
            1
        );
        // Une collectivité ne voit que les siennes.
        let c1 = Portee::Collectivites(vec!["C1".into()]);
        let vues = store
            .inscriptions(&c1, &FiltreInscriptions::default(), aujourdhui)
            .await
            .unwrap();
        assert_eq!(vues.total, 1);
        assert_eq!(vues.inscriptions[0].inscription.nom, "Éluard");
        assert!(
            store
                .inscription(&c1, ids[1], aujourdhui)
                .await
                .unwrap()
                .is_none()
        );
        let acteur_c1 = Acteur {
            identifiant: "rh-c1".into(),
            role: Role::Collectivite,
            collectivites: vec!["C1".into()],
        };
        let offre = evenement(TypeEvenement::Offre, date(2026, 1, 5));
        assert!(
            store
                .ajouter_evenement(&acteur_c1, ids[1], &offre, aujourdhui)
                .await
                .unwrap()
                .is_none()
        );
        // Une offre du 05/01/2026 sans réponse est réputée refusée le 06/03/2026.
        let d = store
            .ajouter_evenement(&auteur(), ids[1], &offre, aujourdhui)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            d.etat.moteur.offres_reputees_refusees,
            vec![date(2026, 3, 6)]
        );
        // Une réponse sans offre en attente : refus, rien d'écrit.
        let mut reponse = evenement(TypeEvenement::ReponseOffre, date(2026, 3, 10));
        reponse.reponse = Some(droit::liste_aptitude::ReponseOffre::Acceptee);
        let r = store
            .ajouter_evenement(&auteur(), ids[0], &reponse, aujourdhui)
            .await;
        assert!(r.is_err(), "{r:?}");
        let d = store
            .inscription(&Portee::Cdg, ids[0], aujourdhui)
            .await
            .unwrap()
            .unwrap();
        assert!(d.evenements.is_empty());
        // Aucune nomination enregistrée.
        assert!(store.nominations_prononcees().await.unwrap().is_empty());
    }
    liberer(bases).await;
}
