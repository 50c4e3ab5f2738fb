//! Small shapes drawn in pixel coordinates: point marks on lines, legend swatches, and dashed
//! reference lines shared by several series.
//!
//! Point marks are outlines, not filled: where two lines coincide (two scenarios both held at
//! the same cap) a circle and a square at the same point both stay visible, which filled
//! shapes, the later covering the earlier, would not.

use super::text::{DrawResult, err};
use plotters::coord::Shift;
use plotters::prelude::*;

/// The shape of a series' point marks, handed out in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Circle,
    Square,
    Triangle,
    Diamond,
    InvertedTriangle,
    Cross,
}

impl Mark {
    const ALL: [Mark; 6] = [
        Mark::Circle,
        Mark::Square,
        Mark::Triangle,
        Mark::Diamond,
        Mark::InvertedTriangle,
        Mark::Cross,
    ];

    /// The `i`-th shape, cycling: series next to each other never share a shape.
    pub fn nth(i: usize) -> Mark {
        Mark::ALL[i % Mark::ALL.len()]
    }
}

/// Half the size of a point mark, in pixels.
const R: i32 = 6;

/// Draws `mark` centred on `(x, y)` as a 3-pixel outline.
pub(super) fn draw_mark<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    mark: Mark,
    (x, y): (i32, i32),
    colour: RGBColor,
) -> DrawResult<()> {
    let style = colour.stroke_width(3);
    let outline = |corners: &[(i32, i32)]| {
        let mut points: Vec<(i32, i32)> = corners.iter().map(|(dx, dy)| (x + dx, y + dy)).collect();
        points.extend(points.first().copied());
        PathElement::new(points, style)
    };
    match mark {
        Mark::Circle => root.draw(&Circle::new((x, y), R, style)),
        Mark::Square => root.draw(&outline(&[(-R, -R), (R, -R), (R, R), (-R, R)])),
        Mark::Triangle => root.draw(&outline(&[(0, -R - 1), (R + 1, R), (-R - 1, R)])),
        Mark::Diamond => root.draw(&outline(&[
            (0, -R - 2),
            (R + 2, 0),
            (0, R + 2),
            (-R - 2, 0),
        ])),
        Mark::InvertedTriangle => root.draw(&outline(&[(0, R + 1), (R + 1, -R), (-R - 1, -R)])),
        Mark::Cross => root
            .draw(&PathElement::new(
                vec![(x - R, y - R), (x + R, y + R)],
                style,
            ))
            .and_then(|()| {
                root.draw(&PathElement::new(
                    vec![(x - R, y + R), (x + R, y - R)],
                    style,
                ))
            }),
    }
    .map_err(err)
}

/// A horizontal dashed line from `x0` to `x1` at `y` whose dashes take the `colours` in turn,
/// so reference levels that coincide (several scenarios with one cap) all stay visible.
pub(super) fn multi_dash<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    (x0, x1): (i32, i32),
    y: i32,
    colours: &[RGBColor],
) -> DrawResult<()> {
    let (dash, gap) = (14, 8);
    let mut x = x0;
    let mut k = 0;
    while x < x1 && !colours.is_empty() {
        let colour = colours[k % colours.len()];
        let end = (x + dash).min(x1);
        root.draw(&PathElement::new(
            vec![(x, y), (end, y)],
            colour.stroke_width(3),
        ))
        .map_err(err)?;
        x += dash + gap;
        k += 1;
    }
    Ok(())
}

/// A colour between `light` (t = 0) and `dark` (t = 1): a scale for series too many to name,
/// whose order (first case light, last dark) the reader can still follow.
pub fn blend(light: RGBColor, dark: RGBColor, t: f64) -> RGBColor {
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    RGBColor(
        mix(light.0, dark.0),
        mix(light.1, dark.1),
        mix(light.2, dark.2),
    )
}
