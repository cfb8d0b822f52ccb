//! Polling waits with generous timeouts. A failing wait panics with what it waited for, plus
//! the diagnostics of the session running on this thread (the app's exit status and log).

use std::cell::RefCell;
use std::fmt::Display;
use std::rc::{Rc, Weak};
use std::time::{Duration, Instant};

/// How long a wait may take by default: machines are shared and slow, so this is generous.
pub const TIMEOUT: Duration = Duration::from_secs(20);
/// For waits that span several of the app's intervals.
pub const LONG: Duration = Duration::from_secs(45);
const POLL: Duration = Duration::from_millis(75);

/// The monotonic clock. The app reads time through its own clock module (clippy.toml forbids
/// `Instant::now` for that reason); the harness times real processes, so it reads it here.
#[allow(clippy::disallowed_methods)]
pub fn now() -> Instant {
    Instant::now()
}

/// What a session tells a failing wait on its thread.
pub trait Watch {
    /// `Some(why)` when waiting any longer is pointless, e.g. because the app has exited.
    fn gone(&self) -> Option<String>;
    /// Text added to a failure message: the app's status and the tail of its log.
    fn report(&self) -> String;
}

thread_local! {
    static WATCH: RefCell<Option<Weak<dyn Watch>>> = const { RefCell::new(None) };
}

/// Makes `watch` the one consulted by waits on this thread (a session calls this for itself).
pub fn set_watch(watch: &Rc<dyn Watch>) {
    WATCH.with(|w| *w.borrow_mut() = Some(Rc::downgrade(watch)));
}

fn current_watch() -> Option<Rc<dyn Watch>> {
    WATCH.with(|w| w.borrow().as_ref().and_then(Weak::upgrade))
}

/// The diagnostics of the session on this thread, if any.
pub fn report() -> String {
    current_watch().map(|w| w.report()).unwrap_or_default()
}

/// Polls `probe` until it returns `Some`, and returns that. Panics after `timeout`, or as soon
/// as the session's app is gone, naming `what`.
pub fn wait_until<T>(timeout: Duration, what: impl Display, probe: impl FnMut() -> Option<T>) -> T {
    wait_until_with(timeout, what, probe, String::new)
}

/// [`wait_until`], adding `detail()` (e.g. the last thing seen) to a failure message.
pub fn wait_until_with<T>(
    timeout: Duration,
    what: impl Display,
    mut probe: impl FnMut() -> Option<T>,
    detail: impl Fn() -> String,
) -> T {
    let start = now();
    loop {
        if let Some(value) = probe() {
            return value;
        }
        let watch = current_watch();
        if let Some(why) = watch.as_ref().and_then(|w| w.gone()) {
            // One last look: the app may have done it just before it went.
            if let Some(value) = probe() {
                return value;
            }
            panic!("{why} while waiting for {what}\n{}{}", detail(), report());
        }
        if start.elapsed() > timeout {
            panic!(
                "timed out after {:.1}s waiting for {what}\n{}{}",
                timeout.as_secs_f64(),
                detail(),
                report()
            );
        }
        std::thread::sleep(POLL);
    }
}

/// Checks `holds` again and again for `duration`, panicking with `what` the first time it is
/// false. For things that must NOT happen, such as a reminder while the user is away.
pub fn assert_holds_for(duration: Duration, what: impl Display, mut holds: impl FnMut() -> bool) {
    let start = now();
    while start.elapsed() < duration {
        assert!(
            holds(),
            "expected {what}, but it stopped holding\n{}",
            report()
        );
        std::thread::sleep(POLL);
    }
    assert!(
        holds(),
        "expected {what}, but it stopped holding\n{}",
        report()
    );
}
