//! From the document tree to a valid [`Scenario`], collecting every problem (SPEC §5, §6).

use super::checker::{Checker, Reported, closest, join};
use super::node::{Kind, Node, Origin};
use super::overrides::{Key, Override};
use super::projections::{CsvStream, ProjectionsCache};
use super::source::Source;
use super::streams::{TomlStream, read_stream, stream_name, stream_path, warn_bare_growth};
use super::value::{self, ParsedRate, Problem};
use crate::dates::add_days;
use crate::error::{Diagnostic, Location};
use crate::model::{Parties, PeriodKind, Scenario, Share, Stream};
use crate::money::{Money, Rate};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

/// `montecarlo` and `uncertain` belong to `revshare mc` (SPEC §7.3): every other command
/// accepts and ignores them, and `crate::montecarlo::config` reads them.
const TOP_KEYS: &[&str] = &[
    "scenario",
    "share",
    "stream",
    "revenue",
    "cloud",
    "montecarlo",
    "uncertain",
];
const SCENARIO_KEYS: &[&str] = &[
    "name",
    "description",
    "currency",
    "start",
    "end",
    "period",
    "discount_rate",
    "valuation_date",
    "projections",
];
const SHARE_KEYS: &[&str] = &[
    "rate",
    "cap",
    "effective",
    "sunset",
    "payment_lag_days",
    "clouds",
    "payer",
    "payee",
    "paid_before",
];

/// What validation produced: the model if nothing was wrong, every diagnostic (errors and
/// warnings) and the projections file read, if any.
pub struct Built {
    /// A revenue scale other than 1 changed some blocks (SPEC §7.1).
    pub scaled: bool,
    pub scenario: Option<Scenario>,
    pub diagnostics: Vec<Diagnostic>,
    pub projections: Option<Source>,
}

/// The `[scenario]` table's values.
struct Horizon {
    name: String,
    description: Option<String>,
    currency: String,
    start: Date,
    end: Date,
    period: PeriodKind,
    discount_rate: Rate,
    valuation_date: Date,
}

