//! Éléments communs aux documents : l'émetteur, les personnes, les dates, la mise en page.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Erreur;
use crate::typ::{Valeur, dico, textes};

/// L'autorité qui signe le document (le centre de gestion et son président, ou une
/// collectivité et son autorité territoriale).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Emetteur {
    /// Nom complet : « Centre de gestion de la fonction publique territoriale de la Martinique ».
    pub nom: String,
    /// Lignes d'adresse, dans l'ordre d'impression.
    #[serde(default)]
    pub adresse: Vec<String>,
    /// Formule d'ouverture d'un arrêté : « Le Président du centre de gestion de la fonction
    /// publique territoriale de la Martinique », « Le Maire de Sainte-Luce ».
    pub autorite: String,
    /// Nom de la personne qui signe : « Jeanne Martin ».
    pub signataire: String,
    /// Qualité du signataire, telle qu'elle se lit après « Le » ou « La » : « Le Président »,
    /// « La Présidente », « Le Maire ».
    pub qualite: String,
    /// Lieu de signature : « Fort-de-France ».
    pub lieu: String,
    /// Juridiction des recours : « tribunal administratif de la Martinique ».
    pub tribunal_administratif: String,
}

/// Une personne inscrite sur une liste.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inscrit {
    pub nom: String,
    pub prenom: String,
    /// Collectivité ou établissement d'origine (`None` : imprimé « inconnue »).
    #[serde(default)]
    pub collectivite: Option<String>,
}

/// Date à la française, JJ/MM/AAAA.
pub(crate) fn date_fr(d: Date) -> String {
    droit::date::format_fr(d)
}

pub(crate) fn valeur_emetteur(e: &Emetteur) -> Valeur {
    dico([
        ("nom", e.nom.as_str().into()),
        ("adresse", textes(&e.adresse)),
        ("autorite", e.autorite.as_str().into()),
        ("signataire", e.signataire.as_str().into()),
        ("qualite", e.qualite.as_str().into()),
        ("lieu", e.lieu.as_str().into()),
        ("tribunal", e.tribunal_administratif.as_str().into()),
    ])
}

/// Un texte obligatoire : non vide une fois les espaces retirés.
pub(crate) fn exiger(champ: &str, valeur: &str) -> Result<(), Erreur> {
    if valeur.trim().is_empty() {
        Err(Erreur::Donnees(format!("le champ « {champ} » est vide")))
    } else {
        Ok(())
    }
}

pub(crate) fn verifier_emetteur(e: &Emetteur) -> Result<(), Erreur> {
    exiger("emetteur.nom", &e.nom)?;
    exiger("emetteur.autorite", &e.autorite)?;
    exiger("emetteur.signataire", &e.signataire)?;
    exiger("emetteur.qualite", &e.qualite)?;
    exiger("emetteur.lieu", &e.lieu)?;
    exiger("emetteur.tribunal_administratif", &e.tribunal_administratif)
}

pub(crate) fn verifier_inscrits(inscrits: &[Inscrit]) -> Result<(), Erreur> {
    for (i, p) in inscrits.iter().enumerate() {
        exiger(&format!("inscrits[{i}].nom"), &p.nom)?;
    }
    Ok(())
}

/// La collectivité d'origine, ou « inconnue ».
pub(crate) fn collectivite(p: &Inscrit) -> String {
    p.collectivite
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .unwrap_or("inconnue")
        .to_owned()
}

/// Mise en page commune (A4, police à empattements embarquée, pied de page avec l'émetteur
/// et « Page n sur N ») et fonctions de modèle partagées.
pub(crate) const PREAMBULE: &str = include_str!("modeles/commun.typ");

/// Source complète d'un document : données, préambule commun, modèle.
pub(crate) fn source(donnees: &Valeur, modele: &str) -> String {
    let mut s = donnees.liaison();
    s.push_str(PREAMBULE);
    s.push('\n');
    s.push_str(modele);
    s
}

/// « 1 inscrit », « 3 inscrits ».
pub(crate) fn nombre(n: usize, singulier: &str, pluriel: &str) -> String {
    if n > 1 {
        format!("{n} {pluriel}")
    } else {
        format!("{n} {singulier}")
    }
}

/// Une date à remplir à la main si elle n'est pas encore connue (mentions de transmission et
/// de publication).
pub(crate) fn date_ou_blanc(d: Option<Date>) -> String {
    d.map_or_else(|| "....................".to_owned(), date_fr)
}

/// Un article d'arrêté : son numéro (« 1er », « 2 ») et ses alinéas.
pub(crate) struct Article {
    pub numero: String,
    pub alineas: Vec<String>,
}

