//! `report.html` printed by a real browser: headless Chromium prints the run and sweep reports
//! to PDF on A4 and on Letter, and poppler's `pdftotext -bbox` says where every word landed.
//! No word may leave its page (a cut column would), every figure of the per-period table must
//! be in the PDF whole, and the per-period pages are landscape with the header repeated.
//!
//! Without Chromium or pdftotext the test prints a `skipped:` line (to the real stderr, so it
//! shows without `--nocapture`) and passes; with `CI=true` a missing tool fails it: CI must run
//! it (`.ci/run` installs both).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `CI=true` (or `1`): every test must run, none may skip.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The first of these programs on PATH.
fn find(programs: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| programs.iter().map(move |p| dir.join(p)))
        .find(|candidate| candidate.is_file())
}

/// Chromium and pdftotext, or the reason the test cannot run (a failure in CI).
fn tools() -> Option<(PathBuf, PathBuf)> {
    let browser = find(&["chromium", "chromium-browser", "google-chrome"]);
    let pdftotext = find(&["pdftotext"]);
    match (browser, pdftotext) {
        (Some(b), Some(p)) => Some((b, p)),
        (b, _) => {
            let missing = if b.is_none() {
                "Chromium (chromium)"
            } else {
                "pdftotext (poppler-utils)"
            };
            assert!(
                !in_ci(),
                "{missing} is not installed; with CI=true this test must run, not skip"
            );
            // Not eprintln!: the harness captures that for a passing test; a write to the
            // process's stderr shows in `cargo test` output.
            let _ = writeln!(
                std::io::stderr(),
                "skipped: report printing test: {missing} is not installed"
            );
            None
        }
    }
}

/// One word of `pdftotext -bbox` and the page it is on.
struct Word {
    page: usize,
    x_min: f64,
    x_max: f64,
    /// The glyph box height: Noto Sans's ascent + descent, 1.362 × the font size.
    height: f64,
    text: String,
}

/// Noto Sans's ascent plus descent per em (1069 + 293 units of 1000): the height
/// `pdftotext -bbox` gives a word set in it, per point of font size.
const BOX_PER_POINT: f64 = 1.362;

/// Page sizes `(width, height)` in points and every word, from `pdftotext -bbox` XHTML.
fn layout(pdftotext: &Path, pdf: &Path) -> (Vec<(f64, f64)>, Vec<Word>) {
    let out = Command::new(pdftotext)
        .args(["-bbox".as_ref(), pdf.as_os_str(), "-".as_ref()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    let xml = String::from_utf8(out.stdout).unwrap();
    let attr = |line: &str, name: &str| -> f64 {
        let start = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    let (mut pages, mut words) = (Vec::new(), Vec::new());
    for line in xml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push((attr(line, "width"), attr(line, "height")));
        } else if line.starts_with("<word ") {
            let text = &line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()];
            words.push(Word {
                page: pages.len(),
                x_min: attr(line, "xMin"),
                x_max: attr(line, "xMax"),
                height: attr(line, "yMax") - attr(line, "yMin"),
                text: text.replace("&amp;", "&"),
            });
        }
    }
    (pages, words)
}

/// Prints `html` on `paper` ("A4" or "letter") and returns the PDF's layout.
fn print(tools: &(PathBuf, PathBuf), html: &Path, paper: &str) -> (Vec<(f64, f64)>, Vec<Word>) {
    // The page leaves the paper to the printer (`size: auto`); this copy asks for one, as a
    // user's print dialog would.
    let page = std::fs::read_to_string(html).unwrap().replacen(
        "</head>",
        &format!("<style>@page {{ size: {paper}; }} @page wide {{ size: {paper} landscape; }}</style></head>"),
        1,
    );
    let dir = html.parent().unwrap();
    let copy = dir.join(format!("print-{paper}.html"));
    std::fs::write(&copy, page).unwrap();
    let pdf = dir.join(format!("print-{paper}.pdf"));
    let status = Command::new(&tools.0)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            &format!("--user-data-dir={}", dir.join("chromium-profile").display()),
            &format!("--print-to-pdf={}", pdf.display()),
            &format!("file://{}", copy.display()),
        ])
        .output()
        .unwrap();
    assert!(
        status.status.success() && pdf.is_file(),
        "chromium could not print {}",
        copy.display()
    );
    layout(&tools.1, &pdf)
}

fn revshare(args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_revshare"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(status.status.success(), "revshare {args:?}: {status:?}");
}

