//! Le schéma JSON d'une entrée, compilé en règles, et la vérification d'un document contre
//! ces règles avec des messages en français qui disent ce qui était attendu et où.
//!
//! Les schémas sont générés des types Rust (schemars) puis bornés ([`super::bornes`]) : ce
//! que vérifie le lecteur est exactement ce que publient les schémas de `schemas/`. Seule la
//! petite partie de JSON Schema que produit schemars pour nos types est reconnue ; le reste
//! est accepté tel quel et laissé à la désérialisation.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::bornes::{LISTE_MAX_PAR_DEFAUT, LONGUEUR_TEXTE_MAX};
use super::date::{FormeDate, lire_date_iso};
use super::{citer, guillemets};
use crate::erreur::ErreurEntree;

/// Une règle du modèle ; les références entre règles sont des indices dans [`Modele::regles`].
#[derive(Debug, Clone)]
enum Regle {
    Objet {
        champs: Vec<(String, usize)>,
        requis: Vec<String>,
        /// Table de clés libres (`additionalProperties` donné par un schéma : `BTreeMap`,
        /// `serde_json::Map`…) : règle des valeurs et nombre maximal de clés.
        libres: Option<(usize, usize)>,
    },
    Liste {
        element: usize,
        max: usize,
    },
    Texte {
        max: usize,
    },
    Date,
    Codes(Vec<String>),
    Entier {
        min: f64,
        max: f64,
    },
    Nombre {
        min: f64,
        max: f64,
    },
    Booleen,
    Nul,
    OuNul(usize),
    UneDe(Vec<usize>),
    Tout,
}

/// Schéma compilé.
#[derive(Debug)]
pub(crate) struct Modele {
    regles: Vec<Regle>,
    racine: usize,
}

impl Modele {
    /// Compile un schéma (racine et `$defs`).
    pub(crate) fn compiler(schema: &Value) -> Modele {
        let defs = schema
            .get("$defs")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut c = Compilateur {
            defs: &defs,
            regles: Vec::new(),
            deja: HashMap::new(),
        };
        let racine = c.compiler(schema);
        Modele {
            regles: c.regles,
            racine,
        }
    }

    /// Vérifie un document ; la première erreur, dans l'ordre du document, est rendue.
    pub(crate) fn verifier(&self, v: &Value) -> Result<(), ErreurEntree> {
        let mut chemin = String::new();
        self.verifier_regle(self.racine, v, &mut chemin)
    }

