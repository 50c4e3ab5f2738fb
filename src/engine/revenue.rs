//! SPEC §2.2–§2.3: revenue and qualifying revenue per stream and period.
//!
//! A block earns its amount evenly over its days, so the part inside a range is
//! `amount × days(b ∩ range) / days(b)`: formed as the product first, then the one division
//! (SPEC §6.26), summed over blocks and rounded half-to-even to cents once per cell.

use super::TooLarge;
use super::exact::{Part, Unformed};
use super::periods::Period;
use crate::dates::{days_inclusive, intersect};
use crate::model::{Block, Scenario};
use crate::money::Money;
use jiff::civil::Date;

/// `R[s,p]` and `Q[s,p]`, period-major: cell `p * streams + s`.
#[derive(Clone, Debug, PartialEq)]
pub struct RevenueGrid {
    pub streams: usize,
    pub revenue: Vec<Money>,
    pub qualifying: Vec<Money>,
}

/// Computes both grids. Fails only when a cell's exact value cannot be formed, which
/// validation's bounds make unreachable for realistic inputs.
pub fn revenue_grid(scenario: &Scenario, periods: &[Period]) -> Result<RevenueGrid, TooLarge> {
    let n = scenario.streams.len();
    let mut revenue = vec![Money::ZERO; periods.len() * n];
    let mut qualifying = vec![Money::ZERO; periods.len() * n];
    let window = (scenario.share.effective, scenario.share.sunset);
    for (s, stream) in scenario.streams.iter().enumerate() {
        let qualifies = scenario.share.qualifies(stream);
        let mut cursor = 0;
        for (p, period) in periods.iter().enumerate() {
            // Blocks are sorted and disjoint: skip those that ended before this period.
            while cursor < stream.blocks.len() && stream.blocks[cursor].to < period.start {
                cursor += 1;
            }
            let blocks = &stream.blocks[cursor..];
            let range = (period.start, period.end);
            let where_ = || format!("revenue of stream \"{}\" in {}", stream.name, period.label);
            let fail = |why| match why {
                Unformed::TooLarge => TooLarge::new(where_()),
                Unformed::TooPrecise => TooLarge::too_precise(where_()),
            };
            revenue[p * n + s] = prorate(blocks, range).map_err(fail)?;
            if qualifies && let Some(q_range) = intersect(range, window) {
                qualifying[p * n + s] = prorate(blocks, q_range).map_err(fail)?;
            }
        }
    }
    Ok(RevenueGrid {
        streams: n,
        revenue,
        qualifying,
    })
}

/// `round_cents(Σ_b amount_b × days(b ∩ range) / days(b))` over sorted, disjoint blocks that
/// start at or after the first block that can touch `range`, summed exactly ([`super::exact`]).
/// Fails if the cell reaches 10^15 or cannot be formed exactly.
pub fn prorate(blocks: &[Block], range: (Date, Date)) -> Result<Money, Unformed> {
    let parts = blocks
        .iter()
        .take_while(|block| block.from <= range.1)
        .filter_map(|block| {
            let (from, to) = intersect((block.from, block.to), range)?;
            Some(Part {
                mantissa: block.amount.mantissa(),
                scale: block.amount.scale(),
                days: days_inclusive(from, to),
                length: days_inclusive(block.from, block.to),
            })
        });
    super::exact::cents(parts).map(Money::from_cents)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn block(from: Date, to: Date, amount: &str) -> Block {
        Block {
            from,
            to,
            amount: Decimal::from_str(amount).unwrap(),
        }
    }

    #[test]
    fn quarters_of_a_common_year_lose_a_cent_to_rounding() {
        // SPEC §6.11: 12,000,000.00 over 2026 (365 days).
        // Q1: 12e6 × 90/365 = 2,958,904.1095… -> 2,958,904.11
        // Q2: 12e6 × 91/365 = 2,991,780.8219… -> 2,991,780.82
        // Q3, Q4: 12e6 × 92/365 = 3,024,657.5342… -> 3,024,657.53 each
        // Sum: 11,999,999.99.
        let b = [block(date(2026, 1, 1), date(2026, 12, 31), "12000000")];
        let q = [
            (date(2026, 1, 1), date(2026, 3, 31), "2958904.11"),
            (date(2026, 4, 1), date(2026, 6, 30), "2991780.82"),
            (date(2026, 7, 1), date(2026, 9, 30), "3024657.53"),
            (date(2026, 10, 1), date(2026, 12, 31), "3024657.53"),
        ];
        let mut sum = Money::ZERO;
        for (from, to, expected) in q {
            let got = prorate(&b, (from, to)).unwrap();
            assert_eq!(got.to_string(), expected);
            sum = sum + got;
        }
        assert_eq!(sum.to_string(), "11999999.99");
    }

    #[test]
    fn leap_year_has_366_days() {
        // 366,000 over 2028 is 1,000 a day; February 2028 has 29 days -> 29,000.00.
        let b = [block(date(2028, 1, 1), date(2028, 12, 31), "366000")];
        let feb = prorate(&b, (date(2028, 2, 1), date(2028, 2, 29))).unwrap();
        assert_eq!(feb.to_string(), "29000.00");
    }

    #[test]
    fn clipped_block_keeps_its_full_length() {
        // SPEC §6.5: 62,000 over 2027-12-01..2028-01-31 (62 days) puts 31,000 into January.
        let b = [block(date(2027, 12, 1), date(2028, 1, 31), "62000")];
        let jan = prorate(&b, (date(2028, 1, 1), date(2028, 3, 31))).unwrap();
        assert_eq!(jan.to_string(), "31000.00");
    }

    #[test]
    fn several_blocks_sum_before_rounding_once() {
        // Two 3-day blocks of 0.03 and 0.015, one day of each in range:
        // 0.03/3 + 0.015/3 = 0.01 + 0.005 = 0.015 exactly -> half-even 0.02.
        // Rounding each block first would give 0.01 + 0.00 = 0.01.
        let b = [
            block(date(2026, 1, 1), date(2026, 1, 3), "0.03"),
            block(date(2026, 1, 4), date(2026, 1, 6), "0.015"),
        ];
        let got = prorate(&b, (date(2026, 1, 3), date(2026, 1, 4))).unwrap();
        assert_eq!(got.to_string(), "0.02");
    }
}
