//! `revshare sweep`: grid order, sharding, validation of every case, bad arguments.

use crate::support::{Test, grouped};

const SCENARIO: &str = r#"
[scenario]
start = 2026-01-01
end = 2028-12-31

[share]
rate = "20%"
cap = "1B"
effective = 2026-04-27
sunset = 2028-06-30

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 2026 = "4B", 2027 = "6B", 2028 = "8B" }
"#;

fn sweep(args: &[&str]) -> crate::support::Output {
    let mut all = vec!["sweep", "s.toml", "--out", "out"];
    all.extend_from_slice(args);
    Test::new().file("s.toml", SCENARIO).args(&all).run()
}

#[test]
fn cap_sweep_rows_match_separate_runs() {
    let out = sweep(&["--cap", "500M,1B,none"]);
    let csv = out.read_text("out/sweep.csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].starts_with("share.cap,scenario,currency,"));
    for (row, cap) in rows[1..].iter().zip(["500M", "1B", "none"]) {
        let run = Test::new()
            .file("s.toml", SCENARIO)
            .args(&[
                "run",
                "s.toml",
                "--no-charts",
                "--format",
                "csv",
                "--set",
                &format!("share.cap={cap}"),
            ])
            .run();
        let summary = run.stdout.lines().nth(1).unwrap().to_owned();
        let (_, rest) = row.split_once(',').unwrap();
        assert_eq!(rest, summary, "cap {cap}");
    }
}

#[test]
fn grid_order_has_the_last_key_varying_fastest() {
    let out = sweep(&["--vary", "share.rate=10%,20%", "--cap", "1B,2B"]);
    let keys: Vec<String> = out
        .read_text("out/sweep.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(2).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        keys,
        [
            "0.100000,1000000000.00",
            "0.100000,2000000000.00",
            "0.200000,1000000000.00",
            "0.200000,2000000000.00"
        ]
    );
}

/// The key order is the command line's, whatever the flag's spelling (`--cap=X`, `--vary X`,
/// `--vary=X`) and with other options between them.
#[test]
fn key_columns_follow_the_command_line_order_of_every_flag_form() {
    let out = sweep(&[
        "--cap=1B,2B",
        "--set",
        "share.payment_lag_days=0",
        "--vary",
        "share.rate=10%,20%",
        "--quiet",
        "--vary=share.sunset=2028-12-31",
    ]);
    let text = out.read_text("out/sweep.csv");
    let header = text.lines().next().unwrap();
    assert!(
        header.starts_with("share.cap,share.rate,share.sunset,scenario,"),
        "{header}"
    );
    let second = text.lines().nth(2).unwrap();
    assert!(
        second.starts_with("1000000000.00,0.200000,2028-12-31,"),
        "{second}"
    );
}

#[test]
fn shards_joined_in_order_equal_the_whole_sweep() {
    let whole = sweep(&[
        "--cap",
        "100M..2B:100M",
        "--vary",
        "share.sunset=2027-12-31,2028-06-30",
    ])
    .read_text("out/sweep.csv");
    let mut joined = String::new();
    for i in 1..=3 {
        let part = sweep(&[
            "--cap",
            "100M..2B:100M",
            "--vary",
            "share.sunset=2027-12-31,2028-06-30",
            "--shard",
            &format!("{i}/3"),
        ])
        .read_text("out/sweep.csv");
        let body = if i == 1 {
            part.as_str()
        } else {
            part.split_once('\n').unwrap().1
        };
        joined.push_str(body);
    }
    assert_eq!(joined, whole);
}

#[test]
fn an_invalid_case_fails_the_sweep_naming_its_values() {
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep",
            "s.toml",
            "--vary",
            "share.sunset=2028-06-30,2026-01-01",
        ])
        .status(2)
        .stderr_contains("sweep case 2 (share.sunset=2026-01-01): `sunset` is before `effective`")
        .run();
}

