//! Import CSV ou XLSX (format décrit dans `docs/format-import.md`) : collectivités, agents,
//! périodes de carrière, formations, dispenses de formation, postes à responsabilité et
//! examens professionnels réussis.
//!
//! Les fichiers sont lus en entier et vérifiés avant toute écriture : la moindre valeur
//! invalide refuse l'import entier avec un message qui nomme le fichier, la ligne et la
//! colonne. L'écriture se fait ensuite en une transaction ([`Store::enregistrer`]).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use droit::carriere::{
    Agent, Dispense, Emploi, EmploiCode, ExamenReussi, Fonction, FonctionCode, FormationSuivie,
    MotifDisponibilite, Periode, Position, PosteResponsabilite, Statut, TypeFormation, Versant,
};
use droit::catalogue::Catalogue;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::acces::{Acteur, Portee};
use crate::ecriture::{Bilan, IdentiteAgent, LotImport};
use crate::lignes::depuis_code;
use crate::tableur;
use crate::{Collectivite, ErreurStockage, FicheAgent, Store, TYPES_COLLECTIVITE};

/// Population la plus grande admise (habitants ou logements) : au-delà de celle de la France
/// (mêmes bornes que les demandes au moteur).
pub const POPULATION_MAX: u32 = 100_000_000;

/// Les sortes de fichiers, reconnues à leur ligne d'en-tête.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SorteFichier {
    Collectivites,
    Agents,
    Periodes,
    Formations,
    Dispenses,
    PostesResponsabilite,
    Examens,
}

impl SorteFichier {
    /// Colonnes obligatoires, dans l'ordre de la documentation (docs/format-import.md).
    pub fn colonnes(self) -> &'static [&'static str] {
        match self {
            SorteFichier::Collectivites => {
                &["code_collectivite", "nom", "type", "population", "affiliee"]
            }
            SorteFichier::Agents => &[
                "matricule",
                "code_collectivite",
                "nom",
                "prenom",
                "date_naissance",
            ],
            SorteFichier::Periodes => &[
                "matricule",
                "debut",
                "fin",
                "versant",
                "statut",
                "grade",
                "position",
                "motif_disponibilite",
                "quotite",
                "heures_hebdomadaires",
                "emploi",
                "emploi_population",
                "emploi_surclassement",
            ],
            SorteFichier::Formations => &["matricule", "type", "date", "jours"],
            SorteFichier::Dispenses => &["matricule", "type", "periode_debut", "jours"],
            SorteFichier::PostesResponsabilite => &["matricule", "debut", "fin"],
            SorteFichier::Examens => &["matricule", "examen", "session"],
        }
    }

    /// Colonnes facultatives, placées après les obligatoires dans la documentation : un
    /// fichier qui ne les a pas reste valide (fichiers d'avant leur ajout).
    pub fn facultatives(self) -> &'static [&'static str] {
        match self {
            SorteFichier::Agents => &["sexe"],
            SorteFichier::Periodes => &["fonction", "fonction_population"],
            _ => &[],
        }
    }

    /// Toutes les colonnes admises : obligatoires puis facultatives.
    fn toutes(self) -> Vec<&'static str> {
        let mut v = self.colonnes().to_vec();
        v.extend_from_slice(self.facultatives());
        v
    }

    /// Noms d'onglet d'un classeur XLSX qui désignent cette sorte de fichier (comparés sans
    /// casse ni accents : « Périodes » convient).
    pub fn noms_de_feuille(self) -> &'static [&'static str] {
        match self {
            SorteFichier::Collectivites => &["collectivites", "collectivités"],
            SorteFichier::Agents => &["agents"],
            SorteFichier::Periodes => &["periodes", "périodes de carrière", "carrieres"],
            SorteFichier::Formations => &["formations"],
            SorteFichier::Dispenses => &["dispenses", "dispenses de formation"],
            SorteFichier::PostesResponsabilite => {
                &["postes_responsabilite", "postes à responsabilité", "postes"]
            }
            SorteFichier::Examens => &["examens", "examens professionnels"],
        }
    }

    /// Nom du fichier de cette sorte dans la documentation.
    pub fn fichier(self) -> &'static str {
        match self {
            SorteFichier::Collectivites => "collectivites.csv",
            SorteFichier::Agents => "agents.csv",
            SorteFichier::Periodes => "periodes.csv",
            SorteFichier::Formations => "formations.csv",
            SorteFichier::Dispenses => "dispenses.csv",
            SorteFichier::PostesResponsabilite => "postes_responsabilite.csv",
            SorteFichier::Examens => "examens.csv",
        }
    }

    pub const TOUTES: [SorteFichier; 7] = [
        SorteFichier::Collectivites,
        SorteFichier::Agents,
        SorteFichier::Periodes,
        SorteFichier::Formations,
        SorteFichier::Dispenses,
        SorteFichier::PostesResponsabilite,
        SorteFichier::Examens,
    ];

    /// La sorte d'un fichier d'après son en-tête (noms de colonnes en minuscules) : celle
    /// dont toutes les colonnes obligatoires figurent dans l'en-tête (la plus complète si
    /// plusieurs conviennent : un fichier de périodes a aussi `debut` et `fin`). Rend aussi,
    /// pour chaque colonne admise (voir [`SorteFichier::toutes`]), sa place dans le fichier.
    /// Une colonne en double ou inconnue de la sorte est une erreur (message en français).
    fn reconnaitre(entete: &[String]) -> Result<(SorteFichier, Vec<Option<usize>>), String> {
        let sorte = SorteFichier::TOUTES
            .into_iter()
            .filter(|s| s.colonnes().iter().all(|c| entete.iter().any(|e| e == c)))
            .max_by_key(|s| s.colonnes().len());
        let Some(sorte) = sorte else {
            return Err(format!(
                "en-tête non reconnu « {} » ; en-têtes attendus : {} (voir docs/format-import.md)",
                entete.join(";"),
                SorteFichier::TOUTES
                    .iter()
                    .map(|s| format!("« {} »", s.colonnes().join(";")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        };
        let toutes = sorte.toutes();
        for (i, e) in entete.iter().enumerate() {
            if !toutes.contains(&e.as_str()) {
                return Err(format!(
                    "colonne {} « {e} » inconnue dans un fichier {} (colonnes admises : {})",
                    i + 1,
                    sorte.fichier(),
                    toutes.join(";")
                ));
            }
            if entete[..i].contains(e) {
                return Err(format!("colonne « {e} » en double (colonne {})", i + 1));
            }
        }
        let positions = toutes
            .iter()
            .map(|c| entete.iter().position(|e| e == c))
            .collect();
        Ok((sorte, positions))
    }
}

/// Une erreur d'import localisée : fichier, ligne (1 = en-tête) et, si elle est connue,
/// colonne (numéro à partir de 1 et nom).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErreurImport {
    pub fichier: String,
    pub ligne: u64,
    pub colonne: Option<(usize, String)>,
    pub message: String,
}

impl fmt::Display for ErreurImport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.colonne {
            Some((n, nom)) => write!(
                f,
                "{}, ligne {}, colonne {} ({}) : {}",
                self.fichier, self.ligne, n, nom, self.message
            ),
            // Ligne 0 : le fichier entier (illisible, classeur abîmé).
            None if self.ligne == 0 => write!(f, "{} : {}", self.fichier, self.message),
            None => write!(
                f,
                "{}, ligne {} : {}",
                self.fichier, self.ligne, self.message
            ),
        }
    }
}

