//! Pages HTML en français (gabarits askama dans `templates/`).
//!
//! Accessibilité (RGAA / WCAG AA) : langue déclarée, lien d'évitement, titres hiérarchisés,
//! tableaux avec légende et en-têtes `scope`, formulaire étiqueté, état des conditions dit en
//! toutes lettres (jamais par la seule couleur).

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use droit::carriere::{ANNEE_MAX, ANNEE_MIN, Agent, Periode};
use droit::catalogue::Catalogue;
use droit::date::format_fr;
use droit::eligibilite::{ResultatVoie, Voie};
use serde::Serialize;
use store::{Collectivite, Role, libelle_type_collectivite};

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::erreurs::Erreur;

/// Bandeau de la personne connectée (nom, rôle, bouton de déconnexion avec jeton CSRF).
#[derive(Debug, Clone)]
pub(crate) struct Entete {
    pub identifiant: String,
    pub role: &'static str,
    pub csrf: String,
    /// Lien vers le journal (administrateur).
    pub journal: bool,
    /// Lien vers les campagnes (centre de gestion et collectivités).
    pub campagnes: bool,
    /// Liens vers l'instruction et les classements (centre de gestion).
    pub cdg: bool,
    /// Lien vers le classement anonyme (commission).
    pub commission: bool,
}

impl Entete {
    pub(crate) fn de(c: &Connecte) -> Entete {
        Entete {
            identifiant: c.acteur.identifiant.clone(),
            role: c.acteur.role.libelle(),
            csrf: c.csrf.clone(),
            journal: c.acteur.role == Role::Administrateur,
            campagnes: c.acteur.role != Role::Commission,
            cdg: matches!(c.acteur.role, Role::Administrateur | Role::Gestionnaire),
            commission: c.acteur.role == Role::Commission,
        }
    }
}

/// Une page rendue (gabarit askama) en réponse HTML.
pub(crate) struct Html<T>(pub T);

impl<T: Template> IntoResponse for Html<T> {
    fn into_response(self) -> Response {
        match self.0.render() {
            Ok(html) => {
                ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
            }
            Err(e) => {
                tracing::error!("rendu de page : {e}");
                Erreur::interne().page().into_response()
            }
        }
    }
}

/// Libellé français d'un code du contrat (versant, statut, position, emploi…).
fn libelle_code<T: Serialize>(valeur: &T) -> String {
    let code = match serde_json::to_value(valeur) {
        Ok(serde_json::Value::String(s)) => s,
        _ => return String::new(),
    };
    let texte = match code.as_str() {
        "territoriale" => "Territoriale",
        "etat" => "État",
        "hospitaliere" => "Hospitalière",
        "hors_fonction_publique" => "Hors fonction publique",
        "titulaire" => "Titulaire",
        "stagiaire" => "Stagiaire",
        "contractuel" => "Contractuel",
        "contractuel_cdi" => "Contractuel en CDI",
        "droit_prive" => "Droit privé",
        "activite" => "Activité",
        "mise_a_disposition" => "Mise à disposition",
        "detachement" => "Détachement",
        "disponibilite" => "Disponibilité",
        "conge_parental" => "Congé parental",
        "hors_cadres" => "Hors cadres",
        "service_national" => "Service national",
        "exclusion_temporaire" => "Exclusion temporaire",
        "prorogation_stage" => "Prorogation de stage",
        "apprentissage" => "Apprentissage",
        "fppe" => "Professionnalisation au premier emploi",
        "fptlc" => "Professionnalisation tout au long de la carrière",
        "fppr" => "Professionnalisation (poste à responsabilité)",
        "police_continue" => "Formation continue obligatoire (police municipale)",
        autre => return autre.replace('_', " "),
    };
    texte.to_owned()
}

fn libelle_voie(v: Voie) -> &'static str {
    match v {
        Voie::Choix => "promotion interne au choix",
        Voie::Examen => "après examen professionnel",
        Voie::InscriptionExamen => "inscription à l'examen professionnel",
    }
}

pub(crate) fn libelle_grade(code: &str) -> String {
    Catalogue::get().libelle_grade(code).to_owned()
}

