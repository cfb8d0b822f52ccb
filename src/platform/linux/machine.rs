//! Which computer this is, for naming its history log in a folder that several computers share
//! (Syncthing, Nextcloud): each appends only to its own file.

use std::fs;

/// A stable name for this computer's log: 16 hex digits derived from the machine id
/// (machine-id(5)), which stays the same across reboots and renames. The id itself is meant to
/// stay private, so only a keyed hash of it is used, as `sd_id128_get_machine_app_specific`
/// does. Without a machine id (a container, a chroot), the host name stands in.
pub fn machine_name() -> String {
    let id = ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|path| {
            let text = fs::read_to_string(path).ok()?;
            let id = text.trim();
            (!id.is_empty()).then(|| id.to_owned())
        })
        .or_else(host_name)
        .unwrap_or_else(|| "this-computer".to_owned());
    format!("{:016x}", fnv1a(&format!("unknot history log\n{id}")))
}

/// The computer's name as people know it (`uname -n`), for telling logs apart in statistics.
pub fn host_name() -> Option<String> {
    let name = rustix::system::uname()
        .nodename()
        .to_string_lossy()
        .into_owned();
    (!name.is_empty()).then_some(name)
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike std's hasher, so the same
/// computer always gets the same file name.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_stable_and_hides_the_id() {
        // The reference values of FNV-1a 64.
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a("a"), 0xaf63_dc4c_8601_ec8c);
        let name = machine_name();
        assert_eq!(name.len(), 16, "{name}");
        assert!(name.bytes().all(|b| b.is_ascii_hexdigit()), "{name}");
        assert_eq!(machine_name(), name);
        let id = fs::read_to_string("/etc/machine-id").unwrap_or_default();
        assert!(id.is_empty() || !id.contains(&name));
    }
}
