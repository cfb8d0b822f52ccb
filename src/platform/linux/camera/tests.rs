//! The camera port against real processes: a child holding a fake device open, and closing it.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::*;
use crate::driver::{mailboxes, Event, Inbox};

/// A child that holds `path` open as its stdin until killed.
fn holding(path: &Path) -> Child {
    Command::new("sleep")
        .arg("600")
        .stdin(Stdio::from(
            std::fs::File::open(path).expect("open the fake device"),
        ))
        .spawn()
        .expect("start sleep")
}

fn end(mut child: Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// A temp dir with one fake device, `video0`, and the glob for it.
fn fake_camera() -> (tempfile::TempDir, std::path::PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("video0");
    std::fs::write(&device, b"").unwrap();
    let pattern = format!("{}/video*", dir.path().display());
    (dir, device, pattern)
}

/// The next answer in the inbox, within a generous time (a loaded machine).
async fn answer(inbox: &mut Inbox) -> bool {
    let event = tokio::time::timeout(Duration::from_secs(20), inbox.recv())
        .await
        .expect("the camera answers")
        .expect("the outbox is open");
    match event {
        Event::Quiet(Quiet {
            reason: Reason::Camera,
            on,
        }) => on,
        other => panic!("not a camera answer: {other:?}"),
    }
}

#[tokio::test]
async fn nothing_open_is_off_at_once() {
    let (_dir, _device, pattern) = fake_camera();
    let (outbox, mut inbox) = mailboxes();
    let mut camera = ProcCamera::new(outbox);
    camera.check(&pattern);
    assert!(!answer(&mut inbox).await);
}

#[tokio::test]
async fn held_is_on_then_off_when_closed() {
    let (_dir, device, pattern) = fake_camera();
    let (outbox, mut inbox) = mailboxes();
    let mut camera = ProcCamera::new(outbox);
    let child = holding(&device);
    camera.check(&pattern);
    assert!(answer(&mut inbox).await, "held by sleep: on");
    // Someone else opening and closing it is a close too, but the camera is still held.
    drop(std::fs::File::open(&device).unwrap());
    end(child);
    assert!(!answer(&mut inbox).await, "closed: off");
    assert!(inbox.try_recv().is_err(), "one answer for the close");
}

#[tokio::test]
async fn a_second_holder_keeps_it_on_until_both_close() {
    let (_dir, device, pattern) = fake_camera();
    let (outbox, mut inbox) = mailboxes();
    let mut camera = ProcCamera::new(outbox);
    let first = holding(&device);
    let second = holding(&device);
    camera.check(&pattern);
    assert!(answer(&mut inbox).await);
    end(first);
    // The close of the first is seen and looked into; nothing is said while one still holds.
    let said = tokio::time::timeout(Duration::from_millis(500), inbox.recv()).await;
    assert!(said.is_err(), "still held by the second, yet: {said:?}");
    end(second);
    assert!(!answer(&mut inbox).await);
}

#[test]
fn doctor_names_the_devices_and_who_holds_them() {
    let dir = tempfile::tempdir().unwrap();
    let device = dir.path().join("video0");
    std::fs::write(&device, b"").unwrap();
    let pattern = format!("{}/video*", dir.path().display());
    let real = std::fs::canonicalize(&device).unwrap();

    let free = diagnose(&pattern).unwrap();
    assert!(
        free.starts_with(&format!("{}: not in use (looked through ", real.display())),
        "{free}"
    );
    let child = holding(&device);
    let pid = child.id();
    let held = diagnose(&pattern);
    end(child);
    let held = held.unwrap();
    let by = format!("in use by sleep (PID {pid}) on {}", real.display());
    assert!(held.contains(&by), "{held}");

    let none = format!("{}/audio*", dir.path().display());
    assert_eq!(
        diagnose(&none).unwrap(),
        format!("no device matches {none}")
    );
    assert!(diagnose("/dev/video[").is_err());
}
