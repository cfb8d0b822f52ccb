//! Requests from the control interface (`unknot status`, `unknot snooze`…), carried out on the
//! loop like a tray click, and answered only once the answer's record is on disk.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use tokio::sync::{oneshot, watch};

use crate::clock;
use crate::control::protocol::{PauseSpec, Refusal, Request, Snapshot};
use crate::core::{self, Answer, Input, PauseFor, State};

use super::app::App;
use super::labels::quiet_reason;

/// What a request comes to: the one line to print, or why nothing changed.
pub type Reply = Result<String, Refusal>;

/// A request and where its reply goes.
#[derive(Debug, Clone)]
pub struct Ask {
    pub request: Request,
    // Shared so that an event can be cloned like the others; only one reply is ever sent.
    reply: Arc<Mutex<Option<oneshot::Sender<Reply>>>>,
}

impl PartialEq for Ask {
    fn eq(&self, other: &Ask) -> bool {
        self.request == other.request && Arc::ptr_eq(&self.reply, &other.reply)
    }
}

impl Eq for Ask {}

impl Ask {
    pub fn new(request: Request) -> (Ask, oneshot::Receiver<Reply>) {
        let (tx, rx) = oneshot::channel();
        let ask = Ask {
            request,
            reply: Arc::new(Mutex::new(Some(tx))),
        };
        (ask, rx)
    }

    pub fn answer(&self, reply: Reply) {
        let sender = self
            .reply
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(sender) = sender {
            // The caller may have gone (a client killed mid-call): nothing to tell then.
            let _ = sender.send(reply);
        }
    }
}

/// `done` records today, counted from the log's tail at start and then as they are written.
#[derive(Debug, Default)]
pub(super) struct DoneToday {
    day: Option<SystemTime>,
    count: u32,
}

impl DoneToday {
    /// `count` stretches done on every computer today, as the history said at `now`.
    pub fn new(now: SystemTime, count: u32) -> DoneToday {
        DoneToday {
            day: clock::start_of_day(now),
            count,
        }
    }

    pub fn add(&mut self, at: SystemTime) {
        self.roll(at);
        self.count += 1;
    }

    pub fn get(&mut self, now: SystemTime) -> u32 {
        self.roll(now);
        self.count
    }

    fn roll(&mut self, now: SystemTime) {
        let day = clock::start_of_day(now);
        if day != self.day {
            self.day = day;
            self.count = 0;
        }
    }
}

/// Where the loop publishes the status for StatusChanged.
pub type StatusFeed = watch::Sender<Snapshot>;

impl App {
    /// Carries out a request that needs nothing from the loop itself.
    pub(super) fn ask(&mut self, ask: Ask) {
        log::debug!("control request {:?}", ask.request);
        let reply = self.request(&ask.request);
        if let Err(e) = &reply {
            log::info!("control request {:?} refused: {e}", ask.request);
        }
        ask.answer(reply);
    }

