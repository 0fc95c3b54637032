//! Registre des inscriptions sur les listes d'aptitude et vie de chaque inscription
//! (contrat v2, « Life of the liste d'aptitude and nomination »).
//!
//! Tables (migration `0005_inscriptions`) :
//! - `inscriptions` : la personne inscrite (identité gardée ici : la liste est nationale,
//!   une personne d'un autre centre de gestion peut être inscrite), le grade d'accès, l'année
//!   de la liste, la date d'inscription, l'origine (liste établie, import, saisie) et l'état
//!   calculé par le moteur à la date de la dernière écriture ;
//! - `inscriptions_evenements` : les évènements, en ajout seul (demande de maintien,
//!   suspension et fin de suspension avec leur motif, offre et réponse, nomination et sa
//!   confirmation).
//!
//! Les règles sont celles du moteur : la situation se calcule par la commande
//! `liste-aptitude` ([`droit::liste_aptitude`]) à partir des évènements, la nomination par la
//! commande `nomination` ([`droit::nomination`]). La date du jour est fournie par l'appelant
//! (lue à la bordure, par le serveur), jamais lue ici.
//!
//! Cloisonnement : une inscription appartient à la collectivité qui employait la personne
//! (`collectivite`) ; un compte de collectivité ne voit que celles de ses collectivités
//! ([`Portee`]). Toute écriture est journalisée avec son auteur dans la même transaction :
//! `inscription.creer`, `inscription.evenement` (`inscription:<id>`), `carriere.nomination`
//! (`agent:<matricule>`).

use std::collections::BTreeMap;

use droit::carriere::Periode;
use droit::date::format_fr;
use droit::liste_aptitude::{
    DemandeListeAptitude, MotifRadiation, MotifSuspension, Offre, ReponseListeAptitude,
    ReponseOffre, StatutListe, Suspension,
};
use droit::nomination::{DemandeNomination, EmployeurNomination, ReponseNomination, TypeEmployeur};
use droit::vocabulaire::{Position, Statut, Versant};
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::acces::{Acteur, Portee};
use crate::campagnes::{json_lu, maintenant};
use crate::journal::{Ecriture, Evenement, Journaliser};
use crate::lignes::code_de;
use crate::{ErreurStockage, Store, cle_tri, selon_moteur};

/// Sorte d'évènement de la vie d'une inscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TypeEvenement {
    /// Demande écrite de maintien sur la liste (date de réception).
    DemandeMaintien,
    /// Début d'une suspension du décompte (`motif`, codes de docs/codes.md).
    Suspension,
    /// Dernier jour d'une suspension en cours (`motif` facultatif : la plus récente sinon).
    FinSuspension,
    /// Offre d'emploi (date de réception de la lettre recommandée).
    Offre,
    /// Réponse à la dernière offre sans réponse (`reponse`).
    ReponseOffre,
    /// Nomination (comme stagiaire, ou titulaire en cas de titularisation directe) : radie
    /// l'inscription.
    Nomination,
    /// Confirmation de la nomination : ajoute la période de stage à la carrière de l'agent
    /// enregistré.
    ConfirmationNomination,
}

impl TypeEvenement {
    pub fn code(self) -> String {
        code_de(&self)
    }

    pub fn libelle(self) -> &'static str {
        match self {
            TypeEvenement::DemandeMaintien => "demande de maintien",
            TypeEvenement::Suspension => "début de suspension",
            TypeEvenement::FinSuspension => "fin de suspension",
            TypeEvenement::Offre => "offre d'emploi",
            TypeEvenement::ReponseOffre => "réponse à une offre",
            TypeEvenement::Nomination => "nomination",
            TypeEvenement::ConfirmationNomination => "confirmation de la nomination",
        }
    }

    /// Les sortes qu'un compte de collectivité peut enregistrer (les autres sont celles du
    /// service carrières du centre de gestion).
    pub fn ouvert_aux_collectivites(self) -> bool {
        matches!(
            self,
            TypeEvenement::Nomination | TypeEvenement::ConfirmationNomination
        )
    }
}

/// Un évènement à enregistrer (corps de `POST /api/v1/inscriptions/{id}/evenements`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NouvelEvenement {
    #[serde(rename = "type")]
    pub type_evenement: TypeEvenement,
    /// Date de l'évènement : réception de la demande ou de l'offre, premier jour de la
    /// suspension, dernier jour de la suspension (`fin_suspension`), date de la réponse, date
    /// de la nomination. Pour `confirmation_nomination`, facultative (date de la nomination).
    #[serde(default)]
    pub date: Option<Date>,
    /// Motif de suspension (`suspension`, facultatif pour `fin_suspension`).
    #[serde(default)]
    pub motif: Option<MotifSuspension>,
    /// Réponse à l'offre (`reponse_offre`).
    #[serde(default)]
    pub reponse: Option<ReponseOffre>,
    /// Collectivité qui nomme (code) (`nomination`) ; absente : celle de l'inscription.
    #[serde(default)]
    pub collectivite: Option<String>,
    /// Emploi sur lequel la personne est nommée (`nomination`).
    #[serde(default)]
    pub emploi: Option<String>,
    /// Référence de la déclaration de vacance de l'emploi (`nomination`) ; absente : la
    /// vacance n'est pas déclarée, et la nomination est refusée (sous peine de nullité).
    #[serde(default)]
    pub vacance: Option<String>,
    /// L'emploi a été créé par l'organe délibérant (`nomination`) ; absent : inconnu.
    #[serde(default)]
    pub poste_cree: Option<bool>,
}

/// Un évènement enregistré.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvenementInscription {
    pub id: i64,
    #[serde(rename = "type")]
    pub type_evenement: TypeEvenement,
    pub date: Date,
    /// Ce qui précise l'évènement (`motif`, `reponse`, nomination…).
    pub detail: Value,
    pub enregistre_le: String,
    pub enregistre_par: String,
}

/// Origine d'une inscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceInscription {
    /// Liste établie dans Passerelle (`liste_id`).
    Liste,
    /// Liste antérieure importée (CSV ou XLSX).
    Import,
    /// Saisie par le service carrières.
    Saisie,
}

/// Une inscription à enregistrer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NouvelleInscription {
    /// Matricule de l'agent s'il est enregistré dans Passerelle.
    #[serde(default)]
    pub matricule: Option<String>,
    pub nom: String,
    pub prenom: String,
    #[serde(default)]
    pub date_naissance: Option<Date>,
    /// Collectivité qui emploie la personne (code) ; elle voit l'inscription.
    #[serde(default)]
    pub collectivite: Option<String>,
    /// Centre de gestion qui a établi la liste, s'il n'est pas celui-ci.
    #[serde(default)]
    pub centre_gestion: Option<String>,
    /// Grade d'accès (code du catalogue).
    pub cible: String,
    /// Année de la liste d'aptitude.
    pub annee: i32,
    /// Date d'effet de l'inscription.
    pub inscription: Date,
    /// Liste établie dans Passerelle.
    #[serde(default)]
    pub liste_id: Option<i64>,
    #[serde(default = "source_saisie")]
    pub source: SourceInscription,
}

