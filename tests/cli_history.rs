//! `unknot history` on the real binary: two computers' logs (and 0.1's `history.jsonl` still
//! beside them) merged by time, as a listing, JSON lines and CSV that a CSV reader takes back;
//! `--since` in local time; unreadable lines named and left out; a bad date refused.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

/// The CSV header, as the README documents it.
const COLUMNS: [&str; 17] = [
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

/// This computer, the desk: a morning that runs past midnight UTC into 1 December in Berlin.
const DESK: &str = r#"{"v":1,"ts":"2026-11-30T09:00:00.000+01:00","event":"started","host":"desk"}
{"v":1,"ts":"2026-11-30T09:45:00.000+01:00","event":"reminded","exercise":"chin-tuck","sitting_s":2700,"raised":1,"manual":false}
{"v":1,"ts":"2026-11-30T09:46:00.000+01:00","event":"done","exercise":"chin-tuck","sitting_s":2760}
{"v":1,"ts":"2026-11-30T23:30:00.000+01:00","event":"natural_break","away_s":300,"sitting_s":1800,"cause":"lock"}
{"v":1,"ts":"2026-12-01T00:30:00.000+01:00","event":"snoozed","exercise":"wall-angel","snoozes":1,"until":"2026-12-01T00:40:00.000+01:00"}
{"v":1,"ts":"2026-12-01T00:50:00.000+01:00","event":"stopped","sitting_s":600}
"#;

/// The laptop, used at the same time, with a line torn by a crash and one from a later unknot.
const LAPTOP: &str = r#"{"v":1,"ts":"2026-11-30T09:30:00.000+01:00","event":"started","host":"laptop"}
{"v":1,"ts":"2026-11-30T09:40:00.000+01:00","event":"not_shown","exercise":"doorway-stretch","raised":1,"why":"the server said \"no\", then\nnothing"}
{"v":1,"ts":"2026-11-30T09:41:00.00
{"v":2,"ts":"2026-11-30T09:42:00.000+01:00","event":"done","exercise":"doorway-stretch"}
{"v":1,"ts":"2026-12-01T08:00:00.000Z","event":"skipped","exercise":"doorway-stretch","sitting_s":60}
"#;

/// 0.1's log, not yet moved into the folder: this computer's, as its first record.
const LEGACY: &str = r#"{"v":1,"ts":"2026-11-29T12:00:00.000+01:00","event":"paused"}
"#;

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    /// A data folder with both computers' logs and the legacy log.
    fn with_two_computers() -> Home {
        let home = Home {
            dir: tempfile::Builder::new()
                .prefix("unknot-history-")
                .tempdir()
                .expect("temp dir"),
        };
        let folder = home.history_dir();
        std::fs::create_dir_all(&folder).expect("mkdir history");
        std::fs::write(folder.join(format!("{}.jsonl", desk())), DESK).expect("write desk");
        std::fs::write(folder.join(format!("{LAPTOP_NAME}.jsonl")), LAPTOP).expect("write laptop");
        std::fs::write(home.path("data/unknot/history.jsonl"), LEGACY).expect("write legacy");
        home
    }

    fn empty() -> Home {
        Home {
            dir: tempfile::Builder::new()
                .prefix("unknot-history-")
                .tempdir()
                .expect("temp dir"),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn history_dir(&self) -> PathBuf {
        self.path("data/unknot/history")
    }

    /// `unknot history ARGS` in Berlin time; its exit status, stdout and stderr.
    fn history(&self, args: &[&str]) -> (i32, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_unknot"))
            .arg("history")
            .args(args)
            .env_clear()
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("LANG", "C.UTF-8")
            .env("TZ", "Europe/Berlin")
            .stdin(Stdio::null())
            .output()
            .expect("run unknot history");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            String::from_utf8(output.stderr).expect("UTF-8 stderr"),
        )
    }
}

/// This computer's log name.
fn desk() -> String {
    unknot::platform::machine_name()
}

const LAPTOP_NAME: &str = "bbbb000000000002";

/// Every record of the test logs that reads, oldest first: (time, desk or laptop, event).
const ALL: [(&str, bool, &str); 10] = [
    ("2026-11-29T12:00:00+01:00", true, "paused"),
    ("2026-11-30T09:00:00+01:00", true, "started"),
    ("2026-11-30T09:30:00+01:00", false, "started"),
    ("2026-11-30T09:40:00+01:00", false, "not_shown"),
    ("2026-11-30T09:45:00+01:00", true, "reminded"),
    ("2026-11-30T09:46:00+01:00", true, "done"),
    ("2026-11-30T23:30:00+01:00", true, "natural_break"),
    ("2026-12-01T00:30:00+01:00", true, "snoozed"),
    ("2026-12-01T00:50:00+01:00", true, "stopped"),
    ("2026-12-01T09:00:00+01:00", false, "skipped"),
];

fn all() -> Vec<(String, String, String)> {
    ALL.iter()
        .map(|(ts, on_desk, event)| {
            let machine = if *on_desk { desk() } else { LAPTOP_NAME.into() };
            (ts.to_string(), machine, event.to_string())
        })
        .collect()
}

/// The unreadable lines of the laptop's log, as stderr must name them.
fn problems(home: &Home) -> Vec<String> {
    let laptop = home.history_dir().join(format!("{LAPTOP_NAME}.jsonl"));
    vec![
        format!(
            "{}:3:35: EOF while parsing a string at line 1 column 35",
            laptop.display()
        ),
        format!(
            "{}:4:1: history format v2 is not known to this unknot (v1); the line is kept and left out",
            laptop.display()
        ),
    ]
}

fn csv_rows(text: &str) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header line")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, COLUMNS, "the documented columns, in order");
    reader
        .records()
        .map(|row| row.expect("an RFC 4180 row"))
        .collect()
}

fn column(name: &str) -> usize {
    COLUMNS.iter().position(|c| *c == name).expect("a column")
}

#[test]
fn csv_of_two_computers_reads_back_merged_by_time() {
    let home = Home::with_two_computers();
    let (status, out, err) = home.history(&["--csv"]);
    assert_eq!(status, 0, "{err}");
    assert!(out.contains("\r\n"), "RFC 4180 line ends");
    let rows = csv_rows(&out);
    let seen: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            let cell = |name| r[column(name)].to_owned();
            (cell("time"), cell("machine"), cell("event"))
        })
        .collect();
    assert_eq!(seen, all());

    let row = |event: &str| {
        rows.iter()
            .find(|r| &r[column("event")] == event)
            .unwrap_or_else(|| panic!("no {event} row"))
    };
    let done = row("done");
    assert_eq!(
        (&done[column("exercise")], &done[column("sitting_s")]),
        ("chin-tuck", "2760")
    );
    assert_eq!(&done[column("why")], "", "a field the event lacks is empty");
    let not_shown = row("not_shown");
    assert_eq!(
        &not_shown[column("why")],
        "the server said \"no\", then\nnothing",
        "quotes and line breaks come back as written"
    );
    let natural = row("natural_break");
    assert_eq!(
        (
            &natural[column("away_s")],
            &natural[column("sitting_s")],
            &natural[column("cause")]
        ),
        ("300", "1800", "lock")
    );
    let snoozed = row("snoozed");
    assert_eq!(
        (&snoozed[column("snoozes")], &snoozed[column("until")]),
        ("1", "2026-12-01T00:40:00+01:00")
    );
    assert_eq!(&row("started")[column("host")], "desk");
    assert_eq!(err.lines().collect::<Vec<_>>(), problems(&home));
}

