//! Promouvables d'une année : les agents qui remplissent au 1er janvier les conditions
//! statutaires d'une voie de promotion interne (au choix, ou après examen professionnel
//! réussi), évalués par le moteur sur les carrières enregistrées.
//!
//! **Ce qui est retenu.** Pour chaque agent et chaque voie `choix` ou `examen` du
//! catalogue, le moteur (`droit::eligibilite::eligibilites`) dit si les conditions
//! statutaires sont remplies au 1er janvier de l'année (grade détenu, services, âge,
//! fonctions ; pour la voie `examen`, l'examen professionnel enregistré comme réussi avant
//! le 1er janvier). Les obligations de formation de professionnalisation (décret
//! n° 2008-512 art. 16) sont données à part, dans `formation_a_jour` : `true`, `false`, ou
//! `null` quand les formations suivies de l'agent ne sont pas connues. Un agent dont la
//! formation n'est pas à jour figure donc dans la liste, signalé, parce que son employeur
//! peut encore produire les attestations ou obtenir une validation a posteriori (décret
//! n° 2024-907) ; le dossier serait irrecevable sans elles (motif
//! `formation_non_a_jour` à l'instruction).
//!
//! **Calcul et mise en cache.** Évaluer tout un centre de gestion prend quelques secondes :
//! les verdicts sont calculés par collectivité et gardés dans `promouvables` (une ligne par
//! agent, cible et voie remplie), avec, dans `promouvables_calculs`, la génération des
//! carrières et la version du catalogue qui ont servi. Un calcul est à jour tant que ni
//! l'une ni l'autre n'a changé ; sinon la collectivité est recalculée à la lecture suivante.
//! Toute écriture qui change une carrière doit donc exécuter
//! [`SQL_CARRIERES_MODIFIEES`] dans sa transaction (l'import le fait). Les listes sont
//! ensuite lues en SQL, filtrées, paginées, dans un ordre stable : collectivité, nom de
//! l'agent, matricule, cible, voie.
//!
//! Le recalcul est une écriture : il est journalisé (`promouvables.calculer`, objet
//! `promouvables:<annee>`) au nom de celui dont la lecture l'a déclenché.

use std::collections::HashMap;

use droit::carriere::Agent;
use droit::eligibilite::Voie;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::acces::{Acteur, Portee};
use crate::campagnes::maintenant;
use crate::journal::{Ecriture, Evenement, Journaliser};
use crate::lignes::{self, LigneAgent, LigneFormation, LignePeriode};
use crate::{ErreurStockage, Store, selon_moteur};

/// Requête qui marque les carrières comme modifiées : à exécuter dans la transaction de
/// toute écriture qui change une carrière ; les promouvables calculés avant deviennent
/// périmés.
pub const SQL_CARRIERES_MODIFIEES: &str =
    "UPDATE generations SET valeur = valeur + 1 WHERE nom = 'carrieres'";

/// Un promouvable (contrat v2, « Promouvables », étendu).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Promouvable {
    pub matricule: String,
    pub nom: String,
    pub prenom: String,
    /// Code de la collectivité de l'agent.
    pub collectivite: String,
    pub collectivite_nom: String,
    /// Collectivité affiliée au centre de gestion (ses promouvables sont mis en commun).
    pub affiliee: bool,
    pub cible: String,
    /// `choix` ou `examen`.
    pub voie: String,
    /// Obligations de formation remplies ; `null` : formations suivies inconnues.
    pub formation_a_jour: Option<bool>,
}

/// Filtre sur la formation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiltreFormation {
    AJour,
    NonAJour,
    Inconnue,
}

/// Filtres et page de la liste des promouvables (tous facultatifs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FiltrePromouvables {
    pub collectivite: Option<String>,
    pub cible: Option<String>,
    pub voie: Option<String>,
    pub formation: Option<FiltreFormation>,
    /// Cibles retenues (celles dont le centre de gestion établit les listes) ; vide :
    /// toutes.
    pub cibles_admises: Vec<String>,
    /// Collectivités affiliées seulement.
    pub affiliees_seulement: bool,
    /// Page (à partir de 1) et taille de page ; `None` : tout.
    pub page: Option<(u32, u32)>,
}

