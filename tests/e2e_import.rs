//! "Add exercises from file…" in the tray: the app asks the XDG desktop portal for a file (the
//! test portal answers as the user), checks what was chosen and copies a good file into
//! `$XDG_CONFIG_HOME/unknot/exercises/<id>.toml`, telling the user either way.

mod support;

use std::path::PathBuf;
use std::time::Duration;

use support::app::binary;
use support::config::{line_of, with_value};
use support::notifications::Notify;
use support::portal::{Answer, OpenFile, TestPortal};
use support::scripts::write_executable;
use support::wait::assert_holds_for;
use support::Session;

const ITEM: &str = "Add exercises from file…";
const ADDED: &str = "Exercise added";
const REFUSED: &str = "Exercise not added";

/// A complete exercise with every optional field, a comment and a non-ASCII character, so that
/// "byte for byte" means something.
const SIDE_BEND: &str = r#"# From my physiotherapist’s handout.
id = "seated-side-bend"
name = "Seated side bend"
cue = "Reach one arm over your head and lean away from it. Breathe into your side."
kind = "stretch"
area = "spine"
places = ["desk", "walking"]
equipment = []
duration = "1m"
hold = "20s"
per_side = true
steps = [
    "Sit tall with both feet flat on the floor.",
    "Raise your right arm and lean slowly to the left until you feel a stretch along your side.",
    "Hold it, breathing slowly, then come back up and do the other side.",
]
cautions = ["Lean only as far as is comfortable; stop if it pinches."]
source = "My physiotherapist"
"#;
const SIDE_BEND_ID: &str = "seated-side-bend";

/// A session whose app is running with a test portal on its bus. No reminder comes in these
/// tests (`every` is an hour), so every notification after the welcome is the import's.
struct Import {
    // Declared first so it is dropped first: it leaves the bus before the session stops the bus.
    portal: TestPortal,
    session: Session,
}

impl Import {
    fn start() -> Import {
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
        let portal = TestPortal::start(session.bus());
        session.start_app();
        // The welcome note comes first on a fresh start; waiting for it keeps it out of the way.
        session
            .notifications()
            .wait_for_notify("the welcome note", |n| n.summary == "unknot has started");
        Import { portal, session }
    }

    /// A file in the simulated user's Downloads folder, with a space in its name to exercise
    /// the URI encoding on both sides.
    fn download(&self, name: &str, text: &str) -> PathBuf {
        let dir = self.session.path("home/Downloads");
        std::fs::create_dir_all(&dir).expect("create Downloads");
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write the downloaded exercise");
        path
    }

    fn exercises_dir(&self) -> PathBuf {
        self.session.path("config/unknot/exercises")
    }

    /// Every file name in the exercise folder, hidden ones included; none if it is missing.
    fn exercise_files(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.exercises_dir()) else {
            return Vec::new();
        };
        let mut names: Vec<String> = entries
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// Clicks the tray item with `answer` set in the portal; returns the dialog's OpenFile call
    /// once the user has answered it, and how many notifications there were before the click.
    fn add_from_tray(&self, answer: Answer) -> (OpenFile, usize) {
        let before = self.session.notifications().notifications().len();
        let index = self.portal.calls().len();
        self.portal.answer_with(answer);
        let menu = self.session.menu();
        menu.wait_for_item(ITEM, true);
        menu.click(ITEM);
        let call = self.portal.wait_for_call(index);
        self.portal.wait_for_response(&call);
        (call, before)
    }

    fn wait_for_notify_since(&self, since: usize, summary: &str) -> Notify {
        self.session.notifications().wait_for_notify_since(
            since,
            format!("summary {summary:?}"),
            |n| n.summary == summary,
        )
    }

