//! Suite de l'histoire de la campagne 2027 (`campagne::campagne_de_bout_en_bout`), côté
//! centre de gestion, par l'API HTTP, sur SQLite et PostgreSQL : instruction automatique et
//! décisions motivées, grille versionnée et son aperçu, cotations (totaux calculés à la main
//! ci-dessous, ligne de grille par ligne de grille), classement avec une égalité départagée
//! par la seconde clé et un ex aequo exact, vue anonyme de la commission, établissement de la
//! liste (409 puis ordre manuel justifié), publication, indicateurs, journal.

use axum::http::StatusCode;
use droit::carriere::Agent;
use jiff::civil::date;
use serde_json::{Value, json};
use store::{Acteur, Collectivite, FicheAgent, LotImport};

use crate::commun::{Client, Reponse, TestApp};

/// La grille de la version 2 : celle des tests (`campagne::GRILLE`, version 1) et une ligne
/// d'ancienneté dans la catégorie, 1 point par an, au prorata des mois complets.
pub const GRILLE_V2: &str = r#"{"libelle": "Grille de test, avec l'ancienneté", "criteres": [
 {"code": "crep", "libelle": "Valeur professionnelle (CREP)", "mode": "somme", "champ": "crep",
  "valeurs": {"a_developper": 1, "maitrise": 2, "excellent": 3}, "max": 15, "piece": "crep"},
 {"code": "encadrement", "libelle": "Agents encadrés", "mode": "par_unite",
  "champ": "agents_encadres", "points": 0.5, "max": 5, "piece": "organigramme"},
 {"code": "ordre", "libelle": "Ordre de l'autorité", "mode": "rang_autorite",
  "valeurs": {"1": 10, "2": 6, "3": 3}},
 {"code": "anciennete", "libelle": "Ancienneté dans la catégorie", "mode": "anciennete",
  "source": "categorie", "points_par_an": 1, "prorata": "mois"}],
 "departage": ["anciennete_categorie", "age"]}"#;

const PDF: &[u8] = b"%PDF-1.4\n% piece de test\n%%EOF\n";

fn code(r: &Reponse) -> String {
    r.json()["erreur"]["code"].as_str().unwrap_or("").to_owned()
}

