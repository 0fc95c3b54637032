//! Matrice des accès : chaque route déclarée (`web::acces::declarations()`), pour chaque
//! rôle (et sans session), et pour chaque collectivité quand la route désigne une donnée
//! d'une collectivité, sur SQLite et PostgreSQL.
//!
//! Une route sans exemple dans [`exemples`] fait échouer le test : une nouvelle route doit y
//! être ajoutée. Un 404 « hors portée » n'est admis que si la même requête, dans la portée du
//! même rôle, aboutit : un 404 de route absente ne peut pas passer pour un refus.

use axum::http::{Method, StatusCode};
use web::acces::{Corps, DeclarationRoute, Nature, Regle, declarations};

use crate::commun::{Client, MOT_DE_PASSE, TestApp};

/// Corps valide de la commande `services` (seed 002 §I.D : temps non complet en 2005).
pub const CORPS_SERVICES: &str = r#"{"agent": {"periodes": [{"debut": "2005-01-01",
 "fin": "2005-12-31", "versant": "territoriale", "statut": "titulaire",
 "grade": "adjoint_technique", "position": "activite", "quotite": 100,
 "heures_hebdomadaires": 10.5, "emploi": null, "fonctions": []}]},
 "jusqu_au": "2025-12-31", "perimetre": {"grades": ["adjoint_technique"]}}"#;

/// Un exemple de requête pour un motif de route.
struct Exemple {
    /// Adresse dont la donnée appartient à C1 (ou sans collectivité).
    c1: &'static str,
    /// Même adresse pour une donnée de C2, si la route désigne une collectivité.
    c2: Option<&'static str>,
    /// Corps JSON ou champs de formulaire (le jeton CSRF est ajouté).
    json: Option<&'static str>,
    /// Corps JSON pour la donnée de C2, quand elle se désigne dans le corps (même adresse).
    json_c2: Option<&'static str>,
    /// Corps PDF.
    pdf: Option<&'static [u8]>,
    /// Corps CSV.
    csv: Option<&'static [u8]>,
    formulaire: Option<&'static [(&'static str, &'static str)]>,
    /// Champs de formulaire pour la donnée de C2, quand elle se désigne dans le formulaire.
    formulaire_c2: Option<&'static [(&'static str, &'static str)]>,
    /// Fichier CSV envoyé en `multipart/form-data` (champ `periodes`).
    fichier: Option<&'static str>,
    /// Fichier envoyé en `multipart/form-data` sous le champ `fichier` (pièce, déclaration).
    televersement: Option<&'static [u8]>,
    /// Statut d'une requête admise.
    attendu: StatusCode,
    /// Statut d'une requête admise déjà aboutie une fois (écriture qui ne se répète pas :
    /// création, suppression, transmission) ; `None` : la même que la première fois.
    repete: Option<StatusCode>,
    /// La requête ferme ou remplace la session : elle se fait sur une session neuve.
    session_neuve: bool,
}

const fn ex(c1: &'static str, attendu: StatusCode) -> Exemple {
    Exemple {
        c1,
        c2: None,
        json: None,
        json_c2: None,
        pdf: None,
        csv: None,
        formulaire: None,
        formulaire_c2: None,
        televersement: None,
        fichier: None,
        attendu,
        repete: None,
        session_neuve: false,
    }
}

/// Corps d'exemple des routes de la campagne (voir `campagne::preparer_matrice`).
const CAMPAGNE_2030: &str = r#"{"annee": 2030, "depot_ouverture": "2029-11-05",
 "depot_cloture": "2029-12-14", "date_effet_liste": "2030-03-01"}"#;
const HISTORIQUE: &str = r#"{"cibles": {"ingenieur": {"annees_sans_promotion_possible": 2,
 "recrutements_pendant_ces_annees": 1}}}"#;
const DECLARATION: &str = r#"{"recrutements": [{"cadre_emplois": "ingenieurs_territoriaux",
 "mode": "concours", "date": "2026-03-01", "reference": "arrêté n° 2026-014"}],
 "effectifs": [{"cadre_emplois": "ingenieurs_territoriaux",
 "fonctionnaires_activite_detachement": 12, "cdi": 1}]}"#;
const PROPOSITION_A1: &str = r#"{"matricule": "A1", "cible": "ingenieur", "voie": "choix"}"#;
const PROPOSITION_A2: &str = r#"{"matricule": "A2", "cible": "attache", "voie": "choix"}"#;
const DOSSIER: &str = r#"{"dossier": {"agents_encadres": 4}}"#;
const PDF: &[u8] = b"%PDF-1.4\n% matrice des acces\n%%EOF\n";
/// Déclaration en fichier CSV (docs/format-import.md, « Déclaration de recensement »).
const DECLARATION_CSV: &[u8] = "nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n\
     effectif;ingenieurs_territoriaux;;;;12;1\n"
    .as_bytes();

/// Corps d'exemple des routes des inscriptions (voir `inscriptions::preparer_matrice`).
const INSCRIPTION: &str = r#"{"nom": "Lefèvre", "prenom": "Anne", "cible": "redacteur",
 "annee": 2025, "inscription": "2025-03-01", "centre_gestion": "CDG 69"}"#;
