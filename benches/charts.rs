//! Chart rendering benchmark (criterion). Target, measured, not asserted: all six chart files
//! (three charts × SVG + PNG) of the base scenario in under 150 ms.
//!
//! cargo bench --bench charts
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use revshare::engine::simulate;
use revshare::output::charts::{ChartFormats, render_all, run};
use revshare::scenario::load;
use std::hint::black_box;
use std::path::PathBuf;

fn charts(c: &mut Criterion) {
    let scenario = load(&PathBuf::from("scenarios/base.toml"), &[])
        .unwrap()
        .scenario;
    let outcome = simulate(&scenario).unwrap();
    let figures = run::figures(&scenario, &outcome, "base.toml", &[]);
    c.bench_function("six chart files, base scenario", |b| {
        b.iter(|| render_all(black_box(&figures), ChartFormats::BOTH).unwrap())
    });
    c.bench_function("three SVGs, base scenario", |b| {
        b.iter(|| {
            render_all(
                black_box(&figures),
                ChartFormats {
                    svg: true,
                    png: false,
                },
            )
            .unwrap()
        })
    });
}

criterion_group!(benches, charts);
criterion_main!(benches);
