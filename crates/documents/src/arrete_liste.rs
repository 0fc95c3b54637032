//! Arrêté du président du centre de gestion portant établissement de la liste d'aptitude
//! d'accès à un grade au titre de la promotion interne, avec son annexe alphabétique.
//!
//! Textes cités : code général de la fonction publique (CGFP) L.523-1 et suivants (promotion
//! interne ; jamais plus d'inscrits que de postes), L.413-1 et suivants (lignes directrices de
//! gestion), L.325-39 et suivants (validité de la liste : deux ans, puis une troisième et une
//! quatrième année sur demande écrite reçue un mois au moins avant le terme, ancien article
//! 44 de la loi n° 84-53) ; décret n° 2013-593 du 5 juillet 2013 ; décret n° 2008-512 du
//! 29 mai 2008 (formation obligatoire) ; guide CDG Martinique §II.D (ordre alphabétique,
//! valeur nationale, caractère exécutoire dès transmission au représentant de l'État et
//! publicité) ; code de justice administrative R.421-1 (recours dans les deux mois).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Erreur;
use crate::commun::de;
use crate::commun::{
    Annexe, Arrete, Article, Emetteur, Inscrit, date_fr, date_ou_blanc, exiger, nombre,
    verifier_emetteur, verifier_inscrits,
};
use crate::references;

/// Données de l'arrêté.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArreteListe {
    /// Le centre de gestion et son président.
    pub emetteur: Emetteur,
    /// Numéro de l'arrêté (`None` : imprimé sans numéro, à compléter).
    #[serde(default)]
    pub numero: Option<String>,
    /// Date de signature.
    pub date: Date,
    /// Année de la liste.
    pub annee: i32,
    /// Grade d'accès, au singulier : « attaché territorial ».
    pub grade: String,
    /// Décret portant statut particulier du cadre d'emplois, tel qu'il se lit après « Vu le » :
    /// « décret n° 87-1099 du 30 décembre 1987 portant statut particulier du cadre d'emplois
    /// des attachés territoriaux ».
    pub statut_particulier: String,
    /// Acte fixant les lignes directrices de gestion, tel qu'il se lit après « Vu » :
    /// « l'arrêté n° 2026-014 du 01/03/2026 portant lignes directrices de gestion… ».
    pub lignes_directrices: String,
    /// Grille de cotation appliquée et sa version (« LDG 2027, version 2 »), si elle est
    /// connue.
    #[serde(default)]
    pub grille: Option<String>,
    /// Visas propres à l'arrêté (avis, déclarations de recrutements…), après les textes.
    #[serde(default)]
    pub visas: Vec<String>,
    /// Postes ouverts à la promotion interne pour ce grade et cette année.
    pub postes: u32,
    /// Date d'effet de l'inscription.
    pub date_effet: Date,
    /// Inscrits, dans n'importe quel ordre : l'annexe les range par ordre alphabétique.
    pub inscrits: Vec<Inscrit>,
    /// Date de transmission au représentant de l'État, si elle est connue.
    #[serde(default)]
    pub transmis_le: Option<Date>,
    /// Date de publication, si elle est connue.
    #[serde(default)]
    pub publie_le: Option<Date>,
}

