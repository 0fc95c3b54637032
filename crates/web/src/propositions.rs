//! API des propositions de l'employeur, de leur dossier et de leurs pièces (contrat v2,
//! « Proposals and dossiers »).
//!
//! | route | règle | ce qu'elle fait |
//! |---|---|---|
//! | `POST /api/v1/campagnes/{annee}/propositions` | gestionnaire ; collectivité (ses agents) | propose un agent (201, `brouillon`) ; 404 agent hors portée ; 409 `proposition_existante`, `rang_deja_attribue`, `non_affiliee`, `depot_clos` |
//! | `GET /api/v1/campagnes/{annee}/propositions[?collectivite=&cible=&voie=&statut=]` | administrateur, gestionnaire, collectivité (les siennes) | la liste |
//! | `GET /api/v1/propositions/{id}` | administrateur, gestionnaire, collectivité | une proposition, ses pièces, son statut et ses motifs |
//! | `PATCH /api/v1/propositions/{id}` | gestionnaire, collectivité | `rang` et/ou `dossier` d'un brouillon (409 `proposition_transmise`) |
//! | `DELETE /api/v1/propositions/{id}` | gestionnaire, collectivité | retire un brouillon |
//! | `POST /api/v1/propositions/{id}/transmission` | gestionnaire, collectivité | transmet (409 `depot_clos` hors de la période de dépôt, `proposition_transmise`) |
//! | `GET /api/v1/propositions/{id}/pieces` | administrateur, gestionnaire, collectivité | liste de contrôle : pièces attendues par la grille, présentes ou manquantes, et faits du dossier lus par la grille |
//! | `PUT /api/v1/propositions/{id}/pieces/{type}` | gestionnaire, collectivité | dépose un PDF (201 `{"type", "taille", "sha256"}`) |
//! | `GET /api/v1/propositions/{id}/pieces/{type}` | administrateur, gestionnaire, collectivité | les octets de la pièce, empreinte vérifiée |
//! | `DELETE /api/v1/propositions/{id}/pieces/{type}` | gestionnaire, collectivité | retire une pièce d'un brouillon |

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use campagne::droits::{Action, Situation};
use campagne::proposition::StatutProposition;
use droit::eligibilite::{ResultatVoie, Voie};
use droit::ldg::GrilleLdg;
use droit::piece::TypePiece;
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use store::propositions::{FiltrePropositions, NouvelleProposition, Proposition};
use store::{Acteur, Portee};

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::campagnes::{annee_chemin, autoriser_acteur, campagne_du_jour, parametre, parametres};
use crate::erreurs::{Erreur, lire_json};

/// Voie proposée (les voies qui mènent à une liste d'aptitude).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VoieProposee {
    Choix,
    Examen,
}

impl VoieProposee {
    fn voie(self) -> Voie {
        match self {
            VoieProposee::Choix => Voie::Choix,
            VoieProposee::Examen => Voie::Examen,
        }
    }

    fn code(self) -> &'static str {
        match self {
            VoieProposee::Choix => "choix",
            VoieProposee::Examen => "examen",
        }
    }
}

/// Corps de `POST /api/v1/campagnes/{annee}/propositions`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DemandeProposition {
    pub matricule: String,
    pub cible: String,
    pub voie: VoieProposee,
    /// Ordre de priorité de l'autorité parmi ses propositions de la même cible (1 = la
    /// première) ; absent : après les autres.
    #[serde(default)]
    pub rang: Option<u32>,
    /// Les faits que la grille cote ; les clés inconnues sont gardées et ignorées par la
    /// grille.
    #[serde(default)]
    pub dossier: Option<Map<String, Value>>,
}

/// Corps de `PATCH /api/v1/propositions/{id}`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModificationProposition {
    #[serde(default)]
    pub rang: Option<u32>,
    #[serde(default)]
    pub dossier: Option<Map<String, Value>>,
}

fn verifier_rang(rang: Option<u32>) -> Result<(), Erreur> {
    match rang {
        Some(0) => Err(Erreur::invalide(
            "Le rang est l'ordre de priorité de l'autorité : 1 pour la première proposition, \
             2 pour la suivante…",
        )
        .chemin("/rang")),
        Some(r) if r > 10_000 => Err(Erreur::invalide(format!(
            "Le rang {r} est hors des bornes (1 à 10 000)."
        ))
        .chemin("/rang")),
        _ => Ok(()),
    }
}

