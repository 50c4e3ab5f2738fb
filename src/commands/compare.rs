//! `revshare compare`: several scenarios side by side (SPEC §3, §4, §6.27).

use crate::cli::RunFormat;
use crate::engine::simulate;
use crate::error::{Error, Result};
use crate::model::Scenario;
use crate::outcome::Outcome;
use crate::output::charts::{self, ChartFormats};
use crate::output::csv::{SUMMARY_COLUMNS, summary_fields, table};
use crate::output::format::{compact, money_label, percent, percent_exact};
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
            sections: Vec::new(),
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
        ..Default::default()
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
type TextField = fn(&Scenario, &Outcome) -> String;
/// A row's cell for one scenario, which may borrow (the currency).
type Cell<'a> = Box<dyn Fn(&Scenario, &Outcome) -> String + 'a>;

/// Scenario names in the terminal table wrap over at most this many lines.
const HEADER_LINES: usize = 3;

/// The summaries in columns, each later scenario with its difference to the first. Columns
/// are as wide as their widest cell; a long scenario name wraps over up to three lines and,
/// beyond that, loses its middle, so names that share a long prefix stay apart.
fn side_by_side(runs: &[(PathBuf, Scenario, Outcome)]) -> String {
    let (header, rows) = comparison(runs);
    let label_width = rows.iter().map(|r| char_count(&r[0])).max().unwrap_or(0);
    let column_width = rows
        .iter()
        .flat_map(|r| r[1..].iter().map(|c| char_count(c)))
        .max()
        .unwrap_or(0)
        .clamp(12, 30);
    let names: Vec<Vec<String>> = header[1..]
        .iter()
        .map(|name| header_lines(name, column_width, HEADER_LINES))
        .collect();
    let depth = names.iter().map(Vec::len).max().unwrap_or(1);
    let mut out = String::new();
    for line in 0..depth {
        let _ = write!(out, "  {:<label_width$}", "");
        for name in &names {
            // Short names sit on the last header line, next to the numbers.
            let shown = (line + name.len())
                .checked_sub(depth)
                .and_then(|i| name.get(i));
            let _ = write!(out, "  {:>column_width$}", shown.map_or("", String::as_str));
        }
        out.push('\n');
    }
    for row in rows {
        let _ = write!(out, "  {:<label_width$}", row[0]);
        for cell in &row[1..] {
            let _ = write!(out, "  {cell:>column_width$}");
        }
        out.push('\n');
    }
    out
}

fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// `name` in lines of at most `width` characters, broken at spaces where it can be, at most
/// `max_lines` of them; a longer name keeps its start and its end around an ellipsis, since
/// scenario names often differ only at the end ("… case A", "… case B").
fn header_lines(name: &str, width: usize, max_lines: usize) -> Vec<String> {
    let lines = wrap(name, width);
    if lines.len() <= max_lines {
        return lines;
    }
    let shortened = middle_ellipsis(name, width * max_lines - max_lines);
    let chars: Vec<char> = shortened.chars().collect();
    chars.chunks(width).map(|c| c.iter().collect()).collect()
}

/// Greedy word wrap at `width` characters; a word longer than a line is split.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let room = if current.is_empty() {
                width
            } else {
                width.saturating_sub(char_count(&current) + 1)
            };
            if word.len() <= room {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.extend(word.iter());
                break;
            }
            if current.is_empty() {
                let rest = word.split_off(width.max(1));
                lines.push(word.iter().collect());
                word = rest;
            } else {
                lines.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text` cut to `max` characters by replacing its middle with `…`, keeping more of the end.
fn middle_ellipsis(text: &str, max: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= max || max < 3 {
        return text.to_owned();
    }
    let head = (max - 1) / 3;
    let tail = max - 1 - head;
    let start: String = chars[..head].iter().collect();
    let end: String = chars[chars.len() - tail..].iter().collect();
    format!("{}…{}", start.trim_end(), end.trim_start())
}

/// The comparison as a header (scenario names) and rows: first the deal terms each scenario
/// assumes (so a difference in results can be traced to a difference in terms), then one row
/// per figure, then the cap outcome. Money reads the same on every row (`$38.0B`), each later
/// scenario with its difference to the first; the cap, a term, is written in full when the
/// short form would round it.
fn comparison(runs: &[(PathBuf, Scenario, Outcome)]) -> (Vec<String>, Vec<Vec<String>>) {
    let currency = &runs[0].1.currency;
    let header = std::iter::once(String::new())
        .chain(runs.iter().map(|(_, s, _)| s.name.clone()))
        .collect();
    let mut rows = text_rows(runs, &deal_terms(currency));
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
    let outcome_rows: [(&str, TextField); 2] = [
        ("effective rate", |_, o| {
            o.summary.effective_rate.map_or("—".into(), percent)
        }),
        ("cap reached", |_, o| {
            o.summary
                .cap_hit_date
                .map_or("no".into(), |d| d.to_string())
        }),
    ];
    rows.extend(text_rows(runs, &outcome_rows));
    (header, rows)
}

/// The deal terms of SPEC §1 `[share]`, as rows. The cap's currency is the first scenario's,
/// like every money row.
fn deal_terms(currency: &str) -> Vec<(&'static str, Cell<'_>)> {
    vec![
        ("rate", Box::new(|s, _| percent_exact(s.share.rate))),
        (
            "cap",
            Box::new(move |s, _| {
                s.share
                    .cap
                    .map_or("uncapped".into(), |c| money_label(c, currency))
            }),
        ),
        ("effective", Box::new(|s, _| s.share.effective.to_string())),
        ("sunset", Box::new(|s, _| s.share.sunset.to_string())),
        (
            "payment lag",
            Box::new(|s, _| format!("{} days", s.share.payment_lag_days)),
        ),
    ]
}

/// One row per `(label, field)`, a cell per run.
fn text_rows<F: Fn(&Scenario, &Outcome) -> String>(
    runs: &[(PathBuf, Scenario, Outcome)],
    fields: &[(&str, F)],
) -> Vec<Vec<String>> {
    fields
        .iter()
        .map(|(label, field)| {
            std::iter::once((*label).to_owned())
                .chain(runs.iter().map(|(_, s, o)| field(s, o)))
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_wrap_at_spaces() {
        assert_eq!(
            header_lines("Base case with a long name A", 12, 3),
            ["Base case", "with a long", "name A"]
        );
        assert_eq!(header_lines("Short", 12, 3), ["Short"]);
        assert_eq!(header_lines("", 12, 3), [""]);
    }

    #[test]
    fn names_too_long_to_wrap_keep_their_distinct_end() {
        let a = header_lines(&format!("{} scenario A", "x".repeat(80)), 12, 2);
        let b = header_lines(&format!("{} scenario B", "x".repeat(80)), 12, 2);
        assert_ne!(a, b);
        assert!(a.iter().all(|l| l.chars().count() <= 12), "{a:?}");
        assert!(a.concat().ends_with("scenario A"), "{a:?}");
        assert!(a.concat().contains('…'));
    }
}
