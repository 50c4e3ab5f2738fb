//! SPEC §7.1 revenue scales: `[revenue] scale`, `[cloud.NAME] scale`, a stream's `scale`, and
//! the same keys from `--set`/`--vary`. Yearly periods and whole-year blocks, so each revenue
//! cell is a block's scaled amount and the arithmetic stays by hand.

use crate::support::Test;

/// Chat (azure) 1,000.05 in 2026 grown 10% into 2027; API (aws) 100 and 200.
const SCENARIO: &str = r#"
[scenario]
start = 2026-01-01
end = 2027-12-31
period = "year"

[share]
rate = "20%"

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 2026 = "1000.05" }
growth = "10%"

[[stream]]
name = "API"
cloud = "aws"
annual = { 2026 = "100", 2027 = "200" }
"#;

/// `(period, stream) → revenue` from streams.csv.
fn revenue(out: &crate::support::Output) -> Vec<(String, String, String)> {
    out.read_text("out/streams.csv")
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[0].to_owned(), c[1].to_owned(), c[3].to_owned())
        })
        .collect()
}

fn run(scenario: &str, set: &[&str]) -> crate::support::Output {
    let mut args = vec!["run", "s.toml", "--out", "out", "--no-charts"];
    for s in set {
        args.extend(["--set", s]);
    }
    Test::new().file("s.toml", scenario).args(&args).run()
}

fn cells(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| ((*a).to_owned(), (*b).to_owned(), (*c).to_owned()))
        .collect()
}

#[test]
fn each_scale_alone() {
    // The 2027 Chat year is grown from the unscaled 1,000.05: 1,000.05 × 1.1 = 1,100.055,
    // half-even 1,100.06; a scale applies after (SPEC §7.1).
    let plain = run(SCENARIO, &[]);
    assert_eq!(
        revenue(&plain),
        cells(&[
            ("2026", "Chat", "1000.05"),
            ("2026", "API", "100.00"),
            ("2027", "Chat", "1100.06"),
            ("2027", "API", "200.00"),
        ])
    );
    // revenue.scale 80%: 1,000.05 × 0.8 = 800.04; 1,100.06 × 0.8 = 880.048 → 880.05
    // (grown from the scaled 800.04 it would be 880.044 → 880.04); 80 and 160.
    let with_table = SCENARIO.replace("[share]", "[revenue]\nscale = \"80%\"\n\n[share]");
    let scaled = cells(&[
        ("2026", "Chat", "800.04"),
        ("2026", "API", "80.00"),
        ("2027", "Chat", "880.05"),
        ("2027", "API", "160.00"),
    ]);
    assert_eq!(revenue(&run(&with_table, &[])), scaled);
    assert_eq!(revenue(&run(SCENARIO, &["revenue.scale=0.8"])), scaled);
    // cloud.aws.scale 2: only API doubles, to 200 and 400.
    let aws = cells(&[
        ("2026", "Chat", "1000.05"),
        ("2026", "API", "200.00"),
        ("2027", "Chat", "1100.06"),
        ("2027", "API", "400.00"),
    ]);
    assert_eq!(revenue(&run(SCENARIO, &["cloud.aws.scale=200%"])), aws);
    let with_cloud = SCENARIO.replace("[share]", "[cloud.aws]\nscale = 2\n\n[share]");
    assert_eq!(revenue(&run(&with_cloud, &[])), aws);
    // stream.Chat.scale 50%: 500.025 → 500.02 (a half-even tie to the even cent), 550.03.
    let chat = cells(&[
        ("2026", "Chat", "500.02"),
        ("2026", "API", "100.00"),
        ("2027", "Chat", "550.03"),
        ("2027", "API", "200.00"),
    ]);
    assert_eq!(revenue(&run(SCENARIO, &["stream.Chat.scale=50%"])), chat);
    let with_stream = SCENARIO.replace("growth = \"10%\"", "growth = \"10%\"\nscale = \"0.5\"");
    assert_eq!(revenue(&run(&with_stream, &[])), chat);
}

