//! The `unknot` binary: with no subcommand, the tray app; subcommands check and list things
//! and exit.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use unknot::cli::autostart::AutostartArgs;
use unknot::cli::control::{self, DoneArgs, PauseArgs, SnoozeArgs, StatusArgs};
use unknot::cli::history::HistoryArgs;
use unknot::cli::stats::StatsArgs;
use unknot::cli::{config::ConfigArgs, exercises::ExercisesArgs};
use unknot::control::protocol::Request;
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
    /// Show what the running unknot is doing.
    Status(StatusArgs),
    /// Open the stretch reminder now.
    Stretch,
    /// Log a stretch as done: the open reminder's, or EXERCISE (logged even with unknot closed).
    Done(DoneArgs),
    /// Snooze the open reminder.
    Snooze(SnoozeArgs),
    /// Skip the open reminder.
    Skip,
    /// Open the page of the exercise that is due, or up next.
    Open,
    /// Pause reminders: for DURATION, --until HH:MM, --tomorrow or --indefinitely (default 30m).
    Pause(PauseArgs),
    /// Resume reminders after a pause.
    Resume,
    /// Read the settings and exercises again.
    Reload,
    /// Quit the running unknot.
    Quit,
    /// Statistics from every computer's log: sitting time, breaks, reminders and stretches per
    /// day (default: the last 7 days), as a table or --json.
    Stats(StatsArgs),
    /// Print every answer and event of every computer's log, merged by time: a listing, or
    /// --json lines, or --csv with a header.
    History(HistoryArgs),
    /// Show how unknot sees this session: which idle, lock and sleep sources it uses, and why
    /// not the others. Exits 1 when no idle source works.
    Doctor,
    /// Start unknot when you log in (an XDG autostart entry), or stop it.
    Autostart(AutostartArgs),
    /// Print a shell completion script: `source <(unknot completions bash)`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or with DIR write it and one page per subcommand there
    /// (unknot.1, unknot-config.1, ...), as packages install them.
    #[command(hide = true)]
    Manpage { dir: Option<PathBuf> },
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("unknot=info"))
        .format_target(false)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("unknot: {}", each_cause_once(&e));
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let write_default = cli.config.is_none();
    // Only for the verbs that use them: autostart and the generators need no config.
    let config = cli.config;
    let paths = move || Paths::from_env(config);
    match cli.command {
        None => unknot::start::run(paths()?, write_default).map(|()| ExitCode::SUCCESS),
        Some(Verb::Config(args)) => unknot::cli::config::run(&args, &paths()?),
        Some(Verb::Exercises(args)) => unknot::cli::exercises::run(&args, &paths()?),
        Some(Verb::Status(args)) => control::status(&args),
        Some(Verb::Stretch) => control::run(Request::Stretch, &paths()?),
        Some(Verb::Done(args)) => control::run(Request::Done(args.exercise), &paths()?),
        Some(Verb::Snooze(args)) => control::run(Request::Snooze(args.duration), &paths()?),
        Some(Verb::Skip) => control::run(Request::Skip, &paths()?),
        Some(Verb::Open) => control::run(Request::Open, &paths()?),
        Some(Verb::Pause(args)) => control::run(Request::Pause(args.spec()), &paths()?),
        Some(Verb::Resume) => control::run(Request::Resume, &paths()?),
        Some(Verb::Reload) => control::run(Request::Reload, &paths()?),
        Some(Verb::Quit) => control::run(Request::Quit, &paths()?),
        Some(Verb::Stats(args)) => unknot::cli::stats::run(&args, &paths()?),
        Some(Verb::History(args)) => unknot::cli::history::run(&args, &paths()?),
        Some(Verb::Doctor) => unknot::cli::doctor::run(paths().ok().as_ref()),
        Some(Verb::Autostart(args)) => unknot::cli::autostart::run(&args),
        Some(Verb::Completions { shell }) => {
            unknot::cli::generate::completions(shell, Cli::command(), &mut std::io::stdout())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Verb::Manpage { dir }) => {
            unknot::cli::generate::manpage(Cli::command(), dir.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The error and its causes, `: `-separated like `{:#}`, but without a cause whose text the one
/// before it already contains: zbus and ksni put their cause's text in their own message, and
/// the user would read it two or three times over.
fn each_cause_once(error: &anyhow::Error) -> String {
    let mut out = String::new();
    let mut previous = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if !previous.is_empty() && previous.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
        previous = text;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("D-Bus connection error: {0}")]
    struct Wraps(#[source] std::io::Error);

    #[derive(Debug, thiserror::Error)]
    #[error("cannot show the tray icon: {0}")]
    struct WrapsAgain(#[source] Wraps);

    #[test]
    fn a_cause_already_in_the_message_before_it_is_printed_once() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let error =
            anyhow::Error::new(WrapsAgain(Wraps(io))).context("cannot put unknot in the tray");
        assert_eq!(
            format!("{error:#}"),
            "cannot put unknot in the tray: cannot show the tray icon: D-Bus connection error: \
             entity not found: D-Bus connection error: entity not found: entity not found"
        );
        assert_eq!(
            each_cause_once(&error),
            "cannot put unknot in the tray: cannot show the tray icon: D-Bus connection error: \
             entity not found"
        );
    }

    #[test]
    fn causes_with_their_own_text_are_all_printed() {
        let error = anyhow::anyhow!("disk full")
            .context("cannot save")
            .context("quitting");
        assert_eq!(each_cause_once(&error), "quitting: cannot save: disk full");
    }
}
