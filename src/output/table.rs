//! `--format table`: the summary a person reads in a terminal — how much is paid, whether and
//! when the cap binds, and from which clouds.

use super::format::{compact, grouped, percent};
use crate::model::Scenario;
use crate::outcome::Outcome;
use std::fmt::Write as _;

/// The run summary as text; `overrides` (the `--set KEY=VALUE` applied) are named under the
/// title line.
pub fn render(scenario: &Scenario, outcome: &Outcome, overrides: &[String]) -> String {
    let s = &outcome.summary;
    let cur = &scenario.currency;
    let share = &scenario.share;
    let mut out = String::new();
    let cap = share.cap.map_or("uncapped".to_owned(), |c| {
        format!("cap {}", compact(c, cur))
    });
    let _ = writeln!(
        out,
        "{} — {} of qualifying revenue, {cap}, {} to {}",
        s.scenario,
        percent(share.rate),
        share.effective,
        share.sunset
    );
    if !overrides.is_empty() {
        let _ = writeln!(out, "with --set {}", overrides.join(", "));
    }
    let _ = writeln!(
        out,
        "horizon {} to {}, {} {} periods, amounts in {cur}",
        s.start,
        s.end,
        s.periods,
        scenario.period.as_str()
    );
    let _ = writeln!(out);
    let line = |out: &mut String, label: &str, value: String, note: String| {
        let _ = writeln!(out, "  {label:<20} {value:>24}  {note}");
    };
    line(
        &mut out,
        "revenue",
        grouped(s.revenue),
        compact(s.revenue, cur),
    );
    line(
        &mut out,
        "qualifying revenue",
        grouped(s.qualifying_revenue),
        compact(s.qualifying_revenue, cur),
    );
    line(
        &mut out,
        "accrued",
        grouped(s.accrued),
        compact(s.accrued, cur),
    );
    line(&mut out, "paid", grouped(s.paid), compact(s.paid, cur));
    line(
        &mut out,
        "foregone",
        grouped(s.foregone),
        compact(s.foregone, cur),
    );
    let npv_note = format!(
        "at {} a year, valued {}",
        percent(scenario.discount_rate),
        scenario.valuation_date
    );
    line(&mut out, "npv", grouped(s.npv), npv_note);
    let rate = s.effective_rate.map_or("—".to_owned(), percent);
    line(
        &mut out,
        "effective rate",
        rate,
        "paid / qualifying revenue".into(),
    );
    let cap_status = match (s.cap, s.cap_hit_date) {
        (None, _) => "uncapped".to_owned(),
        (Some(_), Some(date)) => format!("reached on {date}"),
        // binding_threshold = accrued + paid_before: what the cap is measured against.
        (Some(c), None) => format!(
            "not reached ({} short)",
            compact(c - s.binding_threshold, cur)
        ),
    };
    line(
        &mut out,
        "cap",
        s.cap.map_or("—".to_owned(), grouped),
        cap_status,
    );
    if !s.paid_before.is_zero() {
        line(
            &mut out,
            "paid before",
            grouped(s.paid_before),
            "counts toward the cap; not in paid".into(),
        );
    }
    let cash = match (s.first_cash_date, s.last_cash_date) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "no payments".into(),
    };
    line(
        &mut out,
        "cash",
        cash,
        format!("{}-day payment lag", share.payment_lag_days),
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "  {:<20} {:>24}  {:>8}",
        "paid by cloud", "paid", "share"
    );
    for c in &outcome.clouds {
        let share = c
            .share_of_paid
            .map_or("—".to_owned(), |r| percent(crate::money::Rate(r)));
        let _ = writeln!(
            out,
            "  {:<20} {:>24}  {:>8}",
            c.cloud,
            grouped(c.paid),
            share
        );
    }
    out
}
