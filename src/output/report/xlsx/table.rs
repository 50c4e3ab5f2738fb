//! The sweep, compare and tornado workbooks: a Summary sheet (what varied or which scenarios, the deal
//! terms, a native chart) before the command's own table, whose cells are typed by column —
//! money as numbers in a money format, rates as percents, dates as dates, empty cells empty.

use super::style::{self, Styles};
use super::write_day;
use crate::model::Scenario;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError,
};
use std::path::Path;
use std::str::FromStr;

/// Which command's table a workbook holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Sweep,
    Compare,
    /// `tornado`: a row per swung key (SPEC §7.4).
    Tornado,
}

/// What a table workbook says about its table on the Summary sheet.
pub struct TableContext<'a> {
    pub kind: TableKind,
    /// The line above the table (for example, that the rows are a sample of a larger sweep).
    pub note: &'a str,
    /// (what, value) lines: the scenario file, the varied keys and their values, `--set`.
    pub about: Vec<(String, String)>,
    /// Each scenario's deal terms, with the file it came from; one for a sweep.
    pub scenarios: Vec<(String, &'a Scenario)>,
    /// Keys that vary (their terms read "varied"); the first is the chart's axis.
    pub varied: Vec<String>,
}

impl<'a> TableContext<'a> {
    /// A sweep of `file` whose first case is `scenario` (so the fixed terms are the
    /// sweep's; `None` for a shard without cases), with the varied keys as `(key, argument as
    /// typed)` and the `--set` arguments.
    pub fn sweep(
        note: &'a str,
        file: &Path,
        scenario: Option<&'a Scenario>,
        varied: Vec<(String, String)>,
        set: &[String],
    ) -> TableContext<'a> {
        // The scenario's name comes from the table (a case's own name carries its values).
        let mut about = vec![("file".to_owned(), file.display().to_string())];
        for (key, argument) in &varied {
            // The argument as typed: `--vary KEY=VALUES` or `--cap VALUES`; the values only.
            let values = match argument.split_once('=') {
                Some((_, values)) => values,
                None => argument.strip_prefix("--cap").unwrap_or(argument).trim(),
            };
            about.push((format!("varied: {key}"), values.to_owned()));
        }
        for argument in set {
            about.push(("set".to_owned(), argument.clone()));
        }
        TableContext {
            kind: TableKind::Sweep,
            note,
            about,
            scenarios: scenario
                .map(|s| (file.display().to_string(), s))
                .into_iter()
                .collect(),
            varied: varied.into_iter().map(|(key, _)| key).collect(),
        }
    }

    /// A tornado of `file`, whose scenario after `--set` is `scenario`, with the swung keys
    /// as `(key, "LOW to HIGH")` and the `--set` arguments.
    pub fn tornado(
        note: &'a str,
        file: &Path,
        scenario: &'a Scenario,
        swung: Vec<(String, String)>,
        set: &[String],
    ) -> TableContext<'a> {
        let mut about = vec![("file".to_owned(), file.display().to_string())];
        for (key, values) in &swung {
            about.push((format!("swung: {key}"), values.clone()));
        }
        for argument in set {
            about.push(("set".to_owned(), argument.clone()));
        }
        TableContext {
            kind: TableKind::Tornado,
            note,
            about,
            scenarios: vec![(file.display().to_string(), scenario)],
            varied: swung.into_iter().map(|(key, _)| key).collect(),
        }
    }

    /// A comparison of `runs` (file, scenario), in argument order.
    pub fn compare<'r>(
        note: &'a str,
        runs: impl Iterator<Item = (&'r Path, &'a Scenario)>,
    ) -> TableContext<'a> {
        let scenarios: Vec<(String, &Scenario)> = runs
            .map(|(path, scenario)| (path.display().to_string(), scenario))
            .collect();
        TableContext {
            kind: TableKind::Compare,
            note,
            about: vec![("scenarios".to_owned(), scenarios.len().to_string())],
            scenarios,
            varied: Vec::new(),
        }
    }

    fn sheet_name(&self) -> &'static str {
        match self.kind {
            TableKind::Sweep => "Sweep",
            TableKind::Compare => "Compare",
            TableKind::Tornado => "Tornado",
        }
    }

    /// How the terms table marks a key the table varies.
    fn varied_word(&self) -> &'static str {
        match self.kind {
            TableKind::Tornado => "swung",
            TableKind::Sweep | TableKind::Compare => "varied",
        }
    }

    fn currency(&self) -> &str {
        self.scenarios
            .first()
            .map_or("USD", |(_, s)| s.currency.as_str())
    }
}

