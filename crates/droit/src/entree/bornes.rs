//! Bornes des entrées du moteur : taille d'un document, longueur des listes et des textes,
//! intervalles des nombres.
//!
//! Une demande de quelques kilo-octets ne doit jamais faire faire au moteur un travail sans
//! rapport avec elle (cent mille fois la même cible donnaient une réponse d'un gigaoctet).
//! Chaque liste est donc bornée à ce qu'une carrière ou une campagne réelle peut compter,
//! avec de la marge, et chaque nombre à ce qui a un sens en droit. Les bornes sont écrites
//! dans les schémas JSON publiés (`maxItems`, `maxLength`, `minimum`, `maximum`) et le
//! lecteur des entrées ([`crate::entree::lire`]) les applique avec un message qui les nomme.
//! Le détail et les raisons sont repris dans `docs/moteur.md`.

use serde_json::{Map, Value};

/// Taille maximale d'un document d'entrée, en octets (16 Mio). La plus grosse demande
/// légitime, les résultats d'une session d'examen avec la carrière de chaque candidat, pèse
/// quelques mégaoctets ; l'API HTTP applique de plus sa propre limite de corps de requête.
pub const TAILLE_ENTREE_MAX: usize = 16 * 1024 * 1024;

/// Longueur maximale d'un texte (identifiant, nom, code), en caractères.
pub const LONGUEUR_TEXTE_MAX: usize = 200;

/// Borne appliquée à une liste que la table ci-dessous aurait oubliée (un test vérifie
/// qu'aucune ne l'est).
pub const LISTE_MAX_PAR_DEFAUT: usize = 1000;

/// Nombre maximal d'éléments d'une liste : `(type, champ, maximum, raison)`. Le type est le
/// nom du type Rust tel qu'il apparaît dans le schéma (titre de la racine ou entrée de
/// `$defs`).
pub const LISTES: &[(&str, &str, usize, &str)] = &[
    (
        "DemandeEligibilite",
        "cibles",
        200,
        "le catalogue compte moins de 200 grades d'accès ; les doublons sont évalués une fois",
    ),
    (
        "Agent",
        "periodes",
        200,
        "une carrière de 45 ans avec un changement de grade, de position ou de quotité chaque trimestre en compte 180",
    ),
    (
        "Agent",
        "formations",
        300,
        "une formation enregistrée par jour de formation pendant toute une carrière reste en deçà",
    ),
    (
        "Agent",
        "dispenses",
        50,
        "une dispense au plus par période de formation, soit une dizaine dans une carrière",
    ),
    (
        "Agent",
        "postes_responsabilite",
        50,
        "une affectation par changement de poste",
    ),
    (
        "Agent",
        "examens",
        50,
        "quelques examens professionnels dans une carrière",
    ),
    (
        "Periode",
        "fonctions",
        10,
        "trois fonctions particulières sont connues du moteur",
    ),
    (
        "Perimetre",
        "grades",
        200,
        "le catalogue compte moins de 200 grades",
    ),
    (
        "Perimetre",
        "cadres_emplois",
        100,
        "le catalogue compte moins de 100 cadres d'emplois",
    ),
    ("Perimetre", "versants", 10, "quatre versants existent"),
    ("Perimetre", "emplois", 30, "quinze codes d'emploi existent"),
    (
        "DemandeFormation",
        "durees_convenues",
        50,
        "une durée convenue par période de formation",
    ),
    (
        "DemandeListeAptitude",
        "demandes_maintien",
        50,
        "une demande par année d'inscription, prolongations comprises",
    ),
    (
        "DemandeListeAptitude",
        "suspensions",
        100,
        "une suspension par congé ou mandat pendant l'inscription",
    ),
    (
        "DemandeListeAptitude",
        "offres",
        50,
        "deux refus suffisent à radier ; quelques offres acceptées ou sans réponse",
    ),
    (
        "DemandeIntercommunal",
        "employeurs",
        50,
        "un emploi à temps non complet d'au moins quelques heures par employeur",
    ),
    (
        "DemandeDossier",
        "pieces",
        100,
        "six pièces exigées et quelques pièces complémentaires",
    ),
    (
        "DemandeResultats",
        "candidats",
        2000,
        "une session nationale de l'examen compte quelques centaines de candidats",
    ),
    (
        "DemandeResultats",
        "jury",
        50,
        "le jury compte neuf membres",
    ),
    (
        "DemandeEtablissementListe",
        "candidats",
        5000,
        "les agents proposés pour un grade, même dans le plus grand centre de gestion, se comptent en centaines",
    ),
];

