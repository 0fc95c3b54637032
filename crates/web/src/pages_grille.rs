//! Page de la grille de cotation d'une campagne (centre de gestion) : la grille en vigueur
//! lue par une personne, ses versions (toutes gardées), le chargement d'une nouvelle version
//! (fichier JSON, texte collé ou grille d'exemple du dépôt) et l'aperçu de la cotation
//! d'une grille sur des dossiers de la campagne, sans rien enregistrer. Sans JavaScript :
//! des formulaires ordinaires ; une grille refusée revient avec toutes ses erreurs, à côté
//! du texte saisi, intact.
//!
//! | page | règle |
//! |---|---|
//! | `GET /campagnes/{annee}/grille[?version=n][&apercu=1&dossiers=12,15]` | administrateur, gestionnaire |
//! | `POST /campagnes/{annee}/grille` (formulaire en plusieurs parties) | administrateur, gestionnaire : `action=enregistrer` (nouvelle version, journalisée) ou `action=apercu` |
//!
//! Champs du formulaire : `texte` (la grille collée), `fichier` (un fichier JSON, qui
//! l'emporte sur le texte), `exemple` (code d'une grille d'exemple, qui l'emporte sur les
//! deux), `dossiers` (numéros des dossiers de l'aperçu ; vide : les premiers transmis).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use campagne::droits::{Action, Situation};
use droit::catalogue::Catalogue;
use droit::ldg::{CritereLdg, GrilleLdg, ModeCritere, Prorata, nombre_fr, points_fr};
use serde_json::Value;

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::campagnes::{
    annee_chemin, autoriser_acteur, campagne_du_jour, parametre, parametre_entier, parametres,
};
use crate::erreurs::Erreur;
use crate::grilles_exemples::{EXEMPLES, exemple};
use crate::horloge::horodatage_fr;
use crate::instruction::{Echantillon, coter_echantillon};
use crate::pages::{Entete, Html};
use crate::pages_campagne::Annonce;

/// Dossiers cotés par défaut dans un aperçu (les premiers transmis, recevables d'abord).
const APERCU_PAR_DEFAUT: usize = 5;

/// Un critère de la grille, lisible.
struct VueCritere {
    numero: usize,
    libelle: String,
    mode: String,
    bareme: Vec<String>,
    plafond: String,
    piece: String,
    application: String,
    description: String,
}

/// Une version de la grille, lisible.
struct VueGrille {
    version: u32,
    libelle: String,
    definie: String,
    points_maximum: String,
    criteres: Vec<VueCritere>,
    groupes: Vec<String>,
    departage: Vec<String>,
    derniere: bool,
}

struct LigneVersion {
    version: u32,
    libelle: String,
    criteres: usize,
    definie: String,
    affichee: bool,
    en_vigueur: bool,
}

struct LigneApercu {
    libelle: String,
    points: String,
    explication: String,
}

struct DossierApercu {
    id: i64,
    agent: String,
    collectivite: String,
    cible: String,
    voie: &'static str,
    statut: String,
    total: String,
    complete: bool,
    lignes: Vec<LigneApercu>,
}

/// L'aperçu d'une grille sur des dossiers.
struct VueApercu {
    /// « la version 3 » ou « la grille saisie (non enregistrée) ».
    de_quoi: String,
    points_maximum: String,
    dossiers: Vec<DossierApercu>,
}

struct VueExemple {
    code: &'static str,
    titre: &'static str,
    origine: &'static str,
}

#[derive(Template)]
#[template(path = "cdg_grille.html")]
struct PageGrille {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annee: i32,
    annonce: Annonce,
    grille: Option<VueGrille>,
    versions: Vec<LigneVersion>,
    /// Le texte du formulaire de chargement : celui saisi (jamais perdu), sinon la grille
    /// affichée, à modifier.
    texte: String,
    /// Erreurs de la grille saisie, chacune nommant le critère et le champ.
    erreurs: Vec<String>,
    /// Numéros des dossiers de l'aperçu, tels que saisis.
    dossiers: String,
    apercu: Option<VueApercu>,
    exemples: Vec<VueExemple>,
    csrf: String,
}

/// Ce que le formulaire a reçu et ce qu'il faut montrer en retour.
#[derive(Default)]
struct Retour {
    texte: Option<String>,
    erreurs: Vec<String>,
    dossiers: String,
    apercu: Option<VueApercu>,
    annonce: Annonce,
}

