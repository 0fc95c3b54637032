//! L'heure et la date du jour, lues à la bordure (jamais dans les règles) : « aujourd'hui »
//! est la date civile à Paris (contrat v2, « Conventions »), celle qui décide qu'un dépôt
//! est ouvert ou clos (délai de rigueur).
//!
//! Une horloge peut être fixée (tests, démonstration à date donnée) : toutes les copies
//! d'une même horloge voient alors le même instant.

use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use jiff::civil::Date;

/// Fuseau des dates civiles de Passerelle.
pub const FUSEAU: &str = "Europe/Paris";

/// L'horloge du serveur.
#[derive(Debug, Clone, Default)]
pub struct Horloge {
    fixe: Arc<Mutex<Option<Timestamp>>>,
}

impl Horloge {
    /// L'horloge du système.
    pub fn systeme() -> Horloge {
        Horloge::default()
    }

    /// Une horloge arrêtée à cet instant.
    pub fn fixee(t: Timestamp) -> Horloge {
        let h = Horloge::default();
        h.fixer(t);
        h
    }

    /// Arrête l'horloge (et toutes ses copies) à cet instant.
    pub fn fixer(&self, t: Timestamp) {
        *self.fixe.lock().unwrap_or_else(|e| e.into_inner()) = Some(t);
    }

    /// Arrête l'horloge à midi, heure de Paris, ce jour-là.
    pub fn fixer_au(&self, jour: Date) {
        let t = jour
            .at(12, 0, 0, 0)
            .in_tz(FUSEAU)
            .map(|z| z.timestamp())
            .unwrap_or_else(|_| Timestamp::UNIX_EPOCH);
        self.fixer(t);
    }

    /// Instant présent (l'horloge du système est lue ici, à la bordure).
    #[allow(clippy::disallowed_methods)]
    pub fn maintenant(&self) -> Timestamp {
        self.fixe
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .unwrap_or_else(Timestamp::now)
    }

    /// Date civile du jour à Paris.
    pub fn aujourdhui(&self) -> Date {
        date_a_paris(self.maintenant())
    }
}

/// Date civile à Paris d'un instant. Le fuseau vient de la base des fuseaux du système, ou,
/// à défaut, de celle embarquée dans le programme.
pub fn date_a_paris(t: Timestamp) -> Date {
    match t.in_tz(FUSEAU) {
        Ok(z) => z.date(),
        Err(e) => {
            // Sans base des fuseaux, le décalage d'hiver (UTC+1) : une erreur d'une heure
            // au plus l'été, consignée.
            tracing::error!("fuseau {FUSEAU} introuvable ({e}) : date calculée en UTC+1");
            t.checked_add(jiff::SignedDuration::from_hours(1))
                .unwrap_or(t)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
        }
    }
}

/// Un instant enregistré (RFC 3339) à l'heure de Paris, pour une page : « 30/11/2026 à 14:05 ».
/// Un texte illisible est rendu tel quel (jamais d'heure inventée).
pub(crate) fn horodatage_fr(t: &str) -> String {
    heure_de_paris(t, "%d/%m/%Y à %H:%M")
}

/// Le même instant pour une cellule de tableur : « 30/11/2026 14:05 ».
pub(crate) fn horodatage_tableur(t: &str) -> String {
    heure_de_paris(t, "%d/%m/%Y %H:%M")
}

fn heure_de_paris(t: &str, format: &str) -> String {
    t.parse::<jiff::Timestamp>()
        .ok()
        .and_then(|i| i.in_tz(FUSEAU).ok())
        .map(|z| z.strftime(format).to_string())
        .unwrap_or_else(|| t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horodatages_a_l_heure_de_paris() {
        // 13 h 05 UTC le 30/11/2026 : 14 h 05 à Paris (UTC+1 en hiver).
        assert_eq!(horodatage_fr("2026-11-30T13:05:00Z"), "30/11/2026 à 14:05");
        assert_eq!(
            horodatage_tableur("2026-11-30T13:05:00Z"),
            "30/11/2026 14:05"
        );
        // 10 h UTC le 01/07/2026 : midi à Paris (UTC+2 en été).
        assert_eq!(horodatage_fr("2026-07-01T10:00:00Z"), "01/07/2026 à 12:00");
        // Illisible : rendu tel quel, sans heure inventée.
        assert_eq!(horodatage_fr("hier"), "hier");
    }

    #[test]
    fn la_date_du_jour_est_celle_de_paris() {
        // 18/12/2026 à 23 h 30 UTC : déjà le 19 à Paris (UTC+1 en hiver).
        let t: Timestamp = "2026-12-18T23:30:00Z".parse().unwrap();
        assert_eq!(date_a_paris(t), jiff::civil::date(2026, 12, 19));
        // 30/06/2026 à 22 h 30 UTC : déjà le 1er juillet à Paris (UTC+2 en été).
        let t: Timestamp = "2026-06-30T22:30:00Z".parse().unwrap();
        assert_eq!(date_a_paris(t), jiff::civil::date(2026, 7, 1));
        let h = Horloge::default();
        h.fixer_au(jiff::civil::date(2026, 12, 18));
        assert_eq!(h.clone().aujourdhui(), jiff::civil::date(2026, 12, 18));
    }
}
