//! Sweeps (SPEC §3, §4, §6.19, §6.24, §6.28): one summary row per case of a grid of varied
//! keys, streamed to `sweep.csv` in grid order (the last key varies fastest).
//!
//! Every case is validated before anything is computed or written (once per combination of
//! the other keys when the cap varies). Rows then come from `rows`: when the cap is one of
//! the varied keys, wherever it stands, the engine runs once per combination of the other keys
//! and each cap is O(log T) ([`axis`], [`crate::engine::cap_sweep`]); other cases put their
//! values into the validated base model ([`apply`]) and reuse the previous case's plan.

pub mod apply;
pub mod axis;
mod rows;
pub mod values;

use crate::engine::simulate;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::model::Scenario;
use crate::output::csv::SUMMARY_COLUMNS;
use crate::scenario::{self, overrides::Override, units};
use axis::CapAxis;
use rust_decimal::Decimal;
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
        let product = varied.iter().try_fold(1u128, |count, v| {
            count.checked_mul(u128::from(v.values.len()))
        });
        let count = match product.and_then(|c| u64::try_from(c).ok()) {
            Some(c) if c <= max_cases => c,
            _ => {
                let arg = varied.last().map_or(String::new(), |v| v.argument.clone());
                return Err(usage(
                    &arg,
                    "too many cases",
                    format!("a grid of {} cases", values::describe_count(product)),
                    format!("at most {max_cases} (raise with --max-cases N)"),
                ));
            }
        };
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

    /// Only the cap varies: one combination, one engine run.
    pub fn cap_only(&self) -> bool {
        self.varied.iter().all(|v| v.key.text() == "share.cap")
    }

    /// Where the cap stands, when it is one of the varied keys.
    pub fn cap_axis(&self) -> Option<CapAxis> {
        let position = self
            .varied
            .iter()
            .position(|v| v.key.text() == "share.cap")?;
        let sizes: Vec<u64> = self.varied.iter().map(|v| v.values.len()).collect();
        Some(CapAxis::new(&sizes, position))
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
    /// The base's blocks were scaled (SPEC §7.1): a case's grown years cannot be regrown from
    /// them, so every case that is not a cap alone is built from the file.
    scaled: bool,
    /// The file parsed once; each case is built from a copy of this tree.
    parsed: scenario::Parsed,
    /// The scenario warnings of the cases, each distinct one once (SPEC §6.31).
    pub warnings: Vec<String>,
    /// The files read (the scenario, and its projections CSV if any), for the manifest.
    pub inputs: Vec<scenario::source::Source>,
}

/// Cases (or combinations) validated per parallel step: the first invalid case in grid order
/// still stops the sweep, and memory stays bounded however large the grid.
const VALIDATE_STEP: usize = 4096;

