//! Le simulateur public de l'agent (`/simulateur`) : mêmes verdicts que la commande
//! `eligibilite` sur les carrières des exemples du moteur
//! (`crates/droit/tests/donnees/exemples/`), saisies par le formulaire ; erreurs en
//! français à côté du champ sans rien perdre de la saisie ; bornes ; jeton anti-falsification.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use axum::http::StatusCode;
use serde_json::Value;

use crate::commun::{Client, TestApp, jeton_csrf};

/// Champs du formulaire que le simulateur connaît, par champ de période du contrat.
const CHAMPS_PERIODE: &[(&str, &str)] = &[
    ("debut", "debut"),
    ("fin", "fin"),
    ("versant", "versant"),
    ("statut", "statut"),
    ("grade", "grade"),
    ("position", "position"),
    ("motif_disponibilite", "motif"),
    ("quotite", "quotite"),
    ("heures_hebdomadaires", "heures"),
    ("conge_parental_octroye_le", "octroi"),
];

/// `2014-03-01` → `01/03/2014` (la forme française, celle qu'un agent tape).
fn date_fr(iso: &str) -> String {
    let (a, reste) = iso.split_once('-').unwrap();
    let (m, j) = reste.split_once('-').unwrap();
    format!("{j}/{m}/{a}")
}

fn texte(v: &Value) -> String {
    match v {
        Value::String(s) if s.len() == 10 && s.as_bytes()[4] == b'-' => date_fr(s),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string().replace('.', ","),
        Value::Null => String::new(),
        autre => panic!("valeur inattendue {autre}"),
    }
}

/// La demande `eligibilite` d'un exemple (celles de la commande `services` prennent
/// l'année de liste qui suit leur date d'arrêt) ; `None` si la carrière utilise un champ que
/// le formulaire n'a pas (emploi fonctionnel, fonctions, dispenses…).
fn demande_de(exemple: &Value) -> Option<Value> {
    let entree = &exemple["entree"];
    let agent = entree.get("agent")?;
    let connus_agent = ["date_naissance", "periodes", "formations", "examens"];
    if agent
        .as_object()?
        .keys()
        .any(|k| !connus_agent.contains(&k.as_str()))
    {
        return None;
    }
    for p in agent["periodes"].as_array()? {
        if p.as_object()?
            .keys()
            .any(|k| !CHAMPS_PERIODE.iter().any(|(c, _)| c == k))
        {
            return None;
        }
    }
    let (annee, cibles) = match exemple["commande"].as_str()? {
        "eligibilite" => {
            if entree.get("cloture_inscriptions").is_some() {
                return None;
            }
            (entree["annee"].as_i64()?, entree.get("cibles").cloned())
        }
        "services" => {
            let jusqu_au = entree["jusqu_au"].as_str()?;
            (jusqu_au[..4].parse::<i64>().ok()? + 1, None)
        }
        _ => return None,
    };
    let mut d = serde_json::json!({"annee": annee, "agent": agent});
    if let Some(c) = cibles {
        if c.as_array()?.len() != 1 {
            return None;
        }
        d["cibles"] = c;
    }
    Some(d)
}

