//! `report.xlsx`: the right sheets, live formulas in Periods, and cached values equal to the
//! hand-checked golden periods.csv of the base case (`tests/golden/base/`), to the cent. When
//! LibreOffice is installed, a real spreadsheet recalculates the formulas of four scenarios
//! and must arrive at revshare's periods.csv to the cent. Without LibreOffice that test prints
//! a `skipped:` line (to the real stderr, so it shows without `--nocapture`), and fails when
//! `CI=true`: CI must run it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calamine::{Data, Reader, Xlsx, open_workbook};
use jiff::civil::{Date, date};
use revshare::cli::RunFormat;
use revshare::commands::run::{RunOptions, run};
use revshare::output::charts::ChartFormats;
use revshare::output::report::ReportFormats;
use rust_decimal::{Decimal, RoundingStrategy};
use std::io::Write as _;
use std::path::Path;
use std::str::FromStr;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn write_report(dir: &Path, set: &[&str]) {
    write_report_of(&root().join("scenarios/base.toml"), dir, set);
}

fn write_report_of(scenario: &Path, dir: &Path, set: &[&str]) {
    run(&RunOptions {
        scenario: scenario.to_path_buf(),
        out: Some(dir.to_path_buf()),
        set: set.iter().map(|s| (*s).to_owned()).collect(),
        charts: ChartFormats::NONE,
        format: RunFormat::Table,
        reports: ReportFormats {
            xlsx: true,
            ..Default::default()
        },
        arguments: Vec::new(),
    })
    .unwrap();
}

/// The rows of a CSV file without its header, split at commas (no field here has one).
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

fn cents(x: f64) -> String {
    let d = Decimal::from_str(&format!("{x}")).unwrap();
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
    r.rescale(2);
    r.to_string()
}

/// Money columns of periods.csv (by index) that the workbook computes with formulas.
const COMPUTED: [usize; 6] = [5, 6, 7, 8, 9, 12];

/// The Periods column of the chart's cap line (hidden): what the cap leaves, `Cap − PaidBefore`.
const CAP_LINE: usize = 18;

/// periods.csv's `cash_date` and `discount_factor`, also formulas in the workbook.
const CASH_DATE: usize = 10;
const DISCOUNT_FACTOR: usize = 11;

/// A spreadsheet's serial number of a date: days since 1899-12-30.
fn serial(d: Date) -> f64 {
    revshare::dates::days_between(date(1899, 12, 30), d) as f64
}

/// A cell's cached value as periods.csv would write it: money to the cent, `discount_factor`
/// to 10 decimals, `cash_date` as its serial number, an empty result as "".
fn cached(values: &calamine::Range<Data>, r: u32, col: usize) -> String {
    let x = match values.get_value((r, col as u32)) {
        Some(Data::Float(x)) => *x,
        Some(Data::Int(x)) => *x as f64,
        Some(Data::DateTime(d)) => d.as_f64(),
        Some(Data::String(s)) if s.is_empty() => return String::new(),
        other => panic!("row {r} column {col}: {other:?}"),
    };
    match col {
        CASH_DATE => format!("{x}"),
        DISCOUNT_FACTOR => format!("{x:.10}"),
        _ => cents(x),
    }
}

