//! `unknot history`: every computer's records, merged by time, for people or for programs.

use std::io::{self, BufWriter};
use std::process::ExitCode;
use std::time::SystemTime;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::export;
use crate::history;
use crate::paths::Paths;

/// Print the history: every computer's log, merged by time.
#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// Only records from the start of DATE (YYYY-MM-DD, local time) on.
    #[arg(long, value_name = "DATE", value_parser = date)]
    pub since: Option<Date>,
    /// One JSON object a line: the log's own fields, plus `machine`.
    #[arg(long, group = "format")]
    pub json: bool,
    /// CSV (RFC 4180) with a header: time, machine, event, then every field of any event.
    #[arg(long, group = "format")]
    pub csv: bool,
}

fn date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|e| format!("expected a date as YYYY-MM-DD, e.g. 2026-11-02 ({e})"))
}

/// Prints the records; a line that cannot be read is reported on stderr as `PATH:LINE:COL:
/// message` and left out, never stopping the rest.
pub fn run(args: &HistoryArgs, paths: &Paths) -> anyhow::Result<ExitCode> {
    let zone = TimeZone::system();
    let since = args.since.map(|date| start_of(date, &zone)).transpose()?;
    // With --since, only the end of each log is read, as statistics do.
    let logs = match since {
        Some(since) => history::read_folder_since(paths, since),
        None => history::read_folder(paths),
    }
    .map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot read the history: {e}",
            paths.history_dir.display()
        )
    })?;
    for problem in &logs.problems {
        eprintln!("{problem}");
    }
    let records = export::select(&logs, since);
    let out = BufWriter::new(io::stdout().lock());
    let written = if args.json {
        export::write_json_lines(out, &records)
    } else if args.csv {
        export::write_csv(out, &records)
    } else {
        export::write_text(out, &records, &zone)
    };
    super::finish(written.map(|()| ExitCode::SUCCESS))
}

/// Local midnight at the start of `date` (or the first moment of the day, where a DST change
/// skips midnight).
fn start_of(date: Date, zone: &TimeZone) -> anyhow::Result<SystemTime> {
    let start = date
        .to_zoned(zone.clone())
        .and_then(|day| day.start_of_day())
        .map_err(|e| anyhow::anyhow!("--since {date}: {e}"))?;
    Ok(SystemTime::from(start.timestamp()))
}
