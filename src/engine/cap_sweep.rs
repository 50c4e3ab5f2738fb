//! Many caps, one engine run: the summary for any cap in O(log T).
//!
//! Revenue, accrual, cash dates and discount factors do not depend on the cap. They are
//! computed once by [`super::simulate`] with no cap; each cap is then a binary search over
//! cumulative accrual for the period where the cap binds plus prefix sums of present values.
//! Sweeps use it for the cap column of any grid and `solve` for the largest cap reached by a
//! date. The result must equal the plain engine's summary to the cent, column for column (a
//! property test holds the two together).

use super::TooLarge;
use super::cap::hit_date;
use super::summary::{self, Totals};
use super::valuation::present_value;
use crate::model::Scenario;
use crate::money::Money;
use crate::outcome::{Outcome, Summary};
use jiff::civil::Date;

/// What every cap of one scenario shares.
#[derive(Clone, Debug)]
pub struct CapSweep {
    /// The scenario with no cap and no streams: its identity and terms for the summaries.
    scenario: Scenario,
    periods_count: usize,
    /// The totals with no cap: what every cap starts from.
    uncapped: Totals,
    periods: Vec<(Date, Date)>,
    accrued: Vec<Money>,
    cash_dates: Vec<Date>,
    discount_factors: Vec<f64>,
    labels: Vec<String>,
    /// Σ accrued through period p, in cents.
    cumulative: Vec<i128>,
    /// Σ pv through period p when every accrual is paid.
    cumulative_pv: Vec<Money>,
    first_accrual: Option<usize>,
}

impl CapSweep {
    /// Runs the engine once on `scenario` with no cap. Fails when that run is too large (a
    /// present value of 10^15 that some cap might prevent): callers then run each cap in full.
    pub fn new(scenario: &Scenario) -> Result<(Self, Outcome), TooLarge> {
        let mut uncapped = scenario.clone();
        uncapped.share.cap = None;
        let outcome = super::simulate(&uncapped)?;
        uncapped.streams = Vec::new();
        Ok((Self::from_uncapped(uncapped, &outcome), outcome))
    }

    /// `outcome` must be the engine's outcome for `scenario` (which has no cap).
    fn from_uncapped(scenario: Scenario, outcome: &Outcome) -> Self {
        let mut total = 0;
        let mut pv = Money::ZERO;
        let cumulative = outcome.periods.iter().map(|p| {
            total += p.accrued.cents();
            total
        });
        let cumulative: Vec<i128> = cumulative.collect();
        let cumulative_pv = outcome
            .periods
            .iter()
            .map(|p| {
                pv = pv + p.pv;
                pv
            })
            .collect();
        let s = &outcome.summary;
        Self {
            periods_count: s.periods,
            uncapped: Totals {
                revenue: s.revenue.cents(),
                qualifying_revenue: s.qualifying_revenue.cents(),
                accrued: s.accrued.cents(),
                paid: s.paid.cents(),
                npv: s.npv.cents(),
                cap_reached: false,
                cap_hit_date: None,
                first_cash_date: s.first_cash_date,
                last_cash_date: s.last_cash_date,
            },
            scenario,
            periods: outcome.periods.iter().map(|p| (p.start, p.end)).collect(),
            accrued: outcome.periods.iter().map(|p| p.accrued).collect(),
            cash_dates: outcome.periods.iter().map(|p| p.cash_date).collect(),
            discount_factors: outcome.periods.iter().map(|p| p.discount_factor).collect(),
            labels: outcome.periods.iter().map(|p| p.period.clone()).collect(),
            cumulative,
            cumulative_pv,
            first_accrual: outcome.periods.iter().position(|p| !p.accrued.is_zero()),
        }
    }

    /// The largest cap reached on or before `date` (`solve --cap-binds-by`): `paid_before`
    /// plus cumulative accrual through `date`, where the period containing it contributes
    /// `floor_cents(A × d / qd)` for the d qualifying days up to and including `date`. `None`
    /// before the effective date: no cap, not even 0, is reached by then.
    pub fn largest_cap_reached_by(&self, date: Date) -> Option<Money> {
        let share = &self.scenario.share;
        if date < share.effective {
            return None;
        }
        let mut total: i128 = share.paid_before.cents();
        for (p, &(start, end)) in self.periods.iter().enumerate() {
            if end <= date {
                total += self.accrued[p].cents();
                continue;
            }
            if start <= date
                && let Some((first, last)) =
                    crate::dates::intersect((start, end), (share.effective, share.sunset))
                && first <= date
            {
                let qd = i128::from(crate::dates::days_inclusive(first, last));
                let d = i128::from(crate::dates::days_inclusive(first, date.min(last)));
                total += self.accrued[p].cents() * d / qd;
            }
            break;
        }
        Some(Money::from_cents(total))
    }

    /// The summary the engine would give with this cap. The cap must not be below the
    /// scenario's `paid_before` (validation refuses such a case; here it would pay nothing).
    pub fn summary(&self, cap: Option<Money>) -> Summary {
        let mut t = self.uncapped.clone();
        if let Some(cap) = cap {
            // What the cap leaves after what was paid before (SPEC §7.2).
            let cap = (cap.cents() - self.scenario.share.paid_before.cents()).max(0);
            t.cap_reached = t.accrued >= cap;
            if cap == 0 {
                t.paid = 0;
                t.npv = 0;
                t.cap_hit_date = Some(self.scenario.share.effective);
                t.first_cash_date = None;
                t.last_cash_date = None;
            } else if t.cap_reached {
                self.bind(cap, &mut t);
            }
        }
        summary::assemble(&self.scenario, cap, self.periods_count, &t)
    }

    /// A cap of `cap` cents (> 0) that the accruals reach: it is paid in full, the last
    /// payment in the first period whose cumulative accrual reaches it.
    fn bind(&self, cap: i128, t: &mut Totals) {
        let h = self.cumulative.partition_point(|c| *c < cap);
        let before = if h == 0 { 0 } else { self.cumulative[h - 1] };
        let remaining = Money::from_cents(cap - before);
        t.cap_hit_date = hit_date(
            &self.scenario.share,
            self.periods[h],
            self.accrued[h],
            remaining,
        );
        t.paid = cap;
        let pv_before = if h == 0 {
            0
        } else {
            self.cumulative_pv[h - 1].cents()
        };
        // Present values below 10^15 were checked by the uncapped run; a smaller payment at
        // the same factor is smaller still.
        let pv_h = present_value(remaining, self.discount_factors[h], &self.labels[h])
            .unwrap_or(Money::ZERO);
        t.npv = pv_before + pv_h.cents();
        t.first_cash_date = self.first_accrual.map(|p| self.cash_dates[p]);
        t.last_cash_date = Some(self.cash_dates[h]);
    }
}
