//! Settings and exercise files as users really keep them: a config folder that cannot be
//! written, a FIFO in place of the config, a config linked from a dotfiles folder, an exercise
//! folder deleted and made again or made after start, and a desktop that opens nothing.

mod support;

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use support::config::{replace_atomically, with_value, write_in_place, TEST_CONFIG};
use support::notifications::Notify;
use support::reminders::{done, is_config_error, sitting_s, wait_for_reminder, Mark, Reminder};
use support::scripts::write_executable;
use support::tools::require;
use support::wait::now;
use support::{Session, LONG};

/// Only this user exercise fits [`SELECTION`]: no built-in is both at a doorway and not a stretch.
const NOD: &str = "id = \"doorway-nod\"\nname = \"Doorway nod\"\ncue = \"Nod slowly.\"\n\
    kind = \"mobility\"\narea = \"neck\"\nplaces = [\"doorway\"]\nduration = \"20s\"\n\
    steps = [\"Stand tall.\", \"Nod.\"]\ncautions = []\nsource = \"Test\"\n";
const SELECTION: &str = "\n[exercises]\nplaces = [\"doorway\"]\nexclude_kinds = [\"stretch\"]\n";

/// The first reminder after `since` for exercise `id`, answering the others with Done.
fn wait_for_reminder_of(session: &Session, since: Mark, id: &str) -> Reminder {
    wait_for_reminder_where(session, since, &format!("for {id:?}"), |e| e == id)
}

/// The first reminder after `since` whose exercise passes `pred`, answering the others with Done.
fn wait_for_reminder_where(
    session: &Session,
    mut since: Mark,
    what: &str,
    pred: impl Fn(&str) -> bool,
) -> Reminder {
    let start = now();
    loop {
        let reminder = wait_for_reminder(session, since);
        if pred(reminder.exercise()) {
            return reminder;
        }
        assert!(
            start.elapsed() < LONG,
            "no reminder {what} within {LONG:?}; last one was for {:?}",
            reminder.exercise()
        );
        since = done(session, &reminder);
    }
}

/// The session's user exercise folder (`$XDG_CONFIG_HOME/unknot/exercises`).
fn exercises_dir(session: &Session) -> PathBuf {
    session.path("config/unknot/exercises")
}

fn mkfifo(path: &Path) {
    let c = CString::new(path.as_os_str().as_bytes()).expect("no NUL in the path");
    // SAFETY: `c` is a valid NUL-terminated path for the duration of the call.
    let made = unsafe { libc::mkfifo(c.as_ptr(), 0o600) };
    assert_eq!(
        made,
        0,
        "mkfifo {}: {}",
        path.display(),
        std::io::Error::last_os_error()
    );
}

/// A folder nothing can be created in for as long as this lives, even by root (whom permission
/// bits do not stop): `chattr +i`, or where the file system has no immutable flag, a read-only
/// bind mount of the folder onto itself.
enum Unwritable {
    Immutable(PathBuf),
    ReadOnlyMount(PathBuf),
}

impl Unwritable {
    fn make(dir: &Path) -> Unwritable {
        let chattr = require("chattr", "e2fsprogs");
        let chattr = Command::new(&chattr)
            .arg("+i")
            .arg(dir)
            .output()
            .expect("run chattr");
        if chattr.status.success() {
            return Unwritable::Immutable(dir.to_owned());
        }
        let mount = require("mount", "mount");
        let bind = Command::new(&mount)
            .arg("--bind")
            .arg(dir)
            .arg(dir)
            .output();
        let bound = bind.as_ref().is_ok_and(|o| o.status.success());
        let remount = bound.then(|| {
            Command::new(&mount)
                .args(["-o", "remount,ro,bind"])
                .arg(dir)
                .output()
        });
        if remount
            .as_ref()
            .is_some_and(|r| r.as_ref().is_ok_and(|o| o.status.success()))
        {
            return Unwritable::ReadOnlyMount(dir.to_owned());
        }
        if bound {
            let _ = Command::new("umount").arg(dir).status();
        }
        panic!(
            "cannot make {} unwritable for root: `chattr +i` said {:?}; a read-only bind mount \
             said {:?} {:?} (the test needs the immutable flag, or root with CAP_SYS_ADMIN)",
            dir.display(),
            String::from_utf8_lossy(&chattr.stderr).trim(),
            bind.map(|o| String::from_utf8_lossy(&o.stderr).trim().to_owned()),
            remount.map(|r| r.map(|o| String::from_utf8_lossy(&o.stderr).trim().to_owned())),
        );
    }
}

