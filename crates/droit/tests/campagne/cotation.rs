//! Cotation d'un dossier : une ligne par critère, ses points et son explication.

use droit::eligibilite::Voie;
use droit::ldg::{DossierACoter, EtatLigne, SourceAnciennete, anciennete, coter};
use droit::piece::TypePiece;
use serde_json::{Value, json};

use super::{agent, grille_un_critere, periode};

/// Rédacteur nommé stagiaire le 01/08/2016 (exemple de la brochure LDG du CIG petite couronne :
/// nommé le 01/08/2016 → 10,42 points au 01/01/2027), après six ans en catégorie C.
fn redacteur_nomme_le_1er_aout_2016() -> droit::carriere::Agent {
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

fn dossier<'a>(
    d: &'a Value,
    a: &'a droit::carriere::Agent,
    pieces: &'a [TypePiece],
    cible: &'a str,
    voie: Voie,
) -> DossierACoter<'a> {
    DossierACoter {
        dossier: d,
        rang: Some(1),
        pieces,
        cible,
        voie,
        agent: a,
        annee: 2027,
    }
}

#[test]
fn anciennete_au_prorata_des_mois_exemple_du_cig() {
    // Brochure LDG du CIG petite couronne (listes 2027), ligne 3 : 1 point par année depuis la nomination comme stagiaire
    // dans la catégorie, au prorata des mois ; nommé le 01/08/2016 → 10,42 points au
    // 01/01/2027. Du 01/08/2016 au 31/12/2026 : 10 ans et 5 mois = 125 mois ;
    // 125 ÷ 12 × 1 = 10,4166… → 10,42.
    let a = redacteur_nomme_le_1er_aout_2016();
    let g = grille_un_critere(json!({
        "code": "anciennete_categorie", "libelle": "Ancienneté dans la catégorie",
        "mode": "anciennete", "source": "categorie", "points_par_an": 1, "prorata": "mois", "max": 45
    }));
    let vide = json!({});
    let c = coter(
        &g,
        Some(3),
        &dossier(&vide, &a, &[], "attache", Voie::Choix),
    );
    let l = &c.lignes[0];
    assert_eq!(l.points, 10.42);
    assert!((l.points_exacts - 125.0 / 12.0).abs() < 1e-12);
    assert_eq!(l.etat, EtatLigne::Comptee);
    assert!(l.explication.contains("catégorie B"), "{}", l.explication);
    assert!(l.explication.contains("31/12/2026"), "{}", l.explication);
    assert!(
        l.explication.contains("125 mois complets"),
        "{}",
        l.explication
    );
    assert_eq!(c.total, 10.42);
    assert_eq!(c.grille_version, Some(3));
    assert!(c.complete);

    // Années complètes seulement : 10 ans → 10 points.
    let g = grille_un_critere(json!({
        "code": "anciennete_categorie", "libelle": "Ancienneté dans la catégorie",
        "mode": "anciennete", "source": "categorie", "points_par_an": 1, "prorata": "annee"
    }));
    assert_eq!(
        coter(&g, None, &dossier(&vide, &a, &[], "attache", Voie::Choix)).total,
        10.0
    );
}

#[test]
fn anciennetes_de_fonction_publique_et_de_grade() {
    let a = redacteur_nomme_le_1er_aout_2016();
    // Fonction publique : du 01/03/2010 au 31/12/2026 = 16 ans et 10 mois (de date à date).
    let fp = anciennete(&a, SourceAnciennete::FonctionPublique, 2027);
    let d = fp.duree.unwrap();
    assert_eq!((d.annees, d.mois, d.jours), (16, 10, 0));
    assert_eq!(fp.mois_complets(), Some(202));
    // Grade détenu au 01/01/2027 (rédacteur principal de 2e classe depuis le 01/01/2023) :
    // 4 ans exactement.
    let gr = anciennete(&a, SourceAnciennete::Grade, 2027);
    let d = gr.duree.unwrap();
    assert_eq!((d.annees, d.mois, d.jours), (4, 0, 0));
    assert!(
        gr.explication.contains("Rédacteur principal de 2e classe"),
        "{}",
        gr.explication
    );
}

