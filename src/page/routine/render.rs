//! The routine page as one HTML string, its style and script inline.

use std::fmt::Write as _;
use std::time::Duration;

use crate::exercise::{builtin_svg, short_duration, Exercise};
use crate::page::escape;
use crate::page::render::{head, sentence_case, NOTE};

/// The exercise page's look, so both pages read as one app, then what only this page has.
const STYLE: &str = concat!(include_str!("../style.css"), include_str!("routine.css"));
const SCRIPT: &str = include_str!("routine.js");

/// The CSP admits the script by its hash, as on the exercise page. After editing `routine.js`,
/// set this to the output of `openssl dgst -sha256 -binary src/page/routine/routine.js | base64`
/// (the browser test fails until then, and Chromium's message names the hash it wants).
const SCRIPT_SHA256: &str = "PGe/+prr0j7d6yRYTuWT8YNo9CdItGWHKPxjYVz4IsU=";

/// The whole page for `exercises`, in their order, then a last "All done" step.
pub fn render(exercises: &[&Exercise]) -> String {
    let count = exercises.len();
    let total: Duration = exercises.iter().map(|e| e.duration).sum();
    let exercises_word = if count == 1 { "exercise" } else { "exercises" };
    let mut page = String::with_capacity(STYLE.len() + SCRIPT.len() + count * 12 * 1024);
    let title = format!("A routine of {count} {exercises_word}");
    head(&mut page, &title, STYLE, SCRIPT_SHA256);
    let _ = write!(
        page,
        "<body>\n<main>\n<header>\n<p class=\"brand\">unknot · a longer break</p>\n\
         <h1>A routine of {count} {exercises_word}</h1>\n\
         <p class=\"cue\">About {} in all. Each exercise has a timer; press Start, and when \
         one ends the next begins.</p>\n</header>\n",
        short_duration(total),
    );
    player(&mut page, count + 1);
    page.push_str("<ol class=\"routine\" id=\"routine\">\n");
    for (i, exercise) in exercises.iter().enumerate() {
        step(&mut page, i + 1, count, exercise);
    }
    finish(&mut page, count + 1);
    page.push_str("</ol>\n");
    footer(&mut page, exercises);
    let _ = write!(
        page,
        "</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    page
}

/// The controls. Hidden until the script shows them: without it they would do nothing.
fn player(page: &mut String, steps: usize) {
    let _ = write!(
        page,
        "<div class=\"player\" id=\"player\" role=\"group\" aria-label=\"Routine controls\" hidden>\n\
         <div class=\"where\">\n<p class=\"progress\" id=\"progress\">1 of {steps}</p>\n\
         <progress id=\"progress-bar\" max=\"{steps}\" value=\"1\" aria-hidden=\"true\"></progress>\n\
         <span class=\"clock\" id=\"clock\" aria-hidden=\"true\"></span>\n</div>\n\
         <div class=\"buttons\">\n\
         <button type=\"button\" class=\"secondary\" id=\"prev\">Previous</button>\n\
         <button type=\"button\" class=\"primary\" id=\"toggle\">Start</button>\n\
         <button type=\"button\" class=\"secondary\" id=\"next\">Next</button>\n</div>\n\
         <div class=\"options\">\n<label class=\"switch\"><input type=\"checkbox\" role=\"switch\" \
         id=\"sound\"> A soft sound at each change</label>\n\
         <p class=\"keys\">Keys: ← and → move back and on.</p>\n</div>\n</div>\n\
         <p class=\"announce\" id=\"announce\" aria-live=\"polite\"></p>\n"
    );
}

/// One exercise: what its page shows, with headings a level down. `data-seconds` is the timer's
/// length; the names in `data-name` and `data-dose` are for the spoken announcement.
fn step(page: &mut String, n: usize, count: usize, exercise: &Exercise) {
    let name = escape(&exercise.name);
    let secs = exercise.duration.as_secs();
    let _ = write!(
        page,
        "<li class=\"step\" id=\"step-{n}\" data-seconds=\"{secs}\" data-name=\"{name}\" \
         data-dose=\"{}\" aria-labelledby=\"step-{n}-name\">\n\
         <p class=\"count\">Exercise {n} of {count}</p>\n<h2 class=\"name\" id=\"step-{n}-name\">{name}</h2>\n\
         <p class=\"cue\">{}</p>\n",
        escape(&short_duration(exercise.duration)),
        escape(&exercise.cue),
    );
    let picture = builtin_svg(exercise.illustration_name());
    let layout = if picture.is_some() {
        "layout"
    } else {
        "layout no-picture"
    };
    let _ = writeln!(page, "<div class=\"{layout}\">");
    if let Some(svg) = picture {
        // Every picture names its title `t`; ids must be unique in the page.
        let svg = svg
            .trim()
            .replace(" id=\"", &format!(" id=\"step-{n}-"))
            .replace(
                "aria-labelledby=\"",
                &format!("aria-labelledby=\"step-{n}-"),
            );
        let _ = writeln!(page, "<figure class=\"picture\">\n{svg}\n</figure>");
    }
    page.push_str("<div class=\"how\">\n<h3>How to</h3>\n<ol class=\"steps\">\n");
    for line in &exercise.steps {
        let _ = writeln!(page, "<li>{}</li>", escape(line));
    }
    let _ = write!(
        page,
        "</ol>\n<div class=\"dose\">\n<h3>How much</h3>\n<p class=\"amount\">{}</p>\n",
        escape(&sentence_case(&exercise.dose()))
    );
    // A dose without reps or a hold already reads "about <duration>".
    if exercise.reps.is_some() || exercise.hold.is_some() {
        let _ = writeln!(
            page,
            "<p class=\"total\">About {} in all</p>",
            short_duration(exercise.duration)
        );
    }
    page.push_str("</div>\n");
    if !exercise.cautions.is_empty() {
        page.push_str("<aside class=\"caution\">\n<h3>Take care</h3>\n<ul>\n");
        for caution in &exercise.cautions {
            let _ = writeln!(page, "<li>{}</li>", escape(caution));
        }
        page.push_str("</ul>\n</aside>\n");
    }
    page.push_str("</div>\n</div>\n</li>\n");
}

/// The last step: the routine counts once it is answered, and the page cannot answer for you.
fn finish(page: &mut String, n: usize) {
    let _ = write!(
        page,
        "<li class=\"step finish\" id=\"step-{n}\" data-seconds=\"0\" data-name=\"All done\" \
         aria-labelledby=\"step-{n}-name\">\n<h2 class=\"name\" id=\"step-{n}-name\">All done</h2>\n\
         <p>That was the whole routine. Now answer <strong>Done</strong> in the notification, \
         or choose Done in the tray menu, so that unknot counts it.</p>\n</li>\n"
    );
}

/// Each article named once, in the order the routine first uses it.
fn footer(page: &mut String, exercises: &[&Exercise]) {
    let mut sources: Vec<&str> = Vec::new();
    for e in exercises {
        if !sources.contains(&e.source.as_str()) {
            sources.push(&e.source);
        }
    }
    let cited: Vec<String> = sources
        .iter()
        .map(|s| format!("<cite>{}</cite>", escape(s)))
        .collect();
    let _ = write!(
        page,
        "<footer>\n<p class=\"source\">From: {}</p>\n<p class=\"note\">{NOTE}</p>\n</footer>\n",
        cited.join("; ")
    );
}
