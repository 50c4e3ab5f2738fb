//! Exact money and rates.
//!
//! SPEC §1.1 and §6.26: every amount is exact decimal arithmetic and every rounding is
//! half-to-even. [`Money`] is a whole number of cents held in a `rust_decimal::Decimal` (always
//! at scale 2, so it prints with exactly two decimals); [`Rate`] is an exact fraction. Input
//! amounts that may carry more than two decimals stay plain `Decimal` until the SPEC rounds them.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};

/// SPEC §6.4: any money value of 10^15 or more is "too large". Below it, every product the
/// engine forms fits exact 128-bit arithmetic.
pub const MONEY_LIMIT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Rounds half-to-even to cents (SPEC §2.2).
pub fn round_cents(value: Decimal) -> Money {
    Money::from_decimal_unchecked(
        value.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven),
    )
}

/// Rounds `numerator / denominator` half-to-even to `places` decimals, exactly, in integers.
/// Used where the SPEC rounds a ratio of two cent amounts (`effective_rate`, `share_of_paid`),
/// so that no 28-digit division can blur a tie. `denominator` must be positive.
pub fn round_ratio(numerator: i128, denominator: i128, places: u32) -> Decimal {
    let rounded = div_half_even(numerator * 10_i128.pow(places), denominator);
    Decimal::from_i128_with_scale(rounded, places)
}

/// `numerator / denominator` rounded half-to-even to a whole number, exactly, for any
/// positive `denominator` (the remainder is compared with what is left of the denominator,
/// never doubled, so nothing overflows).
pub fn div_half_even(numerator: i128, denominator: i128) -> i128 {
    // Most engine divisions fit 64 bits, where one native division gives both parts.
    if let (Ok(n), Ok(d)) = (u64::try_from(numerator), u64::try_from(denominator)) {
        let (quotient, remainder) = (n / d, n % d);
        let twice = u128::from(remainder) * 2;
        let up = twice > u128::from(d) || (twice == u128::from(d) && quotient % 2 != 0);
        // quotient + 1 cannot overflow: rounding up needs a remainder, so d >= 2 and q < 2^63.
        return i128::from(quotient + u64::from(up));
    }
    let quotient = numerator.div_euclid(denominator);
    let remainder = numerator - quotient * denominator;
    let rest = denominator - remainder;
    if remainder > rest || (remainder == rest && quotient % 2 != 0) {
        quotient + 1
    } else {
        quotient
    }
}

/// An amount of money in whole cents. Invariant: scale 2, |value| < 10^15 (checked where the
/// value is made from user input or totals; see [`MONEY_LIMIT`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Money {
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, 2));

    /// Wraps a value already rounded to cents; the scale is normalised to 2.
    pub fn from_decimal_unchecked(value: Decimal) -> Money {
        let mut v = value;
        v.rescale(2);
        Money(v)
    }

    /// Builds money from whole cents.
    pub fn from_cents(cents: i128) -> Money {
        Money(Decimal::from_i128_with_scale(cents, 2))
    }

    /// The amount as an integer number of cents, for the integer arithmetic SPEC §6.4 asks for.
    pub fn cents(self) -> i128 {
        // Scale is always 2, so the mantissa is the number of cents.
        self.0.mantissa()
    }

    pub fn as_decimal(self) -> Decimal {
        self.0
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn min(self, other: Money) -> Money {
        if self <= other { self } else { other }
    }
}

impl fmt::Display for Money {
    /// Exactly two decimals, no grouping, no currency sign (SPEC §4).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        // Both sides are below 10^15 in cents-scale decimals; the sum cannot overflow 96 bits.
        Money(self.0 + rhs.0)
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

/// An exact fraction: `0.2` is 20%. Share rates lie in [0, 1]; growth and discount rates in
/// (-1, ∞) (SPEC §1.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rate(pub Decimal);

impl Rate {
    pub fn as_decimal(self) -> Decimal {
        self.0
    }
}

impl fmt::Display for Rate {
    /// Six-decimal fraction, half-to-even (SPEC §4: rates six decimals).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut v = self
            .0
            .round_dp_with_strategy(6, RoundingStrategy::MidpointNearestEven);
        v.rescale(6);
        fmt::Display::fmt(&v, f)
    }
}

