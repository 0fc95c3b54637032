//! Import des éléments de carrière dont la campagne a besoin (docs/format-import.md) : sexe
//! de l'agent, grade écrit par son libellé, fonction exercée, dispenses de formation, postes
//! à responsabilité, examens professionnels réussis ; fichiers CSV ou classeur XLSX.

use std::io::Write;

use droit::carriere::{
    Dispense, ExamenReussi, Fonction, FonctionCode, PosteResponsabilite, TypeFormation,
};
use droit::eligibilite::Voie;
use droit::piece::TypePiece;
use droit::recevabilite::{CodeMotif, DecisionAutomatique, DemandeRecevabilite, instruire};
use jiff::civil::date;
use store::import::{self, EchecImport, FichierCsv};
use store::{Portee, Store};

use crate::{auteur, liberer, moteurs, rien};

fn collectivites() -> FichierCsv {
    FichierCsv::new(
        "collectivites.csv",
        "code_collectivite;nom;type;population;affiliee\nC1;Commune d'Essai;commune;12000;oui\n",
    )
}

/// Agents avec la colonne facultative `sexe`.
fn agents() -> FichierCsv {
    FichierCsv::new(
        "agents.csv",
        "matricule;code_collectivite;nom;prenom;date_naissance;sexe\n\
         R-01;C1;Lefèvre;Anne;03/02/1975;F\n\
         T-01;C1;Garnier;Luc;1980-06-12;\n",
    )
}

/// R-01 : adjoint administratif depuis le 01/01/2008, principal de 2e classe (écrit par son
/// libellé) depuis le 01/01/2016. T-01 : technicien qui dirige seul les services techniques
/// de la commune (12 000 habitants) depuis le 01/01/2019 (colonnes facultatives
/// `fonction` et `fonction_population`, placées avant `matricule` : l'ordre est libre).
fn periodes() -> FichierCsv {
    FichierCsv::new(
        "periodes.csv",
        "fonction;fonction_population;matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
         ;;R-01;01/01/2008;31/12/2015;territoriale;titulaire;adjoint_administratif;activite;;;;;;\n\
         ;;R-01;01/01/2016;;territoriale;titulaire;Adjoint administratif principal de 2e classe;activite;;;;;;\n\
         ;;T-01;01/01/2012;31/12/2018;territoriale;titulaire;technicien;activite;;;;;;\n\
         direction_services_techniques_seul;12000;T-01;01/01/2019;;territoriale;titulaire;Technicien territorial;activite;;;;;;\n",
    )
}

/// Formation de premier emploi en 2008, puis formation tout au long de la carrière dans
/// chaque période de cinq ans (décret n° 2008-512), comme dans le cas de recevabilité du
/// moteur (crates/droit/tests/campagne/recevabilite.rs).
fn formations() -> FichierCsv {
    FichierCsv::new(
        "formations.csv",
        "matricule;type;date;jours\n\
         R-01;fppe;01/06/2008;3\n\
         R-01;fptlc;01/03/2011;2\n\
         R-01;fptlc;01/03/2016;2\n\
         R-01;fptlc;01/03/2021;2\n\
         R-01;fptlc;01/03/2025;2\n",
    )
}

fn examens() -> FichierCsv {
    FichierCsv::new(
        "examens.csv",
        "matricule;examen;session\nR-01;Rédacteur principal de 2e classe;2025\n",
    )
}

fn dispenses() -> FichierCsv {
    FichierCsv::new(
        "dispenses.csv",
        "matricule;type;periode_debut;jours\nT-01;fptlc;01/01/2017;\nT-01;fppe;;2,5\n",
    )
}

fn postes() -> FichierCsv {
    FichierCsv::new(
        "postes_responsabilite.csv",
        "matricule;debut;fin\nT-01;01/04/2019;\n",
    )
}

/// Instruction automatique d'un dossier de R-01 pour le grade de rédacteur principal de
/// 2e classe par la voie de l'examen, liste 2027, pièces jointes.
async fn instruction_r01(store: &Store) -> droit::recevabilite::Recevabilite {
    let a = store
        .agent(&Portee::Cdg, "R-01")
        .await
        .unwrap()
        .expect("agent R-01");
    instruire(&DemandeRecevabilite {
        agent: &a.agent,
        cible: "redacteur_principal_2e_classe",
        voie: Voie::Examen,
        annee: 2027,
        pieces: &[TypePiece::AttestationFormationCnfpt, TypePiece::Crep],
        date_inscription: None,
    })
    .unwrap()
}

