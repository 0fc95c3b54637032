//! Suite de tests du stockage, exécutée sur SQLite toujours et sur PostgreSQL quand
//! `DATABASE_URL_PG` est posée (chaque test dans un schéma neuf). En intégration continue
//! (`CI=true`), une base PostgreSQL absente ou injoignable fait échouer la suite.

use std::sync::atomic::{AtomicUsize, Ordering};

use droit::carriere::{
    Agent, Dispense, Emploi, EmploiCode, ExamenReussi, Fonction, FonctionCode, FormationSuivie,
    Periode, Position, Statut, TypeFormation, Versant,
};
use jiff::civil::date;
use store::import::{self, EchecImport, FichierCsv};
use store::{Acteur, Collectivite, FicheAgent, LotImport, Portee, Store};

mod acces;
mod campagne;
mod comptes;
mod inscriptions;
mod journal;

mod import_complements;
mod import_strict;

static COMPTEUR: AtomicUsize = AtomicUsize::new(0);

/// Les bases sur lesquelles tourne chaque test, avec le schéma PostgreSQL à supprimer.
pub(crate) async fn moteurs(test: &str) -> Vec<(Store, String)> {
    let mut v = vec![(
        Store::sqlite_en_memoire().await.expect("SQLite en mémoire"),
        String::new(),
    )];
    let en_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    match std::env::var("DATABASE_URL_PG") {
        Ok(url) if !url.is_empty() => {
            let schema = format!(
                "test_{test}_{}_{}",
                std::process::id(),
                COMPTEUR.fetch_add(1, Ordering::SeqCst)
            );
            let store = Store::postgres_dans_schema(&url, &schema)
                .await
                .unwrap_or_else(|e| panic!("PostgreSQL injoignable ({url}) : {e}"));
            v.push((store, schema));
        }
        _ if en_ci => panic!(
            "DATABASE_URL_PG n'est pas posée : en intégration continue, les tests de stockage \
             doivent aussi tourner sur PostgreSQL"
        ),
        _ => eprintln!("DATABASE_URL_PG absente : test « {test} » sur SQLite seulement"),
    }
    v
}

pub(crate) async fn liberer(bases: Vec<(Store, String)>) {
    for (store, schema) in bases {
        store
            .supprimer_schema(&schema)
            .await
            .expect("schéma supprimé");
        store.fermer().await;
    }
}

/// L'auteur des imports des tests.
pub(crate) fn auteur() -> Acteur {
    Acteur::systeme("tests")
}

pub(crate) fn rien(_: usize, _: usize) {}

/// Jeu d'import conforme à docs/format-import.md : quatre fichiers, séparateur `;`, BOM.
pub(crate) fn jeu_valide() -> Vec<FichierCsv> {
    vec![
        FichierCsv::new(
            "collectivites.csv",
            "\u{feff}code_collectivite;nom;type;population;affiliee\n\
             21690123400017;Écully;commune;18 500;oui\n\
             21690123400099;Lyon;commune;522250;non\n\
             200046977;Métropole de Lyon;epci;;non\n",
        ),
        FichierCsv::new(
            "agents.csv",
            "matricule;code_collectivite;nom;prenom;date_naissance\n\
             A001;21690123400017;Durand;Hélène;02/04/1978\n\
             A002;21690123400099;Martin;Paul;1985-11-30\n",
        ),
        FichierCsv::new(
            "periodes.csv",
            "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
             A001;01/09/2010;31/08/2011;territoriale;stagiaire;technicien;activite;;;;;;\n\
             A001;01/09/2011;;territoriale;titulaire;technicien_principal_1re_classe;activite;;80;;;;\n\
             A002;2015-01-01;;territoriale;titulaire;redacteur;activite;;;;;;\n",
        ),
        FichierCsv::new(
            "formations.csv",
            "matricule;type;date;jours\nA001;fppe;14/05/2013;5\nA001;fptlc;2018-03-01;2,5\n",
        ),
    ]
}

