//! Arrêté de nomination d'un inscrit par l'autorité territoriale qui recrute : nomination
//! stagiaire (stage de six mois, un an pour les conservateurs) ou titularisation directe
//! (agents de maîtrise justifiant de deux ans de services effectifs dans un emploi de même
//! nature), après création et déclaration de vacance de l'emploi (guide CDG Martinique §II.E ;
//! fiche service-public.fr F17757 ; moteur `droit::nomination`, dont l'appelant reprend la
//! modalité et les textes). La nomination met fin à l'inscription sur la liste d'aptitude.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Erreur;
use crate::commun::de;
use crate::commun::{Arrete, Article, Emetteur, date_fr, date_ou_blanc, exiger, verifier_emetteur};
use crate::references;

/// Stage ou titularisation directe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Modalite {
    /// Nomination stagiaire, détachement pour stage.
    Stage {
        /// Durée du stage en mois.
        duree_mois: u32,
        /// Fin prévue du stage s'il n'est pas prorogé.
        #[serde(default)]
        fin_prevue: Option<Date>,
    },
    /// Nomination directement en qualité de titulaire.
    Titularisation,
}

/// Données de l'arrêté.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArreteNomination {
    /// La collectivité qui nomme et son autorité (« Le Maire de Sainte-Luce »).
    pub emetteur: Emetteur,
    #[serde(default)]
    pub numero: Option<String>,
    /// Date de signature.
    pub date: Date,
    pub nom: String,
    pub prenom: String,
    /// Grade actuel de l'agent : « rédacteur principal de 1re classe ».
    pub grade_origine: String,
    /// Grade de nomination : « attaché territorial ».
    pub grade: String,
    /// Statut particulier, tel qu'il se lit après « Vu le ».
    pub statut_particulier: String,
    /// La liste d'aptitude : « l'arrêté n° 2027-031 du 15/03/2027 du président du centre de
    /// gestion … portant établissement de la liste d'aptitude … » (lu après « Vu »).
    pub liste_aptitude: String,
    /// Création de l'emploi (délibération), lue après « Vu » ; `None` : imprimé « inconnue ».
    #[serde(default)]
    pub creation_emploi: Option<String>,
    /// Déclaration de vacance, obligatoire sous peine de nullité de la nomination : « la
    /// déclaration de vacance d'emploi n° V972270300012 du 02/05/2027 ».
    pub vacance: String,
    /// Emploi occupé : « chargé de mission finances ».
    pub emploi: String,
    /// Date d'effet de la nomination.
    pub date_effet: Date,
    pub modalite: Modalite,
    /// Textes qui fondent la modalité (réponse du moteur `nomination`).
    #[serde(default)]
    pub fondement: Vec<String>,
    /// Classement dans le grade : « au 3e échelon, sans ancienneté conservée » (`None` : fixé
    /// par un arrêté distinct).
    #[serde(default)]
    pub classement: Option<String>,
    /// Visas propres (avis, certificat d'aptitude physique…).
    #[serde(default)]
    pub visas: Vec<String>,
    #[serde(default)]
    pub transmis_le: Option<Date>,
    #[serde(default)]
    pub notifie_le: Option<Date>,
}

