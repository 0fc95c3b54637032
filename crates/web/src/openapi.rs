//! Document OpenAPI 3.1 de l'API, construit à partir des schémas JSON que le moteur génère
//! de ses propres types (`droit::commandes::schemas()`) : une seule source de vérité.
//!
//! Les définitions internes de chaque schéma (`$defs`) sont remontées dans
//! `components/schemas` et leurs références réécrites ; deux définitions de même nom mais de
//! contenu différent reçoivent des noms distincts.

use serde_json::{Map, Value, json};

const PREFIXE_DEFS: &str = "#/$defs/";
pub(crate) const PREFIXE_COMPOSANTS: &str = "#/components/schemas/";

fn reecrire_refs(v: &mut Value, noms: &Map<String, Value>) {
    match v {
        Value::Object(o) => {
            if let Some(Value::String(r)) = o.get_mut("$ref")
                && let Some(nom) = r.strip_prefix(PREFIXE_DEFS)
            {
                let cible = noms.get(nom).and_then(Value::as_str).unwrap_or(nom);
                *r = format!("{PREFIXE_COMPOSANTS}{cible}");
            }
            for x in o.values_mut() {
                reecrire_refs(x, noms);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| reecrire_refs(x, noms)),
        _ => {}
    }
}

/// Ajoute un schéma racine aux composants ; rend son nom de composant.
pub(crate) fn ajouter(
    composants: &mut Map<String, Value>,
    nom_propose: &str,
    contexte: &str,
    schema: Value,
) -> String {
    let mut racine = match schema {
        Value::Object(o) => o,
        autre => {
            let mut o = Map::new();
            o.insert("allOf".into(), json!([autre]));
            o
        }
    };
    racine.remove("$schema");
    let defs = match racine.remove("$defs") {
        Some(Value::Object(d)) => d,
        _ => Map::new(),
    };
    // Choix des noms : une définition identique déjà présente est partagée.
    let identite: Map<String, Value> = defs
        .keys()
        .map(|k| (k.clone(), Value::String(k.clone())))
        .collect();
    let mut noms = Map::new();
    for (nom, def) in &defs {
        let mut candidat = def.clone();
        reecrire_refs(&mut candidat, &identite);
        let final_ = match composants.get(nom) {
            None => nom.clone(),
            Some(existant) if *existant == candidat => nom.clone(),
            Some(_) => format!("{nom}_{contexte}"),
        };
        noms.insert(nom.clone(), Value::String(final_));
    }
    for (nom, mut def) in defs {
        reecrire_refs(&mut def, &noms);
        let final_ = noms[&nom].as_str().unwrap_or(&nom).to_owned();
        composants.insert(final_, def);
    }
    let mut racine = Value::Object(racine);
    reecrire_refs(&mut racine, &noms);
    let mut nom = nom_propose.to_owned();
    if let Some(existant) = composants.get(&nom)
        && *existant != racine
    {
        nom = format!("{nom_propose}_{contexte}");
    }
    composants.insert(nom.clone(), racine);
    nom
}

fn identifiant(commande: &str) -> String {
    commande.replace('-', "_")
}

/// Routes du contrat v2 (comptes, sessions, journal) ; chaque route avec session répond 401
/// sans session et 403 pour un rôle qui n'y a pas accès.
fn ajouter_campagne(
    chemins: &mut Map<String, Value>,
    composants: &mut Map<String, Value>,
    erreur: &str,
) {
    let err = |description: &str| {
        json!({"description": description,
               "content": {"application/json": {"schema": {"$ref": format!("{PREFIXE_COMPOSANTS}{erreur}")}}}})
    };
    composants.insert(
        "Session".into(),
        json!({"type": "object", "required": ["identifiant", "role", "collectivites"],
               "properties": {
                 "identifiant": {"type": "string"},
                 "role": {"type": "string", "enum": ["administrateur", "gestionnaire", "collectivite", "commission"]},
                 "collectivites": {"type": "array", "items": {"type": "string"},
                                   "description": "Codes des collectivités du compte (rôle collectivite)."}}}),
    );
    composants.insert(
        "DemandeSession".into(),
        json!({"type": "object", "required": ["identifiant", "mot_de_passe"],
               "properties": {"identifiant": {"type": "string"}, "mot_de_passe": {"type": "string"}}}),
    );
    composants.insert(
        "EntreeJournal".into(),
        json!({"type": "object",
               "required": ["id", "horodatage", "utilisateur", "action", "objet", "avant", "apres", "precedente", "empreinte"],
               "properties": {
                 "id": {"type": "integer", "description": "Numéro d'entrée, consécutif depuis 1."},
                 "horodatage": {"type": "string", "format": "date-time", "description": "Instant UTC lu sur l'horloge de la base."},
                 "utilisateur": {"type": "string", "description": "Identifiant du compte, ou systeme:<origine> pour la ligne de commande."},
                 "action": {"type": "string"},
                 "objet": {"type": "string", "description": "sorte:identifiant (utilisateur:marie, import…)."},
                 "avant": {"description": "Valeurs avant l'écriture (JSON) ou null."},
                 "apres": {"description": "Valeurs après l'écriture (JSON) ou null."},
                 "precedente": {"type": "string", "description": "Empreinte SHA-256 de l'entrée précédente."},
                 "empreinte": {"type": "string", "description": "Empreinte SHA-256 de cette entrée."}}}),
    );
    let session = format!("{PREFIXE_COMPOSANTS}Session");
    chemins.insert(
        "/api/v1/session".into(),
        json!({
            "post": {
                "operationId": "ouvrir_session",
                "summary": "Connexion : ouvre une session (cookie passerelle_session, HttpOnly, SameSite=Lax, Secure derrière TLS)",
                "tags": ["session"],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": format!("{PREFIXE_COMPOSANTS}DemandeSession")}}}},
                "responses": {
                    "200": {"description": "Session ouverte.", "content": {"application/json": {"schema": {"$ref": session}}}},
                    "401": err("Identifiant ou mot de passe incorrect (même réponse si le compte n'existe pas)."),
                    "415": err("Corps d'un autre type que application/json."),
                    "422": err("Champ absent ou d'un mauvais type."),
                    "429": err("Trop d'échecs récents pour ce compte ou cette adresse (en-tête Retry-After).")
                }
            },
            "get": {
                "operationId": "lire_session",
                "summary": "La personne connectée",
                "tags": ["session"],
                "responses": {
                    "200": {"description": "Session en cours.", "content": {"application/json": {"schema": {"$ref": session}}}},
                    "401": err("Pas de session.")
                }
            },
            "delete": {
                "operationId": "fermer_session",
                "summary": "Déconnexion",
                "tags": ["session"],
                "responses": {"204": {"description": "Session fermée."}, "401": err("Pas de session.")}
            }
        }),
    );
    let texte = |nom: &str, description: &str| json!({"name": nom, "in": "query", "required": false, "description": description, "schema": {"type": "string"}});
    chemins.insert(
        "/api/v1/journal".into(),
        json!({
            "get": {
                "operationId": "lire_journal",
                "summary": "Journal d'audit (administrateur), les entrées les plus récentes d'abord, 50 par page",
                "tags": ["journal"],
                "parameters": [
                    texte("objet", "Objet exact (utilisateur:marie, import…)."),
                    texte("action", "Action exacte (import, utilisateur.ajouter, session.ouvrir…)."),
                    texte("utilisateur", "Auteur (identifiant)."),
                    {"name": "du", "in": "query", "required": false, "description": "Premier jour inclus (jour UTC).", "schema": {"type": "string", "format": "date"}},
                    {"name": "au", "in": "query", "required": false, "description": "Dernier jour inclus (jour UTC).", "schema": {"type": "string", "format": "date"}},
                    {"name": "page", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1}}
                ],
                "responses": {
                    "200": {"description": "Une page du journal.", "content": {"application/json": {"schema": {
                        "type": "object", "required": ["journal", "total", "page", "par_page"],
                        "properties": {
                            "journal": {"type": "array", "items": {"$ref": format!("{PREFIXE_COMPOSANTS}EntreeJournal")}},
                            "total": {"type": "integer"}, "page": {"type": "integer"}, "par_page": {"type": "integer"}}}}}},
                    "401": err("Pas de session."),
                    "403": err("Réservé à l'administrateur."),
                    "422": err("Filtre invalide (date mal écrite, page non entière).")
                }
            }
        }),
    );
}

