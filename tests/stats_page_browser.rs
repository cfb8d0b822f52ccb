//! The Statistics page in a real browser: headless Chromium loads it with no console error and
//! no Content-Security-Policy complaint, draws its charts in light and dark mode, fits a
//! 360-pixel window, and shows the numbers of the report it was drawn from.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`); a missing one fails the test.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use jiff::civil::{date, Weekday};
use jiff::ToSpan;
use support::browser::{assert_quiet_console, load, scratch, screenshot, Shot};
use support::stats_page::{mismatches, shown_numbers};
use unknot::exercise::Library;
use unknot::stats::{Breaks, Day, Reminders, Report, Streak, Stretch, Tally, Week};

const WIDE: (u32, u32) = (1000, 3200);
const NARROW: (u32, u32) = (360, 6000);
const DARK: &str = "--force-dark-mode";
const HINT: &str = "the Statistics page runs no script and loads nothing";

/// The chart colours of `src/page/stats/style.css`, light and dark.
struct Colours {
    sit: [u8; 3],
    longest: [u8; 3],
    done: [u8; 3],
    skipped: [u8; 3],
    area: [u8; 3],
    background: [u8; 3],
}

const LIGHT: Colours = Colours {
    sit: [0x9c, 0xc0, 0xd6],
    longest: [0x2f, 0x6b, 0x8f],
    done: [0x3f, 0x8f, 0x6b],
    skipped: [0xe0, 0x92, 0x3a],
    area: [0x7d, 0x6b, 0xb3],
    background: [0xf6, 0xf4, 0xef],
};

const NIGHT: Colours = Colours {
    sit: [0x3f, 0x6e, 0x8c],
    longest: [0xa6, 0xd4, 0xf0],
    done: [0x6c, 0xc4, 0x9b],
    skipped: [0xf0, 0xa8, 0x5a],
    area: [0xb3, 0xa4, 0xe8],
    background: [0x15, 0x1b, 0x1e],
};

/// A small deterministic generator, so the fixture has varied days without a crate.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

fn add(sum: &mut Tally, t: &Tally) {
    sum.sitting_s += t.sitting_s;
    if t.longest.map(|s| s.length_s) > sum.longest.map(|s| s.length_s) {
        sum.longest = t.longest;
    }
    sum.breaks.total += t.breaks.total;
    sum.breaks.done += t.breaks.done;
    sum.breaks.natural += t.breaks.natural;
    sum.reminders.raised += t.reminders.raised;
    sum.reminders.done += t.reminders.done;
    sum.reminders.skipped += t.reminders.skipped;
    sum.reminders.snoozed += t.reminders.snoozed;
    for (k, v) in &t.exercises {
        *sum.exercises.entry(k.clone()).or_default() += v;
    }
    for (k, v) in &t.areas {
        *sum.areas.entry(k.clone()).or_default() += v;
    }
    sum.moved_every_s = (sum.breaks.total > 0).then(|| sum.sitting_s / u64::from(sum.breaks.total));
}

