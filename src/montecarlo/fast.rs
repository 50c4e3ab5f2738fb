//! The Monte Carlo fast path (SPEC §7.3): a path's summary, warnings and cumulative paid
//! without building the path from text.
//!
//! A path is exactly `revshare run SCENARIO --set K1=v1 …` with its drawn values
//! ([`super::paths`] builds it so, from the parsed file, in about 130 µs). When every drawn key
//! is one of the share's terms or a revenue scale or growth — `share.cap`, `share.rate`,
//! `share.paid_before`, `share.payment_lag_days`, `scenario.discount_rate`, `revenue.scale`,
//! `cloud.NAME.scale`, `stream.NAME.scale`, `stream.NAME.growth` — the structure of every path
//! is the same (horizon, periods, streams, blocks' dates, the window, which streams qualify),
//! and only amounts and the share's terms move. [`Fast::new`] builds the scenario three ways,
//! once per run:
//!
//! - **neutral**: the `--set` overrides that no draw replaces, and each drawn key at a neutral
//!   value (no cap, rate 0, paid before 0, lag 0, discount rate 0, scale 1, growth 0). Its
//!   warnings that do not depend on a drawn key are every path's; its scales are the ones the
//!   file and `--set` state.
//! - **unscaled**: the same with every scale (`revenue`, each cloud in use, each stream) set
//!   to 1: the blocks as written, grown years grown from the unscaled years (SPEC §7.1, §6.2).
//! - **silent clouds** (only when `share.clouds` is given and amounts vary): every cloud scaled
//!   to 0, so that each listed cloud's "earns nothing" warning is formed by the validator
//!   itself, ready to be shown on a path whose cloud earns nothing.
//!
//! Each path then scales the unscaled blocks by `m = revenue × cloud × stream` (`round_cents`
//! of the exact product, the block as written when `m` is exactly 1), regrows a drawn growth
//! from the last written year, forms `R[s,p]` and `Q[s,p]` as [`crate::engine::exact`] would
//! (a cell inside one block is `round_half_even(amount × days / length)`, and a block's
//! monthly or quarterly cells take only three or four distinct day counts, so each is computed
//! once per block; a cell over several blocks is summed exactly by `exact::cents`), and hands
//! `Σ R` and `Q[p]` to [`Plan::summary_from_flows`], the compiled engine's own cap, payment and
//! present-value pass. A stream whose multiplier and growth did not change since the
//! evaluator's previous path is not recomputed (a drawn cap alone costs only that pass).
//! Everything is integer cents; divisions by a block's length or a power of ten are exact
//! divisions by multiplication ([`crate::engine::divide`]).
//!
//! On the benchmark (`scenarios/bench/monthly-10y.toml`, 120 months × 12 streams, drawing
//! `share.cap`, `revenue.scale` and `cloud.aws.scale`) a path costs about 6 µs of one core,
//! against about 130–240 µs built from text (`cargo bench --bench montecarlo`).
//!
//! # Declining
//!
//! [`Evaluator::path`] returns `None` — the caller builds that path from text, which gives the
//! same numbers or the build's own error — whenever it cannot be sure it gives exactly what
//! the build and the engine give:
//!
//! - a value of the wrong kind for its key, or one the build refuses or warns about: a share
//!   rate outside [0, 1]; a cap or `paid_before` of 10^15 or more, or a `paid_before` of
//!   `none`; a `paid_before` above the cap (exit 2, SPEC §7.2); a lag outside 0..=36,500 days
//!   or one that pushes a cash date past 9999-12-31; a discount rate or growth at or below
//!   −100%, or above 1 (a bare number above 1 is warned about, SPEC §6.31); a scale below 0
//!   or with more than 6 decimal places;
//! - scales whose product is not exact in a `Decimal` ("scales too large"), a scaled block or
//!   a grown year of 10^15 or more (SPEC §6.4, §7.1);
//! - anything for which the compiled engine would hand over to the reference engine: total
//!   revenue, a present value, the NPV or the binding threshold of 10^15 or more, an infinite
//!   discount factor, a cash date past the calendar, a cell spanning several blocks whose
//!   exact fraction does not fit 128 bits.
//!
//! [`Fast::new`] gives `None` (every path is then built from text) when a drawn key is one it
//! does not handle (dates, `scenario.period`, `stream.NAME.qualifying`), a key is drawn twice,
//! or the neutral, unscaled or silent-cloud build fails or does not match the others.
//!
//! # Warnings
//!
//! Three warnings depend on drawn keys and are formed per path, each as the validator forms
//! it, and placed where the build's sort by place (then order of emission) puts it: `paid_before`
//! without a cap (when the cap or `paid_before` is drawn), a cap below 1/1,000 of the total
//! revenue (when the cap or any amount is drawn; the total is every block's amount, as
//! [`crate::scenario::units::total_revenue`] sums it), and a listed cloud that earns nothing
//! (when any amount is drawn). A warning on a drawn value is placed at the argument
//! `KEY=VALUE`, the override [`super::paths::Paths`] hands to the build.

use super::draw::Draw;
use crate::dates::{add_days, day_number};
use crate::engine::divide::{Divisor, power_of_ten};
use crate::engine::exact::{self, LIMIT_CENTS, Part};
use crate::engine::periods;
use crate::engine::plan::Plan;
use crate::error::{Diagnostic, Location};
use crate::model::Scenario;
use crate::money::{MONEY_LIMIT, Money, Rate, round_cents};
use crate::outcome::Summary;
use crate::scenario::node::{Kind, Node, Origin};
use crate::scenario::overrides::{Key, Override};
use crate::scenario::validate::{CLOUD_EARNS_NOTHING, PAID_BEFORE_UNCAPPED};
use crate::scenario::{self, Parsed, units};
use crate::sweep::values::Value;
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};

/// What a path gives: its summary and the build's warnings, in the build's order.
#[derive(Clone, Debug, PartialEq)]
pub struct FastPath {
    pub summary: Summary,
    pub warnings: Vec<Diagnostic>,
}

/// What a drawn key moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Cap,
    Rate,
    PaidBefore,
    Lag,
    Discount,
    RevenueScale,
    /// A cloud in use, by its index in [`Fast::clouds`].
    CloudScale(usize),
    /// A stream, by its index in stream order.
    StreamScale(usize),
    Growth(usize),
}

/// Everything the paths of one run share: built once, read by every thread.
pub struct Fast {
    keys: Vec<Key>,
    slots: Vec<Slot>,
    /// The neutral build's scenario without its streams: horizon, share, name, currency.
    template: Scenario,
    /// The distinct clouds of the streams, in order of first appearance.
    clouds: Vec<String>,
    /// The scales the file and `--set` state: `revenue` and per cloud.
    stated_revenue: Option<Scale>,
    stated_clouds: Vec<Option<Scale>>,
    streams: Vec<StreamPlan>,
    /// How many periods the horizon has.
    periods: usize,
    /// The periods the share window cuts (neither wholly inside nor outside), in order: the
    /// streams' cut cells are theirs.
    cut_periods: Vec<usize>,
    /// The file diagnostics name.
    file: PathBuf,
    /// Whether some scale or growth is drawn (amounts differ between paths).
    amounts_vary: bool,
    cap_drawn: bool,
    paid_before_drawn: bool,
    /// Every path's warnings: the neutral build's, less those formed per path.
    base_warnings: Vec<Diagnostic>,
    /// The neutral build's `paid_before` warning, for a path without a cap when
    /// `paid_before` is not drawn.
    paid_before_warning: Option<Diagnostic>,
    /// Where the cap stands and how it reads, when it is not drawn.
    cap_place: Option<(Location, String)>,
    /// Each `share.clouds` entry's "earns nothing" warning, with its cloud.
    cloud_warnings: Vec<(usize, Diagnostic)>,
}

/// Where a period stands against the share window (as the compiled engine's `qualifying`
/// sees it): `Q[s,p]` is 0, `R[s,p]`, or a cell of its own over the cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Window {
    Outside,
    Whole,
    Cut,
}

/// One stream's structure: its blocks and which of them each of its cells reads.
///
/// Every value a cell can take is a *slot*: one per distinct day count of the cells that lie
/// in one block alone (a block of a year in monthly periods has three: 28 or 29, 30, 31
/// days), one per cell that reads several blocks, and a last one holding 0. A path computes
/// the slots, then every cell is a slot.
struct StreamPlan {
    cloud: usize,
    qualifies: bool,
    /// Its own stated scale.
    stated: Option<Scale>,
    blocks: Vec<BlockPlan>,
    /// How many of the last blocks are grown years (SPEC §6.2).
    grown: usize,
    /// The cells that read several blocks, slot `many_offset + i`.
    many: Vec<Vec<(usize, i64)>>,
    many_offset: usize,
    /// The slot of every period's `R[s,p]`, from period `first` on (then every later period
    /// reads the zero slot).
    first: usize,
    cells: Vec<u32>,
    /// How many cells read each slot: `Σ R[s,p]` is `Σ count × value`.
    counts: Vec<u32>,
    /// The cells (indices into `cells`) of the periods wholly inside the share window.
    whole: std::ops::Range<usize>,
    /// `Q[s,p]` for each period the window cuts, by cut index (empty when not qualifying).
    cut_cells: Vec<Cell>,
    /// Slots in all, the zero slot last.
    slots: usize,
}

