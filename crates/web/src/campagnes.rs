//! API de la campagne (contrat v2) : la campagne et son état, le recensement
//! (déclarations), la saisie initiale de la clause de sauvegarde, la grille de cotation,
//! les quotas, les promouvables et le tableau de bord du centre de gestion.
//!
//! | route | règle | ce qu'elle fait |
//! |---|---|---|
//! | `POST /api/v1/campagnes` | administrateur, gestionnaire | crée la campagne d'une année (201 ; 409 `campagne_existante` ; 422 `dates_incoherentes`) |
//! | `GET /api/v1/campagnes` | toute session | les campagnes, la plus récente d'abord, avec leur état du jour |
//! | `GET /api/v1/campagnes/{annee}` | toute session | la campagne, son état du jour (`preparation`, `depot_ouvert`, `depot_clos`) et les jours de dépôt restants |
//! | `PUT /api/v1/campagnes/{annee}/historique` | administrateur, gestionnaire | saisie initiale de la clause de sauvegarde |
//! | `GET /api/v1/campagnes/{annee}/historique` | administrateur, gestionnaire | la relire |
//! | `PUT /api/v1/campagnes/{annee}/grille` | administrateur, gestionnaire | nouvelle version de la grille (200 `{"version"}`) |
//! | `GET /api/v1/campagnes/{annee}/grille[?version=n]` | administrateur, gestionnaire, collectivité | la dernière version (ou la version n) |
//! | `PUT /api/v1/campagnes/{annee}/declarations/{collectivite}` | gestionnaire ; collectivité (les siennes, jusqu'à la clôture) | remplace la déclaration (409 `non_affiliee`, `depot_clos`) |
//! | `GET /api/v1/campagnes/{annee}/declarations[/{collectivite}]` | administrateur, gestionnaire, collectivité (les siennes) | les relire |
//! | `GET /api/v1/campagnes/{annee}/quotas` | administrateur, gestionnaire, collectivité | postes ouverts par grade cible et voie, avec le calcul du moteur |
//! | `GET /api/v1/campagnes/{annee}/promouvables` | administrateur, gestionnaire, collectivité (ses agents) | promouvables filtrés et paginés |
//! | `GET /api/v1/campagnes/{annee}/tableau-de-bord` | administrateur, gestionnaire | état, déclarations reçues et manquantes, propositions par cible et statut, promouvables par cible et voie |
//!
//! « Aujourd'hui » vient de l'horloge du serveur ([`crate::Horloge`]), date civile à Paris.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use campagne::calendrier::{Campagne, EtatCampagne};
use campagne::declaration::{Declaration, valider_declaration};
use campagne::droits::{Action, Situation, autoriser};
use campagne::quotas::{
    BilanAnterieur, CibleVoie, DeclarationCollectivite, HistoriqueSaisi, QuotaCampagne,
    voies_du_cdg,
};
use droit::quota::VoieQuota;
use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use store::campagnes::CampagneEnregistree;
use store::promouvables::{FiltreFormation, FiltrePromouvables};
use store::{Acteur, Portee};

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::erreurs::{Erreur, lire_json};

/// Rôle du crate `campagne` correspondant à un rôle de compte.
pub(crate) fn role(r: store::Role) -> campagne::droits::Role {
    match r {
        store::Role::Administrateur => campagne::droits::Role::Administrateur,
        store::Role::Gestionnaire => campagne::droits::Role::Gestionnaire,
        store::Role::Collectivite => campagne::droits::Role::Collectivite,
        store::Role::Commission => campagne::droits::Role::Commission,
    }
}

/// Vérifie une action de la campagne pour l'acteur (403 rôle, 409 état).
pub(crate) fn autoriser_acteur(
    acteur: &Acteur,
    action: Action,
    situation: Situation,
) -> Result<(), Erreur> {
    autoriser(role(acteur.role), action, &situation).map_err(Erreur::from)
}