/// Twelve weeks (84 days) of a person who sits on weekdays and stretches most days, ending on a Tuesday.
fn report() -> Report {
    let library = Library::builtin();
    let ids: Vec<_> = library
        .iter()
        .map(|e| (e.id.clone(), e.area.as_str()))
        .collect();
    let to = date(2026, 12, 1);
    let from = to.checked_sub(83.days()).expect("date");
    let goal = 4;
    let mut dice = Dice(9);
    let mut days = Vec::new();
    let mut date = from;
    while date <= to {
        let weekend = matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday);
        let mut tally = Tally::default();
        if !weekend || dice.roll(3) == 0 {
            let sitting_s = 3600 * (2 + dice.roll(6)) + 60 * dice.roll(60);
            let done = dice.roll(7) as u32;
            let natural = dice.roll(3) as u32;
            let skipped = dice.roll(3) as u32;
            tally.sitting_s = sitting_s;
            tally.longest = Some(Stretch {
                start: jiff::Timestamp::UNIX_EPOCH,
                length_s: sitting_s / (2 + dice.roll(3)),
            });
            tally.breaks = Breaks {
                total: done + natural,
                done,
                natural,
                natural_by_cause: BTreeMap::new(),
            };
            tally.reminders = Reminders {
                raised: done + skipped,
                done,
                skipped,
                snoozed: dice.roll(2) as u32,
                ..Reminders::default()
            };
            for _ in 0..done {
                let (id, area) = &ids[dice.roll(ids.len() as u64 / 2) as usize];
                *tally.exercises.entry(id.clone()).or_default() += 1;
                *tally.areas.entry((*area).to_owned()).or_default() += 1;
            }
            tally.moved_every_s =
                (done + natural > 0).then(|| sitting_s / u64::from(done + natural));
        }
        let goal_met = tally.breaks.done >= goal;
        days.push(Day {
            date,
            tally,
            goal_met,
        });
        date = date.checked_add(1.day()).expect("date");
    }
    let mut weeks: Vec<Week> = Vec::new();
    let mut total = Tally::default();
    for day in &days {
        let monday = day
            .date
            .checked_sub(i64::from(day.date.weekday().to_monday_zero_offset()).days())
            .expect("date");
        if weeks.last().is_none_or(|w| w.start != monday) {
            weeks.push(Week {
                start: monday,
                tally: Tally::default(),
                goal_days: 0,
            });
        }
        let week = weeks.last_mut().expect("a week");
        add(&mut week.tally, &day.tally);
        week.goal_days += u32::from(day.goal_met);
        add(&mut total, &day.tally);
    }
    let mut run = 0;
    let mut longest = 0;
    for day in &days {
        run = if day.goal_met { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    Report {
        from,
        to,
        daily_goal: goal,
        total,
        days,
        weeks,
        streak: Streak {
            current: run,
            longest,
        },
        machines: vec!["laptop".into(), "desktop".into()],
    }
}

fn write_page(report: &Report, dir: &Path) -> PathBuf {
    unknot::page::stats::write(report, &Library::builtin(), dir).expect("write the page")
}

fn json(report: &Report) -> serde_json::Value {
    serde_json::to_value(report).expect("the report as JSON")
}

#[test]
fn the_page_loads_cleanly_and_shows_the_numbers_of_its_report() {
    let scratch = scratch();
    let report = report();
    assert_eq!(report.days.len(), 84, "fixture: 12 weeks of days");
    let page = write_page(&report, &scratch.path().join("pages"));
    for (mode, flags) in [("light", &[][..]), ("dark", &[DARK][..])] {
        let run = load(scratch.path(), &page, flags);
        assert_quiet_console(&run, mode, HINT);
        let dom = &run.stdout;
        assert_eq!(
            dom.matches("role=\"img\"").count(),
            8,
            "{mode}: charts in\n{dom}"
        );
        let wrong = mismatches(&json(&report), dom);
        assert!(wrong.is_empty(), "{mode}: {}", wrong.join("\n"));
    }
    let dom = load(scratch.path(), &page, &[]).stdout;
    let shown: BTreeMap<String, String> = shown_numbers(&dom).into_iter().collect();
    let last = report.days.len() - 1;
    let week = report.weeks.len() - 1;
    for pointer in [
        format!("/days/{last}/tally/sitting_s"),
        format!("/days/{last}/tally/longest/length_s"),
        format!("/days/{last}/tally/breaks/total"),
        format!("/days/{last}/tally/moved_every_s"),
        format!("/days/{last}/tally/breaks/done"),
        format!("/weeks/{week}/tally/areas/chest"),
        format!("/weeks/{week}/goal_days"),
        "/total/sitting_s".into(),
        "/streak/current".into(),
        "/streak/longest".into(),
        "/daily_goal".into(),
    ] {
        assert!(
            shown.contains_key(&pointer),
            "the page does not show {pointer}"
        );
    }
    // Each day's sitting time is in the table, and each exercise done.
    for i in 0..report.days.len() {
        assert!(
            shown.contains_key(&format!("/days/{i}/tally/sitting_s")),
            "day {i}"
        );
    }
    for id in report.total.exercises.keys() {
        assert!(
            shown.contains_key(&format!("/total/exercises/{id}")),
            "{id}"
        );
    }
}

#[test]
fn the_number_check_catches_a_number_the_json_does_not_say() {
    // Without this, a check that compared nothing would pass every page.
    let report = report();
    let page = unknot::page::stats::render(&report, &Library::builtin());
    let mut changed = json(&report);
    changed["streak"]["current"] = serde_json::json!(999);
    let last = report.days.len() - 1;
    changed["days"][last]["tally"]["sitting_s"] = serde_json::json!(1);
    let wrong = mismatches(&changed, &page);
    assert!(
        wrong.iter().any(|w| w.starts_with("/streak/current: ")),
        "{wrong:?}"
    );
    assert!(
        wrong
            .iter()
            .any(|w| w.starts_with(&format!("/days/{last}/tally/sitting_s: "))),
        "{wrong:?}"
    );
    assert!(mismatches(&json(&report), &page).is_empty());
    assert!(mismatches(&serde_json::json!({}), &page).len() > 100);
}

/// Chart pixels of each colour over the whole width.
fn chart_pixels(shot: &Shot, c: &Colours) -> [(&'static str, usize); 5] {
    let all = 0..shot.width;
    [
        ("sitting", shot.count_near(all.clone(), c.sit)),
        ("longest stretch", shot.count_near(all.clone(), c.longest)),
        ("done", shot.count_near(all.clone(), c.done)),
        ("skipped", shot.count_near(all.clone(), c.skipped)),
        ("areas", shot.count_near(all, c.area)),
    ]
}

fn assert_charts_drawn(shot: &Shot, c: &Colours, what: &str, least: usize) {
    for (name, n) in chart_pixels(shot, c) {
        assert!(n >= least, "{what}: only {n} pixels of the {name} colour");
    }
    let background = shot.count_near(0..shot.width, c.background);
    assert!(
        background > shot.pixels.len() / 10,
        "{what}: only {background} pixels of the page's background"
    );
}

#[test]
fn the_charts_are_drawn_in_light_and_in_dark_mode() {
    let scratch = scratch();
    let page = write_page(&report(), &scratch.path().join("pages"));
    let light = screenshot(scratch.path(), &page, "light", WIDE, &[]);
    assert_eq!((light.width, light.height), WIDE);
    assert_charts_drawn(&light, &LIGHT, "light", 400);
    let dark = screenshot(scratch.path(), &page, "dark", WIDE, &[DARK]);
    assert_charts_drawn(&dark, &NIGHT, "dark", 400);
    // Dark mode is its own palette, not the light one on a dark ground.
    for (name, n) in chart_pixels(&dark, &LIGHT) {
        assert!(n < 50, "dark: {n} pixels of the light {name} colour");
    }
    assert_eq!(dark.count_near(0..dark.width, LIGHT.background), 0);
}

/// The page at `width` pixels inside a frame tall enough to need no scroll bar, with a script that measures it: a copy, since the
/// page's own policy rightly runs no script. It reports the frame's width, the document's
/// scroll width and, to say what went wrong, the elements that reach past the right edge or
/// whose content spills out of them, every `<details>` opened first.
fn measure(scratch: &Path, page: &Path, width: u32) -> String {
    const SCRIPT: &str = "<script>\
        for (const d of document.querySelectorAll('details')) d.open = true;\
        const w = document.documentElement.clientWidth;\
        const wide = [...document.querySelectorAll('body *')]\
          .filter(e => !e.closest('details.table'))\
          .filter(e => e.getBoundingClientRect().right > w + 0.5\
            || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'))\
          .map(e => e.tagName + (e.id ? '#' + e.id : ''));\
        parent.postMessage(w + ' ' + document.documentElement.scrollWidth + ' ' + wide.slice(0, 8).join(','), '*');\
        </script>";
    let html = fs::read_to_string(page).expect("read the page");
    let copy = html
        .replace(
            "default-src 'none';",
            "default-src 'none'; script-src 'unsafe-inline';",
        )
        .replace("</body>", &format!("{SCRIPT}</body>"));
    assert_ne!(copy, html, "the measuring script was not added");
    let measured = scratch.join("measured.html");
    fs::write(&measured, copy).expect("write the copy");
    let frame = scratch.join("frame.html");
    fs::write(
        &frame,
        format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\
             <script>addEventListener('message', e => {{ document.body.dataset.measured = e.data; }});</script>\
             <iframe src=\"measured.html\" style=\"width:{width}px;height:20000px;border:0\"></iframe>\
             </body></html>"
        ),
    )
    .expect("write the frame");
    let run = load(scratch, &frame, &["--virtual-time-budget=5000"]);
    run.stdout
        .split("data-measured=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| {
            panic!(
                "the frame reported no measure:\n{}\n{}",
                run.stdout, run.stderr
            )
        })
        .to_owned()
}

