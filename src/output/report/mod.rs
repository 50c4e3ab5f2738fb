//! Reports for people who do not run command lines: a self-contained HTML page and Markdown
//! for docs and tickets. Both are pure functions from results (and the rendered SVG charts) to
//! text; nothing here recomputes a number.

pub mod html;
pub mod markdown;
pub mod montecarlo;
pub mod tabular;
pub mod whatif;
pub mod xlsx;

use crate::model::Scenario;
use crate::money::Money;
use crate::outcome::Outcome;
use crate::output::format::{compact, grouped, percent};

/// Which report files to write (`--report html,md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReportFormats {
    pub html: bool,
    pub markdown: bool,
    pub xlsx: bool,
}

impl ReportFormats {
    /// Parses a comma list such as `html,xlsx,md`.
    pub fn parse(text: &str) -> Result<ReportFormats, String> {
        let mut formats = ReportFormats::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            match item.to_ascii_lowercase().as_str() {
                "html" => formats.html = true,
                "md" | "markdown" => formats.markdown = true,
                "xlsx" => formats.xlsx = true,
                other => {
                    return Err(format!(
                        "unknown report format `{other}`; expected html, xlsx or md"
                    ));
                }
            }
        }
        Ok(formats)
    }

    pub fn any(self) -> bool {
        self.html || self.markdown || self.xlsx
    }
}

/// Provenance shown in reports: the command and the inputs' hashes.
pub struct ReportContext<'a> {
    pub scenario: &'a Scenario,
    pub outcome: &'a Outcome,
    /// The command line after the program name.
    pub arguments: &'a [String],
    /// The `--set KEY=VALUE` applied to the scenario file, listed first among the assumptions.
    pub overrides: &'a [String],
    /// Input files and their SHA-256.
    pub inputs: Vec<(String, String)>,
}

/// Who pays whom, as the opening words of a sentence whose verb phrase follows: "OpenAI pays
/// Microsoft", "OpenAI pays", "Microsoft receives"; `None` without names, so the wording stays
/// neutral ("… is paid").
pub fn payment_subject(scenario: &Scenario) -> Option<String> {
    let parties = &scenario.share.parties;
    match (&parties.payer, &parties.payee) {
        (Some(payer), Some(payee)) => Some(format!("{payer} pays {payee}")),
        (Some(payer), None) => Some(format!("{payer} pays")),
        (None, Some(payee)) => Some(format!("{payee} receives")),
        (None, None) => None,
    }
}

/// A piece of the headline: words, or an amount each report shows its own way (Markdown and the
/// workbook beside its exact figure, HTML with the exact figure as a tooltip).
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    Amount(Money),
}

/// One sentence of the headline, ending in its full stop.
#[derive(Clone, Debug, PartialEq)]
pub struct Sentence(pub Vec<Piece>);

/// The headline's sentences: the workbook writes each in its own row (and rebuilds the live
/// ones with formulas), the other reports join them.
pub struct Headline {
    /// The currency label the amounts are in.
    pub currency: String,
    /// Who pays whom how much in total, and its present value.
    pub paid: Sentence,
    /// What the cap leaves on the table; `None` when nothing is foregone.
    pub foregone: Option<Sentence>,
    /// Whether and when the cap is reached.
    pub cap: Sentence,
    /// Paid as a share of qualifying revenue.
    pub rate: Sentence,
    /// Each cloud's share of paid; `None` when nothing is paid.
    pub clouds: Option<Sentence>,
}

