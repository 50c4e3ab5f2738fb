//! SPEC §6.31: warnings go to stderr, do not change the exit status, and are listed by
//! `validate` too. The shipped scenarios must not trigger any.

use crate::support::Test;
use std::path::{Path, PathBuf};

/// Runs the scenario with `run` and with `validate`: both exit 0 and show `warning`.
fn warns(scenario: &str, headline: &str, place: (&str, &str, &str), found: &str) -> String {
    let (at, line, caret) = place;
    let out = Test::new()
        .file("s.toml", scenario)
        .args(&["run", "s.toml", "--no-charts"])
        .stderr_contains(&format!("warning: {headline}\n"))
        .at_toml(at, line, caret)
        .found(found)
        .stderr_lacks("error")
        .run();
    let run_stderr = out.stderr.clone();
    out.then()
        .args(&["validate", "s.toml"])
        .stdout_contains("ok: s.toml")
        .stdout_contains("1 warning")
        .stderr_contains(&format!("warning: {headline}\n"))
        .at_toml(at, line, caret)
        .stderr_lacks("error")
        .run();
    run_stderr
}

#[test]
fn warns_when_horizon_ends_before_sunset() {
    warns(
        r#"
        [scenario]
        start = 2026-01-01
        end = 2027-12-31

        [share]
        rate = "20%"
        sunset = 2030-12-31

        [[stream]]
        name = "Chat"
        cloud = "azure"
        annual = { 2026 = "1B", 2027 = "2B" }
        "#,
        "the horizon ends before the sunset: share on revenue after it is not counted",
        ("s.toml:3:7", "end = 2027-12-31", "^^^^^^^^^^"),
        "end 2027-12-31, sunset 2030-12-31",
    );
}

#[test]
fn warns_when_horizon_starts_after_effective() {
    warns(
        r#"
        [scenario]
        start = 2026-06-01
        end = 2026-12-31

        [share]
        rate = "20%"
        effective = 2026-04-27

        [[stream]]
        name = "Chat"
        cloud = "azure"
        annual = { 2026 = "1B" }
        "#,
        "the horizon starts after the effective date: earlier share is not counted",
        ("s.toml:2:9", "start = 2026-06-01", "^^^^^^^^^^"),
        "start 2026-06-01, effective 2026-04-27",
    );
}

