//! `unknot stats` on a history folder with two computers' logs that overlap: the real binary,
//! its table and its JSON.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::ToSpan;

const ZONE: &str = "Europe/Berlin";

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Home {
        Home {
            dir: tempfile::Builder::new()
                .prefix("unknot-stats-")
                .tempdir()
                .expect("temp dir"),
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    fn log(&self, machine: &str, lines: &[String]) -> PathBuf {
        let dir = self.path("data/unknot/history");
        std::fs::create_dir_all(&dir).expect("mkdir history");
        let path = dir.join(format!("{machine}.jsonl"));
        std::fs::write(&path, lines.join("\n") + "\n").expect("write log");
        path
    }

    /// `unknot ARGS...`: exit status, stdout, stderr.
    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_unknot"))
            .args(args)
            .env_clear()
            .env("HOME", self.path("home"))
            .env("XDG_CONFIG_HOME", self.path("config"))
            .env("XDG_DATA_HOME", self.path("data"))
            .env("XDG_CACHE_HOME", self.path("cache"))
            .env("XDG_RUNTIME_DIR", self.path("runtime"))
            .env("TZ", ZONE)
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .output()
            .expect("run unknot");
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    }
}

fn zone() -> TimeZone {
    TimeZone::get(ZONE).expect("tzdata is installed (apt package tzdata)")
}

/// A log line at `hh:mm` local time on `day`.
fn line(day: Date, hm: &str, rest: &str) -> String {
    let (h, m) = hm.split_once(':').expect("HH:MM");
    let at = day
        .at(h.parse().expect("hour"), m.parse().expect("minute"), 0, 0)
        .to_zoned(zone())
        .expect("a local time");
    format!(
        r#"{{"v":1,"ts":"{}",{rest}}}"#,
        at.timestamp().display_with_offset(at.offset())
    )
}

/// Three days ago, so that a run across midnight still finds it in `--days 7`; never a day the
/// clocks change in the small hours, as the times below are all in daytime.
fn the_day() -> Date {
    let today = jiff::Zoned::now().with_time_zone(zone()).date();
    today.checked_sub(3.days()).expect("a date")
}

