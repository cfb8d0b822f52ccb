//! Numbers as the page prints them, each tied to the field of the report it came from.
//!
//! Every number is a `<data value="V" data-json="/json/pointer">` element: `V` is the field's
//! value as `unknot stats --json` prints it (a number, or `null`), and the pointer (RFC 6901)
//! names the field in that JSON. So a test, or anyone, can check every number on the page
//! against the JSON of the same log. A count missing from a map in the JSON is 0.

use std::fmt::Write as _;

use jiff::civil::{Date, Weekday};

use crate::page::escape;

/// `value` printed as `text`, marked with its JSON `pointer`.
pub fn data(out: &mut String, pointer: &str, value: Option<u64>, text: &str) {
    let value = value.map_or_else(|| "null".to_owned(), |v| v.to_string());
    let _ = write!(
        out,
        "<data value=\"{value}\" data-json=\"{}\">{}</data>",
        escape(pointer),
        escape(text)
    );
}

/// A count, printed as itself.
pub fn count(out: &mut String, pointer: &str, value: u64) {
    data(out, pointer, Some(value), &value.to_string());
}

/// A duration in seconds, printed in hours and minutes; `None` as a dash.
pub fn duration(out: &mut String, pointer: &str, seconds: Option<u64>) {
    let text = seconds.map_or_else(|| "—".to_owned(), hours_minutes);
    data(out, pointer, seconds, &text);
}

/// A JSON pointer from its parts, each escaped as RFC 6901 says (`~` → `~0`, `/` → `~1`).
pub fn pointer(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        out.push('/');
        out.push_str(&part.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// "2 h 05 min", "45 min", "under 1 min", "0 min".
pub fn hours_minutes(seconds: u64) -> String {
    let minutes = seconds / 60;
    match (minutes / 60, minutes % 60) {
        (0, 0) if seconds > 0 => "under 1 min".to_owned(),
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

/// Axis labels: whole hours as "3 h", anything else in minutes.
pub fn hours_tick(seconds: u64) -> String {
    if seconds % 3600 == 0 {
        format!("{} h", seconds / 3600)
    } else {
        format!("{} min", seconds / 60)
    }
}

/// "Tue 1 Dec".
pub fn day_name(date: Date) -> String {
    format!(
        "{} {} {}",
        weekday(date.weekday()),
        date.day(),
        month(date.month())
    )
}

/// "1 Dec 2026".
pub fn long_date(date: Date) -> String {
    format!("{} {} {}", date.day(), month(date.month()), date.year())
}

/// "1 Dec".
pub fn short_date(date: Date) -> String {
    format!("{} {}", date.day(), month(date.month()))
}

pub fn weekday(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Mon",
        Weekday::Tuesday => "Tue",
        Weekday::Wednesday => "Wed",
        Weekday::Thursday => "Thu",
        Weekday::Friday => "Fri",
        Weekday::Saturday => "Sat",
        Weekday::Sunday => "Sun",
    }
}

/// English names, whatever the locale: the rest of the page is English too.
fn month(m: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES
        .get(usize::try_from(m - 1).unwrap_or(0))
        .copied()
        .unwrap_or("?")
}

/// "upper-back" as a heading: "Upper back".
pub fn area_name(area: &str) -> String {
    let words = area.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "1 stretch", "2 stretches".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn durations_read_in_hours_and_minutes() {
        assert_eq!(hours_minutes(0), "0 min");
        assert_eq!(hours_minutes(59), "under 1 min");
        assert_eq!(hours_minutes(60), "1 min");
        assert_eq!(hours_minutes(45 * 60 + 59), "45 min");
        assert_eq!(hours_minutes(3600), "1 h");
        assert_eq!(hours_minutes(2 * 3600 + 5 * 60), "2 h 05 min");
        assert_eq!(hours_tick(7200), "2 h");
        assert_eq!(hours_tick(1800), "30 min");
    }

    #[test]
    fn dates_read_in_english() {
        assert_eq!(day_name(date(2026, 12, 1)), "Tue 1 Dec");
        assert_eq!(long_date(date(2026, 1, 31)), "31 Jan 2026");
        assert_eq!(short_date(date(2026, 10, 5)), "5 Oct");
    }

    #[test]
    fn a_number_carries_its_value_and_escaped_pointer() {
        let mut out = String::new();
        duration(
            &mut out,
            &pointer(&["days", "3", "tally", "sitting_s"]),
            Some(5400),
        );
        assert_eq!(
            out,
            "<data value=\"5400\" data-json=\"/days/3/tally/sitting_s\">1 h 30 min</data>"
        );
        out.clear();
        duration(&mut out, "/total/moved_every_s", None);
        assert_eq!(
            out,
            "<data value=\"null\" data-json=\"/total/moved_every_s\">—</data>"
        );
        assert_eq!(pointer(&["a/b", "c~d"]), "/a~1b/c~0d");
    }

    #[test]
    fn areas_read_as_words() {
        assert_eq!(area_name("upper-back"), "Upper back");
        assert_eq!(area_name("neck"), "Neck");
    }
}
