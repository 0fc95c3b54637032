//! Quotas de promotion interne (contrat v1, commande `quota`).
//!
//! Le nombre de nominations possibles par promotion interne dans un cadre d'emplois est une
//! fraction des autres recrutements de ce cadre (guide CDG Martinique §I.C ; décret 2013-593 art. 30 et
//! 31 ; statuts particuliers). Les règles sont datées : le décret 2023-1272 du 26/12/2023 les a
//! changées au 1er janvier 2024 (1 pour 2 au lieu de 1 pour 3, 8 % au lieu de 5 % avec les CDI,
//! clause de sauvegarde de deux ans au lieu de quatre).
//!
//! La réponse nomme la règle retenue et montre chaque calcul (`detail`), avec son texte et
//! son niveau de vérification.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::carriere::Versant;
use crate::catalogue::{Catalogue, Categorie, Grade};
use crate::erreur::ErreurEntree;

/// Premier jour d'application des règles issues du décret 2023-1272 (1er janvier 2024).
pub const ANNEE_REFORME_2024: i32 = 2024;

/// Première année de liste d'aptitude pour laquelle les règles sont codées : la clause de
/// sauvegarde et la liste des recrutements comptés viennent du décret 2013-593 du 5 juillet
/// 2013 ; les règles antérieures ne sont pas codées.
pub const PREMIERE_ANNEE_CODEE: i32 = 2011;

/// Première année des règles codifiées par le décret n° 2013-593 (recrutements comptés, art.
/// 31 ; clause de sauvegarde, art. 30) : les listes de 2011 à 2013 suivent les mêmes
/// proportions (une pour trois), sous les textes de l'époque, rendus comme non vérifiés.
pub const ANNEE_DECRET_2013_593: i32 = 2014;

/// Ce qui reste à vérifier pour une liste de 2011 à 2013, dit à l'utilisateur.
const RESERVE_2011_2013: &str = " Liste de 2011 à 2013 : proportion d'une pour trois (décret n° 2006-1462), même proportion appliquée à 5 % de l'effectif (catégorie A : décret n° 2006-1695 art. 16 ; catégorie B : décret n° 2010-329 art. 9, pour les cadres d'emplois déjà régis par ce décret à la date de la liste) et clause de sauvegarde de quatre ans (décret n° 85-1229 art. 20-5, repris à l'article 30 du décret n° 2013-593) : règles de l'époque non encore vérifiées cadre d'emplois par cadre d'emplois, à confirmer avant toute décision ; pour une liste de 2011, certains statuts particuliers ouvraient encore la proportion transitoire d'une pour deux jusqu'au 01/12/2011 (décret n° 2006-1462).";

const REF_DECRET_2023_1272: &str = "Décret n° 2023-1272 du 26 décembre 2023 (en vigueur le 01/01/2024) ; guide CDG Martinique §I.C ; fiche service-public.fr F17757";

/// Grades d'accès par promotion interne dans la fonction publique territoriale (guide CDG Martinique
/// §I.B, tableau des grades accessibles).
pub const CIBLES_PROMOTION_INTERNE: &[&str] = &[
    "administrateur",
    "attache",
    "redacteur_principal_2e_classe",
    "redacteur",
    "ingenieur_en_chef",
    "ingenieur",
    "technicien_principal_2e_classe",
    "technicien",
    "agent_de_maitrise",
    "conseiller_socio_educatif",
    "directeur_eea_2e_categorie",
    "professeur_ea_classe_normale",
    "conservateur_patrimoine",
    "conservateur_bibliotheques",
    "attache_conservation",
    "bibliothecaire",
    "assistant_conservation_principal_2e_classe",
    "assistant_conservation",
    "directeur_pm",
    "chef_service_pm",
    "conseiller_aps",
    "educateur_aps_principal_2e_classe",
    "educateur_aps",
    "animateur_principal_2e_classe",
    "animateur",
];

/// Voie de promotion interne concernée par le calcul.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VoieQuota {
    /// Promotion interne au choix.
    Choix,
    /// Promotion interne après examen professionnel.
    Examen,
}

/// Mode de calcul.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModeQuota {
    /// Calcul mutualisé par le centre de gestion pour ses collectivités affiliées.
    Cdg,
    /// Calcul d'une collectivité ou d'un établissement non affilié, pour lui-même.
    CollectiviteNonAffiliee,
    /// Postes ouverts à l'examen professionnel d'ingénieur en chef organisé par le CNFPT.
    ExamenCnfpt,
    /// Exemple de la fonction publique de l'État (greffiers des services judiciaires, 2/5).
    Etat,
    /// Exemple de la fonction publique hospitalière (techniciens hospitaliers, 1/3).
    Hospitaliere,
}

/// Modalité particulière d'une voie dont le nombre dépend des nominations d'une autre voie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ModaliteQuota {
    /// Attachés : accès au choix des secrétaires de mairie (catégorie A), un pour deux
    /// nominations au choix de l'autre modalité (guide CDG Martinique §I.C ; décret 87-1099 art. 6).
    SecretairesDeMairie,
}

/// Recrutements intervenus dans le cadre d'emplois pendant la période de référence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recrutements {
    /// Lauréats de concours nommés.
    #[serde(default)]
    pub concours: u32,
    /// Mutations externes (venues d'une autre collectivité).
    #[serde(default)]
    pub mutation: u32,
    /// Détachements dans le cadre d'emplois (pour les exemples État et hospitalière :
    /// détachements de plus de six mois).
    #[serde(default)]
    pub detachement: u32,
    /// Intégrations directes.
    #[serde(default)]
    pub integration_directe: u32,
    /// Titularisations de travailleurs handicapés recrutés par contrat (CGFP L.352-4).
    #[serde(default)]
    pub travailleur_handicape: u32,
    /// Nominations par promotion interne (jamais comptées).
    #[serde(default)]
    pub promotion_interne: u32,
    /// Autres entrées (jamais comptées).
    #[serde(default)]
    pub autre: u32,
}

