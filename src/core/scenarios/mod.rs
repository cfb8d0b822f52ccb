//! Scenario tests: a small script of time passing and things the user does, run against the
//! tracker as the driver would run it, and the transcript of effects compared exactly.
//!
//! Script words (`;` or newlines between commands):
//! - `+45m`        the user sits and works for 45 minutes (input all the time)
//! - `away 6m`     no keyboard or mouse input for 6 minutes; the idle source says so once the
//!   core's threshold is reached, and says `Active` at the next input
//! - `lock` `unlock`   the screen is locked, unlocked (which takes typing)
//! - `suspend 8h`  the machine sleeps, and logind says so before and after
//! - `sleep 8h`    the machine sleeps and nobody says so: the clock jumps, nothing runs
//! - `clock +1h` `clock -1h`   the wall clock is set, and the driver's timer notices
//! - `jump -1h`    the wall clock is set and nothing notices
//! - `done` `snooze` `skip` `open` `stretch` `resume` `pause` `pause 30m`
//! - `set every=20m`, `no-idle-source`, `idle-source`, `status`
//!
//! Transcript lines are `<time since start> <effect>`; tray refreshes show only on `status`.
//! A natural break caused by a lock or a suspend says so: `(lock)`, `(suspend)`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::*;

const START: Duration = Duration::from_secs(1_800_000_000);

fn library() -> Vec<ExerciseMeta> {
    let meta = |id: &str, kind, area, secs| ExerciseMeta {
        id: id.into(),
        kind,
        area,
        duration: Duration::from_secs(secs),
    };
    vec![
        meta("chin-tuck", Kind::Mobility, Area::Neck, 30),
        meta("wall-pec-stretch", Kind::Stretch, Area::Chest, 60),
        meta(
            "shoulder-blade-squeeze",
            Kind::Strengthen,
            Area::UpperBack,
            60,
        ),
        meta("drink-water", Kind::Habit, Area::Spine, 30),
    ]
}

struct Sim {
    tracker: Tracker,
    now: SystemTime,
    /// The last input the idle source saw; `None` while the user is at the keyboard.
    left: Option<SystemTime>,
    /// The idle source has said `Idle` since `left`.
    told: bool,
    idle_source: bool,
    out: Vec<String>,
}

