//! Classement des dossiers recevables d'une cible et d'une voie, et départage des égalités
//! selon les lignes directrices de gestion.
//!
//! Les dossiers sont rangés par total de la cotation, comparé sans l'arrondi d'affichage,
//! puis, à total égal, par les clés de départage de la grille dans leur ordre (pratiques
//! observées : ancienneté, échelon, âge…). Une clé ne départage un groupe que si elle est
//! connue pour chacun de ses membres : une donnée manquante n'est jamais remplacée par une
//! supposition, la clé est alors sautée pour ce groupe et la ligne le dit. Des dossiers encore
//! égaux après toutes les clés sont déclarés ex aequo ; aucun tirage au sort n'est fait.
//!
//! Les inscrits sont les mieux classés dans la limite des postes ouverts : la retenue et la
//! publication par ordre alphabétique sont celles de l'établissement de la liste
//! ([`crate::liste_aptitude::etablir_liste`], jamais plus d'inscrits que de postes, CGFP
//! L.523-1). Un ex aequo à cheval sur le dernier poste bloque l'établissement jusqu'à un
//! ordre manuel justifié ([`departager_manuellement`]).

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::carriere::Agent;
use crate::date::jour;
use crate::erreur::ErreurEntree;
use crate::ldg::{
    CleDepartage, Cotation, GrilleLdg, SourceAnciennete, anciennete, arrondi_affichage,
};
use crate::liste_aptitude::{CandidatListe, ReponseEtablissementListe, etablir_liste};

/// Les faits propres à un dossier sur lesquels portent les clés de départage (`None` :
/// inconnu).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FaitsDepartage {
    /// Jours de services effectifs de fonctionnaire dans la catégorie actuelle.
    pub anciennete_categorie: Option<f64>,
    /// Jours de services publics.
    pub anciennete_fonction_publique: Option<f64>,
    /// Jours de services effectifs dans le grade actuel.
    pub anciennete_grade: Option<f64>,
    /// Rang donné par l'autorité territoriale.
    pub rang_autorite: Option<u32>,
    pub date_naissance: Option<Date>,
}

impl FaitsDepartage {
    /// Les faits calculés sur la carrière enregistrée, au 1er janvier de `annee` (mêmes
    /// décomptes que les lignes d'ancienneté de la grille).
    pub fn depuis_carriere(agent: &Agent, annee: i32, rang_autorite: Option<u32>) -> Self {
        FaitsDepartage {
            anciennete_categorie: anciennete(agent, SourceAnciennete::Categorie, annee).jours,
            anciennete_fonction_publique: anciennete(
                agent,
                SourceAnciennete::FonctionPublique,
                annee,
            )
            .jours,
            anciennete_grade: anciennete(agent, SourceAnciennete::Grade, annee).jours,
            rang_autorite,
            date_naissance: agent.date_naissance,
        }
    }
}

/// Un dossier à classer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CandidatClassement {
    /// Identifiant du dossier (de la proposition).
    pub id: String,
    /// Total exact de la cotation.
    pub total: f64,
    /// Points exacts de chaque critère (clés `critere:<code>`).
    #[serde(default)]
    pub points_criteres: BTreeMap<String, f64>,
    #[serde(default)]
    pub faits: FaitsDepartage,
}

impl CandidatClassement {
    /// Le candidat d'une cotation.
    pub fn depuis_cotation(
        id: impl Into<String>,
        cotation: &Cotation,
        faits: FaitsDepartage,
    ) -> Self {
        CandidatClassement {
            id: id.into(),
            total: cotation.total_exact,
            points_criteres: cotation
                .lignes
                .iter()
                .map(|l| (l.critere.clone(), l.points_exacts))
                .collect(),
            faits,
        }
    }
}

/// Ce qui a séparé deux dossiers voisins de même total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Departage {
    /// Code de la clé (`anciennete_categorie`, `critere:diplome`), ou `manuel`.
    pub cle: String,
    /// Intitulé en français.
    pub libelle: String,
    /// Clés sautées avant celle-ci faute de donnée, en français.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cles_non_appliquees: Vec<String>,
}

