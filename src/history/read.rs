//! Reading the log back.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::record::{Line, VERSION};

/// A line that could not be read, located as `PATH:LINE:COL`. It stays in the file untouched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}:{column}: {message}", path.display())]
pub struct LineError {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct History {
    pub lines: Vec<Line>,
    pub problems: Vec<LineError>,
}

/// Reads every line that can be read. A missing file is an empty history.
pub fn read(path: &Path) -> io::Result<History> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(History::default()),
        Err(e) => return Err(e),
    };
    let mut history = History::default();
    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match check(raw) {
            Ok(line) => history.lines.push(line),
            Err((column, message)) => history.problems.push(LineError {
                path: path.to_owned(),
                line: index + 1,
                column,
                message,
            }),
        }
    }
    Ok(history)
}

/// One line, parsed and checked; a problem as (column, message).
pub(super) fn check(raw: &[u8]) -> Result<Line, (usize, String)> {
    match serde_json::from_slice::<Line>(raw) {
        Ok(line) if line.v != VERSION => Err((
            1,
            format!(
                "history format v{} is not known to this unknot (v{VERSION})",
                line.v
            ),
        )),
        Ok(line) if line.at().is_none() => Err((1, format!("unreadable time {:?}", line.ts))),
        Ok(line) => Ok(line),
        Err(e) => Err((e.column().max(1), e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;
    use crate::core::{Event, Record};
    use crate::history::HistoryLog;

    fn done(at_secs: u64) -> Record {
        Record {
            at: SystemTime::UNIX_EPOCH + Duration::from_secs(at_secs),
            event: Event::Done {
                exercise: "chin-tuck".into(),
                sitting: Duration::from_secs(2700),
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
        assert_eq!(history.lines.len(), 2);
        let line = &history.lines[1];
        assert_eq!(
            (
                line.event.as_str(),
                line.exercise.as_deref(),
                line.sitting_s
            ),
            ("done", Some("chin-tuck"), Some(2700))
        );
        assert_eq!(
            line.at(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_060))
        );
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
        assert_eq!(history.lines.len(), 2);
        assert_eq!(history.problems.len(), 1);
        let problem = history.problems[0].to_string();
        let expected = format!(
            "{}:2:46: EOF while parsing a string at line 1 column 46",
            path.display()
        );
        assert_eq!(problem, expected);
    }

    #[test]
    fn unknown_versions_and_garbage_are_reported_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        fs::write(
            &path,
            "{\"v\":2,\"ts\":\"2027-01-15T08:00:00Z\",\"event\":\"done\"}\n\nnot json\n",
        )
        .unwrap();
        let history = read(&path).unwrap();
        let shown: Vec<String> = history.problems.iter().map(ToString::to_string).collect();
        let p = path.display();
        assert_eq!(
            shown,
            [
                format!("{p}:1:1: history format v2 is not known to this unknot (v1)"),
                format!("{p}:3:2: expected ident at line 1 column 2"),
            ]
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
        assert_eq!(history.lines.len(), 1);
        assert_eq!(
            history.lines[0].at(),
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_060))
        );
    }

    #[test]
    fn a_missing_log_is_empty() {
        let dir = tempfile::tempdir().unwrap();
        let history = read(&dir.path().join("none.jsonl")).unwrap();
        assert!(history.lines.is_empty() && history.problems.is_empty());
    }
}
