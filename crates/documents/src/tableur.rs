//! Exports tableur d'un tableau quelconque (classement, relances, registre…) : XLSX et CSV à
//! en-têtes français.
//!
//! - CSV : séparateur `;`, virgule décimale, dates JJ/MM/AAAA, fins de ligne CRLF, champs
//!   contenant `;`, `"` ou une fin de ligne entre guillemets ; encodé en UTF-8 précédé d'une
//!   marque d'ordre (BOM, pour qu'Excel reconnaisse l'encodage) ou en Windows-1252 (tableurs
//!   anciens) — un caractère que Windows-1252 ne sait pas écrire est une erreur qui nomme la
//!   cellule, jamais un remplacement silencieux.
//! - XLSX : en-tête en gras figé, nombres et dates en vraies valeurs (format `jj/mm/aaaa`).
//! - Neutralisation des formules (injection de formules dans un tableur) : une cellule de
//!   texte qui commence par `=`, `+`, `-`, `@`, une tabulation ou un retour chariot est
//!   préfixée d'une apostrophe, dans les deux formats. Les nombres restent des nombres.

use encoding_rs::WINDOWS_1252;
use jiff::civil::Date;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use crate::Erreur;

/// Une cellule.
#[derive(Debug, Clone, PartialEq)]
pub enum Cellule {
    Texte(String),
    Nombre(f64),
    Date(Date),
    /// Donnée absente : cellule vide.
    Vide,
}

impl From<&str> for Cellule {
    fn from(t: &str) -> Self {
        Cellule::Texte(t.to_owned())
    }
}

impl From<String> for Cellule {
    fn from(t: String) -> Self {
        Cellule::Texte(t)
    }
}

impl From<f64> for Cellule {
    fn from(x: f64) -> Self {
        Cellule::Nombre(x)
    }
}

impl From<u32> for Cellule {
    fn from(x: u32) -> Self {
        Cellule::Nombre(f64::from(x))
    }
}

impl From<Date> for Cellule {
    fn from(d: Date) -> Self {
        Cellule::Date(d)
    }
}

impl<T: Into<Cellule>> From<Option<T>> for Cellule {
    fn from(o: Option<T>) -> Self {
        o.map_or(Cellule::Vide, Into::into)
    }
}

/// Un tableau : un nom (celui de la feuille XLSX), des en-têtes, des lignes.
#[derive(Debug, Clone, PartialEq)]
pub struct Tableau {
    pub nom: String,
    pub entetes: Vec<String>,
    pub lignes: Vec<Vec<Cellule>>,
}

/// Encodage d'un CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encodage {
    /// UTF-8 précédé de la marque d'ordre EF BB BF.
    Utf8Bom,
    Windows1252,
}

/// Texte d'une cellule neutralisé : préfixé d'une apostrophe s'il pourrait être lu comme une
/// formule.
pub fn neutraliser(texte: &str) -> String {
    match texte.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{texte}"),
        _ => texte.to_owned(),
    }
}

/// Nombre à la française pour un CSV : virgule décimale, sans séparateur de milliers ni
/// arrondi (la valeur exacte est exportée).
fn nombre_csv(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string().replace('.', ",")
    }
}

fn champ_csv(texte: &str) -> String {
    if texte.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", texte.replace('"', "\"\""))
    } else {
        texte.to_owned()
    }
}

fn cellule_csv(c: &Cellule) -> String {
    match c {
        Cellule::Texte(t) => champ_csv(&neutraliser(t)),
        Cellule::Nombre(x) => nombre_csv(*x),
        Cellule::Date(d) => droit::date::format_fr(*d),
        Cellule::Vide => String::new(),
    }
}

/// Le tableau en CSV.
pub fn csv(t: &Tableau, encodage: Encodage) -> Result<Vec<u8>, Erreur> {
    let mut texte = String::new();
    let entetes: Vec<String> = t
        .entetes
        .iter()
        .map(|e| champ_csv(&neutraliser(e)))
        .collect();
    texte.push_str(&entetes.join(";"));
    texte.push_str("\r\n");
    for ligne in &t.lignes {
        let champs: Vec<String> = ligne.iter().map(cellule_csv).collect();
        texte.push_str(&champs.join(";"));
        texte.push_str("\r\n");
    }
    match encodage {
        Encodage::Utf8Bom => {
            let mut octets = vec![0xEF, 0xBB, 0xBF];
            octets.extend_from_slice(texte.as_bytes());
            Ok(octets)
        }
        Encodage::Windows1252 => {
            // Chaque caractère est vérifié : encoding_rs remplacerait un caractère inconnu de
            // Windows-1252 par une entité HTML, ce qui altérerait la donnée sans le dire.
            let entetes = t
                .entetes
                .iter()
                .enumerate()
                .map(|(j, e)| (0, j, e.as_str()));
            let cellules = t.lignes.iter().enumerate().flat_map(|(i, l)| {
                l.iter().enumerate().filter_map(move |(j, c)| match c {
                    Cellule::Texte(x) => Some((i + 1, j, x.as_str())),
                    _ => None,
                })
            });
            for (i, j, x) in entetes.chain(cellules) {
                if let Some(car) = x.chars().find(|&car| !encodable_1252(car)) {
                    return Err(Erreur::Tableur(format!(
                        "le caractère « {car} » (ligne {}, colonne {}) ne s'écrit pas en \
                         Windows-1252 : exportez en UTF-8",
                        i + 1,
                        j + 1
                    )));
                }
            }
            let (octets, _, _) = WINDOWS_1252.encode(&texte);
            Ok(octets.into_owned())
        }
    }
}