/// (width, height) in points of A4 and Letter, portrait.
fn paper_size(paper: &str) -> (f64, f64) {
    if paper == "A4" {
        (595.0, 842.0)
    } else {
        (612.0, 792.0)
    }
}

/// No word outside its page, pages only in the paper's two orientations, and nothing shrunk:
/// a browser scales a page down to fit content wider than the paper (Chromium up to 1.33×,
/// then it cuts), so the title must print at its CSS size, 1.9rem = 22.8pt.
fn assert_fits(pages: &[(f64, f64)], words: &[Word], paper: &str) {
    let title = &words[0];
    let scale = title.height / (BOX_PER_POINT * 22.8);
    assert!(
        (0.99..=1.01).contains(&scale),
        "{paper}: the page printed at {scale:.3} of its size (`{}` {} high)",
        title.text,
        title.height
    );
    let (w, h) = paper_size(paper);
    for &(pw, ph) in pages {
        let portrait = (pw - w).abs() < 1.0 && (ph - h).abs() < 1.0;
        let landscape = (pw - h).abs() < 1.0 && (ph - w).abs() < 1.0;
        assert!(portrait || landscape, "{paper}: a {pw}×{ph} page");
    }
    for word in words {
        let (width, _) = pages[word.page - 1];
        assert!(
            word.x_min >= 0.0 && word.x_max <= width,
            "{paper}: `{}` on page {} runs from x={} to x={} on a page {width} wide",
            word.text,
            word.page,
            word.x_min,
            word.x_max
        );
    }
}

#[test]
fn run_report_prints_on_a4_and_letter_without_a_cut_column() {
    let Some(tools) = tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("monthly");
    // Monthly: 84 periods, so the per-period table runs over several pages.
    revshare(&[
        "run",
        "scenarios/monthly.toml",
        "--out",
        out.to_str().unwrap(),
        "--report",
        "html",
    ]);
    let periods = std::fs::read_to_string(out.join("periods.csv")).unwrap();
    let rows: Vec<Vec<&str>> = periods
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    for paper in ["A4", "letter"] {
        let (pages, words) = print(&tools, &out.join("report.html"), paper);
        assert_fits(&pages, &words, paper);
        // Every period label and every pv (the last column) printed whole, with its digits
        // grouped as the page shows them.
        let texts: std::collections::HashSet<&str> =
            words.iter().map(|w| w.text.as_str()).collect();
        for row in &rows {
            assert!(texts.contains(row[0]), "{paper}: period {} missing", row[0]);
            let pv = grouped(row[row.len() - 1]);
            assert!(
                texts.contains(pv.as_str()),
                "{paper}: pv {pv} of {} missing",
                row[0]
            );
        }
        // The table's figures are set at 7.5pt: readable, not shrunk to fit.
        for word in words
            .iter()
            .filter(|w| w.text == grouped(rows[0][rows[0].len() - 1]))
        {
            assert!(
                word.height >= BOX_PER_POINT * 7.4,
                "{paper}: {} high",
                word.height
            );
        }
        // The per-period table's pages are landscape, and each repeats the header.
        let wide: Vec<usize> = (1..=pages.len())
            .filter(|&p| pages[p - 1].0 > pages[p - 1].1)
            .collect();
        assert!(wide.len() >= 2, "{paper}: landscape pages {wide:?}");
        for p in wide {
            assert!(
                words.iter().any(|w| w.page == p && w.text == "cumulative"),
                "{paper}: page {p} lacks the table header"
            );
        }
    }
}

#[test]
fn sweep_report_prints_without_a_cut_column() {
    let Some(tools) = tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sweep");
    revshare(&[
        "sweep",
        "scenarios/base.toml",
        "--vary",
        "share.rate=15%,20%,25%",
        "--cap",
        "20B,38B,none",
        "--out",
        out.to_str().unwrap(),
        "--report",
        "html",
        "--quiet",
    ]);
    for paper in ["A4", "letter"] {
        let (pages, words) = print(&tools, &out.join("report.html"), paper);
        assert_fits(&pages, &words, paper);
        // The table's last column is there, on the page.
        assert!(
            words.iter().any(|w| w.text == "effective"),
            "{paper}: last column missing"
        );
    }
}

/// `1234567.5` → `1,234,567.50`, as the report prints money.
fn grouped(cell: &str) -> String {
    let (int, frac) = cell.split_once('.').unwrap_or((cell, "00"));
    let (sign, int) = int.strip_prefix('-').map_or(("", int), |i| ("-", i));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{sign}{out}.{frac}")
}
