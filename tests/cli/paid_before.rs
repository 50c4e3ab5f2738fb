//! SPEC §7.2 `share.paid_before`: what was paid toward the cap before the scenario, from the
//! file and from `--set`/`--vary`, in every output that shows the cap.

use crate::support::Test;

/// 4B in 2026 and 6B in 2027, rate 20%, a 1B cap of which 300M was paid before.
const SCENARIO: &str = r#"
[scenario]
start = 2026-01-01
end = 2027-12-31

[share]
rate = "20%"
cap = "1B"
paid_before = "300M"

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 2026 = "4B", 2027 = "6B" }
"#;

fn summary(out: &crate::support::Output, dir: &str) -> Vec<(String, String)> {
    let csv = out.read_text(&format!("{dir}/summary.csv"));
    let mut lines = csv.lines();
    let header = lines.next().unwrap().split(',').map(str::to_owned);
    header
        .zip(lines.next().unwrap().split(',').map(str::to_owned))
        .collect()
}

fn cell(summary: &[(String, String)], column: &str) -> String {
    summary.iter().find(|(c, _)| c == column).unwrap().1.clone()
}

#[test]
fn paid_before_lowers_what_the_cap_leaves() {
    // Accrual is 20% × 4B / 365 a day in 2026: Q1 (90 days) 197,260,273.97, Q2 (91 days)
    // 199,452,054.79, Q3 (92 days) 201,643,835.62: 598,356,164.38 by September 30. The cap
    // leaves 1B − 300M = 700M: 101,643,835.62 more in Q4, at 2,191,780.82 a day (Q4 accrues
    // 201,643,835.62 over 92 days): ceil(101,643,835.62 × 92 / 201,643,835.62) = 47 days,
    // so the cap is reached on 2026-10-01 + 46 = 2026-11-16.
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--out", "out", "--no-charts"])
        .stdout_contains("paid before                    300,000,000.00")
        .run();
    let s = summary(&out, "out");
    assert_eq!(cell(&s, "paid"), "700000000.00");
    assert_eq!(cell(&s, "cap_hit_date"), "2026-11-16");
    assert_eq!(cell(&s, "paid_before"), "300000000.00");
    // binding_threshold = accrued + paid_before.
    let accrued: rust_decimal::Decimal = cell(&s, "accrued").parse().unwrap();
    let threshold: rust_decimal::Decimal = cell(&s, "binding_threshold").parse().unwrap();
    assert_eq!(
        threshold - accrued,
        rust_decimal::Decimal::new(300_000_000, 0)
    );

    // --set gives the same case as the file.
    let without = SCENARIO.replace("paid_before = \"300M\"\n", "");
    let out = Test::new()
        .file("s.toml", &without)
        .args(&[
            "run",
            "s.toml",
            "--out",
            "out",
            "--no-charts",
            "--set",
            "share.paid_before=300M",
        ])
        .run();
    assert_eq!(summary(&out, "out"), s);
}

#[test]
fn paid_before_above_the_cap_is_refused_naming_both() {
    Test::new()
        .file("s.toml", &SCENARIO.replace("\"300M\"", "\"1.5B\""))
        .args(&["run", "s.toml", "--out", "out"])
        .status(2)
        .stderr_contains("error: `paid_before` is above the cap")
        .at_toml("s.toml:8:15", "paid_before = \"1.5B\"", "^^^^^^")
        .found("paid_before 1500000000.00, cap 1000000000.00")
        .run();
}

#[test]
fn paid_before_without_a_cap_warns_and_changes_nothing() {
    let out = Test::new()
        .file(
            "s.toml",
            &SCENARIO.replace("cap = \"1B\"", "cap = \"none\""),
        )
        .args(&["run", "s.toml", "--out", "out", "--no-charts"])
        .stderr_contains("warning: `paid_before` without a cap changes nothing")
        .run();
    let with = summary(&out, "out");
    let out = Test::new()
        .file(
            "s.toml",
            &SCENARIO
                .replace("cap = \"1B\"", "cap = \"none\"")
                .replace("\"300M\"", "0"),
        )
        .args(&["run", "s.toml", "--out", "out", "--no-charts"])
        .run();
    let plain = summary(&out, "out");
    for (column, value) in &plain {
        if column != "paid_before" && column != "binding_threshold" {
            assert_eq!(&cell(&with, column), value, "{column}");
        }
    }
    assert_eq!(cell(&with, "paid"), cell(&with, "accrued"));
}