/// Annexe d'un arrêté : un tableau sur une nouvelle page.
pub(crate) struct Annexe {
    pub titre: String,
    pub sous_titre: String,
    pub entetes: Vec<&'static str>,
    /// Largeurs relatives des colonnes (0 : ajustée au contenu).
    pub colonnes: Vec<u32>,
    pub lignes: Vec<Vec<String>>,
    pub note: Option<String>,
}

/// Un arrêté, prêt pour le modèle `arrete.typ`.
pub(crate) struct Arrete<'a> {
    pub titre: String,
    pub emetteur: &'a Emetteur,
    pub date: Date,
    pub numero: Option<String>,
    pub objet: String,
    pub visas: Vec<String>,
    pub considerants: Vec<String>,
    pub articles: Vec<Article>,
    pub mentions: Vec<String>,
    pub annexe: Option<Annexe>,
}

/// Modèle commun des arrêtés.
const MODELE_ARRETE: &str = include_str!("modeles/arrete.typ");

impl Arrete<'_> {
    pub(crate) fn composer(&self) -> Result<Vec<u8>, Erreur> {
        let articles = Valeur::Liste(
            self.articles
                .iter()
                .map(|a| {
                    dico([
                        ("numero", a.numero.as_str().into()),
                        ("alineas", textes(&a.alineas)),
                    ])
                })
                .collect(),
        );
        let annexe = match &self.annexe {
            None => Valeur::Rien,
            Some(x) => dico([
                ("titre", x.titre.as_str().into()),
                ("sous_titre", x.sous_titre.as_str().into()),
                ("entetes", textes(&x.entetes)),
                (
                    "colonnes",
                    Valeur::Liste(x.colonnes.iter().map(|&c| c.into()).collect()),
                ),
                (
                    "lignes",
                    Valeur::Liste(x.lignes.iter().map(|l| textes(l)).collect()),
                ),
                ("note", x.note.as_deref().into()),
            ]),
        };
        let d = dico([
            ("titre", self.titre.as_str().into()),
            ("emetteur", valeur_emetteur(self.emetteur)),
            ("date", date_fr(self.date).into()),
            ("numero", self.numero.as_deref().into()),
            ("objet", self.objet.as_str().into()),
            ("autorite", self.emetteur.autorite.as_str().into()),
            ("visas", textes(&self.visas)),
            ("considerants", textes(&self.considerants)),
            ("articles", articles),
            ("mentions", textes(&self.mentions)),
            ("annexe", annexe),
        ]);
        crate::moteur::composer_pdf(source(&d, MODELE_ARRETE))
    }
}

/// Une lettre, prête pour le modèle `lettre.typ`.
pub(crate) struct Lettre<'a> {
    pub titre: String,
    pub emetteur: &'a Emetteur,
    pub date: Date,
    pub destinataire: Vec<String>,
    pub objet: String,
    pub reference: Option<String>,
    /// « Madame, Monsieur, ».
    pub appel: String,
    pub paragraphes: Vec<String>,
    /// Motifs numérotés : (intitulé, message, texte appliqué).
    pub motifs: Vec<(String, String, String)>,
    pub suite: Vec<String>,
    pub recours: Option<String>,
}

const MODELE_LETTRE: &str = include_str!("modeles/lettre.typ");

impl Lettre<'_> {
    pub(crate) fn composer(&self) -> Result<Vec<u8>, Erreur> {
        let motifs = Valeur::Liste(
            self.motifs
                .iter()
                .map(|(t, m, r)| {
                    dico([
                        ("titre", t.as_str().into()),
                        ("message", m.as_str().into()),
                        ("reference", r.as_str().into()),
                    ])
                })
                .collect(),
        );
        let d = dico([
            ("titre", self.titre.as_str().into()),
            ("emetteur", valeur_emetteur(self.emetteur)),
            ("date", date_fr(self.date).into()),
            ("destinataire", textes(&self.destinataire)),
            ("objet", self.objet.as_str().into()),
            ("reference", self.reference.as_deref().into()),
            ("appel", self.appel.as_str().into()),
            ("paragraphes", textes(&self.paragraphes)),
            ("motifs", motifs),
            ("suite", textes(&self.suite)),
            ("recours", self.recours.as_deref().into()),
        ]);
        crate::moteur::composer_pdf(source(&d, MODELE_LETTRE))
    }
}

/// « de » élidé devant une voyelle : « d'attaché territorial », « de rédacteur ».
pub fn de(mot: &str) -> String {
    let mot = mot.trim();
    let voyelle = mot
        .chars()
        .next()
        .and_then(|c| c.to_lowercase().next())
        .is_some_and(|c| "aàâeéèêëiîïoôuûùyœæ".contains(c));
    if voyelle {
        format!("d'{mot}")
    } else {
        format!("de {mot}")
    }
}
