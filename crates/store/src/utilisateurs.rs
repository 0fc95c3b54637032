//! Comptes, mots de passe (Argon2id), sessions en base et limitation des échecs de connexion.
//!
//! - Un mot de passe fait au moins [`MOT_DE_PASSE_MIN`] caractères ; seul son haché Argon2id
//!   (paramètres par défaut de la bibliothèque `argon2` : 19 Mio, 2 passes) est stocké.
//! - Une session est un jeton aléatoire de 256 bits remis au navigateur ; la base n'en garde
//!   que l'empreinte SHA-256. Elle expire après [`INACTIVITE_MAX`] secondes sans requête et,
//!   quoi qu'il arrive, [`DUREE_MAX`] secondes après l'ouverture. Chaque connexion ouvre une
//!   session neuve (l'éventuelle ancienne est fermée) : un jeton posé par un tiers avant la
//!   connexion ne sert à rien.
//! - Les échecs sont comptés par compte et par adresse, en base (partagés par tous les
//!   serveurs) : au-delà de [`ECHECS_PAR_COMPTE`] échecs pour un compte ou de
//!   [`ECHECS_PAR_ADRESSE`] pour une adresse en [`FENETRE_ECHECS`] secondes, les tentatives
//!   suivantes sont refusées jusqu'à la fin de la fenêtre, même avec le bon mot de passe.
//! - Un identifiant inconnu et un mauvais mot de passe donnent la même réponse, dans un temps
//!   semblable (un haché factice est vérifié quand le compte n'existe pas).

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use serde::Serialize;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::acces::{Acteur, Role};
use crate::journal::{Ecriture, Evenement, Journaliser};
use crate::{ErreurStockage, Store, selon_moteur};

/// Longueur minimale d'un mot de passe, en caractères (contrat v2).
pub const MOT_DE_PASSE_MIN: usize = 12;
/// Session fermée après 30 minutes sans requête.
pub const INACTIVITE_MAX: i64 = 30 * 60;
/// Session fermée 12 heures après son ouverture, même active.
pub const DUREE_MAX: i64 = 12 * 3600;
/// Fenêtre de comptage des échecs de connexion (15 minutes).
pub const FENETRE_ECHECS: i64 = 15 * 60;
/// Échecs admis pour un même compte dans la fenêtre.
pub const ECHECS_PAR_COMPTE: i64 = 5;
/// Échecs admis depuis une même adresse dans la fenêtre (tous comptes confondus).
pub const ECHECS_PAR_ADRESSE: i64 = 20;

/// Un compte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Utilisateur {
    pub identifiant: String,
    pub role: Role,
    pub collectivites: Vec<String>,
    pub actif: bool,
    pub cree_le: String,
}

/// Une session ouverte : le jeton à remettre au navigateur (jamais stocké en clair), le
/// jeton anti-falsification des formulaires et l'acteur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOuverte {
    pub jeton: String,
    pub csrf: String,
    pub acteur: Acteur,
}

/// Une session retrouvée à partir de son jeton.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionValide {
    pub csrf: String,
    pub acteur: Acteur,
}

/// Issue d'une tentative de connexion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connexion {
    Ouverte(SessionOuverte),
    /// Identifiant inconnu, compte désactivé ou mauvais mot de passe : indiscernables.
    Refusee,
    /// Trop d'échecs récents : réessayer dans tant de secondes.
    Limitee {
        secondes: i64,
    },
}

/// Instant présent en secondes Unix : l'exploitation (sessions, échecs) lit l'horloge ici ;
/// le droit, jamais.
#[allow(clippy::disallowed_methods)]
pub fn maintenant() -> i64 {
    jiff::Timestamp::now().as_second()
}

/// Octets aléatoires du système, en hexadécimal.
pub fn aleatoire_hex(octets: usize) -> String {
    let mut b = vec![0u8; octets];
    getrandom::fill(&mut b).expect("générateur aléatoire du système");
    hex::encode(b)
}

/// Mot de passe aléatoire de 16 caractères (lettres et chiffres sans les caractères qui se
/// confondent à la lecture : 0/O, 1/l/I), environ 93 bits d'entropie.
pub fn mot_de_passe_aleatoire() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut sortie = String::with_capacity(16);
    while sortie.len() < 16 {
        let mut b = [0u8; 32];
        getrandom::fill(&mut b).expect("générateur aléatoire du système");
        // Rejet des octets au-delà du plus grand multiple de la taille de l'alphabet : tirage
        // uniforme.
        let plafond = 256 - 256 % ALPHABET.len();
        for x in b {
            if (x as usize) < plafond && sortie.len() < 16 {
                sortie.push(ALPHABET[x as usize % ALPHABET.len()] as char);
            }
        }
    }
    sortie
}