/// Année demandée (`?annee=2026`), sinon l'année par défaut ; hors bornes : erreur.
fn annee_demandee(requete: Option<&str>, defaut: i32) -> Result<i32, String> {
    let Some(valeur) = requete
        .unwrap_or("")
        .split('&')
        .find_map(|p| p.strip_prefix("annee="))
        .filter(|v| !v.is_empty())
    else {
        return Ok(defaut);
    };
    match valeur.parse::<i32>() {
        Ok(a) if (ANNEE_MIN..=ANNEE_MAX).contains(&a) => Ok(a),
        _ => Err(format!(
            "L'année « {valeur} » n'est pas valide : indiquez une année entre {ANNEE_MIN} et {ANNEE_MAX}."
        )),
    }
}

/// Paramètres d'une page de liste : `page` (à partir de 1), `par_page` (au plus
/// [`store::Pagination::PAR_PAGE_MAX`]) et `recherche` (texte libre).
struct ParametresListe {
    pagination: store::Pagination,
    recherche: Option<String>,
}

fn parametres_liste(
    requete: Option<&str>,
    par_page_defaut: u32,
) -> Result<ParametresListe, String> {
    let ps = crate::campagnes::parametres(requete);
    let entier = |nom: &str, defaut: u32, max: u32| -> Result<u32, String> {
        match crate::campagnes::parametre(&ps, nom) {
            None => Ok(defaut),
            Some(v) => v
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    format!(
                        "Le paramètre « {nom} » vaut « {v} » : attendu un nombre entier de 1 à {max}."
                    )
                }),
        }
    };
    let page = entier("page", 1, 1_000_000)?;
    let par_page = entier("par_page", par_page_defaut, store::Pagination::PAR_PAGE_MAX)?;
    Ok(ParametresListe {
        pagination: store::Pagination::new(page, par_page),
        recherche: crate::campagnes::parametre(&ps, "recherche")
            .map(|r| r.trim().chars().take(100).collect::<String>())
            .filter(|r| !r.is_empty()),
    })
}

/// Liens et position dans une liste paginée.
struct VuePagination {
    page: u32,
    pages: u32,
    total: i64,
    premiere_ligne: i64,
    derniere_ligne: i64,
    precedente: Option<String>,
    suivante: Option<String>,
}

/// Pagination d'une page de liste : `chemin` et les paramètres à garder dans les liens.
fn vue_pagination<T>(
    page: &store::Page<T>,
    lignes: usize,
    chemin: &str,
    garder: &[(&str, String)],
) -> VuePagination {
    let pages = page.pages();
    let numero = page.pagination.page;
    let lien = |n: u32| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (nom, v) in garder {
            if !v.is_empty() {
                s.append_pair(nom, v);
            }
        }
        s.append_pair("page", &n.to_string());
        format!("{chemin}?{}", s.finish())
    };
    let premiere_ligne = i64::from(numero - 1) * i64::from(page.pagination.par_page) + 1;
    VuePagination {
        page: numero,
        pages,
        total: page.total,
        premiere_ligne: premiere_ligne.min(page.total.max(1)),
        derniere_ligne: premiere_ligne + lignes as i64 - 1,
        precedente: (numero > 1).then(|| lien((numero - 1).min(pages))),
        suivante: (numero < pages).then(|| lien(numero + 1)),
    }
}

/// Collectivités par page de l'accueil.
const COLLECTIVITES_PAR_PAGE: u32 = 100;
/// Agents par page d'une collectivité (l'éligibilité n'est calculée que pour eux).
const AGENTS_PAR_PAGE: u32 = 50;

struct VueCollectivite {
    code: String,
    nom: String,
    type_libelle: String,
    population: String,
    affiliee: &'static str,
    agents: i64,
}

pub(crate) fn separer_milliers(n: u32) -> String {
    let s = n.to_string();
    let mut sortie = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            sortie.push('\u{a0}');
        }
        sortie.push(c);
    }
    sortie
}

fn vue_collectivite(c: &Collectivite, agents: i64) -> VueCollectivite {
    VueCollectivite {
        code: c.code.clone(),
        nom: c.nom.clone(),
        type_libelle: libelle_type_collectivite(&c.type_collectivite).to_owned(),
        population: c
            .population
            .map(separer_milliers)
            .unwrap_or_else(|| "inconnue".to_owned()),
        affiliee: if c.affiliee { "oui" } else { "non" },
        agents,
    }
}

#[derive(Template)]
#[template(path = "accueil.html")]
struct PageAccueil {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    collectivites: Vec<VueCollectivite>,
    annee: i32,
    /// Le rôle ne donne accès à aucune donnée d'agent (commission).
    sans_donnees_personnelles: bool,
    recherche: String,
    pagination: VuePagination,
}

fn erreur_base(e: store::ErreurStockage) -> Erreur {
    Erreur::stockage(e).page()
}

