//! `unknot status`, `stretch`, `done`, `snooze`, `skip`, `pause`, `resume`, `reload`, `quit`:
//! requests to the running instance. Exit status: 0 done, 1 refused or failed, 2 bad
//! arguments, 3 no instance running.

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

use crate::control::client::BusClient;
use crate::control::protocol::{self, PauseSpec, Refusal, Request, Snapshot};
use crate::control::{ClientError, Control};
use crate::core::{self, Record, Rotation};
use crate::exercise::Library;
use crate::history;
use crate::paths::Paths;
use crate::{clock, config};

const REFUSED: u8 = 1;
const BAD_ARGS: u8 = 2;
const NOT_RUNNING: u8 = 3;

/// How far back `done` without a running unknot reads the log to pick the exercise.
const REPLAY_SPAN: Duration = Duration::from_secs(4 * 7 * 24 * 60 * 60);

/// Show what unknot is doing.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// Print one JSON object (fits a waybar custom module as is).
    #[arg(long)]
    pub json: bool,
    /// Print a JSON line now and one on every change, until interrupted (for status bars).
    #[arg(long)]
    pub follow: bool,
}

/// Log a stretch as done: the open reminder's, or EXERCISE.
#[derive(Debug, clap::Args)]
pub struct DoneArgs {
    /// The exercise's id, as `unknot exercises` lists it.
    #[arg(value_parser = exercise_id)]
    pub exercise: Option<String>,
}

/// Snooze the open reminder.
#[derive(Debug, clap::Args)]
pub struct SnoozeArgs {
    /// How long, e.g. 10m (default: the configured snooze).
    #[arg(value_parser = duration)]
    pub duration: Option<Duration>,
}

/// Pause reminders (default: 30 minutes).
#[derive(Debug, clap::Args)]
#[group(multiple = false)]
pub struct PauseArgs {
    /// How long, e.g. 90m or 2h.
    #[arg(value_parser = duration)]
    pub duration: Option<Duration>,
    /// Until this local time (24-hour clock): today if still ahead, else tomorrow.
    #[arg(long, value_name = "HH:MM", value_parser = clock_time)]
    pub until: Option<(u8, u8)>,
    /// Until the start of tomorrow.
    #[arg(long)]
    pub tomorrow: bool,
    /// Until `unknot resume`.
    #[arg(long)]
    pub indefinitely: bool,
}

impl PauseArgs {
    pub fn spec(&self) -> PauseSpec {
        match (self.duration, self.until) {
            (Some(length), _) => PauseSpec::For(length),
            (_, Some((hour, minute))) => PauseSpec::Until { hour, minute },
            _ if self.tomorrow => PauseSpec::Tomorrow,
            _ if self.indefinitely => PauseSpec::Indefinitely,
            _ => PauseSpec::For(protocol::DEFAULT_PAUSE),
        }
    }
}

fn duration(text: &str) -> Result<Duration, String> {
    protocol::parse_duration(text).map_err(|e| e.to_string())
}

fn clock_time(text: &str) -> Result<(u8, u8), String> {
    protocol::parse_clock_time(text).map_err(|e| e.to_string())
}

fn exercise_id(text: &str) -> Result<String, String> {
    protocol::check_exercise_id(text)
        .map(|()| text.to_owned())
        .map_err(|e| e.to_string())
}

/// Sends one request and prints the one-line answer.
pub fn run(request: Request, paths: &Paths) -> anyhow::Result<ExitCode> {
    if let Request::Done(Some(id)) = &request {
        if Library::load(&paths.exercises_dir).get(id).is_none() {
            return Ok(fail(
                BAD_ARGS,
                &format!("there is no exercise {id:?} (`unknot exercises` lists them)"),
            ));
        }
    }
    let answer = BusClient::connect().and_then(|client| client.call(&request));
    match (answer, &request) {
        (Err(ClientError::NotRunning(_)), Request::Done(id)) => done_offline(id.as_deref(), paths),
        (Ok(line), _) => {
            println!("{line}");
            Ok(ExitCode::SUCCESS)
        }
        (Err(e), _) => Ok(failed(e)),
    }
}