#[test]
fn workbook_has_sheets_formulas_and_the_golden_cached_values() {
    let dir = tempfile::tempdir().unwrap();
    write_report(dir.path(), &[]);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("report.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Assumptions", "Periods", "Streams", "Clouds"]
    );
    let formulas = book.worksheet_formula("Periods").unwrap();
    let values = book.worksheet_range("Periods").unwrap();
    // The base case's periods as checked by hand and kept in the golden file, not periods.csv
    // of this run: that is written from the same rows as the workbook, so agreeing with it
    // would show little.
    let golden = csv_rows(&root().join("tests/golden/base/periods.csv"));
    assert_eq!(values.height(), golden.len() + 1, "a row per period");
    for (i, row) in golden.iter().enumerate() {
        let r = i as u32 + 1;
        for col in COMPUTED.into_iter().chain([CASH_DATE, DISCOUNT_FACTOR]) {
            let f = formulas
                .get_value((r, col as u32))
                .cloned()
                .unwrap_or_default();
            assert!(!f.is_empty(), "row {r} column {col} has no formula");
        }
        assert!(
            formulas.get_value((r, 5)).unwrap().contains("Rate*E"),
            "accrued refers to Rate"
        );
        assert_eq!(
            values.get_value((r, 0)),
            Some(&Data::String(row[0].clone())),
            "row {r} period"
        );
        // revenue and qualifying revenue are plain numbers, the rest cached formula results.
        for col in [3, 4].into_iter().chain(COMPUTED).chain([DISCOUNT_FACTOR]) {
            assert_eq!(cached(&values, r, col), row[col], "{} column {col}", row[0]);
        }
        let cash_date: Date = row[CASH_DATE].parse().unwrap();
        assert_eq!(
            cached(&values, r, CASH_DATE),
            format!("{}", serial(cash_date)),
            "{} cash_date",
            row[0]
        );
    }
    // Cells checked by hand in tests/golden/README.md, pinned here too: 2026-Q2 accrues
    // 0.2 × 5,253,424,657.53 = 1,050,684,931.51 with pv 1,026,812,538.29; in 2029-Q1 the cap
    // binds, paying the 2,575,068,493.15 left and forgoing 4,378,356,164.39.
    let cell = |period: &str, col: usize| {
        let i = golden.iter().position(|row| row[0] == period).unwrap();
        cached(&values, i as u32 + 1, col)
    };
    assert_eq!(cell("2026-Q2", 5), "1050684931.51");
    assert_eq!(cell("2026-Q2", 12), "1026812538.29");
    assert_eq!(cell("2029-Q1", 6), "2575068493.15");
    assert_eq!(cell("2029-Q1", 7), "4378356164.39");
    assert_eq!(cell("2029-Q1", 8), "38000000000.00");

    // The Summary's live totals cache the golden summary.csv (checked by hand) and the headline
    // revshare writes, so a viewer that never recalculates shows them.
    let summary = book.worksheet_range("Summary").unwrap();
    let golden = summary_row(&root().join("tests/golden/base/summary.csv"));
    let label = |r: u32| match summary.get_value((r, 0)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let mut seen = 0;
    for r in 0..summary.height() as u32 {
        let Some((column, expected)) = golden.iter().find(|(c, _)| *c == label(r)) else {
            continue;
        };
        if !LIVE_TOTALS.contains(&column.as_str()) {
            continue;
        }
        let shown = match summary.get_value((r, 1)) {
            Some(Data::Float(x)) if column == "effective_rate" => format!("{:.6}", x),
            Some(Data::Float(x)) if column == "cap_hit_date" => {
                let days = *x as i64;
                date(1899, 12, 30)
                    .checked_add(jiff::Span::new().days(days))
                    .unwrap()
                    .to_string()
            }
            Some(Data::DateTime(d)) => date(1899, 12, 30)
                .checked_add(jiff::Span::new().days(d.as_f64() as i64))
                .unwrap()
                .to_string(),
            Some(Data::Float(x)) => cents(*x),
            Some(Data::Bool(b)) => b.to_string(),
            Some(Data::String(s)) => s.clone(),
            other => panic!("Summary {column}: {other:?}"),
        };
        assert_eq!(&shown, expected, "Summary {column} cached");
        seen += 1;
    }
    assert_eq!(seen, LIVE_TOTALS.len(), "every live total is on Summary");
    let headline = headline_for(&[]);
    let text = |r: u32| match summary.get_value((r, 0)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("headline row {r}: {other:?}"),
    };
    assert_eq!(text(1), headline.paid);
    assert_eq!(Some(text(2)), headline.foregone);
    assert_eq!(text(3), headline.cap);
    assert_eq!(text(4), headline.rate);
}

/// Whether the tests run in CI, where every test must run: `CI=true` (GitHub Actions, GitLab
/// and most others set it) or `CI=1`.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// `soffice` or `libreoffice`, whichever runs.
/// LibreOffice, or `None` after saying on the real stderr why `test` skips; with `CI=true` a
/// missing LibreOffice fails the test instead: CI must run it.
fn soffice_or_skip(test: &str) -> Option<&'static str> {
    let found = find_soffice();
    if found.is_none() {
        let reason = "LibreOffice (soffice) is not installed, so report.xlsx was not \
                      recalculated in a spreadsheet (Debian/Ubuntu: apt-get install \
                      libreoffice-calc-nogui)";
        assert!(
            !in_ci(),
            "{reason}; with CI=true this test must run, not skip"
        );
        // Not eprintln!: the test harness captures that for a passing test, while a write to
        // the process's stderr shows in `cargo test` output without `--nocapture`.
        let _ = writeln!(std::io::stderr(), "skipped: {test}: {reason}");
    }
    found
}

fn find_soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Opens `xlsx` in LibreOffice with a fresh profile that recalculates every formula on load,
/// and saves each sheet as `<stem>-<sheet>.csv` in `work`.
fn recalculate(soffice: &str, xlsx: &Path, work: &Path) {
    let profile = work.join("profile/user");
    std::fs::create_dir_all(&profile).unwrap();
    std::fs::write(
        profile.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>"#,
    )
    .unwrap();
    let output = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.join("profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
        ])
        .arg(work)
        .arg(xlsx)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{soffice} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The comparisons below would pass without any recalculation, reading back the results
/// revshare cached in the workbook. So first: a workbook whose formula `=Factor*3` (Factor = 2,
/// a named cell as in the report) caches the wrong result 7 must come out of LibreOffice as 6.
fn assert_libreoffice_recalculates(soffice: &str, work: &Path) {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Check").unwrap();
    sheet.write_string(0, 0, "factor").unwrap();
    sheet.write_string(0, 1, "result").unwrap();
    sheet.write_number(1, 0, 2.0).unwrap();
    sheet
        .write_formula(
            1,
            1,
            rust_xlsxwriter::Formula::new("=Factor*3").set_result("7"),
        )
        .unwrap();
    workbook.define_name("Factor", "=Check!$A$2").unwrap();
    let path = work.join("canary.xlsx");
    std::fs::write(&path, workbook.save_to_buffer().unwrap()).unwrap();
    recalculate(soffice, &path, work);
    assert_eq!(
        csv_rows(&work.join("canary-Check.csv")),
        [["2", "6"]],
        "LibreOffice kept the cached result instead of recalculating"
    );
}

