//! Catalogue des statuts particuliers : cadres d'emplois, grades, catégories, filières.
//!
//! Les données vivent dans `crates/droit/catalogue/*.toml` (pas dans le code Rust) et sont
//! intégrées au binaire à la compilation : le crate reste sans entrée-sortie.

use std::collections::HashMap;
use std::sync::OnceLock;

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use crate::vocabulaire::{AppreciationExamen, Categorie, PositionRequise};
use crate::vocabulaire::{EmploiCode, FonctionCode, Versant, Voie};

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
    /// `true` seulement quand l'article en vigueur a été lu ; absent : non vérifié.
    #[serde(default)]
    pub verifie: bool,
    /// Ce qui reste à confirmer, en français, rendu à l'utilisateur quand `verifie` est
    /// faux (par exemple : « durée à confirmer sur l'article 5 en vigueur »).
    #[serde(default)]
    pub a_confirmer: Option<String>,
    /// Où l'article a été lu (adresse Légifrance, fiche d'un centre de gestion…).
    #[serde(default)]
    pub lu_sur: Option<String>,
    /// Date d'effet de la version de l'article qui a été lue.
    #[serde(default, deserialize_with = "date_facultative")]
    pub version_du: Option<Date>,
    /// Grades, du plus bas au plus élevé.
    pub grades: Vec<GradeDef>,
    /// Classements antérieurs quand la catégorie du cadre d'emplois a changé (assistants
    /// socio-éducatifs : catégorie B jusqu'au 31/01/2019, A depuis le 01/02/2019) ; vide :
    /// la catégorie `categorie` s'applique à toute date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories_anterieures: Vec<CategorieAnterieure>,
}

/// Catégorie d'un cadre d'emplois jusqu'à une date (incluse), avant un reclassement.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategorieAnterieure {
    pub categorie: Categorie,
    /// Dernier jour de ce classement (AAAA-MM-JJ).
    #[serde(deserialize_with = "date_facultative")]
    pub jusqu_au: Option<Date>,
    /// Texte qui a changé la catégorie, avec sa date d'effet.
    pub reference: String,
}

impl CadreEmplois {
    /// Catégorie hiérarchique du cadre d'emplois au jour `d` (classement en vigueur ce jour).
    pub fn categorie_au(&self, d: Date) -> Categorie {
        self.categories_anterieures
            .iter()
            .filter(|a| a.jusqu_au.is_some_and(|f| d <= f))
            .min_by_key(|a| a.jusqu_au)
            .map_or(self.categorie, |a| a.categorie)
    }

    /// Lendemains des derniers jours des classements antérieurs : jours où la catégorie change.
    pub fn changements_de_categorie(&self) -> impl Iterator<Item = Date> + '_ {
        self.categories_anterieures
            .iter()
            .filter_map(|a| a.jusqu_au.and_then(|f| f.tomorrow().ok()))
    }

    /// Le cadre a-t-il appartenu, à une date quelconque, à l'une de ces catégories ?
    pub fn a_ete_de_categorie(&self, categories: &[Categorie]) -> bool {
        categories.contains(&self.categorie)
            || self
                .categories_anterieures
                .iter()
                .any(|a| categories.contains(&a.categorie))
    }
}

