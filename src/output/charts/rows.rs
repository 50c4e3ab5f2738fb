//! The horizontal bar plot of a [`Figure`] with rows (a tornado): one row per entry, top to
//! bottom in figure order, named in a column on the left, on a money x axis wide enough that
//! every row's labels fit beside its bars; markers (the base value) as vertical lines.

use super::axis::AxisUnit;
use super::figure::{Figure, Row, RowLabel, Side, text_style};
use super::plot::{Chart, signed_money};
use super::text::{DrawResult, err, fit, shorten};
use super::theme::{GRID, INK, MUTED};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Pixels between a bar's end and its label, and between the name column and the plot.
const GAP: i32 = 8;
/// Pixels kept clear between the outermost label and the plot's edges.
const EDGE: i32 = 24;
/// Room above the first row for the markers' labels.
const MARKER_ROOM: f64 = 34.0;
/// A bar's thickness as a share of its row's height.
const THICKNESS: f64 = 0.62;
/// A label beside a bar takes at most this many pixels; longer ends with an ellipsis.
const LABEL_PX: i32 = 360;
/// A bar's thickness at most, in pixels.
const MAX_BAR_PX: f64 = 44.0;
/// The name column takes at most this many pixels; longer names end with an ellipsis.
const NAME_PX: i32 = 340;

impl Figure {
    /// The rows, their names, bars and labels, the money axis and the markers.
    pub(super) fn draw_rows<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
    ) -> DrawResult<()> {
        let n = self.rows.len();
        let (area_w, area_h) = area.dim_in_pixel();
        let axis_px = 44;
        let rows_px = f64::from(area_h as i32 - axis_px).max(1.0);
        let row_px = (rows_px - MARKER_ROOM) / n as f64;
        // Labels shrink with the rows so that thirty keys still read.
        let size = (row_px * 0.62).clamp(14.0, 20.0);
        let name_font = text_style(size + 1.0, INK, false);
        let label_font = text_style(size, INK, true);
        let names = self
            .rows
            .iter()
            .map(|r| fit(root, &r.name, 48, &name_font, NAME_PX))
            .collect::<DrawResult<Vec<String>>>()?;
        let name_px = widest(root, names.iter(), &name_font)? + 2 * GAP;
        let plot_px = area_w as i32 - name_px;
        let labels = self
            .rows
            .iter()
            .flat_map(|r| &r.labels)
            .map(|l| {
                let text = label_text(root, l, &label_font)?;
                let (w, _) = root.estimate_text_size(&text, &label_font).map_err(err)?;
                Ok((l.x, l.side, w as i32 + GAP))
            })
            .collect::<DrawResult<Vec<_>>>()?;
        let (x_from, x_to) = self.row_range(&labels, plot_px);
        // Ticks in the room made for labels carry no amount: no "−$20B" on a chart of
        // amounts that are all positive.
        let (lo, hi) = self.data_span();
        let margin = (hi - lo) * 0.05;
        // Row i sits at y = n − 1 − i, so the first row is on top; the markers' labels get
        // the room above it.
        let y_top = n as f64 - 0.5 + MARKER_ROOM / row_px.max(1.0);
        let currency = super::super::format::currency_prefix(&self.currency);
        let unit = AxisUnit::for_max(x_from.abs().max(x_to.abs()));
        let x_format = |v: &f64| {
            if *v < lo - margin || *v > hi + margin {
                String::new()
            } else {
                signed_money(unit, *v, &currency)
            }
        };
        let mut chart = ChartBuilder::on(area)
            .y_label_area_size(name_px)
            .x_label_area_size(axis_px)
            .build_cartesian_2d(x_from..x_to, -0.5..y_top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(0)
            .x_labels(9)
            .x_label_formatter(&x_format)
            .x_label_style(text_style(18.0, MUTED, false))
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .axis_style(MUTED)
            .draw()
            .map_err(err)?;
        for (i, (row, name)) in self.rows.iter().zip(&names).enumerate() {
            let y = (n - 1 - i) as f64;
            draw_row(root, &mut chart, row, y, &label_font)?;
            let (px, py) = chart.backend_coord(&(x_from, y));
            let style = name_font.pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(name.clone(), (px - GAP, py), style))
                .map_err(err)?;
        }
        self.draw_markers(root, &mut chart, (-0.5, y_top))
    }

    /// The smallest and largest bar end or marker, widened when they are one value.
    fn data_span(&self) -> (f64, f64) {
        let values = self
            .rows
            .iter()
            .flat_map(|r| r.segments.iter().flat_map(|s| [s.from, s.to]))
            .chain(self.markers.iter().map(|m| m.x));
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if !lo.is_finite() || !hi.is_finite() {
            return (0.0, 1.0);
        }
        if hi - lo <= hi.abs().max(lo.abs()) * 1e-9 {
            // No swing at all: a window of ±10% around the value (±1 around zero).
            let half = (hi.abs() * 0.1).max(1.0);
            return (lo - half, hi + half);
        }
        (lo, hi)
    }

    /// The x axis' ends: every bar end and marker, widened so that each label fits between
    /// its anchor and the plot's edge. `labels` are (anchor, side, width in pixels).
    fn row_range(&self, labels: &[(f64, Side, i32)], plot_px: i32) -> (f64, f64) {
        let (lo, hi) = labels
            .iter()
            .map(|l| l.0)
            .fold(self.data_span(), |(lo, hi), v| (lo.min(v), hi.max(v)));
        // Pixels to add on each side, found by a few rounds of fixed-point iteration: each
        // round's scale tells how far every label's anchor is from the data's edge.
        let (mut left, mut right) = (0.0_f64, 0.0_f64);
        for _ in 0..6 {
            let usable = (f64::from(plot_px) - left - right).max(f64::from(plot_px) / 3.0);
            let per_px = (hi - lo) / usable;
            let (mut need_left, mut need_right) = (0.0_f64, 0.0_f64);
            for &(x, side, w) in labels {
                match side {
                    Side::Left => need_left = need_left.max(f64::from(w) - (x - lo) / per_px),
                    Side::Right => need_right = need_right.max(f64::from(w) - (hi - x) / per_px),
                }
            }
            // Labels keep clear of the names' column and of the plot's right edge.
            left = need_left.max(0.0) + f64::from(EDGE);
            right = need_right.max(0.0) + f64::from(EDGE);
        }
        let usable = (f64::from(plot_px) - left - right).max(f64::from(plot_px) / 3.0);
        let per_px = (hi - lo) / usable;
        (lo - left * per_px, hi + right * per_px)
    }
}