fn assert_same_cents(ours: &[Vec<String>], theirs: &[Vec<String>]) {
    assert_eq!(ours.len(), theirs.len());
    for (a, b) in ours.iter().zip(theirs) {
        for col in COMPUTED {
            let recalculated = if b[col].is_empty() {
                String::new()
            } else {
                cents(b[col].parse().unwrap())
            };
            assert_eq!(a[col], recalculated, "{} column {col}", a[0]);
        }
        assert_eq!(a[CASH_DATE], b[CASH_DATE], "{} cash_date", a[0]);
    }
}

#[test]
fn libreoffice_recalculation_matches_periods_csv() {
    let Some(soffice) = soffice_or_skip("libreoffice_recalculation_matches_periods_csv") else {
        return;
    };
    let canary = tempfile::tempdir().unwrap();
    assert_libreoffice_recalculates(soffice, canary.path());
    // The base case (cap binds mid-2029), uncapped, cap 0, monthly periods with another
    // rate and discount rate, and 5B paid before the scenario (the cap binds in 2028).
    // LibreOffice computes accrued, paid, foregone, cumulative paid, cap remaining, cash date
    // and pv from revenue, qualifying revenue and the Assumptions cells; revshare's engine
    // wrote periods.csv.
    for set in [
        vec![],
        vec!["share.cap=none"],
        vec!["share.cap=0"],
        vec![
            "scenario.period=month",
            "share.rate=17.5%",
            "scenario.discount_rate=-3%",
            "share.cap=55B",
        ],
        vec!["share.paid_before=5B"],
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_report(dir.path(), &set);
        recalculate(soffice, &dir.path().join("report.xlsx"), dir.path());
        let theirs = csv_rows(&dir.path().join("report-Periods.csv"));
        assert_same_cents(&csv_rows(&dir.path().join("periods.csv")), &theirs);
    }
}

/// The Assumptions sheet as the workbook stores it (the second sheet).
const ASSUMPTIONS_XML: &str = "xl/worksheets/sheet2.xml";

/// The Assumptions cell (`B4`) a named input refers to, from the workbook's defined names
/// (`<definedName name="Cap">Assumptions!$B$4</definedName>`): the rows move with the
/// `--set` overrides listed above them.
fn named_cell(workbook_xml: &str, name: &str) -> String {
    let open = format!("<definedName name=\"{name}\">");
    let start = workbook_xml
        .find(&open)
        .unwrap_or_else(|| panic!("no defined name {name}"))
        + open.len();
    let end = start + workbook_xml[start..].find('<').unwrap();
    let target = &workbook_xml[start..end];
    let cell = target
        .strip_prefix("Assumptions!")
        .unwrap_or_else(|| panic!("{name} is not on Assumptions: {target}"));
    cell.replace('$', "")
}

/// `<c r="B3" …>…</c>` (or `<c r="B3" …/>`) with its value replaced by `value`, or emptied.
fn set_cell(xml: &str, cell: &str, value: Option<&str>) -> String {
    let open = format!("<c r=\"{cell}\"");
    let start = xml
        .find(&open)
        .unwrap_or_else(|| panic!("{cell} is not in the sheet"));
    let tag_end = start + xml[start..].find('>').unwrap();
    let self_closing = xml.as_bytes()[tag_end - 1] == b'/';
    let end = if self_closing {
        tag_end + 1
    } else {
        tag_end + xml[tag_end..].find("</c>").unwrap() + "</c>".len()
    };
    // The attributes (r, s) without a type: a plain number, or an empty styled cell.
    let attributes = xml[start..tag_end]
        .trim_end_matches('/')
        .replace(" t=\"s\"", "")
        .replace(" t=\"n\"", "");
    let replaced = match value {
        Some(v) => format!("{attributes}><v>{v}</v></c>"),
        None => format!("{attributes}/>"),
    };
    format!("{}{replaced}{}", &xml[..start], &xml[end..])
}

/// Rewrites the workbook at `path` with `Rate` and `Cap` changed, as a user typing new inputs
/// would; everything else (formulas and their now stale cached results) stays as written.
fn change_inputs(path: &Path, rate: &str, cap: Option<&str>) {
    change_named_inputs(path, &[("Rate", Some(rate)), ("Cap", cap)]);
}

/// Rewrites the workbook at `path` with each named input set to its value (`None` empties
/// it), found through the defined names; formulas and cached results stay as written.
fn change_named_inputs(path: &Path, inputs: &[Typed]) {
    use std::io::Read as _;
    let workbook_xml = xlsx_part(path, "xl/workbook.xml");
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut changed = false;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == ASSUMPTIONS_XML {
            let mut xml = String::from_utf8(content).unwrap();
            assert!(xml.contains("<c r=\"A2\""), "sheet2 is Assumptions");
            for (input, value) in inputs {
                xml = set_cell(&xml, &named_cell(&workbook_xml, input), *value);
            }
            content = xml.into_bytes();
            changed = true;
        }
        out.start_file(name, options).unwrap();
        out.write_all(&content).unwrap();
    }
    assert!(changed, "{ASSUMPTIONS_XML} not found");
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

