//! Règles communes aux fichiers de tableur (CSV) : encodage, caractères admis, longueur des
//! valeurs, dates, et neutralisation des formules à l'export.
//!
//! Le détail pour les utilisateurs est dans `docs/format-import.md`.

use std::borrow::Cow;

use jiff::civil::Date;

/// Longueur maximale d'une valeur (cellule), en caractères : le plus long nom de
/// collectivité (« Communauté d'agglomération … ») tient en moins de 150 caractères ; la même
/// borne vaut pour les textes des demandes au moteur.
pub const LONGUEUR_VALEUR_MAX: usize = droit::entree::bornes::LONGUEUR_TEXTE_MAX;

/// Un défaut d'encodage, avec la ligne du fichier (à partir de 1) où il se trouve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefautEncodage {
    pub ligne: u64,
    pub message: String,
}

/// Décode un fichier de tableur : UTF-8 (BOM facultatif) ou Windows-1252, jamais un mélange
/// des deux, sans texte déjà abîmé par un mauvais décodage.
///
/// - UTF-8 valide : retenu.
/// - Sinon, si le fichier contient des suites UTF-8 valides (« é » codé sur deux octets) et
///   des octets isolés de Windows-1252 (« é » sur un octet), il mélange deux encodages :
///   refusé, avec la première ligne de chaque sorte (le lire en Windows-1252 donnerait
///   « HÃ©lÃ¨ne »).
/// - Sinon Windows-1252 ; un octet que Windows-1252 ne définit pas (0x81, 0x8D, 0x8F, 0x90,
///   0x9D) est refusé.
/// - UTF-16 (reconnu à son BOM) est refusé avec la marche à suivre.
/// - Un texte qui porte la marque d'un double encodage (« Ã© », « Ã¨ »…) est refusé.
pub fn decoder(octets: &[u8]) -> Result<String, DefautEncodage> {
    if octets.starts_with(b"\xFF\xFE") || octets.starts_with(b"\xFE\xFF") {
        return Err(DefautEncodage {
            ligne: 1,
            message: "fichier en UTF-16 : enregistrez-le en « CSV UTF-8 » ou en CSV \
                      Windows-1252 (« CSV (séparateur : point-virgule) »)"
                .into(),
        });
    }
    let sans_bom = octets.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(octets);
    let texte = match std::str::from_utf8(sans_bom) {
        Ok(s) => s.to_owned(),
        Err(_) => windows_1252(sans_bom)?,
    };
    if let Some((ligne, extrait)) = double_encodage(&texte) {
        return Err(DefautEncodage {
            ligne,
            message: format!(
                "texte mal encodé (« {extrait} ») : le fichier a été converti deux fois ; \
                 repartez du fichier d'origine et enregistrez-le en UTF-8"
            ),
        });
    }
    Ok(texte)
}

/// Ligne (à partir de 1) de l'octet `i`.
fn ligne_de(octets: &[u8], i: usize) -> u64 {
    1 + octets[..i].iter().filter(|&&b| b == b'\n').count() as u64
}

