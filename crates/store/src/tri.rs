//! Clé de tri française : sans accents ni ligatures, en minuscules, calculée en Rust pour
//! que SQLite et PostgreSQL trient de la même façon, quelle que soit leur collation.

/// Clé de tri normalisée d'un libellé (« Étienne » → « etienne », « Œuvre » → « oeuvre »).
pub fn cle_tri(texte: &str) -> String {
    let mut cle = String::with_capacity(texte.len());
    for c in texte.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => cle.push('a'),
            'ç' | 'ć' | 'č' => cle.push('c'),
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ě' => cle.push('e'),
            'î' | 'ï' | 'í' | 'ì' => cle.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' | 'ø' => cle.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => cle.push('u'),
            'ÿ' | 'ý' => cle.push('y'),
            'ñ' | 'ń' => cle.push('n'),
            'š' | 'ś' => cle.push('s'),
            'ž' | 'ź' | 'ż' => cle.push('z'),
            'œ' => cle.push_str("oe"),
            'æ' => cle.push_str("ae"),
            'ß' => cle.push_str("ss"),
            // Apostrophes typographiques et tirets : ramenés à leur forme simple.
            '’' | 'ʼ' => cle.push('\''),
            '‐' | '‑' | '–' | '—' => cle.push('-'),
            autre => cle.push(autre),
        }
    }
    cle
}

#[cfg(test)]
mod tests {
    use super::cle_tri;

    #[test]
    fn accents_ligatures_et_casse_sont_neutralises() {
        assert_eq!(cle_tri("Saint-Étienne"), "saint-etienne");
        assert_eq!(cle_tri("ŒUVRE Çà"), "oeuvre ca");
        assert_eq!(cle_tri("  L’Haÿ-les-Roses "), "l'hay-les-roses");
    }

    #[test]
    fn l_ordre_francais_place_les_accentues_avec_leur_lettre() {
        // Un tri binaire placerait « Émile » après « Zoé » ; l'ordre alphabétique français non.
        let mut noms = vec!["Zoé", "Émile", "Eugène", "élodie"];
        noms.sort_by_key(|n| cle_tri(n));
        assert_eq!(noms, vec!["élodie", "Émile", "Eugène", "Zoé"]);
    }
}
