//! The one way unknot replaces a file: written beside its final name, synced, renamed over it,
//! and the folder synced, so a reader or a power cut sees the old file or the new one, never
//! half of one.

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
}