/// Réponse de toute adresse inconnue.
pub(crate) async fn introuvable(requete: axum::extract::Request) -> Response {
    let e = Erreur::introuvable("Cette adresse ne correspond à aucune page de Passerelle.");
    if crate::erreurs::veut_json(requete.uri().path()) {
        e.into_response()
    } else {
        e.page().into_response()
    }
}

/// `GET /` : les collectivités de la portée, par pages de 100 (`page`, `par_page`), avec
/// une recherche sur le nom ou le code (`recherche`).
pub(crate) async fn accueil(
    State(p): State<EtatPartage>,
    c: Connecte,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let ps = parametres_liste(requete.as_deref(), COLLECTIVITES_PAR_PAGE)
        .map_err(|m| Erreur::mal_formee(m).page())?;
    let page = p
        .etat
        .store
        .collectivites_page(&c.portee(), ps.recherche.as_deref(), ps.pagination)
        .await
        .map_err(erreur_base)?;
    let recherche = ps.recherche.unwrap_or_default();
    Ok(Html(PageAccueil {
        titre: "Collectivités".to_owned(),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        collectivites: page
            .lignes
            .iter()
            .map(|c| vue_collectivite(&c.collectivite, c.agents))
            .collect(),
        annee: p.etat.annee_par_defaut,
        sans_donnees_personnelles: c.acteur.role == Role::Commission,
        pagination: vue_pagination(
            &page,
            page.lignes.len(),
            "/",
            &[
                ("recherche", recherche.clone()),
                (
                    "par_page",
                    if page.pagination.par_page == COLLECTIVITES_PAR_PAGE {
                        String::new()
                    } else {
                        page.pagination.par_page.to_string()
                    },
                ),
            ],
        ),
        recherche,
    })
    .into_response())
}

struct VueLigneAgent {
    matricule: String,
    nom: String,
    grade: String,
    promouvable: Vec<String>,
    examen: Vec<String>,
}

#[derive(Template)]
#[template(path = "collectivite.html")]
struct PageCollectivite {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    collectivite: VueCollectivite,
    annee: i32,
    agents: Vec<VueLigneAgent>,
    promouvables: usize,
    recherche: String,
    pagination: VuePagination,
}

/// Grade détenu à une date : celui de la période qui la contient, sinon de la dernière
/// période commencée avant.
fn periode_au(agent: &Agent, jour: jiff::civil::Date) -> Option<&Periode> {
    agent
        .periodes
        .iter()
        .filter(|p| p.debut <= jour)
        .max_by_key(|p| p.debut)
}

