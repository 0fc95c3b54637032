//! Document OpenAPI du registre des inscriptions sur les listes d'aptitude (voir
//! `inscriptions`). Les corps de requête sont décrits par les schémas JSON des types du
//! stockage et du moteur.

use serde_json::{Map, Value, json};

use crate::openapi::{PREFIXE_COMPOSANTS, ajouter};

fn reference(nom: &str) -> Value {
    json!({"$ref": format!("{PREFIXE_COMPOSANTS}{nom}")})
}

fn schema<T: schemars::JsonSchema>(composants: &mut Map<String, Value>, nom: &str) -> Value {
    let s = schemars::schema_for!(T);
    reference(&ajouter(composants, nom, nom, s.to_value()))
}

fn corps_json(s: Value) -> Value {
    json!({"required": true, "content": {"application/json": {"schema": s}}})
}

fn reponse_json(description: &str, s: Value) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": s}}})
}

fn requete(nom: &str, description: &str, s: Value) -> Value {
    json!({"name": nom, "in": "query", "required": false, "description": description, "schema": s})
}

/// Ajoute les chemins du registre des inscriptions au document.
pub(crate) fn ajouter_inscriptions(
    chemins: &mut Map<String, Value>,
    composants: &mut Map<String, Value>,
    erreur: &str,
) {
    let err = |description: &str| reponse_json(description, reference(erreur));
    let s_nouvelle =
        schema::<store::inscriptions::NouvelleInscription>(composants, "NouvelleInscription");
    let s_evenement = schema::<store::inscriptions::NouvelEvenement>(composants, "NouvelEvenement");
    let s_liste =
        schema::<droit::liste_aptitude::ReponseListeAptitude>(composants, "ReponseListeAptitude");
    let date = json!({"type": ["string", "null"], "format": "date"});
    composants.insert(
        "InscriptionResume".into(),
        json!({"type": "object",
               "required": ["id", "matricule", "nom", "prenom", "cible", "inscription", "fin_validite", "prochaine_demande_maintien_avant", "statut", "motif_radiation"],
               "properties": {
                 "id": {"type": "integer"},
                 "matricule": {"type": ["string", "null"]},
                 "nom": {"type": "string"}, "prenom": {"type": "string"},
                 "cible": {"type": "string", "description": "Grade d'accès (code du catalogue)."},
                 "annee": {"type": "integer", "description": "Année de la liste d'aptitude."},
                 "inscription": {"type": "string", "format": "date", "description": "Date d'effet de l'inscription."},
                 "collectivite": {"type": ["string", "null"], "description": "Collectivité qui emploie la personne (code)."},
                 "centre_gestion": {"type": ["string", "null"], "description": "Centre de gestion qui a établi la liste, s'il n'est pas celui-ci."},
                 "fin_validite": date.clone(),
                 "prochaine_demande_maintien_avant": date.clone(),
                 "statut": {"type": "string", "enum": ["inscrit", "radie"]},
                 "motif_radiation": {"type": ["string", "null"], "enum": ["fin_validite", "deux_refus", "nomination", "maintien_non_demande", null]},
                 "date_radiation": date.clone(),
                 "suspendu_depuis": date.clone(),
                 "etat": {"type": "string", "enum": ["inscrit", "suspendu", "radie"]},
                 "etat_libelle": {"type": "string"},
                 "au": {"type": "string", "format": "date", "description": "Date à laquelle la situation est calculée (aujourd'hui, à Paris)."}}}),
    );
    composants.insert(
        "Inscription".into(),
        json!({"allOf": [reference("InscriptionResume"), {"type": "object", "properties": {
            "date_naissance": date,
            "liste_id": {"type": ["integer", "null"]},
            "source": {"type": "string", "enum": ["liste", "import", "saisie"]},
            "evenements": {"type": "array", "items": {"type": "object", "properties": {
                "id": {"type": "integer"}, "type": {"type": "string"},
                "date": {"type": "string", "format": "date"}, "detail": {"type": "object"},
                "enregistre_le": {"type": "string", "format": "date-time"},
                "enregistre_par": {"type": "string"}}}},
            "liste_aptitude": s_liste}}]}),
    );
    let resume = reference("InscriptionResume");
    let complete = reference("Inscription");
    let sans_session = err("Pas de session.");
    let non_admis = err("Rôle jamais admis à cette action.");
    let tag = json!(["liste d'aptitude"]);
    let id = json!({"name": "id", "in": "path", "required": true,
                    "description": "Numéro de l'inscription.", "schema": {"type": "integer"}});
    let introuvable = err("Inscription inconnue ou hors des collectivités de l'appelant.");
    let semaines = requete(
        "semaines",
        "Demandes de maintien à recevoir d'ici ce nombre de semaines (8 par défaut).",
        json!({"type": "integer", "minimum": 1, "maximum": 104}),
    );

    chemins.insert(
        "/api/v1/inscriptions".into(),
        json!({
            "get": {"operationId": "lister_inscriptions", "summary": "Le registre des inscriptions (celles des collectivités de l'appelant), situation calculée par le moteur (liste-aptitude) à la date du jour, dans l'ordre alphabétique", "tags": tag,
                "parameters": [
                    requete("cible", "Grade d'accès.", json!({"type": "string"})),
                    requete("annee", "Année de la liste.", json!({"type": "integer"})),
                    requete("texte", "Partie du nom ou du prénom (sans accents ni casse).", json!({"type": "string"})),
                    requete("statut", "inscrit, suspendu (inscrit, décompte suspendu) ou radie.", json!({"type": "string", "enum": ["inscrit", "suspendu", "radie"]})),
                    requete("collectivite", "Code de collectivité.", json!({"type": "string"})),
                    requete("echeance_avant", "Prochaine demande de maintien à recevoir au plus tard ce jour.", json!({"type": "string", "format": "date"})),
                    requete("page", "Page (à partir de 1) ; sans page, tout le registre.", json!({"type": "integer", "minimum": 1})),
                    requete("par_page", "Lignes par page (50 par défaut, 1 000 au plus).", json!({"type": "integer", "minimum": 1, "maximum": 1000}))],
                "responses": {"200": reponse_json("Le registre.", json!({"type": "object", "required": ["inscriptions", "total"], "properties": {
                        "inscriptions": {"type": "array", "items": resume.clone()},
                        "total": {"type": "integer"}, "page": {"type": "integer"}, "par_page": {"type": ["integer", "null"]},
                        "au": {"type": "string", "format": "date"}}})),
                    "401": sans_session.clone(), "403": non_admis.clone(), "422": err("Paramètre invalide.")}},
            "post": {"operationId": "creer_inscription", "summary": "Inscrit une personne au registre (liste antérieure, autre centre de gestion). Une inscription identique (nom, prénom, grade, date, centre) n'est pas dupliquée.", "tags": tag,
                "requestBody": corps_json(s_nouvelle),
                "responses": {"201": reponse_json("L'inscription et sa situation.", complete.clone()),
                    "401": sans_session.clone(), "403": non_admis.clone(),
                    "422": err("Grade inconnu (code_inconnu), nom vide, date hors bornes.")}}
        }),
    );
    chemins.insert(
        "/api/v1/inscriptions/{id}".into(),
        json!({"get": {"operationId": "lire_inscription", "summary": "Une inscription, ses évènements et sa situation expliquée (réponse du moteur : échéances, offres, textes)", "tags": tag,
            "parameters": [id.clone()],
            "responses": {"200": reponse_json("L'inscription.", complete.clone()), "401": sans_session.clone(), "403": non_admis.clone(), "404": introuvable.clone()}}}),
    );
    chemins.insert(
        "/api/v1/inscriptions/{id}/evenements".into(),
        json!({"post": {"operationId": "enregistrer_evenement", "summary": "Enregistre un évènement (demande_maintien, suspension, fin_suspension, offre, reponse_offre, nomination, confirmation_nomination) et rend la nouvelle situation. Une collectivité n'enregistre que la nomination de ses agents et sa confirmation. La nomination est contrôlée par la commande nomination du moteur et radie l'inscription ; sa confirmation ajoute la période de stage (ou de titulaire) à la carrière de l'agent enregistré.", "tags": tag,
            "parameters": [id], "requestBody": corps_json(s_evenement),
            "responses": {"200": reponse_json("L'inscription et sa nouvelle situation.", complete),
                "401": sans_session.clone(),
                "403": err("Rôle jamais admis, ou évènement réservé au centre de gestion."),
                "404": err("Inscription (ou collectivité qui nomme) inconnue ou hors des collectivités de l'appelant."),
                "409": err("Aucune suspension en cours (aucune_suspension_en_cours), aucune offre en attente (aucune_offre_en_attente), déjà nommé (deja_nomme), nomination impossible d'après le moteur (nomination_impossible), rien à confirmer (nomination_absente), déjà confirmée (nomination_confirmee), carrière enregistrée postérieure (carriere_posterieure)."),
                "422": err("Date absente, antérieure à l'inscription ou postérieure à aujourd'hui ; motif, réponse, collectivité ou emploi manquant.")}}}),
    );
    chemins.insert(
        "/api/v1/inscriptions/import".into(),
        json!({"post": {"operationId": "importer_inscriptions", "summary": "Importe des listes d'aptitude antérieures : un fichier CSV de tableur (ou les octets d'un classeur XLSX, reconnu à sa signature : feuille « Inscriptions », à défaut la première), une ligne par inscription ou par évènement (en-tête nom;prenom;date_naissance;matricule;collectivite;centre_gestion;cible;annee;inscription;evenement;date_evenement;precision, voir docs/inscriptions.md). Tout ou rien ; une inscription déjà présente est laissée telle quelle.", "tags": tag,
            "parameters": [requete("fichier", "Nom du fichier, cité dans les erreurs (sinon Content-Disposition filename=).", json!({"type": "string"}))],
            "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {"200": reponse_json("Bilan de l'import.", json!({"type": "object", "properties": {
                    "fichier": {"type": "string"}, "inscriptions_creees": {"type": "integer"},
                    "inscriptions_deja_presentes": {"type": "integer"}, "evenements": {"type": "integer"}}})),
                "401": sans_session.clone(), "403": non_admis.clone(),
                "413": err("Plus de 10 Mio."), "415": err("Corps d'un autre type que text/csv."),
                "422": err("Fichier refusé (fichier_invalide) : le message nomme le fichier, la ligne telle que le tableur la montre (1 = en-tête) et la colonne.")}}}),
    );
    chemins.insert(
        "/api/v1/inscriptions/relances".into(),
        json!({"get": {"operationId": "relances", "summary": "Relances : demandes de maintien à recevoir d'ici N semaines (la plus proche d'abord, avec le rappel de la règle) ; inscriptions terminées autrement que par une nomination, avec leur motif", "tags": tag,
            "parameters": [semaines.clone()],
            "responses": {"200": reponse_json("Relances.", json!({"type": "object", "properties": {
                    "au": {"type": "string", "format": "date"}, "semaines": {"type": "integer"},
                    "echeance_avant": {"type": "string", "format": "date"},
                    "a_relancer": {"type": "array", "items": resume.clone()},
                    "terminees": {"type": "array", "items": resume}}})),
                "401": sans_session.clone(), "403": non_admis.clone(), "422": err("Paramètre invalide.")}}}),
    );
    chemins.insert(
        "/api/v1/inscriptions/relances.csv".into(),
        json!({"get": {"operationId": "relances_csv", "summary": "Les mêmes relances en CSV pour un tableur : séparateur « ; », dates JJ/MM/AAAA, UTF-8 avec BOM (par défaut) ou Windows-1252", "tags": tag,
            "parameters": [semaines, requete("encodage", "utf-8 (par défaut, avec BOM) ou windows-1252.", json!({"type": "string", "enum": ["utf-8", "windows-1252"]}))],
            "responses": {"200": {"description": "Le fichier CSV.", "content": {"text/csv": {"schema": {"type": "string"}}}},
                "401": sans_session, "403": non_admis, "422": err("Paramètre invalide.")}}}),
    );
}
