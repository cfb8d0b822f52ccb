//! Scenario tests: logs written as transcripts, one record a line, and the report they come to
//! compared exactly.
//!
//! A log line is `<machine> [<date>] <time> <event> [args]`: the date carries over from the line
//! before; the time is local (`09:45`, `09:45:30`), or carries its offset for an hour the
//! clocks repeat (`02:30+01:00`). Events and their args (durations as `6m`, `1h30m`):
//! - `started` `stopped [sitting=]` `suspended [sitting=]` `returned away=`
//! - `reminded EXERCISE [raised=N] [manual] [sitting=]` `snoozed EXERCISE`
//! - `done EXERCISE [sitting=]` `skipped EXERCISE [sitting=]` `paused` `resumed`
//! - `natural_break away= [cause=idle|lock|suspend] [exercise=] [sitting=]`
//!
//! The report reads one line per day with anything in it (see `show`), then the weeks, then
//! the streak.

mod days;
mod machines;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use super::*;
use crate::core::{Cause, Event, Record};

const ZONE: &str = "Europe/Berlin";

fn zone() -> TimeZone {
    TimeZone::get(ZONE).expect("tzdata is installed (apt package tzdata)")
}

fn secs(text: &str) -> Duration {
    humantime::parse_duration(text).unwrap_or_else(|e| panic!("bad duration {text:?}: {e}"))
}

/// Every log of `script`, by machine, in order of first appearance.
fn logs(script: &str) -> Vec<(String, Vec<Record>)> {
    let zone = zone();
    let mut out: Vec<(String, Vec<Record>)> = Vec::new();
    let mut date: Option<Date> = None;
    for line in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut words = line.split_whitespace();
        let machine = words.next().expect("a machine");
        let mut word = words.next().expect("a time");
        if let Ok(d) = word.parse::<Date>() {
            date = Some(d);
            word = words.next().expect("a time");
        }
        let date = date.expect("the first line gives the date");
        let at = moment(date, word, &zone);
        let event = event(words.next().expect("an event"), words.collect());
        let record = Record { at, event };
        match out.iter_mut().find(|(m, _)| m == machine) {
            Some((_, records)) => records.push(record),
            None => out.push((machine.to_owned(), vec![record])),
        }
    }
    out
}

fn moment(date: Date, time: &str, zone: &TimeZone) -> SystemTime {
    let (clock, offset) = match time.find(['+', '-']) {
        Some(i) => (&time[..i], Some(&time[i..])),
        None => (time, None),
    };
    let clock = if clock.len() == 5 {
        format!("{clock}:00")
    } else {
        clock.to_owned()
    };
    let civil: DateTime = format!("{date}T{clock}").parse().expect("a time");
    let t: Timestamp = match offset {
        Some(offset) => format!("{date}T{clock}{offset}")
            .parse()
            .expect("an offset"),
        None => civil
            .to_zoned(zone.clone())
            .expect("a local time")
            .timestamp(),
    };
    SystemTime::from(t)
}

fn event(name: &str, args: Vec<&str>) -> Event {
    let mut exercise = None;
    let mut kv: BTreeMap<&str, &str> = BTreeMap::new();
    let mut manual = false;
    for arg in args {
        match arg.split_once('=') {
            Some((k, v)) => {
                kv.insert(k, v);
            }
            None if arg == "manual" => manual = true,
            None => exercise = Some(arg.to_owned()),
        }
    }
    let d = |k: &str| kv.get(k).map(|v| secs(v));
    let routine: Vec<String> = kv
        .get("routine")
        .map(|r| r.split('+').map(str::to_owned).collect())
        .unwrap_or_default();
    let sitting = d("sitting").unwrap_or_default();
    let ex = || exercise.clone().expect("an exercise");
    match name {
        "started" => Event::Started {
            host: "host".into(),
        },
        "stopped" => Event::Stopped {
            sitting: d("sitting"),
        },
        "suspended" => Event::Suspended {
            sitting: d("sitting"),
        },
        "returned" => Event::Returned {
            away: d("away").expect("away="),
        },
        "reminded" => Event::Reminded {
            exercise: ex(),
            sitting,
            raised: kv.get("raised").map_or(1, |n| n.parse().expect("a number")),
            manual,
            routine: Vec::new(),
        },
        "snoozed" => Event::Snoozed {
            exercise: ex(),
            snoozes: 1,
            until: SystemTime::UNIX_EPOCH,
        },
        "done" => Event::Done {
            exercise: ex(),
            sitting,
            routine,
        },
        "skipped" => Event::Skipped {
            exercise: ex(),
            sitting,
            routine: Vec::new(),
        },
        "paused" => Event::Paused { until: None },
        "resumed" => Event::Resumed {
            paused_for: Duration::ZERO,
            manual: true,
        },
        "natural_break" => natural_break(
            d("away").expect("away="),
            sitting,
            kv.get("exercise").map(|e| e.to_string()),
            kv.get("cause")
                .map(|c| Cause::from_name(c).expect("a cause")),
        ),
        "held" => Event::Held {
            reason: crate::core::Reason::Fullscreen,
            held: d("held").unwrap_or_default(),
            exercise: ex(),
        },
        other => panic!("unknown event {other:?}"),
    }
}

