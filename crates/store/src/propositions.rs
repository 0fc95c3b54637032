//! Propositions de l'employeur et leur dossier (contrat v2, « Proposals and dossiers »).
//!
//! Table `propositions` (migration `0003_campagne`) : une ligne par agent, grade cible et
//! voie proposés dans une campagne (unicité `annee, agent_id, cible, voie` : 409
//! `proposition_existante`). La proposition appartient à la collectivité de l'agent au
//! moment où elle est faite (`collectivite_id`) : c'est par elle que passe le cloisonnement
//! (404 hors de la portée). `rang` est l'ordre de priorité de l'autorité parmi ses
//! propositions d'une même cible (1 = la première) ; deux propositions d'une même
//! collectivité et d'une même cible n'ont jamais le même rang. `dossier` est le document
//! JSON des faits que la grille cote (clés inconnues gardées telles quelles). `promouvable`,
//! `eligibilite` (la voie telle que l'a évaluée le moteur) et `version_catalogue` sont
//! calculés par le serveur à la création et de nouveau à la transmission. `statut` :
//! `brouillon`, `transmise`, puis (instruction, côté centre de gestion) `recevable`,
//! `irrecevable`, `inscrite`, `non_retenue` ; `motifs` : tableau JSON.
//!
//! Seul un brouillon change (409 `proposition_transmise` sinon) : modification, pièces,
//! retrait. Le contrôle de la période de dépôt (409 `depot_clos`) se fait au serveur, avec
//! la date du jour lue à la bordure ; le stockage garantit seulement qu'une transmission ne
//! passe qu'une fois, même entre deux requêtes concurrentes.
//!
//! Journal (objet `proposition:<id>`) : `proposition.creer`, `proposition.modifier`,
//! `proposition.transmettre`, `proposition.retirer` ; les pièces : voir [`crate::pieces`].

use serde::Serialize;
use serde_json::{Value, json};

use crate::acces::{Acteur, Portee};
use crate::campagnes::{json_lu, maintenant};
use crate::journal::{Ecriture, Evenement, Journaliser};
use crate::{ErreurStockage, Store, selon_moteur};

/// Statut d'une proposition encore modifiable par son auteur.
pub const BROUILLON: &str = "brouillon";
/// Statut d'une proposition transmise au centre de gestion.
pub const TRANSMISE: &str = "transmise";

/// Ce que l'employeur propose, avec ce que le moteur en dit.
#[derive(Debug, Clone, PartialEq)]
pub struct NouvelleProposition<'a> {
    pub annee: i32,
    pub matricule: &'a str,
    pub cible: &'a str,
    pub voie: &'a str,
    /// Rang voulu ; `None` : après les propositions existantes de la même cible.
    pub rang: Option<u32>,
    pub dossier: &'a Value,
    pub promouvable: bool,
    /// La voie évaluée par le moteur (`ResultatVoie` de la commande `eligibilite`).
    pub eligibilite: &'a Value,
    pub version_catalogue: &'a str,
}

/// Une pièce jointe, sans ses octets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PieceResume {
    #[serde(rename = "type")]
    pub type_piece: String,
    pub taille: i64,
    pub sha256: String,
    pub nom_fichier: Option<String>,
    pub deposee_le: String,
}

/// Une proposition enregistrée (forme du contrat v2, étendue).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Proposition {
    pub id: i64,
    pub annee: i32,
    pub matricule: String,
    pub nom: String,
    pub prenom: String,
    /// Code de la collectivité qui propose.
    pub collectivite: String,
    pub collectivite_nom: String,
    pub cible: String,
    pub voie: String,
    pub rang: u32,
    pub dossier: Value,
    pub pieces: Vec<PieceResume>,
    pub statut: String,
    pub motifs: Value,
    pub promouvable: bool,
    pub eligibilite: Value,
    pub version_catalogue: String,
    pub creee_le: String,
    pub creee_par: String,
    pub modifiee_le: String,
    pub transmise_le: Option<String>,
}

