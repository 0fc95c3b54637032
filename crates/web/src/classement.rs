//! API du classement, de la liste d'aptitude et des indicateurs de la campagne (contrat v2,
//! « Ranking, liste d'aptitude, publication »).
//!
//! | route | règle | ce qu'elle fait |
//! |---|---|---|
//! | `GET /api/v1/campagnes/{annee}/classement?cible=&voie=[&anonyme=true][&version=n]` | administrateur, gestionnaire ; commission (toujours anonyme) | classement des propositions recevables d'une cible et d'une voie : rang, total, clé de départage qui a décidé, ex aequo, retenus dans la limite des postes |
//! | `POST /api/v1/campagnes/{annee}/listes` | gestionnaire | établit la liste d'une cible (201) ; 409 `ex_aequo` quand une égalité est à cheval sur le dernier poste, sauf ordre manuel justifié ; 409 `liste_etablie`, `depot_en_cours` |
//! | `GET /api/v1/campagnes/{annee}/listes` | administrateur, gestionnaire ; collectivité (listes publiées) | les listes établies |
//! | `GET /api/v1/campagnes/{annee}/listes/{cible}` | administrateur, gestionnaire ; collectivité (liste publiée) | la liste, ses inscrits par ordre alphabétique |
//! | `POST /api/v1/campagnes/{annee}/listes/{cible}/publication` | gestionnaire | publie la liste (409 `liste_publiee`) |
//! | `GET /api/v1/campagnes/{annee}/indicateurs` | administrateur, gestionnaire | parts des femmes et des hommes parmi promouvables, proposés et inscrits par grade cible ; propositions de chaque collectivité rapportées à ses promouvables |

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use campagne::classement::{OrdreManuel, PropositionClassee, VoieAInscrire};
use campagne::droits::{Action, Situation};
use droit::eligibilite::Voie;
use droit::indicateurs::{AgentCible, Sexe};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Value, json};
use store::instruction::{AgentIndicateur, ListeEnregistree, NouvelInscrit, NouvelleListe};
use store::propositions::{FiltrePropositions, Proposition};
use store::{Acteur, Portee, Role};

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::campagnes::{
    annee_chemin, autoriser_acteur, campagne_du_jour, parametre, parametre_entier, parametres,
    quotas_campagne,
};
use crate::erreurs::{Erreur, lire_json};
use crate::instruction::{cotations_de, grille_version, voie_de};

fn json_reponse(statut: StatusCode, v: impl serde::Serialize) -> Response {
    (statut, axum::Json(v)).into_response()
}

pub(crate) fn code_voie(v: Voie) -> &'static str {
    match v {
        Voie::Choix => "choix",
        Voie::Examen => "examen",
        Voie::InscriptionExamen => "inscription_examen",
    }
}

fn voie_parametre(v: Option<&str>) -> Result<Voie, Erreur> {
    match v {
        Some("choix") => Ok(Voie::Choix),
        Some("examen") => Ok(Voie::Examen),
        Some(x) => Err(Erreur::invalide(format!(
            "Le paramètre « voie » vaut « {x} » : attendu « choix » ou « examen »."
        ))),
        None => Err(Erreur::invalide(
            "Le paramètre « voie » est obligatoire : « choix » ou « examen ».",
        )),
    }
}

/// Vérifie que le grade cible est l'un de ceux dont le centre de gestion établit les
/// listes cette année (422 sinon).
fn verifier_cible(annee: i32, cible: &str) -> Result<(), Erreur> {
    if crate::campagnes::cibles_du_cdg(annee)
        .iter()
        .any(|c| c == cible)
    {
        Ok(())
    } else {
        Err(Erreur::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            campagne::codes::CODE_INCONNU,
            format!(
                "Le centre de gestion n'établit pas de liste d'aptitude au grade « {cible} » en \
                 {annee} (voir docs/codes.md)."
            ),
        )
        .chemin("/cible"))
    }
}

