//! What went wrong with a config file, and where.

use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

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

/// A place in a config file, with the line it is on so it can be shown without the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    line: usize,
    column: usize,
    source_line: String,
    /// How many characters to underline, at least 1.
    width: usize,
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

impl Location {
    /// 1-based.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based, in characters rather than bytes, as editors count.
    pub fn column(&self) -> usize {
        self.column
    }

    fn locate(text: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(text, span.start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let source_line = text[line_start..line_end].trim_end_matches('\r');
        let column = text[line_start..start].chars().count() + 1;
        // Underline at most to the end of the line: a span over a whole table would otherwise
        // run off the one line shown.
        let end = floor_char_boundary(
            text,
            span.end.min(line_start + source_line.len()).max(start),
        );
        Location {
            line: text[..start].matches('\n').count() + 1,
            column,
            source_line: source_line.to_owned(),
            width: text[start..end].chars().count().max(1),
        }
    }

    fn snippet(&self) -> String {
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        // Keep tabs as tabs so the caret lines up however wide the terminal draws them.
        let indent: String = self
            .source_line
            .chars()
            .take(self.column - 1)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!(
            "{gutter} |\n{number} | {}\n{gutter} | {indent}{}",
            self.source_line,
            "^".repeat(self.width)
        )
    }
}

/// `span` from the TOML parser clamped into `text` and onto a character boundary, so slicing
/// cannot panic whatever the span says.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `:LINE:COL` after the path, or nothing when the place is unknown.
struct At<'a>(Option<&'a Location>);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(location) => write!(f, ":{}:{}", location.line, location.column),
            None => Ok(()),
        }
    }
}
