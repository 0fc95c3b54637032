//! Mesure du moteur d'éligibilité sur une population en mémoire.

use std::time::Instant;

use droit::carriere::Agent;
use droit::eligibilite::Voie;
use droit::lot::{Lot, Selection};
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
    /// Chemin par lot (`droit::lot`) : carrières préparées une fois, verdicts et première
    /// année d'éligibilité.
    Lot,
    /// Chemin par lot, éligibilité de l'année seule, sans projection.
    LotAnneeSeule,
}

impl Evaluation {
    pub fn libelle(self) -> &'static str {
        match self {
            Evaluation::Complete => "réponses complètes avec explications",
            Evaluation::Verdicts => "verdicts seuls",
            Evaluation::Eligibilites => "éligibilité de l'année seule, sans projection",
            Evaluation::Lot => "chemin par lot, verdicts et première année d'éligibilité",
            Evaluation::LotAnneeSeule => "chemin par lot, éligibilité de l'année seule",
        }
    }

    /// Le chemin par lot (carrières préparées avant la mesure) ?
    pub fn par_lot(self) -> bool {
        matches!(self, Evaluation::Lot | Evaluation::LotAnneeSeule)
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

/// Ce qu'une mesure évalue : année de la liste, chemin, cibles et voies.
#[derive(Debug, Clone, Default)]
pub struct Demande {
    pub annee: i32,
    pub evaluation: Evaluation,
    /// Cibles demandées ; `None` : toutes.
    pub cibles: Option<Vec<String>>,
    /// Voies demandées ; `None` : toutes.
    pub voies: Option<Vec<Voie>>,
}

impl Demande {
    /// Toutes les voies de toutes les cibles.
    pub fn toutes(annee: i32, evaluation: Evaluation) -> Demande {
        Demande {
            annee,
            evaluation,
            cibles: None,
            voies: None,
        }
    }

    /// Les voies évaluées (chemin par lot), ou une erreur en français si une cible est
    /// inconnue.
    pub fn selection(&self) -> Result<Selection, String> {
        Selection::choisir(self.cibles.as_deref(), self.voies.as_deref())
    }

    fn voie_retenue(&self, v: Voie) -> bool {
        self.voies.as_ref().is_none_or(|vs| vs.contains(&v))
    }
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

/// Comme [`bench_moteur`], en choisissant ce que le moteur calcule (le chemin par lot
/// prépare alors les carrières avant la mesure).
pub fn bench_moteur_avec(
    agents: &[Agent],
    annee: i32,
    evaluation: Evaluation,
    progression: impl FnMut(usize, usize),
) -> MesureMoteur {
    let demande = Demande::toutes(annee, evaluation);
    let lot = evaluation.par_lot().then(|| Lot::preparer(agents));
    mesurer(agents, lot.as_ref(), &demande, progression).expect("toutes les cibles existent")
}

/// Agents évalués au moins par tranche parallèle (la progression est signalée entre deux
/// tranches) : de l'ordre de 5 % de la population, pour que les fils ne s'attendent pas trop
/// souvent les uns les autres sur les calculs courts.
const LOT_MESURE: usize = 65_536;

/// Mesure une évaluation : `lot` (préparé par l'appelant, hors mesure) est exigé pour le
/// chemin par lot. Erreur en français si une cible demandée est inconnue.
pub fn mesurer(
    agents: &[Agent],
    lot: Option<&Lot<'_>>,
    demande: &Demande,
    mut progression: impl FnMut(usize, usize),
) -> Result<MesureMoteur, String> {
    let annee = demande.annee;
    let evaluation = demande.evaluation;
    let selection = demande.selection()?;
    let cibles = demande.cibles.as_deref();
    let lot = match (evaluation.par_lot(), lot) {
        (true, Some(l)) => Some(l),
        (true, None) => return Err("chemin par lot : population non préparée".to_owned()),
        (false, _) => None,
    };
    let debut = Instant::now();
    let cpu_debut = temps_cpu_s();
    let (mut voies, mut promouvables) = (0usize, 0usize);
    let mut fait = 0;
    let tranche = LOT_MESURE.max(agents.len() / 20);
    while fait < agents.len() {
        let fin = (fait + tranche).min(agents.len());
        let (v, p) = match lot {
            Some(lot) => {
                let projeter = evaluation == Evaluation::Lot;
                (fait..fin)
                    .into_par_iter()
                    .with_min_len(256)
                    .map_init(
                        || Vec::with_capacity(selection.len()),
                        |s, i| {
                            lot.evaluer(i, annee, &selection, projeter, s);
                            (s.len(), usize::from(s.iter().any(|v| v.eligible)))
                        },
                    )
                    .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1))
            }
            None => agents[fait..fin]
                .par_iter()
                .map(|a| {
                    let (n, ouvert) = match evaluation {
                        Evaluation::Complete => {
                            let r = droit::eligibilite::evaluer_agent(a, annee, cibles);
                            compter(r.voies.iter().map(|v| (v.voie, v.eligible)), demande)
                        }
                        Evaluation::Verdicts => {
                            let v = droit::eligibilite::verdicts(a, annee, cibles);
                            compter(v.iter().map(|v| (v.voie, v.eligible)), demande)
                        }
                        _ => {
                            let v = droit::eligibilite::eligibilites(a, annee, cibles);
                            compter(v.iter().map(|v| (v.voie, v.eligible)), demande)
                        }
                    };
                    (n, usize::from(ouvert))
                })
                .reduce(|| (0, 0), |x, y| (x.0 + y.0, x.1 + y.1)),
        };
        voies += v;
        promouvables += p;
        fait = fin;
        progression(fait, agents.len());
    }
    let secondes = debut.elapsed().as_secs_f64();
    let cpu_secondes = temps_cpu_s().zip(cpu_debut).map(|(f, d)| f - d);
    Ok(MesureMoteur {
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
    })
}

