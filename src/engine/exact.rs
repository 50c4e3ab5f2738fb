//! SPEC §2.2 and §6.26: a revenue cell, exactly. `R[s,p]` is
//! `round_cents(Σ_b amount_b × days(b ∩ p) / days(b))`: each block's part is an exact fraction
//! (the product first, then the one division), the parts are summed as fractions and the sum is
//! rounded half-to-even once. A `Decimal` division would round each part to 28 digits first,
//! and three such parts can turn a tie at half a cent into a value just above it.
//!
//! Both engines form their cells here, so they cannot disagree on one.

use crate::money::div_half_even;

/// 10^15 in cents: a cell at or above it is too large (SPEC §6.4).
pub const LIMIT_CENTS: i128 = 100_000_000_000_000_000;

/// One block's part of a range: `amount × days / length`, with `amount = mantissa × 10^−scale`
/// (a `Decimal`'s parts: mantissa below 2^96, scale at most 28).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub mantissa: i128,
    pub scale: u32,
    /// Days of the block inside the range, at least 1.
    pub days: i64,
    /// Days of the whole block, at least `days`.
    pub length: i64,
}

/// Why a cell has no value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unformed {
    /// It reaches 10^15.
    TooLarge,
    /// Its exact fraction does not fit 128 bits: amounts with twenty-odd decimals over blocks
    /// of several different lengths.
    TooPrecise,
}

/// `Σ parts` in cents, rounded half-to-even once, or why it cannot be given.
pub fn cents(parts: impl IntoIterator<Item = Part>) -> Result<i128, Unformed> {
    let mut sum = Fraction::ZERO;
    for part in parts {
        let part = part.in_cents().ok_or(Unformed::TooPrecise)?;
        sum = sum.add(part).ok_or(Unformed::TooPrecise)?;
    }
    let cents = div_half_even(sum.numerator, sum.denominator);
    if cents < LIMIT_CENTS {
        Ok(cents)
    } else {
        Err(Unformed::TooLarge)
    }
}

/// `A = round_cents(rate × Q)` exactly (SPEC §2.4, §6.26), for a rate in [0, 1] of up to 28
/// decimals and `Q` in cents below 10^17. The product can need 153 bits, so the rate's
/// mantissa is split at 10^14 and the half-even comparison is made on the exact remainder.
/// (A `Decimal` product keeps 28 significant digits and could blur a tie.) `None` outside
/// that domain.
pub fn accrued(rate: rust_decimal::Decimal, q: i128) -> Option<i128> {
    const SPLIT: i128 = 100_000_000_000_000; // 10^14
    let scale = usize::try_from(rate.scale()).ok()?;
    let power = *POWERS_OF_TEN.get(scale)?;
    let m = rate.mantissa();
    if !(0..=power).contains(&m) || !(0..LIMIT_CENTS).contains(&q) {
        return None;
    }
    if scale <= 14 {
        // m <= 10^14 and q < 10^17: the product is below 10^31.
        return Some(div_half_even(m * q, power));
    }
    // m × q = (a × 10^14 + b) × q = (a × q + c) × 10^14 + d, with b × q = c × 10^14 + d.
    let (a, b) = (m / SPLIT, m % SPLIT);
    let (c, d) = ((b * q) / SPLIT, (b * q) % SPLIT);
    let n = a * q + c;
    // m × q / 10^scale = (n + d / 10^14) / 10^(scale − 14): quotient and exact remainder.
    let divisor = POWERS_OF_TEN[scale - 14];
    let (quotient, remainder) = (n / divisor, n % divisor);
    let twice = 2 * (remainder * SPLIT + d); // compared with the whole divisor, 10^scale
    let up = twice > power || (twice == power && quotient % 2 != 0);
    Some(quotient + i128::from(up))
}

