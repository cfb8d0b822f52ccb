//! The event loop: sleeps until the core's next deadline (never longer than a heartbeat, and
//! always re-reading the wall clock on waking), and in between serves the tray, the
//! notifications, config edits and signals.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::sleep_until;

use crate::clock;
use crate::config::{self, Config};
use crate::core::{self, Effect, Input, PauseFor, Record, Tracker};
use crate::exercise::Library;
use crate::history;
use crate::paths::Paths;

use crate::control::protocol::{Refusal, Request};

use super::control::{Ask, DoneToday, StatusFeed};
use super::labels::{no_tray_host, reminder_view, tray_view, walk, welcome};
use super::mailbox::{Event, Inbox, NotShown, Outbox, Pick, TrayHost};
use super::ports::{Command, Desktop, PauseChoice, Timer, TrayView};
use super::presence::Looks;
use super::reload::Reloads;
use super::saving::{Notice, Saving};
use super::settings::{eligible, load_library};
use super::signals::quit_signals;
use super::watch::{Changed, FileWatch};

/// Editors save in several steps; wait for them to finish before reading.
const SETTLE: Duration = Duration::from_millis(250);

/// How far back start-up reads the log when some exercise was never placed: the rotation
/// only needs to know what came lately.
const REPLAY_SPAN: Duration = Duration::from_secs(4 * 7 * 24 * 60 * 60);

pub struct App {
    pub(super) paths: Paths,
    pub(super) config: Config,
    pub(super) library: Library,
    pub(super) tracker: Tracker,
    pub(super) history: Saving,
    pub(super) desktop: Desktop,
    /// The config error the user was last told about, so one bad edit is told once.
    pub(super) config_error: Option<String>,
    /// What the tray shows now: it is updated only when that changes.
    tray_shown: Option<TrayView>,
    tray_host_told: bool,
    /// Where StatusChanged followers get the status from, when there is a control interface.
    pub(super) status_feed: Option<StatusFeed>,
    pub(super) done_today: DoneToday,
    /// What the core recorded while a control request was carried out.
    pub(super) recorded: Vec<core::Event>,
    /// Reload requests waiting for the settings to be read.
    reload_asks: Vec<Ask>,
    pub(super) looks: Looks,
}

impl App {
    /// Reads the config, the exercise library and the history. Problems are logged and told;
    /// none of them stops the app.
    pub fn new(paths: Paths, desktop: Desktop) -> App {
        App::with_unwritten_default(paths, desktop, None)
    }

    /// [`App::new`], when the default config could not be written (`unwritten` says why): the
    /// missing file is then no config error, and the user is told once why there is no file.
    pub fn with_unwritten_default(
        paths: Paths,
        desktop: Desktop,
        unwritten: Option<std::io::Error>,
    ) -> App {
        let now = desktop.clock.now();
        let (config, config_error) = match config::load(&paths.config_file) {
            Ok(config) => (config, None),
            Err(config::ConfigError::Read { source, .. })
                if unwritten.is_some() && source.kind() == std::io::ErrorKind::NotFound =>
            {
                (Config::default(), None)
            }
            Err(e) => {
                log::error!("{}", e.render());
                (Config::default(), Some(e.to_string()))
            }
        };
        let library = load_library(&paths);
        let every: Vec<String> = library.iter().map(|e| e.meta().id).collect();
        let replay = match history::recent(&paths, &every, REPLAY_SPAN) {
            Ok(recent) => {
                for problem in &recent.problems {
                    log::warn!("{problem} (line left as it is)");
                }
                recent.seen
            }
            Err(e) => {
                log::warn!(
                    "{}: cannot read the history: {e}",
                    paths.history_dir.display()
                );
                Vec::new()
            }
        };
        let first_run = !paths.history_file.exists() && !paths.legacy_history.exists();
        let (history, history_notice) = Saving::open(&paths);
        let exercises = eligible(&library, &config);
        let zone = jiff::tz::TimeZone::system();
        let today = jiff::Timestamp::try_from(now)
            .map_err(std::io::Error::other)
            .and_then(|now| crate::report::today_so_far(&paths, &config, now, &zone))
            .unwrap_or_else(|e| {
                log::warn!("cannot read today so far from the history: {e}");
                crate::report::Today::default()
            });
        let tracker = Tracker::new(now, config.breaks.clone(), exercises, replay)
            .in_zone(zone)
            .with_today(today.sitting, today.walk_suggested);
        let done_today = DoneToday::new(now, today.done);
        let started = Record {
            at: now,
            event: core::Event::Started {
                host: crate::platform::host_name().unwrap_or_default(),
            },
        };
        let mut app = App {
            paths,
            config,
            library,
            tracker,
            history,
            desktop,
            config_error: None,
            tray_shown: None,
            tray_host_told: false,
            status_feed: None,
            done_today,
            recorded: Vec::new(),
            reload_asks: Vec::new(),
            looks: Looks::default(),
        };
        if first_run {
            let (summary, body) = welcome(&app.config);
            app.desktop.notifier.tell(summary, &body);
        }
        if let Some(error) = config_error {
            app.tell_config_error(error);
        }
        if let Some(e) = unwritten {
            let body = format!(
                "Could not write the settings file {}: {e}.\nunknot runs on the default settings; \
                 make the folder writable and restart it to get a file to edit.",
                app.paths.config_file.display()
            );
            app.desktop
                .notifier
                .tell("unknot: settings file not written", &body);
        }
        app.tell_saving(history_notice);
        app.record(&started);
        app
    }

