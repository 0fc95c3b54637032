//! Le journal d'audit : `GET /api/v1/journal` (JSON) et la page `/journal`, réservés à
//! l'administrateur. Filtres : `objet`, `action`, `utilisateur`, `du`, `au` (dates
//! `AAAA-MM-JJ`, jours UTC de l'horodatage), `page` (50 entrées par page, les plus récentes
//! d'abord).

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use store::{EntreeJournal, FiltreJournal};

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::erreurs::Erreur;
use crate::pages::{Entete, Html};

/// Entrées par page.
pub const PAR_PAGE: u32 = 50;

#[derive(Debug, Default, Deserialize)]
pub(crate) struct Parametres {
    objet: Option<String>,
    action: Option<String>,
    utilisateur: Option<String>,
    du: Option<String>,
    au: Option<String>,
    page: Option<String>,
}

fn non_vide(v: &Option<String>) -> Option<String> {
    v.as_ref()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

impl Parametres {
    fn filtre(&self) -> Result<FiltreJournal, Erreur> {
        let date = |nom: &str, v: &Option<String>| -> Result<Option<jiff::civil::Date>, Erreur> {
            non_vide(v)
                .map(|t| {
                    t.parse::<jiff::civil::Date>().map_err(|_| {
                        Erreur::invalide(format!(
                            "Le paramètre « {nom} » doit être une date AAAA-MM-JJ (reçu : « {t} »)."
                        ))
                        .chemin(format!("/{nom}"))
                    })
                })
                .transpose()
        };
        let page = match non_vide(&self.page) {
            None => 1,
            Some(t) => t.parse::<u32>().ok().filter(|p| *p >= 1).ok_or_else(|| {
                Erreur::invalide(format!(
                    "Le paramètre « page » doit être un entier à partir de 1 (reçu : « {t} »)."
                ))
                .chemin("/page")
            })?,
        };
        Ok(FiltreJournal {
            objet: non_vide(&self.objet),
            action: non_vide(&self.action),
            utilisateur: non_vide(&self.utilisateur),
            du: date("du", &self.du)?,
            au: date("au", &self.au)?,
            page,
            par_page: PAR_PAGE,
        })
    }
}

/// `GET /api/v1/journal` → `{"journal": [{"horodatage", "utilisateur", "action", "objet",
/// "avant", "apres", "id", "precedente", "empreinte"}], "total", "page", "par_page"}`.
pub(crate) async fn lire_api(
    State(p): State<EtatPartage>,
    _c: Connecte,
    Query(q): Query<Parametres>,
) -> Result<Response, Erreur> {
    let filtre = q.filtre()?;
    let page = p
        .etat
        .store
        .journal_filtre(&filtre)
        .await
        .map_err(Erreur::stockage)?;
    Ok(axum::Json(json!({
        "journal": page.entrees,
        "total": page.total,
        "page": filtre.page,
        "par_page": filtre.par_page,
    }))
    .into_response())
}

struct VueEntree {
    id: i64,
    horodatage: String,
    utilisateur: String,
    action: String,
    objet: String,
    avant: String,
    apres: String,
}

fn vue(e: &EntreeJournal) -> VueEntree {
    // JSON compact ; au-delà de 600 caractères, tronqué (le tout reste dans l'API).
    let texte = |v: &Option<serde_json::Value>| match v {
        None => "—".to_owned(),
        Some(v) => {
            let t = v.to_string();
            if t.chars().count() > 600 {
                let debut: String = t.chars().take(600).collect();
                format!("{debut}… (tronqué ; complet dans GET /api/v1/journal)")
            } else {
                t
            }
        }
    };
    // Horodatage UTC affiché en heure de Paris, JJ/MM/AAAA HH:MM:SS.
    let horodatage = e
        .horodatage
        .parse::<jiff::Timestamp>()
        .ok()
        .and_then(|t| t.in_tz("Europe/Paris").ok())
        .map(|z| z.strftime("%d/%m/%Y %H:%M:%S").to_string())
        .unwrap_or_else(|| e.horodatage.clone());
    VueEntree {
        id: e.id,
        horodatage,
        utilisateur: e.utilisateur.clone(),
        action: e.action.clone(),
        objet: e.objet.clone(),
        avant: texte(&e.avant),
        apres: texte(&e.apres),
    }
}

#[derive(Template)]
#[template(path = "journal.html")]
struct PageJournalHtml {
    titre: String,
    avec_css: bool,
    entete: Option<Entete>,
    objet: String,
    action: String,
    utilisateur: String,
    du: String,
    au: String,
    entrees: Vec<VueEntree>,
    total: i64,
    page: u32,
    pages: u32,
    precedente: Option<String>,
    suivante: Option<String>,
}

/// `GET /journal` : la page.
pub(crate) async fn page(
    State(p): State<EtatPartage>,
    c: Connecte,
    Query(q): Query<Parametres>,
) -> Result<Response, Erreur> {
    let filtre = q.filtre().map_err(Erreur::page)?;
    let resultat = p
        .etat
        .store
        .journal_filtre(&filtre)
        .await
        .map_err(|e| Erreur::stockage(e).page())?;
    let pages = (resultat.total.max(1) as u64).div_ceil(u64::from(PAR_PAGE)) as u32;
    let lien = |page: u32| {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (nom, v) in [
            ("objet", &q.objet),
            ("action", &q.action),
            ("utilisateur", &q.utilisateur),
            ("du", &q.du),
            ("au", &q.au),
        ] {
            if let Some(v) = non_vide(v) {
                s.append_pair(nom, &v);
            }
        }
        s.append_pair("page", &page.to_string());
        format!("/journal?{}", s.finish())
    };
    Ok(Html(PageJournalHtml {
        titre: "Journal d'audit".to_owned(),
        avec_css: true,
        entete: Some(Entete::de(&c)),
        objet: non_vide(&q.objet).unwrap_or_default(),
        action: non_vide(&q.action).unwrap_or_default(),
        utilisateur: non_vide(&q.utilisateur).unwrap_or_default(),
        du: non_vide(&q.du).unwrap_or_default(),
        au: non_vide(&q.au).unwrap_or_default(),
        entrees: resultat.entrees.iter().map(vue).collect(),
        total: resultat.total,
        page: filtre.page,
        pages,
        precedente: (filtre.page > 1).then(|| lien(filtre.page - 1)),
        suivante: (filtre.page < pages).then(|| lien(filtre.page + 1)),
    })
    .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horodatage_affiche_en_heure_de_paris() {
        // 30/11/2026 : heure d'hiver, UTC+1 ; 01/07/2026 : heure d'été, UTC+2.
        let entree = |h: &str| EntreeJournal {
            id: 1,
            horodatage: h.to_owned(),
            utilisateur: "admin".into(),
            action: "x".into(),
            objet: "y".into(),
            avant: None,
            apres: Some(json!({"a": 1})),
            precedente: String::new(),
            empreinte: String::new(),
        };
        assert_eq!(
            vue(&entree("2026-11-30T10:06:17.857Z")).horodatage,
            "30/11/2026 11:06:17"
        );
        assert_eq!(
            vue(&entree("2026-07-01T22:30:00.000Z")).horodatage,
            "02/07/2026 00:30:00"
        );
        assert_eq!(vue(&entree("2026-07-01T22:30:00.000Z")).avant, "—");
        assert_eq!(vue(&entree("2026-07-01T22:30:00.000Z")).apres, "{\"a\":1}");
    }
}
