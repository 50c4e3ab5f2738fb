//! A small builder for CLI tests, in the style of `just`'s `tests/test.rs`: lay out files in a
//! fresh temporary directory, run `revshare` there with some arguments, and check the exit
//! status, stdout and stderr.
//!
//! ```ignore
//! Test::new()
//!     .file("s.toml", TEXT)
//!     .args(&["run", "s.toml"])
//!     .status(2)
//!     .at_toml("s.toml:5:8", "rate = 20", "^^")
//!     .found("20")
//!     .run();
//! ```
//!
//! Every run checks that stderr never shows a panic. When a test states nothing about stderr,
//! stderr must be empty: a successful command that prints an unexpected warning fails.

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A valid two-stream scenario: uncapped in 2026, the cap of 500M binds in 2027.
pub const VALID: &str = r#"
    [scenario]
    name = "Valid"
    start = 2026-01-01
    end = 2027-12-31

    [share]
    rate = "20%"
    cap = "500M"

    [[stream]]
    name = "Chat"
    cloud = "azure"
    annual = { 2026 = "1B", 2027 = "2B" }

    [[stream]]
    name = "API"
    cloud = "aws"
    annual = { 2026 = "500M", 2027 = "750M" }
"#;

/// One command to run and what it must produce.
#[must_use = "a Test does nothing until .run()"]
pub struct Test {
    dir: TempDir,
    args: Vec<String>,
    status: i32,
    stdout: Option<String>,
    stdout_contains: Vec<String>,
    stderr: Option<String>,
    stderr_contains: Vec<String>,
    stderr_lacks: Vec<String>,
}

/// What a finished run left behind: its output and the directory it ran in.
pub struct Output {
    pub dir: TempDir,
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    /// A test in a fresh, empty temporary directory.
    pub fn new() -> Self {
        Self::in_dir(tempfile::tempdir().expect("create a temporary directory"))
    }

    /// A test in the directory of an earlier run, to run commands one after another.
    pub fn in_dir(dir: TempDir) -> Self {
        Self {
            dir,
            args: Vec::new(),
            status: 0,
            stdout: None,
            stdout_contains: Vec::new(),
            stderr: None,
            stderr_contains: Vec::new(),
            stderr_lacks: Vec::new(),
        }
    }

    /// Writes a text file (unindented, see [`unindent`]), creating parent directories.
    pub fn file(self, path: &str, text: &str) -> Self {
        self.file_bytes(path, unindent(text).as_bytes())
    }

