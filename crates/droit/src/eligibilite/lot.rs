//! Évaluation par lot : les verdicts d'éligibilité de toute une population (études
//! nationales, campagnes d'un centre de gestion), sans explication. Aussi exporté sous le
//! nom `droit::lot`.
//!
//! La réponse expliquée ([`super::evaluer_agent`]) reste la référence. Ce module ne
//! réécrit aucune règle : il appelle les mêmes fonctions que [`super::verdicts`] (conditions
//! d'une variante pour une année, première année d'éligibilité, décompte des services) et
//! gagne du temps autrement :
//!
//! - les carrières sont préparées une fois, au chargement ([`Lot::preparer`]) : périodes
//!   triées, grades résolus, numéros de jour, congés parentaux regroupés ; les périodes de
//!   toute la population sont rangées dans un seul tableau contigu, et chaque évaluation
//!   emprunte la tranche de son agent (aucune allocation ni aucun tri pendant le calcul) ;
//! - le grade détenu en qualité de titulaire (dans le versant de son cadre d'emplois) est
//!   un petit entier par période, et les grades qui satisfont chaque variante forment un
//!   ensemble de bits : une variante dont le grade n'est pas détenu au 1er janvier est
//!   écartée sans autre calcul, une variante dont aucun grade de la carrière ne convient n'a
//!   pas de première année ;
//! - seules les voies demandées ([`Selection`]) sont évaluées.
//!
//! Des tests vérifient que les verdicts sont ceux de la réponse expliquée, voie par voie,
//! sur des carrières variées et sur des populations générées ; `passerelle bench moteur
//! --lot --verifier` le vérifie sur toute une population.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use super::{
    VerdictVoie, Voie, exige_detention, jour_detention, moteur, premiere_annee_variante,
    variante_remplie,
};
use crate::carriere::{Agent, Statut};
use crate::catalogue::Catalogue;
use crate::date::{Jour, jour_ymd};
use crate::services::{Carriere, PeriodePreparee};
use crate::vocabulaire::Versant;

// ------------------------------------------------------------------ Ensembles de grades

/// Nombre de mots de 64 bits des ensembles de grades (512 grades au plus).
const MOTS: usize = 8;

/// Ensemble de grades (rangs dans le catalogue des cadres), en bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Grades([u64; MOTS]);

impl Grades {
    fn inserer(&mut self, g: u16) {
        self.0[usize::from(g) / 64] |= 1 << (g % 64);
    }

    #[inline]
    fn contient(&self, g: u16) -> bool {
        g != AUCUN && self.0[usize::from(g) / 64] & (1 << (g % 64)) != 0
    }
}

/// Pas de grade détenu en qualité de titulaire.
const AUCUN: u16 = u16::MAX;

/// Ce qui, dans le catalogue compilé, sert au tri préalable des variantes.
struct Prefiltres {
    /// Rang de chaque grade du catalogue des cadres, par code.
    rang_grade: HashMap<&'static str, u16>,
    /// Par voie compilée (même rang que dans le moteur), par variante : la variante
    /// exige-t-elle un grade détenu, et lesquels conviennent.
    variantes: Vec<Vec<(bool, Grades)>>,
}

fn prefiltres() -> &'static Prefiltres {
    static P: OnceLock<Prefiltres> = OnceLock::new();
    P.get_or_init(|| {
        let cat = Catalogue::get();
        let mut rang_grade = HashMap::new();
        let mut grades = Vec::new();
        for cadre in &cat.cadres {
            for g in &cadre.grades {
                rang_grade.insert(g.code.as_str(), grades.len() as u16);
                grades.push((g.code.as_str(), cadre));
            }
        }
        assert!(
            grades.len() <= MOTS * 64,
            "catalogue de plus de {} grades : agrandir les ensembles de bits de droit::lot",
            MOTS * 64
        );
        let variantes = moteur()
            .voies
            .iter()
            .map(|v| {
                v.variantes
                    .iter()
                    .map(|va| {
                        // Même condition que `detention_periode` (grade, cadre d'emplois ou
                        // catégorie territoriale admis, à une date quelconque).
                        let d = va.def;
                        let mut e = Grades::default();
                        for (i, (code, cadre)) in grades.iter().enumerate() {
                            if d.grades_detenus.iter().any(|x| x == code)
                                || d.cadres_detenus.contains(&cadre.code)
                                || (cadre.a_ete_de_categorie(&d.categories_detenues)
                                    && cadre.versant == Versant::Territoriale)
                            {
                                e.inserer(i as u16);
                            }
                        }
                        (exige_detention(d), e)
                    })
                    .collect()
            })
            .collect();
        Prefiltres {
            rang_grade,
            variantes,
        }
    })
}

// ------------------------------------------------------------------ Sélection des voies

