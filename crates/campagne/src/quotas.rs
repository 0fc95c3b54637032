//! Quotas de la campagne : les déclarations des collectivités affiliées sont additionnées
//! par cadre d'emplois et données à la commande `quota` du moteur (mode `cdg`), pour chaque
//! grade cible et chaque voie (contrat v2, « Quotas »). Les collectivités non affiliées
//! établissent leurs propres listes : leurs recrutements ne sont pas mis en commun (guide
//! CDG Martinique, préambule et §I.C).
//!
//! Les recrutements qui ouvrent des postes vers un grade cible sont ceux du cadre d'emplois
//! de ce grade (le quota est une fraction des autres recrutements dans le cadre d'emplois,
//! décret n° 2013-593 art. 31 ; guide CDG Martinique §I.C). Quand plusieurs voies ou grades
//! d'accès appartiennent au même cadre d'emplois, le nombre de postes est celui du cadre :
//! il leur est commun (`postes_communs_avec`), et le total des inscrits sur ces listes ne
//! peut le dépasser ([`verifier_quota_cadre`]).
//!
//! Clause de sauvegarde (décret n° 2013-593 art. 30) : les années sans promotion possible
//! sont l'année de la liste (le calcul ne donne aucun poste quand la clause est examinée)
//! et les années précédentes consécutives dont la campagne enregistrée n'a ouvert aucun
//! poste pour le grade cible ; une année sans campagne enregistrée interrompt le compte,
//! sauf la saisie initiale (`PUT …/historique`) qui décrit les années antérieures à la
//! première campagne enregistrée. Une année où une nomination au grade a été prononcée sur
//! liste d'aptitude (registre des inscriptions) arrête aussi le compte : une promotion y
//! était possible. Convention de Passerelle : le texte ne dit pas comment mesurer ces
//! années.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use droit::catalogue::{Catalogue, CatalogueVoies};
use droit::date::premier_janvier;
use droit::eligibilite::Voie;
use droit::quota::{
    CIBLES_PROMOTION_INTERNE, DemandeQuota, Effectif, ModeQuota, Recrutements, RegleQuota,
    ReponseQuota, VoieQuota, regles_en_vigueur,
};

use crate::declaration::{Declaration, ModeRecrutement};
use crate::erreur::{ErreurCampagne, codes};

/// La déclaration d'une collectivité, avec son affiliation.
#[derive(Debug, Clone, Copy)]
pub struct DeclarationCollectivite<'a> {
    pub collectivite: &'a str,
    pub affiliee: bool,
    pub declaration: &'a Declaration,
}

/// Recensement d'un cadre d'emplois : recrutements et effectif additionnés.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RecensementCadre {
    pub cadre_emplois: String,
    pub recrutements: Recrutements,
    /// `null` si aucune collectivité n'a déclaré d'effectif pour ce cadre.
    pub effectif: Option<Effectif>,
    /// Collectivités affiliées qui ont déclaré quelque chose pour ce cadre.
    pub collectivites: Vec<String>,
    /// Références des arrêtés de recrutement.
    pub references: Vec<String>,
}

fn recensement_vide(cadre: &str) -> RecensementCadre {
    RecensementCadre {
        cadre_emplois: cadre.to_owned(),
        recrutements: Recrutements::default(),
        effectif: None,
        collectivites: Vec::new(),
        references: Vec::new(),
    }
}

