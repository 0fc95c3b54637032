//! Pages de la campagne (gabarits `campagnes.html`, `campagne.html`, `employeur.html`,
//! `proposition.html`) : ce que l'agent du centre de gestion et l'employeur utilisent tous
//! les jours. Aucune règle ici : les pages appellent les mêmes fonctions que l'API
//! (`campagnes`, `propositions`), donc les mêmes contrôles de droits, de calendrier et de
//! cloisonnement, et le même journal.
//!
//! | page | règle |
//! |---|---|
//! | `GET /campagnes` (liste, formulaire de création) ; `POST /campagnes` | lecture : centre de gestion et collectivités ; création : centre de gestion |
//! | `GET /campagnes/{annee}` | tableau de bord (centre de gestion) ; pour une collectivité, ses collectivités |
//! | `GET /campagnes/{annee}/collectivites/{code}` | l'employeur : déclaration, promouvables, propositions |
//! | `POST /campagnes/{annee}/collectivites/{code}/declaration` | gestionnaire, collectivité |
//! | `POST /campagnes/{annee}/declarations/fichier` | gestionnaire : déclarations de plusieurs collectivités en un fichier |
//! | `POST /campagnes/{annee}/collectivites/{code}/propositions` | gestionnaire, collectivité |
//! | `GET /propositions/{id}` | le dossier : faits, pièces, transmission, suivi |
//! | `POST /propositions/{id}/dossier`, `/pieces`, `/transmission`, `/retrait` | gestionnaire, collectivité |
//!
//! Après une écriture réussie, la page redirige (303) vers la page lue, avec un message de
//! confirmation ; en cas de refus, la page est rendue de nouveau avec le message d'erreur
//! (annoncé aux lecteurs d'écran) et le statut HTTP de l'erreur.

use std::collections::BTreeMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use campagne::calendrier::{Campagne, EtatCampagne};
use campagne::declaration::{
    Declaration, EffectifDeclare, ModeRecrutement, Recrutement, valider_declaration,
};
use campagne::droits::{Action, Situation};
use campagne::proposition::StatutProposition;
use droit::catalogue::Catalogue;
use droit::date::format_fr;
use droit::eligibilite::{ResultatVoie, Voie};
use droit::piece::TypePiece;
use jiff::civil::Date;
use serde_json::{Map, Value};
use store::Role;
use store::promouvables::FiltrePromouvables;
use store::propositions::{FiltrePropositions, NouvelleProposition, Proposition};

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::campagnes::{
    CampagneDuJour, autoriser_acteur, campagne_du_jour, cibles_du_cdg, filtre_promouvables,
    parametre, parametres, quotas_campagne,
};
use crate::erreurs::Erreur;
use crate::horloge::horodatage_fr;
use crate::pages::{Entete, Html, libelle_grade, separer_milliers};
use crate::propositions::{
    deposer_piece, evaluer_voie, liste_de_controle, transmettre_proposition,
};

/// Lignes par page des listes paginées.
const PAR_PAGE: u32 = 50;

/// Message affiché en tête de page : confirmation (`role="status"`) ou refus
/// (`role="alert"`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Annonce {
    pub succes: Option<String>,
    pub erreur: Option<String>,
    pub statut: Option<StatusCode>,
}

impl Annonce {
    pub(crate) fn de_requete(ps: &[(String, String)]) -> Annonce {
        let succes = parametre(ps, "fait").and_then(|f| {
            Some(
                match f {
                    "creee" => "La campagne est créée.",
                    "declaration" => "La déclaration est enregistrée.",
                    "declarations" => {
                        return Some(format!(
                            "Déclarations enregistrées pour {} collectivité(s).",
                            parametre(ps, "n").unwrap_or("0")
                        ));
                    }
                    "proposee" => "L'agent est proposé : complétez son dossier, puis transmettez-le.",
                    "dossier" => "Le dossier est enregistré.",
                    "piece" => "La pièce est déposée.",
                    "transmise" => {
                        "Le dossier est transmis au centre de gestion ; il ne peut plus être modifié."
                    }
                    "retiree" => "La proposition est retirée.",
                    "grille" => "La nouvelle version de la grille est enregistrée (journalisée) : \
                                 elle est en vigueur.",
                    _ => return None,
                }
                .to_owned(),
            )
        });
        Annonce {
            succes,
            ..Annonce::default()
        }
    }

    pub(crate) fn refus(e: &Erreur) -> Annonce {
        Annonce {
            succes: None,
            erreur: Some(e.message.clone()),
            statut: Some(e.statut),
        }
    }
}

fn erreur_page(e: Erreur) -> Erreur {
    e.page()
}

fn avec_statut(r: Response, a: &Annonce) -> Response {
    match a.statut {
        Some(s) => (s, r).into_response(),
        None => r,
    }
}

/// Horodatage enregistré (UTC, RFC 3339) affiché en heure de Paris, JJ/MM/AAAA à HH:MM.
fn libelle_voie_code(voie: &str) -> &'static str {
    match voie {
        "choix" => "au choix",
        "examen" => "après examen professionnel",
        _ => "voie inconnue",
    }
}

fn libelle_statut(code: &str) -> String {
    StatutProposition::depuis_code(code)
        .map(|s| s.libelle().to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn libelle_formation(f: Option<bool>) -> &'static str {
    match f {
        Some(true) => "à jour",
        Some(false) => "non à jour",
        None => "inconnue",
    }
}

/// Une date saisie : `AAAA-MM-JJ` (champ date du navigateur) ou `JJ/MM/AAAA`.
fn date_saisie(texte: &str, champ: &str) -> Result<Date, Erreur> {
    let t = texte.trim();
    let iso = if let Some((j, reste)) = t.split_once('/') {
        let (m, a) = reste.split_once('/').unwrap_or(("", ""));
        format!("{a}-{m:0>2}-{j:0>2}")
    } else {
        t.to_owned()
    };
    iso.parse::<Date>().map_err(|_| {
        Erreur::invalide(format!(
            "{champ} : « {t} » n'est pas une date ; écrivez-la JJ/MM/AAAA."
        ))
    })
}

/// Numéro de page demandé (`nom=3`), 1 par défaut.
fn numero_page(ps: &[(String, String)], nom: &str) -> u32 {
    parametre(ps, nom)
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(1)
}

struct Pagination {
    page: u32,
    pages: u32,
    precedente: Option<String>,
    suivante: Option<String>,
}

/// Liens de pagination : l'adresse de base garde les autres paramètres.
fn pagination(
    base: &str,
    ps: &[(String, String)],
    nom: &str,
    page: u32,
    total: i64,
    ancre: &str,
) -> Pagination {
    let pages = (total.max(0) as u32).div_ceil(PAR_PAGE).max(1);
    let lien = |n: u32| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in ps
            .iter()
            .filter(|(k, v)| k != nom && k != "fait" && !v.is_empty())
        {
            s.append_pair(k, v);
        }
        s.append_pair(nom, &n.to_string());
        format!("{base}?{}#{ancre}", s.finish())
    };
    Pagination {
        page,
        pages,
        precedente: (page > 1).then(|| lien(page - 1)),
        suivante: (page < pages).then(|| lien(page + 1)),
    }
}

/// Vue de la campagne commune à toutes les pages.
struct VueCampagne {
    annee: i32,
    etat: &'static str,
    ouvert: bool,
    ouverture: String,
    cloture: String,
    effet: String,
    /// Phrase d'état : jours restants, ou dépôt clos depuis…
    situation: String,
}

fn vue_campagne(v: &CampagneDuJour) -> VueCampagne {
    let r = &v.regles;
    let cloture = format_fr(r.depot_cloture);
    let situation = match v.etat {
        EtatCampagne::Preparation => format!(
            "Le dépôt des dossiers n'est pas encore ouvert : il ouvrira le {}.",
            format_fr(r.depot_ouverture)
        ),
        EtatCampagne::DepotOuvert => {
            let n = r.jours_restants(v.aujourdhui).unwrap_or(0);
            format!(
                "Dépôt ouvert : {n} jour{} de dépôt restant{}, jusqu'au {cloture} inclus (délai de rigueur, heure de Paris).",
                if n > 1 { "s" } else { "" },
                if n > 1 { "s" } else { "" }
            )
        }
        EtatCampagne::DepotClos => format!(
            "Le dépôt est clos depuis le {cloture} au soir (délai de rigueur) : plus aucun dossier ne peut être transmis."
        ),
    };
    VueCampagne {
        annee: r.annee,
        etat: v.etat.libelle(),
        ouvert: v.etat == EtatCampagne::DepotOuvert,
        ouverture: format_fr(r.depot_ouverture),
        cloture,
        effet: format_fr(r.date_effet_liste),
        situation,
    }
}

