//! The one inbox of the event loop: everything the tray, the notifications, the opener, the
//! file watch, the file dialog, and the idle, lock, sleep and quiet sources tell it arrives here, in the order it happened.

use std::path::PathBuf;

use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

use super::control::Ask;
use super::ports::Command;
use super::presence::Presence;
use super::quiet::Quiet;
use super::watch::Changed;

/// What reaches the loop from outside, besides the passing of time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The user asked for something, from the tray menu or a notification button.
    Command(Command),
    /// A settings file or the exercise folder changed.
    Changed(Changed),
    /// The file dialog's answer.
    Picked(Pick),
    /// The opener learned only later that nothing opened a file.
    OpenFailed(OpenFailed),
    /// A raised reminder could not be put on screen.
    NotShown(NotShown),
    TrayHost(TrayHost),
    /// A request from the control interface, with where its reply goes.
    Control(Ask),
    /// An idle, lock or sleep source saw something.
    Presence(Presence),
    /// A quiet source saw quiet begin or end, or the camera check answered.
    Quiet(Quiet),
    /// Where the user chose to save the history export.
    ExportTo(ExportTo),
    /// How the export went.
    Exported(Exported),
    StatsPage(StatsPage),
}

pub type Inbox = UnboundedReceiver<Event>;

/// The sending side, one clone for each adapter.
#[derive(Debug, Clone)]
pub struct Outbox(UnboundedSender<Event>);

impl Outbox {
    pub fn send(&self, event: impl Into<Event>) {
        // The receiver is gone only while quitting, when nothing needs telling any more.
        let _ = self.0.send(event.into());
    }

    /// Resolves once the loop is gone (quitting): a task holding a clone of a connection that
    /// owns the app's bus name lets go of it then, so that the name is free at once.
    pub async fn closed(&self) {
        self.0.closed().await;
    }
}

macro_rules! events_from {
    ($($kind:ident),*) => {$(
        impl From<$kind> for Event {
            fn from(value: $kind) -> Event {
                Event::$kind(value)
            }
        }
    )*};
}

events_from!(
    Command, Changed, OpenFailed, NotShown, TrayHost, Presence, Quiet, ExportTo, Exported,
    StatsPage
);

impl From<Ask> for Event {
    fn from(ask: Ask) -> Event {
        Event::Control(ask)
    }
}

impl From<Pick> for Event {
    fn from(pick: Pick) -> Event {
        Event::Picked(pick)
    }
}

/// The answer of the file dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    Files(Vec<PathBuf>),
    /// No file dialog could be shown.
    NoDialog,
}

/// The file the save dialog chose for "Export history…".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportTo(pub PathBuf);

/// An export written off the loop's thread: the file, and how many records of how many
/// computers it holds (lines that did not read are left out and counted), or why it failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub path: PathBuf,
    pub result: Result<ExportCount, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportCount {
    pub records: usize,
    pub computers: usize,
    pub unreadable: usize,
}

/// The Statistics page written off the loop's thread, to open; or why it could not be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsPage(pub Result<PathBuf, String>);

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
    let (tx, rx) = mpsc::unbounded_channel();
    (Outbox(tx), rx)
}