/// Une campagne lue, ses règles de calendrier et son état du jour.
pub(crate) struct CampagneDuJour {
    pub enregistree: CampagneEnregistree,
    pub regles: Campagne,
    pub aujourdhui: Date,
    pub etat: EtatCampagne,
}

impl CampagneDuJour {
    /// Représentation JSON (contrat v2 : `annee`, dates, `etat` ; étendue).
    pub fn json(&self) -> Value {
        json!({
            "annee": self.regles.annee,
            "depot_ouverture": self.regles.depot_ouverture,
            "depot_cloture": self.regles.depot_cloture,
            "date_effet_liste": self.regles.date_effet_liste,
            "etat": self.etat,
            "jours_restants": self.regles.jours_restants(self.aujourdhui),
            "aujourdhui": self.aujourdhui,
            "creee_le": self.enregistree.creee_le,
            "creee_par": self.enregistree.creee_par,
        })
    }

    pub fn situation(&self) -> Situation {
        Situation {
            campagne: Some(self.etat),
            proposition: None,
        }
    }
}

fn regles(c: &CampagneEnregistree) -> Campagne {
    Campagne {
        annee: c.annee,
        depot_ouverture: c.depot_ouverture,
        depot_cloture: c.depot_cloture,
        date_effet_liste: c.date_effet_liste,
    }
}

/// Année d'une adresse : un nombre, sinon la campagne n'existe pas (404).
pub(crate) fn annee_chemin(texte: &str) -> Result<i32, Erreur> {
    texte
        .parse::<i32>()
        .ok()
        .filter(|a| (droit::carriere::ANNEE_MIN..=droit::carriere::ANNEE_MAX).contains(a))
        .ok_or_else(|| Erreur::introuvable(format!("Aucune campagne pour l'année « {texte} ».")))
}

/// La campagne de l'année, ou 404.
pub(crate) async fn campagne_du_jour(
    p: &EtatPartage,
    annee: i32,
) -> Result<CampagneDuJour, Erreur> {
    let enregistree = p
        .etat
        .store
        .campagne(annee)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!(
                "Aucune campagne de promotion interne n'est ouverte pour l'année {annee}."
            ))
        })?;
    let regles = regles(&enregistree);
    let aujourdhui = p.etat.horloge.aujourdhui();
    let etat = regles.etat(aujourdhui);
    Ok(CampagneDuJour {
        enregistree,
        regles,
        aujourdhui,
        etat,
    })
}

/// Paramètres d'une adresse (`?a=1&b=2`), décodés.
pub(crate) fn parametres(requete: Option<&str>) -> Vec<(String, String)> {
    form_urlencoded::parse(requete.unwrap_or("").as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Valeur non vide d'un paramètre.
pub(crate) fn parametre<'a>(ps: &'a [(String, String)], nom: &str) -> Option<&'a str> {
    ps.iter()
        .find(|(k, _)| k == nom)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// Entier positif d'un paramètre (422 sinon).
pub(crate) fn parametre_entier(
    ps: &[(String, String)],
    nom: &str,
    max: u32,
) -> Result<Option<u32>, Erreur> {
    match parametre(ps, nom) {
        None => Ok(None),
        Some(v) => v
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .map(Some)
            .ok_or_else(|| {
                Erreur::invalide(format!(
                    "Le paramètre « {nom} » vaut « {v} » : attendu un nombre entier de 1 à {max}."
                ))
            }),
    }
}

fn json_reponse(statut: StatusCode, v: impl Serialize) -> Response {
    (statut, axum::Json(v)).into_response()
}

// ------------------------------------------------------------------ Campagne

/// `POST /api/v1/campagnes`.
pub(crate) async fn creer(
    State(p): State<EtatPartage>,
    c: Connecte,
    corps: Bytes,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::CreerCampagne, Situation::default())?;
    let regles: Campagne = lire_json(&corps)?;
    regles.valider()?;
    let enregistree = p
        .etat
        .store
        .creer_campagne(
            &c.acteur,
            regles.annee,
            regles.depot_ouverture,
            regles.depot_cloture,
            regles.date_effet_liste,
        )
        .await
        .map_err(Erreur::stockage)?;
    let aujourdhui = p.etat.horloge.aujourdhui();
    let etat = regles.etat(aujourdhui);
    let vue = CampagneDuJour {
        enregistree,
        regles,
        aujourdhui,
        etat,
    };
    Ok(json_reponse(StatusCode::CREATED, vue.json()))
}

