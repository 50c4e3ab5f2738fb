//! Sweeps (SPEC §3, §4, §6.19, §6.24, §6.28): one summary row per case of a grid of varied
//! keys, streamed to `sweep.csv` in grid order (the last key varies fastest).
//!
//! A grid that varies only the cap takes [`cap_path`]: the engine runs once and each case is
//! O(log T). Other grids load and simulate each case; every case is validated before anything
//! is computed or written.

pub mod cap_path;
pub mod values;

use crate::engine::simulate;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::model::Scenario;
use crate::output::csv::SUMMARY_COLUMNS;
use crate::scenario::{self, overrides::Override};
use cap_path::CapSweep;
use std::io::Write;
use std::ops::Range;
use std::path::Path;
use values::{Value, Varied};

/// SPEC §6.24: the default limit on the number of cases.
pub const DEFAULT_MAX_CASES: u64 = 10_000_000;

/// The Cartesian product of the varied keys' values.
#[derive(Clone, Debug)]
pub struct Grid {
    pub varied: Vec<Varied>,
    pub count: u64,
}

impl Grid {
    /// Checks that no key is varied twice and that the product stays within `max_cases`.
    pub fn new(varied: Vec<Varied>, max_cases: u64) -> Result<Grid> {
        for (i, v) in varied.iter().enumerate() {
            if varied[..i].iter().any(|o| o.key == v.key) {
                return Err(usage(
                    &v.argument,
                    "the same key is varied twice",
                    v.key.text(),
                    "each key in one --vary (--cap counts as share.cap)",
                ));
            }
        }
        let mut count: u64 = 1;
        for v in &varied {
            count = count.saturating_mul(v.values.len());
        }
        if count > max_cases {
            let arg = varied.last().map_or(String::new(), |v| v.argument.clone());
            return Err(usage(
                &arg,
                "too many cases",
                format!("a grid of {count} cases"),
                format!("at most {max_cases} (raise with --max-cases N)"),
            ));
        }
        Ok(Grid { varied, count })
    }

    /// The values of case `index`, in key order (the last key varies fastest).
    pub fn case(&self, index: u64) -> Vec<Value> {
        let mut rest = index;
        let mut out = vec![Value::Bool(false); self.varied.len()];
        for (slot, v) in out.iter_mut().zip(&self.varied).rev() {
            let n = v.values.len().max(1);
            *slot = v.values.get(rest % n);
            rest /= n;
        }
        out
    }

    /// Only the cap varies: the fast path applies.
    pub fn cap_only(&self) -> bool {
        self.varied.iter().all(|v| v.key.text() == "share.cap")
    }

    /// `sweep.csv`'s header: the varied keys, then the summary columns.
    pub fn header(&self) -> Vec<String> {
        self.varied
            .iter()
            .map(|v| v.key.text())
            .chain(SUMMARY_COLUMNS.iter().map(|c| (*c).to_owned()))
            .collect()
    }
}

fn usage(argument: &str, message: &str, found: String, expected: impl Into<String>) -> Error {
    Error::invalid(
        Diagnostic::error(message)
            .at(Location::Argument(argument.to_owned()))
            .found(found)
            .expected(expected),
    )
}

/// SPEC `--shard I/N`: cases `floor((I−1)·n/N)` up to but not including `floor(I·n/N)`.
pub fn shard_range(count: u64, shard: Option<(u64, u64)>) -> Range<u64> {
    match shard {
        None => 0..count,
        Some((i, n)) => {
            let bound = |k: u64| (u128::from(k) * u128::from(count) / u128::from(n)) as u64;
            bound(i - 1)..bound(i)
        }
    }
}

/// A loaded sweep, ready to write rows.
pub struct Sweep<'a> {
    path: &'a Path,
    grid: &'a Grid,
    set: Vec<Override>,
    base: Scenario,
    /// The file parsed once; each case is built from a copy of this tree.
    parsed: scenario::Parsed,
}