fn source_saisie() -> SourceInscription {
    SourceInscription::Saisie
}

/// Une inscription enregistrée (sans son état).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inscription {
    pub id: i64,
    pub matricule: Option<String>,
    pub nom: String,
    pub prenom: String,
    pub date_naissance: Option<Date>,
    pub collectivite: Option<String>,
    pub centre_gestion: Option<String>,
    pub cible: String,
    pub annee: i32,
    /// Date d'effet de l'inscription.
    pub inscription: Date,
    pub liste_id: Option<i64>,
    pub source: SourceInscription,
    pub creee_le: String,
    pub creee_par: String,
}

/// Situation d'une inscription à une date, calculée par le moteur.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EtatInscription {
    /// Date à laquelle la situation est appréciée.
    pub au: Date,
    pub statut: StatutListe,
    pub motif_radiation: Option<MotifRadiation>,
    /// Dernier jour de l'inscription en cours ; `null` si le décompte est suspendu sans date
    /// de fin connue (inconnu).
    pub fin_validite: Option<Date>,
    pub prochaine_demande_maintien_avant: Option<Date>,
    /// Premier jour de la suspension en cours.
    pub suspendu_depuis: Option<Date>,
    pub date_radiation: Option<Date>,
    /// Réponse complète du moteur (`liste-aptitude`) : échéances, offres, explication,
    /// textes appliqués.
    pub moteur: ReponseListeAptitude,
}

impl EtatInscription {
    /// Code de l'état pour les recherches : `inscrit`, `suspendu` ou `radie`.
    pub fn code(&self) -> &'static str {
        match (self.statut, self.suspendu_depuis) {
            (StatutListe::Radie, _) => "radie",
            (StatutListe::Inscrit, Some(_)) => "suspendu",
            (StatutListe::Inscrit, None) => "inscrit",
        }
    }

    /// Libellé français de l'état.
    pub fn libelle(&self) -> String {
        match (self.statut, self.suspendu_depuis, self.motif_radiation) {
            (StatutListe::Radie, _, m) => format!(
                "radiée ({})",
                m.map(libelle_motif_radiation).unwrap_or("motif inconnu")
            ),
            (StatutListe::Inscrit, Some(d), _) => {
                format!("inscrite, décompte suspendu depuis le {}", format_fr(d))
            }
            (StatutListe::Inscrit, None, _) => "inscrite".to_owned(),
        }
    }
}

/// Libellé français d'un motif de radiation.
pub fn libelle_motif_radiation(m: MotifRadiation) -> &'static str {
    match m {
        MotifRadiation::FinValidite => "fin de la durée maximale d'inscription",
        MotifRadiation::DeuxRefus => "deux offres d'emploi refusées",
        MotifRadiation::Nomination => "nomination",
        MotifRadiation::MaintienNonDemande => "maintien non demandé à temps",
    }
}

/// Une inscription, ses évènements et sa situation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InscriptionDetaillee {
    #[serde(flatten)]
    pub inscription: Inscription,
    pub evenements: Vec<EvenementInscription>,
    pub etat: EtatInscription,
}

/// Recherche dans le registre.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FiltreInscriptions {
    /// Nom ou prénom (début ou partie, sans accents ni casse).
    pub texte: Option<String>,
    pub cible: Option<String>,
    pub annee: Option<i32>,
    pub collectivite: Option<String>,
    /// `inscrit`, `suspendu` ou `radie`.
    pub statut: Option<String>,
    /// Prochaine demande de maintien à recevoir au plus tard ce jour (inclus).
    pub echeance_avant: Option<Date>,
    /// Page (à partir de 1) ; `None` : tout.
    pub page: Option<u32>,
    pub par_page: u32,
}

/// Une page du registre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageInscriptions {
    pub total: usize,
    pub page: u32,
    pub par_page: u32,
    pub inscriptions: Vec<InscriptionDetaillee>,
}

/// Nominations prononcées une année pour un grade (pour la clause de sauvegarde des
/// campagnes suivantes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NominationsAnnee {
    pub annee: i32,
    pub cible: String,
    pub nombre: u32,
}

/// Clé de tri et de recherche du registre : nom puis prénom, sans accents ni casse, la
/// particule « de » ou « d' » écrite en minuscules en tête du nom ignorée (même ordre
/// alphabétique français que la publication des listes,
/// [`droit::liste_aptitude::cle_nom_publication`]).
pub fn cle_registre(nom: &str, prenom: &str) -> String {
    let t = nom.trim_start();
    let sans = ["de ", "d'", "d\u{2019}"]
        .iter()
        .find_map(|p| t.strip_prefix(p))
        .filter(|reste| !reste.trim().is_empty())
        .unwrap_or(t);
    cle_tri(&format!("{sans} {prenom}"))
}

// ------------------------------------------------------------------ Calcul

fn invalide(m: impl Into<String>) -> ErreurStockage {
    ErreurStockage::Invalide(m.into())
}