    /// Publishes the status to StatusChanged followers from now on.
    pub fn with_status_feed(mut self, feed: StatusFeed) -> App {
        self.status_feed = Some(feed);
        self
    }

    /// Runs until Quit or a signal. The timer wakes the loop at the core's deadlines, which
    /// are never more than a [`crate::core::HEARTBEAT`] apart, and every wake re-reads the wall clock.
    pub async fn run(
        mut self,
        mut inbox: Inbox,
        outbox: Outbox,
        watch: Option<FileWatch>,
        mut timer: Box<dyn Timer>,
    ) {
        let mut quit = quit_signals();
        let watch = watch.map(|watch| Arc::new(Mutex::new(watch)));
        let mut reloads = Reloads::new();
        self.feed(Input::Tick);
        // Editors save in several steps: a reload waits until they are done.
        let mut settle: Option<tokio::time::Instant> = None;
        let mut quitting: Option<Ask> = None;
        loop {
            let deadline = self.tracker.next_deadline();
            tokio::select! {
                woken = timer.wait_until(deadline) => self.wake(woken),
                event = inbox.recv() => match event {
                    None | Some(Event::Command(Command::Quit)) => break,
                    Some(Event::Control(ask)) if ask.request == Request::Quit => {
                        quitting = Some(ask);
                        break;
                    }
                    Some(Event::Control(ask)) if ask.request == Request::Reload => {
                        // Read now, whatever the watch saw: the user asked.
                        settle = None;
                        reloads.start(&self.paths, watch.as_ref());
                        self.reload_asks.push(ask);
                    }
                    Some(Event::Changed(_)) => {
                        settle.get_or_insert_with(|| tokio::time::Instant::now() + SETTLE);
                    }
                    Some(event) => self.event(event, &outbox),
                },
                // With no settle time the branch is off, and the moment it is handed does not matter.
                () = sleep_until(settle.unwrap_or_else(tokio::time::Instant::now)), if settle.is_some() => {
                    settle = None;
                    reloads.start(&self.paths, watch.as_ref());
                }
                Some((n, settings)) = reloads.done.recv() => {
                    if reloads.is_newest(n) {
                        self.apply(settings);
                        let reply = self.reloaded();
                        for ask in self.reload_asks.drain(..) {
                            ask.answer(reply.clone());
                        }
                    }
                }
                () = &mut quit => break,
            }
            self.publish();
        }
        self.feed(Input::Quit);
        let notice = self.history.retry();
        self.tell_saving(notice);
        if self.history.waiting() > 0 {
            log::error!(
                "{}: quitting with {} records that could not be written",
                self.paths.history_file.display(),
                self.history.waiting()
            );
        }
        log::info!("quitting");
        if let Some(ask) = quitting {
            ask.answer(match self.history.waiting() {
                0 => Ok("unknot quit".into()),
                n => Err(Refusal::NotSaved(format!(
                    "unknot quit with {n} records not written to {}",
                    self.paths.history_file.display()
                ))),
            });
        }
        self.desktop.notifier.close();
    }

