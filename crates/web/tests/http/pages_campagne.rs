//! Pages de la campagne, de bout en bout, sur SQLite et PostgreSQL : création par le centre
//! de gestion, tableau de bord, déclaration de l'employeur, promouvables expliqués,
//! proposition, faits du dossier, pièces (formulaire avec fichier), transmission, lecture
//! seule, délai de rigueur, cloisonnement.

use axum::http::StatusCode;
use jiff::civil::date;
use serde_json::{Value, json};
use store::Acteur;

use crate::commun::{Client, Reponse, TestApp};

/// PDF minimal (44 octets) : voir `campagne::PDF`.
const PDF: &[u8] = b"%PDF-1.4\n% CREP 2025 de Durand Helene\n%%EOF\n";

/// Le corps d'une page, entités HTML décodées (askama échappe l'apostrophe).
pub fn html(r: &Reponse) -> String {
    r.corps
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&amp;", "&")
        .replace("&#38;", "&")
}

pub fn lieu(r: &Reponse) -> String {
    r.entete("location").unwrap_or("").to_owned()
}

async fn formulaire(c: &mut Client, page: &str, uri: &str, champs: &[(&str, &str)]) -> Reponse {
    let jeton = c.csrf_de(page).await;
    let mut tous = vec![("csrf", jeton.as_str())];
    tous.extend_from_slice(champs);
    c.post_formulaire(uri, &tous).await
}

