//! `revshare tornado` (SPEC §7.4): every row is two `run --set` runs, rows by swing, the
//! `[[uncertain]]` fallback at P10 and P90, and every bad argument named.

use crate::support::Test;

/// One year, one yearly period, no discounting: revenue 1B, so at 20% 200M accrues; the cap
/// of 150M pays 150M and forgoes 50M; with a 0% discount rate every discount factor is 1 and
/// npv = paid.
const SIMPLE: &str = r#"
[scenario]
name = "Simple"
start = 2026-01-01
end = 2026-12-31
period = "year"

[share]
rate = "20%"
cap = "150M"

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 2026 = "1B" }
"#;

/// Three years, quarters, a discount rate and a lag, a cap that binds mid-2027: numbers no one
/// computes by hand, checked against `run` itself.
const RICH: &str = r#"
[scenario]
start = 2026-01-01
end = 2028-12-31
discount_rate = "8%"
valuation_date = 2026-04-27

[share]
rate = "20%"
cap = "500M"
effective = 2026-04-27
sunset = 2028-06-30
payment_lag_days = 45

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 2026 = "1B", 2027 = "2B" }
growth = "10%"

[[stream]]
name = "API"
cloud = "aws"
annual = { 2026 = "500M", 2027 = "750M" }
growth = "5%"
"#;

const HEADER: &str = "key,low,high,base_paid,paid_low,paid_high,base_npv,npv_low,npv_high,\
base_foregone,foregone_low,foregone_high,base_accrued,accrued_low,accrued_high,swing";

fn tornado(scenario: &str, args: &[&str]) -> crate::support::Output {
    let mut all = vec!["tornado", "s.toml", "--out", "out"];
    all.extend_from_slice(args);
    Test::new().file("s.toml", scenario).args(&all).run()
}

/// `run`'s summary.csv row as a map from column to cell.
fn run_summary(scenario: &str, sets: &[String]) -> std::collections::HashMap<String, String> {
    let mut args = vec!["run", "s.toml", "--no-charts", "--format", "csv"];
    for set in sets {
        args.extend(["--set", set.as_str()]);
    }
    let out = Test::new().file("s.toml", scenario).args(&args).run();
    let mut lines = out.stdout.lines();
    let header = lines.next().unwrap().split(',');
    header
        .zip(lines.next().unwrap().split(','))
        .map(|(h, c)| (h.to_owned(), c.to_owned()))
        .collect()
}

/// tornado.csv as rows of cells, without the header (checked to be the SPEC's).
fn rows(csv: &str) -> Vec<Vec<String>> {
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(HEADER));
    lines
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

#[test]
fn tornado_rows_equal_runs_at_low_and_high_and_the_base_a_plain_run() {
    let set = "share.effective=2026-07-01";
    let out = tornado(
        RICH,
        &[
            "--set",
            set,
            "--swing",
            "share.cap=300M,none",
            "--swing",
            "share.rate=15%,25%",
            "--swing",
            "share.sunset=2027-06-30,2028-12-31",
            "--swing",
            "stream.Chat.growth=0%,30%",
            "--swing",
            "share.payment_lag_days=0,90",
            "--swing",
            "scenario.discount_rate=0%,12%",
        ],
    );
    let rows = rows(&out.read_text("out/tornado.csv"));
    assert_eq!(rows.len(), 6);
    let base = run_summary(RICH, &[set.to_owned()]);
    let metrics = ["paid", "npv", "foregone", "accrued"];
    for row in &rows {
        let (key, low, high) = (&row[0], &row[1], &row[2]);
        // The low and high cells run again as they are written (`none` included).
        let at_low = run_summary(RICH, &[set.to_owned(), format!("{key}={low}")]);
        let at_high = run_summary(RICH, &[set.to_owned(), format!("{key}={high}")]);
        for (i, metric) in metrics.iter().enumerate() {
            let cells = &row[3 + 3 * i..6 + 3 * i];
            assert_eq!(cells[0], base[*metric], "{key} base_{metric}");
            assert_eq!(cells[1], at_low[*metric], "{key} {metric}_low");
            assert_eq!(cells[2], at_high[*metric], "{key} {metric}_high");
        }
    }
    // A cap whose high end is uncapped is written `none`.
    let cap = rows.iter().find(|r| r[0] == "share.cap").unwrap();
    assert_eq!((cap[1].as_str(), cap[2].as_str()), ("300000000.00", "none"));
    // Rows by paid's swing, largest first.
    let swings: Vec<f64> = rows.iter().map(|r| r[15].parse().unwrap()).collect();
    assert!(swings.windows(2).all(|w| w[0] >= w[1]), "{swings:?}");
    for row in &rows {
        let (low, high): (f64, f64) = (row[4].parse().unwrap(), row[5].parse().unwrap());
        assert!(((high - low).abs() - row[15].parse::<f64>().unwrap()).abs() < 0.005);
    }
}

