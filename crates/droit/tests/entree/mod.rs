//! Entrées du moteur : lecture stricte, erreurs françaises avec `chemin`, listes bornées,
//! et essais de mutations (fuzzing) sur toutes les commandes.
//!
//! Les graines sont des demandes valides écrites ici pour chaque commande ; les essais les
//! altèrent (valeurs, types, champs, longueurs, dates, syntaxe) et vérifient que le moteur ne
//! panique jamais, répond en français et pointe une valeur du document reçu.

mod bornes;
mod defauts;
mod mutations;

use serde_json::{Value, json};

/// Une demande valide par commande (deux pour `quota` : centre de gestion et CNFPT).
pub fn graines() -> Vec<(&'static str, Value)> {
    let agent = json!({
        "date_naissance": "1978-04-02",
        "periodes": [
            {"debut": "2005-09-01", "fin": "2012-08-31", "versant": "territoriale",
             "statut": "titulaire", "grade": "technicien", "position": "activite",
             "quotite": 80, "heures_hebdomadaires": null, "emploi": null, "fonctions": []},
            {"debut": "2012-09-01", "fin": null, "versant": "territoriale",
             "statut": "titulaire", "grade": "technicien_principal_1re_classe",
             "position": "activite", "quotite": 100,
             "emploi": {"code": "dst_commune", "population": 12000, "surclassement": null},
             "fonctions": [{"code": "direction_services_techniques_seul", "population": 12000}]}
        ],
        "formations": [{"type": "fppe", "date": "2006-05-14", "jours": 5}],
        "dispenses": [{"type": "fptlc", "periode_debut": "2014-09-01", "jours": 2}],
        "postes_responsabilite": [{"debut": "2016-04-01", "fin": "2018-03-31"}],
        "examens": [{"examen": "ingenieur", "annee": 2024, "admis": true}]
    });
    let ingenieur_principal = json!({"periodes": [
        {"debut": "2008-09-01", "fin": "2014-12-31", "versant": "territoriale",
         "statut": "titulaire", "grade": "ingenieur", "position": "activite"},
        {"debut": "2015-01-01", "fin": null, "versant": "territoriale",
         "statut": "titulaire", "grade": "ingenieur_principal", "position": "activite"}
    ]});
    let mut jury = Vec::new();
    for q in [
        "fonctionnaire_territorial",
        "personnalite_qualifiee",
        "elu_local",
    ] {
        for n in 0..3 {
            jury.push(json!({"nom": format!("Membre {n}"), "qualite": q}));
        }
    }
    vec![
        (
            "eligibilite",
            json!({"annee": 2026, "cibles": ["ingenieur", "technicien_principal_2e_classe"],
                   "cloture_inscriptions": "2025-11-14", "agent": agent}),
        ),
        (
            "services",
            json!({"agent": agent, "jusqu_au": "2025-12-31",
                   "perimetre": {"grades": ["technicien"],
                                 "cadres_emplois": ["techniciens_territoriaux"],
                                 "categorie": "B", "versants": ["territoriale"],
                                 "emplois": ["dst_commune"], "contractuels_admis": false,
                                 "detachement_admis": true}}),
        ),
        (
            "formation",
            json!({"annee": 2026, "agent": agent, "date_inscription": "2025-06-01",
                   "durees_convenues": []}),
        ),
        (
            "quota",
            json!({"annee": 2026, "cible": "ingenieur", "voie": "choix", "mode": "cdg",
                   "recrutements": {"concours": 3, "mutation": 2, "detachement": 1,
                                    "integration_directe": 0, "travailleur_handicape": 0,
                                    "promotion_interne": 1, "autre": 4},
                   "effectif_31_decembre": {"fonctionnaires_activite_detachement": 250, "cdi": 0},
                   "annees_sans_promotion_possible": 0, "recrutements_pendant_ces_annees": 0,
                   "autre_voie_nominations": 0}),
        ),
        (
            "quota",
            json!({"annee": 2026, "cible": "ingenieur_en_chef", "mode": "examen_cnfpt",
                   "admis_concours_session_precedente": 23}),
        ),
        (
            "liste-aptitude",
            json!({"inscription": "2024-03-15", "aujourd_hui": "2027-05-01",
                   "demandes_maintien": ["2026-02-01"],
                   "suspensions": [{"motif": "conge_maternite", "debut": "2025-01-10",
                                    "fin": "2025-05-10"}],
                   "offres": [{"date": "2026-06-01", "reponse": "refusee",
                               "date_reponse": "2026-06-15"}],
                   "nomination": null}),
        ),
        (
            "intercommunal",
            json!({"employeurs": [
                {"id": "X", "heures_hebdomadaires": 12, "date_recrutement": "2010-01-01", "accord": true},
                {"id": "Y", "heures_hebdomadaires": 20, "date_recrutement": "2014-01-01", "accord": false}
            ]}),
        ),
        (
            "examen-dossier",
            json!({"session": 2026, "cloture_inscriptions": "2026-03-12", "depot": "2026-03-10",
                   "pieces": [
                       {"type": "dossier_inscription_signe"},
                       {"type": "etat_services"},
                       {"type": "arretes_situation"},
                       {"type": "parcours_professionnel", "pages": 2},
                       {"type": "lettre_motivation", "pages": 2},
                       {"type": "rapport_realisation", "pages": 3, "depot": "2026-03-11"}
                   ],
                   "agent": ingenieur_principal}),
        ),
        (
            "examen-resultats",
            json!({"session": 2026, "postes": 2, "seuil_admissibilite": 10,
            "admis_concours_session_precedente": 23, "jury": jury,
            "annee_liste_aptitude": 2026,
            "candidats": [
                {"id": "a", "nom": "Martin", "prenom": "Léa", "note_dossier": 14.5,
                 "note_entretien": 12, "agent": ingenieur_principal},
                {"id": "b", "note_dossier": 9}
            ]}),
        ),
        (
            "nomination",
            json!({"cible": "agent_de_maitrise", "date_nomination": "2026-03-01",
                   "employeur": {"type": "commune", "population": 12000,
                                 "logements": null, "assimilation_population": null},
                   "poste_cree": true, "vacance_declaree": true, "inscrit_liste_aptitude": true,
                   "services_meme_nature": {"annees": 8, "mois": 0, "jours": 0}}),
        ),
        (
            "liste-aptitude-etablir",
            json!({"postes": 1, "candidats": [
                {"id": "1", "nom": "Durand", "prenom": "Ana", "score": 12.5},
                {"id": "2", "nom": "Martin", "prenom": null, "score": 10}
            ]}),
        ),
    ]
}

