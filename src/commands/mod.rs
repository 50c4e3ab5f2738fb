//! One module per command: its options, its `run`.

pub mod compare;
pub mod init;
pub mod run;
pub mod solve;
pub mod sweep;
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