#[test]
fn json_lines_are_the_log_schema_with_the_machine() {
    let home = Home::with_two_computers();
    let (status, out, err) = home.history(&["--json"]);
    assert_eq!(status, 0, "{err}");
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let seen: Vec<(String, String, String)> = lines
        .iter()
        .map(|v| {
            let field = |name: &str| v[name].as_str().unwrap_or("").to_owned();
            (field("ts"), field("machine"), field("event"))
        })
        .collect();
    assert_eq!(seen, all());
    assert!(lines.iter().all(|v| v["v"] == 1));
    let reminded = &lines[4];
    assert_eq!(
        (
            &reminded["exercise"],
            &reminded["sitting_s"],
            &reminded["raised"],
            &reminded["manual"]
        ),
        (
            &Value::from("chin-tuck"),
            &Value::from(2700),
            &Value::from(1),
            &Value::from(false)
        )
    );
    assert_eq!(
        reminded.as_object().map(|o| o.len()),
        Some(8),
        "v, ts, machine, event and its four fields: {reminded}"
    );
    assert_eq!(err.lines().collect::<Vec<_>>(), problems(&home));
}

#[test]
fn since_starts_at_local_midnight() {
    let home = Home::with_two_computers();
    // 00:30 on 1 December in Berlin is 23:30 on the 30th in UTC: a day in UTC would leave
    // the snooze out.
    let (status, out, err) = home.history(&["--since", "2026-12-01", "--json"]);
    assert_eq!(status, 0, "{err}");
    let events: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON")["event"].to_string())
        .collect();
    assert_eq!(events, ["\"snoozed\"", "\"stopped\"", "\"skipped\""]);

    let (status, out, _) = home.history(&["--since", "2026-12-01", "--csv"]);
    assert_eq!(status, 0);
    assert_eq!(csv_rows(&out).len(), 3);
}