    fn verifier_regle(&self, r: usize, v: &Value, chemin: &mut String) -> Result<(), ErreurEntree> {
        match &self.regles[r] {
            Regle::Tout => Ok(()),
            Regle::Nul => v
                .is_null()
                .then_some(())
                .ok_or_else(|| self.mauvais_type(r, v, chemin)),
            Regle::Booleen => v
                .is_boolean()
                .then_some(())
                .ok_or_else(|| self.mauvais_type(r, v, chemin)),
            Regle::OuNul(x) => {
                if v.is_null() {
                    Ok(())
                } else {
                    self.verifier_regle(*x, v, chemin).map_err(|mut e| {
                        if e.code == "type_invalide" && e.chemin.len() == chemin.len() {
                            e.message =
                                format!("{} (ou null), reçu {}.", self.attendu(*x), recu(v));
                        }
                        e
                    })
                }
            }
            Regle::UneDe(alternatives) => {
                let mut premiere = None;
                for a in alternatives {
                    match self.verifier_regle(*a, v, chemin) {
                        Ok(()) => return Ok(()),
                        Err(e) => {
                            premiere.get_or_insert(e);
                        }
                    }
                }
                Err(premiere.unwrap_or_else(|| self.mauvais_type(r, v, chemin)))
            }
            Regle::Texte { max } => {
                let Value::String(s) = v else {
                    return Err(self.mauvais_type(r, v, chemin));
                };
                verifier_texte(s, *max, chemin)
            }
            Regle::Date => {
                let Value::String(s) = v else {
                    return Err(self.mauvais_type(r, v, chemin));
                };
                lire_date_iso(s).map(|_| ()).map_err(|d| {
                    ErreurEntree::new(d.code(), d.message(s, FormeDate::Iso), chemin.clone())
                })
            }
            Regle::Codes(codes) => {
                let Value::String(s) = v else {
                    return Err(self.mauvais_type(r, v, chemin));
                };
                if codes.iter().any(|c| c == s) {
                    Ok(())
                } else {
                    Err(ErreurEntree::code_inconnu(
                        format!(
                            "Code inconnu {} ; codes admis : {}.",
                            citer(s),
                            codes.join(", ")
                        ),
                        chemin.clone(),
                    ))
                }
            }
            Regle::Entier { min, max } => {
                let Value::Number(n) = v else {
                    return Err(self.mauvais_type(r, v, chemin));
                };
                let x = if let Some(i) = n.as_i64() {
                    i as f64
                } else if let Some(u) = n.as_u64() {
                    u as f64
                } else {
                    return Err(ErreurEntree::new(
                        "type_invalide",
                        format!("Nombre entier attendu, reçu le nombre {n}."),
                        chemin.clone(),
                    ));
                };
                dans_les_bornes(x, &n.to_string(), *min, *max, chemin)
            }
            Regle::Nombre { min, max } => {
                let Value::Number(n) = v else {
                    return Err(self.mauvais_type(r, v, chemin));
                };
                let x = n.as_f64().unwrap_or(f64::NAN);
                dans_les_bornes(x, &n.to_string(), *min, *max, chemin)
            }
            Regle::Liste { element, max } => {
                let Value::Array(elements) = v else {
                    return Err(self.mauvais_type(r, v, chemin));
                };
                if elements.len() > *max {
                    return Err(ErreurEntree::new(
                        "liste_trop_longue",
                        format!(
                            "Liste trop longue : {} éléments reçus, {max} au plus sont admis ici.",
                            elements.len()
                        ),
                        chemin.clone(),
                    ));
                }
                for (i, x) in elements.iter().enumerate() {
                    let n = chemin.len();
                    chemin.push('/');
                    chemin.push_str(&i.to_string());
                    let r = self.verifier_regle(*element, x, chemin);
                    chemin.truncate(n);
                    r?;
                }
                Ok(())
            }
            Regle::Objet {
                champs,
                requis,
                libres,
            } => {
                let Value::Object(m) = v else {
                    return Err(self.mauvais_type(r, v, chemin));
                };
                self.verifier_objet(champs, requis, *libres, m, chemin)
            }
        }
    }

    fn verifier_objet(
        &self,
        champs: &[(String, usize)],
        requis: &[String],
        libres: Option<(usize, usize)>,
        m: &Map<String, Value>,
        chemin: &mut String,
    ) -> Result<(), ErreurEntree> {
        if let Some((_, max)) = libres
            && m.len() > max
        {
            return Err(ErreurEntree::new(
                "liste_trop_longue",
                format!(
                    "Objet trop grand : {} clés reçues, {max} au plus sont admises ici.",
                    m.len()
                ),
                chemin.clone(),
            ));
        }
        for cle in m.keys() {
            if let Some((r, _)) = libres
                && !champs.iter().any(|(c, _)| c == cle)
            {
                verifier_texte(
                    cle,
                    LONGUEUR_TEXTE_MAX,
                    &format!("{chemin}/{}", echapper(cle)),
                )?;
                let n = chemin.len();
                chemin.push('/');
                chemin.push_str(&echapper(cle));
                let resultat = self.verifier_regle(r, &m[cle], chemin);
                chemin.truncate(n);
                resultat?;
                continue;
            }
            if !champs.iter().any(|(c, _)| c == cle) {
                let noms: Vec<&str> = champs.iter().map(|(c, _)| c.as_str()).collect();
                return Err(ErreurEntree::new(
                    "champ_inconnu",
                    format!(
                        "Champ inconnu {} ; champs admis ici : {}.",
                        guillemets(cle),
                        noms.join(", ")
                    ),
                    format!("{chemin}/{}", echapper(cle)),
                ));
            }
        }
        for r in requis {
            if !m.contains_key(r) {
                return Err(ErreurEntree::new(
                    "champ_manquant",
                    format!("Champ obligatoire {} absent de cet objet.", guillemets(r)),
                    chemin.clone(),
                ));
            }
        }
        for (cle, x) in m {
            let Some((_, r)) = champs.iter().find(|(c, _)| c == cle) else {
                continue;
            };
            let n = chemin.len();
            chemin.push('/');
            chemin.push_str(&echapper(cle));
            let resultat = self.verifier_regle(*r, x, chemin);
            chemin.truncate(n);
            resultat?;
        }
        Ok(())
    }

