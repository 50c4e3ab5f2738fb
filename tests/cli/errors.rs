//! SPEC §5 and §6.21–§6.25: every class of bad input exits 2 with a message that names the
//! file, the place (TOML `file:line:col` with the line and a caret, CSV row and column, or the
//! argument), what was found and what was expected. Some messages are pinned in full: they
//! were read by eye and are what a user sees.
//!
//! Each scenario is a small valid one with one mistake written in, by [`Scenario`]; its doc
//! comment shows the layout that the TOML line numbers below refer to.

use crate::support::{Scenario, Test, VALID};

/// `revshare run s.toml` on `scenario`, which must exit 2 (a bad input).
fn run_rejects(scenario: Scenario) -> Test {
    Test::new()
        .scenario("s.toml", scenario)
        .args(&["run", "s.toml"])
        .status(2)
}

// ---------------------------------------------------------------------------------------------
// TOML structure
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_toml_syntax_error() {
    // Written out in full: a file that is not TOML is the one thing `Scenario` cannot build.
    Test::new()
        .file(
            "s.toml",
            r#"
            [scenario]
            start = 2026-01-01
            end = 2027-12-31

            [share
            rate = "20%"
            "#,
        )
        .args(&["run", "s.toml"])
        .status(2)
        .stderr(
            r#"
            error: TOML syntax error
             --> s.toml:5:7
              |
            5 | [share
              |       ^
              = found: unclosed table, expected `]`
              = expected: valid TOML (see the scenario format in README.md)

            "#,
        )
        .run();
}

#[test]
fn reports_typo_rte_as_unknown_key_with_suggestion() {
    // SPEC §6.25: the typo is reported as an unknown key, not only as a missing `rate`.
    run_rejects(Scenario::two_years().rename("share.rate", "rte"))
        .stderr(
            r#"
            error: missing required key `rate`
             --> s.toml:5:1
              |
            5 | [share]
              | ^^^^^^^
              = field: share.rate
              = found: nothing
              = expected: the share of qualifying revenue, such as "20%"

            error: unknown key
             --> s.toml:6:1
              |
            6 | rte = "20%"
              | ^^^
              = field: share.rte
              = found: `rte`
              = expected: one of rate, cap, effective, sunset, payment_lag_days, clouds, payer, payee, paid_before (did you mean `rate`?)

            error: 2 problems found
            "#,
        )
        .run();
}

#[test]
fn rejects_unknown_table_with_suggestion() {
    run_rejects(
        Scenario::two_years()
            .rename("share", "shares")
            .remove("stream[1]"),
    )
    .at_toml("s.toml:5:2", "[shares]", "^^^^^^")
    .found("`shares`")
    .expected("one of scenario, share, stream, revenue, cloud, montecarlo, uncertain (did you mean `share`?)")
    .run();
}

#[test]
fn rejects_missing_required_key() {
    run_rejects(Scenario::two_years().remove("scenario.start"))
        .stderr_contains("error: missing required key `start`")
        .at_toml("s.toml:1:1", "[scenario]", "^^^^^^^^^^")
        .field("scenario.start")
        .found("nothing")
        .expected("the first day of the horizon, such as 2026-01-01")
        .run();
}

#[test]
fn rejects_missing_annual_on_a_stream() {
    run_rejects(Scenario::two_years().remove("stream[1].annual"))
        .stderr_contains("error: missing required key `annual`")
        .stderr_contains(" --> s.toml:")
        .field(r#"stream[1] "Chat".annual"#)
        .found("nothing")
        .run();
}

#[test]
fn rejects_wrong_type() {
    run_rejects(Scenario::two_years().set("stream[1].cloud", "5"))
        .stderr_contains("error: wrong type")
        .at_toml("s.toml:10:9", "cloud = 5", "^")
        .field(r#"stream[1] "Chat".cloud"#)
        .found("an integer")
        .expected("a string")
        .run();
}

#[test]
fn rejects_stream_that_is_not_an_array_of_tables() {
    run_rejects(
        Scenario::two_years()
            .remove("stream[1]")
            .top_level("stream", r#""Chat""#),
    )
    .at_toml("s.toml:1:10", r#"stream = "Chat""#, "^^^^^^")
    .field("stream")
    .found("a string")
    .expected("[[stream]] entries (an array of tables)")
    .run();
}

// ---------------------------------------------------------------------------------------------
// Values out of range
// ---------------------------------------------------------------------------------------------

/// The message's `expected` line for any amount.
const AN_AMOUNT: &str =
    r#"an amount >= 0 such as 38000000000, "38B", "$12.5bn", "1_250_000" or "4.2e9""#;

#[test]
fn rejects_negative_amount() {
    run_rejects(Scenario::two_years().set("stream[1].annual", r#"{ 2026 = "1B", 2027 = "-2B" }"#))
        .stderr_contains("error: amount must be >= 0")
        .at_toml(
            "s.toml:11:32",
            r#"annual = { 2026 = "1B", 2027 = "-2B" }"#,
            "^^^^^",
        )
        .field(r#"stream[1] "Chat".annual.2027"#)
        .found(r#""-2B""#)
        .expected(AN_AMOUNT)
        .run();
}

#[test]
fn rejects_negative_integer_amount() {
    run_rejects(Scenario::one_year().set("share.cap", "-5"))
        .stderr_contains("error: amount must be >= 0")
        .at_toml("s.toml:7:7", "cap = -5", "^^")
        .field("share.cap")
        .stderr_contains("= found: ")
        .stderr_contains("-5")
        .stderr_contains(r#"or "none""#)
        .run();
}

#[test]
fn rejects_rate_out_of_range_suggesting_percent() {
    run_rejects(Scenario::two_years().set("share.rate", "20"))
        .stderr(
            r#"
            error: rate out of range
             --> s.toml:6:8
              |
            6 | rate = 20
              |        ^^
              = field: share.rate
              = found: 20
              = expected: a rate from 0% to 100% (did you mean "20%"?)

            "#,
        )
        .run();
}

#[test]
fn rejects_percent_rate_above_100() {
    run_rejects(Scenario::one_year().set("share.rate", r#""120%""#))
        .stderr_contains("error: rate out of range")
        .at_toml("s.toml:6:8", r#"rate = "120%""#, "^^^^^^")
        .found(r#""120%""#)
        .expected("a rate from 0% to 100%")
        .run();
}

#[test]
fn rejects_sunset_before_effective() {
    run_rejects(
        Scenario::two_years()
            .set("share.effective", "2026-06-01")
            .set("share.sunset", "2026-05-31"),
    )
    .stderr_contains("error: `sunset` is before `effective`")
    .at_toml("s.toml:8:10", "sunset = 2026-05-31", "^^^^^^^^^^")
    .field("share.sunset")
    .found("sunset 2026-05-31, effective 2026-06-01")
    .expected("a sunset on or after 2026-06-01")
    .run();
}

#[test]
fn rejects_sunset_before_default_effective() {
    // `effective` defaults to `start`; the check still applies.
    run_rejects(Scenario::two_years().set("share.sunset", r#""2025-12-31""#))
        .at_toml("s.toml:7:10", r#"sunset = "2025-12-31""#, "^^^^^^^^^^^^")
        .found("sunset 2025-12-31, effective 2026-01-01")
        .run();
}

#[test]
fn rejects_end_before_start() {
    run_rejects(
        Scenario::two_years()
            .set("scenario.end", "2025-12-31")
            .set("stream[1].annual", r#"{ 2025 = "1B" }"#),
    )
    .stderr_contains("error: `end` is before `start`")
    .at_toml("s.toml:3:7", "end = 2025-12-31", "^^^^^^^^^^")
    .field("scenario.end")
    .found("end 2025-12-31, start 2026-01-01")
    .expected("an end on or after 2026-01-01")
    .run();
}

#[test]
fn rejects_hole_in_annual() {
    run_rejects(Scenario::two_years().set("scenario.end", "2029-12-31").set(
        "stream[1].annual",
        r#"{ 2026 = "1B", 2028 = "2B", 2029 = "3B" }"#,
    ))
    .stderr(
        r#"
        error: hole in `annual`: the years must be contiguous
          --> s.toml:11:10
           |
        11 | annual = { 2026 = "1B", 2028 = "2B", 2029 = "3B" }
           |          ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
           = field: stream[1] "Chat".annual
           = found: no figure for 2027 between 2026 and 2028
           = expected: an entry for every year from 2026 to 2029

        "#,
    )
    .run();
}

#[test]
fn rejects_growth_table_missing_a_year() {
    run_rejects(
        Scenario::two_years()
            .set("scenario.end", "2029-12-31")
            .set("stream[1].growth", r#"{ 2028 = "10%" }"#),
    )
    .stderr_contains("error: missing growth rate for 2029")
    .at_toml(
        "s.toml:12:10",
        r#"growth = { 2028 = "10%" }"#,
        "^^^^^^^^^^^^^^^^",
    )
    .field(r#"stream[1] "Chat".growth"#)
    .found("no entry for 2029")
    .expected("a rate for every year from 2028 to 2029")
    .run();
}

#[test]
fn rejects_horizon_year_past_annual_without_growth() {
    run_rejects(Scenario::two_years().set("scenario.end", "2029-12-31"))
        .stderr_contains(
            "error: no revenue for 2028: `annual` ends at 2027 and there is no `growth`",
        )
        .at_toml(
            "s.toml:11:10",
            r#"annual = { 2026 = "1B", 2027 = "2B" }"#,
            "^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        )
        .field(r#"stream[1] "Chat".annual"#)
        .found("annual figures up to 2027; the horizon runs to 2029")
        .expected(
            "an `annual` entry for every year up to 2029, a `growth` rate, or 0 for a stream that stops",
        )
        .run();
}

#[test]
fn rejects_duplicate_stream_names() {
    run_rejects(Scenario::one_year().stream("Chat", "aws", r#"{ 2026 = "2B" }"#))
        .stderr_contains("error: duplicate stream name")
        .at_toml("s.toml:14:8", r#"name = "Chat""#, "^^^^^^")
        .field(r#"stream[2] "Chat".name"#)
        .found(r#""Chat""#)
        .expected(r#"a name not already used by stream[1] "Chat""#)
        .run();
}

#[test]
fn rejects_unknown_cloud_in_share_clouds() {
    run_rejects(
        Scenario::one_year()
            .set("share.clouds", r#"["azure", "gpc"]"#)
            .stream("Gemini host", "gcp", r#"{ 2026 = "1B" }"#),
    )
    .stderr_contains("error: cloud not used by any stream")
    .at_toml("s.toml:7:20", r#"clouds = ["azure", "gpc"]"#, "^^^^^")
    .field("share.clouds")
    .found(r#""gpc""#)
    .stderr_contains("= expected: one of the streams' clouds: azure, gcp")
    .run();
}

#[test]
fn rejects_unparsable_number() {
    run_rejects(Scenario::one_year().set("stream[1].annual", r#"{ 2026 = "1.2.3B" }"#))
        .stderr_contains("error: not a valid amount")
        .at_toml(
            "s.toml:11:19",
            r#"annual = { 2026 = "1.2.3B" }"#,
            "^^^^^^^^",
        )
        .field(r#"stream[1] "Chat".annual.2026"#)
        .found(r#""1.2.3B""#)
        .expected(AN_AMOUNT)
        .run();
}

#[test]
fn rejects_unparsable_rate() {
    run_rejects(Scenario::one_year().set("share.rate", r#""twenty%""#))
        .stderr_contains("error: not a valid rate")
        .at_toml("s.toml:6:8", r#"rate = "twenty%""#, "^^^^^^^^^")
        .field("share.rate")
        .found(r#""twenty%""#)
        .expected(r#"a rate such as "20%" or 0.2"#)
        .run();
}

#[test]
fn rejects_unparsable_date() {
    run_rejects(Scenario::one_year().set("scenario.start", r#""2026-13-01""#))
        .stderr_contains("error: not a valid date")
        .at_toml("s.toml:2:9", r#"start = "2026-13-01""#, "^^^^^^^^^^^^")
        .field("scenario.start")
        .found(r#""2026-13-01""#)
        .expected("a date such as 2026-04-27")
        .run();
}

#[test]
fn rejects_date_with_a_time() {
    run_rejects(Scenario::one_year().set("scenario.start", "2026-01-01T09:00:00"))
        .at_toml(
            "s.toml:2:9",
            "start = 2026-01-01T09:00:00",
            "^^^^^^^^^^^^^^^^^^^",
        )
        .found("2026-01-01T09:00:00")
        .expected("a date such as 2026-04-27")
        .run();
}

#[test]
fn rejects_amount_too_large_as_given() {
    run_rejects(Scenario::one_year().set("stream[1].annual", r#"{ 2026 = "1000T" }"#))
        .stderr_contains("error: amount too large for exact arithmetic")
        .at_toml("s.toml:11:19", r#"annual = { 2026 = "1000T" }"#, "^^^^^^^")
        .field(r#"stream[1] "Chat".annual.2026"#)
        .found(r#""1000T""#)
        .expected("an amount below 10^15 (1,000T)")
        .run();
}

#[test]
fn rejects_amount_too_large_when_grown() {
    run_rejects(
        Scenario::two_years()
            .set("stream[1].annual", r#"{ 2026 = "600T" }"#)
            .set("stream[1].growth", r#""100%""#),
    )
    .stderr_contains("error: grown revenue for 2027 is too large for exact arithmetic")
    .at_toml("s.toml:12:10", r#"growth = "100%""#, "^^^^^^")
    .field(r#"stream[1] "Chat".growth"#)
    .stderr_contains("for 2027\n")
    .expected("a yearly amount below 10^15")
    .run();
}

#[test]
fn rejects_total_too_large_for_exact_arithmetic() {
    // Each year is below 10^15, their sum over the horizon is not.
    run_rejects(
        Scenario::two_years()
            .set("scenario.end", "2028-12-31")
            .set("stream[1].annual", r#"{ 2026 = "400T" }"#)
            .set("stream[1].growth", "0"),
    )
    .stderr_contains("error: amount too large for exact arithmetic")
    .at_file("s.toml")
    .found("total revenue over the horizon (1200000000000000.00) reaches 10^15 or more")
    .expected("amounts that keep every computed total below 10^15 (1,000T)")
    .run();
}

/// One stream earning `amount` in 2026, in a one-period horizon, all of it paid.
fn at_the_limit(amount: &str) -> Scenario {
    Scenario::one_year()
        .set("scenario.period", r#""year""#)
        .set("share.rate", r#""100%""#)
        .set("stream[1].annual", &format!(r#"{{ 2026 = "{amount}" }}"#))
}

#[test]
fn accepts_amount_just_below_the_limit() {
    Test::new()
        .scenario("s.toml", at_the_limit("999_999_999_999_999.99"))
        .args(&["run", "s.toml", "--format", "csv"])
        .stdout_contains(
            ",999999999999999.99,999999999999999.99,999999999999999.99,999999999999999.99,0.00,",
        )
        .run();
}

#[test]
fn rejects_amount_that_rounds_up_to_the_limit() {
    // Given below 10^15, but R (rounded half-even to cents) is exactly 10^15 (SPEC §6.4).
    run_rejects(at_the_limit("999999999999999.995"))
        .stderr(
            r#"
            error: amount too large for exact arithmetic
              --> s.toml
               = found: revenue of stream "Chat" in 2026 reaches 10^15 or more
               = expected: amounts that keep every computed total below 10^15 (1,000T)

            "#,
        )
        .run();
}

// ---------------------------------------------------------------------------------------------
// Projections CSV
// ---------------------------------------------------------------------------------------------

/// A one-year scenario whose revenue comes from `p.csv` (line 4 names it), with no `[[stream]]`.
fn with_csv() -> Scenario {
    Scenario::one_year()
        .set("scenario.projections", r#""p.csv""#)
        .remove("stream[1]")
}

#[test]
fn rejects_overlapping_csv_blocks_naming_both_rows() {
    run_rejects(with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-06-30,1B
            Chat,azure,2026-01-01,2026-12-31,4B
            API,aws,2026-06-30,2026-12-31,1B
            ",
        )
        .stderr(
            r#"
            error: blocks of stream "API" overlap: rows 2 and 4
              --> p.csv: row 4, column from
               = found: 2026-01-01..2026-06-30 and 2026-06-30..2026-12-31
               = expected: blocks of one stream that do not share a day

            "#,
        )
        .run();
}

#[test]
fn rejects_unknown_csv_column() {
    run_rejects(with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount,region
            API,aws,2026-01-01,2026-12-31,1B,eu
            ",
        )
        .stderr_contains("error: unknown column")
        .at_csv("p.csv", "row 1, column region")
        .found("`region`")
        .expected("the columns stream, cloud, from, to, amount and optionally qualifying")
        .run();
}

#[test]
fn rejects_bad_csv_cell_naming_row_and_column() {
    run_rejects(with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-06-30,1B
            API,aws,2026-07-01,2026-12-31,lots
            ",
        )
        .stderr_contains("error: not a valid amount")
        .at_csv("p.csv", "row 3, column amount")
        .found(r#""lots""#)
        .expected(AN_AMOUNT)
        .run();
}

#[test]
fn rejects_bad_csv_date_naming_row_and_column() {
    run_rejects(with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-06-30,1B
            API,aws,2026-07-01,2026-12-31,1B
            Chat,azure,2026-01-01,2026-06-31,1B
            ",
        )
        .stderr_contains("error: not a valid date")
        .at_csv("p.csv", "row 4, column to")
        .found(r#""2026-06-31""#)
        .expected("a date such as 2026-04-01")
        .run();
}

#[test]
fn csv_rows_after_blank_lines_keep_their_line_numbers() {
    // SPEC §6.5 skips blank lines; §6.22 numbers rows by the file's line. The overlapping
    // blocks are on lines 2 and 5, and both the message and the place say so (counting only
    // the non-blank records would give rows 2 and 3).
    run_rejects(with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-06-30,1B


            API,aws,2026-06-01,2026-12-31,1B
            ",
        )
        .stderr_contains(r#"error: blocks of stream "API" overlap: rows 2 and 5"#)
        .at_csv("p.csv", "row 5, column from")
        .run();
}

#[test]
fn csv_rows_after_blank_crlf_lines_keep_their_line_numbers() {
    // SPEC §6.20 allows CRLF: the blank CRLF line is skipped, and the bad date is reported on
    // row 3, its line in the file.
    run_rejects(with_csv())
        .file_bytes(
            "p.csv",
            b"stream,cloud,from,to,amount\r\n\r\nAPI,aws,2026-01-01,2026-06-31,1B\r\n",
        )
        .stderr_contains("error: not a valid date")
        .at_csv("p.csv", "row 3, column to")
        .run();
}

#[test]
fn rejects_csv_amount_too_large() {
    run_rejects(with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-12-31,1e15
            ",
        )
        .stderr_contains("error: amount too large for exact arithmetic")
        .at_csv("p.csv", "row 2, column amount")
        .found(r#""1e15""#)
        .run();
}

#[test]
fn rejects_csv_stream_changing_cloud() {
    run_rejects(with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-06-30,1B
            API,gcp,2026-07-01,2026-12-31,1B
            ",
        )
        .stderr_contains(r#"error: stream "API" changes cloud"#)
        .at_csv("p.csv", "row 3, column cloud")
        .found(r#""gcp""#)
        .expected(r#""aws", as on row 2"#)
        .run();
}

#[test]
fn rejects_stream_in_both_toml_and_csv() {
    run_rejects(with_csv().stream("API", "aws", r#"{ 2026 = "1B" }"#))
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            Chat,azure,2026-01-01,2026-12-31,1B
            API,aws,2026-01-01,2026-06-30,1B
            ",
        )
        .stderr_contains("error: stream is defined twice")
        .at_csv("p.csv", "row 3, column stream")
        .found(r#""API", already a [[stream]] (stream[1] "API")"#)
        .expected(
            "a stream defined either in the scenario file or in the projections file, not both",
        )
        .run();
}

#[test]
fn rejects_missing_projections_file() {
    // Named at the scenario line that gives the path, with the path as resolved.
    run_rejects(with_csv())
        .stderr_contains("error: cannot read the projections file")
        .at_toml("s.toml:4:15", "projections = \"p.csv\"", "^^^^^^^")
        .found("p.csv (no such file)")
        .expected("a readable UTF-8 text projections file")
        .run();
}

#[test]
fn names_projections_file_relative_to_the_scenario() {
    // SPEC §6.29: paths inside a scenario are relative to the scenario file.
    Test::new()
        .scenario("in/s.toml", with_csv())
        .file(
            "in/p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-12-31,-1
            ",
        )
        .args(&["run", "in/s.toml"])
        .status(2)
        .stderr_contains("error: amount must be >= 0")
        .at_csv("in/p.csv", "row 2, column amount")
        .run();
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be read (SPEC §6.21)
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_missing_scenario_file() {
    Test::new()
        .args(&["run", "nope.toml"])
        .status(2)
        .stderr(
            "
            error: cannot read the scenario file
              --> nope.toml
               = found: no such file
               = expected: a readable UTF-8 text scenario file

            ",
        )
        .run();
}

/// Issue 11: `run scenarios/base` names the `.toml` file that is there.
#[test]
fn a_scenario_named_without_its_extension_suggests_the_file() {
    Test::new()
        .scenario("base.toml", Scenario::two_years())
        .args(&["run", "base"])
        .status(2)
        .stderr(
            "
            error: cannot read the scenario file
              --> base
               = found: no such file
               = expected: a readable UTF-8 text scenario file (did you mean base.toml?)

            ",
        )
        .run();
}

#[test]
fn rejects_directory_as_scenario() {
    Test::new()
        .dir("d.toml")
        .args(&["run", "d.toml"])
        .status(2)
        .stderr_contains("error: cannot read the scenario file")
        .at_file("d.toml")
        .found("a directory")
        .expected("a readable UTF-8 text scenario file")
        .run();
}

#[test]
fn rejects_non_utf8_scenario() {
    Test::new()
        .file_bytes("s.toml", b"[scenario]\nname = \"caf\xe9\"\n")
        .args(&["run", "s.toml"])
        .status(2)
        .stderr_contains("error: cannot read the scenario file")
        .at_file("s.toml")
        .stderr_contains("= found: bytes that are not UTF-8 text")
        .expected("a readable UTF-8 text scenario file")
        .run();
}

#[test]
fn rejects_binary_scenario() {
    Test::new()
        .file_bytes("s.toml", b"\x00\x01\x02PK\x03\x04")
        .args(&["validate", "s.toml"])
        .status(2)
        .stderr_contains("error: cannot read the scenario file")
        // The NUL's line and column; control characters are shown as U+FFFD, never raw.
        .at_toml(
            "s.toml:1:1",
            "\u{fffd}\u{fffd}\u{fffd}PK\u{fffd}\u{fffd}",
            "^",
        )
        .found("binary content (a NUL byte)")
        .run();
}

// ---------------------------------------------------------------------------------------------
// --set (SPEC §3, §6.30)
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_unknown_set_key() {
    Test::new()
        .file("s.toml", VALID)
        .args(&["run", "s.toml", "--set", "share.rte=20%"])
        .status(2)
        .stderr_contains("error: unknown key")
        .at_argument("--set share.rte=20%")
        .found(r#""share.rte""#)
        .stderr_contains("= expected: one of share.rate, share.cap,")
        .run();
}

#[test]
fn rejects_set_without_equals() {
    Test::new()
        .file("s.toml", VALID)
        .args(&["run", "s.toml", "--set", "share.rate"])
        .status(2)
        .stderr_contains("error: expected KEY=VALUE")
        .at_argument("--set share.rate")
        .found(r#""share.rate""#)
        .expected("KEY=VALUE, such as share.cap=38B")
        .run();
}

#[test]
fn rejects_bad_set_value() {
    Test::new()
        .file("s.toml", VALID)
        .args(&["run", "s.toml", "--set", "share.rate=20"])
        .status(2)
        .stderr(
            r#"
            error: rate out of range
              --> argument `--set share.rate=20` (applied to s.toml)
               = field: share.rate
               = found: "20"
               = expected: a rate from 0% to 100% (did you mean "20%"?)

            "#,
        )
        .run();
}

#[test]
fn reports_every_bad_set_value() {
    Test::new()
        .file("s.toml", VALID)
        .args(&[
            "run",
            "s.toml",
            "--set",
            "scenario.period=weekly",
            "--set",
            "share.effective=2026-02-30",
        ])
        .status(2)
        .at_argument("--set scenario.period=weekly")
        .found(r#""weekly""#)
        .expected(r#""month", "quarter" or "year""#)
        .at_argument("--set share.effective=2026-02-30")
        .found(r#""2026-02-30""#)
        .stderr_contains("error: 2 problems found")
        .run();
}

#[test]
fn rejects_set_on_a_stream_that_does_not_exist() {
    Test::new()
        .file("s.toml", VALID)
        .args(&["run", "s.toml", "--set", "stream.Chatt.growth=5%"])
        .status(2)
        .at_argument("--set stream.Chatt.growth=5%")
        .found(r#""Chatt""#)
        .run();
}

#[test]
fn rejects_growth_override_on_csv_stream() {
    Test::new()
        .scenario("s.toml", with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-12-31,1B
            ",
        )
        .args(&["run", "s.toml", "--set", "stream.API.growth=5%"])
        .status(2)
        .stderr_contains(r#"error: stream "API" comes from the projections file and has no growth"#)
        .at_argument("--set stream.API.growth=5%")
        .found("stream.API.growth")
        .expected("growth on a [[stream]] entry")
        .run();
}

/// Issue 11: a stream name in TOML quotes works as the bare name, and an unknown name lists
/// the scenario's streams. "Chat bot" earns 1B in 2026 at 20%: 200,000,000.00 uncapped; with
/// `qualifying=false` nothing qualifies and nothing is paid.
#[test]
fn a_quoted_stream_name_works_and_an_unknown_one_lists_the_streams() {
    let scenario = Scenario::two_years()
        .set("scenario.end", "2026-12-31")
        .set("stream[1].name", r#""Chat bot""#)
        .set("stream[1].annual", r#"{ 2026 = "1B" }"#);
    let out = Test::new()
        .scenario("s.toml", scenario.clone())
        .args(&[
            "run",
            "s.toml",
            "--set",
            r#"stream."Chat bot".qualifying=false"#,
            "--out",
            "o",
        ])
        .run();
    let summary = out.read_text("o/summary.csv");
    let paid = summary
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(8)
        .unwrap()
        .to_owned();
    assert_eq!(paid, "0.00", "{summary}");
    Test::new()
        .scenario("s.toml", scenario)
        .args(&["run", "s.toml", "--set", "stream.Chatbot.growth=5%"])
        .status(2)
        .stderr_contains(r#"error: no stream named "Chatbot""#)
        .expected(r#"one of the scenario's streams: "Chat bot" (did you mean `Chat bot`?)"#)
        .run();
}

#[test]
fn accepts_qualifying_override_on_csv_stream() {
    let out = Test::new()
        .scenario("s.toml", with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-12-31,1B
            ",
        )
        .args(&[
            "run",
            "s.toml",
            "--set",
            "stream.API.qualifying=false",
            "--format",
            "json",
        ])
        .run();
    let summary: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(summary["revenue"], "1000000000.00");
    assert_eq!(summary["qualifying_revenue"], "0.00");
}

// ---------------------------------------------------------------------------------------------
// validate: every problem in one pass (SPEC §3, §6.25)
// ---------------------------------------------------------------------------------------------

/// Four independent mistakes: a typo'd key (line 4), a rate of 20 (line 7), an impossible date
/// (line 8) and a negative amount (line 13).
fn four_mistakes() -> Scenario {
    Scenario::two_years()
        .set("scenario.perod", r#""month""#)
        .set("share.rate", "20")
        .set("share.sunset", r#""2026-02-30""#)
        .set("stream[1].annual", r#"{ 2026 = "1B", 2027 = "-2B" }"#)
}

#[test]
fn validate_reports_every_problem_in_one_pass() {
    Test::new()
        .scenario("s.toml", four_mistakes())
        .args(&["validate", "s.toml"])
        .status(2)
        .at_toml("s.toml:4:1", r#"perod = "month""#, "^^^^^")
        .expected(
            "one of name, description, currency, start, end, period, discount_rate, valuation_date, projections (did you mean `period`?)",
        )
        .at_toml("s.toml:7:8", "rate = 20", "^^")
        .expected(r#"a rate from 0% to 100% (did you mean "20%"?)"#)
        .at_toml("s.toml:8:10", r#"sunset = "2026-02-30""#, "^^^^^^^^^^^^")
        .found(r#""2026-02-30""#)
        .at_toml(
            "s.toml:13:32",
            r#"annual = { 2026 = "1B", 2027 = "-2B" }"#,
            "^^^^^",
        )
        .found(r#""-2B""#)
        .stderr_contains("error: 4 problems found\n")
        .run();
}

#[test]
fn validate_reports_problems_of_every_file() {
    Test::new()
        .file("good.toml", VALID)
        .scenario("bad.toml", four_mistakes())
        .args(&["validate", "good.toml", "missing.toml", "bad.toml"])
        .status(2)
        .stdout_contains(r#"ok: good.toml — "Valid", 2 streams, 8 quarter periods"#)
        .at_file("missing.toml")
        .at_toml("bad.toml:7:8", "rate = 20", "^^")
        .stderr_contains("error: 5 problems found\n")
        .run();
}

#[test]
fn validate_json_lists_problems_with_places() {
    let out = Test::new()
        .scenario("s.toml", four_mistakes())
        .args(&["validate", "--format", "json", "s.toml"])
        .status(2)
        .stderr_lacks("panicked")
        .run();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["valid"], false);
    let problems = report["problems"].as_array().unwrap();
    let summary: Vec<(i64, i64, &str)> = problems
        .iter()
        .map(|p| {
            for key in ["file", "line", "column", "field", "found", "expected"] {
                assert!(!p[key].is_null(), "{key} missing in {p}");
            }
            assert_eq!(p["file"], "s.toml");
            (
                p["line"].as_i64().unwrap(),
                p["column"].as_i64().unwrap(),
                p["field"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (4, 1, "scenario.perod"),
            (7, 8, "share.rate"),
            (8, 10, "share.sunset"),
            (13, 32, r#"stream[1] "Chat".annual.2027"#),
        ]
    );
    assert_eq!(problems[1]["found"], "20");
    assert_eq!(
        problems[1]["expected"],
        r#"a rate from 0% to 100% (did you mean "20%"?)"#
    );
}

#[test]
fn validate_json_names_csv_row_and_column() {
    let out = Test::new()
        .scenario("s.toml", with_csv())
        .file(
            "p.csv",
            "
            stream,cloud,from,to,amount
            API,aws,2026-01-01,2026-12-31,lots
            ",
        )
        .args(&["validate", "--format", "json", "s.toml"])
        .status(2)
        .stderr_lacks("panicked")
        .run();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["valid"], false);
    let problem = &report["problems"][0];
    assert_eq!(problem["file"], "p.csv");
    assert_eq!(problem["row"], 2);
    assert_eq!(problem["csv_column"], "amount");
    assert_eq!(problem["found"], r#""lots""#);
    assert!(
        problem["expected"]
            .as_str()
            .unwrap()
            .starts_with("an amount >= 0")
    );
}

#[test]
fn validate_json_of_a_valid_file() {
    let out = Test::new()
        .file("s.toml", VALID)
        .args(&["validate", "--format", "json", "s.toml"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report, serde_json::json!({ "valid": true, "problems": [] }));
}

#[test]
fn validate_reports_duplicate_name_even_when_a_duplicate_has_another_error() {
    // SPEC §6.25: `validate` reports every problem it can find in one pass. The negative
    // amount in stream[1] and the repeated name are independent mistakes, and both are
    // reported: a stream that fails its own checks still takes part in the name check.
    Test::new()
        .scenario(
            "s.toml",
            Scenario::one_year()
                .set("stream[1].annual", r#"{ 2026 = "-1B" }"#)
                .stream("Chat", "aws", r#"{ 2026 = "2B" }"#),
        )
        .args(&["validate", "s.toml"])
        .status(2)
        .stderr_contains("error: amount must be >= 0")
        .stderr_contains("error: duplicate stream name")
        .stderr_contains("error: 2 problems found")
        .run();
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_subcommand_is_a_usage_error() {
    Test::new()
        .args(&["simulate", "s.toml"])
        .status(2)
        .stderr_contains("simulate")
        .run();
}