/// Validates the whole document. `stream_overrides` are the `--set stream.NAME.*` that name no
/// `[[stream]]` of the file: they may name CSV streams.
pub fn build(
    source: &Source,
    document: &Node,
    stream_overrides: &[Override],
    files: &ProjectionsCache,
    memo: &StreamMemo,
) -> Built {
    let mut c = Checker::new(source);
    let mut projections_source = None;
    let top = c.table(document, "", TOP_KEYS).ok();
    let get = |key: &str| top.as_ref().and_then(|t| t.get(key));
    let file_start = Origin::Toml(0..0);

    let scenario_node = get("scenario");
    if scenario_node.is_none() {
        c.error(
            &file_start,
            "scenario",
            "missing [scenario] table",
            "no [scenario] table".into(),
            "a [scenario] table with at least start and end".into(),
        );
    }
    let horizon = scenario_node.and_then(|n| read_horizon(&mut c, n).ok());
    let share_node = get("share");
    if share_node.is_none() {
        c.error(
            &file_start,
            "share",
            "missing [share] table",
            "no [share] table".into(),
            "a [share] table with at least rate".into(),
        );
    }
    let share = share_node.and_then(|n| read_share(&mut c, n, horizon.as_ref()).ok());

    let end_year = horizon.as_ref().map(|h| h.end.year());
    let mut toml_streams: Vec<TomlStream> = Vec::new();
    let mut streams_ok = true;
    if let Some(node) = get("stream") {
        match &node.kind {
            Kind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let (stream, diagnostics) = memo.read(source, i, item, end_year);
                    c.diagnostics.extend(diagnostics);
                    match stream {
                        Some(s) => toml_streams.push(s),
                        None => streams_ok = false,
                    }
                }
            }
            other => {
                c.error(
                    &node.origin,
                    "stream",
                    "wrong type",
                    other.type_name().into(),
                    "[[stream]] entries (an array of tables)".into(),
                );
                streams_ok = false;
            }
        }
    }
    let stream_items: &[Node] = match get("stream").map(|n| &n.kind) {
        Some(Kind::Array(items)) => items,
        _ => &[],
    };
    check_unique_names(&mut c, stream_items);

    // Projections CSV streams come after the [[stream]] entries (SPEC §6.13).
    let mut csv_streams: Vec<CsvStream> = Vec::new();
    let projections = scenario_node
        .and_then(|n| n.entries())
        .and_then(|e| e.iter().rev().find(|e| e.key == "projections"));
    // When the projections file cannot be used, checks that depend on its streams (clouds in
    // use, stream names for `--set`) are skipped: they would only add misleading follow-on
    // errors (SPEC §6.25).
    let mut csv_failed = false;
    if let Some(entry) = projections {
        match value::string(&entry.value) {
            Err(p) => {
                c.problem(&entry.value.origin, "scenario.projections", p);
                csv_failed = true;
            }
            Ok(relative) => match load_projections(&mut c, &entry.value, &relative, files) {
                None => csv_failed = true,
                Some(p) => {
                    csv_failed = p.diagnostics.iter().any(Diagnostic::is_error);
                    c.diagnostics.extend(p.diagnostics.iter().cloned());
                    check_csv_names(&mut c, &p.source, &p.streams, stream_items);
                    csv_streams = p.streams.clone();
                    projections_source = Some(p.source.clone());
                }
            },
        }
    }
    streams_ok &= !csv_failed;
    let mut csv_scales = Vec::new();
    if !csv_failed {
        let names: Vec<String> = (toml_streams.iter().map(|s| &s.stream))
            .chain(csv_streams.iter().map(|s| &s.stream))
            .map(|s| format!("\"{}\"", s.name))
            .collect();
        csv_scales = apply_csv_overrides(&mut c, &mut csv_streams, stream_overrides, &names);
    }

    let mut streams: Vec<Stream> = toml_streams.iter().map(|s| s.stream.clone()).collect();
    streams.extend(csv_streams.iter().map(|s| s.stream.clone()));
    // SPEC §7.1: scales multiply the blocks; a cloud scale must name a cloud in use (checked
    // only when the projections file could be read, like the share's cloud list).
    let clouds_in_use = clouds_named(get("stream"), &streams);
    let mut scales = super::scales::read(
        &mut c,
        get("revenue"),
        get("cloud").filter(|_| !csv_failed),
        stream_items,
        &clouds_in_use,
    );
    scales.streams.extend(csv_scales);
    if streams_ok && super::scales::apply(&mut c, &scales, &mut streams).is_err() {
        streams_ok = false;
    }
    if let Some(node) = share_node {
        if !csv_failed {
            check_clouds(
                &mut c,
                node,
                &clouds_in_use,
                &streams,
                horizon.as_ref().filter(|_| streams_ok),
            );
        }
    }
    if let (Some(h), Some(s)) = (&horizon, &share) {
        warn_window(&mut c, scenario_node, h, s);
    }
    warn_long_floats(&mut c, document);

    let scenario = match (horizon, share, streams_ok) {
        (Some(h), Some(share), true) if !c.diagnostics.iter().any(Diagnostic::is_error) => {
            Some(Scenario {
                name: h.name,
                description: h.description,
                currency: h.currency,
                start: h.start,
                end: h.end,
                period: h.period,
                discount_rate: h.discount_rate,
                valuation_date: h.valuation_date,
                share,
                streams,
                scales: scales.stated(),
            })
        }
        _ => None,
    };
    if let (Some(s), Some(node)) = (&scenario, share_node) {
        super::units::warn_cap_units(&mut c, node, s);
    }
    Built {
        scaled: scales.any(),
        scenario,
        diagnostics: c.diagnostics,
        projections: projections_source,
    }
}

/// `[[stream]]` entries validated by earlier builds from the same parsed file. A stream entry's
/// model and diagnostics depend only on the entry and the horizon's last year, so a sweep case
/// that changes the share, or one stream's growth, validates only what it changed.
#[derive(Debug, Default)]
pub struct StreamMemo(Mutex<Vec<Option<StreamRead>>>);

/// One entry as read: the entry, the horizon's last year, and what reading it gave.
#[derive(Clone, Debug)]
struct StreamRead {
    item: Node,
    end_year: Option<i16>,
    stream: Option<TomlStream>,
    diagnostics: Vec<Diagnostic>,
}