#[tokio::test]
async fn un_examen_importe_rend_recevable_le_dossier_de_voie_examen() {
    let bases = moteurs("examen_importe").await;
    for (store, _) in &bases {
        import::importer(
            store,
            &[collectivites(), agents(), periodes(), formations()],
            &auteur(),
            &mut rien,
        )
        .await
        .expect("import sans examen");
        // Sans examen enregistré, la voie après examen est irrecevable (guide CDG
        // Martinique §I.D : avoir satisfait aux épreuves au 1er janvier de l'année).
        let r = instruction_r01(store).await;
        assert_eq!(r.decision, DecisionAutomatique::Irrecevable);
        assert_eq!(
            r.motifs.iter().map(|m| m.code).collect::<Vec<_>>(),
            [CodeMotif::ExamenNonObtenu]
        );
        // L'examen de rédacteur principal de 2e classe réussi en 2025 (décret n° 2012-924
        // art. 8-II : 12 ans de services publics, dont 5 dans le cadre d'emplois ; R-01 en
        // compte 19 au 01/01/2027), importé seul, rend le dossier recevable.
        let bilan = import::importer(store, &[examens()], &auteur(), &mut rien)
            .await
            .expect("import de l'examen");
        assert_eq!(bilan.agents.modifiees, 1, "{bilan:?}");
        let r = instruction_r01(store).await;
        assert_eq!(
            r.decision,
            DecisionAutomatique::Recevable,
            "{:#?} {:#?}",
            r.motifs,
            r.a_verifier
        );
        let a = store.agent(&Portee::Cdg, "R-01").await.unwrap().unwrap();
        assert_eq!(
            a.agent.examens,
            [ExamenReussi {
                examen: "redacteur_principal_2e_classe".into(),
                annee: 2025,
                admis: true,
            }]
        );
        // Le grade écrit par son libellé est enregistré par son code.
        assert_eq!(
            a.agent.periodes[1].grade.as_deref(),
            Some("adjoint_administratif_principal_2e_classe")
        );
    }
    liberer(bases).await;
}

