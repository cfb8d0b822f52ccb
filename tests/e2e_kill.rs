//! `kill -9` durability: the real app is killed with SIGKILL at random moments, hundreds of
//! times, while answers are being logged, from control commands (`stretch`, `done`, `skip`,
//! `snooze`) and from clicks on its notifications. Afterwards every answer that was
//! acknowledged (the command exited 0, or the app closed the notification after the click) is
//! in the log, and every line of the log reads, except the torn fragments the test leaves on
//! purpose (what a power cut mid-write leaves): the next run reports each one and writes on a
//! fresh line after it.
//!
//! The moments come from a seeded xorshift generator. The seed is printed at the start (shown
//! when the test fails); `UNKNOT_KILL_SEED=N` replays the same kills and operations (the app's
//! own timing still varies). `UNKNOT_KILL_COUNT=N` changes the number of kills (default 200).

mod kill;
mod support;

use std::os::unix::process::ExitStatusExt;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use kill::{
    check_acknowledged_are_logged, check_enough_of_each, check_every_line_reads, kill_count, seed,
    wall_ms, Acked, Op, Rng,
};
use support::app::binary;
use support::logs::{self, Logs};
use support::notifications::Notify;
use support::reminders::is_reminder;
use support::wait::now;
use support::{Session, TIMEOUT};

/// Killed this long after its start at the latest, when the kill comes after a delay: past
/// start-up (which takes about 100 ms in a debug build) into a few answers.
const LONGEST_DELAY_MS: u64 = 500;
/// Nothing comes by itself while the test runs: every record is one of the test's answers, a
/// reminder it asked for, or the app's own start-up records.
const CONFIG: &str = r#"[breaks]
every = "1h"
natural_break = "30m"
snooze = "1h"
max_snoozes = 5
remind_again = "1h"
"#;
const NAME: &str = "org.unknot.Unknot";
/// Short polls for the fast loop: each of the hundreds of runs waits on these.
const POLL: Duration = Duration::from_millis(3);

/// How a run ends.
#[derive(Debug, Clone, Copy)]
enum Plan {
    /// SIGKILL this long after the start, whatever it is doing then.
    After(Duration),
    /// SIGKILL right after this many acknowledged answers: the record of the last must already
    /// be on disk when the command returns or the notification closes.
    Acks(usize),
}

/// One test run's world and tallies.
struct Kills {
    session: Session,
    rng: Rng,
    seed: u64,
    acked: Vec<Acked>,
    /// Operations that were under way when the kill came, or were refused.
    unacked: usize,
    /// Fragments written into the log between runs, as a power cut leaves them.
    fragments: Vec<String>,
    /// The last fragment, until a run has answered after it.
    unreported: Option<String>,
    history_file: Option<std::path::PathBuf>,
}

impl Kills {
    fn command(&self, args: &[&str]) -> Output {
        self.session
            .command(binary().to_str().expect("a UTF-8 binary path"))
            .arg("--config")
            .arg(self.session.config_path())
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run unknot {args:?}: {e} (seed {})", self.seed))
    }

    /// Starts the app and kills it as `plan` says; returns how many answers it acknowledged.
    fn run(&mut self, run: usize, plan: Plan) -> usize {
        let shown_before = self.session.notifications().count();
        let pid = self.session.start_app().pid() as i32;
        self.session.app().expect_exit();
        let killed = Arc::new(AtomicBool::new(false));
        let killer = match plan {
            Plan::After(delay) => {
                let killed = killed.clone();
                Some(std::thread::spawn(move || {
                    std::thread::sleep(delay);
                    // The app is not reaped before this thread is joined, so the pid is still
                    // its own (a zombie at worst).
                    // SAFETY: kill(2) has no memory-safety preconditions.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    killed.store(true, Ordering::SeqCst);
                }))
            }
            Plan::Acks(_) => None,
        };
        let owned = self.wait(&killed, || self.session.name_has_owner(NAME));
        let mut acks = 0;
        let mut ops = 0;
        while owned && !killed.load(Ordering::SeqCst) {
            if let Plan::Acks(n) = plan {
                if acks >= n || ops >= 40 {
                    // SAFETY: as above; the app is not reaped yet.
                    unsafe { libc::kill(pid, libc::SIGKILL) };
                    killed.store(true, Ordering::SeqCst);
                    break;
                }
            }
            let op = Op::ALL[self.rng.below(Op::ALL.len() as u64) as usize];
            ops += 1;
            match self.perform(op, run, &killed, shown_before) {
                Some(acked) => {
                    if self.history_file.is_none() {
                        self.history_file = self.history_file_now();
                    }
                    // One logged by `unknot done` itself says nothing about the app.
                    acks += usize::from(!acked.offline);
                    self.acked.push(acked);
                }
                None => self.unacked += 1,
            }
        }
        if let Some(killer) = killer {
            killer.join().expect("the killer thread");
        } else if !owned {
            panic!(
                "run {run}: unknot never took {NAME} (seed {})\n{}",
                self.seed,
                support::wait::report()
            );
        }
        let status = self.session.reap_app(TIMEOUT);
        let log = std::fs::read_to_string(self.session.log_path()).unwrap_or_default();
        assert_eq!(
            status.signal(),
            Some(libc::SIGKILL),
            "run {run}: unknot ended by itself ({status}) before the kill (seed {})\n{log}",
            self.seed
        );
        self.check_fragment_reported(run, acks, &log);
        // The bus frees the name when it sees the socket close: wait for that, or the next
        // start would find "another" unknot running.
        self.wait(&AtomicBool::new(false), || {
            !self.session.name_has_owner(NAME)
        });
        acks
    }

