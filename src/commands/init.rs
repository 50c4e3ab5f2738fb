//! `revshare init`: write a commented template scenario. Never overwrites (SPEC §3, §6.21).

use crate::error::{Diagnostic, Error, Result};
use std::io::Write;
use std::path::Path;

/// The template: a small, complete scenario that validates and runs as written.
pub const TEMPLATE: &str = include_str!("../../templates/scenario.toml");

/// Creates `path` with the template; an existing file is left untouched (exit 2).
pub fn init(path: &Path) -> Result<String> {
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(Error::invalid(
                Diagnostic::error("file already exists; init never overwrites")
                    .file(path)
                    .found("an existing file")
                    .expected("a path where no file exists yet"),
            ));
        }
        Err(source) => {
            return Err(Error::Io {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    file.write_all(TEMPLATE.as_bytes())
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    Ok(format!(
        "wrote {p}\nnext: revshare validate {p} && revshare run {p}\n",
        p = path.display()
    ))
}
