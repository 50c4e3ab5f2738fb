//! One module per command: its options, its `run`.

pub mod compare;
pub mod init;
pub mod run;
pub mod solve;
pub mod sweep;
pub mod validate;

use crate::error::{Error, Result};
use crate::scenario::overrides::Override;

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