struct BlockPlan {
    length: i64,
    /// The length as a divisor by multiplication ([`Divisor`]).
    divisor: Divisor,
    /// The amount as written, grown years grown unscaled.
    unscaled: Decimal,
    /// The same amount without trailing zeros, as `digits × 10^exponent`.
    digits: (u128, i32),
    /// Whether the block has a day inside the horizon (SPEC §6.31's "earns nothing").
    in_horizon: bool,
    /// The distinct day counts of the cells that lie in this block alone, slots `offset..`.
    days: Vec<i64>,
    offset: usize,
}

/// A cell's parts: one block (the common case) or several.
enum Cell {
    One {
        block: usize,
        days: i64,
    },
    Many(Vec<(usize, i64)>),
    /// No block touches it: 0.
    Empty,
}

/// A scale or a product of scales as an exact, normalised decimal `mantissa × 10^−scale`
/// (no trailing zeros): two equal values have equal fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Scale {
    mantissa: u128,
    scale: u32,
}

impl Scale {
    const ONE: Scale = Scale {
        mantissa: 1,
        scale: 0,
    };

    /// A non-negative decimal, normalised.
    fn of(d: Decimal) -> Option<Scale> {
        let d = d.normalize();
        Some(Scale {
            mantissa: u128::try_from(d.mantissa()).ok()?,
            scale: d.scale(),
        })
    }

    fn normalized(mut mantissa: u128, mut scale: u32) -> Scale {
        if mantissa == 0 {
            return Scale {
                mantissa: 0,
                scale: 0,
            };
        }
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        Scale { mantissa, scale }
    }

    fn decimal(self) -> Option<Decimal> {
        Some(Decimal::from_i128_with_scale(
            i128::try_from(self.mantissa).ok()?,
            self.scale,
        ))
    }
}

impl Fast {
    /// The fast path for `draws` on top of `set`, or `None` when a drawn key is one it does
    /// not handle or the scenario cannot be prepared (see the module's documentation): every
    /// path is then built from text, which also reports any error.
    pub fn new(parsed: &Parsed, set: &[Override], draws: &[Draw]) -> Option<Fast> {
        let keys: Vec<Key> = draws.iter().map(|d| d.key.clone()).collect();
        Fast::with_keys(parsed, set, &keys)
    }

    /// [`Fast::new`] for the keys alone, in the order [`Evaluator::path`]'s values come: the
    /// command can add `share.cap` as a key of its own for `--cap` (common random numbers).
    pub fn with_keys(parsed: &Parsed, set: &[Override], keys: &[Key]) -> Option<Fast> {
        for (i, k) in keys.iter().enumerate() {
            if keys[..i].contains(k) {
                return None;
            }
        }
        let mut overrides: Vec<Override> = set
            .iter()
            .filter(|o| !keys.contains(&o.key))
            .cloned()
            .collect();
        for key in keys {
            overrides.push(make_override(key, neutral(key)?));
        }
        let neutral_build = scenario::build(parsed, &overrides).ok()?;
        let model = &neutral_build.scenario;
        let mut clouds: Vec<String> = Vec::new();
        for s in &model.streams {
            if !clouds.contains(&s.cloud) {
                clouds.push(s.cloud.clone());
            }
        }
        let cloud_index = |name: &str| clouds.iter().position(|c| c == name);
        let stream_index = |name: &str| model.streams.iter().position(|s| s.name == name);
        let slots = keys
            .iter()
            .map(|key| slot(key, &cloud_index, &stream_index))
            .collect::<Option<Vec<Slot>>>()?;
        let amounts_vary = slots.iter().any(|s| {
            matches!(
                s,
                Slot::RevenueScale | Slot::CloudScale(_) | Slot::StreamScale(_) | Slot::Growth(_)
            )
        });
        let cap_drawn = slots.contains(&Slot::Cap);
        let paid_before_drawn = slots.contains(&Slot::PaidBefore);

        // The blocks as written: every scale 1.
        let mut unscaled_overrides = overrides.clone();
        unscaled_overrides.push(make_override(&table_key("revenue", "scale"), "1".into()));
        for c in &clouds {
            unscaled_overrides.push(make_override(&cloud_key(c), "1".into()));
        }
        for s in &model.streams {
            unscaled_overrides.push(make_override(&stream_key(&s.name, "scale"), "1".into()));
        }
        let unscaled = scenario::build(parsed, &unscaled_overrides).ok()?.scenario;
        if unscaled.streams.len() != model.streams.len() {
            return None;
        }

        // The scales the file and `--set` state (`Scales::stated`'s names).
        let mut stated_revenue = None;
        let mut stated_clouds = vec![None; clouds.len()];
        let mut stated_streams = vec![None; model.streams.len()];
        for (what, value) in &model.scales {
            let value = Scale::of(*value)?;
            if what == "revenue" {
                stated_revenue = Some(value);
            } else if let Some(c) = what.strip_prefix("cloud ").and_then(cloud_index) {
                stated_clouds[c] = Some(value);
            } else if let Some(s) = what.strip_prefix("stream ").and_then(stream_index) {
                stated_streams[s] = Some(value);
            } else {
                return None;
            }
        }

        let bounds: Vec<(i32, i32)> = periods::periods(model.start, model.end, model.period)
            .iter()
            .map(|p| (day_number(p.start), day_number(p.end)))
            .collect();
        let w = (
            day_number(model.share.effective),
            day_number(model.share.sunset),
        );
        let mut cut_ranges = Vec::new();
        let window: Vec<Window> = bounds
            .iter()
            .map(|&(start, end)| {
                if w.1 < start || w.0 > end {
                    Window::Outside
                } else if w.0 <= start && w.1 >= end {
                    Window::Whole
                } else {
                    cut_ranges.push((start.max(w.0), end.min(w.1)));
                    Window::Cut
                }
            })
            .collect();
        let horizon = (day_number(model.start), day_number(model.end));
        let mut streams = Vec::with_capacity(model.streams.len());
        for (s, (stream, written)) in model.streams.iter().zip(&unscaled.streams).enumerate() {
            let same = stream.name == written.name
                && stream.cloud == written.cloud
                && stream.grown_years == written.grown_years
                && stream.blocks.len() == written.blocks.len()
                && (stream.blocks.iter().zip(&written.blocks))
                    .all(|(a, b)| a.from == b.from && a.to == b.to);
            if !same {
                return None;
            }
            streams.push(StreamPlan::new(
                written,
                cloud_index(&stream.cloud)?,
                model.share.qualifies(stream),
                stated_streams[s],
                &bounds,
                (&window, &cut_ranges),
                horizon,
            )?);
        }

        // Warnings: those that depend on a drawn key are formed per path.
        let per_path = |d: &Diagnostic| {
            (d.message == PAID_BEFORE_UNCAPPED && (cap_drawn || paid_before_drawn))
                || (d.message == units::CAP_UNITS && (cap_drawn || amounts_vary))
                || (d.message == CLOUD_EARNS_NOTHING && amounts_vary)
        };
        let paid_before_warning = neutral_build
            .warnings
            .iter()
            .find(|d| d.message == PAID_BEFORE_UNCAPPED)
            .cloned();
        let base_warnings: Vec<Diagnostic> = neutral_build
            .warnings
            .iter()
            .filter(|d| !per_path(d))
            .cloned()
            .collect();
        let cap_place = if cap_drawn {
            None
        } else {
            parsed.place(&overrides, "share", "cap")
        };
        let mut cloud_warnings = Vec::new();
        if let (Some(listed), true) = (&model.share.clouds, amounts_vary) {
            let mut silent = overrides.clone();
            for c in &clouds {
                silent.push(make_override(&cloud_key(c), "0".into()));
            }
            let built = scenario::build(parsed, &silent).ok()?;
            let found: Vec<&Diagnostic> = built
                .warnings
                .iter()
                .filter(|d| d.message == CLOUD_EARNS_NOTHING)
                .collect();
            if found.len() != listed.len() {
                return None;
            }
            for (name, d) in listed.iter().zip(found) {
                cloud_warnings.push((cloud_index(name)?, d.clone()));
            }
        }

        let cut_periods = window
            .iter()
            .enumerate()
            .filter_map(|(p, w)| (*w == Window::Cut).then_some(p))
            .collect();
        let mut template = neutral_build.scenario;
        template.streams.clear();
        Some(Fast {
            keys: keys.to_vec(),
            slots,
            template,
            clouds,
            stated_revenue,
            stated_clouds,
            streams,
            periods: window.len(),
            cut_periods,
            file: parsed.path().to_path_buf(),
            amounts_vary,
            cap_drawn,
            paid_before_drawn,
            base_warnings,
            paid_before_warning,
            cap_place,
            cloud_warnings,
        })
    }

