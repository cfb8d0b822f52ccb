//! "Export history…" in the tray: the app asks the XDG desktop portal where to save (the test
//! portal answers as the user, through `SaveFile`), writes the CSV of every computer's log
//! there whole, and says so in a notification; a failure says what went wrong and writes
//! nothing, a cancel does nothing.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use support::app::binary;
use support::config::with_value;
use support::history::CSV_COLUMNS;
use support::notifications::Notify;
use support::portal::{Answer, SaveFile, TestPortal};
use support::scripts::write_executable;
use support::wait::assert_holds_for;
use support::Session;

const ITEM: &str = "Export history…";
const EXPORTED: &str = "History exported";
const FAILED: &str = "History not exported";

/// Another computer's log, synced into the folder: one line torn by a crash there.
const LAPTOP: &str = "{\"v\":1,\"ts\":\"2026-11-30T09:30:00.000+01:00\",\"event\":\"started\",\"host\":\"laptop\"}\n\
{\"v\":1,\"ts\":\"2026-11-30T09:40:00.000+01:00\",\"event\":\"done\",\"exercise\":\"chin-tuck\",\"sitting_s\":600}\n\
{\"v\":1,\"ts\":\"2026-11-30T09:41:00\n\
{\"v\":1,\"ts\":\"2026-11-30T10:40:00.000+01:00\",\"event\":\"skipped\",\"exercise\":\"wall-angel\",\"sitting_s\":3600}\n";
const LAPTOP_NAME: &str = "0123456789abcdef";

struct Export {
    // Declared first so it is dropped first: it leaves the bus before the session stops the bus.
    portal: TestPortal,
    session: Session,
}

impl Export {
    /// The app running with a test portal, another computer's log beside its own, and a
    /// stretch done from the command line so its own log has an answer in it.
    fn start() -> Export {
        let mut session = Session::new();
        session.write_config(&with_value("every", "\"1h\""));
        // rfd falls back to zenity when the portal fails; this records such a call instead.
        write_executable(
            &session.path("bin/zenity"),
            &format!(
                "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{}'\nexit 1\n",
                session.path("zenity.log").display()
            ),
        );
        let folder = session.path("data/unknot/history");
        std::fs::create_dir_all(&folder).expect("create the history folder");
        std::fs::write(folder.join(format!("{LAPTOP_NAME}.jsonl")), LAPTOP)
            .expect("write the laptop's log");
        let portal = TestPortal::start(session.bus());
        session.start_app();
        session
            .notifications()
            .wait_for_notify("the welcome note", |n| n.summary == "unknot has started");
        let export = Export { portal, session };
        // With no reminder open: nothing goes on screen that a test could mistake for the
        // export's doing.
        export.unknot(&["done"]);
        export
    }

    /// Runs `unknot ARGS` in the session; it must succeed. Returns its stdout.
    fn unknot(&self, args: &[&str]) -> String {
        let out = self
            .session
            .command(binary().to_str().expect("UTF-8 binary path"))
            .arg("--config")
            .arg(self.session.config_path())
            .args(args)
            .output()
            .expect("run unknot");
        assert!(
            out.status.success(),
            "unknot {args:?} failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 stdout")
    }

    /// A path in the simulated user's Documents folder, with a space in its name to exercise
    /// the URI encoding on both sides.
    fn documents(&self, name: &str) -> PathBuf {
        let dir = self.session.path("home/Documents");
        std::fs::create_dir_all(&dir).expect("create Documents");
        dir.join(name)
    }

    /// Clicks the tray item with `answer` set in the portal; returns the dialog's SaveFile call
    /// once the user has answered it, and how many notifications there were before the click.
    fn export_from_tray(&self, answer: Answer) -> (SaveFile, usize) {
        let before = self.session.notifications().count();
        let index = self.portal.saves().len();
        self.portal.answer_with(answer);
        let menu = self.session.menu();
        menu.wait_for_item(ITEM, true);
        menu.click(ITEM);
        let call = self.portal.wait_for_save(index);
        self.portal.wait_for_response_on(&call.handle);
        (call, before)
    }

    fn wait_for_notify_since(&self, since: usize, summary: &str) -> Notify {
        self.session.notifications().wait_for_notify_since(
            since,
            format!("summary {summary:?}"),
            |n| n.summary == summary,
        )
    }

    fn assert_no_zenity(&self) {
        let log = std::fs::read_to_string(self.session.path("zenity.log")).unwrap_or_default();
        assert!(log.is_empty(), "rfd fell back to zenity: {log}");
    }
}

