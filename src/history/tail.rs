//! Reading only the recent end of the log, newest first, for what start-up needs: when each
//! exercise was last suggested or done. Years of history cost neither memory nor start-up time.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::Path;
use std::time::{Duration, SystemTime};

use crate::core::{Event, Record};

use super::record::{decode, Unread};
use crate::diagnostic::Diagnostic;

/// Read backwards this much at a time.
const BLOCK: usize = 64 * 1024;
/// A longer line is hand-made or corrupt, never ours: reported, not parsed.
const LONGEST_LINE: usize = 64 * 1024;

/// What the rotation needs from the log.
#[derive(Debug, Default)]
pub struct Recent {
    /// The last time each exercise was suggested or done, oldest first.
    pub seen: Vec<(String, SystemTime)>,
    /// The lines in the part read that could not be read.
    pub problems: Vec<Diagnostic>,
}

/// Reads the log from its end until every exercise in `wanted` has been placed or `span`
/// before the newest line is reached. A missing file is an empty history.
pub fn read_recent(path: &Path, wanted: &[String], span: Duration) -> io::Result<Recent> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Recent::default()),
        Err(e) => return Err(e),
    };
    let mut missing: HashSet<&str> = wanted.iter().map(String::as_str).collect();
    // id → (when, where in the file), the newest of each.
    let mut last: HashMap<String, (SystemTime, u64)> = HashMap::new();
    let mut cutoff: Option<SystemTime> = None;
    let problems = records_backwards(&mut file, |offset, record| {
        let at = record.at;
        // The span counts back from the newest line, not from now: after months away the
        // rotation still carries on from the last weeks of use.
        let cutoff = *cutoff.get_or_insert_with(|| at.checked_sub(span).unwrap_or(at));
        if at < cutoff {
            return ControlFlow::Break(());
        }
        if let Some(id) = rotation_entry(record) {
            missing.remove(id.as_str());
            let entry = last.entry(id).or_insert((at, offset));
            if at > entry.0 {
                *entry = (at, offset);
            }
        }
        if missing.is_empty() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })?;
    let mut seen: Vec<(String, (SystemTime, u64))> = last.into_iter().collect();
    seen.sort_by_key(|(_, when)| *when);
    Ok(Recent {
        seen: seen.into_iter().map(|(id, (at, _))| (id, at)).collect(),
        problems: line_numbers(&mut file, problems)?
            .into_iter()
            .map(|(line, unread)| Diagnostic {
                path: path.to_owned(),
                line,
                column: unread.column(),
                message: unread.message(),
            })
            .collect(),
    })
}

/// The end of a log: the records dated `since` or later, oldest first, and the lines among
/// them that could not be read, with their line numbers.
#[derive(Debug, Default)]
pub struct Since {
    pub records: Vec<Record>,
    pub problems: Vec<(usize, Unread)>,
}

/// Reads from the end back to the first line older than `since`: today's stretches, or the
/// weeks a statistics page shows, without reading years of history. A missing file has none.
pub fn records_since(path: &Path, since: SystemTime) -> io::Result<Since> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Since::default()),
        Err(e) => return Err(e),
    };
    let mut records = Vec::new();
    let problems = records_backwards(&mut file, |_, record| {
        if record.at < since {
            return ControlFlow::Break(());
        }
        records.push(record);
        ControlFlow::Continue(())
    })?;
    records.reverse();
    Ok(Since {
        records,
        problems: line_numbers(&mut file, problems)?,
    })
}

/// [`lines_backwards`], each line read as a record: `visit` gets those that read, with their
/// offsets; the lines that do not are returned, with theirs.
fn records_backwards(
    file: &mut File,
    mut visit: impl FnMut(u64, Record) -> ControlFlow<()>,
) -> io::Result<Vec<(u64, Unread)>> {
    let mut problems = Vec::new();
    lines_backwards(file, |offset, raw| {
        let Some(raw) = raw else {
            let message = format!("a line over {} KiB; not read", LONGEST_LINE / 1024);
            problems.push((offset, Unread::Bad { column: 1, message }));
            return ControlFlow::Continue(());
        };
        if raw.iter().all(u8::is_ascii_whitespace) {
            return ControlFlow::Continue(());
        }
        match decode(raw) {
            Ok(record) => visit(offset, record),
            Err(unread) => {
                problems.push((offset, unread));
                ControlFlow::Continue(())
            }
        }
    })?;
    Ok(problems)
}

/// The exercise a `reminded` or `done` line names: what the rotation replays.
fn rotation_entry(record: Record) -> Option<String> {
    match record.event {
        Event::Reminded { exercise, .. } | Event::Done { exercise, .. } => Some(exercise),
        _ => None,
    }
}

