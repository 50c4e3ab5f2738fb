//! The number, rate, date and keyword grammar of SPEC §1.1, §1.2 and §6.4.
//!
//! Each reader takes a [`Node`] (a TOML value or a `--set` string) and returns the typed
//! value or a [`Problem`] saying what was found and what was expected; the caller adds the
//! file, place and field path.

use super::node::{Kind, Node};
use crate::model::PeriodKind;
use crate::money::{MONEY_LIMIT, Money, round_cents};
use jiff::civil::Date;
use rust_decimal::Decimal;

/// What was wrong with one value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub found: String,
    pub expected: String,
}

impl Problem {
    pub fn new(
        message: impl Into<String>,
        found: impl Into<String>,
        expected: impl Into<String>,
    ) -> Self {
        Self {
            message: message.into(),
            found: found.into(),
            expected: expected.into(),
        }
    }
}

const MONEY_EXPECTED: &str =
    "an amount >= 0 such as 38000000000, \"38B\", \"$12.5bn\", \"1_250_000\" or \"4.2e9\"";
const RATE_EXPECTED: &str = "a rate such as \"20%\" or 0.2";
const DATE_EXPECTED: &str = "a date such as 2026-04-27";

/// A rate and whether it was written as a bare number (not a percentage): SPEC §6.31 warns
/// about bare numbers above 1 (`growth = 25` is 2,500%).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParsedRate {
    pub value: Decimal,
    pub bare: bool,
}

/// Money: a TOML integer, a TOML float (through its shortest decimal form) or a string in the
/// money grammar. Must be >= 0 and below 10^15.
pub fn money(node: &Node) -> Result<Decimal, Problem> {
    let text = match &node.kind {
        Kind::Str(s) => s.clone(),
        Kind::Integer { literal, radix } => integer_text(literal, *radix, node)?,
        Kind::Float(literal) => float_text(literal, node)?,
        other => return Err(type_problem(other, MONEY_EXPECTED)),
    };
    // Report what the file says (`-5`, not the text it was read as).
    parse_money(&text).map_err(|p| Problem {
        found: node.describe(),
        ..p
    })
}

/// A cap: money rounded half-even to cents when read (SPEC §6.3), or `none` (uncapped).
pub fn cap(node: &Node) -> Result<Option<Money>, Problem> {
    if let Kind::Str(s) = &node.kind
        && s.trim().eq_ignore_ascii_case("none")
    {
        return Ok(None);
    }
    let cap = money(node).map(round_cents).map_err(|p| Problem {
        expected: format!("{} or \"none\"", p.expected),
        ..p
    })?;
    // SPEC §6.4 applies after rounding: 999999999999999.995 rounds (half-even) to 10^15.
    if cap.as_decimal() >= MONEY_LIMIT {
        return Err(Problem::new(
            "amount too large for exact arithmetic",
            node.describe(),
            "a cap below 10^15 (1,000T) after rounding to cents, or \"none\"",
        ));
    }
    Ok(Some(cap))
}

/// A revenue scale (SPEC §7.1): a non-negative fraction or percentage (`1`, `"0.85"`,
/// `"85%"`) with at most 6 decimal places as a fraction, judged on the value: `"0.8500000"`
/// is 0.85, `"12.34567%"` is 0.1234567 and too precise.
pub fn scale(node: &Node) -> Result<Decimal, Problem> {
    const EXPECTED: &str =
        "a scale such as 1, \"0.85\" or \"85%\" (0 to 1,000, at most 6 decimal places)";
    let value = rate(node)
        .map_err(|p| Problem {
            expected: EXPECTED.into(),
            ..p
        })?
        .value
        .normalize();
    match scale_rule(value) {
        None => Ok(value.abs()),
        // Too precise is judged on the value, so the message shows it.
        Some(m @ SCALE_PRECISION) => Err(Problem::new(
            m,
            format!("{} (= {value})", node.describe()),
            EXPECTED,
        )),
        Some(m @ SCALE_ABOVE) => Err(Problem::new(
            m,
            node.describe(),
            "a scale from 0 to 1,000 (SPEC §7.6)",
        )),
        Some(m) => Err(Problem::new(m, node.describe(), EXPECTED)),
    }
}

/// Which rule of SPEC §7.1 and §7.6 a scale's value (normalised) breaks, if any: below 0,
/// above 1,000, or more than 6 decimal places. The one statement of the rules: the validator
/// and the Monte Carlo fast path (which must accept exactly what the validator accepts) both
/// ask it.
pub fn scale_rule(value: Decimal) -> Option<&'static str> {
    if value.is_sign_negative() && !value.is_zero() {
        Some("a scale must be >= 0")
    } else if value > Decimal::ONE_THOUSAND {
        Some(SCALE_ABOVE)
    } else if value.scale() > 6 {
        Some(SCALE_PRECISION)
    } else {
        None
    }
}

