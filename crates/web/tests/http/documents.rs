//! Documents édités par le serveur, relus comme un usager les lit : le PDF reçu est passé à
//! `pdftotext -layout` (poppler-utils, installé par `scripts/tests` et `.ci/run`) et l'on
//! vérifie les noms, l'ordre alphabétique, les chiffres et les dates imprimés. Sans
//! `pdftotext`, seuls le type, le nom de fichier et l'en-tête `%PDF-` sont vérifiés.
//!
//! Données : la campagne 2027 de `campagne::campagne_de_bout_en_bout` et sa suite
//! `cdg::suite_centre_de_gestion` (mêmes agents, mêmes totaux calculés à la main).

use axum::http::StatusCode;
use store::{Acteur, Collectivite, LotImport};

use crate::commun::{Client, TestApp};

/// Texte d'un PDF (`documents::relecture`, `pdftotext -layout`), ou `None` si l'outil est
/// absent (`crates/documents/tests` le signale).
pub fn texte_pdf(pdf: &[u8]) -> Option<String> {
    assert!(pdf.starts_with(b"%PDF-"), "pas un PDF");
    documents::relecture::texte_pdf(pdf).expect("pdftotext")
}

/// Le texte sans la mise en colonnes (espaces multiples et fins de ligne ramenés à un
/// espace), pour y chercher des phrases.
fn aplati(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Télécharge un document : 200, type attendu, nom de fichier ; rend les octets. Garde une
/// copie dans le dossier `DOCUMENTS_APERCU` s'il est posé (pour le regarder en image :
/// `pdftoppm -png -r 60 fichier.pdf page`).
pub async fn telecharger(c: &mut Client, uri: &str, type_contenu: &str, fichier: &str) -> Vec<u8> {
    let (statut, entetes, octets) = c.get_octets(uri).await;
    assert_eq!(
        statut,
        StatusCode::OK,
        "{uri} : {}",
        String::from_utf8_lossy(&octets)
    );
    let entete = |n: &str| entetes.get(n).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert_eq!(entete("content-type"), type_contenu, "{uri}");
    assert_eq!(
        entete("content-disposition"),
        format!("attachment; filename=\"{fichier}\""),
        "{uri}"
    );
    if let Some(dossier) = std::env::var_os("DOCUMENTS_APERCU") {
        std::fs::write(std::path::Path::new(&dossier).join(fichier), &octets).expect("copie");
    }
    octets
}

/// Position d'un texte dans un autre, ou échec qui le nomme.
fn position(texte: &str, cherche: &str) -> usize {
    texte
        .find(cherche)
        .unwrap_or_else(|| panic!("« {cherche} » absent de :\n{texte}"))
}

/// Les documents de la campagne 2027, après l'établissement et la publication de la liste
/// d'ingénieur (4 inscrits pour 4 postes, date d'effet le 01/03/2027) : `id_a1` (A1 Durand
/// Hélène, C1, inscrite, 34,33 points), `id_a4` (A4 Bernard Claude, C1, irrecevable faute
/// d'attestation du CNFPT).
pub async fn documents_de_la_campagne(app: &TestApp, id_a1: i64, id_a4: i64) {
    let m = app.moteur;
    // Le centre de gestion émetteur est la collectivité de ce type enregistrée.
    let mut lot = LotImport::default();
    lot.collectivites.push(Collectivite {
        code: "CDG42".into(),
        nom: "Centre de gestion de la Loire".into(),
        type_collectivite: "cdg".into(),
        population: None,
        affiliee: false,
    });
    app.store
        .enregistrer(&lot, "tests", &Acteur::systeme("tests"), &mut |_, _| {})
        .await
        .unwrap();
    let mut gestionnaire = app.client("gestionnaire").await;
    let mut rh1 = app.client("collectivite1").await;
    let mut commission = app.client("commission").await;

    // --- Arrêté de la liste d'aptitude.
    let u = "/api/v1/campagnes/2027/listes/ingenieur/arrete.pdf";
    let pdf = telecharger(
        &mut gestionnaire,
        u,
        "application/pdf",
        "arrete-liste-aptitude-2027-ingenieur.pdf",
    )
    .await;
    // La liste est publiée : la collectivité le lit aussi ; la commission jamais (noms).
    let (statut, _, octets) = rh1.get_octets(u).await;
    assert_eq!(statut, StatusCode::OK, "{m}");
    assert!(octets.starts_with(b"%PDF-"));
    assert_eq!(commission.get(u).await.statut, StatusCode::FORBIDDEN);
    // Pas de liste d'attaché établie en 2027 : 404 en français.
    let r = gestionnaire
        .get("/api/v1/campagnes/2027/listes/attache/arrete.pdf")
        .await;
    assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m} : {}", r.corps);
    assert!(
        r.json()["erreur"]["message"]
            .as_str()
            .unwrap()
            .contains("Aucune liste d'aptitude 2027")
    );
    if let Some(t) = texte_pdf(&pdf) {
        let plat = aplati(&t);
        for attendu in [
            "Le Président du centre de gestion de la Loire",
            // Statut particulier du catalogue (décret n° 2016-201, ingénieurs territoriaux).
            "décret n° 2016-201 du 26 février 2016 portant statut particulier du cadre \
             d'emplois des ingénieurs territoriaux",
            // Grille qui a classé : version 2 (`cdg::GRILLE_V2`).
            "Grille de test, avec l'ancienneté, version 2",
            // Quota de 4 postes (`campagne_de_bout_en_bout`), 4 inscrits.
            "4 inscrits pour 4 postes ouverts",
            "prend effet le 01/03/2027",
            "Annexe",
        ] {
            assert!(
                plat.contains(attendu),
                "{m} : « {attendu} » absent de :\n{t}"
            );
        }
        // Annexe par ordre alphabétique français (seed 002 §II.D ; particule « d' » en
        // minuscules ignorée) : Durand, d'Estienne, Garnier, Lefèvre, chacun avec le nom de
        // sa collectivité d'origine (C1 Saint-Étienne, C2 Roanne).
        let annexe = &t[position(&t, "Annexe")..];
        let lignes: Vec<&str> = ["Durand", "d'Estienne", "Garnier", "Lefèvre"]
            .iter()
            .map(|nom| {
                annexe
                    .lines()
                    .find(|l| l.contains(nom))
                    .unwrap_or_else(|| panic!("{m} : {nom} absent de l'annexe :\n{annexe}"))
            })
            .collect();
        let ordre: Vec<usize> = lignes.iter().map(|l| position(annexe, l)).collect();
        assert!(
            ordre.windows(2).all(|w| w[0] < w[1]),
            "{m} : ordre :\n{annexe}"
        );
        for (ligne, (prenom, collectivite)) in lignes.iter().zip([
            ("Hélène", "Saint-Étienne"),
            ("Zoé", "Saint-Étienne"),
            ("Marc", "Roanne"),
            ("Élise", "Roanne"),
        ]) {
            assert!(
                ligne.contains(prenom) && ligne.contains(collectivite),
                "{m} : {ligne}"
            );
        }
        // Ni A10 (Masson, non retenu) ni A4 (Bernard, irrecevable).
        assert!(!t.contains("Masson") && !t.contains("Bernard"), "{m}");
    }
    liste_lettre_fiche(app, id_a1, id_a4).await;
    classement_tableur(app).await;
    liens_des_pages(app, id_a1, id_a4).await;
}