#[tokio::test]
async fn parcours_de_l_employeur_et_tableau_de_bord_par_les_pages() {
    for app in TestApp::tous("pages_campagne").await {
        let m = app.moteur;
        // Aujourd'hui : 30/11/2026, dans la période de dépôt de la campagne 2027.
        app.horloge.fixer_au(date(2026, 11, 30));
        let mut g = app.client("gestionnaire").await;

        // 1. Création de la campagne par le formulaire (dates saisies des deux façons).
        let r = g.get("/campagnes").await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        assert!(r.corps.contains("<label for=\"depot_cloture\">"), "{m}");
        let r = formulaire(
            &mut g,
            "/campagnes",
            "/campagnes",
            &[
                ("annee", "2027"),
                ("depot_ouverture", "2026-11-02"),
                ("depot_cloture", "18/12/2026"),
                ("date_effet_liste", "2027-03-01"),
            ],
        )
        .await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        assert_eq!(lieu(&r), "/campagnes/2027?fait=creee");
        // Clôture avant l'ouverture : refus en français, formulaire rendu de nouveau.
        let r = formulaire(
            &mut g,
            "/campagnes",
            "/campagnes",
            &[
                ("annee", "2028"),
                ("depot_ouverture", "2027-12-01"),
                ("depot_cloture", "2027-11-01"),
                ("date_effet_liste", "2028-03-01"),
            ],
        )
        .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert!(r.corps.contains("role=\"alert\""), "{m} : {}", r.corps);
        assert!(r.corps.contains("value=\"2027-11-01\""), "{m}");

        // 2. Tableau de bord : du 30/11 au 18/12 inclus, 19 jours de dépôt ; les deux
        // collectivités affiliées n'ont rien déclaré.
        let r = g.get("/campagnes/2027?fait=creee").await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        let t = &html(&r);
        assert!(t.contains("La campagne est créée."), "{m}");
        assert!(
            t.contains("19 jours de dépôt restants, jusqu'au 18/12/2026"),
            "{m} : {t}"
        );
        assert!(
            t.contains("0 déclaration(s) reçue(s) sur 2 attendue(s)"),
            "{m}"
        );
        assert!(
            t.contains("/campagnes/2027/collectivites/C2#declaration\">Roanne"),
            "{m}"
        );
        // Seed 001 : A1, technicien principal de 1re classe depuis le 01/09/2012, est
        // promouvable ingénieur au choix (8 ans de services dans le grade).
        assert!(t.contains("Durand Hélène"), "{m} : {t}");
        let r = g
            .get("/campagnes/2027?collectivite=C2&cible=ingenieur")
            .await;
        assert!(
            !r.corps.contains("Durand Hélène"),
            "{m} : filtre collectivité"
        );

        // 3. L'employeur : sa campagne, sa déclaration.
        let mut c1 = app.client("collectivite1").await;
        let r = c1.get("/campagnes/2027").await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        assert!(r.corps.contains("/campagnes/2027/collectivites/C1"), "{m}");
        assert!(!r.corps.contains("Roanne"), "{m}");
        let page = "/campagnes/2027/collectivites/C1";
        let r = c1.get(page).await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        assert!(r.corps.contains("Aucune déclaration"), "{m}");
        assert!(r.corps.contains("Ingénieur territorial"), "{m}");
        // Recrutement de 2025 pour la liste 2027 : refusé (décret n° 2013-593 art. 31).
        let r = formulaire(
            &mut c1,
            page,
            &format!("{page}/declaration"),
            &[
                ("recrutement_cadre", "ingenieurs_territoriaux"),
                ("recrutement_mode", "concours"),
                ("recrutement_date", "2025-06-01"),
                ("recrutement_reference", "arrêté n° 2025-100"),
            ],
        )
        .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert!(html(&r).contains("n'est pas de 2026"), "{m} : {}", r.corps);
        let r = formulaire(
            &mut c1,
            page,
            &format!("{page}/declaration"),
            &[
                ("recrutement_cadre", "ingenieurs_territoriaux"),
                ("recrutement_mode", "concours"),
                ("recrutement_date", "01/03/2026"),
                ("recrutement_reference", "arrêté n° 2026-014"),
                ("effectif_ingenieurs_territoriaux_fonctionnaires", "12"),
                ("effectif_ingenieurs_territoriaux_cdi", "1"),
            ],
        )
        .await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        let d = app
            .store
            .declaration(&store::Portee::Cdg, 2027, "C1")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            d.contenu,
            json!({"recrutements": [{"cadre_emplois": "ingenieurs_territoriaux",
                "mode": "concours", "date": "2026-03-01", "reference": "arrêté n° 2026-014"}],
                "effectifs": [{"cadre_emplois": "ingenieurs_territoriaux",
                "fonctionnaires_activite_detachement": 12, "cdi": 1}]}),
            "{m}"
        );
        // La même déclaration en fichier CSV : une erreur nomme le fichier, la ligne du
        // tableur et la colonne ; rien n'est enregistré.
        let jeton = c1.csrf_de(page).await;
        let fichier = format!("{page}/declaration/fichier");
        let r = c1
            .post_multipart(
                &fichier,
                &[("csrf", &jeton)],
                &[(
                    "fichier",
                    "recensement.csv",
                    "nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n\
                 effectif;Ingénieurs territoriaux;;;;12;1\n\
                 recrutement;ingenieurs_territoriaux;concours;01/03/2026;;;\n"
                        .as_bytes(),
                )],
            )
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert!(
            html(&r).contains("recensement.csv, ligne 3, colonne « reference »"),
            "{m} : {}",
            r.corps
        );
        let r = c1
            .post_multipart(&fichier, &[("csrf", &jeton)], &[("fichier", "recensement.csv", "nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n\
                 effectif;Ingénieurs territoriaux;;;;12;1\n\
                 recrutement;ingenieurs_territoriaux;lauréat de concours;01/03/2026;arrêté n° 2026-014;;\n"
                    .as_bytes())])
            .await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        let d2 = app
            .store
            .declaration(&store::Portee::Cdg, 2027, "C1")
            .await
            .unwrap()
            .unwrap();
        // Mêmes recrutement et effectif que le formulaire, lignes dans l'autre ordre.
        assert_eq!(d2.contenu, d.contenu, "{m}");
        // Et en classeur XLSX (première feuille) : 46082 est le numéro de série du
        // 01/03/2026 (jours depuis le 30/12/1899) ; l'erreur nomme la feuille.
        {
            use crate::simulateur::Cellule::{Nombre as N, Texte as T, Vide as V};
            let entete: Vec<crate::simulateur::Cellule> = [
                "nature",
                "cadre_emplois",
                "mode",
                "date",
                "reference",
                "fonctionnaires",
                "cdi",
            ]
            .into_iter()
            .map(T)
            .collect();
            let effectif = [
                T("effectif"),
                T("ingenieurs_territoriaux"),
                V,
                V,
                V,
                N(12.0),
                N(1.0),
            ];
            let sans_arrete = [
                T("recrutement"),
                T("ingenieurs_territoriaux"),
                T("concours"),
                N(46082.0),
            ];
            let xlsx = crate::simulateur::classeur(&[&entete, &effectif, &sans_arrete]);
            let r = c1
                .post_multipart(
                    &fichier,
                    &[("csrf", &jeton)],
                    &[("fichier", "recensement.xlsx", &xlsx[..])],
                )
                .await;
            assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
            assert!(
                html(&r)
                    .contains("recensement.xlsx, première feuille, ligne 3, colonne « reference »"),
                "{m} : {}",
                r.corps
            );
            let complet = [
                T("recrutement"),
                T("ingenieurs_territoriaux"),
                T("concours"),
                N(46082.0),
                T("arrêté n° 2026-014"),
            ];
            let xlsx = crate::simulateur::classeur(&[&entete, &effectif, &complet]);
            let r = c1
                .post_multipart(
                    &fichier,
                    &[("csrf", &jeton)],
                    &[("fichier", "recensement.xlsx", &xlsx[..])],
                )
                .await;
            assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
            let d3 = app
                .store
                .declaration(&store::Portee::Cdg, 2027, "C1")
                .await
                .unwrap()
                .unwrap();
            assert_eq!(d3.contenu, d.contenu, "{m}");
        }
        let r = c1.get(page).await;
        assert!(r.corps.contains("arrêté n° 2026-014"), "{m}");
        assert!(r.corps.contains("01/03/2026"), "{m}");
        let r = g.get("/campagnes/2027").await;
        assert!(
            r.corps
                .contains("1 déclaration(s) reçue(s) sur 2 attendue(s)"),
            "{m}"
        );

        // 4. Proposition d'A1 (ingénieur au choix) depuis la liste des promouvables.
        let r = formulaire(
            &mut c1,
            page,
            &format!("{page}/propositions"),
            &[
                ("matricule", "A1"),
                ("cible", "ingenieur"),
                ("voie", "choix"),
                ("rang", "1"),
            ],
        )
        .await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        let dossier = lieu(&r).split('?').next().unwrap().to_owned();
        assert!(dossier.starts_with("/propositions/"), "{m}");
        let id: i64 = dossier
            .trim_start_matches("/propositions/")
            .parse()
            .unwrap();
        // Un agent d'une autre collectivité ne se propose pas depuis celle-ci (404).
        let r = formulaire(
            &mut g,
            page,
            &format!("{page}/propositions"),
            &[("matricule", "A2"), ("cible", "attache"), ("voie", "choix")],
        )
        .await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m}");
        let r = c1.get(page).await;
        assert!(r.corps.contains("déjà proposé(e)"), "{m}");
        assert!(r.corps.contains(&format!("href=\"{dossier}\"")), "{m}");

        // 5. Le dossier : grille déposée, liste de contrôle des pièces.
        let grille: Value = serde_json::from_str(crate::campagne::GRILLE).unwrap();
        app.store
            .definir_grille(&Acteur::systeme("tests"), 2027, &grille)
            .await
            .unwrap();
        let r = c1.get(&dossier).await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        let t = &r.corps;
        assert!(
            t.contains("Brouillon") || t.contains("brouillon"),
            "{m} : {t}"
        );
        // Grille de test : une ligne CREP (pièce crep), une ligne d'encadrement (pièce
        // organigramme), plus l'attestation de formation (décret n° 2008-512 art. 16).
        assert!(t.contains("3 pièce(s) manquante(s)"), "{m} : {t}");
        assert!(t.contains("enctype=\"multipart/form-data\""), "{m}");
        assert!(t.contains("name=\"fait_agents_encadres\""), "{m}");

        // Dépôt d'un fichier qui n'est pas un PDF : refusé ; puis du PDF.
        let jeton = c1.csrf_de(&dossier).await;
        let depot = format!("{dossier}/pieces");
        let r = c1
            .post_multipart(
                &depot,
                &[("csrf", &jeton), ("type", "crep")],
                &[("fichier", "crep.txt", &b"pas un pdf"[..])],
            )
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert!(html(&r).contains("n'est pas un document PDF"), "{m}");
        // Sans jeton CSRF : refusé.
        let r = c1
            .post_multipart(&depot, &[("type", "crep")], &[("fichier", "crep.pdf", PDF)])
            .await;
        assert_eq!(r.statut, StatusCode::FORBIDDEN, "{m}");
        let r = c1
            .post_multipart(
                &depot,
                &[("csrf", &jeton), ("type", "crep")],
                &[("fichier", "CREP 2025.pdf", PDF)],
            )
            .await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        let r = c1.get(&dossier).await;
        assert!(r.corps.contains("2 pièce(s) manquante(s)"), "{m}");
        assert!(r.corps.contains("CREP 2025.pdf"), "{m}");
        assert!(r.corps.contains("44 octets"), "{m}");
        let (statut, _, octets) = c1
            .get_octets(&format!("/api/v1/propositions/{id}/pieces/crep"))
            .await;
        assert_eq!(statut, StatusCode::OK);
        assert_eq!(octets, PDF);

        // Faits du dossier : agents encadrés et appréciation du CREP.
        let r = formulaire(
            &mut c1,
            &dossier,
            &format!("{dossier}/dossier"),
            &[("fait_agents_encadres", "4"), ("fait_crep", "excellent")],
        )
        .await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        let x = app
            .store
            .proposition(&store::Portee::Cdg, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            x.dossier,
            json!({"agents_encadres": 4, "crep": ["excellent"]}),
            "{m}"
        );
        let r = formulaire(
            &mut c1,
            &dossier,
            &format!("{dossier}/dossier"),
            &[("fait_agents_encadres", "beaucoup")],
        )
        .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        assert!(html(&r).contains("n'est pas un nombre positif"), "{m}");

        // 6. Cloisonnement : l'autre collectivité ne voit ni le dossier ni la page.
        let mut c2 = app.client("collectivite2").await;
        assert_eq!(c2.get(&dossier).await.statut, StatusCode::NOT_FOUND, "{m}");
        assert_eq!(c2.get(page).await.statut, StatusCode::NOT_FOUND, "{m}");
        let jeton2 = c2.csrf_de("/").await;
        let r = c2
            .post_formulaire(&format!("{dossier}/transmission"), &[("csrf", &jeton2)])
            .await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m}");
        // La commission n'a pas accès aux pages de la campagne.
        let mut commission = app.client("commission").await;
        assert_eq!(
            commission.get("/campagnes").await.statut,
            StatusCode::FORBIDDEN
        );

        // 7. Transmission, puis lecture seule.
        let r = formulaire(&mut c1, &dossier, &format!("{dossier}/transmission"), &[]).await;
        assert_eq!(r.statut, StatusCode::SEE_OTHER, "{m} : {}", r.corps);
        let r = c1.get(&format!("{dossier}?fait=transmise")).await;
        assert!(
            r.corps.contains("transmis le 30/11/2026"),
            "{m} : {}",
            r.corps
        );
        assert!(r.corps.contains("lecture seule"), "{m}");
        assert!(
            !r.corps.contains(&format!("action=\"{dossier}/dossier\"")),
            "{m}"
        );
        assert!(!r.corps.contains("multipart/form-data"), "{m}");
        let r = formulaire(
            &mut c1,
            page,
            &format!("{dossier}/dossier"),
            &[("fait_agents_encadres", "5")],
        )
        .await;
        assert_eq!(r.statut, StatusCode::CONFLICT, "{m}");
        assert!(r.corps.contains("ne peut plus être modifiée"), "{m}");

        // 8. Après le délai de rigueur (18/12/2026), un brouillon ne se transmet plus.
        let vide = json!({});
        let brouillon = app
            .store
            .creer_proposition(
                &Acteur::systeme("tests"),
                &store::propositions::NouvelleProposition {
                    annee: 2027,
                    matricule: "A1",
                    cible: "attache",
                    voie: "choix",
                    rang: None,
                    dossier: &vide,
                    promouvable: false,
                    eligibilite: &vide,
                    version_catalogue: "tests",
                },
            )
            .await
            .unwrap()
            .unwrap();
        let jeton = c1.csrf_de(page).await;
        app.horloge.fixer_au(date(2026, 12, 19));
        let r = c1
            .post_formulaire(
                &format!("/propositions/{}/transmission", brouillon.id),
                &[("csrf", &jeton)],
            )
            .await;
        assert_eq!(r.statut, StatusCode::CONFLICT, "{m}");
        assert!(
            html(&r).contains("La transmission n'est possible que pendant la période de dépôt"),
            "{m} : {}",
            r.corps
        );
        let r = c1.get(&format!("/propositions/{}", brouillon.id)).await;
        assert!(
            r.corps.contains("Le dépôt est clos depuis le 18/12/2026"),
            "{m}"
        );
        assert!(!r.corps.contains("Transmettre le dossier"), "{m}");
        app.fin().await;
    }
}

