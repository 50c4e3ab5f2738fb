//! The three charts of `run` (SPEC §4): `revenue_by_cloud`, `payments` and `cumulative`.
//! They answer "how much, from which clouds, and when does the cap bind" at a glance.

use super::figure::{BarLayer, Figure, LegendItem, Level, Line, Marker, Swatch};
use super::theme::{CAP, FOREGONE, INK, MARKER, MUTED, cloud_colours};
use crate::dates::days_inclusive;
use crate::model::Scenario;
use crate::money::Money;
use crate::outcome::{Outcome, PeriodRow};
use crate::output::format::{compact, percent};
use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;

/// The chart file stems of `run`, in the order they are written.
pub const NAMES: [&str; 3] = ["revenue_by_cloud", "payments", "cumulative"];

/// Builds the three figures. `source` names the scenario file for the footnote; `overrides`
/// are the `--set KEY=VALUE` applied to it, named in the subtitle so a chart of a changed case
/// never passes for the file's own.
pub fn figures(
    scenario: &Scenario,
    outcome: &Outcome,
    source: &str,
    overrides: &[String],
) -> Vec<(&'static str, Figure)> {
    let mut base = base_figure(scenario, outcome, source);
    if !overrides.is_empty() {
        base.subtitle = format!("{} · with --set {}", base.subtitle, overrides.join(", "));
    }
    vec![
        (NAMES[0], revenue_by_cloud(scenario, outcome, base.clone())),
        (NAMES[1], payments(scenario, outcome, base.clone())),
        (NAMES[2], cumulative(scenario, outcome, base)),
    ]
}

/// Title-less figure with the subtitle, footnote, currency and period labels every run chart
/// shares.
fn base_figure(scenario: &Scenario, outcome: &Outcome, source: &str) -> Figure {
    let share = &scenario.share;
    let cap = share.cap.map_or("uncapped".to_owned(), |c| {
        let cur = &scenario.currency;
        if share.paid_before.is_zero() {
            format!("cap {}", compact(c, cur))
        } else {
            format!(
                "cap {}, {} paid before",
                compact(c, cur),
                compact(share.paid_before, cur)
            )
        }
    });
    Figure {
        subtitle: format!(
            "{} · rate {} · {cap} · sunset {} · {}-day payment lag",
            scenario.name,
            percent(share.rate),
            share.sunset,
            share.payment_lag_days
        ),
        footnote: format!(
            "Source: revshare {}, {source} · Projections are assumptions, not forecasts.",
            env!("CARGO_PKG_VERSION")
        ),
        currency: scenario.currency.clone(),
        x_labels: outcome.periods.iter().map(|p| p.period.clone()).collect(),
        ..Figure::default()
    }
}

