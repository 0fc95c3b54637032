//! Dates civiles et durées administratives.
//!
//! Les calculs se font sur des numéros de jour (jours depuis le 1er janvier 1970),
//! les dates d'entrée et de sortie restent des `jiff::civil::Date` (ISO `AAAA-MM-JJ`).

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Numéro de jour : nombre de jours écoulés depuis le 1970-01-01 (négatif avant).
pub type Jour = i32;

/// Numéro de jour d'une date (algorithme des jours civils du calendrier grégorien proleptique).
pub fn jour(d: Date) -> Jour {
    jour_ymd(
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    )
}

/// Numéro de jour pour une année, un mois et un jour.
pub fn jour_ymd(y: i32, m: i32, d: i32) -> Jour {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Date d'un numéro de jour.
pub fn date(j: Jour) -> Date {
    let z = j + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Date::new(y as i16, m as i8, d as i8).expect("date calculée valide")
}

/// 1er janvier d'une année.
pub fn premier_janvier(annee: i32) -> Date {
    Date::new(annee as i16, 1, 1).expect("année dans les bornes")
}

/// 31 décembre d'une année.
pub fn trente_et_un_decembre(annee: i32) -> Date {
    Date::new(annee as i16, 12, 31).expect("année dans les bornes")
}

/// Ajoute des mois à une date, le jour étant ramené au dernier jour du mois si besoin.
pub fn ajouter_mois(d: Date, mois: i32) -> Date {
    let total = i32::from(d.year()) * 12 + i32::from(d.month()) - 1 + mois;
    let y = total.div_euclid(12);
    let m = total.rem_euclid(12) + 1;
    let dernier = jours_dans_mois(y, m);
    let jd = i32::from(d.day()).min(dernier);
    Date::new(y as i16, m as i8, jd as i8).expect("date valide")
}

/// Ajoute des années à une date (29 février → 28 février les années non bissextiles).
pub fn ajouter_annees(d: Date, annees: i32) -> Date {
    ajouter_mois(d, annees * 12)
}

/// Nombre de jours d'un mois.
pub fn jours_dans_mois(y: i32, m: i32) -> i32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 {
                29
            } else {
                28
            }
        }
    }
}

/// Format d'affichage `JJ/MM/AAAA`.
pub fn format_fr(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// Durée selon la convention administrative : mois de 30 jours, années de 12 mois (360 jours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, Default)]
pub struct Duree {
    pub annees: u32,
    pub mois: u32,
    pub jours: u32,
}

impl Duree {
    /// Décompose un nombre de jours (arrondi à l'inférieur) en années, mois et jours de 30 jours.
    pub fn depuis_jours(jours: f64) -> Self {
        let j = if jours.is_finite() && jours > 0.0 {
            jours.floor() as u64
        } else {
            0
        };
        Duree {
            annees: (j / 360) as u32,
            mois: ((j % 360) / 30) as u32,
            jours: (j % 30) as u32,
        }
    }

    /// Nombre de jours équivalent (convention 360/30).
    pub fn en_jours(self) -> u32 {
        self.annees * 360 + self.mois * 30 + self.jours
    }

    /// Libellé en français : « 8 ans, 0 mois et 3 jours ».
    pub fn libelle(self) -> String {
        let an = if self.annees > 1 { "ans" } else { "an" };
        format!(
            "{} {an}, {} mois et {} jour{}",
            self.annees,
            self.mois,
            self.jours,
            if self.jours > 1 { "s" } else { "" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn aller_retour_numero_de_jour() {
        for j in jour(d(1950, 1, 1))..jour(d(2101, 1, 1)) {
            assert_eq!(jour(date(j)), j);
        }
        assert_eq!(jour(d(1970, 1, 1)), 0);
        assert_eq!(jour(d(2000, 3, 1)) - jour(d(2000, 2, 28)), 2);
    }

    #[test]
    fn ajout_de_mois_ramene_au_dernier_jour() {
        assert_eq!(ajouter_mois(d(2024, 1, 31), 1), d(2024, 2, 29));
        assert_eq!(ajouter_mois(d(2023, 1, 31), 1), d(2023, 2, 28));
        assert_eq!(ajouter_annees(d(2025, 2, 1), 2), d(2027, 2, 1));
    }

    #[test]
    fn duree_administrative() {
        // 8 années de 360 jours.
        assert_eq!(
            Duree::depuis_jours(2880.0),
            Duree {
                annees: 8,
                mois: 0,
                jours: 0
            }
        );
        assert_eq!(
            Duree::depuis_jours(395.5),
            Duree {
                annees: 1,
                mois: 1,
                jours: 5
            }
        );
        assert_eq!(format_fr(d(2026, 1, 1)), "01/01/2026");
    }
}