/// `GET /api/v1/campagnes`.
pub(crate) async fn lister(State(p): State<EtatPartage>, _c: Connecte) -> Result<Response, Erreur> {
    let aujourdhui = p.etat.horloge.aujourdhui();
    let campagnes = p.etat.store.campagnes().await.map_err(Erreur::stockage)?;
    let vues: Vec<Value> = campagnes
        .into_iter()
        .map(|enregistree| {
            let regles = regles(&enregistree);
            let etat = regles.etat(aujourdhui);
            CampagneDuJour {
                enregistree,
                regles,
                aujourdhui,
                etat,
            }
            .json()
        })
        .collect();
    Ok(json_reponse(StatusCode::OK, json!({"campagnes": vues})))
}

/// `GET /api/v1/campagnes/{annee}`.
pub(crate) async fn lire(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireCampagne, Situation::default())?;
    let vue = campagne_du_jour(&p, annee_chemin(&annee)?).await?;
    Ok(json_reponse(StatusCode::OK, vue.json()))
}

// ------------------------------------------------------------------ Historique

/// Corps de `PUT …/historique` (contrat v2).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Historique {
    /// Par grade cible : années sans promotion possible avant la première campagne
    /// enregistrée, et recrutements comptés pendant ces années.
    pub cibles: BTreeMap<String, HistoriqueSaisi>,
}

/// `PUT /api/v1/campagnes/{annee}/historique`.
pub(crate) async fn definir_historique(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::DefinirHistorique, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let h: Historique = lire_json(&corps)?;
    let cibles: Vec<String> = voies_du_cdg(annee)
        .into_iter()
        .map(|(cv, _)| cv.cible)
        .collect();
    for cible in h.cibles.keys() {
        if !cibles.contains(cible) {
            return Err(Erreur::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                campagne::codes::CODE_INCONNU,
                format!(
                    "« {cible} » n'est pas un grade dont le centre de gestion établit la liste \
                     d'aptitude en {annee} (voir docs/codes.md)."
                ),
            )
            .chemin(droit::erreur::pointeur(["cibles", cible.as_str()])));
        }
    }
    let v = serde_json::to_value(&h).unwrap_or(Value::Null);
    p.etat
        .store
        .definir_historique(&c.acteur, annee, &v)
        .await
        .map_err(Erreur::stockage)?;
    Ok(json_reponse(
        StatusCode::OK,
        json!({"annee": annee, "cibles": h.cibles}),
    ))
}

/// `GET /api/v1/campagnes/{annee}/historique`.
pub(crate) async fn lire_historique(
    State(p): State<EtatPartage>,
    _c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    let vue = campagne_du_jour(&p, annee_chemin(&annee)?).await?;
    let cibles = vue
        .enregistree
        .historique
        .as_ref()
        .and_then(|h| h.get("cibles").cloned())
        .unwrap_or_else(|| json!({}));
    Ok(json_reponse(
        StatusCode::OK,
        json!({"annee": vue.regles.annee, "cibles": cibles}),
    ))
}

// ------------------------------------------------------------------ Grille

