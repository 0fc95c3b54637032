//! Import des listes d'aptitude antérieures (fichier CSV de tableur, ou feuille
//! « inscriptions » d'un classeur XLSX, à défaut sa première feuille) dans le registre des inscriptions : une ligne par inscription ou par
//! évènement, tout ou rien.
//!
//! En-tête (`;` ou `,`, UTF-8 avec ou sans BOM, ou Windows-1252 : mêmes règles que
//! docs/format-import.md) :
//!
//! `nom;prenom;date_naissance;matricule;collectivite;centre_gestion;cible;annee;inscription;evenement;date_evenement;precision`
//!
//! Les lignes d'une même inscription (mêmes nom, prénom, grade, date d'inscription et centre
//! de gestion) se regroupent : une ligne sans `evenement` décrit l'inscription seule ; une
//! ligne avec `evenement` (`demande_maintien`, `suspension`, `fin_suspension`, `offre`,
//! `reponse_offre`, `nomination`) y ajoute un évènement daté ; `precision` porte le motif
//! d'une suspension, la réponse à une offre (`acceptee`, `refusee`) ou l'emploi d'une
//! nomination. Chaque inscription passe par la commande `liste-aptitude` du moteur avant
//! toute écriture : une suite d'évènements incohérente fait refuser le fichier, avec sa
//! ligne.

use std::collections::BTreeMap;

use droit::liste_aptitude::{MotifSuspension, ReponseOffre};
use jiff::civil::Date;
use serde_json::{Value, json};

use crate::import::ErreurImport;
use crate::inscriptions::{
    EvenementInscription, NouvelleInscription, SourceInscription, TypeEvenement, etat,
};
use crate::tableur;

/// Colonnes attendues, dans l'ordre.
pub const COLONNES: [&str; 12] = [
    "nom",
    "prenom",
    "date_naissance",
    "matricule",
    "collectivite",
    "centre_gestion",
    "cible",
    "annee",
    "inscription",
    "evenement",
    "date_evenement",
    "precision",
];

/// Un évènement importé, avec la ligne du fichier où il figure.
#[derive(Debug, Clone, PartialEq)]
pub struct EvenementImporte {
    pub ligne: u64,
    pub type_evenement: TypeEvenement,
    pub date: Date,
    pub detail: Value,
}

/// Une inscription importée, ses évènements et la première ligne où elle figure.
#[derive(Debug, Clone, PartialEq)]
pub struct InscriptionImportee {
    pub ligne: u64,
    pub inscription: NouvelleInscription,
    pub evenements: Vec<EvenementImporte>,
}

fn separateur(texte: &str) -> u8 {
    // En-tête : première ligne non vide (une feuille de classeur peut commencer plus bas).
    let entete = texte.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if entete.contains(';') { b';' } else { b',' }
}

