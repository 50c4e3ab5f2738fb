//! The `revshare` binary: parse arguments, run one command, print its error once, exit with
//! its code (0 success, 2 bad input, 1 anything else — SPEC §3).

use clap::{ArgMatches, CommandFactory, FromArgMatches};
use revshare::cli::{ChartsArg, Cli, Command, MetricArg, SamplingArg};
use revshare::commands::{compare, init, mc, run, solve, sweep, tornado, validate};
use revshare::montecarlo::sampling::Sampling;
use revshare::output::charts::ChartFormats;
use revshare::output::report::ReportFormats;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.format(&mut Cli::command()).exit(),
    };
    let varies = matches
        .subcommand_matches("sweep")
        .map(ordered_varies)
        .unwrap_or_default();
    // `args()` panics on an argument that is not UTF-8 (a file name clap accepted as a path):
    // the manifest records such an argument with U+FFFD in place of the bytes it cannot show.
    let arguments: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let result = match cli.command {
        Command::Run(args) => run_command(args, arguments),
        Command::Report(mut args) => {
            // `report` is `run --report html,xlsx,md`, unless it is told which reports to write.
            if args.report.is_none() {
                args.report = Some("html,xlsx,md".into());
            }
            run_command(args, arguments)
        }
        Command::Sweep(args) => ReportFormats::parse(args.report.as_deref().unwrap_or(""))
            .map_err(revshare::error::Error::Usage)
            .and_then(|reports| {
                sweep::sweep(&sweep::SweepOptions {
                    scenario: args.scenario,
                    out: args.out,
                    set: args.set,
                    max_cases: args.max_cases,
                    shard: args.shard,
                    charts: if args.no_charts {
                        ChartFormats::NONE
                    } else {
                        ChartFormats::BOTH
                    },
                    reports,
                    quiet: args.quiet,
                    format: args.format,
                    varies,
                    arguments,
                })
            })
            .map(|printed| show(&printed)),
        Command::Compare(args) => ReportFormats::parse(args.report.as_deref().unwrap_or(""))
            .map_err(revshare::error::Error::Usage)
            .and_then(|reports| {
                compare::compare(&compare::CompareOptions {
                    scenarios: args.scenarios,
                    out: args.out,
                    charts: if args.no_charts {
                        ChartFormats::NONE
                    } else {
                        ChartFormats::BOTH
                    },
                    format: args.format,
                    reports,
                    arguments,
                })
            })
            .map(|printed| show(&printed)),
        Command::Mc(args) => ReportFormats::parse(args.report.as_deref().unwrap_or(""))
            .map_err(revshare::error::Error::Usage)
            .and_then(|reports| {
                mc::mc(&mc::McOptions {
                    scenario: args.scenario,
                    out: args.out,
                    set: args.set,
                    draws: args.draw,
                    paths: args.paths,
                    seed: args.seed,
                    sampling: args.sampling.map(|s| match s {
                        SamplingArg::Lhs => Sampling::Lhs,
                        SamplingArg::Random => Sampling::Random,
                    }),
                    cap: args.cap,
                    charts: chart_formats(args.no_charts, args.charts),
                    reports,
                    format: args.format,
                    quiet: args.quiet,
                    arguments,
                })
            })
            .map(|printed| show(&printed)),
        Command::Tornado(args) => ReportFormats::parse(args.report.as_deref().unwrap_or(""))
            .map_err(revshare::error::Error::Usage)
            .and_then(|reports| {
                tornado::tornado(&tornado::TornadoOptions {
                    scenario: args.scenario,
                    out: args.out,
                    set: args.set,
                    swings: args.swing,
                    metric: match args.metric {
                        MetricArg::Paid => tornado::Metric::Paid,
                        MetricArg::Npv => tornado::Metric::Npv,
                        MetricArg::Foregone => tornado::Metric::Foregone,
                        MetricArg::Accrued => tornado::Metric::Accrued,
                    },
                    charts: chart_formats(args.no_charts, args.charts),
                    format: args.format,
                    reports,
                    arguments,
                })
            })
            .map(|printed| show(&printed)),
        Command::Solve(args) => {
            solve::solve(&args.scenario, &args.cap_binds_by, &args.set, args.format)
                .map(|printed| show(&printed))
        }
        Command::Validate(args) => {
            let report = validate::validate(&args.scenarios, args.format);
            eprint!("{}", report.stderr);
            print(&report.stdout);
            Ok(if report.failed { 2 } else { 0 })
        }
        Command::Init(args) => init::init(&args.path).map(|message| {
            print(&message);
            0
        }),
        // Both generated from the same clap definition as the parser, so they never drift.
        Command::Completions(args) => {
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "revshare", &mut script);
            print(&String::from_utf8_lossy(&script));
            Ok(0)
        }
        Command::Man => {
            let mut page = Vec::new();
            match clap_mangen::Man::new(Cli::command()).render(&mut page) {
                Ok(()) => {
                    print(&String::from_utf8_lossy(&page));
                    Ok(0)
                }
                Err(e) => Err(revshare::error::Error::Io {
                    path: "stdout".into(),
                    source: e,
                }),
            }
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => exit_with(&e),
    }
}

