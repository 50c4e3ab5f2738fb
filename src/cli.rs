//! The command line (SPEC §3), as clap derive types only. `main` turns these into each
//! command's options; nothing below `commands` sees clap.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Revenue-share scenario simulator: applies a one-way share (rate, cap, sunset) to revenue
/// projections per stream and per cloud, and writes CSV, JSON and reports.
#[derive(Debug, Parser)]
#[command(name = "revshare", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write periods, streams, clouds and summary outputs.
    #[command(
        after_help = "Example:\n  revshare run scenarios/base.toml --set share.cap=50B --out out/cap-50b"
    )]
    Run(RunArgs),
    /// Run a scenario across a grid of values (caps, rates, dates, growth) and write sweep.csv.
    #[command(
        after_help = "Example:\n  revshare sweep scenarios/base.toml --vary share.rate=15%,20%,25% --cap 20B,38B,none"
    )]
    Sweep(SweepArgs),
    /// Short for `run --report html,xlsx,md`: the data, the charts and every report (or those
    /// `--report` names).
    #[command(after_help = "Example:\n  revshare report scenarios/base.toml")]
    Report(RunArgs),
    /// Run several scenarios and write them side by side.
    #[command(
        after_help = "Example:\n  revshare compare scenarios/bear.toml scenarios/base.toml scenarios/bull.toml"
    )]
    Compare(CompareArgs),
    /// Find the largest cap that is reached on or before a date.
    #[command(
        after_help = "Example:\n  revshare solve scenarios/base.toml --cap-binds-by 2029-12-31"
    )]
    Solve(SolveArgs),
    /// Monte Carlo: run many paths with uncertain values drawn from distributions, and say
    /// how likely the cap is to bind and the range of what is paid.
    #[command(
        after_help = "Example:\n  revshare mc scenarios/uncertain.toml --paths 100000 --draw 'share.cap=pert(20B,38B,60B)'"
    )]
    Mc(McArgs),
    /// Which assumptions move the result most: each key at a low and a high value.
    #[command(
        after_help = "Example:\n  revshare tornado scenarios/base.toml --swing share.cap=20B,60B --swing share.rate=15%,25%"
    )]
    Tornado(TornadoArgs),
    /// Check scenario files and report every problem found.
    #[command(after_help = "Example:\n  revshare validate scenarios/*.toml")]
    Validate(ValidateArgs),
    /// Write a commented template scenario (never overwrites a file).
    #[command(after_help = "Example:\n  revshare init my-deal.toml")]
    Init(InitArgs),
    /// Print a shell completion script on stdout.
    #[command(
        after_help = "Example:\n  revshare completions bash > ~/.local/share/bash-completion/completions/revshare"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on stdout.
    #[command(after_help = "Example:\n  revshare man > revshare.1 && man ./revshare.1")]
    Man,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// Output directory [default: out/STEM, STEM the scenario file name without .toml].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Override a scenario value, e.g. --set share.cap=50B (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Do not render charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Chart file formats.
    #[arg(long, value_enum, default_value_t = ChartsArg::Both)]
    pub charts: ChartsArg,
    /// What to print on stdout.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    pub format: RunFormat,
    /// Reports to write too: a comma list of html (a self-contained page), xlsx (a workbook)
    /// and md (Markdown).
    #[arg(long, value_name = "FORMATS")]
    pub report: Option<String>,
}

/// `--charts`: which files each chart is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ChartsArg {
    Svg,
    Png,
    Both,
}

/// `run --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RunFormat {
    /// A readable summary: totals, cap status and hit date, paid per cloud.
    Table,
    /// summary.csv.
    Csv,
    /// summary.json.
    Json,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// A key and its values: a comma list (10B,20B,none) or a range FROM..TO:STEP (10B..50B:5B).
    /// Several make a grid; the last varies fastest.
    #[arg(long = "vary", value_name = "KEY=VALUES")]
    pub vary: Vec<String>,
    /// Short for --vary share.cap=VALUES.
    #[arg(long = "cap", value_name = "VALUES")]
    pub cap: Vec<String>,
    /// Override a scenario value for every case (a --vary of the same key wins).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Output directory [default: out/STEM-sweep, STEM the scenario file name without .toml].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Refuse grids with more cases than this.
    #[arg(long, value_name = "N", default_value_t = crate::sweep::DEFAULT_MAX_CASES)]
    pub max_cases: u64,
    /// Write only the I-th of N contiguous blocks of cases (for splitting across machines).
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Do not render charts.
    #[arg(long)]
    pub no_charts: bool,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// What to print: table (every case up to a screenful, then a sample that keeps the first,
    /// last and extreme cases), csv (sweep.csv, every row) or json (every row as an object).
    #[arg(long, value_enum, default_value_t = RunFormat::Table, hide_possible_values = true)]
    pub format: RunFormat,
    /// Reports to write too: a comma list of html (a self-contained page), xlsx (a workbook)
    /// and md (Markdown).
    #[arg(long, value_name = "FORMATS")]
    pub report: Option<String>,
}