/// `PUT /api/v1/campagnes/{annee}/grille`.
pub(crate) async fn definir_grille(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::DefinirGrille, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let v: Value = lire_json(&corps)?;
    let grille =
        droit::ldg::lire_grille_valeur(v).map_err(|e| Erreur::from(e.premiere().clone()))?;
    let v = serde_json::to_value(&grille).unwrap_or(Value::Null);
    let version = p
        .etat
        .store
        .definir_grille(&c.acteur, annee, &v)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| Erreur::introuvable(format!("Aucune campagne pour l'année {annee}.")))?;
    Ok(json_reponse(StatusCode::OK, json!({"version": version})))
}

/// `GET /api/v1/campagnes/{annee}/grille[?version=n]`.
pub(crate) async fn lire_grille(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireGrille, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let ps = parametres(requete.as_deref());
    let version = parametre_entier(&ps, "version", u32::MAX)?;
    let g = grille_enregistree(&p, annee, version).await?;
    let mut v = g.contenu;
    if let Value::Object(o) = &mut v {
        o.insert("version".into(), json!(g.version));
        o.insert("definie_le".into(), json!(g.definie_le));
    }
    Ok(json_reponse(StatusCode::OK, v))
}

// ------------------------------------------------------------------ Déclarations

/// `PUT /api/v1/campagnes/{annee}/declarations/{collectivite}`.
pub(crate) async fn declarer(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, code)): Path<(String, String)>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let annee = annee_chemin(&annee)?;
    let vue = campagne_du_jour(&p, annee).await?;
    // Hors de la portée : la collectivité n'existe pas pour l'appelant (404), avant même
    // l'état de la campagne.
    let collectivite = p
        .etat
        .store
        .collectivite(&c.portee(), &code)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} »."))
        })?;
    autoriser_acteur(&c.acteur, Action::Declarer, vue.situation())?;
    let declaration: Declaration = lire_json(&corps)?;
    valider_declaration(&declaration, annee, collectivite.affiliee)?;
    let contenu = serde_json::to_value(&declaration).unwrap_or(Value::Null);
    let d = p
        .etat
        .store
        .remplacer_declaration(&c.acteur, annee, &code, &contenu)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} »."))
        })?;
    Ok(json_reponse(StatusCode::OK, vue_declaration(&d)))
}

/// `POST /api/v1/campagnes/{annee}/declarations/import?fichier=recensement.csv` : les
/// déclarations de plusieurs collectivités en un fichier CSV ou classeur XLSX (colonne
/// `code_collectivite` puis les colonnes de la déclaration), tout ou rien. Chaque
/// collectivité nommée voit sa déclaration remplacée ; les autres gardent la leur.
pub(crate) async fn importer_declarations(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(q): RawQuery,
    entetes: axum::http::HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let annee = annee_chemin(&annee)?;
    let fichier = crate::inscriptions::nom_du_fichier(q.as_deref(), &entetes);
    let bilan = enregistrer_declarations_fichier(&p, &c, annee, &fichier, &corps).await?;
    Ok(json_reponse(
        StatusCode::OK,
        json!({
            "fichier": fichier,
            "collectivites": bilan.collectivites,
            "recrutements": bilan.recrutements,
            "effectifs": bilan.effectifs,
        }),
    ))
}

/// Ce qu'un fichier de déclarations a enregistré.
pub(crate) struct BilanDeclarations {
    pub collectivites: Vec<String>,
    pub recrutements: usize,
    pub effectifs: usize,
}

