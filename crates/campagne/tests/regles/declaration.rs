//! Déclarations des collectivités (contrat v2, « Recensement »).

use campagne::declaration::{lire_declaration, valider_declaration};
use serde_json::json;

fn declaration(date: &str) -> campagne::declaration::Declaration {
    lire_declaration(
        &json!({
            "recrutements": [{"cadre_emplois": "attaches_territoriaux", "mode": "concours",
                              "date": date, "reference": "arrêté n° 2026-014"}],
            "effectifs": [{"cadre_emplois": "attaches_territoriaux",
                           "fonctionnaires_activite_detachement": 12, "cdi": 1}]
        })
        .to_string(),
    )
    .unwrap()
}

#[test]
fn exemple_du_contrat_accepte() {
    assert!(valider_declaration(&declaration("2026-03-01"), 2027, true).is_ok());
}

#[test]
fn recrutement_hors_de_l_annee_precedente() {
    // Contrat v2 : `date` doit tomber en `annee - 1` (422 avec chemin).
    for d in ["2025-12-31", "2027-01-01"] {
        let e = valider_declaration(&declaration(d), 2027, true).unwrap_err();
        assert_eq!((e.statut, e.code.as_str()), (422, "date_hors_annee"));
        assert_eq!(e.chemin.as_deref(), Some("/recrutements/0/date"));
        assert!(e.message.contains("2026"), "{}", e.message);
    }
}

#[test]
fn collectivite_non_affiliee() {
    // Contrat v2 : déclaration refusée, 409 `non_affiliee`.
    let e = valider_declaration(&declaration("2026-03-01"), 2027, false).unwrap_err();
    assert_eq!((e.statut, e.code.as_str()), (409, "non_affiliee"));
}

#[test]
fn valeurs_invalides_avec_leur_chemin() {
    let d = |v: serde_json::Value| lire_declaration(&v.to_string());
    // Mode inconnu : erreur de lecture, 422 sur le champ.
    let e = d(json!({"recrutements": [{"cadre_emplois": "attaches_territoriaux", "mode": "promotion_interne",
        "date": "2026-03-01", "reference": "a"}]}))
    .unwrap_err();
    assert_eq!((e.statut, e.code.as_str()), (422, "code_inconnu"));
    assert_eq!(e.chemin.as_deref(), Some("/recrutements/0/mode"));
    // Cadre inconnu, ou non territorial.
    let x = d(
        json!({"recrutements": [{"cadre_emplois": "astronautes", "mode": "concours",
        "date": "2026-03-01", "reference": "a"}]}),
    )
    .unwrap();
    let e = valider_declaration(&x, 2027, true).unwrap_err();
    assert_eq!(e.chemin.as_deref(), Some("/recrutements/0/cadre_emplois"));
    let x = d(
        json!({"effectifs": [{"cadre_emplois": "greffiers_services_judiciaires",
        "fonctionnaires_activite_detachement": 3}]}),
    )
    .unwrap();
    let e = valider_declaration(&x, 2027, true).unwrap_err();
    assert_eq!(e.chemin.as_deref(), Some("/effectifs/0/cadre_emplois"));
    // Référence d'arrêté vide.
    let x = d(
        json!({"recrutements": [{"cadre_emplois": "attaches_territoriaux", "mode": "mutation",
        "date": "2026-03-01", "reference": "  "}]}),
    )
    .unwrap();
    assert_eq!(
        valider_declaration(&x, 2027, true)
            .unwrap_err()
            .chemin
            .as_deref(),
        Some("/recrutements/0/reference")
    );
    // Un cadre déclaré deux fois dans l'effectif.
    let x = d(json!({"effectifs": [
        {"cadre_emplois": "attaches_territoriaux", "fonctionnaires_activite_detachement": 3},
        {"cadre_emplois": "attaches_territoriaux", "cdi": 1}]}))
    .unwrap();
    let e = valider_declaration(&x, 2027, true).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.chemin.as_deref()),
        ("cadre_en_double", Some("/effectifs/1/cadre_emplois"))
    );
}