/// Effectif du cadre d'emplois au 31 décembre de l'année précédente.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Effectif {
    /// Fonctionnaires en position d'activité ou de détachement dans le cadre d'emplois.
    #[serde(default)]
    pub fonctionnaires_activite_detachement: u32,
    /// Agents contractuels en contrat à durée indéterminée (comptés depuis le 01/01/2024).
    #[serde(default)]
    pub cdi: u32,
}

/// Entrée de la commande `quota`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeQuota {
    /// Année de la liste d'aptitude : elle choisit les règles en vigueur.
    pub annee: i32,
    /// Grade d'accès (code du catalogue).
    pub cible: String,
    /// Voie : `choix` ou `examen`.
    #[serde(default)]
    pub voie: Option<VoieQuota>,
    pub mode: ModeQuota,
    /// Modalité particulière conditionnée par une autre voie (attachés).
    #[serde(default)]
    pub modalite: Option<ModaliteQuota>,
    #[serde(default)]
    pub recrutements: Option<Recrutements>,
    #[serde(default)]
    pub effectif_31_decembre: Option<Effectif>,
    /// Nombre d'années consécutives, jusqu'à l'année de la liste, pendant lesquelles aucune
    /// promotion interne n'a été possible dans le cadre d'emplois.
    #[serde(default)]
    pub annees_sans_promotion_possible: u32,
    /// Recrutements comptés intervenus pendant ces années.
    #[serde(default)]
    pub recrutements_pendant_ces_annees: u32,
    /// Nominations prononcées au titre de l'autre modalité (voie conditionnée).
    #[serde(default)]
    pub autre_voie_nominations: u32,
    /// Mode `examen_cnfpt` : candidats admis au concours d'ingénieur en chef de la session
    /// précédente.
    #[serde(default)]
    pub admis_concours_session_precedente: Option<u32>,
}

/// Règle qui fixe le nombre de postes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegleQuota {
    /// Proportion du statut particulier appliquée aux recrutements comptés.
    Statutaire,
    /// Même proportion appliquée à 8 % de l'effectif (depuis le 01/01/2024).
    #[serde(rename = "alternative_8_pourcent")]
    Alternative8Pourcent,
    /// Même proportion appliquée à 5 % de l'effectif (avant le 01/01/2024).
    #[serde(rename = "alternative_5_pourcent")]
    Alternative5Pourcent,
    /// Clause de sauvegarde : aucune promotion possible depuis deux ans (depuis 2024).
    ClauseDeuxAns,
    /// Clause de sauvegarde : aucune promotion possible depuis quatre ans (avant 2024).
    ClauseQuatreAns,
    /// Promotion interne sans quota.
    SansQuota,
    /// Nombre conditionné par les nominations d'une autre modalité de promotion interne.
    ProportionAutreVoie,
    /// Plafond des postes de l'examen professionnel d'ingénieur en chef (CNFPT).
    PlafondExamenCnfpt,
}

/// Un calcul du détail, expliqué.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CalculQuota {
    /// Code de la règle calculée (mêmes codes que `regle`).
    pub code: RegleQuota,
    /// Intitulé en français.
    pub libelle: String,
    /// Le calcul posé en français, avec ses opérandes.
    pub calcul: String,
    /// Résultat avant arrondi ; `null` si le calcul n'a pas pu être fait (donnée manquante).
    pub valeur: Option<f64>,
    /// Postes après arrondi ; `null` si le calcul n'a pas pu être fait.
    pub postes: Option<u32>,
    /// `true` si c'est la règle retenue.
    pub retenu: bool,
    /// Texte appliqué.
    pub reference: String,
    /// `false` si la règle repose sur un fait non vérifié sur le texte en vigueur.
    pub verifie: bool,
}

/// Sortie de la commande `quota`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReponseQuota {
    /// Nombre maximal d'inscriptions sur la liste d'aptitude ; `null` s'il n'y a pas de quota.
    pub postes: Option<u32>,
    /// Règle retenue.
    pub regle: RegleQuota,
    /// Chaque calcul, dans l'ordre où il est fait.
    pub detail: Vec<CalculQuota>,
    pub annee: i32,
    pub cible: String,
    /// Catégorie hiérarchique du cadre d'emplois de la cible.
    pub categorie: Categorie,
    /// Règles de l'année : `depuis_2024`, `avant_2024` (listes 2014 à 2023) ou `avant_2014`
    /// (listes 2011 à 2013).
    pub regles_en_vigueur: String,
    /// Recrutements comptés (la liste dépend de l'année) ; `null` hors calcul statutaire.
    pub recrutements_comptes: Option<u32>,
    /// Effectif retenu pour la règle alternative ; `null` s'il n'a pas été fourni.
    pub effectif_retenu: Option<u32>,
    /// Règle d'arrondi appliquée, en français.
    pub arrondi: String,
    /// `false` si le résultat dépend d'une règle non vérifiée sur le texte en vigueur.
    pub verifie: bool,
    /// Explication d'ensemble en français.
    pub explication: String,
    /// Version du catalogue des règles appliqué (à conserver avec la décision).
    #[serde(default)]
    pub version_catalogue: crate::resultat::Texte,
}

