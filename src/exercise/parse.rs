//! Reading one exercise file, strictly: unknown keys, unknown values, missing fields and values out
//! of range are all errors, each located in the file.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use super::definition::Exercise;
use super::{Equipment, Place};
use crate::core::{Area, Kind};
use crate::diagnostic::Diagnostic;

/// Longest cue that still fits a notification body on one line.
pub const MAX_CUE_CHARS: usize = 90;
const STEPS: std::ops::RangeInclusive<usize> = 2..=6;
/// One go at an exercise is a break, not a workout.
const MAX_DURATION: Duration = Duration::from_secs(30 * 60);
const MAX_REPS: u32 = 100;
const MAX_SETS: u32 = 10;
/// How many fields an enabled exercise must have besides `id`.
const REQUIRED: usize = 9;

/// What one file says about its exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedFile {
    pub id: String,
    /// Byte offset of the id's value, to point at it when another file has the same id.
    pub id_at: usize,
    /// `None` when the file has `enabled = false`: it hides the exercise with that id.
    pub exercise: Option<Exercise>,
}

/// The file as written. Everything but `id` is optional here so that a user's file can be just
/// `id` + `enabled = false`; `validate` then requires the rest of an enabled exercise.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    id: Spanned<String>,
    enabled: Option<bool>,
    name: Option<Spanned<String>>,
    cue: Option<Spanned<String>>,
    kind: Option<Kind>,
    area: Option<Area>,
    places: Option<Spanned<Vec<Place>>>,
    equipment: Option<Vec<Equipment>>,
    duration: Option<Spanned<String>>,
    reps: Option<Spanned<u32>>,
    sets: Option<Spanned<u32>>,
    hold: Option<Spanned<String>>,
    per_side: Option<bool>,
    steps: Option<Spanned<Vec<Spanned<String>>>>,
    cautions: Option<Vec<Spanned<String>>>,
    source: Option<Spanned<String>>,
    illustration: Option<Spanned<String>>,
}

pub(crate) fn parse(path: &Path, text: &str) -> Result<ParsedFile, Diagnostic> {
    let raw: RawExercise =
        toml::from_str(text).map_err(|e| Diagnostic::from_toml(path, text, &e))?;
    Check { path, text }.validate(raw)
}

/// `check` applied to a field when the file has it.
fn present<T, U>(
    field: &Option<T>,
    check: impl FnOnce(&T) -> Result<U, Diagnostic>,
) -> Result<Option<U>, Diagnostic> {
    field.as_ref().map(check).transpose()
}

