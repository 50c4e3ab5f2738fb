//! Fuzzes the value grammars: money, rates, dates, booleans, days and periods (SPEC §1.1,
//! §1.2, §6.4, §6.23), `--set KEY=VALUE` (§3, §6.30) and sweep `--vary KEY=VALUES` / `--cap
//! VALUES` lists and ranges (§6.19, §6.24).
//!
//! The input is up to 4 lines. Every line goes through every value reader (as a string, and as
//! a TOML integer or float literal), then as a `--set`, a `--vary` and a `--cap` argument. The
//! overrides and varied keys that parse are applied to a fixed valid scenario: the overrides
//! are loaded and simulated, the varied keys make a grid whose first, middle and last cases are
//! built and simulated as `revshare sweep` would.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use revshare::scenario::node::{Kind, Node, Origin};
use revshare::scenario::overrides::{Key, Override};
use revshare::scenario::value;
use revshare::sweep::values::{Values, parse_varied};
use revshare::sweep::{self, DEFAULT_MAX_CASES, Grid, Sweep};

fn node(kind: Kind, text: &str) -> Node {
    Node {
        kind,
        origin: Origin::Argument(text.to_owned()),
    }
}

/// Every value reader on one text.
fn readers(text: &str) {
    let _ = value::parse_money(text);
    let _ = value::parse_date(text);
    let _ = value::parse_bool(text);
    let _ = value::float_significant_digits(text);
    let _ = Key::parse(text).map(|k| k.text());
    let mut nodes = vec![node(Kind::Str(text.to_owned()), text)];
    for radix in [10, 16, 8, 2] {
        nodes.push(node(
            Kind::Integer {
                literal: text.to_owned(),
                radix,
            },
            text,
        ));
    }
    nodes.push(node(Kind::Float(text.to_owned()), text));
    for n in &nodes {
        let _ = n.describe();
        let _ = value::money(n);
        let _ = value::cap(n);
        let _ = value::rate(n);
        let _ = value::date(n);
        let _ = value::boolean(n);
        let _ = value::days(n);
        let _ = value::period(n);
        let _ = value::string(n);
    }
}

/// The first, middle and last values of a list or range, in both output forms.
fn touch(values: &Values) {
    let len = values.len();
    let _ = values.is_empty();
    for i in [0, len / 2, len.saturating_sub(1)] {
        if i < len {
            let v = values.get(i);
            let _ = v.cell();
            let _ = v.override_text();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines: Vec<&str> = text.lines().take(4).collect();
    let mut sets: Vec<Override> = Vec::new();
    let mut varied = Vec::new();
    for line in &lines {
        readers(line);
        match Override::parse(line, "--set") {
            Ok(o) => {
                let _ = o.key.text();
                let _ = o.node();
                sets.push(o);
            }
            Err(d) => {
                let _ = d.render();
            }
        }
        for flag in ["--vary", "--cap"] {
            match parse_varied(flag, line, DEFAULT_MAX_CASES) {
                Ok(v) => {
                    touch(&v.values);
                    varied.push(v);
                }
                Err(d) => {
                    let _ = d.render();
                }
            }
        }
    }
    let s = common::scratch();
    if !sets.is_empty() {
        common::load_and_run(&s.fixed, &sets, false);
    }
    if varied.is_empty() {
        return;
    }
    // One `--vary` per key (a key varied twice is refused by Grid::new, which is fuzzed too).
    let grid = match Grid::new(varied, DEFAULT_MAX_CASES) {
        Ok(grid) => grid,
        Err(e) => {
            let _ = e.render();
            return;
        }
    };
    let _ = grid.header();
    let _ = grid.cap_only();
    let cases = sweep::sample(0..grid.count, 3);
    for &c in &cases {
        let _ = grid.case(c);
    }
    let prepared = Sweep::prepare(&s.fixed, &sets, &grid, 0..grid.count.min(2));
    let sweep = match prepared {
        Ok(sweep) => sweep,
        Err(e) => {
            let _ = e.render();
            return;
        }
    };
    let mut out = Vec::new();
    if let Err(e) = sweep::write_sample(&sweep, &cases, &mut out) {
        let _ = e.render();
    }
    if let Some(&last) = cases.last() {
        let _ = sweep.case_run(last).map(|(scenario, outcome)| {
            output_figures(&scenario, &outcome);
        });
    }
});

fn output_figures(scenario: &revshare::model::Scenario, outcome: &revshare::outcome::Outcome) {
    let _ = revshare::output::table::render(scenario, outcome, &[]);
}
