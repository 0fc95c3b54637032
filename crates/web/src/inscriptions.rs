//! API du registre des inscriptions sur les listes d'aptitude et de leur vie (contrat v2,
//! « Life of the liste d'aptitude and nomination », étendu).
//!
//! | route | règle | ce qu'elle fait |
//! |---|---|---|
//! | `GET /api/v1/inscriptions[?cible=&annee=&texte=&statut=&collectivite=&echeance_avant=&page=&par_page=]` | administrateur, gestionnaire, collectivité (les siennes) | le registre, situation calculée à la date du jour |
//! | `POST /api/v1/inscriptions` | administrateur, gestionnaire | inscrit une personne (liste antérieure, autre centre de gestion) |
//! | `GET /api/v1/inscriptions/{id}` | administrateur, gestionnaire, collectivité | l'inscription, ses évènements, sa situation expliquée |
//! | `POST /api/v1/inscriptions/{id}/evenements` | administrateur, gestionnaire ; collectivité (nomination et sa confirmation seulement) | enregistre un évènement, rend la nouvelle situation |
//! | `POST /api/v1/inscriptions/import[?fichier=nom.csv]` | administrateur, gestionnaire | importe des listes antérieures (CSV, tout ou rien) |
//! | `GET /api/v1/inscriptions/relances[?semaines=8]` | administrateur, gestionnaire | demandes de maintien à recevoir dans les N semaines ; inscriptions terminées et leur motif |
//! | `GET /api/v1/inscriptions/relances.csv[?semaines=8][&encodage=windows-1252]` | administrateur, gestionnaire | les mêmes relances en CSV (`;`, UTF-8 avec BOM ou Windows-1252) |
//!
//! « Aujourd'hui » est la date civile à Paris, lue à la bordure ([`crate::Horloge`]) ; la
//! situation est celle de la commande `liste-aptitude` du moteur.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use droit::catalogue::Catalogue;
use droit::date::format_fr;
use jiff::civil::Date;
use serde_json::{Value, json};
use store::Role;
use store::inscriptions::{
    FiltreInscriptions, InscriptionDetaillee, NouvelEvenement, NouvelleInscription,
    PageInscriptions, libelle_motif_radiation,
};

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::campagnes::{parametre, parametre_entier, parametres};
use crate::erreurs::{Erreur, lire_json};

/// Nombre de lignes par page par défaut (pages du registre).
pub(crate) const PAR_PAGE: u32 = 50;

/// L'entrée du registre d'une inscription (contrat v2, étendu).
pub(crate) fn vue_resume(d: &InscriptionDetaillee) -> Value {
    let i = &d.inscription;
    let e = &d.etat;
    json!({
        "id": i.id,
        "matricule": i.matricule,
        "nom": i.nom,
        "prenom": i.prenom,
        "cible": i.cible,
        "annee": i.annee,
        "inscription": i.inscription,
        "collectivite": i.collectivite,
        "centre_gestion": i.centre_gestion,
        "fin_validite": e.fin_validite,
        "prochaine_demande_maintien_avant": e.prochaine_demande_maintien_avant,
        "statut": e.statut,
        "motif_radiation": e.motif_radiation,
        "date_radiation": e.date_radiation,
        "suspendu_depuis": e.suspendu_depuis,
        "etat": e.code(),
        "etat_libelle": e.libelle(),
        "au": e.au,
    })
}

/// L'inscription complète : identité, évènements, situation et réponse du moteur.
pub(crate) fn vue_detail(d: &InscriptionDetaillee) -> Value {
    let mut v = vue_resume(d);
    if let Value::Object(m) = &mut v {
        m.insert("date_naissance".into(), json!(d.inscription.date_naissance));
        m.insert("liste_id".into(), json!(d.inscription.liste_id));
        m.insert("source".into(), json!(d.inscription.source));
        m.insert("creee_le".into(), json!(d.inscription.creee_le));
        m.insert("creee_par".into(), json!(d.inscription.creee_par));
        m.insert("evenements".into(), json!(d.evenements));
        m.insert("liste_aptitude".into(), json!(d.etat.moteur));
    }
    v
}

