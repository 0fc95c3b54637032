//! Recevabilité automatique au 1er janvier de l'année de la liste (contrat v2,
//! « Instruction by the CDG »).

use droit::eligibilite::Voie;
use droit::piece::TypePiece;
use droit::recevabilite::{CodeMotif, DecisionAutomatique, DemandeRecevabilite, instruire};
use serde_json::{Value, json};

use super::{agent, periode};

/// Adjoint administratif depuis le 01/01/2008, principal de 2e classe depuis le 01/01/2016 :
/// au 01/01/2027, 19 ans de services publics effectifs, tous dans le cadre d'emplois.
/// Décret n° 2012-924 art. 8-II (catalogue des voies) : l'examen de rédacteur principal de
/// 2e classe est ouvert aux adjoints administratifs principaux comptant 12 ans de services
/// publics effectifs, dont 5 dans le cadre d'emplois.
fn adjoint(formations: Option<Value>, examens: Value) -> droit::carriere::Agent {
    let mut v = json!({
        "date_naissance": "1975-02-03",
        "periodes": [
            periode("2008-01-01", Some("2015-12-31"), "adjoint_administratif", "titulaire"),
            periode("2016-01-01", None, "adjoint_administratif_principal_2e_classe", "titulaire"),
        ],
        "examens": examens
    });
    if let Some(f) = formations {
        v["formations"] = f;
    }
    agent(v)
}

/// Formation de premier emploi suivie en 2008, puis formation tout au long de la carrière
/// dans chaque période de cinq ans (décret n° 2008-512 ; guide CDG Martinique §I.E).
fn formations_a_jour() -> Value {
    json!([
        {"type": "fppe", "date": "2008-06-01", "jours": 3},
        {"type": "fptlc", "date": "2011-03-01", "jours": 2},
        {"type": "fptlc", "date": "2016-03-01", "jours": 2},
        {"type": "fptlc", "date": "2021-03-01", "jours": 2},
        {"type": "fptlc", "date": "2025-03-01", "jours": 2}
    ])
}

fn examen_2025() -> Value {
    json!([{"examen": "redacteur_principal_2e_classe", "annee": 2025}])
}

const TOUTES: &[TypePiece] = &[TypePiece::AttestationFormationCnfpt, TypePiece::Crep];

fn demande<'a>(a: &'a droit::carriere::Agent, pieces: &'a [TypePiece]) -> DemandeRecevabilite<'a> {
    DemandeRecevabilite {
        agent: a,
        cible: "redacteur_principal_2e_classe",
        voie: Voie::Examen,
        annee: 2027,
        pieces,
        date_inscription: None,
    }
}

fn codes(r: &droit::recevabilite::Recevabilite) -> Vec<CodeMotif> {
    r.motifs.iter().map(|m| m.code).collect()
}

#[test]
fn dossier_complet_recevable() {
    let a = adjoint(Some(formations_a_jour()), examen_2025());
    let r = instruire(&demande(&a, TOUTES)).unwrap();
    assert_eq!(
        r.decision,
        DecisionAutomatique::Recevable,
        "{:#?} {:#?}",
        r.motifs,
        r.a_verifier
    );
    assert!(r.motifs.is_empty());
    assert_eq!(r.date_appreciation.to_string(), "2027-01-01");
    assert_eq!(r.catalogue_version, droit::catalogue::version());
    assert!(r.eligibilite.as_ref().unwrap().eligible);
}

#[test]
fn examen_non_obtenu() {
    // Voie après examen sans réussite enregistrée (guide CDG Martinique §I.D : avoir
    // satisfait aux épreuves au 1er janvier de l'année de la liste).
    let a = adjoint(Some(formations_a_jour()), json!([]));
    let r = instruire(&demande(&a, TOUTES)).unwrap();
    assert_eq!(r.decision, DecisionAutomatique::Irrecevable);
    assert_eq!(codes(&r), [CodeMotif::ExamenNonObtenu]);
    assert!(
        r.motifs[0]
            .message
            .contains("Rédacteur principal de 2e classe"),
        "{}",
        r.motifs[0].message
    );
    // Un examen réussi à la session de l'année de la liste ne compte pas encore.
    let a = adjoint(
        Some(formations_a_jour()),
        json!([{"examen": "redacteur_principal_2e_classe", "annee": 2027}]),
    );
    assert_eq!(
        codes(&instruire(&demande(&a, TOUTES)).unwrap()),
        [CodeMotif::ExamenNonObtenu]
    );
}

#[test]
fn attestation_du_cnfpt_absente() {
    // Guide CDG Martinique §I.E : aucun dossier n'est accepté sans les attestations de
    // formation du CNFPT.
    let a = adjoint(Some(formations_a_jour()), examen_2025());
    let r = instruire(&demande(&a, &[TypePiece::Crep])).unwrap();
    assert_eq!(codes(&r), [CodeMotif::AttestationFormationAbsente]);
    assert!(r.motifs[0].reference.contains("2008-512"));
}

