//! What a Monte Carlo run draws and how many paths it runs (SPEC §7.3): the scenario file's
//! `[montecarlo]` (`paths`, `seed`, `sampling`) and `[[uncertain]]` tables, then the command
//! line, which wins: a `--draw` of a key the file draws replaces that entry in its place, a new
//! key is appended, and the same key drawn twice (in two tables or two `--draw`s) is refused.
//!
//! An `[[uncertain]]` table names its parameters (`min`, `mode`, `max`, `mean`, `sd`,
//! `median`, `sigma`, `values`, `weights`); it is turned into the `--draw` form and parsed by
//! the same code, so both spellings mean exactly the same draw. Every problem is placed: a
//! file's at its line and column, a `--draw`'s at the argument.

use super::draw::{Draw, DrawError};
use super::sampling::Sampling;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::model::Scenario;
use crate::scenario::Parsed;
use crate::scenario::checker::{Checker, Reported, closest};
use crate::scenario::node::{Kind, Node, Origin};
use crate::scenario::overrides::Key;
use crate::scenario::value::Problem;
use crate::sweep::values::Value;

/// The SPEC's bounds on `paths`.
pub const MAX_PATHS: u64 = 10_000_000;
/// Paths when neither the file nor the command line says.
pub const DEFAULT_PATHS: u64 = 10_000;

/// A draw and where it was written, to place problems found once the scenario is known.
#[derive(Clone, Debug)]
pub struct Placed {
    pub draw: Draw,
    pub at: Place,
}

/// A file position (with the field path of its table) or a command-line argument.
#[derive(Clone, Debug)]
pub enum Place {
    File { location: Location, field: String },
    Argument(String),
}

/// What the scenario file says about Monte Carlo.
#[derive(Clone, Debug, Default)]
pub struct FileSettings {
    pub paths: Option<u64>,
    pub seed: Option<u64>,
    pub sampling: Option<Sampling>,
    pub draws: Vec<Placed>,
}

/// The run's settings, file and command line merged.
#[derive(Clone, Debug)]
pub struct Settings {
    pub paths: u64,
    pub seed: u64,
    pub sampling: Sampling,
    pub draws: Vec<Placed>,
}

impl Settings {
    /// The draw of `share.FIELD`, if that key is drawn.
    pub fn share_draw(&self, field: &str) -> Option<&Draw> {
        self.draws.iter().map(|p| &p.draw).find(
            |d| matches!(&d.key, Key::Table { table, field: f } if *table == "share" && f == field),
        )
    }

    /// The sunset every path has, when it is not drawn: the date the tables mark as such.
    pub fn fixed_sunset(&self, base: &Scenario) -> Option<jiff::civil::Date> {
        self.share_draw("sunset")
            .is_none()
            .then_some(base.share.sunset)
    }
}

/// The command line's part.
#[derive(Clone, Debug, Default)]
pub struct Arguments<'a> {
    pub paths: Option<&'a str>,
    pub seed: Option<&'a str>,
    pub sampling: Option<Sampling>,
    pub draws: &'a [String],
}

const MONTECARLO_KEYS: &[&str] = &["paths", "seed", "sampling"];
const UNCERTAIN_KEYS: &[&str] = &[
    "key", "dist", "min", "mode", "max", "mean", "sd", "median", "sigma", "values", "weights",
];

/// The parameters of each distribution in `--draw` order; `normal` also takes `min`, `max`.
fn parameter_names(dist: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match dist {
        "uniform" => (&["min", "max"], &[]),
        "triangular" | "pert" => (&["min", "mode", "max"], &[]),
        "normal" => (&["mean", "sd"], &["min", "max"]),
        "lognormal" => (&["median", "sigma"], &[]),
        "discrete" => (&["values", "weights"], &[]),
        _ => return None,
    })
}

/// Reads `[montecarlo]` and `[[uncertain]]`, reporting every problem at once.
pub fn read(parsed: &Parsed) -> Result<FileSettings> {
    let (settings, diagnostics) = read_all(parsed);
    if diagnostics.iter().any(Diagnostic::is_error) {
        Err(Error::Invalid(diagnostics))
    } else {
        Ok(settings)
    }
}

