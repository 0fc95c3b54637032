//! Import CSV (format décrit dans `docs/format-import.md`) : collectivités, agents, périodes
//! de carrière et formations.
//!
//! Les fichiers sont lus en entier et vérifiés avant toute écriture : la moindre valeur
//! invalide refuse l'import entier avec un message qui nomme le fichier, la ligne et la
//! colonne. L'écriture se fait ensuite en une transaction ([`Store::enregistrer`]).

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

use droit::carriere::{
    Agent, Emploi, EmploiCode, FormationSuivie, MotifDisponibilite, Periode, Position, Statut,
    TypeFormation, Versant,
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

/// Les quatre sortes de fichiers, reconnues à leur ligne d'en-tête.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SorteFichier {
    Collectivites,
    Agents,
    Periodes,
    Formations,
}

impl SorteFichier {
    /// Colonnes attendues, dans l'ordre (docs/format-import.md).
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
        }
    }

    const TOUTES: [SorteFichier; 4] = [
        SorteFichier::Collectivites,
        SorteFichier::Agents,
        SorteFichier::Periodes,
        SorteFichier::Formations,
    ];
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

/// Lit des fichiers ou des dossiers (dans un dossier : tous les `*.csv`, par ordre de nom).
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
                .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")))
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

/// Séparateur détecté sur la ligne d'en-tête : `;` s'il y figure, sinon `,`.
fn separateur(texte: &str) -> u8 {
    let entete = texte.lines().next().unwrap_or("");
    if entete.contains(';') { b';' } else { b',' }
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

/// Où se trouve chaque donnée d'un agent dans les fichiers, pour localiser les erreurs de
/// validation de carrière.
#[derive(Debug, Default)]
struct Provenance {
    agent: HashMap<String, (String, u64)>,
    periodes: HashMap<String, Vec<(String, u64)>>,
    formations: HashMap<String, Vec<(String, u64)>>,
}

/// Une ligne lue, avec de quoi nommer sa position.
struct Ligne<'a> {
    fichier: &'a str,
    numero: u64,
    sorte: SorteFichier,
    valeurs: csv::StringRecord,
}

