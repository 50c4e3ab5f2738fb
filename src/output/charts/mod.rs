//! Charts as SVG and PNG (SPEC §4), drawn with plotters and an embedded font: no system fonts,
//! no fontconfig, byte-identical output for the same input.
//!
//! [`figure`] is the one layout every chart uses; [`run`] builds the three charts of `run`
//! from a scenario and its outcome; [`theme`] fixes colours and fonts. Sweep and compare charts
//! build [`figure::Figure`]s too, and so do [`montecarlo`]'s three charts (`mc_fan`, `mc_paid`,
//! `mc_binds`) and [`tornado`]'s one (SPEC §7.3, §7.4).

pub mod axis;
pub mod compare;
pub mod figure;
mod legend;
pub mod marks;
pub mod montecarlo;
mod plot;
mod rows;
pub mod run;
pub mod sweep;
pub mod text;
pub mod theme;
pub mod tornado;

use crate::error::Error;
use figure::Figure;
use plotters::prelude::*;
use theme::{HEIGHT, WIDTH};

/// Which files each chart is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartFormats {
    pub svg: bool,
    pub png: bool,
}

impl ChartFormats {
    pub const BOTH: ChartFormats = ChartFormats {
        svg: true,
        png: true,
    };
    pub const NONE: ChartFormats = ChartFormats {
        svg: false,
        png: false,
    };
}

/// Renders named figures into `(file name, bytes)` pairs, in the formats asked for.
pub fn render_all(
    figures: &[(&str, Figure)],
    formats: ChartFormats,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut files = Vec::new();
    for (name, figure) in figures {
        if formats.svg {
            files.push((format!("{name}.svg"), render_svg(figure)?));
        }
        if formats.png {
            files.push((format!("{name}.png"), render_png(figure)?));
        }
    }
    Ok(files)
}

fn chart_error(message: String) -> Error {
    Error::Io {
        path: "chart".into(),
        source: std::io::Error::other(format!("could not draw a chart: {message}")),
    }
}

/// The figure as an SVG document; text stays text.
pub fn render_svg(figure: &Figure) -> Result<Vec<u8>, Error> {
    theme::register_fonts().map_err(chart_error)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        figure.draw(&root).map_err(chart_error)?;
        root.present().map_err(|e| chart_error(format!("{e:?}")))?;
    }
    Ok(with_title(svg, figure).into_bytes())
}

/// The SVG with a `<title>` naming the chart in full: the drawn subtitle may end with an
/// ellipsis, and a screen reader or a hover still gets every word.
fn with_title(svg: String, figure: &Figure) -> String {
    let title = figure::text_of_title(figure);
    match svg.find('>') {
        Some(end) => format!(
            "{}\n<title>{}</title>{}",
            &svg[..=end],
            escape_xml(&title),
            &svg[end + 1..]
        ),
        None => svg,
    }
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The figure as a 1600×900 RGB PNG.
pub fn render_png(figure: &Figure) -> Result<Vec<u8>, Error> {
    theme::register_fonts().map_err(chart_error)?;
    let mut pixels = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        figure.draw(&root).map_err(chart_error)?;
        root.present().map_err(|e| chart_error(format!("{e:?}")))?;
    }
    encode_png(&pixels).map_err(|e| chart_error(e.to_string()))
}

fn encode_png(pixels: &[u8]) -> Result<Vec<u8>, png::EncodingError> {
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(pixels)?;
    }
    Ok(bytes)
}