#[test]
fn bad_vary_cap_and_shard_values_name_the_argument() {
    for (args, needle) in [
        (vec!["--cap", "1B,lots"], "--> argument `--cap 1B,lots`"),
        (
            vec!["--vary", "share.rte=1%"],
            "--> argument `--vary share.rte=1%`",
        ),
        (
            vec!["--vary", "share.sunset=2028-01-01..2029-01-01:1"],
            "ranges need a numeric key",
        ),
        (vec!["--cap", "2B..1B:1"], "range ends before it starts"),
        (
            vec!["--cap", "1B", "--shard", "4/3"],
            "--> argument `--shard 4/3`",
        ),
        (
            vec!["--cap", "1..100000:1", "--max-cases", "10"],
            "too many cases",
        ),
        (
            vec!["--cap", "1B", "--vary", "share.cap=2B"],
            "the same key is varied twice",
        ),
    ] {
        let mut all = vec!["sweep", "s.toml"];
        all.extend(args);
        Test::new()
            .file("s.toml", SCENARIO)
            .args(&all)
            .status(2)
            .stderr_contains(needle)
            .run();
    }
}

#[test]
fn sweep_writes_its_charts_unless_told_not_to() {
    // Total accrual is about 2.5B: the threshold falls inside 100M..3B.
    let out = sweep(&["--cap", "100M..3B:100M"]);
    for chart in ["sweep_cumulative", "sweep_totals"] {
        for ext in ["svg", "png"] {
            assert!(
                out.path().join(format!("out/{chart}.{ext}")).exists(),
                "{chart}.{ext}"
            );
        }
    }
    let totals = out.read_text("out/sweep_totals.svg");
    assert!(
        totals.contains("binding threshold"),
        "threshold marker missing"
    );
    assert!(
        out.read_text("out/sweep_cumulative.svg")
            .contains("all 30 cases")
    );
    let none = sweep(&["--cap", "1B", "--no-charts"]);
    assert!(!none.path().join("out/sweep_totals.png").exists());
}

#[test]
fn more_than_forty_cases_are_sampled_in_the_cumulative_chart() {
    let out = sweep(&["--cap", "20M..2B:10M"]);
    assert!(
        out.read_text("out/sweep_cumulative.svg")
            .contains("an evenly spaced sample of 40 of 199 cases")
    );
}

#[test]
fn rate_and_sunset_grid_rows_match_separate_runs() {
    let out = sweep(&[
        "--vary",
        "share.rate=15%,25%",
        "--vary",
        "share.sunset=2027-06-30,2028-06-30",
    ]);
    let csv = out.read_text("out/sweep.csv");
    for row in csv.lines().skip(1) {
        let mut cells = row.splitn(3, ',');
        let (rate, sunset, rest) = (
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
            "--out",
            "out/check",
            "--set",
            &format!("share.rate={rate}"),
            "--set",
            &format!("share.sunset={sunset}"),
        ]);
        assert_eq!(
            rest,
            run.lines().nth(1).unwrap(),
            "rate {rate}, sunset {sunset}"
        );
    }
}

#[test]
fn format_csv_prints_sweep_csv_as_written() {
    let out = sweep(&["--cap", "500M,1B,none", "--format", "csv", "--quiet"]);
    assert_eq!(out.stdout, out.read_text("out/sweep.csv"));
    assert!(
        out.stderr
            .contains("outputs in out (3 cases in sweep.csv, "),
        "{}",
        out.stderr
    );
}

