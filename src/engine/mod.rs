//! The cash-flow engine (SPEC §2): a pure function from a validated [`Scenario`] to an
//! [`Outcome`]. No I/O, no clock, no randomness; the same scenario always gives the same
//! numbers, to the cent.

pub mod attribution;
pub mod cap;
pub mod cap_sweep;
pub mod divide;
pub mod exact;
pub mod periods;
pub mod plan;
pub mod reference;
pub mod revenue;
pub mod summary;
pub mod valuation;
pub mod whatif;

use crate::model::Scenario;
use crate::outcome::{Outcome, Summary};

/// A computed amount reached 10^15 (SPEC §6.4), or a discount factor overflowed; `what` names
/// where it arose and `found` says what happened there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge {
    pub what: String,
    pub found: String,
    pub expected: String,
}

impl TooLarge {
    /// An amount of 10^15 or more.
    pub fn new(what: impl Into<String>) -> Self {
        let what = what.into();
        Self {
            found: format!("{what} reaches 10^15 or more"),
            what,
            expected: "amounts that keep every computed total below 10^15 (1,000T)".into(),
        }
    }

    /// A revenue cell whose exact fraction does not fit 128 bits (SPEC §6.26 asks for the
    /// exact value, and this one would need wider integers).
    pub fn too_precise(what: impl Into<String>) -> Self {
        let what = what.into();
        Self {
            found: format!(
                "{what} cannot be formed exactly: its amounts have too many decimals for blocks of so many different lengths"
            ),
            what,
            expected:
                "amounts with fewer decimals (cents, or a few decimals more, are always exact)"
                    .into(),
        }
    }

    /// `(1 + d)^(−days / 365)` is beyond the largest f64: no present value can be formed.
    pub fn infinite_discount_factor(label: &str) -> Self {
        let what = format!("the discount factor of {label}");
        Self {
            found: format!("{what} is infinite: (1 + discount_rate)^(−days / 365) overflows"),
            what,
            expected: "a discount rate and valuation date whose discount factors stay finite"
                .into(),
        }
    }
}

/// Simulates the scenario with the compiled engine. Fails only when a computed amount would
/// reach 10^15 (or a discount factor is infinite), with the reference engine's message.
pub fn simulate(scenario: &Scenario) -> Result<Outcome, TooLarge> {
    match plan::Plan::new(scenario).and_then(|mut plan| plan.outcome(scenario)) {
        Some(outcome) => Ok(outcome),
        None => reference::simulate(scenario),
    }
}

/// The summary alone, for sweeps: no stream rows or cloud totals are formed.
pub fn summarize(scenario: &Scenario) -> Result<Summary, TooLarge> {
    Reuse::default().summarize(scenario)
}

/// Summaries of many scenarios in a row that differ in a few values, as a sweep's cases do:
/// the compiled plan is updated rather than rebuilt, so only what changed is computed again
/// (a stream's column when its growth changed; nothing but the ledger when only the share
/// did). Each call gives exactly what [`summarize`] gives.
#[derive(Default)]
pub struct Reuse {
    plan: Option<plan::Plan>,
}