/// Valeur désignée par un pointeur JSON (RFC 6901).
pub fn resoudre<'a>(doc: &'a Value, chemin: &str) -> Option<&'a Value> {
    doc.pointer(chemin)
}

/// Phrases anglaises des bibliothèques (serde, serde_json, jiff, csv) qui ne doivent jamais
/// atteindre un utilisateur.
pub const PHRASES_ANGLAISES: &[&str] = &[
    "expected",
    "invalid type",
    "invalid value",
    "invalid length",
    "unknown field",
    "unknown variant",
    "missing field",
    "duplicate field",
    "failed to",
    "parse",
    "digit",
    "at line",
    "column ",
    "EOF",
    "trailing",
    "integer `",
    "floating point",
    "struct ",
    "sequence",
    "a string",
    "recursion",
    "found",
    "error",
    "Error",
    "while",
];

/// Un message d'erreur lisible : non vide, majuscule initiale, sans anglais de bibliothèque.
pub fn verifier_message(message: &str, contexte: &str) {
    assert!(!message.trim().is_empty(), "{contexte} : message vide");
    let premier = message.chars().next().unwrap();
    assert!(
        premier.is_uppercase(),
        "{contexte} : le message doit commencer par une majuscule : {message}"
    );
    for p in PHRASES_ANGLAISES {
        assert!(
            !message.contains(p),
            "{contexte} : texte anglais « {p} » dans le message : {message}"
        );
    }
}

/// Le `chemin` d'une erreur désigne une valeur du document, ou un champ absent d'un objet
/// du document (champ obligatoire manquant).
pub fn verifier_chemin(doc: &Value, chemin: &str, contexte: &str) {
    if resoudre(doc, chemin).is_some() {
        return;
    }
    let parent = chemin.rfind('/').map_or("", |i| &chemin[..i]);
    assert!(
        chemin.starts_with('/') && resoudre(doc, parent).is_some_and(Value::is_object),
        "{contexte} : le chemin {chemin:?} ne désigne rien dans le document"
    );
}

#[test]
fn les_graines_sont_valides() {
    for (commande, g) in graines() {
        if let Err(e) = droit::commandes::executer(commande, &g.to_string()) {
            panic!("{commande} : graine refusée : {e:?}");
        }
    }
}
