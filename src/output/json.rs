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

/// Pretty JSON bytes with a final newline.
pub fn to_bytes(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
