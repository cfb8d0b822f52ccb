//! What the command line asks the running unknot and what it answers, free of any transport:
//! D-Bus on Linux carries these as strings, a local socket or a named pipe could later.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The longest snooze or pause given as a length: beyond a week it is a typo.
const LONGEST: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// The pause `unknot pause` takes with no argument: the tray's first choice.
pub const DEFAULT_PAUSE: Duration = Duration::from_secs(30 * 60);

/// One request to the running instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Status,
    /// Show the status as a notification: a second launch asks the first to do this.
    Show,
    Stretch,
    /// Done: this exercise, or the open (else upcoming) one.
    Done(Option<String>),
    /// Snooze the open reminder: this long, or the configured snooze.
    Snooze(Option<Duration>),
    Skip,
    /// Open the page of the open (else upcoming) exercise, as the tray's Open exercise does.
    Open,
    Pause(PauseSpec),
    Resume,
    Reload,
    Quit,
}

/// How long to pause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseSpec {
    For(Duration),
    /// Until the next time the local clock shows this hour and minute.
    Until {
        hour: u8,
        minute: u8,
    },
    /// Until the start of the next local day.
    Tomorrow,
    Indefinitely,
}

impl PauseSpec {
    /// The wire form [`parse_pause`] reads back: `30m`, `until 14:30`, `tomorrow`, `indefinitely`.
    pub fn wire(&self) -> String {
        match self {
            PauseSpec::For(d) => humantime::format_duration(*d).to_string(),
            PauseSpec::Until { hour, minute } => format!("until {hour:02}:{minute:02}"),
            PauseSpec::Tomorrow => "tomorrow".into(),
            PauseSpec::Indefinitely => "indefinitely".into(),
        }
    }
}

/// Why a request was not carried out. Either way, nothing changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The request itself is wrong (`snooze 5x`, an unknown exercise): exit 2.
    #[error("{0}")]
    BadArgs(String),
    /// The request is fine but the rules say no (no reminder open, no snooze left): exit 1.
    #[error("{0}")]
    Refused(String),
    /// It took effect, but its record could not be written yet: exit 1.
    #[error("{0}")]
    NotSaved(String),
}

/// A length such as `10m`, `1h 30m` or `90s`: more than nothing and at most a week.
pub fn parse_duration(text: &str) -> Result<Duration, Refusal> {
    let bad = |why: &str| {
        Refusal::BadArgs(format!(
            "{text:?} is not a length of time ({why}); write it like 10m, 1h30m or 90s"
        ))
    };
    let length = humantime::parse_duration(text.trim()).map_err(|e| bad(&e.to_string()))?;
    if length < Duration::from_secs(1) {
        return Err(bad("it must be at least a second"));
    }
    if length > LONGEST {
        return Err(bad("it must be at most a week"));
    }
    Ok(length)
}