/// L'entrée de la commande `liste-aptitude` tirée des évènements, appréciée au jour donné
/// (au plus tôt le jour de l'inscription ou du dernier évènement daté).
pub fn demande_moteur(
    inscription: Date,
    evenements: &[EvenementInscription],
    aujourd_hui: Date,
) -> Result<DemandeListeAptitude, ErreurStockage> {
    let mut d = DemandeListeAptitude {
        inscription,
        aujourd_hui: aujourd_hui.max(inscription),
        demandes_maintien: Vec::new(),
        suspensions: Vec::new(),
        offres: Vec::new(),
        nomination: None,
    };
    for e in evenements {
        if e.type_evenement != TypeEvenement::FinSuspension {
            d.aujourd_hui = d.aujourd_hui.max(e.date);
        }
        match e.type_evenement {
            TypeEvenement::DemandeMaintien => d.demandes_maintien.push(e.date),
            TypeEvenement::Suspension => {
                let motif = e
                    .detail
                    .get("motif")
                    .and_then(|m| serde_json::from_value(m.clone()).ok())
                    .ok_or_else(|| {
                        ErreurStockage::Donnee(format!("suspension n° {} sans motif", e.id))
                    })?;
                d.suspensions.push(Suspension {
                    motif,
                    debut: e.date,
                    fin: None,
                });
            }
            TypeEvenement::FinSuspension => {
                let motif: Option<MotifSuspension> = e
                    .detail
                    .get("motif")
                    .and_then(|m| serde_json::from_value(m.clone()).ok());
                let ouverte = d
                    .suspensions
                    .iter_mut()
                    .rev()
                    .find(|s| s.fin.is_none() && motif.is_none_or(|m| m == s.motif));
                match ouverte {
                    Some(s) if e.date >= s.debut => s.fin = Some(e.date),
                    Some(s) => {
                        return Err(invalide(format!(
                            "la fin de la suspension ({}) précède son début ({})",
                            format_fr(e.date),
                            format_fr(s.debut)
                        )));
                    }
                    None => {
                        return Err(ErreurStockage::refus(
                            "aucune_suspension_en_cours",
                            "aucune suspension en cours (de ce motif) à terminer",
                        ));
                    }
                }
            }
            TypeEvenement::Offre => d.offres.push(Offre {
                date: e.date,
                reponse: None,
                date_reponse: None,
            }),
            TypeEvenement::ReponseOffre => {
                let reponse: ReponseOffre = e
                    .detail
                    .get("reponse")
                    .and_then(|m| serde_json::from_value(m.clone()).ok())
                    .ok_or_else(|| {
                        ErreurStockage::Donnee(format!("réponse n° {} sans réponse", e.id))
                    })?;
                let Some(o) = d.offres.iter_mut().rev().find(|o| o.reponse.is_none()) else {
                    return Err(ErreurStockage::refus(
                        "aucune_offre_en_attente",
                        "aucune offre d'emploi n'attend de réponse",
                    ));
                };
                if e.date < o.date {
                    return Err(invalide(format!(
                        "la réponse ({}) précède l'offre ({})",
                        format_fr(e.date),
                        format_fr(o.date)
                    )));
                }
                o.reponse = Some(reponse);
                o.date_reponse = Some(e.date);
            }
            TypeEvenement::Nomination => {
                if d.nomination.is_some() {
                    return Err(ErreurStockage::refus(
                        "deja_nomme",
                        "la nomination est déjà enregistrée",
                    ));
                }
                d.nomination = Some(e.date);
            }
            TypeEvenement::ConfirmationNomination => {}
        }
    }
    Ok(d)
}

/// La situation d'une inscription au jour donné, par la commande `liste-aptitude`.
pub fn etat(
    inscription: Date,
    evenements: &[EvenementInscription],
    aujourd_hui: Date,
) -> Result<EtatInscription, ErreurStockage> {
    let d = demande_moteur(inscription, evenements, aujourd_hui)?;
    let au = d.aujourd_hui;
    let suspensions = d.suspensions.clone();
    let moteur = droit::liste_aptitude::executer(d).map_err(|e| invalide(e.message))?;
    let suspendu_depuis = if moteur.decompte_suspendu {
        suspensions
            .iter()
            .filter(|s| s.debut <= au && s.fin.is_none_or(|f| f >= au))
            .map(|s| s.debut)
            .min()
    } else {
        None
    };
    Ok(EtatInscription {
        au,
        statut: moteur.statut,
        motif_radiation: moteur.motif_radiation,
        fin_validite: moteur.fin_validite,
        prochaine_demande_maintien_avant: moteur.prochaine_demande_maintien_avant,
        suspendu_depuis,
        date_radiation: moteur.date_radiation,
        moteur,
    })
}

/// Nature de l'employeur pour la commande `nomination`, d'après le type de collectivité.
fn type_employeur(code: &str) -> TypeEmployeur {
    match code {
        "commune" => TypeEmployeur::Commune,
        "epci" => TypeEmployeur::Epci,
        "departement" => TypeEmployeur::Departement,
        "region" => TypeEmployeur::Region,
        "oph" => TypeEmployeur::Oph,
        "ccas" | "sdis" | "cdg" | "autre_etablissement" => TypeEmployeur::EtablissementPublic,
        _ => TypeEmployeur::Autre,
    }
}

// ------------------------------------------------------------------ Lecture

#[derive(sqlx::FromRow)]
struct LigneInscription {
    id: i64,
    matricule: Option<String>,
    nom: String,
    prenom: String,
    date_naissance: Option<String>,
    collectivite: Option<String>,
    centre_gestion: Option<String>,
    cible: String,
    annee: i64,
    date_inscription: String,
    liste_id: Option<i64>,
    source: String,
    creee_le: String,
    creee_par: String,
}

const COLONNES: &str = "i.id, i.matricule, i.nom, i.prenom, i.date_naissance, i.collectivite, \
     i.centre_gestion, i.cible, i.annee, i.date_inscription, i.liste_id, i.source, i.creee_le, \
     i.creee_par";

fn date_lue(texte: &str, colonne: &str) -> Result<Date, ErreurStockage> {
    texte.parse().map_err(|_| {
        ErreurStockage::Donnee(format!("date « {texte} » illisible (colonne {colonne})"))
    })
}

impl LigneInscription {
    fn en_inscription(self) -> Result<Inscription, ErreurStockage> {
        Ok(Inscription {
            id: self.id,
            matricule: self.matricule,
            nom: self.nom,
            prenom: self.prenom,
            date_naissance: self
                .date_naissance
                .as_deref()
                .map(|d| date_lue(d, "date_naissance"))
                .transpose()?,
            collectivite: self.collectivite,
            centre_gestion: self.centre_gestion,
            cible: self.cible,
            annee: self.annee as i32,
            inscription: date_lue(&self.date_inscription, "date_inscription")?,
            liste_id: self.liste_id,
            source: crate::lignes::depuis_code(&self.source).ok_or_else(|| {
                ErreurStockage::Donnee(format!("origine « {} » inconnue", self.source))
            })?,
            creee_le: self.creee_le,
            creee_par: self.creee_par,
        })
    }
}

#[derive(sqlx::FromRow)]
struct LigneEvenement {
    id: i64,
    inscription_id: i64,
    type_evenement: String,
    date_evenement: String,
    detail: String,
    enregistre_le: String,
    enregistre_par: String,
}

impl LigneEvenement {
    fn en_evenement(self) -> Result<(i64, EvenementInscription), ErreurStockage> {
        Ok((
            self.inscription_id,
            EvenementInscription {
                id: self.id,
                type_evenement: crate::lignes::depuis_code(&self.type_evenement).ok_or_else(
                    || {
                        ErreurStockage::Donnee(format!(
                            "évènement « {} » inconnu",
                            self.type_evenement
                        ))
                    },
                )?,
                date: date_lue(&self.date_evenement, "date_evenement")?,
                detail: json_lu(&self.detail, "detail")?,
                enregistre_le: self.enregistre_le,
                enregistre_par: self.enregistre_par,
            },
        ))
    }
}

