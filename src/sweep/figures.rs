//! The sweep's two charts get their data here (SPEC §4): the sampled cases for
//! `sweep_cumulative`, named as a reader says them, and for `sweep_totals` the first key along
//! the axis with a group of lines per value of the second.

use super::values::Value;
use super::{Grid, Sweep, sample};
use crate::error::Result;
use std::ops::Range;

/// The `sweep_cumulative` and `sweep_totals` figures, labelled as a reader says things
/// (`cap $20B`, `rate 15%`) and saying on the chart which cases they leave out.
pub fn figures(
    sweep: &Sweep<'_>,
    grid: &Grid,
    cases: Range<u64>,
) -> Result<Vec<(&'static str, crate::output::charts::figure::Figure)>> {
    use crate::output::charts::sweep as charts;
    let varied: Vec<String> = grid.varied.iter().map(|v| v.key.text()).collect();
    let source = sweep.path.file_name().map_or_else(
        || sweep.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let ctx = charts::Context::new(&sweep.base, &varied, source);
    let picked = sample(cases.clone(), charts::MAX_LINES as u64);
    let mut runs = Vec::with_capacity(picked.len());
    for &i in &picked {
        let (mut scenario, outcome) = sweep.case_run(i)?;
        scenario.name = case_label(grid, &grid.case(i), sweep.currency());
        runs.push((scenario, outcome));
    }
    let ends = scale_ends(grid, &picked, sweep.currency());
    let cumulative = charts::cumulative(&ctx, &runs, cases.end - cases.start, ends);
    let mut figures = vec![("sweep_cumulative", cumulative)];
    // `sweep_totals` plots values across the whole grid; a shard (`--shard I/N`) validated
    // only its own cases, so it draws only the cumulative chart of those (README, sweeps).
    if cases == (0..grid.count) {
        figures.push((
            "sweep_totals",
            charts::totals(&ctx, &totals_data(sweep, grid)?),
        ));
    }
    Ok(figures)
}

/// The first and last sampled cases, for a colour scale's ends: `cap $20B` → `$60B` when one
/// key varies, both cases in full when several do.
fn scale_ends(grid: &Grid, picked: &[u64], currency: &str) -> (String, String) {
    let label = |i: Option<&u64>| {
        i.map_or(String::new(), |&i| {
            case_label(grid, &grid.case(i), currency)
        })
    };
    let (first, last) = (label(picked.first()), label(picked.last()));
    match (grid.varied.as_slice(), picked.last()) {
        ([only], Some(&i)) => (
            first,
            crate::output::charts::sweep::value_label(&only.values.get(i), currency),
        ),
        _ => (first, last),
    }
}

/// A case named by its key values as a reader says them: `rate 15% · cap $20B`.
fn case_label(grid: &Grid, values: &[Value], currency: &str) -> String {
    use crate::output::charts::sweep::{key_name, key_value, value_label};
    let parts: Vec<String> = grid
        .varied
        .iter()
        .zip(values)
        .map(|(v, x)| key_value(&key_name(&v.key), &value_label(x, currency)))
        .collect();
    parts.join(" · ")
}

/// Lines of `sweep_totals` at most: one per value of the second key.
const TOTALS_GROUPS: u64 = crate::output::charts::sweep::MAX_NAMED as u64;

/// `sweep_totals`' data: the first key's values (up to 400, or 100 per line with a second
/// key) along the axis, a group of lines per value of the second key (up to 8, evenly spaced),
/// every further key at its first value — and a note saying so. A key given a single value
/// has nothing to plot along: the next key with several takes its place, and it is named
/// with the held keys.
fn totals_data(sweep: &Sweep<'_>, grid: &Grid) -> Result<crate::output::charts::sweep::Totals> {
    use crate::output::charts::sweep::{Group, Totals, key_name, value_label};
    let currency = sweep.currency();
    let sizes: Vec<u64> = grid.varied.iter().map(|v| v.values.len()).collect();
    // stride(k): how far apart in grid order two neighbouring values of key k are.
    let stride = |k: usize| sizes[k + 1..].iter().product::<u64>();
    let several: Vec<usize> = (0..sizes.len()).filter(|&k| sizes[k] > 1).collect();
    let x = several.first().copied().unwrap_or(0);
    let line = several.get(1).copied();
    let (first, second) = (&grid.varied[x], line.map(|k| &grid.varied[k]));
    let lines = second.map_or(vec![0], |v| sample(0..v.values.len(), TOTALS_GROUPS));
    let along = sample(0..sizes[x], if second.is_some() { 100 } else { 400 });
    let mut groups = Vec::with_capacity(lines.len());
    for &j in &lines {
        let mut summaries = Vec::with_capacity(along.len());
        for &i in &along {
            let index = i * stride(x) + line.map_or(0, |k| j * stride(k));
            summaries.push(sweep.case_summary(index)?);
        }
        let label = second.map(|v| value_label(&v.values.get(j), currency));
        groups.push(Group { label, summaries });
    }
    let held: Vec<usize> = (0..sizes.len())
        .filter(|&k| k != x && Some(k) != line)
        .collect();
    let shown = (along.len() * lines.len()) as u64;
    Ok(Totals {
        x_key: key_name(&first.key),
        x_labels: along
            .iter()
            .map(|&i| value_label(&first.values.get(i), currency))
            .collect(),
        line_key: second.map(|v| key_name(&v.key)),
        note: totals_note(grid, (line, lines.len()), &held, shown, currency),
        groups,
        cap_key: first.key.text() == "share.cap",
    })
}

/// What `sweep_totals` leaves out: values of the line key beyond the `lines` drawn, the `held`
/// keys at their first value, and how many cases the `shown` ones are of.
fn totals_note(
    grid: &Grid,
    (line, lines): (Option<usize>, usize),
    held: &[usize],
    shown: u64,
    currency: &str,
) -> Option<String> {
    use crate::output::charts::sweep::{key_name, key_value, value_label};
    let mut notes = Vec::new();
    if let Some(second) = line.map(|k| &grid.varied[k])
        && second.values.len() > lines as u64
    {
        notes.push(format!(
            "{lines} of {} {} values, evenly spaced",
            second.values.len(),
            key_name(&second.key)
        ));
    }
    let others: Vec<String> = held
        .iter()
        .map(|&k| &grid.varied[k])
        .map(|v| key_value(&key_name(&v.key), &value_label(&v.values.get(0), currency)))
        .collect();
    if !others.is_empty() {
        notes.push(format!("other keys at: {}", others.join(", ")));
    }
    if shown < grid.count {
        notes.push(format!("{shown} of {} cases shown", grid.count));
    }
    (!notes.is_empty()).then(|| notes.join(" · "))
}
