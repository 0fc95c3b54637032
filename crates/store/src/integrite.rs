//! Contrôle d'intégrité de la base, après un arrêt brutal par exemple.
//!
//! SQLite : `PRAGMA integrity_check` (structure du fichier, index) et
//! `PRAGMA foreign_key_check` (lignes orphelines). PostgreSQL se remet d'un arrêt brutal par
//! son journal d'écriture anticipée (WAL) ; on y vérifie les lignes orphelines des tables de
//! la campagne, que les clés étrangères interdisent déjà. La chaîne du journal d'audit se
//! vérifie à part (`Store::verifier_journal`, `passerelle journal verifier`).

use crate::{ErreurStockage, Store, selon_moteur};

impl Store {
    /// Anomalies trouvées (vide : base intègre), en français.
    pub async fn controler_integrite(&self) -> Result<Vec<String>, ErreurStockage> {
        let mut anomalies = Vec::new();
        match self {
            Store::Sqlite(pool) => {
                let lignes: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
                    .fetch_all(pool)
                    .await?;
                anomalies.extend(
                    lignes
                        .into_iter()
                        .filter(|l| l != "ok")
                        .map(|l| format!("structure du fichier SQLite : {l}")),
                );
                let orphelines: Vec<(String, Option<i64>, String)> =
                    sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
                        .fetch_all(pool)
                        .await?;
                anomalies.extend(orphelines.into_iter().map(|(t, id, parent)| {
                    let id = id.map_or_else(|| "?".to_owned(), |i| i.to_string());
                    format!("ligne {id} de la table {t} sans sa ligne de {parent}")
                }));
            }
            Store::Postgres(_) => {}
        }
        let orphelines: Vec<(String, i64)> = selon_moteur!(self, pool => {
            sqlx::query_as(
                "SELECT 'pieces', COUNT(*) FROM pieces x \
                 WHERE NOT EXISTS (SELECT 1 FROM propositions p WHERE p.id = x.proposition_id) \
                 UNION ALL SELECT 'periodes', COUNT(*) FROM periodes x \
                 WHERE NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = x.agent_id)",
            )
            .fetch_all(pool)
            .await?
        });
        anomalies.extend(
            orphelines
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(t, n)| format!("{n} ligne(s) orpheline(s) dans la table {t}")),
        );
        Ok(anomalies)
    }
}