/// La même demande, encodée comme le formulaire du simulateur.
fn formulaire_de(demande: &Value) -> Vec<(String, String)> {
    let mut champs = vec![
        ("annee".to_owned(), demande["annee"].to_string()),
        ("action".to_owned(), "calculer".to_owned()),
    ];
    if let Some(c) = demande.get("cibles") {
        champs.push(("cible".into(), c[0].as_str().unwrap().to_owned()));
    }
    let agent = &demande["agent"];
    if let Some(n) = agent.get("date_naissance") {
        champs.push(("date_naissance".into(), texte(n)));
    }
    for (i, p) in agent["periodes"].as_array().unwrap().iter().enumerate() {
        for (contrat, formulaire) in CHAMPS_PERIODE {
            if let Some(v) = p.get(*contrat) {
                champs.push((format!("p{i}_{formulaire}"), texte(v)));
            }
        }
    }
    if let Some(fs) = agent.get("formations") {
        champs.push(("formations_renseignees".into(), "oui".into()));
        for (i, f) in fs.as_array().unwrap().iter().enumerate() {
            champs.push((format!("f{i}_type"), texte(&f["type"])));
            champs.push((format!("f{i}_date"), texte(&f["date"])));
            champs.push((format!("f{i}_jours"), texte(&f["jours"])));
        }
    }
    if let Some(es) = agent.get("examens") {
        for (i, e) in es.as_array().unwrap().iter().enumerate() {
            champs.push((format!("e{i}_examen"), texte(&e["examen"])));
            champs.push((format!("e{i}_annee"), e["annee"].to_string()));
        }
    }
    champs
}

/// Les attributs de chaque balise qui porte `marque` (par exemple `data-cible=`).
fn balises(html: &str, marque: &str) -> Vec<BTreeMap<String, String>> {
    let mut sortie = Vec::new();
    let mut reste = html;
    while let Some(i) = reste.find(marque) {
        let debut = reste[..i].rfind('<').unwrap();
        let fin = i + reste[i..].find('>').unwrap();
        let balise = &reste[debut..fin];
        let mut attributs = BTreeMap::new();
        let mut t = balise;
        while let Some(eq) = t.find("=\"") {
            let nom = t[..eq].rsplit(' ').next().unwrap().to_owned();
            let apres = &t[eq + 2..];
            let f = apres.find('"').unwrap();
            attributs.insert(nom, apres[..f].to_owned());
            t = &apres[f + 1..];
        }
        sortie.push(attributs);
        reste = &reste[fin..];
    }
    sortie
}

/// Verdicts (cible, voie, éligible, première année) lus dans la page.
fn verdicts_page(html: &str) -> BTreeSet<(String, String, String, String)> {
    balises(html, "data-cible=")
        .into_iter()
        .map(|a| {
            (
                a["data-cible"].clone(),
                a["data-voie"].clone(),
                a["data-eligible"].clone(),
                a["data-premiere-annee"].clone(),
            )
        })
        .collect()
}

