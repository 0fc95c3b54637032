//! Obligations de formation de professionnalisation : un module par règle, chaque cas citant
//! sa source (guide, décret, exemple travaillé).

use droit::carriere::{
    Agent, Dispense, FormationSuivie, Periode, PosteResponsabilite, TypeFormation,
};
use droit::formation::{
    DureeConvenue, OptionsFormation, PeriodeFormation, RegimeFormation, ReponseFormation, evaluer,
    evaluer_avec,
};
use jiff::civil::{Date, date as d};
use serde_json::{Value, json};

/// Une période de carrière territoriale en activité.
fn periode(debut: Date, fin: Option<Date>, statut: &str, grade: &str) -> Periode {
    serde_json::from_value(json!({
        "debut": debut, "fin": fin, "versant": "territoriale", "statut": statut,
        "grade": grade, "position": "activite"
    }))
    .unwrap()
}

fn agent(periodes: Vec<Periode>, formations: Vec<(TypeFormation, Date, f64)>) -> Agent {
    Agent {
        periodes,
        formations: Some(
            formations
                .into_iter()
                .map(|(type_formation, date, jours)| FormationSuivie {
                    type_formation,
                    date,
                    jours,
                })
                .collect(),
        ),
        ..Agent::default()
    }
}

fn titulaire_depuis(debut: Date, grade: &str) -> Vec<Periode> {
    vec![periode(debut, None, "titulaire", grade)]
}

/// Les fenêtres (type, début, fin) de la réponse.
fn fenetres(r: &ReponseFormation) -> Vec<(TypeFormation, Date, Date)> {
    r.periodes
        .iter()
        .map(|p| (p.type_formation, p.debut, p.fin))
        .collect()
}

fn periode_de(r: &ReponseFormation, t: TypeFormation, debut: Date) -> &PeriodeFormation {
    r.periodes
        .iter()
        .find(|p| p.type_formation == t && p.debut == debut)
        .unwrap_or_else(|| panic!("pas de période {t:?} au {debut} : {:#?}", fenetres(r)))
}

fn exigees(r: &ReponseFormation) -> Vec<(TypeFormation, Date, Date)> {
    r.periodes
        .iter()
        .filter(|p| p.exigee)
        .map(|p| (p.type_formation, p.debut, p.fin))
        .collect()
}

use TypeFormation::{Fppe, Fppr, Fptlc, PoliceContinue};

/// Les trois exemples du guide CDG (guide CDG Martinique §I.E), avec leurs fenêtres exactes.
mod exemples_du_guide {
    use super::*;

    /// Guide CDG Martinique §I.E, premier exemple : rédacteur stagiaire le 01/10/2015, liste 2021 ; FPPE
    /// jusqu'au 30/09/2017 (période révolue exigée), FPTLC du 01/10/2017 au 30/09/2022 en cours.
    #[test]
    fn premier_exemple_redacteur_2015() {
        let a = agent(
            vec![
                periode(
                    d(2015, 10, 1),
                    Some(d(2016, 9, 30)),
                    "stagiaire",
                    "redacteur",
                ),
                periode(d(2016, 10, 1), None, "titulaire", "redacteur"),
            ],
            vec![(Fppe, d(2016, 11, 21), 5.0)],
        );
        let r = evaluer(&a, 2021);
        assert_eq!(r.date_nomination, Some(d(2015, 10, 1)));
        assert_eq!(
            fenetres(&r),
            vec![
                (Fppe, d(2015, 10, 1), d(2017, 9, 30)),
                (Fptlc, d(2017, 10, 1), d(2022, 9, 30)),
            ]
        );
        assert_eq!(exigees(&r), vec![(Fppe, d(2015, 10, 1), d(2017, 9, 30))]);
        let fptlc = periode_de(&r, Fptlc, d(2017, 10, 1));
        assert!(!fptlc.revolue && !fptlc.exigee);
        let fppe = periode_de(&r, Fppe, d(2015, 10, 1));
        assert_eq!((fppe.jours_requis, fppe.jours_suivis), (5.0, 5.0));
        assert_eq!(r.a_jour, Some(true));
    }