/// Les pages mènent aux documents, avec un texte de lien explicite.
async fn liens_des_pages(app: &TestApp, id_a1: i64, id_a4: i64) {
    let m = app.moteur;
    let mut gestionnaire = app.client("gestionnaire").await;
    let mut rh1 = app.client("collectivite1").await;
    for (employeur, page, liens) in [
        (
            false,
            "/campagnes/2027/listes/ingenieur".to_owned(),
            vec![
                "<a href=\"/api/v1/campagnes/2027/listes/ingenieur/arrete.pdf\">Télécharger l'arrêté établissant la liste (PDF)</a>".to_owned(),
                "<a href=\"/api/v1/campagnes/2027/listes/ingenieur/liste.pdf\">Télécharger la liste publique (PDF)</a>".to_owned(),
            ],
        ),
        (
            false,
            format!("/propositions/{id_a4}/instruction"),
            vec![format!("<a href=\"/api/v1/propositions/{id_a4}/lettre-irrecevabilite.pdf\">Télécharger la lettre d'irrecevabilité (PDF)</a>")],
        ),
        (
            false,
            format!("/propositions/{id_a1}/instruction"),
            vec![format!("<a href=\"/api/v1/propositions/{id_a1}/fiche-cotation.pdf\">Télécharger la fiche de cotation (PDF)</a>")],
        ),
        (
            false,
            "/campagnes/2027/instruction".to_owned(),
            vec![
                format!("<a href=\"/api/v1/propositions/{id_a4}/lettre-irrecevabilite.pdf\">Lettre d'irrecevabilité du dossier n° {id_a4} (PDF)</a>"),
                format!("<a href=\"/api/v1/propositions/{id_a1}/fiche-cotation.pdf\">Fiche de cotation du dossier n° {id_a1} (PDF)</a>"),
            ],
        ),
        (
            false,
            "/campagnes/2027/classement?cible=ingenieur&voie=choix".to_owned(),
            vec!["<a href=\"/api/v1/campagnes/2027/classement.xlsx?cible=ingenieur&amp;voie=choix\">Télécharger ce classement (XLSX)</a>".to_owned()],
        ),
        (
            true,
            format!("/propositions/{id_a4}"),
            vec![format!("<a href=\"/api/v1/propositions/{id_a4}/lettre-irrecevabilite.pdf\">Télécharger la lettre d'irrecevabilité (PDF)</a>")],
        ),
        (
            true,
            format!("/propositions/{id_a1}"),
            vec![format!("<a href=\"/api/v1/propositions/{id_a1}/fiche-cotation.pdf\">Télécharger la fiche de cotation (PDF)</a>")],
        ),
    ] {
        let client = if employeur { &mut rh1 } else { &mut gestionnaire };
        let r = client.get(&page).await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {page}");
        for lien in liens {
            assert!(r.corps.contains(&lien), "{m} : {lien} absent de {page}");
        }
    }
}

