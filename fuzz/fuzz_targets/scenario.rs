//! Fuzzes a whole scenario: the input is `TOML 0xFF CSV [0xFF --set lines]`. The TOML is
//! written as `scenario.toml` and the CSV beside it as `projections.csv` (a scenario reaches it
//! with `projections = "projections.csv"`); each line of the optional third part is a `--set`
//! argument. 0xFF never occurs in UTF-8, so the split never cuts a valid text. The scenario is
//! loaded, simulated and every output formatted; a panic is a crash, an error must name a file.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // No filter on `projections = "/dev/zero"` and the like: SPEC §7.6 refuses anything but
    // a regular file, so such a path must be an error, and a hang or an out-of-memory here is
    // a finding (libFuzzer reports both, given -timeout and -rss_limit_mb).
    let (s, sets) = common::write_scenario_input(data);
    let overrides = common::overrides(&sets, 4);
    common::load_and_run(&s.scenario, &overrides, overrides.is_empty());
});
