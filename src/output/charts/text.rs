//! Text that must fit: shortening with an ellipsis, wrapping by rendered width, thinning axis
//! labels. Measured with the embedded font, so what fits in the SVG fits in the PNG.

use crate::money::Money;
use crate::output::format::money_label;
use plotters::coord::Shift;
use plotters::prelude::*;

pub(super) type DrawResult<T> = Result<T, String>;

pub(super) fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

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
pub(super) fn fit<DB: DrawingBackend>(
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
        if w as i32 <= max_px || chars <= 4 {
            return Ok(shown);
        }
        chars -= (chars / 10).max(1);
    }
}

/// `text` broken at spaces into lines no wider than `max_px`, at most `max_lines` of them; what
/// does not fit ends the last line with an ellipsis (the full text goes in the SVG `<title>`).
pub(super) fn wrap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    text: &str,
    style: &TextStyle<'_>,
    max_px: i32,
    max_lines: usize,
) -> DrawResult<Vec<String>> {
    let text = shorten(text, 400);
    let width = |s: &str| {
        root.estimate_text_size(s, style)
            .map(|(w, _)| w as i32)
            .map_err(err)
    };
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if current.is_empty() || width(&candidate)? <= max_px {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_owned()));
        }
    }
    lines.push(current);
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        // `rest` is wider than a line, so `fit` ends it with an ellipsis.
        lines.push(rest);
    }
    lines
        .iter()
        .map(|l| fit(root, l, 400, style, max_px))
        .collect()
}

/// Money as a chart label: `$38B`, `$1.5B`, `$250M` — [`money_label`]'s short form without a
/// trailing `.0` — or in full when the short form would round, so two values never read the
/// same. Formatted from the exact `Money`, never from a drawing coordinate.
pub fn money(amount: Money, currency: &str) -> String {
    let text = money_label(amount, currency);
    for unit in ["T", "B", "M", "K"] {
        if let Some(whole) = text.strip_suffix(&format!(".0{unit}")) {
            return format!("{whole}{unit}");
        }
    }
    text
}

/// Money labels for amounts shown side by side (P5, P50 and P95; a tornado's base and bar
/// ends): as short as a deck wants them (`$38B`, `$36.2B`, `$250M`), with more decimals of
/// the unit only where two different amounts would otherwise read the same (`$37.96B` beside
/// `$38B`). An amount the short form shows exactly loses its trailing zeros (`$38B`); a
/// rounded one keeps them (`$1.0B` is not `$1B`). Negative amounts read `−$1.5B`.
pub fn money_distinct(amounts: &[Money], currency: &str) -> Vec<String> {
    for extra in 0..=16 {
        let shown: Vec<(rust_decimal::Decimal, String)> = amounts
            .iter()
            .map(|a| short_money(*a, currency, extra))
            .collect();
        // Compared by the amount a label says, not its spelling: `$38.0B` is `$38B`.
        let clash = (0..amounts.len())
            .any(|i| (0..i).any(|j| amounts[i] != amounts[j] && shown[i].0 == shown[j].0));
        if !clash {
            return shown.into_iter().map(|(_, label)| label).collect();
        }
    }
    amounts.iter().map(|a| money(*a, currency)).collect()
}

