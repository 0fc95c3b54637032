//! Chaque défaut relevé sur les entrées du moteur, avec la réponse attendue.

use droit::commandes::executer;
use serde_json::{Value, json};

use super::{graines, verifier_chemin, verifier_message};

fn erreur(commande: &str, doc: &Value) -> droit::ErreurEntree {
    match executer(commande, &doc.to_string()) {
        Ok(_) => panic!("{commande} : entrée invalide acceptée : {doc}"),
        Err(e) => {
            verifier_message(&e.message, commande);
            verifier_chemin(doc, &e.chemin, commande);
            e
        }
    }
}

fn graine(commande: &str) -> Value {
    graines()
        .into_iter()
        .find(|(c, _)| *c == commande)
        .unwrap()
        .1
}

/// Pointeurs de toutes les dates `AAAA-MM-JJ` d'un document.
fn dates(doc: &Value, chemin: String, sortie: &mut Vec<String>) {
    match doc {
        Value::String(s) if droit::entree::lire_date_iso(s).is_ok() => sortie.push(chemin),
        Value::Array(v) => {
            for (i, x) in v.iter().enumerate() {
                dates(x, format!("{chemin}/{i}"), sortie);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                dates(x, format!("{chemin}/{k}"), sortie);
            }
        }
        _ => {}
    }
}

/// Remplace chaque date de chaque graine par `valeur` et vérifie le refus, son code et son
/// chemin.
fn chaque_date_refuse(valeur: &str, code: &str) -> usize {
    let mut n = 0;
    for (commande, g) in graines() {
        let mut chemins = Vec::new();
        dates(&g, String::new(), &mut chemins);
        for chemin in chemins {
            let mut doc = g.clone();
            *doc.pointer_mut(&chemin).unwrap() = json!(valeur);
            let e = erreur(commande, &doc);
            assert_eq!(
                (e.code.as_str(), e.chemin.as_str()),
                (code, chemin.as_str()),
                "{commande} {chemin} = {valeur} : {}",
                e.message
            );
            n += 1;
        }
    }
    n
}

#[test]
fn une_date_heure_n_est_pas_une_date() {
    // Contrat v1 : « Dates are ISO YYYY-MM-DD ». Une date-heure à +14 h n'est pas le même
    // jour civil à Paris : elle était prise pour sa date.
    let n = chaque_date_refuse("2025-03-01T12:00:00+14:00", "date_invalide");
    assert!(n >= 40, "{n} dates essayées");
    let e = erreur(
        "eligibilite",
        &json!({"annee": 2026, "agent": {"periodes": [], "date_naissance": "2025-03-01T12:00:00+14:00"}}),
    );
    assert_eq!(
        e.message,
        "Date attendue au format AAAA-MM-JJ, reçu \"2025-03-01T12:00:00+14:00\"."
    );
}

#[test]
fn les_dates_d_autres_formes_sont_refusees() {
    for forme in [
        "2010-1-1",
        "+002010-01-01",
        "20100101",
        "01/01/2010",
        "2010-01-01 ",
    ] {
        chaque_date_refuse(forme, "date_invalide");
    }
    chaque_date_refuse("2010-02-30", "date_invalide");
}

#[test]
fn les_dates_hors_de_1950_2100_sont_refusees_partout() {
    // Contrat v1 : « year outside 1950..2100 » est une entrée invalide ;
    // `dispenses[].periode_debut` passait.
    chaque_date_refuse("1949-12-31", "valeur_hors_bornes");
    chaque_date_refuse("2101-01-01", "valeur_hors_bornes");
    let mut doc = graine("eligibilite");
    doc["agent"]["dispenses"][0]["periode_debut"] = json!("1900-01-01");
    let e = erreur("eligibilite", &doc);
    assert_eq!(e.chemin, "/agent/dispenses/0/periode_debut");
    assert_eq!(
        e.message,
        "La date 01/01/1900 est hors des bornes admises (1950 à 2100)."
    );
}

#[test]
fn un_poste_a_responsabilite_ne_finit_pas_avant_de_commencer() {
    let mut doc = graine("eligibilite");
    doc["agent"]["postes_responsabilite"][0] = json!({"debut": "2016-04-01", "fin": "2015-04-01"});
    let e = erreur("eligibilite", &doc);
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("dates_incoherentes", "/agent/postes_responsabilite/0/fin")
    );
}

#[test]
fn une_periode_ne_commence_pas_avant_la_naissance() {
    let mut doc = graine("eligibilite");
    doc["agent"]["date_naissance"] = json!("2006-01-01");
    let e = erreur("eligibilite", &doc);
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("dates_incoherentes", "/agent/periodes/0/debut")
    );
}

