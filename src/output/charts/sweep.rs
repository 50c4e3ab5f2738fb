//! The charts of `sweep` (SPEC §4): `sweep_cumulative` (cumulative paid over time, a line per
//! case, at most 40 — an evenly spaced sample beyond that, named in the subtitle) and
//! `sweep_totals` (paid, foregone and NPV against the first varied key, one group of lines per
//! value of the second key, the binding threshold marked when the first key is the cap).
//!
//! Everything a reader sees is in their words: "cap" rather than `share.cap`, `15%` rather
//! than `0.150000`, `$38B`, dates as dates; the subtitle names the scenario, the deal terms the
//! sweep leaves fixed, and every case the chart leaves out.

use super::figure::{Figure, LegendItem, Marker, Series, Stroke, Swatch};
use super::marks::{Mark, blend};
use super::text::{cap, money};
use super::theme::{INK, MARKER, series_colours};
use crate::model::Scenario;
use crate::money::{Money, Rate};
use crate::outcome::{Outcome, Summary};
use crate::output::format::{compact, percent_exact};
use crate::scenario::overrides::Key;
use crate::sweep::values::Value;
use plotters::style::RGBColor;
use rust_decimal::prelude::ToPrimitive;
use std::path::PathBuf;

/// At most this many lines in `sweep_cumulative`.
pub const MAX_LINES: usize = 40;
/// At most this many cases are named one by one in a legend; beyond, a colour scale.
pub const MAX_NAMED: usize = 8;
/// The colour scale of many cases: light blue (first case) to dark blue (last).
const LIGHT: RGBColor = RGBColor(0x9E, 0xCA, 0xE1);
const DARK: RGBColor = RGBColor(0x08, 0x30, 0x6B);

