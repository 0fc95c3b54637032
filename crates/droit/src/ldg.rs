//! Lignes directrices de gestion (LDG) de la promotion interne : la grille de cotation
//! arrêtée par le Président du centre de gestion, sa validation et la cotation d'un dossier.
//!
//! Le Président du CDG arrête des lignes directrices de gestion relatives à la promotion
//! interne (loi n° 84-53 art. 33-5, CGFP L.413-1 et suivants ; décret n° 2019-1265 art. 12 et
//! suivants ; guide CDG Martinique §II.C) ; les dossiers recevables sont « cotés »
//! conformément à ces critères. Une grille est une donnée (format du contrat v2, section
//! « LDG grid ») : chaque ligne (critère) lit un fait du dossier, le rang donné par
//! l'autorité territoriale ou la carrière enregistrée, et rend des points avec leur
//! explication. Les pièces justificatives non produites n'ouvrent pas de points (guide CDG
//! Martinique §II.B).
//!
//! Les lignes d'ancienneté ne sont jamais saisies : elles sont calculées par le décompte des
//! services effectifs du moteur (module [`crate::services`]) au 1er janvier de l'année de la
//! liste, services arrêtés au 31 décembre précédent.
//!
//! Extensions du format du contrat (facultatives) : le mode `tranches` (barème par tranches
//! d'un nombre du dossier), `cibles` (grades cibles auxquels une ligne s'applique), `groupe`
//! et `groupes` (plafond commun à plusieurs lignes, par exemple « fonctions exercées, 30
//! points au plus, bonifications comprises ») et `description` (ce que l'employeur doit
//! fournir).

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::carriere::Agent;
use crate::catalogue::{Catalogue, Categorie};
use crate::date::{Duree, format_fr, jour, premier_janvier, trente_et_un_decembre};
use crate::eligibilite::Voie;
use crate::entree::traduire_erreur_serde;
use crate::erreur::{ErreurEntree, pointeur, pointeur_depuis_serde};
use crate::piece::TypePiece;
use crate::services::{Carriere, Critere, RegleDecompte, duree_segments, parcourir};

// ------------------------------------------------------------------ Format de la grille

/// Une grille de cotation (contrat v2 : `{"libelle", "criteres", "departage"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GrilleLdg {
    /// Intitulé de la grille (« LDG promotion interne 2027 »…).
    pub libelle: String,
    /// Lignes de cotation, dans l'ordre de présentation.
    pub criteres: Vec<CritereLdg>,
    /// Clés de départage des égalités de total, dans l'ordre d'application.
    #[serde(default)]
    pub departage: Vec<CleDepartage>,
    /// Extension : plafonds communs à plusieurs lignes (`groupe` d'un critère).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groupes: Vec<GroupeLdg>,
}

/// Mode de calcul d'un critère.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModeCritere {
    /// `champ` (une clé du dossier) → `valeurs` (points de chaque valeur).
    Choix,
    /// `champ` contient une liste de valeurs, chacune valant `valeurs[valeur]`, additionnées.
    Somme,
    /// `champ` contient un nombre, multiplié par `points` par unité.
    ParUnite,
    /// `champ` contient un booléen : `points` s'il est vrai.
    OuiNon,
    /// Le rang donné par l'autorité territoriale à sa proposition → `valeurs`.
    RangAutorite,
    /// Ancienneté calculée sur la carrière enregistrée (`source`, `points_par_an`, `prorata`).
    Anciennete,
    /// Extension : `champ` contient un nombre, classé dans une des `tranches`.
    Tranches,
}

impl ModeCritere {
    pub const TOUS: [ModeCritere; 7] = [
        ModeCritere::Choix,
        ModeCritere::Somme,
        ModeCritere::ParUnite,
        ModeCritere::OuiNon,
        ModeCritere::RangAutorite,
        ModeCritere::Anciennete,
        ModeCritere::Tranches,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ModeCritere::Choix => "choix",
            ModeCritere::Somme => "somme",
            ModeCritere::ParUnite => "par_unite",
            ModeCritere::OuiNon => "oui_non",
            ModeCritere::RangAutorite => "rang_autorite",
            ModeCritere::Anciennete => "anciennete",
            ModeCritere::Tranches => "tranches",
        }
    }

    /// Intitulé en français, pour une personne.
    pub fn libelle(self) -> &'static str {
        match self {
            ModeCritere::Choix => "une valeur au choix",
            ModeCritere::Somme => "somme d'une liste de valeurs",
            ModeCritere::ParUnite => "points par unité",
            ModeCritere::OuiNon => "oui ou non",
            ModeCritere::RangAutorite => "rang donné par l'autorité territoriale",
            ModeCritere::Anciennete => "ancienneté calculée sur la carrière",
            ModeCritere::Tranches => "par tranches",
        }
    }

    /// Champs propres à ce mode (les autres champs de mode sont refusés).
    fn champs(self) -> &'static [&'static str] {
        match self {
            ModeCritere::Choix | ModeCritere::Somme => &["champ", "valeurs"],
            ModeCritere::ParUnite | ModeCritere::OuiNon => &["champ", "points"],
            ModeCritere::RangAutorite => &["valeurs"],
            ModeCritere::Anciennete => &["source", "points_par_an", "prorata"],
            ModeCritere::Tranches => &["champ", "tranches"],
        }
    }
}

/// Champs qui dépendent du mode.
const CHAMPS_DE_MODE: [&str; 7] = [
    "champ",
    "valeurs",
    "points",
    "tranches",
    "source",
    "points_par_an",
    "prorata",
];

/// Ce que mesure une ligne d'ancienneté.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceAnciennete {
    /// Services effectifs de fonctionnaire dans la catégorie hiérarchique actuelle.
    Categorie,
    /// Tous les services publics (fonctionnaire et contractuel).
    FonctionPublique,
    /// Services effectifs dans le grade actuel.
    Grade,
}

impl SourceAnciennete {
    pub fn libelle(self) -> &'static str {
        match self {
            SourceAnciennete::Categorie => "ancienneté dans la catégorie",
            SourceAnciennete::FonctionPublique => "ancienneté dans la fonction publique",
            SourceAnciennete::Grade => "ancienneté dans le grade",
        }
    }
}

/// Décompte des années d'ancienneté.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Prorata {
    /// Mois complets ÷ 12.
    Mois,
    /// Années complètes seulement.
    Annee,
}

/// Une tranche du mode `tranches` : `min` ≤ valeur ≤ `max` (bornes incluses ; `max` absent :
/// sans borne supérieure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tranche {
    pub min: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    pub points: f64,
}

/// Plafond commun à plusieurs lignes (extension).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupeLdg {
    pub code: String,
    pub libelle: String,
    pub max: f64,
}

