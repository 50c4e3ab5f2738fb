//! A case's scenario from the validated base scenario and the case's typed values.
//!
//! [`super::Sweep::prepare`] builds every case from text once, to validate it (SPEC §6.28).
//! Building it again to compute its row would repeat the whole validation; instead the row
//! puts the case's values into a copy of the base model, as the build would: a rate, cap,
//! date, lag, period kind or `qualifying` flag is a field, and a growth rate regrows the
//! stream's grown years from its last `annual` year with the arithmetic of SPEC §6.2. A test
//! holds this equal to the build for every key.

use super::values::{Value, Varied};
use crate::model::Scenario;
use crate::money::{MONEY_LIMIT, Rate, round_cents};
use crate::scenario::overrides::Key;
use rust_decimal::Decimal;

/// The scenario of a case whose values are `values` (one per varied key), or `None` when a
/// value cannot be put in directly (the caller then builds the case from text).
pub fn apply(base: &Scenario, varied: &[Varied], values: &[Value]) -> Option<Scenario> {
    let mut scenario = base.clone();
    for (v, value) in varied.iter().zip(values) {
        match (&v.key, value) {
            (Key::Table { table, field }, _) => set_field(&mut scenario, table, field, value)?,
            (Key::Stream { name, field }, Value::Bool(b)) if field == "qualifying" => {
                stream(&mut scenario, name)?.qualifying = *b;
            }
            (Key::Stream { name, field }, Value::Rate(g)) if field == "growth" => {
                regrow(stream(&mut scenario, name)?, *g)?;
            }
            _ => return None,
        }
    }
    Some(scenario)
}

/// `share.*` and `scenario.*` keys: plain fields of the model.
fn set_field(scenario: &mut Scenario, table: &str, field: &str, value: &Value) -> Option<()> {
    let share = &mut scenario.share;
    match (table, field, value) {
        ("share", "rate", Value::Rate(r)) => share.rate = Rate(*r),
        ("share", "cap", Value::Cap(c)) => share.cap = *c,
        ("share", "paid_before", Value::Cap(Some(m))) => share.paid_before = *m,
        ("share", "effective", Value::Date(d)) => share.effective = *d,
        ("share", "sunset", Value::Date(d)) => share.sunset = *d,
        ("share", "payment_lag_days", Value::Days(n)) => share.payment_lag_days = *n,
        ("scenario", "discount_rate", Value::Rate(r)) => scenario.discount_rate = Rate(*r),
        ("scenario", "valuation_date", Value::Date(d)) => scenario.valuation_date = *d,
        ("scenario", "period", Value::Period(p)) => scenario.period = *p,
        _ => return None,
    }
    Some(())
}

fn stream<'a>(scenario: &'a mut Scenario, name: &str) -> Option<&'a mut crate::model::Stream> {
    scenario.streams.iter_mut().find(|s| s.name == name)
}

/// SPEC §6.2: each grown year is `round_cents(previous × (1 + g))`, the first from the last
/// `annual` amount as written. `None` where the build would have failed (validation already
/// refused such a case).
fn regrow(stream: &mut crate::model::Stream, growth: Decimal) -> Option<()> {
    let written = stream.blocks.len().checked_sub(stream.grown_years)?;
    if stream.grown_years == 0 {
        return Some(());
    }
    let mut previous = stream.blocks.get(written.checked_sub(1)?)?.amount;
    for block in &mut stream.blocks[written..] {
        let grown = round_cents(previous.checked_mul(Decimal::ONE + growth)?);
        if grown.as_decimal() >= MONEY_LIMIT {
            return None;
        }
        previous = grown.as_decimal();
        block.amount = previous;
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::overrides::Override;
    use crate::sweep::values::parse_varied;
    use std::path::Path;

    /// Every key, on every shipped scenario, with values that move each part of the model:
    /// the model put together here equals the one built from the override's text.
    #[test]
    fn applying_values_equals_building_the_case() {
        let files = [
            "scenarios/base.toml",
            "scenarios/bear.toml",
            "scenarios/bull.toml",
            "scenarios/monthly.toml",
            "scenarios/bench/monthly-10y.toml",
        ];
        let mut compared = 0;
        for file in files {
            let parsed = crate::scenario::parse(Path::new(file)).unwrap();
            let base = crate::scenario::build(&parsed, &[]).unwrap().scenario;
            let mut keys = vec![
                "share.rate=0,12.5%,0.3333333333,100%".to_owned(),
                "share.cap=none,0,0.01,38B".into(),
                "share.effective=2025-01-01,2026-04-27,2027-07-15".into(),
                "share.sunset=2027-12-31,2030-12-31,2031-06-30".into(),
                "share.payment_lag_days=0,45,400".into(),
                "scenario.discount_rate=-5%,0,8%,25%".into(),
                "scenario.valuation_date=2020-01-01,2026-04-27".into(),
                "scenario.period=month,quarter,year".into(),
            ];
            for s in &base.streams {
                keys.push(format!("stream.{}.qualifying=true,false", s.name));
                if s.grown_years > 0 {
                    keys.push(format!("stream.{}.growth=-99%,-3.5%,0,7.25%,250%", s.name));
                }
            }
            for key in keys {
                let varied = parse_varied("--vary", &key, u64::MAX).unwrap();
                for i in 0..varied.values.len() {
                    let value = varied.values.get(i);
                    let text = format!("{}={}", varied.key.text(), value.override_text());
                    let overrides = [Override::parse(&text, "--set").unwrap()];
                    // Some values are invalid for some files (a sunset before the effective
                    // date): validation refuses those cases before any row is computed.
                    let Ok(built) = crate::scenario::build(&parsed, &overrides) else {
                        continue;
                    };
                    let applied = apply(&base, std::slice::from_ref(&varied), &[value]);
                    assert_eq!(applied.as_ref(), Some(&built.scenario), "{file}: {text}");
                    compared += 1;
                }
            }
        }
        assert!(compared > 200, "{compared}");
    }
}
