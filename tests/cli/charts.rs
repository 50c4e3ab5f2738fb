//! `run` writes the charts of SPEC §4 as SVG and PNG; `--charts` picks formats and
//! `--no-charts` skips them; the manifest lists what was written.

use crate::support::Test;

const SCENARIO: &str = r#"
[scenario]
start = 2026-01-01
end = 2027-12-31

[share]
rate = "20%"
cap = "1B"

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 2026 = "4B", 2027 = "6B" }
"#;

const CHARTS: [&str; 3] = ["revenue_by_cloud", "payments", "cumulative"];

fn run(extra: &[&str]) -> crate::support::Output {
    let mut args = vec!["run", "s.toml", "--out", "out"];
    args.extend_from_slice(extra);
    Test::new().file("s.toml", SCENARIO).args(&args).run()
}

fn exists(out: &crate::support::Output, file: &str) -> bool {
    out.path().join("out").join(file).exists()
}

#[test]
fn run_writes_every_chart_as_svg_and_png_by_default() {
    let out = run(&[]);
    let manifest = out.read_text("out/manifest.json");
    for chart in CHARTS {
        for ext in ["svg", "png"] {
            let file = format!("{chart}.{ext}");
            assert!(exists(&out, &file), "{file}");
            assert!(
                manifest.contains(&format!("\"{file}\"")),
                "{file} not in manifest"
            );
        }
    }
    assert!(
        out.read("out/payments.png")
            .starts_with(b"\x89PNG\r\n\x1a\n")
    );
    assert!(out.read_text("out/cumulative.svg").starts_with("<svg"));
}

#[test]
fn charts_flag_picks_formats_and_no_charts_skips_them() {
    let svg = run(&["--charts", "svg"]);
    assert!(
        CHARTS
            .iter()
            .all(|c| exists(&svg, &format!("{c}.svg")) && !exists(&svg, &format!("{c}.png")))
    );
    let png = run(&["--charts", "png"]);
    assert!(
        CHARTS
            .iter()
            .all(|c| !exists(&png, &format!("{c}.svg")) && exists(&png, &format!("{c}.png")))
    );
    let none = run(&["--no-charts"]);
    assert!(
        CHARTS
            .iter()
            .all(|c| !exists(&none, &format!("{c}.svg")) && !exists(&none, &format!("{c}.png")))
    );
    assert!(exists(&none, "periods.csv"));
}

#[test]
fn same_run_twice_gives_identical_chart_bytes() {
    let first = run(&[]);
    let second = run(&[]);
    for chart in CHARTS {
        for ext in ["svg", "png"] {
            let file = format!("out/{chart}.{ext}");
            assert_eq!(first.read(&file), second.read(&file), "{file}");
        }
    }
}

/// The text of every `<text>` element of an SVG chart, in drawing order.
pub fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..t.find("</text>")?];
            Some(body.trim().to_owned())
        })
        .collect()
}

/// Whether `name` is drawn whole as one to three consecutive text lines (a wrapped label).
pub fn drawn_whole(texts: &[String], name: &str) -> bool {
    (0..texts.len())
        .any(|i| (1..=3).any(|k| texts.get(i..i + k).is_some_and(|w| w.join(" ") == name)))
}

/// The `<title>` of an SVG chart.
pub fn svg_title(svg: &str) -> String {
    let start = svg.find("<title>").expect("a <title>") + "<title>".len();
    svg[start..start + svg[start..].find("</title>").unwrap()].to_owned()
}

/// A sweep of [`SCENARIO`] (20% of 4B then 6B, cap 1B) with `args`; its two SVG charts.
fn sweep_charts(args: &[&str]) -> (String, String) {
    let mut all = vec!["sweep", "s.toml", "--out", "out", "--quiet"];
    all.extend_from_slice(args);
    let out = Test::new().file("s.toml", SCENARIO).args(&all).run();
    (
        out.read_text("out/sweep_totals.svg"),
        out.read_text("out/sweep_cumulative.svg"),
    )
}

/// The polylines drawn 4 pixels wide in `colour`, as their point lists.
fn lines_in(svg: &str, colour: &str) -> Vec<Vec<(f64, f64)>> {
    svg.split("<polyline")
        .skip(1)
        .filter(|p| p.contains(&format!("stroke=\"{colour}\" stroke-width=\"4\"")))
        .filter_map(|p| {
            let points = p.split("points=\"").nth(1)?.split('"').next()?;
            let parse = |xy: &str| {
                let (x, y) = xy.split_once(',')?;
                Some((x.parse().ok()?, y.parse().ok()?))
            };
            points.split_whitespace().map(parse).collect()
        })
        .collect()
}

const RATE_BY_CAP: [&str; 4] = ["--vary", "share.rate=15%,20%,25%", "--cap", "500M,1B,none"];