pub(crate) async fn collectivite(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(code): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let annee = annee_demandee(requete.as_deref(), p.etat.annee_par_defaut)
        .map_err(|m| Erreur::mal_formee(m).page())?;
    let portee = c.portee();
    // Hors de la portée de l'appelant : la même réponse que pour un code inconnu.
    let collectivite = p
        .etat
        .store
        .collectivite(&portee, &code)
        .await
        .map_err(erreur_base)?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} ».")).page()
        })?;
    let ps = parametres_liste(requete.as_deref(), AGENTS_PAR_PAGE)
        .map_err(|m| Erreur::mal_formee(m).page())?;
    // Une page d'agents seulement : l'éligibilité n'est calculée que pour eux.
    let mut page = p
        .etat
        .store
        .agents_de_collectivite_page(&portee, &code, ps.recherche.as_deref(), ps.pagination)
        .await
        .map_err(erreur_base)?;
    let agents = std::mem::take(&mut page.lignes);
    let nombre = agents.len();
    let forme = format!("{nombre} agents de la collectivité {code}");
    let lignes = tokio::task::spawn_blocking(move || {
        let date = droit::date::premier_janvier(annee);
        agents
            .into_iter()
            .map(|a| {
                // Verdicts de l'année seuls (mêmes règles et même éligibilité que la réponse
                // expliquée, vérifié par les tests du moteur) : la fiche de l'agent explique.
                let r = droit::eligibilite::eligibilites(&a.agent, annee, None);
                let eligibles = |filtre: &dyn Fn(Voie) -> bool| -> Vec<String> {
                    r.iter()
                        .filter(|v| v.eligible && filtre(v.voie))
                        .map(|v| format!("{} ({})", libelle_grade(v.cible), libelle_voie(v.voie)))
                        .collect()
                };
                VueLigneAgent {
                    grade: periode_au(&a.agent, date)
                        .and_then(|p| p.grade.as_deref())
                        .map(libelle_grade)
                        .unwrap_or_else(|| "—".to_owned()),
                    promouvable: eligibles(&|v| v != Voie::InscriptionExamen),
                    examen: eligibles(&|v| v == Voie::InscriptionExamen),
                    matricule: a.fiche.matricule,
                    nom: format!("{} {}", a.fiche.nom, a.fiche.prenom),
                }
            })
            .collect::<Vec<_>>()
    })
    .await
    // Un échec du moteur n'est jamais affiché comme « aucun agent ».
    .map_err(|e| {
        tracing::error!(
            "moteur en échec sur la page d'une collectivité ({forme}, année {annee}) : {e}"
        );
        Erreur::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "erreur_moteur",
            "Le calcul de l'éligibilité a échoué pour cette collectivité ; l'incident est \
             consigné. La liste des agents n'est pas affichée pour ne pas la présenter \
             incomplète.",
        )
        .page()
    })?;
    let recherche = ps.recherche.unwrap_or_default();
    // Nombre d'agents de la collectivité : le total sans filtre, sinon il est recompté.
    let effectif = if recherche.is_empty() {
        page.total
    } else {
        p.etat
            .store
            .agents_de_collectivite_page(&portee, &code, None, store::Pagination::new(1, 1))
            .await
            .map_err(erreur_base)?
            .total
    };
    let chemin = format!("/collectivites/{code}");
    let pagination = vue_pagination(
        &page,
        nombre,
        &chemin,
        &[
            ("annee", annee.to_string()),
            ("recherche", recherche.clone()),
            (
                "par_page",
                if page.pagination.par_page == AGENTS_PAR_PAGE {
                    String::new()
                } else {
                    page.pagination.par_page.to_string()
                },
            ),
        ],
    );
    Ok(Html(PageCollectivite {
        titre: collectivite.nom.clone(),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        promouvables: lignes.iter().filter(|l| !l.promouvable.is_empty()).count(),
        collectivite: vue_collectivite(&collectivite, effectif),
        annee,
        agents: lignes,
        recherche,
        pagination,
    })
    .into_response())
}

struct VuePeriode {
    du: String,
    au: String,
    versant: String,
    statut: String,
    grade: String,
    position: String,
    quotite: String,
    emploi: String,
}

struct VueFormation {
    type_libelle: String,
    date: String,
    jours: String,
}

struct VueCondition {
    libelle: String,
    resultat: &'static str,
    requis: String,
    constate: String,
    reference: String,
    non_verifiee: bool,
}

struct VueVariante {
    libelle: String,
    eligible: bool,
    conditions: Vec<VueCondition>,
}

struct VueVoie {
    titre: String,
    eligible: bool,
    premiere_annee: String,
    variantes: Vec<VueVariante>,
}

#[derive(Template)]
#[template(path = "agent.html")]
struct PageAgent {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    annee: i32,
    date_appreciation: String,
    matricule: String,
    collectivite_code: String,
    collectivite_nom: String,
    periodes: Vec<VuePeriode>,
    formations: Option<Vec<VueFormation>>,
    voies: Vec<VueVoie>,
    voies_ouvertes: usize,
}

fn nombre_fr(x: f64) -> String {
    let s = format!("{x}");
    s.replace('.', ",")
}

fn vue_voie(v: &ResultatVoie) -> VueVoie {
    VueVoie {
        titre: format!("{} — {}", libelle_grade(&v.cible), libelle_voie(v.voie)),
        eligible: v.eligible,
        premiere_annee: v
            .premiere_annee_eligible
            .map(|a| a.to_string())
            .unwrap_or_else(|| "aucune dans les 40 ans examinés".to_owned()),
        variantes: v
            .variantes
            .iter()
            .map(|va| VueVariante {
                libelle: if va.libelle.is_empty() {
                    va.code.to_string()
                } else {
                    va.libelle.to_string()
                },
                eligible: va.eligible,
                conditions: va
                    .conditions
                    .iter()
                    .map(|c| VueCondition {
                        libelle: c.libelle.to_string(),
                        resultat: match c.satisfaite {
                            Some(true) => "Remplie",
                            Some(false) => "Non remplie",
                            None => "Inconnue",
                        },
                        requis: c.requis.to_string(),
                        constate: c.constate.to_string(),
                        reference: c.reference.to_string(),
                        non_verifiee: !c.verifie,
                    })
                    .collect(),
            })
            .collect(),
    }
}

