//! The run workbook's Periods sheet: revenue and qualifying revenue as values, accrued,
//! paid, foregone, cumulative paid, cap remaining, cash date, discount factor and pv as live
//! formulas over the named inputs, and the helper columns of the hit date.

use super::run::{formula, live_dates};
use super::style::{self, Styles};
use super::{LAST_ROW, half_even, num, serial, write_day};
use crate::engine::valuation::format_discount_factor;
use crate::money::Money;
use crate::output::report::ReportContext;
use rust_xlsxwriter::{Format, Note, Worksheet, XlsxError};

/// Periods columns past periods.csv's: the cap on every row, then the helpers of the hit date.
const CAP: u16 = 13;
const WINDOW_START: u16 = 14;
const QUALIFYING_DAYS: u16 = 15;
const REMAINING_BEFORE: u16 = 16;
pub(super) const HIT_DATE: u16 = 17;
/// What the cap leaves for this scenario, for the chart: `Cap − PaidBefore` (SPEC §7.2, the
/// level cumulative paid can reach), `#N/A` when uncapped so no line is drawn at 0 (a hidden
/// column). Its header is the series name, live like the level.
pub(super) const CAP_LINE: u16 = 18;

pub(super) fn periods_sheet(
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
            "cap_line",
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
    sheet.set_column_hidden(CAP_LINE)?;
    cap_line_header(sheet, ctx, st)?;
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

/// The chart's name for the cap line, as the SVG chart words it: "cap" while nothing was
/// paid before, else "left of the cap" (the line then stands below the cap).
fn cap_line_header(
    sheet: &mut Worksheet,
    ctx: &ReportContext<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let cached = if ctx.scenario.share.paid_before.is_zero() {
        "cap"
    } else {
        "left of the cap"
    };
    formula(
        sheet,
        (0, CAP_LINE),
        "=IF(ROUND(PaidBefore*100,0)=0,\"cap\",\"left of the cap\")",
        cached,
        &st.header,
    )
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
    // What the cap leaves before this period's payment (SPEC §7.2: after what was paid before
    // the scenario and in the periods before this one), from the engine's own remainder.
    let remaining_before = p.cap_remaining.map(|left| left + p.paid);
    let left = format!("ROUND(Cap-PaidBefore-{prev},2)");
    let cells: [(u16, String, String, &Format); 11] = [
        (
            5,
            format!("={}", half_even(&format!("Rate*E{x}"))),
            p.accrued.to_string(),
            &st.money,
        ),
        (
            6,
            format!("=IF(ISBLANK(Cap),F{x},MIN(F{x},{left}))"),
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
            format!("=IF(ISBLANK(Cap),\"\",ROUND(Cap-PaidBefore-I{x},2))"),
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
        // The cap again on every row, beside what is paid against it.
        (CAP, "=IF(ISBLANK(Cap),\"\",Cap)".to_owned(), cap, &st.money),
        (
            CAP_LINE,
            "=IF(ISBLANK(Cap),NA(),Cap-PaidBefore)".to_owned(),
            share
                .remaining_cap()
                .map_or("#N/A".to_owned(), |c| Money::from_cents(c).to_string()),
            &st.money,
        ),
        (
            REMAINING_BEFORE,
            format!("=IF(ISBLANK(Cap),\"\",{left})"),
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