/// Vérifie que la cible a cette voie dans les listes que le centre de gestion établit
/// l'année donnée (422 sinon).
fn verifier_cible(annee: i32, cible: &str, voie: VoieProposee) -> Result<(), Erreur> {
    let voies = campagne::quotas::voies_du_cdg(annee);
    let code_voie = voie.code();
    if !voies.iter().any(|(cv, _)| cv.cible == cible) {
        let message = if droit::catalogue::Catalogue::get().grade(cible).is_some() {
            format!(
                "Le centre de gestion n'établit pas de liste d'aptitude au grade « {cible} » en \
                 {annee} (grade sans promotion interne, ou liste établie par le CNFPT)."
            )
        } else {
            format!("Le grade cible « {cible} » est inconnu du catalogue (voir docs/codes.md).")
        };
        return Err(Erreur::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            campagne::codes::CODE_INCONNU,
            message,
        )
        .chemin("/cible"));
    }
    let a_la_voie = voies.iter().any(|(cv, _)| {
        cv.cible == cible
            && serde_json::to_value(cv.voie).ok() == Some(Value::String(code_voie.to_owned()))
    });
    if !a_la_voie {
        return Err(Erreur::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            campagne::codes::CODE_INCONNU,
            format!(
                "Le grade « {cible} » n'est pas accessible par la voie « {code_voie} » en {annee}."
            ),
        )
        .chemin("/voie"));
    }
    Ok(())
}

/// La voie évaluée par le moteur sur la carrière enregistrée, au 1er janvier de l'année.
pub(crate) async fn evaluer_voie(
    p: &EtatPartage,
    matricule: &str,
    annee: i32,
    cible: &str,
    voie: Voie,
    portee: &Portee,
) -> Result<Option<(ResultatVoie, String)>, Erreur> {
    let Some(a) = p
        .etat
        .store
        .agent(portee, matricule)
        .await
        .map_err(Erreur::stockage)?
    else {
        return Ok(None);
    };
    let cible = cible.to_owned();
    let reponse = tokio::task::spawn_blocking(move || {
        droit::eligibilite::evaluer_agent(&a.agent, annee, Some(std::slice::from_ref(&cible)))
    })
    .await
    .map_err(|e| {
        tracing::error!("moteur en échec sur une proposition ({annee}) : {e}");
        Erreur::interne()
    })?;
    let version = reponse.version_catalogue.to_string();
    Ok(reponse
        .voies
        .into_iter()
        .find(|v| v.voie == voie)
        .map(|v| (v, version)))
}

fn statut(p: &Proposition) -> Option<StatutProposition> {
    StatutProposition::depuis_code(&p.statut)
}

async fn proposition_ou_404(
    p: &EtatPartage,
    c: &Connecte,
    id: &str,
) -> Result<Proposition, Erreur> {
    let introuvable = || Erreur::introuvable(format!("Aucune proposition n° « {id} »."));
    let n: i64 = id.parse().map_err(|_| introuvable())?;
    p.etat
        .store
        .proposition(&c.portee(), n)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(introuvable)
}

fn reponse(statut: StatusCode, p: &Proposition) -> Response {
    (statut, axum::Json(p)).into_response()
}

/// `POST /api/v1/campagnes/{annee}/propositions`.
pub(crate) async fn proposer(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let annee = annee_chemin(&annee)?;
    let vue = campagne_du_jour(&p, annee).await?;
    let d: DemandeProposition = lire_json(&corps)?;
    verifier_rang(d.rang)?;
    verifier_cible(annee, &d.cible, d.voie)?;
    // L'agent hors de la portée n'existe pas pour l'appelant (404) ; l'état de la campagne
    // ne se dit qu'à qui peut proposer cet agent.
    let Some((eligibilite, version)) = evaluer_voie(
        &p,
        &d.matricule,
        annee,
        &d.cible,
        d.voie.voie(),
        &c.portee(),
    )
    .await?
    else {
        return Err(Erreur::introuvable(format!(
            "Aucun agent n'a le matricule « {} ».",
            d.matricule
        )));
    };
    autoriser_acteur(&c.acteur, Action::Proposer, vue.situation())?;
    let dossier = Value::Object(d.dossier.unwrap_or_default());
    let eligibilite_json = serde_json::to_value(&eligibilite).unwrap_or(Value::Null);
    let proposition = p
        .etat
        .store
        .creer_proposition(
            &c.acteur,
            &NouvelleProposition {
                annee,
                matricule: &d.matricule,
                cible: &d.cible,
                voie: d.voie.code(),
                rang: d.rang,
                dossier: &dossier,
                promouvable: eligibilite.eligible,
                eligibilite: &eligibilite_json,
                version_catalogue: &version,
            },
        )
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucun agent n'a le matricule « {} ».", d.matricule))
        })?;
    Ok(reponse(StatusCode::CREATED, &proposition))
}

