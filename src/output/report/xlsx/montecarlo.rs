//! The Monte Carlo workbook (SPEC §7.3 `--report xlsx`): what ran and the statistics of
//! `mc_summary.csv` on a first sheet, then the probability the cap is reached by each date and
//! the fan of cumulative paid, each with a native chart, and the draws. Every cell is typed —
//! money as numbers in the money format, probabilities and rates as percents, dates as dates —
//! and holds the CSV's value (the statistics are of 10,000s of exact paths: nothing here is a
//! formula to recompute).

use super::style::{self, Styles};
use super::write_day;
use crate::model::Scenario;
use crate::montecarlo::config::Settings;
use crate::montecarlo::outputs::Statistics;
use crate::montecarlo::summary::header as summary_header;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartLegendPosition, ChartType, DocProperties, ExcelDateTime, Workbook, Worksheet,
    XlsxError,
};
use std::str::FromStr;

/// What the first sheet says about the run.
pub struct McContext<'a> {
    pub file: &'a std::path::Path,
    pub base: &'a Scenario,
    pub settings: &'a Settings,
    pub set: &'a [String],
}

/// The workbook's bytes; deterministic (a fixed creation time).
pub(super) fn build(ctx: &McContext<'_>, stats: &Statistics) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let styles = Styles::new(&ctx.base.currency);
    summary_sheet(workbook.add_worksheet(), ctx, stats, &styles)?;
    binds_sheet(workbook.add_worksheet(), ctx, stats, &styles)?;
    fan_sheet(workbook.add_worksheet(), ctx, stats, &styles)?;
    draws_sheet(workbook.add_worksheet(), ctx, &styles)?;
    workbook.save_to_buffer()
}

fn number(cell: &str) -> Option<f64> {
    Decimal::from_str(cell).ok().and_then(|d| d.to_f64())
}