/// The first row of the table on its sheet (0-based): the note, a blank row, then the header.
const HEADER_ROW: u32 = 2;

pub(super) fn build(ctx: &TableContext<'_>, csv: &[u8]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let styles = Styles::new(ctx.currency());
    let table = read_table(csv);
    // The Summary is added first, so it is the first sheet; its chart reads the table's sheet.
    let summary = workbook.add_worksheet();
    summary_sheet(summary, ctx, &styles, &table)?;
    table_sheet(workbook.add_worksheet(), ctx, &styles, &table)?;
    workbook.save_to_buffer()
}

/// The CSV's header and rows.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn column(&self, name: &str) -> Option<u16> {
        self.header.iter().position(|h| h == name).map(|c| c as u16)
    }
}

fn read_table(csv: &[u8]) -> Table {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv);
    let mut records = reader
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect::<Vec<String>>());
    let header = records.next().unwrap_or_default();
    Table {
        header,
        rows: records.collect(),
    }
}

/// What a column holds, from its header: the SPEC's summary columns and the sweep's keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Money,
    Rate,
    Date,
    Integer,
    Boolean,
    Text,
}

fn kind_of(column: &str) -> Kind {
    match column {
        "revenue" | "qualifying_revenue" | "accrued" | "paid" | "foregone" | "cap" | "npv"
        | "binding_threshold" | "share.cap" => Kind::Money,
        // tornado.csv (SPEC §7.4); its `low` and `high` hold values of several keys: text.
        "base_paid" | "paid_low" | "paid_high" | "base_npv" | "npv_low" | "npv_high"
        | "base_foregone" | "foregone_low" | "foregone_high" | "base_accrued" | "accrued_low"
        | "accrued_high" | "swing" => Kind::Money,
        "effective_rate" | "share.rate" | "scenario.discount_rate" => Kind::Rate,
        "start"
        | "end"
        | "cap_hit_date"
        | "first_cash_date"
        | "last_cash_date"
        | "share.effective"
        | "share.sunset"
        | "scenario.valuation_date" => Kind::Date,
        "periods" | "share.payment_lag_days" => Kind::Integer,
        "cap_reached" => Kind::Boolean,
        other if other.starts_with("stream.") && other.ends_with(".growth") => Kind::Rate,
        other if other.starts_with("stream.") && other.ends_with(".qualifying") => Kind::Boolean,
        _ => Kind::Text,
    }
}

/// One CSV cell, typed by its column; empty stays empty, and anything that does not parse as
/// its column's type is written as the text it is.
fn write_cell(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    kind: Kind,
    cell: &str,
    st: &Styles,
) -> Result<(), XlsxError> {
    if cell.is_empty() {
        return Ok(());
    }
    let number = || Decimal::from_str(cell).ok().and_then(|d| d.to_f64());
    match (kind, number()) {
        (Kind::Money, Some(x)) => {
            sheet.write_number_with_format(row, col, x, &st.money)?;
        }
        (Kind::Rate, Some(x)) => {
            sheet.write_number_with_format(row, col, x, &st.percent)?;
        }
        (Kind::Integer, Some(x)) => {
            sheet.write_number_with_format(row, col, x, &st.integer)?;
        }
        (Kind::Date, _) => match cell.parse::<jiff::civil::Date>() {
            Ok(d) => write_day(sheet, row, col, d, &st.date)?,
            Err(_) => {
                sheet.write_string(row, col, cell)?;
            }
        },
        (Kind::Boolean, _) if cell.eq_ignore_ascii_case("true") => {
            sheet.write_boolean_with_format(row, col, true, &st.boolean)?;
        }
        (Kind::Boolean, _) if cell.eq_ignore_ascii_case("false") => {
            sheet.write_boolean_with_format(row, col, false, &st.boolean)?;
        }
        _ => {
            sheet.write_string(row, col, cell)?;
        }
    }
    Ok(())
}