/// Lit le fichier et contrôle chaque inscription avec le moteur, à la date donnée.
pub fn analyser(
    fichier: &str,
    octets: &[u8],
    aujourd_hui: Date,
) -> Result<Vec<InscriptionImportee>, ErreurImport> {
    // Un classeur XLSX : sa feuille « inscriptions » (à défaut la première), lue en CSV
    // ([`crate::xlsx`]) ; les erreurs nomment alors la feuille.
    let (cite, texte) = if crate::xlsx::est_xlsx(octets) {
        let f = crate::xlsx::feuille_attendue(octets, &["inscriptions", "listes d'aptitude"])
            .map_err(|m| ErreurImport {
                fichier: fichier.to_owned(),
                ligne: 1,
                colonne: None,
                message: m,
            })?;
        (f.citer(fichier), f.csv)
    } else {
        let texte = tableur::decoder(octets).map_err(|d| ErreurImport {
            fichier: fichier.to_owned(),
            ligne: d.ligne,
            colonne: None,
            message: d.message,
        })?;
        (fichier.to_owned(), texte)
    };
    let erreur = |ligne: u64, colonne: Option<usize>, message: String| ErreurImport {
        fichier: cite.clone(),
        ligne,
        colonne: colonne.map(|c| (c + 1, COLONNES[c].to_owned())),
        message,
    };
    let mut lecteur = csv::ReaderBuilder::new()
        .delimiter(separateur(&texte))
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(texte.as_bytes());
    let entete: Vec<String> = lecteur
        .headers()
        .map_err(|_| erreur(1, None, "en-tête illisible".into()))?
        .iter()
        .map(|c| c.trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    if entete != COLONNES {
        return Err(erreur(
            1,
            None,
            format!(
                "en-tête non reconnu « {} » ; en-tête attendu : « {} » (voir docs/inscriptions.md)",
                entete.join(";"),
                COLONNES.join(";")
            ),
        ));
    }
    let mut groupes: BTreeMap<(String, String, String, Date, String), usize> = BTreeMap::new();
    let mut sortie: Vec<InscriptionImportee> = Vec::new();
    for enreg in lecteur.records() {
        let valeurs = enreg.map_err(|e| {
            erreur(
                e.position().map_or(0, |p| p.line()),
                None,
                "ligne CSV illisible (guillemets mal fermés ?)".into(),
            )
        })?;
        // Ligne telle que le tableur la montre : comptée sur les octets (le lecteur CSV
        // compte mal les fins de ligne CRLF des fichiers enregistrés sous Windows).
        let n = valeurs.position().map_or(0, |p| {
            let octets = texte.as_bytes();
            let mut debut = usize::try_from(p.byte())
                .unwrap_or(usize::MAX)
                .min(octets.len());
            // Après un CR, la position donnée précède encore le LF de la fin de ligne.
            while debut < octets.len() && matches!(octets[debut], b'\r' | b'\n') {
                debut += 1;
            }
            octets[..debut].iter().filter(|&&o| o == b'\n').count() as u64 + 1
        });
        if valeurs.len() != COLONNES.len() {
            return Err(erreur(
                n,
                None,
                format!(
                    "la ligne compte {} colonnes alors que l'en-tête en annonce {}",
                    valeurs.len(),
                    COLONNES.len()
                ),
            ));
        }
        for (c, v) in valeurs.iter().enumerate() {
            if let Some(d) = tableur::defaut_valeur(v) {
                return Err(erreur(n, Some(c), d));
            }
        }
        let v =
            |c: usize| -> Option<String> { Some(valeurs[c].to_owned()).filter(|x| !x.is_empty()) };
        let requis = |c: usize| -> Result<String, ErreurImport> {
            v(c).ok_or_else(|| erreur(n, Some(c), "valeur obligatoire absente".into()))
        };
        let date = |c: usize| -> Result<Option<Date>, ErreurImport> {
            v(c).map(|x| tableur::lire_date(&x).map_err(|m| erreur(n, Some(c), m)))
                .transpose()
        };
        let nom = requis(0)?;
        let prenom = requis(1)?;
        let cible = requis(6)?;
        if droit::catalogue::Catalogue::get().grade(&cible).is_none() {
            return Err(erreur(
                n,
                Some(6),
                format!("le grade « {cible} » est inconnu du catalogue (voir docs/codes.md)"),
            ));
        }
        let annee_texte = requis(7)?;
        let annee: i32 = annee_texte
            .parse()
            .ok()
            .filter(|a| (1990..=2100).contains(a))
            .ok_or_else(|| {
                erreur(
                    n,
                    Some(7),
                    format!("« {annee_texte} » : attendu une année (1990 à 2100)"),
                )
            })?;
        let inscription =
            date(8)?.ok_or_else(|| erreur(n, Some(8), "valeur obligatoire absente".into()))?;
        let centre = v(5).unwrap_or_default();
        let cle = (
            nom.clone(),
            prenom.clone(),
            cible.clone(),
            inscription,
            centre.clone(),
        );
        let rang = match groupes.get(&cle) {
            Some(&r) => r,
            None => {
                sortie.push(InscriptionImportee {
                    ligne: n,
                    inscription: NouvelleInscription {
                        matricule: v(3),
                        nom,
                        prenom,
                        date_naissance: date(2)?,
                        collectivite: v(4),
                        centre_gestion: v(5),
                        cible,
                        annee,
                        inscription,
                        liste_id: None,
                        source: SourceInscription::Import,
                    },
                    evenements: Vec::new(),
                });
                groupes.insert(cle, sortie.len() - 1);
                sortie.len() - 1
            }
        };
        let Some(sorte) = v(9) else {
            continue;
        };
        let type_evenement: TypeEvenement = serde_json::from_value(Value::String(sorte.clone()))
            .ok()
            .filter(|t| *t != TypeEvenement::ConfirmationNomination)
            .ok_or_else(|| {
                erreur(
                    n,
                    Some(9),
                    format!(
                        "évènement « {sorte} » inconnu (admis : demande_maintien, suspension, \
                             fin_suspension, offre, reponse_offre, nomination)"
                    ),
                )
            })?;
        let date_evenement =
            date(10)?.ok_or_else(|| erreur(n, Some(10), "valeur obligatoire absente".into()))?;
        let precision = v(11);
        let detail = match type_evenement {
            TypeEvenement::Suspension | TypeEvenement::FinSuspension => {
                match (&precision, type_evenement) {
                    (None, TypeEvenement::FinSuspension) => json!({}),
                    (None, _) => {
                        return Err(erreur(
                            n,
                            Some(11),
                            "le motif de la suspension est obligatoire (codes de docs/codes.md)"
                                .into(),
                        ));
                    }
                    (Some(p), _) => {
                        let m: MotifSuspension = serde_json::from_value(Value::String(p.clone()))
                            .map_err(|_| {
                            erreur(
                                n,
                                Some(11),
                                format!(
                                    "motif de suspension « {p} » inconnu (codes de docs/codes.md)"
                                ),
                            )
                        })?;
                        json!({"motif": m})
                    }
                }
            }
            TypeEvenement::ReponseOffre => {
                let p = precision.unwrap_or_default();
                let r: ReponseOffre =
                    serde_json::from_value(Value::String(p.clone())).map_err(|_| {
                        erreur(
                            n,
                            Some(11),
                            format!("réponse « {p} » : attendu « acceptee » ou « refusee »"),
                        )
                    })?;
                json!({"reponse": r})
            }
            TypeEvenement::Nomination => json!({"emploi": precision, "importee": true}),
            _ => json!({}),
        };
        sortie[rang].evenements.push(EvenementImporte {
            ligne: n,
            type_evenement,
            date: date_evenement,
            detail,
        });
    }
    if sortie.is_empty() {
        return Err(erreur(
            1,
            None,
            "le fichier ne contient aucune inscription".into(),
        ));
    }
    // Contrôle par le moteur, inscription par inscription, évènements dans l'ordre des dates.
    for i in &mut sortie {
        i.evenements.sort_by_key(|e| (e.date, e.ligne));
        let mut evenements: Vec<EvenementInscription> = Vec::new();
        for e in &i.evenements {
            if e.date < i.inscription.inscription {
                return Err(erreur(
                    e.ligne,
                    Some(10),
                    "la date de l'évènement précède l'inscription".into(),
                ));
            }
            if e.date > aujourd_hui && e.type_evenement != TypeEvenement::FinSuspension {
                return Err(erreur(
                    e.ligne,
                    Some(10),
                    "la date de l'évènement est postérieure à aujourd'hui".into(),
                ));
            }
            evenements.push(EvenementInscription {
                id: e.ligne as i64,
                type_evenement: e.type_evenement,
                date: e.date,
                detail: e.detail.clone(),
                enregistre_le: String::new(),
                enregistre_par: String::new(),
            });
            etat(i.inscription.inscription, &evenements, aujourd_hui)
                .map_err(|x| erreur(e.ligne, Some(9), x.message_public()))?;
        }
    }
    Ok(sortie)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numero_de_ligne_du_tableur() {
        for fin in ["\n", "\r\n"] {
            let texte = format!(
                "{}{fin}Durand;Anne;;;;;redacteur;2023;01/03/2023;;;{fin}\
                 Durand;Anne;;;;;redacteur;2023;01/03/2023;offre;31/09/2023;{fin}",
                COLONNES.join(";")
            );
            let e = analyser("f.csv", texte.as_bytes(), jiff::civil::date(2025, 1, 1)).unwrap_err();
            assert_eq!(
                (e.ligne, e.colonne.clone().map(|c| c.0)),
                (3, Some(11)),
                "{fin:?} : {e}"
            );
        }
    }
}