/// Résultats retenus (voies demandées) et « au moins une voie ouverte ».
fn compter(resultats: impl Iterator<Item = (Voie, bool)>, demande: &Demande) -> (usize, bool) {
    let (mut n, mut ouvert) = (0, false);
    for (voie, eligible) in resultats {
        if demande.voie_retenue(voie) {
            n += 1;
            ouvert |= eligible;
        }
    }
    (n, ouvert)
}

/// Éligibilité de chaque agent à la première voie de la sélection (chemin par lot), pour
/// comparer agent par agent avec un autre calcul.
pub fn eligibles_premiere_voie(lot: &Lot<'_>, demande: &Demande) -> Result<Vec<bool>, String> {
    let selection = demande.selection()?;
    let projeter = demande.evaluation == Evaluation::Lot;
    Ok((0..lot.len())
        .into_par_iter()
        .map_init(Vec::new, |s, i| {
            lot.evaluer(i, demande.annee, &selection, projeter, s);
            s.first().is_some_and(|v| v.eligible)
        })
        .collect())
}

/// Vérifie que le chemin par lot rend, pour chaque agent et chaque voie demandée, le même
/// verdict que la réponse expliquée (éligibilité ; première année si le lot projette).
/// Rend le nombre de verdicts comparés, ou la première divergence en français.
pub fn verifier_lot(agents: &[Agent], lot: &Lot<'_>, demande: &Demande) -> Result<usize, String> {
    let selection = demande.selection()?;
    let projeter = demande.evaluation != Evaluation::LotAnneeSeule;
    let annee = demande.annee;
    (0..agents.len())
        .into_par_iter()
        .map_init(Vec::new, |s, i| {
                lot.evaluer(i, annee, &selection, projeter, s);
                let r = droit::eligibilite::evaluer_agent(&agents[i], annee, demande.cibles.as_deref());
                let attendus: Vec<_> = r.voies.iter().filter(|v| demande.voie_retenue(v.voie)).collect();
                if attendus.len() != s.len() {
                    return Err(format!("agent n° {} : {} voies au lieu de {}", i + 1, s.len(), attendus.len()));
                }
                for (x, y) in attendus.iter().zip(s.iter()) {
                    let premiere = if projeter { x.premiere_annee_eligible } else { None };
                    if (x.cible.as_str(), x.voie, x.eligible, premiere)
                        != (y.cible, y.voie, y.eligible, y.premiere_annee_eligible)
                    {
                        return Err(format!(
                            "agent n° {} : {} ({:?}) : réponse expliquée {} (première année {:?}), lot {} (première année {:?})",
                            i + 1, x.cible, x.voie, x.eligible, premiere, y.eligible, y.premiere_annee_eligible
                        ));
                    }
                }
                Ok(s.len())
            },
        )
        .try_reduce(|| 0, |a, b| Ok(a + b))
}

