//! Appending records.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::core::Record;

use super::record::Line;

/// The log says when the user was at the computer and when away: for their eyes only.
const FILE_MODE: u32 = 0o600;
const DIR_MODE: u32 = 0o700;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{}: cannot open the history log: {source}", path.display())]
    Open { path: PathBuf, source: io::Error },
    #[error("{}: cannot write to the history log: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

impl HistoryError {
    /// The OS error alone, for a notice that names the file itself.
    pub fn source_error(&self) -> &io::Error {
        match self {
            HistoryError::Open { source, .. } | HistoryError::Write { source, .. } => source,
        }
    }
}

/// The open log. Holds the file open in append mode for the life of the app.
#[derive(Debug)]
pub struct HistoryLog {
    path: PathBuf,
    file: File,
    /// The file ends mid-line (a write cut short by power loss, or a failed write we could not
    /// take back): start ours on a fresh line, and leave the torn one for the reader to report
    /// rather than gluing a record onto it.
    torn: bool,
    /// Stands in for a full disk in tests: writes stop once the file is this long.
    #[cfg(test)]
    pub(super) room: Option<u64>,
}

impl HistoryLog {
    pub fn open(path: &Path) -> Result<HistoryLog, HistoryError> {
        let open_err = |source| HistoryError::Open {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent() {
            private_dir(dir).map_err(open_err)?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .mode(FILE_MODE)
            .open(path)
            .map_err(open_err)?;
        let meta = file.metadata().map_err(open_err)?;
        // A log from an older unknot was made 0644: it is ours, so make it private. Only a
        // regular file: a link to a device is the user's business.
        if meta.is_file() && meta.mode() & 0o077 != 0 {
            if let Err(e) = file.set_permissions(Permissions::from_mode(FILE_MODE)) {
                log::warn!("{}: cannot make the log private: {e}", path.display());
            }
        }
        let torn = ends_mid_line(&mut file).map_err(open_err)?;
        Ok(HistoryLog {
            path: path.to_owned(),
            file,
            torn,
            #[cfg(test)]
            room: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record and waits until it is on disk. A record that fails leaves the file
    /// as it was before (or, if even that cannot be done, marked torn so the next record
    /// starts on a fresh line), so the same record can be tried again later.
    pub fn append(&mut self, record: &Record) -> Result<(), HistoryError> {
        if self.replaced() {
            // Deleted or moved away while we ran: writing on would go to a file nobody sees.
            log::warn!(
                "{}: the log was moved or deleted; starting it again",
                self.path.display()
            );
            *self = HistoryLog::open(&self.path.clone())?;
        }
        let mut text = serde_json::to_string(&Line::from_record(record))
            .map_err(|e| self.write_err(io::Error::other(e)))?;
        text.push('\n');
        if self.torn {
            text.insert(0, '\n');
        }
        // Where our bytes will start: with O_APPEND the write lands at the end, so a failed
        // write is taken back by cutting the file here. (Another unknot appending in the same
        // instant could lose its line to the cut; one unknot per user is the normal case.)
        let good = self
            .file
            .seek(SeekFrom::End(0))
            .map_err(|e| self.write_err(e))?;
        // One write call per record: an append of a few hundred bytes lands whole or not at all
        // on local file systems, so two unknots never interleave within a line. On a full disk
        // it can land in part, which is what the cut below is for.
        let written = self
            .write(text.as_bytes())
            .and_then(|()| self.file.sync_data());
        if let Err(e) = written {
            self.take_back(good);
            return Err(self.write_err(e));
        }
        self.torn = false;
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        #[cfg(test)]
        if let Some(room) = self.room {
            let len = self.file.metadata()?.len();
            let fits = usize::try_from(room.saturating_sub(len)).unwrap_or(usize::MAX);
            if fits < bytes.len() {
                self.file.write_all(&bytes[..fits])?;
                return Err(io::Error::from(io::ErrorKind::StorageFull));
            }
        }
        self.file.write_all(bytes)
    }

    /// Cuts the file back to `good` bytes after a failed write, so no fragment stays for the
    /// next record to be glued onto.
    fn take_back(&mut self, good: u64) {
        let cut = self.file.set_len(good).and_then(|()| self.file.sync_data());
        match cut {
            Ok(()) => {}
            Err(e) => {
                log::error!(
                    "{}: cannot take back a partly written record: {e}",
                    self.path.display()
                );
                // Whatever is at the end now, the next record starts on a line of its own.
                self.torn = true;
            }
        }
    }

    /// Whether the path no longer names the file we hold open.
    fn replaced(&self) -> bool {
        match (fs::metadata(&self.path), self.file.metadata()) {
            (Ok(at_path), Ok(held)) => (at_path.dev(), at_path.ino()) != (held.dev(), held.ino()),
            _ => true,
        }
    }

    fn write_err(&self, source: io::Error) -> HistoryError {
        HistoryError::Write {
            path: self.path.clone(),
            source,
        }
    }
}

/// Creates the data folder for the user alone; one made by an older unknot (0755) is made
/// private too, since its listing shows when the log last changed.
fn private_dir(dir: &Path) -> io::Result<()> {
    match fs::metadata(dir) {
        Ok(meta) => {
            if meta.is_dir() && meta.mode() & 0o077 != 0 {
                if let Err(e) = fs::set_permissions(dir, Permissions::from_mode(DIR_MODE)) {
                    log::warn!("{}: cannot make the folder private: {e}", dir.display());
                }
            }
            Ok(())
        }
        Err(_) => fs::DirBuilder::new()
            .recursive(true)
            .mode(DIR_MODE)
            .create(dir),
    }
}

fn ends_mid_line(file: &mut File) -> io::Result<bool> {
    let len = file.seek(SeekFrom::End(0))?;
    if len == 0 {
        return Ok(false);
    }
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}