/// Pointeurs de tous les objets (sauf la racine) d'un document.
fn objets(doc: &Value, chemin: String, sortie: &mut Vec<String>) {
    match doc {
        Value::Array(v) => {
            for (i, x) in v.iter().enumerate() {
                objets(x, format!("{chemin}/{i}"), sortie);
            }
        }
        Value::Object(m) => {
            if !chemin.is_empty() {
                sortie.push(chemin.clone());
            }
            for (k, x) in m {
                objets(x, format!("{chemin}/{k}"), sortie);
            }
        }
        _ => {}
    }
}

#[test]
fn une_liste_a_la_place_d_un_objet_est_refusee() {
    // serde lit un objet écrit comme la liste de ses valeurs : `"emploi": ["dgs_commune",
    // 1000, null]` passait pour un emploi.
    let mut n = 0;
    for (commande, g) in graines() {
        let mut chemins = Vec::new();
        objets(&g, String::new(), &mut chemins);
        for chemin in chemins {
            let mut doc = g.clone();
            let cible = doc.pointer_mut(&chemin).unwrap();
            let valeurs: Vec<Value> = cible.as_object().unwrap().values().cloned().collect();
            *cible = Value::Array(valeurs);
            let e = erreur(commande, &doc);
            assert_eq!(
                (e.code.as_str(), e.chemin.as_str()),
                ("type_invalide", chemin.as_str()),
                "{commande} {chemin} : {}",
                e.message
            );
            assert!(e.message.starts_with("Objet attendu"), "{}", e.message);
            n += 1;
        }
    }
    assert!(n >= 30, "{n} objets essayés");
}

#[test]
fn un_champ_donne_deux_fois_est_refuse_en_francais() {
    // Était : « duplicate field `annee` » (anglais) sans chemin.
    let e = droit::commandes::executer(
        "eligibilite",
        r#"{"annee": 2026, "annee": 2027, "agent": {"periodes": []}}"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("champ_en_double", "/annee")
    );
    verifier_message(&e.message, "champ en double");
    // Plus profond, là où serde ne voyait rien (objet lu comme une table).
    let e = droit::commandes::executer(
        "liste-aptitude",
        r#"{"inscription": "2024-03-15", "aujourd_hui": "2027-05-01",
            "suspensions": [{"motif": "conge_maternite", "debut": "2025-01-10", "debut": "2025-01-11"}]}"#,
    )
    .unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("champ_en_double", "/suspensions/0/debut")
    );
}

#[test]
fn les_erreurs_de_type_disent_ce_qui_etait_attendu() {
    // Messages anglais relevés : « invalid type: string "2026", expected i32 »,
    // « failed to parse two digit integer as month », « expected four digit year ».
    let cas = [
        (
            json!({"annee": "2026", "agent": {"periodes": []}}),
            "/annee",
            "Nombre entier attendu, reçu le texte \"2026\".",
        ),
        (
            json!({"annee": 2026, "agent": {"periodes": {}}}),
            "/agent/periodes",
            "Liste attendue, reçu un objet.",
        ),
        (
            json!({"annee": 2026, "agent": {"periodes": [], "date_naissance": "2025-3-01"}}),
            "/agent/date_naissance",
            "Date attendue au format AAAA-MM-JJ, reçu \"2025-3-01\".",
        ),
        (
            json!({"annee": 2026, "agent": {"periodes": [], "date_naissance": "25-03-01"}}),
            "/agent/date_naissance",
            "Date attendue au format AAAA-MM-JJ, reçu \"25-03-01\".",
        ),
        (
            json!({"annee": 2026, "agent": {"periodes": [], "date_naissance": "2025-02-30"}}),
            "/agent/date_naissance",
            "Date impossible, reçu \"2025-02-30\" : le 30 n'existe pas en février 2025, qui compte 28 jours.",
        ),
    ];
    for (doc, chemin, message) in cas {
        let e = erreur("eligibilite", &doc);
        assert_eq!((e.chemin.as_str(), e.message.as_str()), (chemin, message));
    }
    // Un code d'une mauvaise espèce était rapporté comme du JSON mal formé.
    let mut doc = graine("eligibilite");
    doc["agent"]["periodes"][0]["versant"] = json!(5);
    let e = erreur("eligibilite", &doc);
    assert_eq!(e.code, "type_invalide");
    assert_eq!(
        e.message,
        "Code attendu parmi : territoriale, etat, hospitaliere, hors_fonction_publique, reçu le nombre 5."
    );
}

#[test]
fn champ_inconnu_et_champ_manquant_nomment_les_champs() {
    let e = erreur(
        "eligibilite",
        &json!({"annee": 2026, "agent": {"periodes": [], "naissance": "1978-01-01"}}),
    );
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str(), e.message.as_str()),
        (
            "champ_inconnu",
            "/agent/naissance",
            "Champ inconnu « naissance » ; champs admis ici : date_naissance, dispenses, examens, formations, periodes, postes_responsabilite."
        )
    );
    let e = erreur("eligibilite", &json!({"annee": 2026, "agent": {}}));
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str(), e.message.as_str()),
        (
            "champ_manquant",
            "/agent",
            "Champ obligatoire « periodes » absent de cet objet."
        )
    );
    // La durée de services (type sans `deny_unknown_fields`) refuse aussi un champ inconnu.
    let mut doc = graine("nomination");
    doc["services_meme_nature"]["semaines"] = json!(2);
    let e = erreur("nomination", &doc);
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("champ_inconnu", "/services_meme_nature/semaines")
    );
}