/// Requêtes du registre : inscriptions de la portée qui passent les filtres SQL (texte,
/// cible, année, collectivité, identifiant), puis leurs évènements ; avec les valeurs à lier
/// dans l'ordre des paramètres.
struct Requetes {
    inscriptions: String,
    evenements: String,
    valeurs: Vec<Valeur>,
}

fn requetes(portee: &Portee, filtre: &FiltreInscriptions, id: Option<i64>) -> Requetes {
    let mut conditions: Vec<String> = Vec::new();
    let mut valeurs: Vec<Valeur> = Vec::new();
    let mut ajouter = |cond: &str, v: Valeur| {
        conditions.push(cond.replace('?', &format!("${}", valeurs.len() + 1)));
        valeurs.push(v);
    };
    if let Some(id) = id {
        ajouter("i.id = ?", Valeur::Entier(id));
    }
    if let Some(t) = filtre
        .texte
        .as_deref()
        .map(cle_tri)
        .filter(|t| !t.is_empty())
    {
        let motif = format!("%{}%", t.replace(['\\', '%', '_'], ""));
        ajouter("i.cle_tri LIKE ?", Valeur::Texte(motif));
    }
    if let Some(c) = &filtre.cible {
        ajouter("i.cible = ?", Valeur::Texte(c.clone()));
    }
    if let Some(a) = filtre.annee {
        ajouter("i.annee = ?", Valeur::Entier(i64::from(a)));
    }
    if let Some(c) = &filtre.collectivite {
        ajouter("i.collectivite = ?", Valeur::Texte(c.clone()));
    }
    let (portee_sql, codes) = portee.condition("i.collectivite", valeurs.len() + 1);
    conditions.push(portee_sql);
    valeurs.extend(codes.iter().cloned().map(Valeur::Texte));
    let clause = conditions.join(" AND ");
    Requetes {
        inscriptions: format!(
            "SELECT {COLONNES} FROM inscriptions i WHERE {clause} ORDER BY i.cle_tri, i.id"
        ),
        evenements: format!(
            "SELECT e.id, e.inscription_id, e.type_evenement, e.date_evenement, e.detail, \
             e.enregistre_le, e.enregistre_par FROM inscriptions_evenements e \
             JOIN inscriptions i ON i.id = e.inscription_id WHERE {clause} \
             ORDER BY e.inscription_id, e.date_evenement, e.id"
        ),
        valeurs,
    }
}

/// Exécute les [`Requetes`] sur un exécuteur (pool ou transaction) d'un moteur.
macro_rules! charger {
    ($ex:expr, $r:expr) => {{
        let r: &Requetes = $r;
        let mut q =
            sqlx::query_as::<_, LigneInscription>(sqlx::AssertSqlSafe(r.inscriptions.clone()));
        for v in &r.valeurs {
            q = match v {
                Valeur::Texte(t) => q.bind(t.clone()),
                Valeur::Entier(e) => q.bind(*e),
            };
        }
        let inscriptions = q.fetch_all($ex).await?;
        let mut q = sqlx::query_as::<_, LigneEvenement>(sqlx::AssertSqlSafe(r.evenements.clone()));
        for v in &r.valeurs {
            q = match v {
                Valeur::Texte(t) => q.bind(t.clone()),
                Valeur::Entier(e) => q.bind(*e),
            };
        }
        let evenements = q.fetch_all($ex).await?;
        assembler(inscriptions, evenements)?
    }};
}

fn assembler(
    inscriptions: Vec<LigneInscription>,
    evenements: Vec<LigneEvenement>,
) -> Result<Vec<(Inscription, Vec<EvenementInscription>)>, ErreurStockage> {
    let mut par_id: BTreeMap<i64, Vec<EvenementInscription>> = BTreeMap::new();
    for l in evenements {
        let (i, e) = l.en_evenement()?;
        par_id.entry(i).or_default().push(e);
    }
    inscriptions
        .into_iter()
        .map(|l| {
            let i = l.en_inscription()?;
            let e = par_id.remove(&i.id).unwrap_or_default();
            Ok((i, e))
        })
        .collect()
}

/// Période d'une carrière lue pour y ajouter le stage : identifiant, rang, début, fin,
/// quotité, heures hebdomadaires.
type LignePeriodeCourte = (i64, i64, String, Option<String>, Option<f64>, Option<f64>);

enum Valeur {
    Texte(String),
    Entier(i64),
}

/// Insère une inscription et sa situation dans la transaction ; rend son identifiant.
macro_rules! inserer_inscription {
    ($tx:expr, $n:expr, $e:expr, $le:expr, $acteur:expr) => {{
        let n: &$crate::inscriptions::NouvelleInscription = $n;
        let e: &$crate::inscriptions::EtatInscription = $e;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO inscriptions (matricule, nom, prenom, cle_tri, date_naissance, \
             collectivite, centre_gestion, cible, annee, date_inscription, liste_id, \
             source, statut, motif_radiation, fin_validite, prochaine_demande_avant, \
             suspendu_depuis, date_radiation, etat_calcule_le, creee_le, creee_par) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
             $16, $17, $18, $19, $20, $21) RETURNING id",
        )
        .bind(n.matricule.clone())
        .bind(&n.nom)
        .bind(&n.prenom)
        .bind($crate::inscriptions::cle_registre(&n.nom, &n.prenom))
        .bind(n.date_naissance.map(|d| d.to_string()))
        .bind(n.collectivite.clone())
        .bind(n.centre_gestion.clone())
        .bind(&n.cible)
        .bind(i64::from(n.annee))
        .bind(n.inscription.to_string())
        .bind(n.liste_id)
        .bind($crate::lignes::code_de(&n.source))
        .bind($crate::lignes::code_de(&e.statut))
        .bind(e.motif_radiation.map(|m| $crate::lignes::code_de(&m)))
        .bind(e.fin_validite.map(|d| d.to_string()))
        .bind(e.prochaine_demande_maintien_avant.map(|d| d.to_string()))
        .bind(e.suspendu_depuis.map(|d| d.to_string()))
        .bind(e.date_radiation.map(|d| d.to_string()))
        .bind(e.au.to_string())
        .bind($le)
        .bind(&$acteur.identifiant)
        .fetch_one($tx)
        .await?;
        id
    }};
}

