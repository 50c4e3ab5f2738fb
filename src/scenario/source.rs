//! Reading input files and turning byte offsets into the places users see.
//!
//! SPEC §6.20–§6.22: files may start with a UTF-8 BOM and use CRLF; anything that cannot be
//! read as UTF-8 text (missing, a directory, binary) is a bad input (exit 2) that names the
//! file. Places are 1-based lines and columns, columns counted in characters as the `toml`
//! crate counts them.

use crate::error::{Diagnostic, Error, Location};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A text input and the path the user named it by.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    pub text: String,
    /// The raw bytes, kept for the manifest's SHA-256.
    pub bytes: Vec<u8>,
}

impl Source {
    /// Reads `path` as UTF-8 text, dropping a leading BOM.
    pub fn read(path: &Path, what: &str) -> Result<Source, Error> {
        let fail = |found: String| {
            Error::invalid(
                Diagnostic::error(format!("cannot read the {what}"))
                    .file(path)
                    .found(found)
                    .expected(format!("a readable UTF-8 text {what}")),
            )
        };
        if path.is_dir() {
            return Err(fail("a directory".into()));
        }
        let bytes = std::fs::read(path).map_err(|e| fail(io_reason(&e)))?;
        let text = match std::str::from_utf8(&bytes) {
            Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(),
            Err(e) => {
                return Err(fail(format!(
                    "bytes that are not UTF-8 text (at byte {})",
                    e.valid_up_to()
                )));
            }
        };
        if text.contains('\0') {
            return Err(fail("binary content (a NUL byte)".into()));
        }
        Ok(Source {
            path: path.to_path_buf(),
            text,
            bytes,
        })
    }

    /// The line, column, line text and underline width of a byte span.
    pub fn location(&self, span: &Range<usize>) -> Location {
        let start = floor_char_boundary(&self.text, span.start.min(self.text.len()));
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let text = self.text[line_start..line_end].trim_end_matches('\r');
        let line = self.text[..line_start].matches('\n').count() + 1;
        let column = self.text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(&self.text, span.end.clamp(start, line_start + text.len()));
        let width = self.text[start..end].chars().count().max(1);
        Location::Toml {
            line,
            column,
            text: text.to_owned(),
            width,
        }
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
        Source {
            path: "s.toml".into(),
            text: text.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn locates_spans_in_lines_and_characters() {
        let s = source("[share]\r\nrate = \"2é%\"\r\n");
        let at = s.text.find('"').unwrap();
        assert_eq!(
            s.location(&(at..at + 6)),
            Location::Toml {
                line: 2,
                column: 8,
                text: "rate = \"2é%\"".into(),
                width: 5
            }
        );
    }

    #[test]
    fn span_at_end_of_file_points_past_the_last_line() {
        let s = source("a = 1");
        match s.location(&(5..5)) {
            Location::Toml {
                line,
                column,
                width,
                ..
            } => assert_eq!((line, column, width), (1, 6, 1)),
            other => panic!("{other:?}"),
        }
    }
}
