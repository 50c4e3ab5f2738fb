//! Writing `sweep.csv`: rows computed in parallel chunks and written in grid order, a batch at
//! a time so memory stays bounded however many cases the grid has.
//!
//! When the cap varies (and the keys after it make few enough combinations for a batch to see
//! each more than once), each batch first runs the engine once per combination of the other
//! keys that it touches ([`Combination`]), in parallel; every row is then a lookup and an
//! O(log T) cap evaluation. Otherwise each case's scenario is put together from the base model
//! ([`super::apply`]) and its summary computed from the previous case's plan
//! ([`crate::engine::Reuse`]).

use super::Sweep;
use super::axis::CapAxis;
use super::values::Value;
use crate::engine::Reuse;
use crate::engine::cap_sweep::CapSweep;
use crate::error::{Error, Result};
use crate::model::Scenario;
use crate::money::Money;
use crate::output::csv::{SUMMARY_COLUMNS, push_summary, push_summary_columns};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::ops::Range;

/// Rows per parallel task when each row is a cap lookup (cheap) and when each row runs the
/// whole engine (about a millisecond): both keep two cores busy without tiny tasks.
const CHEAP_CHUNK: u64 = 4096;
const FULL_CHUNK: u64 = 64;
/// Tasks per batch: about 16 MB of rows in flight at most.
const BATCH: u64 = 16;
/// Combinations one batch may touch; each holds a few numbers per period.
const COMBINATIONS: usize = 2048;

/// The cases with the lowest and highest `paid` and `foregone` of a sweep (the first in grid
/// order on a tie), found while its rows are written, so the terminal table can keep them
/// without reading 1M rows back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Extremes {
    /// `(case, amount)` of the lowest and highest paid, then foregone.
    pub paid: Option<((u64, Money), (u64, Money))>,
    pub foregone: Option<((u64, Money), (u64, Money))>,
}

impl Extremes {
    fn see(&mut self, case: u64, paid: Money, foregone: Money) {
        for (slot, amount) in [(&mut self.paid, paid), (&mut self.foregone, foregone)] {
            *slot = Some(match *slot {
                None => ((case, amount), (case, amount)),
                Some((low, high)) => (lower((case, amount), low), higher((case, amount), high)),
            });
        }
    }

    fn merge(&mut self, other: Extremes) {
        for (mine, theirs) in [
            (&mut self.paid, other.paid),
            (&mut self.foregone, other.foregone),
        ] {
            *mine = match (*mine, theirs) {
                (Some((a, b)), Some((c, d))) => Some((lower(a, c), higher(b, d))),
                (x, None) | (None, x) => x,
            };
        }
    }

    /// Every case named, without repeats.
    pub fn cases(&self) -> Vec<u64> {
        let mut cases: Vec<u64> = [self.paid, self.foregone]
            .into_iter()
            .flatten()
            .flat_map(|((a, _), (b, _))| [a, b])
            .collect();
        cases.sort_unstable();
        cases.dedup();
        cases
    }
}

/// The lower amount; the earlier case on a tie.
fn lower(a: (u64, Money), b: (u64, Money)) -> (u64, Money) {
    if (a.1, a.0) <= (b.1, b.0) { a } else { b }
}

/// The higher amount; the earlier case on a tie.
fn higher(a: (u64, Money), b: (u64, Money)) -> (u64, Money) {
    if a.1 > b.1 || (a.1 == b.1 && a.0 <= b.0) {
        a
    } else {
        b
    }
}

/// Writes `sweep.csv` for `cases`: the header, then one row per case in grid order;
/// `progress` is told how many rows are done. Returns the extreme cases of paid and foregone.
pub fn write_csv(
    sweep: &Sweep<'_>,
    cases: Range<u64>,
    out: &mut dyn Write,
    progress: &dyn Fn(u64),
) -> Result<Extremes> {
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
    write_rows(sweep, cases.len() as u64, &at, out, &|_| {}).map(|_| ())
}

/// One combination of the non-cap keys, ready to answer any cap.
enum Combination {
    /// The engine ran once with no cap. The summary cells no cap changes (before `paid` and
    /// after `last_cash_date`) are formed once, as text.
    Fast {
        caps: Box<CapSweep>,
        before: Vec<u8>,
        after: Vec<u8>,
        /// The columns formed per row: [`cap_cells`], found once, not per row.
        cells: Range<usize>,
    },
    /// The uncapped run was too large (a present value that a cap may prevent): each case
    /// runs in full, so an error names the case that fails, if any.
    Full(Box<Scenario>),
}