fn page(e: Erreur) -> Erreur {
    e.page()
}

fn liste_fr(elements: &[String]) -> String {
    match elements {
        [] => String::new(),
        [seul] => seul.clone(),
        [debut @ .., dernier] => format!("{} et {dernier}", debut.join(", ")),
    }
}

/// Le mode de calcul d'un critère, en une phrase.
fn mode_fr(k: &CritereLdg) -> String {
    let champ = k.champ.as_deref().unwrap_or("?");
    let mode = k.mode.libelle();
    let detail = match k.mode {
        ModeCritere::Choix => format!("la valeur du fait « {champ} » du dossier donne ses points"),
        ModeCritere::Somme => {
            format!("chaque valeur de la liste « {champ} » du dossier apporte ses points")
        }
        ModeCritere::ParUnite => {
            format!("le nombre « {champ} » du dossier multiplié par un barème")
        }
        ModeCritere::OuiNon => format!("des points si le dossier répond oui à « {champ} »"),
        ModeCritere::RangAutorite => {
            "le rang que l'autorité territoriale a donné à sa proposition parmi les siennes pour \
             le même grade"
                .to_owned()
        }
        ModeCritere::Anciennete => format!(
            "{} au 1er janvier de l'année de la liste, services arrêtés au 31 décembre \
             précédent ; jamais saisie",
            k.source.map_or("ancienneté", |s| s.libelle())
        ),
        ModeCritere::Tranches => {
            format!("le nombre « {champ} » du dossier classé dans une tranche")
        }
    };
    let mut m = mode.chars();
    let mode = m
        .next()
        .map(|c| c.to_uppercase().chain(m).collect::<String>())
        .unwrap_or_default();
    format!("{mode} : {detail}.")
}

/// Le barème d'un critère, une ligne par valeur, tranche ou règle.
fn bareme_fr(k: &CritereLdg) -> Vec<String> {
    let valeurs = || {
        k.valeurs
            .iter()
            .flatten()
            .map(|(v, p)| format!("« {v} » : {}", points_fr(*p)))
            .collect::<Vec<_>>()
    };
    match k.mode {
        ModeCritere::Choix => {
            let mut l = valeurs();
            l.push("toute autre valeur : 0 point (signalée)".to_owned());
            l
        }
        ModeCritere::Somme => {
            let mut l = valeurs();
            l.push("les points de chaque valeur de la liste s'additionnent".to_owned());
            l
        }
        ModeCritere::RangAutorite => {
            let mut l: Vec<String> = k
                .valeurs
                .iter()
                .flatten()
                .map(|(r, p)| format!("rang {r} : {}", points_fr(*p)))
                .collect();
            l.push("les autres rangs : 0 point".to_owned());
            l
        }
        ModeCritere::ParUnite => vec![format!("{} par unité", points_fr(k.points.unwrap_or(0.0)))],
        ModeCritere::OuiNon => vec![format!(
            "oui : {} ; non : 0 point",
            points_fr(k.points.unwrap_or(0.0))
        )],
        ModeCritere::Anciennete => vec![format!(
            "{} par an, {}",
            points_fr(k.points_par_an.unwrap_or(0.0)),
            match k.prorata {
                Some(Prorata::Annee) => "par année complète",
                _ => "au prorata des mois complets",
            }
        )],
        ModeCritere::Tranches => k
            .tranches
            .iter()
            .flatten()
            .map(|t| match t.max {
                Some(max) => format!(
                    "de {} à {} : {}",
                    nombre_fr(t.min),
                    nombre_fr(max),
                    points_fr(t.points)
                ),
                None => format!("{} et plus : {}", nombre_fr(t.min), points_fr(t.points)),
            })
            .collect(),
    }
}

/// Voies, catégories et grades où la ligne s'applique.
fn application_fr(k: &CritereLdg) -> String {
    let voies = match &k.voies {
        None => "toutes les voies".to_owned(),
        Some(v) => format!(
            "promotion {}",
            liste_fr(
                &v.iter()
                    .map(|x| droit::ldg::libelle_voie(*x).to_owned())
                    .collect::<Vec<_>>()
            )
        ),
    };
    let categories = match &k.categories {
        None => "toutes les catégories".to_owned(),
        Some(c) if c.len() == 1 => format!("grades de catégorie {}", c[0].libelle()),
        Some(c) => format!(
            "grades des catégories {}",
            liste_fr(&c.iter().map(|x| x.libelle().to_owned()).collect::<Vec<_>>())
        ),
    };
    let mut s = format!("{voies} ; {categories}");
    if let Some(cibles) = &k.cibles {
        let cat = Catalogue::get();
        s.push_str(&format!(
            " ; seulement vers : {}",
            liste_fr(
                &cibles
                    .iter()
                    .map(|x| cat.libelle_grade(x).to_owned())
                    .collect::<Vec<_>>()
            )
        ));
    }
    s
}

