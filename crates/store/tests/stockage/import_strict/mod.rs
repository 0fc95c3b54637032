//! Import CSV strict : encodages, caractères et longueurs des valeurs, formes de date,
//! formules conservées telles quelles, imports simultanés ; et essais de mutations
//! (fuzzing) sur le point d'entrée de l'import.

mod mutations;

use store::import::{self, EchecImport, FichierCsv};

use super::{auteur, jeu_valide, liberer, moteurs, rien};

/// Importe et rend l'erreur de fichier ; vérifie que rien n'a été écrit.
async fn refus(store: &store::Store, fichiers: &[FichierCsv]) -> import::ErreurImport {
    let avant = store.comptes().await.unwrap();
    let erreur = import::importer(store, fichiers, &auteur(), &mut rien)
        .await
        .expect_err("import refusé");
    assert_eq!(store.comptes().await.unwrap(), avant, "rien n'est écrit");
    match erreur {
        EchecImport::Fichier(e) => e,
        autre => panic!("erreur de fichier attendue : {autre}"),
    }
}

fn agents(lignes: &[u8]) -> FichierCsv {
    let mut octets = b"matricule;code_collectivite;nom;prenom;date_naissance\n".to_vec();
    octets.extend_from_slice(lignes);
    FichierCsv::new("agents.csv", octets)
}

#[tokio::test]
async fn un_fichier_qui_melange_utf8_et_windows_1252_est_refuse() {
    // Ligne 2 en UTF-8 (« Hélène »), ligne 3 en Windows-1252 (« Élodie ») : lu en
    // Windows-1252, le fichier était enregistré « HÃ©lÃ¨ne ».
    let bases = moteurs("melange_encodages").await;
    for (store, _) in &bases {
        let mut fichiers = jeu_valide();
        fichiers[1] = agents(
            b"A001;21690123400017;Durand;H\xC3\xA9l\xC3\xA8ne;02/04/1978\n\
              A002;21690123400099;Martin;\xC9lodie;1985-11-30\n",
        );
        let e = refus(store, &fichiers).await;
        assert_eq!((e.fichier.as_str(), e.ligne), ("agents.csv", 3));
        assert_eq!(
            e.message,
            "encodages mélangés : la ligne 2 est en UTF-8 et la ligne 3 en Windows-1252 ; \
             enregistrez tout le fichier dans un seul encodage (UTF-8 de préférence)"
        );
    }
    liberer(bases).await;
}

#[tokio::test]
async fn un_texte_deja_abime_est_refuse() {
    let bases = moteurs("texte_abime").await;
    for (store, _) in &bases {
        let mut fichiers = jeu_valide();
        fichiers[1] = agents(
            "A001;21690123400017;Durand;HÃ©lÃ¨ne;02/04/1978\nA002;21690123400099;Martin;Paul;1985-11-30\n"
                .as_bytes(),
        );
        let e = refus(store, &fichiers).await;
        assert_eq!(e.ligne, 2);
        assert!(e.message.contains("« HÃ©lÃ¨ne »"), "{}", e.message);
    }
    liberer(bases).await;
}

#[tokio::test]
async fn caracteres_de_controle_et_valeurs_demesurees_sont_refuses() {
    let bases = moteurs("controle_longueur").await;
    for (store, _) in &bases {
        for (ligne, colonne, nom, debut_message) in [
            (
                "A001;21690123400017;Dur\0and;Hélène;02/04/1978\n".to_owned(),
                3,
                "nom",
                "caractère nul interdit",
            ),
            (
                "A001;21690123400017;Durand;Hél\u{1}ène;02/04/1978\n".to_owned(),
                4,
                "prenom",
                "caractère de contrôle U+0001 interdit",
            ),
            (
                "A001;21690123400017;\"Dur\nand\";Hélène;02/04/1978\n".to_owned(),
                3,
                "nom",
                "retour à la ligne interdit",
            ),
            (
                format!(
                    "A001;21690123400017;{};Hélène;02/04/1978\n",
                    "D".repeat(5000)
                ),
                3,
                "nom",
                "valeur trop longue : 5000 caractères, 200 au plus",
            ),
        ] {
            let mut fichiers = jeu_valide();
            fichiers[1] = agents(ligne.as_bytes());
            let e = refus(store, &fichiers).await;
            assert_eq!(e.ligne, 2);
            assert_eq!(e.colonne, Some((colonne, nom.to_owned())));
            assert!(e.message.starts_with(debut_message), "{}", e.message);
        }
    }
    liberer(bases).await;
}

#[tokio::test]
async fn seules_les_dates_des_tableurs_sont_admises() {
    // docs/format-import.md : JJ/MM/AAAA ou AAAA-MM-JJ ; `2010-1-1` passait.
    let bases = moteurs("formes_de_date").await;
    for (store, _) in &bases {
        for (date, message) in [
            (
                "2010-1-1",
                "date attendue au format JJ/MM/AAAA ou AAAA-MM-JJ, reçu \"2010-1-1\"",
            ),
            (
                "1/9/2010",
                "date attendue au format JJ/MM/AAAA ou AAAA-MM-JJ, reçu \"1/9/2010\"",
            ),
            (
                "2010-09-01T00:00:00",
                "date attendue au format JJ/MM/AAAA ou AAAA-MM-JJ, reçu \"2010-09-01T00:00:00\"",
            ),
            (
                "01/01/1900",
                "la date 01/01/1900 est hors des bornes admises (1950 à 2100)",
            ),
        ] {
            let mut fichiers = jeu_valide();
            fichiers[2] = FichierCsv::new(
                "periodes.csv",
                format!(
                    "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
                     A001;{date};;territoriale;titulaire;technicien;activite;;;;;;\n"
                ),
            );
            let e = refus(store, &fichiers).await;
            assert_eq!(
                (e.ligne, e.colonne.clone(), e.message.as_str()),
                (2, Some((2, "debut".to_owned())), message)
            );
        }
    }
    liberer(bases).await;
}

