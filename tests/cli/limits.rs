//! Input hardening (issue 9, SPEC §6.20–§6.24 and §7.6): hostile or odd inputs — line ends,
//! huge ranges, non-UTF-8 names, rates and lags at their bounds, devices, FIFOs and oversized
//! files, NUL bytes, floods of problems, open CSV quotes — end in exit 2 with a message that
//! names the file, the place, what was found and what was expected, and never in a panic or a
//! hang. Tests named `regression_…` are named after the defect of issue 9 that they caught.
//!
//! Scenario line numbers refer to the layout of [`Scenario::two_years`]; keys added with `set`
//! go at the end of their table, moving the lines below down by one.

use crate::support::{Scenario, Test};
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt as _;
use std::path::Path;
use std::time::Duration;

/// `revshare` in `dir`, killed after 10 s: a test of a FIFO must fail, not hang, if the
/// program blocks on it.
fn revshare(dir: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("revshare").expect("the revshare binary");
    command.current_dir(dir).timeout(Duration::from_secs(10));
    command
}

/// [`revshare`] with its address space capped at 1 GB: a regression that reads a device such
/// as `/dev/zero` to the end fails with "out of memory" instead of exhausting the machine.
fn revshare_memory_capped(dir: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new("sh");
    command
        .args(["-c", r#"ulimit -v 1000000 && exec "$0" "$@""#])
        .arg(env!("CARGO_BIN_EXE_revshare"))
        .current_dir(dir)
        .timeout(Duration::from_secs(10));
    command
}

/// Runs `revshare` (with a 10 s timeout) in a fresh directory holding `s.toml` =
/// [`Scenario::two_years`]; returns the exit status and stderr.
fn two_years_with_timeout(args: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), Scenario::two_years().text()).unwrap();
    let output = revshare(dir.path()).args(args).output().unwrap();
    status_and_stderr(&output)
}

/// Exit status and stderr of a finished command, checked never to show a panic.
fn status_and_stderr(output: &std::process::Output) -> (Option<i32>, String) {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    (output.status.code(), stderr)
}

/// Every shown source line (`N | text`) is a window of at most 120 characters plus an
/// ellipsis on each side (SPEC §7.6).
fn assert_source_lines_are_windows(stderr: &str) {
    let mut shown = 0;
    for line in stderr.lines() {
        let Some((gutter, text)) = line.split_once(" | ") else {
            continue;
        };
        if gutter.trim().is_empty() || !gutter.trim().chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        shown += 1;
        assert!(
            text.chars().count() <= 122,
            "a shown line of {} characters: {text:?}",
            text.chars().count()
        );
    }
    assert!(shown > 0, "no source line shown:\n{stderr}");
}

/// The number of problems a `validate` run listed: its `error:` headlines, less the closing
/// `error: N problems found`.
fn headlines(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.starts_with("error:") && !l.ends_with(" problems found"))
        .count()
}

