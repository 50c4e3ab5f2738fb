//! The run workbook's Summary sheet: the headline (live sentences, the clouds as run), the
//! live totals with cap reached and the SPEC §2.4 hit date, and the chart.

use super::periods::{CAP_LINE, HIT_DATE};
use super::run::{as_run_terms, formula, live_dates};
use super::style::{self, Styles};
use super::{column_letters, first_sheet_date, half_even_to, headline, literal, serial, write_day};
use crate::money::Money;
use crate::output::report::{ReportContext, headline_sentences, payment_subject};
use jiff::civil::Date;
use rust_xlsxwriter::{Chart, ChartType, Format, Note, Worksheet, XlsxError};

/// Summary rows (0-based) of the live totals, in order, with their labels.
const TOTALS: [&str; 13] = [
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

pub(super) fn summary_sheet(
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

/// The longest formula a spreadsheet accepts (Excel's limit, in characters).
const MAX_FORMULA: usize = 8192;

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
        npv: total_cell("npv"),
        hit_date: total_cell("cap_hit_date"),
        binding_threshold: total_cell("binding_threshold"),
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
            cached.text(&cached.paid),
        ),
        (
            headline::foregone(&cells, cur),
            cached
                .foregone
                .as_ref()
                .map_or_else(String::new, |s| cached.text(s)),
        ),
        (headline::cap(&cells, cur), cached.text(&cached.cap)),
        (headline::rate(&cells), cached.text(&cached.rate)),
    ];
    let plain = Format::new();
    for (i, (text, value)) in live.into_iter().enumerate() {
        let row = 1 + i as u32;
        if text.chars().count() > MAX_FORMULA {
            // A very long scenario or party name: the sentence as run, not a broken file.
            sheet.write_string_with_format(row, 0, value, &st.as_run_note)?;
        } else {
            formula(sheet, (row, 0), &text, value, &plain)?;
        }
    }
    if let Some(clouds) = &cached.clouds {
        let clouds = cached.text(clouds).replacen(
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
    let rows: [(String, String, &Format); 13] = [
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
        ("=PaidBefore".into(), money(s.paid_before), &st.money_label),
        // SPEC §7.2: what was paid before counts toward the cap; in whole cents, so the sum
        // and the comparison are exact.
        (
            format!(
                "=IF(ISBLANK(Cap),FALSE,ROUND(PaidBefore*100,0)+ROUND({}*100,0)>=ROUND(Cap*100,0))",
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
            format!("=ROUND({}+PaidBefore,2)", total_cell("accrued")),
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
        if *label == "paid_before" {
            // The words report.html uses, for the one total that is an input, not a result.
            let note = "Paid before this scenario (counts toward the cap; not part of paid or npv). \
                        Change it on Assumptions: PaidBefore.";
            sheet.insert_note(r, 0, &Note::new(note))?;
        }
        if *label == "cap_hit_date" && !live_dates(ctx) {
            // Text dates cannot take part in date arithmetic: the engine's value instead.
            if let Some(d) = s.cap_hit_date {
                write_day(sheet, r, 1, d, &st.as_run_date)?;
            }
            continue;
        }
        formula(sheet, (r, 1), &text, cached, format)?;
    }
    Ok(())
}

/// SPEC §2.4 with §7.2: uncapped, none; nothing left of the cap (`Cap − PaidBefore` is 0,
/// in whole cents), the effective date; else the one period row whose helper column found
/// the cap reached within it (at most one row can: the cap is used up there).
fn hit_date_formula(ctx: &ReportContext<'_>) -> String {
    let effective = date_literal(ctx.scenario.share.effective);
    let hits = periods_range(HIT_DATE, ctx.outcome.periods.len());
    format!(
        "=IF(ISBLANK(Cap),\"\",IF(ROUND((Cap-PaidBefore)*100,0)=0,{effective},IF(COUNT({hits})=0,\"\",SUM({hits}))))"
    )
}

/// A fixed date inside a formula: `DATE(2026,4,27)`, or ISO text before 1900-03-01.
fn date_literal(d: Date) -> String {
    if d < first_sheet_date() {
        literal(&d.to_string())
    } else {
        format!("DATE({},{},{})", d.year(), d.month(), d.day())
    }
}

/// The native chart: cumulative paid against the cap, from the Periods sheet.
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
    // The cap line reads a hidden column that is #N/A while the Cap cell is empty: Excel
    // leaves those points out, LibreOffice draws them at 0. So a workbook written uncapped
    // has no cap series at all, rather than a cap line at $0 in LibreOffice.
    if ctx.scenario.share.cap.is_some() {
        chart
            .add_series()
            .set_name(("Periods", 0, CAP_LINE))
            .set_categories(("Periods", 1, 0, n, 0))
            .set_values(("Periods", 1, CAP_LINE, n, CAP_LINE));
        // Gaps stated: without it the file format's default is to plot blanks as 0.
        chart
            .show_hidden_data()
            .show_na_as_empty_cell()
            .show_empty_cells_as(rust_xlsxwriter::ChartEmptyCells::Gaps);
    }
    chart
        .y_axis()
        .set_num_format(style::billions_axis(&ctx.scenario.currency));
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    chart.set_width(640).set_height(340);
    Some(chart)
}
