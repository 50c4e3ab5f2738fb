//! The reference engine: SPEC §2 read line by line, on calendar dates and `Money`, with no
//! shortcut. It is not used to produce outputs; the compiled engine ([`super::plan`]) is, and
//! the test suite holds the two equal on random scenarios, to the cent, column for column. It
//! also gives the compiled engine its error messages: on any failure the compiled engine asks
//! this one, so both fail with the same words.

use super::{TooLarge, attribution, cap, periods, revenue, summary, valuation};
use crate::dates::add_days;
use crate::model::Scenario;
use crate::money::{MONEY_LIMIT, Money};
use crate::outcome::{Outcome, PeriodRow, StreamRow};

/// Simulates the scenario. Fails only when a computed amount would reach 10^15.
pub fn simulate(scenario: &Scenario) -> Result<Outcome, TooLarge> {
    let periods = periods::periods(scenario.start, scenario.end, scenario.period);
    let grid = revenue::revenue_grid(scenario, &periods)?;
    let n = grid.streams;
    // Grand totals bound every other total: Q <= R, A <= Q, P <= A (rate <= 1).
    let total_revenue: Money = grid.revenue.iter().copied().sum();
    if total_revenue.as_decimal() >= MONEY_LIMIT {
        return Err(TooLarge::new(format!(
            "total revenue over the horizon ({total_revenue})"
        )));
    }
    let period_q: Vec<Money> = (0..periods.len())
        .map(|p| grid.qualifying[p * n..(p + 1) * n].iter().copied().sum())
        .collect();
    let pay = cap::payments(&scenario.share, &periods, &period_q)?;

    let mut rows = Vec::with_capacity(periods.len());
    let mut stream_rows = Vec::with_capacity(periods.len() * n);
    let mut cumulative = Money::ZERO;
    for (p, period) in periods.iter().enumerate() {
        let cells = p * n..(p + 1) * n;
        let parts = attribution::attribute(pay.paid[p], &grid.qualifying[cells.clone()]);
        for (s, part) in parts.into_iter().enumerate() {
            stream_rows.push(StreamRow {
                period: p,
                stream: s,
                revenue: grid.revenue[p * n + s],
                qualifying_revenue: grid.qualifying[p * n + s],
                paid: part,
            });
        }
        cumulative = cumulative + pay.paid[p];
        // Validation bounds the lag so that every cash date exists.
        let cash_date = add_days(period.end, scenario.share.payment_lag_days).unwrap_or(period.end);
        let df =
            valuation::discount_factor(scenario.discount_rate, scenario.valuation_date, cash_date);
        rows.push(PeriodRow {
            period: period.label.clone(),
            start: period.start,
            end: period.end,
            revenue: grid.revenue[cells.clone()].iter().copied().sum(),
            qualifying_revenue: period_q[p],
            accrued: pay.accrued[p],
            paid: pay.paid[p],
            foregone: pay.foregone[p],
            cumulative_paid: cumulative,
            cap_remaining: pay.cap_remaining.get(p).copied(),
            cash_date,
            discount_factor: df,
            pv: valuation::present_value(pay.paid[p], df, &period.label)?,
        });
    }
    let clouds = summary::clouds(scenario, &stream_rows);
    let summary = summary::summary(scenario, &rows, &pay)?;
    Ok(Outcome {
        periods: rows,
        streams: stream_rows,
        clouds,
        summary,
    })
}
