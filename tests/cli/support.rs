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
//!
//! A test about one mistake in a scenario file writes only that mistake, with [`Scenario`]:
//!
//! ```ignore
//! Test::new()
//!     .scenario("s.toml", Scenario::two_years().set("share.rate", "20"))
//!     .args(&["run", "s.toml"])
//!     .status(2)
//!     .at_toml("s.toml:6:8", "rate = 20", "^^")
//!     .run();
//! ```

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

/// A scenario file built from a small valid one by naming what differs, so that a test shows
/// only its mistake. It renders line by line in a fixed layout, so TOML places stay easy to
/// read off: [`Scenario::two_years`] is
///
/// ```text
///  1 [scenario]
///  2 start = 2026-01-01
///  3 end = 2027-12-31
///  4
///  5 [share]
///  6 rate = "20%"
///  7
///  8 [[stream]]
///  9 name = "Chat"
/// 10 cloud = "azure"
/// 11 annual = { 2026 = "1B", 2027 = "2B" }
/// ```
///
/// [`set`](Self::set) replaces a value in place or adds the key at the end of its table (moving
/// the lines below it down by one); [`stream`](Self::stream) adds a `[[stream]]` at the end.
/// Values are TOML source text, written as they would appear in the file: `"20"` is the integer
/// 20, `r#""20%""#` the string "20%". Paths are `TABLE.KEY` or a whole `TABLE`, where TABLE is
/// `scenario`, `share` or `stream[N]` (the N-th `[[stream]]`, from 1, as error messages name it).
/// A path that names nothing panics, so a test cannot silently edit nothing.
#[derive(Clone, Debug)]
pub struct Scenario {
    top_level: Vec<(String, String)>,
    tables: Vec<Table>,
}

#[derive(Clone, Debug)]
struct Table {
    name: String,
    array: bool,
    keys: Vec<(String, String)>,
}

