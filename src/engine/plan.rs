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

use super::divide::{self, Divisor};
use super::exact::{self, LIMIT_CENTS, Part};
use super::periods::{self, Period};
use super::{attribution, cap, summary, valuation};
use crate::dates::{add_days, day_number};
use crate::model::{PeriodKind, Scenario};
use crate::money::Money;
use crate::outcome::{Outcome, PeriodRow, StreamRow, Summary};
use jiff::civil::Date;

/// What every case of one scenario structure (horizon, period kind, streams) shares.
pub struct Plan {
    /// The horizon and period kind the periods were cut from.
    horizon: (Date, Date, PeriodKind),
    periods: Vec<Period>,
    /// First and last day of each period.
    bounds: Vec<(i32, i32)>,
    /// Each stream's blocks, sorted and disjoint as in the model.
    blocks: Vec<Vec<Days>>,
    /// `R[s,p]` in cents, period-major: cell `p * streams + s`.
    revenue: Vec<i128>,
    /// Discount factors and their exact decimals, for the last timing evaluated.
    timing: Option<Timing>,
}

/// A block over day numbers, its amount as a `Decimal`'s mantissa and scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Days {
    from: i32,
    to: i32,
    mantissa: i128,
    scale: u32,
}

/// Each period's discount factor and the exact decimal `pv` multiplies by (SPEC §6.10), for one
/// discount rate, valuation date and lag: forming the shortest decimal of an f64 is the
/// costliest step of a present value, and a sweep over growth or the cap repeats the same
/// factors in every case. `None` where no cash date exists.
struct Timing {
    /// `(1 + d)` as an f64 (its bits), the valuation day and the lag.
    key: (u64, i64, i64),
    factors: Option<Vec<Factor>>,
}

/// A period's discount factor and, once a payment needs it, its shortest decimal as
/// `digits × 10^exponent` (`None` inside when there is none: an infinite factor).
type Factor = (f64, std::cell::OnceCell<Option<(i128, i32)>>);

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
        let mut plan = Plan {
            horizon: (scenario.start, scenario.end, scenario.period),
            revenue: vec![0; bounds.len() * scenario.streams.len()],
            blocks: vec![Vec::new(); scenario.streams.len()],
            periods,
            bounds,
            timing: None,
        };
        for (s, stream) in scenario.streams.iter().enumerate() {
            plan.compile_stream(s, days_of(stream))?;
        }
        Some(plan)
    }

    /// Makes this plan `scenario`'s, recomputing only what differs: the periods when the
    /// horizon or period kind changed (then everything), else each stream whose blocks
    /// changed. On `None` the plan is unusable and must be dropped.
    pub fn update(&mut self, scenario: &Scenario) -> Option<()> {
        let horizon = (scenario.start, scenario.end, scenario.period);
        if horizon != self.horizon || scenario.streams.len() != self.blocks.len() {
            *self = Plan::new(scenario)?;
            return Some(());
        }
        for (s, stream) in scenario.streams.iter().enumerate() {
            let days = days_of(stream);
            if days != self.blocks[s] {
                self.compile_stream(s, days)?;
            }
        }
        Some(())
    }

    /// Stream `s`'s blocks and its column of `R[s,p]`.
    fn compile_stream(&mut self, s: usize, blocks: Vec<Days>) -> Option<()> {
        let n = self.blocks.len();
        let mut cursor = 0;
        for (p, &range) in self.bounds.iter().enumerate() {
            while cursor < blocks.len() && blocks[cursor].to < range.0 {
                cursor += 1;
            }
            self.revenue[p * n + s] = cell(&blocks[cursor..], range)?;
        }
        self.blocks[s] = blocks;
        Some(())
    }

    /// The summary of `scenario`, which must have the structure this plan was compiled from.
    pub fn summary(&mut self, scenario: &Scenario) -> Option<Summary> {
        let ledger = self.ledger(scenario)?;
        self.summary_of(scenario, &ledger)
    }

    /// The full outcome: period rows, the period × stream grid with attribution, clouds.
    pub fn outcome(&mut self, scenario: &Scenario) -> Option<Outcome> {
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

/// The discount factors of `scenario`'s timing, formed once per timing.
fn factors<'a>(
    timing: &'a mut Option<Timing>,
    bounds: &[(i32, i32)],
    scenario: &Scenario,
) -> Option<&'a Vec<Factor>> {
    let base = valuation::discount_base(scenario.discount_rate);
    let valuation_day = i64::from(day_number(scenario.valuation_date));
    let lag = scenario.share.payment_lag_days;
    let key = (base.to_bits(), valuation_day, lag);
    if timing.as_ref().is_none_or(|t| t.key != key) {
        let last_day = i64::from(day_number(Date::MAX));
        let factors = bounds
            .iter()
            .map(|&(_, end)| {
                let cash_day = i64::from(end) + lag;
                // Past the calendar's end: the reference engine decides.
                (cash_day <= last_day).then(|| {
                    let df = valuation::factor(base, cash_day - valuation_day);
                    (df, std::cell::OnceCell::new())
                })
            })
            .collect();
        *timing = Some(Timing { key, factors });
    }
    timing.as_ref()?.factors.as_ref()
}

