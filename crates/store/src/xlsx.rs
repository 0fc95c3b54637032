//! Lecture des feuilles d'un classeur XLSX (Office Open XML, ECMA-376) en texte CSV, pour
//! qu'elles passent par l'analyse de l'import avec les mêmes règles qu'un fichier CSV.
//!
//! Seul ce qu'un tableur écrit dans une feuille de données simple est lu : la table des
//! feuilles (`xl/workbook.xml` et ses relations), les feuilles, les textes partagés
//! (`xl/sharedStrings.xml`), les textes en ligne, les nombres et les booléens. D'un classeur
//! de plusieurs feuilles, on lit celles dont le nom d'onglet est attendu (« agents »,
//! « recensement »…), sinon la première ; les messages nomment toujours la feuille lue.
//! Une ligne du texte rendu est la ligne que le tableur affiche (les lignes vides, que le
//! tableur n'écrit pas, restent vides). Une cellule numérique d'une colonne de date
//! (`debut`, `fin`, `date`, `date_naissance`, `inscription`, `date_evenement`,
//! `periode_debut`, reconnues à l'en-tête) est un numéro de série de date, rendu en
//! `JJ/MM/AAAA` selon le calendrier du classeur (1900 par défaut, 1904 pour les anciens
//! classeurs Excel pour Mac). Les formules sont lues par leur dernière valeur calculée.

use std::io::{Cursor, Read};

/// Taille décompressée maximale d'une partie lue (protection contre les archives
/// « bombes ») : une feuille de carrière en fait quelques kilo-octets.
const PARTIE_MAX: u64 = 8 << 20;
/// Lignes au plus dans une feuille lue.
const LIGNES_MAX: usize = 100_000;
/// Colonnes au plus (au-delà, la ligne n'est pas une ligne du format d'import).
const COLONNES_MAX: usize = 64;

/// En-têtes des colonnes de dates du format d'import.
/// (`inscription` et `date_evenement` : import des listes d'aptitude antérieures.)
const COLONNES_DATES: &[&str] = &[
    "debut",
    "fin",
    "date",
    "date_naissance",
    "inscription",
    "date_evenement",
    "periode_debut",
];

/// En-têtes des colonnes qui reçoivent une année (`2024`) ou une date : un nombre entier
/// jusqu'à 2100 y est une année, au-delà un numéro de série de date (session d'un examen).
const COLONNES_ANNEE_OU_DATE: &[&str] = &["session"];

/// Le fichier est-il une archive ZIP (un classeur XLSX) ?
pub fn est_xlsx(octets: &[u8]) -> bool {
    octets.starts_with(b"PK\x03\x04")
}

fn partie(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    nom: &str,
) -> Result<Option<String>, String> {
    let mut f = match archive.by_name(nom) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(_) => return Err(format!("classeur XLSX illisible (partie {nom})")),
    };
    let mut texte = String::new();
    f.by_ref()
        .take(PARTIE_MAX + 1)
        .read_to_string(&mut texte)
        .map_err(|_| format!("classeur XLSX illisible (partie {nom})"))?;
    if texte.len() as u64 > PARTIE_MAX {
        return Err(format!(
            "classeur XLSX trop grand : la partie {nom} dépasse {} Mio une fois décompressée",
            PARTIE_MAX >> 20
        ));
    }
    Ok(Some(texte))
}