/// Les voies à évaluer, dans l'ordre de la réponse expliquée : cible par cible (dans
/// l'ordre demandé, ou celui du catalogue), voies de chaque cible dans l'ordre du
/// catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    voies: Vec<usize>,
}

impl Selection {
    /// Toutes les voies de toutes les cibles du catalogue.
    pub fn toutes() -> Selection {
        Selection {
            voies: (0..moteur().voies.len()).collect(),
        }
    }

    /// Les voies des `cibles` demandées (toutes si `None`), restreintes aux `voies`
    /// demandées (toutes si `None`). Erreur en français si une cible n'est accessible par
    /// aucune voie du catalogue.
    pub fn choisir(cibles: Option<&[String]>, voies: Option<&[Voie]>) -> Result<Selection, String> {
        let m = moteur();
        let garder = |i: &usize| voies.is_none_or(|vs| vs.contains(&m.voies[*i].voie));
        let choisies = match cibles {
            None => (0..m.voies.len()).filter(garder).collect(),
            Some(cs) => {
                let mut choisies = Vec::new();
                for cible in cs {
                    let Some(liste) = m.par_cible.get(cible.as_str()) else {
                        return Err(format!(
                            "Le grade « {cible} » n'est accessible par aucune voie de promotion interne du catalogue."
                        ));
                    };
                    choisies.extend(liste.iter().copied().filter(garder));
                }
                choisies
            }
        };
        Ok(Selection { voies: choisies })
    }

    /// Nombre de voies (cible × voie) évaluées pour chaque agent.
    pub fn len(&self) -> usize {
        self.voies.len()
    }

    pub fn is_empty(&self) -> bool {
        self.voies.is_empty()
    }
}

// ------------------------------------------------------------------ Carrières préparées

/// Une population préparée pour l'évaluation par lot. Les carrières sont supposées valides
/// (`Agent::valider`), comme pour [`super::verdicts`].
pub struct Lot<'a> {
    agents: &'a [Agent],
    /// Périodes de l'agent `i` : `periodes[bornes[i]..bornes[i + 1]]`, triées par début.
    bornes: Vec<u32>,
    periodes: Vec<PeriodePreparee<'a>>,
    /// Par période : rang du grade détenu en qualité de titulaire, dans le versant de son
    /// cadre d'emplois, ou [`AUCUN`].
    grade_titulaire: Vec<u16>,
    /// Par période : premier et dernier jour ([`Jour::MAX`] pour une période en cours). Ces
    /// tableaux compacts suffisent à trouver le grade détenu au 1er janvier sans lire les
    /// périodes complètes : la plupart des variantes sont écartées sur eux seuls.
    debuts: Vec<Jour>,
    fins: Vec<Jour>,
}

