//! Collecting problems while walking the document (SPEC §6.25: `validate` reports every
//! problem in one pass). A check that fails reports and yields [`Reported`], so callers skip
//! what depends on it instead of piling up misleading follow-on errors.

use super::node::{Entry, Kind, Node, Origin};
use super::source::Source;
use super::value::Problem;
use crate::error::{Diagnostic, Location};

/// A problem was found and already reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reported;

/// The diagnostics found so far for one scenario file.
pub struct Checker<'a> {
    pub source: &'a Source,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub fn new(source: &'a Source) -> Self {
        Self {
            source,
            diagnostics: Vec::new(),
        }
    }

    /// The place an origin points at.
    pub fn location(&self, origin: &Origin) -> Location {
        match origin {
            Origin::Toml(span) => self.source.location(span),
            Origin::Argument(arg) => Location::Argument(arg.clone()),
        }
    }

    /// Records an error at `origin`.
    pub fn problem(&mut self, origin: &Origin, field: &str, problem: Problem) -> Reported {
        let d = Diagnostic::error(problem.message)
            .file(&self.source.path)
            .at(self.location(origin))
            .field(field)
            .found(problem.found)
            .expected(problem.expected);
        self.diagnostics.push(d);
        Reported
    }

    /// Records an error given as parts.
    pub fn error(
        &mut self,
        origin: &Origin,
        field: &str,
        message: &str,
        found: String,
        expected: String,
    ) -> Reported {
        self.problem(origin, field, Problem::new(message, found, expected))
    }

    /// Records a warning (SPEC §6.31).
    pub fn warn(
        &mut self,
        origin: &Origin,
        field: &str,
        message: &str,
        found: String,
        expected: String,
    ) {
        let d = Diagnostic::warning(message)
            .file(&self.source.path)
            .at(self.location(origin))
            .field(field)
            .found(found)
            .expected(expected);
        self.diagnostics.push(d);
    }

    /// The entries of a table node, reporting keys outside `allowed` (likely typos) and a
    /// value that is not a table at all.
    pub fn table<'n>(
        &mut self,
        node: &'n Node,
        path: &str,
        allowed: &[&str],
    ) -> Result<Fields<'n>, Reported> {
        let Kind::Table(entries) = &node.kind else {
            return Err(self.error(
                &node.origin,
                path,
                "wrong type",
                node.kind.type_name().into(),
                "a table".into(),
            ));
        };
        for entry in entries {
            if !allowed.contains(&entry.key.as_str()) {
                let expected = match closest(&entry.key, allowed) {
                    Some(best) => format!("one of {} (did you mean `{best}`?)", allowed.join(", ")),
                    None => format!("one of {}", allowed.join(", ")),
                };
                let field = join(path, &entry.key);
                self.error(
                    &entry.key_origin,
                    &field,
                    "unknown key",
                    format!("`{}`", entry.key),
                    expected,
                );
            }
        }
        Ok(Fields {
            entries,
            origin: node.origin.clone(),
            path: path.to_owned(),
        })
    }

    /// An optional value, read with `read`. `Ok(None)` when absent.
    pub fn optional<T>(
        &mut self,
        fields: &Fields<'_>,
        key: &str,
        read: impl FnOnce(&Node) -> Result<T, Problem>,
    ) -> Result<Option<T>, Reported> {
        match fields.get(key) {
            None => Ok(None),
            Some(node) => read(node)
                .map(Some)
                .map_err(|p| self.problem(&node.origin, &join(&fields.path, key), p)),
        }
    }

    /// A required value: reports a missing key at the table that should hold it.
    pub fn required<T>(
        &mut self,
        fields: &Fields<'_>,
        key: &str,
        what: &str,
        read: impl FnOnce(&Node) -> Result<T, Problem>,
    ) -> Result<T, Reported> {
        match self.optional(fields, key, read)? {
            Some(v) => Ok(v),
            None => Err(self.error(
                &fields.origin,
                &join(&fields.path, key),
                &format!("missing required key `{key}`"),
                "nothing".into(),
                what.into(),
            )),
        }
    }
}

/// The entries of one table, with its path for messages.
pub struct Fields<'n> {
    pub entries: &'n [Entry],
    pub origin: Origin,
    pub path: String,
}

impl<'n> Fields<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        // The last entry wins, so a `--set` appended after the file's value overrides it.
        self.entries
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }
}

/// `path.key`, or `key` at the top.
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The allowed word nearest to a typo, if it is near enough to be a likely intent.
pub fn closest<'w>(word: &str, candidates: &[&'w str]) -> Option<&'w str> {
    candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        let keys = [
            "rate",
            "cap",
            "effective",
            "sunset",
            "payment_lag_days",
            "clouds",
        ];
        assert_eq!(closest("rte", &keys), Some("rate"));
        assert_eq!(closest("sunst", &keys), Some("sunset"));
        assert_eq!(closest("colour", &keys), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
