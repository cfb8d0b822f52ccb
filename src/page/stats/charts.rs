//! The page's charts, drawn from the report: what each shows, in the shapes of `svg.rs`.

use jiff::civil::Date;
use jiff::ToSpan;

use super::svg::{self, Caption, Cell, Column, Level, Row, Scale};
use super::text::{area_name, day_name, hours_minutes, hours_tick, plural, short_date, weekday};
use crate::core::Area;
use crate::stats::{Day, Report, Tally};

/// A day of a chart: a date, and its numbers if the report has that day.
pub type Slot<'a> = (Date, Option<&'a Day>);

/// How to label the columns under the axis.
#[derive(Clone, Copy)]
pub enum Labels {
    /// Every day by its weekday: a week.
    Weekdays,
    /// Every other Monday by its date: many weeks.
    Mondays,
}

fn label(labels: Labels, i: usize, date: Date) -> Option<String> {
    match labels {
        Labels::Weekdays => Some(weekday(date.weekday()).to_owned()),
        Labels::Mondays if date.weekday() == jiff::civil::Weekday::Monday && i % 14 < 7 => {
            Some(short_date(date))
        }
        Labels::Mondays => None,
    }
}

/// Sitting time per day, the longest unbroken stretch drawn darker within it.
pub fn sitting(out: &mut String, id: &str, slots: &[Slot], labels: Labels) {
    let top = slots
        .iter()
        .filter_map(|(_, d)| *d)
        .map(|d| d.tally.sitting_s.max(longest(&d.tally)))
        .max()
        .unwrap_or(0);
    let columns: Vec<Column> = slots
        .iter()
        .enumerate()
        .map(|(i, &(date, day))| {
            let tally = day.map(|d| &d.tally);
            let sat = tally.map_or(0, |t| t.sitting_s);
            let long = tally.map_or(0, longest);
            let tip = match tally {
                Some(_) => format!(
                    "{}: sat {}, longest stretch {}",
                    day_name(date),
                    hours_minutes(sat),
                    hours_minutes(long)
                ),
                None => format!("{}: not in the range", day_name(date)),
            };
            Column {
                label: label(labels, i, date),
                tip,
                stack: vec![("sit", sat)],
                mark: Some(("longest", long)),
            }
        })
        .collect();
    let caption = Caption {
        id,
        title: "Sitting time per day",
        desc: "Hours sat each day; the darker part of each bar is the longest time sat \
               without a break.",
    };
    svg::columns(
        out,
        &caption,
        &Scale::fit(top, 3600, hours_tick),
        &columns,
        None,
    );
    svg::legend(out, &[("sit", "Sitting"), ("longest", "Longest stretch")]);
}

/// Stretches done and reminders skipped per day, against the daily goal.
pub fn answers(out: &mut String, id: &str, slots: &[Slot], labels: Labels, goal: u32) {
    let top = slots
        .iter()
        .filter_map(|(_, d)| *d)
        .map(|d| u64::from(d.tally.breaks.done + d.tally.reminders.skipped))
        .max()
        .unwrap_or(0)
        .max(u64::from(goal));
    let columns: Vec<Column> = slots
        .iter()
        .enumerate()
        .map(|(i, &(date, day))| {
            let tally = day.map(|d| &d.tally);
            let done = u64::from(tally.map_or(0, |t| t.breaks.done));
            let skipped = u64::from(tally.map_or(0, |t| t.reminders.skipped));
            Column {
                label: label(labels, i, date),
                tip: format!(
                    "{}: {} done, {skipped} skipped",
                    day_name(date),
                    plural(done, "stretch", "stretches")
                ),
                stack: vec![("done", done), ("skipped", skipped)],
                mark: None,
            }
        })
        .collect();
    let caption = Caption {
        id,
        title: "Stretches done and skipped per day",
        desc: "Stretches done each day, with the reminders skipped stacked above them; the \
               dashed line is the daily goal.",
    };
    let level = Level {
        class: "goal",
        value: u64::from(goal),
        name: format!(
            "Daily goal: {}",
            plural(goal.into(), "stretch", "stretches")
        ),
    };
    let scale = Scale::fit(top, 1, |v| v.to_string());
    svg::columns(
        out,
        &caption,
        &scale,
        &columns,
        Some(&level).filter(|_| goal > 0),
    );
    svg::legend(
        out,
        &[
            ("done", "Done"),
            ("skipped", "Skipped"),
            ("goal", "Daily goal"),
        ],
    );
}