/// Postes ouverts par voie pour une cible, d'après les quotas de la campagne. Une voie
/// sans entrée de quota n'ouvre aucun poste (jamais plus d'inscrits que de postes).
async fn postes_par_voie(
    p: &EtatPartage,
    acteur: &Acteur,
    annee: i32,
    cible: &str,
) -> Result<BTreeMap<&'static str, Option<u32>>, Erreur> {
    let quotas = quotas_campagne(p, acteur, annee).await?;
    let mut postes = BTreeMap::new();
    for q in quotas.iter().filter(|q| q.cible == cible) {
        let voie = match serde_json::to_value(q.voie)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
        {
            Some(v) if v == "choix" => "choix",
            Some(v) if v == "examen" => "examen",
            _ => continue,
        };
        postes.insert(voie, q.postes);
    }
    Ok(postes)
}

/// Les codes anonymes de tous les dossiers transmis de la campagne.
async fn codes_anonymes(
    p: &EtatPartage,
    acteur: &Acteur,
    annee: i32,
) -> Result<BTreeMap<String, String>, Erreur> {
    let sel = p
        .etat
        .store
        .sel_anonymat(acteur, annee)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| Erreur::introuvable(format!("Aucune campagne pour l'année {annee}.")))?;
    let sel = campagne::anonymat::Sel::new(sel)?;
    let ids: Vec<String> = p
        .etat
        .store
        .propositions_resumees(&Portee::Cdg, annee)
        .await
        .map_err(Erreur::stockage)?
        .into_iter()
        .filter(|x| x.statut != "brouillon")
        .map(|x| x.id.to_string())
        .collect();
    Ok(campagne::anonymat::codes_anonymes(annee, &ids, &sel))
}

/// Les propositions classables d'une cible (et d'une voie) : recevables, ou déjà inscrites
/// ou non retenues quand la liste est établie.
async fn classables(
    p: &EtatPartage,
    annee: i32,
    cible: &str,
    voie: Option<Voie>,
    statuts: &[&str],
) -> Result<Vec<Proposition>, Erreur> {
    let filtre = FiltrePropositions {
        cible: Some(cible.to_owned()),
        voie: voie.map(|v| code_voie(v).to_owned()),
        ..Default::default()
    };
    let mut v = p
        .etat
        .store
        .propositions(&Portee::Cdg, annee, &filtre)
        .await
        .map_err(Erreur::stockage)?;
    v.retain(|x| statuts.contains(&x.statut.as_str()));
    Ok(v)
}

/// Les propositions classées (cotation et faits de départage) ; rend aussi les cotations
/// calculées qui n'étaient pas encore enregistrées.
async fn propositions_classees(
    p: &EtatPartage,
    annee: i32,
    version: u32,
    grille: &droit::ldg::GrilleLdg,
    cible: &str,
    propositions: &[Proposition],
) -> Result<
    (
        Vec<PropositionClassee>,
        Vec<store::instruction::NouvelleCotation>,
    ),
    Erreur,
> {
    let (mut cotations, nouvelles) =
        cotations_de(p, annee, version, grille, cible, propositions).await?;
    let classees = propositions
        .iter()
        .filter_map(|x| {
            let (cotation, faits) = cotations.remove(&x.id)?;
            Some(PropositionClassee {
                id: x.id.to_string(),
                matricule: x.matricule.clone(),
                nom: x.nom.clone(),
                prenom: x.prenom.clone(),
                collectivite: x.collectivite.clone(),
                voie: voie_de(x),
                cotation,
                faits,
            })
        })
        .collect();
    Ok((classees, nouvelles))
}