impl<'a> Lot<'a> {
    /// Prépare les carrières, une fois : tri des périodes, grades résolus, numéros de jour
    /// (`services::Carriere::preparer`), rangés dans un seul tableau.
    pub fn preparer(agents: &'a [Agent]) -> Lot<'a> {
        let p = prefiltres();
        let total: usize = agents.iter().map(|a| a.periodes.len()).sum();
        let mut bornes = Vec::with_capacity(agents.len() + 1);
        let mut periodes = Vec::with_capacity(total);
        let mut grade_titulaire = Vec::with_capacity(total);
        let mut debuts = Vec::with_capacity(total);
        let mut fins = Vec::with_capacity(total);
        bornes.push(0u32);
        for a in agents {
            let c = Carriere::preparer(a);
            for pp in c.periodes.iter() {
                // Même condition que `detention_periode` : titulaire, dans le versant du
                // cadre d'emplois de son grade (FAQ CNFPT ingénieur en chef Q4, Q9).
                let g = match pp.grade {
                    Some(g)
                        if pp.periode.statut == Statut::Titulaire
                            && pp.periode.versant == g.cadre.versant =>
                    {
                        p.rang_grade.get(g.code).copied().unwrap_or(AUCUN)
                    }
                    _ => AUCUN,
                };
                grade_titulaire.push(g);
                debuts.push(pp.debut);
                fins.push(pp.fin.unwrap_or(Jour::MAX));
            }
            periodes.extend(c.periodes.into_owned());
            bornes.push(u32::try_from(periodes.len()).expect("moins de 4 milliards de périodes"));
        }
        Lot {
            agents,
            bornes,
            periodes,
            grade_titulaire,
            debuts,
            fins,
        }
    }

    /// Nombre d'agents.
    pub fn len(&self) -> usize {
        self.agents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.agents.is_empty()
    }

    /// Nombre total de périodes préparées.
    pub fn nombre_periodes(&self) -> usize {
        self.periodes.len()
    }

    /// Verdicts de l'agent `i` pour les voies de `selection` et l'année `annee`, écrits dans
    /// `sortie` (vidée d'abord) : mêmes verdicts que [`super::verdicts`] (avec `projeter`)
    /// ou [`super::eligibilites`] (sans : la première année vaut alors `None`, ce qui ne
    /// veut pas dire « jamais »). `sortie` sert d'un appel à l'autre : aucune allocation
    /// une fois qu'elle a atteint sa taille.
    pub fn evaluer(
        &self,
        i: usize,
        annee: i32,
        selection: &Selection,
        projeter: bool,
        sortie: &mut Vec<VerdictVoie>,
    ) {
        sortie.clear();
        let m = moteur();
        let p = prefiltres();
        let agent = &self.agents[i];
        let (a, b) = (self.bornes[i] as usize, self.bornes[i + 1] as usize);
        let ps = &self.periodes[a..b];
        let grades = &self.grade_titulaire[a..b];
        let c = Carriere {
            periodes: Cow::Borrowed(ps),
        };
        // Grade détenu au 1er janvier (même recherche que `Carriere::periode_au`, sur les
        // tableaux compacts).
        let jd = jour_ymd(annee, 1, 1);
        debug_assert_eq!(jd, jour_detention(annee));
        let (debuts, fins) = (&self.debuts[a..b], &self.fins[a..b]);
        let detenu = (0..b - a)
            .rev()
            .find(|&k| debuts[k] <= jd && jd <= fins[k])
            .map_or(AUCUN, |k| grades[k]);
        let mut formation: Option<bool> = None;
        for &iv in &selection.voies {
            let v = &m.voies[iv];
            let filtres = &p.variantes[iv];
            let mut eligible = v.variantes.iter().zip(filtres).any(|(va, (exige, admis))| {
                (!exige || admis.contient(detenu))
                    && variante_remplie(agent, &c, v, va, annee, None)
            });
            // Formation : évaluée une fois, et seulement si une voie qui l'exige est remplie
            // par ailleurs (comme `verdicts`).
            if eligible && matches!(v.voie, Voie::Choix | Voie::Examen) {
                eligible = *formation.get_or_insert_with(|| {
                    agent.formations.is_none()
                        || crate::formation::a_jour(agent, annee) == Some(true)
                });
            }
            let premiere_annee_eligible = if projeter {
                v.variantes
                    .iter()
                    .zip(filtres)
                    .filter(|(_, (exige, admis))| {
                        !exige || grades.iter().any(|&g| admis.contient(g))
                    })
                    .filter_map(|(va, _)| premiere_annee_variante(agent, &c, v, va, annee, None))
                    .min()
            } else {
                None
            };
            sortie.push(VerdictVoie {
                cible: v.def.cible.as_str(),
                voie: v.voie,
                eligible,
                premiere_annee_eligible,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selection_par_cible_et_par_voie() {
        // Catalogue des voies : ingénieur au choix (décret 2016-201 art. 10) et après
        // examen, qui donne aussi l'inscription à l'examen.
        let ingenieur = ["ingenieur".to_owned()];
        assert_eq!(Selection::choisir(Some(&ingenieur), None).unwrap().len(), 3);
        let s = Selection::choisir(Some(&ingenieur), Some(&[Voie::Choix])).unwrap();
        assert_eq!(s.len(), 1);
        assert!(Selection::choisir(Some(&["inconnu".to_owned()]), None).is_err());
        assert_eq!(
            Selection::toutes().len(),
            super::super::verdicts(&Agent::default(), 2026, None).len()
        );
    }

    #[test]
    fn technicien_principal_de_1re_classe_depuis_2017() {
        // Décret 2016-201 art. 10 : technicien principal de 1re classe comptant 8 ans de
        // services effectifs comme technicien principal de 2e ou 1re classe. Du 01/01/2010
        // au 31/12/2025 : 16 ans ; 8 ans atteints au 31/12/2017, liste 2018.
        let agent: Agent = serde_json::from_value(serde_json::json!({"periodes": [
            {"debut": "2010-01-01", "fin": "2016-12-31", "versant": "territoriale",
             "statut": "titulaire", "grade": "technicien_principal_2e_classe",
             "position": "activite"},
            {"debut": "2017-01-01", "versant": "territoriale", "statut": "titulaire",
             "grade": "technicien_principal_1re_classe", "position": "activite"},
        ]}))
        .unwrap();
        let agents = [agent];
        let lot = Lot::preparer(&agents);
        let s = Selection::choisir(Some(&["ingenieur".to_owned()]), Some(&[Voie::Choix])).unwrap();
        let mut sortie = Vec::new();
        lot.evaluer(0, 2026, &s, true, &mut sortie);
        assert_eq!(sortie.len(), 1);
        assert!(sortie[0].eligible);
        assert_eq!(sortie[0].premiere_annee_eligible, Some(2018));
        lot.evaluer(0, 2017, &s, false, &mut sortie);
        assert!(!sortie[0].eligible);
    }
}