fn windows_1252(octets: &[u8]) -> Result<String, DefautEncodage> {
    // Parcours des suites : une suite UTF-8 valide de plusieurs octets, ou un octet non
    // ASCII isolé (Windows-1252).
    let mut premiere_utf8 = None;
    let mut premier_isole = None;
    let mut i = 0;
    while i < octets.len() {
        let b = octets[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let n = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => 0,
        };
        let suite = (n > 0 && i + n <= octets.len())
            .then(|| &octets[i..i + n])
            .filter(|s| std::str::from_utf8(s).is_ok());
        match suite {
            Some(_) => {
                premiere_utf8.get_or_insert(i);
                i += n;
            }
            None => {
                premier_isole.get_or_insert(i);
                i += 1;
            }
        }
    }
    if let (Some(u), Some(w)) = (premiere_utf8, premier_isole) {
        return Err(DefautEncodage {
            ligne: ligne_de(octets, w),
            message: format!(
                "encodages mélangés : la ligne {} est en UTF-8 et la ligne {} en Windows-1252 ; \
                 enregistrez tout le fichier dans un seul encodage (UTF-8 de préférence)",
                ligne_de(octets, u),
                ligne_de(octets, w)
            ),
        });
    }
    if let Some(i) = octets
        .iter()
        .position(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
    {
        return Err(DefautEncodage {
            ligne: ligne_de(octets, i),
            message: format!(
                "octet 0x{:02X} invalide : le fichier n'est ni en UTF-8 ni en Windows-1252",
                octets[i]
            ),
        });
    }
    Ok(encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(octets)
        .0
        .into_owned())
}

/// Marque d'un double encodage : « Ã » ou « Â » suivi d'un caractère que Windows-1252 code
/// entre 0x80 et 0xBF (c'est ainsi que se lit, octet par octet, un caractère accentué codé
/// en UTF-8). Aucun mot français ne s'écrit ainsi.
fn double_encodage(texte: &str) -> Option<(u64, String)> {
    let car: Vec<(usize, char)> = texte.char_indices().collect();
    for w in car.windows(2) {
        let ((i, a), (_, b)) = (w[0], w[1]);
        if matches!(a, 'Ã' | 'Â') && code_1252_continuation(b) {
            let ligne = 1 + texte[..i].matches('\n').count() as u64;
            let debut = texte[..i]
                .rfind(|c: char| c.is_whitespace() || c == ';' || c == ',')
                .map_or(0, |p| p + 1);
            let fin = texte[i..]
                .find(|c: char| c.is_whitespace() || c == ';' || c == ',')
                .map_or(texte.len(), |p| i + p);
            let extrait: String = texte[debut..fin].chars().take(40).collect();
            return Some((ligne, extrait));
        }
    }
    None
}

fn code_1252_continuation(c: char) -> bool {
    let mut tampon = [0u8; 4];
    let (octets, _, erreur) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut tampon));
    !erreur && octets.len() == 1 && (0x80..=0xBF).contains(&octets[0])
}

/// Défaut d'une valeur de cellule (après décodage et découpage du CSV).
pub fn defaut_valeur(valeur: &str) -> Option<String> {
    if let Some(c) = valeur.chars().find(|c| c.is_control()) {
        let nom = match c {
            '\0' => "caractère nul".to_owned(),
            '\t' => "tabulation".to_owned(),
            '\n' | '\r' => "retour à la ligne".to_owned(),
            autre => format!("caractère de contrôle U+{:04X}", autre as u32),
        };
        return Some(format!(
            "{nom} interdit dans une valeur (la cellule doit tenir sur une ligne, sans caractère invisible)"
        ));
    }
    let n = valeur.chars().count();
    if n > LONGUEUR_VALEUR_MAX {
        return Some(format!(
            "valeur trop longue : {n} caractères, {LONGUEUR_VALEUR_MAX} au plus"
        ));
    }
    None
}

/// Date d'une cellule : `JJ/MM/AAAA` ou `AAAA-MM-JJ` (jour et mois sur deux chiffres, année
/// sur quatre, de 1950 à 2100). Le message d'erreur est une fin de phrase en minuscules.
pub fn lire_date(valeur: &str) -> Result<Date, String> {
    droit::entree::lire_date_tableur(valeur).map_err(|d| {
        let m = d.message(valeur, droit::entree::FormeDate::Tableur);
        let m = m.trim_end_matches('.');
        let mut c = m.chars();
        match c.next() {
            Some(p) => p.to_lowercase().chain(c).collect(),
            None => String::new(),
        }
    })
}