impl std::error::Error for ErreurImport {}

/// Échec d'un import : fichier invalide (rien n'est écrit) ou erreur de la base (la
/// transaction est annulée).
#[derive(Debug, thiserror::Error)]
pub enum EchecImport {
    #[error("{0}")]
    Fichier(#[from] ErreurImport),
    #[error("{0}")]
    Stockage(#[from] ErreurStockage),
    /// Un autre import (ou une autre écriture) occupe la base au-delà de l'attente admise.
    #[error(
        "la base est occupée par un autre import depuis plus de {} secondes ; réessayez quand il sera terminé",
        crate::verrou::ATTENTE_MAX.as_secs()
    )]
    BaseOccupee,
}

/// Un fichier CSV en mémoire, avec le nom à citer dans les messages.
#[derive(Debug, Clone)]
pub struct FichierCsv {
    pub nom: String,
    pub octets: Vec<u8>,
}

impl FichierCsv {
    pub fn new(nom: impl Into<String>, octets: impl Into<Vec<u8>>) -> Self {
        Self {
            nom: nom.into(),
            octets: octets.into(),
        }
    }
}

/// Lit des fichiers ou des dossiers (dans un dossier : tous les `*.csv` et `*.xlsx`, par
/// ordre de nom).
pub fn lire_chemins(chemins: &[PathBuf]) -> Result<Vec<FichierCsv>, ErreurImport> {
    let erreur = |p: &Path, e: std::io::Error| ErreurImport {
        fichier: p.display().to_string(),
        ligne: 0,
        colonne: None,
        message: format!("lecture impossible ({e})"),
    };
    let mut fichiers = Vec::new();
    for chemin in chemins {
        if chemin.is_dir() {
            let mut contenus: Vec<PathBuf> = std::fs::read_dir(chemin)
                .map_err(|e| erreur(chemin, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.extension().is_some_and(|x| {
                        x.eq_ignore_ascii_case("csv") || x.eq_ignore_ascii_case("xlsx")
                    })
                })
                .collect();
            contenus.sort();
            for p in contenus {
                let octets = std::fs::read(&p).map_err(|e| erreur(&p, e))?;
                fichiers.push(FichierCsv::new(p.display().to_string(), octets));
            }
        } else {
            let octets = std::fs::read(chemin).map_err(|e| erreur(chemin, e))?;
            fichiers.push(FichierCsv::new(chemin.display().to_string(), octets));
        }
    }
    Ok(fichiers)
}

