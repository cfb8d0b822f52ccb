//! The driver: owns the clock, the timers and the desktop adapters, feeds the core what
//! happens, and carries out the effects it answers with.

mod app;
mod control;
mod export;
mod howto;
mod labels;
mod mailbox;
mod ports;
mod presence;
mod quiet;
mod reload;
mod saving;
mod settings;
mod signals;
mod sleep_timer;
mod statistics;
mod watch;

#[cfg(test)]
mod tests;

pub use app::App;
pub use control::{Ask, Reply, StatusFeed};
pub use labels::Headline;
pub use mailbox::{
    mailboxes, Event, ExportCount, ExportTo, Exported, Inbox, NotShown, OpenFailed, Outbox, Pick,
    StatsPage, TrayHost,
};
pub use ports::{
    Clock, Command, Desktop, FileDialog, IdleWatch, Notifier, Opener, PauseChoice, ReminderView,
    Timer, Tray, TrayLook, TrayView, WallClock, Woken,
};
pub use presence::{Presence, SleepGuard};
pub use quiet::{Camera, NoCamera, Quiet};
pub use sleep_timer::SleepTimer;
pub use watch::{watch, Changed, FileWatch};
