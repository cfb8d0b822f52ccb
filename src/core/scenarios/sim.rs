//! The scenario runner: plays a script against the tracker as the driver would, and writes down
//! what comes out.

use std::collections::VecDeque;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use jiff::tz::TimeZone;

use super::*;

pub(super) struct Sim {
    tracker: Tracker,
    now: SystemTime,
    /// The last input the idle source saw; `None` while the user is at the keyboard.
    left: Option<SystemTime>,
    /// The idle source has said `Idle` since `left`.
    told: bool,
    idle_source: bool,
    /// Another program has the camera open.
    camera_busy: bool,
    /// The sim's camera port answered a check with "in use", so it says when the camera is free.
    camera_said_busy: bool,
    /// Show times on Berlin's wall clock.
    local: bool,
    /// What the driver's ports answer, fed after the effects that asked.
    answers: VecDeque<Input>,
    pub(super) out: Vec<String>,
}

/// unknot 0.1's rules: the old scenarios read as they always did, and new ones turn on what
/// they are about.
fn classic_rules() -> Rules {
    Rules {
        every: Duration::from_secs(45 * 60),
        routine_every: None,
        daily_limit: None,
        quiet: QuietRules {
            camera: false,
            ..QuietRules::default()
        },
        ..Rules::default()
    }
}

fn berlin() -> TimeZone {
    TimeZone::get("Europe/Berlin").expect("the tz database has Europe/Berlin (apt: tzdata)")
}

/// Hour ranges such as `09:00-12:30,22:00-02:00`.
fn hours(text: &str) -> Vec<Hours> {
    text.split(',')
        .filter(|h| !h.is_empty() && *h != "none")
        .map(|h| {
            let minute = |t: &str| {
                let (h, m) = t.split_once(':').expect("HH:MM");
                h.parse::<u16>().expect("hour") * 60 + m.parse::<u16>().expect("minute")
            };
            let (start, end) = h.split_once('-').expect("start-end");
            Hours::new(minute(start), minute(end)).expect("a valid range")
        })
        .collect()
}

/// An exercise, or a routine as `routine a+b+c`.
fn what(exercise: &str, routine: &[String]) -> String {
    match routine.is_empty() {
        true => exercise.to_owned(),
        false => format!("routine {}", routine.join("+")),
    }
}

fn on_off(text: &str) -> bool {
    match text {
        "on" => true,
        "off" => false,
        _ => panic!("on or off, not {text:?}"),
    }
}

fn maybe(text: &str) -> Option<Duration> {
    (text != "off").then(|| duration(text))
}

impl Sim {
    pub(super) fn new(start: SystemTime) -> Sim {
        let mut sim = Sim {
            tracker: Tracker::new(start, classic_rules(), library(), []).in_zone(berlin()),
            now: start,
            left: None,
            told: false,
            idle_source: true,
            camera_busy: false,
            camera_said_busy: false,
            local: false,
            answers: VecDeque::new(),
            out: Vec::new(),
        };
        let first = sim.tracker.handle(start, Input::IdleSource(true));
        assert!(
            first.iter().all(|e| matches!(e, Effect::Status(_))),
            "{first:?}"
        );
        sim
    }

    pub(super) fn command(&mut self, command: &str) {
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
                    Some(("routine_every", d)) => rules.routine_every = maybe(d),
                    Some(("daily_limit", d)) => rules.daily_limit = maybe(d),
                    Some(("grace", d)) => rules.quiet.grace = duration(d),
                    Some(("camera", on)) => rules.quiet.camera = on_off(on),
                    Some(("fullscreen", on)) => rules.quiet.fullscreen = on_off(on),
                    Some(("hours", h)) => {
                        rules.schedule = Schedule::weekly(std::array::from_fn(|_| hours(h)))
                    }
                    Some(("weekdays", h)) => {
                        rules.schedule = Schedule::weekly(std::array::from_fn(|day| match day {
                            0..5 => hours(h),
                            _ => Vec::new(),
                        }))
                    }
                    _ => panic!("unknown setting {kv:?}"),
                }
                self.input(Input::SetRules(Box::new(rules)));
            }
            ("dnd", on) => self.quiet(Reason::DoNotDisturb, on_off(on)),
            ("fullscreen", on) => self.quiet(Reason::Fullscreen, on_off(on)),
            ("camera", "busy") => self.camera_busy = true,
            ("camera", "free") => {
                self.camera_busy = false;
                if std::mem::take(&mut self.camera_said_busy) {
                    self.quiet(Reason::Camera, false);
                }
            }
            ("local", "") => self.local = true,
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

    fn quiet(&mut self, reason: Reason, on: bool) {
        self.input(Input::Quiet { reason, on });
    }

    fn input(&mut self, input: Input) {
        self.answers.push_back(input);
        while let Some(input) = self.answers.pop_front() {
            for effect in self.tracker.handle(self.now, input) {
                if effect == Effect::CheckCamera {
                    self.camera_said_busy = self.camera_busy;
                    self.answers.push_back(Input::Quiet {
                        reason: Reason::Camera,
                        on: self.camera_busy,
                    });
                }
                if let Some(line) = self.show(&effect) {
                    let line = format!("{} {line}", self.at(self.now));
                    self.out.push(line);
                }
            }
        }
    }

    fn at(&self, t: SystemTime) -> String {
        if self.local {
            let ts = jiff::Timestamp::try_from(t).expect("a time jiff can hold");
            return ts.to_zoned(berlin()).strftime("%a %H:%M:%S").to_string();
        }
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
                match r.routine.is_empty() {
                    true => r.exercise.clone(),
                    false => format!("routine {}", r.routine.join("+")),
                },
                if r.can_snooze { "" } else { " no-snooze" },
                if r.raised > 1 {
                    format!(" #{}", r.raised)
                } else {
                    String::new()
                }
            ),
            Effect::CloseReminder => "close".into(),
            Effect::Open { exercise, .. } => format!("open {exercise}"),
            Effect::CheckCamera => format!(
                "check camera: {}",
                if self.camera_busy { "in use" } else { "free" }
            ),
            Effect::SuggestWalk { sitting } => format!("suggest a walk sat={}", short(*sitting)),
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
                routine,
            } => format!(
                "{name} {} sitting={}{}{}",
                what(exercise, routine),
                short(*sitting),
                if *raised > 1 {
                    format!(" #{raised}")
                } else {
                    String::new()
                },
                if *manual { " manual" } else { "" }
            ),
            Event::Done {
                exercise,
                sitting,
                routine,
            }
            | Event::Skipped {
                exercise,
                sitting,
                routine,
            } => format!(
                "{name} {} sitting={}",
                what(exercise, routine),
                short(*sitting)
            ),
            Event::Held {
                reason,
                held,
                exercise,
            } => format!("{name} {exercise} for={} ({reason})", short(*held)),
            Event::DailyLimit { sitting } => format!("{name} sitting={}", short(*sitting)),
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
            State::Held { since, reason } => format!(
                "held since={} {}",
                self.at(*since),
                reason.map_or("grace", Reason::as_str)
            ),
        };
        let quiet = match status.quiet.as_slice() {
            [] => String::new(),
            reasons => format!(
                " quiet={}",
                reasons
                    .iter()
                    .map(|r| r.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        };
        let next = status
            .next_reminder
            .map(|t| format!(" next={}", self.at(t)))
            .unwrap_or_default();
        let exercise = status.exercise.as_deref().unwrap_or("-");
        format!(
            "{state} sitting={}{next} exercise={exercise}{quiet}",
            short(status.sitting)
        )
    }
}
