//! unknot: a posture-break reminder that lives in the system tray.
//!
//! The break rules live in [`core`], which is pure: it is handed the time and what happened, and
//! answers with effects. The [`driver`] owns the clock and the desktop adapters in [`platform`].

pub mod atomic_file;
pub mod cli;
pub mod clock;
pub mod config;
pub mod control;
pub mod core;
pub mod diagnostic;
pub mod driver;
pub mod exercise;
pub mod export;
pub mod history;
pub mod page;
pub mod paths;
pub mod platform;
pub mod report;
pub mod start;
pub mod stats;
pub mod text_file;
pub mod text_location;
