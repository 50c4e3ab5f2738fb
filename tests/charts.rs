//! Charts for every shape of input: both files exist, the PNG is 1600×900 and shows the data's
//! colours, the SVG carries the words a reader needs, and two runs of the binary write the
//! same chart bytes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jiff::civil::{Date, date};
use revshare::engine::simulate;
use revshare::model::{Block, PeriodKind, Scenario, Share, Stream};
use revshare::money::{Money, Rate};
use revshare::output::charts::figure::Figure;
use revshare::output::charts::{ChartFormats, render_all, run};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::str::FromStr;

fn yearly_stream(name: &str, cloud: &str, first: i16, last: i16, amount: &str) -> Stream {
    Stream {
        name: name.into(),
        cloud: cloud.into(),
        qualifying: true,
        blocks: (first..=last)
            .map(|y| Block {
                from: date(y, 1, 1),
                to: date(y, 12, 31),
                amount: Decimal::from_str(amount).unwrap(),
            })
            .collect(),
        grown_years: 0,
    }
}

fn scenario(
    name: &str,
    end: Date,
    period: PeriodKind,
    cap: Option<&str>,
    streams: Vec<Stream>,
) -> Scenario {
    Scenario {
        name: name.into(),
        description: None,
        currency: "USD".into(),
        start: date(2026, 1, 1),
        end,
        period,
        discount_rate: Rate(Decimal::from_str("0.08").unwrap()),
        valuation_date: date(2026, 1, 1),
        share: Share {
            rate: Rate(Decimal::from_str("0.2").unwrap()),
            cap: cap.map(|c| Money::from_decimal_unchecked(Decimal::from_str(c).unwrap())),
            effective: date(2026, 4, 27),
            sunset: date(2028, 12, 31),
            payment_lag_days: 45,
            clouds: None,
            parties: Default::default(),
            paid_before: Money::ZERO,
        },
        streams,
        scales: Vec::new(),
    }
}

fn four_clouds() -> Vec<Stream> {
    vec![
        yearly_stream("Chat", "azure", 2026, 2035, "20000000000"),
        yearly_stream("API AWS", "aws", 2026, 2035, "5000000000"),
        yearly_stream("API GCP", "gcp", 2027, 2035, "3000000000"),
        yearly_stream("API Oracle", "oracle", 2027, 2035, "2000000000"),
    ]
}

/// Every shape the issue lists.
fn shapes() -> Vec<Scenario> {
    let end = date(2030, 12, 31);
    let q = PeriodKind::Quarter;
    let mut twenty: Vec<Stream> = (0..20)
        .map(|i| {
            yearly_stream(
                &format!("stream {i}"),
                &format!("cloud-{}", i % 9),
                2026,
                2030,
                "1000000000",
            )
        })
        .collect();
    twenty[0].cloud = "azure".into();
    vec![
        scenario("Binding cap", end, q, Some("5000000000"), four_clouds()),
        scenario("Uncapped", end, q, None, four_clouds()),
        scenario("Cap zero", end, q, Some("0"), four_clouds()),
        scenario(
            "Cap never binds",
            end,
            q,
            Some("900000000000"),
            four_clouds(),
        ),
        scenario(
            "Single period",
            date(2026, 3, 31),
            q,
            Some("1000"),
            four_clouds(),
        ),
        scenario(
            "All zero",
            end,
            q,
            Some("1000"),
            vec![yearly_stream("Zero", "azure", 2026, 2030, "0")],
        ),
        scenario(
            "One stream",
            end,
            PeriodKind::Year,
            Some("3000000000"),
            vec![yearly_stream("Only", "aws", 2026, 2030, "9000000000")],
        ),
        scenario("Twenty streams", end, q, Some("4000000000"), twenty),
        scenario(
            "Ten-year monthly",
            date(2035, 12, 31),
            PeriodKind::Month,
            Some("6000000000"),
            four_clouds(),
        ),
    ]
}

/// Colours a figure paints with data: bar layers with a positive value, lines, levels.
fn data_colours(figure: &Figure) -> Vec<(u8, u8, u8)> {
    let bars = figure
        .bars
        .iter()
        .filter(|b| b.values.iter().any(|v| *v > 0.0))
        .map(|b| b.colour);
    let lines = figure.lines.iter().map(|l| l.colour);
    let levels = figure.levels.iter().map(|l| l.colour);
    bars.chain(lines)
        .chain(levels)
        .map(|c| (c.0, c.1, c.2))
        .collect()
}

fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(png_bytes);
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn count(pixels: &[u8], colour: (u8, u8, u8)) -> usize {
    pixels
        .chunks_exact(3)
        .filter(|p| (p[0], p[1], p[2]) == colour)
        .count()
}

