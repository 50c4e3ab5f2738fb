//! One chart layout for every chart revshare draws: title, subtitle, legend, a period axis
//! with stacked bars, lines, reference lines and markers, and a footnote.
//!
//! A [`Figure`] is plain data built from results; [`Figure::draw`] puts it on any plotters
//! backend, so the SVG and the PNG are the same picture. Numbers arrive already computed: the
//! figure only places them.

use super::theme::{FONT, GRID, HEIGHT, INK, MUTED, WIDTH};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A stacked bar layer: one value per slot (period), stacked bottom to top in figure order.
#[derive(Clone, Debug)]
pub struct BarLayer {
    pub name: String,
    pub colour: RGBColor,
    pub values: Vec<f64>,
}

/// A line through points in slot coordinates (slot i spans i − 0.5 .. i + 0.5).
#[derive(Clone, Debug)]
pub struct Line {
    pub name: String,
    pub colour: RGBColor,
    pub points: Vec<(f64, f64)>,
    pub dashed: bool,
}

/// A labelled horizontal reference line, such as the cap.
#[derive(Clone, Debug)]
pub struct Level {
    pub label: String,
    pub y: f64,
    pub colour: RGBColor,
}

/// A labelled vertical marker, such as the sunset or the cap hit date.
#[derive(Clone, Debug)]
pub struct Marker {
    pub label: String,
    pub x: f64,
    pub colour: RGBColor,
}

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Swatch {
    Box,
    Line,
    Dashed,
}

/// A legend entry.
#[derive(Clone, Debug)]
pub struct LegendItem {
    pub label: String,
    pub colour: RGBColor,
    pub swatch: Swatch,
}

/// Everything one chart shows.
#[derive(Clone, Debug, Default)]
pub struct Figure {
    pub title: String,
    pub subtitle: String,
    pub footnote: String,
    /// Formats the money axis (currency symbol and unit).
    pub currency: String,
    /// One label per slot.
    pub x_labels: Vec<String>,
    pub bars: Vec<BarLayer>,
    pub lines: Vec<Line>,
    pub levels: Vec<Level>,
    pub markers: Vec<Marker>,
    pub legend: Vec<LegendItem>,
}

const MARGIN: i32 = 48;

type DrawResult<T> = Result<T, String>;

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

fn text_style(size: f64, colour: RGBColor, bold: bool) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    (FONT, size, style).into_font().color(&colour)
}

impl Figure {
    /// Draws the whole figure on `root` (which must be `WIDTH × HEIGHT`).
    pub fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<()> {
        root.fill(&WHITE).map_err(err)?;
        let line_px = WIDTH as i32 - 2 * MARGIN;
        let title_style = text_style(38.0, INK, true);
        root.draw(&Text::new(
            fit(root, &self.title, 80, &title_style, line_px)?,
            (MARGIN, 26),
            title_style.clone(),
        ))
        .map_err(err)?;
        let subtitle_style = text_style(22.0, MUTED, false);
        root.draw(&Text::new(
            fit(root, &self.subtitle, 160, &subtitle_style, line_px)?,
            (MARGIN, 80),
            subtitle_style.clone(),
        ))
        .map_err(err)?;
        let legend_bottom = self.draw_legend(root)?;
        let footnote_style = text_style(16.0, MUTED, false).pos(Pos::new(HPos::Left, VPos::Bottom));
        root.draw(&Text::new(
            fit(root, &self.footnote, 200, &footnote_style, line_px)?,
            (MARGIN, HEIGHT as i32 - 20),
            footnote_style.clone(),
        ))
        .map_err(err)?;
        let plot = root.margin(legend_bottom + 18, 64, MARGIN - 8, MARGIN);
        self.draw_plot(root, &plot)
    }

    /// Legend entries left to right, wrapping; returns the y below the last row.
    fn draw_legend<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> DrawResult<i32> {
        let style = text_style(20.0, INK, false).pos(Pos::new(HPos::Left, VPos::Center));
        let (mut x, mut y) = (MARGIN, 130);
        for (i, item) in self.legend.iter().enumerate() {
            let label = shorten(&item.label, 40);
            let (w, _) = root.estimate_text_size(&label, &style).map_err(err)?;
            let width = 30 + w as i32 + 28;
            if x + width > WIDTH as i32 - MARGIN && x > MARGIN {
                x = MARGIN;
                y += 32;
                if y >= 130 + 32 * LEGEND_ROWS {
                    // Never let a legend of thousands of entries push the plot off the page.
                    let more = format!("… and {} more", self.legend.len() - i);
                    root.draw(&Text::new(more, (x, y), style.clone()))
                        .map_err(err)?;
                    break;
                }
            }
            let colour = item.colour;
            match item.swatch {
                Swatch::Box => root
                    .draw(&Rectangle::new(
                        [(x, y - 9), (x + 20, y + 9)],
                        colour.filled(),
                    ))
                    .map_err(err)?,
                Swatch::Line => root
                    .draw(&PathElement::new(
                        vec![(x, y), (x + 22, y)],
                        colour.stroke_width(4),
                    ))
                    .map_err(err)?,
                Swatch::Dashed => {
                    for dx in [0, 9, 18] {
                        root.draw(&PathElement::new(
                            vec![(x + dx, y), (x + dx + 5, y)],
                            colour.stroke_width(3),
                        ))
                        .map_err(err)?;
                    }
                }
            }
            root.draw(&Text::new(label, (x + 30, y), style.clone()))
                .map_err(err)?;
            x += width;
        }
        Ok(y + 16)
    }

