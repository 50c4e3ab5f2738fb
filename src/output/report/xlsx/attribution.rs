//! The run workbook's Streams and Clouds sheets: attribution by the largest-remainder method
//! (SPEC §2.5) needs integer arithmetic beyond a spreadsheet's, so paid and the cloud shares
//! are the scenario as run, styled and labelled apart from the live cells.

use super::run::as_run_terms;
use super::style::{self, Styles};
use super::{num, rows_that_fit};
use crate::output::report::ReportContext;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Note, Worksheet, XlsxError};

pub(super) fn streams_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Streams")?;
    let paid = format!("paid (as run: {})", as_run_terms(ctx));
    let columns = ["period", "stream", "cloud", "revenue", "qualifying_revenue"];
    let largest = ctx
        .outcome
        .streams
        .iter()
        .fold(0.0_f64, |m, r| m.max(num(r.revenue)));
    table_header(sheet, &columns, st, largest)?;
    as_run_header(sheet, ctx, st, 5, &paid, largest)?;
    sheet.set_column_width(1, 30)?;
    let total = ctx.outcome.streams.len();
    let shown = rows_that_fit(total, 1);
    for (i, row) in ctx.outcome.streams.iter().enumerate() {
        let r = i as u32 + 1;
        if shown.is_some_and(|shown| r > shown) {
            break;
        }
        let stream = &ctx.scenario.streams[row.stream];
        sheet.write_string(r, 0, &ctx.outcome.periods[row.period].period)?;
        sheet.write_string(r, 1, &stream.name)?;
        sheet.write_string(r, 2, &stream.cloud)?;
        sheet.write_number_with_format(r, 3, num(row.revenue), &st.money)?;
        sheet.write_number_with_format(r, 4, num(row.qualifying_revenue), &st.money)?;
        sheet.write_number_with_format(r, 5, num(row.paid), &st.as_run_money)?;
    }
    if let Some(shown) = shown {
        note_cut_rows(sheet, shown, total, "streams.csv")?;
    }
    Ok(())
}

pub(super) fn clouds_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Clouds")?;
    let terms = as_run_terms(ctx);
    let largest = ctx
        .outcome
        .clouds
        .iter()
        .fold(0.0_f64, |m, c| m.max(num(c.revenue)));
    let columns = ["cloud", "revenue", "qualifying_revenue"];
    table_header(sheet, &columns, st, largest)?;
    let paid = format!("paid (as run: {terms})");
    as_run_header(sheet, ctx, st, 3, &paid, largest)?;
    let share = format!("share_of_paid (as run: {terms})");
    as_run_header(sheet, ctx, st, 4, &share, 0.0)?;
    let total = ctx.outcome.clouds.len();
    let shown = rows_that_fit(total, 1);
    for (i, c) in ctx.outcome.clouds.iter().enumerate() {
        let r = i as u32 + 1;
        if shown.is_some_and(|shown| r > shown) {
            break;
        }
        sheet.write_string(r, 0, &c.cloud)?;
        sheet.write_number_with_format(r, 1, num(c.revenue), &st.money)?;
        sheet.write_number_with_format(r, 2, num(c.qualifying_revenue), &st.money)?;
        sheet.write_number_with_format(r, 3, num(c.paid), &st.as_run_money)?;
        if let Some(share) = c.share_of_paid {
            sheet.write_number_with_format(
                r,
                4,
                share.to_f64().unwrap_or(0.0),
                &st.as_run_percent,
            )?;
        }
    }
    if let Some(shown) = shown {
        note_cut_rows(sheet, shown, total, "clouds.csv")?;
    }
    Ok(())
}

/// Streams and Clouds columns that hold money.
const MONEY_COLUMNS: [&str; 2] = ["revenue", "qualifying_revenue"];

/// A table's header row: frozen, repeated on every printed page, money columns wide enough
/// for `largest`.
fn table_header(
    sheet: &mut Worksheet,
    columns: &[&str],
    st: &Styles,
    largest: f64,
) -> Result<(), XlsxError> {
    for (c, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &st.header)?;
        let width = if MONEY_COLUMNS.contains(name) {
            style::money_width(largest, name)
        } else {
            (name.chars().count() as f64 + 3.0).max(12.0)
        };
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    style::print_setup(sheet, Some((0, 0)))?;
    Ok(())
}

/// The header of an as-run column: styled apart, with a note saying why it is not live.
fn as_run_header(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
    col: u16,
    label: &str,
    largest: f64,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, col, label, &st.as_run_header)?;
    // As wide as its figures and as half its label (bold, with a margin), so the label
    // wraps onto two lines at most.
    let half_label = (label.chars().count() as f64 / 2.0).ceil() + 4.0;
    sheet.set_column_width(col, style::money_width(largest, "").max(half_label))?;
    sheet.set_row_height(0, 32)?;
    sheet.insert_note(
        0,
        col,
        &Note::new(format!(
            "As run ({}): split by the largest-remainder method (SPEC §2.5), which needs exact \
             integer arithmetic beyond a spreadsheet's. These values do not follow the \
             Assumptions inputs; re-run revshare with --set for new ones.",
            as_run_terms(ctx)
        )),
    )?;
    Ok(())
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