/// L'identifiant d'une inscription identique déjà enregistrée (mêmes nom, prénom, grade,
/// date d'inscription et centre de gestion).
macro_rules! inscription_existante {
    ($tx:expr, $n:expr) => {{
        let n: &$crate::inscriptions::NouvelleInscription = $n;
        let id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM inscriptions WHERE nom = $1 AND prenom = $2 AND cible = $3 \
             AND date_inscription = $4 AND COALESCE(centre_gestion, '') = $5",
        )
        .bind(&n.nom)
        .bind(&n.prenom)
        .bind(&n.cible)
        .bind(n.inscription.to_string())
        .bind(n.centre_gestion.clone().unwrap_or_default())
        .fetch_optional($tx)
        .await?;
        id
    }};
}

pub(crate) use {inscription_existante, inserer_inscription};

/// Inscrit au registre, dans la transaction qui publie une liste établie (table `inscrits`,
/// migration 0004), chacun de ses inscrits : origine `liste`, l'année et le grade de la liste
/// la désignent, inscription à sa date d'effet, situation calculée à cette date. Une
/// inscription déjà présente n'est pas dupliquée. Chaque inscription est journalisée
/// (`inscription.creer`).
macro_rules! inscrire_liste_publiee {
    ($tx:expr, $acteur:expr, $annee:expr, $cible:expr, $le:expr) => {{
        let date_effet: String = sqlx::query_scalar(
            "SELECT date_effet FROM listes WHERE annee = $1 AND cible = $2",
        )
        .bind(i64::from($annee))
        .bind($cible)
        .fetch_one(&mut *$tx)
        .await?;
        let date_effet: jiff::civil::Date = date_effet.parse().map_err(|_| {
            $crate::ErreurStockage::Donnee(format!("date d'effet « {date_effet} » illisible"))
        })?;
        let inscrits: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT matricule, nom, prenom, collectivite FROM inscrits \
             WHERE annee = $1 AND cible = $2 ORDER BY ordre",
        )
        .bind(i64::from($annee))
        .bind($cible)
        .fetch_all(&mut *$tx)
        .await?;
        for (matricule, nom, prenom, collectivite) in inscrits {
            let n = $crate::inscriptions::NouvelleInscription {
                matricule: Some(matricule),
                nom,
                prenom,
                date_naissance: None,
                collectivite: Some(collectivite),
                centre_gestion: None,
                cible: $cible.to_owned(),
                annee: $annee,
                inscription: date_effet,
                liste_id: None,
                source: $crate::inscriptions::SourceInscription::Liste,
            };
            if $crate::inscriptions::inscription_existante!(&mut *$tx, &n).is_some() {
                continue;
            }
            let e = $crate::inscriptions::etat(date_effet, &[], date_effet)?;
            let id = $crate::inscriptions::inserer_inscription!(&mut *$tx, &n, &e, $le, $acteur);
            $tx.journaliser(
                $acteur,
                &$crate::journal::Evenement::new("inscription.creer", format!("inscription:{id}"))
                    .apres(serde_json::json!({
                        "inscription": n,
                        "liste": format!("liste:{}:{}", $annee, $cible),
                    })),
            )
            .await?;
        }
    }};
}
pub(crate) use inscrire_liste_publiee;

/// Bilan d'un import de listes antérieures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct BilanImportInscriptions {
    /// Inscriptions créées.
    pub creees: usize,
    /// Inscriptions déjà présentes, laissées telles quelles (avec leurs évènements).
    pub deja_presentes: usize,
    /// Évènements enregistrés.
    pub evenements: usize,
}

fn detaillee(
    i: Inscription,
    evenements: Vec<EvenementInscription>,
    aujourd_hui: Date,
) -> Result<InscriptionDetaillee, ErreurStockage> {
    let etat = etat(i.inscription, &evenements, aujourd_hui)?;
    Ok(InscriptionDetaillee {
        inscription: i,
        evenements,
        etat,
    })
}

impl Store {
    /// Le registre : inscriptions de la portée qui passent le filtre, leur situation
    /// calculée au jour donné, dans l'ordre alphabétique français des noms.
    pub async fn inscriptions(
        &self,
        portee: &Portee,
        filtre: &FiltreInscriptions,
        aujourd_hui: Date,
    ) -> Result<PageInscriptions, ErreurStockage> {
        let r = requetes(portee, filtre, None);
        let brut = selon_moteur!(self, pool => charger!(pool, &r));
        let mut toutes = Vec::with_capacity(brut.len());
        for (i, e) in brut {
            let d = detaillee(i, e, aujourd_hui)?;
            if filtre.statut.as_deref().is_some_and(|s| s != d.etat.code()) {
                continue;
            }
            if let Some(limite) = filtre.echeance_avant
                && d.etat
                    .prochaine_demande_maintien_avant
                    .is_none_or(|x| x > limite)
            {
                continue;
            }
            toutes.push(d);
        }
        let total = toutes.len();
        let par_page = filtre.par_page.max(1);
        let (page, inscriptions) = match filtre.page {
            Some(p) => {
                let p = p.max(1);
                let debut = ((p - 1) as usize).saturating_mul(par_page as usize);
                (
                    p,
                    toutes
                        .into_iter()
                        .skip(debut)
                        .take(par_page as usize)
                        .collect(),
                )
            }
            None => (1, toutes),
        };
        Ok(PageInscriptions {
            total,
            page,
            par_page,
            inscriptions,
        })
    }

    /// Une inscription de la portée, ses évènements et sa situation au jour donné.
    pub async fn inscription(
        &self,
        portee: &Portee,
        id: i64,
        aujourd_hui: Date,
    ) -> Result<Option<InscriptionDetaillee>, ErreurStockage> {
        let filtre = FiltreInscriptions::default();
        let r = requetes(portee, &filtre, Some(id));
        let brut = selon_moteur!(self, pool => charger!(pool, &r));
        brut.into_iter()
            .next()
            .map(|(i, e)| detaillee(i, e, aujourd_hui))
            .transpose()
    }

