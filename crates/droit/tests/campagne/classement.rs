//! Classement par total puis clés de départage ; ex aequo signalés, jamais tirés au sort ;
//! retenue dans la limite des postes et publication alphabétique.

use std::collections::{BTreeMap, HashMap};

use droit::classement::{
    CandidatClassement, FaitsDepartage, Identite, classer, departager_manuellement, etablir,
};
use droit::ldg::{GrilleLdg, lire_grille};
use proptest::prelude::*;
use serde_json::json;

fn grille(departage: &[&str]) -> GrilleLdg {
    lire_grille(
        &json!({"libelle": "Classement", "departage": departage, "criteres": [
            {"code": "crep", "libelle": "Valeur professionnelle", "mode": "somme", "champ": "crep",
             "valeurs": {"bon": 6}}
        ]})
        .to_string(),
    )
    .unwrap()
}

fn cand(id: &str, total: f64, anc_cat: Option<f64>, rang: Option<u32>) -> CandidatClassement {
    CandidatClassement {
        id: id.into(),
        total,
        points_criteres: BTreeMap::new(),
        faits: FaitsDepartage {
            anciennete_categorie: anc_cat,
            anciennete_fonction_publique: Some(5000.0),
            anciennete_grade: Some(1000.0),
            rang_autorite: rang,
            date_naissance: Some(jiff::civil::date(1980, 1, 1)),
        },
    }
}

/// A 50 ; B et C 40 (C plus ancien dans la catégorie) ; D et E 30, même ancienneté, E
/// classé 1er par son autorité ; F et G 20, égaux sur tout.
fn candidats() -> Vec<CandidatClassement> {
    vec![
        cand("A", 50.0, Some(3000.0), Some(1)),
        cand("B", 40.0, Some(2000.0), Some(1)),
        cand("C", 40.0, Some(2500.0), Some(2)),
        cand("D", 30.0, Some(1800.0), Some(2)),
        cand("E", 30.0, Some(1800.0), Some(1)),
        cand("F", 20.0, Some(1500.0), Some(1)),
        cand("G", 20.0, Some(1500.0), Some(1)),
    ]
}

fn ordre(c: &droit::classement::Classement) -> Vec<(&str, u32)> {
    c.lignes.iter().map(|l| (l.id.as_str(), l.rang)).collect()
}

#[test]
fn total_puis_cles_dans_l_ordre_et_ex_aequo() {
    let g = grille(&["anciennete_categorie", "rang_autorite"]);
    let c = classer(&g, &candidats(), Some(5));
    assert_eq!(
        ordre(&c),
        [
            ("A", 1),
            ("C", 2),
            ("B", 3),
            ("E", 4),
            ("D", 5),
            ("F", 6),
            ("G", 6)
        ]
    );
    let ligne = |id: &str| c.lignes.iter().find(|l| l.id == id).unwrap();
    // C devant B : même total, départagés par la première clé.
    assert_eq!(
        ligne("C").departage.as_deref(),
        Some("départagé par : ancienneté dans la catégorie")
    );
    assert_eq!(ligne("B").departage, ligne("C").departage);
    // E devant D : même ancienneté, la deuxième clé décide.
    assert_eq!(
        ligne("E").departage.as_deref(),
        Some("départagé par : rang donné par l'autorité territoriale")
    );
    assert_eq!(
        ligne("E").departage_suivant.as_ref().unwrap().cle,
        "rang_autorite"
    );
    // A devant C par le total : pas de départage.
    assert_eq!(ligne("A").departage, None);
    // F et G : égaux après toutes les clés.
    assert!(ligne("F").ex_aequo && ligne("G").ex_aequo);
    assert!(!ligne("A").ex_aequo);
    // 5 postes : les 5 premiers retenus, F et G non.
    let retenus: Vec<&str> = c
        .lignes
        .iter()
        .filter(|l| l.retenu)
        .map(|l| l.id.as_str())
        .collect();
    assert_eq!(retenus, ["A", "C", "B", "E", "D"]);
    assert!(c.egalite_a_la_limite.is_empty());
}

