//! Mesure du moteur d'éligibilité sur une population en mémoire.

use std::time::Instant;

use droit::carriere::Agent;
use rayon::prelude::*;

/// Ce que le moteur calcule pour chaque agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Evaluation {
    /// Réponse complète avec les explications (`droit::eligibilite::evaluer_agent`), celle
    /// que rend la commande `eligibilite`.
    #[default]
    Complete,
    /// Verdicts seuls (`droit::eligibilite::verdicts`), pour les traitements de masse.
    Verdicts,
    /// Éligibilité de l'année seule (`droit::eligibilite::eligibilites`), sans projection de
    /// la première année : études nationales d'une année donnée.
    Eligibilites,
}

impl Evaluation {
    pub fn libelle(self) -> &'static str {
        match self {
            Evaluation::Complete => "réponses complètes avec explications",
            Evaluation::Verdicts => "verdicts seuls",
            Evaluation::Eligibilites => "éligibilité de l'année seule, sans projection",
        }
    }
}

/// Résultat d'une mesure du moteur.
#[derive(Debug, Clone, PartialEq)]
pub struct MesureMoteur {
    pub evaluation: Evaluation,
    pub agents: usize,
    /// Nombre total de résultats (cible × voie) rendus.
    pub voies: usize,
    /// Agents pour lesquels au moins une voie est ouverte.
    pub agents_promouvables: usize,
    pub secondes: f64,
    pub agents_par_seconde: f64,
    /// Fils de calcul utilisés.
    pub fils: usize,
    /// Temps processeur (utilisateur + système) consommé par le processus pendant la
    /// mesure, en secondes ; `None` hors Linux. Sur une machine partagée, le rapport
    /// `cpu_secondes / secondes` montre la part des cœurs réellement obtenue.
    pub cpu_secondes: Option<f64>,
    /// Mémoire résidente de pointe du processus (VmHWM), en kio ; `None` hors Linux.
    pub memoire_pointe_kio: Option<u64>,
}

/// Évalue toutes les voies de toutes les cibles (`droit::eligibilite::evaluer_agent`, sans
/// filtre de cible) pour chaque agent, en parallèle sur les cœurs du pool rayon courant.
/// `progression(agents évalués, total)` est appelée après chaque lot.
pub fn bench_moteur(
    agents: &[Agent],
    annee: i32,
    progression: impl FnMut(usize, usize),
) -> MesureMoteur {
    bench_moteur_avec(agents, annee, Evaluation::Complete, progression)
}

/// Comme [`bench_moteur`], en choisissant ce que le moteur calcule.
pub fn bench_moteur_avec(
    agents: &[Agent],
    annee: i32,
    evaluation: Evaluation,
    mut progression: impl FnMut(usize, usize),
) -> MesureMoteur {
    const LOT: usize = 16_384;
    let debut = Instant::now();
    let cpu_debut = temps_cpu_s();
    let (mut voies, mut promouvables) = (0usize, 0usize);
    let mut fait = 0;
    for lot in agents.chunks(LOT) {
        let (v, p) = lot
            .par_iter()
            .map(|a| match evaluation {
                Evaluation::Complete => {
                    let r = droit::eligibilite::evaluer_agent(a, annee, None);
                    let ouvert = r.voies.iter().any(|v| v.eligible);
                    (r.voies.len(), usize::from(ouvert))
                }
                Evaluation::Verdicts => {
                    let v = droit::eligibilite::verdicts(a, annee, None);
                    let ouvert = v.iter().any(|v| v.eligible);
                    (v.len(), usize::from(ouvert))
                }
                Evaluation::Eligibilites => {
                    let v = droit::eligibilite::eligibilites(a, annee, None);
                    let ouvert = v.iter().any(|v| v.eligible);
                    (v.len(), usize::from(ouvert))
                }
            })
            .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1));
        voies += v;
        promouvables += p;
        fait += lot.len();
        progression(fait, agents.len());
    }
    let secondes = debut.elapsed().as_secs_f64();
    let cpu_secondes = temps_cpu_s().zip(cpu_debut).map(|(f, d)| f - d);
    MesureMoteur {
        evaluation,
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
        cpu_secondes,
        memoire_pointe_kio: memoire_pointe_kio(),
    }
}

/// Rapport complet de `passerelle bench moteur` : génération puis évaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct RapportMoteur {
    pub annee: i32,
    pub generation_secondes: f64,
    pub generation_cpu_secondes: Option<f64>,
    /// Mémoire de pointe une fois la population en mémoire, avant l'évaluation.
    pub memoire_apres_generation_kio: Option<u64>,
    pub mesure: MesureMoteur,
}

