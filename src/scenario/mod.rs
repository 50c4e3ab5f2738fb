//! Scenario files: `load(path)` → a valid [`Scenario`], or every problem found (SPEC §1, §5, §6).
//!
//! Text → TOML tree with spans ([`node`]) → `--set` overrides applied to the tree
//! ([`overrides`]) → validation ([`validate`], with [`streams`] and [`projections`]) → model.

pub mod checker;
pub mod node;
pub mod overrides;
pub mod projections;
pub mod scales;
pub mod source;
pub mod streams;
pub mod units;
pub mod validate;
pub mod value;

use crate::engine::TooLarge;
use crate::error::{Diagnostic, Error};
use crate::model::Scenario;
use node::{Kind, Node};
use overrides::{Key, Override};
use source::Source;
use std::path::Path;

/// A valid scenario, its warnings, and the input files it was read from (for the manifest).
#[derive(Debug)]
pub struct Loaded {
    pub scenario: Scenario,
    pub warnings: Vec<Diagnostic>,
    pub inputs: Vec<Source>,
    /// Whether a revenue scale other than 1 changed some blocks (SPEC §7.1): the blocks are
    /// then no longer the file's, and a sweep rebuilds grown years from the file.
    pub scaled: bool,
}

/// Reads, overrides and validates a scenario. Errors carry every problem found, warnings
/// included, sorted by place.
pub fn load(path: &Path, overrides: &[Override]) -> Result<Loaded, Error> {
    build(&parse(path)?, overrides)
}

/// A scenario file read and parsed, not yet validated: a sweep parses once and builds each
/// case from the same tree.
#[derive(Clone, Debug)]
pub struct Parsed {
    source: Source,
    document: Node,
    /// The projections file, read by the first build that needs it and shared by the rest.
    projections: std::sync::Arc<projections::ProjectionsCache>,
    /// `[[stream]]` entries as validated by earlier builds.
    streams: std::sync::Arc<validate::StreamMemo>,
}

impl Parsed {
    /// The scenario file as read, for diagnostics placed in it.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The parsed tree, for readers of tables the model ignores (`[montecarlo]`).
    pub fn document(&self) -> &Node {
        &self.document
    }

    /// The scenario file's path, for messages about what was built from it.
    pub fn path(&self) -> &Path {
        &self.source.path
    }
}

impl Parsed {
    /// Where `[table] field` stands once `overrides` are applied, and how a "found" message
    /// shows its value; `None` when it is not given. For a warning about that value that the
    /// caller decides itself (the Monte Carlo fast path's cap unit check).
    pub fn place(
        &self,
        overrides: &[Override],
        table: &str,
        field: &str,
    ) -> Option<(crate::error::Location, String)> {
        let mut document = self.document.clone();
        apply_overrides(&mut document, overrides);
        let node = document
            .entries()?
            .iter()
            .rev()
            .find(|e| e.key == table)?
            .value
            .entries()?
            .iter()
            .rev()
            .find(|e| e.key == field)
            .map(|e| &e.value)?;
        let location = match &node.origin {
            node::Origin::Toml(span) => self.source.location(span),
            node::Origin::Argument(argument) => crate::error::Location::Argument(argument.clone()),
        };
        Some((location, node.describe()))
    }
}

/// Reads and parses a scenario file; syntax errors are reported all at once.
pub fn parse(path: &Path) -> Result<Parsed, Error> {
    let source = Source::read(path, "scenario file", source::SCENARIO_LIMIT)?;
    control_characters(&source)?;
    let (document, syntax) = toml::de::DeTable::parse_recoverable(source.text());
    if !syntax.is_empty() {
        let shown = syntax.len().min(MAX_SYNTAX_ERRORS);
        let mut diagnostics: Vec<Diagnostic> = syntax[..shown]
            .iter()
            .map(|e| {
                let span = e.span().unwrap_or(0..0);
                Diagnostic::error("TOML syntax error")
                    .file(&source.path)
                    .at(source.location(&span))
                    .found(e.message().trim().to_owned())
                    .expected("valid TOML (see the scenario format in README.md)")
            })
            .collect();
        if syntax.len() > shown {
            diagnostics.push(
                Diagnostic::error(format!(
                    "{} more TOML syntax errors are not listed",
                    syntax.len() - shown
                ))
                .file(&source.path)
                .found(format!("{} syntax errors in all", syntax.len()))
                .expected("a TOML scenario file (is this the right file?)"),
            );
        }
        return Err(Error::Invalid(diagnostics));
    }
    let document = node::from_document(&document);
    Ok(Parsed {
        source,
        document,
        projections: Default::default(),
        streams: Default::default(),
    })
}

