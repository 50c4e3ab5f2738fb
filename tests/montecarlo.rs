//! Monte Carlo paths (SPEC §7.3, issue 13): every path equals `revshare run --set …` with its
//! drawn values, to the cent; the bytes do not depend on threads or on how the paths are
//! split; an invalid path is named with its values.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use revshare::montecarlo::draw::Draw;
use revshare::montecarlo::paths::Paths;
use revshare::montecarlo::sampling::{Sampler, Sampling};
use revshare::scenario;
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
    let runner = Paths {
        parsed: &parsed,
        set: &[],
        draws: &draws,
        sampler: &sampler,
        caps: &[],
    };
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
    let runner = Paths {
        parsed: &parsed,
        set: &[],
        draws: &draws,
        sampler: &sampler,
        caps: &[],
    };
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
    let runner = Paths {
        parsed: &parsed,
        set: &[],
        draws: &draws,
        sampler: &sampler,
        caps: &[],
    };
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