    /// The axis box with bars, lines, levels, markers and period labels.
    fn draw_plot<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        area: &DrawingArea<DB, Shift>,
    ) -> DrawResult<()> {
        let slots = self.x_labels.len().max(1);
        let y_max = nice_ceiling(self.data_max() * 1.08);
        let unit = AxisUnit::for_max(y_max);
        let currency = super::super::format::currency_prefix(&self.currency);
        let mut chart = ChartBuilder::on(area)
            .y_label_area_size(110)
            .x_label_area_size(44)
            .build_cartesian_2d(-0.5..slots as f64 - 0.5, 0.0..y_max)
            .map_err(err)?;
        let label_font = text_style(18.0, MUTED, false);
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

        let mut base = vec![0.0; slots];
        for layer in &self.bars {
            let colour = layer.colour;
            let bars = layer
                .values
                .iter()
                .enumerate()
                .filter(|(_, v)| **v > 0.0)
                .map(|(i, v)| {
                    let x = i as f64;
                    let rect = Rectangle::new(
                        [(x - 0.38, base[i]), (x + 0.38, base[i] + v)],
                        colour.filled(),
                    );
                    base[i] += v;
                    rect
                });
            let bars: Vec<_> = bars.collect();
            chart.draw_series(bars).map_err(err)?;
        }
        for line in &self.lines {
            let style = line.colour.stroke_width(4);
            if line.dashed {
                chart
                    .draw_series(DashedLineSeries::new(line.points.clone(), 12, 8, style))
                    .map_err(err)?;
            } else {
                chart
                    .draw_series(LineSeries::new(line.points.clone(), style))
                    .map_err(err)?;
            }
        }
        for level in &self.levels {
            let points = vec![(-0.5, level.y), (slots as f64 - 0.5, level.y)];
            chart
                .draw_series(DashedLineSeries::new(
                    points,
                    12,
                    8,
                    level.colour.stroke_width(3),
                ))
                .map_err(err)?;
            let (px, py) = chart.backend_coord(&(slots as f64 - 0.5, level.y));
            let style =
                text_style(19.0, level.colour, true).pos(Pos::new(HPos::Right, VPos::Bottom));
            root.draw(&Text::new(
                shorten(&level.label, 60),
                (px - 6, py - 6),
                style,
            ))
            .map_err(err)?;
        }
        for marker in &self.markers {
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
                (px + dx, py + 6),
                style,
            ))
            .map_err(err)?;
        }
        self.draw_period_labels(root, &chart, &label_font)
    }

    /// Period labels under the slots, thinned so they never overlap.
    fn draw_period_labels<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &ChartContext<
            '_,
            DB,
            Cartesian2d<
                plotters::coord::types::RangedCoordf64,
                plotters::coord::types::RangedCoordf64,
            >,
        >,
        font: &TextStyle<'_>,
    ) -> DrawResult<()> {
        let n = self.x_labels.len();
        if n == 0 {
            return Ok(());
        }
        let labels: Vec<String> = self.x_labels.iter().map(|l| shorten(l, 24)).collect();
        let widest = labels
            .iter()
            .map(|l| root.estimate_text_size(l, font).map(|(w, _)| w))
            .collect::<Result<Vec<_>, _>>()
            .map_err(err)?
            .into_iter()
            .max()
            .unwrap_or(0);
        let slot_px =
            (chart.backend_coord(&(1.0, 0.0)).0 - chart.backend_coord(&(0.0, 0.0)).0).max(1);
        let step = label_step(widest as i32 + 16, slot_px);
        let style = font.pos(Pos::new(HPos::Center, VPos::Top));
        for (i, label) in labels.iter().enumerate().step_by(step) {
            let (px, py) = chart.backend_coord(&(i as f64, 0.0));
            root.draw(&Text::new(label.clone(), (px, py + 10), style.clone()))
                .map_err(err)?;
        }
        Ok(())
    }

    /// The largest value drawn: stacked bar totals, line points and levels.
    fn data_max(&self) -> f64 {
        let slots = self.x_labels.len();
        let stacked = (0..slots)
            .map(|i| {
                self.bars
                    .iter()
                    .map(|b| b.values.get(i).copied().unwrap_or(0.0))
                    .sum::<f64>()
            })
            .fold(0.0, f64::max);
        let lines = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.1))
            .fold(0.0, f64::max);
        let levels = self.levels.iter().map(|l| l.y).fold(0.0, f64::max);
        stacked.max(lines).max(levels)
    }
}

