//! `unknot stats`: the statistics of every computer's log, as a table or as JSON.
//!
//! With no range it shows the last 7 days, today included: always a week's worth of days to
//! compare, where "this week" would show a single day on Mondays (`--week` gives that).

mod open;
mod table;

use std::io::{self, Write};
use std::process::ExitCode;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::config::{self, Config, ConfigError};
use crate::exercise::Library;
use crate::history;
use crate::paths::Paths;
use crate::stats::{self, Log, Report, StatsRules};

/// Statistics: sitting time, breaks, reminders and stretches per day, on all your computers.
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub range: RangeArgs,
    /// Print the report as JSON (fields documented in docs/stats-json.md).
    #[arg(long)]
    pub json: bool,
    /// Draw the statistics as charts on a page and open it in the browser: the last 12 weeks,
    /// or the range given. Prints the page's path.
    #[arg(long, conflicts_with = "json")]
    pub open: bool,
}

/// Which days (default: the last 7, today included).
#[derive(Debug, Default, clap::Args)]
#[group(multiple = false)]
pub struct RangeArgs {
    /// Today only.
    #[arg(long)]
    pub today: bool,
    /// This week, Monday to today.
    #[arg(long)]
    pub week: bool,
    /// The last N days, today included.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=3660))]
    pub days: Option<u16>,
    /// From DATE (YYYY-MM-DD) to today.
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub since: Option<Date>,
}

/// Exit status for a range that cannot be shown (a `--since` after today).
const BAD_ARGS: u8 = 2;

fn date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|e| format!("expected a date as YYYY-MM-DD, e.g. 2026-11-02 ({e})"))
}

impl RangeArgs {
    /// Whether a range was given at all.
    pub fn given(&self) -> bool {
        self.today || self.week || self.days.is_some() || self.since.is_some()
    }

    /// The first and last day, or why not.
    pub fn days(&self, today: Date) -> Result<(Date, Date), String> {
        let back = |n: i64| today.checked_sub((n - 1).days()).unwrap_or(today);
        let from = if self.today {
            today
        } else if self.week {
            back(i64::from(today.weekday().to_monday_one_offset()))
        } else if let Some(n) = self.days {
            back(i64::from(n))
        } else if let Some(since) = self.since {
            if since > today {
                return Err(format!("--since {since} is after today ({today})"));
            }
            since
        } else {
            back(7)
        };
        Ok((from, today))
    }
}

pub fn run(args: &StatsArgs, paths: &Paths) -> anyhow::Result<ExitCode> {
    let zone = TimeZone::system();
    let now = Timestamp::try_from(crate::clock::now())?;
    let today = zone.to_datetime(now).date();
    if args.open {
        return open::run(&args.range, paths, today, &zone);
    }
    let range = match args.range.days(today) {
        Ok(range) => range,
        Err(why) => {
            eprintln!("unknot: {why}");
            return Ok(ExitCode::from(BAD_ARGS));
        }
    };
    let report = gather(paths, range, today, &zone, &mut io::stderr().lock())?;
    super::finish(print(
        &report,
        args.json,
        today,
        &zone,
        &mut io::stdout().lock(),
    ))
}

/// The report on every log in the history folder, with the settings and exercises in use. Lines
/// that cannot be read, and a broken config, are reported to `err` and left out.
///
/// Only the end of each log is read: the range and the day before it (a stretch going on at
/// midnight began then), and further back only while the days before the range all met the
/// daily goal, so that a streak is counted whole. Weeks of statistics cost the same after
/// years of use as after one.
pub fn gather(
    paths: &Paths,
    range: (Date, Date),
    today: Date,
    zone: &TimeZone,
    err: &mut dyn Write,
) -> io::Result<Report> {
    let config = match config::load(&paths.config_file) {
        Ok(config) => config,
        Err(ConfigError::Read { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            Config::default()
        }
        Err(e) => {
            writeln!(err, "{e}\n(counting with the default settings)")?;
            Config::default()
        }
    };
    let library = Library::load(&paths.exercises_dir);
    // An exercise hidden since, or a built-in one replaced, still worked its area.
    let builtin = Library::builtin();
    let area_of = |id: &str| library.get(id).or_else(|| builtin.get(id)).map(|e| e.area);
    let rules = StatsRules::from_config(&config);
    let mut days_before: i64 = 1;
    loop {
        let first = range.0.checked_sub(days_before.days()).unwrap_or(range.0);
        let since = first
            .to_zoned(zone.clone())
            .map_or(Timestamp::MIN, |z| z.timestamp());
        let logs = history::read_folder_since(paths, since.into())?;
        let machines: Vec<Log<'_>> = logs
            .machines
            .iter()
            .map(|m| Log {
                machine: &m.machine,
                host: m.host.as_deref(),
                records: &m.records,
            })
            .collect();
        let before = (first, range.0.yesterday().unwrap_or(first));
        let streak_goes_back = first < range.0
            && since > Timestamp::MIN
            && stats::goal_met_throughout(&machines, before, zone, rules.daily_goal);
        if !streak_goes_back {
            for problem in &logs.problems {
                writeln!(err, "{problem}")?;
            }
            return Ok(stats::compute(
                &machines, range, today, zone, &rules, &area_of,
            ));
        }
        days_before *= 4;
    }
}

fn print(
    report: &Report,
    json: bool,
    today: Date,
    zone: &TimeZone,
    out: &mut dyn Write,
) -> io::Result<ExitCode> {
    if json {
        serde_json::to_writer_pretty(&mut *out, report)?;
        writeln!(out)?;
    } else {
        table::write(out, report, today, zone)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
