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

#[cfg(test)]
mod tests {
    use super::*;

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
