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
    let id = chemin("id", "Numéro de la proposition.", "integer");
    let introuvable = err("Proposition inconnue ou hors des collectivités de l'appelant.");
    let sans_session = err("Pas de session.");
    let non_admis = err("Rôle jamais admis à cette action.");
    let tag = json!(["documents"]);
    chemins.insert(
        "/api/v1/campagnes/{annee}/listes/{cible}/arrete.pdf".into(),
        json!({"get": {"operationId": "arrete_liste", "summary": "Arrêté du Président du centre de gestion établissant la liste d'aptitude : visas, considérants, articles (effet, valeur nationale, validité, publicité, recours), annexe des inscrits par ordre alphabétique français avec leur collectivité d'origine", "tags": tag,
            "parameters": [annee.clone(), cible.clone()],
            "responses": {"200": fichier("application/pdf", "L'arrêté en PDF."),
                "401": sans_session.clone(), "403": non_admis.clone(),
                "404": err("Pas de liste établie pour ce grade et cette année (ou, pour une collectivité, pas encore publiée)."),
                "409": err("Liste sans inscrit (liste_vide), postes ouverts inconnus (postes_inconnus) ou données qui ne permettent pas d'établir l'acte (document_impossible).")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/listes/{cible}/liste.pdf".into(),
        json!({"get": {"operationId": "liste_publique", "summary": "Liste d'aptitude publiée : noms et prénoms par ordre alphabétique français, collectivité d'origine ; ni date de naissance, ni score, ni rang", "tags": tag,
            "parameters": [annee, cible,
                {"name": "collectivite", "in": "query", "required": false,
                 "description": "« non » : sans la collectivité d'origine.",
                 "schema": {"type": "string", "enum": ["oui", "non"]}}],
            "responses": {"200": fichier("application/pdf", "La liste publique en PDF."),
                "401": sans_session.clone(), "403": non_admis.clone(),
                "404": err("Pas de liste établie pour ce grade et cette année (ou, pour une collectivité, pas encore publiée)."),
                "409": err("Liste établie mais pas encore publiée (liste_non_publiee).")}}}),
    );
    chemins.insert(
        "/api/v1/propositions/{id}/lettre-irrecevabilite.pdf".into(),
        json!({"get": {"operationId": "lettre_irrecevabilite", "summary": "Lettre à l'employeur sur un dossier irrecevable : chaque motif de l'instruction, son message et son texte, date d'appréciation, voies et délais de recours", "tags": tag,
            "parameters": [id.clone()],
            "responses": {"200": fichier("application/pdf", "La lettre en PDF."),
                "401": sans_session.clone(), "403": non_admis.clone(), "404": introuvable.clone(),
                "409": err("Le dossier n'est pas déclaré irrecevable (non_irrecevable).")}}}),
    );
    chemins.insert(
        "/api/v1/propositions/{id}/fiche-cotation.pdf".into(),
        json!({"get": {"operationId": "fiche_cotation", "summary": "Fiche de cotation d'un dossier : une ligne par critère (constat, points, plafond), total, grille et version (celle qui a établi la liste, sinon la dernière) ; rang, clés et départage pour le centre de gestion seulement", "tags": tag,
            "parameters": [id],
            "responses": {"200": fichier("application/pdf", "La fiche en PDF."),
                "401": sans_session, "403": non_admis, "404": introuvable,
                "409": err("Dossier non recevable (non_recevable) : pas de cotation.")}}}),
    );
    let requete = |nom: &str, description: &str, requis: bool, s: Value| json!({"name": nom, "in": "query", "required": requis, "description": description, "schema": s});
    let parametres_classement = json!([
        chemin("annee", "Année de la liste d'aptitude.", "integer"),
        requete(
            "cible",
            "Grade cible (code du catalogue).",
            true,
            json!({"type": "string"})
        ),
        requete(
            "voie",
            "Voie.",
            true,
            json!({"type": "string", "enum": ["choix", "examen"]})
        ),
        requete(
            "anonyme",
            "« true » : sans matricule, nom, prénom ni collectivité (toujours pour la commission).",
            false,
            json!({"type": "boolean"})
        ),
        requete(
            "version",
            "Version de la grille (celle de la liste établie, sinon la dernière).",
            false,
            json!({"type": "integer", "minimum": 1})
        ),
    ]);
    let colonnes = "Rang, Numéro du dossier, Matricule, Nom, Prénom, Collectivité, Code anonyme, \
        Total, Départage, Ex aequo, À départager, Retenu, puis « Points : <critère> » pour chaque \
        critère de la grille";
    for (chemin_, type_, operation, resume) in [
        (
            "/api/v1/campagnes/{annee}/classement.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "classement_xlsx",
            "Le classement d'une cible et d'une voie en classeur XLSX (en-tête figé, nombres en vraies valeurs)",
        ),
        (
            "/api/v1/campagnes/{annee}/classement.csv",
            "text/csv",
            "classement_csv",
            "Le classement d'une cible et d'une voie en CSV : séparateur « ; », virgule décimale, UTF-8 avec BOM, formules neutralisées",
        ),
    ] {
        chemins.insert(
            chemin_.into(),
            json!({"get": {"operationId": operation, "summary": resume, "tags": tag,
                "parameters": parametres_classement,
                "responses": {"200": fichier(type_, &format!("Colonnes : {colonnes}.")),
                    "401": err("Pas de session."), "403": err("Rôle jamais admis à cette action."),
                    "404": err("Campagne inconnue."),
                    "422": err("Paramètre « cible » ou « voie » absent ou invalide.")}}}),
        );
    }
    let inscription = chemin("id", "Numéro de l'inscription.", "integer");
    let inscription_introuvable =
        err("Inscription inconnue ou hors des collectivités de l'appelant.");
    chemins.insert(
        "/api/v1/inscriptions/{id}/lettre-relance.pdf".into(),
        json!({"get": {"operationId": "lettre_relance", "summary": "Lettre de relance d'un inscrit : terme de l'inscription en cours, date limite de réception de la demande écrite de maintien (un mois avant le terme, CGFP L.325-39 et suivants), année demandée, suspensions", "tags": tag,
            "parameters": [inscription.clone()],
            "responses": {"200": fichier("application/pdf", "La lettre en PDF."),
                "401": err("Pas de session."), "403": err("Rôle jamais admis à cette action."),
                "404": inscription_introuvable.clone(),
                "409": err("Aucune demande de maintien à faire (relance_sans_objet).")}}}),
    );
    chemins.insert(
        "/api/v1/inscriptions/{id}/arrete-nomination.pdf".into(),
        json!({"get": {"operationId": "arrete_nomination", "summary": "Arrêté de nomination par la collectivité qui nomme : stagiaire (durée et fin prévue du stage) ou titularisation directe selon la réponse du moteur « nomination », textes appliqués, fin de l'inscription, recours", "tags": tag,
            "parameters": [inscription],
            "responses": {"200": fichier("application/pdf", "L'arrêté en PDF."),
                "401": err("Pas de session."), "403": err("Rôle jamais admis à cette action."),
                "404": inscription_introuvable,
                "409": err("Aucune nomination enregistrée (nomination_absente), ou modalité inconnue (modalite_inconnue).")}}}),
    );
}
