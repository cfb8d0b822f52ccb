//! The routine page as the browser tests use it: a routine of built-in exercises written to
//! disk, opened in Chromium over the DevTools pipe, and what the page shows read back.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use unknot::exercise::{Exercise, Library};

use super::cdp::Browser;

/// A routine as the core picks one: open the front, strengthen the back, release, a habit.
pub const ROUTINE: [&str; 4] = [
    "wall-pec-stretch",
    "wall-angels",
    "upper-trap-ball-release",
    "chin-tuck",
];

pub fn routine() -> Vec<Exercise> {
    let library = Library::builtin();
    ROUTINE
        .iter()
        .map(|id| {
            library
                .get(id)
                .cloned()
                .unwrap_or_else(|| panic!("no built-in exercise {id:?}"))
        })
        .collect()
}

pub fn write_page(exercises: &[Exercise], dir: &Path) -> PathBuf {
    let refs: Vec<&Exercise> = exercises.iter().collect();
    unknot::page::routine::write(&refs, dir).expect("write the routine page")
}

/// Chromium with the page open, after checking it loaded with nothing said in the console.
pub fn open(scratch: &Path, page: &Path) -> Browser {
    let mut browser = Browser::start(scratch);
    browser.open(page);
    assert_quiet(&mut browser, "on load");
    browser
}

pub fn assert_quiet(browser: &mut Browser, when: &str) {
    let problems = browser.problems();
    assert!(
        problems.is_empty(),
        "{when}: the page made the browser complain (after editing routine.js, update \
         SCRIPT_SHA256 in src/page/routine/render.rs):\n{}",
        problems.join("\n")
    );
}

/// What the page shows now: the steps not hidden (1-based), the progress line, the heading of
/// the step shown, the clock, the Start button's word, what was announced, and the title.
pub const STATE: &str = "(() => {\
    const steps = [...document.querySelectorAll('#routine > li')];\
    const shown = steps.map((s, i) => s.hidden ? 0 : i + 1).filter(n => n > 0);\
    const one = shown.length === 1 ? steps[shown[0] - 1] : null;\
    return {\
      shown, progress: document.getElementById('progress').textContent,\
      heading: one ? one.querySelector('h2').textContent : null,\
      clock: document.getElementById('clock').textContent,\
      toggle: document.getElementById('toggle').textContent,\
      announced: document.getElementById('announce').textContent,\
      title: document.title,\
      prev: document.getElementById('prev').getAttribute('aria-disabled'),\
      next: document.getElementById('next').getAttribute('aria-disabled'),\
    }; })()";

pub fn state(browser: &mut Browser) -> Value {
    browser.eval(STATE)
}

/// "1:15" for 75 seconds, as the page's clock writes it.
pub fn clock(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Waits until the page shows step `n` (1-based) of `of`, with its heading `heading`.
pub fn wait_for_step(browser: &mut Browser, n: usize, of: usize, heading: &str) {
    browser.wait_for(
        &format!("step {n} of {of} ({heading})"),
        &format!(
            "(() => {{ const s = {STATE}; return s.shown.length === 1 && s.shown[0] === {n} \
             && s.progress === '{n} of {of}' && s.heading === {h}; }})()",
            h = json!(heading)
        ),
        &format!("JSON.stringify({STATE})"),
    );
}

/// Presses Tab until the element `id` has the focus, a round of the page at most.
pub fn tab_to(browser: &mut Browser, id: &str) {
    for _ in 0..8 {
        browser.key("Tab");
        if browser.text("document.activeElement.id") == id {
            return;
        }
    }
    panic!("Tab never reached #{id}");
}