#[test]
fn json_mal_forme_ligne_et_colonne_en_francais() {
    let e = executer("services", "{\n  \"agent\": {\"periodes\": [}\n}").unwrap_err();
    assert_eq!(e.code, "json_invalide");
    assert_eq!(
        e.message,
        "Le document JSON est mal formé (ligne 2, colonne 26) : valeur attendue : texte entre guillemets, nombre, true, false, null, liste ou objet."
    );
    assert_eq!(e.chemin, "");
}

#[test]
fn cent_mille_fois_la_meme_cible_est_refuse() {
    // 100 000 copies d'une cible (1,2 Mo) donnaient une réponse de 1 Go.
    let cibles = vec!["ingenieur"; 100_000];
    let doc = json!({"annee": 2026, "cibles": cibles, "agent": {"periodes": []}});
    let e = erreur("eligibilite", &doc);
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str(), e.message.as_str()),
        (
            "liste_trop_longue",
            "/cibles",
            "Liste trop longue : 100000 éléments reçus, 200 au plus sont admis ici."
        )
    );
}

#[test]
fn une_cible_demandee_deux_fois_est_evaluee_une_fois() {
    let mut doc = graine("eligibilite");
    doc["cibles"] = json!(["ingenieur"]);
    let une = executer("eligibilite", &doc.to_string()).unwrap();
    doc["cibles"] = json!(["ingenieur", "ingenieur", "ingenieur"]);
    let trois = executer("eligibilite", &doc.to_string()).unwrap();
    assert_eq!(une, trois);
}

#[test]
fn les_recrutements_du_quota_ne_debordent_plus() {
    // 3 × u32::MAX recrutements : débordement d'entier (panique en mode débogage, résultat
    // faux sinon).
    let mut doc = graine("quota");
    doc["recrutements"] = json!({"concours": 4_294_967_295u32, "mutation": 4_294_967_295u32});
    let e = erreur("quota", &doc);
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("valeur_hors_bornes", "/recrutements/concours")
    );
}

#[test]
fn textes_longs_et_caracteres_de_controle_sont_refuses() {
    let mut doc = graine("liste-aptitude-etablir");
    doc["candidats"][0]["nom"] = json!("D".repeat(5000));
    let e = erreur("liste-aptitude-etablir", &doc);
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("texte_trop_long", "/candidats/0/nom")
    );
    doc["candidats"][0]["nom"] = json!("Dur\u{0}and");
    let e = erreur("liste-aptitude-etablir", &doc);
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("caractere_interdit", "/candidats/0/nom")
    );
    assert!(e.message.contains("U+0000"), "{}", e.message);
}

#[test]
fn identifiants_vides_refuses() {
    let mut doc = graine("intercommunal");
    doc["employeurs"][0]["id"] = json!(" ");
    assert_eq!(erreur("intercommunal", &doc).chemin, "/employeurs/0/id");
    let mut doc = graine("liste-aptitude-etablir");
    doc["candidats"][1]["id"] = json!("");
    assert_eq!(
        erreur("liste-aptitude-etablir", &doc).chemin,
        "/candidats/1/id"
    );
}

#[test]
fn nombres_absurdes_refuses() {
    // Une formation d'un million de jours, des populations au-delà de celle de la France.
    let mut doc = graine("eligibilite");
    doc["agent"]["formations"][0]["jours"] = json!(1e6);
    assert_eq!(
        erreur("eligibilite", &doc).chemin,
        "/agent/formations/0/jours"
    );
    let mut doc = graine("eligibilite");
    doc["agent"]["periodes"][1]["fonctions"][0]["population"] = json!(0);
    assert_eq!(
        erreur("eligibilite", &doc).chemin,
        "/agent/periodes/1/fonctions/0/population"
    );
    let mut doc = graine("examen-dossier");
    doc["pieces"][3]["pages"] = json!(1_000_000);
    assert_eq!(erreur("examen-dossier", &doc).chemin, "/pieces/3/pages");
}

#[test]
fn document_trop_volumineux() {
    let texte = format!(
        "{{\"annee\": 2026, \"agent\": {{\"periodes\": []}}, \"x\": \"{}\"}}",
        "a".repeat(droit::entree::bornes::TAILLE_ENTREE_MAX)
    );
    let e = executer("eligibilite", &texte).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("entree_trop_grande", "")
    );
    verifier_message(&e.message, "document trop volumineux");
}
