//! Monte Carlo paths (SPEC §7.3): each path is exactly `revshare run SCENARIO --set K1=v1 …`
//! with its drawn values (and, with `--cap`, once per cap: `--set share.cap=C`), built from the
//! parsed file with those overrides and simulated by the engine. Paths run in parallel but are
//! returned and written in path order, and every draw depends only on (seed, N, path, key), so
//! the bytes never depend on the thread count.

use super::draw::Draw;
use super::fast::{Evaluator, Fast};
use super::sampling::Sampler;
use crate::engine;
use crate::error::{Diagnostic, Error, Result};
use crate::money::Money;
use crate::outcome::Summary;
use crate::output::csv::{SUMMARY_COLUMNS, push_cell, push_summary};
use crate::scenario::overrides::{Key, Override};
use crate::scenario::{self, Parsed};
use crate::sweep::values::Value;
use rayon::prelude::*;
use std::ops::Range;

/// What every path shares: the parsed file, the `--set` overrides, the draws, the sampler
/// and the caps of `--cap` (common random numbers: every cap sees the same draws).
pub struct Paths<'a> {
    pub parsed: &'a Parsed,
    /// `--set` overrides; a draw of the same key wins (SPEC §7.3).
    pub set: &'a [Override],
    pub draws: &'a [Draw],
    pub sampler: &'a Sampler,
    /// `--cap` values in order; empty without `--cap` (the scenario's or the drawn cap).
    pub caps: &'a [Option<Money>],
    /// The fast evaluator of these draws ([`Fast`]); `None` builds every path from text.
    pub fast: Option<Fast>,
}

/// One path under one cap: its number (0-based), its drawn values (in draw order), the cap
/// of `--cap` it ran with, its summary, its cumulative paid at each period's end in cents (for
/// `mc_cumulative.csv` and the fan chart) and the scenario warnings its run gives.
#[derive(Clone, Debug, PartialEq)]
pub struct Path {
    pub index: u64,
    pub values: Vec<Value>,
    pub cap: Option<Option<Money>>,
    pub summary: Summary,
    pub cumulative: Vec<i64>,
    pub warnings: Vec<Diagnostic>,
}

