use std::path::PathBuf;

use super::*;
use crate::core::{Cause, Reason};
use crate::history::decode;

const T0: u64 = 1_800_000_000;

fn at(secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
}

fn record(secs: u64, event: Event) -> Record {
    Record {
        at: at(secs),
        event,
    }
}

fn min(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

/// Each event once, every optional field set, so every field shows.
fn every_event() -> Vec<Event> {
    let x = || "chin-tuck".to_string();
    vec![
        Event::Started {
            host: "desk".into(),
        },
        Event::Reminded {
            exercise: x(),
            sitting: min(45),
            raised: 2,
            manual: true,
            routine: Vec::new(),
        },
        Event::NotShown {
            exercise: x(),
            raised: 2,
            why: "no notification server".into(),
        },
        Event::Snoozed {
            exercise: x(),
            snoozes: 1,
            until: at(T0 + 600),
        },
        Event::Done {
            exercise: x(),
            sitting: min(46),
            routine: vec![x(), "wall-angels".into()],
        },
        Event::Held {
            reason: Reason::Camera,
            held: min(12),
            exercise: x(),
        },
        Event::DailyLimit { sitting: min(481) },
        Event::Skipped {
            exercise: x(),
            sitting: min(1),
            routine: Vec::new(),
        },
        Event::Opened { exercise: x() },
        Event::Paused {
            until: Some(at(T0 + 3600)),
        },
        Event::Resumed {
            paused_for: min(30),
            manual: false,
        },
        Event::NaturalBreak {
            away: min(5),
            sitting: min(30),
            exercise: Some(x()),
            cause: Some(Cause::Lock),
        },
        Event::Returned { away: min(6) },
        Event::Suspended {
            sitting: Some(min(12)),
        },
        Event::Stopped {
            sitting: Some(min(3)),
        },
    ]
}

fn log(machine: &str, host: Option<&str>, records: Vec<Record>) -> MachineLog {
    MachineLog {
        machine: machine.into(),
        host: host.map(Into::into),
        path: PathBuf::from(format!("/history/{machine}.jsonl")),
        records,
    }
}

/// Two computers, their records interleaved in time.
fn two_computers() -> Logs {
    let desk = (0..every_event().len() as u64)
        .zip(every_event())
        .map(|(i, e)| record(T0 + 120 * i, e))
        .collect();
    let laptop = vec![
        record(
            T0 + 60,
            Event::Done {
                exercise: "wall-angel".into(),
                sitting: min(20),
                routine: Vec::new(),
            },
        ),
        record(
            T0 + 180,
            Event::NotShown {
                exercise: "wall-angel".into(),
                raised: 1,
                why: "D-Bus said \"no\", twice,\nthen nothing".into(),
            },
        ),
    ];
    Logs {
        machines: vec![log("aaaa", Some("desk"), desk), log("bbbb", None, laptop)],
        problems: Vec::new(),
    }
}

#[test]
fn every_field_of_every_event_has_a_column_and_every_column_a_field() {
    let machine = log("aaaa", None, Vec::new());
    let mut used = std::collections::BTreeSet::new();
    for event in every_event() {
        let record = record(T0, event);
        let value = serde_json::to_value(Exported::new(&machine, &record)).expect("serializes");
        for key in value.as_object().expect("an object").keys() {
            let column = if key == "ts" { "time" } else { key.as_str() };
            if key != "v" {
                assert!(
                    CSV_COLUMNS.contains(&column),
                    "{key} of {} has no column",
                    record.event.name()
                );
                used.insert(column.to_owned());
            }
        }
    }
    let unused: Vec<_> = CSV_COLUMNS.iter().filter(|c| !used.contains(**c)).collect();
    assert!(unused.is_empty(), "columns no event fills: {unused:?}");
}

#[test]
fn the_csv_reads_back_with_its_header_merged_by_time() {
    let logs = two_computers();
    let bytes = csv_bytes(&logs).expect("writes");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.starts_with("time,machine,event,exercise,sitting_s,away_s,paused_s,raised,manual,snoozes,until,cause,why,host,routine,reason,held_s\r\n"), "{text}");
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    assert_eq!(
        reader
            .headers()
            .expect("a header")
            .iter()
            .collect::<Vec<_>>(),
        CSV_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), every_event().len() + 2);
    let column = |name| CSV_COLUMNS.iter().position(|c| *c == name).expect(name);
    let times: Vec<SystemTime> = rows
        .iter()
        .map(|r| crate::clock::parse_rfc3339(&r[column("time")]).expect("a time"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "by time: {times:?}");
    let machines: Vec<&str> = rows.iter().map(|r| &r[column("machine")]).collect();
    assert_eq!(&machines[..4], ["aaaa", "bbbb", "aaaa", "bbbb"]);

    let laptop_done = &rows[1];
    assert_eq!(&laptop_done[column("event")], "done");
    assert_eq!(&laptop_done[column("exercise")], "wall-angel");
    assert_eq!(&laptop_done[column("sitting_s")], "1200");
    assert_eq!(&laptop_done[column("why")], "", "no such field: empty");
    let odd = &rows[3];
    assert_eq!(
        &odd[column("why")],
        "D-Bus said \"no\", twice,\nthen nothing",
        "quotes, commas and line breaks survive"
    );
    let reminded = rows
        .iter()
        .find(|r| &r[column("event")] == "reminded")
        .expect("reminded");
    assert_eq!(
        (&reminded[column("raised")], &reminded[column("manual")]),
        ("2", "true")
    );
}