    /// Does `op` and says whether it was acknowledged.
    fn perform(
        &mut self,
        op: Op,
        run: usize,
        killed: &AtomicBool,
        shown_before: usize,
    ) -> Option<Acked> {
        let from = wall_ms();
        match op {
            Op::Command(verb) => {
                let shown_now = self.session.notifications().count();
                let output = self.command(&[verb]);
                let to = wall_ms();
                match output.status.code() {
                    Some(0) => {
                        let server = self.session.notifications();
                        if verb == "stretch" {
                            // The reminder goes on screen after the command returns: wait for
                            // it, or a later answer could overtake it and the test would click
                            // a notification the app has already let go of.
                            self.wait(killed, || {
                                server
                                    .notifications_since(shown_now)
                                    .iter()
                                    .any(is_reminder)
                            });
                        } else {
                            // The reminder goes off the screen after the command returns: a
                            // click on it meanwhile would be answered by that close.
                            self.wait(killed, || {
                                !server
                                    .notifications_since(shown_before)
                                    .iter()
                                    .any(|n| is_reminder(n) && server.is_open(n.id))
                            });
                        }
                        let offline = String::from_utf8_lossy(&output.stdout)
                            .contains("unknot is not running");
                        Some(Acked {
                            run,
                            op,
                            from,
                            to,
                            offline,
                        })
                    }
                    // Refused (no reminder open), or the app went away mid-call.
                    Some(1 | 3) => None,
                    _ => panic!(
                        "run {run}: unknot {verb}: {:?}\nstdout: {}\nstderr: {} (seed {})",
                        output.status,
                        String::from_utf8_lossy(&output.stdout),
                        String::from_utf8_lossy(&output.stderr),
                        self.seed
                    ),
                }
            }
            Op::Click(key) => {
                let Some(notify) = self.open_reminder(shown_before, key) else {
                    // Nothing to click: ask for a reminder instead.
                    return self.perform(Op::Command("stretch"), run, killed, shown_before);
                };
                let server = self.session.notifications();
                let closes_before = server.close_calls().len();
                let from = wall_ms();
                server.invoke_action(notify.id, key);
                let closed = || server.close_calls()[closes_before..].contains(&notify.id);
                let start = now();
                loop {
                    if closed() {
                        return Some(Acked {
                            run,
                            op,
                            from,
                            to: wall_ms(),
                            offline: false,
                        });
                    }
                    if killed.load(Ordering::SeqCst) {
                        return None;
                    }
                    assert!(
                        start.elapsed() < TIMEOUT,
                        "run {run}: {key} on notification #{} was never answered (seed {})\n{}",
                        notify.id,
                        self.seed,
                        support::wait::report()
                    );
                    std::thread::sleep(POLL);
                }
            }
        }
    }

    /// The newest reminder this run put up that is still open and offers `key`.
    fn open_reminder(&self, shown_before: usize, key: &str) -> Option<Notify> {
        let server = self.session.notifications();
        server
            .notifications_since(shown_before)
            .into_iter()
            .rev()
            .find(|n| is_reminder(n) && server.is_open(n.id))
            .filter(|n| n.has_action(key))
    }

    /// Polls `done` until it holds (true) or the kill came first (false).
    fn wait(&self, killed: &AtomicBool, mut done: impl FnMut() -> bool) -> bool {
        let start = now();
        loop {
            if done() {
                return true;
            }
            if killed.load(Ordering::SeqCst) {
                return false;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out (seed {})\n{}",
                self.seed,
                support::wait::report()
            );
            std::thread::sleep(POLL);
        }
    }

    /// The app's own log file, as `status --json` names it.
    fn history_file_now(&self) -> Option<std::path::PathBuf> {
        let output = self.command(&["status", "--json"]);
        let status: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
        status["history_file"].as_str().map(Into::into)
    }

