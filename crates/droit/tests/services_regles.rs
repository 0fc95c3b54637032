//! Règles de décompte des services effectifs, une par test, chacune avec sa source
//! (guide CDG Martinique §I.D « Sur la notion de services effectifs », note juridique §6).

mod commun;

use serde_json::{Value, json};

fn services(periodes: Vec<Value>, jusqu_au: &str, perimetre: Value) -> Value {
    let e = json!({"agent": {"periodes": periodes}, "jusqu_au": jusqu_au, "perimetre": perimetre});
    droit::commandes::executer("services", &e.to_string())
        .unwrap_or_else(|e| panic!("erreur inattendue : {e:?}"))
}

fn jours(v: &Value) -> f64 {
    v["jours"].as_f64().unwrap()
}

fn avec(mut p: Value, champs: Value) -> Value {
    for (k, x) in champs.as_object().unwrap() {
        p[k] = x.clone();
    }
    p
}

fn at(debut: &str, fin: &str) -> Value {
    commun::periode(debut, Some(fin), "adjoint_technique")
}

fn perimetre_at() -> Value {
    json!({"grades": ["adjoint_technique"]})
}

#[test]
fn huit_annees_civiles_font_huit_ans_de_date_a_date() {
    // 2010-2017 : 2 922 jours civils (2012 et 2016 bissextiles) ; durée administrative de
    // date à date : 8 ans, 0 mois, 0 jour (contrat v1, commande services).
    let r = services(
        vec![at("2010-01-01", "2017-12-31")],
        "2025-12-31",
        perimetre_at(),
    );
    assert_eq!(jours(&r), 2922.0);
    assert_eq!(r["duree"], json!({"annees": 8, "mois": 0, "jours": 0}));
}

#[test]
fn le_decompte_s_arrete_a_la_date_demandee() {
    // « jusqu_au » inclus (contrat v1) : 2010-01-01..2010-12-31 = 365 jours.
    let r = services(
        vec![commun::periode("2010-01-01", None, "adjoint_technique")],
        "2010-12-31",
        perimetre_at(),
    );
    assert_eq!(jours(&r), 365.0);
    assert_eq!(r["duree"], json!({"annees": 1, "mois": 0, "jours": 0}));
}

#[test]
fn temps_partiel_compte_en_totalite() {
    // Guide CDG Martinique §I.D : « les services accomplis à temps partiel comptent comme des services à
    // temps plein ».
    let p = avec(at("2015-01-01", "2015-12-31"), json!({"quotite": 50}));
    assert_eq!(
        jours(&services(vec![p], "2025-12-31", perimetre_at())),
        365.0
    );
}

#[test]
fn temps_non_complet_au_moins_mi_temps_compte_en_totalite() {
    // Guide CDG Martinique §I.D : durée au moins égale au mi-temps (17h30 depuis 2002) : totalité.
    let p = avec(
        at("2005-01-01", "2005-12-31"),
        json!({"heures_hebdomadaires": 17.5}),
    );
    assert_eq!(
        jours(&services(vec![p], "2025-12-31", perimetre_at())),
        365.0
    );
}

#[test]
fn temps_non_complet_avant_2002_proratise_sur_19h30() {
    // Guide CDG Martinique §I.D : mi-temps de 19h30 jusqu'au 31/12/2001 : 365 × 13 / 19,5.
    let p = avec(
        at("1999-01-01", "1999-12-31"),
        json!({"heures_hebdomadaires": 13.0}),
    );
    let j = jours(&services(vec![p], "2025-12-31", perimetre_at()));
    assert!((j - 365.0 * 13.0 / 19.5).abs() < 0.01, "{j}");
}

#[test]
fn temps_non_complet_a_cheval_sur_2002_est_coupe() {
    // Guide CDG Martinique §I.D : 19h30 jusqu'au 31/12/2001, 17h30 depuis le 01/01/2002 ; la période est
    // coupée au changement (184 jours en 2001, 181 en 2002).
    let p = avec(
        at("2001-07-01", "2002-06-30"),
        json!({"heures_hebdomadaires": 15.0}),
    );
    let r = services(vec![p], "2025-12-31", perimetre_at());
    let attendu = 184.0 * 15.0 / 19.5 + 181.0 * 15.0 / 17.5;
    assert!((jours(&r) - attendu).abs() < 0.01, "{}", jours(&r));
    assert_eq!(r["detail"].as_array().unwrap().len(), 2);
}

