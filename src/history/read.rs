//! Reading a log back, line by line, so that one torn or hand-mangled line never costs the rest.

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufRead, BufReader};
use std::path::Path;

use crate::core::Record;
use crate::diagnostic::Diagnostic;

use super::record::{decode, Unread};

#[derive(Debug, Default)]
pub struct History {
    pub records: Vec<Record>,
    /// The lines that could not be read; they stay in the file untouched.
    pub problems: Vec<Diagnostic>,
}

/// The lines that did not read, each reported once: an unknown event only at its first line,
/// since a later unknot may write thousands of them.
#[derive(Debug, Default)]
pub(super) struct Problems {
    pub(super) list: Vec<Diagnostic>,
    unknown_events: HashSet<String>,
}

impl Problems {
    pub(super) fn add(&mut self, path: &Path, line: usize, unread: Unread) {
        if let Unread::Event(name) = &unread {
            if !self.unknown_events.insert(name.clone()) {
                return;
            }
        }
        self.list.push(Diagnostic {
            path: path.to_owned(),
            line,
            column: unread.column(),
            message: unread.message(),
        });
    }
}

/// Reads every line that can be read. A missing file is an empty history.
pub fn read(path: &Path) -> io::Result<History> {
    let mut problems = Problems::default();
    let mut records = Vec::new();
    read_each(path, &mut problems, |record| records.push(record))?;
    Ok(History {
        records,
        problems: problems.list,
    })
}

/// Calls `each` with every record of the log in file order, keeping memory to one line.
pub(super) fn read_each(
    path: &Path,
    problems: &mut Problems,
    mut each: impl FnMut(Record),
) -> io::Result<()> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut raw = Vec::with_capacity(256);
    let mut number = 0;
    loop {
        raw.clear();
        if reader.read_until(b'\n', &mut raw)? == 0 {
            return Ok(());
        }
        number += 1;
        let line = raw.strip_suffix(b"\n").unwrap_or(&raw);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match decode(line) {
            Ok(record) => each(record),
            Err(unread) => problems.add(path, number, unread),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::core::Event;
    use crate::history::HistoryLog;

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

    #[test]
    fn appended_records_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/history.jsonl");
        let mut log = HistoryLog::open(&path).unwrap();
        log.append(&done(1_800_000_000)).unwrap();
        log.append(&done(1_800_000_060)).unwrap();
        let history = read(&path).unwrap();
        assert_eq!(history.problems, []);
        assert_eq!(history.records, [done(1_800_000_000), done(1_800_000_060)]);
    }

    #[test]
    fn a_torn_last_line_is_reported_kept_and_not_glued_to_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let mut log = HistoryLog::open(&path).unwrap();
        log.append(&done(1_800_000_000)).unwrap();
        drop(log);
        let torn = r#"{"v":1,"ts":"2027-01-15T08:00:00Z","event":"do"#;
        fs::write(
            &path,
            format!("{}{torn}", fs::read_to_string(&path).unwrap()),
        )
        .unwrap();

        let mut log = HistoryLog::open(&path).unwrap();
        log.append(&done(1_800_000_120)).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(torn), "the torn line is kept");
        let history = read(&path).unwrap();
        assert_eq!(history.records.len(), 2);
        assert_eq!(history.problems.len(), 1);
        let problem = history.problems[0].to_string();
        let expected = format!(
            "{}:2:46: EOF while parsing a string at line 1 column 46",
            path.display()
        );
        assert_eq!(problem, expected);
    }

    #[test]
    fn later_versions_unknown_events_and_garbage_are_reported_by_line_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let text = concat!(
            "{\"v\":2,\"ts\":\"2027-01-15T08:00:00Z\",\"event\":\"done\"}\n",
            "\n",
            "not json\n",
            "{\"v\":1,\"ts\":\"2027-01-15T08:01:00Z\",\"event\":\"levitated\"}\n",
            "{\"v\":1,\"ts\":\"2027-01-15T08:02:00Z\",\"event\":\"done\",\"exercise\":\"chin-tuck\",\"sitting_s\":60}\n",
            "{\"v\":1,\"ts\":\"2027-01-15T08:03:00Z\",\"event\":\"levitated\"}\n",
            "{\"v\":1,\"ts\":\"yesterday\",\"event\":\"opened\",\"exercise\":\"chin-tuck\"}\n",
        );
        fs::write(&path, text).unwrap();
        let history = read(&path).unwrap();
        let shown: Vec<String> = history.problems.iter().map(ToString::to_string).collect();
        let p = path.display();
        assert_eq!(
            shown,
            [
                format!(
                    "{p}:1:1: history format v2 is not known to this unknot (v1); the line is \
                     kept and left out"
                ),
                format!("{p}:3:2: expected ident at line 1 column 2"),
                format!(
                    "{p}:4:1: unknown event \"levitated\" (from a newer unknot?); lines like it \
                     are kept and left out"
                ),
                format!("{p}:7:13: unreadable time \"yesterday\""),
            ]
        );
        assert_eq!(history.records.len(), 1);
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            text,
            "nothing is changed"
        );
    }

    #[test]
    fn a_log_deleted_while_running_is_started_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let mut log = HistoryLog::open(&path).unwrap();
        log.append(&done(1_800_000_000)).unwrap();
        fs::remove_file(&path).unwrap();
        log.append(&done(1_800_000_060)).unwrap();
        let history = read(&path).unwrap();
        assert_eq!(history.records, [done(1_800_000_060)]);
    }

    #[test]
    fn a_missing_log_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let history = read(&dir.path().join("none.jsonl")).unwrap();
        assert!(history.records.is_empty() && history.problems.is_empty());
    }
}