impl<'a> Sweep<'a> {
    /// Loads the scenario with the `--set` overrides (a `--vary` of the same key wins) and
    /// validates every case of `cases` before anything is computed.
    pub fn prepare(
        path: &'a Path,
        set: &[Override],
        grid: &'a Grid,
        cases: Range<u64>,
    ) -> Result<Sweep<'a>> {
        let set: Vec<Override> = set
            .iter()
            .filter(|o| !grid.varied.iter().any(|v| v.key == o.key))
            .cloned()
            .collect();
        let parsed = scenario::parse(path)?;
        let base = scenario::build(&parsed, &set)?.scenario;
        let sweep = Sweep {
            path,
            grid,
            set,
            base,
            parsed,
        };
        if !grid.cap_only() {
            for index in cases {
                sweep.load_case(index)?;
            }
        }
        Ok(sweep)
    }

    fn overrides(&self, index: u64) -> (Vec<Override>, Vec<Value>) {
        let values = self.grid.case(index);
        let mut overrides = self.set.clone();
        for (v, value) in self.grid.varied.iter().zip(&values) {
            let text = value.override_text();
            overrides.push(Override {
                key: v.key.clone(),
                argument: format!("{}={text}", v.key.text()),
                value: text,
            });
        }
        (overrides, values)
    }

    /// Builds one case's scenario; an invalid case names its key values (SPEC §6.28).
    fn load_case(&self, index: u64) -> Result<Scenario> {
        let (overrides, values) = self.overrides(index);
        scenario::build(&self.parsed, &overrides)
            .map(|l| l.scenario)
            .map_err(|e| match e {
                Error::Invalid(mut diagnostics) => {
                    let case = self.label(&values);
                    for d in &mut diagnostics {
                        d.message = format!("sweep case {} ({case}): {}", index + 1, d.message);
                    }
                    Error::Invalid(diagnostics)
                }
                other => other,
            })
    }

    /// One case simulated in full, its scenario named by its key values (for charts).
    pub fn case_run(&self, index: u64) -> Result<(Scenario, crate::outcome::Outcome)> {
        let values = self.grid.case(index);
        let mut scenario = if self.grid.cap_only() {
            let mut s = self.base.clone();
            if let Some(Value::Cap(cap)) = values.last() {
                s.share.cap = *cap;
            }
            s
        } else {
            self.load_case(index)?
        };
        let outcome = simulate(&scenario).map_err(|e| scenario::too_large(self.path, e))?;
        scenario.name = self.label(&values);
        Ok((scenario, outcome))
    }

    /// A case named by its key values: `share.rate=0.25, share.sunset=2029-12-31`.
    fn label(&self, values: &[Value]) -> String {
        let parts: Vec<String> = self
            .grid
            .varied
            .iter()
            .zip(values)
            .map(|(v, x)| format!("{}={}", v.key.text(), x.override_text()))
            .collect();
        parts.join(", ")
    }

    /// The currency label of the base scenario.
    pub fn currency(&self) -> &str {
        &self.base.currency
    }

    /// For cap-only grids, the engine run once with no cap, ready to answer any cap.
    fn fast_path(&self) -> Result<Option<CapSweep<'_>>> {
        if !self.grid.cap_only() {
            return Ok(None);
        }
        let mut uncapped = self.base.clone();
        uncapped.share.cap = None;
        let outcome = simulate(&uncapped).map_err(|e| scenario::too_large(self.path, e))?;
        Ok(Some(CapSweep::new(&self.base, &outcome)))
    }
}

/// Cases rendered per parallel task, and tasks per batch: memory stays bounded (about 16 MB
/// of rows in flight) however many cases the grid has.
const CHUNK: u64 = 4096;
const BATCH: u64 = 16;

/// Writes `sweep.csv` for `cases`: the header, then one row per case in grid order. Rows are
/// computed in parallel chunks and written in order; `progress` is told how many rows are done.
pub fn write_csv(
    sweep: &Sweep<'_>,
    cases: Range<u64>,
    out: &mut dyn Write,
    progress: &dyn Fn(u64),
) -> Result<()> {
    let start = cases.start;
    write_rows(
        sweep,
        cases.end - cases.start,
        &|p| start + p,
        out,
        progress,
    )
}

