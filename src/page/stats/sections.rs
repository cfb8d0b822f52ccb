//! The page's three parts — today, this week, the whole range — each its key numbers as text,
//! its charts, and the charts' numbers in a table.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::ToSpan;

use super::charts::{self, Labels, Slot};
use super::text::{self, count, data, duration, plural, pointer};
use crate::exercise::Library;
use crate::page::escape;
use crate::stats::{Day, Report, Tally};

/// How many exercises each of "most" and "least" lists; with no more than twice this many,
/// one list has them all.
const RANKED: usize = 5;

/// The report with its days found by date.
pub struct Pages<'a> {
    pub report: &'a Report,
    index: BTreeMap<Date, usize>,
}

impl<'a> Pages<'a> {
    pub fn new(report: &'a Report) -> Pages<'a> {
        let index = report
            .days
            .iter()
            .enumerate()
            .map(|(i, d)| (d.date, i))
            .collect();
        Pages { report, index }
    }

    fn day(&self, date: Date) -> Option<&'a Day> {
        self.index.get(&date).and_then(|&i| self.report.days.get(i))
    }

    fn slots(&self, dates: impl Iterator<Item = Date>) -> Vec<Slot<'a>> {
        dates.map(|date| (date, self.day(date))).collect()
    }
}

/// The key numbers of one tally, found at `base` in the JSON.
fn numbers(out: &mut String, base: &str, tally: &Tally) {
    let at = |field: &str| format!("{base}/{field}");
    out.push_str("<dl class=\"numbers\">\n<div><dt>Sitting</dt><dd>");
    duration(out, &at("sitting_s"), Some(tally.sitting_s));
    out.push_str("</dd></div>\n<div><dt>Longest stretch</dt><dd>");
    match tally.longest {
        Some(s) => duration(out, &at("longest/length_s"), Some(s.length_s)),
        None => duration(out, &at("longest"), None),
    }
    out.push_str("</dd></div>\n<div><dt>Moved every</dt><dd>");
    duration(out, &at("moved_every_s"), tally.moved_every_s);
    out.push_str("</dd></div>\n<div><dt>Breaks</dt><dd>");
    let b = &tally.breaks;
    count(out, &at("breaks/total"), b.total.into());
    out.push_str("<span class=\"detail\">");
    count(out, &at("breaks/done"), b.done.into());
    out.push_str(" stretches done, ");
    count(out, &at("breaks/natural"), b.natural.into());
    out.push_str(" away from the desk");
    if !b.natural_by_cause.is_empty() {
        out.push_str(" (");
        for (i, (cause, n)) in b.natural_by_cause.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            let by_cause = pointer(&["breaks", "natural_by_cause", cause]);
            count(out, &format!("{base}{by_cause}"), (*n).into());
            let _ = write!(out, " {}", escape(cause_name(cause)));
        }
        out.push(')');
    }
    out.push_str("</span></dd></div>\n<div><dt>Reminders</dt><dd>");
    let r = &tally.reminders;
    count(out, &at("reminders/raised"), r.raised.into());
    out.push_str("<span class=\"detail\">");
    for (i, (field, value, word)) in [
        ("done", r.done, "done"),
        ("taken_away", r.taken_away, "walked away from"),
        ("skipped", r.skipped, "skipped"),
        ("snoozed", r.snoozed, "snoozed"),
        ("unanswered", r.unanswered, "unanswered"),
    ]
    .into_iter()
    .enumerate()
    {
        if i > 0 {
            out.push_str(", ");
        }
        count(out, &at(&format!("reminders/{field}")), value.into());
        let _ = write!(out, " {word}");
    }
    out.push_str("</span></dd></div>\n</dl>\n");
}

/// How a natural break's cause reads in "5 away from the desk (3 idle, 2 locked)".
fn cause_name(cause: &str) -> &str {
    match cause {
        "idle" => "idle",
        "lock" => "locked",
        "suspend" => "asleep",
        "unknown" => "not known",
        other => other,
    }
}