    /// Guide CDG Martinique §I.E, deuxième exemple : nommé avant le 01/07/2008, liste 2019 ; cycles FPTLC
    /// 01/07/2008–30/06/2013, 01/07/2013–30/06/2018 (dernier révolu, exigé), 01/07/2018–30/06/2023.
    #[test]
    fn deuxieme_exemple_nomme_avant_2008() {
        let a = agent(
            titulaire_depuis(d(2004, 5, 1), "agent_de_maitrise"),
            vec![(Fptlc, d(2016, 3, 14), 2.0)],
        );
        let r = evaluer(&a, 2019);
        assert_eq!(
            fenetres(&r),
            vec![
                (Fptlc, d(2008, 7, 1), d(2013, 6, 30)),
                (Fptlc, d(2013, 7, 1), d(2018, 6, 30)),
                (Fptlc, d(2018, 7, 1), d(2023, 6, 30)),
            ]
        );
        assert_eq!(exigees(&r), vec![(Fptlc, d(2013, 7, 1), d(2018, 6, 30))]);
        // Le premier cycle, révolu mais antérieur au dernier, n'est pas exigé : rien n'y a été
        // suivi et l'agent est pourtant à jour (« chaque période révolue s'apprécie
        // indépendamment » ; attestation de la dernière période révolue).
        let premier = periode_de(&r, Fptlc, d(2008, 7, 1));
        assert!(premier.revolue && !premier.exigee && !premier.satisfaite);
        assert_eq!(r.a_jour, Some(true));
    }

    /// Guide CDG Martinique §I.E, troisième exemple : poste à responsabilité le 01/04/2016, FPPR jusqu'au
    /// 30/09/2016 (exigée pour 2021), puis FPTLC du 01/10/2016 au 30/09/2021 (en cours).
    #[test]
    fn troisieme_exemple_poste_a_responsabilite() {
        let mut a = agent(
            titulaire_depuis(d(2012, 2, 1), "attache"),
            vec![(Fppe, d(2012, 10, 2), 5.0), (Fppr, d(2016, 5, 10), 3.0)],
        );
        a.postes_responsabilite = vec![PosteResponsabilite {
            debut: d(2016, 4, 1),
            fin: None,
        }];
        let r = evaluer(&a, 2021);
        assert_eq!(
            fenetres(&r),
            vec![
                (Fppe, d(2012, 2, 1), d(2014, 1, 31)),
                (Fptlc, d(2014, 2, 1), d(2016, 3, 31)),
                (Fppr, d(2016, 4, 1), d(2016, 9, 30)),
                (Fptlc, d(2016, 10, 1), d(2021, 9, 30)),
            ]
        );
        assert!(periode_de(&r, Fptlc, d(2014, 2, 1)).interrompue);
        assert_eq!(exigees(&r), vec![(Fppr, d(2016, 4, 1), d(2016, 9, 30))]);
        assert_eq!(r.a_jour, Some(true));
    }

    fn contrat(fichier: &str, entree: Value) -> Value {
        droit::commandes::executer("formation", &entree.to_string())
            .unwrap_or_else(|e| panic!("{fichier} : {e}"))
    }

    /// Les trois exemples du guide CDG Martinique §I.E (carrières décrites dans le guide),
    /// attendu `a_jour: true`, via la commande du contrat.
    #[test]
    fn exemples_partages_du_contrat() {
        let ligne = |debut: &str, fin: Value, statut: &str, grade: &str| {
            json!({"debut": debut, "fin": fin, "versant": "territoriale", "statut": statut,
                   "grade": grade, "position": "activite", "quotite": 100,
                   "heures_hebdomadaires": null, "emploi": null, "fonctions": []})
        };
        let cas = [
            (
                "formation-redacteur-2015-liste-2021.json",
                json!({"annee": 2021, "agent": {
                    "periodes": [ligne("2015-10-01", json!("2016-09-30"), "stagiaire", "redacteur"),
                                 ligne("2016-10-01", Value::Null, "titulaire", "redacteur")],
                    "formations": [{"type": "fppe", "date": "2016-11-21", "jours": 5}]}}),
            ),
            (
                "formation-avant-2008-liste-2019.json",
                json!({"annee": 2019, "agent": {
                    "periodes": [ligne("2004-05-01", Value::Null, "titulaire", "agent_de_maitrise")],
                    "formations": [{"type": "fptlc", "date": "2016-03-14", "jours": 2}]}}),
            ),
            (
                "formation-poste-responsabilite-liste-2021.json",
                json!({"annee": 2021, "agent": {
                    "periodes": [ligne("2012-02-01", Value::Null, "titulaire", "attache")],
                    "formations": [{"type": "fppe", "date": "2012-10-02", "jours": 5},
                                   {"type": "fppr", "date": "2016-05-10", "jours": 3}],
                    "postes_responsabilite": [{"debut": "2016-04-01"}]}}),
            ),
        ];
        for (fichier, entree) in cas {
            let r = contrat(fichier, entree);
            assert_eq!(r["a_jour"], json!(true), "{fichier} : {r:#}");
            for p in r["periodes"].as_array().unwrap() {
                for champ in [
                    "type",
                    "debut",
                    "fin",
                    "revolue",
                    "exigee",
                    "jours_requis",
                    "jours_suivis",
                    "dispense",
                    "satisfaite",
                ] {
                    assert!(p.get(champ).is_some(), "{fichier} : champ {champ} absent");
                }
            }
        }
    }
}