/// Suite : liste publique, lettre d'irrecevabilité, fiche de cotation.
async fn liste_lettre_fiche(app: &TestApp, id_a1: i64, id_a4: i64) {
    let m = app.moteur;
    let mut gestionnaire = app.client("gestionnaire").await;
    let mut rh1 = app.client("collectivite1").await;
    let mut rh2 = app.client("collectivite2").await;
    let mut commission = app.client("commission").await;

    // --- Liste publique : datée de sa publication (instant enregistré, lu à Paris).
    let publiee_le = gestionnaire
        .get("/api/v1/campagnes/2027/listes/ingenieur")
        .await
        .json()["publiee_le"]
        .as_str()
        .unwrap()
        .parse::<jiff::Timestamp>()
        .unwrap();
    let jour = web::horloge::date_a_paris(publiee_le)
        .strftime("%d/%m/%Y")
        .to_string();
    let u = "/api/v1/campagnes/2027/listes/ingenieur/liste.pdf";
    let pdf = telecharger(
        &mut rh1,
        u,
        "application/pdf",
        "liste-aptitude-2027-ingenieur.pdf",
    )
    .await;
    assert_eq!(commission.get(u).await.statut, StatusCode::FORBIDDEN);
    let sans = telecharger(
        &mut gestionnaire,
        &format!("{u}?collectivite=non"),
        "application/pdf",
        "liste-aptitude-2027-ingenieur.pdf",
    )
    .await;
    if let (Some(t), Some(t_sans)) = (texte_pdf(&pdf), texte_pdf(&sans)) {
        let plat = aplati(&t);
        assert!(
            plat.contains(&format!("Liste publiée le {jour}")),
            "{m} : {t}"
        );
        assert!(plat.contains("4 inscrits"), "{m} : {t}");
        // Même ordre alphabétique français que l'annexe de l'arrêté (seed 002 §II.D).
        let ordre: Vec<usize> = ["Durand", "d'Estienne", "Garnier", "Lefèvre"]
            .iter()
            .map(|n| position(&t, n))
            .collect();
        assert!(ordre.windows(2).all(|w| w[0] < w[1]), "{m} : {t}");
        assert!(t.contains("Saint-Étienne") && t.contains("Roanne"), "{m}");
        // Ni score ni rang sur une liste publique ; sans collectivité sur demande.
        assert!(!plat.contains("34,33") && !plat.contains("Rang"), "{m}");
        assert!(
            t_sans.contains("Garnier") && !t_sans.contains("Roanne"),
            "{m}"
        );
    }

    // --- Lettre d'irrecevabilité du dossier de A4 (C1).
    let u = format!("/api/v1/propositions/{id_a4}/lettre-irrecevabilite.pdf");
    let pdf = telecharger(
        &mut rh1,
        &u,
        "application/pdf",
        &format!("lettre-irrecevabilite-dossier-{id_a4}.pdf"),
    )
    .await;
    assert_eq!(
        rh2.get(&u).await.statut,
        StatusCode::NOT_FOUND,
        "hors portée"
    );
    assert_eq!(commission.get(&u).await.statut, StatusCode::FORBIDDEN);
    let r = gestionnaire
        .get(&format!(
            "/api/v1/propositions/{id_a1}/lettre-irrecevabilite.pdf"
        ))
        .await;
    assert_eq!(r.statut, StatusCode::CONFLICT, "{m}");
    assert_eq!(r.json()["erreur"]["code"], "non_irrecevable");
    if let Some(t) = texte_pdf(&pdf) {
        let plat = aplati(&t);
        for attendu in [
            "Saint-Étienne",
            "Claude Bernard",
            // Seul motif de l'instruction automatique (`cdg::suite_centre_de_gestion`) :
            // pas d'attestation du CNFPT, décret n° 2008-512.
            "Attestation de formation du CNFPT absente",
            "2008-512",
            "le motif suivant",
            // Conditions appréciées au 1er janvier de l'année de la liste.
            "01/01/2027",
            &format!("dossier n° {id_a4}"),
        ] {
            assert!(
                plat.contains(attendu),
                "{m} : « {attendu} » absent de :\n{t}"
            );
        }
    }

    // --- Fiche de cotation du dossier de A1, grille version 2 (celle de la liste).
    let u = format!("/api/v1/propositions/{id_a1}/fiche-cotation.pdf");
    let fichier = format!("fiche-cotation-dossier-{id_a1}.pdf");
    let pdf = telecharger(&mut gestionnaire, &u, "application/pdf", &fichier).await;
    let pdf_rh1 = telecharger(&mut rh1, &u, "application/pdf", &fichier).await;
    assert_eq!(
        rh2.get(&u).await.statut,
        StatusCode::NOT_FOUND,
        "hors portée"
    );
    assert_eq!(commission.get(&u).await.statut, StatusCode::FORBIDDEN);
    let r = gestionnaire
        .get(&format!("/api/v1/propositions/{id_a4}/fiche-cotation.pdf"))
        .await;
    assert_eq!(r.statut, StatusCode::CONFLICT, "{m}");
    assert_eq!(r.json()["erreur"]["code"], "non_recevable");
    if let (Some(t), Some(t_rh1)) = (texte_pdf(&pdf), texte_pdf(&pdf_rh1)) {
        let plat = aplati(&t);
        // Lignes calculées à la main dans `cdg::suite_centre_de_gestion` : CREP 10,
        // encadrement 0 (organigramme non produit), ordre 10, ancienneté 172/12 = 14,33 ;
        // total 34,33.
        for attendu in [
            "Hélène Durand",
            "Grille de test, avec l'ancienneté, version 2",
            "pièce non produite",
            "14,33",
            "34,33",
            // Classement de l'ingénieur au choix : A6, A1, A7, puis A10 et A11 ex aequo.
            "Rang : 2 sur 5 dossiers classés",
        ] {
            assert!(
                plat.contains(attendu),
                "{m} : « {attendu} » absent de :\n{t}"
            );
        }
        let plat_rh1 = aplati(&t_rh1);
        assert!(plat_rh1.contains("34,33"), "{m}");
        assert!(plat_rh1.contains("Rang : non communiqué"), "{m} : {t_rh1}");
        assert!(!plat_rh1.contains("sur 5 dossiers"), "{m}");
    }
}

