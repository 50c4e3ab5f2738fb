//! `--draw KEY=DIST(…)` (SPEC §7.3): which key a path draws, from which distribution, and how a
//! uniform becomes the key's value. Parameters use the key's own grammar (`pert(20B,38B,60B)`,
//! `uniform(2029-06-30,2031-12-31)`, `triangular(15%,20%,25%)`); a continuous draw is
//! `F⁻¹(u)` in f64, written as its shortest decimal and rounded half-even to the key's
//! grammar: money to cents, rates and scales to six decimals of the fraction, dates and whole
//! numbers to a whole count of days (or units) from the first parameter. A `discrete` draw is
//! the first value whose exact cumulative weight reaches `u ×` the total.

use super::dist::Continuous;
use crate::money::round_cents;
use crate::scenario::overrides::Key;
use crate::sweep::values::{KeyType, Value, list_value};
use jiff::civil::Date;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// One drawn key.
#[derive(Clone, Debug)]
pub struct Draw {
    pub key: Key,
    /// The distribution's name and its parameters as written, for `mc_summary.json`.
    pub dist: String,
    pub parameters: Vec<String>,
    kind: KeyType,
    how: How,
}

#[derive(Clone, Debug)]
enum How {
    /// Parameters as f64 in the key's unit; dates as days after `base`.
    Continuous {
        dist: Continuous,
        base: Option<Date>,
        /// A whole-number key's first parameter: values are whole units from it (SPEC §7.3).
        origin: i64,
    },
    /// Values with their running total of exact weights.
    Discrete {
        values: Vec<Value>,
        cumulative: Vec<Decimal>,
    },
}

/// Why a `--draw` is refused: a message and what was expected, for the caller to place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrawError {
    pub message: String,
    pub expected: String,
}

fn fail(message: impl Into<String>, expected: impl Into<String>) -> DrawError {
    DrawError {
        message: message.into(),
        expected: expected.into(),
    }
}

impl Draw {
    /// Parses `KEY=NAME(p1,p2,…)`.
    pub fn parse(argument: &str) -> Result<Draw, DrawError> {
        let (key, dist) = argument
            .split_once('=')
            .ok_or_else(|| fail("expected KEY=DIST", "such as share.cap=pert(20B,38B,60B)"))?;
        let key = Key::parse(key.trim()).ok_or_else(|| fail("unknown key", "a --set key"))?;
        let kind = KeyType::of(&key);
        if kind == KeyType::Period {
            return Err(fail(
                "scenario.period cannot be drawn",
                "a key other than scenario.period: periods must be fixed",
            ));
        }
        let (name, params) = dist
            .trim()
            .strip_suffix(')')
            .and_then(|d| d.split_once('('))
            .ok_or_else(|| fail("expected NAME(PARAMETERS)", "such as uniform(10%,30%)"))?;
        let params: Vec<&str> = params.split(',').map(str::trim).collect();
        let how = match name.trim() {
            "discrete" => discrete(kind, &params)?,
            _ if kind == KeyType::Bool => {
                return Err(fail(
                    "a boolean key takes discrete only",
                    "discrete(true:1,false:1)",
                ));
            }
            other => continuous(kind, other, &params)?,
        };
        let draw = Draw {
            key,
            dist: name.trim().to_owned(),
            parameters: params.iter().map(|p| (*p).to_owned()).collect(),
            kind,
            how,
        };
        check_rate_support(&draw.key, &draw)?;
        Ok(draw)
    }

    /// The `--draw` form: `share.cap=pert(20B,38B,60B)`.
    pub fn text(&self) -> String {
        format!(
            "{}={}({})",
            self.key.text(),
            self.dist,
            self.parameters.join(",")
        )
    }

    /// The smallest and largest values this draw can take, as values of its key: for a
    /// continuous draw the support's ends turned into values as draws are.
    pub fn extremes(&self) -> (Value, Value) {
        match &self.how {
            How::Continuous { .. } => (self.value(0.0), self.value(1.0)),
            How::Discrete { values, .. } => {
                let mut sorted = values.clone();
                sorted.sort_by(order);
                let first = sorted.first().cloned().unwrap_or(Value::Cap(None));
                (first, sorted.last().cloned().unwrap_or(Value::Cap(None)))
            }
        }
    }