/// Rapport complet de `passerelle bench moteur` : chargement, préparation, mesures.
#[derive(Debug, Clone, PartialEq)]
pub struct RapportMoteur {
    pub annee: i32,
    /// D'où vient la population (« génération … » ou « lecture de … »).
    pub source: String,
    pub chargement_secondes: f64,
    pub chargement_cpu_secondes: Option<f64>,
    /// Mémoire de pointe une fois la population en mémoire, avant l'évaluation.
    pub memoire_apres_chargement_kio: Option<u64>,
    /// Préparation des carrières du chemin par lot (hors mesure du calcul).
    pub preparation_secondes: Option<f64>,
    /// Une mesure par répétition.
    pub mesures: Vec<MesureMoteur>,
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
    let chargement_secondes = t.elapsed().as_secs_f64();
    let chargement_cpu_secondes = temps_cpu_s().zip(cpu0).map(|(f, d)| f - d);
    let memoire_apres_chargement_kio = memoire_pointe_kio();
    let t = Instant::now();
    let lot = evaluation.par_lot().then(|| Lot::preparer(&agents));
    let preparation_secondes = lot.as_ref().map(|_| t.elapsed().as_secs_f64());
    let mesure = mesurer(
        &agents,
        lot.as_ref(),
        &Demande::toutes(annee, evaluation),
        crate::progression_terminal("agents évalués"),
    )
    .expect("toutes les cibles existent");
    RapportMoteur {
        annee,
        source: format!("génération (graine {graine})"),
        chargement_secondes,
        chargement_cpu_secondes,
        memoire_apres_chargement_kio,
        preparation_secondes,
        mesures: vec![mesure],
    }
}

impl std::fmt::Display for RapportMoteur {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::milliers;
        let mo = |k: Option<u64>| k.map_or("inconnue".to_owned(), |k| format!("{} Mo", k / 1024));
        let cpu = |c: Option<f64>| c.map_or("inconnu".to_owned(), |c| format!("{c:.3} s"));
        let Some(m) = self.mesures.first() else {
            return write!(f, "aucune mesure");
        };
        writeln!(
            f,
            "chargement ({}) : {} agents en {:.2} s (temps processeur : {})",
            self.source,
            milliers(m.agents as u64),
            self.chargement_secondes,
            cpu(self.chargement_cpu_secondes)
        )?;
        if let Some(p) = self.preparation_secondes {
            writeln!(f, "préparation des carrières (chemin par lot) : {p:.3} s")?;
        }
        for (i, m) in self.mesures.iter().enumerate() {
            let rep = if self.mesures.len() > 1 {
                format!(" [répétition {}]", i + 1)
            } else {
                String::new()
            };
            writeln!(
                f,
                "calcul{rep} (liste {}, {}) : {} agents évalués en {:.4} s sur {} fil{} (temps processeur : {}), soit {} agents/s ; {} résultats (cible × voie), {} agents promouvables",
                self.annee,
                m.evaluation.libelle(),
                milliers(m.agents as u64),
                m.secondes,
                m.fils,
                if m.fils > 1 { "s" } else { "" },
                cpu(m.cpu_secondes),
                milliers(m.agents_par_seconde as u64),
                milliers(m.voies as u64),
                milliers(m.agents_promouvables as u64),
            )?;
        }
        if self.mesures.len() > 1 {
            let mut s: Vec<f64> = self.mesures.iter().map(|m| m.secondes).collect();
            s.sort_by(f64::total_cmp);
            writeln!(
                f,
                "calcul : meilleur {:.4} s, médian {:.4} s sur {} répétitions",
                s[0],
                s[s.len() / 2],
                s.len()
            )?;
        }
        write!(
            f,
            "mémoire de pointe (VmHWM) : {} après chargement, {} en fin de mesure",
            mo(self.memoire_apres_chargement_kio),
            mo(self.mesures.last().and_then(|m| m.memoire_pointe_kio))
        )
    }
}

/// Mémoire résidente de pointe du processus, lue dans `/proc/self/status` (VmHWM, en kio).
pub fn memoire_pointe_kio() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    lire_vmhwm(&status)
}

/// Temps processeur consommé par le processus, en secondes : somme du temps passé sur un
/// cœur par chacun de ses fils (`/proc/self/task/*/schedstat`, en nanosecondes : assez
/// fin pour des calculs de quelques millisecondes), ou à défaut `/proc/self/stat` (champs
/// 14 et 15, utilisateur + système, en tops d'horloge de 1/100 s, valeur usuelle de
/// `CLK_TCK` sous Linux).
pub fn temps_cpu_s() -> Option<f64> {
    temps_cpu_fils_s().or_else(|| {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        lire_temps_cpu(&stat)
    })
}

fn temps_cpu_fils_s() -> Option<f64> {
    let mut ns: u64 = 0;
    for t in std::fs::read_dir("/proc/self/task").ok()? {
        let t = t.ok()?;
        let s = std::fs::read_to_string(t.path().join("schedstat")).ok()?;
        ns += s.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(ns as f64 / 1e9)
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
        // Le chemin par lot aussi, et il concorde voie par voie avec la réponse expliquée.
        let l = bench_moteur_avec(&agents, 2026, Evaluation::Lot, |_, _| {});
        assert_eq!(
            (l.voies, l.agents_promouvables),
            (m.voies, m.agents_promouvables)
        );
        let lot = Lot::preparer(&agents);
        let d = Demande::toutes(2026, Evaluation::Lot);
        assert_eq!(verifier_lot(&agents, &lot, &d), Ok(m.voies));
    }
}
