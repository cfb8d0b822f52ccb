//! What went wrong with a config file, and where.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use crate::text_location::Location;

/// A config file that could not be read or is not valid.
///
/// Displays as one line, `PATH:LINE:COL: message`, the shape editors and terminals turn into a
/// link; [`ConfigError::render`] adds the offending line for people.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: cannot read: {source}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}{}: {message}", .path.display(), At(.location.as_ref()))]
    Invalid {
        path: PathBuf,
        /// Where in the file; `None` only if the TOML parser could not say.
        location: Option<Location>,
        message: String,
    },
}

impl ConfigError {
    /// An invalid file; `span` is a byte range into `text`.
    pub(super) fn invalid(
        path: &Path,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> ConfigError {
        ConfigError::Invalid {
            path: path.to_owned(),
            location: span.map(|span| Location::locate(text, span)),
            message: message.into(),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            ConfigError::Read { path, .. } | ConfigError::Invalid { path, .. } => path,
        }
    }

    fn location(&self) -> Option<&Location> {
        match self {
            ConfigError::Read { .. } => None,
            ConfigError::Invalid { location, .. } => location.as_ref(),
        }
    }

    /// 1-based line of the problem, if it is in the file's text.
    pub fn line(&self) -> Option<usize> {
        self.location().map(Location::line)
    }

    /// 1-based column (in characters) of the problem, if it is in the file's text.
    pub fn column(&self) -> Option<usize> {
        self.location().map(Location::column)
    }

    /// The one-line message followed, when there is one, by the offending line with the value
    /// underlined, as rustc shows it. For terminals; logs want the plain `Display`.
    pub fn render(&self) -> String {
        let mut out = self.to_string();
        if let Some(location) = self.location() {
            out.push('\n');
            out.push_str(&location.snippet());
        }
        out
    }
}

/// `:LINE:COL` after the path, or nothing when the place is unknown.
struct At<'a>(Option<&'a Location>);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(location) => write!(f, ":{}:{}", location.line(), location.column()),
            None => Ok(()),
        }
    }
}