/// FPPE : 5 jours (A, B) ou 3 jours (C) dans les 2 ans suivant la nomination, non due avant
/// le 01/07/2008 (guide CDG Martinique §I.E ; FAQ CNFPT ingénieur en chef Q30).
mod premier_emploi {
    use super::*;

    #[test]
    fn trois_jours_en_categorie_c() {
        // Guide CDG Martinique §I.E : « 3 jours pour les agents de catégorie C ».
        let a = agent(
            titulaire_depuis(d(2019, 3, 1), "adjoint_administratif"),
            vec![(Fppe, d(2020, 6, 1), 3.0)],
        );
        let r = evaluer(&a, 2022);
        let p = periode_de(&r, Fppe, d(2019, 3, 1));
        assert_eq!(
            (p.fin, p.jours_requis, p.exigee),
            (d(2021, 2, 28), 3.0, true)
        );
        assert_eq!(r.a_jour, Some(true));
    }

    #[test]
    fn cinq_jours_en_categorie_a_et_manque_explique() {
        // Guide CDG Martinique §I.E : « 5 jours pour les agents de catégories A et B ».
        let a = agent(
            titulaire_depuis(d(2019, 3, 1), "ingenieur"),
            vec![(Fppe, d(2020, 6, 1), 3.0)],
        );
        let r = evaluer(&a, 2022);
        let p = periode_de(&r, Fppe, d(2019, 3, 1));
        assert_eq!((p.jours_requis, p.jours_manquants), (5.0, 2.0));
        assert!(!p.satisfaite);
        let manque = p.manque.as_deref().unwrap();
        assert!(manque.contains("Il manque 2 jours"), "{manque}");
        assert!(manque.contains("01/03/2019 au 28/02/2021"), "{manque}");
        assert_eq!(r.a_jour, Some(false));
    }

    #[test]
    fn formation_hors_fenetre_ne_compte_pas_avant_2025() {
        // Avant le décret n° 2024-907, la formation devait être suivie dans la fenêtre de
        // 2 ans (guide CDG Martinique §I.E) : suivie le 01/06/2021, elle ne couvre pas 2019–2021.
        let a = agent(
            titulaire_depuis(d(2019, 3, 1), "attache"),
            vec![(Fppe, d(2021, 6, 1), 5.0)],
        );
        let r = evaluer(&a, 2023);
        assert!(!r.validation_a_posteriori);
        assert_eq!(r.a_jour, Some(false));
    }

    #[test]
    fn pas_de_fppe_si_nomme_avant_juillet_2008() {
        // Guide CDG Martinique §I.E : nommés avant le 01/07/2008 « ne sont pas soumis à cette formation ».
        let a = agent(titulaire_depuis(d(2008, 6, 30), "redacteur"), vec![]);
        let r = evaluer(&a, 2010);
        assert_eq!(fenetres(&r), vec![(Fptlc, d(2008, 7, 1), d(2013, 6, 30))]);
        assert_eq!(r.a_jour, Some(true));
        // Nommé le jour de l'entrée en vigueur : FPPE due.
        let a = agent(titulaire_depuis(d(2008, 7, 1), "redacteur"), vec![]);
        let r = evaluer(&a, 2011);
        assert_eq!(exigees(&r), vec![(Fppe, d(2008, 7, 1), d(2010, 6, 30))]);
        assert_eq!(r.a_jour, Some(false));
    }

    #[test]
    fn rien_n_est_exige_avant_la_fin_de_la_premiere_periode() {
        // Guide CDG Martinique §I.E : un cycle en cours au 1er janvier n'est pas pris en compte.
        let a = agent(titulaire_depuis(d(2024, 9, 1), "technicien"), vec![]);
        let r = evaluer(&a, 2026);
        assert!(exigees(&r).is_empty());
        assert_eq!(r.a_jour, Some(true));
    }
}

/// FPTLC : 2 jours par période de 5 ans à compter de la fin de la FPPE (guide CDG Martinique §I.E ;
/// FAQ CNFPT ingénieur en chef Q30) ; seule la dernière période révolue est exigée (guide CDG Martinique §I.E).
mod tout_au_long_de_la_carriere {
    use super::*;

    #[test]
    fn dernier_cycle_revolu_manquant() {
        // Guide CDG Martinique §I.E, deuxième exemple, sans la formation de 2016 : le cycle
        // 01/07/2013–30/06/2018 n'est pas couvert.
        let a = agent(titulaire_depuis(d(2004, 5, 1), "agent_de_maitrise"), vec![]);
        let r = evaluer(&a, 2019);
        assert_eq!(r.a_jour, Some(false));
        let p = periode_de(&r, Fptlc, d(2013, 7, 1));
        assert_eq!((p.jours_requis, p.jours_manquants), (2.0, 2.0));
    }

