//! Property tests of the engine's invariants (SPEC §2.7 and the foundation issue) on random
//! valid scenarios built directly as models.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::{Date, date};
use proptest::prelude::*;
use revshare::dates::{add_days, days_inclusive, intersect};
use revshare::engine::simulate;
use revshare::model::{Block, PeriodKind, Scenario, Share, Stream};
use revshare::money::{Money, Rate};
use revshare::outcome::Outcome;
use rust_decimal::Decimal;

const CLOUDS: [&str; 4] = ["azure", "aws", "gcp", "oracle"];

fn day(offset: i64) -> Date {
    add_days(date(2024, 1, 1), offset).unwrap()
}

/// One stream: up to five disjoint blocks starting somewhere around the horizon.
fn stream_strategy(index: usize) -> impl Strategy<Value = Stream> {
    (
        0..CLOUDS.len(),
        any::<bool>(),
        -400i64..1500,
        prop::collection::vec(
            (0i64..60, 1i64..400, 0i64..100_000_000_000_000, 0u32..5),
            0..5,
        ),
    )
        .prop_map(move |(cloud, qualifying, first, raw)| {
            let mut cursor = first;
            let mut blocks = Vec::new();
            for (gap, length, mantissa, scale) in raw {
                let from = cursor + gap;
                let to = from + length - 1;
                blocks.push(Block {
                    from: day(from),
                    to: day(to),
                    amount: Decimal::new(mantissa, scale),
                });
                cursor = to + 1;
            }
            Stream {
                name: format!("s{index}"),
                cloud: CLOUDS[cloud].into(),
                qualifying,
                blocks,
                grown_years: 0,
            }
        })
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    let streams = (1usize..5).prop_flat_map(|n| (0..n).map(stream_strategy).collect::<Vec<_>>());
    let cap = prop_oneof![
        Just(None),
        Just(Some(Money::ZERO)),
        (0i128..2_000_000_000_000_000).prop_map(|c| Some(Money::from_cents(c))),
    ];
    (
        (0i64..1500, 0i64..1500, 0usize..3),
        streams,
        (0i64..=10_000, cap, -200i64..800, 0i64..1500, 0i64..120),
        (
            -5000i64..5000,
            -300i64..1500,
            any::<bool>(),
            any::<u8>(),
            0i128..4,
        ),
    )
        .prop_map(
            |(
                (start, length, period),
                streams,
                share,
                (discount, valuation, filter, mask, before),
            )| {
                let (rate, cap, effective, window, lag) = share;
                let used: Vec<String> = CLOUDS
                    .iter()
                    .filter(|c| streams.iter().any(|s| s.cloud == **c))
                    .map(|c| (*c).to_owned())
                    .collect();
                let mut listed: Vec<String> = used
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, c)| c.clone())
                    .collect();
                if listed.is_empty() {
                    listed.push(used[0].clone());
                }
                Scenario {
                    name: "p".into(),
                    description: None,
                    currency: "USD".into(),
                    start: day(start),
                    end: day(start + length),
                    period: [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year][period],
                    discount_rate: Rate(Decimal::new(discount, 4)),
                    valuation_date: day(start + valuation),
                    share: Share {
                        rate: Rate(Decimal::new(rate, 4)),
                        cap,
                        effective: day(start + effective),
                        sunset: day(start + effective + window),
                        payment_lag_days: lag,
                        clouds: filter.then_some(listed),
                        parties: Default::default(),
                        // None, a third, half or all of the cap paid before (SPEC §7.2).
                        paid_before: cap.map_or(Money::ZERO, |c| {
                            Money::from_cents(c.cents() * [0, 1, 3, 6][before as usize] / 6)
                        }),
                    },
                    streams,
                    scales: Vec::new(),
                }
            },
        )
}

fn sum(values: impl Iterator<Item = Money>) -> Money {
    values.sum()
}

fn run(s: &Scenario) -> Outcome {
    simulate(s).unwrap()
}

