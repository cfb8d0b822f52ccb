//! Reading the numbers the Statistics page shows, and checking them against the JSON of
//! `unknot stats --json` (or a `Report` serialised the same way).
//!
//! The page marks every number as `<data value="V" data-json="/pointer">`: `V` is the JSON
//! value the number was printed from, the pointer (RFC 6901) names the field.
//!
//! Also a made-up [`report`] of twelve weeks to draw the page from.

use std::collections::BTreeMap;

use jiff::civil::{date, Weekday};
use jiff::ToSpan;
use serde_json::Value;
use unknot::exercise::Library;
use unknot::stats::{Breaks, Day, Reminders, Report, Streak, Stretch, Tally, Week};

/// Every `(pointer, value)` the page marks, in page order.
pub fn shown_numbers(dom: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for piece in dom.split("<data ").skip(1) {
        let Some(tag) = piece.split('>').next() else {
            continue;
        };
        let attr = |name: &str| {
            let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
            let end = tag[start..].find('"')? + start;
            Some(unescape(&tag[start..end]))
        };
        if let (Some(value), Some(pointer)) = (attr("value"), attr("data-json")) {
            found.push((pointer, value));
        }
    }
    found
}

/// What the page shows that the JSON does not say, one line each; empty when they agree.
/// A count the JSON leaves out of a map (exercises, areas) is 0.
pub fn mismatches(json: &Value, dom: &str) -> Vec<String> {
    shown_numbers(dom)
        .into_iter()
        .filter_map(|(pointer, shown)| {
            let wrong = match json.pointer(&pointer) {
                // As JSON text: `Value == String` would compare with a JSON string instead.
                Some(value) => {
                    let text = value.to_string();
                    text != shown
                }
                None => {
                    let parent = pointer.rsplit_once('/').map_or("", |(p, _)| p);
                    !(shown == "0" && json.pointer(parent).is_some_and(Value::is_object))
                }
            };
            wrong.then(|| {
                format!(
                    "{pointer}: the page shows {shown}, the JSON has {}",
                    json.pointer(&pointer)
                        .map_or_else(|| "nothing".to_owned(), Value::to_string)
                )
            })
        })
        .collect()
}

/// Attribute text as the DOM dump writes it.
fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

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
    for (k, v) in &t.breaks.natural_by_cause {
        *sum.breaks.natural_by_cause.entry(k.clone()).or_default() += v;
    }
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
pub fn report() -> Report {
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
                natural_by_cause: (0..natural)
                    .map(|i| ["idle", "lock", "suspend"][i as usize].to_owned())
                    .fold(BTreeMap::new(), |mut m, c| {
                        *m.entry(c).or_default() += 1;
                        m
                    }),
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
        hosts: BTreeMap::new(),
    }
}
