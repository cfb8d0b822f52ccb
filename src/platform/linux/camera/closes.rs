//! Waiting for a camera to be closed: inotify's close events on the device files, read on the
//! loop's thread (no thread of its own, nothing wakes until a device is closed).

use std::io;
use std::mem::MaybeUninit;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};

use rustix::fs::inotify::{self, CreateFlags, ReadFlags, WatchFlags};
use rustix::io::Errno;
use tokio::io::unix::AsyncFd;
use tokio::io::Interest;

use crate::platform::linux::fd::watched;

/// Closes of the watched device files, by anyone. The watches end with it.
pub struct Closes {
    fd: AsyncFd<OwnedFd>,
    /// Each watch and the device it is on, until inotify ends it (the device went away).
    watched: Vec<(i32, PathBuf)>,
    /// Devices inotify refused to watch (not readable by this user, say): not tried again.
    refused: Vec<PathBuf>,
}

impl Closes {
    pub fn new() -> io::Result<Closes> {
        let fd = inotify::init(CreateFlags::CLOEXEC | CreateFlags::NONBLOCK)?;
        Ok(Closes {
            fd: watched(fd, Interest::READABLE)?,
            watched: Vec::new(),
            refused: Vec::new(),
        })
    }

    /// Watches `device` for closes, and for going away (a camera unplugged). Watching one
    /// twice is harmless; one refused is said once and not tried again.
    pub fn watch(&mut self, device: &Path) -> io::Result<()> {
        if self.is_watching(device) || self.refused.iter().any(|r| r == device) {
            return Ok(());
        }
        let flags = WatchFlags::CLOSE_WRITE | WatchFlags::CLOSE_NOWRITE | WatchFlags::DELETE_SELF;
        match inotify::add_watch(self.fd.get_ref(), device, flags) {
            Ok(wd) => {
                self.watched.push((wd, device.to_owned()));
                Ok(())
            }
            Err(e) => {
                self.refused.push(device.to_owned());
                Err(e.into())
            }
        }
    }

    pub fn is_watching(&self, device: &Path) -> bool {
        self.watched.iter().any(|(_, w)| w == device)
    }

    /// Resolves once one of the watched devices was closed (or removed) by anyone, having
    /// read every event queued so far: a burst of closes is one wake-up.
    pub async fn closed(&mut self) -> io::Result<()> {
        let mut buf = [MaybeUninit::<u8>::uninit(); 1024];
        loop {
            let mut ready = self.fd.readable().await?;
            let mut reader = inotify::Reader::new(ready.get_inner(), &mut buf);
            let mut any = false;
            loop {
                match reader.next() {
                    Ok(event) => {
                        log::trace!("camera device event {:?}", event.events());
                        if event.events().contains(ReadFlags::IGNORED) {
                            let wd = event.wd();
                            self.watched.retain(|(w, _)| *w != wd);
                        }
                        any = true;
                    }
                    Err(Errno::AGAIN) => {
                        ready.clear_ready();
                        break;
                    }
                    Err(Errno::INTR) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            if any {
                return Ok(());
            }
        }
    }
}