proptest! {
    #[test]
    fn paid_never_exceeds_the_cap_and_remaining_tracks_it(s in scenario_strategy()) {
        let o = run(&s);
        if let Some(cap) = s.share.cap {
            // What was paid before counts toward the cap (SPEC §7.2).
            let before = s.share.paid_before;
            prop_assert!(o.summary.paid + before <= cap);
            for r in &o.periods {
                let remaining = r.cap_remaining.unwrap();
                prop_assert!(remaining >= Money::ZERO);
                prop_assert_eq!(remaining, cap - before - r.cumulative_paid);
            }
        } else {
            prop_assert!(o.periods.iter().all(|r| r.cap_remaining.is_none()));
        }
    }

    #[test]
    fn paid_plus_foregone_is_accrued(s in scenario_strategy()) {
        let o = run(&s);
        for r in &o.periods {
            prop_assert_eq!(r.paid + r.foregone, r.accrued);
        }
        prop_assert_eq!(o.summary.paid + o.summary.foregone, o.summary.accrued);
    }

    #[test]
    fn stream_parts_sum_to_their_period(s in scenario_strategy()) {
        let o = run(&s);
        let n = s.streams.len();
        for (p, r) in o.periods.iter().enumerate() {
            let cells = &o.streams[p * n..(p + 1) * n];
            prop_assert!(cells.iter().all(|c| c.period == p));
            prop_assert_eq!(sum(cells.iter().map(|c| c.paid)), r.paid);
            prop_assert_eq!(sum(cells.iter().map(|c| c.revenue)), r.revenue);
            prop_assert_eq!(sum(cells.iter().map(|c| c.qualifying_revenue)), r.qualifying_revenue);
        }
    }

    #[test]
    fn periods_and_clouds_sum_to_the_summary(s in scenario_strategy()) {
        let o = run(&s);
        let t = &o.summary;
        prop_assert_eq!(sum(o.periods.iter().map(|r| r.revenue)), t.revenue);
        prop_assert_eq!(sum(o.periods.iter().map(|r| r.qualifying_revenue)), t.qualifying_revenue);
        prop_assert_eq!(sum(o.periods.iter().map(|r| r.accrued)), t.accrued);
        prop_assert_eq!(sum(o.periods.iter().map(|r| r.paid)), t.paid);
        prop_assert_eq!(sum(o.periods.iter().map(|r| r.foregone)), t.foregone);
        prop_assert_eq!(sum(o.periods.iter().map(|r| r.pv)), t.npv);
        prop_assert_eq!(sum(o.clouds.iter().map(|c| c.revenue)), t.revenue);
        prop_assert_eq!(sum(o.clouds.iter().map(|c| c.paid)), t.paid);
        prop_assert_eq!(o.periods.len(), t.periods);
    }

    #[test]
    fn raising_the_cap_never_lowers_paid(s in scenario_strategy(), extra in 0i128..1_000_000_000_000) {
        let base = run(&s).summary.paid;
        let mut higher = s.clone();
        higher.share.cap = s.share.cap.map(|c| c + Money::from_cents(extra));
        prop_assert!(run(&higher).summary.paid >= base);
        let mut uncapped = s.clone();
        uncapped.share.cap = None;
        prop_assert!(run(&uncapped).summary.paid >= base);
    }

    #[test]
    fn raising_paid_before_never_raises_paid(s in scenario_strategy(), step in 0i128..1_000_000_000_000) {
        // Without a cap paid_before changes nothing (tested in the CLI suite).
        prop_assume!(s.share.cap.is_some());
        let base = run(&s).summary;
        let mut more = s.clone();
        let cap = s.share.cap.map_or(0, Money::cents);
        more.share.paid_before = Money::from_cents((s.share.paid_before.cents() + step).min(cap.max(s.share.paid_before.cents())));
        let raised = run(&more).summary;
        prop_assert!(raised.paid <= base.paid);
        // What was paid before and what is paid now never exceed the cap together.
        if let Some(cap) = s.share.cap {
            prop_assert!(raised.paid + more.share.paid_before <= cap);
        }
    }

    /// SPEC §7.1: each block becomes round_cents(amount × s), so a revenue cell R moves to
    /// within ½(1 + s) + ½ × (the blocks overlapping it) cents of s × R: the cell's own
    /// rounding before and after, and each block's rounding spread over at most the cell.
    #[test]
    fn scaling_revenue_scales_each_cell_within_the_rounding(
        s in scenario_strategy(),
        scale in 0i64..3_000_000,
    ) {
        let m = Decimal::new(scale, 6);
        let o = run(&s);
        let mut scaled = s.clone();
        for stream in &mut scaled.streams {
            for b in &mut stream.blocks {
                let amount = revshare::scenario::scales::scale_amount(b.amount, m);
                // Above 10^15 after scaling is an input error, not a cell to compare.
                prop_assume!(amount.is_some());
                b.amount = amount.unwrap_or_default();
            }
        }
        let d = run(&scaled);
        for (a, b) in o.streams.iter().zip(&d.streams) {
            let period = &o.periods[a.period];
            let overlapping = s.streams[a.stream]
                .blocks
                .iter()
                .filter(|x| x.from <= period.end && x.to >= period.start)
                .count();
            // In cents: |R' − s × R| × 2 <= (1 + s) + overlapping.
            let error = (Decimal::from(b.revenue.cents()) - m * Decimal::from(a.revenue.cents())).abs();
            let bound = Decimal::ONE + m + Decimal::from(overlapping);
            prop_assert!(error * Decimal::TWO <= bound, "{} vs {} × {}", b.revenue, m, a.revenue);
        }
    }

    #[test]
    fn doubling_amounts_doubles_revenue_cells_within_a_cent(s in scenario_strategy()) {
        let o = run(&s);
        let mut doubled = s.clone();
        for stream in &mut doubled.streams {
            for b in &mut stream.blocks {
                b.amount *= Decimal::TWO;
            }
        }
        let d = run(&doubled);
        for (a, b) in o.streams.iter().zip(&d.streams) {
            let diff = (b.revenue.cents() - 2 * a.revenue.cents()).abs();
            prop_assert!(diff <= 1, "{:?} vs {:?}", a.revenue, b.revenue);
        }
    }

    #[test]
    fn cap_hit_date_is_the_first_day_cumulative_accrual_reaches_the_cap(s in scenario_strategy()) {
        let o = run(&s);
        let Some(cap) = s.share.cap else {
            prop_assert_eq!(o.summary.cap_hit_date, None);
            prop_assert!(!o.summary.cap_reached);
            return Ok(());
        };
        // SPEC §7.2: reached when paid_before + accrued >= cap; the hit date is the effective
        // date when paid_before leaves nothing.
        prop_assert_eq!(o.summary.cap_reached, o.summary.accrued + s.share.paid_before >= cap);
        if cap == s.share.paid_before {
            prop_assert_eq!(o.summary.cap_hit_date, Some(s.share.effective));
            return Ok(());
        }
        // Independently: spread each A[p] evenly over the qualifying days of p and find the
        // first day whose end-of-day cumulative accrual, after what was paid before, reaches
        // the cap, in exact integers: before + A × j / qd >= cap  <=>
        // before × qd + A × j >= cap × qd.
        let window = (s.share.effective, s.share.sunset);
        let mut before: i128 = s.share.paid_before.cents();
        let mut expected = None;
        for r in &o.periods {
            let a = r.accrued.cents();
            if let Some((first, last)) = intersect((r.start, r.end), window) {
                let qd = i128::from(days_inclusive(first, last));
                if a > 0 && before + a >= cap.cents() {
                    let j = (1..=qd).find(|j| before * qd + a * j >= cap.cents() * qd).unwrap();
                    expected = add_days(first, i64::try_from(j - 1).unwrap());
                    break;
                }
            }
            before += a;
        }
        prop_assert_eq!(o.summary.cap_hit_date, expected);
        prop_assert_eq!(o.summary.cap_reached, expected.is_some());
    }

    #[test]
    fn only_qualifying_streams_inside_the_window_qualify(s in scenario_strategy()) {
        let o = run(&s);
        let window = (s.share.effective, s.share.sunset);
        for cell in &o.streams {
            let stream = &s.streams[cell.stream];
            let period = &o.periods[cell.period];
            let inside = intersect((period.start, period.end), window);
            if !s.share.qualifies(stream) || inside.is_none() {
                prop_assert_eq!(cell.qualifying_revenue, Money::ZERO);
                prop_assert_eq!(cell.paid, Money::ZERO);
            } else if inside == Some((period.start, period.end)) {
                // The whole period is inside the window: all of its revenue qualifies.
                prop_assert_eq!(cell.qualifying_revenue, cell.revenue);
            }
            // Otherwise qualifying revenue is the same non-negative amounts spread over fewer
            // days, and rounding to cents keeps the order: never more than the revenue.
            prop_assert!(
                cell.qualifying_revenue <= cell.revenue,
                "{} of {:?}: qualifying {:?} > revenue {:?}",
                period.period, stream.name, cell.qualifying_revenue, cell.revenue
            );
        }
    }

    #[test]
    fn effective_rate_is_paid_over_qualifying(s in scenario_strategy()) {
        let o = run(&s);
        let t = &o.summary;
        let q = t.qualifying_revenue.cents();
        match t.effective_rate {
            None => prop_assert_eq!(q, 0),
            Some(rate) => {
                prop_assert!(q > 0);
                // |rate − paid/q| <= half a millionth, with ties going to even: check the bound.
                let scaled = rate.as_decimal() * Decimal::from(1_000_000);
                let millionths = scaled.mantissa() / 10i128.pow(scaled.scale());
                let twice_error = (2 * (millionths * q - t.paid.cents() * 1_000_000)).abs();
                prop_assert!(twice_error <= q, "rate {} paid {} q {}", rate, t.paid, t.qualifying_revenue);
            }
        }
    }

    #[test]
    fn simulation_is_deterministic(s in scenario_strategy()) {
        prop_assert_eq!(run(&s), run(&s));
    }
}

