//! Monte Carlo benchmarks (criterion): 1,000 paths of the benchmark draws on the
//! 10-year monthly scenario (`share.cap=pert(20B,38B,60B)`, `revenue.scale=lognormal(1,0.25)`,
//! `cloud.aws.scale=uniform(50%,200%)`), on one thread: through the fast path
//! ([`Evaluator::path`]) and through the build from text plus the engine that `Paths::run`
//! does per path. Target, measured, not asserted: 100,000 paths end to end in 1.2 s on 2
//! cores, so a path's evaluation within about 12 µs on one core.
//!
//! The machine these run on is shared: besides criterion's wall-clock times, each is also
//! measured in on-CPU time of the benchmark's thread (`/proc/thread-self/schedstat`), which
//! other processes' load does not inflate (much: caches are still shared).
//!
//! cargo bench --bench montecarlo
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use revshare::montecarlo::draw::Draw;
use revshare::montecarlo::fast::Fast;
use revshare::montecarlo::paths::Paths;
use revshare::montecarlo::sampling::{Sampler, Sampling};
use revshare::scenario::{self, overrides::Override};
use revshare::sweep::values::Value;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

const BENCH: &str = "scenarios/bench/monthly-10y.toml";
const PATHS: u64 = 1_000;

fn montecarlo(c: &mut Criterion) {
    let parsed = scenario::parse(Path::new(BENCH)).unwrap();
    let draws: Vec<Draw> = [
        "share.cap=pert(20B,38B,60B)",
        "revenue.scale=lognormal(1,0.25)",
        "cloud.aws.scale=uniform(50%,200%)",
    ]
    .iter()
    .map(|d| Draw::parse(d).unwrap())
    .collect();
    let sampler = Sampler::new(1, PATHS, Sampling::Lhs);
    let paths = Paths::new(&parsed, &[], &draws, &sampler, &[]);
    let values: Vec<Vec<Value>> = (0..PATHS).map(|i| paths.values(i)).collect();
    let fast = Fast::new(&parsed, &[], &draws).unwrap();

    let run_fast = || {
        let mut evaluator = fast.evaluator();
        let mut cumulative = Vec::new();
        let mut declined = 0;
        for v in &values {
            match evaluator.path(black_box(v), &mut cumulative) {
                Some(path) => {
                    black_box(path);
                }
                None => declined += 1,
            }
        }
        assert_eq!(declined, 0);
    };
    let run_built = || {
        for v in &values {
            let overrides: Vec<Override> = draws
                .iter()
                .zip(v)
                .map(|(d, value)| {
                    let text = value.override_text();
                    Override {
                        key: d.key.clone(),
                        argument: format!("{}={text}", d.key.text()),
                        value: text,
                    }
                })
                .collect();
            let loaded = scenario::build(&parsed, &overrides).unwrap();
            black_box(revshare::engine::simulate(&loaded.scenario).unwrap());
        }
    };

    let mut group = c.benchmark_group("monte carlo, 1,000 paths of monthly-10y, one thread");
    group.sample_size(10);
    group.bench_function("fast path (Evaluator::path)", |b| b.iter(run_fast));
    group.bench_function(
        "built from text (scenario::build + engine::simulate)",
        |b| b.iter(run_built),
    );
    group.bench_function("preparing the fast path (Fast::new)", |b| {
        b.iter(|| Fast::new(&parsed, &[], &draws).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("on-CPU time, 1,000 paths of monthly-10y, one thread");
    group.sample_size(10);
    group.bench_function("fast path (Evaluator::path)", |b| {
        b.iter_custom(|iters| on_cpu(iters, &run_fast))
    });
    group.bench_function(
        "built from text (scenario::build + engine::simulate)",
        |b| b.iter_custom(|iters| on_cpu(iters, &run_built)),
    );
    group.finish();
}

/// The thread's on-CPU time for `iters` runs of `f`: the first field of
/// `/proc/thread-self/schedstat` (nanoseconds), or the wall-clock time where that is missing.
fn on_cpu(iters: u64, f: &dyn Fn()) -> Duration {
    let read = || -> Option<u64> {
        let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        text.split_whitespace().next()?.parse().ok()
    };
    let (start, wall) = (read(), Instant::now());
    for _ in 0..iters {
        f();
    }
    match (start, read()) {
        (Some(a), Some(b)) => Duration::from_nanos(b.saturating_sub(a)),
        _ => wall.elapsed(),
    }
}

/// The benchmark end to end in process: 100,000 paths on both cores, each row of
/// `mc_paths.csv` formatted and written to a sink, the records and cumulative buffers kept,
/// then every statistic formed (`mc_summary`, `mc_binds`, `mc_cumulative`).
fn hundred_thousand(c: &mut Criterion) {
    use revshare::montecarlo::outputs::Statistics;
    use revshare::montecarlo::simulation::collect;
    let parsed = scenario::parse(Path::new(BENCH)).unwrap();
    let draws: Vec<Draw> = [
        "share.cap=pert(20B,38B,60B)",
        "revenue.scale=lognormal(1,0.25)",
        "cloud.aws.scale=uniform(50%,200%)",
    ]
    .iter()
    .map(|d| Draw::parse(d).unwrap())
    .collect();
    let n = 100_000;
    let sampler = Sampler::new(1, n, Sampling::Lhs);
    let paths = Paths::new(&parsed, &[], &draws, &sampler, &[]);
    let base = scenario::build(&parsed, &[]).unwrap().scenario;
    let periods = revshare::engine::periods::periods(base.start, base.end, base.period);
    let mut group = c.benchmark_group("monte carlo, 100,000 paths of monthly-10y, all cores");
    group.sample_size(10);
    group.bench_function("paths, rows to a sink, statistics", |b| {
        b.iter(|| {
            let mut sink = std::io::sink();
            let mut collected = collect(&paths, n, periods.len(), &mut sink, &|_| {}).unwrap();
            let dates = vec![jiff::civil::date(2030, 12, 31)];
            black_box(Statistics::new(
                &mut collected,
                Vec::new(),
                periods.clone(),
                dates,
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, montecarlo, hundred_thousand);
criterion_main!(benches);
