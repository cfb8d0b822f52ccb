//! What the break rules need to know about an exercise: enough to choose one and to tell whether
//! stepping away covered it. The full description (steps, cautions, pictures) lives in
//! `crate::exercise`, outside the core.

use std::fmt;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Which part of the body an exercise works.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    Chest,
    UpperBack,
    Neck,
    Shoulders,
    Spine,
}

/// What an exercise does. The seeds' rule is "stretch the front, strengthen the back", so the
/// rotation alternates between the opening kinds and `Strengthen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Stretch,
    Strengthen,
    Release,
    Mobility,
    Habit,
}

impl Area {
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Chest => "chest",
            Area::UpperBack => "upper-back",
            Area::Neck => "neck",
            Area::Shoulders => "shoulders",
            Area::Spine => "spine",
        }
    }
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Stretch => "stretch",
            Kind::Strengthen => "strengthen",
            Kind::Release => "release",
            Kind::Mobility => "mobility",
            Kind::Habit => "habit",
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One exercise as the core sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseMeta {
    pub id: String,
    pub kind: Kind,
    pub area: Area,
    /// How long doing it takes; stepping away this long while it is suggested counts as doing it.
    pub duration: Duration,
}