fn est_cdg(c: &Connecte) -> bool {
    matches!(c.acteur.role, Role::Administrateur | Role::Gestionnaire)
}

/// Peut écrire pour un employeur (gestionnaire, collectivité) : les formulaires ne sont
/// montrés qu'à eux.
fn peut_ecrire(c: &Connecte) -> bool {
    matches!(c.acteur.role, Role::Gestionnaire | Role::Collectivite)
}

// ------------------------------------------------------------------ Liste et création

struct LigneCampagne {
    annee: i32,
    etat: &'static str,
    ouverture: String,
    cloture: String,
    effet: String,
}

#[derive(Template)]
#[template(path = "campagnes.html")]
struct PageCampagnes {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annonce: Annonce,
    campagnes: Vec<LigneCampagne>,
    creation: bool,
    /// Valeurs du formulaire de création (reprises après un refus).
    saisie: [String; 4],
}

async fn rendre_campagnes(
    p: &EtatPartage,
    c: &Connecte,
    annonce: Annonce,
    saisie: [String; 4],
) -> Result<Response, Erreur> {
    let aujourdhui = p.etat.horloge.aujourdhui();
    let campagnes = p
        .etat
        .store
        .campagnes()
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let lignes = campagnes
        .iter()
        .map(|x| {
            let r = Campagne {
                annee: x.annee,
                depot_ouverture: x.depot_ouverture,
                depot_cloture: x.depot_cloture,
                date_effet_liste: x.date_effet_liste,
            };
            LigneCampagne {
                annee: x.annee,
                etat: r.etat(aujourdhui).libelle(),
                ouverture: format_fr(x.depot_ouverture),
                cloture: format_fr(x.depot_cloture),
                effet: format_fr(x.date_effet_liste),
            }
        })
        .collect();
    let r = Html(PageCampagnes {
        titre: "Campagnes de promotion interne".to_owned(),
        avec_css: true,
        entete: Some(Entete::de(c)),
        campagnes: lignes,
        creation: est_cdg(c),
        saisie,
        annonce: annonce.clone(),
    })
    .into_response();
    Ok(avec_statut(r, &annonce))
}

/// `GET /campagnes`.
pub(crate) async fn campagnes(
    State(p): State<EtatPartage>,
    c: Connecte,
    RawQuery(q): RawQuery,
) -> Result<Response, Erreur> {
    let ps = parametres(q.as_deref());
    let annee = (p.etat.annee_par_defaut + 1).to_string();
    rendre_campagnes(
        &p,
        &c,
        Annonce::de_requete(&ps),
        [annee, String::new(), String::new(), String::new()],
    )
    .await
}

/// `POST /campagnes` (formulaire de création).
pub(crate) async fn creer_campagne(
    State(p): State<EtatPartage>,
    c: Connecte,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let f = parametres(std::str::from_utf8(&corps).ok());
    let valeur = |n: &str| parametre(&f, n).unwrap_or("").to_owned();
    let saisie = [
        valeur("annee"),
        valeur("depot_ouverture"),
        valeur("depot_cloture"),
        valeur("date_effet_liste"),
    ];
    let resultat = async {
        autoriser_acteur(&c.acteur, Action::CreerCampagne, Situation::default())?;
        let annee = saisie[0].trim().parse::<i32>().map_err(|_| {
            Erreur::invalide(format!(
                "Année de la liste : « {} » n'est pas une année.",
                saisie[0]
            ))
        })?;
        let regles = Campagne {
            annee,
            depot_ouverture: date_saisie(&saisie[1], "Ouverture du dépôt")?,
            depot_cloture: date_saisie(&saisie[2], "Clôture du dépôt")?,
            date_effet_liste: date_saisie(&saisie[3], "Date d'effet de la liste")?,
        };
        regles.valider()?;
        p.etat
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
        Ok::<i32, Erreur>(annee)
    }
    .await;
    match resultat {
        Ok(annee) => Ok(Redirect::to(&format!("/campagnes/{annee}?fait=creee")).into_response()),
        Err(e) if e.statut.is_server_error() => Err(e.page()),
        Err(e) => rendre_campagnes(&p, &c, Annonce::refus(&e), saisie).await,
    }
}

// ------------------------------------------------------------------ Tableau de bord

struct LigneDeclaration {
    code: String,
    nom: String,
    modifiee: String,
    par: String,
}

struct LigneQuota {
    cible: String,
    voie: &'static str,
    postes: String,
    explication: String,
    anteriorite: String,
    verifie: bool,
}

struct LigneComptePropositions {
    cible: String,
    statuts: Vec<(String, usize)>,
    total: usize,
}

struct LignePromouvable {
    matricule: String,
    nom: String,
    collectivite_code: String,
    collectivite: String,
    cible: String,
    voie: &'static str,
    formation: &'static str,
}

struct LigneComptePromouvables {
    cible: String,
    voie: &'static str,
    total: i64,
    a_jour: i64,
    non_a_jour: i64,
    inconnue: i64,
}

struct Choix {
    valeur: String,
    libelle: String,
    choisi: bool,
}

