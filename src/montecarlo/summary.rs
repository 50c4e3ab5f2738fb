//! `mc_summary.csv` (SPEC §7.3): per metric, the count of paths with a value, the exact mean,
//! the sample standard deviation and its standard error, and nearest-rank quantiles (the
//! ⌈q·count⌉-th smallest value), so every money quantile is a real path's cents.

use crate::money::div_half_even;
use crate::outcome::Summary;
use crate::output::csv::push_cell;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use std::str::FromStr;

/// The metrics, in the SPEC's row order, and how many decimals each is written with.
pub const METRICS: [(&str, u32); 7] = [
    ("revenue", 2),
    ("qualifying_revenue", 2),
    ("accrued", 2),
    ("paid", 2),
    ("foregone", 2),
    ("npv", 2),
    ("effective_rate", 6),
];

/// The quantiles of `mc_summary.csv`, between `min` and `max`.
pub const QUANTILES: [(&str, u32); 7] = [
    ("p5", 5),
    ("p10", 10),
    ("p25", 25),
    ("p50", 50),
    ("p75", 75),
    ("p90", 90),
    ("p95", 95),
];

/// The header of `mc_summary.csv` (without the `share.cap` column of `--cap`).
pub fn header() -> Vec<&'static str> {
    let mut h = vec!["metric", "count", "mean", "sd", "stderr", "min"];
    h.extend(QUANTILES.iter().map(|(name, _)| *name));
    h.push("max");
    h
}

/// What the statistics need of one path's summary (under one cap): the six money metrics in
/// cents, the effective rate in millionths, and the date the cap was reached. Small and
/// `Copy`, so 10,000,000 of them fit where 10,000,000 summaries would not.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// revenue, qualifying_revenue, accrued, paid, foregone, npv.
    pub money: [i64; 6],
    pub effective_rate: Option<i64>,
    pub cap_hit_date: Option<jiff::civil::Date>,
}

impl Record {
    /// A summary's record. Validation bounds every amount below 10^15, so cents fit an i64.
    pub fn of(s: &Summary) -> Record {
        let cents = |m: crate::money::Money| i64::try_from(m.cents()).unwrap_or(i64::MAX);
        Record {
            money: [
                cents(s.revenue),
                cents(s.qualifying_revenue),
                cents(s.accrued),
                cents(s.paid),
                cents(s.foregone),
                cents(s.npv),
            ],
            effective_rate: s
                .effective_rate
                .and_then(|r| (r.as_decimal() * Decimal::from(1_000_000)).to_i64()),
            cap_hit_date: s.cap_hit_date,
        }
    }

    /// A metric's value ([`METRICS`] index), in units of its last decimal.
    fn value(&self, metric: usize) -> Option<i128> {
        match self.money.get(metric) {
            Some(&cents) => Some(i128::from(cents)),
            None => self.effective_rate.map(i128::from),
        }
    }
}

/// One row of cells per metric, in order, from the paths' records in path order.
pub fn rows(paths: &[Record]) -> Vec<Vec<String>> {
    METRICS
        .iter()
        .enumerate()
        .map(|(m, &(metric, places))| {
            let values: Vec<i128> = paths.iter().filter_map(|r| r.value(m)).collect();
            row(metric, places, &values)
        })
        .collect()
}

/// `metric,count,mean,sd,stderr,min,p5,…,p95,max` for values in path order.
fn row(metric: &str, places: u32, values: &[i128]) -> Vec<String> {
    let write = |units: i128| Decimal::from_i128_with_scale(units, places).to_string();
    let count = values.len();
    let mut cells = vec![metric.to_owned(), count.to_string()];
    if count == 0 {
        cells.extend(std::iter::repeat_n(String::new(), 12));
        return cells;
    }
    let sum: i128 = values.iter().sum();
    let n = count as i128;
    cells.push(write(div_half_even(sum, n)));
    // sd in f64 from the exact mean, deviations summed in path order (SPEC §7.3).
    // The exact mean as one f64: whole part and remainder apart, so a sum beyond 2^53 is not
    // rounded before the division.
    let mean = (sum / n) as f64 + (sum % n) as f64 / n as f64;
    let (sd, stderr) = if count < 2 {
        (String::new(), String::new())
    } else {
        let squares: f64 = values.iter().map(|&v| (v as f64 - mean).powi(2)).sum();
        let sd = (squares / (count - 1) as f64).sqrt();
        (
            float_cell(sd, places),
            float_cell(sd / (count as f64).sqrt(), places),
        )
    };
    cells.extend([sd, stderr]);
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    cells.push(write(sorted[0]));
    for (_, q) in QUANTILES {
        // ⌈q/100 · count⌉, in integers: the nearest rank, 1-based.
        let rank = (u128::from(q) * count as u128).div_ceil(100).max(1) as usize;
        cells.push(write(sorted[rank - 1]));
    }
    cells.push(write(sorted[count - 1]));
    cells
}

