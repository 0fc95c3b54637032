//! Pages du service carrières du centre de gestion (file de travail, instruction d'un
//! dossier, classement, liste d'aptitude) et vue anonyme, imprimable, de la commission. Elles
//! reposent sur les mêmes opérations que l'API (`instruction`, `classement`).
//!
//! | page | règle |
//! |---|---|
//! | `GET /campagnes/{annee}/instruction` | administrateur, gestionnaire |
//! | `POST /campagnes/{annee}/instruction` (formulaire) | gestionnaire : instruction automatique des dossiers à instruire |
//! | `GET /propositions/{id}/instruction` | administrateur, gestionnaire |
//! | `POST /propositions/{id}/instruction` (formulaire) | gestionnaire : instruction automatique ou décision motivée |
//! | `GET /campagnes/{annee}/classement?cible=&voie=` | administrateur, gestionnaire ; commission (anonyme, imprimable) |
//! | `POST /campagnes/{annee}/listes` (formulaire) | gestionnaire : établit la liste d'une cible |
//! | `GET /campagnes/{annee}/listes/{cible}` | administrateur, gestionnaire ; collectivité (liste publiée) |
//! | `POST /campagnes/{annee}/listes/{cible}/publication` (formulaire) | gestionnaire |

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use campagne::droits::{Action, Situation};
use campagne::instruction::{Decision, DecisionManuelle};
use campagne::proposition::StatutProposition;
use droit::catalogue::Catalogue;
use droit::date::format_fr;
use droit::eligibilite::Voie;
use serde_json::Value;
use store::Role;

use crate::EtatPartage;
use crate::acces::{Connecte, champ};
use crate::campagnes::{annee_chemin, autoriser_acteur, campagne_du_jour, parametre, parametres};
use crate::classement::{DemandeListe, classement_json, etablir, liste_ou_404};
use crate::erreurs::Erreur;
use crate::horloge::horodatage_fr;
use crate::instruction::{
    ETATS_FILE, cotation_json, file_json, instruire_campagne, proposition_ou_404, statut_de,
};
use crate::pages::{Entete, Html};

/// Instant RFC 3339 affiché en heure de Paris, JJ/MM/AAAA à HH:MM.
fn texte(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        autre => autre.to_string(),
    }
}

fn libelle_etat(e: &str) -> &'static str {
    match e {
        "a_instruire" => "à instruire",
        "a_verifier" => "à vérifier (décision motivée attendue)",
        "recevable" => "recevable",
        "irrecevable" => "irrecevable",
        "inscrite" => "inscrite sur la liste",
        "non_retenue" => "non retenue",
        _ => "brouillon",
    }
}

fn libelle_voie(v: &str) -> &'static str {
    match v {
        "examen" => "après examen professionnel",
        _ => "au choix",
    }
}

fn page(e: Erreur) -> Erreur {
    e.page()
}

// ------------------------------------------------------------------ File de travail

struct LigneFile {
    id: i64,
    agent: String,
    collectivite: String,
    cible: String,
    voie: &'static str,
    rang: String,
    etat: &'static str,
    /// Code de l'état (lien vers la lettre d'irrecevabilité ou la fiche de cotation).
    etat_code: String,
    motifs: String,
}

struct OptionFiltre {
    valeur: String,
    libelle: String,
    choisi: bool,
}

#[derive(Template)]
#[template(path = "cdg_file.html")]
struct PageFile {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annee: i32,
    compteurs: Vec<(String, u64)>,
    etats: Vec<OptionFiltre>,
    cibles: Vec<OptionFiltre>,
    lignes: Vec<LigneFile>,
    gestionnaire: bool,
    a_instruire: u64,
}