impl StreamMemo {
    /// [`read_stream`] and [`warn_bare_growth`] on entry `index`, or what they gave before
    /// for an identical entry and last year.
    fn read(
        &self,
        source: &Source,
        index: usize,
        item: &Node,
        end_year: Option<i16>,
    ) -> (Option<TomlStream>, Vec<Diagnostic>) {
        let same = |r: &StreamRead| r.end_year == end_year && r.item == *item;
        if let Ok(reads) = self.0.lock()
            && let Some(Some(read)) = reads.get(index)
            && same(read)
        {
            return (read.stream.clone(), read.diagnostics.clone());
        }
        let mut c = Checker::new(source);
        let stream = read_stream(&mut c, item, index, end_year);
        if let Some(s) = &stream {
            warn_bare_growth(&mut c, item, &s.path);
        }
        if let Ok(mut reads) = self.0.lock() {
            if reads.len() <= index {
                reads.resize(index + 1, None);
            }
            // The first read of each entry stays: in a sweep it is the one most cases share.
            if reads[index].is_none() {
                reads[index] = Some(StreamRead {
                    item: item.clone(),
                    end_year,
                    stream: stream.clone(),
                    diagnostics: c.diagnostics.clone(),
                });
            }
        }
        (stream, c.diagnostics)
    }
}

/// Reads the projections CSV named at `node`. A file that cannot be read at all is reported at
/// the `projections` line of the scenario, naming the path it resolved to.
fn load_projections(
    c: &mut Checker<'_>,
    node: &Node,
    relative: &str,
    files: &ProjectionsCache,
) -> Option<std::sync::Arc<super::projections::Projections>> {
    let field = "scenario.projections";
    if relative.trim().is_empty() {
        c.error(
            &node.origin,
            field,
            "empty projections path",
            node.describe(),
            "the path of a CSV file, relative to the scenario file".into(),
        );
        return None;
    }
    let dir = c.source.path.parent().unwrap_or(std::path::Path::new(""));
    let path = dir.join(relative);
    match files.read(&path) {
        Ok(p) => Some(p),
        Err(d) if matches!(d.location, Location::Csv { .. }) => {
            // A place inside the CSV (a NUL byte): reported there.
            c.diagnostics.push(*d);
            None
        }
        Err(d) => {
            let reason = d.found.clone().unwrap_or_default();
            c.error(
                &node.origin,
                field,
                &d.message,
                format!("{} ({reason})", path.display()),
                d.expected
                    .clone()
                    .unwrap_or_else(|| "a readable projections CSV".into()),
            );
            None
        }
    }
}

fn read_horizon(c: &mut Checker<'_>, node: &Node) -> Result<Horizon, Reported> {
    let f = c.table(node, "scenario", SCENARIO_KEYS)?;
    let name = c.optional(&f, "name", value::string);
    let description = c.optional(&f, "description", value::string);
    let currency = c.optional(&f, "currency", value::string);
    let start = c.required(
        &f,
        "start",
        "the first day of the horizon, such as 2026-01-01",
        value::date,
    );
    let end = c.required(
        &f,
        "end",
        "the last day of the horizon, such as 2032-12-31",
        value::date,
    );
    let period = c.optional(&f, "period", value::period);
    let discount_rate = c
        .optional(&f, "discount_rate", value::bounded_rate)
        .map(|r| {
            r.map(|r| {
                warn_bare_rate(c, f.get("discount_rate"), "scenario.discount_rate", r);
                r.value
            })
        });
    let valuation_date = c.optional(&f, "valuation_date", value::date);
    let (start, end) = (start?, end?);
    if end < start {
        let origin = f.get("end").map_or(f.origin.clone(), |n| n.origin.clone());
        c.error(
            &origin,
            "scenario.end",
            "`end` is before `start`",
            format!("end {end}, start {start}"),
            format!("an end on or after {start}"),
        );
        return Err(Reported);
    }
    let stem = c
        .source
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Horizon {
        name: name?.unwrap_or(stem),
        description: description?,
        currency: currency?.unwrap_or_else(|| "USD".into()),
        start,
        end,
        period: period?.unwrap_or(PeriodKind::Quarter),
        discount_rate: Rate(discount_rate?.unwrap_or(Decimal::ZERO)),
        valuation_date: valuation_date?.unwrap_or(start),
    })
}

