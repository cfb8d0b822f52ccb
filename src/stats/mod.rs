//! Statistics from the history logs of every computer: per day, per week, a streak.

mod model;

pub use model::{Breaks, Day, Reminders, Report, Streak, Stretch, Tally, Week};