/// Une page de promouvables.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PagePromouvables {
    pub promouvables: Vec<Promouvable>,
    /// Nombre total de lignes qui répondent aux filtres.
    pub total: i64,
    /// Version du catalogue des règles appliqué.
    pub version_catalogue: String,
}

/// Bilan d'une actualisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Actualisation {
    /// Collectivités recalculées.
    pub collectivites: usize,
    /// Agents évalués.
    pub agents: usize,
    /// Lignes de promouvables écrites.
    pub promouvables: usize,
}

/// Voies retenues d'un agent : (cible, voie, formation à jour).
type Verdicts = Vec<(&'static str, Voie, Option<bool>)>;

/// Les voies `choix` et `examen` dont l'agent remplit les conditions statutaires au
/// 1er janvier `annee`, avec l'état de ses obligations de formation. Même règle que le
/// calcul de masse ([`evaluer_population`]), agent par agent.
pub fn evaluer(agent: &Agent, annee: i32) -> Verdicts {
    // Les obligations de formation sont évaluées à part (`formation_a_jour`) : sans les
    // formations, le moteur ne les compte pas parmi les conditions de la voie.
    let sans_formations = Agent {
        formations: None,
        ..agent.clone()
    };
    let verdicts = droit::eligibilite::eligibilites(&sans_formations, annee, None);
    let mut formation: Option<Option<bool>> = None;
    let mut sortie = Vec::new();
    for v in verdicts {
        if v.eligible && matches!(v.voie, Voie::Choix | Voie::Examen) {
            let f = *formation.get_or_insert_with(|| formation_a_jour(agent, annee));
            sortie.push((v.cible, v.voie, f));
        }
    }
    sortie
}

fn formation_a_jour(agent: &Agent, annee: i32) -> Option<bool> {
    if agent.formations.is_some() {
        droit::formation::a_jour(agent, annee)
    } else {
        None
    }
}

/// Évalue une population par le chemin de masse du moteur (`droit::lot` : mêmes verdicts
/// que la réponse expliquée, carrières préparées une fois), sur tous les cœurs.
pub fn evaluer_population(agents: &mut [Agent], annee: i32) -> Vec<Verdicts> {
    let selection = droit::lot::Selection::choisir(None, Some(&[Voie::Choix, Voie::Examen]))
        .expect("toutes les cibles du catalogue");
    // Conditions statutaires sans la formation (voir `evaluer`) : les formations sont
    // mises de côté le temps du calcul.
    let formations: Vec<_> = agents.iter_mut().map(|a| a.formations.take()).collect();
    let statutaires: Vec<Vec<(&'static str, Voie)>> = {
        let lot = droit::lot::Lot::preparer(agents);
        (0..agents.len())
            .into_par_iter()
            .map_init(Vec::new, |sortie, i| {
                lot.evaluer(i, annee, &selection, false, sortie);
                sortie
                    .iter()
                    .filter(|v| v.eligible)
                    .map(|v| (v.cible, v.voie))
                    .collect()
            })
            .collect()
    };
    for (a, f) in agents.iter_mut().zip(formations) {
        a.formations = f;
    }
    agents
        .par_iter()
        .zip(statutaires.into_par_iter())
        .map(|(a, voies)| {
            if voies.is_empty() {
                return Vec::new();
            }
            let f = formation_a_jour(a, annee);
            voies.into_iter().map(|(c, v)| (c, v, f)).collect()
        })
        .collect()
}

fn code_voie(v: Voie) -> &'static str {
    match v {
        Voie::Choix => "choix",
        Voie::Examen => "examen",
        Voie::InscriptionExamen => "inscription_examen",
    }
}

#[derive(sqlx::FromRow)]
struct LignePromouvable {
    matricule: String,
    nom: String,
    prenom: String,
    code: String,
    collectivite_nom: String,
    affiliee: bool,
    cible: String,
    voie: String,
    formation_a_jour: Option<bool>,
}

/// Lignes de promouvables insérées par requête (6 paramètres chacune).
const PROMOUVABLES_PAR_REQUETE: usize = 32;

/// Agents évalués par lot au plus (bornes la mémoire d'un recalcul complet).
const LOT_AGENTS: i64 = 20_000;

