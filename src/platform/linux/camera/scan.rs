//! Who holds a camera open: the device files a glob names, and the processes in /proc that
//! have one of them among their open files. Blocking (a few thousand readlinks on a desktop),
//! so it runs on tokio's blocking pool, never on the event loop.

use std::fs;
use std::io;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};

use thiserror::Error;

#[derive(Debug, Error)]
pub enum ScanError {
    #[error("{pattern:?} is not a glob of device paths: {why}")]
    Pattern { pattern: String, why: String },
    #[error("cannot list the processes in /proc: {0}")]
    Proc(#[source] io::Error),
}

/// A device file the glob matched, by the name the kernel gives it in /proc/PID/fd (links
/// such as /dev/v4l/by-id/… resolved) and by what it is, for a process that sees it under
/// another name (a sandbox with its own /dev).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub path: PathBuf,
    identity: Identity,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Identity {
    /// A device node: its major and minor numbers, whichever node names them.
    Node(u64),
    /// Anything else (the tests' plain files): the inode.
    File { dev: u64, ino: u64 },
}

impl Identity {
    fn of(meta: &fs::Metadata) -> Identity {
        let kind = meta.file_type();
        if kind.is_char_device() || kind.is_block_device() {
            Identity::Node(meta.rdev())
        } else {
            Identity::File {
                dev: meta.dev(),
                ino: meta.ino(),
            }
        }
    }
}

/// A process with a camera open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    /// Its name from /proc/PID/comm ("?" if it went away meanwhile).
    pub program: String,
    /// The first of the devices it has open.
    pub device: PathBuf,
}

/// What one look through /proc found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scan {
    pub holders: Vec<Holder>,
    /// The processes looked at, ours and the unreadable ones included.
    pub processes: usize,
    /// Processes whose open files we may not see (another user's, unless we are root): a
    /// camera only they hold goes unseen.
    pub unreadable: usize,
}

/// The device files matching `pattern` (e.g. `/dev/video*`), each once, in path order.
/// Matches that vanish or cannot be looked at are left out (said at debug level).
pub fn devices(pattern: &str) -> Result<Vec<Device>, ScanError> {
    let paths = glob::glob(pattern).map_err(|e| ScanError::Pattern {
        pattern: pattern.to_owned(),
        why: e.to_string(),
    })?;
    let mut devices: Vec<Device> = Vec::new();
    for path in paths {
        let path = match path {
            Ok(path) => path,
            Err(e) => {
                log::debug!("camera devices: skipping {}", e);
                continue;
            }
        };
        let found = fs::canonicalize(&path).and_then(|real| {
            let meta = fs::metadata(&real)?;
            Ok(Device {
                path: real,
                identity: Identity::of(&meta),
            })
        });
        match found {
            Ok(device) if !devices.contains(&device) => devices.push(device),
            Ok(_) => {}
            Err(e) => log::debug!("camera devices: skipping {} ({e})", path.display()),
        }
    }
    devices.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(devices)
}

/// The processes other than `own_pid` that hold one of `devices` open.
pub fn holders(devices: &[Device], own_pid: u32) -> Result<Scan, ScanError> {
    let mut scan = Scan::default();
    if devices.is_empty() {
        return Ok(scan);
    }
    for entry in fs::read_dir("/proc").map_err(ScanError::Proc)? {
        let Ok(entry) = entry else { continue };
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        scan.processes += 1;
        if pid == own_pid {
            continue;
        }
        match held_by(pid, devices) {
            Ok(Some(device)) => scan.holders.push(Holder {
                pid,
                program: program(pid),
                device: device.to_owned(),
            }),
            Ok(None) => {}
            // Gone since the listing: it holds nothing any more.
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                scan.unreadable += 1;
                log::trace!("camera check: cannot read the open files of PID {pid}: {e}");
            }
        }
    }
    if scan.unreadable > 0 {
        log::debug!(
            "camera check: skipped {} of {} processes whose open files we may not read",
            scan.unreadable,
            scan.processes
        );
    }
    Ok(scan)
}

/// The first of `devices` that process `pid` has open.
fn held_by(pid: u32, devices: &[Device]) -> io::Result<Option<&Path>> {
    let fds = PathBuf::from(format!("/proc/{pid}/fd"));
    for fd in fs::read_dir(&fds)? {
        let Ok(fd) = fd else { continue };
        let fd = fd.path();
        // Closed since the listing.
        let Ok(target) = fs::read_link(&fd) else {
            continue;
        };
        if let Some(device) = devices.iter().find(|d| d.path == target) {
            return Ok(Some(&device.path));
        }
        // In another mount namespace (a Flatpak app, a container) the same device can read
        // as another path; only then is the file itself looked at.
        let Some(name) = target.file_name() else {
            continue;
        };
        let same_name = devices.iter().filter(|d| d.path.file_name() == Some(name));
        for device in same_name {
            if fs::metadata(&fd).is_ok_and(|meta| Identity::of(&meta) == device.identity) {
                return Ok(Some(&device.path));
            }
        }
    }
    Ok(None)
}

