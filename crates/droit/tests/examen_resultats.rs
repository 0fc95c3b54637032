//! Commande `examen-resultats` : admissibilité, admission, classement et liste d'aptitude de
//! l'examen professionnel d'ingénieur en chef territorial. Chaque test cite la question de la
//! FAQ du CNFPT (FAQ CNFPT ingénieur en chef), le décret 2016-208 ou la référence juridique §4.

use droit::commandes::executer;
use droit::examen::{self, InscriptionListe, ReponseResultats};
use serde_json::{Value, json};

fn jury_regulier() -> Value {
    let mut j = Vec::new();
    for q in [
        "fonctionnaire_territorial",
        "personnalite_qualifiee",
        "elu_local",
    ] {
        for _ in 0..3 {
            j.push(json!({"qualite": q}));
        }
    }
    Value::Array(j)
}

fn demande(postes: u32, candidats: Value) -> Value {
    json!({"session": 2026, "postes": postes, "seuil_admissibilite": 10,
           "admis_concours_session_precedente": 23, "jury": jury_regulier(),
           "candidats": candidats})
}

fn lancer(d: &Value) -> ReponseResultats {
    let v = executer("examen-resultats", &d.to_string()).expect("entrée valide");
    serde_json::from_value(v).expect("réponse conforme")
}

fn erreur(d: &Value) -> droit::ErreurEntree {
    executer("examen-resultats", &d.to_string()).expect_err("entrée invalide")
}

fn candidat<'a>(r: &'a ReponseResultats, id: &str) -> &'a examen::CandidatEvalue {
    r.candidats.iter().find(|c| c.id == id).expect("candidat")
}

// ---- Forme minimale du contrat ----

#[test]
fn contrat_entree_minimale_acceptee() {
    // Contrat v1 § examen-resultats : session, postes, seuil, candidats (id et deux notes).
    let d = json!({"session": 2026, "postes": 2, "seuil_admissibilite": 10, "candidats": [
        {"id": "c1", "note_dossier": 14.5, "note_entretien": 12}]});
    let r = lancer(&d);
    assert_eq!(r.admissibles, vec!["c1"]);
    assert_eq!(r.admis, vec!["c1"]);
    assert_eq!(r.classement.len(), 1);
    // Jury et plafond non fournis : non vérifiés, signalés.
    assert!(r.conditions.iter().all(|c| c.satisfaite.is_none()));
    assert_eq!(r.a_verifier.len(), 3, "{:?}", r.a_verifier);
}

// ---- Q27 : épreuves, coefficients ----

#[test]
fn q27_total_pondere_dossier_3_entretien_5() {
    // FAQ CNFPT ingénieur en chef Q27 ; décret 2016-208 art. 1er : dossier coefficient 3, entretien de 40 min
    // coefficient 5. 14,5 × 3 + 12 × 5 = 103,5 sur 160 ; moyenne 103,5 / 8 = 12,9375.
    let r = lancer(&demande(
        2,
        json!([{"id": "c1", "note_dossier": 14.5, "note_entretien": 12}]),
    ));
    assert_eq!(r.coefficients.dossier, 3);
    assert_eq!(r.coefficients.entretien, 5);
    assert_eq!(r.coefficients.duree_entretien_minutes, 40);
    let l = &r.classement[0];
    assert_eq!(l.total, 103.5);
    assert_eq!(l.moyenne, 12.938);
}

// ---- Admissibilité (référence §4) ----

#[test]
fn note_de_dossier_inferieure_a_5_eliminatoire() {
    // Référence §4 (S sec, unsa-msp) : une note de dossier inférieure à 5/20 élimine, même
    // quand le jury fixe un seuil plus bas.
    let mut d = demande(2, json!([{"id": "c1", "note_dossier": 4.75}]));
    d["seuil_admissibilite"] = json!(4);
    let r = lancer(&d);
    assert!(r.admissibles.is_empty());
    let c = candidat(&r, "c1");
    assert!(!c.admissible);
    assert!(c.motifs[0].contains("éliminatoire"));
    let cond = c
        .conditions
        .iter()
        .find(|x| x.code == "note_eliminatoire_dossier")
        .unwrap();
    assert_eq!(cond.satisfaite, Some(false));
    assert!(cond.verifie);
}

