//! Pièces justificatives d'une proposition (contrat v2 : `PUT/GET
//! /propositions/{id}/pieces/{type}`).
//!
//! **Stockage choisi : les octets en base**, colonne `pieces.contenu` (`BLOB` en SQLite,
//! `BYTEA` en PostgreSQL), écrits dans la même transaction que la fiche de la pièce
//! (type, taille, empreinte SHA-256, auteur, instant) et que l'entrée au journal. Une
//! pièce et sa fiche sont donc écrites ensemble ou pas du tout : une coupure pendant
//! l'écriture laisse l'ancienne pièce intacte (la base annule la transaction inachevée),
//! jamais une pièce à moitié écrite ni un fichier orphelin. Les deux moteurs se comportent
//! de même, et une machine neuve n'a besoin d'aucun service ni dossier de plus ; les
//! sauvegardes de la base emportent les pièces. Une pièce pèse au plus 10 Mio (limite de la
//! route) ; un dossier en compte une dizaine.
//!
//! À la lecture, l'empreinte est recalculée : une pièce dont les octets ne correspondent
//! plus à l'empreinte enregistrée n'est jamais servie ([`ErreurStockage::Incoherence`]).
//!
//! Journal (objet `proposition:<id>`) : `piece.deposer` (type, taille, empreinte avant et
//! après, jamais les octets), `piece.supprimer`.

use serde_json::json;
use sha2::{Digest, Sha256};

use crate::acces::{Acteur, Portee};
use crate::campagnes::maintenant;
use crate::journal::{Ecriture, Evenement, Journaliser};
use crate::propositions::{BROUILLON, EtatProposition, PieceResume, refus_transmise, sql_etat};
use crate::{ErreurStockage, Store, selon_moteur};

/// Taille maximale d'une pièce : 10 Mio.
pub const TAILLE_MAX: usize = 10 << 20;

/// Une pièce lue, octets compris, dont l'empreinte a été vérifiée.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PieceLue {
    pub resume: PieceResume,
    pub octets: Vec<u8>,
}

/// Empreinte SHA-256 en hexadécimal.
pub fn sha256(octets: &[u8]) -> String {
    hex::encode(Sha256::digest(octets))
}