/// Une ligne du classement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LigneClassement {
    /// Rang (les ex aequo partagent le même rang ; le suivant saute d'autant).
    pub rang: u32,
    pub id: String,
    /// Total arrondi à deux décimales (affichage).
    pub total: f64,
    pub total_exact: f64,
    /// « départagé par : ancienneté dans la catégorie » quand le rang a été décidé par une
    /// clé de départage face à un voisin de même total.
    pub departage: Option<String>,
    /// Clé qui place ce dossier devant le suivant (même total).
    pub departage_suivant: Option<Departage>,
    /// Clé qui place le précédent devant ce dossier (même total).
    pub departage_precedent: Option<Departage>,
    /// Égal à au moins un autre dossier après toutes les clés.
    pub ex_aequo: bool,
    /// Retenu dans la limite des postes.
    pub retenu: bool,
    /// Ex aequo à cheval sur le dernier poste : ordre manuel justifié nécessaire.
    pub a_departager: bool,
}

/// Le classement d'une cible et d'une voie.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Classement {
    /// Postes ouverts (`null` : sans quota).
    pub postes: Option<u32>,
    /// Clés de départage appliquées, dans l'ordre (codes du contrat).
    pub cles: Vec<String>,
    pub lignes: Vec<LigneClassement>,
    /// Dossiers ex aequo à cheval sur le dernier poste : la liste ne peut être établie sans
    /// un ordre manuel justifié.
    pub egalite_a_la_limite: Vec<String>,
    /// Postes laissés en attente de ce départage.
    pub postes_en_attente: u32,
    /// Ordre manuel appliqué, avec sa justification.
    pub departage_manuel: Option<DepartageManuel>,
    pub explication: String,
}

/// Ordre donné à la main pour des ex aequo à la limite des postes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DepartageManuel {
    pub ordre: Vec<String>,
    pub justification: String,
}

/// Comparaison au millionième : deux totaux égaux que l'arithmétique flottante écrirait
/// différemment (0,1 + 0,2 et 0,3) restent égaux ; la relation reste une équivalence.
fn quantifier(x: f64) -> i64 {
    (x * 1e6).round() as i64
}

/// Valeur d'une clé pour un candidat, ordonnée « le plus grand d'abord » ; `None` : inconnue.
fn valeur_cle(cle: &CleDepartage, c: &CandidatClassement) -> Option<i64> {
    let f = &c.faits;
    match cle {
        CleDepartage::AncienneteCategorie => f.anciennete_categorie.map(quantifier),
        CleDepartage::AncienneteFonctionPublique => f.anciennete_fonction_publique.map(quantifier),
        CleDepartage::AncienneteGrade => f.anciennete_grade.map(quantifier),
        // Le plus petit rang d'abord.
        CleDepartage::RangAutorite => f.rang_autorite.map(|r| -i64::from(r)),
        // Le plus âgé d'abord : la date de naissance la plus ancienne.
        CleDepartage::Age => f.date_naissance.map(|d| -i64::from(jour(d))),
        CleDepartage::Critere(code) => Some(quantifier(
            c.points_criteres.get(code).copied().unwrap_or(0.0),
        )),
    }
}

fn raison_inconnue(cle: &CleDepartage, libelle: &str) -> String {
    let donnee = match cle {
        CleDepartage::AncienneteCategorie
        | CleDepartage::AncienneteFonctionPublique
        | CleDepartage::AncienneteGrade => "carrière incomplète",
        CleDepartage::RangAutorite => "rang inconnu",
        CleDepartage::Age => "date de naissance inconnue",
        CleDepartage::Critere(_) => "points inconnus",
    };
    format!("{libelle} non appliquée ({donnee} pour l'un des dossiers)")
}

/// Un groupe de dossiers égaux, et ce qui le sépare du groupe suivant.
struct Groupe {
    membres: Vec<usize>,
    /// Séparation d'avec le groupe suivant (`None` : par le total, ou dernier groupe).
    vers_suivant: Option<Departage>,
}