#[test]
fn conge_parental_avant_octobre_2012_non_compte() {
    // Guide CDG Martinique §I.D : exclues « les périodes de congé parental jusqu'au 30/09/2012 ».
    let p = avec(
        at("2010-01-01", "2011-12-31"),
        json!({"position": "conge_parental"}),
    );
    assert_eq!(jours(&services(vec![p], "2025-12-31", perimetre_at())), 0.0);
}

#[test]
fn conge_parental_accorde_depuis_octobre_2012_premiere_annee_puis_moitie() {
    // Guide CDG Martinique §I.D : congé parental accordé à compter du 01/10/2012 « en totalité pour la
    // 1re année, puis pour la moitié les années suivantes » : 365 + 365 / 2.
    let p = avec(
        at("2013-01-01", "2014-12-31"),
        json!({"position": "conge_parental"}),
    );
    assert_eq!(
        jours(&services(vec![p], "2025-12-31", perimetre_at())),
        365.0 + 182.5
    );
}

#[test]
fn conge_parental_prolonge_apres_octobre_2012_le_conge_deja_obtenu_excedant_six_mois() {
    // Décret n° 2012-1061, dispositions transitoires (résumées par les centres de gestion) :
    // une prolongation accordée après le 01/10/2012 d'un congé commencé avant n'est comptée
    // en totalité que si le congé déjà obtenu n'excède pas six mois. Congé commencé le
    // 01/03/2012, renouvelé par périodes de six mois (01/09/2012, 01/03/2013) ; période
    // décrite du 01/01/2013 au 30/06/2013 : jusqu'au 28/02/2013, période commencée le
    // 01/09/2012, avant le 01/10/2012 : non comptée ; du 01/03/2013 au 30/06/2013 (122
    // jours), 12 mois déjà obtenus : pour moitié, 61 jours ; règle signalée non vérifiée.
    let p = avec(
        at("2013-01-01", "2013-06-30"),
        json!({"position": "conge_parental", "conge_parental_octroye_le": "2012-03-01"}),
    );
    let r = services(vec![p], "2025-12-31", perimetre_at());
    assert_eq!(jours(&r), 61.0);
    assert_eq!(r["detail"][0]["regle"], "conge_parental_ancien_regime");
    assert_eq!(
        r["detail"][1]["regle"],
        "conge_parental_prolongation_moitie"
    );
    assert_eq!(r["verifie"], false);
}

#[test]
fn conge_parental_commence_en_juillet_2012_prolongation_en_totalite() {
    // Même disposition transitoire : congé commencé le 01/07/2012, décrit d'un seul tenant
    // jusqu'au 30/06/2013. Renouvellement par périodes de six mois : la première
    // (01/07/2012-31/12/2012) a commencé avant le 01/10/2012 : non comptée ; la seconde
    // (01/01/2013-30/06/2013, 181 jours), six mois déjà obtenus, en totalité : 181 jours.
    let p = avec(
        at("2012-07-01", "2013-06-30"),
        json!({"position": "conge_parental"}),
    );
    let r = services(vec![p], "2025-12-31", perimetre_at());
    assert_eq!(jours(&r), 181.0);
    assert_eq!(r["detail"][0]["regle"], "conge_parental_ancien_regime");
    assert_eq!(
        r["detail"][1]["regle"],
        "conge_parental_prolongation_totalite"
    );
}

#[test]
fn conge_parental_commence_en_mars_2012_troisieme_periode_pour_moitie() {
    // Congé commencé le 01/03/2012 jusqu'au 31/08/2013 : périodes du 01/03/2012 et du
    // 01/09/2012 commencées avant le 01/10/2012 (non comptées) ; la troisième, du 01/03/2013
    // au 31/08/2013 (184 jours), 12 mois déjà obtenus : pour moitié, 92 jours.
    let p = avec(
        at("2012-03-01", "2013-08-31"),
        json!({"position": "conge_parental"}),
    );
    assert_eq!(
        jours(&services(vec![p], "2025-12-31", perimetre_at())),
        92.0
    );
}

