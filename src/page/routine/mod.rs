//! The routine page: one self-contained HTML file that walks through a routine's exercises one
//! at a time, each with its picture, steps and timer, and moves on by itself when a timer ends.
//!
//! Without its script the page is still whole: every exercise is listed in order, with its
//! dose, and the last item says what to do when done. The script turns the list into one
//! exercise at a time with Previous / Next, a timer, a progress count and an optional chime.

mod render;

use std::path::{Path, PathBuf};

use super::PageError;
use crate::exercise::Exercise;

pub use render::render;

/// The page's file name in the pages folder: a capital letter, so that no exercise page (named
/// by its id, lower case) can take it. One routine is open at a time, so one name serves.
pub const FILE_NAME: &str = "Routine.html";

/// Writes the page for `exercises`, in their order, to `<dir>/Routine.html` and returns that
/// path. Only built-in pictures are inlined, as on an exercise page.
pub fn write(exercises: &[&Exercise], dir: &Path) -> Result<PathBuf, PageError> {
    super::write::place(&render(exercises), &dir.join(FILE_NAME))
}

#[cfg(test)]
mod tests;
