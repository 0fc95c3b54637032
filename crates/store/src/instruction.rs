//! La campagne côté centre de gestion : instruction des propositions transmises, cotations
//! enregistrées, listes d'aptitude établies et leurs inscrits (contrat v2, « Instruction »,
//! « LDG grid and scoring », « Ranking, liste d'aptitude, publication »).
//!
//! Tables (migration `0004_instruction_classement`) :
//! - `instructions` : chaque décision, automatique (moteur) ou motivée (justification
//!   obligatoire), gardée ; la dernière fait le statut et les motifs de la proposition ;
//! - `cotations` : la cotation d'une proposition sous une version de la grille (lignes par
//!   critère, total, faits de départage), une par proposition et par version ;
//! - `listes` : la liste établie d'un grade cible (postes, date d'effet, version de la grille
//!   qui a classé, ordre manuel justifié, classements de chaque voie) et sa publication ;
//! - `inscrits` : les inscrits de la liste dans l'ordre alphabétique de publication, avec
//!   l'identité publiée (lue ensuite par le registre des inscriptions) ;
//! - `sels_anonymat` : le sel secret des codes anonymes de chaque campagne.
//!
//! Le stockage ne juge pas : les règles sont celles des crates `droit` et `campagne`,
//! appliquées par le serveur avant d'écrire. Il garantit ce qui doit tenir entre deux
//! requêtes concurrentes : une décision ne s'applique qu'au statut sur lequel elle a été prise
//! (409 `instruction_concurrente` sinon), une liste par campagne et par cible (409
//! `liste_etablie`), une publication. Toute lecture de données personnelles passe par la
//! portée de l'appelant ([`Portee`]).
//!
//! Journal : `proposition.instruire` (`proposition:<id>`), `cotation.enregistrer`
//! (`proposition:<id>`), `liste.etablir` et `liste.publier` (`liste:<annee>:<cible>`),
//! `campagne.sel_anonymat` (`campagne:<annee>`, sans la valeur du sel),
//! `agent.sexe` (`agent:<matricule>`).

use std::collections::HashMap;

use jiff::civil::Date;
use serde::Serialize;
use serde_json::{Value, json};

use crate::acces::{Acteur, Portee};
use crate::campagnes::{json_lu, maintenant};
use crate::journal::{Ecriture, Evenement, Journaliser};
use crate::{AgentEnregistre, ErreurStockage, Store, lignes, selon_moteur};

/// Une décision d'instruction à enregistrer.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionInstruction {
    pub proposition: i64,
    /// Statut de la proposition sur lequel la décision a été prise (garde contre une
    /// décision concurrente).
    pub statut_avant: String,
    /// `automatique` ou `manuelle`.
    pub nature: &'static str,
    /// Nouveau statut : `recevable`, `irrecevable`, ou `transmise` (point à vérifier).
    pub statut: String,
    pub motifs: Value,
    pub a_verifier: Value,
    pub justification: Option<String>,
    pub version_catalogue: String,
    pub detail: Option<Value>,
}

/// Une décision enregistrée.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InstructionEnregistree {
    pub id: i64,
    pub proposition: i64,
    pub nature: String,
    pub statut: String,
    pub motifs: Value,
    pub a_verifier: Value,
    pub justification: Option<String>,
    pub version_catalogue: String,
    pub detail: Option<Value>,
    pub decidee_le: String,
    pub decidee_par: String,
}

#[derive(sqlx::FromRow)]
struct LigneInstruction {
    id: i64,
    proposition_id: i64,
    nature: String,
    statut: String,
    motifs: String,
    a_verifier: String,
    justification: Option<String>,
    version_catalogue: String,
    detail: Option<String>,
    decidee_le: String,
    decidee_par: String,
}

impl LigneInstruction {
    fn en_instruction(self) -> Result<InstructionEnregistree, ErreurStockage> {
        Ok(InstructionEnregistree {
            id: self.id,
            proposition: self.proposition_id,
            nature: self.nature,
            statut: self.statut,
            motifs: json_lu(&self.motifs, "motifs")?,
            a_verifier: json_lu(&self.a_verifier, "a_verifier")?,
            justification: self.justification,
            version_catalogue: self.version_catalogue,
            detail: self
                .detail
                .as_deref()
                .map(|d| json_lu(d, "detail"))
                .transpose()?,
            decidee_le: self.decidee_le,
            decidee_par: self.decidee_par,
        })
    }
}

