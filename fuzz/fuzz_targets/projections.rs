//! Fuzzes the projections CSV alone: a fixed valid scenario reads the input as its
//! `projections.csv`, is loaded, simulated and every output formatted. A panic is a crash; an
//! error must name a file.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// Monthly periods over a horizon that CSV blocks can overlap, clip and fall outside of; one
/// `[[stream]]` so that a CSV stream of the same name is a conflict.
const SCENARIO: &str = r#"[scenario]
name = "Projections"
start = 2026-01-01
end = 2027-12-31
period = "month"
discount_rate = "6.5%"
valuation_date = 2026-04-27
projections = "projections.csv"

[share]
rate = "20%"
cap = "$10bn"
effective = 2026-04-27
sunset = 2027-06-30
payment_lag_days = 30
clouds = ["azure", "aws", "gcp", "oracle"]

[[stream]]
name = "TOML stream"
cloud = "azure"
annual = { 2026 = "1B", 2027 = "2B" }
"#;

fuzz_target!(|data: &[u8]| {
    static WRITTEN: OnceLock<()> = OnceLock::new();
    let s = common::scratch();
    WRITTEN.get_or_init(|| common::write(&s.scenario, SCENARIO.as_bytes()));
    common::write(&s.projections, data);
    common::load_and_run(&s.scenario, &[], true);
});
