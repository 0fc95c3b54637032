//! Jour où chaque condition de durée de services d'une voie est atteinte, la période en
//! cours étant supposée se poursuivre : ce que montre la frise de carrière du simulateur de
//! l'agent (« les 8 ans sont atteints le 28/02/2022 »).
//!
//! Aucune règle nouvelle : le même décompte que [`super::premiere_annee_variante`]
//! ([`ServicesEffectifs::jour_atteint`] sur le périmètre de chaque condition du catalogue),
//! avec le même horizon (40 ans après l'année demandée).

use jiff::civil::Date;

use super::{Voie, annee_depuis_jour_services, moteur};
use crate::carriere::Agent;
use crate::date::trente_et_un_decembre;
use crate::services::{Carriere, ServicesEffectifs};

/// Une condition de durée de services d'une variante et le jour où elle est atteinte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeuilAtteint {
    pub cible: &'static str,
    pub voie: Voie,
    /// Code de la variante (alinéa du statut particulier).
    pub variante: &'static str,
    /// Intitulé de la condition, le même que celui de la réponse `eligibilite`.
    pub libelle: &'static str,
    /// Premier jour où la durée exigée est atteinte ; `None` : pas avant l'horizon, ou durée
    /// exigée non établie.
    pub atteint_le: Option<Date>,
    /// Première année de liste (ou de session d'examen) pour laquelle ces services
    /// comptent : l'année suivante pour une liste (services arrêtés au 31/12 précédent),
    /// la même année pour une inscription à l'examen appréciée au 31/12.
    pub compte_pour: Option<i32>,
}

/// Les conditions de durée de services des voies évaluées pour `annee` (toutes, ou celles
/// des `cibles`), dans l'ordre de la réponse `eligibilite`. Carrière supposée valide.
pub fn seuils_atteints(agent: &Agent, annee: i32, cibles: Option<&[String]>) -> Vec<SeuilAtteint> {
    let m = moteur();
    let c = Carriere::preparer(agent);
    let limite = (annee + 40).min(crate::carriere::ANNEE_MAX);
    let horizon = crate::date::jour(trente_et_un_decembre(limite));
    let indices: Vec<usize> = match cibles {
        None => (0..m.voies.len()).collect(),
        Some(cs) => cs
            .iter()
            .filter_map(|x| m.par_cible.get(x.as_str()))
            .flatten()
            .copied()
            .collect(),
    };
    let mut sortie = Vec::new();
    for i in indices {
        let v = &m.voies[i];
        for va in &v.variantes {
            for s in &va.services {
                let jour = s.seuil.and_then(|seuil| {
                    ServicesEffectifs::jour_atteint(&c, &s.critere, seuil, horizon, false)
                });
                sortie.push(SeuilAtteint {
                    cible: v.def.cible.as_str(),
                    voie: v.voie,
                    variante: va.def.code.as_str(),
                    libelle: s.libelle.as_str(),
                    atteint_le: jour.map(crate::date::date),
                    compte_pour: jour.map(|j| annee_depuis_jour_services(v, j)),
                });
            }
        }
    }
    sortie
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Exemple du dépôt `eligibilite-ingenieur-technicien-principal-2022.json` : technicien
    /// principal de 2e classe depuis le 01/03/2014, puis de 1re classe ; les 8 ans comme
    /// technicien principal (voie au choix) sont atteints le 28/02/2022 (calcul de
    /// l'exemple), donc comptent pour la liste 2023.
    #[test]
    fn huit_ans_de_technicien_principal_atteints_le_28_fevrier_2022() {
        let agent: Agent = serde_json::from_value(serde_json::json!({
            "periodes": [
                {"debut": "2008-09-01", "fin": "2014-02-28", "versant": "territoriale",
                 "statut": "titulaire", "grade": "technicien", "position": "activite"},
                {"debut": "2014-03-01", "fin": "2019-02-28", "versant": "territoriale",
                 "statut": "titulaire", "grade": "technicien_principal_2e_classe",
                 "position": "activite"},
                {"debut": "2019-03-01", "versant": "territoriale", "statut": "titulaire",
                 "grade": "technicien_principal_1re_classe", "position": "activite"}
            ]
        }))
        .unwrap();
        let seuils = seuils_atteints(&agent, 2022, Some(&["ingenieur".to_owned()]));
        let choix: Vec<&SeuilAtteint> = seuils
            .iter()
            .filter(|s| s.voie == Voie::Choix && s.atteint_le.is_some())
            .collect();
        assert!(
            choix
                .iter()
                .any(|s| s.atteint_le == Some(jiff::civil::date(2022, 2, 28))
                    && s.compte_pour == Some(2023)),
            "{seuils:#?}"
        );
    }
}
