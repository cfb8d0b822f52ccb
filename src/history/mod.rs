//! The answer log, `history.jsonl`: one JSON object a line, appended and fsynced before the
//! answer shows as done, and read back line by line so that one torn or hand-mangled line
//! never costs the rest.

mod log;
mod read;
mod record;
mod tail;

pub use log::{HistoryError, HistoryLog};
pub use read::{read, History, LineError};
pub use record::{Line, VERSION};
pub use tail::{count_since, read_recent, Recent};