const SCALE_ABOVE: &str = "a scale above 1,000";
const SCALE_PRECISION: &str = "a scale has at most 6 decimal places";

/// `share.paid_before` (SPEC §7.2): money rounded half-even to cents when read, like a cap,
/// but never `none`.
pub fn paid_before(node: &Node) -> Result<Money, Problem> {
    let amount = money(node).map(round_cents)?;
    if amount.as_decimal() >= MONEY_LIMIT {
        return Err(Problem::new(
            "amount too large for exact arithmetic",
            node.describe(),
            "an amount below 10^15 (1,000T) after rounding to cents",
        ));
    }
    Ok(amount)
}

/// Parses the money grammar: `[$]digits[.digits][e±N][suffix]`, `_`/`,` in the integer part,
/// suffixes k, m/mm, b/bn, t/tn (any case), surrounding whitespace allowed.
pub fn parse_money(text: &str) -> Result<Decimal, Problem> {
    let found = format!("\"{text}\"");
    let trimmed = text.trim();
    let body = trimmed.strip_prefix('$').unwrap_or(trimmed).trim_start();
    if body.starts_with('-') {
        return Err(Problem::new("amount must be >= 0", found, MONEY_EXPECTED));
    }
    let body = body.strip_prefix('+').unwrap_or(body);
    let value = parse_number(body, true)
        .ok_or_else(|| Problem::new("not a valid amount", found.clone(), MONEY_EXPECTED))??;
    check_money_range(value, &found)
}

fn check_money_range(value: Decimal, found: &str) -> Result<Decimal, Problem> {
    if value.is_sign_negative() && !value.is_zero() {
        return Err(Problem::new("amount must be >= 0", found, MONEY_EXPECTED));
    }
    if value >= MONEY_LIMIT {
        return Err(Problem::new(
            "amount too large for exact arithmetic",
            found,
            "an amount below 10^15 (1,000T)",
        ));
    }
    Ok(value.abs())
}

/// A rate: a number (a fraction) or a string, `"20%"` a percentage, `"0.2"` a fraction.
pub fn rate(node: &Node) -> Result<ParsedRate, Problem> {
    let (text, bare) = match &node.kind {
        Kind::Str(s) => (s.trim().to_owned(), !s.trim().ends_with('%')),
        Kind::Integer { literal, radix } => (integer_text(literal, *radix, node)?, true),
        Kind::Float(literal) => (float_text(literal, node)?, true),
        other => return Err(type_problem(other, RATE_EXPECTED)),
    };
    // Described only on failure: sweeps parse rates for every case.
    let invalid = || Problem::new("not a valid rate", node.describe(), RATE_EXPECTED);
    let (number, percent) = match text.strip_suffix('%') {
        Some(n) => (n.trim_end(), true),
        None => (text.as_str(), false),
    };
    let (negative, digits) = match number.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, number.strip_prefix('+').unwrap_or(number)),
    };
    let mut value = parse_number(digits, false)
        .ok_or_else(invalid)?
        .map_err(|p| Problem {
            message: p.message.replace("amount", "rate"),
            found: node.describe(),
            ..p
        })?;
    if percent {
        value = value
            .checked_div(Decimal::ONE_HUNDRED)
            .ok_or_else(invalid)?;
    }
    if negative {
        value.set_sign_negative(true);
    }
    Ok(ParsedRate { value, bare })
}

/// SPEC §7.6: growth and discount rates lie in (−100%, 10,000%].
pub const RATE_CEILING: Decimal = Decimal::ONE_HUNDRED;

/// A growth or discount rate: a [`rate`] in (−100%, 10,000%] (SPEC §1.1, §7.6). The bound
/// keeps `1 + g` and every product with it far inside exact decimal arithmetic.
pub fn bounded_rate(node: &Node) -> Result<ParsedRate, Problem> {
    let rate = rate(node)?;
    if rate.value <= -Decimal::ONE || rate.value > RATE_CEILING {
        return Err(Problem::new(
            "rate out of range",
            node.describe(),
            "a rate above -100% and at most 10,000%",
        ));
    }
    Ok(rate)
}