/// A share rate in [0, 1] as its mantissa and `10^scale` in 64 bits, when its scale allows:
/// then `A = round_half_even(mantissa × Q / 10^scale)`, the exact accrual, wherever the
/// product fits 64 bits.
fn fast_rate(rate: rust_decimal::Decimal) -> Option<(u64, Divisor)> {
    let power = divide::power_of_ten(rate.scale())?;
    let m = u64::try_from(rate.mantissa()).ok()?;
    (m <= power.get()).then_some((m, power))
}

/// `round_cents(paid × digits × 10^exponent)` in cents: [`valuation::times_decimal`] without
/// `Money` on either side, `None` where it fails (10^15 or more). The usual case — a payment
/// below 2^64 cents times a factor of up to 17 digits, divided by 10^16 or 10^17 — is one
/// 128-bit product and a division by multiplication.
fn present_value(paid: i128, digits: i128, exponent: i32) -> Option<i128> {
    let cents = match (u64::try_from(paid), u64::try_from(digits), exponent) {
        (Ok(p), Ok(d), -19..=-1) => {
            let product = u128::from(p) * u128::from(d);
            let power = divide::power_of_ten(exponent.unsigned_abs())?;
            // A quotient of 2^64 or more is far above 10^17 cents: too large either way.
            i128::from(power.div_half_even_wide(product)?)
        }
        _ => valuation::times_decimal(Money::from_cents(paid), digits, exponent, "")
            .ok()?
            .cents(),
    };
    (cents < LIMIT_CENTS).then_some(cents)
}

/// A stream's blocks over day numbers.
fn days_of(stream: &crate::model::Stream) -> Vec<Days> {
    let days = |b: &crate::model::Block| Days {
        from: day_number(b.from),
        to: day_number(b.to),
        mantissa: b.amount.mantissa(),
        scale: b.amount.scale(),
    };
    stream.blocks.iter().map(days).collect()
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
    exact::cents(parts).ok()
}

