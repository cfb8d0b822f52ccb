//! Command-line subcommands that do their job and exit, without starting the tray app.

pub mod config;
pub mod exercises;
