//! Catalogue des statuts particuliers : cadres d'emplois, grades, catégories, filières.
//!
//! Les données vivent dans `crates/droit/catalogue/*.toml` (pas dans le code Rust) et sont
//! intégrées au binaire à la compilation : le crate reste sans entrée-sortie.

use std::collections::HashMap;
use std::sync::OnceLock;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::carriere::Versant;

/// Catégorie hiérarchique.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
pub enum Categorie {
    A,
    B,
    C,
}

impl Categorie {
    pub fn libelle(self) -> &'static str {
        match self {
            Categorie::A => "A",
            Categorie::B => "B",
            Categorie::C => "C",
        }
    }
}

/// Un grade d'un cadre d'emplois (ou d'un corps).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeDef {
    pub code: String,
    pub libelle: String,
}

/// Un cadre d'emplois (FPT) ou un corps (FPE, FPH).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CadreEmplois {
    pub code: String,
    pub libelle: String,
    pub categorie: Categorie,
    #[serde(default)]
    pub a_plus: bool,
    pub versant: Versant,
    pub filiere: String,
    /// Statut particulier (décret) qui régit le cadre.
    pub statut: String,
    /// `false` quand la référence n'a pas été contrôlée sur le texte en vigueur.
    #[serde(default = "vrai")]
    pub verifie: bool,
    /// Grades, du plus bas au plus élevé.
    pub grades: Vec<GradeDef>,
}

fn vrai() -> bool {
    true
}

/// Vue d'un grade avec son cadre d'emplois.
#[derive(Debug, Clone, Copy)]
pub struct Grade<'a> {
    pub code: &'a str,
    pub libelle: &'a str,
    /// Rang dans le cadre (0 pour le grade de base).
    pub rang: usize,
    pub cadre: &'a CadreEmplois,
}

impl Grade<'_> {
    pub fn categorie(&self) -> Categorie {
        self.cadre.categorie
    }
    /// Grade d'avancement : tout grade au-dessus du grade de base du cadre.
    pub fn est_grade_avancement(&self) -> bool {
        self.rang > 0
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FichierCadres {
    cadres: Vec<CadreEmplois>,
}

/// Le catalogue complet, chargé une fois.
#[derive(Debug)]
pub struct Catalogue {
    pub cadres: Vec<CadreEmplois>,
    index_grades: HashMap<String, (usize, usize)>,
    index_cadres: HashMap<String, usize>,
}

const CADRES_TOML: &str = include_str!("../catalogue/cadres.toml");

impl Catalogue {
    /// Le catalogue intégré au binaire.
    pub fn get() -> &'static Catalogue {
        static CAT: OnceLock<Catalogue> = OnceLock::new();
        CAT.get_or_init(|| {
            Catalogue::depuis_toml(CADRES_TOML).expect("catalogue des cadres valide")
        })
    }

    fn depuis_toml(cadres: &str) -> Result<Catalogue, String> {
        let f: FichierCadres = toml::from_str(cadres).map_err(|e| e.to_string())?;
        let mut index_grades = HashMap::new();
        let mut index_cadres = HashMap::new();
        for (ci, c) in f.cadres.iter().enumerate() {
            if index_cadres.insert(c.code.clone(), ci).is_some() {
                return Err(format!("cadre en double : {}", c.code));
            }
            for (gi, g) in c.grades.iter().enumerate() {
                if index_grades.insert(g.code.clone(), (ci, gi)).is_some() {
                    return Err(format!("grade en double : {}", g.code));
                }
            }
        }
        Ok(Catalogue {
            cadres: f.cadres,
            index_grades,
            index_cadres,
        })
    }

    /// Le grade de ce code, avec son cadre d'emplois.
    pub fn grade(&self, code: &str) -> Option<Grade<'_>> {
        let &(ci, gi) = self.index_grades.get(code)?;
        let cadre = &self.cadres[ci];
        let g = &cadre.grades[gi];
        Some(Grade {
            code: &g.code,
            libelle: &g.libelle,
            rang: gi,
            cadre,
        })
    }

    /// Le cadre d'emplois de ce code.
    pub fn cadre(&self, code: &str) -> Option<&CadreEmplois> {
        self.index_cadres.get(code).map(|&i| &self.cadres[i])
    }

    /// Libellé d'un grade, ou son code s'il est inconnu.
    pub fn libelle_grade<'a>(&'a self, code: &'a str) -> &'a str {
        self.grade(code).map(|g| g.libelle).unwrap_or(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn les_codes_du_contrat_sont_connus() {
        // shared/contract/codes.md : quelques grades de chaque filière.
        let cat = Catalogue::get();
        for code in [
            "attache",
            "redacteur_principal_2e_classe",
            "ingenieur_en_chef",
            "technicien_principal_1re_classe",
            "adjoint_technique_ee_principal_1re_classe",
            "assistant_socio_educatif_classe_exceptionnelle",
            "conservateur_en_chef_bibliotheques",
            "brigadier_chef_principal",
            "operateur_aps_principal",
            "adjoint_animation",
            "greffier",
            "technicien_superieur_hospitalier",
        ] {
            assert!(cat.grade(code).is_some(), "{code}");
        }
        let ip = cat.grade("ingenieur_principal").unwrap();
        assert_eq!(ip.cadre.code, "ingenieurs_territoriaux");
        assert_eq!(ip.categorie(), Categorie::A);
        assert!(ip.est_grade_avancement());
        assert!(!cat.grade("ingenieur").unwrap().est_grade_avancement());
        assert!(cat.cadre("ingenieurs_en_chef_territoriaux").unwrap().a_plus);
    }
}
