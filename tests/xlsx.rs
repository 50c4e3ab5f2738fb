//! `report.xlsx`: the right sheets, live formulas in Periods, cached values equal to
//! periods.csv to the cent, and — when LibreOffice is installed — a spreadsheet recalculating
//! the formulas arrives at the same cents, also after the cap is changed in the workbook.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use calamine::{Data, Reader, Xlsx, open_workbook};
use revshare::cli::RunFormat;
use revshare::commands::run::{RunOptions, run};
use revshare::output::charts::ChartFormats;
use revshare::output::report::ReportFormats;
use rust_decimal::{Decimal, RoundingStrategy};
use std::path::Path;
use std::str::FromStr;

fn write_report(dir: &Path, set: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    run(&RunOptions {
        scenario: root.join("scenarios/base.toml"),
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

fn periods_csv(dir: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(dir.join("periods.csv"))
        .unwrap()
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

#[test]
fn workbook_has_sheets_formulas_and_cached_values() {
    let dir = tempfile::tempdir().unwrap();
    write_report(dir.path(), &[]);
    let mut book: Xlsx<_> = open_workbook(dir.path().join("report.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Summary", "Assumptions", "Periods", "Streams", "Clouds"]
    );
    let formulas = book.worksheet_formula("Periods").unwrap();
    let values = book.worksheet_range("Periods").unwrap();
    let expected = periods_csv(dir.path());
    for (i, row) in expected.iter().enumerate() {
        let r = i as u32 + 1;
        for col in COMPUTED.into_iter().chain([10, 11]) {
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
        for col in COMPUTED {
            let cached = match values.get_value((r, col as u32)) {
                Some(Data::Float(x)) => cents(*x),
                Some(Data::Int(x)) => cents(*x as f64),
                Some(Data::String(s)) if s.is_empty() => String::new(),
                other => panic!("row {r} column {col}: {other:?}"),
            };
            assert_eq!(cached, row[col], "row {r} column {col}");
        }
    }
}

/// Recalculates in LibreOffice (when installed) and returns the Periods sheet as CSV rows.
fn recalculate(xlsx: &Path, work: &Path) -> Option<Vec<Vec<String>>> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })?;
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
    let status = std::process::Command::new(soffice)
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
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = std::fs::read_to_string(work.join("report-Periods.csv")).unwrap();
    Some(
        text.lines()
            .skip(1)
            .map(|l| l.split(',').map(str::to_owned).collect())
            .collect(),
    )
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
        assert_eq!(a[10], b[10], "{} cash_date", a[0]);
    }
}

#[test]
fn libreoffice_recalculation_matches_periods_csv() {
    // The base case (cap binds mid-2029), uncapped, cap 0, and monthly periods with another
    // rate and discount rate.
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
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_report(dir.path(), &set);
        let Some(theirs) = recalculate(&dir.path().join("report.xlsx"), dir.path()) else {
            eprintln!("LibreOffice not installed: recalculation check skipped");
            return;
        };
        assert_same_cents(&periods_csv(dir.path()), &theirs);
    }
}
