//! The default config file: embedded in the binary, and written out for the user to edit.

use std::fs;
use std::io;
use std::path::Path;

use crate::atomic_file;

/// `config/default.toml`, every key set to its default and explained. Parses to exactly
/// [`super::Config::default()`].
pub const DEFAULT_TOML: &str = include_str!("../../config/default.toml");

/// Writes [`DEFAULT_TOML`] to `path`, creating its folders, unless a file is already there.
/// Returns whether it wrote.
///
/// A file that exists is never replaced, even an empty or broken one: it is the user's, and a
/// broken file is reported rather than silently reset.
pub fn write_default_if_missing(path: &Path) -> io::Result<bool> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    // Whole or not at all: a half-written default would be read as the user's file from then
    // on. A file appearing meanwhile (another unknot starting, an editor saving) is kept.
    match atomic_file::create_new(path, DEFAULT_TOML.as_bytes(), 0o644) {
        Ok(()) => Ok(true),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(err) => Err(err),
    }
}