/// Première ligne non vide d'un texte (l'en-tête ; dans une feuille de classeur, il peut
/// suivre des lignes vides).
fn premiere_ligne(texte: &str) -> &str {
    texte.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// Séparateur détecté sur la ligne d'en-tête : `;` s'il y figure, sinon `,`.
fn separateur(texte: &str) -> u8 {
    if premiere_ligne(texte).contains(';') {
        b';'
    } else {
        b','
    }
}

/// Numéros de ligne d'un fichier, tirés des positions en octets des enregistrements.
///
/// Le numéro de ligne que rend le lecteur CSV retarde d'une ligne par enregistrement quand
/// les lignes finissent par `\r\n` (fichiers enregistrés par un tableur sous Windows) : le
/// numéro cité dans les messages est donc recompté sur le texte lu.
struct Lignes {
    /// Position de chaque `\n` du texte.
    fins: Vec<usize>,
}

impl Lignes {
    fn de(texte: &str) -> Lignes {
        Lignes {
            fins: texte
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    /// Ligne (à partir de 1) d'un enregistrement : le lecteur place son début au premier
    /// octet de la ligne, ou sur le `\n` qui termine la précédente (fin `\r\n`).
    fn numero(&self, p: &csv::Position) -> u64 {
        let octet = usize::try_from(p.byte()).unwrap_or(usize::MAX);
        1 + self.fins.partition_point(|&i| i <= octet) as u64
    }
}

/// Ce qui est déjà en base et que les fichiers peuvent référencer.
#[derive(Debug, Clone, Default)]
pub struct Connus {
    pub collectivites: HashSet<String>,
    pub matricules: HashSet<String>,
}

/// Fichier et ligne d'où vient une valeur.
type Origine = (String, u64);

/// Où se trouve chaque donnée d'un agent dans les fichiers, pour localiser les erreurs de
/// validation de carrière.
#[derive(Debug, Default)]
struct Provenance {
    agent: HashMap<String, Origine>,
    /// Lignes des fichiers, par sorte de donnée (périodes, formations…) puis par matricule,
    /// dans l'ordre où l'agent les reçoit.
    lignes: HashMap<(SorteFichier, String), Vec<Origine>>,
    /// En-tête de chaque fichier (pour retrouver le numéro d'une colonne).
    entetes: HashMap<String, Vec<String>>,
}

/// Une ligne lue, avec de quoi nommer sa position.
struct Ligne<'a> {
    fichier: &'a str,
    numero: u64,
    sorte: SorteFichier,
    /// En-tête du fichier (noms en minuscules).
    entete: &'a [String],
    /// Place dans le fichier de chaque colonne admise de la sorte.
    positions: &'a [Option<usize>],
    valeurs: csv::StringRecord,
}

impl Ligne<'_> {
    /// Erreur sur la colonne `i` du fichier (à partir de 0).
    fn erreur_a(&self, i: usize, message: impl Into<String>) -> ErreurImport {
        ErreurImport {
            fichier: self.fichier.to_owned(),
            ligne: self.numero,
            colonne: Some((i + 1, self.entete.get(i).cloned().unwrap_or_default())),
            message: message.into(),
        }
    }

    /// Erreur sur une colonne admise de la sorte (rang dans [`SorteFichier::toutes`]).
    fn erreur(&self, colonne: usize, message: impl Into<String>) -> ErreurImport {
        match self.positions.get(colonne).copied().flatten() {
            Some(i) => self.erreur_a(i, message),
            None => ErreurImport {
                fichier: self.fichier.to_owned(),
                ligne: self.numero,
                colonne: Some((
                    colonne + 1,
                    self.sorte
                        .toutes()
                        .get(colonne)
                        .copied()
                        .unwrap_or("")
                        .to_owned(),
                )),
                message: message.into(),
            },
        }
    }

    fn brut(&self, colonne: usize) -> &str {
        self.positions
            .get(colonne)
            .copied()
            .flatten()
            .and_then(|i| self.valeurs.get(i))
            .unwrap_or("")
    }

    fn texte(&self, colonne: usize) -> Option<String> {
        let v = self.brut(colonne);
        (!v.is_empty()).then(|| v.to_owned())
    }

    fn obligatoire(&self, colonne: usize) -> Result<String, ErreurImport> {
        self.texte(colonne)
            .ok_or_else(|| self.erreur(colonne, "valeur obligatoire absente"))
    }

    fn date(&self, colonne: usize) -> Result<Option<Date>, ErreurImport> {
        let v = self.brut(colonne);
        if v.is_empty() {
            return Ok(None);
        }
        tableur::lire_date(v)
            .map(Some)
            .map_err(|m| self.erreur(colonne, m))
    }

    fn date_obligatoire(&self, colonne: usize) -> Result<Date, ErreurImport> {
        self.date(colonne)?
            .ok_or_else(|| self.erreur(colonne, "valeur obligatoire absente"))
    }

    fn decimal(&self, colonne: usize) -> Result<Option<f64>, ErreurImport> {
        let v = self.brut(colonne);
        if v.is_empty() {
            return Ok(None);
        }
        // Chiffres, avec au plus un séparateur décimal (`,` ou `.`) entre deux chiffres :
        // ni signe, ni exposant (« 1e5 »), ni « inf ».
        let (entiere, decimale) = match v.split_once([',', '.']) {
            Some((a, b)) => (a, Some(b)),
            None => (v, None),
        };
        let chiffres = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        if !chiffres(entiere) || decimale.is_some_and(|d| !chiffres(d)) {
            return Err(self.erreur(
                colonne,
                format!("« {v} » n'est pas un nombre positif écrit en chiffres (exemple : 10,5)"),
            ));
        }
        v.replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| {
                self.erreur(
                    colonne,
                    format!("« {v} » n'est pas un nombre (exemple : 10,5)"),
                )
            })
    }

    fn population(&self, colonne: usize) -> Result<Option<u32>, ErreurImport> {
        let v = self.brut(colonne);
        if v.is_empty() {
            return Ok(None);
        }
        let chiffres: String = v
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
            .collect();
        match chiffres.parse::<u32>() {
            Ok(n) if n <= POPULATION_MAX => Ok(Some(n)),
            Ok(n) => Err(self.erreur(
                colonne,
                format!("{n} habitants : au-delà de la population de la France ({POPULATION_MAX} au plus)"),
            )),
            Err(_) => Err(self.erreur(
                colonne,
                format!("« {v} » n'est pas un nombre entier positif d'habitants"),
            )),
        }
    }

    fn code<T: DeserializeOwned + JsonSchema>(
        &self,
        colonne: usize,
    ) -> Result<Option<T>, ErreurImport> {
        let v = self.brut(colonne);
        if v.is_empty() {
            return Ok(None);
        }
        depuis_code::<T>(v).map(Some).ok_or_else(|| {
            self.erreur(
                colonne,
                format!(
                    "le code « {v} » est inconnu (codes admis : {})",
                    codes_admis::<T>().join(", ")
                ),
            )
        })
    }

    fn code_obligatoire<T: DeserializeOwned + JsonSchema>(
        &self,
        colonne: usize,
    ) -> Result<T, ErreurImport> {
        self.code(colonne)?
            .ok_or_else(|| self.erreur(colonne, "valeur obligatoire absente"))
    }

    /// Un grade du catalogue, écrit par son code ou par son libellé.
    fn grade(&self, colonne: usize) -> Result<Option<String>, ErreurImport> {
        let v = self.brut(colonne);
        if v.is_empty() {
            return Ok(None);
        }
        grade_du_catalogue(v)
            .map(Some)
            .map_err(|m| self.erreur(colonne, m))
    }

    /// Année d'une session d'examen : `AAAA`, ou une date (`JJ/MM/AAAA`, `AAAA-MM-JJ`) dont
    /// l'année est retenue.
    fn session(&self, colonne: usize) -> Result<i32, ErreurImport> {
        let v = self.obligatoire(colonne)?;
        if v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()) {
            let annee: i32 = v.parse().unwrap_or(0);
            if !(droit::carriere::ANNEE_MIN..=droit::carriere::ANNEE_MAX).contains(&annee) {
                return Err(self.erreur(
                    colonne,
                    format!(
                        "l'année {annee} est hors des bornes admises ({} à {})",
                        droit::carriere::ANNEE_MIN,
                        droit::carriere::ANNEE_MAX
                    ),
                ));
            }
            return Ok(annee);
        }
        tableur::lire_date(&v)
            .map(|d| i32::from(d.year()))
            .map_err(|_| {
                self.erreur(
                    colonne,
                    format!(
                        "session attendue : une année (AAAA) ou une date (JJ/MM/AAAA ou AAAA-MM-JJ), reçu « {v} »"
                    ),
                )
            })
    }
}

