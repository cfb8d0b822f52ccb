//! The exercise library: built-in exercises embedded from `config/exercises/`, plus the user's own.

mod selection;

pub use selection::{Equipment, Place, Selection};