const IMPORT_CSV: &[u8] = b"nom;prenom;date_naissance;matricule;collectivite;centre_gestion;\
cible;annee;inscription;evenement;date_evenement;precision\n\
Roux;Marc;;;;CDG 42;redacteur;2023;01/03/2023;demande_maintien;10/01/2025;\n";
const NOMINATION_C1: &str = r#"{"type": "nomination", "date": "2026-11-02",
 "collectivite": "C1", "emploi": "Ingénieur", "vacance": "V-1", "poste_cree": true}"#;
const NOMINATION_C2: &str = r#"{"type": "nomination", "date": "2026-11-02",
 "collectivite": "C2", "emploi": "Attaché", "vacance": "V-2", "poste_cree": true}"#;
/// Les lignes de `periodes.csv` d'un agent (format d'import), pour le simulateur.
const PERIODES_AGENT: &str = "matricule;debut;fin;versant;statut;grade;position;\
motif_disponibilite;quotite;heures_hebdomadaires;emploi;emploi_population;emploi_surclassement\n\
M1;01/09/2012;;territoriale;titulaire;technicien_principal_1re_classe;activite;;;;;;\n";

const CONNEXION_TEMOIN: &str =
    r#"{"identifiant": "temoin", "mot_de_passe": "mot de passe de test"}"#;

