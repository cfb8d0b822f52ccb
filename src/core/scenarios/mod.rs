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
//! - `dnd on` `fullscreen off`   the desktop begins or ends asking for quiet
//! - `camera busy` `camera free`   another program opens or closes the camera; the sim answers
//!   the core's camera checks as the driver's camera port would
//! - `set hours=09:00-17:00,22:00-02:00` (every day), `set weekdays=…` (Monday to Friday, none
//!   at the weekend), `set routine_every=2h`, `set daily_limit=off`, `set grace=1m`,
//!   `set camera=on`
//! - `local`   from here on, times are the Berlin wall clock (`Fri 09:00`), not time since start
//!
//! The sim starts on Friday 2027-01-15 at 09:00 in Berlin with the rules of unknot 0.1 (every
//! 45 minutes, no routines, no daily limit, no camera checks), so each scenario turns on what it
//! is about.
//! Transcript lines are `<time since start> <effect>`; tray refreshes show only on `status`.
//! A natural break caused by a lock or a suspend says so: `(lock)`, `(suspend)`.

use std::time::{Duration, UNIX_EPOCH};

use super::*;

use sim::Sim;

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

mod away;
mod basics;
mod day;
mod quiet;
mod sim;

fn run(script: &str) -> String {
    let mut sim = Sim::new(UNIX_EPOCH + START);
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
