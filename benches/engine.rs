//! Engine and whole-run benchmarks (criterion). Targets, measured, not asserted: the engine
//! for a 10-year monthly scenario with 12 streams under 1 ms; a full `run --no-charts` (load,
//! simulate, format, write) under 20 ms.
//!
//! cargo bench --bench engine
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use revshare::cli::RunFormat;
use revshare::commands::run::{RunOptions, run};
use revshare::engine::simulate;
use revshare::output::csv;
use revshare::scenario::load;
use std::hint::black_box;
use std::path::PathBuf;

const BENCH_SCENARIO: &str = "scenarios/bench/monthly-10y.toml";

fn engine(c: &mut Criterion) {
    let scenario = load(&PathBuf::from(BENCH_SCENARIO), &[]).unwrap().scenario;
    c.bench_function("simulate monthly-10y (120 periods x 12 streams)", |b| {
        b.iter(|| simulate(black_box(&scenario)).unwrap())
    });
    c.bench_function("summarize monthly-10y (the sweep's per-case engine)", |b| {
        b.iter(|| revshare::engine::summarize(black_box(&scenario)).unwrap())
    });
    // A sweep's per-case engine: one stream's amounts change every case (a growth grid), the
    // plan is updated, not rebuilt.
    let mut varied = scenario.clone();
    let mut reuse = revshare::engine::Reuse::default();
    let mut step = 0u32;
    c.bench_function(
        "summarize monthly-10y, one stream changed per case (Reuse)",
        |b| {
            b.iter(|| {
                step = step.wrapping_add(1);
                for block in &mut varied.streams[2].blocks {
                    block.amount = rust_decimal::Decimal::new(1_000_000_000 + i64::from(step), 0);
                }
                reuse.summarize(black_box(&varied)).unwrap()
            })
        },
    );
    c.bench_function("reference engine monthly-10y", |b| {
        b.iter(|| revshare::engine::reference::simulate(black_box(&scenario)).unwrap())
    });
    let parsed = revshare::scenario::parse(&PathBuf::from(BENCH_SCENARIO)).unwrap();
    c.bench_function(
        "build monthly-10y from the parsed file (a sweep case)",
        |b| b.iter(|| revshare::scenario::build(black_box(&parsed), &[]).unwrap()),
    );
    c.bench_function("load monthly-10y", |b| {
        b.iter(|| load(black_box(&PathBuf::from(BENCH_SCENARIO)), &[]).unwrap())
    });
    let outcome = simulate(&scenario).unwrap();
    c.bench_function("format CSVs monthly-10y", |b| {
        b.iter(|| {
            (
                csv::periods_csv(black_box(&outcome)),
                csv::streams_csv(&scenario, &outcome),
                csv::clouds_csv(&outcome),
            )
        })
    });
}

fn whole_run(c: &mut Criterion) {
    let out = tempfile::tempdir().unwrap();
    let options = RunOptions {
        scenario: PathBuf::from(BENCH_SCENARIO),
        out: Some(out.path().join("bench")),
        set: Vec::new(),
        charts: revshare::output::charts::ChartFormats::NONE,
        format: RunFormat::Table,
        reports: Default::default(),
        arguments: Vec::new(),
    };
    c.bench_function("run --no-charts monthly-10y (in process)", |b| {
        b.iter(|| run(black_box(&options)).unwrap())
    });
}

criterion_group!(benches, engine, whole_run);
criterion_main!(benches);