/// A date: a TOML local date or a string `YYYY-MM-DD`.
pub fn date(node: &Node) -> Result<Date, Problem> {
    let found = node.describe();
    match &node.kind {
        Kind::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                let year = i16::try_from(d.year).unwrap_or(i16::MAX);
                Date::new(year, d.month as i8, d.day as i8)
                    .map_err(|_| Problem::new("not a valid date", found, DATE_EXPECTED))
            }
            _ => Err(Problem::new(
                "a date must not carry a time",
                found,
                DATE_EXPECTED,
            )),
        },
        Kind::Str(s) => {
            parse_date(s).ok_or_else(|| Problem::new("not a valid date", found, DATE_EXPECTED))
        }
        other => Err(type_problem(other, DATE_EXPECTED)),
    }
}

/// `YYYY-MM-DD` exactly (SPEC §1.2).
pub fn parse_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let bytes = t.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape {
        return None;
    }
    let year: i16 = t[0..4].parse().ok()?;
    let month: i8 = t[5..7].parse().ok()?;
    let day: i8 = t[8..10].parse().ok()?;
    Date::new(year, month, day).ok()
}

/// A boolean: TOML `true`/`false` or the same words as a string, any case (SPEC §6.23).
pub fn boolean(node: &Node) -> Result<bool, Problem> {
    match &node.kind {
        Kind::Bool(b) => Ok(*b),
        Kind::Str(s) => parse_bool(s)
            .ok_or_else(|| Problem::new("not a boolean", node.describe(), "true or false")),
        other => Err(type_problem(other, "true or false")),
    }
}