/// Une cotation à enregistrer.
#[derive(Debug, Clone, PartialEq)]
pub struct NouvelleCotation {
    pub proposition: i64,
    /// La cotation (`droit::ldg::Cotation` en JSON).
    pub contenu: Value,
    /// Les faits de départage (`droit::classement::FaitsDepartage` en JSON).
    pub faits: Value,
}

/// Une cotation enregistrée.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CotationEnregistree {
    pub proposition: i64,
    pub grille_version: u32,
    pub contenu: Value,
    pub faits: Value,
    pub calculee_le: String,
    pub calculee_par: String,
}

/// Un inscrit à enregistrer, dans l'ordre alphabétique de publication.
#[derive(Debug, Clone, PartialEq)]
pub struct NouvelInscrit {
    pub proposition: i64,
    pub voie: String,
    /// Rang au classement de sa voie.
    pub rang: u32,
}

/// Une liste à établir.
#[derive(Debug, Clone, PartialEq)]
pub struct NouvelleListe<'a> {
    pub annee: i32,
    pub cible: &'a str,
    pub postes: Option<u32>,
    pub date_effet: Date,
    pub grille_version: u32,
    /// Ordre manuel des ex aequo à la limite des postes (identifiants), s'il a servi.
    pub departage_manuel: Option<&'a [String]>,
    pub justification: Option<&'a str>,
    /// Les classements de chaque voie tels qu'ils ont servi (JSON).
    pub classements: &'a Value,
    /// Inscrits, dans l'ordre alphabétique.
    pub inscrits: &'a [NouvelInscrit],
    /// Nouveau statut de chaque proposition classée (`inscrite`, `non_retenue`).
    pub statuts: &'a [(i64, String)],
}

/// Un inscrit d'une liste établie (identité telle que publiée).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Inscrit {
    pub ordre: i64,
    #[sqlx(rename = "proposition_id")]
    pub proposition: i64,
    pub matricule: String,
    pub nom: String,
    pub prenom: String,
    pub collectivite: String,
    pub voie: String,
    pub rang: i64,
}

/// Une liste d'aptitude établie.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListeEnregistree {
    pub annee: i32,
    pub cible: String,
    pub postes: Option<u32>,
    pub date_effet: Date,
    pub grille_version: u32,
    pub departage_manuel: Option<Value>,
    pub justification: Option<String>,
    pub classements: Value,
    pub etablie_le: String,
    pub etablie_par: String,
    pub publiee_le: Option<String>,
    pub publiee_par: Option<String>,
    pub inscrits: Vec<Inscrit>,
}

#[derive(sqlx::FromRow)]
struct LigneListe {
    annee: i64,
    cible: String,
    postes: Option<i64>,
    date_effet: String,
    grille_version: i64,
    departage_manuel: Option<String>,
    justification: Option<String>,
    classements: String,
    etablie_le: String,
    etablie_par: String,
    publiee_le: Option<String>,
    publiee_par: Option<String>,
}

impl LigneListe {
    fn en_liste(self, inscrits: Vec<Inscrit>) -> Result<ListeEnregistree, ErreurStockage> {
        Ok(ListeEnregistree {
            annee: self.annee as i32,
            cible: self.cible,
            postes: self.postes.map(|p| p as u32),
            date_effet: self.date_effet.parse().map_err(|_| {
                ErreurStockage::Donnee(format!("date « {} » illisible", self.date_effet))
            })?,
            grille_version: self.grille_version as u32,
            departage_manuel: self
                .departage_manuel
                .as_deref()
                .map(|d| json_lu(d, "departage_manuel"))
                .transpose()?,
            justification: self.justification,
            classements: json_lu(&self.classements, "classements")?,
            etablie_le: self.etablie_le,
            etablie_par: self.etablie_par,
            publiee_le: self.publiee_le,
            publiee_par: self.publiee_par,
            inscrits,
        })
    }
}

const COLONNES_LISTE: &str = "annee, cible, postes, date_effet, grille_version, \
     departage_manuel, justification, classements, etablie_le, etablie_par, publiee_le, \
     publiee_par";

/// Un agent compté par les indicateurs : matricule, collectivité, grade cible, sexe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AgentIndicateur {
    pub matricule: String,
    pub collectivite: String,
    pub cible: String,
    pub sexe: Option<String>,
}

