//! The charts of `sweep` (SPEC §4): `sweep_cumulative` (cumulative paid over time, a line per
//! case, at most 40 — an evenly spaced sample beyond that, named in the subtitle) and
//! `sweep_totals` (paid and NPV against the first varied key, the binding threshold marked when
//! that key is the cap).

use super::figure::{Figure, LegendItem, Line, Marker, Swatch};
use super::theme::{MARKER, series_colours};
use crate::model::Scenario;
use crate::money::Money;
use crate::outcome::{Outcome, Summary};
use plotters::style::RGBColor;
use rust_decimal::prelude::ToPrimitive;
use std::path::PathBuf;

/// At most this many lines in `sweep_cumulative`.
pub const MAX_LINES: usize = 40;

fn f(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

fn base(currency: &str, subtitle: String) -> Figure {
    Figure {
        subtitle,
        footnote: format!(
            "Source: revshare {} · Projections are assumptions, not forecasts.",
            env!("CARGO_PKG_VERSION")
        ),
        currency: currency.to_owned(),
        ..Figure::default()
    }
}

/// `sweep_cumulative` from the sampled cases (each scenario named by its key values).
pub fn cumulative(cases: &[(Scenario, Outcome)], total_cases: u64) -> Figure {
    let currency = cases.first().map_or("USD", |(s, _)| s.currency.as_str());
    let subtitle = if (cases.len() as u64) < total_cases {
        format!(
            "an evenly spaced sample of {} of {total_cases} cases, light (first) to dark (last)",
            cases.len()
        )
    } else {
        format!("all {total_cases} cases")
    };
    let runs: Vec<(PathBuf, Scenario, Outcome)> = cases
        .iter()
        .map(|(s, o)| (PathBuf::new(), s.clone(), o.clone()))
        .collect();
    let mut figure = super::compare::cumulative(&runs, base(currency, subtitle));
    figure.title = "Cumulative share paid, by sweep case".into();
    if figure.series.len() > 8 {
        // Too many for a legend: shade from light to dark in case order instead.
        let n = figure.series.len().max(2) - 1;
        for (i, line) in figure.series.iter_mut().enumerate() {
            let t = i as f64 / n as f64;
            let mix = |light: u8, dark: u8| {
                (f64::from(light) + (f64::from(dark) - f64::from(light)) * t).round() as u8
            };
            line.colour = RGBColor(mix(0x9E, 0x08), mix(0xCA, 0x30), mix(0xE1, 0x6B));
        }
        figure.legend.clear();
    }
    figure
}

/// `sweep_totals`: paid and NPV for each sampled value of the first varied key.
/// `points` are `(key cell, summary)` in key order.
pub fn totals(key: &str, points: &[(String, Summary)], currency: &str, cap_key: bool) -> Figure {
    let mut figure = base(currency, format!("paid and NPV against {key}"));
    figure.title = format!("Share paid and NPV by {key}");
    figure.x_labels = points
        .iter()
        .map(|(cell, s)| axis_label(cell, s, cap_key, currency))
        .collect();
    let colours = series_colours(2);
    let series = [
        (
            "paid",
            colours[0],
            (|s: &Summary| s.paid) as fn(&Summary) -> Money,
        ),
        ("NPV", colours[1], |s: &Summary| s.npv),
    ];
    for (name, colour, field) in series {
        let points = points
            .iter()
            .enumerate()
            .map(|(i, (_, s))| (i as f64, f(field(s))))
            .collect();
        figure.lines.push(Line {
            name: name.into(),
            colour,
            points,
            dashed: false,
        });
        figure.legend.push(LegendItem {
            label: name.into(),
            colour,
            swatch: Swatch::Line,
        });
    }
    if cap_key && let Some(x) = threshold_position(points) {
        let threshold = points[0].1.binding_threshold;
        let label = format!(
            "binding threshold {}: higher caps are never reached",
            crate::output::format::compact(threshold, currency)
        );
        figure.markers.push(Marker {
            label,
            x,
            colour: MARKER,
        });
    }
    figure
}

/// A readable axis label: caps in compact money, "none" for an absent value.
fn axis_label(cell: &str, summary: &Summary, cap_key: bool, currency: &str) -> String {
    match (cap_key, summary.cap) {
        (true, Some(cap)) => crate::output::format::compact(cap, currency),
        _ if cell.is_empty() => "none".to_owned(),
        _ => cell.to_owned(),
    }
}

/// Where the binding threshold falls among the sampled caps, interpolated between neighbours.
fn threshold_position(points: &[(String, Summary)]) -> Option<f64> {
    let threshold = f(points.first()?.1.binding_threshold);
    let caps: Vec<Option<f64>> = points.iter().map(|(_, s)| s.cap.map(f)).collect();
    for i in 1..caps.len() {
        if let (Some(a), Some(b)) = (caps[i - 1], caps[i])
            && a <= threshold
            && threshold <= b
            && b > a
        {
            return Some(i as f64 - 1.0 + (threshold - a) / (b - a));
        }
    }
    None
}