#[test]
fn a_sweep_refuses_the_first_cap_below_paid_before() {
    // Caps 1B, 200M, 2B at rates 10% and 20%, the cap first: case 3 (200M, 10%) is the first
    // whose cap is below the 300M paid before. Its combination (rate 10%) was built with the
    // 1B cap, so only a check of each case's own cap finds it.
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep", "s.toml", "--out", "out", "--cap", "1B,200M,2B", "--vary",
            "share.rate=10%,20%",
        ])
        .status(2)
        .stderr_contains("error: sweep case 3 (share.cap=200000000.00, share.rate=0.10): `paid_before` is above the cap")
        .found("paid_before 300000000.00, cap 200000000.00")
        .run();
}

#[test]
fn sweep_rows_carry_paid_before_and_equal_separate_runs() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep",
            "s.toml",
            "--out",
            "out",
            "--no-charts",
            "--vary",
            "share.paid_before=0,300M,1B",
            "--cap",
            "1B,2B",
            "--format",
            "csv",
            "--quiet",
        ])
        .run();
    let csv = out.read_text("out/sweep.csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",binding_threshold,paid_before"),
        "{header}"
    );
    for row in csv.lines().skip(1) {
        let (before, rest) = row.split_once(',').unwrap();
        let (cap, summary_row) = rest.split_once(',').unwrap();
        let run = out.then_run(&[
            "run",
            "s.toml",
            "--no-charts",
            "--format",
            "csv",
            "--set",
            &format!("share.paid_before={before}"),
            "--set",
            &format!("share.cap={cap}"),
        ]);
        assert_eq!(run.lines().nth(1).unwrap(), summary_row, "{before} {cap}");
    }
}

#[test]
fn solve_counts_what_was_paid_before() {
    // By 2026-06-30: 197,260,273.97 + 199,452,054.79 = 396,712,328.76 accrued, + 300M.
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&["solve", "s.toml", "--cap-binds-by", "2026-06-30"])
        .stdout_contains(
            "the largest cap reached on or before 2026-06-30 is 696,712,328.76 ($697M)",
        )
        .run();
}

#[test]
fn a_cap_range_is_checked_against_paid_before_cap_by_cap() {
    // Caps 250M..1B:50M are 250M, 300M, …, 1B (16 caps), found by binary search: only the
    // first (250M) is below the 300M paid before; case 1 (rate 10%, cap 250M) comes first.
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep", "s.toml", "--out", "out", "--vary", "share.rate=10%,20%", "--cap",
            "250M..1B:50M",
        ])
        .status(2)
        .stderr_contains("error: sweep case 1 (share.rate=0.10, share.cap=250000000.00): `paid_before` is above the cap")
        .run();
    // From 300M on, every cap holds what was paid before: 2 × 15 cases.
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep",
            "s.toml",
            "--out",
            "out",
            "--no-charts",
            "--quiet",
            "--vary",
            "share.rate=10%,20%",
            "--cap",
            "300M..1B:50M",
            "--format",
            "csv",
        ])
        .stdout_contains("share.rate,share.cap,")
        .run();
}

#[test]
fn the_cumulative_chart_says_how_much_of_the_cap_was_paid_before() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--out", "out", "--charts", "svg"])
        .run();
    let svg = out.read_text("out/cumulative.svg");
    // The cap line stands at what is left, 1B − 300M = 700M, and says both.
    assert!(
        svg.contains("$300M paid before · $700M left · reached 2026-11-16"),
        "{svg}"
    );
    assert!(svg.contains("cap $1.0B, $300M paid before"), "subtitle");
}