#[tokio::test]
async fn tableau_de_bord_declarations_paginees_par_la_base() {
    for app in TestApp::tous("tableau_pagine").await {
        let m = app.moteur;
        let systeme = Acteur::systeme("tests");
        // 120 communes affiliées de plus (« Commune 001 » à « Commune 120 ») : avec C1 et
        // C2, 122 déclarations attendues ; les 60 premières communes déclarent.
        let mut lot = store::LotImport::default();
        for i in 1..=120 {
            lot.collectivites.push(store::Collectivite {
                code: format!("K{i:03}"),
                nom: format!("Commune {i:03}"),
                type_collectivite: "commune".into(),
                population: Some(1_000),
                affiliee: true,
            });
        }
        app.store
            .enregistrer(&lot, "tests", &systeme, &mut |_, _| {})
            .await
            .unwrap();
        crate::campagne::campagne_2027(&app).await;
        let d = json!({"recrutements": [], "effectifs": []});
        for i in 1..=60 {
            app.store
                .remplacer_declaration(&systeme, 2027, &format!("K{i:03}"), &d)
                .await
                .unwrap()
                .unwrap();
        }
        let mut g = app.client("gestionnaire").await;
        // La section des déclarations (le filtre des promouvables nomme toutes les
        // collectivités).
        let section = |r: &Reponse| {
            let t = html(r);
            let debut = t
                .find("id=\"declarations\"")
                .expect("section des déclarations");
            let fin = t.find("id=\"quotas\"").expect("section des quotas");
            t[debut..fin].to_owned()
        };
        let r = g.get("/campagnes/2027").await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        let t = section(&r);
        assert!(
            t.contains("60 déclaration(s) reçue(s) sur 122 attendue(s) ; 62 manquante(s)."),
            "{m} : {t}"
        );
        // 50 lignes par page : reçues 001 à 050, manquantes 061 à 110.
        assert!(t.contains("Déclarations reçues (page 1 sur 2)"), "{m}");
        assert!(
            t.contains(">Commune 050<") && !t.contains(">Commune 051<"),
            "{m}"
        );
        assert!(t.contains("Déclarations manquantes (page 1 sur 2)"), "{m}");
        assert!(
            t.contains(">Commune 110<") && !t.contains(">Commune 111<"),
            "{m}"
        );
        assert!(!t.contains(">Roanne<"), "{m}");
        assert!(
            t.contains("/campagnes/2027?page_recues=2#declarations-recues"),
            "{m} : {t}"
        );
        // Page 2 de chaque liste : reçues 051 à 060 ; manquantes 111 à 120, puis Roanne et
        // Saint-Étienne (ordre alphabétique français).
        let r = g
            .get("/campagnes/2027?page_recues=2&page_manquantes=2")
            .await;
        let t = section(&r);
        assert!(t.contains("Déclarations reçues (page 2 sur 2)"), "{m}");
        assert!(
            t.contains(">Commune 051<") && t.contains(">Commune 060<"),
            "{m}"
        );
        assert!(!t.contains(">Commune 050<"), "{m}");
        let manquantes = &t[t.find("id=\"declarations-manquantes\"").unwrap()..];
        let manquantes = &manquantes[..manquantes.find("</ul>").unwrap()];
        assert_eq!(manquantes.matches("<li>").count(), 12, "{m} : {manquantes}");
        let roanne = manquantes.find(">Roanne<").unwrap();
        let saint_etienne = manquantes.find(">Saint-Étienne<").unwrap();
        assert!(manquantes.find(">Commune 120<").unwrap() < roanne && roanne < saint_etienne);
        app.fin().await;
    }
}
