//! Lecture stricte des dates : `AAAA-MM-JJ` dans le JSON, `AAAA-MM-JJ` ou `JJ/MM/AAAA` dans
//! les fichiers de tableur, années de 1950 à 2100, et un message en français qui dit ce qui
//! était attendu.
//!
//! Le lecteur de dates de `jiff` est plus accommodant que le contrat : il prend une
//! date-heure (`2025-03-01T12:00:00+14:00`) pour sa date, une année étendue (`+002025-03-01`)
//! ou une date compacte (`20250301`). Une date-heure avec un fuseau à +14 h n'est pas le même
//! jour civil à Paris : l'accepter donnerait une réponse fausse avec assurance.

use jiff::civil::Date;

use crate::carriere::{ANNEE_MAX, ANNEE_MIN};
use crate::date::{format_fr, jours_dans_mois};

/// Ce qui ne va pas dans une date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefautDate {
    /// Le texte n'a pas la forme attendue.
    Forme,
    /// Le mois n'existe pas (00, 13…).
    Mois { mois: u32 },
    /// Le jour n'existe pas dans le mois.
    Jour { annee: i32, mois: u32, jour: u32 },
    /// Date hors des années admises.
    HorsBornes(Date),
}

/// Formes de date admises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormeDate {
    /// `AAAA-MM-JJ` seulement (JSON du contrat).
    Iso,
    /// `AAAA-MM-JJ` ou `JJ/MM/AAAA` (fichiers de tableur).
    Tableur,
}

impl FormeDate {
    fn libelle(self) -> &'static str {
        match self {
            FormeDate::Iso => "au format AAAA-MM-JJ",
            FormeDate::Tableur => "au format JJ/MM/AAAA ou AAAA-MM-JJ",
        }
    }
}

impl DefautDate {
    /// Code d'erreur stable du contrat.
    pub fn code(self) -> &'static str {
        match self {
            DefautDate::HorsBornes(_) => "valeur_hors_bornes",
            _ => "date_invalide",
        }
    }

    /// Phrase française complète (majuscule initiale, point final) pour le texte `recu`.
    pub fn message(self, recu: &str, forme: FormeDate) -> String {
        let recu = super::citer(recu);
        match self {
            DefautDate::Forme => format!("Date attendue {}, reçu {recu}.", forme.libelle()),
            DefautDate::Mois { mois } => {
                format!("Date impossible, reçu {recu} : le mois {mois:02} n'existe pas (01 à 12).")
            }
            DefautDate::Jour { annee, mois, jour } => format!(
                "Date impossible, reçu {recu} : le {jour:02} n'existe pas en {} {annee}, qui compte {} jours.",
                NOMS_MOIS[(mois - 1) as usize],
                jours_dans_mois(annee, mois as i32)
            ),
            DefautDate::HorsBornes(d) => format!(
                "La date {} est hors des bornes admises ({ANNEE_MIN} à {ANNEE_MAX}).",
                format_fr(d)
            ),
        }
    }
}

const NOMS_MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// Date `AAAA-MM-JJ` exactement (dix caractères), d'une année de 1950 à 2100.
pub fn lire_date_iso(texte: &str) -> Result<Date, DefautDate> {
    let b = texte.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(DefautDate::Forme);
    }
    assembler(&b[0..4], &b[5..7], &b[8..10])
}

/// Date d'un fichier de tableur : `AAAA-MM-JJ` ou `JJ/MM/AAAA`, jour et mois sur deux
/// chiffres, année sur quatre.
pub fn lire_date_tableur(texte: &str) -> Result<Date, DefautDate> {
    let b = texte.as_bytes();
    if b.len() == 10 && b[2] == b'/' && b[5] == b'/' {
        return assembler(&b[6..10], &b[3..5], &b[0..2]);
    }
    lire_date_iso(texte)
}

