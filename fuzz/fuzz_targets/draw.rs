//! Fuzzes `--draw KEY=DIST(…)` (SPEC §7.3): every line of the input is parsed as a draw; a
//! draw that parses is drawn from at uniforms across (0, 1) and at its ends, its support and
//! date range are formed, and it runs two paths of the shipped base scenario.

#![no_main]

use libfuzzer_sys::fuzz_target;
use revshare::montecarlo::draw::Draw;
use revshare::montecarlo::paths::Paths;
use revshare::montecarlo::sampling::{Sampler, Sampling};
use std::sync::OnceLock;

fn base() -> Option<&'static revshare::scenario::Parsed> {
    static PARSED: OnceLock<Option<revshare::scenario::Parsed>> = OnceLock::new();
    PARSED
        .get_or_init(|| {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../scenarios/base.toml");
            revshare::scenario::parse(&path).ok()
        })
        .as_ref()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for line in text.lines().take(4) {
        let Ok(draw) = Draw::parse(line) else {
            continue;
        };
        for u in [0.0, 1e-300, 0.1, 0.5, 0.9, 1.0] {
            let v = draw.value(u);
            let _ = (v.cell(), v.override_text(), v.readable("USD"));
        }
        let _ = (draw.extremes(), draw.date_range(), draw.text());
        if let Some(parsed) = base() {
            let draws = [draw];
            let sampler = Sampler::new(data.len() as u64, 2, Sampling::Lhs);
            let paths = Paths::new(parsed, &[], &draws, &sampler, &[]);
            if let Err(e) = paths.run(0..2) {
                assert!(!e.render().trim().is_empty());
            }
        }
    }
});
