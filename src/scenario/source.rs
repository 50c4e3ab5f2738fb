//! Reading input files and turning byte offsets into the places users see.
//!
//! SPEC §6.20–§6.22: files may start with a UTF-8 BOM and use CRLF; anything that cannot be
//! read as UTF-8 text (missing, a directory, a device, binary) is a bad input (exit 2) that
//! names the file. SPEC §7.6: only regular files are read, and only up to a size limit, so a
//! FIFO or `/dev/zero` is refused at once instead of blocking or eating memory. Places are
//! 1-based lines and columns, columns counted in characters as the `toml` crate counts them;
//! one index of line starts, built once per file, keeps locating an error independent of the
//! file's size.

use crate::error::{Diagnostic, Error, Location};
use std::io::Read as _;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// SPEC §7.6: the largest scenario file read (10 MB).
pub const SCENARIO_LIMIT: u64 = 10 * 1000 * 1000;
/// SPEC §7.6: the largest projections CSV read (1 GB).
pub const PROJECTIONS_LIMIT: u64 = 1000 * 1000 * 1000;
/// About how many characters of a source line an error shows (SPEC §7.6).
pub const WINDOW: usize = 120;

/// For a missing file named without an extension, the `.toml` or `.csv` file beside it that
/// exists (`run scenarios/base` means `scenarios/base.toml`), as a suggestion.
fn did_you_mean(path: &Path) -> String {
    if path.extension().is_some() {
        return String::new();
    }
    ["toml", "csv"]
        .iter()
        .map(|ext| path.with_extension(ext))
        .find(|candidate| candidate.is_file())
        .map_or_else(String::new, |c| format!(" (did you mean {}?)", c.display()))
}

/// A text input and the path the user named it by. Cloning shares the text: every case of a
/// sweep carries its inputs for the manifest, and a 1 GB projections file is read once.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    /// The file as read, BOM included, so the manifest hashes the exact bytes.
    raw: Arc<str>,
    /// Byte length of a leading BOM (0 or 3).
    bom: usize,
    /// Byte offset (into `text()`) of the first character of every line.
    line_starts: Arc<[usize]>,
    /// Character counts at every [`CHECKPOINT`]-th byte, built when a column is first needed.
    char_checkpoints: Arc<std::sync::OnceLock<Vec<usize>>>,
}

