//! The history folder: one log per computer, so a data folder synced between computers
//! (Syncthing, Nextcloud) never has two of them appending to one file. Each computer writes
//! only its own `<machine>.jsonl`; readers take every log in the folder.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::core::{Event, Record};
use crate::paths::Paths;

use super::log::private_dir;
use super::read::{read_each, Problems};
use super::tail::{read_recent, records_since, Recent};
use super::{HistoryError, HistoryLog};
use crate::diagnostic::Diagnostic;

/// One computer's records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineLog {
    /// The log's name in the folder (its file name without `.jsonl`).
    pub machine: String,
    /// The computer's name, from its latest `started` record.
    pub host: Option<String>,
    /// Its file (the first, when a sync tool left conflict copies beside it).
    pub path: PathBuf,
    /// In the order written; merged by time when the computer's records are in several files.
    pub records: Vec<Record>,
}

#[derive(Debug, Default)]
pub struct Logs {
    /// This computer's log first, then the others by name.
    pub machines: Vec<MachineLog>,
    pub problems: Vec<Diagnostic>,
}

impl Logs {
    /// Every record of every computer, oldest first, with the computer it came from.
    pub fn merged(&self) -> Vec<(&MachineLog, &Record)> {
        let mut all: Vec<_> = self
            .machines
            .iter()
            .flat_map(|log| log.records.iter().map(move |record| (log, record)))
            .collect();
        all.sort_by_key(|(_, record)| record.at);
        all
    }
}

/// Opens this computer's log for appending, first moving unknot 0.1's `history.jsonl` into
/// the folder as this computer's log if there is none yet. When it cannot be moved (or both
/// exist) it stays where it is and is read beside the folder, so nothing is lost.
pub fn open_own(paths: &Paths) -> Result<HistoryLog, HistoryError> {
    if paths.legacy_history.is_file() && !paths.history_file.exists() {
        let moved = private_dir(&paths.history_dir)
            .and_then(|()| fs::rename(&paths.legacy_history, &paths.history_file));
        match moved {
            Ok(()) => log::info!(
                "{} moved to {}",
                paths.legacy_history.display(),
                paths.history_file.display()
            ),
            Err(e) => log::warn!(
                "{}: cannot move it into {} ({e}); it is read where it is",
                paths.legacy_history.display(),
                paths.history_dir.display()
            ),
        }
    }
    HistoryLog::open(&paths.history_file)
}