/// Plafond des postes de l'examen professionnel d'ingénieur en chef : 70 % des admis au
/// concours de la session précédente (FAQ CNFPT ingénieur en chef Q25 ; décret 2016-208).
pub fn plafond_examen_ingenieur_en_chef(admis_concours_session_precedente: u32) -> u32 {
    // « ne peut excéder 70 % » : arrondi à l'entier inférieur.
    admis_concours_session_precedente * 7 / 10
}

/// Une fraction positive `num / den`, pour calculer sans erreur d'arrondi flottant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fraction {
    num: u64,
    den: u64,
}

impl Fraction {
    fn new(num: u64, den: u64) -> Self {
        Fraction { num, den }
    }
    fn plancher(self) -> u32 {
        u32::try_from(self.num / self.den).unwrap_or(u32::MAX)
    }
    fn est_entier(self) -> bool {
        self.num.is_multiple_of(self.den)
    }
    fn valeur(self) -> f64 {
        self.num as f64 / self.den as f64
    }
    fn en_texte(self) -> String {
        decimal_fr(self.valeur())
    }
}

/// Nombre décimal à la française (virgule, deux décimales au plus, sans zéros inutiles).
fn decimal_fr(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.replace('.', ",")
}

/// Règle d'arrondi du nombre de promotions internes : toujours à l'entier inférieur.
///
/// Les statuts particuliers fixent une proportion maximale (« une nomination pour N
/// recrutements ») ; aucun texte n'autorise d'arrondir à l'entier supérieur en promotion
/// interne. L'article 13 du décret n° 2006-1695, souvent cité pour la catégorie A, arrondit à
/// l'entier supérieur le nombre de fonctionnaires « promouvables au grade supérieur » : il
/// vise l'avancement de grade (dont l'article 14 prévoit sa propre clause de trois ans), pas
/// la promotion interne. La clause de sauvegarde (une inscription si aucune promotion n'a
/// été possible pendant deux ans, quatre avant 2024, malgré au moins un recrutement compté :
/// décret n° 2013-593 art. 30, auparavant décret n° 85-1229 art. 20-5) n'a de sens que si une
/// fraction de poste ne donne pas de poste ; les centres de gestion publient d'ailleurs des
/// années sans poste malgré des recrutements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrondi {
    Inferieur,
}

impl Arrondi {
    fn pour(_categorie: Categorie) -> Self {
        Arrondi::Inferieur
    }
    fn appliquer(self, f: Fraction) -> u32 {
        f.plancher()
    }
    fn verifie(self) -> bool {
        true
    }
    fn mot(self) -> &'static str {
        "arrondi à l'entier inférieur"
    }
    fn libelle(self) -> &'static str {
        "Toutes catégories : un résultat non entier est arrondi à l'entier inférieur, la proportion du statut particulier étant un maximum (aucun texte ne prévoit d'arrondi supérieur en promotion interne ; l'arrondi supérieur du décret n° 2006-1695 art. 13 vise l'avancement de grade) ; une fraction de poste peut ouvrir un poste par la clause de sauvegarde (décret n° 2013-593 art. 30)."
    }
}

/// Paramètres datés de la règle de quota de la fonction publique territoriale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReglesQuota {
    /// Dénominateur de la proportion : une promotion interne pour `recrutements_par_promotion`
    /// recrutements comptés.
    pub recrutements_par_promotion: u32,
    /// Pourcentage de l'effectif de la règle alternative.
    pub pourcentage_effectif: u32,
    /// Les CDI entrent-ils dans l'effectif ?
    pub cdi_comptes: bool,
    /// Les titularisations L.352-4 sont-elles des recrutements comptés ?
    pub travailleurs_handicapes_comptes: bool,
    /// Durée de la clause de sauvegarde, en années.
    pub annees_clause_sauvegarde: u32,
}

/// Les règles en vigueur pour la liste d'aptitude de l'année `annee`.
pub fn regles_en_vigueur(annee: i32) -> ReglesQuota {
    if annee >= ANNEE_REFORME_2024 {
        // Décret 2023-1272, en vigueur le 01/01/2024 : 1 pour 2, 8 % avec CDI, 2 ans,
        // titularisations L.352-4 comptées (guide CDG Martinique §I.C ; fiche service-public.fr F17757).
        ReglesQuota {
            recrutements_par_promotion: 2,
            pourcentage_effectif: 8,
            cdi_comptes: true,
            travailleurs_handicapes_comptes: true,
            annees_clause_sauvegarde: 2,
        }
    } else {
        // Avant 2024 : 1 pour 3 (harmonisation du décret 2006-1462), 5 % des fonctionnaires
        // (décret 2006-1695 art. 16), clause de quatre ans (décret 2013-593 art. 30).
        ReglesQuota {
            recrutements_par_promotion: 3,
            pourcentage_effectif: 5,
            cdi_comptes: false,
            travailleurs_handicapes_comptes: false,
            annees_clause_sauvegarde: 4,
        }
    }
}

impl ReglesQuota {
    /// Recrutements comptés (décret 2013-593 art. 31 ; guide CDG Martinique §I.C ; fiche service-public.fr F17757) : concours,
    /// mutation externe, détachement, intégration directe et, depuis 2024, titularisation
    /// L.352-4. Jamais les promotions internes ni les autres entrées.
    pub fn recrutements_comptes(&self, r: &Recrutements) -> u32 {
        let mut n = r.concours + r.mutation + r.detachement + r.integration_directe;
        if self.travailleurs_handicapes_comptes {
            n += r.travailleur_handicape;
        }
        n
    }