/// Le classement d'une cible et d'une voie (JSON du contrat, étendu).
pub(crate) async fn classement_json(
    p: &EtatPartage,
    acteur: &Acteur,
    annee: i32,
    cible: &str,
    voie: Voie,
    anonyme: bool,
    version: Option<u32>,
) -> Result<Value, Erreur> {
    verifier_cible(annee, cible)?;
    let liste = p
        .etat
        .store
        .liste(&Portee::Cdg, annee, cible)
        .await
        .map_err(Erreur::stockage)?;
    // Liste établie : le classement se lit avec la version qui l'a établie.
    let version = version.or(liste.as_ref().map(|l| l.grille_version));
    let (version, grille) = grille_version(p, annee, version).await?;
    let propositions = classables(
        p,
        annee,
        cible,
        Some(voie),
        &["recevable", "inscrite", "non_retenue"],
    )
    .await?;
    let (classees, _) =
        propositions_classees(p, annee, version, &grille, cible, &propositions).await?;
    let postes = postes_par_voie(p, acteur, annee, cible)
        .await?
        .get(code_voie(voie))
        .copied()
        .unwrap_or(Some(0));
    let codes = codes_anonymes(p, acteur, annee).await?;
    let reponse = campagne::classement::classement(
        &grille,
        Some(version),
        &classees,
        postes,
        &codes,
        anonyme,
    );
    let mut v = serde_json::to_value(&reponse).unwrap_or(Value::Null);
    // Points de chaque critère (sans les explications, qui peuvent citer la carrière), pour
    // la commission comme pour le service.
    let par_code: BTreeMap<String, &PropositionClassee> = classees
        .iter()
        .map(|c| (codes.get(&c.id).cloned().unwrap_or_default(), c))
        .collect();
    if let Some(lignes) = v.get_mut("classement").and_then(Value::as_array_mut) {
        for l in lignes {
            let code = l["code_anonyme"].as_str().unwrap_or("").to_owned();
            if let Some(c) = par_code.get(&code) {
                l["criteres"] = Value::Array(
                    c.cotation
                        .lignes
                        .iter()
                        .map(|x| json!({"critere": x.critere, "libelle": x.libelle, "points": x.points}))
                        .collect(),
                );
            }
        }
    }
    let cat = droit::catalogue::Catalogue::get();
    v["annee"] = json!(annee);
    v["cible"] = json!(cible);
    v["libelle_cible"] = json!(cat.libelle_grade(cible));
    v["voie"] = json!(code_voie(voie));
    v["anonyme"] = json!(anonyme);
    v["grille_libelle"] = json!(grille.libelle);
    v["cles"] = Value::Array(
        grille
            .departage
            .iter()
            .map(|k| json!({"cle": k.code(), "libelle": k.libelle(Some(&grille))}))
            .collect(),
    );
    v["liste_etablie"] = json!(liste.is_some());
    Ok(v)
}

/// Une demande de classement : paramètres lus et contrôlés, droit vérifié.
pub(crate) struct DemandeClassement {
    pub annee: i32,
    pub cible: String,
    pub voie: Voie,
    /// Vue anonyme : toujours pour la commission, sur demande (`anonyme=true`) sinon.
    pub anonyme: bool,
    pub version: Option<u32>,
}

/// Lit `?cible=&voie=[&anonyme=true][&version=n]` d'une demande de classement (JSON ou
/// tableur) et vérifie le droit de l'appelant.
pub(crate) async fn demande_classement(
    p: &EtatPartage,
    c: &Connecte,
    annee: &str,
    requete: Option<&str>,
) -> Result<DemandeClassement, Erreur> {
    let ps = parametres(requete);
    // La commission ne voit que le classement anonyme.
    let anonyme = c.acteur.role == Role::Commission
        || matches!(parametre(&ps, "anonyme"), Some("true" | "oui" | "1"));
    let action = if anonyme {
        Action::LireClassementAnonyme
    } else {
        Action::LireClassement
    };
    autoriser_acteur(&c.acteur, action, Situation::default())?;
    let annee = annee_chemin(annee)?;
    campagne_du_jour(p, annee).await?;
    let cible = parametre(&ps, "cible")
        .ok_or_else(|| Erreur::invalide("Le paramètre « cible » (grade cible) est obligatoire."))?;
    Ok(DemandeClassement {
        annee,
        cible: cible.to_owned(),
        voie: voie_parametre(parametre(&ps, "voie"))?,
        anonyme,
        version: parametre_entier(&ps, "version", u32::MAX)?,
    })
}

