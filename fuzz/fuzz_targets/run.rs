//! Fuzzes `revshare run --report html,md,xlsx --charts svg` end to end, on the `scenario`
//! target's input format (`TOML 0xFF CSV [0xFF --set lines]`): loading, the engine, the CSVs,
//! the SVG charts, the three reports and the staged write into an output directory. Slower per
//! input than `scenario` (charts and the workbook are drawn for every valid scenario); it is
//! there for the output layer, which only valid scenarios reach. Start it from the `scenario`
//! corpus. A panic is a crash; an error is fine.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use revshare::cli::RunFormat;
use revshare::commands::run::{RunOptions, run};
use revshare::output::charts::ChartFormats;
use revshare::output::report::ReportFormats;

fuzz_target!(|data: &[u8]| {
    let (s, sets) = common::write_scenario_input(data);
    let set: Vec<String> = sets.lines().take(4).map(str::to_owned).collect();
    let options = RunOptions {
        scenario: s.scenario.clone(),
        out: Some(s.out.clone()),
        set,
        charts: ChartFormats {
            svg: true,
            png: false,
        },
        format: RunFormat::Table,
        reports: ReportFormats {
            html: true,
            markdown: true,
            xlsx: true,
        },
        arguments: vec!["run".into(), "scenario.toml".into()],
    };
    match run(&options) {
        Ok(report) => {
            let _ = report.stdout.len();
        }
        Err(e) => {
            let _ = e.render();
        }
    }
});
