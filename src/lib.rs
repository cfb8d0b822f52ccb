//! unknot: a posture-break reminder that lives in the system tray.
//!
//! The break rules live in [`core`], which is pure: it is handed the time and what happened, and
//! answers with effects. The driver owns the clock and the adapters in `platform`.

pub mod cli;
pub mod clock;
pub mod config;
pub mod core;
pub mod exercise;
pub mod history;
pub mod paths;