#[test]
fn regression_sweep_totals_of_two_keys_plotted_only_the_first_cap() {
    let (totals, _) = sweep_charts(&RATE_BY_CAP);
    let texts = svg_texts(&totals);
    for entry in [
        "cap $500M",
        "cap $1B",
        "uncapped",
        "paid",
        "foregone (above the cap)",
        "NPV of paid",
    ] {
        assert!(
            texts.iter().any(|t| t == entry),
            "no legend entry {entry}: {texts:?}"
        );
    }
    for rate in ["15%", "20%", "25%"] {
        assert!(
            texts.iter().any(|t| t == rate),
            "no axis label {rate}: {texts:?}"
        );
    }
    // A colour per cap, each with one solid paid line through the three rates, a dashed
    // foregone line (12-pixel dashes) and a dotted NPV line (4-pixel dots).
    for colour in ["#0072B2", "#D55E00", "#009E73"] {
        let lines = lines_in(&totals, colour);
        // A dash that turns a corner has three points too: a line spans the whole axis.
        let span = |l: &Vec<(f64, f64)>| l[l.len() - 1].0 - l[0].0;
        let solid = lines
            .iter()
            .filter(|l| l.len() == 3 && span(l) > 500.0)
            .count();
        let length = |l: &Vec<(f64, f64)>| (l[1].0 - l[0].0).hypot(l[1].1 - l[0].1);
        let segments: Vec<f64> = lines.iter().filter(|l| l.len() == 2).map(length).collect();
        let dashes = segments
            .iter()
            .filter(|d| (10.0..=13.0).contains(*d))
            .count();
        let dots = segments.iter().filter(|d| **d <= 5.0).count();
        assert_eq!(solid, 1, "{colour}: paid lines");
        assert!(
            dashes >= 10 && dots >= 10,
            "{colour}: {dashes} dashes, {dots} dots"
        );
    }
}

#[test]
fn sweep_labels_read_as_a_reader_says_them() {
    let (totals, cumulative) = sweep_charts(&RATE_BY_CAP);
    for svg in [&totals, &cumulative] {
        let texts = svg_texts(svg).join("\n");
        for raw in ["share.", "0.150000", "500000000.00", "=0.15"] {
            assert!(!texts.contains(raw), "{raw} in {texts}");
        }
        // Neither rate nor cap is fixed: the subtitle names the terms that are.
        let title = svg_title(svg);
        assert!(
            title.contains("s · sunset 2027-12-31 · 0-day payment lag"),
            "{title}"
        );
        assert!(!title.contains("rate 20%"), "{title}");
        assert!(
            texts.contains("Source: revshare ") && texts.contains(", s.toml · Projections are"),
            "{texts}"
        );
    }
}

#[test]
fn sweep_totals_names_the_keys_it_holds_and_the_values_it_samples() {
    let (totals, _) = sweep_charts(&[
        "--vary",
        "share.rate=15%,25%",
        "--cap",
        "100M..1B:100M",
        "--vary",
        "share.sunset=2027-06-30,2027-09-30",
    ]);
    let title = svg_title(&totals);
    assert!(
        title.contains("8 of 10 cap values, evenly spaced"),
        "{title}"
    );
    assert!(
        title.contains("other keys at: sunset 2027-06-30"),
        "{title}"
    );
    // 2 rates × 8 caps of the 2 × 10 × 2 grid.
    assert!(title.contains("16 of 40 cases shown"), "{title}");
    // Evenly spaced, first and last included: 100M, 200M, 300M, 400M, 600M, 700M, 800M, 1B.
    let texts = svg_texts(&totals);
    assert!(texts.iter().any(|t| t == "cap $100M") && texts.iter().any(|t| t == "cap $1B"));
    assert!(!texts.iter().any(|t| t == "cap $500M"), "{texts:?}");
}

#[test]
fn sweep_cumulative_names_up_to_eight_cases_and_shades_more() {
    let (_, named) = sweep_charts(&["--vary", "share.rate=15%,25%", "--cap", "500M,1B,none"]);
    let texts = svg_texts(&named);
    for case in [
        "rate 15% · cap $500M",
        "rate 25% · cap $1B",
        "rate 25% · uncapped",
    ] {
        assert!(texts.iter().any(|t| t == case), "{case}: {texts:?}");
    }
    let (_, shaded) = sweep_charts(&["--cap", "100M..1.5B:100M"]);
    let texts = svg_texts(&shaded);
    assert!(texts.iter().any(|t| t == "cap $100M → $1.5B"), "{texts:?}");
    assert!(!texts.iter().any(|t| t == "cap $200M"), "{texts:?}");
}

#[test]
fn sweep_totals_plots_along_the_first_key_with_several_values() {
    // One rate has nothing to plot along: the caps take the axis, the rate is named as held.
    let (totals, _) = sweep_charts(&["--vary", "share.rate=20%", "--cap", "500M,1B,2B"]);
    let texts = svg_texts(&totals);
    for cap in ["$500M", "$1B", "$2B"] {
        assert!(
            texts.iter().any(|t| t == cap),
            "no axis label {cap}: {texts:?}"
        );
    }
    let title = svg_title(&totals);
    assert!(
        title.starts_with("Share paid, foregone and NPV by cap."),
        "{title}"
    );
    assert!(title.contains("other keys at: rate 20%"), "{title}");
    assert!(!title.contains("cases shown"), "{title}");
}
