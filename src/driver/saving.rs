//! Saving records to the history log so that none is lost while the disk is full: a record
//! that cannot be written is kept, in order, and written first once writing works again. The
//! user is told once when saving starts failing and once when it works again.

use std::collections::VecDeque;
use std::path::PathBuf;

use crate::core::Record;
use crate::history::{self, HistoryError, HistoryLog};
use crate::paths::Paths;

/// Records kept while the log cannot be written: weeks of use, a few hundred kilobytes.
const MAX_UNSAVED: usize = 10_000;

/// Something to tell the user by notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub summary: &'static str,
    pub body: String,
}

pub struct Saving {
    path: PathBuf,
    log: Option<HistoryLog>,
    /// Records not written yet, oldest first: written before anything newer.
    unsaved: VecDeque<Record>,
    /// Records dropped from a full `unsaved` since saving last worked.
    dropped: usize,
    /// The user was told that saving fails, and not yet that it works again.
    told: bool,
}

impl Saving {
    /// Opens this computer's log (moving 0.1's into place first); if it cannot be, opening is
    /// tried again with every record.
    pub fn open(paths: &Paths) -> (Saving, Option<Notice>) {
        let mut saving = Saving {
            log: None,
            unsaved: VecDeque::new(),
            dropped: 0,
            told: false,
            path: paths.history_file.clone(),
        };
        let notice = match history::open_own(paths) {
            Ok(log) => {
                saving.log = Some(log);
                None
            }
            Err(e) => saving.failed(&e),
        };
        (saving, notice)
    }

    /// Writes the record, after any kept from earlier failures.
    pub fn record(&mut self, record: &Record) -> Option<Notice> {
        self.unsaved.push_back(record.clone());
        if self.unsaved.len() > MAX_UNSAVED {
            self.unsaved.pop_front();
            self.dropped += 1;
            if self.dropped == 1 {
                log::error!("too many records waiting to be written: dropping the oldest");
            }
        }
        self.save(1)
    }

    /// Tries the kept records again, if there are any.
    pub fn retry(&mut self) -> Option<Notice> {
        self.save(0)
    }

    /// How many records are waiting to be written.
    pub fn waiting(&self) -> usize {
        self.unsaved.len()
    }

    /// Writes the waiting records in order, stopping at the first that fails. `fresh` of them
    /// were just added rather than kept from a failure.
    fn save(&mut self, fresh: usize) -> Option<Notice> {
        if self.unsaved.is_empty() {
            // Nothing to try: whether saving works is not known yet.
            return None;
        }
        let mut written: usize = 0;
        while let Some(record) = self.unsaved.front() {
            let appended = match &mut self.log {
                Some(log) => log.append(record),
                None => {
                    HistoryLog::open(&self.path).and_then(|log| self.log.insert(log).append(record))
                }
            };
            if let Err(e) = appended {
                return self.failed(&e);
            }
            self.unsaved.pop_front();
            written += 1;
        }
        if !std::mem::take(&mut self.told) {
            return None;
        }
        let kept = written.saturating_sub(fresh);
        let mut body = format!(
            "{} is written again; {kept} waiting record{} written.",
            self.path.display(),
            if kept == 1 { " was" } else { "s were" },
        );
        let dropped = std::mem::take(&mut self.dropped);
        if dropped > 0 {
            body.push_str(&format!(
                " {dropped} older records did not fit in memory and are lost."
            ));
        }
        log::info!("{body}");
        Some(Notice {
            summary: "unknot: history saved again",
            body,
        })
    }

    /// What to tell, once per spell of failures: the file, the OS error, and that nothing is
    /// lost yet.
    fn failed(&mut self, error: &HistoryError) -> Option<Notice> {
        if std::mem::replace(&mut self.told, true) {
            // Tried again at every wake while it fails: the log says it once.
            log::debug!("{error}");
            return None;
        }
        log::error!("{error}");
        Some(Notice {
            summary: "unknot: answers not saved yet",
            body: format!(
                "{} cannot be written: {}.\nYour answer counts, but it is not saved yet: unknot \
                 keeps it and writes it as soon as the file can be written again (free some \
                 disk space).",
                self.path.display(),
                error.source_error(),
            ),
        })
    }
}