fn raffiner(
    cands: &[CandidatClassement],
    membres: Vec<usize>,
    cles: &[(CleDepartage, String)],
    mut sautees: Vec<String>,
    sortie: &mut Vec<Groupe>,
) {
    if membres.len() <= 1 || cles.is_empty() {
        sortie.push(Groupe {
            membres,
            vers_suivant: None,
        });
        return;
    }
    let (cle, libelle) = &cles[0];
    let valeurs: Option<Vec<i64>> = membres
        .iter()
        .map(|&i| valeur_cle(cle, &cands[i]))
        .collect();
    let Some(valeurs) = valeurs else {
        sautees.push(raison_inconnue(cle, libelle));
        raffiner(cands, membres, &cles[1..], sautees, sortie);
        return;
    };
    let mut paires: Vec<(i64, usize)> = valeurs.into_iter().zip(membres).collect();
    paires.sort_by_key(|p| std::cmp::Reverse(p.0));
    let mut debut = 0;
    while debut < paires.len() {
        let mut fin = debut;
        while fin < paires.len() && paires[fin].0 == paires[debut].0 {
            fin += 1;
        }
        let sous: Vec<usize> = paires[debut..fin].iter().map(|p| p.1).collect();
        raffiner(cands, sous, &cles[1..], sautees.clone(), sortie);
        if fin < paires.len()
            && let Some(dernier) = sortie.last_mut()
        {
            dernier.vers_suivant = Some(Departage {
                cle: cle.code().into_owned(),
                libelle: libelle.clone(),
                cles_non_appliquees: sautees.clone(),
            });
        }
        debut = fin;
    }
}

/// Classe les dossiers d'une cible et d'une voie : total exact décroissant, puis clés de
/// départage dans l'ordre ; retenue dans la limite de `postes` (`None` : sans quota).
/// Le résultat ne dépend pas de l'ordre des candidats donnés.
pub fn classer(
    grille: &GrilleLdg,
    candidats: &[CandidatClassement],
    postes: Option<u32>,
) -> Classement {
    let cles: Vec<(CleDepartage, String)> = grille
        .departage
        .iter()
        .map(|c| (c.clone(), c.libelle(Some(grille))))
        .collect();
    // Ordre de départ indépendant de l'entrée : total décroissant, puis identifiant.
    let mut ordre: Vec<usize> = (0..candidats.len()).collect();
    ordre.sort_by(|&a, &b| {
        quantifier(candidats[b].total)
            .cmp(&quantifier(candidats[a].total))
            .then_with(|| candidats[a].id.cmp(&candidats[b].id))
    });
    let mut groupes: Vec<Groupe> = Vec::new();
    let mut i = 0;
    while i < ordre.len() {
        let q = quantifier(candidats[ordre[i]].total);
        let mut j = i;
        while j < ordre.len() && quantifier(candidats[ordre[j]].total) == q {
            j += 1;
        }
        raffiner(
            candidats,
            ordre[i..j].to_vec(),
            &cles,
            Vec::new(),
            &mut groupes,
        );
        i = j;
    }
    for g in &mut groupes {
        g.membres
            .sort_by(|&a, &b| candidats[a].id.cmp(&candidats[b].id));
    }
    construire(candidats, &groupes, postes, &cles, None)
}

