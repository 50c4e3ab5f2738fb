//! The compiled engine (issue 10): the same SPEC §2 numbers as [`super::reference`], computed
//! over day numbers and integer cents.
//!
//! [`Plan::new`] does once what does not depend on the share: the periods as day numbers, each
//! stream's blocks as day numbers and exact amounts, and every `R[s,p]` in cents. A case then
//! needs `Q[s,p]` only where the window cuts a period (elsewhere it is `R[s,p]` or 0), the
//! accrual as one integer product and half-even division per period, the cap in cents, and a
//! present value only where something is paid. `Decimal` stays at the edges: the model's
//! amounts going in, `Money` coming out.
//!
//! Any failure (an amount of 10^15 or more, an infinite discount factor, a cell that cannot be
//! formed exactly) returns `None`, and [`super::simulate`] then asks the reference engine, so
//! both engines fail with the same message.

use super::exact::{self, LIMIT_CENTS, Part};
use super::periods::{self, Period};
use super::{attribution, cap, summary, valuation};
use crate::dates::{add_days, day_number};
use crate::model::Scenario;
use crate::money::{Money, Rate, round_ratio};
use crate::outcome::{Outcome, PeriodRow, StreamRow, Summary};
use jiff::civil::Date;

/// What every case of one scenario structure (horizon, period kind, streams) shares.
pub struct Plan {
    periods: Vec<Period>,
    /// First and last day of each period.
    bounds: Vec<(i32, i32)>,
    /// Each stream's blocks, sorted and disjoint as in the model.
    blocks: Vec<Vec<Days>>,
    /// `R[s,p]` in cents, period-major: cell `p * streams + s`.
    revenue: Vec<i128>,
}

/// A block over day numbers, its amount as a `Decimal`'s mantissa and scale.
#[derive(Clone, Copy, Debug)]
struct Days {
    from: i32,
    to: i32,
    mantissa: i128,
    scale: u32,
}

/// One case's per-period numbers, in cents: what both the summary and the full outcome need.
struct Ledger {
    /// `Q[s,p]`, period-major.
    cells: Vec<i128>,
    qualifying: Vec<i128>,
    accrued: Vec<i128>,
    paid: Vec<i128>,
    /// Left after each period's payment; empty when uncapped.
    remaining: Vec<i128>,
    cap_reached: bool,
    cap_hit_date: Option<Date>,
    discount_factors: Vec<f64>,
    pv: Vec<i128>,
}

impl Plan {
    /// Compiles the structure of `scenario`; `None` when a revenue cell fails.
    pub fn new(scenario: &Scenario) -> Option<Plan> {
        let periods = periods::periods(scenario.start, scenario.end, scenario.period);
        let bounds: Vec<(i32, i32)> = periods
            .iter()
            .map(|p| (day_number(p.start), day_number(p.end)))
            .collect();
        let blocks: Vec<Vec<Days>> = scenario
            .streams
            .iter()
            .map(|stream| {
                let days = |b: &crate::model::Block| Days {
                    from: day_number(b.from),
                    to: day_number(b.to),
                    mantissa: b.amount.mantissa(),
                    scale: b.amount.scale(),
                };
                stream.blocks.iter().map(days).collect()
            })
            .collect();
        let n = blocks.len();
        let mut revenue = vec![0; bounds.len() * n];
        for (s, stream) in blocks.iter().enumerate() {
            let mut cursor = 0;
            for (p, &range) in bounds.iter().enumerate() {
                while cursor < stream.len() && stream[cursor].to < range.0 {
                    cursor += 1;
                }
                revenue[p * n + s] = cell(&stream[cursor..], range)?;
            }
        }
        Some(Plan {
            periods,
            bounds,
            blocks,
            revenue,
        })
    }

    /// The summary of `scenario`, which must have the structure this plan was compiled from.
    pub fn summary(&self, scenario: &Scenario) -> Option<Summary> {
        let ledger = self.ledger(scenario)?;
        self.summary_of(scenario, &ledger)
    }

