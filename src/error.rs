//! The one error type and its one renderer.
//!
//! Everything a user can get wrong becomes a [`Diagnostic`]: the file, the place in it (TOML
//! line and column with the line itself, a CSV row and column, or a command-line argument), the
//! field path, what was found and what was expected. Validation collects them (SPEC §5, §6.25:
//! `validate` reports every problem in one pass) and only `main` renders them, exactly once.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Where in the user's input a problem sits. Places are 1-based (SPEC §6.22).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// No finer place than the file itself (an unreadable file, a problem with the whole file).
    File,
    /// A TOML position, with the source line kept so the renderer can show it with a caret.
    Toml {
        line: usize,
        column: usize,
        /// The line's text without its line end: a window of it around the column when the
        /// line is long (SPEC §7.6), control characters shown as U+FFFD.
        text: String,
        /// The 1-based character position in `text` where the caret starts (the column, unless
        /// the line was cut).
        caret: usize,
        /// How many characters the caret underlines (at least 1).
        width: usize,
    },
    /// A CSV cell: `row` is the file's line number, the header being row 1.
    Csv { row: usize, column: Option<String> },
    /// A command-line argument, as the user typed it.
    Argument(String),
}

/// Whether a diagnostic stops the command or is only reported (SPEC §6.31).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the user's input, with everything needed to point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The input file, as the user named it; `None` for command-line problems.
    pub file: Option<PathBuf>,
    pub location: Location,
    /// The field path, such as `stream[2] "API on AWS".annual.2027`.
    pub field: Option<String>,
    /// A one-line summary of the problem.
    pub message: String,
    pub found: Option<String>,
    pub expected: Option<String>,
}

impl Diagnostic {
    /// An error with just a message; add context with the builder methods.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: None,
            location: Location::File,
            field: None,
            message: message.into(),
            found: None,
            expected: None,
        }
    }

    /// A warning: reported, but it does not change the exit status.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    pub fn file(mut self, file: &Path) -> Self {
        self.file = Some(file.to_path_buf());
        self
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = location;
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn found(mut self, found: impl Into<String>) -> Self {
        self.found = Some(found.into());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Orders diagnostics by file, then by place, so a report reads top to bottom.
    pub fn sort_key(&self) -> (Option<PathBuf>, usize, usize) {
        let (line, column) = match &self.location {
            Location::Toml { line, column, .. } => (*line, *column),
            Location::Csv { row, .. } => (*row, 0),
            Location::File | Location::Argument(_) => (0, 0),
        };
        (self.file.clone(), line, column)
    }

    /// Renders the diagnostic the way compilers do: a headline, `-->` with the place, the
    /// source line with a caret, then the field, what was found and what was expected.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}: {}", self.message);
        let file = self.file.as_ref().map(|f| f.display().to_string());
        match (&self.location, &file) {
            (
                Location::Toml {
                    line,
                    column,
                    text,
                    caret,
                    width,
                },
                Some(file),
            ) => {
                let gutter = " ".repeat(line.to_string().len());
                let _ = writeln!(out, "{gutter}--> {file}:{line}:{column}");
                let _ = writeln!(out, "{gutter} |");
                let _ = writeln!(out, "{line} | {text}");
                let pad: String = text
                    .chars()
                    .take(caret.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{gutter} | {pad}{}", "^".repeat((*width).max(1)));
            }
            (Location::Csv { row, column }, Some(file)) => {
                let column = column
                    .as_ref()
                    .map(|c| format!(", column {c}"))
                    .unwrap_or_default();
                let _ = writeln!(out, "  --> {file}: row {row}{column}");
            }
            (Location::Argument(arg), None) => {
                let _ = writeln!(out, "  --> argument `{arg}`");
            }
            (Location::Argument(arg), Some(file)) => {
                let _ = writeln!(out, "  --> argument `{arg}` (applied to {file})");
            }
            (_, Some(file)) => {
                let _ = writeln!(out, "  --> {file}");
            }
            (_, None) => {}
        }
        // Notes line up under the gutter's bar, as compilers print them.
        let gutter = match &self.location {
            Location::Toml { line, .. } => " ".repeat(line.to_string().len()),
            _ => "  ".into(),
        };
        for (label, value) in [
            ("field", &self.field),
            ("found", &self.found),
            ("expected", &self.expected),
        ] {
            if let Some(value) = value {
                let _ = writeln!(out, "{gutter} = {label}: {value}");
            }
        }
        out
    }
}

