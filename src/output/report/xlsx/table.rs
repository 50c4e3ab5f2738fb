//! The sweep and compare workbooks: the table from the command's CSV.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

/// Which command's table a workbook holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Sweep,
    Compare,
}

/// What a table workbook says about its table.
pub struct TableContext<'a> {
    pub kind: TableKind,
    /// The line above the table (for example, that the rows are a sample of a larger sweep).
    pub note: &'a str,
}

pub(super) fn build(ctx: &TableContext<'_>, csv: &[u8]) -> Result<Vec<u8>, XlsxError> {
    let sheet_name = match ctx.kind {
        TableKind::Sweep => "Sweep",
        TableKind::Compare => "Compare",
    };
    let mut workbook = Workbook::new();
    let fixed = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&fixed));
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    sheet.write_string(0, 0, ctx.note)?;
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
