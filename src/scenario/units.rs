//! A likely unit mistake in the cap (a warning of the SPEC §6.31 family): `cap = 50` is fifty
//! dollars, which no deal over billions of revenue means; the writer almost surely meant
//! `"50B"`. The test is cheap (one comparison against the scenario's total revenue), so a sweep
//! can apply it to each cap value on its own instead of trusting one built case per
//! combination of the other keys.

use super::checker::Checker;
use super::node::Node;
use crate::model::{Scenario, Stream};
use crate::money::Money;
use crate::output::format::grouped;
use rust_decimal::Decimal;

/// The warning's headline; a sweep tallies it by this text, whatever the case's cap.
pub const CAP_UNITS: &str = "cap is below 1/1,000 of the scenario's total revenue";

/// All revenue the scenario's streams describe, qualifying or not: the sum of every block.
/// Exact; saturates at `Decimal::MAX`, which a valid scenario cannot reach.
pub fn total_revenue(streams: &[Stream]) -> Decimal {
    streams
        .iter()
        .flat_map(|s| &s.blocks)
        .try_fold(Decimal::ZERO, |sum, b| sum.checked_add(b.amount))
        .unwrap_or(Decimal::MAX)
}

/// Whether a cap is non-zero and below 1/1,000 of `total` revenue. A cap of 0 is a deliberate
/// "nothing is paid" and never warns; an absent cap is uncapped.
pub fn looks_like_units(cap: Option<Money>, total: Decimal) -> bool {
    cap.is_some_and(|cap| {
        let cap = cap.as_decimal();
        // cap × 1,000 < total, without dividing: cap < 10^15 and × 1,000 stays exact.
        !cap.is_zero()
            && cap
                .checked_mul(Decimal::ONE_THOUSAND)
                .is_some_and(|c| c < total)
    })
}

/// Warns at the cap's value (a line of the file or the `--set`/`--vary` argument) when the
/// built scenario's cap looks like a unit mistake.
pub fn warn_cap_units(c: &mut Checker<'_>, share: &Node, scenario: &Scenario) {
    let cap = scenario.share.cap;
    // Summing every block costs more than the rest of the check: only a non-zero cap needs it.
    if cap.is_none_or(Money::is_zero) {
        return;
    }
    let total = total_revenue(&scenario.streams);
    if !looks_like_units(cap, total) {
        return;
    }
    let Some(node) = share
        .entries()
        .and_then(|e| e.iter().rev().find(|e| e.key == "cap"))
        .map(|e| &e.value)
    else {
        return;
    };
    let (found, expected) = cap_units_text(
        &node.describe(),
        cap.unwrap_or_default(),
        total,
        &scenario.currency,
    );
    c.warn(&node.origin, "share.cap", CAP_UNITS, found, expected);
}

/// The warning's "found" and "expected" for a cap written as `described` (the value as a
/// "found" message shows it): also formed by the Monte Carlo fast path, which checks each
/// path's cap against its own total revenue without building the path.
pub fn cap_units_text(
    described: &str,
    cap: Money,
    total: Decimal,
    currency: &str,
) -> (String, String) {
    let found = format!(
        "cap = {described} is {} {currency}; the streams' revenue totals {} {currency}",
        grouped(cap),
        grouped(Money::from_decimal_unchecked(total.round_dp(2))),
    );
    (found, suggestion(cap, total, currency))
}

/// "50B" for a cap that reads like a count of billions; otherwise the line itself.
fn suggestion(cap: Money, total: Decimal, currency: &str) -> String {
    let cap = cap.as_decimal();
    if cap < Decimal::from(1_000_000) {
        let n = cap.normalize();
        format!("\"{n}B\" or \"{n}M\" if billions or millions were meant (a cap of 0 never warns)")
    } else {
        let line = (total / Decimal::ONE_THOUSAND).round_dp(2);
        format!(
            "a cap of at least {} {currency} (1/1,000 of the revenue), unless so small a cap is meant",
            grouped(Money::from_decimal_unchecked(line))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn money(text: &str) -> Option<Money> {
        Some(Money::from_decimal_unchecked(
            Decimal::from_str(text).unwrap(),
        ))
    }

    #[test]
    fn only_a_non_zero_cap_below_a_thousandth_of_revenue_warns() {
        // Total revenue 1,000,000: the line is at 1,000,000 / 1,000 = 1,000.
        let total = Decimal::from(1_000_000);
        assert!(looks_like_units(money("50"), total));
        assert!(looks_like_units(money("999.99"), total));
        assert!(
            !looks_like_units(money("1000"), total),
            "exactly 1/1,000 is fine"
        );
        assert!(!looks_like_units(money("0"), total), "cap 0 is deliberate");
        assert!(!looks_like_units(None, total), "uncapped");
        assert!(
            !looks_like_units(money("50"), Decimal::ZERO),
            "no revenue at all"
        );
    }
}
