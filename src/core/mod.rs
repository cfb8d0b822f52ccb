//! The break rules. Pure: no I/O, no clock reads, no platform crates. Time is handed in as `now`;
//! what should happen comes back as [`Effect`]s, with the next moment worth looking again.

mod answers;
mod away;
mod day;
mod effect;
mod exercise;
mod hold;
mod input;
mod quiet;
mod rotation;
mod rules;
mod schedule;
mod status;
mod tracker;

#[cfg(test)]
mod control_inputs;
#[cfg(test)]
mod scenarios;

pub use effect::{Cause, Effect, Event, Record, Reminder};
pub use exercise::{Area, ExerciseMeta, Kind};
pub use input::{Answer, Input, PauseFor, Shift};
pub use quiet::Reason;
pub use rotation::Rotation;
pub use rules::{QuietRules, Rules};
pub use schedule::{Hours, Schedule};
pub use status::{State, Status};
pub use tracker::{Tracker, HEARTBEAT};
