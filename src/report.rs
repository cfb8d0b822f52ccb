//! The statistics of this user's folder: every computer's log read from its end, with the
//! settings and exercises in use, handed to the pure `stats::compute`. Shared by `unknot stats`
//! and the tray's Statistics page.

use std::io::{self, Write};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::config::{self, Config, ConfigError};
use crate::exercise::Library;
use crate::history;
use crate::paths::Paths;
use crate::stats::{self, Log, Report, StatsRules};

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
        let machines = as_stats_logs(&logs);
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

/// Today so far on every computer, as a start carries it on: read once, for the daily limit and
/// the tray's count.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Today {
    pub sitting: std::time::Duration,
    /// Stretches done.
    pub done: u32,
    /// The walk was already suggested.
    pub walk_suggested: bool,
}

/// [`Today`] from every computer's log.
pub fn today_so_far(
    paths: &Paths,
    config: &Config,
    now: Timestamp,
    zone: &TimeZone,
) -> io::Result<Today> {
    let today = now.to_zoned(zone.clone()).date();
    let start = |date: Date| {
        date.to_zoned(zone.clone())
            .map_or(Timestamp::MIN, |z| z.timestamp())
    };
    // From yesterday: a stretch going on at midnight began then.
    let yesterday = today.yesterday().unwrap_or(today);
    let logs = history::read_folder_since(paths, start(yesterday).into())?;
    let today_start: std::time::SystemTime = start(today).into();
    let walk_suggested = logs.machines.iter().any(|m| {
        m.records.iter().any(|r| {
            r.at >= today_start && matches!(r.event, crate::core::Event::DailyLimit { .. })
        })
    });
    let machines = as_stats_logs(&logs);
    let rules = StatsRules::from_config(config);
    let report = stats::compute(&machines, (today, today), today, zone, &rules, &|_| None);
    let tally = report.days.first().map(|d| &d.tally);
    Ok(Today {
        sitting: std::time::Duration::from_secs(tally.map_or(0, |t| t.sitting_s)),
        done: tally.map_or(0, |t| t.breaks.done),
        walk_suggested,
    })
}

/// The folder's logs as the statistics take them.
fn as_stats_logs(logs: &history::Logs) -> Vec<Log<'_>> {
    logs.machines
        .iter()
        .map(|m| Log {
            machine: &m.machine,
            host: m.host.as_deref(),
            records: &m.records,
        })
        .collect()
}
