//! GNOME's do-not-disturb: `org.gnome.desktop.notifications` `show-banners` is false.
//!
//! Not through the settings portal: xdg-desktop-portal answers `Settings.Read` from its
//! backends, and neither xdg-desktop-portal-gnome nor -gtk (Debian 12's, nor their newest)
//! serves `org.gnome.desktop.notifications`; they serve a fixed list of schemas (interface,
//! a11y, sound, privacy, …), so the portal answers NotFound. So the key is read where
//! GSettings itself reads it, dconf's user database (a GVDB file), and a change is heard as
//! dconf-service's `Notify` signal, sent on the session bus for every write. No GIO is linked.

use std::path::{Path, PathBuf};

use zbus::message::Type;
use zbus::{MatchRule, Message};

use super::gvdb;

pub const NAME: &str = "GNOME (show-banners, read from dconf)";
const KEY: &str = "/org/gnome/desktop/notifications/show-banners";
const WRITER: &str = "ca.desrt.dconf";
const WRITER_INTERFACE: &str = "ca.desrt.dconf.Writer";
/// The writer of the `user` database, the one of the default profile.
const WRITER_PATH: &str = "/ca/desrt/dconf/Writer/user";

/// The user's dconf database: `$XDG_CONFIG_HOME/dconf/user`, else `~/.config/dconf/user`.
pub fn database() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".config")))?;
    Some(config.join("dconf").join("user"))
}

/// Whether do-not-disturb is on: `Ok(None)` when there is no dconf database (no GNOME
/// settings at all), `Ok(Some(false))` when the key is not set (banners show by default).
pub fn read(database: Option<&Path>) -> Result<Option<bool>, String> {
    let Some(path) = database else {
        return Err("neither XDG_CONFIG_HOME nor HOME is set".into());
    };
    let file = match std::fs::read(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {} ({e})", path.display())),
    };
    match gvdb::read_bool(&file, KEY) {
        Ok(banners) => Ok(Some(banners == Some(false))),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// dconf-service's `Notify(prefix, changes, tag)` for the user database. The bus's own
/// `arg0path` would filter by key, but zbus checks each rule again on our side and compares
/// such arguments as object paths, which a dconf prefix is not: [`touches_key`] filters.
pub fn writes() -> zbus::Result<MatchRule<'static>> {
    Ok(MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(WRITER)?
        .path(WRITER_PATH)?
        .interface(WRITER_INTERFACE)?
        .member("Notify")?
        .build())
}

/// Whether a `Notify` may have changed show-banners: its prefix is the key, or a folder
/// holding it (`dconf reset -f /org/gnome/`).
pub fn touches_key(msg: &Message) -> bool {
    let body = msg.body();
    match body.deserialize::<(&str, Vec<&str>, &str)>() {
        Ok((prefix, changes, _tag)) => changes.iter().any(|change| {
            let changed = format!("{prefix}{change}");
            changed == KEY || (changed.ends_with('/') && KEY.starts_with(&changed))
        }),
        // Read again rather than miss a change told in a form not known here.
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notify(prefix: &str, changes: &[&str]) -> Message {
        Message::signal(WRITER_PATH, WRITER_INTERFACE, "Notify")
            .and_then(|b| b.build(&(prefix, changes.to_vec(), ":1.0:user:0")))
            .expect("a Notify message")
    }

    #[test]
    fn notify_for_the_key_or_a_folder_above_it_touches_it() {
        assert!(touches_key(&notify(KEY, &[""])));
        assert!(touches_key(&notify(
            "/org/gnome/desktop/notifications/",
            &["application-children", "show-banners"]
        )));
        assert!(touches_key(&notify("/org/gnome/", &[""])));
        assert!(touches_key(&notify("/", &[""])));
    }

    #[test]
    fn notify_for_other_keys_does_not() {
        assert!(!touches_key(&notify(
            "/org/gnome/desktop/interface/color-scheme",
            &[""]
        )));
        assert!(!touches_key(&notify(
            "/org/gnome/desktop/notifications/",
            &["show-in-lock-screen"]
        )));
        assert!(!touches_key(&notify(
            "/org/gnome/desktop/notifications/show-banners-extra",
            &[""]
        )));
    }

    #[test]
    fn a_missing_database_is_no_gnome_and_show_banners_false_is_on() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("user");
        assert_eq!(read(Some(&path)), Ok(None));
        std::fs::write(&path, include_bytes!("testdata/show-banners-false.gvdb")).expect("write");
        assert_eq!(read(Some(&path)), Ok(Some(true)));
        std::fs::write(&path, include_bytes!("testdata/show-banners-true.gvdb")).expect("write");
        assert_eq!(read(Some(&path)), Ok(Some(false)));
        std::fs::write(&path, b"not a database").expect("write");
        assert!(read(Some(&path)).is_err());
    }
}
