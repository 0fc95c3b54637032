//! Exports CSV de la campagne (promouvables, propositions), sur SQLite et PostgreSQL :
//! format pour le tableur (BOM, `;`, en-têtes en français), filtres et cloisonnement.

use axum::http::StatusCode;

use crate::commun::TestApp;

#[tokio::test]
async fn exports_csv_des_promouvables_et_des_propositions() {
    for app in TestApp::tous("exports").await {
        let m = app.moteur;
        // Campagne 2027 ; propositions 1, 3, 5 de C1 (A1) et 2, 4, 6 de C2 (A2), brouillons.
        crate::campagne::preparer_matrice(&app).await;
        let mut g = app.client("gestionnaire").await;
        let r = g
            .get("/api/v1/campagnes/2027/exports/promouvables.csv?cible=ingenieur&page=2")
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        assert_eq!(r.entete("content-type"), Some("text/csv; charset=utf-8"));
        assert_eq!(
            r.entete("content-disposition"),
            Some("attachment; filename=\"promouvables-2027.csv\"")
        );
        let lignes: Vec<&str> = r.corps.split("\r\n").collect();
        assert_eq!(
            lignes[0],
            "\u{feff}Matricule;Nom;Prénom;Code de la collectivité;Collectivité;\
             Code du grade visé;Grade visé;Voie;Formation de professionnalisation"
        );
        // Seed 001 : A1, technicien principal de 1re classe depuis le 01/09/2012, est
        // promouvable ingénieur au choix ; ses formations ne sont pas renseignées. Les
        // paramètres de page sont ignorés : toute la liste.
        assert_eq!(
            lignes[1],
            "A1;Durand;Hélène;C1;Saint-Étienne;ingenieur;Ingénieur territorial;au choix;inconnue",
            "{m}"
        );
        assert_eq!(lignes.len(), 3, "{m} : {lignes:?}");
        assert_eq!(lignes[2], "");

        let r = g
            .get("/api/v1/campagnes/2027/exports/propositions.csv")
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        let lignes: Vec<&str> = r.corps.trim_end().split("\r\n").collect();
        assert!(lignes[0].ends_with("Statut;Promouvable (moteur);Transmise le"));
        assert_eq!(lignes.len(), 7, "{m} : six propositions");
        assert!(
            lignes[1..].iter().all(|l| l.contains(";brouillon;non;")),
            "{m} : {lignes:?}"
        );

        // Cloisonnement : la collectivité 2 n'exporte que ses agents ; C1 n'existe pas pour
        // elle.
        let mut c2 = app.client("collectivite2").await;
        let r = c2
            .get("/api/v1/campagnes/2027/exports/propositions.csv")
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m}");
        let lignes: Vec<&str> = r.corps.trim_end().split("\r\n").collect();
        assert_eq!(lignes.len(), 4, "{m} : {lignes:?}");
        assert!(
            lignes[1..]
                .iter()
                .all(|l| l.contains(";A2;Martin;Paul;C2;"))
        );
        let r = c2
            .get("/api/v1/campagnes/2027/exports/promouvables.csv")
            .await;
        assert!(!r.corps.contains("Durand"), "{m}");
        let r = c2
            .get("/api/v1/campagnes/2027/exports/promouvables.csv?collectivite=C1")
            .await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m}");
        let r = c2
            .get("/api/v1/campagnes/2027/exports/propositions.csv?statut=perdue")
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        app.fin().await;
    }
}

/// Le classeur relu : nom de la feuille (table des feuilles de l'archive) et contenu, en
/// texte `;` par le lecteur de l'import (`store::xlsx`, qui lit les textes partagés).
fn relire_xlsx(octets: &[u8]) -> (String, Vec<String>) {
    use std::io::Read;
    assert!(octets.starts_with(b"PK\x03\x04"), "archive ZIP attendue");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(octets)).expect("archive");
    let mut classeur = String::new();
    archive
        .by_name("xl/workbook.xml")
        .expect("table des feuilles")
        .read_to_string(&mut classeur)
        .unwrap();
    let feuille = store::xlsx::feuille_attendue(octets, &[]).expect("feuille lisible");
    let nom = feuille.nom.expect("feuille nommée");
    assert!(classeur.contains(&format!("name=\"{nom}\"")), "{classeur}");
    let lignes = feuille.csv.lines().map(str::to_owned).collect();
    (nom, lignes)
}

