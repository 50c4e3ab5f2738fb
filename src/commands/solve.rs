//! `revshare solve --cap-binds-by DATE`: the largest cap that is still reached on or before
//! DATE. Any cap up to the answer is hit by then; one cent more is hit later or never.

use crate::cli::ValidateFormat;
use crate::engine::cap_sweep::CapSweep;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::output::format::{compact, grouped};
use crate::scenario::{self, value::parse_date};
use serde_json::json;
use std::path::Path;

/// Solves and returns the text to print, with the scenario's warnings.
pub fn solve(
    path: &Path,
    date: &str,
    set: &[String],
    format: ValidateFormat,
) -> Result<super::Printed> {
    let by = parse_date(date).ok_or_else(|| {
        Error::invalid(
            Diagnostic::error("not a valid date")
                .at(Location::Argument(format!("--cap-binds-by {date}")))
                .found(format!("\"{date}\""))
                .expected("a date such as 2029-12-31"),
        )
    })?;
    let overrides = super::parse_overrides(set, "--set")?;
    let loaded = scenario::load(path, &overrides)?;
    let printed = |stdout: String| super::Printed {
        stdout,
        warnings: super::distinct_warnings(&loaded.warnings),
        // solve writes no files.
        notes: Vec::new(),
        ..Default::default()
    };
    let s = &loaded.scenario;
    let (caps, outcome) = CapSweep::new(s).map_err(|e| scenario::too_large(path, e))?;
    let answer = caps.largest_cap_reached_by(by);
    if format == ValidateFormat::Json {
        let value = json!({
            "scenario": s.name,
            "cap_binds_by": by.to_string(),
            "largest_cap": answer.map(|m| m.to_string()),
            "binding_threshold": outcome.summary.binding_threshold.to_string(),
            "paid_before": outcome.summary.paid_before.to_string(),
        });
        return Ok(printed(format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        )));
    }
    let text = match answer {
        None => format!(
            "{}: no cap is reached by {by}: the share starts accruing on {} (even a cap of 0 is reached only then)\n",
            s.name, s.share.effective
        ),
        Some(cap) => format!(
            "{}: the largest cap reached on or before {by} is {} ({}).\nAny cap up to it is hit by then; one cent more is hit later or never. Binding threshold (paid before + total accrued): {}.\n",
            s.name,
            grouped(cap),
            compact(cap, &s.currency),
            grouped(outcome.summary.binding_threshold)
        ),
    };
    Ok(printed(text))
}
