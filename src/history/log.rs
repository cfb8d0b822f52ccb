//! Appending records.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::core::Record;

use super::record::Line;

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("{}: cannot open the history log: {source}", path.display())]
    Open { path: PathBuf, source: io::Error },
    #[error("{}: cannot write to the history log: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// The open log. Holds the file open in append mode for the life of the app.
#[derive(Debug)]
pub struct HistoryLog {
    path: PathBuf,
    file: File,
    /// The file ends mid-line (a write cut short by power loss): start ours on a fresh line, and
    /// leave the torn one for the reader to report rather than dropping it.
    torn: bool,
}

impl HistoryLog {
    pub fn open(path: &Path) -> Result<HistoryLog, HistoryError> {
        let open_err = |source| HistoryError::Open {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(open_err)?;
        }
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(path)
            .map_err(open_err)?;
        let torn = ends_mid_line(&mut file).map_err(open_err)?;
        Ok(HistoryLog {
            path: path.to_owned(),
            file,
            torn,
        })
    }

    /// Appends one record and waits until it is on disk.
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
        // One write call per record: an append of a few hundred bytes lands whole or not at all
        // on local file systems, so two unknots never interleave within a line.
        self.file
            .write_all(text.as_bytes())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| self.write_err(e))?;
        self.torn = false;
        Ok(())
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
