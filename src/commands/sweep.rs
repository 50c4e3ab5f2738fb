//! `revshare sweep`: one summary row per case of a grid of cap, rate, date or growth values.

use crate::cli::RunFormat;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::output::charts::{self, ChartFormats};
use crate::output::report::{ReportFormats, tabular::TableReport};
use crate::output::staged::sha256_hex;
use crate::output::staged::{Provenance, Staged};
use crate::output::sweep_table;
use crate::sweep::values::parse_varied;
use crate::sweep::{Extremes, Grid, Sweep, figures, shard_range, write_csv};
use std::path::{Path, PathBuf};

/// `sweep`'s options, free of clap.
pub struct SweepOptions {
    pub scenario: PathBuf,
    pub out: Option<PathBuf>,
    pub set: Vec<String>,
    pub max_cases: u64,
    pub shard: Option<String>,
    pub charts: ChartFormats,
    /// `--report html,md`.
    pub reports: ReportFormats,
    /// No progress bar.
    pub quiet: bool,
    /// What to print: a table of the cases (a sample beyond a screenful), or every row.
    pub format: RunFormat,
    /// `(flag, value)` of every `--vary` and `--cap`, in command-line order (SPEC §6.19).
    pub varies: Vec<(String, String)>,
    /// The arguments after the program name, for the manifest.
    pub arguments: Vec<String>,
}

/// Runs the sweep; returns a one-line report for stdout and the cases' warnings.
pub fn sweep(options: &SweepOptions) -> Result<super::Printed> {
    // Wall time for the report line only; no output file carries a time.
    let started = std::time::Instant::now();
    let set = super::parse_overrides(&options.set, "--set")?;
    let mut varied = Vec::new();
    for (flag, value) in &options.varies {
        varied.push(
            parse_varied(flag, value, options.max_cases).map_err(|d| Error::Invalid(vec![*d]))?,
        );
    }
    if varied.is_empty() {
        return Err(Error::Usage(
            "sweep needs at least one --vary KEY=VALUES or --cap VALUES".into(),
        ));
    }
    let grid = Grid::new(varied, options.max_cases)?;
    let shard = options.shard.as_deref().map(parse_shard).transpose()?;
    let cases = shard_range(grid.count, shard);
    let sweep = Sweep::prepare(&options.scenario, &set, &grid, cases.clone())?;

    let out = options
        .out
        .clone()
        .unwrap_or_else(|| default_out(&options.scenario));
    let mut staged = Staged::new();
    let bar = progress_bar(cases.end - cases.start, options.quiet, grid.cap_only());
    let written = staged.stream_computed(&out, "sweep.csv", |w| {
        write_csv(&sweep, cases.clone(), w, &|done| bar.set_position(done))
    });
    bar.finish_and_clear();
    let extremes: Extremes = written?;
    // The figures run their sampled cases in full: formed once for the charts and the report.
    let figures = if options.charts != ChartFormats::NONE || options.reports.any() {
        figures(&sweep, &grid, cases.clone())?
    } else {
        Vec::new()
    };
    if options.charts != ChartFormats::NONE {
        for (name, bytes) in charts::render_all(&figures, options.charts)? {
            staged.add(name, bytes);
        }
    }
    let inputs = &sweep.inputs;
    if options.reports.any() {
        let report = sweep_report(&sweep, &grid, cases.clone(), &figures, &staged, options)?;
        if options.reports.html {
            staged.add("report.html", report.html().into_bytes());
        }
        if options.reports.markdown {
            staged.add("report.md", report.markdown().into_bytes());
        }
        if options.reports.xlsx {
            let (note, csv) = sweep_sheet(&sweep, cases.clone())?;
            let first = sweep.case_run(cases.start).ok().map(|(s, _)| s);
            let varied = grid
                .varied
                .iter()
                .map(|v| (v.key.text(), v.argument.clone()));
            let xlsx = crate::output::report::xlsx::TableContext::sweep(
                &note,
                &options.scenario,
                first.as_ref(),
                varied.collect(),
                &options.set,
            );
            staged.add(
                "report.xlsx",
                crate::output::report::xlsx::from_csv(&xlsx, &csv)?,
            );
        }
    }
    let provenance = Provenance {
        arguments: &options.arguments,
        inputs: inputs
            .iter()
            .map(|s| (s.path.display().to_string(), s.bytes()))
            .collect(),
    };
    staged.commit(&out, &provenance)?;
    let n = cases.end - cases.start;
    let seconds = started.elapsed().as_secs_f64();
    let rate = if seconds > 0.0 {
        format!(", {}", whole_rate(n as f64 / seconds))
    } else {
        String::new()
    };
    let csv_path = out.join("sweep.csv");
    let (stdout, rows) = match options.format {
        RunFormat::Table => (table(&sweep, &grid, cases, &extremes)?, None),
        format => {
            let as_json = format == RunFormat::Json;
            let rows = super::Rows {
                path: csv_path.clone(),
                as_json,
            };
            (String::new(), Some(rows))
        }
    };
    Ok(super::Printed {
        stdout,
        warnings: sweep.warnings.clone(),
        // On stderr, whatever the format: stdout is the data asked for.
        notes: vec![format!(
            "outputs in {} ({} cases in sweep.csv, {seconds:.2} s{rate})",
            out.display(),
            crate::output::format::group_digits(&n.to_string())
        )],
        rows,
    })
}

