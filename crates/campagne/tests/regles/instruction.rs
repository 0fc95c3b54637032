//! Instruction : automatique par le moteur, ou décision motivée du gestionnaire.

use campagne::calendrier::Campagne;
use campagne::instruction::{
    Decision, DecisionManuelle, PropositionAInstruire, decider, instruire,
};
use campagne::proposition::StatutProposition;
use droit::eligibilite::Voie;
use droit::piece::TypePiece;
use droit::recevabilite::CodeMotif;
use serde_json::json;

use super::date;

fn campagne() -> Campagne {
    Campagne {
        annee: 2027,
        depot_ouverture: date("2026-11-02"),
        depot_cloture: date("2026-12-18"),
        date_effet_liste: date("2027-03-01"),
    }
}

/// Adjoint administratif principal de 2e classe, 19 ans de services au 01/01/2027, reçu à
/// l'examen de rédacteur principal de 2e classe en 2025 (décret n° 2012-924 art. 8-II :
/// 12 ans de services publics dont 5 dans le cadre) ; formation de la période 2020-2024
/// suivie le 15/01/2027 seulement.
fn agent() -> droit::carriere::Agent {
    let a: droit::carriere::Agent = serde_json::from_value(json!({
        "periodes": [
            {"debut": "2008-01-01", "fin": "2015-12-31", "versant": "territoriale", "statut": "titulaire",
             "grade": "adjoint_administratif", "position": "activite"},
            {"debut": "2016-01-01", "versant": "territoriale", "statut": "titulaire",
             "grade": "adjoint_administratif_principal_2e_classe", "position": "activite"}
        ],
        "formations": [
            {"type": "fppe", "date": "2008-06-01", "jours": 3},
            {"type": "fptlc", "date": "2011-03-01", "jours": 2},
            {"type": "fptlc", "date": "2016-03-01", "jours": 2},
            {"type": "fptlc", "date": "2027-01-15", "jours": 2}
        ],
        "examens": [{"examen": "redacteur_principal_2e_classe", "annee": 2025}]
    }))
    .unwrap();
    a.valider("/agent").unwrap();
    a
}

#[test]
fn instruction_automatique_avec_validation_a_posteriori_jusqu_a_la_date_d_effet() {
    // Décret n° 2024-907 : la formation suivie le 15/01/2027, avant l'inscription (date
    // d'effet de la liste, 01/03/2027), est validée a posteriori.
    let a = agent();
    let pieces = [TypePiece::AttestationFormationCnfpt];
    let p = PropositionAInstruire {
        statut: StatutProposition::Transmise,
        agent: &a,
        cible: "redacteur_principal_2e_classe",
        voie: Voie::Examen,
        pieces: &pieces,
    };
    let r = instruire(&campagne(), &p).unwrap();
    assert_eq!(r.statut, StatutProposition::Recevable, "{:#?}", r.motifs);
    assert_eq!(r.catalogue_version, droit::catalogue::version());
    // Sans l'attestation du CNFPT : irrecevable, motif codé.
    let p = PropositionAInstruire { pieces: &[], ..p };
    let r = instruire(&campagne(), &p).unwrap();
    assert_eq!(r.statut, StatutProposition::Irrecevable);
    assert_eq!(r.motifs[0].code, CodeMotif::AttestationFormationAbsente);
    // 409 si la proposition n'est pas transmise.
    let p = PropositionAInstruire {
        statut: StatutProposition::Brouillon,
        ..p
    };
    assert_eq!(
        instruire(&campagne(), &p).unwrap_err().code,
        "proposition_non_transmise"
    );
    let p = PropositionAInstruire {
        statut: StatutProposition::Recevable,
        ..p
    };
    assert_eq!(
        instruire(&campagne(), &p).unwrap_err().code,
        "deja_instruite"
    );
}

#[test]
fn point_a_verifier_laisse_la_proposition_transmise() {
    let mut a = agent();
    a.formations = None;
    let pieces = [TypePiece::AttestationFormationCnfpt];
    let r = instruire(
        &campagne(),
        &PropositionAInstruire {
            statut: StatutProposition::Transmise,
            agent: &a,
            cible: "redacteur_principal_2e_classe",
            voie: Voie::Examen,
            pieces: &pieces,
        },
    )
    .unwrap();
    assert_eq!(r.statut, StatutProposition::Transmise);
    assert_eq!(r.a_verifier[0].code, "formation_non_evaluee");
}

#[test]
fn decision_motivee() {
    // Contrat v2 : `{"decision": "irrecevable", "motif": "autre", "justification": "..."}`.
    let d: DecisionManuelle = serde_json::from_value(json!({
        "decision": "irrecevable", "motif": "autre", "justification": "Dossier signé par une autorité incompétente."
    }))
    .unwrap();
    let r = decider(StatutProposition::Transmise, &d, date("2027-01-20")).unwrap();
    assert_eq!(r.statut, StatutProposition::Irrecevable);
    assert_eq!(r.motifs[0].code, CodeMotif::Autre);
    assert_eq!(
        r.motifs[0].message,
        "Dossier signé par une autorité incompétente."
    );
    assert!(r.motifs[0].reference.contains("20/01/2027"));
    // Revenir sur une irrecevabilité, motivé.
    let d = DecisionManuelle {
        decision: Decision::Recevable,
        motif: None,
        justification: "Carrière corrigée".into(),
    };
    assert_eq!(
        decider(StatutProposition::Irrecevable, &d, date("2027-01-21"))
            .unwrap()
            .statut,
        StatutProposition::Recevable
    );
    // Justification obligatoire (422 sur /justification).
    let d = DecisionManuelle {
        decision: Decision::Recevable,
        motif: None,
        justification: "  ".into(),
    };
    let e = decider(StatutProposition::Transmise, &d, date("2027-01-21")).unwrap_err();
    assert_eq!(
        (e.statut, e.code.as_str(), e.chemin.as_deref()),
        (422, "justification_requise", Some("/justification"))
    );
    // Une proposition inscrite ne change plus.
    let d = DecisionManuelle {
        decision: Decision::Irrecevable,
        motif: None,
        justification: "x".into(),
    };
    assert_eq!(
        decider(StatutProposition::Inscrite, &d, date("2027-04-01"))
            .unwrap_err()
            .code,
        "transition_interdite"
    );
}