/// Produit l'arrêté en PDF.
///
/// Refuse des données incohérentes : plus d'inscrits que de postes (CGFP L.523-1), aucun
/// inscrit, un nom vide.
pub fn arrete_liste(a: &ArreteListe) -> Result<Vec<u8>, Erreur> {
    verifier_emetteur(&a.emetteur)?;
    exiger("grade", &a.grade)?;
    exiger("statut_particulier", &a.statut_particulier)?;
    exiger("lignes_directrices", &a.lignes_directrices)?;
    verifier_inscrits(&a.inscrits)?;
    if a.inscrits.is_empty() {
        return Err(Erreur::Donnees(
            "la liste d'aptitude n'a aucun inscrit : pas d'arrêté à établir".into(),
        ));
    }
    if a.inscrits.len() > a.postes as usize {
        return Err(Erreur::Donnees(format!(
            "{} pour {} : le nombre d'inscrits ne peut excéder celui des postes ouverts ({})",
            nombre(a.inscrits.len(), "inscrit", "inscrits"),
            nombre(a.postes as usize, "poste", "postes"),
            references::CGFP_PROMOTION_INTERNE
        )));
    }
    let n = a.inscrits.len();
    let effet = date_fr(a.date_effet);
    let numero = a
        .numero
        .as_deref()
        .map_or(String::new(), |x| format!(" n° {x}"));

    let mut visas = vec![
        references::VISA_CGFP.to_owned(),
        references::VISA_DECRET_2008_512.to_owned(),
        references::VISA_DECRET_2013_593.to_owned(),
        format!("le {}", a.statut_particulier.trim()),
        a.lignes_directrices.trim().to_owned(),
    ];
    visas.extend(a.visas.iter().map(|v| v.trim().to_owned()));
    visas.push(
        "les propositions des autorités territoriales et les dossiers déclarés recevables".into(),
    );

    let mut considerants = vec![format!(
        "que le nombre de postes ouverts à la promotion interne au grade {} pour l'année {} \
         est de {} et que le nombre d'inscrits ne peut excéder ce nombre ({})",
        de(&a.grade),
        a.annee,
        a.postes,
        references::CGFP_PROMOTION_INTERNE
    )];
    considerants.push(match &a.grille {
        Some(g) => format!(
            "que les dossiers recevables ont été examinés et classés au regard des lignes \
             directrices de gestion (grille de cotation : {})",
            g.trim()
        ),
        None => "que les dossiers recevables ont été examinés et classés au regard des lignes \
                 directrices de gestion"
            .to_owned(),
    });

    let articles = vec![
        Article {
            numero: "1er".into(),
            alineas: vec![format!(
                "La liste d'aptitude d'accès au grade {} au titre de la promotion interne, \
                 année {}, est établie par ordre alphabétique comme il figure en annexe au \
                 présent arrêté : {} pour {} ouvert{}.",
                de(&a.grade),
                a.annee,
                nombre(n, "inscrit", "inscrits"),
                nombre(a.postes as usize, "poste", "postes"),
                if a.postes > 1 { "s" } else { "" }
            )],
        },
        Article {
            numero: "2".into(),
            alineas: vec![
                format!(
                    "L'inscription prend effet le {effet}. La liste a une valeur nationale : \
                     l'inscrit peut être nommé par toute autorité territoriale disposant d'un \
                     emploi vacant de ce grade, déclaré auprès du centre de gestion compétent."
                ),
                "L'inscription sur la liste d'aptitude ne vaut pas nomination.".into(),
            ],
        },
        Article {
            numero: "3".into(),
            alineas: vec![
                format!(
                    "L'inscription est valable deux ans à compter du {effet}. Elle est \
                     maintenue pour une troisième, puis une quatrième année, si l'intéressé(e) \
                     en fait la demande écrite, reçue par le centre de gestion un mois au moins \
                     avant le terme de l'inscription en cours ; sa durée totale ne peut excéder \
                     quatre ans ({}).",
                    references::CGFP_VALIDITE
                ),
                references::SUSPENSION_DECOMPTE.to_owned(),
            ],
        },
        Article {
            numero: "4".into(),
            alineas: vec![
                "Le présent arrêté sera transmis au représentant de l'État, affiché au centre \
                 de gestion et publié sur son site internet ; il est exécutoire dès sa \
                 transmission et sa publicité. Il sera notifié aux autorités territoriales \
                 concernées, qui en informeront les agents."
                    .into(),
            ],
        },
        Article {
            numero: "5".into(),
            alineas: vec![format!(
                "Le présent arrêté peut faire l'objet d'un recours pour excès de pouvoir \
                 devant le {} dans un délai de deux mois à compter de sa publication ({}). \
                 Ce délai est prorogé par un recours gracieux adressé à l'autorité signataire \
                 dans le même délai. Le tribunal peut être saisi par l'application \
                 « Télérecours citoyens » (www.telerecours.fr).",
                a.emetteur.tribunal_administratif.trim(),
                references::CJA_DELAI_RECOURS
            )],
        },
        Article {
            numero: "6".into(),
            alineas: vec![
                "Le directeur général des services du centre de gestion est chargé de \
                 l'exécution du présent arrêté."
                    .into(),
            ],
        },
    ];

    let mentions = vec![
        format!(
            "Transmis au représentant de l'État le : {}",
            date_ou_blanc(a.transmis_le)
        ),
        format!("Publié le : {}", date_ou_blanc(a.publie_le)),
    ];

    let mut tries: Vec<&Inscrit> = a.inscrits.iter().collect();
    crate::tri::trier_par_personne(&mut tries, |p| (p.nom.as_str(), p.prenom.as_str()));
    let lignes = tries
        .iter()
        .enumerate()
        .map(|(i, p)| {
            vec![
                (i + 1).to_string(),
                p.nom.clone(),
                p.prenom.clone(),
                crate::commun::collectivite(p),
            ]
        })
        .collect();

    Arrete {
        titre: format!(
            "Arrêté{numero} – liste d'aptitude au grade {} – promotion interne {}",
            de(&a.grade),
            a.annee
        ),
        emetteur: &a.emetteur,
        date: a.date,
        numero: a.numero.clone(),
        objet: format!(
            "portant établissement de la liste d'aptitude d'accès au grade {} au titre de \
             la promotion interne – année {}",
            de(&a.grade),
            a.annee
        ),
        visas,
        considerants,
        articles,
        mentions,
        annexe: Some(Annexe {
            titre: format!(
                "Annexe à l'arrêté{numero} du {} – liste d'aptitude au grade {} – promotion \
                 interne {}",
                date_fr(a.date),
                de(&a.grade),
                a.annee
            ),
            sous_titre: format!(
                "{} par ordre alphabétique ; inscription à compter du {effet}",
                nombre(n, "inscrit", "inscrits")
            ),
            entetes: vec!["N°", "Nom", "Prénom", "Collectivité d'origine"],
            colonnes: vec![0, 3, 3, 5],
            lignes,
            note: None,
        }),
    }
    .composer()
}
