//! Ce que la grille attend d'un dossier : les pièces (avec les lignes qui en dépendent) et
//! les faits à renseigner, pour la liste de contrôle de l'employeur.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use droit::catalogue::Catalogue;
use droit::eligibilite::Voie;
use droit::ldg::{GrilleLdg, ModeCritere};
use droit::piece::TypePiece;

/// Une pièce attendue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PieceAttendue {
    #[serde(rename = "type")]
    pub type_piece: TypePiece,
    pub libelle: String,
    /// Sans elle, le dossier est irrecevable (attestations de formation du CNFPT).
    pub obligatoire: bool,
    /// Intitulés des lignes de la grille qui valent 0 sans elle.
    pub lignes: Vec<String>,
    pub presente: bool,
}

/// Les pièces attendues pour une cible et une voie : l'attestation de formation du CNFPT
/// (recevabilité, décret n° 2008-512 art. 16), puis celles des lignes de la grille qui
/// s'appliquent, dans l'ordre du contrat.
pub fn pieces_attendues(
    grille: &GrilleLdg,
    cible: &str,
    voie: Voie,
    presentes: &[TypePiece],
) -> Vec<PieceAttendue> {
    let categorie = Catalogue::get().grade(cible).map(|g| g.categorie());
    let mut par_type: BTreeMap<TypePiece, Vec<String>> = BTreeMap::new();
    par_type.insert(TypePiece::AttestationFormationCnfpt, Vec::new());
    for k in grille
        .criteres
        .iter()
        .filter(|k| k.s_applique(cible, voie, categorie))
    {
        if let Some(p) = k.piece {
            par_type.entry(p).or_default().push(k.libelle.clone());
        }
    }
    par_type
        .into_iter()
        .map(|(t, lignes)| PieceAttendue {
            type_piece: t,
            libelle: t.libelle().to_owned(),
            obligatoire: t == TypePiece::AttestationFormationCnfpt,
            lignes,
            presente: presentes.contains(&t),
        })
        .collect()
}

/// Un fait du dossier lu par la grille.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FaitAttendu {
    /// Clé du dossier.
    pub champ: String,
    /// Nature attendue : `valeur` (une des `valeurs`), `liste` (de `valeurs`), `nombre`,
    /// `oui_non`.
    pub nature: String,
    /// Valeurs admises (modes `choix`, `somme`).
    pub valeurs: Vec<String>,
    /// Intitulés des lignes qui le lisent.
    pub lignes: Vec<String>,
    /// Ce que l'employeur doit renseigner, d'après la grille.
    pub descriptions: Vec<String>,
}

/// Les faits que la grille lit dans le dossier pour une cible et une voie (les lignes
/// d'ancienneté et de rang n'en lisent pas : elles viennent de la carrière et de la
/// proposition).
pub fn faits_attendus(grille: &GrilleLdg, cible: &str, voie: Voie) -> Vec<FaitAttendu> {
    let categorie = Catalogue::get().grade(cible).map(|g| g.categorie());
    let mut faits: Vec<FaitAttendu> = Vec::new();
    for k in grille
        .criteres
        .iter()
        .filter(|k| k.s_applique(cible, voie, categorie))
    {
        let Some(champ) = &k.champ else { continue };
        let nature = match k.mode {
            ModeCritere::Choix => "valeur",
            ModeCritere::Somme => "liste",
            ModeCritere::ParUnite | ModeCritere::Tranches => "nombre",
            ModeCritere::OuiNon => "oui_non",
            ModeCritere::RangAutorite | ModeCritere::Anciennete => continue,
        };
        let valeurs: Vec<String> = k
            .valeurs
            .as_ref()
            .map(|v| v.keys().cloned().collect())
            .unwrap_or_default();
        match faits.iter_mut().find(|f| &f.champ == champ) {
            Some(f) => {
                f.lignes.push(k.libelle.clone());
                for v in valeurs {
                    if !f.valeurs.contains(&v) {
                        f.valeurs.push(v);
                    }
                }
                f.descriptions.extend(k.description.clone());
            }
            None => faits.push(FaitAttendu {
                champ: champ.clone(),
                nature: nature.to_owned(),
                valeurs,
                lignes: vec![k.libelle.clone()],
                descriptions: k.description.iter().cloned().collect(),
            }),
        }
    }
    faits
}
