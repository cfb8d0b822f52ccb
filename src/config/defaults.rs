//! The default config file: embedded in the binary, and written out for the user to edit.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::Path;

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
    // `create_new` checks and creates in one step, so a file appearing in between (another
    // unknot starting, an editor saving) is not overwritten.
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => return Ok(false),
        Err(err) => return Err(err),
    };
    if let Err(err) = file.write_all(DEFAULT_TOML.as_bytes()) {
        // A half-written default would be read as the user's file from then on; the file is
        // ours (create_new), so take it back and let the next start try again.
        drop(file);
        let _ = fs::remove_file(path);
        return Err(err);
    }
    Ok(true)
}
