//! (being written) Lock and sleep from systemd-logind on the system bus, and lock from the
//! session's screensaver where the locker sets no LockedHint.

use crate::driver::Outbox;
use crate::platform::idle::Session;

/// Starts watching for lock and sleep; what it sees goes to `outbox` as presence events.
pub fn start(_session: &Session, _outbox: Outbox) {}

/// For `unknot doctor`: for "lock" and "sleep", where they are seen from (`Ok`), or why not.
pub async fn diagnose(_session: &Session) -> Vec<(String, Result<String, String>)> {
    vec![
        ("lock".into(), Err("not built yet".into())),
        ("sleep".into(), Err("not built yet".into())),
    ]
}
