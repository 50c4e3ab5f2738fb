//! `revshare compare`: several scenarios side by side (SPEC §3, §4, §6.27).

use crate::cli::RunFormat;
use crate::engine::simulate;
use crate::error::{Error, Result};
use crate::model::Scenario;
use crate::outcome::Outcome;
use crate::output::charts::{self, ChartFormats};
use crate::output::csv::{SUMMARY_COLUMNS, summary_fields, table};
use crate::output::format::{compact, grouped, percent};
use crate::output::json;
use crate::output::report::{ReportFormats, tabular::TableReport};
use crate::output::staged::sha256_hex;
use crate::output::staged::{Provenance, Staged};
use crate::scenario;
use std::fmt::Write as _;
use std::path::PathBuf;

/// `compare`'s options, free of clap.
pub struct CompareOptions {
    pub scenarios: Vec<PathBuf>,
    pub out: Option<PathBuf>,
    pub charts: ChartFormats,
    pub format: RunFormat,
    /// `--report html,md`.
    pub reports: ReportFormats,
    pub arguments: Vec<String>,
}

/// Runs every scenario, writes the comparison, returns the side-by-side table and the
/// scenarios' warnings.
pub fn compare(options: &CompareOptions) -> Result<super::Printed> {
    if options.scenarios.len() < 2 {
        return Err(Error::Usage(
            "compare needs two or more scenario files".into(),
        ));
    }
    let mut runs: Vec<(PathBuf, Scenario, Outcome)> = Vec::new();
    let mut inputs = Vec::new();
    let mut warnings = Vec::new();
    for path in &options.scenarios {
        let loaded = scenario::load(path, &[])?;
        warnings.extend(loaded.warnings.iter().cloned());
        let outcome = simulate(&loaded.scenario).map_err(|e| scenario::too_large(path, e))?;
        inputs.extend(loaded.inputs);
        runs.push((path.clone(), loaded.scenario, outcome));
    }
    let mut staged = Staged::new();
    let csv = compare_csv(&runs);
    staged.add("compare.csv", csv.clone());
    staged.add("compare_periods.csv", compare_periods_csv(&runs));
    let figures = charts::compare::figures(&runs);
    for (name, bytes) in charts::render_all(&figures, options.charts)? {
        staged.add(name, bytes);
    }
    if options.reports.any() {
        let written: Vec<String> = staged.names().map(str::to_owned).collect();
        let (header, rows) = comparison(&runs);
        let mut charts_svg = Vec::new();
        for (_, figure) in &figures {
            charts_svg.push((
                figure.title.clone(),
                String::from_utf8_lossy(&charts::render_svg(figure)?).into_owned(),
            ));
        }
        let report = TableReport {
            title: format!("Comparison of {} scenarios", runs.len()),
            intro: "Each scenario's totals; later scenarios show their difference to the first in brackets.".into(),
            header,
            rows,
            charts: charts_svg,
            images: written.iter().filter(|n| n.ends_with(".png")).cloned().collect(),
            arguments: options.arguments.clone(),
            inputs: inputs.iter().map(|s| (s.path.display().to_string(), sha256_hex(s.bytes()))).collect(),
        };
        if options.reports.html {
            staged.add("report.html", report.html().into_bytes());
        }
        if options.reports.markdown {
            staged.add("report.md", report.markdown().into_bytes());
        }
        if options.reports.xlsx {
            let note = "Compare: one row per scenario (summary columns, then the file).";
            let scenarios = runs.iter().map(|(path, s, _)| (path.as_path(), s));
            let xlsx = crate::output::report::xlsx::TableContext::compare(note, scenarios);
            staged.add(
                "report.xlsx",
                crate::output::report::xlsx::from_csv(&xlsx, &csv)?,
            );
        }
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("out").join("compare"));
    let provenance = Provenance {
        arguments: &options.arguments,
        inputs: inputs
            .iter()
            .map(|s| (s.path.display().to_string(), s.bytes()))
            .collect(),
    };
    staged.commit(&out, &provenance)?;
    let stdout = match options.format {
        RunFormat::Table => side_by_side(&runs),
        RunFormat::Csv => String::from_utf8_lossy(&csv).into_owned(),
        RunFormat::Json => {
            let all: Vec<serde_json::Value> = runs
                .iter()
                .map(|(_, _, o)| json::summary_value(&o.summary))
                .collect();
            String::from_utf8_lossy(&json::to_bytes(&serde_json::Value::Array(all))).into_owned()
        }
    };
    Ok(super::Printed {
        stdout,
        // The same scenario given twice warns once.
        warnings: super::distinct_warnings(&warnings),
        notes: vec![format!("outputs in {}", out.display())],
    })
}

