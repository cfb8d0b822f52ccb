//! Desktop adapters behind the driver's traits, one module per platform. Only Linux desktops
//! (X11 and Wayland, through D-Bus) exist so far; Windows and macOS get `windows/` and `macos/`
//! beside it, exporting the same names.

#[cfg(target_os = "linux")]
mod linux;

#[cfg(target_os = "linux")]
pub use linux::*;
