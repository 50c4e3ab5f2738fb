//! The axis box of a [`Figure`]: bars, lines and series, reference levels and markers, point
//! marks, and the slot labels under the axis.

use super::axis::{AxisUnit, nice_ceiling};
use super::figure::{
    Figure, Level, MARGIN, PLOT_RIGHT, Place, Series, Stroke, X_LABEL_LINES, XAxis, Y_LABEL_AREA,
    YAxis, text_style,
};
use super::marks;
use super::text::{DrawResult, err, label_step, shorten, wrap};
use super::theme::{GRID, INK, MUTED, WIDTH};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

impl Figure {
    /// The axis box with bars, lines, levels, markers, point marks and slot labels.
    pub(super) fn draw_plot<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
    ) -> DrawResult<()> {
        let slots = self.x_labels.len().max(1);
        let y_max = self
            .y_max
            .unwrap_or_else(|| nice_ceiling(self.data_max() * 1.08));
        let unit = AxisUnit::for_max(y_max);
        let currency = super::super::format::currency_prefix(&self.currency);
        let label_font = text_style(18.0, MUTED, false);
        let x_labels = match self.x_axis {
            XAxis::Slots => self.slot_labels(root, &label_font, slots)?,
            XAxis::Money { .. } => Vec::new(),
        };
        let label_rows = x_labels.iter().map(Vec::len).max().unwrap_or(1) as i32;
        let (x_from, x_to) = self.x_range(slots);
        let mut chart = ChartBuilder::on(area)
            .margin_top(self.marker_room() + self.interval_room())
            .y_label_area_size(Y_LABEL_AREA)
            .x_label_area_size(44 + 22 * (label_rows - 1))
            .build_cartesian_2d(x_from..x_to, 0.0..y_max)
            .map_err(err)?;
        let y_axis = self.y_axis;
        let y_format = |v: &f64| match y_axis {
            YAxis::Money => unit.format(*v, &currency),
            YAxis::Percent => percent_label(*v),
        };
        let x_unit = AxisUnit::for_max(x_from.abs().max(x_to.abs()));
        let x_format = |v: &f64| signed_money(x_unit, *v, &currency);
        let mut mesh = chart.configure_mesh();
        mesh.disable_x_mesh()
            .y_labels(7)
            .y_label_formatter(&y_format)
            .y_label_style(label_font.clone())
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED);
        match self.x_axis {
            XAxis::Slots => mesh.x_labels(0),
            XAxis::Money { .. } => mesh
                .x_labels(9)
                .x_label_formatter(&x_format)
                .x_label_style(label_font.clone()),
        };
        mesh.draw().map_err(err)?;
        self.draw_bands(&mut chart)?;
        self.draw_columns(root, &mut chart)?;
        self.draw_bars(&mut chart, slots)?;
        let series: Vec<Series> = self
            .lines
            .iter()
            .map(Series::from)
            .chain(self.series.iter().cloned())
            .collect();
        for s in &series {
            draw_series(&mut chart, s)?;
        }
        self.draw_levels(root, &chart, (x_from, x_to))?;
        self.draw_markers(root, &mut chart, (0.0, y_max))?;
        let marked: Vec<&Series> = series.iter().filter(|s| s.mark.is_some()).collect();
        for (k, s) in marked.iter().enumerate() {
            let (k, n) = if self.mark_every_point {
                (0, 0)
            } else {
                (k, marked.len())
            };
            draw_point_marks(root, &chart, s, (k, n))?;
        }
        self.draw_point_labels(root, &chart)?;
        self.draw_intervals(root, &chart, y_max)?;
        self.draw_slot_labels(root, &chart, &label_font, &x_labels)
    }

    /// Pixels kept above the plot for the intervals' strip.
    fn interval_room(&self) -> i32 {
        if self.intervals.is_empty() {
            0
        } else {
            INTERVAL_PX * self.intervals.len() as i32 + 12
        }
    }

    /// The intervals' strip above the plot (and above the markers' band, if any): per row a
    /// line with end ticks, a dot in the middle, and a label each side.
    fn draw_intervals<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &Chart<'_, DB>,
        y_max: f64,
    ) -> DrawResult<()> {
        let font = text_style(18.0, INK, true);
        let top = chart.backend_coord(&(0.0, y_max)).1 - self.marker_room() - self.interval_room();
        for (k, iv) in self.intervals.iter().enumerate() {
            let y = top + INTERVAL_PX * k as i32 + INTERVAL_PX / 2;
            let x = |v: f64| chart.backend_coord(&(v, y_max)).0;
            let (a, m, b) = (x(iv.from), x(iv.mid), x(iv.to));
            let style = iv.colour.stroke_width(4);
            if b > a {
                for path in [
                    vec![(a, y), (b, y)],
                    vec![(a, y - 8), (a, y + 8)],
                    vec![(b, y - 8), (b, y + 8)],
                ] {
                    root.draw(&PathElement::new(path, style)).map_err(err)?;
                }
            }
            root.draw(&Circle::new((m, y), 7, iv.colour.filled()))
                .map_err(err)?;
            let side = |h: HPos| font.color(&iv.colour).pos(Pos::new(h, VPos::Center));
            let (left, right) = (shorten(&iv.left, 40), shorten(&iv.right, 60));
            let (w, _) = root.estimate_text_size(&right, &font).map_err(err)?;
            let plot_right = chart.plotting_area().get_pixel_range().0.end;
            if b.max(m) + 14 + w as i32 <= plot_right {
                root.draw(&Text::new(left, (a.min(m) - 14, y), side(HPos::Right)))
                    .map_err(err)?;
                root.draw(&Text::new(right, (b.max(m) + 14, y), side(HPos::Left)))
                    .map_err(err)?;
            } else {
                // No room on the right: everything on the left.
                root.draw(&Text::new(
                    format!("{left} · {right}"),
                    (a.min(m) - 14, y),
                    side(HPos::Right),
                ))
                .map_err(err)?;
            }
        }
        Ok(())
    }

    /// Pixels kept above the plot for the markers' labels, when they go there.
    pub(super) fn marker_room(&self) -> i32 {
        if self.markers_above {
            26 * self.markers.len() as i32 + 8
        } else {
            0
        }
    }

    /// The x axis' ends: the slots' edges, or the money range asked for.
    fn x_range(&self, slots: usize) -> (f64, f64) {
        match self.x_axis {
            XAxis::Slots => (-0.5, slots as f64 - 0.5),
            XAxis::Money { from, to } if to > from => (from, to),
            XAxis::Money { from, .. } => (from - 0.5, from + 0.5),
        }
    }

    /// Each band as one filled polygon: along its upper edge, then back along its lower.
    fn draw_bands<DB: DrawingBackend>(&self, chart: &mut Chart<'_, DB>) -> DrawResult<()> {
        for band in &self.bands {
            let outline: Vec<(f64, f64)> = band
                .upper
                .iter()
                .copied()
                .chain(band.lower.iter().rev().copied())
                .collect();
            if outline.len() < 3 {
                continue;
            }
            chart
                .draw_series(std::iter::once(Polygon::new(outline, band.colour.filled())))
                .map_err(err)?;
        }
        Ok(())
    }

    /// Histogram bins: filled (translucent when `fill` < 1), then their outer edge as a step
    /// line when asked, so overlaid histograms each keep a visible outline.
    fn draw_columns<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &mut Chart<'_, DB>,
    ) -> DrawResult<()> {
        for columns in &self.columns {
            let cut = columns.cut.unwrap_or(f64::INFINITY);
            let bins: Vec<(f64, f64, f64)> = columns
                .bins
                .iter()
                .map(|&(a, b, h)| (a, b, h.min(cut)))
                .collect();
            if columns.fill > 0.0 {
                let style = columns.colour.mix(columns.fill.min(1.0)).filled();
                let rects = bins
                    .iter()
                    .filter(|(_, _, h)| *h > 0.0)
                    .map(|&(a, b, h)| Rectangle::new([(a, 0.0), (b, h)], style));
                chart.draw_series(rects).map_err(err)?;
            }
            if columns.outline {
                let style = columns.colour.stroke_width(3);
                chart
                    .draw_series(
                        steps(&bins)
                            .into_iter()
                            .map(|run| PathElement::new(run, style)),
                    )
                    .map_err(err)?;
            }
            // A break across the top of each cut bar: two white slants.
            for &(a, b, h) in columns.bins.iter().filter(|(_, _, h)| *h > cut) {
                let (left, top) = chart.backend_coord(&(a, cut));
                let (right, _) = chart.backend_coord(&(b, h.min(cut)));
                for dy in [22, 32] {
                    root.draw(&PathElement::new(
                        vec![(left - 3, top + dy + 5), (right + 3, top + dy - 5)],
                        WHITE.stroke_width(4),
                    ))
                    .map_err(err)?;
                }
            }
        }
        Ok(())
    }

    /// Point labels beside their points, in their colours.
    fn draw_point_labels<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &Chart<'_, DB>,
    ) -> DrawResult<()> {
        let font = text_style(18.0, INK, true);
        for label in &self.point_labels {
            let (px, py) = chart.backend_coord(&(label.x, label.y));
            let (pos, at) = match label.place {
                Place::Above => (Pos::new(HPos::Center, VPos::Bottom), (px, py - 12)),
                Place::Left => (Pos::new(HPos::Right, VPos::Center), (px - 12, py)),
                Place::Right => (Pos::new(HPos::Left, VPos::Center), (px + 12, py)),
            };
            let style = font.color(&label.colour).pos(pos);
            root.draw(&Text::new(shorten(&label.text, 32), at, style))
                .map_err(err)?;
        }
        Ok(())
    }

    fn draw_bars<DB: DrawingBackend>(
        &self,
        chart: &mut Chart<'_, DB>,
        slots: usize,
    ) -> DrawResult<()> {
        let mut base = vec![0.0; slots];
        for layer in &self.bars {
            let colour = layer.colour;
            let bars: Vec<_> = layer
                .values
                .iter()
                .enumerate()
                .filter(|(i, v)| **v > 0.0 && *i < slots)
                .map(|(i, v)| {
                    let x = i as f64;
                    let rect = Rectangle::new(
                        [(x - 0.38, base[i]), (x + 0.38, base[i] + v)],
                        colour.filled(),
                    );
                    base[i] += v;
                    rect
                })
                .collect();
            chart.draw_series(bars).map_err(err)?;
        }
        let style = text_style(19.0, INK, true).pos(Pos::new(HPos::Center, VPos::Bottom));
        let labels = self
            .bar_labels
            .iter()
            .zip(&base)
            .enumerate()
            .filter(|(_, (label, _))| !label.is_empty())
            .map(|(i, (label, top))| {
                EmptyElement::at((i as f64, *top))
                    + Text::new(shorten(label, 24), (0, -6), style.clone())
            });
        chart.draw_series(labels).map_err(err)?;
        Ok(())
    }

    /// Levels grouped by height: one dashed line per height in its levels' colours, and the
    /// labels right-aligned above it, pushed up so that no two overlap.
    fn draw_levels<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &Chart<'_, DB>,
        (x_from, x_to): (f64, f64),
    ) -> DrawResult<()> {
        let mut heights: Vec<f64> = self.levels.iter().map(|l| l.y).collect();
        heights.sort_by(f64::total_cmp);
        heights.dedup();
        let (left, _) = chart.backend_coord(&(x_from, 0.0));
        let (right, _) = chart.backend_coord(&(x_to, 0.0));
        for y in &heights {
            let colours: Vec<RGBColor> = self
                .levels
                .iter()
                .filter(|l| l.y == *y)
                .map(|l| l.colour)
                .collect();
            let (_, py) = chart.backend_coord(&(0.0, *y));
            marks::multi_dash(root, (left, right), py, &colours)?;
        }
        // Lowest level first; each label sits at least a line above the one before.
        let mut order: Vec<&Level> = self.levels.iter().collect();
        order.sort_by(|a, b| a.y.total_cmp(&b.y));
        let mut ceiling = i32::MAX;
        for level in order.into_iter().filter(|l| !l.label.is_empty()) {
            let (_, py) = chart.backend_coord(&(0.0, level.y));
            let bottom = (py - 6).min(ceiling);
            // A label shared by levels of several colours is written in ink.
            let shared = self.levels.iter().filter(|l| l.y == level.y).count() > 1;
            let colour = if shared { INK } else { level.colour };
            let style = text_style(19.0, colour, true).pos(Pos::new(HPos::Right, VPos::Bottom));
            root.draw(&Text::new(
                shorten(&level.label, 60),
                (right - 6, bottom),
                style,
            ))
            .map_err(err)?;
            ceiling = bottom - 24;
        }
        Ok(())
    }

    /// Markers as dashed vertical lines from `y_min` to `y_max`, labelled at the top.
    pub(super) fn draw_markers<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &mut Chart<'_, DB>,
        (y_min, y_max): (f64, f64),
    ) -> DrawResult<()> {
        // Labels step down a line per marker, so markers close together keep both labels.
        for (k, marker) in self.markers.iter().enumerate() {
            let points = vec![(marker.x, y_min), (marker.x, y_max)];
            chart
                .draw_series(DashedLineSeries::new(
                    points,
                    8,
                    6,
                    marker.colour.stroke_width(2),
                ))
                .map_err(err)?;
            let (px, mut py) = chart.backend_coord(&(marker.x, y_max));
            // With room above the plot, the line goes on up into it and the label sits there.
            let room = self.marker_room();
            if room > 0 {
                for y in (py - room..py).step_by(14) {
                    root.draw(&PathElement::new(
                        vec![(px, y), (px, (y + 8).min(py))],
                        marker.colour.stroke_width(2),
                    ))
                    .map_err(err)?;
                }
                py -= room;
            }
            // Label to the right of the line, or to the left near the right edge.
            let right_side = px < (WIDTH as i32) * 3 / 4;
            let (h, dx) = if right_side {
                (HPos::Left, 8)
            } else {
                (HPos::Right, -8)
            };
            let style = text_style(19.0, marker.colour, true).pos(Pos::new(h, VPos::Top));
            root.draw(&Text::new(
                shorten(&marker.label, 60),
                (px + dx, py + 6 + 26 * k as i32),
                style,
            ))
            .map_err(err)?;
        }
        Ok(())
    }

    /// Each slot's label as lines: wrapped to the slot's width when every label must show,
    /// else one line each (thinned when drawn).
    fn slot_labels<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        font: &TextStyle<'_>,
        slots: usize,
    ) -> DrawResult<Vec<Vec<String>>> {
        if !self.wrap_x_labels {
            return Ok(self.x_labels.iter().map(|l| vec![shorten(l, 24)]).collect());
        }
        let plot_px = WIDTH as i32 - 2 * MARGIN - PLOT_RIGHT + 8 - Y_LABEL_AREA;
        let slot_px = plot_px / slots as i32 - 12;
        self.x_labels
            .iter()
            .map(|l| wrap(root, l, font, slot_px, X_LABEL_LINES))
            .collect()
    }

    /// Slot labels under the slots; one-line labels thinned so they never overlap.
    fn draw_slot_labels<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &Chart<'_, DB>,
        font: &TextStyle<'_>,
        labels: &[Vec<String>],
    ) -> DrawResult<()> {
        if labels.is_empty() {
            return Ok(());
        }
        let widest = labels
            .iter()
            .flatten()
            .map(|l| root.estimate_text_size(l, font).map(|(w, _)| w))
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?
            .into_iter()
            .max()
            .unwrap_or(0);
        let slot_px =
            (chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0).max(1);
        let step = if self.wrap_x_labels {
            1
        } else {
            label_step(widest as i32 + 16, slot_px)
        };
        let style = font.pos(Pos::new(HPos::Center, VPos::Top));
        for (i, lines) in labels.iter().enumerate().step_by(step) {
            let (px, py) = chart.backend_coord(&(i as f64, 0.0));
            for (row, line) in lines.iter().enumerate() {
                let y = py + 10 + 22 * row as i32;
                root.draw(&Text::new(line.clone(), (px, y), style.clone()))
                    .map_err(err)?;
            }
        }
        Ok(())
    }
}

