//! Indicateurs : femmes et hommes parmi promouvables, propositions et inscrits ;
//! propositions de chaque collectivité rapportées à ses promouvables.

use droit::indicateurs::{AgentCible, Sexe, egalite_par_cible, propositions_par_collectivite};

fn a(agent: &str, cible: &str, sexe: Option<Sexe>, collectivite: &str) -> AgentCible {
    AgentCible {
        agent: agent.into(),
        cible: cible.into(),
        sexe,
        collectivite: collectivite.into(),
    }
}

#[test]
fn parts_de_femmes_et_d_hommes_par_cible() {
    use Sexe::*;
    let promouvables = [
        a("1", "attache", Some(Femme), "C1"),
        a("2", "attache", Some(Femme), "C1"),
        a("3", "attache", Some(Homme), "C2"),
        a("4", "attache", None, "C2"),
        a("4", "attache", None, "C2"), // compté une fois
        a("5", "redacteur", Some(Homme), "C1"),
    ];
    let propositions = [
        a("1", "attache", Some(Femme), "C1"),
        a("3", "attache", Some(Homme), "C2"),
    ];
    let inscrits = [a("1", "attache", Some(Femme), "C1")];
    let r = egalite_par_cible(&promouvables, &propositions, &inscrits);
    assert_eq!(r.len(), 2);
    let att = &r[0];
    assert_eq!(att.cible, "attache");
    // 4 promouvables : 2 femmes, 1 homme, 1 non renseigné ; parts sur les 3 connus.
    assert_eq!(
        (
            att.promouvables.total,
            att.promouvables.femmes,
            att.promouvables.hommes,
            att.promouvables.non_renseigne
        ),
        (4, 2, 1, 1)
    );
    assert!((att.promouvables.part_femmes.unwrap() - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(att.propositions.part_femmes, Some(0.5));
    assert_eq!(att.inscrits.part_femmes, Some(1.0));
    // Rédacteur : aucune proposition, parts inconnues.
    assert_eq!(r[1].propositions.total, 0);
    assert_eq!(r[1].propositions.part_femmes, None);
}

#[test]
fn propositions_rapportees_aux_promouvables() {
    let promouvables = [
        a("1", "attache", None, "C1"),
        a("1", "redacteur_principal_2e_classe", None, "C1"),
        a("2", "attache", None, "C1"),
        a("3", "attache", None, "C1"),
        a("4", "attache", None, "C1"),
        a("5", "attache", None, "C2"),
    ];
    let propositions = [a("1", "attache", None, "C1"), a("9", "attache", None, "C3")];
    let r = propositions_par_collectivite(&promouvables, &propositions);
    let codes: Vec<&str> = r.iter().map(|x| x.collectivite.as_str()).collect();
    assert_eq!(codes, ["C1", "C2", "C3"]);
    // C1 : 4 agents promouvables (l'agent 1 l'est à deux grades, compté une fois), 1 proposé.
    assert_eq!((r[0].promouvables, r[0].proposes), (4, 1));
    assert_eq!(r[0].taux, Some(0.25));
    assert_eq!(r[0].par_cible["attache"].promouvables, 4);
    assert_eq!(r[0].par_cible["redacteur_principal_2e_classe"].proposes, 0);
    assert_eq!(r[1].taux, Some(0.0));
    // C3 propose un agent que les données ne disent pas promouvable : taux inconnu.
    assert_eq!((r[2].promouvables, r[2].proposes, r[2].taux), (0, 1, None));
}
