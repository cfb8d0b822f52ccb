//! The config file as serde reads it, before any value is checked.
//!
//! Only the shape is strict here: tables and key names (unknown keys are errors). Values are
//! kept as loose `toml::Value`s with their place in the file, so that `validate` can point at
//! the offending value and name the key and what it allows, where serde's own type errors only
//! say "expected u32".

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use toml::{Spanned, Value};

/// A value and where it sits in the file.
pub(super) type Raw<T> = Option<Spanned<T>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "snake_case")]
pub(super) struct RawConfig {
    pub breaks: Section<RawBreaks>,
    pub exercises: Section<RawExercises>,
    pub stats: Section<RawStats>,
    pub quiet: Section<RawQuiet>,
    pub schedule: Section<RawSchedule>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "snake_case")]
pub(super) struct RawBreaks {
    pub every: Raw<Value>,
    pub natural_break: Raw<Value>,
    pub snooze: Raw<Value>,
    pub max_snoozes: Raw<Value>,
    pub remind_again: Raw<Value>,
    pub routine_every: Raw<Value>,
    pub daily_limit: Raw<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "snake_case")]
pub(super) struct RawExercises {
    pub places: Raw<RawList>,
    pub equipment: Raw<RawList>,
    pub exclude_kinds: Raw<RawList>,
    pub exclude_areas: Raw<RawList>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "snake_case")]
pub(super) struct RawStats {
    pub daily_goal: Raw<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "snake_case")]
pub(super) struct RawQuiet {
    pub do_not_disturb: Raw<Value>,
    pub fullscreen: Raw<Value>,
    pub camera: Raw<Value>,
    pub camera_devices: Raw<Value>,
    pub grace: Raw<Value>,
}

/// Each day's hours, as lists of "HH:MM-HH:MM"; `weekdays` and `weekend` stand for several
/// days at once, and a day named on its own wins over them.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "snake_case")]
pub(super) struct RawSchedule {
    pub weekdays: Raw<RawList>,
    pub weekend: Raw<RawList>,
    pub monday: Raw<RawList>,
    pub tuesday: Raw<RawList>,
    pub wednesday: Raw<RawList>,
    pub thursday: Raw<RawList>,
    pub friday: Raw<RawList>,
    pub saturday: Raw<RawList>,
    pub sunday: Raw<RawList>,
}

/// A `[table]` of the file.
///
/// Serde's derived structs also accept a list of values, filled in field order, so `[[breaks]]`
/// (an array of tables) would be read as `every = { ... }`. This takes tables only.
#[derive(Debug, Default)]
pub(super) struct Section<T>(pub T);

pub(super) trait Table {
    /// For "expected ..." in the error on a value that is not a table.
    const EXPECTING: &'static str;
}

impl Table for RawBreaks {
    const EXPECTING: &'static str = "a [breaks] table";
}

impl Table for RawExercises {
    const EXPECTING: &'static str = "an [exercises] table";
}

impl Table for RawStats {
    const EXPECTING: &'static str = "a [stats] table";
}

impl Table for RawQuiet {
    const EXPECTING: &'static str = "a [quiet] table";
}

impl Table for RawSchedule {
    const EXPECTING: &'static str = "a [schedule] table";
}

impl<'de, T: Deserialize<'de> + Table> Deserialize<'de> for Section<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(SectionVisitor(PhantomData))
    }
}

struct SectionVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de> + Table> Visitor<'de> for SectionVisitor<T> {
    type Value = Section<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Section<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Section)
    }
}

/// A TOML array whose items keep their own places in the file, so a bad name in a list is
/// pointed at rather than the whole list. (A `toml::Value::Array` forgets its items' spans.)
#[derive(Debug, Default)]
pub(super) struct RawList(pub Vec<Spanned<Value>>);

impl<'de> Deserialize<'de> for RawList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(RawListVisitor)
    }
}

struct RawListVisitor;

impl<'de> Visitor<'de> for RawListVisitor {
    type Value = RawList;

    // Serde's default would say "a sequence"; users write TOML, where that is a bracketed list.
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list in square brackets")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawList, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawList(items))
    }
}