/// Lit un fichier de déclarations de plusieurs collectivités, les contrôle (collectivité de
/// la portée, affiliée, déclaration valide) puis les enregistre en une transaction.
pub(crate) async fn enregistrer_declarations_fichier(
    p: &EtatPartage,
    c: &Connecte,
    annee: i32,
    fichier: &str,
    octets: &[u8],
) -> Result<BilanDeclarations, Erreur> {
    let vue = campagne_du_jour(p, annee).await?;
    autoriser_acteur(&c.acteur, Action::Declarer, vue.situation())?;
    let refus = |message: String| {
        Erreur::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "fichier_invalide",
            format!("Fichier refusé, aucune déclaration n'est enregistrée : {message}"),
        )
    };
    let lues = crate::declaration_fichier::lire_toutes(fichier, octets).map_err(refus)?;
    let portee = c.portee();
    let mut a_ecrire: Vec<(String, Value)> = Vec::with_capacity(lues.len());
    let mut bilan = BilanDeclarations {
        collectivites: Vec::new(),
        recrutements: 0,
        effectifs: 0,
    };
    for l in &lues {
        let code = &l.collectivite;
        // Hors de la portée de l'appelant, une collectivité n'existe pas pour lui.
        let collectivite = p
            .etat
            .store
            .collectivite(&portee, code)
            .await
            .map_err(Erreur::stockage)?
            .ok_or_else(|| {
                refus(format!(
                    "{fichier}, ligne {}, colonne « code_collectivite » : aucune collectivité n'a le code « {code} ».",
                    l.ligne
                ))
            })?;
        valider_declaration(&l.declaration, annee, collectivite.affiliee).map_err(|e| {
            refus(format!(
                "{fichier}, lignes de la collectivité « {code} » (à partir de la ligne {}) : {}",
                l.ligne,
                Erreur::from(e).message
            ))
        })?;
        bilan.recrutements += l.declaration.recrutements.len();
        bilan.effectifs += l.declaration.effectifs.len();
        bilan.collectivites.push(code.clone());
        a_ecrire.push((
            code.clone(),
            serde_json::to_value(&l.declaration).unwrap_or(Value::Null),
        ));
    }
    p.etat
        .store
        .remplacer_declarations(&c.acteur, annee, &a_ecrire)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(
                "Une collectivité du fichier n'existe plus : rien n'est enregistré.",
            )
        })?;
    Ok(bilan)
}

fn vue_declaration(d: &store::campagnes::DeclarationEnregistree) -> Value {
    let mut v = d.contenu.clone();
    if let Value::Object(o) = &mut v {
        o.insert("annee".into(), json!(d.annee));
        o.insert("collectivite".into(), json!(d.collectivite));
        o.insert("collectivite_nom".into(), json!(d.collectivite_nom));
        o.insert("modifiee_le".into(), json!(d.modifiee_le));
        o.insert("modifiee_par".into(), json!(d.modifiee_par));
    }
    v
}

/// `GET /api/v1/campagnes/{annee}/declarations`.
pub(crate) async fn lire_declarations(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireDeclarations, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let ds = p
        .etat
        .store
        .declarations(&c.portee(), annee)
        .await
        .map_err(Erreur::stockage)?;
    Ok(json_reponse(
        StatusCode::OK,
        json!({"declarations": ds.iter().map(vue_declaration).collect::<Vec<_>>()}),
    ))
}

/// `GET /api/v1/campagnes/{annee}/declarations/{collectivite}`.
pub(crate) async fn lire_declaration(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, code)): Path<(String, String)>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireDeclarations, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let portee = c.portee();
    p.etat
        .store
        .collectivite(&portee, &code)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} »."))
        })?;
    let d = p
        .etat
        .store
        .declaration(&portee, annee, &code)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!(
                "La collectivité « {code} » n'a encore rien déclaré pour la campagne {annee}."
            ))
        })?;
    Ok(json_reponse(StatusCode::OK, vue_declaration(&d)))
}

// ------------------------------------------------------------------ Quotas

/// Déclarations d'une campagne au format des règles.
async fn declarations_regles(
    p: &EtatPartage,
    annee: i32,
) -> Result<Vec<(String, bool, Declaration)>, Erreur> {
    let ds = p
        .etat
        .store
        .declarations(&Portee::Cdg, annee)
        .await
        .map_err(Erreur::stockage)?;
    ds.into_iter()
        .map(|d| {
            let decl: Declaration = serde_json::from_value(d.contenu).map_err(|e| {
                tracing::error!("déclaration {annee} de {} illisible : {e}", d.collectivite);
                Erreur::stockage(store::ErreurStockage::Donnee(format!(
                    "déclaration de {} illisible",
                    d.collectivite
                )))
            })?;
            Ok((d.collectivite, d.affiliee, decl))
        })
        .collect()
}

