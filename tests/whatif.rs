//! The what-if panel of `report.html` (SPEC §7.5) in a real browser: headless Chromium loads a
//! run's report with a fragment (`#cap=…&rate=…`), runs its script and dumps the DOM; every
//! `data-value` must equal what `revshare run --set share.cap=X --set share.rate=Y` writes to
//! summary.csv and clouds.csv. The page's arithmetic is also run on hand cases (`#selftest`).
//!
//! Without Chromium the browser tests print a `skipped:` line (to the real stderr) and pass;
//! with `CI=true` a missing browser fails them (`.ci/run` installs it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `CI=true` (or `1`): every test must run, none may skip.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Chromium, or `None` after saying why the test skips (a failure in CI).
fn browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let found = std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome"]
                .into_iter()
                .map(move |p| dir.join(p))
        })
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        assert!(
            !in_ci(),
            "Chromium (chromium) is not installed; with CI=true this test must run, not skip"
        );
        let _ = writeln!(
            std::io::stderr(),
            "skipped: what-if panel browser test: Chromium (chromium) is not installed"
        );
    }
    found
}

/// `revshare run SCENARIO --out OUT --report html --no-charts` with `--set`s.
fn run(scenario: &str, out: &Path, sets: &[String]) {
    let mut args = vec![
        "run".to_owned(),
        scenario.to_owned(),
        "--out".to_owned(),
        out.display().to_string(),
        "--report".to_owned(),
        "html".to_owned(),
        "--no-charts".to_owned(),
    ];
    for set in sets {
        args.push("--set".to_owned());
        args.push(set.clone());
    }
    let status = Command::new(env!("CARGO_BIN_EXE_revshare"))
        .args(&args)
        .current_dir(root())
        .output()
        .unwrap();
    assert!(status.status.success(), "revshare {args:?}: {status:?}");
}

/// The DOM of `page` with `fragment` after its scripts ran.
fn dom(browser: &Path, page: &Path, fragment: &str, profile: &Path) -> String {
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            &format!("--user-data-dir={}", profile.display()),
            "--virtual-time-budget=2000",
            "--dump-dom",
            &format!("file://{}{fragment}", page.display()),
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "chromium failed on {fragment}");
    String::from_utf8(out.stdout).unwrap()
}

/// The value of attribute `attr` in the start tag that contains `marker`.
fn attribute(dom: &str, marker: &str, attr: &str) -> String {
    let at = dom
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} not in the page"));
    let tag_start = dom[..at].rfind('<').unwrap();
    let tag_end = at + dom[at..].find('>').unwrap();
    let tag = &dom[tag_start..tag_end];
    let key = format!(" {attr}=\"");
    let from = tag
        .find(&key)
        .unwrap_or_else(|| panic!("{attr} not in {tag}"))
        + key.len();
    let to = from + tag[from..].find('"').unwrap();
    tag[from..to].replace("&amp;", "&")
}

/// A CSV as header → column of values (these scenarios quote nothing).
fn csv(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|l| {
            header
                .iter()
                .map(|h| h.to_string())
                .zip(l.split(',').map(str::to_owned))
                .collect()
        })
        .collect()
}

/// One what-if: the report written from `base_sets`, opened at `fragment`, against a run with
/// `base_sets` and then `expected_sets` (the fragment's values in `--set` form).
struct Case<'a> {
    scenario: &'a str,
    base_sets: Vec<String>,
    fragment: String,
    expected_sets: Vec<String>,
}

