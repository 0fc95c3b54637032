//! Exports de la campagne pour le tableur : promouvables et propositions en CSV (séparateur
//! `;`, UTF-8 avec BOM pour qu'un tableur le lise sans question) ou en classeur XLSX (en-tête
//! en gras figé, nombres en vrais nombres), en-têtes en français, avec les mêmes filtres et
//! le même cloisonnement que les listes de l'API. Les deux formats sont écrits par
//! `documents::tableur`.
//!
//! | route | règle |
//! |---|---|
//! | `GET /api/v1/campagnes/{annee}/exports/promouvables.csv` (et `.xlsx`) | administrateur, gestionnaire, collectivité (ses agents) ; filtres `collectivite`, `cible`, `voie`, `formation_a_jour` |
//! | `GET /api/v1/campagnes/{annee}/exports/propositions.csv` (et `.xlsx`) | administrateur, gestionnaire, collectivité (les siennes) ; filtres `collectivite`, `cible`, `voie`, `statut` |
//!
//! Une valeur de texte qui commencerait une formule (`=`, `+`, `-`, `@`…) est neutralisée
//! (précédée d'une apostrophe) dans les deux formats : un nom saisi ne s'exécute jamais dans
//! le tableur.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use campagne::droits::{Action, Situation};
use campagne::proposition::StatutProposition;
use documents::tableur::{Cellule, Encodage, Tableau};
use droit::catalogue::Catalogue;

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::campagnes::{
    annee_chemin, autoriser_acteur, campagne_du_jour, filtre_promouvables, parametres,
};
use crate::erreurs::Erreur;

/// Format d'un export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Xlsx,
}

/// Type de contenu d'un classeur XLSX (ECMA-376).
pub const TYPE_XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Le fichier du tableau dans le format demandé, en pièce jointe nommée `{nom}.csv` ou
/// `{nom}.xlsx`.
fn reponse(nom: &str, format: Format, tableau: &Tableau) -> Result<Response, Erreur> {
    let (octets, type_contenu, extension) = match format {
        Format::Csv => (
            documents::tableur::csv(tableau, Encodage::Utf8Bom),
            "text/csv; charset=utf-8",
            "csv",
        ),
        Format::Xlsx => (documents::tableur::xlsx(tableau), TYPE_XLSX, "xlsx"),
    };
    let octets = octets.map_err(|e| {
        tracing::error!("export {nom}.{extension} impossible : {e}");
        Erreur::interne()
    })?;
    let mut r = (StatusCode::OK, octets).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(type_contenu));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{nom}.{extension}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(r)
}

fn tableau(nom: &str, entetes: &[&str], lignes: Vec<Vec<Cellule>>) -> Tableau {
    Tableau {
        nom: nom.to_owned(),
        entetes: entetes.iter().map(|e| (*e).to_owned()).collect(),
        lignes,
    }
}

pub(crate) fn libelle_voie(voie: &str) -> &'static str {
    match voie {
        "choix" => "au choix",
        "examen" => "après examen professionnel",
        _ => "inconnue",
    }
}

/// Horodatage enregistré (UTC) en heure de Paris, JJ/MM/AAAA HH:MM.
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

/// `GET /api/v1/campagnes/{annee}/exports/promouvables.csv` (`XLSX` faux) et
/// `GET /api/v1/campagnes/{annee}/exports/promouvables.xlsx` (`XLSX` vrai).
pub(crate) async fn promouvables<const XLSX: bool>(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let format = if XLSX { Format::Xlsx } else { Format::Csv };
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
        crate::campagnes::exiger_collectivite(&p, &c, code).await?;
    }
    let page = p
        .etat
        .store
        .promouvables(&c.acteur, annee, &filtre)
        .await
        .map_err(Erreur::stockage)?;
    let cat = Catalogue::get();
    let lignes: Vec<Vec<Cellule>> = page
        .promouvables
        .iter()
        .map(|x| {
            vec![
                x.matricule.as_str().into(),
                x.nom.as_str().into(),
                x.prenom.as_str().into(),
                x.collectivite.as_str().into(),
                x.collectivite_nom.as_str().into(),
                x.cible.as_str().into(),
                cat.libelle_grade(&x.cible).into(),
                libelle_voie(&x.voie).into(),
                match x.formation_a_jour {
                    Some(true) => "à jour",
                    Some(false) => "non à jour",
                    None => "inconnue",
                }
                .into(),
            ]
        })
        .collect();
    reponse(
        &format!("promouvables-{annee}"),
        format,
        &tableau(
            &format!("Promouvables {annee}"),
            &ENTETES_PROMOUVABLES,
            lignes,
        ),
    )
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

/// `GET /api/v1/campagnes/{annee}/exports/propositions.csv` (`XLSX` faux) et
/// `GET /api/v1/campagnes/{annee}/exports/propositions.xlsx` (`XLSX` vrai).
pub(crate) async fn propositions<const XLSX: bool>(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let format = if XLSX { Format::Xlsx } else { Format::Csv };
    let liste =
        crate::propositions::propositions_filtrees(&p, &c, &annee, requete.as_deref()).await?;
    let annee = annee_chemin(&annee)?;
    let cat = Catalogue::get();
    let lignes: Vec<Vec<Cellule>> = liste
        .iter()
        .map(|x| {
            vec![
                Cellule::Nombre(x.id as f64),
                x.matricule.as_str().into(),
                x.nom.as_str().into(),
                x.prenom.as_str().into(),
                x.collectivite.as_str().into(),
                x.collectivite_nom.as_str().into(),
                cat.libelle_grade(&x.cible).into(),
                libelle_voie(&x.voie).into(),
                Cellule::Nombre(x.rang as f64),
                StatutProposition::depuis_code(&x.statut)
                    .map(|s| s.libelle().to_owned())
                    .unwrap_or_else(|| x.statut.clone())
                    .into(),
                if x.promouvable { "oui" } else { "non" }.into(),
                x.transmise_le
                    .as_deref()
                    .map(crate::horloge::horodatage_tableur)
                    .map_or(Cellule::Vide, Cellule::Texte),
            ]
        })
        .collect();
    reponse(
        &format!("propositions-{annee}"),
        format,
        &tableau(
            &format!("Propositions {annee}"),
            &ENTETES_PROPOSITIONS,
            lignes,
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_du_tableur_neutralise_et_protege() {
        // Même écrivain que les autres exports (documents::tableur) : BOM, `;`, CRLF, formule
        // neutralisée, guillemets autour d'un `;`, nombres entiers sans décimale.
        let t = tableau(
            "Essai",
            &["A", "B", "C"],
            vec![vec!["=1+1".into(), "x;y".into(), Cellule::Nombre(12.0)]],
        );
        let f = documents::tableur::csv(&t, Encodage::Utf8Bom).unwrap();
        assert_eq!(f, "\u{feff}A;B;C\r\n'=1+1;\"x;y\";12\r\n".as_bytes());
    }
}