/// The header and the one row of a summary.csv, as (column, value) pairs.
fn summary_row(path: &Path) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',');
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    header
        .zip(row)
        .map(|(h, v)| (h.to_owned(), v.to_owned()))
        .collect()
}

/// A recalculated Summary value as summary.csv writes it.
fn summary_value(column: &str, shown: &str) -> String {
    match column {
        "cap" if shown == "uncapped" => String::new(),
        "cap_reached" => shown.to_ascii_lowercase(),
        "cap_hit_date" => shown.to_owned(),
        "effective_rate" if shown.is_empty() => String::new(),
        "effective_rate" => {
            // LibreOffice writes a percent-formatted number as `7.4492%`.
            let percent = Decimal::from_str(shown.trim_end_matches('%')).unwrap();
            let mut r = (percent / Decimal::ONE_HUNDRED)
                .round_dp_with_strategy(6, RoundingStrategy::MidpointNearestEven);
            r.rescale(6);
            r.to_string()
        }
        _ => cents(shown.parse().unwrap()),
    }
}

/// Summary rows of the live totals that summary.csv also has.
const LIVE_TOTALS: [&str; 12] = [
    "revenue",
    "qualifying_revenue",
    "accrued",
    "paid",
    "foregone",
    "cap",
    "paid_before",
    "cap_reached",
    "cap_hit_date",
    "effective_rate",
    "npv",
    "binding_threshold",
];

/// The headline revshare writes for `scenarios/base.toml` with `set`.
fn headline_for(set: &[&str]) -> HeadlineText {
    headline_of(&root().join("scenarios/base.toml"), set)
}

/// The headline's live sentences as plain text, as the workbook writes them.
struct HeadlineText {
    paid: String,
    foregone: Option<String>,
    cap: String,
    rate: String,
}

/// The headline revshare writes for `scenario` with `set`.
fn headline_of(scenario: &Path, set: &[&str]) -> HeadlineText {
    let set: Vec<String> = set.iter().map(|s| (*s).to_owned()).collect();
    let overrides = revshare::commands::parse_overrides(&set, "--set").unwrap();
    let loaded = revshare::scenario::load(scenario, &overrides).unwrap();
    let outcome = revshare::engine::simulate(&loaded.scenario).unwrap();
    let h =
        revshare::output::report::headline_sentences(&revshare::output::report::ReportContext {
            scenario: &loaded.scenario,
            outcome: &outcome,
            arguments: &[],
            overrides: &[],
            inputs: Vec::new(),
        });
    HeadlineText {
        paid: h.text(&h.paid),
        foregone: h.foregone.as_ref().map(|s| h.text(s)),
        cap: h.text(&h.cap),
        rate: h.text(&h.rate),
    }
}

/// Compares the recalculated Summary sheet (`report-Summary.csv`) with summary.csv and the
/// headline of `revshare run --set …` for the same inputs.
fn assert_summary_matches(
    scenario: &Path,
    sheet: &[Vec<String>],
    summary: &[(String, String)],
    set: &[&str],
) {
    let cell = |label: &str| {
        sheet
            .iter()
            .find(|row| row[0] == label)
            .unwrap_or_else(|| panic!("no {label} row on Summary"))[1]
            .clone()
    };
    for label in LIVE_TOTALS {
        let expected = &summary.iter().find(|(c, _)| c == label).unwrap().1;
        assert_eq!(
            &summary_value(label, &cell(label)),
            expected,
            "Summary {label} with {set:?}"
        );
    }
    let headline = headline_of(scenario, set);
    // Rows 2–5 of the sheet (lines 1–4 of the CSV without its first line), in order.
    let live: Vec<&str> = sheet[..4].iter().map(|row| row[0].as_str()).collect();
    let expected = [
        headline.paid.as_str(),
        headline.foregone.as_deref().unwrap_or(""),
        headline.cap.as_str(),
        headline.rate.as_str(),
    ];
    assert_eq!(live, expected, "headline with {set:?}");
}

