//! Day arithmetic on civil dates, the only calendar maths the engine needs.
//!
//! Days are counted inclusive (SPEC §1.2): 2026-01-01..2026-12-31 has 365 days. jiff does the
//! calendar; this module fixes the conventions in one place.

use jiff::civil::Date;
use jiff::{Span, Unit};

/// Signed whole days from `from` to `to` (0 when equal). Dates come from validated input, so
/// the difference always exists; the fallback only guards the impossible.
pub fn days_between(from: Date, to: Date) -> i64 {
    from.until((Unit::Day, to))
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
}

/// Days in the inclusive range `from..=to`; 0 when `to < from`.
pub fn days_inclusive(from: Date, to: Date) -> i64 {
    (days_between(from, to) + 1).max(0)
}

/// `date + days`, or `None` past the calendar's end (year 9999).
pub fn add_days(date: Date, days: i64) -> Option<Date> {
    let span = Span::new().try_days(days).ok()?;
    date.checked_add(span).ok()
}

/// Days since 1970-01-01 (negative before it), the engine's hot-loop form of a date: one
/// subtraction instead of a calendar computation. Howard Hinnant's `days_from_civil`.
pub fn day_number(date: Date) -> i32 {
    let (m, d) = (i32::from(date.month()), i32::from(date.day()));
    let y = i32::from(date.year()) - i32::from(m <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400; // [0, 399]
    let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1; // [0, 365]
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The overlap of two inclusive ranges, if any.
pub fn intersect(a: (Date, Date), b: (Date, Date)) -> Option<(Date, Date)> {
    let from = a.0.max(b.0);
    let to = a.1.min(b.1);
    (from <= to).then_some((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn counts_days_inclusive() {
        assert_eq!(days_inclusive(date(2026, 1, 1), date(2026, 12, 31)), 365);
        assert_eq!(days_inclusive(date(2028, 1, 1), date(2028, 12, 31)), 366);
        assert_eq!(days_inclusive(date(2026, 4, 27), date(2026, 6, 30)), 65);
        assert_eq!(days_inclusive(date(2026, 5, 1), date(2026, 4, 30)), 0);
    }

    #[test]
    fn signed_difference() {
        assert_eq!(days_between(date(2026, 4, 27), date(2026, 4, 27)), 0);
        assert_eq!(days_between(date(2026, 4, 27), date(2026, 4, 26)), -1);
        assert_eq!(days_between(date(2026, 1, 1), date(2027, 1, 1)), 365);
    }

    #[test]
    fn add_days_stops_at_the_calendar_end() {
        assert_eq!(add_days(date(2026, 12, 31), 45), Some(date(2027, 2, 14)));
        assert_eq!(add_days(date(9999, 12, 31), 1), None);
    }

    #[test]
    fn day_numbers_count_days_like_the_calendar() {
        // 1970-01-01 is day 0; 2000-03-01 is 11,017 (30 years of 365 days + 7 leap days = 10,957,
        // then January 31 + February 29 = 60 more).
        assert_eq!(day_number(date(1970, 1, 1)), 0);
        assert_eq!(day_number(date(1969, 12, 31)), -1);
        assert_eq!(day_number(date(2000, 3, 1)), 11_017);
        // Every day from year 1 to 9999 is one more than the day before, as jiff counts.
        let mut day = date(1, 1, 1);
        let mut n = day_number(day);
        assert_eq!(n, days_between(date(1970, 1, 1), day) as i32);
        while let Some(next) = add_days(day, 1) {
            n += 1;
            assert_eq!(day_number(next), n, "{next}");
            day = next;
        }
        assert_eq!(day, date(9999, 12, 31));
        assert_eq!(n, days_between(date(1970, 1, 1), day) as i32);
    }

    #[test]
    fn intersection_of_ranges() {
        let q2 = (date(2026, 4, 1), date(2026, 6, 30));
        let w = (date(2026, 4, 27), date(2030, 12, 31));
        assert_eq!(
            intersect(q2, w),
            Some((date(2026, 4, 27), date(2026, 6, 30)))
        );
        assert_eq!(intersect(q2, (date(2026, 7, 1), date(2026, 9, 30))), None);
    }
}
