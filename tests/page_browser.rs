//! The exercise page in a real browser: headless Chromium loads it from disk, runs its timer
//! script with no console error and no Content-Security-Policy complaint, keeps hostile text as
//! text, and draws the picture and the steps.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`); a missing one fails the test.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use support::browser::{assert_quiet_console as quiet, console_lines, load, screenshot};
use unknot::exercise::{Exercise, Library};

const WINDOW: (u32, u32) = (1000, 900);

fn assert_quiet_console(run: &support::browser::Run, what: &str) {
    quiet(
        run,
        what,
        "after editing timer.js, update SCRIPT_SHA256 in src/page/render.rs",
    );
}

fn builtin(id: &str) -> Exercise {
    Library::builtin()
        .get(id)
        .cloned()
        .unwrap_or_else(|| panic!("no built-in exercise {id:?}"))
}

/// A user's exercise whose every text tries to break out into markup, and that has no picture.
fn hostile() -> Exercise {
    Exercise {
        id: "hostile-text".into(),
        name: r#"<script>document.title="pwned"</script> Pec "stretch""#.into(),
        cue: "</title><script>throw new Error('cue ran')</script>".into(),
        steps: vec![
            r#"Say "hi" & 'bye' <img src=x onerror="throw 1">"#.into(),
            "</li></ol><script>throw new Error('step ran')</script>".into(),
        ],
        cautions: vec!["</aside><iframe src=\"https://example.com\"></iframe>".into()],
        source: r#"" onmouseover="throw 2"#.into(),
        illustration: "no-such-picture".into(),
        ..builtin("wall-pec-stretch")
    }
}

fn write_page(exercise: &Exercise, dir: &Path) -> PathBuf {
    unknot::page::write(exercise, dir).unwrap_or_else(|e| panic!("{}: {e}", exercise.id))
}

#[test]
fn the_console_check_sees_errors_and_policy_violations() {
    // Without this, a Chromium that stopped logging the console would pass every page.
    let scratch = tempfile::tempdir().expect("temp dir");
    let page = scratch.path().join("broken.html");
    fs::write(
        &page,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'\"></head><body><p>broken</p>\
         <img src=\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\">\
         <script>noSuchFunction();</script></body></html>",
    )
    .expect("write the broken page");
    let run = load(scratch.path(), &page, &[]);
    let lines = console_lines(&run.stderr).join("\n");
    assert!(
        lines.contains("Uncaught ReferenceError"),
        "no uncaught error logged:\n{}",
        run.stderr
    );
    assert!(
        lines.contains("Content Security Policy"),
        "no CSP violation logged:\n{}",
        run.stderr
    );
}

#[test]
fn a_builtin_page_loads_cleanly_with_its_picture_and_steps() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let exercise = builtin("wall-pec-stretch");
    let page = write_page(&exercise, &scratch.path().join("pages"));

    let run = load(scratch.path(), &page, &[]);
    assert_quiet_console(&run, "wall-pec-stretch");
    let dom = &run.stdout;
    assert!(dom.contains("<svg"), "no svg element in the DOM:\n{dom}");
    for step in &exercise.steps {
        assert!(dom.contains(step.as_str()), "step {step:?} missing:\n{dom}");
    }
    // The script ran: it shows the timer it keeps hidden until it can drive it.
    assert!(
        dom.contains("id=\"timer-clock\">1:15</span>"),
        "timer not set up:\n{dom}"
    );
    let timer_tag = dom
        .split("<div class=\"timer\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or_else(|| panic!("no timer in the DOM:\n{dom}"));
    assert!(
        !timer_tag.contains("hidden"),
        "timer still hidden: {timer_tag}"
    );

    let shot = screenshot(scratch.path(), &page, "wall-pec-stretch", WINDOW, &[]);
    assert_eq!((shot.width, shot.height), WINDOW, "screenshot size");
    // The drawing sits in the left column: its figure lines and its red-orange arrow show there.
    let figure = shot.count_near(0..330, [0x2f, 0x3e, 0x46]);
    let arrow = shot.count_near(0..330, [0xe7, 0x6f, 0x51]);
    assert!(
        figure > 1500 && arrow > 300,
        "picture not drawn: {figure} figure and {arrow} arrow pixels"
    );
    // The steps column is text on the page's background, not an empty area.
    let text = shot.count_near(330..1000, [0x1f, 0x2a, 0x30]);
    assert!(text > 1500, "steps not drawn: {text} text pixels");
}

#[test]
fn hostile_text_stays_text_in_the_browser() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let page = write_page(&hostile(), &scratch.path().join("pages"));

    let run = load(scratch.path(), &page, &[]);
    assert_quiet_console(&run, "hostile text");
    let dom = &run.stdout;
    // Exactly the page's own script, and none of the tags the text spells out.
    assert_eq!(dom.matches("<script").count(), 1, "{dom}");
    for tag in ["<img", "<iframe", "<svg"] {
        assert!(!dom.contains(tag), "{tag} became an element:\n{dom}");
    }
    assert!(
        dom.contains(
            "<title>&lt;script&gt;document.title=\"pwned\"&lt;/script&gt; Pec \"stretch\" · unknot</title>"
        ),
        "title not kept as text:\n{dom}"
    );
    assert!(
        dom.contains("<li>Say \"hi\" &amp; 'bye' &lt;img src=x onerror=\"throw 1\"&gt;</li>"),
        "step not kept as text:\n{dom}"
    );

    let shot = screenshot(scratch.path(), &page, "hostile-text", WINDOW, &[]);
    assert_eq!((shot.width, shot.height), WINDOW, "screenshot size");
}
