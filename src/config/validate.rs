//! From the raw values to a [`Config`]: types, ranges and names, each failure worded as what is
//! wrong and what is allowed.

use std::ops::{Range, RangeInclusive};
use std::time::Duration;

use serde::de::DeserializeOwned;
use toml::Value;

use super::raw::{Raw, RawConfig, RawList, RawSchedule};
use super::{hours, names, Config, Quiet, Stats};
use crate::core::{Area, Hours, Kind, QuietRules, Rules, Schedule};
use crate::exercise::{Equipment, Place, Selection};

/// A bad value: what is wrong, and where as a byte range into the file.
#[derive(Debug)]
pub(super) struct Problem {
    pub span: Range<usize>,
    pub message: String,
}

/// Seconds at the bottom so tests and experiments can run a whole cycle quickly; a day at the top
/// because a longer interval is surely a typo ("45h" for "45m") and not a break schedule.
const DURATIONS: RangeInclusive<Duration> =
    Duration::from_secs(1)..=Duration::from_secs(24 * 60 * 60);
/// `DURATIONS` as people write it (humantime would print a day as "1day").
const DURATIONS_TEXT: &str = "between 1s and 24h";

/// More than this many snoozes in a row is no longer a reminder.
const MAX_SNOOZES: RangeInclusive<u32> = 0..=20;

/// A goal of none would make every day a success; more than 50 stretches a day (one every ten
/// minutes for eight hours) is surely a typo.
const DAILY_GOAL: RangeInclusive<u32> = 1..=50;

pub(super) fn validate(raw: RawConfig) -> Result<Config, Problem> {
    let defaults = Config::default();
    let mut check = Checker::default();

    let breaks = raw.breaks.0;
    let rules = Rules {
        every: check.duration("every", breaks.every, defaults.breaks.every),
        natural_break: check.duration(
            "natural_break",
            breaks.natural_break,
            defaults.breaks.natural_break,
        ),
        snooze: check.duration("snooze", breaks.snooze, defaults.breaks.snooze),
        max_snoozes: check.max_snoozes(breaks.max_snoozes, defaults.breaks.max_snoozes),
        remind_again: check.duration(
            "remind_again",
            breaks.remind_again,
            defaults.breaks.remind_again,
        ),
        routine_every: check.duration_or_off(
            "routine_every",
            breaks.routine_every,
            defaults.breaks.routine_every,
        ),
        daily_limit: check.duration_or_off(
            "daily_limit",
            breaks.daily_limit,
            defaults.breaks.daily_limit,
        ),
        quiet: {
            let quiet = &raw.quiet.0;
            let default = defaults.breaks.quiet;
            QuietRules {
                do_not_disturb: check.switch(
                    "do_not_disturb",
                    quiet.do_not_disturb.clone(),
                    default.do_not_disturb,
                ),
                fullscreen: check.switch(
                    "fullscreen",
                    quiet.fullscreen.clone(),
                    default.fullscreen,
                ),
                camera: check.switch("camera", quiet.camera.clone(), default.camera),
                grace: check.duration("grace", quiet.grace.clone(), default.grace),
            }
        },
        schedule: check.schedule(raw.schedule.0),
    };
    let quiet = Quiet {
        camera_devices: check
            .device_glob(raw.quiet.0.camera_devices, defaults.quiet.camera_devices),
    };

    let exercises = raw.exercises.0;
    let defaults = defaults.exercises;
    let selection = Selection {
        places: check.names::<Place>(
            "places",
            "place",
            exercises.places,
            defaults.places,
            Need::AtLeastOne,
        ),
        equipment: check.names::<Equipment>(
            "equipment",
            "equipment",
            exercises.equipment,
            defaults.equipment,
            Need::Any,
        ),
        exclude_kinds: check.names::<Kind>(
            "exclude_kinds",
            "kind",
            exercises.exclude_kinds,
            defaults.exclude_kinds,
            Need::NotEvery,
        ),
        exclude_areas: check.names::<Area>(
            "exclude_areas",
            "area",
            exercises.exclude_areas,
            defaults.exclude_areas,
            Need::NotEvery,
        ),
    };

    let stats = Stats {
        daily_goal: check.whole(
            "daily_goal",
            raw.stats.0.daily_goal,
            Config::default().stats.daily_goal,
            DAILY_GOAL,
        ),
    };

    check.finish(Config {
        breaks: rules,
        exercises: selection,
        stats,
        quiet,
    })
}

