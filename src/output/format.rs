//! Number formatting for people (tables, later charts and reports), as opposed to the exact
//! machine formats of the CSV and JSON files.

use crate::money::{Money, Rate};
use rust_decimal::{Decimal, RoundingStrategy};

/// `1234567.5` → `1,234,567.50`.
pub fn grouped(money: Money) -> String {
    let text = money.to_string();
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |d| ("-", d));
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "00"));
    format!("{sign}{}.{frac}", group_digits(int))
}

/// A run of digits with a `,` between thousands: `1234567` → `1,234,567`.
pub fn group_digits(int: &str) -> String {
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The currency's symbol where one is common, else the code and a space.
pub fn currency_prefix(currency: &str) -> String {
    match currency {
        "USD" => "$".into(),
        "EUR" => "€".into(),
        "GBP" => "£".into(),
        "JPY" => "¥".into(),
        other => format!("{other} "),
    }
}

/// Compact money for headlines and axes: `$38.0B`, `$250M`, `$40K`, `$512`.
pub fn compact(money: Money, currency: &str) -> String {
    let (rounded, suffix, _) = shortened(money);
    format!("{}{rounded}{suffix}", currency_prefix(currency))
}

/// [`compact`]'s number, unit suffix and unit: one decimal below 100 of a unit (`1.5`, `38.0`),
/// none above (`250`) or for plain units.
fn shortened(money: Money) -> (Decimal, &'static str, Decimal) {
    let value = money.as_decimal();
    let (divisor, suffix) = [
        (Decimal::from(1_000_000_000_000_i64), "T"),
        (Decimal::from(1_000_000_000_i64), "B"),
        (Decimal::from(1_000_000_i64), "M"),
        (Decimal::from(1_000_i64), "K"),
    ]
    .into_iter()
    .find(|(d, _)| value.abs() >= *d)
    .unwrap_or((Decimal::ONE, ""));
    let scaled = value / divisor;
    let places = u32::from(!suffix.is_empty() && scaled.abs() < Decimal::ONE_HUNDRED);
    let mut rounded = scaled.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    rounded.rescale(places);
    (rounded, suffix, divisor)
}

/// Money as a label that must tell values apart (a sweep's cap column): [`compact`] when it is
/// exact (`$20.0B`, `$250M`), else the full amount grouped (`$1,015,000,000.00`), so two
/// different caps never read the same.
pub fn money_label(money: Money, currency: &str) -> String {
    let (rounded, _, divisor) = shortened(money);
    if rounded * divisor == money.as_decimal() {
        compact(money, currency)
    } else {
        format!("{}{}", currency_prefix(currency), grouped(money))
    }
}

/// A rate as an exact percentage, every decimal it has: `0.2` → `20%`, `0.00015` → `0.015%`
/// (a sweep's rate column, whose steps may be finer than [`percent`] shows).
pub fn percent_exact(rate: Rate) -> String {
    // A rate too large for a percentage (only an invalid draw's value can be) reads as itself.
    match rate.as_decimal().checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => format!("{} (as a fraction)", rate.as_decimal().normalize()),
    }
}

/// A `--set`/`--vary` key as a reader names it: `share.cap` → `cap`, `share.payment_lag_days`
/// → `payment lag`, `stream."API on AWS".growth` → `API on AWS growth`. Column headers and
/// chart labels use it; files keep the key itself.
pub fn key_label(key: &str) -> String {
    let plain = |s: &str| s.replace('_', " ");
    match key.split_once('.') {
        Some(("share", "payment_lag_days")) => "payment lag".into(),
        Some(("share", "effective")) => "effective date".into(),
        Some(("share", field)) => plain(field),
        Some(("scenario", field)) => plain(field),
        Some(("revenue", "scale")) => "revenue scale".into(),
        Some(("stream" | "cloud", rest)) => match rest.rsplit_once('.') {
            Some((name, field)) => format!("{} {}", name.trim_matches('"'), plain(field)),
            None => key.into(),
        },
        _ => key.into(),
    }
}

/// A rate as a percentage with up to two decimals: `0.2` → `20%`, `0.0845` → `8.45%`.
pub fn percent(rate: Rate) -> String {
    match rate.as_decimal().checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => {
            let p = p
                .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven)
                .normalize();
            format!("{p}%")
        }
        None => percent_exact(rate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn keys_read_as_words() {
        assert_eq!(key_label("share.cap"), "cap");
        assert_eq!(key_label("share.rate"), "rate");
        assert_eq!(key_label("share.payment_lag_days"), "payment lag");
        assert_eq!(key_label("scenario.discount_rate"), "discount rate");
        assert_eq!(
            key_label("stream.\"API on AWS\".growth"),
            "API on AWS growth"
        );
        assert_eq!(key_label("stream.chat.growth"), "chat growth");
        assert_eq!(key_label("share.effective"), "effective date");
        assert_eq!(key_label("revenue.scale"), "revenue scale");
        assert_eq!(key_label("cloud.aws.scale"), "aws scale");
    }

    fn m(s: &str) -> Money {
        Money::from_decimal_unchecked(Decimal::from_str(s).unwrap())
    }

    #[test]
    fn money_labels_are_compact_only_when_exact() {
        // 20B is exactly $20.0B; 1.015B would show as $1.0B, so it is written in full.
        assert_eq!(money_label(m("20000000000"), "USD"), "$20.0B");
        assert_eq!(money_label(m("250000000"), "USD"), "$250M");
        assert_eq!(money_label(m("1015000000"), "USD"), "$1,015,000,000.00");
        assert_eq!(money_label(m("512"), "USD"), "$512");
        assert_eq!(money_label(m("0.5"), "USD"), "$0.50");
        assert_eq!(
            percent_exact(Rate(Decimal::from_str("0.00015").unwrap())),
            "0.015%"
        );
        assert_eq!(
            percent_exact(Rate(Decimal::from_str("0.2").unwrap())),
            "20%"
        );
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(m("1234567.5")), "1,234,567.50");
        assert_eq!(grouped(m("999")), "999.00");
        assert_eq!(grouped(m("1000")), "1,000.00");
        assert_eq!(grouped(m("0")), "0.00");
    }

    #[test]
    fn compact_units_follow_magnitude() {
        assert_eq!(compact(m("38000000000"), "USD"), "$38.0B");
        assert_eq!(compact(m("1500000000"), "USD"), "$1.5B");
        assert_eq!(compact(m("250000000"), "USD"), "$250M");
        assert_eq!(compact(m("40000"), "EUR"), "€40.0K");
        assert_eq!(compact(m("512.4"), "CHF"), "CHF 512");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(Rate(Decimal::from_str("0.2").unwrap())), "20%");
        assert_eq!(
            percent(Rate(Decimal::from_str("0.084512").unwrap())),
            "8.45%"
        );
    }
}
