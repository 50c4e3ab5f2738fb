//! Colours, fonts and sizes shared by every chart, so a cloud has one colour everywhere.
//!
//! The palette is Okabe–Ito, designed to stay distinguishable for the common forms of colour
//! blindness. Known clouds have fixed colours; other labels take the remaining colours in a
//! stable order (their order of first appearance), so one command never shows a cloud in two
//! colours.

use plotters::style::{FontStyle, RGBColor, register_font};
use std::sync::OnceLock;

/// The canvas: 16:9, slide-ready.
pub const WIDTH: u32 = 1600;
pub const HEIGHT: u32 = 900;

/// The font family every text element asks for; the embedded Noto Sans answers it.
pub const FONT: &str = "sans-serif";

pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
pub const GRID: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);
/// Foregone share: a neutral grey no cloud uses.
pub const FOREGONE: RGBColor = RGBColor(0xBD, 0xBD, 0xBD);
/// The cap line: a deep crimson that no cloud uses.
pub const CAP: RGBColor = RGBColor(0xB0, 0x1E, 0x3C);
/// Reference lines (sunset, hit date).
pub const MARKER: RGBColor = RGBColor(0x44, 0x44, 0x44);

/// A fan chart's bands: the outer (P5–P95) light, the inner (P25–P75) darker, both the
/// palette's blue on white, so the median line (ink) reads on either.
pub const FAN_OUTER: RGBColor = RGBColor(0xCC, 0xE3, 0xF0);
pub const FAN_INNER: RGBColor = RGBColor(0x80, 0xB9, 0xD9);
/// A tornado's bars: where the key's low value lands (blue) and its high value (vermillion),
/// two Okabe–Ito colours that stay apart for the common colour blindnesses.
pub const LOW: RGBColor = PALETTE[0];
pub const HIGH: RGBColor = PALETTE[3];

/// Okabe–Ito, in the order colours are handed out.
const PALETTE: [RGBColor; 7] = [
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0xF0, 0xE4, 0x42), // yellow
];

/// Fixed colours for the clouds of the motivating case.
const KNOWN: [(&str, usize); 4] = [("azure", 0), ("aws", 1), ("gcp", 2), ("oracle", 3)];

/// Assigns colours to cloud labels: fixed for known clouds, the next free palette colours for
/// others in the order given, darker variants once the palette runs out.
pub fn cloud_colours(clouds: &[String]) -> Vec<RGBColor> {
    let mut next_free = KNOWN.len();
    clouds
        .iter()
        .map(|cloud| match KNOWN.iter().find(|(name, _)| name == cloud) {
            Some(&(_, i)) => PALETTE[i],
            None => {
                let i = next_free;
                next_free += 1;
                let base = PALETTE[i % PALETTE.len()];
                // Each pass round the palette darkens by a further 25%.
                let shade = 0.75_f64.powi(i32::try_from(i / PALETTE.len()).unwrap_or(0));
                let scale = |c: u8| (f64::from(c) * shade).round() as u8;
                RGBColor(scale(base.0), scale(base.1), scale(base.2))
            }
        })
        .collect()
}

/// Colours for series that are not clouds (scenarios, sweep cases): the palette reordered so
/// the first few are the strongest on white (yellow last), then darker variants, so that an
/// eighth line is never the first one's colour again.
pub fn series_colours(n: usize) -> Vec<RGBColor> {
    const ORDER: [usize; 7] = [0, 3, 2, 5, 1, 4, 6];
    (0..n)
        .map(|i| {
            let base = PALETTE[ORDER[i % ORDER.len()]];
            let shade = 0.6_f64.powi(i32::try_from(i / ORDER.len()).unwrap_or(0));
            let scale = |c: u8| (f64::from(c) * shade).round() as u8;
            RGBColor(scale(base.0), scale(base.1), scale(base.2))
        })
        .collect()
}

/// Registers the embedded fonts once. Without a registered font plotters cannot draw text on
/// either backend, and no system font is ever looked up.
pub fn register_fonts() -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        register_font(FONT, FontStyle::Normal, ttf_noto_sans::REGULAR)
            .and_then(|()| register_font(FONT, FontStyle::Bold, ttf_noto_sans::BOLD))
            .map_err(|_| "the embedded Noto Sans font could not be loaded".to_owned())
    })
    .clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_clouds_keep_their_colour_and_others_follow_in_order() {
        let c = cloud_colours(&[
            "oracle".into(),
            "ibm".into(),
            "azure".into(),
            "coreweave".into(),
        ]);
        assert_eq!(c[0], PALETTE[3]);
        assert_eq!(c[1], PALETTE[4]);
        assert_eq!(c[2], PALETTE[0]);
        assert_eq!(c[3], PALETTE[5]);
    }

    #[test]
    fn eight_series_get_eight_colours() {
        let c = series_colours(8);
        for i in 0..c.len() {
            for j in 0..i {
                assert_ne!(c[i], c[j], "{i} and {j}");
            }
        }
    }

    #[test]
    fn many_clouds_still_get_distinct_colours() {
        let names: Vec<String> = (0..20).map(|i| format!("cloud{i}")).collect();
        let c = cloud_colours(&names);
        for i in 0..c.len() {
            for j in 0..i {
                assert_ne!(c[i], c[j], "{i} and {j}");
            }
        }
    }
}
