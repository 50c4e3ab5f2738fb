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

/// A filled area between two lines in slot coordinates, such as a fan chart's P5–P95 band:
/// one polygon along `upper` left to right and back along `lower`. Bands are drawn first,
/// under everything else, in figure order (a wide light band, then a narrower darker one).
#[derive(Clone, Debug)]
pub struct Band {
    pub name: String,
    pub colour: RGBColor,
    pub lower: Vec<(f64, f64)>,
    pub upper: Vec<(f64, f64)>,
}

/// Bars at free positions along the x axis, such as a histogram's bins: `(from, to, height)`
/// each. `fill` is the fill's opacity (1 solid, 0 none); `outline` draws the bins' outer edge
/// as a step line in the colour, so that several overlaid histograms stay apart. A bar above
/// `cut` is drawn to `cut` with a break across its top (paths held at a cap would otherwise
/// flatten every other bar); its true height belongs in a label.
#[derive(Clone, Debug)]
pub struct Columns {
    pub name: String,
    pub colour: RGBColor,
    pub bins: Vec<(f64, f64, f64)>,
    pub fill: f64,
    pub outline: bool,
    pub cut: Option<f64>,
}

/// A range on the x axis drawn in a strip above the plot, a row each (several histograms'
/// P5–P95): a line from `from` to `to` with end ticks and a dot at `mid`, `left` written left
/// of it and `right` right of it, all in the colour. Above the plot, the y axis keeps meaning
/// one thing.
#[derive(Clone, Debug)]
pub struct Interval {
    pub from: f64,
    pub mid: f64,
    pub to: f64,
    pub colour: RGBColor,
    pub left: String,
    pub right: String,
}

/// What the x axis measures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum XAxis {
    /// Periods, cases or scenarios: slot i spans i − 0.5 .. i + 0.5, labelled by `x_labels`.
    #[default]
    Slots,
    /// Money from `from` to `to` (a histogram of amounts), with round money ticks.
    Money { from: f64, to: f64 },
}

/// What the y axis measures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum YAxis {
    /// Money in one unit for every label (`$10B`).
    #[default]
    Money,
    /// Fractions, labelled as percentages (`0.25` → `25%`): probabilities, shares of paths.
    Percent,
}

/// A label beside a point: above it, centred (a probability at a date), or left or right of
/// it, vertically centred (the ends of an interval).
#[derive(Clone, Debug)]
pub struct PointLabel {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub colour: RGBColor,
    pub place: Place,
}

/// Where a [`PointLabel`] sits against its point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Above,
    Left,
    Right,
}

/// Which side of its anchor a row label is written on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

/// A horizontal bar from `from` to `to` on a row's money axis; `thin` draws it at half the
/// row's bar thickness, so that over a longer bar both stay visible.
#[derive(Clone, Debug)]
pub struct Segment {
    pub from: f64,
    pub to: f64,
    pub colour: RGBColor,
    pub thin: bool,
}

/// A label beside a row's bars, written on `side` of `x` (the end of a bar, usually); `short`
/// (when not empty) is written instead when `text` would not fit.
#[derive(Clone, Debug)]
pub struct RowLabel {
    pub text: String,
    pub short: String,
    pub x: f64,
    pub side: Side,
    pub colour: RGBColor,
}

/// One row of a horizontal bar chart (a tornado's key), named in the column on the left.
/// Segments are drawn in order, the later over the earlier.
#[derive(Clone, Debug)]
pub struct Row {
    pub name: String,
    pub segments: Vec<Segment>,
    pub labels: Vec<RowLabel>,
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
    /// Filled areas between two lines, drawn under everything else.
    pub bands: Vec<Band>,
    /// Bars at free x positions (histograms), drawn after the bands.
    pub columns: Vec<Columns>,
    /// Labels just above points, drawn last.
    pub point_labels: Vec<PointLabel>,
    pub x_axis: XAxis,
    pub y_axis: YAxis,
    /// The top of the y axis when set (a probability's 100%); else a round number above the
    /// largest value drawn.
    pub y_max: Option<f64>,
    /// Rows of horizontal bars: when there are any, the plot is a horizontal bar chart (a
    /// tornado) on a money x axis, and bars, lines, bands, columns and levels are not drawn;
    /// markers are vertical lines on it (the base value).
    pub rows: Vec<Row>,
    /// Mark every point of a marked series (a probability at each date), not every n-th
    /// one staggered between series (which keeps coinciding lines apart on long axes).
    pub mark_every_point: bool,
    /// Ranges in a strip above the plot, a row each, top to bottom.
    pub intervals: Vec<Interval>,
    /// Markers' labels go in a band of their own above the plot, never over the data (a
    /// histogram's bars may reach the top); else they start at the plot's top edge.
    pub markers_above: bool,
    /// A line of its own above the footnote, for what the chart leaves out; none when empty.
    pub note: String,
}

pub(super) const MARGIN: i32 = 48;
/// Left and right of the plot: the money labels' column, and room on the right.
pub(super) const Y_LABEL_AREA: i32 = 110;
pub(super) const PLOT_RIGHT: i32 = 64;
/// Subtitle lines at most.
const SUBTITLE_LINES: usize = 2;
/// Room the note takes above the footnote.
const NOTE_LINE: i32 = 28;
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
        // `margin` takes top, bottom, left, right: PLOT_RIGHT is the room under the plot.
        let mut bottom = PLOT_RIGHT;
        if !self.note.is_empty() {
            let note_style = text_style(19.0, INK, false).pos(Pos::new(HPos::Left, VPos::Bottom));
            root.draw(&Text::new(
                fit(root, &self.note, 300, &note_style, line_px)?,
                (MARGIN, HEIGHT as i32 - 46),
                note_style,
            ))
            .map_err(err)?;
            bottom += NOTE_LINE;
        }
        let plot = root.margin(legend_bottom + 18, bottom, MARGIN - 8, MARGIN);
        if self.rows.is_empty() {
            self.draw_plot(root, &plot)
        } else {
            self.draw_rows(root, &plot)
        }
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
        let bands = self
            .bands
            .iter()
            .flat_map(|b| b.upper.iter().chain(&b.lower).map(|p| p.1))
            .fold(0.0, f64::max);
        let columns = self
            .columns
            .iter()
            .flat_map(|c| c.bins.iter().map(|b| b.2))
            .fold(0.0, f64::max);
        stacked.max(lines).max(levels).max(bands).max(columns)
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
