//! The long-format projections CSV (SPEC §1.3, §6.5–§6.7): one revenue block per row.
//!
//! Every problem names the file, the row (the file's line number, header = 1) and the column
//! by its header name.

use super::source::Source;
use super::value;
use crate::error::{Diagnostic, Location};
use crate::model::{Block, Stream};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const REQUIRED: [&str; 5] = ["stream", "cloud", "from", "to", "amount"];
const OPTIONAL: [&str; 1] = ["qualifying"];

/// A stream read from the CSV, with the row where it first appears.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvStream {
    pub stream: Stream,
    /// Row of first appearance; `qualifying` as given (None: not given on any row).
    pub first_row: usize,
    pub qualifying_given: Option<bool>,
}

/// What reading the projections file found.
#[derive(Debug)]
pub struct Projections {
    pub source: Source,
    pub streams: Vec<CsvStream>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One parsed row, before grouping by stream.
struct Row {
    line: usize,
    stream: String,
    cloud: String,
    block: Block,
    qualifying: Option<bool>,
}

/// The projections files read while building scenarios from one parsed scenario file, by path:
/// every case of a sweep names the same file, which is read and checked once, not once a case.
#[derive(Debug, Default)]
pub struct ProjectionsCache(Mutex<Vec<(PathBuf, Read)>>);

/// One read of a projections file: its streams, or why it could not be read at all.
type Read = Result<Arc<Projections>, Box<Diagnostic>>;

impl ProjectionsCache {
    /// [`read_projections`], once per path. Builds run in parallel: the first one reads while
    /// the others wait for its result.
    pub fn read(&self, path: &Path) -> Read {
        let Ok(mut files) = self.0.lock() else {
            // A build panicked while holding the lock: read again rather than trust the cache.
            return read_projections(path).map(Arc::new);
        };
        if let Some((_, read)) = files.iter().find(|(p, _)| p == path) {
            return read.clone();
        }
        let read = read_projections(path).map(Arc::new);
        files.push((path.to_path_buf(), read.clone()));
        read
    }
}

/// Reads and checks the file. Every problem is collected; a file that cannot be read at all is
/// one problem.
pub fn read_projections(path: &Path) -> Result<Projections, Box<Diagnostic>> {
    let source =
        Source::read(path, "projections file", super::source::PROJECTIONS_LIMIT).map_err(|e| {
            match e {
                crate::error::Error::Invalid(mut d) if !d.is_empty() => {
                    let mut d = d.remove(0);
                    // A place inside the file (a NUL byte) is a CSV row, like every CSV problem.
                    if let Location::Toml { line, .. } = d.location {
                        d.location = Location::Csv {
                            row: line,
                            column: None,
                        };
                    }
                    Box::new(d)
                }
                other => Box::new(Diagnostic::error(other.render()).file(path)),
            }
        })?;
    let mut diagnostics = Vec::new();
    let rows = parse_rows(&source, &mut diagnostics);
    let streams = group(&source.path, rows, &mut diagnostics);
    Ok(Projections {
        source,
        streams,
        diagnostics,
    })
}

fn parse_rows(source: &Source, diagnostics: &mut Vec<Diagnostic>) -> Vec<Row> {
    let path = source.path.clone();
    let error = |line: usize, column: Option<&str>, message: &str| {
        Diagnostic::error(message).file(&path).at(Location::Csv {
            row: line,
            column: column.map(str::to_owned),
        })
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(source.text().as_bytes());
    let mut header = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut header) {
            Ok(true) if is_blank(&header) => continue,
            Ok(true) => break,
            Err(e) => {
                diagnostics.push(
                    error(record_line(source, e.position()), None, "unreadable CSV")
                        .found(e.to_string())
                        .expected("a CSV file"),
                );
                return Vec::new();
            }
            Ok(false) => {
                diagnostics.push(
                    error(1, None, "empty projections file")
                        .found("no header row")
                        .expected(format!("the header {}", REQUIRED.join(","))),
                );
                return Vec::new();
            }
        }
    }
    if let Some(d) = unterminated_quote(source, &header, reader.position().byte()) {
        diagnostics.push(d);
        return Vec::new();
    }
    let header_line = record_line(source, header.position());
    let names: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    let mut columns: HashMap<&str, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if REQUIRED.contains(&name.as_str()) || OPTIONAL.contains(&name.as_str()) {
            if columns.insert(name.as_str(), i).is_some() {
                diagnostics.push(
                    error(header_line, Some(name), "duplicate column")
                        .found(format!("`{name}` twice"))
                        .expected("each column once"),
                );
            }
        } else {
            diagnostics.push(
                error(header_line, Some(name), "unknown column")
                    .found(format!("`{name}`"))
                    .expected(format!(
                        "the columns {} and optionally qualifying",
                        REQUIRED.join(", ")
                    )),
            );
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !columns.contains_key(c))
        .collect();
    if !missing.is_empty() {
        diagnostics.push(
            error(header_line, None, "missing column")
                .found(format!("header {}", names.join(",")))
                .expected(format!("also the column(s) {}", missing.join(", "))),
        );
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Vec::new();
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                diagnostics.push(
                    error(
                        record_line(source, e.position()),
                        None,
                        "unreadable CSV row",
                    )
                    .found(e.to_string())
                    .expected("a CSV row"),
                );
                continue;
            }
        }
        if is_blank(&record) {
            continue;
        }
        if let Some(d) = unterminated_quote(source, &record, reader.position().byte()) {
            diagnostics.push(d);
            continue;
        }
        let line = record_line(source, record.position());
        if record.len() != names.len() {
            diagnostics.push(
                error(line, None, "wrong number of cells")
                    .found(format!("{} cells", record.len()))
                    .expected(format!("{} cells, one per header column", names.len())),
            );
            continue;
        }
        let cell = |name: &str| {
            columns
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .trim()
        };
        let mut ok = true;
        let mut fail = |column: &str, message: &str, found: String, expected: &str| {
            diagnostics.push(
                error(line, Some(column), message)
                    .found(found)
                    .expected(expected),
            );
            ok = false;
        };
        for name in ["stream", "cloud"] {
            if cell(name).is_empty() {
                fail(
                    name,
                    &format!("empty {name}"),
                    "an empty cell".into(),
                    &format!("a {name} name"),
                );
            }
        }
        let from = value::parse_date(cell("from"));
        let to = value::parse_date(cell("to"));
        for (name, date) in [("from", from), ("to", to)] {
            if date.is_none() {
                fail(
                    name,
                    "not a valid date",
                    format!("\"{}\"", cell(name)),
                    "a date such as 2026-04-01",
                );
            }
        }
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            fail(
                "to",
                "block ends before it starts",
                format!("{t} before {f}"),
                "a `to` date on or after `from`",
            );
        }
        let amount = match value::parse_money(cell("amount")) {
            Ok(a) => Some(a),
            Err(p) => {
                fail("amount", &p.message, p.found, &p.expected);
                None
            }
        };
        let qualifying = match cell("qualifying") {
            "" => None,
            q => match value::parse_bool(q) {
                Some(b) => Some(b),
                None => {
                    fail(
                        "qualifying",
                        "not a boolean",
                        format!("\"{q}\""),
                        "true, false or an empty cell",
                    );
                    None
                }
            },
        };
        if let (true, Some(from), Some(to), Some(amount)) = (ok, from, to, amount) {
            rows.push(Row {
                line,
                stream: cell("stream").to_owned(),
                cloud: cell("cloud").to_owned(),
                block: Block { from, to, amount },
                qualifying,
            });
        }
    }
    rows
}