#[test]
fn seuil_d_admissibilite_fixe_par_le_jury() {
    // Référence §4 : le jury fixe le seuil d'admissibilité (fait R : verifie false).
    let r = lancer(&demande(
        2,
        json!([{"id": "a", "note_dossier": 9.99}, {"id": "b", "note_dossier": 10}]),
    ));
    assert_eq!(r.admissibles, vec!["b"]);
    let cond = candidat(&r, "a")
        .conditions
        .iter()
        .find(|x| x.code == "seuil_admissibilite")
        .unwrap();
    assert_eq!(cond.satisfaite, Some(false));
    assert!(!cond.verifie);
    assert!(
        cond.requis
            .contains("règle non vérifiée sur le texte en vigueur")
    );
}

#[test]
fn non_admissible_ne_peut_avoir_de_note_d_entretien() {
    // FAQ CNFPT ingénieur en chef Q28 : seuls les admissibles sont convoqués à l'entretien.
    let e = erreur(&demande(
        2,
        json!([{"id": "a", "note_dossier": 8, "note_entretien": 15}]),
    ));
    assert_eq!(e.code, "note_incoherente");
    assert_eq!(e.chemin, "/candidats/0/note_entretien");
}

#[test]
fn admissible_sans_note_d_entretien_ni_classe_ni_admis() {
    // FAQ CNFPT ingénieur en chef Q27 : l'admission suppose l'entretien ; donnée absente, pas de supposition.
    let r = lancer(&demande(2, json!([{"id": "a", "note_dossier": 13}])));
    assert_eq!(r.admissibles, vec!["a"]);
    assert!(r.admis.is_empty() && r.classement.is_empty());
}

// ---- Admission (référence §0.5 et §4, faits R) ----

#[test]
fn note_d_entretien_inferieure_a_5_eliminatoire_non_verifiee() {
    // Référence §4 : l'élimination sous 5 à l'entretien est R. 20 × 3 + 4,5 × 5 = 82,5 :
    // moyenne 10,3 ≥ 10 mais note d'entretien éliminatoire.
    let r = lancer(&demande(
        2,
        json!([{"id": "a", "note_dossier": 20, "note_entretien": 4.5}]),
    ));
    assert!(r.admis.is_empty());
    let c = candidat(&r, "a");
    let cond = c
        .conditions
        .iter()
        .find(|x| x.code == "note_eliminatoire_entretien")
        .unwrap();
    assert_eq!(cond.satisfaite, Some(false));
    assert!(!cond.verifie);
    assert!(c.motifs.iter().any(|m| m.contains("non vérifiée")));
}

#[test]
fn moyenne_inferieure_a_10_non_admis() {
    // Référence §0.5 (R pour cet examen) : admission à 10/20 de moyenne, soit 80 sur 160.
    // 10 × 3 + 9 × 5 = 75 < 80 ; 10 × 3 + 10 × 5 = 80 admis.
    let r = lancer(&demande(
        3,
        json!([{"id": "a", "note_dossier": 10, "note_entretien": 9},
               {"id": "b", "note_dossier": 10, "note_entretien": 10}]),
    ));
    assert_eq!(r.admis, vec!["b"]);
    let cond = candidat(&r, "a")
        .conditions
        .iter()
        .find(|x| x.code == "moyenne_admission")
        .unwrap();
    assert_eq!(cond.satisfaite, Some(false));
    assert!(!cond.verifie);
}

// ---- Classement et départage ----

#[test]
fn classement_par_total_puis_entretien() {
    // Règle de départage documentée (docs/examen-ingenieur-en-chef.md) : à total égal, la
    // meilleure note d'entretien. a : 12 × 3 + 14 × 5 = 106 ; b : 16 × 3 + 11,6 × 5 = 106 ;
    // c : 15 × 3 + 15 × 5 = 120.
    let r = lancer(&demande(
        3,
        json!([{"id": "b", "note_dossier": 16, "note_entretien": 11.6},
               {"id": "a", "note_dossier": 12, "note_entretien": 14},
               {"id": "c", "note_dossier": 15, "note_entretien": 15}]),
    ));
    let ordre: Vec<&str> = r.classement.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ordre, vec!["c", "a", "b"]);
    let rangs: Vec<u32> = r.classement.iter().map(|l| l.rang).collect();
    assert_eq!(rangs, vec![1, 2, 3]);
    assert!(r.classement.iter().all(|l| !l.ex_aequo));
    assert!(r.regle_departage.contains("entretien"));
}

#[test]
fn q25_admis_dans_la_limite_des_postes() {
    // FAQ CNFPT ingénieur en chef Q25 : les admis sont pris dans l'ordre du classement dans la limite des postes.
    let r = lancer(&demande(
        2,
        json!([{"id": "a", "note_dossier": 12, "note_entretien": 12},
               {"id": "b", "note_dossier": 14, "note_entretien": 14},
               {"id": "c", "note_dossier": 13, "note_entretien": 13}]),
    ));
    assert_eq!(r.admis, vec!["b", "c"]);
    let a = candidat(&r, "a");
    assert!(!a.admis && a.rang == Some(3));
    assert!(a.motifs.iter().any(|m| m.contains("au-delà")));
}

