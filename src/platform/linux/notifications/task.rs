//! The one task that owns unknot's notifications: it shows, replaces and closes the reminder in
//! order, delivers one-off notes, listens for buttons, and follows the server as it comes and
//! goes. All on one long-lived connection, subscribed before the first `Notify`.
//!
//! It runs one call at a time and keeps reading signals meanwhile, so a button pressed the
//! instant a reminder appears is held until the `Notify` reply names its id.

use std::time::Duration;

use futures_lite::StreamExt;
use tokio::sync::mpsc::UnboundedReceiver;

use crate::driver::Outbox;
use crate::driver::ReminderView;

use super::protocol::{self, Streams};
use super::queue::Tell;
use super::state::{report_not_shown, Call, Outcome, State};

/// A server that does not answer in this time is treated as failing.
const CALL_TIMEOUT: Duration = Duration::from_secs(25);

pub enum Request {
    Remind(ReminderView),
    Close,
    Tell(Tell),
}

pub async fn serve(mut requests: UnboundedReceiver<Request>, replies: Outbox) {
    let setup = async {
        let conn = zbus::connection::Builder::session()?
            .method_timeout(CALL_TIMEOUT)
            .build()
            .await?;
        let streams = Streams::subscribe(&conn).await?;
        Ok::<_, zbus::Error>((conn, streams))
    };
    let (conn, streams) = match setup.await {
        Ok(ready) => ready,
        Err(e) => return without_bus(requests, replies, e).await,
    };
    let Streams {
        mut actions,
        mut closed,
        mut owners,
    } = streams;
    let mut state = State::new(conn, replies);
    let mut pending: Option<Call> = None;
    loop {
        if pending.is_none() {
            pending = state.next_call();
            if pending.is_none() && state.quitting {
                break;
            }
        }
        // Signals first: one that came before a reply is kept until the reply is read.
        tokio::select! {
            biased;
            Some(msg) = actions.next() => {
                if let Some(signal) = msg.ok().as_ref().and_then(protocol::action_invoked) {
                    state.signal(signal);
                }
            }
            Some(msg) = closed.next() => {
                if let Some(signal) = msg.ok().as_ref().and_then(protocol::notification_closed) {
                    state.signal(signal);
                }
            }
            Some(msg) = owners.next() => {
                if let Some(change) = msg.ok().as_ref().and_then(protocol::owner_changed) {
                    state.owner_changed(change);
                }
            }
            outcome = finish(&mut pending) => {
                pending = None;
                state.outcome(outcome);
            }
            request = requests.recv(), if pending.is_none() && !state.quitting => {
                state.request(request);
            }
        }
    }
}

async fn finish(pending: &mut Option<Call>) -> Outcome {
    match pending {
        Some(call) => call.await,
        None => std::future::pending().await,
    }
}

/// No session bus for notifications: every reminder is reported unseen.
async fn without_bus(
    mut requests: UnboundedReceiver<Request>,
    replies: Outbox,
    error: zbus::Error,
) {
    log::error!("notifications are off: cannot listen on the session bus ({error})");
    let why = format!("no session bus connection ({error})");
    while let Some(request) = requests.recv().await {
        match request {
            Request::Remind(view) => report_not_shown(&replies, &view, why.clone()),
            Request::Tell(tell) => log::warn!("not shown: {}: {}", tell.summary, tell.body),
            Request::Close => {}
        }
    }
}