    /// The earliest and latest values a date draw can take (its support's ends as drawn);
    /// `None` for other keys.
    pub fn date_range(&self) -> Option<(Date, Date)> {
        if self.kind != KeyType::Date {
            return None;
        }
        let date = |v: Value| match v {
            Value::Date(d) => Some(d),
            _ => None,
        };
        match &self.how {
            How::Continuous { .. } => Some((date(self.value(0.0))?, date(self.value(1.0))?)),
            How::Discrete { values, .. } => {
                let dates: Vec<Date> = values.iter().cloned().filter_map(date).collect();
                Some((*dates.iter().min()?, *dates.iter().max()?))
            }
        }
    }

    /// The value of a path whose uniform for this key is `u`.
    pub fn value(&self, u: f64) -> Value {
        match &self.how {
            How::Discrete { values, cumulative } => {
                let total = cumulative.last().copied().unwrap_or(Decimal::ONE);
                // u × total with u's decimal value to 28 significant digits: exact for the
                // uniforms of the sampler up to its last few bits, so only a u within 10^-28 of
                // a cumulative boundary could land on the other side.
                let target = Decimal::from_f64_retain(u).unwrap_or(Decimal::ONE) * total;
                let i = cumulative.partition_point(|c| *c < target);
                values[i.min(values.len() - 1)].clone()
            }
            How::Continuous { dist, base, origin } => {
                to_value(self.kind, dist.quantile(u), *base, *origin)
            }
        }
    }
}

/// Values of one key from smallest to largest; `none` (uncapped) is the largest cap.
fn order(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (Value::Cap(a), Value::Cap(b)) => match (a, b) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(a), Some(b)) => a.cmp(b),
        },
        (Value::Rate(a), Value::Rate(b)) => a.cmp(b),
        (Value::Days(a), Value::Days(b)) => a.cmp(b),
        (Value::Date(a), Value::Date(b)) => a.cmp(b),
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        _ => Ordering::Equal,
    }
}

/// `x` written as its shortest decimal, then rounded half-even to the key's grammar.
fn to_value(kind: KeyType, x: f64, base: Option<Date>, origin: i64) -> Value {
    let decimal = Decimal::from_str(&format!("{x}"))
        .ok()
        .or_else(|| Decimal::from_f64(x))
        .unwrap_or_default();
    let round =
        |places| decimal.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    match kind {
        KeyType::Cap | KeyType::Money => Value::Cap(Some(round_cents(decimal.max(Decimal::ZERO)))),
        KeyType::Rate => Value::Rate(round(6).normalize()),
        KeyType::Days => {
            // Whole units from the first parameter: 1 + round(4.5) = 5, where round(5.5) = 6.
            let offset = (decimal - Decimal::from(origin))
                .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven);
            Value::Days(origin + offset.to_i64().unwrap_or(0))
        }
        KeyType::Date => {
            let days = round(0).to_i64().unwrap_or(0);
            let start = base.unwrap_or(jiff::civil::date(2026, 1, 1));
            Value::Date(crate::dates::add_days(start, days).unwrap_or(start))
        }
        // Unreachable: periods are refused and booleans are discrete.
        KeyType::Period | KeyType::Bool => Value::Days(0),
    }
}

/// A parameter in the key's grammar, as f64 in the key's unit (dates: days after `base`).
fn number(kind: KeyType, text: &str, base: Option<Date>) -> Result<f64, DrawError> {
    let value = list_value(kind, text).map_err(|p| fail(p.message, p.expected))?;
    let x = match value {
        Value::Cap(Some(m)) => m.as_decimal().to_f64(),
        Value::Cap(None) => return Err(fail("none is a discrete value only", "an amount")),
        Value::Rate(r) => r.to_f64(),
        Value::Days(n) => Some(n as f64),
        Value::Date(d) => base.map(|b| crate::dates::days_between(b, d) as f64),
        _ => None,
    };
    x.ok_or_else(|| {
        fail(
            format!("`{text}` is not a number of this key"),
            "a value in the key's grammar",
        )
    })
}