/// Additionne les déclarations des collectivités affiliées, par cadre d'emplois.
pub fn recenser(
    declarations: &[DeclarationCollectivite<'_>],
) -> BTreeMap<String, RecensementCadre> {
    let mut par_cadre: BTreeMap<String, RecensementCadre> = BTreeMap::new();
    for d in declarations.iter().filter(|d| d.affiliee) {
        let noter = |x: &mut RecensementCadre| {
            if !x.collectivites.iter().any(|c| c == d.collectivite) {
                x.collectivites.push(d.collectivite.to_owned());
            }
        };
        for r in &d.declaration.recrutements {
            let x = par_cadre
                .entry(r.cadre_emplois.clone())
                .or_insert_with(|| recensement_vide(&r.cadre_emplois));
            let n = &mut x.recrutements;
            match r.mode {
                ModeRecrutement::Concours => n.concours += 1,
                ModeRecrutement::Mutation => n.mutation += 1,
                ModeRecrutement::Detachement => n.detachement += 1,
                ModeRecrutement::IntegrationDirecte => n.integration_directe += 1,
                ModeRecrutement::TravailleurHandicape => n.travailleur_handicape += 1,
            }
            x.references
                .push(format!("{} ({})", r.reference, d.collectivite));
            noter(x);
        }
        for e in &d.declaration.effectifs {
            let x = par_cadre
                .entry(e.cadre_emplois.clone())
                .or_insert_with(|| recensement_vide(&e.cadre_emplois));
            let eff = x.effectif.get_or_insert_with(Effectif::default);
            eff.fonctionnaires_activite_detachement += e.fonctionnaires_activite_detachement;
            eff.cdi += e.cdi;
            noter(x);
        }
    }
    par_cadre
}

/// Saisie initiale de l'historique d'une cible (contrat v2 : `PUT …/historique`) : les
/// années antérieures à la première campagne enregistrée.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoriqueSaisi {
    pub annees_sans_promotion_possible: u32,
    pub recrutements_pendant_ces_annees: u32,
}

/// Le bilan enregistré d'une campagne antérieure pour une cible (une voie).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct BilanAnterieur {
    pub annee: i32,
    pub cible: String,
    /// Postes ouverts (`null` : sans quota).
    pub postes: Option<u32>,
    /// Recrutements comptés cette année-là.
    pub recrutements_comptes: Option<u32>,
}

impl BilanAnterieur {
    /// Le bilan d'une réponse `quota` conservée.
    pub fn depuis_quota(annee: i32, q: &ReponseQuota) -> Self {
        BilanAnterieur {
            annee,
            cible: q.cible.clone(),
            postes: q.postes,
            recrutements_comptes: q.recrutements_comptes,
        }
    }
}

/// Les années sans promotion possible et les recrutements comptés pendant ces années,
/// avant l'année de la liste, avec leur explication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Anteriorite {
    pub annees_sans_promotion_possible: u32,
    pub recrutements_pendant_ces_annees: u32,
    pub explication: String,
    /// Nominations prononcées sur liste d'aptitude pour ce grade, les années précédant la
    /// liste (registre des inscriptions).
    #[serde(default)]
    pub nominations: Vec<NominationsPrononcees>,
}

/// Nominations prononcées une année pour un grade (registre des inscriptions sur les listes
/// d'aptitude : évènement `nomination`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct NominationsPrononcees {
    pub annee: i32,
    pub cible: String,
    pub nombre: u32,
}

/// Remonte les campagnes enregistrées à partir de `annee - 1` pour une cible.
pub fn anteriorite(
    annee: i32,
    cible: &str,
    anterieurs: &[BilanAnterieur],
    saisie: Option<&HistoriqueSaisi>,
) -> Anteriorite {
    anteriorite_avec_nominations(annee, cible, anterieurs, saisie, &[])
}