/// Every log file: each `*.jsonl` in the folder (hidden ones are some program's temporary
/// files), and 0.1's `history.jsonl` while it is still there.
pub fn log_files(paths: &Paths) -> io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    match fs::read_dir(&paths.history_dir) {
        Ok(entries) => {
            for entry in entries {
                let path = entry?.path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.ends_with(".jsonl") && !name.starts_with('.') && path.is_file() {
                    files.push(path);
                }
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    files.sort();
    if paths.legacy_history.is_file() {
        files.push(paths.legacy_history.clone());
    }
    Ok(files)
}

/// Which computer a file belongs to. A sync tool's conflict copy
/// (`<machine>.sync-conflict-….jsonl`, `<machine> (conflicted copy …).jsonl`) belongs with
/// its original, and 0.1's log with this computer, which wrote it.
fn machine_of(path: &Path, paths: &Paths) -> String {
    let file = if path == paths.legacy_history {
        &paths.history_file
    } else {
        path
    };
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name.strip_suffix(".jsonl").unwrap_or(name);
    stem.split(['.', ' ']).next().unwrap_or(stem).to_owned()
}

/// Reads every computer's log.
pub fn read_folder(paths: &Paths) -> io::Result<Logs> {
    read_logs(paths, None)
}

/// Reads the end of every computer's log: the records from `since` on, read from the end of
/// each file back to the first older one, so weeks of statistics cost the same after years of
/// use as after a month.
pub fn read_folder_since(paths: &Paths, since: SystemTime) -> io::Result<Logs> {
    read_logs(paths, Some(since))
}

fn read_logs(paths: &Paths, since: Option<SystemTime>) -> io::Result<Logs> {
    let own = machine_of(&paths.history_file, paths);
    let mut problems = Problems::default();
    let mut machines: BTreeMap<String, MachineLog> = BTreeMap::new();
    for path in log_files(paths)? {
        let machine = machine_of(&path, paths);
        let log = machines
            .entry(machine.clone())
            .or_insert_with(|| MachineLog {
                machine,
                host: None,
                path: path.clone(),
                records: Vec::new(),
            });
        let merging = !log.records.is_empty();
        match since {
            None => read_each(&path, &mut problems, |record| log.records.push(record))?,
            Some(since) => {
                let end = records_since(&path, since)?;
                log.records.extend(end.records);
                for (line, unread) in end.problems {
                    problems.add(&path, line, unread);
                }
            }
        }
        if merging {
            // A conflict copy repeats what its original holds: each record once, by time.
            log.records.sort_by_key(|record| record.at);
            log.records.dedup();
        }
    }
    let mut machines: Vec<MachineLog> = machines.into_values().collect();
    for log in &mut machines {
        log.host = log
            .records
            .iter()
            .rev()
            .find_map(|record| match &record.event {
                Event::Started { host } if !host.is_empty() => Some(host.clone()),
                _ => None,
            });
    }
    machines.sort_by_key(|log| log.machine != own);
    Ok(Logs {
        machines,
        problems: problems.list,
    })
}

/// [`read_recent`] over every log: the latest time each exercise was suggested or done on any
/// computer, so the rotation carries on across them.
pub fn recent(paths: &Paths, wanted: &[String], span: Duration) -> io::Result<Recent> {
    let mut newest: BTreeMap<String, SystemTime> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in log_files(paths)? {
        let one = read_recent(&path, wanted, span)?;
        for (id, at) in one.seen {
            let entry = newest.entry(id).or_insert(at);
            *entry = (*entry).max(at);
        }
        problems.extend(one.problems);
    }
    let mut seen: Vec<(String, SystemTime)> = newest.into_iter().collect();
    seen.sort_by_key(|(_, at)| *at);
    Ok(Recent { seen, problems })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(secs: u64, event: Event) -> Record {
        Record {
            at: SystemTime::UNIX_EPOCH + Duration::from_secs(secs),
            event,
        }
    }

    fn done(secs: u64) -> Record {
        record(
            secs,
            Event::Done {
                exercise: "chin-tuck".into(),
                sitting: Duration::from_secs(600),
                routine: Vec::new(),
            },
        )
    }

    fn write(path: &Path, records: &[Record]) {
        let mut log = HistoryLog::open(path).expect("opens");
        for r in records {
            log.append(r).expect("appends");
        }
    }

    #[test]
    fn the_old_log_becomes_this_computers_log_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = Paths::under(dir.path(), "aaaa");
        write(&paths.legacy_history, &[done(1_800_000_000)]);
        let old = fs::read(&paths.legacy_history).expect("reads");
        let mut log = open_own(&paths).expect("opens");
        log.append(&done(1_800_000_060)).expect("appends");
        assert!(!paths.legacy_history.exists());
        let now = fs::read(&paths.history_file).expect("reads");
        assert!(now.starts_with(&old), "carried over byte for byte");
        let logs = read_folder(&paths).expect("reads");
        assert_eq!(logs.machines.len(), 1);
        assert_eq!(
            logs.machines[0].records,
            [done(1_800_000_000), done(1_800_000_060)]
        );
    }

    #[test]
    fn an_old_log_beside_an_existing_one_is_read_not_moved() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = Paths::under(dir.path(), "aaaa");
        write(&paths.history_file, &[done(1_800_000_000)]);
        write(&paths.legacy_history, &[done(1_800_000_030)]);
        drop(open_own(&paths).expect("opens"));
        assert!(paths.legacy_history.exists());
        let logs = read_folder(&paths).expect("reads");
        assert_eq!(
            logs.machines[0].records,
            [done(1_800_000_000), done(1_800_000_030)]
        );
    }

    #[test]
    fn every_computer_is_read_this_one_first_conflict_copies_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = Paths::under(dir.path(), "bbbb");
        let desk = [
            record(
                1_800_000_000,
                Event::Started {
                    host: "desk".into(),
                },
            ),
            done(1_800_000_100),
        ];
        write(&paths.history_dir.join("aaaa.jsonl"), &desk);
        // Syncthing's copy when both sides changed: the same start, then one record more.
        let copy = paths
            .history_dir
            .join("aaaa.sync-conflict-20261201-101010-ABCDEFG.jsonl");
        write(&copy, &[desk[0].clone(), done(1_800_000_050)]);
        write(&paths.history_file, &[done(1_800_000_020)]);
        fs::write(paths.history_dir.join(".aaaa.jsonl.1.0.tmp"), "half").expect("writes");

        let logs = read_folder(&paths).expect("reads");
        assert_eq!(logs.problems, []);
        let names: Vec<&str> = logs.machines.iter().map(|m| m.machine.as_str()).collect();
        assert_eq!(names, ["bbbb", "aaaa"]);
        assert_eq!(logs.machines[1].host.as_deref(), Some("desk"));
        assert_eq!(
            logs.machines[1].records,
            [desk[0].clone(), done(1_800_000_050), done(1_800_000_100)]
        );
        let merged: Vec<u64> = logs
            .merged()
            .iter()
            .map(|(_, r)| {
                r.at.duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap()
                    .as_secs()
            })
            .collect();
        assert_eq!(
            merged,
            [1_800_000_000, 1_800_000_020, 1_800_000_050, 1_800_000_100]
        );
    }
}
