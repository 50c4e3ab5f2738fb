//! The run workbook: Summary, Assumptions, Periods, Streams and Clouds. Every figure that
//! depends on a named input is a formula over the Periods sheet; attribution stays as run.

use super::style::{self, Styles};
use super::{
    LAST_ROW, column_letters, first_sheet_date, half_even, half_even_to, headline, literal, num,
    rows_that_fit, serial, write_day,
};
use crate::engine::valuation::format_discount_factor;
use crate::money::Money;
use crate::output::format::{compact, percent};
use crate::output::report::{ReportContext, assumptions, headline_sentences, payment_subject};
use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Format, Formula, Note, Workbook, Worksheet,
    XlsxError,
};

/// The named inputs and their cells on the Assumptions sheet.
const INPUTS: [(&str, &str); 5] = [
    ("Rate", "$B$2"),
    ("Cap", "$B$3"),
    ("DiscountRate", "$B$4"),
    ("ValuationDate", "$B$5"),
    ("PaymentLagDays", "$B$6"),
];

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
    for (name, cell) in INPUTS {
        workbook.define_name(name, &format!("=Assumptions!{cell}"))?;
    }
    periods_sheet(workbook.add_worksheet(), ctx, &styles)?;
    streams_sheet(workbook.add_worksheet(), ctx, &styles)?;
    clouds_sheet(workbook.add_worksheet(), ctx, &styles)?;
    workbook.save_to_buffer()
}

/// A formula cell with revshare's own result cached (empty text for an empty result, so a
/// viewer that does not recalculate shows a blank, not 0).
fn formula(
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
fn live_dates(ctx: &ReportContext<'_>) -> bool {
    ctx.scenario.start >= first_sheet_date() && ctx.scenario.valuation_date >= first_sheet_date()
}

/// "cap $38.0B, rate 20%": the inputs the as-run cells were computed with.
fn as_run_terms(ctx: &ReportContext<'_>) -> String {
    let share = &ctx.scenario.share;
    let cap = share
        .cap
        .map_or("none".to_owned(), |c| compact(c, &ctx.scenario.currency));
    format!("cap {cap}, rate {}", percent(share.rate))
}

/// Summary rows (0-based) of the live totals, in order, with their labels.
const TOTALS: [&str; 12] = [
    "revenue",
    "qualifying_revenue",
    "accrued",
    "paid",
    "foregone",
    "cap",
    "cap_reached",
    "cap_hit_date",
    "effective_rate",
    "npv",
    "binding_threshold",
    "rate",
];
const FIRST_TOTAL: u32 = 8;

/// The Summary cell (`$B$12`) of a total.
fn total_cell(label: &str) -> String {
    let i = TOTALS.iter().position(|t| *t == label).unwrap_or(0) as u32;
    format!("$B${}", FIRST_TOTAL + i + 1)
}

/// A Periods column over every period row: `Periods!$G$2:$G$29`.
fn periods_range(col: u16, n: usize) -> String {
    let c = column_letters(col);
    format!("Periods!${c}$2:${c}${}", n + 1)
}

fn summary_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    // An empty result caches as empty text, not the 0 a viewer would otherwise show.
    sheet.set_formula_result_default("");
    let s = &ctx.outcome.summary;
    sheet.write_string_with_format(0, 0, &s.scenario, &st.title)?;
    headline_rows(sheet, ctx, st)?;
    sheet.write_string_with_format(FIRST_TOTAL - 1, 0, "Totals (live)", &st.header)?;
    sheet.write_string_with_format(
        FIRST_TOTAL - 1,
        1,
        "follow the Assumptions inputs",
        &st.header,
    )?;
    total_rows(sheet, ctx, st)?;
    // Below the totals and the chart beside them (17 rows high).
    let after = (FIRST_TOTAL + TOTALS.len() as u32).max(FIRST_TOTAL + 17) + 2;
    sheet.write_string(after, 0, "Projections are assumptions, not forecasts.")?;
    let note = [
        format!(
            "Grey italic cells are the scenario as run ({}): paid by stream and by cloud and the cloud shares",
            as_run_terms(ctx)
        ),
        "are split by the largest-remainder method, which a spreadsheet cannot redo exactly; re-run revshare for new inputs.".to_owned(),
    ];
    for (i, line) in note.into_iter().enumerate() {
        sheet.write_string_with_format(after + 1 + i as u32, 0, line, &st.as_run_note)?;
    }
    sheet.set_column_width(0, 22)?;
    sheet.set_column_width(1, 26)?;
    sheet.set_column_width(2, 2)?;
    if let Some(chart) = cumulative_chart(ctx) {
        sheet.insert_chart(FIRST_TOTAL - 1, 3, &chart)?;
    }
    style::print_setup(sheet, None)?;
    sheet.set_print_fit_to_pages(1, 1);
    Ok(())
}

