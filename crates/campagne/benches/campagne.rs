//! Banc d'essai de la campagne : instruction et cotation de 1 100 dossiers (l'année d'un
//! grand centre de gestion : 1 082 dossiers au CDG du Pas-de-Calais en 2025), puis
//! classement et établissement des listes de chaque cible et voie.
//!
//! `cargo bench -p campagne --bench campagne`
//!
//! Objectifs : instruction et cotation de 1 100 dossiers en moins de 5 s ; classement et
//! listes en moins d'1 s (profil release).

use std::collections::BTreeMap;
use std::hint::black_box;

use campagne::classement::{PropositionClassee, VoieAInscrire, etablir_liste_cible};
use criterion::{Criterion, criterion_group, criterion_main};
use droit::classement::FaitsDepartage;
use droit::eligibilite::Voie;
use droit::ldg::{DossierACoter, GrilleLdg, coter, lire_grille};
use droit::piece::TypePiece;
use droit::recevabilite::{DemandeRecevabilite, instruire};
use serde_json::{Value, json};

const ANNEE: i32 = 2027;
const DOSSIERS: usize = 1100;

struct Dossier {
    id: String,
    nom: String,
    prenom: String,
    agent: droit::carriere::Agent,
    cible: &'static str,
    voie: Voie,
    rang: u32,
    faits: Value,
    pieces: Vec<TypePiece>,
}

fn grille() -> GrilleLdg {
    let chemin = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../grilles/cig-petite-couronne-175-points.json");
    lire_grille(&std::fs::read_to_string(chemin).unwrap()).unwrap()
}

/// Les 1 100 premières propositions possibles d'une population synthétique : chaque agent
/// promouvable est proposé pour sa première voie ouverte en 2027, avec un dossier tiré de
/// son rang dans la population.
fn dossiers() -> Vec<Dossier> {
    let pop = generateur::generer(&generateur::Parametres::new(40_000, 2027));
    let crep = [
        "en_cours_d_acquisition",
        "bon",
        "excellent",
        "non_evaluable",
    ];
    let niveaux = [
        "strategique",
        "intermediaire",
        "operationnel",
        "sans_encadrement",
    ];
    let examens = ["aucun", "n_1", "n_2", "n_3_ou_avant"];
    let mut v = Vec::with_capacity(DOSSIERS);
    for (i, a) in pop.agents.iter().enumerate() {
        if v.len() == DOSSIERS {
            break;
        }
        let Some(ouverte) = droit::eligibilite::eligibilites(&a.agent, ANNEE, None)
            .into_iter()
            .find(|x| x.eligible && x.voie != Voie::InscriptionExamen)
        else {
            continue;
        };
        let mut pieces = TypePiece::TOUTES.to_vec();
        if i % 10 == 0 {
            pieces.retain(|p| *p != TypePiece::Diplome);
        }
        v.push(Dossier {
            id: format!("{}", v.len() + 1),
            nom: a.nom.clone(),
            prenom: a.prenom.clone(),
            agent: a.agent.clone(),
            cible: ouverte.cible,
            voie: ouverte.voie,
            rang: (i % 3) as u32 + 1,
            faits: json!({
                "crep": (0..5).map(|k| crep[(i + k) % 3]).collect::<Vec<_>>(),
                "niveau_fonctions": niveaux[i % 4],
                "fonctions_depuis_3_ans": i % 2 == 0,
                "agents_evalues": i % 25,
                "entree_categorie_par_concours": i % 3 == 0,
                "examen_avancement_categorie": i % 5 == 0,
                "examen_cible_obtenu": examens[i % 4],
                "jours_formation": (i % 31) as f64 / 2.0,
                "preparation_concours_examen": i % 4 == 0,
                "niveau_diplome": 3 + (i % 6),
            }),
            pieces,
        });
    }
    assert_eq!(
        v.len(),
        DOSSIERS,
        "population trop petite pour {DOSSIERS} dossiers"
    );
    v
}

fn instruire_et_coter(g: &GrilleLdg, ds: &[Dossier]) -> Vec<(bool, droit::ldg::Cotation)> {
    ds.iter()
        .map(|d| {
            let r = instruire(&DemandeRecevabilite {
                agent: &d.agent,
                cible: d.cible,
                voie: d.voie,
                annee: ANNEE,
                pieces: &d.pieces,
                date_inscription: Some(jiff::civil::date(ANNEE as i16, 3, 1)),
            })
            .unwrap();
            let c = coter(
                g,
                Some(1),
                &DossierACoter {
                    dossier: &d.faits,
                    rang: Some(d.rang),
                    pieces: &d.pieces,
                    cible: d.cible,
                    voie: d.voie,
                    agent: &d.agent,
                    annee: ANNEE,
                },
            );
            (r.motifs.is_empty(), c)
        })
        .collect()
}

/// Classement de chaque cible et voie (faits de départage calculés sur la carrière) et
/// établissement des listes ; rend le nombre de listes et d'inscrits.
fn classer_et_etablir(
    g: &GrilleLdg,
    ds: &[Dossier],
    cotes: &[(bool, droit::ldg::Cotation)],
) -> (usize, usize) {
    let mut par_voie: BTreeMap<(&str, bool), Vec<PropositionClassee>> = BTreeMap::new();
    for (d, (_, cot)) in ds.iter().zip(cotes) {
        par_voie
            .entry((d.cible, d.voie == Voie::Examen))
            .or_default()
            .push(PropositionClassee {
                id: d.id.clone(),
                matricule: d.id.clone(),
                nom: d.nom.clone(),
                prenom: d.prenom.clone(),
                collectivite: String::new(),
                voie: d.voie,
                cotation: cot.clone(),
                faits: FaitsDepartage::depuis_carriere(&d.agent, ANNEE, Some(d.rang)),
            });
    }
    let mut inscrits = 0;
    for ((cible, examen), ps) in &par_voie {
        let voie = if *examen { Voie::Examen } else { Voie::Choix };
        // Un poste pour trois dossiers ; une liste bloquée par une égalité à la limite
        // n'est pas comptée.
        let postes = Some((ps.len() as u32).div_ceil(3));
        let voies = [VoieAInscrire {
            voie,
            postes,
            propositions: ps,
        }];
        if let Ok(l) = etablir_liste_cible(
            cible,
            jiff::civil::date(ANNEE as i16, 3, 1),
            g,
            Some(1),
            &voies,
            None,
        ) {
            inscrits += l.inscrits.len();
        }
    }
    (par_voie.len(), inscrits)
}

fn banc(c: &mut Criterion) {
    let g = grille();
    let ds = dossiers();
    let cotes = instruire_et_coter(&g, &ds);
    let recevables = cotes.iter().filter(|x| x.0).count();
    let (listes, inscrits) = classer_et_etablir(&g, &ds, &cotes);
    println!(
        "{} dossiers, {recevables} sans motif d'irrecevabilité ; {listes} cibles et voies, {inscrits} inscrits",
        ds.len()
    );
    let mut groupe = c.benchmark_group("campagne");
    groupe.sample_size(10);
    groupe.bench_function("instruction_et_cotation_1100_dossiers", |b| {
        b.iter(|| instruire_et_coter(black_box(&g), black_box(&ds)))
    });
    groupe.bench_function("classement_et_listes_1100_dossiers", |b| {
        b.iter(|| classer_et_etablir(black_box(&g), black_box(&ds), black_box(&cotes)))
    });
    groupe.finish();
}

criterion_group!(benches, banc);
criterion_main!(benches);
