//! `revshare run`: simulate one scenario, write its outputs, print a summary.

use crate::cli::RunFormat;
use crate::engine::simulate;
use crate::error::Result;
use crate::output::charts::{self, ChartFormats};
use crate::output::report::{self, ReportContext, ReportFormats};
use crate::output::staged::sha256_hex;
use crate::output::{
    csv, json,
    staged::{Provenance, Staged},
    table,
};
use crate::scenario;
use std::path::PathBuf;

/// `run`'s options, free of clap.
pub struct RunOptions {
    pub scenario: PathBuf,
    pub out: Option<PathBuf>,
    pub set: Vec<String>,
    /// Chart formats; `ChartFormats::NONE` for `--no-charts`.
    pub charts: ChartFormats,
    pub format: RunFormat,
    /// Reports to write beside the data (`--report html,md`).
    pub reports: ReportFormats,
    /// The arguments after the program name, for the manifest.
    pub arguments: Vec<String>,
}

/// Simulates, writes every output, and returns the summary to print with the warnings.
pub fn run(options: &RunOptions) -> Result<super::Printed> {
    let overrides = super::parse_overrides(&options.set, "--set")?;
    let loaded = scenario::load(&options.scenario, &overrides)?;
    let outcome =
        simulate(&loaded.scenario).map_err(|e| scenario::too_large(&options.scenario, e))?;
    let s = &loaded.scenario;

    let mut staged = Staged::new();
    staged.add("periods.csv", csv::periods_csv(&outcome));
    staged.add("streams.csv", csv::streams_csv(s, &outcome));
    staged.add("clouds.csv", csv::clouds_csv(&outcome));
    staged.add("summary.csv", csv::summary_csv(&outcome.summary));
    let summary_json = json::to_bytes(&json::summary_value(&outcome.summary));
    staged.add("summary.json", summary_json.clone());
    let source = options.scenario.file_name().map_or_else(
        || options.scenario.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let figures = charts::run::figures(s, &outcome, &source, &options.set);
    for (name, bytes) in charts::render_all(&figures, options.charts)? {
        staged.add(name, bytes);
    }

    if options.reports.any() {
        let written: Vec<String> = staged.names().map(str::to_owned).collect();
        let ctx = ReportContext {
            scenario: s,
            outcome: &outcome,
            arguments: &options.arguments,
            overrides: &options.set,
            inputs: loaded
                .inputs
                .iter()
                .map(|src| (src.path.display().to_string(), sha256_hex(src.bytes())))
                .collect(),
        };
        if options.reports.html {
            // The page inlines SVG charts whatever `--charts` wrote.
            let mut svgs = Vec::new();
            for (_, figure) in &figures {
                let svg = charts::render_svg(figure)?;
                svgs.push((
                    figure.title.clone(),
                    String::from_utf8_lossy(&svg).into_owned(),
                ));
            }
            staged.add(
                "report.html",
                report::html::render(&ctx, &svgs).into_bytes(),
            );
        }
        if options.reports.xlsx {
            staged.add("report.xlsx", report::xlsx::render(&ctx)?);
        }
        if options.reports.markdown {
            let images: Vec<String> = ["png", "svg"]
                .iter()
                .map(|ext| {
                    written
                        .iter()
                        .filter(|n| n.ends_with(&format!(".{ext}")))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .find(|v| !v.is_empty())
                .unwrap_or_default();
            staged.add(
                "report.md",
                report::markdown::render(&ctx, &images).into_bytes(),
            );
        }
    }
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| default_out(&options.scenario));
    let provenance = Provenance {
        arguments: &options.arguments,
        inputs: loaded
            .inputs
            .iter()
            .map(|src| (src.path.display().to_string(), src.bytes()))
            .collect(),
    };
    staged.commit(&out, &provenance)?;

    let stdout = match options.format {
        RunFormat::Table => table::render(s, &outcome, &options.set),
        RunFormat::Csv => String::from_utf8_lossy(&csv::summary_csv(&outcome.summary)).into_owned(),
        RunFormat::Json => String::from_utf8_lossy(&summary_json).into_owned(),
    };
    Ok(super::Printed {
        stdout,
        warnings: super::distinct_warnings(&loaded.warnings),
        notes: vec![format!("outputs in {}", out.display())],
        ..Default::default()
    })
}

/// `out/<scenario stem>` (SPEC §3).
pub fn default_out(scenario: &std::path::Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    PathBuf::from("out").join(stem)
}
