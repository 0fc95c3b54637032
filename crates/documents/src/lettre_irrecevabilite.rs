//! Lettre à l'employeur sur un dossier déclaré irrecevable : chaque motif avec son message et
//! son texte (motifs codés de l'instruction, `droit::recevabilite`), les voies et délais de
//! recours (code de justice administrative R.421-1).

use droit::recevabilite::{CodeMotif, Motif};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Erreur;
use crate::commun::de;
use crate::commun::{Emetteur, Lettre, exiger, verifier_emetteur};
use crate::references;

/// Données de la lettre.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LettreIrrecevabilite {
    /// Le centre de gestion.
    pub emetteur: Emetteur,
    /// Date de la lettre.
    pub date: Date,
    /// Référence du dossier (identifiant de la proposition).
    #[serde(default)]
    pub reference: Option<String>,
    /// Lignes d'adresse de l'employeur : « Madame la Maire », « Commune du Carbet », …
    pub destinataire: Vec<String>,
    /// Année de la liste.
    pub annee: i32,
    /// Grade d'accès : « attaché territorial ».
    pub grade: String,
    /// Voie, telle qu'elle se lit après « au titre de la promotion interne » : « au choix »,
    /// « après examen professionnel ».
    #[serde(default)]
    pub voie: Option<String>,
    /// Nom et prénom de l'agent proposé.
    pub nom: String,
    pub prenom: String,
    /// Motifs d'irrecevabilité de l'instruction (au moins un).
    pub motifs: Vec<Motif>,
}

/// Intitulé d'un motif codé.
pub fn intitule_motif(code: CodeMotif) -> &'static str {
    match code {
        CodeMotif::ConditionsStatutaires => "Conditions statutaires non remplies",
        CodeMotif::FormationNonAJour => "Obligations de formation non remplies",
        CodeMotif::AttestationFormationAbsente => "Attestation de formation du CNFPT absente",
        CodeMotif::ExamenNonObtenu => "Examen professionnel non obtenu",
        CodeMotif::Autre => "Décision motivée du centre de gestion",
    }
}

/// Produit la lettre en PDF.
pub fn lettre_irrecevabilite(l: &LettreIrrecevabilite) -> Result<Vec<u8>, Erreur> {
    verifier_emetteur(&l.emetteur)?;
    exiger("grade", &l.grade)?;
    exiger("nom", &l.nom)?;
    if l.destinataire.iter().all(|x| x.trim().is_empty()) {
        return Err(Erreur::Donnees("le destinataire est vide".into()));
    }
    if l.motifs.is_empty() {
        return Err(Erreur::Donnees(
            "un dossier irrecevable a au moins un motif : aucun n'est donné".into(),
        ));
    }
    for (i, m) in l.motifs.iter().enumerate() {
        exiger(&format!("motifs[{i}].message"), &m.message)?;
        exiger(&format!("motifs[{i}].reference"), &m.reference)?;
    }
    let voie = l
        .voie
        .as_deref()
        .map(|v| format!(" {}", v.trim()))
        .unwrap_or_default();
    let personne = format!("{} {}", l.prenom.trim(), l.nom.trim());
    let n = l.motifs.len();
    let paragraphes = vec![
        format!(
            "Vous avez proposé {personne} pour une inscription sur la liste d'aptitude d'accès \
             au grade {} au titre de la promotion interne{voie}, année {}.",
            de(&l.grade),
            l.annee
        ),
        format!(
            "Après instruction, ce dossier est déclaré irrecevable pour {} suivant{}. Les \
             conditions s'apprécient au 01/01/{} ({}).",
            if n > 1 { "les motifs" } else { "le motif" },
            if n > 1 { "s" } else { "" },
            l.annee,
            references::DATE_APPRECIATION
        ),
    ];
    let suite = vec![
        "En conséquence, ce dossier ne sera pas examiné au regard des lignes directrices de \
         gestion pour l'établissement de la liste d'aptitude de cette année. Il pourra être \
         présenté à nouveau lors d'une prochaine campagne si les conditions sont alors remplies."
            .to_owned(),
        "Je vous remercie d'en informer l'agent concerné et vous prie d'agréer, Madame, \
         Monsieur, l'expression de mes salutations distinguées."
            .to_owned(),
    ];
    Lettre {
        titre: format!(
            "Dossier irrecevable – {personne} – promotion interne {}",
            l.annee
        ),
        emetteur: &l.emetteur,
        date: l.date,
        destinataire: l.destinataire.clone(),
        objet: format!(
            "Promotion interne {} – grade {} – dossier de {personne} déclaré irrecevable",
            l.annee,
            de(&l.grade)
        ),
        reference: l.reference.clone(),
        appel: "Madame, Monsieur,".into(),
        paragraphes,
        motifs: l
            .motifs
            .iter()
            .map(|m| {
                (
                    intitule_motif(m.code).to_owned(),
                    m.message.trim().to_owned(),
                    m.reference.trim().to_owned(),
                )
            })
            .collect(),
        suite,
        recours: Some(references::recours(&l.emetteur, "sa notification")),
    }
    .composer()
}
