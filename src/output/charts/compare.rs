//! The charts of `compare` (SPEC §4): `compare_cumulative` (cumulative paid over time, a line
//! per scenario) and `compare_paid` (total paid per scenario, stacked by cloud). Scenarios may
//! differ in period kind and horizon, so the time axis is calendar years.

use super::figure::{BarLayer, Figure, LegendItem, Line, Swatch};
use super::theme::{cloud_colours, series_colours};
use crate::dates::days_inclusive;
use crate::model::Scenario;
use crate::money::Money;
use crate::outcome::Outcome;
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
    let base = Figure {
        subtitle: format!("{} scenarios: {}", runs.len(), names.join(" · ")),
        footnote: format!(
            "Source: revshare {} · Projections are assumptions, not forecasts.",
            env!("CARGO_PKG_VERSION")
        ),
        currency,
        ..Figure::default()
    };
    vec![
        ("compare_cumulative", cumulative(runs, base.clone())),
        ("compare_paid", paid(runs, base)),
    ]
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
        figure.lines.push(Line {
            name: s.name.clone(),
            colour,
            points,
            dashed: false,
        });
        figure.legend.push(LegendItem {
            label: s.name.clone(),
            colour,
            swatch: Swatch::Line,
        });
    }
    figure
}

fn paid(runs: &[(PathBuf, Scenario, Outcome)], mut figure: Figure) -> Figure {
    figure.title = "Total share paid per scenario, by cloud".into();
    figure.x_labels = runs.iter().map(|(_, s, _)| s.name.clone()).collect();
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