/// SPEC §6.31: a discount rate written as a bare number above 1 gets a warning.
fn warn_bare_rate(c: &mut Checker<'_>, node: Option<&Node>, field: &str, rate: ParsedRate) {
    let Some(node) = node else { return };
    if rate.bare && rate.value > Decimal::ONE {
        // Bounded to 10,000% (SPEC §7.6), so the product cannot overflow.
        let percent = rate.value * Decimal::ONE_HUNDRED;
        c.warn(
            &node.origin,
            field,
            "rate written as a bare number above 1",
            format!("{} (= {percent}%)", node.describe()),
            format!(
                "a percentage such as \"{}%\" if that was meant",
                rate.value.normalize()
            ),
        );
    }
}

fn read_share(
    c: &mut Checker<'_>,
    node: &Node,
    horizon: Option<&Horizon>,
) -> Result<Share, Reported> {
    let f = c.table(node, "share", SHARE_KEYS)?;
    let rate = c.required(
        &f,
        "rate",
        "the share of qualifying revenue, such as \"20%\"",
        share_rate,
    );
    let cap = c.optional(&f, "cap", value::cap);
    let paid_before = c.optional(&f, "paid_before", value::paid_before);
    let effective = c.optional(&f, "effective", value::date);
    let sunset = c.optional(&f, "sunset", value::date);
    let lag = c.optional(&f, "payment_lag_days", value::days);
    let clouds = c.optional(&f, "clouds", |n| {
        cloud_list(n).map(|v| v.into_iter().map(|(s, _)| s).collect::<Vec<_>>())
    });
    let payer = c.optional(&f, "payer", party);
    let payee = c.optional(&f, "payee", party);
    let horizon = horizon.ok_or(Reported)?;
    // The window and the lag are checked even when another value failed, so one pass
    // reports every problem.
    let window = match (&effective, &sunset) {
        (Ok(e), Ok(s)) => {
            let (effective, sunset) = (e.unwrap_or(horizon.start), s.unwrap_or(horizon.end));
            if sunset < effective {
                let origin = f
                    .get("sunset")
                    .or(f.get("effective"))
                    .map_or(f.origin.clone(), |n| n.origin.clone());
                Err(c.error(
                    &origin,
                    "share.sunset",
                    "`sunset` is before `effective`",
                    format!("sunset {sunset}, effective {effective}"),
                    format!("a sunset on or after {effective}"),
                ))
            } else {
                Ok((effective, sunset))
            }
        }
        _ => Err(Reported),
    };
    let lag = lag.and_then(|lag| {
        let lag = lag.unwrap_or(0);
        if add_days(horizon.end, lag).is_none() {
            let origin = f
                .get("payment_lag_days")
                .map_or(f.origin.clone(), |n| n.origin.clone());
            return Err(c.error(
                &origin,
                "share.payment_lag_days",
                "payment lag pushes cash dates past 9999-12-31",
                lag.to_string(),
                "a lag that keeps cash dates within the calendar".into(),
            ));
        }
        Ok(lag)
    });
    let (rate, cap, (effective, sunset), lag, clouds) = (rate?, cap?, window?, lag?, clouds?);
    let cap = cap.flatten();
    let paid_before = check_paid_before(c, &f, cap, paid_before?.unwrap_or(Money::ZERO))?;
    let parties = Parties {
        payer: payer?,
        payee: payee?,
    };
    Ok(Share {
        rate: Rate(rate),
        cap,
        paid_before,
        effective,
        sunset,
        payment_lag_days: lag,
        clouds,
        parties,
    })
}

/// The warning for a `paid_before` with no cap; a sweep that varies the cap counts it per case.
pub const PAID_BEFORE_UNCAPPED: &str = "`paid_before` without a cap changes nothing";

/// SPEC §7.2: `paid_before` may not exceed the cap (exit 2 naming both); without a cap it
/// changes nothing, which deserves a warning when it is not 0.
fn check_paid_before(
    c: &mut Checker<'_>,
    f: &super::checker::Fields<'_>,
    cap: Option<Money>,
    paid_before: Money,
) -> Result<Money, Reported> {
    let origin = f
        .get("paid_before")
        .map_or(f.origin.clone(), |n| n.origin.clone());
    match cap {
        Some(cap) if paid_before > cap => Err(c.error(
            &origin,
            "share.paid_before",
            "`paid_before` is above the cap",
            format!("paid_before {paid_before}, cap {cap}"),
            format!("at most the cap, {cap}: what was paid before counts toward it"),
        )),
        None if !paid_before.is_zero() => {
            let (found, expected) = paid_before_uncapped_text(paid_before);
            c.warn(
                &origin,
                "share.paid_before",
                PAID_BEFORE_UNCAPPED,
                found,
                expected,
            );
            Ok(paid_before)
        }
        _ => Ok(paid_before),
    }
}