    fn mauvais_type(&self, r: usize, v: &Value, chemin: &str) -> ErreurEntree {
        ErreurEntree::new(
            "type_invalide",
            format!("{}, reçu {}.", self.attendu(r), recu(v)),
            chemin,
        )
    }

    /// Ce qui est attendu, en tête de phrase (« Date attendue au format AAAA-MM-JJ »).
    fn attendu(&self, r: usize) -> String {
        match &self.regles[r] {
            Regle::Objet { champs, .. } => {
                let noms: Vec<&str> = champs.iter().map(|(c, _)| c.as_str()).collect();
                if noms.is_empty() {
                    "Objet attendu".to_owned()
                } else {
                    format!("Objet attendu (champs : {})", noms.join(", "))
                }
            }
            Regle::Liste { .. } => "Liste attendue".to_owned(),
            Regle::Texte { .. } => "Texte entre guillemets attendu".to_owned(),
            Regle::Date => "Date attendue au format AAAA-MM-JJ".to_owned(),
            Regle::Codes(c) => format!("Code attendu parmi : {}", c.join(", ")),
            Regle::Entier { .. } => "Nombre entier attendu".to_owned(),
            Regle::Nombre { .. } => "Nombre attendu".to_owned(),
            Regle::Booleen => "Valeur true ou false attendue".to_owned(),
            Regle::Nul => "Valeur null attendue".to_owned(),
            Regle::OuNul(x) => format!("{} (ou null)", self.attendu(*x)),
            Regle::UneDe(v) => v
                .iter()
                .map(|x| self.attendu(*x))
                .collect::<Vec<_>>()
                .join(", ou "),
            Regle::Tout => "Valeur attendue".to_owned(),
        }
    }
}

/// Texte : longueur et caractères de contrôle.
fn verifier_texte(s: &str, max: usize, chemin: &str) -> Result<(), ErreurEntree> {
    if let Some(c) = s.chars().find(|c| c.is_control()) {
        return Err(ErreurEntree::new(
            "caractere_interdit",
            format!(
                "Caractère de contrôle interdit (U+{:04X}) dans le texte {}.",
                c as u32,
                citer(s)
            ),
            chemin,
        ));
    }
    let n = s.chars().count();
    if n > max {
        return Err(ErreurEntree::new(
            "texte_trop_long",
            format!("Texte trop long : {n} caractères reçus, {max} au plus sont admis ici."),
            chemin,
        ));
    }
    Ok(())
}

fn dans_les_bornes(
    x: f64,
    texte: &str,
    min: f64,
    max: f64,
    chemin: &str,
) -> Result<(), ErreurEntree> {
    if x.is_finite() && x >= min && x <= max {
        return Ok(());
    }
    Err(ErreurEntree::hors_bornes(
        format!(
            "Nombre hors des bornes admises : reçu {texte}, attendu de {} à {}.",
            nombre_fr(min),
            nombre_fr(max)
        ),
        chemin,
    ))
}

