//! The history logs: one JSON object a line, appended and fsynced before the answer shows as
//! done, and read back line by line so that one torn or hand-mangled line never costs the rest.
//! Each computer appends to its own log in the history folder; readers take them all.

mod folder;
mod log;
mod read;
mod record;
mod tail;

pub use folder::{log_files, open_own, read_folder, read_folder_since, recent, Logs, MachineLog};
pub use log::{HistoryError, HistoryLog};
pub use read::{read, History};
pub use record::{decode, encode, Unread, VERSION};
pub use tail::{read_recent, records_since, Recent, Since};