#[test]
fn scales_multiply_and_round_once_half_even() {
    // m = 0.9 × 1.5 × 0.333333 = 0.44999955 on API: 100 × m = 44.999955 → 45.00;
    // 200 × m = 89.99991 → 90.00. Chat is on azure: 0.9 only, 1,000.05 × 0.9 = 900.045, a tie
    // that rounds to the even 900.04, and 1,100.06 × 0.9 = 990.054 → 990.05.
    let out = run(
        SCENARIO,
        &[
            "revenue.scale=90%",
            "cloud.aws.scale=150%",
            "stream.API.scale=0.333333",
        ],
    );
    assert_eq!(
        revenue(&out),
        cells(&[
            ("2026", "Chat", "900.04"),
            ("2026", "API", "45.00"),
            ("2027", "Chat", "990.05"),
            ("2027", "API", "90.00"),
        ])
    );
    // All three on one stream with a tie: m = 0.5 × 0.5 × 0.4938 = 0.12345 on API, and
    // 100 × 0.12345 = 12.345 exactly, half-even to 12.34 (not 12.35); 200 × m = 24.69.
    let out = run(
        SCENARIO,
        &[
            "revenue.scale=50%",
            "cloud.aws.scale=0.5",
            "stream.API.scale=49.38%",
        ],
    );
    assert_eq!(
        revenue(&out),
        cells(&[
            ("2026", "Chat", "500.02"),
            ("2026", "API", "12.34"),
            ("2027", "Chat", "550.03"),
            ("2027", "API", "24.69"),
        ])
    );
}

#[test]
fn a_scale_of_zero_removes_the_revenue() {
    let out = run(SCENARIO, &["revenue.scale=0"]);
    assert!(revenue(&out).iter().all(|(_, _, r)| r == "0.00"));
    assert!(
        out.read_text("out/summary.csv")
            .contains(",0.00,0.00,0.00,0.00,0.00,")
    );
}

#[test]
fn a_projections_stream_is_scaled_from_the_command_line() {
    // The CSV's first row, 1,200,000,000 for January 2026, at 75%: 900,000,000.00 exactly.
    let out = Test::new()
        .file("m.toml", include_str!("../../scenarios/monthly.toml"))
        .file(
            "monthly-projections.csv",
            include_str!("../../scenarios/monthly-projections.csv"),
        )
        .args(&[
            "run",
            "m.toml",
            "--out",
            "out",
            "--no-charts",
            "--set",
            "stream.ChatGPT consumer.scale=75%",
        ])
        .run();
    let streams = out.read_text("out/streams.csv");
    assert!(
        streams.contains("\n2026-01,ChatGPT consumer,azure,900000000.00,"),
        "{streams}"
    );
}

#[test]
fn an_unknown_cloud_or_stream_is_refused_with_a_suggestion() {
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--set", "cloud.awz.scale=2"])
        .status(2)
        .stderr_contains("error: no stream is on this cloud")
        .stderr_contains("argument `--set cloud.awz.scale=2`")
        .expected("one of the clouds in use: azure, aws (did you mean `aws`?)")
        .run();
    Test::new()
        .file(
            "s.toml",
            &SCENARIO.replace("[share]", "[cloud.azur]\nscale = 2\n\n[share]"),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .at_toml("s.toml:6:8", "[cloud.azur]", "^^^^")
        .expected("one of the clouds in use: azure, aws (did you mean `azure`?)")
        .run();
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--set", "stream.Chatt.scale=2"])
        .status(2)
        .stderr_contains("no stream named \"Chatt\"")
        .stderr_contains("(did you mean `Chat`?)")
        .run();
}

#[test]
fn a_scale_with_more_than_six_decimals_is_refused() {
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--set", "revenue.scale=12.34567%"])
        .status(2)
        .stderr_contains("error: a scale has at most 6 decimal places")
        .found("\"12.34567%\" (= 0.1234567)")
        .run();
    // Trailing zeros do not count: 0.8500000 is 0.85.
    run(SCENARIO, &["revenue.scale=0.8500000"]);
}

#[test]
fn a_scaled_amount_of_ten_to_the_fifteen_is_too_large() {
    // 600T × 2 = 1,200T: above the 10^15 bound after scaling.
    let big = SCENARIO.replace(
        "2026 = \"100\", 2027 = \"200\"",
        "2026 = \"600T\", 2027 = \"1\"",
    );
    Test::new()
        .file("s.toml", &big)
        .args(&["run", "s.toml", "--set", "cloud.aws.scale=2"])
        .status(2)
        .stderr_contains("error: amount too large for exact arithmetic")
        .stderr_contains("argument `--set cloud.aws.scale=2`")
        .found("600000000000000 from 2026-01-01 to 2026-12-31 scaled by 2")
        .run();
}

#[test]
fn a_sweep_over_revenue_scale_equals_separate_runs() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep",
            "s.toml",
            "--out",
            "out",
            "--no-charts",
            "--quiet",
            "--vary",
            "revenue.scale=70%..130%:30%",
            "--vary",
            "stream.Chat.growth=0%,10%",
        ])
        .run();
    let csv = out.read_text("out/sweep.csv");
    assert!(
        csv.starts_with("revenue.scale,stream.Chat.growth,"),
        "{csv}"
    );
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(rows.len(), 6);
    for row in rows {
        let mut cells = row.splitn(3, ',');
        let (scale, growth, rest) = (
            cells.next().unwrap(),
            cells.next().unwrap(),
            cells.next().unwrap(),
        );
        let run = out.then_run(&[
            "run",
            "s.toml",
            "--no-charts",
            "--format",
            "csv",
            "--set",
            &format!("revenue.scale={scale}"),
            "--set",
            &format!("stream.Chat.growth={growth}"),
        ]);
        assert_eq!(run.lines().nth(1).unwrap(), rest, "{scale} {growth}");
    }
}

