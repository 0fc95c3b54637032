//! La déclaration de recensement déposée en fichier CSV (format décrit dans
//! `docs/format-import.md`, « Déclaration de recensement ») : une ligne par recrutement de
//! l'année précédant la liste et une ligne par effectif de cadre d'emplois au 31 décembre.
//!
//! ```text
//! nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi
//! recrutement;ingenieurs_territoriaux;concours;01/03/2026;arrêté n° 2026-014;;
//! effectif;Ingénieurs territoriaux;;;;12;1
//! ```
//!
//! Un classeur XLSX est accepté aussi : sa feuille « recensement » (à défaut la première),
//! avec les mêmes colonnes.
//!
//! Mêmes règles que l'import : UTF-8 (BOM facultatif) ou Windows-1252, séparateur `;` ou `,`,
//! tout ou rien ; une erreur nomme le fichier, la ligne telle que le tableur la numérote (l'en-
//! tête est la ligne 1) et la colonne. Le cadre d'emplois s'écrit par son code ou son libellé,
//! le mode de recrutement par son code ou son intitulé.

use campagne::declaration::{Declaration, EffectifDeclare, ModeRecrutement, Recrutement};
use droit::catalogue::Catalogue;
use store::tableur;

/// En-tête attendu.
pub const COLONNES: [&str; 7] = [
    "nature",
    "cadre_emplois",
    "mode",
    "date",
    "reference",
    "fonctionnaires",
    "cdi",
];

/// Modes de recrutement : code du contrat, intitulé.
pub const MODES: [(ModeRecrutement, &str, &str); 5] = [
    (ModeRecrutement::Concours, "concours", "lauréat de concours"),
    (ModeRecrutement::Mutation, "mutation", "mutation externe"),
    (ModeRecrutement::Detachement, "detachement", "détachement"),
    (
        ModeRecrutement::IntegrationDirecte,
        "integration_directe",
        "intégration directe",
    ),
    (
        ModeRecrutement::TravailleurHandicape,
        "travailleur_handicape",
        "titularisation d'un travailleur handicapé (CGFP art. L352-4)",
    ),
];

fn separateur(texte: &str) -> u8 {
    let entete = texte.lines().next().unwrap_or("");
    if entete.matches(';').count() >= entete.matches(',').count() {
        b';'
    } else {
        b','
    }
}

fn normaliser(texte: &str) -> String {
    texte.trim().to_lowercase().replace(['’', '\''], "'")
}

/// Code d'un cadre d'emplois écrit par son code ou son libellé.
fn cadre(valeur: &str) -> Option<String> {
    let cat = Catalogue::get();
    if cat.cadre(valeur.trim()).is_some() {
        return Some(valeur.trim().to_owned());
    }
    let voulu = normaliser(valeur);
    cat.cadres
        .iter()
        .find(|c| normaliser(&c.libelle) == voulu)
        .map(|c| c.code.clone())
}

/// Noms d'onglet attendus d'un classeur : la feuille ainsi nommée est lue, sinon la première.
const FEUILLES: &[&str] = &["recensement", "déclaration", "declaration de recensement"];

/// Lit le fichier d'une collectivité, CSV ou classeur XLSX (sa feuille « recensement », ou
/// à défaut la première, lue en CSV par `store::xlsx`, passe par la même analyse ; une date
/// peut y être un numéro de série) ; l'erreur est un message complet (fichier, feuille,
/// ligne, colonne).
pub fn lire(nom_fichier: &str, octets: &[u8]) -> Result<Declaration, String> {
    Ok(lire_lignes(nom_fichier, octets, false)?
        .into_iter()
        .next()
        .map(|x| x.declaration)
        .unwrap_or_default())
}

/// La déclaration d'une collectivité lue dans un fichier du centre de gestion.
#[derive(Debug, Clone, PartialEq)]
pub struct DeclarationLue {
    /// Code de la collectivité (colonne `code_collectivite`).
    pub collectivite: String,
    /// Première ligne du fichier qui la concerne (pour les messages).
    pub ligne: u64,
    pub declaration: Declaration,
}

/// Lit le fichier du centre de gestion qui porte les déclarations de plusieurs
/// collectivités : mêmes colonnes précédées de `code_collectivite`. Rend une déclaration
/// par collectivité, dans l'ordre de leur première ligne.
pub fn lire_toutes(nom_fichier: &str, octets: &[u8]) -> Result<Vec<DeclarationLue>, String> {
    lire_lignes(nom_fichier, octets, true)
}