#[test]
fn tornado_rows_are_ordered_by_swing_with_hand_computed_amounts() {
    let out = tornado(
        SIMPLE,
        &[
            "--swing",
            "share.payment_lag_days=0,30",
            "--swing",
            "share.rate=10%,30%",
            "--swing",
            "share.cap=100M,none",
        ],
    );
    // Base: accrued 20% × 1B = 200M, paid min(200M, 150M) = 150M, foregone 50M, npv = paid.
    // cap 100M: paid 100M, foregone 100M; none: paid 200M, foregone 0 → swing 100M.
    // rate 10%: accrued 100M, all paid; 30%: accrued 300M, paid 150M, foregone 150M → 50M.
    // lag 0 or 30 days: the same amounts (no discounting) → swing 0.
    let expected = format!(
        "{HEADER}
share.cap,100000000.00,none,150000000.00,100000000.00,200000000.00,150000000.00,100000000.00,200000000.00,50000000.00,100000000.00,0.00,200000000.00,200000000.00,200000000.00,100000000.00
share.rate,0.100000,0.300000,150000000.00,100000000.00,150000000.00,150000000.00,100000000.00,150000000.00,50000000.00,0.00,150000000.00,200000000.00,100000000.00,300000000.00,50000000.00
share.payment_lag_days,0,30,150000000.00,150000000.00,150000000.00,150000000.00,150000000.00,150000000.00,50000000.00,50000000.00,50000000.00,200000000.00,200000000.00,200000000.00,0.00
"
    );
    assert_eq!(out.read_text("out/tornado.csv"), expected);
}

#[test]
fn tornado_ties_keep_argument_order() {
    // Neither a lag nor a valuation date moves paid (or anything, without discounting): two
    // swings of 0.00, in the order given, either way round.
    let keys = |args: &[&str]| -> Vec<String> {
        rows(&tornado(SIMPLE, args).read_text("out/tornado.csv"))
            .into_iter()
            .map(|r| format!("{} {}", r[0], r[15]))
            .collect()
    };
    let lag = "share.payment_lag_days=0,30";
    let valuation = "scenario.valuation_date=2026-01-01,2026-06-30";
    assert_eq!(
        keys(&["--swing", lag, "--swing", valuation]),
        [
            "share.payment_lag_days 0.00",
            "scenario.valuation_date 0.00"
        ]
    );
    assert_eq!(
        keys(&["--swing", valuation, "--swing", lag]),
        [
            "scenario.valuation_date 0.00",
            "share.payment_lag_days 0.00"
        ]
    );
}