/// `N` from the closing line `error: N problems found`.
fn problems_found(stderr: &str) -> usize {
    let last = stderr.lines().last().unwrap_or_default();
    last.strip_prefix("error: ")
        .and_then(|l| l.strip_suffix(" problems found"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no closing count in {last:?}"))
}

// ---------------------------------------------------------------------------------------------
// 1. Line ends
// ---------------------------------------------------------------------------------------------

/// Regression (issue 9): an error on the first `\r` of a `\r\r\n` line end panicked in
/// `clamp` (the shown line drops its trailing `\r`, so the span's end fell before its start).
#[test]
fn regression_error_on_a_cr_of_a_cr_cr_lf_line_end_panicked() {
    let text = Scenario::two_years().text().replace('\n', "\r\n").replacen(
        "rate = \"20%\"\r\n",
        "rate = \"20%\"\r\r\n",
        1,
    );
    Test::new()
        .file_bytes("s.toml", text.as_bytes())
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            "error: TOML syntax error\n \
             --> s.toml:6:14\n  \
             |\n\
             6 | rate = \"20%\"\u{fffd}\n  \
             |              ^\n  \
             = found: carriage return must be followed by newline, expected newline\n  \
             = expected: valid TOML (see the scenario format in README.md)\n\n",
        )
        .run();
}

/// Regression (issue 9): an unterminated string in a CRLF file panicked in `clamp`, like the
/// `\r\r\n` above: the error's span starts on the `\r` that the shown line drops.
#[test]
fn regression_crlf_file_with_an_unterminated_string_panicked_in_clamp() {
    let text = Scenario::two_years()
        .text()
        .replace("name = \"Chat\"\n", "name = \"Chat\n")
        .replace('\n', "\r\n");
    Test::new()
        .file_bytes("s.toml", text.as_bytes())
        .args(&["run", "s.toml"])
        .status(2)
        // 9:13 is the `\r`, past the shown line: the caret sits just after `"Chat`. 9:14 is the
        // `\n`: the window runs up to it, so the `\r` shows (as U+FFFD) before the caret.
        .stderr_contains(
            "error: TOML syntax error\n --> s.toml:9:14\n  |\n9 | name = \"Chat\u{fffd}\n  |              ^\n",
        )
        .stderr_contains(" --> s.toml:9:13\n  |\n9 | name = \"Chat\n  |             ^\n")
        .found("invalid basic string, expected `\"`")
        .found("invalid basic string, expected non-double-quote visible characters, `\\`")
        .stderr_contains("error: 2 problems found\n")
        .run();
}

// ---------------------------------------------------------------------------------------------
// 2. Sweep ranges and grids too large to count in 64 bits
// ---------------------------------------------------------------------------------------------

/// Regression (issue 9): counting this range divided 10^20 by 10^-20 in `Decimal`, which
/// overflowed (a panic).
#[test]
fn regression_range_of_more_than_10_38_values_panicked_in_decimal_division() {
    Test::new()
        .scenario("s.toml", Scenario::two_years())
        .args(&[
            "sweep",
            "s.toml",
            "--vary",
            "scenario.discount_rate=0..1e20:1e-20",
        ])
        .status(2)
        .stderr(
            r"
            error: too many cases
              --> argument `--vary scenario.discount_rate=0..1e20:1e-20`
               = found: more than 10^38 values in this range
               = expected: at most 10000000 cases (raise with --max-cases N)

            ",
        )
        .run();
}

#[test]
fn cap_range_of_10_38_plus_one_values_is_more_than_10_38() {
    Test::new()
        .scenario("s.toml", Scenario::two_years())
        .args(&["sweep", "s.toml", "--cap", "0..10B:1e-28"])
        .status(2)
        .stderr(
            r"
            error: too many cases
              --> argument `--cap 0..10B:1e-28`
               = found: more than 10^38 values in this range
               = expected: at most 10000000 cases (raise with --max-cases N)

            ",
        )
        .run();
}

/// Regression (issue 9): a count above u64 was saturated to 18446744073709551615; it is exact
/// up to 10^38.
#[test]
fn regression_range_count_above_u64_was_saturated_now_exact() {
    Test::new()
        .scenario("s.toml", Scenario::two_years())
        .args(&["sweep", "s.toml", "--vary", "share.rate=0..1:1e-28"])
        .status(2)
        .at_argument("--vary share.rate=0..1:1e-28")
        .found("10000000000000000000000000001 values in this range")
        .stderr_contains("error: too many cases\n")
        .run();
}

/// Regression (issue 9): three ranges of 10,000,001 values each, allowed one by one by the
/// largest --max-cases, made a grid whose count saturated at u64::MAX, which that limit
/// allowed: the sweep started on 10^21 cases and never ended. The product, 10,000,001^3, is now
/// counted exactly in 128 bits (run with a timeout, so a regression fails instead of hanging).
#[test]
fn regression_grid_count_above_u64_saturated_and_the_sweep_never_ended() {
    let (status, stderr) = two_years_with_timeout(&[
        "sweep",
        "s.toml",
        "--vary",
        "share.rate=0..1:0.0000001",
        "--vary",
        "scenario.discount_rate=0..1:0.0000001",
        "--vary",
        "share.cap=0..10M:1",
        "--max-cases",
        "18446744073709551615",
    ]);
    assert_eq!(status, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: too many cases\n  \
         --> argument `--vary share.cap=0..10M:1`\n   \
         = found: a grid of 1000000300000030000001 cases\n   \
         = expected: at most 18446744073709551615 (raise with --max-cases N)\n\n"
    );
}

#[test]
fn grid_above_10_38_says_more_than_10_38() {
    // (10^10 + 1)^4 > 10^40.
    let (status, stderr) = two_years_with_timeout(&[
        "sweep",
        "s.toml",
        "--vary",
        "share.rate=0..1:1e-10",
        "--vary",
        "scenario.discount_rate=0..1:1e-10",
        "--vary",
        "share.cap=0..10B:1",
        "--vary",
        "stream.Chat.growth=0..1:1e-10",
        "--max-cases",
        "18446744073709551615",
    ]);
    assert_eq!(status, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: too many cases\n  \
         --> argument `--vary stream.Chat.growth=0..1:1e-10`\n   \
         = found: a grid of more than 10^38 cases\n   \
         = expected: at most 18446744073709551615 (raise with --max-cases N)\n\n"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. A file name that is not UTF-8
// ---------------------------------------------------------------------------------------------

/// Regression (issue 9): `std::env::args()` panicked on an argument that is not UTF-8 (clap
/// had accepted it as a path). The scenario runs; its name and output directory show the
/// byte it cannot show as U+FFFD.
#[test]
fn regression_non_utf8_file_name_panicked_in_env_args() {
    let dir = tempfile::tempdir().unwrap();
    let name = OsStr::from_bytes(b"x\xff.toml");
    std::fs::write(dir.path().join(name), Scenario::two_years().text()).unwrap();

    let output = revshare(dir.path())
        .arg("run")
        .arg(name)
        .arg("--no-charts")
        .output()
        .unwrap();
    let (status, stderr) = status_and_stderr(&output);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(status, Some(0), "{stderr}");
    // Where the outputs went is said on stderr (issue 11), in the name as it can be shown.
    assert_eq!(stderr, "outputs in out/x\u{fffd}\n");
    assert!(
        stdout.starts_with("x\u{fffd} — 20% of qualifying revenue, uncapped"),
        "{stdout}"
    );
    let summary = std::fs::read_to_string(dir.path().join("out/x\u{fffd}/summary.csv")).unwrap();
    assert!(
        summary.contains("\nx\u{fffd},USD,2026-01-01,2027-12-31,8,"),
        "{summary}"
    );

    let output = revshare(dir.path())
        .arg("validate")
        .arg(name)
        .output()
        .unwrap();
    let (status, stderr) = status_and_stderr(&output);
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "ok: x\u{fffd}.toml — \"x\u{fffd}\", 1 stream, 8 quarter periods\n"
    );
}

#[test]
fn missing_non_utf8_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let output = revshare(dir.path())
        .arg("run")
        .arg(OsStr::from_bytes(b"y\xff.toml"))
        .output()
        .unwrap();
    let (status, stderr) = status_and_stderr(&output);
    assert_eq!(status, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: cannot read the scenario file\n  \
         --> y\u{fffd}.toml\n   \
         = found: no such file\n   \
         = expected: a readable UTF-8 text scenario file\n\n"
    );
}

// ---------------------------------------------------------------------------------------------
// 4. Bounds of rates and lags (SPEC §7.6)
// ---------------------------------------------------------------------------------------------

const RATE_RANGE: &str = "a rate above -100% and at most 10,000%";
const LAG_RANGE: &str = "a whole number of days from 0 to 36500, such as 45";

/// Regression (issue 9): a discount rate of "8e26" panicked (`Decimal` multiplication
/// overflow) while the bare-number warning turned it into a percentage.
#[test]
fn regression_discount_rate_8e26_panicked_in_the_bare_rate_warning() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("scenario.discount_rate", r#""8e26""#),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            r#"
            error: rate out of range
             --> s.toml:4:17
              |
            4 | discount_rate = "8e26"
              |                 ^^^^^^
              = field: scenario.discount_rate
              = found: "8e26"
              = expected: a rate above -100% and at most 10,000%

            "#,
        )
        .run();
}

