//! Descriptors tokio watches on the app's one thread (the wall-clock timerfd, the X11 and
//! Wayland sockets), so no adapter needs a thread of its own to wait on one.

use std::io;
use std::os::fd::{BorrowedFd, OwnedFd};

use tokio::io::unix::AsyncFd;
use tokio::io::Interest;

/// Watches `fd`, which the returned AsyncFd then owns.
pub fn watched(fd: OwnedFd, interest: Interest) -> io::Result<AsyncFd<OwnedFd>> {
    // SAFETY: the OwnedFd is moved into the AsyncFd and owned by it, so the descriptor stays
    // open and the same for the AsyncFd's whole life.
    unsafe { AsyncFd::register_with_interest(fd, interest) }.map_err(io::Error::from)
}

/// Watches a duplicate of a socket that a library owns and reads itself.
pub fn watched_copy(fd: BorrowedFd<'_>, interest: Interest) -> io::Result<AsyncFd<OwnedFd>> {
    watched(fd.try_clone_to_owned()?, interest)
}
