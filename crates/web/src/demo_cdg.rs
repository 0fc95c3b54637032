//! Une campagne passée pour la démonstration (`passerelle demo`) : dépôt clos, dossiers
//! instruits, cotés, classés, listes d'aptitude établies et publiées. Tout passe par les
//! mêmes opérations que l'API (instruction automatique puis décisions motivées, cotation,
//! établissement de la liste avec un ordre manuel justifié si des ex aequo sont à cheval sur
//! le dernier poste), si bien que le journal en garde chaque étape.
//!
//! Les faits des dossiers et les pièces sont fictifs (démonstration) : les faits sont pris
//! dans les valeurs prévues par la grille, dans un ordre déterministe ; les pièces sont un
//! PDF minimal.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Path, State};
use campagne::dossier::{faits_attendus, pieces_attendues};
use campagne::instruction::{Decision, DecisionManuelle};
use droit::catalogue::Catalogue;
use droit::eligibilite::Voie;
use droit::ldg::GrilleLdg;
use jiff::civil::date;
use serde_json::{Map, Value, json};
use store::promouvables::FiltrePromouvables;
use store::propositions::{FiltrePropositions, NouvelleProposition};
use store::{Acteur, Portee, Role, Store};

use crate::acces::Connecte;
use crate::classement::{DemandeListe, classement_json, etablir};
use crate::erreurs::Erreur;
use crate::{Etat, Horloge, Partage};

/// La grille de la démonstration : celle, réelle, de 175 points (`grilles/`).
const GRILLE: &str = crate::grilles_exemples::CIG_PETITE_COURONNE.texte;

/// PDF minimal des pièces fictives.
const PDF: &[u8] = b"%PDF-1.4\n% piece de demonstration\n%%EOF\n";

/// Combien de dossiers proposer.
#[derive(Debug, Clone, Copy)]
pub struct Taille {
    /// Dossiers au plus par grade cible.
    pub par_cible: usize,
    /// Dossiers au plus en tout.
    pub dossiers_max: usize,
}

impl Taille {
    /// La démonstration : une douzaine de dossiers par grade.
    pub const DEMO: Taille = Taille {
        par_cible: 12,
        dossiers_max: 400,
    };
}

/// Ce que la démonstration a préparé, et le temps de chaque étape.
#[derive(Debug, Clone, Default)]
pub struct BilanDemo {
    pub propositions: usize,
    pub recevables: usize,
    pub listes: Vec<(String, usize)>,
    /// Campagne, grille, recensement, propositions, pièces, transmissions.
    pub duree_preparation: Duration,
    /// Instruction automatique de tous les dossiers transmis (une requête).
    pub duree_instruction: Duration,
    /// Décisions motivées des dossiers « à vérifier » (une requête chacune).
    pub duree_decisions: Duration,
    /// Cotation et enregistrement de tous les dossiers recevables (une requête).
    pub duree_cotation: Duration,
    /// Classement et établissement des listes de tous les grades cibles.
    pub duree_listes: Duration,
}

/// Un fait du dossier pris dans ce que la grille attend, selon le numéro `i` du dossier.
fn fait(nature: &str, valeurs: &[String], i: usize) -> Value {
    match nature {
        "valeur" if !valeurs.is_empty() => json!(valeurs[i % valeurs.len()]),
        "liste" if !valeurs.is_empty() => Value::Array(
            (0..5)
                .map(|k| json!(valeurs[(i + k * (i % 3 + 1)) % valeurs.len()]))
                .collect(),
        ),
        "nombre" => json!((i * 7) % 11),
        "oui_non" => json!(i.is_multiple_of(2)),
        _ => Value::Null,
    }
}

