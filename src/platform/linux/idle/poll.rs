//! A watch made from a source that can only be asked (MIT-SCREEN-SAVER, KDE's
//! GetSessionIdleTime): it asks once when the threshold could first be reached, and while the
//! user is away often enough to see them come back. Nothing is asked while the user works.

use std::future::Future;
use std::time::Duration;

use tokio::sync::watch;

use crate::driver::{Outbox, Presence};

/// While away, how often to look for the user's return.
fn return_poll(threshold: Duration) -> Duration {
    (threshold / 5).clamp(Duration::from_secs(1), Duration::from_secs(5))
}

/// Runs until `ask` fails, and returns why. `ask` answers the time since the last input.
pub async fn watch_by_asking<F, Fut>(
    mut ask: F,
    mut threshold: watch::Receiver<Duration>,
    outbox: Outbox,
) -> String
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Duration, String>>,
{
    let mut away: Option<Duration> = None;
    loop {
        let after = *threshold.borrow_and_update();
        let idle = match ask().await {
            Ok(idle) => idle,
            Err(why) => return why,
        };
        let wait = match away {
            // Less idle than last time: there was input in between.
            Some(before) if idle < before => {
                outbox.send(Presence::Active);
                away = None;
                after.saturating_sub(idle)
            }
            Some(_) => {
                away = Some(idle);
                return_poll(after)
            }
            None if idle >= after => {
                outbox.send(Presence::Idle(idle));
                away = Some(idle);
                return_poll(after)
            }
            None => after - idle,
        };
        tokio::select! {
            () = tokio::time::sleep(wait.max(Duration::from_millis(100))) => {}
            changed = threshold.changed() => if changed.is_err() {
                return "unknot is quitting".into();
            },
        }
    }
}
