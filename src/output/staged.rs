//! All-or-nothing output (SPEC §4, §6.32).
//!
//! Every file of a command is first written to a temporary file beside its final path; only
//! when all of them are written are they renamed into place, so a failed command leaves the
//! earlier outputs as they were and never a half-written file. The `manifest.json` written last
//! lists what this command produced; files the previous manifest listed and this command does
//! not write are removed, files no manifest lists are never touched.

use crate::error::Error;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::{NamedTempFile, TempPath};

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";

/// Output files held in memory until the command has succeeded.
#[derive(Debug, Default)]
pub struct Staged {
    files: Vec<(String, Vec<u8>)>,
    /// Large outputs already written to a temporary file beside their target, with their hash.
    streamed: Vec<(String, NamedTempFile, String)>,
}

/// What the manifest records besides the outputs.
pub struct Provenance<'a> {
    /// The arguments after the program name.
    pub arguments: &'a [String],
    /// Input files as named, with their bytes.
    pub inputs: Vec<(String, &'a [u8])>,
}

impl Staged {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file (a plain name inside the output directory).
    pub fn add(&mut self, name: impl Into<String>, bytes: Vec<u8>) {
        self.files.push((name.into(), bytes));
    }

    /// Writes a large output (a sweep of a million rows) straight to a temporary file in `dir`,
    /// so memory stays flat; it is renamed into place with the others by [`Staged::commit`].
    pub fn stream(
        &mut self,
        dir: &Path,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        let target = dir.join(name);
        let io = |source| Error::Io {
            path: target.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut temp = NamedTempFile::new_in(dir).map_err(io)?;
        let sha = {
            let file = std::io::BufWriter::with_capacity(1 << 20, temp.as_file_mut());
            let mut hashing = HashingWriter {
                inner: file,
                hasher: Sha256::new(),
            };
            write(&mut hashing).map_err(io)?;
            hashing.flush().map_err(io)?;
            hex(&hashing.hasher.finalize())
        };
        set_readable(temp.path()).map_err(io)?;
        self.streamed.push((name.to_owned(), temp, sha));
        Ok(())
    }

    /// The names staged so far.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files
            .iter()
            .map(|(n, _)| n.as_str())
            .chain(self.streamed.iter().map(|(n, _, _)| n.as_str()))
    }

    /// Writes every file and the manifest into `dir`, then renames them into place and removes
    /// stale outputs of the previous manifest.
    pub fn commit(mut self, dir: &Path, provenance: &Provenance<'_>) -> Result<(), Error> {
        let hashes: Vec<(String, String)> = self
            .files
            .iter()
            .map(|(n, b)| (n.clone(), sha256_hex(b)))
            .chain(
                self.streamed
                    .iter()
                    .map(|(n, _, sha)| (n.clone(), sha.clone())),
            )
            .collect();
        let manifest = manifest(&hashes, provenance);
        self.files.push((MANIFEST.into(), manifest));
        let io = |path: PathBuf| move |source: std::io::Error| Error::Io { path, source };
        std::fs::create_dir_all(dir).map_err(io(dir.to_path_buf()))?;
        let previous = previous_outputs(dir);
        let mut temps = Vec::with_capacity(self.files.len());
        for (name, bytes) in &self.files {
            let target = dir.join(name);
            let mut temp = NamedTempFile::new_in(dir).map_err(io(target.clone()))?;
            // Through the `File`: `NamedTempFile`'s own `Write` adds the temporary path to an
            // error, and the message should name the output, not a file that no longer exists.
            let file = temp.as_file_mut();
            file.write_all(bytes).map_err(io(target.clone()))?;
            file.flush().map_err(io(target.clone()))?;
            set_readable(temp.path()).map_err(io(target.clone()))?;
            temps.push((temp, target));
        }
        for (name, temp, _) in std::mem::take(&mut self.streamed) {
            temps.push((temp, dir.join(name)));
        }
        install(dir, temps)?;
        let written: Vec<&str> = hashes
            .iter()
            .map(|(n, _)| n.as_str())
            .chain([MANIFEST])
            .collect();
        for stale in previous.iter().filter(|p| !written.contains(&p.as_str())) {
            let _ = std::fs::remove_file(dir.join(stale));
        }
        Ok(())
    }
}

/// Renames every written temporary file over its target. Each existing target is first moved
/// aside; if any step fails, every target already replaced gets its old file back (or loses
/// the new one, if it had none), so a failed command leaves the earlier outputs exactly as they
/// were. Each target is recorded before its rename, so one undo path serves a failure to move
/// the old file aside, a failed rename of the new one, and the targets renamed before it.
fn install(dir: &Path, temps: Vec<(NamedTempFile, PathBuf)>) -> Result<(), Error> {
    let mut replaced: Vec<(PathBuf, Option<TempPath>)> = Vec::with_capacity(temps.len());
    for (temp, target) in temps {
        let step = set_aside(dir, &target).and_then(|backup| {
            replaced.push((target.clone(), backup));
            temp.persist(&target).map(drop).map_err(|e| e.error)
        });
        if let Err(source) = step {
            for (target, backup) in replaced.into_iter().rev() {
                restore(&target, backup);
            }
            return Err(Error::Io {
                path: target,
                source,
            });
        }
    }
    // Success: dropping the backups deletes them.
    Ok(())
}