/// `passerelle bench moteur --agents N --graine S --annee A` : génère N agents en mémoire
/// (progression sur la sortie d'erreur), puis évalue toutes les voies pour chacun sur tous
/// les cœurs du pool rayon courant.
pub fn commande_bench_moteur(
    agents: usize,
    graine: u64,
    annee: i32,
    evaluation: Evaluation,
) -> RapportMoteur {
    let t = Instant::now();
    let cpu0 = temps_cpu_s();
    let pop = crate::generer_avec_progression(
        &crate::Parametres::new(agents, graine),
        crate::progression_terminal("agents générés"),
    );
    let agents: Vec<Agent> = pop.agents.into_iter().map(|a| a.agent).collect();
    let generation_secondes = t.elapsed().as_secs_f64();
    let generation_cpu_secondes = temps_cpu_s().zip(cpu0).map(|(f, d)| f - d);
    let memoire_apres_generation_kio = memoire_pointe_kio();
    let mesure = bench_moteur_avec(
        &agents,
        annee,
        evaluation,
        crate::progression_terminal("agents évalués"),
    );
    RapportMoteur {
        annee,
        generation_secondes,
        generation_cpu_secondes,
        memoire_apres_generation_kio,
        mesure,
    }
}

impl std::fmt::Display for RapportMoteur {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::milliers;
        let mo = |k: Option<u64>| k.map_or("inconnue".to_owned(), |k| format!("{} Mo", k / 1024));
        let cpu = |c: Option<f64>| c.map_or("inconnu".to_owned(), |c| format!("{c:.2} s"));
        let m = &self.mesure;
        writeln!(
            f,
            "génération : {} agents en {:.2} s (temps processeur : {})",
            milliers(m.agents as u64),
            self.generation_secondes,
            cpu(self.generation_cpu_secondes)
        )?;
        writeln!(
            f,
            "moteur (liste {}, {}) : {} agents évalués en {:.2} s sur {} fils (temps processeur : {}), soit {} agents/s ; {} résultats (cible × voie), {} agents promouvables",
            self.annee,
            m.evaluation.libelle(),
            milliers(m.agents as u64),
            m.secondes,
            m.fils,
            cpu(m.cpu_secondes),
            milliers(m.agents_par_seconde as u64),
            milliers(m.voies as u64),
            milliers(m.agents_promouvables as u64),
        )?;
        write!(
            f,
            "mémoire de pointe (VmHWM) : {} après génération, {} en fin de mesure",
            mo(self.memoire_apres_generation_kio),
            mo(m.memoire_pointe_kio)
        )
    }
}

/// Mémoire résidente de pointe du processus, lue dans `/proc/self/status` (VmHWM, en kio).
pub fn memoire_pointe_kio() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    lire_vmhwm(&status)
}

/// Temps processeur consommé par le processus (utilisateur + système), en secondes, lu dans
/// `/proc/self/stat` (champs 14 et 15, en tops d'horloge de 1/100 s, valeur usuelle de
/// `CLK_TCK` sous Linux).
pub fn temps_cpu_s() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    lire_temps_cpu(&stat)
}

fn lire_temps_cpu(stat: &str) -> Option<f64> {
    // Le nom du programme (2e champ) est entre parenthèses et peut contenir des espaces.
    let apres = &stat[stat.rfind(')')? + 1..];
    let champs: Vec<&str> = apres.split_whitespace().collect();
    // `apres` commence au 3e champ : utime et stime sont les 14e et 15e.
    let utime: u64 = champs.get(11)?.parse().ok()?;
    let stime: u64 = champs.get(12)?.parse().ok()?;
    Some((utime + stime) as f64 / 100.0)
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
    fn lecture_du_temps_cpu() {
        // proc(5) : pid (comm) state ppid … utime(14) stime(15).
        let s = "42 (mon prog) R 1 2 3 4 5 6 7 8 9 10 250 30 0 0";
        assert_eq!(lire_temps_cpu(s), Some(2.8));
        assert!(temps_cpu_s().is_some());
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
        // Les verdicts seuls disent la même chose que les réponses complètes.
        let v = bench_moteur_avec(&agents, 2026, Evaluation::Verdicts, |_, _| {});
        assert_eq!(
            (v.voies, v.agents_promouvables),
            (m.voies, m.agents_promouvables)
        );
    }
}
