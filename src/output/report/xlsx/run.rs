//! The run workbook: Summary, Assumptions, Periods, Streams and Clouds. Every figure that
//! depends on a named input is a formula over the Periods sheet; attribution stays as run.
//! This file builds the workbook and its Assumptions sheet (the named inputs); each other
//! sheet has its own file.

use super::attribution::{clouds_sheet, streams_sheet};
use super::periods::periods_sheet;
use super::style::{self, Styles};
use super::summary::summary_sheet;
use super::{first_sheet_date, num, serial, write_day};
use crate::output::format::{compact, percent};
use crate::output::report::{ReportContext, assumptions, override_rows};
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError,
};

/// The named inputs and what each means, in the order the Assumptions sheet lists them (one
/// row each, the value in column B). `PaidBefore` sits beside `Cap`: it only matters against
/// it (SPEC §7.2).
const INPUTS: [(&str, &str); 6] = [
    ("Rate", "share of qualifying revenue"),
    (
        "Cap",
        "total on cumulative payments; leave empty for uncapped",
    ),
    (
        "PaidBefore",
        "paid toward the cap before this scenario: counts toward the cap, not part of paid or npv",
    ),
    ("DiscountRate", "annual effective, (1 + d)^(−days/365)"),
    ("ValuationDate", "present values are taken at this date"),
    (
        "PaymentLagDays",
        "cash is paid this many days after each period's end",
    ),
];

/// The 0-based Assumptions row of the first named input: below the header and the `--set`
/// overrides, which come first as in the other reports, so a reader sees at once that the
/// inputs are not the scenario file's own.
fn first_input_row(ctx: &ReportContext<'_>) -> u32 {
    1 + ctx.overrides.len() as u32
}

pub(super) fn build(ctx: &ReportContext<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&ctx.scenario.name)
            .set_creation_datetime(&fixed),
    );
    let styles = Styles::new(&ctx.scenario.currency);
    summary_sheet(workbook.add_worksheet(), ctx, &styles)?;
    assumptions_sheet(workbook.add_worksheet(), ctx, &styles)?;
    // The names follow the rows, wherever the overrides put them.
    let first = first_input_row(ctx);
    for (i, (name, _)) in INPUTS.into_iter().enumerate() {
        let row = first + i as u32 + 1;
        workbook.define_name(name, &format!("=Assumptions!$B${row}"))?;
    }
    periods_sheet(workbook.add_worksheet(), ctx, &styles)?;
    streams_sheet(workbook.add_worksheet(), ctx, &styles)?;
    clouds_sheet(workbook.add_worksheet(), ctx, &styles)?;
    workbook.save_to_buffer()
}

/// A formula cell with revshare's own result cached (empty text for an empty result, so a
/// viewer that does not recalculate shows a blank, not 0).
pub(super) fn formula(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    text: &str,
    cached: impl Into<String>,
    format: &Format,
) -> Result<(), XlsxError> {
    let f = Formula::new(text).set_result(cached);
    sheet.write_formula_with_format(row, col, f, format)?;
    Ok(())
}

/// Cash dates, discount factors and hit dates are live only when every date they use can be
/// a spreadsheet date (see `write_day`).
pub(super) fn live_dates(ctx: &ReportContext<'_>) -> bool {
    ctx.scenario.start >= first_sheet_date() && ctx.scenario.valuation_date >= first_sheet_date()
}

/// "cap $38.0B, rate 20%" (with "$5.0B paid before" when something was): the inputs the
/// as-run cells were computed with, so a reader who changes one knows they did not follow.
pub(super) fn as_run_terms(ctx: &ReportContext<'_>) -> String {
    let share = &ctx.scenario.share;
    let cur = &ctx.scenario.currency;
    let cap = share.cap.map_or("none".to_owned(), |c| compact(c, cur));
    let before = if share.paid_before.is_zero() {
        String::new()
    } else {
        format!(", {} paid before", compact(share.paid_before, cur))
    };
    format!("cap {cap}{before}, rate {}", percent(share.rate))
}