/// `GET /api/v1/campagnes/{annee}/classement?cible=&voie=[&anonyme=true][&version=n]`.
pub(crate) async fn classement(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let d = demande_classement(&p, &c, &annee, requete.as_deref()).await?;
    let v = classement_json(
        &p, &c.acteur, d.annee, &d.cible, d.voie, d.anonyme, d.version,
    )
    .await?;
    Ok(json_reponse(StatusCode::OK, v))
}

// ------------------------------------------------------------------ Listes

/// Corps de `POST /api/v1/campagnes/{annee}/listes`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeListe {
    /// Grade cible.
    pub cible: String,
    /// Ordre manuel des propositions ex aequo à la limite des postes (identifiants, le
    /// premier d'abord).
    #[serde(default)]
    pub departage_manuel: Option<Vec<i64>>,
    /// Justification de l'ordre manuel (obligatoire avec lui).
    #[serde(default)]
    pub justification: Option<String>,
    /// Version de la grille (la dernière par défaut).
    #[serde(default)]
    pub grille_version: Option<u32>,
}

/// La représentation d'une liste établie.
pub(crate) fn liste_json(l: &ListeEnregistree) -> Value {
    let cat = droit::catalogue::Catalogue::get();
    json!({
        "annee": l.annee,
        "cible": l.cible,
        "libelle_cible": cat.libelle_grade(&l.cible),
        "postes": l.postes,
        "date_effet": l.date_effet,
        "grille_version": l.grille_version,
        "departage_manuel": l.departage_manuel,
        "justification": l.justification,
        "etablie_le": l.etablie_le,
        "etablie_par": l.etablie_par,
        "publiee_le": l.publiee_le,
        "publiee": l.publiee_le.is_some(),
        "inscrits": l.inscrits.iter().map(|i| json!({
            "matricule": i.matricule,
            "nom": i.nom,
            "prenom": i.prenom,
            "collectivite": i.collectivite,
            "voie": i.voie,
            "proposition": i.proposition,
            "rang": i.rang,
        })).collect::<Vec<_>>(),
        "classements": l.classements,
    })
}

