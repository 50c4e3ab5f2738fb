//! The charts of `mc` (SPEC §7.3): `mc_fan` (cumulative paid over the periods: the P5–P95 and
//! P25–P75 bands of the paths, their median and the cap), `mc_paid` (a histogram of total
//! paid per path with P5, P50 and P95 marked; with `--cap` the first [`MAX_OVERLAID`] caps
//! overlaid, the rest named as left out) and `mc_binds` (the chance that the cap is reached
//! by each date, a line per cap).
//!
//! Every number arrives computed by the Monte Carlo summary (quantiles are nearest-rank paths,
//! probabilities exact); the charts only bin paid amounts for the histogram and place things.
//! Labels are in a reader's words: `cap $38B`, `$36.2B`, `61%`, dates as dates; the subtitle
//! names the scenario, the paths, the sampling, the seed and what is drawn.

use super::axis::nice_ceiling;
use super::figure::{
    Band, Columns, Figure, Interval, LegendItem, Level, Line, Marker, Place, PointLabel, Series,
    Stroke, Swatch, XAxis, YAxis,
};
use super::marks::{Mark, blend};
use super::text::{money, money_distinct};
use super::theme::{CAP, FAN_INNER, FAN_OUTER, INK, MARKER, MUTED, series_colours};
use crate::money::Money;
use crate::montecarlo::sampling::Sampling;
use crate::output::format::group_digits;
use jiff::civil::Date;
use plotters::style::RGBColor;
use plotters::style::colors::WHITE;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// At most this many caps' histograms are overlaid in `mc_paid`; the rest are named in a note.
pub const MAX_OVERLAID: usize = 6;

/// Chart coordinates are the one place money becomes f64: for drawing only.
fn f(m: Money) -> f64 {
    m.as_decimal().to_f64().unwrap_or(0.0)
}

fn dollars(cents: i128) -> f64 {
    cents as f64 / 100.0
}

/// What every Monte Carlo chart says about where its numbers come from.
#[derive(Clone, Debug)]
pub struct Context {
    /// The scenario's name.
    pub scenario: String,
    pub currency: String,
    /// The scenario file, for the footnote.
    pub source: String,
    /// How many paths (`--paths`).
    pub paths: u64,
    pub seed: u64,
    pub sampling: Sampling,
    /// What is drawn, as a reader says it, one entry per key in draw order:
    /// `cap pert($20B, $38B, $60B)`, `revenue scale lognormal(1, 0.25)`.
    pub draws: Vec<String>,
    /// Whether `--cap` was given: each chart then shows one cap of a list (or several caps),
    /// and the fan's title names its cap.
    pub cap_list: bool,
}

impl Context {
    /// `Base case · 10,000 paths, Latin hypercube sampling, seed 1 · drawn: cap pert(…)`.
    fn heading(&self) -> String {
        let sampling = match self.sampling {
            Sampling::Lhs => "Latin hypercube sampling",
            Sampling::Random => "random sampling",
        };
        let paths = group_digits(&self.paths.to_string());
        let unit = if self.paths == 1 { "path" } else { "paths" };
        let mut parts = vec![
            self.scenario.clone(),
            format!("{paths} {unit}, {sampling}, seed {}", self.seed),
        ];
        if !self.draws.is_empty() {
            parts.push(format!("drawn: {}", self.draws.join(", ")));
        }
        parts.join(" · ")
    }

    fn figure(&self) -> Figure {
        Figure {
            subtitle: self.heading(),
            footnote: format!(
                "Source: revshare {}, {} · Each path is a run of the scenario with its drawn \
                 values · Projections are assumptions, not forecasts.",
                env!("CARGO_PKG_VERSION"),
                self.source
            ),
            currency: self.currency.clone(),
            ..Figure::default()
        }
    }
}

/// The cap the paths of one chart (or one line, one histogram) run under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cap {
    /// Every path has this cap and had `paid_before` paid toward it already (SPEC §7.2): the
    /// paid amounts meet `cap − paid_before`, where the cap line is drawn.
    Fixed {
        cap: Money,
        paid_before: Money,
    },
    Uncapped,
    /// The cap, or what was paid before it, is drawn and differs from path to path: no line.
    Drawn,
}

