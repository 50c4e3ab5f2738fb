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

// --- Monte Carlo and tornado charts (SPEC §7.3, §7.4) ---------------------------------------

mod mc_and_tornado {
    use super::decode;
    use jiff::civil::date;
    use revshare::money::Money;
    use revshare::montecarlo::sampling::Sampling;
    use revshare::output::charts::figure::Figure;
    use revshare::output::charts::montecarlo::{
        self as mc, BindsLine, Bins, Cap, Context, Fan, FanPeriod, PaidDistribution,
    };
    use revshare::output::charts::tornado::{self, Metric, Tornado, TornadoRow};
    use revshare::output::charts::{render_png, render_svg};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    const B: i128 = 100_000_000_000; // $1B in cents

    fn m(cents: i128) -> Money {
        Money::from_cents(cents)
    }

    fn ctx(cap_list: bool) -> Context {
        Context {
            scenario: "Base case".into(),
            currency: "USD".into(),
            source: "base.toml".into(),
            paths: 1000,
            seed: 7,
            sampling: Sampling::Lhs,
            draws: vec!["revenue scale lognormal(1, 0.25)".into()],
            cap_list,
        }
    }

    fn cap(billions: i128) -> Cap {
        Cap::Fixed {
            cap: m(billions * B),
            paid_before: Money::ZERO,
        }
    }

    /// Eight quarters rising to the cap, quantiles spread around the median.
    fn fan(cap: Cap) -> Fan {
        let periods = (0..8)
            .map(|i: i128| {
                let mid = (i + 1) * 45 * B / 10; // 4.5B a quarter
                let at = |pct: i128| m((mid * pct / 100).min(38 * B));
                FanPeriod {
                    period: format!("{}-Q{}", 2026 + i / 4, i % 4 + 1),
                    end: date(2026 + (i / 4) as i16, 3 * (i % 4 + 1) as i8, 28),
                    p5: at(60),
                    p25: at(85),
                    p50: at(100),
                    p75: at(115),
                    p95: at(140),
                }
            })
            .collect();
        Fan { cap, periods }
    }

    /// 1,000 paths: 600 spread evenly from $20B ($0.03B apart, up to $37.97B) and 400 held at
    /// the $38B cap. Sorted, P5 is the 50th ($21.47B), P50 the 500th ($34.97B), P95 the cap.
    fn paid_paths() -> Vec<i128> {
        (0..1000)
            .map(|i: i128| {
                if i < 600 {
                    20 * B + i * 3 * B / 100
                } else {
                    38 * B
                }
            })
            .collect()
    }

    fn quantiles(paid: &[i128]) -> (Money, Money, Money) {
        let mut s = paid.to_vec();
        s.sort_unstable();
        let q = |p: usize| m(s[(p * s.len()).div_ceil(100).max(1) - 1]);
        (q(5), q(50), q(95))
    }

