//! Traduction française des erreurs de désérialisation (serde, serde_json, jiff).
//!
//! Le schéma borné arrête presque toutes les erreurs avant la désérialisation ; celles qui
//! passeraient encore sont reformulées ici à partir des phrases fixes de serde (« unknown
//! field `x`, expected one of `a`, `b` », « missing field `x` », « invalid type: string "x",
//! expected u32 »…). Une phrase inconnue donne un message français générique : aucun texte
//! anglais de bibliothèque n'atteint l'utilisateur.

/// Code d'erreur et message français pour le message anglais d'une erreur serde.
pub(crate) fn traduire(anglais: &str) -> (&'static str, String) {
    let m = match anglais.find(" at line ") {
        Some(i) => &anglais[..i],
        None => anglais,
    };
    if let Some(reste) = m.strip_prefix("unknown field ") {
        let (nom, admis) = nom_et_alternatives(reste);
        return (
            "champ_inconnu",
            match admis {
                Some(a) => format!("Champ inconnu « {nom} » ; champs admis ici : {a}."),
                None => format!("Champ inconnu « {nom} » : aucun champ n'est admis ici."),
            },
        );
    }
    if let Some(reste) = m.strip_prefix("unknown variant ") {
        let (nom, admis) = nom_et_alternatives(reste);
        return (
            "code_inconnu",
            match admis {
                Some(a) => format!("Code inconnu \"{nom}\" ; codes admis : {a}."),
                None => format!("Code inconnu \"{nom}\"."),
            },
        );
    }
    if let Some(reste) = m.strip_prefix("missing field ") {
        return (
            "champ_manquant",
            format!(
                "Champ obligatoire « {} » absent de cet objet.",
                entre_accents(reste)
            ),
        );
    }
    if let Some(reste) = m.strip_prefix("duplicate field ") {
        return (
            "champ_en_double",
            format!(
                "Le champ « {} » apparaît deux fois dans le même objet ; chaque champ ne peut être donné qu'une fois.",
                entre_accents(reste)
            ),
        );
    }
    for (prefixe, code) in [
        ("invalid type: ", "type_invalide"),
        ("invalid value: ", "valeur_invalide"),
    ] {
        if let Some(reste) = m.strip_prefix(prefixe)
            && let Some(i) = reste.rfind(", expected ")
        {
            let recu = recu_fr(&reste[..i]);
            let attendu = attendu_fr(&reste[i + ", expected ".len()..]);
            return (code, format!("{attendu}, reçu {recu}."));
        }
    }
    if let Some(reste) = m.strip_prefix("invalid length ")
        && let Some(i) = reste.find(", expected ")
    {
        return (
            "valeur_invalide",
            format!(
                "Nombre d'éléments inattendu ({}) ; attendu : {}.",
                &reste[..i],
                attendu_fr(&reste[i + ", expected ".len()..]).to_lowercase()
            ),
        );
    }
    // Erreurs libres des bibliothèques (lecture d'une date par jiff…) : on ne les cite pas.
    let date = ["date", "month", "year", "day", "digit", "civil"]
        .iter()
        .any(|x| m.contains(x));
    if date {
        return (
            "date_invalide",
            "Date attendue au format AAAA-MM-JJ, avec un jour qui existe dans le mois.".into(),
        );
    }
    (
        "entree_invalide",
        "Valeur invalide à cet endroit : elle ne correspond pas à ce que le contrat attend.".into(),
    )
}

/// `` `x`, expected one of `a`, `b` `` → (`x`, `a, b`).
fn nom_et_alternatives(reste: &str) -> (String, Option<String>) {
    let nom = entre_accents(reste);
    let apres = reste
        .get(nom.len() + 2..)
        .unwrap_or_default()
        .trim_start_matches(", ");
    let admis = apres
        .strip_prefix("expected one of ")
        .or_else(|| apres.strip_prefix("expected "))
        .map(|liste| {
            liste
                .split(", ")
                .flat_map(|x| x.split(" or "))
                .map(|x| x.trim_matches('`'))
                .collect::<Vec<_>>()
                .join(", ")
        });
    (nom, admis)
}

