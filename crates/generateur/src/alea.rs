//! Générateur pseudo-aléatoire déterministe : xoshiro256** initialisé par splitmix64.
//!
//! Chaque agent et chaque collectivité a son propre flux, dérivé de la graine et de son
//! numéro : le résultat ne dépend ni de l'ordre de calcul ni du nombre de cœurs.

/// Flux réservé aux collectivités.
pub(crate) const FLUX_COLLECTIVITES: u64 = 0x636f_6c6c_6563_7469;
/// Flux réservé aux agents.
pub(crate) const FLUX_AGENTS: u64 = 0x6167_656e_7473_0000;

fn splitmix64(etat: &mut u64) -> u64 {
    *etat = etat.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *etat;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Tirages pseudo-aléatoires reproductibles.
#[derive(Debug, Clone)]
pub struct Alea {
    s: [u64; 4],
}

impl Alea {
    /// Flux initialisé par une graine.
    pub fn new(graine: u64) -> Self {
        let mut x = graine;
        let s = [
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
            splitmix64(&mut x),
        ];
        Alea { s }
    }

    /// Flux propre à l'élément `index` du flux `flux` pour la graine donnée.
    pub fn derive(graine: u64, flux: u64, index: u64) -> Self {
        let mut x = graine ^ flux;
        let a = splitmix64(&mut x);
        let mut y = a ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03);
        Alea::new(splitmix64(&mut y))
    }

    /// 64 bits suivants (xoshiro256**).
    pub fn suivant(&mut self) -> u64 {
        let resultat = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        resultat
    }

    /// Réel uniforme dans [0, 1).
    pub fn unif(&mut self) -> f64 {
        (self.suivant() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Entier uniforme dans `[a, b]` (bornes incluses).
    pub fn entre(&mut self, a: i32, b: i32) -> i32 {
        debug_assert!(a <= b);
        let n = (i64::from(b) - i64::from(a) + 1) as u64;
        a + (self.suivant() % n) as i32
    }

    /// Vrai avec la probabilité `p`.
    pub fn proba(&mut self, p: f64) -> bool {
        self.unif() < p
    }

    /// Choix pondéré parmi des éléments (poids entiers, au moins un non nul).
    pub fn choix<T: Copy>(&mut self, elements: &[(T, u32)]) -> T {
        let total: u64 = elements.iter().map(|&(_, p)| u64::from(p)).sum();
        let mut r = self.suivant() % total.max(1);
        for &(e, p) in elements {
            if r < u64::from(p) {
                return e;
            }
            r -= u64::from(p);
        }
        elements[elements.len() - 1].0
    }

    /// Élément uniforme d'une liste non vide.
    pub fn parmi<T: Copy>(&mut self, elements: &[T]) -> T {
        elements[(self.suivant() % elements.len() as u64) as usize]
    }

    /// Loi de Pareto de seuil `xmin` et d'exposant `alpha` : beaucoup de petites valeurs,
    /// quelques très grandes ; bornée à `max`.
    pub fn pareto(&mut self, xmin: f64, alpha: f64, max: f64) -> f64 {
        // 1 - unif() est dans (0, 1] : pas de division par zéro.
        let u = 1.0 - self.unif();
        (xmin / u.powf(1.0 / alpha)).min(max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meme_graine_meme_suite() {
        let mut a = Alea::derive(42, FLUX_AGENTS, 7);
        let mut b = Alea::derive(42, FLUX_AGENTS, 7);
        let mut c = Alea::derive(42, FLUX_AGENTS, 8);
        let sa: Vec<u64> = (0..16).map(|_| a.suivant()).collect();
        let sb: Vec<u64> = (0..16).map(|_| b.suivant()).collect();
        let sc: Vec<u64> = (0..16).map(|_| c.suivant()).collect();
        assert_eq!(sa, sb);
        assert_ne!(sa, sc);
    }

    #[test]
    fn bornes_respectees() {
        let mut a = Alea::new(1);
        for _ in 0..10_000 {
            let x = a.entre(-3, 5);
            assert!((-3..=5).contains(&x));
            let u = a.unif();
            assert!((0.0..1.0).contains(&u));
            let p = a.pareto(100.0, 0.85, 1e6);
            assert!((100.0..=1e6).contains(&p));
        }
    }

    #[test]
    fn choix_pondere_suit_les_poids() {
        // Poids 3 contre 1 : environ 75 % de « a » sur 40 000 tirages.
        let mut a = Alea::new(9);
        let n = 40_000;
        let k = (0..n)
            .filter(|_| a.choix(&[('a', 3), ('b', 1)]) == 'a')
            .count();
        let part = k as f64 / n as f64;
        assert!((0.74..0.76).contains(&part), "{part}");
    }
}
