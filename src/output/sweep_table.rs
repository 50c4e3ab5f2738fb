//! `sweep --format table`: the answer to "how much is paid and foregone at each value?" in the
//! terminal. Every case up to a screenful; beyond that a stated sample that keeps the first and
//! last cases and the extremes of paid and foregone, so the table never hides the range.

use super::format::{grouped, percent};
use crate::outcome::Summary;
use std::fmt::Write as _;

/// Rows a terminal shows at once: the table's limit before it samples.
pub const SCREENFUL: u64 = 40;

/// The cases a table of `total` cases (numbered from `first`) shows: all of them up to
/// [`SCREENFUL`], else the first, the last, `extremes` and evenly spaced cases up to
/// [`SCREENFUL`] in all, in grid order.
pub fn pick(first: u64, total: u64, extremes: &[u64]) -> Vec<u64> {
    let range = first..first + total;
    if total <= SCREENFUL {
        return range.collect();
    }
    let mut picked: Vec<u64> = extremes
        .iter()
        .copied()
        .filter(|c| range.contains(c))
        .collect();
    let spaced = SCREENFUL.saturating_sub(picked.len() as u64).max(2);
    picked.extend(crate::sweep::sample(range, spaced));
    picked.sort_unstable();
    picked.dedup();
    // Evenly spaced cases that coincide with an extreme leave room; a few spare rows are fine.
    picked
}

/// One shown case: its key values as labels, and its summary.
pub struct Row {
    pub values: Vec<String>,
    pub summary: Summary,
}

/// The table: a title line, a note when sampled, the header and the rows.
pub fn render(title: &str, keys: &[String], rows: &[Row], total: u64) -> String {
    let mut header: Vec<String> = keys.to_vec();
    let fixed = ["paid", "foregone", "cap reached", "npv", "effective rate"];
    header.extend(fixed.iter().map(|s| (*s).to_owned()));
    let cells: Vec<Vec<String>> = rows.iter().map(cells).collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            cells
                .iter()
                .map(|row| row[i].chars().count())
                .chain([header[i].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    let _ = writeln!(out, "{title}");
    if (rows.len() as u64) < total {
        let _ = writeln!(
            out,
            "{} of {} cases shown: the first and last, the lowest and highest paid and foregone, and evenly spaced cases between; sweep.csv has every case.",
            rows.len(),
            super::format::group_digits(&total.to_string())
        );
    }
    let _ = writeln!(out);
    // A column is right-aligned, header included, when its first row is a number.
    let right: Vec<bool> = (0..header.len())
        .map(|i| cells.first().is_some_and(|row| numeric(&row[i])))
        .collect();
    push_line(&mut out, &header, &widths, &right);
    for row in &cells {
        push_line(&mut out, row, &widths, &right);
    }
    out
}

/// A row's cells: the key labels, then paid, foregone, the hit date (or "no"), npv and the
/// effective rate.
fn cells(row: &Row) -> Vec<String> {
    let s = &row.summary;
    let reached = match (s.cap, s.cap_hit_date) {
        (None, _) => "uncapped".to_owned(),
        (Some(_), Some(date)) => date.to_string(),
        (Some(_), None) => "no".to_owned(),
    };
    let mut cells = row.values.clone();
    cells.extend([
        grouped(s.paid),
        grouped(s.foregone),
        reached,
        grouped(s.npv),
        s.effective_rate.map_or("—".to_owned(), percent),
    ]);
    cells
}

/// Two spaces between columns, each aligned as its column is.
fn push_line(out: &mut String, cells: &[String], widths: &[usize], right: &[bool]) {
    let mut line = String::new();
    for ((cell, &width), &right) in cells.iter().zip(widths).zip(right) {
        if right {
            let _ = write!(line, "  {cell:>width$}");
        } else {
            let _ = write!(line, "  {cell:<width$}");
        }
    }
    let _ = writeln!(out, "{}", line.trim_end());
}

/// Money, a rate or a count, not a date: the reports' own test of a numeric cell.
fn numeric(cell: &str) -> bool {
    super::report::tabular::numeric(cell)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_screenful_shows_every_case() {
        assert_eq!(pick(0, 5, &[3]), vec![0, 1, 2, 3, 4]);
        assert_eq!(pick(0, SCREENFUL, &[]).len(), SCREENFUL as usize);
    }

    #[test]
    fn a_long_sweep_keeps_the_ends_and_the_extremes() {
        // 1,000 cases; extremes at 17 and 503 are not on the evenly spaced grid.
        let picked = pick(0, 1000, &[17, 503]);
        assert!(picked.len() <= SCREENFUL as usize, "{}", picked.len());
        for case in [0, 17, 503, 999] {
            assert!(picked.contains(&case), "{case} missing from {picked:?}");
        }
        assert!(
            picked.windows(2).all(|w| w[0] < w[1]),
            "in grid order, no repeats"
        );
    }
}
