//! Every history log under the data folder, read as a whole and line by line: the own
//! `history.jsonl` of earlier builds and the per-machine `history/<machine>.jsonl` alike (any
//! `*.jsonl` below `$XDG_DATA_HOME/unknot`), so a test keeps working wherever the log lives.
//! Unlike [`super::history::History`], which follows the log as the app writes it, this keeps
//! the lines that do not read (torn by a kill or a power cut) instead of failing on them.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// One line of one log.
#[derive(Debug, Clone)]
pub struct Line {
    pub path: PathBuf,
    /// 1-based, as `PATH:LINE:COL` messages count.
    pub number: usize,
    pub text: String,
    /// The line as JSON, or why it is not a history record.
    pub parsed: Result<Value, String>,
}

impl Line {
    /// `PATH:LINE`, for messages.
    pub fn place(&self) -> String {
        format!("{}:{}", self.path.display(), self.number)
    }
}

/// Every log file found, and their lines in file order.
#[derive(Debug, Default)]
pub struct Logs {
    pub files: Vec<PathBuf>,
    pub lines: Vec<Line>,
}

impl Logs {
    /// The lines that read as history records.
    pub fn records(&self) -> impl Iterator<Item = (&Line, &Value)> {
        self.lines
            .iter()
            .filter_map(|l| l.parsed.as_ref().ok().map(|v| (l, v)))
    }

    /// The lines that do not.
    pub fn unreadable(&self) -> impl Iterator<Item = &Line> {
        self.lines.iter().filter(|l| l.parsed.is_err())
    }
}

/// The folder the logs are in, for a session whose `XDG_DATA_HOME` is `data_home`.
pub fn folder(data_home: &Path) -> PathBuf {
    data_home.join("unknot")
}

/// Reads every `*.jsonl` under `$XDG_DATA_HOME/unknot`, files in path order. Blank lines are
/// skipped; a last line without its newline is kept (it is what a cut-short write leaves).
pub fn read_all(data_home: &Path) -> Logs {
    let mut files = Vec::new();
    collect(&folder(data_home), &mut files);
    files.sort();
    let mut lines = Vec::new();
    for path in &files {
        let bytes =
            std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
            if raw.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = String::from_utf8_lossy(raw).into_owned();
            lines.push(Line {
                path: path.clone(),
                number: index + 1,
                parsed: parse(&text),
                text,
            });
        }
    }
    Logs { files, lines }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "jsonl") {
            out.push(path);
        }
    }
}

/// A history record: a JSON object with a numeric `v`, an RFC 3339 `ts` and an `event` name.
fn parse(text: &str) -> Result<Value, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    if !value["v"].is_u64() {
        return Err(format!("no numeric \"v\": {text}"));
    }
    let ts = value["ts"].as_str().ok_or("no string \"ts\"")?;
    ts.parse::<jiff::Timestamp>()
        .map_err(|e| format!("\"ts\" {ts:?} is not RFC 3339: {e}"))?;
    if !value["event"].is_string() {
        return Err(format!("no string \"event\": {text}"));
    }
    Ok(value)
}
