//! The event loop: sleeps until the core's next deadline (never longer than a heartbeat, and
//! always re-reading the wall clock on waking), and in between serves the tray, the
//! notifications, config edits and signals.

use std::path::PathBuf;
use std::time::Duration;

use crate::config::{self, Config};
use crate::core::{Effect, ExerciseMeta, Input, PauseFor, Record, Tracker};
use crate::exercise::Library;
use crate::history::{self, HistoryLog};
use crate::paths::Paths;
use crate::{clock, page};

use super::labels::{no_tray_host, reminder_view, tray_view, welcome};
use super::mailbox::{Inbox, Outbox, Pick, TrayHost};
use super::ports::{Command, Desktop, PauseChoice, Timer, TrayView};
use super::signals::quit_signals;
use super::watch::{Changed, FileWatch};

/// Editors save in several steps; wait for them to finish before reading.
const SETTLE: Duration = Duration::from_millis(250);

pub struct App {
    paths: Paths,
    config: Config,
    library: Library,
    tracker: Tracker,
    history: Option<HistoryLog>,
    desktop: Desktop,
    /// The config error the user was last told about, so one bad edit is told once.
    config_error: Option<String>,
    history_error_told: bool,
    /// What the tray shows now: it is updated only when that changes.
    tray_shown: Option<TrayView>,
    tray_host_told: bool,
}

impl App {
    /// Reads the config, the exercise library and the history. Problems are logged and told;
    /// none of them stops the app.
    pub fn new(paths: Paths, desktop: Desktop) -> App {
        let now = desktop.clock.now();
        let (config, config_error) = match config::load(&paths.config_file) {
            Ok(config) => (config, None),
            Err(e) => {
                log::error!("{}", e.render());
                (Config::default(), Some(e.to_string()))
            }
        };
        let library = load_library(&paths);
        let replay = match history::read(&paths.history_file) {
            Ok(h) => {
                for problem in &h.problems {
                    log::warn!("{problem} (line left as it is)");
                }
                h.lines
                    .into_iter()
                    .filter(|l| matches!(l.event.as_str(), "reminded" | "done"))
                    .filter_map(|l| Some((l.exercise.clone()?, l.at()?)))
                    .collect()
            }
            Err(e) => {
                log::warn!(
                    "{}: cannot read the history: {e}",
                    paths.history_file.display()
                );
                Vec::new()
            }
        };
        let first_run = !paths.history_file.exists();
        let history = match HistoryLog::open(&paths.history_file) {
            Ok(log) => Some(log),
            Err(e) => {
                log::error!("{e}");
                None
            }
        };
        let exercises = eligible(&library, &config);
        let tracker = Tracker::new(now, config.breaks.clone(), exercises, replay);
        let mut app = App {
            paths,
            config,
            library,
            tracker,
            history,
            desktop,
            config_error: None,
            history_error_told: false,
            tray_shown: None,
            tray_host_told: false,
        };
        if first_run {
            let (summary, body) = welcome(&app.config);
            app.desktop.notifier.tell(summary, &body);
        }
        if let Some(error) = config_error {
            app.tell_config_error(error);
        }
        if app.history.is_none() {
            app.tell_history_error(&format!(
                "{}: cannot open the history log; answers will not be saved",
                app.paths.history_file.display()
            ));
        }
        app
    }

