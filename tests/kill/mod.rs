//! The bookkeeping of the `kill -9` test (e2e_kill.rs): its seeded generator, the answers it
//! gives and which the app acknowledged, and the checks on the log once the kills are over.

use super::support::logs::Logs;

pub const DEFAULT_KILLS: usize = 200;

/// xorshift64*: enough randomness for picking moments, and replayable from its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn one_in(&mut self, n: u64) -> bool {
        self.below(n) == 0
    }
}

/// The seed from `UNKNOT_KILL_SEED`, or from the clock.
pub fn seed() -> u64 {
    match std::env::var("UNKNOT_KILL_SEED") {
        Ok(text) => text
            .parse()
            .unwrap_or_else(|e| panic!("UNKNOT_KILL_SEED={text:?}: {e}")),
        Err(_) => wall_ms() as u64 ^ (u64::from(std::process::id()) << 32),
    }
}

pub fn kill_count() -> usize {
    std::env::var("UNKNOT_KILL_COUNT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_KILLS)
}

/// The wall clock in milliseconds, the precision of the log's `ts`: to bracket when an answer
/// was given. The app reads the same clock.
#[allow(clippy::disallowed_methods)]
pub fn wall_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is past 1970");
    since.as_millis() as i64
}

/// What the test does to the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `unknot stretch|done|skip|snooze`.
    Command(&'static str),
    /// The button `done`, `skip` or `snooze` on the open reminder.
    Click(&'static str),
}

impl Op {
    pub const ALL: [Op; 7] = [
        Op::Command("stretch"),
        Op::Command("done"),
        Op::Command("skip"),
        Op::Command("snooze"),
        Op::Click("done"),
        Op::Click("skip"),
        Op::Click("snooze"),
    ];

    /// The record an acknowledged `self` must have left.
    pub fn event(self) -> &'static str {
        match self {
            Op::Command("stretch") => "reminded",
            Op::Command(answer) | Op::Click(answer) => match answer {
                "done" => "done",
                "skip" => "skipped",
                "snooze" => "snoozed",
                other => panic!("no such answer {other}"),
            },
        }
    }
}

/// An answer the app acknowledged, and when: its record must be in the log, stamped between
/// `from` and `to`.
#[derive(Debug, Clone)]
pub struct Acked {
    pub run: usize,
    pub op: Op,
    pub from: i64,
    pub to: i64,
    /// `done` found no unknot running (killed a moment before) and logged it itself.
    pub offline: bool,
}

/// Every line is a record, or one of the fragments the test left; a torn line the kill itself
/// left (a write cut short) would be reported here too.
pub fn check_every_line_reads(logs: &Logs, fragments: &[String], seed: u64) {
    assert!(!logs.files.is_empty(), "no log under the data folder");
    let mut left: Vec<&str> = fragments.iter().map(String::as_str).collect();
    for line in logs.unreadable() {
        let Some(at) = left.iter().position(|f| *f == line.text) else {
            panic!(
                "{}: a line that does not read, not left by the test ({:?}): {:?} (seed {seed})",
                line.place(),
                line.parsed.as_ref().err(),
                line.text
            );
        };
        left.remove(at);
    }
    assert!(
        left.is_empty(),
        "fragments glued to the next record instead of kept on their own line: {left:?} (seed {seed})"
    );
}

/// Each acknowledged answer has a record of its own, stamped while it was being given.
pub fn check_acknowledged_are_logged(logs: &Logs, acked: &[Acked], seed: u64) {
    let mut records: Vec<(i64, &str, String)> = logs
        .records()
        .map(|(line, value)| {
            let ts: jiff::Timestamp = value["ts"].as_str().unwrap_or_default().parse().unwrap();
            (
                ts.as_millisecond(),
                value["event"].as_str().unwrap_or_default(),
                line.place(),
            )
        })
        .collect();
    records.sort_by_key(|(ms, ..)| *ms);
    let mut used = vec![false; records.len()];
    let mut missing = Vec::new();
    for answer in acked {
        let event = answer.op.event();
        let first = records.partition_point(|(ms, ..)| *ms < answer.from);
        let found = (first..records.len())
            .take_while(|&i| records[i].0 <= answer.to)
            .find(|&i| !used[i] && records[i].1 == event);
        match found {
            Some(i) => used[i] = true,
            None => missing.push(answer),
        }
    }
    let mut shown = String::new();
    for answer in missing.iter().take(5) {
        shown.push_str(&format!("\n{answer:?}; records around it:"));
        for (ms, event, place) in &records {
            if (answer.from - 1000..=answer.to + 1000).contains(ms) {
                let offset = ms - answer.from;
                shown.push_str(&format!("\n    {offset:+} ms {event} ({place})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged answers are not in the log (seed {seed}):{shown}",
        missing.len(),
        acked.len(),
    );
}

/// The test is worth something only if the kills came while answers of every kind were given.
pub fn check_enough_of_each(acked: &[Acked], kills: usize, seed: u64) {
    let runs: std::collections::BTreeSet<usize> = acked.iter().map(|a| a.run).collect();
    assert!(
        runs.len() * 2 >= kills,
        "only {} of {kills} runs got as far as an answer (seed {seed})",
        runs.len()
    );
    for op in Op::ALL {
        let n = acked.iter().filter(|a| a.op == op).count();
        assert!(
            n >= 5,
            "only {n} acknowledged {op:?} in {kills} runs (seed {seed})"
        );
    }
}
