//! Exact integer division by a divisor known in advance, by multiplication: a period's
//! accrual divides by the rate's power of ten, a present value by the discount factor's, a
//! revenue cell by its block's length, thousands of times with the same divisor. A hardware
//! division costs tens of cycles; these cost two or three multiplications. Every result is
//! the exact quotient and remainder, checked against `/` and `%` in the tests.
//!
//! - [`Divisor`] divides any 64-bit number (Lemire, Kaser and Kurz, "Faster remainder by
//!   direct computation", 2019: with `c = ⌈2^128 / d⌉`, `⌊n / d⌋ = ⌊c·n / 2^128⌋` for every
//!   `n < 2^64`, since 128 >= 64 + log2(d)).
//! - [`Divisor::div_rem_wide`] divides a 128-bit number whose quotient fits 64 bits (Möller
//!   and Granlund, "Improved division by invariant integers", 2011, algorithm 4, on the
//!   divisor shifted to have its top bit set).

/// A divisor `d >= 1` with what dividing by it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Divisor {
    d: u64,
    /// `⌈2^128 / d⌉` (0 for `d = 1`, which needs none).
    magic: u128,
    /// `d` shifted left until its top bit is set, the shift, and `⌊(2^128 − 1) / d'⌋ − 2^64`.
    normalized: u64,
    shift: u32,
    reciprocal: u64,
}

impl Divisor {
    /// `None` for 0.
    pub const fn new(d: u64) -> Option<Divisor> {
        if d == 0 {
            return None;
        }
        let magic = if d == 1 { 0 } else { u128::MAX / d as u128 + 1 };
        let shift = d.leading_zeros();
        let normalized = d << shift;
        // normalized >= 2^63, so the quotient is in [2^64, 2^65).
        let reciprocal = (u128::MAX / normalized as u128 - (1u128 << 64)) as u64;
        Some(Divisor {
            d,
            magic,
            normalized,
            shift,
            reciprocal,
        })
    }

    pub const fn get(self) -> u64 {
        self.d
    }

    /// `(n / d, n % d)`.
    pub fn div_rem(self, n: u64) -> (u64, u64) {
        if self.d == 1 {
            return (n, 0);
        }
        // ⌊c·n / 2^128⌋ with c = hi·2^64 + lo: (hi·n + ⌊lo·n / 2^64⌋) / 2^64, no overflow.
        let (hi, lo) = ((self.magic >> 64) as u64, self.magic as u64);
        let low = (u128::from(lo) * u128::from(n)) >> 64;
        let q = ((u128::from(hi) * u128::from(n) + low) >> 64) as u64;
        (q, n - q * self.d)
    }

    /// `n / d` rounded half-to-even.
    pub fn div_half_even(self, n: u64) -> u64 {
        let (q, r) = self.div_rem(n);
        round_half_even(q, r, self.d)
    }

    /// `(n / d, n % d)` for a 128-bit `n`, when the quotient fits 64 bits (`None` otherwise).
    pub fn div_rem_wide(self, n: u128) -> Option<(u64, u64)> {
        // Shifted, the quotient is the same and the remainder is shifted too.
        if n >> 64 >= u128::from(self.d) {
            return None;
        }
        let (u1, u0) = if self.shift == 0 {
            ((n >> 64) as u64, n as u64)
        } else {
            let shifted = n << self.shift; // n < d·2^64, so nothing is lost
            ((shifted >> 64) as u64, shifted as u64)
        };
        let d = self.normalized;
        // Algorithm 4: u1 < d, d normalised.
        let product = u128::from(self.reciprocal) * u128::from(u1);
        let sum = product.wrapping_add((u128::from(u1) << 64) | u128::from(u0));
        let (mut q1, q0) = ((sum >> 64) as u64, sum as u64);
        q1 = q1.wrapping_add(1);
        let mut r = u0.wrapping_sub(q1.wrapping_mul(d));
        if r > q0 {
            q1 = q1.wrapping_sub(1);
            r = r.wrapping_add(d);
        }
        if r >= d {
            q1 += 1;
            r -= d;
        }
        Some((q1, r >> self.shift))
    }

    /// `n / d` rounded half-to-even for a 128-bit `n`, when the result fits 64 bits.
    pub fn div_half_even_wide(self, n: u128) -> Option<u64> {
        let (q, r) = self.div_rem_wide(n)?;
        let rest = self.d - r;
        let up = r > rest || (r == rest && q % 2 == 1);
        // q + 1 overflows only for q = 2^64 − 1 rounding up.
        q.checked_add(u64::from(up))
    }
}

/// `q` plus one when the remainder `r` of a division by `d` is more than half of `d`, or
/// exactly half and `q` is odd.
fn round_half_even(q: u64, r: u64, d: u64) -> u64 {
    let rest = d - r;
    q + u64::from(r > rest || (r == rest && q % 2 == 1))
}