/// The headline, a sentence per row: the first four live formulas, the clouds as run.
fn headline_rows(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let cur = &ctx.scenario.currency;
    let cached = headline_sentences(ctx);
    let cells = headline::Cells {
        paid: total_cell("paid"),
        foregone: total_cell("foregone"),
        accrued: total_cell("accrued"),
        npv: total_cell("npv"),
        hit_date: total_cell("cap_hit_date"),
        effective_rate: total_cell("effective_rate"),
    };
    let subject = payment_subject(ctx.scenario);
    let live = [
        (
            headline::paid(
                &cells,
                subject.as_deref(),
                &ctx.outcome.summary.scenario,
                cur,
            ),
            cached.paid,
        ),
        (
            headline::foregone(&cells, cur),
            cached.foregone.unwrap_or_default(),
        ),
        (headline::cap(&cells, cur), cached.cap),
        (headline::rate(&cells), cached.rate),
    ];
    let plain = Format::new();
    for (i, (text, value)) in live.into_iter().enumerate() {
        formula(sheet, (1 + i as u32, 0), &text, value, &plain)?;
    }
    if let Some(clouds) = cached.clouds {
        let clouds = clouds.replacen(
            "By cloud:",
            &format!("By cloud (as run: {}):", as_run_terms(ctx)),
            1,
        );
        sheet.write_string_with_format(5, 0, clouds, &st.as_run_note)?;
    }
    Ok(())
}

fn total_rows(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let s = &ctx.outcome.summary;
    let n = ctx.outcome.periods.len();
    let sum = |col: u16| format!("=ROUND(SUM({}),2)", periods_range(col, n));
    let money = |m: Money| m.to_string();
    let cap_hit = s
        .cap_hit_date
        .map_or(String::new(), |d| serial(d).to_string());
    let rows: [(String, String, &Format); 12] = [
        (sum(3), money(s.revenue), &st.money_label),
        (sum(4), money(s.qualifying_revenue), &st.money_label),
        (sum(5), money(s.accrued), &st.money_label),
        (sum(6), money(s.paid), &st.money_label),
        (sum(7), money(s.foregone), &st.money_label),
        (
            "=IF(ISBLANK(Cap),\"uncapped\",Cap)".into(),
            s.cap.map_or("uncapped".into(), money),
            &st.money_label,
        ),
        (
            format!(
                "=IF(ISBLANK(Cap),FALSE,ROUND({}*100,0)>=ROUND(Cap*100,0))",
                total_cell("accrued")
            ),
            if s.cap_reached { "TRUE" } else { "FALSE" }.into(),
            &st.bold,
        ),
        (hit_date_formula(ctx), cap_hit, &st.date),
        (
            format!(
                "=IF(ROUND({q}*100,0)=0,\"\",{})",
                half_even_to(
                    &format!(
                        "{}/{}",
                        total_cell("paid"),
                        total_cell("qualifying_revenue")
                    ),
                    6
                ),
                q = total_cell("qualifying_revenue")
            ),
            s.effective_rate
                .map_or(String::new(), |r| r.as_decimal().to_string()),
            &st.percent,
        ),
        (sum(12), money(s.npv), &st.money_label),
        (
            format!("={}", total_cell("accrued")),
            money(s.binding_threshold),
            &st.money_label,
        ),
        (
            "=Rate".into(),
            ctx.scenario.share.rate.as_decimal().to_string(),
            &st.percent,
        ),
    ];
    for (i, (label, (text, cached, format))) in TOTALS.iter().zip(rows).enumerate() {
        let r = FIRST_TOTAL + i as u32;
        sheet.write_string(r, 0, *label)?;
        if *label == "cap_hit_date" && !live_dates(ctx) {
            // Text dates cannot take part in date arithmetic: the engine's value instead.
            if let Some(d) = s.cap_hit_date {
                write_day(sheet, r, 1, d, &st.as_run_text)?;
            }
            continue;
        }
        formula(sheet, (r, 1), &text, cached, format)?;
    }
    Ok(())
}

