//! One line of a history log, as written and read back: `{"v":1,"ts":…,"event":…, fields}`.
//! The event and its fields are [`Event`]'s serde form; this adds the version and the time.
//! The version (`v`) lets a later unknot read old logs, and an older one leave alone the lines
//! it cannot understand rather than misread them.
//!
//! Reading does not go through serde's derive for an internally tagged enum: that buffers
//! every line into an intermediate tree before it can look at the tag, which made reading five
//! years of history (100,000 lines) take several times as long as the one pass here. The one
//! pass reads every field any event has, then [`Line::event`] builds the typed event, asking for
//! exactly the fields that event has. The tests write every event and read it back, so the two
//! directions cannot drift apart.

use std::borrow::Cow;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::clock::wire;
use crate::core::{Cause, Event, Reason, Record};
use crate::text_location::Location;

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Written<'a> {
    v: u32,
    #[serde(with = "wire::moment")]
    ts: SystemTime,
    #[serde(flatten)]
    event: &'a Event,
}

/// A line as read: every field any event has, each there or not.
#[derive(Deserialize)]
struct Line<'a> {
    v: u32,
    #[serde(borrow)]
    ts: Cow<'a, str>,
    #[serde(borrow)]
    event: Cow<'a, str>,
    #[serde(borrow)]
    exercise: Option<Cow<'a, str>>,
    sitting_s: Option<u64>,
    away_s: Option<u64>,
    paused_s: Option<u64>,
    raised: Option<u32>,
    manual: Option<bool>,
    snoozes: Option<u32>,
    #[serde(borrow)]
    until: Option<Cow<'a, str>>,
    cause: Option<Cause>,
    #[serde(borrow)]
    why: Option<Cow<'a, str>>,
    #[serde(borrow)]
    host: Option<Cow<'a, str>>,
    #[serde(borrow)]
    routine: Option<Vec<Cow<'a, str>>>,
    #[serde(borrow)]
    reason: Option<Cow<'a, str>>,
    held_s: Option<u64>,
}

/// Just enough of a line to tell why the whole of it did not read.
#[derive(Deserialize)]
struct Head<'a> {
    v: Option<u32>,
    #[serde(borrow)]
    event: Option<Cow<'a, str>>,
}

impl Line<'_> {
    /// The typed event, or what is wrong with the line (`raw`, for where).
    fn event(self, raw: &[u8]) -> Result<Event, Unread> {
        let secs = Duration::from_secs;
        let text = |value: Option<Cow<'_, str>>, name| need(value, name).map(Cow::into_owned);
        let moment = |value: Cow<'_, str>| moment(raw, "until", &value);
        let routine: Vec<String> = self
            .routine
            .unwrap_or_default()
            .into_iter()
            .map(Cow::into_owned)
            .collect();
        Ok(match self.event.as_ref() {
            "reminded" => Event::Reminded {
                exercise: text(self.exercise, "exercise")?,
                sitting: secs(need(self.sitting_s, "sitting_s")?),
                raised: need(self.raised, "raised")?,
                manual: need(self.manual, "manual")?,
                routine,
            },
            "done" => Event::Done {
                exercise: text(self.exercise, "exercise")?,
                sitting: secs(need(self.sitting_s, "sitting_s")?),
                routine,
            },
            "snoozed" => Event::Snoozed {
                exercise: text(self.exercise, "exercise")?,
                snoozes: need(self.snoozes, "snoozes")?,
                until: moment(need(self.until, "until")?)?,
            },
            "skipped" => Event::Skipped {
                exercise: text(self.exercise, "exercise")?,
                sitting: secs(need(self.sitting_s, "sitting_s")?),
                routine,
            },
            "opened" => Event::Opened {
                exercise: text(self.exercise, "exercise")?,
            },
            "paused" => Event::Paused {
                until: self.until.map(moment).transpose()?,
            },
            "resumed" => Event::Resumed {
                paused_for: secs(need(self.paused_s, "paused_s")?),
                manual: need(self.manual, "manual")?,
            },
            "natural_break" => Event::NaturalBreak {
                away: secs(need(self.away_s, "away_s")?),
                sitting: secs(need(self.sitting_s, "sitting_s")?),
                exercise: self.exercise.map(Cow::into_owned),
                cause: self.cause,
            },
            "suspended" => Event::Suspended {
                sitting: self.sitting_s.map(secs),
            },
            "returned" => Event::Returned {
                away: secs(need(self.away_s, "away_s")?),
            },
            "not_shown" => Event::NotShown {
                exercise: text(self.exercise, "exercise")?,
                raised: need(self.raised, "raised")?,
                why: text(self.why, "why")?,
            },
            "started" => Event::Started {
                host: self.host.map(Cow::into_owned).unwrap_or_default(),
            },
            "stopped" => Event::Stopped {
                sitting: self.sitting_s.map(secs),
            },
            "held" => Event::Held {
                reason: {
                    let name = need(self.reason, "reason")?;
                    Reason::from_name(&name).ok_or_else(|| Unread::Bad {
                        column: value_column(raw, "reason"),
                        message: format!("unknown reason {name:?}"),
                    })?
                },
                held: secs(need(self.held_s, "held_s")?),
                exercise: text(self.exercise, "exercise")?,
            },
            "daily_limit" => Event::DailyLimit {
                sitting: secs(need(self.sitting_s, "sitting_s")?),
            },
            other => return Err(Unread::Event(other.to_owned())),
        })
    }
}