/// `round_cents(a × b)` for non-negative `a` and `b`, in cents, from the exact product: a
/// `Decimal` product keeps 28 significant digits and would round before the cents do (SPEC
/// §7.1: "the exact product rounded once"). `None` when the result is 10^15 or more.
pub fn mul_round_cents(a: Decimal, b: Decimal) -> Option<i128> {
    if a.is_sign_negative() || b.is_sign_negative() {
        return None;
    }
    let mantissas = (
        u128::try_from(a.mantissa()).ok()?,
        u128::try_from(b.mantissa()).ok()?,
    );
    let product = Wide::product(mantissas.0, mantissas.1);
    // a × b = product / 10^scale; in cents, divide by 10^(scale − 2).
    let scale = a.scale() + b.scale();
    let limit = Wide::from(100_000_000_000_000_000); // 10^15 in cents
    if scale <= 2 {
        let cents = product.times_power_of_ten(2 - scale)?;
        return cents.below(limit).then(|| cents.low() as i128);
    }
    let divisor = Wide::power_of_ten(scale - 2)?;
    let quotient = product.divide_by_power_of_ten(scale - 2);
    if !quotient.below(limit) {
        return None;
    }
    // Half-even: up when 2 × product > (2q + 1) × divisor, or equal and q odd.
    let twice = product.times(2)?;
    let edge = divisor.times(2 * quotient.low() as u64 + 1)?;
    let q = quotient.low();
    let up = twice.compare(&edge).is_gt() || (twice.compare(&edge).is_eq() && q % 2 == 1);
    Some((q + u128::from(up)) as i128)
}

/// A 256-bit unsigned integer, four 64-bit limbs, least significant first: just enough for
/// [`mul_round_cents`] (products of two 96-bit mantissas, powers of ten up to 10^56).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Wide([u64; 4]);

impl Wide {
    fn from(x: u128) -> Wide {
        Wide([x as u64, (x >> 64) as u64, 0, 0])
    }

    fn low(self) -> u128 {
        u128::from(self.0[0]) | (u128::from(self.0[1]) << 64)
    }

    fn below(self, other: Wide) -> bool {
        self.compare(&other).is_lt()
    }

