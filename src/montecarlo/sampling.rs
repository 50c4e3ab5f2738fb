//! The uniforms behind every draw (SPEC §7.3 "Sampling"). The exact mapping, which the README
//! documents because outputs must be reproducible from a seed:
//!
//! - **random**: ChaCha8 keyed by the seed (its 8 little-endian bytes, then 24 zero bytes),
//!   stream `i` (the path), word position `4 j` (two 64-bit words per key); the first 64-bit
//!   word `w` gives `u = ((w >> 11) + 0.5) / 2^53`, strictly inside (0, 1).
//! - **lhs** (Latin hypercube): `u = (π_j(i) + v) / N`, where `v` is the second word of the
//!   same position turned into (0, 1) with `52 − b` bits, `b` the bits of N − 1 (so `π + v`
//!   is exact in f64 and never rounds into the next stratum), and `π_j` is a permutation of
//!   0..N−1: a
//!   four-round Feistel network over the smallest even power of two that holds N, keyed by
//!   (seed, j) through SplitMix64, walked until it lands below N (cycle walking). Every column
//!   j then has exactly one draw in each stratum [k/N, (k+1)/N).

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{RngCore, SeedableRng};

/// How the uniforms are spread (`--sampling`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sampling {
    /// Latin hypercube: one draw per stratum and key; the SPEC's default.
    Lhs,
    /// Independent uniforms.
    Random,
}

/// The uniforms of one Monte Carlo run: N paths, a seed, a sampling.
#[derive(Clone, Debug)]
pub struct Sampler {
    seed: u64,
    paths: u64,
    sampling: Sampling,
}

impl Sampler {
    /// `paths` is at least 1 (the command checks 1..=10,000,000 before this is built).
    pub fn new(seed: u64, paths: u64, sampling: Sampling) -> Sampler {
        Sampler {
            seed,
            paths: paths.max(1),
            sampling,
        }
    }

    /// `u(i, j)` in (0, 1) for path `i` (0-based, below N) and key `j`.
    pub fn u(&self, path: u64, key: u32) -> f64 {
        let (first, second) = self.words(path, key);
        match self.sampling {
            Sampling::Random => open_unit(first),
            Sampling::Lhs => {
                let stratum = permute(self.seed, key, path, self.paths);
                let bits = 64 - (self.paths - 1).leading_zeros();
                let v = open_unit_bits(second, 52 - bits);
                (stratum as f64 + v) / self.paths as f64
            }
        }
    }

    /// The two 64-bit words of ChaCha8 at stream `path`, position `4 × key`.
    fn words(&self, path: u64, key: u32) -> (u64, u64) {
        let mut seed = [0u8; 32];
        seed[..8].copy_from_slice(&self.seed.to_le_bytes());
        let mut rng = ChaCha8Rng::from_seed(seed);
        rng.set_stream(path);
        rng.set_word_pos(u128::from(key) * 4);
        (rng.next_u64(), rng.next_u64())
    }
}

