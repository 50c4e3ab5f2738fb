//! `revshare mc`: Monte Carlo over uncertain values (SPEC §7.3). Every path is exactly a
//! `run --set` of its drawn values; the outputs say how likely the cap is to bind by each
//! date and the range of what is paid.

use crate::cli::TableFormat;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::model::Scenario;
use crate::money::Money;
use crate::montecarlo::config::{self, Arguments, Settings};
use crate::montecarlo::outputs::Statistics;
use crate::montecarlo::paths::Paths;
use crate::montecarlo::sampling::{Sampler, Sampling};
use crate::montecarlo::simulation;
use crate::montecarlo::summary::binds_dates;
use crate::output::charts::ChartFormats;
use crate::output::report::ReportFormats;
use crate::output::staged::{Provenance, Staged, sha256_hex};
use crate::output::{json, mc_table};
use crate::scenario::overrides::{Key, Override};
use crate::scenario::{self, Parsed};
use crate::sweep::values::{Value, Values, parse_varied};
use std::path::{Path, PathBuf};

/// `mc`'s options, free of clap.
pub struct McOptions {
    pub scenario: PathBuf,
    pub out: Option<PathBuf>,
    pub set: Vec<String>,
    pub draws: Vec<String>,
    pub paths: Option<String>,
    pub seed: Option<String>,
    pub sampling: Option<Sampling>,
    /// `--cap VALUES`: every path under each cap (common random numbers).
    pub cap: Option<String>,
    pub charts: ChartFormats,
    pub reports: ReportFormats,
    pub format: TableFormat,
    /// No progress bar.
    pub quiet: bool,
    /// The arguments after the program name, for the manifest.
    pub arguments: Vec<String>,
}

/// SPEC §7.3's limits, so the quantile buffers fit in memory.
const MAX_PATH_RUNS: u64 = 10_000_000;
const MAX_PATH_PERIODS: u64 = 200_000_000;

/// A loaded Monte Carlo, checked before any path runs.
struct Loaded {
    parsed: Parsed,
    settings: Settings,
    /// `--set` without the drawn keys (and without the cap under `--cap`).
    set: Vec<Override>,
    caps: Vec<Option<Money>>,
    /// The scenario with the `--set` values: its periods and dates are every path's.
    base: Scenario,
    inputs: Vec<scenario::source::Source>,
}

/// Runs the Monte Carlo, writes every output, and returns what to print.
pub fn mc(options: &McOptions) -> Result<super::Printed> {
    let started = std::time::Instant::now();
    let loaded = load(options)?;
    let Loaded {
        parsed,
        settings,
        set,
        caps,
        base,
        inputs,
    } = &loaded;
    let draws: Vec<_> = settings.draws.iter().map(|p| p.draw.clone()).collect();
    let sampler = Sampler::new(settings.seed, settings.paths, settings.sampling);
    let paths = Paths::new(parsed, set, &draws, &sampler, caps);
    let periods = crate::engine::periods::periods(base.start, base.end, base.period);
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| default_out(&options.scenario));

    let mut staged = Staged::new();
    let bar = progress_bar(settings.paths, options.quiet);
    let written = staged.stream_computed(&out, "mc_paths.csv", |w| {
        let done = |n: u64| bar.set_position(n);
        simulation::collect(&paths, settings.paths, periods.len(), w, &done)
    });
    bar.finish_and_clear();
    let mut collected = written?;
    let dates = bind_dates(settings, base);
    let stats = Statistics::new(&mut collected, caps.clone(), periods, dates);
    staged.add("mc_summary.csv", stats.summary_csv());
    staged.add("mc_binds.csv", stats.binds_csv());
    staged.add("mc_cumulative.csv", stats.cumulative_csv());
    let summary_json = json::to_bytes(&stats.json(settings));
    staged.add("mc_summary.json", summary_json.clone());

    let figures = if options.charts != ChartFormats::NONE || options.reports.any() {
        let source = options.scenario.file_name().map_or_else(
            || options.scenario.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        crate::montecarlo::figures::figures(settings, base, &source, &stats)
    } else {
        Vec::new()
    };
    let named: Vec<(&str, _)> = figures
        .iter()
        .map(|(n, f)| (n.as_str(), f.clone()))
        .collect();
    for (name, bytes) in crate::output::charts::render_all(&named, options.charts)? {
        staged.add(name, bytes);
    }
    if options.reports.any() {
        write_reports(&mut staged, options, &loaded, &stats, &figures)?;
    }
    let provenance = Provenance {
        arguments: &options.arguments,
        inputs: inputs
            .iter()
            .map(|s| (s.path.display().to_string(), s.bytes()))
            .collect(),
    };
    staged.commit(&out, &provenance)?;

    let stdout = match options.format {
        TableFormat::Json => String::from_utf8_lossy(&summary_json).into_owned(),
        TableFormat::Table => mc_table::render(&heading(settings, base), &stats),
    };
    let runs = settings.paths * caps.len().max(1) as u64;
    let seconds = started.elapsed().as_secs_f64();
    Ok(super::Printed {
        stdout,
        warnings: collected.warnings,
        notes: vec![format!(
            "outputs in {} ({} paths{} in mc_paths.csv, {seconds:.2} s)",
            out.display(),
            crate::output::format::group_digits(&settings.paths.to_string()),
            if caps.is_empty() {
                String::new()
            } else {
                format!(
                    " × {} caps = {} rows",
                    caps.len(),
                    crate::output::format::group_digits(&runs.to_string())
                )
            }
        )],
        rows: None,
    })
}