/// Produit l'arrêté en PDF.
pub fn arrete_nomination(a: &ArreteNomination) -> Result<Vec<u8>, Erreur> {
    verifier_emetteur(&a.emetteur)?;
    for (champ, v) in [
        ("nom", &a.nom),
        ("grade_origine", &a.grade_origine),
        ("grade", &a.grade),
        ("statut_particulier", &a.statut_particulier),
        ("liste_aptitude", &a.liste_aptitude),
        ("vacance", &a.vacance),
        ("emploi", &a.emploi),
    ] {
        exiger(champ, v)?;
    }
    if let Modalite::Stage { duree_mois: 0, .. } = a.modalite {
        return Err(Erreur::Donnees(
            "un stage de zéro mois est une titularisation directe".into(),
        ));
    }
    let personne = format!("{} {}", a.prenom.trim(), a.nom.trim());
    let effet = date_fr(a.date_effet);
    let numero = a
        .numero
        .as_deref()
        .map_or(String::new(), |x| format!(" n° {x}"));

    let mut visas = vec![
        "le code général de la fonction publique, notamment ses articles L.523-1 et suivants"
            .to_owned(),
        references::VISA_DECRET_2013_593.to_owned(),
        format!("le {}", a.statut_particulier.trim()),
        a.liste_aptitude.trim().to_owned(),
        match &a.creation_emploi {
            Some(c) if !c.trim().is_empty() => c.trim().to_owned(),
            _ => "l'acte de création de l'emploi : inconnu".to_owned(),
        },
        a.vacance.trim().to_owned(),
    ];
    visas.extend(a.visas.iter().map(|v| v.trim().to_owned()));

    let mut considerants = vec![format!(
        "que {personne}, {}, est inscrit(e) sur la liste d'aptitude d'accès au grade {}",
        a.grade_origine.trim(),
        de(&a.grade)
    )];
    considerants.push(
        "que l'emploi a été créé par l'organe délibérant et que sa vacance a été déclarée \
         auprès du centre de gestion, formalité requise sous peine de nullité de la nomination"
            .to_owned(),
    );

    let (qualite, article_modalite) = match &a.modalite {
        Modalite::Stage {
            duree_mois,
            fin_prevue,
        } => (
            "stagiaire",
            format!(
                "L'intéressé(e) est détaché(e) pour accomplir un stage d'une durée de {} mois \
                 à compter du {effet}{}, à l'issue duquel sa titularisation pourra être \
                 prononcée. Le stage peut être prorogé dans les conditions prévues par le \
                 statut particulier.",
                duree_mois,
                fin_prevue
                    .map(|f| format!(", soit jusqu'au {}", date_fr(f)))
                    .unwrap_or_default()
            ),
        ),
        Modalite::Titularisation => (
            "titulaire",
            "L'intéressé(e) est nommé(e) directement en qualité de titulaire, sans stage, en \
             application du statut particulier."
                .to_owned(),
        ),
    };
    let mut modalite = vec![article_modalite];
    if !a.fondement.is_empty() {
        modalite.push(format!("Textes appliqués : {}.", a.fondement.join(" ; ")));
    }

    let mut articles = vec![
        Article {
            numero: "1er".into(),
            alineas: vec![format!(
                "{personne}, {}, inscrit(e) sur la liste d'aptitude d'accès au grade {}, \
                 est nommé(e) en qualité de {qualite} au grade {} au titre de la promotion \
                 interne, à compter du {effet}, pour occuper l'emploi de {}.",
                a.grade_origine.trim(),
                de(&a.grade),
                de(&a.grade),
                a.emploi.trim()
            )],
        },
        Article {
            numero: "2".into(),
            alineas: modalite,
        },
    ];
    if let Some(c) = a.classement.as_deref().filter(|c| !c.trim().is_empty()) {
        articles.push(Article {
            numero: (articles.len() + 1).to_string(),
            alineas: vec![format!(
                "L'intéressé(e) est classé(e) dans le grade {} {}.",
                de(&a.grade),
                c.trim().trim_end_matches('.')
            )],
        });
    }
    for texte in [
        format!(
            "La nomination met fin à l'inscription de l'intéressé(e) sur la liste d'aptitude à \
             compter du {effet}. Le centre de gestion qui a établi la liste en est informé."
        ),
        "Le présent arrêté sera notifié à l'intéressé(e) et transmis au représentant de l'État \
         ainsi qu'au centre de gestion."
            .to_owned(),
        format!(
            "Le présent arrêté peut faire l'objet d'un recours pour excès de pouvoir devant le \
             {} dans un délai de deux mois à compter de sa notification ({}).",
            a.emetteur.tribunal_administratif.trim(),
            references::CJA_DELAI_RECOURS
        ),
        "Le directeur général des services est chargé de l'exécution du présent arrêté.".to_owned(),
    ] {
        articles.push(Article {
            numero: (articles.len() + 1).to_string(),
            alineas: vec![texte],
        });
    }

    Arrete {
        titre: format!("Arrêté{numero} – nomination de {personne} – {}", a.grade),
        emetteur: &a.emetteur,
        date: a.date,
        numero: a.numero.clone(),
        objet: format!(
            "portant nomination de {personne} en qualité de {qualite} au grade {} au titre \
             de la promotion interne",
            de(&a.grade)
        ),
        visas,
        considerants,
        articles,
        mentions: vec![
            format!(
                "Transmis au représentant de l'État le : {}",
                date_ou_blanc(a.transmis_le)
            ),
            format!(
                "Notifié à l'intéressé(e) le : {}",
                date_ou_blanc(a.notifie_le)
            ),
        ],
        annexe: None,
    }
    .composer()
}