/// The [`PAID_BEFORE_UNCAPPED`] warning's "found" and "expected": also formed by the Monte
/// Carlo fast path for a path whose drawn cap is `none`.
pub fn paid_before_uncapped_text(paid_before: Money) -> (String, String) {
    (
        format!("paid_before {paid_before}, no cap"),
        "a cap for it to count toward, or no paid_before".into(),
    )
}

/// A payer or payee name: a non-empty label that fits on a report's headline line.
fn party(node: &Node) -> Result<String, Problem> {
    let name = value::string(node)?;
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 60 || trimmed.chars().any(char::is_control) {
        return Err(Problem::new(
            "a payer or payee must be a short name",
            format!("{name:?}"),
            "a name of 1 to 60 characters without line breaks, such as \"OpenAI\"",
        ));
    }
    Ok(trimmed.to_owned())
}

/// SPEC §1.1, §6.4: `share.rate` in [0, 1]; `rate = 20` is out of range, suggest `"20%"`.
fn share_rate(node: &Node) -> Result<Decimal, Problem> {
    let r = value::rate(node)?;
    if r.value < Decimal::ZERO || r.value > Decimal::ONE {
        let hint = if r.bare && r.value > Decimal::ONE && r.value <= Decimal::ONE_HUNDRED {
            format!(" (did you mean \"{}%\"?)", r.value.normalize())
        } else {
            String::new()
        };
        return Err(Problem::new(
            "rate out of range",
            node.describe(),
            format!("a rate from 0% to 100%{hint}"),
        ));
    }
    Ok(r.value)
}

/// `share.clouds`: an array of strings, each with its own origin for later checks.
fn cloud_list(node: &Node) -> Result<Vec<(String, Origin)>, Problem> {
    let Kind::Array(items) = &node.kind else {
        return Err(value::type_problem(
            &node.kind,
            "an array of cloud labels such as [\"azure\", \"aws\"]",
        ));
    };
    items
        .iter()
        .map(|item| value::string(item).map(|s| (s, item.origin.clone())))
        .collect()
}

/// Stream names are unique across the scenario. Checked on every entry that has a name, even
/// one with other errors, so one pass reports every problem; one hash map keeps it linear.
fn check_unique_names(c: &mut Checker<'_>, items: &[Node]) {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Some((name, node)) = stream_name(item) else {
            continue;
        };
        if let Some(&first) = first.get(name) {
            c.error(
                &node.origin,
                &join(&stream_path(item, i), "name"),
                "duplicate stream name",
                format!("\"{name}\""),
                format!(
                    "a name not already used by {}",
                    stream_path(&items[first], first)
                ),
            );
        } else {
            first.insert(name, i);
        }
    }
}

fn check_csv_names(c: &mut Checker<'_>, csv_source: &Source, csv: &[CsvStream], items: &[Node]) {
    let mut toml_names: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        if let Some((name, _)) = stream_name(item) {
            toml_names.entry(name).or_insert(i);
        }
    }
    for s in csv {
        if let Some(&t) = toml_names.get(s.stream.name.as_str()) {
            c.diagnostics.push(
                Diagnostic::error("stream is defined twice")
                    .file(&csv_source.path)
                    .at(Location::Csv { row: s.first_row, column: Some("stream".into()) })
                    .found(format!("\"{}\", already a [[stream]] ({})", s.stream.name, stream_path(&items[t], t)))
                    .expected("a stream defined either in the scenario file or in the projections file, not both"),
            );
        }
    }
}

