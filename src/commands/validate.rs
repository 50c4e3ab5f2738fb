//! `revshare validate`: report every problem and warning of each scenario in one pass
//! (SPEC §3, §6.25), as text or as JSON objects for editors and scripts.

use crate::cli::ValidateFormat;
use crate::engine::simulate;
use crate::error::{Diagnostic, Error, Location, Severity};
use crate::scenario;
use serde_json::{Value, json};
use std::path::PathBuf;

/// What `validate` prints, and whether any file had an error (exit 2).
pub struct ValidateReport {
    pub stdout: String,
    pub stderr: String,
    pub failed: bool,
}

/// Checks each file: loading (syntax, types, ranges, cross-checks) and then simulating, which
/// catches computed amounts that reach 10^15.
pub fn validate(scenarios: &[PathBuf], format: ValidateFormat) -> ValidateReport {
    let mut stdout = String::new();
    let mut stderr = String::new();
    let mut all = Vec::new();
    let mut failed = false;
    for path in scenarios {
        let result =
            scenario::load(path, &[]).and_then(|loaded| match simulate(&loaded.scenario) {
                Ok(outcome) => Ok((loaded, outcome.periods.len())),
                Err(e) => Err(scenario::too_large(path, e)),
            });
        // The Monte Carlo tables, which only `mc` reads (SPEC §7.3), with everything else.
        let scenario = result.as_ref().ok().map(|(loaded, _)| &loaded.scenario);
        let mut montecarlo = crate::montecarlo::config::problems(path, scenario);
        let result = match result {
            Ok((loaded, _)) if !montecarlo.is_empty() => {
                montecarlo.extend(loaded.warnings);
                montecarlo.sort_by_key(Diagnostic::sort_key);
                Err(Error::Invalid(montecarlo))
            }
            Err(Error::Invalid(mut found)) if !montecarlo.is_empty() => {
                found.append(&mut montecarlo);
                found.sort_by_key(Diagnostic::sort_key);
                Err(Error::Invalid(found))
            }
            other => other,
        };
        let diagnostics = match result {
            Ok((loaded, periods)) => {
                let n = loaded.scenario.streams.len();
                stdout.push_str(&format!(
                    "ok: {} — \"{}\", {n} stream{}, {periods} {} period{}{}\n",
                    path.display(),
                    loaded.scenario.name,
                    plural(n),
                    loaded.scenario.period.as_str(),
                    plural(periods),
                    match loaded.warnings.len() {
                        0 => String::new(),
                        w => format!(", {w} warning{}", plural(w)),
                    }
                ));
                loaded.warnings
            }
            Err(Error::Invalid(d)) => {
                failed = true;
                d
            }
            Err(other) => {
                failed = true;
                vec![Diagnostic::error(other.render().trim().to_owned()).file(path)]
            }
        };
        for d in &diagnostics {
            stderr.push_str(&d.render());
            stderr.push('\n');
        }
        all.extend(diagnostics);
    }
    let errors = all.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        stderr.push_str(&format!(
            "error: {errors} problem{} found\n",
            plural(errors)
        ));
    }
    if format == ValidateFormat::Json {
        let problems: Vec<Value> = all.iter().map(diagnostic_json).collect();
        let mut text =
            serde_json::to_string_pretty(&json!({ "valid": !failed, "problems": problems }))
                .unwrap_or_default();
        text.push('\n');
        return ValidateReport {
            stdout: text,
            stderr: String::new(),
            failed,
        };
    }
    ValidateReport {
        stdout,
        stderr,
        failed,
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One diagnostic as a JSON object: file, line, column (or CSV row and column, or argument),
/// field, message, found, expected.
pub fn diagnostic_json(d: &Diagnostic) -> Value {
    let (line, column, row, csv_column, argument) = match &d.location {
        Location::Toml { line, column, .. } => (Some(*line), Some(*column), None, None, None),
        Location::Csv { row, column } => (None, None, Some(*row), column.clone(), None),
        Location::Argument(a) => (None, None, None, None, Some(a.clone())),
        Location::File => (None, None, None, None, None),
    };
    json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "file": d.file.as_ref().map(|f| f.display().to_string()),
        "line": line,
        "column": column,
        "row": row,
        "csv_column": csv_column,
        "argument": argument,
        "field": d.field,
        "message": d.message,
        "found": d.found,
        "expected": d.expected,
    })
}
