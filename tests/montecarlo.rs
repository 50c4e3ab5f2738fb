//! Monte Carlo paths (SPEC §7.3, issue 13): every path equals `revshare run --set …` with its
//! drawn values, to the cent; the bytes do not depend on threads or on how the paths are
//! split; an invalid path is named with its values.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use revshare::montecarlo::draw::Draw;
use revshare::montecarlo::paths::Paths;
use revshare::montecarlo::sampling::{Sampler, Sampling};
use revshare::scenario;
use revshare::scenario::overrides::Override;
use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The benchmark draws: a cap prior, revenue uncertainty and a cloud-mix uncertainty.
fn draws() -> Vec<Draw> {
    [
        "share.cap=pert(20B,38B,60B)",
        "revenue.scale=lognormal(1,0.25)",
        "cloud.aws.scale=uniform(50%,200%)",
    ]
    .iter()
    .map(|d| Draw::parse(d).unwrap())
    .collect()
}

fn csv(paths: usize, threads: usize, split: &[u64]) -> Vec<u8> {
    let parsed = scenario::parse(&root().join("scenarios/base.toml")).unwrap();
    let draws = draws();
    let sampler = Sampler::new(7, paths as u64, Sampling::Lhs);
    let runner = Paths::new(&parsed, &[], &draws, &sampler, &[]);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let mut all = Vec::new();
    let mut start = 0;
    for &end in split.iter().chain([paths as u64].iter()) {
        all.extend(pool.install(|| runner.run(start..end)).unwrap());
        start = end;
    }
    runner.csv(&all)
}

#[test]
fn every_path_equals_a_run_with_its_drawn_values() {
    let bytes = csv(40, 2, &[]);
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(
        &header[..4],
        ["path", "share.cap", "revenue.scale", "cloud.aws.scale"]
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 40);
    for row in [rows[0], rows[16], rows[39]] {
        let cells: Vec<&str> = row.splitn(5, ',').collect();
        let run = Command::new(env!("CARGO_BIN_EXE_revshare"))
            .current_dir(root())
            .args([
                "run",
                "scenarios/base.toml",
                "--no-charts",
                "--format",
                "csv",
            ])
            .args([
                "--out",
                std::env::temp_dir()
                    .join("revshare-mc-check")
                    .to_str()
                    .unwrap(),
            ])
            .args(["--set", &format!("share.cap={}", cells[1])])
            .args(["--set", &format!("revenue.scale={}", cells[2])])
            .args(["--set", &format!("cloud.aws.scale={}", cells[3])])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let stdout = String::from_utf8(run.stdout).unwrap();
        assert_eq!(
            stdout.lines().nth(1).unwrap(),
            cells[4],
            "path {}",
            cells[0]
        );
    }
    // The draws are spread: not every path has the same cap.
    let caps: std::collections::HashSet<&str> =
        rows.iter().map(|r| r.split(',').nth(1).unwrap()).collect();
    assert!(caps.len() > 30, "{} distinct caps", caps.len());
}

#[test]
fn the_bytes_do_not_depend_on_threads_or_chunks() {
    let one = csv(30, 1, &[]);
    assert_eq!(one, csv(30, 2, &[]));
    assert_eq!(one, csv(30, 2, &[7, 19]));
}

#[test]
fn an_invalid_path_is_named_with_its_values() {
    // A sunset drawn before the effective date (2026-04-27) on some paths.
    let parsed = scenario::parse(&root().join("scenarios/base.toml")).unwrap();
    let draws = vec![Draw::parse("share.sunset=uniform(2025-01-01,2031-12-31)").unwrap()];
    let sampler = Sampler::new(1, 20, Sampling::Lhs);
    let runner = Paths::new(&parsed, &[], &draws, &sampler, &[]);
    let error = runner.run(0..20).unwrap_err().render();
    assert!(error.contains("error: path "), "{error}");
    assert!(error.contains("(share.sunset=20"), "{error}");
    assert!(error.contains("`sunset` is before `effective`"), "{error}");
}

#[test]
fn a_paths_cumulative_paid_ends_at_its_total_paid() {
    let parsed = scenario::parse(&root().join("scenarios/base.toml")).unwrap();
    let draws = draws();
    let sampler = Sampler::new(5, 8, Sampling::Random);
    let runner = Paths::new(&parsed, &[], &draws, &sampler, &[]);
    for path in runner.run(0..8).unwrap() {
        // Base has 28 quarters; the last cumulative is everything paid.
        assert_eq!(path.cumulative.len(), 28);
        assert_eq!(
            path.cumulative.last().copied(),
            i64::try_from(path.summary.paid.cents()).ok()
        );
        assert!(path.cumulative.windows(2).all(|w| w[0] <= w[1]));
    }
}