impl<'a> Paths<'a> {
    /// The paths of these draws, with the fast evaluator when the drawn keys allow one (it
    /// declines, path by path, wherever it cannot be sure; those paths are built from text).
    pub fn new(
        parsed: &'a Parsed,
        set: &'a [Override],
        draws: &'a [Draw],
        sampler: &'a Sampler,
        caps: &'a [Option<Money>],
    ) -> Paths<'a> {
        let mut keys: Vec<Key> = draws.iter().map(|d| d.key.clone()).collect();
        if !caps.is_empty() {
            keys.push(cap_key());
        }
        let drawn = |o: &&Override| !keys.contains(&o.key);
        let fixed: Vec<Override> = set.iter().filter(drawn).cloned().collect();
        Paths {
            parsed,
            set,
            draws,
            sampler,
            caps,
            fast: Fast::with_keys(parsed, &fixed, &keys),
        }
    }

    /// The drawn values of path `i` (0-based), key by key.
    pub fn values(&self, i: u64) -> Vec<Value> {
        (0u32..)
            .zip(self.draws)
            .map(|(j, d)| d.value(self.sampler.u(i, j)))
            .collect()
    }

    /// The overrides that make path `i`: the `--set`s not drawn, then each draw as `--set`,
    /// then the cap of `--cap`.
    fn overrides(&self, values: &[Value], cap: Option<Option<Money>>) -> Vec<Override> {
        let drawn = |o: &Override| {
            self.draws.iter().any(|d| d.key == o.key) || (cap.is_some() && is_cap(&o.key))
        };
        let mut all: Vec<Override> = self.set.iter().filter(|o| !drawn(o)).cloned().collect();
        let keys = self.draws.iter().map(|d| d.key.clone());
        let cap = cap.map(|c| (cap_key(), Value::Cap(c)));
        for (key, v) in keys.zip(values.iter().cloned()).chain(cap) {
            let text = v.override_text();
            all.push(Override {
                argument: format!("{}={text}", key.text()),
                key,
                value: text,
            });
        }
        all
    }

    /// Paths `range` in order, each under every cap (caps fastest). An invalid path (values
    /// that do not go together) fails naming the first such path, its values and the problem.
    pub fn run(&self, range: Range<u64>) -> Result<Vec<Path>> {
        let caps: Vec<Option<Option<Money>>> = if self.caps.is_empty() {
            vec![None]
        } else {
            self.caps.iter().copied().map(Some).collect()
        };
        let per_path = |evaluator: &mut Option<Evaluator<'_>>, i: u64| -> Result<Vec<Path>> {
            let values = self.values(i);
            caps.iter()
                .map(|&cap| self.evaluate(evaluator.as_mut(), i, values.clone(), cap))
                .collect()
        };
        // Every path's result, in path order, before any error is taken: the error reported
        // is the lowest path's, whatever thread found which first.
        let results: Vec<Result<Vec<Path>>> = range
            .into_par_iter()
            .map_init(|| self.fast.as_ref().map(Fast::evaluator), per_path)
            .collect();
        let mut all = Vec::with_capacity(results.len() * caps.len());
        for result in results {
            all.extend(result?);
        }
        Ok(all)
    }

    /// One path under one cap: by the fast evaluator, else built from the file.
    fn evaluate(
        &self,
        evaluator: Option<&mut Evaluator<'_>>,
        i: u64,
        values: Vec<Value>,
        cap: Option<Option<Money>>,
    ) -> Result<Path> {
        if let Some(evaluator) = evaluator {
            let mut all = values.clone();
            all.extend(cap.map(Value::Cap));
            let mut cumulative = Vec::new();
            if let Some(fast) = evaluator.path(&all, &mut cumulative) {
                return Ok(Path {
                    index: i,
                    values,
                    cap,
                    summary: fast.summary,
                    cumulative,
                    warnings: fast.warnings,
                });
            }
        }
        self.build(i, values, cap)
    }

    /// One path under one cap, built from the file with its overrides.
    fn build(&self, i: u64, values: Vec<Value>, cap: Option<Option<Money>>) -> Result<Path> {
        let name = |e| self.name_path(i, &values, cap, e);
        let loaded = scenario::build(self.parsed, &self.overrides(&values, cap)).map_err(name)?;
        let outcome = engine::simulate(&loaded.scenario)
            .map_err(|e| name(scenario::too_large(self.parsed.path(), e)))?;
        let cumulative = outcome
            .periods
            .iter()
            .map(|p| i64::try_from(p.cumulative_paid.cents()).unwrap_or(i64::MAX))
            .collect();
        Ok(Path {
            index: i,
            values,
            cap,
            summary: outcome.summary,
            cumulative,
            warnings: loaded.warnings,
        })
    }

    /// `KEY=value` of each drawn key (and the cap of `--cap`), as `--set` would take them.
    pub fn label(&self, values: &[Value], cap: Option<Option<Money>>) -> String {
        let mut drawn: Vec<String> = self
            .draws
            .iter()
            .zip(values)
            .map(|(d, v)| format!("{}={}", d.key.text(), v.override_text()))
            .collect();
        if let Some(c) = cap {
            drawn.push(format!("share.cap={}", Value::Cap(c).override_text()));
        }
        drawn.join(", ")
    }

    /// Prefixes every diagnostic with the path's number and drawn values.
    fn name_path(
        &self,
        i: u64,
        values: &[Value],
        cap: Option<Option<Money>>,
        error: Error,
    ) -> Error {
        match error {
            Error::Invalid(mut diagnostics) => {
                let label = self.label(values, cap);
                for d in &mut diagnostics {
                    d.message = format!("path {} ({label}): {}", i + 1, d.message);
                }
                Error::Invalid(diagnostics)
            }
            other => other,
        }
    }

    /// `mc_paths.csv`'s header (SPEC §7.3): `path` (1-based), a column per drawn key in the
    /// sweep.csv key form, `share.cap` with `--cap`, then the summary columns.
    pub fn header(&self, out: &mut Vec<u8>) {
        push_cell(out, "path", false);
        for d in self.draws {
            push_cell(out, d.key.text(), false);
        }
        if !self.caps.is_empty() {
            push_cell(out, "share.cap", false);
        }
        for (i, c) in SUMMARY_COLUMNS.iter().enumerate() {
            push_cell(out, c, i + 1 == SUMMARY_COLUMNS.len());
        }
    }

    /// `mc_paths.csv`'s rows for `paths`: a drawn `none` is written `none`, so every row can
    /// be run again with `--set`.
    pub fn rows(&self, paths: &[Path], out: &mut Vec<u8>) {
        for p in paths {
            push_cell(out, p.index + 1, false);
            let cap = p.cap.map(Value::Cap);
            for v in p.values.iter().chain(cap.as_ref()) {
                match v {
                    Value::Cap(None) => push_cell(out, "none", false),
                    other => push_cell(out, other.cell(), false),
                }
            }
            push_summary(out, &p.summary);
        }
    }

    /// `mc_paths.csv` whole, for a few paths (tests, small runs).
    pub fn csv(&self, paths: &[Path]) -> Vec<u8> {
        let mut out = Vec::new();
        self.header(&mut out);
        self.rows(paths, &mut out);
        out
    }
}

fn cap_key() -> Key {
    Key::Table {
        table: "share",
        field: "cap".into(),
    }
}

fn is_cap(key: &Key) -> bool {
    matches!(key, Key::Table { table, field } if *table == "share" && field == "cap")
}
