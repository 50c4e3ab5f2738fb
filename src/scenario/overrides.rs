//! `--set KEY=VALUE` (SPEC §3, §6.30): replacing a scenario value from the command line.
//!
//! An override becomes a string node in the document tree whose origin is the argument, so
//! the value is checked by the same validator as the file's own values and an error points at
//! the argument.

use super::checker::closest;
use super::node::{Entry, Kind, Node, Origin};
use crate::error::{Diagnostic, Location};

/// The keys SPEC §3 lets the command line set.
pub const KEYS: &[&str] = &[
    "share.rate",
    "share.cap",
    "share.effective",
    "share.sunset",
    "share.payment_lag_days",
    "share.paid_before",
    "scenario.discount_rate",
    "scenario.valuation_date",
    "scenario.period",
    "stream.NAME.growth",
    "stream.NAME.qualifying",
    "stream.NAME.scale",
    "revenue.scale",
    "cloud.NAME.scale",
];

/// A parsed `KEY=VALUE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    pub key: Key,
    pub value: String,
    /// The argument as typed, for error messages.
    pub argument: String,
}

/// Where an override goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// `scenario.FIELD` or `share.FIELD`.
    Table { table: &'static str, field: String },
    /// `stream.NAME.growth` / `stream.NAME.qualifying` / `stream.NAME.scale`.
    Stream { name: String, field: String },
    /// `cloud.NAME.scale` (SPEC §7.1): the streams on cloud NAME.
    Cloud { name: String, field: String },
}

impl Key {
    /// Parses a dotted key; NAME in `stream.NAME.FIELD` runs to the last dot (SPEC §6.30). A
    /// NAME in double quotes, as TOML writes a key with spaces (`stream."API on AWS".growth`),
    /// is the name inside them.
    pub fn parse(text: &str) -> Option<Key> {
        if let Some(rest) = text.strip_prefix("stream.") {
            let (name, field) = rest.rsplit_once('.')?;
            let name = name
                .strip_prefix('"')
                .and_then(|n| n.strip_suffix('"'))
                .unwrap_or(name);
            return (!name.is_empty() && matches!(field, "growth" | "qualifying" | "scale")).then(
                || Key::Stream {
                    name: name.to_owned(),
                    field: field.to_owned(),
                },
            );
        }
        // NAME runs to the last dot, as for streams (SPEC §7.1, §6.30).
        if let Some(rest) = text.strip_prefix("cloud.") {
            let (name, field) = rest.rsplit_once('.')?;
            let name = name
                .strip_prefix('"')
                .and_then(|n| n.strip_suffix('"'))
                .unwrap_or(name);
            return (!name.is_empty() && field == "scale").then(|| Key::Cloud {
                name: name.to_owned(),
                field: field.to_owned(),
            });
        }
        let (table, field) = text.split_once('.')?;
        let table = match table {
            "share"
                if matches!(
                    field,
                    "rate" | "cap" | "effective" | "sunset" | "payment_lag_days" | "paid_before"
                ) =>
            {
                "share"
            }
            "scenario" if matches!(field, "discount_rate" | "valuation_date" | "period") => {
                "scenario"
            }
            "revenue" if field == "scale" => "revenue",
            _ => return None,
        };
        Some(Key::Table {
            table,
            field: field.to_owned(),
        })
    }

    /// The key as the user writes it.
    pub fn text(&self) -> String {
        match self {
            Key::Table { table, field } => format!("{table}.{field}"),
            Key::Stream { name, field } => format!("stream.{name}.{field}"),
            Key::Cloud { name, field } => format!("cloud.{name}.{field}"),
        }
    }
}