    /// Effectif retenu pour la règle alternative (au 31 décembre de l'année précédente).
    pub fn effectif_retenu(&self, e: &Effectif) -> u32 {
        if self.cdi_comptes {
            e.fonctionnaires_activite_detachement + e.cdi
        } else {
            e.fonctionnaires_activite_detachement
        }
    }
}

/// Commande `quota`.
pub fn executer(d: DemandeQuota) -> Result<ReponseQuota, ErreurEntree> {
    if !(1950..=2100).contains(&d.annee) {
        return Err(ErreurEntree::hors_bornes(
            format!(
                "L'année {} est hors des bornes admises (1950 à 2100).",
                d.annee
            ),
            "/annee",
        ));
    }
    let cat = Catalogue::get();
    let grade = cat.grade(&d.cible).ok_or_else(|| {
        ErreurEntree::code_inconnu(
            format!("Le grade « {} » est inconnu du catalogue.", d.cible),
            "/cible",
        )
    })?;
    match d.mode {
        ModeQuota::ExamenCnfpt => examen_cnfpt(&d, grade),
        ModeQuota::Etat | ModeQuota::Hospitaliere => exemple_etat_hospitaliere(&d, grade),
        ModeQuota::Cdg | ModeQuota::CollectiviteNonAffiliee => territoriale(&d, grade),
    }
}

fn entree_invalide(code: &str, message: impl Into<String>, chemin: &str) -> ErreurEntree {
    ErreurEntree::new(code, message, chemin)
}

fn champ_manquant(nom: &str, pourquoi: &str) -> ErreurEntree {
    ErreurEntree::new(
        "champ_manquant",
        format!("Le champ « {nom} » est nécessaire {pourquoi}."),
        format!("/{nom}"),
    )
}

/// Mode `examen_cnfpt` : plafond de 70 % des admis au concours de la session précédente.
fn examen_cnfpt(d: &DemandeQuota, grade: Grade<'_>) -> Result<ReponseQuota, ErreurEntree> {
    if grade.code != "ingenieur_en_chef" {
        return Err(entree_invalide(
            "mode_incompatible",
            format!(
                "Le mode « examen_cnfpt » ne concerne que l'examen professionnel d'ingénieur en chef ; « {} » n'est pas couvert.",
                grade.libelle
            ),
            "/mode",
        ));
    }
    let admis = d.admis_concours_session_precedente.ok_or_else(|| {
        champ_manquant(
            "admis_concours_session_precedente",
            "pour le plafond de l'examen d'ingénieur en chef",
        )
    })?;
    let postes = plafond_examen_ingenieur_en_chef(admis);
    let reference = "Décret n° 2016-208 ; FAQ CNFPT ingénieur en chef Q25 (« ne peut excéder 70 % du nombre de candidats admis aux concours d'ingénieur en chef territorial de la session précédente »)".to_owned();
    let detail = vec![CalculQuota {
        code: RegleQuota::PlafondExamenCnfpt,
        libelle: "Plafond des postes ouverts à l'examen professionnel d'ingénieur en chef".into(),
        calcul: format!(
            "70 % × {admis} admis au concours de la session précédente = {} ; « ne peut excéder » : arrondi à l'entier inférieur = {postes}",
            decimal_fr(f64::from(admis) * 0.7)
        ),
        valeur: Some(f64::from(admis) * 0.7),
        postes: Some(postes),
        retenu: true,
        reference,
        verifie: true,
    }];
    Ok(ReponseQuota {
        version_catalogue: crate::catalogue::version().into(),
        postes: Some(postes),
        regle: RegleQuota::PlafondExamenCnfpt,
        detail,
        annee: d.annee,
        cible: d.cible.clone(),
        categorie: grade.categorie(),
        regles_en_vigueur: libelle_periode(d.annee).into(),
        recrutements_comptes: None,
        effectif_retenu: None,
        arrondi:
            "Plafond : arrondi à l'entier inférieur (le nombre de postes ne peut excéder 70 %)."
                .into(),
        verifie: true,
        explication: format!(
            "Au plus {postes} poste(s) à l'examen professionnel d'ingénieur en chef de la session {} : 70 % des {admis} admis au concours de la session précédente, arrondi à l'entier inférieur.",
            d.annee
        ),
    })
}