proptest! {
    /// The sweep's fast cap path must never disagree with the plain engine, on any column.
    #[test]
    fn cap_fast_path_equals_the_engine(
        s in scenario_strategy(),
        caps in prop::collection::vec(0i128..2_000_000_000_000_000, 1..6),
        boundary in 0usize..200,
    ) {
        let (fast, base) = revshare::engine::cap_sweep::CapSweep::new(&s).unwrap();
        // Random caps, no cap, cap 0, and caps exactly at a period's cumulative accrual (and a
        // cent either side), where the hit period changes.
        let mut all: Vec<Option<Money>> = caps.into_iter().map(|c| Some(Money::from_cents(c))).collect();
        all.extend([None, Some(Money::ZERO)]);
        if !base.periods.is_empty() {
            let p = boundary % base.periods.len();
            let at = sum(base.periods[..=p].iter().map(|r| r.accrued)).cents();
            all.extend([at - 1, at, at + 1].into_iter().filter(|c| *c >= 0).map(|c| Some(Money::from_cents(c))));
        }
        // A cap below what was paid before is an invalid case, refused before any engine runs.
        all.retain(|cap| cap.is_none_or(|c| c >= s.share.paid_before));
        for cap in all {
            let mut with_cap = s.clone();
            with_cap.share.cap = cap;
            prop_assert_eq!(fast.summary(cap), run(&with_cap).summary, "cap {:?}", cap);
        }
    }
}