impl Override {
    /// Parses `KEY=VALUE`, splitting at the first `=`.
    pub fn parse(argument: &str, flag: &str) -> Result<Override, Box<Diagnostic>> {
        let shown = format!("{flag} {argument}");
        let Some((key, value)) = argument.split_once('=') else {
            return Err(Box::new(
                Diagnostic::error("expected KEY=VALUE")
                    .at(Location::Argument(shown))
                    .found(format!("\"{argument}\""))
                    .expected("KEY=VALUE, such as share.cap=38B"),
            ));
        };
        let key = Key::parse(key.trim()).ok_or_else(|| {
            Box::new(
                Diagnostic::error("unknown key")
                    .at(Location::Argument(shown.clone()))
                    .found(format!("\"{}\"", key.trim()))
                    .expected(match closest(key.trim(), KEYS) {
                        Some(best) => {
                            format!("one of {} (did you mean `{best}`?)", KEYS.join(", "))
                        }
                        None => format!("one of {}", KEYS.join(", ")),
                    }),
            )
        })?;
        Ok(Override {
            key,
            value: value.to_owned(),
            argument: shown,
        })
    }

    /// The override as a tree node.
    pub fn node(&self) -> Node {
        Node {
            kind: Kind::Str(self.value.clone()),
            origin: Origin::Argument(self.argument.clone()),
        }
    }
}

/// Sets `table.field` in the document, creating the table if the file has none. Later
/// overrides of the same key win.
pub fn apply_to_table(document: &mut Node, table: &str, field: &str, node: Node) {
    let Kind::Table(entries) = &mut document.kind else {
        return;
    };
    let index = match entries.iter().position(|e| e.key == table) {
        Some(i) => i,
        None => {
            entries.push(Entry {
                key: table.to_owned(),
                key_origin: node.origin.clone(),
                value: Node {
                    kind: Kind::Table(Vec::new()),
                    origin: node.origin.clone(),
                },
            });
            entries.len() - 1
        }
    };
    if let Kind::Table(fields) = &mut entries[index].value.kind {
        set_entry(fields, field, node);
    }
}

/// Sets `[table.name] field` (`[cloud.aws] scale`), creating either table if missing.
pub fn apply_to_subtable(document: &mut Node, table: &str, name: &str, field: &str, node: Node) {
    let Kind::Table(entries) = &mut document.kind else {
        return;
    };
    let empty = || Node {
        kind: Kind::Table(Vec::new()),
        origin: node.origin.clone(),
    };
    if !entries.iter().any(|e| e.key == table) {
        set_entry(entries, table, empty());
    }
    let Some(Kind::Table(names)) = entries
        .iter_mut()
        .find(|e| e.key == table)
        .map(|e| &mut e.value.kind)
    else {
        return;
    };
    if !names.iter().any(|e| e.key == name) {
        set_entry(names, name, empty());
    }
    if let Some(Kind::Table(fields)) = names
        .iter_mut()
        .find(|e| e.key == name)
        .map(|e| &mut e.value.kind)
    {
        set_entry(fields, field, node);
    }
}

/// Replaces or adds `field` in a table's entries.
pub fn set_entry(fields: &mut Vec<Entry>, field: &str, node: Node) {
    match fields.iter_mut().find(|e| e.key == field) {
        Some(entry) => entry.value = node,
        None => fields.push(Entry {
            key: field.to_owned(),
            key_origin: node.origin.clone(),
            value: node,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_names_may_contain_dots() {
        assert_eq!(
            Key::parse("stream.api.v2.growth"),
            Some(Key::Stream {
                name: "api.v2".into(),
                field: "growth".into()
            })
        );
        assert_eq!(Key::parse("stream.x.cloud"), None);
        assert_eq!(Key::parse("share.clouds"), None);
        assert_eq!(
            Key::parse("scenario.period").map(|k| k.text()),
            Some("scenario.period".into())
        );
    }

    #[test]
    fn splits_at_the_first_equals_sign() {
        let o = Override::parse("stream.a.b.qualifying=x=y", "--set").unwrap();
        assert_eq!(o.key.text(), "stream.a.b.qualifying");
        assert_eq!(o.value, "x=y");
        assert!(Override::parse("stream.a=b.qualifying=false", "--set").is_err());
        assert!(Override::parse("share.rte=20%", "--set").is_err());
        assert!(Override::parse("share.rate", "--set").is_err());
    }
}