/// The desktop is used 09:00–12:00 and 12:30–13:00, the laptop 09:00–09:10, 10:30–12:00 and
/// 12:31–13:00: 3 h 30 min at one or the other. The laptop's natural break at 09:10 fell while
/// the desktop was in use (no break); at 12:00 both were left (one break, by the lock).
fn write_logs(home: &Home, day: Date) -> PathBuf {
    let l = |hm, rest| line(day, hm, rest);
    home.log(
        "desktop",
        &[
            l("09:00", r#""event":"started","host":"desk""#),
            l("09:45", r#""event":"reminded","exercise":"chin-tuck","sitting_s":2700,"raised":1,"manual":false"#),
            l("09:46", r#""event":"done","exercise":"chin-tuck","sitting_s":2760"#),
            l("12:05", r#""event":"natural_break","away_s":300,"sitting_s":8040,"cause":"lock""#),
            l("12:30", r#""event":"returned","away_s":1800"#),
            l("13:00", r#""event":"stopped","sitting_s":1800"#),
        ],
    );
    home.log(
        "laptop",
        &[
            l("09:00", r#""event":"started","host":"lap""#),
            l("09:20", r#""event":"natural_break","away_s":600,"sitting_s":600,"cause":"idle""#),
            l("10:30", r#""event":"returned","away_s":4800"#),
            l("11:15", r#""event":"reminded","exercise":"wall-pec-stretch","sitting_s":2700,"raised":1,"manual":false"#),
            l("11:16", r#""event":"skipped","exercise":"wall-pec-stretch","sitting_s":2760"#),
            l("12:06", r#""event":"natural_break","away_s":360,"sitting_s":3000,"cause":"idle""#),
            l("12:31", r#""event":"returned","away_s":1860"#),
            l("13:00", r#""event":"stopped","sitting_s":1740"#),
            // Torn by a power cut: reported, and the rest still counts.
            r#"{"v":1,"ts":"20"#.to_string(),
        ],
    )
}

#[test]
fn the_table_counts_two_computers_at_once_once() {
    let home = Home::new();
    let day = the_day();
    let laptop = write_logs(&home, day);
    let (code, out, err) = home.run(&["stats", "--days", "7"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        format!(
            "{}:9:15: EOF while parsing a string at line 1 column 15\n",
            laptop.display()
        )
    );
    assert!(
        out.contains("(7 days), on 2 computers: desk, lap\n"),
        "{out}"
    );
    let label = day.strftime("%a %m-%d").to_string();
    let row = out
        .lines()
        .find(|l| l.starts_with(&label))
        .unwrap_or_else(|| panic!("no row for {label}:\n{out}"));
    let cells: Vec<&str> = row[12..].split_whitespace().collect();
    // sitting total and longest, breaks done and natural, reminders raised, done, away,
    // skipped, snoozed, missed, moved every.
    assert_eq!(
        cells,
        ["3h", "30m", "2h", "14m", "1", "1", "2", "1", "0", "1", "0", "0", "1h", "45m"],
        "{out}"
    );
    assert!(
        out.contains("Longest without a break: 2h 14m from "),
        "{out}"
    );
    assert!(out.contains("\nNatural breaks: lock 1.\n"), "{out}");
    assert!(out.contains("\nBody areas: neck 1.\n"), "{out}");
}

#[test]
fn the_json_is_the_report() {
    let home = Home::new();
    let day = the_day();
    write_logs(&home, day);
    let (code, out, err) = home.run(&["stats", "--since", &day.to_string(), "--json"]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["from"], day.to_string());
    assert_eq!(report["daily_goal"], 4);
    assert_eq!(report["machines"], serde_json::json!(["desktop", "laptop"]));
    assert_eq!(
        report["hosts"],
        serde_json::json!({ "desktop": "desk", "laptop": "lap" })
    );
    let first = &report["days"][0];
    assert_eq!(first["date"], day.to_string());
    assert_eq!(first["goal_met"], false);
    let longest_start = day
        .at(9, 46, 0, 0)
        .to_zoned(zone())
        .expect("a local time")
        .timestamp();
    assert_eq!(
        first["tally"],
        serde_json::json!({
            "sitting_s": 12600,
            "longest": { "start": longest_start.to_string(), "length_s": 8040 },
            "breaks": { "total": 2, "done": 1, "natural": 1, "natural_by_cause": { "lock": 1 } },
            "reminders": {
                "raised": 2, "done": 1, "skipped": 1, "snoozed": 0, "taken_away": 0,
                "unanswered": 0
            },
            "exercises": { "chin-tuck": 1 },
            "areas": { "neck": 1 },
            "moved_every_s": 6300
        })
    );
    assert_eq!(report["total"], first["tally"], "nothing on the other days");
    assert_eq!(report["weeks"][0]["tally"]["sitting_s"], 12600);
    assert_eq!(
        report["streak"],
        serde_json::json!({ "current": 0, "longest": 0 })
    );
}

#[test]
fn a_bad_range_is_refused_with_what_is_expected() {
    let home = Home::new();
    let (code, _, err) = home.run(&["stats", "--since", "23.11.2026"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(
            "error: invalid value '23.11.2026' for '--since <DATE>': expected a date as \
             YYYY-MM-DD"
        ),
        "{err}"
    );
    let (code, _, err) = home.run(&["stats", "--days", "0"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: invalid value '0' for '--days <N>': 0 is not in 1..=3660"),
        "{err}"
    );
    let (code, _, err) = home.run(&["stats", "--since", "2999-01-01"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("unknot: --since 2999-01-01 is after today ("),
        "{err}"
    );
    let (code, _, err) = home.run(&["stats", "--today", "--days", "3"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn no_history_yet_is_an_empty_report() {
    let home = Home::new();
    let (code, out, err) = home.run(&["stats", "--today", "--json"]);
    assert_eq!((code, err.as_str()), (0, ""));
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["days"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["total"]["sitting_s"], 0);
    assert_eq!(report["machines"], serde_json::json!([]));
}

/// Statistics read only the end of each log, but a streak is still counted whole: 30 days in a
/// row with the goal met (4 stretches), after a day with 3, ending yesterday. `--today` reads
/// back as far as the streak goes, and a week's figures match those of the whole history.
#[test]
fn a_long_streak_is_counted_whole_from_the_end_of_the_logs() {
    let home = Home::new();
    let today = jiff::Zoned::now().with_time_zone(zone()).date();
    let mut lines = Vec::new();
    for back in (1..=40i64).rev() {
        let day = today.checked_sub(back.days()).expect("a date");
        let stretches = match back {
            31 => 3,
            1..=30 => 4,
            _ => 1,
        };
        lines.push(line(day, "08:00", r#""event":"started","host":"desk""#));
        for n in 0..stretches {
            let hm = format!("{:02}:30", 9 + n);
            lines.push(line(
                day,
                &hm,
                r#""event":"done","exercise":"chin-tuck","sitting_s":1800"#,
            ));
        }
        lines.push(line(day, "17:00", r#""event":"stopped","sitting_s":1800"#));
    }
    home.log("desktop", &lines);

    let streak = |args: &[&str]| {
        let (code, out, err) = home.run(args);
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        report["streak"].clone()
    };
    // Today's goal is not met yet: the streak runs to yesterday, before this range.
    assert_eq!(
        streak(&["stats", "--today", "--json"]),
        serde_json::json!({ "current": 30, "longest": 0 })
    );
    assert_eq!(
        streak(&["stats", "--days", "2", "--json"]),
        serde_json::json!({ "current": 30, "longest": 30 })
    );

    let week = home.run(&["stats", "--days", "7", "--json"]).1;
    let week: serde_json::Value = serde_json::from_str(&week).expect("JSON");
    let first = today.checked_sub(6.days()).expect("a date").to_string();
    let all = home.run(&["stats", "--since", &first, "--json"]).1;
    let all: serde_json::Value = serde_json::from_str(&all).expect("JSON");
    assert_eq!(week, all, "the same range read two ways");
    assert_eq!(week["total"]["breaks"]["done"], 24);
    assert_eq!(week["total"]["sitting_s"], 6 * 9 * 3600);
}
