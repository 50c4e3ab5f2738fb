//! `--vary KEY=VALUES` and `--cap VALUES` (SPEC §3, §6.19, §6.24): comma lists of values of the
//! key's type, or inclusive ranges `FROM..TO:STEP` for numeric keys, stepped in exact decimal.
//! A range is counted before any value is built, so a huge range is refused at once.

use crate::error::{Diagnostic, Location};
use crate::model::PeriodKind;
use crate::money::{Money, Rate, round_cents};
use crate::scenario::node::{Kind, Node, Origin};
use crate::scenario::overrides::Key;
use crate::scenario::value::{self, Problem};
use jiff::civil::Date;
use rust_decimal::Decimal;

/// The type of value a key takes; it decides the grammar and the sweep.csv column format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyType {
    /// `share.cap`: money or `none`.
    Cap,
    /// `share.paid_before`: money, never `none`; its values are [`Value::Cap`] with an amount.
    Money,
    /// Rates: `share.rate`, `scenario.discount_rate`, `stream.NAME.growth`.
    Rate,
    Date,
    Days,
    Period,
    Bool,
}

impl KeyType {
    pub fn of(key: &Key) -> KeyType {
        match key {
            Key::Table { field, .. } => match field.as_str() {
                "cap" => KeyType::Cap,
                "paid_before" => KeyType::Money,
                // A scale reads like a rate and is written like one (SPEC §7.1).
                "rate" | "discount_rate" | "scale" => KeyType::Rate,
                "effective" | "sunset" | "valuation_date" => KeyType::Date,
                "payment_lag_days" => KeyType::Days,
                _ => KeyType::Period,
            },
            Key::Stream { field, .. } if field == "growth" || field == "scale" => KeyType::Rate,
            Key::Cloud { .. } => KeyType::Rate,
            Key::Stream { .. } => KeyType::Bool,
        }
    }

    fn numeric(self) -> bool {
        matches!(
            self,
            KeyType::Cap | KeyType::Money | KeyType::Rate | KeyType::Days
        )
    }
}

/// One value of a varied key, typed.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Cap(Option<Money>),
    Rate(Decimal),
    Date(Date),
    Days(i64),
    Period(PeriodKind),
    Bool(bool),
}

impl Value {
    /// The text handed to the scenario as an override (the same grammar the file uses).
    pub fn override_text(&self) -> String {
        match self {
            Value::Cap(None) => "none".into(),
            Value::Cap(Some(m)) => m.to_string(),
            Value::Rate(r) => r.to_string(),
            Value::Date(d) => d.to_string(),
            Value::Days(n) => n.to_string(),
            Value::Period(p) => p.as_str().into(),
            Value::Bool(b) => b.to_string(),
        }
    }

    /// The sweep.csv cell (SPEC §6.19): money two decimals, rates six-decimal fractions, dates
    /// ISO, integers, `none` as empty.
    pub fn cell(&self) -> String {
        match self {
            Value::Cap(None) => String::new(),
            Value::Rate(r) => Rate(*r).to_string(),
            other => other.override_text(),
        }
    }

    /// The value as a reader of a report wants it: money as `$20.0B` (in full when the short
    /// form would round), rates as exact percentages (`15%`), `none` for no cap. Two different
    /// values never read the same.
    pub fn readable(&self, currency: &str) -> String {
        use crate::output::format::{money_label, percent_exact};
        match self {
            Value::Cap(None) => "none".into(),
            Value::Cap(Some(m)) => money_label(*m, currency),
            Value::Rate(r) => percent_exact(Rate(*r)),
            Value::Days(n) => format!("{n} days"),
            other => other.override_text(),
        }
    }

    /// Appends [`Self::cell`] and a comma without building a `String`: a sweep writes one per
    /// key per row. No value's text needs CSV quoting (digits, `.`, `-`, letters).
    pub fn push_cell(&self, buf: &mut Vec<u8>) {
        use crate::output::text;
        match self {
            Value::Cap(None) => {}
            Value::Cap(Some(m)) => text::push_money(buf, *m),
            Value::Rate(r) => text::push_rate(buf, Rate(*r)),
            Value::Date(d) => text::push_date(buf, *d),
            Value::Days(n) => {
                use std::io::Write as _;
                let _ = write!(buf, "{n}");
            }
            Value::Period(p) => buf.extend_from_slice(p.as_str().as_bytes()),
            Value::Bool(b) => text::push_flag(buf, *b),
        }
        buf.push(b',');
    }
}

/// The values of one varied key: a list, or a range generated on demand.
#[derive(Clone, Debug)]
pub enum Values {
    List(Vec<Value>),
    Range {
        from: Decimal,
        step: Decimal,
        count: u64,
        kind: KeyType,
    },
}