impl<'a> Sweep<'a> {
    /// Loads the scenario with the `--set` overrides (a `--vary` of the same key wins) and
    /// validates every case of `cases` before anything is computed (SPEC §6.28). A cap from
    /// `--vary` is valid whatever the other keys are, so when the cap varies each combination
    /// of the other keys is built once, by its first case, and stands for all its cases.
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
        let loaded = scenario::build(&parsed, &set)?;
        let mut sweep = Sweep {
            path,
            grid,
            set,
            base: loaded.scenario,
            scaled: loaded.scaled,
            parsed,
            warnings: Vec::new(),
            inputs: loaded.inputs,
        };
        let tally = sweep.validate(cases.clone())?;
        sweep.warnings = tally.render(cases.end - cases.start, "cases", |i| {
            format!("sweep case {} ({})", i + 1, sweep.label(&grid.case(i)))
        });
        Ok(sweep)
    }

    /// Builds each case of `cases` (or each combination, by its first case, when the cap
    /// varies) in parallel steps and tallies the warnings; the first invalid case in grid order
    /// fails the sweep. What depends on each case's cap is checked per case rather than taken
    /// from the combination's build ([`PerCap`]).
    fn validate(&self, cases: Range<u64>) -> Result<WarningTally> {
        use rayon::prelude::*;
        let axis = self.grid.cap_axis();
        let mut firsts = cases.clone().filter_map(|index| match axis {
            Some(axis) => axis.first_in(index, &cases).map(|n| (index, n)),
            None => Some((index, 1)),
        });
        let mut tally = WarningTally::default();
        let mut per_cap = PerCap::default();
        loop {
            let step: Vec<(u64, u64)> = firsts.by_ref().take(VALIDATE_STEP).collect();
            if step.is_empty() {
                break;
            }
            // Each case is reduced to what the checks need before the next is built: a step's
            // thousands of whole scenarios would otherwise be held, then freed, at once.
            let built: Vec<Result<Checked>> = step
                .par_iter()
                .map(|&(index, _)| {
                    self.build_case(index).map(|loaded| Checked {
                        total: axis.map(|_| units::total_revenue(&loaded.scenario.streams)),
                        paid_before: loaded.scenario.share.paid_before,
                        warnings: loaded.warnings,
                    })
                })
                .collect();
            for (&(index, n), loaded) in step.iter().zip(built) {
                let mut loaded = match loaded {
                    // A cap below paid_before found in an earlier combination may still come
                    // first in grid order.
                    Err(e) => {
                        return Err(match per_cap.below_paid {
                            Some(case) if case < index => self.failure(case),
                            _ => e,
                        });
                    }
                    Ok(loaded) => loaded,
                };
                let (by_cap, others): (Vec<_>, Vec<_>) = std::mem::take(&mut loaded.warnings)
                    .into_iter()
                    .partition(|w| PER_CAP_WARNINGS.contains(&w.message.as_str()));
                tally.add(index, n, others);
                match axis {
                    Some(axis) => self.check_caps(axis, index, n, &loaded, &mut per_cap),
                    None => {
                        for w in &by_cap {
                            per_cap.warned(&w.message, index, n);
                        }
                    }
                }
            }
        }
        if let Some(case) = per_cap.below_paid {
            return Err(self.failure(case));
        }
        for (message, (first, n)) in per_cap.warnings {
            let warnings = self.build_case(first)?.warnings;
            let found = warnings.into_iter().filter(|w| w.message == message);
            tally.add(first, n, found.take(1).collect());
        }
        Ok(tally)
    }

    /// The cap-dependent checks for the `n` cases of the combination starting at `index`,
    /// each with its own cap: a cap below `paid_before` (invalid, SPEC §7.2), a cap that looks
    /// like a unit mistake, and an uncapped case with a `paid_before` (warnings).
    fn check_caps(&self, axis: CapAxis, index: u64, n: u64, c: &Checked, per_cap: &mut PerCap) {
        let (combination, first) = axis.split(index);
        let positions = first..first + n;
        let case = |p: u64| axis.join(combination, p);
        let paid_before = c.paid_before.as_decimal();
        if let (_, Some(p)) = self.caps_between(axis, positions.clone(), Decimal::ZERO, paid_before)
        {
            per_cap.below_paid = Some(per_cap.below_paid.map_or(case(p), |b| b.min(case(p))));
        }
        // A cap of at least a cent and below 1/1,000 of the revenue.
        let line = c.total.unwrap_or_default() / Decimal::ONE_THOUSAND;
        let (count, unit) = self.caps_between(axis, positions.clone(), Decimal::new(1, 2), line);
        if let Some(p) = unit {
            per_cap.warned(units::CAP_UNITS, case(p), count);
        }
        if !c.paid_before.is_zero()
            && let (count, Some(p)) = self.uncapped(axis, positions)
        {
            per_cap.warned(scenario::validate::PAID_BEFORE_UNCAPPED, case(p), count);
        }
    }

    /// How many cap positions of `positions` are `none`, and the first: only a list can hold
    /// one.
    fn uncapped(&self, axis: CapAxis, positions: Range<u64>) -> (u64, Option<u64>) {
        let values = &self.grid.varied[axis.position].values;
        if matches!(values, values::Values::Range { .. }) {
            return (0, None);
        }
        let mut none = positions.filter(|&p| values.get(p) == Value::Cap(None));
        let first = none.next();
        (first.map_or(0, |_| 1 + none.count() as u64), first)
    }

    /// The error of a case found invalid without building it (a cap below its paid_before):
    /// building it gives the validator's own message, naming the case.
    fn failure(&self, index: u64) -> Error {
        match self.build_case(index) {
            Err(e) => e,
            // Unreachable: validation refuses a cap below paid_before.
            Ok(_) => Error::Usage(format!("sweep case {} is invalid", index + 1)),
        }
    }

    /// How many cap positions of `positions` hold a cap `c` with `low <= c < high`, and the
    /// first of them. A range's caps rise with their position, so its matches are one run,
    /// found by two binary searches: a million caps cost forty evaluations, not a million.
    fn caps_between(
        &self,
        axis: CapAxis,
        positions: Range<u64>,
        low: Decimal,
        high: Decimal,
    ) -> (u64, Option<u64>) {
        let values = &self.grid.varied[axis.position].values;
        let cap = |p: u64| match values.get(p) {
            Value::Cap(Some(c)) => Some(c.as_decimal()),
            _ => None,
        };
        let inside = |p: &u64| cap(*p).is_some_and(|c| low <= c && c < high);
        match values {
            values::Values::Range { .. } => {
                let first_at_least = |limit: Decimal| {
                    partition(positions.clone(), |p| cap(p).is_some_and(|c| c < limit))
                };
                let (a, b) = (first_at_least(low), first_at_least(high));
                (b.saturating_sub(a), (a < b).then_some(a))
            }
            values::Values::List(_) => {
                let mut matching = positions.filter(inside);
                let first = matching.next();
                (first.map_or(0, |_| 1 + matching.count() as u64), first)
            }
        }
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
        self.build_case(index).map(|l| l.scenario)
    }

    /// The scenario of a validated case with these values: put together from the base
    /// scenario ([`apply`]) where it can be, else built from text again.
    fn case_scenario(&self, index: u64, values: &[Value]) -> Result<Scenario> {
        let applied = (!self.scaled)
            .then(|| apply::apply(&self.base, &self.grid.varied, values))
            .flatten();
        match applied {
            Some(scenario) => Ok(scenario),
            None => self.load_case(index),
        }
    }

    /// [`Self::load_case`] with the case's warnings.
    fn build_case(&self, index: u64) -> Result<scenario::Loaded> {
        let (overrides, _) = self.overrides(index);
        scenario::build(&self.parsed, &overrides).map_err(|e| self.name_case(index, e))
    }

    /// Prefixes every diagnostic with the case's number and key values (SPEC §6.28).
    fn name_case(&self, index: u64, error: Error) -> Error {
        match error {
            Error::Invalid(mut diagnostics) => {
                let case = self.label(&self.grid.case(index));
                for d in &mut diagnostics {
                    d.message = format!("sweep case {} ({case}): {}", index + 1, d.message);
                }
                Error::Invalid(diagnostics)
            }
            other => other,
        }
    }

    /// One case simulated in full, its scenario named by its key values (for charts).
    pub fn case_run(&self, index: u64) -> Result<(Scenario, crate::outcome::Outcome)> {
        let values = self.grid.case(index);
        let mut scenario = self.case_model(index, &values)?;
        let outcome = self.simulate_case(index, &scenario)?;
        scenario.name = self.label(&values);
        Ok((scenario, outcome))
    }

    /// One case's summary alone (the terminal table, `sweep_totals`), built and summarised
    /// as its `sweep.csv` row is: the engine without per-stream and per-period outputs.
    pub fn case_summary(&self, index: u64) -> Result<crate::outcome::Summary> {
        let values = self.grid.case(index);
        let scenario = self.case_scenario(index, &values)?;
        self.summarize_case(index, &scenario)
    }

    /// The validated model of case `index`: the base with its cap for a cap-only sweep, else
    /// built from the file with the case's overrides.
    fn case_model(&self, index: u64, values: &[Value]) -> Result<Scenario> {
        if self.grid.cap_only() {
            let mut s = self.base.clone();
            if let Some(Value::Cap(cap)) = values.last() {
                s.share.cap = *cap;
            }
            Ok(s)
        } else {
            self.load_case(index)
        }
    }

    /// Simulates one case; an amount that reaches 10^15 names the case (SPEC §6.28).
    fn simulate_case(&self, index: u64, scenario: &Scenario) -> Result<crate::outcome::Outcome> {
        simulate(scenario).map_err(|e| self.too_large(index, e))
    }

    /// [`Self::simulate_case`] for the summary alone.
    fn summarize_case(&self, index: u64, scenario: &Scenario) -> Result<crate::outcome::Summary> {
        crate::engine::summarize(scenario).map_err(|e| self.too_large(index, e))
    }

    /// An amount of case `index` reached 10^15: a bad input naming the case (SPEC §6.28).
    fn too_large(&self, index: u64, e: crate::engine::TooLarge) -> Error {
        self.name_case(index, scenario::too_large(self.path, e))
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

    /// The base scenario's name, for titles.
    pub fn scenario_name(&self) -> &str {
        &self.base.name
    }

    /// The currency label of the base scenario.
    pub fn currency(&self) -> &str {
        &self.base.currency
    }
}

