//! Pages du registre des inscriptions sur les listes d'aptitude : le registre (recherche et
//! pagination), la page d'une inscription (évènements, situation expliquée, formulaires) et
//! les relances. Mêmes opérations que l'API (`inscriptions`), mêmes règles d'accès.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Redirect, Response};
use droit::catalogue::Catalogue;
use droit::date::format_fr;
use droit::liste_aptitude::{EtatEcheance, MotifSuspension, ReponseOffre};
use jiff::civil::Date;
use store::Role;
use store::inscriptions::{
    EvenementInscription, InscriptionDetaillee, NouvelEvenement, TypeEvenement,
    libelle_motif_radiation,
};

use crate::EtatPartage;
use crate::acces::{Connecte, champ};
use crate::campagnes::parametres;
use crate::erreurs::Erreur;
use crate::inscriptions::{filtre, inscription_ou_404, rappel, registre, relances_du_jour};
use crate::pages::{Entete, Html};

/// Motifs de suspension du décompte, dans l'ordre de la FAQ CNFPT ingénieur en chef Q36.
const MOTIFS: [MotifSuspension; 10] = [
    MotifSuspension::CongeParental,
    MotifSuspension::CongeMaternite,
    MotifSuspension::CongeAdoption,
    MotifSuspension::CongePresenceParentale,
    MotifSuspension::CongeSolidariteFamiliale,
    MotifSuspension::CongeLongueDuree,
    MotifSuspension::ServiceNational,
    MotifSuspension::MandatEluLocal,
    MotifSuspension::ContratL332_13,
    MotifSuspension::ServiceCivique,
];

fn code<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn libelle_grade(c: &str) -> String {
    Catalogue::get().libelle_grade(c).to_owned()
}

fn date_fr(d: Option<Date>, absente: &str) -> String {
    d.map(format_fr).unwrap_or_else(|| absente.to_owned())
}

struct Choix {
    code: String,
    libelle: String,
    choisi: bool,
}

struct LigneRegistre {
    id: i64,
    nom: String,
    matricule: String,
    cible: String,
    annee: i32,
    inscription: String,
    etat: String,
    fin_validite: String,
    prochaine_demande: String,
}

fn ligne(d: &InscriptionDetaillee) -> LigneRegistre {
    let i = &d.inscription;
    LigneRegistre {
        id: i.id,
        nom: format!("{} {}", i.nom, i.prenom),
        matricule: i.matricule.clone().unwrap_or_else(|| "—".into()),
        cible: libelle_grade(&i.cible),
        annee: i.annee,
        inscription: format_fr(i.inscription),
        etat: d.etat.libelle(),
        fin_validite: date_fr(
            d.etat.fin_validite,
            "inconnue (décompte suspendu sans date de fin)",
        ),
        prochaine_demande: date_fr(d.etat.prochaine_demande_maintien_avant, "—"),
    }
}

#[derive(Template)]
#[template(path = "inscriptions.html")]
struct PageRegistre {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    au: String,
    texte: String,
    annee: String,
    cibles: Vec<Choix>,
    statuts: Vec<Choix>,
    lignes: Vec<LigneRegistre>,
    total: usize,
    page: u32,
    pages: u32,
    precedente: Option<String>,
    suivante: Option<String>,
    cdg: bool,
    csrf: String,
}

fn adresse_page(ps: &[(String, String)], page: u32) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in ps.iter().filter(|(k, v)| k != "page" && !v.is_empty()) {
        s.append_pair(k, v);
    }
    s.append_pair("page", &page.to_string());
    format!("/inscriptions?{}", s.finish())
}

