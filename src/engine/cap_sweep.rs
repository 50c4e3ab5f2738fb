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
use super::valuation::present_value;
use crate::model::{Scenario, Share};
use crate::money::{Money, Rate, round_ratio};
use crate::outcome::{Outcome, Summary};
use jiff::civil::Date;

/// What every cap of one scenario shares.
#[derive(Clone, Debug)]
pub struct CapSweep {
    share: Share,
    /// The engine's summary with no cap: the template every case starts from.
    uncapped: Summary,
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
        Ok((Self::from_uncapped(&scenario.share, &outcome), outcome))
    }

    /// `outcome` must be the engine's outcome with `share` and no cap.
    fn from_uncapped(share: &Share, outcome: &Outcome) -> Self {
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
        Self {
            share: share.clone(),
            uncapped: outcome.summary.clone(),
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

    /// The largest cap reached on or before `date` (`solve --cap-binds-by`): cumulative accrual
    /// through `date`, where the period containing it contributes `floor_cents(A × d / qd)` for
    /// the d qualifying days up to and including `date`. `None` before the effective date: no
    /// cap, not even 0, is reached by then.
    pub fn largest_cap_reached_by(&self, date: Date) -> Option<Money> {
        let share = &self.share;
        if date < share.effective {
            return None;
        }
        let mut total: i128 = 0;
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

    /// The summary the engine would give with this cap.
    pub fn summary(&self, cap: Option<Money>) -> Summary {
        let mut s = self.uncapped.clone();
        s.cap = cap;
        let Some(cap) = cap else { return s };
        let total = self.cumulative.last().copied().unwrap_or(0);
        s.cap_reached = total >= cap.cents();
        if cap.is_zero() {
            s.paid = Money::ZERO;
            s.npv = Money::ZERO;
            s.cap_hit_date = Some(self.share.effective);
            s.first_cash_date = None;
            s.last_cash_date = None;
        } else if s.cap_reached {
            // The first period whose cumulative accrual reaches the cap.
            let h = self.cumulative.partition_point(|c| *c < cap.cents());
            let before = if h == 0 { 0 } else { self.cumulative[h - 1] };
            let remaining = Money::from_cents(cap.cents() - before);
            s.cap_hit_date = hit_date(&self.share, self.periods[h], self.accrued[h], remaining);
            s.paid = cap;
            let pv_before = if h == 0 {
                Money::ZERO
            } else {
                self.cumulative_pv[h - 1]
            };
            // Present values below 10^15 were checked by the uncapped run; a smaller payment
            // at the same factor is smaller still.
            let pv_h = present_value(remaining, self.discount_factors[h], &self.labels[h])
                .unwrap_or(Money::ZERO);
            s.npv = pv_before + pv_h;
            s.first_cash_date = self.first_accrual.map(|p| self.cash_dates[p]);
            s.last_cash_date = Some(self.cash_dates[h]);
        }
        s.foregone = s.accrued - s.paid;
        s.effective_rate = (!s.qualifying_revenue.is_zero())
            .then(|| Rate(round_ratio(s.paid.cents(), s.qualifying_revenue.cents(), 6)));
        s
    }
}
