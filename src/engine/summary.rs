//! SPEC §2.7, §6.14, §6.15: totals per cloud and for the whole scenario. Every total is a plain
//! sum of already-rounded values, never re-rounded (SPEC §6.11).

use super::TooLarge;
use super::cap::Payments;
use crate::model::Scenario;
use crate::money::{Money, Rate, round_ratio};
use crate::outcome::{CloudRow, PeriodRow, StreamRow, Summary};
use jiff::civil::Date;

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

/// The numbers a summary is made of, in cents; its other columns follow from them.
#[derive(Clone, Debug, PartialEq)]
pub struct Totals {
    pub revenue: i128,
    pub qualifying_revenue: i128,
    pub accrued: i128,
    pub paid: i128,
    pub npv: i128,
    pub cap_reached: bool,
    pub cap_hit_date: Option<Date>,
    pub first_cash_date: Option<Date>,
    pub last_cash_date: Option<Date>,
}

/// SPEC §2.7: the one place a summary is put together, whichever engine formed the totals
/// (the compiled one, the reference one, or many caps from one run): the scenario's identity
/// and cap, `foregone = accrued − paid`, `effective_rate = paid / qualifying_revenue` to six
/// decimals (none when nothing qualifies), `binding_threshold = accrued + paid_before`
/// (§7.2: the largest cap the scenario reaches).
pub fn assemble(scenario: &Scenario, cap: Option<Money>, periods: usize, t: &Totals) -> Summary {
    Summary {
        scenario: scenario.name.clone(),
        currency: scenario.currency.clone(),
        start: scenario.start,
        end: scenario.end,
        periods,
        revenue: Money::from_cents(t.revenue),
        qualifying_revenue: Money::from_cents(t.qualifying_revenue),
        accrued: Money::from_cents(t.accrued),
        paid: Money::from_cents(t.paid),
        foregone: Money::from_cents(t.accrued - t.paid),
        cap,
        cap_reached: t.cap_reached,
        cap_hit_date: t.cap_hit_date,
        effective_rate: (t.qualifying_revenue != 0)
            .then(|| Rate(round_ratio(t.paid, t.qualifying_revenue, 6))),
        npv: Money::from_cents(t.npv),
        first_cash_date: t.first_cash_date,
        last_cash_date: t.last_cash_date,
        binding_threshold: Money::from_cents(t.accrued) + scenario.share.paid_before,
        paid_before: scenario.share.paid_before,
    }
}

/// The one-row summary. Fails only if the NPV reaches 10^15 (possible with factors above 1).
pub fn summary(
    scenario: &Scenario,
    rows: &[PeriodRow],
    pay: &Payments,
) -> Result<Summary, TooLarge> {
    let sum = |f: fn(&PeriodRow) -> Money| rows.iter().map(|r| f(r).cents()).sum::<i128>();
    let npv = sum(|r| r.pv);
    if npv >= super::exact::LIMIT_CENTS {
        return Err(TooLarge::new(format!(
            "net present value ({})",
            Money::from_cents(npv)
        )));
    }
    // SPEC §7.2, §6.4: binding_threshold = accrued + paid_before is an amount like any other.
    let threshold = sum(|r| r.accrued) + scenario.share.paid_before.cents();
    if threshold >= super::exact::LIMIT_CENTS {
        return Err(TooLarge::new(format!(
            "binding threshold (accrued plus paid before, {})",
            Money::from_cents(threshold)
        )));
    }
    let paid_rows = || rows.iter().filter(|r| !r.paid.is_zero());
    let totals = Totals {
        revenue: sum(|r| r.revenue),
        qualifying_revenue: sum(|r| r.qualifying_revenue),
        accrued: sum(|r| r.accrued),
        paid: sum(|r| r.paid),
        npv,
        cap_reached: pay.cap_reached,
        cap_hit_date: pay.cap_hit_date,
        first_cash_date: paid_rows().next().map(|r| r.cash_date),
        last_cash_date: paid_rows().next_back().map(|r| r.cash_date),
    };
    Ok(assemble(scenario, scenario.share.cap, rows.len(), &totals))
}