/// Exemples État (greffiers, 2/5) et hospitalière (techniciens hospitaliers, 1/3) de la fiche
/// service-public (fiche service-public.fr F17757). Non vérifiés sur les statuts (note juridique §9, R).
fn exemple_etat_hospitaliere(
    d: &DemandeQuota,
    grade: Grade<'_>,
) -> Result<ReponseQuota, ErreurEntree> {
    let (cadre_attendu, num, den, libelle_prop, corps) = match d.mode {
        ModeQuota::Etat => (
            "greffiers_services_judiciaires",
            2u64,
            5u64,
            "2/5",
            "greffiers des services judiciaires",
        ),
        _ => (
            "techniciens_hospitaliers",
            1,
            3,
            "1/3",
            "techniciens et techniciens supérieurs hospitaliers",
        ),
    };
    if grade.cadre.code != cadre_attendu {
        return Err(entree_invalide(
            "mode_incompatible",
            format!(
                "Ce mode ne couvre que le corps des {corps} ; « {} » n'en fait pas partie.",
                grade.libelle
            ),
            "/cible",
        ));
    }
    let r = d.recrutements.ok_or_else(|| {
        champ_manquant(
            "recrutements",
            "pour calculer la proportion des nominations",
        )
    })?;
    // Fiche service-public.fr F17757 : nominations « suite à concours (externe, interne, 3e concours), intégration
    // directe et détachement de plus de 6 mois ».
    let comptes = r.concours + r.integration_directe + r.detachement;
    let f = Fraction::new(u64::from(comptes) * num, den);
    // « limité aux 2/5es » (« au tiers ») : plafond, donc arrondi à l'entier inférieur.
    let postes = f.plancher();
    let reference = format!(
        "Fiche service-public.fr F17757 (exemple {}) ; proportion de {libelle_prop} non confirmée sur le statut particulier",
        if d.mode == ModeQuota::Etat {
            "fonction publique de l'État"
        } else {
            "fonction publique hospitalière"
        }
    );
    let detail = vec![CalculQuota {
        code: RegleQuota::Statutaire,
        libelle: format!(
            "Promotion interne limitée à {libelle_prop} des autres nominations dans le corps des {corps}"
        ),
        calcul: format!(
            "{libelle_prop} × {comptes} nominations (concours {}, intégration directe {}, détachement de plus de six mois {}) = {} ; arrondi à l'entier inférieur = {postes}",
            r.concours,
            r.integration_directe,
            r.detachement,
            f.en_texte()
        ),
        valeur: Some(f.valeur()),
        postes: Some(postes),
        retenu: true,
        reference,
        verifie: false,
    }];
    Ok(ReponseQuota {
        version_catalogue: crate::catalogue::version().into(),
        postes: Some(postes),
        regle: RegleQuota::Statutaire,
        detail,
        annee: d.annee,
        cible: d.cible.clone(),
        categorie: grade.categorie(),
        regles_en_vigueur: "exemple_service_public".into(),
        recrutements_comptes: Some(comptes),
        effectif_retenu: None,
        arrondi: "Arrondi à l'entier inférieur (« limité à ») — règle non vérifiée sur le texte en vigueur.".into(),
        verifie: false,
        explication: format!(
            "{postes} promotion(s) interne(s) possible(s) dans le corps des {corps} : {libelle_prop} de {comptes} nomination(s) par d'autres voies. Règle non vérifiée sur le texte en vigueur : exemple de la fiche service-public, proportion non confirmée sur le statut particulier."
        ),
    })
}

fn libelle_periode(annee: i32) -> &'static str {
    if annee >= ANNEE_REFORME_2024 {
        "depuis_2024"
    } else if annee >= ANNEE_DECRET_2013_593 {
        "avant_2024"
    } else {
        "avant_2014"
    }
}

/// Fonction publique territoriale : calcul du CDG ou d'une collectivité non affiliée.
fn territoriale(d: &DemandeQuota, grade: Grade<'_>) -> Result<ReponseQuota, ErreurEntree> {
    if grade.cadre.versant != Versant::Territoriale {
        return Err(entree_invalide(
            "mode_incompatible",
            format!(
                "« {} » n'est pas un grade territorial : utiliser le mode « etat » ou « hospitaliere ».",
                grade.libelle
            ),
            "/mode",
        ));
    }
    // Décret n° 2012-522 du 20 avril 2012, article 4 (rédaction en vigueur depuis le
    // 17/04/2022) : par dérogation à l'article 9 du décret n° 2010-329, les nominations au
    // choix représentent 30 % au plus du total des nominations de lieutenant de 2e classe
    // (concours interne et promotion interne) : un plafond propre au service départemental
    // d'incendie et de secours, pas la proportion commune calculée par le centre de gestion.
    if grade.code == "lieutenant_2e_classe_spp" {
        return Err(entree_invalide(
            "mode_incompatible",
            "La promotion interne de lieutenant de 2e classe de sapeurs-pompiers professionnels ne suit pas la proportion commune : les nominations au choix représentent 30 % au plus du total des nominations de lieutenant de 2e classe prononcées au titre du concours interne et de la promotion interne (décret n° 2012-522 du 20 avril 2012, article 4, par dérogation à l'article 9 du décret n° 2010-329). Ce plafond, propre au service départemental d'incendie et de secours, n'est pas calculé par Passerelle.",
            "/cible",
        ));
    }
    if !CIBLES_PROMOTION_INTERNE.contains(&grade.code) {
        return Err(entree_invalide(
            "cible_invalide",
            format!(
                "Le grade « {} » n'est pas un grade d'accès par promotion interne (guide CDG Martinique §I.B).",
                grade.libelle
            ),
            "/cible",
        ));
    }
    // Guide CDG Martinique §I.B : la promotion interne d'administrateur et d'ingénieur en chef est
    // organisée par le CNFPT, pas par le centre de gestion.
    match grade.code {
        "ingenieur_en_chef" => {
            return Err(entree_invalide(
                "mode_incompatible",
                "La promotion interne d'ingénieur en chef passe uniquement par l'examen professionnel organisé par le CNFPT : utiliser le mode « examen_cnfpt ».",
                "/mode",
            ));
        }
        "administrateur" => {
            return Err(entree_invalide(
                "mode_incompatible",
                "La promotion interne d'administrateur est organisée par le CNFPT ; son plafond n'est pas codé dans Passerelle.",
                "/mode",
            ));
        }
        _ => {}
    }
    if !(PREMIERE_ANNEE_CODEE..=2100).contains(&d.annee) {
        return Err(ErreurEntree::hors_bornes(
            format!(
                "Les règles de quota des listes antérieures à {PREMIERE_ANNEE_CODEE} ne sont pas codées : proportions des statuts particuliers avant le décret n° 2006-1462 du 28 novembre 2006, proportion transitoire d'une pour deux de certains cadres d'emplois (jusqu'au 01/12/2011), clause de sauvegarde ramenée à deux ans à titre expérimental du 01/12/2006 au 01/12/2010 (décret n° 85-1229 art. 20-5). L'année doit être {PREMIERE_ANNEE_CODEE} ou postérieure."
            ),
            "/annee",
        ));
    }

    if grade.code == "agent_de_maitrise" {
        let voie = d.voie.ok_or_else(|| {
            champ_manquant(
                "voie",
                "pour l'agent de maîtrise (la règle dépend de la voie)",
            )
        })?;
        return Ok(sans_quota(d, grade, voie));
    }

    if let Some(modalite) = d.modalite {
        return proportion_autre_voie(d, grade, modalite);
    }

    let r = d.recrutements.ok_or_else(|| {
        champ_manquant(
            "recrutements",
            "pour appliquer la proportion du statut particulier",
        )
    })?;
    Ok(calcul_territorial(d, grade, &r))
}