    /// Enregistre des inscriptions (une seule transaction : toutes ou aucune). Une
    /// inscription déjà présente (mêmes nom, prénom, grade, date d'inscription et centre de
    /// gestion) n'est pas dupliquée. Rend les identifiants, dans l'ordre (celui de
    /// l'inscription existante pour un doublon).
    pub async fn creer_inscriptions(
        &self,
        acteur: &Acteur,
        nouvelles: &[NouvelleInscription],
        aujourd_hui: Date,
    ) -> Result<Vec<i64>, ErreurStockage> {
        let le = maintenant();
        for n in nouvelles {
            verifier_nouvelle(n)?;
        }
        let mut ids = Vec::with_capacity(nouvelles.len());
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            for n in nouvelles {
                let existant = inscription_existante!(&mut *tx, n);
                if let Some(id) = existant {
                    ids.push(id);
                    continue;
                }
                let e = etat(n.inscription, &[], aujourd_hui)?;
                let id = inserer_inscription!(&mut *tx, n, &e, &le, acteur);
                tx.journaliser(
                    acteur,
                    &Evenement::new("inscription.creer", format!("inscription:{id}"))
                        .apres(json!({"inscription": n, "etat": resume_etat(&e)})),
                )
                .await?;
                ids.push(id);
            }
            tx.commit().await?;
        });
        Ok(ids)
    }

    /// Enregistre un évènement sur une inscription de la portée de l'acteur et recalcule
    /// sa situation au jour donné. `None` si l'inscription (ou, pour une nomination, la
    /// collectivité qui nomme) est inconnue ou hors de la portée.
    pub async fn ajouter_evenement(
        &self,
        acteur: &Acteur,
        id: i64,
        ev: &NouvelEvenement,
        aujourd_hui: Date,
    ) -> Result<Option<InscriptionDetaillee>, ErreurStockage> {
        let portee = acteur.portee();
        let le = maintenant();
        let r = requetes(&portee, &FiltreInscriptions::default(), Some(id));
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            let chargees = charger!(&mut *tx, &r);
            let Some((ins, evenements)) = chargees.into_iter().next() else {
                return Ok(None);
            };
            let avant = etat(ins.inscription, &evenements, aujourd_hui)?;
            let (date, detail, periode) = match ev.type_evenement {
                TypeEvenement::Nomination => {
                    // Par défaut, la collectivité de l'inscription.
                    let Some(code) = ev.collectivite.as_deref().or(ins.collectivite.as_deref()) else {
                        return Err(invalide("la collectivité qui nomme est requise (`collectivite`)"));
                    };
                    let (condition, codes) = portee.condition("code", 2);
                    let sql = format!(
                        "SELECT type_collectivite, population FROM collectivites \
                         WHERE code = $1 AND {condition}"
                    );
                    let mut q = sqlx::query_as::<_, (String, Option<i64>)>(sqlx::AssertSqlSafe(sql))
                        .bind(code);
                    for c in codes {
                        q = q.bind(c);
                    }
                    let Some((type_coll, population)) = q.fetch_optional(&mut *tx).await? else {
                        return Ok(None);
                    };
                    let date = date_requise(ev, &ins, aujourd_hui)?;
                    let (detail, _) = nomination(&ins, &evenements, ev, date, code, &type_coll, population)?;
                    (date, detail, None)
                }
                TypeEvenement::ConfirmationNomination => {
                    let Some(nom) = evenements
                        .iter()
                        .find(|e| e.type_evenement == TypeEvenement::Nomination)
                    else {
                        return Err(ErreurStockage::refus(
                            "nomination_absente",
                            "aucune nomination à confirmer sur cette inscription",
                        ));
                    };
                    if evenements
                        .iter()
                        .any(|e| e.type_evenement == TypeEvenement::ConfirmationNomination)
                    {
                        return Err(ErreurStockage::refus(
                            "nomination_confirmee",
                            "la nomination est déjà confirmée",
                        ));
                    }
                    let date = nom.date;
                    // L'agent enregistré (dans la portée de l'acteur) reçoit la période de
                    // stage (ou de titulaire en cas de titularisation directe).
                    let mut agent: Option<(i64, String)> = None;
                    if let Some(m) = &ins.matricule {
                        let (condition, codes) = portee.condition("c.code", 2);
                        let sql = format!(
                            "SELECT a.id, a.matricule FROM agents a \
                             JOIN collectivites c ON c.id = a.collectivite_id \
                             WHERE a.matricule = $1 AND {condition}"
                        );
                        let mut q = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(sql)).bind(m);
                        for c in codes {
                            q = q.bind(c);
                        }
                        agent = q.fetch_optional(&mut *tx).await?;
                    }
                    let titulaire = nom.detail.get("titularisation_directe") == Some(&Value::Bool(true));
                    let collectivite_nomination = nom
                        .detail
                        .get("collectivite")
                        .and_then(Value::as_str)
                        .map(str::to_owned);
                    let detail = json!({
                        "nomination": nom.id,
                        "agent_enregistre": agent.is_some(),
                        "statut": if titulaire { "titulaire" } else { "stagiaire" },
                    });
                    (date, detail, agent.map(|a| (a, titulaire, collectivite_nomination)))
                }
                _ => {
                    let date = date_requise(ev, &ins, aujourd_hui)?;
                    let mut detail = serde_json::Map::new();
                    match ev.type_evenement {
                        TypeEvenement::Suspension => {
                            let Some(m) = ev.motif else {
                                return Err(invalide("le motif de la suspension est requis (`motif`, voir docs/codes.md)"));
                            };
                            detail.insert("motif".into(), json!(m));
                        }
                        TypeEvenement::FinSuspension => {
                            if let Some(m) = ev.motif {
                                detail.insert("motif".into(), json!(m));
                            }
                        }
                        TypeEvenement::ReponseOffre => {
                            let Some(r) = ev.reponse else {
                                return Err(invalide("la réponse est requise (`reponse` : `acceptee` ou `refusee`)"));
                            };
                            detail.insert("reponse".into(), json!(r));
                        }
                        _ => {}
                    }
                    (date, Value::Object(detail), None)
                }
            };
            let nouveau = EvenementInscription {
                id: i64::MAX,
                type_evenement: ev.type_evenement,
                date,
                detail: detail.clone(),
                enregistre_le: le.clone(),
                enregistre_par: acteur.identifiant.clone(),
            };
            let mut tous = evenements.clone();
            tous.push(nouveau);
            tous.sort_by_key(|e| (e.date, e.id));
            let apres = etat(ins.inscription, &tous, aujourd_hui)?;
            let ev_id: i64 = sqlx::query_scalar(
                "INSERT INTO inscriptions_evenements (inscription_id, type_evenement, \
                 date_evenement, detail, enregistre_le, enregistre_par) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(id)
            .bind(ev.type_evenement.code())
            .bind(date.to_string())
            .bind(detail.to_string())
            .bind(&le)
            .bind(&acteur.identifiant)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE inscriptions SET statut = $1, motif_radiation = $2, fin_validite = $3, \
                 prochaine_demande_avant = $4, suspendu_depuis = $5, date_radiation = $6, \
                 etat_calcule_le = $7 WHERE id = $8",
            )
            .bind(code_de(&apres.statut))
            .bind(apres.motif_radiation.map(|m| code_de(&m)))
            .bind(apres.fin_validite.map(|d| d.to_string()))
            .bind(apres.prochaine_demande_maintien_avant.map(|d| d.to_string()))
            .bind(apres.suspendu_depuis.map(|d| d.to_string()))
            .bind(apres.date_radiation.map(|d| d.to_string()))
            .bind(apres.au.to_string())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if let Some(((agent_id, matricule), titulaire, collectivite)) = periode {
                let lignes: Vec<LignePeriodeCourte> =
                    sqlx::query_as(
                        "SELECT id, rang, debut, fin, quotite, heures_hebdomadaires FROM periodes \
                         WHERE agent_id = $1 ORDER BY rang",
                    )
                    .bind(agent_id)
                    .fetch_all(&mut *tx)
                    .await?;
                if lignes.iter().any(|l| l.2.as_str() >= date.to_string().as_str()) {
                    return Err(ErreurStockage::refus(
                        "carriere_posterieure",
                        format!(
                            "la carrière enregistrée de l'agent {matricule} a une période qui \
                             commence le {} ou après : la période de stage ne peut y être ajoutée \
                             sans revoir la carrière",
                            format_fr(date)
                        ),
                    ));
                }
                let veille = date.yesterday().map_err(|_| invalide("date hors bornes"))?;
                let mut fermees = Vec::new();
                for l in &lignes {
                    if l.3.as_deref().is_none_or(|f| f >= date.to_string().as_str()) {
                        sqlx::query("UPDATE periodes SET fin = $1 WHERE id = $2")
                            .bind(veille.to_string())
                            .bind(l.0)
                            .execute(&mut *tx)
                            .await?;
                        fermees.push(json!({"debut": l.2, "fin_avant": l.3, "fin": veille}));
                    }
                }
                let derniere = lignes.last();
                let p = Periode {
                    debut: date,
                    fin: None,
                    versant: Versant::Territoriale,
                    statut: if titulaire { Statut::Titulaire } else { Statut::Stagiaire },
                    grade: Some(ins.cible.clone()),
                    position: Position::Activite,
                    motif_disponibilite: None,
                    quotite: derniere.and_then(|l| l.4),
                    heures_hebdomadaires: derniere.and_then(|l| l.5),
                    emploi: None,
                    fonctions: Vec::new(),
                    conge_parental_octroye_le: None,
                };
                let rang = lignes.iter().map(|l| l.1).max().unwrap_or(0) + 1;
                sqlx::query(
                    "INSERT INTO periodes (agent_id, rang, debut, fin, versant, statut, grade, \
                     position, motif_disponibilite, quotite, heures_hebdomadaires, emploi, \
                     emploi_population, emploi_surclassement, fonctions, conge_parental_octroye_le) \
                     VALUES ($1, $2, $3, NULL, $4, $5, $6, $7, NULL, $8, $9, NULL, NULL, NULL, NULL, NULL)",
                )
                .bind(agent_id)
                .bind(rang)
                .bind(date.to_string())
                .bind(code_de(&p.versant))
                .bind(code_de(&p.statut))
                .bind(p.grade.clone())
                .bind(code_de(&p.position))
                .bind(p.quotite)
                .bind(p.heures_hebdomadaires)
                .execute(&mut *tx)
                .await?;
                // L'agent rejoint la collectivité qui le nomme, si elle est enregistrée.
                let mut changement_employeur = Value::Null;
                if let Some(code) = &collectivite {
                    let cid: Option<i64> =
                        sqlx::query_scalar("SELECT id FROM collectivites WHERE code = $1")
                            .bind(code)
                            .fetch_optional(&mut *tx)
                            .await?;
                    if let Some(cid) = cid {
                        let ancien: Option<String> = sqlx::query_scalar(
                            "SELECT c.code FROM agents a JOIN collectivites c \
                             ON c.id = a.collectivite_id WHERE a.id = $1",
                        )
                        .bind(agent_id)
                        .fetch_optional(&mut *tx)
                        .await?;
                        if ancien.as_deref() != Some(code.as_str()) {
                            sqlx::query("UPDATE agents SET collectivite_id = $1 WHERE id = $2")
                                .bind(cid)
                                .bind(agent_id)
                                .execute(&mut *tx)
                                .await?;
                            changement_employeur = json!({"avant": ancien, "apres": code});
                        }
                    }
                }
                sqlx::query(crate::promouvables::SQL_CARRIERES_MODIFIEES)
                    .execute(&mut *tx)
                    .await?;
                tx.journaliser(
                    acteur,
                    &Evenement::new("carriere.nomination", format!("agent:{matricule}"))
                        .avant(json!({"periodes_fermees": fermees}))
                        .apres(json!({
                            "periode": p,
                            "inscription": id,
                            "collectivite": changement_employeur,
                        })),
                )
                .await?;
            }
            tx.journaliser(
                acteur,
                &Evenement::new("inscription.evenement", format!("inscription:{id}"))
                    .avant(resume_etat(&avant))
                    .apres(json!({
                        "evenement": {"id": ev_id, "type": ev.type_evenement, "date": date, "detail": detail},
                        "etat": resume_etat(&apres),
                    })),
            )
            .await?;
            tx.commit().await?;
        });
        self.inscription(&portee, id, aujourd_hui).await
    }

    /// Importe des listes antérieures (voir [`crate::import_inscriptions`]) en une seule
    /// transaction : tout ou rien. Une inscription déjà présente est laissée telle quelle.
    pub async fn importer_inscriptions(
        &self,
        acteur: &Acteur,
        lignes: &[crate::import_inscriptions::InscriptionImportee],
        fichier: &str,
        aujourd_hui: Date,
    ) -> Result<BilanImportInscriptions, ErreurStockage> {
        let le = maintenant();
        let mut bilan = BilanImportInscriptions::default();
        selon_moteur!(self, pool => {
            let mut tx = pool.ecriture().await?;
            for l in lignes {
                let n = &l.inscription;
                verifier_nouvelle(n)?;
                if inscription_existante!(&mut *tx, n).is_some() {
                    bilan.deja_presentes += 1;
                    continue;
                }
                let evenements: Vec<EvenementInscription> = l
                    .evenements
                    .iter()
                    .map(|e| EvenementInscription {
                        id: e.ligne as i64,
                        type_evenement: e.type_evenement,
                        date: e.date,
                        detail: e.detail.clone(),
                        enregistre_le: le.clone(),
                        enregistre_par: acteur.identifiant.clone(),
                    })
                    .collect();
                let e = etat(n.inscription, &evenements, aujourd_hui)?;
                let id = inserer_inscription!(&mut *tx, n, &e, &le, acteur);
                for ev in &evenements {
                    sqlx::query(
                        "INSERT INTO inscriptions_evenements (inscription_id, type_evenement, \
                         date_evenement, detail, enregistre_le, enregistre_par) \
                         VALUES ($1, $2, $3, $4, $5, $6)",
                    )
                    .bind(id)
                    .bind(ev.type_evenement.code())
                    .bind(ev.date.to_string())
                    .bind(ev.detail.to_string())
                    .bind(&le)
                    .bind(&acteur.identifiant)
                    .execute(&mut *tx)
                    .await?;
                }
                bilan.creees += 1;
                bilan.evenements += evenements.len();
                tx.journaliser(
                    acteur,
                    &Evenement::new("inscription.importer", format!("inscription:{id}"))
                        .apres(json!({
                            "fichier": fichier,
                            "ligne": l.ligne,
                            "inscription": n,
                            "evenements": evenements,
                            "etat": resume_etat(&e),
                        })),
                )
                .await?;
            }
            tx.commit().await?;
        });
        Ok(bilan)
    }

    /// Nominations prononcées (évènements `nomination` du registre), par année de la date
    /// de nomination et par grade, tous centres et collectivités confondus.
    pub async fn nominations_prononcees(&self) -> Result<Vec<NominationsAnnee>, ErreurStockage> {
        let lignes: Vec<(String, String)> = selon_moteur!(self, pool => {
            sqlx::query_as(
                "SELECT i.cible, e.date_evenement FROM inscriptions_evenements e \
                 JOIN inscriptions i ON i.id = e.inscription_id \
                 WHERE e.type_evenement = 'nomination'",
            )
            .fetch_all(pool)
            .await?
        });
        let mut par: BTreeMap<(i32, String), u32> = BTreeMap::new();
        for (cible, d) in lignes {
            let d = date_lue(&d, "date_evenement")?;
            *par.entry((i32::from(d.year()), cible)).or_default() += 1;
        }
        Ok(par
            .into_iter()
            .map(|((annee, cible), nombre)| NominationsAnnee {
                annee,
                cible,
                nombre,
            })
            .collect())
    }
}