#[test]
fn every_shape_draws_every_chart_in_both_formats() {
    for s in shapes() {
        let outcome = simulate(&s).unwrap();
        let figures = run::figures(&s, &outcome, "shape.toml", &[]);
        let files = render_all(&figures, ChartFormats::BOTH).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "revenue_by_cloud.svg",
                "revenue_by_cloud.png",
                "payments.svg",
                "payments.png",
                "cumulative.svg",
                "cumulative.png"
            ],
            "{}",
            s.name
        );
        for ((name, figure), pair) in figures.iter().zip(files.chunks(2)) {
            let svg = String::from_utf8(pair[0].1.clone()).unwrap();
            assert!(svg.contains(&figure.title), "{} {name}: title", s.name);
            assert!(svg.contains(&s.name), "{} {name}: scenario name", s.name);
            assert!(
                svg.contains("Projections are assumptions, not forecasts."),
                "{} {name}: footnote",
                s.name
            );
            assert!(
                !svg.contains("NaN") && !svg.contains("inf"),
                "{} {name}: bad number",
                s.name
            );
            let (w, h, pixels) = decode(&pair[1].1);
            assert_eq!((w, h), (1600, 900), "{} {name}", s.name);
            let non_white = pixels
                .chunks_exact(3)
                .filter(|p| p != &[255, 255, 255])
                .count();
            assert!(non_white > 10_000, "{} {name}: blank PNG", s.name);
            for colour in data_colours(figure) {
                assert!(
                    count(&pixels, colour) > 20,
                    "{} {name}: no pixels of {colour:?}",
                    s.name
                );
            }
        }
    }
}

#[test]
fn legends_name_every_cloud_and_the_cap() {
    let s = &shapes()[0];
    let outcome = simulate(s).unwrap();
    let figures = run::figures(s, &outcome, "shape.toml", &[]);
    let files = render_all(
        &figures,
        ChartFormats {
            svg: true,
            png: false,
        },
    )
    .unwrap();
    let text = |name: &str| {
        String::from_utf8(files.iter().find(|(n, _)| n == name).unwrap().1.clone()).unwrap()
    };
    for chart in ["revenue_by_cloud.svg", "payments.svg"] {
        for cloud in ["azure", "aws", "gcp", "oracle"] {
            assert!(
                text(chart).contains(&format!(">\n{cloud}\n<")),
                "{chart}: {cloud}"
            );
        }
    }
    // Cap 5B at 20%: reached in 2027; the date comes from the engine's summary.
    let hit = outcome.summary.cap_hit_date.unwrap().to_string();
    let cumulative = text("cumulative.svg");
    assert!(
        cumulative.contains(&format!("cap $5.0B · reached {hit}")),
        "{cumulative}"
    );
    assert!(cumulative.contains(&format!("cap reached {hit}")));
    assert!(text("payments.svg").contains("sunset 2028-12-31"));
    assert!(text("payments.svg").contains("foregone (above the cap)"));
}

#[test]
fn uncapped_cumulative_has_no_cap_line() {
    let s = &shapes()[1];
    let outcome = simulate(s).unwrap();
    let figures = run::figures(s, &outcome, "shape.toml", &[]);
    let cumulative = &figures[2].1;
    assert!(cumulative.levels.is_empty());
    assert!(cumulative.markers.is_empty());
    let svg = String::from_utf8(
        render_all(
            &figures[2..],
            ChartFormats {
                svg: true,
                png: false,
            },
        )
        .unwrap()[0]
            .1
            .clone(),
    )
    .unwrap();
    assert!(svg.contains("uncapped"));
    assert!(!svg.contains("cap reached"));
}

/// A scenario file with streams on nine clouds, so that a legend or layer order taken from a
/// hash map's iteration order would almost surely differ between two processes.
fn nine_clouds_toml() -> String {
    let mut text = String::from(
        "[scenario]\nname = \"Nine clouds\"\nstart = 2026-01-01\nend = 2029-12-31\n\n\
         [share]\nrate = \"20%\"\ncap = \"9B\"\n",
    );
    for i in 0..9 {
        let amounts: Vec<String> = (2026..=2029)
            .map(|year| format!("{year} = \"{}B\"", i + year - 2025))
            .collect();
        text += &format!(
            "\n[[stream]]\nname = \"Stream {i}\"\ncloud = \"cloud-{i}\"\nannual = {{ {} }}\n",
            amounts.join(", ")
        );
    }
    text
}

