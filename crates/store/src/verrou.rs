//! Un seul import à la fois sur une base : le second attend que le premier se termine, ou
//! échoue avec un message français au bout de [`ATTENTE_MAX`], jamais avec le « database is
//! locked » du pilote.
//!
//! - SQLite : la transaction d'import est une transaction d'écriture
//!   ([`Ecriture::ecriture`], `BEGIN IMMEDIATE`), qui prend tout de suite le verrou
//!   d'écriture ; une autre écriture attend, jusqu'au délai d'attente de la connexion, réglé à
//!   [`ATTENTE_MAX`] à l'ouverture de la base (5 s par défaut : un import de masse dure plus).
//! - PostgreSQL : en plus, verrou consultatif pris dans la transaction
//!   (`pg_advisory_xact_lock`), libéré à sa fin, avant toute lecture : sans lui, deux imports
//!   des mêmes agents se heurteraient sur l'unicité des matricules. La clé dépend du schéma
//!   courant, pour que des bases logées dans des schémas différents ne s'attendent pas. Aucun
//!   objet n'est créé dans la base.

use std::time::Duration;

use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::journal::Ecriture;

/// Attente maximale d'un import (ou d'une écriture) derrière un autre.
pub const ATTENTE_MAX: Duration = Duration::from_secs(120);

/// Première clé du verrou consultatif PostgreSQL des imports (« Pass » en ASCII).
const CLE_IMPORT: i32 = 0x5061_7373;

/// Début d'une transaction d'import, verrou pris.
pub(crate) trait DebutImport {
    type Base: sqlx::Database;

    async fn debuter_import(&self) -> Result<Transaction<'static, Self::Base>, sqlx::Error>;
}

impl DebutImport for SqlitePool {
    type Base = Sqlite;

    async fn debuter_import(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.ecriture().await
    }
}

impl DebutImport for PgPool {
    type Base = Postgres;

    async fn debuter_import(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        let mut tx = self.ecriture().await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SET LOCAL lock_timeout = '{}s'",
            ATTENTE_MAX.as_secs()
        )))
        .execute(&mut *tx)
        .await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))")
            .bind(CLE_IMPORT)
            .execute(&mut *tx)
            .await?;
        Ok(tx)
    }
}

/// L'erreur signale-t-elle une base occupée (verrou non obtenu dans le délai) ?
/// SQLite : `SQLITE_BUSY` (5) ou `SQLITE_LOCKED` (6), codes étendus compris ; PostgreSQL :
/// `lock_not_available` (55P03).
pub fn base_occupee(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(d) = e else {
        return false;
    };
    match d.code().as_deref() {
        Some("55P03") => true,
        Some(code) => code.parse::<u32>().is_ok_and(|n| matches!(n & 0xFF, 5 | 6)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[derive(Debug)]
    struct Fausse(&'static str);

    impl std::fmt::Display for Fausse {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("database is locked")
        }
    }

    impl std::error::Error for Fausse {}

    impl sqlx::error::DatabaseError for Fausse {
        fn message(&self) -> &str {
            "database is locked"
        }
        fn code(&self) -> Option<Cow<'_, str>> {
            Some(Cow::Borrowed(self.0))
        }
        fn as_error(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn as_error_mut(&mut self) -> &mut (dyn std::error::Error + Send + Sync + 'static) {
            self
        }
        fn into_error(self: Box<Self>) -> Box<dyn std::error::Error + Send + Sync + 'static> {
            self
        }
        fn kind(&self) -> sqlx::error::ErrorKind {
            sqlx::error::ErrorKind::Other
        }
    }

    #[test]
    fn codes_de_base_occupee() {
        let e = |c| sqlx::Error::Database(Box::new(Fausse(c)));
        assert!(base_occupee(&e("5")));
        assert!(base_occupee(&e("517"))); // SQLITE_BUSY_SNAPSHOT
        assert!(base_occupee(&e("6")));
        assert!(base_occupee(&e("55P03")));
        assert!(!base_occupee(&e("19"))); // contrainte
        assert!(!base_occupee(&e("23505")));
        assert!(!base_occupee(&sqlx::Error::RowNotFound));
    }
}
