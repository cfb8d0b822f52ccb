//! Desktop notifications over `org.freedesktop.Notifications`, spoken directly with zbus on
//! our tokio runtime: one connection for the life of the app, listening for buttons before the
//! first notification goes out. The task in `task.rs` owns what is on screen.

mod icon;
mod look;
mod protocol;
mod queue;
mod server;
mod state;
mod task;

use tokio::sync::mpsc::{self, UnboundedSender};
use tokio::task::JoinHandle;

use crate::driver::Outbox;
use crate::driver::{Notifier, ReminderView};

use queue::Tell;
use task::Request;

pub struct DesktopNotifier {
    requests: UnboundedSender<Request>,
}

impl DesktopNotifier {
    /// Starts the notification task on the current tokio runtime. Button presses come back
    /// to the driver's `outbox`, and so do reminders nobody could see. Await the returned
    /// task after the notifier is dropped, so a last Close reaches the server before the
    /// process ends.
    pub fn start(outbox: Outbox) -> (DesktopNotifier, JoinHandle<()>) {
        let (requests, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(task::serve(rx, outbox));
        (DesktopNotifier { requests }, task)
    }

    fn send(&self, request: Request) {
        if self.requests.send(request).is_err() {
            log::warn!("the notification task has stopped");
        }
    }
}

impl Notifier for DesktopNotifier {
    fn remind(&mut self, reminder: &ReminderView) {
        self.send(Request::Remind(reminder.clone()));
    }

    fn close(&mut self) {
        self.send(Request::Close);
    }

    fn tell(&mut self, summary: &str, body: &str) {
        self.send(Request::Tell(Tell {
            summary: summary.to_owned(),
            body: body.to_owned(),
        }));
    }
}