fn date_parametre(ps: &[(String, String)], nom: &str) -> Result<Option<Date>, Erreur> {
    parametre(ps, nom)
        .map(|v| {
            v.parse::<Date>().map_err(|_| {
                Erreur::invalide(format!(
                    "Le paramètre « {nom} » vaut « {v} » : attendu une date AAAA-MM-JJ."
                ))
            })
        })
        .transpose()
}

/// Filtre du registre lu dans les paramètres d'une adresse.
pub(crate) fn filtre(ps: &[(String, String)]) -> Result<FiltreInscriptions, Erreur> {
    let statut = parametre(ps, "statut").map(str::to_owned);
    if let Some(s) = &statut
        && !["inscrit", "suspendu", "radie"].contains(&s.as_str())
    {
        return Err(Erreur::invalide(format!(
            "Le paramètre « statut » vaut « {s} » : attendu inscrit, suspendu ou radie."
        )));
    }
    let annee = parametre(ps, "annee")
        .map(|v| {
            v.parse::<i32>().map_err(|_| {
                Erreur::invalide(format!(
                    "Le paramètre « annee » vaut « {v} » : attendu une année."
                ))
            })
        })
        .transpose()?;
    Ok(FiltreInscriptions {
        texte: parametre(ps, "texte").map(str::to_owned),
        cible: parametre(ps, "cible").map(str::to_owned),
        annee,
        collectivite: parametre(ps, "collectivite").map(str::to_owned),
        statut,
        echeance_avant: date_parametre(ps, "echeance_avant")?,
        page: parametre_entier(ps, "page", 100_000)?,
        par_page: parametre_entier(ps, "par_page", 1_000)?.unwrap_or(PAR_PAGE),
    })
}

/// Le registre dans la portée de la personne connectée, à la date du jour.
pub(crate) async fn registre(
    p: &EtatPartage,
    c: &Connecte,
    f: &FiltreInscriptions,
) -> Result<PageInscriptions, Erreur> {
    p.etat
        .store
        .inscriptions(&c.portee(), f, p.etat.horloge.aujourdhui())
        .await
        .map_err(Erreur::stockage)
}

/// `GET /api/v1/inscriptions`.
pub(crate) async fn lister(
    State(p): State<EtatPartage>,
    c: Connecte,
    RawQuery(q): RawQuery,
) -> Result<Response, Erreur> {
    let f = filtre(&parametres(q.as_deref()))?;
    let page = registre(&p, &c, &f).await?;
    let lignes: Vec<Value> = page.inscriptions.iter().map(vue_resume).collect();
    Ok((
        StatusCode::OK,
        axum::Json(json!({
            "inscriptions": lignes,
            "total": page.total,
            "page": page.page,
            "par_page": if f.page.is_some() { json!(page.par_page) } else { Value::Null },
            "au": p.etat.horloge.aujourdhui(),
        })),
    )
        .into_response())
}

/// Une inscription de la portée, ou 404.
pub(crate) async fn inscription_ou_404(
    p: &EtatPartage,
    c: &Connecte,
    id: &str,
) -> Result<InscriptionDetaillee, Erreur> {
    let introuvable = || Erreur::introuvable(format!("Aucune inscription n° « {id} »."));
    let n: i64 = id.parse().map_err(|_| introuvable())?;
    p.etat
        .store
        .inscription(&c.portee(), n, p.etat.horloge.aujourdhui())
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(introuvable)
}

/// `GET /api/v1/inscriptions/{id}`.
pub(crate) async fn lire(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let d = inscription_ou_404(&p, &c, &id).await?;
    Ok((StatusCode::OK, axum::Json(vue_detail(&d))).into_response())
}

