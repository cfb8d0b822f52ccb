//! Headless Chromium for the page tests: load a page and dump its DOM with the console log,
//! take a screenshot and count its pixels by colour.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`); a missing one fails the test.

use std::fs;
use std::io::Cursor;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::process::{describe, GroupChild};
use super::tools::require;

/// One Chromium run takes a second or two; a hung one must not hang the suite.
const RUN_LIMIT: Duration = Duration::from_secs(25);

/// What Chromium printed for one page.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
}

/// Runs headless Chromium on `page` with `action` flags, in a fresh profile under `scratch`.
pub fn chromium(scratch: &Path, page: &Path, action: &[String]) -> Run {
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

/// The page's DOM after its script ran, and what the browser console said meanwhile; `extra`
/// flags such as `--force-dark-mode`.
pub fn load(scratch: &Path, page: &Path, extra: &[&str]) -> Run {
    let mut flags: Vec<String> = ["--enable-logging=stderr", "--v=0", "--dump-dom"]
        .map(String::from)
        .to_vec();
    flags.extend(extra.iter().map(|f| f.to_string()));
    chromium(scratch, page, &flags)
}

/// Console lines from the page. Chromium logs each as
/// `[...:INFO:CONSOLE:3] "Uncaught ReferenceError: ...", source: file:///... (3)`, CSP
/// violations included ("... violates the following Content Security Policy directive ...").
/// unknot's pages log nothing, so any console line is a failure.
pub fn console_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains(":CONSOLE")
                || l.contains("Uncaught")
                || l.contains("Content Security Policy")
        })
        .collect()
}

/// `hint` says what usually causes a complaint on this page.
pub fn assert_quiet_console(run: &Run, what: &str, hint: &str) {
    let lines = console_lines(&run.stderr);
    assert!(
        lines.is_empty(),
        "{what}: the browser console reported problems ({hint}):\n{}",
        lines.join("\n")
    );
}

/// A screenshot as RGB pixels, row by row.
pub struct Shot {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<[u8; 3]>,
}

/// A screenshot of `page` in a `window` (width, height), with `extra` flags.
pub fn screenshot(
    scratch: &Path,
    page: &Path,
    name: &str,
    window: (u32, u32),
    extra: &[&str],
) -> Shot {
    let shot = scratch.join(format!("{name}.png"));
    let mut flags = vec![
        format!("--screenshot={}", shot.display()),
        format!("--window-size={},{}", window.0, window.1),
    ];
    flags.extend(extra.iter().map(|f| f.to_string()));
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
    Shot {
        width: frame.width,
        height: frame.height,
        pixels,
    }
}

impl Shot {
    /// Pixels within a small distance of `color` in the columns `x_range`.
    pub fn count_near(&self, x_range: std::ops::Range<u32>, color: [u8; 3]) -> usize {
        self.pixels
            .iter()
            .enumerate()
            .filter(|(i, _)| x_range.contains(&(*i as u32 % self.width)))
            .filter(|(_, p)| p.iter().zip(color).all(|(a, b)| a.abs_diff(b) <= 12))
            .count()
    }
}

/// A scratch folder for one test's pages, browser profiles and screenshots. With
/// `UNKNOT_E2E_KEEP=1` it is kept, and its path printed, to look at the screenshots.
pub fn scratch() -> tempfile::TempDir {
    let keep = std::env::var_os("UNKNOT_E2E_KEEP").is_some();
    let dir = tempfile::Builder::new()
        .prefix("unknot-page-")
        .disable_cleanup(keep)
        .tempdir()
        .expect("temp dir");
    if keep {
        eprintln!("keeping {}", dir.path().display());
    }
    dir
}