/// Un critère (une ligne) de la grille.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CritereLdg {
    /// Code stable (minuscules, chiffres, `_`), cité par `critere:<code>` dans le départage.
    pub code: String,
    pub libelle: String,
    pub mode: ModeCritere,
    /// Clé du dossier lue (modes `choix`, `somme`, `par_unite`, `oui_non`, `tranches`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub champ: Option<String>,
    /// Points de chaque valeur (modes `choix`, `somme`) ou de chaque rang (`rang_autorite`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valeurs: Option<BTreeMap<String, f64>>,
    /// Points par unité (`par_unite`) ou pour « oui » (`oui_non`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<f64>,
    /// Tranches (mode `tranches`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tranches: Option<Vec<Tranche>>,
    /// Ce que mesure l'ancienneté (mode `anciennete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceAnciennete>,
    /// Points par année d'ancienneté (mode `anciennete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points_par_an: Option<f64>,
    /// Décompte des années (mode `anciennete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prorata: Option<Prorata>,
    /// Plafond de la ligne.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// Pièce justificative sans laquelle la ligne vaut 0 point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece: Option<TypePiece>,
    /// Voies (`choix`, `examen`) où la ligne s'applique ; absent : toutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voies: Option<Vec<Voie>>,
    /// Catégories du grade cible (A, B, C) où la ligne s'applique ; absent : toutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<Categorie>>,
    /// Extension : grades cibles où la ligne s'applique ; absent : tous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cibles: Option<Vec<String>>,
    /// Extension : groupe dont le plafond commun s'applique à cette ligne.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub groupe: Option<String>,
    /// Extension : ce que l'employeur doit renseigner ou fournir, en français.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// Clé de départage de deux dossiers de même total.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CleDepartage {
    /// Ancienneté dans la catégorie, la plus longue d'abord.
    AncienneteCategorie,
    /// Ancienneté dans la fonction publique, la plus longue d'abord.
    AncienneteFonctionPublique,
    /// Ancienneté dans le grade, la plus longue d'abord.
    AncienneteGrade,
    /// Rang donné par l'autorité territoriale, le plus petit d'abord.
    RangAutorite,
    /// Âge, le plus âgé d'abord.
    Age,
    /// Points obtenus sur un critère de la grille, le plus grand d'abord.
    Critere(String),
}

const CLES_DEPARTAGE: [&str; 6] = [
    "anciennete_categorie",
    "anciennete_fonction_publique",
    "anciennete_grade",
    "rang_autorite",
    "age",
    "critere:<code>",
];

impl CleDepartage {
    /// Code du contrat (`anciennete_categorie`, `critere:diplome`…).
    pub fn code(&self) -> Cow<'static, str> {
        match self {
            CleDepartage::AncienneteCategorie => "anciennete_categorie".into(),
            CleDepartage::AncienneteFonctionPublique => "anciennete_fonction_publique".into(),
            CleDepartage::AncienneteGrade => "anciennete_grade".into(),
            CleDepartage::RangAutorite => "rang_autorite".into(),
            CleDepartage::Age => "age".into(),
            CleDepartage::Critere(c) => format!("critere:{c}").into(),
        }
    }

    /// La clé de ce code, si elle existe (`critere:` suivi d'un code non vide).
    pub fn depuis_code(s: &str) -> Option<CleDepartage> {
        Some(match s {
            "anciennete_categorie" => CleDepartage::AncienneteCategorie,
            "anciennete_fonction_publique" => CleDepartage::AncienneteFonctionPublique,
            "anciennete_grade" => CleDepartage::AncienneteGrade,
            "rang_autorite" => CleDepartage::RangAutorite,
            "age" => CleDepartage::Age,
            _ => {
                let c = s.strip_prefix("critere:")?;
                if !code_valide(c) {
                    return None;
                }
                CleDepartage::Critere(c.to_owned())
            }
        })
    }

    /// Intitulé en français (« ancienneté dans la catégorie »), avec celui du critère cité.
    pub fn libelle(&self, grille: Option<&GrilleLdg>) -> String {
        match self {
            CleDepartage::AncienneteCategorie => "ancienneté dans la catégorie".into(),
            CleDepartage::AncienneteFonctionPublique => {
                "ancienneté dans la fonction publique".into()
            }
            CleDepartage::AncienneteGrade => "ancienneté dans le grade".into(),
            CleDepartage::RangAutorite => "rang donné par l'autorité territoriale".into(),
            CleDepartage::Age => "âge".into(),
            CleDepartage::Critere(c) => {
                let nom = grille
                    .and_then(|g| g.criteres.iter().find(|k| &k.code == c))
                    .map(|k| k.libelle.as_str())
                    .unwrap_or(c.as_str());
                format!("points du critère « {nom} »")
            }
        }
    }
}

impl Serialize for CleDepartage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for CleDepartage {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CleDepartage::depuis_code(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "clé de départage « {s} » inconnue ; clés admises : {}",
                CLES_DEPARTAGE.join(", ")
            ))
        })
    }
}

impl JsonSchema for CleDepartage {
    fn schema_name() -> Cow<'static, str> {
        "CleDepartage".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "Clé de départage : anciennete_categorie, anciennete_fonction_publique, anciennete_grade (la plus longue d'abord), rang_autorite (le plus petit d'abord), age (le plus âgé d'abord), critere:<code> (le plus de points d'abord).",
            "pattern": "^(anciennete_categorie|anciennete_fonction_publique|anciennete_grade|rang_autorite|age|critere:[a-z0-9_]+)$"
        })
    }
}

