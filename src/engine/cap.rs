//! SPEC §2.4: accrual, the cap, payment, foregone share and the cap hit date.

use super::TooLarge;
use super::periods::Period;
use crate::dates::{add_days, days_inclusive, intersect};
use crate::model::Share;
use crate::money::Money;
use jiff::civil::Date;

/// Per-period accrual and payment, and when the cap was hit.
#[derive(Clone, Debug, PartialEq)]
pub struct Payments {
    pub accrued: Vec<Money>,
    pub paid: Vec<Money>,
    pub foregone: Vec<Money>,
    /// Cap left after each period's payment; empty when uncapped.
    pub cap_remaining: Vec<Money>,
    pub cap_reached: bool,
    pub cap_hit_date: Option<Date>,
}

/// `A[p] = round_cents(rate × Q[p])`, then pays each period up to what is left of the cap.
pub fn payments(
    share: &Share,
    periods: &[Period],
    qualifying: &[Money],
) -> Result<Payments, TooLarge> {
    let mut accrued = Vec::with_capacity(periods.len());
    for (period, q) in periods.iter().zip(qualifying) {
        let a = super::exact::accrued(share.rate.as_decimal(), q.cents())
            .ok_or_else(|| TooLarge::new(format!("accrued share in {}", period.label)))?;
        accrued.push(Money::from_cents(a));
    }
    let Some(cap) = share.cap else {
        return Ok(Payments {
            paid: accrued.clone(),
            foregone: vec![Money::ZERO; accrued.len()],
            accrued,
            cap_remaining: Vec::new(),
            cap_reached: false,
            cap_hit_date: None,
        });
    };
    // SPEC §7.2: what was paid before this scenario counts toward the cap.
    let mut remaining = cap - share.paid_before;
    let mut paid = Vec::with_capacity(periods.len());
    let mut foregone = Vec::with_capacity(periods.len());
    let mut cap_remaining = Vec::with_capacity(periods.len());
    let mut cap_hit_date = remaining.is_zero().then_some(share.effective);
    for (period, &a) in periods.iter().zip(&accrued) {
        if cap_hit_date.is_none() && !remaining.is_zero() && a >= remaining {
            cap_hit_date = hit_date(share, (period.start, period.end), a, remaining);
        }
        let p = a.min(remaining);
        remaining = remaining - p;
        paid.push(p);
        foregone.push(a - p);
        cap_remaining.push(remaining);
    }
    let total_accrued: Money = accrued.iter().copied().sum();
    Ok(Payments {
        accrued,
        paid,
        foregone,
        cap_remaining,
        cap_reached: share.paid_before + total_accrued >= cap,
        cap_hit_date,
    })
}