/// `GET /campagnes/{annee}/instruction`.
pub(crate) async fn file(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let annee = annee_chemin(&annee).map_err(page)?;
    campagne_du_jour(&p, annee).await.map_err(page)?;
    let ps = parametres(requete.as_deref());
    let v = file_json(&p, &c, annee, &ps).await.map_err(page)?;
    let cat = Catalogue::get();
    let etat_choisi = parametre(&ps, "etat").unwrap_or("");
    let cible_choisie = parametre(&ps, "cible").unwrap_or("");
    let compteurs: Vec<(String, u64)> = ETATS_FILE
        .iter()
        .map(|e| {
            (
                libelle_etat(e).to_owned(),
                v["compteurs"][*e].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let lignes = v["dossiers"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|d| {
            let motifs: Vec<String> = d["motifs"]
                .as_array()
                .into_iter()
                .flatten()
                .chain(d["a_verifier"].as_array().into_iter().flatten())
                .map(|m| texte(&m["message"]))
                .collect();
            LigneFile {
                id: d["id"].as_i64().unwrap_or(0),
                agent: format!(
                    "{} {} ({})",
                    texte(&d["nom"]),
                    texte(&d["prenom"]),
                    texte(&d["matricule"])
                ),
                collectivite: texte(&d["collectivite_nom"]),
                cible: texte(&d["libelle_cible"]),
                voie: libelle_voie(d["voie"].as_str().unwrap_or("")),
                rang: texte(&d["rang"]),
                etat: libelle_etat(d["etat"].as_str().unwrap_or("")),
                etat_code: texte(&d["etat"]),
                motifs: motifs.join(" ; "),
            }
        })
        .collect();
    let cibles = crate::campagnes::cibles_du_cdg(annee)
        .into_iter()
        .map(|x| OptionFiltre {
            choisi: x == cible_choisie,
            libelle: cat.libelle_grade(&x).to_owned(),
            valeur: x,
        })
        .collect();
    let etats = ETATS_FILE
        .iter()
        .map(|e| OptionFiltre {
            valeur: (*e).to_owned(),
            libelle: libelle_etat(e).to_owned(),
            choisi: *e == etat_choisi,
        })
        .collect();
    Ok(Html(PageFile {
        titre: format!("Instruction des dossiers — campagne {annee}"),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        annee,
        a_instruire: v["compteurs"]["a_instruire"].as_u64().unwrap_or(0),
        compteurs,
        etats,
        cibles,
        lignes,
        gestionnaire: c.acteur.role == Role::Gestionnaire,
    })
    .into_response())
}

/// `POST /campagnes/{annee}/instruction` (formulaire).
pub(crate) async fn instruire_tout(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::Instruire, Situation::default()).map_err(page)?;
    let annee = annee_chemin(&annee).map_err(page)?;
    let vue = campagne_du_jour(&p, annee).await.map_err(page)?;
    instruire_campagne(&p, &c, &vue).await.map_err(page)?;
    Ok(Redirect::to(&format!("/campagnes/{annee}/instruction")).into_response())
}

// ------------------------------------------------------------------ Dossier

struct LigneMotif {
    code: String,
    message: String,
    reference: String,
}

struct LigneDecision {
    quand: String,
    qui: String,
    nature: String,
    statut: String,
    justification: String,
}

struct LigneCotation {
    libelle: String,
    points: String,
    explication: String,
}

#[derive(Template)]
#[template(path = "cdg_dossier.html")]
struct PageDossier {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    id: i64,
    annee: i32,
    agent: String,
    collectivite: String,
    cible: String,
    cible_code: String,
    voie: &'static str,
    voie_code: String,
    rang: u32,
    statut: String,
    transmise_le: String,
    pieces: Vec<String>,
    dossier: Vec<(String, String)>,
    motifs: Vec<LigneMotif>,
    a_verifier: Vec<LigneMotif>,
    decisions: Vec<LigneDecision>,
    cotation: Vec<LigneCotation>,
    total: String,
    grille_version: String,
    peut_decider: bool,
    peut_instruire: bool,
    irrecevable: bool,
}

fn motifs_de(v: &Value) -> Vec<LigneMotif> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|m| LigneMotif {
            code: texte(&m["code"]),
            message: texte(&m["message"]),
            reference: texte(&m["reference"]),
        })
        .collect()
}