/// Nombre écrit à la française, sans décimales inutiles (« 1 000 000 », « 50 », « 0,5 »).
fn nombre_fr(x: f64) -> String {
    // Les nombres de quatre chiffres (les années) ne sont pas groupés.
    if x.fract() == 0.0 && x.abs() < 10_000.0 {
        format!("{}", x as i64)
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        let s = format!("{}", x.abs() as i64);
        let mut groupes: Vec<&str> = Vec::new();
        let mut fin = s.len();
        while fin > 3 {
            groupes.push(&s[fin - 3..fin]);
            fin -= 3;
        }
        groupes.push(&s[..fin]);
        groupes.reverse();
        let signe = if x < 0.0 { "-" } else { "" };
        format!("{signe}{}", groupes.join("\u{202f}"))
    } else {
        x.to_string().replace('.', ",")
    }
}

/// Ce qui a été reçu, en fin de phrase (« le texte "2026" », « une liste »).
fn recu(v: &Value) -> String {
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("la valeur {b}"),
        Value::Number(n) => format!("le nombre {n}"),
        Value::String(s) => format!("le texte {}", citer(s)),
        Value::Array(a) if a.is_empty() => "une liste vide".to_owned(),
        Value::Array(_) => "une liste".to_owned(),
        Value::Object(_) => "un objet".to_owned(),
    }
}

/// Segment de pointeur JSON (RFC 6901).
fn echapper(cle: &str) -> String {
    cle.replace('~', "~0").replace('/', "~1")
}

struct Compilateur<'a> {
    defs: &'a Map<String, Value>,
    regles: Vec<Regle>,
    deja: HashMap<String, usize>,
}