/// Pixels per row of the intervals' strip.
const INTERVAL_PX: i32 = 32;

/// A fraction as a percentage axis label: `0.25` → `25%`, `0.125` → `12.5%`.
fn percent_label(v: f64) -> String {
    let text = format!("{:.1}", v * 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        return "0%".to_owned();
    }
    format!("{text}%")
}

/// Money on an axis that may go below zero: `−$1.5B` rather than `$-1.5B`.
pub(super) fn signed_money(unit: AxisUnit, v: f64, currency: &str) -> String {
    let text = unit.format(v.abs(), currency);
    if v < 0.0 && text != format!("{currency}0") {
        format!("−{text}")
    } else {
        text
    }
}

/// The outer edge of a histogram as step lines, one per run of adjacent non-empty bins: up
/// at the run's left edge, across each bin's top, down at its right edge. Empty bins draw
/// nothing (a line along the axis would only hide it).
fn steps(bins: &[(f64, f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    let mut end: Option<f64> = None;
    for &(a, b, h) in bins {
        let joins = end == Some(a) && h > 0.0;
        if !joins {
            if let Some(e) = end {
                current.push((e, 0.0));
                runs.push(std::mem::take(&mut current));
            }
            end = None;
            if h <= 0.0 {
                continue;
            }
            current.push((a, 0.0));
        }
        current.push((a, h));
        current.push((b, h));
        end = Some(b);
    }
    if let Some(e) = end {
        current.push((e, 0.0));
        runs.push(current);
    }
    runs
}

/// The chart context every plot helper draws on.
pub(super) type Chart<'a, DB> = ChartContext<
    'a,
    DB,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// A series as a line; a series of one point (a sweep of one value) as a dot, which a line
/// through one point would not show.
fn draw_series<DB: DrawingBackend>(chart: &mut Chart<'_, DB>, s: &Series) -> DrawResult<()> {
    let style = s.colour.stroke_width(4);
    let points = s.points.clone();
    if let [only] = points.as_slice() {
        let dot = Circle::new(*only, 6, s.colour.filled());
        return chart
            .draw_series(std::iter::once(dot))
            .map(|_| ())
            .map_err(err);
    }
    match s.stroke {
        Stroke::Solid => chart
            .draw_series(LineSeries::new(points, style))
            .map(|_| ()),
        Stroke::Dashed => chart
            .draw_series(DashedLineSeries::new(points, 12, 8, style))
            .map(|_| ()),
        Stroke::Dotted => chart
            .draw_series(DashedLineSeries::new(points, 4, 6, style))
            .map(|_| ()),
    }
    .map_err(err)
}

/// Pixels at least between two marks of one series: a few marks per line name it; more clutter.
const MARK_GAP: f64 = 200.0;

/// The marks of series `k` of `n` marked series: at every `step`-th point, starting at the
/// `k`-th, where `step` is at least `n` and keeps marks [`MARK_GAP`] pixels
/// apart. Series that coincide point for point then carry their marks at different points
/// (circle, square, triangle in turn along the shared stretch), never on top of each other.
/// Zeros (before a share starts) tell no line from another and get no marks.
fn draw_point_marks<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &Chart<'_, DB>,
    s: &Series,
    (k, n): (usize, usize),
) -> DrawResult<()> {
    let Some(mark) = s.mark else {
        return Ok(());
    };
    let px: Vec<(i32, i32)> = s.points.iter().map(|p| chart.backend_coord(p)).collect();
    let span = match (px.first(), px.last()) {
        (Some(a), Some(b)) if px.len() > 1 => f64::from((b.0 - a.0).max(1)) / (px.len() - 1) as f64,
        _ => 1.0,
    };
    // n = 0: every point (the figure asks for it).
    let step = if n == 0 {
        1
    } else {
        ((MARK_GAP / span).ceil() as usize).max(n).max(1)
    };
    for (i, (p, point)) in px.iter().zip(&s.points).enumerate() {
        if point.1 > 0.0 && i % step == k % step {
            marks::draw_mark(root, mark, *p, s.colour)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_outlines_skip_empty_bins() {
        let bins = [
            (0.0, 1.0, 2.0),
            (1.0, 2.0, 3.0),
            (2.0, 3.0, 0.0),
            (3.0, 4.0, 1.0),
        ];
        assert_eq!(
            steps(&bins),
            [
                vec![
                    (0.0, 0.0),
                    (0.0, 2.0),
                    (1.0, 2.0),
                    (1.0, 3.0),
                    (2.0, 3.0),
                    (2.0, 0.0)
                ],
                vec![(3.0, 0.0), (3.0, 1.0), (4.0, 1.0), (4.0, 0.0)],
            ]
        );
        assert!(steps(&[(0.0, 1.0, 0.0)]).is_empty());
    }

    #[test]
    fn percent_and_signed_money_labels() {
        assert_eq!(percent_label(0.25), "25%");
        assert_eq!(percent_label(0.125), "12.5%");
        assert_eq!(percent_label(0.0), "0%");
        let unit = AxisUnit::for_max(2e9);
        assert_eq!(signed_money(unit, -1.5e9, "$"), "−$1.5B");
        assert_eq!(signed_money(unit, -0.0, "$"), "$0");
        assert_eq!(signed_money(unit, 1e9, "$"), "$1B");
    }
}
