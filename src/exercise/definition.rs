//! One exercise, fully described: what the notification and the exercise page show.

use std::fmt::Write as _;
use std::time::Duration;

use serde::{Serialize, Serializer};

use super::{Equipment, Place};
use crate::core::{Area, ExerciseMeta, Kind};

/// An exercise as read from its file and validated (see `parse`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exercise {
    pub id: String,
    pub name: String,
    /// One line for the notification body.
    pub cue: String,
    pub kind: Kind,
    pub area: Area,
    pub places: Vec<Place>,
    pub equipment: Vec<Equipment>,
    /// How long one go takes in all, rests and both sides included.
    #[serde(serialize_with = "humantime_str")]
    pub duration: Duration,
    pub reps: Option<u32>,
    pub sets: Option<u32>,
    #[serde(serialize_with = "humantime_opt")]
    pub hold: Option<Duration>,
    pub per_side: bool,
    pub steps: Vec<String>,
    pub cautions: Vec<String>,
    /// The title of the article the exercise comes from.
    pub source: String,
    /// The name of its picture, `icons/exercises/<name>.svg`; the id unless the file says otherwise.
    pub illustration: String,
}

impl Exercise {
    pub fn meta(&self) -> ExerciseMeta {
        ExerciseMeta {
            id: self.id.clone(),
            kind: self.kind,
            area: self.area,
            duration: self.duration,
        }
    }

    /// The name of its picture, `icons/exercises/<name>.svg`.
    pub fn illustration_name(&self) -> &str {
        &self.illustration
    }

    /// How much to do, for a line of a notification: "10 reps × 2 sets, each side",
    /// "hold 30 s, 3 times", "about 1 min".
    pub fn dose(&self) -> String {
        let sets = self.sets.filter(|&n| n > 1);
        let mut parts = Vec::new();
        if let Some(reps) = self.reps {
            let mut part = format!("{reps} {}", plural(reps, "rep", "reps"));
            if let Some(sets) = sets {
                let _ = write!(part, " × {sets} sets");
            }
            parts.push(part);
        }
        if let Some(hold) = self.hold {
            let mut part = format!("hold {}", short_duration(hold));
            if self.reps.is_some() {
                part.push_str(" each");
            } else if let Some(sets) = sets {
                let _ = write!(part, ", {sets} times");
            }
            parts.push(part);
        }
        if parts.is_empty() {
            parts.push(format!("about {}", short_duration(self.duration)));
        }
        if self.per_side {
            parts.push("each side".to_owned());
        }
        parts.join(", ")
    }
}

fn plural<'a>(n: u32, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// "45 s", "1 min", "1 min 30 s": humantime's "1m 30s" reads as code in a notification.
pub fn short_duration(d: Duration) -> String {
    let secs = d.as_secs();
    match (secs / 60, secs % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

fn humantime_str<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&humantime::format_duration(*d))
}

fn humantime_opt<S: Serializer>(d: &Option<Duration>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => humantime_str(d, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise() -> Exercise {
        Exercise {
            id: "x".into(),
            name: "X".into(),
            cue: "Do x.".into(),
            kind: Kind::Stretch,
            area: Area::Chest,
            places: vec![Place::Wall],
            equipment: vec![],
            duration: Duration::from_secs(60),
            reps: None,
            sets: None,
            hold: None,
            per_side: false,
            steps: vec!["a".into(), "b".into()],
            cautions: vec![],
            source: "S".into(),
            illustration: "x".into(),
        }
    }

    #[test]
    fn dose_reads_like_a_sentence() {
        let secs = Duration::from_secs;
        let cases = [
            ((None, None, None, false), "about 1 min"),
            (
                (Some(10), Some(2), None, true),
                "10 reps × 2 sets, each side",
            ),
            ((Some(1), None, None, false), "1 rep"),
            (
                (Some(10), Some(1), Some(secs(5)), false),
                "10 reps, hold 5 s each",
            ),
            ((None, Some(3), Some(secs(30)), false), "hold 30 s, 3 times"),
            (
                (None, None, Some(secs(90)), true),
                "hold 1 min 30 s, each side",
            ),
            ((None, None, None, true), "about 1 min, each side"),
        ];
        for ((reps, sets, hold, per_side), want) in cases {
            let e = Exercise {
                reps,
                sets,
                hold,
                per_side,
                ..exercise()
            };
            assert_eq!(e.dose(), want);
        }
    }

    #[test]
    fn meta_carries_what_the_core_needs() {
        let m = exercise().meta();
        assert_eq!(
            (m.id.as_str(), m.kind, m.area, m.duration),
            ("x", Kind::Stretch, Area::Chest, Duration::from_secs(60))
        );
    }
}
