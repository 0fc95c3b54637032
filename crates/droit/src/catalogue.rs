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

// ------------------------------------------------------------------ Voies de promotion interne

/// Condition de services d'une variante : une durée dans un périmètre.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServicesDef {
    /// Durée exigée en années ; absente : durée inconnue (règle à vérifier), la condition
    /// est alors rendue « inconnue ».
    #[serde(default)]
    pub annees: Option<u32>,
    /// « Plus de N ans » : un jour de plus que N années.
    #[serde(default)]
    pub strictement: bool,
    pub libelle: String,
    pub reference: String,
    #[serde(default = "vrai")]
    pub verifie: bool,
    #[serde(default)]
    pub grades: Vec<String>,
    #[serde(default)]
    pub cadres_emplois: Vec<String>,
    #[serde(default)]
    pub categories: Vec<Categorie>,
    #[serde(default)]
    pub versants: Vec<Versant>,
    #[serde(default)]
    pub emplois: Vec<crate::services::EmploiVise>,
    #[serde(default)]
    pub contractuels_admis: bool,
    #[serde(default)]
    pub detachement_admis: bool,
    #[serde(default)]
    pub l343_1_admis: bool,
}

impl ServicesDef {
    pub fn critere(&self) -> crate::services::Critere {
        crate::services::Critere {
            grades: self.grades.clone(),
            cadres_emplois: self.cadres_emplois.clone(),
            categories: self.categories.clone(),
            versants: self.versants.clone(),
            emplois: self.emplois.clone(),
            contractuels_admis: self.contractuels_admis,
            detachement_admis: self.detachement_admis,
            l343_1_admis: self.l343_1_admis,
        }
    }
}

/// Condition de fonctions exercées (par exemple : seul technicien dirigeant les services
/// techniques d'une commune de moins de 20 000 habitants depuis au moins 2 ans).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FonctionDef {
    pub code: crate::carriere::FonctionCode,
    #[serde(default)]
    pub population_min: Option<u32>,
    #[serde(default)]
    pub population_max: Option<u32>,
    pub annees: u32,
    /// La fonction doit être exercée à la date d'appréciation.
    #[serde(default)]
    pub en_cours: bool,
    #[serde(default)]
    pub contractuels_admis: bool,
    pub libelle: String,
    pub reference: String,
    #[serde(default = "vrai")]
    pub verifie: bool,
}

/// Position requise à la date d'appréciation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PositionRequise {
    Activite,
    MiseADisposition,
    Detachement,
    /// Détachement dans un emploi fonctionnel (FAQ CNFPT ingénieur en chef Q7).
    DetachementEmploiFonctionnel,
    CongeParental,
}

/// Date à laquelle s'apprécient les conditions de l'inscription à l'examen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AppreciationExamen {
    /// Au plus tard le 31 décembre de l'année de la session (FPT : décret 2013-593 art. 16
    /// et 21 ; FAQ CNFPT ingénieur en chef Q17).
    #[default]
    FinAnnee,
    /// Au 1er janvier de l'année de l'examen (fiche service-public.fr F17757, greffiers).
    DebutAnnee,
}

/// Une variante d'une voie : un alinéa du statut particulier.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VarianteDef {
    pub code: String,
    pub libelle: String,
    pub reference: String,
    #[serde(default = "vrai")]
    pub verifie: bool,
    /// Grades dont l'un doit être détenu (en qualité de titulaire) à la date d'appréciation.
    #[serde(default)]
    pub grades_detenus: Vec<String>,
    /// Cadres d'emplois (ou corps) dont l'un doit être détenu.
    #[serde(default)]
    pub cadres_detenus: Vec<String>,
    /// Catégories dont l'une doit être détenue (fonctionnaires territoriaux).
    #[serde(default)]
    pub categories_detenues: Vec<Categorie>,
    /// Positions admises à la date d'appréciation ; vide : toute position.
    #[serde(default)]
    pub positions: Vec<PositionRequise>,
    #[serde(default)]
    pub age_minimum: Option<u32>,
    /// Une condition d'âge existe mais son seuil n'est pas connu.
    #[serde(default)]
    pub age_minimum_inconnu: bool,
    #[serde(default)]
    pub services: Vec<ServicesDef>,
    #[serde(default)]
    pub fonctions: Vec<FonctionDef>,
    /// Première et dernière années de liste où la variante s'applique.
    #[serde(default)]
    pub annee_min: Option<i32>,
    #[serde(default)]
    pub annee_max: Option<i32>,
}

