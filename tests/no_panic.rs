//! SPEC §3 "Never a panic" and §5 "a message that names the file", tested in the normal
//! suite (issue 9, item 4). The fuzz targets under `fuzz/` search the same space for longer.
//!
//! Two kinds of test:
//! - Property tests (proptest, 256 cases each). Their inputs are arbitrary bytes; mutations of
//!   the shipped scenarios and projections CSV (bit flips, deletions, line duplications,
//!   insertions of keywords and of special characters such as `\r`, `\0` and a BOM, replaced
//!   values such as `8e26` and `1e-28`); and arbitrary strings for the value grammars, `--set`,
//!   `--vary` and `--cap`. A failure shrinks to a minimal input.
//! - Exhaustive sweeps. They try every value of the shipped files replaced by every extreme
//!   value, every special character at every line end, every `--set` key with every extreme,
//!   and every range `FROM..TO:STEP` built from numbers at the edges of exact arithmetic. They
//!   are deterministic, so a known panic always shows. Each distinct panic is listed once, with
//!   its place in `src/` and the first input that caused it.
//!
//! Each input goes through the library the way the commands use it: load (parse, overrides,
//! validation), then simulate and format the outputs. The only assertions are that nothing
//! panics, and that a load that fails renders an error naming the file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::TestCaseError;
use revshare::engine::simulate;
use revshare::error::Error;
use revshare::output;
use revshare::scenario::node::{Kind, Node, Origin};
use revshare::scenario::overrides::{self, Key, Override};
use revshare::scenario::{self, value};
use revshare::sweep::values::parse_varied;
use revshare::sweep::{self, Grid, Sweep};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const CASES: u32 = 256;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        max_shrink_iters: 2048,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// `scenarios/*.toml` and the projections CSV beside them, read at test time.
struct Shipped {
    scenarios: Vec<(String, String)>,
    projections_name: &'static str,
    projections: String,
}

fn shipped() -> &'static Shipped {
    static SHIPPED: OnceLock<Shipped> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
        let mut scenarios: Vec<(String, String)> = std::fs::read_dir(&dir)
            .expect("read scenarios/")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (
                    name,
                    std::fs::read_to_string(&p).expect("read a shipped scenario"),
                )
            })
            .collect();
        scenarios.sort();
        assert!(!scenarios.is_empty(), "no scenarios/*.toml");
        let projections_name = "monthly-projections.csv";
        let full = std::fs::read_to_string(dir.join(projections_name))
            .expect("read scenarios/monthly-projections.csv");
        // Mutations of a short head find as much as mutations of the whole file, faster.
        let projections: String = full.lines().take(24).map(|l| format!("{l}\n")).collect();
        Shipped {
            scenarios,
            projections_name,
            projections,
        }
    })
}

/// Tokens of the formats and the values that broke things before: inserted by mutations and
/// concatenated into value strings.
const TOKENS: &[&str] = &[
    "\r",
    "\r\n",
    "\n",
    "\0",
    "\t",
    " ",
    "\u{feff}",
    "é",
    "\"",
    "'",
    "[",
    "]",
    "[[stream]]",
    "[share]",
    "[scenario]",
    "=",
    "#",
    ",",
    ".",
    "..",
    ":",
    "_",
    "$",
    "%",
    "-",
    "+",
    "e",
    "E",
    "e-",
    "k",
    "m",
    "mm",
    "B",
    "bn",
    "T",
    "tn",
    "none",
    "NONE",
    "true",
    "False",
    "month",
    "quarter",
    "year",
    "0",
    "1",
    "9",
    "20%",
    "-10%",
    "0.2",
    "38B",
    "$12.5bn",
    "1_250_000",
    "4.2e9",
    "1e3k",
    "8e26",
    "7.9e28",
    "1e-28",
    "1e-29",
    "99999999999999999999999999999",
    "0.0000000000000000000000000001",
    "999999999999999.995",
    "1000000000000000",
    "10000%",
    "10000.0001%",
    "-99.9999%",
    "36500",
    "36501",
    "2026-01-01",
    "2026-02-29",
    "2028-02-29",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "-9999-01-01",
    "1979-05-27T07:32:00Z",
    "inf",
    "nan",
    "0x7f",
    "0o17",
    "0b11",
    "stream,cloud,from,to,amount",
    "qualifying",
];

/// Characters that input files are known to trip on.
const SPECIAL: &[&str] = &[
    "\r", "\r\r", "\0", "\u{feff}", "\t", "\"", "é", "\u{1}", "\u{7f}", "\\",
];