/// `GET /propositions/{id}/instruction`.
pub(crate) async fn dossier(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let x = proposition_ou_404(&p, &c.portee(), &id)
        .await
        .map_err(page)?;
    if x.statut == "brouillon" {
        return Err(Erreur::introuvable(format!(
            "La proposition n° {id} n'a pas été transmise au centre de gestion."
        ))
        .page());
    }
    let decisions = p
        .etat
        .store
        .instructions(&c.portee(), x.id)
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let statut = statut_de(&x).unwrap_or(StatutProposition::Brouillon);
    let a_verifier = decisions
        .last()
        .filter(|_| statut == StatutProposition::Transmise)
        .map(|d| motifs_de(&d.a_verifier))
        .unwrap_or_default();
    let (cotation, total, grille_version) = if matches!(
        statut,
        StatutProposition::Recevable | StatutProposition::Inscrite | StatutProposition::NonRetenue
    ) {
        match cotation_json(&p, &x, None).await {
            Ok(k) => (
                k["lignes"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|l| LigneCotation {
                        libelle: texte(&l["libelle"]),
                        points: droit::ldg::nombre_fr(l["points"].as_f64().unwrap_or(0.0)),
                        explication: texte(&l["explication"]),
                    })
                    .collect(),
                droit::ldg::nombre_fr(k["total"].as_f64().unwrap_or(0.0)),
                texte(&k["grille_version"]),
            ),
            Err(_) => (Vec::new(), String::new(), String::new()),
        }
    } else {
        (Vec::new(), String::new(), String::new())
    };
    let dossier = x
        .dossier
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.replace('_', " "), texte(v)))
        .collect();
    let gestionnaire = c.acteur.role == Role::Gestionnaire;
    Ok(Html(PageDossier {
        titre: format!("Dossier n° {} — {} {}", x.id, x.nom, x.prenom),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        id: x.id,
        annee: x.annee,
        agent: format!("{} {} (matricule {})", x.nom, x.prenom, x.matricule),
        collectivite: x.collectivite_nom.clone(),
        cible: Catalogue::get().libelle_grade(&x.cible).to_owned(),
        cible_code: x.cible.clone(),
        voie: libelle_voie(&x.voie),
        voie_code: x.voie.clone(),
        rang: x.rang,
        statut: statut.libelle().to_owned(),
        transmise_le: x
            .transmise_le
            .as_deref()
            .map(horodatage_fr)
            .unwrap_or_default(),
        pieces: x
            .pieces
            .iter()
            .map(|q| {
                droit::piece::TypePiece::depuis_code(&q.type_piece)
                    .map(|t| t.libelle().to_owned())
                    .unwrap_or_else(|| q.type_piece.clone())
            })
            .collect(),
        dossier,
        motifs: motifs_de(&x.motifs),
        a_verifier,
        decisions: decisions
            .iter()
            .map(|d| LigneDecision {
                quand: horodatage_fr(&d.decidee_le),
                qui: d.decidee_par.clone(),
                nature: if d.nature == "manuelle" {
                    "décision motivée".into()
                } else {
                    "instruction automatique".into()
                },
                statut: StatutProposition::depuis_code(&d.statut)
                    .map(|s| {
                        if s == StatutProposition::Transmise {
                            "à vérifier".to_owned()
                        } else {
                            s.libelle().to_owned()
                        }
                    })
                    .unwrap_or_default(),
                justification: d.justification.clone().unwrap_or_default(),
            })
            .collect(),
        cotation,
        total,
        grille_version,
        peut_decider: gestionnaire
            && matches!(
                statut,
                StatutProposition::Transmise
                    | StatutProposition::Recevable
                    | StatutProposition::Irrecevable
            ),
        peut_instruire: gestionnaire && statut == StatutProposition::Transmise,
        irrecevable: statut == StatutProposition::Irrecevable,
    })
    .into_response())
}

