//! Quotas de la campagne : déclarations des collectivités affiliées additionnées, commande
//! `quota` du moteur (mode `cdg`) par grade cible et voie.

use std::collections::BTreeMap;

use campagne::declaration::lire_declaration;
use campagne::quotas::{
    BilanAnterieur, CibleVoie, DeclarationCollectivite, HistoriqueSaisi, NominationsPrononcees,
    quotas, quotas_avec_nominations, verifier_quota_cadre,
};
use droit::quota::{RegleQuota, VoieQuota};
use serde_json::{Value, json};

fn decl(v: Value) -> campagne::declaration::Declaration {
    lire_declaration(&v.to_string()).unwrap()
}

fn recrutement(cadre: &str, mode: &str) -> Value {
    json!({"cadre_emplois": cadre, "mode": mode, "date": "2026-05-01", "reference": "arrêté"})
}

#[test]
fn declarations_des_affiliees_additionnees() {
    // Attachés (catégorie A), liste 2027 (décret n° 2023-1272 : 1 pour 2, 8 % de l'effectif
    // CDI compris ; guide CDG Martinique §I.C). Les résultats sont entiers : pas d'arrondi.
    // C1 : 2 concours + 1 mutation ; 60 fonctionnaires + 2 CDI.
    // C2 : 1 détachement ; 38 fonctionnaires.
    // C3, non affiliée : 5 concours et 200 fonctionnaires, jamais mis en commun.
    let c1 = decl(json!({
        "recrutements": [recrutement("attaches_territoriaux", "concours"),
                         recrutement("attaches_territoriaux", "concours"),
                         recrutement("attaches_territoriaux", "mutation")],
        "effectifs": [{"cadre_emplois": "attaches_territoriaux",
                       "fonctionnaires_activite_detachement": 60, "cdi": 2}]}));
    let c2 = decl(json!({
        "recrutements": [recrutement("attaches_territoriaux", "detachement")],
        "effectifs": [{"cadre_emplois": "attaches_territoriaux",
                       "fonctionnaires_activite_detachement": 38}]}));
    let c3 = decl(json!({
        "recrutements": (0..5).map(|_| recrutement("attaches_territoriaux", "concours")).collect::<Vec<_>>(),
        "effectifs": [{"cadre_emplois": "attaches_territoriaux",
                       "fonctionnaires_activite_detachement": 200}]}));
    let ds = [
        DeclarationCollectivite {
            collectivite: "C1",
            affiliee: true,
            declaration: &c1,
        },
        DeclarationCollectivite {
            collectivite: "C2",
            affiliee: true,
            declaration: &c2,
        },
        DeclarationCollectivite {
            collectivite: "C3",
            affiliee: false,
            declaration: &c3,
        },
    ];
    let q = quotas(2027, &ds, &[], &BTreeMap::new(), &[]).unwrap();
    // Une seule voie vers attaché dans le catalogue (au choix).
    assert_eq!(
        q.len(),
        1,
        "{:?}",
        q.iter().map(|x| (&x.cible, x.voie)).collect::<Vec<_>>()
    );
    let a = &q[0];
    assert_eq!(
        (a.cible.as_str(), a.cadre_emplois.as_str(), a.voie),
        ("attache", "attaches_territoriaux", VoieQuota::Choix)
    );
    // Recrutements comptés : 2 + 1 + 1 = 4 → 4 ÷ 2 = 2 postes. Effectif : 60 + 2 + 38 = 100 ;
    // 8 % × 100 = 8 ; ÷ 2 = 4 postes. La règle la plus favorable : 4.
    assert_eq!(a.calcul.recrutements_comptes, Some(4));
    assert_eq!(a.calcul.effectif_retenu, Some(100));
    assert_eq!(a.postes, Some(4));
    assert_eq!(a.regle, RegleQuota::Alternative8Pourcent);
    assert_eq!(a.recensement.collectivites, ["C1", "C2"]);
    assert_eq!(a.recensement.references.len(), 4);
    assert!(a.postes_communs_avec.is_empty());
}

