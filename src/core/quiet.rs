//! Why a due reminder waits: the desktop asked for quiet, or it is outside the user's hours.

use std::fmt;

use serde::Serialize;

/// What holds a reminder back. The first three come from the desktop as [`super::Input::Quiet`];
/// `Schedule` the core works out from the user's hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The desktop's do-not-disturb is on.
    DoNotDisturb,
    /// A fullscreen window has the focus: a presentation, a video, a game.
    Fullscreen,
    /// Another program has the camera open: most likely a call.
    Camera,
    /// Outside the hours the user set for reminders.
    Schedule,
}

impl Reason {
    /// Every reason, in the order the tray names them when several hold at once.
    pub const ALL: [Reason; 4] = [
        Reason::Camera,
        Reason::Fullscreen,
        Reason::DoNotDisturb,
        Reason::Schedule,
    ];

    /// The name the log and the config use.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::DoNotDisturb => "do_not_disturb",
            Reason::Fullscreen => "fullscreen",
            Reason::Camera => "camera",
            Reason::Schedule => "schedule",
        }
    }
}

impl Reason {
    pub fn from_name(name: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == name)
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
