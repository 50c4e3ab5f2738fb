//! `report.xlsx`: the run as a workbook an analyst can change. The Periods sheet computes
//! accrued, paid, foregone, cumulative paid, cap remaining, cash date, discount factor and pv
//! with live formulas that refer to the Assumptions sheet's named cells (`Rate`, `Cap`,
//! `DiscountRate`, `ValuationDate`, `PaymentLagDays`), so changing the cap flows through. The
//! cached results written with each formula are revshare's own numbers.
//!
//! Spreadsheets round half away from zero; the SPEC rounds half to even. The formulas use
//! [`half_even`], which rounds ties to the even cent. Ties only arise from finitely many
//! decimals (rate × qualifying revenue), which the thousandths test detects exactly.

use super::{ReportContext, assumptions};
use crate::engine::valuation::format_discount_factor;
use crate::error::Error;
use crate::money::Money;
use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook,
    Worksheet, XlsxError,
};

/// `x` rounded half-to-even to cents, as a spreadsheet formula.
pub fn half_even(x: &str) -> String {
    format!(
        "IF(AND(ABS(({x})*1000-ROUND(({x})*1000,0))<0.000001,MOD(ROUND(ABS({x})*1000,0),10)=5),SIGN({x})*2*ROUND(ABS({x})*50,0)/100,ROUND({x},2))"
    )
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::Io {
        path: "report.xlsx".into(),
        source: std::io::Error::other(e.to_string()),
    }
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
        let text = Format::new().set_align(FormatAlign::Right);
        sheet.write_string_with_format(row, col, d.to_string(), &text)?;
    } else {
        sheet.write_date_with_format(row, col, &excel_date(d)?, format)?;
    }
    Ok(())
}

/// The last 0-based row index of a worksheet (1,048,576 rows).
const LAST_ROW: u32 = 1_048_575;

/// Rows of a table that fit under its header with one row left for a note; `None` when all fit.
fn rows_that_fit(total: usize) -> Option<u32> {
    (total > LAST_ROW as usize).then_some(LAST_ROW - 1)
}

/// Says on the sheet, in the row below the last one written, how many rows the sheet's limit
/// left out and where to find them.
fn note_cut_rows(
    sheet: &mut Worksheet,
    shown: u32,
    total: usize,
    csv: &str,
) -> Result<(), XlsxError> {
    sheet.write_string(
        shown + 1,
        0,
        format!(
            "… {} more rows are not shown: a worksheet holds at most 1,048,576 rows; {csv} has them all",
            total - shown as usize
        ),
    )?;
    Ok(())
}

/// The spreadsheet serial number of a date (days since 1899-12-30), for cached results.
fn serial(d: Date) -> i64 {
    crate::dates::days_between(jiff::civil::date(1899, 12, 30), d)
}

fn num(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

/// The workbook's bytes. Deterministic: the creation time is fixed.
pub fn render(ctx: &ReportContext<'_>) -> Result<Vec<u8>, Error> {
    build(ctx).map_err(xlsx_error)
}

fn build(ctx: &ReportContext<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&ctx.scenario.name)
            .set_creation_datetime(&fixed),
    );
    let money = Format::new().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let bold = Format::new().set_bold();
    let factor = Format::new().set_num_format("0.0000000000");

    summary_sheet(workbook.add_worksheet(), ctx, &money, &bold)?;
    assumptions_sheet(workbook.add_worksheet(), ctx, &bold, &date)?;
    for (name, cell) in [
        ("Rate", "$B$2"),
        ("Cap", "$B$3"),
        ("DiscountRate", "$B$4"),
        ("ValuationDate", "$B$5"),
        ("PaymentLagDays", "$B$6"),
    ] {
        workbook.define_name(name, &format!("=Assumptions!{cell}"))?;
    }
    periods_sheet(workbook.add_worksheet(), ctx, &money, &date, &factor, &bold)?;
    streams_sheet(workbook.add_worksheet(), ctx, &money, &bold)?;
    clouds_sheet(workbook.add_worksheet(), ctx, &money, &bold)?;
    workbook.save_to_buffer()
}

fn header(sheet: &mut Worksheet, columns: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, bold)?;
        // Wide enough for 1,000,000,000,000.00 with grouping.
        sheet.set_column_width(c as u16, (name.len() as f64 + 4.0).max(20.0))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    money: &Format,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    let s = &ctx.outcome.summary;
    sheet.write_string_with_format(0, 0, &s.scenario, bold)?;
    // One sentence per row, so the headline reads (and prints) without a cell running off.
    for (i, sentence) in super::headline(ctx).split(". ").enumerate().take(6) {
        let sentence = sentence.trim_end_matches('.');
        sheet.write_string(1 + i as u32, 3, format!("{sentence}."))?;
    }
    let rows: [(&str, Option<Money>); 8] = [
        ("revenue", Some(s.revenue)),
        ("qualifying_revenue", Some(s.qualifying_revenue)),
        ("accrued", Some(s.accrued)),
        ("paid", Some(s.paid)),
        ("foregone", Some(s.foregone)),
        ("cap", s.cap),
        ("npv", Some(s.npv)),
        ("binding_threshold", Some(s.binding_threshold)),
    ];
    for (i, (label, value)) in rows.iter().enumerate() {
        let r = 3 + i as u32;
        sheet.write_string(r, 0, *label)?;
        match value {
            Some(v) => sheet.write_number_with_format(r, 1, num(*v), money)?,
            None => sheet.write_string(r, 1, "uncapped")?,
        };
    }
    sheet.write_string(12, 0, "cap_hit_date")?;
    sheet.write_string(
        12,
        1,
        s.cap_hit_date.map_or(String::new(), |d| d.to_string()),
    )?;
    sheet.write_string(14, 0, "Projections are assumptions, not forecasts.")?;
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 22)?;
    Ok(())
}

