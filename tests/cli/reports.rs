//! `run --report html,md`: a self-contained HTML page and a Markdown summary whose numbers are
//! the run's own.

use crate::support::{Test, grouped};

const SCENARIO: &str = r#"
[scenario]
name = "Report <test> & co"
start = 2026-01-01
end = 2027-12-31

[share]
rate = "20%"
cap = "1B"

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 2026 = "4B", 2027 = "6B" }

[[stream]]
name = "API"
cloud = "aws"
annual = { 2026 = "1B", 2027 = "2B" }
"#;

fn summary_cell(out: &crate::support::Output, column: &str) -> String {
    let csv = out.read_text("out/summary.csv");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    row[header.iter().position(|h| *h == column).unwrap()].to_owned()
}

#[test]
fn html_report_is_self_contained_and_carries_the_answer() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "run", "s.toml", "--out", "out", "--report", "html,md", "--charts", "png",
        ])
        .run();
    let html = out.read_text("out/report.html");
    assert_self_contained(&html);
    let lower = html.to_ascii_lowercase();
    // SVG namespace declarations are the only URLs, and they are not requests.
    let urls = lower.matches("http").count();
    assert_eq!(
        urls,
        lower
            .matches("xmlns=\"http://www.w3.org/2000/svg\"")
            .count()
    );
    assert!(html.contains("Report &lt;test&gt; &amp; co"));
    for cloud in ["azure", "aws"] {
        assert!(html.contains(&format!("<td>{cloud}</td>")), "{cloud}");
    }
    assert!(html.contains(&grouped(&summary_cell(&out, "paid"))));
    // One inline SVG per chart, even though only PNG files were written, and the what-if
    // panel's chart (SPEC §7.5).
    assert_eq!(html.matches("<svg").count(), 4);
    assert_eq!(html.matches("id=\"whatif-chart\"").count(), 1);
    assert!(html.contains("Projections are assumptions, not forecasts."));
    assert!(html.contains("@media print"));
}

#[test]
fn markdown_headline_numbers_equal_the_summary() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--out", "out", "--report", "md"])
        .run();
    let md = out.read_text("out/report.md");
    for column in [
        "revenue",
        "qualifying_revenue",
        "accrued",
        "paid",
        "foregone",
        "npv",
        "binding_threshold",
    ] {
        let label = match column {
            "qualifying_revenue" => "qualifying revenue",
            "npv" => "NPV",
            "binding_threshold" => "binding threshold",
            other => other,
        };
        let line = format!("| {label} | {} |", grouped(&summary_cell(&out, column)));
        assert!(md.contains(&line), "missing {line}");
    }
    let hit = summary_cell(&out, "cap_hit_date");
    assert!(md.contains(&format!("is reached on {hit}")));
    assert!(md.contains("![payments.png](payments.png)"));
    assert!(!out.path().join("out/report.html").exists());
}

#[test]
fn unknown_report_format_is_a_usage_error() {
    Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--report", "pdf"])
        .status(2)
        .stderr_contains("unknown report format `pdf`")
        .run();
}

#[test]
fn report_command_writes_every_report() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&["report", "s.toml", "--out", "out"])
        .run();
    for file in [
        "report.html",
        "report.xlsx",
        "report.md",
        "periods.csv",
        "payments.png",
    ] {
        assert!(out.path().join("out").join(file).exists(), "{file}");
    }
    assert!(out.read("out/report.xlsx").starts_with(b"PK"));
    assert!(
        out.read_text("out/manifest.json")
            .contains("\"report.xlsx\"")
    );
}

/// No `src`, `href`, `@import`, external scripts or links, and the only CSS `url()`s are the
/// two embedded font faces (regular and bold) as data URLs: nothing leaves the file. A run's
/// page carries the what-if panel's inline data and script (SPEC §7.5), and no other script.
fn assert_self_contained(html: &str) {
    let lower = html.to_ascii_lowercase();
    for needle in ["src=", "href=", "@import", "<script src", "<link"] {
        assert!(!lower.contains(needle), "found {needle}");
    }
    let scripts = lower.matches("<script").count();
    assert!(scripts == 0 || scripts == 2, "{scripts} scripts");
    assert_eq!(lower.matches("url(").count(), 2);
    assert_eq!(lower.matches("url(data:font/ttf;base64,").count(), 2);
    // The charts' text asks for the embedded face, not the browser's own sans-serif.
    assert!(html.contains("svg text { font-family: \"revshare Noto Sans\""));
}