#[test]
fn voies_d_un_meme_cadre_partagent_ses_postes() {
    // Ingénieur : au choix et après examen, un seul cadre d'emplois (décret 2016-201).
    let d = decl(
        json!({"recrutements": [recrutement("ingenieurs_territoriaux", "concours"),
                                         recrutement("ingenieurs_territoriaux", "concours")]}),
    );
    let ds = [DeclarationCollectivite {
        collectivite: "C1",
        affiliee: true,
        declaration: &d,
    }];
    let q = quotas(2027, &ds, &[], &BTreeMap::new(), &[]).unwrap();
    let ing: Vec<_> = q.iter().filter(|x| x.cible == "ingenieur").collect();
    assert_eq!(ing.len(), 2);
    // 2 recrutements ÷ 2 = 1 poste, commun aux deux voies.
    for x in &ing {
        assert_eq!(x.postes, Some(1));
        assert_eq!(x.postes_communs_avec.len(), 1);
        assert_ne!(x.postes_communs_avec[0].voie, x.voie);
    }
    assert!(verifier_quota_cadre("ingenieurs_territoriaux", Some(1), 1).is_ok());
    let e = verifier_quota_cadre("ingenieurs_territoriaux", Some(1), 2).unwrap_err();
    assert_eq!((e.statut, e.code.as_str()), (409, "quota_depasse"));
    assert!(
        e.message.contains("Ingénieurs territoriaux"),
        "{}",
        e.message
    );
}

#[test]
fn entree_pour_une_cible_avec_des_promouvables_sans_declaration() {
    let q = quotas(
        2027,
        &[],
        &[],
        &BTreeMap::new(),
        &[CibleVoie {
            cible: "technicien".into(),
            voie: VoieQuota::Choix,
        }],
    )
    .unwrap();
    assert_eq!(q.len(), 1);
    // Aucun recrutement, effectif inconnu : 0 poste, la règle alternative est inconnue.
    assert_eq!(q[0].postes, Some(0));
    assert_eq!(q[0].calcul.effectif_retenu, None);
}

fn petit_cadre() -> campagne::declaration::Declaration {
    // Rédacteurs (catégorie B) : 1 recrutement compté en 2026 et 10 fonctionnaires :
    // 1 ÷ 2 = 0,5 → 0 ; 8 % × 10 ÷ 2 = 0,4 → 0 (décret n° 2013-593 art. 30 : le cas du petit cadre d'emplois).
    decl(
        json!({"recrutements": [recrutement("redacteurs_territoriaux", "concours")],
                "effectifs": [{"cadre_emplois": "redacteurs_territoriaux",
                               "fonctionnaires_activite_detachement": 10}]}),
    )
}

#[test]
fn clause_de_sauvegarde_nourrie_par_les_campagnes_anterieures() {
    let d = petit_cadre();
    let ds = [DeclarationCollectivite {
        collectivite: "C1",
        affiliee: true,
        declaration: &d,
    }];
    let redacteur = |q: &[campagne::quotas::QuotaCampagne]| {
        q.iter().find(|x| x.cible == "redacteur").unwrap().clone()
    };
    // Première campagne, sans historique : la seule année 2027 sans promotion possible ne
    // suffit pas (clause de deux ans depuis 2024, décret 2013-593 art. 30).
    let r = redacteur(&quotas(2027, &ds, &[], &BTreeMap::new(), &[]).unwrap());
    assert_eq!(r.postes, Some(0));
    assert_eq!(r.anteriorite.annees_sans_promotion_possible, 0);
    // Campagne 2026 enregistrée sans poste, avec 1 recrutement compté : 2026 et 2027 sans
    // promotion possible, 2 recrutements comptés → clause remplie, 1 inscription.
    let anterieurs = [BilanAnterieur {
        annee: 2026,
        cible: "redacteur".into(),
        postes: Some(0),
        recrutements_comptes: Some(1),
    }];
    let r = redacteur(&quotas(2027, &ds, &anterieurs, &BTreeMap::new(), &[]).unwrap());
    assert_eq!(r.anteriorite.annees_sans_promotion_possible, 1);
    assert_eq!(r.anteriorite.recrutements_pendant_ces_annees, 1);
    assert_eq!(r.postes, Some(1));
    assert_eq!(r.regle, RegleQuota::ClauseDeuxAns);
    assert!(
        r.anteriorite.explication.contains("2026 : aucun poste"),
        "{}",
        r.anteriorite.explication
    );
    // Une promotion possible en 2026 arrête le compte.
    let anterieurs = [BilanAnterieur {
        postes: Some(1),
        ..anterieurs[0].clone()
    }];
    let r = redacteur(&quotas(2027, &ds, &anterieurs, &BTreeMap::new(), &[]).unwrap());
    assert_eq!(r.postes, Some(0));
    assert!(
        r.anteriorite
            .explication
            .contains("promotion possible en 2026")
    );
}