#[test]
fn at_a_narrow_width_nothing_overflows_and_the_charts_still_show() {
    let scratch = scratch();
    let page = write_page(&report(), &scratch.path().join("pages"));
    let measured = measure(scratch.path(), &page, NARROW.0);
    assert_eq!(
        measured,
        format!("{0} {0} ", NARROW.0),
        "(width, scroll width, elements past the right edge) at {} px",
        NARROW.0
    );
    // The measure can fail: a page wider than the frame is caught.
    let wide = scratch.path().join("wide.html");
    fs::write(
        &wide,
        fs::read_to_string(&page).expect("read").replace(
            "</main>",
            "<pre id=\"w\">01234567890123456789012345678901234567890123456789</pre></main>",
        ),
    )
    .expect("write");
    let too_wide = measure(scratch.path(), &wide, NARROW.0);
    assert!(
        !too_wide.starts_with(&format!("{0} {0} ", NARROW.0)) && too_wide.contains("PRE#w"),
        "{too_wide}"
    );

    for (mode, flags, colours) in [("light", &[][..], &LIGHT), ("dark", &[DARK][..], &NIGHT)] {
        let shot = screenshot(
            scratch.path(),
            &page,
            &format!("narrow-{mode}"),
            NARROW,
            flags,
        );
        assert_eq!((shot.width, shot.height), NARROW, "{mode}");
        assert_charts_drawn(&shot, colours, &format!("narrow {mode}"), 100);
    }
}
