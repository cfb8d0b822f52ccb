//! The routine page in a real browser, used as a person would: headless Chromium driven over
//! the DevTools protocol clicks and types through it, lets its timers run out on Chromium's
//! virtual clock, counts the AudioContexts it makes, and measures it at 360 pixels.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`); a missing one fails the test.

mod support;

use std::fs;

use serde_json::json;
use support::browser::scratch;
use support::cdp::Browser;
use support::routine_page::{
    assert_quiet, clock, open, routine, state, tab_to, wait_for_step, write_page,
};
use unknot::exercise::Exercise;

#[test]
fn the_problem_check_sees_errors_and_policy_violations() {
    // Without this, a browser that stopped reporting would pass every page.
    let scratch = scratch();
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
    let mut browser = Browser::start(scratch.path());
    browser.open(&page);
    let problems = browser.problems().join("\n");
    assert!(
        problems.contains("noSuchFunction"),
        "no exception seen:\n{problems}"
    );
    assert!(
        problems.contains("Content Security Policy"),
        "no CSP violation seen:\n{problems}"
    );
}

#[test]
fn the_page_loads_cleanly_in_light_and_dark_mode() {
    let scratch = scratch();
    let exercises = routine();
    let page = write_page(&exercises, &scratch.path().join("pages"));
    for (dark, background) in [(false, "rgb(246, 244, 239)"), (true, "rgb(21, 27, 30)")] {
        let mut browser = Browser::start(scratch.path());
        browser.scheme(dark);
        browser.open(&page);
        assert_quiet(&mut browser, if dark { "dark" } else { "light" });
        assert_eq!(
            browser.text("getComputedStyle(document.body).backgroundColor"),
            background,
            "dark: {dark}"
        );
        // The script took over: the controls show, and one exercise at a time.
        let s = state(&mut browser);
        assert_eq!(s["shown"], json!([1]), "{s}");
        assert_eq!(s["progress"], "1 of 5", "{s}");
        assert_eq!(s["heading"], exercises[0].name.as_str(), "{s}");
        assert_eq!(s["clock"], clock(exercises[0].duration.as_secs()), "{s}");
        assert_eq!(s["toggle"], "Start", "{s}");
        assert_eq!(
            browser.eval("document.getElementById('player').hidden"),
            false
        );
        // Each exercise has its picture, drawn at a real size.
        let pictures = browser.eval(
            "[...document.querySelectorAll('#routine > li')].map(s => { \
               const svg = s.querySelector('svg'); return svg ? svg.getAttribute('aria-labelledby') : null; })",
        );
        assert_eq!(
            pictures,
            json!(["step-1-t", "step-2-t", "step-3-t", "step-4-t", null])
        );
        let width =
            browser.eval("document.querySelector('#step-1 svg').getBoundingClientRect().width");
        assert!(width.as_f64() > Some(150.0), "picture {width} px wide");
    }
}

#[test]
fn a_click_through_the_whole_routine_with_next_and_back_with_previous() {
    let scratch = scratch();
    let exercises = routine();
    let page = write_page(&exercises, &scratch.path().join("pages"));
    let mut browser = open(scratch.path(), &page);
    let of = exercises.len() + 1;
    assert_eq!(state(&mut browser)["prev"], "true");
    for (i, e) in exercises.iter().enumerate() {
        wait_for_step(&mut browser, i + 1, of, &e.name);
        let s = state(&mut browser);
        assert_eq!(s["clock"], clock(e.duration.as_secs()), "{s}");
        // The steps shown are this exercise's, in its order.
        let shown = browser.eval(&format!(
            "[...document.querySelectorAll('#step-{} .steps li')].map(l => l.textContent)",
            i + 1
        ));
        assert_eq!(shown, json!(e.steps), "{}", e.id);
        if i > 0 {
            let announced = s["announced"].as_str().unwrap_or_default();
            assert!(
                announced.starts_with(&format!("{} of {of}: {}", i + 1, e.name)),
                "{s}"
            );
        }
        browser.click("#next");
    }
    wait_for_step(&mut browser, of, of, "All done");
    let s = state(&mut browser);
    assert_eq!(s["next"], "true", "{s}");
    assert_eq!(s["clock"], "", "{s}");
    assert!(
        s["announced"]
            .as_str()
            .unwrap_or_default()
            .starts_with("All done. Answer Done"),
        "{s}"
    );
    let told = browser.text("document.getElementById('step-5').textContent");
    assert!(told.contains("answer Done in the notification"), "{told}");
    // Next at the end stays at the end.
    browser.click("#next");
    assert_eq!(state(&mut browser)["shown"], json!([of]));

    for (i, e) in exercises.iter().enumerate().rev() {
        browser.click("#prev");
        wait_for_step(&mut browser, i + 1, of, &e.name);
    }
    browser.click("#prev");
    assert_eq!(state(&mut browser)["shown"], json!([1]));
    assert_quiet(&mut browser, "after the click-through");
}

