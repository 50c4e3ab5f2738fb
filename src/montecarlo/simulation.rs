//! Runs every path of a Monte Carlo in steps, in path order: each step's paths are evaluated
//! in parallel, then their `mc_paths.csv` rows are written and what the statistics need is
//! kept — a small [`Record`] per path and cap, and each period's cumulative paid — so memory
//! holds the quantile buffers the SPEC's limits allow for and never the paths themselves.

use super::paths::{Path, Paths};
use super::summary::Record;
use crate::error::Result;
use crate::sweep::WarningTally;
use rayon::prelude::*;
use std::io::Write;

/// Paths evaluated per parallel step: large enough to keep both cores busy, small enough that
/// a step's summaries are a few megabytes.
const STEP: u64 = 4096;

/// Rows formatted per parallel task.
const ROWS_PER_TASK: usize = 256;

/// What the statistics and charts need, per cap of `--cap` (one slot without it).
pub struct Collected {
    /// Each slot's records in path order.
    pub records: Vec<Vec<Record>>,
    /// Each slot's cumulative paid in cents, period-major: period `p` of path `i` at
    /// `p × paths + i`.
    pub cumulative: Vec<Vec<i64>>,
    /// The scenario warnings of the paths, each distinct one once, with how many paths gave it.
    pub warnings: Vec<String>,
}

/// Evaluates paths `0..n` of `paths`, writes their rows to `out` (header first) and collects
/// the statistics' inputs. `periods` is the number of periods of every path; `progress` is
/// told how many paths are done after each step.
pub fn collect(
    paths: &Paths<'_>,
    n: u64,
    periods: usize,
    out: &mut dyn Write,
    progress: &dyn Fn(u64),
) -> Result<Collected> {
    let slots = paths.caps.len().max(1);
    let total = n as usize;
    let mut collected = Collected {
        records: vec![Vec::with_capacity(total); slots],
        cumulative: vec![vec![0; total * periods]; slots],
        warnings: Vec::new(),
    };
    let mut tally = WarningTally::default();
    let mut buffer = Vec::new();
    paths.header(&mut buffer);
    write(out, &buffer)?;
    let mut start = 0;
    while start < n {
        let end = (start + STEP).min(n);
        let step = paths.run(start..end)?;
        // Rows are formatted in parallel too, then written in path order.
        let chunks: Vec<Vec<u8>> = step
            .par_chunks(ROWS_PER_TASK)
            .map(|chunk| {
                let mut rows = Vec::with_capacity(chunk.len() * 256);
                paths.rows(chunk, &mut rows);
                rows
            })
            .collect();
        for rows in &chunks {
            write(out, rows)?;
        }
        for (k, path) in step.into_iter().enumerate() {
            keep(&mut collected, &mut tally, path, k % slots, total);
        }
        progress(end);
        start = end;
    }
    let runs = n * slots as u64;
    let noun = if slots == 1 { "paths" } else { "path runs" };
    collected.warnings = tally.render(runs, noun, |run| {
        let i = run / slots as u64;
        let cap = (slots > 1).then(|| paths.caps[(run % slots as u64) as usize]);
        format!("path {} ({})", i + 1, paths.label(&paths.values(i), cap))
    });
    Ok(collected)
}

/// Keeps one path's record, cumulative paid and warnings in cap slot `slot`.
fn keep(c: &mut Collected, tally: &mut WarningTally, path: Path, slot: usize, total: usize) {
    let slots = c.records.len() as u64;
    c.records[slot].push(Record::of(&path.summary));
    let i = path.index as usize;
    for (p, &value) in path.cumulative.iter().enumerate() {
        if let Some(cell) = c.cumulative[slot].get_mut(p * total + i) {
            *cell = value;
        }
    }
    tally.add(path.index * slots + slot as u64, 1, path.warnings);
}

fn write(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes)
        .map_err(|source| crate::error::Error::Io {
            path: "mc_paths.csv".into(),
            source,
        })
}
