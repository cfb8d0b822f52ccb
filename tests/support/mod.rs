//! End-to-end test harness for unknot.
//!
//! Every test builds its own [`Session`]: a temp home with XDG folders, a private Xvfb, a private
//! D-Bus session bus, a test notification server and a test StatusNotifierWatcher on that bus.
//! The real `unknot` binary is then started inside it and observed from outside: through the
//! notifications it sends, its tray menu, its history file and the programs it runs.
//!
//! Run one file with `cargo test --test e2e_reminder -- --nocapture --test-threads=2`
//! (each test has its own Xvfb and bus, so two can run side by side). Needs Xvfb, xdotool,
//! dbus-daemon, dunst and dunstctl (`apt-get install -y xvfb xdotool dunst dbus x11-utils`); a
//! missing one fails the test naming its package. Environment knobs:
//! - `UNKNOT_E2E_BIN=PATH`: run the scenarios against another build of the app;
//! - `UNKNOT_E2E_KEEP=1`: keep each session's temp dir (logs, history, configs);
//! - `UNKNOT_E2E_RUST_LOG=...`: the app's RUST_LOG (default `debug`).
//!
//! Test files pull this in with `mod support;` and use only part of it, hence the allow below.
#![allow(dead_code)]

pub mod app;
pub mod browser;
pub mod bus;
pub mod cdp;
pub mod config;
pub mod control;
pub mod dbusmenu;
pub mod dnd;
pub mod dunst;
pub mod history;
pub mod kde;
pub mod logind;
pub mod logs;
pub mod mutter;
pub mod notifications;
pub mod openbox;
pub mod portal;
pub mod process;
pub mod reminders;
pub mod routine_page;
pub mod screensaver;
pub mod scripts;
pub mod session;
pub mod stats_page;
pub mod sway;
pub mod tools;
pub mod tray;
pub mod wait;
pub mod watcher;
pub mod wayland_window;
pub mod xproxy;
pub mod xvfb;

// Each test file uses a different part of these.
#[allow(unused_imports)]
pub use session::{Services, Session};
#[allow(unused_imports)]
pub use wait::{wait_until, LONG, TIMEOUT};