/// Values that a replacing mutation puts inside a quoted string or after `=`.
const VALUES: &[&str] = &[
    "8e26",
    "7.9e28",
    "1e-28",
    "1e-29",
    "99999999999999999999999999999",
    "0.0000000000000000000000000001",
    "999999999999999.995",
    "999999999999999",
    "1e15",
    "10000%",
    "10001%",
    "-99.9999999%",
    "-100%",
    "100%",
    "0",
    "0%",
    "none",
    "",
    " ",
    "\r",
    "2026-02-30",
    "0001-01-01",
    "9999-12-31",
    "36500",
    "36501",
    "-1",
    "1e9999",
    "$",
    "%",
    "1,2,3",
    "1__0",
    "month",
    "year",
    "\"",
    "é",
];

/// The values at the edges of each grammar and of exact arithmetic, for the exhaustive sweeps.
const EXTREMES: &[&str] = &[
    "8e26",
    "7.9e28",
    "1e-28",
    "1e-29",
    "99999999999999999999999999999",
    "999999999999999.995",
    "1e15",
    "10000%",
    "10001%",
    "-99.9999999%",
    "100%",
    "0",
    "none",
    "",
    "\r",
    "0001-01-01",
    "9999-12-31",
    "36501",
];

#[derive(Clone, Debug)]
enum Mutation {
    FlipBit(Index, u8),
    Insert(Index, &'static str),
    /// A character that files are known to trip on, at the end of a line.
    AtLineEnd(Index, &'static str),
    InsertByte(Index, u8),
    Delete(Index, u8),
    DuplicateLine(Index),
    DeleteLine(Index),
    /// The n-th `"…"` (or the value after the n-th `= `) becomes one of [`VALUES`].
    ReplaceValue(Index, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        1 => (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        1 => (any::<Index>(), select(TOKENS)).prop_map(|(i, t)| Mutation::Insert(i, t)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::InsertByte(i, b)),
        1 => (any::<Index>(), 1u8..24).prop_map(|(i, n)| Mutation::Delete(i, n)),
        2 => (any::<Index>(), select(SPECIAL)).prop_map(|(i, c)| Mutation::AtLineEnd(i, c)),
        1 => any::<Index>().prop_map(Mutation::DuplicateLine),
        1 => any::<Index>().prop_map(Mutation::DeleteLine),
        3 => (any::<Index>(), select(VALUES)).prop_map(|(i, v)| Mutation::ReplaceValue(i, v)),
    ]
}

fn apply(text: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = text.to_vec();
    for m in mutations {
        let at = |i: &Index, len: usize| if len == 0 { 0 } else { i.index(len + 1) };
        match m {
            Mutation::FlipBit(i, bit) if !bytes.is_empty() => {
                let k = i.index(bytes.len());
                bytes[k] ^= 1 << bit;
            }
            Mutation::FlipBit(..) => {}
            Mutation::Insert(i, token) => {
                let k = at(i, bytes.len());
                bytes.splice(k..k, token.bytes());
            }
            Mutation::InsertByte(i, b) => {
                let k = at(i, bytes.len());
                bytes.insert(k, *b);
            }
            Mutation::Delete(i, n) if !bytes.is_empty() => {
                let k = i.index(bytes.len());
                let end = (k + usize::from(*n)).min(bytes.len());
                bytes.drain(k..end);
            }
            Mutation::Delete(..) => {}
            Mutation::AtLineEnd(i, c) => {
                let ends: Vec<usize> = (0..bytes.len()).filter(|&k| bytes[k] == b'\n').collect();
                let k = if ends.is_empty() {
                    bytes.len()
                } else {
                    ends[i.index(ends.len())]
                };
                bytes.splice(k..k, c.bytes());
            }
            Mutation::DuplicateLine(i) | Mutation::DeleteLine(i) => {
                let mut lines: Vec<Vec<u8>> = bytes
                    .split_inclusive(|b| *b == b'\n')
                    .map(<[u8]>::to_vec)
                    .collect();
                if lines.is_empty() {
                    continue;
                }
                let k = i.index(lines.len());
                if matches!(m, Mutation::DuplicateLine(_)) {
                    let mut line = lines[k].clone();
                    if !line.ends_with(b"\n") {
                        line.push(b'\n');
                    }
                    lines.insert(k, line);
                } else {
                    lines.remove(k);
                }
                bytes = lines.concat();
            }
            Mutation::ReplaceValue(i, value) => {
                let n = value_spans(&bytes).len();
                if n > 0 {
                    replace_value(&mut bytes, i.index(n), value);
                }
            }
        }
    }
    bytes
}

/// Replaces the `k`-th of [`value_spans`] with `value`.
fn replace_value(bytes: &mut Vec<u8>, k: usize, value: &str) {
    if let Some(&(start, end)) = value_spans(bytes).get(k) {
        bytes.splice(start..end, value.bytes());
    }
}

/// The insides of one-line `"…"` strings, and bare values after `= ` up to a space or the line
/// end: what a replacing mutation may swap.
fn value_spans(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i + 1;
                let mut end = start;
                while end < bytes.len() && bytes[end] != b'"' && bytes[end] != b'\n' {
                    end += 1;
                }
                if end < bytes.len() && bytes[end] == b'"' {
                    spans.push((start, end));
                }
                i = end + 1;
            }
            b'=' if bytes.get(i + 1) == Some(&b' ') && bytes.get(i + 2) != Some(&b'"') => {
                let start = i + 2;
                let mut end = start;
                while end < bytes.len() && !b" \r\n,}".contains(&bytes[end]) {
                    end += 1;
                }
                if end > start {
                    spans.push((start, end));
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    spans
}

/// Arbitrary bytes, or text made of the formats' tokens and ASCII (which gets past UTF-8
/// and TOML syntax checks more often).
fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..max),
        prop::collection::vec(
            prop_oneof![select(TOKENS).prop_map(str::to_owned), "[ -~]{1,4}"],
            0..max / 4
        )
        .prop_map(|parts| parts.concat().into_bytes()),
    ]
}

/// Strings for the value grammars: arbitrary text, grammar characters, and token soup.
fn value_text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,24}",
        "[-+0-9$_,.eE%kKmMbBtTnN :]{0,32}",
        "[0-9]{0,30}\\.?[0-9]{0,30}[eE]?[-+]?[0-9]{0,5}(%|k|m|mm|b|bn|t|tn)?",
        prop::collection::vec(select(TOKENS), 0..6).prop_map(|t| t.concat()),
        (select(VALUES), select(TOKENS)).prop_map(|(a, b)| format!("{a}{b}")),
    ]
}

