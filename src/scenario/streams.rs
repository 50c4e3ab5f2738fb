//! `[[stream]]` entries (SPEC §1.3, §6.1, §6.2): annual figures, growth, and the yearly
//! blocks they become.

use super::checker::{Checker, Fields, Reported, join};
use super::node::{Kind, Node};
use super::value::{self, Problem};
use crate::model::{Block, Stream};
use crate::money::{MONEY_LIMIT, round_cents};
use jiff::civil::Date;
use rust_decimal::Decimal;

/// `scale` (SPEC §7.1) is read with the other scales (`super::scales`), after every stream.
const STREAM_KEYS: &[&str] = &["name", "cloud", "qualifying", "annual", "growth", "scale"];

/// A stream read from the file, with where its name sits for later cross-checks.
#[derive(Clone, Debug)]
pub struct TomlStream {
    pub stream: Stream,
    pub path: String,
}

/// `stream[N]`, with the name when the entry has one: `stream[2] "API on AWS"` (SPEC §6.22).
/// `index` is 0-based.
pub fn stream_path(node: &Node, index: usize) -> String {
    match stream_name(node) {
        Some((name, _)) => format!("stream[{}] \"{name}\"", index + 1),
        None => format!("stream[{}]", index + 1),
    }
}

/// The entry's name, if it is a string, with its node.
pub fn stream_name(node: &Node) -> Option<(&str, &Node)> {
    let entry = node.entries()?.iter().rev().find(|e| e.key == "name")?;
    match &entry.value.kind {
        Kind::Str(name) => Some((name, &entry.value)),
        _ => None,
    }
}

/// Reads the `index`-th (0-based) `[[stream]]`. `end_year` is the horizon's last year, when
/// the horizon is valid; growth is only checked against a known horizon.
pub fn read_stream(
    checker: &mut Checker<'_>,
    node: &Node,
    index: usize,
    end_year: Option<i16>,
) -> Option<TomlStream> {
    let path = stream_path(node, index);
    let fields = checker.table(node, &path, STREAM_KEYS).ok()?;
    let name = checker
        .required(
            &fields,
            "name",
            "a stream name such as \"API on AWS\"",
            non_empty,
        )
        .ok();
    let cloud = checker
        .required(
            &fields,
            "cloud",
            "a cloud label such as \"azure\"",
            non_empty,
        )
        .ok();
    let qualifying = checker.optional(&fields, "qualifying", value::boolean);
    let growth_keys = check_growth_keys(checker, &fields);
    let blocks = annual_blocks(checker, &fields, end_year);
    let (name, cloud, Ok(qualifying), Ok((blocks, grown_years)), Ok(())) =
        (name?, cloud?, qualifying, blocks, growth_keys)
    else {
        return None;
    };
    Some(TomlStream {
        stream: Stream {
            name,
            cloud,
            qualifying: qualifying.unwrap_or(true),
            blocks,
            grown_years,
        },
        path,
    })
}

/// A growth table's keys are calendar years (SPEC §1.3): any other key (`later = "5%"`) is an
/// error even when no grown year needs the table, since it was surely meant to say something.
fn check_growth_keys(checker: &mut Checker<'_>, fields: &Fields<'_>) -> Result<(), Reported> {
    let Some(Node {
        kind: Kind::Table(entries),
        ..
    }) = fields.get("growth")
    else {
        return Ok(());
    };
    let mut result = Ok(());
    for entry in entries {
        if parse_year(&entry.key).is_none() {
            result = Err(checker.error(
                &entry.key_origin,
                &join(&join(&fields.path, "growth"), &entry.key),
                "not a year",
                format!("`{}`", entry.key),
                "a calendar year such as 2031 (a growth table maps years to rates)".into(),
            ));
        }
    }
    result
}

fn non_empty(node: &Node) -> Result<String, Problem> {
    let s = value::string(node)?;
    if s.trim().is_empty() {
        return Err(Problem::new(
            "must not be empty",
            "\"\"",
            "a non-empty string",
        ));
    }
    Ok(s)
}