/// The day within `period` on which even accrual over its qualifying days reaches the cap:
/// `k = ceil(remaining × qd / A)` qualifying days in, counted from the first day of p ∩ W.
/// `accrued > 0` here, so p ∩ W is not empty.
/// Shared with the sweep's fast cap path, so both give the same day.
pub fn hit_date(
    share: &Share,
    period: (Date, Date),
    accrued: Money,
    remaining: Money,
) -> Option<Date> {
    let (first, last) = intersect(period, (share.effective, share.sunset))?;
    let qd = i128::from(days_inclusive(first, last));
    let numerator = remaining.cents() * qd;
    let a = accrued.cents();
    let k = (numerator + a - 1) / a; // ceil for positive integers, exact in cents
    add_days(first, i64::try_from(k - 1).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::periods::periods;
    use crate::model::PeriodKind;
    use crate::money::Rate;
    use jiff::civil::date;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn money(s: &str) -> Money {
        Money::from_decimal_unchecked(Decimal::from_str(s).unwrap())
    }

    fn share(cap: Option<&str>, effective: Date, sunset: Date) -> Share {
        Share {
            rate: Rate(Decimal::from_str("0.2").unwrap()),
            cap: cap.map(money),
            effective,
            sunset,
            payment_lag_days: 0,
            clouds: None,
            parties: Default::default(),
            paid_before: Money::ZERO,
        }
    }

    fn strings(v: &[Money]) -> Vec<String> {
        v.iter().map(Money::to_string).collect()
    }

    #[test]
    fn cap_binds_mid_quarter() {
        // 1,000 a day in 2026. Rate 20%, cap 30,000.
        // Q1 (90 days): Q = 90,000, A = 18,000, paid 18,000, remaining 12,000.
        // Q2 (91 days): Q = 91,000, A = 18,200 >= 12,000: paid 12,000, foregone 6,200.
        // k = ceil(12,000 × 91 / 18,200) = ceil(60) = 60 -> 2026-04-01 + 59 days = 2026-05-30.
        let ps = periods(date(2026, 1, 1), date(2026, 6, 30), PeriodKind::Quarter);
        let s = share(Some("30000"), date(2026, 1, 1), date(2026, 12, 31));
        let r = payments(&s, &ps, &[money("90000"), money("91000")]).unwrap();
        assert_eq!(strings(&r.accrued), ["18000.00", "18200.00"]);
        assert_eq!(strings(&r.paid), ["18000.00", "12000.00"]);
        assert_eq!(strings(&r.foregone), ["0.00", "6200.00"]);
        assert_eq!(strings(&r.cap_remaining), ["12000.00", "0.00"]);
        assert!(r.cap_reached);
        assert_eq!(r.cap_hit_date, Some(date(2026, 5, 30)));
    }

    #[test]
    fn cap_hit_counts_from_the_effective_date_in_a_stub() {
        // Effective 2026-04-27, so Q2 ∩ W has qd = 65 days. Q[Q2] = 65,000, A = 13,000.
        // Cap 6,500: k = ceil(6,500 × 65 / 13,000) = ceil(32.5) = 33 -> 2026-04-27 + 32 = 2026-05-29.
        let ps = periods(date(2026, 4, 1), date(2026, 6, 30), PeriodKind::Quarter);
        let s = share(Some("6500"), date(2026, 4, 27), date(2030, 12, 31));
        let r = payments(&s, &ps, &[money("65000")]).unwrap();
        assert_eq!(r.cap_hit_date, Some(date(2026, 5, 29)));
        assert_eq!(strings(&r.foregone), ["6500.00"]);
    }

    #[test]
    fn cap_reached_exactly_at_a_period_end() {
        // Q1: A = 18,000 = cap. k = ceil(18,000 × 90 / 18,000) = 90 -> 2026-01-01 + 89 = 2026-03-31.
        // Q2 accrues 18,200 with nothing left: all foregone.
        let ps = periods(date(2026, 1, 1), date(2026, 6, 30), PeriodKind::Quarter);
        let s = share(Some("18000"), date(2026, 1, 1), date(2026, 12, 31));
        let r = payments(&s, &ps, &[money("90000"), money("91000")]).unwrap();
        assert_eq!(r.cap_hit_date, Some(date(2026, 3, 31)));
        assert_eq!(strings(&r.paid), ["18000.00", "0.00"]);
        assert_eq!(strings(&r.foregone), ["0.00", "18200.00"]);
    }

    #[test]
    fn cap_zero_is_hit_on_the_effective_date() {
        let ps = periods(date(2026, 1, 1), date(2026, 3, 31), PeriodKind::Quarter);
        let s = share(Some("0"), date(2026, 2, 1), date(2026, 12, 31));
        let r = payments(&s, &ps, &[money("59000")]).unwrap();
        // A = 11,800; nothing can be paid.
        assert_eq!(strings(&r.paid), ["0.00"]);
        assert_eq!(strings(&r.foregone), ["11800.00"]);
        assert_eq!(strings(&r.cap_remaining), ["0.00"]);
        assert!(r.cap_reached);
        assert_eq!(r.cap_hit_date, Some(date(2026, 2, 1)));
    }

    #[test]
    fn uncapped_pays_everything() {
        let ps = periods(date(2026, 1, 1), date(2026, 6, 30), PeriodKind::Quarter);
        let s = share(None, date(2026, 1, 1), date(2026, 12, 31));
        // A = round_cents(0.2 × 0.05) = round(0.01) = 0.01; 0.2 × 0.03 = 0.006 -> 0.01.
        let r = payments(&s, &ps, &[money("0.05"), money("0.03")]).unwrap();
        assert_eq!(strings(&r.paid), ["0.01", "0.01"]);
        assert!(r.cap_remaining.is_empty());
        assert!(!r.cap_reached);
        assert_eq!(r.cap_hit_date, None);
    }

    #[test]
    fn cap_not_reached_and_a_zero_revenue_period() {
        // A = 0, 2,000: total 2,000 < cap 5,000.
        let ps = periods(date(2026, 1, 1), date(2026, 6, 30), PeriodKind::Quarter);
        let s = share(Some("5000"), date(2026, 1, 1), date(2026, 12, 31));
        let r = payments(&s, &ps, &[Money::ZERO, money("10000")]).unwrap();
        assert_eq!(strings(&r.paid), ["0.00", "2000.00"]);
        assert_eq!(strings(&r.cap_remaining), ["5000.00", "3000.00"]);
        assert!(!r.cap_reached);
        assert_eq!(r.cap_hit_date, None);
    }
}