/// Groups rows into streams in order of first appearance, checking that a stream keeps one
/// cloud and one `qualifying` value, and that its blocks do not overlap.
fn group(path: &Path, rows: Vec<Row>, diagnostics: &mut Vec<Diagnostic>) -> Vec<CsvStream> {
    let at = |line: usize, column: &str| Location::Csv {
        row: line,
        column: Some(column.to_owned()),
    };
    let mut streams: Vec<CsvStream> = Vec::new();
    let mut lines: Vec<Vec<usize>> = Vec::new(); // block rows per stream, parallel to blocks
    let mut qualifying_row: Vec<usize> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let i = match index.get(&row.stream) {
            Some(&i) => i,
            None => {
                index.insert(row.stream.clone(), streams.len());
                streams.push(CsvStream {
                    stream: Stream {
                        name: row.stream.clone(),
                        cloud: row.cloud.clone(),
                        qualifying: true,
                        blocks: Vec::new(),
                        grown_years: 0,
                    },
                    first_row: row.line,
                    qualifying_given: None,
                });
                lines.push(Vec::new());
                qualifying_row.push(0);
                streams.len() - 1
            }
        };
        let s = &mut streams[i];
        if s.stream.cloud != row.cloud {
            diagnostics.push(
                Diagnostic::error(format!("stream \"{}\" changes cloud", row.stream))
                    .file(path)
                    .at(at(row.line, "cloud"))
                    .found(format!("\"{}\"", row.cloud))
                    .expected(format!("\"{}\", as on row {}", s.stream.cloud, s.first_row)),
            );
        }
        if let Some(q) = row.qualifying {
            match s.qualifying_given {
                Some(previous) if previous != q => diagnostics.push(
                    Diagnostic::error(format!(
                        "stream \"{}\" has conflicting `qualifying` values",
                        row.stream
                    ))
                    .file(path)
                    .at(at(row.line, "qualifying"))
                    .found(q.to_string())
                    .expected(format!("{previous}, as on row {}", qualifying_row[i])),
                ),
                Some(_) => {}
                None => {
                    s.qualifying_given = Some(q);
                    s.stream.qualifying = q;
                    qualifying_row[i] = row.line;
                }
            }
        }
        s.stream.blocks.push(row.block);
        lines[i].push(row.line);
    }
    for (s, lines) in streams.iter_mut().zip(lines) {
        let mut order: Vec<usize> = (0..s.stream.blocks.len()).collect();
        order.sort_by_key(|&b| (s.stream.blocks[b].from, lines[b]));
        for pair in order.windows(2) {
            let (a, b) = (&s.stream.blocks[pair[0]], &s.stream.blocks[pair[1]]);
            if b.from <= a.to {
                let (first, second) = (
                    lines[pair[0]].min(lines[pair[1]]),
                    lines[pair[0]].max(lines[pair[1]]),
                );
                diagnostics.push(
                    Diagnostic::error(format!(
                        "blocks of stream \"{}\" overlap: rows {first} and {second}",
                        s.stream.name
                    ))
                    .file(path)
                    .at(at(second, "from"))
                    .found(format!("{}..{} and {}..{}", a.from, a.to, b.from, b.to))
                    .expected("blocks of one stream that do not share a day"),
                );
            }
        }
        s.stream.blocks = order.iter().map(|&b| s.stream.blocks[b]).collect();
    }
    streams
}