fn choix(valeurs: Vec<(String, String)>, courant: Option<&str>) -> Vec<Choix> {
    valeurs
        .into_iter()
        .map(|(valeur, libelle)| Choix {
            choisi: courant == Some(valeur.as_str()),
            valeur,
            libelle,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "campagne.html")]
struct PageTableauDeBord {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annonce: Annonce,
    campagne: VueCampagne,
    attendues: usize,
    total_recues: i64,
    total_manquantes: i64,
    /// Une page des déclarations reçues, une des manquantes.
    recues: Vec<LigneDeclaration>,
    manquantes: Vec<(String, String)>,
    pagination_recues: Pagination,
    pagination_manquantes: Pagination,
    quotas: Vec<LigneQuota>,
    propositions: Vec<LigneComptePropositions>,
    comptes: Vec<LigneComptePromouvables>,
    filtre_cibles: Vec<Choix>,
    filtre_voies: Vec<Choix>,
    filtre_collectivites: Vec<Choix>,
    filtre_formations: Vec<Choix>,
    promouvables: Vec<LignePromouvable>,
    total: i64,
    pagination: Pagination,
    /// Filtres de la liste, repris par le lien d'export (`?cible=…`, ou vide).
    requete_export: String,
}

#[derive(Template)]
#[template(path = "campagne-collectivite.html")]
struct PageCampagneCollectivite {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annonce: Annonce,
    campagne: VueCampagne,
    collectivites: Vec<(String, String)>,
}

/// `GET /campagnes/{annee}` : tableau de bord (centre de gestion) ; les collectivités de
/// l'employeur sinon.
pub(crate) async fn tableau_de_bord(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, Erreur> {
    let annee = crate::campagnes::annee_chemin(&annee).map_err(erreur_page)?;
    let ps = parametres(q.as_deref());
    let annonce = Annonce::de_requete(&ps);
    rendre_tableau_de_bord(&p, &c, annee, &ps, annonce).await
}

/// Le tableau de bord d'une campagne (centre de gestion) ou sa page pour une collectivité,
/// avec une annonce (succès, ou refus d'un envoi : la page est rendue avec son statut).
async fn rendre_tableau_de_bord(
    p: &EtatPartage,
    c: &Connecte,
    annee: i32,
    ps: &[(String, String)],
    annonce: Annonce,
) -> Result<Response, Erreur> {
    let vue = campagne_du_jour(p, annee).await.map_err(erreur_page)?;
    let statut = annonce.clone();
    let portee = c.portee();
    let collectivites = p
        .etat
        .store
        .collectivites(&portee)
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    if !est_cdg(c) {
        return Ok(avec_statut(
            Html(PageCampagneCollectivite {
                titre: format!("Campagne {annee}"),
                avec_css: true,
                entete: Some(Entete::de(c)),
                annonce,
                campagne: vue_campagne(&vue),
                collectivites: collectivites
                    .iter()
                    .map(|x| (x.collectivite.code.clone(), x.collectivite.nom.clone()))
                    .collect(),
            })
            .into_response(),
            &statut,
        ));
    }
    // Déclarations reçues et manquantes : une page de chaque, lue par la base (un centre de
    // gestion compte des centaines de collectivités).
    let page_recues = numero_page(ps, "page_recues");
    let page_manquantes = numero_page(ps, "page_manquantes");
    let recues = p
        .etat
        .store
        .declarations_page(
            &portee,
            annee,
            store::listes::Pagination::new(page_recues, PAR_PAGE),
        )
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let manquantes = p
        .etat
        .store
        .declarations_manquantes_page(
            &portee,
            annee,
            store::listes::Pagination::new(page_manquantes, PAR_PAGE),
        )
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let base = format!("/campagnes/{annee}");
    let pagination_recues = pagination(
        &base,
        ps,
        "page_recues",
        page_recues,
        recues.total,
        "declarations-recues",
    );
    let pagination_manquantes = pagination(
        &base,
        ps,
        "page_manquantes",
        page_manquantes,
        manquantes.total,
        "declarations-manquantes",
    );
    let attendues = collectivites
        .iter()
        .filter(|x| x.collectivite.affiliee)
        .count();
    // Quotas : le calcul du moteur, mis en commun sur les collectivités affiliées.
    let quotas = quotas_campagne(p, &c.acteur, annee)
        .await
        .map_err(erreur_page)?
        .into_iter()
        .map(|q| LigneQuota {
            cible: libelle_grade(&q.cible),
            voie: match serde_json::to_value(q.voie)
                .ok()
                .as_ref()
                .and_then(Value::as_str)
            {
                Some("examen") => "après examen professionnel",
                _ => "au choix",
            },
            postes: q
                .postes
                .map(|n| n.to_string())
                .unwrap_or_else(|| "sans quota".to_owned()),
            explication: q.calcul.explication.clone(),
            anteriorite: q.anteriorite.explication.clone(),
            verifie: q.calcul.verifie,
        })
        .collect();
    // Propositions par cible et statut.
    let props = p
        .etat
        .store
        .propositions(&portee, annee, &FiltrePropositions::default())
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let mut par_cible: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for x in &props {
        *par_cible
            .entry(x.cible.clone())
            .or_default()
            .entry(x.statut.clone())
            .or_default() += 1;
    }
    let propositions = par_cible
        .into_iter()
        .map(|(cible, statuts)| LigneComptePropositions {
            cible: libelle_grade(&cible),
            total: statuts.values().sum(),
            statuts: statuts
                .into_iter()
                .map(|(s, n)| (libelle_statut(&s), n))
                .collect(),
        })
        .collect();
    // Promouvables : comptes par cible et voie, puis la liste filtrée et paginée.
    let cibles = cibles_du_cdg(annee);
    let comptes = p
        .etat
        .store
        .compter_promouvables(&c.acteur, annee, &portee, false)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .into_iter()
        .filter(|x| cibles.contains(&x.cible))
        .map(|x| LigneComptePromouvables {
            cible: libelle_grade(&x.cible),
            voie: libelle_voie_code(&x.voie),
            total: x.total,
            a_jour: x.formation_a_jour,
            non_a_jour: x.formation_non_a_jour,
            inconnue: x.formation_inconnue,
        })
        .collect();
    let page = numero_page(ps, "page");
    let mut filtre_ps: Vec<(String, String)> = ps
        .iter()
        .filter(|(k, _)| {
            matches!(
                k.as_str(),
                "cible" | "voie" | "collectivite" | "formation_a_jour"
            )
        })
        .cloned()
        .collect();
    filtre_ps.push(("page".into(), page.to_string()));
    filtre_ps.push(("par_page".into(), PAR_PAGE.to_string()));
    let filtre = filtre_promouvables(&filtre_ps, annee).map_err(erreur_page)?;
    if let Some(code) = &filtre.collectivite
        && !collectivites.iter().any(|x| &x.collectivite.code == code)
    {
        return Err(
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} ».")).page(),
        );
    }
    let liste = p
        .etat
        .store
        .promouvables(&c.acteur, annee, &filtre)
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let promouvables = liste
        .promouvables
        .iter()
        .map(|x| LignePromouvable {
            matricule: x.matricule.clone(),
            nom: format!("{} {}", x.nom, x.prenom),
            collectivite_code: x.collectivite.clone(),
            collectivite: x.collectivite_nom.clone(),
            cible: libelle_grade(&x.cible),
            voie: libelle_voie_code(&x.voie),
            formation: libelle_formation(x.formation_a_jour),
        })
        .collect();
    let cat = Catalogue::get();
    let r = Html(PageTableauDeBord {
        titre: format!("Campagne {annee} — tableau de bord"),
        avec_css: true,
        entete: Some(Entete::de(c)),
        annonce,
        campagne: vue_campagne(&vue),
        attendues,
        total_recues: recues.total,
        total_manquantes: manquantes.total,
        recues: recues
            .lignes
            .iter()
            .map(|d| LigneDeclaration {
                code: d.collectivite.clone(),
                nom: d.collectivite_nom.clone(),
                modifiee: horodatage_fr(&d.modifiee_le),
                par: d.modifiee_par.clone(),
            })
            .collect(),
        manquantes: manquantes.lignes,
        pagination_recues,
        pagination_manquantes,
        quotas,
        propositions,
        comptes,
        filtre_cibles: choix(
            cibles
                .iter()
                .map(|x| (x.clone(), cat.libelle_grade(x).to_owned()))
                .collect(),
            parametre(ps, "cible"),
        ),
        filtre_voies: choix(
            vec![
                ("choix".into(), "au choix".into()),
                ("examen".into(), "après examen professionnel".into()),
            ],
            parametre(ps, "voie"),
        ),
        filtre_collectivites: choix(
            collectivites
                .iter()
                .map(|x| (x.collectivite.code.clone(), x.collectivite.nom.clone()))
                .collect(),
            parametre(ps, "collectivite"),
        ),
        filtre_formations: choix(
            vec![
                ("true".into(), "à jour".into()),
                ("false".into(), "non à jour".into()),
                ("inconnue".into(), "inconnue".into()),
            ],
            parametre(ps, "formation_a_jour"),
        ),
        promouvables,
        total: liste.total,
        requete_export: {
            let mut s = form_urlencoded::Serializer::new(String::new());
            for (k, v) in ps.iter().filter(|(k, v)| {
                matches!(
                    k.as_str(),
                    "cible" | "voie" | "collectivite" | "formation_a_jour"
                ) && !v.is_empty()
            }) {
                s.append_pair(k, v);
            }
            let s = s.finish();
            if s.is_empty() { s } else { format!("?{s}") }
        },
        pagination: pagination(
            &format!("/campagnes/{annee}"),
            ps,
            "page",
            page,
            liste.total,
            "promouvables",
        ),
    })
    .into_response();
    Ok(avec_statut(r, &statut))
}

/// `POST /campagnes/{annee}/declarations/fichier` : les déclarations de plusieurs
/// collectivités en un fichier (formulaire avec fichier, champ `fichier`), tout ou rien.
pub(crate) async fn declarer_fichier_centre(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    entetes: HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let annee = crate::campagnes::annee_chemin(&annee).map_err(erreur_page)?;
    let parties = crate::multipart::parties_de_page(&entetes, &corps)?;
    let resultat = async {
        let fichier = crate::multipart::fichier(&parties, "fichier")
            .ok_or_else(|| Erreur::invalide("Choisissez le fichier des déclarations."))?;
        let nom = fichier.nom_court("déclarations");
        crate::campagnes::enregistrer_declarations_fichier(&p, &c, annee, &nom, &fichier.octets)
            .await
    }
    .await;
    match resultat {
        Ok(bilan) => Ok(Redirect::to(&format!(
            "/campagnes/{annee}?fait=declarations&n={}#declarations",
            bilan.collectivites.len()
        ))
        .into_response()),
        Err(e) if e.statut.is_server_error() => Err(e.page()),
        Err(e) => rendre_tableau_de_bord(&p, &c, annee, &[], Annonce::refus(&e)).await,
    }
}

// ------------------------------------------------------------------ Page de l'employeur

struct LigneRecrutement {
    cadre: String,
    mode: String,
    date: String,
    reference: String,
}

/// Une ligne du formulaire de recrutements (valeurs du formulaire).
struct SaisieRecrutement {
    cadres: Vec<Choix>,
    modes: Vec<Choix>,
    date: String,
    reference: String,
}

struct SaisieEffectif {
    cadre: String,
    libelle: String,
    fonctionnaires: String,
    cdi: String,
}

struct LigneEmployeurPromouvable {
    matricule: String,
    nom: String,
    cible_code: String,
    cible: String,
    voie_code: String,
    voie: &'static str,
    formation: &'static str,
    /// Comment l'agent remplit les conditions (variante retenue par le moteur).
    explication: String,
    deja_propose: bool,
}

struct LigneAVenir {
    matricule: String,
    nom: String,
    cible: String,
    voie: &'static str,
    premiere_annee: String,
    manque: Vec<String>,
}

struct LigneProposition {
    id: i64,
    rang: u32,
    nom: String,
    voie: &'static str,
    statut: String,
    promouvable: &'static str,
}

struct GroupePropositions {
    cible: String,
    lignes: Vec<LigneProposition>,
}

#[derive(Template)]
#[template(path = "employeur.html")]
struct PageEmployeur {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annonce: Annonce,
    campagne: VueCampagne,
    code: String,
    nom: String,
    affiliee: bool,
    /// Formulaires d'écriture montrés (rôle qui écrit, dépôt ouvert).
    ecriture: bool,
    declaree: Option<String>,
    recrutements: Vec<LigneRecrutement>,
    effectifs: Vec<(String, u32, u32)>,
    saisie_recrutements: Vec<SaisieRecrutement>,
    saisie_effectifs: Vec<SaisieEffectif>,
    promouvables: Vec<LigneEmployeurPromouvable>,
    total_promouvables: i64,
    pagination: Pagination,
    a_venir: Vec<LigneAVenir>,
    pagination_agents: Pagination,
    groupes: Vec<GroupePropositions>,
}

use crate::declaration_fichier::MODES;

fn code_mode(m: ModeRecrutement) -> &'static str {
    MODES
        .iter()
        .find(|(x, _, _)| *x == m)
        .map(|(_, c, _)| *c)
        .unwrap_or("")
}

