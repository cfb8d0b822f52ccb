//! The desktop asking for quiet (do not disturb, a fullscreen window, a call on the camera),
//! pushed into the inbox by the platform's quiet sources and handed to the core, which holds a
//! due reminder until it ends.

use super::app::App;
use super::mailbox::Outbox;
use crate::core::{Input, Reason};

/// A quiet source's news: quiet for `reason` began (`on`) or ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quiet {
    pub reason: Reason,
    pub on: bool,
}

/// Who else is using the camera. Asked only when a reminder falls due, never while the user
/// just sits.
pub trait Camera {
    /// Looks whether another program holds one of the devices matching `devices` (a glob such
    /// as `/dev/video*`) open, and answers through the outbox with [`Quiet`] for
    /// [`Reason::Camera`]: `on` if one does. After an `on` it answers again, `off`, once every
    /// such device is closed.
    fn check(&mut self, devices: &str);
}

/// Where nothing can tell: the camera always counts as free.
pub struct NoCamera(pub Outbox);

impl Camera for NoCamera {
    fn check(&mut self, _devices: &str) {
        self.0.send(Quiet {
            reason: Reason::Camera,
            on: false,
        });
    }
}

impl App {
    pub(super) fn quiet(&mut self, quiet: Quiet) {
        log::debug!("quiet {quiet:?}");
        self.feed(Input::Quiet {
            reason: quiet.reason,
            on: quiet.on,
        });
    }
}
