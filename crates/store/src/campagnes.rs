//! La campagne annuelle de promotion interne et son recensement.
//!
//! Tables (migration `0003_campagne`) :
//! - `campagnes` : une ligne par année de liste (`annee`, dates de dépôt et d'effet, saisie
//!   initiale de la clause de sauvegarde `historique` en JSON) ;
//! - `declarations` : la déclaration de chaque collectivité pour une campagne (recrutements
//!   de l'année précédente et effectif au 31 décembre, document JSON du contrat v2), une par
//!   collectivité et par campagne, remplacée à chaque `PUT`.
//!
//! Le stockage ne juge pas : les règles (dates cohérentes, recrutement daté de l'année
//! précédente, collectivité affiliée, période de dépôt) sont celles du crate `campagne`,
//! appliquées par le serveur avant d'écrire. Le stockage garde seulement ce qui doit tenir
//! même en cas de course entre deux requêtes : une campagne par année (409), une déclaration
//! seulement pour une collectivité affiliée (409 `non_affiliee`) et de la portée de
//! l'acteur (sinon rien n'est écrit et la méthode rend `None`, soit 404).
//!
//! - `grilles` : les grilles de cotation des lignes directrices de gestion d'une campagne,
//!   versionnées (`version` 1, 2… ; chaque dépôt est une nouvelle version, gardée).
//!
//! Toute écriture est journalisée avec son auteur dans la même transaction :
//! `campagne.creer` (`campagne:2027`), `campagne.historique` (`campagne:2027`),
//! `declaration.remplacer` (`declaration:2027:<code>`), `grille.definir`
//! (`grille:2027:<version>`).

use jiff::civil::Date;
use serde::Serialize;
use serde_json::{Value, json};

use crate::acces::{Acteur, Portee};
use crate::journal::{Ecriture, Evenement, Journaliser};
use crate::listes::{Page, Pagination};
use crate::{ErreurStockage, Store, selon_moteur};

/// Instant présent, RFC 3339 UTC à la milliseconde (même forme que le journal).
pub fn instant(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// Horodatage d'une écriture (métadonnée, jamais une date de règle) : l'horloge est lue
/// ici, à la bordure du stockage.
#[allow(clippy::disallowed_methods)]
pub(crate) fn maintenant() -> String {
    instant(jiff::Timestamp::now())
}

fn date_lue(texte: &str, colonne: &str) -> Result<Date, ErreurStockage> {
    texte.parse().map_err(|_| {
        ErreurStockage::Donnee(format!("date « {texte} » illisible (colonne {colonne})"))
    })
}

pub(crate) fn json_lu(texte: &str, colonne: &str) -> Result<Value, ErreurStockage> {
    serde_json::from_str(texte)
        .map_err(|_| ErreurStockage::Donnee(format!("document JSON illisible (colonne {colonne})")))
}

/// Une campagne enregistrée (contrat v2, « The campaign » ; l'état se calcule à la
/// bordure, d'après la date du jour).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CampagneEnregistree {
    pub annee: i32,
    pub depot_ouverture: Date,
    /// Dernier jour de dépôt, inclus (délai de rigueur).
    pub depot_cloture: Date,
    pub date_effet_liste: Date,
    /// Saisie initiale de la clause de sauvegarde (`PUT …/historique`), telle que reçue.
    pub historique: Option<Value>,
    pub creee_le: String,
    pub creee_par: String,
}

#[derive(sqlx::FromRow)]
struct LigneCampagne {
    annee: i64,
    depot_ouverture: String,
    depot_cloture: String,
    date_effet_liste: String,
    historique: Option<String>,
    creee_le: String,
    creee_par: String,
}

impl LigneCampagne {
    fn en_campagne(self) -> Result<CampagneEnregistree, ErreurStockage> {
        Ok(CampagneEnregistree {
            annee: i32::try_from(self.annee)
                .map_err(|_| ErreurStockage::Donnee(format!("année {} hors bornes", self.annee)))?,
            depot_ouverture: date_lue(&self.depot_ouverture, "depot_ouverture")?,
            depot_cloture: date_lue(&self.depot_cloture, "depot_cloture")?,
            date_effet_liste: date_lue(&self.date_effet_liste, "date_effet_liste")?,
            historique: self
                .historique
                .as_deref()
                .map(|h| json_lu(h, "historique"))
                .transpose()?,
            creee_le: self.creee_le,
            creee_par: self.creee_par,
        })
    }
}