#[test]
fn une_nomination_prononcee_arrete_le_compte_des_annees_sans_promotion() {
    // Même situation que ci-dessus (campagne 2026 sans poste, 1 recrutement compté : la
    // clause de deux ans donnerait 1 inscription en 2027), mais une personne a été nommée
    // rédacteur en 2026 sur une liste d'aptitude antérieure : une promotion était possible
    // en 2026 (convention de Passerelle, décret 2013-593 art. 30), la clause ne joue pas.
    let d = petit_cadre();
    let ds = [DeclarationCollectivite {
        collectivite: "C1",
        affiliee: true,
        declaration: &d,
    }];
    let anterieurs = [BilanAnterieur {
        annee: 2026,
        cible: "redacteur".into(),
        postes: Some(0),
        recrutements_comptes: Some(1),
    }];
    let nominations = [
        NominationsPrononcees {
            annee: 2026,
            cible: "redacteur".into(),
            nombre: 1,
        },
        // Une autre cible ne compte pas.
        NominationsPrononcees {
            annee: 2026,
            cible: "attache".into(),
            nombre: 3,
        },
    ];
    let q = quotas_avec_nominations(2027, &ds, &anterieurs, &BTreeMap::new(), &[], &nominations)
        .unwrap();
    let r = q.iter().find(|x| x.cible == "redacteur").unwrap();
    assert_eq!(r.anteriorite.annees_sans_promotion_possible, 0);
    assert_eq!(r.postes, Some(0));
    assert_ne!(r.regle, RegleQuota::ClauseDeuxAns);
    assert_eq!(r.anteriorite.nominations, vec![nominations[0].clone()]);
    assert!(
        r.anteriorite
            .explication
            .contains("2026 : 1 nomination(s) prononcée(s) sur liste d'aptitude"),
        "{}",
        r.anteriorite.explication
    );
}

#[test]
fn saisie_initiale_de_l_historique() {
    // Contrat v2 : pour la première campagne, `PUT …/historique` donne les années
    // antérieures.
    let d = petit_cadre();
    let ds = [DeclarationCollectivite {
        collectivite: "C1",
        affiliee: true,
        declaration: &d,
    }];
    let mut saisies = BTreeMap::new();
    saisies.insert(
        "redacteur".to_owned(),
        HistoriqueSaisi {
            annees_sans_promotion_possible: 2,
            recrutements_pendant_ces_annees: 1,
        },
    );
    let q = quotas(2027, &ds, &[], &saisies, &[]).unwrap();
    let r = q.iter().find(|x| x.cible == "redacteur").unwrap();
    assert_eq!(r.anteriorite.annees_sans_promotion_possible, 2);
    assert_eq!(r.postes, Some(1));
    assert_eq!(r.regle, RegleQuota::ClauseDeuxAns);
    // La saisie ne vaut que pour les années antérieures à la première campagne enregistrée :
    // une campagne 2025 enregistrée avec un poste, et pas de campagne 2026 → compte arrêté.
    let anterieurs = [BilanAnterieur {
        annee: 2025,
        cible: "redacteur".into(),
        postes: Some(1),
        recrutements_comptes: Some(2),
    }];
    let q = quotas(2027, &ds, &anterieurs, &saisies, &[]).unwrap();
    let r = q.iter().find(|x| x.cible == "redacteur").unwrap();
    assert_eq!(r.anteriorite.annees_sans_promotion_possible, 0);
    assert!(
        r.anteriorite
            .explication
            .contains("pas de campagne enregistrée en 2026")
    );
}

#[test]
fn ingenieur_en_chef_et_administrateur_hors_du_cdg() {
    // Guide CDG Martinique §I.B : organisés par le CNFPT.
    let d = decl(
        json!({"recrutements": [recrutement("ingenieurs_en_chef_territoriaux", "concours"),
                                         recrutement("administrateurs_territoriaux", "concours")]}),
    );
    let ds = [DeclarationCollectivite {
        collectivite: "C1",
        affiliee: true,
        declaration: &d,
    }];
    assert!(
        quotas(2027, &ds, &[], &BTreeMap::new(), &[])
            .unwrap()
            .is_empty()
    );
}