/// Un élément XML rencontré : balise ouvrante (ou vide), fermante, ou texte.
#[derive(Debug, PartialEq)]
enum Jeton<'a> {
    Ouvre {
        nom: &'a str,
        attributs: &'a str,
        vide: bool,
    },
    Ferme(&'a str),
    Texte(&'a str),
}

/// Découpe un document XML en jetons (sans DTD ; commentaires, déclarations et
/// instructions ignorés).
fn jetons(xml: &str) -> Result<Vec<Jeton<'_>>, String> {
    let mut sortie = Vec::new();
    let mut reste = xml;
    while !reste.is_empty() {
        let Some(i) = reste.find('<') else {
            sortie.push(Jeton::Texte(reste));
            break;
        };
        if i > 0 {
            sortie.push(Jeton::Texte(&reste[..i]));
        }
        reste = &reste[i..];
        if let Some(apres) = reste.strip_prefix("<![CDATA[") {
            let f = apres.find("]]>").ok_or("section CDATA non fermée")?;
            sortie.push(Jeton::Texte(&apres[..f]));
            reste = &apres[f + 3..];
            continue;
        }
        if reste.starts_with("<!--") {
            let f = reste.find("-->").ok_or("commentaire non fermé")?;
            reste = &reste[f + 3..];
            continue;
        }
        let f = reste.find('>').ok_or("balise non fermée")?;
        let balise = &reste[1..f];
        reste = &reste[f + 1..];
        if balise.starts_with('?') || balise.starts_with('!') {
            continue;
        }
        if let Some(nom) = balise.strip_prefix('/') {
            sortie.push(Jeton::Ferme(sans_prefixe(nom.trim())));
            continue;
        }
        let vide = balise.ends_with('/');
        let balise = balise.trim_end_matches('/');
        let (nom, attributs) = balise
            .split_once(|c: char| c.is_ascii_whitespace())
            .unwrap_or((balise, ""));
        sortie.push(Jeton::Ouvre {
            nom: sans_prefixe(nom),
            attributs,
            vide,
        });
    }
    Ok(sortie)
}

/// `x:row` → `row` (espace de noms préfixé).
fn sans_prefixe(nom: &str) -> &str {
    nom.rsplit(':').next().unwrap_or(nom)
}

/// Valeur d'un attribut (`r="B2"`), entités remplacées.
fn attribut(attributs: &str, nom: &str) -> Option<String> {
    let mut reste = attributs;
    loop {
        let eq = reste.find('=')?;
        let n = reste[..eq].trim();
        let apres = reste[eq + 1..].trim_start();
        let guillemet = apres.chars().next()?;
        if guillemet != '"' && guillemet != '\'' {
            return None;
        }
        let f = apres[1..].find(guillemet)? + 1;
        if sans_prefixe(n) == nom {
            return Some(entites(&apres[1..f]));
        }
        reste = &apres[f + 1..];
    }
}

/// Remplace les entités XML (`&amp;`, `&#233;`, `&#xE9;`…).
fn entites(texte: &str) -> String {
    if !texte.contains('&') {
        return texte.to_owned();
    }
    let mut sortie = String::with_capacity(texte.len());
    let mut reste = texte;
    while let Some(i) = reste.find('&') {
        sortie.push_str(&reste[..i]);
        reste = &reste[i..];
        let Some(f) = reste.find(';').filter(|&f| f <= 12) else {
            sortie.push('&');
            reste = &reste[1..];
            continue;
        };
        let nom = &reste[1..f];
        let c = match nom {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => nom
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| nom.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                sortie.push(c);
                reste = &reste[f + 1..];
            }
            None => {
                sortie.push('&');
                reste = &reste[1..];
            }
        }
    }
    sortie.push_str(reste);
    sortie
}

/// Textes partagés : le texte de chaque `<si>` (ses `<t>`, hors lectures phonétiques).
fn textes_partages(xml: &str) -> Result<Vec<String>, String> {
    let mut textes = Vec::new();
    let mut courant: Option<String> = None;
    let mut dans_t = false;
    let mut phonetique = false;
    for j in jetons(xml)? {
        match j {
            Jeton::Ouvre {
                nom: "si", vide, ..
            } => {
                if vide {
                    textes.push(String::new());
                } else {
                    courant = Some(String::new());
                }
            }
            Jeton::Ferme("si") => textes.extend(courant.take()),
            Jeton::Ouvre {
                nom: "rPh",
                vide: false,
                ..
            } => phonetique = true,
            Jeton::Ferme("rPh") => phonetique = false,
            Jeton::Ouvre { nom: "t", vide, .. } => dans_t = !vide,
            Jeton::Ferme("t") => dans_t = false,
            Jeton::Texte(t) if dans_t && !phonetique => {
                if let Some(c) = courant.as_mut() {
                    c.push_str(&entites(t));
                }
            }
            _ => {}
        }
    }
    Ok(textes)
}