/// Prints the error once and returns its exit code.
fn exit_with(e: &revshare::error::Error) -> ExitCode {
    eprint!("{}", e.render());
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(1))
}

/// Prints a command's warnings to stderr and its text to stdout; exit status 0.
fn show(printed: &revshare::commands::Printed) -> u8 {
    for w in &printed.warnings {
        eprintln!("{w}");
    }
    print(&printed.stdout);
    if let Some(rows) = &printed.rows {
        let mut stdout = std::io::stdout().lock();
        match rows.print(&mut stdout) {
            // A closed pipe (`| head`) means the reader has what it wanted.
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                eprintln!("error: could not print {}: {e}", rows.path.display());
                return 1;
            }
            _ => {}
        }
    }
    for note in &printed.notes {
        eprintln!("{note}");
    }
    0
}

/// Prints to stdout; a closed pipe (`| head`) is not an error worth a panic.
fn print(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// `run` (and `report`): simulate, write, print warnings and the summary.
fn run_command(
    args: revshare::cli::RunArgs,
    arguments: Vec<String>,
) -> Result<u8, revshare::error::Error> {
    let reports = ReportFormats::parse(args.report.as_deref().unwrap_or(""))
        .map_err(revshare::error::Error::Usage)?;
    run::run(&run::RunOptions {
        scenario: args.scenario,
        out: args.out,
        set: args.set,
        charts: chart_formats(args.no_charts, args.charts),
        format: args.format,
        reports,
        arguments,
    })
    .map(|printed| show(&printed))
}

/// `--charts` and `--no-charts` as the formats to write.
fn chart_formats(no_charts: bool, charts: ChartsArg) -> ChartFormats {
    match (no_charts, charts) {
        (true, _) => ChartFormats::NONE,
        (false, ChartsArg::Svg) => ChartFormats {
            svg: true,
            png: false,
        },
        (false, ChartsArg::Png) => ChartFormats {
            svg: false,
            png: true,
        },
        (false, ChartsArg::Both) => ChartFormats::BOTH,
    }
}

/// `--vary` and `--cap` values in command-line order (SPEC §6.19: the last one varies
/// fastest), as clap saw them: each flag's values with their positions, merged.
fn ordered_varies(matches: &ArgMatches) -> Vec<(String, String)> {
    let mut all: Vec<(usize, String, String)> = Vec::new();
    for (id, flag) in [("vary", "--vary"), ("cap", "--cap")] {
        let values = matches.get_many::<String>(id).into_iter().flatten();
        let indices = matches.indices_of(id).into_iter().flatten();
        all.extend(
            indices
                .zip(values)
                .map(|(i, v)| (i, flag.to_owned(), v.clone())),
        );
    }
    all.sort_by_key(|(i, _, _)| *i);
    all.into_iter()
        .map(|(_, flag, value)| (flag, value))
        .collect()
}