    fn request(&mut self, request: &Request) -> Reply {
        // Bring the core up to date first: the answer is about now.
        self.feed(Input::Tick);
        let now = self.desktop.clock.now();
        let status = self.tracker.status(now);
        let input = match request {
            Request::Status => return Ok(json(&self.snapshot())),
            Request::Show => {
                let snapshot = self.snapshot();
                let body = format!(
                    "{}\nSettings: {}\nHistory: {}",
                    snapshot.tooltip, snapshot.config_file, snapshot.history_file
                );
                self.desktop.notifier.tell("unknot is running", &body);
                return Ok(json(&snapshot));
            }
            // Both need the loop; it handles them before they reach here.
            Request::Reload | Request::Quit => return Ok(String::new()),
            Request::Stretch => Input::StretchNow,
            Request::Open => Input::OpenExercise,
            Request::Done(Some(id)) if self.library.get(id).is_none() => {
                return Err(Refusal::BadArgs(format!(
                    "there is no exercise {id:?} (`unknot exercises` lists them)"
                )))
            }
            Request::Done(id) => Input::Did(id.clone()),
            Request::Snooze(length) => {
                match status.state {
                    State::Reminding { can_snooze: true } => {}
                    State::Reminding { can_snooze: false } => {
                        return Err(Refusal::Refused(format!(
                            "no snooze left: {} in a row is the most allowed (max_snoozes)",
                            self.tracker.rules().max_snoozes
                        )))
                    }
                    _ => return Err(Refusal::Refused("no reminder is open to snooze".into())),
                }
                match length {
                    Some(length) => Input::SnoozeFor(*length),
                    None => Input::Answer(Answer::Snooze),
                }
            }
            Request::Skip => match status.state {
                State::Reminding { .. } | State::Snoozed { .. } => Input::Answer(Answer::Skip),
                _ => return Err(Refusal::Refused("no reminder is open to skip".into())),
            },
            Request::Pause(spec) => Input::Pause(match spec {
                PauseSpec::For(length) => PauseFor::Length(*length),
                PauseSpec::Until { hour, minute } => {
                    let until = clock::next_local_time(now, *hour as i8, *minute as i8);
                    match until {
                        Some(t) => PauseFor::Until(t),
                        None => {
                            return Err(Refusal::BadArgs(format!(
                                "{hour:02}:{minute:02} does not exist on the local clock"
                            )))
                        }
                    }
                }
                PauseSpec::Tomorrow => match clock::start_of_next_day(now) {
                    Some(t) => PauseFor::Until(t),
                    None => return Err(Refusal::BadArgs("no local day to pause until".into())),
                },
                PauseSpec::Indefinitely => PauseFor::UntilResumed,
            }),
            Request::Resume => match status.state {
                State::Paused { .. } => Input::Resume,
                _ => return Err(Refusal::Refused("unknot is not paused".into())),
            },
        };
        self.recorded.clear();
        self.feed(input);
        let recorded = std::mem::take(&mut self.recorded);
        let Some(line) = recorded.iter().rev().find_map(|e| self.worded(e, now)) else {
            return Err(Refusal::Refused(
                "nothing to do: there is no exercise".into(),
            ));
        };
        if self.history.waiting() > 0 {
            return Err(Refusal::NotSaved(format!(
                "{line}, but it is not saved yet: {} cannot be written",
                self.paths.history_file.display()
            )));
        }
        Ok(line)
    }

    /// The one line a command prints for what the core recorded.
    fn worded(&mut self, event: &core::Event, now: SystemTime) -> Option<String> {
        let name = |id: &str| {
            self.library
                .get(id)
                .map_or_else(|| id.to_owned(), |e| e.name.clone())
        };
        let at = |t: SystemTime| clock::local_time(t, now);
        Some(match event {
            core::Event::Reminded { exercise, .. } => format!("reminder open: {}", name(exercise)),
            core::Event::Done { exercise, .. } => format!(
                "done: {} ({} today)",
                name(exercise),
                self.done_today.get(now)
            ),
            core::Event::Snoozed {
                exercise, until, ..
            } => format!("snoozed {} until {}", name(exercise), at(*until)),
            core::Event::Skipped { exercise, .. } => format!("skipped {}", name(exercise)),
            core::Event::Opened { exercise } => format!("opened the page of {}", name(exercise)),
            core::Event::Paused { until: Some(t) } => format!("paused until {}", at(*t)),
            core::Event::Paused { until: None } => "paused until resumed".into(),
            core::Event::Resumed { .. } => match self.tracker.status(now).next_reminder {
                Some(t) => format!("resumed: next reminder at {}", at(t)),
                None => "resumed".into(),
            },
            _ => return None,
        })
    }

