//! Propriétés du décompte des services effectifs (ticket moteur) :
//! - couper une période en deux ne change jamais le compte ;
//! - ajouter une période exclue n'augmente jamais le compte ;
//! - le compte croît avec la date ;
//! - la durée affichée et le verdict d'une condition de services ne se contredisent jamais.

use droit::carriere::{Agent, MotifDisponibilite, Periode, Position, Statut, Versant};
use droit::date::{date, jour};
use droit::services::{Carriere, Critere, ServicesEffectifs};
use proptest::prelude::*;

mod entree;

const GRADES: &[&str] = &[
    "adjoint_technique",
    "adjoint_technique_principal_2e_classe",
    "agent_de_maitrise",
    "technicien",
    "technicien_principal_2e_classe",
];

fn position() -> impl Strategy<Value = (Position, Option<MotifDisponibilite>)> {
    prop_oneof![
        4 => Just((Position::Activite, None)),
        1 => Just((Position::MiseADisposition, None)),
        1 => Just((Position::Detachement, None)),
        1 => Just((Position::CongeParental, None)),
        1 => Just((Position::Disponibilite, Some(MotifDisponibilite::EleverEnfant))),
        1 => Just((Position::Disponibilite, Some(MotifDisponibilite::ActiviteProfessionnelle))),
        1 => Just((Position::Disponibilite, None)),
        1 => Just((Position::ExclusionTemporaire, None)),
    ]
}

prop_compose! {
    fn une_periode()(
        duree in 30i32..2500,
        ecart in 0i32..200,
        grade in 0usize..GRADES.len(),
        (position, motif) in position(),
        contractuel in proptest::bool::weighted(0.15),
        quotite in prop_oneof![3 => Just(100.0), 1 => 50.0f64..100.0],
        tnc in proptest::option::weighted(0.2, 5.0f64..35.0),
    ) -> (i32, i32, Periode) {
        let p = Periode {
            debut: date(0),
            fin: None,
            versant: Versant::Territoriale,
            statut: if contractuel { Statut::Contractuel } else { Statut::Titulaire },
            grade: Some(GRADES[grade].to_owned()),
            position,
            motif_disponibilite: motif,
            quotite: Some(quotite),
            heures_hebdomadaires: tnc,
            emploi: None,
            fonctions: Vec::new(),
            conge_parental_octroye_le: None,
        };
        (duree, ecart, p)
    }
}

prop_compose! {
    /// Carrière de 1 à 10 périodes consécutives (avec des trous) à partir de 1995 ; la
    /// dernière est en cours si `en_cours`.
    fn une_carriere()(
        morceaux in proptest::collection::vec(une_periode(), 1..10),
        en_cours in any::<bool>(),
    ) -> Agent {
        let mut j = jour(jiff::civil::date(1995, 1, 1));
        let n = morceaux.len();
        let mut periodes = Vec::new();
        for (i, (duree, ecart, mut p)) in morceaux.into_iter().enumerate() {
            j += ecart;
            p.debut = date(j);
            j += duree;
            p.fin = if en_cours && i + 1 == n { None } else { Some(date(j - 1)) };
            periodes.push(p);
        }
        Agent { periodes, ..Agent::default() }
    }
}

fn critere() -> impl Strategy<Value = Critere> {
    (0usize..4, any::<bool>(), any::<bool>()).prop_map(|(k, contractuels, detachement)| {
        let mut c = Critere {
            contractuels_admis: contractuels,
            detachement_admis: detachement,
            ..Critere::default()
        };
        match k {
            0 => {}
            1 => c.grades = vec!["technicien".into(), "agent_de_maitrise".into()],
            2 => c.cadres_emplois = vec!["adjoints_techniques_territoriaux".into()],
            _ => c.categories = vec![droit::catalogue::Categorie::C],
        }
        c
    })
}

fn compte(agent: &Agent, c: &Critere, jusqu_au: i32) -> f64 {
    ServicesEffectifs::compter(&Carriere::preparer(agent), c, jusqu_au).jours
}

