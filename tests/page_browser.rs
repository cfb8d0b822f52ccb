//! The exercise page in a real browser: headless Chromium loads it from disk, runs its timer
//! script with no console error and no Content-Security-Policy complaint, keeps hostile text as
//! text, and draws the picture and the steps.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`); a missing one fails the test.

mod support;

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use support::process::{describe, GroupChild};
use support::tools::require;
use unknot::exercise::{Exercise, Library};

/// One Chromium run takes a second or two; a hung one must not hang the suite.
const RUN_LIMIT: Duration = Duration::from_secs(25);
const WINDOW: (u32, u32) = (1000, 900);

/// What Chromium printed for one page.
struct Run {
    stdout: String,
    stderr: String,
}

/// Runs headless Chromium on `page` with `action` flags, in a fresh profile under `scratch`.
fn chromium(scratch: &Path, page: &Path, action: &[String]) -> Run {
    let binary = require("chromium", "chromium");
    let n = fs::read_dir(scratch).map_or(0, |d| d.count());
    let profile = scratch.join(format!("profile-{n}"));
    let stdout_path = scratch.join(format!("stdout-{n}.txt"));
    let stderr_path = scratch.join(format!("stderr-{n}.txt"));
    let file = |p: &Path| {
        fs::File::create(p).unwrap_or_else(|e| panic!("cannot create {}: {e}", p.display()))
    };
    let mut cmd = Command::new(&binary);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(action)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(file(&stdout_path))
    .stderr(file(&stderr_path));
    let mut child = GroupChild::spawn("chromium", cmd);
    let status = child.wait_timeout(RUN_LIMIT);
    // Drop ends what the run left behind (zygote, GPU process), or all of it on a timeout.
    drop(child);
    let read = |p: &Path| fs::read_to_string(p).unwrap_or_default();
    let run = Run {
        stdout: read(&stdout_path),
        stderr: read(&stderr_path),
    };
    match status {
        Some(s) if s.success() => run,
        Some(s) => panic!(
            "chromium {action:?} on {} ended with {}\n{}",
            page.display(),
            describe(s),
            run.stderr
        ),
        None => panic!(
            "chromium {action:?} on {} took over {RUN_LIMIT:?}\n{}",
            page.display(),
            run.stderr
        ),
    }
}

/// The page's DOM after its script ran, and what the browser console said meanwhile.
fn load(scratch: &Path, page: &Path) -> Run {
    let flags = ["--enable-logging=stderr", "--v=0", "--dump-dom"].map(String::from);
    chromium(scratch, page, &flags)
}

/// Console lines from the page. Chromium logs each as
/// `[...:INFO:CONSOLE:3] "Uncaught ReferenceError: ...", source: file:///... (3)`, CSP
/// violations included ("... violates the following Content Security Policy directive ...").
/// The page itself logs nothing, so any console line is a failure.
fn console_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Uncaught")
                || l.contains("Content Security Policy")
        })
        .collect()
}

fn assert_quiet_console(run: &Run, what: &str) {
    let lines = console_lines(&run.stderr);
    assert!(
        lines.is_empty(),
        "{what}: the browser console reported problems (after editing timer.js, update \
         SCRIPT_SHA256 in src/page/render.rs):\n{}",
        lines.join("\n")
    );
}

/// The screenshot as (width, height, RGB pixels).
fn screenshot(scratch: &Path, page: &Path, name: &str) -> (u32, u32, Vec<[u8; 3]>) {
    let shot = scratch.join(format!("{name}.png"));
    let flags = [
        format!("--screenshot={}", shot.display()),
        format!("--window-size={},{}", WINDOW.0, WINDOW.1),
    ];
    chromium(scratch, page, &flags);
    let bytes = fs::read(&shot)
        .unwrap_or_else(|e| panic!("chromium wrote no screenshot {}: {e}", shot.display()));
    assert!(
        bytes.len() > 20_000,
        "{name}: a {}-byte screenshot is too small to show a page",
        bytes.len()
    );
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder
        .read_info()
        .unwrap_or_else(|e| panic!("{name}: not a PNG: {e}"));
    let size = reader
        .output_buffer_size()
        .unwrap_or_else(|| panic!("{name}: PNG too large"));
    let mut buf = vec![0; size];
    let frame = reader
        .next_frame(&mut buf)
        .unwrap_or_else(|e| panic!("{name}: bad PNG: {e}"));
    let channels = frame.color_type.samples();
    assert!(
        frame.bit_depth == png::BitDepth::Eight && channels >= 3,
        "{name}: unexpected PNG format {:?} {:?}",
        frame.color_type,
        frame.bit_depth
    );
    let pixels = buf[..frame.buffer_size()]
        .chunks_exact(channels)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    (frame.width, frame.height, pixels)
}

/// Pixels within a small distance of `color` in the columns `x_range`.
fn count_near(
    (width, _, pixels): &(u32, u32, Vec<[u8; 3]>),
    x_range: std::ops::Range<u32>,
    color: [u8; 3],
) -> usize {
    pixels
        .iter()
        .enumerate()
        .filter(|(i, _)| x_range.contains(&(*i as u32 % width)))
        .filter(|(_, p)| p.iter().zip(color).all(|(a, b)| a.abs_diff(b) <= 12))
        .count()
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
    let run = load(scratch.path(), &page);
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

    let run = load(scratch.path(), &page);
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

    let shot = screenshot(scratch.path(), &page, "wall-pec-stretch");
    assert_eq!((shot.0, shot.1), WINDOW, "screenshot size");
    // The drawing sits in the left column: its figure lines and its red-orange arrow show there.
    let figure = count_near(&shot, 0..330, [0x2f, 0x3e, 0x46]);
    let arrow = count_near(&shot, 0..330, [0xe7, 0x6f, 0x51]);
    assert!(
        figure > 1500 && arrow > 300,
        "picture not drawn: {figure} figure and {arrow} arrow pixels"
    );
    // The steps column is text on the page's background, not an empty area.
    let text = count_near(&shot, 330..1000, [0x1f, 0x2a, 0x30]);
    assert!(text > 1500, "steps not drawn: {text} text pixels");
}

#[test]
fn hostile_text_stays_text_in_the_browser() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let page = write_page(&hostile(), &scratch.path().join("pages"));

    let run = load(scratch.path(), &page);
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

    let shot = screenshot(scratch.path(), &page, "hostile-text");
    assert_eq!((shot.0, shot.1), WINDOW, "screenshot size");
}