fn libelle_mode(m: ModeRecrutement) -> &'static str {
    MODES
        .iter()
        .find(|(x, _, _)| *x == m)
        .map(|(_, _, l)| *l)
        .unwrap_or("")
}

/// Cadres d'emplois dont le centre de gestion établit les listes (ceux que la déclaration
/// recense), dans l'ordre du catalogue.
fn cadres_du_cdg(annee: i32) -> Vec<(String, String)> {
    let cat = Catalogue::get();
    let mut v: Vec<(String, String)> = Vec::new();
    for (_, cadre) in campagne::quotas::voies_du_cdg(annee) {
        if !v.iter().any(|(c, _)| c == &cadre) {
            let libelle = cat
                .cadre(&cadre)
                .map(|c| c.libelle.clone())
                .unwrap_or_else(|| cadre.clone());
            v.push((cadre, libelle));
        }
    }
    v
}

/// Conditions non remplies (ou inconnues) de la variante la plus proche d'être remplie.
fn ce_qui_manque(v: &ResultatVoie) -> Vec<String> {
    v.variantes
        .iter()
        .map(|va| {
            va.conditions
                .iter()
                .filter(|c| c.satisfaite != Some(true))
                .map(|c| {
                    let etat = if c.satisfaite.is_none() {
                        "inconnu"
                    } else {
                        "non rempli"
                    };
                    format!(
                        "{} ({etat} : {} ; requis : {})",
                        c.libelle, c.constate, c.requis
                    )
                })
                .collect::<Vec<_>>()
        })
        .min_by_key(Vec::len)
        .unwrap_or_default()
}

/// La variante qui rend l'agent promouvable, en une phrase.
fn explication_eligible(v: &ResultatVoie) -> String {
    v.variantes
        .iter()
        .find(|va| va.eligible)
        .map(|va| {
            let libelle = if va.libelle.is_empty() {
                va.code.to_string()
            } else {
                va.libelle.to_string()
            };
            let conditions: Vec<String> = va
                .conditions
                .iter()
                .map(|c| format!("{} : {}", c.libelle, c.constate))
                .collect();
            format!("{libelle} — {}", conditions.join(" ; "))
        })
        .unwrap_or_default()
}

