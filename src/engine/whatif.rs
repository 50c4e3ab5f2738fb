//! SPEC §7.5: what the what-if panel of `report.html` needs to recompute a run under another
//! cap and rate, exactly as `revshare run --set share.cap=X --set share.rate=Y` would.
//!
//! Only the cap and the rate change in the panel, so everything upstream of the accrual stays
//! as the engine computed it: `Q[s,p]` (the rounded cells attribution uses), each period's
//! qualifying days (the hit date's even accrual), and each period's discount factor as the
//! decimal string `pv` multiplies by (§6.10). This module gathers them from the outcome, so
//! the page's arithmetic starts from the engine's own numbers and recomputes none of them.

use crate::dates::{days_inclusive, intersect};
use crate::model::Scenario;
use crate::outcome::Outcome;
use jiff::civil::Date;

/// Above this many stream-period cells the page leaves the per-cloud part out (SPEC §7.5):
/// the cells would make the page large and every recomputation slow.
pub const MAX_CELLS: usize = 200_000;

/// One period as the page needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct WhatIfPeriod {
    pub label: String,
    pub start: Date,
    pub end: Date,
    /// First and last day of p ∩ W; `None` when the window misses the period.
    pub qualifying_days: Option<(Date, Date)>,
    /// `qd` = days(p ∩ W), 0 when the window misses the period.
    pub qd: i64,
    /// `Q[p]` in cents.
    pub qualifying: i128,
    /// `format!("{df}")` of the period's discount factor: the exact decimal `pv` multiplies by.
    pub discount_factor: String,
    /// `Q[s,p]` in cents, in stream order; empty when the scenario has more than
    /// [`MAX_CELLS`] cells.
    pub cells: Vec<i128>,
}

/// Everything the page recomputes from.
#[derive(Clone, Debug, PartialEq)]
pub struct WhatIfInputs {
    pub periods: Vec<WhatIfPeriod>,
    /// Each stream's index into `clouds`, in stream order.
    pub stream_clouds: Vec<usize>,
    /// Distinct clouds in clouds.csv order (first appearance in stream order).
    pub clouds: Vec<String>,
    /// Whether `cells` are filled (at most [`MAX_CELLS`] stream-period cells).
    pub has_cells: bool,
}

/// The what-if inputs of `scenario`, taken from the outcome the engine computed for it.
pub fn inputs(scenario: &Scenario, outcome: &Outcome) -> WhatIfInputs {
    let share = &scenario.share;
    let n = scenario.streams.len();
    let has_cells = outcome.streams.len() <= MAX_CELLS;
    let clouds: Vec<String> = outcome.clouds.iter().map(|c| c.cloud.clone()).collect();
    let stream_clouds = scenario
        .streams
        .iter()
        .map(|s| clouds.iter().position(|c| *c == s.cloud).unwrap_or(0))
        .collect();
    let periods = outcome
        .periods
        .iter()
        .enumerate()
        .map(|(p, row)| {
            let qualifying_days = intersect((row.start, row.end), (share.effective, share.sunset));
            let cells = if has_cells {
                outcome
                    .streams
                    .get(p * n..(p + 1) * n)
                    .unwrap_or_default()
                    .iter()
                    .map(|cell| cell.qualifying_revenue.cents())
                    .collect()
            } else {
                Vec::new()
            };
            WhatIfPeriod {
                label: row.period.clone(),
                start: row.start,
                end: row.end,
                qd: qualifying_days.map_or(0, |(a, b)| days_inclusive(a, b)),
                qualifying_days,
                qualifying: row.qualifying_revenue.cents(),
                discount_factor: format!("{}", row.discount_factor),
                cells,
            }
        })
        .collect();
    WhatIfInputs {
        periods,
        stream_clouds,
        clouds,
        has_cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_the_outcomes_own_cells_days_and_factors() {
        let scenario = crate::scenario::load(std::path::Path::new("scenarios/base.toml"), &[])
            .unwrap()
            .scenario;
        let outcome = super::super::simulate(&scenario).unwrap();
        let w = inputs(&scenario, &outcome);
        assert!(w.has_cells);
        assert_eq!(w.periods.len(), outcome.periods.len());
        let names: Vec<&str> = outcome.clouds.iter().map(|c| c.cloud.as_str()).collect();
        assert_eq!(w.clouds, names);
        for (p, (period, row)) in w.periods.iter().zip(&outcome.periods).enumerate() {
            // Q[p] is the sum of the rounded cells (SPEC §6.11).
            assert_eq!(period.cells.iter().sum::<i128>(), period.qualifying);
            assert_eq!(period.qualifying, row.qualifying_revenue.cents(), "{p}");
            // The factor string parses back to the same f64 (shortest round trip).
            assert_eq!(
                period.discount_factor.parse::<f64>().unwrap(),
                row.discount_factor
            );
            assert!(!period.discount_factor.contains('e'));
            if period.qualifying > 0 {
                assert!(period.qd > 0);
            }
        }
    }
}