/// Date du catalogue : date TOML (`2016-03-01`) ou chaîne ISO (`"2016-03-01"`).
fn date_facultative<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Brut {
        Toml(toml::value::Datetime),
        Texte(String),
    }
    let texte = match Option::<Brut>::deserialize(d)? {
        None => return Ok(None),
        Some(Brut::Texte(s)) => s,
        Some(Brut::Toml(t)) => {
            if t.time.is_some() || t.offset.is_some() {
                return Err(serde::de::Error::custom(format!(
                    "date attendue (AAAA-MM-JJ), reçu {t}"
                )));
            }
            t.to_string()
        }
    };
    texte
        .parse::<Date>()
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("date invalide « {texte} » (AAAA-MM-JJ)")))
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
    /// Catégorie actuelle du cadre d'emplois.
    pub fn categorie(&self) -> Categorie {
        self.cadre.categorie
    }
    /// Catégorie du cadre d'emplois au jour `d`.
    pub fn categorie_au(&self, d: Date) -> Categorie {
        self.cadre.categorie_au(d)
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
            if c.categories_anterieures
                .iter()
                .any(|a| a.jusqu_au.is_none())
            {
                return Err(format!(
                    "cadre {} : classement antérieur sans date de fin (jusqu_au)",
                    c.code
                ));
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

/// Emploi de détachement visé, avec ses bornes de population (incluses).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EmploiVise {
    pub code: EmploiCode,
    #[serde(default)]
    pub population_min: Option<u32>,
    #[serde(default)]
    pub population_max: Option<u32>,
}

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
    /// `true` seulement quand l'article en vigueur a été lu ; absent : non vérifié.
    #[serde(default)]
    pub verifie: bool,
    /// Ce qui reste à confirmer, en français, rendu à l'utilisateur quand `verifie` est
    /// faux (par exemple : « durée à confirmer sur l'article 5 en vigueur »).
    #[serde(default)]
    pub a_confirmer: Option<String>,
    /// Où l'article a été lu (adresse Légifrance, fiche d'un centre de gestion…).
    #[serde(default)]
    pub lu_sur: Option<String>,
    /// Date d'effet de la version de l'article qui a été lue.
    #[serde(default, deserialize_with = "date_facultative")]
    pub version_du: Option<Date>,
    #[serde(default)]
    pub grades: Vec<String>,
    #[serde(default)]
    pub cadres_emplois: Vec<String>,
    #[serde(default)]
    pub categories: Vec<Categorie>,
    #[serde(default)]
    pub versants: Vec<Versant>,
    #[serde(default)]
    pub emplois: Vec<EmploiVise>,
    #[serde(default)]
    pub contractuels_admis: bool,
    #[serde(default)]
    pub detachement_admis: bool,
    #[serde(default)]
    pub l343_1_admis: bool,
}

/// Condition de fonctions exercées (par exemple : seul technicien dirigeant les services
/// techniques d'une commune de moins de 20 000 habitants depuis au moins 2 ans).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FonctionDef {
    pub code: FonctionCode,
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
    /// Catégories du grade occupé pendant l'exercice de la fonction (vide : toutes). Par
    /// exemple « services publics effectifs de catégorie B sur un emploi de secrétaire
    /// général de mairie » (décret n° 87-1099, art. 5, issu du décret n° 2025-1099). Une
    /// période sans grade connu (contractuel sans grade) compte comme inconnue.
    #[serde(default)]
    pub categories: Vec<Categorie>,
    pub libelle: String,
    pub reference: String,
    /// `true` seulement quand l'article en vigueur a été lu ; absent : non vérifié.
    #[serde(default)]
    pub verifie: bool,
    /// Ce qui reste à confirmer, en français, rendu à l'utilisateur quand `verifie` est
    /// faux (par exemple : « durée à confirmer sur l'article 5 en vigueur »).
    #[serde(default)]
    pub a_confirmer: Option<String>,
    /// Où l'article a été lu (adresse Légifrance, fiche d'un centre de gestion…).
    #[serde(default)]
    pub lu_sur: Option<String>,
    /// Date d'effet de la version de l'article qui a été lue.
    #[serde(default, deserialize_with = "date_facultative")]
    pub version_du: Option<Date>,
}