/// `--format table`: the cases (a sample that keeps the ends and extremes beyond a screenful),
/// each run in full, with readable key values.
fn table(
    sweep: &Sweep<'_>,
    grid: &Grid,
    cases: std::ops::Range<u64>,
    extremes: &Extremes,
) -> Result<String> {
    let currency = sweep.currency();
    let picked = sweep_table::pick(cases.start, cases.end - cases.start, &extremes.cases());
    let mut rows = Vec::with_capacity(picked.len());
    for case in picked {
        rows.push(sweep_table::Row {
            values: grid
                .case(case)
                .iter()
                .map(|v| v.readable(currency))
                .collect(),
            summary: sweep.case_summary(case)?,
        });
    }
    let keys: Vec<String> = grid
        .varied
        .iter()
        .map(|v| crate::output::format::key_label(&v.key.text()))
        .collect();
    let title = format!(
        "{}: {} cases, amounts in {currency}",
        sweep.scenario_name(),
        crate::output::format::group_digits(&(cases.end - cases.start).to_string())
    );
    Ok(sweep_table::render(
        &title,
        &keys,
        &rows,
        cases.end - cases.start,
    ))
}

/// At most this many rows go to the workbook's Sweep sheet; sweep.csv has them all.
const XLSX_ROWS: u64 = 100_000;

/// The Sweep sheet's CSV: every case, or an evenly spaced sample of 100,000 named as such.
fn sweep_sheet(sweep: &Sweep<'_>, cases: std::ops::Range<u64>) -> Result<(String, Vec<u8>)> {
    let total = cases.end - cases.start;
    let mut csv = Vec::new();
    if total <= XLSX_ROWS {
        write_csv(sweep, cases, &mut csv, &|_| {})?;
        return Ok((format!("Sweep: all {total} cases."), csv));
    }
    let picked = crate::sweep::sample(cases, XLSX_ROWS);
    crate::sweep::write_sample(sweep, &picked, &mut csv)?;
    Ok((
        format!(
            "Sweep: an evenly spaced sample of {XLSX_ROWS} of {total} cases; sweep.csv has every case."
        ),
        csv,
    ))
}

/// Rows shown in a sweep report: an evenly spaced sample beyond this (sweep.csv has them all).
const REPORT_ROWS: u64 = 200;

