//! Écriture d'un lot (import CSV ou population de démonstration) en une seule transaction,
//! de façon idempotente, avec une entrée au journal d'audit.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use droit::carriere::{Agent, FormationSuivie, Periode};
use jiff::civil::Date;
use serde::Serialize;

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
}

/// Ce qu'un import apporte. Une collectivité est identifiée par son code, un agent par son
/// matricule ; une carrière ou une liste de formations présente remplace celle déjà connue,
/// une absente laisse l'existant intact.
#[derive(Debug, Clone, Default)]
pub struct LotImport {
    pub collectivites: Vec<Collectivite>,
    pub agents: Vec<IdentiteAgent>,
    pub carrieres: BTreeMap<String, Vec<Periode>>,
    pub formations: BTreeMap<String, Vec<FormationSuivie>>,
    pub complements: BTreeMap<String, Complements>,
}

impl LotImport {
    /// Ajoute un agent complet (identité, carrière, formations si elles sont renseignées,
    /// dispenses, postes à responsabilité et examens).
    pub fn ajouter_agent(&mut self, fiche: FicheAgent, agent: &Agent) {
        let m = fiche.matricule.clone();
        self.agents.push(IdentiteAgent {
            fiche,
            date_naissance: agent.date_naissance,
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

/// Insère les périodes d'un agent (corps identique pour les deux moteurs).
macro_rules! inserer_periodes {
    ($tx:expr, $agent_id:expr, $periodes:expr) => {
        // Une requête à plusieurs lignes par agent (au plus 50 lignes, 800 paramètres) :
        // bien moins d'allers-retours avec le moteur de base qu'une requête par période.
        for (lot, morceau) in $periodes.chunks(50).enumerate() {
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
            for (i, p) in morceau.iter().enumerate() {
                let fonctions = if p.fonctions.is_empty() {
                    None
                } else {
                    Some(serde_json::to_string(&p.fonctions).expect("fonctions sérialisables"))
                };
                q = q
                    .bind($agent_id)
                    .bind((lot * 50 + i) as i64)
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

/// Insère les formations d'un agent.
macro_rules! inserer_formations {
    ($tx:expr, $agent_id:expr, $formations:expr) => {
        for (lot, morceau) in $formations.chunks(100).enumerate() {
            let sql = valeurs_numerotees(
                "INSERT INTO formations (agent_id, rang, type_formation, date_formation, jours) \
                 VALUES ",
                morceau.len(),
                5,
            );
            // Texte fixe et paramètres numérotés : aucune donnée dans le SQL.
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (i, f) in morceau.iter().enumerate() {
                q = q
                    .bind($agent_id)
                    .bind((lot * 100 + i) as i64)
                    .bind(code_de(&f.type_formation))
                    .bind(f.date.to_string())
                    .bind(f.jours);
            }
            q.execute(&mut *$tx).await?;
        }
    };
}

/// `debut` suivi de `lignes` groupes de `colonnes` paramètres numérotés :
/// `($1, $2), ($3, $4)` ; même syntaxe pour SQLite et PostgreSQL.
fn valeurs_numerotees(debut: &str, lignes: usize, colonnes: usize) -> String {
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
    /// consigné au journal d'audit avec son origine, son horodatage (fourni par l'appelant)
    /// et son bilan. `progression(fait, total)` est appelée au fil de l'écriture des agents.
    pub async fn enregistrer(
        &self,
        lot: &LotImport,
        origine: &str,
        horodatage: &str,
        progression: &mut dyn FnMut(usize, usize),
    ) -> Result<Bilan, ErreurStockage> {
        let mut bilan = Bilan::default();
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
                    }
                    None => {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO collectivites (code, nom, cle_tri, type_collectivite, \
                             population, affiliee) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        )
                        .bind(&c.code)
                        .bind(&c.nom)
                        .bind(cle_tri(&c.nom))
                        .bind(&c.type_collectivite)
                        .bind(opt_pop(c.population))
                        .bind(c.affiliee)
                        .fetch_one(&mut *tx)
                        .await?;
                        ids_collectivites.insert(c.code.clone(), id);
                        etat_collectivites.insert(c.code.clone(), c.clone());
                        bilan.collectivites.creees += 1;
                    }
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
            for (rang, m) in matricules.iter().enumerate() {
                if rang > 0 && rang.is_multiple_of(100) {
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
                let complements = match (lot.complements.get(m), ancien) {
                    (Some(c), _) => c.clone(),
                    (None, Some((_, a))) => Complements::de(&a.agent),
                    (None, None) => Complements::default(),
                };
                let agent = Agent {
                    dispenses: complements.dispenses.clone(),
                    postes_responsabilite: complements.postes_responsabilite.clone(),
                    examens: complements.examens.clone(),
                    ..agent
                };
                let nouveau = AgentEnregistre { fiche, agent };
                if let Some((_, a)) = ancien
                    && *a == nouveau
                {
                    bilan.agents.inchangees += 1;
                    continue;
                }
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
                let (agent_id, ancien_agent) = match ancien {
                    Some((id, ancien)) => {
                        sqlx::query(
                            "UPDATE agents SET collectivite_id = $1, nom = $2, prenom = $3, \
                             cle_tri = $4, date_naissance = $5, formations_renseignees = $6, \
                             complements = $7 WHERE id = $8",
                        )
                        .bind(collectivite_id)
                        .bind(&nouveau.fiche.nom)
                        .bind(&nouveau.fiche.prenom)
                        .bind(&cle)
                        .bind(opt_date(a.date_naissance))
                        .bind(a.formations.is_some())
                        .bind(complements_json)
                        .bind(*id)
                        .execute(&mut *tx)
                        .await?;
                        bilan.agents.modifiees += 1;
                        (*id, Some(&ancien.agent))
                    }
                    None => {
                        let id: i64 = sqlx::query_scalar(
                            "INSERT INTO agents (matricule, collectivite_id, nom, prenom, cle_tri, \
                             date_naissance, formations_renseignees, complements) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
                        )
                        .bind(m)
                        .bind(collectivite_id)
                        .bind(&nouveau.fiche.nom)
                        .bind(&nouveau.fiche.prenom)
                        .bind(&cle)
                        .bind(opt_date(a.date_naissance))
                        .bind(a.formations.is_some())
                        .bind(complements_json)
                        .fetch_one(&mut *tx)
                        .await?;
                        bilan.agents.creees += 1;
                        (id, None)
                    }
                };
                // Un agent qui vient d'être créé n'a encore ni période ni formation en base :
                // pas de suppression préalable à envoyer.
                if ancien_agent.map(|x| &x.periodes) != Some(&a.periodes) {
                    if ancien_agent.is_some() {
                        sqlx::query("DELETE FROM periodes WHERE agent_id = $1")
                            .bind(agent_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    inserer_periodes!(tx, agent_id, a.periodes);
                }
                let anciennes_formations = ancien_agent.and_then(|x| x.formations.as_ref());
                if anciennes_formations != a.formations.as_ref() {
                    if ancien_agent.is_some() {
                        sqlx::query("DELETE FROM formations WHERE agent_id = $1")
                            .bind(agent_id)
                            .execute(&mut *tx)
                            .await?;
                    }
                    if let Some(f) = &a.formations {
                        inserer_formations!(tx, agent_id, f);
                    }
                }
            }
            if total > 0 {
                progression(total, total);
            }

            let detail = serde_json::json!({ "origine": origine, "bilan": bilan });
            sqlx::query("INSERT INTO journal (horodatage, action, detail) VALUES ($1, $2, $3)")
                .bind(horodatage)
                .bind("import")
                .bind(detail.to_string())
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        });
        Ok(bilan)
    }
}

#[cfg(test)]
mod tests_sql {
    use super::valeurs_numerotees;

    #[test]
    fn parametres_numerotes_ligne_par_ligne() {
        assert_eq!(
            valeurs_numerotees("INSERT INTO t (a, b) VALUES ", 2, 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(valeurs_numerotees("V ", 1, 3), "V ($1, $2, $3)");
    }
}