/// The first position of `range` where `before` turns false (it holds on a prefix).
fn partition(range: Range<u64>, before: impl Fn(u64) -> bool) -> u64 {
    let (mut lo, mut hi) = (range.start, range.end);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// What validation keeps of a built case (or combination): its warnings, and for a grid that
/// varies the cap, what the per-cap checks compare each cap with.
struct Checked {
    warnings: Vec<Diagnostic>,
    paid_before: crate::money::Money,
    /// The streams' total revenue, when the cap varies.
    total: Option<Decimal>,
}

/// Warnings that depend on a case's cap: a sweep counts them per case, not per combination.
pub(crate) const PER_CAP_WARNINGS: [&str; 2] =
    [units::CAP_UNITS, scenario::validate::PAID_BEFORE_UNCAPPED];

/// What the cap-dependent checks found: the first case (in grid order) whose cap is below its
/// `paid_before`, and for each cap-dependent warning the first case that gives it and how many
/// do. Combinations arrive in order of their first case, so a later one may hold an earlier
/// case: each keeps the minimum.
#[derive(Default)]
struct PerCap {
    below_paid: Option<u64>,
    warnings: Vec<(&'static str, (u64, u64))>,
}

impl PerCap {
    fn warned(&mut self, message: &str, case: u64, cases: u64) {
        let Some(known) = PER_CAP_WARNINGS.iter().find(|m| **m == message) else {
            return;
        };
        match self.warnings.iter_mut().find(|(m, _)| m == known) {
            Some((_, (first, n))) => {
                *first = (*first).min(case);
                *n += cases;
            }
            None => self.warnings.push((known, (case, cases))),
        }
    }
}

/// Distinct warnings over the cases of a sweep, with the first case that gave each and how
/// many did, so a warning that depends on the case can name it.
#[derive(Default)]
pub(crate) struct WarningTally {
    /// Rendered text → (index into `seen`, first case, number of cases).
    counts: std::collections::HashMap<String, (usize, u64, u64)>,
    seen: Vec<Diagnostic>,
}

impl WarningTally {
    /// The warnings of `case`, which stands for `cases` cases (itself included) that share its
    /// combination. Cases arrive in grid order.
    pub(crate) fn add(&mut self, case: u64, cases: u64, warnings: Vec<Diagnostic>) {
        for w in warnings {
            // A cap-dependent warning names the case's cap: one entry for all of them.
            let text = if PER_CAP_WARNINGS.contains(&w.message.as_str()) {
                w.message.clone()
            } else {
                w.render()
            };
            match self.counts.get_mut(&text) {
                // Twice in one case (two streams, the same text) still counts one case.
                Some((_, first, n)) if *first != case => *n += cases,
                Some(_) => {}
                None => {
                    self.counts.insert(text, (self.seen.len(), case, cases));
                    self.seen.push(w);
                }
            }
        }
    }
    /// A warning every case gave is shown as it is; any other names the first case that gave
    /// it and how many others did.
    pub(crate) fn render(
        self,
        cases: u64,
        noun: &str,
        name: impl Fn(u64) -> String,
    ) -> Vec<String> {
        let mut order: Vec<(usize, u64, u64)> = self.counts.into_values().collect();
        order.sort_unstable();
        order
            .into_iter()
            .map(|(i, first, n)| {
                let mut w = self.seen[i].clone();
                if n < cases {
                    w.message = format!(
                        "in {n} of {cases} {noun} (first: {}): {}",
                        name(first),
                        w.message
                    );
                }
                w.render()
            })
            .collect()
    }
}

mod figures;
pub use figures::figures;
pub use rows::{Extremes, write_csv, write_sample};

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
