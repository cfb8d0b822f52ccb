//! Driver tests on tokio's paused clock, with stand-in adapters: the real loop, config, library
//! and history file, and a wall clock that can jump (as it does across suspend).

use std::cell::{Cell, RefCell};
use std::fs;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::rc::Rc;
use std::time::{Duration, SystemTime};

use tokio::sync::Notify;
use tokio::task::LocalSet;
use tokio::time::{sleep, Instant};

use super::*;
use crate::core::Answer;
use crate::paths::Paths;

/// What the stand-ins saw, in order.
#[derive(Clone, Default)]
struct Seen(Rc<RefCell<Vec<String>>>);

impl Seen {
    fn push(&self, line: String) {
        self.0.borrow_mut().push(line);
    }
    fn lines(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
    fn with(&self, prefix: &str) -> Vec<String> {
        self.lines()
            .into_iter()
            .filter(|l| l.starts_with(prefix))
            .collect()
    }
}

struct TestClock {
    wall: SystemTime,
    start: Instant,
    /// Wall-clock time that passed without tokio's clock moving: a suspend.
    slept: Rc<Cell<Duration>>,
    /// How far the wall clock was set forward: the boot clock does not see it.
    set: Rc<Cell<Duration>>,
}

impl Clock for TestClock {
    fn now(&self) -> SystemTime {
        self.wall + self.start.elapsed() + self.slept.get() + self.set.get()
    }

    fn since_boot(&self) -> Duration {
        self.start.elapsed() + self.slept.get()
    }
}

/// Records each update, and keeps the last view to read its status line at any moment.
struct TestTray(Seen, Rc<RefCell<Option<TrayView>>>);
impl Tray for TestTray {
    fn show(&mut self, view: &TrayView) {
        self.0.push(format!("tray {:?}", view.look));
        *self.1.borrow_mut() = Some(view.clone());
    }
}

struct TestNotifier {
    seen: Seen,
    history: PathBuf,
}
impl Notifier for TestNotifier {
    fn remind(&mut self, reminder: &ReminderView) {
        self.seen.push(format!("remind {}", reminder.summary));
    }
    fn close(&mut self) {
        // The answer must be on disk before the reminder goes away.
        let last = last_event(&self.history);
        self.seen.push(format!("close (log ends with {last})"));
    }
    fn tell(&mut self, summary: &str, body: &str) {
        self.seen.push(format!("tell {summary}: {body}"));
    }
}

/// Keeps the threshold the app asked for; the tests say what the source sees.
struct TestIdle(Rc<Cell<Option<Duration>>>);
impl IdleWatch for TestIdle {
    fn watch(&mut self, after: Duration) {
        self.0.set(Some(after));
    }
}

struct TestOpener(Seen);
impl Opener for TestOpener {
    fn open(&self, path: &Path) {
        self.0.push(format!("open {}", path.display()));
    }
}

struct NoDialog;
impl FileDialog for NoDialog {
    fn pick_exercise_files(&self, reply: Outbox) {
        reply.send(Pick::NoDialog);
    }

    fn pick_export_file(&self, _suggested: &str, _reply: Outbox) {}
}

fn last_event(history: &Path) -> String {
    // Not through a link to /dev/full, which reads as endless zeros.
    if !fs::symlink_metadata(history).is_ok_and(|m| m.is_file()) {
        return "nothing".into();
    }
    let text = fs::read_to_string(history).unwrap_or_default();
    let last = text.lines().last().unwrap_or("{}");
    let line: serde_json::Value = serde_json::from_str(last).unwrap_or_default();
    line["event"].as_str().unwrap_or("nothing").to_string()
}

fn last_line(history: &Path) -> String {
    fs::read_to_string(history)
        .unwrap_or_default()
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned()
}

fn events(history: &Path) -> Vec<String> {
    let text = fs::read_to_string(history).unwrap_or_default();
    text.lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            v["event"].as_str().expect("an event").to_string()
        })
        .collect()
}

struct Rig {
    _dir: tempfile::TempDir,
    paths: Paths,
    seen: Seen,
    tray: Rc<RefCell<Option<TrayView>>>,
    /// The idle threshold the app asked its source for.
    idle: Rc<Cell<Option<Duration>>>,
    slept: Rc<Cell<Duration>>,
    set: Rc<Cell<Duration>>,
    /// Wakes the timer as a timerfd does when the clock is set.
    clock_set: Rc<Notify>,
}

