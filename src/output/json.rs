//! `summary.json` (SPEC §6.17): one object, keys in `summary.csv` order, money as two-decimal
//! strings, `periods` an integer, `cap_reached` a boolean, absent values `null`.

use super::csv::{SUMMARY_COLUMNS, summary_fields};
use crate::outcome::Summary;
use serde_json::{Map, Value};

/// The summary as a JSON object in column order.
pub fn summary_value(summary: &Summary) -> Value {
    let mut object = Map::new();
    for (key, cell) in SUMMARY_COLUMNS.iter().zip(summary_fields(summary)) {
        let value = match *key {
            "periods" => Value::from(summary.periods),
            "cap_reached" => Value::from(summary.cap_reached),
            _ if cell.is_empty() => Value::Null,
            _ => Value::from(cell),
        };
        object.insert((*key).to_owned(), value);
    }
    Value::Object(object)
}

/// `sweep.csv` (or any CSV with summary columns) as a JSON array of one object per row, keys in
/// column order and typed as in `summary.json`: `periods` an integer, `cap_reached` a boolean,
/// empty cells `null`, everything else (money, rates, dates, key values) the CSV's exact text.
/// Streams row by row: a sweep may have millions.
pub fn csv_rows_as_json(
    input: impl std::io::Read,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut reader = csv::Reader::from_reader(input);
    let header: Vec<String> = reader.headers()?.iter().map(str::to_owned).collect();
    out.write_all(b"[")?;
    let mut record = csv::StringRecord::new();
    let mut first = true;
    while reader.read_record(&mut record)? {
        let mut object = Map::new();
        for (key, cell) in header.iter().zip(record.iter()) {
            let value = match key.as_str() {
                _ if cell.is_empty() => Value::Null,
                "periods" => cell
                    .parse::<u64>()
                    .map_or_else(|_| Value::from(cell), Value::from),
                "cap_reached" => Value::from(cell == "true"),
                _ => Value::from(cell),
            };
            object.insert(key.clone(), value);
        }
        out.write_all(if first { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut *out, &Value::Object(object))?;
        first = false;
    }
    out.write_all(if first { b"]\n" } else { b"\n]\n" })
}

/// Pretty JSON bytes with a final newline.
pub fn to_bytes(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