#[test]
fn carriere_incomplete_rend_l_anciennete_inconnue_jamais_devinee() {
    // Une disponibilité sans motif peut compter (élever un enfant) ou non : le compte est
    // inconnu, la ligne vaut 0 et le dit.
    let a = agent(json!({"periodes": [
        periode("2012-01-01", Some("2019-12-31"), "redacteur", "titulaire"),
        {"debut": "2020-01-01", "fin": "2020-12-31", "versant": "territoriale", "statut": "titulaire",
         "grade": "redacteur", "position": "disponibilite"},
        periode("2021-01-01", None, "redacteur", "titulaire"),
    ]}));
    let g = grille_un_critere(json!({
        "code": "anciennete_categorie", "libelle": "Ancienneté dans la catégorie",
        "mode": "anciennete", "source": "categorie", "points_par_an": 1, "prorata": "mois"
    }));
    let vide = json!({});
    let c = coter(&g, None, &dossier(&vide, &a, &[], "attache", Voie::Choix));
    assert_eq!(c.lignes[0].points, 0.0);
    assert_eq!(c.lignes[0].etat, EtatLigne::DonneeManquante);
    assert!(
        c.lignes[0].explication.contains("compte inconnu"),
        "{}",
        c.lignes[0].explication
    );
    assert!(
        c.lignes[0]
            .explication
            .contains("du 01/01/2020 au 31/12/2020")
    );
    assert!(!c.complete);

    // Aucune période au 01/01 de l'année : catégorie inconnue.
    let parti = agent(json!({"periodes": [
        periode("2012-01-01", Some("2020-12-31"), "redacteur", "titulaire"),
    ]}));
    let c = coter(
        &g,
        None,
        &dossier(&vide, &parti, &[], "attache", Voie::Choix),
    );
    assert_eq!(c.lignes[0].etat, EtatLigne::DonneeManquante);
    assert!(
        c.lignes[0]
            .explication
            .contains("Catégorie détenue au 01/01/2027 inconnue")
    );
}

#[test]
fn choix_somme_par_unite_oui_non_et_tranches() {
    let a = redacteur_nomme_le_1er_aout_2016();
    let d = json!({"crep": ["excellent", "bon", "bon", "excellent", "en_cours_d_acquisition"],
                   "niveau_fonctions": "intermediaire", "jours_formation": 7.5,
                   "concours": true, "examen": false, "agents_evalues": 6, "niveau_diplome": 5,
                   "cle_ignoree": "sans effet"});
    let cas: [(Value, f64, &str); 7] = [
        // Somme : 9 + 6 + 6 + 9 + 3 = 33.
        (
            json!({"code": "crep", "libelle": "CREP", "mode": "somme", "champ": "crep",
                "valeurs": {"en_cours_d_acquisition": 3, "bon": 6, "excellent": 9}}),
            33.0,
            "« crep » : excellent 9 + bon 6 + bon 6 + excellent 9 + en_cours_d_acquisition 3 = 33 points",
        ),
        (
            json!({"code": "f", "libelle": "Fonctions", "mode": "choix", "champ": "niveau_fonctions",
                "valeurs": {"intermediaire": 25}}),
            25.0,
            "« niveau_fonctions » = « intermediaire » : 25 points",
        ),
        // 7,5 jours × 1 point.
        (
            json!({"code": "j", "libelle": "Jours", "mode": "par_unite", "champ": "jours_formation",
                "points": 1}),
            7.5,
            "« jours_formation » = 7,5 × 1 par unité = 7,5 points",
        ),
        (
            json!({"code": "c", "libelle": "Concours", "mode": "oui_non", "champ": "concours",
                "points": 15}),
            15.0,
            "« concours » : oui, 15 points",
        ),
        (
            json!({"code": "e", "libelle": "Examen", "mode": "oui_non", "champ": "examen",
                "points": 10}),
            0.0,
            "« examen » : non, 0 point",
        ),
        // 6 agents : tranche de 5 à 19 → 2 points.
        (
            json!({"code": "t", "libelle": "Encadrement", "mode": "tranches", "champ": "agents_evalues",
                "tranches": [{"min": 1, "max": 4, "points": 1}, {"min": 5, "max": 19, "points": 2},
                             {"min": 20, "points": 3}]}),
            2.0,
            "« agents_evalues » = 6, tranche de 5 à 19 : 2 points",
        ),
        // Un nombre du dossier se lit comme la clé « 5 ».
        (
            json!({"code": "d", "libelle": "Diplôme", "mode": "choix", "champ": "niveau_diplome",
                "valeurs": {"5": 2, "6": 3}}),
            2.0,
            "« niveau_diplome » = « 5 » : 2 points",
        ),
    ];
    for (critere, points, explication) in cas {
        let g = grille_un_critere(critere);
        let c = coter(&g, None, &dossier(&d, &a, &[], "attache", Voie::Choix));
        assert_eq!(c.lignes[0].points, points, "{}", g.criteres[0].code);
        assert_eq!(c.lignes[0].explication, explication);
        assert_eq!(c.lignes[0].etat, EtatLigne::Comptee);
    }
}