#[tokio::test]
async fn sexe_fonction_dispenses_et_postes_importes_puis_gardes() {
    let bases = moteurs("complements_importes").await;
    for (store, _) in &bases {
        let tous = [
            collectivites(),
            agents(),
            periodes(),
            formations(),
            examens(),
            dispenses(),
            postes(),
        ];
        let bilan = import::importer(store, &tous, &auteur(), &mut rien)
            .await
            .expect("import complet");
        assert_eq!(bilan.agents.creees, 2);
        let t = store.agent(&Portee::Cdg, "T-01").await.unwrap().unwrap();
        assert_eq!(
            t.agent.periodes[1].fonctions,
            [Fonction {
                code: FonctionCode::DirectionServicesTechniquesSeul,
                population: Some(12_000),
            }]
        );
        assert_eq!(t.agent.periodes[1].grade.as_deref(), Some("technicien"));
        assert_eq!(
            t.agent.dispenses,
            [
                Dispense {
                    type_formation: TypeFormation::Fptlc,
                    periode_debut: Some(date(2017, 1, 1)),
                    jours: None,
                },
                Dispense {
                    type_formation: TypeFormation::Fppe,
                    periode_debut: None,
                    jours: Some(2.5),
                },
            ]
        );
        assert_eq!(
            t.agent.postes_responsabilite,
            [PosteResponsabilite {
                debut: date(2019, 4, 1),
                fin: None,
            }]
        );
        // `F` : femme ; cellule vide : non renseigné.
        assert_eq!(
            store.sexe(&Portee::Cdg, "R-01").await.unwrap().as_deref(),
            Some("femme")
        );
        assert_eq!(store.sexe(&Portee::Cdg, "T-01").await.unwrap(), None);

        // Le même import une seconde fois ne change rien.
        let bilan = import::importer(store, &tous, &auteur(), &mut rien)
            .await
            .unwrap();
        assert!(bilan.sans_changement(), "{bilan:?}");

        // Un fichier des agents sans la colonne `sexe` (format d'avant) garde le sexe connu ;
        // un fichier d'examens seul garde les dispenses et les postes.
        let ancien_format = FichierCsv::new(
            "agents.csv",
            "matricule;code_collectivite;nom;prenom;date_naissance\n\
             R-01;C1;Lefèvre;Anne;03/02/1975\n",
        );
        let bilan = import::importer(store, &[ancien_format], &auteur(), &mut rien)
            .await
            .unwrap();
        assert!(bilan.sans_changement(), "{bilan:?}");
        assert_eq!(
            store.sexe(&Portee::Cdg, "R-01").await.unwrap().as_deref(),
            Some("femme")
        );
        let examen_t01 = FichierCsv::new(
            "examens.csv",
            "matricule;examen;session\nT-01;technicien_principal_2e_classe;15/06/2021\n",
        );
        import::importer(store, &[examen_t01], &auteur(), &mut rien)
            .await
            .unwrap();
        let t2 = store.agent(&Portee::Cdg, "T-01").await.unwrap().unwrap();
        assert_eq!(t2.agent.dispenses, t.agent.dispenses);
        assert_eq!(
            t2.agent.postes_responsabilite,
            t.agent.postes_responsabilite
        );
        // Une date de session donne son année.
        assert_eq!(t2.agent.examens[0].annee, 2021);
        // Le sexe corrigé par un nouvel import (`M` : homme).
        let homme = FichierCsv::new(
            "agents.csv",
            "matricule;code_collectivite;nom;prenom;date_naissance;sexe\n\
             T-01;C1;Garnier;Luc;1980-06-12;M\n",
        );
        let bilan = import::importer(store, &[homme], &auteur(), &mut rien)
            .await
            .unwrap();
        assert_eq!(bilan.agents.modifiees, 1);
        assert_eq!(
            store.sexe(&Portee::Cdg, "T-01").await.unwrap().as_deref(),
            Some("homme")
        );
    }
    liberer(bases).await;
}

/// Le message d'un import refusé (la base n'a pas bougé).
async fn refus(store: &Store, fichiers: &[FichierCsv]) -> String {
    let avant = store.comptes().await.unwrap();
    let e = import::importer(store, fichiers, &auteur(), &mut rien)
        .await
        .expect_err("import refusé");
    assert!(matches!(e, EchecImport::Fichier(_)), "{e}");
    assert_eq!(store.comptes().await.unwrap(), avant);
    e.to_string()
}

#[tokio::test]
async fn erreurs_des_nouveaux_fichiers_avec_fichier_ligne_et_colonne() {
    let bases = moteurs("complements_erreurs").await;
    for (store, _) in &bases {
        let base = || vec![collectivites(), agents(), periodes()];
        let avec = |f: FichierCsv| {
            let mut v = base();
            v.push(f);
            v
        };
        assert_eq!(
            refus(
                store,
                &avec(FichierCsv::new(
                    "examens.csv",
                    "matricule;examen;session\nR-01;redacteur;2024\nR-01;Rédacteur en chef;2024\n",
                ))
            )
            .await,
            "examens.csv, ligne 3, colonne 2 (examen) : le grade « Rédacteur en chef » est \
             inconnu du catalogue, ni par son code ni par son libellé (voir docs/codes.md)"
        );
        assert_eq!(
            refus(
                store,
                &avec(FichierCsv::new(
                    "examens.csv",
                    "matricule;examen;session\nR-01;redacteur;24\n",
                ))
            )
            .await,
            "examens.csv, ligne 2, colonne 3 (session) : session attendue : une année (AAAA) \
             ou une date (JJ/MM/AAAA ou AAAA-MM-JJ), reçu « 24 »"
        );
        let mut v = base();
        v[1] = FichierCsv::new(
            "agents.csv",
            "matricule;code_collectivite;nom;prenom;date_naissance;sexe\nR-01;C1;Lefèvre;Anne;;X\n",
        );
        assert_eq!(
            refus(store, &v).await,
            "agents.csv, ligne 2, colonne 6 (sexe) : « X » : attendu « F » (femme) ou « M » \
             (homme), ou une cellule vide si le sexe n'est pas renseigné"
        );
        // Une erreur vue par le moteur (fin avant le début) revient à sa ligne et sa colonne.
        assert_eq!(
            refus(
                store,
                &avec(FichierCsv::new(
                    "postes_responsabilite.csv",
                    "matricule;debut;fin\nT-01;01/04/2019;\nR-01;01/04/2019;31/12/2018\n",
                ))
            )
            .await,
            "postes_responsabilite.csv, ligne 3, colonne 3 (fin) : agent « R-01 » : \
             l'affectation sur un poste à responsabilité 1 se termine le 31/12/2018, avant son \
             début le 01/04/2019."
        );
        let mut v = base();
        v[1] = FichierCsv::new(
            "agents.csv",
            "matricule;code_collectivite;nom;prenom;date_naissance;genre\nR-01;C1;Lefèvre;Anne;;F\n",
        );
        assert_eq!(
            refus(store, &v).await,
            "agents.csv, ligne 1 : colonne 6 « genre » inconnue dans un fichier agents.csv \
             (colonnes admises : matricule;code_collectivite;nom;prenom;date_naissance;sexe)"
        );
    }
    liberer(bases).await;
}