pub fn status(args: &StatusArgs) -> anyhow::Result<ExitCode> {
    let client = match BusClient::connect() {
        Ok(client) => client,
        Err(e) => return Ok(failed(e)),
    };
    if args.follow {
        let mut out = io::stdout().lock();
        // A closed pipe (the bar went away) ends following.
        let followed =
            client.follow(&mut |line| writeln!(out, "{line}").and_then(|()| out.flush()).is_ok());
        return Ok(followed.map_or_else(failed, |()| ExitCode::SUCCESS));
    }
    let json = match client.call(&Request::Status) {
        Ok(json) => json,
        Err(e) => return Ok(failed(e)),
    };
    if args.json {
        println!("{json}");
        return Ok(ExitCode::SUCCESS);
    }
    let status: Snapshot = serde_json::from_str(&json)?;
    print!("{}", worded(&status));
    Ok(ExitCode::SUCCESS)
}

/// The status for people, one fact a line.
fn worded(s: &Snapshot) -> String {
    let mut out = String::new();
    let mut line = |key: &str, value: &str| out.push_str(&format!("{key:<16}{value}\n"));
    let state = match s.state.as_str() {
        "snoozed" => format!(
            "snoozed until {}",
            s.snoozed_until.as_deref().unwrap_or("?")
        ),
        "paused" => format!(
            "paused until {}",
            s.paused_until.as_deref().unwrap_or("resumed")
        ),
        "away" => format!("away since {}", s.away_since.as_deref().unwrap_or("?")),
        "reminding" => "reminder open".into(),
        other => other.into(),
    };
    line("state", &state);
    line("sitting", &format!("{} min", s.sitting_s / 60));
    line(
        "next reminder",
        s.next_reminder.as_deref().unwrap_or("none scheduled"),
    );
    if let Some(id) = &s.exercise {
        let name = s.exercise_name.as_deref().unwrap_or(id);
        let when = if s.state == "reminding" {
            "open"
        } else {
            "up next"
        };
        line("exercise", &format!("{name} ({id}), {when}"));
    }
    line("idle source", &s.idle_source);
    line("done today", &s.done_today.to_string());
    line("pid", &s.pid.to_string());
    line("settings", &s.config_file);
    line("history", &s.history_file);
    out
}

/// No unknot runs: the stretch is logged here, so it is not lost.
fn done_offline(id: Option<&str>, paths: &Paths) -> anyhow::Result<ExitCode> {
    let now = clock::now();
    let library = Library::load(&paths.exercises_dir);
    let Some(exercise) = id
        .map(str::to_owned)
        .or_else(|| upcoming(&library, paths, now))
    else {
        return Ok(fail(
            BAD_ARGS,
            "no exercise to log; name one (`unknot exercises` lists them)",
        ));
    };
    let record = Record {
        at: now,
        event: core::Event::Done {
            exercise: exercise.clone(),
            sitting: Duration::ZERO,
            routine: Vec::new(),
        },
    };
    history::open_own(paths)
        .and_then(|mut log| log.append(&record))
        .map_err(anyhow::Error::new)?;
    let name = library
        .get(&exercise)
        .map_or(exercise.as_str(), |e| &e.name);
    println!(
        "done: {name} (unknot is not running; logged to {})",
        paths.history_file.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The exercise a running unknot would suggest next, from the settings and the log's tail.
fn upcoming(library: &Library, paths: &Paths, now: SystemTime) -> Option<String> {
    let config = config::load(&paths.config_file).unwrap_or_default();
    let mut exercises = library.eligible(&config.exercises);
    if exercises.is_empty() {
        exercises = library.iter().map(|e| e.meta()).collect();
    }
    let ids: Vec<String> = exercises.iter().map(|e| e.id.clone()).collect();
    let mut rotation = Rotation::new(exercises);
    if let Ok(recent) = history::recent(paths, &ids, REPLAY_SPAN) {
        for (id, at) in recent.seen {
            rotation.remember(&id, at);
        }
    }
    rotation.pick(now)
}

fn failed(error: ClientError) -> ExitCode {
    let code = match &error {
        ClientError::NotRunning(_) => {
            return fail(
                NOT_RUNNING,
                &format!("{error}; start it with `unknot` (or `unknot autostart enable`)"),
            )
        }
        ClientError::Refused(Refusal::BadArgs(_)) => BAD_ARGS,
        ClientError::Refused(_) | ClientError::Transport(_) => REFUSED,
    };
    fail(code, &error.to_string())
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("unknot: {message}");
    ExitCode::from(code)
}