/// Établit la liste d'une cible (règles du crate `campagne`, puis le stockage).
pub(crate) async fn etablir(
    p: &EtatPartage,
    c: &Connecte,
    annee: i32,
    d: &DemandeListe,
) -> Result<ListeEnregistree, Erreur> {
    let vue = campagne_du_jour(p, annee).await?;
    autoriser_acteur(&c.acteur, Action::EtablirListe, vue.situation())?;
    verifier_cible(annee, &d.cible)?;
    let manuel = match (&d.departage_manuel, &d.justification) {
        (None, _) => None,
        (Some(ordre), j) => {
            let j = j.as_deref().unwrap_or("").trim();
            if j.is_empty() {
                return Err(Erreur::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    campagne::codes::JUSTIFICATION_REQUISE,
                    "Un ordre manuel des ex aequo doit être justifié : le champ « justification » \
                     est vide.",
                )
                .chemin("/justification"));
            }
            Some(OrdreManuel {
                departage_manuel: ordre.iter().map(i64::to_string).collect(),
                justification: j.to_owned(),
            })
        }
    };
    if let Some(l) = p
        .etat
        .store
        .liste(&Portee::Cdg, annee, &d.cible)
        .await
        .map_err(Erreur::stockage)?
    {
        return Err(Erreur::conflit(
            campagne::codes::LISTE_ETABLIE,
            format!(
                "La liste d'aptitude {annee} de ce grade a déjà été établie le {} : elle ne \
                 s'établit qu'une fois.",
                l.etablie_le
            ),
        ));
    }
    let (version, grille) = grille_version(p, annee, d.grille_version).await?;
    let propositions = classables(p, annee, &d.cible, None, &["recevable"]).await?;
    let (classees, nouvelles) =
        propositions_classees(p, annee, version, &grille, &d.cible, &propositions).await?;
    let postes = postes_par_voie(p, &c.acteur, annee, &d.cible).await?;
    let mut par_voie: BTreeMap<&'static str, Vec<PropositionClassee>> = BTreeMap::new();
    for x in classees {
        par_voie.entry(code_voie(x.voie)).or_default().push(x);
    }
    let voies: Vec<VoieAInscrire<'_>> = par_voie
        .iter()
        .map(|(v, props)| VoieAInscrire {
            voie: if *v == "examen" {
                Voie::Examen
            } else {
                Voie::Choix
            },
            postes: postes.get(v).copied().unwrap_or(Some(0)),
            propositions: props,
        })
        .collect();
    let etablie = campagne::classement::etablir_liste_cible(
        &d.cible,
        vue.regles.date_effet_liste,
        &grille,
        Some(version),
        &voies,
        manuel.as_ref(),
    )?;
    // Les cotations qui ont servi sont gardées avec la liste.
    if !nouvelles.is_empty() {
        p.etat
            .store
            .enregistrer_cotations(&c.acteur, annee, version, &nouvelles)
            .await
            .map_err(Erreur::stockage)?;
    }
    let rang_de = |id: &str| {
        etablie
            .classements
            .iter()
            .flat_map(|(_, k)| &k.lignes)
            .find(|l| l.id == id)
            .map_or(0, |l| l.rang)
    };
    let inscrits: Vec<NouvelInscrit> = etablie
        .inscrits
        .iter()
        .map(|i| NouvelInscrit {
            proposition: i.proposition.parse().unwrap_or(0),
            voie: code_voie(i.voie).to_owned(),
            rang: rang_de(&i.proposition),
        })
        .collect();
    let statuts: Vec<(i64, String)> = etablie
        .statuts
        .iter()
        .map(|(id, s)| (id.parse().unwrap_or(0), s.code().to_owned()))
        .collect();
    let classements = Value::Array(
        etablie
            .classements
            .iter()
            .map(|(v, k)| json!({"voie": code_voie(*v), "classement": k}))
            .collect(),
    );
    let ordre: Option<Vec<String>> = manuel.as_ref().map(|m| m.departage_manuel.clone());
    p.etat
        .store
        .etablir_liste(
            &c.acteur,
            &NouvelleListe {
                annee,
                cible: &d.cible,
                postes: etablie.postes,
                date_effet: etablie.date_effet,
                grille_version: version,
                departage_manuel: ordre.as_deref(),
                justification: manuel.as_ref().map(|m| m.justification.as_str()),
                classements: &classements,
                inscrits: &inscrits,
                statuts: &statuts,
            },
        )
        .await
        .map_err(Erreur::stockage)
}

/// `POST /api/v1/campagnes/{annee}/listes`.
pub(crate) async fn etablir_liste(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    autoriser_acteur(
        &c.acteur,
        Action::EtablirListe,
        Situation {
            campagne: Some(campagne::calendrier::EtatCampagne::DepotClos),
            proposition: None,
        },
    )?;
    let annee = annee_chemin(&annee)?;
    let d: DemandeListe = lire_json(&corps)?;
    let l = etablir(&p, &c, annee, &d).await?;
    Ok(json_reponse(StatusCode::CREATED, liste_json(&l)))
}

/// `GET /api/v1/campagnes/{annee}/listes`.
pub(crate) async fn listes(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireListe, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let ls = p
        .etat
        .store
        .listes(&c.portee(), annee)
        .await
        .map_err(Erreur::stockage)?;
    let cat = droit::catalogue::Catalogue::get();
    let v: Vec<Value> = ls
        .iter()
        .map(|l| {
            json!({"cible": l.cible, "libelle_cible": cat.libelle_grade(&l.cible),
                   "postes": l.postes, "date_effet": l.date_effet,
                   "grille_version": l.grille_version, "etablie_le": l.etablie_le,
                   "publiee_le": l.publiee_le})
        })
        .collect();
    Ok(json_reponse(
        StatusCode::OK,
        json!({"annee": annee, "listes": v}),
    ))
}