fn verifier_nouvelle(n: &NouvelleInscription) -> Result<(), ErreurStockage> {
    if n.nom.trim().is_empty() || n.prenom.trim().is_empty() {
        return Err(invalide("le nom et le prénom sont requis"));
    }
    if droit::catalogue::Catalogue::get().grade(&n.cible).is_none() {
        return Err(invalide(format!(
            "le grade « {} » est inconnu du catalogue (voir docs/codes.md)",
            n.cible
        )));
    }
    if !(1990..=2100).contains(&n.annee) {
        return Err(invalide(format!("l'année {} est hors des bornes", n.annee)));
    }
    if !(1990..=2100).contains(&i32::from(n.inscription.year())) {
        return Err(invalide(format!(
            "la date d'inscription {} est hors des bornes",
            format_fr(n.inscription)
        )));
    }
    Ok(())
}

/// La date d'un évènement, contrôlée : au plus tôt le jour de l'inscription, au plus tard
/// aujourd'hui (sauf la fin d'une suspension, qui peut être connue d'avance).
fn date_requise(
    ev: &NouvelEvenement,
    ins: &Inscription,
    aujourd_hui: Date,
) -> Result<Date, ErreurStockage> {
    let Some(d) = ev.date else {
        return Err(invalide("la date de l'évènement est requise (`date`)"));
    };
    if d < ins.inscription {
        return Err(invalide(format!(
            "la date ({}) précède l'inscription ({})",
            format_fr(d),
            format_fr(ins.inscription)
        )));
    }
    if d > aujourd_hui && ev.type_evenement != TypeEvenement::FinSuspension {
        return Err(invalide(format!(
            "la date ({}) est postérieure à aujourd'hui ({}) : seul un évènement survenu peut \
             être enregistré",
            format_fr(d),
            format_fr(aujourd_hui)
        )));
    }
    Ok(d)
}