/// Prépare la campagne `annee` passée (dépôt du 03/11 au 19/12 de l'année précédente, liste
/// au 1er mars), si elle n'existe pas encore ; `None` si elle existe déjà.
pub async fn campagne_passee(
    store: &Store,
    annee: i32,
    taille: Taille,
) -> Result<Option<BilanDemo>, Erreur> {
    let debut = Instant::now();
    if store
        .campagne(annee)
        .await
        .map_err(Erreur::stockage)?
        .is_some()
    {
        return Ok(None);
    }
    let acteur = Acteur {
        identifiant: "systeme:demo".into(),
        role: Role::Gestionnaire,
        collectivites: Vec::new(),
    };
    let horloge = Horloge::systeme();
    horloge.fixer_au(date((annee - 1) as i16, 12, 10));
    let mut etat = Etat::new(store.clone(), annee);
    etat.horloge = horloge.clone();
    let p = Arc::new(Partage {
        openapi: String::new(),
        sonde: store.sonde(),
        etat,
    });
    let c = Connecte {
        acteur: acteur.clone(),
        csrf: String::new(),
        jeton: String::new(),
    };
    store
        .creer_campagne(
            &acteur,
            annee,
            date((annee - 1) as i16, 11, 3),
            date((annee - 1) as i16, 12, 19),
            date(annee as i16, 3, 1),
        )
        .await
        .map_err(Erreur::stockage)?;
    let grille_json: Value = serde_json::from_str(GRILLE).map_err(|_| Erreur::interne())?;
    let grille: GrilleLdg = droit::ldg::lire_grille_valeur(grille_json.clone())
        .map_err(|e| Erreur::from(e.premiere().clone()))?;
    store
        .definir_grille(
            &acteur,
            annee,
            &serde_json::to_value(&grille).unwrap_or_default(),
        )
        .await
        .map_err(Erreur::stockage)?;

    // Promouvables au choix des collectivités affiliées, quelques-uns par grade cible.
    let cibles = crate::campagnes::cibles_du_cdg(annee);
    let page = store
        .promouvables(
            &acteur,
            annee,
            &FiltrePromouvables {
                voie: Some("choix".into()),
                cibles_admises: cibles,
                affiliees_seulement: true,
                ..Default::default()
            },
        )
        .await
        .map_err(Erreur::stockage)?;
    let mut par_cible: BTreeMap<String, Vec<store::promouvables::Promouvable>> = BTreeMap::new();
    for x in page.promouvables {
        let v = par_cible.entry(x.cible.clone()).or_default();
        if v.len() < taille.par_cible && !v.iter().any(|y| y.matricule == x.matricule) {
            v.push(x);
        }
    }
    // Un agent n'est proposé qu'à un grade.
    let mut deja: std::collections::HashSet<String> = Default::default();
    for v in par_cible.values_mut() {
        v.retain(|x| deja.insert(x.matricule.clone()));
    }
    par_cible.retain(|_, v| v.len() >= 2);
    let mut reste = taille.dossiers_max;
    for v in par_cible.values_mut() {
        v.truncate(reste);
        reste -= v.len();
    }
    par_cible.retain(|_, v| v.len() >= 2);

    // Recensement : dans la première collectivité affiliée, des recrutements de l'année
    // précédente dans chaque cadre d'emplois cible (deux pour un poste, à peu près un poste
    // pour trois dossiers).
    let cat = Catalogue::get();
    let affiliee = par_cible
        .values()
        .flatten()
        .map(|x| x.collectivite.clone())
        .min();
    if let Some(code) = &affiliee {
        let mut recrutements = Vec::new();
        let mut cadres: Vec<String> = par_cible
            .keys()
            .filter_map(|c| cat.grade(c).map(|g| g.cadre.code.clone()))
            .collect();
        cadres.sort();
        cadres.dedup();
        for cadre in &cadres {
            let n = par_cible
                .iter()
                .filter(|(c, _)| cat.grade(c).is_some_and(|g| &g.cadre.code == cadre))
                .map(|(_, v)| v.len())
                .sum::<usize>();
            for k in 0..(2 * n.div_ceil(3)).max(2) {
                recrutements.push(json!({"cadre_emplois": cadre, "mode": "concours",
                    "date": format!("{}-{:02}-01", annee - 1, 1 + k % 12),
                    "reference": format!("arrêté n° {}-{:03} (démonstration)", annee - 1, k + 1)}));
            }
        }
        store
            .remplacer_declaration(
                &acteur,
                annee,
                code,
                &json!({"recrutements": recrutements, "effectifs": []}),
            )
            .await
            .map_err(Erreur::stockage)?;
    }

    // Propositions, pièces, transmission le 10/12.
    let mut rangs: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut n = 0;
    for (cible, agents) in &par_cible {
        for (i, x) in agents.iter().enumerate() {
            let mut dossier = Map::new();
            for f in faits_attendus(&grille, cible, Voie::Choix) {
                dossier.insert(f.champ.clone(), fait(&f.nature, &f.valeurs, i + n));
            }
            let rang = rangs
                .entry((x.collectivite.clone(), cible.clone()))
                .or_insert(0);
            *rang += 1;
            let Some((eligibilite, version)) = crate::propositions::evaluer_voie(
                &p,
                &x.matricule,
                annee,
                cible,
                Voie::Choix,
                &Portee::Cdg,
            )
            .await?
            else {
                continue;
            };
            let eligibilite = serde_json::to_value(&eligibilite).unwrap_or_default();
            let Some(prop) = store
                .creer_proposition(
                    &acteur,
                    &NouvelleProposition {
                        annee,
                        matricule: &x.matricule,
                        cible,
                        voie: "choix",
                        rang: Some(*rang),
                        dossier: &Value::Object(dossier),
                        promouvable: true,
                        eligibilite: &eligibilite,
                        version_catalogue: &version,
                    },
                )
                .await
                .map_err(Erreur::stockage)?
            else {
                continue;
            };
            // Toutes les pièces attendues, sauf une sur cinq (la ligne vaut alors 0).
            for (k, q) in pieces_attendues(&grille, cible, Voie::Choix, &[])
                .iter()
                .enumerate()
            {
                if !q.obligatoire && (i + k) % 5 == 4 {
                    continue;
                }
                store
                    .deposer_piece(&acteur, prop.id, q.type_piece.code(), None, PDF)
                    .await
                    .map_err(Erreur::stockage)?;
            }
            store
                .transmettre_proposition(
                    &acteur,
                    prop.id,
                    horloge.maintenant(),
                    true,
                    &eligibilite,
                    &version,
                )
                .await
                .map_err(Erreur::stockage)?;
            n += 1;
        }
    }

    // Instruction (après la clôture) : automatique, puis décision motivée de ce que le
    // moteur n'a pas pu établir.
    let duree_preparation = debut.elapsed();
    horloge.fixer_au(date(annee as i16, 1, 15));
    let debut = Instant::now();
    let vue = crate::campagnes::campagne_du_jour(&p, annee).await?;
    crate::instruction::instruire_campagne(&p, &c, &vue).await?;
    let duree_instruction = debut.elapsed();
    let debut = Instant::now();
    let a_verifier = store
        .propositions(
            &Portee::Cdg,
            annee,
            &FiltrePropositions {
                statut: Some("transmise".into()),
                ..Default::default()
            },
        )
        .await
        .map_err(Erreur::stockage)?;
    let decision = serde_json::to_vec(&DecisionManuelle {
        decision: Decision::Recevable,
        motif: None,
        justification: "Attestations du CNFPT jointes au dossier et contrôlées : obligations de \
                        formation remplies (démonstration)."
            .into(),
    })
    .unwrap_or_default();
    for x in &a_verifier {
        crate::instruction::instruire(
            State(p.clone()),
            c.clone(),
            Path(x.id.to_string()),
            Bytes::from(decision.clone()),
        )
        .await?;
    }
    let duree_decisions = debut.elapsed();
    let debut = Instant::now();
    let cotes = crate::instruction::coter_campagne(&p, &c, annee, None).await?;
    let duree_cotation = debut.elapsed();
    let recevables = cotes["cotees"].as_u64().unwrap_or(0) as usize;

    // Listes : une par grade cible qui a des dossiers recevables, ordre manuel justifié
    // s'il le faut, puis publication.
    horloge.fixer_au(date(annee as i16, 2, 1));
    let debut = Instant::now();
    let mut listes = Vec::new();
    for cible in par_cible.keys() {
        let k = classement_json(&p, &acteur, annee, cible, Voie::Choix, false, None).await?;
        if k["classement"].as_array().is_none_or(Vec::is_empty) {
            continue;
        }
        let egaux: Vec<i64> = k["egalite_a_la_limite"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x.as_str().and_then(|s| s.parse().ok()))
            .collect();
        let d = DemandeListe {
            cible: cible.clone(),
            justification: (!egaux.is_empty()).then(|| {
                "Ordre retenu par le Président après avis de la commission : ancienneté de \
                 fonctions d'encadrement (démonstration)."
                    .to_owned()
            }),
            departage_manuel: (!egaux.is_empty()).then_some(egaux),
            grille_version: None,
        };
        let l = etablir(&p, &c, annee, &d).await?;
        store
            .publier_liste(&acteur, annee, cible)
            .await
            .map_err(Erreur::stockage)?;
        listes.push((cible.clone(), l.inscrits.len()));
    }
    Ok(Some(BilanDemo {
        propositions: n,
        recevables,
        listes,
        duree_preparation,
        duree_instruction,
        duree_decisions,
        duree_cotation,
        duree_listes: debut.elapsed(),
    }))
}