/// Every table key the command line accepts (from the library's own list, so a new key is
/// covered as soon as it exists), the stream keys on streams of the shipped base scenario, and
/// keys that are wrong.
fn keys() -> Vec<String> {
    let table = overrides::KEYS
        .iter()
        .filter(|k| !k.starts_with("stream.") && !k.starts_with("cloud."))
        .map(|k| (*k).to_owned());
    let other = [
        "stream.ChatGPT consumer.growth",
        "stream.API on AWS.qualifying",
        "stream.API on Azure.growth",
        "stream.no such stream.growth",
        "stream.API on AWS.scale",
        "cloud.aws.scale",
        "cloud.no such cloud.scale",
        "share.rte",
        "",
    ];
    table.chain(other.iter().map(|k| (*k).to_owned())).collect()
}

/// A `--set`/`--vary` argument: a known key (or not) and a value, joined by `=` (or not).
fn argument() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (select(keys()), value_text()).prop_map(|(k, v)| format!("{k}={v}")),
        2 => (select(keys()), value_text(), value_text(), value_text())
            .prop_map(|(k, a, b, c)| format!("{k}={a}..{b}:{c}")),
        1 => (select(keys()), value_text(), value_text()).prop_map(|(k, a, b)| format!("{k}={a},{b}")),
        1 => value_text(),
    ]
}

// ---------------------------------------------------------------------------------------------
// Running an input
// ---------------------------------------------------------------------------------------------

/// A scratch directory: `scenario.toml` and the projections file that shipped scenarios name.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("create a temporary directory"),
        }
    }

    fn scenario(&self) -> PathBuf {
        self.dir.path().join("scenario.toml")
    }

    /// Writes the scenario and, under the name the shipped scenarios use, the projections.
    fn write(&self, scenario: &[u8], projections: &[u8]) -> PathBuf {
        let path = self.scenario();
        std::fs::write(&path, scenario).expect("write scenario.toml");
        let csv = self.dir.path().join(shipped().projections_name);
        std::fs::write(csv, projections).expect("write the projections file");
        path
    }
}

/// Loads, simulates and formats every output. A failure must render an error naming a file of
/// the scratch directory (or, with overrides, at least saying something).
fn load_and_run(path: &Path, overrides: &[Override]) -> Result<(), TestCaseError> {
    let dir = path
        .parent()
        .expect("a scratch directory")
        .display()
        .to_string();
    let names_file = |e: &Error| -> Result<(), TestCaseError> {
        let text = e.render();
        if overrides.is_empty() {
            prop_assert!(
                text.contains(&dir),
                "the error does not name the file ({dir}):\n{text}"
            );
        } else {
            prop_assert!(!text.trim().is_empty(), "an empty error message");
        }
        Ok(())
    };
    let loaded = match scenario::load(path, overrides) {
        Ok(loaded) => loaded,
        Err(e) => return names_file(&e),
    };
    for w in &loaded.warnings {
        let _ = w.render();
    }
    let outcome = match simulate(&loaded.scenario) {
        Ok(outcome) => outcome,
        Err(e) => return names_file(&scenario::too_large(path, e)),
    };
    let s = &loaded.scenario;
    let _ = output::csv::periods_csv(&outcome);
    let _ = output::csv::streams_csv(s, &outcome);
    let _ = output::csv::clouds_csv(&outcome);
    let _ = output::csv::summary_csv(&outcome.summary);
    let _ = output::json::to_bytes(&output::json::summary_value(&outcome.summary));
    let _ = output::table::render(s, &outcome, &[]);
    Ok(())
}

