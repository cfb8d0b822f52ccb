//! (being written) Lock and sleep from systemd-logind on the system bus, and lock from the
//! session's screensaver where the locker sets no LockedHint.

use crate::driver::Outbox;
use crate::platform::idle::Session;

/// Starts watching for lock and sleep; what it sees goes to `outbox` as presence events.
pub fn start(_session: &Session, _outbox: Outbox) {}