/// Runs `revshare run` on `scenario` in a fresh temporary directory, in a process of its own,
/// and returns the chart files it wrote.
fn charts_of_a_fresh_process(scenario: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("s.toml"), scenario).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_revshare"))
        .args(["run", "s.toml", "--out", "out"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(name, _)| name.ends_with(".svg") || name.ends_with(".png"))
        .map(|(name, path)| (name, std::fs::read(path).unwrap()))
        .collect()
}

#[test]
fn two_processes_write_the_same_chart_bytes() {
    // Two renders in one process can share state that a second process does not: hash maps
    // are seeded per process, addresses differ, caches are warm. So the binary runs twice, in
    // two fresh directories, and every chart must come out byte for byte the same.
    let scenario = nine_clouds_toml();
    let first = charts_of_a_fresh_process(&scenario);
    let second = charts_of_a_fresh_process(&scenario);
    let names: Vec<&str> = first.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "cumulative.png",
            "cumulative.svg",
            "payments.png",
            "payments.svg",
            "revenue_by_cloud.png",
            "revenue_by_cloud.svg"
        ]
    );
    // The legend names all nine clouds, so their order is part of the bytes compared.
    let legend = String::from_utf8(first["revenue_by_cloud.svg"].clone()).unwrap();
    for i in 0..9 {
        assert!(legend.contains(&format!(">\ncloud-{i}\n<")), "cloud-{i}");
    }
    let differ: Vec<&str> = names
        .iter()
        .copied()
        .filter(|name| second.get(*name) != first.get(*name))
        .collect();
    assert!(
        differ.is_empty(),
        "differ between two runs of the same command: {differ:?}"
    );
}

#[test]
fn chart_format_selection() {
    let s = &shapes()[1];
    let outcome = simulate(s).unwrap();
    let figures = run::figures(s, &outcome, "shape.toml", &[]);
    let png_only = render_all(
        &figures,
        ChartFormats {
            svg: false,
            png: true,
        },
    )
    .unwrap();
    assert!(png_only.iter().all(|(n, _)| n.ends_with(".png")) && png_only.len() == 3);
    assert!(render_all(&figures, ChartFormats::NONE).unwrap().is_empty());
}

#[test]
fn compare_cap_levels_take_their_scenarios_colours() {
    use revshare::output::charts::compare;
    let picked = [0, 1, 3]; // capped 5B, uncapped, capped 900B
    let runs: Vec<_> = picked
        .iter()
        .map(|&i| {
            let s = shapes()[i].clone();
            let o = simulate(&s).unwrap();
            (std::path::PathBuf::from(format!("{i}.toml")), s, o)
        })
        .collect();
    let figures = compare::figures(&runs);
    let cumulative = &figures[0].1;
    let colour_of = |name: &str| {
        cumulative
            .series
            .iter()
            .find(|s| s.name == name)
            .unwrap()
            .colour
    };
    // 900B is far above every line (the lines top out near 5B and the uncapped total): it is
    // named in the legend, not drawn, so the lines keep the chart's height.
    let levels: Vec<(f64, _)> = cumulative.levels.iter().map(|l| (l.y, l.colour)).collect();
    assert_eq!(levels, [(5e9, colour_of("Binding cap"))]);
    let off = cumulative
        .legend
        .iter()
        .find(|l| l.label == "cap $900B · Cap never binds (above the chart)")
        .unwrap();
    assert_eq!(off.colour, colour_of("Cap never binds"));
    let marks: Vec<_> = cumulative.series.iter().map(|s| s.mark).collect();
    assert!(marks.iter().all(Option::is_some));
    assert!(marks[0] != marks[1] && marks[1] != marks[2] && marks[0] != marks[2]);
    assert!(figures[1].1.wrap_x_labels, "every compare bar is named");
}

#[test]
fn compare_of_every_shape_draws_both_charts_naming_every_scenario() {
    use revshare::output::charts::compare;
    let runs: Vec<_> = shapes()
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let o = simulate(&s).unwrap();
            (std::path::PathBuf::from(format!("{i}.toml")), s, o)
        })
        .collect();
    let figures = compare::figures(&runs);
    let files = render_all(&figures, ChartFormats::BOTH).unwrap();
    assert_eq!(files.len(), 4);
    for (name, bytes) in &files {
        if name.ends_with(".png") {
            let (w, h, _) = decode(bytes);
            assert_eq!((w, h), (1600, 900), "{name}");
            continue;
        }
        let svg = String::from_utf8(bytes.clone()).unwrap();
        assert!(
            !svg.contains("NaN") && !svg.contains("inf"),
            "{name}: bad number"
        );
        for (_, s, _) in &runs {
            assert!(
                svg.contains(&format!(">\n{}\n<", s.name)),
                "{name}: {}",
                s.name
            );
        }
    }
}
