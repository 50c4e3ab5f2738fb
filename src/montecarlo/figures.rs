//! The Monte Carlo charts' data (SPEC §7.3): `mc_fan` (one per cap of `--cap`, as `mc_fan_1`,
//! `mc_fan_2`, …), `mc_paid` and `mc_binds`, from the statistics the CSVs hold — a chart never
//! computes a number of its own but the histogram's bins.

use super::config::Settings;
use super::outputs::Statistics;
use crate::model::Scenario;
use crate::money::{Money, round_cents};
use crate::output::charts::figure::Figure;
use crate::output::charts::montecarlo::{
    self as charts, BindsLine, Cap, Context, Fan, FanPeriod, PaidDistribution,
};
use crate::output::format::key_label;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Every chart of the run, named as its files are.
pub fn figures(
    settings: &Settings,
    base: &Scenario,
    source: &str,
    stats: &Statistics,
) -> Vec<(String, Figure)> {
    let ctx = Context {
        scenario: base.name.clone(),
        currency: base.currency.clone(),
        source: source.to_owned(),
        paths: settings.paths,
        seed: settings.seed,
        sampling: settings.sampling,
        draws: settings
            .draws
            .iter()
            .map(|p| {
                let d = &p.draw;
                let key = key_label(&d.key.text());
                format!("{key} {}({})", d.dist, d.parameters.join(", "))
            })
            .collect(),
        cap_list: !stats.caps.is_empty(),
    };
    let caps: Vec<Cap> = (0..stats.summary.len())
        .map(|k| cap_of(settings, base, stats, k))
        .collect();
    let mut figures = Vec::new();
    for (k, fan) in stats.fan.iter().enumerate() {
        let name = if stats.caps.is_empty() {
            "mc_fan".to_owned()
        } else {
            format!("mc_fan_{}", k + 1)
        };
        let periods = stats
            .periods
            .iter()
            .zip(fan)
            .map(|(p, q)| {
                let m = |i: usize| Money::from_cents(i128::from(q[i]));
                FanPeriod {
                    period: p.label.clone(),
                    end: p.end,
                    p5: m(0),
                    p25: m(1),
                    p50: m(2),
                    p75: m(3),
                    p95: m(4),
                }
            })
            .collect();
        let data = Fan {
            cap: caps[k],
            periods,
        };
        figures.push((name, charts::fan(&ctx, &data)));
    }
    let paid: Vec<Vec<i128>> = stats
        .paid
        .iter()
        .map(|p| p.iter().map(|&c| i128::from(c)).collect())
        .collect();
    let distributions: Vec<PaidDistribution<'_>> = paid
        .iter()
        .enumerate()
        .map(|(k, values)| {
            let q = |column: &str| paid_quantile(stats, k, column);
            PaidDistribution {
                cap: caps[k],
                paid: values,
                p5: q("p5"),
                p50: q("p50"),
                p95: q("p95"),
            }
        })
        .collect();
    figures.push(("mc_paid".into(), charts::paid(&ctx, &distributions)));
    let lines: Vec<BindsLine> = stats
        .binds
        .iter()
        .enumerate()
        .map(|(k, probability)| BindsLine {
            cap: caps[k],
            probability: probability.clone(),
        })
        .collect();
    figures.push(("mc_binds".into(), charts::binds(&ctx, &stats.dates, &lines)));
    figures
}

/// The cap every path of slot `k` has, or [`Cap::Drawn`] when the cap or `paid_before` is
/// drawn (a line would then be wrong for most paths).
fn cap_of(settings: &Settings, base: &Scenario, stats: &Statistics, k: usize) -> Cap {
    let drawn = |field: &str| settings.share_draw(field).is_some();
    if drawn("paid_before") || (stats.caps.is_empty() && drawn("cap")) {
        return Cap::Drawn;
    }
    let cap = stats.caps.get(k).copied().unwrap_or(base.share.cap);
    match cap {
        Some(cap) => Cap::Fixed {
            cap,
            paid_before: base.share.paid_before,
        },
        None => Cap::Uncapped,
    }
}

/// A quantile of paid in slot `k`, as `mc_summary.csv` has it.
fn paid_quantile(stats: &Statistics, k: usize, column: &str) -> Money {
    let at = crate::montecarlo::summary::header()
        .iter()
        .position(|h| *h == column);
    stats.summary[k]
        .iter()
        .find(|row| row.first().is_some_and(|m| m == "paid"))
        .and_then(|row| row.get(at?))
        .and_then(|cell| Decimal::from_str(cell).ok())
        .map_or(Money::ZERO, round_cents)
}