fn code_valide(c: &str) -> bool {
    !c.is_empty()
        && c.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

// ------------------------------------------------------------------ Validation

/// Erreurs de validation d'une grille : toutes celles trouvées, chacune avec son pointeur
/// JSON (`/criteres/3/valeurs`) et une phrase qui nomme le critère et le champ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, thiserror::Error)]
#[error("{}", .erreurs.first().map(|e| e.to_string()).unwrap_or_default())]
pub struct ErreursGrille {
    pub erreurs: Vec<ErreurEntree>,
}

impl ErreursGrille {
    /// La première erreur (réponse `{"erreur": …}` de l'API).
    pub fn premiere(&self) -> &ErreurEntree {
        &self.erreurs[0]
    }
}

/// Lit et valide une grille donnée en JSON.
pub fn lire_grille(json: &str) -> Result<GrilleLdg, ErreursGrille> {
    let v: Value =
        crate::entree::analyser_json(json).map_err(|e| ErreursGrille { erreurs: vec![e] })?;
    lire_grille_valeur(v)
}

/// Lit et valide une grille déjà analysée en valeur JSON.
pub fn lire_grille_valeur(v: Value) -> Result<GrilleLdg, ErreursGrille> {
    // Les clés de départage sont contrôlées d'abord, pour nommer chaque clé fautive.
    let mut erreurs = Vec::new();
    if let Some(ds) = v.get("departage").and_then(Value::as_array) {
        for (i, d) in ds.iter().enumerate() {
            if let Some(s) = d.as_str()
                && CleDepartage::depuis_code(s).is_none()
            {
                erreurs.push(ErreurEntree::new(
                    "cle_departage_inconnue",
                    format!(
                        "Départage, clé n° {} : « {s} » est inconnue ; clés admises : {}.",
                        i + 1,
                        CLES_DEPARTAGE.join(", ")
                    ),
                    pointeur(["departage", &i.to_string()]),
                ));
            }
        }
    }
    if !erreurs.is_empty() {
        return Err(ErreursGrille { erreurs });
    }
    let brute = v.clone();
    let grille: GrilleLdg = serde_path_to_error::deserialize(v).map_err(|e| {
        let chemin = pointeur_depuis_serde(e.path());
        let texte = e.inner().to_string();
        let (code, message) = traduire_erreur_serde(&texte);
        let message = preciser_erreur_serde(&brute, &chemin, &code, message);
        ErreursGrille {
            erreurs: vec![ErreurEntree::new(&code, message, chemin)],
        }
    })?;
    grille.valider()?;
    Ok(grille)
}

/// « Critère n° 4 (« anciennete ») » d'après la valeur brute, pour nommer le critère fautif.
fn nom_critere_brut(brute: &Value, i: usize) -> String {
    match brute
        .get("criteres")
        .and_then(|c| c.get(i))
        .and_then(|c| c.get("code"))
        .and_then(Value::as_str)
    {
        Some(code) => format!("Critère n° {} (« {code} »)", i + 1),
        None => format!("Critère n° {}", i + 1),
    }
}

fn preciser_erreur_serde(brute: &Value, chemin: &str, code: &str, message: String) -> String {
    let segs: Vec<&str> = chemin.split('/').skip(1).collect();
    if segs.first() == Some(&"criteres")
        && let Some(i) = segs.get(1).and_then(|s| s.parse::<usize>().ok())
    {
        let nom = nom_critere_brut(brute, i);
        let champ = segs.get(2).copied().unwrap_or("");
        if champ == "mode" && code == "code_inconnu" {
            let recu = brute["criteres"][i]["mode"].as_str().unwrap_or("");
            let admis: Vec<&str> = ModeCritere::TOUS.iter().map(|m| m.code()).collect();
            return format!(
                "{nom} : le mode « {recu} » est inconnu ; modes admis : {}.",
                admis.join(", ")
            );
        }
        if champ.is_empty() {
            return format!("{nom} : {}", minuscule_initiale(&message));
        }
        return format!(
            "{nom}, champ « {champ} » : {}",
            minuscule_initiale(&message)
        );
    }
    message
}

fn minuscule_initiale(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(p) => p.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

struct Collecteur {
    erreurs: Vec<ErreurEntree>,
}

impl Collecteur {
    fn ajouter(&mut self, code: &str, message: String, chemin: String) {
        self.erreurs.push(ErreurEntree::new(code, message, chemin));
    }
}

fn nombre_positif(x: f64) -> bool {
    x.is_finite() && x >= 0.0
}

impl GrilleLdg {
    /// Contrôle la grille : modes et champs, points positifs, codes uniques, références du
    /// départage et des groupes. Rend toutes les erreurs trouvées.
    pub fn valider(&self) -> Result<(), ErreursGrille> {
        let mut c = Collecteur {
            erreurs: Vec::new(),
        };
        if self.libelle.trim().is_empty() {
            c.ajouter(
                "valeur_vide",
                "La grille doit avoir un intitulé (« libelle »).".into(),
                "/libelle".into(),
            );
        }
        if self.criteres.is_empty() {
            c.ajouter(
                "valeur_vide",
                "La grille doit compter au moins un critère.".into(),
                "/criteres".into(),
            );
        }
        // Groupes (extension).
        let mut groupes_vus: HashSet<&str> = HashSet::new();
        for (g, groupe) in self.groupes.iter().enumerate() {
            let ch = |f: &str| pointeur(["groupes", &g.to_string(), f]);
            if !code_valide(&groupe.code) {
                c.ajouter(
                    "code_invalide",
                    format!(
                        "Groupe n° {} : le code « {} » doit être écrit en minuscules sans accents (lettres, chiffres, « _ »).",
                        g + 1,
                        groupe.code
                    ),
                    ch("code"),
                );
            } else if !groupes_vus.insert(&groupe.code) {
                c.ajouter(
                    "code_en_double",
                    format!(
                        "Groupe n° {} : le code « {} » est déjà celui d'un autre groupe.",
                        g + 1,
                        groupe.code
                    ),
                    ch("code"),
                );
            }
            if groupe.libelle.trim().is_empty() {
                c.ajouter(
                    "valeur_vide",
                    format!("Groupe n° {} : l'intitulé est vide.", g + 1),
                    ch("libelle"),
                );
            }
            if !nombre_positif(groupe.max) {
                c.ajouter(
                    "points_negatifs",
                    format!(
                        "Groupe n° {} (« {} ») : le plafond doit être un nombre positif ou nul (reçu : {}).",
                        g + 1,
                        groupe.code,
                        groupe.max
                    ),
                    ch("max"),
                );
            }
            if !self
                .criteres
                .iter()
                .any(|k| k.groupe.as_deref() == Some(groupe.code.as_str()))
            {
                c.ajouter(
                    "groupe_vide",
                    format!(
                        "Groupe n° {} (« {} ») : aucun critère n'y est rattaché.",
                        g + 1,
                        groupe.code
                    ),
                    ch("code"),
                );
            }
        }
        let mut codes: Vec<(&str, usize)> = Vec::new();
        for (i, k) in self.criteres.iter().enumerate() {
            valider_critere(&mut c, i, k, &groupes_vus);
            if code_valide(&k.code) {
                if let Some(&(_, j)) = codes.iter().find(|(x, _)| *x == k.code) {
                    c.ajouter(
                        "code_en_double",
                        format!(
                            "Critère n° {} : le code « {} » est déjà celui du critère n° {} ; chaque critère doit avoir son propre code.",
                            i + 1,
                            k.code,
                            j + 1
                        ),
                        pointeur(["criteres", &i.to_string(), "code"]),
                    );
                } else {
                    codes.push((&k.code, i));
                }
            }
        }
        let mut vues: Vec<&CleDepartage> = Vec::new();
        for (i, d) in self.departage.iter().enumerate() {
            let ch = pointeur(["departage", &i.to_string()]);
            if vues.contains(&d) {
                c.ajouter(
                    "cle_en_double",
                    format!(
                        "Départage, clé n° {} : « {} » figure déjà plus haut dans la liste.",
                        i + 1,
                        d.code()
                    ),
                    ch.clone(),
                );
            }
            vues.push(d);
            if let CleDepartage::Critere(code) = d
                && !self.criteres.iter().any(|k| &k.code == code)
            {
                c.ajouter(
                    "critere_inconnu",
                    format!(
                        "Départage, clé n° {} : le critère « {code} » n'existe pas dans la grille.",
                        i + 1
                    ),
                    ch,
                );
            }
        }
        if c.erreurs.is_empty() {
            Ok(())
        } else {
            Err(ErreursGrille { erreurs: c.erreurs })
        }
    }

    /// Le critère de ce code.
    pub fn critere(&self, code: &str) -> Option<&CritereLdg> {
        self.criteres.iter().find(|k| k.code == code)
    }

    /// Le groupe de ce code.
    pub fn groupe(&self, code: &str) -> Option<&GroupeLdg> {
        self.groupes.iter().find(|g| g.code == code)
    }

    /// Total maximal de la grille, plafonds compris, quand chaque ligne est bornée (`None` si
    /// une ligne `par_unite` ou `anciennete` n'a pas de plafond).
    pub fn points_maximum(&self) -> Option<f64> {
        let mut par_groupe: BTreeMap<&str, f64> = BTreeMap::new();
        let mut total = 0.0;
        for k in &self.criteres {
            let m = k.points_maximum()?;
            match &k.groupe {
                Some(g) => *par_groupe.entry(g.as_str()).or_default() += m,
                None => total += m,
            }
        }
        for (g, s) in par_groupe {
            let plafond = self.groupe(g).map_or(s, |x| x.max);
            total += s.min(plafond);
        }
        Some(total)
    }
}

impl CritereLdg {
    /// Points maximaux de la ligne (plafond compris) ; `None` si elle n'est pas bornée.
    pub fn points_maximum(&self) -> Option<f64> {
        let brut = match self.mode {
            ModeCritere::Choix | ModeCritere::RangAutorite => self
                .valeurs
                .as_ref()
                .map(|v| v.values().copied().fold(0.0, f64::max)),
            ModeCritere::Somme => None,
            ModeCritere::OuiNon => self.points,
            ModeCritere::ParUnite | ModeCritere::Anciennete => None,
            ModeCritere::Tranches => self
                .tranches
                .as_ref()
                .map(|t| t.iter().map(|x| x.points).fold(0.0, f64::max)),
        };
        match (brut, self.max) {
            (Some(b), Some(m)) => Some(b.min(m)),
            (None, Some(m)) => Some(m),
            (b, None) => b,
        }
    }

    /// La ligne s'applique-t-elle à cette cible et cette voie ? (`categorie` : celle du grade
    /// cible, `None` si elle est inconnue.)
    pub fn s_applique(&self, cible: &str, voie: Voie, categorie: Option<Categorie>) -> bool {
        self.voies.as_ref().is_none_or(|v| v.contains(&voie))
            && self
                .categories
                .as_ref()
                .is_none_or(|c| categorie.is_some_and(|x| c.contains(&x)))
            && self
                .cibles
                .as_ref()
                .is_none_or(|c| c.iter().any(|x| x == cible))
    }

    fn champ_present(&self, nom: &str) -> bool {
        match nom {
            "champ" => self.champ.is_some(),
            "valeurs" => self.valeurs.is_some(),
            "points" => self.points.is_some(),
            "tranches" => self.tranches.is_some(),
            "source" => self.source.is_some(),
            "points_par_an" => self.points_par_an.is_some(),
            "prorata" => self.prorata.is_some(),
            _ => false,
        }
    }
}

fn role_du_champ(nom: &str) -> &'static str {
    match nom {
        "champ" => "la clé du dossier à lire",
        "valeurs" => "les points de chaque valeur",
        "points" => "les points",
        "tranches" => "les tranches et leurs points",
        "source" => "ce que mesure l'ancienneté : categorie, fonction_publique ou grade",
        "points_par_an" => "les points par année d'ancienneté",
        "prorata" => "le décompte des années : mois ou annee",
        _ => "",
    }
}

fn valider_critere(c: &mut Collecteur, i: usize, k: &CritereLdg, groupes: &HashSet<&str>) {
    let idx = i.to_string();
    let ch = |f: &str| pointeur(["criteres", &idx, f]);
    let nom = if k.code.is_empty() {
        format!("Critère n° {}", i + 1)
    } else {
        format!("Critère n° {} (« {} »)", i + 1, k.code)
    };
    if !code_valide(&k.code) {
        c.ajouter(
            "code_invalide",
            format!(
                "{nom} : le code doit être non vide et écrit en minuscules sans accents (lettres, chiffres, « _ »)."
            ),
            ch("code"),
        );
    }
    if k.libelle.trim().is_empty() {
        c.ajouter(
            "valeur_vide",
            format!("{nom} : l'intitulé (« libelle ») est vide."),
            ch("libelle"),
        );
    }
    let mode = k.mode.code();
    for f in k.mode.champs() {
        if !k.champ_present(f) {
            c.ajouter(
                "champ_manquant",
                format!(
                    "{nom} : le champ « {f} » est obligatoire pour le mode « {mode} » ({}).",
                    role_du_champ(f)
                ),
                ch(f),
            );
        }
    }
    for f in CHAMPS_DE_MODE {
        if !k.mode.champs().contains(&f) && k.champ_present(f) {
            c.ajouter(
                "champ_inattendu",
                format!("{nom} : le champ « {f} » ne s'applique pas au mode « {mode} »."),
                ch(f),
            );
        }
    }
    if let Some(champ) = &k.champ
        && champ.trim().is_empty()
    {
        c.ajouter(
            "valeur_vide",
            format!("{nom} : le champ « champ » (clé du dossier) est vide."),
            ch("champ"),
        );
    }
    if let Some(valeurs) = &k.valeurs {
        if valeurs.is_empty() {
            c.ajouter(
                "valeur_vide",
                format!("{nom} : « valeurs » ne donne aucune valeur."),
                ch("valeurs"),
            );
        }
        for (cle, &pts) in valeurs {
            let chv = pointeur(["criteres", &idx, "valeurs", cle]);
            if !nombre_positif(pts) {
                c.ajouter(
                    "points_negatifs",
                    format!(
                        "{nom} : la valeur « {cle} » vaut {pts} point(s) ; les points doivent être positifs ou nuls."
                    ),
                    chv.clone(),
                );
            }
            if k.mode == ModeCritere::RangAutorite
                && !cle
                    .parse::<u32>()
                    .is_ok_and(|r| r >= 1 && cle == &r.to_string())
            {
                c.ajouter(
                    "rang_invalide",
                    format!(
                        "{nom} : « {cle} » n'est pas un rang ; les rangs sont des entiers à partir de 1 (« 1 », « 2 »…)."
                    ),
                    chv,
                );
            } else if cle.trim().is_empty() {
                c.ajouter(
                    "valeur_vide",
                    format!("{nom} : une valeur de « valeurs » est vide."),
                    chv,
                );
            }
        }
    }
    for (f, v) in [
        ("points", k.points),
        ("points_par_an", k.points_par_an),
        ("max", k.max),
    ] {
        if let Some(x) = v
            && !nombre_positif(x)
        {
            c.ajouter(
                "points_negatifs",
                format!(
                    "{nom} : « {f} » vaut {x} ; les points doivent être un nombre positif ou nul."
                ),
                ch(f),
            );
        }
    }
    if let Some(tranches) = &k.tranches {
        if tranches.is_empty() {
            c.ajouter(
                "valeur_vide",
                format!("{nom} : « tranches » ne donne aucune tranche."),
                ch("tranches"),
            );
        }
        for (t, tr) in tranches.iter().enumerate() {
            let cht = |f: &str| pointeur(["criteres", &idx, "tranches", &t.to_string(), f]);
            if !nombre_positif(tr.points) {
                c.ajouter(
                    "points_negatifs",
                    format!(
                        "{nom} : la tranche n° {} vaut {} point(s) ; les points doivent être positifs ou nuls.",
                        t + 1,
                        tr.points
                    ),
                    cht("points"),
                );
            }
            if !tr.min.is_finite() || tr.max.is_some_and(|m| !m.is_finite() || m < tr.min) {
                c.ajouter(
                    "tranche_invalide",
                    format!(
                        "{nom} : la tranche n° {} a une borne supérieure plus petite que sa borne inférieure.",
                        t + 1
                    ),
                    cht("max"),
                );
            }
            for (u, autre) in tranches.iter().enumerate().take(t) {
                let chevauche =
                    tr.max.is_none_or(|m| m >= autre.min) && autre.max.is_none_or(|m| m >= tr.min);
                if chevauche {
                    c.ajouter(
                        "tranches_chevauchantes",
                        format!(
                            "{nom} : les tranches n° {} et n° {} se chevauchent ; une valeur ne doit tomber que dans une tranche.",
                            u + 1,
                            t + 1
                        ),
                        cht("min"),
                    );
                }
            }
        }
    }
    if let Some(voies) = &k.voies {
        if voies.is_empty() {
            c.ajouter(
                "valeur_vide",
                format!(
                    "{nom} : « voies » est vide ; omettre le champ pour appliquer la ligne à toutes les voies."
                ),
                ch("voies"),
            );
        }
        for (v, voie) in voies.iter().enumerate() {
            if *voie == Voie::InscriptionExamen {
                c.ajouter(
                    "code_inconnu",
                    format!(
                        "{nom} : la voie « inscription_examen » n'est pas une voie d'inscription sur la liste ; voies admises : choix, examen."
                    ),
                    pointeur(["criteres", &idx, "voies", &v.to_string()]),
                );
            }
        }
    }
    if let Some(cats) = &k.categories
        && cats.is_empty()
    {
        c.ajouter(
            "valeur_vide",
            format!(
                "{nom} : « categories » est vide ; omettre le champ pour appliquer la ligne à toutes les catégories."
            ),
            ch("categories"),
        );
    }
    if let Some(cibles) = &k.cibles {
        if cibles.is_empty() {
            c.ajouter(
                "valeur_vide",
                format!(
                    "{nom} : « cibles » est vide ; omettre le champ pour appliquer la ligne à tous les grades cibles."
                ),
                ch("cibles"),
            );
        }
        for (j, g) in cibles.iter().enumerate() {
            if Catalogue::get().grade(g).is_none() {
                c.ajouter(
                    "code_inconnu",
                    format!("{nom} : le grade cible « {g} » est inconnu du catalogue."),
                    pointeur(["criteres", &idx, "cibles", &j.to_string()]),
                );
            }
        }
    }
    if let Some(g) = &k.groupe
        && !groupes.contains(g.as_str())
    {
        c.ajouter(
            "groupe_inconnu",
            format!("{nom} : le groupe « {g} » n'est pas déclaré dans « groupes »."),
            ch("groupe"),
        );
    }
}

// ------------------------------------------------------------------ Ancienneté

/// Une ancienneté calculée sur la carrière enregistrée, au 1er janvier de l'année de la liste
/// (services arrêtés au 31 décembre précédent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MesureAnciennete {
    pub source: SourceAnciennete,
    /// Dernier jour compté (31 décembre de l'année précédant la liste).
    pub arretee_au: Date,
    /// Jours comptés ; `null` : inconnu (donnée manquante dans la carrière).
    pub jours: Option<f64>,
    /// Durée selon la convention administrative (mois de 30 jours) ; `null` si inconnue.
    pub duree: Option<Duree>,
    /// Ce qui a été compté (ou pourquoi ce n'est pas possible), en français.
    pub explication: String,
    /// `false` si une règle de décompte non vérifiée sur le texte en vigueur a compté des jours.
    pub verifie: bool,
}

