//! Non-régression de la réponse `eligibilite` : les sorties JSON de
//! `droit::commandes::executer("eligibilite", …)` sur 400 carrières variées (générateur
//! déterministe) et sur les exemples partagés doivent rester identiques octet pour octet
//! aux empreintes enregistrées dans `tests/donnees/empreintes_eligibilite.txt`.
//!
//! Les empreintes ont été enregistrées avec le moteur dont les règles sont validées par les
//! autres tests (exemples partagés, seeds) ; ce test garde les optimisations honnêtes : une
//! réécriture du moteur ne doit changer aucun octet de la réponse.
//! Régénération (après un changement de règle voulu) :
//! `PASSERELLE_MAJ_EMPREINTES=1 cargo test -p droit --test non_regression_eligibilite`.

mod commun;

use serde_json::{Value, json};

/// Générateur pseudo-aléatoire déterministe (congruentiel linéaire, constantes de Knuth).
struct Alea(u64);

impl Alea {
    fn suivant(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn jusqu_a(&mut self, n: u64) -> u64 {
        self.suivant() % n
    }
    fn choisir<'a>(&mut self, l: &[&'a str]) -> &'a str {
        l[self.jusqu_a(l.len() as u64) as usize]
    }
}

/// Codes de grades du catalogue (`catalogue/cadres.toml`).
fn grades() -> Vec<String> {
    let texte = include_str!("../catalogue/cadres.toml");
    texte
        .split("{ code = \"")
        .skip(1)
        .filter_map(|m| m.split('"').next())
        .map(str::to_owned)
        .collect()
}

fn date_iso(j: i64) -> String {
    let d = jiff::civil::date(1980, 1, 1)
        .checked_add(jiff::Span::new().days(j))
        .unwrap();
    d.to_string()
}

fn carriere(a: &mut Alea, grades: &[String]) -> Value {
    let n = 1 + a.jusqu_a(12);
    let mut j = a.jusqu_a(8000) as i64;
    let mut periodes = Vec::new();
    for i in 0..n {
        let duree = 30 + a.jusqu_a(2200) as i64;
        let fin = if i + 1 == n && a.jusqu_a(2) == 0 {
            Value::Null
        } else {
            Value::String(date_iso(j + duree - 1))
        };
        let mut p = json!({
            "debut": date_iso(j),
            "fin": fin,
            "versant": if a.jusqu_a(8) == 0 {
                a.choisir(&["etat", "hospitaliere", "hors_fonction_publique"])
            } else {
                "territoriale"
            },
            "statut": if a.jusqu_a(5) == 0 {
                a.choisir(&["stagiaire", "contractuel", "contractuel_cdi", "droit_prive"])
            } else {
                "titulaire"
            },
            "position": if a.jusqu_a(3) == 0 {
                a.choisir(&[
                    "mise_a_disposition", "detachement", "disponibilite", "conge_parental",
                    "hors_cadres", "service_national", "exclusion_temporaire",
                    "prorogation_stage", "apprentissage",
                ])
            } else {
                "activite"
            },
        });
        if a.jusqu_a(12) != 0 {
            p["grade"] = json!(grades[a.jusqu_a(grades.len() as u64) as usize]);
        }
        if p["position"] == "disponibilite" && a.jusqu_a(4) != 0 {
            p["motif_disponibilite"] = json!(a.choisir(&[
                "elever_enfant",
                "activite_professionnelle",
                "convenances_personnelles",
                "autre"
            ]));
        }
        if p["position"] == "conge_parental" && a.jusqu_a(2) == 0 {
            p["conge_parental_octroye_le"] = p["debut"].clone();
        }
        if a.jusqu_a(5) == 0 {
            p["quotite"] = json!(50 + a.jusqu_a(51));
        }
        if a.jusqu_a(6) == 0 {
            p["heures_hebdomadaires"] = json!(5.0 + a.jusqu_a(300) as f64 / 10.0);
        }
        if a.jusqu_a(5) == 0 {
            let mut e = json!({"code": a.choisir(&[
                "dgs_commune", "dga_commune", "dst_commune", "dgst_epci", "emploi_l313_1",
                "directeur_sdis", "contrat_projet", "contrat_droit_public", "autre",
            ])});
            if a.jusqu_a(3) != 0 {
                e["population"] = json!(a.jusqu_a(200_000));
            }
            p["emploi"] = e;
        }
        if a.jusqu_a(6) == 0 {
            let mut f = json!({"code": a.choisir(&[
                "direction_services_techniques_seul",
                "secretaire_mairie",
                "direction_generale_services",
            ])});
            if a.jusqu_a(2) == 0 {
                f["population"] = json!(a.jusqu_a(20_000));
            }
            p["fonctions"] = json!([f]);
        }
        periodes.push(p);
        j += duree
            + if a.jusqu_a(3) == 0 {
                a.jusqu_a(400) as i64
            } else {
                0
            };
    }
    let mut agent = json!({ "periodes": periodes });
    if a.jusqu_a(6) != 0 {
        agent["date_naissance"] = json!(date_iso(-(a.jusqu_a(12_000) as i64) - 5000));
    }
    if a.jusqu_a(3) == 0 {
        let k = a.jusqu_a(4);
        let f: Vec<Value> = (0..k)
            .map(|_| {
                json!({
                    "type": a.choisir(&["fppe", "fptlc", "fppr", "police_continue"]),
                    "date": date_iso(j - a.jusqu_a(4000) as i64),
                    "jours": 1 + a.jusqu_a(10),
                })
            })
            .collect();
        agent["formations"] = json!(f);
    }
    if a.jusqu_a(3) == 0 {
        agent["examens"] = json!([{
            "examen": grades[a.jusqu_a(grades.len() as u64) as usize],
            "annee": 2000 + a.jusqu_a(30),
            "admis": a.jusqu_a(4) != 0,
        }]);
    }
    agent
}