impl Ligne<'_> {
    fn erreur(&self, colonne: usize, message: impl Into<String>) -> ErreurImport {
        ErreurImport {
            fichier: self.fichier.to_owned(),
            ligne: self.numero,
            colonne: Some((colonne + 1, self.sorte.colonnes()[colonne].to_owned())),
            message: message.into(),
        }
    }

    fn brut(&self, colonne: usize) -> &str {
        self.valeurs.get(colonne).unwrap_or("")
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

/// Lit et vérifie des fichiers ; rend le lot à enregistrer, sans rien écrire.
pub fn analyser(fichiers: &[FichierCsv], connus: &Connus) -> Result<LotImport, ErreurImport> {
    // Chaque fichier est reconnu à son en-tête, puis traité dans l'ordre des références :
    // collectivités, agents, périodes, formations.
    let mut par_sorte: Vec<(SorteFichier, &FichierCsv, String)> = Vec::new();
    for f in fichiers {
        let texte = tableur::decoder(&f.octets).map_err(|d| ErreurImport {
            fichier: f.nom.clone(),
            ligne: d.ligne,
            colonne: None,
            message: d.message,
        })?;
        let sep = separateur(&texte);
        let entete: Vec<String> = texte
            .lines()
            .next()
            .unwrap_or("")
            .split(sep as char)
            .map(|c| c.trim().trim_matches('"').trim().to_lowercase())
            .collect();
        let sorte = SorteFichier::TOUTES.into_iter().find(|s| {
            entete
                .iter()
                .map(String::as_str)
                .eq(s.colonnes().iter().copied())
        });
        let Some(sorte) = sorte else {
            return Err(ErreurImport {
                fichier: f.nom.clone(),
                ligne: 1,
                colonne: None,
                message: format!(
                    "en-tête non reconnu « {} » ; en-têtes attendus : {} (voir docs/format-import.md)",
                    entete.join(";"),
                    SorteFichier::TOUTES
                        .iter()
                        .map(|s| format!("« {} »", s.colonnes().join(";")))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        };
        par_sorte.push((sorte, f, texte));
    }
    par_sorte.sort_by_key(|(s, _, _)| *s);

    let mut lot = LotImport::default();
    let mut provenance = Provenance::default();
    let mut codes_collectivites: HashSet<String> = connus.collectivites.clone();
    let mut codes_lus: HashMap<String, (String, u64)> = HashMap::new();
    let mut matricules_lus: HashMap<String, (String, u64)> = HashMap::new();
    let mut identites: HashMap<String, usize> = HashMap::new();

    for (sorte, f, texte) in &par_sorte {
        let mut lecteur = csv::ReaderBuilder::new()
            .delimiter(separateur(texte))
            .has_headers(true)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(texte.as_bytes());
        let attendu = sorte.colonnes().len();
        let lignes = Lignes::de(texte);
        for enreg in lecteur.records() {
            let valeurs = enreg.map_err(|e| ErreurImport {
                fichier: f.nom.clone(),
                ligne: e.position().map_or(0, |p| lignes.numero(p)),
                colonne: None,
                message: "ligne CSV illisible (guillemets mal fermés ?)".into(),
            })?;
            let numero = valeurs.position().map_or(0, |p| lignes.numero(p));
            if valeurs.len() != attendu {
                return Err(ErreurImport {
                    fichier: f.nom.clone(),
                    ligne: numero,
                    colonne: None,
                    message: format!(
                        "la ligne compte {} colonnes alors que l'en-tête en annonce {attendu}",
                        valeurs.len()
                    ),
                });
            }
            let ligne = Ligne {
                fichier: &f.nom,
                numero,
                sorte: *sorte,
                valeurs,
            };
            for (colonne, valeur) in ligne.valeurs.iter().enumerate() {
                if let Some(defaut) = tableur::defaut_valeur(valeur) {
                    return Err(ligne.erreur(colonne, defaut));
                }
            }
            let ici = (f.nom.clone(), numero);
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
                    identites.insert(matricule.clone(), lot.agents.len());
                    lot.agents.push(IdentiteAgent {
                        fiche: FicheAgent {
                            matricule: matricule.clone(),
                            code_collectivite,
                            nom: ligne.obligatoire(2)?,
                            prenom: ligne.obligatoire(3)?,
                        },
                        date_naissance: ligne.date(4)?,
                    });
                    provenance.agent.insert(matricule.clone(), ici.clone());
                    matricules_lus.insert(matricule, ici);
                }
                SorteFichier::Periodes => {
                    let matricule = ligne.obligatoire(0)?;
                    if !matricules_lus.contains_key(&matricule)
                        && !connus.matricules.contains(&matricule)
                    {
                        return Err(ligne.erreur(
                            0,
                            format!("l'agent « {matricule} » n'est ni dans les fichiers importés ni en base"),
                        ));
                    }
                    let periode = lire_periode(&ligne)?;
                    lot.carrieres
                        .entry(matricule.clone())
                        .or_default()
                        .push(periode);
                    provenance.periodes.entry(matricule).or_default().push(ici);
                }
                SorteFichier::Formations => {
                    let matricule = ligne.obligatoire(0)?;
                    if !matricules_lus.contains_key(&matricule)
                        && !connus.matricules.contains(&matricule)
                    {
                        return Err(ligne.erreur(
                            0,
                            format!("l'agent « {matricule} » n'est ni dans les fichiers importés ni en base"),
                        ));
                    }
                    let jours = ligne
                        .decimal(3)?
                        .ok_or_else(|| ligne.erreur(3, "valeur obligatoire absente"))?;
                    let formation = FormationSuivie {
                        type_formation: ligne.code_obligatoire::<TypeFormation>(1)?,
                        date: ligne
                            .date(2)?
                            .ok_or_else(|| ligne.erreur(2, "valeur obligatoire absente"))?,
                        jours,
                    };
                    lot.formations
                        .entry(matricule.clone())
                        .or_default()
                        .push(formation);
                    provenance
                        .formations
                        .entry(matricule)
                        .or_default()
                        .push(ici);
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
            ..Default::default()
        };
        if let Err(e) = agent.valider("") {
            return Err(localiser(&provenance, &m, &e.chemin, e.message));
        }
    }
    Ok(lot)
}

fn lire_periode(ligne: &Ligne<'_>) -> Result<Periode, ErreurImport> {
    let debut = ligne
        .date(1)?
        .ok_or_else(|| ligne.erreur(1, "valeur obligatoire absente"))?;
    let grade = ligne.texte(5);
    if let Some(g) = &grade
        && Catalogue::get().grade(g).is_none()
    {
        return Err(ligne.erreur(
            5,
            format!("le grade « {g} » est inconnu du catalogue (voir docs/codes.md)"),
        ));
    }
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
        fonctions: Vec::new(),
        conge_parental_octroye_le: None,
    })
}

/// Rapporte une erreur de validation (pointeur JSON dans l'agent) au fichier, à la ligne et
/// à la colonne d'où vient la valeur.
fn localiser(p: &Provenance, matricule: &str, chemin: &str, message: String) -> ErreurImport {
    let segments: Vec<&str> = chemin.split('/').filter(|s| !s.is_empty()).collect();
    let (source, sorte, champ) = match segments.as_slice() {
        ["periodes", i, reste @ ..] => {
            let champ = match reste {
                ["emploi", "population"] => "emploi_population".to_owned(),
                ["emploi", "surclassement"] => "emploi_surclassement".to_owned(),
                [c, ..] => (*c).to_owned(),
                [] => String::new(),
            };
            let src = i
                .parse::<usize>()
                .ok()
                .and_then(|i| p.periodes.get(matricule)?.get(i).cloned());
            (src, SorteFichier::Periodes, champ)
        }
        ["formations", i, reste @ ..] => {
            let src = i
                .parse::<usize>()
                .ok()
                .and_then(|i| p.formations.get(matricule)?.get(i).cloned());
            (
                src,
                SorteFichier::Formations,
                reste.first().copied().unwrap_or("").to_owned(),
            )
        }
        ["date_naissance"] => (
            p.agent.get(matricule).cloned(),
            SorteFichier::Agents,
            "date_naissance".to_owned(),
        ),
        _ => (
            p.agent.get(matricule).cloned(),
            SorteFichier::Agents,
            String::new(),
        ),
    };
    let (fichier, ligne) = source
        .or_else(|| p.agent.get(matricule).cloned())
        .unwrap_or_else(|| ("(fichiers importés)".to_owned(), 0));
    let colonne = sorte
        .colonnes()
        .iter()
        .position(|c| *c == champ)
        .map(|n| (n + 1, champ.clone()));
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

/// Importe des fichiers CSV : vérification complète, puis écriture en une transaction.
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
