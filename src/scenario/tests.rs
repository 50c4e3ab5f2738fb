//! Loading tests: files in, model out (or located problems out).

use super::load;
use super::overrides::Override;
use crate::error::{Error, Location};
use crate::model::PeriodKind;
use jiff::civil::date;
use rust_decimal::Decimal;
use std::path::PathBuf;
use std::str::FromStr;

/// Writes files into a fresh directory and returns it with the path of the first.
fn files(list: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in list {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let first = dir.path().join(list[0].0);
    (dir, first)
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

const MINIMAL: &str = "[scenario]\nstart = 2026-01-01\nend = 2028-12-31\n[share]\nrate = 0.2\n[[stream]]\nname = \"s\"\ncloud = \"azure\"\nannual = { 2026 = \"1000.01\" }\ngrowth = \"10%\"\n";

#[test]
fn defaults_are_applied() {
    let (_d, path) = files(&[("minimal.toml", MINIMAL)]);
    let s = load(&path, &[]).unwrap().scenario;
    assert_eq!(s.name, "minimal");
    assert_eq!(s.currency, "USD");
    assert_eq!(s.period, PeriodKind::Quarter);
    assert_eq!(
        (s.share.effective, s.share.sunset),
        (date(2026, 1, 1), date(2028, 12, 31))
    );
    assert_eq!(s.valuation_date, date(2026, 1, 1));
    assert_eq!(s.share.cap, None);
    assert_eq!(s.share.payment_lag_days, 0);
    assert_eq!(s.discount_rate.as_decimal(), Decimal::ZERO);
    // The TOML float 0.2 is exactly 0.2.
    assert_eq!(s.share.rate.as_decimal(), dec("0.2"));
}

#[test]
fn growth_compounds_on_the_rounded_previous_year() {
    // 2027 = round_cents(1000.01 × 1.1 = 1100.011) = 1100.01
    // 2028 = round_cents(1100.01 × 1.1 = 1210.011) = 1210.01
    let (_d, path) = files(&[("g.toml", MINIMAL)]);
    let s = load(&path, &[]).unwrap().scenario;
    let amounts: Vec<Decimal> = s.streams[0].blocks.iter().map(|b| b.amount).collect();
    assert_eq!(amounts, [dec("1000.01"), dec("1100.01"), dec("1210.01")]);
    assert_eq!(s.streams[0].blocks[2].from, date(2028, 1, 1));
    assert_eq!(s.streams[0].blocks[2].to, date(2028, 12, 31));
}

#[test]
fn growth_table_and_years_outside_the_horizon() {
    // Years before the horizon are kept (2024 is the base for nothing here but is allowed),
    // 2030 lies after end's year and is ignored; 2027 = round(2000 × 0.95) = 1900, 2028 = 1900 × 1.05 = 1995.
    let text = MINIMAL
        .replace(
            "annual = { 2026 = \"1000.01\" }",
            "annual = { 2026 = \"2000\", 2025 = 1000, 2024 = 500 }",
        )
        .replace(
            "growth = \"10%\"",
            "growth = { 2027 = \"-5%\", 2028 = \"5%\", 2031 = \"99%\" }",
        );
    let (_d, path) = files(&[("t.toml", &text)]);
    let s = load(&path, &[]).unwrap().scenario;
    let amounts: Vec<(i16, Decimal)> = s.streams[0]
        .blocks
        .iter()
        .map(|b| (b.from.year(), b.amount))
        .collect();
    assert_eq!(
        amounts,
        [
            (2024, dec("500")),
            (2025, dec("1000")),
            (2026, dec("2000")),
            (2027, dec("1900.00")),
            (2028, dec("1995.00"))
        ]
    );
}

#[test]
fn cap_none_in_any_case_is_uncapped_and_caps_round_half_even() {
    for (cap, expected) in [
        ("\"none\"", None),
        ("\"NONE\"", None),
        ("\"0.125\"", Some("0.12")),
        ("\"38B\"", Some("38000000000.00")),
    ] {
        let text = MINIMAL.replace("rate = 0.2", &format!("rate = 0.2\ncap = {cap}"));
        let (_d, path) = files(&[("c.toml", &text)]);
        let s = load(&path, &[]).unwrap().scenario;
        assert_eq!(
            s.share.cap.map(|c| c.to_string()),
            expected.map(str::to_owned),
            "{cap}"
        );
    }
}

#[test]
fn set_overrides_replace_file_values() {
    let (_d, path) = files(&[("o.toml", MINIMAL)]);
    let overrides: Vec<Override> = [
        "share.rate=25%",
        "share.cap=10B",
        "scenario.period=Month",
        "share.payment_lag_days=30",
        "stream.s.growth=0",
        "stream.s.qualifying=false",
    ]
    .iter()
    .map(|a| Override::parse(a, "--set").unwrap())
    .collect();
    let s = load(&path, &overrides).unwrap().scenario;
    assert_eq!(s.share.rate.as_decimal(), dec("0.25"));
    assert_eq!(s.share.cap.unwrap().to_string(), "10000000000.00");
    assert_eq!(s.period, PeriodKind::Month);
    assert_eq!(s.share.payment_lag_days, 30);
    assert!(!s.streams[0].qualifying);
    assert_eq!(s.streams[0].blocks[2].amount, dec("1000.01"));
}

#[test]
fn bad_override_value_points_at_the_argument() {
    let (_d, path) = files(&[("o.toml", MINIMAL)]);
    let o = Override::parse("share.rate=lots", "--set").unwrap();
    let Err(Error::Invalid(d)) = load(&path, &[o]) else {
        panic!("expected a problem")
    };
    assert_eq!(
        d[0].location,
        Location::Argument("--set share.rate=lots".into())
    );
    assert_eq!(d[0].field.as_deref(), Some("share.rate"));
}

#[test]
fn projections_csv_streams_follow_toml_streams() {
    let toml = MINIMAL.replace(
        "end = 2028-12-31",
        "end = 2028-12-31\nprojections = \"p.csv\"",
    );
    // Columns in another order, a blank line, CRLF, a BOM, qualifying given once.
    let csv = "\u{feff}amount,stream,to,from,cloud,qualifying\r\n200,web,2026-02-28,2026-02-01,aws,\r\n\r\n100,web,2026-01-31,2026-01-01,aws,false\r\n5,api,2026-01-01,2026-01-01,gcp,\r\n";
    let (_d, path) = files(&[("p.toml", &toml), ("p.csv", csv)]);
    let loaded = load(&path, &[]).unwrap();
    let names: Vec<&str> = loaded
        .scenario
        .streams
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["s", "web", "api"]);
    let web = &loaded.scenario.streams[1];
    assert!(!web.qualifying);
    // Sorted by date, whatever the row order.
    assert_eq!(web.blocks[0].from, date(2026, 1, 1));
    assert_eq!(web.blocks[1].amount, dec("200"));
    assert_eq!(loaded.inputs.len(), 2);
}

#[test]
fn overlapping_csv_blocks_name_both_rows() {
    let toml = MINIMAL.replace(
        "end = 2028-12-31",
        "end = 2028-12-31\nprojections = \"p.csv\"",
    );
    let csv = "stream,cloud,from,to,amount\nweb,aws,2026-01-01,2026-01-31,1\nweb,aws,2026-03-01,2026-03-31,1\nweb,aws,2026-01-31,2026-02-10,1\n";
    let (_d, path) = files(&[("p.toml", &toml), ("p.csv", csv)]);
    let Err(Error::Invalid(d)) = load(&path, &[]) else {
        panic!("expected a problem")
    };
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        d[0].message,
        "blocks of stream \"web\" overlap: rows 2 and 4"
    );
    assert_eq!(
        d[0].location,
        Location::Csv {
            row: 4,
            column: Some("from".into())
        }
    );
}