fn vue_grille(g: &GrilleLdg, version: u32, definie: String, derniere: bool) -> VueGrille {
    VueGrille {
        version,
        libelle: g.libelle.clone(),
        definie,
        points_maximum: points_maximum_fr(g),
        criteres: g
            .criteres
            .iter()
            .enumerate()
            .map(|(i, k)| VueCritere {
                numero: i + 1,
                libelle: k.libelle.clone(),
                mode: mode_fr(k),
                bareme: bareme_fr(k),
                plafond: {
                    let propre = k.max.map_or_else(
                        || "aucun plafond propre à la ligne".to_owned(),
                        |m| format!("{} au plus", points_fr(m)),
                    );
                    match k.groupe.as_deref().and_then(|c| g.groupe(c)) {
                        Some(gr) => format!(
                            "{propre} ; plafond commun « {} » : {} au plus",
                            gr.libelle,
                            points_fr(gr.max)
                        ),
                        None => propre,
                    }
                },
                piece: k.piece.map_or_else(
                    || "aucune".to_owned(),
                    |t| format!("{} (sans elle, la ligne vaut 0 point)", t.libelle()),
                ),
                application: application_fr(k),
                description: k.description.clone().unwrap_or_default(),
            })
            .collect(),
        groupes: g
            .groupes
            .iter()
            .map(|x| format!("{} : {} au plus", x.libelle, points_fr(x.max)))
            .collect(),
        departage: g.departage.iter().map(|k| k.libelle(Some(g))).collect(),
        derniere,
    }
}

fn points_maximum_fr(g: &GrilleLdg) -> String {
    g.points_maximum().map_or_else(
        || "non borné (une ligne sans plafond)".to_owned(),
        points_fr,
    )
}

fn statut_fr(code: &str) -> String {
    campagne::proposition::StatutProposition::depuis_code(code)
        .map(|s| s.libelle().to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn texte(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        autre => autre.to_string(),
    }
}

/// Cote les dossiers de l'aperçu et les met en forme.
async fn apercu(
    p: &EtatPartage,
    annee: i32,
    grille: &GrilleLdg,
    version: u32,
    de_quoi: String,
    echantillon: &Echantillon,
) -> Result<VueApercu, Erreur> {
    let cat = Catalogue::get();
    let dossiers = coter_echantillon(p, annee, grille, version, echantillon)
        .await?
        .iter()
        .map(|d| DossierApercu {
            id: d["proposition"].as_i64().unwrap_or(0),
            agent: format!(
                "{} {} (matricule {})",
                texte(&d["nom"]),
                texte(&d["prenom"]),
                texte(&d["matricule"])
            ),
            collectivite: texte(&d["collectivite_nom"]),
            cible: cat
                .libelle_grade(d["cible"].as_str().unwrap_or(""))
                .to_owned(),
            voie: if d["voie"] == "examen" {
                "après examen professionnel"
            } else {
                "au choix"
            },
            statut: statut_fr(d["statut"].as_str().unwrap_or("")),
            total: points_fr(d["total"].as_f64().unwrap_or(0.0)),
            complete: d["complete"] != false,
            lignes: d["lignes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|l| LigneApercu {
                    libelle: texte(&l["libelle"]),
                    points: nombre_fr(l["points"].as_f64().unwrap_or(0.0)),
                    explication: texte(&l["explication"]),
                })
                .collect(),
        })
        .collect();
    Ok(VueApercu {
        de_quoi,
        points_maximum: points_maximum_fr(grille),
        dossiers,
    })
}

