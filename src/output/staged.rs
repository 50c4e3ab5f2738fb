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
    /// Nothing staged yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file (a plain name inside the output directory).
    pub fn add(&mut self, name: impl Into<String>, bytes: Vec<u8>) {
        self.files.push((name.into(), bytes));
    }

    /// Writes a large output (a sweep of a million rows) straight to a temporary file in `dir`,
    /// so memory stays flat; it is renamed into place with the others by [`Staged::commit`].
    /// The bytes are hashed and written on a second thread while `write` formats the next
    /// ones (see `stream_to`).
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
        let sha = stream_to(temp.as_file_mut(), write).map_err(io)?;
        set_readable(temp.path()).map_err(io)?;
        self.streamed.push((name.to_owned(), temp, sha));
        Ok(())
    }

    /// [`Staged::stream`] for a writer that computes what it writes and may fail for a reason
    /// of its own (an invalid sweep case or Monte Carlo path: exit 2, not an I/O error). That
    /// error is returned as it is; on success, what the writer returned.
    pub fn stream_computed<T>(
        &mut self,
        dir: &Path,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> Result<T, Error>,
    ) -> Result<T, Error> {
        let mut outcome = None;
        let written = self.stream(dir, name, |w| match write(w) {
            Ok(value) => {
                outcome = Some(Ok(value));
                Ok(())
            }
            Err(e) => {
                outcome = Some(Err(e));
                Err(std::io::Error::other(format!("{name} stopped")))
            }
        });
        match (outcome, written) {
            (Some(Err(e)), _) => Err(e),
            (_, Err(e)) => Err(e),
            (Some(Ok(value)), Ok(())) => Ok(value),
            (None, Ok(())) => Err(Error::Io {
                path: dir.join(name),
                source: std::io::Error::other("nothing was written"),
            }),
        }
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
        "overrides": set_arguments(provenance.arguments),
        "inputs": inputs,
        "outputs": outputs,
    });
    super::json::to_bytes(&value)
}

/// The `KEY=VALUE` of every `--set` among the arguments, in order: what this output changed
/// from the scenario file, said plainly so nobody mistakes it for the file's own case.
pub fn set_arguments(arguments: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    let mut next_is_value = false;
    for argument in arguments {
        if next_is_value {
            found.push(argument.clone());
            next_is_value = false;
        } else if argument == "--set" {
            next_is_value = true;
        } else if let Some(value) = argument.strip_prefix("--set=") {
            found.push(value.to_owned());
        }
    }
    found
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes handed to the hashing thread at a time.
const CHUNK_BYTES: usize = 1 << 20;
/// Full chunks that may wait for the hashing thread. A chunk is at least [`CHUNK_BYTES`] and at
/// most that plus one write (a sweep writes about 1 MB at a time), so up to about 64 MiB wait:
/// more than a sweep's batch of rows (16 chunks of 4,096 rows, about 16 MB), so that the sweep
/// hands over a whole batch and formats the next one while this one is hashed, instead of
/// waiting. The 1M-row sweep peaks at 59 MB of memory.
const CHUNKS_IN_FLIGHT: usize = 32;

/// Runs `write` on this thread and hashes and writes its bytes to `file` on another, so that
/// SHA-256 and the file system overlap the formatting (issue 10: a sweep of 245 MB spent a
/// tenth of its time hashing). Returns the hex SHA-256 of everything written, or the first
/// error: `write`'s own, else the file's.
fn stream_to(
    file: &mut std::fs::File,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<String> {
    std::thread::scope(|scope| {
        let (full, chunks) = std::sync::mpsc::sync_channel(CHUNKS_IN_FLIGHT);
        let (spent, empty) = std::sync::mpsc::channel();
        let thread = scope.spawn(move || hash_and_write(file, &chunks, &spent));
        let mut writer = ChunkWriter {
            chunk: Vec::with_capacity(CHUNK_BYTES),
            full: Some(full),
            empty,
            thread: Some(thread),
        };
        let written = write(&mut writer);
        let finished = writer.finish();
        written.and(finished)
    })
}

/// The hashing thread: hashes and writes each chunk in order, and hands the emptied buffer
/// back for reuse. Returns at the first write error, which ends the channel for the sender.
fn hash_and_write(
    file: &mut std::fs::File,
    chunks: &std::sync::mpsc::Receiver<Vec<u8>>,
    spent: &std::sync::mpsc::Sender<Vec<u8>>,
) -> std::io::Result<String> {
    let mut hasher = Sha256::new();
    for mut chunk in chunks {
        hasher.update(&chunk);
        file.write_all(&chunk)?;
        chunk.clear();
        // The writer may have finished and gone; a buffer nobody reuses is simply dropped.
        let _ = spent.send(chunk);
    }
    file.flush()?;
    Ok(hex(&hasher.finalize()))
}

/// The `Write` a streamed output's writer sees: it gathers bytes into owned chunks and sends
/// each full one to the hashing thread.
struct ChunkWriter<'scope> {
    chunk: Vec<u8>,
    /// `None` once finished or failed.
    full: Option<std::sync::mpsc::SyncSender<Vec<u8>>>,
    /// Buffers the hashing thread is done with.
    empty: std::sync::mpsc::Receiver<Vec<u8>>,
    /// `None` once joined.
    thread: Option<std::thread::ScopedJoinHandle<'scope, std::io::Result<String>>>,
}

impl ChunkWriter<'_> {
    /// Sends the gathered bytes to the hashing thread. If it has stopped, returns the error
    /// that stopped it, so an I/O failure surfaces exactly as a direct write's would.
    fn send(&mut self) -> std::io::Result<()> {
        let next = self
            .empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK_BYTES));
        let chunk = std::mem::replace(&mut self.chunk, next);
        if self
            .full
            .as_ref()
            .is_some_and(|full| full.send(chunk).is_ok())
        {
            return Ok(());
        }
        // Only an error stops the hashing thread while the channel is open.
        self.full = None;
        Err(self
            .join()
            .err()
            .unwrap_or_else(|| std::io::Error::other("the output was already finished")))
    }

    /// Sends what is left, ends the channel and waits for the hash.
    fn finish(mut self) -> std::io::Result<String> {
        if !self.chunk.is_empty() {
            self.send()?;
        }
        self.full = None;
        self.join()
    }

    /// Waits for the hashing thread and returns its result (once; later calls say so).
    fn join(&mut self) -> std::io::Result<String> {
        match self.thread.take() {
            Some(thread) => thread
                .join()
                .unwrap_or_else(|_| Err(std::io::Error::other("the hashing thread panicked"))),
            None => Err(std::io::Error::other("the output already failed")),
        }
    }
}

