//! Codes anonymes des dossiers pour la commission.

use std::collections::BTreeSet;

use campagne::anonymat::{Sel, code_anonyme, codes_anonymes};
use proptest::prelude::*;

fn sel(n: u8) -> Sel {
    Sel::new(vec![n; 32]).unwrap()
}

fn bien_forme(code: &str, annee2: &str) -> bool {
    let Some(reste) = code.strip_prefix(&format!("PI{annee2}-")) else {
        return false;
    };
    reste.len() >= 4
        && reste
            .chars()
            .all(|c| "0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(c))
}

#[test]
fn forme_stable_et_liee_au_sel() {
    let c = code_anonyme(2027, "1234", &sel(7));
    assert!(bien_forme(&c, "27"), "{c}");
    assert_eq!(c.len(), "PI27-7KQ3".len());
    // Stable : mêmes entrées, même code.
    assert_eq!(c, code_anonyme(2027, "1234", &sel(7)));
    // Un autre sel, une autre année ou une autre proposition changent le code (avec une
    // probabilité de coïncidence de 1 sur 32⁴ pour chacun de ces cas).
    assert_ne!(c, code_anonyme(2027, "1234", &sel(8)));
    assert_ne!(c[5..], code_anonyme(2028, "1234", &sel(7))[5..]);
    assert_ne!(c, code_anonyme(2027, "1235", &sel(7)));
    assert!(!c.contains("1234"));
    assert!(code_anonyme(2100, "x", &sel(7)).starts_with("PI00-"));
}

#[test]
fn sel_trop_court_refuse() {
    assert_eq!(
        Sel::new(vec![1; 15]).unwrap_err().code,
        "valeur_hors_bornes"
    );
    assert_eq!(format!("{:?}", sel(1)), "Sel(32 octets)");
}

#[test]
fn codes_uniques_dans_une_grande_campagne() {
    // 5 000 dossiers : des codes de 4 signes se recouvrent (paradoxe des anniversaires,
    // environ 5 000² ÷ (2 × 32⁴) ≈ 12 paires) ; ceux-là sont allongés, les autres non.
    let ids: Vec<String> = (0..5000).map(|i| i.to_string()).collect();
    let codes = codes_anonymes(2027, &ids, &sel(3));
    assert_eq!(codes.len(), 5000);
    let distincts: BTreeSet<&String> = codes.values().collect();
    assert_eq!(distincts.len(), 5000);
    let longs = codes.values().filter(|c| c.len() > 9).count();
    assert!(longs > 0 && longs < 100, "{longs}");
    // Un dossier sans voisin proche garde le code ordinaire.
    let seul = codes_anonymes(2027, &["42"], &sel(3));
    assert_eq!(seul["42"], code_anonyme(2027, "42", &sel(3)));
    assert_eq!(codes["42"].len() == 9, codes["42"] == seul["42"]);
}

proptest! {
    #[test]
    fn codes_uniques_stables_et_bien_formes(ids in proptest::collection::btree_set("[a-z0-9]{1,8}", 0..300)) {
        let ids: Vec<String> = ids.into_iter().collect();
        let a = codes_anonymes(2031, &ids, &sel(9));
        let mut inverse = ids.clone();
        inverse.reverse();
        let b = codes_anonymes(2031, &inverse, &sel(9));
        prop_assert_eq!(&a, &b);
        let distincts: BTreeSet<&String> = a.values().collect();
        prop_assert_eq!(distincts.len(), ids.len());
        for (id, c) in &a {
            prop_assert!(bien_forme(c, "31"), "{}", c);
            // Le code prolonge le code ordinaire du dossier.
            prop_assert!(c.starts_with(&code_anonyme(2031, id, &sel(9))));
        }
    }
}

#[test]
fn hmac_sha256_vecteurs_de_la_rfc_4231() {
    let hex = |o: [u8; 32]| o.iter().map(|b| format!("{b:02x}")).collect::<String>();
    // RFC 4231, cas 2 : clé « Jefe ».
    assert_eq!(
        hex(campagne::anonymat::hmac_sha256(
            b"Jefe",
            b"what do ya want for nothing?"
        )),
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
    // RFC 4231, cas 6 : clé de 131 octets, plus longue qu'un bloc (hachée d'abord).
    assert_eq!(
        hex(campagne::anonymat::hmac_sha256(
            &[0xaa; 131],
            b"Test Using Larger Than Block-Size Key - Hash Key First"
        )),
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
    );
}