    /// Runs until Quit or a signal. The timer wakes the loop at the core's deadlines, which
    /// are never more than a [`crate::core::HEARTBEAT`] apart, and every wake re-reads the wall clock.
    pub async fn run(
        mut self,
        mut inbox: Inbox,
        outbox: Outbox,
        mut watch: Option<FileWatch>,
        mut timer: Box<dyn Timer>,
    ) {
        let mut quit = quit_signals();
        self.observe();
        loop {
            let deadline = self.tracker.next_deadline();
            tokio::select! {
                () = timer.wait_until(deadline) => self.wake(),
                command = inbox.commands.recv() => match command {
                    None | Some(Command::Quit) => break,
                    Some(command) => self.command(command, &outbox),
                },
                Some(first) = inbox.changes.recv() => {
                    tokio::time::sleep(SETTLE).await;
                    let mut changed = vec![first];
                    while let Ok(more) = inbox.changes.try_recv() {
                        changed.push(more);
                    }
                    if let Some(watch) = &mut watch {
                        watch.notice_exercises_dir();
                    }
                    self.reload(&changed);
                }
                Some(pick) = inbox.picked.recv() => match pick {
                    Pick::Files(files) => self.import(&files),
                    Pick::NoDialog => self.desktop.notifier.tell(
                        "unknot: no file dialog",
                        "No file dialog could be opened (no XDG desktop portal or zenity). \
                         Copy exercise files into the exercises folder, or run \
                         `unknot exercises import FILE`.",
                    ),
                },
                Some(host) = inbox.tray_host.recv() => self.tray_host(host),
                () = &mut quit => break,
            }
        }
        log::info!("quitting");
        self.desktop.notifier.close();
    }

    /// A timer ran out: ask the idle source only if the core needs it now, since every question
    /// is a round trip to the display server.
    fn wake(&mut self) {
        let now = self.desktop.clock.now();
        let due = self.tracker.idle_due().is_none_or(|due| due <= now);
        if due || self.desktop.idle.is_none() {
            self.observe();
        } else {
            self.feed(Input::Tick);
        }
    }

    fn observe(&mut self) {
        let idle = self.desktop.idle.as_mut().and_then(|idle| idle.idle());
        self.feed(Input::Observe { idle });
    }

    fn feed(&mut self, input: Input) {
        let now = self.desktop.clock.now();
        let effects = self.tracker.handle(now, input);
        for effect in effects {
            self.carry_out(effect);
        }
    }

    fn command(&mut self, command: Command, outbox: &Outbox) {
        log::debug!("command {command:?}");
        // Bring the core up to date first: the answer comes now, after whatever the idle
        // source saw since the last look.
        self.observe();
        match command {
            Command::Answer(answer) => self.feed(Input::Answer(answer)),
            Command::StretchNow => self.feed(Input::StretchNow),
            Command::OpenExercise => self.feed(Input::OpenExercise),
            Command::Pause(choice) => {
                let now = self.desktop.clock.now();
                let length = match choice {
                    PauseChoice::HalfHour => PauseFor::Length(Duration::from_secs(30 * 60)),
                    PauseChoice::Hour => PauseFor::Length(Duration::from_secs(60 * 60)),
                    PauseChoice::UntilTomorrow => match clock::start_of_next_day(now) {
                        Some(t) => PauseFor::Until(t),
                        None => PauseFor::Length(Duration::from_secs(24 * 60 * 60)),
                    },
                    PauseChoice::UntilResumed => PauseFor::UntilResumed,
                };
                self.feed(Input::Pause(length));
            }
            Command::Resume => self.feed(Input::Resume),
            Command::EditSettings => self.edit_settings(),
            Command::ImportExercises => self
                .desktop
                .dialogs
                .pick_exercise_files(outbox.picked.clone()),
            Command::Quit => {}
        }
    }

    fn carry_out(&mut self, effect: Effect) {
        match effect {
            Effect::Record(record) => self.record(&record),
            Effect::Remind(reminder) => {
                let view = reminder_view(&reminder, &self.library);
                log::info!("reminder: {}", view.summary);
                self.desktop.notifier.remind(&view);
            }
            Effect::CloseReminder => self.desktop.notifier.close(),
            Effect::Open { exercise } => self.open_exercise(&exercise),
            Effect::Status(status) => {
                let view = tray_view(&status, self.desktop.clock.now(), &self.library);
                if self.tray_shown.as_ref() != Some(&view) {
                    self.desktop.tray.show(&view);
                    self.tray_shown = Some(view);
                }
            }
        }
    }

    fn record(&mut self, record: &Record) {
        log::debug!("record {:?}", record.event);
        let Some(history) = &mut self.history else {
            return;
        };
        if let Err(e) = history.append(record) {
            log::error!("{e}");
            self.tell_history_error(&e.to_string());
        }
    }

