//! The control interface: the running unknot answers requests from the command line and status
//! bars, and tells followers when its status changes. [`protocol`] is what is said; the
//! transport is D-Bus on Linux ([`server`], [`client`]), and another platform brings its own
//! behind [`Control`].

pub mod protocol;

#[cfg(target_os = "linux")]
pub mod client;
#[cfg(target_os = "linux")]
pub mod server;

use protocol::{Refusal, Request};

/// Why the running instance could not be asked.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No unknot is running for this user (or no session bus to find one on): exit 3.
    #[error("unknot is not running ({0})")]
    NotRunning(String),
    /// The running instance said no: exit 1 or 2.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// Talking to it failed: exit 1.
    #[error("cannot reach the running unknot: {0}")]
    Transport(String),
}

/// What the command line needs from the running instance, whatever carries it.
pub trait Control {
    /// Sends the request; the reply is the one line to print (JSON for status requests).
    fn call(&self, request: &Request) -> Result<String, ClientError>;
    /// Calls `each` with the status now and on every change, until the instance quits for good
    /// or `each` says stop. Pushed, never polled.
    fn follow(&self, each: &mut dyn FnMut(&str) -> bool) -> Result<(), ClientError>;
    /// The running instance's process id, if the transport can tell.
    fn pid(&self) -> Option<u32>;
}
