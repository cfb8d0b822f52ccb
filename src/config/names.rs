//! The names the config accepts for places, equipment, kinds and areas.
//!
//! The names come from the enums' own serde derives, so the config and every other file that
//! names them (exercise files, history) agree, and a variant added to an enum is accepted and
//! listed in error messages without touching this module.

use serde::de::value::{Error, StrDeserializer};
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Reads one name, as serde would from any file.
pub(super) fn parse<'de, T: Deserialize<'de>>(name: &'de str) -> Option<T> {
    T::deserialize(StrDeserializer::<Error>::new(name)).ok()
}

/// Every name `T` accepts, in declaration order.
///
/// A derived enum deserializer hands its variant names to `deserialize_enum`; this asks for an
/// enum and keeps the names instead of reading anything.
pub(super) fn all<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut names: &'static [&'static str] = &[];
    // The error is expected: nothing is read, only the names are kept.
    let _ = T::deserialize(VariantNames { names: &mut names });
    names
}

/// `all::<T>()` as a message fragment: `desk, wall, doorway`.
pub(super) fn listed<'de, T: Deserialize<'de>>() -> String {
    all::<T>().join(", ")
}

struct VariantNames<'a> {
    names: &'a mut &'static [&'static str],
}

impl<'de> Deserializer<'de> for VariantNames<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::custom("not an enum"))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        *self.names = variants;
        Err(de::Error::custom("only the variant names were wanted"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct identifier
        ignored_any
    }
}