/// A CSV's rows as fields (quoted fields with commas allowed), header included.
fn csv_records(path: &Path) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Issue 11: changing `Cap` and `Rate` on the Assumptions sheet moves every live figure —
/// Periods, the Summary totals, cap reached, the hit date and the headline — to what
/// `revshare run --set share.cap=… --set share.rate=…` computes, to the cent.
#[test]
fn changed_inputs_recalculate_to_revshare_run() {
    let Some(soffice) = soffice_or_skip("changed_inputs_recalculate_to_revshare_run") else {
        return;
    };
    let canary = tempfile::tempdir().unwrap();
    assert_libreoffice_recalculates(soffice, canary.path());
    // A cap reached exactly at the end of 2027-Q4 at 20%: the accrual through that period of
    // the uncapped run (the hit date is then the period's last day, k = qd).
    let uncapped = tempfile::tempdir().unwrap();
    write_report(uncapped.path(), &["share.cap=none"]);
    let rows = csv_rows(&uncapped.path().join("periods.csv"));
    let through = rows.iter().position(|r| r[0] == "2027-Q4").unwrap();
    let exact: Decimal = rows[..=through]
        .iter()
        .map(|r| Decimal::from_str(&r[5]).unwrap())
        .sum();
    let exact = exact.to_string();
    // (Rate cell, Cap cell, the --set of the same inputs.) 20B binds mid-2028 at 20%; at 25%
    // 150B is never reached; an empty Cap cell is uncapped; 0 is reached on the effective
    // date; 60B at 12.5% binds late; `exact` is reached on a period's last day.
    let cases: [(&str, Option<&str>, Vec<String>); 6] = [
        (
            "0.2",
            Some("20000000000"),
            vec!["share.cap=20B".into(), "share.rate=20%".into()],
        ),
        (
            "0.25",
            Some("150000000000"),
            vec!["share.cap=150B".into(), "share.rate=25%".into()],
        ),
        (
            "0.15",
            None,
            vec!["share.cap=none".into(), "share.rate=15%".into()],
        ),
        (
            "0.2",
            Some("0"),
            vec!["share.cap=0".into(), "share.rate=20%".into()],
        ),
        (
            "0.125",
            Some("60000000000"),
            vec!["share.cap=60B".into(), "share.rate=12.5%".into()],
        ),
        (
            "0.2",
            Some(&exact),
            vec![format!("share.cap={exact}"), "share.rate=20%".into()],
        ),
    ];
    // Each pair typed into the base case's workbook (cap 38B, rate 20%); the 20B case also
    // into the uncapped workbook, whose Cap cell starts empty.
    let written: [&[&str]; 2] = [&[], &["share.cap=none"]];
    let runs = cases
        .iter()
        .map(|case| (written[0], case))
        .chain(std::iter::once((written[1], &cases[0])));
    for (from, (rate, cap, set)) in runs {
        let set: Vec<&str> = set.iter().map(String::as_str).collect();
        let book = recalculates_to_run(soffice, from, &[("Rate", Some(rate)), ("Cap", *cap)], &set);
        let sheet = csv_records(&book.path().join("report-Summary.csv"));
        // The copies of the inputs (Summary's rate, the Assumptions terms) follow them too.
        let terms = csv_records(&book.path().join("report-Assumptions.csv"));
        let term = |label: &str| terms.iter().find(|row| row[0] == label).unwrap()[1].clone();
        let rate_of = |shown: &str| {
            Decimal::from_str(shown.trim_end_matches('%')).unwrap() / Decimal::ONE_HUNDRED
        };
        let typed = Decimal::from_str(rate).unwrap();
        assert_eq!(rate_of(&term("share rate")), typed, "{set:?}");
        let summary_rate = sheet.iter().find(|row| row[0] == "rate").unwrap()[1].clone();
        assert_eq!(rate_of(&summary_rate), typed, "{set:?}");
        let cap_term = term("cap");
        match cap {
            Some(cap) => assert_eq!(
                Decimal::from_str(&cap_term).unwrap(),
                Decimal::from_str(cap).unwrap(),
                "{set:?}"
            ),
            None => assert_eq!(cap_term, "none (uncapped)"),
        }
    }
}

/// A named input and the value typed into it (`None` empties the cell).
type Typed<'a> = (&'a str, Option<&'a str>);

/// Writes the base case's workbook with `--set from`, types `inputs` into its named cells,
/// recalculates it in LibreOffice and asserts that every live Periods and Summary cell and the
/// headline equal `revshare run --set set` (the same inputs), to the cent. Returns the
/// directory holding the recalculated sheets as `report-<sheet>.csv`.
fn recalculates_to_run(
    soffice: &str,
    from: &[&str],
    inputs: &[Typed],
    set: &[&str],
) -> tempfile::TempDir {
    let book = tempfile::tempdir().unwrap();
    write_report(book.path(), from);
    let xlsx = book.path().join("report.xlsx");
    change_named_inputs(&xlsx, inputs);
    recalculate(soffice, &xlsx, book.path());
    // revshare's own run of the same inputs.
    let expected = tempfile::tempdir().unwrap();
    write_report(expected.path(), set);
    let periods = csv_rows(&expected.path().join("periods.csv"));
    assert_same_cents(&periods, &csv_rows(&book.path().join("report-Periods.csv")));
    let sheet = csv_records(&book.path().join("report-Summary.csv"));
    assert_summary_matches(
        &root().join("scenarios/base.toml"),
        &sheet[1..],
        &summary_row(&expected.path().join("summary.csv")),
        set,
    );
    book
}