fn node(kind: Kind, text: &str) -> Node {
    Node {
        kind,
        origin: Origin::Argument(text.to_owned()),
    }
}

/// Every value reader on one text: as a string, and as TOML integer and float literals.
fn read_values(text: &str) {
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
    }
}

/// A scratch directory holding the shipped base scenario, shared by the override properties.
fn base_scenario() -> PathBuf {
    static BASE: OnceLock<Scratch> = OnceLock::new();
    let scratch = BASE.get_or_init(|| {
        let s = Scratch::new();
        let shipped = shipped();
        let base = shipped
            .scenarios
            .iter()
            .find(|(name, _)| name == "base.toml")
            .unwrap_or(&shipped.scenarios[0]);
        s.write(base.1.as_bytes(), shipped.projections.as_bytes());
        s
    });
    scratch.scenario()
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// (a) Arbitrary bytes as a scenario file and as its projections file.
    #[test]
    fn arbitrary_bytes_never_panic(
        toml in bytes(256),
        csv in bytes(128),
        scenario_index in any::<Index>(),
    ) {
        let scratch = Scratch::new();
        // The arbitrary bytes, then the same bytes after a shipped scenario's first lines, so
        // they land inside a file that parses up to them.
        let path = scratch.write(&toml, &csv);
        load_and_run(&path, &[])?;
        let (_, text) = &shipped().scenarios[scenario_index.index(shipped().scenarios.len())];
        let mut prefixed: Vec<u8> = text.lines().take(12).flat_map(|l| format!("{l}\n").into_bytes()).collect();
        prefixed.extend_from_slice(&toml);
        let path = scratch.write(&prefixed, &csv);
        load_and_run(&path, &[])?;
    }

    /// (b) The shipped scenarios, mutated.
    #[test]
    fn mutated_scenarios_never_panic(
        scenario_index in any::<Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let shipped = shipped();
        let (_, text) = &shipped.scenarios[scenario_index.index(shipped.scenarios.len())];
        let scratch = Scratch::new();
        let path = scratch.write(&apply(text.as_bytes(), &mutations), shipped.projections.as_bytes());
        load_and_run(&path, &[])?;
    }

    /// (b) The shipped projections CSV, mutated, read by the shipped monthly scenario.
    #[test]
    fn mutated_projections_never_panic(
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let shipped = shipped();
        let monthly = shipped
            .scenarios
            .iter()
            .find(|(_, text)| text.contains(shipped.projections_name))
            .expect("a shipped scenario that reads the projections file");
        let scratch = Scratch::new();
        let csv = apply(shipped.projections.as_bytes(), &mutations);
        let path = scratch.write(monthly.1.as_bytes(), &csv);
        load_and_run(&path, &[])?;
    }

    /// Arbitrary strings through every value reader, `--set`, `--vary` and `--cap`.
    #[test]
    fn value_parsers_never_panic(text in value_text(), arg in argument()) {
        for t in [&text, &arg] {
            read_values(t);
            if let Err(d) = Override::parse(t, "--set") {
                let _ = d.render();
            }
            for flag in ["--vary", "--cap"] {
                match parse_varied(flag, t, sweep::DEFAULT_MAX_CASES) {
                    Ok(v) => {
                        let n = v.values.len();
                        for i in [0, n / 2, n.saturating_sub(1)] {
                            if i < n {
                                let value = v.values.get(i);
                                let _ = (value.cell(), value.override_text());
                            }
                        }
                    }
                    Err(d) => {
                        let _ = d.render();
                    }
                }
            }
        }
    }

    /// `--set` on the shipped base scenario: loaded, simulated and formatted.
    #[test]
    fn overrides_never_panic(args in prop::collection::vec(argument(), 1..3)) {
        let overrides: Vec<Override> =
            args.iter().filter_map(|a| Override::parse(a, "--set").ok()).collect();
        if !overrides.is_empty() {
            load_and_run(&base_scenario(), &overrides)?;
        }
    }

    /// `--vary`/`--cap` on the shipped base scenario: the first, middle and last cases of the
    /// grid are built, simulated and written as `sweep.csv` rows.
    #[test]
    fn sweeps_never_panic(arg in argument(), cap in any::<bool>()) {
        let flag = if cap { "--cap" } else { "--vary" };
        let arg = if cap { arg.split_once('=').map_or(arg.clone(), |(_, v)| v.to_owned()) } else { arg };
        let Ok(varied) = parse_varied(flag, &arg, sweep::DEFAULT_MAX_CASES) else {
            return Ok(());
        };
        let Ok(grid) = Grid::new(vec![varied], sweep::DEFAULT_MAX_CASES) else {
            return Ok(());
        };
        let path = base_scenario();
        let cases = sweep::sample(0..grid.count, 3);
        match Sweep::prepare(&path, &[], &grid, 0..grid.count.min(2)) {
            Ok(prepared) => {
                let mut out = Vec::new();
                if let Err(e) = sweep::write_sample(&prepared, &cases, &mut out) {
                    prop_assert!(!e.render().trim().is_empty());
                }
            }
            Err(e) => prop_assert!(!e.render().trim().is_empty()),
        }
    }
}