/// `--report html,xlsx,md`: the Monte Carlo section of the report family (SPEC §7.3).
fn write_reports(
    staged: &mut Staged,
    options: &McOptions,
    loaded: &Loaded,
    stats: &Statistics,
    figures: &[(String, crate::output::charts::figure::Figure)],
) -> Result<()> {
    use crate::output::report::{montecarlo, xlsx};
    if options.reports.xlsx {
        let ctx = xlsx::McContext {
            file: &options.scenario,
            base: &loaded.base,
            settings: &loaded.settings,
            set: &options.set,
        };
        staged.add("report.xlsx", xlsx::montecarlo(&ctx, stats)?);
    }
    if options.reports.html || options.reports.markdown {
        let images = staged
            .names()
            .filter(|n| n.ends_with(".png"))
            .map(str::to_owned)
            .collect();
        let report = montecarlo::report(
            montecarlo::Context {
                file: &options.scenario,
                base: &loaded.base,
                settings: &loaded.settings,
                charts: figures
                    .iter()
                    .map(|(_, f)| {
                        let svg = crate::output::charts::render_svg(f)?;
                        Ok((f.title.clone(), String::from_utf8_lossy(&svg).into_owned()))
                    })
                    .collect::<Result<_>>()?,
                images,
                arguments: options.arguments.clone(),
                inputs: loaded
                    .inputs
                    .iter()
                    .map(|s| (s.path.display().to_string(), sha256_hex(s.bytes())))
                    .collect(),
            },
            stats,
        );
        if options.reports.html {
            staged.add("report.html", report.html().into_bytes());
        }
        if options.reports.markdown {
            staged.add("report.md", report.markdown().into_bytes());
        }
    }
    Ok(())
}

/// Reads the file and the arguments, merges them and checks everything that does not need a
/// path to run: the draws against the scenario, `--cap`, and the SPEC's limits.
fn load(options: &McOptions) -> Result<Loaded> {
    let set = super::parse_overrides(&options.set, "--set")?;
    let parsed = scenario::parse(&options.scenario)?;
    // The file's problems and the arguments' are reported together.
    let (mut file, mut problems) = match config::read(&parsed) {
        Ok(file) => (file, Vec::new()),
        Err(Error::Invalid(found)) => (config::FileSettings::default(), found),
        Err(other) => return Err(other),
    };
    // The command line wins over the file: a `--set` of a key the file draws fixes it (a
    // `--draw` of the same key still wins over the `--set`).
    file.draws
        .retain(|p| !set.iter().any(|o| o.key == p.draw.key));
    let arguments = Arguments {
        paths: options.paths.as_deref(),
        seed: options.seed.as_deref(),
        sampling: options.sampling,
        draws: &options.draws,
    };
    let settings = match (config::merge(file, &arguments), problems.is_empty()) {
        (Ok(settings), true) => settings,
        (Ok(_), false) => return Err(Error::Invalid(problems)),
        (Err(Error::Invalid(mut found)), _) => {
            problems.append(&mut found);
            return Err(Error::Invalid(problems));
        }
        (Err(other), _) => return Err(other),
    };
    if settings.draws.is_empty() {
        return Err(Error::Usage(
            "mc needs something to draw: --draw KEY=DIST, or [[uncertain]] tables in the scenario file"
                .into(),
        ));
    }
    let caps = match &options.cap {
        Some(text) => cap_values(text, &settings)?,
        None => Vec::new(),
    };
    let drawn = |o: &Override| {
        settings.draws.iter().any(|p| p.draw.key == o.key) || (!caps.is_empty() && is_cap(&o.key))
    };
    let set: Vec<Override> = set.into_iter().filter(|o| !drawn(o)).collect();
    let built = scenario::build(&parsed, &set)?;
    config::check(&settings.draws, &built.scenario, &options.scenario)?;
    if let Some(text) = &options.cap {
        caps_above_paid_before(text, &caps, &built.scenario)?;
    }
    let periods = crate::engine::periods::periods(
        built.scenario.start,
        built.scenario.end,
        built.scenario.period,
    )
    .len() as u64;
    limits(settings.paths, caps.len().max(1) as u64, periods)?;
    Ok(Loaded {
        parsed,
        settings,
        set,
        caps,
        base: built.scenario,
        inputs: built.inputs,
    })
}

fn is_cap(key: &Key) -> bool {
    matches!(key, Key::Table { table, field } if *table == "share" && field == "cap")
}