#[test]
fn egalite_a_cheval_sur_le_dernier_poste() {
    // 6 postes : F et G se partagent le 6e ; la liste ne peut être établie sans ordre
    // manuel justifié (contrat v2 : 409 ex_aequo).
    let g = grille(&["anciennete_categorie", "rang_autorite"]);
    let c = classer(&g, &candidats(), Some(6));
    assert_eq!(c.egalite_a_la_limite, ["F", "G"]);
    assert_eq!(c.postes_en_attente, 1);
    assert_eq!(c.lignes.iter().filter(|l| l.retenu).count(), 5);
    assert!(
        c.lignes
            .iter()
            .filter(|l| l.a_departager)
            .all(|l| l.id == "F" || l.id == "G")
    );
    let identites: Vec<Identite> = candidats()
        .iter()
        .map(|x| Identite {
            id: x.id.clone(),
            nom: format!("Nom {}", x.id),
            prenom: None,
        })
        .collect();
    let e = etablir(&c, &identites).unwrap_err();
    assert_eq!(e.code, "ex_aequo");
    assert!(e.message.contains("F, G"), "{}", e.message);

    // Justification obligatoire, et l'ordre doit ranger exactement les ex aequo.
    assert_eq!(
        departager_manuellement(&g, &candidats(), Some(6), &["G".into(), "F".into()], " ")
            .unwrap_err()
            .code,
        "justification_requise"
    );
    assert_eq!(
        departager_manuellement(&g, &candidats(), Some(6), &["G".into()], "motif")
            .unwrap_err()
            .code,
        "departage_manuel_invalide"
    );
    let m = departager_manuellement(
        &g,
        &candidats(),
        Some(6),
        &["G".into(), "F".into()],
        "Avis de la commission du 12/02/2027",
    )
    .unwrap();
    assert!(m.egalite_a_la_limite.is_empty());
    assert_eq!(&ordre(&m)[5..], [("G", 6), ("F", 7)]);
    let g_ligne = m.lignes.iter().find(|l| l.id == "G").unwrap();
    assert!(g_ligne.retenu && !g_ligne.ex_aequo);
    assert_eq!(
        g_ligne.departage.as_deref(),
        Some("départagé par : ordre manuel justifié")
    );
    let manuel = m.departage_manuel.as_ref().unwrap();
    assert_eq!(manuel.ordre, ["G", "F"]);
    assert_eq!(manuel.justification, "Avis de la commission du 12/02/2027");
    // La justification peut nommer des personnes : elle n'entre ni dans les lignes ni dans
    // l'explication, qui servent aussi au classement anonyme.
    assert!(!m.explication.contains("Avis de la commission"));

    // La liste : 6 inscrits, par ordre alphabétique (guide CDG Martinique §II.D).
    let noms = [
        ("A", "Zola"),
        ("B", "Écoffier"),
        ("C", "de Gaulle"),
        ("D", "Dupont"),
        ("E", "Faure"),
        ("F", "Martin"),
        ("G", "Bernard"),
    ];
    let identites: Vec<Identite> = noms
        .iter()
        .map(|(id, nom)| Identite {
            id: (*id).into(),
            nom: (*nom).into(),
            prenom: None,
        })
        .collect();
    let liste = etablir(&m, &identites).unwrap();
    let publies: Vec<&str> = liste.inscrits.iter().map(|i| i.nom.as_str()).collect();
    // « de Gaulle » se range à G (particule en minuscules) ; « Écoffier » entre Dupont et
    // Faure.
    assert_eq!(
        publies,
        [
            "Bernard",
            "Dupont",
            "Écoffier",
            "Faure",
            "de Gaulle",
            "Zola"
        ]
    );
}

#[test]
fn departage_sans_objet() {
    let g = grille(&["anciennete_categorie"]);
    let e = departager_manuellement(&g, &candidats(), Some(5), &[], "x").unwrap_err();
    assert_eq!(e.code, "departage_sans_objet");
}

#[test]
fn cle_inconnue_pour_un_dossier_sautee_et_dite() {
    // L'ancienneté de B est inconnue (carrière incomplète) : la clé ne peut pas départager B
    // et C ; la suivante (rang) le fait, et la ligne dit quelle clé a été sautée.
    let g = grille(&["anciennete_categorie", "rang_autorite"]);
    let cs = vec![
        cand("B", 40.0, None, Some(1)),
        cand("C", 40.0, Some(2500.0), Some(2)),
    ];
    let c = classer(&g, &cs, None);
    assert_eq!(ordre(&c), [("B", 1), ("C", 2)]);
    let d = c.lignes[0].departage_suivant.as_ref().unwrap();
    assert_eq!(d.cle, "rang_autorite");
    assert_eq!(
        d.cles_non_appliquees,
        ["ancienneté dans la catégorie non appliquée (carrière incomplète pour l'un des dossiers)"]
    );
    // Sans quota, tous retenus.
    assert!(c.lignes.iter().all(|l| l.retenu));
}

#[test]
fn totaux_compares_sans_arrondi_d_affichage() {
    // 10,416 et 10,42 s'affichent pareil mais ne sont pas égaux ; 0,1 + 0,2 et 0,3 le sont.
    let g = grille(&[]);
    let c = classer(
        &g,
        &[
            cand("X", 10.42, None, None),
            cand("Y", 125.0 / 12.0, None, None),
        ],
        Some(1),
    );
    assert_eq!(ordre(&c), [("X", 1), ("Y", 2)]);
    assert_eq!(c.lignes[1].total, 10.42);
    let c = classer(
        &g,
        &[cand("X", 0.1 + 0.2, None, None), cand("Y", 0.3, None, None)],
        Some(1),
    );
    assert!(c.lignes.iter().all(|l| l.ex_aequo && l.rang == 1));
    assert_eq!(c.egalite_a_la_limite, ["X", "Y"]);
}

