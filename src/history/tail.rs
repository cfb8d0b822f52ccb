//! Reading only the recent end of the log, newest first, for what start-up needs: when each
//! exercise was last suggested or done. Years of history cost neither memory nor start-up time.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::ops::ControlFlow;
use std::path::Path;
use std::time::{Duration, SystemTime};

use super::read::{check, LineError};
use super::record::Line;

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
    pub problems: Vec<LineError>,
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
    let mut problems = Vec::new();
    let mut cutoff: Option<SystemTime> = None;
    lines_backwards(&mut file, |offset, raw| {
        let Some(raw) = raw else {
            let message = format!("a line over {} KiB; not read", LONGEST_LINE / 1024);
            problems.push((offset, 1, message));
            return ControlFlow::Continue(());
        };
        if raw.iter().all(u8::is_ascii_whitespace) {
            return ControlFlow::Continue(());
        }
        let line = match check(raw) {
            Ok(line) => line,
            Err((column, message)) => {
                problems.push((offset, column, message));
                return ControlFlow::Continue(());
            }
        };
        let Some(at) = line.at() else {
            return ControlFlow::Continue(());
        };
        // The span counts back from the newest line, not from now: after months away the
        // rotation still carries on from the last weeks of use.
        let cutoff = *cutoff.get_or_insert_with(|| at.checked_sub(span).unwrap_or(at));
        if at < cutoff {
            return ControlFlow::Break(());
        }
        if let Some(id) = rotation_entry(line) {
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
        problems: locate(&mut file, path, problems)?,
    })
}

/// The exercise a `reminded` or `done` line names: what the rotation replays.
fn rotation_entry(line: Line) -> Option<String> {
    matches!(line.event.as_str(), "reminded" | "done")
        .then_some(line.exercise)
        .flatten()
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
fn locate(
    file: &mut File,
    path: &Path,
    mut problems: Vec<(u64, usize, String)>,
) -> io::Result<Vec<LineError>> {
    if problems.is_empty() {
        return Ok(Vec::new());
    }
    problems.sort_by_key(|(offset, ..)| *offset);
    file.seek(SeekFrom::Start(0))?;
    let mut block = vec![0u8; BLOCK];
    let (mut pos, mut newlines) = (0u64, 0usize);
    let mut located = Vec::with_capacity(problems.len());
    for (offset, column, message) in problems {
        while pos < offset {
            let want = usize::try_from(offset - pos).unwrap_or(BLOCK).min(BLOCK);
            let got = file.read(&mut block[..want])?;
            if got == 0 {
                break;
            }
            newlines += block[..got].iter().filter(|&&b| b == b'\n').count();
            pos += got as u64;
        }
        located.push(LineError {
            path: path.to_owned(),
            line: newlines + 1,
            column,
            message,
        });
    }
    Ok(located)
}