async fn rendre_employeur(
    p: &EtatPartage,
    c: &Connecte,
    annee: i32,
    code: &str,
    ps: &[(String, String)],
    annonce: Annonce,
    saisie: Option<Declaration>,
) -> Result<Response, Erreur> {
    let vue = campagne_du_jour(p, annee).await.map_err(erreur_page)?;
    let portee = c.portee();
    let collectivite = p
        .etat
        .store
        .collectivite(&portee, code)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} ».")).page()
        })?;
    let declaration = p
        .etat
        .store
        .declaration(&portee, annee, code)
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let lue: Option<Declaration> = declaration
        .as_ref()
        .and_then(|d| serde_json::from_value(d.contenu.clone()).ok());
    let cat = Catalogue::get();
    let libelle_cadre = |x: &str| {
        cat.cadre(x)
            .map(|c| c.libelle.clone())
            .unwrap_or_else(|| x.to_owned())
    };
    let (recrutements, effectifs) = match &lue {
        Some(d) => (
            d.recrutements
                .iter()
                .map(|r| LigneRecrutement {
                    cadre: libelle_cadre(&r.cadre_emplois),
                    mode: libelle_mode(r.mode).to_owned(),
                    date: format_fr(r.date),
                    reference: r.reference.clone(),
                })
                .collect(),
            d.effectifs
                .iter()
                .map(|e| {
                    (
                        libelle_cadre(&e.cadre_emplois),
                        e.fonctionnaires_activite_detachement,
                        e.cdi,
                    )
                })
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    // Formulaire : la saisie refusée, sinon la déclaration enregistrée, et trois lignes
    // vides de recrutement.
    let base = saisie.or(lue).unwrap_or_default();
    let cadres = cadres_du_cdg(annee);
    let ligne = |r: Option<&Recrutement>| SaisieRecrutement {
        cadres: choix(cadres.clone(), r.map(|r| r.cadre_emplois.as_str())),
        modes: choix(
            MODES
                .iter()
                .map(|(_, c, l)| ((*c).to_owned(), (*l).to_owned()))
                .collect(),
            r.map(|r| code_mode(r.mode)),
        ),
        date: r.map(|r| r.date.to_string()).unwrap_or_default(),
        reference: r.map(|r| r.reference.clone()).unwrap_or_default(),
    };
    let mut saisie_recrutements: Vec<SaisieRecrutement> =
        base.recrutements.iter().map(|r| ligne(Some(r))).collect();
    for _ in 0..3 {
        saisie_recrutements.push(ligne(None));
    }
    let saisie_effectifs = cadres
        .iter()
        .map(|(cadre, libelle)| {
            let e = base.effectifs.iter().find(|e| &e.cadre_emplois == cadre);
            SaisieEffectif {
                cadre: cadre.clone(),
                libelle: libelle.clone(),
                fonctionnaires: e
                    .map(|e| e.fonctionnaires_activite_detachement.to_string())
                    .unwrap_or_default(),
                cdi: e.map(|e| e.cdi.to_string()).unwrap_or_default(),
            }
        })
        .collect();

    // Propositions de l'employeur, par cible et dans l'ordre de priorité.
    let props = p
        .etat
        .store
        .propositions(
            &portee,
            annee,
            &FiltrePropositions {
                collectivite: Some(code.to_owned()),
                ..Default::default()
            },
        )
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let mut groupes: Vec<GroupePropositions> = Vec::new();
    let mut triees: Vec<&Proposition> = props.iter().collect();
    triees.sort_by(|a, b| (&a.cible, a.rang).cmp(&(&b.cible, b.rang)));
    for x in triees {
        let cible = libelle_grade(&x.cible);
        let l = LigneProposition {
            id: x.id,
            rang: x.rang,
            nom: format!("{} {}", x.nom, x.prenom),
            voie: libelle_voie_code(&x.voie),
            statut: libelle_statut(&x.statut),
            promouvable: if x.promouvable { "oui" } else { "non" },
        };
        match groupes.iter_mut().find(|g| g.cible == cible) {
            Some(g) => g.lignes.push(l),
            None => groupes.push(GroupePropositions {
                cible,
                lignes: vec![l],
            }),
        }
    }

    // Promouvables de la collectivité (liste calculée, paginée), avec l'explication du
    // moteur pour ceux de la page.
    let page = numero_page(ps, "page");
    let filtre = FiltrePromouvables {
        collectivite: Some(code.to_owned()),
        cibles_admises: cibles_du_cdg(annee),
        page: Some((page, PAR_PAGE)),
        ..Default::default()
    };
    let liste = p
        .etat
        .store
        .promouvables(&c.acteur, annee, &filtre)
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    // Les agents de la page des « autres » (la base ne lit que ceux-là), et les promouvables
    // de la page qui n'en sont pas : ce sont les seuls que le moteur évalue.
    let page_agents = numero_page(ps, "agents");
    let agents = p
        .etat
        .store
        .agents_de_collectivite_page(
            &portee,
            code,
            None,
            store::listes::Pagination::new(page_agents, PAR_PAGE),
        )
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let total_agents = agents.total;
    let cibles = cibles_du_cdg(annee);
    let fiches_page: Vec<String> = agents
        .lignes
        .iter()
        .map(|a| a.fiche.matricule.clone())
        .collect();
    let mut a_evaluer: Vec<store::AgentEnregistre> = agents.lignes;
    for x in &liste.promouvables {
        if a_evaluer.iter().any(|a| a.fiche.matricule == x.matricule) {
            continue;
        }
        if let Some(a) = p
            .etat
            .store
            .agent(&portee, &x.matricule)
            .await
            .map_err(|e| Erreur::stockage(e).page())?
        {
            a_evaluer.push(a);
        }
    }
    let evaluations = tokio::task::spawn_blocking(move || {
        a_evaluer
            .into_iter()
            .map(|a| {
                let r = droit::eligibilite::evaluer_agent(&a.agent, annee, Some(&cibles));
                (a.fiche, r.voies)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(|e| {
        tracing::error!("moteur en échec sur la page de l'employeur {code} ({annee}) : {e}");
        Erreur::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "erreur_moteur",
            "Le calcul de l'éligibilité a échoué pour cette collectivité ; l'incident est consigné.",
        )
        .page()
    })?;
    let promouvables = liste
        .promouvables
        .iter()
        .map(|x| {
            let explication = evaluations
                .iter()
                .find(|(f, _)| f.matricule == x.matricule)
                .and_then(|(_, voies)| {
                    voies
                        .iter()
                        .find(|v| v.cible == x.cible && voie_code(v.voie) == x.voie)
                })
                .map(explication_eligible)
                .unwrap_or_default();
            LigneEmployeurPromouvable {
                matricule: x.matricule.clone(),
                nom: format!("{} {}", x.nom, x.prenom),
                cible_code: x.cible.clone(),
                cible: libelle_grade(&x.cible),
                voie_code: x.voie.clone(),
                voie: libelle_voie_code(&x.voie),
                formation: libelle_formation(x.formation_a_jour),
                explication,
                deja_propose: props
                    .iter()
                    .any(|y| y.matricule == x.matricule && y.cible == x.cible && y.voie == x.voie),
            }
        })
        .collect();
    // Les autres : pour les agents de la page, chaque voie pas encore ouverte, avec la
    // première année où elle le serait et ce qui manque.
    let mut a_venir = Vec::new();
    for (fiche, voies) in &evaluations {
        if !fiches_page.contains(&fiche.matricule) {
            continue;
        }
        for v in voies
            .iter()
            .filter(|v| !v.eligible && v.voie != Voie::InscriptionExamen)
        {
            a_venir.push(LigneAVenir {
                matricule: fiche.matricule.clone(),
                nom: format!("{} {}", fiche.nom, fiche.prenom),
                cible: libelle_grade(&v.cible),
                voie: libelle_voie_code(voie_code(v.voie)),
                premiere_annee: v
                    .premiere_annee_eligible
                    .map(|a| a.to_string())
                    .unwrap_or_else(|| {
                        "aucune dans les 40 ans examinés, en l'état du dossier".to_owned()
                    }),
                manque: ce_qui_manque(v),
            });
        }
    }
    // Le gestionnaire peut encore déclarer et proposer pour un employeur après la clôture ;
    // la collectivité, pendant le dépôt seulement.
    let ecriture = peut_ecrire(c)
        && (c.acteur.role == Role::Gestionnaire || vue.etat == EtatCampagne::DepotOuvert);
    let base_url = format!("/campagnes/{annee}/collectivites/{code}");
    let r = Html(PageEmployeur {
        titre: format!("Campagne {annee} — {}", collectivite.nom),
        avec_css: true,
        entete: Some(Entete::de(c)),
        annonce: annonce.clone(),
        campagne: vue_campagne(&vue),
        code: code.to_owned(),
        nom: collectivite.nom.clone(),
        affiliee: collectivite.affiliee,
        ecriture,
        declaree: declaration
            .as_ref()
            .map(|d| format!("{} par {}", horodatage_fr(&d.modifiee_le), d.modifiee_par)),
        recrutements,
        effectifs,
        saisie_recrutements,
        saisie_effectifs,
        promouvables,
        total_promouvables: liste.total,
        pagination: pagination(&base_url, ps, "page", page, liste.total, "promouvables"),
        a_venir,
        pagination_agents: pagination(
            &base_url,
            ps,
            "agents",
            page_agents,
            total_agents,
            "a-venir",
        ),
        groupes,
    })
    .into_response();
    Ok(avec_statut(r, &annonce))
}

fn voie_code(v: Voie) -> &'static str {
    match v {
        Voie::Choix => "choix",
        Voie::Examen => "examen",
        Voie::InscriptionExamen => "inscription_examen",
    }
}

/// `GET /campagnes/{annee}/collectivites/{code}`.
pub(crate) async fn employeur(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, code)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> Result<Response, Erreur> {
    let annee = crate::campagnes::annee_chemin(&annee).map_err(erreur_page)?;
    let ps = parametres(q.as_deref());
    let annonce = Annonce::de_requete(&ps);
    rendre_employeur(&p, &c, annee, &code, &ps, annonce, None).await
}

/// Les valeurs d'un champ répété, dans l'ordre du formulaire.
fn valeurs<'a>(f: &'a [(String, String)], nom: &str) -> Vec<&'a str> {
    f.iter()
        .filter(|(k, _)| k == nom)
        .map(|(_, v)| v.as_str())
        .collect()
}

/// La déclaration saisie dans le formulaire (lignes vides ignorées).
fn declaration_saisie(f: &[(String, String)], annee: i32) -> Result<Declaration, Erreur> {
    let cadres = valeurs(f, "recrutement_cadre");
    let modes = valeurs(f, "recrutement_mode");
    let dates = valeurs(f, "recrutement_date");
    let references = valeurs(f, "recrutement_reference");
    let mut d = Declaration::default();
    for (i, cadre) in cadres.iter().enumerate() {
        let (cadre, mode, date, reference) = (
            cadre.trim(),
            modes.get(i).copied().unwrap_or("").trim(),
            dates.get(i).copied().unwrap_or("").trim(),
            references.get(i).copied().unwrap_or("").trim(),
        );
        if cadre.is_empty() && date.is_empty() && reference.is_empty() {
            continue;
        }
        let n = i + 1;
        if cadre.is_empty() {
            return Err(Erreur::invalide(format!(
                "Recrutement n° {n} : choisissez le cadre d'emplois."
            )));
        }
        let mode = MODES
            .iter()
            .find(|(_, c, _)| *c == mode)
            .map(|(m, _, _)| *m)
            .ok_or_else(|| {
                Erreur::invalide(format!(
                    "Recrutement n° {n} : choisissez le mode de recrutement."
                ))
            })?;
        if date.is_empty() {
            return Err(Erreur::invalide(format!(
                "Recrutement n° {n} : indiquez la date de nomination (en {}).",
                annee - 1
            )));
        }
        d.recrutements.push(Recrutement {
            cadre_emplois: cadre.to_owned(),
            mode,
            date: date_saisie(date, &format!("Recrutement n° {n}, date"))?,
            reference: reference.to_owned(),
        });
    }
    for (cadre, libelle) in cadres_du_cdg(annee) {
        let nombre = |champ: &str, quoi: &str| -> Result<Option<u32>, Erreur> {
            match parametre(f, &format!("effectif_{cadre}_{champ}")).map(str::trim) {
                None | Some("") => Ok(None),
                Some(v) => v.parse::<u32>().map(Some).map_err(|_| {
                    Erreur::invalide(format!(
                        "Effectif du cadre d'emplois « {libelle} » ({quoi}) : « {v} » n'est pas un nombre entier positif."
                    ))
                }),
            }
        };
        let fonct = nombre("fonctionnaires", "fonctionnaires")?;
        let cdi = nombre("cdi", "agents en CDI")?;
        if fonct.is_some() || cdi.is_some() {
            d.effectifs.push(EffectifDeclare {
                cadre_emplois: cadre,
                fonctionnaires_activite_detachement: fonct.unwrap_or(0),
                cdi: cdi.unwrap_or(0),
            });
        }
    }
    Ok(d)
}

/// `POST /campagnes/{annee}/collectivites/{code}/declaration`.
pub(crate) async fn declarer(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, code)): Path<(String, String)>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let annee = crate::campagnes::annee_chemin(&annee).map_err(erreur_page)?;
    let vue = campagne_du_jour(&p, annee).await.map_err(erreur_page)?;
    let collectivite = p
        .etat
        .store
        .collectivite(&c.portee(), &code)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} ».")).page()
        })?;
    let f = parametres(std::str::from_utf8(&corps).ok());
    let saisie = declaration_saisie(&f, annee);
    let resultat = async {
        autoriser_acteur(&c.acteur, Action::Declarer, vue.situation())?;
        let d = saisie.clone()?;
        valider_declaration(&d, annee, collectivite.affiliee)?;
        let contenu = serde_json::to_value(&d).unwrap_or(Value::Null);
        p.etat
            .store
            .remplacer_declaration(&c.acteur, annee, &code, &contenu)
            .await
            .map_err(Erreur::stockage)?
            .ok_or_else(|| {
                Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} »."))
            })?;
        Ok::<(), Erreur>(())
    }
    .await;
    match resultat {
        Ok(()) => Ok(Redirect::to(&format!(
            "/campagnes/{annee}/collectivites/{code}?fait=declaration#declaration"
        ))
        .into_response()),
        Err(e) if e.statut.is_server_error() => Err(e.page()),
        Err(e) => {
            rendre_employeur(&p, &c, annee, &code, &[], Annonce::refus(&e), saisie.ok()).await
        }
    }
}