    fn open_exercise(&mut self, id: &str) {
        let Some(exercise) = self.library.get(id) else {
            return log::warn!("exercise {id} is no longer in the library");
        };
        match page::write(exercise, &self.paths.pages_dir) {
            Ok(path) => self.desktop.opener.open(&path),
            Err(e) => {
                log::error!("{e}");
                let body = format!("{}\n{e}", exercise.name);
                self.desktop
                    .notifier
                    .tell("unknot: cannot show the exercise", &body);
            }
        }
    }

    fn edit_settings(&mut self) {
        let path = &self.paths.config_file;
        if let Err(e) = config::write_default_if_missing(path) {
            log::warn!("{}: cannot write the default config: {e}", path.display());
        }
        self.desktop.opener.open(path);
    }

    fn reload(&mut self, changed: &[Changed]) {
        if changed.contains(&Changed::Exercises) {
            self.library = load_library(&self.paths);
        }
        if changed.contains(&Changed::Config) {
            match config::load(&self.paths.config_file) {
                Ok(config) => {
                    if self.config_error.take().is_some() || config != self.config {
                        log::info!("{}: settings applied", self.paths.config_file.display());
                    }
                    self.config = config;
                }
                Err(e) => {
                    log::error!("{}", e.render());
                    self.tell_config_error(e.to_string());
                }
            }
        }
        // Exercises first: a shorter interval applied first could raise a reminder for an
        // exercise the same edit takes out.
        self.feed(Input::SetExercises(eligible(&self.library, &self.config)));
        self.feed(Input::SetRules(self.config.breaks.clone()));
    }

    fn import(&mut self, files: &[PathBuf]) {
        for file in files {
            match crate::exercise::import(file, &self.paths.exercises_dir) {
                Ok(added) => {
                    log::info!("added {} as {}", file.display(), added.display());
                    self.desktop.notifier.tell(
                        "Exercise added",
                        &format!("{} is in your library now.", added.display()),
                    );
                }
                Err(e) => {
                    log::warn!("{e}");
                    self.desktop
                        .notifier
                        .tell("Exercise not added", &format!("{e}\nNothing was copied."));
                }
            }
        }
        self.reload(&[Changed::Exercises]);
    }

    /// Without a tray host the icon is invisible: say once what to do about it, and carry on
    /// through notifications meanwhile.
    fn tray_host(&mut self, host: TrayHost) {
        match host {
            TrayHost::Missing => {
                log::warn!(
                    "no tray host (StatusNotifierWatcher) on the session bus: unknot waits for \
                     one and works through notifications meanwhile"
                );
                if !std::mem::replace(&mut self.tray_host_told, true) {
                    let (summary, body) = no_tray_host();
                    self.desktop.notifier.tell(summary, body);
                }
            }
            TrayHost::Found => log::info!("a tray host appeared: unknot is in the tray"),
        }
    }

    fn tell_config_error(&mut self, error: String) {
        if self.config_error.as_ref() == Some(&error) {
            return;
        }
        let body = format!("{error}\nKeeping the previous settings until the file is fixed.");
        self.desktop.notifier.tell("unknot: config error", &body);
        self.config_error = Some(error);
    }

    fn tell_history_error(&mut self, error: &str) {
        if !std::mem::replace(&mut self.history_error_told, true) {
            self.desktop
                .notifier
                .tell("unknot: history not saved", error);
        }
    }
}

fn load_library(paths: &Paths) -> Library {
    let library = Library::load(&paths.exercises_dir);
    for problem in library.problems() {
        log::warn!("{problem}");
    }
    library
}

/// The exercises the user's selection allows; the whole library if it allows none, since a
/// reminder with no exercise helps nobody.
fn eligible(library: &Library, config: &Config) -> Vec<ExerciseMeta> {
    let chosen = library.eligible(&config.exercises);
    if chosen.is_empty() {
        log::warn!(
            "the [exercises] selection leaves no exercise; suggesting from the whole library"
        );
        return library.iter().map(|e| e.meta()).collect();
    }
    chosen
}
