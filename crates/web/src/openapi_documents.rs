//! Document OpenAPI des documents édités par le serveur (voir `editions`) : arrêtés,
//! listes, lettres et fiches en PDF, classement en tableur.

use serde_json::{Map, Value, json};

use crate::openapi::PREFIXE_COMPOSANTS;

fn chemin(nom: &str, description: &str, type_: &str) -> Value {
    json!({"name": nom, "in": "path", "required": true, "description": description,
           "schema": {"type": type_}})
}

/// Réponse 200 d'un fichier binaire de ce type.
fn fichier(type_contenu: &str, description: &str) -> Value {
    json!({"description": description,
           "headers": {"Content-Disposition": {"description": "attachment ; nom de fichier parlant.",
                                                "schema": {"type": "string"}}},
           "content": {type_contenu: {"schema": {"type": "string", "format": "binary"}}}})
}

/// Ajoute les chemins des documents au document.
pub(crate) fn ajouter_documents(chemins: &mut Map<String, Value>, erreur: &str) {
    let err = |description: &str| {
        json!({"description": description,
               "content": {"application/json": {"schema": {"$ref": format!("{PREFIXE_COMPOSANTS}{erreur}")}}}})
    };
    let annee = chemin(
        "annee",
        "Année de la liste d'aptitude (conditions appréciées au 1er janvier).",
        "integer",
    );
    let cible = chemin("cible", "Grade cible (code du catalogue).", "string");
    let sans_session = err("Pas de session.");
    let non_admis = err("Rôle jamais admis à cette action.");
    let tag = json!(["documents"]);
    chemins.insert(
        "/api/v1/campagnes/{annee}/listes/{cible}/arrete.pdf".into(),
        json!({"get": {"operationId": "arrete_liste", "summary": "Arrêté du Président du centre de gestion établissant la liste d'aptitude : visas, considérants, articles (effet, valeur nationale, validité, publicité, recours), annexe des inscrits par ordre alphabétique français avec leur collectivité d'origine", "tags": tag,
            "parameters": [annee, cible],
            "responses": {"200": fichier("application/pdf", "L'arrêté en PDF."),
                "401": sans_session, "403": non_admis,
                "404": err("Pas de liste établie pour ce grade et cette année (ou, pour une collectivité, pas encore publiée)."),
                "409": err("Liste sans inscrit (liste_vide), postes ouverts inconnus (postes_inconnus) ou données qui ne permettent pas d'établir l'acte (document_impossible).")}}}),
    );
}