/// [`read`]'s settings (the tables that read well) and every problem found.
fn read_all(parsed: &Parsed) -> (FileSettings, Vec<Diagnostic>) {
    let mut c = Checker::new(parsed.source());
    let mut settings = FileSettings::default();
    let entries = parsed.document().entries().unwrap_or_default();
    let top = |key: &str| {
        entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    };
    if let Some(node) = top("montecarlo") {
        read_montecarlo(&mut c, node, &mut settings);
    }
    if let Some(node) = top("uncertain") {
        read_uncertain(&mut c, node, &mut settings);
    }
    (settings, c.diagnostics)
}

fn read_montecarlo(c: &mut Checker<'_>, node: &Node, settings: &mut FileSettings) {
    let Ok(fields) = c.table(node, "montecarlo", MONTECARLO_KEYS) else {
        return;
    };
    settings.paths = c
        .optional(&fields, "paths", |n| paths(&text_of(n)?))
        .ok()
        .flatten();
    settings.seed = c
        .optional(&fields, "seed", |n| seed(&text_of(n)?))
        .ok()
        .flatten();
    settings.sampling = c
        .optional(&fields, "sampling", |n| match &n.kind {
            Kind::Str(s) => sampling(s),
            other => Err(crate::scenario::value::type_problem(
                other,
                "\"lhs\" or \"random\"",
            )),
        })
        .ok()
        .flatten();
}

fn read_uncertain(c: &mut Checker<'_>, node: &Node, settings: &mut FileSettings) {
    let Kind::Array(items) = &node.kind else {
        c.error(
            &node.origin,
            "uncertain",
            "wrong type",
            node.kind.type_name().into(),
            "[[uncertain]] tables".into(),
        );
        return;
    };
    // Each key's first table, by the key as written: a second table of the same key is
    // refused even when the first has problems of its own.
    let mut seen: Vec<(Key, String)> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = format!("uncertain[{}]", i + 1);
        let key = item
            .entries()
            .and_then(|e| e.iter().rev().find(|e| e.key == "key"))
            .and_then(|e| match &e.value.kind {
                Kind::Str(text) => Key::parse(text.trim()),
                _ => None,
            });
        if let Some(key) = key {
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                c.error(
                    &key_origin(item),
                    &format!("{path}.key"),
                    "key drawn twice",
                    format!("\"{}\", already drawn by {first}", key.text()),
                    "each key in one [[uncertain]] table only".into(),
                );
                continue;
            }
            seen.push((key, path.clone()));
        }
        if let Ok(placed) = read_entry(c, item, &path) {
            settings.draws.push(placed);
        }
    }
}

/// Where an entry's `key` is written, else the entry itself.
fn key_origin(item: &Node) -> Origin {
    item.entries()
        .and_then(|e| e.iter().rev().find(|e| e.key == "key"))
        .map_or_else(|| item.origin.clone(), |e| e.value.origin.clone())
}