    #[test]
    fn cycles_a_partir_de_la_fin_de_la_fppe() {
        // Guide CDG Martinique §I.E, premier exemple prolongé : liste 2023, le cycle 01/10/2017–30/09/2022
        // est désormais révolu et exigé.
        let a = agent(
            vec![
                periode(
                    d(2015, 10, 1),
                    Some(d(2016, 9, 30)),
                    "stagiaire",
                    "redacteur",
                ),
                periode(d(2016, 10, 1), None, "titulaire", "redacteur"),
            ],
            vec![(Fppe, d(2016, 11, 21), 5.0), (Fptlc, d(2019, 1, 15), 1.0)],
        );
        let r = evaluer(&a, 2023);
        assert_eq!(exigees(&r), vec![(Fptlc, d(2017, 10, 1), d(2022, 9, 30))]);
        assert_eq!(r.a_jour, Some(false));
        // Les cycles se suivent sans trou : le suivant commence le 01/10/2022.
        assert!(r.periodes.iter().any(|p| p.debut == d(2022, 10, 1)));
    }

    #[test]
    fn une_formation_d_un_autre_type_ne_compte_pas() {
        // FAQ CNFPT ingénieur en chef Q30 : trois formations distinctes ; une FPPR ne remplace pas la FPTLC.
        let a = agent(
            titulaire_depuis(d(2004, 5, 1), "agent_de_maitrise"),
            vec![(Fppr, d(2016, 3, 14), 3.0)],
        );
        let r = evaluer(&a, 2019);
        assert_eq!(r.a_jour, Some(false));
        assert!(!r.remarques.is_empty());
    }
}

/// FPPR : 3 jours dans les 6 mois de l'affectation, puis un nouveau cycle FPTLC (guide CDG Martinique
/// §I.E, troisième exemple ; décret 2008-512 art. 15).
mod poste_a_responsabilite {
    use super::*;

    fn attache_2012(formations: Vec<(TypeFormation, Date, f64)>) -> Agent {
        let mut a = agent(titulaire_depuis(d(2012, 2, 1), "attache"), formations);
        a.postes_responsabilite = vec![PosteResponsabilite {
            debut: d(2016, 4, 1),
            fin: None,
        }];
        a
    }

    #[test]
    fn fppr_manquante() {
        // Troisième exemple sans la FPPR : l'attestation exigée manque.
        let r = evaluer(&attache_2012(vec![(Fppe, d(2012, 10, 2), 5.0)]), 2021);
        let p = periode_de(&r, Fppr, d(2016, 4, 1));
        assert!(p.exigee && !p.satisfaite && p.jours_requis == 3.0);
        assert_eq!(r.a_jour, Some(false));
    }

    #[test]
    fn fppr_suivie_apres_six_mois_ne_compte_pas_avant_la_reforme() {
        // « L'agent avait six mois pour réaliser cette formation, soit jusqu'au 30 septembre
        // 2016 » (guide CDG Martinique §I.E) : une FPPR du 03/10/2016 ne la couvre pas pour 2021.
        let r = evaluer(
            &attache_2012(vec![
                (Fppe, d(2012, 10, 2), 5.0),
                (Fppr, d(2016, 10, 3), 3.0),
            ]),
            2021,
        );
        assert_eq!(r.a_jour, Some(false));
    }

    #[test]
    fn nouveau_cycle_fptlc_exige_en_2022() {
        // Troisième exemple, liste 2022 : le cycle 01/10/2016–30/09/2021 est révolu et exigé.
        let r = evaluer(
            &attache_2012(vec![
                (Fppe, d(2012, 10, 2), 5.0),
                (Fppr, d(2016, 5, 10), 3.0),
                (Fptlc, d(2019, 5, 2), 2.0),
            ]),
            2022,
        );
        assert_eq!(exigees(&r), vec![(Fptlc, d(2016, 10, 1), d(2021, 9, 30))]);
        assert_eq!(r.a_jour, Some(true));
    }

    #[test]
    fn affectation_pendant_la_fppe_repousse_le_cycle() {
        // Guide CDG Martinique §I.E : la FPTLC court « à compter de la fin » de la FPPE, et recommence à
        // l'issue de la FPPR ; affectation le 01/11/2016 pendant la FPPE (jusqu'au 30/09/2017),
        // FPPR jusqu'au 30/04/2017 : le cycle FPTLC part de la fin de la FPPE.
        let mut a = agent(
            titulaire_depuis(d(2015, 10, 1), "redacteur"),
            vec![(Fppe, d(2016, 1, 10), 5.0), (Fppr, d(2017, 1, 10), 3.0)],
        );
        a.postes_responsabilite = vec![PosteResponsabilite {
            debut: d(2016, 11, 1),
            fin: None,
        }];
        let r = evaluer(&a, 2018);
        assert_eq!(
            fenetres(&r),
            vec![
                (Fppe, d(2015, 10, 1), d(2017, 9, 30)),
                (Fppr, d(2016, 11, 1), d(2017, 4, 30)),
                (Fptlc, d(2017, 10, 1), d(2022, 9, 30)),
            ]
        );
        // Les deux obligations concurrentes se terminent avant 2018 : toutes deux exigées.
        assert_eq!(exigees(&r).len(), 2);
        assert_eq!(r.a_jour, Some(true));
    }
}