/// Contrôle d'une pièce déposée : un PDF (commence par `%PDF-`), au plus [`TAILLE_MAX`].
pub fn verifier_pdf(octets: &[u8]) -> Result<(), ErreurStockage> {
    if octets.len() > TAILLE_MAX {
        return Err(ErreurStockage::Invalide(format!(
            "la pièce pèse {} octets : 10 Mio au plus",
            octets.len()
        )));
    }
    if !octets.starts_with(b"%PDF-") {
        return Err(ErreurStockage::Invalide(
            "la pièce n'est pas un document PDF (un PDF commence par « %PDF- ») : \
             enregistrez-la au format PDF puis déposez-la de nouveau"
                .to_owned(),
        ));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct LignePieceComplete {
    type_piece: String,
    taille: i64,
    sha256: String,
    nom_fichier: Option<String>,
    deposee_le: String,
    contenu: Vec<u8>,
}

impl Store {
    /// Dépose (ou remplace) la pièce d'un type pour une proposition encore brouillon.
    /// `None` hors portée ; 422 si ce n'est pas un PDF ; 409 `proposition_transmise` si la
    /// proposition n'est plus un brouillon. Le type est contrôlé par l'appelant.
    pub async fn deposer_piece(
        &self,
        acteur: &Acteur,
        id: i64,
        type_piece: &str,
        nom_fichier: Option<&str>,
        octets: &[u8],
    ) -> Result<Option<PieceResume>, ErreurStockage> {
        verifier_pdf(octets)?;
        let empreinte = sha256(octets);
        let taille = octets.len() as i64;
        let le = maintenant();
        let portee = acteur.portee();
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
            let avant: Option<(i64, String)> = sqlx::query_as(
                "SELECT taille, sha256 FROM pieces WHERE proposition_id = $1 AND type_piece = $2",
            )
            .bind(id)
            .bind(type_piece)
            .fetch_optional(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM pieces WHERE proposition_id = $1 AND type_piece = $2")
                .bind(id)
                .bind(type_piece)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO pieces (proposition_id, type_piece, nom_fichier, taille, sha256, \
                 deposee_le, deposee_par, contenu) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(type_piece)
            .bind(nom_fichier)
            .bind(taille)
            .bind(&empreinte)
            .bind(&le)
            .bind(&acteur.identifiant)
            .bind(octets)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE propositions SET modifiee_le = $1 WHERE id = $2")
                .bind(&le)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("piece.deposer", format!("proposition:{id}"))
                    .avant(avant.map(|(t, s)| json!({"type": type_piece, "taille": t, "sha256": s})))
                    .apres(json!({
                        "type": type_piece,
                        "taille": taille,
                        "sha256": empreinte,
                        "nom_fichier": nom_fichier,
                    })),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(Some(PieceResume {
            type_piece: type_piece.to_owned(),
            taille,
            sha256: empreinte,
            nom_fichier: nom_fichier.map(str::to_owned),
            deposee_le: le,
        }))
    }

    /// La pièce d'un type, octets compris, si la proposition est dans la portée et que la
    /// pièce existe. L'empreinte est recalculée : si elle ne correspond plus,
    /// [`ErreurStockage::Incoherence`] (la pièce n'est jamais servie altérée).
    pub async fn piece(
        &self,
        portee: &Portee,
        id: i64,
        type_piece: &str,
    ) -> Result<Option<PieceLue>, ErreurStockage> {
        let (condition, codes) = portee.condition("c.code", 3);
        let sql = format!(
            "SELECT x.type_piece, x.taille, x.sha256, x.nom_fichier, x.deposee_le, x.contenu \
             FROM pieces x JOIN propositions p ON p.id = x.proposition_id \
             JOIN collectivites c ON c.id = p.collectivite_id \
             WHERE p.id = $1 AND x.type_piece = $2 AND {condition}"
        );
        let ligne: Option<LignePieceComplete> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).bind(type_piece);
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_optional(pool).await?
        });
        let Some(l) = ligne else {
            return Ok(None);
        };
        let calculee = sha256(&l.contenu);
        if calculee != l.sha256 || l.contenu.len() as i64 != l.taille {
            tracing::error!(
                "pièce {type_piece} de la proposition {id} altérée : empreinte enregistrée {}, \
                 recalculée {calculee} ({} octets enregistrés, {} lus)",
                l.sha256,
                l.taille,
                l.contenu.len()
            );
            return Err(ErreurStockage::Incoherence(format!(
                "la pièce « {type_piece} » de la proposition n° {id} ne correspond plus à son \
                 empreinte SHA-256 enregistrée"
            )));
        }
        Ok(Some(PieceLue {
            resume: PieceResume {
                type_piece: l.type_piece,
                taille: l.taille,
                sha256: l.sha256,
                nom_fichier: l.nom_fichier,
                deposee_le: l.deposee_le,
            },
            octets: l.contenu,
        }))
    }

    /// Supprime la pièce d'un type d'un brouillon. `None` si la proposition est hors portée
    /// ou si la pièce n'existe pas ; 409 `proposition_transmise` si la proposition n'est
    /// plus un brouillon.
    pub async fn supprimer_piece(
        &self,
        acteur: &Acteur,
        id: i64,
        type_piece: &str,
    ) -> Result<Option<()>, ErreurStockage> {
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
            let avant: Option<(i64, String)> = sqlx::query_as(
                "SELECT taille, sha256 FROM pieces WHERE proposition_id = $1 AND type_piece = $2",
            )
            .bind(id)
            .bind(type_piece)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((taille, empreinte)) = avant else {
                return Ok(None);
            };
            if e.statut != BROUILLON {
                return Err(refus_transmise(&e.statut));
            }
            sqlx::query("DELETE FROM pieces WHERE proposition_id = $1 AND type_piece = $2")
                .bind(id)
                .bind(type_piece)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE propositions SET modifiee_le = $1 WHERE id = $2")
                .bind(&le)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("piece.supprimer", format!("proposition:{id}"))
                    .avant(json!({"type": type_piece, "taille": taille, "sha256": empreinte})),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(Some(()))
    }
}
