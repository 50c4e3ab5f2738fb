//! `revshare tornado`: which assumptions move the result most (SPEC §7.4). Each swung key is
//! run at its low and at its high value with every other key as the scenario has it after
//! `--set`, and the keys are ranked by how far the chosen metric moves between the two.
//!
//! The keys come from `--swing KEY=LOW,HIGH`, or, without any, from the scenario file's
//! `[[uncertain]]` tables: each key between its P10 and P90, turned into values exactly as a
//! Monte Carlo draw is. Every run is `revshare run SCENARIO --set … --set KEY=VALUE`, built
//! from the file by the same code, so a row can be checked with two runs.

use crate::cli::RunFormat;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::money::Money;
use crate::output::charts::{self, ChartFormats};
use crate::output::format::{compact, key_label};
use crate::output::report::{ReportFormats, tabular::TableReport};
use crate::output::staged::{Provenance, Staged, sha256_hex};
use crate::scenario::overrides::{KEYS, Key, Override};
use crate::scenario::{self, Parsed};
use crate::sweep::WarningTally;
use crate::sweep::values::{KeyType, Value, list_value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `tornado`'s options, free of clap.
pub struct TornadoOptions {
    pub scenario: PathBuf,
    pub out: Option<PathBuf>,
    pub set: Vec<String>,
    /// Every `--swing KEY=LOW,HIGH`, in command-line order.
    pub swings: Vec<String>,
    pub metric: Metric,
    /// Chart formats of the `tornado` chart (`ChartFormats::NONE` for `--no-charts`).
    pub charts: ChartFormats,
    pub format: RunFormat,
    /// `--report html,xlsx,md`.
    pub reports: ReportFormats,
    /// The arguments after the program name, for the manifest.
    pub arguments: Vec<String>,
}

/// `--metric`: the result whose swing orders the rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    Paid,
    Npv,
    Foregone,
    Accrued,
}

impl Metric {
    /// The SPEC's word for it, as in the CSV columns.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Paid => "paid",
            Metric::Npv => "npv",
            Metric::Foregone => "foregone",
            Metric::Accrued => "accrued",
        }
    }

    /// This metric of a run.
    pub fn of(self, m: &Metrics) -> Money {
        match self {
            Metric::Paid => m.paid,
            Metric::Npv => m.npv,
            Metric::Foregone => m.foregone,
            Metric::Accrued => m.accrued,
        }
    }
}

/// One swung key and its two values.
#[derive(Clone, Debug, PartialEq)]
pub struct Swing {
    pub key: Key,
    pub low: Value,
    pub high: Value,
    /// Where it came from, for messages: `--swing share.cap=20B,60B` or `uncertain[2]`.
    pub source: String,
    /// Whether the values are an `[[uncertain]]` key's P10 and P90.
    pub percentiles: bool,
}

/// Parses `--swing KEY=LOW,HIGH`: any `--set` key but `scenario.period`, and two values in
/// the key's grammar (`none` allowed for the cap). LOW and HIGH are taken as written; they
/// need not be in order.
pub fn parse_swing(argument: &str) -> std::result::Result<Swing, Box<Diagnostic>> {
    let source = format!("--swing {argument}");
    let fail = |message: &str, found: String, expected: String| {
        Box::new(
            Diagnostic::error(message)
                .at(Location::Argument(source.clone()))
                .found(found)
                .expected(expected),
        )
    };
    let (key, values) = argument.split_once('=').ok_or_else(|| {
        fail(
            "expected KEY=LOW,HIGH",
            format!("\"{argument}\""),
            "KEY=LOW,HIGH, such as share.cap=20B,60B".into(),
        )
    })?;
    let key_text = key.trim();
    let key = Key::parse(key_text).ok_or_else(|| {
        let hint = crate::scenario::checker::closest(key_text, KEYS)
            .map(|best| format!(" (did you mean `{best}`?)"))
            .unwrap_or_default();
        fail(
            "unknown key",
            format!("\"{key_text}\""),
            format!("one of {}{hint}", KEYS.join(", ")),
        )
    })?;
    // Any `--set` key swings (SPEC §7.4), `scenario.period` too: each run is a `run` of its own.
    let kind = KeyType::of(&key);
    let items: Vec<&str> = values.split(',').collect();
    let [low, high] = items.as_slice() else {
        let n = items.len();
        return Err(fail(
            "expected two values, LOW,HIGH",
            format!("{n} value{} \"{values}\"", if n == 1 { "" } else { "s" }),
            "exactly two values, such as share.cap=20B,60B (money without `,` separators)".into(),
        ));
    };
    let value = |item: &str| {
        list_value(kind, item).map_err(|p| {
            fail(
                &format!("bad value `{}`: {}", item.trim(), p.message),
                p.found,
                p.expected,
            )
        })
    };
    Ok(Swing {
        low: value(low)?,
        high: value(high)?,
        key,
        source,
        percentiles: false,
    })
}

