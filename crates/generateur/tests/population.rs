//! Propriétés de la population générée (ticket issue 7 ; docs/format-import.md).

use std::path::PathBuf;

use droit::carriere::{Periode, Position, Statut};
use droit::catalogue::{Catalogue, Categorie};
use generateur::{
    DATE_SITUATION_PAR_DEFAUT, Parametres, commande_generer, commande_generer_avec, generer,
    generer_au,
};

fn dossier_temporaire(nom: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("generateur-{}-{nom}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn lire(d: &std::path::Path, f: &str) -> Vec<u8> {
    std::fs::read(d.join(f)).unwrap()
}

#[test]
fn toute_carriere_generee_est_valide() {
    // Consigne : chaque carrière passe `Agent::valider` (pas de chevauchement, grades du
    // catalogue, quotité 50..100, heures 0..35), sur plusieurs graines.
    for graine in [0, 1, 2, 42, 2026, 0xDEAD_BEEF, u64::MAX] {
        // Date de situation variable : 1er janvier ou en cours d'année.
        let situation = jiff::civil::date(2020 + (graine % 7) as i16, 1 + (graine % 12) as i8, 1);
        let pop = generer_au(&Parametres::new(4_000, graine), situation, |_, _| {}).unwrap();
        assert_eq!(pop.agents.len(), 4_000);
        let codes: std::collections::HashSet<&str> =
            pop.collectivites.iter().map(|c| c.code.as_str()).collect();
        for a in &pop.agents {
            if let Err(e) = a.agent.valider("") {
                panic!("graine {graine}, {} : {e:?}", a.matricule);
            }
            assert!(codes.contains(a.code_collectivite.as_str()));
            let ps = &a.agent.periodes;
            assert!(!ps.is_empty());
            // Périodes contiguës et dans l'ordre ; la dernière est en cours à la date de
            // situation.
            for w in ps.windows(2) {
                let fin = w[0].fin.expect("seule la dernière période est ouverte");
                assert_eq!(fin.tomorrow().unwrap(), w[1].debut, "{}", a.matricule);
            }
            let der = ps.last().unwrap();
            assert!(der.fin.is_none() && der.debut <= situation);
            for f in a.agent.formations.as_deref().unwrap_or_default() {
                assert!(f.date < situation && f.jours > 0.0);
            }
        }
    }
}

#[test]
fn meme_graine_memes_fichiers_octet_pour_octet() {
    // Consigne : déterministe, même graine → mêmes fichiers, quel que soit le nombre de
    // cœurs.
    let (d1, d2, d3) = (
        dossier_temporaire("a"),
        dossier_temporaire("b"),
        dossier_temporaire("c"),
    );
    let r1 = commande_generer(50_000, 7, &d1, |_, _| {}).unwrap();
    let un_fil = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let r2 = un_fil
        .install(|| commande_generer(50_000, 7, &d2, |_, _| {}))
        .unwrap();
    let _ = commande_generer(50_000, 8, &d3, |_, _| {}).unwrap();
    assert_eq!(r1.octets, r2.octets);
    for f in [
        "collectivites.csv",
        "agents.csv",
        "periodes.csv",
        "formations.csv",
    ] {
        assert!(lire(&d1, f) == lire(&d2, f), "{f} diffère");
    }
    assert!(lire(&d1, "periodes.csv") != lire(&d3, "periodes.csv"));
    for d in [d1, d2, d3] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn repartition_par_categorie_proche_de_la_nationale() {
    // Ticket issue 7 : environ 75 % de C, 14 % de B, 11 % de A (grade actuel des
    // fonctionnaires).
    let pop = generer(&Parametres::new(60_000, 3));
    let cat = Catalogue::get();
    let mut n = [0usize; 3];
    for a in &pop.agents {
        let p = a.agent.periodes.last().unwrap();
        if let Some(g) = p.grade.as_deref().and_then(|g| cat.grade(g)) {
            n[match g.categorie() {
                Categorie::A => 0,
                Categorie::B => 1,
                Categorie::C => 2,
            }] += 1;
        }
    }
    let total: usize = n.iter().sum();
    let part = |k: usize| n[k] as f64 / total as f64;
    assert!((0.09..0.13).contains(&part(0)), "A {}", part(0));
    assert!((0.12..0.16).contains(&part(1)), "B {}", part(1));
    assert!((0.72..0.78).contains(&part(2)), "C {}", part(2));
}

#[test]
fn toutes_les_situations_de_carriere_sont_presentes() {
    // Ticket issue 7 : concours ou contrat puis titularisation, avancements, temps partiel,
    // temps non complet (dont une part réelle sous le mi-temps), congés parentaux,
    // disponibilités, détachements sur emploi fonctionnel, formations.
    let pop = generer(&Parametres::new(40_000, 11));
    let n = pop.agents.len() as f64;
    let compte = |f: &dyn Fn(&Periode) -> bool| {
        pop.agents
            .iter()
            .filter(|a| a.agent.periodes.iter().any(f))
            .count() as f64
            / n
    };
    let sous_mi_temps = compte(&|p| p.heures_hebdomadaires.is_some_and(|h| h < 17.5));
    let tnc = compte(&|p| p.heures_hebdomadaires.is_some());
    let partiel = compte(&|p| p.quotite.is_some_and(|q| q < 100.0));
    let parental = compte(&|p| p.position == Position::CongeParental);
    let dispo = compte(&|p| p.position == Position::Disponibilite);
    let detache = compte(&|p| {
        p.position == Position::Detachement
            && p.emploi.as_ref().is_some_and(|e| e.population.is_some())
    });
    let contractuels = compte(&|p| p.statut == Statut::ContractuelCdi);
    let titularises = pop
        .agents
        .iter()
        .filter(|a| {
            let ps = &a.agent.periodes;
            ps.iter().position(|p| p.statut == Statut::Contractuel)
                < ps.iter().position(|p| p.statut == Statut::Stagiaire)
                && ps.iter().any(|p| p.statut == Statut::Contractuel)
        })
        .count() as f64
        / n;
    let avancements = pop
        .agents
        .iter()
        .filter(|a| {
            a.agent.periodes.iter().any(|p| {
                p.grade
                    .as_deref()
                    .and_then(|g| Catalogue::get().grade(g))
                    .is_some_and(|g| g.est_grade_avancement())
            })
        })
        .count() as f64
        / n;
    let formes = pop
        .agents
        .iter()
        .filter(|a| a.agent.formations.as_ref().is_some_and(|f| !f.is_empty()))
        .count() as f64
        / n;
    for (quoi, part, min) in [
        ("temps non complet", tnc, 0.05),
        ("sous le mi-temps", sous_mi_temps, 0.01),
        ("temps partiel", partiel, 0.05),
        ("congé parental", parental, 0.005),
        ("disponibilité", dispo, 0.02),
        ("emploi fonctionnel", detache, 0.002),
        ("CDI", contractuels, 0.03),
        ("contrat puis titularisation", titularises, 0.15),
        ("avancement", avancements, 0.4),
        ("formation", formes, 0.6),
    ] {
        assert!(part >= min, "{quoi} : {part}");
    }
    assert!(sous_mi_temps < tnc);
}

/// Relit `periodes.csv` : colonnes de docs/format-import.md, codes du contrat.
fn periode_depuis_csv(l: &str) -> (String, Periode) {
    let c: Vec<&str> = l.split(';').collect();
    assert_eq!(c.len(), 13, "{l}");
    let date = |s: &str| -> Option<jiff::civil::Date> {
        (!s.is_empty()).then(|| jiff::civil::Date::strptime("%d/%m/%Y", s).unwrap())
    };
    let code = |s: &str| serde_json::Value::String(s.to_owned());
    let nombre = |s: &str| (!s.is_empty()).then(|| s.replace(',', ".").parse::<f64>().unwrap());
    let entier = |s: &str| (!s.is_empty()).then(|| s.parse::<u32>().unwrap());
    let emploi = (!c[10].is_empty()).then(|| droit::carriere::Emploi {
        code: serde_json::from_value(code(c[10])).unwrap(),
        population: entier(c[11]),
        surclassement: entier(c[12]),
    });
    let p = Periode {
        debut: date(c[1]).unwrap(),
        fin: date(c[2]),
        versant: serde_json::from_value(code(c[3])).unwrap(),
        statut: serde_json::from_value(code(c[4])).unwrap(),
        grade: (!c[5].is_empty()).then(|| c[5].to_owned()),
        position: serde_json::from_value(code(c[6])).unwrap(),
        motif_disponibilite: (!c[7].is_empty())
            .then(|| serde_json::from_value(code(c[7])).unwrap()),
        quotite: nombre(c[8]),
        heures_hebdomadaires: nombre(c[9]),
        emploi,
        fonctions: Vec::new(),
        conge_parental_octroye_le: None,
    };
    (c[0].to_owned(), p)
}

#[test]
fn les_fichiers_relus_redonnent_la_population() {
    // docs/format-import.md : en-têtes exacts, séparateur « ; », dates JJ/MM/AAAA ; ce qui
    // est écrit est exactement la population générée en mémoire.
    // Appel de la démo du squelette : `Parametres { agents, graine, collectivites }`.
    let p = Parametres {
        agents: 3_000,
        graine: 99,
        collectivites: Some(120),
    };
    let d = dossier_temporaire("relecture");
    let r = commande_generer_avec(&p, DATE_SITUATION_PAR_DEFAUT, &d, |_, _| {}).unwrap();
    let pop = generer(&p);
    assert_eq!(r.agents, 3_000);
    assert_eq!(r.collectivites, 120);

    let texte = |f: &str| String::from_utf8(lire(&d, f)).unwrap();
    let coll = texte("collectivites.csv");
    let mut lignes = coll.lines();
    assert_eq!(
        lignes.next(),
        Some("code_collectivite;nom;type;population;affiliee")
    );
    for (l, c) in lignes.zip(&pop.collectivites) {
        assert_eq!(
            l,
            format!(
                "{};{};{};{};{}",
                c.code,
                c.nom,
                c.type_collectivite.code(),
                c.population,
                if c.affiliee { "oui" } else { "non" }
            )
        );
    }

    let agents = texte("agents.csv");
    let mut lignes = agents.lines();
    assert_eq!(
        lignes.next(),
        Some("matricule;code_collectivite;nom;prenom;date_naissance")
    );
    assert_eq!(lignes.count(), 3_000);

    let periodes = texte("periodes.csv");
    let mut lignes = periodes.lines();
    assert_eq!(
        lignes.next(),
        Some(
            "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement"
        )
    );
    let relues: Vec<(String, Periode)> = lignes.map(periode_depuis_csv).collect();
    let attendues: Vec<(String, Periode)> = pop
        .agents
        .iter()
        .flat_map(|a| {
            a.agent
                .periodes
                .iter()
                .map(|p| (a.matricule.clone(), p.clone()))
        })
        .collect();
    assert_eq!(relues.len(), r.periodes);
    assert!(relues == attendues);

    let formations = texte("formations.csv");
    let mut lignes = formations.lines();
    assert_eq!(lignes.next(), Some("matricule;type;date;jours"));
    assert_eq!(lignes.count(), r.formations);
    std::fs::remove_dir_all(d).unwrap();
}

#[test]
fn date_de_situation_hors_bornes_refusee() {
    // Naissances avant 1950 (bornes du contrat) : la génération est refusée.
    let e = generer_au(
        &Parametres::new(10, 1),
        jiff::civil::date(1990, 1, 1),
        |_, _| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains("entre 2016 et 2099"), "{e}");
}

#[test]
fn le_chemin_par_lot_concorde_avec_la_reponse_expliquee_sur_la_population_generee() {
    // Le chemin par lot (`droit::lot`) applique les mêmes règles que la réponse expliquée,
    // qui reste la référence : même éligibilité et même première année pour chaque agent et
    // chaque voie de toutes les cibles, sur 3 000 agents générés, pour deux années de liste
    // (carrières en cours, formations renseignées ou non).
    let pop = generer(&Parametres::new(3_000, 2_027));
    let agents: Vec<droit::carriere::Agent> = pop.agents.into_iter().map(|a| a.agent).collect();
    let lot = droit::lot::Lot::preparer(&agents);
    let voies = droit::lot::Selection::toutes().len();
    for annee in [2021, 2026] {
        let d = generateur::Demande::toutes(annee, generateur::Evaluation::Lot);
        assert_eq!(
            generateur::verifier_lot(&agents, &lot, &d),
            Ok(3_000 * voies)
        );
    }
}
