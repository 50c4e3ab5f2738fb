//! SPEC §7.5: the what-if panel of a run's `report.html`. Cap and rate inputs recompute paid,
//! foregone, NPV, whether and when the cap is reached, paid by cloud and a cumulative chart in
//! the page, to the cent, from the engine's own `Q[s,p]`, qualifying days and discount-factor
//! strings ([`crate::engine::whatif`]).
//!
//! The panel is `hidden` until its script runs, so without scripts the page reads as before.
//! Its data is one inline JSON block (money in cents as strings, for `BigInt`), its arithmetic
//! one readable inline script ([`SCRIPT`], kept in `whatif.js` beside this file), and its chart
//! an inline SVG whose axes Rust draws and whose lines the script moves.

use super::html::esc;
use crate::engine::whatif::{self, WhatIfInputs};
use crate::model::Scenario;
use crate::money::Money;
use crate::outcome::Outcome;
use crate::output::format::{compact, currency_prefix};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// The page's arithmetic, inlined as written.
pub const SCRIPT: &str = include_str!("whatif.js");

/// The chart's plot area inside a 760 × 320 view box.
const LEFT: i128 = 80;
const TOP: i128 = 16;
const WIDTH: i128 = 660;
const HEIGHT: i128 = 260;

/// The panel: the section (hidden until the script shows it), its data and its script.
pub fn render(scenario: &Scenario, outcome: &Outcome) -> String {
    let inputs = whatif::inputs(scenario, outcome);
    let s = &outcome.summary;
    let threshold = s.binding_threshold.cents();
    let qualifying_total = s.qualifying_revenue.cents();
    // SPEC §7.5: the cap slider runs from paid_before to 2 × the binding threshold (to the
    // total qualifying revenue when the threshold is 0); the chart's axis to the larger of
    // 2 × the threshold and the accrual at 100% (= the total qualifying revenue).
    let slider_max = if threshold == 0 {
        qualifying_total
    } else {
        2 * threshold
    }
    .max(s.paid_before.cents());
    let axis_max = (2 * threshold).max(qualifying_total).max(1);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section id=\"whatif\" class=\"whatif\" hidden>\n<h2>What if? Cap and rate</h2>\n<p class=\"muted\">Change the cap or the rate: the figures below are recomputed in this page exactly as <code>revshare run … --set share.cap=X --set share.rate=Y</code> would compute them, to the cent. Inputs take the <code>--set</code> grammar (<code>25B</code>, <code>$25bn</code>, <code>none</code>, <code>15%</code>, <code>0.15</code>); the link (<code>#cap=25B&amp;rate=15%25</code>) shares the case.</p>"
    );
    let _ = writeln!(
        out,
        "<div class=\"whatif-controls\">\n<div><label for=\"whatif-cap\">Cap</label> <input id=\"whatif-cap\" type=\"text\" size=\"18\" autocomplete=\"off\"> <input id=\"whatif-cap-slider\" type=\"range\" min=\"0\" max=\"1000\" step=\"1\" aria-label=\"cap slider\"> <label><input id=\"whatif-cap-none\" type=\"checkbox\"> none</label> <span id=\"whatif-cap-error\" class=\"whatif-error\" role=\"alert\"></span></div>\n<div><label for=\"whatif-rate\">Rate</label> <input id=\"whatif-rate\" type=\"text\" size=\"18\" autocomplete=\"off\"> <input id=\"whatif-rate-slider\" type=\"range\" min=\"0\" max=\"1000\" step=\"1\" aria-label=\"rate slider\"> <span id=\"whatif-rate-error\" class=\"whatif-error\" role=\"alert\"></span></div>\n<div><button id=\"whatif-reset\" type=\"button\">Reset</button> <span class=\"muted\">the scenario's values: cap {}, rate {}</span></div>\n</div>",
        esc(&s
            .cap
            .map_or("none".into(), |c| compact(c, &scenario.currency))),
        esc(&crate::output::format::percent_exact(scenario.share.rate))
    );
    let _ = writeln!(
        out,
        "<table>\n<thead><tr><th></th><th class=\"num\">{}</th></tr></thead><tbody>",
        esc(&scenario.currency)
    );
    for (id, label) in [
        ("whatif-paid", "Paid"),
        ("whatif-foregone", "Foregone (above the cap)"),
        ("whatif-npv", "NPV"),
        ("whatif-reached", "Cap reached"),
        ("whatif-hit-date", "Cap hit date"),
    ] {
        let _ = writeln!(
            out,
            "<tr><td>{label}</td><td class=\"num\" id=\"{id}\" data-value=\"\"></td></tr>"
        );
    }
    let _ = writeln!(out, "</tbody></table>");
    if inputs.has_cells {
        let _ = writeln!(
            out,
            "<table id=\"whatif-clouds\">\n<thead><tr><th>cloud</th><th class=\"num\">paid</th><th class=\"num\">share of paid</th></tr></thead><tbody>"
        );
        for cloud in &inputs.clouds {
            let _ = writeln!(
                out,
                "<tr data-cloud=\"{0}\" data-value=\"\" data-share=\"\"><td>{0}</td><td class=\"num\"></td><td class=\"num\"></td></tr>",
                esc(cloud)
            );
        }
        let _ = writeln!(out, "</tbody></table>");
    } else {
        let _ = writeln!(
            out,
            "<p class=\"muted\" id=\"whatif-clouds-note\">Paid by cloud is left out of the what-if panel: this scenario has {} stream-period cells, above the page's limit of {} (SPEC §7.5). Run <code>revshare run --set …</code> for clouds.csv.</p>",
            outcome.streams.len(),
            whatif::MAX_CELLS
        );
    }
    out.push_str(&chart(scenario, outcome, axis_max));
    let _ = writeln!(out, "</section>");
    let data = data(scenario, outcome, &inputs, slider_max, axis_max);
    // `<` only occurs inside JSON strings, where `\u003c` means the same: no `</script>` can
    // end the block early.
    let json = serde_json::to_string(&data)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"whatif-data\">{json}</script>\n<script>\n{SCRIPT}</script>"
    );
    out
}