/// Enregistre une inscription ; la collectivité est celle de l'agent enregistré quand le
/// matricule est connu et qu'elle n'est pas donnée.
pub(crate) async fn creer_inscription(
    p: &EtatPartage,
    c: &Connecte,
    mut n: NouvelleInscription,
) -> Result<InscriptionDetaillee, Erreur> {
    if n.collectivite.is_none()
        && let Some(m) = &n.matricule
        && let Some(a) = p
            .etat
            .store
            .agent(&store::Portee::Cdg, m)
            .await
            .map_err(Erreur::stockage)?
    {
        n.collectivite = Some(a.fiche.code_collectivite);
    }
    if Catalogue::get().grade(&n.cible).is_none() {
        return Err(Erreur::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            campagne::codes::CODE_INCONNU,
            format!(
                "Le grade d'accès « {} » est inconnu du catalogue (voir docs/codes.md).",
                n.cible
            ),
        )
        .chemin("/cible"));
    }
    let aujourdhui = p.etat.horloge.aujourdhui();
    let ids = p
        .etat
        .store
        .creer_inscriptions(&c.acteur, std::slice::from_ref(&n), aujourdhui)
        .await
        .map_err(Erreur::stockage)?;
    let id = ids.first().copied().ok_or_else(Erreur::interne)?;
    p.etat
        .store
        .inscription(&store::Portee::Cdg, id, aujourdhui)
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(Erreur::interne)
}

/// `POST /api/v1/inscriptions`.
pub(crate) async fn creer(
    State(p): State<EtatPartage>,
    c: Connecte,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let n: NouvelleInscription = lire_json(&corps)?;
    let d = creer_inscription(&p, &c, n).await?;
    Ok((StatusCode::CREATED, axum::Json(vue_detail(&d))).into_response())
}

/// Enregistre un évènement (contrôle du rôle : une collectivité n'enregistre que la
/// nomination et sa confirmation).
pub(crate) async fn enregistrer_evenement(
    p: &EtatPartage,
    c: &Connecte,
    id: &str,
    ev: &NouvelEvenement,
) -> Result<InscriptionDetaillee, Erreur> {
    if c.acteur.role == Role::Collectivite && !ev.type_evenement.ouvert_aux_collectivites() {
        return Err(Erreur::new(
            StatusCode::FORBIDDEN,
            "acces_refuse",
            format!(
                "Une collectivité enregistre la nomination et sa confirmation ; la « {} » est \
                 enregistrée par le service carrières du centre de gestion.",
                ev.type_evenement.libelle()
            ),
        ));
    }
    let introuvable = || Erreur::introuvable(format!("Aucune inscription n° « {id} »."));
    let n: i64 = id.parse().map_err(|_| introuvable())?;
    p.etat
        .store
        .ajouter_evenement(&c.acteur, n, ev, p.etat.horloge.aujourdhui())
        .await
        .map_err(Erreur::stockage)?
        .ok_or_else(|| {
            Erreur::introuvable(format!(
                "Aucune inscription n° « {id} »{}.",
                match &ev.collectivite {
                    Some(code)
                        if ev.type_evenement == store::inscriptions::TypeEvenement::Nomination =>
                    {
                        format!(" ou aucune collectivité « {code} »")
                    }
                    _ => String::new(),
                }
            ))
        })
}

/// `POST /api/v1/inscriptions/{id}/evenements`.
pub(crate) async fn evenement(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let ev: NouvelEvenement = lire_json(&corps)?;
    let d = enregistrer_evenement(&p, &c, &id, &ev).await?;
    Ok((StatusCode::OK, axum::Json(vue_detail(&d))).into_response())
}

/// Les relances : demandes de maintien à recevoir d'ici `semaines` semaines (la plus
/// proche d'abord), et inscriptions terminées autrement que par une nomination (la plus
/// récente d'abord).
pub(crate) struct Relances {
    pub au: Date,
    pub semaines: u32,
    pub limite: Date,
    pub a_relancer: Vec<InscriptionDetaillee>,
    pub terminees: Vec<InscriptionDetaillee>,
}

pub(crate) async fn relances_du_jour(
    p: &EtatPartage,
    c: &Connecte,
    ps: &[(String, String)],
) -> Result<Relances, Erreur> {
    let semaines = parametre_entier(ps, "semaines", 104)?.unwrap_or(8);
    let au = p.etat.horloge.aujourdhui();
    let limite = au
        .checked_add(jiff::Span::new().days(i64::from(semaines) * 7))
        .map_err(|_| Erreur::invalide("Nombre de semaines hors des bornes."))?;
    let mut a_relancer = registre(
        p,
        c,
        &FiltreInscriptions {
            echeance_avant: Some(limite),
            par_page: PAR_PAGE,
            ..FiltreInscriptions::default()
        },
    )
    .await?
    .inscriptions;
    a_relancer.sort_by_key(|d| (d.etat.prochaine_demande_maintien_avant, d.inscription.id));
    let mut terminees: Vec<InscriptionDetaillee> = registre(
        p,
        c,
        &FiltreInscriptions {
            statut: Some("radie".into()),
            par_page: PAR_PAGE,
            ..FiltreInscriptions::default()
        },
    )
    .await?
    .inscriptions
    .into_iter()
    .filter(|d| d.etat.motif_radiation != Some(droit::liste_aptitude::MotifRadiation::Nomination))
    .collect();
    terminees.sort_by_key(|d| std::cmp::Reverse((d.etat.date_radiation, d.inscription.id)));
    Ok(Relances {
        au,
        semaines,
        limite,
        a_relancer,
        terminees,
    })
}