/// A 64-bit word as a uniform strictly inside (0, 1): its top 53 bits plus half a step.
fn open_unit(word: u64) -> f64 {
    ((word >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// The top `bits` bits of a word plus half a step, as a uniform strictly inside (0, 1).
fn open_unit_bits(word: u64, bits: u32) -> f64 {
    ((word >> (64 - bits)) as f64 + 0.5) / (1u64 << bits) as f64
}

/// SplitMix64's finaliser: a well-mixed 64-bit function, the Feistel rounds' key schedule.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `π_j(i)`: a keyed permutation of 0..n. A balanced Feistel network on 2 × `half` bits is a
/// bijection of 0..4^half; cycle walking (apply again while the result is n or more)
/// restricts it to 0..n, still a bijection, in fewer than 4 steps on average.
pub fn permute(seed: u64, key: u32, i: u64, n: u64) -> u64 {
    if n <= 1 {
        return 0;
    }
    let bits = 64 - (n - 1).leading_zeros();
    let half = bits.div_ceil(2);
    let mask = (1u64 << half) - 1;
    let keys: [u64; 4] = std::array::from_fn(|r| mix(seed ^ mix(u64::from(key) << 8 | r as u64)));
    let mut x = i;
    loop {
        let (mut left, mut right) = (x >> half, x & mask);
        for k in keys {
            let next = left ^ (mix(right ^ k) & mask);
            left = right;
            right = next;
        }
        x = (left << half) | right;
        if x < n {
            return x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_are_bijections_for_any_size() {
        for n in [1, 2, 3, 4, 5, 17, 64, 1000, 4097] {
            for key in 0..3 {
                let mut seen = vec![false; n as usize];
                for i in 0..n {
                    let p = permute(7, key, i, n);
                    assert!(p < n, "n {n}: {p}");
                    assert!(!seen[p as usize], "n {n} key {key}: {p} twice");
                    seen[p as usize] = true;
                }
            }
        }
        // Different keys give different orders (1000! orders: equal only by a broken key).
        let order = |key| {
            (0..1000)
                .map(|i| permute(7, key, i, 1000))
                .collect::<Vec<_>>()
        };
        assert_ne!(order(0), order(1));
    }

    #[test]
    fn latin_hypercube_puts_one_draw_in_each_stratum_per_key() {
        for (n, keys) in [(1000, 0..4), (3, 0..50), (1 << 20, 0..1)] {
            strata_hold_one_draw_each(n, keys);
        }
    }

    fn strata_hold_one_draw_each(n: u64, keys: std::ops::Range<u32>) {
        let sampler = Sampler::new(42, n, Sampling::Lhs);
        for key in keys {
            let mut strata = vec![0u32; n as usize];
            for i in 0..n {
                let u = sampler.u(i, key);
                assert!(0.0 < u && u < 1.0);
                strata[(u * n as f64) as usize] += 1;
            }
            assert!(strata.iter().all(|&c| c == 1), "key {key}");
        }
    }

    #[test]
    fn random_uniforms_have_the_mean_and_spread_of_a_uniform() {
        // 200,000 draws: the mean's standard error is sqrt(1/12 / 200,000) ≈ 0.00065, so a
        // broken generator (or a mapping onto half the interval) fails the 5-sigma bound.
        let n = 200_000u64;
        let sampler = Sampler::new(1, n, Sampling::Random);
        let draws: Vec<f64> = (0..n).map(|i| sampler.u(i, 0)).collect();
        let mean = draws.iter().sum::<f64>() / n as f64;
        assert!((mean - 0.5).abs() < 5.0 * 0.00065, "mean {mean}");
        let below_tenth = draws.iter().filter(|&&u| u < 0.1).count() as f64 / n as f64;
        assert!(
            (below_tenth - 0.1).abs() < 0.004,
            "P(u < 0.1) {below_tenth}"
        );
        assert!(draws.iter().all(|&u| 0.0 < u && u < 1.0));
    }

    #[test]
    fn a_uniform_depends_only_on_seed_paths_path_and_key() {
        let a = Sampler::new(9, 500, Sampling::Lhs);
        let b = Sampler::new(9, 500, Sampling::Lhs);
        // Asked in any order, on any instance: the same bits.
        let forward: Vec<u64> = (0..500).map(|i| a.u(i, 2).to_bits()).collect();
        let backward: Vec<u64> = (0..500).rev().map(|i| b.u(i, 2).to_bits()).collect();
        assert!(forward.iter().eq(backward.iter().rev()));
        // Another seed, key or N changes them.
        assert_ne!(a.u(3, 2), Sampler::new(10, 500, Sampling::Lhs).u(3, 2));
        assert_ne!(a.u(3, 2), a.u(3, 1));
        assert_ne!(a.u(3, 2), Sampler::new(9, 501, Sampling::Lhs).u(3, 2));
    }
}
