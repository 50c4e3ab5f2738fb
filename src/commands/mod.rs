//! One module per command: its options, its `run`.

pub mod compare;
pub mod init;
pub mod mc;
pub mod run;
pub mod solve;
pub mod sweep;
pub mod tornado;
pub mod validate;

use crate::error::{Diagnostic, Error, Result};
use crate::scenario::overrides::Override;

/// What a successful command prints: its stdout text, the scenario warnings for stderr
/// (SPEC §6.31: every command that loads a scenario shows them, once), and notes for stderr
/// after them, such as where the outputs went: said whatever the format, so that stdout stays
/// the data asked for (`--format json` is JSON and nothing else).
#[derive(Debug, Default)]
pub struct Printed {
    pub stdout: String,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    /// A written file to print after `stdout`, streamed rather than held in memory: a sweep's
    /// rows may be gigabytes.
    pub rows: Option<Rows>,
}

/// A CSV output to print, as it is or as JSON ([`crate::output::json::csv_rows_as_json`]).
#[derive(Debug)]
pub struct Rows {
    pub path: std::path::PathBuf,
    pub as_json: bool,
}

impl Rows {
    /// Copies the file to `out` (converted to JSON when asked).
    pub fn print(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let file = std::io::BufReader::new(std::fs::File::open(&self.path)?);
        if self.as_json {
            crate::output::json::csv_rows_as_json(file, out)
        } else {
            std::io::copy(&mut { file }, out).map(|_| ())
        }
    }
}

/// Rendered warnings, each distinct text once, in order.
pub fn distinct_warnings<'a>(warnings: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    warnings
        .into_iter()
        .map(Diagnostic::render)
        .filter(|w| seen.insert(w.clone()))
        .collect()
}

/// Parses every `--set KEY=VALUE`, reporting all bad ones together.
pub fn parse_overrides(arguments: &[String], flag: &str) -> Result<Vec<Override>> {
    let mut overrides = Vec::new();
    let mut problems = Vec::new();
    for argument in arguments {
        match Override::parse(argument, flag) {
            Ok(o) => overrides.push(o),
            Err(d) => problems.push(*d),
        }
    }
    if problems.is_empty() {
        Ok(overrides)
    } else {
        Err(Error::Invalid(problems))
    }
}
