//! An owned, span-carrying copy of the TOML document.
//!
//! Parsing keeps every key's and value's place so that validation, which runs after the whole
//! file is read, can still point at the exact line (SPEC §5). `--set` values enter the same
//! tree as nodes whose origin is the argument, so one validator checks both.

use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

/// Where a value came from: a span of the scenario file, or a command-line argument.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    Toml(Range<usize>),
    Argument(String),
}

/// A TOML value with its origin.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub origin: Origin,
}

/// The shapes a TOML value can take. Numbers keep their literal text: SPEC §1.1 reads them
/// exactly (integers) or through their shortest decimal form (floats).
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Str(String),
    Integer { literal: String, radix: u32 },
    Float(String),
    Bool(bool),
    Datetime(Datetime),
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

/// One `key = value` of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_origin: Origin,
    pub value: Node,
}

impl Kind {
    /// The TOML type name, for "found a … , expected a …" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Str(_) => "a string",
            Kind::Integer { .. } => "an integer",
            Kind::Float(_) => "a float",
            Kind::Bool(_) => "a boolean",
            Kind::Datetime(_) => "a date-time",
            Kind::Array(_) => "an array",
            Kind::Table(_) => "a table",
        }
    }
}

impl Node {
    /// The entries of a table node, sorted by their place in the file.
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.kind {
            Kind::Table(entries) => Some(entries),
            _ => None,
        }
    }

    /// A short rendering of the value for "found" messages.
    pub fn describe(&self) -> String {
        match &self.kind {
            Kind::Str(s) => format!("\"{s}\""),
            Kind::Integer { literal, radix } => match radix {
                16 => format!("0x{literal}"),
                8 => format!("0o{literal}"),
                2 => format!("0b{literal}"),
                _ => literal.clone(),
            },
            Kind::Float(literal) => literal.clone(),
            Kind::Bool(b) => b.to_string(),
            Kind::Datetime(d) => d.to_string(),
            Kind::Array(_) => "an array".into(),
            Kind::Table(_) => "a table".into(),
        }
    }
}

/// Copies a parsed document into owned nodes, keeping spans.
pub fn from_document(table: &toml::Spanned<DeTable<'_>>) -> Node {
    Node {
        kind: Kind::Table(table_entries(table.get_ref())),
        origin: Origin::Toml(table.span()),
    }
}

fn table_entries(table: &DeTable<'_>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = table
        .iter()
        .map(|(key, value)| Entry {
            key: key.get_ref().to_string(),
            key_origin: Origin::Toml(key.span()),
            value: from_value(value),
        })
        .collect();
    entries.sort_by_key(|e| match &e.key_origin {
        Origin::Toml(span) => span.start,
        Origin::Argument(_) => usize::MAX,
    });
    entries
}

fn from_value(value: &toml::Spanned<DeValue<'_>>) -> Node {
    let kind = match value.get_ref() {
        DeValue::String(s) => Kind::Str(s.to_string()),
        DeValue::Integer(i) => Kind::Integer {
            literal: i.as_str().to_owned(),
            radix: i.radix(),
        },
        DeValue::Float(f) => Kind::Float(f.as_str().to_owned()),
        DeValue::Boolean(b) => Kind::Bool(*b),
        DeValue::Datetime(d) => Kind::Datetime(*d),
        DeValue::Array(items) => Kind::Array(items.iter().map(from_value).collect()),
        DeValue::Table(t) => Kind::Table(table_entries(t)),
    };
    Node {
        kind,
        origin: Origin::Toml(value.span()),
    }
}