/// Intervalle admis d'un nombre : `(type, champ, minimum, maximum, raison)`.
pub const NOMBRES: &[(&str, &str, f64, f64, &str)] = &[
    // Années (contrat v1 : années de 1950 à 2100).
    ("DemandeEligibilite", "annee", 1950.0, 2100.0, "contrat v1"),
    ("DemandeFormation", "annee", 1950.0, 2100.0, "contrat v1"),
    ("DemandeQuota", "annee", 1950.0, 2100.0, "contrat v1"),
    ("DemandeDossier", "session", 1950.0, 2100.0, "contrat v1"),
    ("DemandeResultats", "session", 1950.0, 2100.0, "contrat v1"),
    (
        "DemandeResultats",
        "annee_liste_aptitude",
        1950.0,
        2100.0,
        "contrat v1",
    ),
    ("ExamenReussi", "annee", 1950.0, 2100.0, "contrat v1"),
    // Carrière.
    (
        "Periode",
        "quotite",
        50.0,
        100.0,
        "temps partiel : 50 à 100 % (contrat v1)",
    ),
    (
        "Periode",
        "heures_hebdomadaires",
        0.0,
        35.0,
        "un temps non complet est inférieur à la durée légale de 35 heures",
    ),
    (
        "FormationSuivie",
        "jours",
        0.0,
        366.0,
        "une formation enregistrée ne dure pas plus d'une année",
    ),
    (
        "Dispense",
        "jours",
        0.0,
        366.0,
        "une dispense ne porte pas sur plus d'une année de formation",
    ),
    (
        "DureeConvenue",
        "jours",
        0.0,
        crate::formation::DUREE_MAXIMALE_CONVENUE,
        "durée maximale qu'un accord entre l'agent et l'autorité territoriale peut fixer",
    ),
    (
        "Emploi",
        "population",
        0.0,
        100_000_000.0,
        "au-delà de la population de la France",
    ),
    (
        "Emploi",
        "surclassement",
        0.0,
        100_000_000.0,
        "au-delà de la population de la France",
    ),
    (
        "Fonction",
        "population",
        0.0,
        100_000_000.0,
        "au-delà de la population de la France",
    ),
    // Quota : des effectifs et des recrutements qui ne débordent pas les calculs.
    (
        "Recrutements",
        "concours",
        0.0,
        1_000_000.0,
        "plus que tous les recrutements d'une année dans la fonction publique territoriale",
    ),
    ("Recrutements", "mutation", 0.0, 1_000_000.0, "idem"),
    ("Recrutements", "detachement", 0.0, 1_000_000.0, "idem"),
    (
        "Recrutements",
        "integration_directe",
        0.0,
        1_000_000.0,
        "idem",
    ),
    (
        "Recrutements",
        "travailleur_handicape",
        0.0,
        1_000_000.0,
        "idem",
    ),
    (
        "Recrutements",
        "promotion_interne",
        0.0,
        1_000_000.0,
        "idem",
    ),
    ("Recrutements", "autre", 0.0, 1_000_000.0, "idem"),
    (
        "Effectif",
        "fonctionnaires_activite_detachement",
        0.0,
        2_000_000.0,
        "plus que toute la fonction publique territoriale",
    ),
    (
        "Effectif",
        "cdi",
        0.0,
        2_000_000.0,
        "plus que toute la fonction publique territoriale",
    ),
    (
        "DemandeQuota",
        "annees_sans_promotion_possible",
        0.0,
        150.0,
        "années comprises entre 1950 et 2100",
    ),
    (
        "DemandeQuota",
        "recrutements_pendant_ces_annees",
        0.0,
        1_000_000.0,
        "plus que tous les recrutements d'une année",
    ),
    (
        "DemandeQuota",
        "autre_voie_nominations",
        0.0,
        1_000_000.0,
        "plus que toutes les nominations d'une année",
    ),
    (
        "DemandeQuota",
        "admis_concours_session_precedente",
        0.0,
        10_000.0,
        "quelques dizaines d'admis par session",
    ),
    // Examen professionnel : notes sur 20 (FAQ CNFPT ingénieur en chef).
    ("Candidat", "note_dossier", 0.0, 20.0, "note sur 20"),
    ("Candidat", "note_entretien", 0.0, 20.0, "note sur 20"),
    (
        "DemandeResultats",
        "seuil_admissibilite",
        0.0,
        20.0,
        "note sur 20",
    ),
    (
        "DemandeResultats",
        "postes",
        0.0,
        2000.0,
        "pas plus de postes que de candidats admis",
    ),
    (
        "DemandeResultats",
        "admis_concours_session_precedente",
        0.0,
        10_000.0,
        "quelques dizaines d'admis par session",
    ),
    (
        "PieceDeposee",
        "pages",
        0.0,
        1000.0,
        "une pièce de dossier ne compte pas mille pages",
    ),
    // Intercommunal et nomination.
    (
        "EmployeurIntercommunal",
        "heures_hebdomadaires",
        0.0,
        48.0,
        "le cumul d'emplois à temps non complet reste sous 115 % d'un temps complet ; 48 heures au plus par employeur",
    ),
    (
        "EmployeurNomination",
        "population",
        0.0,
        100_000_000.0,
        "au-delà de la population de la France",
    ),
    (
        "EmployeurNomination",
        "assimilation_population",
        0.0,
        100_000_000.0,
        "au-delà de la population de la France",
    ),
    (
        "EmployeurNomination",
        "logements",
        0.0,
        10_000_000.0,
        "plus que tout le parc social",
    ),
    (
        "Duree",
        "annees",
        0.0,
        100.0,
        "une durée de services de plus d'un siècle n'existe pas",
    ),
    ("Duree", "mois", 0.0, 1200.0, "cent ans exprimés en mois"),
    (
        "Duree",
        "jours",
        0.0,
        36_500.0,
        "cent ans exprimés en jours",
    ),
    // Établissement de la liste d'aptitude.
    (
        "DemandeEtablissementListe",
        "postes",
        0.0,
        5000.0,
        "pas plus de postes que de candidats",
    ),
    (
        "CandidatListe",
        "score",
        0.0,
        1_000_000.0,
        "les grilles des lignes directrices de gestion comptent quelques centaines de points",
    ),
];

