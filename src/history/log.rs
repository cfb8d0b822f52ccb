//! Appending records.

use std::fs::{self, File, OpenOptions, Permissions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use crate::core::Record;

use super::record;

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
        let mut text = record::encode(record).map_err(|e| self.write_err(io::Error::other(e)))?;
        text.push('\n');
        // After a cut that failed, look again: the tail may be whole after all.
        if self.torn && ends_mid_line(&mut self.file).map_err(|e| self.write_err(e))? {
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
pub(super) fn private_dir(dir: &Path) -> io::Result<()> {
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

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::core::Event;
    use crate::history::read;

    fn done(at_secs: u64) -> Record {
        Record {
            at: SystemTime::UNIX_EPOCH + Duration::from_secs(at_secs),
            event: Event::Done {
                exercise: "chin-tuck".into(),
                sitting: Duration::from_secs(2700),
                routine: Vec::new(),
            },
        }
    }

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().mode() & 0o777
    }

    #[test]
    fn a_write_cut_short_is_taken_back_and_written_whole_later() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let mut log = HistoryLog::open(&path).unwrap();
        log.append(&done(1_800_000_000)).unwrap();
        let good = fs::read(&path).unwrap();
        // Room for part of the next line only, as on a full disk.
        log.room = Some(good.len() as u64 + 20);
        let failed = log.append(&done(1_800_000_060)).unwrap_err();
        assert_eq!(
            failed.source_error().kind(),
            io::ErrorKind::StorageFull,
            "{failed}"
        );
        assert_eq!(fs::read(&path).unwrap(), good, "no fragment left");

        log.room = None;
        log.append(&done(1_800_000_060)).unwrap();
        log.append(&done(1_800_000_120)).unwrap();
        let history = read(&path).unwrap();
        assert_eq!(history.problems, []);
        let times: Vec<_> = history.records.iter().map(|r| r.at).collect();
        let at = |s| SystemTime::UNIX_EPOCH + Duration::from_secs(s);
        assert_eq!(
            times,
            [at(1_800_000_000), at(1_800_000_060), at(1_800_000_120)]
        );
    }

    #[test]
    fn a_fragment_that_cannot_be_taken_back_is_not_glued_to() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let mut log = HistoryLog::open(&path).unwrap();
        log.append(&done(1_800_000_000)).unwrap();
        // What a failed cut leaves: a fragment, and the log knowing its tail is torn.
        let fragment = r#"{"v":1,"ts":"2026-12-"#;
        fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(fragment.as_bytes())
            .unwrap();
        log.torn = true;
        log.append(&done(1_800_000_060)).unwrap();
        let history = read(&path).unwrap();
        assert_eq!(history.records.len(), 2);
        let shown: Vec<String> = history.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            shown,
            [format!(
                "{}:2:21: EOF while parsing a string at line 1 column 21",
                path.display()
            )]
        );
    }

    #[test]
    fn the_log_and_its_folder_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("data/unknot");
        let path = folder.join("history.jsonl");
        HistoryLog::open(&path).unwrap();
        assert_eq!((mode(&folder), mode(&path)), (0o700, 0o600));
    }

    #[test]
    fn a_log_made_public_by_an_older_unknot_is_made_private() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("unknot");
        let path = folder.join("history.jsonl");
        fs::create_dir(&folder).unwrap();
        fs::set_permissions(&folder, Permissions::from_mode(0o755)).unwrap();
        fs::write(&path, "").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o644)).unwrap();
        HistoryLog::open(&path).unwrap();
        assert_eq!((mode(&folder), mode(&path)), (0o700, 0o600));
    }
}