fn saisies(h: Option<&Value>) -> BTreeMap<String, HistoriqueSaisi> {
    h.and_then(|h| h.get("cibles"))
        .and_then(|c| serde_json::from_value(c.clone()).ok())
        .unwrap_or_default()
}

/// Les quotas d'une campagne : déclarations des collectivités affiliées additionnées,
/// clause de sauvegarde alimentée par les campagnes antérieures enregistrées (leurs quotas
/// recalculés de proche en proche depuis la plus ancienne) et, avant elles, par la saisie
/// initiale (`historique`) de la plus ancienne campagne qui en porte une.
pub(crate) async fn quotas_campagne(
    p: &EtatPartage,
    acteur: &Acteur,
    annee: i32,
) -> Result<Vec<QuotaCampagne>, Erreur> {
    let mut campagnes = p.etat.store.campagnes().await.map_err(Erreur::stockage)?;
    campagnes.retain(|c| c.annee <= annee);
    campagnes.sort_by_key(|c| c.annee);
    let saisies = saisies(
        campagnes
            .iter()
            .find(|c| c.historique.is_some())
            .and_then(|c| c.historique.as_ref()),
    );
    // Nominations prononcées sur liste d'aptitude : une promotion était possible ces
    // années-là (clause de sauvegarde, voir `campagne::quotas`).
    let nominations: Vec<campagne::quotas::NominationsPrononcees> = p
        .etat
        .store
        .nominations_prononcees()
        .await
        .map_err(Erreur::stockage)?
        .into_iter()
        .map(|n| campagne::quotas::NominationsPrononcees {
            annee: n.annee,
            cible: n.cible,
            nombre: n.nombre,
        })
        .collect();
    let mut bilans: Vec<BilanAnterieur> = Vec::new();
    for c in campagnes.iter().filter(|c| c.annee < annee) {
        let ds = declarations_regles(p, c.annee).await?;
        let dc: Vec<DeclarationCollectivite<'_>> = ds
            .iter()
            .map(|(code, affiliee, d)| DeclarationCollectivite {
                collectivite: code,
                affiliee: *affiliee,
                declaration: d,
            })
            .collect();
        let toutes: Vec<CibleVoie> = voies_du_cdg(c.annee)
            .into_iter()
            .map(|(cv, _)| cv)
            .collect();
        let q = campagne::quotas::quotas_avec_nominations(
            c.annee,
            &dc,
            &bilans,
            &saisies,
            &toutes,
            &nominations,
        )?;
        bilans.extend(
            q.iter()
                .map(|x| BilanAnterieur::depuis_quota(c.annee, &x.calcul)),
        );
    }
    let ds = declarations_regles(p, annee).await?;
    let dc: Vec<DeclarationCollectivite<'_>> = ds
        .iter()
        .map(|(code, affiliee, d)| DeclarationCollectivite {
            collectivite: code,
            affiliee: *affiliee,
            declaration: d,
        })
        .collect();
    // Les promouvables des collectivités affiliées seulement : les autres établissent leurs
    // propres listes.
    let comptes = p
        .etat
        .store
        .compter_promouvables(acteur, annee, &Portee::Cdg, true)
        .await
        .map_err(Erreur::stockage)?;
    let promouvables: Vec<CibleVoie> = comptes
        .into_iter()
        .filter_map(|c| {
            let voie: VoieQuota = serde_json::from_value(Value::String(c.voie)).ok()?;
            Some(CibleVoie {
                cible: c.cible,
                voie,
            })
        })
        .collect();
    Ok(campagne::quotas::quotas_avec_nominations(
        annee,
        &dc,
        &bilans,
        &saisies,
        &promouvables,
        &nominations,
    )?)
}

