//! Réponses d'éligibilité figées sous une forme lisible (instantanés `insta` dans
//! `tests/snapshots/`, relus comme du texte dans `git diff`) :
//!
//! - `verdicts_400_carrieres` : pour 400 carrières variées (générateur déterministe), les
//!   voies ouvertes et la première année d'éligibilité de chaque voie qui en a une ; une
//!   règle qui change un verdict se voit ligne par ligne ;
//! - des réponses expliquées complètes (chaque condition : requis, constaté, texte) pour des
//!   carrières écrites à la main, dont l'attendu juridique est commenté à côté de chacune.
//!
//! Après un changement voulu des règles ou des textes du catalogue :
//! `INSTA_UPDATE=always cargo test -p droit --test eligibilite_instantanes`, puis relire le
//! `git diff` des fichiers `.snap`. En intégration continue (`CI=true`), un écart échoue.

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
        // Naissances de 1950 à 1977 (bornes du contrat : 1950 à 2100).
        agent["date_naissance"] = json!(date_iso(-(a.jusqu_a(10_000) as i64) - 900));
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

fn sortie(entree: &Value) -> Result<Value, String> {
    droit::commandes::executer("eligibilite", &entree.to_string())
        .map_err(|e| format!("erreur {} {} {}", e.code, e.chemin, e.message))
}

/// Réponse expliquée, version du catalogue masquée (elle change à chaque modification du
/// catalogue et serait sinon la seule différence).
fn expliquee(entree: Value) -> Value {
    let mut v = sortie(&entree).expect("réponse");
    v["version_catalogue"] = json!("[version du catalogue]");
    v
}

fn voie<'a>(r: &'a Value, voie: &str) -> &'a Value {
    r["voies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["voie"] == voie)
        .unwrap()
}

fn variante<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["variantes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == code)
        .unwrap()
}

#[test]
fn verdicts_400_carrieres() {
    let grades = grades();
    let cibles = droit::eligibilite::cibles();
    let mut a = Alea(20_261_122);
    let mut texte = String::new();
    for i in 0..400 {
        let agent = carriere(&mut a, &grades);
        let annee = 2005 + a.jusqu_a(28);
        let mut entree = json!({ "agent": agent, "annee": annee });
        if a.jusqu_a(4) == 0 {
            entree["cibles"] = json!([cibles[a.jusqu_a(cibles.len() as u64) as usize]]);
        }
        texte.push_str(&format!("carrière {i}, liste {annee} :"));
        match sortie(&entree) {
            Err(e) => texte.push_str(&format!(" {e}\n")),
            Ok(r) => {
                let mut lignes = Vec::new();
                for v in r["voies"].as_array().unwrap() {
                    let ouverte = v["eligible"] == true;
                    let premiere = v["premiere_annee_eligible"].as_i64();
                    if ouverte || premiere.is_some() {
                        lignes.push(format!(
                            "  {} / {} : {}{}",
                            v["cible"].as_str().unwrap(),
                            v["voie"].as_str().unwrap(),
                            if ouverte { "ouverte" } else { "fermée" },
                            premiere.map_or(String::new(), |p| format!(", première année {p}"))
                        ));
                    }
                }
                if lignes.is_empty() {
                    texte.push_str(" aucune voie ouverte ni ouvrable\n");
                } else {
                    texte.push('\n');
                    texte.push_str(&lignes.join("\n"));
                    texte.push('\n');
                }
            }
        }
    }
    insta::assert_snapshot!("verdicts_400_carrieres", texte);
}

#[test]
fn technicien_principal_liste_2022_expliquee() {
    // Fiche service-public.fr F17757 (ingénieur) : au choix, 8 ans comme technicien
    // principal de 2e ou 1re classe ; ici 7 ans et 10 mois au 31/12/2021 : voie fermée,
    // première année 2023 ; l'examen (8 ans de catégorie B technique) est ouvert.
    let ex = commun::lire_exemple("eligibilite-ingenieur-technicien-principal-2022.json");
    let r = expliquee(ex["entree"].clone());
    assert_eq!(voie(&r, "choix")["eligible"], false);
    assert_eq!(voie(&r, "choix")["premiere_annee_eligible"], 2023);
    insta::assert_json_snapshot!("technicien_principal_liste_2022", r);
}