    /// The ids `unknot exercises --json` lists, run with the session's environment.
    fn listed_ids(&self) -> Vec<String> {
        let bin = binary();
        let out = self
            .session
            .command(bin.to_str().expect("UTF-8 binary path"))
            .args(["exercises", "--json"])
            .output()
            .expect("run unknot exercises --json");
        assert!(
            out.status.success(),
            "unknot exercises --json failed ({}):\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let all: Vec<serde_json::Value> =
            serde_json::from_slice(&out.stdout).expect("a JSON array");
        all.iter()
            .map(|e| e["id"].as_str().expect("an id").to_owned())
            .collect()
    }

    fn assert_no_zenity(&self) {
        let log = std::fs::read_to_string(self.session.path("zenity.log")).unwrap_or_default();
        assert!(log.is_empty(), "rfd fell back to zenity: {log}");
    }
}

/// The dialog asked for what it should: a title and a filter for exercise files.
fn assert_asks_for_toml(call: &OpenFile) {
    assert!(
        !call.title.trim().is_empty(),
        "a dialog with no title: {call:?}"
    );
    assert!(
        call.globs().contains(&"*.toml"),
        "the dialog does not offer *.toml files: {call:?}"
    );
}

#[test]
fn a_good_file_is_copied_into_the_exercise_folder_and_announced() {
    let import = Import::start();
    let chosen = import.download("side bend.toml", SIDE_BEND);
    assert!(!import.listed_ids().iter().any(|id| id == SIDE_BEND_ID));

    let (call, before) = import.add_from_tray(Answer::Pick(vec![chosen]));
    assert_asks_for_toml(&call);
    let added = import.wait_for_notify_since(before, ADDED);

    let dest = import.exercises_dir().join(format!("{SIDE_BEND_ID}.toml"));
    let copied =
        std::fs::read(&dest).unwrap_or_else(|e| panic!("{} after {added:?}: {e}", dest.display()));
    // As text first, for a readable diff; then the bytes, which are what must match.
    assert_eq!(
        String::from_utf8_lossy(&copied),
        SIDE_BEND,
        "not a byte-for-byte copy"
    );
    assert_eq!(copied, SIDE_BEND.as_bytes(), "not a byte-for-byte copy");
    // No temporary file is left beside it.
    assert_eq!(import.exercise_files(), [format!("{SIDE_BEND_ID}.toml")]);
    assert!(
        added.body.contains(SIDE_BEND_ID),
        "the notification does not say which exercise: {added:?}"
    );
    assert!(
        import.listed_ids().iter().any(|id| id == SIDE_BEND_ID),
        "unknot exercises --json does not list {SIDE_BEND_ID}"
    );
    import
        .session
        .app()
        .assert_running("after adding an exercise");
    import.assert_no_zenity();
}

#[test]
fn a_bad_file_is_refused_with_where_and_why_and_nothing_is_copied() {
    let import = Import::start();
    // An unknown key: located at the key.
    let typo = SIDE_BEND.replace("per_side = true", "per-side = true");
    let line = line_of(&typo, "per-side");
    let chosen = import.download("typo.toml", &typo);
    let (call, before) = import.add_from_tray(Answer::Pick(vec![chosen.clone()]));
    assert_asks_for_toml(&call);
    let refused = import.wait_for_notify_since(before, REFUSED);
    let at = format!("{}:{line}:1: unknown field `per-side`", chosen.display());
    assert!(
        refused.body.contains(&at),
        "the refusal should say {at:?}: {refused:?}"
    );
    assert_eq!(import.exercise_files(), Vec::<String>::new());

    // A missing field: the whole file is at fault, so line 1, column 1.
    let incomplete: String = SIDE_BEND
        .lines()
        .filter(|l| !l.starts_with("source"))
        .map(|l| format!("{l}\n"))
        .collect();
    let chosen = import.download("incomplete.toml", &incomplete);
    let (_, before) = import.add_from_tray(Answer::Pick(vec![chosen.clone()]));
    let refused = import.wait_for_notify_since(before, REFUSED);
    let at = format!("{}:1:1: missing field `source`", chosen.display());
    assert!(
        refused.body.contains(&at),
        "the refusal should say {at:?}: {refused:?}"
    );
    assert_eq!(import.exercise_files(), Vec::<String>::new());
    assert!(!import.listed_ids().iter().any(|id| id == SIDE_BEND_ID));
    assert!(
        !import
            .session
            .notifications()
            .notifications()
            .iter()
            .any(|n| n.summary == ADDED),
        "a refused file was announced as added"
    );
    import.session.app().assert_running("after refusing a file");
    import.assert_no_zenity();
}

#[test]
fn cancelling_the_dialog_changes_nothing() {
    let import = Import::start();
    let (call, before) = import.add_from_tray(Answer::Cancel);
    assert_asks_for_toml(&call);
    assert_holds_for(
        Duration::from_secs(3),
        "no notification and no exercise file after a cancel",
        || {
            import.session.notifications().notifications().len() == before
                && import.exercise_files().is_empty()
                && import.session.app().is_running()
        },
    );

    // Still working: the next dialog is answered and acted on.
    let chosen = import.download("side bend.toml", SIDE_BEND);
    let (_, before) = import.add_from_tray(Answer::Pick(vec![chosen]));
    import.wait_for_notify_since(before, ADDED);
    assert_eq!(import.exercise_files(), [format!("{SIDE_BEND_ID}.toml")]);
    import.assert_no_zenity();
}

#[test]
fn several_files_at_once_are_each_checked_and_reported() {
    let import = Import::start();
    let good = import.download("side bend.toml", SIDE_BEND);
    let bad = import.download("bad.toml", &SIDE_BEND.replace("\"spine\"", "\"knee\""));
    let (call, before) = import.add_from_tray(Answer::Pick(vec![bad.clone(), good]));
    assert_eq!(
        call.multiple,
        Some(true),
        "the dialog allows one file only: {call:?}"
    );
    let refused = import.wait_for_notify_since(before, REFUSED);
    assert!(
        refused.body.contains(&format!("{}:", bad.display())),
        "the refusal does not name {}: {refused:?}",
        bad.display()
    );
    import.wait_for_notify_since(before, ADDED);
    assert_eq!(import.exercise_files(), [format!("{SIDE_BEND_ID}.toml")]);
    import.assert_no_zenity();
}