#[tokio::test]
async fn les_nombres_s_ecrivent_en_chiffres() {
    let bases = moteurs("nombres_chiffres").await;
    for (store, _) in &bases {
        for jours in ["1e5", "-2", "+2", "inf", "2,", ",5", "2.5.1"] {
            let mut fichiers = jeu_valide();
            fichiers[3] = FichierCsv::new(
                "formations.csv",
                format!("matricule;type;date;jours\nA001;fppe;14/05/2013;{jours}\n"),
            );
            let e = refus(store, &fichiers).await;
            assert_eq!(e.colonne, Some((4, "jours".to_owned())), "{jours}");
        }
        // 400 jours pour une formation : plus d'une année.
        let mut fichiers = jeu_valide();
        fichiers[3] = FichierCsv::new(
            "formations.csv",
            "matricule;type;date;jours\nA001;fppe;14/05/2013;400\n",
        );
        let e = refus(store, &fichiers).await;
        assert_eq!(e.colonne, Some((4, "jours".to_owned())));
    }
    liberer(bases).await;
}

#[tokio::test]
async fn une_formule_est_conservee_telle_quelle() {
    // Une valeur qui commence par =, +, - ou @ est du texte : conservée sans changement en
    // base ; les exports la neutralisent (store::tableur::neutraliser_formule).
    let bases = moteurs("formule_conservee").await;
    for (store, _) in &bases {
        let mut fichiers = jeu_valide();
        fichiers[1] = agents(
            "A001;21690123400017;=HYPERLINK(\"http://x\",\"y\");@Hélène;02/04/1978\n\
             A002;21690123400099;-Martin;+Paul;1985-11-30\n"
                .as_bytes(),
        );
        import::importer(store, &fichiers, &auteur(), &mut rien)
            .await
            .expect("import accepté");
        let a = store
            .agent(&store::Portee::Cdg, "A001")
            .await
            .unwrap()
            .expect("agent A001");
        assert_eq!(a.fiche.nom, "=HYPERLINK(\"http://x\",\"y\")");
        assert_eq!(a.fiche.prenom, "@Hélène");
        assert_eq!(
            store::tableur::neutraliser_formule(&a.fiche.nom),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
    }
    liberer(bases).await;
}

/// Un centre de gestion de `n` agents, une période chacun.
fn gros_jeu(n: usize) -> Vec<FichierCsv> {
    let mut agents = String::from("matricule;code_collectivite;nom;prenom;date_naissance\n");
    let mut periodes = String::from(
        "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n",
    );
    for i in 0..n {
        agents.push_str(&format!("M{i};C1;Nom{i};Prénom;01/01/1980\n"));
        periodes.push_str(&format!(
            "M{i};2010-01-01;;territoriale;titulaire;technicien;activite;;;;;;\n"
        ));
    }
    vec![
        FichierCsv::new(
            "collectivites.csv",
            "code_collectivite;nom;type;population;affiliee\nC1;Commune;commune;1000;oui\n",
        ),
        FichierCsv::new("agents.csv", agents),
        FichierCsv::new("periodes.csv", periodes),
    ]
}

#[tokio::test]
async fn deux_imports_simultanes_se_suivent() {
    // Deux imports lancés en même temps sur la même base : le second attend la fin du
    // premier (SQLite : « database is locked » auparavant ; PostgreSQL : violation d'unicité
    // en anglais). Les deux réussissent et la base contient un seul exemplaire de chacun.
    let dossier = std::env::temp_dir().join(format!("passerelle-imports-{}", std::process::id()));
    std::fs::create_dir_all(&dossier).unwrap();
    let fichier = dossier.join("base.sqlite");
    let _ = std::fs::remove_file(&fichier);
    let sqlite = store::Store::ouvrir(&format!("sqlite:{}", fichier.display()))
        .await
        .unwrap();
    let mut bases = vec![(sqlite, String::new())];
    bases.extend(
        moteurs("imports_simultanes")
            .await
            .into_iter()
            .filter(|(_, schema)| !schema.is_empty()),
    );
    let jeu = gros_jeu(3000);
    for (store, _) in &bases {
        let (mut p1, mut p2) = (rien, rien);
        let (acteur1, acteur2) = (auteur(), auteur());
        let (a, b) = tokio::join!(
            import::importer(store, &jeu, &acteur1, &mut p1),
            import::importer(store, &jeu, &acteur2, &mut p2)
        );
        let (a, b) = (a.expect("premier import"), b.expect("second import"));
        // L'un crée les 3 000 agents, l'autre les trouve inchangés.
        let mut crees = [a.agents.creees, b.agents.creees];
        crees.sort();
        assert_eq!(crees, [0, 3000]);
        assert_eq!(a.agents.inchangees + b.agents.inchangees, 3000);
        assert_eq!(store.comptes().await.unwrap().agents, 3000);
    }
    liberer(bases).await;
    let _ = std::fs::remove_dir_all(&dossier);
}
