//! Exports de la campagne pour le tableur : promouvables et propositions en CSV (séparateur
//! `;`, UTF-8 avec BOM pour qu'un tableur le lise sans question, en-têtes en français),
//! avec les mêmes filtres et le même cloisonnement que les listes de l'API.
//!
//! | route | règle |
//! |---|---|
//! | `GET /api/v1/campagnes/{annee}/exports/promouvables.csv` | administrateur, gestionnaire, collectivité (ses agents) ; filtres `collectivite`, `cible`, `voie`, `formation_a_jour` |
//! | `GET /api/v1/campagnes/{annee}/exports/propositions.csv` | administrateur, gestionnaire, collectivité (les siennes) ; filtres `collectivite`, `cible`, `voie`, `statut` |
//!
//! Une valeur qui commencerait une formule (`=`, `+`, `-`, `@`…) est neutralisée
//! (`store::tableur::neutraliser_formule`) : un nom saisi ne s'exécute jamais dans le tableur.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use campagne::droits::{Action, Situation};
use campagne::proposition::StatutProposition;
use droit::catalogue::Catalogue;
use store::propositions::FiltrePropositions;

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::campagnes::{
    annee_chemin, autoriser_acteur, campagne_du_jour, filtre_promouvables, parametre, parametres,
};
use crate::erreurs::Erreur;

/// Une cellule : formule neutralisée, guillemets si elle contient `;`, `"` ou une fin de
/// ligne.
fn cellule(valeur: &str) -> String {
    let v = store::tableur::neutraliser_formule(valeur);
    if v.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.into_owned()
    }
}

/// Le fichier : BOM, en-tête, lignes terminées par CRLF.
fn fichier_csv(entetes: &[&str], lignes: &[Vec<String>]) -> Vec<u8> {
    let mut s = String::from("\u{feff}");
    s.push_str(&entetes.join(";"));
    s.push_str("\r\n");
    for l in lignes {
        let cellules: Vec<String> = l.iter().map(|v| cellule(v)).collect();
        s.push_str(&cellules.join(";"));
        s.push_str("\r\n");
    }
    s.into_bytes()
}

fn reponse_csv(nom: &str, octets: Vec<u8>) -> Response {
    let mut r = (StatusCode::OK, octets).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{nom}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

pub(crate) fn libelle_voie(voie: &str) -> &'static str {
    match voie {
        "choix" => "au choix",
        "examen" => "après examen professionnel",
        _ => "inconnue",
    }
}

/// Horodatage enregistré (UTC) en heure de Paris, JJ/MM/AAAA HH:MM.
fn horodatage_fr(t: &str) -> String {
    t.parse::<jiff::Timestamp>()
        .ok()
        .and_then(|t| t.in_tz(crate::horloge::FUSEAU).ok())
        .map(|z| z.strftime("%d/%m/%Y %H:%M").to_string())
        .unwrap_or_else(|| t.to_owned())
}

/// En-têtes de l'export des promouvables.
pub const ENTETES_PROMOUVABLES: [&str; 9] = [
    "Matricule",
    "Nom",
    "Prénom",
    "Code de la collectivité",
    "Collectivité",
    "Code du grade visé",
    "Grade visé",
    "Voie",
    "Formation de professionnalisation",
];

/// `GET /api/v1/campagnes/{annee}/exports/promouvables.csv`.
pub(crate) async fn promouvables(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LirePromouvables, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    // Toute la liste : les paramètres de page sont ignorés.
    let ps: Vec<(String, String)> = parametres(requete.as_deref())
        .into_iter()
        .filter(|(k, _)| k != "page" && k != "par_page")
        .collect();
    let filtre = filtre_promouvables(&ps, annee)?;
    if let Some(code) = &filtre.collectivite {
        p.etat
            .store
            .collectivite(&c.portee(), code)
            .await
            .map_err(Erreur::stockage)?
            .ok_or_else(|| {
                Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} »."))
            })?;
    }
    let page = p
        .etat
        .store
        .promouvables(&c.acteur, annee, &filtre)
        .await
        .map_err(Erreur::stockage)?;
    let cat = Catalogue::get();
    let lignes: Vec<Vec<String>> = page
        .promouvables
        .iter()
        .map(|x| {
            vec![
                x.matricule.clone(),
                x.nom.clone(),
                x.prenom.clone(),
                x.collectivite.clone(),
                x.collectivite_nom.clone(),
                x.cible.clone(),
                cat.libelle_grade(&x.cible).to_owned(),
                libelle_voie(&x.voie).to_owned(),
                match x.formation_a_jour {
                    Some(true) => "à jour",
                    Some(false) => "non à jour",
                    None => "inconnue",
                }
                .to_owned(),
            ]
        })
        .collect();
    Ok(reponse_csv(
        &format!("promouvables-{annee}.csv"),
        fichier_csv(&ENTETES_PROMOUVABLES, &lignes),
    ))
}

/// En-têtes de l'export des propositions.
pub const ENTETES_PROPOSITIONS: [&str; 12] = [
    "Numéro",
    "Matricule",
    "Nom",
    "Prénom",
    "Code de la collectivité",
    "Collectivité",
    "Grade visé",
    "Voie",
    "Rang de priorité",
    "Statut",
    "Promouvable (moteur)",
    "Transmise le",
];

/// `GET /api/v1/campagnes/{annee}/exports/propositions.csv`.
pub(crate) async fn propositions(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    autoriser_acteur(&c.acteur, Action::LireProposition, Situation::default())?;
    let annee = annee_chemin(&annee)?;
    campagne_du_jour(&p, annee).await?;
    let ps = parametres(requete.as_deref());
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
        p.etat
            .store
            .collectivite(&c.portee(), code)
            .await
            .map_err(Erreur::stockage)?
            .ok_or_else(|| {
                Erreur::introuvable(format!("Aucune collectivité n'a le code « {code} »."))
            })?;
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
    let cat = Catalogue::get();
    let lignes: Vec<Vec<String>> = liste
        .iter()
        .map(|x| {
            vec![
                x.id.to_string(),
                x.matricule.clone(),
                x.nom.clone(),
                x.prenom.clone(),
                x.collectivite.clone(),
                x.collectivite_nom.clone(),
                cat.libelle_grade(&x.cible).to_owned(),
                libelle_voie(&x.voie).to_owned(),
                x.rang.to_string(),
                StatutProposition::depuis_code(&x.statut)
                    .map(|s| s.libelle().to_owned())
                    .unwrap_or_else(|| x.statut.clone()),
                if x.promouvable { "oui" } else { "non" }.to_owned(),
                x.transmise_le
                    .as_deref()
                    .map(horodatage_fr)
                    .unwrap_or_default(),
            ]
        })
        .collect();
    Ok(reponse_csv(
        &format!("propositions-{annee}.csv"),
        fichier_csv(&ENTETES_PROPOSITIONS, &lignes),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cellules_neutralisees_et_protegees() {
        assert_eq!(cellule("Durand"), "Durand");
        // Une formule ne s'exécute pas dans le tableur.
        assert!(!cellule("=1+1").starts_with('='), "{}", cellule("=1+1"));
        assert_eq!(cellule("arrêté n° 1; 2"), "\"arrêté n° 1; 2\"");
        assert_eq!(cellule("dit \"Jo\""), "\"dit \"\"Jo\"\"\"");
        let f = fichier_csv(&["A", "B"], &[vec!["1".into(), "x;y".into()]]);
        assert_eq!(f, "\u{feff}A;B\r\n1;\"x;y\"\r\n".as_bytes());
    }
}