#[test]
fn json_lines_are_the_log_schema_plus_the_machine() {
    let logs = two_computers();
    let mut out = Vec::new();
    write_json_lines(&mut out, &select(&logs, None)).expect("writes");
    let text = String::from_utf8(out).expect("UTF-8");
    let merged = logs.merged();
    assert_eq!(text.lines().count(), merged.len());
    for (line, (machine, record)) in text.lines().zip(merged) {
        let value: Value = serde_json::from_str(line).expect("JSON");
        assert_eq!(value["machine"], machine.machine.as_str(), "{line}");
        assert_eq!(value["v"], 1);
        assert!(
            line.starts_with("{\"v\":1,\"ts\":"),
            "the log's order: {line}"
        );
        assert_eq!(decode(line.as_bytes()).as_ref(), Ok(record), "{line}");
    }
}

#[test]
fn since_leaves_out_what_came_before() {
    let logs = two_computers();
    let all = select(&logs, None).len();
    let later = select(&logs, Some(at(T0 + 180)));
    assert_eq!(later.len(), all - 3, "T0, T0+60 and T0+120 left out");
    assert!(later.iter().all(|(_, r)| r.at >= at(T0 + 180)));
}

#[test]
fn the_listing_reads_as_sentences() {
    let logs = two_computers();
    let mut out = Vec::new();
    write_text(&mut out, &select(&logs, None), &TimeZone::UTC).expect("writes");
    let text = String::from_utf8(out).expect("UTF-8");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[..8],
        [
            "2027-01-15 08:00:00  desk  started        desk",
            "2027-01-15 08:01:00  bbbb  done           wall-angel, sitting 20m",
            "2027-01-15 08:02:00  desk  reminded       chin-tuck, sitting 45m, raised 2 times, by hand",
            "2027-01-15 08:03:00  bbbb  not_shown      wall-angel (raised 1): D-Bus said \"no\", twice,\\nthen nothing",
            "2027-01-15 08:04:00  desk  not_shown      chin-tuck (raised 2): no notification server",
            "2027-01-15 08:06:00  desk  snoozed        chin-tuck until 2027-01-15 08:10, snooze 1 in a row",
            "2027-01-15 08:08:00  desk  done           routine chin-tuck + wall-angels, sitting 46m",
            "2027-01-15 08:10:00  desk  held           chin-tuck waited 12m (camera)",
        ]
    );
}
