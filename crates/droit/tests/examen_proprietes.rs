//! Propriétés des résultats de l'examen d'ingénieur en chef, sur des procès-verbaux
//! aléatoires : ce que les textes garantissent quelles que soient les notes.

use droit::examen::{self, Candidat, DemandeResultats};
use proptest::prelude::*;

fn candidats() -> impl Strategy<Value = Vec<(u32, Option<u32>)>> {
    // Notes au quart de point (0 à 80 quarts), note d'entretien éventuelle.
    prop::collection::vec((0u32..=80, prop::option::of(0u32..=80)), 0..25)
}

fn demande(postes: u32, seuil: u32, notes: &[(u32, Option<u32>)]) -> DemandeResultats {
    let seuil = f64::from(seuil) / 4.0;
    DemandeResultats {
        session: 2026,
        postes,
        seuil_admissibilite: seuil,
        candidats: notes
            .iter()
            .enumerate()
            .map(|(i, &(d, en))| {
                let note_dossier = f64::from(d) / 4.0;
                // Seuls les admissibles ont une note d'entretien (FAQ CNFPT ingénieur en chef Q28).
                let admissible = note_dossier >= 5.0 && note_dossier >= seuil;
                Candidat {
                    id: format!("c{i:02}"),
                    nom: Some(format!("Nom{}", (i * 7) % 11)),
                    prenom: None,
                    note_dossier,
                    note_entretien: if admissible {
                        en.map(|x| f64::from(x) / 4.0)
                    } else {
                        None
                    },
                    agent: None,
                }
            })
            .collect(),
        admis_concours_session_precedente: None,
        jury: None,
        annee_liste_aptitude: None,
    }
}

proptest! {
    #[test]
    fn admis_dans_la_limite_des_postes(postes in 1u32..8, seuil in 0u32..=80, notes in candidats()) {
        let r = examen::executer_resultats(demande(postes, seuil, &notes)).unwrap();
        // FAQ CNFPT ingénieur en chef Q25 : jamais plus d'admis que de postes.
        prop_assert!(r.admis.len() <= postes as usize);
        // Un admis est admissible et figure au classement.
        for id in &r.admis {
            prop_assert!(r.admissibles.contains(id));
            prop_assert!(r.classement.iter().any(|l| &l.id == id && l.admis));
        }
        // Référence §4 : dossier sous 5 éliminatoire ; le classement ne retient que des
        // moyennes d'au moins 10 et des entretiens d'au moins 5.
        for c in &r.candidats {
            let n = notes[c.id[1..].parse::<usize>().unwrap()];
            if (n.0 as f64) / 4.0 < 5.0 {
                prop_assert!(!c.admissible);
            }
        }
        for l in &r.classement {
            prop_assert!(l.moyenne >= 10.0 && l.note_entretien >= 5.0);
            // Décret 2016-208 art. 1er : coefficients 3 et 5.
            prop_assert!((l.total - (l.note_dossier * 3.0 + l.note_entretien * 5.0)).abs() < 1e-9);
        }
        // Classement décroissant, rangs croissants.
        for w in r.classement.windows(2) {
            prop_assert!(w[0].total >= w[1].total);
            prop_assert!(w[0].rang <= w[1].rang);
        }
        // Les admis sont en tête du classement : aucun non-admis n'a un meilleur rang qu'un
        // admis.
        if let Some(pire_admis) = r.classement.iter().filter(|l| l.admis).map(|l| l.rang).max() {
            prop_assert!(r.classement.iter().filter(|l| !l.admis).all(|l| l.rang >= pire_admis));
        }
        // FAQ CNFPT ingénieur en chef Q33 : sans formation établie, personne n'est inscrit.
        prop_assert!(r.liste_aptitude.is_empty());
    }
}
