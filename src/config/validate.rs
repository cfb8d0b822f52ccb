//! From the raw values to a [`Config`]: types, ranges and names, each failure worded as what is
//! wrong and what is allowed.

use std::ops::{Range, RangeInclusive};
use std::time::Duration;

use serde::de::DeserializeOwned;
use toml::Value;

use super::raw::{Raw, RawConfig, RawList};
use super::{names, Config, Stats};
use crate::core::{Area, Kind, Rules};
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
        quiet: Default::default(),
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
        let Some(value) = value else {
            return default;
        };
        let message = match value.get_ref() {
            Value::String(text) => match humantime::parse_duration(text) {
                Ok(duration) if DURATIONS.contains(&duration) => return duration,
                Ok(_) => format!("{key} must be {DURATIONS_TEXT}, got {text:?}"),
                Err(_) => format!(
                    "{key} must be a duration like \"45m\", \"30s\" or \"1h30m\", got {text:?}"
                ),
            },
            other => format!(
                "{key} must be a duration in quotes, like \"45m\", got {}",
                shown(other)
            ),
        };
        self.report(value.span(), message);
        default
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