fn run(script: &str) -> String {
    let start = UNIX_EPOCH + START;
    let mut sim = Sim {
        tracker: Tracker::new(start, Rules::default(), library(), []),
        now: start,
        left: None,
        told: false,
        idle_source: true,
        out: Vec::new(),
    };
    let first = sim.tracker.handle(start, Input::IdleSource(true));
    assert!(
        first.iter().all(|e| matches!(e, Effect::Status(_))),
        "{first:?}"
    );
    for command in script
        .split([';', '\n'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        sim.command(command);
    }
    sim.out.join("\n")
}

fn duration(text: &str) -> Duration {
    humantime::parse_duration(text).unwrap_or_else(|e| panic!("bad duration {text:?}: {e}"))
}

impl Sim {
    fn command(&mut self, command: &str) {
        let (word, arg) = command.split_once(' ').unwrap_or((command, ""));
        match (word, arg) {
            (w, "") if w.starts_with('+') => {
                self.back();
                self.pass(duration(&w[1..]));
            }
            ("away", d) => {
                self.left.get_or_insert(self.now);
                self.pass(duration(d));
            }
            ("sleep", d) => self.sleep(duration(d)),
            ("suspend", d) => {
                self.input(Input::Sleeping);
                self.sleep(duration(d));
                self.input(Input::Woke);
            }
            ("lock", "") => self.input(Input::Locked),
            ("unlock", "") => {
                self.left = None;
                self.told = false;
                self.input(Input::Unlocked);
            }
            ("clock", d) => {
                let shift = self.set_clock(d);
                self.input(Input::ClockSet(shift));
            }
            ("jump", d) => {
                self.set_clock(d);
                // The driver's fallback timer wakes within a heartbeat anyway.
                self.look();
            }
            ("done", "") => self.input(Input::Answer(Answer::Done)),
            ("snooze", "") => self.input(Input::Answer(Answer::Snooze)),
            ("skip", "") => self.input(Input::Answer(Answer::Skip)),
            ("open", "") => self.input(Input::OpenExercise),
            ("stretch", "") => self.input(Input::StretchNow),
            ("resume", "") => self.input(Input::Resume),
            ("pause", "") => self.input(Input::Pause(PauseFor::UntilResumed)),
            ("pause", d) => self.input(Input::Pause(PauseFor::Length(duration(d)))),
            ("set", kv) => {
                let mut rules = self.tracker.rules().clone();
                match kv.split_once('=') {
                    Some(("every", d)) => rules.every = duration(d),
                    Some(("natural_break", d)) => rules.natural_break = duration(d),
                    Some(("max_snoozes", n)) => rules.max_snoozes = n.parse().expect("a number"),
                    _ => panic!("unknown setting {kv:?}"),
                }
                self.input(Input::SetRules(rules));
            }
            ("no-idle-source", "") => {
                self.idle_source = false;
                self.input(Input::IdleSource(false));
            }
            ("idle-source", "") => {
                self.idle_source = true;
                self.input(Input::IdleSource(true));
            }
            ("status", "") => {
                let status = self.tracker.status(self.now);
                let line = format!("{} status {}", self.at(self.now), self.show_status(&status));
                self.out.push(line);
            }
            _ => panic!("unknown command {command:?}"),
        }
    }

    /// Input again: the idle source says so if it had said the user was idle.
    fn back(&mut self) {
        self.left = None;
        if std::mem::take(&mut self.told) {
            self.input(Input::Active);
        }
    }

    /// The machine sleeps: the clock jumps, nothing runs, and idle watches stand still.
    fn sleep(&mut self, length: Duration) {
        self.now += length;
        if let Some(left) = &mut self.left {
            *left += length;
        }
    }

    /// Sets the clock by `+1h` or `-1h`, moving what the sim remembers with it.
    fn set_clock(&mut self, by: &str) -> Shift {
        let shift = match by.split_at(1) {
            ("+", d) => Shift::Forward(duration(d)),
            ("-", d) => Shift::Back(duration(d)),
            _ => panic!("a clock shift is +D or -D, not {by:?}"),
        };
        self.now = shift.apply(self.now);
        self.left = self.left.map(|l| shift.apply(l));
        shift
    }

    /// When the idle source will say the user is idle, if it has not yet.
    fn idle_watch(&self) -> Option<SystemTime> {
        let left = self.left.filter(|_| self.idle_source && !self.told)?;
        Some(left + self.tracker.idle_threshold())
    }

    /// Lets time pass, looking at every deadline the tracker asks for, as the driver does, and
    /// telling it what the idle source sees when the source would.
    fn pass(&mut self, length: Duration) {
        let end = self.now + length;
        let mut stuck = 0;
        loop {
            // A deadline already past (after a sleep) means: look now.
            let deadline = self.tracker.next_deadline().max(self.now);
            if let Some(watch) = self.idle_watch().filter(|w| *w <= deadline.min(end)) {
                self.now = watch.max(self.now);
                self.told = true;
                let since = self.left.expect("a watch only while away");
                self.input(Input::Idle { since });
                continue;
            }
            if deadline > end {
                break;
            }
            stuck = if deadline == self.now { stuck + 1 } else { 0 };
            assert!(
                stuck < 3,
                "the tracker keeps asking to look at {}",
                self.at(deadline)
            );
            self.now = deadline;
            self.look();
        }
        self.now = end;
    }

    fn look(&mut self) {
        self.input(Input::Tick);
    }

    fn input(&mut self, input: Input) {
        for effect in self.tracker.handle(self.now, input) {
            if let Some(line) = self.show(&effect) {
                let line = format!("{} {line}", self.at(self.now));
                self.out.push(line);
            }
        }
    }

    fn at(&self, t: SystemTime) -> String {
        match t.duration_since(UNIX_EPOCH + START) {
            Ok(after) => short(after),
            // Before the start: the clock was set back.
            Err(before) => format!("-{}", short(before.duration())),
        }
    }

    fn show(&self, effect: &Effect) -> Option<String> {
        Some(match effect {
            Effect::Record(record) => format!("log {}", self.show_event(&record.event)),
            Effect::Remind(r) => format!(
                "remind {}{}{}",
                r.exercise,
                if r.can_snooze { "" } else { " no-snooze" },
                if r.raised > 1 {
                    format!(" #{}", r.raised)
                } else {
                    String::new()
                }
            ),
            Effect::CloseReminder => "close".into(),
            Effect::Open { exercise, .. } => format!("open {exercise}"),
            Effect::CheckCamera => "check camera".into(),
            Effect::Status(_) => return None,
        })
    }

    fn show_event(&self, event: &Event) -> String {
        let name = event.name();
        match event {
            Event::Reminded {
                exercise,
                sitting,
                raised,
                manual,
            } => format!(
                "{name} {exercise} sitting={}{}{}",
                short(*sitting),
                if *raised > 1 {
                    format!(" #{raised}")
                } else {
                    String::new()
                },
                if *manual { " manual" } else { "" }
            ),
            Event::Done { exercise, sitting } | Event::Skipped { exercise, sitting } => {
                format!("{name} {exercise} sitting={}", short(*sitting))
            }
            Event::Snoozed {
                exercise,
                snoozes,
                until,
            } => {
                format!("{name} {exercise} n={snoozes} until={}", self.at(*until))
            }
            Event::Opened { exercise } => format!("{name} {exercise}"),
            Event::Paused { until: Some(t) } => format!("{name} until={}", self.at(*t)),
            Event::Paused { until: None } => name.to_string(),
            Event::Resumed { paused_for, manual } => format!(
                "{name} after={}{}",
                short(*paused_for),
                if *manual { "" } else { " auto" }
            ),
            Event::NaturalBreak {
                away,
                sitting,
                exercise,
                cause,
            } => format!(
                "{name} away={} sitting={}{}{}",
                short(*away),
                short(*sitting),
                exercise
                    .as_ref()
                    .map(|e| format!(" {e}"))
                    .unwrap_or_default(),
                match cause {
                    Some(Cause::Idle) => String::new(),
                    Some(other) => format!(" ({})", other.name()),
                    None => " (cause unknown)".to_string(),
                }
            ),
            Event::Suspended { sitting } => match sitting {
                Some(sitting) => format!("{name} sitting={}", short(*sitting)),
                None => name.to_string(),
            },
            Event::Returned { away } => format!("{name} away={}", short(*away)),
            Event::Started { host } => format!("{name} on {host}"),
            Event::Stopped { sitting } => match sitting {
                Some(sitting) => format!("{name} sitting={}", short(*sitting)),
                None => name.to_string(),
            },
            Event::NotShown {
                exercise,
                raised,
                why,
            } => format!("{name} {exercise} #{raised} why={why:?}"),
        }
    }

    fn show_status(&self, status: &Status) -> String {
        let state = match &status.state {
            State::Sitting => "sitting".to_string(),
            State::Reminding { can_snooze } => {
                format!("reminding{}", if *can_snooze { "" } else { " no-snooze" })
            }
            State::Snoozed { until } => format!("snoozed until={}", self.at(*until)),
            State::Away { since } => format!("away since={}", self.at(*since)),
            State::Paused { until: Some(t) } => format!("paused until={}", self.at(*t)),
            State::Paused { until: None } => "paused".to_string(),
        };
        let next = status
            .next_reminder
            .map(|t| format!(" next={}", self.at(t)))
            .unwrap_or_default();
        let exercise = status.exercise.as_deref().unwrap_or("-");
        format!(
            "{state} sitting={}{next} exercise={exercise}",
            short(status.sitting)
        )
    }
}

/// `1h2m3s`, `45m`, `0s`.
fn short(d: Duration) -> String {
    let s = d.as_secs();
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::new();
    for (n, unit) in [(h, "h"), (m, "m"), (s, "s")] {
        if n > 0 {
            out += &format!("{n}{unit}");
        }
    }
    if out.is_empty() {
        out = "0s".into();
    }
    out
}

macro_rules! transcript {
    ($script:expr, $expected:expr) => {
        assert_eq!(
            run($script),
            $expected
                .trim()
                .lines()
                .map(str::trim)
                .collect::<Vec<_>>()
                .join("\n")
        )
    };
}

#[test]
fn a_reminder_comes_after_45_minutes_of_sitting_and_done_restarts_the_count() {
    transcript!(
        "+45m; status; done; status; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m status reminding sitting=45m exercise=chin-tuck
        45m log done chin-tuck sitting=45m
        45m close
        45m status sitting sitting=0s next=1h30m exercise=shoulder-blade-squeeze
        1h30m log reminded shoulder-blade-squeeze sitting=45m
        1h30m remind shoulder-blade-squeeze
        "
    );
}

#[test]
fn short_pauses_in_input_still_count_as_sitting() {
    transcript!(
        "+20m; away 4m; +21m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        "
    );
}

#[test]
fn being_away_for_the_natural_break_restarts_sitting() {
    transcript!(
        "+20m; away 6m; status; +46m",
        "
        25m log natural_break away=5m sitting=20m
        26m status away since=20m sitting=0s exercise=chin-tuck
        26m log returned away=6m
        1h11m log reminded chin-tuck sitting=45m
        1h11m remind chin-tuck
        "
    );
}

#[test]
fn skip_is_logged_and_restarts_sitting() {
    transcript!(
        "+45m; skip; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log skipped chin-tuck sitting=45m
        45m close
        1h30m log reminded shoulder-blade-squeeze sitting=45m
        1h30m remind shoulder-blade-squeeze
        "
    );
}

#[test]
fn snooze_brings_the_reminder_back_and_runs_out_after_max_snoozes() {
    transcript!(
        "+45m; snooze; status; +10m; snooze; +10m; snooze; +10m; status; snooze; done",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log snoozed chin-tuck n=1 until=55m
        45m close
        45m status snoozed until=55m sitting=45m next=55m exercise=chin-tuck
        55m log reminded chin-tuck sitting=55m
        55m remind chin-tuck
        55m log snoozed chin-tuck n=2 until=1h5m
        55m close
        1h5m log reminded chin-tuck sitting=1h5m
        1h5m remind chin-tuck
        1h5m log snoozed chin-tuck n=3 until=1h15m
        1h5m close
        1h15m log reminded chin-tuck sitting=1h15m
        1h15m remind chin-tuck no-snooze
        1h15m status reminding no-snooze sitting=1h15m exercise=chin-tuck
        1h15m log done chin-tuck sitting=1h15m
        1h15m close
        "
    );
}

#[test]
fn an_ignored_reminder_is_raised_again_every_five_minutes() {
    transcript!(
        "+45m; +10m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        50m log reminded chin-tuck sitting=50m #2
        50m remind chin-tuck #2
        55m log reminded chin-tuck sitting=55m #3
        55m remind chin-tuck #3
        "
    );
}

#[test]
fn stepping_away_while_a_reminder_is_open_counts_as_taken() {
    // chin-tuck takes 30 s, shorter than the 5 minute natural break.
    transcript!(
        "+45m; away 3m; +1m; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m30s log natural_break away=30s sitting=45m chin-tuck
        45m30s close
        48m log returned away=3m
        1h33m log reminded shoulder-blade-squeeze sitting=45m
        1h33m remind shoulder-blade-squeeze
        "
    );
}

#[test]
fn a_reminder_raised_while_already_idle_counts_the_time_from_when_it_appeared() {
    transcript!(
        "+41m; away 5m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m30s log natural_break away=4m30s sitting=41m chin-tuck
        45m30s close
        "
    );
}

#[test]
fn pause_holds_reminders_and_ends_by_itself() {
    transcript!(
        "+40m; pause 30m; status; +30m",
        "
        40m log paused until=1h10m
        40m status paused until=1h10m sitting=40m exercise=chin-tuck
        1h10m log resumed after=30m auto
        1h10m log reminded chin-tuck sitting=1h10m
        1h10m remind chin-tuck
        "
    );
}

#[test]
fn pausing_closes_an_open_reminder_and_resume_brings_it_back() {
    transcript!(
        "+45m; pause; +2h; resume",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log paused
        45m close
        2h45m log resumed after=2h
        2h45m log reminded chin-tuck sitting=2h45m
        2h45m remind chin-tuck
        "
    );
}

#[test]
fn natural_breaks_still_count_while_paused() {
    transcript!(
        "pause; +30m; away 10m; +1m; resume; +45m",
        "
        0s log paused
        35m log natural_break away=5m sitting=30m
        40m log returned away=10m
        41m log resumed after=41m
        1h25m log reminded chin-tuck sitting=45m
        1h25m remind chin-tuck
        "
    );
}

#[test]
fn a_suspended_machine_counts_as_a_break() {
    transcript!(
        "+30m; sleep 8h; +45m",
        "
        8h30m log natural_break away=8h sitting=30m (suspend)
        8h30m log returned away=8h
        9h15m log reminded chin-tuck sitting=45m
        9h15m remind chin-tuck
        "
    );
}

#[test]
fn a_shorter_interval_applies_at_once() {
    transcript!(
        "+30m; set every=20m",
        "
        30m log reminded chin-tuck sitting=30m
        30m remind chin-tuck
        "
    );
}

#[test]
fn stretch_now_and_open_exercise() {
    transcript!(
        "+10m; open; stretch; +2m; open; +5m; done",
        "
        10m log opened chin-tuck
        10m open chin-tuck
        10m log reminded chin-tuck sitting=10m manual
        10m remind chin-tuck
        12m log opened chin-tuck
        12m open chin-tuck
        17m log reminded chin-tuck sitting=17m #2
        17m remind chin-tuck #2
        17m log done chin-tuck sitting=17m
        17m close
        "
    );
}

#[test]
fn without_an_idle_source_only_answers_end_sitting() {
    transcript!(
        "no-idle-source; +20m; away 30m; status",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        50m log reminded chin-tuck sitting=50m #2
        50m remind chin-tuck #2
        50m status reminding sitting=50m exercise=chin-tuck
        "
    );
}

#[test]
fn idle_time_from_before_the_start_is_not_a_break() {
    // Already idle for an hour when unknot starts: away counts from the start.
    let start = UNIX_EPOCH + START;
    let mut tracker = Tracker::new(start, Rules::default(), library(), []);
    tracker.handle(start, Input::IdleSource(true));
    let hour = Duration::from_secs(3600);
    let effects = tracker.handle(
        start,
        Input::Idle {
            since: start - hour,
        },
    );
    assert!(
        effects.iter().all(|e| matches!(e, Effect::Status(_))),
        "{effects:?}"
    );
    let five = start + Duration::from_secs(300);
    assert_eq!(tracker.next_deadline(), start + Duration::from_secs(60));
    let mut now = start;
    while now < five {
        now = tracker.next_deadline();
        tracker.handle(now, Input::Tick);
    }
    assert_eq!(now, five);
    assert_eq!(tracker.status(five).state, State::Away { since: start });
}

#[test]
fn answers_without_a_reminder_do_nothing() {
    transcript!("+5m; done; skip; snooze; resume", "");
}

#[test]
fn the_clock_going_back_unnoticed_keeps_the_interval() {
    // Set back by an hour ten minutes in, with no timer to say so: 35 more minutes are due.
    transcript!(
        "+10m; jump -1h; +36m",
        "
        -15m log reminded chin-tuck sitting=45m
        -15m remind chin-tuck
        "
    );
}

#[test]
fn every_fifth_reminder_is_a_habit_when_each_is_done() {
    transcript!(
        "+45m; done; +45m; done; +45m; done; +45m; done; +45m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m log done chin-tuck sitting=45m
        45m close
        1h30m log reminded shoulder-blade-squeeze sitting=45m
        1h30m remind shoulder-blade-squeeze
        1h30m log done shoulder-blade-squeeze sitting=45m
        1h30m close
        2h15m log reminded wall-pec-stretch sitting=45m
        2h15m remind wall-pec-stretch
        2h15m log done wall-pec-stretch sitting=45m
        2h15m close
        3h log reminded shoulder-blade-squeeze sitting=45m
        3h remind shoulder-blade-squeeze
        3h log done shoulder-blade-squeeze sitting=45m
        3h close
        3h45m log reminded drink-water sitting=45m
        3h45m remind drink-water
        "
    );
}

#[test]
fn a_reminder_open_only_a_moment_before_a_natural_break_is_not_taken() {
    // Left 4 min 59 s before the reminder: the break counts, the stretch was not done, so
    // it is suggested again next time.
    transcript!(
        "+40m1s; away 5m; +46m",
        "
        45m log reminded chin-tuck sitting=45m
        45m remind chin-tuck
        45m1s log natural_break away=5m sitting=40m1s
        45m1s close
        45m1s log returned away=5m
        1h30m1s log reminded chin-tuck sitting=45m
        1h30m1s remind chin-tuck
        "
    );
}

#[test]
fn losing_the_idle_source_while_away_counts_the_user_back() {
    transcript!(
        "+20m; away 6m; no-idle-source; +46m",
        "
        25m log natural_break away=5m sitting=20m
        26m log returned away=6m
        1h11m log reminded chin-tuck sitting=45m
        1h11m remind chin-tuck
        "
    );
}

#[test]
fn the_clock_going_back_while_away_still_sees_the_return() {
    transcript!(
        "+10m; away 6m; clock -1h; +1m; status",
        "
        15m log natural_break away=5m sitting=10m
        -44m log returned away=6m
        -43m status sitting sitting=1m next=1m exercise=chin-tuck
        "
    );
}

// Lock, suspend, clock sets and idle sources: after the macro, which they use.
mod away;