    /// A path evaluator for one thread: its own plan, scratch buffers and the amounts of the
    /// previous path.
    pub fn evaluator(&self) -> Evaluator<'_> {
        Evaluator {
            fast: self,
            plan: Plan::new(&self.template),
            scenario: self.template.clone(),
            streams: self.streams.iter().map(StreamState::new).collect(),
            revenue_scale: None,
            cloud_scales: vec![None; self.clouds.len()],
            stream_scales: vec![None; self.streams.len()],
            growths: vec![None; self.streams.len()],
            qualifying: vec![0; self.periods],
            fresh: false,
        }
    }
}

/// The neutral value of a handled key (see the module's documentation), `None` for others.
fn neutral(key: &Key) -> Option<String> {
    let text = match key {
        Key::Table { table, field } => match (*table, field.as_str()) {
            ("share", "cap") => "none",
            ("share", "rate" | "paid_before" | "payment_lag_days") => "0",
            ("scenario", "discount_rate") => "0",
            ("revenue", "scale") => "1",
            _ => return None,
        },
        Key::Cloud { field, .. } if field == "scale" => "1",
        Key::Stream { field, .. } if field == "scale" => "1",
        Key::Stream { field, .. } if field == "growth" => "0",
        _ => return None,
    };
    Some(text.into())
}

fn slot(
    key: &Key,
    cloud: &dyn Fn(&str) -> Option<usize>,
    stream: &dyn Fn(&str) -> Option<usize>,
) -> Option<Slot> {
    Some(match key {
        Key::Table { table, field } => match (*table, field.as_str()) {
            ("share", "cap") => Slot::Cap,
            ("share", "rate") => Slot::Rate,
            ("share", "paid_before") => Slot::PaidBefore,
            ("share", "payment_lag_days") => Slot::Lag,
            ("scenario", "discount_rate") => Slot::Discount,
            ("revenue", "scale") => Slot::RevenueScale,
            _ => return None,
        },
        Key::Cloud { name, field } if field == "scale" => Slot::CloudScale(cloud(name)?),
        Key::Stream { name, field } if field == "scale" => Slot::StreamScale(stream(name)?),
        Key::Stream { name, field } if field == "growth" => Slot::Growth(stream(name)?),
        _ => return None,
    })
}

fn table_key(table: &'static str, field: &str) -> Key {
    Key::Table {
        table,
        field: field.into(),
    }
}

fn cloud_key(name: &str) -> Key {
    Key::Cloud {
        name: name.into(),
        field: "scale".into(),
    }
}

fn stream_key(name: &str, field: &str) -> Key {
    Key::Stream {
        name: name.into(),
        field: field.into(),
    }
}

/// `KEY=VALUE` as [`super::paths::Paths`] hands a drawn value to the build.
fn make_override(key: &Key, value: String) -> Override {
    Override {
        argument: argument(key, &value),
        key: key.clone(),
        value,
    }
}

fn argument(key: &Key, value: &str) -> String {
    format!("{}={value}", key.text())
}

/// The blocks of a stream that a day range reads, as (block, days inside): the blocks a
/// compiled cell sums (`plan.rs`'s `cell`), in block order.
fn parts(blocks: &[(i32, i32)], range: (i32, i32)) -> Vec<(usize, i64)> {
    blocks
        .iter()
        .enumerate()
        .filter_map(|(b, &(from, to))| {
            let (from, to) = (from.max(range.0), to.min(range.1));
            (from <= to).then_some((b, i64::from(to - from + 1)))
        })
        .collect()
}

impl StreamPlan {
    fn new(
        stream: &crate::model::Stream,
        cloud: usize,
        qualifies: bool,
        stated: Option<Scale>,
        bounds: &[(i32, i32)],
        (window, cut_ranges): (&[Window], &[(i32, i32)]),
        horizon: (i32, i32),
    ) -> Option<StreamPlan> {
        let ranges: Vec<(i32, i32)> = stream
            .blocks
            .iter()
            .map(|b| (day_number(b.from), day_number(b.to)))
            .collect();
        let mut blocks: Vec<BlockPlan> = stream
            .blocks
            .iter()
            .zip(&ranges)
            .map(|(b, &(from, to))| {
                let length = i64::from(to - from + 1);
                Some(BlockPlan {
                    length,
                    divisor: Divisor::new(u64::try_from(length).ok()?)?,
                    unscaled: b.amount,
                    digits: digits(b.amount),
                    in_horizon: to >= horizon.0 && from <= horizon.1,
                    days: Vec::new(),
                    offset: 0,
                })
            })
            .collect::<Option<_>>()?;
        // Each period's parts, the block slots and the many-block cells found on the way.
        let mut found: Vec<(usize, Option<(usize, usize)>)> = Vec::new(); // (period, (block, day slot))
        let mut many = Vec::new();
        let mut many_of = Vec::new(); // (index into found, many index)
        for (p, &range) in bounds.iter().enumerate() {
            match parts(&ranges, range)[..] {
                [] => {}
                [(block, days)] => {
                    let known = &mut blocks[block].days;
                    let slot = match known.iter().position(|&d| d == days) {
                        Some(i) => i,
                        None => {
                            known.push(days);
                            known.len() - 1
                        }
                    };
                    found.push((p, Some((block, slot))));
                }
                ref several => {
                    many_of.push((found.len(), many.len()));
                    many.push(several.to_vec());
                    found.push((p, None));
                }
            }
        }
        let mut offset = 0;
        for b in &mut blocks {
            b.offset = offset;
            offset += b.days.len();
        }
        let many_offset = offset;
        let zero = many_offset + many.len();
        let slots = zero + 1;
        let first = found.first().map_or(bounds.len(), |f| f.0);
        let last = found.last().map_or(first, |f| f.0 + 1);
        let mut cells = vec![u32::try_from(zero).ok()?; last - first];
        for (i, &(p, one)) in found.iter().enumerate() {
            let slot = match one {
                Some((block, slot)) => blocks[block].offset + slot,
                None => many_offset + many_of.iter().find(|m| m.0 == i)?.1,
            };
            cells[p - first] = u32::try_from(slot).ok()?;
        }
        let mut counts = vec![0u32; slots];
        for &c in &cells {
            counts[c as usize] += 1;
        }
        // The periods wholly inside the window are one run (the window is an interval).
        let inside = |k: &usize| window[first + k] == Window::Whole;
        let from = (0..cells.len()).find(inside).unwrap_or(cells.len());
        let to = (from..cells.len())
            .find(|k| !inside(k))
            .unwrap_or(cells.len());
        let cut_cells = if qualifies {
            cut_ranges
                .iter()
                .map(|&range| match parts(&ranges, range)[..] {
                    [] => Cell::Empty,
                    [(block, days)] => Cell::One { block, days },
                    ref several => Cell::Many(several.to_vec()),
                })
                .collect()
        } else {
            Vec::new()
        };
        Some(StreamPlan {
            cloud,
            qualifies,
            stated,
            blocks,
            grown: stream.grown_years,
            many,
            many_offset,
            first,
            cells,
            counts,
            whole: from..to,
            cut_cells,
            slots,
        })
    }
}

/// An amount without trailing zeros, as `digits × 10^exponent`.
fn digits(d: Decimal) -> (u128, i32) {
    let mut m = d.mantissa().unsigned_abs();
    let mut e = -(d.scale() as i32);
    while m != 0 && m % 10 == 0 {
        m /= 10;
        e += 1;
    }
    (m, e)
}

/// A block's amount for one path: as the model holds it (mantissa and scale, for cells that
/// read several blocks and for the exact total) and in whole cents when it is whole cents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Amount {
    mantissa: i128,
    scale: u32,
    cents: Option<i64>,
}

impl Amount {
    fn of(d: Decimal) -> Amount {
        Amount {
            mantissa: d.mantissa(),
            scale: d.scale(),
            cents: whole_cents(d),
        }
    }

    fn from_cents(cents: i64) -> Amount {
        Amount {
            mantissa: i128::from(cents),
            scale: 2,
            cents: Some(cents),
        }
    }

    fn decimal(self) -> Decimal {
        Decimal::from_i128_with_scale(self.mantissa, self.scale)
    }