/// Rappel de la règle pour une relance.
pub(crate) fn rappel(d: &InscriptionDetaillee) -> String {
    match (d.etat.prochaine_demande_maintien_avant, d.etat.fin_validite) {
        (Some(avant), Some(fin)) => format!(
            "Inscription valable jusqu'au {} : pour rester inscrit(e) une année de plus, la \
             demande écrite de maintien doit parvenir au plus tard le {} (un mois avant le \
             terme ; CGFP L.325-39 et suivants)",
            format_fr(fin),
            format_fr(avant)
        ),
        _ => "Aucune demande de maintien à faire".to_owned(),
    }
}

/// `GET /api/v1/inscriptions/relances`.
pub(crate) async fn relances(
    State(p): State<EtatPartage>,
    c: Connecte,
    RawQuery(q): RawQuery,
) -> Result<Response, Erreur> {
    let r = relances_du_jour(&p, &c, &parametres(q.as_deref())).await?;
    let a_relancer: Vec<Value> = r
        .a_relancer
        .iter()
        .map(|d| {
            let mut v = vue_resume(d);
            if let Value::Object(m) = &mut v {
                m.insert("rappel".into(), json!(rappel(d)));
            }
            v
        })
        .collect();
    let terminees: Vec<Value> = r
        .terminees
        .iter()
        .map(|d| {
            let mut v = vue_resume(d);
            if let Value::Object(m) = &mut v {
                m.insert(
                    "motif_radiation_libelle".into(),
                    json!(d.etat.motif_radiation.map(libelle_motif_radiation)),
                );
            }
            v
        })
        .collect();
    Ok((
        StatusCode::OK,
        axum::Json(json!({
            "au": r.au,
            "semaines": r.semaines,
            "echeance_avant": r.limite,
            "a_relancer": a_relancer,
            "terminees": terminees,
        })),
    )
        .into_response())
}

fn libelle_grade(code: &str) -> String {
    Catalogue::get()
        .grade(code)
        .map_or_else(|| code.to_owned(), |g| g.libelle.to_owned())
}

fn cellule(v: &str) -> String {
    let v = store::tableur::neutraliser_formule(v);
    if v.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.into_owned()
    }
}