impl Unwritable {
    /// What creating a file in the folder fails with.
    fn error(&self) -> &'static str {
        match self {
            Unwritable::Immutable(_) => "Operation not permitted (os error 1)",
            Unwritable::ReadOnlyMount(_) => "Read-only file system (os error 30)",
        }
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        let _ = match self {
            Unwritable::Immutable(dir) => Command::new("chattr").arg("-i").arg(dir).status(),
            Unwritable::ReadOnlyMount(dir) => Command::new("umount").arg(dir).status(),
        };
    }
}

#[test]
fn a_read_only_config_folder_runs_on_the_defaults_and_says_why() {
    let mut session = Session::new();
    let config_home = session.path("config");
    let unwritable = Unwritable::make(&config_home);
    session.start_app_default_config();
    let written = session
        .notifications()
        .wait_for_notify("\"settings file not written\"", |n| {
            n.summary.contains("settings file not written")
        });
    let path = config_home.join("unknot/config.toml").display().to_string();
    assert!(
        written.body.contains(&path) && written.body.contains(unwritable.error()),
        "the notification does not say which file and why:\n{}",
        written.body
    );
    // Running: the tray item registers, after the notification was sent.
    session.tray();
    session
        .app()
        .assert_running("with a read-only config folder");
    let shown = session.notifications().notifications();
    let told: Vec<&Notify> = shown
        .iter()
        .filter(|n| n.summary.contains("not written") || is_config_error(n))
        .collect();
    assert_eq!(
        told.len(),
        1,
        "one notification, and no config error: {told:#?}"
    );
    let log = session.app().log();
    assert!(
        log.contains(&format!(
            "{path}: cannot write the default config ({}); running on the default settings",
            unwritable.error()
        )),
        "the log does not say why:\n{log}"
    );

    // Edit settings has no file to open: it says why instead of running xdg-open on nothing.
    let menu = session.menu();
    menu.wait_for_item("Edit settings", true);
    let mark = Mark::now(&session);
    menu.click("Edit settings");
    let again = session.notifications().wait_for_notify_since(
        mark.notifications,
        "\"settings file not written\" after Edit settings",
        |n| n.summary.contains("settings file not written"),
    );
    assert!(again.body.contains(&path), "{}", again.body);
    assert_eq!(session.opened(), Vec::<String>::new(), "xdg-open was run");
}

#[test]
fn a_fifo_in_place_of_the_config_is_refused_and_reminders_keep_coming() {
    let mut session = Session::new();
    session.keep_active();
    session.start_app();
    let first = wait_for_reminder(&session, Mark::START);
    let after_first = done(&session, &first);

    let config = session.config_path();
    std::fs::remove_file(&config).expect("remove config.toml");
    mkfifo(&config);
    let error = session.notifications().wait_for_notify_since(
        after_first.notifications,
        "a config error naming the FIFO",
        is_config_error,
    );
    assert_eq!(
        error.body,
        format!(
            "{}: cannot read: it is a FIFO (named pipe), not a regular file\n\
             Keeping the previous settings until the file is fixed.",
            config.display()
        )
    );
    // The loop is not stuck on the FIFO: the next reminder comes, on the old `every` (4s).
    let second = wait_for_reminder(&session, after_first);
    assert!(sitting_s(&second) >= 4.0, "{}", second.event);
    let after_second = done(&session, &second);

    // A regular file back in its place applies.
    replace_atomically(&config, &with_value("every", "\"2s\""));
    let third = wait_for_reminder(&session, after_second);
    assert!(
        sitting_s(&third) < 4.0,
        "after a regular file with `every = \"2s\"` the reminder came after {}s",
        sitting_s(&third)
    );
    session.app().assert_running("after a FIFO config");
}

#[test]
fn edits_to_a_linked_config_apply_and_a_re_pointed_link_is_followed() {
    let mut session = Session::new();
    let dotfiles = session.path("dotfiles");
    let elsewhere = session.path("elsewhere");
    std::fs::create_dir(&dotfiles).expect("mkdir dotfiles");
    std::fs::create_dir(&elsewhere).expect("mkdir elsewhere");
    let target = dotfiles.join("unknot.toml");
    write_in_place(&target, TEST_CONFIG);
    let config = session.config_path();
    std::fs::remove_file(&config).expect("remove config.toml");
    std::os::unix::fs::symlink(&target, &config).expect("link config.toml");
    session.keep_active();
    session.start_app();
    let first = wait_for_reminder(&session, Mark::START);
    let after_first = done(&session, &first);

    // The target edited as an editor saves it: a new file renamed over it, in its own folder.
    replace_atomically(&target, &with_value("every", "\"2s\""));
    let second = wait_for_reminder(&session, after_first);
    assert!(
        sitting_s(&second) < 4.0,
        "an edit to the link's target did not apply: reminded after {}s",
        sitting_s(&second)
    );
    let after_second = done(&session, &second);

    // The link pointed at a file in another folder (as `stow --restow` may), then that file
    // edited: the new folder is watched.
    let moved = elsewhere.join("unknot.toml");
    write_in_place(&moved, &with_value("every", "\"2s\""));
    let tmp_link = session.path("config.toml.link");
    std::os::unix::fs::symlink(&moved, &tmp_link).expect("link");
    std::fs::rename(&tmp_link, &config).expect("re-point the link");
    let bad_mark = Mark::now(&session);
    write_in_place(&moved, &with_value("every", "\"banana\""));
    let error = session.notifications().wait_for_notify_since(
        bad_mark.notifications,
        "a config error after editing the new target",
        is_config_error,
    );
    assert!(
        error.body.contains(&config.display().to_string()) && error.body.contains("banana"),
        "{}",
        error.body
    );
    let third = wait_for_reminder(&session, after_second);
    assert!(sitting_s(&third) < 4.0, "{}", third.event);
    session.app().assert_running("after edits through a link");
}

