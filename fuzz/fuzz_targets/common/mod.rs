//! Shared by the fuzz targets: a per-process scratch directory, and "load, simulate, render
//! everything" so that each target reaches the engine and the output formatting, not only the
//! parsers.
//!
//! A panic anywhere is a crash. An `Err` is fine, but (SPEC §5) its rendered text must name
//! the file it is about: a bad-input error that names no file is reported as a crash too.

#![allow(dead_code)]

use revshare::engine::simulate;
use revshare::error::{Error, Severity};
use revshare::output;
use revshare::scenario::{self, overrides::Override};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The scratch directory of this fuzzing process: `scenario.toml` and `projections.csv` side
/// by side, rewritten for every input.
pub struct Scratch {
    pub scenario: PathBuf,
    pub projections: PathBuf,
    /// Where the `run` target writes its outputs.
    pub out: PathBuf,
    /// A fixed valid scenario (with its own CSV) for targets that fuzz only the values.
    pub fixed: PathBuf,
}

/// `$TMPDIR/revshare-fuzz-PID`. A static is never dropped, so the directory outlives the
/// process; with `-fork`/`-jobs` libFuzzer starts a process per job, so each process first
/// removes the directories of processes that have ended (where `/proc` tells).
pub fn scratch() -> &'static Scratch {
    static SCRATCH: OnceLock<Scratch> = OnceLock::new();
    SCRATCH.get_or_init(|| {
        let base = std::env::temp_dir();
        remove_stale(&base);
        let dir = base.join(format!("{PREFIX}{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let fixed_dir = dir.join("fixed");
        std::fs::create_dir_all(&fixed_dir).expect("create the scratch directory");
        std::fs::write(fixed_dir.join("fixed.toml"), FIXED_SCENARIO).expect("write fixed.toml");
        std::fs::write(fixed_dir.join("fixed.csv"), FIXED_CSV).expect("write fixed.csv");
        Scratch {
            scenario: dir.join("scenario.toml"),
            projections: dir.join("projections.csv"),
            out: dir.join("out"),
            fixed: fixed_dir.join("fixed.toml"),
        }
    })
}

const PREFIX: &str = "revshare-fuzz-";

/// Removes `revshare-fuzz-PID` directories whose process is gone (Linux: no `/proc/PID`).
fn remove_stale(base: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix(PREFIX)) else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A valid scenario that uses every key `--set`/`--vary` can reach: growth, qualifying, a
/// discount rate, a lag, a cloud filter, a CSV stream with a dot in its name.
pub const FIXED_SCENARIO: &str = r#"[scenario]
name = "Fixed"
start = 2026-01-01
end = 2028-12-31
period = "quarter"
discount_rate = "8%"
valuation_date = 2026-04-27
projections = "fixed.csv"

[share]
rate = "20%"
cap = "2B"
effective = 2026-04-27
sunset = 2027-12-31
payment_lag_days = 45
clouds = ["azure", "aws", "gcp"]

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 2026 = "4B", 2027 = "6B" }
growth = "10%"

[[stream]]
name = "API"
cloud = "aws"
qualifying = true
annual = { 2026 = "$1.5bn" }
growth = { 2027 = "25%", 2028 = "20%" }
"#;

pub const FIXED_CSV: &str = "stream,cloud,from,to,amount,qualifying\n\
api.v2,gcp,2026-01-01,2026-06-30,500M,true\n\
api.v2,gcp,2026-07-01,2027-06-30,1.2B,\n\
Devices,azure,2026-01-01,2028-12-31,3B,false\n";

/// Splits an input of the form `TOML 0xFF CSV [0xFF --set lines]` (0xFF never occurs in
/// UTF-8, so the split never cuts a valid text), writes the TOML and the CSV into the scratch
/// directory, and returns it with the `--set` lines.
pub fn write_scenario_input(data: &[u8]) -> (&'static Scratch, String) {
    let mut parts = data.splitn(3, |b| *b == 0xFF);
    let toml = parts.next().unwrap_or_default();
    let csv = parts.next().unwrap_or_default();
    let sets = parts
        .next()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .unwrap_or_default();
    let s = scratch();
    write(&s.scenario, toml);
    write(&s.projections, csv);
    (s, sets)
}

/// Writes a scratch file, replacing what the previous input left.
pub fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("write a scratch file");
}

/// Loads `path` with `overrides`, simulates it when it loads and formats every output the
/// engine's numbers reach (CSV, JSON, the terminal table, the chart figures). Errors are fine
/// when they name a file (checked only when `check_names_file`: an override problem names the
/// argument instead).
pub fn load_and_run(path: &Path, overrides: &[Override], check_names_file: bool) {
    let loaded = match scenario::load(path, overrides) {
        Ok(loaded) => loaded,
        Err(e) => {
            check_error(&e, check_names_file);
            return;
        }
    };
    for w in &loaded.warnings {
        let _ = w.render();
    }
    // The compiled engine against the reference engine, on every valid input: a difference in
    // any column, or in an error, is a finding (issue 10's equality, beyond the proptests).
    let compiled = simulate(&loaded.scenario);
    assert_eq!(
        compiled,
        revshare::engine::reference::simulate(&loaded.scenario),
        "the compiled and reference engines disagree"
    );
    let outcome = match compiled {
        Ok(outcome) => outcome,
        Err(too_large) => {
            let e = scenario::too_large(path, too_large);
            check_error(&e, true);
            return;
        }
    };
    let s = &loaded.scenario;
    let _ = output::csv::periods_csv(&outcome);
    let _ = output::csv::streams_csv(s, &outcome);
    let _ = output::csv::clouds_csv(&outcome);
    let _ = output::csv::summary_csv(&outcome.summary);
    let _ = output::json::to_bytes(&output::json::summary_value(&outcome.summary));
    let _ = output::table::render(s, &outcome, &[]);
    let _ = output::charts::run::figures(s, &outcome, "scenario.toml", &[]);
}

/// An input error must be a bad-input error (exit 2) whose every error diagnostic names a file
/// that its rendering shows.
pub fn check_error(e: &Error, check_names_file: bool) {
    let rendered = e.render();
    if !check_names_file {
        return;
    }
    match e {
        Error::Invalid(diagnostics) => {
            assert!(
                diagnostics.iter().any(|d| d.severity == Severity::Error),
                "an error with no error diagnostic: {rendered:?}"
            );
            for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
                let file = d
                    .file
                    .as_ref()
                    .unwrap_or_else(|| panic!("an error that names no file: {rendered:?}"));
                let shown = file.display().to_string();
                assert!(
                    d.render().contains(&shown),
                    "the rendered error does not show its file {shown}: {rendered:?}"
                );
            }
        }
        other => panic!("loading gave a non-input error: {rendered:?} ({other:?})"),
    }
}

/// `--set` arguments, one per line, at most `max`; lines that do not parse are dropped (the
/// values target fuzzes the override grammar itself).
pub fn overrides(text: &str, max: usize) -> Vec<Override> {
    text.lines()
        .take(max)
        .filter_map(|line| Override::parse(line, "--set").ok())
        .collect()
}
