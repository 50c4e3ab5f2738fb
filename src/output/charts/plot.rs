//! The axis box of a [`Figure`]: bars, lines and series, reference levels and markers, point
//! marks, and the slot labels under the axis.

use super::axis::{AxisUnit, nice_ceiling};
use super::figure::{
    Figure, Level, MARGIN, PLOT_RIGHT, Series, Stroke, X_LABEL_LINES, Y_LABEL_AREA, text_style,
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
        let y_max = nice_ceiling(self.data_max() * 1.08);
        let unit = AxisUnit::for_max(y_max);
        let currency = super::super::format::currency_prefix(&self.currency);
        let label_font = text_style(18.0, MUTED, false);
        let x_labels = self.slot_labels(root, &label_font, slots)?;
        let label_rows = x_labels.iter().map(Vec::len).max().unwrap_or(1) as i32;
        let mut chart = ChartBuilder::on(area)
            .y_label_area_size(Y_LABEL_AREA)
            .x_label_area_size(44 + 22 * (label_rows - 1))
            .build_cartesian_2d(-0.5..slots as f64 - 0.5, 0.0..y_max)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(7)
            .y_label_formatter(&|v| unit.format(*v, &currency))
            .y_label_style(label_font.clone())
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .draw()
            .map_err(err)?;
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
        self.draw_levels(root, &chart, slots)?;
        self.draw_markers(root, &mut chart, y_max)?;
        let marked: Vec<&Series> = series.iter().filter(|s| s.mark.is_some()).collect();
        for (k, s) in marked.iter().enumerate() {
            draw_point_marks(root, &chart, s, (k, marked.len()))?;
        }
        self.draw_slot_labels(root, &chart, &label_font, &x_labels)
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
        slots: usize,
    ) -> DrawResult<()> {
        let mut heights: Vec<f64> = self.levels.iter().map(|l| l.y).collect();
        heights.sort_by(f64::total_cmp);
        heights.dedup();
        let (left, _) = chart.backend_coord(&(-0.5, 0.0));
        let (right, _) = chart.backend_coord(&(slots as f64 - 0.5, 0.0));
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

    fn draw_markers<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &mut Chart<'_, DB>,
        y_max: f64,
    ) -> DrawResult<()> {
        // Labels step down a line per marker, so markers close together keep both labels.
        for (k, marker) in self.markers.iter().enumerate() {
            let points = vec![(marker.x, 0.0), (marker.x, y_max)];
            chart
                .draw_series(DashedLineSeries::new(
                    points,
                    8,
                    6,
                    marker.colour.stroke_width(2),
                ))
                .map_err(err)?;
            let (px, py) = chart.backend_coord(&(marker.x, y_max));
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

/// The chart context every plot helper draws on.
type Chart<'a, DB> = ChartContext<
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
    let step = ((MARK_GAP / span).ceil() as usize).max(n).max(1);
    for (i, (p, point)) in px.iter().zip(&s.points).enumerate() {
        if point.1 > 0.0 && i % step == k % step {
            marks::draw_mark(root, mark, *p, s.colour)?;
        }
    }
    Ok(())
}
