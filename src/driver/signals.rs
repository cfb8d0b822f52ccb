//! Quitting on SIGTERM (logout, `kill`) and SIGINT (Ctrl-C in a terminal), cleanly.

use std::future::Future;
use std::pin::Pin;

use tokio::signal::unix::{signal, SignalKind};

/// Resolves on SIGTERM or SIGINT.
pub fn quit_signals() -> Pin<Box<dyn Future<Output = ()>>> {
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => Box::pin(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }),
        _ => {
            log::warn!("cannot listen for SIGTERM/SIGINT");
            Box::pin(std::future::pending())
        }
    }
}
