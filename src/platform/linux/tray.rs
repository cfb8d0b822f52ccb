//! The tray icon over StatusNotifierItem (tray-icon's ksni backend: pure D-Bus, no GTK in the
//! process), with its menu.

use tokio::sync::mpsc::UnboundedSender;
use tray_icon::menu::{Menu, MenuEvent, MenuItem, PredefinedMenuItem, Submenu};
use tray_icon::{TrayIcon, TrayIconBuilder, TrayIconEvent};

use crate::core::Answer;
use crate::driver::{Command, PauseChoice, Tray, TrayLook, TrayView};

use super::icons::{tray_icon, IconError};

#[derive(Debug, thiserror::Error)]
pub enum TrayError {
    #[error(transparent)]
    Icon(#[from] IconError),
    #[error("cannot build the tray menu: {0}")]
    Menu(#[from] tray_icon::menu::Error),
    #[error("cannot show the tray icon: {0}")]
    Tray(#[from] tray_icon::Error),
}

/// Menu item ids and what they ask for.
const COMMANDS: [(&str, Command); 12] = [
    ("stretch-now", Command::StretchNow),
    ("done", Command::Answer(Answer::Done)),
    ("snooze", Command::Answer(Answer::Snooze)),
    ("skip", Command::Answer(Answer::Skip)),
    ("open", Command::OpenExercise),
    ("pause-30m", Command::Pause(PauseChoice::HalfHour)),
    ("pause-1h", Command::Pause(PauseChoice::Hour)),
    ("pause-tomorrow", Command::Pause(PauseChoice::UntilTomorrow)),
    ("pause-resumed", Command::Pause(PauseChoice::UntilResumed)),
    ("resume", Command::Resume),
    ("settings", Command::EditSettings),
    ("import", Command::ImportExercises),
];

pub struct DesktopTray {
    tray: TrayIcon,
    headline: MenuItem,
    done: MenuItem,
    snooze: MenuItem,
    skip: MenuItem,
    resume: MenuItem,
    look: TrayLook,
    shown: Option<TrayView>,
}

impl DesktopTray {
    pub fn new(commands: UnboundedSender<Command>) -> Result<DesktopTray, TrayError> {
        MenuEvent::set_event_handler(Some(move |event: MenuEvent| {
            let command = match event.id.0.as_str() {
                "quit" => Some(Command::Quit),
                id => COMMANDS.iter().find(|(i, _)| *i == id).map(|(_, c)| *c),
            };
            if let Some(command) = command {
                // The receiver is gone only while quitting.
                let _ = commands.send(command);
            }
        }));
        // Clicks on the icon itself open the menu on every host we know; nothing else to do, and
        // without a handler they would pile up in tray-icon's channel.
        TrayIconEvent::set_event_handler(Some(|_| {}));

        let item = |id: &str, text: &str, enabled: bool| MenuItem::with_id(id, text, enabled, None);
        let headline = item("headline", "unknot", false);
        let done = item("done", "Done", false);
        let snooze = item("snooze", "Snooze", false);
        let skip = item("skip", "Skip", false);
        let resume = item("resume", "Resume", false);
        let pause = Submenu::with_items(
            "Pause",
            true,
            &[
                &item("pause-30m", "For 30 minutes", true),
                &item("pause-1h", "For 1 hour", true),
                &item("pause-tomorrow", "Until tomorrow", true),
                &item("pause-resumed", "Until I resume", true),
            ],
        )?;
        let menu = Menu::with_items(&[
            &headline,
            &PredefinedMenuItem::separator(),
            &item("stretch-now", "Stretch now", true),
            &done,
            &snooze,
            &skip,
            &item("open", "Open exercise", true),
            &PredefinedMenuItem::separator(),
            &pause,
            &resume,
            &PredefinedMenuItem::separator(),
            &item("settings", "Edit settings", true),
            &item("import", "Add exercises from file…", true),
            &item("quit", "Quit", true),
        ])?;
        let tray = TrayIconBuilder::new()
            .with_id("unknot")
            .with_title("unknot")
            .with_tooltip("unknot")
            .with_icon(tray_icon(TrayLook::Normal)?)
            .with_menu(Box::new(menu))
            .build()?;
        Ok(DesktopTray {
            tray,
            headline,
            done,
            snooze,
            skip,
            resume,
            look: TrayLook::Normal,
            shown: None,
        })
    }
}

impl Tray for DesktopTray {
    fn show(&mut self, view: &TrayView) {
        // Only what changed: every change wakes tray-icon's menu thread and ksni's.
        let old = self.shown.take();
        let differs = |a: Option<&str>, b: &str| a != Some(b);
        if differs(old.as_ref().map(|o| o.headline.as_str()), &view.headline) {
            self.headline.set_text(&view.headline);
        }
        let flags = |v: &TrayView| (v.reminder_open, v.can_snooze, v.paused);
        if old.as_ref().map(flags) != Some(flags(view)) {
            self.done.set_enabled(view.reminder_open);
            self.snooze.set_enabled(view.can_snooze);
            self.skip.set_enabled(view.reminder_open);
            self.resume.set_enabled(view.paused);
        }
        if differs(old.as_ref().map(|o| o.tooltip.as_str()), &view.tooltip) {
            if let Err(e) = self.tray.set_tooltip(Some(&view.tooltip)) {
                log::warn!("cannot update the tray tooltip: {e}");
            }
        }
        if view.look != self.look {
            match tray_icon(view.look) {
                Ok(icon) => match self.tray.set_icon(Some(icon)) {
                    Ok(()) => self.look = view.look,
                    Err(e) => log::warn!("cannot change the tray icon: {e}"),
                },
                Err(e) => log::warn!("{e}"),
            }
        }
        self.shown = Some(view.clone());
    }
}