/// Clicks the Start / Pause button and lets virtual time run a millisecond at a time until the
/// page has taken the click, its button then saying `then`: the click's handling may wait
/// for the page's next frame, and the test must know when the timer started or stopped.
fn press_on_virtual_time(browser: &mut Browser, then: &str) {
    browser.click("#toggle");
    for _ in 0..1000 {
        if state(browser)["toggle"] == then {
            return;
        }
        browser.advance(1);
    }
    panic!("the page did not take the click: {}", state(browser));
}

#[test]
fn the_timer_moves_on_by_itself_when_it_ends() {
    let scratch = scratch();
    let exercises = routine();
    let page = write_page(&exercises, &scratch.path().join("pages"));
    let mut browser = open(scratch.path(), &page);
    let of = exercises.len() + 1;
    browser.pause_time();
    press_on_virtual_time(&mut browser, "Pause");
    // Virtual milliseconds since Start; each exercise ends where the one before it ended, to
    // the millisecond, however the page's clock ticks.
    let mut now = 0;
    let mut to = |browser: &mut Browser, at: u64| {
        browser.advance(at - now);
        now = at;
    };
    let mut ends = 0;
    for (i, e) in exercises.iter().enumerate() {
        ends += e.duration.as_millis() as u64;
        // Just before its timer ends the exercise is still up, its last second showing.
        to(&mut browser, ends - 500);
        let s = state(&mut browser);
        assert_eq!(s["shown"], json!([i + 1]), "{}: {s}", e.id);
        assert_eq!(s["clock"], "0:01", "{}: {s}", e.id);
        assert!(
            s["title"]
                .as_str()
                .unwrap_or_default()
                .starts_with("0:01 · "),
            "{s}"
        );
        // Just after, the next one is up with its own timer running.
        to(&mut browser, ends + 100);
        let next = exercises.get(i + 1).map_or("All done", |n| n.name.as_str());
        wait_for_step(&mut browser, i + 2, of, next);
        if let Some(n) = exercises.get(i + 1) {
            let s = state(&mut browser);
            assert_eq!(s["clock"], clock(n.duration.as_secs()), "{s}");
            assert_eq!(s["toggle"], "Pause", "{s}");
        }
    }
    let s = state(&mut browser);
    assert_eq!(s["toggle"], "Start over", "{s}");
    assert_eq!(s["title"], "A routine of 4 exercises · unknot", "{s}");

    // Paused, the clock stands still however long it waits.
    press_on_virtual_time(&mut browser, "Start");
    wait_for_step(&mut browser, 1, of, &exercises[0].name);
    press_on_virtual_time(&mut browser, "Pause");
    // Half a second past the whole one, so that the page's coarse clock is not on the edge.
    browser.advance(10_500);
    press_on_virtual_time(&mut browser, "Resume");
    let s = state(&mut browser);
    let paused = s["clock"].clone();
    assert_eq!(paused, clock(exercises[0].duration.as_secs() - 10), "{s}");
    browser.advance(exercises[0].duration.as_millis() as u64 * 2);
    assert_eq!(state(&mut browser)["clock"], paused);
    assert_eq!(state(&mut browser)["shown"], json!([1]));
    assert_quiet(&mut browser, "after the timers");
}