fn empreinte_jeton(jeton: &str) -> String {
    hex::encode(Sha256::digest(jeton.as_bytes()))
}

/// Haché Argon2id d'un mot de passe (sel aléatoire de 128 bits).
pub fn hacher(mot_de_passe: &str) -> String {
    let mut sel = [0u8; 16];
    getrandom::fill(&mut sel).expect("générateur aléatoire du système");
    let sel = SaltString::encode_b64(&sel).expect("sel encodable");
    Argon2::default()
        .hash_password(mot_de_passe.as_bytes(), &sel)
        .expect("hachage Argon2id")
        .to_string()
}

fn verifier_hache(mot_de_passe: &str, hache: &str) -> bool {
    PasswordHash::new(hache).is_ok_and(|h| {
        Argon2::default()
            .verify_password(mot_de_passe.as_bytes(), &h)
            .is_ok()
    })
}

/// Haché d'un mot de passe que personne ne connaît, vérifié quand le compte n'existe pas
/// pour que la réponse prenne le même temps.
fn hache_factice() -> &'static str {
    static H: OnceLock<String> = OnceLock::new();
    H.get_or_init(|| hacher(&aleatoire_hex(16)))
}

/// Calcule d'avance le haché factice (au démarrage du serveur), pour que la première
/// tentative sur un compte inconnu ne soit pas plus lente que les suivantes.
pub fn preparer() {
    let _ = hache_factice();
}

async fn en_tache_de_fond<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f)
        .await
        .expect("calcul Argon2id interrompu")
}

/// Vérifie un mot de passe proposé pour un compte : au moins 12 caractères.
pub fn valider_mot_de_passe(mot_de_passe: &str) -> Result<(), ErreurStockage> {
    let n = mot_de_passe.chars().count();
    if n < MOT_DE_PASSE_MIN {
        return Err(ErreurStockage::Invalide(format!(
            "le mot de passe doit compter au moins {MOT_DE_PASSE_MIN} caractères ({n} reçus)"
        )));
    }
    Ok(())
}

fn valider_identifiant(identifiant: &str) -> Result<(), ErreurStockage> {
    let ok = !identifiant.is_empty()
        && identifiant.len() <= 64
        && identifiant
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-@".contains(c));
    if ok {
        Ok(())
    } else {
        Err(ErreurStockage::Invalide(format!(
            "l'identifiant « {identifiant} » n'est pas admis (de 1 à 64 caractères parmi les \
             lettres minuscules sans accent, les chiffres et . _ - @)"
        )))
    }
}

fn vue_journal(u: &Utilisateur) -> serde_json::Value {
    json!({"identifiant": u.identifiant, "role": u.role.code(),
           "collectivites": u.collectivites, "actif": u.actif})
}

type LigneUtilisateur = (i64, String, String, bool, String);