pub(crate) async fn agent(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(matricule): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let annee = annee_demandee(requete.as_deref(), p.etat.annee_par_defaut)
        .map_err(|m| Erreur::mal_formee(m).page())?;
    let portee = c.portee();
    let a = p
        .etat
        .store
        .agent(&portee, &matricule)
        .await
        .map_err(erreur_base)?
        .ok_or_else(|| {
            Erreur::introuvable(format!("Aucun agent n'a le matricule « {matricule} ».")).page()
        })?;
    let collectivite_nom = p
        .etat
        .store
        .collectivite(&portee, &a.fiche.code_collectivite)
        .await
        .map_err(erreur_base)?
        .map(|c| c.nom)
        .unwrap_or_default();
    let agent = a.agent.clone();
    let forme = crate::moteur::forme_agent(&a.agent);
    let reponse =
        tokio::task::spawn_blocking(move || droit::eligibilite::evaluer_agent(&agent, annee, None))
            .await
            .map_err(|e| {
                tracing::error!(
                    "moteur en échec sur la page d'un agent ({forme}, année {annee}) : {e}"
                );
                Erreur::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "erreur_moteur",
                    "Le calcul de l'éligibilité a échoué pour cet agent ; l'incident est consigné.",
                )
                .page()
            })?;
    let mut periodes: Vec<&Periode> = a.agent.periodes.iter().collect();
    periodes.sort_by_key(|p| p.debut);
    Ok(Html(PageAgent {
        titre: format!("{} {}", a.fiche.prenom, a.fiche.nom),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        annee,
        date_appreciation: format_fr(reponse.date_appreciation),
        matricule: a.fiche.matricule.clone(),
        collectivite_code: a.fiche.code_collectivite.clone(),
        collectivite_nom,
        periodes: periodes
            .into_iter()
            .map(|p| VuePeriode {
                du: format_fr(p.debut),
                au: p
                    .fin
                    .map(format_fr)
                    .unwrap_or_else(|| "en cours".to_owned()),
                versant: libelle_code(&p.versant),
                statut: libelle_code(&p.statut),
                grade: p
                    .grade
                    .as_deref()
                    .map(libelle_grade)
                    .unwrap_or_else(|| "—".to_owned()),
                position: match p.motif_disponibilite {
                    Some(m) => format!("{} ({})", libelle_code(&p.position), libelle_code(&m)),
                    None => libelle_code(&p.position),
                },
                quotite: match p.heures_hebdomadaires {
                    Some(h) => format!(
                        "{} % ; temps non complet {} h",
                        nombre_fr(p.quotite()),
                        nombre_fr(h)
                    ),
                    None => format!("{} %", nombre_fr(p.quotite())),
                },
                emploi: p
                    .emploi
                    .as_ref()
                    .map(|e| match e.population_retenue() {
                        Some(n) => format!(
                            "{} ({} habitants)",
                            libelle_code(&e.code),
                            separer_milliers(n)
                        ),
                        None => libelle_code(&e.code),
                    })
                    .unwrap_or_else(|| "—".to_owned()),
            })
            .collect(),
        formations: a.agent.formations.as_ref().map(|fs| {
            fs.iter()
                .map(|f| VueFormation {
                    type_libelle: libelle_code(&f.type_formation),
                    date: format_fr(f.date),
                    jours: nombre_fr(f.jours),
                })
                .collect()
        }),
        voies_ouvertes: reponse.voies.iter().filter(|v| v.eligible).count(),
        voies: {
            // Voies ouvertes d'abord ; l'ordre du moteur est conservé à l'intérieur.
            let mut voies: Vec<VueVoie> = reponse.voies.iter().map(vue_voie).collect();
            voies.sort_by_key(|v| !v.eligible);
            voies
        },
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annee_par_defaut_ou_demandee_dans_les_bornes_du_contrat() {
        // Contrat v1 : années admises de 1950 à 2100.
        assert_eq!(annee_demandee(None, 2026), Ok(2026));
        assert_eq!(annee_demandee(Some("annee=2030"), 2026), Ok(2030));
        assert_eq!(annee_demandee(Some("x=1&annee="), 2026), Ok(2026));
        assert!(annee_demandee(Some("annee=2101"), 2026).is_err());
        assert!(annee_demandee(Some("annee=deux"), 2026).is_err());
    }

    #[test]
    fn milliers_separes_par_une_espace_insecable() {
        assert_eq!(separer_milliers(522_250), "522\u{a0}250");
        assert_eq!(separer_milliers(950), "950");
    }
}