/// Agent de maîtrise : promotion interne sans quota.
fn sans_quota(d: &DemandeQuota, grade: Grade<'_>, voie: VoieQuota) -> ReponseQuota {
    // Guide CDG Martinique §I.C : « la promotion interne d'accès au grade d'agent de maîtrise territorial
    // sans condition d'examen professionnel est organisée sans règle de quota ». Pour la voie
    // de l'examen, seule la pratique d'un CDG l'affirme (note juridique §1, TEC-5b : R).
    let (verifie, reference, texte) = match voie {
        VoieQuota::Choix => (
            true,
            "Guide CDG Martinique §I.C (agent de maîtrise sans condition d'examen professionnel : sans règle de quota) ; décret n° 88-547".to_owned(),
            "La promotion interne au choix d'agent de maîtrise est organisée sans règle de quota.".to_owned(),
        ),
        VoieQuota::Examen => (
            false,
            "Pratique du CDG Martinique (« pas de quota pour les agents de maîtrise ») ; décret n° 88-547 — règle non vérifiée sur le texte en vigueur".to_owned(),
            "La promotion interne d'agent de maîtrise après examen est traitée sans quota : règle non vérifiée sur le texte en vigueur (le guide du CDG ne l'affirme que pour la voie sans examen).".to_owned(),
        ),
    };
    ReponseQuota {
        version_catalogue: crate::catalogue::version().into(),
        postes: None,
        regle: RegleQuota::SansQuota,
        detail: vec![CalculQuota {
            code: RegleQuota::SansQuota,
            libelle: "Promotion interne d'agent de maîtrise sans quota".into(),
            calcul: "Aucun calcul : le nombre d'inscriptions n'est pas limité par un quota.".into(),
            valeur: None,
            postes: None,
            retenu: true,
            reference,
            verifie,
        }],
        annee: d.annee,
        cible: d.cible.clone(),
        categorie: grade.categorie(),
        regles_en_vigueur: libelle_periode(d.annee).into(),
        recrutements_comptes: None,
        effectif_retenu: None,
        arrondi: "Sans objet.".into(),
        verifie,
        explication: texte,
    }
}

/// Voie conditionnée par les nominations d'une autre voie (attachés, secrétaires de mairie).
fn proportion_autre_voie(
    d: &DemandeQuota,
    grade: Grade<'_>,
    modalite: ModaliteQuota,
) -> Result<ReponseQuota, ErreurEntree> {
    match modalite {
        ModaliteQuota::SecretairesDeMairie => {
            if grade.code != "attache" {
                return Err(entree_invalide(
                    "modalite_incompatible",
                    "La modalité « secretaires_de_mairie » ne concerne que l'accès au grade d'attaché.",
                    "/modalite",
                ));
            }
        }
    }
    let arrondi = Arrondi::pour(grade.categorie());
    let n = d.autre_voie_nominations;
    // Guide CDG Martinique §I.C : un recrutement au choix d'un secrétaire de mairie (catégorie A,
    // quatre ans de services effectifs) pour deux recrutements au choix de l'autre modalité
    // (décret 87-1099 art. 6). La rédaction actuelle de l'article n'est pas vérifiée
    // (note juridique §1 ADM-2c et §10.1).
    let f = Fraction::new(u64::from(n), 2);
    let postes = arrondi.appliquer(f);
    let calcul = format!(
        "1 pour 2 × {n} nomination(s) au choix de l'autre modalité = {} ; {} = {postes}",
        f.en_texte(),
        arrondi.mot()
    );
    Ok(ReponseQuota {
        version_catalogue: crate::catalogue::version().into(),
        postes: Some(postes),
        regle: RegleQuota::ProportionAutreVoie,
        detail: vec![CalculQuota {
            code: RegleQuota::ProportionAutreVoie,
            libelle: "Attachés : accès des secrétaires de mairie conditionné par les nominations au choix de l'autre modalité".into(),
            calcul,
            valeur: Some(f.valeur()),
            postes: Some(postes),
            retenu: true,
            reference: "Décret n° 87-1099 art. 6 ; guide CDG Martinique §I.C (quota calculé en fonction des nominations d'une autre modalité) — rédaction en vigueur non vérifiée".into(),
            verifie: false,
        }],
        annee: d.annee,
        cible: d.cible.clone(),
        categorie: grade.categorie(),
        regles_en_vigueur: libelle_periode(d.annee).into(),
        recrutements_comptes: None,
        effectif_retenu: None,
        arrondi: arrondi.libelle().into(),
        verifie: false,
        explication: format!(
            "{postes} inscription(s) possible(s) au titre des secrétaires de mairie : une pour deux nominations au choix de l'autre modalité ({n}). Règle non vérifiée sur le texte en vigueur (rédaction actuelle de l'article 6 du décret 87-1099)."
        ),
    })
}