impl Headline {
    /// The sentences in reading order.
    pub fn sentences(&self) -> Vec<&Sentence> {
        [
            Some(&self.paid),
            self.foregone.as_ref(),
            Some(&self.cap),
            Some(&self.rate),
            self.clouds.as_ref(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// A sentence as plain text, each amount in `$B` with its exact figure beside it.
    pub fn text(&self, sentence: &Sentence) -> String {
        let cur = &self.currency;
        sentence
            .0
            .iter()
            .map(|piece| match piece {
                Piece::Text(text) => text.clone(),
                Piece::Amount(m) => format!("{} ({} {cur})", compact(*m, cur), grouped(*m)),
            })
            .collect()
    }

    /// The sentences joined by single spaces, as Markdown shows them.
    pub fn to_text(&self) -> String {
        self.sentences()
            .into_iter()
            .map(|s| self.text(s))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// The one-paragraph answer every report opens with, as plain text: who pays whom how much,
/// what the cap leaves on the table, when it binds and from which clouds.
pub fn headline(ctx: &ReportContext<'_>) -> String {
    headline_sentences(ctx).to_text()
}

/// [`headline`] sentence by sentence, amounts kept as amounts: a board reads the short figure,
/// an auditor the exact one.
pub fn headline_sentences(ctx: &ReportContext<'_>) -> Headline {
    let s = &ctx.outcome.summary;
    let cur = &ctx.scenario.currency;
    let text = |t: &str| Piece::Text(t.to_owned());
    let mut paid = match payment_subject(ctx.scenario) {
        Some(subject) => vec![
            text(&format!("{subject} ")),
            Piece::Amount(s.paid),
            text(" in total"),
        ],
        None => vec![
            text(&format!("{}: ", s.scenario)),
            Piece::Amount(s.paid),
            text(" is paid in total"),
        ],
    };
    paid.extend([
        text(", worth "),
        Piece::Amount(s.npv),
        text(" at the valuation date."),
    ]);
    let foregone = (!s.foregone.is_zero()).then(|| {
        Sentence(vec![
            Piece::Amount(s.foregone),
            text(" is foregone above the cap."),
        ])
    });
    let cap = match (s.cap, s.cap_hit_date) {
        (None, _) => "The share is uncapped.".to_owned(),
        (Some(cap), Some(date)) => format!("The {} cap is reached on {date}.", compact(cap, cur)),
        (Some(cap), None) => format!(
            "The {} cap is not reached ({} short).",
            compact(cap, cur),
            compact(cap - s.binding_threshold, cur)
        ),
    };
    let rate = s.effective_rate.map_or("—".to_owned(), percent);
    Headline {
        currency: cur.clone(),
        paid: Sentence(paid),
        foregone,
        cap: Sentence(vec![Piece::Text(cap)]),
        rate: Sentence(vec![Piece::Text(format!(
            "Effective rate: {rate} of qualifying revenue."
        ))]),
        clouds: by_cloud(ctx).map(|c| Sentence(vec![Piece::Text(c)])),
    }
}

/// "By cloud: azure 85.22%, aws 7.37%." or `None` when nothing was paid.
fn by_cloud(ctx: &ReportContext<'_>) -> Option<String> {
    let top = ctx
        .outcome
        .clouds
        .iter()
        .filter_map(|c| {
            let share = c.share_of_paid?;
            Some(format!(
                "{} {}",
                c.cloud,
                percent(crate::money::Rate(share))
            ))
        })
        .collect::<Vec<_>>()
        .join(", ");
    (!top.is_empty()).then(|| format!("By cloud: {top}."))
}

/// The `--set KEY=VALUE` overrides as assumption rows, listed before [`assumptions`] so a
/// reader sees at once that this is not the scenario file's own case.
pub fn override_rows(overrides: &[String]) -> Vec<(String, String, String)> {
    overrides
        .iter()
        .map(|o| {
            let (key, value) = o.split_once('=').unwrap_or((o.as_str(), ""));
            (
                format!("--set {key}"),
                value.to_owned(),
                "command-line override: replaces the scenario file's value".to_owned(),
            )
        })
        .collect()
}

/// Every input, defaults included, as (name, value, unit or note) rows.
pub fn assumptions(scenario: &Scenario) -> Vec<(String, String, String)> {
    let share = &scenario.share;
    let cur = &scenario.currency;
    let mut rows = vec![
        (
            "scenario".into(),
            scenario.name.clone(),
            scenario.description.clone().unwrap_or_default(),
        ),
        ("currency".into(), cur.clone(), "label only".into()),
        (
            "horizon".into(),
            format!("{} to {}", scenario.start, scenario.end),
            "inclusive".into(),
        ),
        (
            "period".into(),
            scenario.period.as_str().into(),
            String::new(),
        ),
        (
            "share rate".into(),
            percent(share.rate),
            "of qualifying revenue".into(),
        ),
        (
            "cap".into(),
            share.cap.map_or("none (uncapped)".into(), |c| {
                format!("{} {cur}", grouped(c))
            }),
            "total on cumulative payments".into(),
        ),
        (
            "paid before".into(),
            format!("{} {cur}", grouped(share.paid_before)),
            "paid toward the cap before the scenario; not part of paid".into(),
        ),
        (
            "effective".into(),
            share.effective.to_string(),
            "first day whose revenue accrues share".into(),
        ),
        (
            "sunset".into(),
            share.sunset.to_string(),
            "last day whose revenue accrues share".into(),
        ),
        (
            "payment lag".into(),
            format!("{} days", share.payment_lag_days),
            "after each period's end".into(),
        ),
        (
            "qualifying clouds".into(),
            share.clouds.as_ref().map_or("all".into(), |c| c.join(", ")),
            String::new(),
        ),
        (
            "discount rate".into(),
            percent(scenario.discount_rate),
            "annual effective, (1 + d)^(−days/365)".into(),
        ),
        (
            "valuation date".into(),
            scenario.valuation_date.to_string(),
            String::new(),
        ),
    ];
    for (what, scale) in &scenario.scales {
        rows.push((
            format!("{what} scale"),
            crate::output::format::percent_exact(crate::money::Rate(*scale)),
            "multiplies revenue blocks before pro-rating (SPEC §7.1)".into(),
        ));
    }
    for (role, name) in [
        ("payer", &share.parties.payer),
        ("payee", &share.parties.payee),
    ] {
        if let Some(name) = name {
            rows.push((
                role.into(),
                name.clone(),
                "label for the wording only".into(),
            ));
        }
    }
    for stream in &scenario.streams {
        let qualifies = if share.qualifies(stream) {
            "qualifies"
        } else {
            "does not qualify"
        };
        rows.push((
            format!("stream: {}", stream.name),
            stream.cloud.clone(),
            qualifies.into(),
        ));
    }
    rows
}