/// Commands other than `validate` show this many problems, then "and N more" (SPEC §7.6): a
/// garbage file must not flood the terminal with thousands of messages.
pub const SHOWN_PROBLEMS: usize = 20;

/// Everything that can stop a command. Rendered once, by `main`.
#[derive(Debug)]
pub enum Error {
    /// Problems in the user's scenario, projections file or arguments (exit 2).
    Invalid(Vec<Diagnostic>),
    /// A command line that does not make sense (exit 2).
    Usage(String),
    /// Something went wrong that is not the input's fault, such as an output that cannot be
    /// written (exit 1, SPEC §6.29).
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Error {
    /// A single input problem.
    pub fn invalid(diagnostic: Diagnostic) -> Self {
        Self::Invalid(vec![diagnostic])
    }

    /// SPEC §3: 2 for anything the user supplied, 1 for any other failure.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Invalid(_) | Self::Usage(_) => 2,
            Self::Io { .. } => 1,
        }
    }

    /// The text `main` prints to stderr.
    pub fn render(&self) -> String {
        match self {
            Self::Invalid(diagnostics) => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                let mut out: String = diagnostics
                    .iter()
                    .take(SHOWN_PROBLEMS)
                    .map(|d| d.render() + "\n")
                    .collect();
                if let Some(more) = diagnostics.len().checked_sub(SHOWN_PROBLEMS)
                    && more > 0
                {
                    let files: Vec<String> = diagnostics
                        .iter()
                        .filter_map(|d| d.file.as_ref().map(|f| f.display().to_string()))
                        .fold(Vec::new(), |mut files, f| {
                            if !files.contains(&f) {
                                files.push(f);
                            }
                            files
                        });
                    let _ = writeln!(
                        out,
                        "… and {more} more (`revshare validate {}` lists them all)",
                        files.join(" ")
                    );
                }
                if errors > 1 {
                    let _ = writeln!(out, "error: {errors} problems found");
                }
                out
            }
            Self::Usage(message) => format!("error: {message}\n"),
            Self::Io { path, source } => {
                format!("error: cannot write {}: {source}\n", path.display())
            }
        }
    }
}

/// The result type of everything that can fail on user input.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_toml_location_with_caret_under_the_value() {
        let d = Diagnostic::error("rate out of range")
            .file(Path::new("s.toml"))
            .at(Location::Toml {
                line: 12,
                column: 8,
                text: "rate = 20".into(),
                caret: 8,
                width: 2,
            })
            .field("share.rate")
            .found("20")
            .expected("a rate in 0%..100%");
        assert_eq!(
            d.render(),
            "error: rate out of range\n  --> s.toml:12:8\n   |\n12 | rate = 20\n   |        ^^\n   = field: share.rate\n   = found: 20\n   = expected: a rate in 0%..100%\n"
        );
    }

    #[test]
    fn shows_the_first_twenty_problems_then_how_many_more() {
        let d = |i: usize| Diagnostic::error(format!("problem {i}")).file(Path::new("s.toml"));
        let text = Error::Invalid((1..=23).map(d).collect()).render();
        assert!(text.contains("error: problem 20\n"), "{text}");
        assert!(!text.contains("problem 21"), "{text}");
        assert!(
            text.contains("… and 3 more (`revshare validate s.toml` lists them all)\n"),
            "{text}"
        );
        assert!(text.ends_with("error: 23 problems found\n"), "{text}");
        let twenty = Error::Invalid((1..=20).map(d).collect()).render();
        assert!(
            twenty.contains("problem 20") && !twenty.contains("more"),
            "{twenty}"
        );
    }

    #[test]
    fn exit_codes_separate_input_from_environment() {
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
        assert_eq!(Error::Invalid(vec![]).exit_code(), 2);
        let io = Error::Io {
            path: "x".into(),
            source: std::io::Error::other("disk full"),
        };
        assert_eq!(io.exit_code(), 1);
    }
}