/// Issue 12 (SPEC §7.2): `PaidBefore` is a named input every live cap formula uses. A
/// workbook written with 5B paid before, then given another Cap and Rate (or none), and the
/// base case's workbook given another PaidBefore — 5B, and all of the 38B cap, which leaves
/// nothing to pay and reaches the cap on the effective date — recalculate in LibreOffice to
/// `revshare run --set share.paid_before=… --set share.cap=… --set share.rate=…`, to the cent.
#[test]
fn paid_before_recalculates_to_revshare_run() {
    let Some(soffice) = soffice_or_skip("paid_before_recalculates_to_revshare_run") else {
        return;
    };
    let canary = tempfile::tempdir().unwrap();
    assert_libreoffice_recalculates(soffice, canary.path());
    let written = ["share.paid_before=5B"];
    // (The inputs typed in, the --set of the same case.) 20B at 20% with 5B paid before binds
    // in 2027; 105B at 20% is reached only because of the 5B (accrued is 102.0B), on
    // 2030-12-12, days before the sunset; 150B at 25% is never reached (the headline's "short" counts the 5B); with no cap
    // the 5B changes nothing but binding_threshold.
    let typed: [(&[Typed], &[&str]); 4] = [
        (
            &[("Rate", Some("0.2")), ("Cap", Some("20000000000"))],
            &["share.paid_before=5B", "share.cap=20B", "share.rate=20%"],
        ),
        (
            &[("Rate", Some("0.2")), ("Cap", Some("105000000000"))],
            &["share.paid_before=5B", "share.cap=105B", "share.rate=20%"],
        ),
        (
            &[("Rate", Some("0.25")), ("Cap", Some("150000000000"))],
            &["share.paid_before=5B", "share.cap=150B", "share.rate=25%"],
        ),
        (
            &[("Rate", Some("0.15")), ("Cap", None)],
            &["share.paid_before=5B", "share.cap=none", "share.rate=15%"],
        ),
    ];
    for (inputs, set) in typed {
        recalculates_to_run(soffice, &written, inputs, set);
    }
    // PaidBefore itself typed into the base case's workbook (cap 38B, nothing paid before).
    let typed: [(&str, &str, &str); 2] = [
        ("5000000000", "5B", "33000000000"),
        ("38000000000", "38B", "0"),
    ];
    for (paid_before, amount, left) in typed {
        let set = format!("share.paid_before={amount}");
        let book = recalculates_to_run(soffice, &[], &[("PaidBefore", Some(paid_before))], &[&set]);
        // The chart's cap line (a hidden column named by its header) is what the cap leaves.
        let periods = csv_records(&book.path().join("report-Periods.csv"));
        assert_eq!(periods[0][CAP_LINE], "left of the cap");
        assert!(
            periods[1..].iter().all(|row| row[CAP_LINE] == left),
            "{set}"
        );
        if amount == "38B" {
            // Nothing is left to pay: the cap is reached on the effective date.
            let sheet = csv_records(&book.path().join("report-Summary.csv"));
            let cell = |label: &str| sheet.iter().find(|row| row[0] == label).unwrap()[1].clone();
            assert_eq!(cell("cap_hit_date"), "2026-04-27");
            assert_eq!(summary_value("paid", &cell("paid")), "0.00");
        }
    }
}

