//! Documents officiels édités par le serveur (crate `documents`) : remplis depuis la base,
//! composés hors de la boucle des requêtes, servis en PDF ou en tableur.
//!
//! | route | règle | document |
//! |---|---|---|
//! | `GET /api/v1/campagnes/{annee}/listes/{cible}/arrete.pdf` | administrateur, gestionnaire ; collectivité (liste publiée) | arrêté du Président du centre de gestion établissant la liste d'aptitude (visas, articles, annexe alphabétique) |
//! | `GET /api/v1/campagnes/{annee}/listes/{cible}/liste.pdf[?collectivite=non]` | administrateur, gestionnaire ; collectivité | liste publiée : noms par ordre alphabétique, collectivité d'origine (sauf `collectivite=non`) ; 409 `liste_non_publiee` avant la publication |
//! | `GET /api/v1/propositions/{id}/lettre-irrecevabilite.pdf` | administrateur, gestionnaire ; collectivité (ses dossiers) | lettre à l'employeur : chaque motif, son texte, les voies de recours ; 409 `non_irrecevable` |
//! | `GET /api/v1/propositions/{id}/fiche-cotation.pdf` | administrateur, gestionnaire ; collectivité (ses dossiers) | fiche de cotation : lignes et explications de la cotation, grille et version, rang et départage (centre de gestion seulement) ; 409 `non_recevable` |
//! | `GET /api/v1/campagnes/{annee}/classement.xlsx?cible=&voie=[&anonyme=true][&version=n]` | administrateur, gestionnaire ; commission (toujours anonyme) | le classement en classeur XLSX : colonnes du JSON, en-têtes français, points de chaque critère |
//! | `GET /api/v1/campagnes/{annee}/classement.csv?…` | les mêmes | le même tableau en CSV (`;`, UTF-8 avec BOM, formules neutralisées) |
//! | `GET /api/v1/inscriptions/{id}/lettre-relance.pdf` | administrateur, gestionnaire | relance d'un inscrit : terme de l'inscription en cours, date limite de la demande écrite de maintien, année demandée, règle ; 409 `relance_sans_objet` |
//! | `GET /api/v1/inscriptions/{id}/arrete-nomination.pdf` | administrateur, gestionnaire ; collectivité (ses inscrits) | arrêté de nomination par la collectivité qui nomme : stage ou titularisation directe selon le moteur, textes appliqués ; 409 `nomination_absente` |
//!
//! La commission ne reçoit aucun des documents PDF : ils sont nominatifs ; elle ne reçoit le
//! classement qu'anonyme (identité, matricule et collectivité vides, code anonyme seul).
//!
//! Le centre de gestion émetteur est celui de la configuration du serveur
//! ([`crate::Etat::centre_de_gestion`]) ; à défaut, son nom est celui de la collectivité de
//! type « centre de gestion » enregistrée, et ce qui n'est pas connu (signataire, lieu) est
//! laissé en blanc, à compléter, jamais deviné.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use documents::{
    ArreteListe, ArreteNomination, Emetteur, FicheCotation, Inscrit, LettreIrrecevabilite,
    LettreRelance, ListePublique, Modalite,
};
use droit::catalogue::Catalogue;
use serde::Deserialize;
use serde_json::Value;
use store::instruction::ListeEnregistree;
use store::{Portee, Role};

use crate::EtatPartage;
use crate::acces::Connecte;
use crate::campagnes::{parametre, parametres};
use crate::classement::liste_demandee;
use crate::erreurs::Erreur;
use crate::instruction::voie_de;

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

