//! SPEC §4 and §6.32: outputs are all or nothing. A failed command leaves the earlier outputs
//! byte for byte as they were and no temporary file behind; a successful one removes what the
//! previous manifest listed and it no longer writes, and nothing else. Also: the same command
//! gives the same bytes, and `--format csv|json` prints exactly the summary file.
//!
//! The failures are real file-system failures that happen to root too (CI runs as root, for
//! whom a read-only directory is writable): an output path under a regular file, a write cut
//! short by a file-size limit while the outputs are being staged, and an output name taken by
//! a non-empty directory, so that renaming into place fails after other outputs have been
//! renamed. (A rename that fails on the new file itself is tested in `src/output/staged.rs`.)

use crate::support::{Output, Test, VALID, assert_unchanged, snapshot, unindent};
use std::collections::BTreeMap;
use std::path::Path;

/// The outputs of `run` besides the charts and the manifest, in the order they are staged.
const TABLES: [&str; 5] = [
    "periods.csv",
    "streams.csv",
    "clouds.csv",
    "summary.csv",
    "summary.json",
];

/// [`VALID`] with a cap of 600M instead of 500M: every table changes.
fn changed() -> String {
    VALID.replace("500M", "600M")
}

/// Runs [`VALID`] into `out/x` and returns the test directory with the files written there.
fn first_run() -> (Output, BTreeMap<String, Vec<u8>>) {
    first_run_with(&[])
}

fn first_run_with(extra: &[&str]) -> (Output, BTreeMap<String, Vec<u8>>) {
    let out = Test::new()
        .file("s.toml", VALID)
        .args(&["run", "s.toml", "--out", "out/x"])
        .args(extra)
        .run();
    let files = snapshot(&out.path().join("out/x"));
    for name in TABLES {
        assert!(
            files.contains_key(name),
            "{name} not written: {:?}",
            files.keys()
        );
    }
    (out, files)
}

/// Asserts that a successful run of [`changed`] would write other bytes to each of `names`
/// than `before` holds, so that finding the old bytes after a failed run shows they were kept
/// or put back, not rewritten with the same content.
fn assert_changed_run_differs(before: &BTreeMap<String, Vec<u8>>, names: &[&str]) {
    let out = Test::new()
        .file("s.toml", &changed())
        .args(&["run", "s.toml", "--out", "out/x"])
        .run();
    for name in names {
        assert_ne!(
            before.get(*name).map(Vec::as_slice),
            Some(out.read(&format!("out/x/{name}")).as_slice()),
            "{name}: the changed scenario writes the same bytes"
        );
    }
}

/// No hidden file is left in `dir`: staged outputs are `.tmp*` files and the old outputs moved
/// aside while renaming are `.revshare-old-*` files.
fn assert_no_temp_files(dir: &Path) {
    for name in snapshot(dir).keys() {
        assert!(
            !name.starts_with('.'),
            "temporary file left behind in {}: {name}",
            dir.display()
        );
    }
}

/// Replaces the output `name` in `dir` with a directory holding a file, which no rename can
/// replace (`rename(2)` of a directory onto a file fails with ENOTDIR, also for root).
fn block_with_directory(dir: &Path, name: &str) {
    std::fs::remove_file(dir.join(name)).unwrap();
    std::fs::create_dir_all(dir.join(name).join("keep")).unwrap();
    std::fs::write(dir.join(name).join("keep/mine.txt"), "mine").unwrap();
}

fn assert_directory_kept(dir: &Path, name: &str) {
    assert_eq!(
        std::fs::read(dir.join(name).join("keep/mine.txt")).unwrap(),
        b"mine",
        "{name}/keep/mine.txt"
    );
}

