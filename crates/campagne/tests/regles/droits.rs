//! Qui peut faire quoi, et quand (contrat v2, « Who acts » et règles de chaque route).

use campagne::calendrier::EtatCampagne;
use campagne::droits::{Action, Role, Situation, autoriser, role_admis, roles_admis};
use campagne::proposition::{StatutProposition, transition};

fn situation(c: Option<EtatCampagne>, p: Option<StatutProposition>) -> Situation {
    Situation {
        campagne: c,
        proposition: p,
    }
}

fn code(r: Role, a: Action, s: Situation) -> Option<(u16, String)> {
    autoriser(r, a, &s).err().map(|e| (e.statut, e.code))
}

#[test]
fn chaque_action_a_au_moins_un_role() {
    for a in Action::TOUTES {
        assert!(!roles_admis(a).is_empty(), "{a:?}");
    }
}

#[test]
fn la_commission_ne_lit_que_le_classement_anonyme() {
    // Contrat v2 : « commission … reads the anonymised ranking only ».
    for a in Action::TOUTES {
        let admis = role_admis(Role::Commission, a);
        assert_eq!(
            admis,
            matches!(a, Action::LireClassementAnonyme | Action::LireCampagne),
            "{a:?}"
        );
    }
    let e = autoriser(
        Role::Commission,
        Action::LireClassement,
        &Situation::default(),
    )
    .unwrap_err();
    assert_eq!((e.statut, e.code.as_str()), (403, "acces_refuse"));
    assert!(e.message.contains("commission"));
}

#[test]
fn roles_du_centre_de_gestion() {
    // Instruction, décision motivée et liste : le service carrières (gestionnaire).
    for a in [
        Action::Instruire,
        Action::DeciderRecevabilite,
        Action::EtablirListe,
    ] {
        assert_eq!(roles_admis(a), [Role::Gestionnaire], "{a:?}");
    }
    // Campagnes et grilles : administrateur et gestionnaire ; journal : administrateur.
    assert!(role_admis(Role::Administrateur, Action::CreerCampagne));
    assert!(role_admis(Role::Gestionnaire, Action::DefinirGrille));
    assert!(!role_admis(Role::Collectivite, Action::DefinirGrille));
    assert_eq!(roles_admis(Action::LireJournal), [Role::Administrateur]);
    // Une collectivité ne voit pas le classement des autres.
    assert!(!role_admis(Role::Collectivite, Action::LireClassement));
    assert!(!role_admis(
        Role::Collectivite,
        Action::LireClassementAnonyme
    ));
}

#[test]
fn declaration_et_proposition_jusqu_a_la_cloture_pour_la_collectivite() {
    // Contrat v2 : la collectivité déclare jusqu'à `depot_cloture`, le gestionnaire toujours.
    use EtatCampagne::*;
    for a in [Action::Declarer, Action::Proposer] {
        assert_eq!(
            code(Role::Collectivite, a, situation(Some(Preparation), None)),
            None
        );
        assert_eq!(
            code(Role::Collectivite, a, situation(Some(DepotOuvert), None)),
            None
        );
        assert_eq!(
            code(Role::Collectivite, a, situation(Some(DepotClos), None)),
            Some((409, "depot_clos".into()))
        );
        assert_eq!(
            code(Role::Gestionnaire, a, situation(Some(DepotClos), None)),
            None
        );
    }
}

#[test]
fn une_proposition_transmise_ne_change_plus() {
    use EtatCampagne::*;
    use StatutProposition::*;
    for a in [Action::ModifierProposition, Action::DeposerPiece] {
        assert_eq!(
            code(
                Role::Collectivite,
                a,
                situation(Some(DepotOuvert), Some(Brouillon))
            ),
            None
        );
        for s in [Transmise, Recevable, Irrecevable, Inscrite, NonRetenue] {
            for r in [Role::Collectivite, Role::Gestionnaire] {
                assert_eq!(
                    code(r, a, situation(Some(DepotOuvert), Some(s))),
                    Some((409, "proposition_transmise".into())),
                    "{a:?} {s:?} {r:?}"
                );
            }
        }
        // Brouillon après la clôture : la collectivité ne peut plus y toucher.
        assert_eq!(
            code(
                Role::Collectivite,
                a,
                situation(Some(DepotClos), Some(Brouillon))
            ),
            Some((409, "depot_clos".into()))
        );
    }
}

