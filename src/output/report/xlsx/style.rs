//! The workbook's look, in one place: the finance convention for inputs (blue on light
//! yellow, boxed), money and percent number formats, real dates, a grey italic for values that
//! are the scenario as run rather than live formulas, and the print setup.

use rust_xlsxwriter::{Color, Format, FormatBorder, Worksheet, XlsxError};

/// Grouped money with two decimals, as tables show it (the currency is in the sheet's note).
pub const MONEY: &str = "#,##0.00";

/// A chart's value axis in billions: `$40B`.
pub fn billions_axis(currency: &str) -> String {
    format!("{}#,##0,,,\"B\"", currency_code(currency))
}

/// The currency as a number-format prefix: `[$$-409]` for dollars, else the code in quotes.
fn currency_code(currency: &str) -> String {
    match currency {
        "USD" => "[$$-409]".into(),
        "EUR" => "[$€-x-euro2]".into(),
        "GBP" => "[$£-809]".into(),
        "JPY" => "[$¥-411]".into(),
        other => format!("\"{} \"", other.replace('"', "")),
    }
}

/// Every format a sheet uses.
pub struct Styles {
    pub bold: Format,
    pub title: Format,
    pub header: Format,
    pub money: Format,
    /// Money with its currency label, for Summary and Assumptions cells.
    pub money_label: Format,
    pub percent: Format,
    pub date: Format,
    pub factor: Format,
    pub integer: Format,
    /// TRUE/FALSE as words (LibreOffice shows a plain boolean TRUE as 1).
    pub boolean: Format,
    pub input_money: Format,
    pub input_percent: Format,
    pub input_date: Format,
    pub input_integer: Format,
    /// A value of the scenario as run, not recomputed when the inputs change.
    pub as_run_money: Format,
    pub as_run_percent: Format,
    /// A date of the scenario as run (the hit date when dates cannot be live).
    pub as_run_date: Format,
    /// A sentence about the as-run values: grey italic without the fill, which would only
    /// cover its first cell.
    pub as_run_note: Format,
    pub as_run_header: Format,
}

impl Styles {
    /// The formats for a workbook whose money is in `currency`.
    pub fn new(currency: &str) -> Styles {
        let money_label = format!("{MONEY}\" {}\"", currency.replace('"', ""));
        let input = || {
            Format::new()
                .set_font_color(Color::RGB(0x0000FF))
                .set_background_color(Color::RGB(0xFFF2CC))
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0x7F7F7F))
        };
        let as_run = || {
            Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959))
                .set_background_color(Color::RGB(0xEDEDED))
        };
        Styles {
            bold: Format::new().set_bold(),
            title: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border_bottom(FormatBorder::Thin),
            money: Format::new().set_num_format(MONEY),
            money_label: Format::new().set_num_format(&money_label),
            percent: Format::new().set_num_format("0.00%"),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            factor: Format::new().set_num_format("0.0000000000"),
            integer: Format::new().set_num_format("0"),
            boolean: Format::new().set_num_format("\"TRUE\";\"TRUE\";\"FALSE\""),
            input_money: input().set_num_format(&money_label),
            input_percent: input().set_num_format("0.00%"),
            input_date: input().set_num_format("yyyy-mm-dd"),
            input_integer: input().set_num_format("0"),
            as_run_money: as_run().set_num_format(MONEY),
            as_run_percent: as_run().set_num_format("0.00%"),
            as_run_date: as_run().set_num_format("yyyy-mm-dd"),
            as_run_note: Format::new()
                .set_italic()
                .set_font_color(Color::RGB(0x595959)),
            as_run_header: as_run()
                .set_bold()
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap(),
        }
    }
}

/// Landscape, one page wide, gridlines off: how every sheet prints. `header_rows` (0-based
/// rows, inclusive) repeat on every printed page.
pub fn print_setup(
    sheet: &mut Worksheet,
    header_rows: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    if let Some((first, last)) = header_rows {
        sheet.set_repeat_rows(first, last)?;
    }
    Ok(())
}

/// A column width (in characters) that shows `value` in `format`'s grouping without `####`:
/// the digits, a separator per three, two decimals and a little margin.
pub fn money_width(largest: f64, label: &str) -> f64 {
    let digits = largest.abs().max(1.0).log10().floor() + 1.0;
    let text = digits + (digits / 3.0).floor() + 4.0;
    (text + 2.0)
        .max(label.chars().count() as f64 + 2.0)
        .max(12.0)
}
