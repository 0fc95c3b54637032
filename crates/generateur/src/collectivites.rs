//! Employeurs territoriaux fictifs : nature, nom, population, affiliation au centre de
//! gestion, et poids (effectif attendu) qui sert à y répartir les agents.

use crate::alea::{Alea, FLUX_COLLECTIVITES};
use crate::noms;
use crate::{CollectiviteGeneree, TypeCollectivite};

/// Employeurs territoriaux rapportés aux agents : environ 46 000 employeurs pour
/// 1,96 million d'agents (ordre de grandeur national repris du ticket, issue 7).
pub const EMPLOYEURS_PAR_MILLION_AGENTS: f64 = 46_000.0 / 1.96;

/// Seuil d'affiliation obligatoire au centre de gestion : collectivités et établissements
/// employant moins de 350 fonctionnaires à temps complet (loi 84-53 art. 15, repris au CGFP).
/// Utilisé ici seulement pour rendre la population vraisemblable.
pub const SEUIL_AFFILIATION_OBLIGATOIRE: f64 = 350.0;

/// Répartition des natures d'employeurs (pour 10 000) : beaucoup de communes, quelques
/// dizaines de départements, régions, SDIS et centres de gestion par millier.
const REPARTITION: &[(TypeCollectivite, u32)] = &[
    (TypeCollectivite::Commune, 7_600),
    (TypeCollectivite::Epci, 1_150),
    (TypeCollectivite::Ccas, 850),
    (TypeCollectivite::AutreEtablissement, 250),
    (TypeCollectivite::Oph, 50),
    (TypeCollectivite::Departement, 22),
    (TypeCollectivite::Sdis, 21),
    (TypeCollectivite::Cdg, 21),
    (TypeCollectivite::Region, 4),
];

/// Les employeurs et la table cumulée de leurs poids.
#[derive(Debug, Clone, Default)]
pub(crate) struct Employeurs {
    pub liste: Vec<CollectiviteGeneree>,
    cumul: Vec<f64>,
}

impl Employeurs {
    /// Indice de l'employeur pour un tirage uniforme `u` dans [0, 1), proportionnellement
    /// aux effectifs attendus.
    pub fn tirer(&self, u: f64) -> usize {
        let total = *self.cumul.last().expect("au moins un employeur");
        let cible = u * total;
        self.cumul
            .partition_point(|&c| c <= cible)
            .min(self.cumul.len() - 1)
    }
}

/// Nombre d'employeurs par défaut pour un nombre d'agents.
pub fn nombre_par_defaut(agents: usize) -> usize {
    ((agents as f64) * EMPLOYEURS_PAR_MILLION_AGENTS / 1e6)
        .round()
        .max(1.0) as usize
}

fn population(a: &mut Alea, t: TypeCollectivite) -> u32 {
    // Lois de puissance : la plupart des communes sont petites (plus de la moitié des
    // communes françaises comptent moins de 500 habitants ; médiane générée vers 450),
    // quelques-unes dépassent 100 000 habitants.
    let p = match t {
        TypeCollectivite::Commune => a.pareto(200.0, 0.85, 2_200_000.0),
        TypeCollectivite::Epci => a.pareto(3_000.0, 1.0, 2_000_000.0),
        TypeCollectivite::Ccas => a.pareto(1_500.0, 0.9, 2_200_000.0),
        TypeCollectivite::Departement | TypeCollectivite::Sdis | TypeCollectivite::Cdg => {
            a.pareto(200_000.0, 1.5, 2_600_000.0)
        }
        TypeCollectivite::Region => a.pareto(1_500_000.0, 1.5, 12_500_000.0),
        // Pour un OPH : nombre de logements.
        TypeCollectivite::Oph => a.pareto(1_000.0, 1.0, 100_000.0),
        TypeCollectivite::AutreEtablissement => a.pareto(1_000.0, 1.0, 500_000.0),
    };
    p.round() as u32
}

/// Effectif attendu d'un employeur (poids relatif).
fn poids(t: TypeCollectivite, pop: u32) -> f64 {
    let p = f64::from(pop);
    match t {
        TypeCollectivite::Commune => 1.0 + p / 70.0,
        TypeCollectivite::Epci => 2.0 + p / 250.0,
        TypeCollectivite::Ccas => 1.0 + p / 800.0,
        TypeCollectivite::Departement => p / 220.0,
        TypeCollectivite::Region => p / 1_500.0,
        TypeCollectivite::Sdis => p / 2_000.0,
        TypeCollectivite::Oph => p / 60.0,
        TypeCollectivite::Cdg => 40.0,
        TypeCollectivite::AutreEtablissement => 3.0 + p / 1_000.0,
    }
}