/// Sleeps on tokio's clock, and returns early when the test sets the wall clock.
struct TestTimer {
    sleep: SleepTimer<TestClock>,
    clock_set: Rc<Notify>,
}

impl Timer for TestTimer {
    fn wait_until(&mut self, deadline: SystemTime) -> Pin<Box<dyn Future<Output = Woken> + '_>> {
        let set = self.clock_set.clone();
        let sleep = self.sleep.wait_until(deadline);
        Box::pin(async move {
            // As with a timerfd, a clock set wins over a deadline that it made pass.
            tokio::select! {
                biased;
                () = set.notified() => Woken::ClockSet,
                woken = sleep => woken,
            }
        })
    }
}

impl Rig {
    fn new(config: &str) -> Rig {
        let dir = tempfile::tempdir().expect("a temp dir");
        let paths = Paths::under(dir.path(), "this-computer");
        fs::create_dir_all(&paths.history_dir).expect("history folder made");
        fs::write(&paths.config_file, config).expect("config written");
        Rig {
            _dir: dir,
            paths,
            seen: Seen::default(),
            tray: Rc::default(),
            idle: Rc::default(),
            slept: Rc::default(),
            set: Rc::default(),
            clock_set: Rc::default(),
        }
    }

    /// Starts the app on the current LocalSet.
    fn start(&self) -> Running {
        let start = Instant::now();
        let clock = || TestClock {
            wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
            start,
            slept: self.slept.clone(),
            set: self.set.clone(),
        };
        let (outbox, inbox) = mailboxes();
        let desktop = Desktop {
            clock: Box::new(clock()),
            tray: Box::new(TestTray(self.seen.clone(), self.tray.clone())),
            notifier: Box::new(TestNotifier {
                seen: self.seen.clone(),
                history: self.paths.history_file.clone(),
            }),
            idle: Box::new(TestIdle(self.idle.clone())),
            opener: Box::new(TestOpener(self.seen.clone())),
            dialogs: Box::new(NoDialog),
            camera: Box::new(NoCamera(outbox.clone())),
        };
        let to_app = outbox.clone();
        let app = App::new(self.paths.clone(), desktop);
        let timer = Box::new(TestTimer {
            sleep: SleepTimer(clock()),
            clock_set: self.clock_set.clone(),
        });
        Running {
            outbox: to_app,
            app: tokio::task::spawn_local(app.run(inbox, outbox, None, timer)),
        }
    }
}

/// The app under test, and what can be sent to it.
struct Running {
    outbox: Outbox,
    app: tokio::task::JoinHandle<()>,
}

impl Running {
    fn send(&self, command: Command) {
        self.outbox.send(command);
    }

    fn changed(&self, change: Changed) {
        self.outbox.send(change);
    }

    async fn quit(self) {
        self.send(Command::Quit);
        self.app.await.expect("the app ends cleanly");
    }
}

const CONFIG: &str = "[breaks]\nevery = \"45m\"\nnatural_break = \"5m\"\nsnooze = \"10m\"\n";

fn minutes(m: u64) -> Duration {
    Duration::from_secs(m * 60)
}

