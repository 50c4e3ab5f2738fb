//! CSV writers for SPEC §4: pure functions from results to bytes.
//!
//! Money with exactly two decimals, rates with six, dates ISO 8601, absent values empty,
//! booleans `true`/`false`, UTF-8 without BOM, `\n` line ends, minimal quoting (SPEC §6.18).

use super::text;
use crate::engine::valuation::format_discount_factor;
use crate::model::Scenario;
use crate::money::{Money, Rate};
use crate::outcome::{Outcome, Summary};
use jiff::civil::Date;

/// What a writer does with each kind of summary cell: the reference writer
/// ([`summary_fields`]) prints each value's `Display`, the fast one ([`push_summary`]) prints
/// the same bytes through [`super::text`]. Absent values (`None`) are empty cells (SPEC §4).
pub trait Cells {
    /// Free text (`scenario`, `currency`): the only cells that may need quoting.
    fn text(&mut self, text: &str);
    /// A whole number (`periods`).
    fn count(&mut self, count: usize);
    /// Two decimals.
    fn money(&mut self, money: Option<Money>);
    /// ISO 8601.
    fn date(&mut self, date: Option<Date>);
    /// `true` or `false`.
    fn flag(&mut self, flag: bool);
    /// Six decimals, half-to-even.
    fn rate(&mut self, rate: Option<Rate>);
}

/// Defines the summary columns once: [`SUMMARY_COLUMNS`] gets the names, [`summary_cells`]
/// the cells, in the same order. A macro rather than a table of function pointers, so that
/// each cell is a direct, inlinable call of the writer's method for its type.
macro_rules! summary_columns {
    ($s:ident => { $($name:literal => $kind:ident($value:expr),)* }) => {
        /// The summary columns, shared by `summary.csv`, `summary.json`, `sweep.csv` and
        /// `compare.csv`: SPEC §4's summary columns, then the extensions `binding_threshold`
        /// and `paid_before` (SPEC §6.18, §7.2: extensions come after the SPEC's columns).
        pub const SUMMARY_COLUMNS: [&str; 19] = [$($name),*];

        /// Hands every cell of the summary to `cells`, in [`SUMMARY_COLUMNS`] order.
        #[inline(always)]
        pub fn summary_cells($s: &Summary, cells: &mut impl Cells) {
            $(cells.$kind($value);)*
        }
    };
}

summary_columns!(s => {
    "scenario" => text(&s.scenario),
    "currency" => text(&s.currency),
    "start" => date(Some(s.start)),
    "end" => date(Some(s.end)),
    "periods" => count(s.periods),
    "revenue" => money(Some(s.revenue)),
    "qualifying_revenue" => money(Some(s.qualifying_revenue)),
    "accrued" => money(Some(s.accrued)),
    "paid" => money(Some(s.paid)),
    "foregone" => money(Some(s.foregone)),
    "cap" => money(s.cap),
    "cap_reached" => flag(s.cap_reached),
    "cap_hit_date" => date(s.cap_hit_date),
    "effective_rate" => rate(s.effective_rate),
    "npv" => money(Some(s.npv)),
    "first_cash_date" => date(s.first_cash_date),
    "last_cash_date" => date(s.last_cash_date),
    "binding_threshold" => money(Some(s.binding_threshold)),
    "paid_before" => money(Some(s.paid_before)),
});

/// `periods.csv`'s columns (SPEC §4).
pub const PERIOD_COLUMNS: [&str; 13] = [
    "period",
    "start",
    "end",
    "revenue",
    "qualifying_revenue",
    "accrued",
    "paid",
    "foregone",
    "cumulative_paid",
    "cap_remaining",
    "cash_date",
    "discount_factor",
    "pv",
];

/// `periods.csv`.
pub fn periods_csv(outcome: &Outcome) -> Vec<u8> {
    let rows = outcome.periods.iter().map(|r| {
        vec![
            r.period.clone(),
            r.start.to_string(),
            r.end.to_string(),
            r.revenue.to_string(),
            r.qualifying_revenue.to_string(),
            r.accrued.to_string(),
            r.paid.to_string(),
            r.foregone.to_string(),
            r.cumulative_paid.to_string(),
            opt_money(r.cap_remaining),
            r.cash_date.to_string(),
            format_discount_factor(r.discount_factor),
            r.pv.to_string(),
        ]
    });
    table(&PERIOD_COLUMNS, rows)
}

