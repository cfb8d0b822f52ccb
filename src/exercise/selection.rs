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
        self.excludes(kind, area, places, equipment).is_empty()
    }

    /// Why the `[exercises]` settings leave an exercise out, one reason per setting, worded
    /// after the keys (e.g. "exclude_kinds has release"); empty when it is admitted.
    pub fn excludes(
        &self,
        kind: Kind,
        area: Area,
        places: &[Place],
        equipment: &[Equipment],
    ) -> Vec<String> {
        let mut why = Vec::new();
        if !places.iter().any(|p| self.places.contains(p)) {
            let names: Vec<&str> = places.iter().map(|p| p.as_str()).collect();
            why.push(format!("places has none of {}", names.join(", ")));
        }
        let missing: Vec<&str> = equipment
            .iter()
            .filter(|e| !self.equipment.contains(e))
            .map(|e| e.as_str())
            .collect();
        if !missing.is_empty() {
            why.push(format!("equipment lacks {}", missing.join(", ")));
        }
        if self.exclude_kinds.contains(&kind) {
            why.push(format!("exclude_kinds has {}", kind.as_str()));
        }
        if self.exclude_areas.contains(&area) {
            why.push(format!("exclude_areas has {}", area.as_str()));
        }
        why
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_names_every_setting_that_leaves_an_exercise_out() {
        let selection = Selection {
            places: vec![Place::Desk],
            equipment: vec![Equipment::Band],
            exclude_kinds: vec![Kind::Release],
            exclude_areas: vec![Area::Neck],
        };
        assert_eq!(
            selection.excludes(
                Kind::Release,
                Area::Neck,
                &[Place::Wall, Place::Floor],
                &[Equipment::Ball, Equipment::Band]
            ),
            [
                "places has none of wall, floor",
                "equipment lacks ball",
                "exclude_kinds has release",
                "exclude_areas has neck",
            ]
        );
        let fits = (Kind::Stretch, Area::Chest, [Place::Desk], [Equipment::Band]);
        assert!(selection
            .excludes(fits.0, fits.1, &fits.2, &fits.3)
            .is_empty());
        assert!(selection.admits(fits.0, fits.1, &fits.2, &fits.3));
    }

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
