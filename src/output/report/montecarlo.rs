//! The Monte Carlo report (SPEC §7.3 `--report`): the summary table of what is paid, the
//! probability the cap is reached by each date, the draws, and the three charts, in the
//! HTML/Markdown family of the other table reports. Amounts read as a reader says them
//! (`$38.5B`); the CSVs beside the report hold them to the cent.

use super::tabular::{Section, TableReport};
use crate::model::Scenario;
use crate::money::{Rate, round_cents};
use crate::montecarlo::config::Settings;
use crate::montecarlo::outputs::Statistics;
use crate::montecarlo::sampling::Sampling;
use crate::output::format::{compact, group_digits, key_label, percent};
use rust_decimal::Decimal;
use std::str::FromStr;

/// What the report shows besides the statistics.
pub struct Context<'a> {
    pub file: &'a std::path::Path,
    pub base: &'a Scenario,
    pub settings: &'a Settings,
    /// `(title, svg document)` of each chart, inlined in the HTML.
    pub charts: Vec<(String, String)>,
    /// The PNG files written, linked from the Markdown.
    pub images: Vec<String>,
    pub arguments: Vec<String>,
    pub inputs: Vec<(String, String)>,
}

/// The quantile columns shown, by their `mc_summary.csv` names.
const QUANTILES: [&str; 7] = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"];

/// The report.
pub fn report(ctx: Context<'_>, stats: &Statistics) -> TableReport {
    let currency = ctx.base.currency.as_str();
    let by_cap = !stats.caps.is_empty();
    let mut header: Vec<String> = Vec::new();
    if by_cap {
        header.push("cap".into());
    }
    header.extend(["metric", "mean", "± stderr"].map(String::from));
    header.extend(QUANTILES.iter().map(|q| q.to_uppercase()));
    let mut rows = Vec::new();
    for (k, slot) in stats.summary.iter().enumerate() {
        for row in slot {
            let mut cells = Vec::new();
            if let Some(cap) = stats.caps.get(k) {
                cells.push(cap.map_or("none".into(), |c| compact(c, currency)));
            }
            cells.extend(summary_cells(row, currency));
            rows.push(cells);
        }
    }
    let s = ctx.settings;
    let sampling = match s.sampling {
        Sampling::Lhs => "Latin hypercube sampling",
        Sampling::Random => "random sampling",
    };
    TableReport {
        title: format!("Monte Carlo of {}", ctx.file.display()),
        intro: format!(
            "{} paths of \"{}\" ({sampling}, seed {}). Each path is `revshare run` with its \
             drawn values, which mc_paths.csv lists path by path; quantiles are nearest-rank \
             values of real paths.",
            group_digits(&s.paths.to_string()),
            ctx.base.name,
            s.seed
        ),
        header,
        rows,
        sections: vec![
            binds(stats, currency, s.fixed_sunset(ctx.base)),
            draws(s, currency),
        ],
        charts: ctx.charts,
        images: ctx.images,
        arguments: ctx.arguments,
        inputs: ctx.inputs,
    }
}

/// A metric's row of `mc_summary.csv` as the report shows it.
fn summary_cells(row: &[String], currency: &str) -> Vec<String> {
    let metric = row.first().map_or("", String::as_str);
    let show = |cell: Option<&String>| -> String {
        let Some(value) = cell.and_then(|c| Decimal::from_str(c).ok()) else {
            return "—".into();
        };
        if metric == "effective_rate" {
            percent(Rate(value))
        } else {
            compact(round_cents(value), currency)
        }
    };
    let mut cells = vec![
        metric_label(metric).to_owned(),
        show(row.get(2)),
        show(row.get(4)),
    ];
    // min is column 5; the quantiles follow in QUANTILES order.
    cells.extend((0..QUANTILES.len()).map(|i| show(row.get(6 + i))));
    cells
}

fn metric_label(metric: &str) -> &str {
    match metric {
        "qualifying_revenue" => "qualifying revenue",
        "npv" => "NPV",
        "effective_rate" => "effective rate",
        other => other,
    }
}

/// P(cap reached by each date), a column per cap: the terminal table's, as a section.
fn binds(stats: &Statistics, currency: &str, sunset: Option<jiff::civil::Date>) -> Section {
    let mut table = crate::output::mc_table::binds_table(stats, currency, sunset, "date");
    let header = if table.is_empty() {
        Vec::new()
    } else {
        table.remove(0)
    };
    Section {
        title: "How likely is the cap to be reached?".into(),
        intro: "The share of paths whose cumulative accrual (with any earlier payments) reaches \
                the cap on or before each date."
            .into(),
        header,
        rows: table,
    }
}

/// What was drawn: each key's distribution and its P10, P50 and P90 as values of the key.
fn draws(s: &Settings, currency: &str) -> Section {
    let rows = s
        .draws
        .iter()
        .map(|p| {
            let d = &p.draw;
            let mut row = vec![
                key_label(&d.key.text()),
                format!("{}({})", d.dist, d.parameters.join(", ")),
            ];
            row.extend([0.1, 0.5, 0.9].map(|u| d.value(u).readable(currency)));
            row
        })
        .collect();
    Section {
        title: "What was drawn".into(),
        intro: "Each uncertain value's distribution (parameters in the key's own units) and its \
                10th, 50th and 90th percentiles."
            .into(),
        header: ["key", "distribution", "P10", "P50", "P90"]
            .map(String::from)
            .to_vec(),
        rows,
    }
}