/// Arrondi à deux décimales (affichage du contrat).
fn deux(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Ajoute la collectivité affiliée C4 « Firminy » et quatre techniciens principaux de 1re
/// classe titulaires depuis le 01/08/2016 (promouvables ingénieur au choix au 01/01/2027 :
/// plus de 8 ans, décret n° 2016-201 art. 10) : A6 Lefèvre Élise (C2, née le 01/03/1982),
/// A7 Garnier Marc (C2, né le 15/06/1975), A10 Masson Luc (C4, né le 01/01/1980), A11
/// d'Estienne Zoé (C1, née le 01/01/1980).
async fn completer(app: &TestApp) {
    let mut lot = LotImport::default();
    lot.collectivites.push(Collectivite {
        code: "C4".into(),
        nom: "Firminy".into(),
        type_collectivite: "commune".into(),
        population: Some(17_000),
        affiliee: true,
    });
    for (matricule, collectivite, nom, prenom, naissance) in [
        ("A6", "C2", "Lefèvre", "Élise", date(1982, 3, 1)),
        ("A7", "C2", "Garnier", "Marc", date(1975, 6, 15)),
        ("A10", "C4", "Masson", "Luc", date(1980, 1, 1)),
        ("A11", "C1", "d'Estienne", "Zoé", date(1980, 1, 1)),
    ] {
        lot.ajouter_agent(
            FicheAgent {
                matricule: matricule.into(),
                code_collectivite: collectivite.into(),
                nom: nom.into(),
                prenom: prenom.into(),
            },
            &Agent {
                date_naissance: Some(naissance),
                periodes: vec![crate::campagne::periode(
                    date(2016, 8, 1),
                    "technicien_principal_1re_classe",
                )],
                ..Default::default()
            },
        );
    }
    app.store
        .enregistrer(&lot, "tests", &Acteur::systeme("tests"), &mut |_, _| {})
        .await
        .unwrap();
    // Sexe renseigné pour les indicateurs (A4 et A10 : inconnu).
    for (matricule, sexe) in [
        ("A1", "femme"),
        ("A6", "femme"),
        ("A7", "homme"),
        ("A11", "femme"),
    ] {
        app.store
            .definir_sexe(&Acteur::systeme("tests"), matricule, Some(sexe))
            .await
            .unwrap()
            .unwrap();
    }
}

/// Propose (ingénieur au choix), joint les pièces, transmet ; rend l'identifiant.
pub async fn proposer(c: &mut Client, matricule: &str, rang: u32, dossier: Value) -> i64 {
    let corps = json!({"matricule": matricule, "cible": "ingenieur", "voie": "choix",
                       "rang": rang, "dossier": dossier})
    .to_string();
    let r = c
        .post_json("/api/v1/campagnes/2027/propositions", &corps)
        .await;
    assert_eq!(r.statut, StatusCode::CREATED, "{matricule} : {}", r.corps);
    let id = r.json()["id"].as_i64().unwrap();
    for t in ["crep", "organigramme", "attestation_formation_cnfpt"] {
        let r = c
            .put_pdf(&format!("/api/v1/propositions/{id}/pieces/{t}"), PDF)
            .await;
        assert_eq!(r.statut, StatusCode::CREATED, "{}", r.corps);
    }
    let r = c
        .post(&format!("/api/v1/propositions/{id}/transmission"))
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    id
}

/// Points d'un critère dans une cotation.
fn points(cotation: &Value, critere: &str) -> f64 {
    cotation["lignes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["critere"] == critere)
        .unwrap_or_else(|| panic!("ligne {critere} absente : {cotation}"))["points"]
        .as_f64()
        .unwrap()
}

/// La suite de l'histoire. À l'entrée : campagne 2027 (dépôt clos le 18/12/2026), grille
/// version 1 (`campagne::GRILLE`), propositions transmises `id_a1` (A1, ingénieur au choix,
/// rang 1, CREP et attestation du CNFPT jointes, pas d'organigramme) et `id_a4` (A4,
/// ingénieur après examen, sans pièce), brouillon `id_a5`.
pub async fn suite_centre_de_gestion(app: &TestApp, id_a1: i64, id_a4: i64, id_a5: i64) {
    let m = app.moteur;
    completer(app).await;
    let mut gestionnaire = app.client("gestionnaire").await;
    let mut rh1 = app.client("collectivite1").await;
    let mut rh2 = app.client("collectivite2").await;
    let mut commission = app.client("commission").await;
    let mut admin = app.client("admin").await;

    // --- Dépôts tardifs simulés dans la période (10/12/2026) : C2 propose A6 (rang 1) et A7
    // (rang 2) ; le gestionnaire, pour C4 et C1, A10 (rang 2 de C4) et A11 (rang 4 de C1).
    app.horloge.fixer_au(date(2026, 12, 10));
    let id_a6 = proposer(
        &mut rh2,
        "A6",
        1,
        json!({"crep": ["excellent", "excellent", "excellent", "excellent", "excellent", "excellent"],
               "agents_encadres": 4}),
    )
    .await;
    let id_a7 = proposer(
        &mut rh2,
        "A7",
        2,
        json!({"crep": ["maitrise", "maitrise", "maitrise", "maitrise", "maitrise"],
               "agents_encadres": 4}),
    )
    .await;
    let id_a10 = proposer(
        &mut gestionnaire,
        "A10",
        2,
        json!({"crep": ["maitrise", "maitrise", "maitrise", "maitrise", "maitrise"],
               "agents_encadres": 4}),
    )
    .await;
    let id_a11 = proposer(
        &mut gestionnaire,
        "A11",
        4,
        json!({"crep": ["excellent", "excellent", "excellent", "excellent", "excellent"],
               "agents_encadres": 6}),
    )
    .await;
    app.horloge.fixer_au(date(2027, 1, 15));

    // --- Instruction.
    let u = |id: i64| format!("/api/v1/propositions/{id}/instruction");
    assert_eq!(rh1.post(&u(id_a1)).await.statut, StatusCode::FORBIDDEN);
    let r = gestionnaire.post(&u(id_a5)).await;
    assert_eq!(r.statut, StatusCode::CONFLICT);
    assert_eq!(code(&r), "proposition_non_transmise");
    let r = gestionnaire
        .post("/api/v1/campagnes/2027/instruction")
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
    let b = r.json();
    // Six transmises : les formations d'aucun agent ne sont enregistrées, le moteur ne peut
    // pas conclure (point à vérifier), sauf A4, sans l'attestation du CNFPT (décret
    // n° 2008-512 art. 16 ; guide CDG Martinique §I.E) : irrecevable.
    assert_eq!(b["instruites"], 6, "{b}");
    assert_eq!(b["irrecevables"], 1, "{b}");
    assert_eq!(b["a_verifier"], 5, "{b}");
    let r = rh1.get(&format!("/api/v1/propositions/{id_a4}")).await;
    let a4 = r.json();
    assert_eq!(a4["statut"], "irrecevable", "l'employeur voit le résultat");
    let motif = a4["motifs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["code"] == "attestation_formation_absente")
        .cloned()
        .unwrap_or_else(|| panic!("motif attendu : {a4}"));
    assert!(
        motif["reference"].as_str().unwrap().contains("2008-512"),
        "{motif}"
    );
    let r = rh1
        .get(&format!("/api/v1/propositions/{id_a4}/instructions"))
        .await;
    assert_eq!(r.json()["instructions"][0]["nature"], "automatique");
    assert_eq!(r.json()["instructions"][0]["decidee_par"], "gestionnaire");
    let r = rh2
        .get(&format!("/api/v1/propositions/{id_a4}/instructions"))
        .await;
    assert_eq!(r.statut, StatusCode::NOT_FOUND);
    // La file de travail.
    let r = gestionnaire
        .get("/api/v1/campagnes/2027/instruction?etat=a_verifier")
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    let f = r.json();
    assert_eq!(f["compteurs"]["a_verifier"], 5);
    assert_eq!(f["compteurs"]["irrecevable"], 1);
    assert_eq!(f["compteurs"]["a_instruire"], 0);
    assert_eq!(f["dossiers"].as_array().unwrap().len(), 5);
    assert_eq!(
        f["dossiers"][0]["a_verifier"][0]["code"],
        "formation_non_evaluee"
    );
    // Une proposition instruite (ici irrecevable) ne se réinstruit pas automatiquement : une
    // nouvelle décision doit être motivée (une proposition « à vérifier », restée transmise,
    // peut l'être, par exemple après correction de la carrière).
    let r = gestionnaire.post(&u(id_a4)).await;
    assert_eq!(r.statut, StatusCode::CONFLICT);
    assert_eq!(code(&r), "deja_instruite");
    let r = gestionnaire
        .post_json(
            &u(id_a1),
            r#"{"decision": "recevable", "justification": "  "}"#,
        )
        .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["erreur"]["chemin"], "/justification");
    for id in [id_a1, id_a6, id_a7, id_a10, id_a11] {
        let r = gestionnaire
            .post_json(
                &u(id),
                r#"{"decision": "recevable", "justification": "Attestations du CNFPT jointes et contrôlées : obligations de formation remplies."}"#,
            )
            .await;
        assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
        assert_eq!(r.json()["statut"], "recevable");
        assert_eq!(r.json()["nature"], "manuelle");
    }
    let r = rh1
        .get(&format!("/api/v1/propositions/{id_a1}/instructions"))
        .await;
    let h = r.json()["instructions"].as_array().unwrap().clone();
    assert_eq!(h.len(), 2, "les deux décisions sont gardées");
    assert_eq!(h[1]["statut"], "recevable");
    assert!(
        h[1]["justification"]
            .as_str()
            .unwrap()
            .starts_with("Attestations")
    );

    // --- Grille : version 2, versions gardées, aperçu.
    let r = gestionnaire
        .put_json("/api/v1/campagnes/2027/grille", GRILLE_V2)
        .await;
    assert_eq!(r.json()["version"], 2);
    let r = rh1.get("/api/v1/campagnes/2027/grilles").await;
    let vs = r.json()["versions"].as_array().unwrap().clone();
    assert_eq!(vs.len(), 2);
    assert_eq!(vs[0]["version"], 1);
    assert_eq!(vs[1]["criteres"], 4);
    let fausse = GRILLE_V2.replace(r#""mode": "par_unite""#, r#""mode": "par_agent""#);
    let r = gestionnaire
        .post_json("/api/v1/campagnes/2027/grille/apercu", &fausse)
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    let a = r.json();
    assert_eq!(a["valide"], false);
    assert_eq!(a["erreurs"][0]["chemin"], "/criteres/1/mode");
    let message = a["erreurs"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("encadrement") && message.contains("par_agent"),
        "l'erreur nomme le critère et le champ : {message}"
    );
    let r = gestionnaire
        .post_json("/api/v1/campagnes/2027/grille/apercu", GRILLE_V2)
        .await;
    let a = r.json();
    assert_eq!(a["valide"], true, "{a}");
    assert_eq!(a["apercu"].as_array().unwrap().len(), 5);

    // --- Cotations (grille version 2), enregistrées.
    let r = rh1.post("/api/v1/campagnes/2027/cotations").await;
    assert_eq!(r.statut, StatusCode::FORBIDDEN);
    let r = gestionnaire.post("/api/v1/campagnes/2027/cotations").await;
    assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
    assert_eq!(r.json()["grille_version"], 2);
    assert_eq!(r.json()["cotees"], 5);
    // A1 : ligne « crep » (somme) : maîtrise 2 + excellent 3 + maîtrise 2 + à développer 1 +
    // maîtrise 2 = 10 ; ligne « encadrement » : 6 agents × 0,5 = 3, mais l'organigramme n'est
    // pas produit → 0 ; ligne « ordre » : rang 1 → 10 ; ligne « ancienneté » : catégorie B
    // depuis le 01/09/2012, 14 ans et 4 mois au 31/12/2026 = 172 mois ÷ 12 × 1 = 14,33.
    // Total : 10 + 0 + 10 + 172/12 = 34,33.
    let r = rh1
        .get(&format!("/api/v1/propositions/{id_a1}/cotation"))
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
    let k = r.json();
    assert_eq!(k["grille_version"], 2);
    assert_eq!(k["enregistree"], true);
    assert_eq!(points(&k, "crep"), 10.0);
    assert_eq!(points(&k, "encadrement"), 0.0);
    assert_eq!(points(&k, "ordre"), 10.0);
    assert_eq!(points(&k, "anciennete"), deux(172.0 / 12.0));
    assert_eq!(k["total"], deux(10.0 + 10.0 + 172.0 / 12.0));
    let enc = k["lignes"][1]["explication"].as_str().unwrap();
    assert!(enc.contains("pièce non produite"), "{enc}");
    // Avec la version 1 (sans l'ancienneté), calculée sans être enregistrée : 20.
    let r = gestionnaire
        .get(&format!("/api/v1/propositions/{id_a1}/cotation?version=1"))
        .await;
    assert_eq!(r.json()["total"], 20.0);
    assert_eq!(r.json()["enregistree"], false);
    // A6 : 6 « excellent » = 18, plafonné à 15 (max de la ligne) ; 4 × 0,5 = 2 ; rang 1 →
    // 10 ; nommé le 01/08/2016 : 10 ans et 5 mois = 125 mois ÷ 12 = 10,42 (l'exemple de
    // l'issue). Total 15 + 2 + 10 + 125/12 = 37,42.
    let r = rh2
        .get(&format!("/api/v1/propositions/{id_a6}/cotation"))
        .await;
    let k6 = r.json();
    assert_eq!(points(&k6, "crep"), 15.0);
    assert_eq!(points(&k6, "anciennete"), 10.42);
    assert_eq!(k6["total"], deux(27.0 + 125.0 / 12.0));
    assert_eq!(
        rh2.get(&format!("/api/v1/propositions/{id_a1}/cotation"))
            .await
            .statut,
        StatusCode::NOT_FOUND
    );
    let r = rh1
        .get(&format!("/api/v1/propositions/{id_a4}/cotation"))
        .await;
    assert_eq!(r.statut, StatusCode::CONFLICT);
    assert_eq!(code(&r), "non_recevable");

    // --- Classement de l'ingénieur au choix : 4 postes (quota calculé par
    // `campagne_de_bout_en_bout`). Totaux : A6 37,42 ; A1 34,33 ; A7 (rang 2 de C2) :
    // 5 × maîtrise 10 + 2 + 6 + 125/12 = 28,42 ; A10 (rang 2 de C4) : le même total ; A11
    // (rang 4 de C1, 0 point) : 15 + 3 + 0 + 125/12 = 28,42 aussi. Même ancienneté dans la
    // catégorie (01/08/2016) : la seconde clé, l'âge, place A7 (1975) devant ; A10 et A11
    // sont nés le même jour : ex aequo exacts, à cheval sur le 4e et dernier poste.
    let r = gestionnaire
        .get("/api/v1/campagnes/2027/classement?cible=ingenieur&voie=choix")
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
    let c = r.json();
    assert_eq!(c["postes"], 4, "{c}");
    assert_eq!(c["grille_version"], 2);
    let lignes = c["classement"].as_array().unwrap().clone();
    let ordre: Vec<(u64, String)> = lignes
        .iter()
        .map(|l| {
            (
                l["rang"].as_u64().unwrap(),
                l["matricule"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        &ordre[..3],
        &[(1, "A6".into()), (2, "A1".into()), (3, "A7".into())]
    );
    let mut quatriemes: Vec<&str> = ordre[3..].iter().map(|(_, m)| m.as_str()).collect();
    quatriemes.sort();
    assert_eq!(quatriemes, vec!["A10", "A11"]);
    assert!(ordre[3..].iter().all(|(r, _)| *r == 4), "{ordre:?}");
    assert_eq!(lignes[0]["total"], deux(27.0 + 125.0 / 12.0));
    let departage = lignes[2]["departage"].as_str().unwrap_or("");
    assert!(
        departage.contains("âge"),
        "A7 départagé par l'âge : {departage}"
    );
    assert_eq!(lignes[2]["ex_aequo"], false);
    assert_eq!(lignes[2]["retenu"], true);
    assert!(
        lignes[3..]
            .iter()
            .all(|l| l["ex_aequo"] == true && l["a_departager"] == true)
    );
    let mut limite: Vec<String> = c["egalite_a_la_limite"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect();
    limite.sort();
    let mut attendus = vec![id_a10.to_string(), id_a11.to_string()];
    attendus.sort();
    assert_eq!(limite, attendus);
    assert_eq!(
        rh1.get("/api/v1/campagnes/2027/classement?cible=ingenieur&voie=choix")
            .await
            .statut,
        StatusCode::FORBIDDEN
    );

    // --- Vue anonyme de la commission : ni nom, ni matricule, ni collectivité, ni date de
    // naissance ; codes stables.
    let r = commission
        .get("/api/v1/campagnes/2027/classement?cible=ingenieur&voie=choix&anonyme=false")
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    let anonyme = r.json();
    assert_eq!(anonyme["anonyme"], true);
    for interdit in [
        "Durand",
        "Lefèvre",
        "Garnier",
        "Masson",
        "Estienne",
        "Hélène",
        "\"A1\"",
        "\"A6\"",
        "\"C1\"",
        "\"C2\"",
        "\"C4\"",
        "Saint-Étienne",
        "Roanne",
        "Firminy",
        "1975",
        "1980",
        "1978",
        "1982",
    ] {
        assert!(!r.corps.contains(interdit), "{interdit} dans : {}", r.corps);
    }
    let codes: Vec<String> = anonyme["classement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            assert_eq!(l["proposition"], Value::Null);
            l["code_anonyme"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(codes.iter().all(|c| c.starts_with("PI27-")), "{codes:?}");
    let r = gestionnaire
        .get("/api/v1/campagnes/2027/classement?cible=ingenieur&voie=choix&anonyme=true")
        .await;
    let codes_gestionnaire: Vec<String> = r.json()["classement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["code_anonyme"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, codes_gestionnaire, "codes stables");
    assert_eq!(lignes[0]["code_anonyme"], codes[0]);

    // --- Liste d'aptitude.
    let liste = |corps: Value| {
        let mut g = gestionnaire.clone();
        async move {
            g.post_json("/api/v1/campagnes/2027/listes", &corps.to_string())
                .await
        }
    };
    let r = liste(json!({"cible": "ingenieur"})).await;
    assert_eq!(r.statut, StatusCode::CONFLICT, "{m} : {}", r.corps);
    assert_eq!(code(&r), "ex_aequo");
    let message = r.json()["erreur"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains(&id_a10.to_string()) && message.contains(&id_a11.to_string()),
        "{message}"
    );
    let r = liste(json!({"cible": "ingenieur", "departage_manuel": [id_a11, id_a10]})).await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["erreur"]["chemin"], "/justification");
    let r = liste(json!({"cible": "ingenieur", "departage_manuel": [id_a11, id_a10],
        "justification": "Mme d'Estienne encadre déjà une équipe technique de six agents (avis de la commission du 20/01/2027)."}))
    .await;
    assert_eq!(r.statut, StatusCode::CREATED, "{m} : {}", r.corps);
    let l = r.json();
    assert_eq!(l["postes"], 4);
    assert_eq!(l["date_effet"], "2027-03-01");
    assert_eq!(l["grille_version"], 2);
    // Ordre alphabétique français (seed 002 §II.D), la particule « d' » ignorée :
    // Durand, (d')Estienne, Garnier, Lefèvre.
    let noms: Vec<&str> = l["inscrits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["nom"].as_str().unwrap())
        .collect();
    assert_eq!(noms, vec!["Durand", "d'Estienne", "Garnier", "Lefèvre"]);
    let r = liste(json!({"cible": "ingenieur"})).await;
    assert_eq!(r.statut, StatusCode::CONFLICT);
    assert_eq!(code(&r), "liste_etablie");
    let r = rh1.get(&format!("/api/v1/propositions/{id_a11}")).await;
    assert_eq!(r.json()["statut"], "inscrite");
    let r = gestionnaire
        .get(&format!("/api/v1/propositions/{id_a10}"))
        .await;
    assert_eq!(r.json()["statut"], "non_retenue");
    // Publication : avant elle, la collectivité ne voit pas la liste.
    let u_liste = "/api/v1/campagnes/2027/listes/ingenieur";
    assert_eq!(rh1.get(u_liste).await.statut, StatusCode::NOT_FOUND);
    // Avant la publication, l'arrêté se prépare (centre de gestion seulement) mais la liste
    // publique, datée de sa publication, n'existe pas encore.
    let u_arrete = "/api/v1/campagnes/2027/listes/ingenieur/arrete.pdf";
    assert_eq!(gestionnaire.get(u_arrete).await.statut, StatusCode::OK);
    assert_eq!(rh1.get(u_arrete).await.statut, StatusCode::NOT_FOUND);
    let r = gestionnaire
        .get("/api/v1/campagnes/2027/listes/ingenieur/liste.pdf")
        .await;
    assert_eq!(r.statut, StatusCode::CONFLICT, "{m} : {}", r.corps);
    assert_eq!(code(&r), "liste_non_publiee");
    let r = gestionnaire
        .post("/api/v1/campagnes/2027/listes/ingenieur/publication")
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    assert_eq!(r.json()["publiee"], true);
    let r = gestionnaire
        .post("/api/v1/campagnes/2027/listes/ingenieur/publication")
        .await;
    assert_eq!(code(&r), "liste_publiee");
    let r = rh1.get(u_liste).await;
    assert_eq!(r.statut, StatusCode::OK);
    assert_eq!(r.json()["inscrits"].as_array().unwrap().len(), 4);
    // La publication inscrit les quatre au registre des inscriptions (vie de la liste) :
    // inscription à la date d'effet, 01/03/2027 ; deux ans, jusqu'au 28/02/2029.
    let r = gestionnaire
        .get("/api/v1/inscriptions?annee=2027&cible=ingenieur")
        .await;
    let registre = r.json();
    assert_eq!(registre["total"], 4, "{m} : {registre}");
    let noms: Vec<&str> = registre["inscriptions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["nom"].as_str().unwrap())
        .collect();
    assert_eq!(
        noms,
        vec!["Durand", "d'Estienne", "Garnier", "Lefèvre"],
        "{m}"
    );
    assert_eq!(registre["inscriptions"][0]["inscription"], "2027-03-01");
    assert_eq!(registre["inscriptions"][0]["fin_validite"], "2029-02-28");
    assert_eq!(commission.get(u_liste).await.statut, StatusCode::FORBIDDEN);
    // Après la liste, le classement reste lisible, sous la version qui l'a établie.
    let r = gestionnaire
        .get("/api/v1/campagnes/2027/classement?cible=ingenieur&voie=choix")
        .await;
    assert_eq!(r.json()["liste_etablie"], true);
    assert_eq!(r.json()["grille_version"], 2);

    // --- Pages : file de travail, dossier, classement anonyme imprimable, liste.
    let r = gestionnaire
        .get("/campagnes/2027/instruction?etat=inscrite")
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    assert!(r.corps.contains(&format!("Dossier n° {id_a11}")));
    assert!(!r.corps.contains(&format!("Dossier n° {id_a10}")), "filtre");
    let r = gestionnaire
        .get(&format!("/propositions/{id_a1}/instruction"))
        .await;
    assert_eq!(r.statut, StatusCode::OK);
    assert!(r.corps.contains("34,33 points"), "{}", r.corps);
    assert!(r.corps.contains("pièce non produite"));
    assert!(r.corps.contains("Attestations du CNFPT jointes"));
    let r = commission
        .get("/campagnes/2027/classement?cible=ingenieur&voie=choix")
        .await;
    assert_eq!(r.statut, StatusCode::OK);
    assert!(r.corps.contains("Classement anonyme"));
    for interdit in [
        "Durand",
        "Lefèvre",
        "Garnier",
        "Masson",
        "Estienne",
        "Saint-Étienne",
    ] {
        assert!(
            !r.corps.contains(interdit),
            "{interdit} dans la page de la commission"
        );
    }
    assert!(r.corps.contains(&codes[0]));
    let r = rh1.get("/campagnes/2027/listes/ingenieur").await;
    assert_eq!(r.statut, StatusCode::OK);
    let tableau = &r.corps[r.corps.find("<table").unwrap()..];
    let i = |nom: &str| tableau.find(nom).unwrap_or_else(|| panic!("{nom} absent"));
    assert!(
        i("Durand") < i("Estienne") && i("Estienne") < i("Garnier") && i("Garnier") < i("Lefèvre")
    );

    // --- Indicateurs (ingénieur) : proposés transmis A1 (femme), A4 (inconnu), A6 (femme),
    // A7 (homme), A10 (inconnu), A11 (femme) → 3 femmes, 1 homme, 2 non renseignés, part des
    // femmes 3/4 ; inscrits A1, A6, A7, A11 → 3 femmes, 1 homme.
    let r = gestionnaire.get("/api/v1/campagnes/2027/indicateurs").await;
    assert_eq!(r.statut, StatusCode::OK, "{m} : {}", r.corps);
    let ind = r.json();
    let ing = ind["egalite"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["cible"] == "ingenieur")
        .cloned()
        .unwrap();
    assert_eq!(ing["propositions"]["femmes"], 3, "{ing}");
    assert_eq!(ing["propositions"]["hommes"], 1);
    assert_eq!(ing["propositions"]["non_renseigne"], 2);
    assert_eq!(ing["propositions"]["part_femmes"], 0.75);
    assert_eq!(ing["inscrits"]["femmes"], 3);
    assert_eq!(ing["inscrits"]["hommes"], 1);
    let c4 = ind["propositions_par_collectivite"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["collectivite"] == "C4")
        .cloned()
        .unwrap();
    assert_eq!(c4["proposes"], 1, "{c4}");
    assert_eq!(
        rh1.get("/api/v1/campagnes/2027/indicateurs").await.statut,
        StatusCode::FORBIDDEN
    );

    // --- Journal : instruction, cotation, liste, avec leur auteur.
    let r = admin
        .get("/api/v1/journal?objet=liste:2027:ingenieur")
        .await;
    let actions: Vec<(String, String)> = r.json()["journal"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_owned(),
                e["utilisateur"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        vec![
            ("liste.etablir".to_owned(), "gestionnaire".to_owned()),
            ("liste.publier".to_owned(), "gestionnaire".to_owned()),
        ]
    );
    let r = admin
        .get(&format!("/api/v1/journal?objet=proposition:{id_a1}"))
        .await;
    let actions: Vec<String> = r.json()["journal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    for a in ["proposition.instruire", "cotation.enregistrer"] {
        assert!(actions.iter().any(|x| x == a), "{a} absent : {actions:?}");
    }
    // --- Documents édités (arrêté, liste publique, lettres, fiches, tableurs).
    crate::documents::documents_de_la_campagne(app, id_a1, id_a4).await;
}