/// 10^0 to 10^28: a `Decimal`'s scales.
const POWERS_OF_TEN: [i128; 29] = {
    let mut table = [1; 29];
    let mut i = 1;
    while i < 29 {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// A non-negative fraction with a positive denominator.
#[derive(Clone, Copy, Debug)]
struct Fraction {
    numerator: i128,
    denominator: i128,
}

impl Fraction {
    const ZERO: Fraction = Fraction {
        numerator: 0,
        denominator: 1,
    };

    /// The exact sum, over the least common denominator.
    fn add(self, other: Fraction) -> Option<Fraction> {
        if self.numerator == 0 {
            return Some(other);
        }
        if self.denominator == other.denominator {
            return Some(Fraction {
                numerator: self.numerator.checked_add(other.numerator)?,
                denominator: self.denominator,
            });
        }
        let g = gcd(self.denominator, other.denominator);
        let denominator = (self.denominator / g).checked_mul(other.denominator)?;
        let left = self.numerator.checked_mul(denominator / self.denominator)?;
        let right = other
            .numerator
            .checked_mul(denominator / other.denominator)?;
        Some(Fraction {
            numerator: left.checked_add(right)?,
            denominator,
        })
    }
}

impl Part {
    /// The part in cents as a fraction. A whole block is its amount: the days cancel.
    fn in_cents(self) -> Option<Fraction> {
        let power = *POWERS_OF_TEN.get(usize::try_from(self.scale).ok()?)?;
        if self.days == self.length {
            return Some(Fraction {
                numerator: self.mantissa.checked_mul(100)?,
                denominator: power,
            });
        }
        Some(Fraction {
            numerator: self
                .mantissa
                .checked_mul(i128::from(self.days))?
                .checked_mul(100)?,
            denominator: i128::from(self.length).checked_mul(power)?,
        })
    }
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(mantissa: i128, scale: u32, days: i64, length: i64) -> Part {
        Part {
            mantissa,
            scale,
            days,
            length,
        }
    }

    #[test]
    fn one_part_is_the_product_then_the_division() {
        // 12,000,000 × 90 / 365 = 2,958,904.1095… -> 295,890,411 cents.
        assert_eq!(cents([part(12_000_000, 0, 90, 365)]), Ok(295_890_411));
        // A whole block is its amount: 0.015 (scale 3) = 1.5 cents -> tie -> 2 cents (even).
        assert_eq!(cents([part(15, 3, 7, 7)]), Ok(2));
        // 0.025 = 2.5 cents -> tie -> 2 cents.
        assert_eq!(cents([part(25, 3, 1, 1)]), Ok(2));
    }

    /// The case a `Decimal` engine gets wrong: three 3-day blocks, one day of each in range,
    /// of 300.02, 300.02 and 300.035. Exactly (300.02 + 300.02 + 300.035) / 3 = 900.075 / 3 =
    /// 300.025: a tie, half-even 300.02. Each `Decimal` quotient (100.00666…7, 100.00666…7,
    /// 100.01166…7) rounds up in its 28th digit and their sum is 300.025000…0001 -> 300.03.
    #[test]
    fn parts_are_summed_exactly_before_the_one_rounding() {
        let parts = [
            part(30_002, 2, 1, 3),
            part(30_002, 2, 1, 3),
            part(300_035, 3, 1, 3),
        ];
        assert_eq!(cents(parts), Ok(30_002));
        // Different lengths: 1/3 of 0.10 + 1/6 of 0.07 = 0.0333… + 0.011666… = 0.045 exactly
        // (= 27/600), a tie -> 0.04.
        assert_eq!(cents([part(10, 2, 1, 3), part(7, 2, 1, 6)]), Ok(4));
    }

    #[test]
    fn accrual_is_exact_for_any_precision() {
        use rust_decimal::Decimal;
        let rate = |m: i128, scale: u32| Decimal::from_i128_with_scale(m, scale);
        // 20% of 90,000.00: 1,800,000 cents.
        assert_eq!(accrued(rate(2, 1), 9_000_000), Some(1_800_000));
        // 12.5% of 0.20 = 2.5 cents -> 2 (even); of 0.28 = 3.5 -> 4.
        assert_eq!(accrued(rate(125, 3), 20), Some(2));
        assert_eq!(accrued(rate(125, 3), 28), Some(4));
        // 28 decimals: rate 0.5000000000000000000000000001 × 0.01 = 0.005000…0001 (30
        // decimals), just above half a cent -> 0.01. A `Decimal` product keeps 28 decimals,
        // 0.0050000000000000000000000000, a tie that half-even rounds to 0.00.
        let just_above_half = rate(5 * 10_i128.pow(27) + 1, 28);
        assert_eq!(accrued(just_above_half, 1), Some(1));
        // Exactly half at 28 decimals over 3 cents: 1.5 cents -> 2 (even).
        assert_eq!(accrued(rate(5 * 10_i128.pow(27), 28), 3), Some(2));
        // 100% at 28 decimals of the largest Q: Q itself.
        let q = LIMIT_CENTS - 1;
        assert_eq!(accrued(rate(10_i128.pow(28), 28), q), Some(q));
        // 1/3 at 28 decimals of 10^17 - 1 cents: 3333…3 × 99999999999999999 / 10^28
        // = 33,333,333,333,333,332.99999999999… -> 33,333,333,333,333,333.
        let third = rate(3_333_333_333_333_333_333_333_333_333, 28);
        assert_eq!(accrued(third, q), Some(33_333_333_333_333_333));
        // Outside the domain: a rate above 1, a negative Q.
        assert_eq!(accrued(rate(11, 1), 1), None);
        assert_eq!(accrued(rate(1, 1), -1), None);
    }

    #[test]
    fn too_large_or_unformable_is_none() {
        // 10^15 exactly (in cents 10^17) is too large; a cent less is fine.
        assert_eq!(cents([part(LIMIT_CENTS, 2, 1, 1)]), Err(Unformed::TooLarge));
        assert_eq!(cents([part(LIMIT_CENTS - 1, 2, 1, 1)]), Ok(LIMIT_CENTS - 1));
        // A 28-decimal amount over two coprime long blocks: the common denominator
        // 3,652,059 × 3,652,058 × 10^28 does not fit 128 bits.
        let m = 10_i128.pow(28) + 1;
        assert_eq!(
            cents([part(m, 28, 1, 3_652_059), part(m, 28, 1, 3_652_058)]),
            Err(Unformed::TooPrecise)
        );
        // No parts: zero.
        assert_eq!(cents([]), Ok(0));
    }
}
