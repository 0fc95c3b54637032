//! Écriture d'un lot (import CSV ou population de démonstration) en une seule transaction,
//! de façon idempotente, avec une entrée au journal d'audit.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use droit::carriere::{
    Agent, Dispense, ExamenReussi, FormationSuivie, Periode, PosteResponsabilite,
};
use jiff::civil::Date;
use serde::Serialize;

use crate::acces::Acteur;
use crate::journal::{Evenement, Journaliser};
use crate::lignes::{self, LigneAgent, LigneCollectivite, LigneFormation, LignePeriode, code_de};
use crate::verrou::DebutImport;
use crate::{
    AgentEnregistre, Collectivite, Complements, ErreurStockage, FicheAgent, Store, cle_tri,
    selon_moteur,
};

/// Identité d'un agent telle que la donne le fichier des agents.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentiteAgent {
    pub fiche: FicheAgent,
    pub date_naissance: Option<Date>,
    /// Sexe (`femme` ou `homme`) ; absent : non renseigné par le fichier, ce qui est déjà
    /// connu est gardé.
    pub sexe: Option<String>,
}

/// Ce qu'un import apporte. Une collectivité est identifiée par son code, un agent par son
/// matricule ; une carrière, une liste de formations, de dispenses, de postes à
/// responsabilité ou d'examens présente remplace celle déjà connue, une absente laisse
/// l'existant intact.
#[derive(Debug, Clone, Default)]
pub struct LotImport {
    pub collectivites: Vec<Collectivite>,
    pub agents: Vec<IdentiteAgent>,
    pub carrieres: BTreeMap<String, Vec<Periode>>,
    pub formations: BTreeMap<String, Vec<FormationSuivie>>,
    /// Compléments entiers (population de démonstration).
    pub complements: BTreeMap<String, Complements>,
    /// Compléments par sorte (fichiers d'import) : chacun remplace la seule partie qu'il
    /// apporte.
    pub dispenses: BTreeMap<String, Vec<Dispense>>,
    pub postes_responsabilite: BTreeMap<String, Vec<PosteResponsabilite>>,
    pub examens: BTreeMap<String, Vec<ExamenReussi>>,
}

impl LotImport {
    /// Ajoute un agent complet (identité, carrière, formations si elles sont renseignées,
    /// dispenses, postes à responsabilité et examens).
    pub fn ajouter_agent(&mut self, fiche: FicheAgent, agent: &Agent) {
        let m = fiche.matricule.clone();
        self.agents.push(IdentiteAgent {
            fiche,
            date_naissance: agent.date_naissance,
            sexe: None,
        });
        self.carrieres.insert(m.clone(), agent.periodes.clone());
        if let Some(f) = &agent.formations {
            self.formations.insert(m.clone(), f.clone());
        }
        self.complements.insert(m, Complements::de(agent));
    }

    /// Matricules concernés par le lot.
    pub fn matricules(&self) -> BTreeSet<String> {
        let mut m: BTreeSet<String> = self
            .agents
            .iter()
            .map(|a| a.fiche.matricule.clone())
            .collect();
        m.extend(self.carrieres.keys().cloned());
        m.extend(self.formations.keys().cloned());
        m.extend(self.complements.keys().cloned());
        m.extend(self.dispenses.keys().cloned());
        m.extend(self.postes_responsabilite.keys().cloned());
        m.extend(self.examens.keys().cloned());
        m
    }
}

/// Décompte d'un import pour une sorte d'enregistrement.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Compte {
    pub creees: usize,
    pub modifiees: usize,
    pub inchangees: usize,
}

/// Bilan d'un import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Bilan {
    pub collectivites: Compte,
    pub agents: Compte,
}

impl Bilan {
    /// Aucun enregistrement créé ni modifié.
    pub fn sans_changement(&self) -> bool {
        self.collectivites.creees
            + self.collectivites.modifiees
            + self.agents.creees
            + self.agents.modifiees
            == 0
    }
}

