//! The channels into the event loop: what the tray, the notifications, the file watch and the
//! file dialog send it.

use std::path::PathBuf;

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

use super::ports::Command;
use super::watch::Changed;

/// What reaches the loop from outside, besides the passing of time.
pub struct Inbox {
    pub commands: UnboundedReceiver<Command>,
    pub changes: UnboundedReceiver<Changed>,
    /// Exercise files the user picked to add.
    pub picked: UnboundedReceiver<Pick>,
    pub open_failed: UnboundedReceiver<OpenFailed>,
    /// Reminders the notifications could not put on screen.
    pub not_shown: UnboundedReceiver<NotShown>,
    pub tray_host: UnboundedReceiver<TrayHost>,
}

/// Senders to the loop, for the adapters.
pub struct Outbox {
    pub commands: UnboundedSender<Command>,
    pub changes: UnboundedSender<Changed>,
    pub picked: UnboundedSender<Pick>,
    /// For the opener, which learns only later whether anything opened the file.
    pub open_failed: UnboundedSender<OpenFailed>,
    pub not_shown: UnboundedSender<NotShown>,
    pub tray_host: UnboundedSender<TrayHost>,
}

/// The answer of the file dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    Files(Vec<PathBuf>),
    /// No file dialog could be shown.
    NoDialog,
}

/// A file nothing opened (an exercise page, the config), and why, for the user to open it themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenFailed {
    pub path: PathBuf,
    pub why: String,
}

/// A raised reminder that nobody saw: the notifier says so, and the driver logs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotShown {
    pub exercise: String,
    pub raised: u32,
    pub why: String,
}

/// Whether a tray host (a StatusNotifierWatcher) is there to show the icon and its menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayHost {
    /// None at start, or the one there went away and did not come back.
    Missing,
    /// One appeared after it was missing; the icon is registered with it.
    Found,
}

pub fn mailboxes() -> (Outbox, Inbox) {
    let (commands, commands_rx) = mpsc::unbounded_channel();
    let (changes, changes_rx) = mpsc::unbounded_channel();
    let (picked, picked_rx) = mpsc::unbounded_channel();
    let (open_failed, open_failed_rx) = mpsc::unbounded_channel();
    let (not_shown, not_shown_rx) = mpsc::unbounded_channel();
    let (tray_host, tray_host_rx) = mpsc::unbounded_channel();
    (
        Outbox {
            commands,
            changes,
            picked,
            open_failed,
            not_shown,
            tray_host,
        },
        Inbox {
            commands: commands_rx,
            changes: changes_rx,
            picked: picked_rx,
            open_failed: open_failed_rx,
            not_shown: not_shown_rx,
            tray_host: tray_host_rx,
        },
    )
}
