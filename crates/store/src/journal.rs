//! Journal d'audit : qui a fait quoi, sur quel objet, avant et après, chaîné et vérifiable.
//!
//! # Écrire et journaliser dans la même transaction
//!
//! Toute méthode d'écriture du stockage suit ce modèle, identique pour les deux moteurs :
//!
//! ```ignore
//! pub async fn renommer(&self, acteur: &Acteur, code: &str, nom: &str) -> Result<(), ErreurStockage> {
//!     selon_moteur!(self, pool => {
//!         let mut tx = pool.ecriture().await?;           // BEGIN IMMEDIATE en SQLite
//!         let avant: Option<String> = sqlx::query_scalar("SELECT nom FROM collectivites WHERE code = $1")
//!             .bind(code).fetch_optional(&mut *tx).await?;
//!         sqlx::query("UPDATE collectivites SET nom = $1 WHERE code = $2")
//!             .bind(nom).bind(code).execute(&mut *tx).await?;
//!         tx.journaliser(acteur, &Evenement::new("collectivite.renommer", format!("collectivite:{code}"))
//!             .avant(json!({"nom": avant})).apres(json!({"nom": nom}))).await?;  // en dernier
//!         tx.commit().await?;
//!     });
//!     Ok(())
//! }
//! ```
//!
//! [`Ecriture::ecriture`] ouvre la transaction (en SQLite `BEGIN IMMEDIATE`, qui prend le
//! verrou d'écriture d'emblée : les écritures concurrentes attendent au lieu d'échouer) ;
//! [`Journaliser::journaliser`] ajoute l'entrée : en PostgreSQL elle verrouille d'abord la
//! table `journal` (`LOCK TABLE … IN EXCLUSIVE MODE`, les lectures restent possibles), si bien
//! que deux écrivains concurrents s'enchaînent l'un après l'autre. Appelez-la **en dernier**
//! dans la transaction, pour tenir ce verrou le moins longtemps possible. Si la transaction
//! est annulée, l'entrée disparaît avec l'écriture : le journal ne dit jamais qu'une écriture
//! a eu lieu quand elle n'a pas eu lieu, ni l'inverse.
//!
//! # Chaînage
//!
//! Chaque entrée porte l'empreinte SHA-256 de la précédente (`precedente`) et la sienne
//! (`empreinte`), calculée sur son numéro, son horodatage, son auteur, son action, son objet,
//! ses valeurs avant et après et l'empreinte précédente ([`empreinte`]). L'horodatage est lu
//! sur l'horloge de la base au moment de l'ajout, jamais fourni par l'appelant. Des
//! déclencheurs refusent la modification, la suppression, le vidage (`TRUNCATE`, PostgreSQL),
//! le remplacement (`REPLACE INTO`, SQLite) et toute entrée qui ne suit pas la précédente.
//! [`Store::verifier_journal`] recalcule toute la chaîne et nomme la première entrée rompue.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{Postgres, Sqlite, Transaction};

use crate::acces::Acteur;
use crate::{ErreurStockage, Store, selon_moteur};

/// Empreinte « précédente » de la toute première entrée.
pub const EMPREINTE_INITIALE: &str =
    "0000000000000000000000000000000000000000000000000000000000000000";

/// Une entrée du journal d'audit (contrat v2, « Journal »).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntreeJournal {
    pub id: i64,
    /// Instant UTC, RFC 3339 à la milliseconde (`2026-11-30T08:49:21.123Z`), lu sur
    /// l'horloge de la base.
    pub horodatage: String,
    /// Identifiant du compte, ou `systeme:<origine>` pour la ligne de commande.
    pub utilisateur: String,
    pub action: String,
    /// L'objet touché, `sorte:identifiant` (`utilisateur:marie`, `import`…).
    pub objet: String,
    pub avant: Option<Value>,
    pub apres: Option<Value>,
    pub precedente: String,
    pub empreinte: String,
}

/// Ce qu'une écriture ajoute au journal.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Evenement {
    pub action: String,
    pub objet: String,
    pub avant: Option<Value>,
    pub apres: Option<Value>,
}

impl Evenement {
    pub fn new(action: impl Into<String>, objet: impl Into<String>) -> Evenement {
        Evenement {
            action: action.into(),
            objet: objet.into(),
            avant: None,
            apres: None,
        }
    }

    /// Valeur avant l'écriture (JSON).
    pub fn avant(mut self, v: impl Serialize) -> Evenement {
        self.avant = Some(serde_json::to_value(v).unwrap_or(Value::Null));
        self
    }

