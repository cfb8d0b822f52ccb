//! The file dialog, through rfd: the XDG desktop portal (over D-Bus, no GTK in our process),
//! or zenity where there is no portal.

use crate::driver::Outbox;
use crate::driver::{FileDialog, Pick};

pub struct PortalFileDialog;

impl FileDialog for PortalFileDialog {
    /// A cancel picks nothing and sends nothing; no dialog at all is said, since the click
    /// would otherwise seem to do nothing.
    fn pick_exercise_files(&self, reply: Outbox) {
        tokio::spawn(async move {
            let files = rfd::AsyncFileDialog::new()
                .set_title("Add exercises to unknot")
                .add_filter("Exercise files", &["toml"])
                .pick_files()
                .await;
            let pick = match files {
                Some(files) if files.is_empty() => return,
                Some(files) => Pick::Files(files.iter().map(|f| f.path().to_owned()).collect()),
                None => Pick::NoDialog,
            };
            reply.send(pick);
        });
    }
}
