//! Headless Chromium driven over the DevTools protocol, for pages that must be used, not just
//! loaded: clicks and keys as real input events, script run in the page to read its state,
//! the window's width and colour scheme, and Chromium's virtual time.
//!
//! The protocol runs over `--remote-debugging-pipe` (JSON messages ending in a NUL byte, Chromium
//! reading fd 3 and writing fd 4), so no port is opened and no WebSocket crate is needed.
//!
//! Needs Debian's `chromium` (`apt-get install -y chromium`); a missing one fails the test.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};

use serde_json::{json, Value};

use super::process::GroupChild;
use super::tools::require;
use super::wait::{now, wait_until_with, TIMEOUT};

/// A headless Chromium with one page, attached.
pub struct Browser {
    to: File,
    from: Receiver<Value>,
    next_id: u64,
    session: String,
    /// Events that came while waiting for an answer, oldest first.
    events: Vec<Value>,
    stderr: PathBuf,
    // Last, so the pipes close before the group is ended.
    _child: GroupChild,
}

fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two descriptors into the array it is given.
    let rc = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    assert_eq!(rc, 0, "pipe2: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and belong to nobody else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

/// In the child between fork and exec: `from` becomes `to`, open across exec.
fn place_fd(from: RawFd, to: RawFd) -> std::io::Result<()> {
    // SAFETY: dup2 and fcntl only change the child's descriptor table.
    let rc = unsafe {
        if from == to {
            libc::fcntl(to, libc::F_SETFD, 0)
        } else {
            libc::dup2(from, to)
        }
    };
    if rc < 0 {
        Err(std::io::Error::last_os_error())
    } else {
        Ok(())
    }
}

impl Browser {
    /// Starts Chromium with a fresh profile under `scratch` and opens a blank page.
    pub fn start(scratch: &Path) -> Browser {
        let binary = require("chromium", "chromium");
        let n = std::fs::read_dir(scratch).map_or(0, |d| d.count());
        let profile = scratch.join(format!("cdp-profile-{n}"));
        let stderr = scratch.join(format!("cdp-stderr-{n}.txt"));
        let (their_in, our_out) = pipe();
        let (our_in, their_out) = pipe();
        let (a, b) = (their_in.as_raw_fd(), their_out.as_raw_fd());
        // fds 3 and 4 may be taken by the pipes themselves: move both out of the way first.
        // SAFETY: fcntl(F_DUPFD_CLOEXEC) has no memory-safety preconditions.
        let (a, b) = unsafe {
            (
                libc::fcntl(a, libc::F_DUPFD_CLOEXEC, 10),
                libc::fcntl(b, libc::F_DUPFD_CLOEXEC, 10),
            )
        };
        assert!(a >= 10 && b >= 10, "cannot move the DevTools pipes");
        // SAFETY: both were just duplicated and belong to nobody else.
        let (moved_in, moved_out) = unsafe { (OwnedFd::from_raw_fd(a), OwnedFd::from_raw_fd(b)) };
        let mut cmd = Command::new(binary);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-pipe",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(
            File::create(&stderr)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", stderr.display())),
        );
        // SAFETY: the closure only calls dup2/fcntl, which are async-signal-safe.
        unsafe {
            cmd.pre_exec(move || {
                place_fd(a, 3)?;
                place_fd(b, 4)
            });
        }
        let child = GroupChild::spawn("chromium", cmd);
        drop((their_in, their_out, moved_in, moved_out));

        let (sender, from) = channel();
        let reader = File::from(our_in);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(reader);
            let mut message = Vec::new();
            while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                if message.last() == Some(&0) {
                    message.pop();
                }
                if let Ok(value) = serde_json::from_slice::<Value>(&message) {
                    if sender.send(value).is_err() {
                        return;
                    }
                }
                message.clear();
            }
        });
        let mut browser = Browser {
            to: File::from(our_out),
            from,
            next_id: 0,
            session: String::new(),
            events: Vec::new(),
            stderr,
            _child: child,
        };
        let target = browser.send(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let target = target["targetId"].as_str().expect("a target id").to_owned();
        let attached = browser.send(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_owned();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            browser.call(domain, json!({}));
        }
        browser
    }

    fn send(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&message).expect("JSON");
        bytes.push(0);
        self.to
            .write_all(&bytes)
            .unwrap_or_else(|e| panic!("{method}: chromium is gone ({e})\n{}", self.log()));
        let start = now();
        loop {
            let left = TIMEOUT.saturating_sub(start.elapsed());
            match self.from.recv_timeout(left) {
                Ok(answer) if answer["id"] == json!(id) => {
                    if let Some(error) = answer.get("error") {
                        panic!("{method} {}: {error}", message["params"]);
                    }
                    return answer["result"].clone();
                }
                Ok(event) => self.events.push(event),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("{method}: no answer in {TIMEOUT:?}\n{}", self.log())
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("{method}: chromium closed the pipe\n{}", self.log())
                }
            }
        }
    }

    /// A method of the page's session, e.g. `Emulation.setEmulatedMedia`.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(Some(&session), method, params)
    }

    /// Chromium's own log, for failure messages.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    fn take_events(&mut self) {
        while let Ok(event) = self.from.try_recv() {
            self.events.push(event);
        }
    }

    /// Waits for an event `method` that came after the last call to this, and returns it.
    pub fn wait_event(&mut self, method: &str) -> Value {
        let start = now();
        loop {
            if let Some(i) = self.events.iter().position(|e| e["method"] == method) {
                let event = self.events.remove(i);
                // What came before it is kept for `problems`.
                return event;
            }
            let left = TIMEOUT.saturating_sub(start.elapsed());
            match self.from.recv_timeout(left) {
                Ok(event) => self.events.push(event),
                Err(_) => panic!("no {method} in {TIMEOUT:?}\n{}", self.log()),
            }
        }
    }

    /// Loads `page` and waits for its load event.
    pub fn open(&mut self, page: &Path) {
        self.events.retain(|e| e["method"] != "Page.loadEventFired");
        let url = format!("file://{}", page.display());
        let answer = self.call("Page.navigate", json!({ "url": url }));
        assert!(
            answer.get("errorText").is_none(),
            "cannot open {url}: {answer}"
        );
        self.wait_event("Page.loadEventFired");
    }

    /// Reloads the page and waits for its load event.
    pub fn reload(&mut self) {
        self.events.retain(|e| e["method"] != "Page.loadEventFired");
        self.call("Page.reload", json!({}));
        self.wait_event("Page.loadEventFired");
    }

    /// The value of `expression` evaluated in the page (a promise is awaited). DevTools runs
    /// it whatever the page's Content-Security-Policy says.
    pub fn eval(&mut self, expression: &str) -> Value {
        let answer = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(e) = answer.get("exceptionDetails") {
            panic!("{expression}: {e}");
        }
        answer["result"]["value"].clone()
    }

    pub fn text(&mut self, expression: &str) -> String {
        match self.eval(expression) {
            Value::String(s) => s,
            other => other.to_string(),
        }
    }

    /// Waits until `expression` is true in the page; `detail` is evaluated for the failure
    /// message.
    pub fn wait_for(&mut self, what: &str, expression: &str, detail: &str) {
        let me = std::cell::RefCell::new(self);
        wait_until_with(
            TIMEOUT,
            what,
            || (me.borrow_mut().eval(expression) == json!(true)).then_some(()),
            || me.borrow_mut().text(detail),
        );
    }

    /// A left click in the middle of the element `selector`, as a user's mouse would.
    pub fn click(&mut self, selector: &str) {
        let at = self.eval(&format!(
            "(() => {{ const e = document.querySelector({s}); if (!e) return null;\
             e.scrollIntoView({{ block: 'center' }}); const r = e.getBoundingClientRect();\
             return [r.x + r.width / 2, r.y + r.height / 2]; }})()",
            s = json!(selector)
        ));
        let (Some(x), Some(y)) = (at[0].as_f64(), at[1].as_f64()) else {
            panic!("no element {selector} to click");
        };
        for kind in ["mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({ "type": kind, "x": x, "y": y, "button": "left", "clickCount": 1 }),
            );
        }
    }

    /// One key pressed and released: "Tab", "Enter", " ", "ArrowRight", "ArrowLeft".
    pub fn key(&mut self, key: &str) {
        let (code, keycode, text) = match key {
            "Tab" => ("Tab", 9, ""),
            "Enter" => ("Enter", 13, "\r"),
            " " => ("Space", 32, " "),
            "ArrowLeft" => ("ArrowLeft", 37, ""),
            "ArrowRight" => ("ArrowRight", 39, ""),
            other => panic!("no key code for {other:?}"),
        };
        let mut down = json!({
            "type": if text.is_empty() { "rawKeyDown" } else { "keyDown" },
            "key": key, "code": code, "windowsVirtualKeyCode": keycode,
        });
        if !text.is_empty() {
            down["text"] = json!(text);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": keycode }),
        );
    }

    /// The viewport as a window `width` × `height` pixels wide.
    pub fn window(&mut self, width: u32, height: u32) {
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    /// The colour scheme the page is told the user prefers.
    pub fn scheme(&mut self, dark: bool) {
        let value = if dark { "dark" } else { "light" };
        self.call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": value }] }),
        );
    }

    /// `source` runs in every page before the page's own script, e.g. to count calls.
    pub fn before_each_page(&mut self, source: &str) {
        self.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        );
    }

    /// Stops the page's clock; time then moves only by [`Browser::advance`].
    pub fn pause_time(&mut self) {
        self.call(
            "Emulation.setVirtualTimePolicy",
            json!({ "policy": "pause" }),
        );
    }

    /// Lets `ms` milliseconds of virtual time pass, running every timer due meanwhile, and
    /// waits until they have (in real time, this takes far less).
    pub fn advance(&mut self, ms: u64) {
        self.events
            .retain(|e| e["method"] != "Emulation.virtualTimeBudgetExpired");
        self.call(
            "Emulation.setVirtualTimePolicy",
            json!({ "policy": "advance", "budget": ms }),
        );
        self.wait_event("Emulation.virtualTimeBudgetExpired");
    }

    /// What the page's console and Chromium said that a clean page never makes it say:
    /// uncaught exceptions, console messages, and log entries such as a
    /// Content-Security-Policy violation.
    pub fn problems(&mut self) -> Vec<String> {
        // A round trip, so that what the page did before is in.
        self.eval("0");
        self.take_events();
        self.events
            .iter()
            .filter_map(|e| {
                let p = &e["params"];
                match e["method"].as_str()? {
                    "Runtime.exceptionThrown" => {
                        Some(format!("exception: {}", p["exceptionDetails"]))
                    }
                    "Runtime.consoleAPICalled" => {
                        Some(format!("console.{}: {}", p["type"], p["args"]))
                    }
                    "Log.entryAdded" => Some(format!(
                        "{} {}: {}",
                        p["entry"]["level"], p["entry"]["source"], p["entry"]["text"]
                    )),
                    _ => None,
                }
            })
            .collect()
    }
}