/// Filtres de la liste des propositions d'une campagne (tous facultatifs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FiltrePropositions {
    pub collectivite: Option<String>,
    pub cible: Option<String>,
    pub voie: Option<String>,
    pub statut: Option<String>,
}

/// Une proposition réduite à ce qui sert à compter et à nommer les dossiers (codes
/// anonymes, tableau de bord), sans ses documents JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct PropositionResumee {
    pub id: i64,
    pub cible: String,
    pub voie: String,
    pub statut: String,
}

#[derive(sqlx::FromRow)]
struct LigneProposition {
    id: i64,
    annee: i64,
    matricule: String,
    nom: String,
    prenom: String,
    code: String,
    collectivite_nom: String,
    cible: String,
    voie: String,
    rang: i64,
    dossier: String,
    statut: String,
    motifs: String,
    promouvable: bool,
    eligibilite: String,
    version_catalogue: String,
    creee_le: String,
    creee_par: String,
    modifiee_le: String,
    transmise_le: Option<String>,
}

impl LigneProposition {
    fn en_proposition(self, pieces: Vec<PieceResume>) -> Result<Proposition, ErreurStockage> {
        Ok(Proposition {
            id: self.id,
            annee: self.annee as i32,
            matricule: self.matricule,
            nom: self.nom,
            prenom: self.prenom,
            collectivite: self.code,
            collectivite_nom: self.collectivite_nom,
            cible: self.cible,
            voie: self.voie,
            rang: u32::try_from(self.rang).unwrap_or(0),
            dossier: json_lu(&self.dossier, "dossier")?,
            pieces,
            statut: self.statut,
            motifs: json_lu(&self.motifs, "motifs")?,
            promouvable: self.promouvable,
            eligibilite: json_lu(&self.eligibilite, "eligibilite")?,
            version_catalogue: self.version_catalogue,
            creee_le: self.creee_le,
            creee_par: self.creee_par,
            modifiee_le: self.modifiee_le,
            transmise_le: self.transmise_le,
        })
    }
}

#[derive(sqlx::FromRow)]
struct LignePiece {
    proposition_id: i64,
    type_piece: String,
    taille: i64,
    sha256: String,
    nom_fichier: Option<String>,
    deposee_le: String,
}

const SELECT_PROPOSITION: &str = "SELECT p.id, p.annee, a.matricule, a.nom, a.prenom, \
     c.code, c.nom AS collectivite_nom, p.cible, p.voie, p.rang, p.dossier, p.statut, \
     p.motifs, p.promouvable, p.eligibilite, p.version_catalogue, p.creee_le, p.creee_par, \
     p.modifiee_le, p.transmise_le \
     FROM propositions p JOIN agents a ON a.id = p.agent_id \
     JOIN collectivites c ON c.id = p.collectivite_id";

const SELECT_PIECES: &str = "SELECT x.proposition_id, x.type_piece, x.taille, x.sha256, \
     x.nom_fichier, x.deposee_le FROM pieces x JOIN propositions p ON p.id = x.proposition_id \
     JOIN collectivites c ON c.id = p.collectivite_id";

/// État d'une proposition lu dans une transaction d'écriture.
#[derive(sqlx::FromRow)]
pub(crate) struct EtatProposition {
    pub annee: i64,
    pub collectivite_id: i64,
    pub cible: String,
    pub rang: i64,
    pub statut: String,
}

/// Requête de l'état d'une proposition dans la portée (`$1` = id).
pub(crate) fn sql_etat(portee: &Portee) -> (String, &[String]) {
    let (condition, codes) = portee.condition("c.code", 2);
    (
        format!(
            "SELECT p.annee, p.collectivite_id, p.cible, p.rang, p.statut \
             FROM propositions p JOIN collectivites c ON c.id = p.collectivite_id \
             WHERE p.id = $1 AND {condition}"
        ),
        codes,
    )
}

/// 409 `proposition_transmise` : la proposition n'est plus un brouillon.
pub(crate) fn refus_transmise(statut: &str) -> ErreurStockage {
    let message = if statut == TRANSMISE {
        "la proposition a été transmise au centre de gestion : ni elle ni ses pièces ne \
         peuvent plus être modifiées"
            .to_owned()
    } else {
        format!(
            "la proposition n'est plus un brouillon (statut : {statut}) : ni elle ni ses \
             pièces ne peuvent plus être modifiées"
        )
    };
    ErreurStockage::refus("proposition_transmise", message)
}