/// A spread (`sd`): in the key's unit (a rate, money, whole days), or a plain number.
fn spread(kind: KeyType, text: &str) -> Result<f64, DrawError> {
    let as_days = matches!(kind, KeyType::Date | KeyType::Days);
    let parsed = if as_days {
        // Whole days (or units) for dates and whole-number keys (SPEC §7.3).
        text.trim().parse::<f64>().ok().filter(|x| x.fract() == 0.0)
    } else {
        number(kind, text, None).ok()
    };
    parsed.ok_or_else(|| {
        fail(
            format!("`{text}` is not a spread of this key"),
            "a positive amount in the key's unit",
        )
    })
}

fn continuous(kind: KeyType, name: &str, p: &[&str]) -> Result<How, DrawError> {
    let base = match kind {
        KeyType::Date => p
            .first()
            .and_then(|t| crate::scenario::value::parse_date(t)),
        _ => None,
    };
    let n = |i: usize| number(kind, p[i], base);
    let count = |want: &[usize]| {
        if want.contains(&p.len()) {
            Ok(())
        } else {
            Err(fail(
                format!(
                    "{name} takes {} parameters, got {}",
                    want.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(" or "),
                    p.len()
                ),
                format!("{name}(…) as SPEC §7.3 gives it"),
            ))
        }
    };
    let named = |r: Result<Continuous, super::dist::BadParameter>| {
        r.map_err(|b| fail(format!("bad parameter `{}`", b.parameter), b.expected))
    };
    let dist = match name {
        "uniform" => {
            count(&[2])?;
            named(Continuous::uniform(n(0)?, n(1)?))?
        }
        "triangular" => {
            count(&[3])?;
            named(Continuous::triangular(n(0)?, n(1)?, n(2)?))?
        }
        "pert" => {
            count(&[3])?;
            named(Continuous::pert(n(0)?, n(1)?, n(2)?))?
        }
        "normal" => {
            count(&[2, 4])?;
            let bounds = if p.len() == 4 {
                Some((n(2)?, n(3)?))
            } else {
                None
            };
            named(Continuous::normal(n(0)?, spread(kind, p[1])?, bounds))?
        }
        "lognormal" => {
            count(&[2])?;
            let sigma = p[1]
                .parse::<f64>()
                .map_err(|_| fail("sigma must be a plain number", "such as 0.25"))?;
            named(Continuous::lognormal(n(0)?, sigma))?
        }
        other => {
            return Err(fail(
                format!("unknown distribution `{other}`"),
                "uniform, triangular, pert, normal, lognormal or discrete",
            ));
        }
    };
    check_support(kind, name, &dist, base)?;
    let origin = match kind {
        KeyType::Days => p
            .first()
            .and_then(|t| t.trim().parse::<i64>().ok())
            .unwrap_or(0),
        _ => 0,
    };
    Ok(How::Continuous { dist, base, origin })
}

/// A support's end for a message: a rate as a percentage, anything else as a number, both to
/// at most six decimals (`-21.5%`, not `-0.21500000000000002`).
fn shown(x: f64, kind: KeyType) -> String {
    let (x, unit) = if kind == KeyType::Rate {
        (x * 100.0, "%")
    } else {
        (x, "")
    };
    let text = match kind {
        KeyType::Cap | KeyType::Money => format!("{x:.2}"),
        _ => format!("{x:.6}"),
    };
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}{unit}")
}

/// SPEC §7.3: a draw's support must lie inside the key's valid range, so no path can draw an
/// invalid value of the key alone (a plain normal's support is mean ± 8.3 sd: give it min and
/// max when that reaches outside). Dates are checked per path, where their order matters.
fn check_support(
    kind: KeyType,
    name: &str,
    dist: &Continuous,
    base: Option<Date>,
) -> Result<(), DrawError> {
    let (lo, hi) = dist.support();
    let (min, max, what) = match kind {
        KeyType::Cap | KeyType::Money => (0.0, 1e15, "amounts from 0 to below 10^15"),
        KeyType::Days => (0.0, 36_500.0, "whole days from 0 to 36,500"),
        KeyType::Rate => (f64::NEG_INFINITY, f64::INFINITY, ""),
        KeyType::Date => return check_calendar(name, lo, hi, base),
        KeyType::Period | KeyType::Bool => return Ok(()),
    };
    if lo < min || hi > max || (kind != KeyType::Rate && hi >= 1e15) {
        let hint = if name == "normal" {
            " (give a normal min and max)"
        } else {
            ""
        };
        return Err(fail(
            format!(
                "{name}'s support {} to {} leaves the key's range",
                shown(lo, kind),
                shown(hi, kind)
            ),
            format!("{what}{hint}"),
        ));
    }
    Ok(())
}