#[test]
fn an_exercise_folder_deleted_and_made_again_is_read_again() {
    let mut session = Session::new();
    session.write_config(&format!("{TEST_CONFIG}{SELECTION}"));
    let dir = exercises_dir(&session);
    std::fs::create_dir_all(&dir).expect("mkdir exercises");
    write_in_place(&dir.join("nod.toml"), NOD);
    session.keep_active();
    session.start_app();
    let first = wait_for_reminder_of(&session, Mark::START, "doorway-nod");
    let after_first = done(&session, &first);

    std::fs::remove_dir_all(&dir).expect("rm -r exercises");
    std::fs::create_dir(&dir).expect("mkdir exercises");
    // A reminder for another exercise: the folder, empty now, was read again.
    let other = wait_for_reminder_where(&session, after_first, "not for \"doorway-nod\"", |e| {
        e != "doorway-nod"
    });
    let after_other = done(&session, &other);
    // Written only now, so that only a watch on the new folder can see it.
    let second_file = NOD.replace("doorway-nod", "doorway-nod-two");
    write_in_place(&dir.join("nod-two.toml"), &second_file);
    wait_for_reminder_of(&session, after_other, "doorway-nod-two");
    session
        .app()
        .assert_running("after the exercise folder came back");
}

#[test]
fn an_exercise_folder_made_after_start_is_seen_with_config_elsewhere() {
    let mut session = Session::new();
    session.write_config(&format!("{TEST_CONFIG}{SELECTION}"));
    let dir = exercises_dir(&session);
    assert!(!session.path("config/unknot").exists());
    session.keep_active();
    session.start_app();
    // No exercise fits the selection yet, so the whole library is used.
    let first = wait_for_reminder(&session, Mark::START);
    let after_first = done(&session, &first);

    std::fs::create_dir_all(&dir).expect("mkdir -p exercises");
    write_in_place(&dir.join("nod.toml"), NOD);
    wait_for_reminder_of(&session, after_first, "doorway-nod");
    session
        .app()
        .assert_running("after the exercise folder was made");
}

#[test]
fn a_file_nothing_opens_is_named_in_a_notification() {
    let mut session = Session::new();
    write_executable(
        &session.path("bin/xdg-open"),
        &format!(
            "#!/bin/sh\n# Test stub: like xdg-open with no handler for the file.\n\
             printf '%s\\n' \"$*\" >> '{}'\nexit 3\n",
            session.path("opened.log").display()
        ),
    );
    session.keep_active();
    session.start_app();
    let is_open_failure = |n: &Notify| n.summary.contains("nothing opened");

    let menu = session.menu();
    menu.wait_for_item("Edit settings", true);
    let mark = Mark::now(&session);
    menu.click("Edit settings");
    let told = session.notifications().wait_for_notify_since(
        mark.notifications,
        "a notification that nothing opened the config",
        is_open_failure,
    );
    let config = session.config_path().display().to_string();
    assert_eq!(
        told.body,
        format!("xdg-open found no program to open it with.\nOpen it yourself: {config}")
    );

    let reminder = wait_for_reminder(&session, Mark::START);
    let mark = Mark::now(&session);
    session
        .notifications()
        .invoke_action(reminder.notify.id, "howto");
    let told = session.notifications().wait_for_notify_since(
        mark.notifications,
        "a notification that nothing opened the exercise page",
        is_open_failure,
    );
    let page = told
        .body
        .rsplit_once("Open it yourself: ")
        .map(|(_, page)| page.to_owned())
        .unwrap_or_default();
    assert!(
        page.ends_with(".html") && Path::new(&page).is_file(),
        "the notification does not name the page:\n{}",
        told.body
    );
    assert!(
        session.opened().iter().any(|line| line.trim() == page),
        "xdg-open was not asked to open {page}: {:?}",
        session.opened()
    );
}
