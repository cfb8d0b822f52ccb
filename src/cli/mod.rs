//! Command-line subcommands that do their job and exit, without starting the tray app.

pub mod autostart;
pub mod config;
pub mod control;
pub mod doctor;
pub mod exercises;
pub mod generate;
pub mod history;
pub mod stats;

use std::io;
use std::process::ExitCode;

/// What a subcommand's output came to. A reader that stops early (`unknot exercises | head`)
/// closes the pipe: that is no failure.
fn finish(status: io::Result<ExitCode>) -> anyhow::Result<ExitCode> {
    match status {
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => Ok(other?),
    }
}