/// `GET /api/v1/campagnes/{annee}/propositions`.
pub(crate) async fn lister(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let liste = propositions_filtrees(&p, &c, &annee, requete.as_deref()).await?;
    Ok((StatusCode::OK, axum::Json(json!({"propositions": liste}))).into_response())
}

/// Les propositions d'une campagne que l'acteur peut lire (portée du stockage), filtrées par
/// les paramètres `collectivite`, `cible`, `voie` et `statut` (liste JSON et exports).
pub(crate) async fn propositions_filtrees(
    p: &EtatPartage,
    c: &Connecte,
    annee: &str,
    requete: Option<&str>,
) -> Result<Vec<store::propositions::Proposition>, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireProposition, Situation::default())?;
    let annee = annee_chemin(annee)?;
    campagne_du_jour(p, annee).await?;
    let ps = parametres(requete);
    let statut = parametre(&ps, "statut").map(str::to_owned);
    if let Some(s) = &statut
        && StatutProposition::depuis_code(s).is_none()
    {
        return Err(Erreur::invalide(format!(
            "Le paramètre « statut » vaut « {s} » : attendu brouillon, transmise, recevable, \
             irrecevable, inscrite ou non_retenue."
        )));
    }
    let collectivite = parametre(&ps, "collectivite").map(str::to_owned);
    if let Some(code) = &collectivite {
        crate::campagnes::exiger_collectivite(p, c, code).await?;
    }
    let filtre = FiltrePropositions {
        collectivite,
        cible: parametre(&ps, "cible").map(str::to_owned),
        voie: parametre(&ps, "voie").map(str::to_owned),
        statut,
    };
    let liste = p
        .etat
        .store
        .propositions(&c.portee(), annee, &filtre)
        .await
        .map_err(Erreur::stockage)?;
    Ok(liste)
}

/// `GET /api/v1/propositions/{id}`.
pub(crate) async fn lire(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireProposition, Situation::default())?;
    let x = proposition_ou_404(&p, &c, &id).await?;
    Ok(reponse(StatusCode::OK, &x))
}

/// Situation d'une proposition pour les droits : état de sa campagne et son statut.
async fn situation(p: &EtatPartage, x: &Proposition) -> Result<Situation, Erreur> {
    let vue = campagne_du_jour(p, x.annee).await?;
    Ok(Situation {
        campagne: Some(vue.etat),
        proposition: statut(x),
    })
}

/// `PATCH /api/v1/propositions/{id}`.
pub(crate) async fn modifier(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let x = proposition_ou_404(&p, &c, &id).await?;
    autoriser_acteur(
        &c.acteur,
        Action::ModifierProposition,
        situation(&p, &x).await?,
    )?;
    let m: ModificationProposition = lire_json(&corps)?;
    verifier_rang(m.rang)?;
    let dossier = m.dossier.map(Value::Object);
    let x = p
        .etat
        .store
        .modifier_proposition(&c.acteur, x.id, m.rang, dossier.as_ref())
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| Erreur::introuvable(format!("Aucune proposition n° « {id} ».")))?;
    Ok(reponse(StatusCode::OK, &x))
}