/// A row's bars (a zero-length bar as a short tick, so that "no swing" still shows) and then
/// its labels beside their anchors.
fn draw_row<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut Chart<'_, DB>,
    row: &Row,
    y: f64,
    font: &TextStyle<'_>,
) -> DrawResult<()> {
    // At most MAX_BAR_PX thick, so that a few rows do not become slabs.
    let (_, y0) = chart.backend_coord(&(0.0, 0.0));
    let (_, y1) = chart.backend_coord(&(0.0, 1.0));
    let row_px = f64::from((y0 - y1).abs().max(1));
    let thickness = THICKNESS.min(MAX_BAR_PX / row_px);
    for s in &row.segments {
        let half = if s.thin {
            thickness / 4.0
        } else {
            thickness / 2.0
        };
        let (a, b) = (s.from.min(s.to), s.from.max(s.to));
        let (pa, top) = chart.backend_coord(&(a, y + half));
        let (pb, bottom) = chart.backend_coord(&(b, y - half));
        // At least 3 pixels wide, centred, so a bar of no length is a visible tick.
        let (pa, pb) = if pb - pa < 3 {
            let mid = (pa + pb) / 2;
            (mid - 1, mid + 2)
        } else {
            (pa, pb)
        };
        root.draw(&Rectangle::new(
            [(pa, top), (pb, bottom)],
            s.colour.filled(),
        ))
        .map_err(err)?;
    }
    for label in &row.labels {
        let (px, py) = chart.backend_coord(&(label.x, y));
        let (h, dx) = match label.side {
            Side::Left => (HPos::Right, -GAP),
            Side::Right => (HPos::Left, GAP),
        };
        let style = font.color(&label.colour).pos(Pos::new(h, VPos::Center));
        let text = label_text(root, label, font)?;
        root.draw(&Text::new(text, (px + dx, py), style))
            .map_err(err)?;
    }
    Ok(())
}

/// A row label as drawn: its text when that fits in [`LABEL_PX`], else its short form, cut
/// with an ellipsis if even that does not fit.
fn label_text<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    label: &RowLabel,
    font: &TextStyle<'_>,
) -> DrawResult<String> {
    let (w, _) = root
        .estimate_text_size(&shorten(&label.text, 80), font)
        .map_err(err)?;
    let text = if w as i32 > LABEL_PX && !label.short.is_empty() {
        &label.short
    } else {
        &label.text
    };
    fit(root, text, 80, font, LABEL_PX)
}

/// The widest of `texts` in pixels.
fn widest<'a, DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    texts: impl Iterator<Item = &'a String>,
    font: &TextStyle<'_>,
) -> DrawResult<i32> {
    let mut max = 0;
    for t in texts {
        let (w, _) = root.estimate_text_size(t, font).map_err(err)?;
        max = max.max(w as i32);
    }
    Ok(max)
}
