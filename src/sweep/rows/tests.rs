//! The cap column of any grid must equal the plain engine, case by case, byte for byte.

use super::*;
use crate::engine::simulate;
use crate::scenario::overrides::Override;
use crate::sweep::values::parse_varied;
use crate::sweep::{Grid, shard_range};
use std::path::PathBuf;

/// Two streams on two clouds, quarters over 2026..2027, 1,000 a day on azure and 100 on aws
/// (2026 has 365 days, 2027 365). The window 2026-04-27..2027-12-31 makes the first quarter a
/// stub for the share; a cap of 100,000 binds in 2026 at 20%.
const SCENARIO: &str = r#"
[scenario]
name = "grid"
start = 2026-01-01
end = 2027-12-31
period = "quarter"
discount_rate = "8%"
valuation_date = 2026-01-01

[share]
rate = "20%"
cap = "100000"
effective = 2026-04-27
sunset = 2027-12-31
payment_lag_days = 30

[[stream]]
name = "a"
cloud = "azure"
annual = { 2026 = 365000, 2027 = 365000 }

[[stream]]
name = "b"
cloud = "aws"
annual = { 2026 = 36500, 2027 = 36500 }
"#;

fn scenario_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn grid(args: &[(&str, &str)]) -> Grid {
    let varied = args
        .iter()
        .map(|(flag, value)| parse_varied(flag, value, u64::MAX).unwrap())
        .collect();
    Grid::new(varied, u64::MAX).unwrap()
}

/// The row the plain engine gives for one case: the case's values as `--set` overrides,
/// loaded, simulated and written with the same cell writers.
fn expected_row(path: &std::path::Path, grid: &Grid, index: u64) -> Result<String> {
    let values = grid.case(index);
    let overrides: Vec<Override> = grid
        .varied
        .iter()
        .zip(&values)
        .map(|(v, x)| Override::parse(&format!("{}={}", v.key.text(), x.override_text()), "--set"))
        .collect::<std::result::Result<_, _>>()
        .unwrap();
    let scenario = crate::scenario::load(path, &overrides)?.scenario;
    let summary = simulate(&scenario)
        .map_err(|e| crate::scenario::too_large(path, e))?
        .summary;
    let mut row = Vec::new();
    for value in &values {
        crate::output::csv::push_cell(&mut row, value.cell(), false);
    }
    crate::output::csv::push_summary(&mut row, &summary);
    Ok(String::from_utf8(row).unwrap())
}

fn sweep_rows(path: &std::path::Path, grid: &Grid, cases: Range<u64>) -> Result<Vec<String>> {
    let sweep = Sweep::prepare(path, &[], grid, cases.clone())?;
    let mut out = Vec::new();
    write_csv(&sweep, cases, &mut out, &|_| {})?;
    let text = String::from_utf8(out).unwrap();
    Ok(text.lines().skip(1).map(|l| format!("{l}\n")).collect())
}

/// The cap first, in the middle and last, with `none`, 0, and caps a cent around where the cap
/// binds at a period end: every row equals the engine's for that case.
#[test]
fn cap_anywhere_in_the_grid_equals_the_engine() {
    let (_dir, path) = scenario_file(SCENARIO);
    // 2026-Q2 ∩ W = 04-27..06-30 = 65 days: Q = 65 × 1,100 = 71,500, A = 14,300 at 20%. So a
    // cap of 14,300.00 binds exactly at the end of 2026-Q2; 14,299.99 and 14,300.01 either side.
    let caps = ("--cap", "none,0,14299.99,14300,14300.01,1M");
    let rates = ("--vary", "share.rate=10%,20%");
    let sunsets = ("--vary", "share.sunset=2026-12-31,2027-12-31");
    for order in [
        [caps, rates, sunsets],
        [rates, caps, sunsets],
        [rates, sunsets, caps],
    ] {
        let grid = grid(&order);
        assert_eq!(grid.count, 24);
        let rows = sweep_rows(&path, &grid, 0..grid.count).unwrap();
        for (index, row) in rows.iter().enumerate() {
            let expected = expected_row(&path, &grid, index as u64).unwrap();
            assert_eq!(row, &expected, "case {index} of {order:?}");
        }
        // Shards join to the whole sweep.
        let mut joined = Vec::new();
        for i in 1..=5 {
            joined.extend(sweep_rows(&path, &grid, shard_range(grid.count, Some((i, 5)))).unwrap());
        }
        assert_eq!(joined, rows);
    }
}