/// The summary columns, then `file`, one row per scenario in argument order.
fn compare_csv(runs: &[(PathBuf, Scenario, Outcome)]) -> Vec<u8> {
    let header: Vec<&str> = SUMMARY_COLUMNS.iter().copied().chain(["file"]).collect();
    let rows = runs.iter().map(|(path, _, o)| {
        let mut row = summary_fields(&o.summary);
        row.push(path.display().to_string());
        row
    });
    table(&header, rows)
}

/// `period,scenario,paid,cumulative_paid,file`, grouped by scenario in argument order.
fn compare_periods_csv(runs: &[(PathBuf, Scenario, Outcome)]) -> Vec<u8> {
    let rows = runs.iter().flat_map(|(path, s, o)| {
        o.periods.iter().map(move |p| {
            vec![
                p.period.clone(),
                s.name.clone(),
                p.paid.to_string(),
                p.cumulative_paid.to_string(),
                path.display().to_string(),
            ]
        })
    });
    table(
        &["period", "scenario", "paid", "cumulative_paid", "file"],
        rows,
    )
}

/// A summary figure of an outcome, for one row of the side-by-side table.
type MoneyField = fn(&Outcome) -> crate::money::Money;
type TextField = fn(&Outcome) -> String;

/// The summaries in columns, each later scenario with its difference to the first.
fn side_by_side(runs: &[(PathBuf, Scenario, Outcome)]) -> String {
    let mut out = String::new();
    let (header, rows) = comparison(runs);
    let _ = write!(out, "  {:<20}", "");
    for name in &header[1..] {
        let _ = write!(out, " {:>30}", truncate(name, 30));
    }
    out.push('\n');
    for row in rows {
        let _ = write!(out, "  {:<20}", row[0]);
        for cell in &row[1..] {
            let _ = write!(out, " {cell:>30}");
        }
        out.push('\n');
    }
    out
}

/// The comparison as a header (scenario names) and rows (one per figure); money in compact
/// units, each later scenario with its difference to the first.
fn comparison(runs: &[(PathBuf, Scenario, Outcome)]) -> (Vec<String>, Vec<Vec<String>>) {
    let currency = &runs[0].1.currency;
    let header = std::iter::once(String::new())
        .chain(runs.iter().map(|(_, s, _)| s.name.clone()))
        .collect();
    let mut rows = Vec::new();
    let money_rows: [(&str, MoneyField); 6] = [
        ("revenue", |o| o.summary.revenue),
        ("qualifying revenue", |o| o.summary.qualifying_revenue),
        ("accrued", |o| o.summary.accrued),
        ("paid", |o| o.summary.paid),
        ("foregone", |o| o.summary.foregone),
        ("npv", |o| o.summary.npv),
    ];
    for (label, field) in money_rows {
        let first = field(&runs[0].2);
        let mut row = vec![label.to_owned()];
        for (i, (_, _, o)) in runs.iter().enumerate() {
            let v = field(o);
            row.push(if i == 0 {
                compact(v, currency)
            } else {
                let delta = v.as_decimal() - first.as_decimal();
                let sign = if delta.is_sign_negative() { "-" } else { "+" };
                let magnitude = crate::money::Money::from_decimal_unchecked(delta.abs());
                format!(
                    "{} ({sign}{})",
                    compact(v, currency),
                    compact(magnitude, currency)
                )
            });
        }
        rows.push(row);
    }
    let text_rows: [(&str, TextField); 3] = [
        ("effective rate", |o| {
            o.summary.effective_rate.map_or("—".into(), percent)
        }),
        ("cap", |o| o.summary.cap.map_or("uncapped".into(), grouped)),
        ("cap reached", |o| {
            o.summary
                .cap_hit_date
                .map_or("no".into(), |d| d.to_string())
        }),
    ];
    for (label, field) in text_rows {
        rows.push(
            std::iter::once(label.to_owned())
                .chain(runs.iter().map(|(_, _, o)| field(o)))
                .collect(),
        );
    }
    (header, rows)
}

fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        text.to_owned()
    } else {
        text.chars().take(width - 1).chain(['…']).collect()
    }
}