fn encodable_1252(c: char) -> bool {
    let mut tampon = [0u8; 4];
    let (_, _, remplace) = WINDOWS_1252.encode(c.encode_utf8(&mut tampon));
    !remplace
}

/// Nom de feuille XLSX valide : 31 caractères au plus, sans `[]:*?/\`.
fn nom_feuille(nom: &str) -> String {
    let propre: String = nom
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
        .take(31)
        .collect();
    let propre = propre.trim().trim_matches('\'').to_owned();
    if propre.is_empty() {
        "Feuille 1".to_owned()
    } else {
        propre
    }
}

fn erreur_xlsx(e: rust_xlsxwriter::XlsxError) -> Erreur {
    Erreur::Tableur(e.to_string())
}

/// Le tableau en XLSX.
pub fn xlsx(t: &Tableau) -> Result<Vec<u8>, Erreur> {
    let mut classeur = Workbook::new();
    let gras = Format::new().set_bold();
    let format_date = Format::new().set_num_format("dd/mm/yyyy");
    let feuille = classeur.add_worksheet();
    feuille.set_name(nom_feuille(&t.nom)).map_err(erreur_xlsx)?;
    for (j, e) in t.entetes.iter().enumerate() {
        let col = u16::try_from(j).map_err(|_| Erreur::Tableur("trop de colonnes".into()))?;
        feuille
            .write_string_with_format(0, col, neutraliser(e), &gras)
            .map_err(erreur_xlsx)?;
    }
    for (i, ligne) in t.lignes.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| Erreur::Tableur("trop de lignes".into()))?;
        for (j, c) in ligne.iter().enumerate() {
            let col = u16::try_from(j).map_err(|_| Erreur::Tableur("trop de colonnes".into()))?;
            match c {
                Cellule::Texte(x) => {
                    feuille
                        .write_string(row, col, neutraliser(x))
                        .map_err(erreur_xlsx)?;
                }
                Cellule::Nombre(x) => {
                    feuille.write_number(row, col, *x).map_err(erreur_xlsx)?;
                }
                Cellule::Date(d) => {
                    let date = ExcelDateTime::from_ymd(
                        u16::try_from(d.year()).map_err(|_| {
                            Erreur::Tableur(format!("année hors limites : {}", d.year()))
                        })?,
                        d.month() as u8,
                        d.day() as u8,
                    )
                    .map_err(erreur_xlsx)?;
                    feuille
                        .write_datetime_with_format(row, col, &date, &format_date)
                        .map_err(erreur_xlsx)?;
                }
                Cellule::Vide => {}
            }
        }
    }
    feuille.set_freeze_panes(1, 0).map_err(erreur_xlsx)?;
    feuille.autofit();
    classeur.save_to_buffer().map_err(erreur_xlsx)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralisation_des_formules() {
        // Les quatre caractères qui ouvrent une formule dans Excel, LibreOffice et Google
        // Sheets, plus tabulation et retour chariot (recommandation OWASP « CSV injection »).
        assert_eq!(neutraliser("=1+1"), "'=1+1");
        assert_eq!(neutraliser("+33 6"), "'+33 6");
        assert_eq!(neutraliser("-2+3"), "'-2+3");
        assert_eq!(neutraliser("@SOMME(A1)"), "'@SOMME(A1)");
        assert_eq!(neutraliser("\tx"), "'\tx");
        assert_eq!(neutraliser("Dupont-Martin"), "Dupont-Martin");
        assert_eq!(neutraliser(""), "");
    }

    #[test]
    fn nombres_a_la_francaise() {
        assert_eq!(nombre_csv(63.42), "63,42");
        assert_eq!(nombre_csv(10.0), "10");
        assert_eq!(nombre_csv(-3.5), "-3,5");
    }

    #[test]
    fn noms_de_feuille() {
        assert_eq!(
            nom_feuille("Classement [attaché] 2027/1"),
            "Classement -attaché- 2027-1"
        );
        assert_eq!(nom_feuille(""), "Feuille 1");
        assert_eq!(nom_feuille(&"x".repeat(40)).chars().count(), 31);
    }
}
