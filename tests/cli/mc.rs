//! SPEC §7.3 `revshare mc`: the file's `[montecarlo]`/`[[uncertain]]` and the command line,
//! every output's columns and numbers against the paths themselves, reruns of paths with
//! `run --set`, common random numbers under `--cap`, thread-independent bytes, and every
//! error the issue lists.

use crate::support::{Output, Test, snapshot};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

/// Yearly, 2026–2029; Chat 100 and API 50 a year, 20%: 30 accrues each year, so a cap C is
/// reached in the year cumulative accrual 30, 60, 90, 120 first reaches C.
const SCENARIO: &str = r#"
[scenario]
name = "Small"
start = 2026-01-01
end = 2029-12-31
period = "year"
discount_rate = "10%"
valuation_date = 2026-01-01

[share]
rate = "20%"
cap = "50"
effective = 2026-01-01
sunset = 2029-12-31

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 2026 = "100", 2027 = "100", 2028 = "100", 2029 = "100" }

[[stream]]
name = "API"
cloud = "aws"
annual = { 2026 = "50", 2027 = "50", 2028 = "50", 2029 = "50" }
"#;

/// The scenario with a `[montecarlo]` table and `[[uncertain]]` tables.
fn with_uncertain() -> String {
    format!(
        r#"{SCENARIO}
[montecarlo]
paths = 40
seed = "18446744073709551615"
sampling = "random"

[[uncertain]]
key = "share.cap"
dist = "uniform"
min = "10"
max = "130"

[[uncertain]]
key = "cloud.aws.scale"
dist = "triangular"
min = "50%"
mode = "100%"
max = "200%"
"#
    )
}

fn mc(scenario: &str, args: &[&str]) -> Output {
    let mut all = vec!["mc", "s.toml", "--out", "out", "--no-charts", "--quiet"];
    all.extend(args);
    Test::new().file("s.toml", scenario).args(&all).run()
}

/// A CSV as its header and rows of cells.
fn table(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut lines = text.lines();
    let split = |l: &str| l.split(',').map(str::to_owned).collect::<Vec<_>>();
    let header = lines.next().map(split).unwrap_or_default();
    (header, lines.map(split).collect())
}

fn column(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn every_output_is_written_with_the_spec_columns() {
    let out = mc(&with_uncertain(), &[]);
    let names: Vec<String> = snapshot(&out.path().join("out")).into_keys().collect();
    assert_eq!(
        names,
        [
            "manifest.json",
            "mc_binds.csv",
            "mc_cumulative.csv",
            "mc_paths.csv",
            "mc_summary.csv",
            "mc_summary.json"
        ]
    );
    let (header, rows) = table(&out.read_text("out/mc_paths.csv"));
    // path, the drawn keys in file order, then the 19 summary columns.
    assert_eq!(
        header[..4],
        ["path", "share.cap", "cloud.aws.scale", "scenario"]
    );
    assert_eq!(header.len(), 3 + 19);
    assert_eq!(rows.len(), 40);
    assert_eq!(rows[0][0], "1");
    assert_eq!(rows[39][0], "40");
    let (header, rows) = table(&out.read_text("out/mc_summary.csv"));
    assert_eq!(
        header.join(","),
        "metric,count,mean,sd,stderr,min,p5,p10,p25,p50,p75,p90,p95,max"
    );
    let metrics: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        metrics,
        [
            "revenue",
            "qualifying_revenue",
            "accrued",
            "paid",
            "foregone",
            "npv",
            "effective_rate"
        ]
    );
    let (header, rows) = table(&out.read_text("out/mc_binds.csv"));
    assert_eq!(header, ["date", "probability"]);
    // Year ends 2026–2029; the sunset (2029-12-31, not drawn) is one of them.
    let dates: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        dates,
        ["2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31"]
    );
    let (header, rows) = table(&out.read_text("out/mc_cumulative.csv"));
    assert_eq!(header.join(","), "period,end,p5,p25,p50,p75,p95");
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][..2], ["2026", "2026-12-31"]);
}