/// Exemples par (méthode, motif) ; doit couvrir toutes les routes déclarées.
fn exemples(d: &DeclarationRoute) -> Option<Exemple> {
    use StatusCode as S;
    let m = &d.methode;
    Some(match (m.as_str(), d.motif) {
        ("GET", "/healthz") => ex("/healthz", S::OK),
        ("GET", "/api/v1/openapi.json") => ex("/api/v1/openapi.json", S::OK),
        ("GET", "/static/style.css") => ex("/static/style.css", S::OK),
        ("GET", "/static/passerelle.css") => ex("/static/passerelle.css", S::OK),
        ("POST", "/api/v1/{commande}") => Exemple {
            json: Some(CORPS_SERVICES),
            ..ex("/api/v1/services", S::OK)
        },
        ("POST", "/api/v1/session") => Exemple {
            json: Some(CONNEXION_TEMOIN),
            session_neuve: true,
            ..ex("/api/v1/session", S::OK)
        },
        ("GET", "/api/v1/session") => ex("/api/v1/session", S::OK),
        ("DELETE", "/api/v1/session") => Exemple {
            session_neuve: true,
            ..ex("/api/v1/session", S::NO_CONTENT)
        },
        ("GET", "/connexion") => ex("/connexion", S::OK),
        ("GET", "/simulateur") => ex("/simulateur", S::OK),
        ("POST", "/simulateur") => Exemple {
            formulaire: Some(&[
                ("annee", "2026"),
                ("p0_debut", "01/09/2012"),
                ("p0_grade", "technicien_principal_1re_classe"),
                ("p0_versant", "territoriale"),
                ("p0_statut", "titulaire"),
                ("p0_position", "activite"),
            ]),
            ..ex("/simulateur", S::OK)
        },
        ("POST", "/simulateur/fichier") => Exemple {
            fichier: Some(PERIODES_AGENT),
            ..ex("/simulateur/fichier", S::OK)
        },
        ("GET", "/static/simulateur.js") => ex("/static/simulateur.js", S::OK),
        ("POST", "/connexion") => Exemple {
            formulaire: Some(&[
                ("identifiant", "temoin"),
                ("mot_de_passe", MOT_DE_PASSE),
                ("retour", "/"),
            ]),
            session_neuve: true,
            ..ex("/connexion", S::SEE_OTHER)
        },
        ("POST", "/deconnexion") => Exemple {
            formulaire: Some(&[]),
            session_neuve: true,
            ..ex("/deconnexion", S::SEE_OTHER)
        },
        ("GET", "/api/v1/journal") => ex("/api/v1/journal", S::OK),
        ("GET", "/journal") => ex("/journal", S::OK),
        ("GET", "/") => ex("/", S::OK),
        ("GET", "/collectivites/{code}") => Exemple {
            c2: Some("/collectivites/C2"),
            ..ex("/collectivites/C1", S::OK)
        },
        ("GET", "/agents/{matricule}") => Exemple {
            c2: Some("/agents/A2"),
            ..ex("/agents/A1", S::OK)
        },
        // Campagne 2027 (préparée par `campagne::preparer_matrice`) : propositions 1, 3, 5
        // de C1 (agent A1), 2, 4, 6 de C2 (agent A2).
        ("POST", "/api/v1/campagnes") => Exemple {
            json: Some(CAMPAGNE_2030),
            repete: Some(S::CONFLICT),
            ..ex("/api/v1/campagnes", S::CREATED)
        },
        ("GET", "/api/v1/campagnes") => ex("/api/v1/campagnes", S::OK),
        ("GET", "/api/v1/campagnes/{annee}") => ex("/api/v1/campagnes/2027", S::OK),
        ("PUT", "/api/v1/campagnes/{annee}/historique") => Exemple {
            json: Some(HISTORIQUE),
            ..ex("/api/v1/campagnes/2027/historique", S::OK)
        },
        ("GET", "/api/v1/campagnes/{annee}/historique") => {
            ex("/api/v1/campagnes/2027/historique", S::OK)
        }
        ("PUT", "/api/v1/campagnes/{annee}/grille") => Exemple {
            json: Some(crate::campagne::GRILLE),
            ..ex("/api/v1/campagnes/2027/grille", S::OK)
        },
        ("GET", "/api/v1/campagnes/{annee}/grille") => ex("/api/v1/campagnes/2027/grille", S::OK),
        ("PUT", "/api/v1/campagnes/{annee}/declarations/{collectivite}") => Exemple {
            c2: Some("/api/v1/campagnes/2027/declarations/C2"),
            json: Some(DECLARATION),
            ..ex("/api/v1/campagnes/2027/declarations/C1", S::OK)
        },
        ("GET", "/api/v1/campagnes/{annee}/declarations/{collectivite}") => Exemple {
            c2: Some("/api/v1/campagnes/2027/declarations/C2"),
            ..ex("/api/v1/campagnes/2027/declarations/C1", S::OK)
        },
        ("GET", "/api/v1/campagnes/{annee}/declarations") => {
            ex("/api/v1/campagnes/2027/declarations", S::OK)
        }
        // En-tête seul : aucune collectivité désignée, la même réponse pour chaque profil
        // admis (le contenu est vérifié dans campagne.rs).
        ("POST", "/api/v1/campagnes/{annee}/declarations/import") => Exemple {
            csv: Some(
                b"code_collectivite;nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n",
            ),
            ..ex(
                "/api/v1/campagnes/2027/declarations/import?fichier=recensement.csv",
                S::OK,
            )
        },
        ("POST", "/campagnes/{annee}/declarations/fichier") => Exemple {
            formulaire: Some(&[]),
            televersement: Some(
                b"code_collectivite;nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n",
            ),
            ..ex("/campagnes/2027/declarations/fichier", S::SEE_OTHER)
        },
        ("GET", "/api/v1/campagnes/{annee}/quotas") => ex("/api/v1/campagnes/2027/quotas", S::OK),
        ("GET", "/api/v1/campagnes/{annee}/promouvables") => Exemple {
            c2: Some("/api/v1/campagnes/2027/promouvables?collectivite=C2"),
            ..ex("/api/v1/campagnes/2027/promouvables?collectivite=C1", S::OK)
        },
        ("GET", "/api/v1/campagnes/{annee}/exports/promouvables.csv") => Exemple {
            c2: Some("/api/v1/campagnes/2027/exports/promouvables.csv?collectivite=C2"),
            ..ex(
                "/api/v1/campagnes/2027/exports/promouvables.csv?collectivite=C1",
                S::OK,
            )
        },
        ("GET", "/api/v1/campagnes/{annee}/exports/propositions.csv") => Exemple {
            c2: Some("/api/v1/campagnes/2027/exports/propositions.csv?collectivite=C2"),
            ..ex(
                "/api/v1/campagnes/2027/exports/propositions.csv?collectivite=C1",
                S::OK,
            )
        },
        ("GET", "/api/v1/campagnes/{annee}/exports/promouvables.xlsx") => Exemple {
            c2: Some("/api/v1/campagnes/2027/exports/promouvables.xlsx?collectivite=C2"),
            ..ex(
                "/api/v1/campagnes/2027/exports/promouvables.xlsx?collectivite=C1",
                S::OK,
            )
        },
        ("GET", "/api/v1/campagnes/{annee}/exports/propositions.xlsx") => Exemple {
            c2: Some("/api/v1/campagnes/2027/exports/propositions.xlsx?collectivite=C2"),
            ..ex(
                "/api/v1/campagnes/2027/exports/propositions.xlsx?collectivite=C1",
                S::OK,
            )
        },
        ("GET", "/api/v1/campagnes/{annee}/tableau-de-bord") => {
            ex("/api/v1/campagnes/2027/tableau-de-bord", S::OK)
        }
        ("POST", "/api/v1/campagnes/{annee}/propositions") => Exemple {
            c2: Some("/api/v1/campagnes/2027/propositions"),
            json: Some(PROPOSITION_A1),
            json_c2: Some(PROPOSITION_A2),
            repete: Some(S::CONFLICT),
            ..ex("/api/v1/campagnes/2027/propositions", S::CREATED)
        },
        ("GET", "/api/v1/campagnes/{annee}/propositions") => Exemple {
            c2: Some("/api/v1/campagnes/2027/propositions?collectivite=C2"),
            ..ex("/api/v1/campagnes/2027/propositions?collectivite=C1", S::OK)
        },
        ("GET", "/api/v1/propositions/{id}") => Exemple {
            c2: Some("/api/v1/propositions/2"),
            ..ex("/api/v1/propositions/1", S::OK)
        },
        ("PATCH", "/api/v1/propositions/{id}") => Exemple {
            c2: Some("/api/v1/propositions/2"),
            json: Some(DOSSIER),
            ..ex("/api/v1/propositions/1", S::OK)
        },
        ("DELETE", "/api/v1/propositions/{id}") => Exemple {
            c2: Some("/api/v1/propositions/4"),
            repete: Some(S::NOT_FOUND),
            ..ex("/api/v1/propositions/3", S::NO_CONTENT)
        },
        ("POST", "/api/v1/propositions/{id}/transmission") => Exemple {
            c2: Some("/api/v1/propositions/6/transmission"),
            repete: Some(S::CONFLICT),
            ..ex("/api/v1/propositions/5/transmission", S::OK)
        },
        ("GET", "/api/v1/propositions/{id}/pieces") => Exemple {
            c2: Some("/api/v1/propositions/2/pieces"),
            ..ex("/api/v1/propositions/1/pieces", S::OK)
        },
        ("PUT", "/api/v1/propositions/{id}/pieces/{type}") => Exemple {
            c2: Some("/api/v1/propositions/2/pieces/crep"),
            pdf: Some(PDF),
            ..ex("/api/v1/propositions/1/pieces/crep", S::CREATED)
        },
        ("GET", "/api/v1/propositions/{id}/pieces/{type}") => Exemple {
            c2: Some("/api/v1/propositions/2/pieces/crep"),
            ..ex("/api/v1/propositions/1/pieces/crep", S::OK)
        },
        ("DELETE", "/api/v1/propositions/{id}/pieces/{type}") => Exemple {
            c2: Some("/api/v1/propositions/2/pieces/crep"),
            repete: Some(S::NOT_FOUND),
            ..ex("/api/v1/propositions/1/pieces/crep", S::NO_CONTENT)
        },
        // Inscriptions 1 (A1, C1) et 2 (A2, C2), préparées par
        // `inscriptions::preparer_matrice`.
        ("GET", "/api/v1/inscriptions") => ex("/api/v1/inscriptions", S::OK),
        ("GET", "/inscriptions") => ex("/inscriptions", S::OK),
        ("GET", "/inscriptions/relances") => ex("/inscriptions/relances", S::OK),
        ("POST", "/inscriptions/import") => Exemple {
            formulaire: Some(&[]),
            televersement: Some(IMPORT_CSV),
            ..ex("/inscriptions/import", S::OK)
        },
        ("GET", "/inscriptions/{id}") => Exemple {
            c2: Some("/inscriptions/2"),
            ..ex("/inscriptions/1", S::OK)
        },
        // Nomination des inscriptions 3 (C1) et 4 (C2) par leur collectivité (celle de
        // l'inscription quand le formulaire n'en désigne pas).
        ("POST", "/inscriptions/{id}/evenements") => Exemple {
            c2: Some("/inscriptions/4/evenements"),
            formulaire: Some(&[
                ("type", "nomination"),
                ("date", "2026-11-02"),
                ("emploi", "Emploi de test"),
                ("vacance", "V-3"),
                ("poste_cree", "oui"),
            ]),
            repete: Some(S::CONFLICT),
            ..ex("/inscriptions/3/evenements", S::SEE_OTHER)
        },
        ("POST", "/api/v1/inscriptions") => Exemple {
            json: Some(INSCRIPTION),
            ..ex("/api/v1/inscriptions", S::CREATED)
        },
        ("GET", "/api/v1/inscriptions/relances") => ex("/api/v1/inscriptions/relances", S::OK),
        // Réimporter le même fichier ne change rien : 200 chaque fois.
        ("POST", "/api/v1/inscriptions/import") => Exemple {
            csv: Some(IMPORT_CSV),
            ..ex("/api/v1/inscriptions/import?fichier=listes.csv", S::OK)
        },
        ("GET", "/api/v1/inscriptions/relances.csv") => {
            ex("/api/v1/inscriptions/relances.csv", S::OK)
        }
        // Inscriptions du 01/03/2026, pas encore nommées : relance de la demande de maintien
        // (à recevoir avant le 29/01/2028).
        ("GET", "/api/v1/inscriptions/{id}/lettre-relance.pdf") => Exemple {
            c2: Some("/api/v1/inscriptions/2/lettre-relance.pdf"),
            ..ex("/api/v1/inscriptions/1/lettre-relance.pdf", S::OK)
        },
        // Inscriptions 1 et 2 nommées par l'exemple des évènements (déclaré avant).
        ("GET", "/api/v1/inscriptions/{id}/arrete-nomination.pdf") => Exemple {
            c2: Some("/api/v1/inscriptions/2/arrete-nomination.pdf"),
            ..ex("/api/v1/inscriptions/1/arrete-nomination.pdf", S::OK)
        },
        ("GET", "/api/v1/inscriptions/{id}") => Exemple {
            c2: Some("/api/v1/inscriptions/2"),
            ..ex("/api/v1/inscriptions/1", S::OK)
        },
        ("POST", "/api/v1/inscriptions/{id}/evenements") => Exemple {
            c2: Some("/api/v1/inscriptions/2/evenements"),
            json: Some(NOMINATION_C1),
            json_c2: Some(NOMINATION_C2),
            repete: Some(S::CONFLICT),
            ..ex("/api/v1/inscriptions/1/evenements", S::OK)
        },
        // Côté centre de gestion (après la transmission des propositions 5 et 6 ci-dessus ;
        // listes « attache » publiée et « redacteur » établie : voir `preparer_matrice`).
        ("POST", "/api/v1/propositions/{id}/instruction") => Exemple {
            c2: Some("/api/v1/propositions/6/instruction"),
            repete: Some(S::CONFLICT),
            ..ex("/api/v1/propositions/5/instruction", S::OK)
        },
        ("GET", "/api/v1/propositions/{id}/instructions") => Exemple {
            c2: Some("/api/v1/propositions/6/instructions"),
            ..ex("/api/v1/propositions/5/instructions", S::OK)
        },
        ("POST", "/api/v1/campagnes/{annee}/instruction") => {
            ex("/api/v1/campagnes/2027/instruction", S::OK)
        }
        ("GET", "/api/v1/campagnes/{annee}/instruction") => {
            ex("/api/v1/campagnes/2027/instruction?etat=irrecevable", S::OK)
        }
        ("GET", "/api/v1/campagnes/{annee}/grilles") => ex("/api/v1/campagnes/2027/grilles", S::OK),
        ("POST", "/api/v1/campagnes/{annee}/grille/apercu") => Exemple {
            json: Some(crate::campagne::GRILLE),
            ..ex("/api/v1/campagnes/2027/grille/apercu", S::OK)
        },
        ("POST", "/api/v1/campagnes/{annee}/cotations") => {
            ex("/api/v1/campagnes/2027/cotations", S::OK)
        }
        // Propositions 1 et 2 : brouillons, pas de cotation (409 `non_recevable`).
        ("GET", "/api/v1/propositions/{id}/cotation") => Exemple {
            c2: Some("/api/v1/propositions/2/cotation"),
            ..ex("/api/v1/propositions/1/cotation", S::CONFLICT)
        },
        // Propositions encore en brouillon : ni irrecevables ni recevables (409).
        ("GET", "/api/v1/propositions/{id}/fiche-cotation.pdf") => Exemple {
            c2: Some("/api/v1/propositions/2/fiche-cotation.pdf"),
            ..ex("/api/v1/propositions/1/fiche-cotation.pdf", S::CONFLICT)
        },
        ("GET", "/api/v1/propositions/{id}/lettre-irrecevabilite.pdf") => Exemple {
            c2: Some("/api/v1/propositions/2/lettre-irrecevabilite.pdf"),
            ..ex(
                "/api/v1/propositions/1/lettre-irrecevabilite.pdf",
                S::CONFLICT,
            )
        },
        ("GET", "/api/v1/campagnes/{annee}/classement") => ex(
            "/api/v1/campagnes/2027/classement?cible=ingenieur&voie=choix",
            S::OK,
        ),
        ("GET", "/api/v1/campagnes/{annee}/classement.xlsx") => ex(
            "/api/v1/campagnes/2027/classement.xlsx?cible=ingenieur&voie=choix",
            S::OK,
        ),
        ("GET", "/api/v1/campagnes/{annee}/classement.csv") => ex(
            "/api/v1/campagnes/2027/classement.csv?cible=ingenieur&voie=choix",
            S::OK,
        ),
        // Dépôt encore ouvert : 409 `depot_en_cours`.
        ("POST", "/api/v1/campagnes/{annee}/listes") => Exemple {
            json: Some(r#"{"cible": "ingenieur"}"#),
            ..ex("/api/v1/campagnes/2027/listes", S::CONFLICT)
        },
        ("GET", "/api/v1/campagnes/{annee}/listes") => ex("/api/v1/campagnes/2027/listes", S::OK),
        ("GET", "/api/v1/campagnes/{annee}/listes/{cible}") => {
            ex("/api/v1/campagnes/2027/listes/attache", S::OK)
        }
        // Liste publiée sans inscrit (`campagne::preparer_matrice`) : pas d'arrêté (409).
        ("GET", "/api/v1/campagnes/{annee}/listes/{cible}/arrete.pdf") => ex(
            "/api/v1/campagnes/2027/listes/attache/arrete.pdf",
            S::CONFLICT,
        ),
        ("GET", "/api/v1/campagnes/{annee}/listes/{cible}/liste.pdf") => {
            ex("/api/v1/campagnes/2027/listes/attache/liste.pdf", S::OK)
        }
        ("POST", "/api/v1/campagnes/{annee}/listes/{cible}/publication") => Exemple {
            repete: Some(S::CONFLICT),
            ..ex("/api/v1/campagnes/2027/listes/redacteur/publication", S::OK)
        },
        ("GET", "/api/v1/campagnes/{annee}/indicateurs") => {
            ex("/api/v1/campagnes/2027/indicateurs", S::OK)
        }
        // Pages de la campagne (après les routes de l'API dans la table : la proposition 3
        // de C1 et la 4 de C2 sont retirées, les 7 et 8 créées par l'API).
        ("GET", "/campagnes") => ex("/campagnes", S::OK),
        ("POST", "/campagnes") => Exemple {
            formulaire: Some(&[
                ("annee", "2031"),
                ("depot_ouverture", "2030-11-04"),
                ("depot_cloture", "13/12/2030"),
                ("date_effet_liste", "2031-03-01"),
            ]),
            repete: Some(S::CONFLICT),
            ..ex("/campagnes", S::SEE_OTHER)
        },
        ("GET", "/campagnes/{annee}") => ex("/campagnes/2027", S::OK),
        ("GET", "/campagnes/{annee}/collectivites/{code}") => Exemple {
            c2: Some("/campagnes/2027/collectivites/C2"),
            ..ex("/campagnes/2027/collectivites/C1", S::OK)
        },
        ("POST", "/campagnes/{annee}/collectivites/{code}/declaration") => Exemple {
            c2: Some("/campagnes/2027/collectivites/C2/declaration"),
            formulaire: Some(&[
                ("recrutement_cadre", "ingenieurs_territoriaux"),
                ("recrutement_mode", "concours"),
                ("recrutement_date", "2026-03-01"),
                ("recrutement_reference", "arrêté n° 2026-014"),
                ("effectif_ingenieurs_territoriaux_fonctionnaires", "12"),
            ]),
            ..ex("/campagnes/2027/collectivites/C1/declaration", S::SEE_OTHER)
        },
        ("POST", "/campagnes/{annee}/collectivites/{code}/declaration/fichier") => Exemple {
            c2: Some("/campagnes/2027/collectivites/C2/declaration/fichier"),
            formulaire: Some(&[]),
            televersement: Some(DECLARATION_CSV),
            ..ex(
                "/campagnes/2027/collectivites/C1/declaration/fichier",
                S::SEE_OTHER,
            )
        },
        ("POST", "/campagnes/{annee}/collectivites/{code}/propositions") => Exemple {
            c2: Some("/campagnes/2027/collectivites/C2/propositions"),
            formulaire: Some(&[("matricule", "A1"), ("cible", "attache"), ("voie", "choix")]),
            formulaire_c2: Some(&[
                ("matricule", "A2"),
                ("cible", "ingenieur"),
                ("voie", "examen"),
            ]),
            repete: Some(S::CONFLICT),
            ..ex(
                "/campagnes/2027/collectivites/C1/propositions",
                S::SEE_OTHER,
            )
        },
        ("GET", "/propositions/{id}") => Exemple {
            c2: Some("/propositions/2"),
            ..ex("/propositions/1", S::OK)
        },
        ("POST", "/propositions/{id}/dossier") => Exemple {
            c2: Some("/propositions/2/dossier"),
            formulaire: Some(&[("fait_agents_encadres", "3")]),
            ..ex("/propositions/1/dossier", S::SEE_OTHER)
        },
        ("POST", "/propositions/{id}/pieces") => Exemple {
            c2: Some("/propositions/2/pieces"),
            formulaire: Some(&[("type", "crep")]),
            televersement: Some(PDF),
            ..ex("/propositions/1/pieces", S::SEE_OTHER)
        },
        ("POST", "/propositions/{id}/transmission") => Exemple {
            c2: Some("/propositions/2/transmission"),
            formulaire: Some(&[]),
            repete: Some(S::CONFLICT),
            ..ex("/propositions/1/transmission", S::SEE_OTHER)
        },
        ("POST", "/propositions/{id}/retrait") => Exemple {
            c2: Some("/propositions/8/retrait"),
            formulaire: Some(&[]),
            repete: Some(S::NOT_FOUND),
            ..ex("/propositions/7/retrait", S::SEE_OTHER)
        },
        // Pages du service carrières et de la commission.
        ("GET", "/instruction") => ex("/instruction", S::SEE_OTHER),
        ("GET", "/classement") => ex("/classement", S::SEE_OTHER),
        ("GET", "/campagnes/{annee}/instruction") => {
            ex("/campagnes/2027/instruction?etat=recevable", S::OK)
        }
        ("POST", "/campagnes/{annee}/instruction") => Exemple {
            formulaire: Some(&[]),
            ..ex("/campagnes/2027/instruction", S::SEE_OTHER)
        },
        ("GET", "/campagnes/{annee}/grille") => ex("/campagnes/2027/grille", S::OK),
        ("POST", "/campagnes/{annee}/grille") => Exemple {
            formulaire: Some(&[("action", "enregistrer")]),
            televersement: Some(crate::campagne::GRILLE.as_bytes()),
            ..ex("/campagnes/2027/grille", S::SEE_OTHER)
        },
        ("GET", "/propositions/{id}/instruction") => Exemple {
            c2: Some("/propositions/6/instruction"),
            ..ex("/propositions/5/instruction", S::OK)
        },
        ("POST", "/propositions/{id}/instruction") => Exemple {
            c2: Some("/propositions/6/instruction"),
            formulaire: Some(&[
                ("decision", "recevable"),
                ("justification", "Pièces contrôlées."),
            ]),
            ..ex("/propositions/5/instruction", S::SEE_OTHER)
        },
        ("GET", "/campagnes/{annee}/classement") => ex(
            "/campagnes/2027/classement?cible=ingenieur&voie=choix",
            S::OK,
        ),
        // Dépôt encore ouvert : 409 `depot_en_cours`, en page.
        ("POST", "/campagnes/{annee}/listes") => Exemple {
            formulaire: Some(&[("cible", "ingenieur")]),
            ..ex("/campagnes/2027/listes", S::CONFLICT)
        },
        ("GET", "/campagnes/{annee}/listes/{cible}") => ex("/campagnes/2027/listes/attache", S::OK),
        ("POST", "/campagnes/{annee}/listes/{cible}/publication") => Exemple {
            formulaire: Some(&[]),
            repete: Some(S::CONFLICT),
            ..ex(
                "/campagnes/2027/listes/technicien/publication",
                S::SEE_OTHER,
            )
        },
        _ => return None,
    })
}

/// Les profils essayés : sans session, puis un compte par rôle (deux collectivités).
const PROFILS: [Option<&str>; 6] = [
    None,
    Some("admin"),
    Some("gestionnaire"),
    Some("collectivite1"),
    Some("collectivite2"),
    Some("commission"),
];

fn role_de(profil: &str) -> store::Role {
    match profil {
        "admin" => store::Role::Administrateur,
        "gestionnaire" => store::Role::Gestionnaire,
        "commission" => store::Role::Commission,
        _ => store::Role::Collectivite,
    }
}

async fn appeler(
    app: &TestApp,
    client: &Client,
    profil: Option<&str>,
    d: &DeclarationRoute,
    e: &Exemple,
    (uri, json): (&str, Option<&str>),
    pour_c2: bool,
) -> crate::commun::Reponse {
    let mut c = match (profil, e.session_neuve) {
        (Some(p), true) => app.client(p).await,
        _ => client.clone(),
    };
    let mut formulaire: Vec<(&str, String)> = Vec::new();
    let champs_exemple = if pour_c2 {
        e.formulaire_c2.or(e.formulaire)
    } else {
        e.formulaire
    };
    if champs_exemple.is_some() || e.fichier.is_some() || e.televersement.is_some() {
        // Jeton CSRF : celui de la session, ou celui du formulaire de connexion.
        let page = if d.regle == Regle::Public {
            "/connexion"
        } else {
            "/"
        };
        let jeton = if d.regle == Regle::Public || profil.is_some() {
            c.csrf_de(page).await
        } else {
            "0".repeat(64)
        };
        formulaire.push(("csrf", jeton));
        formulaire.extend(
            champs_exemple
                .unwrap_or_default()
                .iter()
                .map(|(k, v)| (*k, (*v).to_owned())),
        );
    }
    let m = d.methode.clone();
    if let Some(corps) = json {
        assert_eq!(d.corps, Corps::Json);
        return match m.as_str() {
            "PUT" => c.put_json(uri, corps).await,
            "PATCH" => c.patch_json(uri, corps).await,
            _ => c.post_json(uri, corps).await,
        };
    }
    if let Some(octets) = e.pdf {
        assert_eq!(d.corps, Corps::Pdf);
        return c.put_pdf(uri, octets).await;
    }
    if let Some(octets) = e.csv {
        assert_eq!(d.corps, Corps::Csv);
        return c.avec_corps(m, uri, "text/csv", octets.to_vec()).await;
    }
    if let Some(octets) = e.televersement {
        assert!(matches!(d.corps, Corps::Multipart | Corps::Depot));
        let champs: Vec<(&str, &str)> = formulaire.iter().map(|(k, v)| (*k, v.as_str())).collect();
        return c
            .post_multipart(uri, &champs, &[("fichier", "fichier.pdf", octets)])
            .await;
    }
    if let Some(csv) = e.fichier {
        assert_eq!(d.corps, Corps::Multipart);
        let champs: Vec<(&str, &str)> = formulaire.iter().map(|(k, v)| (*k, v.as_str())).collect();
        return c
            .post_multipart(
                uri,
                &champs,
                &[("periodes", "periodes.csv", csv.as_bytes())],
            )
            .await;
    }
    if e.formulaire.is_some() {
        let champs: Vec<(&str, &str)> = formulaire.iter().map(|(k, v)| (*k, v.as_str())).collect();
        return c.post_formulaire(uri, &champs).await;
    }
    if m == Method::GET {
        c.get(uri).await
    } else if m == Method::DELETE {
        c.delete(uri).await
    } else if m == Method::POST && matches!(d.corps, Corps::Aucun | Corps::JsonFacultatif) {
        c.post(uri).await
    } else {
        panic!("méthode {m} sans exemple de corps pour {}", d.motif)
    }
}

#[tokio::test]
async fn chaque_route_a_une_regle_et_un_exemple() {
    let routes = declarations();
    let sans: Vec<String> = routes
        .iter()
        .filter(|d| exemples(d).is_none())
        .map(|d| format!("{} {}", d.methode, d.motif))
        .collect();
    assert!(
        sans.is_empty(),
        "routes sans exemple dans la matrice (crates/web/tests/http/matrice.rs) : {sans:?}"
    );
    // Contrat v2 : seuls /healthz, l'OpenAPI, les fichiers statiques, la connexion, le
    // moteur (POST /api/v1/<commande>) et le simulateur de l'agent (qui ne lit ni n'écrit
    // aucune donnée) sont publics.
    let publiques: Vec<String> = routes
        .iter()
        .filter(|d| d.regle == Regle::Public)
        .map(|d| format!("{} {}", d.methode, d.motif))
        .collect();
    assert_eq!(
        publiques,
        vec![
            "GET /healthz",
            "GET /api/v1/openapi.json",
            "GET /static/style.css",
            "GET /static/passerelle.css",
            "POST /api/v1/{commande}",
            "GET /simulateur",
            "POST /simulateur",
            "POST /simulateur/fichier",
            "GET /static/simulateur.js",
            "POST /api/v1/session",
            "GET /connexion",
            "POST /connexion",
        ]
    );
}

#[tokio::test]
async fn matrice_route_role_collectivite_sans_fuite() {
    for app in TestApp::tous("matrice").await {
        crate::campagne::preparer_matrice(&app).await;
        crate::inscriptions::preparer_matrice(&app).await;
        let mut clients = Vec::new();
        for p in PROFILS {
            clients.push(match p {
                None => app.anonyme(),
                Some(id) => app.client(id).await,
            });
        }
        // Écritures déjà abouties une fois (méthode, adresse, corps).
        let mut abouties: std::collections::HashSet<String> = std::collections::HashSet::new();
        let mut cas = 0;
        for d in declarations() {
            let e = exemples(&d).expect("exemple (voir le test précédent)");
            // (adresse, corps) de la donnée de C1, puis de C2.
            let mut cibles = vec![(e.c1, e.json)];
            if let Some(c2) = e.c2 {
                cibles.push((c2, e.json_c2.or(e.json)));
            }
            let attendu = |abouties: &std::collections::HashSet<String>, cle: &str| {
                if abouties.contains(cle) {
                    e.repete.unwrap_or(e.attendu)
                } else {
                    e.attendu
                }
            };
            for (profil, client) in PROFILS.iter().zip(&clients) {
                for (i, (uri, json)) in cibles.iter().enumerate() {
                    // Dans la portée du profil ? (C1 pour collectivite1, C2 pour
                    // collectivite2, les deux pour les autres ; une route sans collectivité
                    // est toujours dans la portée.)
                    let dans_portee = cibles.len() == 1
                        || match *profil {
                            Some("collectivite1") => i == 0,
                            Some("collectivite2") => i == 1,
                            _ => true,
                        };
                    cas += 1;
                    let cle = format!("{} {uri} {}", d.methode, json.unwrap_or(""));
                    let r = appeler(&app, client, *profil, &d, &e, (uri, *json), i == 1).await;
                    let contexte = format!(
                        "{} {} {uri} en tant que {} ({}) : {} {}",
                        d.methode,
                        d.motif,
                        profil.unwrap_or("anonyme"),
                        app.moteur,
                        r.statut,
                        r.corps.chars().take(200).collect::<String>()
                    );
                    match (profil, d.regle) {
                        (None, Regle::Public) => assert_eq!(r.statut, e.attendu, "{contexte}"),
                        (None, _) => match d.nature {
                            Nature::Api => {
                                assert_eq!(r.statut, StatusCode::UNAUTHORIZED, "{contexte}");
                                assert_eq!(
                                    r.json()["erreur"]["code"],
                                    "non_connecte",
                                    "{contexte}"
                                );
                            }
                            Nature::Page => {
                                assert_eq!(r.statut, StatusCode::SEE_OTHER, "{contexte}");
                                let lieu = r.entete("location").unwrap_or("");
                                assert!(lieu.starts_with("/connexion?retour="), "{contexte}");
                            }
                        },
                        (Some(p), regle) if !regle.admet(role_de(p)) => {
                            assert_eq!(r.statut, StatusCode::FORBIDDEN, "{contexte}");
                        }
                        (Some(_), _) if dans_portee => {
                            assert_eq!(r.statut, attendu(&abouties, &cle), "{contexte}");
                            if r.statut == e.attendu {
                                abouties.insert(cle);
                            }
                        }
                        (Some(p), _) => {
                            // Hors portée : 404, et la même route dans la portée de ce profil
                            // aboutit (elle existe) — vérifié sur l'autre adresse.
                            assert_eq!(r.statut, StatusCode::NOT_FOUND, "{contexte}");
                            let (autre, json_autre) = cibles[1 - i];
                            let cle_autre =
                                format!("{} {autre} {}", d.methode, json_autre.unwrap_or(""));
                            let temoin =
                                appeler(&app, client, Some(p), &d, &e, (autre, json_autre), i == 0)
                                    .await;
                            assert_eq!(
                                temoin.statut,
                                attendu(&abouties, &cle_autre),
                                "témoin dans la portée : {contexte}"
                            );
                            if temoin.statut == e.attendu {
                                abouties.insert(cle_autre);
                            }
                        }
                    }
                }
            }
        }
        // Toutes les routes, 6 profils, 2 adresses pour les routes d'une collectivité.
        assert!(cas >= 40 * 6, "{cas} cas seulement");
        app.fin().await;
    }
}
