//! The tray icon as a StatusNotifierItem with a dbusmenu, served by ksni as a task on our own
//! runtime (pure D-Bus: no GTK, no thread of its own).
//!
//! The menu's status line counts minutes, yet nothing pushes it every minute: it is worded
//! afresh when a host asks for the menu (dbusmenu `AboutToShow`), from the last view and the
//! clock. Updates go out only when something else changes.

use std::time::Duration;

use ksni::menu::{MenuItem, StandardItem, SubMenu};
use ksni::{OfflineReason, ToolTip, TrayMethods};
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

use crate::clock;
use crate::core::Answer;
use crate::driver::Outbox;
use crate::driver::{Command, PauseChoice, Tray, TrayHost, TrayLook, TrayView};

use super::icons::pixmaps;

/// How long a tray host that went away may take to come back (GNOME restarting its shell)
/// before the user is told there is none.
const HOST_GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum TrayError {
    #[error("cannot connect to the D-Bus session bus")]
    Bus(#[from] zbus::Error),
}

/// The driver's side: views go to the task that owns the item.
pub struct DesktopTray {
    views: UnboundedSender<TrayView>,
}

impl DesktopTray {
    /// Readies the tray item. It goes on the bus with the first view, that is once the app is
    /// up (quitting on SIGTERM included) and has something to show; without a tray host, the driver
    /// then hears [`TrayHost::Missing`] and the item registers when one appears.
    pub async fn start(outbox: Outbox) -> Result<DesktopTray, TrayError> {
        // Without a session bus there is no tray and no notification: say so at start rather
        // than run unseen. This connection only checks; ksni opens its own.
        drop(zbus::Connection::session().await?);
        let (watcher, watcher_rx) = mpsc::unbounded_channel();
        let item = Item {
            commands: outbox.clone(),
            watcher,
            view: None,
            headline: String::new(),
            pixmaps: Vec::new(),
        };
        let (views, views_rx) = mpsc::unbounded_channel();
        tokio::spawn(report_host(watcher_rx, outbox.clone()));
        tokio::spawn(serve(item, views_rx, outbox));
        Ok(DesktopTray { views })
    }
}

/// Puts the item on the bus with the first view, then carries each view over to it.
async fn serve(mut item: Item, mut views: UnboundedReceiver<TrayView>, host: Outbox) {
    let Some(first) = views.recv().await else {
        return;
    };
    let mut look = first.look;
    let icons = look_icons(look);
    item.show(first, icons);
    // Assume a tray may come later (a session can start us before its panel): no watcher is
    // then no error, ksni tells `watcher_offline` and registers when one appears.
    let handle = match item.assume_sni_available(true).spawn().await {
        Ok(handle) => handle,
        Err(e) => {
            log::error!("cannot show the tray icon: {e}");
            host.send(TrayHost::Missing);
            return;
        }
    };
    while let Some(view) = views.recv().await {
        let icons = (view.look != look).then(|| look_icons(view.look)).flatten();
        look = view.look;
        handle
            .update(move |item: &mut Item| item.show(view, icons))
            .await;
    }
}

fn look_icons(look: TrayLook) -> Option<Vec<ksni::Icon>> {
    pixmaps(look).inspect_err(|e| log::warn!("{e}")).ok()
}

impl Tray for DesktopTray {
    fn show(&mut self, view: &TrayView) {
        // The receiver goes only with the runtime, while quitting.
        let _ = self.views.send(view.clone());
    }
}

/// What ksni's watcher callbacks saw.
enum Watcher {
    /// None at start.
    Absent,
    Gone,
    Back,
}

/// Tells the driver when there is no tray host: at once if there was none at start, after
/// [`HOST_GRACE`] if the one there went away and stays away.
async fn report_host(mut watcher: UnboundedReceiver<Watcher>, host: Outbox) {
    let mut missing = false;
    while let Some(event) = watcher.recv().await {
        let mut event = event;
        if let Watcher::Gone = event {
            log::info!("the tray host went away; waiting for it to come back");
            match tokio::time::timeout(HOST_GRACE, watcher.recv()).await {
                Ok(None) => return,
                Ok(Some(next)) => event = next,
                Err(_) => event = Watcher::Absent,
            }
        }
        let report = match event {
            Watcher::Absent | Watcher::Gone => {
                missing = true;
                TrayHost::Missing
            }
            Watcher::Back if std::mem::take(&mut missing) => TrayHost::Found,
            Watcher::Back => {
                log::info!("the tray host is back");
                continue;
            }
        };
        host.send(report);
    }
}

/// The item as ksni serves it.
struct Item {
    commands: Outbox,
    watcher: UnboundedSender<Watcher>,
    view: Option<TrayView>,
    /// The status line as worded when the menu was last asked for.
    headline: String,
    pixmaps: Vec<ksni::Icon>,
}

impl Item {
    /// `icons`: those of the view's look, if it differs from the last one.
    fn show(&mut self, view: TrayView, icons: Option<Vec<ksni::Icon>>) {
        if let Some(icons) = icons {
            self.pixmaps = icons;
        }
        self.headline = view.headline.at(clock::now());
        self.view = Some(view);
    }

    fn send(&self, command: Command) {
        // The receiver is gone only while quitting.
        self.commands.send(command);
    }
}

/// Menu entries and what they ask for.
fn entry(label: &str, enabled: bool, command: Command) -> MenuItem<Item> {
    StandardItem {
        label: label.to_string(),
        enabled,
        activate: Box::new(move |item: &mut Item| item.send(command)),
        ..Default::default()
    }
    .into()
}

impl ksni::Tray for Item {
    // A left click opens the menu: unknot has no window to show.
    const MENU_ON_ACTIVATE: bool = true;

    fn id(&self) -> String {
        "unknot".to_string()
    }

    fn title(&self) -> String {
        "unknot".to_string()
    }

    fn icon_pixmap(&self) -> Vec<ksni::Icon> {
        self.pixmaps.clone()
    }

    fn tool_tip(&self) -> ToolTip {
        ToolTip {
            title: "unknot".to_string(),
            // Hosts read the description as markup.
            description: self
                .view
                .as_ref()
                .map(|v| escape_markup(&v.tooltip))
                .unwrap_or_default(),
            ..Default::default()
        }
    }

    fn menu_about_to_show(&mut self) {
        if let Some(view) = &self.view {
            self.headline = view.headline.at(clock::now());
        }
    }

    fn menu(&self) -> Vec<MenuItem<Self>> {
        let (open, snooze, paused, routine) = self
            .view
            .as_ref()
            .map_or((false, false, false, false), |v| {
                (v.reminder_open, v.can_snooze, v.paused, v.routine)
            });
        let pause = |label: &str, choice| entry(label, true, Command::Pause(choice));
        vec![
            StandardItem {
                // dbusmenu reads `_` as a mnemonic mark; exercise names may hold one.
                label: self.headline.replace('_', "__"),
                enabled: false,
                ..Default::default()
            }
            .into(),
            MenuItem::Separator,
            entry("Stretch now", true, Command::StretchNow),
            entry("Done", open, Command::Answer(Answer::Done)),
            entry("Snooze", snooze, Command::Answer(Answer::Snooze)),
            entry("Skip", open, Command::Answer(Answer::Skip)),
            match routine {
                true => entry("Open the routine", true, Command::OpenExercise),
                false => entry("Open exercise", true, Command::OpenExercise),
            },
            MenuItem::Separator,
            SubMenu {
                label: "Pause".to_string(),
                submenu: vec![
                    pause("For 30 minutes", PauseChoice::HalfHour),
                    pause("For 1 hour", PauseChoice::Hour),
                    pause("Until tomorrow", PauseChoice::UntilTomorrow),
                    pause("Until I resume", PauseChoice::UntilResumed),
                ],
                ..Default::default()
            }
            .into(),
            entry("Resume", paused, Command::Resume),
            MenuItem::Separator,
            entry("Edit settings", true, Command::EditSettings),
            entry("Add exercises from file…", true, Command::ImportExercises),
            entry("Statistics…", true, Command::Statistics),
            entry("Export history…", true, Command::ExportHistory),
            entry("Quit", true, Command::Quit),
        ]
    }

    fn watcher_offline(&self, reason: OfflineReason) -> bool {
        let event = match reason {
            OfflineReason::No => Watcher::Gone,
            OfflineReason::Error(e) => {
                log::debug!("tray host: {e}");
                Watcher::Absent
            }
            _ => Watcher::Absent,
        };
        let _ = self.watcher.send(event);
        // Keep serving: the item registers when a watcher appears.
        true
    }

    fn watcher_online(&self) {
        let _ = self.watcher.send(Watcher::Back);
    }
}

fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tooltip_markup_is_escaped() {
        assert_eq!(escape_markup("a <b> & c"), "a &lt;b&gt; &amp; c");
    }
}
