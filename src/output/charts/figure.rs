//! One chart layout for every chart revshare draws: title, subtitle, legend, a period axis
//! with stacked bars, lines, reference lines and markers, and a footnote.
//!
//! A [`Figure`] is plain data built from results; [`Figure::draw`] puts it on any plotters
//! backend, so the SVG and the PNG are the same picture. Numbers arrive already computed: the
//! figure only places them. The drawing lives in `plot` (the axis box) and
//! `legend`; text fitting in [`super::text`], shapes in [`super::marks`].

use super::marks::Mark;
use super::text::{DrawResult, err, fit, shorten, wrap};
use super::theme::{FONT, HEIGHT, INK, MUTED, WIDTH};
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

/// A line through points in slot coordinates (slot i spans i − 0.5 .. i + 0.5): the plain
/// form; [`Series`] adds dotted strokes and point marks.
#[derive(Clone, Debug)]
pub struct Line {
    pub name: String,
    pub colour: RGBColor,
    pub points: Vec<(f64, f64)>,
    pub dashed: bool,
}

/// How a series' line is stroked: with several metrics per colour (paid, NPV, foregone for
/// one cap) the stroke tells the metrics apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stroke {
    Solid,
    Dashed,
    Dotted,
}

/// A line with a stroke pattern and, optionally, outline marks at its points (thinned to one
/// at least 200 pixels apart, zeros left out), drawn above every line so that lines that
/// coincide stay visible.
#[derive(Clone, Debug)]
pub struct Series {
    pub name: String,
    pub colour: RGBColor,
    pub points: Vec<(f64, f64)>,
    pub stroke: Stroke,
    pub mark: Option<Mark>,
}

impl From<&Line> for Series {
    fn from(line: &Line) -> Series {
        Series {
            name: line.name.clone(),
            colour: line.colour,
            points: line.points.clone(),
            stroke: if line.dashed {
                Stroke::Dashed
            } else {
                Stroke::Solid
            },
            mark: None,
        }
    }
}

/// A labelled horizontal reference line, such as the cap. Levels at the same height share one
/// line whose dashes alternate their colours, and their labels stack instead of overlapping.
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
    Dotted,
    /// A line with its point mark.
    Marked(Mark),
    /// A colour scale from light to dark, for series too many to name one by one.
    Scale(RGBColor, RGBColor),
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
    /// Wraps onto a second line, then ends with an ellipsis; the SVG `<title>` holds it all.
    pub subtitle: String,
    pub footnote: String,
    /// Formats the money axis (currency symbol and unit).
    pub currency: String,
    /// One label per slot.
    pub x_labels: Vec<String>,
    /// Wrap each x label over up to three lines of its slot's width instead of thinning the
    /// labels: for bars that each need a name (scenarios), not periods.
    pub wrap_x_labels: bool,
    pub bars: Vec<BarLayer>,
    /// A label above each slot's stack of bars (its total, formatted from the exact amount);
    /// empty or missing for none.
    pub bar_labels: Vec<String>,
    pub lines: Vec<Line>,
    /// Lines with a stroke pattern or point marks, drawn after `lines`.
    pub series: Vec<Series>,
    pub levels: Vec<Level>,
    pub markers: Vec<Marker>,
    pub legend: Vec<LegendItem>,
}

pub(super) const MARGIN: i32 = 48;
/// Left and right of the plot: the money labels' column, and room on the right.
pub(super) const Y_LABEL_AREA: i32 = 110;
pub(super) const PLOT_RIGHT: i32 = 64;
/// Subtitle lines at most.
const SUBTITLE_LINES: usize = 2;
/// Lines of a wrapped x label at most.
pub(super) const X_LABEL_LINES: usize = 3;

pub(super) fn text_style(size: f64, colour: RGBColor, bold: bool) -> TextStyle<'static> {
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
        let subtitle = wrap(
            root,
            &self.subtitle,
            &subtitle_style,
            line_px,
            SUBTITLE_LINES,
        )?;
        for (i, line) in subtitle.iter().enumerate() {
            root.draw(&Text::new(
                line.clone(),
                (MARGIN, 80 + 28 * i as i32),
                subtitle_style.clone(),
            ))
            .map_err(err)?;
        }
        let legend_top = 130 + 28 * (subtitle.len() as i32 - 1);
        let legend_bottom = self.draw_legend(root, legend_top)?;
        let footnote_style = text_style(16.0, MUTED, false).pos(Pos::new(HPos::Left, VPos::Bottom));
        root.draw(&Text::new(
            fit(root, &self.footnote, 200, &footnote_style, line_px)?,
            (MARGIN, HEIGHT as i32 - 20),
            footnote_style.clone(),
        ))
        .map_err(err)?;
        let plot = root.margin(legend_bottom + 18, PLOT_RIGHT, MARGIN - 8, MARGIN);
        self.draw_plot(root, &plot)
    }

    /// The largest value drawn: stacked bar totals, line points and levels.
    pub(super) fn data_max(&self) -> f64 {
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
            .chain(
                self.series
                    .iter()
                    .flat_map(|s| s.points.iter().map(|p| p.1)),
            )
            .fold(0.0, f64::max);
        let levels = self.levels.iter().map(|l| l.y).fold(0.0, f64::max);
        stacked.max(lines).max(levels)
    }
}

/// The chart's full title and subtitle, for the SVG `<title>`; cut at 2,000 characters.
pub fn text_of_title(figure: &Figure) -> String {
    let full = if figure.subtitle.is_empty() {
        figure.title.clone()
    } else {
        format!("{}. {}", figure.title, figure.subtitle)
    };
    shorten(&full, 2000)
}

pub use super::axis::{AxisUnit, nice_ceiling};
