//! Documents officiels édités par le serveur (crate `documents`) : remplis depuis la base,
//! composés hors de la boucle des requêtes, servis en PDF ou en tableur.
//!
//! | route | règle | document |
//! |---|---|---|
//! | `GET /api/v1/campagnes/{annee}/listes/{cible}/arrete.pdf` | administrateur, gestionnaire ; collectivité (liste publiée) | arrêté du Président du centre de gestion établissant la liste d'aptitude (visas, articles, annexe alphabétique) |
//!
//! Le centre de gestion émetteur est celui de la configuration du serveur
//! ([`crate::Etat::centre_de_gestion`]) ; à défaut, son nom est celui de la collectivité de
//! type « centre de gestion » enregistrée, et ce qui n'est pas connu (signataire, lieu) est
//! laissé en blanc, à compléter, jamais deviné.

use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use documents::{ArreteListe, Emetteur, Inscrit};
use droit::catalogue::Catalogue;
use serde::Deserialize;
use store::Portee;

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::classement::liste_demandee;
use crate::erreurs::Erreur;

/// Ligne laissée en blanc dans un document, à compléter à la main (donnée inconnue).
const A_COMPLETER: &str = "....................";

/// Identité du centre de gestion qui signe les documents (configuration du serveur).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CentreDeGestion {
    /// Nom, adresse, autorité, signataire, lieu, tribunal administratif.
    pub emetteur: Emetteur,
    /// Acte qui arrête les lignes directrices de gestion, tel qu'il se lit après « Vu » :
    /// « l'arrêté n° 2026-014 du 01/03/2026 portant lignes directrices de gestion… ».
    #[serde(default)]
    pub lignes_directrices: Option<String>,
}

/// Type MIME d'un PDF.
pub(crate) const PDF: &str = "application/pdf";

/// Réponse d'un fichier à télécharger : type, nom de fichier parlant.
pub(crate) fn reponse_fichier(type_contenu: &'static str, nom: &str, octets: Vec<u8>) -> Response {
    let mut r = (StatusCode::OK, octets).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(type_contenu));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{nom}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// Compose un document hors de la boucle des requêtes (la composition typst occupe un cœur
/// quelques dizaines de millisecondes).
pub(crate) async fn composer(
    f: impl FnOnce() -> Result<Vec<u8>, documents::Erreur> + Send + 'static,
) -> Result<Vec<u8>, Erreur> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(octets)) => Ok(octets),
        Ok(Err(documents::Erreur::Donnees(m))) => Err(Erreur::conflit(
            "document_impossible",
            format!("Le document ne peut pas être établi : {m}."),
        )),
        Ok(Err(e)) => {
            tracing::error!("composition d'un document : {e}");
            Err(Erreur::interne())
        }
        Err(e) => {
            tracing::error!("tâche de composition interrompue : {e}");
            Err(Erreur::interne())
        }
    }
}