#[test]
fn rang_de_l_autorite() {
    // Guide CDG Martinique §II.C : l'ordre établi par l'autorité entre ses dossiers est un
    // critère ; rangs 1, 2, 3 valorisés, les autres à 0.
    let a = redacteur_nomme_le_1er_aout_2016();
    let g = grille_un_critere(json!({"code": "rang", "libelle": "Ordre de l'autorité",
        "mode": "rang_autorite", "valeurs": {"1": 10, "2": 6, "3": 3}}));
    let vide = json!({});
    for (rang, points) in [
        (Some(1), 10.0),
        (Some(2), 6.0),
        (Some(3), 3.0),
        (Some(4), 0.0),
    ] {
        let mut x = dossier(&vide, &a, &[], "attache", Voie::Choix);
        x.rang = rang;
        assert_eq!(coter(&g, None, &x).total, points);
    }
    let mut x = dossier(&vide, &a, &[], "attache", Voie::Choix);
    x.rang = None;
    let c = coter(&g, None, &x);
    assert_eq!(c.lignes[0].etat, EtatLigne::DonneeManquante);
}

#[test]
fn plafond_de_ligne() {
    // 20 jours × 1 point, plafonnés à 15 (brochure LDG du CIG petite couronne, ligne 5).
    let a = redacteur_nomme_le_1er_aout_2016();
    let g = grille_un_critere(json!({"code": "j", "libelle": "Jours", "mode": "par_unite",
        "champ": "jours_formation", "points": 1, "max": 15}));
    let d = json!({"jours_formation": 20});
    let c = coter(&g, None, &dossier(&d, &a, &[], "attache", Voie::Choix));
    assert_eq!(c.lignes[0].points, 15.0);
    assert_eq!(c.lignes[0].etat, EtatLigne::Plafonnee);
    assert!(
        c.lignes[0]
            .explication
            .ends_with("plafonné à 15 points (maximum de la ligne)")
    );
}

#[test]
fn piece_non_produite_zero_point() {
    // Guide CDG Martinique §II.B : le défaut d'une pièce entraîne l'absence des points.
    let a = redacteur_nomme_le_1er_aout_2016();
    let g = grille_un_critere(json!({"code": "d", "libelle": "Diplôme", "mode": "choix",
        "champ": "niveau_diplome", "valeurs": {"5": 2}, "piece": "diplome"}));
    let d = json!({"niveau_diplome": 5});
    let c = coter(
        &g,
        None,
        &dossier(&d, &a, &[TypePiece::Crep], "attache", Voie::Choix),
    );
    assert_eq!(c.total, 0.0);
    assert_eq!(c.lignes[0].etat, EtatLigne::PieceNonProduite);
    assert!(c.lignes[0].explication.starts_with(
        "pièce non produite (diplôme) : 0 point ; avec elle, la ligne aurait valu 2 points"
    ));
    let c = coter(
        &g,
        None,
        &dossier(&d, &a, &[TypePiece::Diplome], "attache", Voie::Choix),
    );
    assert_eq!(c.total, 2.0);
}

#[test]
fn ligne_restreinte_a_une_voie_une_categorie_une_cible() {
    let a = redacteur_nomme_le_1er_aout_2016();
    let d = json!({"jours_formation": 4});
    let g = grille_un_critere(json!({"code": "j", "libelle": "Jours", "mode": "par_unite",
        "champ": "jours_formation", "points": 1, "voies": ["choix"], "categories": ["A"]}));
    // Attaché (catégorie A), au choix : la ligne s'applique.
    assert_eq!(
        coter(&g, None, &dossier(&d, &a, &[], "attache", Voie::Choix)).total,
        4.0
    );
    // Voie de l'examen : non appliquée.
    let c = coter(&g, None, &dossier(&d, &a, &[], "attache", Voie::Examen));
    assert_eq!(c.lignes[0].etat, EtatLigne::NonApplicable);
    assert!(
        c.lignes[0]
            .explication
            .contains("après examen professionnel"),
        "{}",
        c.lignes[0].explication
    );
    // Rédacteur (catégorie B) : non appliquée.
    let c = coter(&g, None, &dossier(&d, &a, &[], "redacteur", Voie::Choix));
    assert_eq!(c.lignes[0].etat, EtatLigne::NonApplicable);
    assert!(
        c.lignes[0].explication.contains("catégorie B"),
        "{}",
        c.lignes[0].explication
    );
    assert!(
        c.complete,
        "une ligne non applicable ne rend pas le dossier incomplet"
    );
}

