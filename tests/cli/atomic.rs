//! SPEC §4 and §6.32: outputs are all or nothing. A failed command leaves the earlier outputs
//! byte for byte as they were and no temporary file behind; a successful one removes what the
//! previous manifest listed and it no longer writes, and nothing else. Also: the same command
//! gives the same bytes, and `--format csv|json` prints exactly the summary file.

use crate::support::{Test, VALID, assert_unchanged, snapshot};
use std::collections::BTreeMap;
use std::path::Path;

/// Runs [`VALID`] into `out/x` and returns the test directory with the files written there.
fn first_run() -> (crate::support::Output, BTreeMap<String, Vec<u8>>) {
    let out = Test::new()
        .file("s.toml", VALID)
        .args(&["run", "s.toml", "--out", "out/x"])
        .run();
    let files = snapshot(&out.path().join("out/x"));
    for name in [
        "periods.csv",
        "streams.csv",
        "clouds.csv",
        "summary.csv",
        "summary.json",
    ] {
        assert!(
            files.contains_key(name),
            "{name} not written: {:?}",
            files.keys()
        );
    }
    (out, files)
}

/// No temporary file is left in `dir` (the staging files are hidden `.tmp*` names).
fn assert_no_temp_files(dir: &Path) {
    for name in snapshot(dir).keys() {
        assert!(
            !name.starts_with(".tmp"),
            "temporary file left behind: {name}"
        );
    }
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
}

#[test]
fn output_under_a_regular_file_is_exit_1_naming_the_path() {
    // SPEC §6.29: the input is fine, the output cannot be written.
    let (out, before) = first_run();
    let out = out
        .then()
        .file("blocker", "a regular file, not a directory")
        .args(&["run", "s.toml", "--out", "blocker/x"])
        .status(1)
        .stderr_contains("error: cannot write blocker/x")
        .run();
    assert_unchanged(&out.path().join("out/x"), &before);
    assert_eq!(out.read("blocker"), b"a regular file, not a directory\n");
    assert_no_temp_files(out.path());
}

#[test]
fn read_only_output_directory_is_exit_1_and_keeps_earlier_outputs() {
    use std::os::unix::fs::PermissionsExt;
    let (out, before) = first_run();
    let dir = out.path().join("out/x");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    // A privileged user (root in a container) can write anyway: nothing to test then.
    let probe = dir.join("probe");
    if std::fs::write(&probe, b"").is_ok() {
        std::fs::remove_file(&probe).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let out = out
        .then()
        .file("s.toml", &VALID.replace("500M", "600M"))
        .args(&["run", "s.toml", "--out", "out/x"])
        .status(1)
        .stderr_contains("error: cannot write out/x")
        .run();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_unchanged(&dir, &before);
    assert_no_temp_files(&dir);
    drop(out);
}

#[test]
fn failed_rename_is_exit_1_and_leaves_no_temp_files() {
    // summary.json cannot be replaced: a directory has taken its name.
    let (out, _) = first_run();
    let dir = out.path().join("out/x");
    std::fs::remove_file(dir.join("summary.json")).unwrap();
    std::fs::create_dir_all(dir.join("summary.json/keep")).unwrap();
    let out = out
        .then()
        .args(&["run", "s.toml", "--out", "out/x"])
        .status(1)
        .stderr_contains("error: cannot write out/x/summary.json")
        .run();
    assert_no_temp_files(&dir);
    assert!(dir.join("summary.json/keep").is_dir());
    drop(out);
}

#[test]
fn failed_rename_leaves_earlier_outputs_untouched() {
    // SPEC §4: "a failed run leaves earlier outputs as they were". Here summary.json cannot be
    // replaced (a directory has taken its name), so the command fails with exit 1 — but
    // periods.csv, streams.csv, clouds.csv and summary.csv, renamed before it, already hold the
    // new run's numbers, beside the old manifest.
    let (out, _) = first_run();
    let dir = out.path().join("out/x");
    std::fs::remove_file(dir.join("summary.json")).unwrap();
    std::fs::create_dir_all(dir.join("summary.json/keep")).unwrap();
    let before = snapshot(&dir);
    let out = out
        .then()
        .file("s.toml", &VALID.replace("500M", "600M"))
        .args(&["run", "s.toml", "--out", "out/x"])
        .status(1)
        .stderr_contains("summary.json")
        .run();
    assert_unchanged(&dir, &before);
    drop(out);
}

#[test]
fn stale_outputs_of_the_previous_manifest_are_removed() {
    let (out, _) = first_run();
    let dir = out.path().join("out/x");
    // Pretend the previous run also wrote a chart; add a file that no manifest lists.
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    value["outputs"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "file": "payments.svg", "sha256": "" }));
    std::fs::write(dir.join("manifest.json"), value.to_string()).unwrap();
    std::fs::write(dir.join("payments.svg"), "<svg/>").unwrap();
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();

    // SPEC §6.32's own example: `--no-charts` after a run with charts removes the charts.
    let out = out
        .then()
        .args(&["run", "s.toml", "--out", "out/x", "--no-charts"])
        .run();
    assert!(!dir.join("payments.svg").exists(), "stale output kept");
    assert!(!dir.join("cumulative.png").exists(), "stale chart kept");
    assert_eq!(out.read("out/x/notes.txt"), b"mine");
    assert!(dir.join("periods.csv").exists());
}

#[test]
fn stale_outputs_are_kept_when_the_run_fails() {
    let (out, _) = first_run();
    let dir = out.path().join("out/x");
    let manifest = std::fs::read_to_string(dir.join("manifest.json")).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    value["outputs"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "file": "payments.svg", "sha256": "" }));
    std::fs::write(dir.join("manifest.json"), value.to_string()).unwrap();
    std::fs::write(dir.join("payments.svg"), "<svg/>").unwrap();
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
        .stdout_contains("outputs in out/base case")
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
        "scenario,currency,start,end,periods,revenue,qualifying_revenue,accrued,paid,foregone,cap,cap_reached,cap_hit_date,effective_rate,npv,first_cash_date,last_cash_date,binding_threshold\n"
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
}