/// `DELETE /api/v1/propositions/{id}`.
pub(crate) async fn retirer(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let x = proposition_ou_404(&p, &c, &id).await?;
    autoriser_acteur(
        &c.acteur,
        Action::ModifierProposition,
        situation(&p, &x).await?,
    )?;
    p.etat
        .store
        .retirer_proposition(&c.acteur, x.id)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| Erreur::introuvable(format!("Aucune proposition n° « {id} ».")))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Transmet une proposition (commun à l'API et aux pages).
pub(crate) async fn transmettre_proposition(
    p: &EtatPartage,
    acteur: &Acteur,
    x: &Proposition,
) -> Result<Proposition, Erreur> {
    autoriser_acteur(acteur, Action::Transmettre, situation(p, x).await?)?;
    let voie = if x.voie == "examen" {
        Voie::Examen
    } else {
        Voie::Choix
    };
    // La carrière a pu être corrigée depuis la proposition : le moteur la réévalue. La
    // proposition appartient à l'appelant (contrôlé) ; l'agent a pu changer de collectivité.
    let (eligibilite, version) =
        match evaluer_voie(p, &x.matricule, x.annee, &x.cible, voie, &Portee::Cdg).await? {
            Some((e, v)) => (serde_json::to_value(&e).unwrap_or(Value::Null), v),
            None => (x.eligibilite.clone(), x.version_catalogue.clone()),
        };
    let promouvable = eligibilite
        .get("eligible")
        .and_then(Value::as_bool)
        .unwrap_or(x.promouvable);
    p.etat
        .store
        .transmettre_proposition(
            acteur,
            x.id,
            p.etat.horloge.maintenant(),
            promouvable,
            &eligibilite,
            &version,
        )
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| Erreur::introuvable(format!("Aucune proposition n° {}.", x.id)))
}

/// `POST /api/v1/propositions/{id}/transmission`.
pub(crate) async fn transmettre(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let x = proposition_ou_404(&p, &c, &id).await?;
    let x = transmettre_proposition(&p, &c.acteur, &x).await?;
    Ok(reponse(StatusCode::OK, &x))
}

// ------------------------------------------------------------------ Pièces

/// La grille de la campagne (dernière version), si le centre de gestion l'a déposée.
pub(crate) async fn grille_de(
    p: &EtatPartage,
    annee: i32,
) -> Result<Option<(u32, GrilleLdg)>, Erreur> {
    let Some(g) = p
        .etat
        .store
        .grille(annee, None)
        .await
        .map_err(Erreur::stockage)?
    else {
        return Ok(None);
    };
    let grille: GrilleLdg = serde_json::from_value(g.contenu).map_err(|e| {
        tracing::error!("grille {annee} v{} illisible : {e}", g.version);
        Erreur::stockage(store::ErreurStockage::Donnee("grille illisible".into()))
    })?;
    Ok(Some((g.version, grille)))
}

/// Liste de contrôle du dossier : pièces attendues (présentes ou non) et faits lus par la
/// grille.
pub(crate) async fn liste_de_controle(p: &EtatPartage, x: &Proposition) -> Result<Value, Erreur> {
    let grille = grille_de(p, x.annee).await?;
    let voie = if x.voie == "examen" {
        Voie::Examen
    } else {
        Voie::Choix
    };
    let presentes: Vec<TypePiece> = x
        .pieces
        .iter()
        .filter_map(|q| TypePiece::depuis_code(&q.type_piece))
        .collect();
    let vide = GrilleLdg {
        libelle: String::new(),
        criteres: Vec::new(),
        departage: Vec::new(),
        groupes: Vec::new(),
    };
    let g = grille.as_ref().map_or(&vide, |(_, g)| g);
    let attendues = campagne::dossier::pieces_attendues(g, &x.cible, voie, &presentes);
    let manquantes: Vec<&str> = attendues
        .iter()
        .filter(|a| !a.presente)
        .map(|a| a.type_piece.code())
        .collect();
    let faits = campagne::dossier::faits_attendus(g, &x.cible, voie);
    Ok(json!({
        "proposition": x.id,
        "grille_version": grille.as_ref().map(|(v, _)| v),
        "pieces": attendues,
        "manquantes": manquantes,
        "deposees": x.pieces,
        "faits": faits,
    }))
}

/// `GET /api/v1/propositions/{id}/pieces`.
pub(crate) async fn controle(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireProposition, Situation::default())?;
    let x = proposition_ou_404(&p, &c, &id).await?;
    let v = liste_de_controle(&p, &x).await?;
    Ok((StatusCode::OK, axum::Json(v)).into_response())
}

