//! Linux desktop adapters: the tray (StatusNotifierItem), notifications, idle time, lock and
//! sleep, and opening files. Other platforms get their own modules behind the same driver traits.

mod bus;
pub mod camera;
pub mod dnd;
mod fd;
mod file_dialog;
pub mod fullscreen;
mod icons;
pub mod idle;
pub mod logind;
mod machine;
mod notifications;
mod opener;
mod tray;
mod wall_timer;

pub use camera::ProcCamera;
pub use file_dialog::PortalFileDialog;
pub use machine::{host_name, machine_name};
pub use notifications::DesktopNotifier;
pub use opener::XdgOpen;
pub use tray::{DesktopTray, TrayError};
pub use wall_timer::WallTimer;
