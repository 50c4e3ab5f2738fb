//! Number and date text at copy speed, for writers that emit millions of cells (`sweep.csv`).
//!
//! A sweep of a million rows spent almost half its time in `Decimal`'s `Display`, which
//! divides a 96-bit mantissa by ten one digit at a time and goes through `fmt::Formatter`.
//! Here money is printed from whole cents, rates from their mantissa and dates from their
//! year, month and day digits, two digits per step, straight into the output bytes. Every
//! function prints exactly what the type's `Display` prints (the tests below and in `output::csv`
//! prove it on edge cases and random values); anything outside the fast path falls back to the
//! `Display` itself. This is output text only: the model's numbers stay `Decimal`.

use crate::money::{Money, Rate};
use jiff::civil::Date;
use std::io::Write as _;

/// "00" to "99", so digits are written two at a time.
const DIGIT_PAIRS: &[u8; 200] = b"\
0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// SPEC §4: rates are printed with six decimals.
const RATE_DECIMALS: u32 = 6;

/// Appends `money` as `Money`'s `Display` does: a `-` for a negative value (negative zero
/// included, as `Decimal` prints it), the whole units, a point and two decimals.
#[inline]
pub fn push_money(buf: &mut Vec<u8>, money: Money) {
    let value = money.as_decimal();
    match u64::try_from(money.cents().unsigned_abs()) {
        // Money's invariant (scale 2, below 10^15) always takes this branch.
        Ok(cents) if value.scale() == 2 => {
            let mut text = Short::open(buf);
            text.sign(value.is_sign_negative());
            text.digits(cents / 100, 1);
            text.byte(b'.');
            text.two_digits(cents % 100);
            text.close();
        }
        _ => {
            let _ = write!(buf, "{money}");
        }
    }
}

/// Appends `rate` as `Rate`'s `Display` does (six decimals, half-to-even). A value with at most
/// six decimals needs no rounding, so it is printed from its mantissa; any other value (never
/// produced by the engine, whose rates are rounded to six places) goes through `Display`.
#[inline]
pub fn push_rate(buf: &mut Vec<u8>, rate: Rate) {
    let value = rate.as_decimal();
    let scaled = RATE_DECIMALS
        .checked_sub(value.scale())
        .and_then(|missing| {
            let mantissa = u64::try_from(value.mantissa().unsigned_abs()).ok()?;
            mantissa.checked_mul(10_u64.pow(missing))
        });
    match scaled {
        Some(scaled) => {
            let mut text = Short::open(buf);
            text.sign(value.is_sign_negative());
            text.digits(scaled / 1_000_000, 1);
            text.byte(b'.');
            text.digits(scaled % 1_000_000, RATE_DECIMALS as usize);
            text.close();
        }
        None => {
            let _ = write!(buf, "{rate}");
        }
    }
}

/// Appends `date` as jiff's `Display` does: `YYYY-MM-DD`, the year zero-padded to four digits,
/// and a year before 1 (jiff's range reaches -9999) as `-00YYYY`.
#[inline]
pub fn push_date(buf: &mut Vec<u8>, date: Date) {
    let year = date.year();
    if year < 0 {
        buf.extend_from_slice(b"-00");
    }
    let year = usize::from(year.unsigned_abs());
    let start = buf.len();
    buf.extend_from_slice(b"0000-00-00");
    let text = &mut buf[start..];
    text[0..2].copy_from_slice(pair(year / 100 % 100));
    text[2..4].copy_from_slice(pair(year % 100));
    text[5..7].copy_from_slice(pair(usize::from(date.month().unsigned_abs())));
    text[8..10].copy_from_slice(pair(usize::from(date.day().unsigned_abs())));
}

/// Appends a count (`periods`) as `usize`'s `Display` does.
#[inline]
pub fn push_count(buf: &mut Vec<u8>, count: usize) {
    match u64::try_from(count) {
        Ok(count) => {
            let mut text = Short::open(buf);
            text.digits(count, 1);
            text.close();
        }
        Err(_) => {
            let _ = write!(buf, "{count}");
        }
    }
}

/// Appends `true` or `false`, as `bool`'s `Display` does.
#[inline]
pub fn push_flag(buf: &mut Vec<u8>, flag: bool) {
    buf.extend_from_slice(if flag { b"true" } else { b"false" });
}

