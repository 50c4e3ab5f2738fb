//! CSV writers for SPEC §4: pure functions from results to bytes.
//!
//! Money with exactly two decimals, rates with six, dates ISO 8601, absent values empty,
//! booleans `true`/`false`, UTF-8 without BOM, `\n` line ends, minimal quoting (SPEC §6.18).

use crate::engine::valuation::format_discount_factor;
use crate::model::Scenario;
use crate::money::Money;
use crate::outcome::{Outcome, Summary};
use jiff::civil::Date;

/// The summary columns, shared by `summary.csv`, `sweep.csv` and `compare.csv`.
/// SPEC §4's summary columns, then the extension `binding_threshold` (SPEC §6.18: extensions
/// come after the SPEC's columns).
pub const SUMMARY_COLUMNS: [&str; 18] = [
    "scenario",
    "currency",
    "start",
    "end",
    "periods",
    "revenue",
    "qualifying_revenue",
    "accrued",
    "paid",
    "foregone",
    "cap",
    "cap_reached",
    "cap_hit_date",
    "effective_rate",
    "npv",
    "first_cash_date",
    "last_cash_date",
    "binding_threshold",
];

/// `periods.csv`'s columns (SPEC §4).
pub const PERIOD_COLUMNS: [&str; 13] = [
    "period",
    "start",
    "end",
    "revenue",
    "qualifying_revenue",
    "accrued",
    "paid",
    "foregone",
    "cumulative_paid",
    "cap_remaining",
    "cash_date",
    "discount_factor",
    "pv",
];

/// `periods.csv`.
pub fn periods_csv(outcome: &Outcome) -> Vec<u8> {
    let rows = outcome.periods.iter().map(|r| {
        vec![
            r.period.clone(),
            r.start.to_string(),
            r.end.to_string(),
            r.revenue.to_string(),
            r.qualifying_revenue.to_string(),
            r.accrued.to_string(),
            r.paid.to_string(),
            r.foregone.to_string(),
            r.cumulative_paid.to_string(),
            opt_money(r.cap_remaining),
            r.cash_date.to_string(),
            format_discount_factor(r.discount_factor),
            r.pv.to_string(),
        ]
    });
    table(&PERIOD_COLUMNS, rows)
}

/// `streams.csv`: the full period × stream grid.
pub fn streams_csv(scenario: &Scenario, outcome: &Outcome) -> Vec<u8> {
    let rows = outcome.streams.iter().map(|r| {
        let stream = &scenario.streams[r.stream];
        vec![
            outcome.periods[r.period].period.clone(),
            stream.name.clone(),
            stream.cloud.clone(),
            r.revenue.to_string(),
            r.qualifying_revenue.to_string(),
            r.paid.to_string(),
        ]
    });
    table(
        &[
            "period",
            "stream",
            "cloud",
            "revenue",
            "qualifying_revenue",
            "paid",
        ],
        rows,
    )
}

/// `clouds.csv`.
pub fn clouds_csv(outcome: &Outcome) -> Vec<u8> {
    let rows = outcome.clouds.iter().map(|r| {
        vec![
            r.cloud.clone(),
            r.revenue.to_string(),
            r.qualifying_revenue.to_string(),
            r.paid.to_string(),
            r.share_of_paid.map(|s| s.to_string()).unwrap_or_default(),
        ]
    });
    table(
        &[
            "cloud",
            "revenue",
            "qualifying_revenue",
            "paid",
            "share_of_paid",
        ],
        rows,
    )
}

/// `summary.csv`: one row.
pub fn summary_csv(summary: &Summary) -> Vec<u8> {
    table(&SUMMARY_COLUMNS, std::iter::once(summary_fields(summary)))
}

/// The summary's cells in [`SUMMARY_COLUMNS`] order.
pub fn summary_fields(s: &Summary) -> Vec<String> {
    vec![
        s.scenario.clone(),
        s.currency.clone(),
        s.start.to_string(),
        s.end.to_string(),
        s.periods.to_string(),
        s.revenue.to_string(),
        s.qualifying_revenue.to_string(),
        s.accrued.to_string(),
        s.paid.to_string(),
        s.foregone.to_string(),
        opt_money(s.cap),
        s.cap_reached.to_string(),
        opt_date(s.cap_hit_date),
        s.effective_rate.map(|r| r.to_string()).unwrap_or_default(),
        s.npv.to_string(),
        opt_date(s.first_cash_date),
        opt_date(s.last_cash_date),
        s.binding_threshold.to_string(),
    ]
}