/// The `[[uncertain]]` keys of the file, each between its P10 and P90 (F⁻¹ at 0.1 and 0.9,
/// turned into values as draws are), in file order.
pub fn uncertain_swings(parsed: &Parsed) -> Result<Vec<Swing>> {
    let settings = crate::montecarlo::config::read(parsed)?;
    Ok(settings
        .draws
        .into_iter()
        .map(|placed| {
            let source = match placed.at {
                crate::montecarlo::config::Place::File { field, .. } => field,
                crate::montecarlo::config::Place::Argument(a) => a,
            };
            Swing {
                low: placed.draw.value(0.1),
                high: placed.draw.value(0.9),
                key: placed.draw.key,
                source,
                percentiles: true,
            }
        })
        .collect())
}

/// The §7.4 results of one run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Metrics {
    pub paid: Money,
    pub npv: Money,
    pub foregone: Money,
    pub accrued: Money,
}

impl Metrics {
    fn of(s: &crate::outcome::Summary) -> Metrics {
        Metrics {
            paid: s.paid,
            npv: s.npv,
            foregone: s.foregone,
            accrued: s.accrued,
        }
    }
}

/// One key's row: its values and the results at each.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub swing: Swing,
    pub at_low: Metrics,
    pub at_high: Metrics,
}

impl Row {
    /// |metric at high − metric at low|.
    pub fn swing_of(&self, metric: Metric) -> Money {
        let (low, high) = (metric.of(&self.at_low), metric.of(&self.at_high));
        Money::from_cents((high.cents() - low.cents()).abs())
    }
}

/// A computed tornado: the base and the rows, largest swing of `metric` first.
#[derive(Clone, Debug)]
pub struct Tornado {
    pub scenario: String,
    pub currency: String,
    pub metric: Metric,
    pub base: Metrics,
    pub rows: Vec<Row>,
    /// The runs' warnings, each distinct one once (SPEC §6.31).
    pub warnings: Vec<String>,
}

/// Runs the base (the scenario after `--set`) and each key at its low and high value (`--set`
/// without that key, plus the key's value); a run that is invalid fails the whole command
/// with its key and value named, before anything is written.
pub fn compute(
    parsed: &Parsed,
    set: &[Override],
    swings: Vec<Swing>,
    metric: Metric,
) -> Result<(Tornado, scenario::Loaded)> {
    let base = scenario::build(parsed, set)?;
    let summary = crate::engine::summarize(&base.scenario)
        .map_err(|e| scenario::too_large(parsed.path(), e))?;
    let runs = 1 + 2 * swings.len() as u64;
    let mut tally = WarningTally::default();
    tally.add(0, 1, base.warnings.clone());
    let mut rows = Vec::with_capacity(swings.len());
    // Runs are numbered base first, then each key's low and high in argument (or file) order.
    let mut names = vec!["the base run".to_owned()];
    for (i, swing) in swings.into_iter().enumerate() {
        let mut at = [Metrics::default(); 2];
        for (end, value) in [&swing.low, &swing.high].into_iter().enumerate() {
            let (loaded, s) = run_at(parsed, set, &swing, end == 0, value)?;
            tally.add(1 + 2 * i as u64 + end as u64, 1, loaded.warnings);
            names.push(run_name(&swing, end == 0));
            at[end] = Metrics::of(&s);
        }
        rows.push(Row {
            swing,
            at_low: at[0],
            at_high: at[1],
        });
    }
    // Stable: equal swings keep their argument (or file) order.
    rows.sort_by_key(|r| std::cmp::Reverse(r.swing_of(metric)));
    let warnings = tally.render(runs, "runs", |i| {
        names.get(i as usize).cloned().unwrap_or_default()
    });
    let tornado = Tornado {
        scenario: base.scenario.name.clone(),
        currency: base.scenario.currency.clone(),
        metric,
        base: Metrics::of(&summary),
        rows,
        warnings,
    };
    Ok((tornado, base))
}