#[test]
fn tornado_metric_npv_reorders_the_rows() {
    // rate 10%..12%: paid 100M..120M, a swing of 20M in paid and (no discounting) in npv.
    // A discount rate of 0%..50% moves no payment but the npv by about a third of 150M.
    let args = |metric: &str| {
        tornado(
            SIMPLE,
            &[
                "--swing",
                "share.rate=10%,12%",
                "--swing",
                "scenario.discount_rate=0%,50%",
                "--metric",
                metric,
            ],
        )
        .read_text("out/tornado.csv")
    };
    let paid = rows(&args("paid"));
    assert_eq!(paid[0][0], "share.rate");
    assert_eq!(paid[0][15], "20000000.00");
    assert_eq!(paid[1][0], "scenario.discount_rate");
    assert_eq!(paid[1][15], "0.00");
    let npv = rows(&args("npv"));
    assert_eq!(npv[0][0], "scenario.discount_rate");
    assert_eq!(npv[1][0], "share.rate");
    // 150M − 150M × 1.5^(−364/365) ≈ 150M × 0.333 ≈ 49.9M; the rate's npv swing is 20M.
    let discount: f64 = npv[0][15].parse().unwrap();
    assert!((49e6..51e6).contains(&discount), "{discount}");
    assert_eq!(npv[1][15], "20000000.00");
}

/// SIMPLE uncapped, with the cap and the rate uncertain (the cap first in the file).
fn uncertain() -> String {
    SIMPLE.replace("cap = \"150M\"\n", "")
        + r#"
[[uncertain]]
key = "share.cap"
dist = "discrete"
values = ["100M", "none"]
weights = [1, 1]

[[uncertain]]
key = "share.rate"
dist = "uniform"
min = "10%"
max = "30%"
"#
}

#[test]
fn tornado_without_swings_uses_p10_and_p90_of_the_uncertain_keys() {
    // Rate uniform(10%, 30%): P10 = 10% + 0.1 × 20% = 12%, P90 = 10% + 0.9 × 20% = 28%;
    // uncapped, paid 120M and 280M: a swing of 160M. Cap discrete(100M:1, none:1): P10 is the
    // first value whose cumulative weight reaches 0.1 × 2 = 0.2, 100M; P90 reaches 1.8, none.
    // At the base rate of 20% (accrued 200M): paid 100M and 200M, a swing of 100M. So the rate
    // comes first, though the file lists the cap first.
    let out = tornado(&uncertain(), &[]);
    let rows = rows(&out.read_text("out/tornado.csv"));
    let short: Vec<String> = rows
        .iter()
        .map(|r| {
            [&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[15]]
                .map(String::as_str)
                .join(",")
        })
        .collect();
    assert_eq!(
        short,
        [
            "share.rate,0.120000,0.280000,200000000.00,120000000.00,280000000.00,160000000.00",
            "share.cap,100000000.00,none,200000000.00,100000000.00,200000000.00,100000000.00",
        ]
    );
}

#[test]
fn tornado_swing_wins_over_set_for_its_own_runs_only() {
    // --set share.rate=50%: the base accrues and pays 500M (uncapped). The rate's runs use its
    // P10 and P90 (120M, 280M); the cap's runs keep the 50% rate: 100M and 500M, a swing of
    // 400M, now first.
    let out = tornado(&uncertain(), &["--set", "share.rate=50%"]);
    let rows = rows(&out.read_text("out/tornado.csv"));
    let short: Vec<String> = rows
        .iter()
        .map(|r| {
            [&r[0], &r[3], &r[4], &r[5], &r[15]]
                .map(String::as_str)
                .join(",")
        })
        .collect();
    assert_eq!(
        short,
        [
            "share.cap,500000000.00,100000000.00,500000000.00,400000000.00",
            "share.rate,500000000.00,120000000.00,280000000.00,160000000.00",
        ]
    );
}

