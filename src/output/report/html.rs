//! `report.html`: one self-contained page — inline CSS, charts as inline SVG, the charts' font
//! as a data URL, no external requests of any kind — that prints to A4 and Letter without cut
//! tables. A run's page carries one inline script, the what-if panel's (SPEC §7.5).

use super::{Piece, ReportContext, assumptions, headline_sentences, override_rows};
use crate::output::format::compact;
use crate::output::format::{grouped, percent};
use base64::Engine as _;
use std::fmt::Write as _;

/// The family name the page gives the embedded Noto Sans. The charts are laid out with Noto
/// Sans's metrics; a browser that drew their text in its own `sans-serif` (wider DejaVu,
/// narrower Arial) would overlap legends, so the page carries the font itself.
const PAGE_FONT: &str = "revshare Noto Sans";

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: "revshare Noto Sans", sans-serif; color: #222; max-width: 1180px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
svg text { font-family: "revshare Noto Sans", sans-serif; }
h1 { font-size: 1.9rem; margin-bottom: .2rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; padding-bottom: .3rem; }
.amount { font-weight: 700; border-bottom: 1px dotted #0072B2; }
.headline { font-size: 1.15rem; background: #f4f7fb; border-left: 4px solid #0072B2; padding: .8rem 1rem; }
table { border-collapse: collapse; margin: .6rem 0; font-size: .92rem; }
th, td { padding: .3rem .7rem; border-bottom: 1px solid #e4e4e4; text-align: left; vertical-align: top; }
th { background: #fafafa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.2rem 0; }
figure svg { width: 100%; height: auto; border: 1px solid #eee; }
.muted { color: #666; font-size: .85rem; }
code { font-size: .85rem; word-break: break-all; }
.wide { overflow-x: auto; }
table.dense { font-size: .8rem; }
table.dense th, table.dense td { padding: .25rem .45rem; white-space: nowrap; }
.whatif-controls div { margin: .35rem 0; }
.whatif-controls input[type=range] { width: 16rem; vertical-align: middle; }
.whatif-error { color: #b00020; font-size: .85rem; }
@media print {
  .whatif-controls { display: none; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  @page { size: auto; margin: 14mm; }
  @page wide { size: landscape; margin: 10mm; }
  h2 { break-after: avoid; }
  figure, tr, table:not(.dense) { break-inside: avoid; }
  thead { display: table-header-group; }
  .wide { overflow: visible; page: wide; }
  table.dense { font-size: 7.5pt; }
  table.dense th, table.dense td { padding: 1.5pt 4pt; }
  figure svg { border: none; }
}
"#;

/// `<!DOCTYPE html>` to `<body>`: the title, the style sheet and the embedded font, once.
pub(super) fn page_head(title: &str) -> String {
    let engine = base64::engine::general_purpose::STANDARD;
    let mut faces = String::new();
    for (weight, bytes) in [
        ("400", ttf_noto_sans::REGULAR),
        ("700", ttf_noto_sans::BOLD),
    ] {
        let _ = writeln!(
            faces,
            "@font-face {{ font-family: \"{PAGE_FONT}\"; font-weight: {weight}; src: url(data:font/ttf;base64,{}) format(\"truetype\"); }}",
            engine.encode(bytes)
        );
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{faces}{STYLE}</style>\n</head>\n<body>\n",
        esc(title)
    )
}

/// The page. `charts` are `(title, svg document)` pairs, inlined as they are.
pub fn render(ctx: &ReportContext<'_>, charts: &[(String, String)]) -> String {
    let s = &ctx.outcome.summary;
    let cur = &ctx.scenario.currency;
    let mut out = page_head(&s.scenario);
    let _ = writeln!(
        out,
        "<h1>{}</h1>\n<p class=\"headline\">{}</p>",
        esc(&s.scenario),
        headline_html(ctx)
    );

    let _ = writeln!(
        out,
        "<h2>Totals</h2>\n<table>\n<thead><tr><th></th><th class=\"num\">{}</th></tr></thead><tbody>",
        esc(cur)
    );
    for (label, value) in [
        ("Revenue", grouped(s.revenue)),
        ("Qualifying revenue", grouped(s.qualifying_revenue)),
        ("Accrued", grouped(s.accrued)),
        ("Paid", grouped(s.paid)),
        ("Foregone (above the cap)", grouped(s.foregone)),
        ("NPV", grouped(s.npv)),
        (
            "Effective rate",
            s.effective_rate.map_or("—".into(), percent),
        ),
    ] {
        let _ = writeln!(
            out,
            "<tr><td>{label}</td><td class=\"num\">{}</td></tr>",
            esc(&value)
        );
    }
    let _ = writeln!(out, "</tbody></table>");

    let _ = writeln!(
        out,
        "<h2>Paid by cloud</h2>\n<table>\n<thead><tr><th>cloud</th><th class=\"num\">revenue</th><th class=\"num\">qualifying revenue</th><th class=\"num\">paid</th><th class=\"num\">share of paid</th></tr></thead><tbody>"
    );
    for c in &ctx.outcome.clouds {
        let share = c
            .share_of_paid
            .map_or("—".to_owned(), |r| percent(crate::money::Rate(r)));
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{share}</td></tr>",
            esc(&c.cloud),
            grouped(c.revenue),
            grouped(c.qualifying_revenue),
            grouped(c.paid)
        );
    }
    let _ = writeln!(out, "</tbody></table>");

    let _ = writeln!(out, "<h2>Cap analysis</h2>\n<table><tbody>");
    let cap_rows = [
        ("Cap", s.cap.map_or("none (uncapped)".into(), grouped)),
        (
            "Cap reached",
            if s.cap_reached {
                "yes".into()
            } else {
                "no".into()
            },
        ),
        (
            "Cap hit date",
            s.cap_hit_date.map_or("—".into(), |d| d.to_string()),
        ),
        (
            "Paid before this scenario (counts toward the cap)",
            grouped(s.paid_before),
        ),
        (
            "Binding threshold (paid before + total accrued: any higher cap is never reached)",
            grouped(s.binding_threshold),
        ),
    ];
    for (label, value) in cap_rows {
        let _ = writeln!(
            out,
            "<tr><td>{label}</td><td class=\"num\">{}</td></tr>",
            esc(&value)
        );
    }
    let _ = writeln!(out, "</tbody></table>");

    // SPEC §7.5: hidden until its script runs, so without scripts the page reads as before.
    out.push_str(&super::whatif::render(ctx.scenario, ctx.outcome));

    if !charts.is_empty() {
        let _ = writeln!(out, "<h2>Charts</h2>");
        for (title, svg) in charts {
            let _ = writeln!(
                out,
                "<figure aria-label=\"{}\">\n{}\n</figure>",
                esc(title),
                svg.trim()
            );
        }
    }

    let _ = writeln!(
        out,
        "<h2>Assumptions</h2>\n<table>\n<thead><tr><th>input</th><th>value</th><th>note</th></tr></thead><tbody>"
    );
    for (name, value, note) in override_rows(ctx.overrides)
        .into_iter()
        .chain(assumptions(ctx.scenario))
    {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&name),
            esc(&value),
            esc(&note)
        );
    }
    let _ = writeln!(out, "</tbody></table>");

    let _ = writeln!(
        out,
        "<div class=\"wide\">\n<h2>Per period</h2>\n<table class=\"dense\">\n<thead><tr><th>period</th><th class=\"num\">revenue</th><th class=\"num\">qualifying</th><th class=\"num\">accrued</th><th class=\"num\">paid</th><th class=\"num\">foregone</th><th class=\"num\">cumulative paid</th><th>cash date</th><th class=\"num\">pv</th></tr></thead><tbody>"
    );
    for p in &ctx.outcome.periods {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            esc(&p.period),
            grouped(p.revenue),
            grouped(p.qualifying_revenue),
            grouped(p.accrued),
            grouped(p.paid),
            grouped(p.foregone),
            grouped(p.cumulative_paid),
            p.cash_date,
            grouped(p.pv)
        );
    }
    let _ = writeln!(out, "</tbody></table>\n</div>");

    out.push_str(&closing(ctx.arguments, &ctx.inputs));
    out
}

/// The headline with each amount in `$B` and its exact figure as a tooltip; the Totals table
/// right below prints the exact figures for paper.
fn headline_html(ctx: &ReportContext<'_>) -> String {
    let cur = &ctx.scenario.currency;
    let headline = headline_sentences(ctx);
    let sentence = |pieces: &[Piece]| -> String {
        pieces
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => esc(text),
                Piece::Amount(m) => format!(
                    "<span class=\"amount\" title=\"{} {}\">{}</span>",
                    grouped(*m),
                    esc(cur),
                    esc(&compact(*m, cur))
                ),
            })
            .collect()
    };
    headline
        .sentences()
        .into_iter()
        .map(|s| sentence(&s.0))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Provenance (version, command, input hashes), the disclaimer and the end of the page.
pub(super) fn closing(arguments: &[String], inputs: &[(String, String)]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<h2>Provenance</h2>\n<p class=\"muted\">revshare {} · command: <code>revshare {}</code></p>\n<table><thead><tr><th>input</th><th>SHA-256</th></tr></thead><tbody>",
        env!("CARGO_PKG_VERSION"),
        esc(&arguments.join(" "))
    );
    for (path, sha) in inputs {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td><code>{sha}</code></td></tr>",
            esc(path)
        );
    }
    let _ = writeln!(
        out,
        "</tbody></table>\n<p class=\"muted\">Projections are assumptions, not forecasts. Amounts are exact to the cent under the stated assumptions; the assumptions themselves are estimates.</p>\n</body>\n</html>"
    );
    out
}

/// HTML-escapes text for element content and attribute values.
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