/// Checks every case in the browser; reports are written once per (scenario, base sets).
fn check(browser: &Path, dir: &Path, cases: &[Case<'_>]) {
    let mut pages: Vec<(String, PathBuf)> = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let key = format!("{} {:?}", case.scenario, case.base_sets);
        let page = match pages.iter().find(|(k, _)| *k == key) {
            Some((_, p)) => p.clone(),
            None => {
                let out = dir.join(format!("page{}", pages.len()));
                run(case.scenario, &out, &case.base_sets);
                pages.push((key, out.clone()));
                out
            }
        };
        let expected = dir.join(format!("expected{i}"));
        let sets: Vec<String> = case
            .base_sets
            .iter()
            .chain(&case.expected_sets)
            .cloned()
            .collect();
        run(case.scenario, &expected, &sets);
        let dom = dom(
            browser,
            &page.join("report.html"),
            &case.fragment,
            &dir.join("profile"),
        );
        let what = format!("{} {}", case.scenario, case.fragment);
        assert_eq!(
            attribute(&dom, "id=\"whatif-cap-error\"", "class"),
            "whatif-error"
        );
        let summary = &csv(&expected.join("summary.csv"))[0];
        for (id, column) in [
            ("whatif-paid", "paid"),
            ("whatif-foregone", "foregone"),
            ("whatif-npv", "npv"),
            ("whatif-reached", "cap_reached"),
            ("whatif-hit-date", "cap_hit_date"),
        ] {
            assert_eq!(
                attribute(&dom, &format!("id=\"{id}\""), "data-value"),
                summary[column],
                "{what}: {id}"
            );
        }
        let clouds = csv(&expected.join("clouds.csv"));
        assert!(!clouds.is_empty());
        for row in clouds {
            let marker = format!("data-cloud=\"{}\"", row["cloud"]);
            assert_eq!(
                attribute(&dom, &marker, "data-value"),
                row["paid"],
                "{what}: {marker} paid"
            );
            assert_eq!(
                attribute(&dom, &marker, "data-share"),
                row["share_of_paid"],
                "{what}: {marker} share_of_paid"
            );
        }
    }
}

/// The binding threshold of a run, from its summary.csv.
fn threshold(dir: &Path, scenario: &str, sets: &[String]) -> String {
    let out = dir.join(format!("threshold-{}", sets.len()));
    run(scenario, &out, sets);
    csv(&out.join("summary.csv"))[0]["binding_threshold"].clone()
}

/// Cents text ± one cent: `76518698630.12` → `76518698630.11`.
fn plus_cents(money: &str, delta: i128) -> String {
    let cents: i128 = money.replace('.', "").parse::<i128>().unwrap() + delta;
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn case<'a>(scenario: &'a str, base: &[&str], fragment: &str, sets: &[&str]) -> Case<'a> {
    Case {
        scenario,
        base_sets: base.iter().map(|s| s.to_string()).collect(),
        fragment: fragment.to_owned(),
        expected_sets: sets.iter().map(|s| s.to_string()).collect(),
    }
}

#[test]
fn panel_values_equal_revshare_run_with_the_same_cap_and_rate() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let base = "scenarios/base.toml";
    let t = threshold(dir.path(), base, &[]);
    let below = plus_cents(&t, -1);
    let above = plus_cents(&t, 1);
    let mut cases = vec![
        case(base, &[], "#cap=0", &["share.cap=0"]),
        case(base, &[], "#cap=none", &["share.cap=none"]),
        case(
            base,
            &[],
            &format!("#cap={below}"),
            &[&format!("share.cap={below}")],
        ),
        case(
            base,
            &[],
            &format!("#cap={above}"),
            &[&format!("share.cap={above}")],
        ),
        case(base, &[], "#rate=0%", &["share.rate=0%"]),
        case(base, &[], "#rate=100%", &["share.rate=100%"]),
        case(
            base,
            &[],
            "#cap=25B&rate=15%25",
            &["share.cap=25B", "share.rate=15%"],
        ),
        case(
            base,
            &[],
            "#cap=$25bn&rate=0.15",
            &["share.cap=$25bn", "share.rate=0.15"],
        ),
        // The report of a `--set` run starts from that run's values.
        case(
            base,
            &["share.cap=none"],
            "#rate=12.5%25",
            &["share.rate=12.5%"],
        ),
        case(
            "scenarios/monthly.toml",
            &[],
            "#cap=3_000,000,000&rate=17.25%25",
            &["share.cap=3_000,000,000", "share.rate=17.25%"],
        ),
        // SPEC §7.2: paid before counts toward the cap; all of it paid before hits on the
        // effective date.
        case(
            base,
            &["share.paid_before=5B"],
            "#cap=20B&rate=25%25",
            &["share.cap=20B", "share.rate=25%"],
        ),
        case(
            base,
            &["share.paid_before=5B"],
            "#cap=5B",
            &["share.cap=5B"],
        ),
        // An invalid input changes nothing: the scenario's own values.
        case(base, &[], "#cap=lots&rate=150%25", &[]),
    ];
    // Seeded pseudo-random caps (to the cent, up to 2 × the threshold) and rates (six decimals).
    let t_cents: u128 = t.replace('.', "").parse().unwrap();
    let mut seed: u64 = 0x5eed_1234;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        seed >> 11
    };
    let mut random = Vec::new();
    for _ in 0..4 {
        let cap = u128::from(next()) % (2 * t_cents);
        let cap = format!("{}.{:02}", cap / 100, cap % 100);
        let rate = format!("0.{:06}", next() % 1_000_000);
        random.push((cap, rate));
    }
    for (cap, rate) in &random {
        cases.push(case(
            base,
            &[],
            &format!("#cap={cap}&rate={rate}"),
            &[&format!("share.cap={cap}"), &format!("share.rate={rate}")],
        ));
    }
    check(&browser, dir.path(), &cases);
}