/// `POST /campagnes/{annee}/collectivites/{code}/declaration/fichier` : la déclaration
/// déposée en fichier CSV (formulaire avec fichier, champ `fichier`).
pub(crate) async fn declarer_fichier(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, code)): Path<(String, String)>,
    entetes: HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let annee = crate::campagnes::annee_chemin(&annee).map_err(erreur_page)?;
    let vue = campagne_du_jour(&p, annee).await.map_err(erreur_page)?;
    let collectivite = p
        .etat
        .store
        .collectivite(&c.portee(), &code)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} ».")).page()
        })?;
    let type_contenu = entetes
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let resultat = async {
        autoriser_acteur(&c.acteur, Action::Declarer, vue.situation())?;
        let parties = crate::multipart::lire(type_contenu, &corps).map_err(Erreur::mal_formee)?;
        let fichier = parties
            .iter()
            .find(|q| q.nom == "fichier" && !q.octets.is_empty())
            .ok_or_else(|| Erreur::invalide("Choisissez le fichier CSV de la déclaration."))?;
        let nom = fichier.nom_court("déclaration");
        let d =
            crate::declaration_fichier::lire(&nom, &fichier.octets).map_err(Erreur::invalide)?;
        valider_declaration(&d, annee, collectivite.affiliee).map_err(|e| {
            let mut e = Erreur::from(e);
            e.message = format!("{nom} : {}", e.message);
            e
        })?;
        let contenu = serde_json::to_value(&d).unwrap_or(Value::Null);
        p.etat
            .store
            .remplacer_declaration(&c.acteur, annee, &code, &contenu)
            .await
            .map_err(Erreur::stockage)?
            .ok_or_else(|| {
                Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} »."))
            })?;
        Ok::<(), Erreur>(())
    }
    .await;
    match resultat {
        Ok(()) => Ok(Redirect::to(&format!(
            "/campagnes/{annee}/collectivites/{code}?fait=declaration#declaration"
        ))
        .into_response()),
        Err(e) if e.statut.is_server_error() => Err(e.page()),
        Err(e) => rendre_employeur(&p, &c, annee, &code, &[], Annonce::refus(&e), None).await,
    }
}

/// `POST /campagnes/{annee}/collectivites/{code}/propositions`.
pub(crate) async fn proposer(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, code)): Path<(String, String)>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let annee = crate::campagnes::annee_chemin(&annee).map_err(erreur_page)?;
    let vue = campagne_du_jour(&p, annee).await.map_err(erreur_page)?;
    let portee = c.portee();
    p.etat
        .store
        .collectivite(&portee, &code)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} ».")).page()
        })?;
    let f = parametres(std::str::from_utf8(&corps).ok());
    let matricule = parametre(&f, "matricule").unwrap_or("").to_owned();
    let cible = parametre(&f, "cible").unwrap_or("").to_owned();
    let voie = match parametre(&f, "voie") {
        Some("examen") => Voie::Examen,
        _ => Voie::Choix,
    };
    // L'agent doit appartenir à cette collectivité (et à la portée de l'appelant).
    let agent = p
        .etat
        .store
        .agent(&portee, &matricule)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .filter(|a| a.fiche.code_collectivite == code)
        .ok_or_else(|| {
            Erreur::introuvable(format!(
                "La collectivité « {code} » n'a pas d'agent de matricule « {matricule} »."
            ))
            .page()
        })?;
    let resultat = async {
        let rang = match parametre(&f, "rang").map(str::trim) {
            None | Some("") => None,
            Some(r) => Some(r.parse::<u32>().ok().filter(|r| (1..=10_000).contains(r)).ok_or_else(
                || {
                    Erreur::invalide(format!(
                        "Rang de priorité : « {r} » n'est pas un nombre entier de 1 à 10 000."
                    ))
                },
            )?),
        };
        if !cibles_du_cdg(annee).contains(&cible) {
            return Err(Erreur::invalide(format!(
                "Le centre de gestion n'établit pas de liste d'aptitude au grade « {} » en {annee}.",
                libelle_grade(&cible)
            )));
        }
        let (eligibilite, version) =
            evaluer_voie(&p, &agent.fiche.matricule, annee, &cible, voie, &portee)
                .await?
                .ok_or_else(|| {
                    Erreur::invalide(format!(
                        "Le grade « {} » n'est pas accessible par cette voie en {annee}.",
                        libelle_grade(&cible)
                    ))
                })?;
        autoriser_acteur(&c.acteur, Action::Proposer, vue.situation())?;
        let dossier = Value::Object(Map::new());
        let eligibilite_json = serde_json::to_value(&eligibilite).unwrap_or(Value::Null);
        let x = p
            .etat
            .store
            .creer_proposition(
                &c.acteur,
                &NouvelleProposition {
                    annee,
                    matricule: &agent.fiche.matricule,
                    cible: &cible,
                    voie: voie_code(voie),
                    rang,
                    dossier: &dossier,
                    promouvable: eligibilite.eligible,
                    eligibilite: &eligibilite_json,
                    version_catalogue: &version,
                },
            )
            .await
            .map_err(Erreur::stockage)?
            .ok_or_else(|| {
                Erreur::introuvable(format!("Aucun agent n'a le matricule « {matricule} »."))
            })?;
        Ok::<i64, Erreur>(x.id)
    }
    .await;
    match resultat {
        Ok(id) => Ok(Redirect::to(&format!("/propositions/{id}?fait=proposee")).into_response()),
        Err(e) if e.statut.is_server_error() => Err(e.page()),
        Err(e) => rendre_employeur(&p, &c, annee, &code, &[], Annonce::refus(&e), None).await,
    }
}

// ------------------------------------------------------------------ Le dossier

struct VuePieceAttendue {
    libelle: String,
    obligatoire: bool,
    lignes: String,
    presente: bool,
}

struct VuePieceDeposee {
    code: String,
    libelle: String,
    nom: String,
    taille: String,
    deposee: String,
}

/// Un champ du formulaire des faits.
struct VueFait {
    champ: String,
    etiquette: String,
    aide: String,
    /// `valeur`, `liste`, `nombre`, `oui_non`.
    nature: String,
    valeur: String,
    options: Vec<Choix>,
}

