//! Just enough of GVDB, the file format of dconf's databases, to read one boolean: GNOME keeps
//! its settings in `$XDG_CONFIG_HOME/dconf/user` in this format, and reading the file is what
//! GSettings itself does (it maps the file; only writes go through dconf-service).
//!
//! A file is a header (signature, version, options, root pointer) and, at the root, a hash
//! table: a header (bloom words, buckets), the bloom words and buckets, then 24-byte items.
//! Each item names its parent item, so a key such as `/org/gnome/desktop/notifications/
//! show-banners` is a chain of items `/`, `org/`, `gnome/`, …, `show-banners`; a value item
//! (type `v`) points at a serialized GVariant of type `v`. A dconf user database holds a few
//! dozen items at most, so the items are simply walked, not hashed.

use thiserror::Error;

const SIGNATURE: &[u8; 8] = b"GVariant";
/// The signature in the other byte order: a database written on a big-endian machine.
const SWAPPED: &[u8; 8] = b"raVGtnai";
const HEADER: usize = 24;
const ITEM: usize = 24;
const NO_PARENT: u32 = u32::MAX;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum GvdbError {
    #[error("not a GVDB file (no GVariant signature)")]
    NotGvdb,
    #[error("written in big-endian byte order, which this reader does not read")]
    BigEndian,
    #[error("damaged: {0}")]
    Damaged(&'static str),
}

/// What the database says of `key`: `Ok(None)` when it does not hold it (the schema's default
/// applies), `Ok(Some(value))` for a boolean. A value of another type counts as not held.
pub fn read_bool(file: &[u8], key: &str) -> Result<Option<bool>, GvdbError> {
    if file.len() < HEADER {
        return Err(GvdbError::NotGvdb);
    }
    if &file[..8] == SWAPPED {
        return Err(GvdbError::BigEndian);
    }
    if &file[..8] != SIGNATURE {
        return Err(GvdbError::NotGvdb);
    }
    let (start, end) = (u32_at(file, 16)?, u32_at(file, 20)?);
    let table = slice(file, start, end).ok_or(GvdbError::Damaged("root pointer"))?;
    if table.is_empty() {
        return Ok(None);
    }
    let bloom_words = u32_at(table, 0)? & ((1 << 27) - 1);
    let buckets = u32_at(table, 4)?;
    // The top 5 bits of the first word are the bloom filter's shift, not the count.
    let words = bloom_words as usize + buckets as usize;
    let items_at = Some(words.saturating_mul(4).saturating_add(8))
        .filter(|at| *at <= table.len())
        .ok_or(GvdbError::Damaged("hash table header"))?;
    let items = &table[items_at..];
    let count = items.len() / ITEM;
    for index in 0..count {
        let item = &items[index * ITEM..(index + 1) * ITEM];
        if item[14] != b'v' || !ends_key(file, items, index, key)? {
            continue;
        }
        let (start, end) = (u32_at(item, 16)?, u32_at(item, 20)?);
        let value = slice(file, start, end).ok_or(GvdbError::Damaged("value pointer"))?;
        return Ok(variant_bool(value));
    }
    Ok(None)
}

/// Whether the chain of names from item `index` up to the root spells `key`.
fn ends_key(file: &[u8], items: &[u8], mut index: usize, key: &str) -> Result<bool, GvdbError> {
    let mut rest = key.as_bytes();
    // A chain longer than the item count loops: a damaged file.
    for _ in 0..=items.len() / ITEM {
        let item = items
            .get(index * ITEM..(index + 1) * ITEM)
            .ok_or(GvdbError::Damaged("parent index"))?;
        let start = u32_at(item, 8)?;
        let size = u16::from_le_bytes([item[12], item[13]]);
        let name = slice(file, start, start.saturating_add(u32::from(size)))
            .ok_or(GvdbError::Damaged("key pointer"))?;
        let Some(before) = rest.strip_suffix(name) else {
            return Ok(false);
        };
        rest = before;
        let parent = u32_at(item, 4)?;
        if parent == NO_PARENT {
            return Ok(rest.is_empty());
        }
        index = parent as usize;
    }
    Err(GvdbError::Damaged("a loop of parents"))
}

/// A serialized GVariant of type `v` holding a boolean: the value's byte, a zero, then the
/// type `b`.
fn variant_bool(value: &[u8]) -> Option<bool> {
    match value {
        [byte, 0, b'b'] => Some(*byte != 0),
        _ => None,
    }
}

fn u32_at(bytes: &[u8], at: usize) -> Result<u32, GvdbError> {
    bytes
        .get(at..at + 4)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or(GvdbError::Damaged("too short"))
}

fn slice(file: &[u8], start: u32, end: u32) -> Option<&[u8]> {
    file.get(start as usize..end as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "/org/gnome/desktop/notifications/show-banners";

    // Written by dconf-service 0.40 (Debian 12) for `gsettings set org.gnome.desktop.
    // notifications show-banners false|true` and `... interface color-scheme prefer-dark`.
    const BANNERS_OFF: &[u8] = include_bytes!("testdata/show-banners-false.gvdb");
    const BANNERS_ON: &[u8] = include_bytes!("testdata/show-banners-true.gvdb");

    #[test]
    fn reads_show_banners_as_dconf_wrote_it() {
        assert_eq!(read_bool(BANNERS_OFF, KEY), Ok(Some(false)));
        assert_eq!(read_bool(BANNERS_ON, KEY), Ok(Some(true)));
    }

    #[test]
    fn a_key_not_in_the_file_is_not_held() {
        assert_eq!(
            read_bool(
                BANNERS_ON,
                "/org/gnome/desktop/notifications/show-in-lock-screen"
            ),
            Ok(None)
        );
        // A directory, and a key whose last name matches but whose path does not.
        assert_eq!(read_bool(BANNERS_ON, "/org/gnome/desktop/"), Ok(None));
        assert_eq!(
            read_bool(BANNERS_ON, "/org/gnome/other/show-banners"),
            Ok(None)
        );
    }

    #[test]
    fn a_value_of_another_type_is_not_a_bool() {
        assert_eq!(
            read_bool(BANNERS_ON, "/org/gnome/desktop/interface/color-scheme"),
            Ok(None)
        );
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        assert_eq!(read_bool(b"", KEY), Err(GvdbError::NotGvdb));
        assert_eq!(read_bool(&[0; 40], KEY), Err(GvdbError::NotGvdb));
        // The root table ends at byte 256 of these files.
        for cut in [24, 30, 100, 200, 255] {
            assert!(read_bool(&BANNERS_ON[..cut], KEY).is_err(), "cut at {cut}");
        }
        let mut swapped = BANNERS_ON.to_vec();
        swapped[..8].copy_from_slice(SWAPPED);
        assert_eq!(read_bool(&swapped, KEY), Err(GvdbError::BigEndian));
        // Every single-byte corruption is read without a panic.
        for at in 8..BANNERS_ON.len() {
            let mut bad = BANNERS_ON.to_vec();
            bad[at] ^= 0xff;
            let _ = read_bool(&bad, KEY);
        }
    }
}