    /// Leaves the start of a record without its end in the log, as a power cut during the
    /// write would.
    fn tear(&mut self) {
        let Some(path) = &self.history_file else {
            return;
        };
        // One cut per write: a run that wrote nothing after the last fragment leaves no
        // second one.
        let text = std::fs::read(path).unwrap_or_default();
        if text.last().is_some_and(|&b| b != b'\n') {
            return;
        }
        let record = format!(
            r#"{{"v":1,"ts":"2026-12-01T10:00:00.{:03}+00:00","event":"done","exercise":"chin-tuck","sitting_s":60}}"#,
            self.fragments.len() % 1000
        );
        let cut = 1 + self.rng.below(record.len() as u64 - 2) as usize;
        let fragment = record[..cut].to_owned();
        use std::io::Write;
        std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .and_then(|mut f| f.write_all(fragment.as_bytes()))
            .unwrap_or_else(|e| panic!("cannot tear {}: {e}", path.display()));
        self.unreported = Some(fragment.clone());
        self.fragments.push(fragment);
    }

    /// The first run that answers after a fragment was left must have said where it is (the
    /// app reads only the recent end of the log at start, so older fragments are not looked
    /// at again).
    fn check_fragment_reported(&mut self, run: usize, acks: usize, log: &str) {
        let (Some(path), Some(fragment)) = (&self.history_file, &self.unreported) else {
            return;
        };
        if acks == 0 {
            return;
        }
        let logs = logs::read_all(&self.session.path("data"));
        let line = logs
            .unreadable()
            .filter(|l| l.path == *path && l.text == *fragment)
            .last()
            .unwrap_or_else(|| {
                panic!(
                    "run {run}: the fragment {fragment:?} is gone (seed {})",
                    self.seed
                )
            });
        let place = format!("{}:", line.place());
        assert!(
            log.contains(&place),
            "run {run}: the torn line {place} ({fragment:?}) was not reported (seed {})\n{log}",
            self.seed
        );
        self.unreported = None;
    }
}

#[test]
fn every_acknowledged_answer_survives_kill_9() {
    let seed = seed();
    eprintln!("e2e_kill: seed {seed} (replay with UNKNOT_KILL_SEED={seed})");
    let session = Session::new();
    session.write_config(CONFIG);
    let mut kills = Kills {
        session,
        rng: Rng::new(seed),
        seed,
        acked: Vec::new(),
        unacked: 0,
        fragments: Vec::new(),
        unreported: None,
        history_file: None,
    };
    let count = kill_count();
    let started = now();
    for run in 0..count {
        let plan = if kills.rng.one_in(3) {
            Plan::Acks(kills.rng.below(4) as usize)
        } else {
            Plan::After(Duration::from_millis(kills.rng.below(LONGEST_DELAY_MS)))
        };
        kills.run(run, plan);
        if kills.rng.one_in(10) {
            kills.tear();
        }
    }
    // One more start, with no kill: it reads everything and writes on a line of its own.
    let pid = kills.session.start_app().pid();
    let done = kills.command(&["done"]);
    assert!(done.status.success(), "the last `unknot done`: {done:?}");
    assert!(kills.session.app().is_running(), "unknot (pid {pid}) ended");
    kills.session.stop_app();
    eprintln!(
        "e2e_kill: {count} kills in {:.1}s, {} answers acknowledged ({} of them `done` logged \
         with unknot not running), {} not, {} fragments",
        started.elapsed().as_secs_f64(),
        kills.acked.len(),
        kills.acked.iter().filter(|a| a.offline).count(),
        kills.unacked,
        kills.fragments.len()
    );

    let logs = logs::read_all(&kills.session.path("data"));
    check_every_line_reads(&logs, &kills.fragments, seed);
    check_acknowledged_are_logged(&logs, &kills.acked, seed);
    check_enough_of_each(&kills.acked, count, seed);
    check_the_app_reads_it(&kills, &logs);
}

/// unknot's own reader takes the log as the test does: every record, and each torn line
/// reported as `PATH:LINE:COL` on stderr, none stopping it.
fn check_the_app_reads_it(kills: &Kills, logs: &Logs) {
    let output = kills.command(&["history", "--json"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "unknot history --json: {:?}\n{stderr} (seed {})",
        output.status,
        kills.seed
    );
    let read = String::from_utf8_lossy(&output.stdout).lines().count();
    assert_eq!(
        read,
        logs.records().count(),
        "unknot history --json and the test read different records (seed {})",
        kills.seed
    );
    for line in logs.unreadable() {
        let place = format!("{}:", line.place());
        assert!(
            stderr.lines().any(|l| l.starts_with(&place)),
            "unknot history does not report {place} ({:?}):\n{stderr} (seed {})",
            line.text,
            kills.seed
        );
    }
}