impl MesureAnciennete {
    /// Mois complets (années × 12 + mois de la durée administrative).
    pub fn mois_complets(&self) -> Option<u32> {
        self.duree.map(|d| d.annees * 12 + d.mois)
    }
}

/// Calcule une ancienneté par le décompte des services effectifs du moteur :
/// - `categorie` : services effectifs de fonctionnaire (titulaire ou stagiaire) dans des
///   grades de la catégorie du grade détenu au 1er janvier ;
/// - `fonction_publique` : tous les services publics, contractuels compris (au prorata de la
///   quotité, comme le décompte des « services publics » du moteur) ;
/// - `grade` : services effectifs dans le grade détenu au 1er janvier.
///
/// Les services accomplis en détachement dans un grade comptent dans ce grade. Une donnée
/// manquante qui pourrait changer le compte (disponibilité sans motif…) rend l'ancienneté
/// inconnue : elle n'est jamais devinée.
pub fn anciennete(agent: &Agent, source: SourceAnciennete, annee: i32) -> MesureAnciennete {
    let carriere = Carriere::preparer(agent);
    let jour_ref = jour(premier_janvier(annee));
    let arret = jour_ref - 1;
    let arretee_au = trente_et_un_decembre(annee - 1);
    let inconnue = |explication: String| MesureAnciennete {
        source,
        arretee_au,
        jours: None,
        duree: None,
        explication,
        verifie: true,
    };
    let grade = carriere.periode_au(jour_ref).and_then(|p| p.grade);
    let (critere, perimetre) = match source {
        SourceAnciennete::FonctionPublique => (
            Critere {
                contractuels_admis: true,
                detachement_admis: true,
                ..Critere::default()
            },
            "services publics (fonctionnaire et contractuel)".to_owned(),
        ),
        SourceAnciennete::Categorie => {
            let Some(g) = grade else {
                return inconnue(format!(
                    "Catégorie détenue au {} inconnue : aucune période de la carrière avec un grade connu à cette date.",
                    format_fr(premier_janvier(annee))
                ));
            };
            // Catégorie du grade au 1er janvier (un cadre reclassé, comme celui des
            // assistants socio-éducatifs, n'a pas toujours eu la même).
            let categorie = g.categorie_au(premier_janvier(annee));
            (
                Critere {
                    categories: vec![categorie],
                    detachement_admis: true,
                    ..Critere::default()
                },
                format!(
                    "services effectifs de fonctionnaire en catégorie {}",
                    categorie.libelle()
                ),
            )
        }
        SourceAnciennete::Grade => {
            let Some(g) = grade else {
                return inconnue(format!(
                    "Grade détenu au {} inconnu : aucune période de la carrière avec un grade connu à cette date.",
                    format_fr(premier_janvier(annee))
                ));
            };
            (
                Critere {
                    grades: vec![g.code.to_owned()],
                    detachement_admis: true,
                    ..Critere::default()
                },
                format!("services effectifs dans le grade « {} »", g.libelle),
            )
        }
    };
    let mut segments = Vec::new();
    parcourir(&carriere, &critere, arret, |s| {
        segments.push(s);
        true
    });
    let mut jours = 0.0;
    let mut jours_max = 0.0;
    let mut verifie = true;
    let mut manquants = Vec::new();
    for s in &segments {
        let n = f64::from(s.fin - s.debut + 1);
        jours += n * s.poids;
        jours_max += n * s.poids_max;
        if s.poids_max > 0.0 && !s.regle.verifie() {
            verifie = false;
        }
        if s.regle == RegleDecompte::Inconnu {
            manquants.push(format!(
                "du {} au {}",
                format_fr(crate::date::date(s.debut)),
                format_fr(crate::date::date(s.fin))
            ));
        }
    }
    if jours_max > jours + 1e-9 {
        return MesureAnciennete {
            verifie,
            ..inconnue(format!(
                "{} au {} : compte inconnu, la carrière ne permet pas de savoir si la période {} compte (position ou motif non renseigné) ; au moins {} jours, au plus {} jours.",
                premiere_majuscule(&perimetre),
                format_fr(arretee_au),
                manquants.join(", "),
                nombre_fr(jours.floor()),
                nombre_fr(jours_max.floor())
            ))
        };
    }
    let duree = duree_segments(&segments);
    let mut explication = format!(
        "{} comptés au {} : {} ({} jours)",
        premiere_majuscule(&perimetre),
        format_fr(arretee_au),
        duree.libelle(),
        nombre_fr(jours.floor())
    );
    if !verifie {
        explication.push_str(
            " ; une règle de décompte appliquée n'est pas vérifiée sur le texte en vigueur",
        );
    }
    MesureAnciennete {
        source,
        arretee_au,
        jours: Some(jours),
        duree: Some(duree),
        explication,
        verifie,
    }
}