/// Writes `sweep.csv`'s header and the rows of the given cases (a sample, in order).
pub fn write_sample(sweep: &Sweep<'_>, cases: &[u64], out: &mut dyn Write) -> Result<()> {
    let at = |p: u64| cases[usize::try_from(p).unwrap_or(0)];
    write_rows(sweep, cases.len() as u64, &at, out, &|_| {})
}

/// The header, then row `p` for the case `index_of(p)` for every p below `len`.
fn write_rows(
    sweep: &Sweep<'_>,
    len: u64,
    index_of: &(dyn Fn(u64) -> u64 + Sync),
    out: &mut dyn Write,
    progress: &dyn Fn(u64),
) -> Result<()> {
    use rayon::prelude::*;
    let io = |source| Error::Io {
        path: "sweep.csv".into(),
        source,
    };
    let mut header = Vec::new();
    let cells = sweep.grid.header();
    for (i, cell) in cells.iter().enumerate() {
        crate::output::csv::push_cell(&mut header, cell, i + 1 == cells.len());
    }
    out.write_all(&header).map_err(io)?;
    let fast = sweep.fast_path()?;
    let mut next = 0;
    while next < len {
        let batch_end = (next + CHUNK * BATCH).min(len);
        let starts: Vec<u64> = (next..batch_end).step_by(CHUNK as usize).collect();
        let chunks: Vec<Result<Vec<u8>>> = starts
            .par_iter()
            .map(|&start| {
                let mut buf = Vec::with_capacity(CHUNK as usize * 256);
                for position in start..(start + CHUNK).min(batch_end) {
                    let index = index_of(position);
                    let values = sweep.grid.case(index);
                    let summary = match &fast {
                        Some(fast) => fast.summary(cap_of(&values).unwrap_or(sweep.base.share.cap)),
                        None => {
                            let scenario = sweep.load_case(index)?;
                            simulate(&scenario)
                                .map_err(|e| scenario::too_large(sweep.path, e))?
                                .summary
                        }
                    };
                    for value in &values {
                        crate::output::csv::push_cell(&mut buf, value.cell(), false);
                    }
                    crate::output::csv::push_summary(&mut buf, &summary);
                }
                Ok(buf)
            })
            .collect();
        for chunk in chunks {
            out.write_all(&chunk?).map_err(io)?;
        }
        progress(batch_end);
        next = batch_end;
    }
    Ok(())
}

/// The cap a cap-only case sets.
fn cap_of(values: &[Value]) -> Option<Option<crate::money::Money>> {
    values.iter().rev().find_map(|v| match v {
        Value::Cap(c) => Some(*c),
        _ => None,
    })
}

/// Up to `n` evenly spaced indices of `range`, first and last included.
pub fn sample(range: Range<u64>, n: u64) -> Vec<u64> {
    let len = range.end.saturating_sub(range.start);
    if len <= n {
        return range.collect();
    }
    (0..n)
        .map(|k| range.start + k * (len - 1) / (n - 1).max(1))
        .collect()
}

/// The `sweep_cumulative` and `sweep_totals` figures.
pub fn figures(
    sweep: &Sweep<'_>,
    grid: &Grid,
    cases: Range<u64>,
) -> Result<Vec<(&'static str, crate::output::charts::figure::Figure)>> {
    use crate::output::charts::sweep as charts;
    let picked = sample(cases.clone(), charts::MAX_LINES as u64);
    let runs = picked
        .iter()
        .map(|&i| sweep.case_run(i))
        .collect::<Result<Vec<_>>>()?;
    let cumulative = charts::cumulative(&runs, cases.end - cases.start);
    // Totals: each sampled value of the first key, with the other keys at their first values.
    let first = &grid.varied[0];
    let stride = grid.count / first.values.len().max(1);
    let mut points = Vec::new();
    for j in sample(0..first.values.len(), 400) {
        let (_, outcome) = sweep.case_run(j * stride)?;
        points.push((first.values.get(j).cell(), outcome.summary));
    }
    let cap_key = first.key.text() == "share.cap";
    let totals = charts::totals(&first.key.text(), &points, sweep.currency(), cap_key);
    Ok(vec![
        ("sweep_cumulative", cumulative),
        ("sweep_totals", totals),
    ])
}
