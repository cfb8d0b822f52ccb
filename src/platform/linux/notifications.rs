//! Desktop notifications over org.freedesktop.Notifications (notify-rust on zbus, on our tokio
//! runtime). One task owns the reminder on screen: it shows, replaces and closes it in order and
//! listens for its buttons, so nothing blocks and no thread waits per notification.

use notify_rust::{Hint, Notification, NotificationHandle, NotificationResponse, Timeout};
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::task::JoinHandle;

use crate::core::Answer;
use crate::driver::{Command, Notifier, ReminderView};

const APP: &str = "unknot";

enum Request {
    Remind(ReminderView),
    Close,
    Tell { summary: String, body: String },
}

pub struct DesktopNotifier {
    requests: UnboundedSender<Request>,
}

impl DesktopNotifier {
    /// Starts the notification task on the current tokio runtime. Await the returned task
    /// after the notifier is dropped, so a last Close reaches the server before the process
    /// ends.
    pub fn start(commands: UnboundedSender<Command>) -> (DesktopNotifier, JoinHandle<()>) {
        let (requests, rx) = mpsc::unbounded_channel();
        let task = tokio::spawn(serve(rx, commands));
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
        self.send(Request::Tell {
            summary: summary.to_owned(),
            body: body.to_owned(),
        });
    }
}

async fn serve(mut requests: UnboundedReceiver<Request>, commands: UnboundedSender<Command>) {
    let mut shown: Option<NotificationHandle> = None;
    loop {
        let request = match &shown {
            Some(handle) => tokio::select! {
                request = requests.recv() => request,
                response = answer(handle) => {
                    match response {
                        Response::Command(command) => {
                            // The receiver is gone only while quitting.
                            let _ = commands.send(command);
                        }
                        Response::Other => {}
                        // Closed by the server or the user: the reminder stays open in the tray
                        // and comes back after `remind_again`. Gone: the connection ended, and
                        // listening again would return at once, for ever.
                        Response::Closed | Response::Gone => shown = None,
                    }
                    continue;
                }
            },
            None => requests.recv().await,
        };
        let Some(request) = request else { break };
        match request {
            Request::Remind(view) => {
                let replaces = shown.as_ref().map(NotificationHandle::id);
                match reminder(&view, replaces).show_async().await {
                    Ok(handle) => shown = Some(handle),
                    Err(e) => log::warn!("cannot show the reminder: {e}"),
                }
            }
            Request::Close => {
                if let Some(handle) = shown.take() {
                    handle.close_async().await;
                }
            }
            Request::Tell { summary, body } => {
                let note = Notification::new()
                    .appname(APP)
                    .summary(&summary)
                    .body(&body)
                    .finalize();
                if let Err(e) = note.show_async().await {
                    log::warn!("cannot show a notification ({summary}): {e}");
                }
            }
        }
    }
}

fn reminder(view: &ReminderView, replaces: Option<u32>) -> Notification {
    let mut n = Notification::new();
    n.appname(APP)
        .summary(&view.summary)
        .body(&view.body)
        // Clicking the body opens the exercise, like "How to".
        .action("default", "Open exercise")
        .action("done", "Done");
    if view.can_snooze {
        n.action("snooze", "Snooze");
    }
    n.action("skip", "Skip")
        .action("howto", "How to")
        // Stay on screen after "How to", so Done is still there once the stretch is done.
        .hint(Hint::Resident(true))
        .timeout(Timeout::Default);
    if let Some(id) = replaces {
        n.id(id);
    }
    n
}

enum Response {
    Command(Command),
    Closed,
    /// An action we do not know: keep listening.
    Other,
    /// The listening stopped without any answer.
    Gone,
}

/// Waits for the next button press on the shown reminder, or for it to close.
async fn answer(handle: &NotificationHandle) -> Response {
    let mut answered = Response::Gone;
    handle
        .wait_for_action_async(|response| {
            let command = |c| Response::Command(c);
            answered = match response {
                NotificationResponse::Action(key) => match key.as_str() {
                    "done" => command(Command::Answer(Answer::Done)),
                    "snooze" => command(Command::Answer(Answer::Snooze)),
                    "skip" => command(Command::Answer(Answer::Skip)),
                    "howto" | "default" => command(Command::OpenExercise),
                    other => {
                        log::debug!("unknown notification action {other:?}");
                        Response::Other
                    }
                },
                NotificationResponse::Default => command(Command::OpenExercise),
                NotificationResponse::Closed(reason) => {
                    log::debug!("reminder closed: {reason:?}");
                    Response::Closed
                }
                _ => Response::Other,
            }
        })
        .await;
    answered
}