/// A `--draw` argument: a key (or not), a distribution name (or not) and parameters from the
/// value grammars, extremes and token soup.
fn draw_argument() -> impl Strategy<Value = String> {
    const DISTS: &[&str] = &[
        "uniform",
        "triangular",
        "pert",
        "normal",
        "lognormal",
        "discrete",
        "gauss",
        "",
    ];
    let parameter = prop_oneof![value_text(), select(VALUES).prop_map(str::to_owned)];
    let weighted = (value_text(), select(VALUES)).prop_map(|(v, w)| format!("{v}:{w}"));
    prop_oneof![
        4 => (select(keys()), select(DISTS), prop::collection::vec(parameter, 0..5))
            .prop_map(|(k, d, p)| format!("{k}={d}({})", p.join(","))),
        2 => (select(keys()), prop::collection::vec(weighted, 0..4))
            .prop_map(|(k, p)| format!("{k}=discrete({})", p.join(","))),
        1 => value_text(),
    ]
}

/// Every way a parsed draw is used: values across (0, 1) and at its ends, its extremes, its
/// date range, its text.
fn use_draw(draw: &revshare::montecarlo::draw::Draw) {
    for u in [
        0.0,
        1e-300,
        2e-17,
        0.1,
        0.5,
        0.9,
        1.0 - 1e-16,
        1.0,
        f64::NAN,
    ] {
        let value = draw.value(u);
        let _ = (value.cell(), value.override_text(), value.readable("USD"));
    }
    let _ = (draw.extremes(), draw.date_range(), draw.text());
}

proptest! {
    #![proptest_config(config())]

    /// Arbitrary `--draw` arguments: parsed, and when they parse, drawn from at every kind of
    /// uniform, then run for a few paths on the shipped base scenario.
    #[test]
    fn draws_never_panic(arg in draw_argument(), seed in any::<u64>()) {
        use revshare::montecarlo::draw::Draw;
        use revshare::montecarlo::paths::Paths;
        use revshare::montecarlo::sampling::{Sampler, Sampling};
        let Ok(draw) = Draw::parse(&arg) else {
            return Ok(());
        };
        use_draw(&draw);
        let parsed = scenario::parse(&base_scenario()).unwrap();
        let draws = [draw];
        let sampler = Sampler::new(seed, 3, Sampling::Lhs);
        let paths = Paths::new(&parsed, &[], &draws, &sampler, &[] );
        if let Err(e) = paths.run(0..3) {
            prop_assert!(!e.render().trim().is_empty());
        }
    }
}

/// Every distribution on every key with every extreme value as every parameter: no panic in
/// parsing, drawing or the support checks (statrs' inverse beta panics for tiny u, which the
/// draw must never hand it).
#[test]
fn extreme_draws_never_panic() {
    use revshare::montecarlo::draw::Draw;
    let shapes: &[&str] = &[
        "uniform({a},{b})",
        "triangular({a},{b},{b})",
        "triangular({a},{a},{b})",
        "pert({a},{b},{b})",
        "pert({a},{a},{b})",
        "normal({a},{b})",
        "normal({a},{b},{a},{b})",
        "lognormal({a},{b})",
        "discrete({a}:{b},{b}:{a})",
    ];
    let mut parsed = 0;
    for key in keys() {
        for shape in shapes {
            for a in VALUES
                .iter()
                .chain(["0", "1", "2026-01-01", "none", "-1"].iter())
            {
                for b in [
                    "1",
                    "0.25",
                    "2030-12-31",
                    "1e15",
                    "100%",
                    "36500",
                    "1e-28",
                    a,
                ] {
                    let arg = format!("{key}={}", shape.replace("{a}", a).replace("{b}", b));
                    if let Ok(draw) = Draw::parse(&arg) {
                        use_draw(&draw);
                        parsed += 1;
                    }
                }
            }
        }
    }
    assert!(parsed > 100, "{parsed} draws parsed");
}

