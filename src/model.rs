//! The validated scenario: what the engine simulates.
//!
//! Every value here has passed validation (`scenario::load`), so the engine can trust it:
//! dates are ordered, rates are in range, amounts are non-negative and below 10^15, a stream's
//! blocks do not overlap and are sorted. The engine never sees raw text.

use crate::money::{Money, Rate};
use jiff::civil::Date;
use rust_decimal::Decimal;

/// The length of a period (SPEC §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    /// The word used in scenario files and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Month => "month",
            Self::Quarter => "quarter",
            Self::Year => "year",
        }
    }
}

/// A whole scenario, ready to simulate.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub name: String,
    pub description: Option<String>,
    /// A label only (SPEC §1): no conversion happens.
    pub currency: String,
    pub start: Date,
    /// Last day of the horizon, inclusive.
    pub end: Date,
    pub period: PeriodKind,
    /// Annual effective rate for present values, > -100%.
    pub discount_rate: Rate,
    pub valuation_date: Date,
    pub share: Share,
    /// In stream order: `[[stream]]` entries in TOML order, then CSV streams in order of first
    /// appearance (SPEC §6.13). Attribution ties go to the earlier stream.
    pub streams: Vec<Stream>,
    /// The revenue scales the scenario states (SPEC §7.1), already applied to the blocks: kept
    /// so reports can list them as assumptions. `("revenue", 0.8)`, `("cloud aws", 2)`,
    /// `("stream API", 0.5)`.
    pub scales: Vec<(String, rust_decimal::Decimal)>,
}

/// The one-way share's terms (SPEC §1, `[share]`).
#[derive(Clone, Debug, PartialEq)]
pub struct Share {
    /// In [0, 1].
    pub rate: Rate,
    /// Total cap on cumulative payments, rounded to cents; `None` is uncapped.
    pub cap: Option<Money>,
    /// What was paid toward the cap before this scenario's first accruing day (SPEC §7.2),
    /// rounded to cents, never above the cap: it lowers what the cap leaves, and is not part
    /// of `paid`.
    pub paid_before: Money,
    /// First day whose revenue accrues share.
    pub effective: Date,
    /// Last day whose revenue accrues share, inclusive; >= `effective`.
    pub sunset: Date,
    pub payment_lag_days: i64,
    /// When given, only streams on these clouds qualify.
    pub clouds: Option<Vec<String>>,
    /// Who pays the share and who receives it (`[share] payer`/`payee`, an extension of
    /// SPEC §1): labels only, so reports can say "OpenAI pays Microsoft"; without them the
    /// wording stays neutral.
    pub parties: Parties,
}

/// The names of the two sides of the share, for wording only: the engine never reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parties {
    pub payer: Option<String>,
    pub payee: Option<String>,
}

impl Share {
    /// What the cap leaves for this scenario to pay, in cents: `cap − paid_before`; `None`
    /// when uncapped. Validation keeps `paid_before <= cap`, so it is never negative.
    pub fn remaining_cap(&self) -> Option<i128> {
        self.cap.map(|cap| cap.cents() - self.paid_before.cents())
    }

    /// Whether a stream's revenue counts for the share at all (SPEC §2.3).
    pub fn qualifies(&self, stream: &Stream) -> bool {
        stream.qualifying
            && self
                .clouds
                .as_ref()
                .is_none_or(|clouds| clouds.contains(&stream.cloud))
    }
}

/// One revenue stream on one cloud.
#[derive(Clone, Debug, PartialEq)]
pub struct Stream {
    pub name: String,
    /// A case-sensitive label.
    pub cloud: String,
    pub qualifying: bool,
    /// Sorted by start, non-overlapping.
    pub blocks: Vec<Block>,
    /// How many of the last blocks are calendar years grown from the last `annual` year
    /// (SPEC §6.2), 0 for a stream without grown years or from the projections CSV. A sweep
    /// over `stream.NAME.growth` recomputes just these.
    pub grown_years: usize,
}

/// An amount earned evenly, day by day, over an inclusive date range (SPEC §1.3).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Block {
    pub from: Date,
    pub to: Date,
    /// Exact, >= 0, below 10^15; may carry more than two decimals (SPEC §6.3).
    pub amount: Decimal,
}