/// `amount` in its unit (T, B, M, K) with one decimal below 100 of the unit and none above,
/// plus `extra` more: the amount the label says (signed), and the label.
fn short_money(amount: Money, currency: &str, extra: u32) -> (rust_decimal::Decimal, String) {
    use rust_decimal::{Decimal, RoundingStrategy};
    let value = amount.as_decimal().abs();
    let (divisor, suffix) = [
        (Decimal::from(1_000_000_000_000_i64), "T"),
        (Decimal::from(1_000_000_000_i64), "B"),
        (Decimal::from(1_000_000_i64), "M"),
        (Decimal::from(1_000_i64), "K"),
    ]
    .into_iter()
    .find(|(d, _)| value >= *d)
    .unwrap_or((Decimal::ONE, ""));
    let scaled = value / divisor;
    let base = if suffix.is_empty() {
        2
    } else {
        u32::from(scaled < Decimal::ONE_HUNDRED)
    };
    let places = (base + extra).min(28);
    let mut rounded = scaled.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    let prefix = super::super::format::currency_prefix(currency);
    let said = if amount.as_decimal().is_sign_negative() {
        -rounded * divisor
    } else {
        rounded * divisor
    };
    if amount.is_zero() {
        return (said, format!("{prefix}0"));
    }
    if rounded != scaled {
        rounded.rescale(places);
    } else if suffix.is_empty() {
        // Plain amounts keep their cents: `$12.50`.
        rounded.rescale(2);
    } else {
        rounded = rounded.normalize();
    }
    let sign = if amount.as_decimal().is_sign_negative() && !amount.is_zero() {
        "−"
    } else {
        ""
    };
    (said, format!("{sign}{prefix}{rounded}{suffix}"))
}

/// A cap as a chart label: money, or "uncapped".
pub fn cap(cap: Option<Money>, currency: &str) -> String {
    cap.map_or("uncapped".to_owned(), |c| money(c, currency))
}

/// Every `step`-th label, with steps that suit calendar periods (quarters, half-years, years).
pub(super) fn label_step(label_px: i32, slot_px: i32) -> usize {
    [1, 2, 3, 4, 6, 12, 24, 36, 60, 120, 240, 600, 1200]
        .into_iter()
        .find(|s| *s as i32 * slot_px >= label_px)
        .unwrap_or(2400)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_shortened_with_an_ellipsis() {
        assert_eq!(shorten("abcdef", 6), "abcdef");
        assert_eq!(shorten("abcdefg", 6), "abcde…");
        assert_eq!(shorten("ééééééé", 3), "éé…");
        assert_eq!(shorten("", 3), "");
        assert_eq!(shorten(&"x".repeat(10_000_000), 80).chars().count(), 80);
    }

    #[test]
    fn money_reads_short_and_never_rounds() {
        let m = |s: &str| Money::from_decimal_unchecked(s.parse().unwrap());
        assert_eq!(money(m("38000000000"), "USD"), "$38B");
        assert_eq!(money(m("1500000000"), "USD"), "$1.5B");
        assert_eq!(money(m("250000000"), "USD"), "$250M");
        assert_eq!(money(m("1015000000"), "USD"), "$1,015,000,000.00");
        assert_eq!(cap(None, "USD"), "uncapped");
    }

    #[test]
    fn side_by_side_amounts_never_read_the_same() {
        let m = |s: &str| Money::from_decimal_unchecked(s.parse().unwrap());
        // Exact amounts lose their zeros; rounded ones keep them.
        assert_eq!(
            money_distinct(
                &[m("38000000000"), m("36212345678.90"), m("1000000")],
                "USD"
            ),
            ["$38B", "$36.2B", "$1M"]
        );
        assert_eq!(money_distinct(&[m("1015000000")], "USD"), ["$1.0B"]);
        // $37.96B would read $38.0B beside $38B: one more decimal for all.
        assert_eq!(
            money_distinct(&[m("37960000000"), m("38000000000")], "USD"),
            ["$37.96B", "$38B"]
        );
        // Equal amounts may read the same; negatives get a minus sign; small ones cents.
        assert_eq!(
            money_distinct(&[m("-1500000000"), m("-1500000000"), m("12.5")], "EUR"),
            ["−€1.5B", "−€1.5B", "€12.50"]
        );
        assert_eq!(money_distinct(&[m("0"), m("0.01")], "USD"), ["$0", "$0.01"]);
    }

    #[test]
    fn labels_thin_to_calendar_friendly_steps() {
        assert_eq!(label_step(60, 100), 1);
        assert_eq!(label_step(80, 12), 12);
        assert_eq!(label_step(80, 30), 3);
    }
}