    fn part(self, days: i64, length: i64) -> Part {
        Part {
            mantissa: self.mantissa,
            scale: self.scale,
            days,
            length,
        }
    }

    /// `round_half_even(amount × days / length)` in cents: one block's part of a cell.
    fn share(self, days: i64, length: i64) -> Option<i64> {
        match self.cents {
            Some(a) => Some(share_of(a, days, length)),
            None => exact::cents([self.part(days, length)])
                .ok()
                .and_then(|c| i64::try_from(c).ok()),
        }
    }
}

/// A non-negative decimal as whole cents, when it is a whole number of cents below 2^63.
fn whole_cents(d: Decimal) -> Option<i64> {
    if d.is_sign_negative() && !d.is_zero() {
        return None;
    }
    let (m, scale) = (d.mantissa().abs(), d.scale());
    let cents = if scale <= 2 {
        m.checked_mul(10_i128.pow(2 - scale))?
    } else {
        let unit = 10_i128.checked_pow(scale - 2)?;
        if m % unit != 0 {
            return None;
        }
        m / unit
    };
    i64::try_from(cents).ok()
}

/// `round_half_even(a × d / l)` for `a >= 0` cents and `1 <= d <= l` days, in 64 bits: with
/// `a = q·l + r`, `a·d/l = q·d + r·d/l`, and `r·d < l²` stays small. The tie goes to the even
/// whole result.
fn share_of(a: i64, d: i64, l: i64) -> i64 {
    let (q, r) = (a / l, a % l);
    rounded(q * d, r * d, l)
}

/// `round_half_even(whole + t / l)`, `0 <= t`, from `t`'s quotient and remainder.
fn rounded(whole: i64, t: i64, l: i64) -> i64 {
    let floor = whole + t / l;
    let (remainder, rest) = (t % l, l - t % l);
    floor + i64::from(remainder > rest || (remainder == rest && floor % 2 != 0))
}

/// `round_half_even(n / d)`, `d > 0`.
fn div_half_even_u128(n: u128, d: u128) -> u128 {
    let (q, r) = (n / d, n % d);
    let rest = d - r;
    q + u128::from(r > rest || (r == rest && q % 2 == 1))
}

/// `round_cents(amount × m)` in cents for an amount written `digits × 10^exponent` without
/// trailing zeros, exactly (SPEC
/// §7.1), or `None` at 10^15 or more: what [`scenario::scales::scale_amount`] gives. Written
/// without trailing zeros, a round amount times a scale of a few decimals is a 64-bit
/// product and division; larger ones take 128 bits, and mantissas beyond 64 bits the
/// validator's own function.
fn scale_cents(amount: Decimal, (a, exponent): (u128, i32), m: Scale) -> Option<i64> {
    const LIMIT: u128 = LIMIT_CENTS as u128;
    let cents = if a == 0 || m.mantissa == 0 {
        0
    } else if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(m.mantissa)) {
        let product = u128::from(a) * u128::from(b);
        // amount × m × 100 = product × 10^power.
        let power = exponent - m.scale as i32 + 2;
        if power >= 0 {
            product.checked_mul(10_u128.checked_pow(power.unsigned_abs())?)?
        } else if power < -38 {
            // product < 2^128 < 10^39: below half a cent.
            0
        } else {
            match (u64::try_from(product), power_of_ten(power.unsigned_abs())) {
                (Ok(n), Some(d)) => u128::from(d.div_half_even(n)),
                // A quotient of 2^64 or more is far above the limit.
                (_, Some(d)) => u128::from(d.div_half_even_wide(product).unwrap_or(u64::MAX)),
                _ => div_half_even_u128(product, 10_u128.pow(power.unsigned_abs())),
            }
        }
    } else {
        let scaled = scenario::scales::scale_amount(amount, m.decimal()?)?;
        u128::try_from(whole_cents(scaled)?).ok()?
    };
    if cents >= LIMIT {
        return None;
    }
    i64::try_from(cents).ok()
}

/// The exact product of the scales that apply to a stream (the validator's `exact_product`,
/// on the scales as it reads them), normalised; `None` when it does not fit a `Decimal`
/// exactly (the build refuses it). [`Scale::ONE`] when none is stated or all are 1.
fn multiplier(factors: [Option<Scale>; 3]) -> Option<Scale> {
    if factors.iter().flatten().all(|d| *d == Scale::ONE) {
        return Some(Scale::ONE);
    }
    let (mut mantissa, mut scale) = (1u128, 0u32);
    for d in factors.iter().flatten() {
        mantissa = mantissa.checked_mul(d.mantissa)?;
        scale += d.scale;
    }
    (mantissa < 1u128 << 96 && scale <= 28).then(|| Scale::normalized(mantissa, scale))
}

/// One stream's numbers for the last path that computed them.
struct StreamState {
    /// The multiplier and the drawn growth (mantissa and scale) they were computed for.
    key: Option<(Scale, Option<(i128, u32)>)>,
    amounts: Vec<Amount>,
    /// The value of each slot.
    values: Vec<i64>,
    /// `Q[s,p]` of each cut period.
    cut: Vec<i64>,
    revenue: i128,
    /// Σ amounts in cents, when every amount is whole cents.
    cents_total: Option<i128>,
    /// Some block with a day in the horizon has revenue.
    earning: bool,
}

impl StreamState {
    fn new(plan: &StreamPlan) -> StreamState {
        StreamState {
            key: None,
            amounts: Vec::with_capacity(plan.blocks.len()),
            values: vec![0; plan.slots],
            cut: vec![0; plan.cut_cells.len()],
            revenue: 0,
            cents_total: None,
            earning: false,
        }
    }

    /// Scales (and regrows) the stream's blocks and forms its cells; `None` where the build
    /// or the compiled engine would fail. Leaves the state keyless until it succeeds.
    fn compute(
        &mut self,
        plan: &StreamPlan,
        m: Scale,
        growth: Option<Decimal>,
        key: (Scale, Option<(i128, u32)>),
    ) -> Option<()> {
        self.key = None;
        self.amounts.clear();
        let written = plan.blocks.len() - plan.grown;
        let mut previous = written
            .checked_sub(1)
            .and_then(|i| plan.blocks.get(i))
            .map(|b| b.unscaled);
        let unscaled = m == Scale::ONE;
        let mut cents_total = Some(0i128);
        for (b, block) in plan.blocks.iter().enumerate() {
            let amount = match growth {
                Some(g) if b >= written => {
                    // SPEC §6.2, as `streams.rs` grows a year: the Decimal product, rounded once.
                    let grown = round_cents(previous?.checked_mul(Decimal::ONE + g)?);
                    if grown.as_decimal() >= MONEY_LIMIT {
                        return None;
                    }
                    previous = Some(grown.as_decimal());
                    if unscaled {
                        Amount::of(grown.as_decimal())
                    } else {
                        let grown = grown.as_decimal();
                        Amount::from_cents(scale_cents(grown, digits(grown), m)?)
                    }
                }
                _ if unscaled => Amount::of(block.unscaled),
                _ => Amount::from_cents(scale_cents(block.unscaled, block.digits, m)?),
            };
            cents_total = cents_total
                .zip(amount.cents)
                .map(|(t, c)| t + i128::from(c));
            self.amounts.push(amount);
            // The block's slots.
            let slots = &mut self.values[block.offset..block.offset + block.days.len()];
            match amount.cents.and_then(|a| u64::try_from(a).ok()) {
                Some(a) => {
                    // a·d/l = q·d + r·d/l with a = q·l + r: one division for the block, one
                    // of the small r·d for each day count, both by multiplication.
                    let (q, r) = block.divisor.div_rem(a);
                    for (out, &d) in slots.iter_mut().zip(&block.days) {
                        let d = d as u64; // 1 <= d <= length
                        let (tq, tr) = block.divisor.div_rem(r * d);
                        let floor = q * d + tq;
                        let rest = block.divisor.get() - tr;
                        let up = tr > rest || (tr == rest && floor % 2 == 1);
                        *out = i64::try_from(floor + u64::from(up)).ok()?;
                    }
                }
                None => {
                    for (out, &d) in slots.iter_mut().zip(&block.days) {
                        *out = amount.share(d, block.length)?;
                    }
                }
            }
        }
        for (i, parts) in plan.many.iter().enumerate() {
            self.values[plan.many_offset + i] = many(plan, &self.amounts, parts)?;
        }
        let zero = plan.slots - 1;
        self.values[zero] = 0;
        self.revenue = (plan.counts.iter().zip(&self.values))
            .map(|(&n, &v)| i128::from(n) * i128::from(v))
            .sum();
        for (c, out) in plan.cut_cells.iter().zip(&mut self.cut) {
            *out = match c {
                Cell::Empty => 0,
                Cell::One { block, days } => {
                    self.amounts[*block].share(*days, plan.blocks[*block].length)?
                }
                Cell::Many(parts) => many(plan, &self.amounts, parts)?,
            };
        }
        self.cents_total = cents_total;
        self.earning =
            (plan.blocks.iter().zip(&self.amounts)).any(|(b, a)| b.in_horizon && a.mantissa != 0);
        self.key = Some(key);
        Some(())
    }
}