/// `[[uncertain]]` tables with arbitrary parameter values: read and checked like `validate`.
#[test]
fn uncertain_tables_never_panic() {
    let scratch = Scratch::new();
    let base = std::fs::read_to_string(base_scenario()).unwrap();
    for dist in ["uniform", "pert", "normal", "lognormal", "discrete", "x"] {
        for value in VALUES
            .iter()
            .chain(["[]", "[1, \"a\"]", "{ a = 1 }", "2026-01-01", "true"].iter())
        {
            let quoted =
                if value.starts_with(['[', '{']) || *value == "true" || value.starts_with("2026") {
                    (*value).to_owned()
                } else {
                    format!("\"{value}\"")
                };
            let table = format!(
                "\n[montecarlo]\npaths = {quoted}\nseed = {quoted}\n\n[[uncertain]]\nkey = \"share.cap\"\ndist = \"{dist}\"\nmin = {quoted}\nmode = {quoted}\nmax = {quoted}\nmean = {quoted}\nsd = {quoted}\nmedian = {quoted}\nsigma = {quoted}\nvalues = {quoted}\nweights = {quoted}\n"
            );
            let path = scratch.write(format!("{base}{table}").as_bytes(), b"");
            let problems = revshare::montecarlo::config::problems(&path, None);
            for d in problems {
                assert!(!d.render().trim().is_empty());
            }
        }
    }
}

/// The mutation helpers themselves: a replaced value lands inside the quotes.
#[test]
fn replace_value_swaps_a_quoted_string() {
    let text = b"rate = \"20%\"\ncap = 38\n";
    assert_eq!(value_spans(text), vec![(8, 11), (19, 21)]);
    let mut out = text.to_vec();
    replace_value(&mut out, 0, "8e26");
    assert_eq!(out, b"rate = \"8e26\"\ncap = 38\n");
    replace_value(&mut out, 1, "none");
    assert_eq!(out, b"rate = \"8e26\"\ncap = none\n");
}

// ---------------------------------------------------------------------------------------------
// Exhaustive sweeps: every value of the shipped files replaced by every extreme value, and every
// special character at every line end. Deterministic, so a known panic always shows, and every
// distinct panic is listed once with its location.
// ---------------------------------------------------------------------------------------------

/// A panic seen by the hook of [`record_panics`].
struct Panic {
    message: String,
    /// Where it panicked, and, when that is inside a dependency (say `rust_decimal`'s
    /// arithmetic), the innermost frame of this crate's `src/` that called it.
    location: String,
    frame: Option<String>,
}

thread_local! {
    static LAST_PANIC: std::cell::RefCell<Option<Panic>> = const { std::cell::RefCell::new(None) };
    /// Set while [`run_all`] runs: its panics are summarised, not printed one by one.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps the previous panic hook (proptest and the test harness rely on it) and also records
/// each panic's message and location for [`run_all`].
fn record_panics() {
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let message = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                .unwrap_or_default();
            let frame = (!location.starts_with("src/"))
                .then(|| {
                    let trace = std::backtrace::Backtrace::force_capture().to_string();
                    trace
                        .lines()
                        .map(str::trim)
                        .filter_map(|l| l.strip_prefix("at "))
                        .find(|l| {
                            l.contains("/src/")
                                && !l.contains("/.cargo/")
                                && !l.contains("/rustc/")
                                && !l.contains("tests/no_panic.rs")
                        })
                        .map(|l| {
                            l.split("/src/")
                                .last()
                                .map_or(l.to_owned(), |rest| format!("src/{rest}"))
                        })
                })
                .flatten();
            LAST_PANIC.with(|p| {
                *p.borrow_mut() = Some(Panic {
                    message,
                    location,
                    frame,
                })
            });
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Loads each scenario of `inputs` (a label and the file's bytes) beside `projections`, and
/// fails listing every distinct panic (by where it happened, with the first input that caused
/// it and how many did) and every error that does not name its file.
fn run_all(projections: &[u8], inputs: impl Iterator<Item = (String, Vec<u8>)>) {
    run_each(inputs.map(|(label, bytes)| {
        (label, move |scratch: &Scratch| {
            let path = scratch.write(&bytes, projections);
            load_and_run(&path, &[])
        })
    }));
}

/// Runs each check, collecting panics by place and failed assertions; fails listing them.
fn run_each<F>(checks: impl Iterator<Item = (String, F)>)
where
    F: FnOnce(&Scratch) -> Result<(), TestCaseError>,
{
    record_panics();
    let scratch = Scratch::new();
    // (where, message, first input, count)
    let mut panics: Vec<(String, String, String, usize)> = Vec::new();
    let mut failed = Vec::new();
    let mut count = 0;
    QUIET.with(|q| q.set(true));
    for (label, check) in checks {
        count += 1;
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&scratch)));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failed.push(format!("{label}: {e}")),
            Err(_) => {
                let panic = LAST_PANIC.with(|p| p.borrow_mut().take());
                let (place, message) = match panic {
                    Some(p) => match p.frame {
                        Some(frame) => (
                            frame.clone(),
                            format!("{} at {} (called from {frame})", p.message, p.location),
                        ),
                        None => (
                            p.location.clone(),
                            format!("{} at {}", p.message, p.location),
                        ),
                    },
                    None => ("?".into(), "a panic".into()),
                };
                match panics.iter_mut().find(|(p, ..)| *p == place) {
                    Some((.., n)) => *n += 1,
                    None => panics.push((place, message, label, 1)),
                }
            }
        }
    }
    QUIET.with(|q| q.set(false));
    let mut report: Vec<String> = panics
        .iter()
        .map(|(_, message, label, n)| {
            format!("panicked ({n} of {count} inputs; first: {label}):\n    {message}")
        })
        .collect();
    let more = failed.len().saturating_sub(10);
    report.extend(failed.into_iter().take(10));
    if more > 0 {
        report.push(format!("and {more} more failures"));
    }
    assert!(
        report.is_empty(),
        "{count} inputs tried; failures:\n{}",
        report.join("\n")
    );
}