/// One `[[uncertain]]` table as a draw.
fn read_entry(c: &mut Checker<'_>, item: &Node, path: &str) -> Result<Placed, Reported> {
    let fields = c.table(item, path, UNCERTAIN_KEYS)?;
    let string = |n: &Node| match &n.kind {
        Kind::Str(s) => Ok(s.clone()),
        other => Err(crate::scenario::value::type_problem(other, "a string")),
    };
    let key = c.required(&fields, "key", "a --set key, such as \"share.cap\"", string)?;
    let dist = c.required(
        &fields,
        "dist",
        "uniform, triangular, pert, normal, lognormal or discrete",
        string,
    )?;
    let dist_origin = fields
        .get("dist")
        .map_or(item.origin.clone(), |n| n.origin.clone());
    let Some((required, optional)) = parameter_names(&dist) else {
        return Err(c.error(
            &dist_origin,
            &format!("{path}.dist"),
            "unknown distribution",
            format!("\"{dist}\""),
            format!(
                "uniform, triangular, pert, normal, lognormal or discrete{}",
                {
                    let known = [
                        "uniform",
                        "triangular",
                        "pert",
                        "normal",
                        "lognormal",
                        "discrete",
                    ];
                    closest(&dist, &known)
                        .map(|b| format!(" (did you mean \"{b}\"?)"))
                        .unwrap_or_default()
                }
            ),
        ));
    };
    for entry in fields.entries {
        let name = entry.key.as_str();
        let allowed =
            ["key", "dist"].contains(&name) || required.contains(&name) || optional.contains(&name);
        if !allowed && UNCERTAIN_KEYS.contains(&name) {
            c.error(
                &entry.key_origin,
                &format!("{path}.{name}"),
                &format!("{dist} takes no `{name}`"),
                format!("`{name}`"),
                format!("{dist}'s parameters: {}", names(required, optional)),
            );
        }
    }
    let mut params = Vec::new();
    for name in required {
        let what = format!("{dist}'s `{name}`");
        params.extend(c.required(&fields, name, &what, |n| parameter(n, name))?);
    }
    let given: Vec<_> = optional
        .iter()
        .filter(|n| fields.get(n).is_some())
        .collect();
    if !given.is_empty() && given.len() != optional.len() {
        return Err(c.error(
            &dist_origin,
            &format!("{path}.dist"),
            &format!("{dist} takes {} together", optional.join(" and ")),
            format!("only `{}`", given[0]),
            format!(
                "both {} (a truncated {dist}) or neither",
                optional.join(" and ")
            ),
        ));
    }
    for name in given {
        params.extend(
            c.optional(&fields, name, |n| parameter(n, name))?
                .unwrap_or_default(),
        );
    }
    let params = if dist == "discrete" {
        pair_values(c, &fields, path, &params)?
    } else {
        params
    };
    let text = format!("{key}={dist}({})", params.join(","));
    let location = c.location(&dist_origin);
    match Draw::parse(&text) {
        Ok(draw) => Ok(Placed {
            draw,
            at: Place::File {
                location,
                field: path.to_owned(),
            },
        }),
        Err(DrawError { message, expected }) => {
            // Point at the parameter the message names (`max`), else at the key or the dist.
            let named = UNCERTAIN_KEYS[2..]
                .iter()
                .find(|n| message.contains(&format!("`{n}`")))
                .or_else(|| message.starts_with("weight").then_some(&"weights"))
                .and_then(|n| fields.get(n));
            let origin = match named {
                Some(node) => node.origin.clone(),
                None if message == "unknown key" => key_origin(item),
                None => dist_origin,
            };
            Err(c.error(&origin, path, &message, text, expected))
        }
    }
}

fn names(required: &[&str], optional: &[&str]) -> String {
    let mut all = required.join(", ");
    if !optional.is_empty() {
        all.push_str(&format!(" (and optionally {})", optional.join(", ")));
    }
    all
}

/// `discrete`'s `values` and `weights` lists (read as the first two "parameters", each a
/// list) as `VALUE:WEIGHT` items.
fn pair_values(
    c: &mut Checker<'_>,
    fields: &crate::scenario::checker::Fields<'_>,
    path: &str,
    params: &[String],
) -> Result<Vec<String>, Reported> {
    let list = |name: &str| match fields.get(name).map(|n| &n.kind) {
        Some(Kind::Array(items)) => Some(items),
        _ => None,
    };
    let (Some(values), Some(weights)) = (list("values"), list("weights")) else {
        return Ok(Vec::new());
    };
    if values.len() != weights.len() || values.is_empty() {
        return Err(c.error(
            &fields.origin,
            &format!("{path}.weights"),
            "values and weights differ in length",
            format!("{} values, {} weights", values.len(), weights.len()),
            "one positive weight per value, at least one value".into(),
        ));
    }
    let (values, weights) = params.split_at(values.len());
    Ok(values
        .iter()
        .zip(weights)
        .map(|(v, w)| format!("{v}:{w}"))
        .collect())
}

