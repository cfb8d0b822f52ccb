//! The config file as serde reads it, before any value is checked.
//!
//! Only the shape is strict here: tables and key names (unknown keys are errors). Values are
//! kept as loose `toml::Value`s with their place in the file, so that `validate` can name the
//! key, say what is allowed and point at the offending value, which serde's own type errors do
//! not do.

use std::fmt;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use toml::{Spanned, Value};

/// A value and where it sits in the file.
pub(super) type Raw<T> = Option<Spanned<T>>;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default, rename_all = "snake_case")]
pub(super) struct RawConfig {
    pub breaks: RawBreaks,
    pub exercises: RawExercises,
}

#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    default,
    rename_all = "snake_case",
    expecting = "a [breaks] table"
)]
pub(super) struct RawBreaks {
    pub every: Raw<Value>,
    pub natural_break: Raw<Value>,
    pub snooze: Raw<Value>,
    pub max_snoozes: Raw<Value>,
    pub remind_again: Raw<Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    default,
    rename_all = "snake_case",
    expecting = "an [exercises] table"
)]
pub(super) struct RawExercises {
    pub places: Raw<RawList>,
    pub equipment: Raw<RawList>,
    pub exclude_kinds: Raw<RawList>,
    pub exclude_areas: Raw<RawList>,
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
        f.write_str("a list of names in square brackets")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawList, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(RawList(items))
    }
}
