//! The X11 idle source on its own, against a real Xvfb with input from xdotool: the platform's
//! idle task is started as the app starts it, and what it pushes into the inbox is timed.
//! Through a proxy in front of Xvfb, the same server can be one without SYNC (Xvfb cannot turn
//! it off), and the requests the source makes can be counted.

mod support;

use std::time::{Duration, Instant};

use unknot::driver::{mailboxes, Event, IdleWatch, Inbox, Presence};
use unknot::platform::idle::{self, Session};

use support::wait::now;
use support::xproxy::XProxy;
use support::xvfb::Xvfb;

/// Input must be seen this soon: an event, not the next poll (which is at least 1 s away).
const PROMPT: Duration = Duration::from_millis(700);
/// Slack for a slow, shared machine on things that are timed by the X server.
const SLACK: Duration = Duration::from_millis(1500);

fn x11(display: &str) -> Session {
    Session {
        kind: Some("x11".into()),
        display: Some(display.into()),
        ..Session::default()
    }
}

fn temp() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("unknot-x11-")
        .tempdir()
        .expect("temp dir")
}

/// The next presence event within `within`, with when it came.
async fn next(inbox: &mut Inbox, within: Duration, what: &str) -> (Presence, Instant) {
    match tokio::time::timeout(within, inbox.recv()).await {
        Ok(Some(Event::Presence(p))) => (p, now()),
        Ok(other) => panic!("expected {what}, got {other:?}"),
        Err(_) => panic!("no presence event within {within:?}; expected {what}"),
    }
}

async fn nothing_for(inbox: &mut Inbox, quiet: Duration, why: &str) {
    if let Ok(event) = tokio::time::timeout(quiet, inbox.recv()).await {
        panic!("expected nothing for {quiet:?} ({why}), got {event:?}");
    }
}