/// Une voie vers un grade cible.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoieDef {
    pub cible: String,
    /// `choix` ou `examen` ; une voie `examen` donne aussi la voie `inscription_examen`.
    pub voie: crate::eligibilite::Voie,
    pub reference: String,
    #[serde(default = "vrai")]
    pub verifie: bool,
    #[serde(default)]
    pub appreciation_examen: AppreciationExamen,
    /// Examen organisé au niveau national (CNFPT) : liste d'aptitude nationale.
    #[serde(default)]
    pub note: Option<String>,
    pub variantes: Vec<VarianteDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FichierVoies {
    voies: Vec<VoieDef>,
}

/// Le catalogue des voies de promotion interne, chargé des fichiers `catalogue/voies*.toml`.
#[derive(Debug)]
pub struct CatalogueVoies {
    pub voies: Vec<VoieDef>,
    /// Cibles dans l'ordre du catalogue (sans doublon).
    pub cibles: Vec<String>,
}

const VOIES_TOML: &[(&str, &str)] = &[
    (
        "voies_territoriale.toml",
        include_str!("../catalogue/voies_territoriale.toml"),
    ),
    (
        "voies_etat_hospitaliere.toml",
        include_str!("../catalogue/voies_etat_hospitaliere.toml"),
    ),
];

impl CatalogueVoies {
    pub fn get() -> &'static CatalogueVoies {
        static CAT: OnceLock<CatalogueVoies> = OnceLock::new();
        CAT.get_or_init(|| {
            CatalogueVoies::depuis_toml(VOIES_TOML).expect("catalogue des voies valide")
        })
    }

    /// Charge et contrôle les fichiers : tout code cité doit exister dans le catalogue des
    /// cadres.
    pub fn depuis_toml(fichiers: &[(&str, &str)]) -> Result<CatalogueVoies, String> {
        let cat = Catalogue::get();
        let mut voies = Vec::new();
        for (nom, texte) in fichiers {
            let f: FichierVoies = toml::from_str(texte).map_err(|e| format!("{nom} : {e}"))?;
            voies.extend(f.voies);
        }
        let grade_connu = |g: &str, ou: &str| {
            if cat.grade(g).is_none() {
                Err(format!("{ou} : grade inconnu {g}"))
            } else {
                Ok(())
            }
        };
        let cadre_connu = |c: &str, ou: &str| {
            if cat.cadre(c).is_none() {
                Err(format!("{ou} : cadre inconnu {c}"))
            } else {
                Ok(())
            }
        };
        let mut cibles: Vec<String> = Vec::new();
        for v in &voies {
            grade_connu(&v.cible, &v.cible)?;
            if v.voie == crate::eligibilite::Voie::InscriptionExamen {
                return Err(format!(
                    "{} : la voie inscription_examen se déduit de la voie examen",
                    v.cible
                ));
            }
            if !cibles.contains(&v.cible) {
                cibles.push(v.cible.clone());
            }
            for va in &v.variantes {
                let ou = format!("{}/{}", v.cible, va.code);
                for g in &va.grades_detenus {
                    grade_connu(g, &ou)?;
                }
                for c in &va.cadres_detenus {
                    cadre_connu(c, &ou)?;
                }
                for s in &va.services {
                    for g in &s.grades {
                        grade_connu(g, &ou)?;
                    }
                    for c in &s.cadres_emplois {
                        cadre_connu(c, &ou)?;
                    }
                }
            }
        }
        Ok(CatalogueVoies { voies, cibles })
    }
}

impl Catalogue {
    /// Empreinte du contenu du catalogue (cadres et voies) : elle change dès qu'une donnée
    /// change, et les décisions l'enregistrent comme version des règles appliquées.
    pub fn empreinte() -> &'static str {
        static E: OnceLock<String> = OnceLock::new();
        E.get_or_init(|| {
            // FNV-1a 64 bits : stable d'une compilation à l'autre, sans dépendance.
            let mut h: u64 = 0xcbf2_9ce4_8422_2325;
            let mut ajouter = |t: &str| {
                for b in t.bytes().chain(std::iter::once(0)) {
                    h ^= u64::from(b);
                    h = h.wrapping_mul(0x0000_0100_0000_01b3);
                }
            };
            ajouter(CADRES_TOML);
            for (nom, texte) in VOIES_TOML {
                ajouter(nom);
                ajouter(texte);
            }
            format!("catalogue-{h:016x}")
        })
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