impl Reuse {
    /// The summary of `scenario`, reusing the previous call's plan where it applies.
    pub fn summarize(&mut self, scenario: &Scenario) -> Result<Summary, TooLarge> {
        let ready = match &mut self.plan {
            Some(plan) => plan.update(scenario).is_some(),
            None => false,
        };
        if !ready {
            self.plan = plan::Plan::new(scenario);
        }
        match self.plan.as_mut().and_then(|plan| plan.summary(scenario)) {
            Some(summary) => Ok(summary),
            None => reference::simulate(scenario).map(|outcome| outcome.summary),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, PeriodKind, Share, Stream};
    use crate::money::{Money, Rate};
    use crate::outcome::PeriodRow;
    use jiff::civil::{Date, date};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn stream(name: &str, cloud: &str, blocks: &[(Date, Date, &str)]) -> Stream {
        Stream {
            name: name.into(),
            cloud: cloud.into(),
            qualifying: true,
            blocks: blocks
                .iter()
                .map(|&(from, to, a)| Block {
                    from,
                    to,
                    amount: dec(a),
                })
                .collect(),
            grown_years: 0,
        }
    }

    fn scenario(
        start: Date,
        end: Date,
        period: PeriodKind,
        share: Share,
        streams: Vec<Stream>,
    ) -> Scenario {
        Scenario {
            name: "t".into(),
            description: None,
            currency: "USD".into(),
            start,
            end,
            period,
            discount_rate: Rate(Decimal::ZERO),
            valuation_date: start,
            share,
            streams,
            scales: Vec::new(),
        }
    }

    fn share(rate: &str, effective: Date, sunset: Date) -> Share {
        Share {
            rate: Rate(dec(rate)),
            cap: None,
            effective,
            sunset,
            payment_lag_days: 0,
            clouds: None,
            parties: Default::default(),
            paid_before: Money::ZERO,
        }
    }

    /// The compiled engine's outcome, checked equal to the reference engine's.
    fn both(s: &Scenario) -> Outcome {
        let compiled = simulate(s).unwrap();
        assert_eq!(compiled, reference::simulate(s).unwrap());
        assert_eq!(summarize(s).unwrap(), compiled.summary);
        compiled
    }

    fn column(outcome: &Outcome, f: fn(&PeriodRow) -> Money) -> Vec<String> {
        outcome.periods.iter().map(|r| f(r).to_string()).collect()
    }

    #[test]
    fn stub_period_window_mid_period_and_lag_into_next_year() {
        // 365,000 over 2026 is 1,000 a day. Horizon 2026-04-27..2026-12-31 in quarters; rate 10%;
        // window 2026-05-01..2026-11-30; lag 45 days.
        // Q2 stub 04-27..06-30: 65 days -> R 65,000; W part 05-01..06-30 = 61 days -> Q 61,000, A 6,100.
        // Q3 07-01..09-30: 92 days -> R = Q = 92,000, A 9,200.
        // Q4 10-01..12-31: R 92,000; W part 10-01..11-30 = 61 days -> Q 61,000, A 6,100.
        // Cash: 06-30 + 45 = 08-14; 09-30 + 45 = 11-14; 12-31 + 45 = 2027-02-14 (next year).
        let mut sh = share("0.1", date(2026, 5, 1), date(2026, 11, 30));
        sh.payment_lag_days = 45;
        let s = scenario(
            date(2026, 4, 27),
            date(2026, 12, 31),
            PeriodKind::Quarter,
            sh,
            vec![stream(
                "a",
                "azure",
                &[(date(2026, 1, 1), date(2026, 12, 31), "365000")],
            )],
        );
        let o = both(&s);
        let labels: Vec<_> = o.periods.iter().map(|r| r.period.as_str()).collect();
        assert_eq!(labels, ["2026-Q2", "2026-Q3", "2026-Q4"]);
        assert_eq!(
            column(&o, |r| r.revenue),
            ["65000.00", "92000.00", "92000.00"]
        );
        assert_eq!(
            column(&o, |r| r.qualifying_revenue),
            ["61000.00", "92000.00", "61000.00"]
        );
        assert_eq!(column(&o, |r| r.paid), ["6100.00", "9200.00", "6100.00"]);
        let cash: Vec<Date> = o.periods.iter().map(|r| r.cash_date).collect();
        assert_eq!(
            cash,
            [date(2026, 8, 14), date(2026, 11, 14), date(2027, 2, 14)]
        );
        // Totals: 249,000 revenue, 214,000 qualifying, 21,400 paid; 21,400 / 214,000 = 0.1.
        assert_eq!(o.summary.revenue.to_string(), "249000.00");
        assert_eq!(o.summary.qualifying_revenue.to_string(), "214000.00");
        assert_eq!(o.summary.paid.to_string(), "21400.00");
        assert_eq!(o.summary.effective_rate.unwrap().to_string(), "0.100000");
        assert_eq!(o.summary.first_cash_date, Some(date(2026, 8, 14)));
        assert_eq!(o.summary.last_cash_date, Some(date(2027, 2, 14)));
        // Discount rate 0: every factor is 1 and pv = paid.
        assert_eq!(o.summary.npv, o.summary.paid);
    }

    #[test]
    fn attribution_tie_goes_to_the_first_stream_and_clouds_sum() {
        // Two streams each earn 0.05 on 2026-01-01 (one-day blocks). Q = 0.10, rate 50%: A = 0.05.
        // Each exact share is 0.025: floors 0.02 + 0.02, one cent left, equal remainders ->
        // the first stream (TOML order) gets it: 0.03 and 0.02.
        let day = date(2026, 1, 1);
        let s = scenario(
            day,
            date(2026, 3, 31),
            PeriodKind::Quarter,
            share("0.5", day, date(2026, 12, 31)),
            vec![
                stream("first", "aws", &[(day, day, "0.05")]),
                stream("second", "gcp", &[(day, day, "0.05")]),
            ],
        );
        let o = both(&s);
        let paid: Vec<String> = o.streams.iter().map(|r| r.paid.to_string()).collect();
        assert_eq!(paid, ["0.03", "0.02"]);
        // share_of_paid: 3/5 = 0.6, 2/5 = 0.4.
        let shares: Vec<String> = o
            .clouds
            .iter()
            .map(|c| c.share_of_paid.unwrap().to_string())
            .collect();
        assert_eq!(shares, ["0.600000", "0.400000"]);
    }

    #[test]
    fn stream_not_yet_launched_and_non_qualifying_stream() {
        // Yearly periods 2026..2027. "late" earns 730,000 in 2027 only; "excluded" 100,000 a year
        // but qualifying = false. Rate 20%, window = horizon.
        // 2026: revenue 100,000, qualifying 0, paid 0 (a zero-revenue period for the share).
        // 2027: revenue 830,000, qualifying 730,000, paid 146,000.
        let mut excluded = stream(
            "excluded",
            "azure",
            &[
                (date(2026, 1, 1), date(2026, 12, 31), "100000"),
                (date(2027, 1, 1), date(2027, 12, 31), "100000"),
            ],
        );
        excluded.qualifying = false;
        let s = scenario(
            date(2026, 1, 1),
            date(2027, 12, 31),
            PeriodKind::Year,
            share("0.2", date(2026, 1, 1), date(2027, 12, 31)),
            vec![
                excluded,
                stream(
                    "late",
                    "aws",
                    &[(date(2027, 1, 1), date(2027, 12, 31), "730000")],
                ),
            ],
        );
        let o = both(&s);
        assert_eq!(column(&o, |r| r.revenue), ["100000.00", "830000.00"]);
        assert_eq!(column(&o, |r| r.qualifying_revenue), ["0.00", "730000.00"]);
        assert_eq!(column(&o, |r| r.paid), ["0.00", "146000.00"]);
        // The full grid has every stream in every period: 2 × 2 rows.
        assert_eq!(o.streams.len(), 4);
        assert_eq!(o.summary.first_cash_date, Some(date(2027, 12, 31)));
    }

    #[test]
    fn cloud_filter_excludes_unlisted_clouds() {
        // Only "aws" listed: the azure stream's 365,000 does not qualify; aws 36,500 in 2026 does.
        // Rate 20% of 36,500 = 7,300.
        let mut sh = share("0.2", date(2026, 1, 1), date(2026, 12, 31));
        sh.clouds = Some(vec!["aws".into()]);
        let year = (date(2026, 1, 1), date(2026, 12, 31));
        let s = scenario(
            year.0,
            year.1,
            PeriodKind::Year,
            sh,
            vec![
                stream("a", "azure", &[(year.0, year.1, "365000")]),
                stream("b", "aws", &[(year.0, year.1, "36500")]),
            ],
        );
        let o = both(&s);
        assert_eq!(o.summary.qualifying_revenue.to_string(), "36500.00");
        assert_eq!(o.summary.paid.to_string(), "7300.00");
        assert_eq!(o.clouds[0].share_of_paid.unwrap().to_string(), "0.000000");
    }

    #[test]
    fn nothing_paid_leaves_rates_and_cash_dates_empty() {
        let year = (date(2026, 1, 1), date(2026, 12, 31));
        let s = scenario(
            year.0,
            year.1,
            PeriodKind::Year,
            share("0.2", year.0, year.1),
            vec![stream("zero", "azure", &[(year.0, year.1, "0")])],
        );
        let o = both(&s);
        assert_eq!(o.summary.effective_rate, None);
        assert_eq!(o.summary.first_cash_date, None);
        assert_eq!(o.clouds[0].share_of_paid, None);
        // Periods with nothing paid still show a cash date and a factor (SPEC §6.10).
        assert_eq!(o.periods[0].cash_date, date(2026, 12, 31));
        assert_eq!(o.periods[0].discount_factor, 1.0);
    }

    #[test]
    fn total_revenue_at_ten_to_the_fifteen_is_too_large() {
        // Two streams of 500T each in 2026: 10^15 in total.
        let year = (date(2026, 1, 1), date(2026, 12, 31));
        let s = scenario(
            year.0,
            year.1,
            PeriodKind::Year,
            share("0.2", year.0, year.1),
            vec![
                stream("a", "azure", &[(year.0, year.1, "500000000000000")]),
                stream("b", "aws", &[(year.0, year.1, "500000000000000")]),
            ],
        );
        let e = simulate(&s).unwrap_err();
        assert_eq!(reference::simulate(&s).unwrap_err(), e);
        assert!(e.what.starts_with("total revenue"), "{e:?}");
    }

    /// 365,000 over 2026 (1,000 a day) in quarters, rate 10% (100 a day of share), cap 20,000,
    /// with `paid_before`; checked against the cap path of sweeps too.
    fn paid_before_case(paid_before: &str) -> (Scenario, Outcome) {
        let year = (date(2026, 1, 1), date(2026, 12, 31));
        let mut sh = share("0.1", year.0, year.1);
        sh.cap = Some(Money::from_decimal_unchecked(dec("20000")));
        sh.paid_before = Money::from_decimal_unchecked(dec(paid_before));
        let s = scenario(
            year.0,
            year.1,
            PeriodKind::Quarter,
            sh,
            vec![stream("a", "azure", &[(year.0, year.1, "365000")])],
        );
        let o = both(&s);
        let (caps, _) = cap_sweep::CapSweep::new(&s).unwrap();
        assert_eq!(caps.summary(s.share.cap), o.summary, "cap path");
        (s, o)
    }

    #[test]
    fn paid_before_moves_the_hit_date_and_lowers_what_is_paid() {
        // Accrual 100 a day: Q1 90 days 9,000; Q2 91 days 9,100; Q3 92 days 9,200; Q4 9,200.
        // Without paid_before the 20,000 cap binds in Q3: 18,100 by June 30, 1,900 left,
        // ceil(1,900 × 92 / 9,200) = 19 days in: 2026-07-19.
        let (_, o) = paid_before_case("0");
        assert_eq!(o.summary.cap_hit_date, Some(date(2026, 7, 19)));
        assert_eq!(o.summary.paid.to_string(), "20000.00");
        // 5,000 paid before leaves 15,000: 9,000 in Q1, 6,000 left for Q2,
        // ceil(6,000 × 91 / 9,100) = 60 days from 2026-04-01: 2026-05-30.
        let (_, o) = paid_before_case("5000");
        assert_eq!(o.summary.cap_hit_date, Some(date(2026, 5, 30)));
        assert_eq!(
            column(&o, |r| r.paid),
            ["9000.00", "6000.00", "0.00", "0.00"]
        );
        // cap_remaining = cap − paid_before − cumulative paid: 20,000 − 5,000 − 9,000 = 6,000.
        let remaining: Vec<String> = o
            .periods
            .iter()
            .map(|r| r.cap_remaining.unwrap().to_string())
            .collect();
        assert_eq!(remaining, ["6000.00", "0.00", "0.00", "0.00"]);
        // Paid excludes what was paid before; accrual 36,500, so foregone 36,500 − 15,000.
        assert_eq!(o.summary.paid.to_string(), "15000.00");
        assert_eq!(o.summary.foregone.to_string(), "21500.00");
        assert!(o.summary.cap_reached);
        // binding_threshold = accrued + paid_before = 36,500 + 5,000.
        assert_eq!(o.summary.binding_threshold.to_string(), "41500.00");
        assert_eq!(o.summary.paid_before.to_string(), "5000.00");
    }

    #[test]
    fn paid_before_equal_to_the_cap_pays_nothing_from_the_effective_date() {
        let (s, o) = paid_before_case("20000");
        assert_eq!(o.summary.paid, Money::ZERO);
        assert_eq!(o.summary.npv, Money::ZERO);
        assert_eq!(o.summary.cap_hit_date, Some(s.share.effective));
        assert!(o.summary.cap_reached);
        assert_eq!(o.summary.first_cash_date, None);
        assert_eq!(o.summary.foregone.to_string(), "36500.00");
    }

    #[test]
    fn paid_before_without_a_cap_changes_no_number_but_its_own_column() {
        let (mut s, _) = paid_before_case("0");
        s.share.cap = None;
        let plain = both(&s);
        s.share.paid_before = Money::from_decimal_unchecked(dec("5000"));
        let with = both(&s);
        assert_eq!(with.periods, plain.periods);
        assert_eq!(with.summary.paid, plain.summary.paid);
        assert_eq!(with.summary.cap_hit_date, None);
        // The extension columns: binding_threshold counts it in every case (SPEC §7.2).
        assert_eq!(with.summary.paid_before.to_string(), "5000.00");
        assert_eq!(
            with.summary.binding_threshold,
            plain.summary.binding_threshold + with.summary.paid_before
        );
    }
}