/// The last day of the report.
pub fn today(out: &mut String, pages: &Pages) {
    let report = pages.report;
    let Some((i, day)) = report.days.iter().enumerate().next_back() else {
        return;
    };
    let _ = write!(
        out,
        "<section id=\"today\" aria-labelledby=\"today-title\">\n\
         <h2 id=\"today-title\">Today <span class=\"when\">{}</span></h2>\n\
         <p class=\"goal\">",
        text::day_name(day.date)
    );
    count(
        out,
        &format!("/days/{i}/tally/breaks/done"),
        day.tally.breaks.done.into(),
    );
    out.push_str(" of ");
    count(out, "/daily_goal", report.daily_goal.into());
    out.push_str(" stretches done");
    if day.goal_met {
        out.push_str(" — <strong class=\"met\">goal met</strong>");
    }
    out.push_str(". Streak: ");
    count(out, "/streak/current", report.streak.current.into());
    out.push_str(" days in a row; longest ");
    count(out, "/streak/longest", report.streak.longest.into());
    out.push_str(".</p>\n");
    numbers(out, &format!("/days/{i}/tally"), &day.tally);
    out.push_str("</section>\n");
}

/// The last week of the report, Monday to Sunday.
pub fn week(out: &mut String, pages: &Pages) {
    let report = pages.report;
    let Some((w, week)) = report.weeks.iter().enumerate().next_back() else {
        return;
    };
    let dates = (0..7).filter_map(|i| week.start.checked_add(i.days()).ok());
    let slots = pages.slots(dates);
    let _ = write!(
        out,
        "<section id=\"week\" aria-labelledby=\"week-title\">\n\
         <h2 id=\"week-title\">This week <span class=\"when\">from {}</span></h2>\n<p class=\"goal\">Goal met on ",
        text::day_name(week.start)
    );
    count(out, &format!("/weeks/{w}/goal_days"), week.goal_days.into());
    let in_range = slots.iter().filter(|(_, d)| d.is_some()).count();
    let _ = writeln!(out, " of {}.</p>", plural(in_range as u64, "day", "days"));
    numbers(out, &format!("/weeks/{w}/tally"), &week.tally);
    out.push_str("<div class=\"charts\">\n<figure>\n");
    charts::sitting(out, "week-sitting", &slots, Labels::Weekdays);
    out.push_str("</figure>\n<figure>\n");
    charts::answers(
        out,
        "week-answers",
        &slots,
        Labels::Weekdays,
        report.daily_goal,
    );
    out.push_str("</figure>\n<figure>\n");
    charts::areas(out, "week-areas", &week.tally);
    out.push_str("<details><summary>Areas as text</summary><ul class=\"counts\">");
    for (area, n) in charts::areas_of(&week.tally) {
        let _ = write!(out, "<li>{}: ", escape(&text::area_name(&area)));
        count(
            out,
            &pointer(&["weeks", &w.to_string(), "tally", "areas", &area]),
            n,
        );
        out.push_str("</li>");
    }
    out.push_str("</ul></details>\n</figure>\n</div>\n");
    days_table(out, pages, &slots, "The days of this week");
    out.push_str("</section>\n");
}

/// The whole report: by default the last 12 weeks.
pub fn range(out: &mut String, pages: &Pages, library: &Library) {
    let report = pages.report;
    let days = report.days.len() as u64;
    let span = if days % 7 == 0 {
        plural(days / 7, "week", "weeks")
    } else {
        plural(days, "day", "days")
    };
    let _ = write!(
        out,
        "<section id=\"range\" aria-labelledby=\"range-title\">\n\
         <h2 id=\"range-title\">The last {span} <span class=\"when\">{} to {}</span></h2>\n",
        text::day_name(report.from),
        text::day_name(report.to)
    );
    numbers(out, "/total", &report.total);
    let slots: Vec<Slot> = report.days.iter().map(|d| (d.date, Some(d))).collect();
    out.push_str("<div class=\"charts\">\n<figure>\n");
    charts::sitting(out, "range-sitting", &slots, Labels::Mondays);
    out.push_str("</figure>\n<figure>\n");
    charts::answers(
        out,
        "range-answers",
        &slots,
        Labels::Mondays,
        report.daily_goal,
    );
    out.push_str("</figure>\n<figure>\n");
    charts::streak(out, "range-streak", report, &|date| pages.day(date));
    out.push_str("<p class=\"caption\">Current streak ");
    count(out, "/streak/current", report.streak.current.into());
    out.push_str(" days, longest ");
    count(out, "/streak/longest", report.streak.longest.into());
    out.push_str(" days; the goal is ");
    count(out, "/daily_goal", report.daily_goal.into());
    out.push_str(" stretches a day.</p>\n</figure>\n");
    exercises(out, report, library);
    out.push_str("</div>\n");
    days_table(out, pages, &slots, "Every day");
    out.push_str("</section>\n");
}