#[tokio::test]
async fn exports_xlsx_des_promouvables_et_des_propositions() {
    for app in TestApp::tous("exports_xlsx").await {
        let m = app.moteur;
        // Même campagne que l'export CSV : propositions 1, 3, 5 de C1 (A1) et 2, 4, 6 de C2
        // (A2), brouillons ; A1 promouvable ingénieur au choix (seed 001).
        crate::campagne::preparer_matrice(&app).await;
        let mut g = app.client("gestionnaire").await;
        let (statut, entetes, octets) = g
            .get_octets("/api/v1/campagnes/2027/exports/promouvables.xlsx?cible=ingenieur")
            .await;
        assert_eq!(statut, StatusCode::OK, "{m}");
        assert_eq!(
            entetes.get("content-type").and_then(|v| v.to_str().ok()),
            Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        );
        assert_eq!(
            entetes
                .get("content-disposition")
                .and_then(|v| v.to_str().ok()),
            Some("attachment; filename=\"promouvables-2027.xlsx\"")
        );
        let (feuille, lignes) = relire_xlsx(&octets);
        assert_eq!(feuille, "Promouvables 2027", "{m}");
        // Mêmes en-têtes et mêmes valeurs que la ligne du CSV.
        assert_eq!(
            lignes,
            [
                "Matricule;Nom;Prénom;Code de la collectivité;Collectivité;\
                 Code du grade visé;Grade visé;Voie;Formation de professionnalisation",
                "A1;Durand;Hélène;C1;Saint-Étienne;ingenieur;Ingénieur territorial;au choix;inconnue",
            ],
            "{m}"
        );

        let (statut, _, octets) = g
            .get_octets("/api/v1/campagnes/2027/exports/propositions.xlsx")
            .await;
        assert_eq!(statut, StatusCode::OK, "{m}");
        let (feuille, lignes) = relire_xlsx(&octets);
        assert_eq!(feuille, "Propositions 2027");
        assert_eq!(
            lignes[0],
            "Numéro;Matricule;Nom;Prénom;Code de la collectivité;Collectivité;Grade visé;Voie;\
             Rang de priorité;Statut;Promouvable (moteur);Transmise le"
        );
        assert_eq!(lignes.len(), 7, "{m} : six propositions");
        // Numéro et rang sont des nombres dans le classeur (cellules numériques, rendues
        // sans décimale) ; les autres colonnes, du texte, comme dans le CSV.
        let csv = g
            .get("/api/v1/campagnes/2027/exports/propositions.csv")
            .await;
        let lignes_csv: Vec<&str> = csv.corps.trim_end().split("\r\n").collect();
        assert_eq!(
            lignes[1..],
            lignes_csv[1..]
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>(),
            "{m}"
        );

        // Cloisonnement : la collectivité 2 n'exporte que ses agents ; C1 n'existe pas pour
        // elle.
        let mut c2 = app.client("collectivite2").await;
        let (statut, _, octets) = c2
            .get_octets("/api/v1/campagnes/2027/exports/propositions.xlsx")
            .await;
        assert_eq!(statut, StatusCode::OK, "{m}");
        let (_, lignes) = relire_xlsx(&octets);
        assert_eq!(lignes.len(), 4, "{m} : {lignes:?}");
        assert!(
            lignes[1..]
                .iter()
                .all(|l| l.contains(";A2;Martin;Paul;C2;")),
            "{m} : {lignes:?}"
        );
        let r = c2
            .get("/api/v1/campagnes/2027/exports/promouvables.xlsx?collectivite=C1")
            .await;
        assert_eq!(r.statut, StatusCode::NOT_FOUND, "{m}");
        let r = c2
            .get("/api/v1/campagnes/2027/exports/propositions.xlsx?statut=perdue")
            .await;
        assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY, "{m}");
        app.fin().await;
    }
}
