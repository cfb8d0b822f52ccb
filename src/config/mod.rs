//! The config file: parsing, validation and the embedded default.
//!
//! Reading is two steps. Serde reads the TOML into the loose shapes in `raw`, strict about
//! tables and key names and keeping each value's place in the file; `validate` then checks the
//! values and builds a [`Config`], pointing at the first bad value. Keys left out keep their
//! defaults, so an empty file is the default config.

mod defaults;
mod error;
mod names;
mod raw;
mod validate;

#[cfg(test)]
mod tests;

use std::fs;
use std::path::Path;

use crate::core::Rules;
use crate::exercise::Selection;

pub use defaults::{write_default_if_missing, DEFAULT_TOML};
pub use error::{ConfigError, Location};

/// Everything the config file sets. The default is what [`DEFAULT_TOML`] says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The `[breaks]` table.
    pub breaks: Rules,
    /// The `[exercises]` table.
    pub exercises: Selection,
}

/// Reads config text; `path` is only for error messages.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let raw: raw::RawConfig = toml::from_str(text)
        .map_err(|err| ConfigError::invalid(path, text, err.span(), one_line(err.message())))?;
    validate::validate(raw)
        .map_err(|problem| ConfigError::invalid(path, text, Some(problem.span), problem.message))
}

/// Reads and parses the config file at `path`.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse(&text, path)
}

/// The toml crate's messages are one line today; this keeps `ConfigError`'s Display one line
/// (what editors and log readers expect) should one ever grow a second.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
