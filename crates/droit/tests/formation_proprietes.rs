//! Propriétés des périodes de formation (décret n° 2008-512 ; guide CDG, guide CDG Martinique §I.E),
//! vérifiées sur des carrières tirées au hasard.

use droit::carriere::{Agent, FormationSuivie, Periode, PosteResponsabilite, TypeFormation};
use droit::date::{ajouter_annees, ajouter_mois, date, jour, premier_janvier};
use droit::formation::evaluer;
use jiff::civil::Date;
use proptest::prelude::*;
use serde_json::json;

fn carriere(nomination: Date, grade: &str, postes: &[Date]) -> Agent {
    let p: Periode = serde_json::from_value(json!({
        "debut": nomination, "versant": "territoriale", "statut": "titulaire",
        "grade": grade, "position": "activite"
    }))
    .unwrap();
    Agent {
        periodes: vec![p],
        formations: Some(Vec::new()),
        postes_responsabilite: postes
            .iter()
            .map(|&debut| PosteResponsabilite { debut, fin: None })
            .collect(),
        ..Agent::default()
    }
}

fn strategie() -> impl Strategy<Value = (Date, &'static str, Vec<Date>, i32)> {
    let jour_min = jour(jiff::civil::date(1995, 1, 1));
    let jour_max = jour(jiff::civil::date(2035, 12, 31));
    (
        jour_min..jour_max,
        prop::sample::select(vec!["attache", "redacteur", "adjoint_technique"]),
        prop::collection::vec(0..9000i32, 0..4),
        1..30i32,
    )
        .prop_map(|(n, grade, decalages, delai)| {
            let nomination = date(n);
            let postes = decalages.into_iter().map(|k| date(n + k)).collect();
            (
                nomination,
                grade,
                postes,
                i32::from(nomination.year()) + delai,
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Les cycles FPTLC complets durent 5 ans, la FPPE 2 ans, la FPPR 6 mois (guide CDG Martinique §I.E) ;
    /// les cycles FPTLC ne se chevauchent pas entre eux ni avec une FPPR ; aucune fenêtre ne
    /// commence après la date d'appréciation.
    #[test]
    fn fenetres_bien_formees((nomination, grade, postes, annee) in strategie()) {
        let r = evaluer(&carriere(nomination, grade, &postes), annee);
        let appreciation = premier_janvier(annee);
        for p in &r.periodes {
            prop_assert!(p.debut <= p.fin && p.debut <= appreciation);
            prop_assert_eq!(p.revolue, p.fin < appreciation);
            let fin_theorique = |d: Date| date(jour(d) - 1);
            match p.type_formation {
                TypeFormation::Fppe => prop_assert_eq!(p.fin, fin_theorique(ajouter_annees(p.debut, 2))),
                TypeFormation::Fppr => prop_assert_eq!(p.fin, fin_theorique(ajouter_mois(p.debut, 6))),
                TypeFormation::Fptlc if !p.interrompue => {
                    prop_assert_eq!(p.fin, fin_theorique(ajouter_annees(p.debut, 5)))
                }
                _ => {}
            }
        }
        let cycles: Vec<_> = r.periodes.iter()
            .filter(|p| matches!(p.type_formation, TypeFormation::Fptlc | TypeFormation::Fppr))
            .collect();
        for (i, a) in cycles.iter().enumerate() {
            for b in &cycles[i + 1..] {
                if a.type_formation == TypeFormation::Fptlc || b.type_formation == TypeFormation::Fptlc {
                    prop_assert!(a.fin < b.debut || b.fin < a.debut, "{:?} / {:?}", (a.debut, a.fin), (b.debut, b.fin));
                }
            }
        }
        // Seules des périodes révolues, non interrompues, sont exigées.
        prop_assert!(r.periodes.iter().filter(|p| p.exigee).all(|p| p.revolue && !p.interrompue));
    }

    /// Un agent qui a suivi, dans chaque fenêtre, la durée requise est à jour ; lui retirer
    /// toutes ses formations le met en défaut dès qu'une période est exigée.
    #[test]
    fn a_jour_si_tout_est_suivi((nomination, grade, postes, annee) in strategie()) {
        let vide = carriere(nomination, grade, &postes);
        let r = evaluer(&vide, annee);
        let mut complet = vide.clone();
        complet.formations = Some(r.periodes.iter().map(|p| FormationSuivie {
            type_formation: p.type_formation,
            date: p.debut,
            jours: p.jours_requis,
        }).collect());
        prop_assert_eq!(evaluer(&complet, annee).a_jour, Some(true));
        // Le verdict seul est le même que celui de l'évaluation expliquée.
        prop_assert_eq!(droit::formation::a_jour(&complet, annee), Some(true));
        prop_assert_eq!(droit::formation::a_jour(&vide, annee), r.a_jour);
        let exigee = r.periodes.iter().any(|p| p.exigee);
        prop_assert_eq!(r.a_jour, Some(!exigee));
    }
}