/// `B12` → colonne 1 (à partir de 0).
fn colonne(reference: &str) -> Option<usize> {
    let lettres: String = reference
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    if lettres.is_empty() || lettres.len() > 3 {
        return None;
    }
    let mut n = 0usize;
    for c in lettres.chars() {
        n = n * 26 + (c.to_ascii_uppercase() as usize - 'A' as usize + 1);
    }
    Some(n - 1)
}

/// Numéro de série de date d'un tableur → `JJ/MM/AAAA`.
///
/// Calendrier de 1900 (celui des tableurs par défaut) : le jour 1 est le 01/01/1900, et le
/// jour 60 est un 29/02/1900 qui n'a pas existé (les tableurs le comptent à tort), d'où le
/// 30/12/1899 comme jour 0 des séries postérieures. Calendrier de 1904 (anciens classeurs
/// Excel pour Mac, attribut `date1904` du classeur, ECMA-376 partie 1 §18.2.28) : le jour 0
/// est le 01/01/1904.
fn date_de_serie(serie: f64, calendrier_1904: bool) -> Option<String> {
    let (origine, jours) = if calendrier_1904 {
        if !(0.0..=2_957_003.0).contains(&serie) {
            return None;
        }
        (jiff::civil::date(1904, 1, 1), serie.trunc() as i64)
    } else {
        if !(1.0..=2_958_465.0).contains(&serie) {
            return None;
        }
        let jours = serie.trunc() as i64;
        (
            jiff::civil::date(1899, 12, 30),
            if jours < 61 { jours + 1 } else { jours },
        )
    };
    let d = origine.checked_add(jiff::Span::new().days(jours)).ok()?;
    Some(format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year()))
}

/// Une cellule pour un fichier CSV à `;` : entre guillemets si elle contient `;` ou `"`.
fn cellule_csv(v: &str) -> String {
    if v.contains([';', '"']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_owned()
    }
}

/// Une feuille lue : son nom d'onglet et son contenu en texte CSV (séparateur `;`, lignes
/// `\n`, une ligne de texte par ligne du tableur : la ligne N du texte est la ligne N que
/// le tableur affiche).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feuille {
    /// Nom de l'onglet ; absent pour un classeur réduit à sa feuille, sans table des
    /// feuilles (`xl/workbook.xml`).
    pub nom: Option<String>,
    pub csv: String,
}

impl Feuille {
    /// Le fichier et la feuille, pour les messages : « agents.xlsx, feuille « Agents » ».
    pub fn citer(&self, fichier: &str) -> String {
        match &self.nom {
            Some(n) => format!("{fichier}, feuille « {n} »"),
            None => format!("{fichier}, première feuille"),
        }
    }
}

/// Un classeur ouvert : ses onglets dans l'ordre (nom, partie XML), son calendrier et ses
/// textes partagés.
struct Classeur<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    onglets: Vec<(Option<String>, String)>,
    calendrier_1904: bool,
    partages: Vec<String>,
}

/// Chemin d'une partie désignée par une relation : relatif au dossier `xl/`, ou absolu.
fn cible_relation(cible: &str) -> String {
    match cible.strip_prefix('/') {
        Some(absolu) => absolu.to_owned(),
        None => format!("xl/{cible}"),
    }
}

