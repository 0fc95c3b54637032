//! Les deux grilles d'exemple livrées dans `grilles/` (documentées dans docs/ldg.md) : elles
//! se chargent, leur total maximal est celui annoncé, et des dossiers types sont cotés avec
//! des totaux calculés à la main, ligne par ligne.

use droit::eligibilite::Voie;
use droit::ldg::{CleDepartage, DossierACoter, EtatLigne, coter};
use droit::piece::TypePiece;
use serde_json::json;

use super::{agent, grille_du_depot, periode};

const CIG: &str = "cig-petite-couronne-175-points.json";
const MARTINIQUE: &str = "cdg-martinique-seed-002.json";

/// Toutes les pièces sauf celles données.
fn pieces_sauf(absentes: &[TypePiece]) -> Vec<TypePiece> {
    TypePiece::TOUTES
        .into_iter()
        .filter(|p| !absentes.contains(p))
        .collect()
}

/// Rédacteur principal de 2e classe, nommé stagiaire rédacteur le 01/08/2016 après six ans
/// d'adjoint administratif (catégorie C) depuis le 01/03/2010.
fn redacteur() -> droit::carriere::Agent {
    agent(json!({
        "date_naissance": "1980-05-10",
        "periodes": [
            periode("2010-03-01", Some("2016-07-31"), "adjoint_administratif", "titulaire"),
            periode("2016-08-01", Some("2017-07-31"), "redacteur", "stagiaire"),
            periode("2017-08-01", Some("2022-12-31"), "redacteur", "titulaire"),
            periode("2023-01-01", None, "redacteur_principal_2e_classe", "titulaire"),
        ]
    }))
}

fn points(c: &droit::ldg::Cotation, code: &str) -> f64 {
    c.lignes
        .iter()
        .find(|l| l.critere == code)
        .unwrap_or_else(|| panic!("ligne {code} absente"))
        .points_exacts
}

#[test]
fn grille_du_cig_six_lignes_175_points() {
    // Brochure LDG du CIG petite couronne (listes 2027), six lignes : 45 + 30 + 45 + 35 + 17 + 3 = 175 points au plus.
    let g = grille_du_depot(CIG);
    assert_eq!(g.points_maximum(), Some(175.0));
    assert_eq!(
        g.departage,
        [
            CleDepartage::AncienneteCategorie,
            CleDepartage::AncienneteFonctionPublique,
            CleDepartage::Age
        ]
    );
    // Chaque ligne de la brochure (1 à 6) a au moins un critère.
    for n in 1..=6 {
        assert!(
            g.criteres
                .iter()
                .any(|k| k.libelle.starts_with(&format!("{n}. "))),
            "ligne {n}"
        );
    }
}

#[test]
fn cig_dossier_attache_au_choix() {
    // Attaché (catégorie A), au choix, liste 2027, toutes les pièces jointes.
    let a = redacteur();
    let d = json!({
        "crep": ["excellent", "bon", "bon", "excellent", "en_cours_d_acquisition"],
        "decharge_syndicale_sans_crep": false,
        "niveau_fonctions": "intermediaire",
        "fonctions_depuis_3_ans": true,
        "agents_evalues": 6,
        "entree_categorie_par_concours": true,
        "examen_avancement_categorie": false,
        "examen_cible_obtenu": "aucun",
        "jours_formation": 7.5,
        "preparation_concours_examen": true,
        "niveau_diplome": 5
    });
    let pieces = pieces_sauf(&[]);
    let c = coter(
        &grille_du_depot(CIG),
        Some(1),
        &DossierACoter {
            dossier: &d,
            rang: Some(1),
            pieces: &pieces,
            cible: "attache",
            voie: Voie::Choix,
            agent: &a,
            annee: 2027,
        },
    );
    // Ligne 1 : CREP 9 + 6 + 6 + 9 + 3 = 33 ; forfait syndical : non, 0.
    assert_eq!(points(&c, "crep"), 33.0);
    assert_eq!(points(&c, "decharge_syndicale"), 0.0);
    // Ligne 2 : niveau 2 « intermédiaire » 25 + 3 ans dans les fonctions 2 + 6 agents évalués
    // (tranche 5 à 19) 2 = 29, sous le plafond de 30 ; la ligne B/C ne vaut pas pour un A.
    assert_eq!(points(&c, "fonctions_a"), 25.0);
    assert_eq!(
        c.lignes
            .iter()
            .find(|l| l.critere == "fonctions_b_c")
            .unwrap()
            .etat,
        EtatLigne::NonApplicable
    );
    assert_eq!(points(&c, "fonctions_3_ans"), 2.0);
    assert_eq!(points(&c, "encadrement"), 2.0);
    // Ligne 3 : catégorie B depuis le 01/08/2016 → 125 mois ÷ 12 = 10,4166…
    assert!((points(&c, "anciennete_categorie") - 125.0 / 12.0).abs() < 1e-12);
    // Ligne 4 : entrée en catégorie par concours 15 ; pas d'examen.
    assert_eq!(points(&c, "concours_entree_categorie"), 15.0);
    assert_eq!(points(&c, "examen_cible"), 0.0);
    // Ligne 5 : 7,5 jours × 1 + préparation 2 = 9,5 ; lignes de la voie de l'examen non
    // appliquées.
    assert_eq!(points(&c, "formations_jours"), 7.5);
    assert_eq!(points(&c, "formations_preparation"), 2.0);
    // Ligne 6 : diplôme de niveau 5 → 2.
    assert_eq!(points(&c, "diplome"), 2.0);
    // Total : 33 + 29 + 10,4166… + 15 + 9,5 + 2 = 98,9166… → 98,92.
    assert!((c.total_exact - (33.0 + 29.0 + 125.0 / 12.0 + 15.0 + 9.5 + 2.0)).abs() < 1e-9);
    assert_eq!(c.total, 98.92);
    assert!(c.complete);
    assert!(c.lignes.iter().all(|l| l.etat != EtatLigne::PlafondGroupe));
}