fn need<T>(value: Option<T>, name: &str) -> Result<T, Unread> {
    value.ok_or_else(|| Unread::Bad {
        column: 1,
        message: format!("missing field `{name}`"),
    })
}

/// The time in field `key`, or an error pointing at its value.
fn moment(raw: &[u8], key: &str, value: &str) -> Result<SystemTime, Unread> {
    crate::clock::parse_rfc3339(value).ok_or_else(|| Unread::Bad {
        column: value_column(raw, key),
        message: format!("unreadable time {value:?}"),
    })
}

/// The 1-based column (in characters) where the value of `key` starts; 1 if not found.
fn value_column(raw: &[u8], key: &str) -> usize {
    let text = String::from_utf8_lossy(raw);
    let quoted = format!("\"{key}\"");
    let start = text.find(&quoted).and_then(|at| {
        let colon = at + quoted.len() + text[at + quoted.len()..].find(':')?;
        let rest = &text[colon + 1..];
        Some(colon + 1 + rest.len() - rest.trim_start().len())
    });
    start.map_or(1, |at| text[..at].chars().count() + 1)
}

/// Why a line was not read. The line itself stays in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unread {
    /// Written by a later unknot in a format this one does not know.
    Version(u32),
    /// An event this unknot does not know, in a format it does: from a later unknot, or typed
    /// by hand.
    Event(String),
    /// Not a record: torn by a crash, or mangled. `column` is 1-based.
    Bad { column: usize, message: String },
}

impl Unread {
    pub fn column(&self) -> usize {
        match self {
            Unread::Bad { column, .. } => *column,
            Unread::Version(_) | Unread::Event(_) => 1,
        }
    }

    pub fn message(&self) -> String {
        match self {
            Unread::Version(v) => format!(
                "history format v{v} is not known to this unknot (v{VERSION}); the line is kept \
                 and left out"
            ),
            Unread::Event(name) => format!(
                "unknown event {name:?} (from a newer unknot?); lines like it are kept and left \
                 out"
            ),
            Unread::Bad { message, .. } => message.clone(),
        }
    }
}

/// The line for `record`, without its newline.
pub fn encode(record: &Record) -> serde_json::Result<String> {
    serde_json::to_string(&Written {
        v: VERSION,
        ts: record.at,
        event: &record.event,
    })
}