/// `GET /api/v1/campagnes/{annee}/quotas`.
pub(crate) async fn quotas(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireQuotas, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let q = quotas_campagne(&p, &c.acteur, annee).await?;
    Ok(json_reponse(StatusCode::OK, json!({"quotas": q})))
}

// ------------------------------------------------------------------ Promouvables

/// Cibles dont le centre de gestion établit les listes l'année donnée.
pub(crate) fn cibles_du_cdg(annee: i32) -> Vec<String> {
    let mut v: Vec<String> = voies_du_cdg(annee)
        .into_iter()
        .map(|(cv, _)| cv.cible)
        .collect();
    v.dedup();
    v
}

/// Filtre des promouvables lu dans les paramètres (`collectivite`, `cible`, `voie`,
/// `formation_a_jour` = `true` | `false` | `inconnue`, `page`, `par_page`).
pub(crate) fn filtre_promouvables(
    ps: &[(String, String)],
    annee: i32,
) -> Result<FiltrePromouvables, Erreur> {
    let voie = parametre(ps, "voie").map(str::to_owned);
    if let Some(v) = &voie
        && v != "choix"
        && v != "examen"
    {
        return Err(Erreur::invalide(format!(
            "Le paramètre « voie » vaut « {v} » : attendu « choix » ou « examen »."
        )));
    }
    let formation = match parametre(ps, "formation_a_jour") {
        None => None,
        Some("true" | "oui") => Some(FiltreFormation::AJour),
        Some("false" | "non") => Some(FiltreFormation::NonAJour),
        Some("null" | "inconnue") => Some(FiltreFormation::Inconnue),
        Some(v) => {
            return Err(Erreur::invalide(format!(
                "Le paramètre « formation_a_jour » vaut « {v} » : attendu « true », « false » \
                 ou « inconnue »."
            )));
        }
    };
    let page = parametre_entier(ps, "page", 1_000_000)?;
    let par_page = parametre_entier(ps, "par_page", 1000)?;
    Ok(FiltrePromouvables {
        collectivite: parametre(ps, "collectivite").map(str::to_owned),
        cible: parametre(ps, "cible").map(str::to_owned),
        voie,
        formation,
        cibles_admises: cibles_du_cdg(annee),
        affiliees_seulement: false,
        page: match (page, par_page) {
            (None, None) => None,
            (p, n) => Some((p.unwrap_or(1), n.unwrap_or(50))),
        },
    })
}

/// `GET /api/v1/campagnes/{annee}/promouvables`.
pub(crate) async fn promouvables(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LirePromouvables, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let ps = parametres(requete.as_deref());
    let filtre = filtre_promouvables(&ps, annee)?;
    if let Some(code) = &filtre.collectivite {
        exiger_collectivite(&p, &c, code).await?;
    }
    let page = p
        .etat
        .store
        .promouvables(&c.acteur, annee, &filtre)
        .await
        .map_err(Erreur::stockage)?;
    let cat = droit::catalogue::Catalogue::get();
    let lignes: Vec<Value> = page
        .promouvables
        .iter()
        .map(|x| {
            json!({
                "matricule": x.matricule,
                "nom": x.nom,
                "prenom": x.prenom,
                "collectivite": x.collectivite,
                "collectivite_nom": x.collectivite_nom,
                "affiliee": x.affiliee,
                "cible": x.cible,
                "libelle_cible": cat.libelle_grade(&x.cible),
                "voie": x.voie,
                "formation_a_jour": x.formation_a_jour,
            })
        })
        .collect();
    let (numero, par_page) = filtre.page.unzip();
    Ok(json_reponse(
        StatusCode::OK,
        json!({
            "annee": annee,
            "date_appreciation": droit::date::premier_janvier(annee),
            "version_catalogue": page.version_catalogue,
            "total": page.total,
            "page": numero,
            "par_page": par_page,
            "promouvables": lignes,
        }),
    ))
}