fn fin_observation() -> i32 {
    jour(jiff::civil::date(2060, 12, 31))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn couper_une_periode_ne_change_pas_le_compte(
        agent in une_carriere(),
        c in critere(),
        quelle in any::<prop::sample::Index>(),
        ou in 0.0f64..1.0,
    ) {
        agent.valider("/agent").unwrap();
        let i = quelle.index(agent.periodes.len());
        let p = agent.periodes[i].clone();
        let debut = jour(p.debut);
        let fin = p.fin.map(jour).unwrap_or(fin_observation());
        prop_assume!(fin > debut);
        let coupe = debut + 1 + ((f64::from(fin - debut - 1)) * ou) as i32;
        let mut premiere = p.clone();
        premiere.fin = Some(date(coupe - 1));
        let mut seconde = p.clone();
        seconde.debut = date(coupe);
        // Un congé parental coupé reste le même congé : les deux moitiés se touchent (et
        // gardent la date d'octroi éventuelle de la période).
        let mut coupee = agent.clone();
        coupee.periodes.splice(i..=i, [premiere, seconde]);
        coupee.valider("/agent").unwrap();
        let a = compte(&agent, &c, fin_observation());
        let b = compte(&coupee, &c, fin_observation());
        prop_assert!((a - b).abs() < 1e-6, "avant {a}, après coupure {b}");
    }

    #[test]
    fn ajouter_une_periode_exclue_n_augmente_pas_le_compte(
        agent in une_carriere(),
        c in critere(),
        position in prop_oneof![
            Just(Position::ExclusionTemporaire),
            Just(Position::ServiceNational),
            Just(Position::ProrogationStage),
            Just(Position::Apprentissage),
            Just(Position::HorsCadres),
        ],
        duree in 1i32..1000,
    ) {
        // La dernière période est close (au besoin après un an) pour qu'une autre la suive.
        let mut agent = agent;
        let derniere = agent.periodes.last_mut().unwrap();
        if derniere.fin.is_none() {
            derniere.fin = Some(date(jour(derniere.debut) + 365));
        }
        let derniere = agent.periodes.last().unwrap();
        let debut = jour(derniere.fin.unwrap()) + 1;
        let mut p = derniere.clone();
        p.debut = date(debut);
        p.fin = Some(date(debut + duree - 1));
        p.position = position;
        p.motif_disponibilite = None;
        let mut plus = agent.clone();
        plus.periodes.push(p);
        plus.valider("/agent").unwrap();
        let a = compte(&agent, &c, fin_observation());
        let b = compte(&plus, &c, fin_observation());
        prop_assert!(b <= a + 1e-9, "sans {a}, avec la période exclue {b}");
    }

    #[test]
    fn le_compte_croit_avec_la_date(
        agent in une_carriere(),
        c in critere(),
        d1 in 9000i32..32000,
        delta in 0i32..5000,
    ) {
        let a = compte(&agent, &c, d1);
        let b = compte(&agent, &c, d1 + delta);
        prop_assert!(a <= b + 1e-9, "{a} au jour {d1}, {b} au jour {}", d1 + delta);
    }

    #[test]
    fn le_jour_atteint_est_coherent_avec_le_compte(
        agent in une_carriere(),
        c in critere(),
        annees in 1u32..12,
    ) {
        let carriere = Carriere::preparer(&agent);
        let seuil = droit::services::seuil_360(annees, false);
        let horizon = fin_observation();
        match ServicesEffectifs::jour_atteint(&carriere, &c, seuil, horizon, false) {
            Some(j) => {
                prop_assert!(ServicesEffectifs::compter(&carriere, &c, j).duree + 1e-6 >= seuil);
                prop_assert!(ServicesEffectifs::compter(&carriere, &c, j - 1).duree < seuil - 1e-6);
            }
            None => prop_assert!(ServicesEffectifs::compter(&carriere, &c, horizon).duree < seuil + 1e-6),
        }
    }

    #[test]
    fn la_duree_affichee_et_le_verdict_ne_se_contredisent_pas(
        agent in une_carriere(),
        annee in 2000i32..2040,
    ) {
        // Pour chaque condition de services tranchée de la réponse expliquée : la durée
        // affichée (« A ans, M mois et J jours de date à date ») atteint la durée exigée
        // (« au moins N ans », « plus de N ans ») si et seulement si la condition est remplie.
        let r = droit::eligibilite::evaluer_agent(&agent, annee, None);
        for v in &r.voies {
            for va in &v.variantes {
                for k in va.conditions.iter().filter(|k| k.code == "services_effectifs") {
                    let Some(remplie) = k.satisfaite else { continue };
                    let Some((exigee, strict)) = duree_exigee(&k.requis) else { continue };
                    let affichee = duree_affichee(&k.constate).expect("durée affichée");
                    let atteinte = if strict { affichee > exigee } else { affichee >= exigee };
                    prop_assert_eq!(
                        atteinte, remplie,
                        "requis : {} ; constaté : {}", k.requis, k.constate
                    );
                }
            }
        }
    }
}

/// Durée exigée d'un texte « requis » : (jours de 30/360, « plus de »).
fn duree_exigee(requis: &str) -> Option<(u32, bool)> {
    let (strict, reste) = if let Some(r) = requis.strip_prefix("plus de ") {
        (true, r)
    } else {
        (false, requis.strip_prefix("au moins ")?)
    };
    let n: u32 = reste.split(' ').next()?.parse().ok()?;
    Some((n * 360, strict))
}

/// Durée affichée au début d'un texte « constaté » : « A ans, M mois et J jours ».
fn duree_affichee(constate: &str) -> Option<u32> {
    let mots: Vec<&str> = constate
        .split([' ', ','])
        .filter(|m| !m.is_empty())
        .collect();
    let a: u32 = mots.first()?.parse().ok()?;
    let m: u32 = mots.get(2)?.parse().ok()?;
    let j: u32 = mots.get(5)?.parse().ok()?;
    Some(a * 360 + m * 30 + j)
}