/// A run named for messages: `share.cap=20000000000.00 (low of --swing share.cap=20B,60B)`,
/// `share.rate=0.12 (P10 of uncertain[2])`.
fn run_name(swing: &Swing, low: bool) -> String {
    let value = if low { &swing.low } else { &swing.high };
    let end = match (low, swing.percentiles) {
        (true, true) => "P10",
        (false, true) => "P90",
        (true, false) => "low",
        (false, false) => "high",
    };
    format!(
        "{}={} ({end} of {})",
        swing.key.text(),
        value.override_text(),
        swing.source
    )
}

/// One run: `--set` without the swung key, plus `KEY=value`.
fn run_at(
    parsed: &Parsed,
    set: &[Override],
    swing: &Swing,
    low: bool,
    value: &Value,
) -> Result<(scenario::Loaded, crate::outcome::Summary)> {
    let text = value.override_text();
    let mut overrides: Vec<Override> = set.iter().filter(|o| o.key != swing.key).cloned().collect();
    overrides.push(Override {
        key: swing.key.clone(),
        argument: if swing.percentiles {
            format!("{}={text}", swing.key.text())
        } else {
            swing.source.clone()
        },
        value: text,
    });
    let name = |error: Error| match error {
        Error::Invalid(mut diagnostics) => {
            let run = run_name(swing, low);
            for d in &mut diagnostics {
                d.message = format!("tornado run {run}: {}", d.message);
            }
            Error::Invalid(diagnostics)
        }
        other => other,
    };
    let loaded = scenario::build(parsed, &overrides).map_err(name)?;
    let summary = crate::engine::summarize(&loaded.scenario)
        .map_err(|e| name(scenario::too_large(parsed.path(), e)))?;
    Ok((loaded, summary))
}

/// Runs the tornado, writes `tornado.csv` (and the reports), and returns what to print.
pub fn tornado(options: &TornadoOptions) -> Result<super::Printed> {
    let set = super::parse_overrides(&options.set, "--set")?;
    let mut swings = parse_swings(&options.swings)?;
    let parsed = scenario::parse(&options.scenario)?;
    if swings.is_empty() {
        swings = uncertain_swings(&parsed)?;
    }
    if swings.is_empty() {
        return Err(Error::Usage(
            "tornado needs keys to swing: --swing KEY=LOW,HIGH, or [[uncertain]] tables in the scenario file"
                .into(),
        ));
    }
    let (tornado, base) = compute(&parsed, &set, swings, options.metric)?;
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| default_out(&options.scenario));

    let mut staged = Staged::new();
    let csv = tornado_csv(&tornado);
    staged.add("tornado.csv", csv.clone());
    let source = options.scenario.file_name().map_or_else(
        || options.scenario.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let figure = charts::tornado::tornado(&chart_data(&tornado, &source, &options.set));
    let figures = [("tornado", figure)];
    for (name, bytes) in charts::render_all(&figures, options.charts)? {
        staged.add(name, bytes);
    }
    if options.reports.any() {
        let mut report = report(&tornado, &base, &staged, options);
        report.charts = vec![(
            figures[0].1.title.clone(),
            String::from_utf8_lossy(&charts::render_svg(&figures[0].1)?).into_owned(),
        )];
        if options.reports.html {
            staged.add("report.html", report.html().into_bytes());
        }
        if options.reports.markdown {
            staged.add("report.md", report.markdown().into_bytes());
        }
        if options.reports.xlsx {
            use crate::output::report::xlsx;
            let note = intro(&tornado);
            let swung = tornado
                .rows
                .iter()
                .map(|r| {
                    let s = &r.swing;
                    let cur = &tornado.currency;
                    let values = format!("{} to {}", s.low.readable(cur), s.high.readable(cur));
                    (s.key.text(), values)
                })
                .collect();
            let context = xlsx::TableContext::tornado(
                &note,
                &options.scenario,
                &base.scenario,
                swung,
                &options.set,
            );
            staged.add("report.xlsx", xlsx::from_csv(&context, &csv)?);
        }
    }
    let provenance = Provenance {
        arguments: &options.arguments,
        inputs: base
            .inputs
            .iter()
            .map(|s| (s.path.display().to_string(), s.bytes()))
            .collect(),
    };
    staged.commit(&out, &provenance)?;

    let stdout = match options.format {
        RunFormat::Table => table(&tornado),
        RunFormat::Csv => String::from_utf8_lossy(&csv).into_owned(),
        RunFormat::Json => {
            let mut json = Vec::new();
            crate::output::json::csv_rows_as_json(&csv[..], &mut json).map_err(|source| {
                Error::Io {
                    path: "tornado.csv".into(),
                    source,
                }
            })?;
            String::from_utf8_lossy(&json).into_owned()
        }
    };
    let keys = tornado.rows.len();
    Ok(super::Printed {
        stdout,
        warnings: tornado.warnings,
        notes: vec![format!(
            "outputs in {} ({keys} key{} in tornado.csv, {} runs)",
            out.display(),
            if keys == 1 { "" } else { "s" },
            1 + 2 * keys
        )],
        rows: None,
    })
}

