//! `report.xlsx`: the run as a workbook an analyst can change ([`render`], built in `run`),
//! and the sweep and compare tables as workbooks ([`from_csv`], built in `table`).
//!
//! In the run workbook every figure that depends on the Assumptions sheet's named inputs
//! (`Rate`, `Cap`, `PaidBefore`, `DiscountRate`, `ValuationDate`, `PaymentLagDays`) is a live
//! formula: the Periods columns, the Summary totals, cap reached, the hit date and the
//! headline. Every cap formula counts `PaidBefore` (SPEC §7.2) as revshare does. The cached
//! result written with each formula is revshare's own number, so a viewer that does not
//! recalculate shows the right figures. Attribution to streams and clouds (largest remainder,
//! SPEC §2.5) needs integer arithmetic beyond a spreadsheet's 2^53, so those cells stay values
//! of the scenario as run, styled and labelled apart.
//!
//! Spreadsheets round half away from zero; the SPEC rounds half to even. The formulas use
//! [`half_even`], which rounds ties to the even cent. Ties only arise from finitely many
//! decimals (rate × qualifying revenue), which the thousandths test detects exactly.

mod attribution;
mod headline;
mod montecarlo;
mod periods;
mod run;
mod style;
mod summary;
mod table;

pub use montecarlo::McContext;
pub use table::{TableContext, TableKind};

use crate::error::Error;
use crate::money::Money;
use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Worksheet, XlsxError};

/// `x` rounded half-to-even to cents, as a spreadsheet formula.
pub fn half_even(x: &str) -> String {
    half_even_to(x, 2)
}

/// `x` rounded half-to-even to `places` decimals, as a spreadsheet formula: a tie is a value
/// whose next decimal is exactly 5 (within 10^-6 of it, far below a cent and far above the
/// floating-point noise of amounts below 10^15); ties go to the even neighbour.
pub fn half_even_to(x: &str, places: u32) -> String {
    let next = 10_u64.pow(places + 1);
    let half = 10_u64.pow(places) / 2;
    let unit = 10_u64.pow(places);
    if places == 0 {
        // ROUND(x*0.5)*2 is the even neighbour of a tie at .5.
        return format!(
            "IF(AND(ABS(({x})*10-ROUND(({x})*10,0))<0.000001,MOD(ROUND(ABS({x})*10,0),10)=5),SIGN({x})*2*ROUND(ABS({x})*0.5,0),ROUND({x},0))"
        );
    }
    format!(
        "IF(AND(ABS(({x})*{next}-ROUND(({x})*{next},0))<0.000001,MOD(ROUND(ABS({x})*{next},0),10)=5),SIGN({x})*2*ROUND(ABS({x})*{half},0)/{unit},ROUND({x},{places}))"
    )
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Io {
        path: "report.xlsx".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// The workbook's bytes. Deterministic: the creation time is fixed.
pub fn render(ctx: &super::ReportContext<'_>) -> Result<Vec<u8>, Error> {
    run::build(ctx).map_err(xlsx_error)
}

/// A sweep's or a comparison's workbook: a Summary sheet (what varied, the fixed deal terms, a
/// native chart) before the table itself, whose cells are typed as in the CSV's columns.
pub fn from_csv(ctx: &TableContext<'_>, csv: &[u8]) -> Result<Vec<u8>, Error> {
    table::build(ctx, csv).map_err(xlsx_error)
}

/// The Monte Carlo workbook: the statistics, P(cap reached) by date and the fan of cumulative
/// paid with native charts, and the draws.
pub fn montecarlo(
    ctx: &McContext<'_>,
    stats: &crate::montecarlo::outputs::Statistics,
) -> Result<Vec<u8>, Error> {
    montecarlo::build(ctx, stats).map_err(xlsx_error)
}

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        d.month() as u8,
        d.day() as u8,
    )
}

/// The first day a spreadsheet date means the same everywhere: serial numbers before it run
/// into 1900 (which Excel treats as a leap year) or do not exist at all.
fn first_sheet_date() -> Date {
    jiff::civil::date(1900, 3, 1)
}

/// A date cell: a real date from 1900-03-01 on, ISO text before it (a valid scenario may
/// start in 1850; the workbook must still be written).
fn write_day(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    d: Date,
    format: &Format,
) -> Result<(), XlsxError> {
    if d < first_sheet_date() {
        // Right-aligned like the real dates below it, so the column reads as one.
        let text = format.clone().set_align(FormatAlign::Right);
        sheet.write_string_with_format(row, col, d.to_string(), &text)?;
    } else {
        sheet.write_date_with_format(row, col, &excel_date(d)?, format)?;
    }
    Ok(())
}

/// The last 0-based row index of a worksheet (1,048,576 rows).
const LAST_ROW: u32 = 1_048_575;

/// Rows of a table that fit under its header with one row left for a note; `None` when all fit.
fn rows_that_fit(total: usize, header_rows: u32) -> Option<u32> {
    (total > (LAST_ROW + 1 - header_rows) as usize).then_some(LAST_ROW - header_rows)
}

/// The spreadsheet serial number of a date (days since 1899-12-30), for cached results.
fn serial(d: Date) -> i64 {
    crate::dates::days_between(jiff::civil::date(1899, 12, 30), d)
}

fn num(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

/// A text literal inside a formula: quotes doubled.
fn literal(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A 0-based column index as its letters (`0` → `A`, `27` → `AB`).
fn column_letters(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }

    #[test]
    fn half_even_keeps_the_cent_formula_and_scales_to_other_places() {
        let cents = half_even("X");
        assert!(
            cents.contains("*1000") && cents.contains("*50,0)/100"),
            "{cents}"
        );
        let six = half_even_to("X", 6);
        assert!(
            six.contains("*10000000") && six.contains("ROUND(X,6)"),
            "{six}"
        );
        assert!(half_even_to("X", 0).contains("ROUND(X,0)"));
    }
}