/// La carrière de l'agent A001 telle que le jeu ci-dessus la décrit.
fn carriere_a001() -> Agent {
    Agent {
        date_naissance: Some(date(1978, 4, 2)),
        periodes: vec![
            Periode {
                debut: date(2010, 9, 1),
                fin: Some(date(2011, 8, 31)),
                versant: Versant::Territoriale,
                statut: Statut::Stagiaire,
                grade: Some("technicien".into()),
                position: Position::Activite,
                motif_disponibilite: None,
                quotite: None,
                heures_hebdomadaires: None,
                emploi: None,
                fonctions: vec![],
                conge_parental_octroye_le: None,
            },
            Periode {
                debut: date(2011, 9, 1),
                fin: None,
                versant: Versant::Territoriale,
                statut: Statut::Titulaire,
                grade: Some("technicien_principal_1re_classe".into()),
                position: Position::Activite,
                motif_disponibilite: None,
                quotite: Some(80.0),
                heures_hebdomadaires: None,
                emploi: None,
                fonctions: vec![],
                conge_parental_octroye_le: None,
            },
        ],
        formations: Some(vec![
            FormationSuivie {
                type_formation: TypeFormation::Fppe,
                date: date(2013, 5, 14),
                jours: 5.0,
            },
            FormationSuivie {
                type_formation: TypeFormation::Fptlc,
                date: date(2018, 3, 1),
                jours: 2.5,
            },
        ]),
        ..Default::default()
    }
}

#[tokio::test]
async fn les_deux_schemas_sont_identiques() {
    let bases = moteurs("schemas").await;
    let reference = bases[0].0.schema().await.expect("schéma SQLite");
    let tables: std::collections::BTreeSet<&str> =
        reference.iter().map(|c| c.table.as_str()).collect();
    assert_eq!(
        tables.into_iter().collect::<Vec<_>>(),
        vec![
            "agents",
            "campagnes",
            "collectivites",
            "cotations",
            "declarations",
            "echecs_connexion",
            "formations",
            "generations",
            "grilles",
            "inscriptions",
            "inscriptions_evenements",
            "inscrits",
            "instructions",
            "journal",
            "listes",
            "periodes",
            "pieces",
            "promouvables",
            "promouvables_calculs",
            "propositions",
            "sels_anonymat",
            "sessions",
            "utilisateurs",
            "utilisateurs_collectivites"
        ]
    );
    for (store, _) in &bases[1..] {
        let autre = store.schema().await.expect("schéma PostgreSQL");
        assert_eq!(
            reference,
            autre,
            "les schémas SQLite et {} diffèrent",
            store.moteur()
        );
    }
    liberer(bases).await;
}

#[tokio::test]
async fn import_complet_puis_relecture() {
    let bases = moteurs("import").await;
    for (store, _) in &bases {
        let bilan = import::importer(store, &jeu_valide(), &auteur(), &mut rien)
            .await
            .expect("import valide");
        assert_eq!(bilan.collectivites.creees, 3);
        assert_eq!(bilan.agents.creees, 2);
        let a = store
            .agent(&Portee::Cdg, "A001")
            .await
            .unwrap()
            .expect("agent A001");
        assert_eq!(a.fiche.nom, "Durand");
        assert_eq!(a.fiche.prenom, "Hélène");
        assert_eq!(a.fiche.code_collectivite, "21690123400017");
        assert_eq!(a.agent, carriere_a001(), "moteur {}", store.moteur());
        // A002 n'a pas de ligne dans formations.csv : formations non renseignées (null).
        let b = store
            .agent(&Portee::Cdg, "A002")
            .await
            .unwrap()
            .expect("agent A002");
        assert_eq!(b.agent.formations, None);
        let c = store
            .collectivite(&Portee::Cdg, "21690123400017")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(c.population, Some(18_500));
        assert!(c.affiliee);
        // Ordre alphabétique français : « Écully » avant « Lyon » et « Métropole ».
        let noms: Vec<String> = store
            .collectivites(&Portee::Cdg)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.collectivite.nom)
            .collect();
        assert_eq!(noms, vec!["Écully", "Lyon", "Métropole de Lyon"]);
        let agents = store
            .agents_de_collectivite(&Portee::Cdg, "21690123400017")
            .await
            .unwrap();
        assert_eq!(agents.len(), 1);
    }
    liberer(bases).await;
}

