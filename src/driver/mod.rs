//! The driver: owns the clock, the timers and the desktop adapters, feeds the core what
//! happens, and carries out the effects it answers with.

mod app;
mod labels;
mod ports;
mod sleep_timer;
mod watch;

#[cfg(test)]
mod tests;

pub use app::{mailboxes, App, Clock, Desktop, Inbox, Outbox, WallClock};
pub use ports::{
    Command, IdleSource, Notifier, Opener, PauseChoice, ReminderView, Timer, Tray, TrayLook,
    TrayView,
};
pub use sleep_timer::SleepTimer;
pub use watch::{watch, Changed, FileWatch};