/// Une variante d'une voie : un alinéa du statut particulier.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VarianteDef {
    pub code: String,
    pub libelle: String,
    pub reference: String,
    /// `true` seulement quand l'article en vigueur a été lu ; absent : non vérifié.
    #[serde(default)]
    pub verifie: bool,
    /// Ce qui reste à confirmer, en français, rendu à l'utilisateur quand `verifie` est
    /// faux (par exemple : « durée à confirmer sur l'article 5 en vigueur »).
    #[serde(default)]
    pub a_confirmer: Option<String>,
    /// Où l'article a été lu (adresse Légifrance, fiche d'un centre de gestion…).
    #[serde(default)]
    pub lu_sur: Option<String>,
    /// Date d'effet de la version de l'article qui a été lue.
    #[serde(default, deserialize_with = "date_facultative")]
    pub version_du: Option<Date>,
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
    /// Date d'effet : première date où la règle s'applique (incluse) ; absente : depuis
    /// toujours. Une liste (ou une session) dont la date d'appréciation précède cette date
    /// ne se voit pas appliquer la règle : l'explication dit qu'elle n'existait pas encore.
    #[serde(default, deserialize_with = "date_facultative")]
    pub depuis: Option<Date>,
    /// Dernière date où la règle s'applique (incluse) ; absente : toujours en vigueur.
    #[serde(default, deserialize_with = "date_facultative")]
    pub jusqu_au: Option<Date>,
}

/// Une voie vers un grade cible.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoieDef {
    pub cible: String,
    /// `choix` ou `examen` ; une voie `examen` donne aussi la voie `inscription_examen`.
    pub voie: Voie,
    pub reference: String,
    /// `true` seulement quand l'article en vigueur a été lu ; absent : non vérifié.
    #[serde(default)]
    pub verifie: bool,
    /// Ce qui reste à confirmer, en français, rendu à l'utilisateur quand `verifie` est
    /// faux (par exemple : « durée à confirmer sur l'article 5 en vigueur »).
    #[serde(default)]
    pub a_confirmer: Option<String>,
    /// Où l'article a été lu (adresse Légifrance, fiche d'un centre de gestion…).
    #[serde(default)]
    pub lu_sur: Option<String>,
    /// Date d'effet de la version de l'article qui a été lue.
    #[serde(default, deserialize_with = "date_facultative")]
    pub version_du: Option<Date>,
    #[serde(default)]
    pub appreciation_examen: AppreciationExamen,
    /// Examen organisé au niveau national (CNFPT) : liste d'aptitude nationale.
    #[serde(default)]
    pub note: Option<String>,
    /// Date d'effet : première date où la règle s'applique (incluse) ; absente : depuis
    /// toujours. Une liste (ou une session) dont la date d'appréciation précède cette date
    /// ne se voit pas appliquer la règle : l'explication dit qu'elle n'existait pas encore.
    #[serde(default, deserialize_with = "date_facultative")]
    pub depuis: Option<Date>,
    /// Dernière date où la règle s'applique (incluse) ; absente : toujours en vigueur.
    #[serde(default, deserialize_with = "date_facultative")]
    pub jusqu_au: Option<Date>,
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
    /// Version du catalogue (cadres et voies) : empreinte de ses fichiers, rendue dans
    /// chaque réponse pour qu'une décision garde la trace des règles appliquées.
    pub version: String,
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
            dates_coherentes(v.depuis, v.jusqu_au, &v.cible)?;
            reserve_coherente(v.verifie, &v.a_confirmer, &v.cible)?;
            if v.voie == Voie::InscriptionExamen {
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
                dates_coherentes(va.depuis, va.jusqu_au, &ou)?;
                reserve_coherente(va.verifie, &va.a_confirmer, &ou)?;
                if let (Some(a), Some(b)) = (va.annee_min, va.annee_max)
                    && a > b
                {
                    return Err(format!("{ou} : annee_min {a} après annee_max {b}"));
                }
                for g in &va.grades_detenus {
                    grade_connu(g, &ou)?;
                }
                for c in &va.cadres_detenus {
                    cadre_connu(c, &ou)?;
                }
                for f in &va.fonctions {
                    reserve_coherente(f.verifie, &f.a_confirmer, &ou)?;
                }
                for s in &va.services {
                    reserve_coherente(s.verifie, &s.a_confirmer, &ou)?;
                    for g in &s.grades {
                        grade_connu(g, &ou)?;
                    }
                    for c in &s.cadres_emplois {
                        cadre_connu(c, &ou)?;
                    }
                }
            }
        }
        Ok(CatalogueVoies {
            version: empreinte(std::iter::once(CADRES_TOML).chain(fichiers.iter().map(|f| f.1))),
            voies,
            cibles,
        })
    }
}