    fn event(&mut self, event: Event, outbox: &Outbox) {
        match event {
            Event::Command(command) => self.command(command, outbox),
            // Settled in the loop.
            Event::Changed(_) => {}
            Event::Picked(Pick::Files(files)) => {
                self.import(&files);
                // The watch may not see the folder yet; the reload reads it anyway.
                outbox.send(Changed::Exercises);
            }
            Event::Picked(Pick::NoDialog) => self.desktop.notifier.tell(
                "unknot: no file dialog",
                "No file dialog could be opened (no XDG desktop portal or zenity). \
                 Copy exercise files into the exercises folder, or run \
                 `unknot exercises import FILE`.",
            ),
            Event::OpenFailed(failed) => self.desktop.notifier.tell(
                "unknot: nothing opened the file",
                &format!(
                    "{}.\nOpen it yourself: {}",
                    failed.why,
                    failed.path.display()
                ),
            ),
            Event::NotShown(missed) => self.not_shown(missed),
            Event::TrayHost(host) => self.tray_host(host),
            Event::Control(ask) => self.ask(ask),
            Event::Presence(presence) => self.presence(presence),
            Event::Quiet(quiet) => self.quiet(quiet),
            Event::ExportTo(to) => self.export(to, outbox),
            Event::Exported(exported) => self.exported(exported),
            Event::StatsPage(page) => self.stats_page(page),
        }
    }

    pub(super) fn feed(&mut self, input: Input) {
        let now = self.desktop.clock.now();
        let effects = self.tracker.handle(now, input);
        for effect in effects {
            self.carry_out(effect);
        }
        self.after_look(now);
    }

    fn command(&mut self, command: Command, outbox: &Outbox) {
        log::debug!("command {command:?}");
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
            Command::ImportExercises => self.desktop.dialogs.pick_exercise_files(outbox.clone()),
            Command::ExportHistory => self.ask_where_to_export(outbox),
            Command::Statistics => self.write_stats_page(outbox),
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
            Effect::Open { exercise, routine } => self.open(&exercise, &routine),
            Effect::CheckCamera => {
                let devices = self.config.quiet.camera_devices.clone();
                self.desktop.camera.check(&devices);
            }
            Effect::Status(status) => self.show_in_tray(&status),
            Effect::SuggestWalk { sitting } => {
                let (summary, body) = walk(sitting);
                self.desktop.notifier.tell(summary, &body);
            }
        }
    }

    pub(super) fn show_in_tray(&mut self, status: &core::Status) {
        let now = self.desktop.clock.now();
        let mut view = tray_view(status, now, &self.library);
        view.headline = view
            .headline
            .with_done_today(self.done_today.get(now), clock::start_of_next_day(now));
        if let Some(Err(why)) = &self.looks.idle_source {
            view.tooltip
                .push_str(&format!("\nTime away cannot be seen: {why}"));
        }
        if self.tray_shown.as_ref() != Some(&view) {
            self.desktop.tray.show(&view);
            self.tray_shown = Some(view);
        }
    }

    /// A record that cannot be written is kept and the user told; the answer still takes
    /// effect, since the notice says plainly that it is not saved yet.
    fn record(&mut self, record: &Record) {
        log::debug!("record {:?}", record.event);
        if let core::Event::Done { .. } = record.event {
            self.done_today.add(record.at);
        }
        self.recorded.push(record.event.clone());
        let notice = self.history.record(record);
        self.tell_saving(notice);
    }

    /// The core logged `reminded`; the desktop says nobody saw it. The reminder stays open (the
    /// tray can answer it) and is raised again as usual.
    fn not_shown(&mut self, missed: NotShown) {
        log::warn!(
            "the reminder for {} (raised {}) was not shown: {}",
            missed.exercise,
            missed.raised,
            missed.why
        );
        let record = Record {
            at: self.desktop.clock.now(),
            event: core::Event::NotShown {
                exercise: missed.exercise,
                raised: missed.raised,
                why: missed.why,
            },
        };
        self.record(&record);
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

    pub(super) fn tell_saving(&mut self, notice: Option<Notice>) {
        if let Some(Notice { summary, body }) = notice {
            self.desktop.notifier.tell(summary, &body);
        }
    }
}