/// The 1-based line of a byte offset and the line's text, for labels.
fn line_of(bytes: &[u8], at: usize) -> (usize, String) {
    let at = at.min(bytes.len());
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let start = bytes[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    (
        line,
        String::from_utf8_lossy(&bytes[start..end])
            .trim()
            .to_owned(),
    )
}

/// The shipped scenarios the exhaustive sweeps use: `base.toml` (TOML streams with annual and
/// growth tables) and the one that reads the projections CSV. `bear`/`bull` have base's shape.
fn exhaustive_scenarios() -> Vec<&'static (String, String)> {
    let shipped = shipped();
    let chosen: Vec<&(String, String)> = shipped
        .scenarios
        .iter()
        .filter(|(name, text)| name == "base.toml" || text.contains(shipped.projections_name))
        .collect();
    if chosen.is_empty() {
        shipped.scenarios.iter().collect()
    } else {
        chosen
    }
}

/// [`value_spans`] less repeats: comment lines are skipped, and of the spans with the same key
/// (the text before ` = ` on the line) and the same place among that line's spans, only the
/// first is kept (the seven streams' `annual` tables need not all be tried).
fn distinct_value_spans(bytes: &[u8]) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    let mut kept = Vec::new();
    let mut previous_line = 0;
    let mut index_in_line = 0;
    for (k, (start, _)) in value_spans(bytes).into_iter().enumerate() {
        let (line, text) = line_of(bytes, start);
        if text.starts_with('#') {
            continue;
        }
        index_in_line = if line == previous_line {
            index_in_line + 1
        } else {
            0
        };
        previous_line = line;
        let key = text.split(" = ").next().unwrap_or("").trim().to_owned();
        if seen.insert((key, index_in_line)) {
            kept.push(k);
        }
    }
    kept
}

/// Every one-line `"…"` and bare value of the shipped scenarios replaced by every one of
/// [`EXTREMES`]: reaches every range check and the engine's arithmetic at its limits.
#[test]
fn every_scenario_value_replaced_by_an_extreme_never_panics() {
    let shipped = shipped();
    let inputs = exhaustive_scenarios().into_iter().flat_map(|(name, text)| {
        let bytes = text.as_bytes();
        let spans = value_spans(bytes);
        distinct_value_spans(bytes).into_iter().flat_map(move |k| {
            let (line, shown) = line_of(bytes, spans[k].0);
            EXTREMES.iter().map(move |v| {
                let mut out = bytes.to_vec();
                replace_value(&mut out, k, v);
                (format!("{name} line {line} `{shown}` with {v:?}"), out)
            })
        })
    });
    run_all(shipped.projections.as_bytes(), inputs);
}

/// Every special character (`\r`, `\0`, a BOM, a quote, …) at the end of every line of the
/// shipped scenarios.
#[test]
fn special_characters_at_every_line_end_never_panic() {
    let shipped = shipped();
    let inputs = exhaustive_scenarios().into_iter().flat_map(|(name, text)| {
        let bytes = text.as_bytes();
        let ends: Vec<usize> = (0..bytes.len()).filter(|&k| bytes[k] == b'\n').collect();
        ends.into_iter().flat_map(move |k| {
            SPECIAL.iter().map(move |c| {
                let mut out = bytes.to_vec();
                out.splice(k..k, c.bytes());
                let (line, shown) = line_of(bytes, k);
                (format!("{name} line {line} `{shown}` + {c:?}"), out)
            })
        })
    });
    run_all(shipped.projections.as_bytes(), inputs);
}

