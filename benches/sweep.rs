//! Sweep benchmarks (criterion). Targets, measured, not asserted, on a 2-core machine:
//! 100,000 cap cases under 0.3 s and 1,000,000 under 2 s, all rows formatted (written to a
//! sink here; the command also hashes and writes the file).
//!
//! cargo bench --bench sweep
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use revshare::sweep::values::parse_varied;
use revshare::sweep::{Grid, Sweep, write_csv};
use std::path::Path;

const BENCH: &str = "scenarios/bench/monthly-10y.toml";

fn run(args: &[(&str, &str)]) -> u64 {
    let varied = args
        .iter()
        .map(|(flag, value)| parse_varied(flag, value, u64::MAX).unwrap())
        .collect();
    let grid = Grid::new(varied, u64::MAX).unwrap();
    let cases = 0..grid.count;
    let sweep = Sweep::prepare(Path::new(BENCH), &[], &grid, cases.clone()).unwrap();
    write_csv(&sweep, cases, &mut std::io::sink(), &|_| {}).unwrap();
    grid.count
}

fn cap_sweeps(c: &mut Criterion) {
    let mut group = c.benchmark_group("cap sweep");
    group.sample_size(10);
    for (name, range) in [
        ("10k", "1B..10000B:1B"),
        ("100k", "1B..100000B:1B"),
        ("1M", "0B..999999B:1B"),
    ] {
        group.bench_function(name, |b| b.iter(|| run(&[("--cap", range)])));
    }
    group.finish();
}

fn grid(c: &mut Criterion) {
    let mut group = c.benchmark_group("grid");
    group.sample_size(10);
    // 10 caps × 5 rates × 4 sunsets = 200 cases, each loaded, validated and simulated.
    let args = [
        ("--vary", "share.rate=15%..25%:2.5%"),
        (
            "--vary",
            "share.sunset=2029-12-31,2030-12-31,2031-12-31,2032-12-31",
        ),
        ("--cap", "10B..100B:10B"),
    ];
    group.bench_function("3-key grid, 200 cases", |b| b.iter(|| run(&args)));
    group.finish();
}

criterion_group!(benches, cap_sweeps, grid);
criterion_main!(benches);
