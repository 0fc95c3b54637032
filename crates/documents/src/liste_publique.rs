//! Liste d'aptitude publiée : les noms par ordre alphabétique français, la collectivité
//! d'origine si l'émetteur le choisit ; ni date de naissance, ni score, ni rang (la liste est
//! établie par ordre alphabétique, guide CDG Martinique §II.D ; pratiques des centres de
//! gestion : publication du nom seul, sans le classement interne).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Erreur;
use crate::commun::de;
use crate::commun::{
    Emetteur, Inscrit, collectivite, date_fr, exiger, nombre, source, verifier_emetteur,
    verifier_inscrits,
};
use crate::typ::{Valeur, dico, textes};

const MODELE: &str = include_str!("modeles/liste.typ");

/// Données de la liste publique.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListePublique {
    pub emetteur: Emetteur,
    /// Date de publication.
    pub date: Date,
    pub annee: i32,
    /// Grade d'accès : « attaché territorial ».
    pub grade: String,
    /// Arrêté qui établit la liste : « arrêté n° 2027-031 du 15/03/2027 » (`None` : non cité).
    #[serde(default)]
    pub arrete: Option<String>,
    /// Date d'effet de l'inscription.
    pub date_effet: Date,
    /// Publier la collectivité d'origine.
    #[serde(default)]
    pub avec_collectivite: bool,
    /// Inscrits, dans n'importe quel ordre.
    pub inscrits: Vec<Inscrit>,
}

/// Produit la liste publique en PDF.
pub fn liste_publique(l: &ListePublique) -> Result<Vec<u8>, Erreur> {
    verifier_emetteur(&l.emetteur)?;
    exiger("grade", &l.grade)?;
    verifier_inscrits(&l.inscrits)?;
    let mut tries: Vec<&Inscrit> = l.inscrits.iter().collect();
    crate::tri::trier_par_personne(&mut tries, |p| (p.nom.as_str(), p.prenom.as_str()));
    let lignes: Vec<Valeur> = tries
        .iter()
        .map(|p| {
            let mut l2 = vec![p.nom.clone(), p.prenom.clone()];
            if l.avec_collectivite {
                l2.push(collectivite(p));
            }
            textes(&l2)
        })
        .collect();
    let (entetes, colonnes): (Vec<&str>, Vec<u32>) = if l.avec_collectivite {
        (
            vec!["Nom", "Prénom", "Collectivité d'origine"],
            vec![3, 3, 5],
        )
    } else {
        (vec!["Nom", "Prénom"], vec![1, 1])
    };
    let mut paragraphes = vec![format!(
        "Liste d'aptitude d'accès au grade {} au titre de la promotion interne, année {}, \
         établie par ordre alphabétique{} : {}. Inscription à compter du {}.",
        de(&l.grade),
        l.annee,
        l.arrete
            .as_deref()
            .map(|a| format!(" par {}", a.trim()))
            .unwrap_or_default(),
        nombre(l.inscrits.len(), "inscrit", "inscrits"),
        date_fr(l.date_effet)
    )];
    paragraphes.push(
        "La liste a une valeur nationale. L'inscription est valable deux ans, puis maintenue \
         pour une troisième et une quatrième année sur demande écrite de l'intéressé(e) reçue \
         un mois au moins avant le terme. Elle ne vaut pas nomination."
            .into(),
    );
    let d = dico([
        (
            "titre",
            format!(
                "Liste d'aptitude – {} – promotion interne {}",
                l.grade, l.annee
            )
            .into(),
        ),
        ("emetteur", crate::commun::valeur_emetteur(&l.emetteur)),
        ("date", date_fr(l.date).into()),
        (
            "intitule",
            format!(
                "Liste d'aptitude au grade {} – promotion interne {}",
                de(&l.grade),
                l.annee
            )
            .into(),
        ),
        (
            "sous_titre",
            format!("Liste publiée le {}", date_fr(l.date)).into(),
        ),
        ("paragraphes", textes(&paragraphes)),
        ("entetes", textes(&entetes)),
        (
            "colonnes",
            Valeur::Liste(colonnes.into_iter().map(Valeur::from).collect()),
        ),
        ("lignes", Valeur::Liste(lignes)),
        (
            "pied",
            format!(
                "{}, le {} – {}, {}.",
                l.emetteur.lieu,
                date_fr(l.date),
                l.emetteur.qualite,
                l.emetteur.signataire
            )
            .into(),
        ),
    ]);
    crate::moteur::composer_pdf(source(&d, MODELE))
}