/// Legend rows drawn at most; the rest is counted in a last "… and N more" entry.
const LEGEND_ROWS: i32 = 4;

/// `text` cut to at most `max` characters with an ellipsis: a scenario named with 10 MB of text
/// must not take a minute to lay out, nor run off the chart.
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max.saturating_sub(1)) {
        Some((cut, _)) if text[cut..].chars().nth(1).is_some() => format!("{}…", &text[..cut]),
        _ => text.to_owned(),
    }
}

/// `text` shortened to at most `max` characters and then, while its rendered width is over
/// `max_px`, by a tenth more at a time: wide letters (`NNNN…`) must not run off the chart.
fn fit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    max: usize,
    style: &TextStyle<'_>,
    max_px: i32,
) -> DrawResult<String> {
    let mut chars = max;
    loop {
        let shown = shorten(text, chars);
        let (w, _) = root.estimate_text_size(&shown, style).map_err(err)?;
        if w as i32 <= max_px || chars <= 8 {
            return Ok(shown);
        }
        chars -= (chars / 10).max(1);
    }
}

/// Every `step`-th label, with steps that suit calendar periods (quarters, half-years, years).
fn label_step(label_px: i32, slot_px: i32) -> usize {
    [1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240, 600, 1200]
        .into_iter()
        .find(|s| *s as i32 * slot_px >= label_px)
        .unwrap_or(2400)
}

/// A round top for the money axis: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above `v`.
pub fn nice_ceiling(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(v.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|c| *c >= v * (1.0 - 1e-12))
        .unwrap_or(10.0 * magnitude)
}

/// One unit for every label on an axis, chosen from the axis maximum: `$10B`, `$250M`, `$40K`.
#[derive(Clone, Copy, Debug)]
pub struct AxisUnit {
    divisor: f64,
    suffix: &'static str,
}

impl AxisUnit {
    pub fn for_max(max: f64) -> Self {
        let (divisor, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
            .into_iter()
            .find(|(d, _)| max >= *d)
            .unwrap_or((1.0, ""));
        Self { divisor, suffix }
    }

    /// `$1.5B`; whole numbers without decimals; at most two decimals, trailing zeros dropped.
    pub fn format(&self, v: f64, currency: &str) -> String {
        let scaled = v / self.divisor;
        let text = format!("{scaled:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        if text == "0" || text == "-0" {
            return format!("{currency}0");
        }
        format!("{currency}{text}{}", self.suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(f64::NAN), 1.0);
        assert_eq!(nice_ceiling(38.0e9), 40.0e9);
        assert_eq!(nice_ceiling(41.0e9), 50.0e9);
        assert_eq!(nice_ceiling(1.1e9), 1.2e9);
        assert_eq!(nice_ceiling(100.0), 100.0);
    }

    #[test]
    fn axis_labels_share_one_unit() {
        let unit = AxisUnit::for_max(40e9);
        assert_eq!(unit.format(0.0, "$"), "$0");
        assert_eq!(unit.format(1.5e9, "$"), "$1.5B");
        assert_eq!(unit.format(250e6, "$"), "$0.25B");
        assert_eq!(AxisUnit::for_max(300e6).format(250e6, "$"), "$250M");
        assert_eq!(AxisUnit::for_max(50e3).format(40e3, "€"), "€40K");
        assert_eq!(AxisUnit::for_max(0.5).format(0.25, "$"), "$0.25");
    }

    #[test]
    fn long_texts_are_shortened_with_an_ellipsis() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde…");
        assert_eq!(shorten("ééééééé", 3), "éé…");
        assert_eq!(shorten("", 3), "");
        assert_eq!(shorten(&"x".repeat(10_000_000), 80).chars().count(), 80);
    }

    #[test]
    fn labels_thin_to_calendar_friendly_steps() {
        assert_eq!(label_step(60, 100), 1);
        assert_eq!(label_step(80, 12), 12);
        assert_eq!(label_step(80, 30), 3);
    }
}
