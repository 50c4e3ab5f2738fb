//! What a simulation produces. Field order is the CSV column order of SPEC §4, so the writers
//! are a plain walk over the fields and nobody recomputes a number after the engine.

use crate::money::{Money, Rate};
use jiff::civil::Date;
use rust_decimal::Decimal;

/// One row of `periods.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodRow {
    /// `2026`, `2026-Q2` or `2026-04`: the calendar period containing the first day (SPEC §6.16).
    pub period: String,
    pub start: Date,
    pub end: Date,
    pub revenue: Money,
    pub qualifying_revenue: Money,
    pub accrued: Money,
    pub paid: Money,
    pub foregone: Money,
    pub cumulative_paid: Money,
    /// Left after this period's payment; `None` when uncapped.
    pub cap_remaining: Option<Money>,
    pub cash_date: Date,
    /// The SPEC §6.10 f64, written with 10 decimals.
    pub discount_factor: f64,
    pub pv: Money,
}

/// One row of `streams.csv`: a period × stream cell of the full grid (SPEC §6.13).
#[derive(Clone, Debug, PartialEq)]
pub struct StreamRow {
    /// Index into [`Outcome::periods`]; the label is written from there.
    pub period: usize,
    /// Index into the scenario's streams.
    pub stream: usize,
    pub revenue: Money,
    pub qualifying_revenue: Money,
    pub paid: Money,
}

/// One row of `clouds.csv`.
#[derive(Clone, Debug, PartialEq)]
pub struct CloudRow {
    pub cloud: String,
    pub revenue: Money,
    pub qualifying_revenue: Money,
    pub paid: Money,
    /// Cloud paid / total paid, six decimals; `None` when nothing is paid (SPEC §6.14).
    pub share_of_paid: Option<Decimal>,
}

/// `summary.csv` / `summary.json` (SPEC §2.7, §4).
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    pub scenario: String,
    pub currency: String,
    pub start: Date,
    pub end: Date,
    pub periods: usize,
    pub revenue: Money,
    pub qualifying_revenue: Money,
    pub accrued: Money,
    pub paid: Money,
    pub foregone: Money,
    pub cap: Option<Money>,
    pub cap_reached: bool,
    pub cap_hit_date: Option<Date>,
    /// paid / qualifying_revenue to six decimals; `None` when qualifying revenue is 0.
    pub effective_rate: Option<Rate>,
    pub npv: Money,
    pub first_cash_date: Option<Date>,
    pub last_cash_date: Option<Date>,
    /// Extension: the largest cap that is still reached, i.e. total accrued. Any cap above it
    /// is never reached.
    pub binding_threshold: Money,
    /// SPEC §7.2: paid toward the cap before the scenario; not part of `paid` or `npv`.
    pub paid_before: Money,
}

/// The full result of simulating one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub periods: Vec<PeriodRow>,
    /// Period-major: all streams of period 0, then period 1, …
    pub streams: Vec<StreamRow>,
    pub clouds: Vec<CloudRow>,
    pub summary: Summary,
}
