//! Classement nominatif et anonyme, et liste d'aptitude d'une cible toutes voies réunies.

use campagne::anonymat::{Sel, codes_anonymes};
use campagne::classement::{
    OrdreManuel, PropositionClassee, VoieAInscrire, classement, etablir_liste_cible,
};
use campagne::proposition::StatutProposition;
use droit::classement::FaitsDepartage;
use droit::eligibilite::Voie;
use droit::ldg::{DossierACoter, coter};
use serde_json::json;

use super::{date, grille_du_depot};

const MARTINIQUE: &str = "cdg-martinique-seed-002.json";

/// Une proposition cotée sur la grille d'exemple du CDG Martinique : seul le rang et les
/// jours de formation varient ; carrière commune (rédacteur depuis le 01/01/2015).
fn proposition(
    id: &str,
    nom: &str,
    voie: Voie,
    rang: u32,
    jours: f64,
    naissance: &str,
) -> PropositionClassee {
    let agent: droit::carriere::Agent = serde_json::from_value(json!({
        "date_naissance": naissance,
        "periodes": [{"debut": "2015-01-01", "versant": "territoriale", "statut": "titulaire",
                      "grade": "redacteur", "position": "activite"}]
    }))
    .unwrap();
    let g = grille_du_depot(MARTINIQUE);
    let dossier = json!({"jours_formation": jours});
    let cible = "redacteur_principal_2e_classe";
    let cotation = coter(
        &g,
        Some(1),
        &DossierACoter {
            dossier: &dossier,
            rang: Some(rang),
            pieces: &[droit::piece::TypePiece::AttestationsFormations],
            cible,
            voie,
            agent: &agent,
            annee: 2027,
        },
    );
    PropositionClassee {
        id: id.into(),
        matricule: format!("M{id}"),
        nom: nom.into(),
        prenom: "Camille".into(),
        collectivite: format!("C{id}"),
        voie,
        faits: FaitsDepartage::depuis_carriere(&agent, 2027, Some(rang)),
        cotation,
    }
}

fn propositions() -> Vec<PropositionClassee> {
    // Grille d'exemple : ancienneté dans la fonction publique 1 point par an (du 01/01/2015
    // au 31/12/2026 : 12 ans → 12), rang 1 → 10, rang 2 → 6, formations 0,5 par jour.
    // Départage de la grille : rang, ancienneté dans la fonction publique, âge.
    vec![
        proposition("1", "Zola", Voie::Examen, 1, 4.0, "1980-01-01"),
        proposition("2", "Écoffier", Voie::Examen, 1, 4.0, "1975-01-01"),
        proposition("3", "Dupont", Voie::Examen, 2, 12.0, "1985-01-01"),
        proposition("4", "Faure", Voie::Examen, 2, 0.0, "1970-01-01"),
    ]
}

#[test]
fn classement_nominatif_puis_anonyme() {
    let g = grille_du_depot(MARTINIQUE);
    let ps = propositions();
    let ids: Vec<&str> = ps.iter().map(|p| p.id.as_str()).collect();
    let codes = codes_anonymes(2027, &ids, &Sel::new([5u8; 16]).unwrap());
    let r = classement(&g, Some(1), &ps, Some(2), &codes, false);
    // Totaux : P1 et P2 : 12 + 10 + 2 = 24 ; P3 : 12 + 6 + 6 = 24 ; P4 : 12 + 6 + 0 = 18.
    // À 24 : rang de l'autorité d'abord (P1, P2 devant P3), puis ancienneté (égale), puis
    // âge : P2, né en 1975, devant P1.
    let ordre: Vec<(&str, u32)> = r
        .classement
        .iter()
        .map(|l| (l.proposition.as_deref().unwrap(), l.rang))
        .collect();
    assert_eq!(ordre, [("2", 1), ("1", 2), ("3", 3), ("4", 4)]);
    assert_eq!(r.classement[0].total, 24.0);
    assert_eq!(
        r.classement[0].departage.as_deref(),
        Some("départagé par : âge")
    );
    assert_eq!(
        r.classement[2].departage.as_deref(),
        Some("départagé par : rang donné par l'autorité territoriale")
    );
    assert_eq!(r.classement.iter().filter(|l| l.retenu).count(), 2);
    assert_eq!(r.classement[0].nom.as_deref(), Some("Écoffier"));

    // Vue de la commission : ni identifiant, ni matricule, ni nom, ni collectivité.
    let a = classement(&g, Some(1), &ps, Some(2), &codes, true);
    for l in &a.classement {
        assert!(
            l.proposition.is_none()
                && l.matricule.is_none()
                && l.nom.is_none()
                && l.prenom.is_none()
                && l.collectivite.is_none()
        );
        assert!(l.code_anonyme.starts_with("PI27-"));
    }
    assert_eq!(a.classement[0].code_anonyme, codes["2"]);
    let texte = serde_json::to_string(&a).unwrap();
    for p in &ps {
        assert!(
            !texte.contains(&p.nom) && !texte.contains(&p.matricule),
            "{texte}"
        );
    }
}

