//! The history as other programs and people read it: every computer's records merged by time,
//! as a readable listing, as JSON lines (the log's own schema plus `machine`), or as CSV
//! (RFC 4180, a header, one column per field of any event). `unknot history` prints them; the
//! tray's "Export history…" saves the CSV.

use std::io::{self, Write};
use std::time::{Duration, SystemTime};

use jiff::tz::TimeZone;
use serde::Serialize;
use serde_json::Value;

use crate::clock::wire;
use crate::core::{Event, Record};
use crate::history::{Logs, MachineLog, VERSION};

/// The CSV columns, in order: when, where, what, then every field any event has (empty where
/// the event has no such field). The names are the log's own; `time` is its `ts`.
pub const CSV_COLUMNS: [&str; 17] = [
    "time",
    "machine",
    "event",
    "exercise",
    "sitting_s",
    "away_s",
    "paused_s",
    "raised",
    "manual",
    "snoozes",
    "until",
    "cause",
    "why",
    "host",
    "routine",
    "reason",
    "held_s",
];

/// One exported record: the log line's fields, with the computer it came from.
#[derive(Serialize)]
struct Exported<'a> {
    v: u32,
    #[serde(with = "wire::moment")]
    ts: SystemTime,
    machine: &'a str,
    #[serde(flatten)]
    event: &'a Event,
}

impl<'a> Exported<'a> {
    fn new(log: &'a MachineLog, record: &'a Record) -> Exported<'a> {
        Exported {
            v: VERSION,
            ts: record.at,
            machine: &log.machine,
            event: &record.event,
        }
    }
}

/// Every record of every computer from `since` on (all with `None`), oldest first.
pub fn select(logs: &Logs, since: Option<SystemTime>) -> Vec<(&MachineLog, &Record)> {
    let mut all = logs.merged();
    if let Some(since) = since {
        all.retain(|(_, record)| record.at >= since);
    }
    all
}

/// One JSON object a line: `{"v":1,"ts":…,"machine":…,"event":…, fields}`.
pub fn write_json_lines(mut out: impl Write, records: &[(&MachineLog, &Record)]) -> io::Result<()> {
    for (log, record) in records {
        serde_json::to_writer(&mut out, &Exported::new(log, record))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}

/// RFC 4180 CSV with a header line of [`CSV_COLUMNS`] (CRLF line ends, as the RFC has them).
pub fn write_csv(out: impl Write, records: &[(&MachineLog, &Record)]) -> io::Result<()> {
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    csv.write_record(CSV_COLUMNS).map_err(io_error)?;
    for (log, record) in records {
        let fields = serde_json::to_value(Exported::new(log, record))?;
        let row = CSV_COLUMNS.map(|column| match column {
            "time" => cell(&fields["ts"]),
            _ => cell(&fields[column]),
        });
        csv.write_record(&row).map_err(io_error)?;
    }
    csv.flush()
}

/// The I/O error itself, so a closed pipe (`unknot history --csv | head`) is still seen as one.
fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        // Rows of a fixed length of strings: nothing else can go wrong in writing them.
        other => io::Error::other(format!("{other:?}")),
    }
}

/// The CSV of every record of every computer, for a file.
pub fn csv_bytes(logs: &Logs) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    write_csv(&mut bytes, &select(logs, None))?;
    Ok(bytes)
}

fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        // A routine's exercises, which are ids without spaces.
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// A listing for people, a record a line in local time: when, on which computer (its name
/// where a `started` record gave it), what, and the details in words.
pub fn write_text(
    mut out: impl Write,
    records: &[(&MachineLog, &Record)],
    zone: &TimeZone,
) -> io::Result<()> {
    let label = |log: &MachineLog| log.host.clone().unwrap_or_else(|| log.machine.clone());
    let width = records
        .iter()
        .map(|(log, _)| label(log).chars().count())
        .max()
        .unwrap_or(0);
    for (log, record) in records {
        let line = format!(
            "{}  {:width$}  {:13}  {}",
            local(record.at, zone, "%Y-%m-%d %H:%M:%S"),
            label(log),
            record.event.name(),
            details(&record.event, zone),
        );
        writeln!(out, "{}", one_line(line.trim_end()))?;
    }
    out.flush()
}

/// A record a line: a line break or other control character in a field (a D-Bus error's
/// text) is shown escaped, as `\n`.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            c if c.is_control() => c.escape_default().to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn local(t: SystemTime, zone: &TimeZone, format: &str) -> String {
    match jiff::Timestamp::try_from(t) {
        Ok(ts) => ts.to_zoned(zone.clone()).strftime(format).to_string(),
        Err(_) => humantime::format_rfc3339_seconds(t).to_string(),
    }
}

fn span(d: Duration) -> String {
    humantime::format_duration(Duration::from_secs(d.as_secs())).to_string()
}

/// One exercise, or a routine as its exercises.
fn suggested(exercise: &str, routine: &[String]) -> String {
    match routine.is_empty() {
        true => exercise.to_owned(),
        false => format!("routine {}", routine.join(" + ")),
    }
}

/// What happened, in words: the event's fields without their JSON names.
fn details(event: &Event, zone: &TimeZone) -> String {
    let at = |t: SystemTime| local(t, zone, "%Y-%m-%d %H:%M");
    let manual = |yes: bool, no: &str| if yes { ", by hand" } else { no }.to_owned();
    match event {
        Event::Reminded {
            exercise,
            sitting,
            raised,
            manual: by_hand,
            routine,
        } => {
            let again = if *raised > 1 {
                format!(", raised {raised} times")
            } else {
                String::new()
            };
            format!(
                "{}, sitting {}{again}{}",
                suggested(exercise, routine),
                span(*sitting),
                manual(*by_hand, "")
            )
        }
        Event::Done {
            exercise,
            sitting,
            routine,
        }
        | Event::Skipped {
            exercise,
            sitting,
            routine,
        } => {
            format!(
                "{}, sitting {}",
                suggested(exercise, routine),
                span(*sitting)
            )
        }
        Event::Held {
            reason,
            held,
            exercise,
        } => format!("{exercise} waited {} ({reason})", span(*held)),
        Event::DailyLimit { sitting } => format!("sitting {} today", span(*sitting)),
        Event::Snoozed {
            exercise,
            snoozes,
            until,
        } => format!("{exercise} until {}, snooze {snoozes} in a row", at(*until)),
        Event::Opened { exercise } => exercise.clone(),
        Event::Paused { until: Some(until) } => format!("until {}", at(*until)),
        Event::Paused { until: None } => "until resumed".to_owned(),
        Event::Resumed {
            paused_for,
            manual: by_hand,
        } => format!(
            "after {}{}",
            span(*paused_for),
            manual(*by_hand, ", ran out")
        ),
        Event::NaturalBreak {
            away,
            sitting,
            exercise,
            cause,
        } => {
            let mut text = format!("away {}, sitting {}", span(*away), span(*sitting));
            if let Some(cause) = cause {
                text.push_str(&format!(", {}", cause.name()));
            }
            if let Some(exercise) = exercise {
                text.push_str(&format!(", counts as {exercise}"));
            }
            text
        }
        Event::Suspended { sitting } | Event::Stopped { sitting } => match sitting {
            Some(sitting) => format!("sitting {}", span(*sitting)),
            None => "away".to_owned(),
        },
        Event::Returned { away } => format!("away {}", span(*away)),
        Event::NotShown {
            exercise,
            raised,
            why,
        } => format!("{exercise} (raised {raised}): {why}"),
        Event::Started { host } => host.clone(),
    }
}

#[cfg(test)]
mod tests;