// ------------------------------------------------------------------ Classeur XLSX

/// Une cellule d'une feuille de test.
enum C {
    T(&'static str),
    N(f64),
}

/// Une feuille de test : nom d'onglet, lignes (numéro affiché, cellules).
type FeuilleEssai<'a> = (&'a str, Vec<(usize, Vec<C>)>);

/// Un classeur XLSX minimal comme en écrit un tableur : table des feuilles et relations,
/// une partie par feuille, textes en ligne ; `lignes` : numéro de ligne affiché, cellules.
fn classeur(feuilles: &[FeuilleEssai<'_>], calendrier_1904: bool) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut onglets = String::new();
    let mut relations = String::new();
    let mut parties: Vec<(String, String)> = Vec::new();
    for (i, (nom, lignes)) in feuilles.iter().enumerate() {
        let n = i + 1;
        onglets.push_str(&format!(
            r#"<sheet name="{nom}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        relations.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/feuille{n}.xml"/>"#
        ));
        let mut xml = String::from(
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        );
        for (numero, cellules) in lignes {
            xml.push_str(&format!(r#"<row r="{numero}">"#));
            for (k, c) in cellules.iter().enumerate() {
                let reference = format!("{}{numero}", (b'A' + k as u8) as char);
                match c {
                    C::T("") => {}
                    C::T(t) => xml.push_str(&format!(
                        r#"<c r="{reference}" t="inlineStr"><is><t>{t}</t></is></c>"#
                    )),
                    C::N(x) => xml.push_str(&format!(r#"<c r="{reference}"><v>{x}</v></c>"#)),
                }
            }
            xml.push_str("</row>");
        }
        xml.push_str("</sheetData></worksheet>");
        parties.push((format!("xl/worksheets/feuille{n}.xml"), xml));
    }
    let date1904 = if calendrier_1904 {
        r#"<workbookPr date1904="1"/>"#
    } else {
        ""
    };
    parties.push((
        "xl/workbook.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{date1904}<sheets>{onglets}</sheets></workbook>"#
        ),
    ));
    parties.push((
        "xl/_rels/workbook.xml.rels".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{relations}</Relationships>"#
        ),
    ));
    for (nom, contenu) in parties {
        z.start_file(nom, options).unwrap();
        z.write_all(contenu.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn entete(noms: &[&'static str]) -> Vec<C> {
    noms.iter().map(|n| C::T(n)).collect()
}

/// Le classeur des agents de la campagne : une feuille de notes (non lue), puis
/// « Agents », « Périodes » et « Examens ». Dates en numéros de série : dans le calendrier
/// de 1900, 27428 = 03/02/1975, 39448 = 01/01/2008, 42369 = 31/12/2015,
/// 42370 = 01/01/2016 ; dans celui de 1904, 1 462 de moins.
fn classeur_agents(calendrier_1904: bool, examen: &'static str) -> Vec<u8> {
    let d = |serie: f64| {
        C::N(if calendrier_1904 {
            serie - 1462.0
        } else {
            serie
        })
    };
    let periode = |debut: C, fin: C, grade: &'static str| {
        vec![
            C::T("R-01"),
            debut,
            fin,
            C::T("territoriale"),
            C::T("titulaire"),
            C::T(grade),
            C::T("activite"),
        ]
    };
    classeur(
        &[
            (
                "Lisez-moi",
                vec![(1, vec![C::T("Fichier du service du personnel")])],
            ),
            (
                "Agents",
                vec![
                    (
                        1,
                        entete(&[
                            "matricule",
                            "code_collectivite",
                            "nom",
                            "prenom",
                            "date_naissance",
                            "sexe",
                        ]),
                    ),
                    (
                        2,
                        vec![
                            C::T("R-01"),
                            C::T("C1"),
                            C::T("Lefèvre"),
                            C::T("Anne"),
                            d(27428.0),
                            C::T("F"),
                        ],
                    ),
                ],
            ),
            (
                "Périodes",
                vec![
                    (1, entete(store::import::SorteFichier::Periodes.colonnes())),
                    (2, periode(d(39448.0), d(42369.0), "adjoint_administratif")),
                    // La ligne 3 est vide (le tableur ne l'écrit pas).
                    (
                        4,
                        periode(
                            d(42370.0),
                            C::T(""),
                            "Adjoint administratif principal de 2e classe",
                        ),
                    ),
                ],
            ),
            (
                "Examens",
                vec![
                    (1, entete(&["matricule", "examen", "session"])),
                    (2, vec![C::T("R-01"), C::T(examen), C::N(2025.0)]),
                ],
            ),
        ],
        calendrier_1904,
    )
}

#[tokio::test]
async fn un_classeur_xlsx_de_plusieurs_feuilles_dans_les_deux_calendriers() {
    let bases = moteurs("classeur_agents").await;
    for (store, _) in &bases {
        let mut lus = Vec::new();
        for calendrier_1904 in [false, true] {
            let fichiers = [
                collectivites(),
                FichierCsv::new(
                    "agents.xlsx",
                    classeur_agents(calendrier_1904, "redacteur_principal_2e_classe"),
                ),
                formations(),
            ];
            import::importer(store, &fichiers, &auteur(), &mut rien)
                .await
                .expect("classeur importé");
            let a = store.agent(&Portee::Cdg, "R-01").await.unwrap().unwrap();
            assert_eq!(a.agent.date_naissance, Some(date(1975, 2, 3)));
            assert_eq!(a.agent.periodes[0].debut, date(2008, 1, 1));
            assert_eq!(a.agent.periodes[0].fin, Some(date(2015, 12, 31)));
            assert_eq!(a.agent.periodes[1].debut, date(2016, 1, 1));
            lus.push(a);
        }
        // Les deux calendriers donnent le même agent.
        assert_eq!(lus[0], lus[1]);
        assert_eq!(
            instruction_r01(store).await.decision,
            DecisionAutomatique::Recevable
        );
        assert_eq!(
            store.sexe(&Portee::Cdg, "R-01").await.unwrap().as_deref(),
            Some("femme")
        );
        // Feuilles lues : celles qui portent le nom d'une sorte de fichier, pas « Lisez-moi ».
        assert_eq!(
            import::feuilles_lues(&[
                collectivites(),
                FichierCsv::new("agents.xlsx", classeur_agents(false, "redacteur")),
            ]),
            [
                "agents.xlsx, feuille « Agents »",
                "agents.xlsx, feuille « Périodes »",
                "agents.xlsx, feuille « Examens »",
            ]
        );
        // Une erreur nomme le classeur, la feuille, la ligne affichée et la colonne.
        let e = refus(
            store,
            &[FichierCsv::new(
                "agents.xlsx",
                classeur_agents(false, "redacteur_chef"),
            )],
        )
        .await;
        assert!(
            e.starts_with("agents.xlsx, feuille « Examens », ligne 2, colonne 2 (examen) : "),
            "{e}"
        );
    }
    liberer(bases).await;
}