/// Colonne de la collectivité dans le fichier du centre de gestion.
pub const COLONNE_COLLECTIVITE: &str = "code_collectivite";

fn lire_lignes(
    nom_fichier: &str,
    octets: &[u8],
    par_collectivite: bool,
) -> Result<Vec<DeclarationLue>, String> {
    let (texte, nom) = if store::xlsx::est_xlsx(octets) {
        let f = store::xlsx::feuille_attendue(octets, FEUILLES)
            .map_err(|m| format!("{nom_fichier} : {m}."))?;
        (f.csv.clone(), f.citer(nom_fichier))
    } else {
        (
            tableur::decoder(octets)
                .map_err(|d| format!("{nom_fichier}, ligne {} : {}", d.ligne, d.message))?,
            nom_fichier.to_owned(),
        )
    };
    let nom = nom.as_str();
    // Colonnes attendues : celles de la déclaration, précédées de la collectivité dans le
    // fichier du centre de gestion.
    let decalage = usize::from(par_collectivite);
    let colonnes: Vec<&str> = par_collectivite
        .then_some(COLONNE_COLLECTIVITE)
        .into_iter()
        .chain(COLONNES)
        .collect();
    let mut lecteur = csv::ReaderBuilder::new()
        .delimiter(separateur(&texte))
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(texte.as_bytes());
    // Par collectivité : la déclaration et les effectifs déjà lus (cadre, ligne).
    let mut lues: Vec<(DeclarationLue, Vec<(String, u64)>)> = Vec::new();
    for (i, enreg) in lecteur.records().enumerate() {
        let valeurs = enreg.map_err(|e| {
            format!(
                "{nom}, ligne {} : ligne CSV illisible (guillemets mal fermés ?).",
                e.position().map_or(0, |p| p.line())
            )
        })?;
        let ligne = valeurs.position().map_or(i as u64 + 1, |p| p.line());
        if i == 0 {
            let entete: Vec<String> = valeurs
                .iter()
                .map(|c| c.trim_matches('"').trim().to_lowercase())
                .collect();
            if !entete
                .iter()
                .map(String::as_str)
                .eq(colonnes.iter().copied())
            {
                return Err(format!(
                    "{nom}, ligne 1 : en-tête « {} » non reconnu ; attendu « {} » (voir docs/format-import.md).",
                    entete.join(";"),
                    colonnes.join(";")
                ));
            }
            continue;
        }
        if valeurs.iter().all(str::is_empty) {
            continue;
        }
        if valeurs.len() != colonnes.len() {
            return Err(format!(
                "{nom}, ligne {ligne} : la ligne compte {} colonnes alors que l'en-tête en annonce {}.",
                valeurs.len(),
                colonnes.len()
            ));
        }
        let v = |n: usize| valeurs.get(n + decalage).unwrap_or("");
        let erreur_colonne = |colonne: &str, message: String| {
            format!("{nom}, ligne {ligne}, colonne « {colonne} » : {message}")
        };
        let erreur = |n: usize, message: String| erreur_colonne(COLONNES[n], message);
        for (n, valeur) in valeurs.iter().enumerate() {
            if let Some(defaut) = tableur::defaut_valeur(valeur) {
                return Err(erreur_colonne(colonnes[n], defaut));
            }
        }
        let code = if par_collectivite {
            let c = valeurs.get(0).unwrap_or("");
            if c.is_empty() {
                return Err(erreur_colonne(
                    COLONNE_COLLECTIVITE,
                    "le code de la collectivité est obligatoire.".into(),
                ));
            }
            c.to_owned()
        } else {
            String::new()
        };
        let rang = match lues.iter().position(|(x, _)| x.collectivite == code) {
            Some(r) => r,
            None => {
                lues.push((
                    DeclarationLue {
                        collectivite: code,
                        ligne,
                        declaration: Declaration::default(),
                    },
                    Vec::new(),
                ));
                lues.len() - 1
            }
        };
        let (lue, effectifs_lus) = &mut lues[rang];
        let d = &mut lue.declaration;
        let code_cadre = cadre(v(1)).ok_or_else(|| {
            erreur(
                1,
                format!(
                    "« {} » n'est ni un code ni un libellé de cadre d'emplois du catalogue (voir docs/codes.md).",
                    v(1)
                ),
            )
        })?;
        let nombre = |n: usize| -> Result<u32, String> {
            if v(n).is_empty() {
                return Ok(0);
            }
            v(n).parse::<u32>().map_err(|_| {
                erreur(
                    n,
                    format!("« {} » n'est pas un nombre entier positif.", v(n)),
                )
            })
        };
        match normaliser(v(0)).as_str() {
            "recrutement" => {
                let voulu = normaliser(v(2));
                let mode = MODES
                    .iter()
                    .find(|(_, c, l)| *c == voulu || normaliser(l) == voulu)
                    .map(|(m, _, _)| *m)
                    .ok_or_else(|| {
                        erreur(
                            2,
                            format!(
                                "« {} » n'est pas un mode de recrutement ; modes admis : {}.",
                                v(2),
                                MODES
                                    .iter()
                                    .map(|(_, c, _)| *c)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        )
                    })?;
                let date = tableur::lire_date(v(3)).map_err(|m| erreur(3, m))?;
                if v(4).is_empty() {
                    return Err(erreur(
                        4,
                        "la référence de l'arrêté de recrutement est obligatoire.".into(),
                    ));
                }
                d.recrutements.push(Recrutement {
                    cadre_emplois: code_cadre,
                    mode,
                    date,
                    reference: v(4).to_owned(),
                });
            }
            "effectif" => {
                if let Some((_, l)) = effectifs_lus.iter().find(|(c, _)| *c == code_cadre) {
                    return Err(erreur(
                        1,
                        format!("l'effectif de ce cadre d'emplois est déjà déclaré ligne {l}."),
                    ));
                }
                effectifs_lus.push((code_cadre.clone(), ligne));
                d.effectifs.push(EffectifDeclare {
                    cadre_emplois: code_cadre,
                    fonctionnaires_activite_detachement: nombre(5)?,
                    cdi: nombre(6)?,
                });
            }
            _ => {
                return Err(erreur(
                    0,
                    format!("« {} » : écrivez « recrutement » ou « effectif ».", v(0)),
                ));
            }
        }
    }
    Ok(lues.into_iter().map(|(x, _)| x).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recrutements_et_effectifs_par_code_ou_libelle() {
        let texte = "\u{feff}nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n\
                     recrutement;ingenieurs_territoriaux;concours;01/03/2026;arrêté n° 2026-014;;\n\
                     \n\
                     effectif;Ingénieurs territoriaux;;;;12;1\n";
        let d = lire("declaration.csv", texte.as_bytes()).unwrap();
        assert_eq!(d.recrutements.len(), 1);
        assert_eq!(d.recrutements[0].mode, ModeRecrutement::Concours);
        assert_eq!(d.recrutements[0].date, jiff::civil::date(2026, 3, 1));
        assert_eq!(d.effectifs[0].cadre_emplois, "ingenieurs_territoriaux");
        assert_eq!(d.effectifs[0].fonctionnaires_activite_detachement, 12);
        assert_eq!(d.effectifs[0].cdi, 1);
    }

    #[test]
    fn erreur_avec_fichier_ligne_et_colonne() {
        // Ligne 3 du tableur (l'en-tête est la ligne 1).
        let texte = "nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n\
                     effectif;ingenieurs_territoriaux;;;;12;\n\
                     recrutement;ingenieurs_territoriaux;concours;31/02/2026;arrêté 1;;\n";
        let e = lire("recensement.csv", texte.as_bytes()).unwrap_err();
        assert!(
            e.starts_with("recensement.csv, ligne 3, colonne « date » :"),
            "{e}"
        );
        let texte = "nature;cadre_emplois;mode;date;reference;fonctionnaires;cdi\n\
                     effectif;ingenieurs_territoriaux;;;;12;\n\
                     effectif;ingenieurs_territoriaux;;;;3;\n";
        let e = lire("recensement.csv", texte.as_bytes()).unwrap_err();
        assert!(e.contains("ligne 3, colonne « cadre_emplois »"), "{e}");
        assert!(e.contains("déjà déclaré ligne 2"), "{e}");
        let e = lire("r.csv", b"a;b\n").unwrap_err();
        assert!(e.starts_with("r.csv, ligne 1 : en-tête"), "{e}");
    }
}