/// An f64 in units of the last decimal, written as its shortest decimal and rounded half-even
/// to the metric's places.
fn float_cell(units: f64, places: u32) -> String {
    let value = Decimal::from_str(&format!("{units}")).unwrap_or_default()
        / Decimal::from(10i64.pow(places));
    let mut rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    rounded.rescale(places);
    rounded.to_string()
}

/// The rows as CSV, with the header.
pub fn csv(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = Vec::new();
    let header = header();
    for (i, h) in header.iter().enumerate() {
        push_cell(&mut out, h, i + 1 == header.len());
    }
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            push_cell(&mut out, cell, i + 1 == row.len());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_paths_by_hand() {
        // Paid in path order: 30.00, 10.00, 50.00, 20.00, 40.01 (cents 3000, 1000, 5000,
        // 2000, 4001). Sorted: 10.00, 20.00, 30.00, 40.01, 50.00.
        // Mean: 150.01 / 5 = 30.002 → 30.00.
        // Nearest ranks of 5: p5 ⌈0.25⌉ = 1, p10 ⌈0.5⌉ = 1, p25 ⌈1.25⌉ = 2, p50 ⌈2.5⌉ = 3,
        // p75 ⌈3.75⌉ = 4, p90 ⌈4.5⌉ = 5, p95 ⌈4.75⌉ = 5.
        // sd: deviations from 3000.2 cents: −0.2, −2000.2, 1999.8, −1000.2, 1000.8; squares
        // sum to 10,002,000.8; / 4 = 2,500,500.2; √ = 1581.2970 cents → 15.81; stderr =
        // 1581.2970 / √5 = 707.1775 cents → 7.07.
        let cells = row("paid", 2, &[3000, 1000, 5000, 2000, 4001]);
        assert_eq!(
            cells,
            [
                "paid", "5", "30.00", "15.81", "7.07", "10.00", "10.00", "10.00", "20.00", "30.00",
                "40.01", "50.00", "50.00", "50.00"
            ]
        );
        // A half-even mean: 0.01 + 0.02 = 0.03 over 2 is 0.015 → 0.02 (even); 0.01 and 0.00
        // give 0.005 → 0.00.
        assert_eq!(row("paid", 2, &[1, 2])[2], "0.02");
        assert_eq!(row("paid", 2, &[1, 0])[2], "0.00");
        // One path: no spread.
        assert_eq!(row("paid", 2, &[7])[3..5], ["", ""]);
        // Rates in millionths: 0.200000 and 0.100001 → mean 0.1500005 → 0.150000 (even).
        assert_eq!(row("effective_rate", 6, &[200_000, 100_001])[2], "0.150000");
    }

    #[test]
    fn cumulative_quantiles_are_nearest_ranks_per_period() {
        // Three paths over two periods. Period 1: 5, 1, 3 → sorted 1, 3, 5; ranks of 3 for
        // P5, P25, P50, P75, P95: ⌈0.15⌉ = 1, ⌈0.75⌉ = 1, ⌈1.5⌉ = 2, ⌈2.25⌉ = 3, ⌈2.85⌉ = 3.
        // Period 2: 9, 4, 7 → 4, 7, 9.
        let mut by_period = [5, 1, 3, 9, 4, 7];
        let got = cumulative(&mut by_period, 3);
        assert_eq!(got, vec![[1, 1, 3, 5, 5], [4, 4, 7, 9, 9]]);
        assert!(cumulative(&mut [], 0).is_empty());
    }

    #[test]
    fn the_header_is_the_spec_columns() {
        assert_eq!(
            header().join(","),
            "metric,count,mean,sd,stderr,min,p5,p10,p25,p50,p75,p90,p95,max"
        );
    }
}

/// The quantiles of `mc_cumulative.csv`.
pub const FAN: [u32; 5] = [5, 25, 50, 75, 95];

/// `mc_cumulative.csv`'s numbers (SPEC §7.3): for each period, the nearest-rank P5, P25, P50,
/// P75 and P95 of the paths' cumulative paid at its end, in cents. The periods are the same
/// on every path (the horizon and `scenario.period` are never drawn). `by_period` holds each
/// period's values of every path, period after period (`periods × paths` values); each
/// period's slice is reordered in place, by selection rather than a full sort.
pub fn cumulative(by_period: &mut [i64], paths: usize) -> Vec<[i64; 5]> {
    use rayon::prelude::*;
    if paths == 0 {
        return Vec::new();
    }
    by_period
        .par_chunks_mut(paths)
        .map(|at| {
            let mut found = [0; 5];
            let mut from = 0;
            for (k, q) in FAN.iter().enumerate() {
                // Ranks rise with q: select within what lies above the previous rank.
                let rank = (u128::from(*q) * paths as u128).div_ceil(100).max(1) as usize - 1;
                let (_, nth, _) = at[from..].select_nth_unstable(rank - from);
                found[k] = *nth;
                from = rank;
            }
            found
        })
        .collect()
}

