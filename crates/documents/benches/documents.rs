//! Banc d'essai : arrêté de liste d'aptitude de 60 inscrits, annexe comprise (objectif : moins
//! de 2 s, issue 12), et liste publique des mêmes 60 noms.
//!
//! `cargo bench -p documents --bench documents`
//!
//! La première composition d'un processus charge les polices embarquées (une fois) : elle est
//! mesurée à part (`premier_arrete_60`), avant les compositions répétées.

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use documents::{ArreteListe, Emetteur, Inscrit, ListePublique};
use jiff::civil::date;

const NOMS: [&str; 12] = [
    "Martin",
    "Bernard",
    "de Gaulle",
    "Le Guen",
    "Écoffier",
    "Lefèvre",
    "Dupont",
    "D'Aubigné",
    "Martin-Bois",
    "Gautier",
    "Œuvray",
    "Zola",
];
const PRENOMS: [&str; 5] = ["Anne", "Émile", "Luc", "Zoé", "Yann"];

fn emetteur() -> Emetteur {
    Emetteur {
        nom: "Centre de gestion de la fonction publique territoriale de la Martinique".into(),
        adresse: vec!["97200 Fort-de-France".into()],
        autorite: "Le Président du centre de gestion de la fonction publique territoriale de \
                   la Martinique"
            .into(),
        signataire: "Paul Exemple".into(),
        qualite: "Le Président".into(),
        lieu: "Fort-de-France".into(),
        tribunal_administratif: "tribunal administratif de la Martinique".into(),
    }
}

/// 60 inscrits distincts (12 noms × 5 prénoms), dans le désordre.
fn inscrits() -> Vec<Inscrit> {
    (0..60)
        .map(|i| Inscrit {
            nom: NOMS[(i * 7) % 12].into(),
            prenom: PRENOMS[i / 12].into(),
            collectivite: Some(format!("Commune n° {}", i + 1)),
        })
        .collect()
}

fn arrete() -> ArreteListe {
    ArreteListe {
        emetteur: emetteur(),
        numero: Some("2027-031".into()),
        date: date(2027, 3, 15),
        annee: 2027,
        grade: "attaché territorial".into(),
        statut_particulier: "décret n° 87-1099 du 30 décembre 1987 portant statut particulier \
                             du cadre d'emplois des attachés territoriaux"
            .into(),
        lignes_directrices: "l'arrêté n° 2026-014 du 01/03/2026 portant lignes directrices de \
                             gestion en matière de promotion interne"
            .into(),
        grille: Some("LDG 2027, version 2".into()),
        visas: vec![],
        postes: 60,
        date_effet: date(2027, 4, 1),
        inscrits: inscrits(),
        transmis_le: None,
        publie_le: None,
    }
}

fn bancs(c: &mut Criterion) {
    let a = arrete();
    let debut = Instant::now();
    let pdf = documents::arrete_liste(&a).expect("arrêté");
    eprintln!(
        "premier_arrete_60 : {:.0} ms (polices chargées), {} octets",
        debut.elapsed().as_secs_f64() * 1000.0,
        pdf.len()
    );
    let mut g = c.benchmark_group("documents");
    g.sample_size(10);
    g.bench_function("arrete_liste_60", |b| {
        b.iter(|| documents::arrete_liste(black_box(&a)).expect("arrêté"))
    });
    let l = ListePublique {
        emetteur: emetteur(),
        date: date(2027, 3, 20),
        annee: 2027,
        grade: "attaché territorial".into(),
        arrete: Some("arrêté n° 2027-031 du 15/03/2027".into()),
        date_effet: date(2027, 4, 1),
        avec_collectivite: true,
        inscrits: inscrits(),
    };
    g.bench_function("liste_publique_60", |b| {
        b.iter(|| documents::liste_publique(black_box(&l)).expect("liste"))
    });
    g.finish();
}

criterion_group!(benches, bancs);
criterion_main!(benches);
