//! Lecture d'un corps `multipart/form-data` (RFC 7578) déjà reçu en entier et borné par la
//! garde : les envois de fichiers des formulaires (simulateur de l'agent). Seul ce dont ces
//! formulaires ont besoin est lu : nom du champ, nom du fichier, contenu.

/// Une partie du formulaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partie {
    pub nom: String,
    /// Nom du fichier envoyé (absent pour un champ simple).
    pub fichier: Option<String>,
    pub octets: Vec<u8>,
}

/// Parties au plus dans un envoi.
pub const PARTIES_MAX: usize = 32;

/// Délimiteur (`boundary`) annoncé par l'en-tête `Content-Type`.
pub fn delimiteur(type_contenu: &str) -> Option<String> {
    type_contenu.split(';').skip(1).find_map(|p| {
        let (nom, valeur) = p.trim().split_once('=')?;
        nom.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| valeur.trim().trim_matches('"').to_owned())
            .filter(|d| !d.is_empty() && d.len() <= 70)
    })
}

fn chercher(foin: &[u8], aiguille: &[u8], depuis: usize) -> Option<usize> {
    if aiguille.is_empty() || foin.len() < aiguille.len() {
        return None;
    }
    (depuis..=foin.len() - aiguille.len()).find(|&i| &foin[i..i + aiguille.len()] == aiguille)
}

/// Valeur d'un paramètre d'en-tête (`name="csrf"`).
fn parametre(entete: &str, nom: &str) -> Option<String> {
    entete.split(';').skip(1).find_map(|p| {
        let (n, v) = p.trim().split_once('=')?;
        n.trim()
            .eq_ignore_ascii_case(nom)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// Les parties d'un corps ; un corps mal formé est refusé avec un message.
pub fn lire(type_contenu: &str, corps: &[u8]) -> Result<Vec<Partie>, String> {
    const MAL_FORME: &str = "Envoi de fichier mal formé : renvoyez le formulaire.";
    let d = delimiteur(type_contenu).ok_or(MAL_FORME)?;
    let ouverture = format!("--{d}");
    let separateur = format!("\r\n--{d}");
    if !corps.starts_with(ouverture.as_bytes()) {
        return Err(MAL_FORME.to_owned());
    }
    let mut parties = Vec::new();
    let mut i = ouverture.len();
    loop {
        // Après un délimiteur : « -- » (fin) ou une fin de ligne puis une partie.
        if corps[i..].starts_with(b"--") {
            return Ok(parties);
        }
        if !corps[i..].starts_with(b"\r\n") {
            return Err(MAL_FORME.to_owned());
        }
        i += 2;
        let fin_entetes = chercher(corps, b"\r\n\r\n", i).ok_or(MAL_FORME)?;
        let entetes = std::str::from_utf8(&corps[i..fin_entetes]).map_err(|_| MAL_FORME)?;
        let debut = fin_entetes + 4;
        let fin = chercher(corps, separateur.as_bytes(), debut).ok_or(MAL_FORME)?;
        let disposition = entetes
            .split("\r\n")
            .find(|l| {
                l.split(':')
                    .next()
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case("content-disposition"))
            })
            .ok_or(MAL_FORME)?;
        let nom = parametre(disposition, "name").ok_or(MAL_FORME)?;
        if parties.len() == PARTIES_MAX {
            return Err(format!(
                "Envoi trop grand : {PARTIES_MAX} champs au plus sont admis."
            ));
        }
        parties.push(Partie {
            nom,
            fichier: parametre(disposition, "filename"),
            octets: corps[debut..fin].to_vec(),
        });
        i = fin + separateur.len();
    }
}

impl Partie {
    /// Nom du fichier envoyé sans son chemin (certains navigateurs envoient le chemin
    /// complet), ou `defaut`.
    pub fn nom_court(&self, defaut: &str) -> String {
        self.fichier
            .as_deref()
            .map(|n| n.rsplit(['/', '\\']).next().unwrap_or(n).to_owned())
            .unwrap_or_else(|| defaut.to_owned())
    }
}

/// Le fichier non vide envoyé sous ce nom de champ.
pub fn fichier<'a>(parties: &'a [Partie], nom: &str) -> Option<&'a Partie> {
    parties
        .iter()
        .find(|q| q.nom == nom && !q.octets.is_empty())
}

/// Les parties du formulaire d'une page : 400 en page d'erreur si le corps est mal formé.
pub(crate) fn parties_de_page(
    entetes: &axum::http::HeaderMap,
    corps: &[u8],
) -> Result<Vec<Partie>, crate::erreurs::Erreur> {
    let type_contenu = entetes
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    lire(type_contenu, corps).map_err(|m| crate::erreurs::Erreur::mal_formee(m).page())
}

/// Valeur texte d'un champ simple.
pub fn champ(parties: &[Partie], nom: &str) -> Option<String> {
    parties
        .iter()
        .find(|p| p.nom == nom && p.fichier.is_none())
        .and_then(|p| String::from_utf8(p.octets.clone()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn un_champ_et_un_fichier() {
        let corps = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n\
--XyZ\r\nContent-Disposition: form-data; name=\"periodes\"; filename=\"moi.csv\"\r\n\
Content-Type: text/csv\r\n\r\nmatricule;debut\r\nM1;01/01/2010\r\n\r\n--XyZ--\r\n";
        let p = lire("multipart/form-data; boundary=XyZ", corps).unwrap();
        assert_eq!(champ(&p, "csrf").as_deref(), Some("abc"));
        assert_eq!(p[1].fichier.as_deref(), Some("moi.csv"));
        assert_eq!(p[1].octets, b"matricule;debut\r\nM1;01/01/2010\r\n");
    }

    #[test]
    fn corps_mal_forme_refuse() {
        assert!(lire("multipart/form-data; boundary=XyZ", b"--XyZ\r\nsans fin").is_err());
        assert!(lire("multipart/form-data", b"--XyZ--").is_err());
        assert!(lire("multipart/form-data; boundary=XyZ", b"autre chose").is_err());
    }
}
