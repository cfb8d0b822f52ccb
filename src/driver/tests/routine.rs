//! How to on a routine: the page written with the exercises still in the library, and opened.

use std::time::{Duration, SystemTime};

use super::*;

/// The app with the rig's stand-ins, not running: the test calls what the loop would.
fn app(rig: &Rig) -> App {
    let (outbox, _inbox) = mailboxes();
    let desktop = Desktop {
        clock: Box::new(TestClock {
            wall: SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
            start: Instant::now(),
            slept: rig.slept.clone(),
            set: rig.set.clone(),
        }),
        tray: Box::new(TestTray(rig.seen.clone(), rig.tray.clone())),
        notifier: Box::new(TestNotifier {
            seen: rig.seen.clone(),
            history: rig.paths.history_file.clone(),
        }),
        idle: Box::new(TestIdle(rig.idle.clone())),
        opener: Box::new(TestOpener(rig.seen.clone())),
        dialogs: Box::new(NoDialog),
        camera: Box::new(NoCamera(outbox)),
    };
    App::new(rig.paths.clone(), desktop)
}

fn ids(ids: &[&str]) -> Vec<String> {
    ids.iter().map(|id| id.to_string()).collect()
}

#[tokio::test]
async fn a_routine_opens_one_page_of_the_exercises_still_in_the_library() {
    let rig = Rig::new(CONFIG);
    let mut app = app(&rig);
    let routine = ids(&["wall-pec-stretch", "no-longer-here", "wall-angels"]);
    app.open("wall-pec-stretch", &routine);
    let page = rig.paths.pages_dir.join(crate::page::routine::FILE_NAME);
    assert_eq!(rig.seen.with("open"), [format!("open {}", page.display())]);
    let html = fs::read_to_string(&page).expect("the page was written");
    assert!(html.contains("<h1>A routine of 2 exercises</h1>"), "{html}");
    let first = html.find(">Wall pec stretch</h2>");
    let second = html.find(">Wall angels</h2>");
    assert!(first.is_some() && first < second, "{first:?} {second:?}");
}

#[tokio::test]
async fn one_exercise_opens_its_own_page_and_a_routine_of_none_left_opens_nothing() {
    let rig = Rig::new(CONFIG);
    let mut app = app(&rig);
    app.open("wall-angels", &[]);
    let page = rig.paths.pages_dir.join("wall-angels.html");
    assert_eq!(rig.seen.with("open"), [format!("open {}", page.display())]);
    // Every exercise of the routine gone: the exercise page's path, which logs why.
    app.open("gone-a", &ids(&["gone-a", "gone-b"]));
    assert_eq!(rig.seen.with("open").len(), 1, "{:?}", rig.seen.lines());
    assert!(!rig
        .paths
        .pages_dir
        .join(crate::page::routine::FILE_NAME)
        .exists());
}

#[tokio::test]
async fn a_routine_page_that_cannot_be_written_is_told() {
    let rig = Rig::new(CONFIG);
    // A file where the pages folder should be.
    if let Some(parent) = rig.paths.pages_dir.parent() {
        fs::create_dir_all(parent).expect("parent made");
    }
    fs::write(&rig.paths.pages_dir, "").expect("file written");
    let mut app = app(&rig);
    app.open(
        "wall-pec-stretch",
        &ids(&["wall-pec-stretch", "wall-angels"]),
    );
    assert_eq!(rig.seen.with("open"), Vec::<String>::new());
    let told = rig.seen.with("tell unknot: cannot show the routine");
    assert_eq!(told.len(), 1, "{:?}", rig.seen.lines());
    assert!(
        told[0].contains("Wall pec stretch, Wall angels"),
        "{told:?}"
    );
}
