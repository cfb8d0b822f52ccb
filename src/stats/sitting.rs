//! Sitting time on one computer, rebuilt from its log: the intervals during which unknot was
//! running and counted the user as at the computer.
//!
//! An interval begins at `started`, or at `returned` (back after a natural break); it goes on
//! across answers, pauses and short suspends (the core counts those as sitting too) and ends at
//! `stopped`, or where a natural break says the user left (`ts - away_s`). A log that goes on to
//! `started`, or ends, without `stopped` was cut short: the interval ends at the last record
//! before.
//!
//! Lines written before unknot logged `started` (version-1 logs of earlier builds) never say
//! when it started. There the beginning is inferred from the sitting time a record carries
//! (`ts - sitting_s` is when the core's sitting time began), and a record whose sitting time
//! began after the record before it means unknot was restarted in between: the earlier run ends
//! at its last record. Without `stopped` such a run's tail after its last record is not counted,
//! so old logs give a lower bound.

use jiff::{SignedDuration, Timestamp};

use super::Entry;
use crate::core::Event;

/// A stretch of time, `start` inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    pub start: Timestamp,
    pub end: Timestamp,
}

/// Rounding slack: `sitting_s` is whole seconds, `ts` has milliseconds.
const SLACK: SignedDuration = SignedDuration::from_secs(2);

#[derive(Clone, Copy)]
enum Mode {
    /// unknot not running (or not known to be).
    Off,
    Sitting {
        since: Timestamp,
    },
    /// On a natural break.
    Away,
}

/// The sitting intervals of one log, in time order and not overlapping.
pub(super) fn intervals(entries: &[Entry<'_>]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut close = |start: Timestamp, end: Timestamp| {
        let start = out.last().map_or(start, |last| start.max(last.end));
        if end > start {
            out.push(Span { start, end });
        }
    };
    let mut mode = Mode::Off;
    // Until the first `started`, the log is from a build that did not write it.
    let mut legacy = true;
    let mut last: Option<Timestamp> = None;
    for entry in entries {
        let t = entry.at;
        match entry.event {
            Event::Started { .. } => {
                if let (Mode::Sitting { since }, Some(last)) = (mode, last) {
                    close(since, last);
                }
                legacy = false;
                mode = Mode::Sitting { since: t };
            }
            Event::Stopped { .. } => {
                if let Mode::Sitting { since } = mode {
                    close(since, t);
                }
                mode = Mode::Off;
            }
            Event::Returned { .. } => {
                if !matches!(mode, Mode::Sitting { .. }) {
                    mode = Mode::Sitting { since: t };
                }
            }
            Event::NaturalBreak { away, sitting, .. } => {
                let left = before(t, *away);
                match mode {
                    Mode::Sitting { since } => close(since, left.max(since)),
                    Mode::Off if legacy => {
                        close(before(left, *sitting), left);
                    }
                    _ => {}
                }
                mode = Mode::Away;
            }
            event => {
                if let Some(began) = sitting_began(event, t) {
                    let began = began.min(t);
                    match mode {
                        // A run whose start was not logged (old builds).
                        Mode::Off if legacy => mode = Mode::Sitting { since: began },
                        // Back without a `returned` line: unknot was restarted while away.
                        Mode::Away => {
                            mode = Mode::Sitting {
                                since: last.map_or(began, |last| began.max(last)),
                            }
                        }
                        Mode::Sitting { since } if legacy => {
                            if let Some(last) = last.filter(|&last| began > after(last, SLACK)) {
                                close(since, last);
                                mode = Mode::Sitting { since: began };
                            }
                        }
                        _ => {}
                    }
                } else if legacy && matches!(mode, Mode::Off) {
                    mode = Mode::Sitting { since: t };
                }
            }
        }
        last = Some(t);
    }
    if let (Mode::Sitting { since }, Some(last)) = (mode, last) {
        close(since, last);
    }
    out
}

/// When the core's sitting time began, from a record that carries it.
fn sitting_began(event: &Event, t: Timestamp) -> Option<Timestamp> {
    let sitting = match event {
        Event::Reminded { sitting, .. }
        | Event::Done { sitting, .. }
        | Event::Skipped { sitting, .. } => *sitting,
        Event::Suspended { sitting } => (*sitting)?,
        _ => return None,
    };
    Some(before(t, sitting))
}

/// `t - d`, saturating: a hand-edited log may hold any number.
pub(super) fn before(t: Timestamp, d: std::time::Duration) -> Timestamp {
    SignedDuration::try_from(d)
        .ok()
        .and_then(|d| t.checked_sub(d).ok())
        .unwrap_or(Timestamp::MIN)
}

fn after(t: Timestamp, d: SignedDuration) -> Timestamp {
    t.checked_add(d).unwrap_or(Timestamp::MAX)
}

/// Every computer's intervals as one timeline: time at two computers at once counts once.
pub(super) fn union(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| s.start);
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// The first gap of at least `gap` that `spans` (sorted, not overlapping) leave within
/// `within`.
pub(super) fn first_gap(spans: &[Span], within: Span, gap: SignedDuration) -> Option<Span> {
    let mut free_from = within.start;
    let first = spans.partition_point(|s| s.end <= within.start);
    for span in spans[first..].iter().take_while(|s| s.start < within.end) {
        if span.start.duration_since(free_from) >= gap {
            return Some(Span {
                start: free_from,
                end: span.start,
            });
        }
        free_from = free_from.max(span.end);
    }
    (within.end.duration_since(free_from) >= gap).then_some(Span {
        start: free_from,
        end: within.end,
    })
}