fn idle_of(presence: &Presence) -> Duration {
    match presence {
        Presence::Idle(d) => *d,
        other => panic!("expected Presence::Idle, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xsync_alarms_see_idle_at_the_threshold_and_input_at_once() {
    let dir = temp();
    let mut xvfb = Some(Xvfb::start(dir.path()));
    let x = xvfb.as_ref().expect("Xvfb");
    let (outbox, mut inbox) = mailboxes();
    let mut watcher = idle::start(x11(x.display()), outbox, None);
    let (chosen, _) = next(&mut inbox, Duration::from_secs(10), "the source chosen").await;
    assert_eq!(
        chosen,
        Presence::IdleSource(Ok("X11 (XSync IDLETIME)".into()))
    );

    // No input for the threshold: idle, on time.
    watcher.watch(Duration::from_secs(2));
    x.poke();
    let poked = now();
    let (idle, at) = next(&mut inbox, Duration::from_secs(10), "Idle").await;
    assert!(idle_of(&idle) >= Duration::from_secs(2), "{idle:?}");
    let after = at - poked;
    assert!(
        after >= Duration::from_millis(1900) && after <= Duration::from_secs(2) + SLACK,
        "Idle came {after:?} after the last input, for a 2 s threshold"
    );

    // The first input after it: active, at once.
    x.poke();
    let poked = now();
    let (active, at) = next(&mut inbox, Duration::from_secs(10), "Active").await;
    assert_eq!(active, Presence::Active);
    assert!(
        at - poked <= PROMPT,
        "input was seen {:?} after it happened",
        at - poked
    );

    // Armed again: idle again after the threshold.
    let (idle, at) = next(&mut inbox, Duration::from_secs(10), "Idle again").await;
    assert!(idle_of(&idle) >= Duration::from_secs(2), "{idle:?}");
    assert!(
        at - poked >= Duration::from_millis(1900),
        "{:?}",
        at - poked
    );
    x.poke();
    let (active, _) = next(&mut inbox, Duration::from_secs(10), "Active again").await;
    assert_eq!(active, Presence::Active);

    // A longer threshold while active: not idle at the old one. A shorter one that the user
    // is already past: idle at once, saying for how long.
    watcher.watch(Duration::from_secs(30));
    nothing_for(
        &mut inbox,
        Duration::from_secs(3),
        "the threshold is 30 s now",
    )
    .await;
    watcher.watch(Duration::from_secs(1));
    let set = now();
    let (idle, at) = next(&mut inbox, Duration::from_secs(10), "Idle at once").await;
    assert!(at - set <= PROMPT, "{:?}", at - set);
    assert!(
        idle_of(&idle) >= Duration::from_secs(3),
        "idle longer than the new threshold should say how long: {idle:?}"
    );
    x.poke();
    let (active, _) = next(&mut inbox, Duration::from_secs(10), "Active").await;
    assert_eq!(active, Presence::Active);

    // The X server goes away: the source says so, and none is left.
    xvfb = None;
    let (gone, _) = next(&mut inbox, Duration::from_secs(10), "the source gone").await;
    assert!(
        matches!(&gone, Presence::IdleSource(Err(why))
            if why.starts_with("X11 (XSync IDLETIME) went away: the X server went away")),
        "{gone:?}"
    );
    drop(xvfb);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xsync_makes_no_request_while_the_user_works() {
    let dir = temp();
    let x = Xvfb::start(dir.path());
    let proxy = XProxy::start(x.display(), &[]);
    let (outbox, mut inbox) = mailboxes();
    let mut watcher = idle::start(x11(&proxy.display()), outbox, None);
    let (chosen, _) = next(&mut inbox, Duration::from_secs(10), "the source chosen").await;
    assert_eq!(
        chosen,
        Presence::IdleSource(Ok("X11 (XSync IDLETIME)".into()))
    );
    watcher.watch(Duration::from_secs(2));
    let _typing = x.keep_active();
    // Let the alarm be set, then count while the user keeps working for a few thresholds.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = proxy.requests();
    nothing_for(&mut inbox, Duration::from_secs(6), "the user is working").await;
    let after = proxy.requests();
    assert_eq!(
        before.len(),
        1,
        "one connection to the X server: {before:?}"
    );
    assert_eq!(
        after, before,
        "the source made X requests while the user worked (requests per connection)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_sync_it_asks_mit_screen_saver() {
    let dir = temp();
    let x = Xvfb::start(dir.path());
    let proxy = XProxy::start(x.display(), &["SYNC"]);
    let (outbox, mut inbox) = mailboxes();
    let mut watcher = idle::start(x11(&proxy.display()), outbox, None);
    let (chosen, _) = next(&mut inbox, Duration::from_secs(10), "the source chosen").await;
    assert_eq!(
        chosen,
        Presence::IdleSource(Ok("X11 (MIT-SCREEN-SAVER)".into()))
    );
    watcher.watch(Duration::from_secs(2));
    x.poke();
    let poked = now();
    let (idle, at) = next(&mut inbox, Duration::from_secs(10), "Idle").await;
    assert!(idle_of(&idle) >= Duration::from_secs(2), "{idle:?}");
    assert!(
        at - poked >= Duration::from_millis(1900),
        "{:?}",
        at - poked
    );
    // Asked, so seen at the next question: within the return poll (1 s here).
    x.poke();
    let poked = now();
    let (active, at) = next(&mut inbox, Duration::from_secs(10), "Active").await;
    assert_eq!(active, Presence::Active);
    assert!(
        at - poked <= Duration::from_secs(1) + SLACK,
        "{:?}",
        at - poked
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_sync_and_mit_screen_saver_x11_is_not_used_and_says_why() {
    let dir = temp();
    let x = Xvfb::start(dir.path());
    let proxy = XProxy::start(x.display(), &["SYNC", "MIT-SCREEN-SAVER"]);
    let tried = idle::diagnose(&x11(&proxy.display())).await;
    let tried_x11 = tried
        .iter()
        .find(|t| t.name.starts_with("X11"))
        .unwrap_or_else(|| panic!("no X11 source tried: {tried:?}"));
    assert_eq!(tried_x11.name, "X11 (XSync IDLETIME, MIT-SCREEN-SAVER)");
    assert_eq!(
        tried_x11.outcome,
        Err("the X server has no SYNC extension, and no MIT-SCREEN-SAVER extension".into())
    );

    // The same server, seen whole: the alarms.
    let tried = idle::diagnose(&x11(x.display())).await;
    assert!(
        tried
            .iter()
            .any(|t| t.name == "X11 (XSync IDLETIME)" && t.outcome.is_ok()),
        "{tried:?}"
    );
}