fn assumptions_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    bold: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Assumptions")?;
    header(sheet, &["input", "value", "note"], bold)?;
    let sc = ctx.scenario;
    let share = &sc.share;
    let rate = share.rate.as_decimal().to_f64().unwrap_or(0.0);
    sheet.write_string(1, 0, "rate (fraction)")?;
    sheet.write_number(1, 1, rate)?;
    sheet.write_string(2, 0, "cap")?;
    match share.cap {
        Some(cap) => sheet.write_number(2, 1, num(cap))?,
        None => sheet.write_string(2, 2, "empty: uncapped")?,
    };
    sheet.write_string(3, 0, "discount rate (fraction)")?;
    sheet.write_number(3, 1, sc.discount_rate.as_decimal().to_f64().unwrap_or(0.0))?;
    sheet.write_string(4, 0, "valuation date")?;
    write_day(sheet, 4, 1, sc.valuation_date, date)?;
    sheet.write_string(5, 0, "payment lag (days)")?;
    sheet.write_number(5, 1, share.payment_lag_days as f64)?;
    for (i, (name, value, note)) in assumptions(sc).into_iter().enumerate() {
        let r = 7 + i as u32;
        sheet.write_string(r, 0, name)?;
        sheet.write_string(r, 1, value)?;
        sheet.write_string(r, 2, note)?;
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 28)?;
    sheet.set_column_width(2, 60)?;
    Ok(())
}

fn periods_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    money: &Format,
    date: &Format,
    factor: &Format,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Periods")?;
    let columns: Vec<&str> = crate::output::csv::PERIOD_COLUMNS
        .iter()
        .copied()
        .chain(["cap"])
        .collect();
    header(sheet, &columns, bold)?;
    // Cash dates and discount factors stay live formulas only when every date they use can be
    // a spreadsheet date (see `write_day`).
    let live_dates = ctx.scenario.start >= first_sheet_date()
        && ctx.scenario.valuation_date >= first_sheet_date();
    for (i, p) in ctx.outcome.periods.iter().enumerate() {
        let r = i as u32 + 1;
        let x = r + 1; // the spreadsheet's 1-based row
        let prev = if i == 0 {
            "0".to_owned()
        } else {
            format!("I{}", x - 1)
        };
        sheet.write_string(r, 0, &p.period)?;
        write_day(sheet, r, 1, p.start, date)?;
        write_day(sheet, r, 2, p.end, date)?;
        sheet.write_number_with_format(r, 3, num(p.revenue), money)?;
        sheet.write_number_with_format(r, 4, num(p.qualifying_revenue), money)?;
        let cap = ctx
            .scenario
            .share
            .cap
            .map_or(String::new(), |c| c.to_string());
        let cells: [(u16, String, String, &Format); 9] = [
            (
                5,
                format!("={}", half_even(&format!("Rate*E{x}"))),
                p.accrued.to_string(),
                money,
            ),
            (
                6,
                format!("=IF(ISBLANK(Cap),F{x},MIN(F{x},Cap-{prev}))"),
                p.paid.to_string(),
                money,
            ),
            (7, format!("=F{x}-G{x}"), p.foregone.to_string(), money),
            (
                8,
                format!("={prev}+G{x}"),
                p.cumulative_paid.to_string(),
                money,
            ),
            (
                9,
                format!("=IF(ISBLANK(Cap),\"\",Cap-I{x})"),
                p.cap_remaining.map_or(String::new(), |m| m.to_string()),
                money,
            ),
            (
                10,
                format!("=C{x}+PaymentLagDays"),
                serial(p.cash_date).to_string(),
                date,
            ),
            (
                11,
                format!("=(1+DiscountRate)^(-(K{x}-ValuationDate)/365)"),
                format_discount_factor(p.discount_factor),
                factor,
            ),
            (
                12,
                format!("={}", half_even(&format!("G{x}*L{x}"))),
                p.pv.to_string(),
                money,
            ),
            // The cap again on every row: the chart's cap line.
            (13, "=IF(ISBLANK(Cap),\"\",Cap)".to_owned(), cap, money),
        ];
        for (col, formula, cached, format) in cells {
            if (col == 10 || col == 11) && !live_dates {
                // Text dates cannot take part in date arithmetic: the engine's values instead.
                match col {
                    10 => write_day(sheet, r, col, p.cash_date, format)?,
                    _ => {
                        sheet.write_number_with_format(r, col, p.discount_factor, format)?;
                    }
                }
                continue;
            }
            let mut f = Formula::new(formula);
            if !cached.is_empty() {
                f = f.set_result(cached);
            }
            sheet.write_formula_with_format(r, col, f, format)?;
        }
    }
    let n = ctx.outcome.periods.len() as u32;
    if !live_dates {
        sheet.write_string(
            n + 2,
            0,
            "Cash dates and discount factors are values: dates before 1900-03-01 are text in a spreadsheet.",
        )?;
    }
    // A chart needs room below the table (120,000 monthly periods is the most a scenario has).
    if n > 0 && n + 30 < LAST_ROW {
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name("Cumulative paid against the cap");
        chart
            .add_series()
            .set_name("cumulative paid")
            .set_categories(("Periods", 1, 0, n, 0))
            .set_values(("Periods", 1, 8, n, 8));
        if ctx.scenario.share.cap.is_some() {
            chart
                .add_series()
                .set_name("cap")
                .set_categories(("Periods", 1, 0, n, 0))
                .set_values(("Periods", 1, 13, n, 13));
        }
        sheet.insert_chart(n + 3, 1, &chart)?;
    }
    Ok(())
}