/// A date draw's support (days after its first parameter) must stay inside the calendar a
/// scenario's dates use, years 1 to 9999: a draw beyond it has no date to become.
fn check_calendar(name: &str, lo: f64, hi: f64, base: Option<Date>) -> Result<(), DrawError> {
    let inside = |days: f64| {
        base.filter(|_| days.is_finite() && days.abs() < 4e6)
            .and_then(|b| crate::dates::add_days(b, days.round() as i64))
            .is_some_and(|d| (1..=9999).contains(&d.year()))
    };
    if inside(lo) && inside(hi) {
        Ok(())
    } else {
        let hint = if name == "normal" {
            " (give a normal min and max)"
        } else {
            ""
        };
        Err(fail(
            format!("{name}'s support leaves the calendar"),
            format!("dates from 0001-01-01 to 9999-12-31{hint}"),
        ))
    }
}

/// The valid range of a rate-like key (SPEC §6.4, §7.1, §7.6): the share rate in [0, 1], a
/// scale >= 0, growth and discount rates above −100% and at most 10,000%.
pub fn check_rate_support(key: &Key, draw: &Draw) -> Result<(), DrawError> {
    let (lo, hi) = match &draw.how {
        How::Continuous { dist, .. } => dist.support(),
        // A discrete draw's values are its support: checked before anything runs too.
        How::Discrete { values, .. } => {
            let rates: Vec<f64> = values
                .iter()
                .filter_map(|v| match v {
                    Value::Rate(r) => r.to_f64(),
                    _ => None,
                })
                .collect();
            if rates.is_empty() {
                return Ok(());
            }
            let lo = rates.iter().copied().fold(f64::INFINITY, f64::min);
            (lo, rates.iter().copied().fold(f64::NEG_INFINITY, f64::max))
        }
    };
    let field = match key {
        Key::Table { field, .. } | Key::Stream { field, .. } | Key::Cloud { field, .. } => field,
    };
    let (ok, expected) = match field.as_str() {
        "rate" => (lo >= 0.0 && hi <= 1.0, "a share rate from 0% to 100%"),
        "scale" => (
            lo >= 0.0 && hi <= 1000.0,
            "a scale from 0 to 1,000 (SPEC §7.6)",
        ),
        "growth" | "discount_rate" => (
            lo > -1.0 && hi <= 100.0,
            "a rate above -100% and at most 10,000%",
        ),
        _ => (true, ""),
    };
    if ok {
        Ok(())
    } else {
        Err(fail(
            format!(
                "the draw's support {} to {} leaves the key's range",
                shown(lo, draw.kind),
                shown(hi, draw.kind)
            ),
            expected,
        ))
    }
}

