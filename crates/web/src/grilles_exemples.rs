//! Les grilles d'exemple livrées avec Passerelle (dossier `grilles/` du dépôt, décrites dans
//! `docs/ldg.md` §4) : le centre de gestion peut en charger une en un clic comme nouvelle
//! version de la grille d'une campagne, et la démonstration s'en sert.

/// Une grille d'exemple : son texte JSON, tel que livré.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GrilleExemple {
    /// Nom du fichier dans `grilles/`, sans l'extension.
    pub code: &'static str,
    pub titre: &'static str,
    /// D'où vient la grille et ce qu'elle vaut (docs/ldg.md §4).
    pub origine: &'static str,
    pub texte: &'static str,
}

/// Modèle des LDG de promotion interne du CIG petite couronne, 175 points (docs/ldg.md §4.1).
pub(crate) const CIG_PETITE_COURONNE: GrilleExemple = GrilleExemple {
    code: "cig-petite-couronne-175-points",
    titre: "CIG petite couronne, 175 points",
    origine: "Modèle des lignes directrices de gestion de promotion interne du CIG petite \
              couronne (brochure applicable aux listes 2027) : six lignes, 175 points au plus.",
    texte: include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../grilles/cig-petite-couronne-175-points.json"
    )),
};

/// Critères du guide de la promotion interne du CDG Martinique, points d'exemple
/// (docs/ldg.md §4.2).
pub(crate) const CDG_MARTINIQUE: GrilleExemple = GrilleExemple {
    code: "cdg-martinique-seed-002",
    titre: "CDG Martinique, critères du guide (points d'exemple)",
    origine: "Critères de cotation énumérés par le guide de la promotion interne du CDG \
              Martinique (§II.C). Le guide ne publie pas de barème : les points sont un exemple, \
              à remplacer par ceux qu'arrête le Président du centre de gestion.",
    texte: include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../grilles/cdg-martinique-seed-002.json"
    )),
};

/// Toutes les grilles d'exemple, dans l'ordre de présentation.
pub(crate) const EXEMPLES: [GrilleExemple; 2] = [CIG_PETITE_COURONNE, CDG_MARTINIQUE];

/// La grille d'exemple de ce code.
pub(crate) fn exemple(code: &str) -> Option<GrilleExemple> {
    EXEMPLES.into_iter().find(|g| g.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chaque_grille_d_exemple_est_valide() {
        for g in EXEMPLES {
            let grille = droit::ldg::lire_grille(g.texte)
                .unwrap_or_else(|e| panic!("{} : {:?}", g.code, e.erreurs));
            assert!(!grille.criteres.is_empty(), "{}", g.code);
        }
        // 175 points au plus : docs/ldg.md §4.1 (somme des six plafonds 45 + 30 + 45 + 35 +
        // 17 + 3).
        let cig = droit::ldg::lire_grille(CIG_PETITE_COURONNE.texte).unwrap();
        assert_eq!(cig.points_maximum(), Some(175.0));
        assert!(exemple("inconnue").is_none());
    }
}