fn nom(a: &mut Alea, t: TypeCollectivite, pop: u32) -> String {
    let lieu = noms::lieu(a);
    match t {
        TypeCollectivite::Commune => lieu,
        TypeCollectivite::Epci => {
            if a.proba(0.3) {
                format!("Syndicat intercommunal de {lieu}")
            } else if pop >= 400_000 {
                format!("Métropole de {lieu}")
            } else if pop >= 50_000 {
                format!("Communauté d'agglomération de {lieu}")
            } else {
                format!("Communauté de communes de {lieu}")
            }
        }
        TypeCollectivite::Ccas => format!("CCAS de {lieu}"),
        TypeCollectivite::Departement => format!("Département de {lieu}"),
        TypeCollectivite::Region => format!("Région {lieu}"),
        TypeCollectivite::Sdis => format!("SDIS de {lieu}"),
        TypeCollectivite::Oph => format!("Office public de l'habitat de {lieu}"),
        TypeCollectivite::Cdg => format!("Centre de gestion de {lieu}"),
        TypeCollectivite::AutreEtablissement => {
            if a.proba(0.5) {
                format!("Caisse des écoles de {lieu}")
            } else {
                format!("Établissement public de {lieu}")
            }
        }
    }
}

/// Génère `n` employeurs ; `agents` sert à estimer leur effectif (affiliation).
pub(crate) fn generer(graine: u64, n: usize, agents: usize) -> Employeurs {
    let n = n.max(1);
    let mut liste = Vec::with_capacity(n);
    let mut poids_bruts = Vec::with_capacity(n);
    for i in 0..n {
        let mut a = Alea::derive(graine, FLUX_COLLECTIVITES, i as u64);
        // Le premier employeur est toujours une commune : toute population en a une.
        let t = if i == 0 {
            TypeCollectivite::Commune
        } else {
            a.choix(REPARTITION)
        };
        let pop = population(&mut a, t).max(1);
        let nom = nom(&mut a, t, pop);
        poids_bruts.push(poids(t, pop));
        liste.push(CollectiviteGeneree {
            code: format!("COL{:07}", i + 1),
            nom,
            type_collectivite: t,
            population: pop,
            affiliee: false,
        });
    }
    let total: f64 = poids_bruts.iter().sum();
    let echelle = agents as f64 / total;
    let mut cumul = Vec::with_capacity(n);
    let mut c = 0.0;
    for (i, (col, &w)) in liste.iter_mut().zip(&poids_bruts).enumerate() {
        c += w;
        cumul.push(c);
        let effectif = w * echelle;
        let mut a = Alea::derive(graine ^ 0x5eed, FLUX_COLLECTIVITES, i as u64);
        col.affiliee = match col.type_collectivite {
            // Un centre de gestion n'est pas affilié à lui-même.
            TypeCollectivite::Cdg => false,
            TypeCollectivite::Departement | TypeCollectivite::Region => a.proba(0.1),
            _ if effectif < SEUIL_AFFILIATION_OBLIGATOIRE => true,
            // Au-delà du seuil, l'affiliation est volontaire.
            _ => a.proba(0.15),
        };
    }
    Employeurs { liste, cumul }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beaucoup_de_petites_communes() {
        // Ticket issue 7 : populations réalistes, loi de puissance.
        let e = generer(11, 20_000, 850_000);
        let mut pops: Vec<u32> = e
            .liste
            .iter()
            .filter(|c| c.type_collectivite == TypeCollectivite::Commune)
            .map(|c| c.population)
            .collect();
        pops.sort_unstable();
        let mediane = pops[pops.len() / 2];
        let max = *pops.last().unwrap();
        assert!(mediane < 1_000, "médiane {mediane}");
        assert!(max > 100_000, "max {max}");
        let part_communes = pops.len() as f64 / e.liste.len() as f64;
        assert!((0.72..0.80).contains(&part_communes), "{part_communes}");
        // Les petites communes sont affiliées (seuil de 350 fonctionnaires).
        assert!(
            e.liste
                .iter()
                .filter(|c| c.type_collectivite == TypeCollectivite::Commune
                    && c.population < 2_000)
                .all(|c| c.affiliee)
        );
    }

    #[test]
    fn tirage_proportionnel_et_borne() {
        let e = generer(1, 50, 2_000);
        assert_eq!(e.tirer(0.0), 0);
        assert_eq!(e.tirer(0.999_999_999), e.liste.len() - 1);
        assert_eq!(nombre_par_defaut(1_960_000), 46_000);
        assert_eq!(nombre_par_defaut(3), 1);
    }
}
