//! The chart of `tornado` (SPEC §7.4): for each key, a horizontal bar from the metric with
//! the key at its LOW value to the metric at its HIGH value, around a vertical line at the
//! base value; the largest swing on top. The part of a bar where the key's low value lands
//! is one colour, the high value's part another, and each end is labelled with the key's
//! value and the metric there (`15% → $30.4B`; the row's label names the key).
//!
//! Rows arrive in the order to draw (by swing, largest first, ties in argument order, as
//! `tornado.csv` has them); at most [`MAX_ROWS`] are drawn, the rest named in a note.

use super::figure::{Figure, LegendItem, Marker, Row, RowLabel, Segment, Side, Swatch};
use super::text::money_distinct;
use super::theme::{HIGH, LOW, MARKER};
use crate::money::Money;
use rust_decimal::prelude::ToPrimitive;

/// Rows drawn at most: 24 rows keep bars and labels of 18-pixel text apart on a 1600×900
/// chart; further keys (the smallest swings) are named in a note.
pub const MAX_ROWS: usize = 24;

/// The metric a tornado measures (`--metric`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Metric {
    Paid,
    Npv,
    Foregone,
    Accrued,
}

impl Metric {
    /// The metric as the chart names it.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Paid => "share paid",
            Metric::Npv => "NPV of the share paid",
            Metric::Foregone => "share foregone above the cap",
            Metric::Accrued => "share accrued",
        }
    }
}

/// One key's row: its name and values as a reader says them, and the metric at each.
#[derive(Clone, Debug)]
pub struct TornadoRow {
    /// The key as a reader says it: `cap`, `rate`, `API on AWS growth`
    /// (`format::key_label`, `charts::sweep::key_name`).
    pub key: String,
    /// The key's low and high values as a reader says them: `$20B`, `15%`, `uncapped`,
    /// `2030-06-30` (`charts::sweep::value_label`).
    pub low: String,
    pub high: String,
    /// The metric with the key at its low value, and at its high value.
    pub at_low: Money,
    pub at_high: Money,
}

/// Everything `tornado` draws.
#[derive(Clone, Debug)]
pub struct Tornado {
    /// The scenario's name.
    pub scenario: String,
    pub currency: String,
    /// The scenario file, for the footnote.
    pub source: String,
    /// The `--set KEY=VALUE` applied to every run, named in the subtitle.
    pub overrides: Vec<String>,
    pub metric: Metric,
    /// The metric of the scenario as it is (after `--set`).
    pub base: Money,
    /// The rows in the order to draw, largest swing first.
    pub rows: Vec<TornadoRow>,
}

fn f(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

/// `tornado`: a row per key (at most [`MAX_ROWS`]), in the order given.
pub fn tornado(t: &Tornado) -> Figure {
    let cur = &t.currency;
    let base_label = money_distinct(&[t.base], cur).concat();
    let mut subtitle = format!(
        "{} · base {} {base_label} · each key at its low and its high value, every other key \
         as the scenario has it · largest swing on top",
        t.scenario,
        t.metric.name()
    );
    if !t.overrides.is_empty() {
        subtitle = format!("{subtitle} · with --set {}", t.overrides.join(", "));
    }
    let mut figure = Figure {
        title: format!(
            "What moves the {}: each key from low to high",
            t.metric.name()
        ),
        subtitle,
        footnote: format!(
            "Source: revshare {}, {} · One key at a time · Projections are assumptions, not \
             forecasts.",
            env!("CARGO_PKG_VERSION"),
            t.source
        ),
        currency: cur.clone(),
        ..Figure::default()
    };
    let shown = &t.rows[..t.rows.len().min(MAX_ROWS)];
    let left_out = &t.rows[shown.len()..];
    if !left_out.is_empty() {
        let keys: Vec<&str> = left_out.iter().map(|r| r.key.as_str()).collect();
        figure.note = format!(
            "{} more {} left out (smaller swings): {}",
            left_out.len(),
            if left_out.len() == 1 { "key" } else { "keys" },
            keys.join(", ")
        );
    }
    figure.rows = shown.iter().map(|r| row(r, t.base, cur)).collect();
    figure.markers.push(Marker {
        label: format!("base {base_label}"),
        x: f(t.base),
        colour: MARKER,
    });
    figure.legend = vec![
        LegendItem {
            label: "low value".into(),
            colour: LOW,
            swatch: Swatch::Box,
        },
        LegendItem {
            label: "high value".into(),
            colour: HIGH,
            swatch: Swatch::Box,
        },
        LegendItem {
            label: format!("base {}: {base_label}", t.metric.name()),
            colour: MARKER,
            swatch: Swatch::Dashed,
        },
    ];
    figure
}

/// A key's bars from the base to the metric at its low value and at its high value, the
/// longer drawn first so that when both land on one side of the base the shorter shows on
/// top of it. Each end is labelled on its side away from the base; when both ends are on one
/// side, the nearer end's label goes on the other side of the base, where there is room.
fn row(r: &TornadoRow, base: Money, currency: &str) -> Row {
    let amounts = money_distinct(&[base, r.at_low, r.at_high], currency);
    // The row's label names the key; each end says the value and the metric there.
    let text = |value: &str, amount: &str| {
        let label = format!("{value} → {amount}");
        (label.clone(), label)
    };
    let ends = [
        (r.at_low, LOW, text(&r.low, &amounts[1]), Side::Left),
        (r.at_high, HIGH, text(&r.high, &amounts[2]), Side::Right),
    ];
    let distance = |m: Money| (m - base).as_decimal().abs();
    let mut order: Vec<&(Money, _, (String, String), Side)> = ends.iter().collect();
    order.sort_by_key(|e| std::cmp::Reverse(distance(e.0)));
    // Both ends on one side of the base: the nearer bar is drawn thin over the farther one.
    let same_side = (r.at_low < base && r.at_high < base) || (r.at_low > base && r.at_high > base);
    let segments = order
        .iter()
        .enumerate()
        .map(|(i, (m, colour, _, _))| Segment {
            from: f(base),
            to: f(*m),
            colour: *colour,
            thin: same_side && i == 1,
        })
        .collect();
    let side_of = |m: Money, otherwise: Side| {
        if m < base {
            Side::Left
        } else if m > base {
            Side::Right
        } else {
            otherwise
        }
    };
    let (outer, inner) = (order[0], order[1]);
    let outer_side = side_of(outer.0, outer.3);
    let mut labels = vec![RowLabel {
        text: outer.2.0.clone(),
        short: outer.2.1.clone(),
        x: f(outer.0),
        side: outer_side,
        colour: outer.1,
    }];
    let inner_side = side_of(inner.0, inner.3);
    labels.push(if inner_side == outer_side {
        let other = match outer_side {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        };
        RowLabel {
            text: inner.2.0.clone(),
            short: inner.2.1.clone(),
            x: f(base),
            side: other,
            colour: inner.1,
        }
    } else {
        RowLabel {
            text: inner.2.0.clone(),
            short: inner.2.1.clone(),
            x: f(inner.0),
            side: inner_side,
            colour: inner.1,
        }
    });
    Row {
        name: r.key.clone(),
        segments,
        labels,
    }
}