impl Source {
    /// Reads `path` as UTF-8 text of at most `limit` bytes. `what` names the file in messages
    /// ("scenario file", "projections file").
    pub fn read(path: &Path, what: &str, limit: u64) -> Result<Source, Error> {
        let fail = |found: String, expected: String| {
            Error::invalid(
                Diagnostic::error(format!("cannot read the {what}"))
                    .file(path)
                    .found(found)
                    .expected(expected),
            )
        };
        let readable = || format!("a readable UTF-8 text {what}");
        let metadata = std::fs::metadata(path)
            .map_err(|e| fail(io_reason(&e), readable() + &did_you_mean(path)))?;
        if metadata.is_dir() {
            return Err(fail("a directory".into(), readable()));
        }
        if !metadata.is_file() {
            return Err(fail(
                "not a regular file (a device, FIFO or socket)".into(),
                readable(),
            ));
        }
        let too_big = |size: String| {
            fail(
                format!("a file of {size}"),
                format!("a {what} of at most {}", describe_bytes(limit)),
            )
        };
        if metadata.len() > limit {
            return Err(too_big(format!("{} bytes", metadata.len())));
        }
        let file = std::fs::File::open(path).map_err(|e| fail(io_reason(&e), readable()))?;
        let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
        // Read one byte past the limit: a file that grew since `metadata` is still refused.
        file.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| fail(io_reason(&e), readable()))?;
        if bytes.len() as u64 > limit {
            return Err(too_big(format!("more than {limit} bytes")));
        }
        let raw = String::from_utf8(bytes).map_err(|e| {
            let at = e.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
            let (line, column) = line_column(&valid, at);
            fail(
                format!("bytes that are not UTF-8 text (line {line}, column {column}, byte {at})"),
                readable(),
            )
        })?;
        let source = Source::from_text(path, raw);
        if let Some(at) = source.text().find('\0') {
            let location = source.location(&(at..at + 1));
            return Err(Error::invalid(
                Diagnostic::error(format!("cannot read the {what}"))
                    .file(path)
                    .at(location)
                    .found("binary content (a NUL byte)")
                    .expected(readable()),
            ));
        }
        Ok(source)
    }

    /// A source from text already in memory (tests, and values given on the command line).
    pub fn from_text(path: &Path, raw: String) -> Source {
        let bom = if raw.starts_with('\u{feff}') { 3 } else { 0 };
        let text = &raw[bom..];
        let mut line_starts = vec![0];
        line_starts.extend(memchr_newlines(text.as_bytes()).map(|i| i + 1));
        Source {
            path: path.to_path_buf(),
            raw: Arc::from(raw),
            bom,
            line_starts: Arc::from(line_starts),
            char_checkpoints: Arc::default(),
        }
    }

    /// The text without its BOM: what the parsers read and spans point into.
    pub fn text(&self) -> &str {
        &self.raw[self.bom..]
    }

    /// The file's exact bytes, for the manifest's SHA-256.
    pub fn bytes(&self) -> &[u8] {
        self.raw.as_bytes()
    }

    /// The 1-based line holding byte `offset` of `text()`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The line, column, shown text and underline of a byte span. Works for any span, even one
    /// past the end or inside a character; the shown text is a window of about [`WINDOW`]
    /// characters around the column, with control characters made visible. The work is
    /// bounded by the window, not by the line: a 10 MB line with thousands of errors (a file
    /// with CR-only line ends) costs no more per error than a short one.
    pub fn location(&self, span: &Range<usize>) -> Location {
        let text = self.text();
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line = self.line_of(start);
        let line_start = self.line_starts[line - 1];
        let mut line_end = self
            .line_starts
            .get(line)
            .map_or(text.len(), |next| next - 1);
        if line_end > line_start && text.as_bytes()[line_end - 1] == b'\r' {
            line_end -= 1;
        }
        let column = self.chars_before(start) - self.chars_before(line_start) + 1;
        // A span on the `\r` of a CRLF sits past the shown line: the window ends at `start`.
        let shown_end = line_end.max(start);
        // The window: up to half of it before the column, the rest after, and more before
        // when the line ends early.
        let (mut left, taken_left) = step_back(text, start, line_start, WINDOW / 2);
        let (right, taken_right) = step_forward(text, start, shown_end, WINDOW - taken_left);
        let mut shown_left = taken_left;
        if taken_left + taken_right < WINDOW && left > line_start {
            let room = WINDOW - taken_left - taken_right;
            let (further, more) = step_back(text, left, line_start, room);
            left = further;
            shown_left += more;
        }
        let mut shown = String::new();
        let mut caret = shown_left + 1;
        if left > line_start {
            shown.push('…');
            caret += 1;
        }
        shown.extend(text[left..right].chars().map(visible));
        if right < line_end {
            shown.push('…');
        }
        // The underline stays inside the window: clamp the span's end into [start, right].
        let end = floor_char_boundary(text, span.end.clamp(start, right));
        let width = text[start..end].chars().count().max(1);
        Location::Toml {
            line,
            column,
            text: shown,
            caret,
            width,
        }
    }

    /// The number of characters before byte `offset` (a char boundary), from a table built on
    /// first use: at most [`CHECKPOINT`] bytes are counted per call.
    fn chars_before(&self, offset: usize) -> usize {
        let text = self.text();
        let table = self.char_checkpoints.get_or_init(|| {
            // Entry k: the characters of text[..floor_char_boundary(k × CHECKPOINT)].
            let mut counts = vec![0];
            let mut previous = 0;
            for k in 1..=text.len() / CHECKPOINT {
                let boundary = floor_char_boundary(text, k * CHECKPOINT);
                let last = counts[k - 1];
                counts.push(last + text[previous..boundary].chars().count());
                previous = boundary;
            }
            counts
        });
        let k = (offset / CHECKPOINT).min(table.len() - 1);
        let base = floor_char_boundary(text, k * CHECKPOINT);
        table[k] + text[base..offset.max(base)].chars().count()
    }
}

/// Bytes between two entries of the character-count table.
const CHECKPOINT: usize = 4096;

/// Control characters other than tab would garble a terminal: show them as U+FFFD.
fn visible(c: char) -> char {
    if c.is_control() && c != '\t' {
        '\u{fffd}'
    } else {
        c
    }
}

/// Moves back from `at` by up to `n` characters, not before `floor`; returns the new byte
/// position and how many characters it moved.
fn step_back(text: &str, at: usize, floor: usize, n: usize) -> (usize, usize) {
    let mut taken = 0;
    let mut position = at;
    for (i, _) in text[floor..at].char_indices().rev().take(n) {
        position = floor + i;
        taken += 1;
    }
    (position, taken)
}

/// Moves forward from `at` by up to `n` characters, not past `ceiling`.
fn step_forward(text: &str, at: usize, ceiling: usize, n: usize) -> (usize, usize) {
    let mut taken = 0;
    let mut position = at;
    for c in text[at..ceiling].chars().take(n) {
        position += c.len_utf8();
        taken += 1;
    }
    (position, taken)
}

/// Byte offsets of every `\n`.
fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter_map(|(i, b)| (*b == b'\n').then_some(i))
}

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let at = floor_char_boundary(text, at.min(text.len()));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text.as_bytes()[..line_start]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1;
    (line, text[line_start..at].chars().count() + 1)
}

/// "10 MB", "1 GB": a size limit as a person reads it.
fn describe_bytes(limit: u64) -> String {
    match limit {
        n if n >= 1_000_000_000 && n % 1_000_000_000 == 0 => format!("{} GB", n / 1_000_000_000),
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{} MB", n / 1_000_000),
        n => format!("{n} bytes"),
    }
}