/// `annual` plus `growth`, as one block per calendar year up to the horizon's last year, and
/// how many of them (the last ones) were grown.
fn annual_blocks(
    checker: &mut Checker<'_>,
    fields: &Fields<'_>,
    end_year: Option<i16>,
) -> Result<(Vec<Block>, usize), Reported> {
    let annual_path = join(&fields.path, "annual");
    let Some(annual) = fields.get("annual") else {
        return Err(checker.error(
            &fields.origin,
            &annual_path,
            "missing required key `annual`",
            "nothing".into(),
            "a table of calendar-year revenue such as annual = { 2026 = \"9B\", 2027 = \"15B\" }"
                .into(),
        ));
    };
    let entries = match &annual.kind {
        Kind::Table(entries) if !entries.is_empty() => entries,
        _ => {
            return Err(checker.error(
                &annual.origin,
                &annual_path,
                "`annual` needs at least one year",
                annual.describe(),
                "a table such as { 2026 = \"9B\" }".into(),
            ));
        }
    };
    let mut years: Vec<(i16, Decimal)> = Vec::new();
    let mut failed = false;
    for entry in entries {
        let field = join(&annual_path, &entry.key);
        let year = match parse_year(&entry.key) {
            Some(y) => y,
            None => {
                checker.error(
                    &entry.key_origin,
                    &field,
                    "not a year",
                    format!("`{}`", entry.key),
                    "a calendar year such as 2027".into(),
                );
                failed = true;
                continue;
            }
        };
        match value::money(&entry.value) {
            Ok(amount) => years.push((year, amount)),
            Err(p) => {
                checker.problem(&entry.value.origin, &field, p);
                failed = true;
            }
        }
    }
    if failed {
        return Err(Reported);
    }
    years.sort_by_key(|(y, _)| *y);
    for pair in years.windows(2) {
        if pair[1].0 == pair[0].0 {
            // `2026` and `02026` are different TOML keys but the same year.
            return Err(checker.error(
                &annual.origin,
                &annual_path,
                "a year is given twice in `annual`",
                format!("two entries for {}", pair[0].0),
                "one entry per year".into(),
            ));
        }
        if pair[1].0 != pair[0].0 + 1 {
            let missing: Vec<String> = (pair[0].0 + 1..pair[1].0).map(|y| y.to_string()).collect();
            return Err(checker.error(
                &annual.origin,
                &annual_path,
                "hole in `annual`: the years must be contiguous",
                format!(
                    "no figure for {} between {} and {}",
                    missing.join(", "),
                    pair[0].0,
                    pair[1].0
                ),
                format!(
                    "an entry for every year from {} to {}",
                    years[0].0,
                    years[years.len() - 1].0
                ),
            ));
        }
    }
    let written = years.len();
    if let Some(end_year) = end_year {
        extend_with_growth(checker, fields, &annual_path, annual, &mut years, end_year)?;
        years.retain(|(y, _)| *y <= end_year);
    }
    let grown = years.len().saturating_sub(written);
    let blocks = years
        .into_iter()
        .filter_map(|(y, amount)| year_block(y, amount))
        .collect();
    Ok((blocks, grown))
}