/// Every cell of the first rows of the shipped projections CSV replaced by every extreme
/// value, and every special character at every line end, read by the shipped scenario that
/// names the file.
#[test]
fn every_projections_cell_replaced_never_panics() {
    let shipped = shipped();
    let (_, monthly) = shipped
        .scenarios
        .iter()
        .find(|(_, text)| text.contains(shipped.projections_name))
        .expect("a shipped scenario that reads the projections file");
    let head: String = shipped
        .projections
        .lines()
        .take(5)
        .map(|l| format!("{l}\n"))
        .collect();
    let lines: Vec<&str> = head.lines().collect();
    let mut csvs: Vec<(String, String)> = Vec::new();
    for (row, line) in lines.iter().enumerate() {
        let cells: Vec<&str> = line.split(',').collect();
        for column in 0..cells.len() {
            for v in EXTREMES.iter().chain(SPECIAL) {
                let mut changed = cells.clone();
                changed[column] = v;
                let mut rows = lines.clone();
                let joined = changed.join(",");
                rows[row] = &joined;
                let text: String = rows.iter().map(|l| format!("{l}\n")).collect();
                csvs.push((
                    format!("row {} column {} = {v:?}", row + 1, column + 1),
                    text,
                ));
            }
        }
        for c in SPECIAL {
            let mut rows = lines.clone();
            let joined = format!("{line}{c}");
            rows[row] = &joined;
            let text: String = rows.iter().map(|l| format!("{l}\n")).collect();
            csvs.push((format!("row {} + {c:?}", row + 1), text));
        }
    }
    run_each(csvs.into_iter().map(|(label, csv)| {
        (label, move |scratch: &Scratch| {
            let path = scratch.write(monthly.as_bytes(), csv.as_bytes());
            load_and_run(&path, &[])
        })
    }));
}

/// Numbers at the edges of exact decimal arithmetic, for range ends and steps.
const RANGE_NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "0.5",
    "8e26",
    "-8e26",
    "9999999999999999999999999999",
    "-9999999999999999999999999999",
    "1e-28",
    "0.0000000000000000000000000001",
    "100%",
    "10000%",
    "1e15",
    "999999999999999.99",
    "36500",
];

/// Every `--vary KEY=FROM..TO:STEP` and `--cap FROM..TO:STEP` with ends and steps from
/// [`RANGE_NUMBERS`]: counting a range must not overflow (SPEC §6.24, §7.6), nor must building
/// its first, middle and last values.
#[test]
fn range_extremes_never_panic() {
    let keys = [
        "--cap",
        "share.cap",
        "share.rate",
        "scenario.discount_rate",
        "share.payment_lag_days",
        "stream.API on AWS.growth",
    ];
    let mut checks = Vec::new();
    for key in keys {
        for from in RANGE_NUMBERS {
            for to in RANGE_NUMBERS {
                for step in RANGE_NUMBERS {
                    let (flag, argument) = match key {
                        "--cap" => ("--cap", format!("{from}..{to}:{step}")),
                        _ => ("--vary", format!("{key}={from}..{to}:{step}")),
                    };
                    checks.push((format!("{flag} {argument}"), (flag, argument)));
                }
            }
        }
    }
    run_each(checks.into_iter().map(|(label, (flag, argument))| {
        (label, move |_: &Scratch| {
            if let Ok(v) = parse_varied(flag, &argument, u64::MAX) {
                let n = v.values.len();
                for i in [0, 1, n / 2, n.saturating_sub(2), n.saturating_sub(1)] {
                    if i < n {
                        let value = v.values.get(i);
                        let _ = (value.cell(), value.override_text());
                    }
                }
            }
            Ok(())
        })
    }));
}

/// Every `--set` key with every one of [`EXTREMES`] on the shipped base scenario, loaded,
/// simulated and formatted.
#[test]
fn every_override_with_an_extreme_never_panics() {
    let path = base_scenario();
    let mut checks = Vec::new();
    for key in keys() {
        for value in EXTREMES.iter().chain(VALUES) {
            checks.push(format!("{key}={value}"));
        }
    }
    run_each(checks.into_iter().map(|argument| {
        let path = path.clone();
        (argument.clone(), move |_: &Scratch| {
            match Override::parse(&argument, "--set") {
                Ok(o) => load_and_run(&path, &[o]),
                Err(d) => {
                    let _ = d.render();
                    Ok(())
                }
            }
        })
    }));
}
