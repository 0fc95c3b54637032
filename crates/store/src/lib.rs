//! Stockage de Passerelle : collectivités, agents, carrières, formations et journal d'audit.
//!
//! Deux moteurs, SQLite (par défaut) et PostgreSQL, derrière une même énumération [`Store`] :
//! les requêtes SQL sont les mêmes pour les deux (paramètres `$1`, `$2`… dans l'ordre), les
//! dates sont stockées en texte ISO `AAAA-MM-JJ`, les identifiants sont des entiers 64 bits.
//! Chaque moteur a son dossier de migrations (`migrations/sqlite`, `migrations/postgres`) ; un
//! test vérifie que les deux schémas ont les mêmes tables, colonnes et types.

pub mod acces;
pub mod campagnes;
pub mod ecriture;
pub mod import;
pub mod import_inscriptions;
pub mod inscriptions;
pub mod instruction;
mod integrite;
pub mod journal;
mod lignes;
pub mod listes;
pub mod pieces;
pub mod promouvables;
pub mod propositions;
pub mod tableur;
pub mod tri;
pub mod utilisateurs;
pub mod verrou;
pub mod xlsx;

use std::str::FromStr;

use droit::carriere::{Agent, Dispense, ExamenReussi, PosteResponsabilite};
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use acces::{Acteur, Portee, Role};
pub use ecriture::{Bilan, Compte, LotImport};
pub use journal::{
    Ecriture, EntreeJournal, Evenement, FiltreJournal, Journaliser, PageJournal, Verification,
};
pub use listes::{Page, Pagination};
pub use tri::cle_tri;
pub use utilisateurs::{Connexion, SessionOuverte, SessionValide, Utilisateur};

/// Types de collectivités et d'établissements reconnus (format d'import, colonne `type`).
pub const TYPES_COLLECTIVITE: &[&str] = &[
    "commune",
    "epci",
    "departement",
    "region",
    "ccas",
    "sdis",
    "oph",
    "cdg",
    "autre_etablissement",
];

/// Libellé français d'un type de collectivité.
pub fn libelle_type_collectivite(code: &str) -> &'static str {
    match code {
        "commune" => "Commune",
        "epci" => "Établissement public de coopération intercommunale",
        "departement" => "Département",
        "region" => "Région",
        "ccas" => "Centre communal d'action sociale",
        "sdis" => "Service départemental d'incendie et de secours",
        "oph" => "Office public de l'habitat",
        "cdg" => "Centre de gestion",
        "autre_etablissement" => "Autre établissement public",
        _ => "Type inconnu",
    }
}

