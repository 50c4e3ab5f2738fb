//! SPEC §7.1 revenue scales: `[revenue] scale`, `[cloud.NAME] scale` and a stream's own
//! `scale` multiply its revenue blocks: "what if revenue comes in 30% below plan?" without
//! editing every stream. Each block (an `annual` year, a grown year grown from the unscaled
//! years, a CSV row) becomes `round_cents(amount × m)`, the exact product rounded once, where
//! `m = revenue.scale × cloud.C.scale × stream.S.scale`; a block whose `m` is exactly 1 keeps
//! its extra decimals (SPEC §6.3).

use super::checker::{Checker, Reported, closest, join};
use super::node::{Kind, Node, Origin};
use super::value;
use crate::model::Stream;
use crate::money::MONEY_LIMIT;
use rust_decimal::Decimal;

/// The scales a scenario states, each with where it was written.
#[derive(Debug, Default)]
pub struct Scales {
    revenue: Option<(Decimal, Origin)>,
    clouds: Vec<(String, Decimal, Origin)>,
    /// By stream name: the `[[stream]]` entry's own `scale`, or a `--set stream.NAME.scale`
    /// of a projections-file stream.
    pub streams: Vec<(String, Decimal, Origin)>,
}

impl Scales {
    /// Every scale written, for the reports: `("revenue", 0.8)`, `("cloud aws", 2)`,
    /// `("stream API", 0.5)`; the last of repeated ones wins, as in the blocks.
    pub fn stated(&self) -> Vec<(String, Decimal)> {
        let mut out: Vec<(String, Decimal)> = Vec::new();
        let mut push = |what: String, d: Decimal| {
            out.retain(|(w, _)| *w != what);
            out.push((what, d));
        };
        if let Some((d, _)) = &self.revenue {
            push("revenue".into(), *d);
        }
        for (name, d, _) in &self.clouds {
            push(format!("cloud {name}"), *d);
        }
        for (name, d, _) in &self.streams {
            push(format!("stream {name}"), *d);
        }
        out
    }

    /// Whether any block will change: a scale other than 1 anywhere.
    pub fn any(&self) -> bool {
        let other = |d: &Decimal| *d != Decimal::ONE;
        self.revenue.as_ref().is_some_and(|(d, _)| other(d))
            || self.clouds.iter().any(|(_, d, _)| other(d))
            || self.streams.iter().any(|(_, d, _)| other(d))
    }
}

/// Reads `[revenue]` and `[cloud.NAME]` (every NAME must be a cloud some stream uses: a typo
/// is an error with a did-you-mean, SPEC §7.1) and each `[[stream]]` entry's `scale`.
pub fn read(
    c: &mut Checker<'_>,
    revenue: Option<&Node>,
    clouds: Option<&Node>,
    stream_items: &[Node],
    used_clouds: &[String],
) -> Scales {
    let mut scales = Scales::default();
    if let Some(node) = revenue
        && let Ok(fields) = c.table(node, "revenue", &["scale"])
        && let Some(node) = fields.get("scale")
    {
        match value::scale(node) {
            Ok(d) => scales.revenue = Some((d, node.origin.clone())),
            Err(p) => {
                c.problem(&node.origin, "revenue.scale", p);
            }
        }
    }
    if let Some(node) = clouds {
        read_clouds(c, node, used_clouds, &mut scales);
    }
    for (i, item) in stream_items.iter().enumerate() {
        let Some(entry) = item
            .entries()
            .and_then(|e| e.iter().rev().find(|e| e.key == "scale"))
        else {
            continue;
        };
        let path = join(&super::streams::stream_path(item, i), "scale");
        match (
            value::scale(&entry.value),
            super::streams::stream_name(item),
        ) {
            (Ok(d), Some((name, _))) => {
                scales
                    .streams
                    .push((name.to_owned(), d, entry.value.origin.clone()));
            }
            (Ok(_), None) => {}
            (Err(p), _) => {
                c.problem(&entry.value.origin, &path, p);
            }
        }
    }
    scales
}

fn read_clouds(c: &mut Checker<'_>, node: &Node, used: &[String], scales: &mut Scales) {
    let Kind::Table(entries) = &node.kind else {
        c.error(
            &node.origin,
            "cloud",
            "wrong type",
            node.kind.type_name().into(),
            "[cloud.NAME] tables, such as [cloud.aws] with scale = \"150%\"".into(),
        );
        return;
    };
    let names: Vec<&str> = used.iter().map(String::as_str).collect();
    for entry in entries {
        let path = format!("cloud.{}", entry.key);
        if !used.contains(&entry.key) {
            let hint = closest(&entry.key, &names)
                .map_or(String::new(), |best| format!(" (did you mean `{best}`?)"));
            c.error(
                &entry.key_origin,
                &path,
                "no stream is on this cloud",
                format!("\"{}\"", entry.key),
                format!("one of the clouds in use: {}{hint}", names.join(", ")),
            );
            continue;
        }
        let Ok(fields) = c.table(&entry.value, &path, &["scale"]) else {
            continue;
        };
        if let Some(node) = fields.get("scale") {
            match value::scale(node) {
                Ok(d) => scales
                    .clouds
                    .push((entry.key.clone(), d, node.origin.clone())),
                Err(p) => {
                    c.problem(&node.origin, &join(&path, "scale"), p);
                }
            }
        }
    }
}

