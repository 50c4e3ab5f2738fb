//! SPEC §2.6 and §6.10: cash dates, discount factors and present values.
//!
//! The one place binary floating point is allowed: the discount factor follows the XNPV
//! convention of spreadsheets, `(1 + d)^(−days / 365)`, computed in f64 by the exact recipe of
//! SPEC §6.10 so any tool following the same recipe writes the same digits. Money never meets
//! the f64: `pv` multiplies the payment by the exact decimal of the factor's shortest
//! round-trip representation.

use super::TooLarge;
use crate::dates::days_between;
use crate::money::{MONEY_LIMIT, Money, Rate, round_cents};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::str::FromStr;

/// `(1 + d)^(−days / 365)`, with `days = cash_date − valuation_date` (signed).
pub fn discount_factor(discount_rate: Rate, valuation_date: Date, cash_date: Date) -> f64 {
    let days = days_between(valuation_date, cash_date);
    let base_decimal = Decimal::ONE + discount_rate.as_decimal();
    // The nearest f64 to the exact decimal: Rust's float parsing is correctly rounded.
    let base: f64 = base_decimal.to_string().parse().unwrap_or(f64::NAN);
    base.powf(-(days as f64) / 365.0)
}

/// `round_cents(P × D)` where D is the exact decimal of `format!("{df}")`.
pub fn present_value(paid: Money, df: f64, label: &str) -> Result<Money, TooLarge> {
    if paid.is_zero() {
        return Ok(Money::ZERO);
    }
    let too_large = || TooLarge::new(format!("present value in {label}"));
    if !df.is_finite() {
        return Err(too_large());
    }
    // Below 10^-20, P × D < 10^15 × 10^-20 = 10^-5: the value rounds to 0.00 exactly as the
    // full decimal would, and the factor's decimal form may need more digits than fit.
    if df < 1e-20 {
        return Ok(Money::ZERO);
    }
    let exact = Decimal::from_str(&format!("{df}")).map_err(|_| too_large())?;
    let pv = paid
        .as_decimal()
        .checked_mul(exact)
        .map(round_cents)
        .ok_or_else(too_large)?;
    if pv.as_decimal() >= MONEY_LIMIT {
        return Err(too_large());
    }
    Ok(pv)
}

/// `format!("{df:.10}")`, the written `discount_factor` (SPEC §6.10).
pub fn format_discount_factor(df: f64) -> String {
    format!("{df:.10}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

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
    fn nothing_paid_has_zero_pv_even_with_a_huge_factor() {
        assert_eq!(
            present_value(Money::ZERO, f64::INFINITY, "x").unwrap(),
            Money::ZERO
        );
        assert!(present_value(Money::from_cents(1), f64::INFINITY, "2026-Q1").is_err());
    }
}