    /// Valeur après l'écriture (JSON).
    pub fn apres(mut self, v: impl Serialize) -> Evenement {
        self.apres = Some(serde_json::to_value(v).unwrap_or(Value::Null));
        self
    }
}

/// Empreinte SHA-256 (hexadécimal) d'une entrée : tableau JSON
/// `[id, horodatage, utilisateur, action, objet, avant, apres, precedente]`, `avant` et
/// `apres` tels que stockés (texte JSON ou `null`). Recalculable par tout outil externe.
#[allow(clippy::too_many_arguments)]
pub fn empreinte(
    id: i64,
    horodatage: &str,
    utilisateur: &str,
    action: &str,
    objet: &str,
    avant: Option<&str>,
    apres: Option<&str>,
    precedente: &str,
) -> String {
    let texte = serde_json::to_string(&(
        id,
        horodatage,
        utilisateur,
        action,
        objet,
        avant,
        apres,
        precedente,
    ))
    .expect("tableau JSON sérialisable");
    hex::encode(Sha256::digest(texte.as_bytes()))
}

/// Ouverture d'une transaction d'écriture, sur le pool de l'un ou l'autre moteur.
#[allow(async_fn_in_trait)]
pub trait Ecriture {
    type Base: sqlx::Database;
    /// Transaction d'écriture : `BEGIN IMMEDIATE` en SQLite, `BEGIN` en PostgreSQL.
    async fn ecriture(&self) -> Result<Transaction<'static, Self::Base>, sqlx::Error>;
}

impl Ecriture for sqlx::SqlitePool {
    type Base = Sqlite;
    async fn ecriture(&self) -> Result<Transaction<'static, Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl Ecriture for sqlx::PgPool {
    type Base = Postgres;
    async fn ecriture(&self) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        self.begin().await
    }
}

/// Ajout d'une entrée au journal dans la transaction en cours.
#[allow(async_fn_in_trait)]
pub trait Journaliser {
    /// Ajoute l'entrée chaînée ; à appeler en dernier, juste avant `commit`.
    async fn journaliser(
        &mut self,
        acteur: &Acteur,
        evenement: &Evenement,
    ) -> Result<EntreeJournal, ErreurStockage>;
}

type Tete = Option<(i64, String, String)>;

/// Corps commun aux deux moteurs ; seuls le verrou et l'horloge diffèrent.
macro_rules! ajouter {
    ($tx:expr, $verrou:expr, $horloge:expr, $acteur:expr, $ev:expr) => {{
        if let Some(v) = $verrou {
            sqlx::query(v).execute(&mut **$tx).await?;
        }
        let tete: Tete = sqlx::query_as(
            "SELECT id, empreinte, horodatage FROM journal ORDER BY id DESC LIMIT 1",
        )
        .fetch_optional(&mut **$tx)
        .await?;
        let maintenant: String = sqlx::query_scalar($horloge).fetch_one(&mut **$tx).await?;
        let (id, precedente, horodatage) = match tete {
            // Horloge de la base revenue en arrière : l'horodatage ne recule jamais.
            Some((id, e, h)) => (id + 1, e, if maintenant < h { h } else { maintenant }),
            None => (1, EMPREINTE_INITIALE.to_owned(), maintenant),
        };
        let avant = $ev.avant.as_ref().map(Value::to_string);
        let apres = $ev.apres.as_ref().map(Value::to_string);
        let empreinte = empreinte(
            id,
            &horodatage,
            &$acteur.identifiant,
            &$ev.action,
            &$ev.objet,
            avant.as_deref(),
            apres.as_deref(),
            &precedente,
        );
        sqlx::query(
            "INSERT INTO journal (id, horodatage, utilisateur, action, objet, avant, apres, \
             precedente, empreinte) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(&horodatage)
        .bind(&$acteur.identifiant)
        .bind(&$ev.action)
        .bind(&$ev.objet)
        .bind(&avant)
        .bind(&apres)
        .bind(&precedente)
        .bind(&empreinte)
        .execute(&mut **$tx)
        .await?;
        Ok(EntreeJournal {
            id,
            horodatage,
            utilisateur: $acteur.identifiant.clone(),
            action: $ev.action.clone(),
            objet: $ev.objet.clone(),
            avant: $ev.avant.clone(),
            apres: $ev.apres.clone(),
            precedente,
            empreinte,
        })
    }};
}

const HORLOGE_SQLITE: &str = "SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const HORLOGE_PG: &str = "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', \
     'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

impl Journaliser for Transaction<'_, Sqlite> {
    async fn journaliser(
        &mut self,
        acteur: &Acteur,
        evenement: &Evenement,
    ) -> Result<EntreeJournal, ErreurStockage> {
        // La transaction a été ouverte par `ecriture()` (BEGIN IMMEDIATE) : SQLite n'a
        // qu'un écrivain à la fois, aucun verrou de plus n'est nécessaire.
        ajouter!(self, None::<&str>, HORLOGE_SQLITE, acteur, evenement)
    }
}