/// Every `--swing`, all bad ones reported together; the same key twice is refused.
fn parse_swings(arguments: &[String]) -> Result<Vec<Swing>> {
    let mut swings: Vec<Swing> = Vec::new();
    let mut problems = Vec::new();
    for argument in arguments {
        match parse_swing(argument) {
            Ok(swing) => match swings.iter().find(|s| s.key == swing.key) {
                Some(first) => problems.push(
                    Diagnostic::error("the same key is swung twice")
                        .at(Location::Argument(swing.source.clone()))
                        .found(format!(
                            "{}, already swung by `{}`",
                            swing.key.text(),
                            first.source
                        ))
                        .expected("each key in one --swing"),
                ),
                None => swings.push(swing),
            },
            Err(d) => problems.push(*d),
        }
    }
    if problems.is_empty() {
        Ok(swings)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// `tornado.csv`'s columns (SPEC §7.4).
pub const COLUMNS: [&str; 16] = [
    "key",
    "low",
    "high",
    "base_paid",
    "paid_low",
    "paid_high",
    "base_npv",
    "npv_low",
    "npv_high",
    "base_foregone",
    "foregone_low",
    "foregone_high",
    "base_accrued",
    "accrued_low",
    "accrued_high",
    "swing",
];

/// The metrics in column order.
const METRICS: [Metric; 4] = [Metric::Paid, Metric::Npv, Metric::Foregone, Metric::Accrued];

/// A low or high value in the sweep.csv key form, `none` written `none` (SPEC §7.4), so
/// every value can be run again with `--set`.
pub fn key_cell(value: &Value) -> String {
    match value {
        Value::Cap(None) => "none".into(),
        other => other.cell(),
    }
}

/// `tornado.csv`: the header, then a row per key, largest swing first.
pub fn tornado_csv(t: &Tornado) -> Vec<u8> {
    use crate::output::csv::push_cell;
    let mut buf = Vec::new();
    for (i, column) in COLUMNS.iter().enumerate() {
        push_cell(&mut buf, column, i + 1 == COLUMNS.len());
    }
    for row in &t.rows {
        let s = &row.swing;
        push_cell(&mut buf, s.key.text(), false);
        push_cell(&mut buf, key_cell(&s.low), false);
        push_cell(&mut buf, key_cell(&s.high), false);
        for metric in METRICS {
            for m in [&t.base, &row.at_low, &row.at_high] {
                push_cell(&mut buf, metric.of(m), false);
            }
        }
        push_cell(&mut buf, row.swing_of(t.metric), true);
    }
    buf
}

/// The `tornado` chart's data (SPEC §7.4): a bar per key around the base value, largest swing
/// on top, each end labelled with the key's value there. `source` is the scenario file's name
/// and `overrides` the `--set` arguments, for the chart's footnote and subtitle.
pub fn chart_data(t: &Tornado, source: &str, overrides: &[String]) -> charts::tornado::Tornado {
    use charts::tornado::{Metric as Drawn, TornadoRow};
    charts::tornado::Tornado {
        scenario: t.scenario.clone(),
        currency: t.currency.clone(),
        source: source.to_owned(),
        overrides: overrides.to_vec(),
        metric: match t.metric {
            Metric::Paid => Drawn::Paid,
            Metric::Npv => Drawn::Npv,
            Metric::Foregone => Drawn::Foregone,
            Metric::Accrued => Drawn::Accrued,
        },
        base: t.metric.of(&t.base),
        rows: t
            .rows
            .iter()
            .map(|r| TornadoRow {
                key: key_label(&r.swing.key.text()),
                low: r.swing.low.readable(&t.currency),
                high: r.swing.high.readable(&t.currency),
                at_low: t.metric.of(&r.at_low),
                at_high: t.metric.of(&r.at_high),
            })
            .collect(),
    }
}

/// The readable rows shared by the terminal table and the reports: key, low, high, the
/// metric at each, the swing.
fn readable_rows(t: &Tornado) -> (Vec<String>, Vec<Vec<String>>) {
    let m = t.metric.name();
    let cur = &t.currency;
    let header = [
        "key",
        "low",
        "high",
        &format!("{m} at low"),
        &format!("{m} at high"),
        "swing",
    ]
    .map(str::to_owned)
    .to_vec();
    let chart = chart_data(t, "", &[]);
    let rows = t
        .rows
        .iter()
        .zip(&chart.rows)
        .map(|(row, bar)| {
            vec![
                bar.key.clone(),
                bar.low.clone(),
                bar.high.clone(),
                compact(bar.at_low, cur),
                compact(bar.at_high, cur),
                compact(row.swing_of(t.metric), cur),
            ]
        })
        .collect();
    (header, rows)
}

/// The sentence under the title: what was run and the base.
fn intro(t: &Tornado) -> String {
    let m = t.metric.name();
    let values = if t.rows.iter().all(|r| r.swing.percentiles) {
        "its P10 to its P90 (the scenario file's [[uncertain]] keys)"
    } else {
        "its low to its high value"
    };
    format!(
        "How far {m} moves when each key goes from {values}, every other key as the scenario has it; largest swing first. Base {m}: {}.",
        compact(t.metric.of(&t.base), &t.currency)
    )
}

/// `--format table`.
fn table(t: &Tornado) -> String {
    let (header, rows) = readable_rows(t);
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let m = t.metric.name();
    let _ = writeln!(
        out,
        "{}: what moves {m} most (base {}, amounts in {})",
        t.scenario,
        compact(t.metric.of(&t.base), &t.currency),
        t.currency
    );
    let keys = if t.rows.iter().all(|r| r.swing.percentiles) {
        "Each [[uncertain]] key from its P10 to its P90"
    } else {
        "Each key from its low to its high value"
    };
    let _ = writeln!(
        out,
        "{keys}, every other key as the scenario has it; largest swing first.\n"
    );
    for cells in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, (cell, width)) in cells.iter().zip(&widths).enumerate() {
            // Key and values read left to right; amounts line up on the right.
            if i < 3 {
                let _ = write!(line, "  {cell:<width$}");
            } else {
                let _ = write!(line, "  {cell:>width$}");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

/// The tornado report: the rows as the table shows them.
fn report(
    t: &Tornado,
    base: &scenario::Loaded,
    staged: &Staged,
    options: &TornadoOptions,
) -> TableReport {
    let (header, rows) = readable_rows(t);
    TableReport {
        title: format!("Tornado of {}", options.scenario.display()),
        intro: format!(
            "{} tornado.csv has paid, npv, foregone and accrued at every value.",
            intro(t)
        ),
        header,
        rows,
        sections: Vec::new(),
        charts: Vec::new(),
        images: staged
            .names()
            .filter(|n| n.ends_with(".png"))
            .map(str::to_owned)
            .collect(),
        arguments: options.arguments.clone(),
        inputs: base
            .inputs
            .iter()
            .map(|s| (s.path.display().to_string(), sha256_hex(s.bytes())))
            .collect(),
    }
}

/// `out/<stem>-tornado` (SPEC §7.4).
fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from("out").join(format!("{stem}-tornado"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn rate(text: &str) -> Value {
        Value::Rate(text.parse::<Decimal>().unwrap())
    }

    #[test]
    fn a_swing_is_a_key_and_two_values_in_its_grammar() {
        let s = parse_swing("share.cap=20B,none").unwrap();
        assert_eq!(s.key.text(), "share.cap");
        assert_eq!(
            s.low,
            Value::Cap(Some(Money::from_cents(2_000_000_000_000)))
        );
        assert_eq!(s.high, Value::Cap(None));
        assert_eq!(s.source, "--swing share.cap=20B,none");
        // 15% is the fraction 0.15; the values are kept as written, high below low included.
        let r = parse_swing("share.rate=25%, 15%").unwrap();
        assert_eq!((r.low, r.high), (rate("0.25"), rate("0.15")));
        let d = parse_swing("share.sunset=2029-12-31,2031-06-30").unwrap();
        assert_eq!(key_cell(&d.low), "2029-12-31");
        let g = parse_swing("stream.API on AWS.growth=10%,30%").unwrap();
        assert_eq!(g.key.text(), "stream.API on AWS.growth");
        assert_eq!(key_cell(&g.high), "0.300000");
        let lag = parse_swing("share.payment_lag_days=0,90").unwrap();
        assert_eq!(lag.high, Value::Days(90));
    }

    #[test]
    fn malformed_swings_name_the_argument() {
        let cases = [
            ("share.cap", "expected KEY=LOW,HIGH"),
            ("share.capp=1B,2B", "unknown key"),
            ("share.cap=20B", "expected two values, LOW,HIGH"),
            ("share.cap=1B,2B,3B", "expected two values, LOW,HIGH"),
            ("share.cap=1B,lots", "bad value `lots`"),
            ("share.cap=10B..50B:5B,1B", "bad value `10B..50B:5B`"),
            ("share.rate=20%,", "bad value ``"),
            ("share.sunset=2030-12-31,soon", "bad value `soon`"),
        ];
        // Any --set key swings, the period kind included (SPEC §7.4).
        assert!(parse_swing("scenario.period=month,year").is_ok());
        for (argument, message) in cases {
            let e = parse_swing(argument).unwrap_err();
            assert!(e.message.starts_with(message), "{argument}: {}", e.message);
            assert_eq!(
                e.location,
                Location::Argument(format!("--swing {argument}")),
                "{argument}"
            );
        }
        let typo = parse_swing("share.capp=1B,2B").unwrap_err();
        assert!(
            typo.expected.unwrap().contains("did you mean `share.cap`?"),
            "a near key is suggested"
        );
    }

    #[test]
    fn a_key_swung_twice_is_refused_at_the_second() {
        let args = ["share.cap=1B,2B", "share.rate=10%,30%", "share.cap=3B,4B"].map(String::from);
        let Err(Error::Invalid(d)) = parse_swings(&args) else {
            panic!("accepted a key swung twice")
        };
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "the same key is swung twice");
        assert_eq!(
            d[0].location,
            Location::Argument("--swing share.cap=3B,4B".into())
        );
        // Every bad --swing is reported at once.
        let args = ["share.cap=1B", "share.rte=1%,2%"].map(String::from);
        let Err(Error::Invalid(d)) = parse_swings(&args) else {
            panic!("accepted bad swings")
        };
        assert_eq!(d.len(), 2);
    }

    fn row(key: &str, low: i128, high: i128) -> Row {
        let m = |paid| Metrics {
            paid: Money::from_cents(paid),
            ..Metrics::default()
        };
        Row {
            swing: parse_swing(&format!("{key}=1%,2%")).unwrap(),
            at_low: m(low),
            at_high: m(high),
        }
    }

    #[test]
    fn the_swing_is_the_absolute_difference() {
        // 700 − 1,000 = −300: the swing is 3.00 either way round.
        assert_eq!(
            row("share.rate", 1_000, 700).swing_of(Metric::Paid),
            Money::from_cents(300)
        );
        assert_eq!(
            row("share.rate", 700, 1_000).swing_of(Metric::Paid),
            Money::from_cents(300)
        );
    }

    #[test]
    fn csv_writes_none_as_none_and_money_with_two_decimals() {
        let swing = parse_swing("share.cap=none,1.5B").unwrap();
        let m = |c| Metrics {
            paid: Money::from_cents(c),
            npv: Money::from_cents(c - 1),
            foregone: Money::ZERO,
            accrued: Money::from_cents(c + 1),
        };
        let t = Tornado {
            scenario: "S".into(),
            currency: "USD".into(),
            metric: Metric::Paid,
            base: m(100),
            rows: vec![Row {
                swing,
                at_low: m(250),
                at_high: m(150),
            }],
            warnings: Vec::new(),
        };
        assert_eq!(
            String::from_utf8(tornado_csv(&t)).unwrap(),
            "key,low,high,base_paid,paid_low,paid_high,base_npv,npv_low,npv_high,\
             base_foregone,foregone_low,foregone_high,base_accrued,accrued_low,accrued_high,swing\n\
             share.cap,none,1500000000.00,1.00,2.50,1.50,0.99,2.49,1.49,\
             0.00,0.00,0.00,1.01,2.51,1.51,1.00\n"
        );
        let chart = chart_data(&t, "s.toml", &[]);
        assert_eq!(chart.base, Money::from_cents(100));
        assert_eq!(chart.rows[0].key, "cap");
        assert_eq!(
            (chart.rows[0].low.as_str(), chart.rows[0].high.as_str()),
            ("none", "$1.5B")
        );
    }
}