/// The JSON block: money in cents as decimal strings (beyond 2^53, so never JSON numbers).
fn data(
    scenario: &Scenario,
    outcome: &Outcome,
    inputs: &WhatIfInputs,
    slider_max: i128,
    axis_max: i128,
) -> Value {
    let s = &outcome.summary;
    let share = &scenario.share;
    let cents = |c: i128| Value::String(c.to_string());
    let periods: Vec<Value> = inputs
        .periods
        .iter()
        .map(|p| {
            json!({
                "label": p.label,
                "start": p.start.to_string(),
                "end": p.end.to_string(),
                "first": p.qualifying_days.map(|(a, _)| a.to_string()),
                "qd": p.qd,
                "q": cents(p.qualifying),
                "df": p.discount_factor,
                "cells": p.cells.iter().map(|&c| cents(c)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "currency": scenario.currency,
        "prefix": currency_prefix(&scenario.currency),
        "cap": share.cap.map(|c| cents(c.cents())),
        "rate": share.rate.as_decimal().to_string(),
        "paid_before": cents(share.paid_before.cents()),
        "effective": share.effective.to_string(),
        "binding_threshold": cents(s.binding_threshold.cents()),
        "qualifying_revenue": cents(s.qualifying_revenue.cents()),
        "slider_max": cents(slider_max),
        "has_cells": inputs.has_cells,
        "stream_clouds": inputs.stream_clouds,
        "clouds": inputs.clouds,
        "periods": periods,
        "chart": {
            "left": LEFT, "top": TOP, "width": WIDTH, "height": HEIGHT,
            "start": scenario.start.to_string(),
            "end": scenario.end.to_string(),
            "axis_max": cents(axis_max),
        },
    })
}

/// The panel's cumulative chart: axes, ticks and labels fixed here; the paid and accrual lines,
/// the cap line and the hit-date marker empty, for the script to place.
fn chart(scenario: &Scenario, outcome: &Outcome, axis_max: i128) -> String {
    let cur = &scenario.currency;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<figure aria-label=\"What-if cumulative share\">\n<svg id=\"whatif-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 760 320\" role=\"img\">\n<rect x=\"0\" y=\"0\" width=\"760\" height=\"320\" fill=\"#fff\"/>"
    );
    // y: ticks at round amounts (1, 2, 2.5 or 5 × 10^k) up to the axis maximum, at most five,
    // in tenths of a pixel by integer arithmetic.
    let step = nice_step(axis_max / 4);
    for value in (0..=4).map(|i| i * step).filter(|v| *v <= axis_max) {
        let y10 = (TOP + HEIGHT) * 10 - value * HEIGHT * 10 / axis_max;
        let y = tenths(y10);
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#e4e4e4\"/><text x=\"{}\" y=\"{y}\" dy=\"4\" text-anchor=\"end\" font-size=\"11\" fill=\"#555\">{}</text>",
            LEFT + WIDTH,
            LEFT - 6,
            esc(&compact(Money::from_cents(value), cur))
        );
    }
    // x: the first period's label at the left, the last one's at the right, and up to six
    // period starts between, placed by day.
    let start = crate::dates::day_number(scenario.start);
    let span = i128::from(crate::dates::day_number(scenario.end) - start + 1).max(1);
    let n = outcome.periods.len();
    let period_step = n.div_ceil(6).max(1);
    for (p, row) in outcome.periods.iter().enumerate() {
        // The last period is always labelled; a regular label too close before it is not.
        let last = p + 1 == n;
        if !last && (p % period_step != 0 || n - 1 - p < period_step.div_ceil(2)) {
            continue;
        }
        let day = i128::from(crate::dates::day_number(row.start) - start);
        let x = tenths(LEFT * 10 + day * WIDTH * 10 / span);
        let _ = writeln!(
            svg,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{0}\" y2=\"{1}\" stroke=\"#999\"/><text x=\"{x}\" y=\"{2}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#555\">{3}</text>",
            TOP + HEIGHT,
            TOP + HEIGHT + 5,
            TOP + HEIGHT + 18,
            esc(&row.period)
        );
    }
    let _ = writeln!(
        svg,
        "<line x1=\"{LEFT}\" x2=\"{0}\" y1=\"{1}\" y2=\"{1}\" stroke=\"#333\"/><line x1=\"{LEFT}\" x2=\"{LEFT}\" y1=\"{TOP}\" y2=\"{1}\" stroke=\"#333\"/>",
        LEFT + WIDTH,
        TOP + HEIGHT
    );
    let _ = writeln!(
        svg,
        "<polyline id=\"whatif-accrual-line\" points=\"\" fill=\"none\" stroke=\"#999999\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>\n<polyline id=\"whatif-paid-line\" points=\"\" fill=\"none\" stroke=\"#0072B2\" stroke-width=\"2.5\"/>\n<line id=\"whatif-cap-line\" x1=\"{LEFT}\" x2=\"{}\" y1=\"0\" y2=\"0\" stroke=\"#D55E00\" stroke-width=\"1.5\" visibility=\"hidden\"/>\n<text id=\"whatif-cap-label\" x=\"{}\" y=\"0\" dy=\"-4\" text-anchor=\"end\" font-size=\"11\" fill=\"#D55E00\"></text>\n<line id=\"whatif-hit-marker\" x1=\"0\" x2=\"0\" y1=\"{TOP}\" y2=\"{}\" stroke=\"#D55E00\" stroke-dasharray=\"3 3\" visibility=\"hidden\"/>\n<text id=\"whatif-hit-label\" x=\"0\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#D55E00\"></text>",
        LEFT + WIDTH,
        LEFT + WIDTH,
        TOP + HEIGHT,
        TOP + 10
    );
    let _ = writeln!(
        svg,
        "<text x=\"{LEFT}\" y=\"312\" font-size=\"11\" fill=\"#0072B2\">— cumulative paid</text><text x=\"{}\" y=\"312\" font-size=\"11\" fill=\"#777\">- - cumulative accrued (before the cap)</text><text x=\"{}\" y=\"312\" font-size=\"11\" fill=\"#D55E00\">— cap left after paid before</text>\n</svg>\n</figure>",
        LEFT + 150,
        LEFT + 420
    );
    svg
}

/// The smallest round amount (1, 2, 2.5 or 5 × 10^k cents) of at least `at_least`: tick steps a
/// reader can add up ($100B, $200B) rather than quarters of the axis ($127.6B).
fn nice_step(at_least: i128) -> i128 {
    let mut power = 1i128;
    loop {
        for m in [10, 20, 25, 50] {
            let step = power * m / 10;
            if step >= at_least.max(1) {
                return step;
            }
        }
        match power.checked_mul(10) {
            Some(p) => power = p,
            None => return at_least.max(1),
        }
    }
}

/// Tenths of a pixel as a decimal: `1234` → `123.4`.
fn tenths(v: i128) -> String {
    format!("{}.{}", v.div_euclid(10), v.rem_euclid(10))
}

#[cfg(test)]
mod tests {
    use super::nice_step;

    #[test]
    fn tick_steps_are_round_amounts() {
        // At least 11 cents: 10 is too small, 20 is the next round step; 21 → 25; 26 → 50.
        assert_eq!(nice_step(1), 1);
        assert_eq!(nice_step(11), 20);
        assert_eq!(nice_step(21), 25);
        assert_eq!(nice_step(26), 50);
        // The base case's axis, $510.2B over four ticks: at least $127.6B → $200B a tick.
        assert_eq!(nice_step(12_755_000_000_000), 20_000_000_000_000);
        assert_eq!(nice_step(0), 1);
    }
}