#[test]
fn ex_aequo_sur_le_dernier_poste_renvoye_au_jury() {
    // Règle de départage documentée : des ex aequo parfaits (mêmes notes) pour le dernier
    // poste ne sont pas admis d'office, le jury les départage ; le nombre d'admis ne dépasse
    // jamais les postes (Q25).
    let r = lancer(&demande(
        2,
        json!([{"id": "a", "note_dossier": 15, "note_entretien": 15},
               {"id": "b", "note_dossier": 12, "note_entretien": 12},
               {"id": "c", "note_dossier": 12, "note_entretien": 12}]),
    ));
    assert_eq!(r.admis, vec!["a"]);
    let rangs: Vec<(String, u32, bool)> = r
        .classement
        .iter()
        .map(|l| (l.id.clone(), l.rang, l.ex_aequo))
        .collect();
    assert_eq!(
        rangs,
        vec![
            ("a".into(), 1, false),
            ("b".into(), 2, true),
            ("c".into(), 2, true)
        ]
    );
    assert!(r.a_verifier.iter().any(|m| m.contains("départager")));
}

#[test]
fn ex_aequo_dans_les_postes_tous_admis() {
    // Règle de départage documentée : des ex aequo qui tiennent tous dans les postes sont
    // tous admis.
    let r = lancer(&demande(
        3,
        json!([{"id": "a", "note_dossier": 15, "note_entretien": 15},
               {"id": "b", "note_dossier": 12, "note_entretien": 12},
               {"id": "c", "note_dossier": 12, "note_entretien": 12}]),
    ));
    assert_eq!(r.admis.len(), 3);
}

#[test]
fn candidat_elimine_ne_prend_ni_rang_ni_poste() {
    // Q25 et référence §4 : a (20 × 3 + 4,9 × 5 = 84,5) a un meilleur total que b
    // (10 × 3 + 10,8 × 5 = 84) mais sa note d'entretien est éliminatoire : b est classé
    // premier et prend l'unique poste.
    let r = lancer(&demande(
        1,
        json!([{"id": "a", "note_dossier": 20, "note_entretien": 4.9},
               {"id": "b", "note_dossier": 10, "note_entretien": 10.8}]),
    ));
    assert_eq!(r.admis, vec!["b"]);
    assert_eq!(r.classement.len(), 1);
    assert_eq!(
        (r.classement[0].id.as_str(), r.classement[0].rang),
        ("b", 1)
    );
    assert_eq!(candidat(&r, "a").rang, None);
}

// ---- Q25 : plafond des postes ----

#[test]
fn q25_postes_au_plafond_de_70_pourcent() {
    // FAQ CNFPT ingénieur en chef Q25 : au plus 70 % des 23 admis aux concours, soit 16,1 : 16 postes.
    let r = lancer(&demande(16, json!([])));
    assert_eq!(r.plafond_postes, Some(16));
    let cond = r
        .conditions
        .iter()
        .find(|c| c.code == "plafond_postes")
        .unwrap();
    assert_eq!(cond.satisfaite, Some(true));
}

#[test]
fn q25_postes_au_dela_du_plafond_erreur() {
    // FAQ CNFPT ingénieur en chef Q25 : 17 postes pour 23 admis aux concours dépasse 70 %.
    let e = erreur(&demande(17, json!([])));
    assert_eq!(e.chemin, "/postes");
    assert!(e.message.contains("70 %") && e.message.contains("question 25"));
}

// ---- Q26 : jury ----

#[test]
fn q26_jury_regulier() {
    // FAQ CNFPT ingénieur en chef Q26 : neuf membres, trois par collège.
    let r = lancer(&demande(1, json!([])));
    let cond = r
        .conditions
        .iter()
        .find(|c| c.code == "composition_jury")
        .unwrap();
    assert_eq!(cond.satisfaite, Some(true));
}

#[test]
fn q26_jury_de_huit_membres_erreur() {
    // FAQ CNFPT ingénieur en chef Q26 : neuf membres ; une autre composition est une erreur.
    let mut d = demande(1, json!([]));
    d["jury"].as_array_mut().unwrap().pop();
    let e = erreur(&d);
    assert_eq!(e.code, "jury_irregulier");
    assert_eq!(e.chemin, "/jury");
    assert!(e.message.contains("question 26"));
}