/// `streams.csv`: the full period × stream grid.
pub fn streams_csv(scenario: &Scenario, outcome: &Outcome) -> Vec<u8> {
    let rows = outcome.streams.iter().map(|r| {
        let stream = &scenario.streams[r.stream];
        vec![
            outcome.periods[r.period].period.clone(),
            stream.name.clone(),
            stream.cloud.clone(),
            r.revenue.to_string(),
            r.qualifying_revenue.to_string(),
            r.paid.to_string(),
        ]
    });
    table(
        &[
            "period",
            "stream",
            "cloud",
            "revenue",
            "qualifying_revenue",
            "paid",
        ],
        rows,
    )
}

/// `clouds.csv`.
pub fn clouds_csv(outcome: &Outcome) -> Vec<u8> {
    let rows = outcome.clouds.iter().map(|r| {
        vec![
            r.cloud.clone(),
            r.revenue.to_string(),
            r.qualifying_revenue.to_string(),
            r.paid.to_string(),
            r.share_of_paid.map(|s| s.to_string()).unwrap_or_default(),
        ]
    });
    table(
        &[
            "cloud",
            "revenue",
            "qualifying_revenue",
            "paid",
            "share_of_paid",
        ],
        rows,
    )
}

/// `summary.csv`: one row.
pub fn summary_csv(summary: &Summary) -> Vec<u8> {
    table(&SUMMARY_COLUMNS, std::iter::once(summary_fields(summary)))
}

/// The summary's cells in [`SUMMARY_COLUMNS`] order, each through its `Display`: the
/// reference text that [`push_summary`] must reproduce byte for byte.
pub fn summary_fields(s: &Summary) -> Vec<String> {
    let mut fields = Fields(Vec::with_capacity(SUMMARY_COLUMNS.len()));
    summary_cells(s, &mut fields);
    fields.0
}

/// The reference writer: each cell through its value's `Display`, as SPEC §4 formats it.
struct Fields(Vec<String>);

impl Fields {
    fn display(&mut self, value: Option<impl std::fmt::Display>) {
        self.0
            .push(value.map(|v| v.to_string()).unwrap_or_default());
    }
}

impl Cells for Fields {
    fn text(&mut self, text: &str) {
        self.display(Some(text));
    }
    fn count(&mut self, count: usize) {
        self.display(Some(count));
    }
    fn money(&mut self, money: Option<Money>) {
        self.display(money);
    }
    fn date(&mut self, date: Option<Date>) {
        self.display(date);
    }
    fn flag(&mut self, flag: bool) {
        self.display(Some(flag));
    }
    fn rate(&mut self, rate: Option<Rate>) {
        self.display(rate);
    }
}

/// Appends one CSV cell (quoted only when needed, as the `csv` crate does) and a separator.
/// The sweep writes millions of rows with this instead of allocating a String per cell.
pub fn push_cell(buf: &mut Vec<u8>, cell: impl std::fmt::Display, last: bool) {
    use std::io::Write as _;
    let start = buf.len();
    let _ = write!(buf, "{cell}");
    quote_if_needed(buf, start);
    buf.push(if last { b'\n' } else { b',' });
}

/// Appends the summary's cells in [`SUMMARY_COLUMNS`] order, ending the row: the same bytes as
/// [`summary_fields`] through the `csv` crate, at a fraction of the cost (issue 10: the sweep
/// calls this a million times).
pub fn push_summary(buf: &mut Vec<u8>, s: &Summary) {
    summary_cells(s, &mut Row(buf));
    // The row ends where its last separator is.
    if let Some(last) = buf.last_mut() {
        *last = b'\n';
    }
}

/// The cells `columns` (positions in [`SUMMARY_COLUMNS`]) of [`push_summary`]'s row, byte for
/// byte: each cell and a `,`, or `\n` after the row's last cell. A cap sweep forms the cells a
/// cap does not change once per combination and only the others per row.
pub fn push_summary_columns(buf: &mut Vec<u8>, s: &Summary, columns: std::ops::Range<usize>) {
    let ends_row = columns.end >= SUMMARY_COLUMNS.len();
    let written = buf.len();
    summary_cells(
        s,
        &mut Only {
            row: Row(buf),
            at: 0,
            columns,
        },
    );
    if ends_row
        && buf.len() > written
        && let Some(last) = buf.last_mut()
    {
        *last = b'\n';
    }
}

/// [`Row`] for the cells in `columns` only.
struct Only<'a> {
    row: Row<'a>,
    /// The position of the next cell.
    at: usize,
    columns: std::ops::Range<usize>,
}

impl Only<'_> {
    #[inline]
    fn take(&mut self) -> bool {
        self.at += 1;
        self.columns.contains(&(self.at - 1))
    }
}

