//! The one shape of a problem at a place in a file, `PATH:LINE:COL: message`, which editors and
//! terminals turn into a link: a bad exercise file, a history line that does not read.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::text_file::ReadError;
use crate::text_location::Location;

/// One problem in one file. Lines and columns are 1-based; columns count characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    /// A problem at byte offset `at` of `text`.
    pub(crate) fn at(path: &Path, text: &str, at: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, at);
        Diagnostic {
            path: path.to_owned(),
            line,
            column,
            message: message.into(),
        }
    }

    /// A problem with the file as a whole (it cannot be read, a field is missing).
    pub(crate) fn file(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_owned(),
            line: 1,
            column: 1,
            message: message.into(),
        }
    }

    /// A file that could not be read: bad UTF-8 is located at its first bad byte.
    pub(crate) fn unreadable(path: &Path, error: ReadError) -> Self {
        match error {
            ReadError::Io(_) => Diagnostic::file(path, error.to_string()),
            ReadError::NotUtf8 { location, message } => Diagnostic {
                path: path.to_owned(),
                line: location.line(),
                column: location.column(),
                message,
            },
        }
    }

    pub(crate) fn from_toml(path: &Path, text: &str, err: &toml::de::Error) -> Self {
        let at = err.span().map_or(0, |span: Range<usize>| span.start);
        // The message may run over several lines; one line per problem keeps `PATH:LINE:COL` greppable.
        let message = err
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        Diagnostic::at(path, text, at, message)
    }
}

/// 1-based line and column of byte offset `at`, clamped into the text.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let location = Location::locate(text, at..at);
    (location.line(), location.column())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_one_based_lines_and_character_columns() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 4), (1, 5));
        assert_eq!(line_column(text, 6), (2, 1));
        // `é` is two bytes but one column.
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 1000), (3, 1));
    }

    #[test]
    fn displays_as_path_line_column_message() {
        let e = Diagnostic::at(Path::new("x/y.toml"), "a\nbc", 3, "bad");
        assert_eq!(e.to_string(), "x/y.toml:2:2: bad");
    }
}