/// SPEC §2.4: uncapped, none; cap 0, the effective date; else the one period row whose
/// helper column found the cap reached within it (at most one row can: the cap is used up
/// there).
fn hit_date_formula(ctx: &ReportContext<'_>) -> String {
    let effective = date_literal(ctx.scenario.share.effective);
    let hits = periods_range(HIT_DATE, ctx.outcome.periods.len());
    format!("=IF(ISBLANK(Cap),\"\",IF(Cap=0,{effective},IF(COUNT({hits})=0,\"\",SUM({hits}))))")
}

/// A fixed date inside a formula: `DATE(2026,4,27)`, or ISO text before 1900-03-01.
fn date_literal(d: Date) -> String {
    if d < first_sheet_date() {
        literal(&d.to_string())
    } else {
        format!("DATE({},{},{})", d.year(), d.month(), d.day())
    }
}

/// The native chart: cumulative paid against the cap, from the Periods sheet (the cap
/// series is empty while the Cap cell is).
fn cumulative_chart(ctx: &ReportContext<'_>) -> Option<Chart> {
    let n = ctx.outcome.periods.len() as u32;
    if n == 0 {
        return None;
    }
    let mut chart = Chart::new(ChartType::Line);
    chart.title().set_name("Cumulative paid against the cap");
    chart
        .add_series()
        .set_name("cumulative paid")
        .set_categories(("Periods", 1, 0, n, 0))
        .set_values(("Periods", 1, 8, n, 8));
    chart
        .add_series()
        .set_name("cap")
        .set_categories(("Periods", 1, 0, n, 0))
        .set_values(("Periods", 1, 13, n, 13));
    chart
        .y_axis()
        .set_num_format(style::billions_axis(&ctx.scenario.currency));
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    chart.set_width(640).set_height(340);
    Some(chart)
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
    let sc = ctx.scenario;
    let share = &sc.share;
    let to_f64 = |d: rust_decimal::Decimal| d.to_f64().unwrap_or(0.0);
    sheet.write_string(1, 0, "Rate")?;
    sheet.write_number_with_format(1, 1, to_f64(share.rate.as_decimal()), &st.input_percent)?;
    sheet.write_string(1, 2, "share of qualifying revenue")?;
    sheet.write_string(2, 0, "Cap")?;
    match share.cap {
        Some(cap) => sheet.write_number_with_format(2, 1, num(cap), &st.input_money)?,
        None => sheet.write_blank(2, 1, &st.input_money)?,
    };
    sheet.write_string(
        2,
        2,
        "total on cumulative payments; leave empty for uncapped",
    )?;
    sheet.write_string(3, 0, "DiscountRate")?;
    sheet.write_number_with_format(
        3,
        1,
        to_f64(sc.discount_rate.as_decimal()),
        &st.input_percent,
    )?;
    sheet.write_string(3, 2, "annual effective, (1 + d)^(−days/365)")?;
    sheet.write_string(4, 0, "ValuationDate")?;
    write_day(sheet, 4, 1, sc.valuation_date, &st.input_date)?;
    sheet.write_string(4, 2, "present values are taken at this date")?;
    sheet.write_string(5, 0, "PaymentLagDays")?;
    sheet.write_number_with_format(5, 1, share.payment_lag_days as f64, &st.input_integer)?;
    sheet.write_string(5, 2, "cash is paid this many days after each period's end")?;
    sheet.write_string_with_format(
        6,
        0,
        "Change the yellow inputs: Periods and Summary follow. The rows below are the scenario's terms; the live ones repeat the inputs.",
        &st.bold,
    )?;
    for (i, (name, value, note)) in assumptions(sc).into_iter().enumerate() {
        let r = 8 + i as u32;
        sheet.write_string(r, 0, &name)?;
        assumption_value(sheet, r, ctx, st, &name, value)?;
        sheet.write_string(r, 2, note)?;
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 30)?;
    sheet.set_column_width(2, 70)?;
    style::print_setup(sheet, Some((0, 0)))?;
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
            &st.bold,
        )),
        _ => None,
    };
    match live {
        Some((text, cached, format)) => {
            let format = if name == "payment lag" {
                &Format::new()
            } else {
                format
            };
            formula(sheet, (r, 1), &text, cached, format)?;
        }
        None => {
            sheet.write_string(r, 1, value)?;
        }
    }
    Ok(())
}