    /// Writes a file byte for byte, creating parent directories.
    pub fn file_bytes(self, path: &str, bytes: &[u8]) -> Self {
        let path = self.dir.path().join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create parent directories");
        }
        std::fs::write(&path, bytes).expect("write test file");
        self
    }

    /// Creates a directory.
    pub fn dir(self, path: &str) -> Self {
        std::fs::create_dir_all(self.dir.path().join(path)).expect("create directory");
        self
    }

    pub fn args(mut self, args: &[&str]) -> Self {
        self.args.extend(args.iter().map(|a| (*a).to_owned()));
        self
    }

    /// The exit status expected (default 0).
    pub fn status(mut self, status: i32) -> Self {
        self.status = status;
        self
    }

    /// Stdout must be exactly this text (unindented).
    pub fn stdout(mut self, text: &str) -> Self {
        self.stdout = Some(unindent(text));
        self
    }

    pub fn stdout_contains(mut self, text: &str) -> Self {
        self.stdout_contains.push(text.to_owned());
        self
    }

    /// Stderr must be exactly this text (unindented).
    pub fn stderr(mut self, text: &str) -> Self {
        self.stderr = Some(unindent(text));
        self
    }

    pub fn stderr_contains(mut self, text: &str) -> Self {
        self.stderr_contains.push(text.to_owned());
        self
    }

    pub fn stderr_lacks(mut self, text: &str) -> Self {
        self.stderr_lacks.push(text.to_owned());
        self
    }

    /// The place of a TOML problem: `--> file:line:col`, the source line and a caret under
    /// column `col` (SPEC §5, §6.22).
    pub fn at_toml(self, place: &str, source_line: &str, caret: &str) -> Self {
        let mut parts = place.rsplitn(3, ':');
        let column: usize = parts
            .next()
            .and_then(|c| c.parse().ok())
            .expect("file:line:col");
        let line = parts.next().expect("file:line:col");
        let gutter = " ".repeat(line.len());
        let pad = " ".repeat(column - 1);
        let block = format!(
            "{gutter}--> {place}\n{gutter} |\n{line} | {source_line}\n{gutter} | {pad}{caret}\n"
        );
        self.stderr_contains(&block)
    }

    /// The place of a CSV problem: `--> file: row N, column X`.
    pub fn at_csv(self, file: &str, place: &str) -> Self {
        self.stderr_contains(&format!("--> {file}: {place}\n"))
    }

    /// A problem with a command-line argument, named as typed.
    pub fn at_argument(self, argument: &str) -> Self {
        self.stderr_contains(&format!("--> argument `{argument}`"))
    }

    /// A problem with a whole file.
    pub fn at_file(self, file: &str) -> Self {
        self.stderr_contains(&format!("--> {file}\n"))
    }

    pub fn field(self, field: &str) -> Self {
        self.stderr_contains(&format!("= field: {field}\n"))
    }

    pub fn found(self, found: &str) -> Self {
        self.stderr_contains(&format!("= found: {found}\n"))
    }

    pub fn expected(self, expected: &str) -> Self {
        self.stderr_contains(&format!("= expected: {expected}\n"))
    }

    /// Runs `revshare` in the test's directory and checks everything stated.
    pub fn run(self) -> Output {
        let output = Command::cargo_bin("revshare")
            .expect("the revshare binary")
            .args(&self.args)
            .current_dir(self.dir.path())
            .output()
            .expect("run revshare");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let context = format!(
            "revshare {}\n--- stdout ---\n{stdout}--- stderr ---\n{stderr}--------------",
            self.args.join(" ")
        );
        assert!(!stderr.contains("panicked"), "panic\n{context}");
        assert_eq!(
            output.status.code(),
            Some(self.status),
            "exit status\n{context}"
        );
        if let Some(want) = &self.stdout {
            assert_eq!(&stdout, want, "stdout\n{context}");
        }
        for want in &self.stdout_contains {
            assert!(
                stdout.contains(want.as_str()),
                "stdout lacks {want:?}\n{context}"
            );
        }
        if let Some(want) = &self.stderr {
            assert_eq!(&stderr, want, "stderr\n{context}");
        }
        for want in &self.stderr_contains {
            assert!(
                stderr.contains(want.as_str()),
                "stderr lacks {want:?}\n{context}"
            );
        }
        for unwanted in &self.stderr_lacks {
            assert!(
                !stderr.contains(unwanted.as_str()),
                "stderr has {unwanted:?}\n{context}"
            );
        }
        if self.stderr.is_none() && self.stderr_contains.is_empty() {
            assert_eq!(stderr, "", "unexpected stderr\n{context}");
        }
        Output {
            dir: self.dir,
            stdout,
            stderr,
        }
    }
}

impl Output {
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Another command in the same directory.
    pub fn then(self) -> Test {
        Test::in_dir(self.dir)
    }

    /// Runs another command in the same directory; it must succeed. Returns its stdout.
    pub fn then_run(&self, args: &[&str]) -> String {
        let output = assert_cmd::Command::cargo_bin("revshare")
            .unwrap()
            .current_dir(self.path())
            .args(args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?} failed: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        String::from_utf8(output.stdout).unwrap()
    }

    pub fn read(&self, path: &str) -> Vec<u8> {
        std::fs::read(self.path().join(path)).unwrap_or_else(|e| panic!("read {path}: {e}"))
    }

    pub fn read_text(&self, path: &str) -> String {
        String::from_utf8(self.read(path)).expect("UTF-8 output")
    }
}

/// Every file directly inside `dir`, by name, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.expect("directory entry");
            let name = entry.file_name().to_string_lossy().into_owned();
            let path: PathBuf = entry.path();
            let bytes = if path.is_file() {
                std::fs::read(&path).expect("read output")
            } else {
                b"<directory>".to_vec()
            };
            (name, bytes)
        })
        .collect()
}

/// Asserts that `dir` holds exactly the files of `before`, byte for byte, naming any that
/// differ, appeared or vanished.
pub fn assert_unchanged(dir: &Path, before: &BTreeMap<String, Vec<u8>>) {
    let after = snapshot(dir);
    let names: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let changed: Vec<String> = names
        .into_iter()
        .filter_map(|name| match (before.get(name), after.get(name)) {
            (Some(a), Some(b)) if a == b => None,
            (Some(_), Some(_)) => Some(format!("{name} changed")),
            (Some(_), None) => Some(format!("{name} vanished")),
            (None, _) => Some(format!("{name} appeared")),
        })
        .collect();
    assert!(
        changed.is_empty(),
        "{}: {}",
        dir.display(),
        changed.join(", ")
    );
}

/// Removes a leading line break, a trailing blank line and the indentation common to every
/// non-blank line, so test files can be written indented inside raw strings; the result ends
/// with a line break. Line numbers count from the first line after the opening quote.
pub fn unindent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let mut lines: Vec<&str> = text.split('\n').collect();
    if lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches(' ').len())
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            if l.trim().is_empty() {
                ""
            } else {
                &l[indent..]
            }
        })
        .map(|l| format!("{l}\n"))
        .collect()
}