#[test]
fn compare_report_shows_scenarios_side_by_side() {
    let other = SCENARIO
        .replace("Report <test> & co", "Other")
        .replace("cap = \"1B\"", "cap = \"none\"");
    let out = Test::new()
        .file("a.toml", SCENARIO)
        .file("b.toml", &other)
        .args(&["compare", "a.toml", "b.toml", "--report", "html,md"])
        .run();
    let html = out.read_text("out/compare/report.html");
    assert_self_contained(&html);
    assert!(
        html.contains("<th>Report &lt;test&gt; &amp; co</th>") && html.contains("<th>Other</th>")
    );
    assert_eq!(html.matches("<svg").count(), 2);
    let md = out.read_text("out/compare/report.md");
    assert!(md.contains("| cap | $1.0B | uncapped |"), "{md}");
}

#[test]
fn sweep_report_samples_large_sweeps() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep",
            "s.toml",
            "--cap",
            "10M..3B:10M",
            "--report",
            "html,md",
        ])
        // Revenue 13B: a 10M cap is below 13B / 1,000 = 13M, a likely unit mistake.
        .stderr_contains("warning: in 1 of 300 cases (first: sweep case 1 (share.cap=10000000.00))")
        .stderr_contains("expected: a cap of at least 13,000,000.00 USD (1/1,000 of the revenue)")
        .run();
    let html = out.read_text("out/s-sweep/report.html");
    assert_self_contained(&html);
    assert!(html.contains("An evenly spaced sample of 200 of the 300 cases is shown"));
    assert_eq!(html.matches("<svg").count(), 2);
    let md = out.read_text("out/s-sweep/report.md");
    assert_eq!(md.lines().filter(|l| l.starts_with("| $")).count(), 200);
    // Caps read as money (issue 11): $10.0M for the first case; 1.01B (case 100, sampled as
    // floor(67 × 299 / 199) = 100), which `$1.0B` would round, in full.
    assert!(md.contains("| $10.0M |"), "{md}");
    assert!(html.contains("$10.0M"));
    assert!(
        md.lines().any(|l| l.starts_with("| $1,010,000,000.00 |")),
        "{md}"
    );
    assert!(!md.contains("10000000.00 |"), "{md}");
    // Keys read as words (issue 11): "cap", not "share.cap".
    assert!(md.contains("| cap | paid | foregone |"), "{md}");
    assert!(!md.contains("share.cap"), "{md}");
}