/// Periods columns past periods.csv's: the cap on every row (the chart's cap line), then the
/// helpers of the hit date.
const CAP: u16 = 13;
const WINDOW_START: u16 = 14;
const QUALIFYING_DAYS: u16 = 15;
const REMAINING_BEFORE: u16 = 16;
const HIT_DATE: u16 = 17;

fn periods_sheet(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Periods")?;
    // An empty result caches as empty text, not the 0 a viewer would otherwise show.
    sheet.set_formula_result_default("");
    let columns: Vec<&str> = crate::output::csv::PERIOD_COLUMNS
        .iter()
        .copied()
        .chain([
            "cap",
            "share_window_start",
            "qualifying_days",
            "cap_remaining_before",
            "cap_hit_date",
        ])
        .collect();
    let largest = largest_period_money(ctx);
    for (c, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &st.header)?;
        let header = name.chars().count() as f64 + 3.0;
        let width = match c {
            0 => 10.0,
            1 | 2 | 10 | 11 | 14 | 15 | 17 => header.max(12.0),
            _ => style::money_width(largest, name),
        };
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_freeze_panes(1, 1)?;
    sheet.insert_note(
        0,
        HIT_DATE,
        &Note::new(
            "SPEC §2.4: in the period where the accrual reaches what is left of the cap, the day \
             k − 1 after share_window_start, k = ceil(cap_remaining_before × qualifying_days / \
             accrued), in whole cents.",
        ),
    )?;
    for i in 0..ctx.outcome.periods.len() {
        period_row(sheet, ctx, st, i)?;
    }
    let n = ctx.outcome.periods.len() as u32;
    if !live_dates(ctx) && n + 2 <= LAST_ROW {
        sheet.write_string(
            n + 2,
            0,
            "Cash dates, discount factors and the hit date are values: dates before 1900-03-01 are text in a spreadsheet.",
        )?;
    }
    style::print_setup(sheet, Some((0, 0)))?;
    // The hit-date helpers stay on screen but off the page: Summary prints the hit date.
    sheet.set_print_area(0, 0, n.min(LAST_ROW), CAP)?;
    Ok(())
}

/// The largest amount a Periods money column shows: a period's revenue, the cumulative paid
/// or the cap.
fn largest_period_money(ctx: &ReportContext<'_>) -> f64 {
    let periods = ctx.outcome.periods.iter();
    let largest = periods.fold(0.0_f64, |m, p| {
        m.max(num(p.revenue)).max(num(p.cumulative_paid))
    });
    largest.max(ctx.scenario.share.cap.map_or(0.0, num))
}