/// A cell that reads several blocks: the parts summed exactly and rounded once.
fn many(plan: &StreamPlan, amounts: &[Amount], parts: &[(usize, i64)]) -> Option<i64> {
    let parts = parts
        .iter()
        .map(|&(b, days)| amounts[b].part(days, plan.blocks[b].length));
    exact::cents(parts).ok().and_then(|c| i64::try_from(c).ok())
}

/// Per-thread state: a plan reused across paths, the scenario whose share terms each path
/// sets, each stream's last numbers and the per-period qualifying revenue.
pub struct Evaluator<'a> {
    fast: &'a Fast,
    plan: Option<Plan>,
    scenario: Scenario,
    streams: Vec<StreamState>,
    /// The drawn scales and growths of the current path (`None` where not drawn).
    revenue_scale: Option<Scale>,
    cloud_scales: Vec<Option<Scale>>,
    stream_scales: Vec<Option<Scale>>,
    growths: Vec<Option<Decimal>>,
    /// `Q[p]`, summed over the streams (below 10^17 cents, as total revenue is).
    qualifying: Vec<i64>,
    /// `qualifying` holds the current streams' sums.
    fresh: bool,
}

/// A scale as the validator reads it (SPEC §7.1, §7.6): normalised, from 0 to 1,000, at
/// most 6 decimals.
fn scale_value(value: &Value) -> Option<Scale> {
    let Value::Rate(r) = value else { return None };
    let d = r.normalize();
    match crate::scenario::value::scale_rule(d) {
        None => Scale::of(d.abs()),
        Some(_) => None,
    }
}

impl Evaluator<'_> {
    /// The path with drawn `values` (one per key, in key order): its summary and warnings,
    /// and its cumulative paid at each period's end in cents in `cumulative`; `None` when the
    /// path must be built from text (see the module's documentation).
    pub fn path(&mut self, values: &[Value], cumulative: &mut Vec<i64>) -> Option<FastPath> {
        let fast = self.fast;
        if values.len() != fast.slots.len() {
            return None;
        }
        self.take_values(values)?;
        let share = &self.scenario.share;
        if share
            .cap
            .is_some_and(|cap| share.paid_before.cents() > cap.cents())
        {
            return None;
        }
        let revenue = self.update_streams()?;
        let summary = self.plan.as_mut()?.summary_from_flows(
            &self.scenario,
            revenue,
            &self.qualifying,
            cumulative,
        )?;
        let warnings = self.warnings(values)?;
        Some(FastPath { summary, warnings })
    }

    /// Puts each drawn value where the build would, checking it as the build does.
    fn take_values(&mut self, values: &[Value]) -> Option<()> {
        let fast = self.fast;
        let end = self.scenario.end;
        let below_limit = |m: &Money| m.cents() < LIMIT_CENTS && m.cents() >= 0;
        let share = &mut self.scenario.share;
        for (slot, value) in fast.slots.iter().zip(values) {
            match (slot, value) {
                (Slot::Cap, Value::Cap(cap)) => {
                    if cap.is_some_and(|c| !below_limit(&c)) {
                        return None;
                    }
                    share.cap = *cap;
                }
                (Slot::Rate, Value::Rate(r)) => {
                    if *r < Decimal::ZERO || *r > Decimal::ONE {
                        return None;
                    }
                    share.rate = Rate(*r);
                }
                (Slot::PaidBefore, Value::Cap(Some(m))) if below_limit(m) => {
                    share.paid_before = *m;
                }
                (Slot::Lag, Value::Days(n)) => {
                    if !(0..=36_500).contains(n) || add_days(end, *n).is_none() {
                        return None;
                    }
                    share.payment_lag_days = *n;
                }
                (Slot::Discount, Value::Rate(d)) => {
                    // Above 1 a bare number is warned about (SPEC §6.31).
                    if *d <= -Decimal::ONE || *d > Decimal::ONE {
                        return None;
                    }
                    self.scenario.discount_rate = Rate(*d);
                }
                (Slot::RevenueScale, v) => self.revenue_scale = Some(scale_value(v)?),
                (Slot::CloudScale(c), v) => self.cloud_scales[*c] = Some(scale_value(v)?),
                (Slot::StreamScale(s), v) => self.stream_scales[*s] = Some(scale_value(v)?),
                (Slot::Growth(s), Value::Rate(g)) => {
                    // Read from its text as the build reads it, so the grown years' Decimal
                    // products see the same digits.
                    let node = Node {
                        kind: Kind::Str(g.to_string()),
                        origin: Origin::Argument(String::new()),
                    };
                    let g = scenario::value::bounded_rate(&node).ok()?.value;
                    if g > Decimal::ONE {
                        return None;
                    }
                    self.growths[*s] = Some(g);
                }
                _ => return None,
            }
        }
        Some(())
    }
}

impl Evaluator<'_> {
    /// Rescales the streams whose multiplier or growth changed, then sums `Q[p]`; gives the
    /// total revenue, `None` from 10^15 on (where the compiled engine hands over).
    fn update_streams(&mut self) -> Option<i128> {
        let fast = self.fast;
        for (s, (plan, state)) in fast.streams.iter().zip(&mut self.streams).enumerate() {
            let m = multiplier([
                self.revenue_scale.or(fast.stated_revenue),
                self.cloud_scales[plan.cloud].or(fast.stated_clouds[plan.cloud]),
                self.stream_scales[s].or(plan.stated),
            ])?;
            let growth = self.growths[s];
            let key = (m, growth.map(|g| (g.mantissa(), g.scale())));
            if state.key != Some(key) {
                self.fresh = false;
                state.compute(plan, m, growth, key)?;
            }
        }
        let revenue: i128 = self.streams.iter().map(|s| s.revenue).sum();
        if revenue >= LIMIT_CENTS {
            return None;
        }
        // Every cell is at most the total, so no sum below overflows 64 bits.
        if !self.fresh {
            self.qualifying.fill(0);
            for (plan, state) in fast.streams.iter().zip(&self.streams) {
                if !plan.qualifies {
                    continue;
                }
                let cells = &plan.cells[plan.whole.clone()];
                let periods = plan.first + plan.whole.start..;
                for (q, &slot) in self.qualifying[periods].iter_mut().zip(cells) {
                    *q += state.values[slot as usize];
                }
                for (&p, &v) in fast.cut_periods.iter().zip(&state.cut) {
                    self.qualifying[p] += v;
                }
            }
            self.fresh = true;
        }
        Some(revenue)
    }

    /// The drawn value of `slot` on this path.
    fn drawn<'v>(&self, values: &'v [Value], slot: Slot) -> Option<(&Key, &'v Value)> {
        let i = self.fast.slots.iter().position(|s| *s == slot)?;
        Some((self.fast.keys.get(i)?, values.get(i)?))
    }

    /// Every block's amount summed as [`units::total_revenue`] sums them: exactly, in stream
    /// and block order.
    fn total_revenue(&self) -> Decimal {
        let cents: Option<i128> = self
            .streams
            .iter()
            .try_fold(0i128, |sum, s| s.cents_total.map(|c| sum + c));
        match cents.filter(|c| *c < 1i128 << 96) {
            Some(c) => Decimal::from_i128_with_scale(c, 2),
            None => self
                .streams
                .iter()
                .flat_map(|s| &s.amounts)
                .try_fold(Decimal::ZERO, |sum, a| sum.checked_add(a.decimal()))
                .unwrap_or(Decimal::MAX),
        }
    }

    /// The neutral build's warnings with this path's own, each where the build puts it.
    fn warnings(&self, values: &[Value]) -> Option<Vec<Diagnostic>> {
        let fast = self.fast;
        let mut out = fast.base_warnings.clone();
        let share = &self.scenario.share;
        let warning = |message: &str, location: Location, field: &str, text: (String, String)| {
            Diagnostic::warning(message)
                .file(&fast.file)
                .at(location)
                .field(field)
                .found(text.0)
                .expected(text.1)
        };
        if (fast.cap_drawn || fast.paid_before_drawn)
            && share.cap.is_none()
            && !share.paid_before.is_zero()
        {
            let d = if fast.paid_before_drawn {
                let (key, value) = self.drawn(values, Slot::PaidBefore)?;
                warning(
                    PAID_BEFORE_UNCAPPED,
                    Location::Argument(argument(key, &value.override_text())),
                    "share.paid_before",
                    scenario::validate::paid_before_uncapped_text(share.paid_before),
                )
            } else {
                fast.paid_before_warning.clone()?
            };
            insert(&mut out, d);
        }
        if fast.amounts_vary {
            for (cloud, d) in &fast.cloud_warnings {
                let earning = (fast.streams.iter().zip(&self.streams))
                    .any(|(p, s)| p.cloud == *cloud && s.earning);
                if !earning {
                    insert(&mut out, d.clone());
                }
            }
        }
        if let (Some(cap), true) = (share.cap, fast.cap_drawn || fast.amounts_vary)
            && !cap.is_zero()
        {
            let total = self.total_revenue();
            if units::looks_like_units(Some(cap), total) {
                let (location, described) = if fast.cap_drawn {
                    let (key, value) = self.drawn(values, Slot::Cap)?;
                    let text = value.override_text();
                    (
                        Location::Argument(argument(key, &text)),
                        format!("\"{text}\""),
                    )
                } else {
                    fast.cap_place.clone()?
                };
                let text = units::cap_units_text(&described, cap, total, &self.scenario.currency);
                insert(
                    &mut out,
                    warning(units::CAP_UNITS, location, "share.cap", text),
                );
            }
        }
        Some(out)
    }
}