impl Journaliser for Transaction<'_, Postgres> {
    async fn journaliser(
        &mut self,
        acteur: &Acteur,
        evenement: &Evenement,
    ) -> Result<EntreeJournal, ErreurStockage> {
        ajouter!(
            self,
            Some("LOCK TABLE journal IN EXCLUSIVE MODE"),
            HORLOGE_PG,
            acteur,
            evenement
        )
    }
}

/// Critères de lecture du journal (tous facultatifs) et page demandée.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FiltreJournal {
    pub objet: Option<String>,
    pub action: Option<String>,
    pub utilisateur: Option<String>,
    /// Premier jour inclus (`AAAA-MM-JJ`, jour UTC de l'horodatage).
    pub du: Option<jiff::civil::Date>,
    /// Dernier jour inclus.
    pub au: Option<jiff::civil::Date>,
    /// Page, à partir de 1.
    pub page: u32,
    pub par_page: u32,
}

/// Une page du journal, de la plus récente entrée à la plus ancienne.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageJournal {
    pub entrees: Vec<EntreeJournal>,
    pub total: i64,
}

/// Rupture de la chaîne : la première entrée fautive et ce qui ne va pas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rupture {
    /// Numéro de l'entrée fautive (ou de l'entrée attendue, si elle manque).
    pub id: i64,
    pub message: String,
}

/// Résultat de la vérification du journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    /// Entrées examinées.
    pub entrees: i64,
    /// Dernière entrée (numéro et empreinte) : la tête de chaîne à ancrer ailleurs.
    pub tete: Option<(i64, String)>,
    /// Première rupture, s'il y en a une.
    pub rupture: Option<Rupture>,
    /// Déclencheurs de protection absents (supprimés à la main).
    pub declencheurs_absents: Vec<String>,
    /// Ancres (numéro, empreinte attendue) qui ne correspondent plus.
    pub ancres_fausses: Vec<Rupture>,
}

impl Verification {
    pub fn intacte(&self) -> bool {
        self.rupture.is_none()
            && self.declencheurs_absents.is_empty()
            && self.ancres_fausses.is_empty()
    }
}

type LigneJournal = (
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
);

fn json_lu(texte: Option<String>) -> Result<Option<Value>, ErreurStockage> {
    texte
        .map(|t| {
            serde_json::from_str(&t)
                .map_err(|_| ErreurStockage::Donnee("valeur JSON illisible au journal".into()))
        })
        .transpose()
}

fn en_entree(l: LigneJournal) -> Result<EntreeJournal, ErreurStockage> {
    Ok(EntreeJournal {
        id: l.0,
        horodatage: l.1,
        utilisateur: l.2,
        action: l.3,
        objet: l.4,
        avant: json_lu(l.5)?,
        apres: json_lu(l.6)?,
        precedente: l.7,
        empreinte: l.8,
    })
}

const COLONNES: &str =
    "id, horodatage, utilisateur, action, objet, avant, apres, precedente, empreinte";

/// Déclencheurs qui protègent le journal, par moteur.
pub const DECLENCHEURS_SQLITE: [&str; 3] = [
    "journal_sans_modification",
    "journal_sans_suppression",
    "journal_chainage",
];
pub const DECLENCHEURS_POSTGRES: [&str; 3] = [
    "journal_sans_modification",
    "journal_sans_vidage",
    "journal_chainage",
];