/// The dialog asked for what it should: a title, a CSV filter and a dated file name.
fn assert_asks_for_csv(call: &SaveFile) {
    assert!(
        !call.title.trim().is_empty(),
        "a dialog with no title: {call:?}"
    );
    assert!(
        call.globs().contains(&"*.csv"),
        "the dialog does not offer *.csv: {call:?}"
    );
    let name = call.current_name.as_deref().unwrap_or("");
    assert!(
        name.starts_with("unknot-history-20") && name.ends_with(".csv"),
        "suggested name {name:?}"
    );
}

/// The rows of a CSV export, checking its header.
fn rows(bytes: &[u8]) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<&str> = reader.headers().expect("a header").iter().collect();
    assert_eq!(header, CSV_COLUMNS);
    reader
        .records()
        .map(|r| r.expect("an RFC 4180 row"))
        .collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_csv_of_every_computer_is_saved_where_the_user_chose() {
    let export = Export::start();
    let chosen = export.documents("my history.csv");
    let (call, before) = export.export_from_tray(Answer::Pick(vec![chosen.clone()]));
    assert_asks_for_csv(&call);
    let told = export.wait_for_notify_since(before, EXPORTED);

    let bytes = std::fs::read(&chosen)
        .unwrap_or_else(|e| panic!("{} after {told:?}: {e}", chosen.display()));
    let rows = rows(&bytes);
    let own = unknot::platform::machine_name();
    let machine = |r: &csv::StringRecord| r[1].to_owned();
    let events = |name: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| machine(r) == name)
            .map(|r| r[2].to_owned())
            .collect()
    };
    assert_eq!(events(LAPTOP_NAME), ["started", "done", "skipped"]);
    let mine = events(&own);
    assert!(
        ["started", "done"]
            .iter()
            .all(|e| mine.iter().any(|m| m == e)),
        "this computer's records: {mine:?}"
    );
    assert_eq!(rows.len(), 3 + mine.len(), "nothing else");
    // The same as the command line gives, byte for byte.
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        export.unknot(&["history", "--csv"])
    );
    let mode = std::fs::metadata(&chosen)
        .expect("stat")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600, "the export is as private as the log");
    assert_eq!(
        files_in(chosen.parent().expect("a folder")),
        ["my history.csv"],
        "no temporary file is left"
    );
    for part in [
        format!("{} records from 2 computers", rows.len()),
        chosen.display().to_string(),
        "1 line could not be read".to_owned(),
    ] {
        assert!(told.body.contains(&part), "{part:?} not in {told:?}");
    }

    // Again, over the same file: replaced whole, with what came since.
    export.unknot(&["done"]);
    let (_, before) = export.export_from_tray(Answer::Pick(vec![chosen.clone()]));
    export.wait_for_notify_since(before, EXPORTED);
    let again = std::fs::read(&chosen).expect("read the new export");
    assert_eq!(self::rows(&again).len(), rows.len() + 1);
    assert_eq!(files_in(chosen.parent().expect("a folder")).len(), 1);
    export.session.app().assert_running("after exporting");
    export.assert_no_zenity();
}

#[test]
fn a_file_that_cannot_be_written_is_reported_and_nothing_is_left() {
    let export = Export::start();
    let nowhere = export.session.path("home/no such folder/history.csv");
    let (call, before) = export.export_from_tray(Answer::Pick(vec![nowhere.clone()]));
    assert_asks_for_csv(&call);
    let told = export.wait_for_notify_since(before, FAILED);
    assert!(
        told.body.contains(&nowhere.display().to_string())
            && told.body.contains("No such file or directory")
            && told.body.contains("Nothing was written."),
        "the failure should name the file and why: {told:?}"
    );
    assert!(!nowhere.parent().expect("a folder").exists());

    // A file where the folder should be (root can write anywhere, so no permission test).
    let notes = export.documents("notes.txt");
    std::fs::write(&notes, "mine").expect("write notes");
    let inside = notes.join("history.csv");
    let (_, before) = export.export_from_tray(Answer::Pick(vec![inside.clone()]));
    let told = export.wait_for_notify_since(before, FAILED);
    assert!(
        told.body.contains(&inside.display().to_string()) && told.body.contains("Not a directory"),
        "{told:?}"
    );
    assert_eq!(std::fs::read_to_string(&notes).expect("read notes"), "mine");
    assert_eq!(files_in(notes.parent().expect("Documents")), ["notes.txt"]);
    export.session.app().assert_running("after a failed export");
    export.assert_no_zenity();
}

#[test]
fn cancelling_the_dialog_changes_nothing() {
    let export = Export::start();
    let (call, before) = export.export_from_tray(Answer::Cancel);
    assert_asks_for_csv(&call);
    let documents = export
        .documents("x")
        .parent()
        .expect("Documents")
        .to_owned();
    assert_holds_for(
        Duration::from_secs(3),
        "no notification and no file after a cancel",
        || {
            export.session.notifications().count() == before
                && files_in(&documents).is_empty()
                && export.session.app().is_running()
        },
    );
    export.assert_no_zenity();
}