impl Store {
    /// Génération courante des carrières.
    pub async fn generation_carrieres(&self) -> Result<i64, ErreurStockage> {
        Ok(selon_moteur!(self, pool => {
            sqlx::query_scalar("SELECT valeur FROM generations WHERE nom = 'carrieres'")
                .fetch_one(pool)
                .await?
        }))
    }

    /// Recalcule les promouvables de l'année pour les collectivités de la portée (ou la
    /// seule `collectivite` donnée) dont le calcul est absent ou périmé.
    pub async fn actualiser_promouvables(
        &self,
        acteur: &Acteur,
        annee: i32,
        portee: &Portee,
        collectivite: Option<&str>,
    ) -> Result<Actualisation, ErreurStockage> {
        let version = droit::catalogue::version().to_owned();
        let generation = self.generation_carrieres().await?;
        let (condition, codes) = portee.condition("c.code", 4);
        let filtre_code = if collectivite.is_some() {
            format!(" AND c.code = ${}", 4 + codes.len())
        } else {
            String::new()
        };
        let sql = format!(
            "SELECT c.id, (SELECT COUNT(*) FROM agents a WHERE a.collectivite_id = c.id) \
             FROM collectivites c LEFT JOIN promouvables_calculs k \
             ON k.collectivite_id = c.id AND k.annee = $1 \
             WHERE (k.annee IS NULL OR k.generation <> $2 OR k.version_catalogue <> $3) \
             AND {condition}{filtre_code} ORDER BY c.id"
        );
        let perimees: Vec<(i64, i64)> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(i64::from(annee))
                .bind(generation)
                .bind(&version);
            for c in codes {
                q = q.bind(c);
            }
            if let Some(c) = collectivite {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        });
        let mut bilan = Actualisation::default();
        // Lots de collectivités d'au plus LOT_AGENTS agents (une grande collectivité forme
        // son propre lot).
        let mut lots: Vec<Vec<(i64, i64)>> = Vec::new();
        let mut courant: Vec<(i64, i64)> = Vec::new();
        let mut agents_courant = 0;
        for (id, n) in perimees {
            if !courant.is_empty() && agents_courant + n > LOT_AGENTS {
                lots.push(std::mem::take(&mut courant));
                agents_courant = 0;
            }
            courant.push((id, n));
            agents_courant += n;
        }
        if !courant.is_empty() {
            lots.push(courant);
        }
        let lots: Vec<Vec<i64>> = lots
            .iter()
            .map(|lot| lot.iter().map(|(id, _)| *id).collect())
            .collect();
        // Le lot suivant est lu et évalué pendant que le précédent s'écrit (en SQLite, les
        // lectures ne sont pas bloquées par l'écrivain).
        let mut calcul = match lots.first() {
            Some(ids) => Some(self.calculer_lot(annee, ids).await?),
            None => None,
        };
        for (i, ids) in lots.iter().enumerate() {
            let Some((agents, lignes)) = calcul.take() else {
                break;
            };
            bilan.collectivites += ids.len();
            bilan.agents += agents;
            bilan.promouvables += lignes.0.len();
            let ecriture =
                self.ecrire_lot(acteur, annee, generation, &version, ids, agents, &lignes);
            match lots.get(i + 1) {
                Some(suivant) => {
                    let (ecrit, lu) = tokio::join!(ecriture, self.calculer_lot(annee, suivant));
                    ecrit?;
                    calcul = Some(lu?);
                }
                None => ecriture.await?,
            }
        }
        Ok(bilan)
    }

    /// Charge les agents des collectivités `ids` et les évalue ; rend le nombre d'agents et
    /// les lignes à écrire.
    async fn calculer_lot(
        &self,
        annee: i32,
        ids: &[i64],
    ) -> Result<(usize, LignesCalculees), ErreurStockage> {
        let parametres: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let dans = parametres.join(", ");
        let sql_agents = format!(
            "SELECT a.id, a.matricule, c.code AS code_collectivite, a.nom, a.prenom, \
             a.date_naissance, a.formations_renseignees, a.complements \
             FROM agents a JOIN collectivites c ON c.id = a.collectivite_id \
             WHERE a.collectivite_id IN ({dans}) ORDER BY a.id"
        );
        let sql_periodes = format!(
            "SELECT p.* FROM periodes p JOIN agents a ON a.id = p.agent_id \
             WHERE a.collectivite_id IN ({dans}) ORDER BY p.agent_id, p.rang"
        );
        let sql_formations = format!(
            "SELECT f.* FROM formations f JOIN agents a ON a.id = f.agent_id \
             WHERE a.collectivite_id IN ({dans}) ORDER BY f.agent_id, f.rang"
        );
        // Les trois lectures en même temps, chacune sur sa connexion.
        let (agents, periodes, formations): (
            Vec<LigneAgent>,
            Vec<LignePeriode>,
            Vec<LigneFormation>,
        ) = selon_moteur!(self, pool => {
            let mut qa = sqlx::query_as(sqlx::AssertSqlSafe(sql_agents));
            let mut qp = sqlx::query_as(sqlx::AssertSqlSafe(sql_periodes));
            let mut qf = sqlx::query_as(sqlx::AssertSqlSafe(sql_formations));
            for id in ids {
                qa = qa.bind(id);
                qp = qp.bind(id);
                qf = qf.bind(id);
            }
            tokio::try_join!(qa.fetch_all(pool), qp.fetch_all(pool), qf.fetch_all(pool))?
        });
        let id_agents: Vec<i64> = agents.iter().map(|a| a.id).collect();
        let enregistres = lignes::assembler(agents, periodes, formations)?;
        let n = enregistres.len();
        // Le calcul, intensif, se fait hors des fils de l'exécuteur asynchrone, sur tous
        // les cœurs.
        let lignes = tokio::task::spawn_blocking(move || {
            let mut agents: Vec<Agent> = enregistres.into_iter().map(|a| a.agent).collect();
            evaluer_population(&mut agents, annee)
                .into_iter()
                .zip(id_agents)
                .flat_map(|(verdicts, id)| {
                    verdicts
                        .into_iter()
                        .map(move |(cible, voie, f)| (id, cible, code_voie(voie), f))
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| ErreurStockage::Incoherence(format!("calcul des promouvables : {e}")))?;
        Ok((n, LignesCalculees(lignes)))
    }

    #[allow(clippy::too_many_arguments)]
    async fn ecrire_lot(
        &self,
        acteur: &Acteur,
        annee: i32,
        generation: i64,
        version: &str,
        ids: &[i64],
        agents: usize,
        lignes: &LignesCalculees,
    ) -> Result<(), ErreurStockage> {
        let parametres: Vec<String> = (2..ids.len() + 2).map(|i| format!("${i}")).collect();
        let dans = parametres.join(", ");
        // Les lignes des collectivités du lot, et celles de leurs agents restées sous une
        // ancienne collectivité (agent muté depuis le calcul précédent).
        let sql_suppr = format!(
            "DELETE FROM promouvables WHERE annee = $1 AND (collectivite_id IN ({dans}) \
             OR agent_id IN (SELECT id FROM agents WHERE collectivite_id IN ({dans})))"
        );
        let sql_calculs = format!(
            "DELETE FROM promouvables_calculs WHERE annee = $1 AND collectivite_id IN ({dans})"
        );
        let sql_collectivites = format!(
            "SELECT a.id, a.collectivite_id FROM agents a WHERE a.collectivite_id IN ({})",
            (1..=ids.len())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let le = maintenant();
        let annee_sql = i64::from(annee);
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let mut q = sqlx::query_as::<_, (i64, i64)>(sqlx::AssertSqlSafe(sql_collectivites));
            for id in ids {
                q = q.bind(id);
            }
            let collectivite_de: HashMap<i64, i64> = q.fetch_all(&mut *tx).await?.into_iter().collect();
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql_suppr)).bind(annee_sql);
            for id in ids {
                q = q.bind(id);
            }
            q.execute(&mut *tx).await?;
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql_calculs)).bind(annee_sql);
            for id in ids {
                q = q.bind(id);
            }
            q.execute(&mut *tx).await?;
            // Un agent sorti de ces collectivités entre le calcul et l'écriture est laissé de
            // côté : sa nouvelle collectivité a changé de génération et sera recalculée.
            let a_ecrire: Vec<_> = lignes
                .0
                .iter()
                .filter_map(|(a, cible, voie, f)| {
                    collectivite_de.get(a).map(|c| (*a, *c, *cible, *voie, *f))
                })
                .collect();
            // Requêtes à plusieurs lignes, de quelques dizaines de lignes : le pilote SQLite
            // fait pour chaque valeur liée un travail qui croît avec le nombre de paramètres
            // de la requête (voir `crate::ecriture`).
            for r in crate::ecriture::decouper(a_ecrire.len(), PROMOUVABLES_PAR_REQUETE) {
                let morceau = &a_ecrire[r];
                let sql = crate::ecriture::valeurs_numerotees(
                    "INSERT INTO promouvables (annee, agent_id, collectivite_id, cible, voie, \
                     formation_a_jour) VALUES ",
                    morceau.len(),
                    6,
                );
                let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
                for (agent_id, c, cible, voie, f) in morceau {
                    q = q
                        .bind(annee_sql)
                        .bind(*agent_id)
                        .bind(*c)
                        .bind(*cible)
                        .bind(*voie)
                        .bind(*f);
                }
                q.execute(&mut *tx).await?;
            }
            for id in ids {
                let n: i64 = collectivite_de.values().filter(|c| *c == id).count() as i64;
                sqlx::query(
                    "INSERT INTO promouvables_calculs (annee, collectivite_id, generation, \
                     version_catalogue, agents, calcule_le) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(annee_sql)
                .bind(*id)
                .bind(generation)
                .bind(version)
                .bind(n)
                .bind(&le)
                .execute(&mut *tx)
                .await?;
            }
            tx.journaliser(
                acteur,
                &Evenement::new("promouvables.calculer", format!("promouvables:{annee}")).apres(
                    json!({
                        "collectivites": ids.len(),
                        "agents": agents,
                        "promouvables": lignes.0.len(),
                        "version_catalogue": version,
                        "generation_carrieres": generation,
                    }),
                ),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(())
    }

    /// Les promouvables de l'année dans la portée, filtrés et paginés, après actualisation
    /// des collectivités concernées (voir le module).
    pub async fn promouvables(
        &self,
        acteur: &Acteur,
        annee: i32,
        filtre: &FiltrePromouvables,
    ) -> Result<PagePromouvables, ErreurStockage> {
        let portee = acteur.portee();
        self.actualiser_promouvables(acteur, annee, &portee, filtre.collectivite.as_deref())
            .await?;
        let mut valeurs: Vec<String> = Vec::new();
        let mut conditions: Vec<String> = vec!["p.annee = $1".to_owned()];
        let mut egal = |colonne: &str, v: &str, valeurs: &mut Vec<String>| {
            valeurs.push(v.to_owned());
            conditions.push(format!("{colonne} = ${}", valeurs.len() + 1));
        };
        if let Some(c) = &filtre.collectivite {
            egal("c.code", c, &mut valeurs);
        }
        if let Some(c) = &filtre.cible {
            egal("p.cible", c, &mut valeurs);
        }
        if let Some(v) = &filtre.voie {
            egal("p.voie", v, &mut valeurs);
        }
        match filtre.formation {
            Some(FiltreFormation::AJour) => conditions.push("p.formation_a_jour = TRUE".into()),
            Some(FiltreFormation::NonAJour) => conditions.push("p.formation_a_jour = FALSE".into()),
            Some(FiltreFormation::Inconnue) => conditions.push("p.formation_a_jour IS NULL".into()),
            None => {}
        }
        if filtre.affiliees_seulement {
            conditions.push("c.affiliee = TRUE".into());
        }
        if !filtre.cibles_admises.is_empty() {
            let debut = valeurs.len() + 2;
            let p: Vec<String> = (0..filtre.cibles_admises.len())
                .map(|i| format!("${}", debut + i))
                .collect();
            conditions.push(format!("p.cible IN ({})", p.join(", ")));
            valeurs.extend(filtre.cibles_admises.iter().cloned());
        }
        let (condition, codes) = portee.condition("c.code", valeurs.len() + 2);
        conditions.push(condition);
        let clause = conditions.join(" AND ");
        let depuis = "FROM promouvables p JOIN agents a ON a.id = p.agent_id \
                      JOIN collectivites c ON c.id = p.collectivite_id";
        let limite = match filtre.page {
            Some((page, par_page)) => {
                let par_page = par_page.clamp(1, 1000);
                format!(
                    " LIMIT {par_page} OFFSET {}",
                    i64::from(page.max(1) - 1) * i64::from(par_page)
                )
            }
            None => String::new(),
        };
        let sql = format!(
            "SELECT a.matricule, a.nom, a.prenom, c.code, c.nom AS collectivite_nom, c.affiliee, \
             p.cible, p.voie, p.formation_a_jour {depuis} WHERE {clause} \
             ORDER BY c.cle_tri, c.code, a.cle_tri, a.matricule, p.cible, p.voie{limite}"
        );
        let sql_total = format!("SELECT COUNT(*) {depuis} WHERE {clause}");
        let (lignes, total): (Vec<LignePromouvable>, i64) = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(i64::from(annee));
            for v in valeurs.iter().chain(codes) {
                q = q.bind(v);
            }
            let lignes = q.fetch_all(pool).await?;
            let mut q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql_total)).bind(i64::from(annee));
            for v in valeurs.iter().chain(codes) {
                q = q.bind(v);
            }
            (lignes, q.fetch_one(pool).await?)
        });
        Ok(PagePromouvables {
            promouvables: lignes
                .into_iter()
                .map(|l| Promouvable {
                    matricule: l.matricule,
                    nom: l.nom,
                    prenom: l.prenom,
                    collectivite: l.code,
                    collectivite_nom: l.collectivite_nom,
                    affiliee: l.affiliee,
                    cible: l.cible,
                    voie: l.voie,
                    formation_a_jour: l.formation_a_jour,
                })
                .collect(),
            total,
            version_catalogue: droit::catalogue::version().to_owned(),
        })
    }
}