#[test]
fn donnee_absente_ou_valeur_imprevue() {
    let a = redacteur_nomme_le_1er_aout_2016();
    let g = grille_un_critere(json!({"code": "f", "libelle": "Fonctions", "mode": "choix",
        "champ": "niveau_fonctions", "valeurs": {"intermediaire": 25, "operationnel": 20}}));
    let vide = json!({});
    let c = coter(&g, None, &dossier(&vide, &a, &[], "attache", Voie::Choix));
    assert_eq!(c.lignes[0].etat, EtatLigne::DonneeManquante);
    assert_eq!(
        c.lignes[0].explication,
        "« niveau_fonctions » non renseigné dans le dossier : donnée inconnue, 0 point"
    );
    assert!(!c.complete);
    let d = json!({"niveau_fonctions": "strategique"});
    let c = coter(&g, None, &dossier(&d, &a, &[], "attache", Voie::Choix));
    assert_eq!(c.lignes[0].etat, EtatLigne::ValeurInvalide);
    assert!(c.lignes[0].explication.contains(
        "valeur non prévue par la grille (valeurs prévues : « intermediaire », « operationnel »)"
    ));
    let d = json!({"niveau_fonctions": ["intermediaire"]});
    let c = coter(&g, None, &dossier(&d, &a, &[], "attache", Voie::Choix));
    assert_eq!(c.lignes[0].etat, EtatLigne::ValeurInvalide);
}

#[test]
fn plafond_commun_a_un_groupe_de_lignes() {
    // Brochure LDG du CIG petite couronne, ligne 2 : niveau 1 (30) + 3 ans dans les fonctions (2) + 25 agents
    // évalués (3) = 35, ramenés au plafond de la ligne, 30.
    let a = redacteur_nomme_le_1er_aout_2016();
    let g = droit::ldg::lire_grille(&json!({
        "libelle": "Groupe",
        "groupes": [{"code": "fonctions", "libelle": "Fonctions exercées", "max": 30}],
        "criteres": [
            {"code": "niveau", "libelle": "Niveau", "mode": "choix", "champ": "niveau_fonctions",
             "valeurs": {"strategique": 30}, "groupe": "fonctions"},
            {"code": "trois_ans", "libelle": "3 ans", "mode": "oui_non", "champ": "trois_ans",
             "points": 2, "groupe": "fonctions"},
            {"code": "encadrement", "libelle": "Encadrement", "mode": "tranches", "champ": "agents",
             "tranches": [{"min": 20, "points": 3}], "groupe": "fonctions"},
            {"code": "diplome", "libelle": "Diplôme", "mode": "oui_non", "champ": "diplome", "points": 3}
        ]
    }).to_string()).unwrap();
    let d = json!({"niveau_fonctions": "strategique", "trois_ans": true, "agents": 25, "diplome": true});
    let c = coter(&g, None, &dossier(&d, &a, &[], "attache", Voie::Choix));
    let codes: Vec<&str> = c.lignes.iter().map(|l| l.critere.as_str()).collect();
    assert_eq!(
        codes,
        [
            "niveau",
            "trois_ans",
            "encadrement",
            "groupe:fonctions",
            "diplome"
        ]
    );
    assert_eq!(c.lignes[3].points, -5.0);
    assert_eq!(c.lignes[3].etat, EtatLigne::PlafondGroupe);
    // 30 + 3 (diplôme) = 33.
    assert_eq!(c.total, 33.0);
    assert_eq!(g.points_maximum(), Some(33.0));
}

#[test]
fn anciennete_dans_la_categorie_d_un_cadre_reclasse() {
    // Décret n° 2017-901 du 9 mai 2017, articles 1er et 24 : assistants socio-éducatifs de
    // catégorie B jusqu'au 31/01/2019, de catégorie A depuis le 01/02/2019. Assistante
    // socio-éducative titulaire depuis le 01/01/2012.
    let a = agent(json!({"periodes": [
        periode("2012-01-01", None, "assistant_socio_educatif", "titulaire"),
    ]}));
    // Liste 2018 : catégorie B au 01/01/2018 ; du 01/01/2012 au 31/12/2017 : 6 ans.
    let x = anciennete(&a, SourceAnciennete::Categorie, 2018);
    let d = x.duree.unwrap();
    assert_eq!((d.annees, d.mois, d.jours), (6, 0, 0));
    assert!(x.explication.contains("catégorie B"), "{}", x.explication);
    // Liste 2026 : catégorie A au 01/01/2026 ; seuls comptent les services du 01/02/2019 au
    // 31/12/2025 : 6 ans et 11 mois.
    let x = anciennete(&a, SourceAnciennete::Categorie, 2026);
    let d = x.duree.unwrap();
    assert_eq!((d.annees, d.mois, d.jours), (6, 11, 0));
    assert!(x.explication.contains("catégorie A"), "{}", x.explication);
}