/// Moves an existing target to a hidden temporary name beside it.
fn set_aside(dir: &Path, target: &Path) -> std::io::Result<Option<TempPath>> {
    if std::fs::symlink_metadata(target).is_err() {
        return Ok(None);
    }
    let backup = tempfile::Builder::new()
        .prefix(".revshare-old-")
        .tempfile_in(dir)?
        .into_temp_path();
    std::fs::rename(target, &backup)?;
    Ok(Some(backup))
}

/// Puts the old file back over the new one (or removes the new one if there was none). If the
/// old file cannot be put back, it is kept under its hidden name rather than deleted.
fn restore(target: &Path, backup: Option<TempPath>) {
    match backup {
        Some(backup) => {
            if std::fs::rename(&backup, target).is_err() {
                let _ = backup.keep();
            }
        }
        None => {
            let _ = std::fs::remove_file(target);
        }
    }
}

/// `tempfile` creates files readable by the owner only; outputs are ordinary files (0644).
fn set_readable(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// The plain file names the previous manifest in `dir` listed, if it can be read.
fn previous_outputs(dir: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST)) else {
        return Vec::new();
    };
    let Ok(value) = serde_json::from_str::<Value>(&text) else {
        return Vec::new();
    };
    let mut names: Vec<String> = value["outputs"]
        .as_array()
        .map(|outputs| {
            outputs
                .iter()
                .filter_map(|o| o["file"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    // Only plain names inside the directory: a hand-edited manifest cannot reach elsewhere.
    names.retain(|n| !n.is_empty() && !n.contains(['/', '\\']) && n != ".." && n != ".");
    names
}

fn manifest(files: &[(String, String)], provenance: &Provenance<'_>) -> Vec<u8> {
    let inputs: Vec<Value> = provenance
        .inputs
        .iter()
        .map(|(path, bytes)| json!({ "path": path, "sha256": sha256_hex(bytes) }))
        .collect();
    let outputs: Vec<Value> = files
        .iter()
        .map(|(name, sha)| json!({ "file": name, "sha256": sha }))
        .collect();
    let value = json!({
        "revshare": env!("CARGO_PKG_VERSION"),
        "arguments": provenance.arguments,
        "inputs": inputs,
        "outputs": outputs,
    });
    super::json::to_bytes(&value)
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hashes what passes through, for streamed outputs.
struct HashingWriter<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn provenance() -> Provenance<'static> {
        Provenance {
            arguments: &[],
            inputs: vec![],
        }
    }

    #[test]
    fn sha256_of_abc() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn removes_only_what_the_previous_manifest_listed() {
        let dir = tempfile::tempdir().unwrap();
        let mut first = Staged::new();
        first.add("a.csv", b"1".to_vec());
        first.add("b.csv", b"2".to_vec());
        first.commit(dir.path(), &provenance()).unwrap();
        std::fs::write(dir.path().join("mine.txt"), "keep").unwrap();
        let mut second = Staged::new();
        second.add("a.csv", b"3".to_vec());
        second.commit(dir.path(), &provenance()).unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"3");
        assert!(!dir.path().join("b.csv").exists());
        assert!(dir.path().join("mine.txt").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers.len(), 3, "{leftovers:?}"); // a.csv, manifest.json, mine.txt: no temp files
    }

    /// Every entry in `dir` by name, hidden ones included, with its bytes.
    fn contents(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn a_rename_that_fails_part_way_puts_every_earlier_file_back() {
        // The last output's name is longer than a file name may be (255 bytes), so its
        // temporary file is written but renaming it into place fails, after a.csv has replaced
        // the old a.csv and c.csv has been created (and, for a streamed output, after the
        // manifest has been replaced too). Every one of them is undone: the directory holds
        // exactly the earlier files, byte for byte, and no temporary or backup file.
        let long = "x".repeat(300);
        for streamed in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let mut first = Staged::new();
            first.add("a.csv", b"old a".to_vec());
            first.add("b.csv", b"old b".to_vec());
            first.commit(dir.path(), &provenance()).unwrap();
            let before = contents(dir.path());
            let mut second = Staged::new();
            second.add("a.csv", b"new a".to_vec());
            second.add("c.csv", b"new c".to_vec());
            if streamed {
                second
                    .stream(dir.path(), &long, |w| w.write_all(b"new"))
                    .unwrap();
            } else {
                second.add(long.clone(), b"new".to_vec());
            }
            let error = second.commit(dir.path(), &provenance()).unwrap_err();
            assert!(
                matches!(&error, Error::Io { path, .. } if *path == dir.path().join(&long)),
                "streamed {streamed}: {error:?}"
            );
            assert_eq!(contents(dir.path()), before, "streamed {streamed}");
        }
    }

    #[test]
    fn outputs_are_world_readable() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mut s = Staged::new();
        s.add("a.csv", b"1".to_vec());
        s.commit(dir.path(), &provenance()).unwrap();
        let mode = std::fs::metadata(dir.path().join("a.csv"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}
