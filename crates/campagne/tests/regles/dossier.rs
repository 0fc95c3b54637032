//! Liste de contrôle de l'employeur : pièces et faits attendus par la grille.

use campagne::dossier::{faits_attendus, pieces_attendues};
use droit::eligibilite::Voie;
use droit::piece::TypePiece;

use super::grille_du_depot;

#[test]
fn pieces_attendues_par_la_grille_du_cig() {
    let g = grille_du_depot("cig-petite-couronne-175-points.json");
    let p = pieces_attendues(&g, "attache", Voie::Choix, &[TypePiece::Crep]);
    let types: Vec<TypePiece> = p.iter().map(|x| x.type_piece).collect();
    use TypePiece::*;
    assert_eq!(
        types,
        [
            Crep,
            FichePoste,
            Organigramme,
            ArreteNomination,
            AttestationFormationCnfpt,
            AttestationExamen,
            Diplome,
            AttestationsFormations,
            Autre
        ]
    );
    // L'attestation du CNFPT conditionne la recevabilité (décret n° 2008-512 art. 16).
    let cnfpt = p
        .iter()
        .find(|x| x.type_piece == AttestationFormationCnfpt)
        .unwrap();
    assert!(cnfpt.obligatoire && !cnfpt.presente);
    let crep = p.iter().find(|x| x.type_piece == Crep).unwrap();
    assert!(crep.presente && !crep.obligatoire);
    assert_eq!(
        crep.lignes,
        ["1. Valeur professionnelle : les 5 critères du dernier CREP"]
    );
    // Voie de l'examen vers le rédacteur principal : la ligne 5 ne s'applique pas, ses
    // attestations de formation ne sont pas attendues.
    let p = pieces_attendues(&g, "redacteur_principal_2e_classe", Voie::Examen, &[]);
    assert!(p.iter().all(|x| x.type_piece != AttestationsFormations));
}

#[test]
fn faits_attendus_par_la_grille_du_cig() {
    let g = grille_du_depot("cig-petite-couronne-175-points.json");
    let f = faits_attendus(&g, "attache", Voie::Choix);
    let champs: Vec<&str> = f.iter().map(|x| x.champ.as_str()).collect();
    assert_eq!(
        champs,
        [
            "crep",
            "decharge_syndicale_sans_crep",
            "niveau_fonctions",
            "fonctions_depuis_3_ans",
            "agents_evalues",
            "entree_categorie_par_concours",
            "examen_avancement_categorie",
            "examen_cible_obtenu",
            "jours_formation",
            "preparation_concours_examen",
            "niveau_diplome"
        ]
    );
    let niveau = &f[2];
    assert_eq!(niveau.nature, "valeur");
    // Cible de catégorie A : le niveau stratégique est ouvert.
    assert!(niveau.valeurs.contains(&"strategique".to_owned()));
    let f = faits_attendus(&g, "redacteur", Voie::Choix);
    let niveau = f.iter().find(|x| x.champ == "niveau_fonctions").unwrap();
    assert!(!niveau.valeurs.contains(&"strategique".to_owned()));
}