/// Première lettre en minuscule (« Ingénieur territorial » → « ingénieur territorial »).
fn minuscule(texte: &str) -> String {
    let mut c = texte.trim().chars();
    match c.next() {
        Some(p) => p.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Le grade d'accès tel qu'il s'écrit dans un acte, et son statut particulier (lu après
/// « Vu le ») d'après le catalogue ; un grade absent du catalogue garde son code et son
/// statut est dit inconnu.
pub(crate) fn grade_et_statut(cible: &str) -> (String, String) {
    match Catalogue::get().grade(cible) {
        Some(g) => {
            // « Secrétaires de mairie, cadre d'emplois en extinction » : le nom du cadre seul.
            let cadre = g
                .cadre
                .libelle
                .split(',')
                .next()
                .unwrap_or(&g.cadre.libelle);
            (
                minuscule(g.libelle),
                format!(
                    "{} portant statut particulier du cadre d'emplois des {}",
                    minuscule(&g.cadre.statut),
                    minuscule(cadre)
                ),
            )
        }
        None => (
            cible.to_owned(),
            format!("statut particulier du grade « {cible} » (référence inconnue)"),
        ),
    }
}

/// Le centre de gestion émetteur : la configuration du serveur, sinon la collectivité de
/// type « centre de gestion » enregistrée (nom), le reste à compléter.
pub(crate) async fn centre_de_gestion(p: &EtatPartage) -> Result<CentreDeGestion, Erreur> {
    if let Some(c) = &p.etat.centre_de_gestion {
        return Ok(c.clone());
    }
    let nom = p
        .etat
        .store
        .collectivites(&Portee::Cdg)
        .await
        .map_err(Erreur::stockage)?
        .into_iter()
        .map(|c| c.collectivite)
        .find(|c| c.type_collectivite == "cdg")
        .map(|c| c.nom);
    let autorite = match &nom {
        Some(n) => format!("Le Président du {}", minuscule(n)),
        None => "Le Président du centre de gestion de la fonction publique territoriale".to_owned(),
    };
    Ok(CentreDeGestion {
        emetteur: Emetteur {
            nom: nom.unwrap_or_else(|| "Centre de gestion (nom inconnu)".to_owned()),
            adresse: Vec::new(),
            autorite,
            signataire: A_COMPLETER.to_owned(),
            qualite: "Le Président".to_owned(),
            lieu: A_COMPLETER.to_owned(),
            tribunal_administratif: "tribunal administratif territorialement compétent".to_owned(),
        },
        lignes_directrices: None,
    })
}

/// Noms des collectivités par code (annexes et destinataires).
async fn noms_collectivites(
    p: &EtatPartage,
) -> Result<std::collections::HashMap<String, String>, Erreur> {
    Ok(p.etat
        .store
        .collectivites(&Portee::Cdg)
        .await
        .map_err(Erreur::stockage)?
        .into_iter()
        .map(|c| (c.collectivite.code, c.collectivite.nom))
        .collect())
}

/// Date (à Paris) d'un instant enregistré.
fn jour_de(instant: &str) -> Option<jiff::civil::Date> {
    instant
        .parse::<jiff::Timestamp>()
        .ok()
        .map(crate::horloge::date_a_paris)
}

/// `GET /api/v1/campagnes/{annee}/listes/{cible}/arrete.pdf`.
pub(crate) async fn arrete_liste(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, cible)): Path<(String, String)>,
) -> Result<Response, Erreur> {
    let l = liste_demandee(&p, &c, &annee, &cible).await?;
    let annee = l.annee;
    if l.inscrits.is_empty() {
        return Err(Erreur::conflit(
            "liste_vide",
            format!(
                "La liste d'aptitude {annee} de ce grade n'a aucun inscrit : il n'y a pas \
                 d'arrêté à établir."
            ),
        ));
    }
    let postes = l.postes.ok_or_else(|| {
        Erreur::conflit(
            "postes_inconnus",
            "Le nombre de postes ouverts de cette liste est inconnu : l'arrêté, qui doit le \
             citer, ne peut pas être établi.",
        )
    })?;
    let cdg = centre_de_gestion(&p).await?;
    let noms = noms_collectivites(&p).await?;
    let (_, grille) = crate::instruction::grille_version(&p, annee, Some(l.grille_version)).await?;
    let (grade, statut_particulier) = grade_et_statut(&l.cible);
    let date = jour_de(&l.etablie_le).unwrap_or(l.date_effet);
    let donnees = ArreteListe {
        emetteur: cdg.emetteur,
        numero: None,
        date,
        annee,
        grade,
        statut_particulier,
        lignes_directrices: cdg.lignes_directrices.unwrap_or_else(|| {
            "les lignes directrices de gestion du centre de gestion relatives à la promotion \
             interne (référence de l'acte inconnue)"
                .to_owned()
        }),
        grille: Some(format!(
            "{}, version {}",
            grille.libelle.trim(),
            l.grille_version
        )),
        visas: Vec::new(),
        postes,
        date_effet: l.date_effet,
        inscrits: l
            .inscrits
            .iter()
            .map(|i| Inscrit {
                nom: i.nom.clone(),
                prenom: i.prenom.clone(),
                collectivite: noms.get(&i.collectivite).cloned(),
            })
            .collect(),
        transmis_le: None,
        publie_le: l.publiee_le.as_deref().and_then(jour_de),
    };
    let octets = composer(move || documents::arrete_liste(&donnees)).await?;
    Ok(reponse_fichier(
        PDF,
        &format!(
            "arrete-liste-aptitude-{annee}-{}.pdf",
            nom_fichier(&l.cible)
        ),
        octets,
    ))
}

/// Un code réduit aux caractères sûrs dans un nom de fichier.
fn nom_fichier(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
