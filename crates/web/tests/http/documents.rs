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
/// d'ingénieur (4 inscrits pour 4 postes, date d'effet le 01/03/2027).
pub async fn documents_de_la_campagne(app: &TestApp) {
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
}