fn opt_date(d: Option<Date>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn opt_pop(p: Option<u32>) -> Option<i64> {
    p.map(i64::from)
}

/// Lignes d'une requête d'insertion groupée, au plus : environ 256 paramètres par requête.
/// Le pilote SQLite fait, pour chaque valeur liée, un travail qui croît avec le nombre de
/// paramètres de la requête : à 16 000 paramètres par requête, le premier import de
/// 150 000 agents prenait plus de 150 s de processeur, à 1 000 encore 26 s ; quelques
/// centaines gardent le coût par ligne d'une petite requête tout en divisant le nombre
/// d'allers-retours avec le fil de la base.
const AGENTS_PAR_REQUETE: usize = 32;
const PERIODES_PAR_REQUETE: usize = 16;
const FORMATIONS_PAR_REQUETE: usize = 48;

/// Découpe `n` lignes en requêtes d'au plus `max` lignes : des requêtes pleines, puis le
/// reste en puissances de deux décroissantes. Le nombre de textes SQL distincts reste ainsi
/// petit (chacun est préparé une fois puis repris du cache de requêtes de la connexion),
/// au lieu d'un texte nouveau par taille de reste.
pub(crate) fn decouper(n: usize, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut morceaux = Vec::new();
    let mut debut = 0;
    while n - debut >= max {
        morceaux.push(debut..debut + max);
        debut += max;
    }
    let mut taille = max.next_power_of_two();
    while debut < n {
        while taille > n - debut {
            taille /= 2;
        }
        morceaux.push(debut..debut + taille);
        debut += taille;
    }
    morceaux
}

/// Une période à insérer : agent, rang dans la carrière, période.
type LignePeriodeAInserer<'a> = (i64, i64, &'a Periode);
/// Une formation à insérer : agent, rang, formation.
type LigneFormationAInserer<'a> = (i64, i64, &'a FormationSuivie);