/// The sweep report: a sample of the cases' key values and headline results, and the charts.
fn sweep_report(
    sweep: &Sweep<'_>,
    grid: &Grid,
    cases: std::ops::Range<u64>,
    figures: &[(&'static str, crate::output::charts::figure::Figure)],
    staged: &Staged,
    options: &SweepOptions,
) -> Result<TableReport> {
    let inputs = &sweep.inputs;
    use crate::output::format::{compact, percent};
    let total = cases.end - cases.start;
    let picked = crate::sweep::sample(cases.clone(), REPORT_ROWS);
    let mut header: Vec<String> = grid
        .varied
        .iter()
        .map(|v| crate::output::format::key_label(&v.key.text()))
        .collect();
    header.extend(["paid", "foregone", "cap reached", "npv", "effective rate"].map(String::from));
    let mut rows = Vec::new();
    for &index in &picked {
        let (scenario, outcome) = sweep.case_run(index)?;
        let s = &outcome.summary;
        let cur = &scenario.currency;
        let mut row: Vec<String> = grid.case(index).iter().map(|v| v.readable(cur)).collect();
        row.push(compact(s.paid, cur));
        row.push(compact(s.foregone, cur));
        row.push(s.cap_hit_date.map_or("no".into(), |d| d.to_string()));
        row.push(compact(s.npv, cur));
        row.push(s.effective_rate.map_or("—".into(), percent));
        rows.push(row);
    }
    let sampled = if (picked.len() as u64) < total {
        format!(
            "An evenly spaced sample of {} of the {total} cases is shown; sweep.csv has every case.",
            picked.len()
        )
    } else {
        format!("All {total} cases.")
    };
    let mut svgs = Vec::new();
    for (_, figure) in figures {
        svgs.push((
            figure.title.clone(),
            String::from_utf8_lossy(&charts::render_svg(figure)?).into_owned(),
        ));
    }
    Ok(TableReport {
        title: format!("Sweep of {}", options.scenario.display()),
        intro: format!(
            "Varying {}. {sampled}",
            header[..grid.varied.len()].join(", ")
        ),
        header,
        rows,
        sections: Vec::new(),
        charts: svgs,
        images: staged
            .names()
            .filter(|n| n.ends_with(".png"))
            .map(str::to_owned)
            .collect(),
        arguments: options.arguments.clone(),
        inputs: inputs
            .iter()
            .map(|s| (s.path.display().to_string(), sha256_hex(s.bytes())))
            .collect(),
    })
}

/// A progress bar on stderr when it is a terminal and the sweep is long enough to wait for;
/// hidden otherwise (pipes, CI, `--quiet`).
fn progress_bar(cases: u64, quiet: bool, cap_only: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    let long = if cap_only {
        cases >= 200_000
    } else {
        cases >= 500
    };
    if quiet || !long || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(cases);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} cases, {rate}, {eta} left")
    {
        let rate = |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_str(&whole_rate(state.per_sec()));
        };
        bar.set_style(style.with_key("rate", rate));
    }
    bar
}

/// Cases per second as a whole number with thousands separators: `12,345 cases/s` (indicatif's
/// own `{per_sec}` shows fractions of a case).
fn whole_rate(per_sec: f64) -> String {
    let whole = if per_sec.is_finite() && per_sec > 0.0 {
        per_sec.round() as u64
    } else {
        0
    };
    let grouped = crate::output::format::group_digits(&whole.to_string());
    format!("{grouped} cases/s")
}

/// `out/<stem>-sweep` (SPEC §3).
fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from("out").join(format!("{stem}-sweep"))
}

/// `I/N` with 1 <= I <= N.
fn parse_shard(text: &str) -> Result<(u64, u64)> {
    let parsed = text
        .split_once('/')
        .and_then(|(i, n)| Some((i.trim().parse::<u64>().ok()?, n.trim().parse::<u64>().ok()?)));
    match parsed {
        Some((i, n)) if i >= 1 && i <= n => Ok((i, n)),
        _ => Err(Error::invalid(
            Diagnostic::error("bad shard")
                .at(Location::Argument(format!("--shard {text}")))
                .found(format!("\"{text}\""))
                .expected("I/N with 1 <= I <= N, such as 2/8"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_rate_is_whole_cases_per_second() {
        assert_eq!(whole_rate(2_843_301.4), "2,843,301 cases/s");
        assert_eq!(whole_rate(999.5), "1,000 cases/s");
        assert_eq!(whole_rate(12.3), "12 cases/s");
        assert_eq!(whole_rate(f64::NAN), "0 cases/s");
    }

    #[test]
    fn shards_must_be_in_range() {
        assert_eq!(parse_shard("2/8").unwrap(), (2, 8));
        assert!(parse_shard("0/8").is_err());
        assert!(parse_shard("9/8").is_err());
        assert!(parse_shard("x").is_err());
    }
}
