//! Du classement des règles aux réponses de la campagne : classement nominatif ou anonyme
//! d'une cible et d'une voie (contrat v2, « Ranking »), et établissement de la liste
//! d'aptitude d'une cible, toutes voies réunies, par ordre alphabétique.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use droit::classement::{
    CandidatClassement, Classement, FaitsDepartage, classer, departager_manuellement,
};
use droit::eligibilite::Voie;
use droit::ldg::{Cotation, GrilleLdg};
use droit::liste_aptitude::{CandidatListe, etablir_liste};

use crate::erreur::{ErreurCampagne, codes};
use crate::proposition::StatutProposition;

/// Une proposition recevable, cotée, avec ce qu'il faut pour la classer et la publier.
#[derive(Debug, Clone)]
pub struct PropositionClassee {
    pub id: String,
    pub matricule: String,
    pub nom: String,
    pub prenom: String,
    pub collectivite: String,
    pub voie: Voie,
    pub cotation: Cotation,
    /// Faits de départage (`FaitsDepartage::depuis_carriere`).
    pub faits: FaitsDepartage,
}

impl PropositionClassee {
    fn candidat(&self) -> CandidatClassement {
        CandidatClassement::depuis_cotation(self.id.clone(), &self.cotation, self.faits.clone())
    }
}

/// Une ligne du classement (contrat v2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LigneClassementCampagne {
    pub rang: u32,
    /// Identifiant de la proposition ; `null` dans le classement anonyme.
    pub proposition: Option<String>,
    pub matricule: Option<String>,
    pub nom: Option<String>,
    pub prenom: Option<String>,
    pub collectivite: Option<String>,
    pub code_anonyme: String,
    /// Total arrondi à deux décimales.
    pub total: f64,
    /// Clé qui a décidé face au voisin de même total.
    pub departage: Option<String>,
    pub ex_aequo: bool,
    pub retenu: bool,
    /// Ex aequo à cheval sur le dernier poste.
    pub a_departager: bool,
}

/// Le classement d'une cible et d'une voie (contrat v2 : `{"postes", "classement"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReponseClassement {
    pub postes: Option<u32>,
    pub grille_version: Option<u32>,
    pub classement: Vec<LigneClassementCampagne>,
    /// Codes anonymes (classement anonyme) ou identifiants des propositions ex aequo à la
    /// limite des postes.
    pub egalite_a_la_limite: Vec<String>,
    pub explication: String,
}

/// Classe les propositions d'une voie et les présente, nominativement ou anonymement
/// (`anonyme` : ni identifiant, ni matricule, ni nom, ni collectivité ; seul le code
/// anonyme). `codes` : codes anonymes de la campagne (`anonymat::codes_anonymes`).
pub fn classement(
    grille: &GrilleLdg,
    grille_version: Option<u32>,
    propositions: &[PropositionClassee],
    postes: Option<u32>,
    codes: &BTreeMap<String, String>,
    anonyme: bool,
) -> ReponseClassement {
    let candidats: Vec<CandidatClassement> = propositions
        .iter()
        .map(PropositionClassee::candidat)
        .collect();
    let c = classer(grille, &candidats, postes);
    presenter(&c, grille_version, propositions, codes, anonyme)
}

fn presenter(
    c: &Classement,
    grille_version: Option<u32>,
    propositions: &[PropositionClassee],
    codes: &BTreeMap<String, String>,
    anonyme: bool,
) -> ReponseClassement {
    let par_id: HashMap<&str, &PropositionClassee> =
        propositions.iter().map(|p| (p.id.as_str(), p)).collect();
    let code = |id: &str| codes.get(id).cloned().unwrap_or_default();
    let classement = c
        .lignes
        .iter()
        .map(|l| {
            let p = par_id[l.id.as_str()];
            let nominatif = |x: &str| (!anonyme).then(|| x.to_owned());
            LigneClassementCampagne {
                rang: l.rang,
                proposition: nominatif(&p.id),
                matricule: nominatif(&p.matricule),
                nom: nominatif(&p.nom),
                prenom: nominatif(&p.prenom),
                collectivite: nominatif(&p.collectivite),
                code_anonyme: code(&p.id),
                total: l.total,
                departage: l.departage.clone(),
                ex_aequo: l.ex_aequo,
                retenu: l.retenu,
                a_departager: l.a_departager,
            }
        })
        .collect();
    ReponseClassement {
        postes: c.postes,
        grille_version,
        classement,
        egalite_a_la_limite: c
            .egalite_a_la_limite
            .iter()
            .map(|id| if anonyme { code(id) } else { id.clone() })
            .collect(),
        explication: c.explication.clone(),
    }
}

/// Ordre manuel justifié des ex aequo à la limite des postes (contrat v2 :
/// `"departage_manuel": [ids], "justification": "..."`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OrdreManuel {
    pub departage_manuel: Vec<String>,
    pub justification: String,
}

/// Une voie d'une cible à inscrire : ses propositions recevables et ses postes.
#[derive(Debug, Clone)]
pub struct VoieAInscrire<'a> {
    pub voie: Voie,
    pub postes: Option<u32>,
    pub propositions: &'a [PropositionClassee],
}

