//! The file dialog, through rfd: the XDG desktop portal (over D-Bus, no GTK in our process),
//! or zenity where there is no portal.

use crate::driver::Outbox;
use crate::driver::{ExportTo, FileDialog, Pick};

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

    /// rfd answers a cancel and a dialog that could not be shown alike (no file), so both end
    /// here quietly, with a line in the log.
    fn pick_export_file(&self, suggested: &str, reply: Outbox) {
        let dialog = rfd::AsyncFileDialog::new()
            .set_title("Export unknot history")
            .set_file_name(suggested)
            .add_filter("CSV", &["csv"]);
        tokio::spawn(async move {
            match dialog.save_file().await {
                Some(file) => reply.send(ExportTo(file.path().to_owned())),
                None => log::info!(
                    "history export: no file chosen (cancelled, or no XDG desktop portal or zenity)"
                ),
            }
        });
    }
}