    /// The full outcome: period rows, the period × stream grid with attribution, clouds.
    pub fn outcome(&self, scenario: &Scenario) -> Option<Outcome> {
        let ledger = self.ledger(scenario)?;
        let summary = self.summary_of(scenario, &ledger)?;
        let n = self.blocks.len();
        let lag = scenario.share.payment_lag_days;
        let mut periods = Vec::with_capacity(self.periods.len());
        let mut streams = Vec::with_capacity(self.revenue.len());
        let mut cumulative = 0;
        for (p, period) in self.periods.iter().enumerate() {
            let cells: Vec<Money> = ledger.cells[p * n..(p + 1) * n]
                .iter()
                .map(|&c| Money::from_cents(c))
                .collect();
            let paid = Money::from_cents(ledger.paid[p]);
            for (s, part) in attribution::attribute(paid, &cells).into_iter().enumerate() {
                streams.push(StreamRow {
                    period: p,
                    stream: s,
                    revenue: Money::from_cents(self.revenue[p * n + s]),
                    qualifying_revenue: cells[s],
                    paid: part,
                });
            }
            cumulative += ledger.paid[p];
            periods.push(PeriodRow {
                period: period.label.clone(),
                start: period.start,
                end: period.end,
                revenue: Money::from_cents(self.period_revenue(p)),
                qualifying_revenue: Money::from_cents(ledger.qualifying[p]),
                accrued: Money::from_cents(ledger.accrued[p]),
                paid,
                foregone: Money::from_cents(ledger.accrued[p] - ledger.paid[p]),
                cumulative_paid: Money::from_cents(cumulative),
                cap_remaining: ledger.remaining.get(p).map(|&c| Money::from_cents(c)),
                cash_date: add_days(period.end, lag)?,
                discount_factor: ledger.discount_factors[p],
                pv: Money::from_cents(ledger.pv[p]),
            });
        }
        let clouds = summary::clouds(scenario, &streams);
        Some(Outcome {
            periods,
            streams,
            clouds,
            summary,
        })
    }

    fn period_revenue(&self, p: usize) -> i128 {
        let n = self.blocks.len();
        self.revenue[p * n..(p + 1) * n].iter().sum()
    }
}

/// `R[s,p]` or `Q[s,p]` over `blocks` (those from the first that can touch `range` on) for the
/// inclusive day range `range`.
fn cell(blocks: &[Days], range: (i32, i32)) -> Option<i128> {
    let parts = blocks
        .iter()
        .take_while(|b| b.from <= range.1)
        .filter_map(|b| {
            let (from, to) = (b.from.max(range.0), b.to.min(range.1));
            (from <= to).then(|| Part {
                mantissa: b.mantissa,
                scale: b.scale,
                days: i64::from(to - from + 1),
                length: i64::from(b.to - b.from + 1),
            })
        });
    exact::cents(parts)
}

impl Plan {
    /// One case's numbers, in the reference engine's order of checks.
    fn ledger(&self, scenario: &Scenario) -> Option<Ledger> {
        let total: i128 = self.revenue.iter().sum();
        if total >= LIMIT_CENTS {
            return None;
        }
        let (cells, qualifying) = self.qualifying(scenario)?;
        let rate = scenario.share.rate.as_decimal();
        let accrued = qualifying
            .iter()
            .map(|&q| exact::accrued(rate, q))
            .collect::<Option<Vec<i128>>>()?;
        let mut ledger = Ledger {
            cells,
            qualifying,
            paid: accrued.clone(),
            accrued,
            remaining: Vec::new(),
            cap_reached: false,
            cap_hit_date: None,
            discount_factors: Vec::new(),
            pv: Vec::new(),
        };
        if let Some(cap) = scenario.share.cap {
            self.apply_cap(scenario, cap.cents(), &mut ledger);
        }
        self.value(scenario, &mut ledger)?;
        Some(ledger)
    }

    /// `Q[s,p]` and `Q[p]`. Only a period the window cuts needs a cell of its own.
    fn qualifying(&self, scenario: &Scenario) -> Option<(Vec<i128>, Vec<i128>)> {
        let share = &scenario.share;
        let window = (day_number(share.effective), day_number(share.sunset));
        let n = self.blocks.len();
        let qualifies: Vec<bool> = scenario
            .streams
            .iter()
            .map(|s| share.qualifies(s))
            .collect();
        let mut cells = vec![0; self.revenue.len()];
        let mut totals = vec![0; self.bounds.len()];
        for (p, &(start, end)) in self.bounds.iter().enumerate() {
            if window.1 < start || window.0 > end {
                continue;
            }
            let whole = window.0 <= start && window.1 >= end;
            let cut = (start.max(window.0), end.min(window.1));
            for s in (0..n).filter(|&s| qualifies[s]) {
                let q = if whole {
                    self.revenue[p * n + s]
                } else {
                    let blocks = &self.blocks[s];
                    let first = blocks.partition_point(|b| b.to < cut.0);
                    cell(&blocks[first..], cut)?
                };
                cells[p * n + s] = q;
                totals[p] += q;
            }
        }
        Some((cells, totals))
    }

