//! API de l'instruction des propositions par le centre de gestion, de la grille de
//! cotation (versions, aperçu) et des cotations (contrat v2, « Instruction by the CDG »,
//! « LDG grid (versioned data) and scoring »).
//!
//! | route | règle | ce qu'elle fait |
//! |---|---|---|
//! | `POST /api/v1/propositions/{id}/instruction` | gestionnaire | sans corps : instruction automatique par le moteur au 1er janvier (409 si la proposition n'est pas `transmise`) ; corps `{"decision", "motif"?, "justification"}` : décision motivée |
//! | `GET /api/v1/propositions/{id}/instructions` | administrateur, gestionnaire, collectivité (les siennes) | les décisions successives |
//! | `POST /api/v1/campagnes/{annee}/instruction` | gestionnaire | instruit automatiquement toutes les propositions transmises pas encore instruites |
//! | `GET /api/v1/campagnes/{annee}/instruction[?etat=&cible=&voie=&collectivite=]` | administrateur, gestionnaire | la file de travail : compteurs et dossiers (`a_instruire`, `a_verifier`, `recevable`, `irrecevable`, `inscrite`, `non_retenue`) |
//! | `GET /api/v1/campagnes/{annee}/grilles` | administrateur, gestionnaire, collectivité | les versions de la grille |
//! | `POST /api/v1/campagnes/{annee}/grille/apercu[?echantillon=n\|dossiers=12,15]` | administrateur, gestionnaire | valide une grille sans l'enregistrer (toutes les erreurs, chacune nommant le critère et le champ) et la cote sur des dossiers de la campagne (les n premiers transmis, ou ceux choisis) |
//! | `POST /api/v1/campagnes/{annee}/cotations[?version=n]` | gestionnaire | cote et enregistre toutes les propositions recevables avec la dernière grille (ou la version n) |
//! | `GET /api/v1/propositions/{id}/cotation[?version=n]` | administrateur, gestionnaire, collectivité (les siennes) | la cotation, ligne par ligne (409 `non_recevable`) |

use std::collections::{BTreeMap, HashMap};

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use campagne::calendrier::Campagne;
use campagne::droits::{Action, Situation};
use campagne::instruction::{DecisionManuelle, PropositionAInstruire, ResultatInstruction};
use campagne::proposition::StatutProposition;
use droit::carriere::Agent;
use droit::classement::FaitsDepartage;
use droit::eligibilite::Voie;
use droit::ldg::{Cotation, DossierACoter, GrilleLdg};
use droit::piece::TypePiece;
use serde_json::{Value, json};
use store::instruction::{DecisionInstruction, NouvelleCotation};
use store::propositions::{FiltrePropositions, Proposition};
use store::{AgentEnregistre, Portee};

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::campagnes::{
    CampagneDuJour, annee_chemin, autoriser_acteur, campagne_du_jour, parametre, parametre_entier,
    parametres,
};
use crate::erreurs::{Erreur, lire_json};

/// Voie d'une proposition enregistrée.
pub(crate) fn voie_de(x: &Proposition) -> Voie {
    if x.voie == "examen" {
        Voie::Examen
    } else {
        Voie::Choix
    }
}

/// Types des pièces jointes à une proposition.
pub(crate) fn pieces_de(x: &Proposition) -> Vec<TypePiece> {
    x.pieces
        .iter()
        .filter_map(|q| TypePiece::depuis_code(&q.type_piece))
        .collect()
}

/// Statut d'une proposition enregistrée.
pub(crate) fn statut_de(x: &Proposition) -> Option<StatutProposition> {
    StatutProposition::depuis_code(&x.statut)
}

fn json_reponse(statut: StatusCode, v: impl serde::Serialize) -> Response {
    (statut, axum::Json(v)).into_response()
}

/// Une proposition de la portée, ou 404.
pub(crate) async fn proposition_ou_404(
    p: &EtatPartage,
    portee: &Portee,
    id: &str,
) -> Result<Proposition, Erreur> {
    let introuvable = || Erreur::introuvable(format!("Aucune proposition n° « {id} »."));
    let n: i64 = id.parse().map_err(|_| introuvable())?;
    p.etat
        .store
        .proposition(portee, n)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(introuvable)
}