#[test]
fn sweep_and_compare_workbooks_hold_their_tables() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep",
            "s.toml",
            "--cap",
            "100M..1B:100M",
            "--no-charts",
            "--report",
            "xlsx",
        ])
        .run();
    let mut book: Xlsx<_> = open_workbook(out.path().join("out/s-sweep/report.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Summary", "Sweep"]);
    let range = book.worksheet_range("Sweep").unwrap();
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("Sweep: all 10 cases.".into()))
    );
    assert_eq!(
        range.get_value((2, 0)),
        Some(&Data::String("share.cap".into()))
    );
    // Row 4 of the sheet is the first case: cap 100M, a number, as in sweep.csv.
    let csv = out.read_text("out/s-sweep/sweep.csv");
    let first_paid: f64 = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(9)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(range.get_value((3, 0)), Some(&Data::Float(100_000_000.0)));
    assert_eq!(range.get_value((3, 9)), Some(&Data::Float(first_paid)));
    assert_eq!(range.height(), 3 + 10);

    let other = out.then_run(&[
        "compare",
        "s.toml",
        "s.toml",
        "--no-charts",
        "--report",
        "xlsx",
    ]);
    assert!(other.contains("(+$0)"));
    let mut book: Xlsx<_> = open_workbook(out.path().join("out/compare/report.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["Summary", "Compare"]);
    let range = book.worksheet_range("Compare").unwrap();
    assert_eq!(range.height(), 3 + 2);
    assert_eq!(
        range.get_value((3, 0)),
        Some(&Data::String("Report <test> & co".into()))
    );
}

/// The (label, value) pairs of a Summary sheet's first two columns, as text.
fn summary_pairs(range: &calamine::Range<calamine::Data>) -> Vec<(String, calamine::Data)> {
    range
        .rows()
        .filter_map(|row| match row.first() {
            Some(calamine::Data::String(label)) => Some((
                label.clone(),
                row.get(1).cloned().unwrap_or(calamine::Data::Empty),
            )),
            _ => None,
        })
        .collect()
}

/// The XML of every chart in an xlsx, and the sheet each chart's drawing sits on.
fn charts_of(path: &std::path::Path) -> Vec<String> {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    let mut charts = Vec::new();
    for name in names.iter().filter(|n| n.starts_with("xl/charts/chart")) {
        let mut xml = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        charts.push(xml);
    }
    charts
}

/// A 0-based column index as its letters (columns here stay below Z).
fn letter(col: usize) -> char {
    char::from(b'A' + col as u8)
}

/// Issue 11 (item 3): the sweep and compare workbooks open with a Summary sheet (what varied,
/// the file, the deal terms as numbers and dates), carry a native chart over their table's
/// paid (and foregone) columns, and type every cell: money and rates as numbers, dates as
/// dates, booleans as booleans, and empty cells empty.
#[test]
fn sweep_and_compare_workbooks_open_with_a_summary_and_a_chart() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep",
            "s.toml",
            "--cap",
            "500M,none",
            "--set",
            "share.rate=25%",
            "--no-charts",
            "--report",
            "xlsx",
        ])
        .run();
    let path = out.path().join("out/s-sweep/report.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let summary = summary_pairs(&book.worksheet_range("Summary").unwrap());
    let value = |label: &str| {
        summary
            .iter()
            .find(|(l, _)| l == label)
            .unwrap_or_else(|| panic!("no {label} on Summary: {summary:?}"))
            .1
            .clone()
    };
    assert_eq!(value("scenario"), Data::String("Report <test> & co".into()));
    assert_eq!(value("file"), Data::String("s.toml".into()));
    assert_eq!(value("varied: share.cap"), Data::String("500M,none".into()));
    assert_eq!(value("set"), Data::String("share.rate=25%".into()));
    // The deal terms row: the rate after --set as a number, the varied cap named as such.
    let range = book.worksheet_range("Summary").unwrap();
    let terms = range
        .rows()
        .find(|row| row.first() == Some(&Data::String("Report <test> & co".into())))
        .expect("a deal-terms row");
    assert_eq!(terms[2], Data::Float(0.25));
    assert_eq!(terms[3], Data::String("varied".into()));
    assert!(
        matches!(terms[4], Data::DateTime(_)),
        "effective is a date: {:?}",
        terms[4]
    );

    // The table: sweep.csv's rows with typed cells.
    let csv = out.read_text("out/s-sweep/sweep.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let sweep = book.worksheet_range("Sweep").unwrap();
    let cell = |r: usize, name: &str| {
        sweep
            .get_value((3 + r as u32, col(name) as u32))
            .cloned()
            .unwrap_or(Data::Empty)
    };
    for (r, row) in rows.iter().enumerate() {
        for name in ["paid", "foregone", "npv", "revenue"] {
            let expected: f64 = row[col(name)].parse().unwrap();
            assert_eq!(cell(r, name), Data::Float(expected), "row {r} {name}");
        }
        let rate: f64 = row[col("effective_rate")].parse().unwrap();
        assert_eq!(cell(r, "effective_rate"), Data::Float(rate));
        assert_eq!(
            cell(r, "cap_reached"),
            Data::Bool(row[col("cap_reached")] == "true")
        );
        assert!(matches!(cell(r, "start"), Data::DateTime(_)));
    }
    // 500M is reached; uncapped leaves the key, cap and hit date empty, not "" or 0.
    assert_eq!(cell(0, "share.cap"), Data::Float(500_000_000.0));
    assert!(matches!(cell(0, "cap_hit_date"), Data::DateTime(_)));
    for name in ["share.cap", "cap", "cap_hit_date"] {
        assert_eq!(rows[1][col(name)], "", "sweep.csv {name}");
        assert_eq!(cell(1, name), Data::Empty, "uncapped {name}");
    }
    // One chart: paid and foregone against the cap, read from the Sweep sheet.
    let charts = charts_of(&path);
    assert_eq!(charts.len(), 1);
    let (first, last) = (4, 3 + rows.len());
    for name in ["paid", "foregone"] {
        let c = letter(col(name));
        let reference = format!("Sweep!${c}${first}:${c}${last}");
        assert!(
            charts[0].contains(&reference),
            "{reference} in {}",
            charts[0]
        );
    }
    assert!(
        charts[0].contains(&format!("Sweep!$A${first}:$A${last}")),
        "the cap axis"
    );

    // compare: bars of paid and foregone per scenario.
    out.then_run(&[
        "compare",
        "s.toml",
        "s.toml",
        "--no-charts",
        "--report",
        "xlsx",
    ]);
    let path = out.path().join("out/compare/report.xlsx");
    let csv = out.read_text("out/compare/compare.csv");
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let charts = charts_of(&path);
    assert_eq!(charts.len(), 1);
    assert!(charts[0].contains("<c:barChart>"), "a bar chart");
    for name in ["paid", "foregone"] {
        let c = letter(col(name));
        assert!(
            charts[0].contains(&format!("Compare!${c}$4:${c}$5")),
            "{name}"
        );
    }
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let summary = book.worksheet_range("Summary").unwrap();
    let files: Vec<&Data> = summary
        .rows()
        .filter(|row| row.first() == Some(&Data::String("Report <test> & co".into())))
        .map(|row| &row[1])
        .collect();
    assert_eq!(
        files,
        [&Data::String("s.toml".into()); 2],
        "a terms row per scenario"
    );
    let compare = book.worksheet_range("Compare").unwrap();
    let paid: f64 = csv
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(col("paid"))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        compare.get_value((3, col("paid") as u32)),
        Some(&Data::Float(paid))
    );
}

