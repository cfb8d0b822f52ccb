//! The page itself: one HTML string, with its style and script inline, that needs nothing else.

use std::fmt::Write as _;

use super::escape::escape;
use crate::exercise::{short_duration, Exercise};

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("timer.js");

/// The CSP admits the timer script by its hash, not with 'unsafe-inline', so that even text that
/// slipped past `escape` could not run. After editing `timer.js`, set this to the output of
/// `openssl dgst -sha256 -binary src/page/timer.js | base64` (the browser test fails until then,
/// and Chromium's message names the hash it wants).
const SCRIPT_SHA256: &str = "Fff2aZaSrmXyzizYQ68psyOWmQG3EfL5SjEYZS1UjIg=";

/// A page's head: its title (already escaped), its style, and a CSP that admits only inline
/// style, `data:` pictures and the one script whose hash is given.
pub(super) fn head(page: &mut String, title: &str, style: &str, script_sha256: &str) {
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'sha256-{script_sha256}'; img-src data:; \
         base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"color-scheme\" content=\"light dark\">\n\
         <title>{title} · unknot</title>\n<style>\n{style}</style>\n</head>\n"
    );
}

/// Said in every page, whatever the exercise file says.
pub(super) const NOTE: &str =
    "unknot suggests general stretches; it is not medical advice. If something \
                    hurts, stop; if pain, numbness or tingling persists, see a professional.";

/// The whole page for `exercise`. `picture` is inlined as markup, so it must be a built-in SVG
/// (`crate::exercise::builtin_svg`), never one read from the user's files; `None` leaves the
/// picture out.
pub fn render(exercise: &Exercise, picture: Option<&str>) -> String {
    let name = escape(&exercise.name);
    let mut page = String::with_capacity(STYLE.len() + SCRIPT.len() + 8192);
    head(&mut page, &name, STYLE, SCRIPT_SHA256);
    page.push_str("<body>\n<main>\n");
    header(&mut page, exercise, &name);
    let layout = if picture.is_some() {
        "layout"
    } else {
        "layout no-picture"
    };
    let _ = writeln!(page, "<div class=\"{layout}\">");
    if let Some(svg) = picture {
        let _ = writeln!(
            page,
            "<figure class=\"picture\">\n{}\n</figure>",
            svg.trim()
        );
    }
    page.push_str("<div class=\"how\">\n");
    steps(&mut page, exercise);
    dose(&mut page, exercise);
    cautions(&mut page, exercise);
    page.push_str("</div>\n</div>\n");
    footer(&mut page, exercise);
    let _ = write!(
        page,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    page
}

fn header(page: &mut String, exercise: &Exercise, name: &str) {
    let _ = write!(
        page,
        "<header>\n<p class=\"brand\">unknot · a short break</p>\n<h1>{name}</h1>\n\
         <p class=\"cue\">{}</p>\n<ul class=\"tags\" aria-label=\"About this exercise\">\n",
        escape(&exercise.cue)
    );
    let mut tag = |class: &str, label: &str, word: &str| {
        let _ = writeln!(
            page,
            "<li class=\"{class}\" title=\"{label}\">{}</li>",
            escape(&word.replace('-', " "))
        );
    };
    tag("kind", "Kind", exercise.kind.as_str());
    tag("area", "Area", exercise.area.as_str());
    for place in &exercise.places {
        tag("place", "Where", place.as_str());
    }
    for thing in &exercise.equipment {
        tag("needs", "You need", &format!("needs: {}", thing.as_str()));
    }
    page.push_str("</ul>\n</header>\n");
}

fn steps(page: &mut String, exercise: &Exercise) {
    page.push_str("<section aria-labelledby=\"steps-title\">\n<h2 id=\"steps-title\">How to</h2>\n<ol class=\"steps\">\n");
    for step in &exercise.steps {
        let _ = writeln!(page, "<li>{}</li>", escape(step));
    }
    page.push_str("</ol>\n</section>\n");
}

/// How much to do, and a timer for the whole go. The timer starts hidden: without the script
/// its buttons would do nothing, and the dose above it still says how long.
fn dose(page: &mut String, exercise: &Exercise) {
    let secs = exercise.duration.as_secs();
    let total = short_duration(exercise.duration);
    let _ = write!(
        page,
        "<section class=\"dose\" aria-labelledby=\"dose-title\">\n<h2 id=\"dose-title\">How much</h2>\n\
         <p class=\"amount\">{}</p>\n",
        escape(&sentence_case(&exercise.dose()))
    );
    // A dose without reps or a hold already reads "about <duration>".
    if exercise.reps.is_some() || exercise.hold.is_some() {
        let _ = writeln!(page, "<p class=\"total\">About {total} in all</p>");
    }
    if secs > 0 {
        let _ = write!(
            page,
            "<div class=\"timer\" id=\"timer\" data-seconds=\"{secs}\" role=\"group\" \
             aria-label=\"Timer for {total}\" hidden>\n\
             <span class=\"clock\" id=\"timer-clock\"></span>\n\
             <button type=\"button\" class=\"primary\" id=\"timer-toggle\">Start</button>\n\
             <button type=\"button\" class=\"secondary\" id=\"timer-reset\">Reset</button>\n\
             <p class=\"timer-status\" id=\"timer-status\" role=\"status\"></p>\n</div>\n"
        );
    }
    page.push_str("</section>\n");
}

fn cautions(page: &mut String, exercise: &Exercise) {
    if exercise.cautions.is_empty() {
        return;
    }
    page.push_str(
        "<aside class=\"caution\" aria-labelledby=\"caution-title\">\n\
         <h2 id=\"caution-title\">Take care</h2>\n<ul>\n",
    );
    for caution in &exercise.cautions {
        let _ = writeln!(page, "<li>{}</li>", escape(caution));
    }
    page.push_str("</ul>\n</aside>\n");
}

fn footer(page: &mut String, exercise: &Exercise) {
    let _ = write!(
        page,
        "<footer>\n<p class=\"source\">From: <cite>{}</cite></p>\n<p class=\"note\">{NOTE}</p>\n</footer>\n",
        escape(&exercise.source)
    );
}

/// "hold 30 s, each side" as the first words of a line: "Hold 30 s, each side".
pub(super) fn sentence_case(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