/// Insère des périodes (de plusieurs agents) par requêtes à plusieurs lignes (corps
/// identique pour les deux moteurs).
macro_rules! inserer_periodes {
    ($tx:expr, $lignes:expr) => {
        let lignes: &[LignePeriodeAInserer<'_>] = $lignes;
        for morceau in decouper(lignes.len(), PERIODES_PAR_REQUETE) {
            let morceau = &lignes[morceau];
            let sql = valeurs_numerotees(
                "INSERT INTO periodes (agent_id, rang, debut, fin, versant, statut, grade, \
                 position, motif_disponibilite, quotite, heures_hebdomadaires, emploi, \
                 emploi_population, emploi_surclassement, fonctions, conge_parental_octroye_le) \
                 VALUES ",
                morceau.len(),
                16,
            );
            // Texte fixe et paramètres numérotés : aucune donnée dans le SQL.
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for &(agent_id, rang, p) in morceau {
                let fonctions = if p.fonctions.is_empty() {
                    None
                } else {
                    Some(serde_json::to_string(&p.fonctions).expect("fonctions sérialisables"))
                };
                q = q
                    .bind(agent_id)
                    .bind(rang)
                    .bind(p.debut.to_string())
                    .bind(opt_date(p.fin))
                    .bind(code_de(&p.versant))
                    .bind(code_de(&p.statut))
                    .bind(p.grade.clone())
                    .bind(code_de(&p.position))
                    .bind(p.motif_disponibilite.as_ref().map(code_de))
                    .bind(p.quotite)
                    .bind(p.heures_hebdomadaires)
                    .bind(p.emploi.as_ref().map(|e| code_de(&e.code)))
                    .bind(p.emploi.as_ref().and_then(|e| opt_pop(e.population)))
                    .bind(p.emploi.as_ref().and_then(|e| opt_pop(e.surclassement)))
                    .bind(fonctions)
                    .bind(opt_date(p.conge_parental_octroye_le));
            }
            q.execute(&mut *$tx).await?;
        }
    };
}

/// Insère des formations (de plusieurs agents) par requêtes à plusieurs lignes.
macro_rules! inserer_formations {
    ($tx:expr, $lignes:expr) => {
        let lignes: &[LigneFormationAInserer<'_>] = $lignes;
        for morceau in decouper(lignes.len(), FORMATIONS_PAR_REQUETE) {
            let morceau = &lignes[morceau];
            let sql = valeurs_numerotees(
                "INSERT INTO formations (agent_id, rang, type_formation, date_formation, jours) \
                 VALUES ",
                morceau.len(),
                5,
            );
            // Texte fixe et paramètres numérotés : aucune donnée dans le SQL.
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for &(agent_id, rang, f) in morceau {
                q = q
                    .bind(agent_id)
                    .bind(rang)
                    .bind(code_de(&f.type_formation))
                    .bind(f.date.to_string())
                    .bind(f.jours);
            }
            q.execute(&mut *$tx).await?;
        }
    };
}

/// Un agent nouveau, en attente de son insertion groupée.
struct AgentAInserer {
    matricule: String,
    collectivite_id: i64,
    nom: String,
    prenom: String,
    cle_tri: String,
    date_naissance: Option<String>,
    complements: Option<String>,
    sexe: Option<String>,
    agent: Agent,
}

/// Insère des agents nouveaux par requêtes à plusieurs lignes, puis leurs périodes et
/// leurs formations (les identifiants rendus par la base sont rapprochés par matricule).
macro_rules! inserer_agents {
    ($tx:expr, $agents:expr) => {
        let agents: &[AgentAInserer] = $agents;
        for morceau in decouper(agents.len(), AGENTS_PAR_REQUETE) {
            let morceau = &agents[morceau];
            let sql = valeurs_numerotees(
                "INSERT INTO agents (matricule, collectivite_id, nom, prenom, cle_tri, \
                 date_naissance, formations_renseignees, complements, sexe) VALUES ",
                morceau.len(),
                9,
            ) + " RETURNING id, matricule";
            let mut q = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql));
            for a in morceau {
                q = q
                    .bind(&a.matricule)
                    .bind(a.collectivite_id)
                    .bind(&a.nom)
                    .bind(&a.prenom)
                    .bind(&a.cle_tri)
                    .bind(&a.date_naissance)
                    .bind(a.agent.formations.is_some())
                    .bind(&a.complements)
                    .bind(&a.sexe);
            }
            let ids: HashMap<String, i64> = q
                .fetch_all(&mut *$tx)
                .await?
                .into_iter()
                .map(|(id, m)| (m, id))
                .collect();
            let mut periodes: Vec<LignePeriodeAInserer<'_>> = Vec::new();
            let mut formations: Vec<LigneFormationAInserer<'_>> = Vec::new();
            for a in morceau {
                let Some(&id) = ids.get(&a.matricule) else {
                    return Err(ErreurStockage::Incoherence(format!(
                        "la base n'a pas rendu l'identifiant de l'agent « {} »",
                        a.matricule
                    )));
                };
                periodes.extend(
                    a.agent
                        .periodes
                        .iter()
                        .enumerate()
                        .map(|(r, p)| (id, r as i64, p)),
                );
                if let Some(f) = &a.agent.formations {
                    formations.extend(f.iter().enumerate().map(|(r, f)| (id, r as i64, f)));
                }
            }
            inserer_periodes!($tx, &periodes);
            inserer_formations!($tx, &formations);
        }
    };
}

/// `debut` suivi de `lignes` groupes de `colonnes` paramètres numérotés :
/// `($1, $2), ($3, $4)` ; même syntaxe pour SQLite et PostgreSQL.
pub(crate) fn valeurs_numerotees(debut: &str, lignes: usize, colonnes: usize) -> String {
    let mut sql = String::with_capacity(debut.len() + lignes * colonnes * 5);
    sql.push_str(debut);
    for l in 0..lignes {
        if l > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..colonnes {
            if c > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&(l * colonnes + c + 1).to_string());
        }
        sql.push(')');
    }
    sql
}