/// A grid sweep's chart is a point per case (a line would zigzag through the other keys'
/// values): a scatter over a numeric first key, markers without a line over a first key that
/// has an empty (uncapped) value.
#[test]
fn grid_sweep_workbooks_chart_a_point_per_case() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "sweep",
            "s.toml",
            "--vary",
            "share.rate=10%,20%",
            "--cap",
            "1B,none",
            "--no-charts",
            "--report",
            "xlsx",
        ])
        .run();
    let charts = charts_of(&out.path().join("out/s-sweep/report.xlsx"));
    assert_eq!(charts.len(), 1);
    assert!(charts[0].contains("<c:scatterChart>"), "{}", charts[0]);
    assert!(charts[0].contains("Paid against share.rate, a point per case"));
    out.then_run(&[
        "sweep",
        "s.toml",
        "--cap",
        "1B,none",
        "--vary",
        "share.rate=10%,20%",
        "--no-charts",
        "--report",
        "xlsx",
    ]);
    let charts = charts_of(&out.path().join("out/s-sweep/report.xlsx"));
    assert!(charts[0].contains("<c:lineChart>"), "{}", charts[0]);
    assert!(
        charts[0].contains("<a:ln><a:noFill/></a:ln>"),
        "no line: {}",
        charts[0]
    );
}

/// Issue 11: every command's help ends with an example of itself, and every `--report` lists
/// the three formats the commands accept.
#[test]
fn help_shows_an_example_per_command_and_every_report_format() {
    for command in [
        "run", "sweep", "report", "compare", "solve", "validate", "init",
    ] {
        let out = Test::new().args(&[command, "--help"]).run();
        let help = out.stdout;
        assert!(
            help.contains(&format!("Example:\n  revshare {command} ")),
            "{command}: {help}"
        );
        if help.contains("--report") {
            assert!(
                help.contains("html (a self-contained page), xlsx (a workbook) and md (Markdown)"),
                "{command}: {help}"
            );
        }
    }
}

/// Issue 11: shell completions and the man page come from the same clap definition, so every
/// command is in them.
#[test]
fn completions_and_man_page_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Test::new().args(&["completions", shell]).run();
        for command in [
            "run", "sweep", "compare", "solve", "validate", "init", "man",
        ] {
            assert!(out.stdout.contains(command), "{shell} lacks {command}");
        }
        assert!(out.stdout.contains("cap-binds-by"), "{shell}");
    }
    let man = Test::new().args(&["man"]).run().stdout;
    assert!(man.contains(".TH revshare 1"), "{man}");
    for command in [
        "revshare\\-run",
        "revshare\\-sweep",
        "revshare\\-completions",
    ] {
        assert!(man.contains(command), "man lacks {command}: {man}");
    }
}

/// Issue 11: `report --report md` writes only what was asked; `report` alone writes all three.
#[test]
fn report_writes_only_the_reports_asked_for() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&["report", "s.toml", "--report", "md", "--no-charts"])
        .run();
    assert!(out.path().join("out/s/report.md").is_file());
    assert!(!out.path().join("out/s/report.html").exists());
    assert!(!out.path().join("out/s/report.xlsx").exists());
    let all = Test::new()
        .file("s.toml", SCENARIO)
        .args(&["report", "s.toml", "--no-charts"])
        .run();
    for name in ["report.md", "report.html", "report.xlsx"] {
        assert!(all.path().join("out/s").join(name).is_file(), "{name}");
    }
}