fn premiere_majuscule(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(p) => p.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

// ------------------------------------------------------------------ Cotation

/// Ce qu'il faut pour coter un dossier.
#[derive(Debug, Clone, Copy)]
pub struct DossierACoter<'a> {
    /// Les faits du dossier (objet JSON) ; les clés inconnues de la grille sont ignorées.
    pub dossier: &'a Value,
    /// Rang donné par l'autorité territoriale parmi ses propositions pour la même cible.
    pub rang: Option<u32>,
    /// Types des pièces jointes au dossier.
    pub pieces: &'a [TypePiece],
    /// Grade cible (code du catalogue).
    pub cible: &'a str,
    pub voie: Voie,
    /// Carrière enregistrée de l'agent (lignes d'ancienneté).
    pub agent: &'a Agent,
    /// Année de la liste d'aptitude.
    pub annee: i32,
}

/// Ce qui est arrivé à une ligne.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EtatLigne {
    /// Points comptés.
    Comptee,
    /// Points ramenés au plafond de la ligne.
    Plafonnee,
    /// Pièce justificative non produite : 0 point.
    PieceNonProduite,
    /// Ligne qui ne s'applique pas à cette voie, catégorie ou cible : 0 point.
    NonApplicable,
    /// Donnée absente ou inconnue : 0 point, le dossier est à compléter.
    DonneeManquante,
    /// Valeur du dossier non prévue par la grille ou de type inattendu : 0 point.
    ValeurInvalide,
    /// Ajustement au plafond d'un groupe de lignes.
    PlafondGroupe,
}