/// `--set stream.NAME.qualifying` on CSV streams; `growth` does not apply to them (SPEC §6.7).
fn apply_csv_overrides(
    c: &mut Checker<'_>,
    csv: &mut [CsvStream],
    overrides: &[Override],
    names: &[String],
) -> Vec<(String, Decimal, Origin)> {
    let mut scales = Vec::new();
    for o in overrides {
        let Key::Stream { name, field } = &o.key else {
            continue;
        };
        let diagnostic = |message: String, found: String, expected: String| {
            Diagnostic::error(message)
                .file(&c.source.path)
                .at(Location::Argument(o.argument.clone()))
                .found(found)
                .expected(expected)
        };
        match csv.iter_mut().find(|s| s.stream.name == *name) {
            None => {
                let d = diagnostic(
                    format!("no stream named \"{name}\""),
                    format!("\"{name}\""),
                    format!(
                        "one of the scenario's streams: {}{}",
                        list_for_message(&names.iter().map(String::as_str).collect::<Vec<_>>()),
                        suggestion(name, names)
                    ),
                );
                c.diagnostics.push(d);
            }
            Some(_) if field == "growth" => {
                let d = diagnostic(
                    format!("stream \"{name}\" comes from the projections file and has no growth"),
                    o.key.text(),
                    "growth on a [[stream]] entry".into(),
                );
                c.diagnostics.push(d);
            }
            // SPEC §7.1: a projections-file stream is scaled only from the command line.
            Some(s) if field == "scale" => match value::scale(&o.node()) {
                Ok(d) => scales.push((s.stream.name.clone(), d, o.node().origin)),
                Err(p) => {
                    let d = diagnostic(p.message, p.found, p.expected);
                    c.diagnostics.push(d);
                }
            },
            Some(s) => match value::parse_bool(&o.value) {
                Some(b) => s.stream.qualifying = b,
                None => {
                    let d = diagnostic(
                        "not a boolean".into(),
                        format!("\"{}\"", o.value),
                        "true or false".into(),
                    );
                    c.diagnostics.push(d);
                }
            },
        }
    }
    scales
}

/// " (did you mean `Chat`?)" for a stream name close to one of `names` (quoted names).
fn suggestion(name: &str, names: &[String]) -> String {
    let bare: Vec<&str> = names.iter().map(|n| n.trim_matches('"')).collect();
    closest(name, &bare).map_or(String::new(), |best| format!(" (did you mean `{best}`?)"))
}

/// Clouds named by every stream entry, even one that failed validation, so a typo elsewhere in
/// a stream does not make its cloud look unknown, then the projections file's, in order.
fn clouds_named(stream_node: Option<&Node>, streams: &[Stream]) -> Vec<String> {
    let mut used: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let raw_clouds = stream_node.into_iter().flat_map(|n| match &n.kind {
        Kind::Array(items) => items
            .iter()
            .filter_map(|i| i.entries()?.iter().rev().find(|e| e.key == "cloud"))
            .filter_map(|e| value::string(&e.value).ok())
            .collect(),
        _ => Vec::new(),
    });
    for cloud in raw_clouds.chain(streams.iter().map(|s| s.cloud.clone())) {
        if seen.insert(cloud.clone()) {
            used.push(cloud);
        }
    }
    used
}

/// The warning for a `share.clouds` entry whose streams all earn nothing: it depends on the
/// revenue amounts, so the Monte Carlo fast path recomputes it per path.
pub const CLOUD_EARNS_NOTHING: &str = "listed cloud earns nothing in the horizon";

/// Every listed cloud must be used by a stream (a typo otherwise); a listed cloud whose streams
/// all earn nothing in the horizon gets a warning (SPEC §2.3, §6.31).
fn check_clouds(
    c: &mut Checker<'_>,
    share: &Node,
    used: &[String],
    streams: &[Stream],
    horizon: Option<&Horizon>,
) {
    let Some(node) = share
        .entries()
        .and_then(|e| e.iter().rev().find(|e| e.key == "clouds"))
        .map(|e| &e.value)
    else {
        return;
    };
    let Ok(list) = cloud_list(node) else { return };
    let in_use: HashSet<&str> = used.iter().map(String::as_str).collect();
    // Clouds with a stream that earns something inside the horizon, found in one pass.
    let earning: HashSet<&str> = horizon.map_or_else(HashSet::new, |h| {
        streams
            .iter()
            .filter(|s| {
                s.blocks
                    .iter()
                    .any(|b| !b.amount.is_zero() && b.to >= h.start && b.from <= h.end)
            })
            .map(|s| s.cloud.as_str())
            .collect()
    });
    for (cloud, origin) in &list {
        if !in_use.contains(cloud.as_str()) {
            let used: Vec<&str> = used.iter().map(String::as_str).collect();
            let hint = closest(cloud, &used)
                .map(|b| format!(" (did you mean \"{b}\"?)"))
                .unwrap_or_default();
            c.error(
                origin,
                "share.clouds",
                "cloud not used by any stream",
                format!("\"{cloud}\""),
                format!(
                    "one of the streams' clouds: {}{hint}",
                    list_for_message(&used)
                ),
            );
        } else if horizon.is_some() && !earning.contains(cloud.as_str()) {
            c.warn(
                origin,
                "share.clouds",
                CLOUD_EARNS_NOTHING,
                format!("\"{cloud}\": every stream on it has zero revenue"),
                "revenue on this cloud, or remove it from the list".into(),
            );
        }
    }
}

