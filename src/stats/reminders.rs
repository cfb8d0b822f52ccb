//! What became of each reminder, from one computer's log.
//!
//! A reminder begins with `reminded` at `raised` 1. Raised again while unanswered (`raised` >
//! 1), snoozed and coming due again, or raised by Stretch now while it is open, it stays the
//! same reminder: the core raises a snoozed one again at `raised` 1. Its outcome is the answer
//! that closes it: `done`, `skipped`, or a natural break that counts it as taken (`exercise`
//! set). Anything else that closes it leaves it unanswered: `stopped`, `paused`, a crash (the
//! next `started`), a natural break that did not count it, a new reminder, or the end of the
//! log. A suspend does not close it: the core keeps it open across a short sleep, and a long
//! one ends in a natural break, which says whether it was taken.

use jiff::Timestamp;

use super::Entry;
use crate::core::Event;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Outcome {
    Done,
    Skipped,
    TakenAway,
    Unanswered,
}

/// One reminder: when it was first raised, and how it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Closed {
    pub raised_at: Timestamp,
    pub outcome: Outcome,
}

#[derive(Debug, Default)]
pub(super) struct Answers {
    pub reminders: Vec<Closed>,
    /// When each snooze was answered.
    pub snoozes: Vec<Timestamp>,
}

#[derive(Clone, Copy)]
struct Open {
    raised_at: Timestamp,
    snoozed: bool,
}

pub(super) fn answers(entries: &[Entry<'_>], out: &mut Answers) {
    let mut open: Option<Open> = None;
    let mut close = |open: &mut Option<Open>, outcome: Outcome| {
        if let Some(o) = open.take() {
            out.reminders.push(Closed {
                raised_at: o.raised_at,
                outcome,
            });
        }
    };
    for entry in entries {
        match entry.event {
            Event::Reminded { raised, manual, .. } => {
                let same = match open {
                    Some(o) => *raised > 1 || o.snoozed || *manual,
                    None => false,
                };
                if same {
                    if let Some(o) = &mut open {
                        o.snoozed = false;
                    }
                } else if *raised == 1 {
                    close(&mut open, Outcome::Unanswered);
                    open = Some(Open {
                        raised_at: entry.at,
                        snoozed: false,
                    });
                }
            }
            Event::Snoozed { .. } => {
                out.snoozes.push(entry.at);
                if let Some(o) = &mut open {
                    o.snoozed = true;
                }
            }
            Event::Done { .. } => close(&mut open, Outcome::Done),
            Event::Skipped { .. } => close(&mut open, Outcome::Skipped),
            Event::NaturalBreak { exercise, .. } => {
                let taken = exercise.is_some() && open.is_some_and(|o| !o.snoozed);
                let outcome = match taken {
                    true => Outcome::TakenAway,
                    false => Outcome::Unanswered,
                };
                close(&mut open, outcome);
            }
            Event::Paused { .. } | Event::Stopped { .. } | Event::Started { .. } => {
                close(&mut open, Outcome::Unanswered)
            }
            Event::Opened { .. }
            | Event::Resumed { .. }
            | Event::Suspended { .. }
            | Event::Returned { .. }
            | Event::NotShown { .. }
            | Event::Held { .. }
            | Event::DailyLimit { .. } => {}
        }
    }
    close(&mut open, Outcome::Unanswered);
}