/// A file that is not TOML at all keeps at most 10,000 syntax errors and says how many more
/// there were, so memory stays bounded by the listing, not by the file.
#[test]
fn syntax_errors_beyond_ten_thousand_are_counted_not_listed() {
    let (_d, path) = files(&[("junk.toml", &"= x\n".repeat(12_000))]);
    let Err(Error::Invalid(d)) = load(&path, &[]) else {
        panic!("junk loaded");
    };
    assert_eq!(d.len(), 10_001);
    assert_eq!(d[0].message, "TOML syntax error");
    let last = d.last().unwrap();
    assert!(
        last.message
            .ends_with("more TOML syntax errors are not listed"),
        "{}",
        last.message
    );
    let total: usize = last
        .found
        .as_deref()
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        total,
        10_000
            + last
                .message
                .split(' ')
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
    );
}

/// Control characters are found before the TOML parser, one problem per line at the first
/// one: a line of thousands is one problem, not thousands.
#[test]
fn control_characters_are_one_problem_per_line() {
    let text = MINIMAL.replace("[share]\n", "[share]\n# \u{1}\u{2}\u{3}\n") + "x = \"\u{7f}\"\n";
    let (_d, path) = files(&[("ctl.toml", &text)]);
    let Err(Error::Invalid(d)) = load(&path, &[]) else {
        panic!("loaded");
    };
    let places: Vec<(usize, usize, Option<&str>)> = d
        .iter()
        .map(|d| match &d.location {
            Location::Toml { line, column, .. } => (*line, *column, d.found.as_deref()),
            other => panic!("{other:?}"),
        })
        .collect();
    // Line 5 is "# \u{1}\u{2}\u{3}": the first control character is at column 3. The last
    // line is `x = "\u{7f}"`: DEL at column 6.
    assert_eq!(places, [(5, 3, Some("U+0001")), (12, 6, Some("U+007F"))]);
}