/// Dispenses totales ou partielles du CNFPT (guide CDG Martinique §I.E ; FAQ CNFPT ingénieur en chef Q31).
mod dispenses {
    use super::*;

    fn redacteur(dispense: Dispense, formations: Vec<(TypeFormation, Date, f64)>) -> Agent {
        let mut a = agent(titulaire_depuis(d(2015, 10, 1), "redacteur"), formations);
        a.dispenses = vec![dispense];
        a
    }

    #[test]
    fn dispense_totale() {
        let a = redacteur(
            Dispense {
                type_formation: Fppe,
                periode_debut: None,
                jours: None,
            },
            vec![],
        );
        let r = evaluer(&a, 2021);
        let p = periode_de(&r, Fppe, d(2015, 10, 1));
        assert!(p.dispense && p.dispense_totale && p.satisfaite);
        assert_eq!(r.a_jour, Some(true));
    }

    #[test]
    fn dispense_partielle() {
        let dispense = Dispense {
            type_formation: Fppe,
            periode_debut: Some(d(2015, 10, 1)),
            jours: Some(3.0),
        };
        // 5 jours requis, 3 dispensés : 2 jours suivis suffisent, 1 ne suffit pas.
        let r = evaluer(
            &redacteur(dispense.clone(), vec![(Fppe, d(2016, 2, 1), 2.0)]),
            2021,
        );
        assert_eq!(r.a_jour, Some(true));
        let r = evaluer(&redacteur(dispense, vec![(Fppe, d(2016, 2, 1), 1.0)]), 2021);
        assert_eq!(r.a_jour, Some(false));
        assert_eq!(periode_de(&r, Fppe, d(2015, 10, 1)).jours_manquants, 1.0);
    }

    #[test]
    fn dispense_non_rattachee_signalee() {
        let a = redacteur(
            Dispense {
                type_formation: Fptlc,
                periode_debut: Some(d(2010, 1, 1)),
                jours: None,
            },
            vec![(Fppe, d(2016, 2, 1), 5.0)],
        );
        let r = evaluer(&a, 2021);
        assert!(r.remarques.iter().any(|m| m.contains("dispense n° 1")));
    }
}

/// Durée portée au plus à 10 jours par accord entre l'agent et l'autorité (FAQ CNFPT ingénieur en chef Q30).
mod durees_convenues {
    use super::*;

    #[test]
    fn duree_convenue_exigee() {
        let a = agent(
            titulaire_depuis(d(2004, 5, 1), "agent_de_maitrise"),
            vec![(Fptlc, d(2016, 3, 14), 2.0)],
        );
        let options = OptionsFormation {
            durees_convenues: vec![DureeConvenue {
                type_formation: Fptlc,
                periode_debut: Some(d(2013, 7, 1)),
                jours: 4.0,
            }],
            ..OptionsFormation::default()
        };
        let r = evaluer_avec(&a, 2019, &options);
        assert_eq!(periode_de(&r, Fptlc, d(2013, 7, 1)).jours_requis, 4.0);
        assert_eq!(r.a_jour, Some(false));
    }

    #[test]
    fn plus_de_dix_jours_refuse() {
        let e = json!({"annee": 2019, "agent": {"periodes": [
            {"debut": "2004-05-01", "versant": "territoriale", "statut": "titulaire",
             "grade": "agent_de_maitrise", "position": "activite"}], "formations": []},
            "durees_convenues": [{"type": "fptlc", "jours": 11}]});
        let err = droit::commandes::executer("formation", &e.to_string()).unwrap_err();
        assert_eq!(err.chemin, "/durees_convenues/0/jours");
    }
}

/// Validation a posteriori : décret n° 2024-907 du 08/10/2024 (en vigueur le 12/10/2024)
/// modifiant l'art. 16 du décret 2008-512 ; guide CDG Martinique §I.E ; regles-juridiques §3.
mod validation_a_posteriori {
    use super::*;

    /// FPTLC du cycle 01/07/2018–30/06/2023 manquée, rattrapée le 15/03/2024.
    fn rattrapage(date_formation: Date) -> Agent {
        agent(
            titulaire_depuis(d(2004, 5, 1), "agent_de_maitrise"),
            vec![(Fptlc, date_formation, 2.0)],
        )
    }

