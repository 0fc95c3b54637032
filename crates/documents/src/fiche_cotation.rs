//! Fiche de cotation d'un dossier : une ligne par critère de la grille des lignes
//! directrices de gestion (libellé, ce qui a été constaté, points, plafond), le total, la
//! grille et sa version, le rang au classement et les clés de départage appliquées (contrat
//! v2, « LDG grid » et « Ranking » ; moteur `droit::ldg` et `droit::classement`).

use droit::ldg::{Cotation, GrilleLdg, nombre_fr};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::Erreur;
use crate::commun::de;
use crate::commun::{Emetteur, date_fr, exiger, source, valeur_emetteur, verifier_emetteur};
use crate::typ::{Valeur, dico, textes};

const MODELE: &str = include_str!("modeles/fiche.typ");

/// Une ligne de la fiche.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LigneFiche {
    /// Intitulé du critère.
    pub libelle: String,
    /// Ce qui a été trouvé dans le dossier et comment il a été compté.
    pub constat: String,
    /// Points, sans arrondi (affichés à deux décimales au plus).
    pub points: f64,
    /// Plafond de la ligne (`None` : ligne sans plafond).
    #[serde(default)]
    pub plafond: Option<f64>,
}

/// Les lignes d'une cotation du moteur, avec le plafond de chaque critère lu dans la grille.
pub fn lignes_depuis_cotation(cotation: &Cotation, grille: &GrilleLdg) -> Vec<LigneFiche> {
    cotation
        .lignes
        .iter()
        .map(|l| {
            let plafond = match l.critere.strip_prefix("groupe:") {
                Some(g) => grille.groupe(g).map(|x| x.max),
                None => grille.critere(&l.critere).and_then(|k| k.points_maximum()),
            };
            LigneFiche {
                libelle: l.libelle.clone(),
                constat: l.explication.clone(),
                points: l.points_exacts,
                plafond,
            }
        })
        .collect()
}

/// Données de la fiche.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FicheCotation {
    pub emetteur: Emetteur,
    /// Date d'édition.
    pub date: Date,
    pub annee: i32,
    /// Grade d'accès.
    pub grade: String,
    /// Voie : « au choix », « après examen professionnel ».
    #[serde(default)]
    pub voie: Option<String>,
    /// Référence du dossier (code anonyme pour la commission, identifiant sinon).
    pub dossier: String,
    /// Agent (« Marie Dupont ») ; `None` sur une fiche anonymisée.
    #[serde(default)]
    pub agent: Option<String>,
    /// Collectivité ; `None` sur une fiche anonymisée.
    #[serde(default)]
    pub collectivite: Option<String>,
    /// Intitulé de la grille.
    pub grille: String,
    /// Version de la grille appliquée.
    #[serde(default)]
    pub grille_version: Option<u32>,
    pub lignes: Vec<LigneFiche>,
    /// Rang au classement de la cible et de la voie (`None` : pas encore classé).
    #[serde(default)]
    pub rang: Option<u32>,
    /// Nombre de dossiers classés.
    #[serde(default)]
    pub classes: Option<u32>,
    /// Le rang n'est pas communiqué au destinataire (fiche remise à l'employeur : le
    /// classement est réservé au centre de gestion et à la commission).
    #[serde(default)]
    pub rang_reserve: bool,
    /// Clés de départage de la grille, dans leur ordre d'application (intitulés).
    #[serde(default)]
    pub cles_departage: Vec<String>,
    /// Ce qui a décidé du rang face à un dossier de même total : « départagé par :
    /// ancienneté dans la catégorie ».
    #[serde(default)]
    pub departage: Option<String>,
    /// Égalité parfaite après toutes les clés.
    #[serde(default)]
    pub ex_aequo: bool,
}

fn points(x: f64) -> String {
    nombre_fr(x)
}

