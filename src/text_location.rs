//! Places in the text files people edit (config, exercises), as `LINE:COL` and as the line
//! itself with a caret under the spot.

use std::ops::Range;

/// A place in a text file (config, exercise), with the line it is on so it can be shown without the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    line: usize,
    column: usize,
    source_line: String,
    /// How many characters to underline, at least 1.
    width: usize,
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

    pub fn locate(text: &str, span: Range<usize>) -> Location {
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

    pub fn snippet(&self) -> String {
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

impl Location {
    /// Where the first byte that is not UTF-8 sits in `bytes`, the line shown with that byte as
    /// `�`, so the user sees which character to fix.
    pub fn of_invalid_utf8(bytes: &[u8], error: &std::str::Utf8Error) -> Location {
        let at = error.valid_up_to();
        // The lossy text is the same as `bytes` up to `at`, where the first `�` (3 bytes) is.
        let text = String::from_utf8_lossy(bytes);
        Location::locate(&text, at..at + '\u{fffd}'.len_utf8())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(bytes: &[u8]) -> Location {
        let error = std::str::from_utf8(bytes).expect_err("not UTF-8");
        Location::of_invalid_utf8(bytes, &error)
    }

    #[test]
    fn the_first_bad_byte_is_located_by_line_and_character_column() {
        let bytes = b"[breaks]\nevery = \"3\xc3\xa9\xff\xfem\"\n# \xff later\n";
        let location = locate(bytes);
        assert_eq!((location.line(), location.column()), (2, 12));
        assert_eq!(
            location.snippet(),
            "  |\n2 | every = \"3é\u{fffd}\u{fffd}m\"\n  |            ^"
        );
    }

    #[test]
    fn a_bad_first_byte_is_at_one_one() {
        let bytes = b"\xef\xbb";
        let location = locate(bytes);
        assert_eq!((location.line(), location.column()), (1, 1));
    }
}