impl Cells for Only<'_> {
    #[inline]
    fn text(&mut self, text: &str) {
        if self.take() {
            self.row.text(text);
        }
    }
    #[inline]
    fn count(&mut self, count: usize) {
        if self.take() {
            self.row.count(count);
        }
    }
    #[inline]
    fn money(&mut self, money: Option<Money>) {
        if self.take() {
            self.row.money(money);
        }
    }
    #[inline]
    fn date(&mut self, date: Option<Date>) {
        if self.take() {
            self.row.date(date);
        }
    }
    #[inline]
    fn flag(&mut self, flag: bool) {
        if self.take() {
            self.row.flag(flag);
        }
    }
    #[inline]
    fn rate(&mut self, rate: Option<Rate>) {
        if self.take() {
            self.row.rate(rate);
        }
    }
}

/// The fast writer: each cell and a `,` appended to a row. Numbers, dates and flags cannot
/// contain a byte that needs quoting, so only text is scanned.
struct Row<'a>(&'a mut Vec<u8>);

impl Cells for Row<'_> {
    #[inline]
    fn text(&mut self, text: &str) {
        push_text(self.0, text.as_bytes());
        self.0.push(b',');
    }
    #[inline]
    fn count(&mut self, count: usize) {
        text::push_count(self.0, count);
        self.0.push(b',');
    }
    #[inline]
    fn money(&mut self, money: Option<Money>) {
        if let Some(money) = money {
            text::push_money(self.0, money);
        }
        self.0.push(b',');
    }
    #[inline]
    fn date(&mut self, date: Option<Date>) {
        if let Some(date) = date {
            text::push_date(self.0, date);
        }
        self.0.push(b',');
    }
    #[inline]
    fn flag(&mut self, flag: bool) {
        text::push_flag(self.0, flag);
        self.0.push(b',');
    }
    #[inline]
    fn rate(&mut self, rate: Option<Rate>) {
        if let Some(rate) = rate {
            text::push_rate(self.0, rate);
        }
        self.0.push(b',');
    }
}

/// Quotes the cell that starts at `start` (the rest of `buf`) if it needs it (see
/// [`push_text`]).
fn quote_if_needed(buf: &mut Vec<u8>, start: usize) {
    if needs_quotes(&buf[start..]) {
        let raw = buf.split_off(start);
        push_text(buf, &raw);
    }
}

/// Appends `text` as a cell, in quotes (its own quotes doubled) only if it holds a comma, a
/// quote or a line break: the `csv` crate's minimal quoting (SPEC §6.18). No allocation: a
/// sweep's scenario name with a comma in it is quoted on each of a million rows.
fn push_text(buf: &mut Vec<u8>, text: &[u8]) {
    if !needs_quotes(text) {
        buf.extend_from_slice(text);
        return;
    }
    buf.push(b'"');
    let mut rest = text;
    while let Some(quote) = rest.iter().position(|&b| b == b'"') {
        buf.extend_from_slice(&rest[..=quote]);
        buf.push(b'"');
        rest = &rest[quote + 1..];
    }
    buf.extend_from_slice(rest);
    buf.push(b'"');
}

/// Whether a cell must be quoted. No early exit: the fold compiles to wide compares.
fn needs_quotes(cell: &[u8]) -> bool {
    cell.iter().fold(false, |found, b| {
        found | matches!(b, b',' | b'"' | b'\n' | b'\r')
    })
}

fn opt_money(m: Option<Money>) -> String {
    m.map(|m| m.to_string()).unwrap_or_default()
}