#[test]
fn the_statistics_are_those_of_the_written_paths() {
    let out = mc(&with_uncertain(), &[]);
    let (header, paths) = table(&out.read_text("out/mc_paths.csv"));
    let n = paths.len();
    // mc_summary's paid row: exact mean (half-even to cents) and nearest ranks ⌈q·n⌉.
    let paid_at = column(&header, "paid");
    let mut paid: Vec<Decimal> = paths.iter().map(|r| dec(&r[paid_at])).collect();
    let sum: Decimal = paid.iter().sum();
    let mean = (sum / Decimal::from(n))
        .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointNearestEven);
    paid.sort();
    let rank = |q: usize| paid[(q * n).div_ceil(100) - 1];
    let (_, summary) = table(&out.read_text("out/mc_summary.csv"));
    let row = summary.iter().find(|r| r[0] == "paid").unwrap();
    assert_eq!(row[1], n.to_string());
    assert_eq!(dec(&row[2]), mean);
    assert_eq!(dec(&row[5]), paid[0]);
    for (i, q) in [5, 10, 25, 50, 75, 90, 95].into_iter().enumerate() {
        assert_eq!(dec(&row[6 + i]), rank(q), "p{q}");
    }
    assert_eq!(dec(&row[13]), paid[n - 1]);
    // mc_binds: the share of paths whose cap_hit_date is on or before each date.
    let hit_at = column(&header, "cap_hit_date");
    let (_, binds) = table(&out.read_text("out/mc_binds.csv"));
    for b in &binds {
        let hit = paths
            .iter()
            .filter(|r| !r[hit_at].is_empty() && r[hit_at] <= b[0])
            .count();
        let want = (Decimal::from(hit) / Decimal::from(n)).round_dp(6);
        assert_eq!(dec(&b[1]), want, "{}", b[0]);
    }
    // The caps are spread over 10..130: some paths reach theirs, some never do.
    let reached = paths.iter().filter(|r| !r[hit_at].is_empty()).count();
    assert!(reached > 0 && reached < n, "{reached} of {n}");
}

