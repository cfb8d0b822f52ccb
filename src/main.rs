//! The `unknot` binary: with no subcommand, the tray app; subcommands check and list things
//! and exit.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use unknot::cli::{config::ConfigArgs, exercises::ExercisesArgs};
use unknot::paths::Paths;

/// A posture-break reminder that lives in the system tray.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Use this config file instead of $XDG_CONFIG_HOME/unknot/config.toml.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Verb>,
}

#[derive(Subcommand)]
enum Verb {
    /// Check the config file, or show where it is and what the defaults are.
    Config(ConfigArgs),
    /// List, show or check the exercises.
    Exercises(ExercisesArgs),
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("unknot=info"))
        .format_target(false)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("unknot: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let write_default = cli.config.is_none();
    let paths = Paths::from_env(cli.config)?;
    match cli.command {
        None => unknot::start::run(paths, write_default).map(|()| ExitCode::SUCCESS),
        Some(Verb::Config(args)) => unknot::cli::config::run(&args, &paths),
        Some(Verb::Exercises(args)) => unknot::cli::exercises::run(&args, &paths),
    }
}