const COLONNES_CAMPAGNE: &str =
    "annee, depot_ouverture, depot_cloture, date_effet_liste, historique, creee_le, creee_par";

/// Une déclaration enregistrée, avec sa collectivité.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeclarationEnregistree {
    pub annee: i32,
    /// Code de la collectivité.
    pub collectivite: String,
    pub collectivite_nom: String,
    pub affiliee: bool,
    /// Le document du contrat : `{"recrutements": [...], "effectifs": [...]}`.
    pub contenu: Value,
    pub modifiee_le: String,
    pub modifiee_par: String,
}

#[derive(sqlx::FromRow)]
struct LigneDeclaration {
    annee: i64,
    code: String,
    nom: String,
    affiliee: bool,
    contenu: String,
    modifiee_le: String,
    modifiee_par: String,
}

impl LigneDeclaration {
    fn en_declaration(self) -> Result<DeclarationEnregistree, ErreurStockage> {
        Ok(DeclarationEnregistree {
            annee: self.annee as i32,
            contenu: json_lu(&self.contenu, "contenu")?,
            collectivite: self.code,
            collectivite_nom: self.nom,
            affiliee: self.affiliee,
            modifiee_le: self.modifiee_le,
            modifiee_par: self.modifiee_par,
        })
    }
}

/// Décompte puis lignes d'une page liée à une campagne : `$1` est l'année, les suivants les
/// codes de la portée.
macro_rules! page_de_campagne {
    ($store:expr, $annee:expr, $codes:expr, $sql_total:expr, $sql:expr) => {
        selon_moteur!($store, pool => {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe($sql_total)).bind(i64::from($annee));
            for c in $codes {
                q = q.bind(c);
            }
            let total: i64 = q.fetch_one(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe($sql)).bind(i64::from($annee));
            for c in $codes {
                q = q.bind(c);
            }
            (total, q.fetch_all(pool).await?)
        })
    };
}

const SELECT_DECLARATION: &str = "SELECT d.annee, c.code, c.nom, c.affiliee, d.contenu, \
     d.modifiee_le, d.modifiee_par FROM declarations d \
     JOIN collectivites c ON c.id = d.collectivite_id";

/// Une version de la grille de cotation d'une campagne.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GrilleEnregistree {
    pub annee: i32,
    pub version: u32,
    /// La grille (format du contrat v2, validée par le serveur avant l'écriture).
    pub contenu: Value,
    pub definie_le: String,
    pub definie_par: String,
}

impl Store {
    /// Crée la campagne d'une année. 409 (`campagne_existante`) si elle existe déjà.
    pub async fn creer_campagne(
        &self,
        acteur: &Acteur,
        annee: i32,
        depot_ouverture: Date,
        depot_cloture: Date,
        date_effet_liste: Date,
    ) -> Result<CampagneEnregistree, ErreurStockage> {
        let creee_le = maintenant();
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let existe: Option<i64> =
                sqlx::query_scalar("SELECT annee FROM campagnes WHERE annee = $1")
                    .bind(i64::from(annee))
                    .fetch_optional(&mut *tx)
                    .await?;
            if existe.is_some() {
                return Err(ErreurStockage::refus(
                    "campagne_existante",
                    format!("la campagne {annee} existe déjà"),
                ));
            }
            sqlx::query(
                "INSERT INTO campagnes (annee, depot_ouverture, depot_cloture, date_effet_liste, \
                 historique, creee_le, creee_par) VALUES ($1, $2, $3, $4, NULL, $5, $6)",
            )
            .bind(i64::from(annee))
            .bind(depot_ouverture.to_string())
            .bind(depot_cloture.to_string())
            .bind(date_effet_liste.to_string())
            .bind(&creee_le)
            .bind(&acteur.identifiant)
            .execute(&mut *tx)
            .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("campagne.creer", format!("campagne:{annee}")).apres(json!({
                    "annee": annee,
                    "depot_ouverture": depot_ouverture,
                    "depot_cloture": depot_cloture,
                    "date_effet_liste": date_effet_liste,
                })),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(CampagneEnregistree {
            annee,
            depot_ouverture,
            depot_cloture,
            date_effet_liste,
            historique: None,
            creee_le,
            creee_par: acteur.identifiant.clone(),
        })
    }