/// Suite : le classement de l'ingénieur au choix en XLSX et en CSV, nominatif et anonyme.
async fn classement_tableur(app: &TestApp) {
    let m = app.moteur;
    let mut gestionnaire = app.client("gestionnaire").await;
    let mut commission = app.client("commission").await;
    let mut rh1 = app.client("collectivite1").await;
    const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    let q = "cible=ingenieur&voie=choix";
    let octets = telecharger(
        &mut gestionnaire,
        &format!("/api/v1/campagnes/2027/classement.xlsx?{q}"),
        XLSX,
        "classement-2027-ingenieur-choix.xlsx",
    )
    .await;
    let feuille = store::xlsx::feuille_en_csv(&octets).expect("classeur lisible");
    let lignes: Vec<&str> = feuille.lines().collect();
    // En-têtes du JSON en français, puis un « Points : » par critère de `cdg::GRILLE_V2`.
    assert!(
        lignes[0].starts_with(
            "Rang;Numéro du dossier;Matricule;Nom;Prénom;Collectivité;Code anonyme;Total;\
             Départage;Ex aequo;À départager;Retenu;Points : Valeur professionnelle (CREP);"
        ),
        "{m} : {}",
        lignes[0]
    );
    // Cinq dossiers classés (`cdg::suite_centre_de_gestion`) : A6, A1, A7, puis A10 et A11.
    assert_eq!(lignes.len(), 6, "{m} : {feuille}");
    assert!(
        lignes[1].contains(";A6;Lefèvre;Élise;C2;"),
        "{m} : {}",
        lignes[1]
    );
    assert!(
        lignes[2].contains(";A1;Durand;Hélène;C1;"),
        "{m} : {}",
        lignes[2]
    );
    assert!(lignes[3].contains(";A7;Garnier;"), "{m} : {}", lignes[3]);
    // Totaux calculés à la main : A6 15 + 2 + 10 + 125/12 = 37,42 ; A1 34,33.
    assert!(lignes[1].contains(";37.42;"), "{m} : {}", lignes[1]);
    assert!(lignes[2].contains(";34.33;"), "{m} : {}", lignes[2]);

    // Commission (toujours anonyme) et `anonyme=true` : aucun nom, matricule ni collectivité.
    for (client, uri) in [
        (
            &mut commission,
            format!("/api/v1/campagnes/2027/classement.xlsx?{q}"),
        ),
        (
            &mut gestionnaire,
            format!("/api/v1/campagnes/2027/classement.xlsx?{q}&anonyme=true"),
        ),
    ] {
        let octets = telecharger(
            client,
            &uri,
            XLSX,
            "classement-2027-ingenieur-choix-anonyme.xlsx",
        )
        .await;
        let feuille = store::xlsx::feuille_en_csv(&octets).expect("classeur lisible");
        for interdit in [
            "Durand", "Lefèvre", "Garnier", "Masson", "Estienne", ";A1;", ";A6;", ";C1;", ";C2;",
        ] {
            assert!(
                !feuille.contains(interdit),
                "{m} : {interdit} dans {feuille}"
            );
        }
        assert_eq!(feuille.matches(";PI27-").count(), 5, "{m} : {feuille}");
    }
    assert_eq!(
        rh1.get(&format!("/api/v1/campagnes/2027/classement.xlsx?{q}"))
            .await
            .statut,
        StatusCode::FORBIDDEN
    );

    // CSV : mêmes colonnes, `;`, UTF-8 avec BOM, virgule décimale, fins de ligne CRLF.
    let octets = telecharger(
        &mut gestionnaire,
        &format!("/api/v1/campagnes/2027/classement.csv?{q}"),
        "text/csv; charset=utf-8",
        "classement-2027-ingenieur-choix.csv",
    )
    .await;
    assert!(octets.starts_with(&[0xEF, 0xBB, 0xBF]), "{m} : BOM");
    let texte = String::from_utf8(octets[3..].to_vec()).unwrap();
    let lignes: Vec<&str> = texte.split("\r\n").collect();
    assert!(
        lignes[0].starts_with("Rang;Numéro du dossier;Matricule;"),
        "{m}"
    );
    assert!(
        lignes[1].contains(";Lefèvre;Élise;") && lignes[1].contains(";37,42;"),
        "{m} : {}",
        lignes[1]
    );
    let r = gestionnaire
        .get("/api/v1/campagnes/2027/classement.csv?cible=ingenieur")
        .await;
    assert_eq!(
        r.statut,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{m} : voie absente"
    );
}
