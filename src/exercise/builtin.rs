//! The exercise files and pictures compiled into the binary (listed by `build.rs`).

include!(concat!(env!("OUT_DIR"), "/builtin_files.rs"));

/// The built-in exercise files as (file stem, contents), sorted by name.
pub(crate) fn exercise_files() -> &'static [(&'static str, &'static str)] {
    EXERCISE_FILES
}

/// The SVG picture `icons/exercises/<name>.svg`, if there is one.
pub fn builtin_svg(name: &str) -> Option<&'static str> {
    ICON_FILES
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| ICON_FILES[i].1)
}