/// A share rate of any precision a `Decimal` holds, in [0, 1]: 0 to 28 decimals.
fn any_precision_rate() -> impl Strategy<Value = Rate> {
    (0u32..=28, any::<u128>()).prop_map(|(scale, raw)| {
        let one = 10u128.pow(scale);
        Rate(Decimal::from_i128_with_scale(
            (raw % (one + 1)) as i128,
            scale,
        ))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// The compiled engine (integer cents over day numbers) equals the reference engine (SPEC
    /// §2 line by line on dates and `Money`) on every output column, errors included: random
    /// horizons over leap years with stubs at both ends, windows inside, across and outside the
    /// horizon, cloud filters, lags, discount rates either side of zero, and caps at and one
    /// cent around a period's cumulative accrual, where the paying period changes.
    #[test]
    fn compiled_engine_equals_the_reference(
        s in scenario_strategy(),
        rate in prop::option::of(any_precision_rate()),
        valuation in prop::option::of(-40_000i64..40_000),
        boundary in 0usize..200,
        delta in -1i128..=1,
    ) {
        let mut s = s;
        if let Some(rate) = rate {
            s.share.rate = rate;
        }
        // A century either side: factors from about 0 to far beyond 10^15 (too large).
        if let Some(days) = valuation {
            s.valuation_date = day(days);
        }
        let reference = revshare::engine::reference::simulate(&s);
        prop_assert_eq!(&simulate(&s), &reference);
        prop_assert_eq!(
            revshare::engine::summarize(&s),
            reference.clone().map(|o| o.summary)
        );
        if let Ok(outcome) = reference && !outcome.periods.is_empty() {
            let p = boundary % outcome.periods.len();
            // Caps around a boundary, after what was paid before (SPEC §7.2).
            let at = sum(outcome.periods[..=p].iter().map(|r| r.accrued)).cents() + delta;
            let before = s.share.paid_before.cents();
            s.share.cap = Some(Money::from_cents(at.max(0) + before));
            prop_assert_eq!(simulate(&s), revshare::engine::reference::simulate(&s));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// A sweep evaluates its cases with one `Reuse`, which updates the compiled plan instead of
    /// rebuilding it: over a run of related scenarios (a stream's amounts, the rate, the cap,
    /// the timing, the period kind changing one at a time) every summary equals the reference
    /// engine's for that scenario alone.
    #[test]
    fn reused_plans_give_what_a_fresh_run_gives(
        base in scenario_strategy(),
        edits in prop::collection::vec((0usize..7, any::<u32>()), 1..10),
    ) {
        let mut reuse = revshare::engine::Reuse::default();
        let mut s = base;
        for (kind, seed) in edits {
            let n = s.streams.len();
            match kind {
                0 => {
                    // A growth change: one stream's amounts move.
                    let stream = &mut s.streams[seed as usize % n];
                    for block in &mut stream.blocks {
                        block.amount = Decimal::new(i64::from(seed % 1_000_000) * 1_000, 2);
                    }
                }
                1 => s.share.rate = Rate(Decimal::new(i64::from(seed % 10_001), 4)),
                2 => {
                    s.share.cap = (seed % 3 != 0).then(|| Money::from_cents(i128::from(seed) * 1_000));
                    // Never above the cap (SPEC §7.2): what validation guarantees.
                    let cap = s.share.cap.unwrap_or(s.share.paid_before);
                    s.share.paid_before = s.share.paid_before.min(cap);
                }
                3 => s.discount_rate = Rate(Decimal::new(i64::from(seed % 2_000), 4)),
                4 => s.share.payment_lag_days = i64::from(seed % 120),
                5 => s.period = [PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year][seed as usize % 3],
                _ => s.valuation_date = day(i64::from(seed % 1500)),
            }
            let expected = revshare::engine::reference::simulate(&s).map(|o| o.summary);
            prop_assert_eq!(reuse.summarize(&s), expected, "edit {}", kind);
        }
    }
}
