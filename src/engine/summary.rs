//! SPEC §2.7, §6.14, §6.15: totals per cloud and for the whole scenario. Every total is a plain
//! sum of already-rounded values, never re-rounded (SPEC §6.11).

use super::TooLarge;
use super::cap::Payments;
use crate::model::Scenario;
use crate::money::{MONEY_LIMIT, Money, Rate, round_ratio};
use crate::outcome::{CloudRow, PeriodRow, StreamRow, Summary};

/// One row per distinct cloud, in order of first appearance in stream order.
pub fn clouds(scenario: &Scenario, stream_rows: &[StreamRow]) -> Vec<CloudRow> {
    let mut rows: Vec<CloudRow> = Vec::new();
    let mut index_of_stream = Vec::with_capacity(scenario.streams.len());
    // One map from cloud to row keeps this linear when every stream has its own cloud.
    let mut row_of_cloud: std::collections::HashMap<&str, usize> = Default::default();
    for stream in &scenario.streams {
        let i = match row_of_cloud.get(stream.cloud.as_str()) {
            Some(&i) => i,
            None => {
                row_of_cloud.insert(&stream.cloud, rows.len());
                rows.push(CloudRow {
                    cloud: stream.cloud.clone(),
                    revenue: Money::ZERO,
                    qualifying_revenue: Money::ZERO,
                    paid: Money::ZERO,
                    share_of_paid: None,
                });
                rows.len() - 1
            }
        };
        index_of_stream.push(i);
    }
    for cell in stream_rows {
        let row = &mut rows[index_of_stream[cell.stream]];
        row.revenue = row.revenue + cell.revenue;
        row.qualifying_revenue = row.qualifying_revenue + cell.qualifying_revenue;
        row.paid = row.paid + cell.paid;
    }
    let total_paid: i128 = rows.iter().map(|r| r.paid.cents()).sum();
    for row in &mut rows {
        row.share_of_paid = (total_paid > 0).then(|| round_ratio(row.paid.cents(), total_paid, 6));
    }
    rows
}

/// The one-row summary. Fails only if the NPV reaches 10^15 (possible with factors above 1).
pub fn summary(
    scenario: &Scenario,
    rows: &[PeriodRow],
    pay: &Payments,
) -> Result<Summary, TooLarge> {
    let sum = |f: fn(&PeriodRow) -> Money| rows.iter().map(f).sum::<Money>();
    let qualifying_revenue = sum(|r| r.qualifying_revenue);
    let paid = sum(|r| r.paid);
    let npv = sum(|r| r.pv);
    if npv.as_decimal() >= MONEY_LIMIT {
        return Err(TooLarge::new(format!("net present value ({npv})")));
    }
    let effective_rate = (!qualifying_revenue.is_zero())
        .then(|| Rate(round_ratio(paid.cents(), qualifying_revenue.cents(), 6)));
    Ok(Summary {
        scenario: scenario.name.clone(),
        currency: scenario.currency.clone(),
        start: scenario.start,
        end: scenario.end,
        periods: rows.len(),
        revenue: sum(|r| r.revenue),
        qualifying_revenue,
        accrued: sum(|r| r.accrued),
        paid,
        foregone: sum(|r| r.foregone),
        cap: scenario.share.cap,
        cap_reached: pay.cap_reached,
        cap_hit_date: pay.cap_hit_date,
        effective_rate,
        npv,
        first_cash_date: rows.iter().find(|r| !r.paid.is_zero()).map(|r| r.cash_date),
        binding_threshold: sum(|r| r.accrued),
        last_cash_date: rows
            .iter()
            .rev()
            .find(|r| !r.paid.is_zero())
            .map(|r| r.cash_date),
    })
}
