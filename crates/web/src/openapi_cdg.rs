//! Document OpenAPI des routes de la campagne côté centre de gestion : instruction, grille
//! (versions, aperçu), cotations, classement, listes d'aptitude, indicateurs (voir
//! `instruction` et `classement`). Corps et résultats décrits par les schémas des types des
//! règles (`campagne`, `droit`).

use serde_json::{Map, Value, json};

use crate::openapi::{PREFIXE_COMPOSANTS, ajouter};

fn reference(nom: &str) -> Value {
    json!({"$ref": format!("{PREFIXE_COMPOSANTS}{nom}")})
}

fn schema<T: schemars::JsonSchema>(composants: &mut Map<String, Value>, nom: &str) -> Value {
    let s = schemars::schema_for!(T);
    reference(&ajouter(composants, nom, nom, s.to_value()))
}

fn corps_json(s: Value, requis: bool) -> Value {
    json!({"required": requis, "content": {"application/json": {"schema": s}}})
}

fn reponse_json(description: &str, s: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": s}}})
}

fn chemin(nom: &str, description: &str, type_: &str) -> Value {
    json!({"name": nom, "in": "path", "required": true, "description": description,
           "schema": {"type": type_}})
}

fn requete(nom: &str, description: &str, requis: bool, s: Value) -> Value {
    json!({"name": nom, "in": "query", "required": requis, "description": description, "schema": s})
}

