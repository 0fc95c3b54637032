//! Mesure du moteur d'éligibilité sur une population en mémoire.

use std::time::Instant;

use droit::carriere::Agent;
use rayon::prelude::*;

/// Résultat d'une mesure du moteur.
#[derive(Debug, Clone, PartialEq)]
pub struct MesureMoteur {
    pub agents: usize,
    /// Nombre total de résultats (cible × voie) rendus.
    pub voies: usize,
    /// Agents pour lesquels au moins une voie est ouverte.
    pub agents_promouvables: usize,
    pub secondes: f64,
    pub agents_par_seconde: f64,
    /// Fils de calcul utilisés.
    pub fils: usize,
    /// Mémoire résidente de pointe du processus (VmHWM), en kio ; `None` hors Linux.
    pub memoire_pointe_kio: Option<u64>,
}

/// Évalue toutes les voies de toutes les cibles (`droit::eligibilite::evaluer_agent`, sans
/// filtre de cible) pour chaque agent, en parallèle sur les cœurs du pool rayon courant.
/// `progression(agents évalués, total)` est appelée après chaque lot.
pub fn bench_moteur(
    agents: &[Agent],
    annee: i32,
    mut progression: impl FnMut(usize, usize),
) -> MesureMoteur {
    const LOT: usize = 65_536;
    let debut = Instant::now();
    let (mut voies, mut promouvables) = (0usize, 0usize);
    let mut fait = 0;
    for lot in agents.chunks(LOT) {
        let (v, p) = lot
            .par_iter()
            .map(|a| {
                let r = droit::eligibilite::evaluer_agent(a, annee, None);
                let ouvert = r.voies.iter().any(|v| v.eligible);
                (r.voies.len(), usize::from(ouvert))
            })
            .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1));
        voies += v;
        promouvables += p;
        fait += lot.len();
        progression(fait, agents.len());
    }
    let secondes = debut.elapsed().as_secs_f64();
    MesureMoteur {
        agents: agents.len(),
        voies,
        agents_promouvables: promouvables,
        secondes,
        agents_par_seconde: if secondes > 0.0 {
            agents.len() as f64 / secondes
        } else {
            f64::INFINITY
        },
        fils: rayon::current_num_threads(),
        memoire_pointe_kio: memoire_pointe_kio(),
    }
}

/// Mémoire résidente de pointe du processus, lue dans `/proc/self/status` (VmHWM, en kio).
pub fn memoire_pointe_kio() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    lire_vmhwm(&status)
}

fn lire_vmhwm(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lecture_de_vmhwm() {
        // Format de proc(5) : « VmHWM:     1234 kB ».
        let s = "Name:\tx\nVmPeak:\t  9999 kB\nVmHWM:\t    1234 kB\nVmRSS:\t 1000 kB\n";
        assert_eq!(lire_vmhwm(s), Some(1234));
        assert_eq!(lire_vmhwm("Name:\tx\n"), None);
    }

    #[test]
    fn tous_les_agents_sont_evalues() {
        let pop = crate::generer(&crate::Parametres::new(300, 5));
        let agents: Vec<Agent> = pop.agents.into_iter().map(|a| a.agent).collect();
        let mut appels = Vec::new();
        let m = bench_moteur(&agents, 2026, |f, t| appels.push((f, t)));
        assert_eq!(m.agents, 300);
        assert_eq!(appels.last(), Some(&(300, 300)));
        assert!(m.agents_promouvables <= m.agents);
    }
}