fn assembler(annee: &[u8], mois: &[u8], jour: &[u8]) -> Result<Date, DefautDate> {
    let n = |c: &[u8]| -> Result<u32, DefautDate> {
        if c.iter().all(u8::is_ascii_digit) {
            Ok(c.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
        } else {
            Err(DefautDate::Forme)
        }
    };
    let (a, m, j) = (n(annee)? as i32, n(mois)?, n(jour)?);
    if !(1..=12).contains(&m) {
        return Err(DefautDate::Mois { mois: m });
    }
    if j == 0 || j as i32 > jours_dans_mois(a, m as i32) {
        return Err(DefautDate::Jour {
            annee: a,
            mois: m,
            jour: j,
        });
    }
    // Année sur quatre chiffres : dans les bornes de `jiff` ; les mois et jours sont vérifiés.
    let d = Date::new(a as i16, m as i8, j as i8).map_err(|_| DefautDate::Forme)?;
    if !(ANNEE_MIN..=ANNEE_MAX).contains(&a) {
        return Err(DefautDate::HorsBornes(d));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn formes_admises_et_refusees() {
        assert_eq!(lire_date_iso("2012-09-01"), Ok(d(2012, 9, 1)));
        assert_eq!(lire_date_tableur("01/09/2012"), Ok(d(2012, 9, 1)));
        assert_eq!(lire_date_tableur("2012-09-01"), Ok(d(2012, 9, 1)));
        for refusee in [
            "2025-03-01T12:00:00+14:00",
            "+002025-03-01",
            "20250301",
            "2010-1-1",
            "2010-01-1 ",
            " 2010-01-01",
            "2010/01/01",
            "01/09/2012",
            "",
            "2010-0a-01",
            "２０１０-01-01",
        ] {
            assert_eq!(lire_date_iso(refusee), Err(DefautDate::Forme), "{refusee}");
        }
        for refusee in ["1/9/2012", "01/09/12", "01-09-2012", "2012-9-1"] {
            assert_eq!(
                lire_date_tableur(refusee),
                Err(DefautDate::Forme),
                "{refusee}"
            );
        }
    }

    #[test]
    fn jours_et_mois_qui_n_existent_pas() {
        assert_eq!(
            lire_date_iso("2025-02-29"),
            Err(DefautDate::Jour {
                annee: 2025,
                mois: 2,
                jour: 29
            })
        );
        assert_eq!(lire_date_iso("2024-02-29"), Ok(d(2024, 2, 29)));
        assert_eq!(
            lire_date_iso("2024-13-01"),
            Err(DefautDate::Mois { mois: 13 })
        );
        assert_eq!(
            lire_date_iso("2024-00-01"),
            Err(DefautDate::Mois { mois: 0 })
        );
        let m = lire_date_iso("2025-02-30")
            .unwrap_err()
            .message("2025-02-30", FormeDate::Iso);
        assert_eq!(
            m,
            "Date impossible, reçu \"2025-02-30\" : le 30 n'existe pas en février 2025, qui compte 28 jours."
        );
    }

    #[test]
    fn annees_du_contrat() {
        // Contrat v1 : « year outside 1950..2100 » est une entrée invalide.
        assert_eq!(lire_date_iso("1950-01-01"), Ok(d(1950, 1, 1)));
        assert_eq!(lire_date_iso("2100-12-31"), Ok(d(2100, 12, 31)));
        assert_eq!(
            lire_date_iso("1949-12-31"),
            Err(DefautDate::HorsBornes(d(1949, 12, 31)))
        );
        assert_eq!(
            lire_date_iso("9999-01-01"),
            Err(DefautDate::HorsBornes(d(9999, 1, 1)))
        );
        assert_eq!(
            lire_date_iso("0000-01-01"),
            Err(DefautDate::HorsBornes(d(0, 1, 1)))
        );
        let e = lire_date_iso("1900-01-01").unwrap_err();
        assert_eq!(e.code(), "valeur_hors_bornes");
        assert_eq!(
            e.message("1900-01-01", FormeDate::Iso),
            "La date 01/01/1900 est hors des bornes admises (1950 à 2100)."
        );
    }
}
