//! Liste d'aptitude : validité, maintien, suspensions, offres, radiation, établissement.
//! Chaque cas cite la source de la valeur attendue.

use droit::commandes::executer;
use droit::liste_aptitude::{
    CandidatListe, DemandeEtablissementListe, cle_accents, cle_alphabetique, etablir_liste,
    executer_etablissement,
};
use serde_json::{Value, json};

fn liste(entree: Value) -> Value {
    executer("liste-aptitude", &entree.to_string()).expect("réponse attendue")
}

fn erreur(entree: Value) -> droit::ErreurEntree {
    executer("liste-aptitude", &entree.to_string()).expect_err("erreur attendue")
}

#[test]
fn liste_aptitude_validite_deux_ans() {
    // Fiche service-public.fr F17757 / guide CDG Martinique §II.D (validité
    // de deux ans) : inscription le 01/02/2025 → fin de validité le 31/01/2027.
    let r = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "demandes_maintien": [], "suspensions": [], "offres": [], "nomination": null
    }));
    assert_eq!(r["statut"], "inscrit");
    assert_eq!(r["fin_validite"], "2027-01-31");
    assert_eq!(r["motif_radiation"], Value::Null);
    // Fiche service-public.fr F17757 : demande « au moins 1 mois avant la date de fin de votre inscription ».
    assert_eq!(r["prochaine_demande_maintien_avant"], "2026-12-31");
    // FAQ CNFPT ingénieur en chef Q36 : quatre ans au plus.
    assert_eq!(r["fin_validite_maximale"], "2029-01-31");
    assert!(r["explication"].as_str().unwrap().contains("31/12/2026"));
}

#[test]
fn conge_de_maternite_suspend_le_decompte() {
    // FAQ CNFPT ingénieur en chef Q36, 2) congé de maternité : le décompte est suspendu. 120 jours du 01/03 au
    // 28/06/2025 : le terme du 31/01/2027 est reporté de 120 jours, au 31/05/2027.
    let r = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "suspensions": [{"motif": "conge_maternite", "debut": "2025-03-01", "fin": "2025-06-28"}]
    }));
    assert_eq!(r["jours_suspendus"], 120);
    assert_eq!(r["fin_validite"], "2027-05-31");
    assert_eq!(r["prochaine_demande_maintien_avant"], "2027-04-30");
    assert_eq!(r["decompte_suspendu"], false);
}

#[test]
fn suspensions_qui_se_chevauchent_ne_comptent_qu_une_fois() {
    // FAQ CNFPT ingénieur en chef Q36 : mandat d'élu local et congé parental en même temps ; le décompte est
    // suspendu du 01/03 au 30/04/2025, soit 61 jours, une seule fois.
    let r = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "suspensions": [
            {"motif": "mandat_elu_local", "debut": "2025-03-01", "fin": "2025-03-31"},
            {"motif": "conge_parental", "debut": "2025-03-15", "fin": "2025-04-30"}
        ]
    }));
    assert_eq!(r["jours_suspendus"], 61);
    // 31/01/2027 + 61 jours = 02/04/2027.
    assert_eq!(r["fin_validite"], "2027-04-02");
}

#[test]
fn mandat_en_cours_terme_inconnu() {
    // FAQ CNFPT ingénieur en chef Q36, 8) élus locaux « jusqu'au terme de leur mandat » ; mandat sans fin connue :
    // le terme est inconnu (null), jamais supposé.
    let r = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "suspensions": [{"motif": "mandat_elu_local", "debut": "2025-06-01", "fin": null}]
    }));
    assert_eq!(r["statut"], "inscrit");
    assert_eq!(r["fin_validite"], Value::Null);
    assert_eq!(r["prochaine_demande_maintien_avant"], Value::Null);
    assert_eq!(r["decompte_suspendu"], true);
    // Du 01/06 au 01/09/2025 inclus : 93 jours.
    assert_eq!(r["jours_suspendus"], 93);
}