#[tokio::test]
async fn un_second_import_identique_ne_change_rien() {
    let bases = moteurs("idempotence").await;
    for (store, _) in &bases {
        import::importer(store, &jeu_valide(), &auteur(), &mut rien)
            .await
            .unwrap();
        let avant = store.comptes().await.unwrap();
        let agent_avant = store.agent(&Portee::Cdg, "A001").await.unwrap();
        let bilan = import::importer(store, &jeu_valide(), &auteur(), &mut rien)
            .await
            .unwrap();
        assert!(bilan.sans_changement(), "{bilan:?}");
        assert_eq!(bilan.agents.inchangees, 2);
        let apres = store.comptes().await.unwrap();
        // Seul le journal d'audit s'allonge : il consigne le second import (sans effet).
        assert_eq!(apres.journal, avant.journal + 1);
        assert_eq!(
            (
                apres.collectivites,
                apres.agents,
                apres.periodes,
                apres.formations
            ),
            (
                avant.collectivites,
                avant.agents,
                avant.periodes,
                avant.formations
            )
        );
        assert_eq!(
            store.agent(&Portee::Cdg, "A001").await.unwrap(),
            agent_avant
        );
    }
    liberer(bases).await;
}

#[tokio::test]
async fn une_date_invalide_refuse_tout_l_import_avec_ligne_et_colonne() {
    let bases = moteurs("date_invalide").await;
    for (store, _) in &bases {
        let mut fichiers = jeu_valide();
        // Ligne 3 du fichier des périodes : le 31 février n'existe pas.
        fichiers[2] = FichierCsv::new(
            "periodes.csv",
            "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
             A001;01/09/2010;31/08/2011;territoriale;stagiaire;technicien;activite;;;;;;\n\
             A001;31/02/2011;;territoriale;titulaire;technicien_principal_1re_classe;activite;;80;;;;\n",
        );
        let avant = store.comptes().await.unwrap();
        let erreur = import::importer(store, &fichiers, &auteur(), &mut rien)
            .await
            .expect_err("import refusé");
        let EchecImport::Fichier(e) = erreur else {
            panic!("erreur de fichier attendue : {erreur}");
        };
        assert_eq!(e.fichier, "periodes.csv");
        assert_eq!(e.ligne, 3);
        assert_eq!(e.colonne, Some((2, "debut".to_owned())));
        assert_eq!(
            e.to_string(),
            "periodes.csv, ligne 3, colonne 2 (debut) : date impossible, reçu \"31/02/2011\" : \
             le 31 n'existe pas en février 2011, qui compte 28 jours"
        );
        // Rien n'a été écrit, pas même les collectivités du premier fichier.
        assert_eq!(store.comptes().await.unwrap(), avant);
    }
    liberer(bases).await;
}