/// Erreur du stockage, en français.
#[derive(Debug, thiserror::Error)]
pub enum ErreurStockage {
    #[error(
        "adresse de base de données non reconnue : « {0} » (attendu : sqlite:… ou postgres://…)"
    )]
    Adresse(String),
    #[error("erreur de la base de données : {0}")]
    Base(#[from] sqlx::Error),
    #[error("échec de la migration du schéma : {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("donnée illisible en base : {0}")]
    Donnee(String),
    #[error("données incohérentes : {0}")]
    Incoherence(String),
    /// Valeur refusée (mot de passe trop court, rôle inconnu…) : message pour l'utilisateur.
    #[error("{0}")]
    Invalide(String),
    /// Conflit avec l'état enregistré (doublon…) : message pour l'utilisateur.
    #[error("{0}")]
    Conflit(String),
    /// Conflit avec l'état enregistré, avec son code du contrat v2 (`proposition_transmise`,
    /// `proposition_existante`…) : le serveur répond 409 avec ce code et ce message.
    #[error("{message}")]
    Refus { code: &'static str, message: String },
}

impl ErreurStockage {
    /// Refus (409) avec un code du contrat.
    pub fn refus(code: &'static str, message: impl Into<String>) -> ErreurStockage {
        ErreurStockage::Refus {
            code,
            message: message.into(),
        }
    }
}

impl ErreurStockage {
    /// Message français à montrer à un utilisateur, sans le texte brut du pilote de base de
    /// données (consigné à part par l'appelant).
    pub fn message_public(&self) -> String {
        match self {
            ErreurStockage::Invalide(m) | ErreurStockage::Conflit(m) => m.clone(),
            ErreurStockage::Refus { message, .. } => message.clone(),
            ErreurStockage::Base(sqlx::Error::PoolTimedOut) => {
                "la base de données ne répond pas à temps (injoignable ou saturée) : réessayez \
                 dans un instant"
                    .to_owned()
            }
            ErreurStockage::Base(sqlx::Error::Io(_) | sqlx::Error::Tls(_)) => {
                "la base de données est injoignable : vérifiez son adresse et qu'elle est \
                 démarrée"
                    .to_owned()
            }
            ErreurStockage::Base(e)
                if e.as_database_error()
                    .is_some_and(|d| d.message().contains("locked")) =>
            {
                "la base de données est occupée par une autre écriture : réessayez dans un \
                 instant"
                    .to_owned()
            }
            ErreurStockage::Base(e)
                if e.as_database_error()
                    .and_then(|d| d.code())
                    .is_some_and(|c| c.starts_with("28")) =>
            {
                "la base de données a refusé la connexion (utilisateur ou mot de passe de la \
                 base)"
                    .to_owned()
            }
            ErreurStockage::Base(e)
                if e.as_database_error()
                    .and_then(|d| d.code())
                    .is_some_and(|c| c == "3D000") =>
            {
                "la base de données demandée n'existe pas sur ce serveur".to_owned()
            }
            ErreurStockage::Base(_) | ErreurStockage::Migration(_) => {
                "la base de données ne répond pas correctement ; l'incident est consigné".to_owned()
            }
            ErreurStockage::Adresse(_) => self.to_string(),
            ErreurStockage::Donnee(_) | ErreurStockage::Incoherence(_) => {
                "des données enregistrées sont illisibles ; l'incident est consigné".to_owned()
            }
        }
    }
}

/// Une collectivité ou un établissement employeur.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collectivite {
    /// Identifiant unique (SIREN ou code interne).
    pub code: String,
    pub nom: String,
    /// Code du type (voir [`TYPES_COLLECTIVITE`]).
    pub type_collectivite: String,
    /// Habitants (logements pour un OPH) ; `None` si inconnu.
    pub population: Option<u32>,
    /// Affiliée au centre de gestion.
    pub affiliee: bool,
}

/// Une collectivité et son nombre d'agents enregistrés.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CollectiviteResume {
    pub collectivite: Collectivite,
    pub agents: i64,
}

/// Identité d'un agent dans sa collectivité.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FicheAgent {
    pub matricule: String,
    pub code_collectivite: String,
    pub nom: String,
    pub prenom: String,
}

/// Éléments de carrière sans table propre (dispenses, postes à responsabilité, examens
/// réussis) : conservés tels quels, en JSON ; l'import les reçoit par leurs fichiers
/// (`dispenses.csv`, `postes_responsabilite.csv`, `examens.csv`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Complements {
    #[serde(default)]
    pub dispenses: Vec<Dispense>,
    #[serde(default)]
    pub postes_responsabilite: Vec<PosteResponsabilite>,
    #[serde(default)]
    pub examens: Vec<ExamenReussi>,
}

impl Complements {
    pub fn est_vide(&self) -> bool {
        self.dispenses.is_empty()
            && self.postes_responsabilite.is_empty()
            && self.examens.is_empty()
    }

    /// Extrait les compléments d'un agent du moteur.
    pub fn de(agent: &Agent) -> Self {
        Self {
            dispenses: agent.dispenses.clone(),
            postes_responsabilite: agent.postes_responsabilite.clone(),
            examens: agent.examens.clone(),
        }
    }
}

/// Un agent enregistré : son identité et sa carrière au format du moteur.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentEnregistre {
    pub fiche: FicheAgent,
    pub agent: Agent,
}

