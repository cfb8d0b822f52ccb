//! The Statistics page: one self-contained HTML file drawn from a [`Report`] — today, this week
//! and the whole range (the last 12 weeks) — with its charts as inline SVG.
//!
//! The SVG is written by hand (`svg.rs`, about 250 lines) rather than with a chart crate such
//! as plotters. The page needs three plain shapes (columns, bars, a calendar); plotters' SVG
//! backend writes every colour and font into the markup as attributes and sizes the drawing in
//! pixels. Here colours come from CSS classes, so one markup serves light and dark mode, text
//! takes the page's system font, and a `viewBox` lets each chart shrink to a 360-pixel window;
//! each element also gets a tooltip and an accessible name, and no dependency is added.
//! Twelve weeks make a page of about 95 kB, rendered in about 1 ms (release build).
//!
//! No script runs on it: the policy admits inline style and nothing else.

mod charts;
mod sections;
mod svg;
mod text;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use jiff::ToSpan;

use super::escape;
use super::PageError;
use crate::exercise::Library;
use crate::stats::Report;
use sections::Pages;

const STYLE: &str = include_str!("style.css");

/// The page's file name in the pages folder: capital letters, so that no exercise page (named
/// by its id, lower case) can take it.
pub const FILE_NAME: &str = "Statistics.html";

/// The page's range by default: the last 12 weeks, `today` included.
pub fn recent(today: Date) -> (Date, Date) {
    (today.checked_sub(83.days()).unwrap_or(today), today)
}

/// The whole page for `report`; exercises are named as `library` names them.
pub fn render(report: &Report, library: &Library) -> String {
    let pages = Pages::new(report);
    let mut page = String::with_capacity(STYLE.len() + 32 * 1024 + report.days.len() * 1024);
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>Statistics · unknot</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <header>\n<p class=\"brand\">unknot · statistics</p>\n<h1>Your sitting at a glance</h1>\n\
         <p class=\"range\">{} to {}",
        text::long_date(report.from),
        text::long_date(report.to),
    );
    // A computer by its host name where a `started` record gave one, else its machine id.
    let name = |m: &String| escape(report.hosts.get(m).unwrap_or(m));
    match report.machines.as_slice() {
        [] => {}
        [one] => {
            let _ = write!(page, ", from the log of {}", name(one));
        }
        many => {
            let names: Vec<String> = many.iter().map(name).collect();
            let _ = write!(
                page,
                ", from the logs of {} computers: {}",
                many.len(),
                names.join(", ")
            );
        }
    }
    page.push_str(".</p>\n</header>\n");
    if report.days.is_empty() {
        page.push_str("<p>No days in this range.</p>\n");
    }
    sections::today(&mut page, &pages);
    sections::week(&mut page, &pages);
    sections::range(&mut page, &pages, library);
    page.push_str(
        "<footer>\n<p>Sitting is time at the computer, not away from it; a break is a stretch \
         done or time away long enough to count as a natural break. Every number here is also \
         in <code>unknot stats --json</code>.</p>\n</footer>\n</main>\n</body>\n</html>\n",
    );
    page
}

/// Writes the page to `<dir>/Statistics.html` and returns that path.
pub fn write(report: &Report, library: &Library, dir: &Path) -> Result<PathBuf, PageError> {
    super::write::place(&render(report, library), &dir.join(FILE_NAME))
}

#[cfg(test)]
mod tests;