/// A diagnostic's place as the build sorts by it (`Diagnostic::sort_key`, without cloning).
fn place(d: &Diagnostic) -> (Option<&Path>, usize, usize) {
    let (line, column) = match &d.location {
        Location::Toml { line, column, .. } => (*line, *column),
        Location::Csv { row, .. } => (*row, 0),
        Location::File | Location::Argument(_) => (0, 0),
    };
    (d.file.as_deref(), line, column)
}

/// When validation emits a warning, in its order of checks (`validate::build`): diagnostics
/// at the same place keep that order through the build's stable sort.
fn emitted(d: &Diagnostic) -> u8 {
    match d.message.as_str() {
        m if m == units::CAP_UNITS => 8,
        "rate written as a bare number above 1" => 1,
        m if m == PAID_BEFORE_UNCAPPED => 2,
        "growth written as a bare number above 1" => 3,
        m if m == CLOUD_EARNS_NOTHING => 5,
        _ if matches!(d.field.as_deref(), Some("scenario.end" | "scenario.start")) => 6,
        m if m.starts_with("float literal") => 7,
        _ => 4,
    }
}

/// Inserts a path's own warning where the build's sort puts it: after every warning at an
/// earlier place, and after those at the same place that validation emits first.
fn insert(list: &mut Vec<Diagnostic>, d: Diagnostic) {
    let (key, stage) = (place(&d), emitted(&d));
    let at = list
        .iter()
        .position(|w| {
            let k = place(w);
            k > key || (k == key && emitted(w) > stage)
        })
        .unwrap_or(list.len());
    list.insert(at, d);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::montecarlo::sampling::{Sampler, Sampling};
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_cell_is_the_amount_times_days_over_length_rounded_half_even() {
        // 1,200,000.00 over 365 days, 31 of them: 120,000,000 × 31 / 365 = 10,191,780.82… cents
        // -> 10,191,781.
        assert_eq!(share_of(120_000_000, 31, 365), 10_191_781);
        // A whole block is its amount.
        assert_eq!(share_of(120_000_000, 365, 365), 120_000_000);
        // 5 cents over 2 days, one of them: 2.5 -> 2 (even); 7 cents: 3.5 -> 4.
        assert_eq!(share_of(5, 1, 2), 2);
        assert_eq!(share_of(7, 1, 2), 4);
        // 1,095 cents over 365 days, 1 day: exactly 3; 1,096: 3.0027… -> 3; 1,277: 3.4986… -> 3;
        // 1,278: 3.5013… -> 4.
        assert_eq!(share_of(1_095, 1, 365), 3);
        assert_eq!(share_of(1_096, 1, 365), 3);
        assert_eq!(share_of(1_277, 1, 365), 3);
        assert_eq!(share_of(1_278, 1, 365), 4);
        // A tie decided by the whole result's parity, not the remainder part's: 365 × 2 + 73
        // = 803 cents over 146 days, 73 of them: 803 × 73 / 146 = 401.5 -> 402 (even);
        // 365 × 2 + 219 = 949: 949 × 73 / 146 = 474.5 -> 474.
        assert_eq!(share_of(803, 73, 146), 402);
        assert_eq!(share_of(949, 73, 146), 474);
        // The largest amount in range: 10^17 − 1 cents over 366 days, 31 of them, no overflow:
        // 99,999,999,999,999,999 × 31 / 366 = 8,469,945,355,191,256.748… -> …257.
        assert_eq!(
            share_of(99_999_999_999_999_999, 31, 366),
            8_469_945_355_191_257
        );
        // Against the exact cell for many amounts and day counts.
        for a in (0..20_000).step_by(7) {
            for (days, length) in [(28, 365), (29, 366), (30, 365), (31, 366), (90, 365)] {
                let part = Part {
                    mantissa: a,
                    scale: 2,
                    days,
                    length,
                };
                assert_eq!(
                    i128::from(share_of(a as i64, days, length)),
                    exact::cents([part]).unwrap(),
                    "{a} {days} {length}"
                );
            }
        }
    }

    #[test]
    fn scaling_rounds_the_exact_product_once() {
        let scaled = |a: &str, m: &str| scale_cents(d(a), digits(d(a)), Scale::of(d(m)).unwrap());
        // 1000.05 × 0.9 = 900.045 -> 900.04 (a tie, to even).
        assert_eq!(scaled("1000.05", "0.9"), Some(90_004));
        // 1000.15 × 0.9 = 900.135 -> 900.14.
        assert_eq!(scaled("1000.15", "0.9"), Some(90_014));
        // 0.9B (written 900000000.0) × 0.6172835 = 555,555,150.00 (digits 9 × 10^8).
        assert_eq!(scaled("900000000.0", "0.6172835"), Some(55_555_515_000));
        // 1,971,360,000.00 × 1.234567891234 = 2,433,777,758.063058… -> 2,433,777,758.06:
        // digits 197136 × 10^4 times 1234567891234 × 10^-12, a 64-bit product (243,377,775,
        // 806,305,824) divided by 10^6.
        assert_eq!(
            scaled("1971360000.00", "1.234567891234"),
            Some(243_377_775_806)
        );
        // 1234.567 × 2 = 2469.134 -> 2469.13; × 0 = 0.
        assert_eq!(scaled("1234.567", "2"), Some(246_913));
        assert_eq!(scaled("1234.567", "0"), Some(0));
        // 0.01 × 0.000001 = 0.00000001 -> 0.00.
        assert_eq!(scaled("0.01", "0.000001"), Some(0));
        // 10^15 after scaling is too large; a cent below is fine.
        assert_eq!(scaled("500000000000000", "2"), None);
        assert_eq!(
            scaled("499999999999999.995", "2"),
            Some(99_999_999_999_999_999)
        );
        // A 128-bit product: 999,999,999,999.99 × 0.999999999999: 99,999,999,999,999 ×
        // 999,999,999,999 = 99,999,999,999,899,000,000,000,001 × 10^-14, i.e.
        // 999,999,999,998.99000000000001 -> 999,999,999,998.99.
        assert_eq!(
            scaled("999999999999.99", "0.999999999999"),
            Some(99_999_999_999_899)
        );
        // A mantissa beyond 64 bits goes through the validator's own function: 28 decimals.
        assert_eq!(scaled("0.0100000000000000000000000001", "0.5"), Some(1));
        // Every case above agrees with the validator's `scale_amount`.
        for (a, m) in [
            ("1000.05", "0.9"),
            ("900000000.0", "0.6172835"),
            ("1971360000.00", "1.234567891234"),
            ("999999999999.99", "0.999999999999"),
            ("0.0100000000000000000000000001", "0.5"),
        ] {
            let expected = scenario::scales::scale_amount(d(a), d(m)).unwrap();
            assert_eq!(scaled(a, m), whole_cents(expected), "{a} × {m}");
        }
    }

    #[test]
    fn amounts_without_trailing_zeros() {
        // 900000000.0 = 9 × 10^8; 1.50 = 15 × 10^-1; 0 = 0.
        assert_eq!(digits(d("900000000.0")), (9, 8));
        assert_eq!(digits(d("1.50")), (15, -1));
        assert_eq!(digits(d("0.00")), (0, -2));
    }

    #[test]
    fn whole_cents_and_multipliers() {
        // 1.5 = 150 cents; 1.000 = 100 cents; 1.005 is not whole cents.
        assert_eq!(whole_cents(d("1.5")), Some(150));
        assert_eq!(whole_cents(d("1.000")), Some(100));
        assert_eq!(whole_cents(d("1.005")), None);
        let scale = |s: &str| Some(Scale::of(d(s)).unwrap());
        // 0.9 × 1.5 × 0.333333 = 0.44999955; nothing stated or all 1 is 1; 0.5 × 2 is
        // exactly 1 (blocks then stay as written).
        assert_eq!(
            multiplier([scale("0.9"), scale("1.5"), scale("0.333333")]),
            scale("0.44999955")
        );
        assert_eq!(multiplier([None, scale("1"), None]), Some(Scale::ONE));
        assert_eq!(
            multiplier([scale("0.5"), None, scale("2")]),
            Some(Scale::ONE)
        );
        // 10^20 × 10^20 does not fit: the build refuses it, the fast path declines.
        assert_eq!(multiplier([scale("1e20"), scale("1e20"), None]), None);
    }

    /// The scenarios the equivalence is checked on: every shipped one, the benchmark, and the
    /// independent checker's fixtures (CSV projections, sub-cent amounts, stated scales,
    /// `paid_before`, half-cent ties).
    const FILES: [&str; 7] = [
        "scenarios/base.toml",
        "scenarios/bear.toml",
        "scenarios/bull.toml",
        "scenarios/monthly.toml",
        "scenarios/bench/monthly-10y.toml",
        "tests/independent/scales.toml",
        "tests/independent/ties.toml",
    ];

    fn parsed(file: &str) -> Parsed {
        scenario::parse(Path::new(file)).unwrap()
    }

    /// The build's answer for a path: its summary, rendered warnings and cumulative paid, or
    /// `None` when the build or the engine fails.
    type Answer = Option<(Summary, Vec<String>, Vec<i64>)>;

    fn built(parsed: &Parsed, set: &[Override], keys: &[Key], values: &[Value]) -> Answer {
        let mut overrides: Vec<Override> = set
            .iter()
            .filter(|o| !keys.contains(&o.key))
            .cloned()
            .collect();
        for (k, v) in keys.iter().zip(values) {
            overrides.push(make_override(k, v.override_text()));
        }
        let loaded = scenario::build(parsed, &overrides).ok()?;
        let outcome = crate::engine::simulate(&loaded.scenario).ok()?;
        let warnings = loaded.warnings.iter().map(Diagnostic::render).collect();
        let cumulative = (outcome.periods.iter())
            .map(|p| p.cumulative_paid.cents() as i64)
            .collect();
        Some((outcome.summary, warnings, cumulative))
    }

    /// Evaluates `paths` with one evaluator (so each path also sees what the previous left)
    /// and checks each that is not declined against the build; returns how many were.
    fn check(file: &str, set: &[Override], keys: &[Key], paths: &[Vec<Value>]) -> usize {
        let parsed = parsed(file);
        let Some(fast) = Fast::with_keys(&parsed, set, keys) else {
            // Only keys it does not handle (growth of a CSV stream) may refuse: that case
            // fails to build for every value.
            assert!(
                paths.iter().all(|v| built(&parsed, set, keys, v).is_none()),
                "{file} {keys:?}"
            );
            return paths.len();
        };
        let mut evaluator = fast.evaluator();
        let mut declined = 0;
        for values in paths {
            let mut cumulative = vec![-1];
            let got = evaluator.path(values, &mut cumulative);
            let expected = built(&parsed, set, keys, values);
            match (got, expected) {
                (None, expected) => {
                    declined += 1;
                    // A path the build takes is declined only for a documented reason that
                    // these draws can meet: a discount or growth rate above 1 (warned about).
                    let warned = keys.iter().zip(values).any(|(k, v)| {
                        let rate = matches!(
                            k.text().rsplit('.').next(),
                            Some("discount_rate" | "growth")
                        );
                        rate && matches!(v, Value::Rate(r) if *r > Decimal::ONE)
                    });
                    assert!(
                        expected.is_none() || warned,
                        "{file} {keys:?} {values:?}: declined a path the build takes"
                    );
                }
                (Some(g), Some((summary, warnings, expected_cumulative))) => {
                    let context = format!("{file} {keys:?} {values:?}");
                    assert_eq!(g.summary, summary, "{context}");
                    let rendered: Vec<String> = g.warnings.iter().map(Diagnostic::render).collect();
                    assert_eq!(rendered, warnings, "{context}");
                    assert_eq!(cumulative, expected_cumulative, "{context}");
                }
                (Some(g), None) => {
                    panic!("{file} {keys:?} {values:?}: the build fails, the fast path gave {g:?}")
                }
            }
        }
        declined
    }

    fn rate(n: i64, scale: u32, normalize: bool) -> Value {
        let r = Decimal::new(n, scale);
        Value::Rate(if normalize { r.normalize() } else { r })
    }

    fn money(cents: i64) -> Value {
        Value::Cap(Some(Money::from_cents(i128::from(cents))))
    }

    /// A value of the key's kind from `(choice, raw)`: edges (0, 1, none, tiny, the limits,
    /// just outside the valid range) and random values.
    fn value(kind: u8, choice: u8, raw: u64) -> Value {
        let raw_i = (raw >> 1) as i64;
        let normalize = raw & 1 == 0;
        match kind {
            // share.cap
            0 => match choice % 8 {
                0 => Value::Cap(None),
                1 => money(0),
                2 => money(1),
                3 => money(raw_i % 100_000),
                4 => money(raw_i % 10_000_000_000_000),
                5 => money(raw_i % 100_000_000_000_000_000),
                6 => money(99_999_999_999_999_999),
                _ => money(raw_i % 100_000_000_000),
            },
            // share.rate
            1 => match choice % 5 {
                0 => rate(0, 0, normalize),
                1 => rate(1_000_000, 6, normalize),
                2 => rate(1_000_001, 6, normalize),
                _ => rate(raw_i % 1_000_001, 6, normalize),
            },
            // share.paid_before
            2 => match choice % 4 {
                0 => money(0),
                1 => money(raw_i % 10_000_000_000_000),
                2 => money(raw_i % 100_000),
                _ => money(raw_i % 5_000_000_000_000),
            },
            // share.payment_lag_days
            3 => Value::Days(match choice % 4 {
                0 => 0,
                1 => raw_i % 401,
                2 => 36_500,
                _ => raw_i % 36_501,
            }),
            // scenario.discount_rate
            4 => match choice % 8 {
                0 => rate(0, 0, normalize),
                1 => rate(1, 0, normalize),
                2 => rate(raw_i % 1_500_001 - 500_000, 6, normalize),
                3 => rate(-999_999, 6, normalize),
                4 => rate(1_000_001, 6, normalize),
                _ => rate(raw_i % 300_000, 6, normalize),
            },
            // a scale
            5 => match choice % 8 {
                0 => rate(0, 0, normalize),
                1 => rate(1, 0, normalize),
                2 => rate(1, 6, normalize),
                3 => rate(1000, 0, normalize),
                4 => rate(raw_i % 3_000_001, 6, normalize),
                5 => rate(5, 1, normalize),
                6 => rate(raw_i % 10, 6, normalize),
                _ => rate(raw_i % 2_000_001, 6, normalize),
            },
            // a growth rate
            _ => match choice % 8 {
                0 => rate(0, 0, normalize),
                1 => rate(-99, 2, normalize),
                2 => rate(raw_i % 1_990_001 - 990_000, 6, normalize),
                3 => rate(1_000_001, 6, normalize),
                4 => rate(-999_999, 6, normalize),
                _ => rate(raw_i % 300_000, 6, normalize),
            },
        }
    }

    /// The keys a case draws, from a mask over the handled kinds; the cloud and streams are
    /// chosen among the scenario's. Returns each key with its value kind.
    fn keys(file: &str, mask: u16, pick: (usize, usize, usize)) -> Vec<(Key, u8)> {
        let model = crate::scenario::load(Path::new(file), &[])
            .unwrap()
            .scenario;
        let mut clouds: Vec<&str> = model.streams.iter().map(|s| s.cloud.as_str()).collect();
        clouds.dedup();
        let streams: Vec<&str> = model.streams.iter().map(|s| s.name.as_str()).collect();
        let all = [
            (table_key("share", "cap"), 0),
            (table_key("share", "rate"), 1),
            (table_key("share", "paid_before"), 2),
            (table_key("share", "payment_lag_days"), 3),
            (table_key("scenario", "discount_rate"), 4),
            (table_key("revenue", "scale"), 5),
            (cloud_key(clouds[pick.0 % clouds.len()]), 5),
            (stream_key(streams[pick.1 % streams.len()], "scale"), 5),
            (stream_key(streams[pick.2 % streams.len()], "growth"), 6),
        ];
        all.into_iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, k)| k)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        /// For random draws of every handled key over the scenarios, a path either declines
        /// or gives exactly the build's summary, warnings and cumulative paid; four paths per
        /// case share one evaluator, so streams kept from a previous path are checked too.
        #[test]
        fn a_path_is_the_build_or_declines(
            file in 0..FILES.len(),
            mask in 1u16..512,
            pick in (0usize..8, 0usize..16, 0usize..16),
            paths in proptest::collection::vec(
                proptest::collection::vec((any::<u8>(), any::<u64>()), 9), 4),
            repeat in any::<bool>(),
        ) {
            let file = FILES[file];
            let keys = keys(file, mask, pick);
            let mut values: Vec<Vec<Value>> = paths
                .iter()
                .map(|draw| {
                    keys.iter()
                        .zip(draw)
                        .map(|((_, kind), &(choice, raw))| value(*kind, choice, raw))
                        .collect()
                })
                .collect();
            if repeat {
                // The same path again, after another: the kept streams must not go stale.
                values.push(values[0].clone());
            }
            let keys: Vec<Key> = keys.into_iter().map(|(k, _)| k).collect();
            check(file, &[], &keys, &values);
        }
    }

    /// `--set` values under the draws: a `--set` cap or scale the paths keep, and a `--set`
    /// of a drawn key, which the draw replaces.
    #[test]
    fn set_values_stand_under_the_draws() {
        let set: Vec<Override> = [
            "share.cap=0.5",
            "cloud.aws.scale=150%",
            "share.paid_before=0.25",
            "revenue.scale=3",
        ]
        .iter()
        .map(|a| Override::parse(a, "--set").unwrap())
        .collect();
        let keys = [
            table_key("revenue", "scale"),
            stream_key("API on AWS", "growth"),
        ];
        let paths: Vec<Vec<Value>> = [("1", "0.05"), ("0", "0.1"), ("0.000001", "-0.5")]
            .iter()
            .map(|(s, g)| vec![Value::Rate(d(s)), Value::Rate(d(g))])
            .collect();
        // A 0.50 cap is a unit mistake on every path but the one whose revenue is scaled to 0.
        assert_eq!(check("scenarios/base.toml", &set, &keys, &paths), 0);
    }

    /// The path's own warnings go where the build's sort puts them among every path's: after
    /// a `--set` discount rate's (validated before the share), before a `--set` growth's
    /// (validated after it), by line among the file's.
    #[test]
    fn warnings_keep_the_builds_order() {
        let set: Vec<Override> = ["scenario.discount_rate=2", "stream.API on AWS.growth=3"]
            .iter()
            .map(|a| Override::parse(a, "--set").unwrap())
            .collect();
        let keys = [table_key("share", "cap"), table_key("share", "paid_before")];
        let paths = vec![
            vec![Value::Cap(None), money(500)],
            vec![money(5_000), money(0)],
            vec![Value::Cap(None), money(0)],
            vec![money(5_000), money(5_000)],
        ];
        assert_eq!(check("scenarios/base.toml", &set, &keys, &paths), 0);

        // A file whose own warnings sit on lines around the share's: a long float literal, a
        // horizon ending before the sunset, and two listed clouds whose streams can be scaled
        // to nothing.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("warned.toml");
        std::fs::write(
            &file,
            "[scenario]\nstart = 2026-01-01\nend = 2027-12-31\nperiod = \"month\"\n\
             discount_rate = 0.05000000000000000001\n[share]\nrate = \"20%\"\ncap = \"1000\"\n\
             sunset = 2028-06-30\nclouds = [\"aws\", \"gcp\"]\n\
             [[stream]]\nname = \"A\"\ncloud = \"aws\"\nannual = { 2026 = \"1.5B\", 2027 = 2000000000.000000000001 }\n\
             [[stream]]\nname = \"G\"\ncloud = \"gcp\"\nannual = { 2026 = \"300M\" }\ngrowth = 0.1\n",
        )
        .unwrap();
        let file = file.to_str().unwrap();
        let keys = [
            cloud_key("aws"),
            stream_key("G", "scale"),
            table_key("share", "paid_before"),
        ];
        let paths = vec![
            vec![rate(0, 0, true), rate(0, 0, true), money(0)],
            vec![rate(1, 0, true), rate(0, 0, true), money(100)],
            vec![rate(0, 0, true), rate(5, 1, true), money(100_000)],
            vec![rate(0, 0, true), rate(1, 6, true), money(0)],
        ];
        assert_eq!(check(file, &[], &keys, &paths), 0);
        let parsed = parsed(file);
        let fast = Fast::with_keys(&parsed, &[], &keys).unwrap();
        let mut cumulative = Vec::new();
        let path = fast.evaluator().path(&paths[0], &mut cumulative).unwrap();
        let messages: Vec<&str> = path.warnings.iter().map(|w| w.message.as_str()).collect();
        // Window, the float of `discount_rate`, both clouds, the float of 2027 (by line).
        assert_eq!(messages.len(), 5, "{messages:?}");
        assert!(messages.contains(&CLOUD_EARNS_NOTHING));
    }

    /// The benchmark's draws (issue 13): the fast path takes every path, and each is the build.
    #[test]
    fn benchmark_draws_are_never_declined() {
        let draws: Vec<Draw> = [
            "share.cap=pert(20B,38B,60B)",
            "revenue.scale=lognormal(1,0.25)",
            "cloud.aws.scale=uniform(50%,200%)",
        ]
        .iter()
        .map(|d| Draw::parse(d).unwrap())
        .collect();
        let sampler = Sampler::new(1, 64, Sampling::Lhs);
        let file = "scenarios/bench/monthly-10y.toml";
        let paths: Vec<Vec<Value>> = (0..64)
            .map(|i| {
                (0u32..)
                    .zip(&draws)
                    .map(|(j, d)| d.value(sampler.u(i, j)))
                    .collect()
            })
            .collect();
        let keys: Vec<Key> = draws.iter().map(|d| d.key.clone()).collect();
        assert!(Fast::new(&parsed(file), &[], &draws).is_some());
        assert_eq!(check(file, &[], &keys, &paths), 0);
        // Also on the shipped base case, whose totals put some caps under the unit line.
        assert_eq!(check("scenarios/base.toml", &[], &keys, &paths), 0);
    }

    /// The warnings formed per path are taken, not declined: a cap under 1/1,000 of the
    /// revenue, `paid_before` without a cap, a listed cloud scaled to nothing.
    #[test]
    fn per_path_warnings_are_formed_not_declined() {
        let keys = [
            table_key("share", "cap"),
            table_key("share", "paid_before"),
            cloud_key("aws"),
        ];
        let paths = vec![
            vec![money(5_000), money(0), rate(1, 0, true)],
            vec![Value::Cap(None), money(12_345), rate(0, 0, true)],
            vec![money(1), money(1), rate(2, 0, true)],
            vec![Value::Cap(None), money(0), rate(0, 0, true)],
        ];
        for file in ["scenarios/base.toml", "scenarios/monthly.toml"] {
            assert_eq!(check(file, &[], &keys, &paths), 0, "{file}");
        }
        let parsed = parsed("scenarios/base.toml");
        let fast = Fast::with_keys(&parsed, &[], &keys).unwrap();
        let mut evaluator = fast.evaluator();
        let mut messages = |values: &[Value]| -> Vec<String> {
            let mut cumulative = Vec::new();
            let path = evaluator.path(values, &mut cumulative).unwrap();
            path.warnings.into_iter().map(|w| w.message).collect()
        };
        assert_eq!(messages(&paths[0]), [units::CAP_UNITS]);
        assert_eq!(
            messages(&paths[1]),
            [PAID_BEFORE_UNCAPPED, CLOUD_EARNS_NOTHING]
        );
    }

    /// One `Fast` serves every thread; each has its own evaluator.
    #[test]
    fn fast_is_shared_between_threads() {
        fn shared<T: Sync + Send>() {}
        shared::<Fast>();
        fn sent<T: Send>() {}
        sent::<Evaluator<'static>>();
    }

    /// Keys it does not handle, or a key drawn twice: every path is built from text.
    #[test]
    fn unhandled_keys_refuse_the_fast_path() {
        let parsed = parsed("scenarios/base.toml");
        for key in ["share.sunset", "scenario.period", "scenario.valuation_date"] {
            let key = Key::parse(key).unwrap();
            assert!(Fast::with_keys(&parsed, &[], &[key]).is_none());
        }
        let qualifying = stream_key("API on AWS", "qualifying");
        assert!(Fast::with_keys(&parsed, &[], &[qualifying]).is_none());
        let cap = table_key("share", "cap");
        assert!(Fast::with_keys(&parsed, &[], &[cap.clone(), cap]).is_none());
        // A cloud no stream uses: the build fails, so does the preparation.
        assert!(Fast::with_keys(&parsed, &[], &[cloud_key("azur")]).is_none());
    }
}
