//! "Export history…": the save dialog, then the CSV of every computer's log written off the
//! loop's thread (years of history take a moment to read), replacing the chosen file whole.

use std::path::Path;

use jiff::tz::TimeZone;

use crate::history;
use crate::paths::Paths;
use crate::{atomic_file, export};

use super::app::App;
use super::mailbox::{ExportCount, ExportTo, Exported, Outbox};

/// The export says when the user was at the computer, as the log does: for their eyes only.
const FILE_MODE: u32 = 0o600;

impl App {
    pub(super) fn ask_where_to_export(&mut self, outbox: &Outbox) {
        let now = self.desktop.clock.now();
        let name = match jiff::Timestamp::try_from(now) {
            Ok(t) => format!(
                "unknot-history-{}.csv",
                t.to_zoned(TimeZone::system()).date()
            ),
            Err(_) => "unknot-history.csv".to_owned(),
        };
        self.desktop.dialogs.pick_export_file(&name, outbox.clone());
    }

    pub(super) fn export(&mut self, ExportTo(path): ExportTo, outbox: &Outbox) {
        let (paths, reply) = (self.paths.clone(), outbox.clone());
        tokio::task::spawn_blocking(move || {
            let result = write_csv(&paths, &path);
            reply.send(Exported { path, result });
        });
    }

    /// Told the way an import is: what was done, or what went wrong and that nothing was.
    pub(super) fn exported(&mut self, exported: Exported) {
        let path = exported.path.display();
        match exported.result {
            Ok(count) => {
                log::info!("history exported to {path}: {count:?}");
                let mut body = format!(
                    "{} from {} saved to {path}.",
                    plural(count.records, "record"),
                    plural(count.computers, "computer"),
                );
                if count.unreadable > 0 {
                    body.push_str(&format!(
                        "\n{} could not be read and {} left out (`unknot history` names them).",
                        plural(count.unreadable, "line"),
                        if count.unreadable == 1 { "was" } else { "were" }
                    ));
                }
                self.desktop.notifier.tell("History exported", &body);
            }
            Err(e) => {
                log::warn!("{e}");
                self.desktop.notifier.tell(
                    "History not exported",
                    &format!("{e}\nNothing was written."),
                );
            }
        }
    }
}

fn write_csv(paths: &Paths, path: &Path) -> Result<ExportCount, String> {
    let logs = history::read_folder(paths).map_err(|e| {
        format!(
            "{}: cannot read the history: {e}",
            paths.history_dir.display()
        )
    })?;
    let bytes = export::csv_bytes(&logs).map_err(|e| format!("cannot write the CSV: {e}"))?;
    atomic_file::replace(path, &bytes, FILE_MODE)
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(ExportCount {
        records: logs.machines.iter().map(|m| m.records.len()).sum(),
        computers: logs.machines.len(),
        unreadable: logs.problems.len(),
    })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
