//! `revshare init` (SPEC §3, §6.21, §6.29): writes a commented template that validates and
//! runs as written, and never overwrites a file.

use crate::support::Test;

#[test]
fn init_writes_scenario_toml_in_the_current_directory() {
    let out = Test::new()
        .args(&["init"])
        .stdout_contains("wrote scenario.toml")
        .run();
    let text = out.read_text("scenario.toml");
    assert!(text.starts_with('#'), "the template is commented");
    assert!(text.contains("[scenario]") && text.contains("[share]") && text.contains("[[stream]]"));
}

#[test]
fn init_template_validates_without_warnings() {
    Test::new()
        .args(&["init"])
        .run()
        .then()
        .args(&["validate", "scenario.toml"])
        .stdout_contains("ok: scenario.toml")
        .run();
}

#[test]
fn init_template_runs() {
    let out = Test::new()
        .args(&["init", "my.toml"])
        .stdout_contains("wrote my.toml")
        .run()
        .then()
        .args(&["run", "my.toml", "--no-charts", "--format", "json"])
        .run();
    let summary: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(summary["scenario"], "My scenario");
    assert!(out.path().join("out/my/periods.csv").is_file());
    let paid: f64 = summary["paid"].as_str().unwrap().parse().unwrap();
    assert!(paid > 0.0, "the template pays something: {summary}");
}

#[test]
fn init_refuses_to_overwrite_an_existing_file() {
    let out = Test::new()
        .file("scenario.toml", "# my own work\n")
        .args(&["init"])
        .status(2)
        .stderr(
            "
            error: file already exists; init never overwrites
              --> scenario.toml
               = found: an existing file
               = expected: a path where no file exists yet

            ",
        )
        .run();
    assert_eq!(out.read("scenario.toml"), b"# my own work\n");
}

#[test]
fn init_refuses_a_path_that_is_a_directory() {
    let out = Test::new()
        .dir("taken")
        .args(&["init", "taken"])
        .status(2)
        .at_file("taken")
        .run();
    assert!(out.path().join("taken").is_dir());
}

#[test]
fn init_into_a_missing_directory_is_exit_1() {
    // The output cannot be written; the argument itself is fine (SPEC §6.29).
    Test::new()
        .args(&["init", "no/such/dir/s.toml"])
        .status(1)
        .stderr_contains("no/such/dir/s.toml")
        .run();
}