#[test]
fn conge_parental_borne_du_1er_octobre_2012() {
    // Loi n° 2012-347 art. 57, décret n° 2012-1061 (en vigueur le 01/10/2012) : un congé
    // commencé le 01/10/2012 suit la règle nouvelle (1re année en totalité, 365 jours du
    // 01/10/2012 au 30/09/2013, puis moitié : 365 / 2) ; commencé la veille, le 30/09/2012,
    // sa première période de six mois reste sous l'ancienne règle (0), le renouvellement du
    // 30/03/2013 au 29/09/2013 (184 jours), six mois déjà obtenus, compte en totalité.
    let nouveau = avec(
        at("2012-10-01", "2014-09-30"),
        json!({"position": "conge_parental"}),
    );
    assert_eq!(
        jours(&services(vec![nouveau], "2025-12-31", perimetre_at())),
        365.0 + 182.5
    );
    let veille = avec(
        at("2012-09-30", "2013-09-29"),
        json!({"position": "conge_parental"}),
    );
    assert_eq!(
        jours(&services(vec![veille], "2025-12-31", perimetre_at())),
        184.0
    );
}

#[test]
fn conge_parental_renouvele_sans_interruption_est_un_seul_conge() {
    // Le congé parental est accordé puis renouvelé par périodes de six mois : deux périodes
    // qui se touchent sont le même congé. Congé du 01/01/2015 au 30/06/2015 renouvelé du
    // 01/07/2015 au 30/06/2016 : première année (2015) en totalité, 365 jours, puis
    // 01/01/2016-30/06/2016 (182 jours) pour moitié : 91 jours ; total 456.
    let premier = avec(
        at("2015-01-01", "2015-06-30"),
        json!({"position": "conge_parental"}),
    );
    let renouvellement = avec(
        at("2015-07-01", "2016-06-30"),
        json!({"position": "conge_parental"}),
    );
    assert_eq!(
        jours(&services(
            vec![premier.clone(), renouvellement.clone()],
            "2025-12-31",
            perimetre_at()
        )),
        456.0
    );
    // Nouvel enfant : le second congé a sa propre date d'octroi, une nouvelle première
    // année commence : 181 + 366 = 547 jours.
    let nouvel_enfant = avec(
        renouvellement,
        json!({"conge_parental_octroye_le": "2015-07-01"}),
    );
    assert_eq!(
        jours(&services(
            vec![premier, nouvel_enfant],
            "2025-12-31",
            perimetre_at()
        )),
        547.0
    );
}

#[test]
fn conge_parental_depuis_aout_2019_en_totalite() {
    // Loi 2019-828 art. 85 (note juridique §6) : compté en totalité dans la limite de
    // 5 ans ; 2020 est bissextile : 366 jours.
    let p = avec(
        at("2020-01-01", "2020-12-31"),
        json!({"position": "conge_parental"}),
    );
    assert_eq!(
        jours(&services(vec![p], "2025-12-31", perimetre_at())),
        366.0
    );
}

#[test]
fn plafond_de_cinq_ans_partage_conge_parental_et_disponibilite_enfant() {
    // Loi 2019-828 art. 85 : 5 ans sur la carrière pour les deux positions ensemble
    // (plafond de 1 826 jours, convention du projet).
    let cp = avec(
        at("2020-01-01", "2022-12-31"),
        json!({"position": "conge_parental"}),
    );
    let dispo = avec(
        at("2023-01-01", "2025-12-31"),
        json!({"position": "disponibilite", "motif_disponibilite": "elever_enfant"}),
    );
    assert_eq!(
        jours(&services(vec![cp, dispo], "2025-12-31", perimetre_at())),
        1826.0
    );
}

#[test]
fn disponibilite_pour_elever_un_enfant_avant_aout_2019_non_comptee() {
    // Guide CDG Martinique §I.D : les périodes de disponibilité sont exclues ; l'assimilation date de la
    // loi 2019-828 (périodes à compter du 08/08/2019).
    let p = avec(
        at("2019-01-01", "2019-12-31"),
        json!({"position": "disponibilite", "motif_disponibilite": "elever_enfant"}),
    );
    // Du 08/08/2019 au 31/12/2019 : 146 jours.
    assert_eq!(
        jours(&services(vec![p], "2025-12-31", perimetre_at())),
        146.0
    );
}

#[test]
fn disponibilite_pour_convenances_personnelles_exclue() {
    // Guide CDG Martinique §I.D : « Sont à exclure des services effectifs : les périodes de disponibilité ».
    let p = avec(
        at("2015-01-01", "2015-12-31"),
        json!({"position": "disponibilite", "motif_disponibilite": "convenances_personnelles"}),
    );
    assert_eq!(jours(&services(vec![p], "2025-12-31", perimetre_at())), 0.0);
}

