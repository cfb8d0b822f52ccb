//! The app's config file as tests write it: a fast-paced default, and the two ways editors
//! save a file (rewriting it in place, or writing a new file and renaming it over the old one).

use std::path::Path;

/// Seconds instead of minutes, so that a test sees a whole break cycle.
pub const TEST_CONFIG: &str = r#"[breaks]
every = "4s"
natural_break = "3s"
snooze = "3s"
max_snoozes = 2
remind_again = "30s"
"#;

/// `TEST_CONFIG` with the value of `key` replaced, e.g. `with_value("every", "\"2s\"")`.
pub fn with_value(key: &str, value: &str) -> String {
    let mut found = false;
    let text: String = TEST_CONFIG
        .lines()
        .map(|line| {
            if line.split('=').next().map(str::trim) == Some(key) {
                found = true;
                format!("{key} = {value}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    assert!(found, "TEST_CONFIG has no key {key:?}");
    text
}

/// The 1-based line of the first line containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} is not in:\n{text}"))
        + 1
}

/// Rewrites the file in place (same inode), as `echo ... > file` or many editors do.
pub fn write_in_place(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Writes a sibling file and renames it over `path` (new inode), as vim and many tools do.
pub fn replace_atomically(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", tmp.display()));
    std::fs::rename(&tmp, path).unwrap_or_else(|e| {
        panic!(
            "cannot rename {} over {}: {e}",
            tmp.display(),
            path.display()
        )
    });
}