/// Ajoute les chemins du centre de gestion au document.
pub(crate) fn ajouter_campagne_cdg(
    chemins: &mut Map<String, Value>,
    composants: &mut Map<String, Value>,
    erreur: &str,
) {
    let err = |description: &str| reponse_json(description, reference(erreur));
    let annee = chemin(
        "annee",
        "Année de la liste d'aptitude (conditions appréciées au 1er janvier).",
        "integer",
    );
    let id = chemin("id", "Numéro de la proposition.", "integer");
    let cible = chemin("cible", "Grade cible (code du catalogue).", "string");
    let version = requete(
        "version",
        "Version de la grille (la dernière par défaut).",
        false,
        json!({"type": "integer", "minimum": 1}),
    );
    let s_decision =
        schema::<campagne::instruction::DecisionManuelle>(composants, "DecisionManuelle");
    let s_resultat =
        schema::<campagne::instruction::ResultatInstruction>(composants, "ResultatInstruction");
    let s_grille = schema::<droit::ldg::GrilleLdg>(composants, "GrilleLdg");
    let s_cotation = schema::<droit::ldg::Cotation>(composants, "Cotation");
    let s_classement =
        schema::<campagne::classement::ReponseClassement>(composants, "ReponseClassement");
    let s_demande_liste = schema::<crate::classement::DemandeListe>(composants, "DemandeListe");
    let s_egalite = schema::<droit::indicateurs::EgaliteCible>(composants, "EgaliteCible");
    let s_par_collectivite = schema::<droit::indicateurs::PropositionsCollectivite>(
        composants,
        "PropositionsCollectivite",
    );
    let s_erreur_entree = schema::<droit::ErreurEntree>(composants, "ErreurEntree");
    composants.insert(
        "ListeEtablie".into(),
        json!({"type": "object",
               "required": ["cible", "postes", "date_effet", "inscrits"],
               "properties": {
                 "annee": {"type": "integer"},
                 "cible": {"type": "string"}, "libelle_cible": {"type": "string"},
                 "postes": {"type": ["integer", "null"], "description": "Postes ouverts, toutes voies réunies ; jamais moins que d'inscrits."},
                 "date_effet": {"type": "string", "format": "date"},
                 "grille_version": {"type": "integer", "description": "Version de la grille qui a classé."},
                 "departage_manuel": {"type": ["array", "null"], "items": {"type": "string"}, "description": "Ordre manuel des ex aequo à la limite des postes."},
                 "justification": {"type": ["string", "null"]},
                 "etablie_le": {"type": "string", "format": "date-time"}, "etablie_par": {"type": "string"},
                 "publiee_le": {"type": ["string", "null"], "format": "date-time"},
                 "publiee": {"type": "boolean"},
                 "inscrits": {"type": "array", "description": "Par ordre alphabétique français (particules ignorées, accents sans effet).",
                    "items": {"type": "object", "required": ["matricule", "nom", "prenom", "collectivite", "voie"],
                      "properties": {"matricule": {"type": "string"}, "nom": {"type": "string"}, "prenom": {"type": "string"},
                        "collectivite": {"type": "string"}, "voie": {"type": "string", "enum": ["choix", "examen"]},
                        "proposition": {"type": "integer"}, "rang": {"type": "integer", "description": "Rang au classement de sa voie."}}}},
                 "classements": {"type": "array", "description": "Classement de chaque voie tel qu'il a servi (ordre manuel compris)."}}}),
    );
    let sans_session = err("Pas de session.");
    let non_admis = err("Rôle jamais admis à cette action.");
    let inconnue = err("Campagne inconnue.");
    let introuvable = err("Proposition inconnue ou hors des collectivités de l'appelant.");
    let tag = json!(["centre de gestion"]);

    chemins.insert(
        "/api/v1/propositions/{id}/instruction".into(),
        json!({"post": {"operationId": "instruire_proposition",
            "summary": "Instruit une proposition : sans corps, contrôle automatique de la recevabilité par le moteur au 1er janvier (conditions_statutaires, formation_non_a_jour, attestation_formation_absente, examen_non_obtenu ; un point que le moteur ne peut établir laisse la proposition transmise, à vérifier) ; avec un corps, décision motivée du gestionnaire (justification obligatoire). Chaque décision est gardée et journalisée.",
            "tags": tag, "parameters": [id],
            "requestBody": corps_json(s_decision, false),
            "responses": {"200": reponse_json("Le résultat : statut, motifs (code, message, référence), points à vérifier.", s_resultat),
                "401": sans_session.clone(), "403": non_admis.clone(), "404": introuvable.clone(),
                "409": err("Proposition brouillon (proposition_non_transmise), déjà instruite (deja_instruite : une nouvelle décision doit être motivée), liste établie (liste_etablie), décision concurrente (instruction_concurrente)."),
                "415": err("Corps d'un autre type que application/json."),
                "422": err("Justification vide (justification_requise), décision inconnue.")}}}),
    );
    chemins.insert(
        "/api/v1/propositions/{id}/instructions".into(),
        json!({"get": {"operationId": "historique_instruction", "summary": "Les décisions d'instruction successives d'une proposition (automatiques et motivées), avec leur auteur", "tags": tag,
            "parameters": [id],
            "responses": {"200": reponse_json("Décisions.", json!({"type": "object", "properties": {
                    "proposition": {"type": "integer"}, "statut": {"type": "string"}, "motifs": {"type": "array"},
                    "instructions": {"type": "array", "items": {"type": "object", "properties": {
                        "nature": {"type": "string", "enum": ["automatique", "manuelle"]},
                        "statut": {"type": "string"}, "motifs": {"type": "array"}, "a_verifier": {"type": "array"},
                        "justification": {"type": ["string", "null"]}, "version_catalogue": {"type": "string"},
                        "decidee_le": {"type": "string", "format": "date-time"}, "decidee_par": {"type": "string"}}}}}})),
                "401": sans_session.clone(), "403": non_admis.clone(), "404": introuvable.clone()}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/instruction".into(),
        json!({
            "post": {"operationId": "instruire_campagne", "summary": "Instruit automatiquement toutes les propositions transmises qui n'ont encore aucune décision", "tags": tag,
                "parameters": [annee],
                "responses": {"200": reponse_json("Bilan : instruites, recevables, irrecevables, a_verifier, et le résultat de chaque proposition.", json!({"type": "object"})),
                    "401": sans_session.clone(), "403": non_admis.clone(), "404": inconnue.clone()}},
            "get": {"operationId": "file_instruction", "summary": "La file de travail du service : compteurs par état et dossiers transmis", "tags": tag,
                "parameters": [annee,
                    requete("etat", "a_instruire, a_verifier, recevable, irrecevable, inscrite, non_retenue.", false,
                        json!({"type": "string", "enum": ["a_instruire", "a_verifier", "recevable", "irrecevable", "inscrite", "non_retenue"]})),
                    requete("cible", "Grade cible.", false, json!({"type": "string"})),
                    requete("voie", "choix ou examen.", false, json!({"type": "string"})),
                    requete("collectivite", "Code de collectivité.", false, json!({"type": "string"}))],
                "responses": {"200": reponse_json("File de travail.", json!({"type": "object", "properties": {
                        "compteurs": {"type": "object", "additionalProperties": {"type": "integer"}},
                        "dossiers": {"type": "array", "items": {"type": "object"}}}})),
                    "401": sans_session.clone(), "403": non_admis.clone(), "404": inconnue.clone(), "422": err("État inconnu.")}}
        }),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/grilles".into(),
        json!({"get": {"operationId": "versions_grille", "summary": "Les versions de la grille de cotation, toutes gardées", "tags": tag,
            "parameters": [annee],
            "responses": {"200": reponse_json("Versions.", json!({"type": "object", "properties": {"versions": {"type": "array", "items": {"type": "object", "properties": {
                    "version": {"type": "integer"}, "libelle": {"type": "string"}, "criteres": {"type": "integer"},
                    "definie_le": {"type": "string", "format": "date-time"}, "definie_par": {"type": "string"}}}}}})),
                "401": sans_session.clone(), "403": non_admis.clone(), "404": inconnue.clone()}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/grille/apercu".into(),
        json!({"post": {"operationId": "apercu_grille", "summary": "Valide une grille sans l'enregistrer (toutes les erreurs, chacune nommant le critère et le champ) et la cote sur des dossiers de la campagne", "tags": tag,
            "parameters": [annee, requete("echantillon", "Dossiers cotés : les n premiers transmis, les recevables d'abord (5 par défaut, 100 au plus).", false, json!({"type": "integer", "minimum": 1, "maximum": 100})),
                requete("dossiers", "Numéros des dossiers transmis à coter, séparés par des virgules (100 au plus) ; l'emporte sur echantillon.", false, json!({"type": "string", "example": "12,15"}))],
            "requestBody": corps_json(s_grille, true),
            "responses": {"200": reponse_json("valide: false et erreurs, ou valide: true, points maximum, départage et aperçu (cotation ligne par ligne).", json!({"type": "object", "properties": {
                    "valide": {"type": "boolean"}, "erreurs": {"type": "array", "items": s_erreur_entree},
                    "points_maximum": {"type": ["number", "null"]}, "apercu": {"type": "array"}}})),
                "400": err("JSON mal formé."), "401": sans_session.clone(), "403": non_admis.clone(), "404": err("Campagne inconnue, ou dossier choisi inconnu ou non transmis."),
                "422": err("Paramètre echantillon ou dossiers invalide.")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/cotations".into(),
        json!({"post": {"operationId": "coter_campagne", "summary": "Cote et enregistre toutes les propositions recevables avec la dernière grille (ou ?version=n) ; les lignes d'ancienneté sont calculées sur la carrière enregistrée", "tags": tag,
            "parameters": [annee, version.clone()],
            "responses": {"200": reponse_json("Bilan : grille_version, cotees, total de chaque proposition.", json!({"type": "object"})),
                "401": sans_session.clone(), "403": non_admis.clone(), "404": err("Campagne inconnue, grille absente ou version inconnue.")}}}),
    );
    chemins.insert(
        "/api/v1/propositions/{id}/cotation".into(),
        json!({"get": {"operationId": "lire_cotation", "summary": "La cotation d'une proposition recevable, une ligne par critère avec son explication, et la version de la grille (enregistrée, sinon calculée à la demande : enregistree vaut false)", "tags": tag,
            "parameters": [id, version],
            "responses": {"200": reponse_json("La cotation.", s_cotation),
                "401": sans_session.clone(), "403": non_admis.clone(), "404": err("Proposition inconnue, hors portée, ou grille absente."),
                "409": err("Proposition non recevable (non_recevable).")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/classement".into(),
        json!({"get": {"operationId": "classement", "summary": "Classement d'une cible et d'une voie : total (comparé sans arrondi), clés de départage appliquées dans l'ordre et nommées, ex aequo signalés (jamais de tirage au sort), retenus dans la limite des postes. Anonyme pour la commission (et avec anonyme=true) : seul le code anonyme identifie le dossier.", "tags": tag,
            "parameters": [annee,
                requete("cible", "Grade cible.", true, json!({"type": "string"})),
                requete("voie", "choix ou examen.", true, json!({"type": "string", "enum": ["choix", "examen"]})),
                requete("anonyme", "true : classement anonyme.", false, json!({"type": "boolean"})),
                version],
            "responses": {"200": reponse_json("Le classement.", s_classement),
                "401": sans_session.clone(), "403": non_admis.clone(), "404": err("Campagne inconnue ou grille absente."),
                "422": err("Cible ou voie absente ou inconnue.")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/listes".into(),
        json!({
            "post": {"operationId": "etablir_liste", "summary": "Établit la liste d'aptitude d'une cible : les mieux classés de chaque voie dans la limite de ses postes, publiés par ordre alphabétique ; les propositions deviennent inscrite ou non_retenue", "tags": tag,
                "parameters": [annee], "requestBody": corps_json(s_demande_liste, true),
                "responses": {"201": reponse_json("La liste.", reference("ListeEtablie")),
                    "401": sans_session.clone(), "403": non_admis.clone(), "404": err("Campagne inconnue ou grille absente."),
                    "409": err("Ex aequo à cheval sur le dernier poste (ex_aequo, le message nomme les propositions) sans ordre manuel justifié ; liste déjà établie (liste_etablie) ; dépôt pas encore clos (depot_en_cours)."),
                    "422": err("Justification absente (justification_requise), ordre manuel qui ne correspond à aucun groupe d'ex aequo (departage_manuel_invalide), cible inconnue.")}},
            "get": {"operationId": "lister_listes", "summary": "Les listes établies (publiées seulement pour une collectivité)", "tags": tag,
                "parameters": [annee],
                "responses": {"200": reponse_json("Listes.", json!({"type": "object"})),
                    "401": sans_session.clone(), "403": non_admis.clone(), "404": inconnue.clone()}}
        }),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/listes/{cible}".into(),
        json!({"get": {"operationId": "lire_liste", "summary": "La liste établie d'une cible et ses inscrits par ordre alphabétique", "tags": tag,
            "parameters": [annee, cible.clone()],
            "responses": {"200": reponse_json("La liste.", reference("ListeEtablie")),
                "401": sans_session.clone(), "403": non_admis.clone(), "404": err("Pas de liste établie (ou, pour une collectivité, pas encore publiée).")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/listes/{cible}/publication".into(),
        json!({"post": {"operationId": "publier_liste", "summary": "Publie la liste établie", "tags": tag,
            "parameters": [annee, cible],
            "responses": {"200": reponse_json("La liste publiée.", reference("ListeEtablie")),
                "401": sans_session.clone(), "403": non_admis.clone(), "404": err("Pas de liste établie."),
                "409": err("Déjà publiée (liste_publiee).")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/indicateurs".into(),
        json!({"get": {"operationId": "indicateurs", "summary": "Parts des femmes et des hommes parmi promouvables, proposés et inscrits par grade cible (sexe connu seulement) ; propositions de chaque collectivité rapportées à ses promouvables", "tags": tag,
            "parameters": [annee],
            "responses": {"200": reponse_json("Indicateurs.", json!({"type": "object", "properties": {
                    "egalite": {"type": "array", "items": s_egalite},
                    "propositions_par_collectivite": {"type": "array", "items": s_par_collectivite}}})),
                "401": sans_session, "403": non_admis, "404": inconnue}}}),
    );
}