fn table_sheet(
    sheet: &mut Worksheet,
    ctx: &TableContext<'_>,
    st: &Styles,
    table: &Table,
) -> Result<(), XlsxError> {
    sheet.set_name(ctx.sheet_name())?;
    sheet.write_string(0, 0, ctx.note)?;
    let kinds: Vec<Kind> = table.header.iter().map(|h| kind_of(h)).collect();
    for (c, name) in table.header.iter().enumerate() {
        let col = c as u16;
        sheet.write_string_with_format(HEADER_ROW, col, name, &st.header)?;
        sheet.set_column_width(col, column_width(table, c, kinds[c]))?;
    }
    for (r, record) in table.rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + r as u32;
        for (c, cell) in record.iter().enumerate() {
            let kind = kinds.get(c).copied().unwrap_or(Kind::Text);
            write_cell(sheet, (row, c as u16), kind, cell, st)?;
        }
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    style::print_setup(sheet, Some((HEADER_ROW, HEADER_ROW)))?;
    Ok(())
}

/// Wide enough for the header and the column's widest figure as shown (grouped money, a date,
/// a percent), so nothing prints as `####`.
fn column_width(table: &Table, c: usize, kind: Kind) -> f64 {
    let header = table.header[c].chars().count() as f64 + 3.0;
    let cells = table.rows.iter().filter_map(|r| r.get(c));
    let widest = match kind {
        Kind::Money => {
            let largest = cells
                .filter_map(|v| v.parse::<f64>().ok())
                .fold(0.0_f64, |m, x| m.max(x.abs()));
            style::money_width(largest, "")
        }
        Kind::Date => 12.0,
        Kind::Rate | Kind::Integer | Kind::Boolean => 10.0,
        Kind::Text => cells.map(|v| v.chars().count()).max().unwrap_or(0) as f64 + 2.0,
    };
    header.max(widest).clamp(8.0, 60.0)
}

fn summary_sheet(
    sheet: &mut Worksheet,
    ctx: &TableContext<'_>,
    st: &Styles,
    table: &Table,
) -> Result<(), XlsxError> {
    sheet.set_name("Summary")?;
    // tornado.csv has no `scenario` column: its one scenario names it.
    let name = match ctx.kind {
        TableKind::Tornado => ctx
            .scenarios
            .first()
            .map_or_else(String::new, |(_, s)| s.name.clone()),
        TableKind::Sweep | TableKind::Compare => scenario_name(table),
    };
    let title = match ctx.kind {
        TableKind::Sweep => format!("Sweep of {name}"),
        TableKind::Compare => format!("Comparison of {} scenarios", ctx.scenarios.len()),
        TableKind::Tornado => format!("Tornado of {name}"),
    };
    sheet.write_string_with_format(0, 0, title, &st.title)?;
    sheet.write_string(1, 0, ctx.note)?;
    let mut row = 3;
    let scenario = (ctx.kind != TableKind::Compare).then(|| ("scenario".to_owned(), name.clone()));
    for (what, value) in scenario.iter().chain(&ctx.about) {
        sheet.write_string_with_format(row, 0, what, &st.bold)?;
        sheet.write_string(row, 1, value)?;
        row += 1;
    }
    row += 1;
    let chart_row = row;
    let chart = summary_chart(ctx, table);
    if let Some(chart) = &chart {
        sheet.insert_chart(chart_row, 0, chart)?;
        // Rows under the chart (340 px at 20 px a row).
        row += 18;
    }
    terms_table(sheet, row, ctx, st, &name)?;
    // scenario, file, rate, cap (with its currency), effective, sunset, lag, payer, payee.
    for (col, width) in [28, 30, 10, 26, 12, 12, 20, 16, 16].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    style::print_setup(sheet, None)?;
    Ok(())
}

