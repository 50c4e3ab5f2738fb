//! The charts of `compare` (SPEC §4): `compare_cumulative` (cumulative paid over time, a line
//! per scenario, each scenario's cap a dashed level in its colour) and `compare_paid` (total
//! paid per scenario, stacked by cloud, every bar named). Scenarios may differ in period kind
//! and horizon, so the time axis is calendar years.
//!
//! Lines that coincide (two scenarios held at the same cap) stay visible through their point
//! marks: each scenario's line carries outline marks of its own shape at period ends, every
//! n-th period end with n at least the number of scenarios, each scenario starting at a
//! different one, so circles and squares alternate along a shared stretch. Marks were chosen
//! over offsetting lines by a few pixels, which would misstate the values.

use super::figure::{BarLayer, Figure, LegendItem, Level, Series, Stroke, Swatch};
use super::marks::Mark;
use super::text::{cap, shorten};
use super::theme::{MUTED, cloud_colours, series_colours};
use crate::dates::days_inclusive;
use crate::model::Scenario;
use crate::money::Money;
use crate::outcome::Outcome;
use crate::output::format::compact;
use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use std::path::PathBuf;

fn f(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

/// Builds both figures.
pub fn figures(runs: &[(PathBuf, Scenario, Outcome)]) -> Vec<(&'static str, Figure)> {
    let names: Vec<&str> = runs.iter().map(|(_, s, _)| s.name.as_str()).collect();
    let currency = runs
        .first()
        .map_or_else(|| "USD".to_owned(), |(_, s, _)| s.currency.clone());
    let mut files: Vec<String> = Vec::new();
    for (path, _, _) in runs {
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        if !files.contains(&name) {
            files.push(name);
        }
    }
    let base = Figure {
        subtitle: format!("{} scenarios: {}", runs.len(), names.join(" · ")),
        footnote: format!(
            "Source: revshare {}, {} · Projections are assumptions, not forecasts.",
            env!("CARGO_PKG_VERSION"),
            files.join(", ")
        ),
        currency,
        ..Figure::default()
    };
    let mut cumulative = cumulative(runs, base.clone());
    cap_levels(runs, &mut cumulative);
    vec![
        ("compare_cumulative", cumulative),
        ("compare_paid", paid(runs, base)),
    ]
}

/// A cap more than this many times the highest line is left off the plot (and named in the
/// legend): drawing it would press every line against the axis.
const OFF_CHART: f64 = 2.0;

/// Each scenario's cap as a dashed level in its line's colour. Scenarios with the same cap
/// share one line (dashes alternating their colours) and one label naming them all when that
/// fits, else counting them. A cap far above every line is named in the legend instead.
fn cap_levels(runs: &[(PathBuf, Scenario, Outcome)], figure: &mut Figure) {
    let colours = series_colours(runs.len());
    let mut caps: Vec<Money> = runs.iter().filter_map(|(_, s, _)| s.share.cap).collect();
    caps.sort();
    caps.dedup();
    let top = runs
        .iter()
        .flat_map(|(_, _, o)| o.periods.last().map(|p| f(p.cumulative_paid)))
        .fold(0.0, f64::max);
    for c in caps {
        let sharing: Vec<usize> = (0..runs.len())
            .filter(|i| runs[*i].1.share.cap == Some(c))
            .collect();
        let amount = cap(Some(c), &figure.currency);
        let names: Vec<&str> = sharing.iter().map(|i| runs[*i].1.name.as_str()).collect();
        let label = match names.as_slice() {
            [one] => format!("cap {amount} · {}", shorten(one, 40)),
            all if names.join(", ").chars().count() <= 48 => {
                format!("cap {amount} · {}", all.join(", "))
            }
            all => format!("cap {amount} · {} scenarios", all.len()),
        };
        if f(c) > top * OFF_CHART {
            // A cap far above every line would flatten them all: named, not drawn.
            figure.legend.push(LegendItem {
                label: format!("{label} (above the chart)"),
                colour: colours[sharing[0]],
                swatch: Swatch::Dashed,
            });
            continue;
        }
        for (k, i) in sharing.iter().enumerate() {
            figure.levels.push(Level {
                label: if k == 0 { label.clone() } else { String::new() },
                y: f(c),
                colour: colours[*i],
            });
        }
    }
    if !figure.levels.is_empty() {
        figure.legend.push(LegendItem {
            label: "cap (dashed, in the scenario's colour)".into(),
            colour: MUTED,
            swatch: Swatch::Dashed,
        });
    }
}

/// Position of the end of `date` on a year axis whose slot 0 is `first_year`.
fn year_position(first_year: i16, date: Date) -> f64 {
    let start = Date::new(date.year(), 1, 1).unwrap_or(date);
    let fraction = days_inclusive(start, date) as f64 / f64::from(date.days_in_year());
    f64::from(date.year() - first_year) - 0.5 + fraction
}

/// Cumulative paid over calendar years, a line per run (reused by the sweep chart).
pub fn cumulative(runs: &[(PathBuf, Scenario, Outcome)], mut figure: Figure) -> Figure {
    figure.title = "Cumulative share paid, by scenario".into();
    let first = runs
        .iter()
        .map(|(_, s, _)| s.start.year())
        .min()
        .unwrap_or(2026);
    let last = runs
        .iter()
        .map(|(_, s, _)| s.end.year())
        .max()
        .unwrap_or(first);
    figure.x_labels = (first..=last).map(|y| y.to_string()).collect();
    let colours = series_colours(runs.len());
    for ((_, s, o), colour) in runs.iter().zip(colours) {
        let mut points = vec![(
            year_position(first, s.start) - 1.0 / f64::from(s.start.days_in_year()),
            0.0,
        )];
        points.extend(
            o.periods
                .iter()
                .map(|p| (year_position(first, p.end), f(p.cumulative_paid))),
        );
        let mark = Mark::nth(figure.series.len());
        figure.series.push(Series {
            name: s.name.clone(),
            colour,
            points,
            stroke: Stroke::Solid,
            mark: Some(mark),
        });
        figure.legend.push(LegendItem {
            label: s.name.clone(),
            colour,
            swatch: Swatch::Marked(mark),
        });
    }
    figure
}

fn paid(runs: &[(PathBuf, Scenario, Outcome)], mut figure: Figure) -> Figure {
    figure.title = "Total share paid per scenario, by cloud".into();
    figure.x_labels = runs.iter().map(|(_, s, _)| s.name.clone()).collect();
    figure.wrap_x_labels = true;
    figure.bar_labels = runs
        .iter()
        .map(|(_, _, o)| compact(o.summary.paid, &figure.currency))
        .collect();
    let mut clouds: Vec<String> = Vec::new();
    for (_, _, o) in runs {
        for c in &o.clouds {
            if !clouds.contains(&c.cloud) {
                clouds.push(c.cloud.clone());
            }
        }
    }
    for (cloud, colour) in clouds.iter().zip(cloud_colours(&clouds)) {
        let values = runs
            .iter()
            .map(|(_, _, o)| {
                o.clouds
                    .iter()
                    .find(|c| c.cloud == *cloud)
                    .map_or(0.0, |c| f(c.paid))
            })
            .collect();
        figure.bars.push(BarLayer {
            name: cloud.clone(),
            colour,
            values,
        });
        figure.legend.push(LegendItem {
            label: cloud.clone(),
            colour,
            swatch: Swatch::Box,
        });
    }
    figure
}