#[derive(Debug, Args)]
pub struct McArgs {
    /// The scenario file (TOML); its [montecarlo] and [[uncertain]] tables are the defaults.
    pub scenario: PathBuf,
    /// A drawn key: KEY=DIST(PARAMETERS), e.g. share.cap=pert(20B,38B,60B),
    /// revenue.scale=lognormal(1,0.25), share.cap=discrete(38B:2,none:1) (repeatable).
    #[arg(long = "draw", value_name = "KEY=DIST")]
    pub draw: Vec<String>,
    /// Number of paths, 1 to 10,000,000 [default: the file's, else 10,000].
    #[arg(long, value_name = "N")]
    pub paths: Option<String>,
    /// Seed of the random numbers, 0 to 2^64-1 [default: the file's, else 1].
    #[arg(long, value_name = "S")]
    pub seed: Option<String>,
    /// lhs (Latin hypercube, one draw per stratum) or random [default: the file's, else lhs].
    #[arg(long, value_enum)]
    pub sampling: Option<SamplingArg>,
    /// Evaluate every path under each of these caps with the same draws: a comma list
    /// (20B,38B,none) or a range FROM..TO:STEP.
    #[arg(long = "cap", value_name = "VALUES")]
    pub cap: Option<String>,
    /// Override a scenario value for every path (a --draw of the same key wins).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Output directory [default: out/STEM-mc, STEM the scenario file name without .toml].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Reports to write too: a comma list of html, xlsx and md.
    #[arg(long, value_name = "FORMATS")]
    pub report: Option<String>,
    /// Chart file formats.
    #[arg(long, value_enum, default_value_t = ChartsArg::Both)]
    pub charts: ChartsArg,
    /// Do not render charts.
    #[arg(long)]
    pub no_charts: bool,
    /// What to print: table (quantiles, P(cap binds) by date) or json (mc_summary.json).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `mc --sampling`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SamplingArg {
    Lhs,
    Random,
}

/// `mc --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct TornadoArgs {
    /// The scenario file (TOML); without --swing its [[uncertain]] keys swing from P10 to P90.
    pub scenario: PathBuf,
    /// A key and its low and high values, e.g. share.cap=20B,60B (repeatable).
    #[arg(long = "swing", value_name = "KEY=LOW,HIGH")]
    pub swing: Vec<String>,
    /// The result the bars are ordered by.
    #[arg(long, value_enum, default_value_t = MetricArg::Paid)]
    pub metric: MetricArg,
    /// Override a scenario value for every run.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Output directory [default: out/STEM-tornado].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// What to print: table, csv (tornado.csv) or json.
    #[arg(long, value_enum, default_value_t = RunFormat::Table)]
    pub format: RunFormat,
    /// Chart file formats.
    #[arg(long, value_enum, default_value_t = ChartsArg::Both)]
    pub charts: ChartsArg,
    /// Do not render charts.
    #[arg(long)]
    pub no_charts: bool,
    /// Reports to write too: a comma list of html, xlsx and md.
    #[arg(long, value_name = "FORMATS")]
    pub report: Option<String>,
}

/// `tornado --metric`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricArg {
    Paid,
    Npv,
    Foregone,
    Accrued,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Two or more scenario files.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Output directory [default: out/compare].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Do not render charts.
    #[arg(long)]
    pub no_charts: bool,
    /// What to print: table (the summaries side by side, with each one's difference to the
    /// first), csv (compare.csv) or json (the summaries as a JSON array).
    #[arg(long, value_enum, default_value_t = RunFormat::Table, hide_possible_values = true)]
    pub format: RunFormat,
    /// Reports to write too: a comma list of html (a self-contained page), xlsx (a workbook)
    /// and md (Markdown).
    #[arg(long, value_name = "FORMATS")]
    pub report: Option<String>,
}

#[derive(Debug, Args)]
pub struct SolveArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// The date by which the cap must be reached.
    #[arg(long, value_name = "DATE")]
    pub cap_binds_by: String,
    /// Override a scenario value, e.g. --set share.rate=25%.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// What to print.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// One or more scenario files.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// How to report problems: text on stderr, or JSON objects on stdout for editors and scripts.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,
}

/// `validate --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the template.
    #[arg(default_value = "scenario.toml")]
    pub path: PathBuf,
}