impl Cap {
    /// `cap $38B`, `uncapped`, `cap drawn per path`.
    pub fn label(&self, currency: &str) -> String {
        match self {
            Cap::Fixed { cap, .. } => format!("cap {}", money(*cap, currency)),
            Cap::Uncapped => "uncapped".into(),
            Cap::Drawn => "cap drawn per path".into(),
        }
    }

    /// What the cap leaves for the scenario's own payments: where paid piles up.
    fn level(&self) -> Option<Money> {
        match self {
            Cap::Fixed { cap, paid_before } => Some(*cap - *paid_before),
            _ => None,
        }
    }

    /// The cap line's label: the cap, and what was paid before and what that leaves.
    fn line_label(&self, currency: &str) -> String {
        match self {
            Cap::Fixed { cap, paid_before } if !paid_before.is_zero() => format!(
                "cap {} · {} paid before · {} left",
                money(*cap, currency),
                money(*paid_before, currency),
                money(*cap - *paid_before, currency)
            ),
            other => other.label(currency),
        }
    }
}

/// One period of `mc_fan`: the nearest-rank quantiles of cumulative paid at its end over the
/// paths (a row of `mc_cumulative.csv`).
#[derive(Clone, Debug)]
pub struct FanPeriod {
    /// The period's label as in `periods.csv` (`2026-Q1`): the x axis names periods so.
    pub period: String,
    pub end: Date,
    pub p5: Money,
    pub p25: Money,
    pub p50: Money,
    pub p75: Money,
    pub p95: Money,
}

/// `mc_fan`'s data: the periods in order and the cap the paths run under.
#[derive(Clone, Debug)]
pub struct Fan {
    pub cap: Cap,
    pub periods: Vec<FanPeriod>,
}

/// `mc_fan`: cumulative paid at each period end — the P5–P95 band (light), the P25–P75 band
/// (darker), the median line — against the cap line (at what the cap leaves after
/// `paid_before`, as on `run`'s cumulative chart). With `--cap` ([`Context::cap_list`]) the
/// title names the cap: one chart per cap, `mc_fan_1`, `mc_fan_2`, ….
pub fn fan(ctx: &Context, data: &Fan) -> Figure {
    let mut figure = ctx.figure();
    let cur = &ctx.currency;
    figure.title = if ctx.cap_list {
        format!(
            "Cumulative share paid, {}: range over the paths",
            data.cap.label(cur)
        )
    } else {
        "Cumulative share paid: range over the paths".into()
    };
    figure.x_labels = data.periods.iter().map(|p| p.period.clone()).collect();
    // Each quantile from zero at the start of the first period to its value at each end.
    let along = |q: fn(&FanPeriod) -> Money| {
        let mut points = vec![(-0.5, 0.0)];
        points.extend(
            data.periods
                .iter()
                .enumerate()
                .map(|(i, p)| (i as f64 + 0.5, f(q(p)))),
        );
        points
    };
    figure.bands = vec![
        Band {
            name: "P5–P95".into(),
            colour: FAN_OUTER,
            lower: along(|p| p.p5),
            upper: along(|p| p.p95),
        },
        Band {
            name: "P25–P75".into(),
            colour: FAN_INNER,
            lower: along(|p| p.p25),
            upper: along(|p| p.p75),
        },
    ];
    figure.lines.push(Line {
        name: "median".into(),
        colour: INK,
        points: along(|p| p.p50),
        dashed: false,
    });
    // The legend gives the spread at the last period end when there is one (when every
    // path ends at the cap, the cap line says it).
    let last = data.periods.last().filter(|p| p.p5 != p.p95);
    let l = last.map(|p| money_distinct(&[p.p5, p.p25, p.p50, p.p75, p.p95], cur));
    let legend = match (last, l) {
        (Some(last), Some(l)) => {
            let by = format!("by {}", last.end);
            [
                format!("P5–P95: {}–{} {by}", l[0], l[4]),
                format!("P25–P75: {}–{} {by}", l[1], l[3]),
                format!("median: {} {by}", l[2]),
            ]
        }
        _ => [
            "P5–P95 of the paths".into(),
            "P25–P75 of the paths".into(),
            "median (P50)".into(),
        ],
    };
    let swatches = [
        (FAN_OUTER, Swatch::Box),
        (FAN_INNER, Swatch::Box),
        (INK, Swatch::Line),
    ];
    for (label, (colour, swatch)) in legend.into_iter().zip(swatches) {
        figure.legend.push(LegendItem {
            label,
            colour,
            swatch,
        });
    }
    match data.cap {
        Cap::Fixed { .. } => {
            let label = data.cap.line_label(cur);
            if let Some(level) = data.cap.level() {
                figure.levels.push(Level {
                    label: label.clone(),
                    y: f(level),
                    colour: CAP,
                });
            }
            figure.legend.push(LegendItem {
                label,
                colour: CAP,
                swatch: Swatch::Dashed,
            });
        }
        Cap::Uncapped => figure.legend.push(LegendItem {
            label: "uncapped".into(),
            colour: MUTED,
            swatch: Swatch::Box,
        }),
        Cap::Drawn => figure.legend.push(LegendItem {
            label: "drawn cap: no single cap line".into(),
            colour: MUTED,
            swatch: Swatch::Box,
        }),
    }
    figure
}