/// Neutralise une formule de tableur dans une cellule de texte exportée (CSV, XLSX) : une
/// valeur qui commence par `=`, `+`, `-`, `@`, une tabulation ou un retour chariot serait
/// exécutée comme une formule par le tableur qui ouvre le fichier (injection de formule).
/// Elle est précédée d'une apostrophe, que les tableurs n'affichent pas et qui fait lire la
/// cellule comme du texte. Les valeurs sont conservées telles quelles en base ; seule la
/// sortie vers un tableur passe par cette fonction (cellules de texte seulement : un nombre
/// négatif exporté comme nombre n'est pas concerné).
pub fn neutraliser_formule(valeur: &str) -> Cow<'_, str> {
    if valeur.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{valeur}"))
    } else {
        Cow::Borrowed(valeur)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_et_windows_1252_seuls() {
        // docs/format-import.md : UTF-8 avec ou sans BOM, ou Windows-1252.
        assert_eq!(decoder(b"\xEF\xBB\xBFnom;\xC3\xA9").unwrap(), "nom;é");
        assert_eq!(decoder(b"nom;\xE9").unwrap(), "nom;é");
        assert_eq!(decoder(b"nom;\x80 \x9C").unwrap(), "nom;€ œ");
    }

    #[test]
    fn un_melange_d_encodages_est_refuse_avec_ses_lignes() {
        // « Hélène » en UTF-8 ligne 2, « Élodie » en Windows-1252 ligne 3 : lu en
        // Windows-1252, le fichier entier donnait « HÃ©lÃ¨ne ».
        let f = b"nom\nH\xC3\xA9l\xC3\xA8ne\n\xC9lodie\n";
        let e = decoder(f).unwrap_err();
        assert_eq!(e.ligne, 3);
        assert!(
            e.message.contains("la ligne 2 est en UTF-8"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("la ligne 3 en Windows-1252"),
            "{}",
            e.message
        );
    }

    #[test]
    fn octets_indefinis_et_utf16_refuses() {
        let e = decoder(b"nom\nab\x81c\n").unwrap_err();
        assert_eq!(e.ligne, 2);
        assert!(e.message.contains("0x81"));
        assert!(
            decoder(b"\xFF\xFEn\0o\0m\0")
                .unwrap_err()
                .message
                .contains("UTF-16")
        );
    }

    #[test]
    fn un_texte_deja_abime_est_refuse() {
        let e = decoder("nom\nDurand;HÃ©lÃ¨ne\n".as_bytes()).unwrap_err();
        assert_eq!(e.ligne, 2);
        assert!(e.message.contains("« HÃ©lÃ¨ne »"), "{}", e.message);
        // Des majuscules accentuées légitimes passent.
        assert!(decoder("nom\nÃLVARO;Âge\n".as_bytes()).is_ok());
    }

    #[test]
    fn valeurs_de_cellule() {
        assert_eq!(defaut_valeur("Durand"), None);
        assert!(defaut_valeur("Dur\0and").unwrap().contains("caractère nul"));
        assert!(defaut_valeur("a\tb").unwrap().contains("tabulation"));
        assert!(defaut_valeur("a\u{85}b").unwrap().contains("U+0085"));
        assert!(
            defaut_valeur(&"x".repeat(201))
                .unwrap()
                .contains("201 caractères")
        );
        assert_eq!(defaut_valeur(&"é".repeat(200)), None);
    }

    #[test]
    fn dates_des_tableurs() {
        // Formes retenues : celles qu'écrivent les tableurs en français et en ISO.
        assert_eq!(lire_date("01/09/2012"), Ok(jiff::civil::date(2012, 9, 1)));
        assert_eq!(lire_date("2012-09-01"), Ok(jiff::civil::date(2012, 9, 1)));
        assert_eq!(
            lire_date("2010-1-1").unwrap_err(),
            "date attendue au format JJ/MM/AAAA ou AAAA-MM-JJ, reçu \"2010-1-1\""
        );
        assert!(
            lire_date("31/02/2021")
                .unwrap_err()
                .contains("février 2021")
        );
        assert!(
            lire_date("01/01/1900")
                .unwrap_err()
                .contains("hors des bornes")
        );
    }

    #[test]
    fn formules_neutralisees() {
        for f in ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutraliser_formule(f), format!("'{f}"));
        }
        assert_eq!(neutraliser_formule("Durand"), "Durand");
        assert_eq!(neutraliser_formule(""), "");
    }
}