fn dates_coherentes(depuis: Option<Date>, jusqu_au: Option<Date>, ou: &str) -> Result<(), String> {
    match (depuis, jusqu_au) {
        (Some(a), Some(b)) if a > b => Err(format!("{ou} : depuis {a} après jusqu_au {b}")),
        _ => Ok(()),
    }
}

fn reserve_coherente(verifie: bool, a_confirmer: &Option<String>, ou: &str) -> Result<(), String> {
    if verifie && a_confirmer.is_some() {
        return Err(format!(
            "{ou} : a_confirmer n'a de sens que pour une règle non vérifiée (verifie = false)"
        ));
    }
    if a_confirmer.as_deref().is_some_and(|t| t.trim().is_empty()) {
        return Err(format!("{ou} : a_confirmer est vide"));
    }
    Ok(())
}

/// Empreinte FNV-1a 64 bits des fichiers du catalogue, en hexadécimal : change dès qu'un
/// octet d'un fichier change (ce n'est pas une protection contre la falsification).
fn empreinte<'a>(textes: impl Iterator<Item = &'a str>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for t in textes {
        for &b in t.as_bytes().iter().chain(&[0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Version du catalogue intégré (cadres et voies), rendue dans chaque réponse du moteur.
pub fn version() -> &'static str {
    &CatalogueVoies::get().version
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn les_codes_du_contrat_sont_connus() {
        // docs/codes.md : quelques grades de chaque filière.
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

    const VOIE_DATEE: &str = r#"
[[voies]]
cible = "ingenieur_en_chef"
voie = "examen"
reference = "Décret n° 2016-200, art. 7"
depuis = 2016-03-01
[[voies.variantes]]
code = "essai"
libelle = "Essai"
reference = "Décret n° 2016-200, art. 7"
jusqu_au = "2030-12-31"
a_confirmer = "durée à confirmer"
"#;

    #[test]
    fn dates_d_effet_et_verifie_absent() {
        // Une date s'écrit en date TOML ou en chaîne ISO ; `verifie` absent vaut faux.
        let c = CatalogueVoies::depuis_toml(&[("essai.toml", VOIE_DATEE)]).unwrap();
        let v = &c.voies[0];
        assert_eq!(v.depuis, Some(jiff::civil::date(2016, 3, 1)));
        assert!(!v.verifie);
        let va = &v.variantes[0];
        assert_eq!(va.jusqu_au, Some(jiff::civil::date(2030, 12, 31)));
        assert!(!va.verifie);
        assert_eq!(va.a_confirmer.as_deref(), Some("durée à confirmer"));
        assert_eq!(c.version.len(), 16);
    }

    #[test]
    fn catalogue_incoherent_refuse() {
        // Dates inversées.
        let t = VOIE_DATEE.replace("2030-12-31", "2010-12-31");
        let t = t.replace(
            "depuis = 2016-03-01",
            "depuis = 2016-03-01\njusqu_au = 2015-01-01",
        );
        assert!(CatalogueVoies::depuis_toml(&[("essai.toml", &t)]).is_err());
        // Une réserve sur une règle dite vérifiée.
        let t = VOIE_DATEE.replace("a_confirmer", "verifie = true\na_confirmer");
        let e = CatalogueVoies::depuis_toml(&[("essai.toml", &t)]).unwrap_err();
        assert!(e.contains("a_confirmer"), "{e}");
        // Une date avec une heure.
        let t = VOIE_DATEE.replace("depuis = 2016-03-01", "depuis = 2016-03-01T10:00:00");
        assert!(CatalogueVoies::depuis_toml(&[("essai.toml", &t)]).is_err());
    }

    #[test]
    fn la_version_change_avec_le_catalogue() {
        let a = CatalogueVoies::depuis_toml(&[("essai.toml", VOIE_DATEE)]).unwrap();
        let b =
            CatalogueVoies::depuis_toml(&[("essai.toml", &VOIE_DATEE.replace("Essai", "Essai 2"))])
                .unwrap();
        assert_ne!(a.version, b.version);
        assert_eq!(version(), CatalogueVoies::get().version);
    }
}