#[test]
fn cig_dossier_avec_plafonds_et_piece_manquante() {
    let a = redacteur();
    let d = json!({
        "crep": ["excellent", "excellent", "excellent", "excellent", "excellent"],
        "decharge_syndicale_sans_crep": false,
        "niveau_fonctions": "strategique",
        "fonctions_depuis_3_ans": true,
        "agents_evalues": 25,
        "entree_categorie_par_concours": true,
        "examen_avancement_categorie": true,
        "examen_cible_obtenu": "n_3_ou_avant",
        "jours_formation": 20,
        "preparation_concours_examen": true,
        "niveau_diplome": 6
    });
    let pieces = pieces_sauf(&[TypePiece::Diplome]);
    let c = coter(
        &grille_du_depot(CIG),
        Some(1),
        &DossierACoter {
            dossier: &d,
            rang: Some(1),
            pieces: &pieces,
            cible: "attache",
            voie: Voie::Choix,
            agent: &a,
            annee: 2027,
        },
    );
    // Ligne 1 : 5 × 9 = 45 (plafond 45 atteint, pas dépassé).
    assert_eq!(points(&c, "crep"), 45.0);
    // Ligne 2 : 30 + 2 + 3 (25 agents, tranche 20 et plus) = 35 → plafond 30 (−5).
    assert_eq!(points(&c, "groupe:fonctions"), -5.0);
    // Ligne 4 : 15 + 10 + 20 (examen obtenu en N-3 ou avant) = 45 → plafond 35 (−10).
    assert_eq!(points(&c, "groupe:concours_examens"), -10.0);
    // Ligne 5 : 20 jours plafonnés à 15, + 2 = 17 (plafond de la ligne atteint).
    assert_eq!(points(&c, "formations_jours"), 15.0);
    assert!(c.lignes.iter().all(|l| l.critere != "groupe:formations"));
    // Ligne 6 : diplôme non joint → 0 (il aurait valu 3).
    let l = c.lignes.iter().find(|l| l.critere == "diplome").unwrap();
    assert_eq!(l.etat, EtatLigne::PieceNonProduite);
    assert!(l.explication.contains("aurait valu 3 points"));
    // Total : 45 + 30 + 10,4166… + 35 + 17 + 0 = 137,4166… → 137,42.
    assert_eq!(c.total, 137.42);
}

#[test]
fn cig_dossier_redacteur_principal_par_l_examen() {
    // Adjoint administratif depuis le 01/01/2005 (catégorie C) : 22 ans au 31/12/2026.
    let a = agent(json!({"periodes": [
        periode("2005-01-01", Some("2014-12-31"), "adjoint_administratif", "titulaire"),
        periode("2015-01-01", None, "adjoint_administratif_principal_2e_classe", "titulaire"),
    ]}));
    let d = json!({
        "crep": ["bon", "bon", "bon", "bon", "bon"],
        "niveau_fonctions": "strategique",
        "fonctions_depuis_3_ans": true,
        "entree_categorie_par_concours": false,
        "examen_avancement_categorie": false,
        "examen_cible_obtenu": "n_1",
        "jours_formation": 12,
        "niveau_diplome": "4"
    });
    let pieces = pieces_sauf(&[]);
    let c = coter(
        &grille_du_depot(CIG),
        None,
        &DossierACoter {
            dossier: &d,
            rang: Some(2),
            pieces: &pieces,
            cible: "redacteur_principal_2e_classe",
            voie: Voie::Examen,
            agent: &a,
            annee: 2027,
        },
    );
    let etat = |code: &str| c.lignes.iter().find(|l| l.critere == code).unwrap().etat;
    // Ligne 1 : 5 × 6 = 30.
    assert_eq!(points(&c, "crep"), 30.0);
    // Ligne 2 : « strategique » n'est ouvert qu'aux cibles de catégorie A → 0 ; 3 ans : 2 ;
    // nombre d'agents évalués non renseigné → inconnu, 0.
    assert_eq!(etat("fonctions_b_c"), EtatLigne::ValeurInvalide);
    assert_eq!(etat("fonctions_a"), EtatLigne::NonApplicable);
    assert_eq!(etat("encadrement"), EtatLigne::DonneeManquante);
    // Ligne 3 : 22 ans × 12 = 264 mois ÷ 12 = 22.
    assert_eq!(points(&c, "anciennete_categorie"), 22.0);
    // Ligne 4 : examen obtenu en N-1 → 10.
    assert_eq!(points(&c, "examen_cible"), 10.0);
    // Ligne 5 : non appliquée à la voie de l'examen (hors ingénieur et chef de service de
    // police municipale).
    for code in [
        "formations_jours",
        "formations_preparation",
        "formations_jours_examen",
        "formations_preparation_examen",
    ] {
        assert_eq!(etat(code), EtatLigne::NonApplicable, "{code}");
    }
    // Ligne 6 : niveau 4 → 1.
    assert_eq!(points(&c, "diplome"), 1.0);
    // Total : 30 + 0 + 2 + 0 + 22 + 10 + 1 = 65.
    assert_eq!(c.total, 65.0);
    assert!(!c.complete, "donnée manquante et valeur invalide signalées");
}

