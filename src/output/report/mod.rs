//! Reports for people who do not run command lines: a self-contained HTML page and Markdown
//! for docs and tickets. Both are pure functions from results (and the rendered SVG charts) to
//! text; nothing here recomputes a number.

pub mod html;
pub mod markdown;
pub mod tabular;
pub mod xlsx;

use crate::model::Scenario;
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

/// The one-paragraph answer both reports open with: who pays whom how much, what the cap
/// leaves on the table, when it binds and from which clouds. Amounts in `$B` with the exact
/// figure beside them, so a board reads the first and an auditor the second.
pub fn headline(ctx: &ReportContext<'_>) -> String {
    headline_sentences(ctx).to_text()
}

/// The headline's sentences, each ending in its full stop; the workbook writes each in its own
/// row (and rebuilds the live ones with formulas), the other reports join them.
pub struct Headline {
    /// Who pays whom how much in total, and its present value.
    pub paid: String,
    /// What the cap leaves on the table; `None` when nothing is foregone.
    pub foregone: Option<String>,
    /// Whether and when the cap is reached.
    pub cap: String,
    /// Paid as a share of qualifying revenue.
    pub rate: String,
    /// Each cloud's share of paid; `None` when nothing is paid.
    pub clouds: Option<String>,
}

impl Headline {
    /// The sentences joined by single spaces, as the HTML and Markdown reports show them.
    pub fn to_text(&self) -> String {
        [
            Some(&self.paid),
            self.foregone.as_ref(),
            Some(&self.cap),
            Some(&self.rate),
            self.clouds.as_ref(),
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
    }
}

/// [`headline`] sentence by sentence.
pub fn headline_sentences(ctx: &ReportContext<'_>) -> Headline {
    let s = &ctx.outcome.summary;
    let cur = &ctx.scenario.currency;
    let both = |m| format!("{} ({} {cur})", compact(m, cur), grouped(m));
    let paid = match payment_subject(ctx.scenario) {
        Some(subject) => format!("{subject} {} in total", both(s.paid)),
        None => format!("{}: {} is paid in total", s.scenario, both(s.paid)),
    };
    let foregone =
        (!s.foregone.is_zero()).then(|| format!("{} is foregone above the cap.", both(s.foregone)));
    let cap = match (s.cap, s.cap_hit_date) {
        (None, _) => "The share is uncapped.".to_owned(),
        (Some(cap), Some(date)) => format!("The {} cap is reached on {date}.", compact(cap, cur)),
        (Some(cap), None) => format!(
            "The {} cap is not reached ({} short).",
            compact(cap, cur),
            compact(cap - s.accrued, cur)
        ),
    };
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
    let clouds = (!top.is_empty()).then(|| format!("By cloud: {top}."));
    let rate = s.effective_rate.map_or("—".to_owned(), percent);
    Headline {
        paid: format!("{paid}, worth {} at the valuation date.", both(s.npv)),
        foregone,
        cap,
        rate: format!("Effective rate: {rate} of qualifying revenue."),
        clouds,
    }
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
