//! Starting the tray app on a Linux desktop: the adapters wired to the driver.

use std::time::Duration;

use anyhow::Context;

use crate::config;
use crate::control::protocol::{Request, Snapshot};
use crate::control::{client, server};
use crate::driver::{self, mailboxes, App, Desktop, SleepTimer, Timer, WallClock};
use crate::paths::Paths;
use crate::platform::dnd;
use crate::platform::idle::{self, Session};
use crate::platform::{
    fullscreen, logind, DesktopNotifier, DesktopTray, PortalFileDialog, ProcCamera, WallTimer,
    XdgOpen,
};

/// How long quitting waits for the reminder to be taken off the screen.
const QUIT_GRACE: Duration = Duration::from_secs(2);

/// Runs until Quit or a signal. `write_default`: put the commented default config in place if
/// there is none (only at the default location: a `--config` path is the user's own business).
pub fn run(paths: Paths, write_default: bool) -> anyhow::Result<()> {
    // A folder that cannot be written (read-only home, a full disk) is no reason not to run:
    // the defaults are what the file would have said. The app tells the user why it is missing.
    let mut unwritten = None;
    if write_default {
        let path = &paths.config_file;
        match config::write_default_if_missing(path) {
            Ok(true) => log::info!("wrote the default settings to {}", path.display()),
            Ok(false) => {}
            Err(e) => {
                log::warn!(
                    "{}: cannot write the default config ({e}); running on the default settings",
                    path.display()
                );
                unwritten = Some(e);
            }
        }
    }
    let (outbox, inbox) = mailboxes();
    // One thread: there is never enough work to share, and every thread is a wake-up.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let ran = runtime.block_on(async {
        // The name first: a second launch must not put up a second tray icon.
        let (feed, followers) = tokio::sync::watch::channel(Snapshot::default());
        let control = match server::serve(outbox.clone(), followers).await {
            Ok(Some(server)) => Some(server),
            Ok(None) => return already_running().await.map(|()| false),
            Err(e) => {
                log::warn!("no control interface ({e}): `unknot status` and the like will not reach this instance");
                None
            }
        };
        let tray = DesktopTray::start(outbox.clone())
            .await
            .context("cannot put unknot in the system tray (is there a D-Bus session bus?)")?;
        let (notifier, notifications) = DesktopNotifier::start(outbox.clone());
        let session = Session::from_env();
        // One session-bus connection for the control interface, the screensaver and the D-Bus
        // idle sources: each connection costs memory for the life of the app.
        let bus = control.as_ref().map(|server| server.connection.clone());
        let idle = idle::start(session.clone(), outbox.clone(), bus.clone());
        dnd::start(outbox.clone(), bus.clone());
        logind::start(&session, outbox.clone(), bus);
        fullscreen::start(&session, outbox.clone());
        let watch = match driver::watch(&paths.config_file, &paths.exercises_dir, outbox.clone()) {
            Ok(watch) => Some(watch),
            Err(e) => {
                log::warn!("settings edits will need a restart: cannot watch them ({e})");
                None
            }
        };
        let desktop = Desktop {
            clock: Box::new(WallClock),
            tray: Box::new(tray),
            notifier: Box::new(notifier),
            idle: Box::new(idle),
            opener: Box::new(XdgOpen::new(outbox.clone())),
            dialogs: Box::new(PortalFileDialog),
            camera: Box::new(ProcCamera::new(outbox.clone())),
        };
        let timer: Box<dyn Timer> = match WallTimer::new() {
            Ok(timer) => Box::new(timer),
            Err(e) => {
                log::warn!("no wall-clock timer ({e}): using tokio's clock");
                Box::new(SleepTimer(WallClock))
            }
        };
        log::info!(
            "unknot is running: settings {}, history {}",
            paths.config_file.display(),
            paths.history_file.display()
        );
        App::with_unwritten_default(paths, desktop, unwritten)
            .with_status_feed(feed)
            .run(inbox, outbox, watch, timer)
            .await;
        // Off the bus before the notifications end: the name is free for the next start.
        drop(control);
        // The app is gone, and with it the notifier: its task closes the reminder, then ends.
        if tokio::time::timeout(QUIT_GRACE, notifications)
            .await
            .is_err()
        {
            log::warn!("the notification server did not answer in time; quitting anyway");
        }
        Ok(true)
    });
    // A reload stuck on a hung mount must not hold up quitting, as dropping the runtime would.
    runtime.shutdown_background();
    ran.map(|_| ())
}

/// Another unknot owns the name: have it show its status, and say where it runs.
async fn already_running() -> anyhow::Result<()> {
    let connection = zbus::Connection::session()
        .await
        .context("cannot reach the running unknot")?;
    let shown = client::call(&connection, &Request::Show).await;
    let pid = client::pid(&connection).await;
    let pid = pid.map_or_else(|| "unknown PID".to_owned(), |pid| format!("PID {pid}"));
    match shown
        .ok()
        .and_then(|json| serde_json::from_str::<Snapshot>(&json).ok())
    {
        Some(status) => println!(
            "unknot is already running ({pid}): settings {}, history {}",
            status.config_file, status.history_file
        ),
        None => println!("unknot is already running ({pid})"),
    }
    Ok(())
}