fn discrete(kind: KeyType, p: &[&str]) -> Result<How, DrawError> {
    let mut values = Vec::new();
    let mut cumulative = Vec::new();
    let mut total = Decimal::ZERO;
    for item in p {
        let (value, weight) = item.rsplit_once(':').ok_or_else(|| {
            fail(
                format!("`{item}` has no weight"),
                "VALUE:WEIGHT, such as 38B:2",
            )
        })?;
        let value = match list_value(kind, value).map_err(|e| fail(e.message, e.expected))? {
            // Rates and scales to six decimals of the fraction, half-even, as a continuous
            // draw's (SPEC §7.3): the value a path runs with is the one mc_paths.csv writes.
            Value::Rate(r) => Value::Rate(
                r.round_dp_with_strategy(6, RoundingStrategy::MidpointNearestEven)
                    .normalize(),
            ),
            other => other,
        };
        let weight = Decimal::from_str(weight.trim())
            .ok()
            .filter(|w| *w > Decimal::ZERO)
            .ok_or_else(|| {
                fail(
                    format!("weight `{weight}` is not positive"),
                    "a positive number",
                )
            })?;
        total = total
            .checked_add(weight)
            .ok_or_else(|| fail("weights too large", "smaller weights"))?;
        values.push(value);
        cumulative.push(total);
    }
    Ok(How::Discrete { values, cumulative })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;
    use jiff::civil::date;

    fn money(text: &str) -> Value {
        Value::Cap(Some(Money::from_decimal_unchecked(
            Decimal::from_str(text).unwrap(),
        )))
    }

    #[test]
    fn continuous_draws_become_the_keys_grammar() {
        // PERT(20B, 38B, 60B): the median draw is a cap in whole cents inside the support.
        let d = Draw::parse("share.cap=pert(20B,38B,60B)").unwrap();
        let Value::Cap(Some(cap)) = d.value(0.5) else {
            panic!("a cap")
        };
        assert!(cap.as_decimal() > Decimal::from(20_000_000_000u64));
        assert!(cap.as_decimal() < Decimal::from(60_000_000_000u64));
        assert_eq!(cap.as_decimal().scale(), 2);
        // Triangular(15%, 20%, 25%) at u = 0.5 is the mode, 0.2; rates keep 6 decimals.
        let d = Draw::parse("share.rate=triangular(15%,20%,25%)").unwrap();
        assert_eq!(d.value(0.5), Value::Rate(Decimal::from_str("0.2").unwrap()));
        let Value::Rate(r) = d.value(0.123) else {
            panic!("a rate")
        };
        assert!(r.scale() <= 6, "{r}");
        // Dates: whole days after the first parameter; the ends of the support at u → 0, 1.
        let sunset = Draw::parse("share.sunset=uniform(2029-06-30,2031-12-31)").unwrap();
        assert_eq!(
            sunset.date_range(),
            Some((date(2029, 6, 30), date(2031, 12, 31)))
        );
        assert_eq!(
            Draw::parse("share.rate=uniform(1%,2%)")
                .unwrap()
                .date_range(),
            None
        );
        let d = Draw::parse("share.sunset=uniform(2029-06-30,2031-12-31)").unwrap();
        assert_eq!(d.value(1e-12), Value::Date(date(2029, 6, 30)));
        assert_eq!(d.value(1.0 - 1e-12), Value::Date(date(2031, 12, 31)));
        // Uniform(0, 1 cent … ) halfway between two cents rounds half-even: 12.345 → 12.34.
        assert_eq!(to_value(KeyType::Cap, 12.345, None, 0), money("12.34"));
        assert_eq!(to_value(KeyType::Cap, 12.355, None, 0), money("12.36"));
        // 0.1234565 → 0.123456 (a tie, to the even sixth decimal).
        assert_eq!(
            to_value(KeyType::Rate, 0.1234565, None, 0),
            Value::Rate(Decimal::from_str("0.123456").unwrap())
        );
    }

    #[test]
    fn discrete_draws_take_the_first_value_whose_cumulative_weight_reaches_u() {
        // Weights 1, 2, 1: cumulative 1, 3, 4 of 4.
        let d = Draw::parse("share.cap=discrete(20B:1,38B:2,none:1)").unwrap();
        assert_eq!(d.value(0.1), money("20000000000")); // 0.4 <= 1
        assert_eq!(d.value(0.25), money("20000000000")); // exactly 1: reaches the first
        assert_eq!(d.value(0.5), money("38000000000")); // 2 <= 3
        assert_eq!(d.value(0.76), Value::Cap(None)); // 3.04 > 3
        let b = Draw::parse("stream.Chat.qualifying=discrete(true:3,false:1)").unwrap();
        assert_eq!(b.value(0.7), Value::Bool(true));
        assert_eq!(b.value(0.8), Value::Bool(false));
    }

    #[test]
    fn discrete_frequencies_follow_the_weights() {
        use crate::montecarlo::sampling::{Sampler, Sampling};
        // Weights 1 : 2 : 1 over 10,000 paths. Latin hypercube: exactly one uniform in each
        // 1/10,000, so the counts are 2,500, 5,000 and 2,500 (the boundaries 0.25 and 0.75 are
        // stratum edges). Random: each count is binomial, sd √(10,000 × 0.25 × 0.75) ≈ 43.3
        // for the outer values and 50 for the middle; 4 sd is far beyond chance.
        let d = Draw::parse("share.cap=discrete(20B:1,38B:2,none:1)").unwrap();
        let count = |sampling| {
            let sampler = Sampler::new(11, 10_000, sampling);
            let mut counts = [0i64; 3];
            for i in 0..10_000 {
                match d.value(sampler.u(i, 0)) {
                    Value::Cap(None) => counts[2] += 1,
                    v if v == money("20000000000") => counts[0] += 1,
                    _ => counts[1] += 1,
                }
            }
            counts
        };
        assert_eq!(count(Sampling::Lhs), [2_500, 5_000, 2_500]);
        let random = count(Sampling::Random);
        assert!((random[0] - 2_500).abs() < 174, "{random:?}");
        assert!((random[1] - 5_000).abs() < 200, "{random:?}");
        assert!((random[2] - 2_500).abs() < 174, "{random:?}");
    }

    #[test]
    fn whole_numbers_count_from_the_first_parameter_and_discrete_rates_round_like_draws() {
        // uniform(1, 6): u = 0.1 gives 1.5, 1 + round(0.5) = 1 (ties to even); u = 0.9 gives
        // 5.5, 1 + round(4.5) = 5. Rounding the value itself would give 2 and 6.
        let d = Draw::parse("share.payment_lag_days=uniform(1,6)").unwrap();
        assert_eq!(d.value(0.1), Value::Days(1));
        assert_eq!(d.value(0.9), Value::Days(5));
        // A discrete rate of 7 decimals runs as its 6-decimal half-even value, the one
        // mc_paths.csv writes: 0.1234565 → 0.123456 (even), 0.1234575 → 0.123458.
        let r = Draw::parse("share.rate=discrete(0.1234565:1,0.1234575:1)").unwrap();
        assert_eq!(
            r.value(0.25),
            Value::Rate(Decimal::from_str("0.123456").unwrap())
        );
        assert_eq!(
            r.value(0.75),
            Value::Rate(Decimal::from_str("0.123458").unwrap())
        );
        // Whole days for a date's or a lag's sd.
        assert!(Draw::parse("share.payment_lag_days=normal(30,1.5,0,100)").is_err());
        assert!(Draw::parse("share.payment_lag_days=normal(30,2,0,100)").is_ok());
        // A date draw must stay in the calendar; a discrete scale in [0, 1,000].
        assert!(Draw::parse("share.sunset=normal(9999-12-01,100)").is_err());
        assert!(Draw::parse("revenue.scale=discrete(1001:1)").is_err());
    }

    #[test]
    fn bad_draws_say_what_is_wrong() {
        let message = |arg: &str| Draw::parse(arg).unwrap_err().message;
        assert_eq!(
            message("share.rate=beta(1,2)"),
            "unknown distribution `beta`"
        );
        assert!(message("share.rate=uniform(1%)").starts_with("uniform takes 2 parameters"));
        assert_eq!(
            message("scenario.period=discrete(month:1)"),
            "scenario.period cannot be drawn"
        );
        assert_eq!(message("share.rate=normal(20%,0%)"), "bad parameter `sd`");
        assert_eq!(message("share.cap=uniform(60B,20B)"), "bad parameter `max`");
        assert_eq!(
            message("stream.Chat.qualifying=uniform(0,1)"),
            "a boolean key takes discrete only"
        );
        assert_eq!(
            message("share.cap=discrete(20B:0)"),
            "weight `0` is not positive"
        );
        // Supports outside the key's range (SPEC §7.3).
        assert!(message("share.rate=normal(20%,5%)").starts_with("the draw's support"));
        assert!(Draw::parse("share.rate=normal(20%,5%,0%,100%)").is_ok());
        // A lognormal's support is median × e^(±8.3 sigma): 38B × e^4.15 ≈ 2.4T is inside the
        // cap's range, 38B × e^33.2 is not; 1 × e^8.3 ≈ 4,024 is a scale above 1,000.
        assert!(Draw::parse("share.cap=lognormal(38B,0.5)").is_ok());
        assert!(message("share.cap=lognormal(38B,4)").starts_with("lognormal's support"));
        assert!(message("revenue.scale=lognormal(1,1)").starts_with("the draw's support"));
        assert!(message("share.cap=normal(1B,1B)").starts_with("normal's support"));
        assert!(Draw::parse("revenue.scale=lognormal(1,0.25)").is_ok());
        assert!(message("revenue.scale=uniform(-10%,50%)").starts_with("the draw's support"));
        // A lag beyond 36,500 days is refused as a parameter already.
        assert!(Draw::parse("share.payment_lag_days=uniform(0,40000)").is_err());
        // A plain normal on the lag reaches below 0: give it bounds.
        assert!(message("share.payment_lag_days=normal(30,10)").starts_with("normal's support"));
    }
}