/// Appends one CSV cell (quoted only when needed, as the `csv` crate does) and a separator.
/// The sweep writes millions of rows with this instead of allocating a String per cell.
pub fn push_cell(buf: &mut Vec<u8>, cell: impl std::fmt::Display, last: bool) {
    use std::io::Write as _;
    let start = buf.len();
    let _ = write!(buf, "{cell}");
    if buf[start..]
        .iter()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
    {
        let raw: Vec<u8> = buf.split_off(start);
        buf.push(b'"');
        for &b in &raw {
            if b == b'"' {
                buf.push(b'"');
            }
            buf.push(b);
        }
        buf.push(b'"');
    }
    buf.push(if last { b'\n' } else { b',' });
}

/// Appends the summary's cells in [`SUMMARY_COLUMNS`] order, ending the row.
pub fn push_summary(buf: &mut Vec<u8>, s: &Summary) {
    struct Opt<T>(Option<T>);
    impl<T: std::fmt::Display> std::fmt::Display for Opt<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            match &self.0 {
                Some(v) => v.fmt(f),
                None => Ok(()),
            }
        }
    }
    push_cell(buf, &s.scenario, false);
    push_cell(buf, &s.currency, false);
    push_cell(buf, s.start, false);
    push_cell(buf, s.end, false);
    push_cell(buf, s.periods, false);
    push_cell(buf, s.revenue, false);
    push_cell(buf, s.qualifying_revenue, false);
    push_cell(buf, s.accrued, false);
    push_cell(buf, s.paid, false);
    push_cell(buf, s.foregone, false);
    push_cell(buf, Opt(s.cap), false);
    push_cell(buf, s.cap_reached, false);
    push_cell(buf, Opt(s.cap_hit_date), false);
    push_cell(buf, Opt(s.effective_rate), false);
    push_cell(buf, s.npv, false);
    push_cell(buf, Opt(s.first_cash_date), false);
    push_cell(buf, Opt(s.last_cash_date), false);
    push_cell(buf, s.binding_threshold, true);
}

fn opt_money(m: Option<Money>) -> String {
    m.map(|m| m.to_string()).unwrap_or_default()
}

fn opt_date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A header and rows as CSV bytes. Writing to a `Vec` cannot fail.
pub fn table<I: IntoIterator<Item = Vec<String>>>(header: &[&str], rows: I) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(&row);
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_summary_rows_equal_the_csv_writer() {
        use crate::money::Rate;
        use jiff::civil::date;
        let mut s = Summary {
            scenario: "Base, \"quoted\"".into(),
            currency: "USD".into(),
            start: date(2026, 1, 1),
            end: date(2026, 12, 31),
            periods: 4,
            revenue: Money::from_cents(123),
            qualifying_revenue: Money::from_cents(100),
            accrued: Money::from_cents(20),
            paid: Money::from_cents(10),
            foregone: Money::from_cents(10),
            cap: Some(Money::from_cents(10)),
            cap_reached: true,
            cap_hit_date: Some(date(2026, 5, 1)),
            effective_rate: Some(Rate(rust_decimal::Decimal::new(1, 1))),
            npv: Money::from_cents(9),
            first_cash_date: None,
            last_cash_date: Some(date(2027, 1, 1)),
            binding_threshold: Money::from_cents(20),
        };
        for _ in 0..2 {
            let expected = summary_csv(&s);
            let mut got: Vec<u8> = SUMMARY_COLUMNS.join(",").into_bytes();
            got.push(b'\n');
            push_summary(&mut got, &s);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(expected).unwrap()
            );
            s.scenario = "plain".into();
            s.cap = None;
            s.effective_rate = None;
        }
    }

    #[test]
    fn quotes_only_when_needed_and_ends_lines_with_newline() {
        let bytes = table(
            &["a", "b"],
            vec![
                vec!["x,y".to_string(), "plain".to_string()],
                vec!["say \"hi\"".into(), String::new()],
            ],
        );
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "a,b\n\"x,y\",plain\n\"say \"\"hi\"\"\",\n"
        );
    }
}