/// `POST /propositions/{id}/instruction` (formulaire : `decision` = `automatique`,
/// `recevable` ou `irrecevable`, `justification`).
pub(crate) async fn decider(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let x = proposition_ou_404(&p, &c.portee(), &id)
        .await
        .map_err(page)?;
    let decision = champ(&corps, "decision").unwrap_or_default();
    let corps_api = match decision.as_str() {
        "automatique" => Vec::new(),
        "recevable" | "irrecevable" => {
            let d = DecisionManuelle {
                decision: if decision == "recevable" {
                    Decision::Recevable
                } else {
                    Decision::Irrecevable
                },
                motif: None,
                justification: champ(&corps, "justification").unwrap_or_default(),
            };
            serde_json::to_vec(&d).unwrap_or_default()
        }
        autre => {
            return Err(Erreur::invalide(format!(
                "Décision « {autre} » inconnue : choisissez recevable ou irrecevable."
            ))
            .page());
        }
    };
    crate::instruction::instruire(
        State(p.clone()),
        c,
        Path(x.id.to_string()),
        Bytes::from(corps_api),
    )
    .await
    .map_err(page)?;
    Ok(Redirect::to(&format!("/propositions/{}/instruction", x.id)).into_response())
}

// ------------------------------------------------------------------ Classement

struct LigneClassement {
    rang: String,
    code: String,
    agent: String,
    collectivite: String,
    total: String,
    criteres: String,
    departage: String,
    ex_aequo: &'static str,
    retenu: &'static str,
    lien: Option<i64>,
}

#[derive(Template)]
#[template(path = "cdg_classement.html")]
struct PageClassement {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annee: i32,
    cible: String,
    voie_code: String,
    libelle_cible: String,
    voie: &'static str,
    anonyme: bool,
    postes: String,
    grille: String,
    cles: Vec<String>,
    explication: String,
    lignes: Vec<LigneClassement>,
    cibles: Vec<OptionFiltre>,
    egalite: String,
    peut_etablir: bool,
    liste_etablie: bool,
}