/// The swept scenario's name, as its table's `scenario` column repeats it.
fn scenario_name(table: &Table) -> String {
    table
        .column("scenario")
        .and_then(|c| table.rows.first()?.get(c as usize).cloned())
        .unwrap_or_default()
}

/// The deal terms, one row per scenario: rate, cap, effective, sunset, payment lag, payer and
/// payee; a varied key reads "varied" ("swung" in a tornado; its values are above and in the
/// table).
fn terms_table(
    sheet: &mut Worksheet,
    first: u32,
    ctx: &TableContext<'_>,
    st: &Styles,
    sweep_name: &str,
) -> Result<(), XlsxError> {
    let columns = [
        "scenario",
        "file",
        "rate",
        "cap",
        "effective",
        "sunset",
        "payment lag (days)",
        "payer",
        "payee",
    ];
    sheet.write_string_with_format(first, 0, "Deal terms", &st.bold)?;
    for (c, name) in columns.iter().enumerate() {
        sheet.write_string_with_format(first + 1, c as u16, *name, &st.header)?;
    }
    let varied = |key: &str| ctx.varied.iter().any(|k| k == key);
    for (i, (file, s)) in ctx.scenarios.iter().enumerate() {
        let r = first + 2 + i as u32;
        let share = &s.share;
        let name = match ctx.kind {
            TableKind::Sweep | TableKind::Tornado => sweep_name,
            TableKind::Compare => s.name.as_str(),
        };
        sheet.write_string(r, 0, name)?;
        sheet.write_string(r, 1, file)?;
        if varied("share.rate") {
            sheet.write_string(r, 2, ctx.varied_word())?;
        } else {
            let rate = share.rate.as_decimal().to_f64().unwrap_or(0.0);
            sheet.write_number_with_format(r, 2, rate, &st.percent)?;
        }
        match (varied("share.cap"), share.cap) {
            (true, _) => sheet.write_string(r, 3, ctx.varied_word())?,
            (false, Some(cap)) => {
                sheet.write_number_with_format(r, 3, super::num(cap), &st.money_label)?
            }
            (false, None) => sheet.write_string(r, 3, "none (uncapped)")?,
        };
        for (col, key, day) in [
            (4, "share.effective", share.effective),
            (5, "share.sunset", share.sunset),
        ] {
            if varied(key) {
                sheet.write_string(r, col, ctx.varied_word())?;
            } else {
                write_day(sheet, r, col, day, &st.date)?;
            }
        }
        if varied("share.payment_lag_days") {
            sheet.write_string(r, 6, ctx.varied_word())?;
        } else {
            sheet.write_number_with_format(r, 6, share.payment_lag_days as f64, &st.integer)?;
        }
        for (col, name) in [(7, &share.parties.payer), (8, &share.parties.payee)] {
            if let Some(name) = name {
                sheet.write_string(r, col, name)?;
            }
        }
    }
    Ok(())
}

/// Data rows a chart reads at most: enough for any readable line, small enough to draw.
const CHART_ROWS: usize = 1_000;