/// Calls `visit` with each line (without its newline, `None` if too long to read) and the byte
/// offset it starts at, the last line first, until it breaks. Memory stays within a block and
/// a line.
fn lines_backwards(
    file: &mut File,
    mut visit: impl FnMut(u64, Option<&[u8]>) -> ControlFlow<()>,
) -> io::Result<()> {
    let mut pos = file.seek(SeekFrom::End(0))?;
    let mut block = vec![0u8; BLOCK];
    // The end of the line being put together, which started in an earlier block.
    let mut carry: Vec<u8> = Vec::new();
    let mut too_long = false;
    let mut line = Vec::new();
    while pos > 0 {
        let start = pos.saturating_sub(BLOCK as u64);
        let block = &mut block[..usize::try_from(pos - start).unwrap_or(BLOCK)];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(block)?;
        let mut end = block.len();
        while let Some(newline) = block[..end].iter().rposition(|&b| b == b'\n') {
            let piece = &block[newline + 1..end];
            let offset = start + newline as u64 + 1;
            let flow = if too_long || piece.len() + carry.len() > LONGEST_LINE {
                visit(offset, None)
            } else if carry.is_empty() {
                visit(offset, Some(piece))
            } else {
                line.clear();
                line.extend_from_slice(piece);
                line.extend_from_slice(&carry);
                visit(offset, Some(&line))
            };
            if flow.is_break() {
                return Ok(());
            }
            carry.clear();
            too_long = false;
            end = newline;
        }
        if too_long || end + carry.len() > LONGEST_LINE {
            too_long = true;
            carry.clear();
        } else {
            carry.splice(0..0, block[..end].iter().copied());
        }
        pos = start;
    }
    if too_long {
        let _ = visit(0, None);
    } else {
        let _ = visit(0, Some(&carry));
    }
    Ok(())
}

