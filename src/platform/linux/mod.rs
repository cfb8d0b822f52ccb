//! Linux desktop adapters: the tray (StatusNotifierItem), notifications, X11 idle time, and
//! opening files. Other desktops get their own modules behind the same driver traits.

mod file_dialog;
mod icons;
mod notifications;
mod opener;
mod tray;
mod wall_timer;
mod x11_idle;

pub use file_dialog::PortalFileDialog;
pub use notifications::DesktopNotifier;
pub use opener::XdgOpen;
pub use tray::{DesktopTray, TrayError};
pub use wall_timer::WallTimer;
pub use x11_idle::X11Idle;