#[test]
fn the_keyboard_alone_goes_through_it() {
    let scratch = scratch();
    let exercises = routine();
    let page = write_page(&exercises, &scratch.path().join("pages"));
    let mut browser = open(scratch.path(), &page);
    let of = exercises.len() + 1;
    // Tab reaches every control in reading order, each with a focus ring that shows.
    let mut order = Vec::new();
    for _ in 0..4 {
        browser.key("Tab");
        let focused = browser.eval(
            "(() => { const e = document.activeElement; const st = getComputedStyle(e);\
             return [e.id, e.matches(':focus-visible'), st.outlineStyle, st.outlineWidth]; })()",
        );
        assert_eq!(focused[1], true, "{focused}");
        assert_ne!(focused[2], "none", "{focused}");
        assert_ne!(focused[3], "0px", "{focused}");
        order.push(focused[0].as_str().unwrap_or_default().to_owned());
    }
    assert_eq!(order, ["prev", "toggle", "next", "sound"]);

    // Back to Next; Enter and Space press it.
    tab_to(&mut browser, "next");
    browser.key("Enter");
    wait_for_step(&mut browser, 2, of, &exercises[1].name);
    browser.key(" ");
    wait_for_step(&mut browser, 3, of, &exercises[2].name);
    // The arrows move wherever the focus is.
    browser.key("ArrowRight");
    wait_for_step(&mut browser, 4, of, &exercises[3].name);
    browser.key("ArrowLeft");
    wait_for_step(&mut browser, 3, of, &exercises[2].name);
    browser.key("ArrowRight");
    browser.key("ArrowRight");
    wait_for_step(&mut browser, 5, of, "All done");
    // The focus is still on a control, not lost with a hidden one.
    assert_eq!(browser.text("document.activeElement.id"), "next");
    // The sound switch takes Space.
    browser.key("Tab");
    assert_eq!(browser.text("document.activeElement.id"), "sound");
    browser.key(" ");
    assert_eq!(
        browser.eval("document.getElementById('sound').checked"),
        true
    );
    // Start over, from the keyboard, goes back to the first exercise.
    browser.key("ArrowLeft");
    browser.key("ArrowRight");
    tab_to(&mut browser, "toggle");
    assert_eq!(state(&mut browser)["toggle"], "Start over");
    browser.key("Enter");
    wait_for_step(&mut browser, 1, of, &exercises[0].name);
    assert_quiet(&mut browser, "after the keyboard");
}

/// Counts what the page asks of WebAudio, wrapping the real AudioContext.
const COUNT_AUDIO: &str = "(() => {\
    const Real = window.AudioContext;\
    const n = { made: 0, tones: 0, closed: 0 };\
    window.__audio = n;\
    window.AudioContext = class extends Real {\
      constructor(...a) { super(...a); n.made++; }\
      createOscillator() { n.tones++; return super.createOscillator(); }\
      close() { n.closed++; return super.close(); }\
    };\
  })();";

/// Waits until the AudioContexts made, tones played and contexts closed are `counts`.
fn wait_for_audio(browser: &mut Browser, counts: &str) {
    const COUNTS: &str =
        "JSON.stringify([window.__audio.made, window.__audio.tones, window.__audio.closed])";
    browser.wait_for(
        &format!("AudioContexts made, tones, closed: {counts}"),
        &format!("{COUNTS} === '{counts}'"),
        COUNTS,
    );
}

#[test]
fn the_sound_is_off_until_switched_on_and_the_choice_is_kept() {
    let scratch = scratch();
    let exercises = routine();
    let page = write_page(&exercises, &scratch.path().join("pages"));
    let mut browser = Browser::start(scratch.path());
    browser.before_each_page(COUNT_AUDIO);
    browser.open(&page);
    let audio = |b: &mut Browser| {
        b.eval("[window.__audio.made, window.__audio.tones, window.__audio.closed]")
    };
    let switch = |b: &mut Browser| b.eval("document.getElementById('sound').checked");
    assert_eq!(switch(&mut browser), false);
    // Off: changes make no sound, and no AudioContext at all.
    browser.click("#next");
    browser.click("#toggle");
    browser.click("#next");
    wait_for_step(&mut browser, 3, 5, &exercises[2].name);
    assert_eq!(audio(&mut browser), json!([0, 0, 0]));

    // On: one context, a tone to hear what it sounds like, then one at each change.
    browser.click("#sound");
    wait_for_audio(&mut browser, "[1,1,0]");
    assert_eq!(switch(&mut browser), true);
    browser.click("#prev");
    wait_for_step(&mut browser, 2, 5, &exercises[1].name);
    assert_eq!(audio(&mut browser), json!([1, 2, 0]));

    // Off again: the context is closed and changes are silent.
    browser.click("#sound");
    wait_for_audio(&mut browser, "[1,2,1]");
    browser.click("#next");
    wait_for_step(&mut browser, 3, 5, &exercises[2].name);
    assert_eq!(audio(&mut browser), json!([1, 2, 1]));

    // The choice outlives the page: on, reloaded, it is still on; no context is made before
    // the first key or click (a browser refuses sound before one), and the first change chimes.
    browser.click("#sound");
    wait_for_audio(&mut browser, "[2,3,1]");
    browser.reload();
    assert_eq!(switch(&mut browser), true);
    assert_eq!(audio(&mut browser), json!([0, 0, 0]));
    browser.key("ArrowRight");
    wait_for_step(&mut browser, 2, 5, &exercises[1].name);
    assert_eq!(audio(&mut browser), json!([1, 1, 0]));
    assert_quiet(&mut browser, "with sound");
}