impl Store {
    /// Enregistre une proposition (statut `brouillon`). `None` si l'agent est inconnu ou
    /// hors de la portée de l'acteur ; 409 `non_affiliee` (collectivité qui établit ses
    /// propres listes), `proposition_existante` (même agent, cible et voie déjà proposés
    /// dans la campagne), `rang_deja_attribue` (rang d'une autre proposition de la même
    /// cible). La campagne doit exister (contrôlé par l'appelant).
    pub async fn creer_proposition(
        &self,
        acteur: &Acteur,
        p: &NouvelleProposition<'_>,
    ) -> Result<Option<Proposition>, ErreurStockage> {
        let portee = acteur.portee();
        let (condition, codes) = portee.condition("c.code", 2);
        let sql_agent = format!(
            "SELECT a.id, a.collectivite_id, c.affiliee FROM agents a \
             JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE a.matricule = $1 AND {condition}"
        );
        let le = maintenant();
        let annee = i64::from(p.annee);
        let id: i64 = selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let mut q = sqlx::query_as::<_, (i64, i64, bool)>(sqlx::AssertSqlSafe(sql_agent))
                .bind(p.matricule);
            for c in codes {
                q = q.bind(c);
            }
            let Some((agent_id, collectivite_id, affiliee)) = q.fetch_optional(&mut *tx).await?
            else {
                return Ok(None);
            };
            if !affiliee {
                return Err(ErreurStockage::refus(
                    "non_affiliee",
                    "la collectivité de l'agent n'est pas affiliée au centre de gestion : elle \
                     établit elle-même ses listes d'aptitude",
                ));
            }
            let existante: Option<(i64, String)> = sqlx::query_as(
                "SELECT id, statut FROM propositions \
                 WHERE annee = $1 AND agent_id = $2 AND cible = $3 AND voie = $4",
            )
            .bind(annee)
            .bind(agent_id)
            .bind(p.cible)
            .bind(p.voie)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((id, statut)) = existante {
                return Err(ErreurStockage::refus(
                    "proposition_existante",
                    format!(
                        "l'agent {} est déjà proposé pour ce grade et cette voie dans la \
                         campagne {} (proposition n° {id}, {statut})",
                        p.matricule, p.annee
                    ),
                ));
            }
            let rangs: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT id, rang FROM propositions \
                 WHERE annee = $1 AND collectivite_id = $2 AND cible = $3",
            )
            .bind(annee)
            .bind(collectivite_id)
            .bind(p.cible)
            .fetch_all(&mut *tx)
            .await?;
            let rang = match p.rang {
                Some(r) => {
                    if let Some((autre, _)) = rangs.iter().find(|(_, x)| *x == i64::from(r)) {
                        return Err(ErreurStockage::refus(
                            "rang_deja_attribue",
                            format!(
                                "le rang {r} est déjà celui de la proposition n° {autre} pour ce \
                                 grade : choisissez un autre rang, ou modifiez d'abord l'autre \
                                 proposition"
                            ),
                        ));
                    }
                    i64::from(r)
                }
                None => rangs.iter().map(|(_, x)| *x).max().unwrap_or(0) + 1,
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO propositions (annee, agent_id, collectivite_id, cible, voie, rang, \
                 dossier, statut, motifs, promouvable, eligibilite, version_catalogue, creee_le, \
                 creee_par, modifiee_le, transmise_le) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '[]', $9, $10, $11, $12, $13, $12, NULL) \
                 RETURNING id",
            )
            .bind(annee)
            .bind(agent_id)
            .bind(collectivite_id)
            .bind(p.cible)
            .bind(p.voie)
            .bind(rang)
            .bind(p.dossier.to_string())
            .bind(BROUILLON)
            .bind(p.promouvable)
            .bind(p.eligibilite.to_string())
            .bind(p.version_catalogue)
            .bind(&le)
            .bind(&acteur.identifiant)
            .fetch_one(&mut *tx)
            .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("proposition.creer", format!("proposition:{id}")).apres(json!({
                    "annee": p.annee,
                    "matricule": p.matricule,
                    "cible": p.cible,
                    "voie": p.voie,
                    "rang": rang,
                    "dossier": p.dossier,
                    "promouvable": p.promouvable,
                    "version_catalogue": p.version_catalogue,
                })),
            )
            .await?;
            tx.commit().await?;
            id
        });
        self.proposition(&portee, id).await
    }

    /// Une proposition de la portée, avec ses pièces (sans leurs octets).
    pub async fn proposition(
        &self,
        portee: &Portee,
        id: i64,
    ) -> Result<Option<Proposition>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let sql = format!("{SELECT_PROPOSITION} WHERE p.id = $1 AND {condition}");
        let sql_pieces =
            format!("{SELECT_PIECES} WHERE p.id = $1 AND {condition} ORDER BY x.type_piece");
        let (ligne, pieces): (Option<LigneProposition>, Vec<LignePiece>) = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id);
            for c in codes {
                q = q.bind(c);
            }
            let ligne = q.fetch_optional(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_pieces)).bind(id);
            for c in codes {
                q = q.bind(c);
            }
            (ligne, q.fetch_all(pool).await?)
        });
        ligne
            .map(|l| l.en_proposition(pieces.into_iter().map(resume).collect()))
            .transpose()
    }

    /// Les propositions d'une campagne dans la portée, filtrées, dans l'ordre : collectivité
    /// (alphabétique), cible, rang.
    pub async fn propositions(
        &self,
        portee: &Portee,
        annee: i32,
        filtre: &FiltrePropositions,
    ) -> Result<Vec<Proposition>, ErreurStockage> {
        let mut valeurs: Vec<String> = Vec::new();
        let mut conditions: Vec<String> = Vec::new();
        for (colonne, v) in [
            ("c.code", &filtre.collectivite),
            ("p.cible", &filtre.cible),
            ("p.voie", &filtre.voie),
            ("p.statut", &filtre.statut),
        ] {
            if let Some(v) = v {
                valeurs.push(v.clone());
                conditions.push(format!("{colonne} = ${}", valeurs.len() + 1));
            }
        }
        let (condition, codes) = portee.condition("c.code", valeurs.len() + 2);
        conditions.push(condition);
        let clause = conditions.join(" AND ");
        let sql = format!(
            "{SELECT_PROPOSITION} WHERE p.annee = $1 AND {clause} \
             ORDER BY c.cle_tri, c.code, p.cible, p.rang, p.id"
        );
        let sql_pieces = format!(
            "{SELECT_PIECES} WHERE p.annee = $1 AND {clause} ORDER BY x.proposition_id, x.type_piece"
        );
        let (lignes, pieces): (Vec<LigneProposition>, Vec<LignePiece>) = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(i64::from(annee));
            for v in valeurs.iter().chain(codes) {
                q = q.bind(v);
            }
            let lignes = q.fetch_all(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_pieces)).bind(i64::from(annee));
            for v in valeurs.iter().chain(codes) {
                q = q.bind(v);
            }
            (lignes, q.fetch_all(pool).await?)
        });
        let mut par_proposition: std::collections::HashMap<i64, Vec<PieceResume>> =
            std::collections::HashMap::new();
        for p in pieces {
            par_proposition
                .entry(p.proposition_id)
                .or_default()
                .push(resume(p));
        }
        lignes
            .into_iter()
            .map(|l| {
                let pieces = par_proposition.remove(&l.id).unwrap_or_default();
                l.en_proposition(pieces)
            })
            .collect()
    }

    /// Les propositions d'une campagne dans la portée, réduites à leur identifiant, leur
    /// cible, leur voie et leur statut (une lecture sans les documents JSON), par
    /// identifiant.
    pub async fn propositions_resumees(
        &self,
        portee: &Portee,
        annee: i32,
    ) -> Result<Vec<PropositionResumee>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let sql = format!(
            "SELECT p.id, p.cible, p.voie, p.statut FROM propositions p \
             JOIN collectivites c ON c.id = p.collectivite_id \
             WHERE p.annee = $1 AND {condition} ORDER BY p.id"
        );
        Ok(selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(i64::from(annee));
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        }))
    }

    /// Modifie le rang et/ou le dossier d'un brouillon. `None` hors portée ; 409
    /// `proposition_transmise` si la proposition n'est plus un brouillon. Un rang déjà tenu
    /// par un autre brouillon de la même collectivité et de la même cible est échangé avec
    /// lui (les deux changements au journal) ; tenu par une proposition transmise : 409
    /// `rang_deja_attribue`.
    pub async fn modifier_proposition(
        &self,
        acteur: &Acteur,
        id: i64,
        rang: Option<u32>,
        dossier: Option<&Value>,
    ) -> Result<Option<Proposition>, ErreurStockage> {
        let portee = acteur.portee();
        let (sql, codes) = sql_etat(&portee);
        let le = maintenant();
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let mut q = sqlx::query_as::<_, EtatProposition>(sqlx::AssertSqlSafe(sql)).bind(id);
            for c in codes {
                q = q.bind(c);
            }
            let Some(e) = q.fetch_optional(&mut *tx).await? else {
                return Ok(None);
            };
            if e.statut != BROUILLON {
                return Err(refus_transmise(&e.statut));
            }
            let ancien_dossier: String =
                sqlx::query_scalar("SELECT dossier FROM propositions WHERE id = $1")
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            let mut avant = serde_json::Map::new();
            let mut apres = serde_json::Map::new();
            let mut echange: Option<(i64, i64)> = None;
            if let Some(r) = rang.map(i64::from).filter(|r| *r != e.rang) {
                let autre: Option<(i64, String)> = sqlx::query_as(
                    "SELECT id, statut FROM propositions WHERE annee = $1 AND collectivite_id = $2 \
                     AND cible = $3 AND rang = $4 AND id <> $5",
                )
                .bind(e.annee)
                .bind(e.collectivite_id)
                .bind(&e.cible)
                .bind(r)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                if let Some((autre, statut)) = autre {
                    if statut != BROUILLON {
                        return Err(ErreurStockage::refus(
                            "rang_deja_attribue",
                            format!(
                                "le rang {r} est celui de la proposition n° {autre}, déjà \
                                 transmise : il ne peut pas lui être repris"
                            ),
                        ));
                    }
                    sqlx::query("UPDATE propositions SET rang = $1, modifiee_le = $2 WHERE id = $3")
                        .bind(e.rang)
                        .bind(&le)
                        .bind(autre)
                        .execute(&mut *tx)
                        .await?;
                    echange = Some((autre, r));
                }
                sqlx::query("UPDATE propositions SET rang = $1 WHERE id = $2")
                    .bind(r)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                avant.insert("rang".into(), json!(e.rang));
                apres.insert("rang".into(), json!(r));
            }
            if let Some(d) = dossier {
                sqlx::query("UPDATE propositions SET dossier = $1 WHERE id = $2")
                    .bind(d.to_string())
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                avant.insert("dossier".into(), json_lu(&ancien_dossier, "dossier")?);
                apres.insert("dossier".into(), d.clone());
            }
            sqlx::query("UPDATE propositions SET modifiee_le = $1 WHERE id = $2")
                .bind(&le)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            if let Some((autre, r)) = echange {
                apres.insert("rang_echange_avec".into(), json!(autre));
                tx.journaliser(
                    acteur,
                    &Evenement::new("proposition.modifier", format!("proposition:{autre}"))
                        .avant(json!({"rang": r}))
                        .apres(json!({"rang": e.rang, "rang_echange_avec": id})),
                )
                .await?;
            }
            tx.journaliser(
                acteur,
                &Evenement::new("proposition.modifier", format!("proposition:{id}"))
                    .avant(avant)
                    .apres(apres),
            )
            .await?;
            tx.commit().await?;
        });
        self.proposition(&portee, id).await
    }

    /// Transmet un brouillon au centre de gestion : statut `transmise`, instant
    /// `transmise_le`, et l'évaluation du moteur refaite à cet instant (`promouvable`,
    /// `eligibilite`, `version_catalogue`). `None` hors portée ; 409
    /// `proposition_transmise` si elle n'est plus un brouillon (une seule transmission,
    /// même entre deux requêtes concurrentes). La période de dépôt est contrôlée par
    /// l'appelant.
    pub async fn transmettre_proposition(
        &self,
        acteur: &Acteur,
        id: i64,
        transmise_le: jiff::Timestamp,
        promouvable: bool,
        eligibilite: &Value,
        version_catalogue: &str,
    ) -> Result<Option<Proposition>, ErreurStockage> {
        let portee = acteur.portee();
        let (sql, codes) = sql_etat(&portee);
        let le = crate::campagnes::instant(transmise_le);
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let mut q = sqlx::query_as::<_, EtatProposition>(sqlx::AssertSqlSafe(sql)).bind(id);
            for c in codes {
                q = q.bind(c);
            }
            let Some(e) = q.fetch_optional(&mut *tx).await? else {
                return Ok(None);
            };
            if e.statut != BROUILLON {
                return Err(ErreurStockage::refus(
                    "proposition_transmise",
                    if e.statut == TRANSMISE {
                        "la proposition a déjà été transmise au centre de gestion".to_owned()
                    } else {
                        format!("la proposition n'est plus un brouillon (statut : {})", e.statut)
                    },
                ));
            }
            let n = sqlx::query(
                "UPDATE propositions SET statut = $1, transmise_le = $2, modifiee_le = $2, \
                 promouvable = $3, eligibilite = $4, version_catalogue = $5 \
                 WHERE id = $6 AND statut = $7",
            )
            .bind(TRANSMISE)
            .bind(&le)
            .bind(promouvable)
            .bind(eligibilite.to_string())
            .bind(version_catalogue)
            .bind(id)
            .bind(BROUILLON)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n != 1 {
                return Err(ErreurStockage::refus(
                    "proposition_transmise",
                    "la proposition a déjà été transmise au centre de gestion",
                ));
            }
            tx.journaliser(
                acteur,
                &Evenement::new("proposition.transmettre", format!("proposition:{id}"))
                    .avant(json!({"statut": BROUILLON}))
                    .apres(json!({
                        "statut": TRANSMISE,
                        "transmise_le": le,
                        "promouvable": promouvable,
                        "version_catalogue": version_catalogue,
                    })),
            )
            .await?;
            tx.commit().await?;
        });
        self.proposition(&portee, id).await
    }

    /// Retire (supprime) un brouillon et ses pièces. `None` hors portée ; 409
    /// `proposition_transmise` si la proposition n'est plus un brouillon.
    pub async fn retirer_proposition(
        &self,
        acteur: &Acteur,
        id: i64,
    ) -> Result<Option<()>, ErreurStockage> {
        let portee = acteur.portee();
        let Some(p) = self.proposition(&portee, id).await? else {
            return Ok(None);
        };
        let (sql, codes) = sql_etat(&portee);
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let mut q = sqlx::query_as::<_, EtatProposition>(sqlx::AssertSqlSafe(sql)).bind(id);
            for c in codes {
                q = q.bind(c);
            }
            let Some(e) = q.fetch_optional(&mut *tx).await? else {
                return Ok(None);
            };
            if e.statut != BROUILLON {
                return Err(refus_transmise(&e.statut));
            }
            sqlx::query("DELETE FROM pieces WHERE proposition_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM propositions WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("proposition.retirer", format!("proposition:{id}")).avant(json!({
                    "annee": p.annee,
                    "matricule": p.matricule,
                    "cible": p.cible,
                    "voie": p.voie,
                    "rang": p.rang,
                    "pieces": p.pieces,
                })),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(Some(()))
    }
}

fn resume(p: LignePiece) -> PieceResume {
    PieceResume {
        type_piece: p.type_piece,
        taille: p.taille,
        sha256: p.sha256,
        nom_fichier: p.nom_fichier,
        deposee_le: p.deposee_le,
    }
}