#[test]
fn the_listing_names_the_computers_and_says_what_happened() {
    let home = Home::with_two_computers();
    let (status, out, err) = home.history(&[]);
    assert_eq!(status, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), ALL.len(), "one line a record:\n{out}");
    assert_eq!(
        lines[..6],
        [
            "2026-11-29 12:00:00  desk    paused         until resumed",
            "2026-11-30 09:00:00  desk    started        desk",
            "2026-11-30 09:30:00  laptop  started        laptop",
            "2026-11-30 09:40:00  laptop  not_shown      doorway-stretch (raised 1): the server said \"no\", then\\nnothing",
            "2026-11-30 09:45:00  desk    reminded       chin-tuck, sitting 45m",
            "2026-11-30 09:46:00  desk    done           chin-tuck, sitting 46m",
        ]
    );
    assert_eq!(err.lines().collect::<Vec<_>>(), problems(&home));
}

#[test]
fn a_bad_date_is_refused_and_prints_nothing() {
    let home = Home::with_two_computers();
    for bad in ["2026-13-01", "yesterday", "1.12.2026"] {
        let (status, out, err) = home.history(&["--since", bad, "--csv"]);
        assert_eq!(status, 2, "--since {bad}: {err}");
        assert_eq!(out, "");
        assert!(
            err.contains(&format!("invalid value '{bad}' for '--since <DATE>'"))
                && err.contains("expected a date as YYYY-MM-DD"),
            "--since {bad}: {err}"
        );
    }
    let (status, _, err) = home.history(&["--json", "--csv"]);
    assert_eq!(status, 2, "{err}");
}

#[test]
fn no_history_yet_is_an_empty_export() {
    let home = Home::empty();
    let (status, out, err) = home.history(&["--csv"]);
    assert_eq!((status, err.as_str()), (0, ""));
    assert!(csv_rows(&out).is_empty());
    for args in [&[][..], &["--json"]] {
        let (status, out, err) = home.history(args);
        assert_eq!(
            (status, out.as_str(), err.as_str()),
            (0, "", ""),
            "{args:?}"
        );
    }
    assert!(
        !Path::new(&home.history_dir()).exists(),
        "reading made nothing"
    );
}