/// A header and rows as CSV bytes. Writing to a `Vec` cannot fail.
pub fn table<I: IntoIterator<Item = Vec<String>>>(header: &[&str], rows: I) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(&row);
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_summary_rows_equal_the_csv_writer() {
        use crate::money::Rate;
        use jiff::civil::date;
        let mut s = Summary {
            scenario: "Base, \"quoted\"".into(),
            currency: "USD".into(),
            start: date(2026, 1, 1),
            end: date(2026, 12, 31),
            periods: 4,
            revenue: Money::from_cents(123),
            qualifying_revenue: Money::from_cents(100),
            accrued: Money::from_cents(20),
            paid: Money::from_cents(10),
            foregone: Money::from_cents(10),
            cap: Some(Money::from_cents(10)),
            cap_reached: true,
            cap_hit_date: Some(date(2026, 5, 1)),
            effective_rate: Some(Rate(rust_decimal::Decimal::new(1, 1))),
            npv: Money::from_cents(9),
            first_cash_date: None,
            last_cash_date: Some(date(2027, 1, 1)),
            binding_threshold: Money::from_cents(20),
            paid_before: Money::from_cents(3),
        };
        for _ in 0..2 {
            let expected = summary_csv(&s);
            let mut got: Vec<u8> = SUMMARY_COLUMNS.join(",").into_bytes();
            got.push(b'\n');
            push_summary(&mut got, &s);
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(expected).unwrap()
            );
            s.scenario = "plain".into();
            s.cap = None;
            s.effective_rate = None;
        }
    }

    #[test]
    fn summary_columns_are_the_spec_columns_in_order() {
        assert_eq!(
            SUMMARY_COLUMNS.join(","),
            "scenario,currency,start,end,periods,revenue,qualifying_revenue,accrued,paid,\
             foregone,cap,cap_reached,cap_hit_date,effective_rate,npv,first_cash_date,\
             last_cash_date,binding_threshold,paid_before"
        );
    }

    fn arb_money() -> impl proptest::strategy::Strategy<Value = Money> {
        use proptest::prelude::*;
        let under_limit = 100_000_000_000_000_000_i128; // 10^15 in cents
        prop_oneof![0_i128..1_000, 0..under_limit, -under_limit..0].prop_map(Money::from_cents)
    }

    fn arb_day() -> impl proptest::strategy::Strategy<Value = Date> {
        use proptest::prelude::*;
        (-9999_i16..=9999, 1_i8..=12, 1_i8..=28).prop_map(|(y, m, d)| jiff::civil::date(y, m, d))
    }

    fn arb_rate() -> impl proptest::strategy::Strategy<Value = Rate> {
        use proptest::prelude::*;
        (any::<i64>(), 0_u32..=8).prop_map(|(m, scale)| Rate(rust_decimal::Decimal::new(m, scale)))
    }

    proptest::prop_compose! {
        /// A summary from random parts: text that may need quoting, money of any size and
        /// sign, dates across jiff's range, absent values.
        fn arb_summary()(
            text in proptest::collection::vec("[a-zA-Z ,\"\n\r€]{0,8}", 2),
            dates in (arb_day(), arb_day()),
            optional_dates in proptest::collection::vec(proptest::option::of(arb_day()), 3),
            m in proptest::collection::vec(arb_money(), 8),
            cap in proptest::option::of(arb_money()),
            effective_rate in proptest::option::of(arb_rate()),
            cap_reached in proptest::prelude::any::<bool>(),
            periods in proptest::prelude::any::<usize>(),
        ) -> Summary {
            Summary {
                scenario: text[0].clone(),
                currency: text[1].clone(),
                start: dates.0,
                end: dates.1,
                periods,
                revenue: m[0],
                qualifying_revenue: m[1],
                accrued: m[2],
                paid: m[3],
                foregone: m[4],
                cap,
                cap_reached,
                cap_hit_date: optional_dates[0],
                effective_rate,
                npv: m[5],
                first_cash_date: optional_dates[1],
                last_cash_date: optional_dates[2],
                binding_threshold: m[6],
                paid_before: m[7],
            }
        }
    }

    proptest::proptest! {
        /// The fast row against the reference: each cell's `Display` through the `csv` crate.
        #[test]
        fn fast_summary_rows_equal_the_csv_writer_on_random_summaries(s in arb_summary()) {
            let expected = summary_csv(&s);
            let mut got: Vec<u8> = SUMMARY_COLUMNS.join(",").into_bytes();
            got.push(b'\n');
            push_summary(&mut got, &s);
            proptest::prop_assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(expected).unwrap()
            );
        }

        /// Any split of the row into column ranges, written piece by piece, is the row.
        #[test]
        fn summary_rows_written_in_pieces_are_the_row(s in arb_summary(), a in 0usize..=18, b in 0usize..=18) {
            let (a, b) = (a.min(b), a.max(b));
            let mut whole = Vec::new();
            push_summary(&mut whole, &s);
            let mut pieces = Vec::new();
            push_summary_columns(&mut pieces, &s, 0..a);
            push_summary_columns(&mut pieces, &s, a..b);
            push_summary_columns(&mut pieces, &s, b..SUMMARY_COLUMNS.len());
            proptest::prop_assert_eq!(pieces, whole);
        }
    }

    #[test]
    fn quotes_only_when_needed_and_ends_lines_with_newline() {
        let bytes = table(
            &["a", "b"],
            vec![
                vec!["x,y".to_string(), "plain".to_string()],
                vec!["say \"hi\"".into(), String::new()],
            ],
        );
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "a,b\n\"x,y\",plain\n\"say \"\"hi\"\"\",\n"
        );
        // The row writers' quoting is the same.
        let mut row = Vec::new();
        for (i, cell) in ["x,y", "plain", "say \"hi\"", ""].iter().enumerate() {
            push_cell(&mut row, cell, i % 2 == 1);
        }
        assert_eq!(
            String::from_utf8(row).unwrap(),
            "\"x,y\",plain\n\"say \"\"hi\"\"\",\n"
        );
    }
}
