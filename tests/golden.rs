//! Golden tests: the shipped scenarios' CSV and JSON outputs, byte for byte, so any change to
//! the numbers is seen in review. The goldens were checked by hand (rows noted in
//! `tests/golden/README.md`) before they were accepted.
//!
//! To accept a deliberate change: `REVSHARE_BLESS=1 cargo test --test golden`, then review the
//! diff of `tests/golden/` like code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use revshare::cli::RunFormat;
use revshare::commands::run::{RunOptions, run};
use std::path::{Path, PathBuf};

const FILES: [&str; 5] = [
    "periods.csv",
    "streams.csv",
    "clouds.csv",
    "summary.csv",
    "summary.json",
];

fn check(stem: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let options = RunOptions {
        scenario: root.join("scenarios").join(format!("{stem}.toml")),
        out: Some(out.path().to_path_buf()),
        set: Vec::new(),
        charts: revshare::output::charts::ChartFormats::NONE,
        format: RunFormat::Table,
        reports: Default::default(),
        arguments: Vec::new(),
    };
    run(&options).unwrap_or_else(|e| panic!("{stem}: {}", e.render()));
    let golden_dir: PathBuf = root.join("tests/golden").join(stem);
    let bless = std::env::var_os("REVSHARE_BLESS").is_some();
    for file in FILES {
        let got = std::fs::read_to_string(out.path().join(file)).unwrap();
        let golden = golden_dir.join(file);
        if bless {
            std::fs::create_dir_all(&golden_dir).unwrap();
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
            panic!(
                "missing {}: run with REVSHARE_BLESS=1 and review",
                golden.display()
            )
        });
        if got != want {
            let (line, (g, w)) = got
                .lines()
                .zip(want.lines())
                .enumerate()
                .find(|(_, (g, w))| g != w)
                .map(|(i, pair)| (i + 1, pair))
                .unwrap_or((
                    got.lines().count().min(want.lines().count()) + 1,
                    ("<end>", "<end>"),
                ));
            panic!(
                "{stem}/{file} differs from the golden at line {line}:\n  got:  {g}\n  want: {w}"
            );
        }
    }
}

#[test]
fn base_outputs_match_golden() {
    check("base");
}

#[test]
fn bull_outputs_match_golden() {
    check("bull");
}

#[test]
fn bear_outputs_match_golden() {
    check("bear");
}

#[test]
fn monthly_projections_outputs_match_golden() {
    check("monthly");
}