#[test]
fn maintien_pour_la_troisieme_annee_puis_radiation_faute_de_demande() {
    // Entrée du contrat (README § liste-aptitude) : inscription le 15/03/2024, demande reçue le
    // 01/02/2026, avant la limite du 14/02/2026 (un mois avant le terme du 14/03/2026, seed
    // 001) : 3e année jusqu'au 14/03/2027 ; pas de demande pour la 4e : radiation le 15/03/2027.
    let r = liste(json!({
        "inscription": "2024-03-15", "aujourd_hui": "2027-05-01",
        "demandes_maintien": ["2026-02-01"], "suspensions": [], "offres": [], "nomination": null
    }));
    assert_eq!(r["statut"], "radie");
    assert_eq!(r["motif_radiation"], "maintien_non_demande");
    assert_eq!(r["fin_validite"], "2027-03-14");
    assert_eq!(r["date_radiation"], "2027-03-15");
    let e = r["echeances"].as_array().unwrap();
    assert_eq!(e[0]["terme"], "2026-03-14");
    assert_eq!(e[0]["demande_maintien_avant"], "2026-02-14");
    assert_eq!(e[0]["demande_recue"], "2026-02-01");
    assert_eq!(e[0]["etat"], "maintien_obtenu");
    assert_eq!(e[1]["terme"], "2027-03-14");
    assert_eq!(e[1]["etat"], "maintien_non_demande");
}

#[test]
fn demande_tardive_sans_effet() {
    // Fiche service-public.fr F17757 : la demande doit être reçue au moins un mois avant le terme (31/01/2027, limite
    // 31/12/2026) ; reçue le 10/01/2027, elle est sans effet : radiation le 01/02/2027.
    let r = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2027-03-01",
        "demandes_maintien": ["2027-01-10"]
    }));
    assert_eq!(r["statut"], "radie");
    assert_eq!(r["motif_radiation"], "maintien_non_demande");
    assert_eq!(r["date_radiation"], "2027-02-01");
    assert_eq!(r["echeances"].as_array().unwrap().len(), 1);
    assert!(r["explication"].as_str().unwrap().contains("sans effet"));
}

#[test]
fn quatre_ans_au_plus() {
    // Guide CDG Martinique §II.D : « 2 ans, renouvelable 2 fois (soit 4 ans au total) ». Inscription le
    // 01/01/2020, demandes à temps (limites 30/11/2021 et 30/11/2022) : fin au 31/12/2023.
    let r = liste(json!({
        "inscription": "2020-01-01", "aujourd_hui": "2024-06-01",
        "demandes_maintien": ["2021-10-01", "2022-11-15", "2023-10-01"]
    }));
    assert_eq!(r["statut"], "radie");
    assert_eq!(r["motif_radiation"], "fin_validite");
    assert_eq!(r["fin_validite"], "2023-12-31");
    assert_eq!(r["date_radiation"], "2024-01-01");
    assert_eq!(r["echeances"][2]["etat"], "echue");
}

#[test]
fn prochaine_demande_pour_la_quatrieme_annee() {
    // FAQ CNFPT ingénieur en chef Q36 : demande au terme des deux premières années puis au terme de la 3e.
    let r = liste(json!({
        "inscription": "2020-01-01", "aujourd_hui": "2022-01-15",
        "demandes_maintien": ["2021-10-01"]
    }));
    assert_eq!(r["statut"], "inscrit");
    assert_eq!(r["fin_validite"], "2022-12-31");
    assert_eq!(r["prochaine_demande_maintien_avant"], "2022-11-30");
}

#[test]
fn offre_sans_reponse_reputee_refusee_apres_deux_mois() {
    // Fiche service-public.fr F17757 : « En l'absence de réponse de votre part dans les 2 mois, vous êtes considéré
    // comme refusant l'offre d'emploi. » Offre reçue le 15/03/2025 : délai expiré le
    // 15/05/2025, refus réputé à partir du 16/05/2025.
    let avant = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2025-05-15",
        "offres": [{"date": "2025-03-15", "reponse": null}]
    }));
    assert_eq!(avant["refus"], 0);
    assert_eq!(avant["offres"][0]["reputee_refusee_le"], "2025-05-16");
    let apres = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2025-05-16",
        "offres": [{"date": "2025-03-15", "reponse": null}]
    }));
    assert_eq!(apres["refus"], 1);
    assert_eq!(apres["statut"], "inscrit");
    assert_eq!(apres["offres_reputees_refusees"], json!(["2025-05-16"]));
}