/// `GET /campagnes/{annee}/classement?cible=&voie=`.
pub(crate) async fn classement(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let annee = annee_chemin(&annee).map_err(page)?;
    campagne_du_jour(&p, annee).await.map_err(page)?;
    let ps = parametres(requete.as_deref());
    let anonyme = c.acteur.role == Role::Commission
        || matches!(parametre(&ps, "anonyme"), Some("true" | "oui" | "1"));
    let cibles_cdg = crate::campagnes::cibles_du_cdg(annee);
    // Par défaut : le premier grade dont la liste est établie, sinon le premier grade.
    let etablies: Vec<String> = p
        .etat
        .store
        .listes(&store::Portee::Cdg, annee)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .into_iter()
        .map(|l| l.cible)
        .collect();
    let cible = parametre(&ps, "cible")
        .map(str::to_owned)
        .or_else(|| cibles_cdg.iter().find(|c| etablies.contains(c)).cloned())
        .or_else(|| cibles_cdg.first().cloned())
        .unwrap_or_default();
    let voie = match parametre(&ps, "voie") {
        Some("examen") => Voie::Examen,
        _ => Voie::Choix,
    };
    let cat = Catalogue::get();
    let cibles = cibles_cdg
        .into_iter()
        .map(|x| OptionFiltre {
            choisi: x == cible,
            libelle: cat.libelle_grade(&x).to_owned(),
            valeur: x,
        })
        .collect();
    let v = classement_json(&p, &c.acteur, annee, &cible, voie, anonyme, None)
        .await
        .map_err(page)?;
    let lignes = v["classement"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| LigneClassement {
            rang: texte(&l["rang"]),
            code: texte(&l["code_anonyme"]),
            agent: if anonyme {
                String::new()
            } else {
                format!(
                    "{} {} ({})",
                    texte(&l["nom"]),
                    texte(&l["prenom"]),
                    texte(&l["matricule"])
                )
            },
            collectivite: texte(&l["collectivite"]),
            total: droit::ldg::nombre_fr(l["total"].as_f64().unwrap_or(0.0)),
            criteres: l["criteres"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|k| {
                    format!(
                        "{} : {}",
                        texte(&k["libelle"]),
                        droit::ldg::nombre_fr(k["points"].as_f64().unwrap_or(0.0))
                    )
                })
                .collect::<Vec<_>>()
                .join(" ; "),
            departage: texte(&l["departage"]),
            ex_aequo: if l["ex_aequo"] == true { "oui" } else { "non" },
            retenu: if l["a_departager"] == true {
                "à départager"
            } else if l["retenu"] == true {
                "oui"
            } else {
                "non"
            },
            lien: (!anonyme)
                .then(|| texte(&l["proposition"]).parse().ok())
                .flatten(),
        })
        .collect();
    let egalite = v["egalite_a_la_limite"]
        .as_array()
        .into_iter()
        .flatten()
        .map(texte)
        .collect::<Vec<_>>()
        .join(", ");
    let liste_etablie = v["liste_etablie"] == true;
    Ok(Html(PageClassement {
        titre: format!(
            "Classement {}— {} ({})",
            if anonyme { "anonyme " } else { "" },
            cat.libelle_grade(&cible),
            libelle_voie(if voie == Voie::Examen {
                "examen"
            } else {
                "choix"
            })
        ),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        annee,
        libelle_cible: cat.libelle_grade(&cible).to_owned(),
        voie_code: if voie == Voie::Examen {
            "examen"
        } else {
            "choix"
        }
        .to_owned(),
        cible,
        voie: libelle_voie(if voie == Voie::Examen {
            "examen"
        } else {
            "choix"
        }),
        anonyme,
        postes: match v["postes"].as_u64() {
            Some(n) => n.to_string(),
            None => "sans quota".to_owned(),
        },
        grille: format!(
            "{} (version {})",
            texte(&v["grille_libelle"]),
            texte(&v["grille_version"])
        ),
        cles: v["cles"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|k| texte(&k["libelle"]))
            .collect(),
        explication: texte(&v["explication"]),
        lignes,
        cibles,
        peut_etablir: c.acteur.role == Role::Gestionnaire && !liste_etablie,
        egalite: if anonyme { String::new() } else { egalite },
        liste_etablie,
    })
    .into_response())
}

// ------------------------------------------------------------------ Liste

struct LigneInscrit {
    nom: String,
    prenom: String,
    collectivite: String,
    voie: &'static str,
    rang: i64,
}

#[derive(Template)]
#[template(path = "cdg_liste.html")]
struct PageListe {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annee: i32,
    cible: String,
    libelle_cible: String,
    postes: String,
    date_effet: String,
    grille_version: u32,
    etablie: String,
    publiee: String,
    justification: String,
    inscrits: Vec<LigneInscrit>,
    peut_publier: bool,
}

/// `POST /campagnes/{annee}/listes` (formulaire : `cible`, `ordre` — identifiants des ex
/// aequo dans l'ordre voulu, séparés par des virgules —, `justification`).
pub(crate) async fn etablir_liste(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let annee = annee_chemin(&annee).map_err(page)?;
    let cible = champ(&corps, "cible").unwrap_or_default();
    let ordre = champ(&corps, "ordre").unwrap_or_default();
    let justification = champ(&corps, "justification").filter(|j| !j.trim().is_empty());
    let departage_manuel = if ordre.trim().is_empty() {
        None
    } else {
        let ids: Result<Vec<i64>, _> = ordre
            .split([',', ' ', ';'])
            .filter(|s| !s.is_empty())
            .map(str::parse)
            .collect();
        Some(ids.map_err(|_| {
            Erreur::invalide(format!(
                "L'ordre manuel « {ordre} » doit être une suite de numéros de proposition séparés par des virgules."
            ))
            .page()
        })?)
    };
    let d = DemandeListe {
        cible: cible.clone(),
        departage_manuel,
        justification,
        grille_version: None,
    };
    etablir(&p, &c, annee, &d).await.map_err(page)?;
    Ok(Redirect::to(&format!("/campagnes/{annee}/listes/{cible}")).into_response())
}

