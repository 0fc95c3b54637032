//! `POST /api/v1/<commande>` : les commandes du moteur (contrat v1), sans session : elles
//! calculent sur ce que l'appelant envoie et ne stockent rien.

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use droit::carriere::Agent;
use serde_json::Value;

use crate::erreurs::Erreur;

fn reponse_erreur(statut: StatusCode, e: droit::ErreurEntree) -> Response {
    (
        statut,
        axum::Json(droit::erreur::ReponseErreur { erreur: e }),
    )
        .into_response()
}

/// Forme d'un document JSON, sans ses valeurs (noms de champs, longueurs de listes, types) :
/// ce qu'on peut consigner d'une entrée qui a fait échouer le moteur sans y recopier de
/// donnée personnelle.
pub fn forme(v: &Value) -> String {
    fn ecrire(v: &Value, profondeur: usize, sortie: &mut String) {
        if sortie.len() > 2000 {
            return;
        }
        match v {
            Value::Null => sortie.push_str("null"),
            Value::Bool(_) => sortie.push_str("booléen"),
            Value::Number(_) => sortie.push_str("nombre"),
            Value::String(s) => sortie.push_str(&format!("texte({})", s.chars().count())),
            Value::Array(a) => {
                sortie.push_str(&format!("[{} × ", a.len()));
                match a.first() {
                    Some(x) if profondeur < 6 => ecrire(x, profondeur + 1, sortie),
                    Some(_) => sortie.push('…'),
                    None => sortie.push('∅'),
                }
                sortie.push(']');
            }
            Value::Object(o) => {
                sortie.push('{');
                for (i, (k, x)) in o.iter().enumerate() {
                    if i > 0 {
                        sortie.push_str(", ");
                    }
                    // Les noms de champs viennent du contrat ; un nom inconnu est tronqué.
                    let k: String = k.chars().take(40).collect();
                    sortie.push_str(&k);
                    sortie.push_str(": ");
                    if profondeur < 6 {
                        ecrire(x, profondeur + 1, sortie);
                    } else {
                        sortie.push('…');
                    }
                }
                sortie.push('}');
            }
        }
    }
    let mut s = String::new();
    ecrire(v, 0, &mut s);
    s
}

/// Forme d'une carrière (nombre de périodes, de formations…), sans valeur personnelle.
pub fn forme_agent(a: &Agent) -> String {
    format!(
        "{} période(s), formations {}, {} dispense(s), {} poste(s) à responsabilité, {} examen(s), \
         date de naissance {}",
        a.periodes.len(),
        a.formations
            .as_ref()
            .map(|f| format!("{} renseignée(s)", f.len()))
            .unwrap_or_else(|| "non renseignées".to_owned()),
        a.dispenses.len(),
        a.postes_responsabilite.len(),
        a.examens.len(),
        if a.date_naissance.is_some() {
            "renseignée"
        } else {
            "absente"
        }
    )
}

/// `POST /api/v1/{commande}`.
pub(crate) async fn commande(Path(commande): Path<String>, corps: Bytes) -> Response {
    let Ok(texte) = std::str::from_utf8(&corps) else {
        return reponse_erreur(
            StatusCode::UNPROCESSABLE_ENTITY,
            droit::ErreurEntree::new(
                "json_invalide",
                "Le corps de la requête n'est pas du texte UTF-8.",
                "",
            ),
        );
    };
    let texte = texte.to_owned();
    let nom = commande.clone();
    let resultat = tokio::task::spawn_blocking(move || {
        let r = std::panic::catch_unwind(|| droit::commandes::executer(&commande, &texte));
        r.map_err(|_| texte)
    })
    .await;
    match resultat {
        Ok(Ok(Ok(v))) => (StatusCode::OK, axum::Json(v)).into_response(),
        Ok(Ok(Err(e))) => {
            let statut = match e.code.as_str() {
                "commande_inconnue" => StatusCode::NOT_FOUND,
                "non_implemente" => StatusCode::NOT_IMPLEMENTED,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            };
            reponse_erreur(statut, e)
        }
        Ok(Err(texte)) => {
            let f = serde_json::from_str::<Value>(&texte)
                .map(|v| forme(&v))
                .unwrap_or_else(|_| format!("texte non JSON de {} octets", texte.len()));
            tracing::error!(
                "le moteur a échoué (panique) sur la commande « {nom} » ; forme de l'entrée : {f}"
            );
            Erreur::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "erreur_interne",
                "Le calcul a échoué de façon inattendue ; l'incident est consigné.",
            )
            .into_response()
        }
        Err(e) => {
            tracing::error!("tâche du moteur interrompue (commande « {nom} ») : {e}");
            Erreur::interne().into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn la_forme_ne_recopie_aucune_valeur() {
        let v: Value = serde_json::from_str(
            r#"{"agent": {"date_naissance": "1978-04-02", "periodes": [{"grade": "redacteur"}, {}]}, "annee": 2026}"#,
        )
        .unwrap();
        let f = forme(&v);
        assert_eq!(
            f,
            "{agent: {date_naissance: texte(10), periodes: [2 × {grade: texte(9)}]}, annee: nombre}"
        );
        assert!(!f.contains("1978") && !f.contains("redacteur"));
    }
}
