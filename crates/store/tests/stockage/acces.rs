//! Cloisonnement par collectivité dans les requêtes : hors de la portée, rien n'existe.

use store::import;
use store::{Portee, Store};

use crate::{auteur, jeu_valide, liberer, moteurs, rien};

// Jeu valide : A001 appartient à Écully (21690123400017), A002 à Lyon (21690123400099).
const ECULLY: &str = "21690123400017";
const LYON: &str = "21690123400099";

async fn rempli(store: &Store) {
    import::importer(store, &jeu_valide(), &auteur(), &mut rien)
        .await
        .expect("import valide");
}

#[tokio::test]
async fn une_collectivite_ne_voit_que_ses_agents_et_ses_collectivites() {
    let bases = moteurs("portee_collectivite").await;
    for (store, _) in &bases {
        rempli(store).await;
        let ecully = Portee::Collectivites(vec![ECULLY.to_owned()]);
        // Dans la portée : trouvé (le même appel sert de témoin : la ressource existe).
        assert!(store.agent(&ecully, "A001").await.unwrap().is_some());
        assert!(store.collectivite(&ecully, ECULLY).await.unwrap().is_some());
        // Hors de la portée : introuvable, comme une ressource qui n'existe pas.
        assert_eq!(store.agent(&ecully, "A002").await.unwrap(), None);
        assert_eq!(store.collectivite(&ecully, LYON).await.unwrap(), None);
        assert!(
            store
                .agents_de_collectivite(&ecully, LYON)
                .await
                .unwrap()
                .is_empty()
        );
        // Le centre de gestion voit bien A002 et Lyon : l'absence ci-dessus vient de la portée.
        assert!(store.agent(&Portee::Cdg, "A002").await.unwrap().is_some());
        assert_eq!(
            store
                .agents_de_collectivite(&Portee::Cdg, LYON)
                .await
                .unwrap()
                .len(),
            1
        );
        let codes: Vec<String> = store
            .collectivites(&ecully)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.collectivite.code)
            .collect();
        assert_eq!(codes, vec![ECULLY.to_owned()]);
        assert_eq!(store.matricules(&ecully).await.unwrap(), vec!["A001"]);
        assert_eq!(store.matricules(&Portee::Cdg).await.unwrap().len(), 2);
    }
    liberer(bases).await;
}

#[tokio::test]
async fn la_commission_ne_voit_aucune_donnee_personnelle() {
    let bases = moteurs("portee_commission").await;
    for (store, _) in &bases {
        rempli(store).await;
        assert_eq!(store.agent(&Portee::Aucune, "A001").await.unwrap(), None);
        assert!(
            store
                .collectivites(&Portee::Aucune)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(store.matricules(&Portee::Aucune).await.unwrap().is_empty());
        // Un compte de collectivité sans collectivité ne voit rien non plus (et non tout).
        let vide = Portee::Collectivites(vec![]);
        assert_eq!(store.agent(&vide, "A001").await.unwrap(), None);
        assert!(store.collectivites(&vide).await.unwrap().is_empty());
    }
    liberer(bases).await;
}

#[tokio::test]
async fn une_portee_de_plusieurs_collectivites() {
    let bases = moteurs("portee_plusieurs").await;
    for (store, _) in &bases {
        rempli(store).await;
        let deux = Portee::Collectivites(vec![ECULLY.to_owned(), LYON.to_owned()]);
        assert_eq!(store.matricules(&deux).await.unwrap(), vec!["A001", "A002"]);
        assert!(store.agent(&deux, "A002").await.unwrap().is_some());
        // Le jeu compte trois collectivités (Métropole de Lyon en plus) : deux visibles.
        assert_eq!(store.collectivites(&deux).await.unwrap().len(), 2);
    }
    liberer(bases).await;
}