/// `GET /inscriptions` : le registre.
pub(crate) async fn page_registre(
    State(p): State<EtatPartage>,
    c: Connecte,
    RawQuery(q): RawQuery,
) -> Result<Response, Erreur> {
    let ps = parametres(q.as_deref());
    let mut f = filtre(&ps).map_err(Erreur::page)?;
    f.page = Some(f.page.unwrap_or(1));
    let page = registre(&p, &c, &f).await.map_err(Erreur::page)?;
    let pages = (page.total as u32).div_ceil(page.par_page).max(1);
    let valeur = |nom: &str| {
        ps.iter()
            .find(|(k, _)| k == nom)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let cible_choisie = valeur("cible");
    let statut_choisi = valeur("statut");
    let mut cibles: Vec<Choix> = droit::quota::CIBLES_PROMOTION_INTERNE
        .iter()
        .map(|c| Choix {
            code: (*c).to_owned(),
            libelle: libelle_grade(c),
            choisi: *c == cible_choisie,
        })
        .collect();
    cibles.sort_by_key(|a| store::cle_tri(&a.libelle));
    let statuts = [
        ("inscrit", "inscrite"),
        ("suspendu", "inscrite, décompte suspendu"),
        ("radie", "radiée"),
    ]
    .iter()
    .map(|(c, l)| Choix {
        code: (*c).to_owned(),
        libelle: (*l).to_owned(),
        choisi: *c == statut_choisi,
    })
    .collect();
    Ok(Html(PageRegistre {
        titre: "Listes d'aptitude : registre des inscriptions".into(),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        au: format_fr(p.etat.horloge.aujourdhui()),
        texte: valeur("texte"),
        annee: valeur("annee"),
        cibles,
        statuts,
        lignes: page.inscriptions.iter().map(ligne).collect(),
        total: page.total,
        page: page.page,
        pages,
        precedente: (page.page > 1).then(|| adresse_page(&ps, page.page - 1)),
        suivante: (page.page < pages).then(|| adresse_page(&ps, page.page + 1)),
        cdg: c.acteur.role != Role::Collectivite,
        csrf: c.csrf.clone(),
    })
    .into_response())
}

#[derive(Template)]
#[template(path = "import_inscriptions.html")]
struct PageImport {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    fichier: String,
    creees: usize,
    deja_presentes: usize,
    evenements: usize,
}

/// `POST /inscriptions/import` (formulaire avec fichier) : importe des listes antérieures
/// (même lecture et mêmes règles que `POST /api/v1/inscriptions/import`) et dit le bilan.
pub(crate) async fn formulaire_import(
    State(p): State<EtatPartage>,
    c: Connecte,
    entetes: axum::http::HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let parties = crate::multipart::parties_de_page(&entetes, &corps)?;
    let fichier = parties
        .iter()
        .find(|q| q.nom == "fichier" && !q.octets.is_empty())
        .ok_or_else(|| {
            Erreur::invalide("Choisissez le fichier CSV des listes à importer.").page()
        })?;
    let nom = fichier.nom_court("fichier envoyé");
    let bilan = crate::inscriptions::importer_fichier(&p, &c, &nom, &fichier.octets)
        .await
        .map_err(Erreur::page)?;
    Ok(Html(PageImport {
        titre: "Listes d'aptitude : import".into(),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        fichier: nom,
        creees: bilan.creees,
        deja_presentes: bilan.deja_presentes,
        evenements: bilan.evenements,
    })
    .into_response())
}

struct LigneEcheance {
    annee: u8,
    terme: String,
    avant: String,
    recue: String,
    etat: &'static str,
}

struct LigneOffre {
    date: String,
    reponse: String,
    refus: &'static str,
}

struct LigneEvenement {
    date: String,
    sorte: &'static str,
    detail: String,
    par: String,
}

fn detail_evenement(e: &EvenementInscription) -> String {
    let d = &e.detail;
    let texte = |k: &str| d.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
    match e.type_evenement {
        TypeEvenement::Suspension | TypeEvenement::FinSuspension => d
            .get("motif")
            .and_then(|m| serde_json::from_value::<MotifSuspension>(m.clone()).ok())
            .map(|m| m.libelle().to_owned())
            .unwrap_or_default(),
        TypeEvenement::ReponseOffre => match texte("reponse").as_str() {
            "acceptee" => "acceptée".into(),
            "refusee" => "refusée".into(),
            autre => autre.into(),
        },
        TypeEvenement::Nomination => {
            let stage = match (
                d.get("titularisation_directe").and_then(|v| v.as_bool()),
                d.get("stage_mois").and_then(|v| v.as_u64()),
            ) {
                (Some(true), _) => "titularisation directe, sans stage".to_owned(),
                (_, Some(m)) => format!("stage de {m} mois"),
                _ => "durée du stage inconnue".to_owned(),
            };
            format!(
                "{} ({}), emploi : {}, vacance : {} ; {}",
                texte("collectivite"),
                "collectivité qui nomme",
                texte("emploi"),
                texte("vacance"),
                stage
            )
        }
        TypeEvenement::ConfirmationNomination => {
            if d.get("agent_enregistre").and_then(|v| v.as_bool()) == Some(true) {
                format!(
                    "période de {} ajoutée à la carrière de l'agent",
                    texte("statut")
                )
            } else {
                "agent non enregistré dans Passerelle : carrière inchangée".into()
            }
        }
        _ => String::new(),
    }
}

#[derive(Template)]
#[template(path = "inscription.html")]
struct PageInscription {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    csrf: String,
    id: i64,
    identite: String,
    matricule: Option<String>,
    cible: String,
    annee: i32,
    inscription: String,
    collectivite: String,
    centre_gestion: String,
    au: String,
    etat: String,
    radiee: bool,
    motif_radiation: String,
    date_radiation: String,
    fin_validite: String,
    fin_maximale: String,
    prochaine_demande: String,
    jours_suspendus: u32,
    explication: String,
    references: Vec<String>,
    non_verifiee: bool,
    echeances: Vec<LigneEcheance>,
    offres: Vec<LigneOffre>,
    evenements: Vec<LigneEvenement>,
    cdg: bool,
    nommee: bool,
    /// Une demande de maintien est attendue : la lettre de relance peut être éditée.
    relance: bool,
    confirmee: bool,
    motifs: Vec<Choix>,
    collectivites: Vec<Choix>,
    aujourdhui: String,
}

/// `GET /inscriptions/{id}`.
pub(crate) async fn page_inscription(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let d = inscription_ou_404(&p, &c, &id)
        .await
        .map_err(Erreur::page)?;
    let collectivites = p
        .etat
        .store
        .collectivites(&c.portee())
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let i = &d.inscription;
    let e = &d.etat;
    let m = &e.moteur;
    let a_type = |t: TypeEvenement| d.evenements.iter().any(|x| x.type_evenement == t);
    Ok(Html(PageInscription {
        titre: format!("Inscription sur liste d'aptitude : {} {}", i.prenom, i.nom),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        csrf: c.csrf.clone(),
        id: i.id,
        identite: format!("{} {}", i.prenom, i.nom),
        matricule: i.matricule.clone(),
        cible: libelle_grade(&i.cible),
        annee: i.annee,
        inscription: format_fr(i.inscription),
        collectivite: i.collectivite.clone().unwrap_or_else(|| "inconnue".into()),
        centre_gestion: i
            .centre_gestion
            .clone()
            .unwrap_or_else(|| "ce centre de gestion".into()),
        au: format_fr(e.au),
        etat: e.libelle(),
        radiee: e.motif_radiation.is_some(),
        motif_radiation: e
            .motif_radiation
            .map(libelle_motif_radiation)
            .unwrap_or("")
            .to_owned(),
        date_radiation: date_fr(e.date_radiation, "inconnue"),
        fin_validite: date_fr(
            e.fin_validite,
            "inconnue (décompte suspendu sans date de fin connue)",
        ),
        fin_maximale: date_fr(m.fin_validite_maximale, "inconnue"),
        prochaine_demande: date_fr(
            e.prochaine_demande_maintien_avant,
            "aucune demande à faire pour l'instant",
        ),
        jours_suspendus: m.jours_suspendus,
        explication: m.explication.clone(),
        references: m.references.clone(),
        non_verifiee: !m.verifie,
        echeances: m
            .echeances
            .iter()
            .map(|x| LigneEcheance {
                annee: x.annee,
                terme: date_fr(x.terme, "inconnu"),
                avant: date_fr(x.demande_maintien_avant, "—"),
                recue: date_fr(x.demande_recue, "—"),
                etat: match x.etat {
                    EtatEcheance::AVenir => "à venir",
                    EtatEcheance::MaintienObtenu => "maintien obtenu",
                    EtatEcheance::MaintienNonDemande => "maintien non demandé à temps",
                    EtatEcheance::Echue => "échue",
                    EtatEcheance::SansObjet => "sans objet (radiation antérieure)",
                },
            })
            .collect(),
        offres: m
            .offres
            .iter()
            .map(|o| LigneOffre {
                date: format_fr(o.date),
                reponse: match (o.reponse, o.reputee_refusee_le) {
                    (Some(ReponseOffre::Acceptee), _) => "acceptée".into(),
                    (Some(ReponseOffre::Refusee), _) => "refusée".into(),
                    (None, Some(r)) => format!(
                        "sans réponse ; réputée refusée à partir du {}",
                        format_fr(r)
                    ),
                    (None, None) => "sans réponse".into(),
                },
                refus: if o.sans_effet {
                    "sans effet (après la radiation)"
                } else if o.refus {
                    "oui"
                } else {
                    "non"
                },
            })
            .collect(),
        evenements: d
            .evenements
            .iter()
            .map(|x| LigneEvenement {
                date: format_fr(x.date),
                sorte: x.type_evenement.libelle(),
                detail: detail_evenement(x),
                par: x.enregistre_par.clone(),
            })
            .collect(),
        cdg: c.acteur.role != Role::Collectivite,
        nommee: a_type(TypeEvenement::Nomination),
        relance: d.etat.prochaine_demande_maintien_avant.is_some() && d.etat.fin_validite.is_some(),
        confirmee: a_type(TypeEvenement::ConfirmationNomination),
        motifs: MOTIFS
            .iter()
            .map(|m| Choix {
                code: code(m),
                libelle: m.libelle().to_owned(),
                choisi: false,
            })
            .collect(),
        collectivites: collectivites
            .iter()
            .map(|x| Choix {
                code: x.collectivite.code.clone(),
                libelle: x.collectivite.nom.clone(),
                choisi: i.collectivite.as_deref() == Some(x.collectivite.code.as_str()),
            })
            .collect(),
        aujourdhui: p.etat.horloge.aujourdhui().to_string(),
    })
    .into_response())
}

/// `POST /inscriptions/{id}/evenements` (formulaire) : enregistre l'évènement puis revient
/// à la page de l'inscription.
pub(crate) async fn formulaire_evenement(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let texte = |nom: &str| champ(&corps, nom).filter(|v| !v.trim().is_empty());
    let invalide = |m: String| Erreur::invalide(m).page();
    let type_evenement: TypeEvenement = texte("type")
        .and_then(|t| serde_json::from_value(serde_json::Value::String(t)).ok())
        .ok_or_else(|| invalide("Sorte d'évènement inconnue.".into()))?;
    let date = texte("date")
        .map(|d| {
            d.parse::<Date>()
                .map_err(|_| invalide(format!("La date « {d} » n'est pas une date valide.")))
        })
        .transpose()?;
    let motif = texte("motif")
        .map(|m| {
            serde_json::from_value::<MotifSuspension>(serde_json::Value::String(m.clone()))
                .map_err(|_| invalide(format!("Motif de suspension inconnu : « {m} ».")))
        })
        .transpose()?;
    let reponse = texte("reponse")
        .map(|m| {
            serde_json::from_value::<ReponseOffre>(serde_json::Value::String(m.clone()))
                .map_err(|_| invalide(format!("Réponse inconnue : « {m} ».")))
        })
        .transpose()?;
    let poste_cree = match texte("poste_cree").as_deref() {
        Some("oui") => Some(true),
        Some("non") => Some(false),
        _ => None,
    };
    let ev = NouvelEvenement {
        type_evenement,
        date,
        motif,
        reponse,
        collectivite: texte("collectivite"),
        emploi: texte("emploi"),
        vacance: texte("vacance"),
        poste_cree,
    };
    crate::inscriptions::enregistrer_evenement(&p, &c, &id, &ev)
        .await
        .map_err(Erreur::page)?;
    Ok(Redirect::to(&format!("/inscriptions/{id}")).into_response())
}

struct LigneRelance {
    id: i64,
    nom: String,
    cible: String,
    collectivite: String,
    fin_validite: String,
    avant: String,
    rappel: String,
}

struct LigneTerminee {
    id: i64,
    nom: String,
    cible: String,
    date_radiation: String,
    motif: String,
}

#[derive(Template)]
#[template(path = "relances.html")]
struct PageRelances {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    au: String,
    semaines: u32,
    limite: String,
    a_relancer: Vec<LigneRelance>,
    terminees: Vec<LigneTerminee>,
}

/// `GET /inscriptions/relances`.
pub(crate) async fn page_relances(
    State(p): State<EtatPartage>,
    c: Connecte,
    RawQuery(q): RawQuery,
) -> Result<Response, Erreur> {
    let r = relances_du_jour(&p, &c, &parametres(q.as_deref()))
        .await
        .map_err(Erreur::page)?;
    Ok(Html(PageRelances {
        titre: "Listes d'aptitude : relances".into(),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        au: format_fr(r.au),
        semaines: r.semaines,
        limite: format_fr(r.limite),
        a_relancer: r
            .a_relancer
            .iter()
            .map(|d| LigneRelance {
                id: d.inscription.id,
                nom: format!("{} {}", d.inscription.nom, d.inscription.prenom),
                cible: libelle_grade(&d.inscription.cible),
                collectivite: d.inscription.collectivite.clone().unwrap_or_default(),
                fin_validite: date_fr(d.etat.fin_validite, "inconnue"),
                avant: date_fr(d.etat.prochaine_demande_maintien_avant, "—"),
                rappel: rappel(d),
            })
            .collect(),
        terminees: r
            .terminees
            .iter()
            .map(|d| LigneTerminee {
                id: d.inscription.id,
                nom: format!("{} {}", d.inscription.nom, d.inscription.prenom),
                cible: libelle_grade(&d.inscription.cible),
                date_radiation: date_fr(d.etat.date_radiation, "inconnue"),
                motif: d
                    .etat
                    .motif_radiation
                    .map(libelle_motif_radiation)
                    .unwrap_or("motif inconnu")
                    .to_owned(),
            })
            .collect(),
    })
    .into_response())
}
