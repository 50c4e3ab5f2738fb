//! `mc --format table`: the answer to "how likely is the cap to bind, and what range of
//! payments?" in the terminal (SPEC §7.3): mean ± standard error and P5/P50/P95 of paid, NPV
//! and foregone, then the probability the cap is reached by each year end and the sunset, a
//! column per cap of `--cap`.

use super::format::{compact, group_digits, percent};
use crate::money::Rate;
use crate::montecarlo::outputs::Statistics;
use crate::montecarlo::summary::{METRICS, QUANTILES};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use std::str::FromStr;

/// What the table says above its numbers.
pub struct Heading<'a> {
    pub scenario: &'a str,
    pub currency: &'a str,
    pub paths: u64,
    pub seed: u64,
    pub sampling: &'a str,
    /// Each draw as a reader says it: `share.cap=pert(20B,38B,60B)`.
    pub draws: Vec<String>,
    /// The sunset, when it is not drawn: its row of the binds table is marked.
    pub sunset: Option<jiff::civil::Date>,
}

/// The metrics shown, by their `mc_summary.csv` names.
const SHOWN: [&str; 3] = ["paid", "npv", "foregone"];

/// The whole table.
pub fn render(h: &Heading<'_>, stats: &Statistics) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: Monte Carlo of {} paths ({}, seed {}), amounts in {}",
        h.scenario,
        group_digits(&h.paths.to_string()),
        h.sampling,
        h.seed,
        h.currency
    );
    let _ = writeln!(out, "Drawn: {}", h.draws.join("; "));
    for k in 0..stats.summary.len() {
        out.push('\n');
        if let Some(cap) = stats.caps.get(k) {
            let _ = match cap {
                Some(c) => writeln!(out, "Cap {}:", compact(*c, h.currency)),
                None => writeln!(out, "No cap:"),
            };
        }
        out.push_str(&metrics(h.currency, &stats.summary[k]));
    }
    out.push('\n');
    out.push_str(&binds(h, stats));
    out
}

/// Mean ± stderr and P5/P50/P95 of the shown metrics, aligned.
fn metrics(currency: &str, rows: &[Vec<String>]) -> String {
    let mut table = vec![[
        "".to_owned(),
        "mean ± stderr".into(),
        "P5".into(),
        "P50".into(),
        "P95".into(),
    ]];
    let column = |name: &str| {
        QUANTILES
            .iter()
            .position(|(q, _)| *q == name)
            .map(|i| 6 + i)
    };
    for row in rows {
        let Some(name) = row.first().filter(|n| SHOWN.contains(&n.as_str())) else {
            continue;
        };
        let money = |cell: &str| {
            Decimal::from_str(cell)
                .map(|d| compact(crate::money::round_cents(d), currency))
                .unwrap_or_else(|_| "—".into())
        };
        let cell = |i: Option<usize>| i.and_then(|i| row.get(i)).map_or("—".into(), |c| money(c));
        let mean = match (row.get(2), row.get(4)) {
            (Some(m), Some(e)) if !e.is_empty() => format!("{} ± {}", money(m), money(e)),
            (Some(m), _) => money(m),
            _ => "—".into(),
        };
        table.push([
            name.clone(),
            mean,
            cell(column("p5")),
            cell(column("p50")),
            cell(column("p95")),
        ]);
    }
    debug_assert!(METRICS.iter().any(|(m, _)| *m == "paid"));
    align(&table)
}

/// P(cap reached by date): a row per date, a column per cap.
fn binds(h: &Heading<'_>, stats: &Statistics) -> String {
    align(&binds_table(stats, h.currency, h.sunset, "Cap reached by"))
}

/// The probability table of `mc_binds.csv` as a reader reads it, header first: a row per date
/// (the sunset marked when it is every path's), a column per cap, percentages. The terminal
/// table and the report share it.
pub fn binds_table(
    stats: &Statistics,
    currency: &str,
    sunset: Option<jiff::civil::Date>,
    first: &str,
) -> Vec<Vec<String>> {
    let mut header = vec![first.to_owned()];
    if stats.caps.is_empty() {
        header.push("probability".into());
    } else {
        header.extend(stats.caps.iter().map(|c| {
            c.map_or("no cap".to_owned(), |c| {
                format!("cap {}", compact(c, currency))
            })
        }));
    }
    let mut table = vec![header];
    for (d, date) in stats.dates.iter().enumerate() {
        let mut label = date.to_string();
        if sunset == Some(*date) {
            label.push_str(" (sunset)");
        }
        let mut row = vec![label];
        row.extend(
            stats
                .binds
                .iter()
                .map(|p| p.get(d).map_or("—".into(), |p| percent(Rate(*p)))),
        );
        table.push(row);
    }
    table
}

/// Left-aligns the first column and right-aligns the others, two spaces apart.
fn align<R: AsRef<[String]>>(rows: &[R]) -> String {
    let width = |c: usize| {
        rows.iter()
            .filter_map(|r| r.as_ref().get(c))
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    };
    let columns = rows.iter().map(|r| r.as_ref().len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns).map(width).collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.as_ref().iter().enumerate() {
            if c == 0 {
                let _ = write!(line, "{cell:<w$}", w = widths[0]);
            } else {
                let _ = write!(line, "  {cell:>w$}", w = widths[c]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