    #[test]
    fn liste_2025_accepte_la_formation_rattrapee() {
        let r = evaluer(&rattrapage(d(2024, 3, 15)), 2025);
        assert!(r.validation_a_posteriori);
        assert_eq!(exigees(&r), vec![(Fptlc, d(2018, 7, 1), d(2023, 6, 30))]);
        let p = periode_de(&r, Fptlc, d(2018, 7, 1));
        assert_eq!(p.jours_valides_a_posteriori, 2.0);
        assert_eq!(r.a_jour, Some(true));
        // Chaque jour ne compte qu'une fois : le cycle en cours n'en garde rien.
        assert_eq!(periode_de(&r, Fptlc, d(2023, 7, 1)).jours_suivis, 0.0);
    }

    #[test]
    fn liste_2024_avant_le_decret_refuse() {
        // Liste 2024 sans inscription postérieure au 12/10/2024 : ancien art. 16.
        let r = evaluer(&rattrapage(d(2023, 9, 15)), 2024);
        assert!(!r.validation_a_posteriori);
        assert_eq!(r.a_jour, Some(false));
    }

    #[test]
    fn inscription_apres_le_12_octobre_2024() {
        // Liste 2024, inscription le 15/11/2024 : formation suivie le 01/11/2024, avant
        // l'inscription, validée ; suivie le 20/11/2024, après l'inscription, non.
        let options = OptionsFormation {
            date_inscription: Some(d(2024, 11, 15)),
            ..OptionsFormation::default()
        };
        let r = evaluer_avec(&rattrapage(d(2024, 11, 1)), 2024, &options);
        assert!(r.validation_a_posteriori);
        assert_eq!(r.limite_validation_a_posteriori, Some(d(2024, 11, 15)));
        assert_eq!(r.a_jour, Some(true));
        let r = evaluer_avec(&rattrapage(d(2024, 11, 20)), 2024, &options);
        assert_eq!(r.a_jour, Some(false));
    }

    #[test]
    fn formation_apres_le_premier_janvier_sans_date_d_inscription() {
        // Sans date d'inscription, la borne est le 1er janvier de l'année de la liste.
        let r = evaluer(&rattrapage(d(2025, 2, 1)), 2025);
        assert_eq!(r.a_jour, Some(false));
        let manque = periode_de(&r, Fptlc, d(2018, 7, 1)).manque.clone().unwrap();
        assert!(
            manque.contains("indiquez la date d'inscription"),
            "{manque}"
        );
    }
}

/// Police municipale : formation continue obligatoire de 10 jours par période de 5 ans (CSI
/// art. L. 511-6 ; décret n° 2011-444 art. 6 ; guide CDG Martinique §I.E), sans validation a posteriori.
mod police_municipale {
    use super::*;

    #[test]
    fn dix_jours_par_periode_de_cinq_ans() {
        let a = agent(
            titulaire_depuis(d(2012, 3, 1), "gardien_brigadier"),
            vec![
                (PoliceContinue, d(2019, 5, 1), 6.0),
                (PoliceContinue, d(2021, 5, 1), 4.0),
            ],
        );
        let r = evaluer(&a, 2023);
        assert_eq!(r.regime, RegimeFormation::PoliceMunicipale);
        assert_eq!(
            exigees(&r),
            vec![(PoliceContinue, d(2017, 3, 1), d(2022, 2, 28))]
        );
        assert_eq!(
            periode_de(&r, PoliceContinue, d(2017, 3, 1)).jours_requis,
            10.0
        );
        assert_eq!(r.a_jour, Some(true));
        // Point de départ des cycles non vérifié sur le texte : livré `verifie: false`.
        assert!(!r.verifie);
        let c = droit::formation::condition_liste_aptitude(&a, 2023);
        assert!(!c.verifie && c.constate.contains("non vérifiée"));
    }

    #[test]
    fn pas_de_validation_a_posteriori() {
        // Guide CDG Martinique §I.E : police municipale et sapeurs-pompiers ne sont pas concernés.
        let a = agent(
            titulaire_depuis(d(2012, 3, 1), "gardien_brigadier"),
            vec![(PoliceContinue, d(2022, 6, 1), 10.0)],
        );
        let r = evaluer(&a, 2026);
        assert!(!r.validation_a_posteriori);
        assert_eq!(r.a_jour, Some(false));
        // Les formations de professionnalisation ne s'appliquent pas à cette filière.
        assert!(
            r.periodes
                .iter()
                .all(|p| p.type_formation == PoliceContinue)
        );
    }
}

/// Un nouveau cadre d'emplois ouvre de nouveaux cycles (guide CDG Martinique §I.E : FPPE « au premier
/// emploi ou à un nouveau cadre d'emplois » ; examen « depuis la nomination dans leur dernier
/// cadre d'emplois »).
mod nouveau_cadre_emplois {
    use super::*;