/// The Summary's chart: for compare, paid and foregone per scenario as bars; for a cap sweep,
/// paid and foregone against the cap; for another sweep, paid against the first varied key.
fn summary_chart(ctx: &TableContext<'_>, table: &Table) -> Option<Chart> {
    let n = table.rows.len().min(CHART_ROWS) as u32;
    if n == 0 {
        return None;
    }
    let paid = table.column("paid")?;
    let foregone = table.column("foregone")?;
    let sheet = ctx.sheet_name();
    let (first, last) = (HEADER_ROW + 1, HEADER_ROW + n);
    let (mut chart, axis, series): (Chart, u16, Vec<u16>) = match ctx.kind {
        // The tornado's own chart is the `tornado` chart file; the workbook holds the table.
        TableKind::Tornado => return None,
        TableKind::Compare => {
            let mut chart = Chart::new(ChartType::Column);
            chart.title().set_name("Paid and foregone by scenario");
            (chart, table.column("scenario")?, vec![paid, foregone])
        }
        TableKind::Sweep => {
            let key = ctx.varied.first()?;
            let axis = table.column(key)?;
            // One key: a line through the cases in order. A grid: a point per case (scatter
            // when the key is a number in every case), since a line would zigzag through the
            // other keys' values.
            let grid = ctx.varied.len() > 1;
            let numeric = !matches!(kind_of(key), Kind::Text | Kind::Boolean)
                && table.rows[..n as usize]
                    .iter()
                    .all(|row| row.get(axis as usize).is_some_and(|c| !c.is_empty()));
            let kind = if grid && numeric {
                ChartType::Scatter
            } else {
                ChartType::Line
            };
            let mut chart = Chart::new(kind);
            let (what, series) = if key == "share.cap" {
                ("Paid and foregone", vec![paid, foregone])
            } else {
                ("Paid", vec![paid])
            };
            let against = if key == "share.cap" { "the cap" } else { key };
            let mut title = format!("{what} against {against}");
            if key == "share.cap" && !numeric {
                title.push_str(" (an empty label is uncapped)");
            }
            if grid {
                title.push_str(", a point per case");
            }
            chart.title().set_name(&title);
            (chart, axis, series)
        }
    };
    let markers = ctx.kind == TableKind::Sweep;
    let points_only = markers && ctx.varied.len() > 1;
    for col in series {
        let added = chart.add_series();
        if markers {
            added.set_marker(
                rust_xlsxwriter::ChartMarker::new()
                    .set_type(rust_xlsxwriter::ChartMarkerType::Circle)
                    .set_size(7),
            );
        }
        if points_only {
            added.set_format(rust_xlsxwriter::ChartFormat::new().set_no_line());
        }
        added
            .set_name((sheet, HEADER_ROW, col))
            .set_categories((sheet, first, axis, last, axis))
            .set_values((sheet, first, col, last, col));
    }
    chart
        .y_axis()
        .set_num_format(style::billions_axis(ctx.currency()));
    if let Some(format) = axis_format(ctx, table, axis) {
        chart.x_axis().set_num_format(format);
    }
    chart
        .legend()
        .set_position(rust_xlsxwriter::ChartLegendPosition::Bottom);
    chart.set_width(720).set_height(340);
    Some(chart)
}

/// The category axis's number format when the first key is money (in billions) or a rate.
fn axis_format(ctx: &TableContext<'_>, table: &Table, axis: u16) -> Option<String> {
    match kind_of(table.header.get(axis as usize)?) {
        Kind::Money => Some(style::billions_axis(ctx.currency())),
        Kind::Rate => Some("0.0%".to_owned()),
        Kind::Date => Some("yyyy-mm-dd".to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_typed_by_header() {
        assert_eq!(kind_of("paid"), Kind::Money);
        assert_eq!(kind_of("share.cap"), Kind::Money);
        assert_eq!(kind_of("effective_rate"), Kind::Rate);
        assert_eq!(kind_of("stream.API on AWS.growth"), Kind::Rate);
        assert_eq!(kind_of("cap_hit_date"), Kind::Date);
        assert_eq!(kind_of("cap_reached"), Kind::Boolean);
        assert_eq!(kind_of("periods"), Kind::Integer);
        assert_eq!(kind_of("scenario"), Kind::Text);
        assert_eq!(kind_of("file"), Kind::Text);
        // tornado.csv: amounts are money; `low` and `high` mix the keys' types.
        assert_eq!(kind_of("base_npv"), Kind::Money);
        assert_eq!(kind_of("accrued_high"), Kind::Money);
        assert_eq!(kind_of("swing"), Kind::Money);
        assert_eq!(kind_of("low"), Kind::Text);
    }
}