/// Lines from before unknot logged a cause have none.
fn natural_break(
    away: Duration,
    sitting: Duration,
    exercise: Option<String>,
    cause: Option<Cause>,
) -> Event {
    Event::NaturalBreak {
        away,
        sitting,
        exercise,
        cause,
    }
}

fn area_of(id: &str) -> Option<Area> {
    match id {
        "chin-tuck" => Some(Area::Neck),
        "wall-pec-stretch" => Some(Area::Chest),
        "shoulder-blade-squeeze" => Some(Area::UpperBack),
        _ => None,
    }
}

/// The report on `script` for `from..=to`, today being `today`.
fn report_with(script: &str, from: &str, to: &str, today: &str, rules: StatsRules) -> Report {
    let logs = logs(script);
    let logs: Vec<Log<'_>> = logs
        .iter()
        .map(|(machine, records)| Log {
            machine,
            host: None,
            records,
        })
        .collect();
    let date = |s: &str| s.parse::<Date>().expect("a date");
    compute(
        &logs,
        (date(from), date(to)),
        date(today),
        &zone(),
        &rules,
        &area_of,
    )
}

fn report(script: &str, from: &str, to: &str) -> String {
    show(&report_with(script, from, to, to, StatsRules::default()))
}

fn hm(s: u64) -> String {
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::new();
    if h > 0 {
        out += &format!("{h}h");
    }
    if m > 0 || (h == 0 && s == 0) {
        out += &format!("{m}m");
    }
    if s > 0 {
        out += &format!("{s}s");
    }
    out
}

fn counts(map: &BTreeMap<String, u32>) -> String {
    map.iter()
        .map(|(k, n)| format!("{k}:{n}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn local(t: Timestamp) -> String {
    Zoned::new(t, zone()).strftime("%m-%d %H:%M").to_string()
}

fn tally(t: &Tally) -> String {
    let mut out = vec![format!("sat {}", hm(t.sitting_s))];
    if let Some(l) = t.longest {
        out.push(format!(
            "longest {} from {}",
            hm(l.length_s),
            local(l.start)
        ));
    }
    let b = &t.breaks;
    if b.total > 0 {
        let mut what = vec![];
        if b.done > 0 {
            what.push(format!("done:{}", b.done));
        }
        if b.natural > 0 {
            what.push(counts(&b.natural_by_cause));
        }
        out.push(format!("breaks {} ({})", b.total, what.join(",")));
    }
    let r = &t.reminders;
    if r.raised > 0 || r.snoozed > 0 {
        let mut what = vec![];
        for (name, n) in [
            ("done", r.done),
            ("skipped", r.skipped),
            ("taken", r.taken_away),
            ("unanswered", r.unanswered),
            ("snoozed", r.snoozed),
        ] {
            if n > 0 {
                what.push(format!("{name}:{n}"));
            }
        }
        out.push(format!("reminders {} ({})", r.raised, what.join(",")));
    }
    if !t.areas.is_empty() {
        out.push(format!("areas {}", counts(&t.areas)));
    }
    if let Some(every) = t.moved_every_s {
        out.push(format!("moved every {}", hm(every)));
    }
    out.join(" · ")
}

/// Days with something in them, the weeks, the streak.
fn show(report: &Report) -> String {
    let mut lines: Vec<String> = report
        .days
        .iter()
        .filter(|d| d.tally != Tally::default())
        .map(|d| {
            let goal = if d.goal_met { " · goal" } else { "" };
            format!("{} {}{goal}", d.date, tally(&d.tally))
        })
        .collect();
    for week in &report.weeks {
        lines.push(format!(
            "week {} {} · goal days {}",
            week.start,
            tally(&week.tally),
            week.goal_days
        ));
    }
    lines.push(format!(
        "streak {} longest {}",
        report.streak.current, report.streak.longest
    ));
    lines.join("\n")
}

/// Compares the report on a log with the expected lines (indentation and blank lines ignored).
macro_rules! expect_report {
    ($got:expr, $expected:expr) => {{
        let got: String = $got;
        let expected: Vec<&str> = $expected
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(got, expected.join("\n"), "\n--- got:\n{got}\n");
    }};
}
use expect_report;