/// Short text written in place at the end of the output: [`Short::CAPACITY`] bytes of `0` are
/// appended with one copy of a fixed size, the text is written over them, and the rest is cut
/// off by [`Short::close`]. Per cell, a copy of a variable length would be a call to `memcpy`,
/// and text built in a stack buffer would stall when read back in wide loads.
struct Short<'a> {
    buf: &'a mut Vec<u8>,
    /// Where the text starts in `buf`, and where it ends so far.
    start: usize,
    end: usize,
}

impl<'a> Short<'a> {
    /// Room for a sign, 20 digits, a point and 20 more digits.
    const CAPACITY: usize = 48;

    #[inline(always)]
    fn open(buf: &'a mut Vec<u8>) -> Self {
        let start = buf.len();
        buf.extend_from_slice(&[b'0'; Short::CAPACITY]);
        Short {
            buf,
            start,
            end: start,
        }
    }

    #[inline(always)]
    fn byte(&mut self, byte: u8) {
        self.buf[self.end] = byte;
        self.end += 1;
    }

    /// A `-` if `negative`.
    #[inline(always)]
    fn sign(&mut self, negative: bool) {
        if negative {
            self.byte(b'-');
        }
    }

    /// `n` in decimal, zero-padded to at least `min_digits` (at most 20) digits, two digits at
    /// a time from the right. The padding is the `0`s the text starts with.
    #[inline(always)]
    fn digits(&mut self, mut n: u64, min_digits: usize) {
        let count = n.checked_ilog10().map_or(1, |d| d as usize + 1);
        self.end += count.max(min_digits);
        let mut at = self.end;
        while n >= 100 {
            at -= 2;
            self.buf[at..at + 2].copy_from_slice(pair((n % 100) as usize));
            n /= 100;
        }
        if n >= 10 {
            self.buf[at - 2..at].copy_from_slice(pair(n as usize));
        } else {
            self.buf[at - 1] = b'0' + n as u8;
        }
    }

    /// Exactly two digits of `n`, which is below 100.
    #[inline(always)]
    fn two_digits(&mut self, n: u64) {
        self.buf[self.end..self.end + 2].copy_from_slice(pair(n as usize));
        self.end += 2;
    }

    /// Cuts off the unused room.
    #[inline(always)]
    fn close(self) {
        debug_assert!(self.end - self.start <= Short::CAPACITY);
        self.buf.truncate(self.end);
    }
}

/// The two digits of `n`, which is below 100.
fn pair(n: usize) -> &'static [u8] {
    &DIGIT_PAIRS[n * 2..n * 2 + 2]
}

#[cfg(test)]
mod tests {
    //! Each fast formatter against the `Display` it replaces (the reference), on the edges and
    //! on random values.
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// The largest mantissa a `Decimal` holds: 2^96 - 1.
    const MAX_MANTISSA: i128 = (1 << 96) - 1;

    /// `-0` at `scale`, which `Decimal` prints with its sign (`from_parts` would drop it).
    fn negative_zero(scale: u32) -> Decimal {
        let mut zero = Decimal::new(0, scale);
        zero.set_sign_negative(true);
        zero
    }

    fn fast(push: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut buf = b"x".to_vec(); // appends, never overwrites
        push(&mut buf);
        String::from_utf8(buf).unwrap()
    }

    fn check_money(money: Money) {
        assert_eq!(
            fast(|b| push_money(b, money)),
            format!("x{money}"),
            "{money:?}"
        );
    }

    fn check_rate(rate: Rate) {
        assert_eq!(fast(|b| push_rate(b, rate)), format!("x{rate}"), "{rate:?}");
    }

    fn check_date(d: Date) {
        assert_eq!(fast(|b| push_date(b, d)), format!("x{d}"), "{d:?}");
    }

    /// A day of `year` and `month`, `raw` folded into the month's length.
    fn day_of(year: i16, month: i8, raw: i8) -> Date {
        let first = date(year, month, 1);
        date(year, month, 1 + raw.rem_euclid(first.days_in_month()))
    }

    #[test]
    fn money_edges_print_as_display() {
        let under_limit = 99_999_999_999_999_999; // 10^15 - 0.01, the largest valid amount
        for cents in [0, 1, 9, 10, 99, 100, 101, 999, 1_000, 123_456, under_limit] {
            check_money(Money::from_cents(cents));
            check_money(Money::from_cents(-cents));
        }
        // Past u64 and up to the largest mantissa: through Display.
        for cents in [
            1 << 64,
            (1 << 64) - 1,
            10_i128.pow(19),
            10_i128.pow(20),
            MAX_MANTISSA,
        ] {
            check_money(Money::from_cents(cents));
            check_money(Money::from_cents(-cents));
        }
        assert_eq!(fast(|b| push_money(b, Money::from_cents(-5))), "x-0.05");
        // Negative zero prints a sign in Decimal's Display, so here too.
        let negative_zero = Money::from_decimal_unchecked(negative_zero(2));
        assert_eq!(fast(|b| push_money(b, negative_zero)), "x-0.00");
        check_money(negative_zero);
    }