/// A parameter's text in the `--draw` grammar; a list (`values`, `weights`) gives each item.
fn parameter(node: &Node, name: &str) -> Result<Vec<String>, Problem> {
    match (&node.kind, name) {
        (Kind::Array(items), "values" | "weights") => items.iter().map(text_of).collect(),
        (_, "values" | "weights") => Err(crate::scenario::value::type_problem(
            &node.kind,
            "a list, such as [\"20B\", \"38B\", \"none\"]",
        )),
        _ => text_of(node).map(|t| vec![t]),
    }
}

/// A scalar as the text a `--draw` would hold: strings as written, numbers as their literal,
/// dates in ISO form, booleans as `true`/`false`.
fn text_of(node: &Node) -> Result<String, Problem> {
    let text = match &node.kind {
        Kind::Str(s) => s.trim().to_owned(),
        Kind::Integer { literal, .. } => literal.replace('_', ""),
        Kind::Float(literal) => literal.replace('_', ""),
        Kind::Bool(b) => b.to_string(),
        Kind::Datetime(_) => crate::scenario::value::date(node)?.to_string(),
        other => {
            return Err(crate::scenario::value::type_problem(
                other,
                "a value in the key's grammar",
            ));
        }
    };
    if text.contains([',', '(', ')']) {
        return Err(Problem::new(
            "a parameter holds a separator",
            format!("\"{text}\""),
            "a value without `,` or parentheses, such as \"38B\" or \"38000000000\"",
        ));
    }
    Ok(text)
}

/// `paths`: 1 to 10,000,000.
pub fn paths(text: &str) -> Result<u64, Problem> {
    match text.trim().replace('_', "").parse::<u64>() {
        Ok(n) if (1..=MAX_PATHS).contains(&n) => Ok(n),
        _ => Err(Problem::new(
            "paths out of range",
            format!("\"{text}\""),
            "a whole number from 1 to 10,000,000",
        )),
    }
}

/// `seed`: any u64 (above 2^63 − 1 a TOML file writes it as a string).
pub fn seed(text: &str) -> Result<u64, Problem> {
    text.trim().replace('_', "").parse::<u64>().map_err(|_| {
        Problem::new(
            "bad seed",
            format!("\"{text}\""),
            "a whole number from 0 to 18446744073709551615",
        )
    })
}

fn sampling(text: &str) -> Result<Sampling, Problem> {
    match text {
        "lhs" => Ok(Sampling::Lhs),
        "random" => Ok(Sampling::Random),
        other => Err(Problem::new(
            "unknown sampling",
            format!("\"{other}\""),
            "\"lhs\" (Latin hypercube) or \"random\"",
        )),
    }
}

/// Merges the command line into the file's settings (the command line wins).
pub fn merge(file: FileSettings, args: &Arguments<'_>) -> Result<Settings> {
    let mut problems = Vec::new();
    let argument = |flag: &str, text: &str, p: Problem| {
        Diagnostic::error(p.message)
            .at(Location::Argument(format!("{flag} {text}")))
            .found(p.found)
            .expected(p.expected)
    };
    let paths = match args.paths.map(|t| (t, paths(t))) {
        Some((_, Ok(n))) => n,
        Some((t, Err(p))) => {
            problems.push(argument("--paths", t, p));
            0
        }
        None => file.paths.unwrap_or(DEFAULT_PATHS),
    };
    let seed = match args.seed.map(|t| (t, seed(t))) {
        Some((_, Ok(n))) => n,
        Some((t, Err(p))) => {
            problems.push(argument("--seed", t, p));
            0
        }
        None => file.seed.unwrap_or(1),
    };
    let mut draws = file.draws;
    let mut from_arguments: Vec<Key> = Vec::new();
    for text in args.draws {
        let placed = match Draw::parse(text) {
            Ok(draw) => Placed {
                draw,
                at: Place::Argument(format!("--draw {text}")),
            },
            Err(DrawError { message, expected }) => {
                problems.push(argument(
                    "--draw",
                    text,
                    Problem::new(&message, format!("\"{text}\""), expected),
                ));
                continue;
            }
        };
        let key = placed.draw.key.clone();
        if from_arguments.contains(&key) {
            problems.push(argument(
                "--draw",
                text,
                Problem::new(
                    "key drawn twice",
                    format!("a second --draw of {}", key.text()),
                    "each key in one --draw only",
                ),
            ));
            continue;
        }
        from_arguments.push(key.clone());
        match draws.iter_mut().find(|p| p.draw.key == key) {
            Some(slot) => *slot = placed,
            None => draws.push(placed),
        }
    }
    if problems.is_empty() {
        Ok(Settings {
            paths,
            seed,
            sampling: args.sampling.or(file.sampling).unwrap_or(Sampling::Lhs),
            draws,
        })
    } else {
        Err(Error::Invalid(problems))
    }
}