/// The exercises done most and least, by their names in the library.
fn exercises(out: &mut String, report: &Report, library: &Library) {
    // An exercise hidden since, or a built-in one replaced, keeps its built-in name.
    let mut builtin: Option<Library> = None;
    let mut done: Vec<(String, String, u64)> = report
        .total
        .exercises
        .iter()
        .filter(|(_, &n)| n > 0)
        .map(|(id, &n)| {
            let name = match library.get(id) {
                Some(e) => e.name.clone(),
                None => builtin
                    .get_or_insert_with(Library::builtin)
                    .get(id)
                    .map_or_else(
                        || format!("{id} (no longer in the library)"),
                        |e| e.name.clone(),
                    ),
            };
            (id.clone(), name, u64::from(n))
        })
        .collect();
    // Most first; equal counts by name, so the page is the same for the same log.
    done.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
    let top = done.first().map_or(0, |e| e.2);
    out.push_str("<figure class=\"exercises\">\n");
    if done.is_empty() {
        out.push_str(
            "<h3>Exercises</h3>\n<p class=\"caption\">No stretches done yet in this range.</p>\n",
        );
    } else if done.len() <= 2 * RANKED {
        charts::exercises(
            out,
            "range-exercises",
            "Exercises done, most first",
            &done,
            top,
        );
        exercise_list(out, &done);
    } else {
        let most = &done[..RANKED];
        let mut least = done[done.len() - RANKED..].to_vec();
        least.reverse();
        charts::exercises(out, "range-most", "Exercises done most", most, top);
        charts::exercises(out, "range-least", "Exercises done least", &least, top);
        exercise_list(out, &done);
    }
    out.push_str("</figure>\n");
}

fn exercise_list(out: &mut String, done: &[(String, String, u64)]) {
    out.push_str("<details><summary>All exercises as text</summary><ol class=\"counts\">");
    for (id, name, n) in done {
        let _ = write!(out, "<li>{}: ", escape(name));
        count(out, &pointer(&["total", "exercises", id]), *n);
        out.push_str("</li>");
    }
    out.push_str("</ol></details>\n");
}

/// The numbers behind the day charts, a row per day in the range.
fn days_table(out: &mut String, pages: &Pages, slots: &[Slot], summary: &str) {
    let _ = write!(
        out,
        "<details class=\"table\"><summary>{summary} as a table</summary>\n<table>\n<thead><tr>\
         <th scope=\"col\">Day</th><th scope=\"col\">Sitting</th><th scope=\"col\">Longest</th>\
         <th scope=\"col\">Done</th><th scope=\"col\">Skipped</th></tr></thead>\n<tbody>\n"
    );
    for &(date, day) in slots {
        let (Some(day), Some(&i)) = (day, pages.index.get(&date)) else {
            continue;
        };
        let base = format!("/days/{i}/tally");
        let t = &day.tally;
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>",
            text::day_name(date)
        );
        duration(out, &format!("{base}/sitting_s"), Some(t.sitting_s));
        out.push_str("</td><td>");
        match t.longest {
            Some(s) => duration(out, &format!("{base}/longest/length_s"), Some(s.length_s)),
            None => data(out, &format!("{base}/longest"), None, "—"),
        }
        out.push_str("</td><td>");
        count(out, &format!("{base}/breaks/done"), t.breaks.done.into());
        out.push_str("</td><td>");
        count(
            out,
            &format!("{base}/reminders/skipped"),
            t.reminders.skipped.into(),
        );
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</details>\n");
}