#[derive(Template)]
#[template(path = "proposition.html")]
struct PageProposition {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annonce: Annonce,
    campagne: VueCampagne,
    id: i64,
    annee: i32,
    matricule: String,
    nom: String,
    collectivite_code: String,
    collectivite: String,
    cible: String,
    voie: &'static str,
    rang: u32,
    statut: String,
    modifiable: bool,
    /// Formulaires d'écriture montrés : rôle qui écrit, brouillon, dépôt ouvert (ou
    /// gestionnaire).
    ecriture: bool,
    /// Transmission possible : brouillon, dépôt ouvert.
    transmission: bool,
    transmise_le: Option<String>,
    promouvable: &'static str,
    explication: Vec<String>,
    motifs: Vec<String>,
    grille: Option<u32>,
    pieces: Vec<VuePieceAttendue>,
    manquantes: Vec<String>,
    deposees: Vec<VuePieceDeposee>,
    types: Vec<Choix>,
    faits: Vec<VueFait>,
    autres_faits: Vec<(String, String)>,
    /// Dossier irrecevable : lien vers la lettre d'irrecevabilité.
    lettre_irrecevabilite: bool,
    /// Dossier coté (recevable, inscrit, non retenu) : lien vers la fiche de cotation.
    fiche_cotation: bool,
}

fn taille_fr(octets: i64) -> String {
    if octets >= 1 << 20 {
        format!("{:.1} Mio", octets as f64 / f64::from(1 << 20)).replace('.', ",")
    } else if octets >= 1024 {
        format!("{} Kio", separer_milliers((octets / 1024) as u32))
    } else {
        format!("{octets} octets")
    }
}

fn texte_valeur(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "oui".into(),
        Value::Bool(false) => "non".into(),
        Value::Number(n) => n.to_string().replace('.', ","),
        Value::Array(a) => a.iter().map(texte_valeur).collect::<Vec<_>>().join(", "),
        Value::Null => "—".into(),
        autre => autre.to_string(),
    }
}

async fn proposition_page(p: &EtatPartage, c: &Connecte, id: &str) -> Result<Proposition, Erreur> {
    let introuvable = || Erreur::introuvable(format!("Aucune proposition n° « {id} »."));
    let n: i64 = id.parse().map_err(|_| introuvable().page())?;
    p.etat
        .store
        .proposition(&c.portee(), n)
        .await
        .map_err(|e| Erreur::stockage(e).page())?
        .ok_or_else(|| introuvable().page())
}

async fn rendre_proposition(
    p: &EtatPartage,
    c: &Connecte,
    x: &Proposition,
    annonce: Annonce,
) -> Result<Response, Erreur> {
    let vue = campagne_du_jour(p, x.annee).await.map_err(erreur_page)?;
    let controle = liste_de_controle(p, x).await.map_err(erreur_page)?;
    let pieces: Vec<campagne::dossier::PieceAttendue> =
        serde_json::from_value(controle["pieces"].clone()).unwrap_or_default();
    let faits: Vec<campagne::dossier::FaitAttendu> =
        serde_json::from_value(controle["faits"].clone()).unwrap_or_default();
    let statut = StatutProposition::depuis_code(&x.statut);
    let modifiable = statut.is_some_and(|s| s.modifiable());
    let dossier = x.dossier.as_object().cloned().unwrap_or_default();
    let vues_faits: Vec<VueFait> = faits
        .iter()
        .map(|f| {
            let courant = dossier.get(&f.champ);
            let valeur = match courant {
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::String(s)) => s.clone(),
                Some(Value::Bool(b)) => if *b { "oui" } else { "non" }.to_owned(),
                _ => String::new(),
            };
            let coches: Vec<String> = match courant {
                Some(Value::Array(a)) => a
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                Some(Value::String(s)) => vec![s.clone()],
                _ => Vec::new(),
            };
            VueFait {
                champ: f.champ.clone(),
                etiquette: f.lignes.join(" ; "),
                aide: f.descriptions.join(" "),
                nature: f.nature.clone(),
                options: f
                    .valeurs
                    .iter()
                    .map(|v| Choix {
                        valeur: v.clone(),
                        libelle: v.replace('_', " "),
                        choisi: coches.contains(v),
                    })
                    .collect(),
                valeur,
            }
        })
        .collect();
    let autres_faits = dossier
        .iter()
        .filter(|(k, _)| !faits.iter().any(|f| &f.champ == *k))
        .map(|(k, v)| (k.replace('_', " "), texte_valeur(v)))
        .collect();
    let resultat: Option<ResultatVoie> = serde_json::from_value(x.eligibilite.clone()).ok();
    let explication = match &resultat {
        Some(r) if r.eligible => vec![explication_eligible(r)],
        Some(r) => ce_qui_manque(r),
        None => vec![
            "Explication indisponible : la proposition ne garde pas l'évaluation du moteur."
                .to_owned(),
        ],
    };
    let motifs = match &x.motifs {
        Value::Array(a) => a.iter().map(texte_valeur).collect(),
        Value::Null => Vec::new(),
        Value::Object(o) if o.is_empty() => Vec::new(),
        autre => vec![texte_valeur(autre)],
    };
    let r = Html(PageProposition {
        titre: format!("Dossier n° {} — {} {}", x.id, x.prenom, x.nom),
        avec_css: true,
        entete: Some(Entete::de(c)),
        annonce: annonce.clone(),
        campagne: vue_campagne(&vue),
        id: x.id,
        annee: x.annee,
        matricule: x.matricule.clone(),
        nom: format!("{} {}", x.nom, x.prenom),
        collectivite_code: x.collectivite.clone(),
        collectivite: x.collectivite_nom.clone(),
        cible: libelle_grade(&x.cible),
        voie: libelle_voie_code(&x.voie),
        rang: x.rang,
        statut: libelle_statut(&x.statut),
        lettre_irrecevabilite: x.statut == "irrecevable",
        fiche_cotation: matches!(x.statut.as_str(), "recevable" | "inscrite" | "non_retenue"),
        modifiable,
        ecriture: modifiable
            && peut_ecrire(c)
            && (c.acteur.role == Role::Gestionnaire || vue.etat == EtatCampagne::DepotOuvert),
        transmission: modifiable && peut_ecrire(c) && vue.etat == EtatCampagne::DepotOuvert,
        transmise_le: x.transmise_le.as_deref().map(horodatage_fr),
        promouvable: if x.promouvable { "oui" } else { "non" },
        explication,
        motifs,
        grille: controle["grille_version"].as_u64().map(|v| v as u32),
        manquantes: pieces
            .iter()
            .filter(|q| !q.presente)
            .map(|q| q.libelle.clone())
            .collect(),
        pieces: pieces
            .iter()
            .map(|q| VuePieceAttendue {
                libelle: q.libelle.clone(),
                obligatoire: q.obligatoire,
                lignes: q.lignes.join(" ; "),
                presente: q.presente,
            })
            .collect(),
        deposees: x
            .pieces
            .iter()
            .map(|q| VuePieceDeposee {
                code: q.type_piece.clone(),
                libelle: TypePiece::depuis_code(&q.type_piece)
                    .map(|t| t.libelle().to_owned())
                    .unwrap_or_else(|| q.type_piece.clone()),
                nom: q.nom_fichier.clone().unwrap_or_else(|| "—".into()),
                taille: taille_fr(q.taille),
                deposee: horodatage_fr(&q.deposee_le),
            })
            .collect(),
        types: TypePiece::TOUTES
            .iter()
            .map(|t| Choix {
                valeur: t.code().to_owned(),
                libelle: t.libelle().to_owned(),
                choisi: pieces.iter().any(|q| q.type_piece == *t && !q.presente)
                    && pieces.iter().find(|q| !q.presente).map(|q| q.type_piece) == Some(*t),
            })
            .collect(),
        faits: vues_faits,
        autres_faits,
    })
    .into_response();
    Ok(avec_statut(r, &annonce))
}

/// `GET /propositions/{id}`.
pub(crate) async fn proposition(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
    RawQuery(q): RawQuery,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireProposition, Situation::default())
        .map_err(erreur_page)?;
    let x = proposition_page(&p, &c, &id).await?;
    let ps = parametres(q.as_deref());
    rendre_proposition(&p, &c, &x, Annonce::de_requete(&ps)).await
}

/// Situation d'une proposition pour les droits.
async fn situation(p: &EtatPartage, x: &Proposition) -> Result<Situation, Erreur> {
    let vue = campagne_du_jour(p, x.annee).await?;
    Ok(Situation {
        campagne: Some(vue.etat),
        proposition: StatutProposition::depuis_code(&x.statut),
    })
}