#[tokio::test(start_paused = true)]
async fn a_reminder_comes_after_every_and_done_is_logged_before_it_closes() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            sleep(minutes(44) + Duration::from_secs(1)).await;
            assert_eq!(rig.seen.with("remind"), Vec::<String>::new());
            // The tray was set up once: the passing minutes alone send it nothing, yet its
            // status line reads current whenever it is asked.
            assert_eq!(rig.seen.with("tray"), ["tray Normal"]);
            let view = rig.tray.borrow().clone().expect("the tray was shown");
            let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
            let now = now + minutes(44) + Duration::from_secs(1);
            assert_eq!(view.headline.at(now), "Sitting 44 min · stretch in 1 min");
            sleep(minutes(1)).await;
            let reminds = rig.seen.with("remind");
            assert_eq!(reminds.len(), 1, "{:?}", rig.seen.lines());
            assert_eq!(rig.seen.with("tray"), ["tray Normal", "tray Due"]);
            assert!(
                reminds[0].starts_with("remind Time to stretch: "),
                "{reminds:?}"
            );

            app.send(Command::Answer(Answer::Done));
            sleep(Duration::from_millis(10)).await;
            assert_eq!(rig.seen.with("close"), ["close (log ends with done)"]);
            assert_eq!(
                events(&rig.paths.history_file),
                ["started", "reminded", "done"]
            );
            // The tray's status line now ends with today's count.
            let view = rig.tray.borrow().clone().expect("the tray was shown");
            let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
            let now = now + minutes(45) + Duration::from_secs(2);
            assert!(
                view.headline.at(now).ends_with(" · 1 stretch today"),
                "{}",
                view.headline.at(now)
            );

            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn no_tray_host_is_told_once_and_reminders_still_come() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            let host = |h: TrayHost| app.outbox.send(h);
            host(TrayHost::Missing);
            host(TrayHost::Found);
            host(TrayHost::Missing);
            sleep(minutes(45) + Duration::from_secs(1)).await;
            let told = rig.seen.with("tell unknot: no system tray");
            assert_eq!(told.len(), 1, "{:?}", rig.seen.lines());
            assert!(
                told[0].contains("gnome-shell-extension-appindicator"),
                "{told:?}"
            );
            assert_eq!(rig.seen.with("remind").len(), 1, "{:?}", rig.seen.lines());
            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn a_bad_config_edit_is_told_once_and_the_old_settings_stay() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            fs::write(&rig.paths.config_file, "[breaks]\nevery = \"banana\"\n").expect("written");
            app.changed(Changed::Config);
            sleep(Duration::from_secs(1)).await;
            app.changed(Changed::Config);
            sleep(Duration::from_secs(1)).await;
            let told = rig.seen.with("tell unknot: config error");
            assert_eq!(told.len(), 1, "{told:?}");
            let file = rig.paths.config_file.display().to_string();
            assert!(
                told[0].starts_with(&format!("tell unknot: config error: {file}:2:9: ")),
                "{told:?}"
            );
            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn adding_exercises_without_any_file_dialog_says_so() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            app.send(Command::ImportExercises);
            sleep(Duration::from_millis(10)).await;
            let told = rig.seen.with("tell unknot: no file dialog");
            assert_eq!(told.len(), 1, "{:?}", rig.seen.lines());
            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn answers_given_while_the_disk_is_full_are_kept_told_and_written_when_space_comes_back() {
    let rig = Rig::new(CONFIG);
    // Every write to /dev/full fails as on a full disk: "No space left on device".
    std::os::unix::fs::symlink("/dev/full", &rig.paths.history_file).expect("a link");
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            sleep(minutes(45) + Duration::from_secs(1)).await;
            assert_eq!(rig.seen.with("remind").len(), 1, "{:?}", rig.seen.lines());
            app.send(Command::Answer(Answer::Done));
            sleep(Duration::from_millis(10)).await;

            // Told once for the three records (started, reminded, done), naming the file and
            // the error.
            let told = rig.seen.with("tell unknot: answers not saved yet");
            let file = rig.paths.history_file.display().to_string();
            assert_eq!(
                told,
                [format!(
                    "tell unknot: answers not saved yet: {file} cannot be written: No space \
                     left on device (os error 28).\nYour answer counts, but it is not saved \
                     yet: unknot keeps it and writes it as soon as the file can be written \
                     again (free some disk space)."
                )]
            );
            // The answer still took effect.
            assert_eq!(rig.seen.with("close"), ["close (log ends with nothing)"]);
            sleep(minutes(3)).await;
            assert_eq!(rig.seen.with("tell unknot: answers not saved yet").len(), 1);
            assert_eq!(
                rig.seen.with("tell unknot: history saved again"),
                Vec::<String>::new()
            );

            // Space comes back: the kept records are written, in order, at the next wake.
            fs::remove_file(&rig.paths.history_file).expect("link removed");
            sleep(minutes(1) + Duration::from_secs(1)).await;
            assert_eq!(
                events(&rig.paths.history_file),
                ["started", "reminded", "done"]
            );
            assert_eq!(
                rig.seen.with("tell unknot: history saved again"),
                [format!(
                    "tell unknot: history saved again: {file} is written again; 3 waiting \
                     records were written."
                )]
            );

            // Full again: a new spell of failures is told again.
            fs::remove_file(&rig.paths.history_file).expect("log removed");
            std::os::unix::fs::symlink("/dev/full", &rig.paths.history_file).expect("a link");
            sleep(minutes(45)).await;
            assert_eq!(rig.seen.with("remind").len(), 2, "{:?}", rig.seen.lines());
            assert_eq!(rig.seen.with("tell unknot: answers not saved yet").len(), 2);
            app.quit().await;
        })
        .await;
}

mod presence;
mod routine;