/// Forme de comparaison d'un libellé : minuscules, espaces simples, apostrophe droite.
fn libelle_normalise(texte: &str) -> String {
    texte
        .to_lowercase()
        .replace(['’', 'ʼ'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Code d'un grade du catalogue écrit par son code (`redacteur_principal_2e_classe`) ou son
/// libellé (« Rédacteur principal de 2e classe », sans égard aux majuscules). Un libellé
/// porté par plusieurs grades est refusé : il faut alors le code.
fn grade_du_catalogue(valeur: &str) -> Result<String, String> {
    static LIBELLES: std::sync::OnceLock<HashMap<String, Vec<String>>> = std::sync::OnceLock::new();
    let cat = Catalogue::get();
    if cat.grade(valeur).is_some() {
        return Ok(valeur.to_owned());
    }
    let libelles = LIBELLES.get_or_init(|| {
        let mut m: HashMap<String, Vec<String>> = HashMap::new();
        for c in &cat.cadres {
            for g in &c.grades {
                m.entry(libelle_normalise(&g.libelle))
                    .or_default()
                    .push(g.code.clone());
            }
        }
        m
    });
    match libelles.get(&libelle_normalise(valeur)).map(Vec::as_slice) {
        Some([code]) => Ok(code.clone()),
        Some(codes) if codes.len() > 1 => Err(format!(
            "le libellé « {valeur} » désigne plusieurs grades ({}) : écrivez le code du grade",
            codes.join(", ")
        )),
        _ => Err(format!(
            "le grade « {valeur} » est inconnu du catalogue, ni par son code ni par son libellé (voir docs/codes.md)"
        )),
    }
}

/// Codes admis d'une énumération du contrat, lus dans son schéma JSON.
fn codes_admis<T: JsonSchema>() -> Vec<String> {
    fn collecter(v: &serde_json::Value, sortie: &mut Vec<String>) {
        if let Some(liste) = v.get("enum").and_then(|e| e.as_array()) {
            sortie.extend(liste.iter().filter_map(|x| x.as_str().map(str::to_owned)));
        }
        if let Some(c) = v.get("const").and_then(|c| c.as_str()) {
            sortie.push(c.to_owned());
        }
        for cle in ["oneOf", "anyOf"] {
            if let Some(liste) = v.get(cle).and_then(|e| e.as_array()) {
                for x in liste {
                    collecter(x, sortie);
                }
            }
        }
    }
    let schema = schemars::schema_for!(T);
    let mut codes = Vec::new();
    collecter(schema.as_value(), &mut codes);
    codes
}

/// Les feuilles à lire d'un classeur XLSX, chacune en fichier CSV nommé d'après le classeur
/// et la feuille (« agents.xlsx, feuille « Périodes » ») : celles dont le nom d'onglet
/// désigne une sorte de fichier (« agents », « périodes »…, voir
/// [`SorteFichier::noms_de_feuille`]), à défaut la première.
pub fn feuilles_xlsx(nom: &str, octets: &[u8]) -> Result<Vec<FichierCsv>, ErreurImport> {
    let noms: Vec<&str> = SorteFichier::TOUTES
        .iter()
        .flat_map(|s| s.noms_de_feuille().iter().copied())
        .collect();
    let feuilles = crate::xlsx::feuilles_attendues(octets, &noms).map_err(|m| ErreurImport {
        fichier: nom.to_owned(),
        ligne: 0,
        colonne: None,
        message: m,
    })?;
    Ok(feuilles
        .into_iter()
        .map(|x| FichierCsv::new(x.citer(nom), x.csv))
        .collect())
}

/// Les feuilles qu'un import lit dans les classeurs XLSX parmi ces fichiers, citées comme
/// dans les messages (« agents.xlsx, feuille « Agents » »), pour dire à l'utilisateur ce qui
/// est lu et ce qui ne l'est pas. Un classeur illisible n'y figure pas (l'import le refuse).
pub fn feuilles_lues(fichiers: &[FichierCsv]) -> Vec<String> {
    fichiers
        .iter()
        .filter(|f| crate::xlsx::est_xlsx(&f.octets))
        .filter_map(|f| feuilles_xlsx(&f.nom, &f.octets).ok())
        .flatten()
        .map(|x| x.nom)
        .collect()
}

/// Les textes à analyser d'un fichier : le fichier CSV décodé, ou chaque feuille à lire d'un
/// classeur XLSX ([`feuilles_xlsx`]).
fn textes_du_fichier(f: &FichierCsv) -> Result<Vec<(String, String)>, ErreurImport> {
    let decoder = |nom: &str, octets: &[u8]| {
        tableur::decoder(octets).map_err(|d| ErreurImport {
            fichier: nom.to_owned(),
            ligne: d.ligne,
            colonne: None,
            message: d.message,
        })
    };
    if !crate::xlsx::est_xlsx(&f.octets) {
        return Ok(vec![(f.nom.clone(), decoder(&f.nom, &f.octets)?)]);
    }
    feuilles_xlsx(&f.nom, &f.octets)?
        .into_iter()
        .map(|x| Ok((x.nom.clone(), decoder(&x.nom, &x.octets)?)))
        .collect()
}

/// Range une valeur lue dans les données de l'agent, avec sa provenance (fichier, ligne).
fn ranger<T>(
    donnees: &mut std::collections::BTreeMap<String, Vec<T>>,
    provenance: &mut Provenance,
    sorte: SorteFichier,
    matricule: String,
    ici: Origine,
    valeur: T,
) {
    donnees.entry(matricule.clone()).or_default().push(valeur);
    provenance
        .lignes
        .entry((sorte, matricule))
        .or_default()
        .push(ici);
}

/// Vérifie que l'agent d'une ligne est importé ou déjà en base.
fn agent_connu(
    ligne: &Ligne<'_>,
    matricules_lus: &HashMap<String, Origine>,
    connus: &Connus,
) -> Result<String, ErreurImport> {
    let matricule = ligne.obligatoire(0)?;
    if !matricules_lus.contains_key(&matricule) && !connus.matricules.contains(&matricule) {
        return Err(ligne.erreur(
            0,
            format!("l'agent « {matricule} » n'est ni dans les fichiers importés ni en base"),
        ));
    }
    Ok(matricule)
}

/// Lit et vérifie des fichiers ; rend le lot à enregistrer, sans rien écrire.
pub fn analyser(fichiers: &[FichierCsv], connus: &Connus) -> Result<LotImport, ErreurImport> {
    // Chaque fichier (ou feuille) est reconnu à son en-tête, puis traité dans l'ordre des
    // références : collectivités, agents, puis ce qui se rapporte aux agents.
    // Sorte, nom cité, texte, en-tête, place de chaque colonne admise.
    type FichierLu = (
        SorteFichier,
        String,
        String,
        Vec<String>,
        Vec<Option<usize>>,
    );
    let mut par_sorte: Vec<FichierLu> = Vec::new();
    for f in fichiers {
        for (nom, texte) in textes_du_fichier(f)? {
            let sep = separateur(&texte);
            let entete: Vec<String> = premiere_ligne(&texte)
                .split(sep as char)
                .map(|c| c.trim().trim_matches('"').trim().to_lowercase())
                .collect();
            let numero_entete =
                1 + texte.lines().take_while(|l| l.trim().is_empty()).count() as u64;
            let (sorte, positions) =
                SorteFichier::reconnaitre(&entete).map_err(|message| ErreurImport {
                    fichier: nom.clone(),
                    ligne: numero_entete,
                    colonne: None,
                    message,
                })?;
            par_sorte.push((sorte, nom, texte, entete, positions));
        }
    }
    par_sorte.sort_by_key(|(s, ..)| *s);

    let mut lot = LotImport::default();
    let mut provenance = Provenance::default();
    let mut codes_collectivites: HashSet<String> = connus.collectivites.clone();
    let mut codes_lus: HashMap<String, Origine> = HashMap::new();
    let mut matricules_lus: HashMap<String, Origine> = HashMap::new();
    let mut identites: HashMap<String, usize> = HashMap::new();

    for (sorte, nom, texte, entete, positions) in &par_sorte {
        provenance.entetes.insert(nom.clone(), entete.clone());
        let mut lecteur = csv::ReaderBuilder::new()
            .delimiter(separateur(texte))
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(texte.as_bytes());
        let attendu = entete.len();
        let lignes = Lignes::de(texte);
        for enreg in lecteur.records() {
            let valeurs = enreg.map_err(|e| ErreurImport {
                fichier: nom.clone(),
                ligne: e.position().map_or(0, |p| lignes.numero(p)),
                colonne: None,
                message: "ligne CSV illisible (guillemets mal fermés ?)".into(),
            })?;
            let numero = valeurs.position().map_or(0, |p| lignes.numero(p));
            if valeurs.len() != attendu {
                return Err(ErreurImport {
                    fichier: nom.clone(),
                    ligne: numero,
                    colonne: None,
                    message: format!(
                        "la ligne compte {} colonnes alors que l'en-tête en annonce {attendu}",
                        valeurs.len()
                    ),
                });
            }
            let ligne = Ligne {
                fichier: nom,
                numero,
                sorte: *sorte,
                entete,
                positions,
                valeurs,
            };
            for (colonne, valeur) in ligne.valeurs.iter().enumerate() {
                if let Some(defaut) = tableur::defaut_valeur(valeur) {
                    return Err(ligne.erreur_a(colonne, defaut));
                }
            }
            let ici = (nom.clone(), numero);
            match sorte {
                SorteFichier::Collectivites => {
                    let code = ligne.obligatoire(0)?;
                    if let Some((fic, l)) = codes_lus.get(&code) {
                        return Err(ligne.erreur(
                            0,
                            format!("la collectivité « {code} » figure déjà en {fic}, ligne {l}"),
                        ));
                    }
                    let type_collectivite = ligne.obligatoire(2)?;
                    if !TYPES_COLLECTIVITE.contains(&type_collectivite.as_str()) {
                        return Err(ligne.erreur(
                            2,
                            format!(
                                "le type « {type_collectivite} » est inconnu (types admis : {})",
                                TYPES_COLLECTIVITE.join(", ")
                            ),
                        ));
                    }
                    let affiliee = match ligne.obligatoire(4)?.to_lowercase().as_str() {
                        "oui" => true,
                        "non" => false,
                        autre => {
                            return Err(ligne
                                .erreur(4, format!("« {autre} » : attendu « oui » ou « non »")));
                        }
                    };
                    lot.collectivites.push(Collectivite {
                        code: code.clone(),
                        nom: ligne.obligatoire(1)?,
                        type_collectivite,
                        population: ligne.population(3)?,
                        affiliee,
                    });
                    codes_collectivites.insert(code.clone());
                    codes_lus.insert(code, ici);
                }
                SorteFichier::Agents => {
                    let matricule = ligne.obligatoire(0)?;
                    if let Some((fic, l)) = matricules_lus.get(&matricule) {
                        return Err(ligne.erreur(
                            0,
                            format!("le matricule « {matricule} » figure déjà en {fic}, ligne {l}"),
                        ));
                    }
                    let code_collectivite = ligne.obligatoire(1)?;
                    if !codes_collectivites.contains(&code_collectivite) {
                        return Err(ligne.erreur(
                            1,
                            format!(
                                "la collectivité « {code_collectivite} » n'est ni dans les fichiers importés ni en base"
                            ),
                        ));
                    }
                    // Sexe (facultatif) : `F` ou `M` (ou `femme`, `homme`) ; vide : non
                    // renseigné, ce qui est déjà connu est gardé.
                    let sexe = match ligne.brut(5).to_lowercase().as_str() {
                        "" => None,
                        "f" | "femme" => Some("femme".to_owned()),
                        "m" | "h" | "homme" => Some("homme".to_owned()),
                        _ => {
                            return Err(ligne.erreur(
                                5,
                                format!("« {} » : attendu « F » (femme) ou « M » (homme), ou une cellule vide si le sexe n'est pas renseigné", ligne.brut(5)),
                            ));
                        }
                    };
                    identites.insert(matricule.clone(), lot.agents.len());
                    lot.agents.push(IdentiteAgent {
                        fiche: FicheAgent {
                            matricule: matricule.clone(),
                            code_collectivite,
                            nom: ligne.obligatoire(2)?,
                            prenom: ligne.obligatoire(3)?,
                        },
                        date_naissance: ligne.date(4)?,
                        sexe,
                    });
                    provenance.agent.insert(matricule.clone(), ici.clone());
                    matricules_lus.insert(matricule, ici);
                }
                SorteFichier::Periodes => {
                    let matricule = agent_connu(&ligne, &matricules_lus, connus)?;
                    let periode = lire_periode(&ligne)?;
                    ranger(
                        &mut lot.carrieres,
                        &mut provenance,
                        *sorte,
                        matricule,
                        ici,
                        periode,
                    );
                }
                SorteFichier::Formations => {
                    let matricule = agent_connu(&ligne, &matricules_lus, connus)?;
                    let jours = ligne
                        .decimal(3)?
                        .ok_or_else(|| ligne.erreur(3, "valeur obligatoire absente"))?;
                    let formation = FormationSuivie {
                        type_formation: ligne.code_obligatoire::<TypeFormation>(1)?,
                        date: ligne.date_obligatoire(2)?,
                        jours,
                    };
                    ranger(
                        &mut lot.formations,
                        &mut provenance,
                        *sorte,
                        matricule,
                        ici,
                        formation,
                    );
                }
                SorteFichier::Dispenses => {
                    let matricule = agent_connu(&ligne, &matricules_lus, connus)?;
                    let dispense = Dispense {
                        type_formation: ligne.code_obligatoire::<TypeFormation>(1)?,
                        periode_debut: ligne.date(2)?,
                        jours: ligne.decimal(3)?,
                    };
                    ranger(
                        &mut lot.dispenses,
                        &mut provenance,
                        *sorte,
                        matricule,
                        ici,
                        dispense,
                    );
                }
                SorteFichier::PostesResponsabilite => {
                    let matricule = agent_connu(&ligne, &matricules_lus, connus)?;
                    let poste = PosteResponsabilite {
                        debut: ligne.date_obligatoire(1)?,
                        fin: ligne.date(2)?,
                    };
                    ranger(
                        &mut lot.postes_responsabilite,
                        &mut provenance,
                        *sorte,
                        matricule,
                        ici,
                        poste,
                    );
                }
                SorteFichier::Examens => {
                    let matricule = agent_connu(&ligne, &matricules_lus, connus)?;
                    let examen = ligne
                        .grade(1)?
                        .ok_or_else(|| ligne.erreur(1, "valeur obligatoire absente"))?;
                    let examen = ExamenReussi {
                        examen,
                        annee: ligne.session(2)?,
                        admis: true,
                    };
                    ranger(
                        &mut lot.examens,
                        &mut provenance,
                        *sorte,
                        matricule,
                        ici,
                        examen,
                    );
                }
            }
        }
    }

    // Validation de chaque carrière par le moteur (chevauchements, bornes, cohérence) ; une
    // erreur est rapportée à la ligne et à la colonne du fichier d'où vient la valeur.
    let matricules: Vec<String> = lot.matricules().into_iter().collect();
    for m in matricules {
        let agent = Agent {
            date_naissance: identites
                .get(&m)
                .and_then(|&i| lot.agents[i].date_naissance),
            periodes: lot.carrieres.get(&m).cloned().unwrap_or_default(),
            formations: lot.formations.get(&m).cloned(),
            dispenses: lot.dispenses.get(&m).cloned().unwrap_or_default(),
            postes_responsabilite: lot
                .postes_responsabilite
                .get(&m)
                .cloned()
                .unwrap_or_default(),
            examens: lot.examens.get(&m).cloned().unwrap_or_default(),
        };
        if let Err(e) = agent.valider("") {
            return Err(localiser(&provenance, &m, &e.chemin, e.message));
        }
    }
    Ok(lot)
}

fn lire_periode(ligne: &Ligne<'_>) -> Result<Periode, ErreurImport> {
    let debut = ligne.date_obligatoire(1)?;
    let grade = ligne.grade(5)?;
    let emploi_code = ligne.code::<EmploiCode>(10)?;
    let population = ligne.population(11)?;
    let surclassement = ligne.population(12)?;
    let emploi = match emploi_code {
        Some(code) => Some(Emploi {
            code,
            population,
            surclassement,
        }),
        None => {
            if population.is_some() {
                return Err(ligne.erreur(11, "population d'emploi donnée sans code d'emploi"));
            }
            if surclassement.is_some() {
                return Err(ligne.erreur(12, "surclassement donné sans code d'emploi"));
            }
            None
        }
    };
    // Fonction exercée pendant la période (colonnes facultatives 13 et 14).
    let fonction_population = ligne.population(14)?;
    let fonctions = match ligne.code::<FonctionCode>(13)? {
        Some(code) => vec![Fonction {
            code,
            population: fonction_population,
        }],
        None if fonction_population.is_some() => {
            return Err(ligne.erreur(14, "population de fonction donnée sans code de fonction"));
        }
        None => Vec::new(),
    };
    Ok(Periode {
        debut,
        fin: ligne.date(2)?,
        versant: ligne.code_obligatoire::<Versant>(3)?,
        statut: ligne.code_obligatoire::<Statut>(4)?,
        grade,
        position: ligne.code_obligatoire::<Position>(6)?,
        motif_disponibilite: ligne.code::<MotifDisponibilite>(7)?,
        quotite: ligne.decimal(8)?,
        heures_hebdomadaires: ligne.decimal(9)?,
        emploi,
        fonctions,
        conge_parental_octroye_le: None,
    })
}

/// Rapporte une erreur de validation (pointeur JSON dans l'agent) au fichier, à la ligne et
/// à la colonne d'où vient la valeur.
fn localiser(p: &Provenance, matricule: &str, chemin: &str, message: String) -> ErreurImport {
    let segments: Vec<&str> = chemin.split('/').filter(|s| !s.is_empty()).collect();
    let (sorte, rang, reste): (SorteFichier, Option<&str>, &[&str]) = match segments.as_slice() {
        ["periodes", i, reste @ ..] => (SorteFichier::Periodes, Some(*i), reste),
        ["formations", i, reste @ ..] => (SorteFichier::Formations, Some(*i), reste),
        ["dispenses", i, reste @ ..] => (SorteFichier::Dispenses, Some(*i), reste),
        ["postes_responsabilite", i, reste @ ..] => {
            (SorteFichier::PostesResponsabilite, Some(*i), reste)
        }
        ["examens", i, reste @ ..] => (SorteFichier::Examens, Some(*i), reste),
        reste => (SorteFichier::Agents, None, reste),
    };
    let champ = match (sorte, reste) {
        (SorteFichier::Periodes, ["emploi", "population"]) => "emploi_population",
        (SorteFichier::Periodes, ["emploi", "surclassement"]) => "emploi_surclassement",
        (SorteFichier::Periodes, ["fonctions", _, "population"]) => "fonction_population",
        (SorteFichier::Periodes, ["fonctions", ..]) => "fonction",
        (SorteFichier::Examens, ["annee"]) => "session",
        (_, [c, ..]) => c,
        (_, []) => "",
    };
    let source = match rang {
        Some(i) => i.parse::<usize>().ok().and_then(|i| {
            p.lignes
                .get(&(sorte, matricule.to_owned()))?
                .get(i)
                .cloned()
        }),
        None => p.agent.get(matricule).cloned(),
    };
    let (fichier, ligne) = source
        .or_else(|| p.agent.get(matricule).cloned())
        .unwrap_or_else(|| ("(fichiers importés)".to_owned(), 0));
    let colonne = p
        .entetes
        .get(&fichier)
        .and_then(|e| e.iter().position(|c| c == champ))
        .map(|n| (n + 1, champ.to_owned()));
    ErreurImport {
        fichier,
        ligne,
        colonne,
        message: format!("agent « {matricule} » : {}", minuscule_initiale(&message)),
    }
}

fn minuscule_initiale(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(premier) => premier.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Importe des fichiers CSV ou XLSX : vérification complète, puis écriture en une transaction.
pub async fn importer(
    store: &Store,
    fichiers: &[FichierCsv],
    acteur: &Acteur,
    progression: &mut dyn FnMut(usize, usize),
) -> Result<Bilan, EchecImport> {
    // L'import est une opération du centre de gestion : il voit tout le référentiel.
    let portee = Portee::Cdg;
    let connus = Connus {
        collectivites: store
            .codes_collectivites(&portee)
            .await?
            .into_iter()
            .collect(),
        matricules: store.matricules(&portee).await?.into_iter().collect(),
    };
    let lot = analyser(fichiers, &connus)?;
    let origine: Vec<&str> = fichiers.iter().map(|f| f.nom.as_str()).collect();
    store
        .enregistrer(&lot, &origine.join(", "), acteur, progression)
        .await
        .map_err(|e| match e {
            ErreurStockage::Base(b) if crate::verrou::base_occupee(&b) => EchecImport::BaseOccupee,
            autre => EchecImport::Stockage(autre),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Une date impossible à la 4e ligne d'un fichier de périodes : la 4e ligne est citée,
    /// que les lignes finissent par `\n` ou par `\r\n` (tableur sous Windows).
    #[test]
    fn numero_de_ligne_cite_avec_fins_de_ligne_unix_et_windows() {
        let lignes = [
            "matricule;debut;fin;versant;statut;grade;position;motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement",
            "T-01;01/09/2008;28/02/2014;territoriale;titulaire;technicien;activite;;;;;;",
            "T-01;01/03/2014;28/02/2019;territoriale;titulaire;technicien;activite;;;;;;",
            "T-01;31/02/2019;;territoriale;titulaire;technicien;activite;;;;;;",
        ];
        let connus = Connus {
            matricules: HashSet::from(["T-01".to_owned()]),
            ..Connus::default()
        };
        for fin in ["\n", "\r\n"] {
            let texte = lignes.join(fin) + fin;
            let e = analyser(&[FichierCsv::new("periodes.csv", texte)], &connus).unwrap_err();
            assert_eq!(
                (e.ligne, e.colonne.clone()),
                (4, Some((2, "debut".to_owned()))),
                "fin de ligne {fin:?} : {e}"
            );
        }
    }

    #[test]
    fn codes_admis_viennent_du_contrat() {
        let codes = codes_admis::<Versant>();
        assert_eq!(
            codes,
            vec![
                "territoriale",
                "etat",
                "hospitaliere",
                "hors_fonction_publique"
            ]
        );
    }
}