/// Checks the draws against the scenario they will change (SPEC §7.3): a stream or cloud
/// must exist (with a did-you-mean), and a drawn cap cannot go below `paid_before`.
pub fn check(draws: &[Placed], scenario: &Scenario, file: &std::path::Path) -> Result<()> {
    let mut problems = Vec::new();
    let streams: Vec<&str> = scenario.streams.iter().map(|s| s.name.as_str()).collect();
    let mut clouds: Vec<&str> = scenario.streams.iter().map(|s| s.cloud.as_str()).collect();
    clouds.dedup();
    for placed in draws {
        let problem = match &placed.draw.key {
            Key::Stream { name, .. } if !streams.contains(&name.as_str()) => {
                Some(unknown("stream", name, &streams))
            }
            Key::Cloud { name, .. } if !clouds.contains(&name.as_str()) => {
                Some(unknown("cloud", name, &clouds))
            }
            Key::Table { table, field } if *table == "share" && field == "cap" => {
                below_paid_before(&placed.draw, scenario)
            }
            _ => None,
        };
        if let Some(p) = problem {
            problems.push(placed.diagnostic(p, file));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

/// `validate`'s check of a scenario file's `[montecarlo]` and `[[uncertain]]` tables: every
/// problem, placed in the file. The draws are checked against the scenario only when it is
/// valid (`scenario`); their own syntax always is.
pub fn problems(path: &std::path::Path, scenario: Option<&Scenario>) -> Vec<Diagnostic> {
    let Ok(parsed) = crate::scenario::parse(path) else {
        return Vec::new();
    };
    // The draws that read well are checked against the scenario even when others did not.
    let (file, mut found) = read_all(&parsed);
    let checked = scenario.map_or(Ok(()), |s| check(&file.draws, s, path));
    match checked {
        Err(Error::Invalid(mut more)) => found.append(&mut more),
        Err(other) => found.push(Diagnostic::error(other.render().trim().to_owned()).file(path)),
        Ok(()) => {}
    }
    found.sort_by_key(Diagnostic::sort_key);
    found
}

fn unknown(what: &str, name: &str, known: &[&str]) -> Problem {
    let hint = closest(name, known)
        .map(|b| format!(" (did you mean \"{b}\"?)"))
        .unwrap_or_default();
    Problem::new(
        format!("no {what} named \"{name}\""),
        format!("\"{name}\""),
        format!("one of the scenario's {what}s{hint}"),
    )
}

/// A drawn cap whose smallest value is below `paid_before` (SPEC §7.2, §7.3).
fn below_paid_before(draw: &Draw, scenario: &Scenario) -> Option<Problem> {
    let paid_before = scenario.share.paid_before;
    match draw.extremes().0 {
        Value::Cap(Some(low)) if low < paid_before => Some(Problem::new(
            "the drawn cap's support goes below paid_before",
            format!(
                "a smallest cap of {}, paid_before {}",
                crate::output::format::money_label(low, &scenario.currency),
                crate::output::format::money_label(paid_before, &scenario.currency)
            ),
            "a distribution whose values are all at least paid_before",
        )),
        _ => None,
    }
}

impl Placed {
    /// A problem with this draw, placed where it was written.
    pub fn diagnostic(&self, p: Problem, file: &std::path::Path) -> Diagnostic {
        let d = Diagnostic::error(p.message)
            .found(p.found)
            .expected(p.expected);
        match &self.at {
            Place::File { location, field } => d.file(file).at(location.clone()).field(field),
            Place::Argument(a) => d.at(Location::Argument(a.clone())),
        }
    }
}