/// Le document OpenAPI 3.1 complet.
pub fn document() -> Value {
    let mut composants = Map::new();
    let mut chemins = Map::new();
    let erreur = ajouter(
        &mut composants,
        "ReponseErreur",
        "erreur",
        droit::commandes::schema_erreur().to_value(),
    );
    for s in droit::commandes::schemas() {
        let id = identifiant(s.commande);
        let titre = |sch: &schemars::Schema, defaut: String| {
            sch.get("title")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .unwrap_or(defaut)
        };
        let nom_entree = titre(&s.entree, format!("entree_{id}"));
        let nom_sortie = titre(&s.sortie, format!("sortie_{id}"));
        let entree = ajouter(
            &mut composants,
            &nom_entree,
            &format!("entree_{id}"),
            s.entree.to_value(),
        );
        let sortie = ajouter(
            &mut composants,
            &nom_sortie,
            &format!("sortie_{id}"),
            s.sortie.to_value(),
        );
        chemins.insert(
            format!("/api/v1/{}", s.commande),
            json!({
                "post": {
                    "operationId": id,
                    "summary": format!("Commande « {} » du moteur (contrat v1)", s.commande),
                    "description": "Même document JSON en entrée et en sortie que la commande \
                        de la ligne de commande `passerelle` du même nom.",
                    "tags": ["moteur"],
                    "requestBody": {
                        "required": true,
                        "content": {"application/json": {"schema": {"$ref": format!("{PREFIXE_COMPOSANTS}{entree}")}}}
                    },
                    "responses": {
                        "200": {
                            "description": "Réponse du moteur.",
                            "content": {"application/json": {"schema": {"$ref": format!("{PREFIXE_COMPOSANTS}{sortie}")}}}
                        },
                        "422": {
                            "description": "Entrée invalide : message en français et pointeur JSON vers la valeur fautive.",
                            "content": {"application/json": {"schema": {"$ref": format!("{PREFIXE_COMPOSANTS}{erreur}")}}}
                        },
                        "501": {
                            "description": "Commande pas encore disponible dans cette version.",
                            "content": {"application/json": {"schema": {"$ref": format!("{PREFIXE_COMPOSANTS}{erreur}")}}}
                        }
                    }
                }
            }),
        );
    }
    chemins.insert(
        "/healthz".into(),
        json!({
            "get": {
                "operationId": "healthz",
                "summary": "État du service et de sa base de données",
                "tags": ["exploitation"],
                "responses": {
                    "200": {"description": "Service et base disponibles.",
                            "content": {"application/json": {"schema": {"type": "object"}}}},
                    "503": {"description": "Base de données indisponible.",
                            "content": {"application/json": {"schema": {"type": "object"}}}}
                }
            }
        }),
    );
    chemins.insert(
        "/api/v1/openapi.json".into(),
        json!({
            "get": {
                "operationId": "openapi",
                "summary": "Ce document OpenAPI 3.1",
                "tags": ["exploitation"],
                "responses": {"200": {"description": "Le document.",
                    "content": {"application/json": {"schema": {"type": "object"}}}}}
            }
        }),
    );
    ajouter_campagne(&mut chemins, &mut composants, &erreur);
    crate::openapi_campagne::ajouter_campagne_employeur(&mut chemins, &mut composants, &erreur);
    crate::openapi_inscriptions::ajouter_inscriptions(&mut chemins, &mut composants, &erreur);
    crate::openapi_cdg::ajouter_campagne_cdg(&mut chemins, &mut composants, &erreur);
    crate::openapi_documents::ajouter_documents(&mut chemins, &erreur);
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "Passerelle — moteur de la promotion interne",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Commandes du contrat public v1 : éligibilité, services effectifs, \
                formation, quotas, liste d'aptitude, intercommunalité, examen, nomination. \
                Les décisions s'expliquent condition par condition (requis, constaté, texte).",
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}
        },
        "paths": chemins,
        "components": {"schemas": composants}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs<'a>(v: &'a Value, sortie: &mut Vec<&'a str>) {
        match v {
            Value::Object(o) => {
                if let Some(Value::String(r)) = o.get("$ref") {
                    sortie.push(r);
                }
                o.values().for_each(|x| refs(x, sortie));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, sortie)),
            _ => {}
        }
    }

    #[test]
    fn chaque_commande_du_contrat_a_son_chemin() {
        // Contrat v1 (docs/moteur.md) : POST /api/v1/<commande> pour chaque commande.
        let doc = document();
        for c in droit::commandes::COMMANDES {
            assert!(
                doc["paths"].get(format!("/api/v1/{c}")).is_some(),
                "chemin manquant pour {c}"
            );
        }
        assert_eq!(doc["openapi"], "3.1.0");
    }

    #[test]
    fn chaque_route_de_l_api_est_decrite() {
        // Contrat v2 : toute route est décrite dans le document OpenAPI.
        let doc = document();
        for d in crate::acces::declarations() {
            if d.nature != crate::acces::Nature::Api || d.motif == "/api/v1/{commande}" {
                continue;
            }
            let methode = d.methode.as_str().to_lowercase();
            assert!(
                doc["paths"][d.motif].get(&methode).is_some(),
                "{} {} absente du document OpenAPI",
                d.methode,
                d.motif
            );
        }
    }

    #[test]
    fn toutes_les_references_se_resolvent() {
        let doc = document();
        let mut toutes = Vec::new();
        refs(&doc, &mut toutes);
        assert!(!toutes.is_empty());
        for r in toutes {
            let nom = r
                .strip_prefix(PREFIXE_COMPOSANTS)
                .unwrap_or_else(|| panic!("référence hors des composants : {r}"));
            assert!(
                doc["components"]["schemas"].get(nom).is_some(),
                "référence non résolue : {r}"
            );
        }
    }

    #[test]
    fn deux_definitions_homonymes_differentes_sont_separees() {
        let mut c = Map::new();
        let a = json!({"$defs": {"X": {"type": "string"}}, "$ref": "#/$defs/X"});
        let b = json!({"$defs": {"X": {"type": "integer"}}, "$ref": "#/$defs/X"});
        ajouter(&mut c, "A", "a", a);
        ajouter(&mut c, "B", "b", b);
        assert_eq!(c["X"], json!({"type": "string"}));
        assert_eq!(c["X_b"], json!({"type": "integer"}));
        assert_eq!(c["B"], json!({"$ref": "#/components/schemas/X_b"}));
    }
}