/// Comme [`anteriorite`], en tenant compte des nominations prononcées : une année où une
/// personne a été nommée au grade sur une liste d'aptitude est une année où une promotion
/// était possible, et arrête le compte des années sans promotion possible. Convention de
/// Passerelle : le décret n° 2013-593 (art. 30) ne dit pas comment mesurer ces années ; une
/// promotion prononcée montre qu'elle était possible.
pub fn anteriorite_avec_nominations(
    annee: i32,
    cible: &str,
    anterieurs: &[BilanAnterieur],
    saisie: Option<&HistoriqueSaisi>,
    nominations: &[NominationsPrononcees],
) -> Anteriorite {
    let nominations: Vec<NominationsPrononcees> = nominations
        .iter()
        .filter(|x| x.cible == cible && x.annee < annee && x.nombre > 0)
        .cloned()
        .collect();
    let mut n = 0u32;
    let mut recrutements = 0u32;
    let mut y = annee - 1;
    let premiere = anterieurs
        .iter()
        .filter(|b| b.cible == cible)
        .map(|b| b.annee)
        .min();
    let mut morceaux = Vec::new();
    loop {
        if let Some(x) = nominations.iter().find(|x| x.annee == y) {
            morceaux.push(format!(
                "{y} : {} nomination(s) prononcée(s) sur liste d'aptitude, promotion possible",
                x.nombre
            ));
            break;
        }
        let bilans: Vec<&BilanAnterieur> = anterieurs
            .iter()
            .filter(|b| b.cible == cible && b.annee == y)
            .collect();
        if bilans.is_empty() {
            if premiere.is_none_or(|p| y < p) {
                // Avant la première campagne enregistrée : la saisie initiale prend le relais.
                match saisie {
                    Some(s) => {
                        n += s.annees_sans_promotion_possible;
                        recrutements += s.recrutements_pendant_ces_annees;
                        morceaux.push(format!(
                            "saisie initiale : {} année(s) sans promotion possible et {} recrutement(s) compté(s) jusqu'en {y}",
                            s.annees_sans_promotion_possible, s.recrutements_pendant_ces_annees
                        ));
                    }
                    None => morceaux.push(format!(
                        "aucune campagne enregistrée ni historique saisi jusqu'en {y}"
                    )),
                }
            } else {
                morceaux.push(format!(
                    "pas de campagne enregistrée en {y} : compte arrêté"
                ));
            }
            break;
        }
        // Une promotion était possible si une voie avait au moins un poste (ou pas de quota).
        let possible = bilans.iter().any(|b| b.postes.is_none_or(|p| p > 0));
        if possible {
            morceaux.push(format!("promotion possible en {y}"));
            break;
        }
        n += 1;
        let r = bilans
            .iter()
            .filter_map(|b| b.recrutements_comptes)
            .max()
            .unwrap_or(0);
        recrutements += r;
        morceaux.push(format!("{y} : aucun poste, {r} recrutement(s) compté(s)"));
        y -= 1;
    }
    let explication = format!("Années avant {annee} : {}.", morceaux.join(" ; "));
    Anteriorite {
        annees_sans_promotion_possible: n,
        recrutements_pendant_ces_annees: recrutements,
        explication,
        nominations,
    }
}

/// Une cible et une voie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CibleVoie {
    pub cible: String,
    pub voie: VoieQuota,
}

/// Le quota d'une cible et d'une voie pour la campagne (contrat v2 :
/// `{"cible", "cadre_emplois", "voie", "postes", "regle", "calcul"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct QuotaCampagne {
    pub cible: String,
    pub cadre_emplois: String,
    pub voie: VoieQuota,
    /// Postes ouverts (`null` : sans quota).
    pub postes: Option<u32>,
    pub regle: RegleQuota,
    /// Réponse de la commande `quota` du moteur.
    pub calcul: ReponseQuota,
    /// Recensement additionné du cadre d'emplois.
    pub recensement: RecensementCadre,
    /// Années antérieures sans promotion possible (clause de sauvegarde).
    pub anteriorite: Anteriorite,
    /// Autres cibles et voies du même cadre d'emplois, qui partagent ces postes.
    pub postes_communs_avec: Vec<CibleVoie>,
}

fn voie_quota(v: Voie) -> Option<VoieQuota> {
    match v {
        Voie::Choix => Some(VoieQuota::Choix),
        Voie::Examen => Some(VoieQuota::Examen),
        Voie::InscriptionExamen => None,
    }
}

/// Cibles et voies dont le centre de gestion établit les listes pour l'année : voies du
/// catalogue en vigueur au 1er janvier, grades d'accès par promotion interne, hors
/// administrateur et ingénieur en chef (organisés par le CNFPT, guide CDG Martinique §I.B).
pub fn voies_du_cdg(annee: i32) -> Vec<(CibleVoie, String)> {
    let cat = Catalogue::get();
    let jour = premier_janvier(annee);
    let mut v = Vec::new();
    for d in &CatalogueVoies::get().voies {
        let Some(voie) = voie_quota(d.voie) else {
            continue;
        };
        if !CIBLES_PROMOTION_INTERNE.contains(&d.cible.as_str())
            || matches!(d.cible.as_str(), "administrateur" | "ingenieur_en_chef")
            || d.depuis.is_some_and(|x| x > jour)
            || d.jusqu_au.is_some_and(|x| x < jour)
        {
            continue;
        }
        let Some(g) = cat.grade(&d.cible) else {
            continue;
        };
        let cv = CibleVoie {
            cible: d.cible.clone(),
            voie,
        };
        if !v.iter().any(|(x, _)| x == &cv) {
            v.push((cv, g.cadre.code.clone()));
        }
    }
    v
}