impl Store {
    /// Tout le journal d'audit, du plus ancien au plus récent.
    pub async fn journal(&self) -> Result<Vec<EntreeJournal>, ErreurStockage> {
        let lignes: Vec<LigneJournal> = selon_moteur!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLONNES} FROM journal ORDER BY id")))
                .fetch_all(pool)
                .await?
        });
        lignes.into_iter().map(en_entree).collect()
    }

    /// Une page du journal filtrée, de la plus récente entrée à la plus ancienne.
    pub async fn journal_filtre(
        &self,
        filtre: &FiltreJournal,
    ) -> Result<PageJournal, ErreurStockage> {
        let mut conditions: Vec<String> = Vec::new();
        let mut valeurs: Vec<String> = Vec::new();
        let mut ajouter = |colonne: &str, op: &str, v: String| {
            valeurs.push(v);
            conditions.push(format!("{colonne} {op} ${}", valeurs.len()));
        };
        if let Some(o) = &filtre.objet {
            ajouter("objet", "=", o.clone());
        }
        if let Some(a) = &filtre.action {
            ajouter("action", "=", a.clone());
        }
        if let Some(u) = &filtre.utilisateur {
            ajouter("utilisateur", "=", u.clone());
        }
        if let Some(d) = filtre.du {
            ajouter("horodatage", ">=", d.to_string());
        }
        if let Some(d) = filtre.au
            && let Ok(lendemain) = d.tomorrow()
        {
            ajouter("horodatage", "<", lendemain.to_string());
        }
        let clause = if conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", conditions.join(" AND "))
        };
        let par_page = filtre.par_page.clamp(1, 500);
        let decalage = i64::from(filtre.page.max(1) - 1) * i64::from(par_page);
        let sql_total = format!("SELECT COUNT(*) FROM journal{clause}");
        let sql = format!(
            "SELECT {COLONNES} FROM journal{clause} ORDER BY id DESC LIMIT {par_page} OFFSET {decalage}"
        );
        let (total, lignes): (i64, Vec<LigneJournal>) = selon_moteur!(self, pool => {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql_total));
            for v in &valeurs {
                q = q.bind(v);
            }
            let total = q.fetch_one(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for v in &valeurs {
                q = q.bind(v);
            }
            (total, q.fetch_all(pool).await?)
        });
        Ok(PageJournal {
            entrees: lignes
                .into_iter()
                .map(en_entree)
                .collect::<Result<_, _>>()?,
            total,
        })
    }

    /// Recalcule toute la chaîne du journal : numéros consécutifs depuis 1, empreinte
    /// précédente recopiée, empreinte recalculée, horodatages qui ne reculent pas ; vérifie
    /// la présence des déclencheurs de protection et les ancres données (numéro, empreinte
    /// relevée ailleurs, par exemple dans la sauvegarde quotidienne).
    pub async fn verifier_journal(
        &self,
        ancres: &[(i64, String)],
    ) -> Result<Verification, ErreurStockage> {
        let mut v = Verification {
            entrees: 0,
            tete: None,
            rupture: None,
            declencheurs_absents: Vec::new(),
            ancres_fausses: Vec::new(),
        };
        let presents: Vec<String> = match self {
            Store::Sqlite(pool) => {
                sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'",
                )
                .fetch_all(pool)
                .await?
            }
            Store::Postgres(pool) => {
                sqlx::query_scalar(
                    "SELECT t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
                     WHERE c.relname = 'journal' AND c.relnamespace = current_schema()::regnamespace \
                     AND NOT t.tgisinternal AND t.tgenabled <> 'D'",
                )
                .fetch_all(pool)
                .await?
            }
        };
        let attendus: &[&str] = match self {
            Store::Sqlite(_) => &DECLENCHEURS_SQLITE,
            Store::Postgres(_) => &DECLENCHEURS_POSTGRES,
        };
        v.declencheurs_absents = attendus
            .iter()
            .filter(|a| !presents.iter().any(|p| p == *a))
            .map(|a| (*a).to_owned())
            .collect();

        let mut precedente = EMPREINTE_INITIALE.to_owned();
        let mut dernier_horodatage = String::new();
        let mut attendu: i64 = 1;
        let mut empreintes_ancrees: Vec<(i64, String)> = Vec::new();
        const LOT: i64 = 2000;
        'lots: loop {
            let sql =
                format!("SELECT {COLONNES} FROM journal WHERE id >= $1 ORDER BY id LIMIT {LOT}");
            let lignes: Vec<LigneJournal> = selon_moteur!(self, pool => {
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(attendu).fetch_all(pool).await?
            });
            if lignes.is_empty() {
                break;
            }
            let n = lignes.len() as i64;
            for l in lignes {
                v.entrees += 1;
                let (id, h, u, a, o, av, ap, prec, emp) = l;
                if ancres.iter().any(|(i, _)| *i == id) {
                    empreintes_ancrees.push((id, emp.clone()));
                }
                let rupture = if id != attendu {
                    Some(Rupture {
                        id: attendu,
                        message: format!(
                            "l'entrée n° {attendu} manque (entrée suivante trouvée : n° {id})"
                        ),
                    })
                } else if prec != precedente {
                    Some(Rupture {
                        id,
                        message: format!(
                            "l'entrée n° {id} ne désigne pas l'empreinte de l'entrée précédente \
                             (entrée précédente supprimée, remplacée ou insérée)"
                        ),
                    })
                } else if empreinte(id, &h, &u, &a, &o, av.as_deref(), ap.as_deref(), &prec) != emp
                {
                    Some(Rupture {
                        id,
                        message: format!(
                            "le contenu de l'entrée n° {id} ne correspond plus à son empreinte \
                             (entrée modifiée)"
                        ),
                    })
                } else if h < dernier_horodatage {
                    Some(Rupture {
                        id,
                        message: format!(
                            "l'entrée n° {id} est datée d'avant l'entrée précédente \
                             ({h} < {dernier_horodatage})"
                        ),
                    })
                } else {
                    None
                };
                if rupture.is_some() {
                    v.rupture = rupture;
                    break 'lots;
                }
                v.tete = Some((id, emp.clone()));
                precedente = emp;
                dernier_horodatage = h;
                attendu += 1;
            }
            if n < LOT {
                break;
            }
        }
        for (id, attendue) in ancres {
            match empreintes_ancrees.iter().find(|(i, _)| i == id) {
                Some((_, e)) if e == attendue => {}
                Some(_) => v.ancres_fausses.push(Rupture {
                    id: *id,
                    message: format!(
                        "l'empreinte de l'entrée n° {id} diffère de celle relevée (chaîne réécrite)"
                    ),
                }),
                None if v.rupture.is_none() => v.ancres_fausses.push(Rupture {
                    id: *id,
                    message: format!("l'entrée n° {id}, relevée auparavant, n'existe plus"),
                }),
                None => {}
            }
        }
        Ok(v)
    }

    /// Recopie, chaînées, les entrées du journal d'avant le chaînage (table `journal_v1`,
    /// laissée par la migration 0002), puis supprime cette table. Sans effet ensuite.
    pub(crate) async fn chainer_journal_ancien(&self) -> Result<(), ErreurStockage> {
        let existe: bool = match self {
            Store::Sqlite(pool) => sqlx::query_scalar(
                "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'journal_v1'",
            )
            .fetch_one(pool)
            .await?,
            Store::Postgres(pool) => sqlx::query_scalar(
                "SELECT COUNT(*) > 0 FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_name = 'journal_v1'",
            )
            .fetch_one(pool)
            .await?,
        };
        if !existe {
            return Ok(());
        }
        let acteur = Acteur::systeme("migration");
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let anciennes: Vec<(i64, String, String, String)> = sqlx::query_as(
                "SELECT id, horodatage, action, detail FROM journal_v1 ORDER BY id",
            )
            .fetch_all(&mut *tx)
            .await?;
            for (id, horodatage, action, detail) in anciennes {
                let detail: Value = serde_json::from_str(&detail).unwrap_or(Value::String(detail));
                let ev = Evenement::new(action, "import").apres(serde_json::json!({
                    "entree_d_origine": id,
                    "horodatage_d_origine": horodatage,
                    "detail": detail,
                }));
                tx.journaliser(&acteur, &ev).await?;
            }
            sqlx::query("DROP TABLE journal_v1").execute(&mut *tx).await?;
            tx.commit().await?;
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empreinte_d_un_tableau_json_canonique() {
        // Valeur de référence calculée hors de Passerelle :
        // printf '%s' '[1,"2026-01-01T00:00:00.000Z","a","x","o",null,"{}","000…0"]' | sha256sum
        let e = empreinte(
            1,
            "2026-01-01T00:00:00.000Z",
            "a",
            "x",
            "o",
            None,
            Some("{}"),
            EMPREINTE_INITIALE,
        );
        assert_eq!(
            e,
            "5e3430a5ad2e65159187a16a28d53b38ef7ab11b28abcd7345cd18c26c858d22"
        );
        // Un caractère de plus dans l'objet change l'empreinte.
        assert_ne!(
            e,
            empreinte(
                1,
                "2026-01-01T00:00:00.000Z",
                "a",
                "x",
                "o2",
                None,
                Some("{}"),
                EMPREINTE_INITIALE
            )
        );
    }
}