#[test]
fn deux_refus_radient() {
    // Fiche service-public.fr F17757 : « Si vous refusez 2 offres d'emploi, vous êtes radié de la liste
    // d'aptitude » ; règle établie pour les listes de concours, non vérifiée pour la promotion
    // interne (note juridique §5, R).
    let r = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "offres": [
            {"date": "2025-03-15", "reponse": null},
            {"date": "2025-06-01", "reponse": "refusee", "date_reponse": "2025-06-10"},
            {"date": "2025-08-01", "reponse": "acceptee"}
        ]
    }));
    assert_eq!(r["statut"], "radie");
    assert_eq!(r["motif_radiation"], "deux_refus");
    assert_eq!(r["date_radiation"], "2025-06-10");
    assert_eq!(r["verifie"], false);
    assert_eq!(r["offres"][2]["sans_effet"], true);
    // Sans date de réponse, la date de radiation est inconnue, pas supposée.
    let r = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "offres": [{"date": "2025-03-01", "reponse": "refusee"}, {"date": "2025-04-01", "reponse": "refusee"}]
    }));
    assert_eq!(r["motif_radiation"], "deux_refus");
    assert_eq!(r["date_radiation"], Value::Null);
}

#[test]
fn nomination_radie_a_sa_date() {
    // Fiche service-public.fr F17757 : « radié de la liste d'aptitude à partir de la date de votre nomination comme
    // stagiaire ou de votre titularisation ».
    let r = liste(json!({
        "inscription": "2025-02-01", "aujourd_hui": "2025-12-01",
        "offres": [{"date": "2025-11-01", "reponse": null}],
        "nomination": "2025-10-01"
    }));
    assert_eq!(r["statut"], "radie");
    assert_eq!(r["motif_radiation"], "nomination");
    assert_eq!(r["date_radiation"], "2025-10-01");
    assert_eq!(r["offres"][0]["sans_effet"], true);
    assert_eq!(r["prochaine_demande_maintien_avant"], Value::Null);
}