/// `--cap VALUES` as a list of caps; refused when the cap is also drawn.
fn cap_values(text: &str, settings: &Settings) -> Result<Vec<Option<Money>>> {
    let argument = format!("--cap {text}");
    if let Some(p) = settings.draws.iter().find(|p| is_cap(&p.draw.key)) {
        return Err(Error::invalid(
            Diagnostic::error("--cap together with a drawn cap")
                .at(Location::Argument(argument))
                .found(format!("share.cap drawn as {}", p.draw.text()))
                .expected("either --cap VALUES (the same draws under each cap) or a drawn cap"),
        ));
    }
    let varied = parse_varied("--cap", text, MAX_PATH_RUNS).map_err(|mut d| {
        // The sweep's hint names its --max-cases; mc's bound is the SPEC's own.
        if let Some(e) = d.expected.as_mut() {
            *e = e.replace(
                " (raise with --max-cases N)",
                " (paths × caps at most 10,000,000)",
            );
        }
        Error::Invalid(vec![*d])
    })?;
    let values = match &varied.values {
        Values::List(v) => v.clone(),
        range => (0..range.len()).map(|i| range.get(i)).collect(),
    };
    Ok(values
        .into_iter()
        .filter_map(|v| match v {
            Value::Cap(c) => Some(c),
            _ => None,
        })
        .collect())
}

/// A cap of `--cap` below `paid_before` would fail every path (SPEC §7.2): say so once, at
/// the argument. (A drawn `paid_before` is checked path by path.)
fn caps_above_paid_before(text: &str, caps: &[Option<Money>], base: &Scenario) -> Result<()> {
    let paid_before = base.share.paid_before;
    match caps.iter().flatten().find(|c| **c < paid_before) {
        None => Ok(()),
        Some(cap) => {
            let money = |m: Money| crate::output::format::money_label(m, &base.currency);
            Err(Error::invalid(
                Diagnostic::error("a cap of --cap is below paid_before")
                    .at(Location::Argument(format!("--cap {text}")))
                    .found(format!(
                        "cap {}, paid_before {}",
                        money(*cap),
                        money(paid_before)
                    ))
                    .expected(
                        "caps of at least paid_before: what was paid before counts toward the cap",
                    ),
            ))
        }
    }
}

/// paths × caps ≤ 10,000,000 and paths × caps × periods ≤ 200,000,000 (SPEC §7.3).
fn limits(paths: u64, caps: u64, periods: u64) -> Result<()> {
    let runs = paths.saturating_mul(caps);
    let cells = runs.saturating_mul(periods);
    let group = |n: u64| crate::output::format::group_digits(&n.to_string());
    let problem = if runs > MAX_PATH_RUNS {
        Some((
            format!(
                "{} paths × {} caps = {}",
                group(paths),
                group(caps),
                group(runs)
            ),
            "paths × caps of at most 10,000,000",
        ))
    } else if cells > MAX_PATH_PERIODS {
        Some((
            format!(
                "{} paths × {} caps × {} periods = {}",
                group(paths),
                group(caps),
                group(periods),
                group(cells)
            ),
            "paths × caps × periods of at most 200,000,000 (fewer paths, or longer periods)",
        ))
    } else {
        None
    };
    match problem {
        None => Ok(()),
        Some((found, expected)) => Err(Error::invalid(
            Diagnostic::error("too many paths for the quantile buffers")
                .at(Location::Argument("--paths".into()))
                .found(found)
                .expected(expected),
        )),
    }
}

/// `mc_binds.csv`'s dates: from the earliest possible effective date to the latest possible
/// sunset (a drawn date's range, else the scenario's).
fn bind_dates(settings: &Settings, base: &Scenario) -> Vec<jiff::civil::Date> {
    let range = |field: &str| settings.share_draw(field).and_then(|d| d.date_range());
    let effective = range("effective").unwrap_or((base.share.effective, base.share.effective));
    let drawn_sunset = range("sunset");
    let sunset = drawn_sunset.unwrap_or((base.share.sunset, base.share.sunset));
    binds_dates(effective, sunset, drawn_sunset.is_some())
}

fn heading<'a>(settings: &Settings, base: &'a Scenario) -> mc_table::Heading<'a> {
    mc_table::Heading {
        scenario: &base.name,
        currency: &base.currency,
        paths: settings.paths,
        seed: settings.seed,
        sampling: match settings.sampling {
            Sampling::Lhs => "Latin hypercube",
            Sampling::Random => "random",
        },
        draws: settings.draws.iter().map(|p| p.draw.text()).collect(),
        sunset: settings.fixed_sunset(base),
    }
}

/// A progress bar on stderr when it is a terminal and the run is long enough to wait for.
fn progress_bar(paths: u64, quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || paths < 2_000 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(paths);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} paths, {per_sec}, {eta} left")
    {
        bar.set_style(style);
    }
    bar
}

/// `out/<stem>-mc` (SPEC §7.3).
fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map_or_else(|| "scenario".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from("out").join(format!("{stem}-mc"))
}
