//! SPEC §2.1: cutting the horizon into calendar periods, with stubs at either end.

use crate::dates::add_days;
use crate::model::PeriodKind;
use jiff::civil::Date;

/// One period of the horizon: an inclusive date range and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub label: String,
    pub start: Date,
    pub end: Date,
}

/// The periods from `start` to `end` inclusive. Each ends at the earlier of `end` and the last
/// day of the calendar month, quarter or year containing its first day, so a horizon starting
/// 2026-04-27 in quarters opens with the stub 2026-04-27..2026-06-30 labelled `2026-Q2`.
pub fn periods(start: Date, end: Date, kind: PeriodKind) -> Vec<Period> {
    let mut out = Vec::new();
    let mut first = start;
    while first <= end {
        let last = calendar_end(first, kind).min(end);
        out.push(Period {
            label: label(first, kind),
            start: first,
            end: last,
        });
        match add_days(last, 1) {
            Some(next) => first = next,
            None => break, // the horizon ends on the calendar's last day
        }
    }
    out
}

/// The last day of the calendar month, quarter or year containing `date`.
fn calendar_end(date: Date, kind: PeriodKind) -> Date {
    match kind {
        PeriodKind::Month => date.last_of_month(),
        PeriodKind::Year => date.last_of_year(),
        PeriodKind::Quarter => {
            let quarter_last_month = (date.month() - 1) / 3 * 3 + 3;
            // Day 1 of the quarter's last month always exists; fall back to the month's end.
            Date::new(date.year(), quarter_last_month, 1)
                .map(Date::last_of_month)
                .unwrap_or_else(|_| date.last_of_month())
        }
    }
}

/// SPEC §2.1 labels: `2026`, `2026-Q2`, `2026-04`.
fn label(date: Date, kind: PeriodKind) -> String {
    match kind {
        PeriodKind::Year => format!("{:04}", date.year()),
        PeriodKind::Quarter => format!("{:04}-Q{}", date.year(), (date.month() - 1) / 3 + 1),
        PeriodKind::Month => format!("{:04}-{:02}", date.year(), date.month()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn quarterly_horizon_opens_with_a_stub() {
        let p = periods(date(2026, 4, 27), date(2026, 12, 31), PeriodKind::Quarter);
        let got: Vec<_> = p
            .iter()
            .map(|p| (p.label.as_str(), p.start, p.end))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2026-Q2", date(2026, 4, 27), date(2026, 6, 30)),
                ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
                ("2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
            ]
        );
    }

    #[test]
    fn closing_stub_and_monthly_labels() {
        let p = periods(date(2028, 1, 15), date(2028, 3, 10), PeriodKind::Month);
        let got: Vec<_> = p
            .iter()
            .map(|p| (p.label.as_str(), p.start, p.end))
            .collect();
        assert_eq!(
            got,
            vec![
                ("2028-01", date(2028, 1, 15), date(2028, 1, 31)),
                ("2028-02", date(2028, 2, 1), date(2028, 2, 29)),
                ("2028-03", date(2028, 3, 1), date(2028, 3, 10)),
            ]
        );
    }

    #[test]
    fn yearly_periods_and_single_day_horizon() {
        let p = periods(date(2026, 6, 1), date(2027, 12, 31), PeriodKind::Year);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[0].label.as_str(), p[0].end),
            ("2026", date(2026, 12, 31))
        );
        let one = periods(date(2026, 3, 31), date(2026, 3, 31), PeriodKind::Quarter);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].label, "2026-Q1");
    }

    #[test]
    fn horizon_ending_on_the_last_calendar_day_terminates() {
        let p = periods(date(9999, 11, 1), date(9999, 12, 31), PeriodKind::Month);
        assert_eq!(p.len(), 2);
    }
}