#[test]
fn transmission_dans_la_periode_de_depot_seulement() {
    use EtatCampagne::*;
    use StatutProposition::*;
    let t = |c, p| code(Role::Collectivite, Action::Transmettre, situation(c, p));
    assert_eq!(t(Some(DepotOuvert), Some(Brouillon)), None);
    assert_eq!(
        t(Some(Preparation), Some(Brouillon)),
        Some((409, "depot_clos".into()))
    );
    assert_eq!(
        t(Some(DepotClos), Some(Brouillon)),
        Some((409, "depot_clos".into()))
    );
    assert_eq!(t(None, Some(Brouillon)), Some((409, "depot_clos".into())));
    assert_eq!(
        t(Some(DepotOuvert), Some(Transmise)),
        Some((409, "proposition_transmise".into()))
    );
    // Le gestionnaire est tenu au même délai de rigueur.
    assert_eq!(
        code(
            Role::Gestionnaire,
            Action::Transmettre,
            situation(Some(DepotClos), Some(Brouillon))
        ),
        Some((409, "depot_clos".into()))
    );
}

#[test]
fn instruction_cotation_et_liste_selon_l_etat() {
    use EtatCampagne::*;
    use StatutProposition::*;
    let g = Role::Gestionnaire;
    let i = |p| code(g, Action::Instruire, situation(Some(DepotClos), Some(p)));
    assert_eq!(i(Transmise), None);
    assert_eq!(
        i(Brouillon),
        Some((409, "proposition_non_transmise".into()))
    );
    assert_eq!(i(Recevable), Some((409, "deja_instruite".into())));
    assert_eq!(i(Inscrite), Some((409, "liste_etablie".into())));
    let d = |p| {
        code(
            g,
            Action::DeciderRecevabilite,
            situation(Some(DepotClos), Some(p)),
        )
    };
    assert_eq!(d(Irrecevable), None);
    assert_eq!(
        d(Brouillon),
        Some((409, "proposition_non_transmise".into()))
    );
    // Contrat v2 : cotation des seules propositions recevables (409 sinon).
    let c = |p| code(g, Action::LireCotation, situation(Some(DepotClos), Some(p)));
    assert_eq!(c(Recevable), None);
    assert_eq!(c(Inscrite), None);
    assert_eq!(c(Transmise), Some((409, "non_recevable".into())));
    assert_eq!(c(Irrecevable), Some((409, "non_recevable".into())));
    let l = |e| code(g, Action::EtablirListe, situation(Some(e), None));
    assert_eq!(l(DepotClos), None);
    assert_eq!(l(DepotOuvert), Some((409, "depot_en_cours".into())));
    // Le rôle passe avant l'état : 403 pour une collectivité, quel que soit l'état.
    assert_eq!(
        code(
            Role::Collectivite,
            Action::Instruire,
            situation(Some(DepotClos), Some(Transmise))
        ),
        Some((403, "acces_refuse".into()))
    );
}

#[test]
fn transitions_de_statut() {
    use StatutProposition::*;
    assert!(transition(Brouillon, Transmise).is_ok());
    assert!(transition(Transmise, Recevable).is_ok());
    assert!(transition(Transmise, Irrecevable).is_ok());
    assert!(transition(Recevable, Inscrite).is_ok());
    assert!(transition(Recevable, NonRetenue).is_ok());
    // Décision motivée : de l'un à l'autre tant que la liste n'est pas établie.
    assert!(transition(Irrecevable, Recevable).is_ok());
    for (de, vers) in [
        (Brouillon, Recevable),
        (Transmise, Brouillon),
        (Irrecevable, Inscrite),
        (Inscrite, NonRetenue),
        (NonRetenue, Recevable),
    ] {
        let e = transition(de, vers).unwrap_err();
        assert_eq!(
            (e.statut, e.code.as_str()),
            (409, "transition_interdite"),
            "{de:?} → {vers:?}"
        );
    }
    for s in StatutProposition::TOUS {
        assert_eq!(StatutProposition::depuis_code(s.code()), Some(s));
        assert_eq!(serde_json::to_value(s).unwrap(), s.code());
    }
}