/// Adjoint administratif principal de 2e classe, secrétaire de mairie d'une commune de 800
/// habitants depuis le 01/01/2018.
fn secretaire_de_mairie(annee: i32) -> Value {
    json!({"annee": annee, "cibles": ["redacteur"], "agent": {
        "date_naissance": "1975-03-12",
        "periodes": [
            commun::periode("2012-01-01", Some("2017-12-31"), "adjoint_administratif"),
            {
                "debut": "2018-01-01", "fin": null, "versant": "territoriale",
                "statut": "titulaire", "grade": "adjoint_administratif_principal_2e_classe",
                "position": "activite",
                "fonctions": [{"code": "secretaire_mairie", "population": 800}]
            }
        ]
    }})
}

#[test]
fn plan_secretaires_generaux_de_mairie_derniere_liste_2027() {
    // Loi n° 2023-1380 art. 2 et décret n° 2024-826 : liste dérogatoire de promotion interne
    // des secrétaires généraux de mairie jusqu'au 31/12/2027. En 2027 : secrétaire général de
    // mairie au 1er janvier, depuis plus de 4 ans (2018 à 2026) : la variante est ouverte.
    let r = expliquee(secretaire_de_mairie(2027));
    assert_eq!(
        variante(voie(&r, "choix"), "plan_requalification_sgm")["eligible"],
        true
    );
    insta::assert_json_snapshot!("secretaire_de_mairie_liste_2027", r);
}

#[test]
fn plan_secretaires_generaux_de_mairie_clos_en_2028() {
    // Même carrière, liste 2028 : le plan a pris fin le 31/12/2027 ; la variante n'est pas
    // évaluée, sa seule condition dit que le dispositif n'existe plus.
    let r = expliquee(secretaire_de_mairie(2028));
    let plan = variante(voie(&r, "choix"), "plan_requalification_sgm");
    assert_eq!(plan["eligible"], false);
    let conditions = plan["conditions"].as_array().unwrap();
    assert_eq!(conditions.len(), 1);
    assert_eq!(conditions[0]["code"], "periode_application");
    assert_eq!(conditions[0]["satisfaite"], false);
    insta::assert_json_snapshot!("secretaire_de_mairie_liste_2028", r);
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
    let mut sortie = Vec::new();
    let mut ouvertes = 0;
    for (i, (agent, (annee, cible))) in agents.iter().zip(&demandes).enumerate() {
        let cibles_demandees = cible.clone().map(|c| vec![c]);
        let selection = droit::lot::Selection::choisir(cibles_demandees.as_deref(), None).unwrap();
        let r = droit::eligibilite::evaluer_agent(agent, *annee, cibles_demandees.as_deref());
        for projeter in [true, false] {
            lot.evaluer(i, *annee, &selection, projeter, &mut sortie);
            assert_eq!(r.voies.len(), sortie.len());
            for (x, y) in r.voies.iter().zip(&sortie) {
                let ici = format!("carrière {i}, {} {:?} {annee}", x.cible, x.voie);
                assert_eq!((x.cible.as_str(), x.voie), (y.cible, y.voie));
                assert_eq!(x.eligible, y.eligible, "{ici}");
                let attendue = if projeter {
                    x.premiere_annee_eligible
                } else {
                    None
                };
                assert_eq!(attendue, y.premiere_annee_eligible, "{ici}");
            }
        }
        ouvertes += r.voies.iter().filter(|v| v.eligible).count();
    }
    // Le test compare des verdicts des deux sortes, pas seulement des refus.
    assert!(ouvertes > 20, "{ouvertes} voies ouvertes seulement");
}