/// Pose les bornes dans le schéma d'entrée d'une commande : `maxItems` des listes,
/// `minimum`/`maximum` des nombres, `maxLength` des textes libres, et objets fermés
/// (`additionalProperties: false`, un champ inconnu est une erreur selon le contrat).
pub fn annoter(schema: &mut Value) {
    let titre = schema
        .get("title")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    annoter_type(&titre, schema);
    if let Some(Value::Object(defs)) = schema.get_mut("$defs") {
        for (nom, def) in defs.iter_mut() {
            annoter_type(nom, def);
        }
    }
}

fn annoter_type(nom: &str, schema: &mut Value) {
    let Some(objet) = schema.as_object_mut() else {
        return;
    };
    annoter_textes(objet);
    if let Some(Value::Object(proprietes)) = objet.get_mut("properties") {
        for (champ, p) in proprietes.iter_mut() {
            let Some(p) = p.as_object_mut() else {
                continue;
            };
            if let Some((_, _, max, _)) = LISTES.iter().find(|(t, c, ..)| *t == nom && c == champ) {
                p.insert("maxItems".into(), Value::from(*max));
            }
            if let Some((_, _, min, max, _)) =
                NOMBRES.iter().find(|(t, c, ..)| *t == nom && c == champ)
            {
                let entier = est_du_type(p, "integer");
                p.insert("minimum".into(), nombre(*min, entier));
                p.insert("maximum".into(), nombre(*max, entier));
            }
            annoter_textes(p);
        }
        if !objet.contains_key("additionalProperties") {
            objet.insert("additionalProperties".into(), Value::Bool(false));
        }
    }
}

/// `maxLength` sur un texte libre (ni date, ni code énuméré) et sur les textes d'une liste.
fn annoter_textes(p: &mut Map<String, Value>) {
    if est_du_type(p, "string") && !p.contains_key("format") && !p.contains_key("enum") {
        p.insert("maxLength".into(), Value::from(LONGUEUR_TEXTE_MAX));
    }
    if let Some(Value::Object(items)) = p.get_mut("items") {
        annoter_textes(items);
    }
}

fn est_du_type(p: &Map<String, Value>, t: &str) -> bool {
    match p.get("type") {
        Some(Value::String(s)) => s == t,
        Some(Value::Array(v)) => v.iter().any(|x| x == t),
        _ => false,
    }
}

fn nombre(x: f64, entier: bool) -> Value {
    if entier {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}