/// Le document JSON d'une grille, indenté pour être lu et modifié.
fn json_lisible(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// Rend la page : la version demandée (la dernière sinon), les versions, le formulaire.
async fn rendre(
    p: &EtatPartage,
    c: &Connecte,
    annee: i32,
    version: Option<u32>,
    retour: Retour,
    statut: StatusCode,
) -> Result<Response, Erreur> {
    let versions = p
        .etat
        .store
        .grilles(annee)
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let derniere = versions.iter().map(|g| g.version).max();
    let affichee = match version {
        Some(v) => Some(
            crate::campagnes::grille_enregistree(p, annee, Some(v))
                .await
                .map_err(page)?,
        ),
        None => versions
            .iter()
            .find(|g| Some(g.version) == derniere)
            .cloned(),
    };
    let grille = match &affichee {
        Some(g) => {
            let lue: GrilleLdg = serde_json::from_value(g.contenu.clone()).map_err(|e| {
                tracing::error!("grille {annee} v{} illisible : {e}", g.version);
                Erreur::interne().page()
            })?;
            Some((g, lue))
        }
        None => None,
    };
    let saisie = retour.texte.unwrap_or_else(|| {
        affichee
            .as_ref()
            .map(|g| json_lisible(&g.contenu))
            .unwrap_or_default()
    });
    Ok((
        statut,
        Html(PageGrille {
            titre: format!("Grille de cotation — campagne {annee}"),
            avec_css: true,
            entete: Some(Entete::de(c)),
            annee,
            annonce: retour.annonce,
            grille: grille.map(|(g, lue)| {
                vue_grille(
                    &lue,
                    g.version,
                    format!("{} par {}", horodatage_fr(&g.definie_le), g.definie_par),
                    Some(g.version) == derniere,
                )
            }),
            versions: versions
                .iter()
                .rev()
                .map(|g| LigneVersion {
                    version: g.version,
                    libelle: texte(&g.contenu["libelle"]),
                    criteres: g.contenu["criteres"].as_array().map_or(0, Vec::len),
                    definie: format!("{} par {}", horodatage_fr(&g.definie_le), g.definie_par),
                    affichee: affichee.as_ref().is_some_and(|a| a.version == g.version),
                    en_vigueur: Some(g.version) == derniere,
                })
                .collect(),
            texte: saisie,
            erreurs: retour.erreurs,
            dossiers: retour.dossiers,
            apercu: retour.apercu,
            exemples: EXEMPLES
                .iter()
                .map(|g| VueExemple {
                    code: g.code,
                    titre: g.titre,
                    origine: g.origine,
                })
                .collect(),
            csrf: c.csrf.clone(),
        }),
    )
        .into_response())
}

/// `GET /campagnes/{annee}/grille[?version=n][&apercu=1&dossiers=…][&exemple=code]`.
pub(crate) async fn page_grille(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireGrille, Situation::default()).map_err(page)?;
    let annee = annee_chemin(&annee).map_err(page)?;
    campagne_du_jour(&p, annee).await.map_err(page)?;
    let ps = parametres(requete.as_deref());
    let version = parametre_entier(&ps, "version", u32::MAX).map_err(page)?;
    let mut retour = Retour {
        annonce: Annonce::de_requete(&ps),
        dossiers: parametre(&ps, "dossiers").unwrap_or("").to_owned(),
        ..Retour::default()
    };
    // Une grille d'exemple mise dans le formulaire, pour la lire ou la modifier avant de la
    // charger.
    if let Some(code) = parametre(&ps, "exemple") {
        let g = exemple(code).ok_or_else(|| {
            Erreur::introuvable(format!("Aucune grille d'exemple « {code} ».")).page()
        })?;
        retour.texte = Some(g.texte.to_owned());
    }
    if parametre(&ps, "apercu").is_some() {
        let g = crate::campagnes::grille_enregistree(&p, annee, version)
            .await
            .map_err(page)?;
        let lue: GrilleLdg = serde_json::from_value(g.contenu).map_err(|e| {
            tracing::error!("grille {annee} v{} illisible : {e}", g.version);
            Erreur::interne().page()
        })?;
        match Echantillon::lire(&retour.dossiers, APERCU_PAR_DEFAUT) {
            Ok(echantillon) => {
                match apercu(
                    &p,
                    annee,
                    &lue,
                    g.version,
                    format!("la version {}", g.version),
                    &echantillon,
                )
                .await
                {
                    Ok(a) => retour.apercu = Some(a),
                    Err(e) if e.statut.is_server_error() => return Err(e.page()),
                    Err(e) => retour.annonce = Annonce::refus(&e),
                }
            }
            Err(e) => retour.annonce = Annonce::refus(&e),
        }
    }
    let statut = retour.annonce.statut.unwrap_or(StatusCode::OK);
    rendre(&p, &c, annee, version, retour, statut).await
}