/// One histogram of `mc_paid`: every path's total paid under one cap, in cents (in path
/// order or any order), and its nearest-rank P5, P50 and P95 (`mc_summary.csv`).
#[derive(Clone, Debug)]
pub struct PaidDistribution<'a> {
    pub cap: Cap,
    pub paid: &'a [i128],
    pub p5: Money,
    pub p50: Money,
    pub p95: Money,
}

/// Histogram bins shared by every overlaid distribution, so that their bars line up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bins {
    /// The left edge of the first bin, in cents.
    pub first: i128,
    /// The width of every bin, in cents: a round amount.
    pub width: i128,
    /// Per distribution, the number of paths in each bin.
    pub counts: Vec<Vec<u64>>,
}

impl Bins {
    /// Bin `k` spans `(first + k·width, first + (k+1)·width]`, closed on the right so that
    /// paths held at a cap fall in the bin that ends at the cap, left of a cap line drawn
    /// there, never right of it (which would read as paid above the cap); the first bin is
    /// closed on both sides.
    ///
    /// The width is the smallest round amount (1, 2, 2.5 or 5 × 10^k cents) that covers the
    /// range of all the distributions in at most `target` bins, where `target` is the Rice
    /// rule's 2·∛N clamped to 10..=40 (N the paths of the largest distribution): about 40
    /// bins for 10,000 paths, enough to show a distribution's shape and few enough that every
    /// bar stays visible, and fewer for a few paths so that bars are not mostly empty. A round
    /// width lets a reader read a bar as "$36–36.5B". Freedman–Diaconis was not used: it
    /// scales with the interquartile range, which is zero whenever more than half of the paths
    /// sit at the cap — the common case here. When every path paid the same, one bin of a
    /// round width is centred on the amount.
    pub fn new(distributions: &[&[i128]]) -> Bins {
        let all = distributions.iter().flat_map(|d| d.iter().copied());
        let (lo, hi) = all.fold((i128::MAX, i128::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
        if lo > hi {
            return Bins {
                first: 0,
                width: 100,
                counts: distributions.iter().map(|_| Vec::new()).collect(),
            };
        }
        let n = distributions.iter().map(|d| d.len()).max().unwrap_or(0);
        if lo == hi {
            let width = round_width(lo.abs() / 20, 100);
            // Centred on the amount; nothing paid on any path starts at zero instead, so the
            // axis does not run into negative amounts no path has.
            return Bins {
                first: if lo == 0 { 0 } else { lo - width / 2 },
                width,
                counts: distributions.iter().map(|d| vec![d.len() as u64]).collect(),
            };
        }
        let target = ((2.0 * (n as f64).cbrt()).ceil() as i128).clamp(10, 40);
        let width = round_width(ceil_div(hi - lo, target), 1);
        let first = lo.div_euclid(width) * width;
        let index = |v: i128| (ceil_div(v - first, width) - 1).max(0) as usize;
        let bins = index(hi) + 1;
        let counts = distributions
            .iter()
            .map(|d| {
                let mut counts = vec![0u64; bins];
                for &v in d.iter() {
                    counts[index(v).min(bins - 1)] += 1;
                }
                counts
            })
            .collect();
        Bins {
            first,
            width,
            counts,
        }
    }

    fn edge(&self, k: usize) -> f64 {
        dollars(self.first + self.width * k as i128)
    }

    fn bins(&self) -> usize {
        self.counts.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// `a / b` rounded up, for `a >= 0` and `b > 0`.
fn ceil_div(a: i128, b: i128) -> i128 {
    a / b + i128::from(a % b != 0)
}

/// The smallest of 1, 2, 2.5 and 5 × 10^k cents at or above `at_least` (and `floor`).
fn round_width(at_least: i128, floor: i128) -> i128 {
    let at_least = at_least.max(floor).max(1);
    let mut magnitude: i128 = 1;
    loop {
        for m in [10, 20, 25, 50] {
            // 2.5 × 10^0 cents is not a whole cent.
            if m == 25 && magnitude == 1 {
                continue;
            }
            let w = magnitude * m / 10;
            if w >= at_least {
                return w;
            }
        }
        match magnitude.checked_mul(10) {
            Some(next) => magnitude = next,
            None => return at_least,
        }
    }
}

/// A bar taller than this many times every other bin is cut (and labelled with its share):
/// paths held at the cap would otherwise flatten the rest of the distribution.
const SPIKE: f64 = 3.0;

/// `mc_paid`: the share of paths by total paid, in round-width bins shared by every
/// distribution ([`Bins::new`]). One distribution: filled bars, and P5, P50 and P95 as
/// vertical lines labelled with their values (values that coincide share a line; one at the
/// cap is the cap line), the labels in a band above the bars. Several (`--cap`): the first
/// [`MAX_OVERLAID`] as outlined histograms over one another, and in a strip above the plot
/// each cap's P5–P95 as a line with its median as a dot, labelled with the values; the rest
/// named in a note. A bar taller than three times every other (paths held at the cap) is
/// cut, with a break across its top; the legend says how many paths reach each cap.
pub fn paid(ctx: &Context, distributions: &[PaidDistribution<'_>]) -> Figure {
    let mut figure = ctx.figure();
    let cur = &ctx.currency;
    let shown = &distributions[..distributions.len().min(MAX_OVERLAID)];
    let left_out = &distributions[shown.len()..];
    figure.title = if shown.len() > 1 {
        format!("Total share paid per path, {} caps", shown.len())
    } else {
        "Total share paid per path".into()
    };
    if !left_out.is_empty() {
        let caps: Vec<String> = left_out.iter().map(|d| d.cap.label(cur)).collect();
        figure.note = format!(
            "{} more {} left out: {}",
            left_out.len(),
            if left_out.len() == 1 { "cap" } else { "caps" },
            caps.join(", ")
        );
    }
    let values: Vec<&[i128]> = shown.iter().map(|d| d.paid).collect();
    let bins = Bins::new(&values);
    let heights: Vec<Vec<f64>> = bins
        .counts
        .iter()
        .zip(shown)
        .map(|(counts, d)| {
            let n = d.paid.len().max(1) as f64;
            counts.iter().map(|c| *c as f64 / n).collect()
        })
        .collect();
    let cut = spike_cut(&heights);
    let bars_top = heights
        .iter()
        .flatten()
        .map(|h| cut.map_or(*h, |c| h.min(c)))
        .fold(0.0, f64::max)
        .max(1e-9);
    let (from, to) = paid_range(&bins, shown);
    figure.x_axis = XAxis::Money { from, to };
    figure.y_axis = YAxis::Percent;
    let several = shown.len() > 1;
    let colours = series_colours(shown.len());
    for (k, (d, colour)) in shown.iter().zip(&colours).enumerate() {
        let mut columns = Vec::new();
        for (i, h) in heights[k].iter().enumerate() {
            let (a, b) = (bins.edge(i), bins.edge(i + 1));
            columns.push((a, b, *h));
            if !several && cut.is_some_and(|c| *h > c) {
                figure.point_labels.push(PointLabel {
                    text: format!("{} of paths", share_label(*h)),
                    x: (a + b) / 2.0,
                    y: cut.unwrap_or(*h),
                    colour: INK,
                    place: Place::Above,
                });
            }
        }
        figure.columns.push(Columns {
            name: d.cap.label(cur),
            colour: *colour,
            bins: columns,
            fill: if several { 0.06 } else { 0.5 },
            outline: true,
            cut,
        });
    }
    // Room over a cut bar for its label; a share axis ends at 100% at most.
    let headroom = if cut.is_some() && !several {
        1.15
    } else {
        1.05
    };
    figure.y_max = Some(nice_ceiling(bars_top * headroom).min(1.0).max(bars_top));
    // The cap lines and the reach stand at what each cap leaves: say what was paid before.
    let before = shown.iter().find_map(|d| match d.cap {
        Cap::Fixed { paid_before, .. } if !paid_before.is_zero() => Some(paid_before),
        _ => None,
    });
    if let Some(before) = before {
        figure.subtitle = format!(
            "{} · {} paid toward the cap before",
            figure.subtitle,
            money(before, cur)
        );
    }
    let paths = group_digits(&ctx.paths.to_string());
    if several {
        for (d, colour) in shown.iter().zip(&colours) {
            figure.intervals.push(interval(d, *colour, cur));
            figure.legend.push(LegendItem {
                label: reach_label(d, cur),
                colour: *colour,
                swatch: Swatch::Box,
            });
        }
        figure.subtitle = format!(
            "{} · bars: share of the {paths} paths by total paid · above: P5 to P95, the dot \
             the median",
            figure.subtitle
        );
    } else if let Some(d) = shown.first() {
        quantile_markers(&mut figure, d, (from, to), cur);
        figure.markers_above = true;
        figure.legend.insert(
            0,
            LegendItem {
                label: format!("share of the {paths} paths"),
                colour: blend(WHITE, colours[0], 0.5),
                swatch: Swatch::Box,
            },
        );
    }
    figure
}

/// A cap and how many paths reach it: `cap $38B: reached on 62% of paths`. Paid is exactly
/// what the cap leaves on a path that reaches it, and less on any other.
fn reach_label(d: &PaidDistribution<'_>, currency: &str) -> String {
    let name = d.cap.label(currency);
    match d.cap.level() {
        Some(level) if !d.paid.is_empty() => {
            let level = level.cents();
            let reached = d.paid.iter().filter(|v| **v >= level).count();
            // As mc_binds' labels: "<1%" and ">99%" rather than a rounded 0% or 100%.
            let share = percent(Decimal::from(reached) / Decimal::from(d.paid.len()));
            format!("{name}: reached on {share} of paths")
        }
        _ => name,
    }
}

/// P5, P50 and P95 grouped by amount, each group named (`P5`, `P50, P95`, `P5–P95` when all
/// three are one amount) with the first of its `labels` (P5's, P50's, P95's).
fn quantile_groups<'l>(
    d: &PaidDistribution<'_>,
    labels: &'l [String],
) -> Vec<(Money, String, &'l String)> {
    let amounts = [d.p5, d.p50, d.p95];
    let mut groups: Vec<(Money, Vec<&str>, &String)> = Vec::new();
    for ((amount, name), label) in amounts.iter().zip(["P5", "P50", "P95"]).zip(labels) {
        match groups.iter_mut().find(|g| g.0 == *amount) {
            Some(g) => g.1.push(name),
            None => groups.push((*amount, vec![name], label)),
        }
    }
    groups
        .into_iter()
        .map(|(amount, names, label)| {
            let names = if names.len() == 3 {
                "P5–P95".to_owned()
            } else {
                names.join(", ")
            };
            (amount, names, label)
        })
        .collect()
}

/// A cap's row in the strip above `mc_paid`: P5 to P95 with the median, the cap named on the
/// left and the values on the right (`P5 $22.2B · P50, P95 $38B`).
fn interval(d: &PaidDistribution<'_>, colour: RGBColor, currency: &str) -> Interval {
    let labels = money_distinct(&[d.p5, d.p50, d.p95], currency);
    let right: Vec<String> = quantile_groups(d, &labels)
        .into_iter()
        .map(|(_, names, label)| format!("{names} {label}"))
        .collect();
    Interval {
        from: f(d.p5),
        mid: f(d.p50),
        to: f(d.p95),
        colour,
        left: d.cap.label(currency),
        right: right.join(" · "),
    }
}

/// Where to cut spikes: when the tallest bar of some distribution is more than [`SPIKE`]
/// times every bar that is not its distribution's tallest, at 1.6 times those.
fn spike_cut(heights: &[Vec<f64>]) -> Option<f64> {
    let mut rest = 0.0_f64;
    let mut tallest = 0.0_f64;
    for h in heights {
        let top = h.iter().copied().fold(0.0, f64::max);
        let mut skipped = false;
        for &v in h {
            if v == top && !skipped {
                skipped = true;
                continue;
            }
            rest = rest.max(v);
        }
        tallest = tallest.max(top);
    }
    (rest > 0.0 && tallest > SPIKE * rest).then_some(rest * 1.6)
}

/// The money axis of `mc_paid`: the bins with a bin's room each side, at least 20 bins wide
/// (one bin alone is not a wall), not below zero when nothing paid is, and reaching a cap
/// line drawn for a single distribution when it is near.
fn paid_range(bins: &Bins, shown: &[PaidDistribution<'_>]) -> (f64, f64) {
    let n = bins.bins() as i128;
    let pad = ((20 - n) / 2).max(1);
    let w = bins.width;
    let mut from = bins.first - pad * w;
    let mut to = bins.first + (n + pad) * w;
    if bins.first >= 0 && from < 0 {
        to -= from;
        from = 0;
    }
    if let [one] = shown
        && let Some(level) = one.cap.level()
    {
        let level = level.cents();
        if level > to - pad * w && level <= to + (to - from) / 4 {
            to = level + w;
        }
    }
    (dollars(from), dollars(to))
}

/// A share of paths: `62%`, `0.4%`, `<0.1%`, `100%`.
fn share_label(share: f64) -> String {
    let pct = share * 100.0;
    if pct >= 10.0 {
        format!("{pct:.0}%")
    } else if pct >= 0.1 {
        format!("{pct:.1}%")
    } else {
        "<0.1%".into()
    }
}

/// One distribution's P5, P50 and P95 as vertical lines labelled with their values; values
/// that coincide share one line (`P50, P95 $38B`), and a value at the cap says so. The cap
/// line is drawn in its colour where it is not one of them (and named in the legend when it
/// is off the chart).
fn quantile_markers(
    figure: &mut Figure,
    d: &PaidDistribution<'_>,
    (from, to): (f64, f64),
    currency: &str,
) {
    let level = d.cap.level();
    let mut amounts = vec![d.p5, d.p50, d.p95];
    amounts.extend(level);
    let labels = money_distinct(&amounts, currency);
    let groups = quantile_groups(d, &labels);
    let at_cap = level.is_some_and(|l| groups.iter().any(|g| g.0 == l));
    for (amount, names, label) in &groups {
        // A quantile at the cap is drawn as the cap line, in its colour.
        let (cap, colour) = if Some(*amount) == level {
            (" (cap reached)", CAP)
        } else {
            ("", MARKER)
        };
        figure.markers.push(Marker {
            label: format!("{names} {label}{cap}"),
            x: f(*amount),
            colour,
        });
    }
    if groups.iter().any(|g| Some(g.0) != level) {
        figure.legend.push(LegendItem {
            label: "P5 · P50 · P95 of paid".into(),
            colour: MARKER,
            swatch: Swatch::Dashed,
        });
    }
    if let (Some(level), Cap::Fixed { .. }) = (level, d.cap) {
        let line = d.cap.line_label(currency);
        let x = f(level);
        if !at_cap && x <= to && x >= from {
            figure.markers.push(Marker {
                label: line.clone(),
                x,
                colour: CAP,
            });
        }
        figure.legend.push(LegendItem {
            label: reach_label(d, currency),
            colour: CAP,
            swatch: Swatch::Dashed,
        });
    } else if d.cap == Cap::Uncapped {
        figure.legend.push(LegendItem {
            label: d.cap.label(currency),
            colour: MUTED,
            swatch: Swatch::Box,
        });
    }
}

/// One line of `mc_binds`: the cap the paths run under and, for each date, the share of paths
/// whose cap is reached on or before it (`mc_binds.csv`'s exact fraction in 0..=1).
#[derive(Clone, Debug)]
pub struct BindsLine {
    pub cap: Cap,
    pub probability: Vec<Decimal>,
}

/// `mc_binds`: the chance that the cap is reached by each date, in percent, a line per cap
/// with point marks. The x axis runs in years from the first date, labelled with the date a
/// whole number of years after it (the year ends, for SPEC §7.3's dates), so a sunset
/// between two year ends sits where it falls. One line: each point labelled with its
/// percentage. Several: the legend gives each cap's chance by the last date.
pub fn binds(ctx: &Context, dates: &[Date], lines: &[BindsLine]) -> Figure {
    let mut figure = ctx.figure();
    let cur = &ctx.currency;
    figure.title = "Chance that the cap is reached, by date".into();
    figure.subtitle = format!(
        "{} · share of the paths whose cap is reached on or before each date",
        figure.subtitle
    );
    figure.y_axis = YAxis::Percent;
    figure.mark_every_point = true;
    // Room above 100% for the labels of points there.
    figure.y_max = Some(1.1);
    let Some(&first) = dates.iter().min() else {
        figure.x_labels = vec![String::new()];
        return figure;
    };
    let xs: Vec<f64> = dates.iter().map(|d| years_after(first, *d)).collect();
    let last_x = xs.iter().copied().fold(0.0, f64::max);
    let slots = last_x.ceil() as i64 + 1;
    figure.x_labels = (0..slots)
        .map(|i| {
            first
                .checked_add(jiff::Span::new().years(i))
                .map_or_else(|_| String::new(), |d| d.to_string())
        })
        .collect();
    let last = dates.iter().max().copied().unwrap_or(first);
    let colours = series_colours(lines.len());
    for (k, (line, colour)) in lines.iter().zip(colours).enumerate() {
        let mut points: Vec<(f64, f64, Decimal)> = xs
            .iter()
            .zip(&line.probability)
            .map(|(x, p)| (*x, p.to_f64().unwrap_or(0.0), *p))
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mark = Mark::nth(k);
        figure.series.push(Series {
            name: line.cap.label(cur),
            colour,
            points: points.iter().map(|p| (p.0, p.1)).collect(),
            stroke: Stroke::Solid,
            mark: Some(mark),
        });
        let by_last = line
            .probability
            .get(dates.iter().position(|d| *d == last).unwrap_or(0))
            .copied();
        let label = match (lines.len(), by_last) {
            (1, _) | (_, None) => line.cap.label(cur),
            (_, Some(p)) => format!("{}: {} by {last}", line.cap.label(cur), percent(p)),
        };
        figure.legend.push(LegendItem {
            label,
            colour,
            swatch: Swatch::Marked(mark),
        });
        if lines.len() == 1 {
            // Every point labelled up to 16 of them; beyond, every n-th and the last, so the
            // labels never run into one another.
            let step = points.len().div_ceil(16).max(1);
            let last = points.len().saturating_sub(1);
            let labelled = points
                .iter()
                .enumerate()
                .filter(|(i, _)| *i == last || (i % step == 0 && last - i >= step))
                .map(|(_, p)| p);
            for (x, y, p) in labelled {
                figure.point_labels.push(PointLabel {
                    text: percent(*p),
                    x: *x,
                    y: *y,
                    colour,
                    place: Place::Above,
                });
            }
        }
    }
    figure
}

/// Years from `first` to `date`, fractions by day of the year: a year end is a whole number
/// of years after another.
fn years_after(first: Date, date: Date) -> f64 {
    let fraction = |d: Date| f64::from(d.day_of_year()) / f64::from(d.days_in_year());
    f64::from(date.year() - first.year()) + fraction(date) - fraction(first)
}

/// A probability as a whole percentage, never rounded to a certainty it is not: `61%`,
/// `<1%` (above 0), `>99%` (below 1), `0%` and `100%` only when exact.
pub fn percent(p: Decimal) -> String {
    let pct = (p * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven)
        .normalize();
    if pct.is_zero() && !p.is_zero() {
        "<1%".into()
    } else if pct == Decimal::ONE_HUNDRED && p != Decimal::ONE {
        ">99%".into()
    } else {
        format!("{pct}%")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bin_widths_are_round_amounts() {
        // Cents: 1, 2, 5 (no 2.5 cents), then 10, 20, 25, 50, 100, …
        assert_eq!(round_width(1, 1), 1);
        assert_eq!(round_width(3, 1), 5);
        assert_eq!(round_width(21, 1), 25);
        assert_eq!(round_width(125_000_000_000, 1), 200_000_000_000);
        assert_eq!(round_width(90_000_000_000, 1), 100_000_000_000);
        assert_eq!(round_width(0, 100), 100, "at least the floor");
    }

    #[test]
    fn few_paths_get_few_bins_and_many_about_forty() {
        // Rice: 2·∛10 → 10 bins at least; 2·∛10,000 = 43.1 → 40 at most.
        let few: Vec<i128> = (0..10).map(|i| i * 1000).collect();
        assert_eq!(
            Bins::new(&[&few]).width,
            1000,
            "9,000 over 10 bins: 900 → 1,000"
        );
        let many: Vec<i128> = (0..10_000).map(|i| i * 100).collect();
        let bins = Bins::new(&[&many]);
        assert_eq!(bins.width, 25_000, "999,900 over 40 bins: 24,998 → 25,000");
        assert_eq!(bins.counts[0].len(), 40);
    }

    #[test]
    fn probabilities_never_round_to_a_certainty() {
        let p = |s: &str| percent(s.parse().unwrap_or_default());
        assert_eq!(p("0"), "0%");
        assert_eq!(p("0.004"), "<1%");
        assert_eq!(p("0.005"), "<1%", "half-even: 0.5% rounds to 0");
        assert_eq!(p("0.615"), "62%");
        assert_eq!(p("0.9951"), ">99%");
        assert_eq!(p("1"), "100%");
    }

    #[test]
    fn only_a_bar_that_dwarfs_the_rest_is_cut() {
        // 62% at the cap beside bars of at most 3%: cut at 1.6 × 3%.
        let spike = vec![0.01, 0.03, 0.02, 0.62];
        assert_eq!(spike_cut(&[spike]), Some(0.03 * 1.6));
        // A smooth distribution's mode is not a spike; nor is a lone bar with nothing beside.
        assert_eq!(spike_cut(&[vec![0.05, 0.12, 0.1]]), None);
        assert_eq!(spike_cut(&[vec![1.0]]), None);
        assert_eq!(share_label(0.62), "62%");
        assert_eq!(share_label(0.004), "0.4%");
        assert_eq!(share_label(0.0004), "<0.1%");
    }
}
