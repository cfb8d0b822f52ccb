//! The exercise library: built-in exercises embedded from `config/exercises/`, plus the user's own.

mod builtin;
mod definition;
mod import;
mod library;
mod parse;
mod selection;

pub use builtin::builtin_svg;
pub use definition::{short_duration, Exercise};
pub use import::{import, ImportError};
pub use library::Library;
pub use parse::MAX_CUE_CHARS;
pub use selection::{Equipment, Place, Selection};
