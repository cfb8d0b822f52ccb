//! The break rules. Pure: no I/O, no clock reads, no platform crates. Time is handed in as `now`;
//! what should happen comes back as [`Effect`]s, with the next moment worth looking again.

mod exercise;
mod rules;

pub use exercise::{Area, ExerciseMeta, Kind};
pub use rules::Rules;