/// `true` / `false`, any case.
pub fn parse_bool(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// SPEC §7.6: the longest payment lag, in days (100 years).
pub const MAX_LAG_DAYS: i64 = 36_500;

/// A whole number of days in [0, 36,500] (SPEC §7.6).
pub fn days(node: &Node) -> Result<i64, Problem> {
    const EXPECTED: &str = "a whole number of days from 0 to 36500, such as 45";
    let text = match &node.kind {
        Kind::Integer { literal, radix } => integer_text(literal, *radix, node)?,
        Kind::Str(s) => s.trim().to_owned(),
        other => return Err(type_problem(other, EXPECTED)),
    };
    match text.parse::<i64>() {
        Ok(n) if (0..=MAX_LAG_DAYS).contains(&n) => Ok(n),
        Ok(n) if n < 0 => Err(Problem::new(
            "payment lag must be >= 0",
            node.describe(),
            EXPECTED,
        )),
        Ok(_) => Err(Problem::new(
            "payment lag too long",
            node.describe(),
            EXPECTED,
        )),
        Err(_) => Err(Problem::new(
            "not a whole number of days",
            node.describe(),
            EXPECTED,
        )),
    }
}

/// `month` | `quarter` | `year`, any case.
pub fn period(node: &Node) -> Result<PeriodKind, Problem> {
    const EXPECTED: &str = "\"month\", \"quarter\" or \"year\"";
    let Kind::Str(s) = &node.kind else {
        return Err(type_problem(&node.kind, EXPECTED));
    };
    match s.trim().to_ascii_lowercase().as_str() {
        "month" => Ok(PeriodKind::Month),
        "quarter" => Ok(PeriodKind::Quarter),
        "year" => Ok(PeriodKind::Year),
        _ => Err(Problem::new("unknown period", node.describe(), EXPECTED)),
    }
}

/// A string value.
pub fn string(node: &Node) -> Result<String, Problem> {
    match &node.kind {
        Kind::Str(s) => Ok(s.clone()),
        other => Err(type_problem(other, "a string")),
    }
}

/// "wrong type" with the TOML type found.
pub fn type_problem(found: &Kind, expected: &str) -> Problem {
    Problem::new("wrong type", found.type_name(), expected)
}

/// A TOML integer literal as decimal text.
fn integer_text(literal: &str, radix: u32, node: &Node) -> Result<String, Problem> {
    let digits: String = literal.chars().filter(|c| *c != '_').collect();
    i128::from_str_radix(&digits, radix)
        .map(|v| v.to_string())
        .map_err(|_| {
            Problem::new(
                "integer out of range",
                node.describe(),
                "an amount below 10^15",
            )
        })
}

/// SPEC §1.1: a TOML float is read through its shortest decimal form, so `0.2` is exactly 0.2.
fn float_text(literal: &str, node: &Node) -> Result<String, Problem> {
    let digits: String = literal.chars().filter(|c| *c != '_').collect();
    match digits.parse::<f64>() {
        // Rust prints the shortest representation that round-trips, without an exponent.
        Ok(f) if f.is_finite() => Ok(format!("{f}")),
        _ => Err(Problem::new(
            "not a finite number",
            node.describe(),
            "a finite number",
        )),
    }
}

/// Significant digits of a float literal as written (SPEC §6.31 warns above 15).
pub fn float_significant_digits(literal: &str) -> usize {
    let mantissa = literal.split(['e', 'E']).next().unwrap_or("");
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits: String = int
        .chars()
        .chain(frac.trim_end_matches(['0', '_']).chars())
        .filter(char::is_ascii_digit)
        .collect();
    digits.trim_start_matches('0').len()
}

/// Parses unsigned `digits[.digits][e±N][suffix]` into an exact decimal. `None` when the text
/// does not match the grammar; `Some(Err)` when it does but the value cannot be held exactly.
fn parse_number(text: &str, allow_suffix: bool) -> Option<Result<Decimal, Problem>> {
    let found = format!("\"{text}\"");
    let lower = text.trim().to_ascii_lowercase();
    let (number, scale_pow) = if allow_suffix {
        split_suffix(&lower)
    } else {
        (lower.as_str(), 0)
    };
    let (mantissa, exponent) = match number.find('e') {
        Some(i) => {
            let exp = &number[i + 1..];
            let exp_digits = exp.strip_prefix(['+', '-']).unwrap_or(exp);
            if exp_digits.is_empty()
                || !exp_digits.bytes().all(|b| b.is_ascii_digit())
                || exp_digits.len() > 4
            {
                return None;
            }
            (&number[..i], exp.parse::<i64>().ok()?)
        }
        None => (number, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let int_ok = int.bytes().any(|b| b.is_ascii_digit())
        && int
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'_' || b == b',');
    let frac_ok =
        frac.bytes().all(|b| b.is_ascii_digit()) && (mantissa.contains('.') != frac.is_empty());
    if !int_ok || !frac_ok {
        return None;
    }
    let digits: String = int
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(char::from)
        .chain(frac.chars())
        .collect();
    let digits = digits.trim_start_matches('0');
    // value = digits × 10^(exponent + scale_pow − len(frac))
    let mut power = exponent + scale_pow - frac.len() as i64;
    let mut digits = digits.to_owned();
    while power < 0 && digits.ends_with('0') {
        digits.pop();
        power += 1;
    }
    if digits.is_empty() {
        return Some(Ok(Decimal::ZERO));
    }
    let integer_digits = digits.len() as i64 + power;
    if integer_digits > 29 {
        return Some(Err(Problem::new(
            "amount too large for exact arithmetic",
            found,
            "a value below 10^15",
        )));
    }
    if -power > 28 {
        return Some(Err(Problem::new(
            "more than 28 decimal places",
            found,
            "at most 28 decimal places",
        )));
    }
    if power > 0 {
        digits.extend(std::iter::repeat_n('0', power as usize));
        power = 0;
    }
    if digits.len() > 28 {
        return Some(Err(Problem::new(
            "too many significant digits for exact arithmetic",
            found,
            "at most 28 significant digits",
        )));
    }
    let mantissa: i128 = digits.parse().ok()?;
    Some(Ok(Decimal::from_i128_with_scale(mantissa, (-power) as u32)))
}

/// Splits a lower-cased money string into its number and the power of ten of its suffix.
fn split_suffix(text: &str) -> (&str, i64) {
    for (suffix, pow) in [
        ("mm", 6),
        ("bn", 9),
        ("tn", 12),
        ("k", 3),
        ("m", 6),
        ("b", 9),
        ("t", 12),
    ] {
        if let Some(number) = text.strip_suffix(suffix) {
            return (number.trim_end(), pow);
        }
    }
    (text, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::node::Origin;
    use std::str::FromStr;

    fn s(text: &str) -> Node {
        Node {
            kind: Kind::Str(text.into()),
            origin: Origin::Argument(text.into()),
        }
    }

    fn float(text: &str) -> Node {
        Node {
            kind: Kind::Float(text.into()),
            origin: Origin::Argument(text.into()),
        }
    }

    fn int(text: &str) -> Node {
        Node {
            kind: Kind::Integer {
                literal: text.into(),
                radix: 10,
            },
            origin: Origin::Argument(text.into()),
        }
    }

    #[test]
    fn money_grammar_table() {
        for (input, expected) in [
            ("38B", "38000000000"),
            ("$12.5bn", "12500000000"),
            ("1_250_000", "1250000"),
            ("4.2e9", "4200000000"),
            ("1.25e10", "12500000000"),
            ("1e3k", "1000000"),
            ("  7,500 ", "7500"),
            ("2.5MM", "2500000"),
            ("3m", "3000000"),
            ("1.5T", "1500000000000"),
            ("2tn", "2000000000000"),
            ("40K", "40000"),
            ("0.125", "0.125"),
            ("5E-1", "0.5"),
            ("1e+2", "100"),
            ("0", "0"),
            ("$ 10", "10"),
        ] {
            let got = parse_money(input).unwrap_or_else(|p| panic!("{input}: {p:?}"));
            assert_eq!(got, Decimal::from_str(expected).unwrap(), "{input}");
        }
    }

    #[test]
    fn money_grammar_rejects() {
        for (input, message) in [
            ("-5", "amount must be >= 0"),
            ("1e400", "amount too large for exact arithmetic"),
            ("1e15", "amount too large for exact arithmetic"),
            ("1000T", "amount too large for exact arithmetic"),
            ("999999999999999.99", ""),
            ("abc", "not a valid amount"),
            ("5x", "not a valid amount"),
            ("1.", "not a valid amount"),
            (".5", "not a valid amount"),
            ("1.2.3", "not a valid amount"),
            ("", "not a valid amount"),
            ("1e-29", "more than 28 decimal places"),
            ("12b3", "not a valid amount"),
        ] {
            match parse_money(input) {
                Ok(v) if message.is_empty() => assert_eq!(v.to_string(), input),
                Ok(v) => panic!("{input} parsed as {v}"),
                Err(p) => assert_eq!(p.message, message, "{input}"),
            }
        }
    }

    #[test]
    fn toml_numbers_read_exactly() {
        assert_eq!(money(&float("0.2")).unwrap().to_string(), "0.2");
        // The f64 nearest 1234567890.123456789 prints as 1234567890.1234567.
        assert_eq!(
            money(&float("1234567890.123456789")).unwrap().to_string(),
            "1234567890.1234567"
        );
        assert_eq!(
            money(&int("38_000_000_000")).unwrap().to_string(),
            "38000000000"
        );
        assert_eq!(
            money(&int("-1")).unwrap_err().message,
            "amount must be >= 0"
        );
        assert_eq!(
            money(&float("1e300")).unwrap_err().message,
            "amount too large for exact arithmetic"
        );
        assert_eq!(
            money(&float("inf")).unwrap_err().message,
            "not a finite number"
        );
    }

    #[test]
    fn rates_in_every_form() {
        let r = |n: Node| rate(&n).unwrap();
        assert_eq!(
            r(s("20%")),
            ParsedRate {
                value: Decimal::from_str("0.2").unwrap(),
                bare: false
            }
        );
        assert_eq!(r(s("0.2")).value, Decimal::from_str("0.2").unwrap());
        assert!(r(s("0.2")).bare);
        assert_eq!(r(s("-10%")).value, Decimal::from_str("-0.1").unwrap());
        assert_eq!(r(s("2.5 %")).value, Decimal::from_str("0.025").unwrap());
        assert_eq!(r(int("1")).value, Decimal::ONE);
        assert_eq!(r(float("0.25")).value, Decimal::from_str("0.25").unwrap());
        assert!(rate(&s("twenty")).is_err());
        assert!(rate(&s("20k%")).is_err());
        assert_eq!(
            rate(&Node {
                kind: Kind::Bool(true),
                origin: Origin::Argument(String::new())
            })
            .unwrap_err()
            .found,
            "a boolean"
        );
    }

    #[test]
    fn caps_round_to_cents_and_accept_none() {
        assert_eq!(cap(&s("None")).unwrap(), None);
        assert_eq!(cap(&s("0.125")).unwrap().unwrap().to_string(), "0.12");
        assert_eq!(
            cap(&s("38B")).unwrap().unwrap().to_string(),
            "38000000000.00"
        );
    }

    #[test]
    fn dates_and_keywords() {
        assert_eq!(
            parse_date("2026-04-27"),
            Some(jiff::civil::date(2026, 4, 27))
        );
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-4-27"), None);
        assert_eq!(period(&s("Quarter")).unwrap(), PeriodKind::Quarter);
        assert!(period(&s("week")).is_err());
        assert!(!boolean(&s("FALSE")).unwrap());
        assert_eq!(days(&s("45")).unwrap(), 45);
        assert!(days(&s("-1")).is_err());
    }

    #[test]
    fn counts_significant_digits_of_float_literals() {
        assert_eq!(float_significant_digits("1234567890.123456789"), 19);
        assert_eq!(float_significant_digits("0.2"), 1);
        assert_eq!(float_significant_digits("1.50e3"), 2);
        assert_eq!(float_significant_digits("0.000_123"), 3);
    }
}