/// SPEC §6.2: each year after the last `annual` year through `end_year` gets
/// `round_cents(previous × (1 + g))`, compounding on the rounded previous year.
fn extend_with_growth(
    checker: &mut Checker<'_>,
    fields: &Fields<'_>,
    annual_path: &str,
    annual: &Node,
    years: &mut Vec<(i16, Decimal)>,
    end_year: i16,
) -> Result<(), Reported> {
    let Some(&(last_year, last_amount)) = years.last() else {
        return Ok(());
    };
    if end_year <= last_year {
        return Ok(());
    }
    let growth_path = join(&fields.path, "growth");
    let Some(growth) = fields.get("growth") else {
        return Err(checker.error(
            &annual.origin,
            annual_path,
            &format!("no revenue for {}: `annual` ends at {last_year} and there is no `growth`", last_year + 1),
            format!("annual figures up to {last_year}; the horizon runs to {end_year}"),
            format!("an `annual` entry for every year up to {end_year}, a `growth` rate, or 0 for a stream that stops"),
        ));
    };
    // One rate for every year: read once (a failure is reported at the first grown year, with
    // the same words as when it was read every year).
    let scalar = match &growth.kind {
        Kind::Table(_) => None,
        _ => Some(value::bounded_rate(growth)),
    };
    let mut previous = last_amount;
    for year in last_year + 1..=end_year {
        let (rate_node, field) = match &growth.kind {
            Kind::Table(entries) => match entries
                .iter()
                .rev()
                .find(|e| parse_year(&e.key) == Some(year))
            {
                Some(e) => (
                    &e.value,
                    std::borrow::Cow::Owned(join(&growth_path, &e.key)),
                ),
                None => {
                    return Err(checker.error(
                        &growth.origin,
                        &growth_path,
                        &format!("missing growth rate for {year}"),
                        format!("no entry for {year}"),
                        format!("a rate for every year from {} to {end_year}", last_year + 1),
                    ));
                }
            },
            _ => (growth, std::borrow::Cow::Borrowed(growth_path.as_str())),
        };
        let parsed = match &scalar {
            Some(read) => read.clone(),
            None => value::bounded_rate(rate_node),
        };
        let rate = parsed.map_err(|p| {
            let message = p
                .message
                .replace("rate out of range", "growth rate out of range");
            let p = Problem { message, ..p };
            checker.problem(&rate_node.origin, &field, p)
        })?;
        let grown = previous
            .checked_mul(Decimal::ONE + rate.value)
            .map(round_cents)
            .filter(|g| g.as_decimal() < MONEY_LIMIT)
            .ok_or_else(|| {
                checker.error(
                    &rate_node.origin,
                    &field,
                    &format!("grown revenue for {year} is too large for exact arithmetic"),
                    format!("{previous} × (1 + {}) for {year}", rate.value),
                    "a yearly amount below 10^15".into(),
                )
            })?;
        previous = grown.as_decimal();
        years.push((year, previous));
    }
    Ok(())
}

/// Warns about growth rates written as bare numbers above 1 (SPEC §6.31): `growth = 25` is
/// 2,500%, almost always meant as 25%. Checked once per written rate, not per grown year.
pub fn warn_bare_growth(checker: &mut Checker<'_>, node: &Node, path: &str) {
    let Some(growth) = node
        .entries()
        .and_then(|e| e.iter().rev().find(|e| e.key == "growth"))
    else {
        return;
    };
    let field = join(path, "growth");
    let rates: Vec<(&Node, String)> = match &growth.value.kind {
        Kind::Table(entries) => entries
            .iter()
            .map(|e| (&e.value, join(&field, &e.key)))
            .collect(),
        _ => vec![(&growth.value, field)],
    };
    for (node, field) in rates {
        if let Ok(rate) = value::bounded_rate(node)
            && rate.bare
            && rate.value > Decimal::ONE
        {
            // Bounded to 10,000% (SPEC §7.6), so the product cannot overflow.
            let percent = rate.value * Decimal::ONE_HUNDRED;
            checker.warn(
                &node.origin,
                &field,
                "growth written as a bare number above 1",
                format!("{} (= {percent}% a year)", node.describe()),
                format!(
                    "a percentage such as \"{}%\" if that was meant",
                    rate.value.normalize()
                ),
            );
        }
    }
}

fn parse_year(key: &str) -> Option<i16> {
    let y: i16 = key.trim().parse().ok()?;
    (1..=9999).contains(&y).then_some(y)
}

fn year_block(year: i16, amount: Decimal) -> Option<Block> {
    Some(Block {
        from: Date::new(year, 1, 1).ok()?,
        to: Date::new(year, 12, 31).ok()?,
        amount,
    })
}