fn type_piece(code: &str) -> Result<TypePiece, Erreur> {
    TypePiece::depuis_code(code).ok_or_else(|| {
        Erreur::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "type_piece_inconnu",
            format!(
                "« {code} » n'est pas un type de pièce ; types admis : {}.",
                TypePiece::TOUTES
                    .iter()
                    .map(|t| t.code())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// Nom du fichier donné par l'en-tête `Content-Disposition` (`filename="…"`), nettoyé.
fn nom_fichier(entetes: &HeaderMap) -> Option<String> {
    let v = entetes.get(header::CONTENT_DISPOSITION)?.to_str().ok()?;
    let debut = v.find("filename=")? + "filename=".len();
    let brut = v[debut..].split(';').next()?.trim().trim_matches('"');
    let propre: String = brut
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '/' | '\\' | '"'))
        .take(200)
        .collect();
    (!propre.is_empty()).then_some(propre)
}

/// Dépose une pièce (commun à l'API et aux pages).
pub(crate) async fn deposer_piece(
    p: &EtatPartage,
    acteur: &Acteur,
    x: &Proposition,
    t: TypePiece,
    nom: Option<&str>,
    octets: &[u8],
) -> Result<store::propositions::PieceResume, Erreur> {
    autoriser_acteur(acteur, Action::DeposerPiece, situation(p, x).await?)?;
    if !octets.starts_with(b"%PDF-") {
        return Err(Erreur::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "pdf_invalide",
            "La pièce n'est pas un document PDF (un PDF commence par « %PDF- ») : enregistrez-la \
             au format PDF, puis déposez-la de nouveau.",
        ));
    }
    p.etat
        .store
        .deposer_piece(acteur, x.id, t.code(), nom, octets)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| Erreur::introuvable(format!("Aucune proposition n° {}.", x.id)))
}

/// `PUT /api/v1/propositions/{id}/pieces/{type}`.
pub(crate) async fn deposer(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((id, code)): Path<(String, String)>,
    entetes: HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let x = proposition_ou_404(&p, &c, &id).await?;
    let t = type_piece(&code)?;
    let piece = deposer_piece(
        &p,
        &c.acteur,
        &x,
        t,
        nom_fichier(&entetes).as_deref(),
        &corps,
    )
    .await?;
    Ok((StatusCode::CREATED, axum::Json(piece)).into_response())
}

/// `GET /api/v1/propositions/{id}/pieces/{type}`.
pub(crate) async fn lire_piece(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((id, code)): Path<(String, String)>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LirePiece, Situation::default())?;
    let x = proposition_ou_404(&p, &c, &id).await?;
    let absente = || {
        Erreur::introuvable(format!(
            "La proposition n° {} n'a pas de pièce « {code} ».",
            x.id
        ))
    };
    let Some(t) = TypePiece::depuis_code(&code) else {
        return Err(absente());
    };
    let piece = match p.etat.store.piece(&c.portee(), x.id, t.code()).await {
        Ok(Some(q)) => q,
        Ok(None) => return Err(absente()),
        Err(store::ErreurStockage::Incoherence(m)) => {
            tracing::error!("{m}");
            return Err(Erreur::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "piece_alteree",
                format!(
                    "La pièce « {} » de la proposition n° {} ne correspond plus à l'empreinte \
                     enregistrée lors de son dépôt : elle n'est pas servie. L'incident est \
                     consigné ; déposez la pièce de nouveau ou prévenez l'administrateur.",
                    t.libelle(),
                    x.id
                ),
            ));
        }
        Err(e) => return Err(Erreur::stockage(e)),
    };
    let nom = format!("proposition-{}-{}.pdf", x.id, t.code());
    let mut r = (StatusCode::OK, piece.octets).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{nom}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(&piece.resume.sha256) {
        h.insert("x-sha256", v);
    }
    Ok(r)
}

/// `DELETE /api/v1/propositions/{id}/pieces/{type}`.
pub(crate) async fn supprimer_piece(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((id, code)): Path<(String, String)>,
) -> Result<Response, Erreur> {
    let x = proposition_ou_404(&p, &c, &id).await?;
    let t = type_piece(&code)?;
    autoriser_acteur(&c.acteur, Action::DeposerPiece, situation(&p, &x).await?)?;
    p.etat
        .store
        .supprimer_piece(&c.acteur, x.id, t.code())
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!(
                "La proposition n° {} n'a pas de pièce « {code} ».",
                x.id
            ))
        })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
