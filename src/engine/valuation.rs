//! SPEC §2.6 and §6.10: cash dates, discount factors and present values.
//!
//! The one place binary floating point is allowed: the discount factor follows the XNPV
//! convention of spreadsheets, `(1 + d)^(−days / 365)`, computed in f64 by the exact recipe of
//! SPEC §6.10 so any tool following the same recipe writes the same digits. Money never meets
//! the f64: `pv` multiplies the payment by the exact decimal of the factor's shortest
//! round-trip representation.

use super::TooLarge;
use crate::dates::days_between;
use crate::money::{Money, Rate, div_half_even};
use jiff::civil::Date;
use rust_decimal::Decimal;

/// `(1 + d)^(−days / 365)`, with `days = cash_date − valuation_date` (signed).
pub fn discount_factor(discount_rate: Rate, valuation_date: Date, cash_date: Date) -> f64 {
    factor(
        discount_base(discount_rate),
        days_between(valuation_date, cash_date),
    )
}

/// `1 + d` formed in exact decimal, then the nearest f64 (Rust's float parsing is correctly
/// rounded). Computed once per scenario by the compiled engine.
pub fn discount_base(discount_rate: Rate) -> f64 {
    let base_decimal = Decimal::ONE + discount_rate.as_decimal();
    base_decimal.to_string().parse().unwrap_or(f64::NAN)
}

/// `base^(−days / 365)`: the one recipe both engines use (SPEC §6.10).
pub fn factor(base: f64, days: i64) -> f64 {
    base.powf(-(days as f64) / 365.0)
}

/// `round_cents(P × D)` where D is the exact decimal of `format!("{df}")`, in integers: P in
/// cents (< 10^17) times D's at most 17 significant digits fits i128 exactly, and one
/// half-even division by a power of ten rounds it. (A 96-bit `Decimal` product would round
/// a 34-digit product to 28 digits first.) A non-finite factor is refused even when nothing
/// is paid: it could not be written as a number.
pub fn present_value(paid: Money, df: f64, label: &str) -> Result<Money, TooLarge> {
    if !df.is_finite() {
        return Err(TooLarge::infinite_discount_factor(label));
    }
    if paid.is_zero() {
        return Ok(Money::ZERO);
    }
    let too_large = || TooLarge::new(format!("present value in {label}"));
    let (digits, exponent) = shortest_decimal(df).ok_or_else(too_large)?;
    times_decimal(paid, digits, exponent, label)
}

/// `round_cents(P × digits × 10^exponent)`, exactly: [`present_value`] once the factor's
/// shortest decimal is known (the compiled engine keeps it per period across cases).
pub fn times_decimal(
    paid: Money,
    digits: i128,
    exponent: i32,
    label: &str,
) -> Result<Money, TooLarge> {
    let too_large = || TooLarge::new(format!("present value in {label}"));
    let product = paid.cents().checked_mul(digits).ok_or_else(too_large)?;
    let cents = match exponent {
        // D is a whole number times 10^e: exact, or too large.
        e if e >= 0 => 10_i128
            .checked_pow(e.unsigned_abs())
            .and_then(|p| product.checked_mul(p))
            .ok_or_else(too_large)?,
        // Below 10^-38 the product (< 10^34) is under half a cent: 0 exactly.
        e if e < -38 => 0,
        e => div_half_even(product, 10_i128.pow(e.unsigned_abs())),
    };
    // Checked in cents first: a `Money` cannot even hold 10^29 cents.
    if cents >= super::exact::LIMIT_CENTS {
        return Err(too_large());
    }
    Ok(Money::from_cents(cents))
}

/// The shortest decimal that round-trips `x` (Rust's `{}`, which never uses an exponent), as
/// `digits × 10^exponent` with no trailing zeros in `digits`. `None` for a non-finite or
/// negative `x`, or more digits than any f64 needs.
pub fn shortest_decimal(x: f64) -> Option<(i128, i32)> {
    if !x.is_finite() || x.is_sign_negative() {
        return None;
    }
    let text = format!("{x}");
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let all: String = int.chars().chain(frac.chars()).collect();
    let significant = all.trim_start_matches('0');
    let trimmed = significant.trim_end_matches('0');
    if trimmed.is_empty() {
        return Some((0, 0));
    }
    let zeros = significant.len() - trimmed.len();
    let digits: i128 = trimmed.parse().ok().filter(|_| trimmed.len() <= 17)?;
    let exponent = i32::try_from(zeros).ok()? - i32::try_from(frac.len()).ok()?;
    Some((digits, exponent))
}