impl Write for ChunkWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(buf.len())
    }

    /// Hands the gathered bytes on; they reach the file in order, before the hash is final.
    fn flush(&mut self) -> std::io::Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        self.send()
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
    fn streamed_bytes_and_hash_match_what_was_written() {
        // Writes of many sizes, some larger than a chunk, so chunks split and join anywhere.
        let bytes: Vec<u8> = (0..3 * CHUNK_BYTES + 12_345)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let sizes = [1, 7, 4096, CHUNK_BYTES - 3, 2 * CHUNK_BYTES + 1, 100_000];
        let dir = tempfile::tempdir().unwrap();
        let mut staged = Staged::new();
        staged
            .stream(dir.path(), "big.csv", |w| {
                let mut rest = bytes.as_slice();
                for size in sizes.iter().cycle() {
                    let (now, later) = rest.split_at((*size).min(rest.len()));
                    w.write_all(now)?;
                    w.flush()?;
                    rest = later;
                    if rest.is_empty() {
                        return Ok(());
                    }
                }
                Ok(())
            })
            .unwrap();
        assert_eq!(staged.streamed[0].2, sha256_hex(&bytes));
        assert_eq!(std::fs::read(staged.streamed[0].1.path()).unwrap(), bytes);
        staged.commit(dir.path(), &provenance()).unwrap();
        let manifest = std::fs::read_to_string(dir.path().join(MANIFEST)).unwrap();
        assert!(manifest.contains(&sha256_hex(&bytes)), "{manifest}");
    }

    #[test]
    fn a_failed_write_surfaces_the_file_error() {
        // /dev/full fails every write with "no space left": at the end when the output is
        // small, during the writes when it is more than the chunks that can be in flight.
        let many = (CHUNKS_IN_FLIGHT + 4) * CHUNK_BYTES;
        for size in [10, many] {
            let mut full = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap();
            let mut reached_end = false;
            let error = stream_to(&mut full, |w| {
                for piece in vec![b'x'; size].chunks(65_536) {
                    w.write_all(piece)?;
                }
                reached_end = true;
                Ok(())
            })
            .unwrap_err();
            assert_eq!(error.raw_os_error(), Some(28), "{size}: {error}"); // ENOSPC
            assert_eq!(reached_end, size == 10);
        }
    }

    #[test]
    fn the_writers_own_error_wins() {
        let dir = tempfile::tempdir().unwrap();
        let mut staged = Staged::new();
        let error = staged
            .stream(dir.path(), "a.csv", |w| {
                w.write_all(b"partial")?;
                Err(std::io::Error::other("sweep stopped"))
            })
            .unwrap_err();
        assert!(
            matches!(&error, Error::Io { path, source }
                if *path == dir.path().join("a.csv") && source.to_string() == "sweep stopped"),
            "{error:?}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0); // no temporary file left
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
