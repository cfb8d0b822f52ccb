//! The three kinds of chart the page draws, as inline SVG: columns over days, rows of bars, and
//! a calendar of days. Colours are CSS classes (see `style.css`), so light and dark mode are
//! the stylesheet's business and the markup stays the same.
//!
//! Every chart is 360 units wide, the narrowest window it must read in; it scales up with
//! the window. Each has a visible heading and is `role="img"`, named by that heading and a
//! `<desc>`; the page prints the numbers beside it as text as well.

use std::fmt::Write as _;

use crate::page::escape;

pub const WIDTH: f64 = 360.0;

/// One column of a [`columns`] chart: stacked segments drawn bottom-up, and optionally a
/// mark drawn over them from the bottom (the longest stretch, within the day's sitting).
pub struct Column {
    /// Printed under the axis; `None` leaves the place blank (too many columns to name each).
    pub label: Option<String>,
    /// The column's tooltip, plain text.
    pub tip: String,
    pub stack: Vec<(&'static str, u64)>,
    pub mark: Option<(&'static str, u64)>,
}

/// The vertical scale: gridlines every `step` up to `max`, each named by `name`.
pub struct Scale {
    pub max: u64,
    pub step: u64,
    pub name: fn(u64) -> String,
}

impl Scale {
    /// A scale from 0 to at least `top` in steps that are a multiple of `unit`, with at
    /// most five gridlines.
    pub fn fit(top: u64, unit: u64, name: fn(u64) -> String) -> Scale {
        let unit = unit.max(1);
        let units = top.div_ceil(unit).max(1);
        let per_step = units.div_ceil(5).max(1);
        let step = per_step * unit;
        Scale {
            max: units.div_ceil(per_step) * step,
            step,
            name,
        }
    }
}

/// A level drawn across the whole chart (the daily goal), with its name.
pub struct Level {
    pub class: &'static str,
    pub value: u64,
    pub name: String,
}

/// What every chart says about itself, for screen readers and the page's anchors.
pub struct Caption<'a> {
    /// Unique in the page; the chart's heading and `<desc>` take their ids from it.
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
}

fn open(out: &mut String, caption: &Caption, height: f64) {
    let Caption { id, title, desc } = caption;
    let _ = write!(
        out,
        "<h3 id=\"{id}-t\">{}</h3>\n<svg class=\"chart\" id=\"{id}\" viewBox=\"0 0 {WIDTH} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-t {id}-d\" xmlns=\"http://www.w3.org/2000/svg\">\
         <desc id=\"{id}-d\">{}</desc>",
        escape(title),
        escape(desc)
    );
}

/// Columns over days (or weeks), with a scale on the left and labels underneath.
pub fn columns(
    out: &mut String,
    caption: &Caption,
    scale: &Scale,
    data: &[Column],
    level: Option<&Level>,
) {
    const HEIGHT: f64 = 170.0;
    const LEFT: f64 = 38.0;
    const RIGHT: f64 = 4.0;
    const TOP: f64 = 8.0;
    const BOTTOM: f64 = 20.0;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let base = HEIGHT - BOTTOM;
    let max = scale.max.max(1) as f64;
    let y = |v: u64| base - plot_h * (v.min(scale.max) as f64) / max;
    open(out, caption, HEIGHT);

    out.push_str("<g class=\"grid\">");
    let mut v = 0;
    while v <= scale.max {
        let _ = write!(
            out,
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
             <text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
            WIDTH - RIGHT,
            LEFT - 4.0,
            y(v) + 3.5,
            escape(&(scale.name)(v)),
            y = y(v),
        );
        v += scale.step.max(1);
    }
    out.push_str("</g>");

    let slot = plot_w / data.len().max(1) as f64;
    let bar = (slot * 0.72).max(1.0);
    for (i, column) in data.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let _ = write!(out, "<g><title>{}</title>", escape(&column.tip));
        let mut below = 0;
        for &(class, value) in &column.stack {
            if value > 0 {
                rect(
                    out,
                    class,
                    x,
                    y(below + value),
                    bar,
                    y(below) - y(below + value),
                );
            }
            below += value;
        }
        if let Some((class, value)) = column.mark.filter(|m| m.1 > 0) {
            rect(out, class, x, y(value), bar, base - y(value));
        }
        out.push_str("</g>");
        if let Some(label) = &column.label {
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                LEFT + slot * (i as f64 + 0.5),
                HEIGHT - 6.0,
                escape(label)
            );
        }
    }
    if let Some(level) = level {
        let _ = write!(
            out,
            "<line class=\"{}\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"><title>{}</title></line>",
            level.class,
            WIDTH - RIGHT,
            escape(&level.name),
            y = y(level.value)
        );
    }
    out.push_str("</svg>\n");
}

/// One row of a [`rows`] chart: a name above a bar and its count.
pub struct Row {
    pub name: String,
    pub value: u64,
    pub class: &'static str,
}

/// Longer names are cut in the chart (SVG text does not wrap); the table beside it has them
/// whole.
const NAME_CHARS: usize = 42;