/// A random small scenario file: 1–3 streams on 1–3 clouds, 2026–2029, yearly, quarterly or
/// monthly periods, amounts with cents, a growth year, a cap or none.
fn scenario_text(streams: &[(u64, u64, i64)], period: &str, cap: Option<u64>, rate: u32) -> String {
    let mut text = format!(
        "[scenario]\nstart = 2026-01-01\nend = 2029-12-31\nperiod = \"{period}\"\n\
         discount_rate = \"8%\"\nvaluation_date = 2026-03-01\n\n[share]\nrate = \"{rate}%\"\n\
         effective = 2026-04-27\nsunset = 2028-12-31\npayment_lag_days = 30\n"
    );
    if let Some(cap) = cap {
        text.push_str(&format!("cap = \"{cap}.25\"\n"));
    }
    for (s, &(a, b, growth)) in streams.iter().enumerate() {
        text.push_str(&format!(
            "\n[[stream]]\nname = \"S{s}\"\ncloud = \"c{}\"\n\
             annual = {{ 2026 = \"{a}.37\", 2027 = \"{b}.01\" }}\ngrowth = \"{growth}%\"\n",
            s % 2
        ));
    }
    text
}

/// Draws valid for every scenario of [`scenario_text`] (clouds c0 and c1, stream S0).
const DRAWS: &[&str] = &[
    "share.cap=pert(1000,40000,90000)",
    "share.cap=discrete(5000:1,none:2,20000.50:1)",
    "share.cap=lognormal(30000,0.5)",
    "share.rate=triangular(5%,20%,40%)",
    "share.rate=normal(20%,5%,0%,100%)",
    "revenue.scale=lognormal(1,0.3)",
    "cloud.c0.scale=uniform(0%,300%)",
    "stream.S0.scale=discrete(0.5:1,1:1,1.333333:1)",
    "stream.S0.growth=normal(5%,10%,-50%,80%)",
    "share.sunset=uniform(2027-06-30,2029-12-31)",
    "share.payment_lag_days=uniform(0,90)",
    "scenario.discount_rate=triangular(0%,8%,15%)",
    "stream.S0.qualifying=discrete(true:3,false:1)",
    "share.rate=discrete(0.1234565:1,0.2:1)",
    "stream.S0.growth=discrete(0.0512345678:1,-0.1:1)",
];

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(120))]

    /// Each sampled path's summary equals a build of the file with its values as `--set`
    /// text (the route a rerun of an `mc_paths.csv` row takes) and a fresh engine run; and
    /// the rows are the same bytes at one and two threads and in any split into chunks.
    #[test]
    fn sampled_paths_equal_runs_of_their_values(
        streams in proptest::collection::vec((1u64..50_000, 1u64..90_000, -20i64..40), 1..4),
        period in proptest::sample::select(vec!["year", "quarter", "month"]),
        cap in proptest::option::of(0u64..100_000),
        rate in 0u32..=100,
        picked in proptest::sample::subsequence((0..DRAWS.len()).collect::<Vec<_>>(), 1..4),
        seed in proptest::prelude::any::<u64>(),
        n in 1u64..10,
        lhs in proptest::prelude::any::<bool>(),
        split in 0u64..10,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("s.toml");
        std::fs::write(&file, scenario_text(&streams, period, cap, rate)).unwrap();
        let parsed = scenario::parse(&file).unwrap();
        let draws: Vec<Draw> = picked.iter().map(|&i| Draw::parse(DRAWS[i]).unwrap()).collect();
        let sampling = if lhs { Sampling::Lhs } else { Sampling::Random };
        let sampler = Sampler::new(seed, n, sampling);
        let runner = Paths::new(&parsed, &[], &draws, &sampler, &[] );
        let pool = |threads| rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        // Every draw of DRAWS is valid with every scenario of `scenario_text`.
        let whole = pool(2).install(|| runner.run(0..n)).unwrap();
        for path in &whole {
            let overrides: Vec<Override> = draws
                .iter()
                .zip(&path.values)
                .map(|(d, v)| {
                    // The cell mc_paths.csv writes (a none cap as `none`): what a rerun types.
                    let cell = match v {
                        revshare::sweep::values::Value::Cap(None) => "none".to_owned(),
                        other => other.cell(),
                    };
                    let text = format!("{}={cell}", d.key.text());
                    Override::parse(&text, "--set").unwrap()
                })
                .collect();
            let built = scenario::build(&parsed, &overrides).unwrap();
            let outcome = revshare::engine::simulate(&built.scenario).unwrap();
            proptest::prop_assert_eq!(&path.summary, &outcome.summary);
            let cumulative: Vec<i64> = outcome
                .periods
                .iter()
                .map(|p| i64::try_from(p.cumulative_paid.cents()).unwrap())
                .collect();
            proptest::prop_assert_eq!(&path.cumulative, &cumulative);
        }
        // The fast evaluator's rows equal the rows of every path built from text.
        let slow = Paths { fast: None, ..Paths::new(&parsed, &[], &draws, &sampler, &[]) };
        let built = pool(2).install(|| slow.run(0..n)).unwrap();
        proptest::prop_assert_eq!(runner.csv(&whole), slow.csv(&built));
        let split = split.min(n);
        let mut parts = pool(1).install(|| runner.run(0..split)).unwrap();
        parts.extend(pool(1).install(|| runner.run(split..n)).unwrap());
        proptest::prop_assert_eq!(runner.csv(&whole), runner.csv(&parts));
    }
}