/// `GET /api/v1/inscriptions/relances.csv`.
pub(crate) async fn relances_csv(
    State(p): State<EtatPartage>,
    c: Connecte,
    RawQuery(q): RawQuery,
) -> Result<Response, Erreur> {
    let ps = parametres(q.as_deref());
    let windows = match parametre(&ps, "encodage") {
        None | Some("utf-8") => false,
        Some("windows-1252") => true,
        Some(autre) => {
            return Err(Erreur::invalide(format!(
                "Le paramètre « encodage » vaut « {autre} » : attendu utf-8 ou windows-1252."
            )));
        }
    };
    let r = relances_du_jour(&p, &c, &ps).await?;
    let date = |d: Option<Date>| d.map(format_fr).unwrap_or_else(|| "inconnue".into());
    let mut texte = String::from(
        "Relance;Nom;Prénom;Matricule;Collectivité;Grade d'accès;Année de la liste;\
         Date d'inscription;Fin de validité;Demande de maintien à recevoir au plus tard le;\
         Date de radiation;Motif;Rappel\r\n",
    );
    let mut ligne = |sorte: &str, d: &InscriptionDetaillee, motif: &str, rappel: &str| {
        let i = &d.inscription;
        let champs = [
            sorte.to_owned(),
            i.nom.clone(),
            i.prenom.clone(),
            i.matricule.clone().unwrap_or_default(),
            i.collectivite.clone().unwrap_or_default(),
            libelle_grade(&i.cible),
            i.annee.to_string(),
            format_fr(i.inscription),
            date(d.etat.fin_validite),
            d.etat
                .prochaine_demande_maintien_avant
                .map(format_fr)
                .unwrap_or_default(),
            d.etat.date_radiation.map(format_fr).unwrap_or_default(),
            motif.to_owned(),
            rappel.to_owned(),
        ];
        let cellules: Vec<String> = champs.iter().map(|c| cellule(c)).collect();
        texte.push_str(&cellules.join(";"));
        texte.push_str("\r\n");
    };
    for d in &r.a_relancer {
        ligne("demande de maintien", d, "", &rappel(d));
    }
    for d in &r.terminees {
        ligne(
            "inscription terminée",
            d,
            d.etat
                .motif_radiation
                .map(libelle_motif_radiation)
                .unwrap_or("motif inconnu"),
            "",
        );
    }
    let (octets, type_contenu) = if windows {
        let (o, _, _) = encoding_rs::WINDOWS_1252.encode(&texte);
        (o.into_owned(), "text/csv; charset=windows-1252")
    } else {
        let mut o = "\u{feff}".as_bytes().to_vec();
        o.extend_from_slice(texte.as_bytes());
        (o, "text/csv; charset=utf-8")
    };
    let nom = format!("attachment; filename=\"relances-{}.csv\"", r.au);
    let mut rep = (StatusCode::OK, octets).into_response();
    rep.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(type_contenu));
    if let Ok(v) = HeaderValue::from_str(&nom) {
        rep.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(rep)
}

/// `POST /api/v1/inscriptions/import` : le corps est le fichier CSV (docs/inscriptions.md) ;
/// son nom, cité dans les erreurs, vient de `?fichier=` ou de l'en-tête
/// `Content-Disposition` (`filename=`). Tout ou rien : une ligne invalide fait refuser le
/// fichier (422, avec fichier, ligne et colonne), et rien n'est écrit.
pub(crate) async fn importer(
    State(p): State<EtatPartage>,
    c: Connecte,
    RawQuery(q): RawQuery,
    entetes: HeaderMap,
    corps: Bytes,
) -> Result<Response, Erreur> {
    let fichier = nom_du_fichier(q.as_deref(), &entetes);
    let bilan = importer_fichier(&p, &c, &fichier, &corps).await?;
    Ok((
        StatusCode::OK,
        axum::Json(json!({
            "fichier": fichier,
            "inscriptions_creees": bilan.creees,
            "inscriptions_deja_presentes": bilan.deja_presentes,
            "evenements": bilan.evenements,
        })),
    )
        .into_response())
}

/// Nom d'un fichier envoyé en corps brut, pour les messages : paramètre `fichier`, sinon
/// le nom de l'en-tête `Content-Disposition`, sinon « fichier envoyé ».
pub(crate) fn nom_du_fichier(requete: Option<&str>, entetes: &HeaderMap) -> String {
    let ps = parametres(requete);
    parametre(&ps, "fichier")
        .map(str::to_owned)
        .or_else(|| {
            entetes
                .get(header::CONTENT_DISPOSITION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split("filename=").nth(1))
                .map(|n| n.trim_matches(['"', ' ', ';']).to_owned())
                .filter(|n| !n.is_empty())
        })
        .unwrap_or_else(|| "fichier envoyé".to_owned())
}

/// Lit le fichier, le contrôle avec le moteur puis l'importe (tout ou rien).
pub(crate) async fn importer_fichier(
    p: &EtatPartage,
    c: &Connecte,
    fichier: &str,
    octets: &[u8],
) -> Result<store::inscriptions::BilanImportInscriptions, Erreur> {
    let aujourdhui = p.etat.horloge.aujourdhui();
    let lignes =
        store::import_inscriptions::analyser(fichier, octets, aujourdhui).map_err(|e| {
            Erreur::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "fichier_invalide",
                format!("Fichier refusé, rien n'est importé : {e}."),
            )
        })?;
    p.etat
        .store
        .importer_inscriptions(&c.acteur, &lignes, fichier, aujourdhui)
        .await
        .map_err(Erreur::stockage)
}