/// A list of names for a message: all of them when few, else the first 20 and how many more.
fn list_for_message(names: &[&str]) -> String {
    const SHOWN: usize = 20;
    if names.len() <= SHOWN {
        return names.join(", ");
    }
    format!(
        "{}, … ({} more)",
        names[..SHOWN].join(", "),
        names.len() - SHOWN
    )
}

/// SPEC §6.31: a horizon ending before the sunset, or starting after the effective date.
fn warn_window(c: &mut Checker<'_>, scenario: Option<&Node>, h: &Horizon, s: &Share) {
    let origin_of = |node: Option<&Node>, key: &str| {
        node.and_then(|n| n.entries())
            .and_then(|e| e.iter().rev().find(|e| e.key == key))
            .map(|e| e.value.origin.clone())
    };
    let fallback = Origin::Toml(0..0);
    if h.end < s.sunset {
        let origin = origin_of(scenario, "end").unwrap_or(fallback.clone());
        c.warn(
            &origin,
            "scenario.end",
            "the horizon ends before the sunset: share on revenue after it is not counted",
            format!("end {}, sunset {}", h.end, s.sunset),
            format!("end on or after {} to count every payment", s.sunset),
        );
    }
    if h.start > s.effective {
        let origin = origin_of(scenario, "start").unwrap_or(fallback);
        c.warn(
            &origin,
            "scenario.start",
            "the horizon starts after the effective date: earlier share is not counted",
            format!("start {}, effective {}", h.start, s.effective),
            format!("start on or before {}", s.effective),
        );
    }
}

/// SPEC §6.31: a TOML float literal with more than 15 significant digits has already lost
/// precision as an f64; say so, and suggest a string.
fn warn_long_floats(c: &mut Checker<'_>, document: &Node) {
    match &document.kind {
        // The top-level `stream` entry is the array of `[[stream]]` tables.
        Kind::Table(entries) => {
            for e in entries {
                walk_floats(c, &e.value, &|| join("", &e.key), e.key == "stream");
            }
        }
        _ => walk_floats(c, document, &String::new, false),
    }
}

/// [`warn_long_floats`] below `node`, whose field path `path` gives only when a warning needs
/// it (a sweep validates every case: paths for every value would be most of the cost).
/// `streams` marks the top-level `stream` array, whose items are named like `stream[2] "API"`.
fn walk_floats(c: &mut Checker<'_>, node: &Node, path: &dyn Fn() -> String, streams: bool) {
    match &node.kind {
        Kind::Float(literal) if value::float_significant_digits(literal) > 15 => c.warn(
            &node.origin,
            &path(),
            "float literal with more than 15 significant digits is read as the nearest binary float",
            literal.clone(),
            format!("a string such as \"{literal}\" to keep every digit"),
        ),
        Kind::Table(entries) => {
            for e in entries {
                walk_floats(c, &e.value, &|| join(&path(), &e.key), false);
            }
        }
        Kind::Array(items) if streams => {
            for (i, n) in items.iter().enumerate() {
                walk_floats(c, n, &|| stream_path(n, i), false);
            }
        }
        Kind::Array(items) => {
            for (i, n) in items.iter().enumerate() {
                walk_floats(c, n, &|| format!("{}[{}]", path(), i + 1), false);
            }
        }
        _ => {}
    }
}