/// Une liste de la portée, ou 404.
pub(crate) async fn liste_ou_404(
    p: &EtatPartage,
    portee: &Portee,
    annee: i32,
    cible: &str,
) -> Result<ListeEnregistree, Erreur> {
    p.etat
        .store
        .liste(portee, annee, cible)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!(
                "Aucune liste d'aptitude {annee} établie (ou publiée) pour le grade « {cible} »."
            ))
        })
}

/// La liste demandée par une route `…/campagnes/{annee}/listes/{cible}…` : droit de lire
/// les listes, campagne existante, liste de la portée (404 sinon).
pub(crate) async fn liste_demandee(
    p: &EtatPartage,
    c: &Connecte,
    annee: &str,
    cible: &str,
) -> Result<ListeEnregistree, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireListe, Situation::default())?;
    let annee = annee_chemin(annee)?;
    campagne_du_jour(p, annee).await?;
    liste_ou_404(p, &c.portee(), annee, cible).await
}

/// `GET /api/v1/campagnes/{annee}/listes/{cible}`.
pub(crate) async fn liste(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, cible)): Path<(String, String)>,
) -> Result<Response, Erreur> {
    let l = liste_demandee(&p, &c, &annee, &cible).await?;
    Ok(json_reponse(StatusCode::OK, liste_json(&l)))
}

/// `POST /api/v1/campagnes/{annee}/listes/{cible}/publication`.
pub(crate) async fn publier(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, cible)): Path<(String, String)>,
) -> Result<Response, Erreur> {
    autoriser_acteur(
        &c.acteur,
        Action::EtablirListe,
        Situation {
            campagne: Some(campagne::calendrier::EtatCampagne::DepotClos),
            proposition: None,
        },
    )?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let l = p
        .etat
        .store
        .publier_liste(&c.acteur, annee, &cible)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!(
                "Aucune liste d'aptitude {annee} établie pour le grade « {cible} »."
            ))
        })?;
    Ok(json_reponse(StatusCode::OK, liste_json(&l)))
}

// ------------------------------------------------------------------ Indicateurs

fn agents_cibles(v: &[AgentIndicateur]) -> Vec<AgentCible> {
    v.iter()
        .map(|a| AgentCible {
            agent: a.matricule.clone(),
            cible: a.cible.clone(),
            sexe: match a.sexe.as_deref() {
                Some("femme") => Some(Sexe::Femme),
                Some("homme") => Some(Sexe::Homme),
                _ => None,
            },
            collectivite: a.collectivite.clone(),
        })
        .collect()
}

/// Les indicateurs d'une campagne (JSON).
pub(crate) async fn indicateurs_json(
    p: &EtatPartage,
    acteur: &Acteur,
    annee: i32,
) -> Result<Value, Erreur> {
    // Actualise les promouvables calculés (collectivités affiliées).
    p.etat
        .store
        .compter_promouvables(acteur, annee, &Portee::Cdg, true)
        .await
        .map_err(Erreur::stockage)?;
    let cibles = crate::campagnes::cibles_du_cdg(annee);
    let pop = p
        .etat
        .store
        .populations_indicateurs(annee, &cibles)
        .await
        .map_err(Erreur::stockage)?;
    let promouvables = agents_cibles(&pop.promouvables);
    let propositions = agents_cibles(&pop.propositions);
    let inscrits = agents_cibles(&pop.inscrits);
    Ok(json!({
        "annee": annee,
        "egalite": droit::indicateurs::egalite_par_cible(&promouvables, &propositions, &inscrits),
        "propositions_par_collectivite":
            droit::indicateurs::propositions_par_collectivite(&promouvables, &propositions),
        "explication": "Parts calculées sur les seuls agents dont le sexe est renseigné \
            (les autres sont comptés à part, « non_renseigne ») ; propositions transmises au \
            centre de gestion ; promouvables des collectivités affiliées au 1er janvier de \
            l'année (moteur d'éligibilité).",
    }))
}

/// `GET /api/v1/campagnes/{annee}/indicateurs`.
pub(crate) async fn indicateurs(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireIndicateurs, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    Ok(json_reponse(
        StatusCode::OK,
        indicateurs_json(&p, &c.acteur, annee).await?,
    ))
}
