//! Which exercises fit the user's day: the `[exercises]` table of the config.

use serde::{Deserialize, Serialize};

use crate::core::{Area, Kind};

/// Where an exercise can be done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Place {
    /// Sitting at the desk, or standing right beside it.
    Desk,
    /// Standing with the back or the forearms against a wall.
    Wall,
    Doorway,
    Floor,
    /// Room to stand up and walk a few steps.
    Walking,
}

/// Something an exercise needs besides the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Equipment {
    /// A tennis or massage ball.
    Ball,
    /// A resistance band.
    Band,
    /// A rolled towel or a pool noodle.
    Towel,
}

/// The user's filter over the library. An exercise is eligible when it can be done in one of
/// `places`, needs only `equipment` the user has, and is of no excluded kind or area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields, default)]
pub struct Selection {
    pub places: Vec<Place>,
    pub equipment: Vec<Equipment>,
    pub exclude_kinds: Vec<Kind>,
    pub exclude_areas: Vec<Area>,
}

impl Default for Selection {
    fn default() -> Self {
        Selection {
            places: vec![Place::Desk, Place::Wall, Place::Doorway, Place::Walking],
            equipment: Vec::new(),
            exclude_kinds: Vec::new(),
            exclude_areas: Vec::new(),
        }
    }
}

impl Selection {
    pub fn admits(
        &self,
        kind: Kind,
        area: Area,
        places: &[Place],
        equipment: &[Equipment],
    ) -> bool {
        places.iter().any(|p| self.places.contains(p))
            && equipment.iter().all(|e| self.equipment.contains(e))
            && !self.exclude_kinds.contains(&kind)
            && !self.exclude_areas.contains(&area)
    }
}
