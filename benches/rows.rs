//! Row-writing benchmarks (criterion) for issue 10 item 3, "rows at copy speed": the sweep's
//! per-row formatting (`push_summary`) and the staged, hashed stream of its file, each apart,
//! so a change to either can be measured before and after. Target, measured, not asserted:
//! the whole `sweep --cap 0B..999999B:1B --no-charts` (1,000,000 rows, 245 MB) within 3x
//! of `cp` of the file it writes.
//!
//! Medians on a 2-core AMD EPYC (KVM), before and after the integer formatters of
//! `output::text` and the hashing thread of `Staged::stream`: push_summary 870 -> 251 ms;
//! stream of 245 MB preformatted 267 -> 255 ms (hashing and writing are both on the one
//! thread); 1M rows formatted as written 1,069 -> 274 ms (formatting overlaps hashing).
//!
//! cargo bench --bench rows
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::civil::{Date, date};
use revshare::money::{Money, Rate};
use revshare::outcome::Summary;
use revshare::output::csv::push_summary;
use revshare::output::staged::Staged;
use rust_decimal::Decimal;
use std::hint::black_box;

const ROWS: usize = 1_000_000;
/// Rows per chunk handed to the writer, as the sweep does.
const CHUNK_ROWS: usize = 4096;
/// The size of the 1M-row sweep.csv of `scenarios/bench/monthly-10y.toml`.
const STREAM_BYTES: usize = 245_000_000;

/// A fixed linear congruential generator: the same summaries on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    /// Money of 1 to 15 digits of cents, so digit counts vary as in a real sweep.
    fn money(&mut self) -> Money {
        let digits = self.below(15) as u32 + 1;
        Money::from_cents(i128::from(self.below(10_u64.pow(digits))) + 1)
    }

    fn day(&mut self, from: i64, within: u64) -> Date {
        let days = from + self.below(within) as i64;
        date(2026, 1, 1)
            .checked_add(jiff::Span::new().days(days))
            .unwrap()
    }
}

/// 1,000 varied summaries (amounts from cents to trillions, some caps and dates absent),
/// cycled: few enough to stay in cache, as the sweep's summary is, fresh from the engine.
fn summaries() -> Vec<Summary> {
    let mut r = Lcg(0x2545_f491_4f6c_dd1d);
    (0..1_000)
        .map(|_| {
            let reached = r.below(2) == 0;
            Summary {
                scenario: "Monthly 10y bench".into(),
                currency: "USD".into(),
                start: date(2026, 1, 1),
                end: date(2035, 12, 31),
                periods: 120,
                revenue: r.money(),
                qualifying_revenue: r.money(),
                accrued: r.money(),
                paid: r.money(),
                foregone: r.money(),
                cap: (r.below(8) != 0).then(|| r.money()),
                cap_reached: reached,
                cap_hit_date: reached.then(|| r.day(0, 3650)),
                effective_rate: Some(Rate(Decimal::new(r.below(1_000_000) as i64, 6))),
                npv: r.money(),
                first_cash_date: Some(r.day(0, 60)),
                last_cash_date: Some(r.day(3650, 60)),
                binding_threshold: r.money(),
                paid_before: Money::ZERO,
            }
        })
        .collect()
}

/// A chunk of rows as the sweep formats it.
fn chunk(summaries: &[Summary], from: usize, buf: &mut Vec<u8>) {
    buf.clear();
    for k in 0..CHUNK_ROWS {
        push_summary(buf, &summaries[(from + k) % summaries.len()]);
    }
}

fn push_rows(c: &mut Criterion) {
    let summaries = summaries();
    let mut buf = Vec::with_capacity(ROWS * 256);
    let mut group = c.benchmark_group("rows");
    group.sample_size(10);
    group.bench_function("push_summary 1M rows", |b| {
        b.iter(|| {
            buf.clear();
            for k in 0..ROWS {
                push_summary(&mut buf, black_box(&summaries[k % summaries.len()]));
            }
            buf.len()
        })
    });
    group.finish();
}

fn stream(c: &mut Criterion) {
    let summaries = summaries();
    let mut formatted = Vec::new();
    chunk(&summaries, 0, &mut formatted);
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("stream");
    group.sample_size(10);
    // Hashing and writing alone: the same ~1 MB chunk until 245 MB are written.
    group.bench_function("245 MB, preformatted", |b| {
        b.iter(|| {
            let mut staged = Staged::new();
            staged
                .stream(dir.path(), "rows.csv", |w| {
                    for _ in 0..STREAM_BYTES.div_ceil(formatted.len()) {
                        w.write_all(&formatted)?;
                    }
                    Ok(())
                })
                .unwrap();
        })
    });
    // Formatting, hashing and writing on one thread's turn, as the sweep's loop does.
    group.bench_function("1M rows, formatted as written", |b| {
        let mut buf = Vec::with_capacity(CHUNK_ROWS * 256);
        b.iter(|| {
            let mut staged = Staged::new();
            staged
                .stream(dir.path(), "rows.csv", |w| {
                    for from in (0..ROWS).step_by(CHUNK_ROWS) {
                        chunk(&summaries, from, &mut buf);
                        w.write_all(&buf)?;
                    }
                    Ok(())
                })
                .unwrap();
        })
    });
    group.finish();
}

criterion_group!(benches, push_rows, stream);
criterion_main!(benches);
