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