impl Store {
    /// Crée un compte (journalisé). Un compte de rôle `collectivite` est rattaché à au moins
    /// une collectivité enregistrée ; les autres rôles à aucune.
    pub async fn ajouter_utilisateur(
        &self,
        acteur: &Acteur,
        identifiant: &str,
        role: Role,
        collectivites: &[String],
        mot_de_passe: &str,
    ) -> Result<Utilisateur, ErreurStockage> {
        valider_identifiant(identifiant)?;
        valider_mot_de_passe(mot_de_passe)?;
        let mut codes: Vec<String> = collectivites.to_vec();
        codes.sort();
        codes.dedup();
        match (role, codes.is_empty()) {
            (Role::Collectivite, true) => {
                return Err(ErreurStockage::Invalide(
                    "un compte de rôle « collectivite » doit être rattaché à au moins une \
                     collectivité (--collectivite CODE)"
                        .into(),
                ));
            }
            (Role::Collectivite, false) | (_, true) => {}
            (_, false) => {
                return Err(ErreurStockage::Invalide(format!(
                    "seul un compte de rôle « collectivite » est rattaché à des collectivités \
                     (rôle demandé : « {} »)",
                    role.code()
                )));
            }
        }
        let mdp = mot_de_passe.to_owned();
        let hache = en_tache_de_fond(move || hacher(&mdp)).await;
        let utilisateur = selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let existe: Option<i64> =
                sqlx::query_scalar("SELECT id FROM utilisateurs WHERE identifiant = $1")
                    .bind(identifiant)
                    .fetch_optional(&mut *tx)
                    .await?;
            if existe.is_some() {
                return Err(ErreurStockage::Conflit(format!(
                    "un compte « {identifiant} » existe déjà"
                )));
            }
            for c in &codes {
                let connue: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM collectivites WHERE code = $1")
                        .bind(c)
                        .fetch_optional(&mut *tx)
                        .await?;
                if connue.is_none() {
                    return Err(ErreurStockage::Invalide(format!(
                        "la collectivité « {c} » n'est pas enregistrée (importez-la d'abord)"
                    )));
                }
            }
            let cree_le = jiff::Timestamp::from_second(maintenant())
                .map(|t| t.to_string())
                .unwrap_or_default();
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO utilisateurs (identifiant, role, empreinte_mot_de_passe, actif, cree_le) \
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(identifiant)
            .bind(role.code())
            .bind(&hache)
            .bind(true)
            .bind(&cree_le)
            .fetch_one(&mut *tx)
            .await?;
            for c in &codes {
                sqlx::query(
                    "INSERT INTO utilisateurs_collectivites (utilisateur_id, code_collectivite) \
                     VALUES ($1, $2)",
                )
                .bind(id)
                .bind(c)
                .execute(&mut *tx)
                .await?;
            }
            let u = Utilisateur {
                identifiant: identifiant.to_owned(),
                role,
                collectivites: codes.clone(),
                actif: true,
                cree_le,
            };
            tx.journaliser(
                acteur,
                &Evenement::new("utilisateur.ajouter", format!("utilisateur:{identifiant}"))
                    .apres(vue_journal(&u)),
            )
            .await?;
            tx.commit().await?;
            u
        });
        Ok(utilisateur)
    }

    /// Tous les comptes, par identifiant.
    pub async fn utilisateurs(&self) -> Result<Vec<Utilisateur>, ErreurStockage> {
        let (lignes, rattachements): (Vec<LigneUtilisateur>, Vec<(i64, String)>) = selon_moteur!(self, pool => {
            let l = sqlx::query_as(
                "SELECT id, identifiant, role, actif, cree_le FROM utilisateurs ORDER BY identifiant",
            )
            .fetch_all(pool)
            .await?;
            let r = sqlx::query_as(
                "SELECT utilisateur_id, code_collectivite FROM utilisateurs_collectivites \
                 ORDER BY code_collectivite",
            )
            .fetch_all(pool)
            .await?;
            (l, r)
        });
        lignes
            .into_iter()
            .map(|(id, identifiant, role, actif, cree_le)| {
                Ok(Utilisateur {
                    role: Role::depuis_code(&role).ok_or_else(|| {
                        ErreurStockage::Donnee(format!("rôle « {role} » inconnu"))
                    })?,
                    collectivites: rattachements
                        .iter()
                        .filter(|(u, _)| *u == id)
                        .map(|(_, c)| c.clone())
                        .collect(),
                    identifiant,
                    actif,
                    cree_le,
                })
            })
            .collect()
    }

    /// Un compte par son identifiant.
    pub async fn utilisateur(
        &self,
        identifiant: &str,
    ) -> Result<Option<Utilisateur>, ErreurStockage> {
        Ok(self
            .utilisateurs()
            .await?
            .into_iter()
            .find(|u| u.identifiant == identifiant))
    }

    /// Désactive un compte et ferme ses sessions (journalisé). `false` si le compte
    /// n'existe pas.
    pub async fn desactiver_utilisateur(
        &self,
        acteur: &Acteur,
        identifiant: &str,
    ) -> Result<bool, ErreurStockage> {
        let Some(avant) = self.utilisateur(identifiant).await? else {
            return Ok(false);
        };
        let apres = Utilisateur {
            actif: false,
            ..avant.clone()
        };
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            sqlx::query("UPDATE utilisateurs SET actif = $1 WHERE identifiant = $2")
                .bind(false)
                .bind(identifiant)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "DELETE FROM sessions WHERE utilisateur_id = \
                 (SELECT id FROM utilisateurs WHERE identifiant = $1)",
            )
            .bind(identifiant)
            .execute(&mut *tx)
            .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("utilisateur.desactiver", format!("utilisateur:{identifiant}"))
                    .avant(vue_journal(&avant))
                    .apres(vue_journal(&apres)),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// Change le mot de passe d'un compte, le réactive s'il était désactivé, et ferme ses
    /// sessions (journalisé, sans le mot de passe). `false` si le compte n'existe pas.
    pub async fn changer_mot_de_passe(
        &self,
        acteur: &Acteur,
        identifiant: &str,
        mot_de_passe: &str,
    ) -> Result<bool, ErreurStockage> {
        valider_mot_de_passe(mot_de_passe)?;
        let Some(avant) = self.utilisateur(identifiant).await? else {
            return Ok(false);
        };
        let mdp = mot_de_passe.to_owned();
        let hache = en_tache_de_fond(move || hacher(&mdp)).await;
        let apres = Utilisateur {
            actif: true,
            ..avant.clone()
        };
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            sqlx::query(
                "UPDATE utilisateurs SET empreinte_mot_de_passe = $1, actif = $2 WHERE identifiant = $3",
            )
            .bind(&hache)
            .bind(true)
            .bind(identifiant)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "DELETE FROM sessions WHERE utilisateur_id = \
                 (SELECT id FROM utilisateurs WHERE identifiant = $1)",
            )
            .bind(identifiant)
            .execute(&mut *tx)
            .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("utilisateur.mot_de_passe", format!("utilisateur:{identifiant}"))
                    .avant(vue_journal(&avant))
                    .apres(vue_journal(&apres)),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(true)
    }

    /// Tentative de connexion depuis `adresse`. En cas de succès, une session neuve est
    /// ouverte (et journalisée) ; `ancien_jeton`, s'il désigne une session, est fermé.
    pub async fn ouvrir_session(
        &self,
        identifiant: &str,
        mot_de_passe: &str,
        adresse: &str,
        ancien_jeton: Option<&str>,
    ) -> Result<Connexion, ErreurStockage> {
        let t = maintenant();
        let cle_compte = format!("compte:{identifiant}");
        let cle_adresse = format!("adresse:{adresse}");
        let limites: Vec<(String, i64, i64)> = selon_moteur!(self, pool => {
            sqlx::query_as("SELECT cle, echecs, depuis FROM echecs_connexion WHERE cle = $1 OR cle = $2")
                .bind(&cle_compte)
                .bind(&cle_adresse)
                .fetch_all(pool)
                .await?
        });
        for (cle, echecs, depuis) in &limites {
            let plafond = if *cle == cle_compte {
                ECHECS_PAR_COMPTE
            } else {
                ECHECS_PAR_ADRESSE
            };
            if *echecs >= plafond && *depuis > t - FENETRE_ECHECS {
                return Ok(Connexion::Limitee {
                    secondes: (depuis + FENETRE_ECHECS - t).max(1),
                });
            }
        }
        let compte: Option<(i64, String, String)> = selon_moteur!(self, pool => {
            sqlx::query_as(
                "SELECT id, role, empreinte_mot_de_passe FROM utilisateurs \
                 WHERE identifiant = $1 AND actif = $2",
            )
            .bind(identifiant)
            .bind(true)
            .fetch_optional(pool)
            .await?
        });
        let hache = compte
            .as_ref()
            .map(|(_, _, h)| h.clone())
            .unwrap_or_else(|| hache_factice().to_owned());
        let mdp = mot_de_passe.to_owned();
        let bon = en_tache_de_fond(move || verifier_hache(&mdp, &hache)).await;
        let Some((id, role, _)) = compte.filter(|_| bon) else {
            selon_moteur!(self, pool => {
                for cle in [&cle_compte, &cle_adresse] {
                    sqlx::query(
                        "INSERT INTO echecs_connexion (cle, echecs, depuis) VALUES ($1, 1, $2) \
                         ON CONFLICT (cle) DO UPDATE SET \
                         echecs = CASE WHEN echecs_connexion.depuis > $3 \
                                  THEN echecs_connexion.echecs + 1 ELSE 1 END, \
                         depuis = CASE WHEN echecs_connexion.depuis > $3 \
                                  THEN echecs_connexion.depuis ELSE $2 END",
                    )
                    .bind(cle)
                    .bind(t)
                    .bind(t - FENETRE_ECHECS)
                    .execute(pool)
                    .await?;
                }
            });
            return Ok(Connexion::Refusee);
        };
        let role = Role::depuis_code(&role)
            .ok_or_else(|| ErreurStockage::Donnee(format!("rôle « {role} » inconnu")))?;
        let jeton = aleatoire_hex(32);
        let csrf = aleatoire_hex(32);
        let acteur = selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let collectivites: Vec<String> = sqlx::query_scalar(
                "SELECT code_collectivite FROM utilisateurs_collectivites \
                 WHERE utilisateur_id = $1 ORDER BY code_collectivite",
            )
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM echecs_connexion WHERE cle = $1")
                .bind(&cle_compte)
                .execute(&mut *tx)
                .await?;
            // Ménage : sessions expirées de tous les comptes.
            sqlx::query("DELETE FROM sessions WHERE vue_le < $1 OR creee_le < $2")
                .bind(t - INACTIVITE_MAX)
                .bind(t - DUREE_MAX)
                .execute(&mut *tx)
                .await?;
            if let Some(ancien) = ancien_jeton {
                sqlx::query("DELETE FROM sessions WHERE empreinte_jeton = $1")
                    .bind(empreinte_jeton(ancien))
                    .execute(&mut *tx)
                    .await?;
            }
            sqlx::query(
                "INSERT INTO sessions (empreinte_jeton, utilisateur_id, jeton_csrf, creee_le, vue_le) \
                 VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(empreinte_jeton(&jeton))
            .bind(id)
            .bind(&csrf)
            .bind(t)
            .execute(&mut *tx)
            .await?;
            let acteur = Acteur {
                identifiant: identifiant.to_owned(),
                role,
                collectivites,
            };
            tx.journaliser(
                &acteur,
                &Evenement::new("session.ouvrir", format!("utilisateur:{identifiant}"))
                    .apres(json!({"adresse": adresse})),
            )
            .await?;
            tx.commit().await?;
            acteur
        });
        Ok(Connexion::Ouverte(SessionOuverte {
            jeton,
            csrf,
            acteur,
        }))
    }

    /// La session désignée par ce jeton, si elle est ouverte, non expirée, et que son compte
    /// est actif. Prolonge la session (au plus une écriture par minute).
    pub async fn session(&self, jeton: &str) -> Result<Option<SessionValide>, ErreurStockage> {
        let t = maintenant();
        let cle = empreinte_jeton(jeton);
        let ligne: Option<(i64, String, i64, i64, String, String)> = selon_moteur!(self, pool => {
            sqlx::query_as(
                "SELECT u.id, s.jeton_csrf, s.creee_le, s.vue_le, u.identifiant, u.role \
                 FROM sessions s JOIN utilisateurs u ON u.id = s.utilisateur_id \
                 WHERE s.empreinte_jeton = $1 AND u.actif = $2",
            )
            .bind(&cle)
            .bind(true)
            .fetch_optional(pool)
            .await?
        });
        let Some((id, csrf, creee_le, vue_le, identifiant, role)) = ligne else {
            return Ok(None);
        };
        if vue_le < t - INACTIVITE_MAX || creee_le < t - DUREE_MAX {
            selon_moteur!(self, pool => {
                sqlx::query("DELETE FROM sessions WHERE empreinte_jeton = $1")
                    .bind(&cle)
                    .execute(pool)
                    .await?;
            });
            return Ok(None);
        }
        let Some(role) = Role::depuis_code(&role) else {
            return Ok(None);
        };
        let collectivites: Vec<String> = selon_moteur!(self, pool => {
            if t - vue_le >= 60 {
                sqlx::query("UPDATE sessions SET vue_le = $1 WHERE empreinte_jeton = $2")
                    .bind(t)
                    .bind(&cle)
                    .execute(pool)
                    .await?;
            }
            sqlx::query_scalar(
                "SELECT code_collectivite FROM utilisateurs_collectivites \
                 WHERE utilisateur_id = $1 ORDER BY code_collectivite",
            )
            .bind(id)
            .fetch_all(pool)
            .await?
        });
        Ok(Some(SessionValide {
            csrf,
            acteur: Acteur {
                identifiant,
                role,
                collectivites,
            },
        }))
    }

    /// Ferme une session (déconnexion, journalisée).
    pub async fn fermer_session(&self, acteur: &Acteur, jeton: &str) -> Result<(), ErreurStockage> {
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            sqlx::query("DELETE FROM sessions WHERE empreinte_jeton = $1")
                .bind(empreinte_jeton(jeton))
                .execute(&mut *tx)
                .await?;
            tx.journaliser(
                acteur,
                &Evenement::new("session.fermer", format!("utilisateur:{}", acteur.identifiant)),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }
}