/// Builds from one parsed file remember each `[[stream]]` entry as read: a later build with a
/// different override must still give exactly what a fresh load gives, model, warnings and
/// errors alike, whichever entries it changed.
#[test]
fn remembered_stream_entries_give_what_a_fresh_load_gives() {
    let text = format!(
        "{MINIMAL}[[stream]]\nname = \"t\"\ncloud = \"aws\"\nannual = {{ 2026 = 500 }}\ngrowth = 25\n"
    );
    let (_d, path) = files(&[("two.toml", &text)]);
    let parsed = super::parse(&path).unwrap();
    let set = |args: &[&str]| -> Vec<Override> {
        args.iter()
            .map(|a| Override::parse(a, "--set").unwrap())
            .collect()
    };
    let cases: [&[&str]; 5] = [
        &[],
        &["stream.s.growth=20%"],
        &["stream.t.growth=5%", "share.rate=0.1"],
        // Out of range: an error at the override.
        &["stream.s.growth=200"],
        &[],
    ];
    for args in cases {
        let overrides = set(args);
        let remembered = super::build(&parsed, &overrides);
        let fresh = load(&path, &overrides);
        match (remembered, fresh) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a.scenario, b.scenario, "{args:?}");
                let render = |l: &super::Loaded| -> Vec<String> {
                    l.warnings.iter().map(|w| w.render()).collect()
                };
                assert_eq!(render(&a), render(&b), "{args:?}");
                // `growth = 25` on t warns (2,500%) unless overridden.
                let bare = render(&a).iter().any(|w| w.contains("stream[2]"));
                assert_eq!(
                    bare,
                    !args.iter().any(|a| a.starts_with("stream.t")),
                    "{args:?}"
                );
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.render(), b.render(), "{args:?}");
                assert!(args.contains(&"stream.s.growth=200"), "{}", a.render());
            }
            (a, b) => panic!("{args:?}: {:?} vs {:?}", a.is_ok(), b.is_ok()),
        }
    }
}