impl Values {
    pub fn len(&self) -> u64 {
        match self {
            Values::List(v) => v.len() as u64,
            Values::Range { count, .. } => *count,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `i`-th value (`i < len`).
    pub fn get(&self, i: u64) -> Value {
        match self {
            Values::List(v) => v[usize::try_from(i).unwrap_or(0)].clone(),
            Values::Range {
                from, step, kind, ..
            } => {
                let x = *from + *step * Decimal::from(i);
                match kind {
                    KeyType::Cap | KeyType::Money => Value::Cap(Some(round_cents(x))),
                    KeyType::Days => Value::Days(
                        i64::try_from(x.mantissa() / 10i128.pow(x.scale())).unwrap_or(0),
                    ),
                    _ => Value::Rate(x),
                }
            }
        }
    }
}

/// A parsed `--vary` (or `--cap`).
#[derive(Clone, Debug)]
pub struct Varied {
    pub key: Key,
    pub values: Values,
    /// The argument as typed, for messages.
    pub argument: String,
}

/// Parses `KEY=VALUES` (`flag` is `--vary`) or, for `--cap`, just `VALUES`.
pub fn parse_varied(flag: &str, argument: &str, max_cases: u64) -> Result<Varied, Box<Diagnostic>> {
    let shown = format!("{flag} {argument}");
    let fail = |message: &str, found: String, expected: String| {
        Box::new(
            Diagnostic::error(message)
                .at(Location::Argument(shown.clone()))
                .found(found)
                .expected(expected),
        )
    };
    let (key, values) = if flag == "--cap" {
        (
            Key::Table {
                table: "share",
                field: "cap".into(),
            },
            argument,
        )
    } else {
        let (key, values) = argument.split_once('=').ok_or_else(|| {
            fail(
                "expected KEY=VALUES",
                format!("\"{argument}\""),
                "KEY=VALUES, such as share.cap=10B,20B".into(),
            )
        })?;
        let key = Key::parse(key.trim()).ok_or_else(|| {
            fail(
                "unknown key",
                format!("\"{}\"", key.trim()),
                format!("one of {}", crate::scenario::overrides::KEYS.join(", ")),
            )
        })?;
        (key, values)
    };
    let kind = KeyType::of(&key);
    let values = if let Some((from, rest)) = values.split_once("..") {
        if !kind.numeric() {
            return Err(fail(
                "ranges need a numeric key",
                format!("a range for {}", key.text()),
                "a comma list of values".into(),
            ));
        }
        let (to, step) = rest.split_once(':').ok_or_else(|| {
            fail(
                "range without a step",
                format!("\"{values}\""),
                "FROM..TO:STEP, such as 10B..50B:5B".into(),
            )
        })?;
        let number = |text: &str| {
            range_number(kind, text).map_err(|p| fail(&p.message, p.found, p.expected))
        };
        let (from, to, step) = (number(from)?, number(to)?, number(step)?);
        if step <= Decimal::ZERO {
            return Err(fail(
                "range step must be > 0",
                step.to_string(),
                "a positive STEP".into(),
            ));
        }
        if to < from {
            return Err(fail(
                "range ends before it starts",
                format!("{from}..{to}"),
                "TO >= FROM".into(),
            ));
        }
        let span = to.checked_sub(from).ok_or_else(|| {
            fail(
                "range too wide for exact arithmetic",
                format!("{from}..{to}"),
                "ends that differ by less than 7.9 × 10^28".into(),
            )
        })?;
        let count = range_count(span, step);
        let count = match count.and_then(|c| u64::try_from(c).ok()) {
            Some(c) if c <= max_cases => c,
            _ => {
                return Err(fail(
                    "too many cases",
                    format!("{} values in this range", describe_count(count)),
                    format!("at most {max_cases} cases (raise with --max-cases N)"),
                ));
            }
        };
        let range = Values::Range {
            from,
            step,
            count,
            kind,
        };
        // Caps are rounded to cents when made; the largest (the last) must stay below 10^15
        // like any cap read (SPEC §6.4), whatever the other keys of the grid are.
        if let Some(Value::Cap(Some(last))) = count.checked_sub(1).map(|i| range.get(i))
            && last.as_decimal() >= crate::money::MONEY_LIMIT
        {
            return Err(fail(
                "amount too large for exact arithmetic",
                format!(
                    "the range's last {}, {last}",
                    if kind == KeyType::Cap {
                        "cap"
                    } else {
                        "amount"
                    }
                ),
                "an amount below 10^15 (1,000T)".into(),
            ));
        }
        range
    } else {
        let list = values
            .split(',')
            .map(|item| {
                list_value(kind, item).map_err(|p| {
                    fail(
                        &format!("bad value `{}`: {}", item.trim(), p.message),
                        p.found,
                        p.expected,
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Values::List(list)
    };
    Ok(Varied {
        key,
        values,
        argument: shown,
    })
}

/// `floor(span / step) + 1`, exactly: the number of values of a range. `None` when it is
/// above 10^38 (SPEC §7.6). Plain decimal division would overflow (`0..10B:1e-28` has 10^38
/// values), so this is long division on the integer mantissas.
pub fn range_count(span: Decimal, step: Decimal) -> Option<u128> {
    let (a, b) = (
        span.mantissa().unsigned_abs(),
        step.mantissa().unsigned_abs(),
    );
    if b == 0 {
        return None;
    }
    // span / step = (a / 10^sa) / (b / 10^sb) = a × 10^(sb − sa) / b.
    let shift = i64::from(step.scale()) - i64::from(span.scale());
    let mut quotient = if shift >= 0 {
        let (mut q, mut r) = (a / b, a % b);
        for _ in 0..shift {
            q = q.checked_mul(10)?.checked_add((r * 10) / b)?;
            r = (r * 10) % b;
        }
        q
    } else {
        // b < 2^96, so a divisor that overflows u128 exceeds a (< 2^96) and the quotient is 0.
        match 10u128
            .checked_pow(u32::try_from(-shift).ok()?)
            .and_then(|p| p.checked_mul(b))
        {
            Some(divisor) => a / divisor,
            None => 0,
        }
    };
    quotient = quotient.checked_add(1)?;
    (quotient <= CASE_COUNT_LIMIT).then_some(quotient)
}

/// Counts above this are reported as "more than 10^38" (SPEC §7.6).
pub const CASE_COUNT_LIMIT: u128 = 10u128.pow(38);

/// A case count for messages: the number, or "more than 10^38" when it does not fit.
pub fn describe_count(count: Option<u128>) -> String {
    match count {
        Some(c) if c <= CASE_COUNT_LIMIT => c.to_string(),
        _ => "more than 10^38".into(),
    }
}

fn text_node(text: &str) -> Node {
    Node {
        kind: Kind::Str(text.trim().to_owned()),
        origin: Origin::Argument(text.to_owned()),
    }
}

/// One comma-list item, parsed with the key's grammar.
pub fn list_value(kind: KeyType, item: &str) -> Result<Value, Problem> {
    let node = text_node(item);
    Ok(match kind {
        KeyType::Cap => Value::Cap(value::cap(&node)?),
        KeyType::Money => Value::Cap(Some(value::paid_before(&node)?)),
        KeyType::Rate => Value::Rate(value::rate(&node)?.value),
        KeyType::Date => Value::Date(value::date(&node)?),
        KeyType::Days => Value::Days(value::days(&node)?),
        KeyType::Period => Value::Period(value::period(&node)?),
        KeyType::Bool => Value::Bool(value::boolean(&node)?),
    })
}

/// A range bound or step as an exact decimal.
fn range_number(kind: KeyType, text: &str) -> Result<Decimal, Problem> {
    let node = text_node(text);
    match kind {
        KeyType::Cap | KeyType::Money => value::money(&node),
        KeyType::Days => value::days(&node).map(Decimal::from),
        _ => value::rate(&node).map(|r| r.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Review of issue 10: in a mixed grid a range cap that rounds to 10^15 was accepted,
    /// since a combination is validated by its first cap only. Every cap must be checked.
    #[test]
    fn a_cap_range_whose_last_value_rounds_to_ten_to_the_fifteen_is_refused() {
        let e = parse_varied(
            "--cap",
            "999999999999999.99..999999999999999.995:0.005",
            100,
        )
        .unwrap_err();
        assert_eq!(e.message, "amount too large for exact arithmetic");
        assert_eq!(
            e.found.as_deref(),
            Some("the range's last cap, 1000000000000000.00")
        );
        // One step fewer ends at 999,999,999,999,999.99: fine.
        let ok = parse_varied("--cap", "999999999999999.98..999999999999999.99:0.01", 100);
        assert_eq!(ok.unwrap().values.len(), 2);
    }

    /// The fast key cells are the `String` cells, byte for byte, for every kind of value.
    #[test]
    fn pushed_cells_equal_the_cells() {
        use jiff::civil::date;
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let values = [
            Value::Cap(None),
            Value::Cap(Some(Money::ZERO)),
            Value::Cap(Some(Money::from_cents(1))),
            Value::Cap(Some(Money::from_cents(99_999_999_999_999_999))),
            Value::Rate(d("0")),
            Value::Rate(d("-0.05")),
            Value::Rate(d("0.125")),
            Value::Rate(d("0.0000005")), // a tie at the 7th decimal: half-even 0.000000
            Value::Rate(d("0.0000015")), // 0.000002
            Value::Rate(d("100")),
            Value::Rate(d("0.33333333333333333333")),
            Value::Date(date(2030, 12, 31)),
            Value::Date(date(999, 1, 1)),
            Value::Days(0),
            Value::Days(36_500),
            Value::Period(PeriodKind::Quarter),
            Value::Bool(false),
        ];
        for value in values {
            let mut fast = Vec::new();
            value.push_cell(&mut fast);
            let mut reference = Vec::new();
            crate::output::csv::push_cell(&mut reference, value.cell(), false);
            assert_eq!(fast, reference, "{value:?}");
        }
    }

    #[test]
    fn cap_range_steps_in_exact_decimal_and_includes_to() {
        let v = parse_varied("--cap", "10B..50B:5B", 100).unwrap();
        assert_eq!(v.values.len(), 9);
        assert_eq!(v.values.get(8).cell(), "50000000000.00");
        // 0.1 steps: 0.1, 0.2, 0.3 exactly (no binary drift): 3 values.
        let r = parse_varied("--vary", "share.rate=10%..30%:10%", 100).unwrap();
        assert_eq!(r.values.len(), 3);
        assert_eq!(r.values.get(2).cell(), "0.300000");
    }

    #[test]
    fn lists_use_the_key_type() {
        let v = parse_varied("--vary", "share.cap=10B,none,$1.5bn", 100).unwrap();
        let cells: Vec<String> = (0..3).map(|i| v.values.get(i).cell()).collect();
        assert_eq!(cells, ["10000000000.00", "", "1500000000.00"]);
        let d = parse_varied("--vary", "share.sunset=2029-12-31,2030-12-31", 100).unwrap();
        assert_eq!(d.values.get(1).cell(), "2030-12-31");
    }

    #[test]
    fn refuses_bad_ranges_and_values() {
        assert!(parse_varied("--vary", "share.sunset=2029-01-01..2030-01-01:1", 100).is_err());
        assert!(parse_varied("--cap", "50B..10B:5B", 100).is_err());
        assert!(parse_varied("--cap", "10B..50B:0", 100).is_err());
        assert!(
            parse_varied("--cap", "1..1000000000:1", 1000)
                .unwrap_err()
                .message
                .contains("too many")
        );
        let e = parse_varied("--cap", "10B,lots", 100).unwrap_err();
        assert!(e.message.contains("`lots`"), "{}", e.message);
        assert_eq!(e.location, Location::Argument("--cap 10B,lots".into()));
    }

    /// Regression (issue 9): counting these ranges overflowed (a panic in `Decimal` division,
    /// or `u64` saturation); the count is exact up to 10^38.
    #[test]
    fn counts_huge_ranges_exactly_or_says_more_than_10_38() {
        let found = |flag: &str, arg: &str| parse_varied(flag, arg, u64::MAX).unwrap_err().found;
        // 10^20 / 10^-20 + 1 = 10^40 + 1 values: over 10^38.
        assert_eq!(
            found("--vary", "scenario.discount_rate=0..1e20:1e-20").as_deref(),
            Some("more than 10^38 values in this range")
        );
        // 10^10 / 10^-28 = 10^38, + 1: over.
        assert_eq!(
            found("--cap", "0..10B:1e-28").as_deref(),
            Some("more than 10^38 values in this range")
        );
        // 1 / 10^-28 + 1 = 10^28 + 1: fits u128, over u64.
        assert_eq!(
            found("--vary", "share.rate=0..1:1e-28").as_deref(),
            Some("10000000000000000000000000001 values in this range")
        );
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 0.3 / 0.1 = 3, + 1 = 4; 1 / 0.3 = 3.33 → 3, + 1 = 4; 7 / 2000 → 0, + 1 = 1.
        assert_eq!(range_count(d("0.3"), d("0.1")), Some(4));
        assert_eq!(range_count(d("1"), d("0.3")), Some(4));
        assert_eq!(range_count(d("7"), d("2000")), Some(1));
        assert_eq!(range_count(d("0"), d("0.0000001")), Some(1));
        // The widest range the grammar allows (28 digits each side) over the finest step.
        assert_eq!(
            found("--vary", "scenario.discount_rate=-9e27..9e27:1e-28").as_deref(),
            Some("more than 10^38 values in this range")
        );
    }
}