/// La carrière de l'agent d'une proposition (portée du centre de gestion : l'agent a pu
/// changer de collectivité depuis la proposition).
async fn agent_de(p: &EtatPartage, x: &Proposition) -> Result<Agent, Erreur> {
    p.etat
        .store
        .agent(&Portee::Cdg, &x.matricule)
        .await
        .map_err(Erreur::stockage)?
        .map(|a| a.agent)
        .ok_or_else(|| {
            Erreur::stockage(store::ErreurStockage::Incoherence(format!(
                "agent {} de la proposition {} introuvable",
                x.matricule, x.id
            )))
        })
}

/// La décision à enregistrer d'un résultat d'instruction.
fn decision(x: &Proposition, nature: &'static str, r: &ResultatInstruction) -> DecisionInstruction {
    DecisionInstruction {
        proposition: x.id,
        statut_avant: x.statut.clone(),
        nature,
        statut: r.statut.code().to_owned(),
        motifs: serde_json::to_value(&r.motifs).unwrap_or(Value::Null),
        a_verifier: serde_json::to_value(&r.a_verifier).unwrap_or(Value::Null),
        justification: r.justification.clone(),
        version_catalogue: r.catalogue_version.clone(),
        detail: r.detail.as_ref().and_then(|d| serde_json::to_value(d).ok()),
    }
}

/// Instruction automatique d'une proposition transmise (règles du crate `campagne`).
fn instruire_auto(
    campagne: &Campagne,
    x: &Proposition,
    agent: &Agent,
) -> Result<ResultatInstruction, Erreur> {
    let statut = statut_de(x).unwrap_or(StatutProposition::Brouillon);
    let pieces = pieces_de(x);
    Ok(campagne::instruction::instruire(
        campagne,
        &PropositionAInstruire {
            statut,
            agent,
            cible: &x.cible,
            voie: voie_de(x),
            pieces: &pieces,
        },
    )?)
}

fn regles(vue: &CampagneDuJour) -> Campagne {
    vue.regles.clone()
}

/// `POST /api/v1/propositions/{id}/instruction` : instruction automatique (sans corps) ou
/// décision motivée (corps JSON).
pub(crate) async fn instruire(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let manuelle = !corps.iter().all(u8::is_ascii_whitespace);
    let action = if manuelle {
        Action::DeciderRecevabilite
    } else {
        Action::Instruire
    };
    autoriser_acteur(&c.acteur, action, Situation::default())?;
    let x = proposition_ou_404(&p, &c.portee(), &id).await?;
    let vue = campagne_du_jour(&p, x.annee).await?;
    autoriser_acteur(
        &c.acteur,
        action,
        Situation {
            campagne: Some(vue.etat),
            proposition: statut_de(&x),
        },
    )?;
    let (resultat, nature) = if manuelle {
        let d: DecisionManuelle = lire_json(&corps)?;
        let statut = statut_de(&x).unwrap_or(StatutProposition::Brouillon);
        (
            campagne::instruction::decider(statut, &d, vue.aujourdhui)?,
            "manuelle",
        )
    } else {
        let agent = agent_de(&p, &x).await?;
        (instruire_auto(&regles(&vue), &x, &agent)?, "automatique")
    };
    p.etat
        .store
        .enregistrer_instructions(&c.acteur, &[decision(&x, nature, &resultat)])
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| Erreur::introuvable(format!("Aucune proposition n° « {id} ».")))?;
    let mut v = serde_json::to_value(&resultat).unwrap_or(Value::Null);
    v["proposition"] = json!(x.id);
    v["nature"] = json!(nature);
    Ok(json_reponse(StatusCode::OK, v))
}

/// `GET /api/v1/propositions/{id}/instructions`.
pub(crate) async fn historique(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let x = proposition_lue(&p, &c, &id).await?;
    let decisions = p
        .etat
        .store
        .instructions(&c.portee(), x.id)
        .await
        .map_err(Erreur::stockage)?;
    Ok(json_reponse(
        StatusCode::OK,
        json!({"proposition": x.id, "statut": x.statut, "motifs": x.motifs, "instructions": decisions}),
    ))
}