/// A local clock time, `HH:MM` on the 24-hour clock.
pub fn parse_clock_time(text: &str) -> Result<(u8, u8), Refusal> {
    let bad = || {
        Refusal::BadArgs(format!(
            "{text:?} is not a time of day; write it as HH:MM, 00:00 to 23:59"
        ))
    };
    let (hour, minute) = text.trim().split_once(':').ok_or_else(bad)?;
    let number = |s: &str, below: u8| -> Option<u8> {
        let digits = (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        s.parse::<u8>().ok().filter(|n| digits && *n < below)
    };
    match (number(hour, 24), number(minute, 60)) {
        (Some(h), Some(m)) if minute.len() == 2 => Ok((h, m)),
        _ => Err(bad()),
    }
}

/// Reads [`PauseSpec::wire`]; the empty string is the default pause.
pub fn parse_pause(text: &str) -> Result<PauseSpec, Refusal> {
    let text = text.trim();
    match text {
        "" => Ok(PauseSpec::For(DEFAULT_PAUSE)),
        "tomorrow" => Ok(PauseSpec::Tomorrow),
        "indefinitely" => Ok(PauseSpec::Indefinitely),
        _ => match text.strip_prefix("until ") {
            Some(time) => {
                let (hour, minute) = parse_clock_time(time)?;
                Ok(PauseSpec::Until { hour, minute })
            }
            None => parse_duration(text).map(PauseSpec::For),
        },
    }
}

/// An exercise id as the command line may name one: checked against the library by whoever
/// has it; this only refuses what can never be an id.
pub fn check_exercise_id(id: &str) -> Result<(), Refusal> {
    let fine = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if fine {
        Ok(())
    } else {
        Err(Refusal::BadArgs(format!(
            "{id:?} is not an exercise id (see `unknot exercises`)"
        )))
    }
}

/// The status as `unknot status --json` prints it and the StatusChanged signal carries it. The
/// first five fields are a waybar custom module's; the rest are the full status. Stable: fields
/// are only ever added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Short text for a bar: `stretch 14:05`, `stretch now`, `snoozed 14:15`, `paused`, `away`.
    pub text: String,
    pub tooltip: String,
    /// The state, for a bar's CSS class.
    pub class: String,
    /// The state again, for a bar's format-icons.
    pub alt: String,
    /// Sitting time as a share of `every_s`, 0–100, as of `at`.
    pub percentage: u8,
    /// `sitting`, `reminding`, `held`, `snoozed`, `paused` or `away`.
    pub state: String,
    /// When this snapshot was taken (RFC 3339).
    pub at: String,
    /// Sitting time at `at`, whole minutes, in seconds.
    pub sitting_s: u64,
    /// Where sitting time counts from; `null` while away.
    pub sitting_since: Option<String>,
    /// When the next reminder comes by itself; `null` while one is open, paused or away.
    pub next_reminder: Option<String>,
    pub snoozed_until: Option<String>,
    /// Set while paused; `null` with `state` `paused` means until resumed.
    pub paused_until: Option<String>,
    pub away_since: Option<String>,
    /// Since when a due reminder waits (`state` `held`).
    #[serde(default)]
    pub held_since: Option<String>,
    /// What asks for quiet now, the strongest first: `camera`, `fullscreen`,
    /// `do_not_disturb`, `schedule` (outside the user's hours).
    #[serde(default)]
    pub quiet: Vec<String>,
    /// The routine open or snoozed, its exercise ids in order; empty otherwise.
    #[serde(default)]
    pub routine: Vec<String>,
    /// The exercise open, snoozed or up next (its id), and its name.
    pub exercise: Option<String>,
    pub exercise_name: Option<String>,
    /// Whether Snooze is still allowed for the open reminder.
    pub can_snooze: bool,
    /// The reminder interval, in seconds.
    pub every_s: u64,
    /// Where keyboard and mouse idle time comes from (as `unknot doctor` names it), or `none`.
    pub idle_source: String,
    /// `done` records today (local time).
    pub done_today: u32,
    pub pid: u32,
    pub config_file: String,
    pub history_file: String,
}

impl Snapshot {
    /// Whether `other` differs in anything a bar shows that does not follow from the passing
    /// of time alone: that is when StatusChanged is sent.
    pub fn differs_from(&self, other: &Snapshot) -> bool {
        let mut a = self.clone();
        a.at.clone_from(&other.at);
        a.sitting_s = other.sitting_s;
        a.percentage = other.percentage;
        a != *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_read_and_bad_ones_are_refused() {
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h 30m"), Ok(Duration::from_secs(5400)));
        for bad in ["5x", "", "0s", "8days", "-5m"] {
            assert!(
                matches!(parse_duration(bad), Err(Refusal::BadArgs(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn clock_times_are_hh_mm() {
        assert_eq!(parse_clock_time("14:30"), Ok((14, 30)));
        assert_eq!(parse_clock_time("7:05"), Ok((7, 5)));
        for bad in ["25:00", "12:60", "12", "12:5", "ab:cd", "-1:00", "12:00:00"] {
            assert!(parse_clock_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn pause_specs_round_trip() {
        for spec in [
            PauseSpec::For(Duration::from_secs(5400)),
            PauseSpec::Until { hour: 9, minute: 5 },
            PauseSpec::Tomorrow,
            PauseSpec::Indefinitely,
        ] {
            assert_eq!(parse_pause(&spec.wire()), Ok(spec));
        }
        assert_eq!(parse_pause(""), Ok(PauseSpec::For(DEFAULT_PAUSE)));
        assert!(parse_pause("until 25:00").is_err());
    }

    #[test]
    fn the_passing_of_time_is_no_change() {
        let a = Snapshot {
            state: "sitting".into(),
            sitting_s: 60,
            percentage: 2,
            ..Snapshot::default()
        };
        let mut b = a.clone();
        b.sitting_s = 120;
        b.percentage = 4;
        b.at = "later".into();
        assert!(!a.differs_from(&b));
        b.done_today = 1;
        assert!(a.differs_from(&b));
    }
}