fn fnv1a(octets: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in octets {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn sortie(entree: &Value) -> String {
    match droit::commandes::executer("eligibilite", &entree.to_string()) {
        Ok(v) => serde_json::to_string(&v).unwrap(),
        Err(e) => format!("erreur {} {} {}", e.code, e.chemin, e.message),
    }
}

#[test]
fn reponses_eligibilite_inchangees() {
    let grades = grades();
    let cibles = droit::eligibilite::cibles();
    let mut a = Alea(20_261_122);
    let mut lignes = Vec::new();
    for i in 0..400 {
        let agent = carriere(&mut a, &grades);
        let annee = 2005 + a.jusqu_a(28);
        let mut entree = json!({ "agent": agent, "annee": annee });
        if a.jusqu_a(4) == 0 {
            entree["cibles"] = json!([cibles[a.jusqu_a(cibles.len() as u64) as usize]]);
        }
        lignes.push(format!(
            "carriere-{i} {:016x}",
            fnv1a(sortie(&entree).as_bytes())
        ));
    }
    let mut exemples: Vec<_> = std::fs::read_dir(commun::dossier_exemples())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    exemples.sort();
    for p in exemples {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        if doc["command"] == "eligibilite" {
            let nom = p.file_name().unwrap().to_string_lossy().into_owned();
            lignes.push(format!(
                "{nom} {:016x}",
                fnv1a(sortie(&doc["input"]).as_bytes())
            ));
        }
    }
    let texte = lignes.join("\n") + "\n";
    let chemin = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/donnees/empreintes_eligibilite.txt");
    if std::env::var_os("PASSERELLE_MAJ_EMPREINTES").is_some() {
        std::fs::write(&chemin, &texte).unwrap();
    }
    let attendu = std::fs::read_to_string(&chemin).unwrap();
    let differences: Vec<_> = texte
        .lines()
        .zip(attendu.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.to_owned())
        .collect();
    assert!(
        differences.is_empty() && texte.lines().count() == attendu.lines().count(),
        "réponses modifiées : {differences:?}"
    );
}

/// Le chemin par lot (`droit::lot`) rend les mêmes verdicts que la réponse expliquée, qui
/// reste la référence : éligibilité et première année de chaque voie, sur 1 500 carrières
/// variées (mêmes tirages que ci-dessus : fonctions, examens, emplois, congés parentaux,
/// données manquantes), toutes cibles ou une cible, avec et sans projection.
#[test]
fn le_chemin_par_lot_concorde_avec_la_reponse_expliquee() {
    let grades = grades();
    let cibles = droit::eligibilite::cibles();
    let mut a = Alea(16_016);
    let mut agents = Vec::new();
    let mut demandes = Vec::new();
    while agents.len() < 1_500 {
        let agent: droit::carriere::Agent =
            serde_json::from_value(carriere(&mut a, &grades)).unwrap();
        let annee = 2005 + a.jusqu_a(28) as i32;
        let cible =
            (a.jusqu_a(4) == 0).then(|| cibles[a.jusqu_a(cibles.len() as u64) as usize].clone());
        if agent.valider("/agent").is_ok() {
            agents.push(agent);
            demandes.push((annee, cible));
        }
    }
    let lot = droit::lot::Lot::preparer(&agents);
    let mut brouillon = droit::lot::Brouillon::new();
    let mut sortie = Vec::new();
    let mut ouvertes = 0;
    for (i, (agent, (annee, cible))) in agents.iter().zip(&demandes).enumerate() {
        let cibles_demandees = cible.clone().map(|c| vec![c]);
        let selection = droit::lot::Selection::choisir(cibles_demandees.as_deref(), None).unwrap();
        let r = droit::eligibilite::evaluer_agent(agent, *annee, cibles_demandees.as_deref());
        for projeter in [true, false] {
            lot.evaluer(i, *annee, &selection, projeter, &mut brouillon, &mut sortie);
            assert_eq!(r.voies.len(), sortie.len());
            for (x, y) in r.voies.iter().zip(&sortie) {
                assert_eq!((x.cible.as_str(), x.voie), (y.cible, y.voie));
                assert_eq!(
                    x.eligible, y.eligible,
                    "carrière {i}, {} {:?} {annee}",
                    x.cible, x.voie
                );
                let attendue = if projeter {
                    x.premiere_annee_eligible
                } else {
                    None
                };
                assert_eq!(
                    attendue, y.premiere_annee_eligible,
                    "carrière {i}, {} {:?} {annee}",
                    x.cible, x.voie
                );
            }
        }
        ouvertes += r.voies.iter().filter(|v| v.eligible).count();
    }
    // Le test compare des verdicts des deux sortes, pas seulement des refus.
    assert!(ouvertes > 20, "{ouvertes} voies ouvertes seulement");
}