impl<'a> Classeur<'a> {
    fn ouvrir(octets: &'a [u8]) -> Result<Self, String> {
        let mut archive = zip::ZipArchive::new(Cursor::new(octets))
            .map_err(|_| "classeur XLSX illisible : l'archive est abîmée".to_owned())?;
        let mut onglets = Vec::new();
        let mut calendrier_1904 = false;
        if let Some(classeur) = partie(&mut archive, "xl/workbook.xml")? {
            let relations = match partie(&mut archive, "xl/_rels/workbook.xml.rels")? {
                Some(x) => jetons(&x)?
                    .into_iter()
                    .filter_map(|j| match j {
                        Jeton::Ouvre {
                            nom: "Relationship",
                            attributs,
                            ..
                        } => Some((attribut(attributs, "Id")?, attribut(attributs, "Target")?)),
                        _ => None,
                    })
                    .collect(),
                None => Vec::new(),
            };
            for j in jetons(&classeur)? {
                match j {
                    Jeton::Ouvre {
                        nom: "workbookPr",
                        attributs,
                        ..
                    } => {
                        calendrier_1904 = attribut(attributs, "date1904")
                            .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
                    }
                    Jeton::Ouvre {
                        nom: "sheet",
                        attributs,
                        ..
                    } => {
                        let nom = attribut(attributs, "name");
                        let chemin = attribut(attributs, "id")
                            .and_then(|id| relations.iter().find(|(i, _)| *i == id))
                            .map(|(_, cible)| cible_relation(cible))
                            .unwrap_or_else(|| {
                                format!("xl/worksheets/sheet{}.xml", onglets.len() + 1)
                            });
                        onglets.push((nom, chemin));
                    }
                    _ => {}
                }
            }
        }
        if onglets.is_empty() {
            onglets.push((None, "xl/worksheets/sheet1.xml".to_owned()));
        }
        let partages = match partie(&mut archive, "xl/sharedStrings.xml")? {
            Some(x) => textes_partages(&x)?,
            None => Vec::new(),
        };
        Ok(Classeur {
            archive,
            onglets,
            calendrier_1904,
            partages,
        })
    }

    /// La feuille de rang `i` (dans l'ordre des onglets), en texte CSV.
    fn lire(&mut self, i: usize) -> Result<Feuille, String> {
        let (nom, chemin) = self.onglets[i].clone();
        let cite = match &nom {
            Some(n) => format!("feuille « {n} »"),
            None => "première feuille".to_owned(),
        };
        let xml = partie(&mut self.archive, &chemin)?
            .ok_or_else(|| format!("classeur XLSX incomplet : {cite} introuvable ({chemin})"))?;
        let csv = feuille_xml_en_csv(&xml, &self.partages, self.calendrier_1904)
            .map_err(|m| format!("{cite} : {m}"))?;
        Ok(Feuille { nom, csv })
    }
}