/// Contrôle une nomination par la commande `nomination` du moteur : la personne doit être
/// inscrite sur la liste à la date de nomination, la vacance déclarée, le seuil
/// démographique atteint pour les grades qui en ont un. Rend le détail à garder.
fn nomination(
    ins: &Inscription,
    evenements: &[EvenementInscription],
    ev: &NouvelEvenement,
    date: Date,
    collectivite: &str,
    type_collectivite: &str,
    population: Option<i64>,
) -> Result<(Value, ReponseNomination), ErreurStockage> {
    if evenements
        .iter()
        .any(|e| e.type_evenement == TypeEvenement::Nomination)
    {
        return Err(ErreurStockage::refus(
            "deja_nomme",
            "la nomination est déjà enregistrée",
        ));
    }
    let Some(emploi) = ev.emploi.as_deref().filter(|e| !e.trim().is_empty()) else {
        return Err(invalide("l'emploi est requis (`emploi`)"));
    };
    // Situation sur la liste à la date de nomination, évènements antérieurs seulement.
    let anterieurs: Vec<EvenementInscription> = evenements
        .iter()
        .filter(|e| e.date <= date)
        .cloned()
        .collect();
    let situation = etat(ins.inscription, &anterieurs, date)?;
    let population = population.and_then(|p| u32::try_from(p).ok());
    let type_employeur = type_employeur(type_collectivite);
    let employeur = EmployeurNomination {
        type_employeur,
        population: if type_employeur == TypeEmployeur::Oph {
            None
        } else {
            population
        },
        logements: if type_employeur == TypeEmployeur::Oph {
            population
        } else {
            None
        },
        assimilation_population: None,
    };
    let demande = DemandeNomination {
        cible: ins.cible.clone(),
        date_nomination: date,
        employeur,
        poste_cree: ev.poste_cree,
        vacance_declaree: Some(ev.vacance.as_deref().is_some_and(|v| !v.trim().is_empty())),
        inscrit_liste_aptitude: Some(situation.statut == StatutListe::Inscrit),
        services_meme_nature: None,
    };
    let r = droit::nomination::executer(demande).map_err(|e| invalide(e.message))?;
    if r.possible == Some(false) {
        return Err(ErreurStockage::refus(
            "nomination_impossible",
            format!("nomination impossible : {}", r.explication),
        ));
    }
    let detail = json!({
        "collectivite": collectivite,
        "emploi": emploi,
        "vacance": ev.vacance,
        "poste_cree": ev.poste_cree,
        "possible": r.possible,
        "stage_mois": r.stage_mois,
        "titularisation_directe": r.titularisation_directe,
        "fin_stage_prevue": r.fin_stage_prevue,
        "moteur": r,
    });
    Ok((detail, r))
}

/// L'état résumé pour le journal.
fn resume_etat(e: &EtatInscription) -> Value {
    json!({
        "au": e.au,
        "statut": e.statut,
        "motif_radiation": e.motif_radiation,
        "fin_validite": e.fin_validite,
        "prochaine_demande_maintien_avant": e.prochaine_demande_maintien_avant,
        "suspendu_depuis": e.suspendu_depuis,
        "date_radiation": e.date_radiation,
    })
}