#[test]
fn formation_non_a_jour() {
    // Aucune formation tout au long de la carrière dans la dernière période révolue
    // (2020-2024) : décret n° 2008-512 art. 16.
    let a = adjoint(
        Some(json!([
            {"type": "fppe", "date": "2008-06-01", "jours": 3},
            {"type": "fptlc", "date": "2011-03-01", "jours": 2},
            {"type": "fptlc", "date": "2016-03-01", "jours": 2}
        ])),
        examen_2025(),
    );
    let r = instruire(&demande(&a, TOUTES)).unwrap();
    assert_eq!(
        codes(&r),
        [CodeMotif::FormationNonAJour],
        "{:#?}",
        r.formation
    );
    assert!(r.motifs[0].reference.contains("2024-907"));
    assert!(r.motifs[0].message.contains("01/01/2027"));
}

#[test]
fn formation_rattrapee_avant_l_inscription() {
    // Décret n° 2024-907 : une formation manquante suivie avant l'inscription est validée a
    // posteriori. Formation de la période 2020-2024 suivie le 15/01/2027, liste prenant effet
    // le 01/03/2027.
    let a = adjoint(
        Some(json!([
            {"type": "fppe", "date": "2008-06-01", "jours": 3},
            {"type": "fptlc", "date": "2011-03-01", "jours": 2},
            {"type": "fptlc", "date": "2016-03-01", "jours": 2},
            {"type": "fptlc", "date": "2027-01-15", "jours": 2}
        ])),
        examen_2025(),
    );
    let mut d = demande(&a, TOUTES);
    d.date_inscription = Some(jiff::civil::date(2027, 3, 1));
    let r = instruire(&d).unwrap();
    assert_eq!(
        r.decision,
        DecisionAutomatique::Recevable,
        "{:#?}",
        r.motifs
    );
    // Sans date d'inscription, la borne est le 01/01/2027 : pas encore rattrapée.
    d.date_inscription = None;
    assert_eq!(
        codes(&instruire(&d).unwrap()),
        [CodeMotif::FormationNonAJour]
    );
}

#[test]
fn conditions_statutaires_nomment_la_condition() {
    // Adjoint administratif principal depuis 2019 seulement, entré en 2017 : 10 ans de
    // services publics au 31/12/2026, moins que les 12 exigés.
    let a = agent(json!({
        "periodes": [
            periode("2017-01-01", Some("2018-12-31"), "adjoint_administratif", "titulaire"),
            periode("2019-01-01", None, "adjoint_administratif_principal_2e_classe", "titulaire"),
        ],
        "formations": [{"type": "fppe", "date": "2017-06-01", "jours": 3},
                       {"type": "fptlc", "date": "2021-03-01", "jours": 2}],
        "examens": examen_2025()
    }));
    let r = instruire(&demande(&a, TOUTES)).unwrap();
    assert_eq!(r.decision, DecisionAutomatique::Irrecevable);
    assert!(
        codes(&r).contains(&CodeMotif::ConditionsStatutaires),
        "{:#?}",
        r.motifs
    );
    let m = &r.motifs[0];
    assert_eq!(m.code, CodeMotif::ConditionsStatutaires);
    assert!(
        m.message.contains("services publics effectifs"),
        "{}",
        m.message
    );
    assert!(m.message.contains("01/01/2027"), "{}", m.message);
    assert!(m.reference.contains("2012-924"), "{}", m.reference);
}

#[test]
fn voie_absente_du_catalogue() {
    // L'attaché n'est pas accessible par un examen professionnel dans le catalogue.
    let a = adjoint(Some(formations_a_jour()), examen_2025());
    let mut d = demande(&a, TOUTES);
    d.cible = "attache";
    let r = instruire(&d).unwrap();
    assert_eq!(codes(&r)[0], CodeMotif::ConditionsStatutaires);
    assert!(r.eligibilite.is_none());
}

#[test]
fn formations_non_enregistrees_a_verifier() {
    // Sans formations enregistrées, le moteur ne devine pas : point à vérifier.
    let a = adjoint(None, examen_2025());
    let r = instruire(&demande(&a, TOUTES)).unwrap();
    assert_eq!(r.decision, DecisionAutomatique::AVerifier);
    assert!(r.motifs.is_empty());
    assert_eq!(r.a_verifier[0].code, "formation_non_evaluee");
    // L'attestation reste exigée.
    let r = instruire(&demande(&a, &[])).unwrap();
    assert_eq!(codes(&r), [CodeMotif::AttestationFormationAbsente]);
}

#[test]
fn entree_invalide() {
    let a = adjoint(None, examen_2025());
    let mut d = demande(&a, TOUTES);
    d.cible = "astronaute";
    assert_eq!(instruire(&d).unwrap_err().chemin, "/cible");
    let mut d = demande(&a, TOUTES);
    d.voie = Voie::InscriptionExamen;
    assert_eq!(instruire(&d).unwrap_err().chemin, "/voie");
}
