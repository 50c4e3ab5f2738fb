//! Sweep benchmarks (criterion): the workloads of issue 10, measured, not asserted. Targets on
//! a 2-core machine: the 36,764-case rate × sunset × cap grid under 0.5 s; a 10,000-case grid
//! over a non-cap key (growth) under 0.25 s; 1,000,000 cap cases within 3× of copying the file.
//! The rows are formatted and written to a sink, or to a file through the command's staged
//! writer (which also hashes it) in `1M cap cases to a file`.
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
    // 101 rates × 4 sunsets × 91 caps: one engine run per (rate, sunset), the cap column from
    // the fast path.
    let mixed = [
        ("--vary", "share.rate=0%..25%:0.25%"),
        (
            "--vary",
            "share.sunset=2028-12-31,2029-12-31,2030-12-31,2031-12-31",
        ),
        ("--cap", "10B..100B:1B"),
    ];
    group.bench_function("36,764 cases: rate x sunset x cap", |b| {
        b.iter(|| run(&mixed))
    });
    // 10,001 growth rates of one stream: every case built, validated and simulated.
    let growth = [("--vary", "stream.API on azure.growth=0%..10%:0.001%")];
    group.bench_function("10,001 cases: growth of one stream", |b| {
        b.iter(|| run(&growth))
    });
    group.finish();
}

fn to_a_file(c: &mut Criterion) {
    let mut group = c.benchmark_group("cap sweep to a file");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    let varied = vec![parse_varied("--cap", "0B..999999B:1B", u64::MAX).unwrap()];
    let grid = Grid::new(varied, u64::MAX).unwrap();
    let sweep = Sweep::prepare(Path::new(BENCH), &[], &grid, 0..grid.count).unwrap();
    group.bench_function("1M cap cases, staged, hashed and renamed", |b| {
        b.iter(|| {
            let mut staged = revshare::output::staged::Staged::new();
            staged
                .stream(dir.path(), "sweep.csv", |w| {
                    write_csv(&sweep, 0..grid.count, w, &|_| {})
                        .map(|_| ())
                        .map_err(|_| std::io::Error::other("sweep failed"))
                })
                .unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, cap_sweeps, grid, to_a_file);
criterion_main!(benches);
