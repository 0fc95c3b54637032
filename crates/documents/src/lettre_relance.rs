//! Lettre de relance à un inscrit : la demande écrite de maintien sur la liste d'aptitude
//! doit parvenir au centre de gestion un mois au moins avant le terme de l'inscription en
//! cours (CGFP L.325-39 et suivants, ancien article 44 de la loi n° 84-53 ; guide CDG
//! Martinique §II.D ; moteur `droit::liste_aptitude`, qui calcule le terme et la date
//! limite, suspensions déduites).

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Erreur;
use crate::commun::de;
use crate::commun::{Emetteur, Lettre, date_fr, exiger, verifier_emetteur};
use crate::references;

/// Données de la lettre.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LettreRelance {
    /// Le centre de gestion.
    pub emetteur: Emetteur,
    /// Date de la lettre.
    pub date: Date,
    #[serde(default)]
    pub reference: Option<String>,
    /// Lignes d'adresse de l'agent.
    pub destinataire: Vec<String>,
    /// Formule d'appel : « Madame, », « Monsieur, » (défaut : « Madame, Monsieur, »).
    #[serde(default)]
    pub appel: Option<String>,
    pub nom: String,
    pub prenom: String,
    /// Grade de la liste : « attaché territorial ».
    pub grade: String,
    /// Année de la liste.
    pub annee: i32,
    /// Date d'effet de l'inscription.
    pub inscription: Date,
    /// Terme de la période en cours (fin de validité sans demande, suspensions déduites).
    pub terme: Date,
    /// Date avant laquelle la demande doit être reçue (un mois avant le terme).
    pub date_limite: Date,
    /// Année d'inscription demandée : 3 ou 4.
    pub annee_demandee: u8,
}

/// Produit la lettre en PDF.
pub fn lettre_relance(l: &LettreRelance) -> Result<Vec<u8>, Erreur> {
    verifier_emetteur(&l.emetteur)?;
    exiger("nom", &l.nom)?;
    exiger("grade", &l.grade)?;
    if l.destinataire.iter().all(|x| x.trim().is_empty()) {
        return Err(Erreur::Donnees("le destinataire est vide".into()));
    }
    let rang = match l.annee_demandee {
        3 => "troisième",
        4 => "quatrième",
        n => {
            return Err(Erreur::Donnees(format!(
                "le maintien se demande pour une troisième ou une quatrième année, pas une \
                 année {n} (quatre ans au plus, {})",
                references::CGFP_VALIDITE
            )));
        }
    };
    if !(l.inscription < l.date_limite && l.date_limite < l.terme) {
        return Err(Erreur::Donnees(format!(
            "dates incohérentes : inscription le {}, date limite le {}, terme le {}",
            date_fr(l.inscription),
            date_fr(l.date_limite),
            date_fr(l.terme)
        )));
    }
    let personne = format!("{} {}", l.prenom.trim(), l.nom.trim());
    let terme = date_fr(l.terme);
    let limite = date_fr(l.date_limite);
    let paragraphes = vec![
        format!(
            "Vous êtes inscrit(e) depuis le {} sur la liste d'aptitude d'accès au grade {} \
             établie au titre de la promotion interne, année {}. Sauf demande de votre part, \
             votre inscription prendra fin le {terme}.",
            date_fr(l.inscription),
            de(&l.grade),
            l.annee
        ),
        format!(
            "Pour rester inscrit(e) une {rang} année, vous devez en faire la demande par \
             écrit. Votre demande doit parvenir au centre de gestion au plus tard le {limite}, \
             soit un mois avant le terme de votre inscription ({}). Une demande reçue après \
             cette date sera sans effet.",
            references::CGFP_VALIDITE
        ),
        format!(
            "L'inscription ne peut durer plus de quatre ans au total. {}",
            references::SUSPENSION_DECOMPTE
        ),
        "Si vous avez été nommé(e) dans le grade entre-temps, ou si votre situation a changé, \
         merci de nous en informer."
            .to_owned(),
    ];
    let appel = l
        .appel
        .clone()
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| "Madame, Monsieur,".to_owned());
    let formule = format!(
        "Je vous prie d'agréer, {}, l'expression de mes salutations distinguées.",
        appel.trim().trim_end_matches(',')
    );
    Lettre {
        titre: format!("Relance – maintien sur la liste d'aptitude – {personne}"),
        emetteur: &l.emetteur,
        date: l.date,
        destinataire: l.destinataire.clone(),
        objet: format!(
            "Liste d'aptitude au grade {} ({}) – demande de maintien pour une {rang} année \
             à adresser avant le {limite}",
            de(&l.grade),
            l.annee
        ),
        reference: l.reference.clone(),
        appel,
        paragraphes,
        motifs: Vec::new(),
        suite: vec![formule],
        recours: None,
    }
    .composer()
}