/// Nombre de lignes de chaque table métier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Comptes {
    pub collectivites: i64,
    pub agents: i64,
    pub periodes: i64,
    pub formations: i64,
    pub journal: i64,
}

/// Une colonne du schéma, pour comparer les deux moteurs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ColonneSchema {
    pub table: String,
    pub colonne: String,
    /// Type normalisé (minuscules ; `integer` de clé primaire SQLite ramené à `bigint`).
    pub type_sql: String,
    pub obligatoire: bool,
}

/// Attente maximale d'une connexion du pool.
const ATTENTE_POOL: std::time::Duration = std::time::Duration::from_secs(10);

/// La base de données : SQLite ou PostgreSQL, avec les mêmes requêtes.
#[derive(Debug, Clone)]
pub enum Store {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Exécute le même corps sur le pool du moteur en service (les requêtes sont identiques ;
/// seuls les types de lignes diffèrent, d'où une expansion par moteur).
/// Cache de pages SQLite par connexion (Kio) : imports de masse et ligne de commande.
const CACHE_SQLITE_IMPORT_KIO: u32 = 64 * 1024;
/// Cache de pages SQLite par connexion (Kio) : serveur HTTP.
const CACHE_SQLITE_SERVEUR_KIO: u32 = 8 * 1024;

macro_rules! selon_moteur {
    ($store:expr, $pool:ident => $corps:expr) => {
        match $store {
            $crate::Store::Sqlite($pool) => $corps,
            $crate::Store::Postgres($pool) => $corps,
        }
    };
}
pub(crate) use selon_moteur;

impl Store {
    /// Ouvre la base désignée par une adresse `sqlite:chemin` ou `postgres://…`, et applique
    /// les migrations. Le fichier SQLite est créé s'il n'existe pas.
    pub async fn ouvrir(adresse: &str) -> Result<Store, ErreurStockage> {
        Store::ouvrir_avec(adresse, None).await
    }

    /// Comme [`Store::ouvrir`], avec la taille du pool de connexions (par défaut 4 en SQLite,
    /// où un seul écrivain travaille à la fois, et 8 en PostgreSQL). Une requête qui attend
    /// une connexion plus de 10 s échoue (« base saturée ») au lieu d'attendre sans fin.
    pub async fn ouvrir_avec(
        adresse: &str,
        connexions: Option<u32>,
    ) -> Result<Store, ErreurStockage> {
        Store::ouvrir_regle(adresse, connexions, CACHE_SQLITE_IMPORT_KIO).await
    }

    /// Comme [`Store::ouvrir_avec`], pour le serveur HTTP : cache de pages SQLite de 8 Mio
    /// par connexion au lieu de 64 Mio. Le cache de chaque connexion du pool grossit avec
    /// les pages lues et reste tant que la connexion vit : avec 64 Mio, la mémoire du serveur
    /// passait 400 Mo après des chargements de pages et n'en redescendait pas
    /// (`benchmarks/charge.sh`).
    pub async fn ouvrir_pour_serveur(
        adresse: &str,
        connexions: Option<u32>,
    ) -> Result<Store, ErreurStockage> {
        Store::ouvrir_regle(adresse, connexions, CACHE_SQLITE_SERVEUR_KIO).await
    }

    async fn ouvrir_regle(
        adresse: &str,
        connexions: Option<u32>,
        cache_kio: u32,
    ) -> Result<Store, ErreurStockage> {
        let store = if adresse.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(adresse)?
                .create_if_missing(true)
                .foreign_keys(true)
                .journal_mode(SqliteJournalMode::Wal)
                // En WAL, `NORMAL` garde la base cohérente après une coupure (seule la toute
                // dernière transaction validée peut être perdue) et évite une synchronisation
                // disque à chaque point de contrôle ; cache de 64 Mio pour les imports de masse.
                .synchronous(SqliteSynchronous::Normal)
                .pragma("cache_size", format!("-{cache_kio}"))
                // Une écriture attend qu'une autre se termine (un import de masse dure
                // quelques dizaines de secondes) au lieu d'échouer aussitôt.
                .busy_timeout(verrou::ATTENTE_MAX)
                .pragma("temp_store", "memory");
            Store::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(connexions.unwrap_or(4))
                    .acquire_timeout(ATTENTE_POOL)
                    .connect_with(options)
                    .await?,
            )
        } else if adresse.starts_with("postgres://") || adresse.starts_with("postgresql://") {
            Store::Postgres(
                PgPoolOptions::new()
                    .max_connections(connexions.unwrap_or(8))
                    .acquire_timeout(ATTENTE_POOL)
                    .connect(adresse)
                    .await?,
            )
        } else {
            return Err(ErreurStockage::Adresse(adresse.to_owned()));
        };
        store.migrer().await?;
        Ok(store)
    }