#[test]
fn tornado_swings_replace_the_uncertain_keys() {
    let out = tornado(&uncertain(), &["--swing", "share.payment_lag_days=0,30"]);
    let rows = rows(&out.read_text("out/tornado.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0][0], "share.payment_lag_days");
}

#[test]
fn tornado_prints_a_table_csv_or_json() {
    let args = [
        "--swing",
        "share.cap=100M,none",
        "--swing",
        "share.rate=10%,30%",
    ];
    let table = tornado(SIMPLE, &args).stdout;
    assert!(
        table.starts_with("Simple: what moves paid most (base $150M, amounts in USD)\n"),
        "{table}"
    );
    let lines: Vec<&str> = table.lines().skip(3).collect();
    let words = |line: &str| line.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        words(lines[0]),
        "key low high paid at low paid at high swing"
    );
    assert_eq!(words(lines[1]), "cap $100M none $100M $200M $100M");
    assert_eq!(words(lines[2]), "rate 10% 30% $100M $150M $50.0M");

    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let out = tornado(SIMPLE, &csv_args);
    assert_eq!(out.stdout, out.read_text("out/tornado.csv"));

    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let json: serde_json::Value =
        serde_json::from_str(&tornado(SIMPLE, &json_args).stdout).unwrap();
    assert_eq!(json[0]["key"], "share.cap");
    assert_eq!(json[0]["high"], "none");
    assert_eq!(json[0]["swing"], "100000000.00");
    assert_eq!(json[1]["paid_high"], "150000000.00");
    assert_eq!(json.as_array().unwrap().len(), 2);
}

#[test]
fn tornado_writes_to_out_stem_tornado_with_reports() {
    let out = Test::new()
        .file("deal.toml", SIMPLE)
        .args(&[
            "tornado",
            "deal.toml",
            "--swing",
            "share.rate=10%,30%",
            "--report",
            "html,md,xlsx",
        ])
        .run();
    for file in [
        "tornado.csv",
        "report.html",
        "report.md",
        "report.xlsx",
        "manifest.json",
    ] {
        assert!(
            out.path().join("out/deal-tornado").join(file).is_file(),
            "{file}"
        );
    }
    let md = out.read_text("out/deal-tornado/report.md");
    assert!(md.starts_with("# Tornado of deal.toml\n"), "{md}");
    assert!(md.contains("Base paid: $150M."), "{md}");
    assert!(
        md.contains("| rate | 10% | 30% | $100M | $150M | $50.0M |"),
        "{md}"
    );
    let html = out.read_text("out/deal-tornado/report.html");
    assert!(html.contains("<h1>Tornado of deal.toml</h1>"));
}

#[test]
fn tornado_names_a_warning_with_the_run_that_gave_it() {
    // A sunset after the horizon's end warns, in the high run only.
    let out = Test::new()
        .file("s.toml", SIMPLE)
        .args(&[
            "tornado",
            "s.toml",
            "--swing",
            "share.sunset=2026-06-30,2027-06-30",
        ])
        .stderr_contains(
            "warning: in 1 of 3 runs (first: share.sunset=2027-06-30 (high of --swing \
             share.sunset=2026-06-30,2027-06-30)): the horizon ends before the sunset",
        )
        .run();
    assert_eq!(out.stderr.matches("warning:").count(), 1, "{}", out.stderr);
}

#[test]
fn tornado_needs_something_to_swing() {
    Test::new()
        .file("s.toml", SIMPLE)
        .args(&["tornado", "s.toml"])
        .status(2)
        .stderr_contains("tornado needs keys to swing: --swing KEY=LOW,HIGH, or [[uncertain]]")
        .run();
}

#[test]
fn tornado_refuses_malformed_swings_naming_the_argument() {
    for (swing, message) in [
        ("share.cap", "error: expected KEY=LOW,HIGH"),
        ("share.cap=1B", "error: expected two values, LOW,HIGH"),
        ("share.cap=1B,2B,3B", "error: expected two values, LOW,HIGH"),
        ("share.cap=1B,lots", "error: bad value `lots`"),
        ("share.rate=10%,2029-01-01", "error: bad value `2029-01-01`"),
        ("share.capp=1B,2B", "error: unknown key"),
    ] {
        let out = Test::new()
            .file("s.toml", SIMPLE)
            .args(&["tornado", "s.toml", "--out", "out", "--swing", swing])
            .status(2)
            .stderr_contains(message)
            .at_argument(&format!("--swing {swing}"))
            .run();
        assert!(!out.path().join("out").exists(), "{swing}: nothing written");
    }
}

#[test]
fn tornado_refuses_a_key_swung_twice() {
    Test::new()
        .file("s.toml", SIMPLE)
        .args(&[
            "tornado",
            "s.toml",
            "--swing",
            "share.cap=1B,2B",
            "--swing",
            "share.rate=10%,20%",
            "--swing",
            "share.cap=3B,4B",
        ])
        .status(2)
        .stderr_contains("error: the same key is swung twice")
        .at_argument("--swing share.cap=3B,4B")
        .found("share.cap, already swung by `--swing share.cap=1B,2B`")
        .run();
}

#[test]
fn tornado_refuses_an_invalid_run_naming_its_key_and_value() {
    // The sunset's low end falls before the effective date (the scenario's start): that run is
    // invalid, so nothing is written.
    let out = Test::new()
        .file("s.toml", SIMPLE)
        .args(&[
            "tornado",
            "s.toml",
            "--out",
            "out",
            "--swing",
            "share.rate=10%,30%",
            "--swing",
            "share.sunset=2025-12-31,2026-12-31",
        ])
        .status(2)
        .stderr_contains(
            "error: tornado run share.sunset=2025-12-31 (low of --swing \
             share.sunset=2025-12-31,2026-12-31): `sunset` is before `effective`",
        )
        .at_argument("--swing share.sunset=2025-12-31,2026-12-31")
        .run();
    assert!(!out.path().join("out").exists());
}

#[test]
fn tornado_refuses_an_uncertain_period() {
    let scenario = SIMPLE.to_owned()
        + r#"
[[uncertain]]
key = "scenario.period"
dist = "discrete"
values = ["month", "year"]
weights = [1, 1]
"#;
    Test::new()
        .file("s.toml", &scenario)
        .args(&["tornado", "s.toml"])
        .status(2)
        .stderr_contains("scenario.period cannot be drawn")
        .run();
}

#[test]
fn tornado_chart_draws_the_rows_in_swing_order() {
    let out = tornado(
        SIMPLE,
        &[
            "--swing",
            "share.rate=10%,12%",
            "--swing",
            "scenario.discount_rate=0%,50%",
            "--metric",
            "npv",
        ],
    );
    let svg = out.read_text("out/tornado.svg");
    assert!(out.path().join("out/tornado.png").is_file());
    let texts: Vec<String> = svg
        .split("<text")
        .skip(1)
        .filter_map(|t| t.split_once('>').and_then(|(_, r)| r.split_once("</text>")))
        .map(|(t, _)| t.trim().to_owned())
        .collect();
    // Rows top to bottom: discount rate (swing ≈ 49.9M) above rate (20M), as tornado.csv.
    let at = |label: &str| texts.iter().position(|t| t == label);
    let (discount, rate) = (at("discount rate").unwrap(), at("rate").unwrap());
    assert!(discount < rate, "{texts:?}");
    assert!(texts[0].contains("NPV"), "{texts:?}");
    // --no-charts writes none.
    let out = tornado(SIMPLE, &["--swing", "share.rate=10%,12%", "--no-charts"]);
    assert!(!out.path().join("out/tornado.svg").exists());
}

#[test]
fn tornado_swings_the_period_kind_like_any_set_key() {
    // SIMPLE is yearly; a monthly run of the same scenario gives its own numbers, each equal to
    // a `run --set scenario.period=…`.
    let out = tornado(
        SIMPLE,
        &["--swing", "scenario.period=month,year", "--format", "csv"],
    );
    let row = &rows(&out.read_text("out/tornado.csv"))[0];
    assert_eq!(row[..3], ["scenario.period", "month", "year"]);
    let monthly = run_summary(SIMPLE, &["scenario.period=month".to_owned()]);
    assert_eq!(row[4], monthly["paid"]);
    assert_eq!(row[7], monthly["npv"]);
}