/// The largest char boundary at or before `index`.
fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// A short reason for an I/O failure, without the OS's error code noise.
pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source::from_text(Path::new("s.toml"), text.into())
    }

    fn parts(location: Location) -> (usize, usize, String, usize, usize) {
        match location {
            Location::Toml {
                line,
                column,
                text,
                caret,
                width,
            } => (line, column, text, caret, width),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn locates_spans_in_lines_and_characters() {
        let s = source("[share]\r\nrate = \"2é%\"\r\n");
        let at = s.text().find('"').unwrap();
        assert_eq!(
            parts(s.location(&(at..at + 6))),
            (2, 8, "rate = \"2é%\"".into(), 8, 5)
        );
    }

    #[test]
    fn span_at_end_of_file_points_past_the_last_line() {
        let (line, column, _, _, width) = parts(source("a = 1").location(&(5..5)));
        assert_eq!((line, column, width), (1, 6, 1));
    }

    #[test]
    fn bom_is_skipped_for_spans_but_kept_for_the_hash() {
        let s = source("\u{feff}a = 1\nb = 2\n");
        assert_eq!(s.text(), "a = 1\nb = 2\n");
        assert_eq!(s.bytes().len(), 3 + 12);
        assert_eq!(parts(s.location(&(6..7))).0, 2);
    }

    /// Regression (issue 9): a span on the `\r` of a `\r\r\n` line end used to panic in
    /// `clamp` (min > max) because the shown line drops its trailing `\r`.
    #[test]
    fn span_on_a_trimmed_carriage_return_does_not_panic() {
        let s = source("a = 1\r\r\nb = 2\r\n");
        for at in 0..=s.text().len() {
            let (line, column, ..) = parts(s.location(&(at..at + 3)));
            assert!(line >= 1 && column >= 1);
        }
        let (line, column, text, _, width) = parts(s.location(&(5..7)));
        // "a = 1\r" is line 1 (its last `\r` belongs to the CRLF): the span starts on the
        // first `\r`, column 6; the shown text keeps it visible as U+FFFD.
        assert_eq!(
            (line, column, text.as_str(), width),
            (1, 6, "a = 1\u{fffd}", 1)
        );
    }

    #[test]
    fn long_lines_are_cut_to_a_window_around_the_column() {
        // A 10,000-character line with the error at column 5,001.
        let line = "x".repeat(5_000) + "!" + &"y".repeat(4_999);
        let s = source(&line);
        let (l, column, text, caret, width) = parts(s.location(&(5_000..5_001)));
        assert_eq!((l, column, width), (1, 5_001, 1));
        // Window: characters 4,940..5,060 (0-based) with an ellipsis on each side.
        assert_eq!(text.chars().count(), WINDOW + 2);
        assert!(text.starts_with('…') && text.ends_with('…'));
        assert_eq!(text.chars().nth(caret - 1), Some('!'));
    }

    #[test]
    fn columns_count_characters_across_checkpoints() {
        // 3-byte and 1-byte characters mixed, so checkpoints fall inside characters.
        let text: String = (0..20_000)
            .map(|i| if i % 3 == 0 { '€' } else { 'a' })
            .collect();
        let s = source(&text);
        for (offset, _) in text.char_indices().step_by(97) {
            assert_eq!(
                s.chars_before(offset),
                text[..offset].chars().count(),
                "{offset}"
            );
        }
        assert_eq!(s.chars_before(text.len()), 20_000);
        let at = text.char_indices().nth(12_345).unwrap().0;
        assert_eq!(parts(s.location(&(at..at + 1))).1, 12_346);
    }

    #[test]
    fn window_at_the_end_of_a_long_line_keeps_the_caret_inside() {
        let line = "z".repeat(1_000);
        let s = source(&line);
        let (_, column, text, caret, width) = parts(s.location(&(990..2_000)));
        assert_eq!(column, 991);
        assert!(caret <= text.chars().count());
        assert_eq!(width, 10);
    }

    #[test]
    fn refuses_what_is_not_a_regular_file_and_files_over_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let render = |e: Error| e.render();
        let big = dir.path().join("big.toml");
        std::fs::write(&big, "a = 1\n".repeat(10)).unwrap();
        let e = render(Source::read(&big, "scenario file", 59).unwrap_err());
        assert!(e.contains("a file of 60 bytes"), "{e}");
        assert!(e.contains("at most 59 bytes"), "{e}");
        assert!(Source::read(&big, "scenario file", 60).is_ok());
        let e = render(Source::read(Path::new("/dev/zero"), "scenario file", 10).unwrap_err());
        assert!(e.contains("not a regular file"), "{e}");
        let e = render(Source::read(dir.path(), "scenario file", 10).unwrap_err());
        assert!(e.contains("a directory"), "{e}");
    }

    #[test]
    fn nul_and_invalid_utf8_name_their_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let nul = dir.path().join("nul.toml");
        std::fs::write(&nul, "a = 1\nb = \"x\0\"\n").unwrap();
        let e = Source::read(&nul, "scenario file", 1_000)
            .unwrap_err()
            .render();
        assert!(e.contains("nul.toml:2:7"), "{e}");
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, b"a = 1\nbc = \xff\n").unwrap();
        let e = Source::read(&bad, "scenario file", 1_000)
            .unwrap_err()
            .render();
        assert!(e.contains("line 2, column 6, byte 11"), "{e}");
    }
}