/// Chart coordinates are the one place money becomes f64: for drawing only.
fn f(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

/// Per cloud (in `outcome.clouds` order), per period: the sum of a stream-row field.
fn by_cloud(
    scenario: &Scenario,
    outcome: &Outcome,
    field: fn(&crate::outcome::StreamRow) -> Money,
) -> Vec<Vec<f64>> {
    let mut grid = vec![vec![Money::ZERO; outcome.periods.len()]; outcome.clouds.len()];
    for row in &outcome.streams {
        let cloud = &scenario.streams[row.stream].cloud;
        if let Some(c) = outcome.clouds.iter().position(|r| r.cloud == *cloud) {
            grid[c][row.period] = grid[c][row.period] + field(row);
        }
    }
    grid.into_iter()
        .map(|v| v.into_iter().map(f).collect())
        .collect()
}

fn cloud_layers(outcome: &Outcome, values: Vec<Vec<f64>>) -> (Vec<BarLayer>, Vec<LegendItem>) {
    let names: Vec<String> = outcome.clouds.iter().map(|c| c.cloud.clone()).collect();
    let colours = cloud_colours(&names);
    let layers = names
        .iter()
        .zip(&colours)
        .zip(values)
        .map(|((name, colour), values)| BarLayer {
            name: name.clone(),
            colour: *colour,
            values,
        })
        .collect();
    let legend = names
        .iter()
        .zip(colours)
        .map(|(name, colour)| LegendItem {
            label: name.clone(),
            colour,
            swatch: Swatch::Box,
        })
        .collect();
    (layers, legend)
}

fn revenue_by_cloud(scenario: &Scenario, outcome: &Outcome, mut figure: Figure) -> Figure {
    figure.title = format!("Revenue by cloud, per {}", scenario.period.as_str());
    let (bars, legend) = cloud_layers(outcome, by_cloud(scenario, outcome, |r| r.revenue));
    figure.bars = bars;
    figure.legend = legend;
    figure
}

fn payments(scenario: &Scenario, outcome: &Outcome, mut figure: Figure) -> Figure {
    figure.title = format!(
        "Revenue share paid per {}, by cloud",
        scenario.period.as_str()
    );
    let (mut bars, mut legend) = cloud_layers(outcome, by_cloud(scenario, outcome, |r| r.paid));
    if outcome.periods.iter().any(|p| !p.foregone.is_zero()) {
        bars.push(BarLayer {
            name: "foregone".into(),
            colour: FOREGONE,
            values: outcome.periods.iter().map(|p| f(p.foregone)).collect(),
        });
        legend.push(LegendItem {
            label: "foregone (above the cap)".into(),
            colour: FOREGONE,
            swatch: Swatch::Box,
        });
    }
    figure.bars = bars;
    figure.legend = legend;
    if let Some(x) = position(&outcome.periods, scenario.share.sunset) {
        figure.markers.push(Marker {
            label: format!("sunset {}", scenario.share.sunset),
            x,
            colour: MARKER,
        });
    }
    figure
}

fn cumulative(scenario: &Scenario, outcome: &Outcome, mut figure: Figure) -> Figure {
    figure.title = "Cumulative share paid against the cap".into();
    let running = |field: fn(&PeriodRow) -> Money| {
        let mut total = Money::ZERO;
        let mut points = vec![(-0.5, 0.0)];
        for (i, p) in outcome.periods.iter().enumerate() {
            total = total + field(p);
            points.push((i as f64 + 0.5, f(total)));
        }
        points
    };
    let s = &outcome.summary;
    if !s.foregone.is_zero() {
        figure.lines.push(Line {
            name: "accrued".into(),
            colour: MUTED,
            points: running(|p| p.accrued),
            dashed: true,
        });
        figure.legend.push(LegendItem {
            label: "cumulative accrued (before the cap)".into(),
            colour: MUTED,
            swatch: Swatch::Dashed,
        });
    }
    // Cumulative paid as the engine wrote it in periods.csv.
    let mut paid = vec![(-0.5, 0.0)];
    for (i, p) in outcome.periods.iter().enumerate() {
        paid.push((i as f64 + 0.5, f(p.cumulative_paid)));
    }
    // The cap is reached mid-period: bend the line at the hit date, where the engine says the
    // cumulative pro-rated accrual meets the cap, instead of at the period's end.
    // What was paid before the scenario (SPEC §7.2) is not on the paid line: the line meets
    // what the cap leaves, and the cap's level is drawn there.
    let left = s.cap.map(|cap| cap - s.paid_before);
    if let (Some(left), Some(x)) = (
        left,
        s.cap_hit_date.and_then(|d| position(&outcome.periods, d)),
    ) {
        paid.push((x, f(left)));
        paid.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    figure.lines.push(Line {
        name: "paid".into(),
        colour: INK,
        points: paid,
        dashed: false,
    });
    figure.legend.push(LegendItem {
        label: format!("cumulative paid: {}", compact(s.paid, &scenario.currency)),
        colour: INK,
        swatch: Swatch::Line,
    });
    if let (Some(cap), Some(left)) = (s.cap, left) {
        let reached = s
            .cap_hit_date
            .map_or(" · not reached".to_owned(), |d| format!(" · reached {d}"));
        let cur = &scenario.currency;
        let label = if s.paid_before.is_zero() {
            format!("cap {}{reached}", compact(cap, cur))
        } else {
            // The subtitle gives the cap and what was paid before; the level is what is left.
            format!(
                "{} paid before · {} left{reached}",
                compact(s.paid_before, cur),
                compact(left, cur)
            )
        };
        figure.levels.push(Level {
            label: label.clone(),
            y: f(left),
            colour: CAP,
        });
        figure.legend.push(LegendItem {
            label,
            colour: CAP,
            swatch: Swatch::Dashed,
        });
    } else {
        figure.legend.push(LegendItem {
            label: "uncapped".into(),
            colour: MUTED,
            swatch: Swatch::Box,
        });
    }
    if let Some(date) = s.cap_hit_date
        && let Some(x) = position(&outcome.periods, date)
    {
        figure.markers.push(Marker {
            label: format!("cap reached {date}"),
            x,
            colour: MARKER,
        });
    }
    figure
}

/// Where the end of `date` falls on the slot axis, if inside the horizon: slot i spans
/// i − 0.5 .. i + 0.5 and days are spread evenly across it.
fn position(periods: &[PeriodRow], date: Date) -> Option<f64> {
    let (i, p) = periods
        .iter()
        .enumerate()
        .find(|(_, p)| p.start <= date && date <= p.end)?;
    let fraction = days_inclusive(p.start, date) as f64 / days_inclusive(p.start, p.end) as f64;
    Some(i as f64 - 0.5 + fraction)
}