#[test]
fn reports_list_the_scales_among_the_assumptions() {
    let with_table = SCENARIO.replace(
        "[share]",
        "[revenue]\nscale = \"80%\"\n\n[cloud.aws]\nscale = 2\n\n[share]",
    );
    let out = Test::new()
        .file("s.toml", &with_table)
        .args(&[
            "run",
            "s.toml",
            "--out",
            "out",
            "--no-charts",
            "--report",
            "md",
        ])
        .run();
    let md = out.read_text("out/report.md");
    assert!(
        md.contains("| revenue scale | 80% | multiplies revenue blocks"),
        "{md}"
    );
    assert!(md.contains("| cloud aws scale | 200% |"), "{md}");
    assert!(!md.contains("stream Chat scale"), "{md}");
}

#[test]
fn a_negative_or_non_numeric_scale_is_refused_at_its_line() {
    Test::new()
        .file(
            "s.toml",
            &SCENARIO.replace("growth = \"10%\"", "growth = \"10%\"\nscale = \"-5%\""),
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr_contains("error: a scale must be >= 0")
        .at_toml("s.toml:14:9", "scale = \"-5%\"", "^^^^^")
        .found("\"-5%\"")
        .run();
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--set", "revenue.scale=lots"])
        .status(2)
        .stderr_contains("argument `--set revenue.scale=lots`")
        .expected("a scale such as 1, \"0.85\" or \"85%\" (0 to 1,000, at most 6 decimal places)")
        .run();
}

#[test]
fn a_scaled_amount_is_the_exact_product_rounded_once() {
    // 0.0100000000000000000000000001 × 0.5 = 0.00500000000000000000000000005: just above half
    // a cent, so 0.01. A 28-digit product would make it exactly 0.005 and round it to 0.00.
    let tiny = SCENARIO.replace(
        "annual = { 2026 = \"100\", 2027 = \"200\" }",
        "annual = { 2026 = \"0.0100000000000000000000000001\", 2027 = \"0\" }",
    );
    let out = run(&tiny, &["stream.API.scale=0.5"]);
    assert!(
        revenue(&out).contains(&("2026".into(), "API".into(), "0.01".into())),
        "{:?}",
        revenue(&out)
    );
}

#[test]
fn a_scale_above_1000_is_refused() {
    // SPEC §7.6: a scale lies in [0, 1,000]; 1,000 itself is fine.
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "run",
            "s.toml",
            "--out",
            "out",
            "--no-charts",
            "--set",
            "revenue.scale=1000",
        ])
        .run();
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--set", "revenue.scale=1000.5"])
        .status(2)
        .stderr_contains("error: a scale above 1,000")
        .expected("a scale from 0 to 1,000 (SPEC §7.6)")
        .run();
}