#[test]
fn liste_d_une_cible_par_ordre_alphabetique() {
    let g = grille_du_depot(MARTINIQUE);
    let ps = propositions();
    let voies = [VoieAInscrire {
        voie: Voie::Examen,
        postes: Some(3),
        propositions: &ps,
    }];
    let l = etablir_liste_cible(
        "redacteur_principal_2e_classe",
        date("2027-03-01"),
        &g,
        Some(1),
        &voies,
        None,
    )
    .unwrap();
    let noms: Vec<&str> = l.inscrits.iter().map(|i| i.nom.as_str()).collect();
    // Retenus : P2, P1, P3 ; publiés par ordre alphabétique (guide CDG Martinique §II.D).
    assert_eq!(noms, ["Dupont", "Écoffier", "Zola"]);
    assert_eq!(l.postes, Some(3));
    assert_eq!(l.statuts["4"], StatutProposition::NonRetenue);
    assert_eq!(l.statuts["1"], StatutProposition::Inscrite);
    assert_eq!(l.inscrits[0].voie, Voie::Examen);
}

#[test]
fn ex_aequo_a_la_limite_bloque_jusqu_a_un_ordre_justifie() {
    let g = grille_du_depot(MARTINIQUE);
    // P5 : jumeau de P2 (même total, même rang, même carrière, même date de naissance).
    let mut ps = propositions();
    ps.push(proposition(
        "5",
        "Bernard",
        Voie::Examen,
        1,
        4.0,
        "1975-01-01",
    ));
    let voies = [VoieAInscrire {
        voie: Voie::Examen,
        postes: Some(1),
        propositions: &ps,
    }];
    let e = etablir_liste_cible(
        "redacteur_principal_2e_classe",
        date("2027-03-01"),
        &g,
        Some(1),
        &voies,
        None,
    )
    .unwrap_err();
    assert_eq!((e.statut, e.code.as_str()), (409, "ex_aequo"));
    assert!(e.message.contains("2, 5"), "{}", e.message);
    // Un ordre qui ne range pas exactement les ex aequo est refusé.
    let faux = OrdreManuel {
        departage_manuel: vec!["1".into()],
        justification: "x".into(),
    };
    let e = etablir_liste_cible(
        "redacteur_principal_2e_classe",
        date("2027-03-01"),
        &g,
        Some(1),
        &voies,
        Some(&faux),
    )
    .unwrap_err();
    assert_eq!(e.code, "ex_aequo");
    let bon = OrdreManuel {
        departage_manuel: vec!["5".into(), "2".into()],
        justification: "Avis de la commission".into(),
    };
    let l = etablir_liste_cible(
        "redacteur_principal_2e_classe",
        date("2027-03-01"),
        &g,
        Some(1),
        &voies,
        Some(&bon),
    )
    .unwrap();
    assert_eq!(l.inscrits.len(), 1);
    assert_eq!(l.inscrits[0].nom, "Bernard");
    let sans_justification = OrdreManuel {
        justification: " ".into(),
        ..bon
    };
    let e = etablir_liste_cible(
        "redacteur_principal_2e_classe",
        date("2027-03-01"),
        &g,
        Some(1),
        &voies,
        Some(&sans_justification),
    )
    .unwrap_err();
    assert_eq!(e.code, "justification_requise");
    // Un ordre manuel sans égalité à départager est refusé.
    let voies = [VoieAInscrire {
        voie: Voie::Examen,
        postes: Some(3),
        propositions: &ps[..4],
    }];
    let e = etablir_liste_cible(
        "redacteur_principal_2e_classe",
        date("2027-03-01"),
        &g,
        Some(1),
        &voies,
        Some(&OrdreManuel {
            departage_manuel: vec!["1".into()],
            justification: "x".into(),
        }),
    )
    .unwrap_err();
    assert_eq!(e.code, "departage_manuel_invalide");
}
