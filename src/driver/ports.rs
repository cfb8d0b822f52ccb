//! The small traits the driver talks to the desktop through, so each desktop (and each test)
//! can bring its own, and the commands the desktop sends back.

use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use super::mailbox::Outbox;
use crate::clock;
use crate::core::Answer;

use super::labels::Headline;
use super::quiet::Camera;

/// The desktop, as the driver sees it.
pub struct Desktop {
    pub clock: Box<dyn Clock>,
    pub tray: Box<dyn Tray>,
    pub notifier: Box<dyn Notifier>,
    pub idle: Box<dyn IdleWatch>,
    pub opener: Box<dyn Opener>,
    pub dialogs: Box<dyn FileDialog>,
    pub camera: Box<dyn Camera>,
}

/// Where "now" comes from: the wall clock in the app, a controllable one in tests.
pub trait Clock {
    fn now(&self) -> SystemTime;
    /// Time since boot, suspend included: what a wall-clock jump is measured against.
    fn since_boot(&self) -> Duration;
}

pub struct WallClock;

impl Clock for WallClock {
    fn now(&self) -> SystemTime {
        clock::now()
    }

    fn since_boot(&self) -> Duration {
        clock::since_boot()
    }
}

/// What the user asked for, from the tray menu or a notification button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Answer(Answer),
    StretchNow,
    OpenExercise,
    Pause(PauseChoice),
    Resume,
    EditSettings,
    ImportExercises,
    ExportHistory,
    Statistics,
    Quit,
}

/// The pause lengths the tray offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseChoice {
    HalfHour,
    Hour,
    UntilTomorrow,
    UntilResumed,
}

/// The tray icon and its menu.
pub trait Tray {
    fn show(&mut self, view: &TrayView);
}

/// What the tray shows, worded for people. Built from the core's [`crate::core::Status`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayView {
    pub look: TrayLook,
    /// The menu's first line, e.g. "Sitting 32 min · stretch in 13 min", worded for the moment
    /// the menu is opened.
    pub headline: Headline,
    /// The tooltip: the exact moment of the next stretch.
    pub tooltip: String,
    pub reminder_open: bool,
    pub can_snooze: bool,
    pub paused: bool,
    /// A routine is open or snoozed: "Open exercise" opens its page.
    pub routine: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrayLook {
    Normal,
    Due,
    Paused,
}

/// A stretch reminder, worded for a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderView {
    pub summary: String,
    pub body: String,
    pub can_snooze: bool,
    /// The exercise id and how many times it has been raised, for a `not_shown` record.
    pub exercise: String,
    pub raised: u32,
}

/// Desktop notifications.
pub trait Notifier {
    /// Shows the reminder, replacing the one on screen if there is one.
    fn remind(&mut self, reminder: &ReminderView);
    /// Takes the reminder off the screen.
    fn close(&mut self);
    /// A one-off message, such as a config error. Plain text: the notifier escapes it where
    /// the server reads markup. One told while no server can show it waits for one.
    fn tell(&mut self, summary: &str, body: &str);
}

/// Whoever watches keyboard and mouse input: the platform's idle task, which pushes
/// [`super::Presence::Idle`] and [`super::Presence::Active`] into the inbox.
pub trait IdleWatch {
    /// From now on, say when there has been no input for `after`, and then at the next input.
    fn watch(&mut self, after: Duration);
}

/// Opens a file with the desktop's default handler.
pub trait Opener {
    fn open(&self, path: &Path);
}

/// Asks the user for files.
pub trait FileDialog {
    /// Shows a dialog for exercise files; the answer comes back through `reply`.
    fn pick_exercise_files(&self, reply: Outbox);
    /// Asks where to save the history export, offering `suggested` as the file name; a chosen
    /// path comes back through `reply` as [`super::ExportTo`], a cancel sends nothing.
    fn pick_export_file(&self, suggested: &str, reply: Outbox);
}

/// Waits until a wall-clock moment.
pub trait Timer {
    fn wait_until(&mut self, deadline: SystemTime) -> Pin<Box<dyn Future<Output = Woken> + '_>>;
}

/// Why a [`Timer`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// The deadline came (or the timer could not tell anything else).
    Deadline,
    /// Someone set the wall clock: the deadline means something else now.
    ClockSet,
}