/// 10^0 to 10^19 as divisors: every power of ten that fits 64 bits.
pub const POWERS_OF_TEN: [Divisor; 20] = {
    let mut table = [Divisor {
        d: 1,
        magic: 0,
        normalized: 1 << 63,
        shift: 63,
        reciprocal: u64::MAX,
    }; 20];
    let mut i = 1;
    let mut p = 1u64;
    while i < 20 {
        p *= 10;
        table[i] = match Divisor::new(p) {
            Some(d) => d,
            None => table[0],
        };
        i += 1;
    }
    table
};

/// 10^`power` as a divisor, for `power <= 19`.
pub fn power_of_ten(power: u32) -> Option<Divisor> {
    POWERS_OF_TEN.get(usize::try_from(power).ok()?).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (SplitMix64) for the comparisons.
    fn numbers(seed: u64, count: usize) -> impl Iterator<Item = u64> {
        let mut state = seed;
        (0..count).map(move |_| {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        })
    }

    fn divisors() -> Vec<u64> {
        let mut all = vec![
            1,
            2,
            3,
            7,
            10,
            28,
            29,
            30,
            31,
            90,
            92,
            365,
            366,
            1_461,
            3_652_059,
            1 << 32,
            (1 << 32) + 1,
            1 << 63,
            (1 << 63) + 1,
            u64::MAX,
        ];
        all.extend(POWERS_OF_TEN.iter().map(|p| p.get()));
        all.extend(numbers(1, 40));
        all.extend(numbers(2, 40).map(|n| n >> 40));
        all
    }

    #[test]
    fn sixty_four_bit_division_is_exact() {
        // 1,234 / 365 = 3 rest 139; 2^64 − 1 / 10^19 = 1 rest 8,446,744,073,709,551,615.
        assert_eq!(Divisor::new(365).unwrap().div_rem(1_234), (3, 139));
        assert_eq!(
            POWERS_OF_TEN[19].div_rem(u64::MAX),
            (1, 8_446_744_073_709_551_615)
        );
        assert_eq!(Divisor::new(0), None);
        for d in divisors() {
            let divisor = Divisor::new(d).unwrap();
            let edges = [0, 1, d - 1, d, d.wrapping_add(1), u64::MAX, u64::MAX - 1];
            for n in edges
                .into_iter()
                .chain(numbers(d, 300))
                .chain(numbers(d ^ 5, 100).map(|n| n >> 32))
            {
                assert_eq!(divisor.div_rem(n), (n / d, n % d), "{n} / {d}");
            }
        }
    }

    #[test]
    fn wide_division_is_exact_when_the_quotient_fits() {
        // (2^64 + 5) / 10 = 1,844,674,407,370,955,162 rest 1 (2^64 = 18,446,744,073,709,551,616).
        let ten = POWERS_OF_TEN[1];
        assert_eq!(
            ten.div_rem_wide((1u128 << 64) + 5),
            Some((1_844_674_407_370_955_162, 1))
        );
        // A quotient of 2^64 or more: none.
        assert_eq!(ten.div_rem_wide(10u128 << 64), None);
        assert_eq!(Divisor::new(1).unwrap().div_rem_wide(1u128 << 64), None);
        for d in divisors() {
            let divisor = Divisor::new(d).unwrap();
            let d128 = u128::from(d);
            let top = d128 << 64; // quotients below 2^64: n < d·2^64
            let mut cases = vec![0, 1, d128 - 1, d128, top - 1, top - d128, top / 2];
            for (a, b) in numbers(d, 300).zip(numbers(d.wrapping_add(1), 300)) {
                let n = ((u128::from(a) << 64) | u128::from(b)) % top;
                cases.push(n);
                cases.push(n >> 40);
            }
            for n in cases {
                let expected = ((n / d128) as u64, (n % d128) as u64);
                assert_eq!(divisor.div_rem_wide(n), Some(expected), "{n} / {d}");
            }
        }
    }

    #[test]
    fn half_even_rounding() {
        let ten = POWERS_OF_TEN[1];
        // 25 / 10 = 2.5 -> 2; 35 -> 4; 26 -> 3; 24 -> 2; 5 -> 0; 15 -> 2.
        for (n, q) in [(25, 2), (35, 4), (26, 3), (24, 2), (5, 0), (15, 2)] {
            assert_eq!(ten.div_half_even(n), q, "{n}");
            assert_eq!(ten.div_half_even_wide(u128::from(n)), Some(q), "{n}");
        }
        // Wide: (2^64·3 + 5) / 10 = 5,534,023,222,112,865,485.3 -> …485; +2 -> …485.5 -> …486.
        let n = (3u128 << 64) + 5;
        assert_eq!(ten.div_half_even_wide(n), Some(5_534_023_222_112_865_485));
        assert_eq!(
            ten.div_half_even_wide(n + 2),
            Some(5_534_023_222_112_865_486)
        );
        // The largest quotient rounding up would leave 64 bits: none.
        let d = POWERS_OF_TEN[1];
        assert_eq!(d.div_half_even_wide((u128::from(u64::MAX) * 10) + 9), None);
        assert_eq!(
            d.div_half_even_wide(u128::from(u64::MAX) * 10 + 4),
            Some(u64::MAX)
        );
    }
}