#[test]
fn disponibilite_sans_motif_donne_un_compte_inconnu() {
    // Donnée manquante : pas de supposition ; jours certains 0, jusqu'à 365 si le motif était
    // assimilé (CGFP L.514-2, FAQ CNFPT ingénieur en chef Q6).
    let p = avec(
        at("2021-01-01", "2021-12-31"),
        json!({"position": "disponibilite"}),
    );
    let r = services(vec![p], "2025-12-31", perimetre_at());
    assert_eq!(jours(&r), 0.0);
    assert_eq!(r["jours_max"], json!(365.0));
}

#[test]
fn disponibilite_avec_activite_professionnelle_comptee_mais_non_verifiee() {
    // FAQ CNFPT ingénieur en chef Q6 (CGFP L.514-2) ; note juridique §6 : application à la promotion
    // interne marquée R, donc `verifie: false`.
    let p = avec(
        at("2019-01-01", "2019-12-31"),
        json!({"position": "disponibilite", "motif_disponibilite": "activite_professionnelle"}),
    );
    let r = services(vec![p], "2025-12-31", perimetre_at());
    assert_eq!(jours(&r), 365.0);
    assert_eq!(r["verifie"], json!(false));
}

#[test]
fn detachement_compte_seulement_si_le_statut_le_prevoit() {
    // Guide CDG Martinique §I.D : exclues « les périodes de détachement (sauf si le statut particulier le
    // prévoit) ».
    let p = avec(
        at("2015-01-01", "2015-12-31"),
        json!({"position": "detachement"}),
    );
    assert_eq!(
        jours(&services(vec![p.clone()], "2025-12-31", perimetre_at())),
        0.0
    );
    let admis = json!({"grades": ["adjoint_technique"], "detachement_admis": true});
    assert_eq!(jours(&services(vec![p], "2025-12-31", admis)), 365.0);
}

#[test]
fn detachement_dans_un_emploi_vise_compte() {
    // Décret 2016-200 art. 7 (FAQ CNFPT ingénieur en chef Q2) : services en détachement dans les emplois énumérés.
    let p = avec(
        commun::periode("2015-01-01", Some("2015-12-31"), "ingenieur"),
        json!({"position": "detachement", "emploi": {"code": "dgs_commune", "population": 30000}}),
    );
    let r = services(vec![p], "2025-12-31", json!({"emplois": ["dgs_commune"]}));
    assert_eq!(jours(&r), 365.0);
}

#[test]
fn services_de_contractuel_exclus_sauf_si_admis_et_proratises() {
    // Guide CDG Martinique §I.D : services de contractuel exclus sauf « services effectifs sans autre
    // précision » (CE 23/12/2010 n° 325144) ; note juridique §6 : un contractuel à temps
    // partiel est compté au prorata.
    let p = avec(
        at("2015-01-01", "2015-12-31"),
        json!({"statut": "contractuel", "quotite": 80}),
    );
    assert_eq!(
        jours(&services(vec![p.clone()], "2025-12-31", perimetre_at())),
        0.0
    );
    let admis = json!({"grades": ["adjoint_technique"], "contractuels_admis": true});
    assert_eq!(jours(&services(vec![p], "2025-12-31", admis)), 292.0);
}

#[test]
fn positions_exclues() {
    // Guide CDG Martinique §I.D : exclues la prorogation de stage, l'exclusion temporaire, le service
    // national, l'apprentissage.
    for position in [
        "prorogation_stage",
        "exclusion_temporaire",
        "service_national",
        "apprentissage",
    ] {
        let p = avec(
            at("2015-01-01", "2015-12-31"),
            json!({"position": position}),
        );
        assert_eq!(
            jours(&services(vec![p], "2025-12-31", perimetre_at())),
            0.0,
            "{position}"
        );
    }
}

#[test]
fn mise_a_disposition_et_stage_normal_comptent() {
    // FAQ CNFPT ingénieur en chef Q8 : la MAD relève de l'activité ; guide CDG Martinique §I.D : « la période normale de stage ».
    let mad = avec(
        at("2015-01-01", "2015-12-31"),
        json!({"position": "mise_a_disposition"}),
    );
    let stage = avec(
        at("2014-01-01", "2014-12-31"),
        json!({"statut": "stagiaire"}),
    );
    assert_eq!(
        jours(&services(vec![stage, mad], "2025-12-31", perimetre_at())),
        730.0
    );
}