/// Refused as a rate, before any year grows (it used to be reported only as a grown year
/// too large for exact arithmetic).
#[test]
fn growth_8e26_is_a_rate_out_of_range() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years()
                .set("stream[1].annual", r#"{ 2026 = "1B" }"#)
                .set("stream[1].growth", r#""8e26""#),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr_contains("error: growth rate out of range\n")
        .at_toml("s.toml:12:10", r#"growth = "8e26""#, "^^^^^^")
        .field(r#"stream[1] "Chat".growth"#)
        .found(r#""8e26""#)
        .expected(RATE_RANGE)
        .run();
}

#[test]
fn set_discount_rate_1e27_is_out_of_range() {
    Test::new()
        .scenario("s.toml", Scenario::two_years())
        .args(&["run", "s.toml", "--set", "scenario.discount_rate=1e27"])
        .status(2)
        .stderr(
            r#"
            error: rate out of range
              --> argument `--set scenario.discount_rate=1e27` (applied to s.toml)
               = field: scenario.discount_rate
               = found: "1e27"
               = expected: a rate above -100% and at most 10,000%

            "#,
        )
        .run();
}

#[test]
fn growth_just_above_10000_percent_is_out_of_range() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years()
                .set("stream[1].annual", r#"{ 2026 = "1B" }"#)
                .set("stream[1].growth", r#""10001%""#),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr_contains("error: growth rate out of range\n")
        .at_toml("s.toml:12:10", r#"growth = "10001%""#, "^^^^^^^^")
        .found(r#""10001%""#)
        .expected(RATE_RANGE)
        .run();
}

#[test]
fn growth_of_exactly_10000_percent_is_accepted() {
    // 2027 = 1B × (1 + 100) = 101B, far below 10^15.
    let out = Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years()
                .set("scenario.period", r#""year""#)
                .set("stream[1].annual", r#"{ 2026 = "1B" }"#)
                .set("stream[1].growth", r#""10000%""#),
        )
        .args(&["run", "s.toml", "--no-charts"])
        .stdout_contains("revenue                    102,000,000,000.00")
        .run();
    let periods = out.read_text("out/s/periods.csv");
    assert!(
        periods.contains("\n2027,2027-01-01,2027-12-31,101000000000.00,"),
        "{periods}"
    );
}

#[test]
fn payment_lag_of_36501_days_is_too_long() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("share.payment_lag_days", "36501"),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            r#"
            error: payment lag too long
             --> s.toml:7:20
              |
            7 | payment_lag_days = 36501
              |                    ^^^^^
              = field: share.payment_lag_days
              = found: 36501
              = expected: a whole number of days from 0 to 36500, such as 45

            "#,
        )
        .run();
}

#[test]
fn set_payment_lag_of_36501_days_is_too_long() {
    Test::new()
        .scenario("s.toml", Scenario::two_years())
        .args(&["run", "s.toml", "--set", "share.payment_lag_days=36501"])
        .status(2)
        .stderr_contains("error: payment lag too long\n")
        .at_argument("--set share.payment_lag_days=36501")
        .found(r#""36501""#)
        .expected(LAG_RANGE)
        .run();
}

#[test]
fn payment_lag_of_36500_days_is_accepted() {
    // 2026–2027 leaves a century of room: the last cash date is 2027-12-31 + 36,500 days.
    let out = Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("share.payment_lag_days", "36500"),
        )
        .args(&["run", "s.toml", "--format", "csv", "--no-charts"])
        .run();
    assert!(
        out.stdout.contains(",2126-03-07,2127-12-07,"),
        "{}",
        out.stdout
    );
}

#[test]
fn payment_lag_past_9999_is_refused_at_the_lag() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years()
                .set("scenario.start", "9990-01-01")
                .set("scenario.end", "9990-12-31")
                .set("share.payment_lag_days", "36500")
                .set("stream[1].annual", r#"{ 9990 = "1B" }"#),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr_contains("error: payment lag pushes cash dates past 9999-12-31\n")
        .at_toml("s.toml:7:20", "payment_lag_days = 36500", "^^^^^")
        .field("share.payment_lag_days")
        .found("36500")
        .expected("a lag that keeps cash dates within the calendar")
        .run();
}

// ---------------------------------------------------------------------------------------------
// 5. Only regular files, under a size limit
// ---------------------------------------------------------------------------------------------

const NOT_REGULAR: &str = "not a regular file (a device, FIFO or socket)";

/// Regression (issue 9): `/dev/zero` as the projections file was read until memory ran out.
#[test]
fn regression_dev_zero_as_projections_was_read_until_memory_ran_out() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = Scenario::two_years().set("scenario.projections", r#""/dev/zero""#);
    std::fs::write(dir.path().join("s.toml"), scenario.text()).unwrap();
    let output = revshare_memory_capped(dir.path())
        .args(["run", "s.toml"])
        .output()
        .unwrap();
    let (status, stderr) = status_and_stderr(&output);
    assert_eq!(status, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: cannot read the projections file\n \
         --> s.toml:4:15\n  \
         |\n\
         4 | projections = \"/dev/zero\"\n  \
         |               ^^^^^^^^^^^\n  \
         = field: scenario.projections\n  \
         = found: /dev/zero (not a regular file (a device, FIFO or socket))\n  \
         = expected: a readable UTF-8 text projections file\n\n"
    );
}

#[test]
fn dev_zero_as_scenario_is_not_a_regular_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = revshare_memory_capped(dir.path())
        .args(["run", "/dev/zero"])
        .output()
        .unwrap();
    let (status, stderr) = status_and_stderr(&output);
    assert_eq!(status, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "error: cannot read the scenario file\n  \
         --> /dev/zero\n   \
         = found: not a regular file (a device, FIFO or socket)\n   \
         = expected: a readable UTF-8 text scenario file\n\n"
    );
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Regression (issue 9): opening a FIFO blocked until some other process wrote to it.
#[test]
fn regression_fifo_as_scenario_blocked() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("s.toml"));
    let output = revshare(dir.path())
        .args(["run", "s.toml"])
        .output()
        .unwrap();
    let (status, stderr) = status_and_stderr(&output);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(
        stderr.contains("error: cannot read the scenario file\n  --> s.toml\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("= found: {NOT_REGULAR}\n")),
        "{stderr}"
    );
}

#[test]
fn fifo_as_projections_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = Scenario::two_years().set("scenario.projections", r#""p.csv""#);
    std::fs::write(dir.path().join("s.toml"), scenario.text()).unwrap();
    mkfifo(&dir.path().join("p.csv"));
    for command in ["run", "validate"] {
        let output = revshare(dir.path())
            .args([command, "s.toml"])
            .output()
            .unwrap();
        let (status, stderr) = status_and_stderr(&output);
        assert_eq!(status, Some(2), "{command}: {stderr}");
        assert!(stderr.contains(" --> s.toml:4:15\n"), "{stderr}");
        assert!(
            stderr.contains(&format!("= found: p.csv ({NOT_REGULAR})\n")),
            "{stderr}"
        );
    }
}

/// A scenario of `size` bytes: comment lines, then a valid scenario.
fn padded_scenario(size: usize) -> Vec<u8> {
    let scenario = Scenario::two_years().text();
    let line = format!("#{}\n", "x".repeat(98));
    let pad = size - scenario.len();
    let mut bytes = line.repeat(pad / line.len() + 1).into_bytes();
    bytes.truncate(pad - 1);
    bytes.push(b'\n');
    bytes.extend_from_slice(scenario.as_bytes());
    assert_eq!(bytes.len(), size);
    bytes
}

#[test]
fn scenario_over_10_mb_is_refused_naming_its_size_and_the_limit() {
    Test::new()
        .file_bytes("s.toml", &padded_scenario(10_000_001))
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            r"
            error: cannot read the scenario file
              --> s.toml
               = found: a file of 10000001 bytes
               = expected: a scenario file of at most 10 MB

            ",
        )
        .run();
}

#[test]
fn scenario_of_exactly_10_mb_is_read() {
    Test::new()
        .file_bytes("s.toml", &padded_scenario(10_000_000))
        .args(&["validate", "s.toml"])
        .stdout("ok: s.toml — \"s\", 1 stream, 8 quarter periods\n")
        .run();
}

// ---------------------------------------------------------------------------------------------
// 6. A cap that rounds to 10^15
// ---------------------------------------------------------------------------------------------

/// Regression (issue 9): the 10^15 bound was checked before rounding, so this cap became
/// 1,000,000,000,000,000.00 unnoticed.
#[test]
fn regression_cap_rounding_up_to_10_15_passed_the_bound() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("share.cap", r#""999999999999999.995""#),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            r#"
            error: amount too large for exact arithmetic
             --> s.toml:7:7
              |
            7 | cap = "999999999999999.995"
              |       ^^^^^^^^^^^^^^^^^^^^^
              = field: share.cap
              = found: "999999999999999.995"
              = expected: a cap below 10^15 (1,000T) after rounding to cents, or "none"

            "#,
        )
        .run();
}

#[test]
fn cap_rounding_down_below_10_15_is_accepted() {
    let out = Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("share.cap", r#""999999999999999.994""#),
        )
        .args(&["run", "s.toml", "--format", "csv", "--no-charts"])
        .run();
    assert!(
        out.stdout.contains(",0.00,999999999999999.99,false,,"),
        "{}",
        out.stdout
    );
}

#[test]
fn set_cap_rounding_up_to_10_15_is_refused() {
    Test::new()
        .scenario("s.toml", Scenario::two_years())
        .args(&["run", "s.toml", "--set", "share.cap=999999999999999.995"])
        .status(2)
        .stderr_contains("error: amount too large for exact arithmetic\n")
        .at_argument("--set share.cap=999999999999999.995")
        .expected(r#"a cap below 10^15 (1,000T) after rounding to cents, or "none""#)
        .run();
}

// ---------------------------------------------------------------------------------------------
// 7. A projections file that cannot be used hides no problem behind follow-on errors
// ---------------------------------------------------------------------------------------------

/// Two years, "Chat" on azure in the TOML, `share.clouds = ["azure", "aws"]` where only the
/// CSV's stream "API" is on aws. `projections` is line 4, `clouds` line 8.
fn with_csv_cloud() -> Scenario {
    Scenario::two_years()
        .set("scenario.projections", r#""p.csv""#)
        .set("share.clouds", r#"["azure", "aws"]"#)
}

const GOOD_CSV: &str = "stream,cloud,from,to,amount\nAPI,aws,2026-01-01,2026-12-31,5M\n";

#[test]
fn csv_only_cloud_and_csv_stream_are_known_when_the_csv_is_fine() {
    // The control for the three tests below: the same scenario, a readable CSV.
    Test::new()
        .scenario("s.toml", with_csv_cloud())
        .file("p.csv", GOOD_CSV)
        .args(&["validate", "s.toml"])
        .stdout("ok: s.toml — \"s\", 2 streams, 8 quarter periods\n")
        .run()
        .then()
        .args(&[
            "run",
            "s.toml",
            "--set",
            "stream.API.qualifying=false",
            "--no-charts",
            "--format",
            "csv",
        ])
        // 3B of Chat plus 5M of API (rounded per quarter), of which only Chat qualifies.
        .stdout_contains(",3004999999.99,3000000000.00,")
        .run();
}

/// Regression (issue 9): a missing projections file also gave "cloud not used by any stream"
/// for a cloud only its streams use, and "no stream named" for `--set` on one of them.
#[test]
fn regression_missing_projections_file_gave_misleading_follow_on_errors() {
    let out = Test::new()
        .scenario("s.toml", with_csv_cloud())
        .args(&["validate", "s.toml"])
        .status(2)
        .stderr(
            r#"
            error: cannot read the projections file
             --> s.toml:4:15
              |
            4 | projections = "p.csv"
              |               ^^^^^^^
              = field: scenario.projections
              = found: p.csv (no such file)
              = expected: a readable UTF-8 text projections file

            error: 1 problem found
            "#,
        )
        .run();
    out.then()
        .args(&["run", "s.toml", "--set", "stream.API.qualifying=false"])
        .status(2)
        .stderr_contains("error: cannot read the projections file\n")
        .stderr_lacks("cloud not used")
        .stderr_lacks("no stream named")
        .run();
}

/// `validate` reports `expected` as the only problem of a CSV that cannot be used, and `run`
/// with `--set` of a CSV stream does the same (no "no stream named" follow-on error).
fn assert_only_csv_problem(csv: &str, expected: &str) {
    let out = Test::new()
        .scenario("s.toml", with_csv_cloud())
        .file("p.csv", csv)
        .args(&["validate", "s.toml"])
        .status(2)
        .stderr(&format!("{expected}error: 1 problem found\n"))
        .run();
    out.then()
        .args(&["run", "s.toml", "--set", "stream.API.qualifying=false"])
        .status(2)
        .stderr(expected)
        .run();
}

#[test]
fn unknown_csv_column_is_the_only_problem_reported() {
    assert_only_csv_problem(
        "stream,cloud,from,to,amount,region\nAPI,aws,2026-01-01,2026-12-31,5M,eu\n",
        r"
        error: unknown column
          --> p.csv: row 1, column region
           = found: `region`
           = expected: the columns stream, cloud, from, to, amount and optionally qualifying

        ",
    );
}

#[test]
fn bad_csv_header_is_the_only_problem_reported() {
    assert_only_csv_problem(
        "stream,cloud,from,amount\nAPI,aws,2026-01-01,5M\n",
        r"
        error: missing column
          --> p.csv: row 1
           = found: header stream,cloud,from,amount
           = expected: also the column(s) to

        ",
    );
}

// ---------------------------------------------------------------------------------------------
// 8. A workbook of a scenario before 1900
// ---------------------------------------------------------------------------------------------

/// Regression (issue 9): `--report xlsx` failed for dates before the spreadsheet epoch. Dates
/// before 1900-03-01 are ISO text; later ones real dates.
#[test]
fn regression_xlsx_failed_for_a_scenario_before_1900() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let out = Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years()
                .set("scenario.start", "1850-01-01")
                .set("scenario.end", "1901-12-31")
                .set("scenario.period", r#""year""#)
                .set("scenario.discount_rate", r#""5%""#)
                .set("stream[1].annual", r#"{ 1850 = "1M" }"#)
                .set("stream[1].growth", r#""1%""#),
        )
        .args(&["run", "s.toml", "--report", "xlsx", "--no-charts"])
        .run();
    assert!(out.stderr.contains("outputs in out/s\n"), "{}", out.stderr);
    let mut book: Xlsx<_> = open_workbook(out.path().join("out/s/report.xlsx")).unwrap();
    let periods = book.worksheet_range("Periods").unwrap();
    let text = |row: u32, col: u32| match periods.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("row {row} column {col}: {other:?}"),
    };
    assert_eq!(text(0, 1), "start");
    assert_eq!(text(1, 0), "1850");
    assert_eq!(text(1, 1), "1850-01-01");
    assert_eq!(text(1, 2), "1850-12-31");
    assert_eq!(text(2, 1), "1851-01-01");
    // 1900-01-01 is still before 1900-03-01 (Excel's fictitious 1900-02-29 lies between).
    assert_eq!(text(51, 0), "1900");
    assert_eq!(text(51, 1), "1900-01-01");
    assert_eq!(text(52, 0), "1901");
    match periods.get_value((52, 1)) {
        Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), 367.0), // 1901-01-01
        other => panic!("1901's start: {other:?}"),
    }
    // The ValuationDate input, found by its label (the inputs move with PaidBefore and the
    // --set overrides).
    let assumptions = book.worksheet_range("Assumptions").unwrap();
    let row = (0..assumptions.height() as u32)
        .find(|&r| assumptions.get_value((r, 0)) == Some(&Data::String("ValuationDate".into())))
        .unwrap();
    assert_eq!(
        assumptions.get_value((row, 1)),
        Some(&Data::String("1850-01-01".into()))
    );
}

// ---------------------------------------------------------------------------------------------
// 9. A growth table key that is not a year
// ---------------------------------------------------------------------------------------------

#[test]
fn growth_table_key_that_is_not_a_year_is_named() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years()
                .set("scenario.end", "2028-12-31")
                .set("stream[1].growth", r#"{ 2028 = "30%", later = "5%" }"#),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            r#"
            error: not a year
              --> s.toml:12:26
               |
            12 | growth = { 2028 = "30%", later = "5%" }
               |                          ^^^^^
               = field: stream[1] "Chat".growth.later
               = found: `later`
               = expected: a calendar year such as 2031 (a growth table maps years to rates)

            "#,
        )
        .run();
}

#[test]
fn growth_table_key_that_is_not_a_year_is_an_error_even_when_no_year_grows() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("stream[1].growth", r#"{ later = "5%" }"#),
        )
        .args(&["validate", "s.toml"])
        .status(2)
        .stderr_contains("error: not a year\n")
        .at_toml("s.toml:12:12", r#"growth = { later = "5%" }"#, "^^^^^")
        .field(r#"stream[1] "Chat".growth.later"#)
        .run();
}

// ---------------------------------------------------------------------------------------------
// 10. NUL bytes and bytes that are not UTF-8
// ---------------------------------------------------------------------------------------------

#[test]
fn nul_byte_in_scenario_names_line_and_column() {
    let text = Scenario::two_years()
        .text()
        .replace("\"Chat\"", "\"Ch\0at\"");
    Test::new()
        .file_bytes("s.toml", text.as_bytes())
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            "error: cannot read the scenario file\n \
             --> s.toml:9:11\n  \
             |\n\
             9 | name = \"Ch\u{fffd}at\"\n  \
             |           ^\n  \
             = found: binary content (a NUL byte)\n  \
             = expected: a readable UTF-8 text scenario file\n\n",
        )
        .run();
}

#[test]
fn nul_byte_in_projections_names_its_row() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("scenario.projections", r#""p.csv""#),
        )
        .file_bytes(
            "p.csv",
            b"stream,cloud,from,to,amount\nAPI,aws,2026-01-01,2026-12-31,5M\nWeb,a\0ws,2026-01-01,2026-12-31,5M\n",
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            r"
            error: cannot read the projections file
              --> p.csv: row 3
               = found: binary content (a NUL byte)
               = expected: a readable UTF-8 text projections file

            ",
        )
        .run();
}

#[test]
fn non_utf8_scenario_names_line_column_and_byte() {
    Test::new()
        .file_bytes("s.toml", b"[scenario]\nname = \"\xff\"\n")
        .args(&["run", "s.toml"])
        .status(2)
        .at_file("s.toml")
        .found("bytes that are not UTF-8 text (line 2, column 9, byte 19)")
        .run();
}

#[test]
fn non_utf8_projections_is_named_at_the_scenario_line_with_its_place() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("scenario.projections", r#""p.csv""#),
        )
        .file_bytes(
            "p.csv",
            b"stream,cloud,from,to,amount\nAPI,a\xffws,2026-01-01,2026-12-31,5M\n",
        )
        .args(&["run", "s.toml"])
        .status(2)
        .at_toml("s.toml:4:15", r#"projections = "p.csv""#, "^^^^^^^")
        .found("p.csv (bytes that are not UTF-8 text (line 2, column 6, byte 33))")
        .run();
}

// ---------------------------------------------------------------------------------------------
// 11. Long lines and floods of problems stay readable
// ---------------------------------------------------------------------------------------------

/// `[share]` followed by a comment of `#` and 8,000 U+0001, each of which TOML refuses, then
/// `rate = "20%" x` (one more syntax error): 8,001 problems, the long line on line 6.
fn control_character_scenario() -> Vec<u8> {
    let comment = format!("#{}\n", "\u{1}".repeat(8_000));
    Scenario::two_years()
        .text()
        .replacen("[share]\n", &format!("[share]\n{comment}"), 1)
        .replacen("rate = \"20%\"", "rate = \"20%\" x", 1)
        .into_bytes()
}

/// Regression (issue 9): each of thousands of errors printed its whole line, megabytes of
/// control characters sent to the terminal. Now a line of control characters is one problem,
/// found before the TOML parser sees the file, its line shown as a window with U+FFFD.
#[test]
fn regression_a_line_of_8000_control_characters_flooded_stderr() {
    let out = Test::new()
        .file_bytes("s.toml", &control_character_scenario())
        .args(&["validate", "s.toml"])
        .status(2)
        .stderr(&format!(
            "error: control character in the scenario file\n \
             --> s.toml:6:2\n  \
             |\n\
             6 | #{}…\n  \
             |  ^\n  \
             = found: U+0001\n  \
             = expected: text without control characters (TOML allows tab and line ends only)\n\n\
             error: 1 problem found\n",
            "\u{fffd}".repeat(119)
        ))
        .run();
    assert!(out.stderr.len() < 2_000, "{} bytes", out.stderr.len());
}

/// An error in the middle of a 8,000-character line shows about 120 characters around it,
/// with `…` on both sides and the caret under the error.
#[test]
fn error_in_the_middle_of_a_long_line_shows_a_window_around_it() {
    let long = format!(
        "description = \"{}\" oops {}",
        "y".repeat(4_000),
        "z".repeat(4_000)
    );
    let text =
        Scenario::two_years()
            .text()
            .replacen("[scenario]\n", &format!("[scenario]\n{long}\n"), 1);
    let out = Test::new()
        .file("s.toml", &text)
        .args(&["validate", "s.toml"])
        .status(2)
        // `description = "` is 15 characters, the y's 4,000, then `"` and a space: `oops`
        // starts at column 15 + 4,000 + 2 + 1 = 4,018. The 60 characters before it are shown
        // after the `…`, so the caret sits at column 62 of the shown text.
        .stderr_contains(&format!(
            " --> s.toml:2:4018\n  |\n2 | …{}\" oops {}…\n  | {}^\n",
            "y".repeat(58),
            "z".repeat(55),
            " ".repeat(61)
        ))
        .run();
    assert_source_lines_are_windows(&out.stderr);
}

/// A valid-looking scenario of about 200 KB with `\r` line ends only: one line of 3,011 lone
/// carriage returns, each a TOML error.
fn cr_only_scenario() -> Vec<u8> {
    let padding = "# padding comment line to make the file larger than it needs to be\n";
    let text = padding.repeat(3_000) + &Scenario::two_years().text();
    text.replace('\n', "\r").into_bytes()
}

/// Regression (issue 9): an error on the file's last `\r` panicked in `clamp`. Now: windows of
/// the one long line, and only the first 20 of its 3,011 problems.
#[test]
fn regression_cr_only_file_panicked_in_clamp() {
    let text = cr_only_scenario();
    assert!(text.len() > 200_000 && !text.contains(&b'\n'));
    let out = Test::new()
        .file_bytes("s.toml", &text)
        .args(&["run", "s.toml"])
        .status(2)
        .stderr_contains(&format!(
            " --> s.toml:1:68\n  |\n1 | …ng comment line to make the file larger than it needs to be\u{fffd}# padding comment line to make the file larger than it needs…\n  | {}^\n",
            " ".repeat(61)
        ))
        .found("carriage return must be followed by newline, expected newline")
        .stderr_contains(
            "\n… and 2991 more (`revshare validate s.toml` lists them all)\nerror: 3011 problems found\n",
        )
        .run();
    assert!(out.stderr.len() < 20_000, "{} bytes", out.stderr.len());
    assert_source_lines_are_windows(&out.stderr);
}

// ---------------------------------------------------------------------------------------------
// 12. Printable garbage: 20 problems, then how many more
// ---------------------------------------------------------------------------------------------

/// About 200 KB of printable ASCII with line breaks, from a fixed-seed LCG (Knuth's MMIX
/// constants), so every run sees the same garbage.
fn garbage() -> Vec<u8> {
    let mut x: u64 = 12_345;
    (0..200_000)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let c = ((x >> 33) % 96) as u8;
            if c == 95 { b'\n' } else { b' ' + c }
        })
        .collect()
}

#[test]
fn garbage_run_shows_20_problems_then_and_n_more_and_validate_lists_all() {
    let listed = Test::new()
        .file_bytes("g.toml", &garbage())
        .args(&["validate", "g.toml"])
        .status(2)
        .stderr_contains("error: ")
        .run();
    let n = problems_found(&listed.stderr);
    assert!(n > 1_000, "{n} problems");
    assert_eq!(headlines(&listed.stderr), n);
    assert_source_lines_are_windows(&listed.stderr);
    let all = listed.stderr.clone();

    let out = listed
        .then()
        .args(&["run", "g.toml"])
        .status(2)
        .stderr_contains(&format!(
            "\n… and {} more (`revshare validate g.toml` lists them all)\nerror: {n} problems found\n",
            n - 20
        ))
        .run();
    assert_eq!(headlines(&out.stderr), 20);
    assert!(out.stderr.len() < 20_000, "{} bytes", out.stderr.len());
    // The 20 shown are the first 20 that validate lists.
    let first_20 =
        |s: &str| -> Vec<String> { s.split("\n\n").take(20).map(str::to_owned).collect() };
    assert_eq!(first_20(&out.stderr), first_20(&all));
}

// ---------------------------------------------------------------------------------------------
// 13. Empty and directory projections paths
// ---------------------------------------------------------------------------------------------

#[test]
fn empty_projections_path_is_named_at_the_scenario_line() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("scenario.projections", r#""""#),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            r#"
            error: empty projections path
             --> s.toml:4:15
              |
            4 | projections = ""
              |               ^^
              = field: scenario.projections
              = found: ""
              = expected: the path of a CSV file, relative to the scenario file

            "#,
        )
        .run();
}

#[test]
fn directory_as_projections_path_is_named_at_the_scenario_line() {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("scenario.projections", r#"".""#),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr_contains("error: cannot read the projections file\n")
        .at_toml("s.toml:4:15", r#"projections = ".""#, "^^^")
        .field("scenario.projections")
        .found(". (a directory)")
        .run();
}

#[test]
fn directory_as_projections_path_names_the_resolved_path() {
    Test::new()
        .scenario(
            "sub/s.toml",
            Scenario::two_years().set("scenario.projections", r#"".""#),
        )
        .args(&["run", "sub/s.toml"])
        .status(2)
        .at_toml("sub/s.toml:4:15", r#"projections = ".""#, "^^^")
        .found("sub/. (a directory)")
        .run();
}

// ---------------------------------------------------------------------------------------------
// 14. Unterminated quotes in the projections CSV
// ---------------------------------------------------------------------------------------------

fn csv_test(csv: &str) -> Test {
    Test::new()
        .scenario(
            "s.toml",
            Scenario::two_years().set("scenario.projections", r#""p.csv""#),
        )
        .file_bytes("p.csv", csv.as_bytes())
}

/// Regression (issue 9): a quote left open in the last cell silently swallowed the rest of the
/// file into one cell.
#[test]
fn regression_unterminated_quote_in_the_last_cell_was_silently_accepted() {
    csv_test(concat!(
        "stream,cloud,from,to,amount\n",
        "API,aws,2026-01-01,2026-12-31,5M\n",
        "Web,aws,2027-01-01,2027-12-31,\"5M\n",
    ))
    .args(&["run", "s.toml"])
    .status(2)
    .stderr(
        r#"
        error: unterminated quote
          --> p.csv: row 3
           = found: a quote that is never closed
           = expected: every opening `"` closed on the same row

        "#,
    )
    .run();
}

#[test]
fn quote_open_mid_file_names_the_rows_it_runs_over() {
    csv_test(concat!(
        "stream,cloud,from,to,amount\n",
        "API,aws,2026-01-01,2026-12-31,\"5M\n",
        "Web,aws,2027-01-01,2027-12-31,5M\n",
        "Bot,aws,2027-01-01,2027-12-31,5M\"\n",
        "App,aws,2027-01-01,2027-12-31,5M\n",
    ))
    .args(&["run", "s.toml"])
    .status(2)
    .at_csv("p.csv", "row 2")
    .found("a quoted cell that runs from row 2 to row 4")
    .expected("every opening `\"` closed on the same row")
    .run();
}

#[test]
fn quote_open_mid_file_and_never_closed_runs_to_the_last_row() {
    csv_test(concat!(
        "stream,cloud,from,to,amount\n",
        "API,aws,2026-01-01,2026-12-31,\"5M\n",
        "Web,aws,2027-01-01,2027-12-31,5M\n",
    ))
    .args(&["validate", "s.toml"])
    .status(2)
    .at_csv("p.csv", "row 2")
    .found("a quoted cell that runs from row 2 to row 3")
    .stderr_contains("error: 1 problem found\n")
    .run();
}

// ---------------------------------------------------------------------------------------------
// 15. A sweep case whose present value is too large
// ---------------------------------------------------------------------------------------------

fn base_toml() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/base.toml"))
        .unwrap()
}

/// Regression (issue 9): a present value of 10^15 in one case was reported without naming
/// the case (SPEC §6.28).
#[test]
fn regression_too_large_present_value_in_a_sweep_did_not_name_the_case() {
    Test::new()
        .file_bytes("base.toml", base_toml().as_bytes())
        .args(&[
            "sweep",
            "base.toml",
            "--vary",
            "scenario.discount_rate=0%,5%,-99.9999999%",
        ])
        .status(2)
        .stderr(
            r"
            error: sweep case 3 (scenario.discount_rate=-0.999999999): amount too large for exact arithmetic
              --> base.toml
               = found: present value in 2026-Q4 reaches 10^15 or more
               = expected: amounts that keep every computed total below 10^15 (1,000T)

            ",
        )
        .run();
}

// ---------------------------------------------------------------------------------------------
// 16. Warnings on sweep, compare and solve, each once
// ---------------------------------------------------------------------------------------------

/// 2026–2032 in years, one stream of 1B in 2026 growing 10%; `end` is line 3.
fn to_2032() -> Scenario {
    Scenario::two_years()
        .set("scenario.end", "2032-12-31")
        .set("scenario.period", r#""year""#)
        .set("stream[1].annual", r#"{ 2026 = "1B" }"#)
        .set("stream[1].growth", r#""10%""#)
}

const HORIZON_WARNING: &str =
    "the horizon ends before the sunset: share on revenue after it is not counted\n";

fn horizon_warning_block(file: &str) -> String {
    format!(
        " --> {file}:3:7\n  |\n3 | end = 2032-12-31\n  |       ^^^^^^^^^^\n  \
         = field: scenario.end\n  = found: end 2032-12-31, sunset 2033-12-31\n  \
         = expected: end on or after 2033-12-31 to count every payment\n"
    )
}

/// Regression (issue 9): `sweep` printed no scenario warnings at all.
#[test]
fn regression_sweep_hid_a_warning_of_one_case() {
    let out = Test::new()
        .scenario("s.toml", to_2032())
        .args(&[
            "sweep",
            "s.toml",
            "--vary",
            "share.sunset=2031-12-31,2033-12-31",
            "--cap",
            "10B",
        ])
        .stderr_contains(&format!(
            "warning: in 1 of 2 cases (first: sweep case 2 (share.sunset=2033-12-31, share.cap=10000000000.00)): {HORIZON_WARNING}"
        ))
        .stderr_contains(&horizon_warning_block("s.toml"))
        .stderr_contains("outputs in out/s-sweep (2 cases in sweep.csv, ")
        .run();
    assert_eq!(out.stderr.matches("warning:").count(), 1, "{}", out.stderr);
}

#[test]
fn cap_sweep_of_a_scenario_with_a_late_sunset_warns_once_without_a_case() {
    let out = Test::new()
        .scenario("s.toml", to_2032().set("share.sunset", "2033-12-31"))
        .args(&["sweep", "s.toml", "--cap", "10B,20B"])
        .stderr_contains(&format!("warning: {HORIZON_WARNING}"))
        .stderr_contains(&horizon_warning_block("s.toml"))
        .stderr_contains("outputs in out/s-sweep (2 cases in sweep.csv, ")
        .run();
    assert_eq!(out.stderr.matches("warning:").count(), 1, "{}", out.stderr);
    assert!(!out.stderr.contains("sweep case"), "{}", out.stderr);
}

#[test]
fn grid_sweep_where_every_case_warns_shows_the_warning_once_without_a_case() {
    let out = Test::new()
        .scenario("s.toml", to_2032().set("share.sunset", "2033-12-31"))
        .args(&["sweep", "s.toml", "--vary", "share.rate=10%,20%,30%"])
        .stderr_contains(&format!("warning: {HORIZON_WARNING}"))
        .run();
    assert_eq!(out.stderr.matches("warning:").count(), 1, "{}", out.stderr);
    assert!(!out.stderr.contains("sweep case"), "{}", out.stderr);
}

/// Regression (issue 9): `compare` printed no scenario warnings.
#[test]
fn regression_compare_hid_warnings_and_now_shows_one_per_distinct_warning() {
    let out = Test::new()
        .scenario("a.toml", to_2032().set("share.sunset", "2033-12-31"))
        .args(&["compare", "a.toml", "a.toml", "--no-charts"])
        .stderr_contains(&format!("warning: {HORIZON_WARNING}"))
        .stderr_contains(&horizon_warning_block("a.toml"))
        .run();
    assert_eq!(out.stderr.matches("warning:").count(), 1, "{}", out.stderr);
}

/// Regression (issue 9): `solve` printed no scenario warnings.
#[test]
fn regression_solve_hid_warnings() {
    let out = Test::new()
        .scenario("s.toml", to_2032().set("share.sunset", "2033-12-31"))
        .args(&["solve", "s.toml", "--cap-binds-by", "2030-12-31"])
        .stderr_contains(&format!("warning: {HORIZON_WARNING}"))
        .stderr_contains(&horizon_warning_block("s.toml"))
        .stdout_contains("s: the largest cap reached on or before 2030-12-31 is ")
        .run();
    assert_eq!(out.stderr.matches("warning:").count(), 1, "{}", out.stderr);
}

// ---------------------------------------------------------------------------------------------
// 17. Large valid inputs
// ---------------------------------------------------------------------------------------------

/// 2,000 `[[stream]]`s named S0…S1999 on 50 clouds, and a CSV of 20,000 rows, one stream each
/// (C0…C19999 on aws). `[[stream]]` number k (from 1) starts on line 9 + 5 (k − 1).
fn large_scenario() -> (String, String) {
    let mut toml = String::from(
        "[scenario]\nstart = 2026-01-01\nend = 2027-12-31\nprojections = \"p.csv\"\n\n[share]\nrate = \"20%\"\n",
    );
    for i in 0..2_000 {
        toml.push_str(&format!(
            "\n[[stream]]\nname = \"S{i}\"\ncloud = \"c{}\"\nannual = {{ 2026 = \"1M\", 2027 = \"2M\" }}\n",
            i % 50
        ));
    }
    let mut csv = String::from("stream,cloud,from,to,amount\n");
    for i in 0..20_000 {
        csv.push_str(&format!("C{i},aws,2026-01-01,2026-12-31,{i}\n"));
    }
    (toml, csv)
}

#[test]
fn two_thousand_streams_and_twenty_thousand_csv_rows_validate() {
    let (toml, csv) = large_scenario();
    Test::new()
        .file_bytes("s.toml", toml.as_bytes())
        .file_bytes("p.csv", csv.as_bytes())
        .args(&["validate", "s.toml"])
        .stdout("ok: s.toml — \"s\", 22000 streams, 8 quarter periods\n")
        .run();
}

/// Duplicates found with hash maps must still name both entries: stream 1501 (S1500) renamed
/// to S7, the name of stream 8 (its name on line 9 + 5 × 1500 + 1), and the CSV's last stream
/// renamed to S1999, the last `[[stream]]`. Problems are listed by file name: p.csv first.
#[test]
fn duplicates_among_thousands_of_streams_name_both_entries() {
    let (toml, csv) = large_scenario();
    let toml = toml.replace("name = \"S1500\"\n", "name = \"S7\"\n");
    let csv = csv.replace("\nC19999,aws,", "\nS1999,aws,");
    Test::new()
        .file_bytes("s.toml", toml.as_bytes())
        .file_bytes("p.csv", csv.as_bytes())
        .args(&["validate", "s.toml"])
        .status(2)
        .stderr(
            r#"
            error: stream is defined twice
              --> p.csv: row 20001, column stream
               = found: "S1999", already a [[stream]] (stream[2000] "S1999")
               = expected: a stream defined either in the scenario file or in the projections file, not both

            error: duplicate stream name
                --> s.toml:7510:8
                 |
            7510 | name = "S7"
                 |        ^^^^
                 = field: stream[1501] "S7".name
                 = found: "S7"
                 = expected: a name not already used by stream[8] "S7"

            error: 2 problems found
            "#,
        )
        .run();
}

/// Regression (issue 10): a discount factor beyond the largest f64 was written as `inf` in
/// periods.csv when nothing was paid. 101^(days / 365) with the valuation date 2,800 years after
/// the cash dates overflows; it is refused, naming the first period, even with a cap of 0.
#[test]
fn regression_an_infinite_discount_factor_was_written_as_inf() {
    Test::new()
        .scenario("s.toml", Scenario::two_years())
        .args(&[
            "run",
            "s.toml",
            "--set",
            "scenario.discount_rate=10000%",
            "--set",
            "scenario.valuation_date=4900-01-01",
            "--set",
            "share.cap=0",
        ])
        .status(2)
        .stderr_contains("error: amount too large for exact arithmetic\n")
        .found(
            "the discount factor of 2026-Q1 is infinite: (1 + discount_rate)^(−days / 365) overflows",
        )
        .expected("a discount rate and valuation date whose discount factors stay finite")
        .run();
}

// ---------------------------------------------------------------------------------------------
// 17. Review of issue 10: exact cells and present values at the edges
// ---------------------------------------------------------------------------------------------

/// Regression (issue 10 review): a present value far above 10^15 panicked (exit 101) when it
/// was made into `Money` before the limit check. 366 a year at 100% pays 31.00 for January
/// 2024; valued 93 years earlier at −50%, the factor is 0.5^(−33,968/365) ≈ 2^93 ≈ 10^28, so
/// the pv is about 3 × 10^31 cents: far beyond 10^15, and beyond what a `Decimal` holds.
#[test]
fn regression_a_present_value_beyond_decimal_range_panicked() {
    Test::new()
        .file(
            "pv.toml",
            "[scenario]\nstart = 2024-01-01\nend = 2024-01-31\nperiod = \"month\"\n\
             discount_rate = \"-50%\"\nvaluation_date = 1931-01-31\n[share]\nrate = \"100%\"\n\
             [[stream]]\nname = \"s\"\ncloud = \"a\"\nannual = { 2024 = \"366\" }\n",
        )
        .args(&["run", "pv.toml", "--no-charts"])
        .status(2)
        .stderr_contains("= found: present value in 2024-01 reaches 10^15 or more")
        .run();
}

/// Regression (issue 10 review): a revenue cell whose exact fraction has a denominator above
/// 2^126 overflowed while rounding (a panic in debug builds, 0.00 instead of 0.01 in release).
/// The year-100 cell (not a leap year): 0.18 × 181/4,001 days + 0.1000…0001 × 184/3,600,001
/// days = 0.0081430… + 0.0000051… = 0.0081481 → 0.01.
#[test]
fn regression_a_cell_with_a_huge_exact_denominator_lost_its_cent() {
    let out = Test::new()
        .file(
            "w.toml",
            "[scenario]\nstart = 0100-01-01\nend = 0100-12-31\nperiod = \"year\"\n\
             projections = \"p.csv\"\n[share]\nrate = \"100%\"\n",
        )
        .file(
            "p.csv",
            "stream,cloud,from,to,amount\nx,aws,0089-07-17,0100-06-30,0.18\n\
             x,aws,0100-07-01,9956-12-18,0.1000000000000000000000000001\n",
        )
        .args(&["run", "w.toml", "--no-charts", "--out", "out"])
        .run();
    let summary = out.read_text("out/summary.csv");
    let row = summary.lines().nth(1).unwrap();
    let cells: Vec<&str> = row.split(',').collect();
    // revenue, qualifying_revenue, accrued, paid
    assert_eq!(&cells[5..9], ["0.01", "0.01", "0.01", "0.01"], "{row}");
}

/// A cell that cannot be formed exactly in 128 bits says so, instead of claiming 10^15.
#[test]
fn a_cell_too_precise_for_128_bits_says_why() {
    Test::new()
        .file(
            "w.toml",
            "[scenario]\nstart = 2026-01-01\nend = 2026-12-31\nperiod = \"year\"\n\
             projections = \"p.csv\"\n[share]\nrate = \"100%\"\n",
        )
        .file(
            "p.csv",
            "stream,cloud,from,to,amount\n\
             x,aws,1478-11-30,2026-06-30,0.1000000000000000000000000001\n\
             x,aws,2026-07-01,2300-04-18,0.1000000000000000000000000001\n",
        )
        .args(&["run", "w.toml", "--no-charts"])
        .status(2)
        .stderr_contains(
            "= found: revenue of stream \"x\" in 2026 cannot be formed exactly: its amounts have too many decimals",
        )
        .run();
}