    #[test]
    fn promotion_interne_ouvre_une_fppe() {
        let a = agent(
            vec![
                periode(
                    d(2005, 1, 1),
                    Some(d(2019, 12, 31)),
                    "titulaire",
                    "adjoint_administratif",
                ),
                periode(
                    d(2020, 1, 1),
                    Some(d(2020, 6, 30)),
                    "stagiaire",
                    "redacteur",
                ),
                periode(d(2020, 7, 1), None, "titulaire", "redacteur"),
            ],
            vec![(Fptlc, d(2015, 3, 1), 2.0), (Fppe, d(2021, 3, 1), 5.0)],
        );
        let r = evaluer(&a, 2023);
        assert_eq!(r.cadre_emplois.as_deref(), Some("redacteurs_territoriaux"));
        assert_eq!(r.date_nomination, Some(d(2020, 1, 1)));
        assert_eq!(exigees(&r), vec![(Fppe, d(2020, 1, 1), d(2021, 12, 31))]);
        assert_eq!(r.a_jour, Some(true));
        // La FPTLC de l'ancien cadre n'est pas reprise, et la réponse le dit.
        assert!(
            r.remarques
                .iter()
                .any(|m| m.contains("nouveau cadre d'emplois"))
        );
    }
}

/// Situations où l'obligation ne peut pas être évaluée ou ne s'applique pas.
mod hors_champ {
    use super::*;

    #[test]
    fn derniere_periode_sans_grade_inconnue() {
        // Standard du projet : donnée manquante → inconnu (null), jamais une supposition.
        let mut p: Periode = periode(d(2015, 1, 1), None, "contractuel", "redacteur");
        p.grade = None;
        let r = evaluer(&agent(vec![p], vec![]), 2021);
        assert_eq!(r.a_jour, None);
        assert_eq!(r.regime, RegimeFormation::Indetermine);
        let c = droit::formation::condition_liste_aptitude(&agent(vec![], vec![]), 2021);
        assert_eq!(c.satisfaite, None);
    }

    #[test]
    fn formations_non_renseignees_inconnu() {
        // Standard du projet : donnée manquante → inconnu. Guide CDG Martinique §I.E, deuxième exemple
        // sans la liste des formations : la dernière période révolue ne peut être jugée.
        let mut a = agent(titulaire_depuis(d(2004, 5, 1), "agent_de_maitrise"), vec![]);
        a.formations = None;
        let r = evaluer(&a, 2019);
        assert_eq!(r.a_jour, None);
        assert!(
            r.explication.contains("non renseignées"),
            "{}",
            r.explication
        );
        // Rien n'est dû avant la fin du premier cycle : à jour quoi qu'il en soit.
        assert_eq!(evaluer(&a, 2010).a_jour, Some(true));
        // Une dispense totale couvre la période exigée : à jour.
        a.dispenses = vec![Dispense {
            type_formation: Fptlc,
            periode_debut: Some(d(2013, 7, 1)),
            jours: None,
        }];
        assert_eq!(evaluer(&a, 2019).a_jour, Some(true));
    }

    fn periodes_etat() -> Vec<Periode> {
        vec![
            serde_json::from_value(json!({"debut": "2010-01-01", "versant": "etat",
                "statut": "titulaire", "grade": "adjoint_administratif_justice",
                "position": "activite"}))
            .unwrap(),
        ]
    }

    #[test]
    fn corps_de_l_etat_non_soumis() {
        // Le décret n° 2008-512 régit les fonctionnaires territoriaux.
        let r = evaluer(&agent(periodes_etat(), vec![]), 2021);
        assert_eq!(r.regime, RegimeFormation::NonSoumis);
        assert_eq!(r.a_jour, Some(true));
        let a = agent(periodes_etat(), vec![]);
        let c = droit::formation::condition_liste_aptitude(&a, 2021);
        assert_eq!(c.satisfaite, Some(true));
        assert!(c.requis.starts_with("Aucune obligation"), "{}", c.requis);
    }
}

/// Condition appelée par le moteur d'éligibilité et par l'examen d'ingénieur en chef
/// (contrat : `formations` absent → non évaluée, `satisfaite: null`).
mod condition_liste_aptitude {
    use super::*;
    use droit::formation::condition_liste_aptitude;

    #[test]
    fn formations_absentes_non_evaluees() {
        let mut a = agent(titulaire_depuis(d(2004, 5, 1), "agent_de_maitrise"), vec![]);
        a.formations = None;
        let c = condition_liste_aptitude(&a, 2019);
        assert_eq!(c.code, "formation_professionnalisation");
        assert_eq!(c.satisfaite, None);
    }

