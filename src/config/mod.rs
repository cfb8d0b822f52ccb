//! The config file: parsing, validation and the embedded default.
//!
//! Reading is two steps. Serde reads the TOML into the loose shapes in `raw`, strict about
//! tables and key names and keeping each value's place in the file; `validate` then checks the
//! values and builds a [`Config`], pointing at the first bad value. Keys left out keep their
//! defaults, so an empty file is the default config.

mod defaults;
mod error;
mod hours;
mod names;
mod raw;
mod validate;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_day;
#[cfg(test)]
mod tests_stats;

use std::path::Path;

use crate::core::Rules;
use crate::exercise::Selection;
use crate::text_file::{read_text, ReadError};

pub use defaults::{write_default_if_missing, DEFAULT_TOML};
pub use error::{ConfigError, Location};

/// Everything the config file sets. The default is what [`DEFAULT_TOML`] says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// The `[breaks]` table.
    pub breaks: Rules,
    /// The `[exercises]` table.
    pub exercises: Selection,
    /// The `[stats]` table.
    pub stats: Stats,
    /// The `[quiet]` table, the parts the driver needs (the core's are in `breaks`).
    pub quiet: Quiet,
}

/// The `[quiet]` table, as the driver uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quiet {
    /// Which devices count as cameras: a glob of device paths.
    pub camera_devices: String,
}

impl Default for Quiet {
    fn default() -> Quiet {
        Quiet {
            camera_devices: "/dev/video*".into(),
        }
    }
}

/// The `[stats]` table: what the statistics count as a good day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Stretches done on a day for it to count towards the streak.
    pub daily_goal: u32,
}

impl Default for Stats {
    fn default() -> Stats {
        Stats { daily_goal: 4 }
    }
}

/// Reads config text; `path` is only for error messages.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let raw: raw::RawConfig = toml::from_str(text)
        .map_err(|err| ConfigError::invalid(path, text, err.span(), one_line(err.message())))?;
    validate::validate(raw)
        .map_err(|problem| ConfigError::invalid(path, text, Some(problem.span), problem.message))
}

/// Reads and parses the config file at `path`, which must be a regular file (or a link to
/// one): anything else is refused at once rather than waited on.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = read_text(path).map_err(|error| match error {
        ReadError::Io(source) => ConfigError::Read {
            path: path.to_owned(),
            source,
        },
        ReadError::NotUtf8 { location, message } => ConfigError::Invalid {
            path: path.to_owned(),
            location: Some(location),
            message,
        },
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