struct Check<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Check<'_> {
    fn err<T>(&self, value: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(self.path, self.text, value.span().start, message)
    }

    fn validate(&self, raw: RawExercise) -> Result<ParsedFile, Diagnostic> {
        let id = self.name_like("id", &raw.id)?;
        let id_at = raw.id.span().start;

        // Present fields are checked even in a disabled file: a typo there is still a typo.
        let name = present(&raw.name, |v| self.line("name", v))?;
        let cue = present(&raw.cue, |v| self.cue(v))?;
        let places = present(&raw.places, |v| self.places(v))?;
        let duration = present(&raw.duration, |v| self.duration("duration", v))?;
        let reps = present(&raw.reps, |v| self.count("reps", v, MAX_REPS))?;
        let sets = present(&raw.sets, |v| self.count("sets", v, MAX_SETS))?;
        let hold = present(&raw.hold, |v| self.duration("hold", v))?;
        let steps = present(&raw.steps, |v| self.steps(v))?;
        let cautions = present(&raw.cautions, |v| {
            v.iter().map(|c| self.text("a caution", c)).collect()
        })?;
        let source = present(&raw.source, |v| self.line("source", v))?;
        let illustration = present(&raw.illustration, |v| self.name_like("illustration", v))?;
        if let (Some(hold), Some(duration), Some(raw_hold)) = (hold, duration, &raw.hold) {
            if hold > duration {
                return Err(self.err(raw_hold, "hold is longer than the whole duration"));
            }
        }

        if raw.enabled == Some(false) {
            return Ok(ParsedFile {
                id,
                id_at,
                exercise: None,
            });
        }
        let missing: Vec<&str> = [
            ("name", name.is_none()),
            ("cue", cue.is_none()),
            ("kind", raw.kind.is_none()),
            ("area", raw.area.is_none()),
            ("places", places.is_none()),
            ("duration", duration.is_none()),
            ("steps", steps.is_none()),
            ("cautions", cautions.is_none()),
            ("source", source.is_none()),
        ]
        .into_iter()
        .filter_map(|(field, absent)| absent.then_some(field))
        .collect();
        let (
            Some(name),
            Some(cue),
            Some(kind),
            Some(area),
            Some(places),
            Some(duration),
            Some(steps),
            Some(cautions),
            Some(source),
        ) = (
            name, cue, raw.kind, raw.area, places, duration, steps, cautions, source,
        )
        else {
            let (word, list) = match missing.as_slice() {
                [one] => ("field", format!("`{one}`")),
                many => ("fields", format!("`{}`", many.join("`, `"))),
            };
            // The hint is for someone who meant to hide an exercise, not one who forgot a field.
            let hint = if raw.enabled.is_none() && missing.len() == REQUIRED {
                " (a file with only `id` needs `enabled = false` to hide that exercise)"
            } else {
                ""
            };
            return Err(Diagnostic::file(
                self.path,
                format!("missing {word} {list}{hint}"),
            ));
        };
        Ok(ParsedFile {
            exercise: Some(Exercise {
                id: id.clone(),
                name,
                cue,
                kind,
                area,
                places,
                equipment: raw.equipment.unwrap_or_default(),
                duration,
                reps,
                sets,
                hold,
                per_side: raw.per_side.unwrap_or(false),
                steps,
                cautions,
                source,
                illustration: illustration.unwrap_or_else(|| id.clone()),
            }),
            id,
            id_at,
        })
    }

    /// Non-empty text. Steps and cautions may be long; they are shown on the exercise page.
    fn text(&self, what: &str, v: &Spanned<String>) -> Result<String, Diagnostic> {
        let s = v.get_ref().trim();
        if s.is_empty() {
            return Err(self.err(v, format!("{what} is empty")));
        }
        Ok(s.to_owned())
    }

    /// Non-empty text on one line: names and titles are shown in single-line places.
    fn line(&self, what: &str, v: &Spanned<String>) -> Result<String, Diagnostic> {
        let s = self.text(&format!("`{what}`"), v)?;
        if s.contains('\n') {
            return Err(self.err(v, format!("`{what}` must fit on one line")));
        }
        Ok(s)
    }

    fn cue(&self, v: &Spanned<String>) -> Result<String, Diagnostic> {
        let s = self.line("cue", v)?;
        let len = s.chars().count();
        if len > MAX_CUE_CHARS {
            return Err(self.err(
                v,
                format!(
                    "`cue` is {len} characters long; a notification line has room for {MAX_CUE_CHARS}"
                ),
            ));
        }
        Ok(s)
    }

    /// Ids and picture names become file names, so they stay plain.
    fn name_like(&self, what: &str, v: &Spanned<String>) -> Result<String, Diagnostic> {
        let s = v.get_ref();
        let plain = !s.is_empty()
            && !s.starts_with('-')
            && !s.ends_with('-')
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !plain {
            return Err(self.err(
                v,
                format!(
                    "`{what}` {s:?} must be lowercase letters, digits and inner dashes, like \"wall-angels\""
                ),
            ));
        }
        Ok(s.clone())
    }

    fn places(&self, v: &Spanned<Vec<Place>>) -> Result<Vec<Place>, Diagnostic> {
        if v.get_ref().is_empty() {
            return Err(self.err(
                v,
                "`places` is empty; name at least one place, or the exercise is never suggested",
            ));
        }
        Ok(v.get_ref().clone())
    }

    fn duration(&self, what: &str, v: &Spanned<String>) -> Result<Duration, Diagnostic> {
        let s = v.get_ref();
        let d = humantime::parse_duration(s).map_err(|e| {
            // humantime lists every unit it knows; the example at the end says it shorter.
            let why = match e {
                humantime::DurationError::UnknownUnit { unit, .. } => {
                    format!("unknown unit {unit:?}")
                }
                other => other.to_string(),
            };
            self.err(
                v,
                format!(
                    "`{what}` {s:?} is not a duration ({why}); write it like \"30s\" or \"1m30s\""
                ),
            )
        })?;
        if d < Duration::from_secs(1) || d > MAX_DURATION {
            return Err(self.err(v, format!("`{what}` must be between 1s and 30m")));
        }
        Ok(d)
    }

    fn count(&self, what: &str, v: &Spanned<u32>, max: u32) -> Result<u32, Diagnostic> {
        let n = *v.get_ref();
        if n == 0 || n > max {
            return Err(self.err(v, format!("`{what}` must be between 1 and {max}")));
        }
        Ok(n)
    }

    fn steps(&self, v: &Spanned<Vec<Spanned<String>>>) -> Result<Vec<String>, Diagnostic> {
        let n = v.get_ref().len();
        if !STEPS.contains(&n) {
            return Err(self.err(
                v,
                format!(
                    "`steps` has {n}; write {} to {} steps",
                    STEPS.start(),
                    STEPS.end()
                ),
            ));
        }
        v.get_ref().iter().map(|s| self.text("a step", s)).collect()
    }
}

#[cfg(test)]
mod tests;