#[test]
fn every_path_reruns_with_its_drawn_values() {
    let out = mc(&with_uncertain(), &[]);
    let (header, paths) = table(&out.read_text("out/mc_paths.csv"));
    for row in [&paths[0], &paths[17], &paths[39]] {
        let stdout = out.then_run(&[
            "run",
            "s.toml",
            "--out",
            "rerun",
            "--no-charts",
            "--format",
            "csv",
            "--set",
            &format!("{}={}", header[1], row[1]),
            "--set",
            &format!("{}={}", header[2], row[2]),
        ]);
        let summary = stdout.lines().nth(1).unwrap();
        assert_eq!(summary, row[3..].join(","), "path {}", row[0]);
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes_at_any_thread_count() {
    let run = |threads: &str| {
        let out = Test::new()
            .file("s.toml", &with_uncertain())
            .env("RAYON_NUM_THREADS", threads)
            .args(&["mc", "s.toml", "--out", "out", "--paths", "2000", "--quiet"])
            .run();
        snapshot(&out.path().join("out"))
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    // Another seed draws other values.
    let other = mc(&with_uncertain(), &["--seed", "7"]);
    assert_ne!(other.read("out/mc_paths.csv"), one["mc_paths.csv"]);
}

#[test]
fn the_command_line_wins_over_the_file() {
    // --draw of a drawn key replaces it in its place; a new key goes last; --paths wins.
    let out = mc(
        &with_uncertain(),
        &[
            "--paths",
            "9",
            "--draw",
            "share.cap=discrete(20:1,none:1)",
            "--draw",
            "share.rate=uniform(10%,30%)",
        ],
    );
    let (header, rows) = table(&out.read_text("out/mc_paths.csv"));
    assert_eq!(
        header[..4],
        ["path", "share.cap", "cloud.aws.scale", "share.rate"]
    );
    assert_eq!(rows.len(), 9);
    let caps: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[1].as_str()).collect();
    assert!(
        caps.iter().all(|c| ["20.00", "none"].contains(c)),
        "{caps:?}"
    );
    // mc_summary.json records what ran.
    let json: serde_json::Value = serde_json::from_slice(&out.read("out/mc_summary.json")).unwrap();
    assert_eq!(json["seed"], serde_json::json!(18446744073709551615u64));
    assert_eq!(json["paths"], 9);
    assert_eq!(json["sampling"], "random");
    assert_eq!(json["draws"][0]["key"], "share.cap");
    assert_eq!(json["draws"][0]["dist"], "discrete");
    assert_eq!(
        json["draws"][0]["parameters"],
        serde_json::json!(["20:1", "none:1"])
    );
    assert_eq!(
        json["draws"][2]["parameters"],
        serde_json::json!(["10%", "30%"])
    );
    assert_eq!(json["caps"], serde_json::json!([]));
    assert_eq!(json["summary"][3]["metric"], "paid");
    assert_eq!(json["summary"][3]["count"], 9);
    assert_eq!(json["binds"].as_array().unwrap().len(), 4);
    assert_eq!(json["cumulative"][0]["period"], "2026");
}

#[test]
fn a_draw_wins_over_a_set_of_the_same_key() {
    let out = mc(
        SCENARIO,
        &[
            "--paths",
            "20",
            "--set",
            "share.cap=1",
            "--draw",
            "share.cap=uniform(40,80)",
        ],
    );
    let (header, rows) = table(&out.read_text("out/mc_paths.csv"));
    let cap_at = column(&header, "cap");
    for r in &rows {
        let cap = dec(&r[cap_at]);
        assert!(cap >= dec("40") && cap <= dec("80"), "{cap}");
        assert_eq!(r[1], r[cap_at]);
    }
}

#[test]
fn caps_share_the_same_draws() {
    // Common random numbers: each path's drawn values under every cap, caps fastest.
    let out = mc(
        SCENARIO,
        &[
            "--paths",
            "6",
            "--draw",
            "revenue.scale=uniform(50%,150%)",
            "--cap",
            "45,none,100",
        ],
    );
    let (header, rows) = table(&out.read_text("out/mc_paths.csv"));
    assert_eq!(
        header[..4],
        ["path", "revenue.scale", "share.cap", "scenario"]
    );
    assert_eq!(rows.len(), 18);
    for (k, r) in rows.iter().enumerate() {
        assert_eq!(r[0], (k / 3 + 1).to_string());
        assert_eq!(r[2], ["45.00", "none", "100.00"][k % 3]);
        assert_eq!(r[1], rows[k - k % 3][1], "same draw under every cap");
    }
    // A row reruns with its scale and cap.
    let stdout = out.then_run(&[
        "run",
        "s.toml",
        "--out",
        "rerun",
        "--no-charts",
        "--format",
        "csv",
        "--set",
        &format!("revenue.scale={}", rows[4][1]),
        "--set",
        "share.cap=none",
    ]);
    assert_eq!(stdout.lines().nth(1).unwrap(), rows[4][3..].join(","));
    // mc_summary, mc_binds and mc_cumulative lead with the cap, caps outer.
    let (header, summary) = table(&out.read_text("out/mc_summary.csv"));
    assert_eq!(header[..2], ["share.cap", "metric"]);
    assert_eq!(summary.len(), 21);
    assert_eq!(summary[0][..2], ["45.00", "revenue"]);
    assert_eq!(summary[7][..2], ["none", "revenue"]);
    let (_, binds) = table(&out.read_text("out/mc_binds.csv"));
    // Uncapped never binds.
    assert!(
        binds
            .iter()
            .filter(|b| b[0] == "none")
            .all(|b| b[2] == "0.000000")
    );
    let (header, cumulative) = table(&out.read_text("out/mc_cumulative.csv"));
    assert_eq!(header[0], "share.cap");
    assert_eq!(cumulative.len(), 12);
}

#[test]
fn other_commands_accept_and_ignore_the_monte_carlo_tables() {
    let out = Test::new()
        .file("s.toml", &with_uncertain())
        .file("plain.toml", SCENARIO)
        .args(&[
            "run",
            "s.toml",
            "--out",
            "a",
            "--no-charts",
            "--format",
            "csv",
        ])
        .run();
    let plain = out.then_run(&[
        "run",
        "plain.toml",
        "--out",
        "b",
        "--no-charts",
        "--format",
        "csv",
    ]);
    assert_eq!(out.stdout, plain);
    out.then_run(&[
        "sweep",
        "s.toml",
        "--out",
        "c",
        "--no-charts",
        "--cap",
        "10,20",
    ]);
    out.then_run(&["solve", "s.toml", "--cap-binds-by", "2028-12-31"]);
    out.then_run(&[
        "compare",
        "s.toml",
        "plain.toml",
        "--out",
        "d",
        "--no-charts",
    ]);
    out.then_run(&["validate", "s.toml"]);
}

#[test]
fn the_table_answers_how_likely_and_how_much() {
    let out = Test::new()
        .file("s.toml", &with_uncertain())
        .args(&["mc", "s.toml", "--out", "out", "--no-charts"])
        .run();
    let stdout = &out.stdout;
    assert!(
        stdout.starts_with("Small: Monte Carlo of 40 paths (random, seed 18446744073709551615)"),
        "{stdout}"
    );
    assert!(stdout.contains("mean ± stderr"), "{stdout}");
    assert!(stdout.contains("2029-12-31 (sunset)"), "{stdout}");
    // The probability by the sunset is mc_binds' last row, as a percentage.
    let (_, binds) = table(&out.read_text("out/mc_binds.csv"));
    let last = dec(&binds[3][1]) * Decimal::ONE_HUNDRED;
    assert!(
        stdout.contains(&format!("{}%", last.normalize())),
        "{stdout}"
    );
    // --format json prints mc_summary.json.
    let json = out.then_run(&[
        "mc",
        "s.toml",
        "--out",
        "out",
        "--no-charts",
        "--format",
        "json",
    ]);
    assert_eq!(json.as_bytes(), out.read("out/mc_summary.json"));
}

/// Runs `mc` on the small scenario with `args`; it must fail with exit 2 and `message`.
fn refused(scenario: &str, args: &[&str], message: &str) -> Output {
    let mut all = vec!["mc", "s.toml", "--out", "out", "--no-charts"];
    all.extend(args);
    Test::new()
        .file("s.toml", scenario)
        .args(&all)
        .status(2)
        .stderr_contains(message)
        .run()
}

#[test]
fn bad_draws_exit_2_naming_the_key_and_parameter() {
    let cases: &[(&str, &str)] = &[
        ("share.cap=gauss(1,2)", "unknown distribution `gauss`"),
        ("share.cap=pert(20,38)", "pert takes 3 parameters, got 2"),
        ("share.cap=uniform(20,x)", "--draw share.cap=uniform(20,x)"),
        ("share.rate=uniform(30%,10%)", "bad parameter `max`"),
        ("share.cap=triangular(10,50,40)", "bad parameter `mode`"),
        ("share.cap=normal(50,0)", "bad parameter `sd`"),
        ("share.rate=normal(50%,10%)", "leaves the key's range"),
        ("share.cap=lognormal(0,1)", "median"),
        (
            "share.cap=discrete(10:1,20:0)",
            "weight `0` is not positive",
        ),
        (
            "share.cap=discrete(10:1,20:-2)",
            "weight `-2` is not positive",
        ),
        (
            "stream.Chat.qualifying=uniform(0,1)",
            "a boolean key takes discrete only",
        ),
        (
            "scenario.period=discrete(month:1)",
            "scenario.period cannot be drawn",
        ),
        (
            "stream.Chatt.growth=uniform(1%,2%)",
            "did you mean \"Chat\"?",
        ),
    ];
    for (draw, message) in cases {
        refused(SCENARIO, &["--draw", draw], message);
    }
    // The same key in two --draws.
    refused(
        SCENARIO,
        &[
            "--draw",
            "share.cap=uniform(10,20)",
            "--draw",
            "share.cap=uniform(30,40)",
        ],
        "key drawn twice",
    );
    // A drawn cap below paid_before, and --cap with a drawn cap.
    refused(
        SCENARIO,
        &[
            "--set",
            "share.paid_before=15",
            "--draw",
            "share.cap=uniform(10,20)",
        ],
        "the drawn cap's support goes below paid_before",
    );
    refused(
        SCENARIO,
        &["--draw", "share.cap=uniform(10,20)", "--cap", "30,40"],
        "--cap together with a drawn cap",
    );
    refused(
        SCENARIO,
        &[
            "--set",
            "share.paid_before=35",
            "--draw",
            "share.rate=uniform(10%,20%)",
            "--cap",
            "40,30",
        ],
        "a cap of --cap is below paid_before",
    );
}

#[test]
fn bad_counts_and_limits_exit_2() {
    let draw = ["--draw", "share.rate=uniform(10%,30%)"];
    for paths in ["0", "10000001", "many"] {
        let args = [&draw[..], &["--paths", paths]].concat();
        refused(SCENARIO, &args, "paths out of range");
    }
    let args = [&draw[..], &["--seed", "x"]].concat();
    refused(SCENARIO, &args, "bad seed");
    // 10,000,000 paths × 2 caps; 1,000,000 paths × 5 caps × 48 months = 240,000,000 cells.
    let args = [&draw[..], &["--paths", "10000000", "--cap", "10,20"]].concat();
    refused(SCENARIO, &args, "10,000,000 paths × 2 caps = 20,000,000");
    let monthly = [
        "--set",
        "scenario.period=month",
        "--paths",
        "1000000",
        "--cap",
        "1..5:1",
    ];
    let args = [&draw[..], &monthly].concat();
    refused(
        SCENARIO,
        &args,
        "1,000,000 paths × 5 caps × 48 periods = 240,000,000",
    );
    // Nothing to draw.
    refused(SCENARIO, &[], "mc needs something to draw");
}

#[test]
fn an_invalid_path_is_named_and_nothing_is_written() {
    let out = Test::new()
        .file("s.toml", &with_uncertain())
        .args(&["mc", "s.toml", "--out", "out", "--no-charts", "--quiet"])
        .run();
    let before = snapshot(&out.path().join("out"));
    // Sunsets drawn from 2025 on: some fall before the effective date (2026-01-01).
    let out = out
        .then()
        .args(&[
            "mc",
            "s.toml",
            "--out",
            "out",
            "--no-charts",
            "--draw",
            "share.sunset=uniform(2025-01-01,2029-12-31)",
        ])
        .status(2)
        .stderr_contains("error: path ")
        .stderr_contains("share.sunset=2025-")
        .run();
    assert_eq!(snapshot(&out.path().join("out")), before);
}

#[test]
fn file_tables_are_checked_and_placed() {
    let bad = format!(
        "{SCENARIO}\n[montecarlo]\npaths = 0\n\n[[uncertain]]\nkey = \"share.cap\"\ndist = \"pert\"\nmin = \"60\"\nmode = \"38\"\nmax = \"80\"\n\n[[uncertain]]\nkey = \"share.cap\"\ndist = \"uniform\"\nmin = \"1\"\nmax = \"2\"\n"
    );
    let out = Test::new()
        .file("s.toml", &bad)
        .args(&["validate", "s.toml"])
        .status(2)
        .stderr_contains("paths out of range")
        .stderr_contains("bad parameter `mode`")
        .stderr_contains("key drawn twice")
        .stderr_contains("field: uncertain[2].key")
        .run();
    // mc says the same, placed at the file's lines.
    out.then()
        .args(&["mc", "s.toml"])
        .status(2)
        .stderr_contains("--> s.toml:")
        .stderr_contains("mode = \"38\"")
        .run();
}

#[test]
fn toml_parameters_mean_the_same_as_the_draw_form() {
    let file = format!(
        "{SCENARIO}\n[[uncertain]]\nkey = \"share.cap\"\ndist = \"discrete\"\nvalues = [\"20\", 45, \"none\"]\nweights = [1, 2.5, 1]\n\n[[uncertain]]\nkey = \"share.sunset\"\ndist = \"uniform\"\nmin = 2028-06-30\nmax = 2029-12-31\n"
    );
    let from_file = mc(&file, &["--paths", "30"]);
    let from_arguments = mc(
        SCENARIO,
        &[
            "--paths",
            "30",
            "--draw",
            "share.cap=discrete(20:1,45:2.5,none:1)",
            "--draw",
            "share.sunset=uniform(2028-06-30,2029-12-31)",
        ],
    );
    let bytes = |o: &Output| -> BTreeMap<String, Vec<u8>> {
        let mut s = snapshot(&o.path().join("out"));
        s.remove("manifest.json");
        s
    };
    assert_eq!(bytes(&from_file), bytes(&from_arguments));
    // A drawn sunset: the dates run from 2026 to the latest sunset's year, no sunset row.
    let (_, binds) = table(&from_file.read_text("out/mc_binds.csv"));
    let dates: Vec<&str> = binds.iter().map(|b| b[0].as_str()).collect();
    assert_eq!(
        dates,
        ["2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31"]
    );
}

#[test]
fn the_report_shows_the_statistics_the_csvs_hold() {
    let out = mc(&with_uncertain(), &["--report", "html,xlsx,md"]);
    let md = out.read_text("out/report.md");
    // Each date's probability from mc_binds.csv, as a percentage, in the binds section.
    let (_, binds) = table(&out.read_text("out/mc_binds.csv"));
    let section = md
        .split("## How likely is the cap to be reached?")
        .nth(1)
        .unwrap();
    for b in &binds {
        let pct = (dec(&b[1]) * Decimal::ONE_HUNDRED).round_dp(2).normalize();
        let label = if b[0] == "2029-12-31" {
            format!("{} (sunset)", b[0])
        } else {
            b[0].clone()
        };
        assert!(
            section.contains(&format!("| {label} | {pct}% |")),
            "{label} {pct}%\n{section}"
        );
    }
    // The paid row: mean, stderr, P5…P95 of mc_summary.csv in the reader's money.
    let (_, summary) = table(&out.read_text("out/mc_summary.csv"));
    let paid = summary.iter().find(|r| r[0] == "paid").unwrap();
    let money = |cell: &str| {
        revshare::output::format::compact(revshare::money::round_cents(dec(cell)), "USD")
    };
    let mut want = vec!["paid".to_owned(), money(&paid[2]), money(&paid[4])];
    want.extend(paid[6..13].iter().map(|c| money(c)));
    assert!(
        md.contains(&format!("| {} |", want.join(" | "))),
        "{want:?}\n{md}"
    );
    // The draws section names each draw with its parameters.
    assert!(md.contains("| cap | uniform(10, 130) |"), "{md}");
    assert!(
        md.contains("| AWS scale | triangular(50%, 100%, 200%) |")
            || md.contains("triangular(50%, 100%, 200%)"),
        "{md}"
    );
    let html = out.read_text("out/report.html");
    assert!(html.contains("<h2>What was drawn</h2>"));
    // The workbook has the four sheets.
    let xlsx = out.read("out/report.xlsx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut workbook = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut workbook)
        .unwrap();
    for sheet in ["Monte Carlo", "Cap reached by", "Cumulative paid", "Draws"] {
        assert!(
            workbook.contains(&format!("name=\"{sheet}\"")),
            "{sheet}\n{workbook}"
        );
    }
}

/// The text of every `<text>` element of an SVG, trimmed.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')
                .and_then(|(_, rest)| rest.split_once("</text>"))
        })
        .map(|(text, _)| text.trim().to_owned())
        .collect()
}

