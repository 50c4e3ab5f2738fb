//! Reports for `sweep`, `compare`, `mc` and `tornado`: a title, an introduction, a table (and
//! for `mc` further sections, each a heading, a line and a table) and the charts, as a
//! self-contained HTML page (same style and rules as the `run` report) and as Markdown.

use super::html::{closing, esc, page_head};
use super::markdown::escape;
use std::fmt::Write as _;

/// A report built around one table.
pub struct TableReport {
    pub title: String,
    pub intro: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Further tables after the first, each under its own heading.
    pub sections: Vec<Section>,
    /// `(title, svg document)` inlined in the HTML.
    pub charts: Vec<(String, String)>,
    /// Chart image files linked from the Markdown.
    pub images: Vec<String>,
    pub arguments: Vec<String>,
    /// Input files and their SHA-256.
    pub inputs: Vec<(String, String)>,
}

/// A table under a heading, with a line that says what it shows.
pub struct Section {
    pub title: String,
    pub intro: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Whether a cell is a number (money, a rate, a difference) to right-align; dates are not.
pub fn numeric(cell: &str) -> bool {
    cell.chars().any(|c| c.is_ascii_digit())
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || ".,%()+-$€£¥ KMBT".contains(c))
        && crate::scenario::value::parse_date(cell).is_none()
}

impl TableReport {
    /// The self-contained HTML page.
    pub fn html(&self) -> String {
        let mut out = page_head(&self.title);
        let _ = write!(
            out,
            "<h1>{}</h1>\n<p class=\"headline\">{}</p>\n",
            esc(&self.title),
            esc(&self.intro)
        );
        html_table(&mut out, &self.header, &self.rows);
        for section in &self.sections {
            let _ = write!(
                out,
                "<h2>{}</h2>\n<p>{}</p>\n",
                esc(&section.title),
                esc(&section.intro)
            );
            html_table(&mut out, &section.header, &section.rows);
        }
        if !self.charts.is_empty() {
            let _ = writeln!(out, "<h2>Charts</h2>");
            for (title, svg) in &self.charts {
                let _ = writeln!(
                    out,
                    "<figure aria-label=\"{}\">\n{}\n</figure>",
                    esc(title),
                    svg.trim()
                );
            }
        }
        out.push_str(&closing(&self.arguments, &self.inputs));
        out
    }

    /// The Markdown version, with the chart images linked.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# {}\n\n{}\n",
            escape(&self.title),
            escape(&self.intro)
        );
        markdown_table(&mut out, &self.header, &self.rows);
        for section in &self.sections {
            let _ = writeln!(
                out,
                "\n## {}\n\n{}\n",
                escape(&section.title),
                escape(&section.intro)
            );
            markdown_table(&mut out, &section.header, &section.rows);
        }
        for image in &self.images {
            let _ = writeln!(out, "\n![{image}]({image})");
        }
        let _ = writeln!(
            out,
            "\n---\nrevshare {}. Projections are assumptions, not forecasts.",
            env!("CARGO_PKG_VERSION")
        );
        out
    }
}

/// A table in the dense style, numbers right-aligned, wide tables printed in landscape.
fn html_table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let _ = writeln!(
        out,
        "<div class=\"wide\">\n<table class=\"dense\">\n<thead><tr>"
    );
    for h in header {
        let _ = write!(out, "<th>{}</th>", esc(h));
    }
    let _ = writeln!(out, "</tr></thead><tbody>");
    for row in rows {
        let _ = write!(out, "<tr>");
        for cell in row {
            let class = if numeric(cell) { " class=\"num\"" } else { "" };
            let _ = write!(out, "<td{class}>{}</td>", esc(cell));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody></table>\n</div>");
}

fn markdown_table(out: &mut String, header: &[String], rows: &[Vec<String>]) {
    let line = |cells: &[String]| {
        cells
            .iter()
            .map(|c| escape(c))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let _ = writeln!(out, "| {} |", line(header));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for row in rows {
        let _ = writeln!(out, "| {} |", line(row));
    }
}

#[cfg(test)]
mod tests {
    use super::numeric;

    #[test]
    fn numbers_and_differences_align_right_dates_and_words_do_not() {
        for cell in [
            "$0 (-$64.0B)",
            "38,000,000,000.00",
            "7.45%",
            "$1.3T (+$267B)",
            "0.200000",
        ] {
            assert!(numeric(cell), "{cell}");
        }
        for cell in ["2029-02-03", "no", "uncapped", "", "Base case"] {
            assert!(!numeric(cell), "{cell}");
        }
    }
}