    #[test]
    fn rate_edges_print_as_display() {
        for (mantissa, scale) in [(0, 0), (1, 0), (2, 1), (2, 6), (123_456, 6), (999_999, 6)] {
            check_rate(Rate(Decimal::new(mantissa, scale)));
            check_rate(Rate(Decimal::new(-mantissa, scale)));
        }
        // Beyond six places: half-to-even ties, and rounding to (negative) zero.
        for text in [
            "0.0000005",
            "0.0000015",
            "0.0000025",
            "1.0000005",
            "0.00000051",
            "0.9999995",
            "-0.0000005",
            "-0.0000015",
            "-0.0000004",
            "0.1234567890123456789",
        ] {
            check_rate(Rate(text.parse().unwrap()));
        }
        assert_eq!(
            fast(|b| push_rate(b, Rate("0.0000015".parse().unwrap()))),
            "x0.000002"
        );
        for scale in [0, 3, 6, 8] {
            check_rate(Rate(negative_zero(scale)));
        }
        // Around the fast path's limit: a mantissa times 10^(6 - scale) just fits 64 bits, or not.
        for (mantissa, scale) in [
            (u64::MAX, 6),
            (u64::MAX, 5),
            (u64::MAX / 10, 5),
            (1 << 63, 0),
        ] {
            check_rate(Rate(Decimal::from_i128_with_scale(
                i128::from(mantissa),
                scale,
            )));
            check_rate(Rate(Decimal::from_i128_with_scale(
                -i128::from(mantissa),
                scale,
            )));
        }
        // Too large to carry six decimals in 96 bits: Display prints fewer.
        check_rate(Rate(Decimal::MAX));
        check_rate(Rate(Decimal::MIN));
        check_rate(Rate(Decimal::from_i128_with_scale(
            MAX_MANTISSA / 1_000_000,
            0,
        )));
    }

    #[test]
    fn date_edges_print_as_display() {
        for d in [
            date(1, 1, 1),
            date(999, 12, 31),
            date(999, 1, 1),
            date(1000, 1, 1),
            date(9999, 12, 31),
            date(2024, 2, 29),
            date(2000, 2, 29),
            date(1900, 2, 28),
            date(0, 1, 1),
            date(-1, 12, 31),
            date(-9999, 1, 1),
        ] {
            check_date(d);
        }
        assert_eq!(fast(|b| push_date(b, date(999, 1, 1))), "x0999-01-01");
        // Every day of a few years around the width changes.
        for year in [9, 10, 99, 100, 999, 1000, 1999, 2000] {
            let mut d = date(year, 1, 1);
            while d.year() == year {
                check_date(d);
                d = d.tomorrow().unwrap();
            }
        }
    }

    #[test]
    fn counts_and_flags_print_as_display() {
        for n in [0, 1, 9, 10, 99, 100, 12_345, usize::MAX] {
            assert_eq!(fast(|b| push_count(b, n)), format!("x{n}"));
        }
        assert_eq!(fast(|b| push_flag(b, true)), "xtrue");
        assert_eq!(fast(|b| push_flag(b, false)), "xfalse");
    }

    proptest! {
        #[test]
        fn money_prints_as_display(cents in -MAX_MANTISSA..=MAX_MANTISSA, small in any::<i64>()) {
            check_money(Money::from_cents(cents));
            check_money(Money::from_cents(i128::from(small) % 100_000_000_000_000_000));
        }

        #[test]
        fn rate_prints_as_display(mantissa in -MAX_MANTISSA..=MAX_MANTISSA, small in any::<i32>(),
                                  scale in 0_u32..=28) {
            check_rate(Rate(Decimal::from_i128_with_scale(mantissa, scale)));
            check_rate(Rate(Decimal::new(i64::from(small), scale)));
        }

        #[test]
        fn date_prints_as_display(year in -9999_i16..=9999, month in 1_i8..=12, day in any::<i8>()) {
            check_date(day_of(year, month, day));
        }

        #[test]
        fn count_prints_as_display(n in any::<usize>()) {
            prop_assert_eq!(fast(|b| push_count(b, n)), format!("x{n}"));
        }
    }
}