#[test]
fn format_json_prints_every_row_typed_as_summary_json() {
    let out = sweep(&["--cap", "500M,none", "--format", "json", "--quiet"]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out.stdout).unwrap();
    let csv = out.read_text("out/sweep.csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let cells: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 2);
    for (row, cells) in rows.iter().zip(&cells) {
        let object = row.as_object().unwrap();
        // Every column, in sweep.csv's order, with sweep.csv's exact text.
        assert_eq!(
            object.keys().collect::<Vec<_>>(),
            header.iter().collect::<Vec<_>>()
        );
        for (key, cell) in header.iter().zip(cells) {
            let expected = match *key {
                _ if cell.is_empty() => serde_json::Value::Null,
                "periods" => serde_json::Value::from(cell.parse::<u64>().unwrap()),
                "cap_reached" => serde_json::Value::from(*cell == "true"),
                _ => serde_json::Value::from(*cell),
            };
            assert_eq!(object[*key], expected, "{key}");
        }
    }
    // Uncapped: the cap is null and cap_reached a boolean false.
    assert_eq!(rows[1]["share.cap"], serde_json::Value::Null);
    assert_eq!(rows[1]["cap_reached"], serde_json::Value::from(false));
    assert_eq!(rows[0]["cap_reached"], serde_json::Value::from(true));
}

/// The table rows as (cells) split on runs of two or more spaces.
fn table_rows(stdout: &str) -> Vec<Vec<String>> {
    stdout
        .lines()
        .skip_while(|l| !l.is_empty())
        .skip(2)
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

#[test]
fn format_table_answers_in_the_terminal_with_readable_keys() {
    let out = sweep(&[
        "--cap",
        "500M,1B,none",
        "--vary",
        "share.rate=15%,20%",
        "--quiet",
    ]);
    assert!(
        out.stdout.starts_with("s: 6 cases, amounts in USD\n"),
        "{}",
        out.stdout
    );
    let header = out.stdout.lines().nth(2).unwrap();
    assert!(header.trim_start().starts_with("cap  rate"), "{header}");
    let rows = table_rows(&out.stdout);
    let csv = out.read_text("out/sweep.csv");
    let paid = csv
        .lines()
        .next()
        .unwrap()
        .split(',')
        .position(|c| c == "paid")
        .unwrap();
    // Every case, in grid order, with its exact paid from sweep.csv.
    assert_eq!(rows.len(), 6, "{}", out.stdout);
    let labels = ["$500M", "$500M", "$1.0B", "$1.0B", "none", "none"];
    for ((row, line), label) in rows.iter().zip(csv.lines().skip(1)).zip(labels) {
        assert_eq!(row[0], label);
        assert!(row[1] == "15%" || row[1] == "20%", "{row:?}");
        assert_eq!(row[2], grouped(line.split(',').nth(paid).unwrap()));
    }
}

#[test]
fn format_table_samples_a_long_sweep_keeping_the_ends_and_extremes() {
    // 119 rates × 2 caps = 238 cases, the cap fastest: paid alternates between the 50B and the 10B cap, so the
    // highest paid is inside the grid (the first case at 50B whose accrual passes 50B), where
    // an evenly spaced sample alone would miss it.
    let out = sweep(&[
        "--vary",
        "share.rate=1%..60%:0.5%",
        "--cap",
        "50B,1B",
        "--quiet",
    ]);
    let csv = out.read_text("out/sweep.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let at = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let total = rows.len();
    assert!(
        out.stdout
            .contains(&format!("of {total} cases shown: the first and last")),
        "{}",
        out.stdout
    );
    let shown = table_rows(&out.stdout);
    assert!(shown.len() <= 40, "{}", shown.len());
    let money = |row: &Vec<&str>, column: &str| -> rust_decimal::Decimal {
        row[at(column)].parse().unwrap()
    };
    // The first row in grid order holding each extreme (ties go to the earlier case), as the
    // table must show it: its key cells and amount.
    let first_with =
        |column: &str, best: &dyn Fn(rust_decimal::Decimal, rust_decimal::Decimal) -> bool| {
            let mut pick = &rows[0];
            for row in &rows {
                if best(money(row, column), money(pick, column)) {
                    pick = row;
                }
            }
            pick
        };
    // Key cells as the table labels them: 0.015000 → 1.5%, 50000000000.00 → $50.0B.
    let labels = |row: &Vec<&str>| -> (String, String) {
        let rate: rust_decimal::Decimal = row[0].parse().unwrap();
        let rate = format!(
            "{}%",
            (rate * rust_decimal::Decimal::ONE_HUNDRED).normalize()
        );
        let cap = if row[1] == "50000000000.00" {
            "$50.0B"
        } else {
            "$1.0B"
        };
        (rate, cap.to_owned())
    };
    let expected = [
        first_with("paid", &|a, b| a > b),
        first_with("paid", &|a, b| a < b),
        first_with("foregone", &|a, b| a > b),
        first_with("foregone", &|a, b| a < b),
        &rows[0],
        &rows[total - 1],
    ];
    for row in expected {
        let (rate, cap) = labels(row);
        let paid = grouped(row[at("paid")]);
        assert!(
            shown
                .iter()
                .any(|r| r[0] == rate && r[1] == cap && r[2] == paid),
            "case rate {rate} cap {cap} paid {paid} missing:\n{}",
            out.stdout
        );
    }
}