/// Reads one line (without its newline).
pub fn decode(raw: &[u8]) -> Result<Record, Unread> {
    // Checked whole (which is fast) rather than string by string as serde_json's `from_slice`
    // does, which costs a quarter of the time reading takes.
    let text = std::str::from_utf8(raw).map_err(|e| Unread::Bad {
        column: Location::of_invalid_utf8(raw, &e).column(),
        message: "not UTF-8".to_owned(),
    })?;
    let line = serde_json::from_str::<Line>(text).map_err(|e| why_unread(raw, &e))?;
    if line.v != VERSION {
        return Err(Unread::Version(line.v));
    }
    let at = moment(raw, "ts", &line.ts)?;
    Ok(Record {
        at,
        event: line.event(raw)?,
    })
}

/// A line that failed to read may be sound JSON from a later unknot: a version or an event
/// this one does not know is said as such, not as a syntax error.
fn why_unread(raw: &[u8], error: &serde_json::Error) -> Unread {
    if let Ok(head) = serde_json::from_slice::<Head>(raw) {
        match (head.v, head.event) {
            (Some(v), _) if v != VERSION => return Unread::Version(v),
            (Some(_), Some(name)) if !Event::NAMES.contains(&name.as_ref()) => {
                return Unread::Event(name.into_owned())
            }
            _ => {}
        }
    }
    Unread::Bad {
        column: error.column().max(1),
        message: error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::core::Cause;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn json(event: Event) -> serde_json::Value {
        let line = encode(&Record {
            at: at(1_800_000_000),
            event,
        })
        .expect("encodes");
        serde_json::from_str(&line).expect("JSON")
    }

    #[test]
    fn a_natural_break_says_what_kept_the_user_away() {
        let json = json(Event::NaturalBreak {
            away: Duration::from_secs(600),
            sitting: Duration::from_secs(1800),
            exercise: None,
            cause: Some(Cause::Lock),
        });
        assert_eq!(json["event"], "natural_break");
        assert_eq!(json["cause"], "lock");
        assert_eq!(json["away_s"], 600);
    }

    #[test]
    fn a_reminder_not_shown_says_which_raise_and_why() {
        let json = json(Event::NotShown {
            exercise: "chin-tuck".into(),
            raised: 2,
            why: "no notification server".into(),
        });
        assert_eq!(json["event"], "not_shown");
        assert_eq!(json["exercise"], "chin-tuck");
        assert_eq!(json["raised"], 2);
        assert_eq!(json["why"], "no notification server");
        assert_eq!(
            json.as_object().map(|o| o.len()),
            Some(6),
            "v, ts, event, exercise, raised, why and nothing else: {json}"
        );
    }

    /// Lines as the first builds wrote them, field for field, read as before.
    #[test]
    fn version_1_lines_from_earlier_builds_read_exactly() {
        let lines = [
            (
                r#"{"v":1,"ts":"2026-11-21T09:15:02.120+01:00","event":"reminded","exercise":"chin-tuck","sitting_s":2700,"raised":1,"manual":false}"#,
                Event::Reminded {
                    exercise: "chin-tuck".into(),
                    sitting: Duration::from_secs(2700),
                    raised: 1,
                    manual: false,
                    routine: Vec::new(),
                },
            ),
            (
                r#"{"v":1,"ts":"2026-11-21T09:20:00.000+01:00","event":"snoozed","exercise":"chin-tuck","snoozes":1,"until":"2026-11-21T09:30:00.000+01:00"}"#,
                Event::Snoozed {
                    exercise: "chin-tuck".into(),
                    snoozes: 1,
                    until: at(1_795_249_800),
                },
            ),
            (
                r#"{"v":1,"ts":"2026-11-21T10:00:00.000+01:00","event":"natural_break","sitting_s":1800,"away_s":300}"#,
                Event::NaturalBreak {
                    away: Duration::from_secs(300),
                    sitting: Duration::from_secs(1800),
                    exercise: None,
                    cause: None,
                },
            ),
            (
                r#"{"v":1,"ts":"2026-11-21T10:05:00.000+01:00","event":"paused"}"#,
                Event::Paused { until: None },
            ),
            (
                r#"{"v":1,"ts":"2026-11-21T10:35:00.000+01:00","event":"resumed","paused_s":1800,"manual":true}"#,
                Event::Resumed {
                    paused_for: Duration::from_secs(1800),
                    manual: true,
                },
            ),
        ];
        for (line, event) in lines {
            let record = decode(line.as_bytes()).expect(line);
            assert_eq!(record.event, event, "{line}");
            // Written again, it reads the same (what the export and the merge rely on).
            let again = encode(&record).expect("encodes");
            assert_eq!(decode(again.as_bytes()), Ok(record), "{again}");
        }
    }

    #[test]
    fn a_later_version_or_an_unknown_event_is_named_not_misread() {
        let future = r#"{"v":2,"ts":"2027-01-15T08:00:00Z","event":"done","exercise":7}"#;
        assert_eq!(decode(future.as_bytes()), Err(Unread::Version(2)));
        let unknown = r#"{"v":1,"ts":"2027-01-15T08:00:00Z","event":"levitated","height_m":2}"#;
        assert_eq!(
            decode(unknown.as_bytes()),
            Err(Unread::Event("levitated".into()))
        );
        let latin1 = b"{\"v\":1,\"ts\":\"2027-01-15T08:00:00Z\",\"event\":\"opened\",\"exercise\":\"caf\xe9\"}";
        assert_eq!(
            decode(latin1),
            Err(Unread::Bad {
                column: 68,
                message: "not UTF-8".into()
            })
        );
        let missing = r#"{"v":1,"ts":"2027-01-15T08:00:00Z","event":"done"}"#;
        assert!(matches!(
            decode(missing.as_bytes()),
            Err(Unread::Bad { message, .. }) if message.contains("missing field `exercise`")
        ));
    }

    #[test]
    fn every_event_is_written_under_its_listed_name_and_reads_back() {
        let d = Duration::from_secs(60);
        let x = || "chin-tuck".to_string();
        let events = [
            Event::Reminded {
                exercise: x(),
                sitting: d,
                raised: 1,
                manual: true,
                routine: Vec::new(),
            },
            Event::Done {
                exercise: x(),
                sitting: d,
                routine: vec![x(), "wall-angels".into(), "drink-water".into()],
            },
            Event::Snoozed {
                exercise: x(),
                snoozes: 2,
                until: at(1_800_000_600),
            },
            Event::Skipped {
                exercise: x(),
                sitting: d,
                routine: Vec::new(),
            },
            Event::Opened { exercise: x() },
            Event::Paused {
                until: Some(at(1_800_003_600)),
            },
            Event::Resumed {
                paused_for: d,
                manual: false,
            },
            Event::NaturalBreak {
                away: d,
                sitting: d,
                exercise: Some(x()),
                cause: Some(Cause::Suspend),
            },
            Event::Returned { away: d },
            Event::NotShown {
                exercise: x(),
                raised: 1,
                why: "none".into(),
            },
            Event::Suspended { sitting: Some(d) },
            Event::Started {
                host: "desk".into(),
            },
            Event::Stopped { sitting: None },
            Event::Held {
                reason: Reason::Fullscreen,
                held: d,
                exercise: x(),
            },
            Event::DailyLimit { sitting: d },
        ];
        let names: Vec<&str> = events.iter().map(Event::name).collect();
        assert_eq!(names, Event::NAMES);
        for event in events {
            assert_eq!(json(event.clone())["event"], event.name());
            let record = Record {
                at: at(1_800_000_000),
                event,
            };
            let line = encode(&record).expect("encodes");
            assert_eq!(decode(line.as_bytes()), Ok(record), "{line}");
        }
    }
}