/// Produit la fiche en PDF.
pub fn fiche_cotation(f: &FicheCotation) -> Result<Vec<u8>, Erreur> {
    verifier_emetteur(&f.emetteur)?;
    exiger("grade", &f.grade)?;
    exiger("dossier", &f.dossier)?;
    exiger("grille", &f.grille)?;
    if f.lignes.is_empty() {
        return Err(Erreur::Donnees("la cotation n'a aucune ligne".into()));
    }
    for (i, l) in f.lignes.iter().enumerate() {
        exiger(&format!("lignes[{i}].libelle"), &l.libelle)?;
        if !l.points.is_finite() {
            return Err(Erreur::Donnees(format!(
                "lignes[{i}].points n'est pas un nombre"
            )));
        }
    }
    // Total : somme des points exacts, arrondie pour l'affichage seulement (comme au
    // classement, qui compare les totaux exacts).
    let total: f64 = f.lignes.iter().map(|l| l.points).sum();
    let maximum: Option<f64> = f.lignes.iter().map(|l| l.plafond).sum();
    let grille = match f.grille_version {
        Some(v) => format!("{}, version {v}", f.grille.trim()),
        None => format!("{} (version inconnue)", f.grille.trim()),
    };
    let mut identite: Vec<Valeur> = vec![textes(&["Dossier", f.dossier.trim()])];
    match &f.agent {
        Some(a) => identite.push(textes(&["Agent", a.trim()])),
        None => identite.push(textes(&["Agent", "dossier anonymisé"])),
    }
    if let Some(c) = &f.collectivite {
        identite.push(textes(&["Collectivité", c.trim()]));
    }
    identite.push(textes(&[
        "Grade d'accès",
        &match &f.voie {
            Some(v) => format!("{} – {}", f.grade, v.trim()),
            None => f.grade.clone(),
        },
    ]));
    identite.push(textes(&["Grille", &grille]));
    identite.push(textes(&[
        "Appréciation",
        &format!("au 01/01/{} (année de la liste)", f.annee),
    ]));

    let mut classement = vec![match (f.rang, f.classes) {
        _ if f.rang_reserve => "Rang : non communiqué (le classement est réservé au centre de \
                                gestion et à la commission)."
            .to_owned(),
        (Some(r), Some(n)) => format!(
            "Rang : {r} sur {n} dossier{} classé{}.",
            if n > 1 { "s" } else { "" },
            if n > 1 { "s" } else { "" }
        ),
        (Some(r), None) => format!("Rang : {r}."),
        (None, _) => "Rang : inconnu (dossier non encore classé).".to_owned(),
    }];
    if f.cles_departage.is_empty() {
        classement.push("Clés de départage de la grille : aucune.".to_owned());
    } else {
        let cles: Vec<String> = f
            .cles_departage
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{}. {}", i + 1, c.trim()))
            .collect();
        classement.push(format!(
            "Clés de départage de la grille, dans l'ordre : {}.",
            cles.join(" ; ")
        ));
    }
    if let Some(dep) = &f.departage {
        classement.push(format!("Départage : {}.", dep.trim().trim_end_matches('.')));
    }
    if f.ex_aequo {
        classement.push(
            "Ex aequo : égalité parfaite avec au moins un autre dossier après toutes les clés \
             de départage ; aucun tirage au sort n'est fait."
                .to_owned(),
        );
    }

    let lignes = Valeur::Liste(
        f.lignes
            .iter()
            .map(|l| {
                dico([
                    ("libelle", l.libelle.as_str().into()),
                    ("constat", l.constat.as_str().into()),
                    ("points", points(l.points).into()),
                    (
                        "plafond",
                        l.plafond.map_or_else(|| "—".to_owned(), points).into(),
                    ),
                ])
            })
            .collect(),
    );
    let d = dico([
        (
            "titre",
            format!("Fiche de cotation – dossier {}", f.dossier.trim()).into(),
        ),
        ("emetteur", valeur_emetteur(&f.emetteur)),
        ("date", date_fr(f.date).into()),
        (
            "sous_titre",
            format!("Promotion interne {} – grade {}", f.annee, de(&f.grade)).into(),
        ),
        ("identite", Valeur::Liste(identite)),
        ("lignes", lignes),
        ("total", points(total).into()),
        (
            "maximum",
            maximum.map_or_else(|| "—".to_owned(), points).into(),
        ),
        ("classement", textes(&classement)),
    ]);
    crate::moteur::composer_pdf(source(&d, MODELE))
}