/// Une ligne de la cotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LigneCotation {
    /// Code du critère (`groupe:<code>` pour un ajustement de plafond de groupe).
    pub critere: String,
    pub libelle: String,
    /// Points arrondis à deux décimales (affichage).
    pub points: f64,
    /// Points sans arrondi (comparaisons).
    pub points_exacts: f64,
    pub etat: EtatLigne,
    /// Ce qui a été trouvé, comment il a été compté, en français.
    pub explication: String,
    /// Pièce exigée par la ligne.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece: Option<TypePiece>,
}

/// Cotation d'un dossier (contrat v2 : `{"total", "grille_version", "lignes"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cotation {
    /// Total arrondi à deux décimales (affichage).
    pub total: f64,
    /// Total sans arrondi : c'est lui qui est comparé au classement.
    pub total_exact: f64,
    /// Version de la grille appliquée (fournie par l'appelant qui la conserve).
    pub grille_version: Option<u32>,
    pub grille_libelle: String,
    pub annee: i32,
    /// 1er janvier de l'année de la liste.
    pub date_appreciation: Date,
    pub lignes: Vec<LigneCotation>,
    /// `false` si une ligne manque d'une donnée ou porte une valeur invalide.
    pub complete: bool,
    /// Version du catalogue des règles (décompte des services des lignes d'ancienneté).
    pub catalogue_version: String,
}

/// Arrondi d'affichage à deux décimales.
pub fn arrondi_affichage(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Nombre à la française : virgule décimale, deux décimales au plus, sans zéros inutiles.
pub fn nombre_fr(x: f64) -> String {
    let s = format!("{:.2}", arrondi_affichage(x));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

/// Des points à la française : « 0 point », « 1,5 point », « 2 points ».
pub fn points_fr(x: f64) -> String {
    let n = nombre_fr(x);
    if arrondi_affichage(x).abs() > 1.0 {
        format!("{n} points")
    } else {
        format!("{n} point")
    }
}

/// Représentation d'une valeur du dossier comme clé de `valeurs` : texte tel quel, nombre
/// entier sans décimale (`5` → « 5 »), booléen `true` / `false`.
fn cle_valeur(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(i.to_string())
            } else {
                let f = n.as_f64()?;
                if f.fract() == 0.0 && f.abs() < 1e15 {
                    Some(format!("{}", f as i64))
                } else {
                    Some(f.to_string())
                }
            }
        }
        _ => None,
    }
}