/// `format!("{df:.10}")`, the written `discount_factor` (SPEC §6.10).
pub fn format_discount_factor(df: f64) -> String {
    format!("{df:.10}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use std::str::FromStr;

    fn rate(s: &str) -> Rate {
        Rate(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn one_year_at_ten_percent() {
        // 365 days at 10%: 1.1^-1 = 0.909090909… -> "0.9090909091".
        let df = discount_factor(rate("0.1"), date(2026, 1, 1), date(2027, 1, 1));
        assert_eq!(format_discount_factor(df), "0.9090909091");
        // pv of 1,100.00 = round(1100 × 0.9090909090909091) = round(999.99999999999999…) = 1000.00.
        assert_eq!(
            present_value(Money::from_cents(110_000), df, "x")
                .unwrap()
                .to_string(),
            "1000.00"
        );
    }

    #[test]
    fn cash_before_valuation_date_gives_factor_above_one() {
        // Valuation 2027-01-01, cash 365 days earlier at 10%: 1.1^(+1) = 1.1 (f64 1.1).
        let df = discount_factor(rate("0.1"), date(2027, 1, 1), date(2026, 1, 1));
        assert_eq!(format_discount_factor(df), "1.1000000000");
        assert_eq!(
            present_value(Money::from_cents(100), df, "x")
                .unwrap()
                .to_string(),
            "1.10"
        );
    }

    #[test]
    fn negative_discount_rate_grows_future_cash() {
        // d = -10%: base 0.9, 365 days later: 0.9^-1 = 1.111111… -> "1.1111111111".
        let df = discount_factor(rate("-0.1"), date(2026, 1, 1), date(2027, 1, 1));
        assert_eq!(format_discount_factor(df), "1.1111111111");
        // pv of 900.00 = round(900 × 1.1111111111111112) = round(1000.00000000000008) = 1000.00.
        assert_eq!(
            present_value(Money::from_cents(90_000), df, "x")
                .unwrap()
                .to_string(),
            "1000.00"
        );
    }

    #[test]
    fn zero_rate_and_same_day_are_one() {
        assert_eq!(
            discount_factor(rate("0"), date(2026, 1, 1), date(2030, 1, 1)),
            1.0
        );
        assert_eq!(
            discount_factor(rate("0.5"), date(2026, 1, 1), date(2026, 1, 1)),
            1.0
        );
    }

    #[test]
    fn an_infinite_factor_is_refused_even_when_nothing_is_paid() {
        // Written as `inf` before issue 10: now an error naming the period.
        for paid in [Money::ZERO, Money::from_cents(1)] {
            let e = present_value(paid, f64::INFINITY, "2026-Q1").unwrap_err();
            assert_eq!(e.what, "the discount factor of 2026-Q1");
            assert!(e.found.contains("is infinite"), "{}", e.found);
        }
        // A factor that underflows to 0 is finite: pv 0.00.
        assert_eq!(
            present_value(Money::from_cents(99), 0.0, "x").unwrap(),
            Money::ZERO
        );
    }

    #[test]
    fn shortest_decimals_split_into_digits_and_a_power_of_ten() {
        assert_eq!(
            shortest_decimal(0.9090909090909091),
            Some((9090909090909091, -16))
        );
        assert_eq!(shortest_decimal(1.1), Some((11, -1)));
        assert_eq!(shortest_decimal(1.0), Some((1, 0)));
        assert_eq!(shortest_decimal(2.5e20), Some((25, 19)));
        assert_eq!(shortest_decimal(1e-300), Some((1, -300)));
        assert_eq!(shortest_decimal(0.0), Some((0, 0)));
        assert_eq!(shortest_decimal(f64::NAN), None);
    }

    /// Regression (issue 10): P × D was a `Decimal` product, which keeps 28 significant
    /// digits: a 17-digit payment in cents times a 16-digit factor has 33, and a product just
    /// above a half cent became an exact tie that half-even rounded down.
    #[test]
    fn present_values_are_exact_where_a_28_digit_product_is_not() {
        // 1.1^-1 = 0.9090909090909091 (shortest f64 text, 16 decimals).
        let df = discount_factor(rate("0.1"), date(2026, 1, 1), date(2027, 1, 1));
        assert_eq!(format!("{df}"), "0.9090909090909091");
        // P = 150,000,000,000,000.11 = 15,000,000,000,000,011 cents.
        // P × D = 15,000,000,000,000,011 × 9,090,909,090,909,091 × 10^-16 cents
        //       = 136,363,636,363,636,465,000,000,000,000,001 × 10^-16
        //       = 13,636,363,636,363,646.5000000000000001 cents: just above the half,
        // so pv = 13,636,363,636,363,647 cents = 136,363,636,363,636.47.
        let paid = Money::from_cents(15_000_000_000_000_011);
        let pv = present_value(paid, df, "x").unwrap();
        assert_eq!(pv.to_string(), "136363636363636.47");
        // The 28-digit product is 136,363,636,363,636.4650000000000: a tie, half-even to .46.
        let decimal = paid
            .as_decimal()
            .checked_mul(Decimal::from_str("0.9090909090909091").unwrap())
            .unwrap();
        assert_eq!(
            crate::money::round_cents(decimal).to_string(),
            "136363636363636.46"
        );
    }
}