#[test]
fn hors_du_perimetre_non_compte() {
    // Le périmètre limite le décompte : grade, cadre, catégorie, versant.
    let p = at("2015-01-01", "2015-12-31");
    assert_eq!(
        jours(&services(
            vec![p.clone()],
            "2025-12-31",
            json!({"grades": ["redacteur"]})
        )),
        0.0
    );
    assert_eq!(
        jours(&services(
            vec![p.clone()],
            "2025-12-31",
            json!({"categorie": "C"})
        )),
        365.0
    );
    assert_eq!(
        jours(&services(
            vec![p.clone()],
            "2025-12-31",
            json!({"categorie": "B"})
        )),
        0.0
    );
    assert_eq!(
        jours(&services(
            vec![p.clone()],
            "2025-12-31",
            json!({"cadres_emplois": ["adjoints_techniques_territoriaux"]})
        )),
        365.0
    );
    assert_eq!(
        jours(&services(
            vec![p],
            "2025-12-31",
            json!({"versants": ["etat"]})
        )),
        0.0
    );
}

fn erreur(e: Value) -> droit::ErreurEntree {
    droit::commandes::executer("services", &e.to_string()).unwrap_err()
}

#[test]
fn entrees_invalides_avec_pointeur() {
    // Contrat v1 : chevauchement, quotité hors 50..100, code inconnu, année hors bornes.
    let e = erreur(
        json!({"agent": {"periodes": [at("2010-01-01", "2012-12-31"), at("2012-06-01", "2013-12-31")]}, "jusqu_au": "2025-12-31"}),
    );
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("periodes_chevauchantes", "/agent/periodes/1/debut")
    );
    let e = erreur(
        json!({"agent": {"periodes": [avec(at("2010-01-01", "2012-12-31"), json!({"quotite": 120}))]}, "jusqu_au": "2025-12-31"}),
    );
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("valeur_hors_bornes", "/agent/periodes/0/quotite")
    );
    let e = erreur(
        json!({"agent": {"periodes": []}, "jusqu_au": "2025-12-31", "perimetre": {"grades": ["roi"]}}),
    );
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("code_inconnu", "/perimetre/grades/0")
    );
    let e = erreur(json!({"agent": {"periodes": []}, "jusqu_au": "2125-12-31"}));
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("valeur_hors_bornes", "/jusqu_au")
    );
    let e = erreur(
        json!({"agent": {"periodes": [avec(at("2010-01-01", "2012-12-31"), json!({"position": "vacances"}))]}, "jusqu_au": "2025-12-31"}),
    );
    assert_eq!(
        (e.code.as_str(), e.chemin.as_str()),
        ("code_inconnu", "/agent/periodes/0/position")
    );
    assert!(e.message.contains("vacances"));
}

#[test]
fn duree_administrative_avec_prorata() {
    // Contrat v1 : `duree` en années, mois, jours de 30 jours ; un segment au prorata
    // s'exprime dans la même convention que le temps complet : sa durée de date à date
    // multipliée par son coefficient. 2005 à 10h30 (coefficient 10,5 / 17,5 = 0,6 ; 219 jours
    // civils) puis 2006 à temps complet.
    let tnc = avec(
        at("2005-01-01", "2005-12-31"),
        json!({"heures_hebdomadaires": 10.5}),
    );
    let r = services(
        vec![tnc, at("2006-01-01", "2006-12-31")],
        "2025-12-31",
        perimetre_at(),
    );
    assert_eq!(jours(&r), 219.0 + 365.0);
    // 0,6 × 360 + 360 = 576 jours de 30/360 = 1 an, 7 mois, 6 jours.
    assert_eq!(r["duree"], json!({"annees": 1, "mois": 7, "jours": 6}));
}

#[test]
fn mi_temps_de_reference_au_jour_pres_le_01_01_2002() {
    // Guide CDG Martinique §I.D : 19h30 jusqu'au 31/12/2001, 17h30 à compter du 01/01/2002.
    // 15 heures par semaine : le 31/12/2001 compte 15 / 19,5 jour, le 01/01/2002 15 / 17,5.
    let p = avec(
        at("2001-12-31", "2002-01-01"),
        json!({"heures_hebdomadaires": 15}),
    );
    let r = services(vec![p], "2025-12-31", perimetre_at());
    let d = r["detail"].as_array().unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0]["fin"], "2001-12-31");
    assert!((d[0]["jours"].as_f64().unwrap() - 15.0 / 19.5).abs() < 1e-9);
    assert_eq!(d[1]["debut"], "2002-01-01");
    assert!((d[1]["jours"].as_f64().unwrap() - 15.0 / 17.5).abs() < 1e-9);
}