#[test]
fn cle_critere_et_age() {
    // critere:crep : le plus de points d'abord ; âge : le plus âgé d'abord.
    let g = grille(&["critere:crep", "age"]);
    let mut a = cand("A", 10.0, None, None);
    a.points_criteres.insert("crep".into(), 4.0);
    let mut b = cand("B", 10.0, None, None);
    b.points_criteres.insert("crep".into(), 6.0);
    let mut c = cand("C", 10.0, None, None);
    c.points_criteres.insert("crep".into(), 4.0);
    c.faits.date_naissance = Some(jiff::civil::date(1970, 6, 1));
    let r = classer(&g, &[a, b, c], None);
    assert_eq!(ordre(&r), [("B", 1), ("C", 2), ("A", 3)]);
    // Chaque ligne dit la clé qui la sépare du suivant (à défaut, du précédent).
    assert_eq!(
        r.lignes[0].departage.as_deref(),
        Some("départagé par : points du critère « Valeur professionnelle »")
    );
    assert_eq!(
        r.lignes[1].departage.as_deref(),
        Some("départagé par : âge")
    );
    assert_eq!(
        r.lignes[1].departage_precedent.as_ref().unwrap().cle,
        "critere:crep"
    );
    assert_eq!(
        r.lignes[2].departage.as_deref(),
        Some("départagé par : âge")
    );
}

// ------------------------------------------------------------------ Propriétés

/// Total (indice), ancienneté, rang, âge d'un candidat tiré au hasard.
type Spec = (u8, Option<u8>, Option<u8>, Option<u16>);

fn candidat_arbitraire() -> impl Strategy<Value = Spec> {
    (
        0u8..6,
        proptest::option::of(0u8..4),
        proptest::option::of(1u8..4),
        proptest::option::of(0u16..3),
    )
}

fn construire(specs: &[Spec]) -> Vec<CandidatClassement> {
    specs
        .iter()
        .enumerate()
        .map(|(i, &(t, anc, rang, age))| CandidatClassement {
            id: format!("P{i:03}"),
            total: f64::from(t) * 2.5 + 0.1 * f64::from(t % 2),
            points_criteres: BTreeMap::new(),
            faits: FaitsDepartage {
                anciennete_categorie: anc.map(|x| f64::from(x) * 365.0),
                anciennete_fonction_publique: Some(1.0),
                anciennete_grade: None,
                rang_autorite: rang.map(u32::from),
                date_naissance: age.map(|a| jiff::civil::date(1970 + a as i16, 1, 1)),
            },
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn classement_independant_de_l_ordre_d_entree(
        specs in proptest::collection::vec(candidat_arbitraire(), 0..25),
        graine in any::<u64>(),
        postes in proptest::option::of(0u32..10),
    ) {
        let g = grille(&["anciennete_categorie", "rang_autorite", "age"]);
        let cs = construire(&specs);
        let mut melange = cs.clone();
        // Permutation déterministe tirée de la graine.
        let mut x = graine | 1;
        for i in (1..melange.len()).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            melange.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let a = classer(&g, &cs, postes);
        let b = classer(&g, &melange, postes);
        prop_assert_eq!(a, b);
    }

    #[test]
    fn rangs_distincts_sauf_ex_aequo_et_jamais_plus_de_retenus_que_de_postes(
        specs in proptest::collection::vec(candidat_arbitraire(), 0..25),
        postes in proptest::option::of(0u32..10),
    ) {
        let g = grille(&["anciennete_categorie", "rang_autorite", "age"]);
        let c = classer(&g, &construire(&specs), postes);
        let mut par_rang: HashMap<u32, Vec<&droit::classement::LigneClassement>> = HashMap::new();
        for l in &c.lignes {
            par_rang.entry(l.rang).or_default().push(l);
        }
        for lignes in par_rang.values() {
            if lignes.len() > 1 {
                prop_assert!(lignes.iter().all(|l| l.ex_aequo));
            }
        }
        // Totaux décroissants le long du classement.
        for w in c.lignes.windows(2) {
            prop_assert!(w[0].total_exact >= w[1].total_exact - 1e-6);
            prop_assert!(w[0].rang <= w[1].rang);
        }
        let retenus = c.lignes.iter().filter(|l| l.retenu).count() as u32;
        if let Some(p) = postes {
            prop_assert!(retenus <= p);
            // Moins de retenus que de postes et des candidats restants : seulement quand une
            // égalité à cheval sur le dernier poste est signalée.
            if retenus < p && (retenus as usize) < c.lignes.len() {
                prop_assert!(!c.egalite_a_la_limite.is_empty());
                prop_assert_eq!(retenus + c.postes_en_attente, p.min(retenus + c.postes_en_attente));
            }
        } else {
            prop_assert_eq!(retenus as usize, c.lignes.len());
        }
        for l in &c.lignes {
            prop_assert!(!(l.retenu && l.a_departager));
            if l.a_departager {
                prop_assert!(l.ex_aequo);
                prop_assert!(c.egalite_a_la_limite.contains(&l.id));
            }
        }
    }
}
