//! The legend: entries left to right, wrapping, at most four rows; a swatch per entry drawn
//! like the series it names (box, line, dashes, dots, a line with its mark, a colour scale).

use super::figure::{Figure, LegendItem, MARGIN, Swatch, text_style};
use super::marks;
use super::text::{DrawResult, err, shorten};
use super::theme::{INK, WIDTH};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

impl Figure {
    /// Legend entries left to right from `top`, wrapping; returns the y below the last row.
    pub(super) fn draw_legend<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        top: i32,
    ) -> DrawResult<i32> {
        let style = text_style(20.0, INK, false).pos(Pos::new(HPos::Left, VPos::Center));
        let (mut x, mut y) = (MARGIN, top);
        for (i, item) in self.legend.iter().enumerate() {
            // A colour scale names both ends of the sweep: give it room.
            let max = if matches!(item.swatch, Swatch::Scale(..)) {
                90
            } else {
                40
            };
            let label = shorten(&item.label, max);
            let (w, _) = root.estimate_text_size(&label, &style).map_err(err)?;
            let swatch_px = swatch_width(item.swatch);
            let width = swatch_px + w as i32 + 28;
            if x + width > WIDTH as i32 - MARGIN && x > MARGIN {
                x = MARGIN;
                y += 32;
                if y >= top + 32 * LEGEND_ROWS {
                    // Never let a legend of thousands of entries push the plot off the page.
                    let more = format!("… and {} more", self.legend.len() - i);
                    root.draw(&Text::new(more, (x, y), style.clone()))
                        .map_err(err)?;
                    break;
                }
            }
            draw_swatch(root, item, (x, y))?;
            root.draw(&Text::new(label, (x + swatch_px, y), style.clone()))
                .map_err(err)?;
            x += width;
        }
        Ok(y + 16)
    }
}

/// Legend rows drawn at most; the rest is counted in a last "… and N more" entry.
const LEGEND_ROWS: i32 = 4;

/// Swatch widths in the legend, the gap to the label included.
fn swatch_width(swatch: Swatch) -> i32 {
    match swatch {
        Swatch::Scale(..) => 84,
        Swatch::Marked(_) => 40,
        _ => 30,
    }
}

fn draw_swatch<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    item: &LegendItem,
    (x, y): (i32, i32),
) -> DrawResult<()> {
    let colour = item.colour;
    let dashes = |dash: i32, step: i32, width: u32| -> DrawResult<()> {
        for dx in (0..22).step_by(step as usize) {
            root.draw(&PathElement::new(
                vec![(x + dx, y), (x + (dx + dash).min(22), y)],
                colour.stroke_width(width),
            ))
            .map_err(err)?;
        }
        Ok(())
    };
    let line = |to: i32| {
        root.draw(&PathElement::new(
            vec![(x, y), (x + to, y)],
            colour.stroke_width(4),
        ))
        .map_err(err)
    };
    match item.swatch {
        Swatch::Box => root
            .draw(&Rectangle::new(
                [(x, y - 9), (x + 20, y + 9)],
                colour.filled(),
            ))
            .map_err(err),
        Swatch::Line => line(22),
        Swatch::Dashed => dashes(5, 9, 3),
        Swatch::Dotted => {
            for dx in [2, 10, 18] {
                root.draw(&Circle::new((x + dx, y), 2, colour.filled()))
                    .map_err(err)?;
            }
            Ok(())
        }
        Swatch::Marked(mark) => {
            line(32).and_then(|()| marks::draw_mark(root, mark, (x + 16, y), colour))
        }
        Swatch::Scale(light, dark) => {
            for k in 0..12 {
                let c = marks::blend(light, dark, f64::from(k) / 11.0);
                root.draw(&Rectangle::new(
                    [(x + 6 * k, y - 9), (x + 6 * k + 6, y + 9)],
                    c.filled(),
                ))
                .map_err(err)?;
            }
            Ok(())
        }
    }
}