/// Le dossier saisi : les faits que la grille lit, fusionnés avec le dossier enregistré
/// (les autres clés sont gardées) ; un champ vidé est retiré.
async fn dossier_saisi(
    p: &EtatPartage,
    x: &Proposition,
    f: &[(String, String)],
) -> Result<Map<String, Value>, Erreur> {
    let controle = liste_de_controle(p, x).await?;
    let faits: Vec<campagne::dossier::FaitAttendu> =
        serde_json::from_value(controle["faits"].clone()).unwrap_or_default();
    let mut dossier = x.dossier.as_object().cloned().unwrap_or_default();
    for fait in &faits {
        let nom = format!("fait_{}", fait.champ);
        let etiquette = fait.lignes.join(" ; ");
        let valeur = match fait.nature.as_str() {
            "liste" => {
                let v: Vec<Value> = valeurs(f, &nom)
                    .into_iter()
                    .filter(|v| fait.valeurs.iter().any(|a| a == v))
                    .map(|v| Value::String(v.to_owned()))
                    .collect();
                (!v.is_empty()).then_some(Value::Array(v))
            }
            "nombre" => match parametre(f, &nom).map(str::trim) {
                None | Some("") => None,
                Some(t) => {
                    let n: f64 = t
                        .replace(',', ".")
                        .parse()
                        .ok()
                        .filter(|n: &f64| n.is_finite() && *n >= 0.0)
                        .ok_or_else(|| {
                            Erreur::invalide(format!(
                                "{etiquette} : « {t} » n'est pas un nombre positif."
                            ))
                        })?;
                    Some(if n.fract() == 0.0 && n < 1e15 {
                        Value::from(n as u64)
                    } else {
                        Value::from(n)
                    })
                }
            },
            "oui_non" => match parametre(f, &nom) {
                Some("oui") => Some(Value::Bool(true)),
                Some("non") => Some(Value::Bool(false)),
                _ => None,
            },
            _ => match parametre(f, &nom) {
                Some(v) if fait.valeurs.iter().any(|a| a == v) => Some(Value::String(v.to_owned())),
                Some(v) => {
                    return Err(Erreur::invalide(format!(
                        "{etiquette} : « {v} » n'est pas une valeur de la grille."
                    )));
                }
                None => None,
            },
        };
        match valeur {
            Some(v) => {
                dossier.insert(fait.champ.clone(), v);
            }
            None => {
                dossier.remove(&fait.champ);
            }
        }
    }
    Ok(dossier)
}

/// `POST /propositions/{id}/dossier` : rang de priorité et faits du dossier.
pub(crate) async fn enregistrer_dossier(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let x = proposition_page(&p, &c, &id).await?;
    let f = parametres(std::str::from_utf8(&corps).ok());
    let resultat =
        async {
            autoriser_acteur(
                &c.acteur,
                Action::ModifierProposition,
                situation(&p, &x).await?,
            )?;
            let rang = match parametre(&f, "rang").map(str::trim) {
            None | Some("") => None,
            Some(r) => Some(r.parse::<u32>().ok().filter(|r| (1..=10_000).contains(r)).ok_or_else(
                || {
                    Erreur::invalide(format!(
                        "Rang de priorité : « {r} » n'est pas un nombre entier de 1 à 10 000."
                    ))
                },
            )?),
        };
            let dossier = Value::Object(dossier_saisi(&p, &x, &f).await?);
            p.etat
                .store
                .modifier_proposition(&c.acteur, x.id, rang, Some(&dossier))
                .await
                .map_err(Erreur::stockage)?
                .ok_or_else(|| Erreur::introuvable(format!("Aucune proposition n° « {id} ».")))
        }
        .await;
    match resultat {
        Ok(_) => Ok(Redirect::to(&format!("/propositions/{}?fait=dossier", x.id)).into_response()),
        Err(e) if e.statut.is_server_error() => Err(e.page()),
        Err(e) => rendre_proposition(&p, &c, &x, Annonce::refus(&e)).await,
    }
}

/// `POST /propositions/{id}/pieces` (formulaire avec fichier : `type`, `fichier`).
pub(crate) async fn deposer(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
    entetes: HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let x = proposition_page(&p, &c, &id).await?;
    let type_contenu = entetes
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let resultat = async {
        let parties = crate::multipart::lire(type_contenu, &corps).map_err(Erreur::mal_formee)?;
        let code = crate::multipart::champ(&parties, "type").unwrap_or_default();
        let t = TypePiece::depuis_code(&code).ok_or_else(|| {
            Erreur::invalide(format!(
                "Choisissez le type de la pièce (« {code} » inconnu)."
            ))
        })?;
        let fichier = parties
            .iter()
            .find(|q| q.nom == "fichier" && !q.octets.is_empty())
            .ok_or_else(|| Erreur::invalide("Choisissez le fichier PDF à déposer."))?;
        if fichier.octets.len() > 10 << 20 {
            return Err(Erreur::trop_gros(10 << 20));
        }
        let nom: Option<String> = fichier.fichier.as_deref().map(|n| {
            n.rsplit(['/', '\\'])
                .next()
                .unwrap_or(n)
                .chars()
                .filter(|c| !c.is_control() && *c != '"')
                .take(200)
                .collect()
        });
        deposer_piece(&p, &c.acteur, &x, t, nom.as_deref(), &fichier.octets).await
    }
    .await;
    match resultat {
        Ok(_) => {
            Ok(Redirect::to(&format!("/propositions/{}?fait=piece#pieces", x.id)).into_response())
        }
        Err(e) if e.statut.is_server_error() => Err(e.page()),
        Err(e) => rendre_proposition(&p, &c, &x, Annonce::refus(&e)).await,
    }
}

/// `POST /propositions/{id}/transmission`.
pub(crate) async fn transmettre(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let x = proposition_page(&p, &c, &id).await?;
    match transmettre_proposition(&p, &c.acteur, &x).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/propositions/{}?fait=transmise", x.id)).into_response())
        }
        Err(e) if e.statut.is_server_error() => Err(e.page()),
        Err(e) => rendre_proposition(&p, &c, &x, Annonce::refus(&e)).await,
    }
}

/// `POST /propositions/{id}/retrait` : retire un brouillon.
pub(crate) async fn retirer(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let x = proposition_page(&p, &c, &id).await?;
    let resultat = async {
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
            .ok_or_else(|| Erreur::introuvable(format!("Aucune proposition n° « {id} ».")))
    }
    .await;
    match resultat {
        Ok(_) => Ok(Redirect::to(&format!(
            "/campagnes/{}/collectivites/{}?fait=retiree#propositions",
            x.annee, x.collectivite
        ))
        .into_response()),
        Err(e) if e.statut.is_server_error() => Err(e.page()),
        Err(e) => rendre_proposition(&p, &c, &x, Annonce::refus(&e)).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_saisies_iso_ou_francaises() {
        assert_eq!(
            date_saisie("2026-03-01", "d").unwrap(),
            jiff::civil::date(2026, 3, 1)
        );
        assert_eq!(
            date_saisie("1/3/2026", "d").unwrap(),
            jiff::civil::date(2026, 3, 1)
        );
        assert!(date_saisie("31/02/2026", "d").is_err());
        assert!(date_saisie("demain", "d").is_err());
    }

    #[test]
    fn declaration_du_formulaire_lignes_vides_ignorees() {
        // Décret n° 2013-593 art. 31 : recrutements de l'année précédant la liste.
        let f: Vec<(String, String)> = [
            ("recrutement_cadre", "ingenieurs_territoriaux"),
            ("recrutement_mode", "concours"),
            ("recrutement_date", "2026-03-01"),
            ("recrutement_reference", "arrêté n° 2026-014"),
            ("recrutement_cadre", ""),
            ("recrutement_mode", "concours"),
            ("recrutement_date", ""),
            ("recrutement_reference", ""),
            ("effectif_ingenieurs_territoriaux_fonctionnaires", "12"),
            ("effectif_ingenieurs_territoriaux_cdi", ""),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let d = declaration_saisie(&f, 2027).unwrap();
        assert_eq!(d.recrutements.len(), 1);
        assert_eq!(d.recrutements[0].reference, "arrêté n° 2026-014");
        assert_eq!(d.effectifs.len(), 1);
        assert_eq!(d.effectifs[0].fonctionnaires_activite_detachement, 12);
        assert_eq!(d.effectifs[0].cdi, 0);
        let mut mauvais = f.clone();
        mauvais[2].1 = String::new();
        let e = declaration_saisie(&mauvais, 2027).unwrap_err();
        assert!(e.message.contains("Recrutement n° 1"), "{}", e.message);
    }
}