    /// La campagne d'une année. Elle n'est pas une donnée personnelle : toute session la
    /// lit.
    pub async fn campagne(
        &self,
        annee: i32,
    ) -> Result<Option<CampagneEnregistree>, ErreurStockage> {
        let sql = format!("SELECT {COLONNES_CAMPAGNE} FROM campagnes WHERE annee = $1");
        let ligne: Option<LigneCampagne> = selon_moteur!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(annee))
                .fetch_optional(pool)
                .await?
        });
        ligne.map(LigneCampagne::en_campagne).transpose()
    }

    /// Toutes les campagnes, la plus récente d'abord.
    pub async fn campagnes(&self) -> Result<Vec<CampagneEnregistree>, ErreurStockage> {
        let sql = format!("SELECT {COLONNES_CAMPAGNE} FROM campagnes ORDER BY annee DESC");
        let lignes: Vec<LigneCampagne> = selon_moteur!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?
        });
        lignes.into_iter().map(LigneCampagne::en_campagne).collect()
    }

    /// Enregistre la saisie initiale de la clause de sauvegarde (`PUT …/historique`) :
    /// remplace la précédente. `None` si la campagne n'existe pas.
    pub async fn definir_historique(
        &self,
        acteur: &Acteur,
        annee: i32,
        historique: &Value,
    ) -> Result<Option<CampagneEnregistree>, ErreurStockage> {
        let texte = historique.to_string();
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let avant: Option<Option<String>> =
                sqlx::query_scalar("SELECT historique FROM campagnes WHERE annee = $1")
                    .bind(i64::from(annee))
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(avant) = avant else {
                return Ok(None);
            };
            sqlx::query("UPDATE campagnes SET historique = $1 WHERE annee = $2")
                .bind(&texte)
                .bind(i64::from(annee))
                .execute(&mut *tx)
                .await?;
            let avant = avant.as_deref().map(|t| json_lu(t, "historique")).transpose()?;
            tx.journaliser(
                acteur,
                &Evenement::new("campagne.historique", format!("campagne:{annee}"))
                    .avant(avant)
                    .apres(historique),
            )
            .await?;
            tx.commit().await?;
        });
        self.campagne(annee).await
    }

    /// Remplace la déclaration d'une collectivité pour une campagne. `None` si la
    /// collectivité est inconnue ou hors de la portée de l'acteur (rien n'est écrit) ; 409
    /// `non_affiliee` si elle n'est pas affiliée au centre de gestion. La campagne doit
    /// exister (contrôlé par l'appelant).
    pub async fn remplacer_declaration(
        &self,
        acteur: &Acteur,
        annee: i32,
        collectivite: &str,
        contenu: &Value,
    ) -> Result<Option<DeclarationEnregistree>, ErreurStockage> {
        let une = [(collectivite.to_owned(), contenu.clone())];
        if self
            .remplacer_declarations(acteur, annee, &une)
            .await?
            .is_none()
        {
            return Ok(None);
        }
        self.declaration(&acteur.portee(), annee, collectivite)
            .await
    }

    /// Remplace les déclarations de plusieurs collectivités (code, contenu) pour une
    /// campagne, en une transaction : tout ou rien. `None` si l'une des collectivités est
    /// inconnue ou hors de la portée de l'acteur, 409 `non_affiliee` si l'une n'est pas
    /// affiliée : rien n'est alors écrit. Chaque déclaration remplacée est journalisée avec
    /// son auteur. La campagne doit exister (contrôlé par l'appelant).
    pub async fn remplacer_declarations(
        &self,
        acteur: &Acteur,
        annee: i32,
        declarations: &[(String, Value)],
    ) -> Result<Option<()>, ErreurStockage> {
        let portee = acteur.portee();
        let (condition, codes) = portee.condition("code", 2);
        let sql = format!("SELECT id, affiliee FROM collectivites WHERE code = $1 AND {condition}");
        let le = maintenant();
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            for (collectivite, contenu) in declarations {
                let texte = contenu.to_string();
                let mut q = sqlx::query_as::<_, (i64, bool)>(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(collectivite);
                for c in codes {
                    q = q.bind(c);
                }
                let Some((id, affiliee)) = q.fetch_optional(&mut *tx).await? else {
                    return Ok(None);
                };
                if !affiliee {
                    return Err(ErreurStockage::refus(
                        "non_affiliee",
                        format!(
                            "la collectivité « {collectivite} » n'est pas affiliée au centre de \
                             gestion : elle établit elle-même ses listes d'aptitude et ses \
                             recrutements ne sont pas mis en commun"
                        ),
                    ));
                }
                let avant: Option<String> = sqlx::query_scalar(
                    "SELECT contenu FROM declarations WHERE annee = $1 AND collectivite_id = $2",
                )
                .bind(i64::from(annee))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                if avant.is_some() {
                    sqlx::query(
                        "UPDATE declarations SET contenu = $1, modifiee_le = $2, modifiee_par = $3 \
                         WHERE annee = $4 AND collectivite_id = $5",
                    )
                    .bind(&texte)
                    .bind(&le)
                    .bind(&acteur.identifiant)
                    .bind(i64::from(annee))
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                } else {
                    sqlx::query(
                        "INSERT INTO declarations (annee, collectivite_id, contenu, modifiee_le, \
                         modifiee_par) VALUES ($1, $2, $3, $4, $5)",
                    )
                    .bind(i64::from(annee))
                    .bind(id)
                    .bind(&texte)
                    .bind(&le)
                    .bind(&acteur.identifiant)
                    .execute(&mut *tx)
                    .await?;
                }
                let avant = avant.as_deref().map(|t| json_lu(t, "contenu")).transpose()?;
                tx.journaliser(
                    acteur,
                    &Evenement::new(
                        "declaration.remplacer",
                        format!("declaration:{annee}:{collectivite}"),
                    )
                    .avant(avant)
                    .apres(contenu),
                )
                .await?;
            }
            tx.commit().await?;
        });
        Ok(Some(()))
    }

    /// La déclaration d'une collectivité de la portée (`None` : pas de déclaration, ou
    /// collectivité hors portée).
    pub async fn declaration(
        &self,
        portee: &Portee,
        annee: i32,
        collectivite: &str,
    ) -> Result<Option<DeclarationEnregistree>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 3);
        let sql =
            format!("{SELECT_DECLARATION} WHERE d.annee = $1 AND c.code = $2 AND {condition}");
        let ligne: Option<LigneDeclaration> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(annee))
                .bind(collectivite);
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_optional(pool).await?
        });
        ligne.map(LigneDeclaration::en_declaration).transpose()
    }

    /// Les déclarations d'une campagne, pour les collectivités de la portée, dans l'ordre
    /// alphabétique français des collectivités.
    pub async fn declarations(
        &self,
        portee: &Portee,
        annee: i32,
    ) -> Result<Vec<DeclarationEnregistree>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let sql = format!(
            "{SELECT_DECLARATION} WHERE d.annee = $1 AND {condition} ORDER BY c.cle_tri, c.code"
        );
        let lignes: Vec<LigneDeclaration> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(i64::from(annee));
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        });
        lignes
            .into_iter()
            .map(LigneDeclaration::en_declaration)
            .collect()
    }

    /// Une page des déclarations reçues pour une campagne, dans la portée, par ordre
    /// alphabétique français des collectivités (puis par code) ; le décompte porte sur toutes.
    pub async fn declarations_page(
        &self,
        portee: &Portee,
        annee: i32,
        pagination: Pagination,
    ) -> Result<Page<DeclarationEnregistree>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let sql_total = format!(
            "SELECT COUNT(*) FROM declarations d JOIN collectivites c ON c.id = d.collectivite_id \
             WHERE d.annee = $1 AND {condition}"
        );
        let sql = format!(
            "{SELECT_DECLARATION} WHERE d.annee = $1 AND {condition} ORDER BY c.cle_tri, c.code{}",
            pagination.sql()
        );
        let (total, lignes): (i64, Vec<LigneDeclaration>) =
            page_de_campagne!(self, annee, codes, sql_total, sql);
        Ok(Page {
            lignes: lignes
                .into_iter()
                .map(LigneDeclaration::en_declaration)
                .collect::<Result<_, _>>()?,
            total,
            pagination: Pagination::new(pagination.page, pagination.par_page),
        })
    }

    /// Une page des collectivités affiliées de la portée qui n'ont pas encore déclaré pour
    /// une campagne (code, nom), par ordre alphabétique français ; le décompte porte sur
    /// toutes.
    pub async fn declarations_manquantes_page(
        &self,
        portee: &Portee,
        annee: i32,
        pagination: Pagination,
    ) -> Result<Page<(String, String)>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let filtre = format!(
            "FROM collectivites c WHERE c.affiliee = TRUE AND {condition} AND NOT EXISTS \
             (SELECT 1 FROM declarations d WHERE d.collectivite_id = c.id AND d.annee = $1)"
        );
        let sql_total = format!("SELECT COUNT(*) {filtre}");
        let sql = format!(
            "SELECT c.code, c.nom {filtre} ORDER BY c.cle_tri, c.code{}",
            pagination.sql()
        );
        let (total, lignes): (i64, Vec<(String, String)>) =
            page_de_campagne!(self, annee, codes, sql_total, sql);
        Ok(Page {
            lignes,
            total,
            pagination: Pagination::new(pagination.page, pagination.par_page),
        })
    }

    /// Enregistre une nouvelle version de la grille de cotation d'une campagne ; rend son
    /// numéro. `None` si la campagne n'existe pas.
    pub async fn definir_grille(
        &self,
        acteur: &Acteur,
        annee: i32,
        contenu: &Value,
    ) -> Result<Option<u32>, ErreurStockage> {
        let le = maintenant();
        let version: i64 = selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let existe: Option<i64> =
                sqlx::query_scalar("SELECT annee FROM campagnes WHERE annee = $1")
                    .bind(i64::from(annee))
                    .fetch_optional(&mut *tx)
                    .await?;
            if existe.is_none() {
                return Ok(None);
            }
            let version: i64 = sqlx::query_scalar(
                "SELECT COALESCE(MAX(version), 0) + 1 FROM grilles WHERE annee = $1",
            )
            .bind(i64::from(annee))
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO grilles (annee, version, contenu, definie_le, definie_par) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(i64::from(annee))
            .bind(version)
            .bind(contenu.to_string())
            .bind(&le)
            .bind(&acteur.identifiant)
            .execute(&mut *tx)
            .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("grille.definir", format!("grille:{annee}:{version}"))
                    .apres(contenu),
            )
            .await?;
            tx.commit().await?;
            version
        });
        Ok(Some(version as u32))
    }

    /// Une version de la grille d'une campagne (la dernière si `version` est `None`).
    pub async fn grille(
        &self,
        annee: i32,
        version: Option<u32>,
    ) -> Result<Option<GrilleEnregistree>, ErreurStockage> {
        let ligne: Option<(i64, String, String, String)> = selon_moteur!(self, pool => {
            match version {
                Some(v) => sqlx::query_as(
                    "SELECT version, contenu, definie_le, definie_par FROM grilles \
                     WHERE annee = $1 AND version = $2",
                )
                .bind(i64::from(annee))
                .bind(i64::from(v))
                .fetch_optional(pool)
                .await?,
                None => sqlx::query_as(
                    "SELECT version, contenu, definie_le, definie_par FROM grilles \
                     WHERE annee = $1 ORDER BY version DESC LIMIT 1",
                )
                .bind(i64::from(annee))
                .fetch_optional(pool)
                .await?,
            }
        });
        ligne
            .map(|(version, contenu, definie_le, definie_par)| {
                Ok(GrilleEnregistree {
                    annee,
                    version: version as u32,
                    contenu: json_lu(&contenu, "contenu")?,
                    definie_le,
                    definie_par,
                })
            })
            .transpose()
    }
}