/// Multiplies every stream's blocks by its `m`; an amount that reaches 10^15 after scaling
/// is the "too large" error of SPEC §6.4, placed at the scale that made it.
pub fn apply(c: &mut Checker<'_>, scales: &Scales, streams: &mut [Stream]) -> Result<(), Reported> {
    let mut failed = false;
    for stream in streams.iter_mut() {
        let factors: Vec<(Decimal, &Origin)> = [
            scales.revenue.as_ref().map(|(d, o)| (*d, o)),
            find(&scales.clouds, &stream.cloud),
            find(&scales.streams, &stream.name),
        ]
        .into_iter()
        .flatten()
        .collect();
        // The last scale other than 1 is where a failure is shown.
        let Some(origin) = factors
            .iter()
            .rev()
            .find(|(d, _)| *d != Decimal::ONE)
            .map(|f| f.1)
        else {
            continue;
        };
        let Some(m) = exact_product(factors.iter().map(|f| f.0)) else {
            c.error(
                origin,
                &format!("stream \"{}\"", stream.name),
                "scales too large for exact arithmetic",
                factors
                    .iter()
                    .map(|(d, _)| d.normalize().to_string())
                    .collect::<Vec<_>>()
                    .join(" × "),
                "scales whose product has at most 28 significant digits".into(),
            );
            failed = true;
            continue;
        };
        if m == Decimal::ONE {
            continue;
        }
        for block in &mut stream.blocks {
            match scale_amount(block.amount, m) {
                Some(amount) => block.amount = amount,
                None => {
                    c.error(
                        origin,
                        &format!("stream \"{}\"", stream.name),
                        "amount too large for exact arithmetic",
                        format!(
                            "{} from {} to {} scaled by {}",
                            block.amount.normalize(),
                            block.from,
                            block.to,
                            m.normalize()
                        ),
                        "scaled amounts below 10^15 (1,000T)".into(),
                    );
                    failed = true;
                    break;
                }
            }
        }
    }
    if failed { Err(Reported) } else { Ok(()) }
}

/// A block's amount times `m`, rounded once half-even to cents; `None` at 10^15 or more
/// (SPEC §6.4 after scaling). `m` exactly 1 leaves the amount as written (SPEC §7.1).
pub fn scale_amount(amount: Decimal, m: Decimal) -> Option<Decimal> {
    if m == Decimal::ONE {
        return Some(amount);
    }
    // The exact product, rounded once: a Decimal product would round to 28 digits first.
    let cents = crate::money::mul_round_cents(amount, m)?;
    let scaled = Decimal::from_i128_with_scale(cents, 2);
    (scaled < MONEY_LIMIT).then_some(scaled)
}

/// The exact product of scales of at most 6 decimals each (so at most 18 together), or
/// `None` when it does not fit a `Decimal` exactly (whose own product would round).
fn exact_product(factors: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let (mut mantissa, mut scale) = (1i128, 0u32);
    for d in factors {
        mantissa = mantissa.checked_mul(d.mantissa())?;
        scale += d.scale();
    }
    // A Decimal holds a 96-bit mantissa and a scale up to 28.
    (mantissa < 1i128 << 96 && scale <= 28).then(|| Decimal::from_i128_with_scale(mantissa, scale))
}

fn find<'a>(list: &'a [(String, Decimal, Origin)], name: &str) -> Option<(Decimal, &'a Origin)> {
    list.iter()
        .rev()
        .find(|(n, _, _)| n == name)
        .map(|(_, d, o)| (*d, o))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn a_scale_of_one_keeps_the_amount_as_written_and_others_round_once() {
        // m = 1 keeps the extra decimals (SPEC §6.3); m = 1.0 is the same value.
        assert_eq!(scale_amount(d("10.005"), d("1")), Some(d("10.005")));
        assert_eq!(scale_amount(d("10.005"), d("1.0")), Some(d("10.005")));
        // 10.005 × 0.5 = 5.0025 → 5.00; 0.05 × 0.5 = 0.025, a tie, → 0.02 (even).
        assert_eq!(scale_amount(d("10.005"), d("0.5")), Some(d("5.00")));
        assert_eq!(scale_amount(d("0.05"), d("0.5")), Some(d("0.02")));
        // 10^15 after scaling is too large; just below is fine.
        assert_eq!(scale_amount(d("500000000000000"), d("2")), None);
        assert!(scale_amount(d("499999999999999.99"), d("2")).is_some());
        // The exact product is just above half a cent; a 28-digit product would make it a
        // tie and round it down to 0.00 (review of issue 12).
        assert_eq!(
            scale_amount(d("0.0100000000000000000000000001"), d("0.5")),
            Some(d("0.01"))
        );
        // Products of scales are exact, or refused.
        assert_eq!(
            exact_product([d("0.9"), d("1.5"), d("0.333333")].into_iter()),
            Some(d("0.44999955"))
        );
        assert_eq!(exact_product([d("1e20"), d("1e20")].into_iter()), None);
    }
}
