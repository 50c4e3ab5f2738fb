//! `revshare compare` and `revshare solve`.

use crate::support::Test;

const SCENARIO: &str = r#"
[scenario]
name = "Small"
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

#[test]
fn compare_of_a_scenario_with_itself_shows_zero_differences() {
    let out = Test::new()
        .file("a.toml", SCENARIO)
        .args(&["compare", "a.toml", "a.toml", "--no-charts"])
        .stdout_contains("(+$0)")
        .run();
    let csv = out.read_text("out/compare/compare.csv");
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[0].ends_with(",binding_threshold,paid_before,file"));
    let strip = |r: &str| r.rsplit_once(',').unwrap().0.to_owned();
    assert_eq!(strip(rows[1]), strip(rows[2]));
    assert!(!out.stdout.contains("(-"));
}

#[test]
fn compare_matches_separate_runs() {
    let bigger = SCENARIO
        .replace("cap = \"1B\"", "cap = \"none\"")
        .replace("Small", "Uncapped");
    let out = Test::new()
        .file("a.toml", SCENARIO)
        .file("b.toml", &bigger)
        .args(&["compare", "a.toml", "b.toml"])
        .run();
    let csv = out.read_text("out/compare/compare.csv");
    for (i, file) in ["a.toml", "b.toml"].iter().enumerate() {
        let run = out.then_run(&[
            "run",
            file,
            "--no-charts",
            "--format",
            "csv",
            "--out",
            &format!("out/{i}"),
        ]);
        let summary = run.lines().nth(1).unwrap().to_owned();
        let row = csv.lines().nth(i + 1).unwrap();
        assert_eq!(row, format!("{summary},{file}"));
    }
    let periods = out.read_text("out/compare/compare_periods.csv");
    assert!(periods.starts_with(
        "period,scenario,paid,cumulative_paid,file\n2026-Q1,Small,0.00,0.00,a.toml\n"
    ));
    assert_eq!(periods.lines().count(), 1 + 12 + 12);
    for chart in ["compare_cumulative", "compare_paid"] {
        assert!(out.path().join(format!("out/compare/{chart}.svg")).exists());
        assert!(out.path().join(format!("out/compare/{chart}.png")).exists());
    }
}

#[test]
fn compare_needs_two_scenarios() {
    Test::new()
        .file("a.toml", SCENARIO)
        .args(&["compare", "a.toml"])
        .status(2)
        .stderr_contains("two or more")
        .run();
}

#[test]
fn solve_round_trips_through_run() {
    let out = Test::new()
        .file("a.toml", SCENARIO)
        .args(&[
            "solve",
            "a.toml",
            "--cap-binds-by",
            "2027-05-10",
            "--format",
            "json",
        ])
        .run();
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let cap = value["largest_cap"].as_str().unwrap().to_owned();
    let hit = |cap: &str| {
        let json = out.then_run(&[
            "run",
            "a.toml",
            "--no-charts",
            "--format",
            "json",
            "--set",
            &format!("share.cap={cap}"),
        ]);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v["cap_hit_date"].as_str().map(str::to_owned)
    };
    assert!(hit(&cap).unwrap().as_str() <= "2027-05-10");
    let one_more = (cap.parse::<rust_decimal::Decimal>().unwrap()
        + rust_decimal::Decimal::new(1, 2))
    .to_string();
    assert!(hit(&one_more).is_none_or(|d| d.as_str() > "2027-05-10"));
}

#[test]
fn solve_before_the_effective_date_and_after_the_sunset() {
    let out = Test::new()
        .file("a.toml", SCENARIO)
        .args(&[
            "solve",
            "a.toml",
            "--cap-binds-by",
            "2026-04-26",
            "--format",
            "json",
        ])
        .run();
    assert!(out.stdout.contains("\"largest_cap\": null"));
    let late = out.then_run(&[
        "solve",
        "a.toml",
        "--cap-binds-by",
        "2028-07-01",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&late).unwrap();
    assert_eq!(v["largest_cap"], v["binding_threshold"]);
}

#[test]
fn compare_base_and_bear_matches_their_goldens() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = root.join("scenarios/base.toml");
    let bear = root.join("scenarios/bear.toml");
    let out = Test::new()
        .args(&[
            "compare",
            base.to_str().unwrap(),
            bear.to_str().unwrap(),
            "--no-charts",
        ])
        .run();
    let csv = out.read_text("out/compare/compare.csv");
    for (i, stem) in ["base", "bear"].iter().enumerate() {
        let golden =
            std::fs::read_to_string(root.join(format!("tests/golden/{stem}/summary.csv"))).unwrap();
        let row = csv.lines().nth(i + 1).unwrap();
        assert!(row.starts_with(golden.lines().nth(1).unwrap()), "{stem}");
    }
}