#[test]
fn failed_run_leaves_earlier_outputs_untouched() {
    let (out, before) = first_run();
    // The same scenario with a negative amount: exit 2, nothing written.
    let out = out
        .then()
        .file(
            "s.toml",
            &VALID.replace(r#"2027 = "2B""#, r#"2027 = "-2B""#),
        )
        .args(&["run", "s.toml", "--out", "out/x"])
        .status(2)
        .stderr_contains("error: amount must be >= 0")
        .run();
    assert_unchanged(&out.path().join("out/x"), &before);
    assert_no_temp_files(&out.path().join("out/x"));
}

#[test]
fn failed_computation_leaves_earlier_outputs_untouched() {
    // The scenario loads and every year is below 10^15, but the total is not: still nothing
    // is written.
    let (out, before) = first_run();
    let out = out
        .then()
        .file(
            "s.toml",
            &VALID
                .replace(r#"2027 = "2B""#, r#"2027 = "600T""#)
                .replace(r#"2027 = "750M""#, r#"2027 = "600T""#),
        )
        .args(&["run", "s.toml", "--out", "out/x"])
        .status(2)
        .stderr_contains("error: amount too large for exact arithmetic")
        .run();
    assert_unchanged(&out.path().join("out/x"), &before);
    assert_no_temp_files(&out.path().join("out/x"));
}

#[test]
fn failed_set_leaves_earlier_outputs_untouched() {
    let (out, before) = first_run();
    let out = out
        .then()
        .args(&["run", "s.toml", "--out", "out/x", "--set", "share.cap=lots"])
        .status(2)
        .at_argument("--set share.cap=lots")
        .run();
    assert_unchanged(&out.path().join("out/x"), &before);
    assert_no_temp_files(&out.path().join("out/x"));
}

#[test]
fn output_under_a_regular_file_is_exit_1_naming_the_path() {
    // SPEC §6.29: the input is fine, the output cannot be written. The output directory
    // cannot be created under a regular file (ENOTDIR).
    let (out, before) = first_run();
    let out = out
        .then()
        .file("blocker", "a regular file, not a directory")
        .args(&["run", "s.toml", "--out", "blocker/x"])
        .status(1)
        .stderr_contains("error: cannot write blocker/x: ")
        .run();
    assert_unchanged(&out.path().join("out/x"), &before);
    assert_eq!(out.read("blocker"), b"a regular file, not a directory\n");
    assert_no_temp_files(out.path());
}

#[test]
fn write_failing_while_staging_is_exit_1_and_keeps_earlier_outputs() {
    // A file-size limit (RLIMIT_FSIZE, which binds root too) lets the tables and the first SVG
    // chart (a few KiB each) be written to their temporary files, then cuts the first PNG
    // (over 100 KiB) short with EFBIG. Nothing is renamed: the earlier outputs stay, and the
    // temporary files already written are removed.
    let (out, before) = first_run();
    assert_changed_run_differs(&before, &TABLES);
    std::fs::write(out.path().join("s.toml"), unindent(&changed())).unwrap();
    // 64 blocks: 32 KiB in dash's 512-byte blocks, 64 KiB in bash's 1024-byte ones. SIGXFSZ
    // is ignored so that the write fails instead of killing the process.
    let output = std::process::Command::new("/bin/sh")
        .args(["-c", r#"trap '' XFSZ; ulimit -f 64 && exec "$0" "$@""#])
        .arg(env!("CARGO_BIN_EXE_revshare"))
        .args(["run", "s.toml", "--out", "out/x"])
        .current_dir(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    // The error names the output, not the temporary file.
    assert!(
        stderr.starts_with("error: cannot write out/x/revenue_by_cloud.png: ")
            && !stderr.contains(".tmp"),
        "{stderr}"
    );
    let dir = out.path().join("out/x");
    assert_unchanged(&dir, &before);
    assert_no_temp_files(&dir);
}

#[test]
fn rename_failing_part_way_puts_back_every_replaced_file() {
    // summary.json cannot be replaced: a non-empty directory has taken its name. periods.csv,
    // streams.csv, clouds.csv and summary.csv are staged before it, so they have already been
    // renamed into place, holding the changed scenario's numbers, when the rename of
    // summary.json fails: each must get its old bytes back, and no temporary file nor any old
    // output moved aside may be left.
    let (out, _) = first_run();
    let dir = out.path().join("out/x");
    block_with_directory(&dir, "summary.json");
    let before = snapshot(&dir);
    assert_changed_run_differs(&before, &TABLES[..4]);
    let out = out
        .then()
        .file("s.toml", &changed())
        .args(&["run", "s.toml", "--out", "out/x"])
        .status(1)
        .stderr_contains("error: cannot write out/x/summary.json: ")
        .run();
    assert_unchanged(&dir, &before);
    assert_no_temp_files(&dir);
    assert_directory_kept(&dir, "summary.json");
    drop(out);
}

#[test]
fn rename_failing_at_the_manifest_removes_new_files_and_restores_old_ones() {
    // The manifest is renamed last, after every other output. The first run wrote no charts;
    // the second writes them, so when its manifest cannot be renamed (a non-empty directory
    // has its name) it has replaced every table and created six chart files: the tables must
    // get their old bytes back and the charts must go.
    let (out, _) = first_run_with(&["--no-charts"]);
    let dir = out.path().join("out/x");
    block_with_directory(&dir, "manifest.json");
    let before = snapshot(&dir);
    assert!(!before.keys().any(|n| n.ends_with(".png")), "{before:?}");
    assert_changed_run_differs(&before, &TABLES);
    let out = out
        .then()
        .file("s.toml", &changed())
        .args(&["run", "s.toml", "--out", "out/x"])
        .status(1)
        .stderr_contains("error: cannot write out/x/manifest.json: ")
        .run();
    assert_unchanged(&dir, &before);
    assert_no_temp_files(&dir);
    assert_directory_kept(&dir, "manifest.json");
    drop(out);
}

/// Makes the manifest in `dir` list `payments.svg` and writes that file: an output of an
/// earlier run, which a successful run without charts removes.
fn add_stale_output(dir: &Path) {
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    value["outputs"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "file": "payments.svg", "sha256": "" }));
    std::fs::write(dir.join("manifest.json"), value.to_string()).unwrap();
    std::fs::write(dir.join("payments.svg"), "<svg/>").unwrap();
}

#[test]
fn stale_outputs_of_the_previous_manifest_are_removed() {
    // SPEC §6.32's own example: `--no-charts` after a run with charts removes the charts, and
    // nothing that no manifest lists.
    let (out, _) = first_run();
    let dir = out.path().join("out/x");
    add_stale_output(&dir);
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let out = out
        .then()
        .args(&["run", "s.toml", "--out", "out/x", "--no-charts"])
        .run();
    assert!(!dir.join("payments.svg").exists(), "stale output kept");
    assert!(!dir.join("cumulative.png").exists(), "stale chart kept");
    assert_eq!(out.read("out/x/notes.txt"), b"mine");
    assert!(dir.join("periods.csv").exists());
    assert_no_temp_files(&dir);
}

#[test]
fn stale_outputs_are_kept_when_the_run_fails() {
    let (out, _) = first_run_with(&["--no-charts"]);
    let dir = out.path().join("out/x");
    add_stale_output(&dir);
    let before = snapshot(&dir);
    let out = out
        .then()
        .args(&["run", "s.toml", "--out", "out/x", "--set", "share.rate=2"])
        .status(2)
        .stderr_contains("error: rate out of range")
        .run();
    assert_unchanged(&dir, &before);
    drop(out);
}

#[test]
fn stale_outputs_are_kept_when_a_rename_fails() {
    // Stale outputs are removed only once every new output is in place: here summary.json
    // cannot be replaced, so payments.svg, which a successful `--no-charts` run would remove,
    // stays with everything else.
    let (out, _) = first_run_with(&["--no-charts"]);
    let dir = out.path().join("out/x");
    add_stale_output(&dir);
    block_with_directory(&dir, "summary.json");
    let before = snapshot(&dir);
    let out = out
        .then()
        .args(&["run", "s.toml", "--out", "out/x", "--no-charts"])
        .status(1)
        .stderr_contains("error: cannot write out/x/summary.json: ")
        .run();
    assert_unchanged(&dir, &before);
    assert_no_temp_files(&dir);
    drop(out);
}

#[test]
fn no_charts_after_charts_leaves_only_the_new_manifest_outputs() {
    // SPEC §6.32's own example. Whatever charts a run writes, a `--no-charts` run afterwards
    // leaves exactly the files its manifest lists (plus the manifest itself).
    let out = Test::new()
        .file("s.toml", VALID)
        .args(&["run", "s.toml", "--out", "o"])
        .run()
        .then()
        .args(&["run", "s.toml", "--out", "o", "--no-charts"])
        .run();
    let manifest: serde_json::Value =
        serde_json::from_str(&out.read_text("o/manifest.json")).unwrap();
    let mut listed: Vec<String> = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["file"].as_str().unwrap().to_owned())
        .collect();
    listed.push("manifest.json".into());
    listed.sort();
    let present: Vec<String> = snapshot(&out.path().join("o")).into_keys().collect();
    assert_eq!(present, listed);
    assert!(
        !present
            .iter()
            .any(|f| f.ends_with(".svg") || f.ends_with(".png"))
    );
}

#[test]
fn manifest_lists_every_output_with_its_hash() {
    let (out, files) = first_run();
    let manifest: serde_json::Value =
        serde_json::from_str(&out.read_text("out/x/manifest.json")).unwrap();
    let outputs = manifest["outputs"].as_array().unwrap();
    assert_eq!(
        outputs.len(),
        files.len() - 1,
        "every file but the manifest"
    );
    for o in outputs {
        let name = o["file"].as_str().unwrap();
        assert!(files.contains_key(name), "{name} listed but not written");
        assert_eq!(o["sha256"].as_str().unwrap().len(), 64);
    }
    assert_eq!(manifest["inputs"][0]["path"], "s.toml");
}

#[test]
fn same_command_twice_gives_identical_bytes() {
    let (out, first) = first_run();
    let out = out.then().args(&["run", "s.toml", "--out", "out/x"]).run();
    assert_unchanged(&out.path().join("out/x"), &first);
}

#[test]
fn default_output_directory_is_out_slash_stem() {
    let out = Test::new()
        .file("base case.toml", VALID)
        .args(&["run", "base case.toml"])
        .stderr_contains("outputs in out/base case\n")
        .run();
    assert!(out.path().join("out/base case/summary.csv").is_file());
}

#[test]
fn format_csv_prints_summary_csv() {
    let out = Test::new()
        .file("s.toml", VALID)
        .args(&["run", "s.toml", "--format", "csv"])
        .run();
    assert_eq!(out.stdout.as_bytes(), out.read("out/s/summary.csv"));
    assert!(out.stdout.starts_with(
        "scenario,currency,start,end,periods,revenue,qualifying_revenue,accrued,paid,foregone,cap,cap_reached,cap_hit_date,effective_rate,npv,first_cash_date,last_cash_date,binding_threshold,paid_before\n"
    ));
}

#[test]
fn format_json_prints_summary_json() {
    let out = Test::new()
        .file("s.toml", VALID)
        .args(&["run", "s.toml", "--format", "json"])
        .run();
    assert_eq!(out.stdout.as_bytes(), out.read("out/s/summary.json"));
    let summary: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    // 20% of 1.5B in 2026 and of 2.75B in 2027 is 850M, plus 2 cents from rounding each
    // stream's quarter to cents (SPEC §6.11); the cap of 500M binds in 2027.
    assert_eq!(summary["accrued"], "850000000.02");
    assert_eq!(summary["paid"], "500000000.00");
    assert_eq!(summary["foregone"], "350000000.02");
    assert_eq!(summary["cap_reached"], true);
    // Issue 11: where the outputs went is said on stderr, also with --format json.
    assert_eq!(out.stderr, "outputs in out/s\n");
}

/// Issue 11: compare too says where its outputs went, on stderr, in every format.
#[test]
fn compare_says_where_the_outputs_went_on_stderr() {
    for format in ["table", "csv", "json"] {
        let out = Test::new()
            .file("a.toml", VALID)
            .file("b.toml", VALID)
            .args(&[
                "compare",
                "a.toml",
                "b.toml",
                "--no-charts",
                "--format",
                format,
            ])
            .run();
        assert_eq!(out.stderr, "outputs in out/compare\n", "{format}");
        assert!(
            !out.stdout.contains("outputs in"),
            "{format}: {}",
            out.stdout
        );
    }
}