fn construire(
    candidats: &[CandidatClassement],
    groupes: &[Groupe],
    postes: Option<u32>,
    cles: &[(CleDepartage, String)],
    manuel: Option<DepartageManuel>,
) -> Classement {
    // Retenue et détection de l'égalité à la limite : celles de l'établissement de la liste,
    // avec un score par groupe (le premier groupe a le plus grand).
    let n = groupes.len();
    let liste: Vec<CandidatListe> = groupes
        .iter()
        .enumerate()
        .flat_map(|(gi, g)| {
            g.membres.iter().map(move |&m| CandidatListe {
                id: candidats[m].id.clone(),
                nom: candidats[m].id.clone(),
                prenom: None,
                score: (n - gi) as f64,
            })
        })
        .collect();
    let etab = etablir_liste(postes, &liste);
    let retenue: HashMap<&str, Option<bool>> = etab
        .classement
        .iter()
        .map(|c| (c.id.as_str(), c.retenu))
        .collect();
    let mut lignes = Vec::with_capacity(candidats.len());
    let mut avant = 0u32;
    for (gi, g) in groupes.iter().enumerate() {
        let precedent = if gi > 0 {
            groupes[gi - 1].vers_suivant.clone()
        } else {
            None
        };
        for &m in &g.membres {
            let c = &candidats[m];
            let r = retenue.get(c.id.as_str()).copied().flatten();
            let departage = g
                .vers_suivant
                .as_ref()
                .or(precedent.as_ref())
                .map(|d| format!("départagé par : {}", d.libelle));
            lignes.push(LigneClassement {
                rang: avant + 1,
                id: c.id.clone(),
                total: arrondi_affichage(c.total),
                total_exact: c.total,
                departage,
                departage_suivant: g.vers_suivant.clone(),
                departage_precedent: precedent.clone(),
                ex_aequo: g.membres.len() > 1,
                retenu: r == Some(true),
                a_departager: r.is_none(),
            });
        }
        avant += g.membres.len() as u32;
    }
    let egalite = etab.departage_requis.clone();
    let retenus = lignes.iter().filter(|l| l.retenu).count();
    let mut explication = match postes {
        Some(p) => format!(
            "{} dossier(s) classé(s) pour {p} poste(s) : {retenus} retenu(s) dans l'ordre du total des points (comparé sans arrondi), puis des clés de départage",
            candidats.len()
        ),
        None => format!(
            "{} dossier(s) classé(s), sans quota : tous retenus ; ordre du total des points, puis des clés de départage",
            candidats.len()
        ),
    };
    if cles.is_empty() {
        explication.push_str(" (la grille n'en prévoit aucune).");
    } else {
        explication.push_str(&format!(
            " ({}).",
            cles.iter()
                .map(|c| c.1.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let ex_aequo = lignes.iter().filter(|l| l.ex_aequo).count();
    if ex_aequo > 0 {
        explication.push_str(&format!(
            " {ex_aequo} dossier(s) restent ex aequo après toutes les clés : aucun tirage au sort n'est fait."
        ));
    }
    // Les explications ne citent pas les identifiants des dossiers : elles servent aussi
    // au classement anonyme.
    if !egalite.is_empty() {
        explication.push_str(&format!(
            " {} dossiers sont ex aequo à la limite des postes : {} poste(s) en attente ; la liste ne peut être établie sans un ordre manuel justifié.",
            egalite.len(),
            etab.postes_en_attente_de_departage
        ));
    }
    if let Some(m) = &manuel {
        explication.push_str(&format!(
            " Ordre manuel justifié appliqué aux {} ex aequo à la limite des postes.",
            m.ordre.len()
        ));
    }
    Classement {
        postes,
        cles: cles.iter().map(|c| c.0.code().into_owned()).collect(),
        lignes,
        egalite_a_la_limite: egalite,
        postes_en_attente: etab.postes_en_attente_de_departage,
        departage_manuel: manuel,
        explication,
    }
}

/// Départage manuel, justifié, des ex aequo à cheval sur le dernier poste : `ordre` range
/// exactement les dossiers de `classement.egalite_a_la_limite`.
pub fn departager_manuellement(
    grille: &GrilleLdg,
    candidats: &[CandidatClassement],
    postes: Option<u32>,
    ordre: &[String],
    justification: &str,
) -> Result<Classement, ErreurEntree> {
    let base = classer(grille, candidats, postes);
    if base.egalite_a_la_limite.is_empty() {
        return Err(ErreurEntree::new(
            "departage_sans_objet",
            "Aucun ex aequo n'est à cheval sur le dernier poste : il n'y a rien à départager à la main.",
            "/departage_manuel",
        ));
    }
    if justification.trim().is_empty() {
        return Err(ErreurEntree::new(
            "justification_requise",
            "Un ordre manuel des ex aequo doit être justifié (« justification »).",
            "/justification",
        ));
    }
    let attendus: std::collections::BTreeSet<&str> = base
        .egalite_a_la_limite
        .iter()
        .map(String::as_str)
        .collect();
    let donnes: std::collections::BTreeSet<&str> = ordre.iter().map(String::as_str).collect();
    if donnes.len() != ordre.len() || attendus != donnes {
        return Err(ErreurEntree::new(
            "departage_manuel_invalide",
            format!(
                "L'ordre manuel doit ranger exactement les dossiers ex aequo à la limite des postes, chacun une fois : {}.",
                base.egalite_a_la_limite.join(", ")
            ),
            "/departage_manuel",
        ));
    }
    // Reconstitue les groupes en scindant le groupe à la limite selon l'ordre donné.
    let cles: Vec<(CleDepartage, String)> = grille
        .departage
        .iter()
        .map(|c| (c.clone(), c.libelle(Some(grille))))
        .collect();
    let index: HashMap<&str, usize> = candidats
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    // La justification est conservée dans `departage_manuel`, pas dans les textes des
    // lignes : elle peut nommer des personnes, et les lignes servent au classement anonyme.
    let manuel = Departage {
        cle: "manuel".into(),
        libelle: "ordre manuel justifié".into(),
        cles_non_appliquees: Vec::new(),
    };
    let mut groupes: Vec<Groupe> = Vec::new();
    let mut k = 0;
    while k < base.lignes.len() {
        let rang = base.lignes[k].rang;
        let mut fin = k;
        while fin < base.lignes.len() && base.lignes[fin].rang == rang {
            fin += 1;
        }
        let membres: Vec<usize> = base.lignes[k..fin]
            .iter()
            .map(|l| index[l.id.as_str()])
            .collect();
        let vers_suivant = base.lignes[fin - 1].departage_suivant.clone();
        if base.lignes[k].a_departager {
            for (p, id) in ordre.iter().enumerate() {
                groupes.push(Groupe {
                    membres: vec![index[id.as_str()]],
                    vers_suivant: if p + 1 < ordre.len() {
                        Some(manuel.clone())
                    } else {
                        vers_suivant.clone()
                    },
                });
            }
        } else {
            groupes.push(Groupe {
                membres,
                vers_suivant,
            });
        }
        k = fin;
    }
    Ok(construire(
        candidats,
        &groupes,
        postes,
        &cles,
        Some(DepartageManuel {
            ordre: ordre.to_vec(),
            justification: justification.trim().to_owned(),
        }),
    ))
}

/// Identité d'un candidat, pour la publication.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Identite {
    pub id: String,
    pub nom: String,
    pub prenom: Option<String>,
}

/// Établit la liste d'aptitude d'un classement sans égalité à la limite : les retenus,
/// publiés par ordre alphabétique (commande `liste-aptitude-etablir`). Erreur `ex_aequo`
/// (nommant les dossiers) tant qu'une égalité à la limite n'est pas départagée.
pub fn etablir(
    classement: &Classement,
    identites: &[Identite],
) -> Result<ReponseEtablissementListe, ErreurEntree> {
    if !classement.egalite_a_la_limite.is_empty() {
        return Err(ErreurEntree::new(
            "ex_aequo",
            format!(
                "Les dossiers {} sont ex aequo à la limite des postes : la liste ne peut être établie sans un ordre manuel justifié (« departage_manuel » et « justification »).",
                classement.egalite_a_la_limite.join(", ")
            ),
            "/departage_manuel",
        ));
    }
    let par_id: HashMap<&str, &Identite> = identites.iter().map(|i| (i.id.as_str(), i)).collect();
    let n = classement.lignes.len();
    let mut candidats = Vec::with_capacity(n);
    for l in &classement.lignes {
        let Some(ident) = par_id.get(l.id.as_str()) else {
            return Err(ErreurEntree::new(
                "identite_manquante",
                format!(
                    "Le dossier {} n'a pas d'identité pour la publication.",
                    l.id
                ),
                "",
            ));
        };
        // Un score par rang : les ex aequo (hors limite) partagent le même.
        candidats.push(CandidatListe {
            id: l.id.clone(),
            nom: ident.nom.clone(),
            prenom: ident.prenom.clone(),
            score: f64::from(n as u32 + 1 - l.rang),
        });
    }
    Ok(etablir_liste(classement.postes, &candidats))
}