/// The headline's neutral wording (no payer or payee: "NAME: … is paid in total"), another
/// currency's symbol, and a name with quotes, recalculated after the inputs change: the
/// formula-built sentences must still read exactly as revshare's.
#[test]
fn changed_inputs_recalculate_the_neutral_headline_in_euros() {
    let Some(soffice) = soffice_or_skip("changed_inputs_recalculate_the_neutral_headline_in_euros")
    else {
        return;
    };
    let canary = tempfile::tempdir().unwrap();
    assert_libreoffice_recalculates(soffice, canary.path());
    // The base case without its parties, in euros, under a name with quotes.
    let base = std::fs::read_to_string(root().join("scenarios/base.toml")).unwrap();
    let neutral: String = base
        .lines()
        .filter(|l| !l.starts_with("payer") && !l.starts_with("payee"))
        .map(|l| match l {
            l if l.starts_with("currency") => "currency = \"EUR\"".to_owned(),
            l if l.starts_with("name = \"Base case\"") => {
                "name = 'The \"neutral\" case'".to_owned()
            }
            l => l.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("neutral.toml");
    std::fs::write(&scenario, neutral).unwrap();
    let set = ["share.cap=45B", "share.rate=17.5%"];
    let book = dir.path().join("book");
    write_report_of(&scenario, &book, &[]);
    let xlsx = book.join("report.xlsx");
    change_inputs(&xlsx, "0.175", Some("45000000000"));
    recalculate(soffice, &xlsx, &book);
    let expected = dir.path().join("expected");
    write_report_of(&scenario, &expected, &set);
    let sheet = csv_records(&book.join("report-Summary.csv"));
    let headline = headline_of(&scenario, &set);
    assert!(
        headline.paid.starts_with("The \"neutral\" case: €"),
        "{}",
        headline.paid
    );
    assert_summary_matches(
        &scenario,
        &sheet[1..],
        &summary_row(&expected.join("summary.csv")),
        &set,
    );
}

/// A file of an xlsx (a zip), as text.
fn xlsx_part(path: &Path, name: &str) -> String {
    use std::io::Read as _;
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// The value of `name="…"` in an XML tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The chunks of an XML section (`<fonts …>…</fonts>`) that start with `item`, in order,
/// each with a space in front so its first attribute is found like the others.
fn items(xml: &str, section: &str, item: &str) -> Vec<String> {
    let start = xml.find(&format!("<{section}")).unwrap();
    let end = start + xml[start..].find(&format!("</{section}>")).unwrap();
    xml[start..end]
        .split(item)
        .skip(1)
        .map(|chunk| format!(" {chunk}"))
        .collect()
}

/// How a cell looks: its number format code, fill colour and font colour (`None` when the
/// default), and whether it has a border.
#[derive(Debug)]
struct Look {
    number_format: String,
    fill: Option<String>,
    font: Option<String>,
    border: bool,
}

/// The look of `cell` on the sheet stored as `sheet_xml`, from the workbook's styles.
fn look(path: &Path, sheet_xml: &str, cell: &str) -> Look {
    let sheet = xlsx_part(path, sheet_xml);
    let start = sheet.find(&format!("<c r=\"{cell}\"")).unwrap();
    let tag = &sheet[start..start + sheet[start..].find('>').unwrap()];
    let xf: usize = attribute(tag, "s").map_or(0, |s| s.parse().unwrap());
    let styles = xlsx_part(path, "xl/styles.xml");
    let xf = items(&styles, "cellXfs", "<xf ")[xf].clone();
    let id = |name: &str| -> usize { attribute(&xf, name).unwrap().parse().unwrap() };
    let number_format = match id("numFmtId") {
        0 => "General".to_owned(),
        10 => "0.00%".to_owned(),
        n => items(&styles, "numFmts", "<numFmt ")
            .into_iter()
            .find(|f| attribute(f, "numFmtId") == Some(&n.to_string()))
            .and_then(|f| attribute(&f, "formatCode").map(|c| c.replace("&quot;", "\"")))
            .unwrap(),
    };
    let fill = items(&styles, "fills", "<fill>")[id("fillId")].clone();
    let font = items(&styles, "fonts", "<font>")[id("fontId")].clone();
    Look {
        number_format,
        fill: fill
            .find("<fgColor ")
            .and_then(|i| attribute(&fill[i..], "rgb"))
            .map(str::to_owned),
        font: font
            .find("<color ")
            .and_then(|i| attribute(&font[i..], "rgb"))
            .map(str::to_owned),
        border: id("borderId") != 0,
    }
}

/// Issue 11 (item 2): the named inputs look like inputs (blue on light yellow, boxed) and
/// carry their unit's format; totals are money with the currency, as-run cells are grey
/// italic on grey, so a reader tells what follows the inputs from what does not.
#[test]
fn inputs_look_like_inputs_and_as_run_cells_stand_apart() {
    let dir = tempfile::tempdir().unwrap();
    write_report(dir.path(), &[]);
    let path = dir.path().join("report.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names()[1], "Assumptions", "sheet2.xml");
    assert_eq!(book.sheet_names()[4], "Clouds", "sheet5.xml");
    // Rate, Cap, PaidBefore, DiscountRate, ValuationDate, PaymentLagDays.
    let inputs = [
        ("B2", "0.00%"),
        ("B3", "#,##0.00\" USD\""),
        ("B4", "#,##0.00\" USD\""),
        ("B5", "0.00%"),
        ("B6", "yyyy-mm-dd"),
        ("B7", "0"),
    ];
    for (cell, format) in inputs {
        let look = look(&path, "xl/worksheets/sheet2.xml", cell);
        assert_eq!(look.number_format, format, "{cell}");
        assert_eq!(
            look.fill.as_deref(),
            Some("FFFFF2CC"),
            "{cell} light yellow"
        );
        assert_eq!(look.font.as_deref(), Some("FF0000FF"), "{cell} blue");
        assert!(look.border, "{cell} boxed");
    }
    // Valuation date: a real date (a number), not text.
    let assumptions = book.worksheet_range("Assumptions").unwrap();
    assert!(matches!(
        assumptions.get_value((5, 1)),
        Some(Data::DateTime(_))
    ));
    // Summary's paid (row 12) is money with its currency, and live: no input look.
    let paid = look(&path, "xl/worksheets/sheet1.xml", "B12");
    assert_eq!(paid.number_format, "#,##0.00\" USD\"");
    assert_eq!(paid.fill, None);
    // Clouds' paid (D2) is as run: grey italic on grey, a different look from live money.
    let as_run = look(&path, "xl/worksheets/sheet5.xml", "D2");
    assert_eq!(as_run.fill.as_deref(), Some("FFEDEDED"));
    assert_eq!(as_run.font.as_deref(), Some("FF595959"));
    let summary = book.worksheet_range("Summary").unwrap();
    assert_eq!(
        summary.get_value((11, 0)),
        Some(&Data::String("paid".into()))
    );
}

/// Issue 12 (item 3): the Assumptions sheet lists the `--set` overrides first, as report.html
/// and report.md do, and the named inputs below them still name their own rows.
#[test]
fn assumptions_list_set_overrides_first_and_names_follow_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    write_report(dir.path(), &["share.cap=none", "share.paid_before=5B"]);
    let path = dir.path().join("report.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = book.worksheet_range("Assumptions").unwrap();
    let text = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        other => format!("{other:?}"),
    };
    assert_eq!(text(1, 0), "--set share.cap");
    assert_eq!(text(1, 1), "none");
    assert!(
        text(1, 2).starts_with("command-line override"),
        "{}",
        text(1, 2)
    );
    assert_eq!(text(2, 0), "--set share.paid_before");
    assert_eq!(text(2, 1), "5B");
    // Each defined name points at the row labelled with it: Rate on the first row after the
    // overrides, and so on.
    let workbook_xml = xlsx_part(&path, "xl/workbook.xml");
    let names = [
        "Rate",
        "Cap",
        "PaidBefore",
        "DiscountRate",
        "ValuationDate",
        "PaymentLagDays",
    ];
    for (i, name) in names.into_iter().enumerate() {
        let row = 3 + i as u32;
        assert_eq!(named_cell(&workbook_xml, name), format!("B{}", row + 1));
        assert_eq!(text(row, 0), name);
    }
    // The Cap cell is empty (uncapped) and PaidBefore holds the 5B.
    assert!(
        matches!(sheet.get_value((4, 1)), None | Some(Data::Empty)),
        "{:?}",
        sheet.get_value((4, 1))
    );
    assert_eq!(sheet.get_value((5, 1)), Some(&Data::Float(5e9)));
    // The file's own case has no override rows: Rate right under the header.
    let plain = tempfile::tempdir().unwrap();
    write_report(plain.path(), &[]);
    let xml = xlsx_part(&plain.path().join("report.xlsx"), "xl/workbook.xml");
    assert_eq!(named_cell(&xml, "Rate"), "B2");
}

/// Regression: with dates before 1900-03-01 the hit date cannot be a live formula and is
/// written as run; it was written without a date format and read as the number 62.
#[test]
fn an_as_run_hit_date_is_still_a_date() {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("old.toml");
    std::fs::write(
        &scenario,
        r#"
[scenario]
name = "Old"
start = 1899-01-01
end = 1901-12-31

[share]
rate = "20%"
cap = "1B"

[[stream]]
name = "Chat"
cloud = "azure"
annual = { 1899 = "4B", 1900 = "6B", 1901 = "6B" }
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    write_report_of(&scenario, &out, &[]);
    let summary = summary_row(&out.join("summary.csv"));
    let hit = &summary.iter().find(|(c, _)| c == "cap_hit_date").unwrap().1;
    // 1899 accrues 800,000,000.00 (20% of 4B); 1900-Q1 (90 days) accrues 20% of 6B × 90/365
    // = 295,890,410.96, so k = ceil(200,000,000 × 90 / 295,890,410.96) = ceil(60.83) = 61:
    // 1900-03-02, just after the first day spreadsheets date reliably.
    assert_eq!(hit, "1900-03-02");
    let mut book: Xlsx<_> = open_workbook(out.join("report.xlsx")).unwrap();
    let range = book.worksheet_range("Summary").unwrap();
    let row = (0..range.height() as u32)
        .find(|&r| range.get_value((r, 0)) == Some(&Data::String("cap_hit_date".into())))
        .unwrap();
    match range.get_value((row, 1)) {
        Some(Data::DateTime(d)) => {
            let day = date(1899, 12, 30)
                .checked_add(jiff::Span::new().days(d.as_f64() as i64))
                .unwrap();
            assert_eq!(&day.to_string(), hit);
        }
        other => panic!("cap_hit_date: {other:?}"),
    }
}

/// A name long enough to push the headline's formula past a spreadsheet's 8,192 characters
/// leaves that sentence as run (text) rather than writing a formula no spreadsheet opens; the
/// other sentences stay live.
#[test]
fn an_overlong_headline_formula_is_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let base = std::fs::read_to_string(root().join("scenarios/base.toml")).unwrap();
    let long = "N".repeat(5000);
    let scenario = dir.path().join("long.toml");
    let text = base
        .lines()
        .filter(|l| !l.starts_with("payer") && !l.starts_with("payee"))
        .map(|l| {
            if l.starts_with("name = \"Base case\"") {
                format!("name = \"{long}\"")
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&scenario, text).unwrap();
    let out = dir.path().join("out");
    write_report_of(&scenario, &out, &[]);
    let mut book: Xlsx<_> = open_workbook(out.join("report.xlsx")).unwrap();
    let formulas = book.worksheet_formula("Summary").unwrap();
    let formula = |r: u32| formulas.get_value((r, 0)).cloned().unwrap_or_default();
    assert!(formula(1).is_empty(), "the paid sentence is text");
    assert!(
        formula(3).contains("ISBLANK(Cap)"),
        "the cap sentence is live"
    );
    let values = book.worksheet_range("Summary").unwrap();
    assert_eq!(
        values.get_value((1, 0)),
        Some(&Data::String(headline_of(&scenario, &[]).paid))
    );
    // Every formula the workbook holds fits.
    for sheet in book.sheet_names() {
        let formulas = book.worksheet_formula(&sheet).unwrap();
        for f in formulas.used_cells() {
            assert!(f.2.chars().count() <= 8192, "{sheet} {:?}", (f.0, f.1));
        }
    }
}