/// Nombre de promouvables d'une cible et d'une voie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComptePromouvables {
    pub cible: String,
    pub voie: String,
    pub total: i64,
    pub formation_a_jour: i64,
    pub formation_non_a_jour: i64,
    pub formation_inconnue: i64,
}

impl Store {
    /// Nombre de promouvables de l'année par cible et voie dans la portée (collectivités
    /// affiliées seulement si `affiliees_seulement`), après actualisation.
    pub async fn compter_promouvables(
        &self,
        acteur: &Acteur,
        annee: i32,
        portee: &Portee,
        affiliees_seulement: bool,
    ) -> Result<Vec<ComptePromouvables>, ErreurStockage> {
        self.actualiser_promouvables(acteur, annee, portee, None)
            .await?;
        let (condition, codes) = portee.condition("c.code", 2);
        let affiliees = if affiliees_seulement {
            " AND c.affiliee = TRUE"
        } else {
            ""
        };
        let sql = format!(
            "SELECT p.cible, p.voie, COUNT(*), \
             SUM(CASE WHEN p.formation_a_jour = TRUE THEN 1 ELSE 0 END), \
             SUM(CASE WHEN p.formation_a_jour = FALSE THEN 1 ELSE 0 END), \
             SUM(CASE WHEN p.formation_a_jour IS NULL THEN 1 ELSE 0 END) \
             FROM promouvables p JOIN collectivites c ON c.id = p.collectivite_id \
             WHERE p.annee = $1 AND {condition}{affiliees} GROUP BY p.cible, p.voie \
             ORDER BY p.cible, p.voie"
        );
        let lignes: Vec<(String, String, i64, i64, i64, i64)> = selon_moteur!(self, pool => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(i64::from(annee));
            for c in codes {
                q = q.bind(c);
            }
            q.fetch_all(pool).await?
        });
        Ok(lignes
            .into_iter()
            .map(|(cible, voie, total, a, n, i)| ComptePromouvables {
                cible,
                voie,
                total,
                formation_a_jour: a,
                formation_non_a_jour: n,
                formation_inconnue: i,
            })
            .collect())
    }
}

/// Lignes calculées : (agent, cible, voie, formation à jour).
struct LignesCalculees(Vec<(i64, &'static str, &'static str, Option<bool>)>);
