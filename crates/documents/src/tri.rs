//! Ordre alphabétique français des personnes, pour les listes publiées et les annexes.
//!
//! Les clés sont celles du moteur (`droit::liste_aptitude`), pour que l'annexe d'un arrêté et
//! la liste établie par le moteur soient dans le même ordre :
//!
//! 1. le nom sans la particule « de » / « d' » écrite en minuscules en tête (« de Gaulle » se
//!    range à G ; « De Smet », « Le Guen », « La Fontaine » gardent leur première lettre),
//!    minuscules, accents et ligatures repliés (« Œ » = « oe »), espaces, tirets et apostrophes
//!    ignorés (« Le Guen » = « Leguen », « Martin-Bois » = « Martinbois ») ;
//! 2. le prénom, replié de la même façon ;
//! 3. les accents du nom puis du prénom, au second niveau (« Cote » < « Coté » < « Côte ») ;
//! 4. le nom et le prénom tels qu'écrits, pour un ordre total et reproductible.

use std::cmp::Ordering;

use droit::liste_aptitude::{cle_accents, cle_alphabetique, cle_nom_publication};

/// Clé de tri d'une personne (nom, prénom).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CleTri {
    nom: String,
    prenom: String,
    accents_nom: Vec<u8>,
    accents_prenom: Vec<u8>,
    nom_ecrit: String,
    prenom_ecrit: String,
}

/// La clé de tri d'une personne.
pub fn cle_tri(nom: &str, prenom: &str) -> CleTri {
    CleTri {
        nom: cle_nom_publication(nom),
        prenom: cle_alphabetique(prenom),
        accents_nom: cle_accents(nom),
        accents_prenom: cle_accents(prenom),
        nom_ecrit: nom.to_owned(),
        prenom_ecrit: prenom.to_owned(),
    }
}

/// Compare deux personnes dans l'ordre alphabétique français.
pub fn comparer(a: (&str, &str), b: (&str, &str)) -> Ordering {
    cle_tri(a.0, a.1).cmp(&cle_tri(b.0, b.1))
}

/// Trie des éléments dans l'ordre alphabétique français de la personne qu'ils désignent
/// (`personne` rend le nom et le prénom). Tri stable, clés calculées une fois par élément.
pub fn trier_par_personne<T>(elements: &mut [T], personne: impl Fn(&T) -> (&str, &str)) {
    elements.sort_by_cached_key(|e| {
        let (nom, prenom) = personne(e);
        cle_tri(nom, prenom)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trie(noms: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut v = noms.to_vec();
        trier_par_personne(&mut v, |p| (p.0, p.1));
        v
    }

    #[test]
    fn particule_de_en_minuscules_ignoree() {
        // « de Gaulle » se range à G (usage typographique français), « De Smet » à D.
        assert_eq!(
            trie(&[
                ("de Gaulle", "Anne"),
                ("Gautier", "Luc"),
                ("De Smet", "Paul"),
                ("Faure", "Eva")
            ]),
            [
                ("De Smet", "Paul"),
                ("Faure", "Eva"),
                ("de Gaulle", "Anne"),
                ("Gautier", "Luc")
            ]
        );
    }

    #[test]
    fn article_le_garde_espaces_et_tirets_ignores() {
        // « Le Guen » = « leguen » : entre « Lefort » et « Lemaire » ; « Martin-Bois » =
        // « martinbois » : après « Martin » (préfixe) et avant « Martinez ».
        assert_eq!(
            trie(&[
                ("Lemaire", "A"),
                ("Martinez", "A"),
                ("Le Guen", "A"),
                ("Martin-Bois", "A"),
                ("Lefort", "A"),
                ("Martin", "A"),
            ]),
            [
                ("Lefort", "A"),
                ("Le Guen", "A"),
                ("Lemaire", "A"),
                ("Martin", "A"),
                ("Martin-Bois", "A"),
                ("Martinez", "A"),
            ]
        );
    }

    #[test]
    fn accents_au_second_niveau_et_prenom_ensuite() {
        // « Écoffier » à E (et non après Z) ; à nom égal, le prénom décide ; à clés égales
        // sans accents, « é » avant « è » (Lefévre < Lefèvre).
        assert_eq!(
            trie(&[
                ("Zola", "Émile"),
                ("Lefèvre", "Anne"),
                ("Écoffier", "Jean"),
                ("Lefévre", "Anne"),
                ("Dupont", "Marie"),
                ("Dupont", "Émilie"),
                ("Œuvray", "Jean"),
            ]),
            [
                ("Dupont", "Émilie"),
                ("Dupont", "Marie"),
                ("Écoffier", "Jean"),
                ("Lefévre", "Anne"),
                ("Lefèvre", "Anne"),
                ("Œuvray", "Jean"),
                ("Zola", "Émile"),
            ]
        );
    }

    #[test]
    fn apostrophes_droite_et_typographique() {
        // « d'Estaing » et « d’Arc » se rangent à E et A ; « D'Aubigné » (majuscule) à D.
        assert_eq!(
            trie(&[
                ("d'Estaing", "V"),
                ("D'Aubigné", "A"),
                ("d\u{2019}Arc", "J"),
                ("Bernard", "B")
            ]),
            [
                ("d\u{2019}Arc", "J"),
                ("Bernard", "B"),
                ("D'Aubigné", "A"),
                ("d'Estaing", "V")
            ]
        );
    }
}