#[test]
fn entrees_invalides() {
    // Contrat v1 : erreur française et pointeur JSON vers la valeur fautive.
    let e = erreur(json!({"inscription": "2025-02-01", "aujourd_hui": "2025-01-01"}));
    assert_eq!(e.chemin, "/aujourd_hui");
    let e = erreur(
        json!({"inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "suspensions": [{"motif": "conge_sabbatique", "debut": "2025-03-01"}]}),
    );
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("code_inconnu", "/suspensions/0/motif")
    );
    let e = erreur(
        json!({"inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "suspensions": [{"motif": "conge_parental", "debut": "2025-03-01", "fin": "2025-02-01"}]}),
    );
    assert_eq!(e.chemin, "/suspensions/0/fin");
    let e = erreur(
        json!({"inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "offres": [{"date": "2025-10-01", "reponse": null}]}),
    );
    assert_eq!(e.chemin, "/offres/0/date");
    let e = erreur(
        json!({"inscription": "2025-02-01", "aujourd_hui": "2025-09-01",
        "offres": [{"date": "2025-03-01", "reponse": "peut_etre"}]}),
    );
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("code_inconnu", "/offres/0/reponse")
    );
    let e = erreur(json!({"inscription": "2025-02-30", "aujourd_hui": "2025-09-01"}));
    assert_eq!(e.chemin, "/inscription");
}

// ------------------------------------------------------------ Établissement de la liste

fn candidat(id: &str, nom: &str, prenom: &str, score: f64) -> CandidatListe {
    CandidatListe {
        id: id.into(),
        nom: nom.into(),
        prenom: Some(prenom.into()),
        score,
    }
}

#[test]
fn classement_au_score_puis_publication_alphabetique() {
    // Guide CDG Martinique §II.D : pas plus d'inscrits que d'emplois pouvant être pourvus ; listes
    // établies par ordre alphabétique (aussi FAQ CNFPT ingénieur en chef Q34).
    let c = vec![
        candidat("1", "Martin", "Zoé", 18.0),
        candidat("2", "Durand", "Émile", 15.0),
        candidat("3", "Bernard", "Anne", 12.0),
        candidat("4", "Petit", "Éric", 10.0),
        candidat("5", "Abadie", "Luc", 8.0),
    ];
    let r = etablir_liste(Some(3), &c);
    let noms: Vec<&str> = r.inscrits.iter().map(|i| i.nom.as_str()).collect();
    assert_eq!(noms, ["Bernard", "Durand", "Martin"]);
    assert_eq!(r.classement[0].id, "1");
    assert_eq!(r.classement[3].retenu, Some(false));
    assert!(r.departage_requis.is_empty());
}

#[test]
fn tri_francais_insensible_aux_accents() {
    // Guide de style du projet : clé normalisée calculée en Rust (« Écoffier » entre
    // « Dupont » et « Faure », pas après « Zola »).
    assert_eq!(cle_alphabetique("Écoffier"), "ecoffier");
    assert_eq!(cle_alphabetique("Le Guen-Œuvray"), "leguenoeuvray");
    assert_eq!(cle_alphabetique("D'Aubigné"), "daubigne");
    let c = vec![
        candidat("1", "Zola", "Émile", 10.0),
        candidat("2", "Écoffier", "Jean", 10.0),
        candidat("3", "Dupont", "Marie", 10.0),
        candidat("4", "Faure", "Paul", 10.0),
    ];
    let r = etablir_liste(Some(4), &c);
    let noms: Vec<&str> = r.inscrits.iter().map(|i| i.nom.as_str()).collect();
    assert_eq!(noms, ["Dupont", "Écoffier", "Faure", "Zola"]);
}

#[test]
fn tri_francais_accents_en_second_niveau() {
    // Ordre des dictionnaires : les accents ne départagent que des mots égaux sans eux, lettre
    // sans accent d'abord, puis aigu, grave, circonflexe (cote < coté < côte < côté ;
    // Lefévre < Lefèvre, alors que l'ordre des octets UTF-8 mettrait « è » avant « é »).
    let c = vec![
        candidat("6", "Lefèvre", "Anne", 10.0),
        candidat("7", "Lefévre", "Anne", 10.0),
        candidat("1", "Côté", "Jean", 10.0),
        candidat("2", "Cote", "Jean", 10.0),
        candidat("3", "Côte", "Jean", 10.0),
        candidat("4", "Coté", "Jean", 10.0),
        candidat("5", "Cotelle", "Jean", 10.0),
    ];
    let r = etablir_liste(Some(7), &c);
    let noms: Vec<&str> = r.inscrits.iter().map(|i| i.nom.as_str()).collect();
    assert_eq!(
        noms,
        [
            "Cote", "Coté", "Côte", "Côté", "Cotelle", "Lefévre", "Lefèvre"
        ]
    );
    assert!(cle_accents("Lefèvre") > cle_accents("Lefevre"));
    assert!(cle_accents("Lefèvre") > cle_accents("Lefévre"));
}

#[test]
fn ex_aequo_a_la_limite_des_postes_non_departages() {
    // CGFP L.523-1 : jamais plus d'inscrits que de postes ; le départage des ex aequo relève
    // des lignes directrices de gestion (note juridique §8.2), il n'est pas inventé.
    let c = vec![
        candidat("a", "Arnaud", "Léa", 15.0),
        candidat("b", "Blanc", "Hugo", 12.0),
        candidat("c", "Colin", "Inès", 12.0),
    ];
    let r = etablir_liste(Some(2), &c);
    assert_eq!(r.inscrits.len(), 1);
    assert_eq!(r.departage_requis, ["b", "c"]);
    assert_eq!(r.postes_en_attente_de_departage, 1);
    assert_eq!(r.classement[1].rang, 2);
    assert_eq!(r.classement[2].rang, 2);
    assert_eq!(r.classement[2].retenu, None);
}

#[test]
fn sans_quota_tous_les_proposes_sont_inscrits() {
    // Guide CDG Martinique §I.C : agent de maîtrise sans quota (`postes: null` de la commande quota).
    let c = vec![
        candidat("a", "Roux", "Ana", 3.0),
        candidat("b", "Brun", "Léo", 9.0),
    ];
    let r = etablir_liste(None, &c);
    assert_eq!(r.inscrits.len(), 2);
    assert_eq!(r.inscrits[0].nom, "Brun");
}

#[test]
fn etablissement_entrees_invalides() {
    let d = DemandeEtablissementListe {
        postes: Some(1),
        candidats: vec![
            candidat("a", "Roux", "Ana", 3.0),
            candidat("a", "Brun", "Léo", 9.0),
        ],
    };
    let e = executer_etablissement(d).unwrap_err();
    assert_eq!(e.chemin, "/candidats/1/id");
    let d = DemandeEtablissementListe {
        postes: Some(1),
        candidats: vec![candidat("a", "Roux", "Ana", -3.0)],
    };
    assert_eq!(
        executer_etablissement(d).unwrap_err().chemin,
        "/candidats/0/score"
    );
}

mod proprietes {
    use super::*;
    use droit::date::{date, jour};
    use proptest::prelude::*;

    proptest! {
        /// FAQ CNFPT ingénieur en chef Q36 : le décompte est suspendu ; une suspension de `n` jours entièrement
        /// comprise dans les deux premières années reporte le terme de `n` jours.
        #[test]
        fn une_suspension_reporte_le_terme_d_autant(decalage in 0i32..600, n in 1i32..120) {
            let ins = jiff::civil::date(2025, 2, 1);
            let debut = date(jour(ins) + decalage);
            let fin = date(jour(debut) + n - 1);
            let r = liste(json!({
                "inscription": "2025-02-01", "aujourd_hui": "2027-06-30",
                "demandes_maintien": ["2025-03-01"],
                "suspensions": [{"motif": "conge_longue_duree", "debut": debut.to_string(), "fin": fin.to_string()}]
            }));
            let attendu = date(jour(jiff::civil::date(2027, 1, 31)) + n);
            prop_assert_eq!(&r["echeances"][0]["terme"], &json!(attendu.to_string()));
            prop_assert_eq!(&r["jours_suspendus"], &json!(n));
        }

        /// CGFP L.523-1 ; guide CDG Martinique §II.D : jamais plus d'inscrits que de postes, et la liste
        /// publiée est triée par clé alphabétique.
        #[test]
        fn jamais_plus_d_inscrits_que_de_postes(
            postes in 0u32..10,
            scores in proptest::collection::vec(0u8..6, 0..20),
        ) {
            let c: Vec<CandidatListe> = scores
                .iter()
                .enumerate()
                .map(|(i, s)| candidat(&i.to_string(), &format!("Nom{}", (i * 7) % 13), "X", f64::from(*s)))
                .collect();
            let r = etablir_liste(Some(postes), &c);
            prop_assert!(r.inscrits.len() as u32 <= postes);
            prop_assert!(r.inscrits.len() as u32 + r.postes_en_attente_de_departage <= postes);
            prop_assert!(r.inscrits.windows(2).all(|w| w[0].cle_tri <= w[1].cle_tri));
            // Tout inscrit a un score au moins égal à celui de tout non-inscrit.
            let min_inscrit = r.classement.iter().filter(|c| c.retenu == Some(true)).map(|c| c.score).fold(f64::MAX, f64::min);
            prop_assert!(r.classement.iter().filter(|c| c.retenu != Some(true)).all(|c| c.score <= min_inscrit));
        }
    }
}
