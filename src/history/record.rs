//! One line of `history.jsonl`, as written and read back. The format is versioned (`v`) so a
//! later unknot can read old logs and an old one refuses lines it does not understand.

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::clock;
use crate::core::{Event, Record};

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub v: u32,
    pub ts: String,
    pub event: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exercise: Option<String>,
    /// Sitting time before the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sitting_s: Option<u64>,
    /// Time away from the computer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub away_s: Option<u64>,
    /// How many times this reminder has been raised (1 the first time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raised: Option<u32>,
    /// Raised from "Stretch now" rather than by the timer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manual: Option<bool>,
    /// Snoozes in a row, this one included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snoozes: Option<u32>,
    /// End of a snooze or of a pause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// How long a pause lasted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paused_s: Option<u64>,
    /// Why a reminder was not shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// What kept the user away for a natural break: `idle`, `lock` or `suspend`. Lines written
    /// before unknot could tell have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
}

impl Line {
    pub fn from_record(record: &Record) -> Line {
        let secs = |d: &Duration| Some(d.as_secs());
        let mut line = Line {
            v: VERSION,
            ts: clock::rfc3339(record.at),
            event: record.event.name().to_owned(),
            exercise: record.event.exercise().map(str::to_owned),
            sitting_s: None,
            away_s: None,
            raised: None,
            manual: None,
            snoozes: None,
            until: None,
            paused_s: None,
            why: None,
            cause: None,
        };
        match &record.event {
            Event::Reminded {
                sitting,
                raised,
                manual,
                ..
            } => {
                line.sitting_s = secs(sitting);
                line.raised = Some(*raised);
                line.manual = Some(*manual);
            }
            Event::Done { sitting, .. } | Event::Skipped { sitting, .. } => {
                line.sitting_s = secs(sitting)
            }
            Event::Snoozed { snoozes, until, .. } => {
                line.snoozes = Some(*snoozes);
                line.until = Some(clock::rfc3339(*until));
            }
            Event::Opened { .. } => {}
            Event::Paused { until } => line.until = until.map(clock::rfc3339),
            Event::Resumed { paused_for, manual } => {
                line.paused_s = secs(paused_for);
                line.manual = Some(*manual);
            }
            Event::NaturalBreak {
                away,
                sitting,
                cause,
                ..
            } => {
                line.away_s = secs(away);
                line.sitting_s = secs(sitting);
                line.cause = Some(cause.name().to_owned());
            }
            Event::Suspended { sitting } | Event::Stopped { sitting } => {
                line.sitting_s = sitting.as_ref().and_then(secs)
            }
            Event::Started { .. } => {}
            Event::Returned { away } => line.away_s = secs(away),
            Event::NotShown { raised, why, .. } => {
                line.raised = Some(*raised);
                line.why = Some(why.clone());
            }
        }
        line
    }

    pub fn at(&self) -> Option<SystemTime> {
        clock::parse_rfc3339(&self.ts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Cause;

    #[test]
    fn a_natural_break_says_what_kept_the_user_away() {
        let record = Record {
            at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
            event: Event::NaturalBreak {
                away: Duration::from_secs(600),
                sitting: Duration::from_secs(1800),
                exercise: None,
                cause: Cause::Lock,
            },
        };
        let json = serde_json::to_value(Line::from_record(&record)).expect("serializes");
        assert_eq!(json["event"], "natural_break");
        assert_eq!(json["cause"], "lock");
        assert_eq!(json["away_s"], 600);
    }

    #[test]
    fn a_reminder_not_shown_says_which_raise_and_why() {
        let record = Record {
            at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
            event: Event::NotShown {
                exercise: "chin-tuck".into(),
                raised: 2,
                why: "no notification server".into(),
            },
        };
        let json = serde_json::to_value(Line::from_record(&record)).expect("serializes");
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
}
