//! SPEC §2.5: splitting a period's payment over streams, to the cent.
//!
//! Largest remainder in integer cents (SPEC §6.4): each stream first gets
//! `floor(P × Q[s] / Q)`, then the cents left over go one each to the largest remainders, ties
//! to the earlier stream. The parts always add up to the whole.

use crate::money::Money;

/// Splits `paid` in proportion to `qualifying` (the rounded `Q[s,p]` of one period, in stream
/// order). When nothing qualifies, nothing is paid and every part is zero.
pub fn attribute(paid: Money, qualifying: &[Money]) -> Vec<Money> {
    let total: i128 = qualifying.iter().map(|q| q.cents()).sum();
    let paid_cents = paid.cents();
    if total == 0 || paid_cents == 0 {
        return vec![Money::ZERO; qualifying.len()];
    }
    let mut parts = Vec::with_capacity(qualifying.len());
    let mut remainders = Vec::with_capacity(qualifying.len());
    for (s, q) in qualifying.iter().enumerate() {
        // P < 10^17 cents and Q[s] < 10^17 cents: the product fits i128 (< 1.7 × 10^38).
        let product = paid_cents * q.cents();
        parts.push(product / total);
        remainders.push((product % total, s));
    }
    let left_over = paid_cents - parts.iter().sum::<i128>();
    // Largest remainder first; on a tie, the earlier stream first.
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for &(_, s) in remainders
        .iter()
        .take(usize::try_from(left_over).unwrap_or(0))
    {
        parts[s] += 1;
    }
    parts.into_iter().map(Money::from_cents).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cents(v: &[i128]) -> Vec<Money> {
        v.iter().copied().map(Money::from_cents).collect()
    }

    #[test]
    fn tie_is_broken_by_stream_order() {
        // P = 0.10 over three equal streams: floor(10/3) = 3 each, 1 cent left, all remainders
        // equal (10 × 1 mod 3 = 1) -> the first stream gets it: 0.04, 0.03, 0.03.
        let got = attribute(Money::from_cents(10), &cents(&[100, 100, 100]));
        assert_eq!(got, cents(&[4, 3, 3]));
    }

    #[test]
    fn largest_remainder_wins_over_order() {
        // P = 1.00 over Q = 0.01, 0.02 (total 3): exact 33.33… and 66.66… cents.
        // Floors 33 + 66 = 99; remainders 1 and 2 (of 3) -> the second stream gets the cent.
        let got = attribute(Money::from_cents(100), &cents(&[1, 2]));
        assert_eq!(got, cents(&[33, 67]));
    }

    #[test]
    fn zero_qualifying_stream_gets_nothing() {
        // 7 cents over Q = 0, 5, 0, 2: exact 0, 5, 0, 2.
        let got = attribute(Money::from_cents(7), &cents(&[0, 5, 0, 2]));
        assert_eq!(got, cents(&[0, 5, 0, 2]));
        assert_eq!(attribute(Money::ZERO, &cents(&[1, 2])), cents(&[0, 0]));
        assert_eq!(
            attribute(Money::from_cents(5), &cents(&[0, 0])),
            cents(&[0, 0])
        );
    }
}