#[test]
fn invalid_input_shows_a_message_beside_it() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("base");
    run(
        "scenarios/base.toml",
        &out,
        &["share.paid_before=5B".into()],
    );
    let dom = dom(
        &browser,
        &out.join("report.html"),
        "#cap=4B&rate=-5%25",
        &dir.path().join("profile"),
    );
    let message = |id: &str| {
        let at = dom.find(&format!("id=\"{id}\"")).unwrap();
        let from = at + dom[at..].find('>').unwrap() + 1;
        dom[from..from + dom[from..].find('<').unwrap()].to_owned()
    };
    assert!(
        message("whatif-cap-error").contains("below what was paid before"),
        "{}",
        message("whatif-cap-error")
    );
    assert!(message("whatif-rate-error").contains("0% to 100%"));
    // The panel shows the scenario's own paid.
    let summary = &csv(&out.join("summary.csv"))[0];
    assert_eq!(
        attribute(&dom, "id=\"whatif-paid\"", "data-value"),
        summary["paid"]
    );
    // The script un-hid the panel and drew the paid line.
    assert!(!attribute(&dom, "id=\"whatif-paid-line\"", "points").is_empty());
    assert!(!dom.contains("id=\"whatif\" class=\"whatif\" hidden"));
}

#[test]
fn page_arithmetic_hand_cases() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("base");
    run("scenarios/base.toml", &out, &[]);
    let dom = dom(
        &browser,
        &out.join("report.html"),
        "#selftest",
        &dir.path().join("profile"),
    );
    let expected = [
        // Half-even: ties to the even neighbour, everything else to the nearest.
        ("half-even 2.5", "2"),
        ("half-even 3.5", "4"),
        ("half-even 2.4999", "2"),
        ("half-even 2.5001", "3"),
        ("accrual 50% of 0.05", "2"),
        ("accrual 20% of 0.03", "1"),
        ("pv 0.05 x 0.5", "2"),
        // 110,000 × 0.9090909090909091 = 99,999.999…: 1,000.00.
        ("pv 1100.00 x 0.9090909090909091", "100000"),
        // SPEC §2.4: ceil(12,000 × 91 / 18,200) = 60; ceil(32.5) = 33; exact 90 stays 90.
        ("ceil 12000 x 91 / 18200", "60"),
        ("ceil 6500 x 65 / 13000", "33"),
        ("ceil 18000 x 90 / 18000", "90"),
        ("hit 2026-04-01 + 60", "2026-05-30"),
        // SPEC §2.5: equal remainders go to the earlier stream; a larger one wins over order.
        ("lr 10 over 100,100,100", "4,3,3"),
        ("lr 100 over 1,2", "33,67"),
        ("lr 5 over 5,5", "3,2"),
        ("lr 7 over 0,5,0,2", "0,5,0,2"),
        ("share 3/5", "0.600000"),
        ("share 1/2000000", "0.000000"),
        ("share 3/2000000", "0.000002"),
        ("cap $12.5bn", "1250000000000"),
        ("cap 1e3k", "100000000"),
        // 1,250,000.005 rounds half-even to 1,250,000.00.
        ("cap 1_250,000.005", "125000000"),
        ("cap -5", "error"),
        ("cap 5.", "error"),
        ("rate 15%", "15%"),
        ("rate 0.125", "12.5%"),
        ("rate 101%", "error"),
    ];
    for (name, value) in expected {
        assert_eq!(
            attribute(&dom, &format!("data-case=\"{name}\""), "data-got"),
            value,
            "{name}"
        );
    }
}