/// One period: revenue and qualifying revenue as values, everything after them a formula.
fn period_row(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
    i: usize,
) -> Result<(), XlsxError> {
    let p = &ctx.outcome.periods[i];
    let share = &ctx.scenario.share;
    let r = i as u32 + 1;
    let x = r + 1; // the spreadsheet's 1-based row
    let prev = if i == 0 {
        "0".to_owned()
    } else {
        format!("I{}", x - 1)
    };
    sheet.write_string(r, 0, &p.period)?;
    write_day(sheet, r, 1, p.start, &st.date)?;
    write_day(sheet, r, 2, p.end, &st.date)?;
    sheet.write_number_with_format(r, 3, num(p.revenue), &st.money)?;
    sheet.write_number_with_format(r, 4, num(p.qualifying_revenue), &st.money)?;
    let cap = share.cap.map_or(String::new(), |c| c.to_string());
    let paid_before = p.cumulative_paid - p.paid;
    let remaining_before = share.cap.map(|c| c - paid_before);
    let cells: [(u16, String, String, &Format); 10] = [
        (
            5,
            format!("={}", half_even(&format!("Rate*E{x}"))),
            p.accrued.to_string(),
            &st.money,
        ),
        (
            6,
            format!("=IF(ISBLANK(Cap),F{x},MIN(F{x},Cap-{prev}))"),
            p.paid.to_string(),
            &st.money,
        ),
        (7, format!("=F{x}-G{x}"), p.foregone.to_string(), &st.money),
        (
            8,
            format!("={prev}+G{x}"),
            p.cumulative_paid.to_string(),
            &st.money,
        ),
        (
            9,
            format!("=IF(ISBLANK(Cap),\"\",Cap-I{x})"),
            p.cap_remaining.map_or(String::new(), |m| m.to_string()),
            &st.money,
        ),
        (
            10,
            format!("=C{x}+PaymentLagDays"),
            serial(p.cash_date).to_string(),
            &st.date,
        ),
        (
            11,
            format!("=(1+DiscountRate)^(-(K{x}-ValuationDate)/365)"),
            format_discount_factor(p.discount_factor),
            &st.factor,
        ),
        (
            12,
            format!("={}", half_even(&format!("G{x}*L{x}"))),
            p.pv.to_string(),
            &st.money,
        ),
        // The cap again on every row: the chart's cap line.
        (CAP, "=IF(ISBLANK(Cap),\"\",Cap)".to_owned(), cap, &st.money),
        (
            REMAINING_BEFORE,
            format!("=IF(ISBLANK(Cap),\"\",Cap-{prev})"),
            remaining_before.map_or(String::new(), |m| m.to_string()),
            &st.money,
        ),
    ];
    let live = live_dates(ctx);
    for (col, text, cached, format) in cells {
        if (col == 10 || col == 11) && !live {
            // Text dates cannot take part in date arithmetic: the engine's values instead.
            match col {
                10 => write_day(sheet, r, col, p.cash_date, format)?,
                _ => {
                    sheet.write_number_with_format(r, col, p.discount_factor, format)?;
                }
            }
            continue;
        }
        formula(sheet, (r, col), &text, cached, format)?;
    }
    let window = crate::dates::intersect((p.start, p.end), (share.effective, share.sunset));
    let days = window.map_or(0, |(from, to)| crate::dates::days_inclusive(from, to));
    if let Some((from, _)) = window {
        write_day(sheet, r, WINDOW_START, from, &st.date)?;
    }
    sheet.write_number_with_format(r, QUALIFYING_DAYS, days as f64, &st.integer)?;
    if live {
        let hit = match (remaining_before, ctx.outcome.summary.cap_hit_date) {
            (Some(left), Some(d)) if left > Money::default() && p.accrued >= left => {
                serial(d).to_string()
            }
            _ => String::new(),
        };
        formula(sheet, (r, HIT_DATE), &hit_row_formula(x), hit, &st.date)?;
    }
    Ok(())
}

/// SPEC §2.4 for one period row `x`: when the accrual reaches what is left of the cap and
/// something is left, the day k − 1 after the window's first day, k = ceil(left × qd / A).
/// In whole cents (`ROUND(…*100,0)`), so the comparison and a quotient that is a whole number
/// are exact: the product stays below 2^53 while what is left is below about $246B for a
/// yearly period (about $980B for a quarter), and the quotient rounds the right way while a
/// period's accrual is below about $250B.
fn hit_row_formula(x: u32) -> String {
    let left = format!("ROUND(Q{x}*100,0)");
    let accrued = format!("ROUND(F{x}*100,0)");
    format!(
        "=IF(ISBLANK(Cap),\"\",IF(AND({left}>0,{accrued}>={left}),O{x}+CEILING({left}*P{x}/{accrued},1)-1,\"\"))"
    )
}

fn streams_sheet(
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

fn clouds_sheet(
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
    // The label wraps onto two lines; the column is as wide as its figures.
    sheet.set_column_width(col, style::money_width(largest, "paid (as run)").max(18.0))?;
    sheet.set_row_height(0, 30)?;
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