    /// FAQ CNFPT ingénieur en chef Q33 : un lauréat qui n'est pas à jour « ne peut pas être inscrit sur la liste
    /// d'aptitude » ; guide CDG Martinique §I.E, deuxième exemple, avec et sans la formation de 2016.
    #[test]
    fn condition_expliquee() {
        let ok = agent(
            titulaire_depuis(d(2004, 5, 1), "agent_de_maitrise"),
            vec![(Fptlc, d(2016, 3, 14), 2.0)],
        );
        let c = condition_liste_aptitude(&ok, 2019);
        assert_eq!(c.satisfaite, Some(true));
        assert!(
            c.requis.contains("01/07/2013 au 30/06/2018"),
            "{}",
            c.requis
        );
        assert!(c.reference.contains("2008-512"));
        let ko = agent(titulaire_depuis(d(2004, 5, 1), "agent_de_maitrise"), vec![]);
        let c = condition_liste_aptitude(&ko, 2019);
        assert_eq!(c.satisfaite, Some(false));
        assert!(c.constate.contains("Il manque 2 jours"), "{}", c.constate);
    }
}

/// Entrées invalides : erreur française avec pointeur JSON (contrat, README « Invalid input »).
mod entrees_invalides {
    use super::*;

    fn erreur(formation: Value) -> droit::ErreurEntree {
        let e = json!({"annee": 2021, "agent": {"periodes": [
            {"debut": "2012-02-01", "fin": "2020-12-31", "versant": "territoriale",
             "statut": "titulaire", "grade": "attache", "position": "activite"}],
            "formations": [formation]}});
        droit::commandes::executer("formation", &e.to_string()).unwrap_err()
    }

    #[test]
    fn type_de_formation_inconnu() {
        let e = erreur(json!({"type": "integration", "date": "2013-01-01", "jours": 5}));
        assert_eq!(
            (e.code.as_str(), e.chemin.as_str()),
            ("code_inconnu", "/agent/formations/0/type")
        );
    }

    #[test]
    fn jours_negatifs() {
        let e = erreur(json!({"type": "fppe", "date": "2013-01-01", "jours": -1}));
        assert_eq!(e.chemin, "/agent/formations/0/jours");
    }

    #[test]
    fn date_hors_de_toute_periode() {
        let e = erreur(json!({"type": "fptlc", "date": "2021-03-01", "jours": 2}));
        assert_eq!(
            (e.code.as_str(), e.chemin.as_str()),
            ("date_hors_carriere", "/agent/formations/0/date")
        );
        assert!(e.message.contains("01/03/2021"));
        let e = erreur(json!({"type": "fptlc", "date": "2011-12-31", "jours": 2}));
        assert_eq!(e.chemin, "/agent/formations/0/date");
    }

    #[test]
    fn champ_inconnu_et_annee_hors_bornes() {
        let e = droit::commandes::executer(
            "formation",
            &json!({"annee": 2021, "agent": {"periodes": []}, "aujourd_hui": "2021-01-01"})
                .to_string(),
        )
        .unwrap_err();
        assert_eq!(e.code, "champ_inconnu");
        let e = droit::commandes::executer(
            "formation",
            &json!({"annee": 1900, "agent": {"periodes": []}}).to_string(),
        )
        .unwrap_err();
        assert_eq!(e.chemin, "/annee");
    }
}

/// Options de l'entrée du contrat : date d'inscription (décret n° 2024-907) et schéma généré.
mod entree_du_contrat {
    use super::*;

    #[test]
    fn date_inscription_transmise() {
        // Même cas que `validation_a_posteriori::inscription_apres_le_12_octobre_2024`.
        let e = json!({"annee": 2024, "date_inscription": "2024-11-15", "agent": {
            "periodes": [{"debut": "2004-05-01", "versant": "territoriale", "statut": "titulaire",
                          "grade": "agent_de_maitrise", "position": "activite"}],
            "formations": [{"type": "fptlc", "date": "2024-11-01", "jours": 2}]}});
        let r = droit::commandes::executer("formation", &e.to_string()).unwrap();
        assert_eq!(r["a_jour"], json!(true));
        assert_eq!(r["limite_validation_a_posteriori"], json!("2024-11-15"));
        let p = &r["periodes"].as_array().unwrap()[2];
        assert_eq!(p["debut"], json!("2018-07-01"));
        assert_eq!(p["jours_valides_a_posteriori"], json!(2.0));
    }

    #[test]
    fn schema_de_la_commande() {
        let s = droit::commandes::schemas()
            .into_iter()
            .find(|s| s.commande == "formation")
            .unwrap();
        let entree = serde_json::to_string(&s.entree).unwrap();
        let sortie = serde_json::to_string(&s.sortie).unwrap();
        assert!(entree.contains("date_inscription") && entree.contains("durees_convenues"));
        assert!(sortie.contains("jours_requis") && sortie.contains("satisfaite"));
    }
}