    /// SPEC §2.4: pay each period up to what is left of the cap.
    fn apply_cap(&self, scenario: &Scenario, cap: i128, ledger: &mut Ledger) {
        let share = &scenario.share;
        let mut remaining = cap;
        ledger.cap_hit_date = (cap == 0).then_some(share.effective);
        for (p, period) in self.periods.iter().enumerate() {
            let a = ledger.accrued[p];
            if ledger.cap_hit_date.is_none() && remaining != 0 && a >= remaining {
                ledger.cap_hit_date = cap::hit_date(
                    share,
                    (period.start, period.end),
                    Money::from_cents(a),
                    Money::from_cents(remaining),
                );
            }
            let paid = a.min(remaining);
            remaining -= paid;
            ledger.paid[p] = paid;
            ledger.remaining.push(remaining);
        }
        ledger.cap_reached = ledger.accrued.iter().sum::<i128>() >= cap;
    }

    /// SPEC §2.6: discount factors for every period (an infinite one fails even where nothing
    /// is paid), present values where something is.
    fn value(&self, scenario: &Scenario, ledger: &mut Ledger) -> Option<()> {
        let base = valuation::discount_base(scenario.discount_rate);
        let valuation_day = i64::from(day_number(scenario.valuation_date));
        let lag = scenario.share.payment_lag_days;
        let last_day = i64::from(day_number(Date::MAX));
        for (p, &(_, end)) in self.bounds.iter().enumerate() {
            let cash_day = i64::from(end) + lag;
            if cash_day > last_day {
                return None;
            }
            let df = valuation::factor(base, cash_day - valuation_day);
            let pv = match ledger.paid[p] {
                0 if df.is_finite() => 0,
                paid => {
                    let label = &self.periods[p].label;
                    valuation::present_value(Money::from_cents(paid), df, label)
                        .ok()?
                        .cents()
                }
            };
            ledger.discount_factors.push(df);
            ledger.pv.push(pv);
        }
        Some(())
    }

    /// SPEC §2.7, from the ledger: the one summary builder of the compiled engine.
    fn summary_of(&self, scenario: &Scenario, ledger: &Ledger) -> Option<Summary> {
        let npv: i128 = ledger.pv.iter().sum();
        if npv >= LIMIT_CENTS {
            return None;
        }
        let qualifying: i128 = ledger.qualifying.iter().sum();
        let accrued: i128 = ledger.accrued.iter().sum();
        let paid: i128 = ledger.paid.iter().sum();
        let lag = scenario.share.payment_lag_days;
        let cash = |p: usize| add_days(self.periods[p].end, lag);
        let first_paid = ledger.paid.iter().position(|&c| c != 0);
        let last_paid = ledger.paid.iter().rposition(|&c| c != 0);
        Some(Summary {
            scenario: scenario.name.clone(),
            currency: scenario.currency.clone(),
            start: scenario.start,
            end: scenario.end,
            periods: self.periods.len(),
            revenue: Money::from_cents(self.revenue.iter().sum()),
            qualifying_revenue: Money::from_cents(qualifying),
            accrued: Money::from_cents(accrued),
            paid: Money::from_cents(paid),
            foregone: Money::from_cents(accrued - paid),
            cap: scenario.share.cap,
            cap_reached: ledger.cap_reached,
            cap_hit_date: ledger.cap_hit_date,
            effective_rate: (qualifying != 0).then(|| Rate(round_ratio(paid, qualifying, 6))),
            npv: Money::from_cents(npv),
            first_cash_date: first_paid.and_then(cash),
            last_cash_date: last_paid.and_then(cash),
            binding_threshold: Money::from_cents(accrued),
        })
    }
}
