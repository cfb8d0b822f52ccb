//! Reads this computer's answer log, `$XDG_DATA_HOME/unknot/history/<machine>.jsonl`: one JSON object a line,
//! `{"v":1,"ts":"<RFC 3339>","event":"reminded","exercise":"wall-pec-stretch",...}`.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::wait::{wait_until, TIMEOUT};

/// The event names the app writes.
pub const EVENTS: [&str; 15] = unknot::core::Event::NAMES;

pub struct History {
    path: PathBuf,
}

impl History {
    pub fn new(data_home: &Path) -> History {
        History {
            path: data_home
                .join("unknot/history")
                .join(format!("{}.jsonl", unknot::platform::machine_name())),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The raw file, or "" if it doesn't exist yet.
    pub fn raw(&self) -> String {
        std::fs::read_to_string(&self.path).unwrap_or_default()
    }

    /// Every complete line, parsed. A line still being written (no newline yet) is left out;
    /// a complete line that is not JSON fails the test.
    pub fn events(&self) -> Vec<Value> {
        self.try_events().unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Self::events`], with a line that is not JSON as an error.
    pub fn try_events(&self) -> Result<Vec<Value>, String> {
        let raw = self.raw();
        let complete = match raw.rfind('\n') {
            Some(end) => &raw[..end],
            None => "",
        };
        complete
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                serde_json::from_str(line).map_err(|e| {
                    format!(
                        "{} has a line that is not JSON ({e}): {line}",
                        self.path.display()
                    )
                })
            })
            .collect()
    }

    /// How many events there are now: a mark for [`Self::wait_for_event_since`].
    pub fn len(&self) -> usize {
        self.events().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The events called `name`, oldest first.
    pub fn named(&self, name: &str) -> Vec<Value> {
        self.events()
            .into_iter()
            .filter(|e| event_name(e) == name)
            .collect()
    }

    /// The names of all events, oldest first: handy in messages.
    pub fn names(&self) -> Vec<String> {
        self.events()
            .iter()
            .map(|e| event_name(e).to_owned())
            .collect()
    }

    /// The first event called `name`, waiting for it.
    pub fn wait_for_event(&self, name: &str) -> Value {
        self.wait_for_event_since(0, name)
    }

    /// The first event called `name` after the first `since` events, waiting for it.
    pub fn wait_for_event_since(&self, since: usize, name: &str) -> Value {
        self.wait_for_event_at(since, name).1
    }

    /// [`Self::wait_for_event_since`], also returning the event's index (a mark for the next).
    pub fn wait_for_event_at(&self, since: usize, name: &str) -> (usize, Value) {
        wait_until(
            TIMEOUT,
            format!(
                "history event {name:?} (after event #{since}) in {}",
                self.path.display()
            ),
            || {
                self.events()
                    .into_iter()
                    .enumerate()
                    .skip(since)
                    .find(|(_, e)| event_name(e) == name)
            },
        )
    }
}

pub fn event_name(event: &Value) -> &str {
    event["event"].as_str().unwrap_or("")
}

/// The event's `ts`, parsed; panics if it is not RFC 3339.
pub fn timestamp(event: &Value) -> jiff::Timestamp {
    let ts = event["ts"]
        .as_str()
        .unwrap_or_else(|| panic!("history event without a string ts: {event}"));
    ts.parse()
        .unwrap_or_else(|e| panic!("history ts {ts:?} is not RFC 3339 ({e}): {event}"))
}

/// Panics unless `event` has `v` 1, an RFC 3339 `ts` and a known `event` name.
pub fn assert_well_formed(event: &Value) {
    assert_eq!(event["v"], 1, "history event without \"v\": 1: {event}");
    timestamp(event);
    let name = event_name(event);
    assert!(
        EVENTS.contains(&name),
        "history event with unknown name {name:?}: {event}"
    );
    if name == "natural_break" {
        assert!(
            matches!(event["cause"].as_str(), Some("idle" | "lock" | "suspend")),
            "natural_break without a cause of idle, lock or suspend: {event}"
        );
    }
}