/// The run, then `mc_summary.csv` (a cap column first with `--cap`).
fn summary_sheet(
    sheet: &mut Worksheet,
    ctx: &McContext<'_>,
    stats: &Statistics,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Monte Carlo")?;
    let s = ctx.settings;
    sheet.write_string_with_format(
        0,
        0,
        format!("Monte Carlo of {}", ctx.base.name),
        &styles.title,
    )?;
    let mut about = vec![
        ("file", ctx.file.display().to_string()),
        ("paths", s.paths.to_string()),
        ("seed", s.seed.to_string()),
        (
            "sampling",
            match s.sampling {
                crate::montecarlo::sampling::Sampling::Lhs => "lhs (Latin hypercube)".into(),
                crate::montecarlo::sampling::Sampling::Random => "random".into(),
            },
        ),
        ("currency", ctx.base.currency.clone()),
    ];
    about.extend(s.draws.iter().map(|p| ("drawn", p.draw.text())));
    about.extend(ctx.set.iter().map(|a| ("set", a.clone())));
    let mut row = 2;
    for (what, value) in &about {
        sheet.write_string_with_format(row, 0, *what, &styles.bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    row += 1;
    let mut header: Vec<&str> = Vec::new();
    if !stats.caps.is_empty() {
        header.push("share.cap");
    }
    header.extend(summary_header());
    let header_row = row;
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(row, c as u16, *h, &styles.header)?;
    }
    for (k, slot) in stats.summary.iter().enumerate() {
        for cells in slot {
            row += 1;
            let mut col = 0u16;
            if let Some(cap) = stats.caps.get(k) {
                write_cap(sheet, row, *cap, styles)?;
                col = 1;
            }
            let rate = cells.first().is_some_and(|m| m == "effective_rate");
            for (i, cell) in cells.iter().enumerate() {
                let c = col + i as u16;
                match (i, number(cell)) {
                    (0, _) | (_, None) => {
                        sheet.write_string(row, c, cell)?;
                    }
                    (1, Some(n)) => {
                        sheet.write_number_with_format(row, c, n, &styles.integer)?;
                    }
                    (_, Some(n)) => {
                        let format = if rate { &styles.percent } else { &styles.money };
                        sheet.write_number_with_format(row, c, n, format)?;
                    }
                }
            }
        }
    }
    sheet.set_column_width(0, 20)?;
    for c in 1..header.len() as u16 {
        sheet.set_column_width(c, 20)?;
    }
    style::print_setup(sheet, Some((header_row, header_row)))
}

/// A `--cap` value in the first column: money, or `none` as the CSVs write it.
fn write_cap(
    sheet: &mut Worksheet,
    row: u32,
    cap: Option<crate::money::Money>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    match cap {
        Some(c) => sheet.write_number_with_format(row, 0, c.cents() as f64 / 100.0, &styles.money),
        None => sheet.write_string(row, 0, "none"),
    }
    .map(|_| ())
}

/// `mc_binds.csv` as a row per date, a column per cap, and a line chart.
fn binds_sheet(
    sheet: &mut Worksheet,
    ctx: &McContext<'_>,
    stats: &Statistics,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let name = "Cap reached by";
    sheet.set_name(name)?;
    sheet.write_string_with_format(0, 0, "date", &styles.header)?;
    let labels: Vec<String> = if stats.caps.is_empty() {
        vec!["probability".into()]
    } else {
        stats
            .caps
            .iter()
            .map(|c| {
                c.map_or("no cap".into(), |c| {
                    format!(
                        "cap {}",
                        crate::output::format::compact(c, &ctx.base.currency)
                    )
                })
            })
            .collect()
    };
    for (k, label) in labels.iter().enumerate() {
        sheet.write_string_with_format(0, 1 + k as u16, label, &styles.header)?;
    }
    for (d, date) in stats.dates.iter().enumerate() {
        let row = 1 + d as u32;
        write_day(sheet, row, 0, *date, &styles.date)?;
        for (k, p) in stats.binds.iter().enumerate() {
            let value = p.get(d).and_then(|p| p.to_f64()).unwrap_or(0.0);
            sheet.write_number_with_format(row, 1 + k as u16, value, &styles.percent)?;
        }
    }
    let last = stats.dates.len() as u32;
    if last > 0 {
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name(&format!(
            "Probability the cap is reached, {}",
            ctx.base.name
        ));
        for k in 0..labels.len().min(6) {
            let col = 1 + k as u16;
            chart
                .add_series()
                .set_name((name, 0, col))
                .set_categories((name, 1, 0, last, 0))
                .set_values((name, 1, col, last, col));
        }
        chart.y_axis().set_num_format("0%").set_min(0).set_max(1);
        // A category per date, labelled as the cells: a date axis would tick at year starts.
        chart
            .x_axis()
            .set_text_axis(true)
            .set_num_format("yyyy-mm-dd");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(720).set_height(340);
        sheet.insert_chart(1, labels.len() as u16 + 2, &chart)?;
    }
    sheet.set_column_width(0, 12)?;
    for k in 0..labels.len() as u16 {
        sheet.set_column_width(1 + k, 14)?;
    }
    style::print_setup(sheet, Some((0, 0)))
}

/// `mc_cumulative.csv` and a chart of the first cap's P5, P25, P50, P75 and P95.
fn fan_sheet(
    sheet: &mut Worksheet,
    ctx: &McContext<'_>,
    stats: &Statistics,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let name = "Cumulative paid";
    sheet.set_name(name)?;
    let by_cap = !stats.caps.is_empty();
    let offset = u16::from(by_cap);
    let mut header = Vec::new();
    if by_cap {
        header.push("share.cap");
    }
    header.extend(["period", "end", "P5", "P25", "P50", "P75", "P95"]);
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &styles.header)?;
    }
    let mut row = 0;
    for (k, fan) in stats.fan.iter().enumerate() {
        for (period, q) in stats.periods.iter().zip(fan) {
            row += 1;
            if let Some(cap) = stats.caps.get(k) {
                write_cap(sheet, row, *cap, styles)?;
            }
            sheet.write_string(row, offset, &period.label)?;
            write_day(sheet, row, offset + 1, period.end, &styles.date)?;
            for (i, cents) in q.iter().enumerate() {
                let value = *cents as f64 / 100.0;
                sheet.write_number_with_format(row, offset + 2 + i as u16, value, &styles.money)?;
            }
        }
    }
    let periods = stats.periods.len() as u32;
    if periods > 0 {
        let mut chart = Chart::new(ChartType::Line);
        let mut title = format!("Cumulative paid, P5 to P95 of the paths, {}", ctx.base.name);
        if let Some(cap) = stats.caps.first() {
            title.push_str(&cap.map_or(", no cap".into(), |c| {
                format!(
                    ", cap {}",
                    crate::output::format::compact(c, &ctx.base.currency)
                )
            }));
        }
        chart.title().set_name(&title);
        for i in 0..5u16 {
            let col = offset + 2 + i;
            chart
                .add_series()
                .set_name((name, 0, col))
                .set_categories((name, 1, offset + 1, periods, offset + 1))
                .set_values((name, 1, col, periods, col));
        }
        chart
            .y_axis()
            .set_num_format(style::billions_axis(&ctx.base.currency));
        chart.x_axis().set_num_format("yyyy");
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.set_width(720).set_height(340);
        sheet.insert_chart(1, header.len() as u16 + 1, &chart)?;
    }
    for c in 0..header.len() as u16 {
        sheet.set_column_width(c, if c < offset + 2 { 12 } else { 20 })?;
    }
    style::print_setup(sheet, Some((0, 0)))
}

/// The draws: key, distribution, parameters as written, and P10/P50/P90 as values.
fn draws_sheet(
    sheet: &mut Worksheet,
    ctx: &McContext<'_>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("Draws")?;
    for (c, h) in ["key", "distribution", "parameters", "P10", "P50", "P90"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, *h, &styles.header)?;
    }
    for (i, placed) in ctx.settings.draws.iter().enumerate() {
        let d = &placed.draw;
        let row = 1 + i as u32;
        sheet.write_string(row, 0, d.key.text())?;
        sheet.write_string(row, 1, &d.dist)?;
        sheet.write_string(row, 2, d.parameters.join(", "))?;
        for (c, u) in [0.1, 0.5, 0.9].into_iter().enumerate() {
            sheet.write_string(row, 3 + c as u16, d.value(u).readable(&ctx.base.currency))?;
        }
    }
    sheet.set_column_width(0, 28)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_column_width(2, 30)?;
    for c in 3..6 {
        sheet.set_column_width(c, 14)?;
    }
    style::print_setup(sheet, Some((0, 0)))
}