/// Horizontal bars, one per row, scaled so that `top` fills the width (the largest row when
/// `None`; given, so that two charts side by side share a scale).
pub fn rows(out: &mut String, caption: &Caption, data: &[Row], top: Option<u64>) {
    const ROW: f64 = 32.0;
    const VALUE_ROOM: f64 = 34.0;
    let height = (ROW * data.len() as f64).max(ROW) + 4.0;
    let top = top
        .or_else(|| data.iter().map(|r| r.value).max())
        .unwrap_or(0)
        .max(1) as f64;
    let span = WIDTH - VALUE_ROOM;
    open(out, caption, height);
    for (i, row) in data.iter().enumerate() {
        let y = ROW * i as f64 + 2.0;
        let name = cut(&row.name, NAME_CHARS);
        let _ = write!(
            out,
            "<g><title>{}: {}</title><text class=\"name\" x=\"0\" y=\"{:.1}\">{}</text>",
            escape(&row.name),
            row.value,
            y + 12.0,
            escape(&name)
        );
        let w = span * row.value as f64 / top;
        rect(out, "track", 0.0, y + 17.0, span, 10.0);
        if row.value > 0 {
            rect(out, row.class, 0.0, y + 17.0, w, 10.0);
        }
        let _ = write!(
            out,
            "<text class=\"count\" x=\"{:.1}\" y=\"{:.1}\">{}</text></g>",
            span + 4.0,
            y + 26.5,
            row.value
        );
    }
    out.push_str("</svg>\n");
}

/// One day of a [`calendar`].
pub struct Cell {
    pub class: &'static str,
    pub tip: String,
}

/// Weeks as columns, Monday at the top; `None` is a day outside the range.
pub fn calendar(out: &mut String, caption: &Caption, weeks: &[[Option<Cell>; 7]]) {
    const LEFT: f64 = 30.0;
    const GAP: f64 = 3.0;
    let cols = weeks.len().max(1) as f64;
    let cell = ((WIDTH - LEFT) / cols - GAP).clamp(4.0, 22.0);
    let height = 7.0 * (cell + GAP);
    open(out, caption, height);
    for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri"), (6, "Sun")] {
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"0\" y=\"{:.1}\">{name}</text>",
            row as f64 * (cell + GAP) + cell / 2.0 + 3.5
        );
    }
    for (col, week) in weeks.iter().enumerate() {
        for (row, day) in week.iter().enumerate() {
            let Some(day) = day else { continue };
            let x = LEFT + col as f64 * (cell + GAP);
            let y = row as f64 * (cell + GAP);
            let _ = write!(out, "<g><title>{}</title>", escape(&day.tip));
            rect(out, day.class, x, y, cell, cell);
            out.push_str("</g>");
        }
    }
    out.push_str("</svg>\n");
}

/// Legend entries, as HTML beside the chart: a swatch in the class's colour and its name.
pub fn legend(out: &mut String, entries: &[(&str, &str)]) {
    out.push_str("<ul class=\"legend\">");
    for (class, name) in entries {
        let _ = write!(
            out,
            "<li><svg class=\"swatch\" viewBox=\"0 0 10 10\" aria-hidden=\"true\">\
             <rect class=\"{class}\" width=\"10\" height=\"10\"/></svg>{}</li>",
            escape(name)
        );
    }
    out.push_str("</ul>\n");
}

fn rect(out: &mut String, class: &str, x: f64, y: f64, w: f64, h: f64) {
    let _ = write!(
        out,
        "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{:.1}\"/>",
        h.max(0.0)
    );
}

/// `text` cut to `max` characters, the last of them an ellipsis.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scale_has_at_most_five_steps_of_whole_units() {
        let name = |v: u64| v.to_string();
        let s = Scale::fit(0, 3600, name);
        assert_eq!((s.max, s.step), (3600, 3600));
        let s = Scale::fit(5 * 3600 + 1, 3600, name);
        assert_eq!((s.max, s.step), (6 * 3600, 2 * 3600));
        let s = Scale::fit(4, 1, name);
        assert_eq!((s.max, s.step), (4, 1));
        let s = Scale::fit(11, 1, name);
        assert_eq!((s.max, s.step), (12, 3));
        assert!(s.max / s.step <= 5);
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("abcdefghij", 10), "abcdefghij");
        assert_eq!(cut("abcdefghijk", 10), "abcdefghi…");
    }

    #[test]
    fn a_chart_names_itself_for_screen_readers_and_escapes_text() {
        let mut out = String::new();
        let caption = Caption {
            id: "c",
            title: "Sitting <per> day",
            desc: "a & b",
        };
        rows(
            &mut out,
            &caption,
            &[Row {
                name: "<script>".into(),
                value: 3,
                class: "done",
            }],
            None,
        );
        assert!(
            out.contains("role=\"img\" aria-labelledby=\"c-t c-d\""),
            "{out}"
        );
        assert!(
            out.contains("<h3 id=\"c-t\">Sitting &lt;per&gt; day</h3>"),
            "{out}"
        );
        assert!(out.contains("<desc id=\"c-d\">a &amp; b</desc>"), "{out}");
        assert!(!out.contains("<script>"), "{out}");
    }
}