/// `mc_binds.csv`'s dates (SPEC §7.3): each 31 December from the year of the earliest
/// possible effective date to the year of the latest possible sunset, and the sunset itself
/// when it is not drawn; each date once, ascending. `effective` and `sunset` are the
/// scenario's (after `--set`) when not drawn, else the drawn range's ends.
pub fn binds_dates(
    effective: (jiff::civil::Date, jiff::civil::Date),
    sunset: (jiff::civil::Date, jiff::civil::Date),
    sunset_drawn: bool,
) -> Vec<jiff::civil::Date> {
    let mut dates: Vec<jiff::civil::Date> = (effective.0.year()..=sunset.1.year())
        .filter_map(|y| jiff::civil::Date::new(y, 12, 31).ok())
        .collect();
    if !sunset_drawn {
        dates.push(sunset.1);
    }
    dates.sort_unstable();
    dates.dedup();
    dates
}

/// `mc_binds.csv`'s probabilities (SPEC §7.3): for each date, the share of paths whose cap is
/// reached on or before it, exact, rounded half-even to 6 decimals.
pub fn binds(paths: &[Record], dates: &[jiff::civil::Date]) -> Vec<(jiff::civil::Date, Decimal)> {
    let n = paths.len().max(1) as i128;
    let mut hits: Vec<jiff::civil::Date> = paths.iter().filter_map(|r| r.cap_hit_date).collect();
    hits.sort_unstable();
    dates
        .iter()
        .map(|&date| {
            let hit = hits.partition_point(|d| *d <= date) as i128;
            let millionths = div_half_even(hit * 1_000_000, n);
            (date, Decimal::from_i128_with_scale(millionths, 6))
        })
        .collect()
}

#[cfg(test)]
mod binds_tests {
    use super::*;
    use jiff::civil::date;

    fn hit(d: Option<jiff::civil::Date>) -> Record {
        Record {
            cap_hit_date: d,
            ..Record::default()
        }
    }

    #[test]
    fn binds_dates_run_year_ends_from_the_earliest_effective_to_the_latest_sunset() {
        // Effective 2026-04-27, sunset 2030-06-30 not drawn: year ends 2026..2030 and the
        // sunset itself.
        let fixed = (date(2026, 4, 27), date(2026, 4, 27));
        let sunset = (date(2030, 6, 30), date(2030, 6, 30));
        let got = binds_dates(fixed, sunset, false);
        assert_eq!(
            got,
            [
                date(2026, 12, 31),
                date(2027, 12, 31),
                date(2028, 12, 31),
                date(2029, 12, 31),
                date(2030, 6, 30),
                date(2030, 12, 31)
            ]
        );
        // A drawn sunset from 2029-06-30 to 2031-12-31: year ends to 2031, no sunset date; a
        // sunset on a year end appears once.
        let drawn = (date(2029, 6, 30), date(2031, 12, 31));
        assert_eq!(binds_dates(fixed, drawn, true).len(), 6);
        let year_end = (date(2030, 12, 31), date(2030, 12, 31));
        assert_eq!(binds_dates(fixed, year_end, false).len(), 5);
    }

    #[test]
    fn probabilities_count_paths_reached_on_or_before_each_date() {
        // Hit dates 2027-06-30, 2028-12-31, never, 2028-01-01, 2029-05-01, never, 2027-12-31.
        let paths: Vec<Record> = [
            Some(date(2027, 6, 30)),
            Some(date(2028, 12, 31)),
            None,
            Some(date(2028, 1, 1)),
            Some(date(2029, 5, 1)),
            None,
            Some(date(2027, 12, 31)),
        ]
        .into_iter()
        .map(hit)
        .collect();
        let got = binds(
            &paths,
            &[date(2027, 12, 31), date(2028, 12, 31), date(2030, 12, 31)],
        );
        // By 2027-12-31: 2 of 7 = 0.285714285… → 0.285714; by 2028-12-31: 4 of 7 =
        // 0.571428571… → 0.571429; by 2030-12-31: 5 of 7 = 0.714285714… → 0.714286.
        let p: Vec<String> = got.iter().map(|(_, p)| p.to_string()).collect();
        assert_eq!(p, ["0.285714", "0.571429", "0.714286"]);
    }
}