/// Turns byte offsets into line numbers. Reading backwards, a line's number is not known;
/// counting the newlines before it is one more pass over the file, paid only when a line
/// is bad, and done in blocks so memory stays flat.
fn line_numbers<T>(file: &mut File, mut problems: Vec<(u64, T)>) -> io::Result<Vec<(usize, T)>> {
    if problems.is_empty() {
        return Ok(Vec::new());
    }
    problems.sort_by_key(|(offset, _)| *offset);
    file.seek(SeekFrom::Start(0))?;
    let mut block = vec![0u8; BLOCK];
    let (mut pos, mut newlines) = (0u64, 0usize);
    let mut located = Vec::with_capacity(problems.len());
    for (offset, problem) in problems {
        while pos < offset {
            let want = usize::try_from(offset - pos).unwrap_or(BLOCK).min(BLOCK);
            let got = file.read(&mut block[..want])?;
            if got == 0 {
                break;
            }
            newlines += block[..got].iter().filter(|&&b| b == b'\n').count();
            pos += got as u64;
        }
        located.push((newlines + 1, problem));
    }
    Ok(located)
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;
    use std::fs;

    use super::*;
    use crate::clock;
    use crate::core::Rotation;
    use crate::exercise::Library;
    use crate::history::read;

    const DAY: u64 = 24 * 60 * 60;
    const START: u64 = 1_650_000_000;

    /// A long log as a user makes it: workdays of reminders answered in every way, breaks,
    /// pauses, now and then a snooze. Chronological, as the app writes it.
    fn generated_log(events: usize, ids: &[String]) -> String {
        let mut seed: u64 = 7;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let mut text = String::new();
        let mut line = |at: u64, event: &str, exercise: Option<&str>| {
            let ts = clock::rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(at));
            let _ = write!(text, r#"{{"v":1,"ts":"{ts}","event":"{event}""#);
            if let Some(id) = exercise {
                let _ = write!(text, r#","exercise":"{id}""#);
            }
            text.push_str(match event {
                "reminded" => r#","sitting_s":2700,"raised":1,"manual":false}"#,
                "done" | "skipped" => r#","sitting_s":2700}"#,
                "snoozed" => r#","snoozes":1,"until":"2030-01-01T00:00:00Z"}"#,
                "natural_break" => r#","sitting_s":2700,"away_s":300,"cause":"idle"}"#,
                "returned" => r#","away_s":600}"#,
                "resumed" => r#","paused_s":600,"manual":true}"#,
                _ => "}",
            });
            text.push('\n');
        };
        let (mut written, mut at) = (0, START);
        while written < events {
            at += 45 * 60 + next(20 * 60);
            if (at / 3600) % 24 > 17 {
                at += 15 * 3600;
            }
            let id = ids[next(ids.len() as u64) as usize].as_str();
            line(at, "reminded", Some(id));
            written += 1;
            let (event, exercise) = match next(20) {
                0..=11 => ("done", Some(id)),
                12..=14 => ("skipped", Some(id)),
                15..=16 => ("snoozed", Some(id)),
                17 => ("opened", Some(id)),
                18 => ("natural_break", None),
                _ => ("paused", None),
            };
            line(at + 30 + next(60), event, exercise);
            let follow = match event {
                "natural_break" => Some("returned"),
                "paused" => Some("resumed"),
                _ => None,
            };
            if let Some(follow) = follow {
                line(at + 600, follow, None);
                written += 1;
            }
            written += 1;
        }
        text
    }

    /// What start-up did before: every `reminded` and `done` of the whole file, in order.
    fn whole_file_replay(path: &Path) -> Vec<(String, SystemTime)> {
        read(path)
            .unwrap()
            .records
            .into_iter()
            .filter_map(|r| Some((r.at, rotation_entry(r)?)))
            .map(|(at, id)| (id, at))
            .collect()
    }

    fn next_picks(replay: &[(String, SystemTime)], library: &Library) -> Vec<String> {
        let mut rotation = Rotation::new(library.iter().map(|e| e.meta()).collect());
        for (id, at) in replay {
            rotation.remember(id, *at);
        }
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(START + 6 * 365 * DAY);
        (0..40u64)
            .map(|i| rotation.pick(now + Duration::from_secs(i * 2700)).unwrap())
            .collect()
    }

    fn ids(library: &Library) -> Vec<String> {
        library.iter().map(|e| e.id.clone()).collect()
    }

    #[test]
    fn the_tail_gives_the_rotation_what_the_whole_log_gives() {
        let library = Library::builtin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        fs::write(&path, generated_log(100_000, &ids(&library))).unwrap();
        let span = Duration::from_secs(28 * DAY);

        let whole = whole_file_replay(&path);
        let recent = read_recent(&path, &ids(&library), span).unwrap();
        assert_eq!(recent.problems, []);
        assert_eq!(recent.seen.len(), library.iter().count());
        // The same last time for every exercise...
        let mut newest: HashMap<&str, SystemTime> = HashMap::new();
        for (id, at) in &whole {
            newest.insert(id, *at);
        }
        for (id, at) in &recent.seen {
            assert_eq!(newest.get(id.as_str()), Some(at), "{id}");
        }
        // ...and the same suggestions from there on.
        assert_eq!(
            next_picks(&recent.seen, &library),
            next_picks(&whole, &library)
        );
    }

    #[test]
    fn an_exercise_never_done_stops_the_read_at_the_span() {
        let library = Library::builtin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let mut text = String::from("not json, long ago\n");
        text.push_str(&generated_log(20_000, &ids(&library)));
        fs::write(&path, text).unwrap();
        let mut wanted = ids(&library);
        wanted.push("new-exercise".into());
        let span = Duration::from_secs(28 * DAY);

        let recent = read_recent(&path, &wanted, span).unwrap();
        assert_eq!(recent.problems, [], "the bad first line is past the span");
        let newest = recent.seen.iter().map(|(_, at)| *at).max().unwrap();
        let oldest = recent.seen.iter().map(|(_, at)| *at).min().unwrap();
        assert!(newest.duration_since(oldest).unwrap() <= span);
    }

    #[test]
    fn bad_lines_in_the_tail_are_reported_with_their_line_numbers() {
        let library = Library::builtin();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let log = generated_log(3_000, &ids(&library));
        let lines: Vec<&str> = log.lines().collect();
        let mut text = String::new();
        let mut bad = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            text.push_str(line);
            text.push('\n');
            let inserted = match lines.len() - i {
                40 => "{\"v\":2,\"ts\":\"2027-01-15T08:00:00Z\",\"event\":\"done\"}".to_string(),
                // Longer than a block: read across block boundaries and not parsed.
                20 => "x".repeat(3 * BLOCK),
                _ => continue,
            };
            text.push_str(&inserted);
            text.push('\n');
            bad.push(text.matches('\n').count());
        }
        // A record torn by a full disk at the very end.
        text.push_str(r#"{"v":1,"ts":"2026-12-"#);
        bad.push(text.matches('\n').count() + 1);
        fs::write(&path, &text).unwrap();

        let recent = read_recent(&path, &ids(&library), Duration::from_secs(28 * DAY)).unwrap();
        let shown: Vec<String> = recent.problems.iter().map(ToString::to_string).collect();
        let p = path.display();
        assert_eq!(
            shown,
            [
                format!(
                    "{p}:{}:1: history format v2 is not known to this unknot (v1); the line \
                     is kept and left out",
                    bad[0]
                ),
                format!("{p}:{}:1: a line over 64 KiB; not read", bad[1]),
                format!(
                    "{p}:{}:21: EOF while parsing a string at line 1 column 21",
                    bad[2]
                ),
            ]
        );
        // The whole-file reader agrees on where they are.
        let whole: Vec<usize> = read(&path)
            .unwrap()
            .problems
            .iter()
            .map(|e| e.line)
            .collect();
        assert_eq!(whole, bad);
    }

    #[test]
    fn a_missing_or_empty_log_is_an_empty_history() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let wanted = ["chin-tuck".to_string()];
        let span = Duration::from_secs(DAY);
        assert!(read_recent(&path, &wanted, span).unwrap().seen.is_empty());
        fs::write(&path, "").unwrap();
        let recent = read_recent(&path, &wanted, span).unwrap();
        assert!(recent.seen.is_empty() && recent.problems.is_empty());
    }
}