#[test]
fn q26_jury_mal_reparti_erreur() {
    // FAQ CNFPT ingénieur en chef Q26 : trois fonctionnaires territoriaux, trois personnalités qualifiées,
    // trois élus locaux ; neuf membres dont quatre élus ne conviennent pas.
    let mut d = demande(1, json!([]));
    d["jury"][0] = json!({"qualite": "elu_local", "nom": "M. Durand"});
    let e = erreur(&d);
    assert_eq!(e.code, "jury_irregulier");
    assert!(e.message.contains("4 élu(s)"));
}

// ---- Q30 à Q34 : liste d'aptitude ----

#[test]
fn q33_laureat_sans_donnees_de_formation_non_inscrit() {
    // FAQ CNFPT ingénieur en chef Q30 et Q33 : l'inscription suppose les attestations ; sans elles, formation
    // non établie à jour : pas d'inscription, motif dit et point à vérifier.
    let r = lancer(&demande(
        2,
        json!([{"id": "a", "nom": "Martin", "note_dossier": 14, "note_entretien": 14}]),
    ));
    assert_eq!(r.admis, vec!["a"]);
    assert!(r.liste_aptitude.is_empty());
    let c = candidat(&r, "a");
    assert_eq!(c.inscrit_liste_aptitude, Some(false));
    assert!(c.motifs.iter().any(|m| m.contains("à vérifier")));
    assert!(r.a_verifier.iter().any(|m| m.contains("formation")));
}

#[test]
fn q33_formations_non_renseignees_non_inscrit() {
    // FAQ CNFPT ingénieur en chef Q30 et Q33 ; contrat v1 (`formations` absent : obligations non évaluées) :
    // le lauréat n'est pas inscrit tant que sa formation n'est pas établie à jour.
    let agent = json!({"periodes": [
        {"debut": "2019-01-01", "fin": null, "versant": "territoriale", "statut": "titulaire",
         "grade": "ingenieur_principal", "position": "activite", "fonctions": []}]});
    let r = lancer(&demande(
        2,
        json!([{"id": "a", "nom": "Martin", "note_dossier": 14, "note_entretien": 14, "agent": agent}]),
    ));
    assert_eq!(r.admis, vec!["a"]);
    assert!(r.liste_aptitude.is_empty());
    let c = candidat(&r, "a");
    assert_eq!(c.inscrit_liste_aptitude, Some(false));
    let f = c
        .conditions
        .iter()
        .find(|x| x.code == "formation_professionnalisation")
        .unwrap();
    assert_eq!(f.satisfaite, None);
    assert!(r.a_verifier.iter().any(|m| m.contains("« a »")));
}

#[test]
fn q34_ordre_alphabetique_sans_accents_ni_casse() {
    // FAQ CNFPT ingénieur en chef Q34 : la liste d'aptitude est arrêtée par ordre alphabétique.
    let l = |id: &str, nom: &str, prenom: &str| InscriptionListe {
        id: id.into(),
        nom: Some(nom.into()),
        prenom: Some(prenom.into()),
    };
    let liste = examen::liste_alphabetique(vec![
        l("1", "Martin", "Zoé"),
        l("2", "Éluard", "Paul"),
        l("3", "durand", "Élodie"),
        l("4", "Durand", "Anne"),
        l("5", "Le Goff", "Yann"),
        l("6", "Lefèvre", "Marc"),
    ]);
    let ids: Vec<&str> = liste.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, vec!["4", "3", "2", "6", "5", "1"]);
}

#[test]
fn q30_q34_laureats_a_jour_inscrits_par_ordre_alphabetique() {
    // FAQ CNFPT ingénieur en chef Q30, Q33, Q34 : seuls les lauréats à jour de formation sont inscrits, par ordre
    // alphabétique, quel que soit leur rang. FPPE de 5 jours suivie dans les deux ans de la
    // nomination (Q30) puis FPTLC de 2 jours par période de 5 ans.
    let agent_a_jour = json!({"periodes": [
        {"debut": "2019-01-01", "fin": null, "versant": "territoriale", "statut": "titulaire",
         "grade": "ingenieur_principal", "position": "activite", "fonctions": []}],
        "formations": [{"type": "fppe", "date": "2019-06-01", "jours": 5},
                       {"type": "fptlc", "date": "2022-06-01", "jours": 2}]});
    let agent_sans_formation = json!({"periodes": [
        {"debut": "2019-01-01", "fin": null, "versant": "territoriale", "statut": "titulaire",
         "grade": "ingenieur_principal", "position": "activite", "fonctions": []}],
        "formations": []});
    let r = lancer(&demande(
        3,
        json!([
            {"id": "z", "nom": "Zola", "note_dossier": 16, "note_entretien": 16, "agent": agent_a_jour},
            {"id": "b", "nom": "Bernard", "note_dossier": 12, "note_entretien": 12, "agent": agent_a_jour},
            {"id": "n", "nom": "Blanc", "note_dossier": 14, "note_entretien": 14, "agent": agent_sans_formation}
        ]),
    ));
    assert_eq!(r.admis, vec!["z", "n", "b"]);
    let ids: Vec<&str> = r.liste_aptitude.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, vec!["b", "z"]);
    assert_eq!(candidat(&r, "n").inscrit_liste_aptitude, Some(false));
    assert!(
        candidat(&r, "n")
            .motifs
            .iter()
            .any(|m| m.contains("question"))
    );
}