/// Uncapped, the present value is too large: 10^14 a year at 100%, valued a year after the
/// cash at 10,000% a year, so df = 101 and pv ≈ 1.01 × 10^16. The uncapped run fails, so
/// each case runs in full: the capped cases are written and equal the engine, and the uncapped
/// case fails naming itself.
#[test]
fn a_too_large_uncapped_run_falls_back_to_the_engine_case_by_case() {
    let text = SCENARIO
        .replace("discount_rate = \"8%\"", "discount_rate = \"10000%\"")
        .replace("valuation_date = 2026-01-01", "valuation_date = 2029-01-01")
        .replace(
            "annual = { 2026 = 365000, 2027 = 365000 }",
            "annual = { 2026 = 1e14, 2027 = 1e14 }",
        )
        .replace("rate = \"20%\"", "rate = 1");
    let (_dir, path) = scenario_file(&text);
    let grid = grid(&[("--vary", "share.rate=50%,100%"), ("--cap", "1M,10B")]);
    let rows = sweep_rows(&path, &grid, 0..grid.count).unwrap();
    for (index, row) in rows.iter().enumerate() {
        assert_eq!(row, &expected_row(&path, &grid, index as u64).unwrap());
    }
    let grid = self::grid(&[("--vary", "share.rate=50%,100%"), ("--cap", "1M,none")]);
    let e = sweep_rows(&path, &grid, 0..grid.count)
        .unwrap_err()
        .render();
    assert!(
        e.contains("sweep case 2 (share.rate=0.50, share.cap=none)"),
        "{e}"
    );
}

/// Warnings are counted per case: a sunset after the horizon warns for the 3 cases of that
/// combination only (of 6), named by its first case.
#[test]
fn a_warning_of_one_combination_counts_its_cases() {
    let (_dir, path) = scenario_file(SCENARIO);
    let grid = grid(&[
        ("--vary", "share.sunset=2027-12-31,2028-12-31"),
        ("--cap", "1B,2B,3B"),
    ]);
    let sweep = Sweep::prepare(&path, &[], &grid, 0..grid.count).unwrap();
    assert_eq!(sweep.warnings.len(), 1, "{:?}", sweep.warnings);
    assert!(
        sweep.warnings[0].contains(
            "in 3 of 6 cases (first: sweep case 4 (share.sunset=2028-12-31, share.cap=1000000000.00)):"
        ),
        "{}",
        sweep.warnings[0]
    );
}

/// With the cap before a key of more values than a batch holds combinations (2,501 rates >
/// 2,048), rows take the per-case path instead of the cap path; a sample of them (every 97th,
/// and the last) still equals the engine's, and the first and last rates bracket the grid.
#[test]
fn cap_before_a_long_key_equals_the_engine_case_by_case() {
    let (_dir, path) = scenario_file(SCENARIO);
    let grid = grid(&[
        ("--cap", "none,14300"),
        ("--vary", "share.rate=0%..25%:0.01%"),
    ]);
    assert_eq!(grid.count, 5_002);
    assert!(grid.cap_axis().unwrap().stride > COMBINATIONS as u64);
    let rows = sweep_rows(&path, &grid, 0..grid.count).unwrap();
    assert_eq!(rows.len(), 5_002);
    for index in (0..grid.count).step_by(97).chain([grid.count - 1]) {
        let expected = expected_row(&path, &grid, index).unwrap();
        assert_eq!(rows[index as usize], expected, "case {index}");
    }
}

/// Ties in paid or foregone go to the earlier case, within a chunk and across chunks merged
/// in either order (the terminal table shows the first case holding each extreme).
#[test]
fn extremes_keep_the_earliest_case_on_ties() {
    let m = |cents: i128| Money::from_cents(cents);
    let mut first = Extremes::default();
    first.see(5, m(100), m(0));
    first.see(6, m(100), m(0)); // ties both: case 5 stays
    first.see(7, m(50), m(50));
    assert_eq!(first.paid, Some(((7, m(50)), (5, m(100)))));
    assert_eq!(first.foregone, Some(((5, m(0)), (7, m(50)))));
    let mut later = Extremes::default();
    later.see(9, m(100), m(0));
    later.see(10, m(50), m(50));
    let mut a = first;
    a.merge(later);
    let mut b = later;
    b.merge(first);
    for merged in [a, b] {
        assert_eq!(merged.paid, Some(((7, m(50)), (5, m(100)))));
        assert_eq!(merged.foregone, Some(((5, m(0)), (7, m(50)))));
    }
    assert_eq!(a.cases(), vec![5, 7]);
}