fn valeurs_prevues(v: &BTreeMap<String, f64>) -> String {
    v.keys()
        .map(|k| format!("« {k} »"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Points bruts d'une ligne avant plafond et pièce : `Ok((points, explication))` ou
/// `Err((etat, explication))` pour une ligne à 0 faute de donnée exploitable.
type Brut = Result<(f64, String), (EtatLigne, String)>;

fn lire_champ<'v>(
    k: &CritereLdg,
    dossier: &'v Value,
) -> Result<(&'v Value, String), (EtatLigne, String)> {
    let Some(champ) = k.champ.as_deref() else {
        return Err((
            EtatLigne::ValeurInvalide,
            "grille incomplète : la ligne ne nomme pas la clé du dossier à lire".into(),
        ));
    };
    match dossier.get(champ) {
        None | Some(Value::Null) => Err((
            EtatLigne::DonneeManquante,
            format!("« {champ} » non renseigné dans le dossier : donnée inconnue, 0 point"),
        )),
        Some(v) => Ok((v, champ.to_owned())),
    }
}

fn brut_choix(k: &CritereLdg, dossier: &Value) -> Brut {
    let (v, champ) = lire_champ(k, dossier)?;
    let valeurs = k.valeurs.as_ref().ok_or((
        EtatLigne::ValeurInvalide,
        "grille incomplète : aucune valeur prévue".to_owned(),
    ))?;
    let Some(cle) = cle_valeur(v) else {
        return Err((
            EtatLigne::ValeurInvalide,
            format!("« {champ} » n'est pas une valeur simple (texte, nombre ou oui/non) : 0 point"),
        ));
    };
    match valeurs.get(&cle) {
        Some(&p) => Ok((p, format!("« {champ} » = « {cle} » : {}", points_fr(p)))),
        None => Err((
            EtatLigne::ValeurInvalide,
            format!(
                "« {champ} » = « {cle} », valeur non prévue par la grille (valeurs prévues : {}) : 0 point",
                valeurs_prevues(valeurs)
            ),
        )),
    }
}

fn brut_somme(k: &CritereLdg, dossier: &Value) -> Brut {
    let (v, champ) = lire_champ(k, dossier)?;
    let valeurs = k.valeurs.as_ref().ok_or((
        EtatLigne::ValeurInvalide,
        "grille incomplète : aucune valeur prévue".to_owned(),
    ))?;
    let Some(liste) = v.as_array() else {
        return Err((
            EtatLigne::ValeurInvalide,
            format!("« {champ} » devrait être une liste de valeurs : 0 point"),
        ));
    };
    let mut total = 0.0;
    let mut termes = Vec::new();
    let mut inconnues = Vec::new();
    for x in liste {
        match cle_valeur(x).and_then(|c| valeurs.get(&c).map(|&p| (c, p))) {
            Some((c, p)) => {
                total += p;
                termes.push(format!("{c} {}", nombre_fr(p)));
            }
            None => inconnues.push(cle_valeur(x).unwrap_or_else(|| x.to_string())),
        }
    }
    if !inconnues.is_empty() {
        return Err((
            EtatLigne::ValeurInvalide,
            format!(
                "« {champ} » contient des valeurs non prévues par la grille ({}) ; valeurs prévues : {} : 0 point tant que le dossier n'est pas corrigé",
                inconnues
                    .iter()
                    .map(|x| format!("« {x} »"))
                    .collect::<Vec<_>>()
                    .join(", "),
                valeurs_prevues(valeurs)
            ),
        ));
    }
    let detail = if termes.is_empty() {
        "liste vide".to_owned()
    } else {
        termes.join(" + ")
    };
    Ok((
        total,
        format!("« {champ} » : {detail} = {}", points_fr(total)),
    ))
}

fn nombre_du_dossier(v: &Value, champ: &str) -> Result<f64, (EtatLigne, String)> {
    match v.as_f64() {
        Some(x) if x.is_finite() && x >= 0.0 => Ok(x),
        Some(x) => Err((
            EtatLigne::ValeurInvalide,
            format!("« {champ} » vaut {x}, un nombre positif ou nul est attendu : 0 point"),
        )),
        None => Err((
            EtatLigne::ValeurInvalide,
            format!("« {champ} » devrait être un nombre (reçu : {v}) : 0 point"),
        )),
    }
}

fn brut_par_unite(k: &CritereLdg, dossier: &Value) -> Brut {
    let (v, champ) = lire_champ(k, dossier)?;
    let x = nombre_du_dossier(v, &champ)?;
    let p = k.points.unwrap_or(0.0);
    let total = x * p;
    Ok((
        total,
        format!(
            "« {champ} » = {} × {} par unité = {}",
            nombre_fr(x),
            nombre_fr(p),
            points_fr(total)
        ),
    ))
}

fn brut_oui_non(k: &CritereLdg, dossier: &Value) -> Brut {
    let (v, champ) = lire_champ(k, dossier)?;
    let p = k.points.unwrap_or(0.0);
    match v.as_bool() {
        Some(true) => Ok((p, format!("« {champ} » : oui, {}", points_fr(p)))),
        Some(false) => Ok((0.0, format!("« {champ} » : non, 0 point"))),
        None => Err((
            EtatLigne::ValeurInvalide,
            format!("« {champ} » devrait valoir vrai ou faux (reçu : {v}) : 0 point"),
        )),
    }
}

fn brut_tranches(k: &CritereLdg, dossier: &Value) -> Brut {
    let (v, champ) = lire_champ(k, dossier)?;
    let x = nombre_du_dossier(v, &champ)?;
    let tranches = k.tranches.as_deref().unwrap_or(&[]);
    match tranches
        .iter()
        .find(|t| x >= t.min && t.max.is_none_or(|m| x <= m))
    {
        Some(t) => {
            let borne = match t.max {
                Some(m) => format!("de {} à {}", nombre_fr(t.min), nombre_fr(m)),
                None => format!("{} et plus", nombre_fr(t.min)),
            };
            Ok((
                t.points,
                format!(
                    "« {champ} » = {}, tranche {borne} : {}",
                    nombre_fr(x),
                    points_fr(t.points)
                ),
            ))
        }
        None => Ok((
            0.0,
            format!(
                "« {champ} » = {}, dans aucune tranche de la grille : 0 point",
                nombre_fr(x)
            ),
        )),
    }
}

fn brut_rang(k: &CritereLdg, rang: Option<u32>) -> Brut {
    let Some(r) = rang else {
        return Err((
            EtatLigne::DonneeManquante,
            "rang donné par l'autorité territoriale inconnu : 0 point".into(),
        ));
    };
    let valeurs = k.valeurs.as_ref().ok_or((
        EtatLigne::ValeurInvalide,
        "grille incomplète : aucun rang valorisé".to_owned(),
    ))?;
    match valeurs.get(&r.to_string()) {
        Some(&p) => Ok((
            p,
            format!(
                "proposition classée n° {r} par l'autorité territoriale : {}",
                points_fr(p)
            ),
        )),
        None => Ok((
            0.0,
            format!(
                "proposition classée n° {r} par l'autorité territoriale ; seuls les rangs {} sont valorisés : 0 point",
                valeurs.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

fn brut_anciennete(k: &CritereLdg, agent: &Agent, annee: i32) -> Brut {
    let (Some(source), Some(ppa), Some(prorata)) = (k.source, k.points_par_an, k.prorata) else {
        return Err((
            EtatLigne::ValeurInvalide,
            "grille incomplète : source, points par an ou prorata absent".into(),
        ));
    };
    let m = anciennete(agent, source, annee);
    let (Some(duree), Some(mois)) = (m.duree, m.mois_complets()) else {
        return Err((
            EtatLigne::DonneeManquante,
            format!(
                "{} : 0 point tant que la carrière n'est pas complétée",
                m.explication
            ),
        ));
    };
    let (points, calcul) = match prorata {
        Prorata::Mois => {
            let p = f64::from(mois) / 12.0 * ppa;
            (
                p,
                format!(
                    "{mois} mois complets ÷ 12 × {} par an = {}",
                    points_fr(ppa),
                    points_fr(p)
                ),
            )
        }
        Prorata::Annee => {
            let p = f64::from(duree.annees) * ppa;
            (
                p,
                format!(
                    "{} année(s) complète(s) × {} par an = {}",
                    duree.annees,
                    points_fr(ppa),
                    points_fr(p)
                ),
            )
        }
    };
    Ok((points, format!("{} ; {calcul}", m.explication)))
}

/// Intitulé d'une voie (« au choix », « après examen professionnel »).
pub fn libelle_voie(v: Voie) -> &'static str {
    match v {
        Voie::Choix => "au choix",
        Voie::Examen => "après examen professionnel",
        Voie::InscriptionExamen => "inscription à l'examen",
    }
}

fn non_applicable(k: &CritereLdg, cible: &str, voie: Voie, categorie: Option<Categorie>) -> String {
    if let Some(v) = &k.voies
        && !v.contains(&voie)
    {
        return format!(
            "ligne non appliquée à la promotion interne {} (elle vaut pour : {})",
            libelle_voie(voie),
            v.iter()
                .map(|x| libelle_voie(*x))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(c) = &k.categories
        && !categorie.is_some_and(|x| c.contains(&x))
    {
        let cats = c.iter().map(|x| x.libelle()).collect::<Vec<_>>().join(", ");
        return match categorie {
            Some(x) => format!(
                "ligne non appliquée à un grade cible de catégorie {} (elle vaut pour la catégorie {cats})",
                x.libelle()
            ),
            None => format!(
                "catégorie du grade cible inconnue ; la ligne vaut pour la catégorie {cats}"
            ),
        };
    }
    let cat = Catalogue::get();
    format!(
        "ligne non appliquée au grade « {} » (elle vaut pour : {})",
        cat.libelle_grade(cible),
        k.cibles
            .iter()
            .flatten()
            .map(|g| cat.libelle_grade(g).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// Cote un dossier : une ligne par critère (puis un ajustement par groupe plafonné), avec ses
/// points et son explication. La grille est supposée validée ([`lire_grille`]) ; `version`
/// est celle sous laquelle l'appelant l'a conservée.
pub fn coter(grille: &GrilleLdg, version: Option<u32>, d: &DossierACoter<'_>) -> Cotation {
    let categorie = Catalogue::get().grade(d.cible).map(|g| g.categorie());
    let vide = Value::Object(Default::default());
    let dossier = if d.dossier.is_object() {
        d.dossier
    } else {
        &vide
    };
    let mut lignes: Vec<LigneCotation> = Vec::with_capacity(grille.criteres.len() + 2);
    let mut complete = true;
    for k in &grille.criteres {
        let mut ligne = LigneCotation {
            critere: k.code.clone(),
            libelle: k.libelle.clone(),
            points: 0.0,
            points_exacts: 0.0,
            etat: EtatLigne::Comptee,
            explication: String::new(),
            piece: k.piece,
        };
        if !k.s_applique(d.cible, d.voie, categorie) {
            ligne.etat = EtatLigne::NonApplicable;
            ligne.explication = format!(
                "{} : 0 point",
                non_applicable(k, d.cible, d.voie, categorie)
            );
            lignes.push(ligne);
            continue;
        }
        let brut = match k.mode {
            ModeCritere::Choix => brut_choix(k, dossier),
            ModeCritere::Somme => brut_somme(k, dossier),
            ModeCritere::ParUnite => brut_par_unite(k, dossier),
            ModeCritere::OuiNon => brut_oui_non(k, dossier),
            ModeCritere::RangAutorite => brut_rang(k, d.rang),
            ModeCritere::Anciennete => brut_anciennete(k, d.agent, d.annee),
            ModeCritere::Tranches => brut_tranches(k, dossier),
        };
        let (mut points, mut explication) = match brut {
            Ok(x) => x,
            Err((etat, texte)) => {
                complete = false;
                ligne.etat = etat;
                ligne.explication = texte;
                lignes.push(ligne);
                continue;
            }
        };
        if let Some(m) = k.max
            && points > m
        {
            explication.push_str(&format!(
                " ; plafonné à {} (maximum de la ligne)",
                points_fr(m)
            ));
            points = m;
            ligne.etat = EtatLigne::Plafonnee;
        }
        if let Some(p) = k.piece
            && !d.pieces.contains(&p)
        {
            ligne.etat = EtatLigne::PieceNonProduite;
            ligne.explication = format!(
                "pièce non produite ({}) : 0 point ; avec elle, la ligne aurait valu {} ({explication})",
                p.libelle(),
                points_fr(points)
            );
            lignes.push(ligne);
            continue;
        }
        ligne.points_exacts = points;
        ligne.points = arrondi_affichage(points);
        ligne.explication = explication;
        lignes.push(ligne);
    }
    // Plafonds de groupe (extension) : l'excédent est retiré par une ligne d'ajustement placée
    // après la dernière ligne du groupe.
    let mut ajustements: Vec<(usize, LigneCotation)> = Vec::new();
    for g in &grille.groupes {
        let du_groupe = |k: &CritereLdg| k.groupe.as_deref() == Some(g.code.as_str());
        let somme: f64 = lignes
            .iter()
            .zip(&grille.criteres)
            .filter(|(_, k)| du_groupe(k))
            .map(|(l, _)| l.points_exacts)
            .sum();
        if let Some(derniere) = grille.criteres.iter().rposition(du_groupe)
            && somme > g.max
        {
            let exces = somme - g.max;
            ajustements.push((
                derniere,
                LigneCotation {
                    critere: format!("groupe:{}", g.code),
                    libelle: format!("Plafond : {}", g.libelle),
                    points: arrondi_affichage(-exces),
                    points_exacts: -exces,
                    etat: EtatLigne::PlafondGroupe,
                    explication: format!(
                        "lignes « {} » : {} ramenés au plafond de {} (−{})",
                        g.libelle,
                        points_fr(somme),
                        points_fr(g.max),
                        nombre_fr(exces)
                    ),
                    piece: None,
                },
            ));
        }
    }
    if !ajustements.is_empty() {
        let mut toutes = Vec::with_capacity(lignes.len() + ajustements.len());
        for (i, l) in lignes.into_iter().enumerate() {
            toutes.push(l);
            toutes.extend(
                ajustements
                    .iter()
                    .filter(|(d, _)| *d == i)
                    .map(|(_, a)| a.clone()),
            );
        }
        lignes = toutes;
    }
    let total_exact: f64 = lignes.iter().map(|l| l.points_exacts).sum();
    Cotation {
        total: arrondi_affichage(total_exact),
        total_exact,
        grille_version: version,
        grille_libelle: grille.libelle.clone(),
        annee: d.annee,
        date_appreciation: premier_janvier(d.annee),
        lignes,
        complete,
        catalogue_version: crate::catalogue::version().to_owned(),
    }
}

impl Cotation {
    /// Points exacts obtenus sur un critère (0 s'il n'existe pas).
    pub fn points_critere(&self, code: &str) -> f64 {
        self.lignes
            .iter()
            .find(|l| l.critere == code)
            .map_or(0.0, |l| l.points_exacts)
    }
}