/// Texte entre les premiers accents graves (le nom d'un champ ne contient pas d'accent grave
/// dans nos types ; un nom reçu qui en contient est abrégé, sans conséquence).
fn entre_accents(s: &str) -> String {
    let s = s.strip_prefix('`').unwrap_or(s);
    match s.find('`') {
        Some(i) => s[..i].to_owned(),
        None => s.to_owned(),
    }
}

/// Valeur reçue, selon l'affichage de `serde::de::Unexpected`.
fn recu_fr(u: &str) -> String {
    let valeur = || entre_accents(u.split_once(' ').map_or("", |x| x.1));
    if let Some(s) = u.strip_prefix("string ") {
        format!("le texte {}", super::citer(s.trim_matches('"')))
    } else if let Some(f) = u.strip_prefix("floating point ") {
        format!("le nombre {}", entre_accents(f))
    } else if u.starts_with("integer ") {
        format!("le nombre {}", valeur())
    } else if u.starts_with("boolean ") {
        format!("la valeur {}", valeur())
    } else if u == "sequence" {
        "une liste".into()
    } else if u == "map" {
        "un objet".into()
    } else if u == "null" || u == "unit value" || u == "Option value" {
        "null".into()
    } else {
        "une valeur d'un autre type".into()
    }
}

/// Valeur attendue, selon l'affichage de `serde::de::Expected` pour nos types, en tête de
/// phrase.
fn attendu_fr(e: &str) -> String {
    match e {
        "a string" | "a borrowed string" | "string" => "Texte entre guillemets attendu".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "Nombre entier positif ou nul attendu".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "Nombre entier attendu".into(),
        "f32" | "f64" => "Nombre attendu".into(),
        "a boolean" => "Valeur true ou false attendue".into(),
        "a sequence" => "Liste attendue".into(),
        "a map" => "Objet attendu".into(),
        _ if e.starts_with("struct ") => "Objet attendu".into(),
        _ if e.starts_with("enum ") || e.contains("variant") => "Code attendu".into(),
        _ if e.contains("date") => "Date attendue au format AAAA-MM-JJ".into(),
        _ => "Valeur d'un autre type attendue".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_de_serde_traduites() {
        let cas = [
            (
                "unknown field `x`, expected one of `debut`, `fin`",
                "champ_inconnu",
                "Champ inconnu « x » ; champs admis ici : debut, fin.",
            ),
            (
                "unknown field `x`, there are no fields",
                "champ_inconnu",
                "Champ inconnu « x » : aucun champ n'est admis ici.",
            ),
            (
                "unknown variant `x`, expected `a` or `b`",
                "code_inconnu",
                "Code inconnu \"x\" ; codes admis : a, b.",
            ),
            (
                "missing field `debut`",
                "champ_manquant",
                "Champ obligatoire « debut » absent de cet objet.",
            ),
            (
                "duplicate field `annee` at line 1 column 20",
                "champ_en_double",
                "Le champ « annee » apparaît deux fois dans le même objet ; chaque champ ne peut être donné qu'une fois.",
            ),
            (
                "invalid type: string \"2026\", expected i32",
                "type_invalide",
                "Nombre entier attendu, reçu le texte \"2026\".",
            ),
            (
                "invalid value: integer `-5`, expected u32",
                "valeur_invalide",
                "Nombre entier positif ou nul attendu, reçu le nombre -5.",
            ),
            (
                "invalid type: floating point `1000.0`, expected u32",
                "type_invalide",
                "Nombre entier positif ou nul attendu, reçu le nombre 1000.0.",
            ),
            (
                "invalid type: map, expected a sequence",
                "type_invalide",
                "Liste attendue, reçu un objet.",
            ),
            (
                "invalid type: sequence, expected struct Periode",
                "type_invalide",
                "Objet attendu, reçu une liste.",
            ),
            (
                "failed to parse two digit integer as month: invalid digit, expected 0-9 but got -",
                "date_invalide",
                "Date attendue au format AAAA-MM-JJ, avec un jour qui existe dans le mois.",
            ),
        ];
        for (anglais, code, francais) in cas {
            assert_eq!(traduire(anglais), (code, francais.to_owned()), "{anglais}");
        }
        assert_eq!(traduire("something else").0, "entree_invalide");
    }
}