fn assumptions_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Assumptions")?;
    // An empty result caches as empty text, not the 0 a viewer would otherwise show.
    sheet.set_formula_result_default("");
    for (c, name) in ["input", "value", "note"].into_iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, name, &st.header)?;
    }
    for (i, (name, value, note)) in override_rows(ctx.overrides).into_iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, name)?;
        sheet.write_string(r, 1, value)?;
        sheet.write_string(r, 2, note)?;
    }
    let first = first_input_row(ctx);
    for (i, (name, note)) in INPUTS.into_iter().enumerate() {
        let r = first + i as u32;
        sheet.write_string(r, 0, name)?;
        input_value(sheet, r, name, ctx, st)?;
        sheet.write_string(r, 2, note)?;
    }
    let after = first + INPUTS.len() as u32;
    sheet.write_string_with_format(
        after,
        0,
        "Change the yellow inputs: Periods and Summary follow. The rows below are the scenario's terms; the live ones repeat the inputs.",
        &st.bold,
    )?;
    let sc = ctx.scenario;
    for (i, (name, value, note)) in assumptions(sc).into_iter().enumerate() {
        let r = after + 2 + i as u32;
        sheet.write_string(r, 0, &name)?;
        assumption_value(sheet, r, ctx, st, &name, value)?;
        sheet.write_string(r, 2, note)?;
    }
    // Wide enough for the longest name ("stream: …", "--set …"), within reason.
    let names = override_rows(ctx.overrides)
        .into_iter()
        .chain(assumptions(sc))
        .map(|(n, _, _)| n.chars().count());
    let widest = names.max().unwrap_or(0) as f64 + 2.0;
    sheet.set_column_width(0, widest.clamp(28.0, 60.0))?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 70)?;
    style::print_setup(sheet, Some((0, 0)))?;
    Ok(())
}

/// A named input's value at row `r`, in the input look and its unit's format.
fn input_value(
    sheet: &mut Worksheet,
    r: u32,
    name: &str,
    ctx: &ReportContext<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let sc = ctx.scenario;
    let share = &sc.share;
    let to_f64 = |d: rust_decimal::Decimal| d.to_f64().unwrap_or(0.0);
    match name {
        "Rate" => {
            let rate = to_f64(share.rate.as_decimal());
            sheet.write_number_with_format(r, 1, rate, &st.input_percent)?;
        }
        "Cap" => match share.cap {
            Some(cap) => {
                sheet.write_number_with_format(r, 1, num(cap), &st.input_money)?;
            }
            None => {
                sheet.write_blank(r, 1, &st.input_money)?;
            }
        },
        "PaidBefore" => {
            sheet.write_number_with_format(r, 1, num(share.paid_before), &st.input_money)?;
        }
        "DiscountRate" => {
            let rate = to_f64(sc.discount_rate.as_decimal());
            sheet.write_number_with_format(r, 1, rate, &st.input_percent)?;
        }
        "ValuationDate" => write_day(sheet, r, 1, sc.valuation_date, &st.input_date)?,
        "PaymentLagDays" => {
            let days = share.payment_lag_days as f64;
            sheet.write_number_with_format(r, 1, days, &st.input_integer)?;
        }
        _ => {}
    }
    Ok(())
}

/// One row of the terms: the repeats of a named input as formulas over it (so they never
/// contradict the input), the rest as the text the other reports show.
fn assumption_value(
    sheet: &mut Worksheet,
    r: u32,
    ctx: &ReportContext<'_>,
    st: &Styles,
    name: &str,
    value: String,
) -> Result<(), XlsxError> {
    let sc = ctx.scenario;
    let plain = Format::new();
    let live = match name {
        "share rate" => Some((
            "=Rate".to_owned(),
            sc.share.rate.as_decimal().to_string(),
            &st.percent,
        )),
        "cap" => Some((
            "=IF(ISBLANK(Cap),\"none (uncapped)\",Cap)".to_owned(),
            sc.share.cap.map_or(value.clone(), |c| c.to_string()),
            &st.money_label,
        )),
        "paid before" => Some((
            "=PaidBefore".to_owned(),
            sc.share.paid_before.to_string(),
            &st.money_label,
        )),
        "discount rate" => Some((
            "=DiscountRate".to_owned(),
            sc.discount_rate.as_decimal().to_string(),
            &st.percent,
        )),
        "valuation date" if live_dates(ctx) => Some((
            "=ValuationDate".to_owned(),
            serial(sc.valuation_date).to_string(),
            &st.date,
        )),
        "payment lag" => Some((
            "=PaymentLagDays&\" days\"".to_owned(),
            value.clone(),
            &plain,
        )),
        _ => None,
    };
    match live {
        Some((text, cached, format)) => {
            // Left-aligned like the text rows around it.
            let format = format.clone().set_align(FormatAlign::Left);
            formula(sheet, (r, 1), &text, cached, &format)?;
        }
        None => {
            sheet.write_string(r, 1, value)?;
        }
    }
    Ok(())
}