impl Compilateur<'_> {
    fn ajouter(&mut self, r: Regle) -> usize {
        self.regles.push(r);
        self.regles.len() - 1
    }

    fn compiler(&mut self, s: &Value) -> usize {
        let Some(o) = s.as_object() else {
            // `true` : tout est admis ; `false` n'apparaît pas dans nos schémas.
            return self.ajouter(Regle::Tout);
        };
        if let Some(r) = o.get("$ref").and_then(Value::as_str) {
            let nom = r.trim_start_matches("#/$defs/").to_owned();
            if let Some(&i) = self.deja.get(&nom) {
                return i;
            }
            let i = self.ajouter(Regle::Tout);
            self.deja.insert(nom.clone(), i);
            if let Some(def) = self.defs.get(&nom) {
                let def = def.clone();
                let r = self.compiler(&def);
                self.regles[i] = self.regles[r].clone();
            }
            return i;
        }
        if let Some(alternatives) = o
            .get("oneOf")
            .or_else(|| o.get("anyOf"))
            .and_then(Value::as_array)
        {
            return self.alternatives(alternatives);
        }
        if let Some(codes) = o.get("enum").and_then(Value::as_array) {
            let codes: Vec<String> = codes
                .iter()
                .filter_map(|c| c.as_str().map(str::to_owned))
                .collect();
            return self.ajouter(Regle::Codes(codes));
        }
        if let Some(c) = o.get("const").and_then(Value::as_str) {
            return self.ajouter(Regle::Codes(vec![c.to_owned()]));
        }
        let types: Vec<&str> = match o.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(v)) => v.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let avec_nul = types.contains(&"null");
        let autres: Vec<&str> = types.into_iter().filter(|t| *t != "null").collect();
        let regle = match autres.as_slice() {
            [] if avec_nul => return self.ajouter(Regle::Nul),
            [] => Regle::Tout,
            [t] => self.selon_type(t, o),
            plusieurs => {
                let v: Vec<usize> = plusieurs
                    .iter()
                    .map(|t| {
                        let r = self.selon_type(t, o);
                        self.ajouter(r)
                    })
                    .collect();
                Regle::UneDe(v)
            }
        };
        let i = self.ajouter(regle);
        if avec_nul {
            self.ajouter(Regle::OuNul(i))
        } else {
            i
        }
    }

    fn alternatives(&mut self, alternatives: &[Value]) -> usize {
        let compilees: Vec<usize> = alternatives.iter().map(|a| self.compiler(a)).collect();
        // Une énumération (codes, codes commentés un à un) : une seule liste de codes.
        let mut codes = Vec::new();
        let mut que_des_codes = true;
        let mut nul = false;
        let mut autres = Vec::new();
        for &i in &compilees {
            match &self.regles[i] {
                Regle::Codes(c) => codes.extend(c.iter().cloned()),
                Regle::Nul => nul = true,
                _ => {
                    que_des_codes = false;
                    autres.push(i);
                }
            }
        }
        let base = if que_des_codes && !codes.is_empty() {
            self.ajouter(Regle::Codes(codes))
        } else if autres.len() == 1 && codes.is_empty() {
            autres[0]
        } else {
            let v: Vec<usize> = compilees
                .into_iter()
                .filter(|i| !matches!(self.regles[*i], Regle::Nul))
                .collect();
            self.ajouter(Regle::UneDe(v))
        };
        if nul {
            self.ajouter(Regle::OuNul(base))
        } else {
            base
        }
    }

    fn selon_type(&mut self, t: &str, o: &Map<String, Value>) -> Regle {
        let f = |k: &str| o.get(k).and_then(Value::as_f64);
        match t {
            "object" => {
                let mut champs = Vec::new();
                if let Some(p) = o.get("properties").and_then(Value::as_object) {
                    for (nom, s) in p {
                        let i = self.compiler(s);
                        champs.push((nom.clone(), i));
                    }
                }
                let requis = o
                    .get("required")
                    .and_then(Value::as_array)
                    .map(|v| {
                        v.iter()
                            .filter_map(|x| x.as_str().map(str::to_owned))
                            .collect()
                    })
                    .unwrap_or_default();
                // Clés libres : `additionalProperties` donné par un schéma (un `true` vaut
                // « toute valeur ») ; absent ou `false` : seuls les champs déclarés.
                let libres = match o.get("additionalProperties") {
                    Some(Value::Bool(true)) => Some(self.ajouter(Regle::Tout)),
                    Some(a @ Value::Object(_)) => Some(self.compiler(a)),
                    _ => None,
                }
                .map(|r| {
                    let max = o
                        .get("maxProperties")
                        .and_then(Value::as_u64)
                        .map_or(LISTE_MAX_PAR_DEFAUT, |m| m as usize);
                    (r, max)
                });
                Regle::Objet {
                    champs,
                    requis,
                    libres,
                }
            }
            "array" => {
                let element = match o.get("items") {
                    Some(s) => self.compiler(s),
                    None => self.ajouter(Regle::Tout),
                };
                let max = o
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .map_or(LISTE_MAX_PAR_DEFAUT, |m| m as usize);
                Regle::Liste { element, max }
            }
            "string" => match o.get("format").and_then(Value::as_str) {
                Some("date") => Regle::Date,
                _ => Regle::Texte {
                    max: o
                        .get("maxLength")
                        .and_then(Value::as_u64)
                        .map_or(LONGUEUR_TEXTE_MAX, |m| m as usize),
                },
            },
            "integer" => {
                let (fmin, fmax) = bornes_du_format(o.get("format").and_then(Value::as_str));
                Regle::Entier {
                    min: f("minimum").map_or(fmin, |m| m.max(fmin)),
                    max: f("maximum").map_or(fmax, |m| m.min(fmax)),
                }
            }
            "number" => Regle::Nombre {
                min: f("minimum").unwrap_or(f64::MIN),
                max: f("maximum").unwrap_or(f64::MAX),
            },
            "boolean" => Regle::Booleen,
            "null" => Regle::Nul,
            _ => Regle::Tout,
        }
    }
}