#[test]
fn warns_about_bare_growth_above_one() {
    let stderr = warns(
        r#"
        [scenario]
        start = 2026-01-01
        end = 2028-12-31

        [share]
        rate = "20%"

        [[stream]]
        name = "Chat"
        cloud = "azure"
        annual = { 2026 = "1B" }
        growth = 25
        "#,
        "growth written as a bare number above 1",
        ("s.toml:12:10", "growth = 25", "^^"),
        "25 (= 2500% a year)",
    );
    // Once per written rate, not once per grown year.
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    assert!(stderr.contains(r#"= expected: a percentage such as "25%" if that was meant"#));
}

#[test]
fn warns_about_bare_discount_rate_above_one() {
    let stderr = warns(
        r#"
        [scenario]
        start = 2026-01-01
        end = 2026-12-31
        discount_rate = 8

        [share]
        rate = "20%"

        [[stream]]
        name = "Chat"
        cloud = "azure"
        annual = { 2026 = "1B" }
        "#,
        "rate written as a bare number above 1",
        ("s.toml:4:17", "discount_rate = 8", "^"),
        "8 (= 800%)",
    );
    assert!(stderr.contains("= field: scenario.discount_rate\n"));
    assert!(stderr.contains(r#"= expected: a percentage such as "8%" if that was meant"#));
}

#[test]
fn warns_about_float_literal_with_more_than_15_significant_digits() {
    warns(
        r#"
        [scenario]
        start = 2026-01-01
        end = 2026-12-31

        [share]
        rate = 0.2000000000000000001

        [[stream]]
        name = "Chat"
        cloud = "azure"
        annual = { 2026 = "1B" }
        "#,
        "float literal with more than 15 significant digits is read as the nearest binary float",
        (
            "s.toml:6:8",
            "rate = 0.2000000000000000001",
            "^^^^^^^^^^^^^^^^^^^^^",
        ),
        "0.2000000000000000001",
    );
}

#[test]
fn fifteen_significant_digits_do_not_warn() {
    Test::new()
        .file(
            "s.toml",
            r#"
            [scenario]
            start = 2026-01-01
            end = 2026-12-31

            [share]
            rate = 0.2

            [[stream]]
            name = "Chat"
            cloud = "azure"
            annual = { 2026 = 1234567890.12345 }
            "#,
        )
        .args(&["validate", "s.toml"])
        .stdout_contains("ok: s.toml")
        .run();
}

#[test]
fn long_float_warning_names_the_stream() {
    // Every other diagnostic says `stream[1] "Chat".annual.2026`; this one says
    // `stream[1].annual.2026`.
    Test::new()
        .file(
            "s.toml",
            r#"
            [scenario]
            start = 2026-01-01
            end = 2026-12-31

            [share]
            rate = "20%"

            [[stream]]
            name = "Chat"
            cloud = "azure"
            annual = { 2026 = 1234567.1234567891234 }
            "#,
        )
        .args(&["validate", "s.toml"])
        .stdout_contains("ok: s.toml")
        .stderr_contains("warning: float literal with more than 15 significant digits")
        .field(r#"stream[1] "Chat".annual.2026"#)
        .run();
}

#[test]
fn warns_about_listed_cloud_that_earns_nothing() {
    warns(
        r#"
        [scenario]
        start = 2026-01-01
        end = 2026-12-31

        [share]
        rate = "20%"
        clouds = ["azure", "oracle"]

        [[stream]]
        name = "Chat"
        cloud = "azure"
        annual = { 2026 = "1B" }

        [[stream]]
        name = "Stargate"
        cloud = "oracle"
        annual = { 2027 = "5B" }
        "#,
        "listed cloud earns nothing in the horizon",
        ("s.toml:7:20", r#"clouds = ["azure", "oracle"]"#, "^^^^^^^^"),
        r#""oracle": every stream on it has zero revenue"#,
    );
}

#[test]
fn warns_about_listed_csv_cloud_outside_the_horizon() {
    // SPEC §6.7: a CSV stream with no days in the horizon still exists and its cloud is used.
    Test::new()
        .file(
            "s.toml",
            r#"
            [scenario]
            start = 2026-01-01
            end = 2026-12-31
            projections = "p.csv"

            [share]
            rate = "20%"
            clouds = ["azure", "aws"]
            "#,
        )
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            Chat,azure,2026-01-01,2026-12-31,1B
            API,aws,2028-01-01,2028-12-31,1B
            ",
        )
        .args(&["run", "s.toml"])
        .stderr_contains("warning: listed cloud earns nothing in the horizon")
        .found(r#""aws": every stream on it has zero revenue"#)
        .run();
}

#[test]
fn validate_json_lists_warnings_and_stays_valid() {
    let out = Test::new()
        .file(
            "s.toml",
            r#"
            [scenario]
            start = 2026-01-01
            end = 2026-12-31
            discount_rate = 8

            [share]
            rate = "20%"

            [[stream]]
            name = "Chat"
            cloud = "azure"
            annual = { 2026 = "1B" }
            "#,
        )
        .args(&["validate", "--format", "json", "s.toml"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["valid"], true);
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{report}");
    assert_eq!(problems[0]["severity"], "warning");
    assert_eq!(problems[0]["file"], "s.toml");
    assert_eq!(
        (&problems[0]["line"], &problems[0]["column"]),
        (&4.into(), &17.into())
    );
    assert_eq!(problems[0]["field"], "scenario.discount_rate");
}

#[test]
fn a_clean_scenario_has_no_warnings() {
    Test::new()
        .file("s.toml", crate::support::VALID)
        .args(&["validate", "s.toml"])
        .stdout(r#"ok: s.toml — "Valid", 2 streams, 8 quarter periods"#)
        .run();
}

/// Every `*.toml` directly inside `dir`, sorted.
fn tomls(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn shipped(dir: &str) -> Vec<PathBuf> {
    tomls(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir))
}

#[test]
fn shipped_scenarios_validate_without_warnings() {
    // Every example a user is pointed at must be clean: no errors, no warnings on stderr.
    if !Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .is_dir()
    {
        return; // nothing shipped yet
    }
    let scenarios = shipped("scenarios");
    assert!(!scenarios.is_empty(), "scenarios/ holds no *.toml");
    for path in scenarios.iter().chain(&shipped("scenarios/bench")) {
        let path = path.to_str().unwrap();
        Test::new()
            .args(&["validate", path])
            .stdout_contains("ok: ")
            .run();
    }
}

#[test]
fn shipped_scenarios_run_without_warnings() {
    for path in shipped("scenarios") {
        let path = path.to_str().unwrap();
        let out = Test::new()
            .args(&["run", path, "--out", "o", "--no-charts", "--format", "json"])
            .run();
        let summary: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert!(summary["paid"].is_string(), "{path}: {summary}");
    }
}

const CAP_50: &str = r#"
        [scenario]
        start = 2026-01-01
        end = 2027-12-31

        [share]
        rate = "20%"
        cap = 50

        [[stream]]
        name = "Chat"
        cloud = "azure"
        annual = { 2026 = "1B", 2027 = "2B" }
        "#;

#[test]
fn warns_about_a_cap_that_looks_like_a_unit_mistake() {
    // Revenue 1B + 2B = 3B; a cap below 3B / 1,000 = 3M is almost surely "50B" written as 50.
    let stderr = warns(
        CAP_50,
        "cap is below 1/1,000 of the scenario's total revenue",
        ("s.toml:7:7", "cap = 50", "^^"),
        "cap = 50 is 50.00 USD; the streams' revenue totals 3,000,000,000.00 USD",
    );
    assert!(stderr.contains("expected: \"50B\" or \"50M\""), "{stderr}");
}

#[test]
fn a_cap_of_zero_or_at_a_thousandth_of_revenue_does_not_warn() {
    // 3B / 1,000 = 3,000,000 exactly: not below the line.
    for cap in ["0", "3000000", "\"38B\"", "\"none\""] {
        Test::new()
            .file(
                "s.toml",
                &CAP_50.replace("cap = 50", &format!("cap = {cap}")),
            )
            .args(&["run", "s.toml", "--no-charts"])
            .stderr_lacks("warning")
            .run();
    }
}

#[test]
fn a_sweep_counts_the_cases_whose_cap_looks_like_a_unit_mistake() {
    // Caps 5 and 500 of five, at two rates: 4 of 10 cases. With the cap first, case 3 is the
    // first (cases 1-2 have cap 0); with the rate first, case 2 (rate 10%, cap 5). Each
    // combination of the other keys is built once, so the count must come from each case's
    // own cap, not from the combination's first cap (0, which never warns).
    for (args, first) in [
        (
            ["--cap", "0,5,500,50B,none", "--vary", "share.rate=10%,20%"],
            "sweep case 3",
        ),
        (
            ["--vary", "share.rate=10%,20%", "--cap", "0,5,500,50B,none"],
            "sweep case 2",
        ),
    ] {
        let mut all = vec!["sweep", "s.toml", "--out", "out", "--no-charts", "--quiet"];
        all.extend(args);
        Test::new()
            .file("s.toml", CAP_50)
            .args(&all)
            .stderr_contains(&format!("warning: in 4 of 10 cases (first: {first} ("))
            .stderr_contains("cap is below 1/1,000 of the scenario's total revenue")
            .run();
    }
    // A cap set once for the whole sweep warns as a plain warning, once.
    let out = Test::new()
        .file("s.toml", CAP_50)
        .args(&[
            "sweep",
            "s.toml",
            "--out",
            "out",
            "--no-charts",
            "--quiet",
            "--vary",
            "share.rate=10%,20%",
        ])
        .stderr_contains("warning: cap is below 1/1,000")
        .run();
    assert_eq!(out.stderr.matches("warning:").count(), 1, "{}", out.stderr);
}
