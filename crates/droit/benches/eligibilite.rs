//! Banc d'essai : `eligibilite` sur toutes les cibles du catalogue pour une carrière type de
//! 10 périodes (objectif : 20 µs au plus par agent sur un cœur, en release) : verdicts seuls
//! (`verdicts`, traitements de masse) et réponse expliquée complète (`evaluer_agent`).
//!
//! `cargo bench -p droit --bench eligibilite`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use droit::carriere::Agent;

/// Carrière type : adjoint technique puis agent de maîtrise, technicien, temps partiel,
/// temps non complet, congé parental, disponibilité, détachement, période en cours.
fn carriere_type() -> Agent {
    let p = |debut: &str, fin: Option<&str>, grade: &str, extra: serde_json::Value| {
        let mut v = serde_json::json!({
            "debut": debut, "fin": fin, "versant": "territoriale", "statut": "titulaire",
            "grade": grade, "position": "activite"
        });
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        v
    };
    let vide = serde_json::json!({});
    let json = serde_json::json!({
        "date_naissance": "1975-06-12",
        "periodes": [
            p("1998-09-01", Some("2000-12-31"), "adjoint_technique", serde_json::json!({"heures_hebdomadaires": 15.0})),
            p("2001-01-01", Some("2004-08-31"), "adjoint_technique", vide.clone()),
            p("2004-09-01", Some("2007-12-31"), "adjoint_technique_principal_2e_classe", serde_json::json!({"quotite": 80})),
            p("2008-01-01", Some("2009-06-30"), "adjoint_technique_principal_2e_classe", serde_json::json!({"position": "conge_parental"})),
            p("2009-07-01", Some("2011-12-31"), "adjoint_technique_principal_1re_classe", vide.clone()),
            p("2012-01-01", Some("2013-12-31"), "agent_de_maitrise", vide.clone()),
            p("2014-01-01", Some("2014-12-31"), "agent_de_maitrise", serde_json::json!({"position": "disponibilite", "motif_disponibilite": "convenances_personnelles"})),
            p("2015-01-01", Some("2017-12-31"), "agent_de_maitrise_principal", vide.clone()),
            p("2018-01-01", Some("2020-12-31"), "technicien", serde_json::json!({"position": "detachement", "emploi": {"code": "autre", "population": 15000}})),
            p("2021-01-01", None, "technicien_principal_2e_classe", vide),
        ]
    });
    serde_json::from_value(json).unwrap()
}

fn banc(c: &mut Criterion) {
    let agent = carriere_type();
    agent.valider("/agent").unwrap();
    // Premier appel hors mesure : chargement du catalogue.
    let r = droit::eligibilite::evaluer_agent(&agent, 2026, None);
    println!(
        "carrière type de {} périodes : {} voies évaluées",
        agent.periodes.len(),
        r.voies.len()
    );
    let v = droit::eligibilite::verdicts(&agent, 2026, None);
    assert_eq!(v.len(), r.voies.len());
    c.bench_function("verdicts_toutes_cibles_10_periodes", |b| {
        b.iter(|| droit::eligibilite::verdicts(black_box(&agent), black_box(2026), None))
    });
    c.bench_function("eligibilite_toutes_cibles_10_periodes", |b| {
        b.iter(|| droit::eligibilite::evaluer_agent(black_box(&agent), black_box(2026), None))
    });
    let cible = vec!["ingenieur".to_owned()];
    c.bench_function("eligibilite_une_cible_10_periodes", |b| {
        b.iter(|| {
            droit::eligibilite::evaluer_agent(black_box(&agent), black_box(2026), Some(&cible))
        })
    });
}

criterion_group!(benches, banc);
criterion_main!(benches);
