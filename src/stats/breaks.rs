//! Natural breaks across computers, and the unbroken sitting stretches between breaks.

use jiff::{SignedDuration, Timestamp};

use super::sitting::{before, first_gap, union, Span};
use super::Entry;
use crate::core::Event;

/// A natural break that counts: the user was away from every computer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Natural {
    /// When the user left.
    pub left: Timestamp,
    /// `idle`, `lock`, `suspend`, or `unknown` in lines written before unknot could tell.
    pub cause: &'static str,
}

/// One computer's log and its sitting intervals.
pub(super) struct Machine<'a> {
    pub entries: Vec<Entry<'a>>,
    pub sitting: Vec<Span>,
}

/// The natural breaks that were breaks from every computer. A natural break on one while
/// another was in use is none: it counts only if the other computers' sitting leaves a gap of
/// at least `natural_break` within its away time (or of the away time it was logged with, when
/// that is shorter: a break logged under a shorter setting stays a break). The away time runs
/// from `ts - away_s` to the next sitting on that computer (its `returned`), or to its last
/// record. The break is then that gap; breaks from two computers whose gaps overlap (the user
/// left both) are one, with the strongest cause either logged.
pub(super) fn natural(machines: &[Machine<'_>], natural_break: SignedDuration) -> Vec<Natural> {
    let mut found: Vec<(Span, Option<&'static str>)> = Vec::new();
    for (i, machine) in machines.iter().enumerate() {
        let others = union(
            machines
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .flat_map(|(_, m)| m.sitting.iter().copied())
                .collect(),
        );
        let Some(last) = machine.entries.last().map(|e| e.at) else {
            continue;
        };
        for entry in &machine.entries {
            let Event::NaturalBreak { away, .. } = entry.event else {
                continue;
            };
            let left = before(entry.at, *away);
            let next = machine.sitting.partition_point(|s| s.start < entry.at);
            let back = machine
                .sitting
                .get(next)
                .map_or(last, |s| s.start)
                .max(entry.at);
            let logged = entry.at.duration_since(left);
            let within = Span {
                start: left,
                end: back,
            };
            if let Some(gap) = first_gap(&others, within, natural_break.min(logged)) {
                found.push((gap, cause(entry.event)));
            }
        }
    }
    found.sort_by_key(|(span, _)| span.start);
    let mut out: Vec<(Span, Option<&'static str>)> = Vec::new();
    for (span, cause) in found {
        match out.last_mut() {
            Some((last, strongest)) if span.start < last.end => {
                last.end = last.end.max(span.end);
                *strongest = stronger(*strongest, cause);
            }
            _ => out.push((span, cause)),
        }
    }
    out.into_iter()
        .map(|(span, cause)| Natural {
            left: span.start,
            cause: cause.unwrap_or("unknown"),
        })
        .collect()
}

fn cause(event: &Event) -> Option<&'static str> {
    match event {
        Event::NaturalBreak { cause, .. } => cause.map(|c| c.name()),
        _ => None,
    }
}

fn stronger(a: Option<&'static str>, b: Option<&'static str>) -> Option<&'static str> {
    let rank = |c: Option<&str>| match c {
        Some("suspend") => 3,
        Some("lock") => 2,
        Some(_) => 1,
        None => 0,
    };
    if rank(b) > rank(a) {
        b
    } else {
        a
    }
}

/// The unbroken sitting stretches of the union timeline `sitting`: cut where a stretch was
/// done and where no computer was in use for at least `natural_break`. A shorter gap (walking
/// from one computer to the other, unknot restarted) does not cut it but does not count as
/// sitting either: a stretch's length is the sitting time within it.
pub(super) fn stretches(
    sitting: &[Span],
    done: &[Timestamp],
    natural_break: SignedDuration,
) -> Vec<(Timestamp, SignedDuration)> {
    let mut out: Vec<(Timestamp, SignedDuration)> = Vec::new();
    let mut open: Option<(Timestamp, SignedDuration, Timestamp)> = None;
    let done_between = |a: Timestamp, b: Timestamp| {
        let i = done.partition_point(|&d| d < a);
        done.get(i).is_some_and(|&d| d <= b)
    };
    for span in sitting {
        let mut at = span.start;
        let mut cuts = done[done.partition_point(|&d| d <= span.start)..]
            .iter()
            .copied()
            .take_while(|&d| d < span.end)
            .peekable();
        // The first piece may carry on the stretch from before the gap.
        let mut carry = match open {
            Some((_, _, end)) => at.duration_since(end) < natural_break && !done_between(end, at),
            None => false,
        };
        loop {
            let end = cuts.peek().copied().unwrap_or(span.end);
            let length = end.duration_since(at);
            match (&mut open, carry) {
                (Some((_, sat, last)), true) => {
                    *sat = sat.saturating_add(length);
                    *last = end;
                }
                _ => {
                    if let Some((start, sat, _)) = open.take() {
                        out.push((start, sat));
                    }
                    open = Some((at, length, end));
                }
            }
            if cuts.next().is_none() {
                break;
            }
            at = end;
            carry = false;
        }
    }
    if let Some((start, sat, _)) = open {
        out.push((start, sat));
    }
    out
}
