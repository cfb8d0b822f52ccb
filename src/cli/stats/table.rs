//! The report as a table for the terminal: one row a day (a week, for ranges longer than a
//! month), the total, then the streak, the body areas and the exercises.

use std::collections::BTreeMap;
use std::io::{self, Write};

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::stats::{Report, Tally};

/// Longer ranges are shown a week a row.
const DAYS_SHOWN: usize = 31;

/// Hours and minutes, `2h 05m`, `47m`; `-` for none.
fn hm(seconds: u64) -> String {
    let minutes = seconds / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) => "-".into(),
        (0, m) => format!("{m}m"),
        (h, m) => format!("{h}h {m:02}m"),
    }
}

/// Columns: name, width.
const COLUMNS: [(&str, usize); 11] = [
    ("total", 8),
    ("longest", 8),
    ("done", 6),
    ("natural", 8),
    ("raised", 8),
    ("done", 6),
    ("away", 6),
    ("skipped", 8),
    ("snoozed", 8),
    ("missed", 7),
    ("moved every", 13),
];

/// Headings over the columns: name, how many columns.
const GROUPS: [(&str, usize); 4] = [("sitting", 2), ("breaks", 2), ("reminders", 6), ("", 1)];

const LABEL: usize = 12;

fn row(out: &mut dyn Write, label: &str, t: &Tally, mark: &str) -> io::Result<()> {
    let r = &t.reminders;
    let cells = [
        hm(t.sitting_s),
        t.longest.map_or("-".into(), |l| hm(l.length_s)),
        t.breaks.done.to_string(),
        t.breaks.natural.to_string(),
        r.raised.to_string(),
        r.done.to_string(),
        r.taken_away.to_string(),
        r.skipped.to_string(),
        r.snoozed.to_string(),
        r.unanswered.to_string(),
        t.moved_every_s.map_or("-".into(), hm),
    ];
    write!(out, "{label:<LABEL$}")?;
    for (cell, (_, width)) in cells.iter().zip(COLUMNS) {
        write!(out, "{cell:>width$}")?;
    }
    writeln!(out, "{mark}")
}

/// The exercises done most, the rest summed up: the page shows them all.
const EXERCISES_SHOWN: usize = 8;

fn counts(map: &BTreeMap<String, u32>) -> String {
    most(map, usize::MAX)
}

/// `name n, ...`, most first (equal counts by name), at most `shown` of them.
fn most(map: &BTreeMap<String, u32>, shown: usize) -> String {
    let mut items: Vec<(&String, &u32)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut text = items
        .iter()
        .take(shown)
        .map(|(name, n)| format!("{name} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > shown {
        text += &format!(" and {} more", items.len() - shown);
    }
    text
}

fn day_label(date: Date, today: Date) -> String {
    if date == today {
        "today".into()
    } else {
        date.strftime("%a %m-%d").to_string()
    }
}

pub(super) fn write(
    out: &mut dyn Write,
    report: &Report,
    today: Date,
    zone: &TimeZone,
) -> io::Result<()> {
    let days = report.days.len();
    let names: Vec<&str> = report
        .machines
        .iter()
        .map(|m| report.hosts.get(m).unwrap_or(m).as_str())
        .collect();
    let on = match names.len() {
        0 => "no history yet".to_string(),
        1 => format!("on {}", names[0]),
        n => format!("on {n} computers: {}", names.join(", ")),
    };
    writeln!(
        out,
        "{} to {} ({days} day{}), {on}",
        report.from.strftime("%a %Y-%m-%d"),
        report.to.strftime("%a %Y-%m-%d"),
        if days == 1 { "" } else { "s" },
    )?;
    writeln!(out)?;
    write!(out, "{:LABEL$}", "")?;
    let mut column = 0;
    for (name, span) in GROUPS {
        let width: usize = COLUMNS[column..column + span].iter().map(|c| c.1).sum();
        column += span;
        if name.is_empty() {
            continue;
        }
        // Right-aligned like the numbers, with a rule reaching left over the columns.
        let rule = "─".repeat(width.saturating_sub(name.len() + 3));
        write!(out, "  {rule} {name}")?;
    }
    writeln!(out)?;
    write!(
        out,
        "{:<LABEL$}",
        if days > DAYS_SHOWN { "week of" } else { "day" }
    )?;
    for (name, width) in COLUMNS {
        write!(out, "{name:>width$}")?;
    }
    writeln!(out)?;
    let goal = |met: bool| if met { "  ✓" } else { "" };
    if days > DAYS_SHOWN {
        for week in &report.weeks {
            let label = week.start.strftime("%Y-%m-%d").to_string();
            row(out, &label, &week.tally, "")?;
        }
    } else {
        for day in &report.days {
            row(
                out,
                &day_label(day.date, today),
                &day.tally,
                goal(day.goal_met),
            )?;
        }
    }
    if days > 1 {
        row(out, "total", &report.total, "")?;
    }
    writeln!(out)?;
    let met = report.days.iter().filter(|d| d.goal_met).count();
    let streak = report.streak;
    writeln!(
        out,
        "Goal: {} stretch{} a day ({met} of {days} day{} ✓). Streak: {} day{} (longest {}).",
        report.daily_goal,
        if report.daily_goal == 1 { "" } else { "es" },
        if days == 1 { "" } else { "s" },
        streak.current,
        if streak.current == 1 { "" } else { "s" },
        streak.longest,
    )?;
    let total = &report.total;
    if let Some(longest) = total.longest {
        let start = longest.start.to_zoned(zone.clone());
        writeln!(
            out,
            "Longest without a break: {} from {}.",
            hm(longest.length_s),
            start.strftime("%a %m-%d %H:%M")
        )?;
    }
    if !total.breaks.natural_by_cause.is_empty() {
        writeln!(
            out,
            "Natural breaks: {}.",
            counts(&total.breaks.natural_by_cause)
        )?;
    }
    if !total.areas.is_empty() {
        writeln!(out, "Body areas: {}.", counts(&total.areas))?;
    }
    if !total.exercises.is_empty() {
        writeln!(
            out,
            "Stretches: {}.",
            most(&total.exercises, EXERCISES_SHOWN)
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "breaks: stretches done, and natural breaks (away from every computer).\n\
         reminders: how each one ended: done, away (a natural break taken while it was open),\n\
         skipped, missed (never answered); snoozed counts the snoozes on the way."
    )
}
