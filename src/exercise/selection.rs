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

impl Place {
    pub const ALL: [Place; 5] = [
        Place::Desk,
        Place::Wall,
        Place::Doorway,
        Place::Floor,
        Place::Walking,
    ];

    /// The name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Desk => "desk",
            Place::Wall => "wall",
            Place::Doorway => "doorway",
            Place::Floor => "floor",
            Place::Walking => "walking",
        }
    }
}

impl Equipment {
    pub const ALL: [Equipment; 3] = [Equipment::Ball, Equipment::Band, Equipment::Towel];

    /// The name used in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Equipment::Ball => "ball",
            Equipment::Band => "band",
            Equipment::Towel => "towel",
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_the_file_format() {
        for place in Place::ALL {
            let json = serde_json::to_string(&place).expect("serializes");
            assert_eq!(json, format!("\"{}\"", place.as_str()));
        }
        for equipment in Equipment::ALL {
            let json = serde_json::to_string(&equipment).expect("serializes");
            assert_eq!(json, format!("\"{}\"", equipment.as_str()));
        }
    }
}
