//! Monte Carlo paths (SPEC §7.3): each path is exactly `revshare run SCENARIO --set K1=v1 …`
//! with its drawn values, built from the parsed file with those overrides and summarised by
//! the engine. Paths run in parallel but are returned and written in path order, and every
//! draw depends only on (seed, N, path, key), so the bytes never depend on the thread count.

use super::draw::Draw;
use super::sampling::Sampler;
use crate::engine;
use crate::error::{Error, Result};
use crate::outcome::Summary;
use crate::output::csv::{SUMMARY_COLUMNS, push_cell, push_summary};
use crate::scenario::{self, Parsed, overrides::Override};
use crate::sweep::values::Value;
use rayon::prelude::*;
use std::ops::Range;

/// What every path shares: the parsed file, the `--set` overrides, the draws and the sampler.
pub struct Paths<'a> {
    pub parsed: &'a Parsed,
    /// `--set` overrides; a draw of the same key wins (SPEC §7.3).
    pub set: &'a [Override],
    pub draws: &'a [Draw],
    pub sampler: &'a Sampler,
}

/// One path: its drawn values (in draw order), its summary, and its cumulative paid at each
/// period's end in cents (for `mc_cumulative.csv` and the fan chart).
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub values: Vec<Value>,
    pub summary: Summary,
    pub cumulative: Vec<i128>,
}

impl Paths<'_> {
    /// The drawn values of path `i` (0-based), key by key.
    pub fn values(&self, i: u64) -> Vec<Value> {
        (0u32..)
            .zip(self.draws)
            .map(|(j, d)| d.value(self.sampler.u(i, j)))
            .collect()
    }

    /// The overrides that make path `i`: the `--set`s not drawn, then each draw as `--set`.
    fn overrides(&self, values: &[Value]) -> Vec<Override> {
        let drawn = |o: &Override| self.draws.iter().any(|d| d.key == o.key);
        let mut all: Vec<Override> = self.set.iter().filter(|o| !drawn(o)).cloned().collect();
        for (d, v) in self.draws.iter().zip(values) {
            let text = v.override_text();
            all.push(Override {
                key: d.key.clone(),
                argument: format!("{}={text}", d.key.text()),
                value: text,
            });
        }
        all
    }

    /// Paths `range` in order. An invalid path (values that do not go together) fails naming
    /// the first such path, its values and the problem.
    pub fn run(&self, range: Range<u64>) -> Result<Vec<Path>> {
        let run_one = |i: u64| -> Result<Path> {
            let values = self.values(i);
            let loaded = scenario::build(self.parsed, &self.overrides(&values))
                .map_err(|e| self.name_path(i, &values, e))?;
            let outcome = engine::simulate(&loaded.scenario).map_err(|e| {
                self.name_path(i, &values, scenario::too_large(self.parsed.path(), e))
            })?;
            let cumulative = outcome
                .periods
                .iter()
                .map(|p| p.cumulative_paid.cents())
                .collect();
            Ok(Path {
                values,
                summary: outcome.summary,
                cumulative,
            })
        };
        range.into_par_iter().map(run_one).collect()
    }

    /// Prefixes every diagnostic with the path's number and drawn values.
    fn name_path(&self, i: u64, values: &[Value], error: Error) -> Error {
        match error {
            Error::Invalid(mut diagnostics) => {
                let drawn: Vec<String> = self
                    .draws
                    .iter()
                    .zip(values)
                    .map(|(d, v)| format!("{}={}", d.key.text(), v.override_text()))
                    .collect();
                for d in &mut diagnostics {
                    d.message = format!("path {} ({}): {}", i + 1, drawn.join(", "), d.message);
                }
                Error::Invalid(diagnostics)
            }
            other => other,
        }
    }

    /// `mc_paths.csv` (SPEC §7.3): `path` (1-based), a column per drawn key in the sweep.csv
    /// key form except that a drawn `none` is written `none`, then the summary columns.
    pub fn csv(&self, first: u64, paths: &[Path]) -> Vec<u8> {
        let mut out = Vec::new();
        push_cell(&mut out, "path", false);
        for d in self.draws {
            push_cell(&mut out, d.key.text(), false);
        }
        for (i, c) in SUMMARY_COLUMNS.iter().enumerate() {
            push_cell(&mut out, c, i + 1 == SUMMARY_COLUMNS.len());
        }
        for (k, p) in (first..).zip(paths) {
            push_cell(&mut out, k + 1, false);
            for v in &p.values {
                match v {
                    Value::Cap(None) => push_cell(&mut out, "none", false),
                    other => push_cell(&mut out, other.cell(), false),
                }
            }
            push_summary(&mut out, &p.summary);
        }
        out
    }
}