/// Les populations des indicateurs d'une campagne.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PopulationsIndicateurs {
    /// Promouvables calculés (collectivités affiliées).
    pub promouvables: Vec<AgentIndicateur>,
    /// Propositions transmises (tout statut sauf `brouillon`).
    pub propositions: Vec<AgentIndicateur>,
    pub inscrits: Vec<AgentIndicateur>,
}

impl Store {
    /// Toutes les versions de la grille d'une campagne, la première d'abord.
    pub async fn grilles(
        &self,
        annee: i32,
    ) -> Result<Vec<crate::campagnes::GrilleEnregistree>, ErreurStockage> {
        let lignes: Vec<(i64, String, String, String)> = selon_moteur!(self, pool => {
            sqlx::query_as(
                "SELECT version, contenu, definie_le, definie_par FROM grilles \
                 WHERE annee = $1 ORDER BY version",
            )
            .bind(i64::from(annee))
            .fetch_all(pool)
            .await?
        });
        lignes
            .into_iter()
            .map(|(version, contenu, definie_le, definie_par)| {
                Ok(crate::campagnes::GrilleEnregistree {
                    annee,
                    version: version as u32,
                    contenu: json_lu(&contenu, "contenu")?,
                    definie_le,
                    definie_par,
                })
            })
            .collect()
    }

