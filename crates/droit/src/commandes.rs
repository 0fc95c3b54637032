//! Registre des commandes du contrat public v1 : une même fonction sert la CLI et l'API.
//!
//! Chaque commande lit un document JSON, le valide (erreur française + pointeur JSON) et
//! rend un document JSON. Les schémas d'entrée et de sortie sont générés des types Rust.

use schemars::{JsonSchema, Schema};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::erreur::ErreurEntree;

/// Les commandes, dans l'ordre du contrat (suivies des extensions).
pub const COMMANDES: &[&str] = &[
    "eligibilite",
    "services",
    "formation",
    "quota",
    "liste-aptitude",
    "intercommunal",
    "examen-dossier",
    "examen-resultats",
    "nomination",
    "liste-aptitude-etablir",
];

/// Lit un document JSON typé, avec une erreur française qui pointe la valeur fautive
/// (voir [`crate::entree`] : syntaxe, schéma borné, types du moteur).
pub fn lire<E: DeserializeOwned + JsonSchema + 'static>(entree: &str) -> Result<E, ErreurEntree> {
    crate::entree::lire(entree)
}

fn lancer<E, S>(
    entree: &str,
    f: impl FnOnce(E) -> Result<S, ErreurEntree>,
) -> Result<Value, ErreurEntree>
where
    E: DeserializeOwned + JsonSchema + 'static,
    S: Serialize,
{
    let e: E = lire(entree)?;
    let s = f(e)?;
    Ok(serde_json::to_value(s).expect("réponse sérialisable"))
}

/// Exécute une commande du contrat sur un document JSON.
pub fn executer(commande: &str, entree: &str) -> Result<Value, ErreurEntree> {
    use crate::*;
    match commande {
        "eligibilite" => lancer(entree, eligibilite::executer),
        "services" => lancer(entree, services::executer),
        "formation" => lancer(entree, formation::executer),
        "quota" => lancer(entree, quota::executer),
        "liste-aptitude" => lancer(entree, liste_aptitude::executer),
        "intercommunal" => lancer(entree, intercommunal::executer),
        "examen-dossier" => lancer(entree, examen::executer_dossier),
        "examen-resultats" => lancer(entree, examen::executer_resultats),
        "nomination" => lancer(entree, nomination::executer),
        "liste-aptitude-etablir" => lancer(entree, liste_aptitude::executer_etablissement),
        autre => Err(ErreurEntree::new(
            "commande_inconnue",
            format!(
                "La commande « {autre} » n'existe pas. Commandes disponibles : {}.",
                COMMANDES.join(", ")
            ),
            "",
        )),
    }
}

/// Exécute une commande et rend sa réponse en prose française, pour une personne.
pub fn executer_texte(commande: &str, entree: &str) -> Result<String, ErreurEntree> {
    match commande {
        "eligibilite" => {
            let e = lire(entree)?;
            let r = crate::eligibilite::executer(e)?;
            Ok(crate::eligibilite::en_texte(&r))
        }
        _ => {
            let v = executer(commande, entree)?;
            Ok(serde_json::to_string_pretty(&v).expect("JSON"))
        }
    }
}

/// Schémas JSON d'une commande.
pub struct SchemasCommande {
    pub commande: &'static str,
    pub entree: Schema,
    pub sortie: Schema,
}

fn paire<E: JsonSchema, S: JsonSchema>(commande: &'static str) -> SchemasCommande {
    SchemasCommande {
        commande,
        entree: crate::entree::schema_entree::<E>(),
        sortie: schemars::schema_for!(S),
    }
}

/// Schémas de toutes les commandes, générés des types Rust.
pub fn schemas() -> Vec<SchemasCommande> {
    use crate::*;
    vec![
        paire::<eligibilite::DemandeEligibilite, eligibilite::ReponseEligibilite>("eligibilite"),
        paire::<services::DemandeServices, services::ReponseServices>("services"),
        paire::<formation::DemandeFormation, formation::ReponseFormation>("formation"),
        paire::<quota::DemandeQuota, quota::ReponseQuota>("quota"),
        paire::<liste_aptitude::DemandeListeAptitude, liste_aptitude::ReponseListeAptitude>(
            "liste-aptitude",
        ),
        paire::<intercommunal::DemandeIntercommunal, intercommunal::ReponseIntercommunal>(
            "intercommunal",
        ),
        paire::<examen::DemandeDossier, examen::ReponseDossier>("examen-dossier"),
        paire::<examen::DemandeResultats, examen::ReponseResultats>("examen-resultats"),
        paire::<nomination::DemandeNomination, nomination::ReponseNomination>("nomination"),
        paire::<liste_aptitude::DemandeEtablissementListe, liste_aptitude::ReponseEtablissementListe>(
            "liste-aptitude-etablir",
        ),
    ]
}

/// Schéma de l'enveloppe d'erreur.
pub fn schema_erreur() -> Schema {
    schemars::schema_for!(crate::erreur::ReponseErreur)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_mal_forme_donne_une_erreur_francaise() {
        let e = executer("services", "{\"agent\": ").unwrap_err();
        assert_eq!(e.code, "json_invalide");
        assert!(e.message.contains("mal formé"));
    }

    #[test]
    fn commande_inconnue() {
        let e = executer("promouvoir", "{}").unwrap_err();
        assert_eq!(e.code, "commande_inconnue");
    }
}
