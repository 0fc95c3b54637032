//! Codes anonymes des dossiers, pour la commission qui assiste le Président : stables,
//! courts, lisibles, et impossibles à relier à l'identifiant de la proposition sans le sel
//! secret de la campagne (HMAC-SHA-256 du sel sur l'année et l'identifiant).
//!
//! Forme : `PI27-7KQ3` (« PI », l'année sur deux chiffres, quatre caractères de l'alphabet
//! de Crockford : chiffres et majuscules sans I, L, O, U, que l'on ne confond pas). Deux
//! dossiers de la même campagne dont les codes commenceraient pareil reçoivent des codes
//! plus longs, juste assez pour se distinguer : les codes d'une campagne sont uniques, et
//! un code ne change que si un nouveau dossier partage ses premiers caractères (après la
//! clôture du dépôt, l'ensemble des dossiers ne change plus).

use std::collections::BTreeMap;

use sha2::{Digest, Sha256};

use crate::erreur::ErreurCampagne;

/// Alphabet de Crockford (32 signes, sans I, L, O, U).
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Longueur ordinaire de la partie tirée du code.
pub const LONGUEUR: usize = 4;

/// Longueur maximale (256 bits de HMAC donnent 51 signes ; 20 suffisent largement).
const LONGUEUR_MAX: usize = 20;

/// Sel secret d'une campagne : au moins 16 octets tirés au hasard par l'appelant et
/// conservés avec la campagne.
#[derive(Clone)]
pub struct Sel(Vec<u8>);

impl std::fmt::Debug for Sel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Le sel ne s'affiche jamais.
        write!(f, "Sel({} octets)", self.0.len())
    }
}

impl Sel {
    /// Le sel de ces octets ; erreur s'il en a moins de 16.
    pub fn new(octets: impl Into<Vec<u8>>) -> Result<Sel, ErreurCampagne> {
        let o = octets.into();
        if o.len() < 16 {
            return Err(ErreurCampagne::invalide(
                crate::erreur::codes::VALEUR_HORS_BORNES,
                format!(
                    "Le sel des codes anonymes doit compter au moins 16 octets (reçu : {}).",
                    o.len()
                ),
                "",
            ));
        }
        Ok(Sel(o))
    }
}

/// HMAC-SHA-256 (RFC 2104) : H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message)), clé ramenée à un
/// bloc de 64 octets (hachée si plus longue, complétée de zéros).
pub fn hmac_sha256(cle: &[u8], message: &[u8]) -> [u8; 32] {
    let mut bloc = [0u8; 64];
    if cle.len() > 64 {
        bloc[..32].copy_from_slice(&Sha256::digest(cle));
    } else {
        bloc[..cle.len()].copy_from_slice(cle);
    }
    let mut interne = Sha256::new();
    interne.update(bloc.map(|b| b ^ 0x36));
    interne.update(message);
    let mut externe = Sha256::new();
    externe.update(bloc.map(|b| b ^ 0x5c));
    externe.update(interne.finalize());
    externe.finalize().into()
}

/// Les signes tirés d'un dossier (HMAC en base 32 de Crockford), assez pour tout usage.
fn signes(annee: i32, proposition: &str, sel: &Sel) -> String {
    let octets = hmac_sha256(&sel.0, format!("{annee}\u{1f}{proposition}").as_bytes());
    let mut s = String::with_capacity(LONGUEUR_MAX);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &b in octets.iter() {
        if s.len() == LONGUEUR_MAX {
            break;
        }
        acc = (acc << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 && s.len() < LONGUEUR_MAX {
            bits -= 5;
            s.push(char::from(ALPHABET[((acc >> bits) & 31) as usize]));
        }
        acc &= (1 << bits) - 1;
    }
    s
}

fn prefixe(annee: i32) -> String {
    format!("PI{:02}-", annee.rem_euclid(100))
}

/// Le code d'un dossier seul, à la longueur ordinaire (sans contrôle d'unicité : utiliser
/// [`codes_anonymes`] pour les dossiers d'une campagne).
pub fn code_anonyme(annee: i32, proposition: &str, sel: &Sel) -> String {
    format!(
        "{}{}",
        prefixe(annee),
        &signes(annee, proposition, sel)[..LONGUEUR]
    )
}

/// Les codes de tous les dossiers d'une campagne, uniques : un code a la longueur
/// ordinaire, allongée le temps de se distinguer des dossiers qui commencent pareil.
pub fn codes_anonymes<S: AsRef<str>>(
    annee: i32,
    propositions: &[S],
    sel: &Sel,
) -> BTreeMap<String, String> {
    let mut tires: Vec<(String, &str)> = propositions
        .iter()
        .map(|p| (signes(annee, p.as_ref(), sel), p.as_ref()))
        .collect();
    tires.sort();
    tires.dedup_by(|a, b| a.1 == b.1);
    let commun = |a: &str, b: &str| a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    let pre = prefixe(annee);
    let mut codes = BTreeMap::new();
    for (i, (s, id)) in tires.iter().enumerate() {
        // Les voisins dans l'ordre trié sont ceux qui partagent le plus long début.
        let avant = i.checked_sub(1).map_or(0, |j| commun(s, &tires[j].0));
        let apres = tires.get(i + 1).map_or(0, |t| commun(s, &t.0));
        let n = (avant.max(apres) + 1).clamp(LONGUEUR, LONGUEUR_MAX);
        codes.insert((*id).to_owned(), format!("{pre}{}", &s[..n]));
    }
    codes
}