#[test]
fn grille_martinique_criteres_du_guide() {
    // Guide CDG Martinique §II.C : ancienneté, expérience privée, concours et examens,
    // diplômes, formations, ordre de l'autorité, mobilités, poste à responsabilité.
    let g = grille_du_depot(MARTINIQUE);
    assert_eq!(g.criteres.len(), 8);
    assert!(
        g.criteres
            .iter()
            .any(|k| k.mode == droit::ldg::ModeCritere::RangAutorite)
    );
    // 20 + 5 + 8 + 4 + 10 + 10 + 6 + 8 = 71.
    assert_eq!(g.points_maximum(), Some(71.0));
}

#[test]
fn martinique_dossier_type() {
    let a = redacteur();
    let d = json!({
        "annees_experience_privee": 3,
        "concours_examens": ["presentation_concours", "admissibilite_concours", "reussite_examen"],
        "diplome_obtenu_en_carriere": true,
        "jours_formation": 9,
        "mobilites": 4,
        "poste": "responsabilite"
    });
    let pieces = pieces_sauf(&[TypePiece::FichePoste]);
    let c = coter(
        &grille_du_depot(MARTINIQUE),
        Some(1),
        &DossierACoter {
            dossier: &d,
            rang: Some(2),
            pieces: &pieces,
            cible: "attache",
            voie: Voie::Choix,
            agent: &a,
            annee: 2027,
        },
    );
    // Ancienneté dans la fonction publique : du 01/03/2010 au 31/12/2026, 202 mois ÷ 12.
    assert!((points(&c, "anciennete_fonction_publique") - 202.0 / 12.0).abs() < 1e-12);
    // Expérience privée : 3 × 0,5 = 1,5.
    assert_eq!(points(&c, "experience_privee"), 1.5);
    // Concours et examens : 1 + 2 + 4 = 7.
    assert_eq!(points(&c, "concours_examens"), 7.0);
    assert_eq!(points(&c, "diplome_en_carriere"), 4.0);
    // Formations : 9 × 0,5 = 4,5.
    assert_eq!(points(&c, "formations"), 4.5);
    // Ordre de l'autorité : rang 2 → 6.
    assert_eq!(points(&c, "ordre_autorite"), 6.0);
    // Mobilités : 4 × 2 = 8, plafonné à 6.
    assert_eq!(points(&c, "mobilites"), 6.0);
    // Poste à responsabilité : fiche de poste non jointe → 0.
    assert_eq!(points(&c, "poste"), 0.0);
    // Total : 16,8333… + 1,5 + 7 + 4 + 4,5 + 6 + 6 + 0 = 45,8333… → 45,83.
    assert_eq!(c.total, 45.83);
}

#[test]
fn grilles_du_depot_conformes_au_schema_publie() {
    // schemas/grille-ldg.json est généré des types Rust (tests/schemas.rs).
    let racine = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let lire = |chemin: std::path::PathBuf| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(&chemin).unwrap()).unwrap()
    };
    let schema = lire(racine.join("schemas/grille-ldg.json"));
    let v = jsonschema::validator_for(&schema).expect("schéma compilable");
    for nom in [CIG, MARTINIQUE] {
        let doc = lire(racine.join("grilles").join(nom));
        let erreurs: Vec<String> = v
            .iter_errors(&doc)
            .map(|e| format!("{} : {e}", e.instance_path()))
            .collect();
        assert!(erreurs.is_empty(), "{nom} : {erreurs:?}");
    }
}