/// Intervalle d'un entier selon son format schemars (type Rust).
fn bornes_du_format(format: Option<&str>) -> (f64, f64) {
    match format {
        Some("uint8") => (0.0, f64::from(u8::MAX)),
        Some("uint16") => (0.0, f64::from(u16::MAX)),
        Some("uint32") => (0.0, f64::from(u32::MAX)),
        Some("uint64" | "uint") => (0.0, u64::MAX as f64),
        Some("int8") => (f64::from(i8::MIN), f64::from(i8::MAX)),
        Some("int16") => (f64::from(i16::MIN), f64::from(i16::MAX)),
        Some("int32") => (f64::from(i32::MIN), f64::from(i32::MAX)),
        _ => (i64::MIN as f64, i64::MAX as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nombres_a_la_francaise() {
        assert_eq!(nombre_fr(1_000_000.0), "1\u{202f}000\u{202f}000");
        assert_eq!(nombre_fr(50.0), "50");
        assert_eq!(nombre_fr(0.5), "0,5");
        assert_eq!(
            nombre_fr(-2_147_483_648.0),
            "-2\u{202f}147\u{202f}483\u{202f}648"
        );
    }

    #[test]
    fn schema_minimal() {
        let m = Modele::compiler(&json!({
            "type": "object",
            "properties": {
                "d": {"type": ["string", "null"], "format": "date"},
                "l": {"type": "array", "items": {"$ref": "#/$defs/C"}, "maxItems": 2},
                "n": {"type": "integer", "format": "uint32", "minimum": 0, "maximum": 10}
            },
            "required": ["n"],
            "$defs": {"C": {"oneOf": [{"type": "string", "enum": ["a", "b"]},
                                      {"type": "string", "const": "c"}]}}
        }));
        assert!(
            m.verifier(&json!({"n": 3, "d": null, "l": ["a", "c"]}))
                .is_ok()
        );
        let e = m.verifier(&json!({"n": 3, "l": ["a", "x"]})).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.chemin.as_str(), e.message.as_str()),
            (
                "code_inconnu",
                "/l/1",
                "Code inconnu \"x\" ; codes admis : a, b, c."
            )
        );
        let e = m
            .verifier(&json!({"n": 3, "l": ["a", "a", "a"]}))
            .unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.chemin.as_str()),
            ("liste_trop_longue", "/l")
        );
        let e = m.verifier(&json!({"n": 11})).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.chemin.as_str()),
            ("valeur_hors_bornes", "/n")
        );
        let e = m.verifier(&json!({"n": 1.5})).unwrap_err();
        assert_eq!(e.message, "Nombre entier attendu, reçu le nombre 1.5.");
        let e = m.verifier(&json!({"n": 1, "d": 5})).unwrap_err();
        assert_eq!(
            e.message,
            "Date attendue au format AAAA-MM-JJ (ou null), reçu le nombre 5."
        );
        let e = m.verifier(&json!({})).unwrap_err();
        assert_eq!((e.code.as_str(), e.chemin.as_str()), ("champ_manquant", ""));
        let e = m.verifier(&json!({"n": 1, "z": 0})).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.chemin.as_str()),
            ("champ_inconnu", "/z")
        );
        let e = m.verifier(&json!([1])).unwrap_err();
        assert_eq!(
            e.message,
            "Objet attendu (champs : d, l, n), reçu une liste."
        );
    }

    #[test]
    fn table_de_cles_libres() {
        // Schéma d'un `BTreeMap<String, u32>` (schemars) : toute clé, valeurs entières.
        let m = Modele::compiler(&json!({
            "type": "object",
            "additionalProperties": {"type": "integer", "format": "uint32", "minimum": 0},
            "maxProperties": 2
        }));
        assert!(m.verifier(&json!({"attache": 2, "ingenieur": 0})).is_ok());
        let e = m.verifier(&json!({"attache": -1})).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.chemin.as_str()),
            ("valeur_hors_bornes", "/attache")
        );
        let e = m.verifier(&json!({"a": 1, "b": 2, "c": 3})).unwrap_err();
        assert_eq!(
            (e.code.as_str(), e.chemin.as_str()),
            ("liste_trop_longue", "")
        );
        // `additionalProperties: true` (serde_json::Map) : toute valeur.
        let m = Modele::compiler(&json!({"type": "object", "additionalProperties": true}));
        assert!(m.verifier(&json!({"x": [1, {"y": null}]})).is_ok());
    }
}
