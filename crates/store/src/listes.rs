//! Listes paginées et filtrées, calculées par la base : collectivités de la portée, agents
//! d'une collectivité.
//!
//! Une page ne lit que ses lignes (`LIMIT` / `OFFSET` sur un ordre total et stable : clé de
//! tri française puis code de la collectivité, ou identifiant de l'agent ; tous deux
//! uniques), plus un décompte. Le travail
//! d'une requête reste donc borné quelle que soit la taille de la collectivité : la page
//! d'un centre de gestion de 20 000 agents coûte celle d'une commune de 50.
//!
//! La portée (`Portee`) est appliquée dans chaque requête : une collectivité hors de la
//! portée ne rend aucune ligne, comme si elle n'existait pas.

use serde::Serialize;

use crate::{
    AgentEnregistre, CollectiviteResume, ErreurStockage, Portee, Store, cle_tri, lignes,
    selon_moteur,
};

/// Une page demandée : numéro à partir de 1, lignes par page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pagination {
    pub page: u32,
    pub par_page: u32,
}

impl Pagination {
    /// Lignes par page au plus : au-delà, la page est ramenée à ce nombre.
    pub const PAR_PAGE_MAX: u32 = 200;

    /// Page `page` (1 au moins) de `par_page` lignes (de 1 à [`Pagination::PAR_PAGE_MAX`]).
    pub fn new(page: u32, par_page: u32) -> Pagination {
        Pagination {
            page: page.max(1),
            par_page: par_page.clamp(1, Pagination::PAR_PAGE_MAX),
        }
    }

    pub(crate) fn sql(&self) -> String {
        let p = Pagination::new(self.page, self.par_page);
        let decalage = i64::from(p.page - 1) * i64::from(p.par_page);
        format!(" LIMIT {} OFFSET {decalage}", p.par_page)
    }
}

/// Une page d'une liste : ses lignes, le nombre total de lignes qui répondent au filtre, et
/// la pagination appliquée (après bornage).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Page<T> {
    pub lignes: Vec<T>,
    pub total: i64,
    pub pagination: Pagination,
}

impl<T> Page<T> {
    /// Nombre de pages (1 au moins, même pour une liste vide).
    pub fn pages(&self) -> u32 {
        let par_page = i64::from(self.pagination.par_page.max(1));
        u32::try_from(((self.total + par_page - 1) / par_page).max(1)).unwrap_or(u32::MAX)
    }
}

/// Motif `LIKE` qui cherche `texte` (ramené à la clé de tri) n'importe où dans une clé de
/// tri ; `%`, `_` et `\` du texte sont pris à la lettre (échappement `\`).
fn motif_contient(texte: &str) -> String {
    let mut motif = String::from("%");
    for c in cle_tri(texte).chars() {
        if matches!(c, '%' | '_' | '\\') {
            motif.push('\\');
        }
        motif.push(c);
    }
    motif.push('%');
    motif
}

/// Texte de recherche retenu : sans espaces autour, vide = pas de filtre ; 100 caractères au
/// plus.
fn recherche_retenue(recherche: Option<&str>) -> Option<String> {
    recherche
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(|r| r.chars().take(100).collect())
}