impl Store {
    /// Enregistre un lot en une transaction : tout ou rien. Ce qui est identique à l'existant
    /// n'est pas réécrit (un second import du même fichier ne change rien). L'import est
    /// consigné au journal d'audit, dans la même transaction, avec son auteur, son origine,
    /// son bilan et les codes et matricules créés ou modifiés. `progression(fait, total)` est appelée au fil de l'écriture des agents.
    pub async fn enregistrer(
        &self,
        lot: &LotImport,
        origine: &str,
        acteur: &Acteur,
        progression: &mut dyn FnMut(usize, usize),
    ) -> Result<Bilan, ErreurStockage> {
        let mut bilan = Bilan::default();
        let mut collectivites_touchees: Vec<&str> = Vec::new();
        let mut agents_touches: Vec<&str> = Vec::new();
        selon_moteur!(self, pool => {
            let mut tx = pool.debuter_import().await?;

            // Collectivités.
            let existantes: Vec<LigneCollectivite> = sqlx::query_as(
                "SELECT id, code, nom, type_collectivite, population, affiliee FROM collectivites",
            )
            .fetch_all(&mut *tx)
            .await?;
            let mut ids_collectivites: HashMap<String, i64> = HashMap::new();
            let mut etat_collectivites: HashMap<String, Collectivite> = HashMap::new();
            for l in existantes {
                ids_collectivites.insert(l.code.clone(), l.id);
                let c = l.en_collectivite()?;
                etat_collectivites.insert(c.code.clone(), c);
            }
            let mut nouvelles: Vec<&Collectivite> = Vec::new();
            for c in &lot.collectivites {
                match etat_collectivites.get(&c.code) {
                    Some(e) if e == c => bilan.collectivites.inchangees += 1,
                    Some(_) => {
                        sqlx::query(
                            "UPDATE collectivites SET nom = $1, cle_tri = $2, \
                             type_collectivite = $3, population = $4, affiliee = $5 \
                             WHERE code = $6",
                        )
                        .bind(&c.nom)
                        .bind(cle_tri(&c.nom))
                        .bind(&c.type_collectivite)
                        .bind(opt_pop(c.population))
                        .bind(c.affiliee)
                        .bind(&c.code)
                        .execute(&mut *tx)
                        .await?;
                        etat_collectivites.insert(c.code.clone(), c.clone());
                        bilan.collectivites.modifiees += 1;
                        collectivites_touchees.push(&c.code);
                    }
                    None => {
                        nouvelles.push(c);
                        etat_collectivites.insert(c.code.clone(), c.clone());
                        bilan.collectivites.creees += 1;
                        collectivites_touchees.push(&c.code);
                    }
                }
            }
            // Collectivités nouvelles : requêtes à plusieurs lignes.
            for morceau in decouper(nouvelles.len(), AGENTS_PAR_REQUETE) {
                let morceau = &nouvelles[morceau];
                let sql = valeurs_numerotees(
                    "INSERT INTO collectivites (code, nom, cle_tri, type_collectivite, \
                     population, affiliee) VALUES ",
                    morceau.len(),
                    6,
                ) + " RETURNING id, code";
                let mut q = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql));
                for c in morceau {
                    q = q
                        .bind(&c.code)
                        .bind(&c.nom)
                        .bind(cle_tri(&c.nom))
                        .bind(&c.type_collectivite)
                        .bind(opt_pop(c.population))
                        .bind(c.affiliee);
                }
                for (id, code) in q.fetch_all(&mut *tx).await? {
                    ids_collectivites.insert(code, id);
                }
            }

            // Agents déjà connus, avec leur carrière.
            let agents: Vec<LigneAgent> = sqlx::query_as(
                "SELECT a.id, a.matricule, c.code AS code_collectivite, a.nom, a.prenom, \
                 a.date_naissance, a.formations_renseignees, a.complements \
                 FROM agents a JOIN collectivites c ON c.id = a.collectivite_id ORDER BY a.id",
            )
            .fetch_all(&mut *tx)
            .await?;
            let periodes: Vec<LignePeriode> =
                sqlx::query_as("SELECT * FROM periodes ORDER BY agent_id, rang")
                    .fetch_all(&mut *tx)
                    .await?;
            let formations: Vec<LigneFormation> =
                sqlx::query_as("SELECT * FROM formations ORDER BY agent_id, rang")
                    .fetch_all(&mut *tx)
                    .await?;
            let sexes: HashMap<String, String> = sqlx::query_as::<_, (String, String)>(
                "SELECT matricule, sexe FROM agents WHERE sexe IS NOT NULL",
            )
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
            let ids_agents: Vec<i64> = agents.iter().map(|a| a.id).collect();
            let mut existants: HashMap<String, (i64, AgentEnregistre)> = HashMap::new();
            for (id, a) in ids_agents
                .into_iter()
                .zip(lignes::assembler(agents, periodes, formations)?)
            {
                existants.insert(a.fiche.matricule.clone(), (id, a));
            }
            let identites: HashMap<&str, &IdentiteAgent> = lot
                .agents
                .iter()
                .map(|a| (a.fiche.matricule.as_str(), a))
                .collect();

            let matricules = lot.matricules();
            let total = matricules.len();
            let mut a_inserer: Vec<AgentAInserer> = Vec::with_capacity(AGENTS_PAR_REQUETE);
            for (rang, m) in matricules.iter().enumerate() {
                if rang > 0 && rang.is_multiple_of(1024) {
                    progression(rang, total);
                }
                let ancien = existants.get(m);
                let identite = identites.get(m.as_str());
                let fiche = match (identite, ancien) {
                    (Some(i), _) => i.fiche.clone(),
                    (None, Some((_, a))) => a.fiche.clone(),
                    (None, None) => {
                        return Err(ErreurStockage::Incoherence(format!(
                            "l'agent de matricule « {m} » n'est ni dans le fichier des agents ni en base"
                        )));
                    }
                };
                let agent = Agent {
                    date_naissance: match (identite, ancien) {
                        (Some(i), _) => i.date_naissance,
                        (None, Some((_, a))) => a.agent.date_naissance,
                        (None, None) => None,
                    },
                    periodes: match (lot.carrieres.get(m), ancien) {
                        (Some(p), _) => p.clone(),
                        (None, Some((_, a))) => a.agent.periodes.clone(),
                        (None, None) => Vec::new(),
                    },
                    formations: match (lot.formations.get(m), ancien) {
                        (Some(f), _) => Some(f.clone()),
                        (None, Some((_, a))) => a.agent.formations.clone(),
                        (None, None) => None,
                    },
                    ..Default::default()
                };
                let mut complements = match (lot.complements.get(m), ancien) {
                    (Some(c), _) => c.clone(),
                    (None, Some((_, a))) => Complements::de(&a.agent),
                    (None, None) => Complements::default(),
                };
                if let Some(d) = lot.dispenses.get(m) {
                    complements.dispenses = d.clone();
                }
                if let Some(p) = lot.postes_responsabilite.get(m) {
                    complements.postes_responsabilite = p.clone();
                }
                if let Some(e) = lot.examens.get(m) {
                    complements.examens = e.clone();
                }
                // Sexe donné par le fichier et différent de celui enregistré.
                let sexe = identite
                    .and_then(|i| i.sexe.clone())
                    .filter(|s| sexes.get(m) != Some(s));
                let agent = Agent {
                    dispenses: complements.dispenses.clone(),
                    postes_responsabilite: complements.postes_responsabilite.clone(),
                    examens: complements.examens.clone(),
                    ..agent
                };
                let nouveau = AgentEnregistre { fiche, agent };
                if let Some((_, a)) = ancien
                    && *a == nouveau
                    && sexe.is_none()
                {
                    bilan.agents.inchangees += 1;
                    continue;
                }
                agents_touches.push(m);
                let Some(&collectivite_id) = ids_collectivites.get(&nouveau.fiche.code_collectivite)
                else {
                    return Err(ErreurStockage::Incoherence(format!(
                        "la collectivité « {} » de l'agent « {m} » est inconnue",
                        nouveau.fiche.code_collectivite
                    )));
                };
                let complements_json = if complements.est_vide() {
                    None
                } else {
                    Some(serde_json::to_string(&complements).expect("compléments sérialisables"))
                };
                let cle = cle_tri(&format!("{} {}", nouveau.fiche.nom, nouveau.fiche.prenom));
                let a = &nouveau.agent;
                let Some((agent_id, ancien)) = ancien else {
                    // Agent nouveau : inséré avec d'autres, ses périodes et formations aussi
                    // (il n'a encore rien en base : pas de suppression préalable).
                    bilan.agents.creees += 1;
                    a_inserer.push(AgentAInserer {
                        matricule: m.clone(),
                        collectivite_id,
                        date_naissance: opt_date(nouveau.agent.date_naissance),
                        nom: nouveau.fiche.nom,
                        prenom: nouveau.fiche.prenom,
                        cle_tri: cle,
                        complements: complements_json,
                        sexe,
                        agent: nouveau.agent,
                    });
                    if a_inserer.len() == AGENTS_PAR_REQUETE {
                        inserer_agents!(tx, &a_inserer);
                        a_inserer.clear();
                    }
                    continue;
                };
                sqlx::query(
                    "UPDATE agents SET collectivite_id = $1, nom = $2, prenom = $3, \
                     cle_tri = $4, date_naissance = $5, formations_renseignees = $6, \
                     complements = $7, sexe = COALESCE($8, sexe) WHERE id = $9",
                )
                .bind(collectivite_id)
                .bind(&nouveau.fiche.nom)
                .bind(&nouveau.fiche.prenom)
                .bind(&cle)
                .bind(opt_date(a.date_naissance))
                .bind(a.formations.is_some())
                .bind(complements_json)
                .bind(sexe)
                .bind(*agent_id)
                .execute(&mut *tx)
                .await?;
                bilan.agents.modifiees += 1;
                let ancien_agent = &ancien.agent;
                if ancien_agent.periodes != a.periodes {
                    sqlx::query("DELETE FROM periodes WHERE agent_id = $1")
                        .bind(*agent_id)
                        .execute(&mut *tx)
                        .await?;
                    let lignes: Vec<LignePeriodeAInserer<'_>> = a
                        .periodes
                        .iter()
                        .enumerate()
                        .map(|(r, p)| (*agent_id, r as i64, p))
                        .collect();
                    inserer_periodes!(tx, &lignes);
                }
                if ancien_agent.formations != a.formations {
                    sqlx::query("DELETE FROM formations WHERE agent_id = $1")
                        .bind(*agent_id)
                        .execute(&mut *tx)
                        .await?;
                    if let Some(f) = &a.formations {
                        let lignes: Vec<LigneFormationAInserer<'_>> = f
                            .iter()
                            .enumerate()
                            .map(|(r, f)| (*agent_id, r as i64, f))
                            .collect();
                        inserer_formations!(tx, &lignes);
                    }
                }
            }
            inserer_agents!(tx, &a_inserer);
            if total > 0 {
                progression(total, total);
            }

            // Les promouvables calculés sur les carrières d'avant sont périmés.
            if !agents_touches.is_empty() {
                sqlx::query(crate::promouvables::SQL_CARRIERES_MODIFIEES)
                    .execute(&mut *tx)
                    .await?;
            }

            // Le journal dit ce qui a changé (codes et matricules, pas les valeurs
            // personnelles) ; les valeurs elles-mêmes sont dans les fichiers importés.
            tx.journaliser(
                acteur,
                &Evenement::new("import", "import").apres(serde_json::json!({
                    "origine": origine,
                    "bilan": bilan,
                    "collectivites_creees_ou_modifiees": collectivites_touchees,
                    "agents_crees_ou_modifies": agents_touches,
                })),
            )
            .await?;
            tx.commit().await?;
        });
        Ok(bilan)
    }
}

#[cfg(test)]
mod tests_sql {
    use super::{decouper, valeurs_numerotees};

    #[test]
    fn decoupage_en_requetes_pleines_puis_puissances_de_deux() {
        // 2 × 4 lignes, puis 3 = 2 + 1 : toutes les lignes, dans l'ordre, une seule fois.
        assert_eq!(decouper(11, 4), vec![0..4, 4..8, 8..10, 10..11]);
        assert_eq!(decouper(0, 4), Vec::<std::ops::Range<usize>>::new());
        assert_eq!(decouper(3, 1024), vec![0..2, 2..3]);
        for n in 0..300 {
            let m = decouper(n, 64);
            assert_eq!(m.iter().map(|r| r.len()).sum::<usize>(), n);
            assert!(m.windows(2).all(|w| w[0].end == w[1].start));
            assert!(m.iter().all(|r| r.len() <= 64 && r.len().is_power_of_two()));
        }
    }

    #[test]
    fn parametres_numerotes_ligne_par_ligne() {
        assert_eq!(
            valeurs_numerotees("INSERT INTO t (a, b) VALUES ", 2, 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(valeurs_numerotees("V ", 1, 3), "V ($1, $2, $3)");
    }
}