// ---- Entrées invalides ----

#[test]
fn notes_hors_0_20_erreur_pointee() {
    // Mission : notes sur 20, hors 0..20 → erreur d'entrée avec pointeur.
    for (champ, valeur, chemin) in [
        ("note_dossier", json!(20.5), "/candidats/1/note_dossier"),
        ("note_dossier", json!(-1), "/candidats/1/note_dossier"),
        ("note_entretien", json!(21), "/candidats/1/note_entretien"),
    ] {
        let mut c = json!([{"id": "a", "note_dossier": 12},
                           {"id": "b", "note_dossier": 12, "note_entretien": 12}]);
        c[1][champ] = valeur;
        let e = erreur(&demande(2, c));
        assert_eq!(e.code, "valeur_hors_bornes");
        assert_eq!(e.chemin, chemin);
    }
    let mut d = demande(2, json!([]));
    d["seuil_admissibilite"] = json!(25);
    assert_eq!(erreur(&d).chemin, "/seuil_admissibilite");
}

#[test]
fn identifiant_en_double_erreur() {
    // Un candidat ne peut figurer deux fois au procès-verbal.
    let e = erreur(&demande(
        2,
        json!([{"id": "a", "note_dossier": 12}, {"id": "a", "note_dossier": 13}]),
    ));
    assert_eq!(e.chemin, "/candidats/1/id");
}

#[test]
fn aucun_poste_erreur() {
    // FAQ CNFPT ingénieur en chef Q25 : le nombre de postes est fixé par arrêté ; zéro poste n'ouvre pas
    // d'examen.
    let e = erreur(&demande(0, json!([])));
    assert_eq!(e.chemin, "/postes");
}

fn erreurs_de_schema(commande: &str, sens: &str, doc: &Value) -> Vec<String> {
    let s = droit::commandes::schemas()
        .into_iter()
        .find(|s| s.commande == commande)
        .unwrap();
    let schema = serde_json::to_value(if sens == "entree" { s.entree } else { s.sortie }).unwrap();
    let v = jsonschema::validator_for(&schema).expect("schéma compilable");
    v.iter_errors(doc)
        .map(|e| format!("{} : {e}", e.instance_path()))
        .collect()
}

#[test]
fn entrees_et_reponses_d_examen_respectent_les_schemas() {
    // Contrat v1 : les schémas JSON générés des types Rust décrivent les entrées et les
    // réponses des deux commandes.
    let d = demande(
        2,
        json!([{"id": "a", "nom": "Durand", "note_dossier": 14.5, "note_entretien": 12},
               {"id": "b", "note_dossier": 4}]),
    );
    assert_eq!(
        erreurs_de_schema("examen-resultats", "entree", &d),
        Vec::<String>::new()
    );
    let r = executer("examen-resultats", &d.to_string()).unwrap();
    assert_eq!(
        erreurs_de_schema("examen-resultats", "sortie", &r),
        Vec::<String>::new()
    );
    let d = json!({"session": 2026, "cloture_inscriptions": "2026-03-12", "depot": "2026-03-10",
        "pieces": [{"type": "dossier_inscription_signe"}, {"type": "cv", "pages": 2}],
        "agent": {"periodes": [{"debut": "2015-01-01", "versant": "territoriale",
            "statut": "titulaire", "grade": "ingenieur_principal", "position": "activite"}]}});
    assert_eq!(
        erreurs_de_schema("examen-dossier", "entree", &d),
        Vec::<String>::new()
    );
    let r = executer("examen-dossier", &d.to_string()).unwrap();
    assert_eq!(
        erreurs_de_schema("examen-dossier", "sortie", &r),
        Vec::<String>::new()
    );
    // Un champ inconnu est refusé par le schéma d'entrée comme par la commande.
    let mut d = d;
    d["urgence"] = json!(true);
    assert!(!erreurs_de_schema("examen-dossier", "entree", &d).is_empty());
}