#[tokio::test]
async fn une_erreur_apres_un_premier_import_laisse_la_base_intacte() {
    let bases = moteurs("base_intacte").await;
    for (store, _) in &bases {
        import::importer(store, &jeu_valide(), &auteur(), &mut rien)
            .await
            .unwrap();
        let avant = store.comptes().await.unwrap();
        let a001 = store.agent(&Portee::Cdg, "A001").await.unwrap();
        let mut fichiers = jeu_valide();
        fichiers[0] = FichierCsv::new(
            "collectivites.csv",
            "code_collectivite;nom;type;population;affiliee\n\
             21690123400017;Écully (nouveau nom);commune;18500;oui\n",
        );
        // Les deux périodes de A001 se chevauchent : la seconde commence avant la fin de la
        // première (Agent::valider, code periodes_chevauchantes).
        fichiers[2] = FichierCsv::new(
            "periodes.csv",
            "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
             A001;01/09/2010;31/08/2012;territoriale;stagiaire;technicien;activite;;;;;;\n\
             A001;01/09/2011;;territoriale;titulaire;technicien_principal_1re_classe;activite;;;;;;\n",
        );
        let e = import::importer(store, &fichiers, &auteur(), &mut rien)
            .await
            .expect_err("chevauchement refusé");
        let EchecImport::Fichier(e) = e else {
            panic!("erreur de fichier attendue : {e}")
        };
        assert_eq!((e.fichier.as_str(), e.ligne), ("periodes.csv", 3));
        assert_eq!(e.colonne, Some((2, "debut".to_owned())));
        assert!(e.message.contains("chevauchent"), "{}", e.message);
        assert_eq!(store.comptes().await.unwrap(), avant);
        assert_eq!(store.agent(&Portee::Cdg, "A001").await.unwrap(), a001);
        assert_eq!(
            store
                .collectivite(&Portee::Cdg, "21690123400017")
                .await
                .unwrap()
                .unwrap()
                .nom,
            "Écully"
        );
    }
    liberer(bases).await;
}

#[tokio::test]
async fn windows_1252_et_virgule_comme_separateur() {
    let bases = moteurs("cp1252").await;
    for (store, _) in &bases {
        // « Hélène » et « Bourg-en-Bresse » en Windows-1252 (é = 0xE9), séparateur `,`.
        let collectivites = b"code_collectivite,nom,type,population,affiliee\nC1,\"Bourg-en-Bresse, ville\",commune,41000,oui\n".to_vec();
        let mut agents =
            b"matricule,code_collectivite,nom,prenom,date_naissance\nM1,C1,Roux,H".to_vec();
        agents.extend_from_slice(b"\xE9l\xE8ne,\n");
        let fichiers = vec![
            FichierCsv::new("c.csv", collectivites),
            FichierCsv::new("a.csv", agents),
        ];
        import::importer(store, &fichiers, &auteur(), &mut rien)
            .await
            .expect("import Windows-1252");
        let a = store.agent(&Portee::Cdg, "M1").await.unwrap().unwrap();
        assert_eq!(a.fiche.prenom, "Hélène");
        assert_eq!(a.agent.date_naissance, None);
        assert_eq!(
            store
                .collectivite(&Portee::Cdg, "C1")
                .await
                .unwrap()
                .unwrap()
                .nom,
            "Bourg-en-Bresse, ville"
        );
    }
    liberer(bases).await;
}

#[tokio::test]
async fn references_et_codes_inconnus_sont_localises() {
    let bases = moteurs("references").await;
    for (store, _) in &bases {
        let mut fichiers = jeu_valide();
        fichiers[1] = FichierCsv::new(
            "agents.csv",
            "matricule;code_collectivite;nom;prenom;date_naissance\nA001;INCONNUE;Durand;Hélène;\n",
        );
        let e = import::importer(store, &fichiers[..2], &auteur(), &mut rien)
            .await
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "agents.csv, ligne 2, colonne 2 (code_collectivite) : la collectivité « INCONNUE » \
             n'est ni dans les fichiers importés ni en base"
        );
        let mut fichiers = jeu_valide();
        fichiers[2] = FichierCsv::new(
            "periodes.csv",
            "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
             A001;01/09/2010;;territoriale;titulaire;technicien;activite;;;;;;\n\
             A002;01/09/2010;;territorial;titulaire;redacteur;activite;;;;;;\n",
        );
        let e = import::importer(store, &fichiers, &auteur(), &mut rien)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "periodes.csv, ligne 3, colonne 4 (versant) : le code « territorial » est inconnu"
            ),
            "{e}"
        );
        assert_eq!(store.comptes().await.unwrap().collectivites, 0);
    }
    liberer(bases).await;
}

#[tokio::test]
async fn entete_inconnu_refuse() {
    let bases = moteurs("entete").await;
    for (store, _) in &bases {
        let f = vec![FichierCsv::new("x.csv", "matricule;nom\nA;B\n")];
        let e = import::importer(store, &f, &auteur(), &mut rien)
            .await
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("x.csv, ligne 1 : en-tête non reconnu"), "{e}");
    }
    liberer(bases).await;
}

