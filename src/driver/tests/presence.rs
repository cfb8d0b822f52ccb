//! The driver and what the idle, lock and sleep sources say, and the clock: suspends, locks,
//! clock sets, and the idle threshold.

use std::time::Duration;

use tokio::task::LocalSet;
use tokio::time::sleep;

use super::*;

#[tokio::test(start_paused = true)]
async fn a_suspend_is_seen_within_a_minute_and_counts_as_a_break() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            sleep(minutes(30)).await;
            // Eight hours pass on the wall clock while tokio's clock stands still.
            rig.slept.set(Duration::from_secs(8 * 3600));
            sleep(minutes(1)).await;
            assert_eq!(
                events(&rig.paths.history_file),
                ["started", "natural_break", "returned"]
            );
            // Sitting starts again at the resume: no reminder 15 minutes later.
            sleep(minutes(15)).await;
            assert_eq!(rig.seen.with("remind"), Vec::<String>::new());
            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn idle_for_natural_break_is_a_break_and_input_ends_it() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            sleep(minutes(10)).await;
            // With no reminder open, only a natural break matters.
            let threshold = rig.idle.get().expect("the idle source is told a threshold");
            assert_eq!(threshold, minutes(5));
            // From here on no input; the source says so once the threshold is reached.
            sleep(threshold).await;
            assert_eq!(events(&rig.paths.history_file), ["started"]);
            app.outbox.send(Presence::Idle(threshold));
            sleep(Duration::from_millis(1)).await;
            assert_eq!(
                events(&rig.paths.history_file),
                ["started", "natural_break"]
            );
            assert!(
                last_line(&rig.paths.history_file).contains(r#""cause":"idle""#),
                "{}",
                last_line(&rig.paths.history_file)
            );
            app.outbox.send(Presence::Active);
            sleep(Duration::from_millis(1)).await;
            assert_eq!(
                events(&rig.paths.history_file),
                ["started", "natural_break", "returned"]
            );
            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn the_machine_sleeps_only_once_the_record_is_on_disk() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            sleep(minutes(10)).await;
            let (guard, released) = SleepGuard::new();
            app.outbox.send(Presence::Sleeping(guard));
            // The guard is dropped, never answered: Err is the release.
            assert!(released.await.is_err());
            assert_eq!(events(&rig.paths.history_file), ["started", "suspended"]);
            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn a_lock_past_natural_break_is_a_break_caused_by_the_lock() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            sleep(minutes(10)).await;
            app.outbox.send(Presence::Locked);
            sleep(minutes(6)).await;
            // A key on the lock screen is the user unlocking: the break goes on until the unlock.
            app.outbox.send(Presence::Active);
            sleep(Duration::from_secs(5)).await;
            assert_eq!(
                events(&rig.paths.history_file),
                ["started", "natural_break"]
            );
            assert!(last_line(&rig.paths.history_file).contains(r#""cause":"lock""#));
            app.outbox.send(Presence::Unlocked);
            sleep(Duration::from_millis(1)).await;
            assert_eq!(
                events(&rig.paths.history_file),
                ["started", "natural_break", "returned"]
            );
            assert!(last_line(&rig.paths.history_file).contains(r#""away_s":365"#));
            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn the_tooltip_says_when_away_time_cannot_be_seen_and_why() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            let tooltip = || {
                rig.tray
                    .borrow()
                    .as_ref()
                    .map(|v| v.tooltip.clone())
                    .unwrap_or_default()
            };
            app.outbox.send(Presence::IdleSource(
                Err("no idle source works here".into()),
            ));
            sleep(Duration::from_millis(1)).await;
            assert!(
                tooltip().ends_with("\nTime away cannot be seen: no idle source works here"),
                "{}",
                tooltip()
            );
            app.outbox.send(Presence::IdleSource(Ok("X11".into())));
            sleep(Duration::from_millis(1)).await;
            assert!(!tooltip().contains("cannot be seen"), "{}", tooltip());
            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn a_clock_set_forward_is_no_break_and_the_reminder_keeps_its_time() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            sleep(minutes(10)).await;
            // Two hours forward on the wall clock, none on the boot clock: no sleep.
            rig.set.set(Duration::from_secs(2 * 3600));
            rig.clock_set.notify_one();
            sleep(minutes(2)).await;
            assert_eq!(events(&rig.paths.history_file), ["started"]);
            sleep(minutes(33) - Duration::from_secs(1)).await;
            assert_eq!(rig.seen.with("remind"), Vec::<String>::new());
            sleep(Duration::from_secs(2)).await;
            assert_eq!(rig.seen.with("remind").len(), 1, "{:?}", rig.seen.lines());
            app.quit().await;
        })
        .await;
}

#[tokio::test(start_paused = true)]
async fn the_idle_threshold_drops_to_the_exercise_while_a_reminder_is_open() {
    let rig = Rig::new(CONFIG);
    LocalSet::new()
        .run_until(async {
            let app = rig.start();
            sleep(Duration::from_secs(1)).await;
            assert_eq!(rig.idle.get(), Some(minutes(5)));
            sleep(minutes(45)).await;
            assert_eq!(rig.seen.with("remind").len(), 1, "{:?}", rig.seen.lines());
            let open = rig.idle.get().expect("a threshold");
            assert!(open < minutes(5), "{open:?}");
            app.send(Command::Answer(Answer::Done));
            sleep(Duration::from_millis(1)).await;
            assert_eq!(rig.idle.get(), Some(minutes(5)));
            app.quit().await;
        })
        .await;
}