// ------------------------------------------------------------------ Tableau de bord

/// Le tableau de bord du centre de gestion (JSON).
pub(crate) async fn tableau_de_bord_json(
    p: &EtatPartage,
    acteur: &Acteur,
    vue: &CampagneDuJour,
) -> Result<Value, Erreur> {
    let annee = vue.regles.annee;
    let portee = acteur.portee();
    let collectivites = p
        .etat
        .store
        .collectivites(&portee)
        .await
        .map_err(Erreur::stockage)?;
    let declarations = p
        .etat
        .store
        .declarations(&portee, annee)
        .await
        .map_err(Erreur::stockage)?;
    let recues: Vec<Value> = declarations
        .iter()
        .map(|d| {
            json!({"collectivite": d.collectivite, "nom": d.collectivite_nom,
                   "modifiee_le": d.modifiee_le, "modifiee_par": d.modifiee_par})
        })
        .collect();
    let manquantes: Vec<Value> = collectivites
        .iter()
        .filter(|c| c.collectivite.affiliee)
        .filter(|c| {
            !declarations
                .iter()
                .any(|d| d.collectivite == c.collectivite.code)
        })
        .map(|c| json!({"collectivite": c.collectivite.code, "nom": c.collectivite.nom}))
        .collect();
    let props = p
        .etat
        .store
        .propositions_resumees(&portee, annee)
        .await
        .map_err(Erreur::stockage)?;
    let mut par_cible: BTreeMap<(String, String), usize> = BTreeMap::new();
    for x in &props {
        *par_cible
            .entry((x.cible.clone(), x.statut.clone()))
            .or_default() += 1;
    }
    let cibles = cibles_du_cdg(annee);
    let comptes: Vec<_> = p
        .etat
        .store
        .compter_promouvables(acteur, annee, &portee, false)
        .await
        .map_err(Erreur::stockage)?
        .into_iter()
        .filter(|c| cibles.contains(&c.cible))
        .collect();
    Ok(json!({
        "campagne": vue.json(),
        "declarations": {
            "attendues": collectivites.iter().filter(|c| c.collectivite.affiliee).count(),
            "recues": recues,
            "manquantes": manquantes,
        },
        "propositions": par_cible
            .into_iter()
            .map(|((cible, statut), nombre)| json!({"cible": cible, "statut": statut, "nombre": nombre}))
            .collect::<Vec<_>>(),
        "promouvables": comptes,
    }))
}

/// `GET /api/v1/campagnes/{annee}/tableau-de-bord`.
pub(crate) async fn tableau_de_bord(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    let vue = campagne_du_jour(&p, annee_chemin(&annee)?).await?;
    let v = tableau_de_bord_json(&p, &c.acteur, &vue).await?;
    Ok(json_reponse(StatusCode::OK, v))
}

/// Une version enregistrée de la grille de la campagne (la dernière si `version` est
/// `None`) ; 404 en français si la campagne n'a pas (cette version de) grille.
pub(crate) async fn grille_enregistree(
    p: &EtatPartage,
    annee: i32,
    version: Option<u32>,
) -> Result<store::campagnes::GrilleEnregistree, Erreur> {
    p.etat
        .store
        .grille(annee, version)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(match version {
                Some(v) => format!("La grille de la campagne {annee} n'a pas de version {v}."),
                None => format!(
                    "Le centre de gestion n'a pas encore déposé la grille de cotation de la \
                     campagne {annee}."
                ),
            })
        })
}

/// Une collectivité donnée en paramètre doit exister dans la portée de l'acteur : 404 en
/// français sinon (hors portée comme inconnue, sans dire laquelle des deux).
pub(crate) async fn exiger_collectivite(
    p: &EtatPartage,
    c: &Connecte,
    code: &str,
) -> Result<(), Erreur> {
    p.etat
        .store
        .collectivite(&c.portee(), code)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} »."))
        })?;
    Ok(())
}