/// `GET /campagnes/{annee}/listes/{cible}`.
pub(crate) async fn liste(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, cible)): Path<(String, String)>,
) -> Result<Response, Erreur> {
    let annee = annee_chemin(&annee).map_err(page)?;
    campagne_du_jour(&p, annee).await.map_err(page)?;
    let l = liste_ou_404(&p, &c.portee(), annee, &cible)
        .await
        .map_err(page)?;
    let cat = Catalogue::get();
    let noms: std::collections::HashMap<String, String> = p
        .etat
        .store
        .collectivites(&store::Portee::Cdg)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .into_iter()
        .map(|x| (x.collectivite.code, x.collectivite.nom))
        .collect();
    Ok(Html(PageListe {
        titre: format!("Liste d'aptitude {annee} — {}", cat.libelle_grade(&l.cible)),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        annee,
        libelle_cible: cat.libelle_grade(&l.cible).to_owned(),
        cible: l.cible.clone(),
        postes: l.postes.map_or("sans quota".to_owned(), |n| n.to_string()),
        date_effet: format_fr(l.date_effet),
        grille_version: l.grille_version,
        etablie: format!("{} par {}", horodatage_fr(&l.etablie_le), l.etablie_par),
        publiee: l
            .publiee_le
            .as_deref()
            .map(horodatage_fr)
            .unwrap_or_default(),
        justification: l.justification.clone().unwrap_or_default(),
        inscrits: l
            .inscrits
            .iter()
            .map(|i| LigneInscrit {
                nom: i.nom.clone(),
                prenom: i.prenom.clone(),
                collectivite: noms
                    .get(&i.collectivite)
                    .cloned()
                    .unwrap_or_else(|| i.collectivite.clone()),
                voie: libelle_voie(&i.voie),
                rang: i.rang,
            })
            .collect(),
        peut_publier: c.acteur.role == Role::Gestionnaire && l.publiee_le.is_none(),
    })
    .into_response())
}

/// `POST /campagnes/{annee}/listes/{cible}/publication` (formulaire).
pub(crate) async fn publier(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, cible)): Path<(String, String)>,
) -> Result<Response, Erreur> {
    let annee_n = annee_chemin(&annee).map_err(page)?;
    p.etat
        .store
        .publier_liste(&c.acteur, annee_n, &cible)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .ok_or_else(|| {
            Erreur::introuvable(format!(
                "Aucune liste d'aptitude {annee_n} établie pour le grade « {cible} »."
            ))
            .page()
        })?;
    Ok(Redirect::to(&format!("/campagnes/{annee_n}/listes/{cible}")).into_response())
}

/// La campagne la plus récente, ou 404.
async fn derniere_campagne(p: &EtatPartage) -> Result<i32, Erreur> {
    p.etat
        .store
        .campagnes()
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .iter()
        .map(|c| c.annee)
        .max()
        .ok_or_else(|| {
            Erreur::introuvable("Aucune campagne de promotion interne n'est enregistrée.").page()
        })
}

/// `GET /instruction` : la file de travail de la campagne la plus récente.
pub(crate) async fn instruction_recente(
    State(p): State<EtatPartage>,
    _c: Connecte,
) -> Result<Response, Erreur> {
    let annee = derniere_campagne(&p).await?;
    Ok(Redirect::to(&format!("/campagnes/{annee}/instruction")).into_response())
}

/// `GET /classement` : les classements de la campagne la plus récente.
pub(crate) async fn classement_recent(
    State(p): State<EtatPartage>,
    _c: Connecte,
) -> Result<Response, Erreur> {
    let annee = derniere_campagne(&p).await?;
    Ok(Redirect::to(&format!("/campagnes/{annee}/classement")).into_response())
}