/// Compose un PDF (voir [`composer`]) et le sert sous ce nom de fichier.
async fn pdf(
    nom: String,
    f: impl FnOnce() -> Result<Vec<u8>, documents::Erreur> + Send + 'static,
) -> Result<Response, Erreur> {
    Ok(reponse_fichier(PDF, &nom, composer(f).await?))
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

/// Les inscrits d'une liste établie, avec le nom de leur collectivité d'origine.
async fn inscrits_de(p: &EtatPartage, l: &ListeEnregistree) -> Result<Vec<Inscrit>, Erreur> {
    let noms = noms_collectivites(p).await?;
    Ok(l.inscrits
        .iter()
        .map(|i| Inscrit {
            nom: i.nom.clone(),
            prenom: i.prenom.clone(),
            collectivite: noms.get(&i.collectivite).cloned(),
        })
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
        inscrits: inscrits_de(&p, &l).await?,
        transmis_le: None,
        publie_le: l.publiee_le.as_deref().and_then(jour_de),
    };
    pdf(
        format!(
            "arrete-liste-aptitude-{annee}-{}.pdf",
            nom_fichier(&l.cible)
        ),
        move || documents::arrete_liste(&donnees),
    )
    .await
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

/// `GET /api/v1/campagnes/{annee}/listes/{cible}/liste.pdf[?collectivite=non]`.
pub(crate) async fn liste_publique(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path((annee, cible)): Path<(String, String)>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let l = liste_demandee(&p, &c, &annee, &cible).await?;
    let annee = l.annee;
    // La liste publique porte sa date de publication : pas de liste publique avant elle.
    let publiee = l.publiee_le.as_deref().and_then(jour_de).ok_or_else(|| {
        Erreur::conflit(
            "liste_non_publiee",
            format!(
                "La liste d'aptitude {annee} de ce grade est établie mais pas encore publiée : \
                 la liste publique porte la date de sa publication."
            ),
        )
    })?;
    let ps = parametres(requete.as_deref());
    let avec_collectivite = !matches!(parametre(&ps, "collectivite"), Some("non" | "false" | "0"));
    let cdg = centre_de_gestion(&p).await?;
    let (grade, _) = grade_et_statut(&l.cible);
    let donnees = ListePublique {
        emetteur: cdg.emetteur,
        date: publiee,
        annee,
        grade,
        arrete: jour_de(&l.etablie_le).map(|d| {
            format!(
                "arrêté du Président du centre de gestion du {}",
                droit::date::format_fr(d)
            )
        }),
        date_effet: l.date_effet,
        avec_collectivite,
        inscrits: inscrits_de(&p, &l).await?,
    };
    pdf(
        format!("liste-aptitude-{annee}-{}.pdf", nom_fichier(&l.cible)),
        move || documents::liste_publique(&donnees),
    )
    .await
}

/// `GET /api/v1/propositions/{id}/lettre-irrecevabilite.pdf`.
pub(crate) async fn lettre_irrecevabilite(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let x = crate::instruction::proposition_lue(&p, &c, &id).await?;
    if x.statut != "irrecevable" {
        return Err(Erreur::conflit(
            "non_irrecevable",
            format!(
                "Le dossier n° {} n'est pas déclaré irrecevable : il n'y a pas de lettre \
                 d'irrecevabilité à établir.",
                x.id
            ),
        ));
    }
    let motifs: Vec<droit::recevabilite::Motif> = serde_json::from_value(x.motifs.clone())
        .map_err(|e| {
            tracing::error!("motifs de la proposition {} illisibles : {e}", x.id);
            Erreur::stockage(store::ErreurStockage::Donnee("motifs illisibles".into()))
        })?;
    let cdg = centre_de_gestion(&p).await?;
    let (grade, _) = grade_et_statut(&x.cible);
    let donnees = LettreIrrecevabilite {
        emetteur: cdg.emetteur,
        date: p.etat.horloge.aujourdhui(),
        reference: Some(format!("dossier n° {}", x.id)),
        destinataire: vec![
            "L'autorité territoriale".to_owned(),
            x.collectivite_nom.clone(),
        ],
        annee: x.annee,
        grade,
        voie: Some(crate::exports::libelle_voie(&x.voie).to_owned()),
        nom: x.nom.clone(),
        prenom: x.prenom.clone(),
        motifs,
    };
    pdf(
        format!("lettre-irrecevabilite-dossier-{}.pdf", x.id),
        move || documents::lettre_irrecevabilite(&donnees),
    )
    .await
}

/// `GET /api/v1/propositions/{id}/fiche-cotation.pdf`.
pub(crate) async fn fiche_cotation(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let x = crate::instruction::proposition_cotee(&p, &c, &id).await?;
    // Liste établie : la cotation et le rang sont ceux de la version qui l'a classée.
    let version = p
        .etat
        .store
        .liste(&Portee::Cdg, x.annee, &x.cible)
        .await
        .map_err(Erreur::stockage)?
        .map(|l| l.grille_version);
    let (version, grille) = crate::instruction::grille_version(&p, x.annee, version).await?;
    let cotation: droit::ldg::Cotation =
        serde_json::from_value(crate::instruction::cotation_json(&p, &x, Some(version)).await?)
            .map_err(|e| {
                tracing::error!("cotation de la proposition {} illisible : {e}", x.id);
                Erreur::interne()
            })?;
    // Le classement est réservé au centre de gestion (et, anonyme, à la commission) : la
    // collectivité reçoit la fiche sans le rang.
    let cdg_lit = matches!(c.acteur.role, Role::Administrateur | Role::Gestionnaire);
    let mut fiche = FicheCotation {
        emetteur: centre_de_gestion(&p).await?.emetteur,
        date: p.etat.horloge.aujourdhui(),
        annee: x.annee,
        grade: grade_et_statut(&x.cible).0,
        voie: Some(crate::exports::libelle_voie(&x.voie).to_owned()),
        dossier: format!("n° {}", x.id),
        agent: Some(format!("{} {}", x.prenom, x.nom)),
        collectivite: Some(x.collectivite_nom.clone()),
        grille: grille.libelle.clone(),
        grille_version: Some(version),
        lignes: documents::fiche_cotation::lignes_depuis_cotation(&cotation, &grille),
        rang: None,
        classes: None,
        cles_departage: grille
            .departage
            .iter()
            .map(|k| k.libelle(Some(&grille)))
            .collect(),
        departage: None,
        ex_aequo: false,
        rang_reserve: !cdg_lit,
    };
    if cdg_lit {
        let k = crate::classement::classement_json(
            &p,
            &c.acteur,
            x.annee,
            &x.cible,
            voie_de(&x),
            false,
            Some(version),
        )
        .await?;
        let lignes = k["classement"].as_array().cloned().unwrap_or_default();
        fiche.classes = u32::try_from(lignes.len()).ok();
        if let Some(l) = lignes
            .iter()
            .find(|l| l["proposition"] == Value::String(x.id.to_string()))
        {
            fiche.rang = l["rang"].as_u64().and_then(|r| u32::try_from(r).ok());
            fiche.departage = l["departage"].as_str().map(str::to_owned);
            fiche.ex_aequo = l["ex_aequo"] == Value::Bool(true);
        }
    }
    pdf(format!("fiche-cotation-dossier-{}.pdf", x.id), move || {
        documents::fiche_cotation(&fiche)
    })
    .await
}

/// Le classement (JSON de `classement_json`) en tableau : les colonnes du JSON, puis les
/// points de chaque critère de la grille.
fn tableau_classement(k: &Value) -> documents::tableur::Tableau {
    use documents::tableur::Cellule;
    let lignes = k["classement"].as_array().cloned().unwrap_or_default();
    // Critères dans l'ordre de la grille (celui de la première ligne).
    let criteres: Vec<(String, String)> = lignes
        .first()
        .and_then(|l| l["criteres"].as_array())
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["critere"].as_str().unwrap_or("").to_owned(),
                c["libelle"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    let mut entetes: Vec<String> = [
        "Rang",
        "Numéro du dossier",
        "Matricule",
        "Nom",
        "Prénom",
        "Collectivité",
        "Code anonyme",
        "Total",
        "Départage",
        "Ex aequo",
        "À départager",
        "Retenu",
    ]
    .iter()
    .map(|e| (*e).to_owned())
    .collect();
    entetes.extend(criteres.iter().map(|(_, l)| format!("Points : {l}")));
    let texte = |v: &Value| v.as_str().map_or(Cellule::Vide, Cellule::from);
    let oui_non = |v: &Value| {
        Cellule::from(if v == &Value::Bool(true) {
            "oui"
        } else {
            "non"
        })
    };
    let lignes = lignes
        .iter()
        .map(|l| {
            let mut cellules = vec![
                l["rang"].as_f64().map_or(Cellule::Vide, Cellule::Nombre),
                texte(&l["proposition"]),
                texte(&l["matricule"]),
                texte(&l["nom"]),
                texte(&l["prenom"]),
                texte(&l["collectivite"]),
                texte(&l["code_anonyme"]),
                l["total"].as_f64().map_or(Cellule::Vide, Cellule::Nombre),
                texte(&l["departage"]),
                oui_non(&l["ex_aequo"]),
                oui_non(&l["a_departager"]),
                oui_non(&l["retenu"]),
            ];
            for (code, _) in &criteres {
                let points = l["criteres"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|c| c["critere"].as_str() == Some(code))
                    .and_then(|c| c["points"].as_f64());
                cellules.push(points.map_or(Cellule::Vide, Cellule::Nombre));
            }
            cellules
        })
        .collect();
    documents::tableur::Tableau {
        nom: "Classement".to_owned(),
        entetes,
        lignes,
    }
}

/// Le classement demandé, en tableau, et le nom de son fichier (sans extension).
async fn classement_en_tableau(
    p: &EtatPartage,
    c: &Connecte,
    annee: &str,
    requete: Option<&str>,
) -> Result<(documents::tableur::Tableau, String), Erreur> {
    let d = crate::classement::demande_classement(p, c, annee, requete).await?;
    let k = crate::classement::classement_json(
        p, &c.acteur, d.annee, &d.cible, d.voie, d.anonyme, d.version,
    )
    .await?;
    let nom = format!(
        "classement-{}-{}-{}{}",
        d.annee,
        nom_fichier(&d.cible),
        crate::classement::code_voie(d.voie),
        if d.anonyme { "-anonyme" } else { "" }
    );
    Ok((tableau_classement(&k), nom))
}

/// Type MIME d'un classeur XLSX.
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET /api/v1/campagnes/{annee}/classement.xlsx`.
pub(crate) async fn classement_xlsx(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let (t, nom) = classement_en_tableau(&p, &c, &annee, requete.as_deref()).await?;
    let octets = composer(move || documents::tableur::xlsx(&t)).await?;
    Ok(reponse_fichier(XLSX, &format!("{nom}.xlsx"), octets))
}

/// `GET /api/v1/campagnes/{annee}/classement.csv`.
pub(crate) async fn classement_csv(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(annee): Path<String>,
    RawQuery(requete): RawQuery,
) -> Result<Response, Erreur> {
    let (t, nom) = classement_en_tableau(&p, &c, &annee, requete.as_deref()).await?;
    let octets =
        documents::tableur::csv(&t, documents::tableur::Encodage::Utf8Bom).map_err(|e| {
            tracing::error!("export CSV du classement : {e}");
            Erreur::interne()
        })?;
    Ok(reponse_fichier(
        "text/csv; charset=utf-8",
        &format!("{nom}.csv"),
        octets,
    ))
}

/// Le nom d'une collectivité par son code (le code s'il n'est pas enregistré).
async fn nom_collectivite(p: &EtatPartage, code: &str) -> Result<String, Erreur> {
    Ok(p.etat
        .store
        .collectivite(&Portee::Cdg, code)
        .await
        .map_err(Erreur::stockage)?
        .map_or_else(|| code.to_owned(), |c| c.nom))
}

/// `GET /api/v1/inscriptions/{id}/lettre-relance.pdf`.
pub(crate) async fn lettre_relance(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let d = crate::inscriptions::inscription_ou_404(&p, &c, &id).await?;
    let i = &d.inscription;
    let sans_objet = |raison: &str| {
        Erreur::conflit(
            "relance_sans_objet",
            format!("Pas de relance pour l'inscription n° {} : {raison}.", i.id),
        )
    };
    let (Some(date_limite), Some(terme)) =
        (d.etat.prochaine_demande_maintien_avant, d.etat.fin_validite)
    else {
        return Err(sans_objet(
            "aucune demande de maintien n'est à faire (inscription terminée, décompte \
             suspendu, délai passé ou quatrième année)",
        ));
    };
    // L'échéance dont la demande est attendue : l'année qui se termine (2e ou 3e) ; l'année
    // demandée est la suivante (CGFP L.325-39 et suivants).
    let annee_demandee = d
        .etat
        .moteur
        .echeances
        .iter()
        .find(|e| e.demande_maintien_avant == Some(date_limite))
        .map(|e| e.annee + 1)
        .ok_or_else(|| sans_objet("l'échéance de la demande de maintien est inconnue"))?;
    let mut destinataire = vec![format!("{} {}", i.prenom, i.nom)];
    if let Some(code) = &i.collectivite {
        destinataire.push(format!(
            "sous couvert de : {}",
            nom_collectivite(&p, code).await?
        ));
    }
    let donnees = LettreRelance {
        emetteur: centre_de_gestion(&p).await?.emetteur,
        date: p.etat.horloge.aujourdhui(),
        reference: Some(format!("inscription n° {}", i.id)),
        destinataire,
        appel: None,
        nom: i.nom.clone(),
        prenom: i.prenom.clone(),
        grade: grade_et_statut(&i.cible).0,
        annee: i.annee,
        inscription: i.inscription,
        terme,
        date_limite,
        annee_demandee,
    };
    pdf(
        format!("lettre-relance-inscription-{}.pdf", i.id),
        move || documents::lettre_relance(&donnees),
    )
    .await
}

/// Le grade tenu la veille d'une date, d'après la carrière enregistrée.
async fn grade_avant(
    p: &EtatPartage,
    matricule: Option<&str>,
    date: jiff::civil::Date,
) -> Result<Option<String>, Erreur> {
    let Some(m) = matricule else { return Ok(None) };
    let agent = p
        .etat
        .store
        .agent(&Portee::Cdg, m)
        .await
        .map_err(Erreur::stockage)?;
    Ok(agent.and_then(|a| {
        a.agent
            .periodes
            .iter()
            .filter(|x| x.debut < date)
            .max_by_key(|x| x.debut)
            .and_then(|x| x.grade.clone())
            .map(|g| minuscule(Catalogue::get().libelle_grade(&g)))
    }))
}

/// `GET /api/v1/inscriptions/{id}/arrete-nomination.pdf`.
pub(crate) async fn arrete_nomination(
    State(p): State<EtatPartage>,
    c: Connecte,
    Path(id): Path<String>,
) -> Result<Response, Erreur> {
    let d = crate::inscriptions::inscription_ou_404(&p, &c, &id).await?;
    let i = &d.inscription;
    let n = d
        .evenements
        .iter()
        .find(|e| e.type_evenement == store::inscriptions::TypeEvenement::Nomination)
        .ok_or_else(|| {
            Erreur::conflit(
                "nomination_absente",
                format!(
                    "Aucune nomination n'est enregistrée pour l'inscription n° {} : pas \
                     d'arrêté de nomination à établir.",
                    i.id
                ),
            )
        })?;
    let detail = &n.detail;
    let texte = |cle: &str| detail[cle].as_str().map(str::to_owned);
    // Stage ou titularisation directe : ce qu'a répondu le moteur `nomination`.
    let modalite = match (
        detail["titularisation_directe"].as_bool(),
        detail["stage_mois"].as_u64(),
    ) {
        (Some(true), _) => Modalite::Titularisation,
        (_, Some(mois)) if mois > 0 => Modalite::Stage {
            duree_mois: u32::try_from(mois).unwrap_or(u32::MAX),
            fin_prevue: texte("fin_stage_prevue").and_then(|f| f.parse().ok()),
        },
        _ => {
            return Err(Erreur::conflit(
                "modalite_inconnue",
                "La nomination enregistrée ne dit pas si elle se fait en qualité de stagiaire \
                 ou de titulaire : l'arrêté ne peut pas être établi.",
            ));
        }
    };
    let code = texte("collectivite").or_else(|| i.collectivite.clone());
    let nom_coll = match &code {
        Some(c) => nom_collectivite(&p, c).await?,
        None => "collectivité inconnue".to_owned(),
    };
    let cdg = centre_de_gestion(&p).await?;
    let (grade, statut_particulier) = grade_et_statut(&i.cible);
    // La liste qui fonde la nomination : l'arrêté de la liste établie ici, sinon la liste
    // telle qu'elle est enregistrée.
    let etablie = p
        .etat
        .store
        .liste(&Portee::Cdg, i.annee, &i.cible)
        .await
        .map_err(Erreur::stockage)?
        .filter(|_| i.source == store::inscriptions::SourceInscription::Liste)
        .and_then(|l| jour_de(&l.etablie_le));
    let liste_aptitude = match etablie {
        Some(j) => format!(
            "l'arrêté du {} du Président du {} portant établissement de la liste \
             d'aptitude d'accès au grade {} au titre de la promotion interne, année {}",
            droit::date::format_fr(j),
            minuscule(&cdg.emetteur.nom),
            documents::de(&grade),
            i.annee
        ),
        None => format!(
            "la liste d'aptitude d'accès au grade {} au titre de la promotion interne, année \
             {}{}, sur laquelle l'intéressé(e) est inscrit(e) depuis le {}",
            documents::de(&grade),
            i.annee,
            i.centre_gestion
                .as_deref()
                .map(|c| format!(", établie par {c}"))
                .unwrap_or_default(),
            droit::date::format_fr(i.inscription)
        ),
    };
    let donnees = ArreteNomination {
        emetteur: Emetteur {
            nom: nom_coll.clone(),
            adresse: Vec::new(),
            autorite: format!("L'autorité territoriale ({nom_coll})"),
            signataire: A_COMPLETER.to_owned(),
            qualite: "L'autorité territoriale".to_owned(),
            lieu: A_COMPLETER.to_owned(),
            tribunal_administratif: cdg.emetteur.tribunal_administratif,
        },
        numero: None,
        date: n.date,
        nom: i.nom.clone(),
        prenom: i.prenom.clone(),
        grade_origine: grade_avant(&p, i.matricule.as_deref(), n.date)
            .await?
            .unwrap_or_else(|| "grade d'origine inconnu".to_owned()),
        grade,
        statut_particulier,
        liste_aptitude,
        creation_emploi: (detail["poste_cree"] == Value::Bool(true)).then(|| {
            "la délibération de l'organe délibérant portant création de l'emploi (référence \
             non enregistrée)"
                .to_owned()
        }),
        vacance: texte("vacance")
            .map(|v| format!("la déclaration de vacance d'emploi {v}"))
            .unwrap_or_default(),
        emploi: texte("emploi").unwrap_or_default(),
        date_effet: n.date,
        modalite,
        fondement: detail["moteur"]["references"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_str().map(str::to_owned))
            .collect(),
        classement: None,
        visas: Vec::new(),
        transmis_le: None,
        notifie_le: None,
    };
    pdf(
        format!("arrete-nomination-inscription-{}.pdf", i.id),
        move || documents::arrete_nomination(&donnees),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identite_du_centre_de_gestion_en_json() {
        // L'exemple de docs/exploitation.md (option --centre-de-gestion).
        let c: CentreDeGestion = serde_json::from_str(
            r#"{"emetteur": {"nom": "Centre de gestion de la Loire", "adresse": ["42000 Saint-Étienne"],
                "autorite": "Le Président du centre de gestion de la Loire", "signataire": "Prénom Nom",
                "qualite": "Le Président", "lieu": "Saint-Étienne",
                "tribunal_administratif": "tribunal administratif de Lyon"},
                "lignes_directrices": "l'arrêté n° 2026-014 du 01/03/2026"}"#,
        )
        .expect("identité lisible");
        assert_eq!(c.emetteur.lieu, "Saint-Étienne");
        assert_eq!(
            c.lignes_directrices.as_deref(),
            Some("l'arrêté n° 2026-014 du 01/03/2026")
        );
        // Un champ inconnu (faute de frappe) est refusé, jamais ignoré.
        assert!(
            serde_json::from_str::<CentreDeGestion>(r#"{"emeteur": {}}"#).is_err(),
            "champ inconnu"
        );
    }

    #[test]
    fn grade_et_statut_particulier_du_catalogue() {
        // Catalogue : ingénieur territorial, décret n° 2016-201 (ingénieurs territoriaux).
        let (grade, statut) = grade_et_statut("ingenieur");
        assert_eq!(grade, "ingénieur territorial");
        assert_eq!(
            statut,
            "décret n° 2016-201 du 26 février 2016 portant statut particulier du cadre \
             d'emplois des ingénieurs territoriaux"
        );
        // Grade absent du catalogue : son code, et un statut dit inconnu.
        let (grade, statut) = grade_et_statut("grade_invente");
        assert_eq!(grade, "grade_invente");
        assert!(statut.contains("inconnue"), "{statut}");
    }
}