fn verdicts_moteur(reponse: &Value) -> BTreeSet<(String, String, String, String)> {
    reponse["voies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["cible"].as_str().unwrap().to_owned(),
                v["voie"].as_str().unwrap().to_owned(),
                v["eligible"].to_string(),
                v["premiere_annee_eligible"]
                    .as_i64()
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

/// État de chaque condition affichée (clé `cible/voie/variante/rang`).
fn conditions_page(html: &str) -> BTreeMap<String, String> {
    balises(html, "data-condition=")
        .into_iter()
        .map(|a| (a["data-condition"].clone(), a["data-satisfaite"].clone()))
        .collect()
}

fn conditions_moteur(reponse: &Value) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    for v in reponse["voies"].as_array().unwrap() {
        for va in v["variantes"].as_array().unwrap() {
            for (k, c) in va["conditions"].as_array().unwrap().iter().enumerate() {
                let cle = format!(
                    "{}/{}/{}/{k}",
                    v["cible"].as_str().unwrap(),
                    v["voie"].as_str().unwrap(),
                    va["code"].as_str().unwrap()
                );
                let etat = match c["satisfaite"].as_bool() {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "inconnue",
                };
                m.insert(cle, etat.to_owned());
            }
        }
    }
    m
}

async fn envoyer(c: &mut Client, champs: &[(String, String)]) -> crate::commun::Reponse {
    let jeton = c.csrf_de("/simulateur").await;
    let mut tous: Vec<(&str, &str)> = vec![("csrf", jeton.as_str())];
    tous.extend(champs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    c.post_formulaire("/simulateur", &tous).await
}

fn exemples() -> Vec<(String, Value)> {
    let dossier = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../droit/tests/donnees/exemples");
    let mut v: Vec<(String, Value)> = std::fs::read_dir(&dossier)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let texte = std::fs::read_to_string(&p).unwrap();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                serde_json::from_str(&texte).unwrap(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[tokio::test]
async fn memes_verdicts_que_la_commande_eligibilite_sur_les_exemples_du_moteur() {
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let mut compares = Vec::new();
    for (nom, exemple) in exemples() {
        let Some(demande) = demande_de(&exemple) else {
            continue;
        };
        let attendu = droit::commandes::executer("eligibilite", &demande.to_string())
            .unwrap_or_else(|e| panic!("{nom} : {e:?}"));
        let r = envoyer(&mut c, &formulaire_de(&demande)).await;
        assert_eq!(r.statut, StatusCode::OK, "{nom} : {}", r.corps);
        let page = verdicts_page(&r.corps);
        assert_eq!(page, verdicts_moteur(&attendu), "{nom} : verdicts");
        // Les conditions affichées sont celles du moteur, dans le même état.
        let affichees = conditions_page(&r.corps);
        assert!(!affichees.is_empty() || page.iter().all(|v| v.2 == "false" && v.3.is_empty()));
        let moteur = conditions_moteur(&attendu);
        for (cle, etat) in &affichees {
            assert_eq!(moteur.get(cle), Some(etat), "{nom} : condition {cle}");
        }
        // Valeurs calculées à la main dans l'exemple (`attendu`), lues dans la page.
        if let Some(Value::Object(valeurs)) = exemple.get("attendu")
            && exemple["commande"] == "eligibilite"
        {
            for (chemin, valeur) in valeurs {
                let Some(reste) = chemin.strip_prefix("voies[cible=") else {
                    continue;
                };
                let (cible, reste) = reste.split_once("][voie=").unwrap();
                let (voie, champ) = reste.split_once("].").unwrap();
                let v = page
                    .iter()
                    .find(|v| v.0 == cible && v.1 == voie)
                    .unwrap_or_else(|| panic!("{nom} : {cible}/{voie} absente de la page"));
                match champ {
                    "eligible" => assert_eq!(v.2, valeur.to_string(), "{nom} : {chemin}"),
                    "premiere_annee_eligible" => {
                        assert_eq!(v.3, valeur.to_string(), "{nom} : {chemin}")
                    }
                    _ => {}
                }
            }
        }
        compares.push(nom);
    }
    // Les deux exemples `eligibilite` et les quatre carrières des exemples `services`.
    assert!(compares.len() >= 6, "exemples comparés : {compares:?}");
    app.fin().await;
}

#[tokio::test]
async fn page_publique_sans_compte_et_jamais_en_cache() {
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let r = c.get("/simulateur").await;
    assert_eq!(r.statut, StatusCode::OK);
    assert!(r.corps.contains("<h1>Simulateur de promotion interne</h1>"));
    assert!(r.corps.contains("name=\"p0_debut\""));
    assert_eq!(r.entete("cache-control"), Some("no-store"));
    assert!(jeton_csrf(&r.corps).is_some());
    // Sans jeton : refusé (403), comme tout formulaire.
    let r = c
        .post_formulaire(
            "/simulateur",
            &[("annee", "2026"), ("p0_debut", "01/01/2010")],
        )
        .await;
    assert_eq!(r.statut, StatusCode::FORBIDDEN);
    app.fin().await;
}

#[tokio::test]
async fn ajouter_une_periode_garde_la_saisie() {
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let champs: Vec<(String, String)> = [
        ("annee", "2026"),
        ("p0_debut", "01/09/2008"),
        ("p0_grade", "technicien"),
        ("p0_quotite", "80"),
        ("action", "ajouter_periode"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let r = envoyer(&mut c, &champs).await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    assert!(
        r.corps
            .contains("id=\"p0_debut\" name=\"p0_debut\" value=\"01/09/2008\"")
    );
    assert!(r.corps.contains("value=\"technicien\" selected"));
    assert!(r.corps.contains("name=\"p0_quotite\" value=\"80\""));
    // La ligne ajoutée reçoit le focus, même sans JavaScript.
    assert!(
        r.corps
            .contains("id=\"p1_debut\" name=\"p1_debut\" value=\"\" autofocus")
    );
    assert_eq!(r.corps.matches(" autofocus").count(), 1);
    assert!(r.corps.contains("<legend>Période 2</legend>"));
    assert!(
        !r.corps.contains("id=\"resultat\""),
        "pas de calcul sur un ajout"
    );
    app.fin().await;
}

#[tokio::test]
async fn erreurs_en_francais_a_cote_du_champ_sans_perte() {
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let champs = |paires: &[(&str, &str)]| -> Vec<(String, String)> {
        paires
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    // Le 31 février n'existe pas : erreur sous le champ, valeur gardée.
    let r = envoyer(
        &mut c,
        &champs(&[
            ("annee", "2026"),
            ("p0_debut", "31/02/2020"),
            ("p0_grade", "redacteur"),
        ]),
    )
    .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.corps
            .contains("value=\"31/02/2020\" aria-invalid=\"true\"")
    );
    assert!(r.corps.contains("id=\"p0_debut-erreur\""), "{}", r.corps);
    // Le résumé des erreurs en tête nomme le champ et mène à lui.
    assert!(
        r.corps
            .contains("<li><a href=\"#p0_debut\">Période 1, début</a> : Date non reconnue"),
        "{}",
        r.corps
    );
    // Fin avant le début : l'erreur du moteur revient au champ de la ligne saisie (la
    // ligne 0, laissée vide, est ignorée).
    let r = envoyer(
        &mut c,
        &champs(&[
            ("annee", "2026"),
            ("p1_debut", "01/01/2020"),
            ("p1_fin", "31/12/2019"),
            ("p1_grade", "redacteur"),
        ]),
    )
    .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    let erreur = r
        .corps
        .split("id=\"p1_fin-erreur\"")
        .nth(1)
        .unwrap_or_else(|| panic!("erreur attendue sous p1_fin : {}", r.corps));
    assert!(erreur.contains("se termine le 31/12/2019"), "{erreur}");
    // Plus de 40 périodes : refusé avec un message.
    let r = envoyer(
        &mut c,
        &champs(&[("annee", "2026"), ("p40_debut", "01/01/2020")]),
    )
    .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.corps.contains("au plus 40 périodes"));
    // Année hors des bornes du contrat.
    let r = envoyer(
        &mut c,
        &champs(&[
            ("annee", "2200"),
            ("p0_debut", "01/01/2020"),
            ("p0_grade", "redacteur"),
        ]),
    )
    .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.corps.contains("id=\"annee-erreur\""));
    assert!(r.corps.contains("value=\"2200\""));
    app.fin().await;
}

#[tokio::test]
async fn frise_de_la_carriere_avec_son_alternative_en_texte() {
    // Exemple du dépôt `services-conge-parental-2013.json` : activité en 2012, puis congé
    // parental accordé le 01/01/2013 jusqu'au 31/12/2014 : première année en totalité,
    // seconde pour moitié (loi n° 2012-347 art. 57).
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let champs: Vec<(String, String)> = [
        ("annee", "2015"),
        ("p0_debut", "01/01/2012"),
        ("p0_fin", "31/12/2012"),
        ("p0_grade", "adjoint_administratif"),
        ("p1_debut", "01/01/2013"),
        ("p1_fin", "31/12/2014"),
        ("p1_grade", "adjoint_administratif"),
        ("p1_position", "conge_parental"),
        ("p1_octroi", "01/01/2013"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    let r = envoyer(&mut c, &champs).await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    assert!(r.corps.contains("<svg class=\"frise\""));
    assert!(r.corps.contains("role=\"img\""));
    // Segments successifs de même taux regroupés (le congé est découpé par renouvellement
    // de six mois, sans effet sur le compte).
    let mut lignes: Vec<String> = balises(&r.corps, "data-frise=")
        .into_iter()
        .map(|a| a["data-frise"].clone())
        .collect();
    lignes.dedup();
    assert_eq!(lignes, ["totalite", "moitie"], "{}", r.corps);
    assert!(r.corps.contains("Frise en texte"));
    app.fin().await;
}

#[tokio::test]
async fn les_lignes_du_dossier_au_format_d_import_donnent_le_meme_verdict() {
    // La carrière de l'exemple `eligibilite-ingenieur-technicien-principal-2022.json`, en
    // lignes de `periodes.csv` (docs/format-import.md), en Windows-1252 comme un tableur.
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let csv = "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;\
heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\r\n\
T-01;01/09/2008;28/02/2014;territoriale;titulaire;technicien;activite;;;;;;\r\n\
T-01;01/03/2014;28/02/2019;territoriale;titulaire;technicien_principal_2e_classe;activite;;;;;;\r\n\
T-01;01/03/2019;;territoriale;titulaire;technicien_principal_1re_classe;activite;;;;;;\r\n";
    let jeton = c.csrf_de("/simulateur").await;
    let r = c
        .post_multipart(
            "/simulateur/fichier",
            &[("csrf", &jeton), ("annee", "2022"), ("cible", "ingenieur")],
            &[("periodes", "periodes.csv", csv.as_bytes())],
        )
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    let page = verdicts_page(&r.corps);
    // Calcul de l'exemple : liste 2022 fermée au choix, première liste 2023 ; inscription à
    // l'examen de la session 2022 ouverte.
    assert!(page.contains(&(
        "ingenieur".into(),
        "choix".into(),
        "false".into(),
        "2023".into()
    )));
    assert!(
        page.iter()
            .any(|v| v.0 == "ingenieur" && v.1 == "inscription_examen" && v.2 == "true")
    );
    // Ce qui manque : les 8 ans comme technicien principal sont atteints le 28/02/2022
    // (calcul de l'exemple), ils comptent pour la liste 2023.
    assert!(
        r.corps.contains(
            "cette durée sera atteinte le 28/02/2022 : elle comptera pour l&#39;année 2023"
        ),
        "{}",
        r.corps
    );
    // La carrière est reportée dans le formulaire, en dates françaises ; le matricule n'est
    // repris nulle part.
    assert!(r.corps.contains("name=\"p1_debut\" value=\"01/03/2014\""));
    assert!(!r.corps.contains("T-01"));

    // Les lignes de deux agents : refusé, avec un message.
    let deux = format!("{csv}T-02;01/01/2010;;territoriale;titulaire;redacteur;activite;;;;;;\r\n");
    let r = c
        .post_multipart(
            "/simulateur/fichier",
            &[("csrf", &jeton), ("annee", "2022")],
            &[("periodes", "periodes.csv", deux.as_bytes())],
        )
        .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.corps.contains("les lignes de 2 agents"), "{}", r.corps);
    // Une date invalide : le fichier, la ligne et la colonne, comme à l'import.
    let faux = csv.replace("01/03/2019", "31/02/2019");
    let r = c
        .post_multipart(
            "/simulateur/fichier",
            &[("csrf", &jeton), ("annee", "2022")],
            &[("periodes", "periodes.csv", faux.as_bytes())],
        )
        .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.corps.contains("periodes.csv, ligne 4, colonne 2 (debut)"),
        "{}",
        r.corps
    );
    app.fin().await;
}

/// Un classeur XLSX minimal comme l'écrit un tableur : textes partagés, dates en numéros de
/// série, cellule vide omise.
pub(crate) fn classeur(lignes: &[&[Cellule]]) -> Vec<u8> {
    use std::io::Write;
    let mut partages: Vec<String> = Vec::new();
    let mut feuille = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (i, l) in lignes.iter().enumerate() {
        feuille.push_str(&format!(r#"<row r="{}">"#, i + 1));
        for (k, c) in l.iter().enumerate() {
            let reference = format!("{}{}", (b'A' + k as u8) as char, i + 1);
            match c {
                Cellule::Vide => {}
                Cellule::Texte(t) => {
                    partages.push((*t).to_owned());
                    feuille.push_str(&format!(
                        r#"<c r="{reference}" t="s"><v>{}</v></c>"#,
                        partages.len() - 1
                    ));
                }
                Cellule::Nombre(n) => {
                    feuille.push_str(&format!(r#"<c r="{reference}" s="1"><v>{n}</v></c>"#))
                }
            }
        }
        feuille.push_str("</row>");
    }
    feuille.push_str("</sheetData></worksheet>");
    let mut sst = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    );
    for t in &partages {
        let t = t.replace('&', "&amp;").replace('é', "&#233;");
        sst.push_str(&format!("<si><t>{t}</t></si>"));
    }
    sst.push_str("</sst>");
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (nom, contenu) in [
        ("xl/worksheets/sheet1.xml", feuille),
        ("xl/sharedStrings.xml", sst),
    ] {
        z.start_file(nom, options).unwrap();
        z.write_all(contenu.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

pub(crate) enum Cellule {
    Vide,
    Texte(&'static str),
    Nombre(f64),
}

#[tokio::test]
async fn un_classeur_xlsx_donne_le_meme_verdict_que_son_csv() {
    use Cellule::{Nombre as N, Texte as T, Vide as V};
    // La même carrière que l'exemple `eligibilite-ingenieur-technicien-principal-2022.json`,
    // dates en numéros de série des tableurs : 39692 = 01/09/2008, 41698 = 28/02/2014,
    // 41699 = 01/03/2014, 43524 = 28/02/2019, 43525 = 01/03/2019.
    let entete: Vec<Cellule> = store::import::SorteFichier::Periodes
        .colonnes()
        .iter()
        .map(|c| T(c))
        .collect();
    let l1 = [
        T("T-01"),
        N(39692.0),
        N(41698.0),
        T("territoriale"),
        T("titulaire"),
        T("technicien"),
        T("activite"),
    ];
    let l2 = [
        T("T-01"),
        N(41699.0),
        N(43524.0),
        T("territoriale"),
        T("titulaire"),
        T("technicien_principal_2e_classe"),
        T("activite"),
    ];
    let l3 = [
        T("T-01"),
        N(43525.0),
        V,
        T("territoriale"),
        T("titulaire"),
        T("technicien_principal_1re_classe"),
        T("activite"),
    ];
    let octets = classeur(&[&entete, &l1, &l2, &l3]);
    let app = TestApp::sqlite().await;
    let mut c = app.anonyme();
    let jeton = c.csrf_de("/simulateur").await;
    let r = c
        .post_multipart(
            "/simulateur/fichier",
            &[("csrf", &jeton), ("annee", "2022"), ("cible", "ingenieur")],
            &[("periodes", "carriere.xlsx", &octets)],
        )
        .await;
    assert_eq!(r.statut, StatusCode::OK, "{}", r.corps);
    assert!(r.corps.contains("name=\"p1_fin\" value=\"28/02/2019\""));
    assert!(r.corps.contains("name=\"p2_fin\" value=\"\""));
    let page = verdicts_page(&r.corps);
    assert!(page.contains(&(
        "ingenieur".into(),
        "choix".into(),
        "false".into(),
        "2023".into()
    )));
    // Une archive abîmée : un message, pas d'erreur interne.
    let r = c
        .post_multipart(
            "/simulateur/fichier",
            &[("csrf", &jeton), ("annee", "2022")],
            &[("periodes", "carriere.xlsx", &octets[..octets.len() / 2])],
        )
        .await;
    assert_eq!(r.statut, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.corps.contains("carriere.xlsx : classeur XLSX illisible"),
        "{}",
        r.corps
    );
    app.fin().await;
}