/// The body areas there are, in the order the page lists them.
pub fn all_areas() -> Vec<&'static str> {
    // The match fails to compile when an area is added, so that it is added here too.
    let listed = |a: Area| match a {
        Area::Chest | Area::UpperBack | Area::Neck | Area::Shoulders | Area::Spine => a,
    };
    [
        Area::Chest,
        Area::UpperBack,
        Area::Neck,
        Area::Shoulders,
        Area::Spine,
    ]
    .map(|a| listed(a).as_str())
    .to_vec()
}

/// Every known area, worked or not, then any other the tally names (such as `unknown`).
pub fn areas_of(tally: &Tally) -> Vec<(String, u64)> {
    let known = all_areas();
    let mut rows: Vec<(String, u64)> = known
        .iter()
        .map(|&a| {
            (
                a.to_owned(),
                tally.areas.get(a).copied().map_or(0, u64::from),
            )
        })
        .collect();
    rows.extend(
        tally
            .areas
            .iter()
            .filter(|(a, _)| !known.contains(&a.as_str()))
            .map(|(a, n)| (a.clone(), u64::from(*n))),
    );
    rows
}

pub fn areas(out: &mut String, id: &str, tally: &Tally) {
    let rows: Vec<Row> = areas_of(tally)
        .into_iter()
        .map(|(area, n)| Row {
            name: area_name(&area),
            value: n,
            class: "area",
        })
        .collect();
    let caption = Caption {
        id,
        title: "Body areas worked this week",
        desc: "Stretches done this week for each body area, including the areas not worked.",
    };
    svg::rows(out, &caption, &rows, None);
}

/// Exercises as (id, name, count), the bars scaled so that `top` fills the width.
pub fn exercises(
    out: &mut String,
    id: &str,
    title: &str,
    list: &[(String, String, u64)],
    top: u64,
) {
    let rows: Vec<Row> = list
        .iter()
        .map(|(_, name, n)| Row {
            name: name.clone(),
            value: *n,
            class: "exercise",
        })
        .collect();
    let caption = Caption {
        id,
        title,
        desc: "How many times each exercise was done in the range.",
    };
    svg::rows(out, &caption, &rows, Some(top));
}

/// Days on which the goal was met, week by week, Monday at the top.
pub fn streak<'a>(
    out: &mut String,
    id: &str,
    report: &'a Report,
    day_at: &dyn Fn(Date) -> Option<&'a Day>,
) {
    let weeks: Vec<[Option<Cell>; 7]> = report
        .weeks
        .iter()
        .map(|week| {
            std::array::from_fn(|i| {
                let date = week.start.checked_add((i as i64).days()).ok()?;
                let day = day_at(date)?;
                let done = day.tally.breaks.done;
                let class = match (day.goal_met, done) {
                    (true, _) => "met",
                    (false, 0) => "none",
                    (false, _) => "some",
                };
                let met = if day.goal_met { ", goal met" } else { "" };
                Some(Cell {
                    class,
                    tip: format!(
                        "{}: {} done{met}",
                        day_name(date),
                        plural(done.into(), "stretch", "stretches")
                    ),
                })
            })
        })
        .collect();
    let caption = Caption {
        id,
        title: "Days the daily goal was met",
        desc: "One square per day, a column per week, Monday at the top: dark where the daily \
               goal was met, light where some stretches were done, grey where none.",
    };
    svg::calendar(out, &caption, &weeks);
    svg::legend(
        out,
        &[("met", "Goal met"), ("some", "Some"), ("none", "None")],
    );
}

fn longest(tally: &Tally) -> u64 {
    tally.longest.map_or(0, |s| s.length_s)
}