/// SPEC §7.5: one inline script and one JSON block, nothing loaded from outside the page.
#[test]
fn report_with_the_panel_stays_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("base");
    run("scenarios/base.toml", &out, &[]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let lower = html.to_ascii_lowercase();
    for needle in [
        "src=",
        "href=",
        "@import",
        "<link",
        "<script src",
        "http:",
        "https:",
    ] {
        let allowed = if needle == "http:" {
            lower
                .matches("xmlns=\"http://www.w3.org/2000/svg\"")
                .count()
        } else {
            0
        };
        assert_eq!(lower.matches(needle).count(), allowed, "found {needle}");
    }
    assert_eq!(lower.matches("<script").count(), 2);
    assert_eq!(
        lower
            .matches("<script type=\"application/json\" id=\"whatif-data\">")
            .count(),
        1
    );
    assert_eq!(lower.matches("url(").count(), 2);
    assert_eq!(lower.matches("url(data:font/ttf;base64,").count(), 2);
    // The panel is hidden until the script runs, and printing hides its controls.
    assert!(html.contains("<section id=\"whatif\" class=\"whatif\" hidden>"));
    assert!(html.contains(".whatif-controls { display: none; }"));
    // The panel chart's elements the script moves.
    for id in [
        "whatif-paid-line",
        "whatif-accrual-line",
        "whatif-cap-line",
        "whatif-hit-marker",
    ] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
}

/// SPEC §7.5: above 200,000 stream-period cells the per-cloud part is left out with a note;
/// the totals still recompute exactly. 170 streams × 1,200 months = 204,000 cells.
#[test]
fn above_200000_cells_the_clouds_are_left_out_and_the_totals_still_recompute() {
    let Some(browser) = browser() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[scenario]\nstart = 2026-01-01\nend = 2125-12-31\nperiod = \"month\"\n\n\
         [share]\nrate = \"20%\"\ncap = \"5B\"\neffective = 2026-01-01\nsunset = 2125-12-31\n",
    );
    for s in 0..170 {
        text.push_str(&format!(
            "\n[[stream]]\nname = \"S{s}\"\ncloud = \"c{}\"\nannual = {{ 2026 = \"{}.37\" }}\ngrowth = \"1%\"\n",
            s % 3,
            1_000_000 + s * 7_919
        ));
    }
    let scenario = dir.path().join("many.toml");
    std::fs::write(&scenario, text).unwrap();
    let scenario = scenario.display().to_string();
    let page = dir.path().join("page");
    run(&scenario, &page, &[]);
    let expected = dir.path().join("expected");
    run(
        &scenario,
        &expected,
        &["share.cap=3B".into(), "share.rate=15%".into()],
    );
    let dom = dom(
        &browser,
        &page.join("report.html"),
        "#cap=3B&rate=15%25",
        &dir.path().join("profile"),
    );
    assert!(dom.contains("id=\"whatif-clouds-note\""), "no note");
    assert!(!dom.contains("data-cloud="), "clouds shown above the limit");
    let summary = &csv(&expected.join("summary.csv"))[0];
    for (id, column) in [
        ("whatif-paid", "paid"),
        ("whatif-foregone", "foregone"),
        ("whatif-npv", "npv"),
        ("whatif-hit-date", "cap_hit_date"),
    ] {
        assert_eq!(
            attribute(&dom, &format!("id=\"{id}\""), "data-value"),
            summary[column],
            "{id}"
        );
    }
}