fn streams_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    money: &Format,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Streams")?;
    header(
        sheet,
        &[
            "period",
            "stream",
            "cloud",
            "revenue",
            "qualifying_revenue",
            "paid",
        ],
        bold,
    )?;
    let total = ctx.outcome.streams.len();
    let shown = rows_that_fit(total);
    for (i, row) in ctx.outcome.streams.iter().enumerate() {
        let r = i as u32 + 1;
        if shown.is_some_and(|shown| r > shown) {
            break;
        }
        let stream = &ctx.scenario.streams[row.stream];
        sheet.write_string(r, 0, &ctx.outcome.periods[row.period].period)?;
        sheet.write_string(r, 1, &stream.name)?;
        sheet.write_string(r, 2, &stream.cloud)?;
        sheet.write_number_with_format(r, 3, num(row.revenue), money)?;
        sheet.write_number_with_format(r, 4, num(row.qualifying_revenue), money)?;
        sheet.write_number_with_format(r, 5, num(row.paid), money)?;
    }
    if let Some(shown) = shown {
        note_cut_rows(sheet, shown, total, "streams.csv")?;
    }
    Ok(())
}

fn clouds_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    money: &Format,
    bold: &Format,
) -> Result<(), XlsxError> {
    sheet.set_name("Clouds")?;
    header(
        sheet,
        &[
            "cloud",
            "revenue",
            "qualifying_revenue",
            "paid",
            "share_of_paid",
        ],
        bold,
    )?;
    let total = ctx.outcome.clouds.len();
    let shown = rows_that_fit(total);
    for (i, c) in ctx.outcome.clouds.iter().enumerate() {
        let r = i as u32 + 1;
        if shown.is_some_and(|shown| r > shown) {
            break;
        }
        sheet.write_string(r, 0, &c.cloud)?;
        sheet.write_number_with_format(r, 1, num(c.revenue), money)?;
        sheet.write_number_with_format(r, 2, num(c.qualifying_revenue), money)?;
        sheet.write_number_with_format(r, 3, num(c.paid), money)?;
        if let Some(share) = c.share_of_paid {
            sheet.write_number(r, 4, share.to_f64().unwrap_or(0.0))?;
        }
    }
    if let Some(shown) = shown {
        note_cut_rows(sheet, shown, total, "clouds.csv")?;
    }
    Ok(())
}

/// A one-table workbook (the Sweep or Compare sheet) from CSV bytes: numbers become numbers,
/// ISO dates and text stay text. `note` goes above the table (for example, that the rows are
/// a sample of a larger sweep).
pub fn from_csv(sheet_name: &str, note: &str, csv: &[u8]) -> Result<Vec<u8>, Error> {
    table_workbook(sheet_name, note, csv).map_err(xlsx_error)
}

fn table_workbook(sheet_name: &str, note: &str, csv: &[u8]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    sheet.write_string(0, 0, note)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv);
    for (r, record) in reader.records().enumerate() {
        let Ok(record) = record else { continue };
        let row = r as u32 + 2;
        for (c, cell) in record.iter().enumerate() {
            let col = c as u16;
            if r == 0 {
                sheet.write_string_with_format(row, col, cell, &bold)?;
                sheet.set_column_width(col, (cell.len() as f64 + 4.0).max(18.0))?;
            } else if let (false, Ok(x)) =
                (cell.contains('-') && cell.len() == 10, cell.parse::<f64>())
            {
                sheet.write_number_with_format(row, col, x, &money)?;
            } else {
                sheet.write_string(row, col, cell)?;
            }
        }
    }
    sheet.set_freeze_panes(3, 0)?;
    workbook.save_to_buffer()
}
