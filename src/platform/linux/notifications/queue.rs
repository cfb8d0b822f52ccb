//! The two bounded waiting rooms of the notification task: one-off notes told while no server
//! can show them, and signals for a notification whose id unknot does not know yet.

use std::collections::VecDeque;

use super::protocol::Signal;

/// A one-off message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tell {
    pub summary: String,
    pub body: String,
}

/// Notes waiting for a server, oldest first. A newer note with the same summary replaces the
/// older one (a second config error makes the first stale); past the bound the oldest goes.
#[derive(Debug, Default)]
pub struct Tells {
    waiting: VecDeque<Tell>,
}

impl Tells {
    const MAX: usize = 16;

    pub fn push(&mut self, tell: Tell) {
        self.waiting.retain(|t| t.summary != tell.summary);
        if self.waiting.len() == Self::MAX {
            if let Some(dropped) = self.waiting.pop_front() {
                log::warn!(
                    "too many notes waiting for a notification server; dropping {dropped:?}"
                );
            }
        }
        self.waiting.push_back(tell);
    }

    /// Back to the front: it was next, and no server took it.
    pub fn retry(&mut self, tell: Tell) {
        if !self.waiting.iter().any(|t| t.summary == tell.summary) {
            self.waiting.push_front(tell);
        }
    }

    pub fn pop(&mut self) -> Option<Tell> {
        self.waiting.pop_front()
    }

    pub fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    pub fn clear(&mut self) {
        self.waiting.clear();
    }
}

/// Signals that came while a `Notify` was in flight, for an id unknot does not know yet: a
/// server may answer a button (pressed the moment the notification appeared) before its reply
/// to `Notify` reaches us. Kept until the reply names the id.
#[derive(Debug, Default)]
pub struct Early {
    signals: VecDeque<Signal>,
}

impl Early {
    /// Only signals of the server that owns the name reach us, and only during one call.
    const MAX: usize = 16;

    pub fn push(&mut self, signal: Signal) {
        if self.signals.len() == Self::MAX {
            self.signals.pop_front();
        }
        self.signals.push_back(signal);
    }

    /// The kept signals for `id`, in the order they came; the rest were for others.
    pub fn take(&mut self, id: u32) -> Vec<Signal> {
        let mine = self.signals.drain(..).filter(|s| s.id() == id).collect();
        mine
    }

    pub fn clear(&mut self) {
        self.signals.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tell(summary: &str, body: &str) -> Tell {
        Tell {
            summary: summary.into(),
            body: body.into(),
        }
    }

    #[test]
    fn a_newer_note_with_the_same_summary_replaces_the_stale_one() {
        let mut tells = Tells::default();
        tells.push(tell("welcome", "hi"));
        tells.push(tell("config error", "line 1"));
        tells.push(tell("config error", "line 2"));
        assert_eq!(tells.pop(), Some(tell("welcome", "hi")));
        assert_eq!(tells.pop(), Some(tell("config error", "line 2")));
        assert_eq!(tells.pop(), None);
    }

    #[test]
    fn notes_are_bounded_and_a_retry_goes_first() {
        let mut tells = Tells::default();
        for n in 0..20 {
            tells.push(tell(&format!("note {n}"), ""));
        }
        assert_eq!(tells.pop(), Some(tell("note 4", "")));
        tells.retry(tell("note 4", ""));
        assert_eq!(tells.pop(), Some(tell("note 4", "")));
    }

    #[test]
    fn early_signals_are_handed_over_for_their_id_only() {
        let mut early = Early::default();
        early.push(Signal::Action {
            id: 9,
            key: "done".into(),
        });
        early.push(Signal::Closed { id: 4, reason: 2 });
        early.push(Signal::Closed { id: 9, reason: 2 });
        assert_eq!(
            early.take(9),
            [
                Signal::Action {
                    id: 9,
                    key: "done".into()
                },
                Signal::Closed { id: 9, reason: 2 }
            ]
        );
        assert!(early.take(4).is_empty(), "taking clears the rest");
    }
}