    fn compare(&self, other: &Wide) -> std::cmp::Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }

    /// `self × k`, `None` past 256 bits.
    fn times(self, k: u64) -> Option<Wide> {
        let mut out = [0u64; 4];
        let mut carry = 0u128;
        for (o, limb) in out.iter_mut().zip(self.0) {
            let x = u128::from(limb) * u128::from(k) + carry;
            *o = x as u64;
            carry = x >> 64;
        }
        (carry == 0).then_some(Wide(out))
    }

    fn product(a: u128, b: u128) -> Wide {
        let (a0, a1) = (a as u64, (a >> 64) as u64);
        let (b0, b1) = (b as u64, (b >> 64) as u64);
        let mut out = [0u64; 4];
        for (i, x) in [a0, a1].into_iter().enumerate() {
            let mut carry = 0u128;
            for (j, y) in [b0, b1].into_iter().enumerate() {
                let t = u128::from(x) * u128::from(y) + u128::from(out[i + j]) + carry;
                out[i + j] = t as u64;
                carry = t >> 64;
            }
            out[i + 2] = carry as u64;
        }
        Wide(out)
    }

    fn power_of_ten(n: u32) -> Option<Wide> {
        Wide::from(1).times_power_of_ten(n)
    }

    fn times_power_of_ten(self, n: u32) -> Option<Wide> {
        (0..n).try_fold(self, |w, _| w.times(10))
    }

    /// `floor(self / 10^n)`: dividing by 10 at a time floors the same as one division.
    fn divide_by_power_of_ten(self, n: u32) -> Wide {
        (0..n).fold(self, |w, _| w.divide_small(10))
    }

    fn divide_small(self, d: u64) -> Wide {
        let mut out = [0u64; 4];
        let mut remainder = 0u128;
        for i in (0..4).rev() {
            let x = (remainder << 64) | u128::from(self.0[i]);
            out[i] = (x / u128::from(d)) as u64;
            remainder = x % u128::from(d);
        }
        Wide(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_limit_is_ten_to_the_fifteen() {
        assert_eq!(MONEY_LIMIT, d("1000000000000000"));
    }

    #[test]
    fn round_cents_is_half_to_even() {
        // Ties go to the even cent; anything past the tie goes up.
        for (input, expected) in [
            ("0.125", "0.12"),
            ("0.135", "0.14"),
            ("0.1251", "0.13"),
            ("2.5", "2.50"),
            ("2999999.9975", "3000000.00"),
        ] {
            assert_eq!(round_cents(d(input)).to_string(), expected, "{input}");
        }
    }

    #[test]
    fn division_rounds_half_to_even_on_both_paths() {
        // 64-bit path and 128-bit path (numerator above 2^64, or negative) agree with the
        // definition: 5/2 = 2.5 -> 2, 7/2 = 3.5 -> 4, 7/3 = 2.33 -> 2, 8/3 = 2.67 -> 3,
        // -5/2 = -2.5 -> -2, -7/2 = -3.5 -> -4.
        for (n, d, q) in [
            (5, 2, 2),
            (7, 2, 4),
            (7, 3, 2),
            (8, 3, 3),
            (0, 7, 0),
            (-5, 2, -2),
            (-7, 2, -4),
        ] {
            assert_eq!(div_half_even(n, d), q, "{n}/{d}");
        }
        let big = 1_i128 << 70; // 2^70 = 2 × 2^69: /4 exact; (2^70 + 2) / 4 = 2^68 + 0.5 -> even 2^68
        assert_eq!(div_half_even(big, 4), 1 << 68);
        assert_eq!(div_half_even(big + 2, 4), 1 << 68);
        assert_eq!(div_half_even(big + 6, 4), (1 << 68) + 2);
        // The largest 64-bit numerator: u64::MAX / 2 = 2^63 - 0.5 -> 2^63 (odd 2^63 - 1 rounds up).
        assert_eq!(div_half_even(i128::from(u64::MAX), 2), 1 << 63);
        // Denominators above 2^126, where doubling a remainder would overflow (review of
        // issue 10: a revenue cell of 0.8148 cents came out 0.00 in a release build).
        let d = i128::MAX; // odd: no ties
        assert_eq!(div_half_even(d - 1, d), 1); // just below 1
        assert_eq!(div_half_even(d / 2, d), 0); // just below a half
        assert_eq!(div_half_even(d / 2 + 1, d), 1); // just above a half
        let even = (1_i128 << 126) + 2;
        assert_eq!(div_half_even(even / 2, even), 0); // 0.5 -> 0 (even)
        assert_eq!(div_half_even(even + even / 2, even), 2); // 1.5 -> 2 (even)
    }

    #[test]
    fn round_ratio_is_exact_half_to_even() {
        // 1/8 = 0.125 -> 0.12 (tie, even); 3/8 = 0.375 -> 0.38 (tie, 7 is odd); 1/3 -> 0.33.
        assert_eq!(round_ratio(1, 8, 2), d("0.12"));
        assert_eq!(round_ratio(3, 8, 2), d("0.38"));
        assert_eq!(round_ratio(1, 3, 2), d("0.33"));
        // 2/3 to six places = 0.666667.
        assert_eq!(round_ratio(2, 3, 6).to_string(), "0.666667");
    }

    #[test]
    fn money_prints_two_decimals_and_counts_cents() {
        let m = Money::from_decimal_unchecked(d("12"));
        assert_eq!(m.to_string(), "12.00");
        assert_eq!(m.cents(), 1200);
        assert_eq!(Money::from_cents(5).to_string(), "0.05");
    }

    #[test]
    fn rate_prints_six_decimals() {
        assert_eq!(Rate(d("0.2")).to_string(), "0.200000");
        assert_eq!(Rate(d("0.0000005")).to_string(), "0.000000");
        assert_eq!(Rate(d("0.0000015")).to_string(), "0.000002");
    }

    #[test]
    fn products_round_once_from_the_exact_value() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        // 0.0100000000000000000000000001 × 0.5 = 0.00500000000000000000000000005: just above
        // half a cent, so 1 cent; a 28-digit Decimal product would round to 0.005 first, then
        // half-even to 0.
        assert_eq!(
            mul_round_cents(d("0.0100000000000000000000000001"), d("0.5")),
            Some(1)
        );
        // Exact ties go to the even cent: 0.025 → 2, 0.035 → 4.
        assert_eq!(mul_round_cents(d("0.05"), d("0.5")), Some(2));
        assert_eq!(mul_round_cents(d("0.07"), d("0.5")), Some(4));
        // 100 × 0.12345 = 12.345 → 12.34; 1,000.05 × 0.9 = 900.045 → 900.04.
        assert_eq!(mul_round_cents(d("100"), d("0.12345")), Some(1234));
        assert_eq!(mul_round_cents(d("1000.05"), d("0.9")), Some(90004));
        // Integers with no scale, and the 10^15 bound.
        assert_eq!(mul_round_cents(d("3"), d("7")), Some(2100));
        assert_eq!(mul_round_cents(d("500000000000000"), d("2")), None);
        assert_eq!(
            mul_round_cents(d("499999999999999.99"), d("2")),
            Some(99_999_999_999_999_998)
        );
        // Two 28-digit mantissas: the product needs about 186 bits.
        let big = d("79228162514264.337593543950335");
        assert_eq!(
            mul_round_cents(big, d("0.000000000000000000000000001")),
            Some(0)
        );
    }
}
