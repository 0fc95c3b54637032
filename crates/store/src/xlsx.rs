//! Lecture d'une feuille de classeur XLSX (Office Open XML, ECMA-376) en texte CSV, pour
//! qu'elle passe par l'analyse de l'import avec les mêmes règles qu'un fichier CSV.
//!
//! Seul ce qu'un tableur écrit dans une feuille de données simple est lu : la première
//! feuille (`xl/worksheets/sheet1.xml`), les textes partagés (`xl/sharedStrings.xml`), les
//! textes en ligne, les nombres et les booléens. Une cellule numérique d'une colonne de date
//! (`debut`, `fin`, `date`, `date_naissance`, reconnues à l'en-tête de la première ligne) est
//! un numéro de série de date (jours depuis le 30/12/1899, calendrier de 1900 des
//! tableurs) : elle est rendue en `JJ/MM/AAAA`. Les formules sont lues par leur dernière
//! valeur calculée. Le calendrier de 1904 (ancien Excel pour Mac) n'est pas pris en charge.

use std::io::{Cursor, Read};

/// Taille décompressée maximale d'une partie lue (protection contre les archives
/// « bombes ») : une feuille de carrière en fait quelques kilo-octets.
const PARTIE_MAX: u64 = 8 << 20;
/// Lignes au plus dans une feuille lue.
const LIGNES_MAX: usize = 100_000;
/// Colonnes au plus (au-delà, la ligne n'est pas une ligne du format d'import).
const COLONNES_MAX: usize = 64;

/// En-têtes des colonnes de dates du format d'import.
const COLONNES_DATES: &[&str] = &["debut", "fin", "date", "date_naissance"];

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

/// Numéro de série de date des tableurs (calendrier de 1900) → `JJ/MM/AAAA`.
fn date_de_serie(serie: f64) -> Option<String> {
    if !(1.0..=2_958_465.0).contains(&serie) {
        return None;
    }
    // Le jour 60 (29/02/1900) n'a pas existé ; le jour 0 est le 30/12/1899 pour les séries
    // postérieures au 28/02/1900.
    let jours = serie.trunc() as i64;
    let origine = jiff::civil::date(1899, 12, 30);
    let jours = if jours < 61 { jours + 1 } else { jours };
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

/// La première feuille d'un classeur XLSX, en texte CSV (séparateur `;`, lignes `\n`).
pub fn feuille_en_csv(octets: &[u8]) -> Result<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(octets))
        .map_err(|_| "classeur XLSX illisible : l'archive est abîmée".to_owned())?;
    let feuille = partie(&mut archive, "xl/worksheets/sheet1.xml")?
        .ok_or("classeur XLSX sans première feuille (xl/worksheets/sheet1.xml)")?;
    let partages = match partie(&mut archive, "xl/sharedStrings.xml")? {
        Some(x) => textes_partages(&x)?,
        None => Vec::new(),
    };
    let mut lignes: Vec<Vec<(String, bool)>> = Vec::new();
    let mut ligne: Option<Vec<(String, bool)>> = None;
    // Cellule en cours : colonne, type, valeur lue.
    let mut cellule: Option<(usize, String, String)> = None;
    let mut dans: Option<&str> = None;
    for j in jetons(&feuille)? {
        match j {
            Jeton::Ouvre {
                nom: "row", vide, ..
            } => {
                if lignes.len() >= LIGNES_MAX {
                    return Err(format!(
                        "classeur XLSX trop grand : {LIGNES_MAX} lignes au plus"
                    ));
                }
                if vide {
                    lignes.push(Vec::new());
                } else {
                    ligne = Some(Vec::new());
                }
            }
            Jeton::Ferme("row") => lignes.extend(ligne.take()),
            Jeton::Ouvre {
                nom: "c",
                attributs,
                vide,
            } => {
                let n = ligne.as_ref().map_or(0, Vec::len);
                let col = attribut(attributs, "r")
                    .and_then(|r| colonne(&r))
                    .unwrap_or(n);
                if col >= COLONNES_MAX {
                    return Err(format!("la feuille compte plus de {COLONNES_MAX} colonnes"));
                }
                let t = attribut(attributs, "t").unwrap_or_else(|| "n".to_owned());
                if vide {
                    if let Some(l) = ligne.as_mut() {
                        l.resize(l.len().max(col + 1), (String::new(), false));
                    }
                } else {
                    cellule = Some((col, t, String::new()));
                }
            }
            Jeton::Ferme("c") => {
                if let (Some((col, t, v)), Some(l)) = (cellule.take(), ligne.as_mut()) {
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
    // Colonnes de dates, reconnues à l'en-tête.
    let dates: Vec<bool> = lignes
        .first()
        .map(|l| {
            l.iter()
                .map(|(v, _)| COLONNES_DATES.contains(&v.trim().to_lowercase().as_str()))
                .collect()
        })
        .unwrap_or_default();
    // Un tableur n'écrit pas les cellules vides de fin de ligne : chaque ligne est complétée
    // jusqu'à la largeur de l'en-tête.
    let largeur = lignes.first().map_or(0, Vec::len);
    let mut csv = String::new();
    for (i, l) in lignes.iter().enumerate() {
        let mut l = l.clone();
        if l.len() < largeur {
            l.resize(largeur, (String::new(), false));
        }
        let cellules: Vec<String> = l
            .iter()
            .enumerate()
            .map(|(k, (v, nombre))| {
                let v = if i > 0 && *nombre && dates.get(k).copied().unwrap_or(false) {
                    v.parse::<f64>()
                        .ok()
                        .and_then(date_de_serie)
                        .unwrap_or_else(|| v.clone())
                } else {
                    v.clone()
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
        assert_eq!(date_de_serie(1.0).as_deref(), Some("01/01/1900"));
        assert_eq!(date_de_serie(59.0).as_deref(), Some("28/02/1900"));
        assert_eq!(date_de_serie(61.0).as_deref(), Some("01/03/1900"));
        assert_eq!(date_de_serie(39692.0).as_deref(), Some("01/09/2008"));
        assert_eq!(date_de_serie(45658.0).as_deref(), Some("01/01/2025"));
        assert_eq!(date_de_serie(-3.0), None);
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