/// Instruit automatiquement toutes les propositions transmises d'une campagne qui n'ont
/// encore aucune décision ; rend le bilan.
pub(crate) async fn instruire_campagne(
    p: &EtatPartage,
    c: &Connecte,
    vue: &CampagneDuJour,
) -> Result<Value, Erreur> {
    let annee = vue.regles.annee;
    let portee = c.portee();
    let filtre = FiltrePropositions {
        statut: Some("transmise".into()),
        ..Default::default()
    };
    let propositions = p
        .etat
        .store
        .propositions(&portee, annee, &filtre)
        .await
        .map_err(Erreur::stockage)?;
    let deja = p
        .etat
        .store
        .dernieres_instructions(&portee, annee)
        .await
        .map_err(Erreur::stockage)?;
    let a_instruire: Vec<Proposition> = propositions
        .into_iter()
        .filter(|x| !deja.contains_key(&x.id))
        .collect();
    let agents = p
        .etat
        .store
        .agents_proposes(&Portee::Cdg, annee)
        .await
        .map_err(Erreur::stockage)?;
    let campagne = regles(vue);
    let resultats = tokio::task::spawn_blocking(move || {
        a_instruire
            .into_iter()
            .map(|x| {
                let r = match agents.get(&x.matricule) {
                    Some(a) => instruire_auto(&campagne, &x, &a.agent),
                    None => Err(Erreur::stockage(store::ErreurStockage::Incoherence(
                        format!("agent {} introuvable", x.matricule),
                    ))),
                };
                (x, r)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| {
        tracing::error!("instruction par lot en échec : {e}");
        Erreur::interne()
    })?;
    let mut decisions = Vec::with_capacity(resultats.len());
    let mut bilan: BTreeMap<&'static str, u32> = BTreeMap::new();
    let mut lignes = Vec::with_capacity(resultats.len());
    for (x, r) in &resultats {
        let r = match r {
            Ok(r) => r,
            Err(e) => return Err(e.clone()),
        };
        let cle = if r.statut == StatutProposition::Transmise {
            "a_verifier"
        } else {
            r.statut.code()
        };
        *bilan.entry(cle).or_default() += 1;
        lignes.push(
            json!({"proposition": x.id, "statut": r.statut, "motifs": r.motifs,
                            "a_verifier": r.a_verifier}),
        );
        decisions.push(decision(x, "automatique", r));
    }
    p.etat
        .store
        .enregistrer_instructions(&c.acteur, &decisions)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| Erreur::introuvable("Une proposition a disparu pendant l'instruction."))?;
    Ok(json!({
        "annee": annee,
        "instruites": decisions.len(),
        "recevables": bilan.get("recevable").copied().unwrap_or(0),
        "irrecevables": bilan.get("irrecevable").copied().unwrap_or(0),
        "a_verifier": bilan.get("a_verifier").copied().unwrap_or(0),
        "propositions": lignes,
    }))
}

/// `POST /api/v1/campagnes/{annee}/instruction`.
pub(crate) async fn instruire_tout(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::Instruire, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    let vue = campagne_du_jour(&p, annee).await?;
    let v = instruire_campagne(&p, &c, &vue).await?;
    Ok(json_reponse(StatusCode::OK, v))
}

/// État d'un dossier dans la file de travail.
pub(crate) fn etat_file(
    x: &Proposition,
    derniere: Option<&store::instruction::InstructionEnregistree>,
) -> &'static str {
    match x.statut.as_str() {
        "transmise" => match derniere {
            None => "a_instruire",
            Some(_) => "a_verifier",
        },
        "recevable" => "recevable",
        "irrecevable" => "irrecevable",
        "inscrite" => "inscrite",
        "non_retenue" => "non_retenue",
        _ => "brouillon",
    }
}

/// Les états de la file de travail, dans l'ordre.
pub(crate) const ETATS_FILE: [&str; 6] = [
    "a_instruire",
    "a_verifier",
    "recevable",
    "irrecevable",
    "inscrite",
    "non_retenue",
];

/// La file de travail (JSON) : compteurs par état, dossiers filtrés.
pub(crate) async fn file_json(
    p: &EtatPartage,
    c: &Connecte,
    annee: i32,
    ps: &[(String, String)],
) -> Result<Value, Erreur> {
    let etat = parametre(ps, "etat");
    if let Some(e) = etat
        && !ETATS_FILE.contains(&e)
    {
        return Err(Erreur::invalide(format!(
            "Le paramètre « etat » vaut « {e} » : attendu {}.",
            ETATS_FILE.join(", ")
        )));
    }
    let filtre = FiltrePropositions {
        collectivite: parametre(ps, "collectivite").map(str::to_owned),
        cible: parametre(ps, "cible").map(str::to_owned),
        voie: parametre(ps, "voie").map(str::to_owned),
        statut: None,
    };
    let portee = c.portee();
    let propositions = p
        .etat
        .store
        .propositions(&portee, annee, &filtre)
        .await
        .map_err(Erreur::stockage)?;
    let dernieres = p
        .etat
        .store
        .dernieres_instructions(&portee, annee)
        .await
        .map_err(Erreur::stockage)?;
    let mut compteurs: BTreeMap<&str, u32> = ETATS_FILE.iter().map(|e| (*e, 0)).collect();
    let cat = droit::catalogue::Catalogue::get();
    let mut dossiers = Vec::new();
    for x in propositions.iter().filter(|x| x.statut != "brouillon") {
        let d = dernieres.get(&x.id);
        let e = etat_file(x, d);
        *compteurs.entry(e).or_default() += 1;
        if etat.is_some_and(|f| f != e) {
            continue;
        }
        dossiers.push(json!({
            "id": x.id,
            "matricule": x.matricule,
            "nom": x.nom,
            "prenom": x.prenom,
            "collectivite": x.collectivite,
            "collectivite_nom": x.collectivite_nom,
            "cible": x.cible,
            "libelle_cible": cat.libelle_grade(&x.cible),
            "voie": x.voie,
            "rang": x.rang,
            "statut": x.statut,
            "etat": e,
            "motifs": x.motifs,
            "a_verifier": d.map(|d| d.a_verifier.clone()).unwrap_or(json!([])),
            "transmise_le": x.transmise_le,
            "derniere_decision": d.map(|d| json!({
                "nature": d.nature, "decidee_le": d.decidee_le, "decidee_par": d.decidee_par,
                "justification": d.justification,
            })),
        }));
    }
    Ok(json!({"annee": annee, "compteurs": compteurs, "dossiers": dossiers}))
}

/// `GET /api/v1/campagnes/{annee}/instruction`.
pub(crate) async fn file(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireClassement, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let ps = parametres(requete.as_deref());
    Ok(json_reponse(
        StatusCode::OK,
        file_json(&p, &c, annee, &ps).await?,
    ))
}

// ------------------------------------------------------------------ Grille

/// Une version de la grille, lue et analysée ; la dernière si `version` est `None`. 404 si
/// la campagne n'a pas (cette version de) grille.
pub(crate) async fn grille_version(
    p: &EtatPartage,
    annee: i32,
    version: Option<u32>,
) -> Result<(u32, GrilleLdg), Erreur> {
    let g = crate::campagnes::grille_enregistree(p, annee, version).await?;
    let grille: GrilleLdg = serde_json::from_value(g.contenu).map_err(|e| {
        tracing::error!("grille {annee} v{} illisible : {e}", g.version);
        Erreur::stockage(store::ErreurStockage::Donnee("grille illisible".into()))
    })?;
    Ok((g.version, grille))
}

/// `GET /api/v1/campagnes/{annee}/grilles`.
pub(crate) async fn versions_grille(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireGrille, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let versions = p
        .etat
        .store
        .grilles(annee)
        .await
        .map_err(Erreur::stockage)?;
    let lignes: Vec<Value> = versions
        .iter()
        .map(|g| {
            json!({
                "version": g.version,
                "libelle": g.contenu.get("libelle"),
                "criteres": g.contenu.get("criteres").and_then(Value::as_array).map_or(0, Vec::len),
                "definie_le": g.definie_le,
                "definie_par": g.definie_par,
            })
        })
        .collect();
    Ok(json_reponse(
        StatusCode::OK,
        json!({"annee": annee, "versions": lignes}),
    ))
}

/// Cote une proposition sous une grille, avec les faits de départage.
pub(crate) fn coter(
    grille: &GrilleLdg,
    version: u32,
    x: &Proposition,
    agent: &Agent,
) -> (Cotation, FaitsDepartage) {
    let pieces = pieces_de(x);
    let cotation = droit::ldg::coter(
        grille,
        Some(version),
        &DossierACoter {
            dossier: &x.dossier,
            rang: Some(x.rang),
            pieces: &pieces,
            cible: &x.cible,
            voie: voie_de(x),
            agent,
            annee: x.annee,
        },
    );
    let faits = FaitsDepartage::depuis_carriere(agent, x.annee, Some(x.rang));
    (cotation, faits)
}

/// Les dossiers sur lesquels un aperçu cote une grille.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Echantillon {
    /// Les n premiers dossiers transmis (les recevables d'abord, puis par numéro).
    Premiers(usize),
    /// Ces dossiers transmis, dans cet ordre.
    Dossiers(Vec<i64>),
}