/// Calcul de droit commun : proportion statutaire, règle alternative, clause de sauvegarde.
fn calcul_territorial(d: &DemandeQuota, grade: Grade<'_>, r: &Recrutements) -> ReponseQuota {
    let regles = regles_en_vigueur(d.annee);
    let categorie = grade.categorie();
    let arrondi = Arrondi::pour(categorie);
    let den = u64::from(regles.recrutements_par_promotion);
    let avant = d.annee < ANNEE_REFORME_2024;
    let mot_arrondi = arrondi.mot();
    let ref_periode = if avant {
        "règles antérieures au 01/01/2024 (décret n° 2006-1462, harmonisation à 1 pour 3)"
    } else {
        REF_DECRET_2023_1272
    };

    // 1. Proportion du statut particulier appliquée aux recrutements comptés
    // (décret 2013-593 art. 31 pour la liste des recrutements ; guide CDG Martinique §I.C).
    let comptes = regles.recrutements_comptes(r);
    let f_stat = Fraction::new(u64::from(comptes), den);
    let postes_stat = arrondi.appliquer(f_stat);
    let mut composition = format!(
        "concours {} + mutation {} + détachement {} + intégration directe {}",
        r.concours, r.mutation, r.detachement, r.integration_directe
    );
    if regles.travailleurs_handicapes_comptes {
        composition.push_str(&format!(
            " + titularisation L.352-4 {}",
            r.travailleur_handicape
        ));
    } else if r.travailleur_handicape > 0 {
        composition.push_str(&format!(
            " (titularisations L.352-4 non comptées avant 2024 : {})",
            r.travailleur_handicape
        ));
    }
    if r.promotion_interne + r.autre > 0 {
        composition.push_str(&format!(
            " ; non comptés : promotion interne {}, autres {}",
            r.promotion_interne, r.autre
        ));
    }
    let mut stat = CalculQuota {
        code: RegleQuota::Statutaire,
        libelle: format!(
            "Une promotion interne pour {den} recrutements comptés (proportion du statut particulier)"
        ),
        calcul: format!(
            "{comptes} recrutements comptés ({composition}) ÷ {den} = {} ; {mot_arrondi} = {postes_stat}",
            f_stat.en_texte()
        ),
        valeur: Some(f_stat.valeur()),
        postes: Some(postes_stat),
        retenu: false,
        reference: format!(
            "Statut particulier du cadre ({}) ; décret n° 2013-593 art. 31 (recrutements comptés) ; {ref_periode}",
            grade.cadre.statut
        ),
        // L'arrondi non vérifié n'intervient que si le résultat n'est pas entier.
        verifie: arrondi.verifie() || f_stat.est_entier(),
    };

    // 2. Règle alternative : même proportion appliquée à 8 % (5 % avant 2024) de l'effectif
    // au 31/12 de l'année précédente (décret 2006-1695 art. 16 pour la catégorie A ; décret
    // 2010-329 art. 9 pour la catégorie B ; guide CDG Martinique §I.C « 2- Règle alternative »).
    let code_alt = if avant {
        RegleQuota::Alternative5Pourcent
    } else {
        RegleQuota::Alternative8Pourcent
    };
    let pct = regles.pourcentage_effectif;
    let ref_alt = match categorie {
        Categorie::A => "Décret n° 2006-1695 art. 16 (catégorie A)",
        Categorie::B => "Décret n° 2010-329 art. 9 (catégorie B, NES) ou statut particulier",
        Categorie::C => "Sans objet pour la catégorie C",
    };
    let mut effectif_retenu = None;
    let mut alt = match (categorie, d.effectif_31_decembre) {
        (Categorie::C, _) => CalculQuota {
            code: code_alt,
            libelle: format!("Même proportion appliquée à {pct} % de l'effectif"),
            calcul: "Non applicable : la règle alternative est prévue pour les cadres d'emplois de catégorie A et B.".into(),
            valeur: None,
            postes: None,
            retenu: false,
            reference: "Guide CDG Martinique §I.C ; fiche service-public.fr F17757 (« pour la plupart des cadres d'emplois de catégorie A et B »)".into(),
            verifie: true,
        },
        (_, None) => CalculQuota {
            code: code_alt,
            libelle: format!("Même proportion appliquée à {pct} % de l'effectif"),
            calcul: "Inconnu : l'effectif au 31 décembre de l'année précédente n'a pas été fourni.".into(),
            valeur: None,
            postes: None,
            retenu: false,
            reference: format!("{ref_alt} ; {ref_periode}"),
            verifie: arrondi.verifie(),
        },
        (_, Some(e)) => {
            let eff = regles.effectif_retenu(&e);
            effectif_retenu = Some(eff);
            let f = Fraction::new(u64::from(eff) * u64::from(pct), 100 * den);
            let p = arrondi.appliquer(f);
            let compo = if regles.cdi_comptes {
                format!(
                    "{} fonctionnaires en activité ou détachement + {} CDI",
                    e.fonctionnaires_activite_detachement, e.cdi
                )
            } else if e.cdi > 0 {
                format!(
                    "{} fonctionnaires en activité ou détachement ; {} CDI non comptés avant 2024",
                    e.fonctionnaires_activite_detachement, e.cdi
                )
            } else {
                format!(
                    "{} fonctionnaires en activité ou détachement",
                    e.fonctionnaires_activite_detachement
                )
            };
            CalculQuota {
                code: code_alt,
                libelle: format!("Même proportion appliquée à {pct} % de l'effectif au 31 décembre de l'année précédente"),
                calcul: format!(
                    "{pct} % × {eff} ({compo}) = {} ; ÷ {den} = {} ; {mot_arrondi} = {p}",
                    decimal_fr(f64::from(eff) * f64::from(pct) / 100.0),
                    f.en_texte()
                ),
                valeur: Some(f.valeur()),
                postes: Some(p),
                retenu: false,
                reference: format!("{ref_alt} ; {ref_periode}"),
                verifie: arrondi.verifie() || f.est_entier(),
            }
        }
    };

    // 3. La méthode la plus favorable est retenue, grade par grade (guide CDG Martinique §I.C ; CDG 16) ;
    // à égalité, la proportion statutaire.
    let postes_alt = alt.postes.unwrap_or(0);
    let (mut postes, mut regle) = if postes_alt > postes_stat {
        alt.retenu = true;
        (postes_alt, code_alt)
    } else {
        stat.retenu = true;
        (postes_stat, RegleQuota::Statutaire)
    };

    // 4. Clause de sauvegarde (décret 2013-593 art. 30 ; guide CDG Martinique §I.C ; fiche service-public.fr F17757) : si aucune
    // promotion n'a été possible pendant au moins deux ans (quatre avant 2024) et qu'au moins
    // un recrutement compté est intervenu, une inscription est possible.
    let duree = regles.annees_clause_sauvegarde;
    let code_clause = if avant {
        RegleQuota::ClauseQuatreAns
    } else {
        RegleQuota::ClauseDeuxAns
    };
    let mut detail = vec![stat, alt];
    if postes == 0 {
        let remplie =
            d.annees_sans_promotion_possible >= duree && d.recrutements_pendant_ces_annees >= 1;
        let clause = CalculQuota {
            code: code_clause,
            libelle: format!(
                "Clause de sauvegarde : aucune promotion interne possible depuis au moins {duree} ans"
            ),
            calcul: format!(
                "{} année(s) sans promotion possible (requis : au moins {duree}) et {} recrutement(s) compté(s) pendant cette période (requis : au moins 1) : {}",
                d.annees_sans_promotion_possible,
                d.recrutements_pendant_ces_annees,
                if remplie {
                    "clause remplie, 1 inscription possible"
                } else {
                    "clause non remplie"
                }
            ),
            valeur: Some(if remplie { 1.0 } else { 0.0 }),
            postes: Some(u32::from(remplie)),
            retenu: remplie,
            reference: if d.annee < ANNEE_DECRET_2013_593 {
                "Décret n° 85-1229 du 20 novembre 1985, art. 20-5 (clause de quatre ans, reprise par le décret n° 2013-593)".to_owned()
            } else {
                format!(
                    "Décret n° 2013-593 du 5 juillet 2013 (art. 30, numéro d'article non vérifié) ; guide CDG Martinique §I.C ; fiche service-public.fr F17757 ; {}",
                    if avant {
                        "quatre ans avant le 01/01/2024"
                    } else {
                        "deux ans depuis le décret n° 2023-1272 (01/01/2024)"
                    }
                )
            },
            verifie: true,
        };
        if remplie {
            postes = 1;
            regle = code_clause;
            for c in &mut detail {
                c.retenu = false;
            }
        }
        detail.push(clause);
    }

    let retenu = detail
        .iter()
        .find(|c| c.retenu)
        .expect("une règle est toujours retenue");
    let mut verifie = retenu.verifie;
    let nom_regle = retenu.libelle.to_lowercase();
    let avant_2014 = d.annee < ANNEE_DECRET_2013_593;
    if avant_2014 {
        verifie = false;
        for c in &mut detail {
            c.verifie = false;
        }
    }
    let mut explication = format!(
        "{postes} inscription(s) possible(s) sur la liste d'aptitude {} (cadre d'emplois des {}, catégorie {}) : règle retenue « {nom_regle} ».",
        d.annee,
        grade.cadre.libelle.to_lowercase(),
        categorie.libelle()
    );
    let resume: Vec<String> = detail
        .iter()
        .filter(|c| c.code != code_clause)
        .map(|c| match c.postes {
            Some(p) => format!("{} : {p}", c.libelle),
            // Le calcul d'une règle sans résultat est une phrase finie (« Non applicable :
            // … ») : son point final ne se double pas de celui du résumé.
            None => format!("{} : {}", c.libelle, c.calcul.trim_end_matches('.')),
        })
        .collect();
    explication.push_str(&format!(" Calculs : {}.", resume.join(" ; ")));
    if avant_2014 {
        explication.push_str(RESERVE_2011_2013);
    }

    ReponseQuota {
        version_catalogue: crate::catalogue::version().into(),
        postes: Some(postes),
        regle,
        detail,
        annee: d.annee,
        cible: d.cible.clone(),
        categorie,
        regles_en_vigueur: libelle_periode(d.annee).into(),
        recrutements_comptes: Some(comptes),
        effectif_retenu,
        arrondi: arrondi.libelle().into(),
        verifie,
        explication,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractions_arrondies_sans_erreur_flottante() {
        // 8 % × 60 ÷ 2 = 2,4 (guide CDG Martinique §I.C).
        let f = Fraction::new(60 * 8, 200);
        assert_eq!(f.plancher(), 2);
        assert_eq!(f.en_texte(), "2,4");
        // 5 ÷ 1 exactement : pas d'arrondi parasite.
        assert_eq!(Fraction::new(10, 2).plancher(), 5);
        assert_eq!(Fraction::new(9, 2).plancher(), 4);
    }

    #[test]
    fn decimales_a_la_francaise() {
        assert_eq!(decimal_fr(4.8), "4,8");
        assert_eq!(decimal_fr(5.0), "5");
        assert_eq!(decimal_fr(1.25), "1,25");
    }
}