/// A quote left open swallows line ends into a cell (mid-file) or silently runs to the end of
/// the file (last cell). No cell of this format may span lines, and a record's raw text holds
/// an even number of quotes when every quote is closed; either failing names the row where
/// the quote opened.
fn unterminated_quote(source: &Source, record: &csv::StringRecord, end: u64) -> Option<Diagnostic> {
    let start = record.position().map_or(0, csv::Position::byte);
    let text = source.text();
    let raw = text
        .get(usize::try_from(start).ok()?..usize::try_from(end).ok()?.min(text.len()))
        .unwrap_or("");
    let spans_lines = record.iter().any(|f| f.contains(['\n', '\r']));
    let odd_quotes = raw.bytes().filter(|b| *b == b'"').count() % 2 == 1;
    if !spans_lines && !odd_quotes {
        return None;
    }
    let line = record_line(source, record.position());
    let last_line = source.line_of(
        usize::try_from(end)
            .unwrap_or(usize::MAX)
            .min(text.len())
            .saturating_sub(1),
    );
    Some(
        Diagnostic::error("unterminated quote")
            .file(&source.path)
            .at(Location::Csv {
                row: line,
                column: None,
            })
            .found(if last_line > line {
                format!("a quoted cell that runs from row {line} to row {last_line}")
            } else {
                "a quote that is never closed".into()
            })
            .expected("every opening `\"` closed on the same row"),
    )
}

fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|f| f.trim().is_empty())
}

/// The file line a record starts on (header = 1). The csv crate's own positions point at the
/// blank lines it skipped before a record, so skip those line ends and look the record's first
/// byte up in the source's line index (no rescan from the start of the file per row).
fn record_line(source: &Source, position: Option<&csv::Position>) -> usize {
    let Some(position) = position else { return 0 };
    let text = source.text();
    let start = usize::try_from(position.byte())
        .unwrap_or(usize::MAX)
        .min(text.len());
    let skipped = text.as_bytes()[start..]
        .iter()
        .take_while(|b| **b == b'\n' || **b == b'\r')
        .count();
    source.line_of(start + skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sweep reads its projections file once: the cache answers later builds without
    /// touching the file, so removing it after the first read changes nothing.
    #[test]
    fn the_cache_reads_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.csv");
        std::fs::write(
            &path,
            "stream,cloud,from,to,amount\na,aws,2026-01-01,2026-12-31,365\n",
        )
        .unwrap();
        let cache = ProjectionsCache::default();
        let first = cache.read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        let again = cache.read(&path).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert_eq!(again.streams.len(), 1);
        assert_eq!(again.streams[0].stream.name, "a");
        // Another cache, as a new command would have, reads the file and finds it gone.
        assert!(ProjectionsCache::default().read(&path).is_err());
    }
}