/// Le texte de la grille envoyée : la grille d'exemple choisie, sinon le fichier, sinon le
/// texte collé.
fn grille_envoyee(parties: &[crate::multipart::Partie]) -> Result<String, Erreur> {
    if let Some(code) = crate::multipart::champ(parties, "exemple").filter(|c| !c.is_empty()) {
        return exemple(&code)
            .map(|g| g.texte.to_owned())
            .ok_or_else(|| Erreur::invalide(format!("Aucune grille d'exemple « {code} ».")));
    }
    if let Some(f) = crate::multipart::fichier(parties, "fichier") {
        let nom = f.nom_court("fichier");
        let t = String::from_utf8(f.octets.clone()).map_err(|_| {
            Erreur::invalide(format!(
                "Le fichier « {nom} » n'est pas du texte UTF-8 : envoyez la grille au format JSON."
            ))
        })?;
        return Ok(t.trim_start_matches('\u{feff}').to_owned());
    }
    Ok(crate::multipart::champ(parties, "texte").unwrap_or_default())
}

/// `POST /campagnes/{annee}/grille` (formulaire en plusieurs parties).
pub(crate) async fn envoyer_grille(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    entetes: HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::DefinirGrille, Situation::default()).map_err(page)?;
    let annee = annee_chemin(&annee).map_err(page)?;
    campagne_du_jour(&p, annee).await.map_err(page)?;
    let parties = crate::multipart::parties_de_page(&entetes, &corps)?;
    let action = crate::multipart::champ(&parties, "action").unwrap_or_default();
    let mut retour = Retour {
        dossiers: crate::multipart::champ(&parties, "dossiers").unwrap_or_default(),
        ..Retour::default()
    };
    let texte = match grille_envoyee(&parties) {
        Ok(t) => t,
        Err(e) => {
            retour.texte = crate::multipart::champ(&parties, "texte");
            retour.annonce = Annonce::refus(&e);
            return rendre(&p, &c, annee, None, retour, e.statut).await;
        }
    };
    retour.texte = Some(texte.clone());
    if texte.trim().is_empty() {
        let e = Erreur::invalide(
            "Aucune grille reçue : collez le document JSON de la grille, choisissez un fichier \
             ou une grille d'exemple.",
        );
        retour.annonce = Annonce::refus(&e);
        return rendre(&p, &c, annee, None, retour, e.statut).await;
    }
    let grille = match droit::ldg::lire_grille(&texte) {
        Ok(g) => g,
        Err(e) => {
            let n = e.erreurs.len();
            retour.erreurs = e.erreurs.into_iter().map(|x| x.message).collect();
            retour.annonce = Annonce::refus(&Erreur::invalide(format!(
                "La grille n'est pas enregistrée : {n} erreur{} à corriger, listée{} sous le \
                 formulaire.",
                if n > 1 { "s" } else { "" },
                if n > 1 { "s" } else { "" }
            )));
            return rendre(
                &p,
                &c,
                annee,
                None,
                retour,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    match action.as_str() {
        "apercu" => {
            let resultat = match Echantillon::lire(&retour.dossiers, APERCU_PAR_DEFAUT) {
                Ok(echantillon) => {
                    apercu(
                        &p,
                        annee,
                        &grille,
                        0,
                        "la grille saisie (non enregistrée)".to_owned(),
                        &echantillon,
                    )
                    .await
                }
                Err(e) => Err(e),
            };
            let statut = match resultat {
                Ok(a) => {
                    retour.apercu = Some(a);
                    StatusCode::OK
                }
                Err(e) if e.statut.is_server_error() => return Err(e.page()),
                Err(e) => {
                    retour.annonce = Annonce::refus(&e);
                    e.statut
                }
            };
            rendre(&p, &c, annee, None, retour, statut).await
        }
        "enregistrer" => {
            let v = serde_json::to_value(&grille).unwrap_or(Value::Null);
            let version = p
                .etat
                .store
                .definir_grille(&c.acteur, annee, &v)
                .await
                .map_err(|e| Erreur::stockage(e).page())?
                .ok_or_else(|| {
                    Erreur::introuvable(format!("Aucune campagne pour l'année {annee}.")).page()
                })?;
            Ok(Redirect::to(&format!(
                "/campagnes/{annee}/grille?version={version}&fait=grille"
            ))
            .into_response())
        }
        autre => Err(Erreur::invalide(format!(
            "Action « {autre} » inconnue : enregistrez la grille ou prévisualisez-la."
        ))
        .page()),
    }
}