/// Un inscrit (contrat v2 : `{"matricule", "nom", "prenom", "collectivite", "voie"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct InscritCampagne {
    pub proposition: String,
    pub matricule: String,
    pub nom: String,
    pub prenom: String,
    pub collectivite: String,
    pub voie: Voie,
}

/// La liste d'aptitude établie d'une cible.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ListeEtablie {
    pub cible: String,
    /// Postes ouverts, toutes voies réunies (`null` si une voie est sans quota).
    pub postes: Option<u32>,
    pub date_effet: Date,
    pub grille_version: Option<u32>,
    /// Inscrits par ordre alphabétique (guide CDG Martinique §II.D).
    pub inscrits: Vec<InscritCampagne>,
    /// Nouveau statut de chaque proposition classée (`inscrite` ou `non_retenue`).
    pub statuts: BTreeMap<String, StatutProposition>,
    /// Classement de chaque voie qui a servi, ordre manuel compris.
    pub classements: Vec<(Voie, Classement)>,
}

/// Établit la liste d'une cible : chaque voie classée dans la limite de ses postes ; un
/// ex aequo à cheval sur le dernier poste d'une voie bloque (409 `ex_aequo` qui nomme les
/// propositions) sauf si `manuel` les range exactement (justification obligatoire) ; les
/// retenus de toutes les voies sont publiés ensemble par ordre alphabétique
/// (`liste-aptitude-etablir`).
pub fn etablir_liste_cible(
    cible: &str,
    date_effet: Date,
    grille: &GrilleLdg,
    grille_version: Option<u32>,
    voies: &[VoieAInscrire<'_>],
    manuel: Option<&OrdreManuel>,
) -> Result<ListeEtablie, ErreurCampagne> {
    let mut classements = Vec::with_capacity(voies.len());
    let mut manuel_utilise = false;
    for v in voies {
        let candidats: Vec<CandidatClassement> = v
            .propositions
            .iter()
            .map(PropositionClassee::candidat)
            .collect();
        let mut c = classer(grille, &candidats, v.postes);
        if !c.egalite_a_la_limite.is_empty() {
            let egaux: BTreeSet<&str> = c.egalite_a_la_limite.iter().map(String::as_str).collect();
            match manuel {
                Some(m)
                    if m.departage_manuel
                        .iter()
                        .map(String::as_str)
                        .collect::<BTreeSet<_>>()
                        == egaux =>
                {
                    c = departager_manuellement(
                        grille,
                        &candidats,
                        v.postes,
                        &m.departage_manuel,
                        &m.justification,
                    )
                    .map_err(ErreurCampagne::depuis_entree)?;
                    manuel_utilise = true;
                }
                _ => {
                    return Err(ErreurCampagne::conflit(
                        codes::EX_AEQUO,
                        format!(
                            "Les propositions {} ({}) sont ex aequo à la limite des postes : la liste ne peut être établie sans un ordre manuel justifié (« departage_manuel » et « justification »).",
                            c.egalite_a_la_limite.join(", "),
                            v.voie.libelle()
                        ),
                    )
                    .sur("/departage_manuel"));
                }
            }
        }
        classements.push((v.voie, c));
    }
    if let Some(m) = manuel
        && !manuel_utilise
    {
        return Err(ErreurCampagne::invalide(
            "departage_manuel_invalide",
            format!(
                "L'ordre manuel ({}) ne correspond à aucun groupe d'ex aequo à la limite des postes.",
                m.departage_manuel.join(", ")
            ),
            "/departage_manuel",
        ));
    }
    let toutes: HashMap<&str, &PropositionClassee> = voies
        .iter()
        .flat_map(|v| v.propositions.iter())
        .map(|p| (p.id.as_str(), p))
        .collect();
    let mut statuts = BTreeMap::new();
    let mut retenus = Vec::new();
    for (_, c) in &classements {
        for l in &c.lignes {
            statuts.insert(
                l.id.clone(),
                if l.retenu {
                    StatutProposition::Inscrite
                } else {
                    StatutProposition::NonRetenue
                },
            );
            if l.retenu {
                let p = toutes[l.id.as_str()];
                retenus.push(CandidatListe {
                    id: p.id.clone(),
                    nom: p.nom.clone(),
                    prenom: Some(p.prenom.clone()),
                    score: 1.0,
                });
            }
        }
    }
    // Publication : l'établissement de la liste du moteur, sans quota puisque les retenus
    // le sont déjà, fait l'ordre alphabétique.
    let publication = etablir_liste(None, &retenus);
    let inscrits = publication
        .inscrits
        .iter()
        .map(|i| {
            let p = toutes[i.id.as_str()];
            InscritCampagne {
                proposition: p.id.clone(),
                matricule: p.matricule.clone(),
                nom: p.nom.clone(),
                prenom: p.prenom.clone(),
                collectivite: p.collectivite.clone(),
                voie: p.voie,
            }
        })
        .collect();
    let postes = voies
        .iter()
        .map(|v| v.postes)
        .try_fold(0u32, |acc, p| p.map(|x| acc + x));
    Ok(ListeEtablie {
        cible: cible.to_owned(),
        postes,
        date_effet,
        grille_version,
        inscrits,
        statuts,
        classements,
    })
}