/// Dossiers choisis au plus pour un aperçu.
pub(crate) const DOSSIERS_APERCU_MAX: usize = 100;

impl Echantillon {
    /// Lit une liste de numéros de dossiers (« 12, 15 16 ; n° 20 ») ; vide : les `n`
    /// premiers. 422 en français sur un numéro illisible ou une liste trop longue.
    pub(crate) fn lire(texte: &str, n: usize) -> Result<Echantillon, Erreur> {
        let mut ids = Vec::new();
        for morceau in texte
            .split([',', ';', ' ', '\n', '\r', '\t'])
            .map(|m| m.trim().trim_start_matches("n°").trim())
            .filter(|m| !m.is_empty())
        {
            let id = morceau
                .parse::<i64>()
                .ok()
                .filter(|i| *i > 0)
                .ok_or_else(|| {
                    Erreur::invalide(format!(
                        "« {morceau} » n'est pas un numéro de dossier : donnez les numéros séparés \
                     par des virgules (par exemple « 12, 15 »)."
                    ))
                })?;
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        if ids.len() > DOSSIERS_APERCU_MAX {
            return Err(Erreur::invalide(format!(
                "{} dossiers demandés : l'aperçu en prend {DOSSIERS_APERCU_MAX} au plus.",
                ids.len()
            )));
        }
        Ok(if ids.is_empty() {
            Echantillon::Premiers(n)
        } else {
            Echantillon::Dossiers(ids)
        })
    }
}

/// Cote, sans rien enregistrer, les dossiers d'un échantillon avec une grille validée : un
/// objet par dossier (agent, cible, voie, statut, lignes de points expliquées, total). 404
/// si un dossier choisi n'existe pas dans la campagne ou n'a pas été transmis.
pub(crate) async fn coter_echantillon(
    p: &EtatPartage,
    annee: i32,
    grille: &GrilleLdg,
    version: u32,
    echantillon: &Echantillon,
) -> Result<Vec<Value>, Erreur> {
    let mut propositions = p
        .etat
        .store
        .propositions(&Portee::Cdg, annee, &FiltrePropositions::default())
        .await
        .map_err(Erreur::stockage)?;
    match echantillon {
        Echantillon::Premiers(n) => {
            propositions.retain(|x| x.statut != "brouillon" && x.statut != "irrecevable");
            propositions.sort_by_key(|x| (x.statut != "recevable", x.id));
            propositions.truncate(*n);
        }
        Echantillon::Dossiers(ids) => {
            let mut choisies = Vec::with_capacity(ids.len());
            for id in ids {
                let x = propositions
                    .iter()
                    .find(|x| x.id == *id && x.statut != "brouillon")
                    .ok_or_else(|| {
                        Erreur::introuvable(format!(
                            "Aucun dossier n° {id} transmis au centre de gestion dans la \
                             campagne {annee}."
                        ))
                    })?;
                choisies.push(x.clone());
            }
            propositions = choisies;
        }
    }
    let agents = p
        .etat
        .store
        .agents_proposes(&Portee::Cdg, annee)
        .await
        .map_err(Erreur::stockage)?;
    let mut apercu = Vec::new();
    for x in &propositions {
        let Some(a) = agents.get(&x.matricule) else {
            continue;
        };
        let (cotation, _) = coter(grille, version, x, &a.agent);
        apercu.push(json!({
            "proposition": x.id,
            "matricule": x.matricule,
            "nom": x.nom,
            "prenom": x.prenom,
            "collectivite_nom": x.collectivite_nom,
            "cible": x.cible,
            "voie": x.voie,
            "statut": x.statut,
            "total": cotation.total,
            "complete": cotation.complete,
            "lignes": cotation.lignes,
        }));
    }
    Ok(apercu)
}

/// Aperçu d'une grille (JSON) : validation complète, puis cotation d'un échantillon de
/// dossiers de la campagne.
pub(crate) async fn apercu_json(
    p: &EtatPartage,
    annee: i32,
    grille: Value,
    echantillon: &Echantillon,
) -> Result<Value, Erreur> {
    let grille = match droit::ldg::lire_grille_valeur(grille) {
        Ok(g) => g,
        Err(e) => {
            return Ok(json!({"valide": false, "erreurs": e.erreurs}));
        }
    };
    let apercu = coter_echantillon(p, annee, &grille, 0, echantillon).await?;
    Ok(json!({
        "valide": true,
        "libelle": grille.libelle,
        "points_maximum": grille.points_maximum(),
        "criteres": grille.criteres.len(),
        "departage": grille.departage.iter().map(|k| json!({"cle": k.code(), "libelle": k.libelle(Some(&grille))})).collect::<Vec<_>>(),
        "apercu": apercu,
    }))
}

/// `POST /api/v1/campagnes/{annee}/grille/apercu[?echantillon=n|dossiers=12,15]`.
pub(crate) async fn apercu(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
    corps: Bytes,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::DefinirGrille, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let ps = parametres(requete.as_deref());
    let n = parametre_entier(&ps, "echantillon", 100)?.unwrap_or(5) as usize;
    let echantillon = Echantillon::lire(parametre(&ps, "dossiers").unwrap_or(""), n)?;
    let v: Value = lire_json(&corps)?;
    Ok(json_reponse(
        StatusCode::OK,
        apercu_json(&p, annee, v, &echantillon).await?,
    ))
}

// ------------------------------------------------------------------ Cotations

/// Cotations des propositions d'un grade cible sous une version : celles enregistrées, et
/// les autres calculées sur la carrière enregistrée (rendues aussi, pour être enregistrées
/// par l'appelant s'il le veut).
pub(crate) async fn cotations_de(
    p: &EtatPartage,
    annee: i32,
    version: u32,
    grille: &GrilleLdg,
    cible: &str,
    propositions: &[Proposition],
) -> Result<
    (
        HashMap<i64, (Cotation, FaitsDepartage)>,
        Vec<NouvelleCotation>,
    ),
    Erreur,
> {
    let enregistrees = p
        .etat
        .store
        .cotations(&Portee::Cdg, annee, version, Some(cible))
        .await
        .map_err(Erreur::stockage)?;
    let mut resultat = HashMap::new();
    let mut manquantes: Vec<&Proposition> = Vec::new();
    for x in propositions {
        let lue = enregistrees.get(&x.id).and_then(|k| {
            let c: Cotation = serde_json::from_value(k.contenu.clone()).ok()?;
            let f: FaitsDepartage = serde_json::from_value(k.faits.clone()).ok()?;
            Some((c, f))
        });
        match lue {
            Some(cf) => {
                resultat.insert(x.id, cf);
            }
            None => manquantes.push(x),
        }
    }
    let mut nouvelles = Vec::new();
    if !manquantes.is_empty() {
        let agents: HashMap<String, AgentEnregistre> = p
            .etat
            .store
            .agents_proposes(&Portee::Cdg, annee)
            .await
            .map_err(Erreur::stockage)?;
        for x in manquantes {
            let Some(a) = agents.get(&x.matricule) else {
                return Err(Erreur::stockage(store::ErreurStockage::Incoherence(
                    format!("agent {} introuvable", x.matricule),
                )));
            };
            let (cotation, faits) = coter(grille, version, x, &a.agent);
            nouvelles.push(NouvelleCotation {
                proposition: x.id,
                contenu: serde_json::to_value(&cotation).unwrap_or(Value::Null),
                faits: serde_json::to_value(&faits).unwrap_or(Value::Null),
            });
            resultat.insert(x.id, (cotation, faits));
        }
    }
    Ok((resultat, nouvelles))
}

/// Cote et enregistre toutes les propositions recevables d'une campagne ; rend le bilan.
pub(crate) async fn coter_campagne(
    p: &EtatPartage,
    c: &Connecte,
    annee: i32,
    version: Option<u32>,
) -> Result<Value, Erreur> {
    let (version, grille) = grille_version(p, annee, version).await?;
    let filtre = FiltrePropositions {
        statut: Some("recevable".into()),
        ..Default::default()
    };
    let propositions = p
        .etat
        .store
        .propositions(&Portee::Cdg, annee, &filtre)
        .await
        .map_err(Erreur::stockage)?;
    let agents = p
        .etat
        .store
        .agents_proposes(&Portee::Cdg, annee)
        .await
        .map_err(Erreur::stockage)?;
    let mut nouvelles = Vec::with_capacity(propositions.len());
    let mut lignes = Vec::with_capacity(propositions.len());
    for x in &propositions {
        let Some(a) = agents.get(&x.matricule) else {
            continue;
        };
        let (cotation, faits) = coter(&grille, version, x, &a.agent);
        lignes.push(json!({"proposition": x.id, "total": cotation.total,
                            "complete": cotation.complete}));
        nouvelles.push(NouvelleCotation {
            proposition: x.id,
            contenu: serde_json::to_value(&cotation).unwrap_or(Value::Null),
            faits: serde_json::to_value(&faits).unwrap_or(Value::Null),
        });
    }
    let n = p
        .etat
        .store
        .enregistrer_cotations(&c.acteur, annee, version, &nouvelles)
        .await
        .map_err(Erreur::stockage)?;
    Ok(json!({"annee": annee, "grille_version": version, "cotees": n, "propositions": lignes}))
}

/// `POST /api/v1/campagnes/{annee}/cotations`.
pub(crate) async fn coter_tout(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::Instruire, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let ps = parametres(requete.as_deref());
    let version = parametre_entier(&ps, "version", u32::MAX)?;
    Ok(json_reponse(
        StatusCode::OK,
        coter_campagne(&p, &c, annee, version).await?,
    ))
}

/// La cotation d'une proposition (JSON du contrat, étendu).
pub(crate) async fn cotation_json(
    p: &EtatPartage,
    x: &Proposition,
    version: Option<u32>,
) -> Result<Value, Erreur> {
    let (version, grille) = grille_version(p, x.annee, version).await?;
    let enregistree = p
        .etat
        .store
        .cotations(&Portee::Cdg, x.annee, version, Some(&x.cible))
        .await
        .map_err(Erreur::stockage)?
        .remove(&x.id);
    let (mut v, calculee) = match enregistree {
        Some(k) => (k.contenu, Some((k.calculee_le, k.calculee_par))),
        None => {
            let agent = agent_de(p, x).await?;
            let (cotation, _) = coter(&grille, version, x, &agent);
            (serde_json::to_value(&cotation).unwrap_or(Value::Null), None)
        }
    };
    v["proposition"] = json!(x.id);
    v["enregistree"] = json!(calculee.is_some());
    if let Some((le, par)) = calculee {
        v["calculee_le"] = json!(le);
        v["calculee_par"] = json!(par);
    }
    Ok(v)
}

/// Une proposition de la portée que l'appelant a le droit de lire (404 hors portée).
pub(crate) async fn proposition_lue(
    p: &EtatPartage,
    c: &Connecte,
    id: &str,
) -> Result<Proposition, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireProposition, Situation::default())?;
    proposition_ou_404(p, &c.portee(), id).await
}

/// Une proposition de la portée dont la cotation peut être lue (droit de l'appelant,
/// statut recevable, inscrite ou non retenue ; 404 hors portée, 409 `non_recevable`).
pub(crate) async fn proposition_cotee(
    p: &EtatPartage,
    c: &Connecte,
    id: &str,
) -> Result<Proposition, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireCotation, Situation::default())?;
    let x = proposition_ou_404(p, &c.portee(), id).await?;
    autoriser_acteur(
        &c.acteur,
        Action::LireCotation,
        Situation {
            campagne: None,
            proposition: statut_de(&x),
        },
    )?;
    Ok(x)
}

/// `GET /api/v1/propositions/{id}/cotation`.
pub(crate) async fn cotation(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let x = proposition_cotee(&p, &c, &id).await?;
    let ps = parametres(requete.as_deref());
    let version = parametre_entier(&ps, "version", u32::MAX)?;
    Ok(json_reponse(
        StatusCode::OK,
        cotation_json(&p, &x, version).await?,
    ))
}
