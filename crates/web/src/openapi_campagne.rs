//! Document OpenAPI des routes de la campagne, côté employeur et tableau de bord du centre
//! de gestion (voir `campagnes` et `propositions`). Les corps de requête sont décrits par
//! les schémas JSON que génèrent les types des règles (`campagne`, `droit`) : une seule
//! source de vérité.

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

fn parametre_chemin(nom: &str, description: &str, type_: &str) -> Value {
    json!({"name": nom, "in": "path", "required": true, "description": description,
           "schema": {"type": type_}})
}

fn parametre_requete(nom: &str, description: &str, s: Value) -> Value {
    json!({"name": nom, "in": "query", "required": false, "description": description, "schema": s})
}

/// Ajoute les chemins de la campagne au document.
pub(crate) fn ajouter_campagne_employeur(
    chemins: &mut Map<String, Value>,
    composants: &mut Map<String, Value>,
    erreur: &str,
) {
    let err = |description: &str| reponse_json(description, reference(erreur));
    let annee = parametre_chemin(
        "annee",
        "Année de la liste d'aptitude (conditions appréciées au 1er janvier).",
        "integer",
    );
    let id = parametre_chemin("id", "Numéro de la proposition.", "integer");
    let collectivite = parametre_chemin("collectivite", "Code de la collectivité.", "string");
    let type_piece = parametre_chemin(
        "type",
        "Type de pièce : crep, fiche_poste, organigramme, arrete_nomination, \
         attestation_formation_cnfpt, attestation_examen, diplome, attestations_formations, \
         lettre_motivation, autre.",
        "string",
    );

    let s_campagne_entree = schema::<campagne::calendrier::Campagne>(composants, "DemandeCampagne");
    let s_declaration = schema::<campagne::declaration::Declaration>(composants, "Declaration");
    let s_historique = schema::<crate::campagnes::Historique>(composants, "Historique");
    let s_grille = schema::<droit::ldg::GrilleLdg>(composants, "GrilleLdg");
    let s_quota = schema::<campagne::quotas::QuotaCampagne>(composants, "QuotaCampagne");
    let s_piece_attendue = schema::<campagne::dossier::PieceAttendue>(composants, "PieceAttendue");
    let s_fait = schema::<campagne::dossier::FaitAttendu>(composants, "FaitAttendu");
    let s_demande =
        schema::<crate::propositions::DemandeProposition>(composants, "DemandeProposition");
    let s_modif = schema::<crate::propositions::ModificationProposition>(
        composants,
        "ModificationProposition",
    );

    composants.insert(
        "Campagne".into(),
        json!({"type": "object",
               "required": ["annee", "depot_ouverture", "depot_cloture", "date_effet_liste", "etat"],
               "properties": {
                 "annee": {"type": "integer"},
                 "depot_ouverture": {"type": "string", "format": "date"},
                 "depot_cloture": {"type": "string", "format": "date", "description": "Dernier jour de dépôt, inclus (délai de rigueur)."},
                 "date_effet_liste": {"type": "string", "format": "date"},
                 "etat": {"type": "string", "enum": ["preparation", "depot_ouvert", "depot_clos"],
                          "description": "État le jour de la requête (date civile à Paris)."},
                 "jours_restants": {"type": ["integer", "null"], "description": "Jours de dépôt restants, jour même et jour de clôture compris ; null hors de la période de dépôt."},
                 "aujourdhui": {"type": "string", "format": "date"},
                 "creee_le": {"type": "string", "format": "date-time"},
                 "creee_par": {"type": "string"}}}),
    );
    composants.insert(
        "DeclarationEnregistree".into(),
        json!({"allOf": [s_declaration.clone(), {"type": "object", "properties": {
            "annee": {"type": "integer"}, "collectivite": {"type": "string"},
            "collectivite_nom": {"type": "string"},
            "modifiee_le": {"type": "string", "format": "date-time"},
            "modifiee_par": {"type": "string"}}}]}),
    );
    composants.insert(
        "Piece".into(),
        json!({"type": "object", "required": ["type", "taille", "sha256"],
               "properties": {"type": {"type": "string"}, "taille": {"type": "integer", "description": "Octets."},
                              "sha256": {"type": "string", "description": "Empreinte SHA-256 (hexadécimal) des octets déposés."},
                              "nom_fichier": {"type": ["string", "null"]},
                              "deposee_le": {"type": "string", "format": "date-time"}}}),
    );
    composants.insert(
        "Proposition".into(),
        json!({"type": "object",
               "required": ["id", "annee", "matricule", "nom", "prenom", "collectivite", "cible", "voie", "rang", "dossier", "pieces", "statut", "motifs", "transmise_le", "promouvable", "eligibilite"],
               "properties": {
                 "id": {"type": "integer"}, "annee": {"type": "integer"},
                 "matricule": {"type": "string"}, "nom": {"type": "string"}, "prenom": {"type": "string"},
                 "collectivite": {"type": "string"}, "collectivite_nom": {"type": "string"},
                 "cible": {"type": "string"}, "voie": {"type": "string", "enum": ["choix", "examen"]},
                 "rang": {"type": "integer", "minimum": 1, "description": "Ordre de priorité de l'autorité parmi ses propositions de la même cible."},
                 "dossier": {"type": "object", "description": "Faits cotés par la grille ; clés inconnues gardées."},
                 "pieces": {"type": "array", "items": reference("Piece")},
                 "statut": {"type": "string", "enum": ["brouillon", "transmise", "recevable", "irrecevable", "inscrite", "non_retenue"]},
                 "motifs": {"type": "array"},
                 "promouvable": {"type": "boolean", "description": "La voie est ouverte d'après le moteur sur la carrière enregistrée (à la création, puis à la transmission)."},
                 "eligibilite": {"type": "object", "description": "La voie évaluée par le moteur (ResultatVoie de la commande eligibilite)."},
                 "version_catalogue": {"type": "string"},
                 "creee_le": {"type": "string", "format": "date-time"}, "creee_par": {"type": "string"},
                 "modifiee_le": {"type": "string", "format": "date-time"},
                 "transmise_le": {"type": ["string", "null"], "format": "date-time"}}}),
    );
    composants.insert(
        "Promouvable".into(),
        json!({"type": "object",
               "required": ["matricule", "nom", "prenom", "collectivite", "cible", "voie", "formation_a_jour"],
               "properties": {
                 "matricule": {"type": "string"}, "nom": {"type": "string"}, "prenom": {"type": "string"},
                 "collectivite": {"type": "string"}, "collectivite_nom": {"type": "string"},
                 "affiliee": {"type": "boolean"},
                 "cible": {"type": "string"}, "libelle_cible": {"type": "string"},
                 "voie": {"type": "string", "enum": ["choix", "examen"]},
                 "formation_a_jour": {"type": ["boolean", "null"], "description": "Obligations de formation de professionnalisation remplies au 1er janvier ; null : formations suivies inconnues. Les conditions statutaires de la voie, elles, sont remplies."}}}),
    );

    let campagne = reference("Campagne");
    let proposition = reference("Proposition");
    let sans_session = err("Pas de session.");
    let non_admis = err("Rôle jamais admis à cette action.");
    let inconnue = err("Campagne inconnue, ou donnée hors des collectivités de l'appelant.");
    let tag = json!(["campagne"]);

    chemins.insert(
        "/api/v1/campagnes".into(),
        json!({
            "post": {"operationId": "creer_campagne", "summary": "Crée la campagne annuelle", "tags": tag,
                "requestBody": corps_json(s_campagne_entree),
                "responses": {"201": reponse_json("La campagne, avec son état du jour.", campagne.clone()),
                    "401": sans_session, "403": non_admis,
                    "409": err("La campagne de cette année existe déjà (campagne_existante)."),
                    "422": err("Dates incohérentes (dates_incoherentes), année hors bornes.")}},
            "get": {"operationId": "lister_campagnes", "summary": "Les campagnes, la plus récente d'abord", "tags": tag,
                "responses": {"200": reponse_json("Campagnes.", json!({"type": "object", "properties": {"campagnes": {"type": "array", "items": campagne}}})),
                    "401": sans_session}}
        }),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}".into(),
        json!({"get": {"operationId": "lire_campagne", "summary": "La campagne et son état du jour", "tags": tag,
            "parameters": [annee],
            "responses": {"200": reponse_json("La campagne.", campagne), "401": sans_session, "404": inconnue}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/historique".into(),
        json!({
            "put": {"operationId": "definir_historique", "summary": "Saisie initiale de la clause de sauvegarde (années sans promotion possible avant la première campagne enregistrée)", "tags": tag,
                "parameters": [annee], "requestBody": corps_json(s_historique.clone()),
                "responses": {"200": reponse_json("La saisie enregistrée.", s_historique.clone()), "401": sans_session, "403": non_admis, "404": inconnue,
                    "422": err("Grade cible inconnu ou sans liste établie par le centre de gestion.")}},
            "get": {"operationId": "lire_historique", "summary": "La saisie initiale de la clause de sauvegarde", "tags": tag,
                "parameters": [annee],
                "responses": {"200": reponse_json("La saisie (cibles vides si aucune).", s_historique), "401": sans_session, "403": non_admis, "404": inconnue}}
        }),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/grille".into(),
        json!({
            "put": {"operationId": "definir_grille", "summary": "Nouvelle version de la grille de cotation (lignes directrices de gestion)", "tags": tag,
                "parameters": [annee], "requestBody": corps_json(s_grille.clone()),
                "responses": {"200": reponse_json("Numéro de la version enregistrée.", json!({"type": "object", "properties": {"version": {"type": "integer"}}})),
                    "401": sans_session, "403": non_admis, "404": inconnue, "422": err("Grille invalide (pointeur vers la valeur fautive).")}},
            "get": {"operationId": "lire_grille", "summary": "La grille (dernière version, ou ?version=n)", "tags": tag,
                "parameters": [annee, parametre_requete("version", "Version voulue.", json!({"type": "integer", "minimum": 1}))],
                "responses": {"200": reponse_json("La grille, avec version et definie_le.", s_grille), "401": sans_session, "403": non_admis,
                    "404": err("Campagne inconnue, grille pas encore déposée ou version inconnue.")}}
        }),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/declarations/{collectivite}".into(),
        json!({
            "put": {"operationId": "declarer", "summary": "Remplace la déclaration d'une collectivité (recrutements de l'année précédente, effectif au 31 décembre)", "tags": tag,
                "parameters": [annee, collectivite], "requestBody": corps_json(s_declaration),
                "responses": {"200": reponse_json("La déclaration enregistrée.", reference("DeclarationEnregistree")),
                    "401": sans_session, "403": non_admis, "404": inconnue,
                    "409": err("Collectivité non affiliée (non_affiliee), ou dépôt clos pour une collectivité (depot_clos)."),
                    "422": err("Recrutement hors de l'année précédente (date_hors_annee), cadre d'emplois inconnu, référence d'arrêté vide…")}},
            "get": {"operationId": "lire_declaration", "summary": "La déclaration d'une collectivité", "tags": tag,
                "parameters": [annee, collectivite],
                "responses": {"200": reponse_json("La déclaration.", reference("DeclarationEnregistree")), "401": sans_session, "403": non_admis,
                    "404": err("Campagne ou collectivité inconnue, hors portée, ou rien de déclaré.")}}
        }),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/declarations".into(),
        json!({"get": {"operationId": "lire_declarations", "summary": "Les déclarations reçues (celles des collectivités de l'appelant)", "tags": tag,
            "parameters": [annee],
            "responses": {"200": reponse_json("Déclarations.", json!({"type": "object", "properties": {"declarations": {"type": "array", "items": reference("DeclarationEnregistree")}}})),
                "401": sans_session, "403": non_admis, "404": inconnue}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/declarations/import".into(),
        json!({"post": {"operationId": "importer_declarations", "summary": "Remplace en une fois les déclarations de plusieurs collectivités (recrutements de l'année précédente, effectif au 31 décembre) : un fichier CSV de tableur ou les octets d'un classeur XLSX (feuille « Recensement », à défaut la première), en-tête code_collectivite;nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi (voir docs/format-import.md). Tout ou rien ; les collectivités absentes du fichier gardent leur déclaration.", "tags": tag,
            "parameters": [annee, parametre_requete("fichier", "Nom du fichier, cité dans les messages.", json!({"type": "string"}))],
            "requestBody": {"required": true, "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}}},
            "responses": {"200": reponse_json("Déclarations enregistrées.", json!({"type": "object", "properties": {
                    "fichier": {"type": "string"}, "collectivites": {"type": "array", "items": {"type": "string"}},
                    "recrutements": {"type": "integer"}, "effectifs": {"type": "integer"}}})),
                "401": sans_session, "403": non_admis, "404": inconnue,
                "409": err("Dépôt clos pour une collectivité (depot_clos)."),
                "413": err("Plus de 10 Mio."), "415": err("Corps d'un autre type que text/csv."),
                "422": err("Fichier refusé (fichier_invalide) : le message nomme le fichier, la ligne et la colonne ; collectivité inconnue ou hors de la portée, non affiliée, recrutement hors de l'année précédente…")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/quotas".into(),
        json!({"get": {"operationId": "lire_quotas", "summary": "Postes ouverts par grade cible et voie, mis en commun sur les collectivités affiliées, avec le calcul du moteur (commande quota, mode cdg)", "tags": tag,
            "parameters": [annee],
            "responses": {"200": reponse_json("Quotas.", json!({"type": "object", "properties": {"quotas": {"type": "array", "items": s_quota}}})),
                "401": sans_session, "403": non_admis, "404": inconnue}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/promouvables".into(),
        json!({"get": {"operationId": "lire_promouvables", "summary": "Agents qui remplissent au 1er janvier les conditions statutaires d'une voie (moteur, carrière enregistrée ; voie examen : examen enregistré comme réussi), dans un ordre stable (collectivité, nom, matricule, cible, voie)", "tags": tag,
            "parameters": [annee,
                parametre_requete("collectivite", "Code d'une collectivité de l'appelant.", json!({"type": "string"})),
                parametre_requete("cible", "Grade cible.", json!({"type": "string"})),
                parametre_requete("voie", "choix ou examen.", json!({"type": "string", "enum": ["choix", "examen"]})),
                parametre_requete("formation_a_jour", "true, false ou inconnue.", json!({"type": "string", "enum": ["true", "false", "inconnue"]})),
                parametre_requete("page", "Page (à partir de 1) ; sans page ni par_page, toute la liste.", json!({"type": "integer", "minimum": 1})),
                parametre_requete("par_page", "Lignes par page (50 par défaut, 1 000 au plus).", json!({"type": "integer", "minimum": 1, "maximum": 1000}))],
            "responses": {"200": reponse_json("Promouvables.", json!({"type": "object", "required": ["promouvables", "total"], "properties": {
                    "promouvables": {"type": "array", "items": reference("Promouvable")},
                    "total": {"type": "integer"}, "page": {"type": ["integer", "null"]}, "par_page": {"type": ["integer", "null"]},
                    "date_appreciation": {"type": "string", "format": "date"}, "version_catalogue": {"type": "string"}}})),
                "401": sans_session, "403": non_admis, "404": inconnue, "422": err("Paramètre invalide.")}}}),
    );
    let csv = |description: &str| {
        json!({"description": description,
               "content": {"text/csv": {"schema": {"type": "string"}}}})
    };
    let xlsx = |description: &str| {
        json!({"description": description,
               "content": {(crate::exports::TYPE_XLSX): {"schema": {"type": "string", "format": "binary"}}}})
    };
    // Filtres communs aux exports, puis le filtre propre à chacun.
    let filtres = |dernier: Value| {
        json!([
            annee,
            parametre_requete(
                "collectivite",
                "Code d'une collectivité de l'appelant.",
                json!({"type": "string"})
            ),
            parametre_requete("cible", "Grade cible.", json!({"type": "string"})),
            parametre_requete(
                "voie",
                "choix ou examen.",
                json!({"type": "string", "enum": ["choix", "examen"]})
            ),
            dernier
        ])
    };
    let parametres_promouvables = filtres(parametre_requete(
        "formation_a_jour",
        "true, false ou inconnue.",
        json!({"type": "string", "enum": ["true", "false", "inconnue"]}),
    ));
    let parametres_propositions = filtres(parametre_requete(
        "statut",
        "brouillon, transmise, recevable, irrecevable, inscrite ou non_retenue.",
        json!({"type": "string"}),
    ));
    let colonnes_promouvables = crate::exports::ENTETES_PROMOUVABLES.join(";");
    let colonnes_propositions = crate::exports::ENTETES_PROPOSITIONS.join(";");
    chemins.insert(
        "/api/v1/campagnes/{annee}/exports/promouvables.csv".into(),
        json!({"get": {"operationId": "exporter_promouvables", "summary": "Les promouvables en CSV pour le tableur (séparateur « ; », UTF-8 avec BOM, en-têtes en français, formules neutralisées), mêmes filtres que la liste, sans pagination", "tags": tag,
            "parameters": parametres_promouvables,
            "responses": {"200": csv(&colonnes_promouvables),
                "401": sans_session, "403": non_admis, "404": inconnue, "422": err("Paramètre invalide.")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/exports/promouvables.xlsx".into(),
        json!({"get": {"operationId": "exporter_promouvables_xlsx", "summary": "Les promouvables en classeur XLSX (une feuille, en-tête en gras figé, en-têtes en français, formules neutralisées), mêmes colonnes et mêmes filtres que l'export CSV, sans pagination", "tags": tag,
            "parameters": parametres_promouvables,
            "responses": {"200": xlsx(&colonnes_promouvables),
                "401": sans_session, "403": non_admis, "404": inconnue, "422": err("Paramètre invalide.")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/exports/propositions.csv".into(),
        json!({"get": {"operationId": "exporter_propositions", "summary": "Les propositions en CSV pour le tableur (séparateur « ; », UTF-8 avec BOM, en-têtes en français, formules neutralisées), mêmes filtres que la liste", "tags": tag,
            "parameters": parametres_propositions,
            "responses": {"200": csv(&colonnes_propositions),
                "401": sans_session, "403": non_admis, "404": inconnue, "422": err("Paramètre invalide.")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/exports/propositions.xlsx".into(),
        json!({"get": {"operationId": "exporter_propositions_xlsx", "summary": "Les propositions en classeur XLSX (numéro et rang de priorité en nombres, en-têtes en français, formules neutralisées), mêmes colonnes et mêmes filtres que l'export CSV", "tags": tag,
            "parameters": parametres_propositions,
            "responses": {"200": xlsx(&colonnes_propositions),
                "401": sans_session, "403": non_admis, "404": inconnue, "422": err("Paramètre invalide.")}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/tableau-de-bord".into(),
        json!({"get": {"operationId": "tableau_de_bord", "summary": "Tableau de bord du centre de gestion : état et jours restants, déclarations reçues et manquantes, propositions par cible et statut, promouvables par cible et voie", "tags": tag,
            "parameters": [annee],
            "responses": {"200": reponse_json("Tableau de bord.", json!({"type": "object"})), "401": sans_session, "403": non_admis, "404": inconnue}}}),
    );
    chemins.insert(
        "/api/v1/campagnes/{annee}/propositions".into(),
        json!({
            "post": {"operationId": "proposer", "summary": "Propose un agent (statut brouillon). Un agent que le moteur ne trouve pas promouvable est accepté, et la réponse le dit (promouvable: false).", "tags": tag,
                "parameters": [annee], "requestBody": corps_json(s_demande),
                "responses": {"201": reponse_json("La proposition.", proposition.clone()),
                    "401": sans_session, "403": non_admis, "404": err("Campagne inconnue, ou agent inconnu ou hors des collectivités de l'appelant."),
                    "409": err("Déjà proposé pour cette cible et cette voie (proposition_existante), rang déjà attribué (rang_deja_attribue), collectivité non affiliée (non_affiliee), dépôt clos (depot_clos)."),
                    "422": err("Cible ou voie inconnue, rang hors bornes.")}},
            "get": {"operationId": "lister_propositions", "summary": "Les propositions (celles des collectivités de l'appelant)", "tags": tag,
                "parameters": [annee,
                    parametre_requete("collectivite", "Code de collectivité.", json!({"type": "string"})),
                    parametre_requete("cible", "Grade cible.", json!({"type": "string"})),
                    parametre_requete("voie", "choix ou examen.", json!({"type": "string"})),
                    parametre_requete("statut", "Statut.", json!({"type": "string"}))],
                "responses": {"200": reponse_json("Propositions.", json!({"type": "object", "properties": {"propositions": {"type": "array", "items": proposition.clone()}}})),
                    "401": sans_session, "403": non_admis, "404": inconnue, "422": err("Statut inconnu.")}}
        }),
    );
    let introuvable = err("Proposition inconnue ou hors des collectivités de l'appelant.");
    chemins.insert(
        "/api/v1/propositions/{id}".into(),
        json!({
            "get": {"operationId": "lire_proposition", "summary": "Une proposition, ses pièces, son statut et ses motifs", "tags": tag,
                "parameters": [id],
                "responses": {"200": reponse_json("La proposition.", proposition.clone()), "401": sans_session, "403": non_admis, "404": introuvable.clone()}},
            "patch": {"operationId": "modifier_proposition", "summary": "Rang et/ou dossier d'un brouillon (un rang tenu par un autre brouillon de la même cible est échangé avec lui)", "tags": tag,
                "parameters": [id], "requestBody": corps_json(s_modif),
                "responses": {"200": reponse_json("La proposition.", proposition.clone()), "401": sans_session, "403": non_admis, "404": introuvable.clone(),
                    "409": err("Proposition transmise (proposition_transmise), rang d'une proposition transmise (rang_deja_attribue), dépôt clos (depot_clos)."),
                    "422": err("Rang hors bornes, dossier qui n'est pas un objet.")}},
            "delete": {"operationId": "retirer_proposition", "summary": "Retire un brouillon et ses pièces", "tags": tag,
                "parameters": [id],
                "responses": {"204": {"description": "Retirée."}, "401": sans_session, "403": non_admis, "404": introuvable.clone(),
                    "409": err("Proposition transmise (proposition_transmise) ou dépôt clos (depot_clos).")}}
        }),
    );
    chemins.insert(
        "/api/v1/propositions/{id}/transmission".into(),
        json!({"post": {"operationId": "transmettre_proposition", "summary": "Transmet la proposition au centre de gestion ; elle ne change plus ensuite", "tags": tag,
            "parameters": [id],
            "responses": {"200": reponse_json("La proposition transmise (statut transmise, transmise_le).", proposition),
                "401": sans_session, "403": non_admis, "404": introuvable.clone(),
                "409": err("Hors de la période de dépôt, jour de clôture inclus (depot_clos), ou déjà transmise (proposition_transmise).")}}}),
    );
    chemins.insert(
        "/api/v1/propositions/{id}/pieces".into(),
        json!({"get": {"operationId": "liste_de_controle", "summary": "Liste de contrôle du dossier : pièces attendues par la grille (présentes ou manquantes, lignes qui en dépendent) et faits lus par la grille", "tags": tag,
            "parameters": [id],
            "responses": {"200": reponse_json("Liste de contrôle.", json!({"type": "object", "properties": {
                    "grille_version": {"type": ["integer", "null"]},
                    "pieces": {"type": "array", "items": s_piece_attendue},
                    "manquantes": {"type": "array", "items": {"type": "string"}},
                    "deposees": {"type": "array", "items": reference("Piece")},
                    "faits": {"type": "array", "items": s_fait}}})),
                "401": sans_session, "403": non_admis, "404": introuvable.clone()}}}),
    );
    chemins.insert(
        "/api/v1/propositions/{id}/pieces/{type}".into(),
        json!({
            "put": {"operationId": "deposer_piece", "summary": "Dépose (ou remplace) une pièce PDF d'un brouillon ; écrite avec sa fiche et son empreinte SHA-256 en une transaction", "tags": tag,
                "parameters": [id, type_piece.clone()],
                "requestBody": {"required": true, "description": "Le PDF (commence par %PDF-, 10 Mio au plus). Nom de fichier facultatif : en-tête Content-Disposition filename=…",
                                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": {"201": reponse_json("La pièce.", reference("Piece")), "401": sans_session, "403": non_admis, "404": introuvable.clone(),
                    "409": err("Proposition transmise (proposition_transmise), dépôt clos (depot_clos)."),
                    "413": err("Plus de 10 Mio."), "415": err("Corps d'un autre type que application/pdf."),
                    "422": err("Pas un PDF (pdf_invalide), type de pièce inconnu (type_piece_inconnu).")}},
            "get": {"operationId": "lire_piece", "summary": "Les octets de la pièce, empreinte vérifiée (en-tête x-sha256)", "tags": tag,
                "parameters": [id, type_piece.clone()],
                "responses": {"200": {"description": "Le PDF.", "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}},
                    "401": sans_session, "403": non_admis, "404": err("Proposition inconnue, hors portée, ou pièce absente."),
                    "500": err("Pièce altérée : ses octets ne correspondent plus à l'empreinte enregistrée (piece_alteree) ; elle n'est pas servie.")}},
            "delete": {"operationId": "supprimer_piece", "summary": "Retire une pièce d'un brouillon", "tags": tag,
                "parameters": [id, type_piece],
                "responses": {"204": {"description": "Retirée."}, "401": sans_session, "403": non_admis, "404": err("Proposition inconnue, hors portée, ou pièce absente."),
                    "409": err("Proposition transmise (proposition_transmise), dépôt clos (depot_clos).")}}
        }),
    );
}