/// Syntax errors kept as diagnostics: a file that is not TOML at all (random bytes) can have
/// hundreds of thousands, and listing more helps nobody.
const MAX_SYNTAX_ERRORS: usize = 10_000;

/// TOML allows no control character but tab and line ends, anywhere. Checking first gives one
/// message per line (the first such character, located) instead of one syntax error per
/// character: a line of a million control characters is one problem, not a million. A lone
/// carriage return is left to the TOML parser, whose message for it says what to do.
fn control_characters(source: &Source) -> Result<(), Error> {
    let text = source.text();
    let mut diagnostics = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body = body.strip_suffix('\r').unwrap_or(body);
        if let Some((at, c)) = body
            .char_indices()
            .find(|(_, c)| c.is_control() && *c != '\t' && *c != '\r')
        {
            let at = line_start + at;
            diagnostics.push(
                Diagnostic::error("control character in the scenario file")
                    .file(&source.path)
                    .at(source.location(&(at..at + c.len_utf8())))
                    .found(format!("U+{:04X}", u32::from(c)))
                    .expected(
                        "text without control characters (TOML allows tab and line ends only)",
                    ),
            );
            if diagnostics.len() == MAX_SYNTAX_ERRORS {
                break;
            }
        }
        line_start += line.len();
    }
    if diagnostics.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(diagnostics))
    }
}

/// Applies overrides to a copy of the parsed tree and validates it.
pub fn build(parsed: &Parsed, overrides: &[Override]) -> Result<Loaded, Error> {
    let source = &parsed.source;
    let mut document = parsed.document.clone();
    let unmatched = apply_overrides(&mut document, overrides);
    let built = validate::build(
        source,
        &document,
        &unmatched,
        &parsed.projections,
        &parsed.streams,
    );
    let mut diagnostics = built.diagnostics;
    diagnostics.sort_by_key(Diagnostic::sort_key);
    match built.scenario {
        Some(scenario) if !diagnostics.iter().any(Diagnostic::is_error) => {
            let mut inputs = vec![source.clone()];
            inputs.extend(built.projections);
            Ok(Loaded {
                scenario,
                warnings: diagnostics,
                inputs,
                scaled: built.scaled,
            })
        }
        _ => Err(Error::Invalid(diagnostics)),
    }
}

/// Puts overrides into the tree; returns the stream overrides that name no `[[stream]]` (they
/// may name streams of the projections file).
fn apply_overrides(document: &mut Node, overrides: &[Override]) -> Vec<Override> {
    let mut unmatched = Vec::new();
    for o in overrides {
        match &o.key {
            Key::Table { table, field } => {
                overrides::apply_to_table(document, table, field, o.node())
            }
            Key::Stream { name, field } => {
                if !set_on_stream(document, name, field, o.node()) {
                    unmatched.push(o.clone());
                }
            }
            Key::Cloud { name, field } => {
                overrides::apply_to_subtable(document, "cloud", name, field, o.node())
            }
        }
    }
    unmatched
}

fn set_on_stream(document: &mut Node, name: &str, field: &str, value: Node) -> bool {
    let Kind::Table(entries) = &mut document.kind else {
        return false;
    };
    let Some(Kind::Array(streams)) = entries
        .iter_mut()
        .find(|e| e.key == "stream")
        .map(|e| &mut e.value.kind)
    else {
        return false;
    };
    let named = |n: &Node| {
        n.entries()
            .and_then(|e| e.iter().rev().find(|e| e.key == "name"))
            .is_some_and(|e| e.value.kind == Kind::Str(name.to_owned()))
    };
    match streams.iter_mut().find(|s| named(s)) {
        Some(Node {
            kind: Kind::Table(fields),
            ..
        }) => {
            overrides::set_entry(fields, field, value);
            true
        }
        _ => false,
    }
}

/// A computed amount reached 10^15: a bad scenario (exit 2) naming where it arose.
pub fn too_large(path: &Path, e: TooLarge) -> Error {
    Error::invalid(
        Diagnostic::error("amount too large for exact arithmetic")
            .file(path)
            .found(e.found)
            .expected(e.expected),
    )
}

#[cfg(test)]
mod tests;