fn f(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

/// What every sweep chart says about where its numbers come from.
#[derive(Clone, Debug)]
pub struct Context {
    /// `Base case · rate 20% · sunset 2030-12-31 · 45-day payment lag`: the scenario and the
    /// deal terms the sweep does not vary.
    pub heading: String,
    pub currency: String,
    /// The scenario file, for the footnote.
    pub source: String,
}

impl Context {
    /// The heading from the base scenario (after `--set`) and the varied keys' texts.
    pub fn new(base: &Scenario, varied: &[String], source: String) -> Context {
        let fixed = |key: &str| !varied.iter().any(|v| v == key);
        let share = &base.share;
        let mut parts = vec![base.name.clone()];
        if fixed("share.rate") {
            parts.push(format!("rate {}", percent_exact(share.rate)));
        }
        if fixed("share.cap") {
            parts.push(match share.cap {
                Some(c) => format!("cap {}", money(c, &base.currency)),
                None => "uncapped".into(),
            });
        }
        if fixed("share.sunset") {
            parts.push(format!("sunset {}", share.sunset));
        }
        if fixed("share.payment_lag_days") {
            parts.push(format!("{}-day payment lag", share.payment_lag_days));
        }
        Context {
            heading: parts.join(" · "),
            currency: base.currency.clone(),
            source,
        }
    }

    fn figure(&self, what: String) -> Figure {
        Figure {
            subtitle: format!("{} · {what}", self.heading),
            footnote: format!(
                "Source: revshare {}, {} · Projections are assumptions, not forecasts.",
                env!("CARGO_PKG_VERSION"),
                self.source
            ),
            currency: self.currency.clone(),
            ..Figure::default()
        }
    }
}

/// A varied key as a reader says it: `cap`, `rate`, `sunset`, `API on AWS growth`.
pub fn key_name(key: &Key) -> String {
    crate::output::format::key_label(&key.text())
}

/// A value as a reader says it: `$38B`, `uncapped`, `15%`, `2030-12-31`, `45 days`.
pub fn value_label(value: &Value, currency: &str) -> String {
    match value {
        Value::Cap(c) => cap(*c, currency),
        Value::Rate(r) => percent_exact(Rate(*r)),
        other => other.readable(currency),
    }
}

/// A key and its value as a reader says them: `cap $20B`, `rate 15%`, but `uncapped`.
pub fn key_value(key: &str, value: &str) -> String {
    if value == "uncapped" {
        value.to_owned()
    } else {
        format!("{key} {value}")
    }
}

/// `sweep_cumulative` from the sampled cases, each scenario named by its key values
/// (`rate 15% · cap $20B`). Up to [`MAX_NAMED`] lines get a legend entry each; more are shaded
/// light (first case) to dark (last), the legend naming the two ends: `scale` is
/// `("cap $20B", "cap $60B")`.
pub fn cumulative(
    ctx: &Context,
    cases: &[(Scenario, Outcome)],
    total_cases: u64,
    scale: (String, String),
) -> Figure {
    let what = if (cases.len() as u64) < total_cases {
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
    let mut figure = super::compare::cumulative(&runs, ctx.figure(what));
    figure.title = "Cumulative share paid, by sweep case".into();
    if figure.series.len() > MAX_NAMED {
        let n = figure.series.len().max(2) - 1;
        for (i, line) in figure.series.iter_mut().enumerate() {
            line.colour = blend(LIGHT, DARK, i as f64 / n as f64);
            line.mark = None;
        }
        figure.legend = vec![LegendItem {
            label: format!("{} → {}", scale.0, scale.1),
            colour: DARK,
            swatch: Swatch::Scale(LIGHT, DARK),
        }];
    }
    figure
}

/// One group of `sweep_totals` lines: the summaries along the first key at one value of the
/// second (`label` is that value, `None` when only one key varies).
#[derive(Clone, Debug)]
pub struct Group {
    pub label: Option<String>,
    pub summaries: Vec<Summary>,
}

/// What `sweep_totals` plots along its axis.
#[derive(Clone, Debug)]
pub struct Totals {
    /// The first key, as a reader says it (`rate`).
    pub x_key: String,
    /// The first key's sampled values, as labels.
    pub x_labels: Vec<String>,
    /// The second key, when there is one (`cap`).
    pub line_key: Option<String>,
    pub groups: Vec<Group>,
    /// Cases left out, said on the chart: `other keys at: sunset 2030-12-31`.
    pub note: Option<String>,
    /// Whether the first key is the cap (the binding threshold is marked then).
    pub cap_key: bool,
}

type SummaryField = fn(&Summary) -> Money;

/// The three metrics of a group: paid solid, foregone dashed, NPV dotted, in the group's colour.
const METRICS: [(&str, Stroke, Swatch, SummaryField); 3] = [
    ("paid", Stroke::Solid, Swatch::Line, |s| s.paid),
    (
        "foregone (above the cap)",
        Stroke::Dashed,
        Swatch::Dashed,
        |s| s.foregone,
    ),
    ("NPV of paid", Stroke::Dotted, Swatch::Dotted, |s| s.npv),
];

/// `sweep_totals`: paid, foregone and NPV for each sampled value of the first key, a colour
/// per value of the second key.
pub fn totals(ctx: &Context, t: &Totals) -> Figure {
    let mut what = match &t.line_key {
        Some(k) => format!("a colour per {k}"),
        None => format!("against {}", t.x_key),
    };
    if let Some(note) = &t.note {
        what = format!("{what} · {note}");
    }
    let mut figure = ctx.figure(what);
    figure.title = match &t.line_key {
        Some(k) => format!("Share paid, foregone and NPV by {}, per {k}", t.x_key),
        None => format!("Share paid, foregone and NPV by {}", t.x_key),
    };
    figure.x_labels = t.x_labels.clone();
    for (name, _, swatch, _) in METRICS {
        figure.legend.push(LegendItem {
            label: name.into(),
            colour: if t.line_key.is_some() {
                INK
            } else {
                series_colours(1)[0]
            },
            swatch,
        });
    }
    let colours = series_colours(t.groups.len());
    for (k, (group, colour)) in t.groups.iter().zip(colours).enumerate() {
        push_group(&mut figure, group, (colour, Mark::nth(k)), &t.line_key);
    }
    if t.cap_key {
        mark_thresholds(&mut figure, t, &ctx.currency);
    }
    figure
}

/// A group's three lines; with several groups the paid line carries the group's point mark,
/// so that paid lines held at the same cap (they coincide) all stay visible.
fn push_group(
    figure: &mut Figure,
    group: &Group,
    (colour, mark): (RGBColor, Mark),
    key: &Option<String>,
) {
    for (name, stroke, _, field) in METRICS {
        let points = group
            .summaries
            .iter()
            .enumerate()
            .map(|(i, s)| (i as f64, f(field(s))))
            .collect();
        let name = match &group.label {
            Some(v) => format!("{name}, {v}"),
            None => name.to_owned(),
        };
        figure.series.push(Series {
            name,
            colour,
            points,
            stroke,
            mark: (key.is_some() && stroke == Stroke::Solid).then_some(mark),
        });
    }
    if let (Some(k), Some(v)) = (key, &group.label) {
        figure.legend.push(LegendItem {
            label: key_value(k, v),
            colour,
            swatch: Swatch::Marked(mark),
        });
    }
}

/// The binding threshold of each group (the smallest cap never reached), where it falls
/// among the sampled caps: one marker when every group has the same, else one per group in
/// its colour, naming the group.
fn mark_thresholds(figure: &mut Figure, t: &Totals, currency: &str) {
    let colours = series_colours(t.groups.len());
    let mut seen: Vec<Money> = Vec::new();
    for (group, colour) in t.groups.iter().zip(colours) {
        let Some(first) = group.summaries.first() else {
            continue;
        };
        let threshold = first.binding_threshold;
        if seen.contains(&threshold) {
            continue;
        }
        seen.push(threshold);
        let Some(x) = threshold_position(&group.summaries) else {
            continue;
        };
        let (label, colour) = match &group.label {
            Some(v) if t.groups.len() > 1 => (
                format!("threshold {}, {v}", compact(threshold, currency)),
                colour,
            ),
            _ => (
                format!(
                    "binding threshold {}: higher caps are never reached",
                    compact(threshold, currency)
                ),
                MARKER,
            ),
        };
        figure.markers.push(Marker { label, x, colour });
    }
}

/// Where the binding threshold falls among the sampled caps, interpolated between neighbours.
fn threshold_position(points: &[Summary]) -> Option<f64> {
    let threshold = f(points.first()?.binding_threshold);
    let caps: Vec<Option<f64>> = points.iter().map(|s| s.cap.map(f)).collect();
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
