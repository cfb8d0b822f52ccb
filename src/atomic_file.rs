//! The one way unknot writes a whole file: written beside its final name, synced, then given
//! that name and the folder synced, so a reader or a power cut sees the old file (or none) or
//! the new one, never half of one. [`replace`] puts it over whatever is there; [`create_new`]
//! refuses a name that exists (the user's config, an exercise they already have).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

/// Replaces `path` with `bytes`, created with permission bits `mode`. The temp file's name
/// starts with a dot and ends in `.tmp`, so nothing that reads the folder by extension (an
/// autostart folder, a browser) takes it for the real one meanwhile.
pub fn replace(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let temp = dir.join(temp_name(path));
    let written = write_new(&temp, bytes, mode)
        .and_then(|()| fs::rename(&temp, path))
        .and_then(|()| File::open(dir)?.sync_all());
    if written.is_err() {
        // Best effort: the temp file may not exist, and the write error is what matters.
        let _ = fs::remove_file(&temp);
    }
    written
}

/// Writes `path` with `bytes` unless it exists, which is `ErrorKind::AlreadyExists`: a file
/// that appears meanwhile (another unknot starting, an editor saving) is never overwritten.
pub fn create_new(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let temp = dir.join(temp_name(path));
    let written = write_new(&temp, bytes, mode)
        .and_then(|()| place(&temp, path))
        .and_then(|()| File::open(dir)?.sync_all());
    // After a link the temp name is a second name to remove; after a failure, a leftover.
    let _ = fs::remove_file(&temp);
    written
}

/// Gives `temp` the name `dest` unless `dest` exists. A hard link refuses an existing name
/// atomically, where a rename would replace it; file systems without links get a checked
/// rename.
fn place(temp: &Path, dest: &Path) -> io::Result<()> {
    match fs::hard_link(temp, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if dest.exists() => Err(io::ErrorKind::AlreadyExists.into()),
        Err(_) => fs::rename(temp, dest),
    }
}

/// A name no other writer uses at the same time: other threads and other unknot processes may
/// be replacing the same file.
fn temp_name(path: &Path) -> String {
    static COUNT: AtomicU64 = AtomicU64::new(0);
    let n = COUNT.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    format!(".{name}.{}.{n}.tmp", std::process::id())
}

fn write_new(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn replaces_the_file_whole_with_its_mode_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("entry.desktop");
        fs::write(&path, "old").expect("write");
        replace(&path, b"new", 0o600).expect("replace");
        assert_eq!(fs::read_to_string(&path).expect("read"), "new");
        let mode = fs::metadata(&path).expect("stat").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["entry.desktop"]);
    }

    #[test]
    fn create_new_writes_a_new_file_and_never_an_existing_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        create_new(&path, b"first", 0o644).expect("creates");
        let again = create_new(&path, b"second", 0o644).expect_err("exists");
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&path).expect("read"), "first");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["config.toml"]);
    }
}