#[test]
fn charts_are_drawn_per_cap_and_for_the_whole_run() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "mc",
            "s.toml",
            "--out",
            "out",
            "--quiet",
            "--paths",
            "50",
            "--draw",
            "revenue.scale=uniform(50%,150%)",
            "--cap",
            "45,none",
            "--charts",
            "svg",
        ])
        .run();
    let names: Vec<String> = snapshot(&out.path().join("out"))
        .into_keys()
        .filter(|n| n.ends_with(".svg"))
        .collect();
    assert_eq!(
        names,
        [
            "mc_binds.svg",
            "mc_fan_1.svg",
            "mc_fan_2.svg",
            "mc_paid.svg"
        ]
    );
    // One fan per cap in --cap order, each titled with its cap; the capped one draws it.
    let first = svg_texts(&out.read_text("out/mc_fan_1.svg"));
    assert_eq!(
        first[0],
        "Cumulative share paid, cap $45: range over the paths"
    );
    assert!(first.contains(&"cap $45".to_owned()), "{first:?}");
    let second = svg_texts(&out.read_text("out/mc_fan_2.svg"));
    assert!(
        second[0].contains("uncapped") || second[0].contains("no cap"),
        "{second:?}"
    );
    // The histogram overlays both caps; the binds chart has a line per cap.
    let paid = svg_texts(&out.read_text("out/mc_paid.svg"));
    assert_eq!(paid[0], "Total share paid per path, 2 caps");
    let binds = svg_texts(&out.read_text("out/mc_binds.svg"));
    assert!(
        binds.iter().any(|t| t.starts_with("cap $45: ")),
        "{binds:?}"
    );
    // Without --cap and with a drawn cap: one fan, no single cap line.
    let drawn = Test::new()
        .file("s.toml", &with_uncertain())
        .args(&["mc", "s.toml", "--out", "out", "--quiet", "--charts", "svg"])
        .run();
    let fan = svg_texts(&drawn.read_text("out/mc_fan.svg"));
    assert_eq!(fan[0], "Cumulative share paid: range over the paths");
    assert!(fan.iter().any(|t| t.contains("drawn cap")), "{fan:?}");
}

#[test]
fn the_invalid_path_named_is_the_first_whatever_the_threads() {
    // A cap of 0 below a drawn paid_before on about 1 path in 1,500: the error names the
    // lowest such path, at one thread and at two.
    let stderr = |threads: &str| {
        Test::new()
            .file("s.toml", SCENARIO)
            .env("RAYON_NUM_THREADS", threads)
            .args(&[
                "mc",
                "s.toml",
                "--out",
                "out",
                "--no-charts",
                "--quiet",
                "--paths",
                "4000",
                "--seed",
                "8",
                "--sampling",
                "random",
                "--draw",
                "share.cap=discrete(0:1,100:1500)",
                "--draw",
                "share.paid_before=uniform(1,50)",
            ])
            .status(2)
            .stderr_contains("error: path ")
            .run()
            .stderr
    };
    assert_eq!(stderr("1"), stderr("2"));
}