/// The header, then row `p` for the case `index_of(p)` for every p below `len`.
fn write_rows(
    sweep: &Sweep<'_>,
    len: u64,
    index_of: &(dyn Fn(u64) -> u64 + Sync),
    out: &mut dyn Write,
    progress: &dyn Fn(u64),
) -> Result<Extremes> {
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
    // The cap path pays off when a batch sees each combination with several caps: so when
    // the keys after the cap make fewer combinations than a batch holds. Otherwise (the cap
    // before a key of thousands of values) each case runs the engine, updating one plan from
    // the case before, which changes the cap or another value cheaply.
    let axis = sweep
        .grid
        .cap_axis()
        .filter(|axis| axis.stride <= COMBINATIONS as u64);
    // Row buffers are reused from batch to batch: fresh megabytes per chunk cost page faults.
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut extremes = Extremes::default();
    let mut next = 0;
    while next < len {
        let (end, combinations) = match axis {
            Some(axis) => {
                let (end, wanted) = batch(axis, next..len, index_of);
                (end, sweep.combinations(axis, &wanted)?)
            }
            None => ((next + FULL_CHUNK * BATCH).min(len), HashMap::new()),
        };
        let chunk = if axis.is_some() {
            CHEAP_CHUNK
        } else {
            FULL_CHUNK
        };
        let jobs: Vec<(u64, Vec<u8>)> = (next..end)
            .step_by(chunk as usize)
            .map(|start| (start, pool.pop().unwrap_or_default()))
            .collect();
        let chunks: Vec<Result<(Vec<u8>, Extremes)>> = jobs
            .into_par_iter()
            .map(|(start, mut buf)| {
                buf.clear();
                buf.reserve(chunk as usize * 256);
                let mut seen = Extremes::default();
                // Consecutive cases differ in a few values: each updates the last one's plan.
                let mut reuse = Reuse::default();
                for position in start..(start + chunk).min(end) {
                    let index = index_of(position);
                    let values = sweep.grid.case(index);
                    for value in &values {
                        value.push_cell(&mut buf);
                    }
                    let (paid, foregone) = match axis {
                        Some(axis) => {
                            sweep.push_capped(axis, &combinations, index, &values, &mut buf)?
                        }
                        None => {
                            let scenario = sweep.case_scenario(index, &values)?;
                            let summary = reuse
                                .summarize(&scenario)
                                .map_err(|e| sweep.too_large(index, e))?;
                            push_summary(&mut buf, &summary);
                            (summary.paid, summary.foregone)
                        }
                    };
                    seen.see(index, paid, foregone);
                }
                Ok((buf, seen))
            })
            .collect();
        for chunk in chunks {
            let (chunk, seen) = chunk?;
            out.write_all(&chunk).map_err(io)?;
            extremes.merge(seen);
            pool.push(chunk);
        }
        progress(end);
        next = end;
    }
    Ok(extremes)
}

/// The positions of the next batch, from `positions.start` up to the returned end, and the
/// combinations they touch, at most [`COMBINATIONS`] of them.
fn batch(
    axis: CapAxis,
    positions: Range<u64>,
    index_of: &(dyn Fn(u64) -> u64 + Sync),
) -> (u64, Vec<u64>) {
    let limit = (positions.start + CHEAP_CHUNK * BATCH).min(positions.end);
    let mut seen = HashSet::new();
    let mut wanted = Vec::new();
    let mut last = None;
    let mut end = positions.start;
    while end < limit {
        let (combination, _) = axis.split(index_of(end));
        if last != Some(combination) && !seen.contains(&combination) {
            if wanted.len() == COMBINATIONS {
                break;
            }
            seen.insert(combination);
            wanted.push(combination);
        }
        last = Some(combination);
        end += 1;
    }
    (end, wanted)
}

impl Sweep<'_> {
    /// Runs the engine once per wanted combination, in parallel.
    fn combinations(&self, axis: CapAxis, wanted: &[u64]) -> Result<HashMap<u64, Combination>> {
        wanted
            .par_iter()
            .map(|&combination| {
                // Any case of the combination will do: the cap is set per case below.
                let index = axis.join(combination, 0);
                let scenario = self.case_scenario(index, &self.grid.case(index))?;
                let evaluated = match CapSweep::new(&scenario) {
                    Ok((caps, outcome)) => {
                        let cells = cap_cells();
                        let (mut before, mut after) = (Vec::new(), Vec::new());
                        push_summary_columns(&mut before, &outcome.summary, 0..cells.start);
                        push_summary_columns(&mut after, &outcome.summary, cells.end..usize::MAX);
                        Combination::Fast {
                            caps: Box::new(caps),
                            before,
                            after,
                            cells,
                        }
                    }
                    Err(_) => Combination::Full(Box::new(scenario)),
                };
                Ok((combination, evaluated))
            })
            .collect()
    }

    /// The summary cells of case `index`, from its combination; returns its paid and foregone.
    fn push_capped(
        &self,
        axis: CapAxis,
        combinations: &HashMap<u64, Combination>,
        index: u64,
        values: &[Value],
        buf: &mut Vec<u8>,
    ) -> Result<(Money, Money)> {
        let cap: Option<Money> = match values.get(axis.position) {
            Some(Value::Cap(cap)) => *cap,
            _ => self.base.share.cap,
        };
        let summary = match combinations.get(&axis.split(index).0) {
            Some(Combination::Fast {
                caps,
                before,
                after,
                cells,
            }) => {
                let summary = caps.summary(cap);
                buf.extend_from_slice(before);
                push_summary_columns(buf, &summary, cells.clone());
                buf.extend_from_slice(after);
                return Ok((summary.paid, summary.foregone));
            }
            Some(Combination::Full(scenario)) => {
                let mut scenario = scenario.clone();
                scenario.share.cap = cap;
                self.summarize_case(index, &scenario)?
            }
            // Every combination of a batch is evaluated before its rows; were one missing, the
            // case would still be right, only slower.
            None => self.summarize_case(index, &self.load_case(index)?)?,
        };
        push_summary(buf, &summary);
        Ok((summary.paid, summary.foregone))
    }
}

/// The summary columns a cap can change: `paid` through `last_cash_date` (`cap`, `foregone`,
/// `cap_reached`, the hit date, the effective rate, `npv` and the cash dates are between them).
/// Revenue, accrual and `binding_threshold` do not depend on the cap. The row tests compare
/// every row with a separate run of its case, so a column that did would be caught.
fn cap_cells() -> Range<usize> {
    let at = |name: &str| SUMMARY_COLUMNS.iter().position(|c| *c == name);
    match (at("paid"), at("last_cash_date")) {
        (Some(first), Some(last)) => first..last + 1,
        // Unreachable with the columns as they are; every cell per row is always right.
        _ => 0..SUMMARY_COLUMNS.len(),
    }
}

#[cfg(test)]
mod tests;