impl Store {
    /// Une page des collectivités de la portée, dans l'ordre alphabétique français (puis par
    /// code), avec leur nombre d'agents ; `recherche` filtre sur le nom (sans tenir compte des
    /// accents ni de la casse) ou le code exact.
    pub async fn collectivites_page(
        &self,
        portee: &Portee,
        recherche: Option<&str>,
        pagination: Pagination,
    ) -> Result<Page<CollectiviteResume>, ErreurStockage> {
        let recherche = recherche_retenue(recherche);
        let mut valeurs: Vec<String> = Vec::new();
        let mut filtre = String::new();
        if let Some(r) = &recherche {
            valeurs.push(motif_contient(r));
            valeurs.push(r.clone());
            filtre = " AND (c.cle_tri LIKE $1 ESCAPE '\\' OR c.code = $2)".to_owned();
        }
        let (condition, codes) = portee.condition("c.code", valeurs.len() + 1);
        valeurs.extend(codes.iter().cloned());
        let sql_total = format!("SELECT COUNT(*) FROM collectivites c WHERE {condition}{filtre}");
        let sql = format!(
            "SELECT c.id, c.code, c.nom, c.type_collectivite, c.population, c.affiliee, \
             (SELECT COUNT(*) FROM agents a WHERE a.collectivite_id = c.id) AS agents \
             FROM collectivites c WHERE {condition}{filtre} ORDER BY c.cle_tri, c.code{}",
            pagination.sql()
        );
        let (total, lignes): (i64, Vec<lignes::LigneCollectiviteResume>) = selon_moteur!(self, pool => {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql_total));
            for v in &valeurs {
                q = q.bind(v);
            }
            let total: i64 = q.fetch_one(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for v in &valeurs {
                q = q.bind(v);
            }
            (total, q.fetch_all(pool).await?)
        });
        let lignes = lignes
            .into_iter()
            .map(|l| {
                Ok(CollectiviteResume {
                    agents: l.agents,
                    collectivite: l.collectivite.en_collectivite()?,
                })
            })
            .collect::<Result<Vec<_>, ErreurStockage>>()?;
        Ok(Page {
            lignes,
            total,
            pagination: Pagination::new(pagination.page, pagination.par_page),
        })
    }

    /// Une page des agents d'une collectivité de la portée, avec leur carrière, dans l'ordre
    /// alphabétique français (nom, prénom), les homonymes dans l'ordre d'enregistrement ; `recherche` filtre sur le nom
    /// et le prénom (sans tenir compte des accents ni de la casse) ou le matricule exact.
    /// Seules les carrières des agents de la page sont lues.
    pub async fn agents_de_collectivite_page(
        &self,
        portee: &Portee,
        code: &str,
        recherche: Option<&str>,
        pagination: Pagination,
    ) -> Result<Page<AgentEnregistre>, ErreurStockage> {
        let pagination = Pagination::new(pagination.page, pagination.par_page);
        if !portee.contient(code) {
            return Ok(Page {
                lignes: Vec::new(),
                total: 0,
                pagination,
            });
        }
        let recherche = recherche_retenue(recherche);
        let mut valeurs: Vec<String> = vec![code.to_owned()];
        let mut filtre = String::new();
        if let Some(r) = &recherche {
            valeurs.push(motif_contient(r));
            valeurs.push(r.clone());
            filtre = " AND (a.cle_tri LIKE $2 ESCAPE '\\' OR a.matricule = $3)".to_owned();
        }
        let (condition, codes) = portee.condition("c.code", valeurs.len() + 1);
        valeurs.extend(codes.iter().cloned());
        let depuis = format!(
            "FROM agents a JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE c.code = $1 AND {condition}{filtre}"
        );
        let sql_total = format!("SELECT COUNT(*) {depuis}");
        // Identifiants de la page d'abord : l'ordre (clé de tri, puis identifiant) est celui
        // de l'index `agents_collectivite (collectivite_id, cle_tri)`, dont chaque entrée porte
        // l'identifiant : une page lointaine saute des entrées d'index sans lire les agents.
        let sql_ids = format!(
            "SELECT a.id {depuis} ORDER BY a.cle_tri, a.id{}",
            pagination.sql()
        );
        let (total, ids): (i64, Vec<i64>) = selon_moteur!(self, pool => {
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql_total));
            for v in &valeurs {
                q = q.bind(v);
            }
            let total: i64 = q.fetch_one(pool).await?;
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql_ids));
            for v in &valeurs {
                q = q.bind(v);
            }
            (total, q.fetch_all(pool).await?)
        });
        if ids.is_empty() {
            return Ok(Page {
                lignes: Vec::new(),
                total,
                pagination,
            });
        }
        // Identifiants lus dans la base (entiers) : le texte SQL ne contient aucune donnée
        // venue de l'extérieur.
        let ids = ids
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let sql_agents = format!(
            "SELECT a.id, a.matricule, c.code AS code_collectivite, a.nom, a.prenom, \
             a.date_naissance, a.formations_renseignees, a.complements \
             FROM agents a JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE a.id IN ({ids}) ORDER BY a.cle_tri, a.id"
        );
        let sql_periodes = format!(
            "SELECT p.* FROM periodes p WHERE p.agent_id IN ({ids}) ORDER BY p.agent_id, p.rang"
        );
        let sql_formations = format!(
            "SELECT f.* FROM formations f WHERE f.agent_id IN ({ids}) \
             ORDER BY f.agent_id, f.rang"
        );
        let (agents, periodes, formations) = selon_moteur!(self, pool => {
            let agents: Vec<lignes::LigneAgent> =
                sqlx::query_as(sqlx::AssertSqlSafe(sql_agents)).fetch_all(pool).await?;
            let periodes: Vec<lignes::LignePeriode> =
                sqlx::query_as(sqlx::AssertSqlSafe(sql_periodes)).fetch_all(pool).await?;
            let formations: Vec<lignes::LigneFormation> =
                sqlx::query_as(sqlx::AssertSqlSafe(sql_formations)).fetch_all(pool).await?;
            (agents, periodes, formations)
        });
        Ok(Page {
            lignes: lignes::assembler(agents, periodes, formations)?,
            total,
            pagination,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn motif_sans_accents_et_caracteres_speciaux_pris_a_la_lettre() {
        assert_eq!(motif_contient("Étienne"), "%etienne%");
        assert_eq!(motif_contient("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn pagination_bornee() {
        assert_eq!(
            Pagination::new(0, 0),
            Pagination {
                page: 1,
                par_page: 1
            }
        );
        assert_eq!(
            Pagination::new(3, 10_000),
            Pagination {
                page: 3,
                par_page: Pagination::PAR_PAGE_MAX
            }
        );
        assert_eq!(Pagination::new(3, 50).sql(), " LIMIT 50 OFFSET 100");
        let page: Page<()> = Page {
            lignes: vec![],
            total: 101,
            pagination: Pagination::new(1, 50),
        };
        assert_eq!(page.pages(), 3);
    }
}