    /// Un second accès à la même base, d'une seule connexion ouverte à la demande (délai
    /// d'attente de 3 s) : pour contrôler la base (`/healthz`) sans dépendre du pool des
    /// requêtes, qui peut être saturé.
    pub fn sonde(&self) -> Store {
        let attente = std::time::Duration::from_secs(3);
        match self {
            Store::Sqlite(p) => Store::Sqlite(
                SqlitePoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(attente)
                    .connect_lazy_with((*p.connect_options()).clone()),
            ),
            Store::Postgres(p) => Store::Postgres(
                PgPoolOptions::new()
                    .max_connections(1)
                    .acquire_timeout(attente)
                    .connect_lazy_with((*p.connect_options()).clone()),
            ),
        }
    }

    /// Base SQLite en mémoire (une seule connexion), migrée : pour les tests.
    pub async fn sqlite_en_memoire() -> Result<Store, ErreurStockage> {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")?.foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        let store = Store::Sqlite(pool);
        store.migrer().await?;
        Ok(store)
    }

    /// Base PostgreSQL limitée à un schéma neuf (créé s'il n'existe pas), migrée : chaque
    /// test de stockage travaille ainsi dans son propre schéma.
    pub async fn postgres_dans_schema(
        adresse: &str,
        schema: &str,
    ) -> Result<Store, ErreurStockage> {
        if !schema
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            return Err(ErreurStockage::Adresse(format!(
                "nom de schéma invalide : {schema}"
            )));
        }
        let options = PgConnectOptions::from_str(adresse)?;
        let admin = PgPoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "CREATE SCHEMA IF NOT EXISTS {schema}"
        )))
        .execute(&admin)
        .await?;
        admin.close().await;
        let options = options.options([("search_path", schema)]);
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await?;
        let store = Store::Postgres(pool);
        store.migrer().await?;
        Ok(store)
    }

    /// Supprime un schéma PostgreSQL de test (sans effet en SQLite).
    pub async fn supprimer_schema(&self, schema: &str) -> Result<(), ErreurStockage> {
        if let Store::Postgres(pool) = self
            && schema
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE"
            )))
            .execute(pool)
            .await?;
        }
        Ok(())
    }

    /// Applique les migrations du moteur.
    pub async fn migrer(&self) -> Result<(), ErreurStockage> {
        match self {
            Store::Sqlite(pool) => sqlx::migrate!("./migrations/sqlite").run(pool).await?,
            Store::Postgres(pool) => sqlx::migrate!("./migrations/postgres").run(pool).await?,
        }
        self.chainer_journal_ancien().await
    }

    /// Nom du moteur, pour les messages.
    pub fn moteur(&self) -> &'static str {
        match self {
            Store::Sqlite(_) => "SQLite",
            Store::Postgres(_) => "PostgreSQL",
        }
    }

    /// Vérifie que la base répond.
    pub async fn verifier(&self) -> Result<(), ErreurStockage> {
        selon_moteur!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Ferme les connexions.
    pub async fn fermer(&self) {
        selon_moteur!(self, pool => pool.close().await)
    }

    /// Schéma effectif (tables métier et colonnes), types normalisés. La lecture du
    /// catalogue est propre à chaque moteur ; le résultat est comparable.
    pub async fn schema(&self) -> Result<Vec<ColonneSchema>, ErreurStockage> {
        let brut: Vec<(String, String, String, bool)> = match self {
            Store::Sqlite(pool) => {
                sqlx::query_as::<_, (String, String, String, bool)>(
                    "SELECT m.name, p.name, p.type, (p.\"notnull\" = 1 OR p.pk = 1) \
                     FROM sqlite_master m, pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                     AND m.name <> '_sqlx_migrations'",
                )
                .fetch_all(pool)
                .await?
            }
            Store::Postgres(pool) => {
                sqlx::query_as::<_, (String, String, String, bool)>(
                    "SELECT table_name::text, column_name::text, data_type::text, \
                     (is_nullable = 'NO') FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
                )
                .fetch_all(pool)
                .await?
            }
        };
        let mut colonnes: Vec<ColonneSchema> = brut
            .into_iter()
            .map(|(table, colonne, type_sql, obligatoire)| {
                let t = type_sql.to_lowercase();
                // SQLite : seule une colonne déclarée exactement `INTEGER PRIMARY KEY` est un
                // alias du rowid ; elle correspond au `BIGINT … IDENTITY` de PostgreSQL.
                // Octets : `BLOB` en SQLite, `BYTEA` en PostgreSQL.
                let type_sql = match t.as_str() {
                    "integer" => "bigint".to_owned(),
                    "blob" => "bytea".to_owned(),
                    _ => t,
                };
                ColonneSchema {
                    table,
                    colonne,
                    type_sql,
                    obligatoire,
                }
            })
            .collect();
        colonnes.sort();
        Ok(colonnes)
    }

    /// Nombre de lignes de chaque table.
    pub async fn comptes(&self) -> Result<Comptes, ErreurStockage> {
        selon_moteur!(self, pool => {
            let (collectivites, agents, periodes, formations, journal) =
                sqlx::query_as::<_, (i64, i64, i64, i64, i64)>(
                    "SELECT (SELECT COUNT(*) FROM collectivites), (SELECT COUNT(*) FROM agents), \
                     (SELECT COUNT(*) FROM periodes), (SELECT COUNT(*) FROM formations), \
                     (SELECT COUNT(*) FROM journal)",
                )
                .fetch_one(pool)
                .await?;
            Ok(Comptes { collectivites, agents, periodes, formations, journal })
        })
    }

    /// Les collectivités de la portée, dans l'ordre alphabétique français, avec leur nombre
    /// d'agents.
    pub async fn collectivites(
        &self,
        portee: &Portee,
    ) -> Result<Vec<CollectiviteResume>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 1);
        let sql = format!(
            "SELECT c.id, c.code, c.nom, c.type_collectivite, c.population, c.affiliee, \
             (SELECT COUNT(*) FROM agents a WHERE a.collectivite_id = c.id) AS agents \
             FROM collectivites c WHERE {condition} ORDER BY c.cle_tri, c.code"
        );
        let lignes: Vec<lignes::LigneCollectiviteResume> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        });
        lignes
            .into_iter()
            .map(|l| {
                Ok(CollectiviteResume {
                    agents: l.agents,
                    collectivite: l.collectivite.en_collectivite()?,
                })
            })
            .collect()
    }

    /// Une collectivité par son code, si elle est dans la portée.
    pub async fn collectivite(
        &self,
        portee: &Portee,
        code: &str,
    ) -> Result<Option<Collectivite>, ErreurStockage> {
        let (condition, codes) = portee.condition("code", 2);
        let sql = format!(
            "SELECT id, code, nom, type_collectivite, population, affiliee \
             FROM collectivites WHERE code = $1 AND {condition}"
        );
        let ligne: Option<lignes::LigneCollectivite> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(code);
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_optional(pool).await?
        });
        ligne.map(|l| l.en_collectivite()).transpose()
    }

    /// Codes des collectivités de la portée.
    pub async fn codes_collectivites(
        &self,
        portee: &Portee,
    ) -> Result<Vec<String>, ErreurStockage> {
        let (condition, codes) = portee.condition("code", 1);
        let sql = format!("SELECT code FROM collectivites WHERE {condition} ORDER BY code");
        Ok(selon_moteur!(self, pool => {
            let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        }))
    }

    /// Matricules des agents de la portée.
    pub async fn matricules(&self, portee: &Portee) -> Result<Vec<String>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 1);
        let sql = format!(
            "SELECT a.matricule FROM agents a JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE {condition} ORDER BY a.matricule"
        );
        Ok(selon_moteur!(self, pool => {
            let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql));
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        }))
    }

    /// Les agents d'une collectivité de la portée, dans l'ordre alphabétique français, avec
    /// leur carrière (liste vide hors de la portée).
    pub async fn agents_de_collectivite(
        &self,
        portee: &Portee,
        code: &str,
    ) -> Result<Vec<AgentEnregistre>, ErreurStockage> {
        if !portee.contient(code) {
            return Ok(Vec::new());
        }
        let (condition, codes) = portee.condition("c.code", 2);
        let sql_agents = format!(
            "SELECT a.id, a.matricule, c.code AS code_collectivite, a.nom, a.prenom, \
             a.date_naissance, a.formations_renseignees, a.complements \
             FROM agents a JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE c.code = $1 AND {condition} ORDER BY a.cle_tri, a.matricule"
        );
        let sql_periodes = format!(
            "SELECT p.* FROM periodes p JOIN agents a ON a.id = p.agent_id \
             JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE c.code = $1 AND {condition} ORDER BY p.agent_id, p.rang"
        );
        let sql_formations = format!(
            "SELECT f.* FROM formations f JOIN agents a ON a.id = f.agent_id \
             JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE c.code = $1 AND {condition} ORDER BY f.agent_id, f.rang"
        );
        let (agents, periodes, formations) = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_agents)).bind(code);
            for c in codes {
                q = q.bind(c);
            }
            let agents: Vec<lignes::LigneAgent> = q.fetch_all(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_periodes)).bind(code);
            for c in codes {
                q = q.bind(c);
            }
            let periodes: Vec<lignes::LignePeriode> = q.fetch_all(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_formations)).bind(code);
            for c in codes {
                q = q.bind(c);
            }
            let formations: Vec<lignes::LigneFormation> = q.fetch_all(pool).await?;
            (agents, periodes, formations)
        });
        lignes::assembler(agents, periodes, formations)
    }

    /// Un agent de la portée par son matricule, avec sa carrière.
    pub async fn agent(
        &self,
        portee: &Portee,
        matricule: &str,
    ) -> Result<Option<AgentEnregistre>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let sql_agents = format!(
            "SELECT a.id, a.matricule, c.code AS code_collectivite, a.nom, a.prenom, \
             a.date_naissance, a.formations_renseignees, a.complements \
             FROM agents a JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE a.matricule = $1 AND {condition}"
        );
        let sql_periodes = format!(
            "SELECT p.* FROM periodes p JOIN agents a ON a.id = p.agent_id \
             JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE a.matricule = $1 AND {condition} ORDER BY p.rang"
        );
        let sql_formations = format!(
            "SELECT f.* FROM formations f JOIN agents a ON a.id = f.agent_id \
             JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE a.matricule = $1 AND {condition} ORDER BY f.rang"
        );
        let (agents, periodes, formations) = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_agents)).bind(matricule);
            for c in codes {
                q = q.bind(c);
            }
            let agents: Vec<lignes::LigneAgent> = q.fetch_all(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_periodes)).bind(matricule);
            for c in codes {
                q = q.bind(c);
            }
            let periodes: Vec<lignes::LignePeriode> = q.fetch_all(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_formations)).bind(matricule);
            for c in codes {
                q = q.bind(c);
            }
            let formations: Vec<lignes::LigneFormation> = q.fetch_all(pool).await?;
            (agents, periodes, formations)
        });
        Ok(lignes::assembler(agents, periodes, formations)?
            .into_iter()
            .next())
    }
}