#[tokio::test]
async fn un_lot_complet_se_relit_a_l_identique() {
    // Chemin de la démonstration : un agent complet (fonctions, emploi, dispenses, examens).
    let bases = moteurs("lot_complet").await;
    for (store, _) in &bases {
        let mut agent = carriere_a001();
        agent.periodes[1].fin = Some(date(2019, 12, 31));
        agent.periodes.push(Periode {
            debut: date(2020, 1, 1),
            fin: None,
            versant: Versant::Territoriale,
            statut: Statut::Titulaire,
            grade: Some("technicien_principal_1re_classe".into()),
            position: Position::Detachement,
            motif_disponibilite: None,
            quotite: None,
            heures_hebdomadaires: Some(17.5),
            emploi: Some(Emploi {
                code: EmploiCode::DstCommune,
                population: Some(12_000),
                surclassement: Some(20_000),
            }),
            fonctions: vec![Fonction {
                code: FonctionCode::DirectionServicesTechniquesSeul,
                population: Some(12_000),
            }],
            conge_parental_octroye_le: Some(date(2019, 6, 1)),
        });
        agent.dispenses.push(Dispense {
            type_formation: TypeFormation::Fptlc,
            periode_debut: Some(date(2014, 9, 1)),
            jours: None,
        });
        agent.examens.push(ExamenReussi {
            examen: "ingenieur".into(),
            annee: 2024,
            admis: true,
        });
        let mut lot = LotImport::default();
        lot.collectivites.push(Collectivite {
            code: "C1".into(),
            nom: "Villeurbanne".into(),
            type_collectivite: "commune".into(),
            population: Some(150_000),
            affiliee: false,
        });
        let fiche = FicheAgent {
            matricule: "D1".into(),
            code_collectivite: "C1".into(),
            nom: "Lefèvre".into(),
            prenom: "Zoé".into(),
        };
        lot.ajouter_agent(fiche.clone(), &agent);
        let mut vus = Vec::new();
        let bilan = store
            .enregistrer(&lot, "démonstration", &auteur(), &mut |f, t| {
                vus.push((f, t))
            })
            .await
            .unwrap();
        assert_eq!(bilan.agents.creees, 1);
        assert_eq!(vus, vec![(1, 1)]);
        let relu = store.agent(&Portee::Cdg, "D1").await.unwrap().unwrap();
        assert_eq!(relu.fiche, fiche);
        assert_eq!(relu.agent, agent, "moteur {}", store.moteur());
        let journal = store.journal().await.unwrap();
        assert_eq!(journal.len(), 1);
        assert_eq!(journal[0].action, "import");
        assert_eq!(journal[0].utilisateur, "systeme:tests");
        let apres = journal[0].apres.as_ref().expect("valeurs après");
        assert_eq!(apres["origine"], "démonstration");
        assert_eq!(apres["agents_crees_ou_modifies"], serde_json::json!(["D1"]));
        assert_eq!(
            apres["collectivites_creees_ou_modifiees"],
            serde_json::json!(["C1"])
        );
    }
    liberer(bases).await;
}

#[tokio::test]
async fn le_journal_est_en_ajout_seul() {
    let bases = moteurs("journal").await;
    for (store, _) in &bases {
        import::importer(store, &jeu_valide(), &auteur(), &mut rien)
            .await
            .unwrap();
        let refus = match store {
            Store::Sqlite(p) => sqlx::query("UPDATE journal SET action = 'x'")
                .execute(p)
                .await
                .map(|_| ()),
            Store::Postgres(p) => sqlx::query("DELETE FROM journal")
                .execute(p)
                .await
                .map(|_| ()),
        };
        let e = refus.expect_err("modification du journal refusée");
        assert!(e.to_string().contains("ajout seul"), "{e}");
        assert_eq!(store.journal().await.unwrap().len(), 1);
    }
    liberer(bases).await;
}