impl Plan {
    /// One case's numbers, in the reference engine's order of checks.
    fn ledger(&mut self, scenario: &Scenario) -> Option<Ledger> {
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
        if let Some(remaining) = scenario.share.remaining_cap() {
            self.apply_cap(scenario, remaining, &mut ledger);
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

    /// SPEC §2.4: pay each period up to what is left of the cap, `cap` cents after what was
    /// paid before (§7.2). Reaching it means `paid_before + accrued >= cap`.
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
    fn value(&mut self, scenario: &Scenario, ledger: &mut Ledger) -> Option<()> {
        let factors = factors(&mut self.timing, &self.bounds, scenario)?;
        for (p, (df, exact)) in factors.iter().enumerate() {
            let df = *df;
            let paid = ledger.paid[p];
            let exact = if paid == 0 && df.is_finite() {
                Some((0, 0))
            } else {
                *exact.get_or_init(|| valuation::shortest_decimal(df))
            };
            let pv = match (paid, exact) {
                (0, Some(_)) => 0,
                (paid, Some((digits, exponent))) => {
                    let label = &self.periods[p].label;
                    valuation::times_decimal(Money::from_cents(paid), digits, exponent, label)
                        .ok()?
                        .cents()
                }
                // Infinite (or no exact decimal): the reference engine names it.
                (_, None) => return None,
            };
            ledger.discount_factors.push(df);
            ledger.pv.push(pv);
        }
        Some(())
    }

    /// The summary of a case whose revenue is already known, and its cumulative paid at each
    /// period's end in `cumulative` (cleared first): `revenue` is `Σ R[s,p]` and `qualifying`
    /// is `Q[p]` per period, in cents, as the plan would form them for `scenario`
    /// (whose streams are not read). Gives exactly what [`Plan::summary`] gives from the same
    /// cells, and `None` wherever it gives `None`: the Monte Carlo fast path forms `R` and `Q`
    /// itself, from blocks scaled per path, and needs nothing per period but this.
    ///
    /// One pass over the periods, with no vector but `cumulative`: the accrual as one 64-bit product and
    /// division where it fits (the exact [`exact::accrued`] otherwise), the cap, and a present
    /// value only where something is paid.
    pub fn summary_from_flows(
        &mut self,
        scenario: &Scenario,
        revenue: i128,
        qualifying: &[i64],
        cumulative: &mut Vec<i64>,
    ) -> Option<Summary> {
        cumulative.clear();
        if revenue >= LIMIT_CENTS || qualifying.len() != self.bounds.len() {
            return None;
        }
        let share = &scenario.share;
        let rate = share.rate.as_decimal();
        // Outside [0, 1] (or beyond 28 decimals) every accrual fails: so does this case.
        exact::accrued(rate, 0)?;
        let fast_rate = fast_rate(rate);
        let remaining_cap = share.remaining_cap();
        let mut remaining = remaining_cap.unwrap_or(0);
        let mut hit = remaining_cap.and_then(|cap| (cap == 0).then_some(share.effective));
        let factors = factors(&mut self.timing, &self.bounds, scenario)?;
        let (mut accrued_total, mut paid_total, mut npv, mut running) = (0i128, 0i128, 0i128, 0i64);
        let (mut first_paid, mut last_paid) = (None, None);
        for (p, (&q, (df, exact))) in qualifying.iter().zip(factors).enumerate() {
            let q = i128::from(q);
            if !(0..LIMIT_CENTS).contains(&q) {
                return None;
            }
            let a = match fast_rate {
                _ if q == 0 => 0,
                Some((m, power)) => match m.checked_mul(q as u64) {
                    Some(product) => i128::from(power.div_half_even(product)),
                    None => exact::accrued(rate, q)?,
                },
                None => exact::accrued(rate, q)?,
            };
            let paid = match remaining_cap {
                None => a,
                Some(_) => {
                    if hit.is_none() && remaining != 0 && a >= remaining {
                        let period = &self.periods[p];
                        hit = cap::hit_date(
                            share,
                            (period.start, period.end),
                            Money::from_cents(a),
                            Money::from_cents(remaining),
                        );
                    }
                    let paid = a.min(remaining);
                    remaining -= paid;
                    paid
                }
            };
            accrued_total += a;
            paid_total += paid;
            // Below 10^17 cents each; their sum stays below 2^63 for any horizon that fits
            // the calendar, but is checked all the same.
            running = running.checked_add(i64::try_from(paid).ok()?)?;
            cumulative.push(running);
            // As in `value`: every factor must be finite, a present value only where paid.
            let pv = if paid == 0 && df.is_finite() {
                0
            } else {
                let (digits, exponent) = (*exact.get_or_init(|| valuation::shortest_decimal(*df)))?;
                if paid == 0 {
                    0
                } else {
                    present_value(paid, digits, exponent)?
                }
            };
            npv += pv;
            if paid != 0 {
                first_paid.get_or_insert(p);
                last_paid = Some(p);
            }
        }
        let cap_reached = remaining_cap.is_some_and(|cap| accrued_total >= cap);
        let threshold = accrued_total + share.paid_before.cents();
        if npv >= LIMIT_CENTS || threshold >= LIMIT_CENTS {
            return None;
        }
        let lag = share.payment_lag_days;
        let cash = |p: usize| add_days(self.periods[p].end, lag);
        let qualifying_total: i128 = qualifying.iter().map(|&q| i128::from(q)).sum();
        let totals = summary::Totals {
            revenue,
            qualifying_revenue: qualifying_total,
            accrued: accrued_total,
            paid: paid_total,
            npv,
            cap_reached,
            cap_hit_date: hit,
            first_cash_date: first_paid.and_then(cash),
            last_cash_date: last_paid.and_then(cash),
        };
        Some(summary::assemble(
            scenario,
            share.cap,
            self.periods.len(),
            &totals,
        ))
    }

    /// SPEC §2.7, from the ledger: the one summary builder of the compiled engine.
    fn summary_of(&self, scenario: &Scenario, ledger: &Ledger) -> Option<Summary> {
        let npv: i128 = ledger.pv.iter().sum();
        let threshold: i128 =
            ledger.accrued.iter().sum::<i128>() + scenario.share.paid_before.cents();
        // The reference engine names either failure.
        if npv >= LIMIT_CENTS || threshold >= LIMIT_CENTS {
            return None;
        }
        let lag = scenario.share.payment_lag_days;
        let cash = |p: usize| add_days(self.periods[p].end, lag);
        let totals = summary::Totals {
            revenue: self.revenue.iter().sum(),
            qualifying_revenue: ledger.qualifying.iter().sum(),
            accrued: ledger.accrued.iter().sum(),
            paid: ledger.paid.iter().sum(),
            npv,
            cap_reached: ledger.cap_reached,
            cap_hit_date: ledger.cap_hit_date,
            first_cash_date: ledger.paid.iter().position(|&c| c != 0).and_then(cash),
            last_cash_date: ledger.paid.iter().rposition(|&c| c != 0).and_then(cash),
        };
        let periods = self.periods.len();
        Some(summary::assemble(
            scenario,
            scenario.share.cap,
            periods,
            &totals,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Rate;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    /// `summary_from_flows`, given the plan's own `Σ R` and `Q[p]`, is `summary` and the
    /// outcome's cumulative paid, for the shipped scenarios under caps that bind early, late or
    /// never, paid before, other rates (a 64-bit accrual and the exact one) and lags.
    #[test]
    fn summary_from_flows_is_the_summary() {
        let files = [
            "scenarios/base.toml",
            "scenarios/bull.toml",
            "scenarios/monthly.toml",
            "scenarios/bench/monthly-10y.toml",
            "tests/independent/scales.toml",
            "tests/independent/ties.toml",
        ];
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let mut compared = 0;
        for file in files {
            let base = crate::scenario::load(std::path::Path::new(file), &[])
                .unwrap()
                .scenario;
            for (cap, paid_before, rate, lag) in [
                (None, "0", "0.2", 0),
                (Some("0"), "0", "0.2", 45),
                (Some("1000000"), "0", "0.123457", 30),
                (Some("38000000000"), "5000000000", "0.2", 45),
                (Some("500"), "123.45", "0.5", 0),
                (Some("999999999999999.99"), "0", "1", 0),
                (None, "5", "0.3333333333333333333333333333", 400),
            ] {
                let mut s = base.clone();
                s.share.cap = cap.map(|c| Money::from_decimal_unchecked(d(c)));
                s.share.paid_before = Money::from_decimal_unchecked(d(paid_before));
                s.share.rate = Rate(d(rate));
                s.share.payment_lag_days = lag;
                let mut plan = Plan::new(&s).unwrap();
                let revenue: i128 = plan.revenue.iter().sum();
                let (_, qualifying) = plan.qualifying(&s).unwrap();
                let qualifying: Vec<i64> = qualifying.iter().map(|&q| q as i64).collect();
                let mut cumulative = vec![7];
                let flows = plan.summary_from_flows(&s, revenue, &qualifying, &mut cumulative);
                let outcome = super::super::simulate(&s).unwrap();
                assert_eq!(flows.as_ref(), Some(&outcome.summary), "{file} {cap:?}");
                let expected: Vec<i64> = outcome
                    .periods
                    .iter()
                    .map(|p| p.cumulative_paid.cents() as i64)
                    .collect();
                assert_eq!(cumulative, expected, "{file} {cap:?}");
                compared += 1;
            }
        }
        assert_eq!(compared, 42);
    }

    /// The 64-bit accrual and the integer present value.
    #[test]
    fn accrual_and_present_value_helpers() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let rate = |s: &str| fast_rate(d(s)).map(|(m, p)| (m, p.get()));
        // 12.5% = 125 / 10^3; 100% = 1 / 10^0; above 100% or 20 decimals: none.
        assert_eq!(rate("0.125"), Some((125, 1000)));
        assert_eq!(rate("1"), Some((1, 1)));
        assert_eq!(rate("1.5"), None);
        assert_eq!(rate("0.00000000000000000001"), None);
        // 1,100.00 × 0.9090909090909091 = 999.99999999999999… -> 1,000.00 (110,000 cents ×
        // 9,090,909,090,909,091 × 10^-16 = 99,999.99…); 0.05 × 0.5 = 0.025 -> 0.02 (even).
        assert_eq!(
            present_value(110_000, 9_090_909_090_909_091, -16),
            Some(100_000)
        );
        assert_eq!(present_value(5, 5, -1), Some(2));
        // A factor of 1.1 (11 × 10^-1), of 2.5e20 (25 × 10^19), of 10^-300: as
        // `times_decimal` gives them.
        for (paid, digits, exponent) in [
            (100, 11, -1),
            (1, 25, 19),
            (99, 1, -300),
            (15_000_000_000_000_011, 9_090_909_090_909_091, -16),
            (99_999_999_999_999_999, 19, -1),
            (123_456_789, 1_234_567_890_123_456_789, -25),
        ] {
            let expected = valuation::times_decimal(Money::from_cents(paid), digits, exponent, "x")
                .ok()
                .map(Money::cents)
                .filter(|c| *c < LIMIT_CENTS);
            assert_eq!(
                present_value(paid, digits, exponent),
                expected,
                "{paid} {digits} {exponent}"
            );
        }
    }
}