    /// The status as the control interface reports it.
    pub(super) fn snapshot(&mut self) -> Snapshot {
        let now = self.desktop.clock.now();
        let status = self.tracker.status(now);
        let every = self.tracker.rules().every;
        let at = |t: SystemTime| clock::local_time(t, now);
        let name = status.exercise.as_deref().map(|id| {
            self.library
                .get(id)
                .map_or(id, |e| e.name.as_str())
                .to_owned()
        });
        let (state, text, mut tooltip) = match &status.state {
            State::Sitting => {
                let next = status.next_reminder.map(at).unwrap_or_default();
                let what = name.as_deref().unwrap_or("a stretch");
                (
                    "sitting",
                    format!("stretch {next}"),
                    format!("Next stretch at {next}: {what}"),
                )
            }
            State::Reminding { .. } => (
                "reminding",
                "stretch now".into(),
                format!("Time to stretch: {}", name.as_deref().unwrap_or("")),
            ),
            State::Snoozed { until } => (
                "snoozed",
                format!("snoozed {}", at(*until)),
                format!("Snoozed until {}", at(*until)),
            ),
            State::Paused { until: Some(t) } => (
                "paused",
                format!("paused {}", at(*t)),
                format!("Paused until {}", at(*t)),
            ),
            State::Paused { until: None } => {
                ("paused", "paused".into(), "Paused until resumed".into())
            }
            State::Away { since } => ("away", "away".into(), format!("Away since {}", at(*since))),
            State::Held {
                reason: Some(reason),
                ..
            } => (
                "held",
                "stretch waits".into(),
                format!("The stretch waits: {}", quiet_reason(*reason)),
            ),
            State::Held { reason: None, .. } => {
                let next = status.next_reminder.map(at).unwrap_or_default();
                (
                    "held",
                    format!("stretch {next}"),
                    format!("The stretch comes at {next}"),
                )
            }
        };
        let done_today = self.done_today.get(now);
        tooltip.push_str(&format!(
            "\n{done_today} stretch{} done today",
            if done_today == 1 { "" } else { "es" }
        ));
        let percentage = (status.sitting.as_secs_f64() / every.as_secs_f64().max(1.0) * 100.0)
            .clamp(0.0, 100.0) as u8;
        let rfc = |t: &SystemTime| clock::rfc3339(*t);
        Snapshot {
            text,
            tooltip,
            class: state.into(),
            alt: state.into(),
            percentage,
            state: state.into(),
            at: clock::rfc3339(now),
            sitting_s: status.sitting.as_secs(),
            sitting_since: status.sitting_since.as_ref().map(rfc),
            next_reminder: status.next_reminder.as_ref().map(rfc),
            snoozed_until: match &status.state {
                State::Snoozed { until } => Some(rfc(until)),
                _ => None,
            },
            paused_until: match &status.state {
                State::Paused { until } => until.as_ref().map(rfc),
                _ => None,
            },
            away_since: match &status.state {
                State::Away { since } => Some(rfc(since)),
                _ => None,
            },
            held_since: match &status.state {
                State::Held { since, .. } => Some(rfc(since)),
                _ => None,
            },
            quiet: status.quiet.iter().map(|r| r.as_str().to_owned()).collect(),
            routine: status.routine.clone(),
            exercise: status.exercise.clone(),
            exercise_name: name,
            can_snooze: matches!(status.state, State::Reminding { can_snooze: true }),
            every_s: every.as_secs(),
            idle_source: match &self.looks.idle_source {
                Some(Ok(name)) => name.clone(),
                _ => "none".into(),
            },
            done_today,
            pid: std::process::id(),
            config_file: self.paths.config_file.display().to_string(),
            history_file: self.paths.history_file.display().to_string(),
        }
    }

    /// Tells StatusChanged followers, if what they show changed.
    pub(super) fn publish(&mut self) {
        if self.status_feed.is_none() {
            return;
        }
        let snapshot = self.snapshot();
        if let Some(feed) = &self.status_feed {
            feed.send_if_modified(|shown| {
                let changed = snapshot.differs_from(shown);
                if changed {
                    *shown = snapshot;
                }
                changed
            });
        }
    }

    /// The reply to a reload, once its settings are applied.
    pub(super) fn reloaded(&self) -> Reply {
        match &self.config_error {
            Some(error) => Err(Refusal::Refused(format!(
                "settings not applied, the previous ones stay: {error}"
            ))),
            None => Ok(format!(
                "settings reloaded from {}",
                self.paths.config_file.display()
            )),
        }
    }
}

fn json(snapshot: &Snapshot) -> String {
    serde_json::to_string(snapshot).unwrap_or_default()
}