#[test]
fn compare_format_csv_and_json_print_the_summaries() {
    let out = Test::new()
        .file("a.toml", SCENARIO)
        .args(&[
            "compare",
            "a.toml",
            "a.toml",
            "--no-charts",
            "--format",
            "csv",
        ])
        .run();
    assert_eq!(out.stdout, out.read_text("out/compare/compare.csv"));
    let json = out.then_run(&[
        "compare",
        "a.toml",
        "a.toml",
        "--no-charts",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[0]["scenario"], "Small");
}

/// The stdout line of the table whose first cell is `label`, split into its cells.
fn table_row(stdout: &str, label: &str) -> Vec<String> {
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{label}  ")))
        .unwrap_or_else(|| panic!("no {label} row in\n{stdout}"));
    line[line.find(label).unwrap() + label.len()..]
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn compare_table_shows_the_deal_terms_with_money_as_on_every_row() {
    let other = SCENARIO
        .replace("cap = \"1B\"", "cap = \"none\"")
        .replace("rate = \"20%\"", "rate = \"17.5%\"\npayment_lag_days = 30")
        .replace("Small", "Other");
    let out = Test::new()
        .file("a.toml", SCENARIO)
        .file("b.toml", &other)
        .args(&["compare", "a.toml", "b.toml", "--no-charts"])
        .run();
    let row = |label| table_row(&out.stdout, label);
    assert_eq!(row("rate"), ["20%", "17.5%"]);
    // Money in the cap row reads like the paid row ($1.0B), not 1,000,000,000.00.
    assert_eq!(row("cap"), ["$1.0B", "uncapped"]);
    assert!(row("paid")[0].starts_with("$1.0B"), "{}", out.stdout);
    assert_eq!(row("effective"), ["2026-04-27", "2026-04-27"]);
    assert_eq!(row("sunset"), ["2028-06-30", "2028-06-30"]);
    assert_eq!(row("payment lag"), ["0 days", "30 days"]);
    assert!(!out.stdout.contains("1,000,000,000"), "{}", out.stdout);
}

#[test]
fn regression_names_sharing_a_long_prefix_were_cut_to_the_same_text() {
    let name = |tail| format!("Base case with a very long name that differs only at {tail}");
    let out = Test::new()
        .file("a.toml", &SCENARIO.replace("Small", &name("A")))
        .file("b.toml", &SCENARIO.replace("Small", &name("B")))
        .args(&["compare", "a.toml", "b.toml", "--no-charts"])
        .run();
    // The header is every line above the first row; each column must end differently.
    let header: Vec<&str> = out
        .stdout
        .lines()
        .take_while(|l| !l.trim_start().starts_with("rate"))
        .collect();
    let last = header.last().unwrap().split("  ").map(str::trim);
    let ends: Vec<&str> = last.filter(|c| !c.is_empty()).collect();
    assert_eq!(ends.len(), 2, "{}", out.stdout);
    assert!(
        ends[0].ends_with(" A") && ends[1].ends_with(" B"),
        "{}",
        out.stdout
    );
    assert!(
        header.iter().all(|l| l.chars().count() <= 80),
        "{}",
        out.stdout
    );
}

/// Six scenarios named with 40 characters each (then `tail`), differing in their 40th, with caps
/// 1B, 2B, 2B, none, 1B, 3B.
fn six_long_names(tail: &str) -> (Test, Vec<String>) {
    let mut test = Test::new();
    let mut names = Vec::new();
    for (i, cap) in ["1B", "2B", "2B", "none", "1B", "3B"].iter().enumerate() {
        let name = format!(
            "Base case with a long descriptive name {}",
            (b'A' + i as u8) as char
        );
        assert_eq!(name.chars().count(), 40);
        let name = format!("{name}{tail}");
        let text = SCENARIO
            .replace("Small", &name)
            .replace("cap = \"1B\"", &format!("cap = \"{cap}\""));
        test = test.file(&format!("s{i}.toml"), &text);
        names.push(name);
    }
    (test, names)
}

fn compare_six(tail: &str) -> (crate::support::Output, Vec<String>) {
    let (test, names) = six_long_names(tail);
    let files: Vec<String> = (0..6).map(|i| format!("s{i}.toml")).collect();
    let mut args = vec!["compare"];
    args.extend(files.iter().map(String::as_str));
    (test.args(&args).run(), names)
}

#[test]
fn compare_paid_names_every_bar_of_six_long_named_scenarios() {
    let (out, names) = compare_six("");
    let texts = crate::charts::svg_texts(&out.read_text("out/compare/compare_paid.svg"));
    // Each bar carries its total: $1.0B where the cap of 1B binds (the axis says $1B).
    let totals = texts.iter().filter(|t| *t == "$1.0B").count();
    assert_eq!(totals, 2, "{texts:?}");
    for name in &names {
        assert!(
            crate::charts::drawn_whole(&texts, name),
            "{name} not drawn whole: {texts:?}"
        );
    }
}

#[test]
fn compare_subtitle_that_does_not_fit_is_whole_in_the_svg_title() {
    let (out, names) = compare_six(" in a scenario set for the board");
    let svg = out.read_text("out/compare/compare_cumulative.svg");
    let title = crate::charts::svg_title(&svg);
    for name in &names {
        assert!(title.contains(name.as_str()), "{name} not in {title}");
    }
    // Six 72-character names do not fit two lines: the drawn subtitle ends with an ellipsis.
    let texts = crate::charts::svg_texts(&svg);
    assert!(
        texts.iter().any(|t| t.starts_with("6 scenarios: ")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.ends_with('…')), "{texts:?}");
    assert!(texts.iter().all(|t| !t.contains(&names[5])), "{texts:?}");
}

#[test]
fn compare_cumulative_labels_each_cap_level_and_names_who_shares_it() {
    let (out, names) = compare_six("");
    let texts = crate::charts::svg_texts(&out.read_text("out/compare/compare_cumulative.svg"));
    let has = |s: &str| texts.iter().any(|t| t == s);
    // 1B and 2B are shared by two scenarios each (too long to name both), 3B by one.
    assert!(has("cap $1B · 2 scenarios"), "{texts:?}");
    assert!(has("cap $2B · 2 scenarios"), "{texts:?}");
    assert!(has(&format!("cap $3B · {}", names[5])), "{texts:?}");
    assert!(
        !texts.iter().any(|t| t.starts_with("cap uncapped")),
        "{texts:?}"
    );
}

#[test]
fn compare_cumulative_lines_carry_a_mark_of_their_own_in_the_legend() {
    let out = Test::new()
        .file("a.toml", SCENARIO)
        .file("b.toml", &SCENARIO.replace("Small", "Twin"))
        .args(&["compare", "a.toml", "b.toml"])
        .run();
    let svg = out.read_text("out/compare/compare_cumulative.svg");
    // Both scenarios are the same: their lines coincide. The first is marked with circles,
    // the second with squares (closed 5-point outlines), in the second palette colour.
    assert!(svg.contains("<circle"), "no circle marks");
    let squares = svg
        .split("<polyline")
        .filter(|p| p.contains("stroke=\"#D55E00\"") && p.contains("stroke-width=\"3\""))
        .filter(|p| {
            p.split("points=\"")
                .nth(1)
                .is_some_and(|pts| pts.split(' ').filter(|x| x.contains(',')).count() == 5)
        })
        .count();
    assert!(squares >= 3, "{squares} square marks");
    let texts = crate::charts::svg_texts(&svg);
    assert!(
        texts.iter().any(|t| t == "cap $1B · Small, Twin"),
        "{texts:?}"
    );
}