/// Nom d'onglet ramené à sa forme de comparaison : minuscules, sans accents, lettres et
/// chiffres seuls (« Périodes de carrière » → « periodesdecarriere »).
pub fn nom_normalise(nom: &str) -> String {
    nom.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'â' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            autre => autre,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// Les feuilles à lire d'un classeur : celles dont le nom d'onglet est l'un des noms
/// attendus (comparés par [`nom_normalise`]) ; si aucune ne l'est, la première feuille
/// seulement. Chaque feuille rendue porte son nom, que les messages citent : le lecteur sait
/// toujours laquelle a été lue.
pub fn feuilles_attendues(octets: &[u8], attendus: &[&str]) -> Result<Vec<Feuille>, String> {
    let mut classeur = Classeur::ouvrir(octets)?;
    let attendus: Vec<String> = attendus.iter().map(|n| nom_normalise(n)).collect();
    let rangs: Vec<usize> = classeur
        .onglets
        .iter()
        .enumerate()
        .filter(|(_, (nom, _))| {
            nom.as_deref()
                .is_some_and(|n| attendus.contains(&nom_normalise(n)))
        })
        .map(|(i, _)| i)
        .collect();
    let rangs = if rangs.is_empty() { vec![0] } else { rangs };
    rangs.into_iter().map(|i| classeur.lire(i)).collect()
}

/// La feuille à lire d'un classeur qui n'en apporte qu'une sorte : la première dont le nom
/// d'onglet est attendu, sinon la première feuille (voir [`feuilles_attendues`]).
pub fn feuille_attendue(octets: &[u8], attendus: &[&str]) -> Result<Feuille, String> {
    let mut f = feuilles_attendues(octets, attendus)?;
    Ok(f.swap_remove(0))
}

/// La première feuille d'un classeur en texte CSV (relecture d'un classeur produit, par
/// exemple un export) : [`feuille_attendue`] sans nom attendu.
pub fn feuille_en_csv(octets: &[u8]) -> Result<String, String> {
    Ok(feuille_attendue(octets, &[])?.csv)
}

/// Le contenu d'une feuille (`<worksheet>`) en texte CSV.
fn feuille_xml_en_csv(
    feuille: &str,
    partages: &[String],
    calendrier_1904: bool,
) -> Result<String, String> {
    // Lignes lues : numéro affiché par le tableur (attribut `r`, à partir de 1) et cellules.
    let mut lignes: Vec<(usize, Vec<(String, bool)>)> = Vec::new();
    let mut ligne: Option<(usize, Vec<(String, bool)>)> = None;
    // Cellule en cours : colonne, type, valeur lue.
    let mut cellule: Option<(usize, String, String)> = None;
    let mut dans: Option<&str> = None;
    for j in jetons(feuille)? {
        match j {
            Jeton::Ouvre {
                nom: "row",
                attributs,
                vide,
            } => {
                if lignes.len() >= LIGNES_MAX {
                    return Err(format!(
                        "classeur XLSX trop grand : {LIGNES_MAX} lignes au plus"
                    ));
                }
                // Un tableur n'écrit pas les lignes vides : le numéro `r` garde la ligne
                // affichée. Sans lui, la ligne suit la précédente.
                let suivante = lignes.last().map_or(1, |(n, _)| n + 1);
                let numero = attribut(attributs, "r")
                    .and_then(|r| r.trim().parse::<usize>().ok())
                    .filter(|&n| n >= suivante && n <= LIGNES_MAX)
                    .unwrap_or(suivante);
                if vide {
                    lignes.push((numero, Vec::new()));
                } else {
                    ligne = Some((numero, Vec::new()));
                }
            }
            Jeton::Ferme("row") => lignes.extend(ligne.take()),
            Jeton::Ouvre {
                nom: "c",
                attributs,
                vide,
            } => {
                let n = ligne.as_ref().map_or(0, |(_, l)| l.len());
                let col = attribut(attributs, "r")
                    .and_then(|r| colonne(&r))
                    .unwrap_or(n);
                if col >= COLONNES_MAX {
                    return Err(format!("la feuille compte plus de {COLONNES_MAX} colonnes"));
                }
                let t = attribut(attributs, "t").unwrap_or_else(|| "n".to_owned());
                if vide {
                    if let Some((_, l)) = ligne.as_mut() {
                        l.resize(l.len().max(col + 1), (String::new(), false));
                    }
                } else {
                    cellule = Some((col, t, String::new()));
                }
            }
            Jeton::Ferme("c") => {
                if let (Some((col, t, v)), Some((_, l))) = (cellule.take(), ligne.as_mut()) {
                    let (valeur, nombre) = match t.as_str() {
                        "s" => (
                            v.trim()
                                .parse::<usize>()
                                .ok()
                                .and_then(|i| partages.get(i).cloned())
                                .ok_or("texte partagé introuvable dans le classeur")?,
                            false,
                        ),
                        "b" => (
                            (if v.trim() == "1" { "oui" } else { "non" }).to_owned(),
                            false,
                        ),
                        "n" => (v.trim().to_owned(), true),
                        _ => (v, false),
                    };
                    if l.len() <= col {
                        l.resize(col + 1, (String::new(), false));
                    }
                    l[col] = (valeur, nombre);
                }
            }
            Jeton::Ouvre {
                nom: n @ ("v" | "t"),
                vide: false,
                ..
            } => dans = Some(n),
            Jeton::Ferme("v" | "t") => dans = None,
            Jeton::Texte(x) if dans.is_some() => {
                if let Some((_, _, v)) = cellule.as_mut() {
                    v.push_str(&entites(x));
                }
            }
            _ => {}
        }
    }
    // Colonnes de dates, reconnues à l'en-tête (première ligne écrite).
    let entete: Vec<String> = lignes
        .first()
        .map(|(_, l)| l.iter().map(|(v, _)| v.trim().to_lowercase()).collect())
        .unwrap_or_default();
    let sorte_colonne = |k: usize| {
        let nom = entete.get(k).map_or("", String::as_str);
        if COLONNES_DATES.contains(&nom) {
            Some(false)
        } else if COLONNES_ANNEE_OU_DATE.contains(&nom) {
            Some(true)
        } else {
            None
        }
    };
    // Un tableur n'écrit pas les cellules vides de fin de ligne : chaque ligne est complétée
    // jusqu'à la largeur de l'en-tête. Une ligne sans aucune valeur reste vide (la lecture
    // CSV l'ignore), comme une ligne que le tableur n'a pas écrite.
    let largeur = lignes.first().map_or(0, |(_, l)| l.len());
    let mut csv = String::new();
    let mut numero_courant = 1;
    for (i, (numero, l)) in lignes.iter().enumerate() {
        while numero_courant < *numero {
            csv.push('\n');
            numero_courant += 1;
        }
        numero_courant += 1;
        if l.iter().all(|(v, _)| v.trim().is_empty()) {
            csv.push('\n');
            continue;
        }
        let mut l = l.clone();
        if l.len() < largeur {
            l.resize(largeur, (String::new(), false));
        }
        let cellules: Vec<String> = l
            .iter()
            .enumerate()
            .map(|(k, (v, nombre))| {
                let v = match (i > 0 && *nombre, sorte_colonne(k)) {
                    (true, Some(annee_admise)) => v
                        .parse::<f64>()
                        .ok()
                        .filter(|x| !(annee_admise && x.fract() == 0.0 && *x <= 2100.0))
                        .and_then(|x| date_de_serie(x, calendrier_1904))
                        .unwrap_or_else(|| v.clone()),
                    _ => v.clone(),
                };
                cellule_csv(&v)
            })
            .collect();
        csv.push_str(&cellules.join(";"));
        csv.push('\n');
    }
    Ok(csv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_de_dates_des_tableurs() {
        // 1 = 01/01/1900 ; 59 = 28/02/1900 ; 61 = 01/03/1900 (le 60 est le 29/02/1900 que
        // les tableurs comptent à tort) ; 39692 = 01/09/2008 ; 45658 = 01/01/2025.
        assert_eq!(date_de_serie(1.0, false).as_deref(), Some("01/01/1900"));
        assert_eq!(date_de_serie(59.0, false).as_deref(), Some("28/02/1900"));
        assert_eq!(date_de_serie(61.0, false).as_deref(), Some("01/03/1900"));
        assert_eq!(date_de_serie(39692.0, false).as_deref(), Some("01/09/2008"));
        assert_eq!(date_de_serie(45658.0, false).as_deref(), Some("01/01/2025"));
        assert_eq!(date_de_serie(-3.0, false), None);
        // Calendrier de 1904 : le jour 0 est le 01/01/1904, et une même date a un numéro
        // plus petit de 1 462 jours (4 années dont une bissextile, plus le 29/02/1900
        // fictif) : 39692 − 1462 = 38230 est aussi le 01/09/2008.
        assert_eq!(date_de_serie(0.0, true).as_deref(), Some("01/01/1904"));
        assert_eq!(date_de_serie(38230.0, true).as_deref(), Some("01/09/2008"));
        assert_eq!(date_de_serie(-1.0, true), None);
    }

    #[test]
    fn colonnes_et_entites() {
        assert_eq!(colonne("A1"), Some(0));
        assert_eq!(colonne("M7"), Some(12));
        assert_eq!(colonne("AA10"), Some(26));
        assert_eq!(entites("Saint-&#201;tienne &amp; co"), "Saint-Étienne & co");
        assert_eq!(attribut(r#"r="B2" t='s'"#, "t").as_deref(), Some("s"));
    }
}