/// The window's width, the document's scroll width, and the elements that reach past the right
/// edge or whose content spills out of them.
const OVERFLOW: &str = "(() => {\
    const w = document.documentElement.clientWidth;\
    const wide = [...document.querySelectorAll('body *')]\
      .filter(e => e.getClientRects().length > 0)\
      .filter(e => e.getBoundingClientRect().right > w + 0.5\
        || (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible'))\
      .map(e => e.tagName + (e.id ? '#' + e.id : ''));\
    return [w, document.documentElement.scrollWidth, wide.slice(0, 8)];\
  })()";

#[test]
fn at_360_pixels_no_step_overflows_in_light_or_dark_mode() {
    let scratch = scratch();
    let exercises = routine();
    let page = write_page(&exercises, &scratch.path().join("pages"));
    for dark in [false, true] {
        let mut browser = Browser::start(scratch.path());
        browser.window(360, 740);
        // As on a phone: a scroll bar would take the width being measured.
        browser.call("Emulation.setScrollbarsHidden", json!({ "hidden": true }));
        browser.scheme(dark);
        browser.open(&page);
        for n in 1..=exercises.len() + 1 {
            assert_eq!(
                browser.eval(OVERFLOW),
                json!([360, 360, []]),
                "step {n}, dark {dark}: (width, scroll width, elements past the edge)"
            );
            browser.click("#next");
        }
        assert_quiet(&mut browser, "at 360 px");
        // The measure can fail: a step wider than the window is caught.
        browser.eval(
            "document.querySelector('#step-5 p').insertAdjacentHTML('afterend', \
             '<pre id=\"w\">' + '0123456789'.repeat(6) + '</pre>'); true",
        );
        let too_wide = browser.eval(OVERFLOW);
        assert!(
            too_wide[1].as_u64() > Some(360) && too_wide[2].to_string().contains("PRE#w"),
            "{too_wide}"
        );
    }
}

#[test]
fn hostile_text_in_a_users_exercise_stays_text() {
    let scratch = scratch();
    let mut exercises = routine();
    exercises[1] = Exercise {
        id: "hostile-text".into(),
        name: r#"<script>document.title="pwned"</script> "Angels""#.into(),
        cue: "</p><script>throw new Error('cue ran')</script>".into(),
        steps: vec![
            r#"Say "hi" & 'bye' <img src=x onerror="throw 1">"#.into(),
            "</li></ol><script>throw new Error('step ran')</script>".into(),
        ],
        illustration: "no-such-picture".into(),
        ..exercises[1].clone()
    };
    let page = write_page(&exercises, &scratch.path().join("pages"));
    let mut browser = open(scratch.path(), &page);
    assert_eq!(browser.eval("document.scripts.length"), 1);
    assert_eq!(browser.eval("document.images.length"), 0);
    browser.key("ArrowRight");
    wait_for_step(&mut browser, 2, 5, &exercises[1].name);
    let announced = state(&mut browser)["announced"].clone();
    assert!(
        announced
            .as_str()
            .unwrap_or_default()
            .contains(&exercises[1].name),
        "{announced}"
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('#step-2 svg').length"),
        0
    );
    assert_quiet(&mut browser, "hostile text");
}
