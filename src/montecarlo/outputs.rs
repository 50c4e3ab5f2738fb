//! The statistics files of a Monte Carlo (SPEC §7.3): `mc_summary.csv`, `mc_binds.csv`,
//! `mc_cumulative.csv` and `mc_summary.json`, formed from what [`super::simulation`] kept.
//! With `--cap`, each file leads with a `share.cap` column and its rows go cap by cap.

use super::config::Settings;
use super::sampling::Sampling;
use super::simulation::Collected;
use super::summary::{self, FAN, Record};
use crate::engine::periods::Period;
use crate::money::Money;
use crate::output::csv::push_cell;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// Every statistic, per cap slot (one slot without `--cap`).
pub struct Statistics {
    /// The caps of `--cap`, in order; empty without it.
    pub caps: Vec<Option<Money>>,
    /// `mc_summary.csv`'s rows (without the cap cell), per slot.
    pub summary: Vec<Vec<Vec<String>>>,
    /// `mc_binds.csv`'s dates and, per slot, the probability at each.
    pub dates: Vec<Date>,
    pub binds: Vec<Vec<Decimal>>,
    /// The periods and, per slot, P5/P25/P50/P75/P95 of cumulative paid at each period's end.
    pub periods: Vec<Period>,
    pub fan: Vec<Vec<[i64; 5]>>,
    /// Total paid per path, per slot, for the histogram.
    pub paid: Vec<Vec<i64>>,
}

impl Statistics {
    /// The statistics of `collected` (its cumulative buffers are reordered in place).
    pub fn new(
        collected: &mut Collected,
        caps: Vec<Option<Money>>,
        periods: Vec<Period>,
        dates: Vec<Date>,
    ) -> Statistics {
        let paths = collected.records.first().map_or(0, Vec::len);
        let records = &collected.records;
        Statistics {
            summary: records.iter().map(|r| summary::rows(r)).collect(),
            binds: records
                .iter()
                .map(|r| {
                    summary::binds(r, &dates)
                        .into_iter()
                        .map(|(_, p)| p)
                        .collect()
                })
                .collect(),
            fan: collected
                .cumulative
                .iter_mut()
                .map(|c| summary::cumulative(c, paths))
                .collect(),
            paid: records
                .iter()
                .map(|r| r.iter().map(|x: &Record| x.money[3]).collect())
                .collect(),
            caps,
            dates,
            periods,
        }
    }

    /// The `share.cap` cell of slot `k` (nothing without `--cap`): `none` for no cap, as
    /// `mc_paths.csv` writes it, so a row can be run again with `--set`.
    fn cap_cell(&self, k: usize) -> Option<String> {
        self.caps.get(k).map(|c| match c {
            None => "none".to_owned(),
            Some(m) => m.to_string(),
        })
    }

    fn slots(&self) -> usize {
        self.summary.len()
    }

    /// A table: the header, then rows cap by cap, each led by its `share.cap` cell.
    fn table(&self, header: &[&str], rows: impl Fn(usize) -> Vec<Vec<String>>) -> Vec<u8> {
        let mut out = Vec::new();
        let mut all: Vec<&str> = Vec::new();
        if !self.caps.is_empty() {
            all.push("share.cap");
        }
        all.extend(header);
        write_row(&mut out, all.iter().map(|s| (*s).to_owned()));
        for k in 0..self.slots() {
            for row in rows(k) {
                write_row(&mut out, self.cap_cell(k).into_iter().chain(row));
            }
        }
        out
    }

    /// `mc_summary.csv`.
    pub fn summary_csv(&self) -> Vec<u8> {
        self.table(&summary::header(), |k| self.summary[k].clone())
    }

    /// `mc_binds.csv`: the probability the cap is reached on or before each date.
    pub fn binds_csv(&self) -> Vec<u8> {
        self.table(&["date", "probability"], |k| self.binds_rows(k))
    }

    fn binds_rows(&self, k: usize) -> Vec<Vec<String>> {
        self.dates
            .iter()
            .zip(&self.binds[k])
            .map(|(d, p)| vec![d.to_string(), p.to_string()])
            .collect()
    }

    /// `mc_cumulative.csv`: the fan of cumulative paid at each period's end.
    pub fn cumulative_csv(&self) -> Vec<u8> {
        self.table(&["period", "end", "p5", "p25", "p50", "p75", "p95"], |k| {
            self.cumulative_rows(k)
        })
    }

    fn cumulative_rows(&self, k: usize) -> Vec<Vec<String>> {
        self.periods
            .iter()
            .zip(&self.fan[k])
            .map(|(p, q)| {
                let mut row = vec![p.label.clone(), p.end.to_string()];
                row.extend(
                    q.iter()
                        .map(|&c| Money::from_cents(i128::from(c)).to_string()),
                );
                row
            })
            .collect()
    }

    /// `mc_summary.json`: the run's settings and the three tables' rows as objects.
    pub fn json(&self, settings: &Settings) -> Value {
        let draws: Vec<Value> = settings
            .draws
            .iter()
            .map(|p| {
                json!({
                    "key": p.draw.key.text(),
                    "dist": p.draw.dist,
                    "parameters": p.draw.parameters,
                })
            })
            .collect();
        let caps: Vec<Value> = (0..self.caps.len())
            .filter_map(|k| self.cap_cell(k))
            .map(Value::from)
            .collect();
        let objects = |header: &[&str], rows: &dyn Fn(usize) -> Vec<Vec<String>>| {
            let mut all = Vec::new();
            for k in 0..self.slots() {
                for row in rows(k) {
                    let mut object = serde_json::Map::new();
                    if let Some(cap) = self.cap_cell(k) {
                        object.insert("share.cap".into(), cap.into());
                    }
                    for (h, cell) in header.iter().zip(row) {
                        let value = match (*h, cell.is_empty()) {
                            (_, true) => Value::Null,
                            ("count", _) => {
                                cell.parse::<u64>().map_or(Value::from(cell), Value::from)
                            }
                            _ => Value::from(cell),
                        };
                        object.insert((*h).to_owned(), value);
                    }
                    all.push(Value::Object(object));
                }
            }
            Value::Array(all)
        };
        json!({
            "seed": settings.seed,
            "paths": settings.paths,
            "sampling": match settings.sampling {
                Sampling::Lhs => "lhs",
                Sampling::Random => "random",
            },
            "draws": draws,
            "caps": caps,
            "summary": objects(&summary::header(), &|k| self.summary[k].clone()),
            "binds": objects(&["date", "probability"], &|k| self.binds_rows(k)),
            "cumulative": objects(
                &["period", "end", "p5", "p25", "p50", "p75", "p95"],
                &|k| self.cumulative_rows(k),
            ),
        })
    }

    /// The quantiles of [`FAN`] for slot `k` at the last period: where cumulative paid ends.
    pub fn final_fan(&self, k: usize) -> Option<[i64; 5]> {
        debug_assert_eq!(FAN.len(), 5);
        self.fan.get(k).and_then(|f| f.last().copied())
    }
}

fn write_row(out: &mut Vec<u8>, cells: impl Iterator<Item = String>) {
    let cells: Vec<String> = cells.collect();
    for (i, cell) in cells.iter().enumerate() {
        push_cell(out, cell, i + 1 == cells.len());
    }
}
