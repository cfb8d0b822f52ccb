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

use crate::paths::Paths;
use crate::report;
use crate::stats::Report;

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
    let report = report::gather(paths, range, today, &zone, &mut io::stderr().lock())?;
    super::finish(print(
        &report,
        args.json,
        today,
        &zone,
        &mut io::stdout().lock(),
    ))
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