/// Issue 11: `compare --format` describes compare's own output, not run's summary files.
#[test]
fn compare_format_help_describes_compare() {
    let help = Test::new().args(&["compare", "--help"]).run().stdout;
    assert!(help.contains("csv (compare.csv)"), "{help}");
    assert!(!help.contains("summary.json"), "{help}");
}

#[test]
fn headline_says_who_pays_whom_and_what_the_cap_forgoes() {
    // Qualifying revenue 4B + 6B + 1B + 2B = 13B less the cents each period cell rounds away
    // (12,999,999,999.98); accrued ≈ 20% × 13B = 2.6B; the 1B cap pays 1B, so about
    // 2.6B − 1B = 1.6B is foregone: $1.6B in short, summary.csv's exact figure beside it.
    let named = SCENARIO.replace(
        "cap = \"1B\"",
        "cap = \"1B\"\npayer = \"OpenAI\"\npayee = \"Microsoft\"",
    );
    let out = Test::new()
        .file("s.toml", &named)
        .args(&["run", "s.toml", "--out", "out", "--report", "md"])
        .run();
    let md = out.read_text("out/report.md");
    assert!(
        md.contains("OpenAI pays Microsoft $1.0B (1,000,000,000.00 USD) in total"),
        "{md}"
    );
    let foregone = grouped(&summary_cell(&out, "foregone"));
    assert!(
        md.contains(&format!(
            "$1.6B ({foregone} USD) is foregone above the cap."
        )),
        "{md}"
    );
    assert!(md.contains("| payer | OpenAI |"), "{md}");

    // Without names the sentence stays neutral and names the scenario instead.
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&["run", "s.toml", "--out", "out", "--report", "md"])
        .run();
    let md = out.read_text("out/report.md");
    assert!(
        md.contains(": $1.0B (1,000,000,000.00 USD) is paid in total"),
        "{md}"
    );
    assert!(!md.contains(" pays "), "{md}");
}

#[test]
fn a_blank_payer_is_refused() {
    Test::new()
        .file(
            "s.toml",
            &SCENARIO.replace("cap = \"1B\"", "cap = \"1B\"\npayer = \" \""),
        )
        .args(&["run", "s.toml", "--out", "out"])
        .status(2)
        .stderr_contains("s.toml:9:9")
        .stderr_contains("expected: a name of 1 to 60 characters")
        .run();
}

#[test]
fn set_overrides_are_named_in_charts_reports_table_and_manifest() {
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "run",
            "s.toml",
            "--out",
            "out",
            "--set",
            "share.cap=none",
            "--set",
            "share.rate=15%",
            "--report",
            "html,md",
            "--charts",
            "svg",
        ])
        .run();
    let said = "with --set share.cap=none, share.rate=15%";
    for chart in ["revenue_by_cloud", "payments", "cumulative"] {
        let svg = out.read_text(&format!("out/{chart}.svg"));
        assert!(svg.contains(said), "{chart}");
    }
    assert!(out.stdout.lines().nth(1) == Some(said), "{}", out.stdout);
    let md = out.read_text("out/report.md");
    assert!(
        md.contains("| --set share.cap | none | command-line override"),
        "{md}"
    );
    assert!(md.contains("| --set share.rate | 15% |"), "{md}");
    let html = out.read_text("out/report.html");
    assert!(html.contains("<td>--set share.cap</td><td>none</td>"));
    let manifest: serde_json::Value =
        serde_json::from_str(&out.read_text("out/manifest.json")).unwrap();
    assert_eq!(
        manifest["overrides"],
        serde_json::json!(["share.cap=none", "share.rate=15%"])
    );

    // The file's own case says nothing of overrides.
    let out = Test::new()
        .file("s.toml", SCENARIO)
        .args(&[
            "run", "s.toml", "--out", "out", "--report", "md", "--charts", "svg",
        ])
        .run();
    assert!(!out.read_text("out/cumulative.svg").contains("--set"));
    assert!(!out.read_text("out/report.md").contains("--set"));
    assert!(!out.stdout.contains("--set"));
    let manifest: serde_json::Value =
        serde_json::from_str(&out.read_text("out/manifest.json")).unwrap();
    assert_eq!(manifest["overrides"], serde_json::json!([]));
}