/// The name of process `pid`, as `ps` shows it.
pub fn program(pid: u32) -> String {
    fs::read_to_string(format!("/proc/{pid}/comm"))
        .map(|comm| comm.trim_end().to_owned())
        .unwrap_or_else(|_| "?".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Child, Command, Stdio};

    /// A child that holds `path` open as its stdin until killed.
    struct Holding(Child);

    impl Holding {
        fn start(path: &Path) -> Holding {
            let file = fs::File::open(path).expect("open the device file");
            let child = Command::new("sleep")
                .arg("600")
                .stdin(Stdio::from(file))
                .spawn()
                .expect("start sleep");
            Holding(child)
        }

        fn end(mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    impl Drop for Holding {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    fn fake_cameras(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in names {
            fs::write(dir.path().join(name), b"").expect("write a fake device");
        }
        dir
    }

    fn pattern(dir: &Path) -> String {
        format!("{}/video*", dir.display())
    }

    #[test]
    fn the_glob_names_only_matching_files_in_order() {
        let dir = fake_cameras(&["video1", "video0", "audio0"]);
        let found = devices(&pattern(dir.path())).expect("a valid glob");
        let names: Vec<_> = found
            .iter()
            .map(|d| d.path.file_name().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["video0", "video1"]);
        assert!(found.iter().all(|d| d.path.is_absolute()));
    }

    #[test]
    fn a_link_to_a_device_is_the_device_once() {
        let dir = fake_cameras(&["video0"]);
        std::os::unix::fs::symlink(dir.path().join("video0"), dir.path().join("video-by-id"))
            .expect("symlink");
        let found = devices(&pattern(dir.path())).expect("a valid glob");
        assert_eq!(found.len(), 1, "{found:?}");
        let real = fs::canonicalize(dir.path().join("video0")).unwrap();
        assert_eq!(found[0].path, real);
    }

    #[test]
    fn a_bad_glob_is_an_error_naming_it() {
        let error = devices("/dev/video[").unwrap_err();
        assert!(error.to_string().contains("/dev/video["), "{error}");
    }

    #[test]
    fn no_match_is_no_device() {
        let dir = fake_cameras(&[]);
        assert_eq!(devices(&pattern(dir.path())).unwrap(), []);
    }

    #[test]
    fn another_process_holding_a_device_open_is_found_with_its_name() {
        let dir = fake_cameras(&["video0", "video1"]);
        let found = devices(&pattern(dir.path())).unwrap();
        let holding = Holding::start(&dir.path().join("video1"));
        let scan = holders(&found, std::process::id()).expect("a look through /proc");
        assert_eq!(
            scan.holders,
            [Holder {
                pid: holding.0.id(),
                program: "sleep".into(),
                device: found[1].path.clone(),
            }]
        );
        assert!(scan.processes >= 2, "{scan:?}");
        holding.end();
        let scan = holders(&found, std::process::id()).unwrap();
        assert_eq!(scan.holders, [], "the holder has exited");
    }

    #[test]
    fn our_own_open_file_is_not_in_use() {
        let dir = fake_cameras(&["video0"]);
        let found = devices(&pattern(dir.path())).unwrap();
        let _ours = fs::File::open(dir.path().join("video0")).unwrap();
        let scan = holders(&found, std::process::id()).unwrap();
        assert_eq!(scan.holders, []);
        // Counted as anyone's would be, against a pid that is not ours.
        let scan = holders(&found, 0).unwrap();
        assert_eq!(
            scan.holders.iter().map(|h| h.pid).collect::<Vec<_>>(),
            [std::process::id()]
        );
    }

    #[test]
    fn a_file_of_the_same_name_elsewhere_is_not_the_device() {
        let dir = fake_cameras(&["video0"]);
        let other = fake_cameras(&["video0"]);
        let found = devices(&pattern(dir.path())).unwrap();
        let _holding = Holding::start(&other.path().join("video0"));
        let scan = holders(&found, std::process::id()).unwrap();
        assert_eq!(scan.holders, []);
    }

    #[test]
    fn a_device_node_under_another_path_is_known_by_its_numbers() {
        // As a sandbox with its own /dev would show a camera: here the glob matched a node
        // called `null` somewhere else, and the child has the real /dev/null open.
        let null = fs::metadata("/dev/null").unwrap();
        let elsewhere = Device {
            path: PathBuf::from("/nonexistent/dev/null"),
            identity: Identity::of(&null),
        };
        assert!(matches!(elsewhere.identity, Identity::Node(_)));
        let holding = Holding::start(Path::new("/dev/null"));
        let scan = holders(&[elsewhere], std::process::id()).unwrap();
        assert!(
            scan.holders.iter().any(|h| h.pid == holding.0.id()),
            "{scan:?}"
        );
    }
}
