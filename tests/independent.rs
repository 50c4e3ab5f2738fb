//! Golden files checked independently (issue 9, item 7).
//!
//! The goldens in `tests/golden/` were blessed by the engine itself, so `tests/golden.rs` alone
//! cannot catch an engine bug that was there when they were blessed. Here
//! `tests/independent/check.py` — a from-scratch re-implementation of SPEC §1–§2 in exact
//! rational arithmetic (Python standard library only, no code shared with the crate) — computes
//! each shipped scenario again, and its output must match the goldens byte for byte:
//! `periods.csv`, `streams.csv` and `clouds.csv` whole, and `summary.csv` on the SPEC §4 columns
//! (the goldens' extension columns after them are not recomputed).
//!
//! The shipped scenarios contain no exact half-cent tie, so on them half-up and half-even
//! rounding agree. `tests/independent/ties.toml` puts a tie at every rounding site; for it,
//! check.py is compared with what the `revshare` binary writes (it has no golden).
//!
//! Needs `python3` (3.11 or later, for `tomllib`). Without it the tests print
//! `skipped: python3 not found` to stderr and pass — unless `CI=true`, where they fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

/// Files compared whole, byte for byte.
const WHOLE: [&str; 3] = ["periods.csv", "streams.csv", "clouds.csv"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Reports `skipped: REASON` on stderr — or fails when `CI=true`, where the check must run.
fn skip(reason: &str) {
    assert!(
        !in_ci(),
        "{reason}, and CI=true: the independent golden check must run there"
    );
    // Straight to the process's stderr: `eprintln!` is captured for a passing test and
    // would hide the skip.
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "skipped: {reason}");
}

/// Runs check.py on `scenario`, writing into `out`. `false` when the check was skipped.
fn independent(scenario: &Path, out: &Path) -> bool {
    // -S: no site module; check.py needs the standard library only.
    let result = match Command::new("python3")
        .arg("-S")
        .arg(root().join("tests/independent/check.py"))
        .arg(scenario)
        .arg(out)
        .output()
    {
        Ok(result) => result,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            skip("python3 not found");
            return false;
        }
        Err(e) => panic!("cannot run python3: {e}"),
    };
    // check.py exits 77 when the interpreter is too old to have `tomllib`.
    if result.status.code() == Some(77) {
        skip("python3 found, but it has no tomllib (Python 3.11 or later is needed)");
        return false;
    }
    assert!(
        result.status.success(),
        "check.py failed on {} ({}):\n{}",
        scenario.display(),
        result.status,
        String::from_utf8_lossy(&result.stderr)
    );
    true
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first line where `got` and `want` differ, with the first differing column named.
fn first_difference(header: &str, got: &str, want: &str) -> String {
    let names: Vec<&str> = header.split(',').collect();
    let mut got_lines = got.split_inclusive('\n');
    let mut want_lines = want.split_inclusive('\n');
    let mut line = 0;
    loop {
        line += 1;
        match (got_lines.next(), want_lines.next()) {
            (Some(g), Some(w)) if g == w => continue,
            (g, w) => {
                let g = g.unwrap_or("<end of file>");
                let w = w.unwrap_or("<end of file>");
                // A plain split is enough to point at the column in a message.
                let column = g
                    .trim_end()
                    .split(',')
                    .zip(w.trim_end().split(','))
                    .position(|(a, b)| a != b)
                    .map(|i| names.get(i).copied().unwrap_or("?").to_string())
                    .unwrap_or_else(|| "(line ending or length)".to_string());
                return format!(
                    "line {line}, column {column}:\n  independent: {}\n  {:<12} {}",
                    g.trim_end(),
                    "other:",
                    w.trim_end()
                );
            }
        }
    }
}

/// Compares check.py's files in `ours` with `theirs` (a golden directory or an engine run).
fn compare(label: &str, ours: &Path, theirs: &Path) {
    let mut failures = Vec::new();
    for file in WHOLE {
        let got = read(&ours.join(file));
        let want = read(&theirs.join(file));
        if got != want {
            let header = want.lines().next().unwrap_or("");
            failures.push(format!(
                "{label}/{file}: {}",
                first_difference(header, &got, &want)
            ));
        }
    }
    // summary.csv: check.py writes the SPEC columns only; each of its lines must be the other
    // line exactly, or the start of it followed by extension columns.
    let got = read(&ours.join("summary.csv"));
    let want = read(&theirs.join("summary.csv"));
    let (got_lines, want_lines): (Vec<&str>, Vec<&str>) =
        (got.lines().collect(), want.lines().collect());
    if got_lines.len() != want_lines.len() || !want.ends_with('\n') || want.contains('\r') {
        failures.push(format!(
            "{label}/summary.csv: {} lines from check.py, {} in the other file (or no final \\n)",
            got_lines.len(),
            want_lines.len()
        ));
    }
    for (i, (g, w)) in got_lines.iter().zip(&want_lines).enumerate() {
        let matches = w
            .strip_prefix(g)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(','));
        if !matches {
            failures.push(format!(
                "{label}/summary.csv line {}, SPEC columns:\n  independent: {g}\n  other:       {w}",
                i + 1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "disagreement with the independent check (tests/independent/check.py):\n{}",
        failures.join("\n")
    );
}

/// A shipped scenario: check.py's output against `tests/golden/STEM/`.
fn check_golden(stem: &str) {
    let out = tempfile::tempdir().unwrap();
    let scenario = root().join("scenarios").join(format!("{stem}.toml"));
    if independent(&scenario, out.path()) {
        compare(stem, out.path(), &root().join("tests/golden").join(stem));
    }
}

#[test]
fn base_golden_matches_independent_check() {
    check_golden("base");
}

#[test]
fn bear_golden_matches_independent_check() {
    check_golden("bear");
}

#[test]
fn bull_golden_matches_independent_check() {
    check_golden("bull");
}

#[test]
fn monthly_golden_matches_independent_check() {
    check_golden("monthly");
}

/// A fixture's check.py output against what the `revshare` binary writes for it.
fn fixture_matches(name: &str) {
    let scenario = root().join(format!("tests/independent/{name}.toml"));
    let ours = tempfile::tempdir().unwrap();
    if !independent(&scenario, ours.path()) {
        return;
    }
    let theirs = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_revshare"))
        .arg("run")
        .arg(&scenario)
        .arg("--out")
        .arg(theirs.path())
        .args(["--no-charts", "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "revshare run {} failed ({}):\n{}",
        scenario.display(),
        run.status,
        String::from_utf8_lossy(&run.stderr)
    );
    compare(&format!("{name} (engine)"), ours.path(), theirs.path());
}

/// The tie fixture: a tie at every rounding site.
#[test]
fn ties_fixture_engine_matches_independent_check() {
    fixture_matches("ties");
}

/// Every revenue scale (SPEC §7.1) and an earlier payment toward the cap (SPEC §7.2).
#[test]
fn scales_fixture_engine_matches_independent_check() {
    fixture_matches("scales");
}