/// The review's scenario: 1,000 a year in 2026 and 2027, quarterly, 20%, a cap of 100.
const SMALL: &str = r#"
[scenario]
start = 2026-01-01
end = 2027-12-31

[share]
rate = "20%"
cap = 100

[[stream]]
name = "a"
cloud = "x"
annual = { 2026 = 1000, 2027 = 1000 }
"#;

#[test]
fn the_first_invalid_case_in_grid_order_is_named_whatever_the_key_order() {
    // Caps 50, 10 then paid_before 20, 100: case 2 (cap 50, paid_before 100) is invalid before
    // case 3 (cap 10, paid_before 20), though case 3's combination (paid_before 20) is built
    // first.
    Test::new()
        .file("s.toml", SMALL)
        .args(&[
            "sweep", "s.toml", "--out", "out", "--no-charts", "-q", "--cap", "50,10", "--vary",
            "share.paid_before=20,100",
        ])
        .status(2)
        .stderr_contains("error: sweep case 2 (share.cap=50.00, share.paid_before=100.00): `paid_before` is above the cap")
        .run();
    // The same when case 2 fails for another reason (a sunset before the effective date).
    Test::new()
        .file("s.toml", SMALL)
        .args(&[
            "sweep",
            "s.toml",
            "--out",
            "out",
            "--no-charts",
            "-q",
            "--set",
            "share.paid_before=20",
            "--cap",
            "50,10",
            "--vary",
            "share.sunset=2027-12-31,2025-06-30",
        ])
        .status(2)
        .stderr_contains("error: sweep case 2 (share.cap=50.00, share.sunset=2025-06-30)")
        .run();
}

#[test]
fn a_sweep_counts_its_uncapped_cases_with_paid_before() {
    for (caps, first) in [("none,100,200", 1), ("100,none,200", 2)] {
        Test::new()
            .file("s.toml", SMALL)
            .args(&[
                "sweep", "s.toml", "--out", "out", "--no-charts", "-q", "--set",
                "share.paid_before=5", "--cap", caps,
            ])
            .stderr_contains(&format!(
                "warning: in 1 of 3 cases (first: sweep case {first} (share.cap=none)): `paid_before` without a cap changes nothing"
            ))
            .run();
    }
}

#[test]
fn a_binding_threshold_of_ten_to_the_fifteen_is_too_large() {
    // 100% of 499T a year for two years is 998T accrued (less the 2 cents the quarterly cells
    // round away); with 900T paid before the binding threshold would be about 1,898T: past the
    // SPEC §6.4 bound, for run and solve alike.
    let big = SMALL
        .replace("rate = \"20%\"", "rate = \"100%\"")
        .replace("cap = 100\n", "")
        .replace(
            "2026 = 1000, 2027 = 1000",
            "2026 = \"499T\", 2027 = \"499T\"",
        );
    for args in [
        &["run", "s.toml", "--no-charts"][..],
        &["solve", "s.toml", "--cap-binds-by", "2027-12-31"][..],
    ] {
        let mut all = args.to_vec();
        all.extend(["--set", "share.paid_before=900T"]);
        Test::new()
            .file("s.toml", &big)
            .args(&all)
            .status(2)
            .stderr_contains("error: amount too large for exact arithmetic")
            .found("binding threshold (accrued plus paid before, 1897999999999999.98) reaches 10^15 or more")
            .run();
    }
}

#[test]
fn a_shard_draws_no_totals_chart_over_cases_it_did_not_validate() {
    // Case 2 (cap 10, paid_before 50) is invalid but in the other shard: shard 2/2 (cases 3
    // and 4) is valid and must neither fail nor chart case 2.
    let out = Test::new()
        .file("s.toml", SMALL)
        .args(&[
            "sweep",
            "s.toml",
            "--out",
            "out",
            "--cap",
            "10,100",
            "--vary",
            "share.paid_before=0,50",
            "--shard",
            "2/2",
            "-q",
        ])
        .run();
    assert!(out.path().join("out/sweep_cumulative.svg").exists());
    assert!(!out.path().join("out/sweep_totals.svg").exists());
}
