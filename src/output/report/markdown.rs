//! `report.md`: the headline answer, the assumptions and the per-cloud table as Markdown, with
//! the PNG charts linked, for pasting into docs and tickets.

use super::{ReportContext, assumptions, headline, override_rows};
use crate::output::format::{grouped, percent};
use std::fmt::Write as _;

/// The Markdown report. `charts` are the PNG file names written beside it.
pub fn render(ctx: &ReportContext<'_>, charts: &[String]) -> String {
    let s = &ctx.outcome.summary;
    let cur = &ctx.scenario.currency;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escape(&s.scenario));
    let _ = writeln!(out, "{}\n", escape(&headline(ctx)));
    let _ = writeln!(out, "| total | {cur} |\n|---|---:|");
    for (label, value) in [
        ("revenue", s.revenue),
        ("qualifying revenue", s.qualifying_revenue),
        ("accrued", s.accrued),
        ("paid", s.paid),
        ("foregone", s.foregone),
        ("NPV", s.npv),
        ("paid before (counts toward the cap)", s.paid_before),
        ("binding threshold", s.binding_threshold),
    ] {
        let _ = writeln!(out, "| {label} | {} |", grouped(value));
    }
    let _ = writeln!(
        out,
        "\n## Paid by cloud\n\n| cloud | paid ({cur}) | share of paid |\n|---|---:|---:|"
    );
    for c in &ctx.outcome.clouds {
        let share = c
            .share_of_paid
            .map_or("—".to_owned(), |r| percent(crate::money::Rate(r)));
        let _ = writeln!(
            out,
            "| {} | {} | {share} |",
            escape(&c.cloud),
            grouped(c.paid)
        );
    }
    let _ = writeln!(
        out,
        "\n## Assumptions\n\n| input | value | note |\n|---|---|---|"
    );
    for (name, value, note) in override_rows(ctx.overrides)
        .into_iter()
        .chain(assumptions(ctx.scenario))
    {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            escape(&name),
            escape(&value),
            escape(&note)
        );
    }
    if !charts.is_empty() {
        let _ = writeln!(out, "\n## Charts\n");
        for chart in charts {
            let _ = writeln!(out, "![{chart}]({chart})\n");
        }
    }
    let _ = writeln!(
        out,
        "\n---\nrevshare {}. Projections are assumptions, not forecasts.",
        env!("CARGO_PKG_VERSION")
    );
    out
}

/// Escapes the characters that would break a table cell or start Markdown markup.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(ch, '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}