/// Les quotas de la campagne : une entrée par grade cible et voie pour lesquels quelque
/// chose a été déclaré dans le cadre d'emplois (par une collectivité affiliée) ou quelqu'un
/// est promouvable (`promouvables`), dans l'ordre du catalogue.
pub fn quotas(
    annee: i32,
    declarations: &[DeclarationCollectivite<'_>],
    anterieurs: &[BilanAnterieur],
    saisies: &BTreeMap<String, HistoriqueSaisi>,
    promouvables: &[CibleVoie],
) -> Result<Vec<QuotaCampagne>, ErreurCampagne> {
    quotas_avec_nominations(annee, declarations, anterieurs, saisies, promouvables, &[])
}

/// Comme [`quotas`], la clause de sauvegarde tenant compte des nominations prononcées sur
/// liste d'aptitude ([`anteriorite_avec_nominations`]).
pub fn quotas_avec_nominations(
    annee: i32,
    declarations: &[DeclarationCollectivite<'_>],
    anterieurs: &[BilanAnterieur],
    saisies: &BTreeMap<String, HistoriqueSaisi>,
    promouvables: &[CibleVoie],
    nominations: &[NominationsPrononcees],
) -> Result<Vec<QuotaCampagne>, ErreurCampagne> {
    let recensement = recenser(declarations);
    let retenues: Vec<(CibleVoie, String)> = voies_du_cdg(annee)
        .into_iter()
        .filter(|(cv, cadre)| recensement.contains_key(cadre) || promouvables.contains(cv))
        .collect();
    let regles = regles_en_vigueur(annee);
    let mut sortie = Vec::with_capacity(retenues.len());
    for (cv, cadre) in &retenues {
        let rec = recensement
            .get(cadre)
            .cloned()
            .unwrap_or_else(|| recensement_vide(cadre));
        let ant = anteriorite_avec_nominations(
            annee,
            &cv.cible,
            anterieurs,
            saisies.get(&cv.cible),
            nominations,
        );
        let comptes_annee = regles.recrutements_comptes(&rec.recrutements);
        let demande = DemandeQuota {
            annee,
            cible: cv.cible.clone(),
            voie: Some(cv.voie),
            mode: ModeQuota::Cdg,
            modalite: None,
            recrutements: Some(rec.recrutements),
            effectif_31_decembre: rec.effectif,
            // L'année de la liste compte parmi les années sans promotion possible quand la
            // clause est examinée (le calcul n'a donné aucun poste).
            annees_sans_promotion_possible: ant.annees_sans_promotion_possible + 1,
            recrutements_pendant_ces_annees: ant.recrutements_pendant_ces_annees + comptes_annee,
            autre_voie_nominations: 0,
            admis_concours_session_precedente: None,
        };
        let calcul = droit::quota::executer(demande).map_err(ErreurCampagne::depuis_entree)?;
        let communs = retenues
            .iter()
            .filter(|(x, c)| c == cadre && x != cv)
            .map(|(x, _)| x.clone())
            .collect();
        sortie.push(QuotaCampagne {
            cible: cv.cible.clone(),
            cadre_emplois: cadre.clone(),
            voie: cv.voie,
            postes: calcul.postes,
            regle: calcul.regle,
            calcul,
            recensement: rec,
            anteriorite: ant,
            postes_communs_avec: communs,
        });
    }
    Ok(sortie)
}

/// Vérifie qu'un ensemble de listes d'un même cadre d'emplois ne dépasse pas ses postes :
/// 409 `quota_depasse` sinon (CGFP L.523-1 : pas plus d'inscrits que de postes).
pub fn verifier_quota_cadre(
    cadre_emplois: &str,
    postes: Option<u32>,
    inscrits: u32,
) -> Result<(), ErreurCampagne> {
    match postes {
        Some(p) if inscrits > p => Err(ErreurCampagne::conflit(
            codes::QUOTA_DEPASSE,
            format!(
                "{inscrits} inscrits pour {p} poste(s) ouverts dans le cadre d'emplois « {} » : le nombre d'inscrits ne peut dépasser celui des postes.",
                Catalogue::get()
                    .cadre(cadre_emplois)
                    .map_or(cadre_emplois, |c| c.libelle.as_str())
            ),
        )),
        _ => Ok(()),
    }
}