/// How many names a list must hold for any exercise to be left to suggest.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Any,
    /// An empty list of places fits no exercise.
    AtLeastOne,
    /// Excluding every kind (or area) leaves no exercise.
    NotEvery,
}

/// Collects every problem, so the one reported can be the first in the file rather than the
/// first this code happens to look at.
#[derive(Default)]
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, span: Range<usize>, message: String) {
        self.problems.push(Problem { span, message });
    }

    fn finish(self, config: Config) -> Result<Config, Problem> {
        match self.problems.into_iter().min_by_key(|p| p.span.start) {
            Some(problem) => Err(problem),
            None => Ok(config),
        }
    }

    fn duration(&mut self, key: &str, value: Raw<Value>, default: Duration) -> Duration {
        match value {
            Some(value) => self.duration_named(key, value, "").unwrap_or(default),
            None => default,
        }
    }

    /// The duration, or `None` with the problem reported. `or` ends the message's list of what
    /// is allowed (` or "off"`).
    fn duration_named(
        &mut self,
        key: &str,
        value: toml::Spanned<Value>,
        or: &str,
    ) -> Option<Duration> {
        let message = match value.get_ref() {
            Value::String(text) => match humantime::parse_duration(text) {
                Ok(duration) if DURATIONS.contains(&duration) => return Some(duration),
                Ok(_) => format!("{key} must be {DURATIONS_TEXT}{or}, got {text:?}"),
                Err(_) => format!(
                    "{key} must be a duration like \"45m\", \"30s\" or \"1h30m\"{or}, got {text:?}"
                ),
            },
            other => format!(
                "{key} must be a duration in quotes, like \"45m\"{or}, got {}",
                shown(other)
            ),
        };
        self.report(value.span(), message);
        None
    }

    /// A duration, or "off" for never.
    fn duration_or_off(
        &mut self,
        key: &str,
        value: Raw<Value>,
        default: Option<Duration>,
    ) -> Option<Duration> {
        match value {
            Some(v) if v.get_ref().as_str() == Some("off") => None,
            Some(v) => self.duration_named(key, v, " or \"off\"").or(default),
            None => default,
        }
    }

    fn switch(&mut self, key: &str, value: Raw<Value>, default: bool) -> bool {
        let Some(value) = value else {
            return default;
        };
        if let Value::Boolean(on) = value.get_ref() {
            return *on;
        }
        let message = format!(
            "{key} must be true or false, got {}",
            shown(value.get_ref())
        );
        self.report(value.span(), message);
        default
    }

    /// A glob of device paths: absolute, so it cannot depend on where unknot was started.
    fn device_glob(&mut self, value: Raw<Value>, default: String) -> String {
        let Some(value) = value else {
            return default;
        };
        match value.get_ref() {
            Value::String(glob) if glob.starts_with('/') => match glob::Pattern::new(glob) {
                Ok(_) => return glob.clone(),
                Err(e) => {
                    let message = format!("camera_devices is no glob ({}): {glob:?}", e.msg);
                    self.report(value.span(), message);
                }
            },
            other => {
                let message = format!(
                    "camera_devices must be an absolute path or glob in quotes, like \"/dev/video*\", got {}",
                    shown(other)
                );
                self.report(value.span(), message);
            }
        }
        default
    }

    /// The `[schedule]` table; left out entirely, reminders may come at any time. Once any
    /// day is given, a day not given (nor covered by `weekdays` or `weekend`) has no hours.
    fn schedule(&mut self, raw: RawSchedule) -> Schedule {
        let RawSchedule {
            weekdays,
            weekend,
            monday,
            tuesday,
            wednesday,
            thursday,
            friday,
            saturday,
            sunday,
        } = raw;
        let days = [
            monday, tuesday, wednesday, thursday, friday, saturday, sunday,
        ];
        if weekdays.is_none() && weekend.is_none() && days.iter().all(Option::is_none) {
            return Schedule::always();
        }
        let weekdays = self.hour_list(weekdays);
        let weekend = self.hour_list(weekend);
        let mut week: [Vec<Hours>; 7] = Default::default();
        for (n, (day, hours)) in days.into_iter().zip(&mut week).enumerate() {
            *hours = match day {
                Some(list) => self.hour_list(Some(list)),
                None if n < 5 => weekdays.clone(),
                None => weekend.clone(),
            };
        }
        Schedule::weekly(week)
    }

    fn hour_list(&mut self, value: Raw<RawList>) -> Vec<Hours> {
        let Some(list) = value else {
            return Vec::new();
        };
        let mut hours = Vec::new();
        for item in list.into_inner().0 {
            let parsed = match item.get_ref() {
                Value::String(text) => hours::parse(text),
                other => Err(format!(
                    "hours must be written in quotes, like \"09:00-17:30\", got {}",
                    shown(other)
                )),
            };
            match parsed {
                Ok(h) => hours.push(h),
                Err(message) => self.report(item.span(), message),
            }
        }
        hours
    }

    fn max_snoozes(&mut self, value: Raw<Value>, default: u32) -> u32 {
        self.whole("max_snoozes", value, default, MAX_SNOOZES)
    }

    fn whole(
        &mut self,
        key: &str,
        value: Raw<Value>,
        default: u32,
        range: RangeInclusive<u32>,
    ) -> u32 {
        let Some(value) = value else {
            return default;
        };
        if let Value::Integer(n) = value.get_ref() {
            if let Some(n) = u32::try_from(*n).ok().filter(|n| range.contains(n)) {
                return n;
            }
        }
        let message = format!(
            "{key} must be a whole number between {} and {}, got {}",
            range.start(),
            range.end(),
            shown(value.get_ref())
        );
        self.report(value.span(), message);
        default
    }

    /// A list of `what` names under `key`, read as `T`'s serde names.
    fn names<T: DeserializeOwned + Ord>(
        &mut self,
        key: &str,
        what: &str,
        value: Raw<RawList>,
        default: Vec<T>,
        need: Need,
    ) -> Vec<T> {
        let Some(list) = value else {
            return default;
        };
        let list_span = list.span();
        let before = self.problems.len();
        let mut chosen = Vec::new();
        for item in list.into_inner().0 {
            match item.get_ref() {
                Value::String(name) => match names::parse::<T>(name) {
                    Some(value) => chosen.push(value),
                    None => self.report(
                        item.span(),
                        format!(
                            "unknown {what} {name:?} in {key}; allowed: {}",
                            names::listed::<T>()
                        ),
                    ),
                },
                other => self.report(
                    item.span(),
                    format!(
                        "{key} must list {what} names in quotes, got {}",
                        shown(other)
                    ),
                ),
            }
        }
        // Counting only makes sense once every item was read.
        if self.problems.len() > before {
            return default;
        }
        let mut distinct: Vec<&T> = chosen.iter().collect();
        distinct.sort();
        distinct.dedup();
        let all = names::listed::<T>();
        match need {
            Need::AtLeastOne if distinct.is_empty() => self.report(
                list_span,
                format!("{key} must name at least one {what}; allowed: {all}"),
            ),
            Need::NotEvery if distinct.len() == names::all::<T>().len() => self.report(
                list_span,
                format!("{key} must not list every {what} ({all}): no exercise would be left"),
            ),
            _ => return chosen,
        }
        default
    }
}

/// A value as the user wrote it, near enough for "got ..." in a message.
fn shown(value: &Value) -> String {
    match value {
        Value::String(text) => format!("{text:?}"),
        Value::Integer(n) => n.to_string(),
        // Debug keeps the ".0", so "got 2.0" explains why 2.0 is not a whole number.
        Value::Float(x) => format!("{x:?}"),
        Value::Boolean(b) => b.to_string(),
        Value::Datetime(datetime) => datetime.to_string(),
        Value::Array(_) => "a list".to_owned(),
        Value::Table(_) => "a table".to_owned(),
    }
}
