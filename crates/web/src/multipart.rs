//! Lecture d'un corps `multipart/form-data` (RFC 7578) : le formulaire de dépôt d'un fichier
//! depuis une page (pièce PDF d'un dossier, fichier de déclaration).
//!
//! Le corps entier est déjà en mémoire (la garde l'a lu avec la limite de la route) : les
//! parties sont des tranches de ce corps, sans copie.

/// Une partie du formulaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partie<'a> {
    /// Nom du champ (`name`).
    pub nom: String,
    /// Nom du fichier envoyé (`filename`), pour un champ de fichier.
    pub fichier: Option<String>,
    pub octets: &'a [u8],
}

/// Séparateur annoncé par l'en-tête `Content-Type` (`boundary=…`).
pub fn separateur(type_contenu: &str) -> Option<String> {
    type_contenu
        .split(';')
        .skip(1)
        .filter_map(|p| p.trim().split_once('='))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 70)
}

fn chercher(meule: &[u8], aiguille: &[u8]) -> Option<usize> {
    if aiguille.is_empty() || meule.len() < aiguille.len() {
        return None;
    }
    let premier = aiguille[0];
    let mut i = 0;
    while i + aiguille.len() <= meule.len() {
        match meule[i..=meule.len() - aiguille.len()]
            .iter()
            .position(|&b| b == premier)
        {
            None => return None,
            Some(d) => {
                i += d;
                if &meule[i..i + aiguille.len()] == aiguille {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

/// Valeur d'un paramètre de `Content-Disposition` (`name="…"`).
fn parametre(disposition: &str, nom: &str) -> Option<String> {
    disposition
        .split(';')
        .skip(1)
        .filter_map(|p| p.trim().split_once('='))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(nom))
        .map(|(_, v)| {
            let v = v.trim();
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(v)
                .to_owned()
        })
}

/// Les parties d'un corps ; `None` si le corps n'est pas un `multipart/form-data` bien
/// formé avec ce séparateur.
pub fn lire<'a>(type_contenu: &str, corps: &'a [u8]) -> Option<Vec<Partie<'a>>> {
    let sep = separateur(type_contenu)?;
    let debut = format!("--{sep}");
    let entre = format!("\r\n--{sep}");
    let mut pos = chercher(corps, debut.as_bytes())? + debut.len();
    let mut parties = Vec::new();
    loop {
        let reste = &corps[pos..];
        if reste.starts_with(b"--") {
            return Some(parties);
        }
        let reste = reste.strip_prefix(b"\r\n")?;
        pos = corps.len() - reste.len();
        let fin_entetes = chercher(reste, b"\r\n\r\n")?;
        let entetes = std::str::from_utf8(&reste[..fin_entetes]).ok()?;
        let disposition = entetes.split("\r\n").find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case("content-disposition")
                .then(|| v.trim().to_owned())
        })?;
        let contenu = &reste[fin_entetes + 4..];
        let fin = chercher(contenu, entre.as_bytes())?;
        parties.push(Partie {
            nom: parametre(&disposition, "name")?,
            fichier: parametre(&disposition, "filename").filter(|f| !f.is_empty()),
            octets: &contenu[..fin],
        });
        pos = pos + fin_entetes + 4 + fin + entre.len();
    }
}

/// Valeur textuelle d'un champ.
pub fn champ(parties: &[Partie<'_>], nom: &str) -> Option<String> {
    parties
        .iter()
        .find(|p| p.nom == nom)
        .and_then(|p| std::str::from_utf8(p.octets).ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Corps tel que l'envoie un navigateur (RFC 7578 §4.1, exemple recomposé à la main).
    const CORPS: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"fichier\"; filename=\"crep 2025.pdf\"\r\n\
Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--X\r\n%%EOF\r\n--XyZ--\r\n";

    #[test]
    fn parties_champ_et_fichier() {
        let p = lire("multipart/form-data; boundary=XyZ", CORPS).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(champ(&p, "csrf").as_deref(), Some("abc"));
        assert_eq!(p[1].nom, "fichier");
        assert_eq!(p[1].fichier.as_deref(), Some("crep 2025.pdf"));
        // Le contenu garde ses fins de ligne, y compris un faux séparateur partiel.
        assert_eq!(p[1].octets, b"%PDF-1.4\r\n--X\r\n%%EOF");
    }

    #[test]
    fn corps_mal_forme_refuse() {
        assert!(lire("multipart/form-data", CORPS).is_none());
        assert!(lire("multipart/form-data; boundary=autre", CORPS).is_none());
        assert!(lire("multipart/form-data; boundary=XyZ", b"--XyZ\r\nsans fin").is_none());
        assert_eq!(
            separateur("multipart/form-data; boundary=\"a b\"").as_deref(),
            Some("a b")
        );
    }
}