impl Scenario {
    /// The layout above: a 2026–2027 horizon with one stream, "Chat" on azure, 1B then 2B.
    pub fn two_years() -> Self {
        Self {
            top_level: Vec::new(),
            tables: Vec::new(),
        }
        .table(
            "scenario",
            &[("start", "2026-01-01"), ("end", "2027-12-31")],
        )
        .table("share", &[("rate", r#""20%""#)])
        .stream("Chat", "azure", r#"{ 2026 = "1B", 2027 = "2B" }"#)
    }

    /// [`Scenario::two_years`] cut to 2026: `end = 2026-12-31` and `annual = { 2026 = "1B" }`,
    /// on the same lines.
    pub fn one_year() -> Self {
        Self::two_years()
            .set("scenario.end", "2026-12-31")
            .set("stream[1].annual", r#"{ 2026 = "1B" }"#)
    }

    fn table(mut self, name: &str, keys: &[(&str, &str)]) -> Self {
        self.tables.push(Table {
            name: name.to_owned(),
            array: false,
            keys: keys
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
        });
        self
    }

    /// Adds a `[[stream]]` at the end with this name and cloud (both plain text, quoted here)
    /// and `annual` (TOML source, such as `r#"{ 2026 = "1B" }"#`).
    pub fn stream(mut self, name: &str, cloud: &str, annual: &str) -> Self {
        self.tables.push(Table {
            name: "stream".to_owned(),
            array: true,
            keys: vec![
                ("name".to_owned(), format!("{name:?}")),
                ("cloud".to_owned(), format!("{cloud:?}")),
                ("annual".to_owned(), annual.to_owned()),
            ],
        });
        self
    }

    /// Sets `TABLE.KEY` to `value` (TOML source): in place when the key is there, else at the end
    /// of the table.
    pub fn set(mut self, path: &str, value: &str) -> Self {
        let (table, key) = split_key(path);
        let keys = &mut self.table_mut(table).keys;
        match keys.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_owned(),
            None => keys.push((key.to_owned(), value.to_owned())),
        }
        self
    }

    /// Removes a key (`TABLE.KEY`) or a whole table (`TABLE`) with its lines.
    pub fn remove(mut self, path: &str) -> Self {
        match path.split_once('.') {
            Some((table, key)) => {
                let index = self.key_index(table, key);
                self.table_mut(table).keys.remove(index);
            }
            None => {
                let index = self.table_index(path);
                self.tables.remove(index);
            }
        }
        self
    }

    /// Renames a key (`TABLE.KEY`) or a table's header (`TABLE`) in place, to write a typo.
    pub fn rename(mut self, path: &str, new_name: &str) -> Self {
        match path.split_once('.') {
            Some((table, key)) => {
                let index = self.key_index(table, key);
                self.table_mut(table).keys[index].0 = new_name.to_owned();
            }
            None => new_name.clone_into(&mut self.table_mut(path).name),
        }
        self
    }

    /// Adds a key before the first table, where TOML puts keys of the root table.
    pub fn top_level(mut self, key: &str, value: &str) -> Self {
        self.top_level.push((key.to_owned(), value.to_owned()));
        self
    }

    /// The file's text, every line ending in a line break.
    pub fn text(&self) -> String {
        let key_lines = |keys: &[(String, String)]| -> String {
            keys.iter().map(|(k, v)| format!("{k} = {v}\n")).collect()
        };
        let mut blocks: Vec<String> = Vec::new();
        if !self.top_level.is_empty() {
            blocks.push(key_lines(&self.top_level));
        }
        for table in &self.tables {
            let header = if table.array {
                format!("[[{}]]\n", table.name)
            } else {
                format!("[{}]\n", table.name)
            };
            blocks.push(header + &key_lines(&table.keys));
        }
        blocks.join("\n")
    }

    /// The index in `tables` of `scenario`, `share`, `stream[N]`, ….
    fn table_index(&self, path: &str) -> usize {
        let (name, nth) = match path.split_once('[') {
            Some((name, rest)) => {
                let n: usize = rest
                    .strip_suffix(']')
                    .and_then(|n| n.parse().ok())
                    .unwrap_or_else(|| panic!("bad table path {path:?}"));
                (name, n)
            }
            None => (path, 1),
        };
        self.tables
            .iter()
            .enumerate()
            .filter(|(_, t)| t.name == name)
            .nth(nth - 1)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("no table {path:?} in the scenario"))
    }

    fn table_mut(&mut self, path: &str) -> &mut Table {
        let index = self.table_index(path);
        &mut self.tables[index]
    }

    fn key_index(&self, table: &str, key: &str) -> usize {
        self.tables[self.table_index(table)]
            .keys
            .iter()
            .position(|(k, _)| k == key)
            .unwrap_or_else(|| panic!("no key {table}.{key} in the scenario"))
    }
}

fn split_key(path: &str) -> (&str, &str) {
    path.split_once('.')
        .unwrap_or_else(|| panic!("{path:?} is not TABLE.KEY"))
}

#[test]
fn scenario_two_years_has_the_documented_layout() {
    let text = Scenario::two_years().text();
    let numbered: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, line)| format!("{:>2} {line}", i + 1).trim_end().to_owned())
        .collect();
    assert_eq!(
        numbered,
        [
            " 1 [scenario]",
            " 2 start = 2026-01-01",
            " 3 end = 2027-12-31",
            " 4",
            " 5 [share]",
            " 6 rate = \"20%\"",
            " 7",
            " 8 [[stream]]",
            " 9 name = \"Chat\"",
            "10 cloud = \"azure\"",
            "11 annual = { 2026 = \"1B\", 2027 = \"2B\" }",
        ]
    );
    assert!(text.ends_with("}\n"));
}

#[test]
fn scenario_edits_keep_every_other_line_in_place() {
    let text = Scenario::one_year()
        .set("share.rate", "20")
        .set("share.cap", "-5")
        .rename("scenario.start", "strat")
        .stream("API", "aws", "{ 2026 = 0 }")
        .remove("stream[1].cloud")
        .text();
    assert_eq!(
        text,
        unindent(
            r#"
            [scenario]
            strat = 2026-01-01
            end = 2026-12-31

            [share]
            rate = 20
            cap = -5

            [[stream]]
            name = "Chat"
            annual = { 2026 = "1B" }

            [[stream]]
            name = "API"
            cloud = "aws"
            annual = { 2026 = 0 }
            "#
        )
    );
}

#[test]
#[should_panic(expected = "no table \"stream[2]\"")]
fn scenario_edit_of_nothing_panics() {
    let _ = Scenario::two_years().set("stream[2].growth", "0");
}

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
    env: Vec<(String, String)>,
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
            env: Vec::new(),
        }
    }

    /// Sets an environment variable for the run (`RAYON_NUM_THREADS`).
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }

    /// Writes a text file (unindented, see [`unindent`]), creating parent directories.
    pub fn file(self, path: &str, text: &str) -> Self {
        self.file_bytes(path, unindent(text).as_bytes())
    }

    /// Writes a scenario file built with [`Scenario`].
    pub fn scenario(self, path: &str, scenario: Scenario) -> Self {
        self.file_bytes(path, scenario.text().as_bytes())
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
            .envs(self.env.iter().map(|(k, v)| (k, v)))
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
            // A successful run and compare say where the outputs went, on stderr; anything
            // else there is unexpected.
            let unexpected: Vec<&str> = stderr
                .lines()
                .filter(|l| !l.starts_with("outputs in "))
                .collect();
            assert!(unexpected.is_empty(), "unexpected stderr\n{context}");
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

/// `1234567.5` → `1,234,567.50`: money as the reports and tables print it.
pub fn grouped(cell: &str) -> String {
    let (int, frac) = cell.split_once('.').unwrap();
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    format!("{out}.{frac}")
}