    /// Enregistre des décisions d'instruction, toutes ou aucune (une transaction) : la
    /// décision, le statut et les motifs de la proposition, l'entrée du journal. `None` si
    /// une proposition est hors de la portée de l'acteur ; 409 `instruction_concurrente` si
    /// son statut n'est plus celui sur lequel la décision a été prise.
    pub async fn enregistrer_instructions(
        &self,
        acteur: &Acteur,
        decisions: &[DecisionInstruction],
    ) -> Result<Option<()>, ErreurStockage> {
        let portee = acteur.portee();
        let (sql, codes) = crate::propositions::sql_etat(&portee);
        let le = maintenant();
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            for d in decisions {
                let mut q = sqlx::query_as::<_, crate::propositions::EtatProposition>(
                    sqlx::AssertSqlSafe(sql.clone()),
                )
                .bind(d.proposition);
                for c in codes {
                    q = q.bind(c);
                }
                let Some(e) = q.fetch_optional(&mut *tx).await? else {
                    return Ok(None);
                };
                if e.statut != d.statut_avant {
                    return Err(ErreurStockage::refus(
                        "instruction_concurrente",
                        format!(
                            "la proposition n° {} a changé de statut pendant l'instruction \
                             ({} au lieu de {}) : rechargez-la avant de décider",
                            d.proposition, e.statut, d.statut_avant
                        ),
                    ));
                }
                sqlx::query(
                    "INSERT INTO instructions (proposition_id, nature, statut, motifs, \
                     a_verifier, justification, version_catalogue, detail, decidee_le, \
                     decidee_par) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                )
                .bind(d.proposition)
                .bind(d.nature)
                .bind(&d.statut)
                .bind(d.motifs.to_string())
                .bind(d.a_verifier.to_string())
                .bind(d.justification.as_deref())
                .bind(&d.version_catalogue)
                .bind(d.detail.as_ref().map(Value::to_string))
                .bind(&le)
                .bind(&acteur.identifiant)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE propositions SET statut = $1, motifs = $2, modifiee_le = $3 \
                     WHERE id = $4",
                )
                .bind(&d.statut)
                .bind(d.motifs.to_string())
                .bind(&le)
                .bind(d.proposition)
                .execute(&mut *tx)
                .await?;
                let mut apres = json!({
                    "statut": d.statut,
                    "nature": d.nature,
                    "motifs": d.motifs,
                    "a_verifier": d.a_verifier,
                    "version_catalogue": d.version_catalogue,
                });
                if let Some(j) = &d.justification {
                    apres["justification"] = json!(j);
                }
                tx.journaliser(
                    acteur,
                    &Evenement::new("proposition.instruire", format!("proposition:{}", d.proposition))
                        .avant(json!({"statut": e.statut}))
                        .apres(apres),
                )
                .await?;
            }
            tx.commit().await?;
        });
        Ok(Some(()))
    }

    /// Les décisions d'instruction d'une proposition de la portée, la plus ancienne d'abord
    /// (vide hors de la portée).
    pub async fn instructions(
        &self,
        portee: &Portee,
        proposition: i64,
    ) -> Result<Vec<InstructionEnregistree>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let sql = format!(
            "SELECT i.id, i.proposition_id, i.nature, i.statut, i.motifs, i.a_verifier, \
             i.justification, i.version_catalogue, i.detail, i.decidee_le, i.decidee_par \
             FROM instructions i JOIN propositions p ON p.id = i.proposition_id \
             JOIN collectivites c ON c.id = p.collectivite_id \
             WHERE i.proposition_id = $1 AND {condition} ORDER BY i.id"
        );
        let lignes: Vec<LigneInstruction> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(proposition);
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        });
        lignes
            .into_iter()
            .map(LigneInstruction::en_instruction)
            .collect()
    }

    /// La dernière décision de chaque proposition d'une campagne dans la portée (file de
    /// travail), par identifiant de proposition.
    pub async fn dernieres_instructions(
        &self,
        portee: &Portee,
        annee: i32,
    ) -> Result<HashMap<i64, InstructionEnregistree>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let sql = format!(
            "SELECT i.id, i.proposition_id, i.nature, i.statut, i.motifs, i.a_verifier, \
             i.justification, i.version_catalogue, NULL AS detail, i.decidee_le, i.decidee_par \
             FROM instructions i JOIN propositions p ON p.id = i.proposition_id \
             JOIN collectivites c ON c.id = p.collectivite_id \
             WHERE p.annee = $1 AND {condition} \
             AND i.id = (SELECT MAX(j.id) FROM instructions j WHERE j.proposition_id = p.id)"
        );
        let lignes: Vec<LigneInstruction> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(i64::from(annee));
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        });
        lignes
            .into_iter()
            .map(|l| l.en_instruction().map(|i| (i.proposition, i)))
            .collect()
    }

    /// Les agents (carrière comprise) proposés dans une campagne, dans la portée, par
    /// matricule : une lecture pour toute la campagne (instruction et cotation par lot).
    pub async fn agents_proposes(
        &self,
        portee: &Portee,
        annee: i32,
    ) -> Result<HashMap<String, AgentEnregistre>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let dans = format!(
            "a.id IN (SELECT p.agent_id FROM propositions p \
             JOIN collectivites c ON c.id = p.collectivite_id \
             WHERE p.annee = $1 AND {condition})"
        );
        let sql_agents = format!(
            "SELECT a.id, a.matricule, c.code AS code_collectivite, a.nom, a.prenom, \
             a.date_naissance, a.formations_renseignees, a.complements \
             FROM agents a JOIN collectivites c ON c.id = a.collectivite_id WHERE {dans}"
        );
        let sql_periodes = format!(
            "SELECT x.* FROM periodes x JOIN agents a ON a.id = x.agent_id \
             WHERE {dans} ORDER BY x.agent_id, x.rang"
        );
        let sql_formations = format!(
            "SELECT x.* FROM formations x JOIN agents a ON a.id = x.agent_id \
             WHERE {dans} ORDER BY x.agent_id, x.rang"
        );
        let (agents, periodes, formations) = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_agents)).bind(i64::from(annee));
            for c in codes {
                q = q.bind(c);
            }
            let agents: Vec<lignes::LigneAgent> = q.fetch_all(pool).await?;
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql_periodes)).bind(i64::from(annee));
            for c in codes {
                q = q.bind(c);
            }
            let periodes: Vec<lignes::LignePeriode> = q.fetch_all(pool).await?;
            let mut q =
                sqlx::query_as(sqlx::AssertSqlSafe(sql_formations)).bind(i64::from(annee));
            for c in codes {
                q = q.bind(c);
            }
            let formations: Vec<lignes::LigneFormation> = q.fetch_all(pool).await?;
            (agents, periodes, formations)
        });
        Ok(lignes::assembler(agents, periodes, formations)?
            .into_iter()
            .map(|a| (a.fiche.matricule.clone(), a))
            .collect())
    }

    /// Enregistre les cotations de propositions sous une version de la grille (remplace
    /// celles de la même version), une transaction ; rend leur nombre. Chaque cotation est
    /// journalisée (`cotation.enregistrer`, total et version).
    pub async fn enregistrer_cotations(
        &self,
        acteur: &Acteur,
        annee: i32,
        grille_version: u32,
        cotations: &[NouvelleCotation],
    ) -> Result<usize, ErreurStockage> {
        let le = maintenant();
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            for c in cotations {
                let avant: Option<String> = sqlx::query_scalar(
                    "SELECT contenu FROM cotations WHERE proposition_id = $1 AND grille_version = $2",
                )
                .bind(c.proposition)
                .bind(i64::from(grille_version))
                .fetch_optional(&mut *tx)
                .await?;
                sqlx::query(
                    "DELETE FROM cotations WHERE proposition_id = $1 AND grille_version = $2",
                )
                .bind(c.proposition)
                .bind(i64::from(grille_version))
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO cotations (proposition_id, annee, grille_version, contenu, \
                     faits, calculee_le, calculee_par) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(c.proposition)
                .bind(i64::from(annee))
                .bind(i64::from(grille_version))
                .bind(c.contenu.to_string())
                .bind(c.faits.to_string())
                .bind(&le)
                .bind(&acteur.identifiant)
                .execute(&mut *tx)
                .await?;
                let total_avant = avant
                    .as_deref()
                    .and_then(|a| serde_json::from_str::<Value>(a).ok())
                    .map(|v| v["total"].clone());
                let mut ev = Evenement::new(
                    "cotation.enregistrer",
                    format!("proposition:{}", c.proposition),
                )
                .apres(json!({"grille_version": grille_version, "total": c.contenu["total"]}));
                if let Some(t) = total_avant {
                    ev = ev.avant(json!({"grille_version": grille_version, "total": t}));
                }
                tx.journaliser(acteur, &ev).await?;
            }
            tx.commit().await?;
        });
        Ok(cotations.len())
    }

    /// Les cotations enregistrées d'une campagne sous une version de la grille, dans la
    /// portée (et du seul grade `cible` s'il est donné), par identifiant de proposition.
    pub async fn cotations(
        &self,
        portee: &Portee,
        annee: i32,
        grille_version: u32,
        cible: Option<&str>,
    ) -> Result<HashMap<i64, CotationEnregistree>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 4);
        let sql = format!(
            "SELECT k.proposition_id, k.grille_version, k.contenu, k.faits, k.calculee_le, \
             k.calculee_par FROM cotations k JOIN propositions p ON p.id = k.proposition_id \
             JOIN collectivites c ON c.id = p.collectivite_id \
             WHERE k.annee = $1 AND k.grille_version = $2 AND ($3 IS NULL OR p.cible = $3) \
             AND {condition}"
        );
        let lignes: Vec<(i64, i64, String, String, String, String)> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(annee))
                .bind(i64::from(grille_version))
                .bind(cible);
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        });
        lignes
            .into_iter()
            .map(|(id, v, contenu, faits, le, par)| {
                Ok((
                    id,
                    CotationEnregistree {
                        proposition: id,
                        grille_version: v as u32,
                        contenu: json_lu(&contenu, "contenu")?,
                        faits: json_lu(&faits, "faits")?,
                        calculee_le: le,
                        calculee_par: par,
                    },
                ))
            })
            .collect()
    }

    /// Le sel secret des codes anonymes d'une campagne, tiré au hasard (32 octets) à la
    /// première demande et conservé. `None` si la campagne n'existe pas.
    pub async fn sel_anonymat(
        &self,
        acteur: &Acteur,
        annee: i32,
    ) -> Result<Option<Vec<u8>>, ErreurStockage> {
        let lire = "SELECT sel FROM sels_anonymat WHERE annee = $1";
        let existant: Option<String> = selon_moteur!(self, pool => {
            sqlx::query_scalar(lire).bind(i64::from(annee)).fetch_optional(pool).await?
        });
        let texte = match existant {
            Some(s) => s,
            None => {
                let mut octets = [0u8; 32];
                getrandom::fill(&mut octets).expect("générateur aléatoire du système");
                let neuf = hex::encode(octets);
                selon_moteur!(self, pool => {
                    let mut tx = pool.ecriture().await?;
                    let campagne: Option<i64> =
                        sqlx::query_scalar("SELECT annee FROM campagnes WHERE annee = $1")
                            .bind(i64::from(annee))
                            .fetch_optional(&mut *tx)
                            .await?;
                    if campagne.is_none() {
                        return Ok(None);
                    }
                    let deja: Option<String> = sqlx::query_scalar(lire)
                        .bind(i64::from(annee))
                        .fetch_optional(&mut *tx)
                        .await?;
                    match deja {
                        Some(s) => s,
                        None => {
                            sqlx::query("INSERT INTO sels_anonymat (annee, sel) VALUES ($1, $2)")
                                .bind(i64::from(annee))
                                .bind(&neuf)
                                .execute(&mut *tx)
                                .await?;
                            tx.journaliser(
                                acteur,
                                &Evenement::new("campagne.sel_anonymat", format!("campagne:{annee}"))
                                    .apres(json!({"octets": 32})),
                            )
                            .await?;
                            tx.commit().await?;
                            neuf
                        }
                    }
                })
            }
        };
        hex::decode(&texte)
            .map(Some)
            .map_err(|_| ErreurStockage::Donnee("sel des codes anonymes illisible".into()))
    }

    /// Établit la liste d'une cible : la liste, ses inscrits (identité lue en base), le
    /// nouveau statut des propositions classées, une entrée du journal. 409 `liste_etablie`
    /// si la liste de cette cible existe déjà ; 409 `instruction_concurrente` si une
    /// proposition classée n'est plus recevable.
    pub async fn etablir_liste(
        &self,
        acteur: &Acteur,
        l: &NouvelleListe<'_>,
    ) -> Result<ListeEnregistree, ErreurStockage> {
        let le = maintenant();
        let annee = i64::from(l.annee);
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let existe: Option<String> = sqlx::query_scalar(
                "SELECT etablie_le FROM listes WHERE annee = $1 AND cible = $2",
            )
            .bind(annee)
            .bind(l.cible)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(quand) = existe {
                return Err(ErreurStockage::refus(
                    "liste_etablie",
                    format!(
                        "la liste d'aptitude {} de ce grade a déjà été établie ({quand}) : \
                         elle ne s'établit qu'une fois",
                        l.annee
                    ),
                ));
            }
            sqlx::query(
                "INSERT INTO listes (annee, cible, postes, date_effet, grille_version, \
                 departage_manuel, justification, classements, etablie_le, etablie_par, \
                 publiee_le, publiee_par) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, NULL)",
            )
            .bind(annee)
            .bind(l.cible)
            .bind(l.postes.map(i64::from))
            .bind(l.date_effet.to_string())
            .bind(i64::from(l.grille_version))
            .bind(l.departage_manuel.map(|d| json!(d).to_string()))
            .bind(l.justification)
            .bind(l.classements.to_string())
            .bind(&le)
            .bind(&acteur.identifiant)
            .execute(&mut *tx)
            .await?;
            for (id, statut) in l.statuts {
                let n = sqlx::query(
                    "UPDATE propositions SET statut = $1, modifiee_le = $2 \
                     WHERE id = $3 AND annee = $4 AND cible = $5 AND statut = 'recevable'",
                )
                .bind(statut)
                .bind(&le)
                .bind(id)
                .bind(annee)
                .bind(l.cible)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Err(ErreurStockage::refus(
                        "instruction_concurrente",
                        format!(
                            "la proposition n° {id} n'est plus recevable : recommencez \
                             l'établissement de la liste"
                        ),
                    ));
                }
            }
            for (i, x) in l.inscrits.iter().enumerate() {
                let n = sqlx::query(
                    "INSERT INTO inscrits (annee, cible, ordre, proposition_id, agent_id, \
                     matricule, nom, prenom, collectivite, voie, rang) \
                     SELECT $1, $2, $3, p.id, a.id, a.matricule, a.nom, a.prenom, c.code, $4, $5 \
                     FROM propositions p JOIN agents a ON a.id = p.agent_id \
                     JOIN collectivites c ON c.id = p.collectivite_id WHERE p.id = $6",
                )
                .bind(annee)
                .bind(l.cible)
                .bind(i as i64 + 1)
                .bind(&x.voie)
                .bind(i64::from(x.rang))
                .bind(x.proposition)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n != 1 {
                    return Err(ErreurStockage::Incoherence(format!(
                        "proposition {} introuvable à l'inscription",
                        x.proposition
                    )));
                }
            }
            let inscrits: Vec<Inscrit> = sqlx::query_as(
                "SELECT ordre, proposition_id, matricule, nom, prenom, collectivite, voie, rang \
                 FROM inscrits WHERE annee = $1 AND cible = $2 ORDER BY ordre",
            )
            .bind(annee)
            .bind(l.cible)
            .fetch_all(&mut *tx)
            .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("liste.etablir", format!("liste:{}:{}", l.annee, l.cible)).apres(
                    json!({
                        "postes": l.postes,
                        "date_effet": l.date_effet,
                        "grille_version": l.grille_version,
                        "departage_manuel": l.departage_manuel,
                        "justification": l.justification,
                        "inscrits": inscrits
                            .iter()
                            .map(|i| json!({"proposition": i.proposition, "matricule": i.matricule, "voie": i.voie}))
                            .collect::<Vec<_>>(),
                        "statuts": l.statuts
                            .iter()
                            .map(|(id, s)| json!({"proposition": id, "statut": s}))
                            .collect::<Vec<_>>(),
                    }),
                ),
            )
            .await?;
            tx.commit().await?;
        });
        self.liste(&Portee::Cdg, l.annee, l.cible)
            .await?
            .ok_or_else(|| ErreurStockage::Incoherence("liste établie introuvable".into()))
    }

    /// La liste établie d'une cible. Le centre de gestion la lit toujours ; une collectivité
    /// seulement une fois publiée (c'est alors un acte public) ; sinon `None`.
    pub async fn liste(
        &self,
        portee: &Portee,
        annee: i32,
        cible: &str,
    ) -> Result<Option<ListeEnregistree>, ErreurStockage> {
        let sql = format!("SELECT {COLONNES_LISTE} FROM listes WHERE annee = $1 AND cible = $2");
        let (ligne, inscrits): (Option<LigneListe>, Vec<Inscrit>) = selon_moteur!(self, pool => {
            let ligne = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(annee))
                .bind(cible)
                .fetch_optional(pool)
                .await?;
            let inscrits = sqlx::query_as(
                "SELECT ordre, proposition_id, matricule, nom, prenom, collectivite, voie, rang \
                 FROM inscrits WHERE annee = $1 AND cible = $2 ORDER BY ordre",
            )
            .bind(i64::from(annee))
            .bind(cible)
            .fetch_all(pool)
            .await?;
            (ligne, inscrits)
        });
        let Some(ligne) = ligne else { return Ok(None) };
        let visible = match portee {
            Portee::Cdg => true,
            Portee::Collectivites(_) => ligne.publiee_le.is_some(),
            Portee::Aucune => false,
        };
        if !visible {
            return Ok(None);
        }
        ligne.en_liste(inscrits).map(Some)
    }

    /// Les listes établies d'une campagne (sans leurs inscrits), par cible.
    pub async fn listes(
        &self,
        portee: &Portee,
        annee: i32,
    ) -> Result<Vec<ListeEnregistree>, ErreurStockage> {
        let sql = format!("SELECT {COLONNES_LISTE} FROM listes WHERE annee = $1 ORDER BY cible");
        let lignes: Vec<LigneListe> = selon_moteur!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(annee))
                .fetch_all(pool)
                .await?
        });
        lignes
            .into_iter()
            .filter(|l| match portee {
                Portee::Cdg => true,
                Portee::Collectivites(_) => l.publiee_le.is_some(),
                Portee::Aucune => false,
            })
            .map(|l| l.en_liste(Vec::new()))
            .collect()
    }

    /// Publie une liste établie. `None` si elle n'existe pas ; 409 `liste_publiee` si elle
    /// l'est déjà.
    pub async fn publier_liste(
        &self,
        acteur: &Acteur,
        annee: i32,
        cible: &str,
    ) -> Result<Option<ListeEnregistree>, ErreurStockage> {
        let le = maintenant();
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let etat: Option<Option<String>> = sqlx::query_scalar(
                "SELECT publiee_le FROM listes WHERE annee = $1 AND cible = $2",
            )
            .bind(i64::from(annee))
            .bind(cible)
            .fetch_optional(&mut *tx)
            .await?;
            match etat {
                None => return Ok(None),
                Some(Some(quand)) => {
                    return Err(ErreurStockage::refus(
                        "liste_publiee",
                        format!("la liste a déjà été publiée ({quand})"),
                    ));
                }
                Some(None) => {}
            }
            sqlx::query(
                "UPDATE listes SET publiee_le = $1, publiee_par = $2 WHERE annee = $3 AND cible = $4",
            )
            .bind(&le)
            .bind(&acteur.identifiant)
            .bind(i64::from(annee))
            .bind(cible)
            .execute(&mut *tx)
            .await?;
            // Les inscrits entrent au registre des inscriptions (vie de la liste).
            crate::inscriptions::inscrire_liste_publiee!(tx, acteur, annee, cible, &le);
            tx.journaliser(
                acteur,
                &Evenement::new("liste.publier", format!("liste:{annee}:{cible}"))
                    .avant(json!({"publiee_le": null}))
                    .apres(json!({"publiee_le": le})),
            )
            .await?;
            tx.commit().await?;
        });
        self.liste(&Portee::Cdg, annee, cible).await
    }

    /// Renseigne (ou efface) le sexe d'un agent de la portée : `femme`, `homme` ou `None`
    /// (inconnu). `None` en retour si l'agent est hors de la portée.
    pub async fn definir_sexe(
        &self,
        acteur: &Acteur,
        matricule: &str,
        sexe: Option<&str>,
    ) -> Result<Option<()>, ErreurStockage> {
        if let Some(s) = sexe
            && s != "femme"
            && s != "homme"
        {
            return Err(ErreurStockage::Invalide(format!(
                "sexe « {s} » non reconnu (attendu : femme, homme, ou rien si inconnu)"
            )));
        }
        let portee = acteur.portee();
        let (condition, codes) = portee.condition("c.code", 2);
        let sql = format!(
            "SELECT a.id, a.sexe FROM agents a JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE a.matricule = $1 AND {condition}"
        );
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let mut q = sqlx::query_as::<_, (i64, Option<String>)>(sqlx::AssertSqlSafe(sql))
                .bind(matricule);
            for c in codes {
                q = q.bind(c);
            }
            let Some((id, avant)) = q.fetch_optional(&mut *tx).await? else {
                return Ok(None);
            };
            sqlx::query("UPDATE agents SET sexe = $1 WHERE id = $2")
                .bind(sexe)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("agent.sexe", format!("agent:{matricule}"))
                    .avant(json!({"sexe": avant}))
                    .apres(json!({"sexe": sexe})),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(Some(()))
    }

    /// Le sexe enregistré d'un agent de la portée (`femme` ou `homme`) ; `None` s'il n'est
    /// pas renseigné, ou si l'agent est inconnu ou hors de la portée.
    pub async fn sexe(
        &self,
        portee: &Portee,
        matricule: &str,
    ) -> Result<Option<String>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 2);
        let sql = format!(
            "SELECT a.sexe FROM agents a JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE a.matricule = $1 AND {condition}"
        );
        Ok(selon_moteur!(self, pool => {
            let mut q = sqlx::query_scalar::<_, Option<String>>(sqlx::AssertSqlSafe(sql))
                .bind(matricule);
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_optional(pool).await?.flatten()
        }))
    }

    /// Les populations des indicateurs d'une campagne (portée du centre de gestion) :
    /// promouvables calculés des collectivités affiliées, propositions transmises, inscrits.
    /// Les promouvables doivent avoir été actualisés par l'appelant.
    pub async fn populations_indicateurs(
        &self,
        annee: i32,
        cibles: &[String],
    ) -> Result<PopulationsIndicateurs, ErreurStockage> {
        let (mut promouvables, mut propositions, mut inscrits): (
            Vec<AgentIndicateur>,
            Vec<AgentIndicateur>,
            Vec<AgentIndicateur>,
        ) = selon_moteur!(self, pool => {
            let promouvables = sqlx::query_as(
                "SELECT DISTINCT a.matricule, c.code AS collectivite, x.cible, a.sexe \
                 FROM promouvables x JOIN agents a ON a.id = x.agent_id \
                 JOIN collectivites c ON c.id = x.collectivite_id \
                 WHERE x.annee = $1 AND c.affiliee = $2",
            )
            .bind(i64::from(annee))
            .bind(true)
            .fetch_all(pool)
            .await?;
            let propositions = sqlx::query_as(
                "SELECT DISTINCT a.matricule, c.code AS collectivite, p.cible, a.sexe \
                 FROM propositions p JOIN agents a ON a.id = p.agent_id \
                 JOIN collectivites c ON c.id = p.collectivite_id \
                 WHERE p.annee = $1 AND p.statut <> 'brouillon'",
            )
            .bind(i64::from(annee))
            .fetch_all(pool)
            .await?;
            let inscrits = sqlx::query_as(
                "SELECT i.matricule, i.collectivite, i.cible, a.sexe \
                 FROM inscrits i JOIN agents a ON a.id = i.agent_id WHERE i.annee = $1",
            )
            .bind(i64::from(annee))
            .fetch_all(pool)
            .await?;
            (promouvables, propositions, inscrits)
        });
        let garder = |v: &mut Vec<AgentIndicateur>| v.retain(|a| cibles.contains(&a.cible));
        garder(&mut promouvables);
        garder(&mut propositions);
        garder(&mut inscrits);
        Ok(PopulationsIndicateurs {
            promouvables,
            propositions,
            inscrits,
        })
    }
}