    fn dist(cap: Cap, paid: &[i128]) -> PaidDistribution<'_> {
        let (p5, p50, p95) = quantiles(paid);
        PaidDistribution {
            cap,
            paid,
            p5,
            p50,
            p95,
        }
    }

    fn svg(figure: &Figure) -> String {
        String::from_utf8(render_svg(figure).unwrap()).unwrap()
    }

    /// Every `<text>` element: (x, y, text).
    fn texts(svg: &str) -> Vec<(i32, i32, String)> {
        svg.split("<text ")
            .skip(1)
            .map(|t| {
                let attr = |name: &str| -> i32 {
                    let start = t
                        .find(&format!(" {name}=\""))
                        .or(t.find(&format!("{name}=\"")))
                        .unwrap();
                    let rest = &t[start..];
                    let rest = &rest[rest.find('"').unwrap() + 1..];
                    rest[..rest.find('"').unwrap()].parse().unwrap()
                };
                let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
                (attr("x"), attr("y"), body.trim().to_owned())
            })
            .collect()
    }

    fn points(attrs: &str) -> Vec<(i32, i32)> {
        let start = attrs.find("points=\"").unwrap() + 8;
        let list = &attrs[start..start + attrs[start..].find('"').unwrap()];
        list.split_whitespace()
            .map(|p| {
                let (x, y) = p.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    /// Every element of `kind` (`polygon`, `polyline`) painted in `colour` (`#CCE3F0`).
    fn shapes(svg: &str, kind: &str, colour: &str) -> Vec<Vec<(i32, i32)>> {
        svg.split(&format!("<{kind} "))
            .skip(1)
            .map(|s| &s[..s.find("/>").unwrap()])
            .filter(|s| s.contains(&format!("\"{colour}\"")))
            .map(points)
            .collect()
    }

    #[test]
    fn fan_bands_enclose_the_median_in_the_drawn_svg() {
        let figure = mc::fan(&ctx(false), &fan(cap(38)));
        let svg = svg(&figure);
        let outer = shapes(&svg, "polygon", "#CCE3F0");
        let inner = shapes(&svg, "polygon", "#80B9D9");
        let median = shapes(&svg, "polyline", "#222222")
            .into_iter()
            .max_by_key(Vec::len)
            .unwrap();
        assert_eq!((outer.len(), inner.len()), (1, 1));
        assert_eq!(median.len(), 9, "zero at the start, then 8 period ends");
        // A band's polygon runs along its upper edge left to right, then back along its
        // lower edge: at each median vertex's x, upper above (smaller y) and lower below.
        let at = |band: &[(i32, i32)], x: i32| -> (i32, i32) {
            let ys: Vec<i32> = band.iter().filter(|p| p.0 == x).map(|p| p.1).collect();
            assert_eq!(ys.len(), 2, "x {x} in {band:?}");
            (ys[0], ys[1])
        };
        for &(x, y) in &median {
            let (outer_top, outer_bottom) = at(&outer[0], x);
            let (inner_top, inner_bottom) = at(&inner[0], x);
            assert!(
                outer_top <= inner_top
                    && inner_top <= y
                    && y <= inner_bottom
                    && inner_bottom <= outer_bottom,
                "at x {x}: {outer_top} {inner_top} {y} {inner_bottom} {outer_bottom}"
            );
        }
        // Before the cap, P5 < P25 < P50 < P75 < P95 (60%, 85%, 100%, 115%, 140% of the
        // median): each band strictly wider than the next.
        for &(x, y) in &median[1..4] {
            let (outer_top, outer_bottom) = at(&outer[0], x);
            let (inner_top, inner_bottom) = at(&inner[0], x);
            assert!(
                outer_top < inner_top
                    && inner_top < y
                    && y < inner_bottom
                    && inner_bottom < outer_bottom,
                "at x {x}: {outer_top} {inner_top} {y} {inner_bottom} {outer_bottom}"
            );
        }
        assert!(svg.contains(">\ncap $38B\n<"), "the cap line's label");
        assert!(figure.title.starts_with("Cumulative share paid"));
        assert!(
            !figure.title.contains("cap $38B"),
            "no cap list: no cap in the title"
        );
    }

    #[test]
    fn fan_of_a_cap_list_names_its_cap_and_says_what_was_paid_before() {
        let before = Cap::Fixed {
            cap: m(38 * B),
            paid_before: m(5 * B),
        };
        let figure = mc::fan(&ctx(true), &fan(before));
        assert_eq!(
            figure.title,
            "Cumulative share paid, cap $38B: range over the paths"
        );
        // The line stands at what the cap leaves, as on run's cumulative chart.
        assert_eq!(figure.levels.len(), 1);
        assert_eq!(figure.levels[0].y, 33e9);
        assert!(svg(&figure).contains(">\ncap $38B · $5B paid before · $33B left\n<"));
        let uncapped = mc::fan(&ctx(true), &fan(Cap::Uncapped));
        assert!(uncapped.levels.is_empty(), "no cap line when uncapped");
        assert!(uncapped.title.contains("uncapped"));
        let drawn = mc::fan(&ctx(false), &fan(Cap::Drawn));
        assert!(
            drawn.levels.is_empty(),
            "no single cap line when the cap is drawn"
        );
    }

    #[test]
    fn histogram_bins_hold_every_path_once_and_paths_at_the_cap_left_of_it() {
        let paid = paid_paths();
        let uncapped: Vec<i128> = paid.iter().map(|v| v + 7 * B).collect();
        let bins = Bins::new(&[&paid, &uncapped]);
        for counts in &bins.counts {
            assert_eq!(counts.iter().sum::<u64>(), 1000);
        }
        // Rice: 2·∛1000 = 20 bins over $20B..$45B, $1.25B each, rounded up to $2B: 13 bins
        // from $20B. The 400 paths at $38B sit in the bin that ends at $38B, (36B, 38B], with
        // the spread paths above $36B (20 + 0.03·i > 36 for i = 534..599: 66 of them).
        assert_eq!((bins.first, bins.width), (20 * B, 2 * B));
        assert_eq!(bins.counts[0].len(), 13);
        let k = ((38 * B - bins.first) / bins.width - 1) as usize;
        assert_eq!(bins.counts[0][k], 400 + 66, "(36B, 38B]");
        assert_eq!(bins.counts[0][k + 1], 0, "nothing above the cap");
        // The first bin is closed on the left: $20B itself is in it.
        assert_eq!(bins.counts[0][0], 67, "[20B, 22B]: i = 0..=66");
        // The figure's bars are the same counts as shares of the paths.
        let figure = mc::paid(&ctx(false), &[dist(cap(38), &paid)]);
        let total: f64 = figure.columns[0].bins.iter().map(|b| b.2).sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
    }

    #[test]
    fn paid_quantile_lines_sit_at_the_given_values_and_say_them() {
        let paid = paid_paths();
        let d = dist(cap(38), &paid);
        assert_eq!(
            (d.p5, d.p50, d.p95),
            (m(2147 * B / 100), m(3497 * B / 100), m(38 * B))
        );
        let figure = mc::paid(&ctx(false), &[d]);
        let marks: Vec<(f64, &str)> = figure
            .markers
            .iter()
            .map(|k| (k.x, k.label.as_str()))
            .collect();
        // P95 is the cap: its line is the cap's.
        assert_eq!(
            marks,
            [
                (21.47e9, "P5 $21.5B"),
                (34.97e9, "P50 $35.0B"),
                (38e9, "P95 $38B (cap reached)")
            ]
        );
        let svg = svg(&figure);
        let shown = texts(&svg);
        let label = |t: &str| {
            shown
                .iter()
                .find(|s| s.2 == t)
                .unwrap_or_else(|| panic!("{t}"))
        };
        // Each label is written just right of its line.
        let x_of = |value: f64| {
            let Figure { x_axis, .. } = &figure;
            let revshare::output::charts::figure::XAxis::Money { from, to } = *x_axis else {
                panic!("a money axis")
            };
            (value - from) / (to - from)
        };
        // Each label is written beside its line, stepping down a line per marker: its x
        // follows the value's place on the axis.
        // The plot runs from x 150 (40 of margin, 110 of money labels) to 1552.
        let plot = |v: f64| 150.0 + x_of(v) * (1552.0 - 150.0);
        // (In the right quarter of the chart a label goes left of its line.)
        for (text, value) in [
            ("P5 $21.5B", 21.47e9),
            ("P50 $35.0B", 34.97e9),
            ("P95 $38B (cap reached)", 38e9),
        ] {
            let (x, _, _) = label(text);
            let line = if plot(value) < 1200.0 { x - 8 } else { x + 8 };
            assert!((f64::from(line) - plot(value)).abs() < 3.0, "{text} at {x}");
        }
        assert!(svg.contains(">\ncap $38B: reached on 40% of paths\n<"));
    }

    #[test]
    fn paid_with_many_caps_overlays_six_and_names_the_rest() {
        let paid = paid_paths();
        let caps = [20, 30, 38, 50, 60, 65, 70, 80, 90];
        let held: Vec<Vec<i128>> = caps
            .iter()
            .map(|c| paid.iter().map(|v| (*v).min(c * B)).collect())
            .collect();
        let dists: Vec<_> = caps
            .iter()
            .zip(&held)
            .map(|(c, p)| dist(cap(*c), p))
            .collect();
        let figure = mc::paid(&ctx(true), &dists);
        assert_eq!(figure.columns.len(), 6);
        assert_eq!(figure.intervals.len(), 6);
        assert_eq!(
            figure.note,
            "3 more caps left out: cap $70B, cap $80B, cap $90B"
        );
        let svg = svg(&figure);
        assert!(svg.contains(">\n3 more caps left out: cap $70B, cap $80B, cap $90B\n<"));
        // Every overlaid cap is named, with its interval's values.
        for c in [20, 30, 38, 50, 60, 65] {
            let name = format!("cap ${c}B");
            assert!(
                texts(&svg)
                    .iter()
                    .any(|t| t.2 == name || t.2.starts_with(&format!("{name} · P5"))),
                "{name}: {:?}",
                texts(&svg)
                    .iter()
                    .filter(|t| t.2.contains(&name))
                    .collect::<Vec<_>>()
            );
        }
        assert!(
            svg.contains(">\nP5–P95 $20B\n<"),
            "a cap every path reaches"
        );
    }

    #[test]
    fn paid_draws_a_sensible_chart_when_every_path_is_the_same() {
        let same = vec![38 * B; 500];
        let bins = Bins::new(&[&same]);
        assert_eq!(bins.counts, [vec![500]]);
        assert!(
            bins.first < 38 * B && 38 * B < bins.first + bins.width,
            "centred"
        );
        let figure = mc::paid(&ctx(false), &[dist(cap(38), &same)]);
        assert_eq!(figure.markers.len(), 1);
        assert_eq!(figure.markers[0].label, "P5–P95 $38B (cap reached)");
        assert_eq!(figure.y_max, Some(1.0), "a share axis never passes 100%");
        let (w, h, _) = decode(&render_png(&figure).unwrap());
        assert_eq!((w, h), (1600, 900));
        let zeros = vec![0i128; 10];
        let figure = mc::paid(&ctx(false), &[dist(Cap::Uncapped, &zeros)]);
        let revshare::output::charts::figure::XAxis::Money { from, .. } = figure.x_axis else {
            panic!("a money axis")
        };
        assert_eq!(
            from, 0.0,
            "nothing paid: the axis starts at zero, not below"
        );
        assert!(svg(&figure).contains(">\nP5–P95 $0\n<"));
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn binds_lines_go_through_the_probabilities_in_percent() {
        let dates = [
            date(2026, 12, 31),
            date(2027, 12, 31),
            date(2028, 12, 31),
            date(2030, 6, 30),
        ];
        let line = BindsLine {
            cap: cap(38),
            probability: vec![dec("0"), dec("0.004"), dec("0.6125"), dec("0.9996")],
        };
        let figure = mc::binds(&ctx(false), &dates, std::slice::from_ref(&line));
        let points = &figure.series[0].points;
        // Year ends are whole years apart; mid-2030 falls half-way through the fourth year.
        assert_eq!(points[..3], [(0.0, 0.0), (1.0, 0.004), (2.0, 0.6125)]);
        assert!((points[3].0 - 3.5).abs() < 0.01, "{points:?}");
        let labels: Vec<&str> = figure
            .point_labels
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        assert_eq!(labels, ["0%", "<1%", "61%", ">99%"]);
        let svg = svg(&figure);
        for axis in ["0%", "20%", "100%"] {
            assert!(svg.contains(&format!(">\n{axis}\n<")), "axis {axis}");
        }
        // Several caps: the legend gives each cap's chance by the last date.
        let other = BindsLine {
            cap: Cap::Uncapped,
            probability: vec![dec("0"); 4],
        };
        let figure = mc::binds(&ctx(true), &dates, &[line, other]);
        let legend: Vec<&str> = figure.legend.iter().map(|l| l.label.as_str()).collect();
        assert_eq!(
            legend,
            ["cap $38B: >99% by 2030-06-30", "uncapped: 0% by 2030-06-30"]
        );
        assert!(figure.point_labels.is_empty());
        // 35 year ends: every third point labelled, and the last, so labels never collide.
        let dates: Vec<_> = (2026..2061).map(|y| date(y, 12, 31)).collect();
        let line = BindsLine {
            cap: cap(38),
            probability: (0..35).map(|i| Decimal::new(i, 2)).collect(),
        };
        let figure = mc::binds(&ctx(false), &dates, &[line]);
        let xs: Vec<f64> = figure.point_labels.iter().map(|l| l.x).collect();
        assert_eq!(xs.len(), 12, "{xs:?}");
        assert_eq!((xs[0], xs[1], xs[11]), (0.0, 3.0, 34.0));
        assert_eq!(figure.point_labels[11].text, "34%");
    }

    fn row(key: &str, low: &str, high: &str, at_low: i128, at_high: i128) -> TornadoRow {
        TornadoRow {
            key: key.into(),
            low: low.into(),
            high: high.into(),
            at_low: m(at_low),
            at_high: m(at_high),
        }
    }

    fn tornado_of(rows: Vec<TornadoRow>, metric: Metric, base: i128) -> Tornado {
        Tornado {
            scenario: "Base case".into(),
            currency: "USD".into(),
            source: "base.toml".into(),
            overrides: Vec::new(),
            metric,
            base: m(base),
            rows,
        }
    }

    #[test]
    fn tornado_rows_keep_their_order_and_label_both_ends() {
        let t = tornado_of(
            vec![
                row("cap", "$20B", "uncapped", 20 * B, 52 * B),
                row("rate", "15%", "25%", 3040 * B / 100, 38 * B),
                row("payment lag", "0 days", "90 days", 38 * B, 38 * B),
            ],
            Metric::Paid,
            38 * B,
        );
        let figure = tornado::tornado(&t);
        let svg = svg(&figure);
        let shown = texts(&svg);
        let y_of = |t: &str| {
            shown
                .iter()
                .find(|s| s.2 == t)
                .unwrap_or_else(|| panic!("{t}"))
                .1
        };
        // Top to bottom in the order given.
        assert!(y_of("cap") < y_of("rate") && y_of("rate") < y_of("payment lag"));
        for (label, row) in [
            ("$20B → $20B", "cap"),
            ("uncapped → $52B", "cap"),
            ("15% → $30.4B", "rate"),
            ("25% → $38B", "rate"),
            ("0 days → $38B", "payment lag"),
            ("90 days → $38B", "payment lag"),
        ] {
            assert_eq!(y_of(label), y_of(row), "{label} on the {row} row");
        }
        // The low end's label left of the base, the high end's right of it.
        let x_of = |t: &str| shown.iter().find(|s| s.2 == t).unwrap().0;
        let base = x_of("base $38B");
        assert!(x_of("$20B → $20B") < base && x_of("uncapped → $52B") > base);
        assert!(x_of("0 days → $38B") < x_of("90 days → $38B"));
        assert!(svg.contains(">\nlow value\n<") && svg.contains(">\nhigh value\n<"));
    }

    #[test]
    fn tornado_keeps_the_numbers_when_a_key_name_is_long() {
        let key = "API on Google Cloud for enterprise customers in Europe growth";
        let t = tornado_of(
            vec![
                row(key, "2%", "40%", 3 * B, 30 * B),
                row("rate", "15%", "25%", 10 * B, 14 * B),
            ],
            Metric::Foregone,
            12 * B,
        );
        let svg = svg(&tornado::tornado(&t));
        // The key is in the name column (cut to fit); its ends say value and amount.
        assert!(
            svg.contains(
                ">
2% → $3B
<"
            ) && svg.contains(
                ">
40% → $30B
<"
            )
        );
        assert!(
            svg.contains(
                ">
15% → $10B
<"
            ),
            "every end says its value and amount; the row label names the key"
        );
        // Ticks only where there are amounts: none below zero for amounts all above it.
        assert!(
            !svg.contains(
                ">
−$"
            ),
            "no negative tick"
        );
    }

    #[test]
    fn tornado_of_thirty_keys_draws_the_largest_and_names_the_rest() {
        let rows: Vec<TornadoRow> = (0..30)
            .map(|i| {
                let swing = (30 - i) * B / 10;
                row(
                    &format!("key {i}"),
                    "low",
                    "high",
                    38 * B - swing,
                    38 * B + swing,
                )
            })
            .collect();
        let figure = tornado::tornado(&tornado_of(rows, Metric::Paid, 38 * B));
        assert_eq!(figure.rows.len(), tornado::MAX_ROWS);
        assert_eq!(figure.rows[0].name, "key 0");
        assert_eq!(
            figure.note,
            "6 more keys left out (smaller swings): key 24, key 25, key 26, key 27, key 28, key 29"
        );
        assert!(svg(&figure).contains(">\nkey 23\n<"));
    }

    #[test]
    fn tornado_handles_negative_values_and_both_ends_on_one_side() {
        let t = tornado_of(
            vec![
                row("discount rate", "4%", "12%", -9 * B / 10, -15 * B / 10),
                row("cap", "$20B", "uncapped", -13 * B / 10, -125 * B / 100),
            ],
            Metric::Npv,
            -12 * B / 10,
        );
        let figure = tornado::tornado(&t);
        let svg = svg(&figure);
        assert!(svg.contains(">\nbase −$1.2B\n<"), "negative money reads −$");
        assert!(svg.contains(">\n$20B → −$1.3B\n<"));
        // Both cap ends are below the base: the nearer one (uncapped) is thin over the other,
        // and its label goes on the other side of the base.
        let cap = &figure.rows[1];
        assert_eq!(cap.segments.len(), 2);
        assert!(!cap.segments[0].thin && cap.segments[1].thin);
        assert_eq!(cap.segments[1].to, -1.25e9);
        let inner = cap
            .labels
            .iter()
            .find(|l| l.text.starts_with("uncapped"))
            .unwrap();
        assert_eq!(inner.x, -1.2e9);
        assert_eq!(inner.side, revshare::output::charts::figure::Side::Right);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
    }

    #[test]
    fn every_new_chart_renders_the_same_bytes_twice() {
        let paid = paid_paths();
        let figures = [
            mc::fan(&ctx(false), &fan(cap(38))),
            mc::paid(&ctx(false), &[dist(cap(38), &paid)]),
            mc::paid(
                &ctx(true),
                &[dist(cap(38), &paid), dist(Cap::Uncapped, &paid)],
            ),
            mc::binds(
                &ctx(false),
                &[date(2026, 12, 31), date(2027, 12, 31)],
                &[BindsLine {
                    cap: cap(38),
                    probability: vec![dec("0.1"), dec("0.6")],
                }],
            ),
            tornado::tornado(&tornado_of(
                vec![row("rate", "15%", "25%", 30 * B, 40 * B)],
                Metric::Paid,
                35 * B,
            )),
        ];
        for figure in &figures {
            assert_eq!(render_svg(figure).unwrap(), render_svg(figure).unwrap());
            assert_eq!(render_png(figure).unwrap(), render_png(figure).unwrap());
        }
    }

    #[test]
    fn new_charts_draw_their_edge_cases() {
        let one_period = Fan {
            cap: cap(38),
            periods: fan(cap(38)).periods[..1].to_vec(),
        };
        let all_equal = Fan {
            cap: Cap::Uncapped,
            periods: fan(cap(38))
                .periods
                .into_iter()
                .map(|p| FanPeriod {
                    p5: p.p50,
                    p25: p.p50,
                    p75: p.p50,
                    p95: p.p50,
                    ..p
                })
                .collect(),
        };
        let dates = [date(2026, 12, 31), date(2027, 12, 31)];
        let flat = |p: &str| BindsLine {
            cap: cap(38),
            probability: vec![dec(p); 2],
        };
        let figures = [
            mc::fan(&ctx(false), &one_period),
            mc::fan(&ctx(false), &all_equal),
            mc::fan(
                &ctx(false),
                &Fan {
                    cap: cap(38),
                    periods: Vec::new(),
                },
            ),
            mc::paid(&ctx(false), &[]),
            mc::binds(&ctx(false), &dates, &[flat("0")]),
            mc::binds(&ctx(false), &dates, &[flat("1")]),
            mc::binds(&ctx(false), &[], &[]),
            tornado::tornado(&tornado_of(
                vec![row("payment lag", "0 days", "90 days", 38 * B, 38 * B)],
                Metric::Paid,
                38 * B,
            )),
            tornado::tornado(&tornado_of(Vec::new(), Metric::Foregone, 0)),
        ];
        for figure in &figures {
            let svg = svg(figure);
            assert!(
                !svg.contains("NaN") && !svg.contains("inf"),
                "{}",
                figure.title
            );
            let (w, h, pixels) = decode(&render_png(figure).unwrap());
            assert_eq!((w, h), (1600, 900));
            assert!(pixels.chunks_exact(3).any(|p| p != [255, 255, 255]));
        }
    }
}
